/*
 * What the system call layer keeps per process beyond LinuxProc, and what the
 * rest of user mode may ask it. lu_syscall() itself is declared in process.h;
 * signal delivery is in signal.h.
 */
#ifndef FERRY_SYSCALL_H
#define FERRY_SYSCALL_H

#include <pthread.h>
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
    /* signals: actions and the process-wide queue belong to the process,
     * masks and per-thread queues to LinuxThread; all under sig_lock */
    pthread_mutex_t sig_lock;
    LuSigAction sigact[LU_NSIG + 1];  /* indexed by signal number */
    LuSigQueue sigq;                  /* sent to the process */
    uint64_t sigreturn_addr;          /* guest address of the return trampoline */
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

#endif
