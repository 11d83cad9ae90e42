/* pthread_cancel (glibc sends the internal SIGCANCEL, signal 32, to the
 * thread). A thread blocked in a cancellation point (read on an empty pipe,
 * pthread_cond_wait, nanosleep) is cancelled: its cleanup handlers run in reverse order of pushing (the cond_wait one with the mutex
 * re-acquired), and pthread_join returns PTHREAD_CANCELED. With
 * cancellation disabled, the request waits until it is enabled again and the
 * next pthread_testcancel. Asynchronous cancellation stops a busy loop that
 * makes no calls. Cancelling a finished thread is harmless (0). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char trace[256];
static pthread_mutex_t trace_m = PTHREAD_MUTEX_INITIALIZER;
static atomic_int started;

static void mark(const char *s)
{
    pthread_mutex_lock(&trace_m);
    if (trace[0])
        strcat(trace, " ");
    strcat(trace, s);
    pthread_mutex_unlock(&trace_m);
}

static void cleanup(void *arg)
{
    mark(arg);
}

static int pipefd[2];

static void *in_read(void *arg)
{
    (void)arg;
    pthread_cleanup_push(cleanup, "outer");
    pthread_cleanup_push(cleanup, "inner");
    atomic_store(&started, 1);
    char c;
    (void)!read(pipefd[0], &c, 1);
    mark("read returned: wrong");
    pthread_cleanup_pop(0);
    pthread_cleanup_pop(0);
    return NULL;
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int held_in_cleanup;

static void unlock_cleanup(void *arg)
{
    (void)arg;
    held_in_cleanup = pthread_mutex_trylock(&m) == EBUSY;
    pthread_mutex_unlock(&m);
    mark("unlocked");
}

static void *in_cond_wait(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    pthread_cleanup_push(unlock_cleanup, NULL);
    atomic_store(&started, 1);
    for (;;)
        pthread_cond_wait(&c, &m);
    pthread_cleanup_pop(1);
    return NULL;
}

static void *in_sleep(void *arg)
{
    (void)arg;
    pthread_cleanup_push(cleanup, "slept");
    atomic_store(&started, 1);
    struct timespec ts = { 30, 0 };
    nanosleep(&ts, NULL);
    pthread_cleanup_pop(0);
    return NULL;
}

static atomic_int may_continue;
static void *deferred_disabled(void *arg)
{
    (void)arg;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
    pthread_cleanup_push(cleanup, "disabled-then-enabled");
    atomic_store(&started, 1);
    while (!atomic_load(&may_continue))
        sched_yield();
    struct timespec ts = { 0, 1000 * 1000 };
    nanosleep(&ts, NULL); /* a cancellation point, but disabled: no effect */
    mark("survived-while-disabled");
    pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
    pthread_testcancel();
    mark("after testcancel: wrong");
    pthread_cleanup_pop(0);
    return NULL;
}

static volatile unsigned long spins;
static void *async_spin(void *arg)
{
    (void)arg;
    pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
    atomic_store(&started, 1);
    for (;;)
        spins++;
    return NULL;
}

static void *quick(void *arg)
{
    return arg;
}

static void run(const char *what, void *(*fn)(void *))
{
    pthread_t t;
    trace[0] = 0;
    atomic_store(&started, 0);
    pthread_create(&t, NULL, fn, NULL);
    while (!atomic_load(&started))
        sched_yield();
    struct timespec ts = { 0, 20 * 1000 * 1000 };
    nanosleep(&ts, NULL); /* let it block */
    int r = pthread_cancel(t);
    if (fn == deferred_disabled) {
        nanosleep(&ts, NULL);
        atomic_store(&may_continue, 1);
    }
    void *ret;
    pthread_join(t, &ret);
    printf("%-22s cancel=%d joined %s, cleanup: %s\n", what, r,
           ret == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "other", trace);
}

int main(void)
{
    if (pipe(pipefd) != 0)
        return 1;
    run("blocked in read:", in_read);
    run("in cond_wait:", in_cond_wait);
    printf("  mutex held when its cleanup ran: %s\n", held_in_cleanup ? "yes" : "no");
    run("in nanosleep:", in_sleep);
    run("disabled, then enabled:", deferred_disabled);
    run("asynchronous, spinning:", async_spin);

    pthread_t t;
    pthread_create(&t, NULL, quick, (void *)5);
    void *ret;
    pthread_join(t, &ret);
    pthread_create(&t, NULL, quick, (void *)6);
    struct timespec ts = { 0, 10 * 1000 * 1000 };
    nanosleep(&ts, NULL);
    int r = pthread_cancel(t); /* may be finished, or not yet joined: both fine */
    pthread_join(t, &ret);
    printf("cancel of a finished thread = %d\n", r);
    return 0;
}
