/*
 * ferry - unit tests for the PLIC (devices/plic.c).
 *
 * Expected behaviour (RISC-V PLIC specification 1.0.0, QEMU's virt layout,
 * see plic.h):
 *  - priorities are 3 bits (0 never interrupts), WARL; thresholds likewise;
 *  - pending bits (0x1000) are read-only: a source is pending while its line
 *    is high and it is not claimed;
 *  - enable bits per context at 0x2000 + 0x80*ctx; source 0 is hardwired 0;
 *  - claim (0x200004 + 0x1000*ctx) returns the pending enabled source with
 *    the highest priority above the threshold, lowest id on ties, or 0, and
 *    clears its pending bit; writing the id back completes it, which re-arms
 *    a still-high line; a complete of a source the context has not enabled,
 *    or that is not claimed, does nothing;
 *  - each context's output line is high while a claim would return a source.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../devices/plic.h"

#define NSOURCES 96   /* QEMU virt: riscv,ndev = 95 */
#define NCONTEXTS 4

#define PRIORITY(id) (4u * (id))
#define PENDING(word) (0x1000u + 4u * (word))
#define ENABLE(ctx, word) (0x2000u + 0x80u * (ctx) + 4u * (word))
#define THRESHOLD(ctx) (0x200000u + 0x1000u * (ctx))
#define CLAIM(ctx) (0x200004u + 0x1000u * (ctx))

/* The context output lines as the CPU would see them. */
static bool out_level[NCONTEXTS];
static unsigned out_changes[NCONTEXTS];
static Plic *p;

static void record_output(void *opaque, unsigned line, bool level)
{
    assert_ptr_equal(opaque, out_level);
    assert_true(line < NCONTEXTS);
    if (out_level[line] != level)
        out_changes[line]++;
    out_level[line] = level;
}

static int setup(void **state)
{
    (void)state;
    IrqLine lines[NCONTEXTS];
    for (unsigned c = 0; c < NCONTEXTS; c++) {
        lines[c] = (IrqLine){ record_output, out_level, c };
        out_level[c] = false;
        out_changes[c] = 0;
    }
    p = plic_new(NSOURCES, NCONTEXTS, lines);
    return p ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    plic_free(p);
    return 0;
}

static uint32_t rd(uint64_t off) { return (uint32_t)plic_ops.read(p, off, 4); }
static void wr(uint64_t off, uint32_t v) { plic_ops.write(p, off, 4, v); }

static void enable(unsigned ctx, unsigned id)
{
    wr(ENABLE(ctx, id / 32), rd(ENABLE(ctx, id / 32)) | 1u << (id % 32));
}

static uint32_t claim(unsigned ctx) { return rd(CLAIM(ctx)); }
static void complete(unsigned ctx, uint32_t id) { wr(CLAIM(ctx), id); }

static bool pending(unsigned id) { return rd(PENDING(id / 32)) >> (id % 32) & 1; }

static void test_priority_is_three_bits_warl(void **state)
{
    (void)state;
    wr(PRIORITY(5), 7);
    assert_int_equal(rd(PRIORITY(5)), 7);
    wr(PRIORITY(5), 0xfffffffa);
    assert_int_equal(rd(PRIORITY(5)), 2);
    wr(PRIORITY(0), 7);   /* source 0 does not exist */
    assert_int_equal(rd(PRIORITY(0)), 0);
    wr(PRIORITY(NSOURCES), 7);   /* past the last source */
    assert_int_equal(rd(PRIORITY(NSOURCES)), 0);
    wr(THRESHOLD(1), 0x1f);
    assert_int_equal(rd(THRESHOLD(1)), 7);
}

