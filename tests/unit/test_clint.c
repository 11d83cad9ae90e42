/*
 * ferry - unit tests for the CLINT (devices/clint.c).
 *
 * Expected behaviour (SiFive CLINT as in QEMU's virt board, see clint.h):
 *  - msip[h] at 4*h: only bit 0 is writable; it drives hart h's MSIP line;
 *  - mtimecmp[h] at 0x4000 + 8*h, 64 bits, also written as two 32-bit halves
 *    by RV32 firmware; reset value all ones;
 *  - mtime at 0xbff8 counts the VClock's ticks; a write sets it, and it keeps
 *    counting from the written value;
 *  - MTIP[h] is high exactly while mtime >= mtimecmp[h], checked on mtimecmp
 *    and mtime writes and in clint_update;
 *  - clint_next_deadline: the earliest VClock tick at which a hart whose
 *    MTIP is low will see mtime reach its mtimecmp.
 * Time is made deterministic by moving the clock's start_ns: the clock reads
 * (host now - start_ns) / 100 ticks. Tests that need "not yet" keep a margin
 * of 10^6 ticks (100 ms) so a slow (sanitized) run cannot cross it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../devices/clint.h"

#define NHARTS 2
#define MSIP(h) (4u * (h))
#define MTIMECMP(h) (0x4000u + 8u * (h))
#define MTIME 0xbff8u
#define NS_PER_TICK 100u
#define MARGIN 1000000ull   /* ticks: 100 ms */

static bool msip_level[NHARTS], mtip_level[NHARTS];
static unsigned mtip_rises[NHARTS];
static VClock clk;
static Clint *c;

static void record(void *opaque, unsigned line, bool level)
{
    assert_true(line < NHARTS);
    bool *levels = opaque;
    if (levels == mtip_level && level && !levels[line])
        mtip_rises[line]++;
    levels[line] = level;
}

/* Make the clock read `ticks` now. */
static void clock_at(uint64_t ticks)
{
    clk.start_ns = vclock_host_ns() - ticks * NS_PER_TICK;
}

/* Move the clock forward by `ticks`. */
static void clock_advance(uint64_t ticks)
{
    clk.start_ns -= ticks * NS_PER_TICK;
}

static int setup(void **state)
{
    (void)state;
    clock_at(1000);
    IrqLine msip[NHARTS], mtip[NHARTS];
    for (unsigned h = 0; h < NHARTS; h++) {
        msip[h] = (IrqLine){ record, msip_level, h };
        mtip[h] = (IrqLine){ record, mtip_level, h };
        msip_level[h] = mtip_level[h] = true;   /* creation must drive them low */
        mtip_rises[h] = 0;
    }
    c = clint_new(NHARTS, &clk, msip, mtip);
    return c ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    clint_free(c);
    return 0;
}

static uint64_t rd(uint64_t off, unsigned size) { return clint_ops.read(c, off, size); }
static void wr(uint64_t off, unsigned size, uint64_t v) { clint_ops.write(c, off, size, v); }

static void test_reset_state(void **state)
{
    (void)state;
    for (unsigned h = 0; h < NHARTS; h++) {
        assert_false(msip_level[h]);
        assert_false(mtip_level[h]);
        assert_int_equal(rd(MSIP(h), 4), 0);
        assert_int_equal(rd(MTIMECMP(h), 8), UINT64_MAX);
    }
    assert_int_equal(clint_next_deadline(c), UINT64_MAX);
}

static void test_msip_bit0_only(void **state)
{
    (void)state;
    wr(MSIP(1), 4, 0xffffffff);
    assert_int_equal(rd(MSIP(1), 4), 1);
    assert_true(msip_level[1]);
    assert_false(msip_level[0]);
    wr(MSIP(1), 4, 0xfffffffe);
    assert_int_equal(rd(MSIP(1), 4), 0);
    assert_false(msip_level[1]);
    /* a byte store (RV32 sb) and a 64-bit store covering both harts */
    wr(MSIP(0), 1, 1);
    assert_true(msip_level[0]);
    wr(MSIP(0), 8, 1ull << 32);
    assert_false(msip_level[0]);
    assert_true(msip_level[1]);
    assert_int_equal(rd(MSIP(0), 8), 1ull << 32);
    /* a hart that does not exist */
    wr(MSIP(NHARTS), 4, 1);
    assert_int_equal(rd(MSIP(NHARTS), 4), 0);
}

