/*
 * ELF executables for user mode, read with libelf. Checks come first and each
 * names the problem (not an ELF, truncated, wrong machine, dynamically linked),
 * because a person will read them.
 */
#include "elf_load.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

/* Load address of static-pie executables (Linux: ELF_ET_DYN_BASE, 2/3 of
 * the user address space). */
#define PIE_BASE_64 0x2aaaaaa000ull
#define PIE_BASE_32 0x55555000ull

static const char *machine_name(unsigned m)
{
    switch (m) {
    case EM_X86_64: return "x86-64";
    case EM_386: return "i386";
    case EM_AARCH64: return "AArch64";
    case EM_ARM: return "ARM";
    case EM_68K: return "m68k";
    case EM_PPC64: return "PowerPC64";
    case EM_MIPS: return "MIPS";
    case EM_S390: return "s390";
    default: return NULL;
    }
}

typedef struct ElfFile {
    int fd;
    Elf *elf;
    GElf_Ehdr ehdr;
    size_t phnum;
    uint64_t file_size;
} ElfFile;

static void elf_file_close(ElfFile *f)
{
    if (f->elf)
        elf_end(f->elf);
    if (f->fd >= 0)
        close(f->fd);
}

/* Open and validate; on success the caller owns f. */
static int elf_file_open(ElfFile *f, const char *path, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->fd = -1;
    if (elf_version(EV_CURRENT) == EV_NONE) {
        snprintf(err, errlen, "libelf is unusable: %s", elf_errmsg(-1));
        return -1;
    }
    f->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (f->fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(f->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        goto fail;
    }
    f->file_size = (uint64_t)st.st_size;
    unsigned char ident[EI_NIDENT];
    ssize_t got = pread(f->fd, ident, sizeof ident, 0);
    if (got < 4 || memcmp(ident, ELFMAG, SELFMAG) != 0) {
        snprintf(err, errlen, "%s: not an ELF file", path);
        goto fail;
    }
    if (got < EI_NIDENT) {
        snprintf(err, errlen, "%s: truncated ELF file (%lld bytes)", path, (long long)st.st_size);
        goto fail;
    }
    f->elf = elf_begin(f->fd, ELF_C_READ, NULL);
    if (!f->elf || elf_kind(f->elf) != ELF_K_ELF || !gelf_getehdr(f->elf, &f->ehdr)) {
        snprintf(err, errlen, "%s: truncated or corrupt ELF header", path);
        goto fail;
    }
    if (f->ehdr.e_machine != EM_RISCV) {
        const char *m = machine_name(f->ehdr.e_machine);
        if (m)
            snprintf(err, errlen, "%s: wrong machine: an %s executable (ferry runs RISC-V programs)", path, m);
        else
            snprintf(err, errlen, "%s: wrong machine: ELF machine %u (ferry runs RISC-V programs)", path,
                     f->ehdr.e_machine);
        goto fail;
    }
    if (ident[EI_DATA] != ELFDATA2LSB) {
        snprintf(err, errlen, "%s: big-endian RISC-V ELF is not supported", path);
        goto fail;
    }
    if (f->ehdr.e_type != ET_EXEC && f->ehdr.e_type != ET_DYN) {
        snprintf(err, errlen, "%s: not an executable (ELF type %u)", path, f->ehdr.e_type);
        goto fail;
    }
    if (elf_getphdrnum(f->elf, &f->phnum) != 0 || f->phnum == 0 ||
        f->ehdr.e_phoff > f->file_size || f->phnum * (uint64_t)f->ehdr.e_phentsize > f->file_size - f->ehdr.e_phoff) {
        snprintf(err, errlen, "%s: truncated ELF file (program headers missing)", path);
        goto fail;
    }
    for (size_t i = 0; i < f->phnum; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(f->elf, (int)i, &ph)) {
            snprintf(err, errlen, "%s: truncated ELF file (program header %zu unreadable)", path, i);
            goto fail;
        }
        if (ph.p_type == PT_INTERP) {
            char interp[256] = "?";
            if (ph.p_filesz > 0 && ph.p_filesz < sizeof interp && ph.p_offset <= f->file_size &&
                ph.p_filesz <= f->file_size - ph.p_offset &&
                pread(f->fd, interp, ph.p_filesz, (off_t)ph.p_offset) == (ssize_t)ph.p_filesz)
                interp[ph.p_filesz - 1] = 0;
            snprintf(err, errlen,
                     "%s: dynamically linked (needs interpreter %s); ferry runs static executables only so far",
                     path, interp);
            goto fail;
        }
        if (ph.p_type == PT_LOAD &&
            (ph.p_offset > f->file_size || ph.p_filesz > f->file_size - ph.p_offset)) {
            snprintf(err, errlen, "%s: truncated ELF file (segment %zu ends at byte %llu of %llu)", path, i,
                     (unsigned long long)(ph.p_offset + ph.p_filesz), (unsigned long long)f->file_size);
            goto fail;
        }
        if (ph.p_type == PT_LOAD && ph.p_filesz > ph.p_memsz) {
            snprintf(err, errlen, "%s: corrupt ELF file (segment %zu file size exceeds memory size)", path, i);
            goto fail;
        }
    }
    return 0;
fail:
    elf_file_close(f);
    return -1;
}

int elf_probe(const char *path, unsigned *xlen, char *err, size_t errlen)
{
    ElfFile f;
    if (elf_file_open(&f, path, err, errlen) != 0)
        return -1;
    *xlen = gelf_getclass(f.elf) == ELFCLASS32 ? 32 : 64;
    elf_file_close(&f);
    return 0;
}

