/*
 * System call dispatch: look the number up in the table (syscall_table.c),
 * run its handler, log it for --strace. Also the per-process state of the
 * system call layer and checked copies to and from guest memory, which every
 * handler uses.
 */
#include "syscall_impl.h"

#include "signalfd.h"

#include "../cpu/riscv/rv.h"
#include "../cpu/tcache.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- the calling thread ---- */

static _Thread_local LinuxThread *self;

LinuxThread *lu_self(void) { return self; }
void lu_set_self(LinuxThread *t) { self = t; }

/* ---- per-process state ---- */

static void make_exe_abs(const LinuxProc *p, LuSysState *st)
{
    const char *path = p->exe_path ? p->exe_path : "";
    char *real = realpath(path, NULL);
    if (real) {
        snprintf(st->exe_abs, sizeof st->exe_abs, "%s", real);
        free(real);
        return;
    }
    char cwd[LU_PATH_MAX];
    if (path[0] != '/' && getcwd(cwd, sizeof cwd))
        snprintf(st->exe_abs, sizeof st->exe_abs, "%.2047s/%.2047s", cwd, path);
    else
        snprintf(st->exe_abs, sizeof st->exe_abs, "%s", path);
}

LuSysState *lu_sys_state(LinuxProc *p)
{
    if (p->sys)
        return p->sys;
    LuSysState *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    pthread_mutex_init(&st->sig_lock, NULL);
    make_exe_abs(p, st);
    p->sys = st;
    return st;
}

void lu_sys_release(LinuxProc *p)
{
    if (p->sys)
        pthread_mutex_destroy(&p->sys->sig_lock);
    free(p->sys);
    p->sys = NULL;
}


/* ---- guest memory ---- */

void *lu_guest(LinuxProc *p, uint64_t addr, uint64_t len, int prot)
{
    return gs_ptr(&p->gs, addr, len, prot);
}

/* Like a store by the calling thread: its own translations are checked;
 * other threads see code changes after riscv_flush_icache (thread.h). */
void lu_wrote(LinuxProc *p, uint64_t addr, uint64_t len)
{
    (void)p;
    LinuxThread *t = lu_self();
    if (len && t && t->cpu && t->cpu->tc)
        tcache_invalidate(t->cpu->tc, addr, len);
}

int lu_get(LinuxProc *p, void *dst, uint64_t addr, size_t n)
{
    const void *src = gs_ptr(&p->gs, addr, n, PROT_READ);
    if (!src)
        return -EFAULT;
    memcpy(dst, src, n);
    return 0;
}

int lu_put(LinuxProc *p, uint64_t addr, const void *src, size_t n)
{
    void *dst = gs_ptr(&p->gs, addr, n, PROT_WRITE);
    if (!dst)
        return -EFAULT;
    memcpy(dst, src, n);
    lu_wrote(p, addr, n);
    return 0;
}

int lu_get_path(LinuxProc *p, uint64_t addr, char *buf)
{
    int64_t n = gs_strlen(&p->gs, addr, LU_PATH_MAX - 1);
    if (n < 0)
        return gs_ptr(&p->gs, addr, LU_PATH_MAX, PROT_READ) ? -ENAMETOOLONG : -EFAULT;
    /* copy, so the guest cannot change the string under the host call */
    return lu_get(p, buf, addr, (size_t)n + 1);
}

int lu_put_long(LinuxProc *p, uint64_t addr, uint64_t v)
{
    if (p->xlen == 32) {
        uint32_t v32 = (uint32_t)v;
        return lu_put(p, addr, &v32, sizeof v32);
    }
    return lu_put(p, addr, &v, sizeof v);
}

int lu_get_timespec(LinuxProc *p, uint64_t addr, struct timespec *ts)
{
    int64_t g[2];
    int r = lu_get(p, g, addr, sizeof g);
    if (r)
        return r;
    /* RV32's 64-bit timespec pads a 32-bit tv_nsec; Linux ignores the pad */
    int64_t nsec = p->xlen == 32 ? (int32_t)(uint32_t)g[1] : g[1];
    if (nsec < 0 || nsec >= 1000000000)
        return -EINVAL;
    ts->tv_sec = (time_t)g[0];
    ts->tv_nsec = (long)nsec;
    return 0;
}

int lu_put_timespec(LinuxProc *p, uint64_t addr, const struct timespec *ts)
{
    int64_t g[2] = { (int64_t)ts->tv_sec, (int64_t)ts->tv_nsec };
    return lu_put(p, addr, g, sizeof g);
}

/* ---- dispatch ---- */

/* reads of a signalfd and closes of one are ferry's business (signalfd.c) */
enum { NR_CLOSE = 57, NR_READ = 63 };

static void report_unsupported(LinuxProc *p, const SysEntry *e, uint64_t nr, const uint64_t a[6])
{
    lu_strace_call(p, e, nr, a, -ENOSYS);
    if (nr < sizeof p->enosys_reported * 8) {
        uint8_t bit = (uint8_t)(1u << (nr % 8));
        if (p->enosys_reported[nr / 8] & bit)
            return;
        p->enosys_reported[nr / 8] |= bit;
    }
    FILE *out = p->strace_out ? p->strace_out : stderr;
    fprintf(out, "ferry: unsupported system call %llu (%s)\n", (unsigned long long)nr,
            e ? e->name : "unknown");
}

int64_t lu_syscall(LinuxProc *p, uint64_t nr, const uint64_t args[6])
{
    if (!lu_sys_state(p))
        return -ENOMEM;
    if (p->xlen == 32)
        nr = (uint32_t)nr; /* a7 is a 32-bit register there */
    const SysEntry *e = lu_sys_entry(p->xlen, nr);
    if (!e || !e->fn) {
        if (p->strace)
            report_unsupported(p, e, nr, args);
        return -ENOSYS;
    }
    if (p->strace && e->ret == SR_NORETURN)
        lu_strace_call(p, e, nr, args, 0);
    int64_t r;
    if (nr == NR_READ && lu_signalfd_owns(p, arg_int(args[0])))
        r = lu_signalfd_read(p, arg_int(args[0]), arg_ptr(p, args[1]), arg_ulong(p, args[2]));
    else
        r = e->fn(p, args);
    if (nr == NR_CLOSE && r == 0)
        lu_signalfd_closed(p, arg_int(args[0]));
    if (p->strace && e->ret != SR_NORETURN)
        lu_strace_call(p, e, nr, args, r);
    return r;
}
