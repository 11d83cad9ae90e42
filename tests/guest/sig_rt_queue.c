/* Real-time signals queue: every sigqueue'd instance is delivered, in send
 * order, with its own si_value. Several different pending signals released by
 * one sigprocmask are all delivered before it returns: the kernel builds one
 * frame per deliverable signal, lowest number first, each frame's handler
 * blocking its own signal (empty sa_mask here), so the last frame built runs
 * first and further instances of a signal follow when its handler's sigreturn
 * unblocks it. The exact order below is what Linux produces. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Handlers change these globals behind the compiler's back: glibc declares
 * raise(), sigprocmask() and friends "leaf" functions (they never call back
 * into this file), so reads after them need a compiler barrier. */
#define BARRIER() __asm__ volatile("" ::: "memory")

static char trace[1024];
static int values_sum;
static volatile int count;

static void mark(const char *s)
{
    if (trace[0])
        strcat(trace, " ");
    strcat(trace, s);
}

static void handler(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    char buf[32];
    count++;
    values_sum += si->si_value.sival_int;
    if (sig >= SIGRTMIN)
        snprintf(buf, sizeof buf, "RT%d:%d", sig - SIGRTMIN, si->si_value.sival_int);
    else
        snprintf(buf, sizeof buf, "%d", sig);
    mark(buf);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    int sigs[] = { SIGUSR1, SIGUSR2, SIGRTMIN, SIGRTMIN + 1, SIGRTMIN + 2, SIGRTMIN + 10 };
    sigset_t block, old;
    sigemptyset(&block);
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        sigaction(sigs[i], &sa, NULL);
        sigaddset(&block, sigs[i]);
    }
    sigprocmask(SIG_BLOCK, &block, &old);

    /* One signal, many instances. */
    union sigval v;
    for (int i = 1; i <= 20; i++) {
        v.sival_int = i;
        sigqueue(getpid(), SIGRTMIN + 10, v);
    }
    sigset_t p;
    sigpending(&p);
    printf("20 queued: pending RTMIN+10=%d, delivered so far %d\n", sigismember(&p, SIGRTMIN + 10),
           count);
    sigprocmask(SIG_SETMASK, &old, NULL);
    BARRIER();
    printf("released: count=%d sum=%d\n", count, values_sum);
    printf("order: %s\n", trace);
    trace[0] = 0;

    /* Several signals at once. */
    sigprocmask(SIG_BLOCK, &block, NULL);
    v.sival_int = 10; sigqueue(getpid(), SIGRTMIN + 1, v);
    v.sival_int = 11; sigqueue(getpid(), SIGRTMIN + 1, v);
    v.sival_int = 30; sigqueue(getpid(), SIGRTMIN + 2, v);
    v.sival_int = 20; sigqueue(getpid(), SIGRTMIN, v);
    v.sival_int = 12; sigqueue(getpid(), SIGRTMIN + 1, v);
    kill(getpid(), SIGUSR2);
    kill(getpid(), SIGUSR1);
    v.sival_int = 21; sigqueue(getpid(), SIGRTMIN, v);
    kill(getpid(), SIGUSR2); /* merges with the pending one */
    mark("unblock:");
    sigprocmask(SIG_SETMASK, &old, NULL);
    BARRIER();
    mark("returned");
    printf("mixed: %s\n", trace);
    trace[0] = 0;

    /* RT signals sent by kill() (not sigqueue) queue too, with SI_USER. */
    sigprocmask(SIG_BLOCK, &block, NULL);
    for (int i = 0; i < 3; i++)
        kill(getpid(), SIGRTMIN);
    int before = count;
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("RTMIN sent 3 times by kill: delivered %d\n", count - before);
    return 0;
}
