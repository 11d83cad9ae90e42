/*
 * A CPU-bound guest workload for `make bench`: integer hashing, a sort, a
 * small matrix multiply in double precision and a sieve, each repeated enough
 * to run for a second or two natively. Prints one checksum so that every
 * engine can be checked to compute the same thing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t hash_loop(uint32_t rounds)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < rounds; i++) {
        h ^= i & 0xff;
        h *= 16777619u;
        h = (h << 5) | (h >> 27);
    }
    return h;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static uint64_t sort_run(unsigned n)
{
    uint32_t *v = malloc(n * sizeof *v);
    uint32_t s = 12345;
    for (unsigned i = 0; i < n; i++) {
        s = s * 1103515245u + 12345u;
        v[i] = s >> 8;
    }
    qsort(v, n, sizeof *v, cmp_u32);
    uint64_t sum = 0;
    for (unsigned i = 0; i < n; i += 97)
        sum += v[i] * (uint64_t)i;
    free(v);
    return sum;
}

static double matmul(unsigned n, unsigned reps)
{
    double *a = malloc(n * n * sizeof *a), *b = malloc(n * n * sizeof *b), *c = malloc(n * n * sizeof *c);
    for (unsigned i = 0; i < n * n; i++) {
        a[i] = (double)(i % 17) * 0.25;
        b[i] = (double)(i % 13) * 0.5 - 1.0;
    }
    double trace = 0;
    for (unsigned r = 0; r < reps; r++) {
        for (unsigned i = 0; i < n; i++)
            for (unsigned j = 0; j < n; j++) {
                double acc = 0;
                for (unsigned k = 0; k < n; k++)
                    acc += a[i * n + k] * b[k * n + j];
                c[i * n + j] = acc;
            }
        for (unsigned i = 0; i < n; i++)
            trace += c[i * n + i];
        a[r % (n * n)] += 1.0;
    }
    free(a);
    free(b);
    free(c);
    return trace;
}

static unsigned sieve(unsigned n)
{
    unsigned char *composite = calloc(n + 1, 1);
    unsigned count = 0;
    for (unsigned i = 2; i <= n; i++) {
        if (composite[i])
            continue;
        count++;
        for (unsigned long j = (unsigned long)i * i; j <= n; j += i)
            composite[j] = 1;
    }
    free(composite);
    return count;
}

int main(int argc, char **argv)
{
    unsigned scale = argc > 1 ? (unsigned)atoi(argv[1]) : 10;
    uint32_t h = hash_loop(20000000u * scale / 10);
    uint64_t s = sort_run(200000u * scale / 10);
    double t = matmul(96, 4 * scale / 10 + 1);
    unsigned p = sieve(2000000u * scale / 10);
    printf("hash=%08x sort=%llu matmul=%.6f primes=%u\n", h, (unsigned long long)s, t, p);
    return 0;
}