static void test_mtime_reads_the_clock(void **state)
{
    (void)state;
    clock_at(5000000);
    uint64_t t64 = rd(MTIME, 8);
    assert_true(t64 >= 5000000 && t64 < 5000000 + MARGIN);
    /* RV32 reads the halves */
    uint64_t lo = rd(MTIME, 4), hi = rd(MTIME + 4, 4);
    assert_true((hi << 32 | lo) >= t64);
    assert_true((hi << 32 | lo) < t64 + MARGIN);
    assert_int_equal(hi, 0);
    uint64_t via_api = clint_mtime(c);
    assert_true(via_api >= t64 && via_api < t64 + MARGIN);
    /* time passes */
    clock_advance(3ull << 32);
    assert_int_equal(rd(MTIME + 4, 4), 3);
}

static void test_mtimecmp_64_and_halves(void **state)
{
    (void)state;
    wr(MTIMECMP(0), 8, 0x123456789abcdef0ull);
    assert_int_equal(rd(MTIMECMP(0), 8), 0x123456789abcdef0ull);
    assert_int_equal(rd(MTIMECMP(0), 4), 0x9abcdef0u);
    assert_int_equal(rd(MTIMECMP(0) + 4, 4), 0x12345678u);
    assert_int_equal(rd(MTIMECMP(1), 8), UINT64_MAX);
    /* the RV32 sequence: high = all ones, low, then high */
    wr(MTIMECMP(1) + 4, 4, 0xffffffff);
    wr(MTIMECMP(1), 4, 0x00000042);
    wr(MTIMECMP(1) + 4, 4, 0x00000007);
    assert_int_equal(rd(MTIMECMP(1), 8), 0x0000000700000042ull);
    /* narrower pieces merge into the register */
    wr(MTIMECMP(1) + 2, 2, 0xbeef);
    assert_int_equal(rd(MTIMECMP(1), 8), 0x00000007beef0042ull);
    assert_int_equal(rd(MTIMECMP(1) + 3, 1), 0xbe);
    assert_false(mtip_level[0]);
    assert_false(mtip_level[1]);
}

static void test_timer_fires_when_mtime_reaches_mtimecmp(void **state)
{
    (void)state;
    clock_at(1000);
    uint64_t cmp = 1000 + MARGIN;
    wr(MTIMECMP(0), 8, cmp);
    assert_false(mtip_level[0]);
    /* the board sleeps until the deadline, which is mtimecmp itself while
     * mtime = VClock */
    assert_int_equal(clint_next_deadline(c), cmp);
    clint_update(c);
    assert_false(mtip_level[0]);
    /* the clock gets there */
    clock_at(cmp);
    clint_update(c);
    assert_true(mtip_level[0]);
    assert_false(mtip_level[1]);
    assert_int_equal(mtip_rises[0], 1);
    /* a raised timer is no longer a deadline */
    assert_int_equal(clint_next_deadline(c), UINT64_MAX);
    /* staying due does not raise it again */
    clint_update(c);
    assert_int_equal(mtip_rises[0], 1);
    /* the handler moves mtimecmp ahead: the line falls at once */
    wr(MTIMECMP(0), 8, cmp + 2 * MARGIN);
    assert_false(mtip_level[0]);
    assert_int_equal(clint_next_deadline(c), cmp + 2 * MARGIN);
}

static void test_timer_in_the_past_fires_on_write(void **state)
{
    (void)state;
    clock_at(MARGIN);
    wr(MTIMECMP(1), 8, 5);
    assert_true(mtip_level[1]);   /* no clint_update needed */
    assert_false(mtip_level[0]);
    /* RV32 writes low first: high is still all ones, so no early edge */
    wr(MTIMECMP(0), 4, 0);
    assert_false(mtip_level[0]);
    wr(MTIMECMP(0) + 4, 4, 0);
    assert_true(mtip_level[0]);
    assert_int_equal(mtip_rises[0], 1);
}

static void test_next_deadline_is_earliest_pending(void **state)
{
    (void)state;
    clock_at(1000);
    wr(MTIMECMP(0), 8, 1000 + 3 * MARGIN);
    wr(MTIMECMP(1), 8, 1000 + 2 * MARGIN);
    assert_int_equal(clint_next_deadline(c), 1000 + 2 * MARGIN);
    clock_at(1000 + 2 * MARGIN);
    clint_update(c);
    assert_true(mtip_level[1]);
    assert_int_equal(clint_next_deadline(c), 1000 + 3 * MARGIN);
}

