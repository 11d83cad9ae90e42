/*
 * ferry - unit tests for the translation cache (cpu/tcache.c): lookup by
 * (pc, mode), invalidation of guest ranges, the code-page bitmap used for
 * self-modifying code detection, the epoch that guards chained successors,
 * deferred freeing of retired blocks, and flushing.
 *
 * Run under SAN=1, these tests also check that every block is freed exactly
 * once (LeakSanitizer / AddressSanitizer).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tcache.h"

#define PAGE (1ull << TC_PAGE_SHIFT)
#define SPACE (1ull << 24) /* 16 MiB of tracked guest addresses */

static Block *mk(TCache *tc, uint64_t pc, uint64_t end, uint32_t mode)
{
    Block *b = tcache_alloc_block(32);
    assert_non_null(b);
    b->pc = pc;
    b->phys = pc;
    b->end = end;
    b->mode = mode;
    b->ninsns = (uint32_t)((end - pc) / 4);
    tcache_insert(tc, b);
    return b;
}

static bool has_code(const TCache *tc, uint64_t addr)
{
    return tcache_page_has_code(tc->code_pages, addr);
}

static bool is_cached(TCache *tc, const Block *b)
{
    for (size_t i = 0; i < tc->nbuckets; i++)
        for (Block *x = tc->buckets[i]; x; x = x->hash_next)
            if (x == b)
                return true;
    return false;
}

static bool on_retired_list(const TCache *tc, const Block *b)
{
    for (const Block *x = tc->retired; x; x = x->retired_next)
        if (x == b)
            return true;
    return false;
}

/* Every cached block's pages must be marked, or a store to it would go
 * unnoticed. Returns the number of cached blocks. */
static size_t check_bitmap_covers_blocks(const TCache *tc)
{
    size_t n = 0;
    for (size_t i = 0; i < tc->nbuckets; i++) {
        for (const Block *b = tc->buckets[i]; b; b = b->hash_next) {
            n++;
            assert_false(b->retired);
            for (uint64_t p = b->pc & ~(PAGE - 1); p < b->end && p < tc->space_size; p += PAGE)
                assert_true(has_code(tc, p));
        }
    }
    assert_int_equal(n, tc->nblocks);
    return n;
}

static int setup(void **state)
{
    TCache *tc = tcache_new(SPACE);
    if (!tc)
        return -1;
    *state = tc;
    return 0;
}

static int teardown(void **state)
{
    tcache_free(*state);
    return 0;
}

/* ---- lookup ------------------------------------------------------------------ */

static void test_new_cache_is_empty(void **state)
{
    TCache *tc = *state;
    assert_int_equal(tc->nblocks, 0);
    assert_null(tc->retired);
    assert_int_equal(tc->space_size, SPACE);
    assert_null(tcache_find(tc, 0x1000, 64));
    for (uint64_t a = 0; a < SPACE; a += 0x10000)
        assert_false(has_code(tc, a));
}

static void test_alloc_block_payload_follows_header(void **state)
{
    (void)state;
    Block *b = tcache_alloc_block(100);
    assert_non_null(b);
    assert_ptr_equal(b->insns, (void *)(b + 1));
    assert_int_equal((uintptr_t)b->insns % 8, 0);
    assert_false(b->retired);
    assert_null(b->succ[0]);
    assert_null(b->succ[1]);
    memset(b->insns, 0xab, 100); /* the payload is really there (ASan) */
    free(b);
}

static void test_insert_and_find_by_pc_and_mode(void **state)
{
    TCache *tc = *state;
    Block *a = mk(tc, 0x1000, 0x1010, 64);
    Block *b = mk(tc, 0x1000, 0x1010, 32);
    Block *c = mk(tc, 0x1010, 0x1020, 64);
    assert_int_equal(tc->nblocks, 3);
    assert_ptr_equal(tcache_find(tc, 0x1000, 64), a);
    assert_ptr_equal(tcache_find(tc, 0x1000, 32), b);
    assert_ptr_equal(tcache_find(tc, 0x1010, 64), c);
    assert_null(tcache_find(tc, 0x1010, 32));
    assert_null(tcache_find(tc, 0x1004, 64)); /* inside a block is not its start */
    assert_null(tcache_find(tc, 0x1000, 64 | 0x100));
}

