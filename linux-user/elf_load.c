/*
 * ELF executables for user mode, read with libelf, loaded as Linux's
 * binfmt_elf loads them: the executable's PT_LOAD segments (ET_EXEC at their
 * addresses, ET_DYN at ELF_ET_DYN_BASE), and for a dynamically linked one the
 * program interpreter named by PT_INTERP (the dynamic loader), placed like an
 * mmap of its size. Checks come first and each names the problem (not an
 * ELF, truncated, wrong machine, wrong class), because a person will read
 * them.
 */
#include "elf_load.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

/* Load address of ET_DYN executables (Linux: ELF_ET_DYN_BASE, 2/3 of
 * TASK_SIZE: 2/3 of 2^38 on RV64 with Sv39, of 2 GiB for RV32), without
 * Linux's randomisation. */
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
    unsigned xlen;
} ElfFile;

static void elf_file_close(ElfFile *f)
{
    if (f->elf)
        elf_end(f->elf);
    if (f->fd >= 0)
        close(f->fd);
}

/* PT_INTERP of ph into interp (ELF_INTERP_MAX bytes). Linux takes 2 to
 * PATH_MAX bytes ending in a NUL. */
static int read_interp(ElfFile *f, const GElf_Phdr *ph, const char *path, char *interp, char *err, size_t errlen)
{
    if (ph->p_offset > f->file_size || ph->p_filesz > f->file_size - ph->p_offset) {
        snprintf(err, errlen, "%s: truncated ELF file (the interpreter path lies past the end)", path);
        return -1;
    }
    if (ph->p_filesz > ELF_INTERP_MAX) {
        snprintf(err, errlen, "%s: interpreter path of %llu bytes is too long (ferry takes up to %d)", path,
                 (unsigned long long)ph->p_filesz, ELF_INTERP_MAX - 1);
        return -1;
    }
    if (ph->p_filesz < 2 ||
        pread(f->fd, interp, ph->p_filesz, (off_t)ph->p_offset) != (ssize_t)ph->p_filesz ||
        interp[ph->p_filesz - 1] != 0 || interp[0] == 0) {
        interp[0] = 0;
        snprintf(err, errlen, "%s: corrupt ELF file (bad interpreter path in PT_INTERP)", path);
        return -1;
    }
    return 0;
}

/* Open and validate; on success the caller owns f. With interp non-NULL,
 * the PT_INTERP path is stored there ("" when there is none). */
static int elf_file_open(ElfFile *f, const char *path, char *interp, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->fd = -1;
    if (interp)
        interp[0] = 0;
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
    f->xlen = gelf_getclass(f->elf) == ELFCLASS32 ? 32 : 64;
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
        /* the first PT_INTERP counts, as in Linux */
        if (ph.p_type == PT_INTERP && interp && !interp[0] && read_interp(f, &ph, path, interp, err, errlen) != 0)
            goto fail;
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
    if (interp)
        interp[0] = 0;
    return -1;
}

int elf_probe(const char *path, unsigned *xlen, char *err, size_t errlen)
{
    ElfFile f;
    char interp[ELF_INTERP_MAX];
    if (elf_file_open(&f, path, interp, err, errlen) != 0)
        return -1;
    *xlen = f.xlen;
    elf_file_close(&f);
    return 0;
}

static int prot_of(uint32_t pflags)
{
    return ((pflags & PF_R) ? PROT_READ : 0) | ((pflags & PF_W) ? PROT_WRITE : 0) |
           ((pflags & PF_X) ? PROT_EXEC : 0);
}

/* The page-aligned span [*lo, *hi) of the PT_LOAD segments before any bias,
 * and their largest power-of-two alignment. */
