/* C11 atomics from 8 threads: atomic_fetch_add (amoadd), increments by a
 * compare_exchange loop (lr.d/sc.d), 8- and 16-bit atomic adds written as
 * masked lr.w/sc.w loops on the containing word, the way compilers expand
 * them (neighbouring bytes must not be disturbed), fetch_or of
 * distinct bits, atomic_exchange used as a spinlock around a plain counter,
 * and a message-passing check: a writer stores data then a flag with
 * release, a reader that sees the flag with acquire must see the data. All
 * totals are exact. (Waiting loops call sched_yield, so that the test stays
 * quick when threads share a host core.) */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define THREADS 8
#define ITERS 50001

static atomic_long add_counter;
static atomic_long cas_counter;
static atomic_ulong bits;
static atomic_int spin;
static long spin_protected;

/* Small atomics packed next to guards that nobody writes. */
static struct {
    uint8_t guard0;
    uint8_t small8;
    uint16_t small16;
    uint32_t guard1;
} __attribute__((aligned(8))) packed = { 0xa5, 0, 0, 0xdeadbeef };

/* Atomically add inc to the 8- or 16-bit field at p (within one aligned
 * 32-bit word): lr.w/sc.w on the word, changing only the field's bits. */
static void masked_add(void *p, unsigned size, uint32_t inc)
{
    uintptr_t a = (uintptr_t)p;
    uint32_t *word = (uint32_t *)(a & ~(uintptr_t)3);
    unsigned shift = (unsigned)(a & 3) * 8;
    uint32_t mask = (size == 1 ? 0xffu : 0xffffu) << shift;
    uint32_t add = inc << shift;
    uint32_t old, tmp;
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
    long idx = (long)arg;
    for (int i = 0; i < ITERS; i++) {
        atomic_fetch_add(&add_counter, 1);
        long old = atomic_load_explicit(&cas_counter, memory_order_relaxed);
        while (!atomic_compare_exchange_weak(&cas_counter, &old, old + 2))
            ;
        masked_add(&packed.small8, 1, 1);
        masked_add(&packed.small16, 2, 3);
        while (atomic_exchange_explicit(&spin, 1, memory_order_acquire))
            sched_yield();
        spin_protected++;
        atomic_store_explicit(&spin, 0, memory_order_release);
    }
    atomic_fetch_or(&bits, 1ul << (idx * 4));
    return NULL;
}

/* Message passing. */
#define ROUNDS 5000
static long mp_data;
static atomic_long mp_flag;
static long mp_violations;

static void *mp_writer(void *arg)
{
    (void)arg;
    for (long r = 1; r <= ROUNDS; r++) {
        while (atomic_load_explicit(&mp_flag, memory_order_acquire) != 0)
            sched_yield();
        mp_data = r * 3;
        atomic_store_explicit(&mp_flag, r, memory_order_release);
    }
    return NULL;
}

static void *mp_reader(void *arg)
{
    (void)arg;
    for (long r = 1; r <= ROUNDS; r++) {
        long f;
        while ((f = atomic_load_explicit(&mp_flag, memory_order_acquire)) == 0)
            sched_yield();
        if (mp_data != f * 3 || f != r)
            mp_violations++;
        atomic_store_explicit(&mp_flag, 0, memory_order_release);
    }
    return NULL;
}

int main(void)
{
    pthread_t th[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&th[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    printf("fetch_add counter = %ld\n", atomic_load(&add_counter));
    printf("CAS-loop counter = %ld\n", atomic_load(&cas_counter));
    printf("8-bit counter = %u (= %d mod 256), 16-bit counter = %u (= %d mod 65536)\n",
           (unsigned)packed.small8, (THREADS * ITERS) % 256, (unsigned)packed.small16,
           (THREADS * ITERS * 3) % 65536);
    printf("neighbours untouched: %#x %#x\n", packed.guard0, packed.guard1);
    printf("fetch_or bits = %#lx\n", atomic_load(&bits));
    printf("spinlock-protected counter = %ld\n", spin_protected);

    pthread_t w, r;
    pthread_create(&r, NULL, mp_reader, NULL);
    pthread_create(&w, NULL, mp_writer, NULL);
    pthread_join(w, NULL);
    pthread_join(r, NULL);
    printf("message passing: %d rounds, %ld violations\n", ROUNDS, mp_violations);

    /* Single-thread checks of the return values. */
    atomic_long x = 5;
    long old = atomic_fetch_add(&x, 10);
    long e = 15;
    _Bool ok1 = atomic_compare_exchange_strong(&x, &e, 20);
    e = 99;
    _Bool ok2 = atomic_compare_exchange_strong(&x, &e, 30);
    long prev = atomic_exchange(&x, 7);
    printf("fetch_add old=%ld, cas(15->20)=%d, cas(99->30)=%d expected now %ld, exchange old=%ld, "
           "now %ld\n",
           old, ok1, ok2, e, prev, atomic_load(&x));
    return 0;
}
