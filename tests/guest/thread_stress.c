/* Thread stress test (tests/guest/threads_repeat.sh runs it many times).
 * 8 worker threads hammer shared state at once:
 *   amoadd.d (atomic_fetch_add), an lr.d/sc.d compare-exchange loop, a
 *   hand-written lr.w/sc.w increment, a masked lr.w/sc.w add on a 16-bit
 *   field between two guard fields, amoor of per-thread bits, an amoswap
 *   spinlock around a pair of plain counters that must stay equal, and a
 *   pthread mutex around another pair;
 * while 2 more threads play 5000 rounds of condvar ping-pong and 2 more
 * pass 5000 tokens through a semaphore pair. Every final value is exact. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define WORKERS 8
#define ITERS 100000
#define PINGPONG 5000

static atomic_long amo_add;
static atomic_long cas_sum;
static uint32_t lrsc_word;
static struct {
    uint16_t guard_lo;
    uint16_t half;
    uint32_t guard_hi;
} __attribute__((aligned(8))) packed = { 0x1234, 0, 0x89abcdef };
static atomic_ulong bits;
static atomic_int spinlock;
static long spin_a, spin_b;
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static long mutex_a, mutex_b;
static atomic_long invariant_violations;

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

static void masked_add16(uint16_t *p, uint32_t inc)
{
    uintptr_t a = (uintptr_t)p;
    uint32_t *word = (uint32_t *)(a & ~(uintptr_t)3);
    unsigned shift = (unsigned)(a & 3) * 8;
    uint32_t mask = 0xffffu << shift, add = inc << shift, old, tmp;
    __asm__ volatile("1: lr.w.aqrl %[old], (%[w])\n"
                     "   add %[tmp], %[old], %[add]\n"
                     "   xor %[tmp], %[tmp], %[old]\n"
                     "   and %[tmp], %[tmp], %[mask]\n"
                     "   xor %[tmp], %[tmp], %[old]\n"
                     "   sc.w.aqrl %[tmp], %[tmp], (%[w])\n"
                     "   bnez %[tmp], 1b\n"
                     : [old] "=&r"(old), [tmp] "=&r"(tmp)
                     : [w] "r"(word), [add] "r"(add), [mask] "r"(mask)
                     : "memory");
}

static void *worker(void *arg)
{
    long me = (long)(intptr_t)arg;
    for (long i = 0; i < ITERS; i++) {
        atomic_fetch_add(&amo_add, 1);
        long old = atomic_load_explicit(&cas_sum, memory_order_relaxed);
        while (!atomic_compare_exchange_weak(&cas_sum, &old, old + i))
            ;
        lrsc_inc(&lrsc_word);
        masked_add16(&packed.half, 3);
        if ((i & 7) == 0) {
            while (atomic_exchange_explicit(&spinlock, 1, memory_order_acquire))
                sched_yield();
            if (spin_a != spin_b)
                atomic_fetch_add(&invariant_violations, 1);
            spin_a++;
            spin_b++;
            atomic_store_explicit(&spinlock, 0, memory_order_release);
        }
        if ((i & 15) == 0) {
            pthread_mutex_lock(&mutex);
            if (mutex_a != mutex_b)
                atomic_fetch_add(&invariant_violations, 1);
            mutex_a++;
            mutex_b += 2;
            mutex_b--;
            pthread_mutex_unlock(&mutex);
        }
    }
    atomic_fetch_or(&bits, 1ul << (me * 8));
    return NULL;
}

static pthread_mutex_t pp_m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pp_c = PTHREAD_COND_INITIALIZER;
static int pp_turn;
static long pp_rounds;

static void *pingpong(void *arg)
{
    int me = (int)(intptr_t)arg;
    for (int i = 0; i < PINGPONG; i++) {
        pthread_mutex_lock(&pp_m);
        while (pp_turn != me)
            pthread_cond_wait(&pp_c, &pp_m);
        pp_rounds++;
        pp_turn = 1 - me;
        pthread_cond_signal(&pp_c);
        pthread_mutex_unlock(&pp_m);
    }
    return NULL;
}

static sem_t sem_a, sem_b;
static long tokens;
static void *sem_left(void *arg)
{
    (void)arg;
    for (int i = 0; i < PINGPONG; i++) {
        sem_post(&sem_a);
        sem_wait(&sem_b);
    }
    return NULL;
}
static void *sem_right(void *arg)
{
    (void)arg;
    for (int i = 0; i < PINGPONG; i++) {
        sem_wait(&sem_a);
        tokens++;
        sem_post(&sem_b);
    }
    return NULL;
}

int main(void)
{
    sem_init(&sem_a, 0, 0);
    sem_init(&sem_b, 0, 0);
    pthread_t w[WORKERS], pp[2], sm[2];
    for (long i = 0; i < WORKERS; i++)
        pthread_create(&w[i], NULL, worker, (void *)(intptr_t)i);
    pthread_create(&pp[0], NULL, pingpong, (void *)0);
    pthread_create(&pp[1], NULL, pingpong, (void *)1);
    pthread_create(&sm[0], NULL, sem_left, NULL);
    pthread_create(&sm[1], NULL, sem_right, NULL);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(w[i], NULL);
    for (int i = 0; i < 2; i++) {
        pthread_join(pp[i], NULL);
        pthread_join(sm[i], NULL);
    }

    long n = (long)WORKERS * ITERS;
    printf("amoadd: %ld (want %ld)\n", atomic_load(&amo_add), n);
    printf("cas sum: %ld (want %ld)\n", atomic_load(&cas_sum),
           (long)WORKERS * ((long)ITERS * (ITERS - 1) / 2));
    printf("lr/sc word: %u (want %ld)\n", lrsc_word, n);
    printf("16-bit field: %u (want %ld), guards %#x %#x\n", packed.half, (n * 3) % 65536,
           packed.guard_lo, packed.guard_hi);
    printf("amoor bits: %#lx\n", atomic_load(&bits));
    printf("spinlock pair: %ld %ld (want %ld)\n", spin_a, spin_b, (long)WORKERS * (ITERS / 8));
    printf("mutex pair: %ld %ld (want %ld)\n", mutex_a, mutex_b, (long)WORKERS * (ITERS / 16));
    printf("invariant violations: %ld\n", atomic_load(&invariant_violations));
    printf("condvar ping-pong rounds: %ld (want %d)\n", pp_rounds, 2 * PINGPONG);
    printf("semaphore tokens: %ld (want %d)\n", tokens, PINGPONG);
    return 0;
}
