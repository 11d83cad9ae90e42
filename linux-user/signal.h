/*
 * Guest signals: generation (from the guest, from guest faults, and from the
 * host), the default actions, and delivery to guest handlers with the frame
 * the RISC-V Linux kernel builds (arch/riscv/kernel/signal.c: siginfo, then
 * a ucontext whose mcontext holds pc, x1..x31, f0..f31 and fcsr), returning
 * through rt_sigreturn.
 *
 * Host signals that mean something to the guest (SIGINT from the terminal,
 * SIGCHLD, SIGALRM from alarm(), SIGPIPE, signals from other processes) are
 * caught by ferry; the handler only records them and asks the CPU to stop at
 * the next block boundary, where the thread's run loop delivers them. Host
 * handlers are installed without SA_RESTART, so a blocking host call returns
 * EINTR, and the run loop restarts it or fails it with EINTR as Linux would
 * (SA_RESTART). Signals between threads of the guest are queued here and the
 * target thread is woken with ferry's own "kick" signal.
 *
 * Guest signal numbers are Linux's asm-generic ones, which x86-64 shares for
 * 1..31. Host glibc keeps real-time signals 32 and 33 for itself and ferry
 * keeps 64 as the kick, so guest 32 and 33 (the guest glibc's own) travel
 * as host 62 and 63, and guest 62..64 exist only inside one guest process:
 * sending them to another process, or asking a host timer for them, fails
 * with EINVAL.
 */
#ifndef FERRY_SIGNAL_H
#define FERRY_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "process.h"

/* asm-generic values */
enum {
    G_SIGHUP = 1, G_SIGINT = 2, G_SIGQUIT = 3, G_SIGILL = 4, G_SIGTRAP = 5, G_SIGABRT = 6, G_SIGBUS = 7,
    G_SIGFPE = 8, G_SIGKILL = 9, G_SIGUSR1 = 10, G_SIGSEGV = 11, G_SIGUSR2 = 12, G_SIGPIPE = 13,
    G_SIGALRM = 14, G_SIGTERM = 15, G_SIGSTKFLT = 16, G_SIGCHLD = 17, G_SIGCONT = 18, G_SIGSTOP = 19,
    G_SIGTSTP = 20, G_SIGTTIN = 21, G_SIGTTOU = 22, G_SIGURG = 23, G_SIGXCPU = 24, G_SIGXFSZ = 25,
    G_SIGVTALRM = 26, G_SIGPROF = 27, G_SIGWINCH = 28, G_SIGIO = 29, G_SIGPWR = 30, G_SIGSYS = 31,
};
#define G_SIG_DFL 0
#define G_SIG_IGN 1
#define G_SA_SIGINFO 0x4u
#define G_SA_ONSTACK 0x08000000u
#define G_SA_RESTART 0x10000000u
#define G_SA_NODEFER 0x40000000u
#define G_SA_RESETHAND 0x80000000u
#define G_SS_ONSTACK 1
#define G_SS_DISABLE 2
#define G_SS_AUTODISARM (1u << 31)
#define G_MINSIGSTKSZ 2048
#define LU_SIGBIT(sig) (1ull << ((sig) - 1))
#define LU_UNBLOCKABLE (LU_SIGBIT(G_SIGKILL) | LU_SIGBIT(G_SIGSTOP))

/* si_code values */
enum {
    G_SI_USER = 0, G_SI_KERNEL = 0x80, G_SI_QUEUE = -1, G_SI_TIMER = -2, G_SI_TKILL = -6,
    G_SEGV_MAPERR = 1, G_SEGV_ACCERR = 2, G_BUS_ADRALN = 1, G_BUS_ADRERR = 2, G_ILL_ILLOPC = 1, G_TRAP_BRKPT = 1,
};

/* Process start: install the host handlers, and take over what the process
 * inherited through execve: ignored signals stay ignored, the blocked mask
 * becomes the main thread's guest mask (then host signals are unblocked).
 * Maps the page holding the rt_sigreturn trampoline. Returns 0 or -errno. */
