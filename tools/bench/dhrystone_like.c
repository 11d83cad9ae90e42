/*
 * dhrystone_like: a CPU-bound guest workload for ferry's `make bench`, written
 * for this project in the style of (not copied from) Dhrystone. It stresses
 * what "ordinary" integer code does a lot of:
 *   - records (structs) linked by pointers, copied whole and compared;
 *   - 30-character strings copied (strcpy) and compared (strcmp);
 *   - small integer procedures, kept out of line with noinline so that the
 *     call/return overhead is part of the workload;
 *   - branches on enum values (switch and comparisons);
 *   - a 50-element and a 50x50 array indexed by computed subscripts.
 * usage: dhrystone_like [N]   N iterations, DEFAULT_ITERS if absent.
 * Prints one line, "dhrystone_like: <hex>", the same on every host and guest:
 * the checksum uses only values, never pointers, and unsigned arithmetic
 * wherever a value may wrap.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_ITERS 12000000 /* about 1 s natively on a current x86-64 */
#define NOINLINE __attribute__((noinline))

enum colour { RED, GREEN, BLUE, AMBER, VIOLET };

struct record {
    struct record *link; /* followed and copied along with the record */
    enum colour colour;
    unsigned number;
    unsigned weight;
    char name[31]; /* 30 characters and the terminator */
};

/* Global state, as in the programs this imitates: procedures talk through it. */
static struct record rec_a, rec_b;
static struct record *cur; /* cur->link is the record that gets overwritten */
static unsigned arr1[50];
static unsigned arr2[50][50];
static char str_1[31], str_2[31];
static unsigned g_count;
static enum colour g_colour;
static char g_letter_a, g_letter_b;
static int g_flag;

/* Strings are plain ASCII so that char signedness (signed on x86-64,
   unsigned on RISC-V) cannot change any result. */
static const char *const TEXTS[4] = {
    "FERRY BENCH RECORD, ALPHA TEXT", "FERRY BENCH RECORD, FIRMS TEXT",
    "FERRY BENCH RECORD, FIRST TEXT", "FERRY BENCH RECORD, OTHER TEXT",
};
#define WORD_AT 20 /* where the 5-letter word that differs starts */

/* An enum switch whose outcome depends on data, so it is not predictable
   from the code alone. */
NOINLINE static enum colour next_colour(enum colour c, unsigned v)
{
    switch (c) {
    case RED: return (v & 1) ? GREEN : BLUE;
    case GREEN: return v > 100 ? AMBER : RED;
    case BLUE: return VIOLET;
    case AMBER: return g_flag ? RED : AMBER;
    default: return GREEN;
    }
}

NOINLINE static int is_warm(enum colour c) { return c == RED || c == AMBER; }

/* Two small arithmetic procedures: one returns, one writes through a pointer. */
NOINLINE static unsigned blend(unsigned a, unsigned b) { return a * 3u + b / 2u + 1u; }

NOINLINE static void bump(unsigned a, unsigned b, unsigned *out) { *out = a + b + g_count; }

/* Character comparison returning an enum, used to steer later branches. */
NOINLINE static enum colour letters(char x, char y)
{
    if (x != y)
        return RED;
    g_letter_a = x;
    return GREEN;
}

/* Compare two strings: a character-by-character look at the word that may
   differ, then strcmp. Only the sign of strcmp is used: its magnitude differs
   between C libraries. */
NOINLINE static int text_after(const char *s, const char *t)
{
    unsigned same = 0;
    for (unsigned i = WORD_AT; i < WORD_AT + 5; i++)
        same += letters(s[i], t[i]) == GREEN;
    g_count = same + 7;
    if (same == 5)
        return 0; /* the rest of the text is the same for all of them */
    return strcmp(s, t) > 0;
}

/* Array writes at computed subscripts. main passes idx == 5 (its loop leaves
   a == b + 2); any idx <= 14 keeps arr1[idx + 35] and arr2[idx + 25][...]
   in bounds. */
NOINLINE static void fill_arrays(unsigned a1[50], unsigned a2[50][50], unsigned idx, unsigned val)
{
    unsigned j = idx + 5;
    a1[j] = val;
    a1[j + 1] = a1[j];
    a1[j + 30] = j;
    for (unsigned k = j; k <= j + 1; k++)
        a2[j][k] = j;
    a2[j][j - 1] += 1;
    a2[j + 20][j] = a1[j];
    g_count = 5;
}