static void test_find_counts_lookups_and_misses(void **state)
{
    TCache *tc = *state;
    mk(tc, 0x2000, 0x2004, 64);
    TCacheStats before = tc->stats;
    tcache_find(tc, 0x2000, 64);
    tcache_find(tc, 0x2002, 64);
    assert_int_equal(tc->stats.lookups - before.lookups, 2);
    assert_int_equal(tc->stats.misses - before.misses, 1);
}

static void test_many_blocks_all_found(void **state)
{
    TCache *tc = *state;
    enum { N = 5000 };
    static Block *blocks[N];
    for (int i = 0; i < N; i++)
        blocks[i] = mk(tc, 0x10000 + (uint64_t)i * 2, 0x10000 + (uint64_t)i * 2 + 2, 64);
    assert_int_equal(tc->nblocks, N);
    for (int i = 0; i < N; i++)
        assert_ptr_equal(tcache_find(tc, 0x10000 + (uint64_t)i * 2, 64), blocks[i]);
    check_bitmap_covers_blocks(tc);
}

/* ---- code-page bitmap ---------------------------------------------------------- */

static void test_insert_marks_every_page_of_the_block(void **state)
{
    TCache *tc = *state;
    mk(tc, 0x1ff0, 0x2010, 64); /* pages 1 and 2 */
    mk(tc, 0x5000, 0x5004, 64); /* page 5 */
    assert_false(has_code(tc, 0x0fff));
    assert_true(has_code(tc, 0x1000));
    assert_true(has_code(tc, 0x1fff));
    assert_true(has_code(tc, 0x2000));
    assert_true(has_code(tc, 0x2fff));
    assert_false(has_code(tc, 0x3000));
    assert_false(has_code(tc, 0x4fff));
    assert_true(has_code(tc, 0x5000));
    assert_false(has_code(tc, 0x6000));
    /* a block ending exactly at a page boundary does not mark the next page */
    mk(tc, 0x7f00, 0x8000, 64);
    assert_true(has_code(tc, 0x7000));
    assert_false(has_code(tc, 0x8000));
}

static void test_blocks_outside_tracked_space_are_accepted(void **state)
{
    TCache *tc = *state;
    Block *b = mk(tc, SPACE + 0x1000, SPACE + 0x1010, 64);
    Block *c = mk(tc, SPACE - 8, SPACE + 8, 64); /* straddles the end */
    assert_ptr_equal(tcache_find(tc, SPACE + 0x1000, 64), b);
    assert_true(has_code(tc, SPACE - 8));
    assert_true(tcache_invalidate(tc, SPACE + 0x1004, 4));
    assert_true(b->retired);
    assert_false(c->retired);
    assert_true(tcache_invalidate(tc, SPACE - 4, 4));
    assert_true(c->retired);
    assert_false(has_code(tc, SPACE - 8));
    tcache_collect(tc);
}

/* ---- invalidation ------------------------------------------------------------- */

static void test_invalidate_drops_overlapping_blocks_only(void **state)
{
    TCache *tc = *state;
    Block *a = mk(tc, 0x1000, 0x1010, 64); /* page 1 */
    Block *b = mk(tc, 0x1ff0, 0x2010, 64); /* pages 1-2 */
    Block *c = mk(tc, 0x3000, 0x3020, 64); /* page 3 */
    Block *c32 = mk(tc, 0x3000, 0x3020, 32); /* same range, other mode */
    Block *d = mk(tc, 0x5000, 0x5004, 64); /* page 5 */

    assert_true(tcache_invalidate(tc, 0x3008, 4));
    assert_true(c->retired);
    assert_true(c32->retired);
    assert_false(is_cached(tc, c));
    assert_false(is_cached(tc, c32));
    assert_null(tcache_find(tc, 0x3000, 64));
    assert_null(tcache_find(tc, 0x3000, 32));
    assert_false(has_code(tc, 0x3000));
    assert_ptr_equal(tcache_find(tc, 0x1000, 64), a);
    assert_ptr_equal(tcache_find(tc, 0x1ff0, 64), b);
    assert_ptr_equal(tcache_find(tc, 0x5000, 64), d);
    assert_int_equal(tc->nblocks, 3);
    check_bitmap_covers_blocks(tc);

    /* a write to page 2 hits the block straddling pages 1-2 but not `a` */
    assert_true(tcache_invalidate(tc, 0x2004, 2));
    assert_true(b->retired);
    assert_ptr_equal(tcache_find(tc, 0x1000, 64), a);
    assert_ptr_equal(tcache_find(tc, 0x5000, 64), d);
    assert_false(has_code(tc, 0x2000));
    assert_true(has_code(tc, 0x1000)); /* a is still there */
    check_bitmap_covers_blocks(tc);
    tcache_collect(tc);
}

