/*
 * The bare-metal test machine; see bare.h. Guest physical memory is a host
 * window starting at physical address 0 in which only the RAM is mapped, so a
 * physical address is an offset, as in user mode.
 */
#include "bare.h"

#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../cpu/riscv/rv.h"
#include "../../cpu/tcache.h"
#include "../htif.h"

#ifndef EM_RISCV
#define EM_RISCV 243
#endif

typedef struct BareElf {
    int fd;
    Elf *elf;
    GElf_Ehdr ehdr;
    uint64_t file_size;
} BareElf;

static void bare_elf_close(BareElf *f)
{
    if (f->elf)
        elf_end(f->elf);
    if (f->fd >= 0)
        close(f->fd);
}

static int bare_elf_open(BareElf *f, const char *path, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->fd = -1;
    elf_version(EV_CURRENT);
    f->fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (f->fd < 0 || fstat(f->fd, &st) != 0) {
        snprintf(err, errlen, "%s: cannot open", path);
        goto fail;
    }
    f->file_size = (uint64_t)st.st_size;
    f->elf = elf_begin(f->fd, ELF_C_READ, NULL);
    if (!f->elf || elf_kind(f->elf) != ELF_K_ELF || !gelf_getehdr(f->elf, &f->ehdr)) {
        snprintf(err, errlen, "%s: not an ELF file", path);
        goto fail;
    }
    if (f->ehdr.e_machine != EM_RISCV) {
        snprintf(err, errlen, "%s: wrong machine: ELF machine %u (ferry runs RISC-V programs)", path,
                 f->ehdr.e_machine);
        goto fail;
    }
    return 0;
fail:
    bare_elf_close(f);
    return -1;
}

/* Value of a symbol from .symtab; false when absent. */
static bool find_symbol(Elf *elf, const char *name, uint64_t *value)
{
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(elf, scn)) != NULL) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || sh.sh_entsize == 0)
            continue;
        Elf_Data *data = elf_getdata(scn, NULL);
        if (!data)
            continue;
        size_t count = sh.sh_size / sh.sh_entsize;
        for (size_t i = 0; i < count; i++) {
            GElf_Sym sym;
            if (!gelf_getsym(data, (int)i, &sym))
                break;
            const char *n = elf_strptr(elf, sh.sh_link, sym.st_name);
            if (n && strcmp(n, name) == 0) {
                *value = sym.st_value;
                return true;
            }
        }
    }
    return false;
}

bool bare_elf_wants_htif(const char *path)
{
    BareElf f;
    char err[256];
    if (bare_elf_open(&f, path, err, sizeof err) != 0)
        return false;
    uint64_t v;
    bool yes = find_symbol(f.elf, "tohost", &v);
    bare_elf_close(&f);
    return yes;
}

/* Copy the PT_LOAD segments to their physical addresses in RAM. */
static int load_segments(BareElf *f, const char *path, uint8_t *window, uint64_t ram_base, uint64_t ram_size,
                         char *err, size_t errlen)
{
    size_t phnum;
    if (elf_getphdrnum(f->elf, &phnum) != 0) {
        snprintf(err, errlen, "%s: truncated ELF file (program headers missing)", path);
        return -1;
    }
    for (size_t i = 0; i < phnum; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(f->elf, (int)i, &ph)) {
            snprintf(err, errlen, "%s: truncated ELF file (program header %zu unreadable)", path, i);
            return -1;
        }
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (ph.p_filesz > ph.p_memsz || ph.p_offset > f->file_size || ph.p_filesz > f->file_size - ph.p_offset) {
            snprintf(err, errlen, "%s: truncated or corrupt ELF file (segment %zu)", path, i);
            return -1;
        }
        if (ph.p_paddr < ram_base || ph.p_paddr - ram_base > ram_size || ph.p_memsz > ram_size - (ph.p_paddr - ram_base)) {
            snprintf(err, errlen,
                     "%s: segment %zu at 0x%" PRIx64 "-0x%" PRIx64 " lies outside RAM (0x%" PRIx64 "-0x%" PRIx64 ")",
                     path, i, (uint64_t)ph.p_paddr, (uint64_t)(ph.p_paddr + ph.p_memsz), ram_base,
                     ram_base + ram_size);
            return -1;
        }
        if (ph.p_filesz &&
            pread(f->fd, window + ph.p_paddr, ph.p_filesz, (off_t)ph.p_offset) != (ssize_t)ph.p_filesz) {
            snprintf(err, errlen, "%s: cannot read segment %zu", path, i);
            return -1;
        }
    }
    return 0;
}

typedef struct BareMachine {
    Htif htif;
    uint64_t max_insns;
    bool limit_hit;
} BareMachine;