/* Adjust a number according to the last matched letter: the loop runs once
   or twice depending on it. */
NOINLINE static void settle(unsigned *n)
{
    unsigned v = *n + 10;
    enum colour c = BLUE;
    while (c != RED) {
        v -= 1;
        if (g_letter_a >= 'A' && g_letter_a <= 'M')
            c = RED;
        else
            g_letter_a = 'A';
    }
    *n = v - g_count;
}

/* Copy the current record over its successor, then edit the copy: the
   record copy, the pointer chase and the field compare are the work. */
NOINLINE static void record_step(struct record *r)
{
    struct record *next = r->link;
    *next = *cur;                     /* whole-struct copy, link included */
    r->number = 5;
    next->number = r->number;
    next->link = r->link;
    bump(next->number, 10, &next->weight);
    if (next->colour == RED) {
        next->number = 6;
        next->colour = next_colour(r->colour, next->weight);
        next->link = cur->link;
        bump(next->number, 10, &next->number);
        strcpy(next->name, TEXTS[next->weight & 3]);
    } else {
        memcpy(r, next, sizeof *r);   /* same size, copy the other way */
    }
}

int main(int argc, char **argv)
{
    unsigned long iters = argc > 1 ? strtoul(argv[1], NULL, 0) : DEFAULT_ITERS;

    /* rec_a is always cur and always links to rec_b, so the copies in
       record_step never overlap */
    rec_a = (struct record){ &rec_b, AMBER, 40, 0, "" };
    rec_b = (struct record){ NULL, RED, 0, 0, "" };
    strcpy(rec_a.name, TEXTS[2]);
    strcpy(rec_b.name, TEXTS[0]);
    cur = &rec_a;
    strcpy(str_1, TEXTS[2]);
    g_colour = RED;
    arr2[8][7] = 10;

    uint32_t check = 0;
    for (unsigned long it = 0; it < iters; it++) {
        unsigned a = 2 + (unsigned)(it & 3), b = 3, c = 0;
        g_letter_b = 'B';
        /* cycle the compared string so strcmp's answer varies: >, >, ==, < */
        strcpy(str_2, TEXTS[it & 3]);
        g_flag = !text_after(str_1, str_2);
        while (a < b + 2) {
            c = 5u * a - b;
            bump(a, b, &c);
            a++;
        }
        fill_arrays(arr1, arr2, a, c);
        cur->colour = g_colour; /* steers record_step's branch */
        record_step(cur);
        for (char ch = 'A'; ch <= g_letter_b; ch++) {
            if (g_colour == letters(ch, 'C')) {
                bump(a, b, &c);
                strcpy(str_2, TEXTS[(it >> 2) & 3]);
                b = (unsigned)it & 7u;
                g_count = (unsigned)it;
            }
        }
        b *= a;
        a = b / (c | 1u); /* never divide by zero */
        b = 7u * (b - c) - a;
        settle(&a);
        c = blend(a, b) ^ (unsigned)is_warm(g_colour = next_colour(g_colour, c ^ (unsigned)it));

        /* fold the iteration's values (not addresses) into the checksum */
        check = (check << 7 | check >> 25) ^ a ^ (b << 3) ^ (c << 11) ^ g_count;
        check += (unsigned)cur->link->colour + cur->link->number + arr1[(a + c) % 50u];
        check += (cur->number == cur->link->number) + 2u * (cur->weight == cur->link->weight) +
                 4u * (strcmp(cur->name, cur->link->name) > 0);
        check ^= (unsigned)(unsigned char)str_2[(unsigned)it % 30u] << 16;
    }

    /* final state of the records and arrays, including a record compare */
    check ^= (uint32_t)(rec_a.number == rec_b.number) << 31;
    check += strcmp(rec_a.name, rec_b.name) > 0 ? 1u : 0u;
    for (unsigned i = 0; i < 50; i++)
        check = check * 33u + arr1[i] + arr2[i][(i * 7u) % 50u] + arr2[8][i];
    printf("dhrystone_like: %08x\n", (unsigned)check);
    return 0;
}