int lu_signal_init(LinuxProc *p, LinuxThread *main_thread);

/* A new thread's host signal mask: everything ferry catches unblocked. */
void lu_signal_thread_start(LinuxThread *t);

/* Queue a signal for thread t, or for the process when t is NULL (any thread
 * not blocking it takes it), and wake a thread that can take it. Ignored
 * signals are discarded. Returns 0, or -EAGAIN when the real-time queue is
 * full. */
int lu_signal_send(LinuxProc *p, LinuxThread *t, const LuSigInfo *si);

/* sig's action discards it: SIG_IGN, or SIG_DFL for a signal whose default
 * is to ignore (SIGCHLD, SIGCONT, SIGURG, SIGWINCH). */
struct LuSysState;
bool lu_signal_ignored(const struct LuSysState *st, int sig);

/* A fault in guest code (si->kind LU_SI_FAULT): delivered to the faulting
 * thread even when blocked or ignored (then with the default action), as
 * Linux does for synchronous signals. */
void lu_signal_fault(LinuxThread *t, const LuSigInfo *si);

/* Deliver what is pending and not blocked for t: default actions happen here
 * (terminate does not return), a handler gets its frame set up and the CPU
 * continues in it. Returns true when a handler frame was set up. */
bool lu_signal_deliver(LinuxThread *t);

/* After a host call failed with EINTR: true when a signal with a guest
 * handler is about to be delivered (the call must then fail with EINTR or be
 * restarted per SA_RESTART, in *restart); false when the call should simply
 * be repeated. */
bool lu_signal_interrupts(LinuxThread *t, bool *restart);

/* rt_sigreturn: restore the state saved in the frame at sp. Leaves every
 * register as the frame says (a0 included). */
void lu_signal_return(LinuxThread *t);

/* Block until a signal the caller wants is pending (ready() true; the
 * blocked signals it waits for are in wait_set) or the
 * relative timeout (NULL: none) passes: returns 0 when ready, -EAGAIN on
 * timeout, -EINTR when a signal with a guest handler became deliverable
 * first. Called with sig_lock not held; ready() is called with it held. */
int lu_signal_wait(LinuxThread *t, const struct timespec *timeout, uint64_t wait_set,
                   bool (*ready)(LinuxThread *t, void *arg), void *arg);

/* rt_sigaction changed sig's action: keep the host side in step (an
 * ignored SIGCHLD, for one, makes the host kernel reap children). */
void lu_signal_action_changed(LinuxProc *p, int sig);

/* execve failed after lu_signal_prepare_exec: back to running. */
void lu_signal_init_after_failed_exec(LinuxProc *p);

/* Before execve: host dispositions and mask set so the new ferry inherits
 * what the guest's new image must (ignored signals, blocked mask). */
void lu_signal_prepare_exec(LinuxThread *t);

/* The process dies of signal sig, as the default action says: ferry kills
 * itself with the same signal, so its parent sees what a native parent would
 * (no core file of ferry is written). Does not return. */
_Noreturn void lu_signal_die(LinuxProc *p, int sig);

/* The host timer timer_id signals one thread (SIGEV_THREAD_ID), or not. */
void lu_signal_timer_targets_thread(int timer_id, bool yes);

/* Host signal number for a guest one, or 0 when the host cannot carry it. */
int lu_sig_to_host(int gsig);

/* Remove the lowest deliverable (not in `blocked`) signal of `want` from t's
 * or the process's queue into *out: its number, or 0. Caller holds sig_lock. */
int lu_signal_dequeue(LinuxThread *t, uint64_t want, LuSigInfo *out);

/* Remove one queued instance of sig from the process's queue or any
 * thread's: true when there was one. Caller holds sig_lock. */
bool lu_signal_dequeue_any(LinuxProc *p, int sig, LuSigInfo *out);

/* Guest siginfo_t bytes (128) for si, for this XLEN. */
void lu_siginfo_to_guest(unsigned xlen, const LuSigInfo *si, uint8_t out[128]);

#endif
