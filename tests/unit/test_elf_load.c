/*
 * ferry - unit tests for loading ELF executables and their dynamic loader
 * (linux-user/elf_load.c) and for the auxiliary vector of the initial stack
 * (linux-user/initial_stack.c).
 *
 * Real files: build/guest/dyn_hello.elf (a PIE linked against glibc, built by
 * the Makefile; $FERRY_GUEST_BUILD overrides build/guest), hello_stdio.elf
 * (static), and Debian's RISC-V dynamic loader
 * /usr/riscv64-linux-gnu/lib/ld-linux-riscv64-lp64d.so.1 ($FERRY_SYSROOT
 * overrides /usr/riscv64-linux-gnu). Expected values are read from those
 * files with libelf, independently of the loader. Small ELF files made here
 * in temporary files cover RV32, odd loaders and corrupt input.
 *
 * Expected behaviour follows Linux's fs/binfmt_elf.c: ET_DYN executables at
 * ELF_ET_DYN_BASE, the interpreter placed like an mmap (top-down below the
 * mmap top), AT_BASE = the interpreter's load bias.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "elf_load.h"
#include "initial_stack.h"

#define PG GUEST_PAGE_SIZE
#define SPACE64 (1ull << 38)
#define SPACE32 (1ull << 32)
/* the layout run.c uses: stack 1 MiB below the top (RV64) or at 2 GiB
 * (RV32), mmap allocations below the stack and a 16 MiB gap */
#define STACK_TOP64 (SPACE64 - (1ull << 20))
#define STACK_TOP32 0x80000000ull
#define MMAP_TOP(stack_top) ((stack_top) - LU_STACK_SIZE - (16ull << 20))
#define PIE_BASE64 0x2aaaaaa000ull
#define PIE_BASE32 0x55555000ull

static GuestSpace gs;
static char tmpdir[] = "/tmp/ferry-elf-XXXXXX";
static char dyn_hello[4096], hello_static[4096], rv32_static[4096], ld_so[4096];

/* ---- files ---- */

static void guest_file(char *out, const char *name)
{
    const char *dir = getenv("FERRY_GUEST_BUILD");
    snprintf(out, 4096, "%s/%s", dir && *dir ? dir : "build/guest", name);
}

static int prepare(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return -1;
    }
    guest_file(dyn_hello, "dyn_hello.elf");
    guest_file(hello_static, "hello_stdio.elf");
    guest_file(rv32_static, "rv32_hello.elf");
    const char *sysroot = getenv("FERRY_SYSROOT");
    snprintf(ld_so, sizeof ld_so, "%s/lib/ld-linux-riscv64-lp64d.so.1",
             sysroot && *sysroot ? sysroot : "/usr/riscv64-linux-gnu");
    const char *need[] = { dyn_hello, hello_static, rv32_static, ld_so };
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (access(need[i], R_OK) != 0) {
            fprintf(stderr, "test_elf_load: %s is missing (make test-build builds the guest programs; the "
                            "loader comes with Debian's libc6-riscv64-cross)\n",
                    need[i]);
            return -1;
        }
    elf_version(EV_CURRENT);
    return 0;
}

static void cleanup(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "test_elf_load: could not remove %s\n", tmpdir);
}

static int setup64(void **state)
{
    (void)state;
    char err[256];
    if (gs_init(&gs, SPACE64, err, sizeof err) != 0) {
        fprintf(stderr, "gs_init: %s\n", err);
        return -1;
    }
    gs.mmap_top = MMAP_TOP(STACK_TOP64);
    return 0;
}

static int setup32(void **state)
{
    (void)state;
    char err[256];
    if (gs_init(&gs, SPACE32, err, sizeof err) != 0) {
        fprintf(stderr, "gs_init: %s\n", err);
        return -1;
    }
    gs.mmap_top = MMAP_TOP(STACK_TOP32);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    gs_destroy(&gs);
    return 0;
}

/* The headers of a real file, read with libelf. */
typedef struct FileInfo {
    GElf_Ehdr eh;
    GElf_Phdr ph[32];
    size_t phnum;
    char interp[256];
} FileInfo;

static void read_info(const char *path, FileInfo *fi)
{
    memset(fi, 0, sizeof *fi);
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    Elf *e = elf_begin(fd, ELF_C_READ, NULL);
    assert_non_null(e);
    assert_non_null(gelf_getehdr(e, &fi->eh));
    assert_int_equal(elf_getphdrnum(e, &fi->phnum), 0);
    assert_true(fi->phnum <= 32);
    for (size_t i = 0; i < fi->phnum; i++) {
        assert_non_null(gelf_getphdr(e, (int)i, &fi->ph[i]));
        if (fi->ph[i].p_type == PT_INTERP) {
            assert_true(fi->ph[i].p_filesz < sizeof fi->interp);
            assert_int_equal(pread(fd, fi->interp, fi->ph[i].p_filesz, (off_t)fi->ph[i].p_offset),
                             (ssize_t)fi->ph[i].p_filesz);
        }
    }
    elf_end(e);
    close(fd);
}

