/* The main thread calling pthread_exit does not end the process: the other
 * threads run on, and the process exits (status 0) when the last one
 * returns. The last thread's output appears after main's. A thread that
 * returns from a detached start routine is cleaned up without a join. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static atomic_int done, main_left;
static atomic_long total;

static void *worker(void *arg)
{
    long n = (long)(intptr_t)arg;
    struct timespec ts = { 0, (n + 1) * 1000 * 1000 };
    while (!atomic_load(&main_left))
        nanosleep(&ts, NULL);
    nanosleep(&ts, NULL); /* main is (nearly) gone */
    long s = 0;
    for (long i = 1; i <= 100000; i++)
        s += i % (n + 2);
    atomic_fetch_add(&total, s);
    if (atomic_fetch_add(&done, 1) == 3) {
        printf("last worker: 4 workers done after main left, total %ld\n", atomic_load(&total));
        fflush(stdout);
    }
    return NULL;
}

int main(void)
{
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    for (long i = 0; i < 4; i++) {
        pthread_t t;
        pthread_create(&t, i % 2 ? &at : NULL, worker, (void *)(intptr_t)i);
    }
    printf("main: calling pthread_exit with %d workers done\n", atomic_load(&done));
    fflush(stdout);
    atomic_store(&main_left, 1);
    pthread_exit(NULL);
}
