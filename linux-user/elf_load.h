/* Loading a guest ELF executable into a GuestSpace (user mode). */
#ifndef FERRY_ELF_LOAD_H
#define FERRY_ELF_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "guest_space.h"

typedef struct ElfImage {
    unsigned xlen;          /* 32 or 64, from the ELF class */
    uint64_t entry;         /* entry point, load bias applied */
    uint64_t phdr;          /* guest address of the program headers (AT_PHDR) */
    uint64_t phent, phnum;
    uint64_t load_bias;     /* 0 for ET_EXEC */
    uint64_t brk;           /* first page after the highest segment */
    uint32_t eflags;        /* e_flags: float ABI, RVC */
} ElfImage;

/* Check that `path` is a RISC-V executable ferry can run, and report its
 * class without loading it. Returns 0 or -1 with a one-line reason in err. */
int elf_probe(const char *path, unsigned *xlen, char *err, size_t errlen);

/* Map the executable's PT_LOAD segments into gs. Returns 0 or -1 with a
 * one-line reason in err. */
int elf_load(GuestSpace *gs, const char *path, ElfImage *img, char *err, size_t errlen);

#endif