static uint64_t page_up(uint64_t v) { return (v + PG - 1) & ~(PG - 1); }

static int prot_of(uint32_t f)
{
    return ((f & PF_R) ? PROT_READ : 0) | ((f & PF_W) ? PROT_WRITE : 0) | ((f & PF_X) ? PROT_EXEC : 0);
}

static int count_vmas(void)
{
    int n = 0;
    for (const GuestVma *v = gs.vmas; v; v = v->next)
        n++;
    return n;
}

/* Every PT_LOAD segment of fi is in guest memory at bias: its file bytes,
 * zeros after them (bss), and pages with the segment's protections. Assumes
 * no two segments share a page, as in the files tested. */
static void check_segments(const char *path, const FileInfo *fi, uint64_t bias)
{
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    for (size_t i = 0; i < fi->phnum; i++) {
        const GElf_Phdr *ph = &fi->ph[i];
        if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
            continue;
        uint64_t va = ph->p_vaddr + bias;
        /* protections of the first and the last page */
        const GuestVma *v = gs_find_vma(&gs, va);
        assert_non_null(v);
        assert_int_equal(v->prot, prot_of(ph->p_flags));
        v = gs_find_vma(&gs, va + ph->p_memsz - 1);
        assert_non_null(v);
        assert_int_equal(v->prot, prot_of(ph->p_flags));
        /* contents */
        uint8_t *want = malloc(ph->p_filesz + 1);
        assert_non_null(want);
        assert_int_equal(pread(fd, want, ph->p_filesz, (off_t)ph->p_offset), (ssize_t)ph->p_filesz);
        assert_memory_equal(gs.base + va, want, ph->p_filesz);
        free(want);
        for (uint64_t a = va + ph->p_filesz; a < page_up(va + ph->p_memsz); a++)
            if (gs.base[a] != 0)
                fail_msg("segment %zu: byte at 0x%llx past the file contents is 0x%02x, not 0", i,
                         (unsigned long long)a, gs.base[a]);
    }
    close(fd);
}

/* Span of the PT_LOAD segments, page aligned. */
static void span_of(const FileInfo *fi, uint64_t *lo, uint64_t *hi)
{
    *lo = UINT64_MAX;
    *hi = 0;
    for (size_t i = 0; i < fi->phnum; i++) {
        const GElf_Phdr *ph = &fi->ph[i];
        if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
            continue;
        if (ph->p_vaddr < *lo)
            *lo = ph->p_vaddr;
        if (ph->p_vaddr + ph->p_memsz > *hi)
            *hi = ph->p_vaddr + ph->p_memsz;
    }
    *lo &= ~(PG - 1);
    *hi = page_up(*hi);
}

/* A one-line message: not empty, no newline. */
static void assert_one_line(const char *err)
{
    assert_true(err[0] != 0);
    assert_null(strchr(err, '\n'));
}

static void assert_contains(const char *s, const char *part)
{
    if (!strstr(s, part))
        fail_msg("\"%s\" does not contain \"%s\"", s, part);
}

/* ---- small ELF files made here ---- */

typedef struct Seg {
    uint32_t type, flags;
    uint64_t offset, vaddr, filesz, memsz, align;
} Seg;

typedef struct MiniElf {
    int cls;            /* ELFCLASS32 / ELFCLASS64 */
    int type;           /* ET_EXEC / ET_DYN */
    int machine;
    uint64_t entry;
    Seg seg[4];
    int nseg;
    const char *interp; /* written at file offset 0x800 when set */
    uint64_t interp_size; /* 0: strlen + 1 */
    size_t file_size;   /* bytes of the file (at least the headers) */
} MiniElf;

#define MINI_INTERP_OFF 0x800

/* Write m to a new file in tmpdir; the bytes past the headers are a
 * pattern (i + 1) so that contents can be checked. */
