/* The guest address space in user mode; see guest_space.h. */
#include "guest_space.h"

#include <pthread.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Bytes reserved past the end of the guest range, so an access of up to 8
 * bytes that starts just below `size` still lands in ferry's reservation. */
#define GS_GUARD (64u * 1024u)

static uint64_t page_up(uint64_t v) { return (v + GUEST_PAGE_MASK) & ~GUEST_PAGE_MASK; }
static uint64_t page_down(uint64_t v) { return v & ~GUEST_PAGE_MASK; }

/* The host never executes guest code, so host pages get at most read/write;
 * an executable guest page must be readable for the decoder. */
static int host_prot(int prot)
{
    int h = prot & (PROT_READ | PROT_WRITE);
    if (prot & PROT_EXEC)
        h |= PROT_READ;
    return h;
}

static void init_lock(GuestSpace *gs)
{
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&gs->lock, &attr);
    pthread_mutexattr_destroy(&attr);
}

/* The forking thread held the lock; in the child it has another thread id,
 * so the recursive lock would not know it: start afresh. */
void gs_after_fork_child(GuestSpace *gs) { init_lock(gs); }

int gs_init(GuestSpace *gs, uint64_t size, char *err, size_t errlen)
{
    memset(gs, 0, sizeof *gs);
    init_lock(gs);
    gs->host_reserved = size + GS_GUARD;
    void *p = mmap(NULL, gs->host_reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        int e = errno;
        snprintf(err, errlen, "cannot reserve %llu MiB of address space for the guest: %s",
                 (unsigned long long)(gs->host_reserved >> 20), strerror(e));
        return -e;
    }
    gs->base = p;
    gs->size = size;
    gs->mmap_min = 0x10000;
    gs->mmap_top = size;
    return 0;
}

void gs_destroy(GuestSpace *gs)
{
    GuestVma *v = gs->vmas;
    while (v) {
        GuestVma *next = v->next;
        free(v);
        v = next;
    }
    if (gs->base)
        munmap(gs->base, gs->host_reserved);
    pthread_mutex_destroy(&gs->lock);
    memset(gs, 0, sizeof *gs);
}

const GuestVma *gs_find_vma(const GuestSpace *gs, uint64_t addr)
{
    for (const GuestVma *v = gs->vmas; v && v->start <= addr; v = v->next)
        if (addr < v->end)
            return v;
    return NULL;
}

static bool range_ok(const GuestSpace *gs, uint64_t addr, uint64_t len)
{
    return addr <= gs->size && len <= gs->size - addr;
}

/* Remove [start, end) from the VMA list, splitting VMAs that straddle it.
 * Returns false only when memory for a split runs out. */
static bool carve(GuestSpace *gs, uint64_t start, uint64_t end)
{
    GuestVma **link = &gs->vmas;
    while (*link) {
        GuestVma *v = *link;
        if (v->end <= start) {
            link = &v->next;
            continue;
        }
        if (v->start >= end)
            break;
        if (v->start < start && v->end > end) {
            /* the hole is inside v: split into two */
            GuestVma *tail = malloc(sizeof *tail);
            if (!tail)
                return false;
            *tail = *v;
            tail->start = end;
            v->end = start;
            v->next = tail;
            return true;
        }
        if (v->start < start) {
            v->end = start;
            link = &v->next;
        } else if (v->end > end) {
            v->start = end;
            break;
        } else {
            *link = v->next;
            free(v);
        }
    }
    return true;
}

static bool insert_vma(GuestSpace *gs, uint64_t start, uint64_t end, int prot, int flags, const char *name)
{
    GuestVma *n = calloc(1, sizeof *n);
    if (!n)
        return false;
    n->start = start;
    n->end = end;
    n->prot = prot;
    n->flags = flags;
    if (name)
        snprintf(n->name, sizeof n->name, "%s", name);
    GuestVma **link = &gs->vmas;
    while (*link && (*link)->start < start)
        link = &(*link)->next;
    n->next = *link;
    *link = n;
    return true;
}

static bool range_free(const GuestSpace *gs, uint64_t start, uint64_t end)
{
    for (const GuestVma *v = gs->vmas; v && v->start < end; v = v->next)
        if (v->end > start)
            return false;
    return true;
}

/* Highest free gap of len bytes below mmap_top, as Linux's top-down
 * allocator picks; 0 when none. */
static uint64_t find_free(const GuestSpace *gs, uint64_t len)
{
    uint64_t top = gs->mmap_top;
    while (top >= gs->mmap_min + len) {
        uint64_t start = top - len;
        /* the highest VMA overlapping [start, top) blocks us: go below it */
        const GuestVma *blocker = NULL;
        for (const GuestVma *v = gs->vmas; v && v->start < top; v = v->next)
            if (v->end > start)
                blocker = v;
        if (!blocker)
            return start;
        top = blocker->start;
    }
    return 0;
}

