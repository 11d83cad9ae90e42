/* Detached threads: created detached or detached with pthread_detach, they
 * run to completion and release themselves; the main thread learns they are
 * done only through a semaphore. 200 detached threads in waves of 20; the
 * sum of their work is exact. (Joining or re-detaching a detached thread is
 * undefined behaviour, so it is not tried.) */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

static sem_t finished;
static atomic_long work;

static void *worker(void *arg)
{
    long n = (long)(intptr_t)arg;
    long s = 0;
    for (long i = 0; i < 1000; i++)
        s += (i * n) % 97;
    atomic_fetch_add(&work, s);
    sem_post(&finished);
    return NULL;
}

int main(void)
{
    sem_init(&finished, 0, 0);
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    int state = -1;
    pthread_attr_getdetachstate(&at, &state);
    printf("attr detach state is PTHREAD_CREATE_DETACHED: %s\n",
           state == PTHREAD_CREATE_DETACHED ? "yes" : "no");
    long expect = 0;
    for (int wave = 0; wave < 10; wave++) {
        for (int i = 0; i < 20; i++) {
            long n = wave * 20 + i;
            for (long k = 0; k < 1000; k++)
                expect += (k * n) % 97;
            pthread_t t;
            if (i % 2) {
                pthread_create(&t, &at, worker, (void *)(intptr_t)n);
            } else {
                pthread_create(&t, NULL, worker, (void *)(intptr_t)n);
                pthread_detach(t);
            }
        }
        for (int i = 0; i < 20; i++)
            sem_wait(&finished);
    }
    printf("200 detached threads finished, work %ld (%s)\n", atomic_load(&work),
           atomic_load(&work) == expect ? "exact" : "WRONG");
    return 0;
}
