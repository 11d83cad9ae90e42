/*
 * coremark_like: a CPU-bound guest workload for ferry's `make bench`, written
 * for this project in the style of (not copied from) CoreMark. Each iteration
 * runs, on inputs derived from the iteration number:
 *   - linked lists: ~1000 nodes in an array pool, linked in a scattered
 *     order, then reversed, searched and merge-sorted (pointer chasing and
 *     data-dependent branches);
 *   - small integer matrices: 16-bit inputs, 32-bit results, scaled, added
 *     and multiplied (multiply/accumulate loops);
 *   - a state machine that classifies the comma-separated tokens of a byte
 *     string as ints, floats or invalid (byte loads, switch dispatch);
 *   - a bitwise CRC-16 over all of the results (shift/xor loops).
 * usage: coremark_like [N]   N iterations, DEFAULT_ITERS if absent.
 * Prints one line, "coremark_like: <hex>", the same on every host and guest.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_ITERS 4500 /* about 1 s natively on a current x86-64 */
#define LIST_NODES 1000
#define MAT_N 16

/* CRC-16/CCITT (polynomial 0x1021), bit by bit on purpose: the loop is work. */
static uint16_t crc_byte(uint16_t crc, uint8_t b)
{
    crc ^= (uint16_t)(b << 8);
    for (int i = 0; i < 8; i++)
        crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
    return crc;
}
static uint16_t crc_u16(uint16_t crc, uint16_t v) { return crc_byte(crc_byte(crc, (uint8_t)v), (uint8_t)(v >> 8)); }
static uint16_t crc_u32(uint16_t crc, uint32_t v) { return crc_u16(crc_u16(crc, (uint16_t)v), (uint16_t)(v >> 16)); }

/* A small LCG so that every input follows from the iteration number. */
static uint32_t rng(uint32_t *s) { return (*s = *s * 1664525u + 1013904223u) >> 8; }

/* ---------------- linked list ---------------- */

struct node {
    struct node *next;
    uint16_t key; /* sort/search key, duplicates allowed */
    uint16_t id;  /* original position, to check that nothing was lost */
};
static struct node pool[LIST_NODES];

/* Link the pool in the order id = i*397 mod N (397 is coprime with 1000), so
   that walking the list does not simply walk memory in order. */
static struct node *list_build(uint32_t seed)
{
    struct node *head = NULL;
    for (int i = LIST_NODES - 1; i >= 0; i--) {
        struct node *n = &pool[(unsigned)i * 397u % LIST_NODES];
        n->key = (uint16_t)(rng(&seed) & 0x0fff);
        n->id = (uint16_t)(n - pool);
        n->next = head;
        head = n;
    }
    return head;
}

static struct node *list_reverse(struct node *h)
{
    struct node *prev = NULL;
    while (h) {
        struct node *next = h->next;
        h->next = prev;
        prev = h;
        h = next;
    }
    return prev;
}

/* Position of the first node with this key, or LIST_NODES if none. */
static unsigned list_find(const struct node *h, uint16_t key)
{
    unsigned pos = 0;
    for (; h; h = h->next, pos++)
        if (h->key == key)
            return pos;
    return pos;
}

static struct node *list_merge(struct node *a, struct node *b, int by_key)
{
    struct node head = { NULL, 0, 0 }, *t = &head;
    while (a && b) {
        int a_first = by_key ? a->key <= b->key : a->id <= b->id; /* ties: a, so stable */
        struct node **from = a_first ? &a : &b;
        t = t->next = *from;
        *from = (*from)->next;
    }
    t->next = a ? a : b;
    return head.next;
}

/* Top-down merge sort: split at the middle (slow/fast walk), sort halves.
   Stable, so equal keys keep their order and the result is fully defined. */
static struct node *list_sort(struct node *h, int by_key)
{
    if (!h || !h->next)
        return h;
    struct node *slow = h, *fast = h->next;
    for (; fast && fast->next; fast = fast->next->next)
        slow = slow->next;
    struct node *second = slow->next;
    slow->next = NULL;
    return list_merge(list_sort(h, by_key), list_sort(second, by_key), by_key);
}