static int segment_span(ElfFile *f, const char *path, uint64_t *lo, uint64_t *hi, uint64_t *align, char *err,
                        size_t errlen)
{
    *lo = UINT64_MAX;
    *hi = 0;
    *align = GUEST_PAGE_SIZE;
    for (size_t i = 0; i < f->phnum; i++) {
        GElf_Phdr ph;
        gelf_getphdr(f->elf, (int)i, &ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (ph.p_vaddr + ph.p_memsz < ph.p_vaddr || ph.p_vaddr + ph.p_memsz > UINT64_MAX - GUEST_PAGE_MASK) {
            snprintf(err, errlen, "%s: corrupt ELF file (segment %zu wraps around)", path, i);
            return -1;
        }
        if (ph.p_vaddr < *lo)
            *lo = ph.p_vaddr;
        if (ph.p_vaddr + ph.p_memsz > *hi)
            *hi = ph.p_vaddr + ph.p_memsz;
        if (ph.p_align > *align && (ph.p_align & (ph.p_align - 1)) == 0)
            *align = ph.p_align;
    }
    if (*hi == 0) {
        snprintf(err, errlen, "%s: no loadable segments", path);
        return -1;
    }
    *lo &= ~GUEST_PAGE_MASK;
    *hi = (*hi + GUEST_PAGE_MASK) & ~GUEST_PAGE_MASK;
    return 0;
}

/* [start, end) is mapped read/write and covers every PT_LOAD segment once
 * `bias` is added: copy the file contents in (the rest reads as zero: bss),
 * then give every page the union of the protections of the segments that
 * cover it and unmap the pages no segment covers. */
static int fill_segments(GuestSpace *gs, ElfFile *f, uint64_t bias, uint64_t start, uint64_t end, const char *path,
                         char *err, size_t errlen)
{
    size_t npages = (size_t)((end - start) / GUEST_PAGE_SIZE);
    unsigned char *page_prot = calloc(npages, 1);
    if (!page_prot) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < f->phnum; i++) {
        GElf_Phdr ph;
        gelf_getphdr(f->elf, (int)i, &ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        uint64_t va = ph.p_vaddr + bias;
        if (ph.p_filesz &&
            pread(f->fd, gs->base + va, ph.p_filesz, (off_t)ph.p_offset) != (ssize_t)ph.p_filesz) {
            snprintf(err, errlen, "%s: cannot read segment %zu", path, i);
            free(page_prot);
            return -1;
        }
        size_t first = (size_t)(((va & ~GUEST_PAGE_MASK) - start) / GUEST_PAGE_SIZE);
        size_t last = (size_t)((((va + ph.p_memsz + GUEST_PAGE_MASK) & ~GUEST_PAGE_MASK) - start) / GUEST_PAGE_SIZE);
        for (size_t p = first; p < last; p++)
            page_prot[p] |= (unsigned char)(prot_of(ph.p_flags) | 0x80); /* 0x80: covered */
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
    return 0;
}

/* The span [start, end) does not fit the guest space. */
static bool outside(const GuestSpace *gs, uint64_t start, uint64_t end)
{
    return end > gs->size || start < GUEST_PAGE_SIZE || end <= start;
}

int elf_load(GuestSpace *gs, const char *path, ElfImage *img, char *err, size_t errlen)
{
    memset(img, 0, sizeof *img);
    ElfFile f;
    if (elf_file_open(&f, path, img->interp, err, errlen) != 0)
        return -1;
    img->xlen = f.xlen;
    img->eflags = (uint32_t)f.ehdr.e_flags;
    int rc = -1;
    bool mapped = false;
    uint64_t lo, hi, align, start = 0, end = 0;
    if (segment_span(&f, path, &lo, &hi, &align, err, errlen) != 0)
        goto out;
    if (f.ehdr.e_type == ET_DYN) {
        /* Linux also aligns the base to the largest segment alignment */
        uint64_t base = img->xlen == 64 ? PIE_BASE_64 : PIE_BASE_32;
        if (align <= base)
            base &= ~(align - 1);
        img->load_bias = base - lo;
    }
    start = lo + img->load_bias;
    end = hi + img->load_bias;
    if (outside(gs, start, end)) {
        snprintf(err, errlen, "%s: segments at 0x%llx-0x%llx lie outside the guest address space", path,
                 (unsigned long long)start, (unsigned long long)end);
        goto out;
    }
    int64_t m = gs_map(gs, start, end - start, PROT_READ | PROT_WRITE, GS_MAP_FIXED_NOREPLACE, -1, 0, path);
    if (m < 0) {
        snprintf(err, errlen, "%s: cannot map segments at 0x%llx-0x%llx: %s", path, (unsigned long long)start,
                 (unsigned long long)end, strerror((int)-m));
        goto out;
    }
    mapped = true;
    if (fill_segments(gs, &f, img->load_bias, start, end, path, err, errlen) != 0)
        goto out;

    for (size_t i = 0; i < f.phnum; i++) {
        GElf_Phdr ph;
        gelf_getphdr(f.elf, (int)i, &ph);
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        uint64_t va = ph.p_vaddr + img->load_bias;
        /* AT_PHDR points into the first segment holding the file's program
         * headers (a PT_PHDR, below, says it directly) */
        if (!img->phdr && f.ehdr.e_phoff >= ph.p_offset && f.ehdr.e_phoff < ph.p_offset + ph.p_filesz)
            img->phdr = va + (f.ehdr.e_phoff - ph.p_offset);
        if (va + ph.p_memsz > img->brk)
            img->brk = va + ph.p_memsz;
    }
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
    /* with an interpreter, the program starts there: the executable's own
     * entry point is for the loader to check */
    if (!img->interp[0] && !gs_can_exec(gs, img->entry, 2)) {
        snprintf(err, errlen, "%s: entry point 0x%llx is not in an executable segment", path,
                 (unsigned long long)img->entry);
        goto out;
    }
    rc = 0;
out:
    if (rc != 0 && mapped)
        gs_unmap(gs, start, end - start);
    if (rc != 0)
        memset(img, 0, sizeof *img);
    elf_file_close(&f);
    return rc;
}

int elf_load_interp(GuestSpace *gs, const char *host_path, ElfImage *img, char *err, size_t errlen)
{
    const char *name = img->interp[0] ? img->interp : host_path;
    char why[512];
    ElfFile f;
    if (elf_file_open(&f, host_path, NULL, why, sizeof why) != 0) {
        struct stat st;
        if (stat(host_path, &st) != 0 && errno == ENOENT) {
            if (strcmp(name, host_path) == 0)
                snprintf(err, errlen,
                         "dynamic loader %s not found; use --sysroot DIR to name the directory that holds the "
                         "RISC-V libraries",
                         name);
            else
                snprintf(err, errlen,
                         "dynamic loader %s not found (looked for %s); use --sysroot DIR to name the directory "
                         "that holds the RISC-V libraries",
                         name, host_path);
        } else {
            snprintf(err, errlen, "dynamic loader %s: %s", name, why);
        }
        return -1;
    }
    int rc = -1;
    bool mapped = false;
    uint64_t lo, hi, align, start = 0, end = 0, bias = 0;
    if (f.xlen != img->xlen) {
        snprintf(err, errlen, "dynamic loader %s (%s) is a %u-bit RISC-V ELF, but the program is %u-bit", name,
                 host_path, f.xlen, img->xlen);
        goto out;
    }
    if (segment_span(&f, host_path, &lo, &hi, &align, why, sizeof why) != 0) {
        snprintf(err, errlen, "dynamic loader %s: %s", name, why);
        goto out;
    }
    int64_t m;
    if (f.ehdr.e_type == ET_DYN) {
        /* like Linux's mmap of the whole span, without MAP_FIXED: the
         * highest free range below mmap_top (or the one it asks for) */
        m = gs_map(gs, lo, hi - lo, PROT_READ | PROT_WRITE, 0, -1, 0, host_path);
    } else {
        m = outside(gs, lo, hi) ? -ENOMEM
                                : gs_map(gs, lo, hi - lo, PROT_READ | PROT_WRITE, GS_MAP_FIXED_NOREPLACE, -1, 0,
                                         host_path);
    }
    if (m < 0) {
        snprintf(err, errlen, "dynamic loader %s: no room for its %llu KiB in the guest address space: %s", name,
                 (unsigned long long)((hi - lo) >> 10), strerror((int)-m));
        goto out;
    }
    mapped = true;
    start = (uint64_t)m;
    end = start + (hi - lo);
    bias = start - lo;
    if (fill_segments(gs, &f, bias, start, end, host_path, why, sizeof why) != 0) {
        snprintf(err, errlen, "dynamic loader %s: %s", name, why);
        goto out;
    }
    uint64_t entry = f.ehdr.e_entry + bias;
    if (!gs_can_exec(gs, entry, 2)) {
        snprintf(err, errlen, "dynamic loader %s: entry point 0x%llx is not in an executable segment", name,
                 (unsigned long long)entry);
        goto out;
    }
    /* AT_BASE is the loader's load bias (Linux: interp_load_addr), which
     * for a loader linked at 0 is where it starts */
    img->interp_base = bias;
    img->interp_entry = entry;
    rc = 0;
out:
    if (rc != 0 && mapped)
        gs_unmap(gs, start, end - start);
    elf_file_close(&f);
    return rc;
}