static void test_invalidate_range_spanning_pages(void **state)
{
    TCache *tc = *state;
    Block *a = mk(tc, 0x1000, 0x1010, 64);
    Block *b = mk(tc, 0x2800, 0x2810, 64);
    Block *c = mk(tc, 0x4000, 0x4010, 64);
    Block *d = mk(tc, 0x0ff8, 0x1000, 64); /* ends where the range begins */
    assert_true(tcache_invalidate(tc, 0x1008, 0x1ffc)); /* [0x1008, 0x3004) */
    assert_true(a->retired);
    assert_true(b->retired);
    assert_false(c->retired);
    assert_false(d->retired);
    assert_ptr_equal(tcache_find(tc, 0x4000, 64), c);
    assert_ptr_equal(tcache_find(tc, 0x0ff8, 64), d);
    check_bitmap_covers_blocks(tc);
    tcache_collect(tc);
}

/* Long ranges with mostly empty bitmap bytes must still find the one page
 * that holds code, wherever it sits in a byte of the bitmap. */
static void test_invalidate_long_range_finds_sparse_block(void **state)
{
    TCache *tc = *state;
    static const uint64_t pages[] = { 0, 7, 8, 17, 63, 64, 200 };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        Block *b = mk(tc, pages[i] * PAGE + 0x10, pages[i] * PAGE + 0x20, 64);
        assert_true(tcache_invalidate(tc, 0, 256 * PAGE));
        assert_true(b->retired);
        assert_false(has_code(tc, pages[i] * PAGE));
        tcache_collect(tc);
    }
    /* the range's last page only */
    Block *b = mk(tc, 40 * PAGE, 40 * PAGE + 4, 64);
    assert_true(tcache_invalidate(tc, 3 * PAGE + 5, 37 * PAGE - 4));
    assert_true(b->retired);
    tcache_collect(tc);
}

/* A block straddling the end of the tracked space is dropped by a write to
 * its untracked part too. */
static void test_invalidate_past_tracked_space(void **state)
{
    TCache *tc = *state;
    Block *b = mk(tc, SPACE - 8, SPACE + 8, 64);
    assert_true(tcache_invalidate(tc, SPACE + 4, 4));
    assert_true(b->retired);
    b = mk(tc, SPACE - 8, SPACE + 8, 64);
    assert_true(tcache_invalidate(tc, SPACE - 2 * PAGE, 4 * PAGE));
    assert_true(b->retired);
    tcache_collect(tc);
}

static void test_invalidate_without_blocks_returns_false(void **state)
{
    TCache *tc = *state;
    Block *a = mk(tc, 0x1000, 0x1010, 64);
    uint64_t epoch = tc->epoch;
    assert_false(tcache_invalidate(tc, 0x4000, PAGE));
    assert_false(tcache_invalidate(tc, 0x1010, 0)); /* empty range */
    assert_false(tcache_invalidate(tc, 0x1000, 0));
    assert_int_equal(tc->epoch, epoch);
    assert_false(a->retired);
    assert_null(tc->retired);
    assert_true(has_code(tc, 0x1000));
}

static void test_invalidate_near_end_of_address_space(void **state)
{
    TCache *tc = *state;
    Block *a = mk(tc, 0x1000, 0x1010, 64);
    /* ranges that wrap or end at the top must not crash or hit low blocks */
    assert_false(tcache_invalidate(tc, UINT64_MAX - 10, 100));
    assert_false(tcache_invalidate(tc, UINT64_MAX - PAGE, PAGE));
    assert_false(a->retired);
    assert_null(tc->retired);
}

/* [addr, addr+len) does not wrap here, but rounding its end up to a page
 * boundary does: the block must still be dropped. */