static uint16_t bench_list(uint32_t seed, uint16_t crc)
{
    struct node *h = list_reverse(list_build(seed));
    /* search for keys that exist (taken from fixed nodes) and may not */
    for (unsigned i = 0; i < 8; i++) {
        crc = crc_u16(crc, (uint16_t)list_find(h, pool[i * 111].key));
        crc = crc_u16(crc, (uint16_t)list_find(h, (uint16_t)(0x0f00 + i * 13)));
    }
    h = list_sort(h, 1);
    uint32_t weighted = 0;
    unsigned pos = 0;
    for (const struct node *n = h; n; n = n->next, pos++) {
        crc = crc_u16(crc, n->key);
        weighted += n->id * pos;
    }
    crc = crc_u32(crc, weighted);
    /* sort back by id: a correct sort gives ids 0..N-1 in order */
    h = list_sort(h, 0);
    unsigned in_order = 0;
    pos = 0;
    for (const struct node *n = h; n; n = n->next, pos++)
        in_order += n->id == pos;
    return crc_u16(crc, (uint16_t)in_order);
}

/* ---------------- matrices ---------------- */

/* Matrices are stored flat, MAT_N x MAT_N. Inputs stay within [-2048, 2062],
   so a 16-term dot product fits easily in int32: no overflow anywhere. */
#define MM (MAT_N * MAT_N)
static int16_t ma[MM], mb[MM], msum[MM];
static int32_t mc[MM];

/* CRC a hash of each row (not every entry) so the CRC does not dwarf the math. */
static uint16_t crc_matrix32(uint16_t crc, const int32_t *m)
{
    for (int i = 0; i < MAT_N; i++) {
        uint32_t row = 0;
        for (int j = 0; j < MAT_N; j++)
            row = row * 31u + (uint32_t)m[i * MAT_N + j];
        crc = crc_u32(crc, row);
    }
    return crc;
}

static uint16_t bench_matrix(uint32_t seed, uint16_t crc)
{
    int16_t k = (int16_t)(seed & 15);
    for (int i = 0; i < MM; i++) {
        ma[i] = (int16_t)((int)(rng(&seed) & 0x0fff) - 2048 + k); /* add a constant */
        mb[i] = (int16_t)((int)(rng(&seed) & 0x0fff) - 2048);
        mc[i] = (int32_t)ma[i] * (k + 3); /* scale into 32 bits */
    }
    crc = crc_matrix32(crc, mc);
    int32_t vsum = 0; /* matrix times vector (row k of B); |vsum| < 2^31 */
    for (int i = 0; i < MAT_N; i++) {
        int32_t acc = 0;
        for (int j = 0; j < MAT_N; j++)
            acc += (int32_t)ma[i * MAT_N + j] * mb[k * MAT_N + j];
        vsum += acc / MAT_N;
        crc = crc_u32(crc, (uint32_t)acc);
    }
    for (int i = 0; i < MAT_N; i++) /* matrix times matrix */
        for (int j = 0; j < MAT_N; j++) {
            int32_t acc = 0;
            for (int x = 0; x < MAT_N; x++)
                acc += (int32_t)ma[i * MAT_N + x] * mb[x * MAT_N + j];
            mc[i * MAT_N + j] = acc;
        }
    crc = crc_matrix32(crc, mc);
    /* 16-bit add, and count entries of A*B above the mean of A*v */
    unsigned above = 0;
    uint32_t sum16 = 0;
    for (int i = 0; i < MM; i++) {
        msum[i] = (int16_t)(ma[i] + mb[i]);
        sum16 = sum16 * 3u + (uint16_t)msum[i];
        above += mc[i] > vsum;
    }
    crc = crc_u32(crc, sum16);
    return crc_u16(crc, (uint16_t)above);
}

/* ---------------- state machine ---------------- */

enum state { S_START, S_SIGN, S_INT, S_DOT, S_FRAC, S_EMARK, S_ESIGN, S_EXP, S_BAD, S_COUNT };