static void notify(GuestSpace *gs, uint64_t addr, uint64_t len)
{
    if (gs->code_changed)
        gs->code_changed(gs->code_changed_opaque, addr, len);
}

static int64_t map_locked(GuestSpace *gs, uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t offset,
               const char *name)
{
    if (len == 0 || len > gs->size)
        return -EINVAL;
    len = page_up(len);
    bool fixed = flags & (GS_MAP_FIXED | GS_MAP_FIXED_NOREPLACE);
    if (fixed) {
        if (addr & GUEST_PAGE_MASK)
            return -EINVAL;
        if (!range_ok(gs, addr, len))
            return -ENOMEM;
        if ((flags & GS_MAP_FIXED_NOREPLACE) && !range_free(gs, addr, addr + len))
            return -EEXIST;
    } else {
        addr = page_down(addr);
        if (addr < gs->mmap_min || !range_ok(gs, addr, len) || !range_free(gs, addr, addr + len))
            addr = find_free(gs, len);
        if (addr == 0)
            return -ENOMEM;
    }

    void *want = gs->base + addr;
    if (fd < 0) {
        /* shared anonymous memory stays shared with forked children */
        int share = (flags & GS_MAP_SHARED) ? MAP_SHARED : MAP_PRIVATE | MAP_NORESERVE;
        void *got = mmap(want, len, host_prot(prot), MAP_FIXED | MAP_ANONYMOUS | share, -1, 0);
        if (got == MAP_FAILED)
            return -errno;
    } else {
        /* A file mapping can fail for many reasons (bad fd, permissions,
         * offset): map it elsewhere first and move it into place only once
         * it exists, so a failure leaves the old mapping untouched. */
        int hflags = (flags & GS_MAP_SHARED) ? MAP_SHARED : MAP_PRIVATE;
        void *tmp = mmap(NULL, len, host_prot(prot), hflags, fd, (off_t)offset);
        if (tmp == MAP_FAILED)
            return -errno;
        if (mremap(tmp, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, want) == MAP_FAILED) {
            int e = errno;
            munmap(tmp, len);
            return -e;
        }
    }
    if (!carve(gs, addr, addr + len) ||
        !insert_vma(gs, addr, addr + len, prot,
                    (fd < 0 ? MAP_ANONYMOUS : 0) | ((flags & GS_MAP_SHARED) ? MAP_SHARED : MAP_PRIVATE), name))
        return -ENOMEM;
    notify(gs, addr, len);
    return (int64_t)addr;
}

