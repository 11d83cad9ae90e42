/* Synchronous waiting for blocked signals: sigwaitinfo, sigtimedwait and
 * sigwait take a pending signal without running its handler, returning its
 * siginfo. The order in which several pending signals come out: first the
 * thread's own pending set (tgkill/raise), then the process's (kill,
 * sigqueue); within each, the synchronous signals (SIGSEGV, SIGBUS, SIGILL,
 * SIGTRAP, SIGFPE, SIGSYS) first, then the lowest number; queued RT instances
 * in send order with their values. A zero timeout polls (EAGAIN), a short one
 * expires (EAGAIN after at least that long), a timer signal ends a wait. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile int handler_runs;

static void handler(int sig)
{
    (void)sig;
    handler_runs++;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const char *code_name(int code)
{
    switch (code) {
    case SI_USER: return "SI_USER";
    case SI_QUEUE: return "SI_QUEUE";
    case SI_TKILL: return "SI_TKILL";
    case SI_KERNEL: return "SI_KERNEL";
    default: return "other";
    }
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    int sigs[] = { SIGHUP, SIGTRAP, SIGUSR1, SIGUSR2, SIGTERM, SIGALRM, SIGRTMIN, SIGRTMIN + 2 };
    sigset_t set;
    sigemptyset(&set);
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        sigaction(sigs[i], &sa, NULL);
        sigaddset(&set, sigs[i]);
    }
    sigprocmask(SIG_BLOCK, &set, NULL);

    union sigval v = { .sival_int = 42 };
    sigqueue(getpid(), SIGUSR1, v);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int r = sigwaitinfo(&set, &si);
    printf("sigwaitinfo = %d signo=%d code=%s value=%d pid-is-self=%s handler_runs=%d\n", r,
           si.si_signo, code_name(si.si_code), si.si_value.sival_int,
           si.si_pid == getpid() ? "yes" : "no", handler_runs);

    struct timespec zero = { 0, 0 };
    errno = 0;
    r = sigtimedwait(&set, &si, &zero);
    printf("sigtimedwait(0) with nothing pending = %d errno=%s\n", r, strerror(errno));

    struct timespec short_wait = { 0, 50 * 1000 * 1000 };
    double t0 = now_ms();
    errno = 0;
    r = sigtimedwait(&set, &si, &short_wait);
    double waited = now_ms() - t0;
    printf("sigtimedwait(50 ms) = %d errno=%s, waited at least 45 ms: %s\n", r, strerror(errno),
           waited >= 45 ? "yes" : "no");

    kill(getpid(), SIGUSR2);
    int sig = 0;
    r = sigwait(&set, &sig);
    printf("sigwait = %d sig=%d\n", r, sig);

    /* Order of several pending signals. */
    for (int i = 1; i <= 3; i++) {
        v.sival_int = 100 + i;
        sigqueue(getpid(), SIGRTMIN + 2, v);
    }
    v.sival_int = 7;
    sigqueue(getpid(), SIGRTMIN, v);
    kill(getpid(), SIGTERM);
    kill(getpid(), SIGHUP);
    kill(getpid(), SIGTRAP); /* sent, not a trap: still "synchronous" for ordering */
    raise(SIGUSR2);
    raise(SIGUSR1);
    printf("dequeue order:");
    for (;;) {
        r = sigtimedwait(&set, &si, &zero);
        if (r < 0)
            break;
        if (r >= SIGRTMIN)
            printf(" RTMIN+%d(%d)", r - SIGRTMIN, si.si_value.sival_int);
        else
            printf(" %d", r);
    }
    printf(" | then errno=%s, handler_runs=%d\n", strerror(errno), handler_runs);

    /* A timer signal ends a blocking wait. */
    struct itimerval it;
    memset(&it, 0, sizeof it);
    it.it_value.tv_usec = 20000;
    setitimer(ITIMER_REAL, &it, NULL);
    memset(&si, 0, sizeof si);
    r = sigwaitinfo(&set, &si);
    printf("timer: sigwaitinfo = %d code=%s\n", r, si.si_code == SI_KERNEL ? "SI_KERNEL" : "other");

    /* Waiting for a set that does not include the pending signal: the
     * pending one stays, the wait times out. */
    raise(SIGUSR2);
    sigset_t only_usr1;
    sigemptyset(&only_usr1);
    sigaddset(&only_usr1, SIGUSR1);
    errno = 0;
    r = sigtimedwait(&only_usr1, &si, &zero);
    sigset_t p;
    sigpending(&p);
    printf("wait for USR1 with USR2 pending = %d errno=%s, USR2 still pending=%d\n", r,
           strerror(errno), sigismember(&p, SIGUSR2));
    r = sigtimedwait(&set, &si, &zero);
    printf("then taken: %d\n", r);

    errno = 0;
    struct timespec bad = { 0, 2000000000 };
    r = sigtimedwait(&set, &si, &bad);
    printf("sigtimedwait(tv_nsec 2e9) = %d errno=%s\n", r, strerror(errno));
    printf("handler_runs=%d\n", handler_runs);
    return 0;
}
