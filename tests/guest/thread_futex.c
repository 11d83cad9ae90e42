/* The futex system call directly.
 *   FUTEX_WAIT on a changed value: EAGAIN; with a relative timeout and no
 *   waker: ETIMEDOUT after at least the timeout; FUTEX_WAIT_BITSET with an
 *   absolute CLOCK_MONOTONIC deadline: ETIMEDOUT; FUTEX_WAKE with nobody
 *   waiting: 0; woken by another thread before the timeout: 0.
 *   Three waiters woken by FUTEX_WAKE; FUTEX_CMP_REQUEUE with a stale
 *   value: EAGAIN; waiters moved to a second word and woken there.
 *   Errors: misaligned address EINVAL, unmapped address EFAULT, bad timeout
 *   EINVAL, unknown operation ENOSYS.
 *   Signals: a handler without SA_RESTART interrupts FUTEX_WAIT (EINTR);
 *   with SA_RESTART and no timeout the wait is restarted and ends only when
 *   a thread wakes it. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long futex(void *addr, int op, uint32_t val, const struct timespec *ts, void *addr2,
                  uint32_t val3)
{
    return syscall(SYS_futex, addr, op, val, ts, addr2, val3);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const char *e(long r)
{
    if (r >= 0)
        return "ok";
    switch (errno) {
    case EAGAIN: return "EAGAIN";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EINVAL: return "EINVAL";
    case EFAULT: return "EFAULT";
    case ENOSYS: return "ENOSYS";
    case EINTR: return "EINTR";
    default: return strerror(errno);
    }
}

static _Atomic uint32_t word_a, word_b;
static atomic_int asleep, woke;

static void *waiter(void *arg)
{
    (void)arg;
    atomic_fetch_add(&asleep, 1);
    while (atomic_load(&word_a) == 0)
        futex(&word_a, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    atomic_fetch_add(&woke, 1);
    return NULL;
}

static _Atomic uint32_t word_c;
static void *late_waker(void *arg)
{
    struct timespec ts = { 0, (long)(intptr_t)arg * 1000 * 1000 };
    nanosleep(&ts, NULL);
    atomic_store(&word_c, 1);
    futex(&word_c, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    return NULL;
}

static volatile int handler_runs;
static void handler(int sig)
{
    (void)sig;
    handler_runs++;
}

static timer_t arm(int ms)
{
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGALRM;
    timer_t t;
    timer_create(CLOCK_MONOTONIC, &sev, &t);
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    its.it_value.tv_nsec = ms * 1000L * 1000L;
    timer_settime(t, 0, &its, NULL);
    return t;
}

int main(void)
{
    static uint32_t w = 5;
    long r = futex(&w, FUTEX_WAIT_PRIVATE, 4, NULL, NULL, 0);
    printf("FUTEX_WAIT, value changed: %ld %s\n", r, e(r));
    struct timespec ts = { 0, 30 * 1000 * 1000 };
    double t0 = now_ms();
    r = futex(&w, FUTEX_WAIT_PRIVATE, 5, &ts, NULL, 0);
    printf("FUTEX_WAIT 30 ms, nobody wakes: %ld %s, waited >= 25 ms: %s\n", r, e(r),
           now_ms() - t0 >= 25 ? "yes" : "no");
    struct timespec abs;
    clock_gettime(CLOCK_MONOTONIC, &abs);
    abs.tv_nsec += 20 * 1000 * 1000;
    if (abs.tv_nsec >= 1000000000) {
        abs.tv_nsec -= 1000000000;
        abs.tv_sec++;
    }
    r = futex(&w, FUTEX_WAIT_BITSET_PRIVATE, 5, &abs, NULL, FUTEX_BITSET_MATCH_ANY);
    printf("FUTEX_WAIT_BITSET absolute monotonic deadline: %ld %s\n", r, e(r));
    r = futex(&w, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0);
    printf("FUTEX_WAKE, nobody waiting: %ld\n", r);

    pthread_t lw;
    pthread_create(&lw, NULL, late_waker, (void *)(intptr_t)20);
    struct timespec five = { 5, 0 };
    r = 0;
    while (atomic_load(&word_c) == 0 && r == 0)
        r = futex(&word_c, FUTEX_WAIT_PRIVATE, 0, &five, NULL, 0);
    pthread_join(lw, NULL);
    printf("woken by another thread before a 5 s timeout: %s\n",
           atomic_load(&word_c) == 1 && (r == 0 || errno == EAGAIN) ? "yes" : "no");

    /* Three waiters. */
    pthread_t th[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&th[i], NULL, waiter, NULL);
    while (atomic_load(&asleep) < 3)
        sched_yield();
    atomic_store(&word_a, 1);
    while (atomic_load(&woke) < 3)
        futex(&word_a, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    printf("three waiters woken by FUTEX_WAKE: %d\n", atomic_load(&woke));

    /* Requeue. */
    atomic_store(&word_a, 0);
    atomic_store(&asleep, 0);
    atomic_store(&woke, 0);
    for (int i = 0; i < 3; i++)
        pthread_create(&th[i], NULL, waiter, NULL);
    while (atomic_load(&asleep) < 3)
        sched_yield();
    errno = 0;
    r = futex(&word_a, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)(uintptr_t)INT32_MAX, &word_b, 99);
    printf("FUTEX_CMP_REQUEUE with a stale value: %ld %s\n", r, e(r));
    struct timespec settle = { 0, 50 * 1000 * 1000 };
    nanosleep(&settle, NULL); /* let them fall asleep on word_a */
    r = futex(&word_a, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)(uintptr_t)INT32_MAX, &word_b, 0);
    printf("FUTEX_CMP_REQUEUE: %s\n", r >= 0 ? "ok" : e(r));
    atomic_store(&word_a, 1);
    while (atomic_load(&woke) < 3) {
        futex(&word_b, FUTEX_WAKE_PRIVATE, INT32_MAX, NULL, NULL, 0);
        futex(&word_a, FUTEX_WAKE_PRIVATE, INT32_MAX, NULL, NULL, 0);
    }
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    printf("requeued waiters all woke: %d\n", atomic_load(&woke));

    /* Errors. */
    static uint32_t pair[2];
    errno = 0;
    r = futex((char *)pair + 1, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    printf("misaligned address: %ld %s\n", r, e(r));
    volatile uintptr_t unmapped = 0x10;
    errno = 0;
    r = futex((void *)unmapped, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    printf("unmapped address: %ld %s\n", r, e(r));
    struct timespec bad = { 0, 1000000000 };
    errno = 0;
    r = futex(&w, FUTEX_WAIT_PRIVATE, 5, &bad, NULL, 0);
    printf("tv_nsec = 1e9: %ld %s\n", r, e(r));
    errno = 0;
    r = futex(&w, 99, 0, NULL, NULL, 0);
    printf("operation 99: %ld %s\n", r, e(r));

    /* Signals. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    timer_t t = arm(30);
    errno = 0;
    r = futex(&w, FUTEX_WAIT_PRIVATE, 5, NULL, NULL, 0);
    printf("FUTEX_WAIT, handler without SA_RESTART: %ld %s, handler ran %d\n", r, e(r), handler_runs);
    timer_delete(t);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    atomic_store(&word_c, 0);
    t = arm(30);
    pthread_create(&lw, NULL, late_waker, (void *)(intptr_t)150);
    errno = 0;
    r = futex(&word_c, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    int value = atomic_load(&word_c);
    pthread_join(lw, NULL);
    timer_delete(t);
    printf("FUTEX_WAIT, SA_RESTART handler: %ld %s, handler ran %d, woken by the thread: %s\n", r,
           e(r), handler_runs, value == 1 ? "yes" : "no");
    return 0;
}
