/* malloc, calloc, realloc and free with many sizes, including blocks over
 * 128 KiB that glibc serves with mmap (and grows with mremap). Every block is
 * filled with a pattern and checked before it is freed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 512

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
    /* xorshift64: deterministic */
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static size_t pick_size(void)
{
    uint64_t r = rng();
    switch (r % 16) {
    case 0: return 0;
    case 1: case 2: case 3: case 4: case 5: return 1 + (r >> 8) % 64;
    case 6: case 7: case 8: case 9: return 64 + (r >> 8) % 4096;
    case 10: case 11: case 12: return 4096 + (r >> 8) % 65536;
    case 13: case 14: return 128 * 1024 + (r >> 8) % (256 * 1024);
    default: return 1024 * 1024 + (r >> 8) % (512 * 1024);
    }
}

static unsigned char pattern(size_t slot, size_t i) { return (unsigned char)(slot * 31 + i * 7 + 1); }

/* The bytes that carry the pattern: all of the first 4 KiB of a block and
 * every 61st after that (enough to catch a bad copy, cheap for big blocks). */
#define DENSE 4096
#define STRIDE 61

static size_t first_at_or_after(size_t i)
{
    if (i < DENSE)
        return i;
    return (i + STRIDE - 1) / STRIDE * STRIDE;
}

static size_t next_index(size_t i) { return i + 1 < DENSE ? i + 1 : first_at_or_after(i + 1); }

static void fill(unsigned char *p, size_t slot, size_t from, size_t to)
{
    for (size_t i = first_at_or_after(from); i < to; i = next_index(i))
        p[i] = pattern(slot, i);
}

static int check(const unsigned char *p, size_t slot, size_t n)
{
    for (size_t i = 0; i < n; i = next_index(i))
        if (p[i] != pattern(slot, i))
            return 0;
    return 1;
}

int main(void)
{
    static unsigned char *blocks[SLOTS];
    static size_t sizes[SLOTS];
    uint64_t checksum = 0;
    unsigned long bad = 0, mallocs = 0, reallocs = 0, frees = 0, big = 0;

    for (int round = 0; round < 4000; round++) {
        size_t s = (size_t)(rng() % SLOTS);
        uint64_t op = rng() % 3;
        if (blocks[s] == NULL) {
            size_t n = pick_size();
            blocks[s] = malloc(n ? n : 1);
            sizes[s] = n;
            if (!blocks[s]) {
                printf("malloc(%zu) failed\n", n);
                return 1;
            }
            fill(blocks[s], s, 0, n);
            mallocs++;
            if (n >= 128 * 1024)
                big++;
        } else if (op == 0) {
            size_t n = pick_size();
            if (!check(blocks[s], s, sizes[s] < n ? sizes[s] : n))
                bad++;
            unsigned char *q = realloc(blocks[s], n ? n : 1);
            if (!q) {
                printf("realloc(%zu) failed\n", n);
                return 1;
            }
            if (!check(q, s, sizes[s] < n ? sizes[s] : n))
                bad++;
            if (n > sizes[s])
                fill(q, s, sizes[s], n);
            blocks[s] = q;
            sizes[s] = n;
            reallocs++;
        } else {
            if (!check(blocks[s], s, sizes[s]))
                bad++;
            for (size_t i = 0; i < sizes[s]; i = next_index(i))
                checksum = checksum * 1000003u + blocks[s][i];
            free(blocks[s]);
            blocks[s] = NULL;
            frees++;
        }
    }
    for (int s = 0; s < SLOTS; s++) {
        if (blocks[s] && !check(blocks[s], (size_t)s, sizes[s]))
            bad++;
        free(blocks[s]);
    }

    /* calloc must hand out zeroes, also when it reuses freed memory */
    unsigned long nonzero = 0;
    for (int i = 0; i < 200; i++) {
        size_t n = 1 + (size_t)(rng() % 200000);
        unsigned char *p = calloc(n, 1);
        if (!p)
            return 1;
        for (size_t j = 0; j < n; j = next_index(j))
            nonzero += p[j] != 0;
        memset(p, 0xa5, n);
        free(p);
    }

    /* a realloc chain that grows one block well past the mmap threshold */
    unsigned char *g = NULL;
    size_t gn = 0;
    for (size_t n = 1000; n < 8 * 1024 * 1024; n = n * 3 / 2) {
        unsigned char *q = realloc(g, n);
        if (!q)
            return 1;
        if (!check(q, 7, gn))
            bad++;
        fill(q, 7, gn, n);
        g = q;
        gn = n;
    }
    free(g);

    printf("mallocs %lu, reallocs %lu, frees %lu, big blocks %lu\n", mallocs, reallocs, frees, big);
    printf("corrupted blocks: %lu\n", bad);
    printf("nonzero calloc bytes: %lu\n", nonzero);
    printf("checksum: %016llx\n", (unsigned long long)checksum);
    return bad != 0 || nonzero != 0;
}