static void test_invalidate_in_last_page_of_address_space(void **state)
{
    TCache *tc = *state;
    Block *a = mk(tc, 0x1000, 0x1010, 64);
    Block *top = mk(tc, 0xfffffffffffff800ull, 0xfffffffffffff804ull, 64);
    assert_true(tcache_invalidate(tc, 0xfffffffffffff800ull, 4));
    assert_true(top->retired);
    assert_false(a->retired);
    tcache_collect(tc);
}

static void test_epoch_bumps_on_removal(void **state)
{
    TCache *tc = *state;
    uint64_t e0 = tc->epoch;
    mk(tc, 0x1000, 0x1010, 64);
    assert_int_equal(tc->epoch, e0); /* insertion does not invalidate chains */
    tcache_invalidate(tc, 0x1000, 4);
    assert_true(tc->epoch > e0);
    uint64_t e1 = tc->epoch;
    tcache_flush(tc);
    assert_true(tc->epoch > e1);
    uint64_t e2 = tc->epoch;
    tcache_flush(tc); /* even an empty flush: chains may point anywhere */
    assert_true(tc->epoch > e2);
    tcache_collect(tc);
}

static void test_invalidation_stats(void **state)
{
    TCache *tc = *state;
    TCacheStats s0 = tc->stats;
    mk(tc, 0x1000, 0x1010, 64);
    mk(tc, 0x2000, 0x2010, 64);
    assert_int_equal(tc->stats.blocks_built - s0.blocks_built, 2);
    tcache_invalidate(tc, 0x1000, 0x2000);
    tcache_invalidate(tc, 0x8000, 4);
    assert_int_equal(tc->stats.invalidations - s0.invalidations, 1);
    tcache_flush(tc);
    assert_int_equal(tc->stats.flushes - s0.flushes, 1);
    tcache_collect(tc);
}

/* ---- retirement and collection ---------------------------------------------------- */

static void test_retired_blocks_stay_valid_until_collect(void **state)
{
    TCache *tc = *state;
    Block *a = mk(tc, 0x1000, 0x1010, 64);
    Block *b = mk(tc, 0x1100, 0x1110, 64);
    memset(a->insns, 0x11, 32);
    tcache_invalidate(tc, 0x1000, 0x200);
    /* the block being executed may be one of these: still readable */
    assert_true(a->retired);
    assert_true(b->retired);
    assert_true(on_retired_list(tc, a));
    assert_true(on_retired_list(tc, b));
    assert_int_equal(((uint8_t *)a->insns)[31], 0x11);
    assert_int_equal(tc->nblocks, 0);
    tcache_collect(tc);
    assert_null(tc->retired);
    tcache_collect(tc); /* idempotent */
    assert_null(tc->retired);
}

static void test_reinsert_after_invalidate(void **state)
{
    TCache *tc = *state;
    mk(tc, 0x1000, 0x1010, 64);
    tcache_invalidate(tc, 0x1000, 4);
    Block *n = mk(tc, 0x1000, 0x1008, 64);
    assert_ptr_equal(tcache_find(tc, 0x1000, 64), n);
    assert_true(has_code(tc, 0x1000));
    assert_int_equal(tc->nblocks, 1);
    tcache_collect(tc);
    assert_ptr_equal(tcache_find(tc, 0x1000, 64), n);
}

static void test_flush_drops_everything(void **state)
{
    TCache *tc = *state;
    Block *bl[4];
    bl[0] = mk(tc, 0x1000, 0x1010, 64);
    bl[1] = mk(tc, 0x1000, 0x1010, 32);
    bl[2] = mk(tc, 0x7ff000, 0x801000, 64);
    bl[3] = mk(tc, SPACE - PAGE, SPACE, 64);
    tcache_flush(tc);
    assert_int_equal(tc->nblocks, 0);
    for (int i = 0; i < 4; i++) {
        assert_true(bl[i]->retired);
        assert_true(on_retired_list(tc, bl[i]));
    }
    assert_null(tcache_find(tc, 0x1000, 64));
    assert_null(tcache_find(tc, 0x1000, 32));
    assert_null(tcache_find(tc, 0x7ff000, 64));
    assert_false(has_code(tc, 0x1000));
    assert_false(has_code(tc, 0x800000));
    assert_false(has_code(tc, SPACE - PAGE));
    assert_int_equal(check_bitmap_covers_blocks(tc), 0);
    tcache_collect(tc);
    assert_null(tc->retired);
    /* usable afterwards */
    Block *n = mk(tc, 0x1000, 0x1010, 64);
    assert_ptr_equal(tcache_find(tc, 0x1000, 64), n);
    assert_true(has_code(tc, 0x1000));
}

