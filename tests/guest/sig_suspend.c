/* sigsuspend: replaces the mask for the wait, returns -1 EINTR after a
 * handler ran, and puts the old mask back. A signal already pending when
 * sigsuspend unblocks it is delivered at once; a signal sent later by an
 * interval timer wakes it; a pending signal the suspend mask still blocks stays
 * pending. Inside the handler the mask is the suspend mask plus the signal.
 * pause() with a timer: -1 EINTR. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

/* Handlers change these globals behind the compiler's back: glibc declares
 * raise(), sigprocmask() and friends "leaf" functions (they never call back
 * into this file), so reads after them need a compiler barrier. */
#define BARRIER() __asm__ volatile("" ::: "memory")

static volatile int usr1, alrm;
static int in_handler_usr1_blocked, in_handler_usr2_blocked, in_handler_term_blocked;

static void on_usr1(int sig)
{
    (void)sig;
    usr1++;
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    in_handler_usr1_blocked = sigismember(&now, SIGUSR1);
    in_handler_usr2_blocked = sigismember(&now, SIGUSR2);
    in_handler_term_blocked = sigismember(&now, SIGTERM);
}

static void on_alrm(int sig)
{
    (void)sig;
    alrm++;
}

static void one_shot_timer(long usec)
{
    struct itimerval it;
    memset(&it, 0, sizeof it);
    it.it_value.tv_usec = usec;
    setitimer(ITIMER_REAL, &it, NULL);
}

static int is_blocked(int sig)
{
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    return sigismember(&now, sig);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_handler = on_alrm;
    sigaction(SIGALRM, &sa, NULL);

    sigset_t block, suspend_mask;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGUSR2);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, NULL);

    /* Pending before the call. */
    raise(SIGUSR1);
    printf("pending USR1, handler not run yet: usr1=%d\n", usr1);
    sigemptyset(&suspend_mask);
    sigaddset(&suspend_mask, SIGTERM);
    errno = 0;
    int r = sigsuspend(&suspend_mask);
    BARRIER();
    printf("sigsuspend = %d errno=%s usr1=%d\n", r, strerror(errno), usr1);
    printf("in handler: USR1 blocked=%d USR2 blocked=%d TERM blocked=%d\n",
           in_handler_usr1_blocked, in_handler_usr2_blocked, in_handler_term_blocked);
    printf("after: USR1 blocked=%d USR2 blocked=%d ALRM blocked=%d TERM blocked=%d\n",
           is_blocked(SIGUSR1), is_blocked(SIGUSR2), is_blocked(SIGALRM), is_blocked(SIGTERM));

    /* Woken by a timer signal sent while waiting. */
    one_shot_timer(20000);
    sigemptyset(&suspend_mask);
    errno = 0;
    r = sigsuspend(&suspend_mask);
    printf("timer: sigsuspend = %d errno=%s alrm=%d\n", r, strerror(errno), alrm);

    /* USR1 pending but still blocked by the suspend mask: the timer wakes
     * the wait, USR1 stays pending until the real mask lets it through. */
    raise(SIGUSR1);
    one_shot_timer(20000);
    sigemptyset(&suspend_mask);
    sigaddset(&suspend_mask, SIGUSR1);
    r = sigsuspend(&suspend_mask);
    sigset_t p;
    sigpending(&p);
    printf("mask keeps USR1 out: alrm=%d usr1=%d USR1 pending=%d\n", alrm, usr1,
           sigismember(&p, SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    printf("unblocked: usr1=%d\n", usr1);

    /* pause() until a timer signal. */
    one_shot_timer(20000);
    errno = 0;
    r = pause();
    printf("pause = %d errno=%s alrm=%d\n", r, strerror(errno), alrm);

    /* Loop of sigsuspend over a periodic timer: exactly 5 wakeups counted. */
    sigprocmask(SIG_BLOCK, &block, NULL);
    struct itimerval it;
    memset(&it, 0, sizeof it);
    it.it_value.tv_usec = 5000;
    it.it_interval.tv_usec = 5000;
    setitimer(ITIMER_REAL, &it, NULL);
    int start = alrm;
    sigemptyset(&suspend_mask);
    while (alrm - start < 5)
        sigsuspend(&suspend_mask);
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, NULL);
    printf("periodic: %d wakeups\n", alrm - start);
    return 0;
}
