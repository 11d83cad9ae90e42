/* Blocking: a blocked signal stays pending (sigpending shows it), a standard
 * signal sent three times while blocked is delivered once, and unblocking
 * delivers it before sigprocmask returns. Signals unblocked together are all
 * delivered on that return: the kernel sets up one frame per signal, lowest
 * number first, so the handler of the highest runs first (each handler blocks
 * only its own signal here). SIGKILL and SIGSTOP cannot be blocked; a bad
 * "how" is EINVAL; setting SIG_IGN discards a pending signal. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Handlers change these globals behind the compiler's back: glibc declares
 * raise(), sigprocmask() and friends "leaf" functions (they never call back
 * into this file), so reads after them need a compiler barrier. */
#define BARRIER() __asm__ volatile("" ::: "memory")

static volatile int hits[65];
static char order[256];

static void handler(int sig)
{
    char buf[16];
    hits[sig]++;
    snprintf(buf, sizeof buf, "%s%d", order[0] ? " " : "", sig);
    strcat(order, buf);
}

static void pending_line(const char *when)
{
    sigset_t p;
    sigemptyset(&p);
    sigpending(&p);
    printf("%s: pending USR1=%d USR2=%d TERM=%d RTMIN=%d\n", when, sigismember(&p, SIGUSR1),
           sigismember(&p, SIGUSR2), sigismember(&p, SIGTERM), sigismember(&p, SIGRTMIN));
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGRTMIN, &sa, NULL);

    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    printf("old mask had USR1: %d\n", sigismember(&old, SIGUSR1));
    pending_line("blocked, nothing sent");
    raise(SIGUSR1);
    raise(SIGUSR1);
    raise(SIGUSR1);
    printf("raised 3 while blocked: hits=%d\n", hits[SIGUSR1]);
    pending_line("blocked, sent");
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("after unblock: hits=%d (standard signals do not queue)\n", hits[SIGUSR1]);
    pending_line("after unblock");
    /* A thread-directed instance (raise = tgkill) and a process-directed
     * one (kill) sit in different pending sets: both are delivered. */
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    kill(getpid(), SIGUSR1);
    raise(SIGUSR1);
    kill(getpid(), SIGUSR1);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("raise twice + kill twice while blocked, then unblock: hits=%d\n", hits[SIGUSR1]);

    /* Release several at once. */
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGTERM);
    raise(SIGRTMIN);
    raise(SIGUSR2);
    raise(SIGHUP);
    raise(SIGUSR1);
    pending_line("five blocked");
    order[0] = 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
    BARRIER();
    printf("released together, handlers ran in order: %s\n", order);
    pending_line("after release");

    /* SIG_UNBLOCK of one signal out of two pending leaves the other. */
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    raise(SIGUSR2);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, SIGUSR2);
    order[0] = 0;
    sigprocmask(SIG_UNBLOCK, &one, NULL);
    BARRIER();
    printf("unblocked USR2 only: ran %s\n", order);
    pending_line("USR1 still blocked");
    order[0] = 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
    BARRIER();
    printf("unblocked the rest: ran %s\n", order);

    /* SIGKILL and SIGSTOP are silently left out of the mask. */
    sigset_t all, now;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    sigprocmask(SIG_SETMASK, NULL, &now);
    printf("after blocking everything: KILL=%d STOP=%d TERM=%d RTMIN+20=%d\n",
           sigismember(&now, SIGKILL), sigismember(&now, SIGSTOP), sigismember(&now, SIGTERM),
           sigismember(&now, SIGRTMIN + 20));
    /* The raw mask: every bit but SIGKILL's and SIGSTOP's. (glibc's
     * sigfillset leaves out its internal 32 and 33; signals 63 and 64 are
     * not shown because qemu-riscv64 cannot represent them.) */
    const unsigned long long shown = (1ull << 62) - 1;
    unsigned long long raw = 0;
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &raw, 8);
    printf("raw mask (signals 1-62) = %#llx\n", raw & shown);
    unsigned long long full = ~0ull;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &full, NULL, 8);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &raw, 8);
    printf("raw mask after raw SETMASK ~0 (signals 1-62) = %#llx\n", raw & shown);
    sigprocmask(SIG_SETMASK, &old, NULL);

    errno = 0;
    int r = sigprocmask(3, &set, NULL);
    printf("sigprocmask(how=3) = %d errno=%s\n", r, strerror(errno));
    errno = 0;
    long lr = syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &raw, 4);
    printf("rt_sigprocmask(sigsetsize 4) = %ld errno=%s\n", lr, strerror(errno));

    /* A blocked pending signal is discarded when its action becomes SIG_IGN,
     * and does not come back when the handler is installed again. */
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    pending_line("USR1 pending");
    sa.sa_handler = SIG_IGN;
    sigaction(SIGUSR1, &sa, NULL);
    pending_line("after SIG_IGN");
    sa.sa_handler = handler;
    sigaction(SIGUSR1, &sa, NULL);
    int before = hits[SIGUSR1];
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: USR1 delivered %d more times\n", hits[SIGUSR1] - before);

    /* A blocked signal is never ignored at the time it is sent (its action
     * may change before it is unblocked): an ignored or default-ignored
     * signal that is blocked shows as pending, and unblocking discards it. */
    sa.sa_handler = SIG_IGN;
    sigaction(SIGUSR2, &sa, NULL);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR2);
    raise(SIGCHLD);
    sigset_t p;
    sigpending(&p);
    printf("ignored but blocked: pending USR2=%d CHLD=%d\n", sigismember(&p, SIGUSR2),
           sigismember(&p, SIGCHLD));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    sigpending(&p);
    printf("after unblock: pending USR2=%d CHLD=%d, USR2 handler hits still %d\n",
           sigismember(&p, SIGUSR2), sigismember(&p, SIGCHLD), hits[SIGUSR2]);
    return 0;
}