static void test_free_with_live_and_retired_blocks(void **state)
{
    (void)state;
    TCache *tc = tcache_new(SPACE);
    assert_non_null(tc);
    mk(tc, 0x1000, 0x1010, 64);
    mk(tc, 0x2000, 0x2010, 64);
    tcache_invalidate(tc, 0x2000, 4);
    tcache_free(tc); /* frees both, exactly once (ASan / LSan) */
    tcache_free(NULL);
}

/* Translated code reads one byte per page on every store: the page must say
 * "code here", and the page before it "code next" (a store there may reach
 * into it); both go when the code goes, and only then. */
static void test_code_map_marks_the_page_before(void **state)
{
    TCache *tc = *state;
    uint64_t p5 = 5 * PAGE, p6 = 6 * PAGE;
    Block *a = mk(tc, p5 + 0x10, p5 + 0x20, 64);
    assert_int_equal(tc->code_pages[5], TC_CODE_HERE);
    assert_int_equal(tc->code_pages[4], TC_CODE_NEXT);
    assert_int_equal(tc->code_pages[6], 0);
    Block *b = mk(tc, p6 + 0x10, p6 + 0x20, 64);
    assert_int_equal(tc->code_pages[5], TC_CODE_HERE | TC_CODE_NEXT);
    assert_int_equal(tc->code_pages[6], TC_CODE_HERE);
    assert_true(tcache_invalidate(tc, p6 + 0x18, 4));
    assert_int_equal(tc->code_pages[5], TC_CODE_HERE);
    assert_int_equal(tc->code_pages[6], 0);
    assert_true(tcache_invalidate(tc, p5, PAGE));
    assert_int_equal(tc->code_pages[4], 0);
    assert_int_equal(tc->code_pages[5], 0);
    /* page 0 has no page before it */
    Block *z = mk(tc, 0x100, 0x110, 64);
    assert_int_equal(tc->code_pages[0], TC_CODE_HERE);
    tcache_flush(tc);
    assert_int_equal(tc->code_pages[0], 0);
    (void)a;
    (void)b;
    (void)z;
    tcache_collect(tc);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest lookup[] = {
        T(test_new_cache_is_empty),
        cmocka_unit_test(test_alloc_block_payload_follows_header),
        T(test_insert_and_find_by_pc_and_mode),
        T(test_find_counts_lookups_and_misses),
        T(test_many_blocks_all_found),
    };
    const struct CMUnitTest bitmap[] = {
        T(test_insert_marks_every_page_of_the_block),
        T(test_blocks_outside_tracked_space_are_accepted),
        T(test_code_map_marks_the_page_before),
    };
    const struct CMUnitTest invalidation[] = {
        T(test_invalidate_drops_overlapping_blocks_only),
        T(test_invalidate_range_spanning_pages),
        T(test_invalidate_long_range_finds_sparse_block),
        T(test_invalidate_past_tracked_space),
        T(test_invalidate_without_blocks_returns_false),
        T(test_invalidate_near_end_of_address_space),
        T(test_invalidate_in_last_page_of_address_space),
        T(test_epoch_bumps_on_removal),
        T(test_invalidation_stats),
    };
    const struct CMUnitTest lifetime[] = {
        T(test_retired_blocks_stay_valid_until_collect),
        T(test_reinsert_after_invalidate),
        T(test_flush_drops_everything),
        cmocka_unit_test(test_free_with_live_and_retired_blocks),
    };
#undef T
    int failed = 0;
    failed += cmocka_run_group_tests_name("tcache_lookup", lookup, NULL, NULL);
    failed += cmocka_run_group_tests_name("tcache_bitmap", bitmap, NULL, NULL);
    failed += cmocka_run_group_tests_name("tcache_invalidation", invalidation, NULL, NULL);
    failed += cmocka_run_group_tests_name("tcache_lifetime", lifetime, NULL, NULL);
    return failed;
}
