/* Thread-local storage. A __thread variable with an initialiser starts at
 * that value in every new thread, whatever the main thread did to its own
 * copy; each of 8 threads counts in its copy, and the copies' addresses are
 * distinct. A large TLS array (initialised and zero parts) is per thread
 * too. errno is per thread. pthread_key_create with a destructor: values
 * are per thread and the destructor runs once per thread that set one, with
 * that value, at thread exit. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define T 8

static __thread int counter = 42;
static __thread char big[4096] = "initial";
static __thread long zeros[512];

struct result {
    int start;
    int end;
    uintptr_t addr;
    int big_ok;
    int errno_after;
};
static struct result results[T];

static pthread_key_t key;
static atomic_long destructor_sum;
static atomic_int destructor_calls;

static void destructor(void *v)
{
    atomic_fetch_add(&destructor_sum, (long)(intptr_t)v);
    atomic_fetch_add(&destructor_calls, 1);
}

static pthread_barrier_t bar;

static void *worker(void *arg)
{
    int me = (int)(intptr_t)arg;
    struct result *r = &results[me];
    r->start = counter;
    r->big_ok = strcmp(big, "initial") == 0;
    for (int i = 0; i < 512; i++)
        if (zeros[i] != 0)
            r->big_ok = 0;
    for (int i = 0; i < 1000 * (me + 1); i++)
        counter++;
    snprintf(big, sizeof big, "thread %d", me);
    for (int i = 0; i < 512; i++)
        zeros[i] = me;
    pthread_setspecific(key, (void *)(intptr_t)(100 + me));
    errno = 1000 + me;
    pthread_barrier_wait(&bar); /* everyone has written their copies */
    r->errno_after = errno;
    char expect[32];
    snprintf(expect, sizeof expect, "thread %d", me);
    if (strcmp(big, expect) != 0 || zeros[511] != me)
        r->big_ok = 0;
    r->end = counter;
    r->addr = (uintptr_t)&counter;
    if ((intptr_t)pthread_getspecific(key) != 100 + me)
        r->big_ok = 0;
    return NULL;
}

int main(void)
{
    counter = 7; /* main's copy only */
    strcpy(big, "main");
    pthread_key_create(&key, destructor);
    pthread_setspecific(key, (void *)(intptr_t)1); /* main never exits as a thread: no call */
    pthread_barrier_init(&bar, NULL, T);
    pthread_t th[T];
    for (int i = 0; i < T; i++)
        pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i);
    for (int i = 0; i < T; i++)
        pthread_join(th[i], NULL);
    int distinct = 1, starts = 1, ends = 1, big_ok = 1, errno_ok = 1;
    for (int i = 0; i < T; i++) {
        if (results[i].start != 42)
            starts = 0;
        if (results[i].end != 42 + 1000 * (i + 1))
            ends = 0;
        if (!results[i].big_ok)
            big_ok = 0;
        if (results[i].errno_after != 1000 + i)
            errno_ok = 0;
        if (results[i].addr == (uintptr_t)&counter)
            distinct = 0;
        for (int j = 0; j < i; j++)
            if (results[i].addr == results[j].addr)
                distinct = 0;
    }
    printf("every thread started at 42: %s; ended at 42 + 1000*(i+1): %s\n", starts ? "yes" : "no",
           ends ? "yes" : "no");
    printf("copies at distinct addresses (also from main's): %s\n", distinct ? "yes" : "no");
    printf("large TLS block per thread (initialised + zeroed parts): %s\n", big_ok ? "yes" : "no");
    printf("errno per thread: %s\n", errno_ok ? "yes" : "no");
    printf("main's copies untouched: counter=%d big=\"%s\"\n", counter, big);
    printf("key destructor: %d calls, sum of values %ld, main's value %ld\n",
           atomic_load(&destructor_calls), atomic_load(&destructor_sum),
           (long)(intptr_t)pthread_getspecific(key));
    return 0;
}
