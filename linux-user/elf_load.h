/* Loading a guest ELF executable, and its dynamic loader, into a GuestSpace
 * (user mode), as Linux's binfmt_elf does. */
#ifndef FERRY_ELF_LOAD_H
#define FERRY_ELF_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "guest_space.h"

/* Longest PT_INTERP path ferry takes, NUL included. */
#define ELF_INTERP_MAX 256

typedef struct ElfImage {
    unsigned xlen;          /* 32 or 64, from the ELF class */
    uint64_t entry;         /* the executable's entry point, load bias applied (AT_ENTRY) */
    uint64_t phdr;          /* guest address of the program headers (AT_PHDR) */
    uint64_t phent, phnum;
    uint64_t load_bias;     /* 0 for ET_EXEC */
    uint64_t brk;           /* first page after the highest segment */
    uint32_t eflags;        /* e_flags: float ABI, RVC */
    /* PT_INTERP: the guest path of the dynamic loader the executable asks
     * for, e.g. "/lib/ld-linux-riscv64-lp64d.so.1"; "" when statically
     * linked (then nothing below is set) */
    char interp[ELF_INTERP_MAX];
    /* set by elf_load_interp: the loader's load bias, which is where it was
     * placed, as loaders are linked at 0 (AT_BASE; 0 while none is loaded),
     * and its entry point, where the process starts */
    uint64_t interp_base;
    uint64_t interp_entry;
} ElfImage;

/* Check that `path` is a RISC-V executable ferry can run (static or
 * dynamically linked), and report its class without loading it. Returns 0
 * or -1 with a one-line reason in err. */
int elf_probe(const char *path, unsigned *xlen, char *err, size_t errlen);

/* Map the executable's PT_LOAD segments into gs and fill img, including
 * img->interp. ET_DYN executables (PIE, static or not) are placed at
 * ELF_ET_DYN_BASE, 2/3 of the address space Linux gives user programs:
 * 0x2aaaaaa000 on RV64, 0x55555000 on RV32. Returns 0 or -1 with a one-line
 * reason in err. */
int elf_load(GuestSpace *gs, const char *path, ElfImage *img, char *err, size_t errlen);

/*
 * Map the dynamic loader img->interp, found on the host at host_path, into
 * gs and set img->interp_base and img->interp_entry. An ET_DYN loader goes
 * where a guest mmap of its size would go: the highest free range below
 * gs->mmap_top, so the caller sets mmap_top (below the stack-to-be) first;
 * an ET_EXEC loader goes at its own addresses, which must be free. The
 * loader must be RISC-V of the executable's class (img->xlen). Returns 0, or
 * -1 with a one-line reason in err (a missing file names the loader and
 * suggests --sysroot); on failure nothing stays mapped.
 */
int elf_load_interp(GuestSpace *gs, const char *host_path, ElfImage *img, char *err, size_t errlen);

#endif