static void test_enable_bits(void **state)
{
    (void)state;
    wr(ENABLE(0, 0), 0xffffffff);
    assert_int_equal(rd(ENABLE(0, 0)), 0xfffffffe);   /* source 0 hardwired 0 */
    wr(ENABLE(0, 2), 0xffffffff);
    assert_int_equal(rd(ENABLE(0, 2)), 0xffffffff);   /* ids 64..95 */
    wr(ENABLE(0, 3), 0xffffffff);
    assert_int_equal(rd(ENABLE(0, 3)), 0);            /* ids 96.. do not exist */
    assert_int_equal(rd(ENABLE(1, 0)), 0);            /* per context */
    wr(ENABLE(NCONTEXTS, 0), 0xffffffff);             /* no such context */
    assert_int_equal(rd(ENABLE(NCONTEXTS, 0)), 0);
}

static void test_pending_follows_line_and_is_read_only(void **state)
{
    (void)state;
    plic_set_irq(p, 10, true);
    plic_set_irq(p, 40, true);
    assert_int_equal(rd(PENDING(0)), 1u << 10);
    assert_int_equal(rd(PENDING(1)), 1u << 8);
    wr(PENDING(0), 0);   /* read-only */
    assert_true(pending(10));
    plic_set_irq(p, 10, false);
    assert_false(pending(10));
    /* lines that do not exist change nothing */
    plic_set_irq(p, 0, true);
    plic_set_irq(p, NSOURCES, true);
    plic_set_irq(p, 1000, true);
    assert_int_equal(rd(PENDING(0)), 0);
    assert_int_equal(rd(PENDING(3)), 0);
}

static void test_claim_orders_by_priority_then_id(void **state)
{
    (void)state;
    unsigned ids[] = { 3, 9, 17, 33, 70 };
    unsigned prio[] = { 1, 5, 5, 7, 2 };
    for (unsigned i = 0; i < 5; i++) {
        wr(PRIORITY(ids[i]), prio[i]);
        enable(0, ids[i]);
        plic_set_irq(p, ids[i], true);
    }
    assert_true(out_level[0]);
    /* 33 (7), then 9 and 17 (5: lower id first), 70 (2), 3 (1) */
    static const unsigned expect[] = { 33, 9, 17, 70, 3 };
    for (unsigned i = 0; i < 5; i++) {
        assert_int_equal(claim(0), expect[i]);
        assert_false(pending(expect[i]));
    }
    assert_int_equal(claim(0), 0);   /* nothing left */
    assert_false(out_level[0]);
}

static void test_priority_zero_never_interrupts(void **state)
{
    (void)state;
    enable(0, 4);
    plic_set_irq(p, 4, true);
    assert_true(pending(4));
    assert_false(out_level[0]);
    assert_int_equal(claim(0), 0);
    assert_true(pending(4));   /* an empty claim changes nothing */
    wr(PRIORITY(4), 1);
    assert_true(out_level[0]);
    assert_int_equal(claim(0), 4);
}

static void test_threshold_masks_lower_priorities(void **state)
{
    (void)state;
    wr(PRIORITY(6), 3);
    enable(0, 6);
    plic_set_irq(p, 6, true);
    assert_true(out_level[0]);
    wr(THRESHOLD(0), 3);   /* priority must be strictly greater */
    assert_false(out_level[0]);
    assert_int_equal(claim(0), 0);
    wr(THRESHOLD(0), 2);
    assert_true(out_level[0]);
    wr(THRESHOLD(0), 7);
    wr(PRIORITY(6), 7);    /* 7 > 7 fails too */
    assert_false(out_level[0]);
    wr(THRESHOLD(0), 0);
    assert_true(out_level[0]);
    assert_int_equal(claim(0), 6);
}

static void test_contexts_have_their_own_enables(void **state)
{
    (void)state;
    wr(PRIORITY(10), 1);
    wr(PRIORITY(11), 1);
    enable(0, 10);
    enable(1, 11);
    plic_set_irq(p, 11, true);
    assert_false(out_level[0]);
    assert_true(out_level[1]);
    assert_false(out_level[2]);
    assert_int_equal(claim(0), 0);
    plic_set_irq(p, 10, true);
    assert_true(out_level[0]);
    assert_int_equal(claim(1), 11);
    assert_false(out_level[1]);
    assert_int_equal(claim(0), 10);
    assert_false(out_level[0]);
}

