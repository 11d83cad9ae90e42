/* Other synchronisation primitives, each checked with exact results:
 *  - pthread_barrier: 8 threads x 200 rounds; in each round every thread
 *    writes its slot before the barrier and checks all slots after it;
 *    exactly one thread per round gets PTHREAD_BARRIER_SERIAL_THREAD;
 *  - pthread_once from 8 threads: the initialiser runs once, and everyone
 *    sees its effect;
 *  - pthread_rwlock: 6 readers check an invariant written by 2 writers
 *    (two fields always equal under the lock), final value exact;
 *    tryrdlock succeeds alongside a reader, trywrlock is EBUSY;
 *  - semaphores: sem_post/sem_wait handing 30000 tokens from 3 posters to 3
 *    waiters; sem_trywait on zero is EAGAIN, sem_timedwait ETIMEDOUT,
 *    sem_getvalue reports the count. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define T 8
#define ROUNDS 200

static pthread_barrier_t barrier;
static int slots[T];
static atomic_int serial_count, barrier_errors;

static void *barrier_worker(void *arg)
{
    int me = (int)(intptr_t)arg;
    for (int r = 1; r <= ROUNDS; r++) {
        slots[me] = r;
        int s = pthread_barrier_wait(&barrier);
        if (s == PTHREAD_BARRIER_SERIAL_THREAD)
            atomic_fetch_add(&serial_count, 1);
        else if (s != 0)
            atomic_fetch_add(&barrier_errors, 1);
        for (int i = 0; i < T; i++)
            if (slots[i] != r)
                atomic_fetch_add(&barrier_errors, 1);
        pthread_barrier_wait(&barrier); /* nobody writes round r+1 before all checked */
    }
    return NULL;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int init_runs;
static int init_value;
static atomic_int saw_init;

static void init_fn(void)
{
    atomic_fetch_add(&init_runs, 1);
    struct timespec ts = { 0, 5 * 1000 * 1000 };
    nanosleep(&ts, NULL); /* others must wait for it */
    init_value = 1234;
}

static void *once_worker(void *arg)
{
    (void)arg;
    pthread_once(&once, init_fn);
    if (init_value == 1234)
        atomic_fetch_add(&saw_init, 1);
    return NULL;
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long field_a, field_b;
static atomic_long rw_violations, reads_done;

static void *rw_reader(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20000; i++) {
        pthread_rwlock_rdlock(&rw);
        if (field_a != field_b)
            atomic_fetch_add(&rw_violations, 1);
        pthread_rwlock_unlock(&rw);
        atomic_fetch_add(&reads_done, 1);
    }
    return NULL;
}

static void *rw_writer(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10000; i++) {
        pthread_rwlock_wrlock(&rw);
        field_a++;
        field_b++;
        pthread_rwlock_unlock(&rw);
    }
    return NULL;
}

static int try_rd, try_wr;
static void *rw_try(void *arg)
{
    (void)arg;
    try_rd = pthread_rwlock_tryrdlock(&rw);
    if (try_rd == 0)
        pthread_rwlock_unlock(&rw);
    try_wr = pthread_rwlock_trywrlock(&rw);
    if (try_wr == 0)
        pthread_rwlock_unlock(&rw);
    return NULL;
}

static sem_t items;
static atomic_long taken;
static void *poster(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10000; i++)
        sem_post(&items);
    return NULL;
}
static void *waiter(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10000; i++) {
        while (sem_wait(&items) != 0)
            ;
        atomic_fetch_add(&taken, 1);
    }
    return NULL;
}

static const char *err(int e)
{
    return e == 0 ? "0" : e == EBUSY ? "EBUSY" : e == EAGAIN ? "EAGAIN" : e == ETIMEDOUT ? "ETIMEDOUT" : strerror(e);
}

int main(void)
{
    pthread_t th[T];
    pthread_barrier_init(&barrier, NULL, T);
    for (int i = 0; i < T; i++)
        pthread_create(&th[i], NULL, barrier_worker, (void *)(intptr_t)i);
    for (int i = 0; i < T; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&barrier);
    printf("barrier: %d rounds, serial thread returned %d times, errors %d\n", ROUNDS,
           atomic_load(&serial_count), atomic_load(&barrier_errors));

    for (int i = 0; i < T; i++)
        pthread_create(&th[i], NULL, once_worker, NULL);
    for (int i = 0; i < T; i++)
        pthread_join(th[i], NULL);
    printf("pthread_once: initialiser ran %d time(s), %d threads saw its result\n",
           atomic_load(&init_runs), atomic_load(&saw_init));

    pthread_t rt[6], wt[2];
    for (int i = 0; i < 6; i++)
        pthread_create(&rt[i], NULL, rw_reader, NULL);
    for (int i = 0; i < 2; i++)
        pthread_create(&wt[i], NULL, rw_writer, NULL);
    for (int i = 0; i < 6; i++)
        pthread_join(rt[i], NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(wt[i], NULL);
    printf("rwlock: a=%ld b=%ld, %ld reads, %ld violations\n", field_a, field_b,
           atomic_load(&reads_done), atomic_load(&rw_violations));
    pthread_rwlock_rdlock(&rw);
    pthread_t tt;
    pthread_create(&tt, NULL, rw_try, NULL);
    pthread_join(tt, NULL);
    pthread_rwlock_unlock(&rw);
    printf("rwlock held for reading: other thread tryrdlock=%s trywrlock=%s\n", err(try_rd),
           err(try_wr));
    pthread_rwlock_wrlock(&rw);
    pthread_create(&tt, NULL, rw_try, NULL);
    pthread_join(tt, NULL);
    pthread_rwlock_unlock(&rw);
    printf("rwlock held for writing: other thread tryrdlock=%s trywrlock=%s\n", err(try_rd),
           err(try_wr));

    sem_init(&items, 0, 0);
    pthread_t pt[3], st[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&st[i], NULL, waiter, NULL);
    for (int i = 0; i < 3; i++)
        pthread_create(&pt[i], NULL, poster, NULL);
    for (int i = 0; i < 3; i++) {
        pthread_join(pt[i], NULL);
        pthread_join(st[i], NULL);
    }
    int v = -1;
    sem_getvalue(&items, &v);
    printf("semaphore: %ld tokens taken, value now %d\n", atomic_load(&taken), v);
    errno = 0;
    int r = sem_trywait(&items);
    printf("sem_trywait on 0 = %d %s\n", r, err(errno));
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 20 * 1000 * 1000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_nsec -= 1000000000;
        ts.tv_sec++;
    }
    errno = 0;
    r = sem_timedwait(&items, &ts);
    printf("sem_timedwait(20 ms) on 0 = %d %s\n", r, err(errno));
    sem_post(&items);
    sem_post(&items);
    sem_getvalue(&items, &v);
    printf("after two posts: value %d, trywait = %d\n", v, sem_trywait(&items));
    return 0;
}