static int unmap_locked(GuestSpace *gs, uint64_t addr, uint64_t len)
{
    if ((addr & GUEST_PAGE_MASK) || len == 0)
        return -EINVAL;
    len = page_up(len);
    if (!range_ok(gs, addr, len))
        return -EINVAL;
    mmap(gs->base + addr, len, PROT_NONE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (!carve(gs, addr, addr + len))
        return -ENOMEM;
    notify(gs, addr, len);
    return 0;
}

static int protect_locked(GuestSpace *gs, uint64_t addr, uint64_t len, int prot)
{
    if (addr & GUEST_PAGE_MASK)
        return -EINVAL;
    len = page_up(len);
    if (len == 0)
        return 0;
    if (!range_ok(gs, addr, len))
        return -ENOMEM;
    uint64_t end = addr + len;
    /* every page must be mapped (Linux: ENOMEM otherwise) */
    uint64_t at = addr;
    for (const GuestVma *v = gs->vmas; v && at < end; v = v->next) {
        if (v->end <= at)
            continue;
        if (v->start > at)
            return -ENOMEM;
        at = v->end;
    }
    if (at < end)
        return -ENOMEM;
    if (mprotect(gs->base + addr, len, host_prot(prot)) != 0)
        return -errno;
    /* split at the boundaries, then rewrite the protections inside */
    for (GuestVma *v = gs->vmas; v && v->start < end; v = v->next) {
        if (v->end <= addr)
            continue;
        if (v->start < addr) {
            GuestVma *tail = malloc(sizeof *tail);
            if (!tail)
                return -ENOMEM;
            *tail = *v;
            tail->start = addr;
            v->end = addr;
            v->next = tail;
            continue;
        }
        if (v->end > end) {
            GuestVma *tail = malloc(sizeof *tail);
            if (!tail)
                return -ENOMEM;
            *tail = *v;
            tail->start = end;
            v->end = end;
            v->next = tail;
        }
        v->prot = prot;
    }
    notify(gs, addr, len);
    return 0;
}

static void *ptr_locked(GuestSpace *gs, uint64_t addr, uint64_t len, int prot)
{
    if (!range_ok(gs, addr, len))
        return NULL;
    if (len == 0)
        return gs->base + addr;
    uint64_t at = addr, end = addr + len;
    for (const GuestVma *v = gs->vmas; v && at < end; v = v->next) {
        if (v->end <= at)
            continue;
        if (v->start > at || (v->prot & prot) != prot)
            return NULL;
        at = v->end;
    }
    return at >= end ? gs->base + addr : NULL;
}

static int64_t strlen_locked(GuestSpace *gs, uint64_t addr, uint64_t max)
{
    uint64_t n = 0;
    while (n <= max) {
        uint64_t at = addr + n;
        const GuestVma *v = gs_find_vma(gs, at);
        if (!v || !(v->prot & PROT_READ))
            return -1;
        uint64_t avail = v->end - at;
        if (avail > max + 1 - n)
            avail = max + 1 - n;
        const void *nul = memchr(gs->base + at, 0, avail);
        if (nul)
            return (int64_t)(n + (uint64_t)((const uint8_t *)nul - (gs->base + at)));
        n += avail;
    }
    return -1;
}

static bool can_exec_locked(GuestSpace *gs, uint64_t addr, uint64_t len)
{
    if (!range_ok(gs, addr, len))
        return false;
    uint64_t at = addr, end = addr + len;
    for (const GuestVma *v = gs->vmas; v && at < end; v = v->next) {
        if (v->end <= at)
            continue;
        if (v->start > at || !(v->prot & PROT_EXEC))
            return false;
        at = v->end;
    }
    return at >= end;
}

static uint64_t brk_locked(GuestSpace *gs, uint64_t new_brk)
{
    if (new_brk < gs->brk_start || new_brk > gs->size)
        return gs->brk_cur;
    uint64_t want_end = page_up(new_brk);
    uint64_t old_mapped_end = gs->brk_mapped_end;
    if (want_end > gs->brk_mapped_end) {
        int64_t r = map_locked(gs, gs->brk_mapped_end, want_end - gs->brk_mapped_end, PROT_READ | PROT_WRITE,
                           GS_MAP_FIXED_NOREPLACE, -1, 0, "[heap]");
        if (r < 0)
            return gs->brk_cur;
    } else if (want_end < gs->brk_mapped_end) {
        unmap_locked(gs, want_end, gs->brk_mapped_end - want_end);
    }
    gs->brk_mapped_end = want_end;
    /* Memory between the old and the new break reads as zero: new pages are
     * zero already; the tail of the last old page may hold data from before a
     * shrink, so clear that part only. */
    if (new_brk > gs->brk_cur) {
        uint64_t to = new_brk < old_mapped_end ? new_brk : old_mapped_end;
        /* the guest may have unmapped or protected that page meanwhile */
        void *tail = to > gs->brk_cur ? ptr_locked(gs, gs->brk_cur, to - gs->brk_cur, PROT_WRITE) : NULL;
        if (tail)
            memset(tail, 0, to - gs->brk_cur);
    }
    gs->brk_cur = new_brk;
    return new_brk;
}

/* ---- the public operations: each holds the lock, so threads that map,
 * unmap and look up concurrently see a consistent list ---- */

void gs_lock(GuestSpace *gs) { pthread_mutex_lock(&gs->lock); }
void gs_unlock(GuestSpace *gs) { pthread_mutex_unlock(&gs->lock); }

int64_t gs_map(GuestSpace *gs, uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t offset,
               const char *name)
{
    gs_lock(gs);
    int64_t r = map_locked(gs, addr, len, prot, flags, fd, offset, name);
    gs_unlock(gs);
    return r;
}

int gs_unmap(GuestSpace *gs, uint64_t addr, uint64_t len)
{
    gs_lock(gs);
    int r = unmap_locked(gs, addr, len);
    gs_unlock(gs);
    return r;
}

int gs_protect(GuestSpace *gs, uint64_t addr, uint64_t len, int prot)
{
    gs_lock(gs);
    int r = protect_locked(gs, addr, len, prot);
    gs_unlock(gs);
    return r;
}

void *gs_ptr(GuestSpace *gs, uint64_t addr, uint64_t len, int prot)
{
    gs_lock(gs);
    void *r = ptr_locked(gs, addr, len, prot);
    gs_unlock(gs);
    return r;
}

int64_t gs_strlen(GuestSpace *gs, uint64_t addr, uint64_t max)
{
    gs_lock(gs);
    int64_t r = strlen_locked(gs, addr, max);
    gs_unlock(gs);
    return r;
}

bool gs_can_exec(void *opaque, uint64_t addr, uint64_t len)
{
    GuestSpace *gs = opaque;
    gs_lock(gs);
    bool r = can_exec_locked(gs, addr, len);
    gs_unlock(gs);
    return r;
}

uint64_t gs_brk(GuestSpace *gs, uint64_t new_brk)
{
    gs_lock(gs);
    uint64_t r = brk_locked(gs, new_brk);
    gs_unlock(gs);
    return r;
}
