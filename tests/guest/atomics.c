/* C11 atomics in one thread: the AMO instructions and LR/SC loops the
 * compiler emits, with their return values checked. 8- and 16-bit atomics
 * are built here from a CAS loop on the containing 32-bit word (gcc 12 calls
 * libatomic for them, which the guest build does not link). */
#include <inttypes.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

static _Atomic int32_t a32;
static _Atomic int64_t a64;
static _Atomic uint32_t word; /* holds a byte at bits 8..15 and a half at 16..31 */

/* replace the `bits`-wide field at `shift` with f(old); return the old field */
static uint32_t field_rmw(int shift, int bits, uint32_t (*f)(uint32_t old, uint32_t arg), uint32_t arg)
{
    uint32_t mask = ((1u << bits) - 1) << shift;
    uint32_t cur = atomic_load(&word), next;
    do {
        uint32_t old = (cur & mask) >> shift;
        next = (cur & ~mask) | ((f(old, arg) << shift) & mask);
    } while (!atomic_compare_exchange_weak(&word, &cur, next));
    return (cur & mask) >> shift;
}

static uint32_t op_add(uint32_t old, uint32_t arg) { return old + arg; }
static uint32_t op_or(uint32_t old, uint32_t arg) { return old | arg; }
static uint32_t op_set(uint32_t old, uint32_t arg) { (void)old; return arg; }
static uint32_t field(int shift, int bits) { return (atomic_load(&word) >> shift) & ((1u << bits) - 1); }
static atomic_flag flag = ATOMIC_FLAG_INIT;

int main(void)
{
    /* fetch_add returns the old value */
    int32_t old_sum = 0;
    for (int i = 1; i <= 1000; i++)
        old_sum += atomic_fetch_add(&a32, i);
    printf("a32 after adding 1..1000: %" PRId32 ", sum of old values: %" PRId32 "\n", atomic_load(&a32), old_sum);
    int32_t before = atomic_fetch_sub(&a32, 500500);
    printf("fetch_sub 500500 returns %" PRId32 ", leaves %" PRId32 "\n", before, atomic_load(&a32));

    atomic_store(&a64, INT64_MAX - 5);
    int64_t o = atomic_fetch_add(&a64, 10); /* wraps */
    printf("a64: old %" PRId64 ", new %" PRId64 "\n", o, atomic_load(&a64));

    /* bitwise read-modify-write */
    atomic_store(&a64, 0x0ff0);
    printf("fetch_or 0xf000 -> old %#" PRIx64, (uint64_t)atomic_fetch_or(&a64, 0xf000));
    printf(", fetch_and 0xff00 -> old %#" PRIx64, (uint64_t)atomic_fetch_and(&a64, 0xff00));
    printf(", fetch_xor 0xffff -> old %#" PRIx64, (uint64_t)atomic_fetch_xor(&a64, 0xffff));
    printf(", now %#" PRIx64 "\n", (uint64_t)atomic_load(&a64));

    /* exchange */
    atomic_store(&a32, 7);
    before = atomic_exchange(&a32, -1);
    printf("exchange(7 -> -1) returns %" PRId32 ", now %" PRId32 "\n", before, atomic_load(&a32));

    /* compare-exchange, both outcomes */
    int32_t expected = 5;
    bool ok = atomic_compare_exchange_strong(&a32, &expected, 9);
    printf("CAS(expect 5) on -1: %s, expected now %" PRId32 "\n", ok ? "swapped" : "failed", expected);
    ok = atomic_compare_exchange_strong(&a32, &expected, 9);
    printf("CAS(expect -1) on -1: %s, value now %" PRId32 "\n", ok ? "swapped" : "failed", atomic_load(&a32));

    /* a CAS loop computing a running maximum of a sequence */
    atomic_store(&a64, 0);
    uint32_t x = 12345;
    int retries = 0;
    for (int i = 0; i < 2000; i++) {
        x = x * 1103515245u + 12345u;
        int64_t v = x >> 8, cur = atomic_load(&a64);
        while (v > cur && !atomic_compare_exchange_weak(&a64, &cur, v))
            retries++;
    }
    printf("running maximum: %" PRId64 "\n", atomic_load(&a64));
    (void)retries; /* spurious failures may happen; their number is not output */

    /* small fields inside a word */
    atomic_store(&word, 0x000000a5);
    field_rmw(8, 8, op_set, 250);
    for (int i = 0; i < 10; i++)
        field_rmw(8, 8, op_add, 1);
    printf("byte field 250 + 10 wraps to %u\n", (unsigned)field(8, 8));
    field_rmw(16, 16, op_set, 0xfff0);
    printf("half field add 0x20 returns %#x", (unsigned)field_rmw(16, 16, op_add, 0x20));
    printf(", now %#x", (unsigned)field(16, 16));
    printf(", or 0x4000 returns %#x", (unsigned)field_rmw(16, 16, op_or, 0x4000));
    printf(", now %#x\n", (unsigned)field(16, 16));
    printf("whole word %#" PRIx32 " (low byte untouched)\n", atomic_load(&word));

    /* flag */
    printf("test_and_set: %d", atomic_flag_test_and_set(&flag));
    printf(", again: %d", atomic_flag_test_and_set(&flag));
    atomic_flag_clear(&flag);
    printf(", after clear: %d\n", atomic_flag_test_and_set(&flag));

    /* explicit memory orders and a fence compile to the same data results */
    atomic_store_explicit(&a32, 1, memory_order_release);
    atomic_thread_fence(memory_order_seq_cst);
    before = atomic_load_explicit(&a32, memory_order_acquire);
    printf("acquire load: %" PRId32, before);
    printf(", relaxed fetch_add old: %" PRId32 "\n", atomic_fetch_add_explicit(&a32, 1, memory_order_relaxed));
    printf("lock free: int %d, long long %d, char %d\n", ATOMIC_INT_LOCK_FREE, ATOMIC_LLONG_LOCK_FREE,
           ATOMIC_CHAR_LOCK_FREE);
    return 0;
}
