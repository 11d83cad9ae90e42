/*
 * The guest's address space in user mode: one reserved host range in which a
 * guest address is an offset. Everything not mapped by the guest is PROT_NONE on
 * the host, so a stray guest access faults inside the range and can never reach
 * host memory outside it. A sorted list of mappings (VMAs) records what the guest
 * asked for (its protections, including PROT_EXEC, which the host range never
 * gets), so system calls can check buffers and the decoder can check fetches.
 */
#ifndef FERRY_GUEST_SPACE_H
#define FERRY_GUEST_SPACE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUEST_PAGE_SIZE 4096ull
#define GUEST_PAGE_MASK (GUEST_PAGE_SIZE - 1)

typedef struct GuestVma {
    uint64_t start, end;     /* [start, end), page aligned */
    int prot;                /* guest PROT_* bits */
    int flags;               /* MAP_PRIVATE / MAP_SHARED / MAP_ANONYMOUS */
    char name[64];           /* "[heap]", "[stack]", a file path, or "" */
    struct GuestVma *next;
} GuestVma;

typedef struct GuestSpace {
    /* every gs_* call below holds it (recursive): guest threads map and
     * look up concurrently; code walking `vmas` itself takes it with gs_lock */
    pthread_mutex_t lock;
    uint8_t *base;           /* host address of guest address 0 */
    uint64_t size;           /* guest addresses are < size */
    uint64_t host_reserved;  /* bytes reserved on the host (size + guard) */
    GuestVma *vmas;          /* sorted by start, non-overlapping */
    uint64_t mmap_min;       /* lowest address mmap picks by itself */
    uint64_t mmap_top;       /* search for free ranges downwards from here */
    uint64_t brk_start, brk_cur, brk_mapped_end;
    /* called after a range's contents may have changed other than through
     * guest stores (mmap, munmap, mprotect, read into guest memory) so that
     * stale translations are dropped */
    void (*code_changed)(void *opaque, uint64_t addr, uint64_t len);
    void *code_changed_opaque;
} GuestSpace;

/* Reserve `size` bytes of guest address space. Returns 0, or -errno with a
 * message in err. */
int gs_init(GuestSpace *gs, uint64_t size, char *err, size_t errlen);
void gs_destroy(GuestSpace *gs);

enum {
    GS_MAP_FIXED = 1,            /* replace whatever is at addr */
    GS_MAP_FIXED_NOREPLACE = 2,  /* fail with -EEXIST if anything is there */
    GS_MAP_SHARED = 4,
};

/* Map [addr, addr+len) with guest protections `prot` (PROT_* values). Without
 * a fixed flag, addr is a hint and a free range is chosen. fd < 0 maps
 * anonymous zero pages, otherwise the file at `offset`. Returns the guest
 * address or -errno. */
int64_t gs_map(GuestSpace *gs, uint64_t addr, uint64_t len, int prot, int flags,
               int fd, uint64_t offset, const char *name);
int gs_unmap(GuestSpace *gs, uint64_t addr, uint64_t len);
int gs_protect(GuestSpace *gs, uint64_t addr, uint64_t len, int prot);

/* Host pointer for [addr, addr+len) when every byte is mapped with at least
 * `prot` (PROT_READ and/or PROT_WRITE; 0 = any mapping); NULL otherwise.
 * len 0 is valid for any addr < size. */
void *gs_ptr(GuestSpace *gs, uint64_t addr, uint64_t len, int prot);
/* Length of the NUL-terminated guest string at addr (excluding NUL), or -1
 * if it runs into unmapped memory or exceeds max. */
int64_t gs_strlen(GuestSpace *gs, uint64_t addr, uint64_t max);
bool gs_can_exec(void *gs, uint64_t addr, uint64_t len);
const GuestVma *gs_find_vma(const GuestSpace *gs, uint64_t addr);

/* Hold the list still while walking gs->vmas or combining several calls
 * (recursive: gs_* calls may be made while holding it). */
void gs_lock(GuestSpace *gs);
void gs_unlock(GuestSpace *gs);
/* In a forked child whose fork was made holding the lock. */
void gs_after_fork_child(GuestSpace *gs);

/* The brk system call: returns the new break (or the old one on failure). */
uint64_t gs_brk(GuestSpace *gs, uint64_t new_brk);

#endif