static void test_shared_source_claimed_once(void **state)
{
    (void)state;
    wr(PRIORITY(12), 2);
    enable(0, 12);
    enable(1, 12);
    plic_set_irq(p, 12, true);
    assert_true(out_level[0]);
    assert_true(out_level[1]);
    assert_int_equal(claim(1), 12);
    /* the other context lost it */
    assert_false(out_level[0]);
    assert_int_equal(claim(0), 0);
    /* completing from the other context (it has it enabled) re-arms it */
    complete(0, 12);
    assert_true(out_level[0]);
    assert_true(out_level[1]);
}

static void test_level_repends_after_complete(void **state)
{
    (void)state;
    wr(PRIORITY(7), 1);
    enable(0, 7);
    plic_set_irq(p, 7, true);
    assert_int_equal(claim(0), 7);
    assert_false(out_level[0]);
    /* the line stays high while in service: no new request until complete */
    assert_false(pending(7));
    assert_int_equal(claim(0), 0);
    complete(0, 7);
    assert_true(pending(7));
    assert_true(out_level[0]);
    assert_int_equal(claim(0), 7);
    /* the device lowers its line while being served: complete leaves nothing */
    plic_set_irq(p, 7, false);
    complete(0, 7);
    assert_false(pending(7));
    assert_false(out_level[0]);
    assert_int_equal(claim(0), 0);
}

static void test_line_dropping_before_claim_withdraws(void **state)
{
    (void)state;
    wr(PRIORITY(8), 1);
    enable(0, 8);
    plic_set_irq(p, 8, true);
    assert_true(out_level[0]);
    plic_set_irq(p, 8, false);
    assert_false(out_level[0]);
    assert_int_equal(claim(0), 0);
}

static void test_bad_completes_ignored(void **state)
{
    (void)state;
    wr(PRIORITY(20), 1);
    enable(0, 20);
    plic_set_irq(p, 20, true);
    assert_int_equal(claim(0), 20);
    /* context 1 does not have 20 enabled */
    complete(1, 20);
    assert_false(pending(20));
    assert_int_equal(claim(0), 0);
    /* ids that are not claimed, or do not exist */
    complete(0, 21);
    complete(0, 0);
    complete(0, NSOURCES);
    complete(0, 0xffffffff);
    assert_false(pending(20));
    assert_false(out_level[0]);
    /* the right complete works */
    complete(0, 20);
    assert_true(pending(20));
    assert_true(out_level[0]);
    /* a second complete of the same (now unclaimed) id does nothing */
    assert_int_equal(claim(0), 20);
    complete(0, 20);
    complete(0, 20);
    assert_int_equal(claim(0), 20);
}

static void test_disabling_lowers_output(void **state)
{
    (void)state;
    wr(PRIORITY(30), 4);
    enable(2, 30);
    plic_set_irq(p, 30, true);
    assert_true(out_level[2]);
    wr(ENABLE(2, 0), 0);
    assert_false(out_level[2]);
    enable(2, 30);
    assert_true(out_level[2]);
    wr(PRIORITY(30), 0);
    assert_false(out_level[2]);
    /* the line only changes when the level does */
    assert_int_equal(out_changes[2], 4);
}

static void test_irq_line_helper(void **state)
{
    (void)state;
    wr(PRIORITY(10), 1);
    enable(0, 10);
    IrqLine line = plic_irq(p, 10);
    irq_set(&line, true);
    assert_true(out_level[0]);
    assert_int_equal(claim(0), 10);
    irq_set(&line, false);
    complete(0, 10);
    assert_false(out_level[0]);
}