static void write_mini(const char *path, const MiniElf *m)
{
    size_t size = m->file_size ? m->file_size : 0x2000;
    uint8_t *buf = calloc(1, size);
    assert_non_null(buf);
    size_t hdr_end;
    if (m->cls == ELFCLASS64) {
        Elf64_Ehdr eh = { 0 };
        memcpy(eh.e_ident, ELFMAG, SELFMAG);
        eh.e_ident[EI_CLASS] = ELFCLASS64;
        eh.e_ident[EI_DATA] = ELFDATA2LSB;
        eh.e_ident[EI_VERSION] = EV_CURRENT;
        eh.e_type = (uint16_t)m->type;
        eh.e_machine = (uint16_t)m->machine;
        eh.e_version = EV_CURRENT;
        eh.e_entry = m->entry;
        eh.e_phoff = sizeof eh;
        eh.e_ehsize = sizeof eh;
        eh.e_phentsize = sizeof(Elf64_Phdr);
        eh.e_phnum = (uint16_t)m->nseg;
        eh.e_flags = 0x5;
        memcpy(buf, &eh, sizeof eh);
        for (int i = 0; i < m->nseg; i++) {
            Elf64_Phdr ph = { .p_type = m->seg[i].type, .p_flags = m->seg[i].flags, .p_offset = m->seg[i].offset,
                              .p_vaddr = m->seg[i].vaddr, .p_paddr = m->seg[i].vaddr,
                              .p_filesz = m->seg[i].filesz, .p_memsz = m->seg[i].memsz,
                              .p_align = m->seg[i].align };
            memcpy(buf + sizeof eh + i * sizeof ph, &ph, sizeof ph);
        }
        hdr_end = sizeof eh + (size_t)m->nseg * sizeof(Elf64_Phdr);
    } else {
        Elf32_Ehdr eh = { 0 };
        memcpy(eh.e_ident, ELFMAG, SELFMAG);
        eh.e_ident[EI_CLASS] = ELFCLASS32;
        eh.e_ident[EI_DATA] = ELFDATA2LSB;
        eh.e_ident[EI_VERSION] = EV_CURRENT;
        eh.e_type = (uint16_t)m->type;
        eh.e_machine = (uint16_t)m->machine;
        eh.e_version = EV_CURRENT;
        eh.e_entry = (uint32_t)m->entry;
        eh.e_phoff = sizeof eh;
        eh.e_ehsize = sizeof eh;
        eh.e_phentsize = sizeof(Elf32_Phdr);
        eh.e_phnum = (uint16_t)m->nseg;
        eh.e_flags = 0x5;
        memcpy(buf, &eh, sizeof eh);
        for (int i = 0; i < m->nseg; i++) {
            Elf32_Phdr ph = { .p_type = m->seg[i].type, .p_flags = m->seg[i].flags,
                              .p_offset = (uint32_t)m->seg[i].offset, .p_vaddr = (uint32_t)m->seg[i].vaddr,
                              .p_paddr = (uint32_t)m->seg[i].vaddr, .p_filesz = (uint32_t)m->seg[i].filesz,
                              .p_memsz = (uint32_t)m->seg[i].memsz, .p_align = (uint32_t)m->seg[i].align };
            memcpy(buf + sizeof eh + i * sizeof ph, &ph, sizeof ph);
        }
        hdr_end = sizeof eh + (size_t)m->nseg * sizeof(Elf32_Phdr);
    }
    assert_true(hdr_end <= MINI_INTERP_OFF && size > MINI_INTERP_OFF + 0x200);
    for (size_t i = hdr_end; i < size; i++)
        buf[i] = (uint8_t)(i + 1);
    if (m->interp) {
        size_t n = m->interp_size ? m->interp_size : strlen(m->interp) + 1;
        memset(buf + MINI_INTERP_OFF, 0, n);
        memcpy(buf + MINI_INTERP_OFF, m->interp, strlen(m->interp) < n ? strlen(m->interp) : n);
    }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
    free(buf);
}

static void tmp_path(char *out, const char *name)
{
    snprintf(out, 4096, "%s/%s", tmpdir, name);
}

/* A typical small ET_DYN: text (R X) at 0 holding the headers, data (R W)
 * one page up with some bss; optional PT_INTERP. */
static MiniElf mini_dyn(int cls, const char *interp)
{
    MiniElf m = { .cls = cls, .type = ET_DYN, .machine = EM_RISCV, .entry = 0x100 };
    m.seg[m.nseg++] = (Seg){ PT_LOAD, PF_R | PF_X, 0, 0, 0x1000, 0x1000, 0x1000 };
    m.seg[m.nseg++] = (Seg){ PT_LOAD, PF_R | PF_W, 0x1000, 0x1000, 0x800, 0x1800, 0x1000 };
    if (interp) {
        m.seg[m.nseg++] = (Seg){ PT_INTERP, PF_R, MINI_INTERP_OFF, MINI_INTERP_OFF, strlen(interp) + 1,
                                 strlen(interp) + 1, 1 };
        m.interp = interp;
    }
    return m;
}

/* ---- the auxiliary vector ---- */

typedef struct Auxv {
    uint64_t sp, argc;
    uint64_t key[64], val[64];
    int n;
} Auxv;

