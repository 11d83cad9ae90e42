/* POSIX timers that notify by thread (SIGEV_THREAD): glibc runs a helper
 * thread that waits for its internal timer signal and starts the callback in
 * a new thread for every expiry. A periodic 5 ms timer calls back 5 times
 * with its sigev_value, never on the main thread; after timer_delete no more
 * calls come. */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static sem_t fired;
static atomic_int calls, on_main, value_ok;
static pid_t main_tid;

static void callback(union sigval v)
{
    if (gettid() == main_tid)
        atomic_fetch_add(&on_main, 1);
    if (v.sival_int == 4242)
        atomic_fetch_add(&value_ok, 1);
    if (atomic_fetch_add(&calls, 1) < 5)
        sem_post(&fired);
}

int main(void)
{
    main_tid = gettid();
    sem_init(&fired, 0, 0);
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_THREAD;
    sev.sigev_notify_function = callback;
    sev.sigev_value.sival_int = 4242;
    timer_t t;
    int r = timer_create(CLOCK_MONOTONIC, &sev, &t);
    printf("timer_create(SIGEV_THREAD) = %d\n", r);
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    its.it_value.tv_nsec = 5 * 1000 * 1000;
    its.it_interval.tv_nsec = 5 * 1000 * 1000;
    timer_settime(t, 0, &its, NULL);
    for (int i = 0; i < 5; i++)
        while (sem_wait(&fired) != 0)
            ;
    timer_delete(t);
    struct timespec settle = { 0, 100 * 1000 * 1000 };
    nanosleep(&settle, NULL); /* callbacks already started may finish */
    int after_delete = atomic_load(&calls);
    nanosleep(&settle, NULL);
    printf("at least 5 callbacks: %s; on the main thread: %d; right value in all: %s\n",
           atomic_load(&calls) >= 5 ? "yes" : "no", atomic_load(&on_main),
           atomic_load(&value_ok) == atomic_load(&calls) ? "yes" : "no");
    printf("no callbacks after timer_delete settled: %s\n",
           atomic_load(&calls) == after_delete ? "yes" : "no");
    return 0;
}
