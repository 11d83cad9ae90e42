/*
 * Boot images; see boot_image.h. The RISC-V Linux Image header
 * (Documentation/riscv/boot-image-header.rst): code0, code1, text_offset
 * (u64 at 8), image_size (u64 at 16), flags, version, res1, res2, magic
 * "RISCV\0\0\0" (at 48, deprecated), magic2 "RSC\x05" (at 56), res3.
 */
#include "boot_image.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

#define IMAGE_HEADER_SIZE 64

static bool fits(const BootRam *ram, uint64_t at, uint64_t len)
{
    return at >= ram->base && at - ram->base <= ram->size && len <= ram->size - (at - ram->base);
}

static int open_regular(const char *path, struct stat *st, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        close(fd);
        return -1;
    }
    if (st->st_size == 0) {
        snprintf(err, errlen, "%s: empty file", path);
        close(fd);
        return -1;
    }
    return fd;
}

int64_t boot_file_size(const char *path, char *err, size_t errlen)
{
    struct stat st;
    int fd = open_regular(path, &st, err, errlen);
    if (fd < 0)
        return -1;
    close(fd);
    return st.st_size;
}

static int read_at(int fd, const char *path, uint8_t *dst, uint64_t len, uint64_t off, char *err, size_t errlen)
{
    while (len) {
        ssize_t n = pread(fd, dst, len > (1u << 30) ? (1u << 30) : len, (off_t)off);
        if (n <= 0) {
            snprintf(err, errlen, "%s: truncated file (read failed at offset %" PRIu64 ")", path, off);
            return -1;
        }
        dst += n;
        off += (uint64_t)n;
        len -= (uint64_t)n;
    }
    return 0;
}

static int copy_to_ram(const BootRam *ram, int fd, const char *path, uint64_t at, uint64_t len, uint64_t off,
                       char *err, size_t errlen)
{
    if (!fits(ram, at, len)) {
        snprintf(err, errlen,
                 "%s: does not fit in RAM: 0x%" PRIx64 "-0x%" PRIx64 " is outside 0x%" PRIx64 "-0x%" PRIx64
                 " (try a larger -m)",
                 path, at, at + len, ram->base, ram->base + ram->size);
        return -1;
    }
    return read_at(fd, path, ram->host + (at - ram->base), len, off, err, errlen);
}

static int load_elf(const BootRam *ram, int fd, const char *path, unsigned xlen, BootLoaded *out, char *err,
                    size_t errlen)
{
    elf_version(EV_CURRENT);
    Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
    GElf_Ehdr eh;
    int rc = -1;
    size_t phnum;
    if (!elf || !gelf_getehdr(elf, &eh) || elf_getphdrnum(elf, &phnum) != 0) {
        snprintf(err, errlen, "%s: truncated or corrupt ELF file", path);
        goto out;
    }
    if (eh.e_machine != EM_RISCV) {
        snprintf(err, errlen, "%s: wrong machine: ELF machine %u (the virt board runs RISC-V)", path, eh.e_machine);
        goto out;
    }
    if ((gelf_getclass(elf) == ELFCLASS32 ? 32u : 64u) != xlen) {
        snprintf(err, errlen, "%s: a %s ELF on an RV%u machine", path,
                 gelf_getclass(elf) == ELFCLASS32 ? "32-bit" : "64-bit", xlen);
        goto out;
    }
    struct stat st;
    fstat(fd, &st);
    out->start = UINT64_MAX;
    out->end = 0;
    for (size_t i = 0; i < phnum; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(elf, (int)i, &ph)) {
            snprintf(err, errlen, "%s: truncated ELF file (program header %zu)", path, i);
            goto out;
        }
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (ph.p_filesz > ph.p_memsz || ph.p_offset > (uint64_t)st.st_size ||
            ph.p_filesz > (uint64_t)st.st_size - ph.p_offset) {
            snprintf(err, errlen, "%s: truncated or corrupt ELF file (segment %zu)", path, i);
            goto out;
        }
        if (!fits(ram, ph.p_paddr, ph.p_memsz)) {
            snprintf(err, errlen,
                     "%s: segment %zu at 0x%" PRIx64 "-0x%" PRIx64 " lies outside RAM (0x%" PRIx64 "-0x%" PRIx64 ")",
                     path, i, (uint64_t)ph.p_paddr, (uint64_t)(ph.p_paddr + ph.p_memsz), ram->base,
                     ram->base + ram->size);
            goto out;
        }
        if (copy_to_ram(ram, fd, path, ph.p_paddr, ph.p_filesz, ph.p_offset, err, errlen) != 0)
            goto out;
        memset(ram->host + (ph.p_paddr - ram->base) + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
        if (ph.p_paddr < out->start)
            out->start = ph.p_paddr;
        if (ph.p_paddr + ph.p_memsz > out->end)
            out->end = ph.p_paddr + ph.p_memsz;
    }
    if (out->end == 0) {
        snprintf(err, errlen, "%s: ELF file with nothing to load", path);
        goto out;
    }
    out->entry = eh.e_entry;
    out->is_elf = true;
    rc = 0;
out:
    if (elf)
        elf_end(elf);
    return rc;
}

int boot_load_kernel(const BootRam *ram, const char *path, uint64_t raw_at, unsigned xlen, BootLoaded *out,
                     char *err, size_t errlen)
{
    struct stat st;
    int fd = open_regular(path, &st, err, errlen);
    if (fd < 0)
        return -1;
    *out = (BootLoaded){ 0 };
    uint8_t head[IMAGE_HEADER_SIZE] = { 0 };
    ssize_t got = pread(fd, head, sizeof head, 0);
    int rc;
    if (got >= 4 && memcmp(head, "\177ELF", 4) == 0) {
        rc = load_elf(ram, fd, path, xlen, out, err, errlen);
    } else {
        uint64_t at = raw_at, len = (uint64_t)st.st_size, end_len = len;
        if (got == IMAGE_HEADER_SIZE && memcmp(head + 56, "RSC\x05", 4) == 0) {
            uint64_t text_offset, image_size;
            memcpy(&text_offset, head + 8, 8);
            memcpy(&image_size, head + 16, 8);
            at = ram->base + text_offset;
            if (image_size > end_len)
                end_len = image_size; /* room for .bss the kernel clears itself */
        }
        rc = copy_to_ram(ram, fd, path, at, len, 0, err, errlen);
        if (rc == 0 && !fits(ram, at, end_len)) {
            snprintf(err, errlen, "%s: needs 0x%" PRIx64 " bytes at 0x%" PRIx64 ", past the end of RAM (try a larger -m)",
                     path, end_len, at);
            rc = -1;
        }
        *out = (BootLoaded){ .start = at, .end = at + end_len, .entry = at };
    }
    close(fd);
    return rc;
}

int boot_load_blob(const BootRam *ram, const char *path, uint64_t at, BootLoaded *out, char *err, size_t errlen)
{
    struct stat st;
    int fd = open_regular(path, &st, err, errlen);
    if (fd < 0)
        return -1;
    int rc = copy_to_ram(ram, fd, path, at, (uint64_t)st.st_size, 0, err, errlen);
    *out = (BootLoaded){ .start = at, .end = at + (uint64_t)st.st_size, .entry = at };
    close(fd);
    return rc;
}
