/* Mutexes. 8 threads x 100000 increments of a shared counter under a normal
 * mutex give exactly 800000 (and an unprotected per-thread tally agrees).
 * trylock on a held mutex is EBUSY; an error-checking mutex reports EDEADLK
 * on relock and EPERM on unlock by a non-owner; a recursive mutex can be
 * taken three times and needs three unlocks; pthread_mutex_timedlock on a
 * held mutex times out with ETIMEDOUT. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define THREADS 8
#define ITERS 100000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static long tally[THREADS];

static void *adder(void *arg)
{
    long idx = (long)arg;
    for (int i = 0; i < ITERS; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
        tally[idx]++;
    }
    return NULL;
}

static pthread_mutex_t errchk;
static int other_unlock_result;

static void *other_unlocker(void *arg)
{
    (void)arg;
    other_unlock_result = pthread_mutex_unlock(&errchk);
    return NULL;
}

static int try_result;
static void *other_trylock(void *arg)
{
    try_result = pthread_mutex_trylock(arg);
    if (try_result == 0)
        pthread_mutex_unlock(arg);
    return NULL;
}

static const char *err(int e)
{
    switch (e) {
    case 0: return "0";
    case EBUSY: return "EBUSY";
    case EDEADLK: return "EDEADLK";
    case EPERM: return "EPERM";
    case ETIMEDOUT: return "ETIMEDOUT";
    default: return strerror(e);
    }
}

int main(void)
{
    pthread_t th[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&th[i], NULL, adder, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    long t = 0;
    for (int i = 0; i < THREADS; i++)
        t += tally[i];
    printf("counter = %ld, tallies = %ld\n", counter, t);

    pthread_mutex_lock(&lock);
    printf("trylock on a held mutex (same thread) = %s\n", err(pthread_mutex_trylock(&lock)));
    pthread_t o;
    pthread_create(&o, NULL, other_trylock, &lock);
    pthread_join(o, NULL);
    printf("trylock on a held mutex (other thread) = %s\n", err(try_result));
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 30 * 1000 * 1000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_nsec -= 1000000000;
        ts.tv_sec++;
    }
    printf("timedlock (30 ms) on a held normal mutex = %s\n", err(pthread_mutex_timedlock(&lock, &ts)));
    pthread_mutex_unlock(&lock);
    pthread_create(&o, NULL, other_trylock, &lock);
    pthread_join(o, NULL);
    printf("trylock on a free mutex (other thread) = %s\n", err(try_result));

    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&errchk, &ma);
    pthread_mutex_lock(&errchk);
    printf("errorcheck relock = %s\n", err(pthread_mutex_lock(&errchk)));
    pthread_create(&o, NULL, other_unlocker, NULL);
    pthread_join(o, NULL);
    printf("errorcheck unlock by another thread = %s\n", err(other_unlock_result));
    printf("errorcheck unlock by owner = %s\n", err(pthread_mutex_unlock(&errchk)));
    printf("errorcheck unlock when unlocked = %s\n", err(pthread_mutex_unlock(&errchk)));

    pthread_mutex_t rec;
    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&rec, &ma);
    int a = pthread_mutex_lock(&rec), b = pthread_mutex_lock(&rec), c = pthread_mutex_trylock(&rec);
    printf("recursive: lock, lock, trylock = %s %s %s\n", err(a), err(b), err(c));
    pthread_mutex_unlock(&rec);
    pthread_mutex_unlock(&rec);
    pthread_create(&o, NULL, other_trylock, &rec);
    pthread_join(o, NULL);
    printf("recursive, still held once: other thread's trylock = %s\n", err(try_result));
    pthread_mutex_unlock(&rec);
    pthread_create(&o, NULL, other_trylock, &rec);
    pthread_join(o, NULL);
    printf("recursive, released: other thread's trylock = %s\n", err(try_result));
    return 0;
}
