/*
 * What the system call layer keeps per process beyond LinuxProc, and what the
 * rest of user mode may ask it. lu_syscall() itself is declared in process.h.
 *
 * Signals are only recorded for now (actions, mask, alternate stack, pending
 * set); delivery to guest handlers comes later. A signal the guest sends to
 * itself whose action is the default "terminate" ends the guest: p->exited is
 * set, p->exit_status = 128 + signal (what a shell reports), and
 * lu_term_signal() says which signal it was.
 */
#ifndef FERRY_SYSCALL_H
#define FERRY_SYSCALL_H

#include <stdint.h>

#include "process.h"

#define LU_NSIG 64               /* guest signals are 1..64 (asm-generic) */
#define LU_PATH_MAX 4096

/* One guest signal action as rt_sigaction passes it (RISC-V has no
 * sa_restorer). */
typedef struct LuSigAction {
    uint64_t handler;            /* SIG_DFL = 0, SIG_IGN = 1, or a guest address */
    uint64_t flags;              /* SA_* */
    uint64_t mask;               /* bit (n-1) = signal n */
} LuSigAction;

typedef struct LuRlimit {
    bool set;                    /* the guest changed it: report these values */
    uint64_t cur, max;
} LuRlimit;

typedef struct LuSysState {
    LuSigAction sigact[LU_NSIG + 1];  /* indexed by signal number */
    uint64_t sigmask;                 /* blocked signals */
    uint64_t sigpending;              /* raised but not yet acted on */
    uint64_t altstack_sp, altstack_size;
    int altstack_flags;               /* SS_DISABLE when none */
    int term_signal;                  /* nonzero once a signal killed the guest */
    /* limits the guest may lower without ferry itself being limited
     * (address space, data, stack, memory lock, resident set) */
    LuRlimit rlim[16];
    char exe_abs[LU_PATH_MAX];        /* absolute p->exe_path, for /proc/self/exe */
} LuSysState;

/* The state of process p, created on first use (NULL only when out of
 * memory). */
LuSysState *lu_sys_state(LinuxProc *p);

/* Free p's state; call before freeing p. */
void lu_sys_release(LinuxProc *p);

/* The signal that terminated the guest, or 0 if it exited normally (or is
 * still running). */
int lu_term_signal(LinuxProc *p);

/* Act on signal `sig` raised for the guest itself (kill/tgkill to self, or a
 * fault the run loop wants handled like Linux would with no handler
 * installed): blocked signals stay pending, ignored ones vanish, default
 * "terminate" actions end the guest as described above. A guest handler
 * leaves the signal pending for the (future) delivery code. */
void lu_raise_signal(LinuxProc *p, int sig);

#endif
