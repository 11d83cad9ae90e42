/* Condition variables: a bounded queue (16 slots) with 3 producers and 3
 * consumers. Each producer puts 20000 numbers; consumers take until they see
 * a stop marker. Every item arrives exactly once: count, sum and xor of all
 * items taken match what was put, and each consumer's share adds up. Also
 * pthread_cond_broadcast wakes all waiters (a gate opened for 6 threads),
 * and pthread_cond_timedwait with nobody signalling returns ETIMEDOUT after
 * at least the timeout, holding the mutex again. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SLOTS 16
#define PRODUCERS 3
#define CONSUMERS 3
#define PER_PRODUCER 20000
#define STOP UINT64_MAX

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static uint64_t queue[SLOTS];
static int head, count;

static void put(uint64_t v)
{
    pthread_mutex_lock(&m);
    while (count == SLOTS)
        pthread_cond_wait(&not_full, &m);
    queue[(head + count) % SLOTS] = v;
    count++;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&m);
}

static uint64_t take(void)
{
    pthread_mutex_lock(&m);
    while (count == 0)
        pthread_cond_wait(&not_empty, &m);
    uint64_t v = queue[head];
    head = (head + 1) % SLOTS;
    count--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&m);
    return v;
}

static uint64_t item(int producer, int i)
{
    return (uint64_t)producer * 1000003u + (uint64_t)i * 7919u + 1;
}

static void *producer(void *arg)
{
    int p = (int)(intptr_t)arg;
    for (int i = 0; i < PER_PRODUCER; i++)
        put(item(p, i));
    return NULL;
}

struct tally {
    long n;
    uint64_t sum, xr;
};
static struct tally tallies[CONSUMERS];

static void *consumer(void *arg)
{
    struct tally *t = arg;
    for (;;) {
        uint64_t v = take();
        if (v == STOP)
            break;
        t->n++;
        t->sum += v;
        t->xr ^= v * 0x9e3779b97f4a7c15ull;
    }
    return NULL;
}

static pthread_mutex_t gate_m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_c = PTHREAD_COND_INITIALIZER;
static int gate_open, waiting, passed;

static void *gate_waiter(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&gate_m);
    waiting++;
    pthread_cond_broadcast(&gate_c); /* tell main one more is waiting */
    while (!gate_open)
        pthread_cond_wait(&gate_c, &gate_m);
    passed++;
    pthread_mutex_unlock(&gate_m);
    return NULL;
}

int main(void)
{
    pthread_t pt[PRODUCERS], ct[CONSUMERS];
    for (int i = 0; i < CONSUMERS; i++)
        pthread_create(&ct[i], NULL, consumer, &tallies[i]);
    for (int i = 0; i < PRODUCERS; i++)
        pthread_create(&pt[i], NULL, producer, (void *)(intptr_t)i);
    for (int i = 0; i < PRODUCERS; i++)
        pthread_join(pt[i], NULL);
    for (int i = 0; i < CONSUMERS; i++)
        put(STOP);
    for (int i = 0; i < CONSUMERS; i++)
        pthread_join(ct[i], NULL);

    long n = 0;
    uint64_t sum = 0, xr = 0, want_sum = 0, want_xr = 0;
    for (int i = 0; i < CONSUMERS; i++) {
        n += tallies[i].n;
        sum += tallies[i].sum;
        xr ^= tallies[i].xr;
    }
    for (int p = 0; p < PRODUCERS; p++)
        for (int i = 0; i < PER_PRODUCER; i++) {
            want_sum += item(p, i);
            want_xr ^= item(p, i) * 0x9e3779b97f4a7c15ull;
        }
    printf("queue: %ld items, sum %llu (%s), xor %#llx (%s), left in queue %d\n", n,
           (unsigned long long)sum, sum == want_sum ? "ok" : "WRONG", (unsigned long long)xr,
           xr == want_xr ? "ok" : "WRONG", count);

    /* Broadcast. */
    pthread_t gw[6];
    for (int i = 0; i < 6; i++)
        pthread_create(&gw[i], NULL, gate_waiter, NULL);
    pthread_mutex_lock(&gate_m);
    while (waiting < 6)
        pthread_cond_wait(&gate_c, &gate_m);
    gate_open = 1;
    pthread_cond_broadcast(&gate_c);
    pthread_mutex_unlock(&gate_m);
    for (int i = 0; i < 6; i++)
        pthread_join(gw[i], NULL);
    printf("broadcast: %d of 6 waiters passed the gate\n", passed);

    /* Timed wait with nobody signalling. */
    pthread_mutex_lock(&m);
    struct timespec t0, t1, deadline;
    clock_gettime(CLOCK_REALTIME, &t0);
    deadline = t0;
    deadline.tv_nsec += 50 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_nsec -= 1000000000;
        deadline.tv_sec++;
    }
    int r = pthread_cond_timedwait(&not_empty, &m, &deadline);
    clock_gettime(CLOCK_REALTIME, &t1);
    double waited = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    printf("cond_timedwait(50 ms) = %s, waited >= 45 ms: %s, mutex held again: %s\n",
           r == ETIMEDOUT ? "ETIMEDOUT" : strerror(r), waited >= 45 ? "yes" : "no",
           pthread_mutex_trylock(&m) == EBUSY ? "yes" : "no");
    pthread_mutex_unlock(&m);

    /* The same with a CLOCK_MONOTONIC condvar. */
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_t mono;
    pthread_cond_init(&mono, &ca);
    pthread_mutex_lock(&m);
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_nsec += 20 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_nsec -= 1000000000;
        deadline.tv_sec++;
    }
    r = pthread_cond_timedwait(&mono, &m, &deadline);
    pthread_mutex_unlock(&m);
    printf("monotonic cond_timedwait(20 ms) = %s\n", r == ETIMEDOUT ? "ETIMEDOUT" : strerror(r));
    return 0;
}
