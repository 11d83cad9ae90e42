/*
 * The initial stack, from the top down: the strings (execfn, environment,
 * arguments), 16 random bytes for AT_RANDOM, then - 16-byte aligned - argc,
 * argv[], NULL, envp[], NULL, and the auxv pairs ending with AT_NULL, with sp
 * pointing at argc (RISC-V psABI, "Process Initialization").
 */
#include "initial_stack.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

/* AT_HWCAP on RISC-V: one bit per single-letter extension, 'a' = bit 0. */
static uint64_t riscv_hwcap(void)
{
    const char *ext = "imafdc";
    uint64_t h = 0;
    for (const char *e = ext; *e; e++)
        h |= 1ull << (*e - 'a');
    return h;
}

/* RISC-V's auxv tags (Linux: arch/riscv/include/uapi/asm/auxvec.h) and
 * AT_MINSIGSTKSZ, for host headers that lack them. */
#ifndef AT_L1I_CACHESIZE
#define AT_L1I_CACHESIZE 40
#define AT_L1I_CACHEGEOMETRY 41
#define AT_L1D_CACHESIZE 42
#define AT_L1D_CACHEGEOMETRY 43
#define AT_L2_CACHESIZE 44
#define AT_L2_CACHEGEOMETRY 45
#endif
#ifndef AT_L3_CACHESIZE
#define AT_L3_CACHESIZE 46
#define AT_L3_CACHEGEOMETRY 47
#endif
#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

/* AT_MINSIGSTKSZ: what Linux gives without the V extension, the size of its
 * signal frame (struct rt_sigframe: siginfo, then the ucontext with the
 * integer and F/D registers), rounded up to 16 bytes. */
#define MINSIGSTKSZ_RV64 1088
#define MINSIGSTKSZ_RV32 944

typedef struct StackWriter {
    GuestSpace *gs;
    uint64_t sp;
    uint64_t bottom;
    unsigned word;   /* 4 or 8 */
    bool overflow;
} StackWriter;

static uint64_t push_bytes(StackWriter *w, const void *data, size_t len)
{
    if (w->sp - w->bottom < len + 64) {
        w->overflow = true;
        return w->sp;
    }
    w->sp -= len;
    memcpy(w->gs->base + w->sp, data, len);
    return w->sp;
}

static void put_word(StackWriter *w, uint64_t at, uint64_t v)
{
    if (w->word == 8)
        memcpy(w->gs->base + at, &v, 8);
    else {
        uint32_t v32 = (uint32_t)v;
        memcpy(w->gs->base + at, &v32, 4);
    }
}

uint64_t lu_setup_stack(GuestSpace *gs, const ElfImage *img, uint64_t stack_top, int argc, char *const argv[],
                        char *const envp[], const char *execfn, char *err, size_t errlen)
{
    uint64_t bottom = stack_top - LU_STACK_SIZE;
    /* never over something already loaded (the dynamic loader goes below
     * mmap_top, which must lie below the stack) */
    int64_t m = gs_map(gs, bottom, LU_STACK_SIZE, PROT_READ | PROT_WRITE, GS_MAP_FIXED_NOREPLACE, -1, 0,
                       "[stack]");
    if (m < 0) {
        snprintf(err, errlen, "cannot map the guest stack at 0x%llx-0x%llx: %s", (unsigned long long)bottom,
                 (unsigned long long)stack_top, m == -EEXIST ? "something is already mapped there" : strerror((int)-m));
        return 0;
    }
    StackWriter w = { .gs = gs, .sp = stack_top, .bottom = bottom, .word = img->xlen / 8 };

    int envc = 0;
    while (envp && envp[envc])
        envc++;
    uint64_t execfn_addr = push_bytes(&w, execfn, strlen(execfn) + 1);
    uint64_t env_addr[envc + 1], arg_addr[argc + 1];
    for (int i = envc - 1; i >= 0; i--)
        env_addr[i] = push_bytes(&w, envp[i], strlen(envp[i]) + 1);
    for (int i = argc - 1; i >= 0; i--)
        arg_addr[i] = push_bytes(&w, argv[i], strlen(argv[i]) + 1);
    unsigned char rnd[16];
    if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
        memset(rnd, 0x5a, sizeof rnd);
    w.sp &= ~15ull;
    uint64_t random_addr = push_bytes(&w, rnd, sizeof rnd);

    /* In Linux's order (create_elf_tables): RISC-V's ARCH_DLINFO first,
     * minus AT_SYSINFO_EHDR as ferry has no vDSO; cache sizes 0 = unknown,
     * as Linux gives them when the device tree says nothing. No
     * AT_PLATFORM and no AT_HWCAP2: RISC-V Linux gives neither. */
    uint64_t auxv[][2] = {
        { AT_L1I_CACHESIZE, 0 },
        { AT_L1I_CACHEGEOMETRY, 0 },
        { AT_L1D_CACHESIZE, 0 },
        { AT_L1D_CACHEGEOMETRY, 0 },
        { AT_L2_CACHESIZE, 0 },
        { AT_L2_CACHEGEOMETRY, 0 },
        { AT_L3_CACHESIZE, 0 },
        { AT_L3_CACHEGEOMETRY, 0 },
        { AT_MINSIGSTKSZ, img->xlen == 64 ? MINSIGSTKSZ_RV64 : MINSIGSTKSZ_RV32 },
        { AT_HWCAP, riscv_hwcap() },
        { AT_PAGESZ, GUEST_PAGE_SIZE },
        { AT_CLKTCK, (uint64_t)sysconf(_SC_CLK_TCK) },
        { AT_PHDR, img->phdr },
        { AT_PHENT, img->phent },
        { AT_PHNUM, img->phnum },
        { AT_BASE, img->interp_base },
        { AT_FLAGS, 0 },
        { AT_ENTRY, img->entry },
        { AT_UID, getuid() },
        { AT_EUID, geteuid() },
        { AT_GID, getgid() },
        { AT_EGID, getegid() },
        { AT_SECURE, 0 },
        { AT_RANDOM, random_addr },
        { AT_EXECFN, execfn_addr },
        { AT_NULL, 0 },
    };
    size_t nauxv = sizeof auxv / sizeof auxv[0];
    uint64_t words = 1 + (uint64_t)argc + 1 + (uint64_t)envc + 1 + 2 * nauxv;
    uint64_t table = (w.sp - words * w.word) & ~15ull;
    if (table < bottom + 4096 || w.overflow) {
        snprintf(err, errlen, "arguments and environment too large for the guest stack");
        return 0;
    }
    uint64_t at = table;
    put_word(&w, at, (uint64_t)argc), at += w.word;
    for (int i = 0; i < argc; i++)
        put_word(&w, at, arg_addr[i]), at += w.word;
    put_word(&w, at, 0), at += w.word;
    for (int i = 0; i < envc; i++)
        put_word(&w, at, env_addr[i]), at += w.word;
    put_word(&w, at, 0), at += w.word;
    for (size_t i = 0; i < nauxv; i++) {
        put_word(&w, at, auxv[i][0]), at += w.word;
        put_word(&w, at, auxv[i][1]), at += w.word;
    }
    return table;
}
