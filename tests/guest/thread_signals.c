/* Signals and threads.
 *  - pthread_kill(t, SIGUSR1) runs the handler in thread t: the handler
 *    records pthread_self() and gettid(), which must be t's;
 *  - pthread_sigqueue delivers a value to the chosen thread;
 *  - a process-directed kill(getpid(), SIGUSR2) goes to the only thread
 *    that does not block it;
 *  - a new thread inherits its creator's signal mask; pthread_sigmask in a
 *    thread changes that thread only;
 *  - a signal to a thread blocked in pthread_cond_wait runs the handler
 *    there and the wait carries on until the real signal;
 *  - a dedicated sigwait thread collects 50 process-directed signals sent
 *    one at a time (each acknowledged) while all threads block them. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define T 4

static pthread_t threads[T];
static pid_t tids[T];
static atomic_int ready_count;
static atomic_int stop;

static volatile pthread_t got_self;
static volatile pid_t got_tid;
static volatile int got_value;
static atomic_int usr1_count;

static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)ctx;
    got_self = pthread_self();
    got_tid = gettid();
    got_value = si->si_value.sival_int;
    atomic_fetch_add(&usr1_count, 1);
}

static void *idle_thread(void *arg)
{
    int me = (int)(intptr_t)arg;
    tids[me] = gettid();
    if (me == 2) {
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, SIGUSR2);
        pthread_sigmask(SIG_UNBLOCK, &s, NULL); /* the only one that takes SIGUSR2 */
    }
    atomic_fetch_add(&ready_count, 1);
    while (!atomic_load(&stop)) {
        struct timespec ts = { 0, 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    return NULL;
}

static int inherited_blocked;
static void *mask_reporter(void *arg)
{
    (void)arg;
    sigset_t now;
    pthread_sigmask(SIG_BLOCK, NULL, &now);
    inherited_blocked = sigismember(&now, SIGHUP);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGINT);
    pthread_sigmask(SIG_BLOCK, &s, NULL); /* this thread only */
    return NULL;
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int go;
static atomic_int waiter_ready;
static pid_t waiter_tid;
static void *cond_waiter(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    waiter_tid = gettid();
    atomic_store(&waiter_ready, 1);
    while (!go)
        pthread_cond_wait(&c, &m);
    pthread_mutex_unlock(&m);
    return (void *)1;
}

static atomic_int collected, acked;
static void *sigwaiter(void *arg)
{
    (void)arg;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGRTMIN + 1);
    for (int i = 0; i < 50; i++) {
        int sig;
        if (sigwait(&s, &sig) == 0 && sig == SIGRTMIN + 1)
            atomic_fetch_add(&collected, 1);
        atomic_fetch_add(&acked, 1);
    }
    return NULL;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);

    /* Everyone but thread 2 blocks SIGUSR2 (threads inherit main's mask). */
    /* SIGRTMIN+1 is blocked everywhere too: only the sigwait thread takes it. */
    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    sigaddset(&usr2, SIGRTMIN + 1);
    pthread_sigmask(SIG_BLOCK, &usr2, NULL);
    for (int i = 0; i < T; i++)
        pthread_create(&threads[i], NULL, idle_thread, (void *)(intptr_t)i);
    while (atomic_load(&ready_count) < T)
        sched_yield();

    int right = 0;
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < T; i++) {
            int before = atomic_load(&usr1_count);
            pthread_kill(threads[i], SIGUSR1);
            while (atomic_load(&usr1_count) == before)
                sched_yield();
            if (pthread_equal(got_self, threads[i]) && got_tid == tids[i])
                right++;
        }
    }
    printf("pthread_kill: %d of %d deliveries ran in the target thread\n", right, 3 * T);

    int before = atomic_load(&usr1_count);
    union sigval v = { .sival_int = 77 };
    pthread_sigqueue(threads[1], SIGUSR1, v);
    while (atomic_load(&usr1_count) == before)
        sched_yield();
    printf("pthread_sigqueue: in thread 1: %s, value %d\n",
           pthread_equal(got_self, threads[1]) ? "yes" : "no", got_value);

    before = atomic_load(&usr1_count);
    syscall(SYS_tgkill, getpid(), tids[3], SIGUSR1);
    while (atomic_load(&usr1_count) == before)
        sched_yield();
    printf("tgkill(pid, tid of thread 3): in thread 3: %s\n", got_tid == tids[3] ? "yes" : "no");

    right = 0;
    for (int k = 0; k < 5; k++) {
        before = atomic_load(&usr1_count);
        kill(getpid(), SIGUSR2);
        while (atomic_load(&usr1_count) == before)
            sched_yield();
        if (pthread_equal(got_self, threads[2]))
            right++;
    }
    printf("kill(getpid(), SIGUSR2): %d of 5 went to the only thread not blocking it\n", right);

    /* Mask inheritance. */
    sigset_t hup;
    sigemptyset(&hup);
    sigaddset(&hup, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &hup, NULL);
    pthread_t mr;
    pthread_create(&mr, NULL, mask_reporter, NULL);
    pthread_join(mr, NULL);
    sigset_t now;
    pthread_sigmask(SIG_BLOCK, NULL, &now);
    printf("new thread inherited SIGHUP blocked: %s; its SIGINT block stayed its own: %s\n",
           inherited_blocked ? "yes" : "no", sigismember(&now, SIGINT) ? "no" : "yes");
    pthread_sigmask(SIG_UNBLOCK, &hup, NULL);

    /* A handler in a thread waiting on a condvar. */
    pthread_t cw;
    pthread_create(&cw, NULL, cond_waiter, NULL);
    while (!atomic_load(&waiter_ready))
        sched_yield();
    pthread_mutex_lock(&m); /* the waiter is inside pthread_cond_wait now */
    pthread_mutex_unlock(&m);
    before = atomic_load(&usr1_count);
    pthread_kill(cw, SIGUSR1);
    while (atomic_load(&usr1_count) == before)
        sched_yield();
    int in_waiter = got_tid == waiter_tid;
    struct timespec ts = { 0, 20 * 1000 * 1000 };
    nanosleep(&ts, NULL);
    pthread_mutex_lock(&m);
    go = 1;
    pthread_cond_signal(&c);
    pthread_mutex_unlock(&m);
    void *ret;
    pthread_join(cw, &ret);
    printf("signal during cond_wait: handler in the waiter: %s, wait then ended normally: %s\n",
           in_waiter ? "yes" : "no", ret == (void *)1 ? "yes" : "no");

    /* sigwait thread. */
    pthread_t sw;
    pthread_create(&sw, NULL, sigwaiter, NULL);
    for (int i = 0; i < 50; i++) {
        int a = atomic_load(&acked);
        kill(getpid(), SIGRTMIN + 1);
        while (atomic_load(&acked) == a)
            sched_yield();
    }
    pthread_join(sw, NULL);
    printf("sigwait thread collected %d of 50 process-directed signals\n", atomic_load(&collected));

    atomic_store(&stop, 1);
    for (int i = 0; i < T; i++)
        pthread_join(threads[i], NULL);
    printf("total SIGUSR1/SIGUSR2 handler runs: %d\n", atomic_load(&usr1_count));
    return 0;
}
