/*
 * One emulated Linux process in user mode: its address space and the
 * bookkeeping the system calls need (LinuxProc), and its threads
 * (LinuxThread). Each guest thread runs on its own host thread with its own
 * CPU and translation cache; guest thread ids are host thread ids, so futexes,
 * tgkill and /proc agree with the host kernel.
 */
#ifndef FERRY_PROCESS_H
#define FERRY_PROCESS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "guest_space.h"

struct RvCpu;
struct LuSysState;

/* One signal as the guest's siginfo will describe it; `kind` says which
 * member of siginfo's union the guest sees. */
enum { LU_SI_KILL, LU_SI_RT, LU_SI_TIMER, LU_SI_CHLD, LU_SI_FAULT };
typedef struct LuSigInfo {
    int signo, code, err;
    int kind;
    int pid, uid;                /* KILL, RT, CHLD */
    int status;                  /* CHLD */
    int timer_id, overrun;       /* TIMER */
    uint64_t value;              /* RT, TIMER: sigval */
    int64_t utime, stime;        /* CHLD, clock ticks */
    uint64_t addr;               /* FAULT: the faulting address */
} LuSigInfo;

/* Signals waiting for delivery: a standard signal (1..31) is pending at most
 * once, real-time ones queue with their information. */
#define LU_SIGQ_MAX 64
typedef struct LuSigQueue {
    uint64_t pending;            /* bit n-1 = signal n */
    unsigned n;
    LuSigInfo q[LU_SIGQ_MAX];
} LuSigQueue;
struct LuPaths;
struct LinuxProc;

/* Code-change requests other threads left for this one (see
 * lu_code_changed_all): applied at the next block boundary. */
#define LU_INVAL_SLOTS 16

typedef struct LinuxThread {
    struct LinuxProc *proc;
    struct RvCpu *cpu;
    int tid;                     /* host thread id = guest thread id */
    pthread_t host;
    uint64_t clear_child_tid;    /* set_tid_address / CLONE_CHILD_CLEARTID */
    uint64_t robust_list, robust_list_len;

    /* signals (guarded by the process's sig_lock in LuSysState) */
    uint64_t sigmask;            /* blocked; bit n-1 = signal n */
    LuSigQueue sigq;             /* sent to this thread */
    uint64_t altstack_sp, altstack_size;
    int altstack_flags;          /* SS_DISABLE when none */
    /* set while the thread is in rt_sigsuspend/ppoll/pselect6 with a
     * temporary mask: the mask to put back once a handler has been set up */
    bool restore_mask;
    uint64_t saved_mask;
    /* blocked signals the thread is waiting for (rt_sigtimedwait): a signal
     * no thread takes wakes such a thread */
    uint64_t wait_set;

    /* pending translation invalidations from other threads */
    pthread_mutex_t inval_lock;
    uint64_t inval_addr[LU_INVAL_SLOTS], inval_len[LU_INVAL_SLOTS];
    unsigned inval_count;        /* > LU_INVAL_SLOTS: flush everything */

    /* vfork (clone with CLONE_VM|CLONE_VFORK): the child runs in the
     * parent's place, in the same memory, until it execs or exits; this is
     * the parent's state to resume then (syscall_clone.c) */
    struct VforkSave *vfork;
    bool is_main_host;           /* runs on ferry's main host thread (lu_run) */
    bool exiting;                /* SYS_exit: this thread ends */
    int exit_code;
    struct LinuxThread *next;    /* in the process's list */
} LinuxThread;

typedef struct LinuxProc {
    GuestSpace gs;               /* thread-safe: its calls lock (gs_lock) */
    unsigned xlen;               /* 32 or 64: selects struct layouts */
    const char *exe_path;        /* host path of the guest executable */
    const char *exe_guest_path;  /* the path the guest knows it by */
    uint64_t exe_entry;          /* AT_ENTRY */

    /* threads: the list, under threads_lock */
    pthread_mutex_t threads_lock;
    pthread_cond_t threads_changed;  /* a thread left the list */
    LinuxThread *threads;
    int nthreads;
    LinuxThread *dead;           /* finished threads, reused (see thread.c) */

    /* --strace: every call logged to strace_out with decoded arguments */
    bool strace;
    FILE *strace_out;
    /* unknown system calls already reported once (bitmap by number) */
    uint8_t enosys_reported[512 / 8];

    struct LuSysState *sys;      /* system call layer state (syscall.h) */
    struct LuPaths *paths;       /* guest path translation (path.h) */

    /* options kept for execve, which starts ferry again on the new program */
    const char *ferry_exe;       /* ferry's own executable */
    bool opt_trace, opt_stats, opt_jit_dump, opt_jit_verify;
    uint32_t opt_jit_threshold, opt_jit_cache_mib;
    const char *opt_sysroot, *opt_root;
    uint64_t space_size;         /* guest address-space size, for new caches */

    bool exited;                 /* exit_group was called, or a signal killed it */
    int exit_status;
} LinuxProc;

/* The guest thread the calling host thread runs (NULL outside guest
 * threads). */
LinuxThread *lu_self(void);
void lu_set_self(LinuxThread *t);

/*
 * Serve one system call for the calling thread. nr and args are as the
 * guest's ABI passes them (asm-generic numbering, used by RISC-V); the return
 * value goes back to the guest (negative errno on failure). Sets p->exited on
 * exit_group.
 */
int64_t lu_syscall(LinuxProc *p, uint64_t nr, const uint64_t args[6]);

/* Name of a system call number for traces, or NULL when unknown. */
const char *lu_syscall_name(uint64_t nr);

#endif