static void test_mtime_write(void **state)
{
    (void)state;
    clock_at(1000);
    wr(MTIMECMP(0), 8, 50 * MARGIN);
    /* jump mtime past mtimecmp: MTIP rises on the write */
    wr(MTIME, 8, 60 * MARGIN);
    assert_true(mtip_level[0]);
    uint64_t t = rd(MTIME, 8);
    assert_true(t >= 60 * MARGIN && t < 61 * MARGIN);
    /* and it keeps counting from there */
    clock_advance(MARGIN);
    t = rd(MTIME, 8);
    assert_true(t >= 61 * MARGIN && t < 62 * MARGIN);

    /* set it back to 0: MTIP falls, and the deadline is in VClock ticks,
     * mtimecmp ticks after the moment of the write */
    uint64_t before = vclock_ticks(&clk);
    wr(MTIME, 8, 0);
    uint64_t after = vclock_ticks(&clk);
    assert_false(mtip_level[0]);
    uint64_t deadline = clint_next_deadline(c);
    assert_true(deadline >= before + 50 * MARGIN && deadline <= after + 50 * MARGIN);
    /* get the clock there: the timer fires */
    clock_at(deadline);
    clint_update(c);
    assert_true(mtip_level[0]);

    /* RV32 writes halves */
    wr(MTIME, 4, 0);
    wr(MTIME + 4, 4, 9);
    t = rd(MTIME, 8);
    assert_true(t >= 9ull << 32 && t < (9ull << 32) + MARGIN);
}

static void test_deadline_with_mtime_ahead(void **state)
{
    (void)state;
    clock_at(1000);
    /* mtime runs 10 * MARGIN ahead of the clock from the write on: the
     * deadline comes that much earlier than mtimecmp */
    uint64_t before = vclock_ticks(&clk);
    wr(MTIME, 8, before + 10 * MARGIN);
    uint64_t after = vclock_ticks(&clk);
    wr(MTIMECMP(0), 8, 1000 + 12 * MARGIN);
    uint64_t deadline = clint_next_deadline(c);
    assert_true(deadline >= 1000 + 2 * MARGIN && deadline <= 1000 + 2 * MARGIN + (after - before));
    /* a timer so far away its deadline would pass 2^64 ticks: clamped */
    wr(MTIME, 8, 0);
    wr(MTIMECMP(0), 8, UINT64_MAX - 5);
    assert_int_equal(clint_next_deadline(c), UINT64_MAX);
}

static void test_unknown_offsets(void **state)
{
    (void)state;
    static const uint64_t holes[] = { MSIP(NHARTS), 0x3ff0, MTIMECMP(NHARTS), 0xbff0, 0xc000, CLINT_MMIO_SIZE - 8 };
    for (size_t i = 0; i < sizeof holes / sizeof holes[0]; i++) {
        wr(holes[i], 8, ~0ull);
        assert_int_equal(rd(holes[i], 8), 0);
        assert_int_equal(rd(holes[i], 1), 0);
    }
    assert_false(msip_level[0] || msip_level[1] || mtip_level[0] || mtip_level[1]);
    assert_int_equal(rd(MTIMECMP(1), 8), UINT64_MAX);
    /* an access straddling a register's end sees the part that exists */
    assert_int_equal(rd(MSIP(NHARTS) - 2, 4), 0);
    wr(MSIP(NHARTS - 1), 8, 1);
    assert_true(msip_level[NHARTS - 1]);
}

static void test_reset(void **state)
{
    (void)state;
    wr(MSIP(0), 4, 1);
    wr(MTIMECMP(1), 8, 0);
    wr(MTIME, 8, 1ull << 40);
    assert_true(msip_level[0]);
    assert_true(mtip_level[1]);
    clint_ops.reset(c);
    assert_false(msip_level[0]);
    assert_false(mtip_level[1]);
    assert_int_equal(rd(MTIMECMP(1), 8), UINT64_MAX);
    assert_true(rd(MTIME, 8) < (1ull << 40));   /* mtime follows the clock again */
}

static void test_new_rejects_bad_configs(void **state)
{
    (void)state;
    assert_null(clint_new(0, &clk, NULL, NULL));
    assert_null(clint_new(CLINT_MAX_HARTS + 1, &clk, NULL, NULL));
    assert_null(clint_new(1, NULL, NULL, NULL));
    Clint *quiet = clint_new(CLINT_MAX_HARTS, &clk, NULL, NULL);   /* lines to nowhere */
    assert_non_null(quiet);
    clint_ops.write(quiet, MSIP(CLINT_MAX_HARTS - 1), 4, 1);
    clint_ops.write(quiet, MTIMECMP(CLINT_MAX_HARTS - 1), 8, 0);
    assert_int_equal(clint_ops.read(quiet, MSIP(CLINT_MAX_HARTS - 1), 4), 1);
    assert_int_equal(clint_next_deadline(quiet), UINT64_MAX);
    clint_free(quiet);
}