static void test_odd_accesses(void **state)
{
    (void)state;
    wr(PRIORITY(2), 5);
    wr(PRIORITY(3), 6);
    /* an aligned 8-byte access is two words, low first */
    assert_int_equal(plic_ops.read(p, PRIORITY(2), 8), 5 | 6ull << 32);
    plic_ops.write(p, PRIORITY(2), 8, 1 | 2ull << 32);
    assert_int_equal(rd(PRIORITY(2)), 1);
    assert_int_equal(rd(PRIORITY(3)), 2);
    /* bytes, halves and misaligned words are ignored */
    plic_ops.write(p, PRIORITY(2), 1, 7);
    plic_ops.write(p, PRIORITY(2), 2, 7);
    plic_ops.write(p, PRIORITY(2) + 1, 4, 7);
    plic_ops.write(p, PRIORITY(2) + 4, 8, 7);
    assert_int_equal(rd(PRIORITY(2)), 1);
    assert_int_equal(rd(PRIORITY(3)), 2);
    assert_int_equal(plic_ops.read(p, PRIORITY(2), 1), 0);
    assert_int_equal(plic_ops.read(p, PRIORITY(2) + 2, 4), 0);
    /* a misaligned read of the claim register does not claim */
    enable(0, 2);
    plic_set_irq(p, 2, true);
    assert_int_equal(plic_ops.read(p, CLAIM(0), 2), 0);
    assert_int_equal(plic_ops.read(p, CLAIM(0) + 1, 1), 0);
    assert_true(pending(2));
    /* holes and the very end of the region read 0 */
    for (uint64_t off = 0x1000 + 4 * 3; off < 0x2000; off += 0x84)
        assert_int_equal(rd(off), 0);
    assert_int_equal(rd(0x1ffffc), 0);
    assert_int_equal(rd(THRESHOLD(NCONTEXTS)), 0);
    assert_int_equal(rd(THRESHOLD(0) + 8), 0);
    assert_int_equal(plic_ops.read(p, PLIC_MMIO_SIZE - 8, 8), 0);
    plic_ops.write(p, PLIC_MMIO_SIZE - 8, 8, ~0ull);
    assert_int_equal(claim(0), 2);
}

static void test_reset(void **state)
{
    (void)state;
    wr(PRIORITY(5), 3);
    enable(0, 5);
    wr(THRESHOLD(0), 1);
    plic_set_irq(p, 5, true);
    assert_true(out_level[0]);
    plic_ops.reset(p);
    assert_false(out_level[0]);
    assert_int_equal(rd(PRIORITY(5)), 0);
    assert_int_equal(rd(ENABLE(0, 0)), 0);
    assert_int_equal(rd(THRESHOLD(0)), 0);
    assert_true(pending(5));   /* the line is still high */
}

static void test_new_rejects_bad_sizes(void **state)
{
    (void)state;
    assert_null(plic_new(0, 1, NULL));
    assert_null(plic_new(PLIC_MAX_SOURCES + 1, 1, NULL));
    assert_null(plic_new(32, PLIC_MAX_CONTEXTS + 1, NULL));
    Plic *q = plic_new(PLIC_MAX_SOURCES, PLIC_MAX_CONTEXTS, NULL);   /* lines to nowhere */
    assert_non_null(q);
    plic_ops.write(q, PRIORITY(PLIC_MAX_SOURCES - 1), 4, 1);
    plic_ops.write(q, ENABLE(PLIC_MAX_CONTEXTS - 1, 3), 4, 0x80000000u);
    plic_set_irq(q, PLIC_MAX_SOURCES - 1, true);
    assert_int_equal(plic_ops.read(q, CLAIM(PLIC_MAX_CONTEXTS - 1), 4), PLIC_MAX_SOURCES - 1);
    plic_free(q);
}

/* A state with something of everything: priorities, enables, a threshold,
 * a claimed source and a pending one. */
static void busy_state(void)
{
    wr(PRIORITY(1), 2);
    wr(PRIORITY(2), 6);
    wr(PRIORITY(70), 4);
    enable(0, 1);
    enable(0, 2);
    enable(1, 70);
    wr(THRESHOLD(1), 3);
    plic_set_irq(p, 1, true);
    plic_set_irq(p, 2, true);
    plic_set_irq(p, 70, true);
    assert_int_equal(claim(0), 2);
}

