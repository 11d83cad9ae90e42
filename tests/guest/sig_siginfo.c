/* SA_SIGINFO handlers: the siginfo_t the kernel builds for each way of
 * sending a signal. raise() is tgkill (si_code SI_TKILL), kill() is SI_USER,
 * sigqueue() is SI_QUEUE and carries si_value, rt_sigqueueinfo to oneself
 * passes the caller's siginfo through unchanged. si_pid/si_uid name the sender
 * (this process), the third handler argument is a ucontext whose uc_sigmask is
 * the mask of the interrupted code, and the handler runs with the signal
 * itself blocked. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

/* Handlers change these globals behind the compiler's back: glibc declares
 * raise(), sigprocmask() and friends "leaf" functions (they never call back
 * into this file), so reads after them need a compiler barrier. */
#define BARRIER() __asm__ volatile("" ::: "memory")

static volatile int count;
static siginfo_t got;
static int got_ctx;
static int ctx_mask_has_usr1, ctx_mask_has_usr2;
static int blocked_inside;

static void handler(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    count++;
    got = *si;
    ucontext_t *uc = ctx;
    got_ctx = uc != NULL;
    ctx_mask_has_usr1 = sigismember(&uc->uc_sigmask, SIGUSR1);
    ctx_mask_has_usr2 = sigismember(&uc->uc_sigmask, SIGUSR2);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    blocked_inside = sigismember(&now, sig);
}

static const char *code_name(int code)
{
    switch (code) {
    case SI_USER: return "SI_USER";
    case SI_QUEUE: return "SI_QUEUE";
    case SI_TKILL: return "SI_TKILL";
    case SI_TIMER: return "SI_TIMER";
    case SI_MESGQ: return "SI_MESGQ";
    case SI_ASYNCIO: return "SI_ASYNCIO";
    case SI_KERNEL: return "SI_KERNEL";
    default: return "other";
    }
}

static void report(const char *how)
{
    BARRIER();
    printf("%s: count=%d signo=%d code=%s(%d) errno=%d pid-is-self=%s uid-is-self=%s ctx=%s\n",
           how, count, got.si_signo, code_name(got.si_code), got.si_code, got.si_errno,
           got.si_pid == getpid() ? "yes" : "no", got.si_uid == getuid() ? "yes" : "no",
           got_ctx ? "yes" : "no");
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    sigaction(SIGRTMIN + 3, &sa, NULL);

    raise(SIGUSR1);
    report("raise");
    printf("  handler ran with SIGUSR1 blocked: %s\n", blocked_inside ? "yes" : "no");
    printf("  uc_sigmask (interrupted mask) has SIGUSR1: %s\n", ctx_mask_has_usr1 ? "yes" : "no");

    kill(getpid(), SIGUSR1);
    report("kill");

    syscall(SYS_tgkill, getpid(), gettid(), SIGUSR2);
    report("tgkill");

    union sigval v = { .sival_int = 1234 };
    sigqueue(getpid(), SIGUSR1, v);
    report("sigqueue");
    printf("  si_value.sival_int=%d\n", got.si_value.sival_int);

    v.sival_ptr = (void *)&count;
    sigqueue(getpid(), SIGRTMIN + 3, v);
    report("sigqueue rt");
    printf("  signo is SIGRTMIN+3: %s, si_value.sival_ptr is &count: %s\n",
           got.si_signo == SIGRTMIN + 3 ? "yes" : "no",
           got.si_value.sival_ptr == (void *)&count ? "yes" : "no");

    /* With SIGUSR2 blocked by the interrupted code, the ucontext says so. */
    sigset_t set, oldset;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, &oldset);
    raise(SIGUSR1);
    BARRIER();
    printf("raise with SIGUSR2 blocked: uc_sigmask has SIGUSR2: %s, SIGUSR1: %s\n",
           ctx_mask_has_usr2 ? "yes" : "no", ctx_mask_has_usr1 ? "yes" : "no");
    sigprocmask(SIG_SETMASK, &oldset, NULL);
    printf("SIGUSR2 unblocked: no delivery expected, count=%d\n", count);

    /* rt_sigqueueinfo to oneself: the siginfo arrives as sent. */
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR2;
    si.si_code = SI_QUEUE;
    si.si_pid = 4242;
    si.si_uid = 777;
    si.si_value.sival_int = 99;
    long r = syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR2, &si);
    BARRIER();
    printf("rt_sigqueueinfo = %ld: count=%d signo=%d code=%d pid=%d uid=%d value=%d\n", r, count,
           got.si_signo, got.si_code, got.si_pid, got.si_uid, got.si_value.sival_int);
    memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR1;
    si.si_code = SI_QUEUE;
    si.si_pid = 1;
    si.si_uid = 2;
    si.si_value.sival_int = -7;
    r = syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), SIGUSR1, &si);
    BARRIER();
    printf("rt_tgsigqueueinfo = %ld: count=%d signo=%d code=%d pid=%d uid=%d value=%d\n", r, count,
           got.si_signo, got.si_code, got.si_pid, got.si_uid, got.si_value.sival_int);
    return 0;
}