static void test_save_load_round_trip(void **state)
{
    (void)state;
    clock_at(1000);
    wr(MSIP(1), 4, 1);
    wr(MTIMECMP(0), 8, 0);                        /* fired */
    wr(MTIMECMP(1), 8, 70 * MARGIN);
    wr(MTIME, 8, 20 * MARGIN);
    SaveBuf b = { 0 };
    clint_ops.save(c, &b);
    assert_false(b.error);

    clint_ops.reset(c);
    assert_false(msip_level[1]);
    assert_false(mtip_level[0]);
    assert_true(clint_ops.load(c, &b));
    assert_int_equal(b.pos, b.len);
    assert_true(msip_level[1]);
    assert_false(msip_level[0]);
    assert_true(mtip_level[0]);
    assert_false(mtip_level[1]);
    assert_int_equal(rd(MTIMECMP(1), 8), 70 * MARGIN);
    uint64_t t = rd(MTIME, 8);
    assert_true(t >= 20 * MARGIN && t < 21 * MARGIN);   /* the mtime offset came back */
    /* the restored timer fires when due */
    clock_advance(50 * MARGIN);
    clint_update(c);
    assert_true(mtip_level[1]);
    savebuf_free(&b);
}

static void test_load_rejects_damaged_input(void **state)
{
    (void)state;
    wr(MTIMECMP(1), 8, 77);
    SaveBuf good = { 0 };
    clint_ops.save(c, &good);
    clint_ops.reset(c);

    for (size_t len = 0; len < good.len; len++) {
        SaveBuf b = { .data = good.data, .len = len };
        assert_false(clint_ops.load(c, &b));
        assert_int_equal(rd(MTIMECMP(1), 8), UINT64_MAX);
    }
    uint8_t *bad = malloc(good.len);
    /* tag, version, hart count, msip[0] = 2 (tag 4, version 4, nharts 4,
     * offset 8, then msip/mtimecmp per hart) */
    static const size_t offsets[] = { 3, 4, 8, 20 };
    static const uint8_t values[] = { 'x', 9, NHARTS + 1, 2 };
    for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
        memcpy(bad, good.data, good.len);
        bad[offsets[i]] = values[i];
        SaveBuf b = { .data = bad, .len = good.len };
        assert_false(clint_ops.load(c, &b));
        assert_true(b.error);
    }
    assert_int_equal(rd(MTIMECMP(1), 8), UINT64_MAX);
    assert_false(msip_level[0]);
    SaveBuf b = { .data = good.data, .len = good.len };
    assert_true(clint_ops.load(c, &b));
    assert_int_equal(rd(MTIMECMP(1), 8), 77);
    free(bad);
    savebuf_free(&good);
}

/* The board sleeps until the earliest deadline and only recomputes it when
 * told: every guest write that can move one must say so (firmware such as
 * OpenSBI arms the timer by writing mtimecmp). */
static unsigned deadline_moves;
static void count_move(void *opaque) { (*(unsigned *)opaque)++; }

static void test_deadline_change_is_reported(void **state)
{
    (void)state;
    deadline_moves = 0;
    clint_on_deadline_change(c, count_move, &deadline_moves);
    wr(MTIMECMP(1), 8, 5000);
    assert_int_equal(deadline_moves, 1);
    wr(MTIMECMP(0), 4, 7000);              /* a half counts too */
    assert_int_equal(deadline_moves, 2);
    wr(MTIME, 8, 100);
    assert_int_equal(deadline_moves, 3);
    wr(MSIP(0), 4, 1);                      /* not a timer */
    rd(MTIMECMP(1), 8);
    assert_int_equal(deadline_moves, 3);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_reset_state),
        T(test_msip_bit0_only),
        T(test_mtime_reads_the_clock),
        T(test_mtimecmp_64_and_halves),
        T(test_timer_fires_when_mtime_reaches_mtimecmp),
        T(test_timer_in_the_past_fires_on_write),
        T(test_next_deadline_is_earliest_pending),
        T(test_mtime_write),
        T(test_deadline_with_mtime_ahead),
        T(test_unknown_offsets),
        T(test_reset),
        T(test_new_rejects_bad_configs),
        T(test_save_load_round_trip),
        T(test_load_rejects_damaged_input),
        T(test_deadline_change_is_reported),
    };
    return cmocka_run_group_tests_name("clint", tests, NULL, NULL);
}
