/* Signals landing on busy threads. Four workers loop doing lr.w/sc.w
 * increments of a shared counter and exact floating-point sums in
 * registers, while the main thread queues 4000 real-time signals to them
 * with pthread_sigqueue (round robin) and a 1 ms ITIMER_REAL timer sends
 * SIGALRM to the process. Every queued signal is handled exactly once, by
 * the thread it was sent to, with its value; every worker's FP sum and the
 * shared counter come out exact, so no signal frame disturbed a thread's
 * registers or another thread. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#define W 4
#define SIGNALS 4000

static pthread_t workers[W];
static atomic_int stop, started;
static uint32_t shared_counter;
static long iterations[W];
static double fp_sums[W];
static atomic_long handled, wrong_thread, value_sum, alarms;

static void lrsc_inc(uint32_t *p)
{
    uint32_t tmp;
    __asm__ volatile("1: lr.w %0, (%1)\n"
                     "   addiw %0, %0, 1\n"
                     "   sc.w %0, %0, (%1)\n"
                     "   bnez %0, 1b\n"
                     : "=&r"(tmp)
                     : "r"(p)
                     : "memory");
}

static void on_rt(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)ctx;
    int target = si->si_value.sival_int % W;
    if (!pthread_equal(pthread_self(), workers[target]))
        atomic_fetch_add(&wrong_thread, 1);
    atomic_fetch_add(&value_sum, si->si_value.sival_int);
    /* some FP work of the handler's own */
    volatile double x = 1.0;
    for (int i = 0; i < 20; i++)
        x = x * 1.5 + 0.25;
    atomic_fetch_add(&handled, 1);
}

static void on_alrm(int sig)
{
    (void)sig;
    volatile double y = 3.0;
    y = y / 7.0;
    atomic_fetch_add(&alarms, 1);
}

static void *worker(void *arg)
{
    int me = (int)(intptr_t)arg;
    double s = 0.0;
    long n = 0;
    atomic_fetch_add(&started, 1);
    while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
        for (int k = 0; k < 64; k++) {
            s += (double)(n & 1023) * 0.5;
            n++;
        }
        lrsc_inc(&shared_counter);
    }
    iterations[me] = n;
    fp_sums[me] = s;
    return NULL;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_sigaction = on_rt;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGRTMIN + 2, &sa, NULL);
    sa.sa_handler = on_alrm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);

    for (int i = 0; i < W; i++)
        pthread_create(&workers[i], NULL, worker, (void *)(intptr_t)i);
    while (atomic_load(&started) < W)
        sched_yield();
    struct itimerval it;
    memset(&it, 0, sizeof it);
    it.it_value.tv_usec = 1000;
    it.it_interval.tv_usec = 1000;
    setitimer(ITIMER_REAL, &it, NULL);

    long expect_values = 0;
    for (int i = 0; i < SIGNALS; i++) {
        union sigval v = { .sival_int = i };
        while (pthread_sigqueue(workers[i % W], SIGRTMIN + 2, v) == EAGAIN)
            sched_yield();
        expect_values += i;
    }
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    do {
        struct timespec ts = { 0, 1000 * 1000 };
        nanosleep(&ts, NULL);
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while (atomic_load(&handled) < SIGNALS && now.tv_sec - start.tv_sec < 20);
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, NULL);
    atomic_store(&stop, 1);
    for (int i = 0; i < W; i++)
        pthread_join(workers[i], NULL);

    printf("queued signals handled: %ld of %d, in the wrong thread: %ld, values %s\n",
           atomic_load(&handled), SIGNALS, atomic_load(&wrong_thread),
           atomic_load(&value_sum) == expect_values ? "all right" : "WRONG");
    long total_iters = 0;
    int fp_ok = 1;
    for (int i = 0; i < W; i++) {
        long n = iterations[i], cycles = n / 1024, rest = n % 1024;
        double want = (double)cycles * (1023.0 * 1024.0 / 2) * 0.5 + (double)(rest * (rest - 1) / 2) * 0.5;
        if (fp_sums[i] != want)
            fp_ok = 0;
        total_iters += iterations[i];
    }
    printf("worker FP sums exact: %s\n", fp_ok ? "yes" : "NO");
    printf("shared lr/sc counter equals the workers' loop count: %s\n",
           (uint64_t)shared_counter == (uint64_t)(total_iters / 64) ? "yes" : "NO");
    return 0;
}