/* Token shapes for the input text; corruption adds more variety per run. */
static const char *const shapes[] = {
    "0", "1234", "-87", "+5", "3.14", "-0.5", "12e4", "6.02e23", "1.5E-3", ".5",
    "5.", "1e", "--4", "abc", "0x1f", "7.7.7", "", "42", "-", "9e+9",
};
#define N_SHAPES (sizeof shapes / sizeof shapes[0])
static char text_base[1024], text[1024];

static void text_init(void)
{
    size_t len = 0;
    for (unsigned i = 0; len < sizeof text_base - 16; i++) {
        const char *s = shapes[(i * 7u + i / 3u) % N_SHAPES];
        memcpy(text_base + len, s, strlen(s));
        len += strlen(s);
        text_base[len++] = ',';
    }
    text_base[len] = '\0';
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static uint16_t bench_state(uint32_t seed, uint16_t crc)
{
    static const char noise[] = "0123456789.+-eE,x";
    size_t len = strlen(text_base);
    memcpy(text, text_base, len + 1);
    for (int i = 0; i < 6; i++) /* corrupt a few bytes, differently each run */
        text[rng(&seed) % len] = noise[rng(&seed) % (sizeof noise - 1)];

    unsigned counts[4] = { 0, 0, 0, 0 }; /* empty, int, float, invalid */
    unsigned transitions[S_COUNT] = { 0 };
    uint32_t int_total = 0, value = 0;
    enum state st = S_START;
    for (const char *p = text;; p++) {
        char c = *p;
        if (c == ',' || c == '\0') { /* end of token: classify it */
            counts[st == S_START ? 0 : st == S_INT ? 1 : (st == S_FRAC || st == S_EXP) ? 2 : 3]++;
            int_total += st == S_INT ? value : 0;
            st = S_START, value = 0;
            if (c == '\0')
                break;
            continue;
        }
        enum state next = S_BAD;
        int digit = is_digit(c), sign = c == '+' || c == '-', e = c == 'e' || c == 'E';
        switch (st) {
        case S_START: next = digit ? S_INT : sign ? S_SIGN : c == '.' ? S_DOT : S_BAD; break;
        case S_SIGN: next = digit ? S_INT : c == '.' ? S_DOT : S_BAD; break;
        case S_INT: next = digit ? S_INT : c == '.' ? S_FRAC : e ? S_EMARK : S_BAD; break;
        case S_DOT: next = digit ? S_FRAC : S_BAD; break;
        case S_FRAC: next = digit ? S_FRAC : e ? S_EMARK : S_BAD; break;
        case S_EMARK: next = digit ? S_EXP : sign ? S_ESIGN : S_BAD; break;
        case S_ESIGN: case S_EXP: next = digit ? S_EXP : S_BAD; break;
        default: break; /* S_BAD absorbs the rest of the token */
        }
        if (next == S_INT)
            value = value * 10u + (uint32_t)(c - '0');
        if (next != st)
            transitions[next]++;
        st = next;
    }
    for (int i = 0; i < 4; i++)
        crc = crc_u16(crc, (uint16_t)counts[i]);
    for (int i = 0; i < S_COUNT; i++)
        crc = crc_u16(crc, (uint16_t)transitions[i]);
    return crc_u32(crc, int_total);
}

int main(int argc, char **argv)
{
    unsigned long iters = argc > 1 ? strtoul(argv[1], NULL, 0) : DEFAULT_ITERS;
    text_init();
    uint32_t check = 0;
    for (unsigned long it = 0; it < iters; it++) {
        uint32_t seed = (uint32_t)it * 0x9e3779b9u + 1u;
        uint16_t crc = 0xffff;
        crc = bench_list(seed, crc);
        crc = bench_matrix(seed ^ 0x5a5a5a5au, crc);
        crc = bench_state(seed ^ 0x3c3c3c3cu, crc);
        check = ((check << 5) | (check >> 27)) ^ crc; /* fold in every CRC */
    }
    printf("coremark_like: %08x\n", (unsigned)check);
    return 0;
}
