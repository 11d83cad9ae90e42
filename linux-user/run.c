/*
 * User mode: load the executable, build the initial stack, and run the CPU,
 * serving its system calls, until the guest exits or is killed.
 */
#include "linux_user.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "../cpu/riscv/rv.h"
#include "../cpu/tcache.h"
#include "elf_load.h"
#include "initial_stack.h"
#include "process.h"
#include "path.h"
#include "proc_self.h"
#include "signal.h"
#include "syscall.h"
#include "thread.h"

/* Guest address-space sizes: RV64 gets what an Sv39 Linux kernel gives user
 * space (256 GiB), RV32 the whole 4 GiB. */
#define SPACE_RV64 (1ull << 38)
#define SPACE_RV32 (1ull << 32)
#define STACK_TOP_RV32 0x80000000ull
/* room left below the stack for it to grow before mmap allocations start */
#define STACK_GAP (16ull << 20)

static void drop_translations(void *opaque, uint64_t addr, uint64_t len)
{
    lu_code_changed_all(opaque, addr, len);
}

static int fail(const char *msg)
{
    fprintf(stderr, "ferry: %s\n", msg);
    return 1;
}

/* ferry's own executable, for execve: /proc/self/exe stays right when the
 * guest changes directory. */
static const char *own_executable(void)
{
    static char path[LU_PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
        return NULL;
    path[n] = 0;
    return path;
}

/* Load and run; returns the exit status, or 1 after a one-line error. The
 * caller frees what was set up either way. */
static int load_and_run(const LuOptions *opt, LinuxProc *p, RvCpu *cpu, LinuxThread *main_thread)
{
    char err[512];
    p->opt_root = opt->root;
    p->opt_sysroot = opt->sysroot;
    p->opt_trace = opt->trace;
    p->opt_stats = opt->stats;
    p->opt_jit_threshold = opt->jit_threshold;
    p->opt_jit_cache_mib = opt->jit_cache_mib;
    p->opt_jit_dump = opt->jit_dump;
    p->opt_jit_verify = opt->jit_verify;
    p->ferry_exe = own_executable();
    p->strace = opt->strace;
    p->strace_out = stderr;
    pthread_mutex_init(&p->threads_lock, NULL);
    pthread_cond_init(&p->threads_changed, NULL);
    if (lu_paths_init(p, opt->root, opt->sysroot, err, sizeof err) != 0)
        return fail(err);

    /* under --root the program is a guest path inside the root */
    char exe_host[LU_PATH_MAX];
    if (opt->root) {
        int r = lu_path_host(p, opt->path, exe_host, sizeof exe_host);
        if (r) {
            snprintf(err, sizeof err, "%s: %s (inside the root %s)", opt->path, strerror(-r), opt->root);
            return fail(err);
        }
        p->exe_guest_path = opt->path;
    } else {
        /* absolute: the guest may change directory and then exec itself */
        char *abs = realpath(opt->path, NULL);
        snprintf(exe_host, sizeof exe_host, "%s", abs ? abs : opt->path);
        free(abs);
    }
    p->exe_path = exe_host;
    if (!lu_sys_state(p))
        return fail("out of memory");

    unsigned xlen;
    if (elf_probe(exe_host, &xlen, err, sizeof err) != 0)
        return fail(err);
    uint64_t space = xlen == 64 ? SPACE_RV64 : SPACE_RV32;
    if (gs_init(&p->gs, space, err, sizeof err) != 0)
        return fail(err);
    p->xlen = xlen;
    p->space_size = space;
    rv_cpu_init(cpu, xlen);
    rv_cpu_enter_user(cpu);
    cpu->tc = tcache_new(space);
    if (!cpu->tc)
        return fail("out of memory for the translation cache");

    main_thread->proc = p;
    main_thread->cpu = cpu;
    main_thread->tid = getpid();
    main_thread->host = pthread_self();
    main_thread->is_main_host = true;
    main_thread->altstack_flags = G_SS_DISABLE;
    pthread_mutex_init(&main_thread->inval_lock, NULL);
    p->threads = main_thread;
    p->nthreads = 1;
    lu_set_self(main_thread);
    p->gs.code_changed = drop_translations;
    p->gs.code_changed_opaque = p;

    uint64_t stack_top = xlen == 64 ? space - (1ull << 20) : STACK_TOP_RV32;
    /* the dynamic loader goes where an mmap would: below the stack */
    p->gs.mmap_top = stack_top - LU_STACK_SIZE - STACK_GAP;
    ElfImage img;
    if (elf_load(&p->gs, exe_host, &img, err, sizeof err) != 0)
        return fail(err);
    uint64_t entry = img.entry;
    if (img.interp[0]) {
        char interp_host[LU_PATH_MAX];
        int r = lu_path_host(p, img.interp, interp_host, sizeof interp_host);
        if (r == 0 && access(interp_host, F_OK) != 0)
            r = -errno;
        if (r) {
            snprintf(err, sizeof err, "%s needs the dynamic loader %s, which is not there; give a sysroot with --sysroot DIR",
                     opt->path, img.interp);
            return fail(err);
        }
        if (elf_load_interp(&p->gs, interp_host, &img, err, sizeof err) != 0)
            return fail(err);
        entry = img.interp_entry;
    }
    /* execve's argv[0] may differ from the file (busybox applets) */
    char **argv = opt->argv;
    if (opt->argv0 && opt->argc > 0) {
        argv = malloc(((size_t)opt->argc + 1) * sizeof *argv);
        if (!argv)
            return fail("out of memory");
        memcpy(argv, opt->argv, ((size_t)opt->argc + 1) * sizeof *argv);
        argv[0] = (char *)opt->argv0;
    }
    const char *execfn = p->exe_guest_path ? p->exe_guest_path : opt->path;
    uint64_t sp = lu_setup_stack(&p->gs, &img, stack_top, opt->argc, argv, opt->envp, execfn, err, sizeof err);
    if (argv != opt->argv)
        free(argv);
    if (sp == 0)
        return fail(err);
    lu_proc_set_initial_stack(p, sp);
    p->gs.brk_start = p->gs.brk_cur = p->gs.brk_mapped_end = img.brk;
    p->exe_entry = img.entry;
    if (lu_signal_init(p, main_thread) != 0)
        return fail("cannot map the signal return page");

    cpu->mem.base = p->gs.base;
    cpu->mem.size = p->gs.size;
    cpu->mem.reserved = p->gs.host_reserved;
    cpu->mem.can_exec = gs_can_exec;
    cpu->mem.opaque = &p->gs;
    cpu->pc = entry;
    cpu->x[2] = sp;
    cpu->trace = opt->trace;
    cpu->jit_threshold = opt->jit_threshold;
    cpu->jit_cache_size = (uint64_t)(opt->jit_cache_mib ? opt->jit_cache_mib : LU_JIT_CACHE_MIB_DEFAULT) << 20;
    cpu->jit_dump = opt->jit_dump;
    cpu->jit_verify = opt->jit_verify;
    /* tests of --jit-verify itself make it see a wrong result */
    const char *inject = getenv("FERRY_JIT_VERIFY_INJECT");
    if (inject)
        cpu->jit_verify_inject = strtoull(inject, NULL, 10);

    lu_thread_loop(main_thread);
    if (main_thread->exiting && !p->exited) {
        /* the leader called exit while other threads may run: the process
         * lives until they are gone, and exits with the leader's status */
        lu_thread_finish(main_thread);
        pthread_mutex_lock(&p->threads_lock);
        while (p->nthreads > 1)
            pthread_cond_wait(&p->threads_changed, &p->threads_lock);
        pthread_mutex_unlock(&p->threads_lock);
        p->exit_status = main_thread->exit_code;
    }
    int status = p->exit_status;
    lu_process_release_robust(p);
    fflush(stdout);
    if (opt->stats)
        rv_print_stats(cpu, stderr);
    pthread_mutex_lock(&p->threads_lock);
    bool alone = p->nthreads == 1;
    pthread_mutex_unlock(&p->threads_lock);
    if (!alone)
        lu_process_exit(p, status); /* the others are still running */
    return status;
}

int lu_run(const LuOptions *opt)
{
    LinuxProc *p = calloc(1, sizeof *p);
    RvCpu *cpu = calloc(1, sizeof *cpu);
    LinuxThread *main_thread = calloc(1, sizeof *main_thread);
    int status = p && cpu && main_thread ? load_and_run(opt, p, cpu, main_thread) : fail("out of memory");
    if (cpu && cpu->tc)
        tcache_free(cpu->tc);
    if (p && p->gs.base) {
        /* A thread that ended just before may still be freeing its CPU and
         * cache, under the lock and on p: wait until every one is done
         * before anything it uses goes (this race, widened by the JIT's
         * larger caches, crashed one run in a few hundred at exit). */
        pthread_mutex_lock(&p->threads_lock);
        for (;;) {
            bool busy = false;
            for (LinuxThread *t = p->dead; t; t = t->next)
                busy |= t->cpu != NULL;
            if (!busy)
                break;
            pthread_cond_wait(&p->threads_changed, &p->threads_lock);
        }
        pthread_mutex_unlock(&p->threads_lock);
    }
    if (p) {
        lu_paths_release(p);
        lu_sys_release(p);
        if (p->gs.base)
            gs_destroy(&p->gs);
        /* threads that ended; their host threads are gone (or going: only
         * the main thread was left) */
        while (p->dead) {
            LinuxThread *next = p->dead->next;
            if (p->dead->cpu) { /* its host thread had not freed it yet */
                tcache_free(p->dead->cpu->tc);
                free(p->dead->cpu);
            }
            free(p->dead);
            p->dead = next;
        }
    }
    free(cpu);
    free(main_thread);
    free(p);
    return status;
}