static int prot_of(uint32_t pflags)
{
    return ((pflags & PF_R) ? PROT_READ : 0) | ((pflags & PF_W) ? PROT_WRITE : 0) |
           ((pflags & PF_X) ? PROT_EXEC : 0);
}

int elf_load(GuestSpace *gs, const char *path, ElfImage *img, char *err, size_t errlen)
{
    ElfFile f;
    if (elf_file_open(&f, path, err, errlen) != 0)
        return -1;
    memset(img, 0, sizeof *img);
    img->xlen = gelf_getclass(f.elf) == ELFCLASS32 ? 32 : 64;
    img->eflags = (uint32_t)f.ehdr.e_flags;
    int rc = -1;

    /* Span of all segments, in pages. */
    uint64_t lo = UINT64_MAX, hi = 0;
    for (size_t i = 0; i < f.phnum; i++) {
        GElf_Phdr ph;
        gelf_getphdr(f.elf, (int)i, &ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (ph.p_vaddr + ph.p_memsz < ph.p_vaddr) {
            snprintf(err, errlen, "%s: corrupt ELF file (segment %zu wraps around)", path, i);
            goto out;
        }
        if (ph.p_vaddr < lo)
            lo = ph.p_vaddr;
        if (ph.p_vaddr + ph.p_memsz > hi)
            hi = ph.p_vaddr + ph.p_memsz;
    }
    if (hi == 0) {
        snprintf(err, errlen, "%s: no loadable segments", path);
        goto out;
    }
    lo &= ~GUEST_PAGE_MASK;
    hi = (hi + GUEST_PAGE_MASK) & ~GUEST_PAGE_MASK;
    if (f.ehdr.e_type == ET_DYN)
        img->load_bias = (img->xlen == 64 ? PIE_BASE_64 : PIE_BASE_32) - lo;
    uint64_t start = lo + img->load_bias, end = hi + img->load_bias;
    if (end > gs->size || start < GUEST_PAGE_SIZE || end < start) {
        snprintf(err, errlen, "%s: segments at 0x%llx-0x%llx lie outside the guest address space", path,
                 (unsigned long long)start, (unsigned long long)end);
        goto out;
    }

    /* Map the span writable, copy the file contents in, then give every
     * page the union of the protections of the segments that cover it;
     * pages no segment covers are unmapped again. */
    int64_t m = gs_map(gs, start, end - start, PROT_READ | PROT_WRITE, GS_MAP_FIXED, -1, 0, path);
    if (m < 0) {
        snprintf(err, errlen, "%s: cannot map segments: %s", path, strerror((int)-m));
        goto out;
    }
    size_t npages = (size_t)((end - start) / GUEST_PAGE_SIZE);
    unsigned char *page_prot = calloc(npages, 1);
    if (!page_prot) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < f.phnum; i++) {
        GElf_Phdr ph;
        gelf_getphdr(f.elf, (int)i, &ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        uint64_t va = ph.p_vaddr + img->load_bias;
        if (ph.p_filesz &&
            pread(f.fd, gs->base + va, ph.p_filesz, (off_t)ph.p_offset) != (ssize_t)ph.p_filesz) {
            snprintf(err, errlen, "%s: cannot read segment %zu", path, i);
            free(page_prot);
            goto out;
        }
        size_t first = (size_t)(((va & ~GUEST_PAGE_MASK) - start) / GUEST_PAGE_SIZE);
        size_t last = (size_t)((((va + ph.p_memsz + GUEST_PAGE_MASK) & ~GUEST_PAGE_MASK) - start) / GUEST_PAGE_SIZE);
        for (size_t p = first; p < last; p++)
            page_prot[p] |= (unsigned char)(prot_of(ph.p_flags) | 0x80); /* 0x80: covered */
        /* the file's segment headers: AT_PHDR points into the first segment
         * that contains them */
        if (!img->phdr && f.ehdr.e_phoff >= ph.p_offset && f.ehdr.e_phoff < ph.p_offset + ph.p_filesz)
            img->phdr = va + (f.ehdr.e_phoff - ph.p_offset);
        if (ph.p_type == PT_LOAD && va + ph.p_memsz > img->brk)
            img->brk = va + ph.p_memsz;
    }
    for (size_t p = 0; p < npages;) {
        size_t q = p;
        while (q < npages && page_prot[q] == page_prot[p])
            q++;
        uint64_t a = start + p * GUEST_PAGE_SIZE, len = (q - p) * GUEST_PAGE_SIZE;
        if (page_prot[p] & 0x80)
            gs_protect(gs, a, len, page_prot[p] & 7);
        else
            gs_unmap(gs, a, len);
        p = q;
    }
    free(page_prot);

    for (size_t i = 0; i < f.phnum; i++) {
        GElf_Phdr ph;
        gelf_getphdr(f.elf, (int)i, &ph);
        if (ph.p_type == PT_PHDR)
            img->phdr = ph.p_vaddr + img->load_bias;
    }
    img->entry = f.ehdr.e_entry + img->load_bias;
    img->phent = f.ehdr.e_phentsize;
    img->phnum = f.phnum;
    img->brk = (img->brk + GUEST_PAGE_MASK) & ~GUEST_PAGE_MASK;
    if (!gs_can_exec(gs, img->entry, 2)) {
        snprintf(err, errlen, "%s: entry point 0x%llx is not in an executable segment", path,
                 (unsigned long long)img->entry);
        goto out;
    }
    rc = 0;
out:
    elf_file_close(&f);
    return rc;
}
