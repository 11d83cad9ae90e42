/* Deep and branchy recursion: the stack and calls and returns. */
#include <stdint.h>
#include <stdio.h>

static unsigned long ackermann(unsigned long m, unsigned long n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann(m - 1, 1);
    return ackermann(m - 1, ackermann(m, n - 1));
}

static unsigned long fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

/* not a tail call: the addition happens after the return */
static volatile int sink;
static long deep_sum(long n)
{
    volatile long local = n;
    sink = (int)local;
    if (n == 0)
        return 0;
    return local + deep_sum(n - 1);
}

static int is_even(unsigned n);
static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }

static unsigned long hanoi_moves;
static void hanoi(int n, int from, int to, int via)
{
    if (n == 0)
        return;
    hanoi(n - 1, from, via, to);
    hanoi_moves++;
    hanoi(n - 1, via, to, from);
}

/* permutations of 8 elements by recursion, with a checksum */
static uint64_t perm_hash;
static unsigned perm_count;
static void permute(int *a, int k, int n)
{
    if (k == n) {
        uint64_t h = 0;
        for (int i = 0; i < n; i++)
            h = h * 31 + (uint64_t)a[i];
        perm_hash ^= h * 0x9e3779b97f4a7c15ull;
        perm_count++;
        return;
    }
    for (int i = k; i < n; i++) {
        int t = a[k]; a[k] = a[i]; a[i] = t;
        permute(a, k + 1, n);
        t = a[k]; a[k] = a[i]; a[i] = t;
    }
}

int main(void)
{
    printf("ackermann(2, 3) = %lu\n", ackermann(2, 3));
    printf("ackermann(3, 5) = %lu\n", ackermann(3, 5));
    printf("ackermann(3, 7) = %lu\n", ackermann(3, 7));
    printf("fib(27) = %lu\n", fib(27));
    printf("deep_sum(100000) = %ld\n", deep_sum(100000));
    volatile unsigned big = 100001;
    printf("is_even(100001) = %d\n", is_even(big));
    hanoi(18, 1, 3, 2);
    printf("hanoi(18) moves = %lu\n", hanoi_moves);
    int a[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    permute(a, 0, 8);
    printf("permutations of 8: %u, hash %016llx\n", perm_count, (unsigned long long)perm_hash);
    return 0;
}