static uint64_t rd(uint64_t at, unsigned word)
{
    uint8_t *p = gs_ptr(&gs, at, word, PROT_READ);
    assert_non_null(p);
    if (word == 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        return v;
    }
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static void build_stack(const ElfImage *img, uint64_t stack_top, Auxv *a)
{
    char *argv[] = { "prog", "one", NULL };
    char *envp[] = { "A=1", NULL };
    char err[256] = "";
    a->sp = lu_setup_stack(&gs, img, stack_top, 2, argv, envp, "/guest/prog", err, sizeof err);
    if (a->sp == 0)
        fail_msg("lu_setup_stack: %s", err);
    assert_int_equal(a->sp % 16, 0);
    unsigned w = img->xlen / 8;
    uint64_t at = a->sp;
    a->argc = rd(at, w);
    assert_int_equal(a->argc, 2);
    at += w * (a->argc + 1);        /* argv and its NULL */
    while (rd(at, w) != 0)          /* envp */
        at += w;
    at += w;
    a->n = 0;
    for (;;) {
        assert_true(a->n < 64);
        a->key[a->n] = rd(at, w);
        a->val[a->n] = rd(at + w, w);
        at += 2 * w;
        if (a->key[a->n] == AT_NULL)
            break;
        a->n++;
    }
}

static bool aux_has(const Auxv *a, uint64_t key)
{
    for (int i = 0; i < a->n; i++)
        if (a->key[i] == key)
            return true;
    return false;
}

static uint64_t aux(const Auxv *a, uint64_t key)
{
    for (int i = 0; i < a->n; i++)
        if (a->key[i] == key)
            return a->val[i];
    fail_msg("auxv has no entry %llu", (unsigned long long)key);
    return 0;
}

/* ---- probing ---- */

static void test_probe_accepts_dynamic_and_static(void **state)
{
    (void)state;
    unsigned xlen = 0;
    char err[256] = "";
    assert_int_equal(elf_probe(dyn_hello, &xlen, err, sizeof err), 0);
    assert_int_equal(xlen, 64);
    assert_int_equal(elf_probe(hello_static, &xlen, err, sizeof err), 0);
    assert_int_equal(xlen, 64);
    assert_int_equal(elf_probe(rv32_static, &xlen, err, sizeof err), 0);
    assert_int_equal(xlen, 32);
}

/* ---- the executable ---- */

static void test_load_dynamic_pie(void **state)
{
    (void)state;
    FileInfo fi;
    read_info(dyn_hello, &fi);
    assert_int_equal(fi.eh.e_type, ET_DYN);
    assert_true(fi.interp[0] != 0);

    ElfImage img;
    char err[256] = "";
    if (elf_load(&gs, dyn_hello, &img, err, sizeof err) != 0)
        fail_msg("elf_load: %s", err);
    assert_int_equal(img.xlen, 64);
    assert_string_equal(img.interp, fi.interp);
    assert_string_equal(img.interp, "/lib/ld-linux-riscv64-lp64d.so.1");
    uint64_t lo, hi;
    span_of(&fi, &lo, &hi);
    assert_int_equal(img.load_bias + lo, PIE_BASE64);
    assert_int_equal(img.entry, fi.eh.e_entry + img.load_bias);
    assert_int_equal(img.phent, sizeof(Elf64_Phdr));
    assert_int_equal(img.phnum, fi.phnum);
    for (size_t i = 0; i < fi.phnum; i++)
        if (fi.ph[i].p_type == PT_PHDR)
            assert_int_equal(img.phdr, fi.ph[i].p_vaddr + img.load_bias);
    uint32_t first_type;
    memcpy(&first_type, gs.base + img.phdr, 4);
    assert_int_equal(first_type, fi.ph[0].p_type);
    assert_int_equal(img.brk, page_up(hi + img.load_bias));
    assert_int_equal(img.eflags, (uint32_t)fi.eh.e_flags);
    /* nothing of the loader yet */
    assert_int_equal(img.interp_base, 0);
    assert_int_equal(img.interp_entry, 0);
    check_segments(dyn_hello, &fi, img.load_bias);
    assert_true(gs_can_exec(&gs, img.entry, 4));
    /* no page outside the segments is mapped */
    for (const GuestVma *v = gs.vmas; v; v = v->next)
        assert_true(v->start >= lo + img.load_bias && v->end <= hi + img.load_bias);
}

static void test_load_static_has_no_interp(void **state)
{
    (void)state;
    ElfImage img;
    char err[256] = "";
    if (elf_load(&gs, hello_static, &img, err, sizeof err) != 0)
        fail_msg("elf_load: %s", err);
    assert_string_equal(img.interp, "");
    assert_int_equal(img.load_bias, 0);
    assert_int_equal(img.interp_base, 0);
    assert_int_equal(img.interp_entry, 0);
    FileInfo fi;
    read_info(hello_static, &fi);
    assert_int_equal(img.entry, fi.eh.e_entry);
    check_segments(hello_static, &fi, 0);
}

static void test_load_rejects_bad_pt_interp(void **state)
{
    (void)state;
    char path[4096], err[256];
    ElfImage img;
    /* not NUL-terminated */
    MiniElf m = mini_dyn(ELFCLASS64, "/lib/ld.so");
    m.interp_size = 4;
    m.seg[2].filesz = m.seg[2].memsz = 4;
    tmp_path(path, "interp-unterminated");
    write_mini(path, &m);
    assert_int_equal(elf_load(&gs, path, &img, err, sizeof err), -1);
    assert_one_line(err);
    assert_contains(err, "interpreter");
    assert_null(gs.vmas);
    /* longer than ferry takes */
    char longname[400];
    memset(longname, 'x', sizeof longname - 1);
    longname[0] = '/';
    longname[sizeof longname - 1] = 0;
    m = mini_dyn(ELFCLASS64, longname);
    tmp_path(path, "interp-long");
    write_mini(path, &m);
    assert_int_equal(elf_load(&gs, path, &img, err, sizeof err), -1);
    assert_one_line(err);
    assert_contains(err, "too long");
    assert_null(gs.vmas);
    /* past the end of the file */
    m = mini_dyn(ELFCLASS64, "/lib/ld.so");
    m.seg[2].offset = 0x10000;
    tmp_path(path, "interp-past-end");
    write_mini(path, &m);
    assert_int_equal(elf_load(&gs, path, &img, err, sizeof err), -1);
    assert_one_line(err);
    assert_contains(err, "truncated");
    assert_null(gs.vmas);
}

static void test_load_pie_base_follows_segment_alignment(void **state)
{
    (void)state;
    MiniElf m = mini_dyn(ELFCLASS64, "/lib/ld.so");
    m.seg[0].align = m.seg[1].align = 0x10000;
    char path[4096], err[256] = "";
    tmp_path(path, "align64k");
    write_mini(path, &m);
    ElfImage img;
    if (elf_load(&gs, path, &img, err, sizeof err) != 0)
        fail_msg("elf_load: %s", err);
    assert_int_equal(img.load_bias, PIE_BASE64 & ~0xffffull);
    assert_string_equal(img.interp, "/lib/ld.so");
}

/* ---- the dynamic loader ---- */

static void load_dyn_hello(ElfImage *img)
{
    char err[256] = "";
    if (elf_load(&gs, dyn_hello, img, err, sizeof err) != 0)
        fail_msg("elf_load: %s", err);
}

static void test_interp_placed_below_mmap_top(void **state)
{
    (void)state;
    ElfImage img;
    load_dyn_hello(&img);
    uint64_t bias = img.load_bias, entry = img.entry, phdr = img.phdr;
    int before = count_vmas();
    char err[256] = "";
    if (elf_load_interp(&gs, ld_so, &img, err, sizeof err) != 0)
        fail_msg("elf_load_interp: %s", err);

    FileInfo fi;
    read_info(ld_so, &fi);
    assert_int_equal(fi.eh.e_type, ET_DYN);
    uint64_t lo, hi;
    span_of(&fi, &lo, &hi);
    assert_int_equal(lo, 0);
    /* top-down, like Linux's mmap: the highest free range below mmap_top */
    assert_int_equal(img.interp_base % PG, 0);
    assert_int_equal(img.interp_base + hi, gs.mmap_top);
    assert_int_equal(img.interp_entry, img.interp_base + fi.eh.e_entry);
    assert_true(gs_can_exec(&gs, img.interp_entry, 4));
    check_segments(ld_so, &fi, img.interp_base);
    assert_true(count_vmas() > before);
    /* the executable is untouched */
    assert_int_equal(img.load_bias, bias);
    assert_int_equal(img.entry, entry);
    assert_int_equal(img.phdr, phdr);
    assert_string_equal(img.interp, "/lib/ld-linux-riscv64-lp64d.so.1");
    assert_true(gs_can_exec(&gs, img.entry, 4));
}

static void test_interp_goes_below_what_is_mapped(void **state)
{
    (void)state;
    ElfImage img;
    load_dyn_hello(&img);
    /* something already at the top of the mmap area */
    uint64_t taken = gs.mmap_top - 0x100000;
    assert_int_equal(gs_map(&gs, taken, 0x100000, PROT_READ, GS_MAP_FIXED, -1, 0, "x"), (int64_t)taken);
    char err[256] = "";
    if (elf_load_interp(&gs, ld_so, &img, err, sizeof err) != 0)
        fail_msg("elf_load_interp: %s", err);
    FileInfo fi;
    read_info(ld_so, &fi);
    uint64_t lo, hi;
    span_of(&fi, &lo, &hi);
    assert_int_equal(img.interp_base + hi, taken);
}

static void test_auxv_of_dynamic_program(void **state)
{
    (void)state;
    ElfImage img;
    load_dyn_hello(&img);
    char err[256] = "";
    if (elf_load_interp(&gs, ld_so, &img, err, sizeof err) != 0)
        fail_msg("elf_load_interp: %s", err);
    Auxv a;
    build_stack(&img, STACK_TOP64, &a);
    assert_int_equal(aux(&a, AT_BASE), img.interp_base);
    assert_true(aux(&a, AT_BASE) != 0);
    assert_int_equal(aux(&a, AT_ENTRY), img.entry); /* the program's, not the loader's */
    assert_int_equal(aux(&a, AT_PHDR), img.phdr);
    assert_int_equal(aux(&a, AT_PHENT), 56);
    assert_int_equal(aux(&a, AT_PHNUM), img.phnum);
    assert_int_equal(aux(&a, AT_PAGESZ), 4096);
    assert_int_equal(aux(&a, AT_CLKTCK), (uint64_t)sysconf(_SC_CLK_TCK));
    assert_int_equal(aux(&a, AT_FLAGS), 0);
    assert_int_equal(aux(&a, AT_SECURE), 0);
    assert_int_equal(aux(&a, AT_UID), getuid());
    assert_int_equal(aux(&a, AT_EUID), geteuid());
    assert_int_equal(aux(&a, AT_GID), getgid());
    assert_int_equal(aux(&a, AT_EGID), getegid());
    assert_int_equal(aux(&a, AT_HWCAP), 0x112d); /* I M A F D C */
    assert_int_equal(aux(&a, 51 /* AT_MINSIGSTKSZ */), 1088);
    /* AT_RANDOM: 16 bytes on the stack; AT_EXECFN: the name given */
    uint64_t rnd = aux(&a, AT_RANDOM);
    assert_true(rnd > a.sp && rnd + 16 <= STACK_TOP64);
    uint64_t fn = aux(&a, AT_EXECFN);
    assert_true(fn > a.sp && fn < STACK_TOP64);
    assert_int_equal(gs_strlen(&gs, fn, 100), strlen("/guest/prog"));
    assert_string_equal((char *)gs.base + fn, "/guest/prog");
    /* what RISC-V Linux does not give, nor ferry (no vDSO) */
    assert_false(aux_has(&a, AT_PLATFORM));
    assert_false(aux_has(&a, AT_BASE_PLATFORM));
    assert_false(aux_has(&a, AT_HWCAP2));
    assert_false(aux_has(&a, AT_SYSINFO_EHDR));
    /* the stack did not land on the loader */
    assert_true(img.interp_base + 0x100000 <= STACK_TOP64 - LU_STACK_SIZE);
}

static void test_auxv_of_static_program(void **state)
{
    (void)state;
    ElfImage img;
    char err[256] = "";
    if (elf_load(&gs, hello_static, &img, err, sizeof err) != 0)
        fail_msg("elf_load: %s", err);
    Auxv a;
    build_stack(&img, STACK_TOP64, &a);
    assert_int_equal(aux(&a, AT_BASE), 0);
    assert_int_equal(aux(&a, AT_ENTRY), img.entry);
    assert_int_equal(aux(&a, AT_PHDR), img.phdr);
}

static void test_stack_never_maps_over_the_loader(void **state)
{
    (void)state;
    /* a caller that forgot to lower mmap_top: the loader lands at the very
     * top, where the stack goes; the stack then refuses rather than
     * clobbering it */
    gs.mmap_top = gs.size;
    ElfImage img;
    load_dyn_hello(&img);
    char err[256] = "";
    if (elf_load_interp(&gs, ld_so, &img, err, sizeof err) != 0)
        fail_msg("elf_load_interp: %s", err);
    char *argv[] = { "prog", NULL };
    assert_int_equal(lu_setup_stack(&gs, &img, gs.size, 1, argv, NULL, "prog", err, sizeof err), 0);
    assert_one_line(err);
    assert_contains(err, "stack");
    assert_true(gs_can_exec(&gs, img.interp_entry, 4));
}

/* ---- loader errors: one line, nothing left mapped ---- */

static void expect_interp_error(const char *loader, const char *part)
{
    /* a fresh space for each case */
    teardown(NULL);
    assert_int_equal(setup64(NULL), 0);
    ElfImage img;
    load_dyn_hello(&img);
    int before = count_vmas();
    char err[512] = "";
    assert_int_equal(elf_load_interp(&gs, loader, &img, err, sizeof err), -1);
    assert_one_line(err);
    assert_contains(err, part);
    assert_contains(err, "/lib/ld-linux-riscv64-lp64d.so.1"); /* names the loader the program wants */
    assert_int_equal(count_vmas(), before);
    assert_int_equal(img.interp_base, 0);
    assert_int_equal(img.interp_entry, 0);
}

static void test_interp_missing(void **state)
{
    (void)state;
    char path[4096];
    tmp_path(path, "no-such-sysroot/lib/ld-linux-riscv64-lp64d.so.1");
    expect_interp_error(path, "--sysroot");
    expect_interp_error(path, "not found");
}

static void test_interp_wrong_class(void **state)
{
    (void)state;
    char path[4096];
    MiniElf m = mini_dyn(ELFCLASS32, NULL);
    tmp_path(path, "ld32.so");
    write_mini(path, &m);
    expect_interp_error(path, "32-bit");
    /* a real 32-bit RISC-V program, too */
    expect_interp_error(rv32_static, "32-bit");
}

static void test_interp_wrong_machine(void **state)
{
    (void)state;
    char path[4096];
    MiniElf m = mini_dyn(ELFCLASS64, NULL);
    m.machine = EM_X86_64;
    tmp_path(path, "ld-x86.so");
    write_mini(path, &m);
    expect_interp_error(path, "wrong machine");
}

static void test_interp_truncated(void **state)
{
    (void)state;
    char path[4096];
    tmp_path(path, "ld-truncated.so");
    int in = open(ld_so, O_RDONLY), out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(in >= 0 && out >= 0);
    char buf[3000];
    assert_int_equal(read(in, buf, sizeof buf), (ssize_t)sizeof buf);
    assert_int_equal(write(out, buf, sizeof buf), (ssize_t)sizeof buf);
    close(in);
    close(out);
    expect_interp_error(path, "truncated");
    /* cut inside the ELF header */
    assert_int_equal(truncate(path, 20), 0);
    expect_interp_error(path, "truncated");
}

static void test_interp_not_elf(void **state)
{
    (void)state;
    char path[4096];
    tmp_path(path, "ld-text.so");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("#!/bin/sh\necho not a loader\n", f);
    fclose(f);
    expect_interp_error(path, "not an ELF");
    expect_interp_error(tmpdir, "not a regular file");
}

static void test_interp_entry_not_executable(void **state)
{
    (void)state;
    char path[4096];
    MiniElf m = mini_dyn(ELFCLASS64, NULL);
    m.entry = 0x1100; /* in the data segment */
    tmp_path(path, "ld-bad-entry.so");
    write_mini(path, &m);
    expect_interp_error(path, "entry point");
}

/* ---- loaders linked at a fixed address (ET_EXEC) ---- */

static void test_interp_et_exec_at_its_address(void **state)
{
    (void)state;
    char path[4096];
    MiniElf m = mini_dyn(ELFCLASS64, NULL);
    m.type = ET_EXEC;
    m.seg[0].vaddr = 0x7000000;
    m.seg[1].vaddr = 0x7001000;
    m.entry = 0x7000100;
    tmp_path(path, "ld-exec.so");
    write_mini(path, &m);
    ElfImage img;
    load_dyn_hello(&img);
    char err[256] = "";
    if (elf_load_interp(&gs, path, &img, err, sizeof err) != 0)
        fail_msg("elf_load_interp: %s", err);
    assert_int_equal(img.interp_entry, 0x7000100);
    assert_int_equal(img.interp_base, 0); /* Linux: AT_BASE is the load bias */
    assert_int_equal(gs_find_vma(&gs, 0x7000000)->prot, PROT_READ | PROT_EXEC);
    assert_int_equal(gs_find_vma(&gs, 0x7002000)->prot, PROT_READ | PROT_WRITE);
    /* file bytes, then bss zeros */
    assert_int_equal(gs.base[0x7001000], (uint8_t)(0x1000 + 1));
    assert_int_equal(gs.base[0x7001900], 0);
    assert_null(gs_find_vma(&gs, 0x7003000));

    /* loaded again, its addresses are taken: refused, nothing changed */
    int before = count_vmas();
    ElfImage img2 = img;
    img2.interp_base = img2.interp_entry = 0;
    assert_int_equal(elf_load_interp(&gs, path, &img2, err, sizeof err), -1);
    assert_one_line(err);
    assert_contains(err, "no room");
    assert_int_equal(count_vmas(), before);
    assert_int_equal(gs_find_vma(&gs, 0x7000000)->prot, PROT_READ | PROT_EXEC);
}

/* ---- RV32 ---- */

static void test_rv32_dynamic_program(void **state)
{
    (void)state;
    char exe[4096], ld[4096], err[256] = "";
    const char *name = "/lib/ld-linux-riscv32-ilp32d.so.1";
    MiniElf m = mini_dyn(ELFCLASS32, name);
    tmp_path(exe, "exe32");
    write_mini(exe, &m);
    MiniElf l = mini_dyn(ELFCLASS32, NULL);
    l.entry = 0x40;
    tmp_path(ld, "ld32");
    write_mini(ld, &l);

    unsigned xlen = 0;
    assert_int_equal(elf_probe(exe, &xlen, err, sizeof err), 0);
    assert_int_equal(xlen, 32);
    ElfImage img;
    if (elf_load(&gs, exe, &img, err, sizeof err) != 0)
        fail_msg("elf_load: %s", err);
    assert_int_equal(img.xlen, 32);
    assert_string_equal(img.interp, name);
    assert_int_equal(img.load_bias, PIE_BASE32);
    assert_int_equal(img.entry, PIE_BASE32 + 0x100);
    assert_int_equal(img.phdr, PIE_BASE32 + sizeof(Elf32_Ehdr));
    assert_int_equal(img.phent, sizeof(Elf32_Phdr));
    assert_int_equal(img.brk, PIE_BASE32 + 0x3000);
    if (elf_load_interp(&gs, ld, &img, err, sizeof err) != 0)
        fail_msg("elf_load_interp: %s", err);
    assert_int_equal(img.interp_base, gs.mmap_top - 0x3000);
    assert_int_equal(img.interp_entry, img.interp_base + 0x40);
    assert_int_equal(gs_find_vma(&gs, img.interp_base)->prot, PROT_READ | PROT_EXEC);
    assert_int_equal(gs_find_vma(&gs, img.interp_base + 0x2fff)->prot, PROT_READ | PROT_WRITE);

    Auxv a;
    build_stack(&img, STACK_TOP32, &a);
    assert_int_equal(aux(&a, AT_BASE), img.interp_base);
    assert_int_equal(aux(&a, AT_ENTRY), img.entry);
    assert_int_equal(aux(&a, AT_PHDR), img.phdr);
    assert_int_equal(aux(&a, AT_PHENT), 32);
    assert_int_equal(aux(&a, 51 /* AT_MINSIGSTKSZ */), 944);

    /* an RV64 loader for it: wrong class */
    ElfImage img2;
    gs_destroy(&gs);
    assert_int_equal(gs_init(&gs, SPACE32, err, sizeof err), 0);
    gs.mmap_top = MMAP_TOP(STACK_TOP32);
    if (elf_load(&gs, exe, &img2, err, sizeof err) != 0)
        fail_msg("elf_load: %s", err);
    int before = count_vmas();
    assert_int_equal(elf_load_interp(&gs, ld_so, &img2, err, sizeof err), -1);
    assert_one_line(err);
    assert_contains(err, "64-bit");
    assert_contains(err, name);
    assert_int_equal(count_vmas(), before);
}

int main(void)
{
#define T64(f) cmocka_unit_test_setup_teardown(f, setup64, teardown)
#define T32(f) cmocka_unit_test_setup_teardown(f, setup32, teardown)
    const struct CMUnitTest exe[] = {
        T64(test_probe_accepts_dynamic_and_static),
        T64(test_load_dynamic_pie),
        T64(test_load_static_has_no_interp),
        T64(test_load_rejects_bad_pt_interp),
        T64(test_load_pie_base_follows_segment_alignment),
    };
    const struct CMUnitTest interp[] = {
        T64(test_interp_placed_below_mmap_top),
        T64(test_interp_goes_below_what_is_mapped),
        T64(test_auxv_of_dynamic_program),
        T64(test_auxv_of_static_program),
        T64(test_stack_never_maps_over_the_loader),
        T64(test_interp_et_exec_at_its_address),
        T32(test_rv32_dynamic_program),
    };
    const struct CMUnitTest errors[] = {
        T64(test_interp_missing),
        T64(test_interp_wrong_class),
        T64(test_interp_wrong_machine),
        T64(test_interp_truncated),
        T64(test_interp_not_elf),
        T64(test_interp_entry_not_executable),
    };
#undef T64
#undef T32
    if (prepare() != 0)
        return 1;
    int failed = 0;
    failed += cmocka_run_group_tests_name("elf_load", exe, NULL, NULL);
    failed += cmocka_run_group_tests_name("elf_load_interp", interp, NULL, NULL);
    failed += cmocka_run_group_tests_name("elf_load_interp_errors", errors, NULL, NULL);
    cleanup();
    return failed;
}