static void bare_poll(RvCpu *cpu, void *opaque)
{
    BareMachine *m = opaque;
    if (htif_poll(&m->htif))
        cpu->stop_request = 1;
    if (m->max_insns && cpu->instret >= m->max_insns) {
        m->limit_hit = true;
        cpu->stop_request = 1;
    }
}

int bare_run(const BareOptions *opt)
{
    char err[512];
    BareElf f;
    if (bare_elf_open(&f, opt->path, err, sizeof err) != 0) {
        fprintf(stderr, "ferry: %s\n", err);
        return 1;
    }
    unsigned xlen = gelf_getclass(f.elf) == ELFCLASS32 ? 32 : 64;
    uint64_t ram_base = BARE_RAM_BASE;
    uint64_t ram_size = (opt->ram_mib ? opt->ram_mib : BARE_RAM_DEFAULT_MIB) << 20;
    uint64_t window = ram_base + ram_size;
    uint64_t guard = 1ull << 16;
    uint8_t *base = mmap(NULL, window + guard, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED ||
        mmap(base + ram_base, ram_size, PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
             -1, 0) == MAP_FAILED) {
        fprintf(stderr, "ferry: cannot reserve memory for the machine\n");
        bare_elf_close(&f);
        return 1;
    }
    uint64_t tohost, fromhost = 0;
    int rc = 1;
    RvCpu *cpu = NULL;
    BareMachine *m = calloc(1, sizeof *m);
    if (!m)
        goto out;
    if (!find_symbol(f.elf, "tohost", &tohost)) {
        fprintf(stderr, "ferry: %s: no 'tohost' symbol: the bare machine reports through HTIF\n", opt->path);
        goto out;
    }
    if (load_segments(&f, opt->path, base, ram_base, ram_size, err, sizeof err) != 0) {
        fprintf(stderr, "ferry: %s\n", err);
        goto out;
    }
    find_symbol(f.elf, "fromhost", &fromhost);
    if (tohost < ram_base || tohost + 8 > ram_base + ram_size || (tohost & 7)) {
        fprintf(stderr, "ferry: %s: tohost at 0x%" PRIx64 " is not an aligned word in RAM\n", opt->path, tohost);
        goto out;
    }
    m->htif = (Htif){
        .tohost = base + tohost,
        .fromhost = (fromhost >= ram_base && fromhost + 8 <= ram_base + ram_size && !(fromhost & 7)) ? base + fromhost
                                                                                                    : NULL,
        .ram = base + ram_base, .ram_base = ram_base, .ram_size = ram_size, .console = stdout,
    };
    m->max_insns = opt->max_insns;

    cpu = calloc(1, sizeof *cpu);
    if (!cpu)
        goto out;
    rv_cpu_init(cpu, xlen);
    cpu->system = true;
    cpu->csr.mstatus = 0; /* FP off until the program enables it, as on Spike */
    cpu->mem.base = base;
    cpu->mem.size = window;
    cpu->mem.reserved = window + guard;
    cpu->mem.ram_base = ram_base;
    cpu->mem.ram_size = ram_size;
    cpu->tc = tcache_new(window);
    cpu->pc = f.ehdr.e_entry;
    cpu->trace = opt->trace;
    cpu->jit_threshold = opt->jit_threshold;
    cpu->jit_cache_size = (uint64_t)(opt->jit_cache_mib ? opt->jit_cache_mib : 64) << 20;
    cpu->jit_dump = opt->jit_dump;
    cpu->poll = bare_poll;
    cpu->poll_opaque = m;
    if (!cpu->tc)
        goto out;

    for (;;) {
        RvExit why = rv_run(cpu);
        if (why == RV_EXIT_STOP)
            break;
        /* system mode handles every exception itself; anything else here is
         * a host-level fault in ferry's own memory window */
        fprintf(stderr, "ferry: machine stopped: unexpected exit %d at pc 0x%" PRIx64 "\n", why, cpu->pc);
        goto out;
    }
    fflush(stdout);
    if (m->limit_hit && !m->htif.exited) {
        fprintf(stderr, "ferry: instruction limit (%" PRIu64 ") reached at pc 0x%" PRIx64 "\n", m->max_insns, cpu->pc);
        rc = 124;
    } else {
        int code = m->htif.exit_code;
        /* an exit status has 8 bits: never let a failure wrap to 0 */
        rc = code == 0 ? 0 : code < 256 ? code : 255;
        if (code >= 256)
            fprintf(stderr, "ferry: guest exit code %d (reported as 255)\n", code);
    }
    if (opt->stats)
        rv_print_stats(cpu, stderr);
out:
    if (cpu && cpu->tc)
        tcache_free(cpu->tc);
    free(cpu);
    free(m);
    munmap(base, window + guard);
    bare_elf_close(&f);
    return rc;
}
