/*
 * Putting boot images into a machine's RAM: kernels (a RISC-V Linux Image,
 * an ELF, or a raw binary), initial ramdisks and firmware. Every image is
 * checked against the RAM it must fit in; problems come back as one line.
 */
#ifndef FERRY_BOOT_IMAGE_H
#define FERRY_BOOT_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct BootRam {
    uint8_t *host;       /* host address of guest physical `base` */
    uint64_t base, size;
} BootRam;

typedef struct BootLoaded {
    uint64_t start, end; /* physical range the image occupies */
    uint64_t entry;      /* where to start it */
    bool is_elf;
} BootLoaded;

/* A kernel or firmware: an ELF goes to its physical (p_paddr) addresses; a
 * Linux Image to base + text_offset from its header; anything else is a raw
 * binary copied to `raw_at`. */
int boot_load_kernel(const BootRam *ram, const char *path, uint64_t raw_at, unsigned xlen, BootLoaded *out,
                     char *err, size_t errlen);
/* A file copied as-is to `at` (an initrd). */
int boot_load_blob(const BootRam *ram, const char *path, uint64_t at, BootLoaded *out, char *err, size_t errlen);
/* Size of a file, or -1 with a reason. */
int64_t boot_file_size(const char *path, char *err, size_t errlen);

#endif
