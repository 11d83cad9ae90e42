/* A POSIX timer with SIGEV_THREAD_ID sends its signal to one chosen thread
 * (glibc's SIGEV_THREAD timers are built on this). With the main thread and
 * a second worker both able to take SIGUSR1, every one of 20 expiries of a
 * periodic timer aimed at the first worker runs the handler in that worker,
 * with si_code SI_TIMER and the timer's value. A timer aimed at the main
 * thread, which blocks the signal, leaves it pending there (sigpending),
 * and sigtimedwait takes it with si_code SI_TIMER. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pid_t target_tid;
static atomic_int hits, wrong_thread, wrong_info, stop;

static void handler(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)ctx;
    if (gettid() != target_tid)
        atomic_fetch_add(&wrong_thread, 1);
    if (si->si_code != SI_TIMER || si->si_value.sival_int != 321)
        atomic_fetch_add(&wrong_info, 1);
    atomic_fetch_add(&hits, 1);
}

static atomic_int ready;
static void *target(void *arg)
{
    (void)arg;
    target_tid = gettid();
    atomic_store(&ready, 1);
    while (!atomic_load(&stop)) {
        struct timespec ts = { 0, 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    return NULL;
}

static void *bystander(void *arg)
{
    (void)arg;
    while (!atomic_load(&stop))
        sched_yield();
    return NULL;
}

static timer_t make_timer(pid_t tid, int sig, long period_ns)
{
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = sig;
    sev.sigev_value.sival_int = 321;
    sev._sigev_un._tid = tid;
    timer_t t;
    if (timer_create(CLOCK_MONOTONIC, &sev, &t) != 0)
        perror("timer_create");
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    its.it_value.tv_nsec = period_ns;
    its.it_interval.tv_nsec = period_ns;
    timer_settime(t, 0, &its, NULL);
    return t;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);

    pthread_t t, b;
    pthread_create(&t, NULL, target, NULL);
    pthread_create(&b, NULL, bystander, NULL);
    while (!atomic_load(&ready))
        sched_yield();
    timer_t tm = make_timer(target_tid, SIGUSR1, 2 * 1000 * 1000);
    while (atomic_load(&hits) < 20) {
        struct timespec ts = { 0, 1000 * 1000 };
        nanosleep(&ts, NULL); /* the main thread is a candidate too */
    }
    timer_delete(tm);
    atomic_store(&stop, 1);
    pthread_join(t, NULL);
    pthread_join(b, NULL);
    printf("SIGEV_THREAD_ID timer: at least 20 expiries handled, in another thread: %d, "
           "with wrong siginfo: %d\n",
           atomic_load(&wrong_thread), atomic_load(&wrong_info));

    /* Aimed at the main thread while it blocks the signal. */
    sigset_t set, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    tm = make_timer(gettid(), SIGUSR2, 5 * 1000 * 1000);
    struct timespec wait = { 0, 30 * 1000 * 1000 };
    nanosleep(&wait, NULL);
    sigpending(&pend);
    siginfo_t si;
    struct timespec zero = { 0, 0 };
    int r = sigtimedwait(&set, &si, &zero);
    timer_delete(tm); /* after taking it: deleting a timer may drop its pending signal */
    printf("aimed at the blocked main thread: pending %d, taken by sigtimedwait: %s code %s\n",
           sigismember(&pend, SIGUSR2), r == SIGUSR2 ? "SIGUSR2" : "nothing",
           r == SIGUSR2 && si.si_code == SI_TIMER ? "SI_TIMER" : "other");
    return 0;
}