static void test_save_load_round_trip(void **state)
{
    (void)state;
    busy_state();
    SaveBuf b = { 0 };
    plic_ops.save(p, &b);
    assert_false(b.error);

    bool saved_out[NCONTEXTS];
    memcpy(saved_out, out_level, sizeof saved_out);
    plic_ops.reset(p);
    for (unsigned id = 1; id < NSOURCES; id++)
        plic_set_irq(p, id, false);
    assert_false(out_level[0]);
    assert_false(out_level[1]);

    assert_true(plic_ops.load(p, &b));
    assert_int_equal(b.pos, b.len);
    assert_memory_equal(out_level, saved_out, sizeof saved_out);
    assert_true(out_level[0]);
    assert_true(out_level[1]);
    assert_int_equal(rd(PRIORITY(2)), 6);
    assert_int_equal(rd(THRESHOLD(1)), 3);
    /* 2 is still claimed: 1 comes next, and completing 2 re-arms it */
    assert_false(pending(2));
    assert_int_equal(claim(0), 1);
    complete(0, 2);
    assert_int_equal(claim(0), 2);
    assert_int_equal(claim(1), 70);
    savebuf_free(&b);
}

static void test_load_rejects_damaged_input(void **state)
{
    (void)state;
    busy_state();
    SaveBuf good = { 0 };
    plic_ops.save(p, &good);
    plic_ops.reset(p);
    uint32_t before = rd(PENDING(0));

    for (size_t len = 0; len < good.len; len++) {
        SaveBuf b = { .data = good.data, .len = len };
        assert_false(plic_ops.load(p, &b));
    }
    /* nothing was taken from the failed loads */
    assert_int_equal(rd(PRIORITY(2)), 0);
    assert_int_equal(rd(PENDING(0)), before);

    uint8_t *bad = malloc(good.len);
    /* wrong tag, version, source count, context count; a priority for
     * source 0; a priority out of range; a threshold out of range; an enable
     * bit for source 0. Layout: tag, version, counts (16 bytes), 96
     * priorities, 3 x (level, claimed), then per context the threshold and 3
     * enable words. */
    enum { PRIOS = 16, WORDS_AT = PRIOS + NSOURCES, CTX0 = WORDS_AT + 3 * 8 };
    static const size_t offsets[] = { 0, 4, 8, 12, PRIOS, PRIOS + 1, CTX0, CTX0 + 4 };
    static const uint8_t values[] = { 'X', 2, 95, 3, 1, 8, 8, 1 };
    for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
        memcpy(bad, good.data, good.len);
        bad[offsets[i]] = values[i];
        SaveBuf b = { .data = bad, .len = good.len };
        assert_false(plic_ops.load(p, &b));
    }
    /* the saved state of another PLIC size */
    Plic *other = plic_new(32, NCONTEXTS, NULL);
    SaveBuf ob = { 0 };
    plic_ops.save(other, &ob);
    assert_false(plic_ops.load(p, &ob));
    savebuf_free(&ob);
    plic_free(other);
    assert_int_equal(rd(PRIORITY(2)), 0);
    /* and the good one still loads */
    SaveBuf b = { .data = good.data, .len = good.len };
    assert_true(plic_ops.load(p, &b));
    assert_int_equal(rd(PRIORITY(2)), 6);
    free(bad);
    savebuf_free(&good);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_priority_is_three_bits_warl),
        T(test_enable_bits),
        T(test_pending_follows_line_and_is_read_only),
        T(test_claim_orders_by_priority_then_id),
        T(test_priority_zero_never_interrupts),
        T(test_threshold_masks_lower_priorities),
        T(test_contexts_have_their_own_enables),
        T(test_shared_source_claimed_once),
        T(test_level_repends_after_complete),
        T(test_line_dropping_before_claim_withdraws),
        T(test_bad_completes_ignored),
        T(test_disabling_lowers_output),
        T(test_irq_line_helper),
        T(test_odd_accesses),
        T(test_reset),
        T(test_new_rejects_bad_sizes),
        T(test_save_load_round_trip),
        T(test_load_rejects_damaged_input),
    };
    return cmocka_run_group_tests_name("plic", tests, NULL, NULL);
}
