/*
 * User mode: load the executable, build the initial stack, and run the CPU,
 * serving its system calls, until the guest exits or is killed.
 */
#include "linux_user.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../cpu/riscv/rv.h"
#include "../cpu/tcache.h"
#include "elf_load.h"
#include "initial_stack.h"
#include "process.h"
#include "syscall.h"

/* Guest address-space sizes: RV64 gets what an Sv39 Linux kernel gives user
 * space (256 GiB), RV32 the whole 4 GiB. */
#define SPACE_RV64 (1ull << 38)
#define SPACE_RV32 (1ull << 32)
#define STACK_TOP_RV32 0x80000000ull
/* room left below the stack for it to grow before mmap allocations start */
#define STACK_GAP (16ull << 20)

static void drop_translations(void *opaque, uint64_t addr, uint64_t len)
{
    RvCpu *cpu = opaque;
    if (cpu->tc)
        tcache_invalidate(cpu->tc, addr, len);
}

/* A guest fault becomes the signal Linux would send, with the default action:
 * the process dies, and ferry reports it like a shell would. */
static int guest_killed(const RvCpu *cpu, RvExit why)
{
    int sig;
    const char *name;
    switch (why) {
    case RV_EXIT_ILLEGAL: sig = SIGILL; name = "SIGILL"; break;
    case RV_EXIT_EBREAK: sig = SIGTRAP; name = "SIGTRAP"; break;
    case RV_EXIT_MISALIGNED:
    case RV_EXIT_LOAD_MISALIGNED: sig = SIGBUS; name = "SIGBUS"; break;
    default: sig = SIGSEGV; name = "SIGSEGV"; break;
    }
    if (why == RV_EXIT_ILLEGAL)
        fprintf(stderr, "ferry: guest %s: illegal instruction 0x%" PRIx64 " (pc 0x%" PRIx64 ")\n", name, cpu->tval,
                cpu->pc);
    else
        fprintf(stderr, "ferry: guest %s at 0x%" PRIx64 " (pc 0x%" PRIx64 ")\n", name, cpu->tval, cpu->pc);
    return 128 + sig;
}

static void print_stats(const RvCpu *cpu)
{
    const TCacheStats *s = &cpu->tc->stats;
    fprintf(stderr,
            "ferry: stats: %" PRIu64 " instructions, %" PRIu64 " blocks built, %" PRIu64 " cache lookups (%" PRIu64
            " misses), %" PRIu64 " invalidations\n",
            cpu->instret, s->blocks_built, s->lookups, s->misses, s->invalidations);
}

int lu_run(const LuOptions *opt)
{
    char err[512];
    unsigned xlen;
    if (elf_probe(opt->path, &xlen, err, sizeof err) != 0) {
        fprintf(stderr, "ferry: %s\n", err);
        return 1;
    }

    LinuxProc *p = calloc(1, sizeof *p);
    RvCpu *cpu = calloc(1, sizeof *cpu);
    if (!p || !cpu) {
        fprintf(stderr, "ferry: out of memory\n");
        return 1;
    }
    uint64_t space = xlen == 64 ? SPACE_RV64 : SPACE_RV32;
    if (gs_init(&p->gs, space, err, sizeof err) != 0) {
        fprintf(stderr, "ferry: %s\n", err);
        return 1;
    }
    rv_cpu_init(cpu, xlen);
    rv_cpu_enter_user(cpu);
    cpu->tc = tcache_new(space);
    if (!cpu->tc) {
        fprintf(stderr, "ferry: out of memory for the translation cache\n");
        return 1;
    }
    p->gs.code_changed = drop_translations;
    p->gs.code_changed_opaque = cpu;

    ElfImage img;
    if (elf_load(&p->gs, opt->path, &img, err, sizeof err) != 0) {
        fprintf(stderr, "ferry: %s\n", err);
        return 1;
    }
    uint64_t stack_top = xlen == 64 ? space - (1ull << 20) : STACK_TOP_RV32;
    uint64_t sp = lu_setup_stack(&p->gs, &img, stack_top, opt->argc, opt->argv, opt->envp, opt->path, err,
                                 sizeof err);
    if (sp == 0) {
        fprintf(stderr, "ferry: %s\n", err);
        return 1;
    }
    p->gs.mmap_top = stack_top - LU_STACK_SIZE - STACK_GAP;
    p->gs.brk_start = p->gs.brk_cur = p->gs.brk_mapped_end = img.brk;

    LinuxThread *main_thread = calloc(1, sizeof *main_thread);
    if (!main_thread) {
        fprintf(stderr, "ferry: out of memory\n");
        return 1;
    }
    main_thread->proc = p;
    main_thread->cpu = cpu;
    main_thread->tid = getpid();
    main_thread->host = pthread_self();
    pthread_mutex_init(&main_thread->inval_lock, NULL);
    p->threads = main_thread;
    p->nthreads = 1;
    pthread_mutex_init(&p->threads_lock, NULL);
    pthread_mutex_init(&p->gs_lock, NULL);
    lu_set_self(main_thread);
    p->xlen = xlen;
    p->exe_path = opt->path;
    p->exe_entry = img.entry;
    p->strace = opt->strace;
    p->strace_out = stderr;

    cpu->mem.base = p->gs.base;
    cpu->mem.size = p->gs.size;
    cpu->mem.reserved = p->gs.host_reserved;
    cpu->mem.can_exec = gs_can_exec;
    cpu->mem.opaque = &p->gs;
    cpu->pc = img.entry;
    cpu->x[2] = sp;
    cpu->trace = opt->trace;

    int status;
    for (;;) {
        RvExit why = rv_run(cpu);
        if (why == RV_EXIT_ECALL) {
            /* RISC-V Linux ABI: number in a7, arguments in a0..a5, result in a0 */
            uint64_t args[6];
            for (int i = 0; i < 6; i++)
                args[i] = cpu->x[10 + i];
            int64_t r = lu_syscall(p, cpu->x[17], args);
            if (p->exited) {
                status = p->exit_status;
                break;
            }
            cpu->x[10] = xlen == 32 ? (uint32_t)r : (uint64_t)r;
            cpu->pc += 4;
            if (xlen == 32)
                cpu->pc = (uint32_t)cpu->pc;
            continue;
        }
        status = guest_killed(cpu, why);
        break;
    }
    fflush(stdout);
    if (opt->stats)
        print_stats(cpu);
    tcache_free(cpu->tc);
    rv_cpu_destroy(cpu);
    lu_sys_release(p);
    gs_destroy(&p->gs);
    free(cpu);
    free(main_thread);
    free(p);
    return status;
}
