/*
 * ferry - unit tests for the Goldfish RTC (devices/goldfish_rtc.c).
 *
 * Expected behaviour (Linux drivers/rtc/rtc-goldfish.c and QEMU's
 * hw/rtc/goldfish_rtc.c, see goldfish_rtc.h):
 *  - the time is nanoseconds since the epoch: host CLOCK_REALTIME plus an
 *    offset; reading TIME_LOW latches the high word that TIME_HIGH returns;
 *  - Linux sets the time by writing TIME_HIGH then TIME_LOW;
 *  - Linux sets an alarm by writing ALARM_HIGH, ALARM_LOW (which arms it)
 *    and IRQ_ENABLED = 1; an alarm in the past fires at once; ALARM_STATUS
 *    reads 1 while an alarm is armed; firing makes the interrupt pending,
 *    the line is pending && IRQ_ENABLED, CLEAR_INTERRUPT lowers it,
 *    CLEAR_ALARM disarms.
 * The host clock cannot be frozen: times are checked within a tolerance, and
 * "not yet" alarms are set seconds ahead.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "../../devices/goldfish_rtc.h"

#define TIME_LOW 0x00
#define TIME_HIGH 0x04
#define ALARM_LOW 0x08
#define ALARM_HIGH 0x0c
#define IRQ_ENABLED 0x10
#define CLEAR_ALARM 0x14
#define ALARM_STATUS 0x18
#define CLEAR_INTERRUPT 0x1c

#define NS 1000000000ull
#define TOLERANCE (NS / 2)   /* how far a reading may lag the host clock */

static GoldfishRtc *r;
static bool irq_level;
static unsigned irq_rises;

static void record_irq(void *opaque, unsigned line, bool level)
{
    assert_ptr_equal(opaque, &irq_level);
    assert_int_equal(line, 11);
    if (level && !irq_level)
        irq_rises++;
    irq_level = level;
}

static int setup(void **state)
{
    (void)state;
    irq_level = true;   /* creation must drive the line low */
    irq_rises = 0;
    r = goldfish_rtc_new((IrqLine){ record_irq, &irq_level, 11 });
    return r ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    goldfish_rtc_free(r);
    return 0;
}

static uint32_t rd(uint64_t off) { return (uint32_t)goldfish_rtc_ops.read(r, off, 4); }
static void wr(uint64_t off, uint32_t v) { goldfish_rtc_ops.write(r, off, 4, v); }

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
}

/* Linux's read_time */
static uint64_t read_time(void)
{
    uint64_t low = rd(TIME_LOW);
    return (uint64_t)rd(TIME_HIGH) << 32 | low;
}

/* Linux's set_time */
static void set_time(uint64_t ns)
{
    wr(TIME_HIGH, (uint32_t)(ns >> 32));
    wr(TIME_LOW, (uint32_t)ns);
}

/* Linux's set_alarm with enabled = 1 */
static void set_alarm(uint64_t ns)
{
    wr(ALARM_HIGH, (uint32_t)(ns >> 32));
    wr(ALARM_LOW, (uint32_t)ns);
    wr(IRQ_ENABLED, 1);
}

static void sleep_ns(uint64_t ns)
{
    struct timespec ts = { (time_t)(ns / NS), (long)(ns % NS) };
    while (nanosleep(&ts, &ts) != 0) {
    }
}

static void assert_near(uint64_t value, uint64_t expect)
{
    assert_true(value >= expect);
    assert_true(value - expect < TOLERANCE);
}

static void test_time_is_host_realtime(void **state)
{
    (void)state;
    uint64_t before = host_ns();
    uint64_t t = read_time();
    uint64_t after = host_ns();
    assert_true(t >= before && t <= after);
    /* an aligned 64-bit read is TIME_LOW then TIME_HIGH: the whole time */
    uint64_t t64 = goldfish_rtc_ops.read(r, TIME_LOW, 8);
    assert_near(t64, t);
}

static void test_time_high_is_latched(void **state)
{
    (void)state;
    /* put the low word just before its wrap; the latched high word stays
     * the one read with TIME_LOW even after the low word has wrapped */
    set_time((5ull << 32) | (0xffffffffull - NS / 10));   /* 100 ms before the wrap */
    uint32_t low = rd(TIME_LOW);
    sleep_ns(NS / 5);   /* the running low word wraps */
    assert_int_equal(rd(TIME_HIGH), 5);
    uint64_t now = read_time();
    assert_int_equal(now >> 32, 6);
    assert_true(low >= 0xffffffffu - NS / 10);
}

static void test_set_time_linux_order(void **state)
{
    (void)state;
    uint64_t target = 1700000000ull * NS + 123456789;   /* Nov 2023 */
    set_time(target);
    assert_near(read_time(), target);
    /* a time in the past, and far in the future */
    set_time(86400ull * NS);
    assert_near(read_time(), 86400ull * NS);
    set_time(4000000000ull * NS);
    assert_near(read_time(), 4000000000ull * NS);
    /* the other order works too */
    wr(TIME_LOW, (uint32_t)target);
    wr(TIME_HIGH, (uint32_t)(target >> 32));
    assert_near(read_time(), target);
    /* and a 64-bit store */
    goldfish_rtc_ops.write(r, TIME_LOW, 8, target);
    assert_near(read_time(), target);
    /* time keeps running after a set */
    set_time(target);
    sleep_ns(NS / 100);
    assert_true(read_time() >= target + NS / 100);
}

static void test_set_time_high_word_survives_a_carry(void **state)
{
    (void)state;
    /* the low word wraps between Linux's TIME_HIGH and TIME_LOW writes: the
     * time set is still exactly the high word written */
    set_time((7ull << 32) | (0xffffffffull - NS / 10));
    wr(TIME_HIGH, 9);
    sleep_ns(NS / 5);
    wr(TIME_LOW, 0x10);
    uint64_t t = read_time();
    assert_int_equal(t >> 32, 9);
    assert_true((uint32_t)t >= 0x10 && (uint32_t)t < 0x10 + TOLERANCE);
}

static void test_alarm_fires_when_due(void **state)
{
    (void)state;
    uint64_t now = read_time();
    set_alarm(now + 50 * NS / 1000);   /* 50 ms */
    assert_int_equal(rd(ALARM_STATUS), 1);
    assert_int_equal(rd(ALARM_LOW), (uint32_t)(now + 50 * NS / 1000));
    assert_int_equal(rd(ALARM_HIGH), (uint32_t)((now + 50 * NS / 1000) >> 32));
    assert_int_equal(rd(IRQ_ENABLED), 1);
    uint64_t wait = goldfish_rtc_ns_until_alarm(r);
    assert_true(wait > 0 && wait <= 50 * NS / 1000);
    goldfish_rtc_update(r);
    assert_false(irq_level);
    sleep_ns(wait + NS / 1000);
    assert_false(irq_level);   /* only update fires it */
    goldfish_rtc_update(r);
    assert_true(irq_level);
    assert_int_equal(rd(ALARM_STATUS), 0);   /* disarmed */
    assert_int_equal(goldfish_rtc_ns_until_alarm(r), UINT64_MAX);
    /* Linux's interrupt handler */
    wr(CLEAR_INTERRUPT, 1);
    assert_false(irq_level);
    goldfish_rtc_update(r);
    assert_false(irq_level);   /* fires once */
    assert_int_equal(irq_rises, 1);
}

static void test_alarm_in_the_past_fires_at_once(void **state)
{
    (void)state;
    set_time(1000ull * NS);
    wr(IRQ_ENABLED, 1);
    wr(ALARM_HIGH, 0);
    wr(ALARM_LOW, (uint32_t)(999ull * NS % (1ull << 32)));   /* high word 0: long ago */
    assert_true(irq_level);
    assert_int_equal(rd(ALARM_STATUS), 0);
}

static void test_alarm_with_irq_disabled(void **state)
{
    (void)state;
    uint64_t now = read_time();
    wr(ALARM_HIGH, (uint32_t)(now >> 32));
    wr(ALARM_LOW, (uint32_t)now);   /* due now; interrupts off */
    assert_false(irq_level);
    assert_int_equal(rd(ALARM_STATUS), 0);
    /* the interrupt is pending: enabling shows it, disabling hides it */
    wr(IRQ_ENABLED, 1);
    assert_true(irq_level);
    wr(IRQ_ENABLED, 0);
    assert_false(irq_level);
    wr(IRQ_ENABLED, 0xfffffffe);   /* bit 0 only */
    assert_int_equal(rd(IRQ_ENABLED), 0);
    wr(CLEAR_INTERRUPT, 1);
    wr(IRQ_ENABLED, 1);
    assert_false(irq_level);
}

static void test_clear_alarm_disarms(void **state)
{
    (void)state;
    uint64_t now = read_time();
    set_alarm(now + 3600 * NS);
    assert_int_equal(rd(ALARM_STATUS), 1);
    uint64_t wait = goldfish_rtc_ns_until_alarm(r);
    assert_true(wait > 3599 * NS && wait <= 3600 * NS);
    /* Linux's set_alarm with enabled = 0 */
    if (rd(ALARM_STATUS))
        wr(CLEAR_ALARM, 1);
    assert_int_equal(rd(ALARM_STATUS), 0);
    assert_int_equal(goldfish_rtc_ns_until_alarm(r), UINT64_MAX);
    /* moving the clock past the old alarm fires nothing */
    set_time(now + 7200 * NS);
    goldfish_rtc_update(r);
    assert_false(irq_level);
}

static void test_alarm_follows_set_time(void **state)
{
    (void)state;
    set_time(1000ull * NS);
    set_alarm(2000ull * NS);
    goldfish_rtc_update(r);
    assert_false(irq_level);
    assert_true(goldfish_rtc_ns_until_alarm(r) > 999ull * NS);
    /* the guest moves its clock past the alarm */
    set_time(2000ull * NS);
    assert_int_equal(goldfish_rtc_ns_until_alarm(r), 0);
    goldfish_rtc_update(r);
    assert_true(irq_level);
}

static void test_alarm_64_bit_store(void **state)
{
    (void)state;
    set_time(1000ull * NS);
    wr(IRQ_ENABLED, 1);
    /* a 64-bit store writes ALARM_HIGH before ALARM_LOW arms */
    goldfish_rtc_ops.write(r, ALARM_LOW, 8, 20000ull * NS);
    assert_int_equal(rd(ALARM_STATUS), 1);
    assert_false(irq_level);
    assert_int_equal(goldfish_rtc_ops.read(r, ALARM_LOW, 8), 20000ull * NS);
}

static void test_odd_accesses(void **state)
{
    (void)state;
    /* sub-word and misaligned accesses, unknown registers: nothing */
    uint64_t now = read_time();
    goldfish_rtc_ops.write(r, TIME_HIGH, 1, 0xff);
    goldfish_rtc_ops.write(r, TIME_LOW + 2, 4, 0xffffffff);
    goldfish_rtc_ops.write(r, ALARM_LOW, 2, 0);
    assert_int_equal(rd(ALARM_STATUS), 0);
    assert_near(read_time(), now);
    assert_int_equal(goldfish_rtc_ops.read(r, TIME_LOW, 2), 0);
    assert_int_equal(goldfish_rtc_ops.read(r, TIME_LOW + 1, 4), 0);
    for (uint64_t off = 0x20; off < GOLDFISH_RTC_MMIO_SIZE; off += 0x44) {
        goldfish_rtc_ops.write(r, off & ~3ull, 4, 0xffffffff);
        assert_int_equal(goldfish_rtc_ops.read(r, off & ~3ull, 4), 0);
    }
    assert_int_equal(goldfish_rtc_ops.read(r, GOLDFISH_RTC_MMIO_SIZE - 8, 8), 0);
    /* write-only registers read 0 */
    assert_int_equal(rd(CLEAR_ALARM), 0);
    assert_int_equal(rd(CLEAR_INTERRUPT), 0);
    assert_false(irq_level);
}

static void test_reset_keeps_time(void **state)
{
    (void)state;
    uint64_t target = 1234567890ull * NS;
    set_time(target);
    set_alarm(0);   /* fires */
    assert_true(irq_level);
    goldfish_rtc_ops.reset(r);
    assert_false(irq_level);
    assert_int_equal(rd(IRQ_ENABLED), 0);
    assert_int_equal(rd(ALARM_STATUS), 0);
    assert_near(read_time(), target);
}

static void test_save_load_round_trip(void **state)
{
    (void)state;
    uint64_t target = 1600000000ull * NS;
    set_time(target);
    set_alarm(target + 3600 * NS);
    SaveBuf b = { 0 };
    goldfish_rtc_ops.save(r, &b);
    assert_false(b.error);

    GoldfishRtc *copy = goldfish_rtc_new((IrqLine){ 0 });
    assert_true(goldfish_rtc_ops.load(copy, &b));
    assert_int_equal(b.pos, b.len);
    uint64_t low = goldfish_rtc_ops.read(copy, TIME_LOW, 4);
    uint64_t t = goldfish_rtc_ops.read(copy, TIME_HIGH, 4) << 32 | low;
    assert_near(t, target);
    assert_int_equal(goldfish_rtc_ops.read(copy, ALARM_STATUS, 4), 1);
    assert_int_equal(goldfish_rtc_ops.read(copy, IRQ_ENABLED, 4), 1);
    uint64_t wait = goldfish_rtc_ns_until_alarm(copy);
    assert_true(wait > 3599 * NS && wait <= 3600 * NS);
    goldfish_rtc_free(copy);

    /* a pending, enabled interrupt drives the line on load */
    set_alarm(0);
    assert_true(irq_level);
    savebuf_free(&b);
    goldfish_rtc_ops.save(r, &b);
    goldfish_rtc_ops.reset(r);
    assert_false(irq_level);
    assert_true(goldfish_rtc_ops.load(r, &b));
    assert_true(irq_level);
    savebuf_free(&b);
}

static void test_load_rejects_damaged_input(void **state)
{
    (void)state;
    set_alarm(read_time() + 3600 * NS);
    SaveBuf good = { 0 };
    goldfish_rtc_ops.save(r, &good);
    goldfish_rtc_ops.reset(r);

    for (size_t len = 0; len < good.len; len++) {
        SaveBuf b = { .data = good.data, .len = len };
        assert_false(goldfish_rtc_ops.load(r, &b));
        assert_int_equal(rd(ALARM_STATUS), 0);
    }
    uint8_t *bad = malloc(good.len);
    /* tag, version, flags (tag 4, version 4, offset 8, alarm 8, latch 4,
     * high value 4, flags 4) */
    static const size_t offsets[] = { 2, 5, 32, 35 };
    static const uint8_t values[] = { '?', 1, 0x10, 1 };
    for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
        memcpy(bad, good.data, good.len);
        bad[offsets[i]] = values[i];
        SaveBuf b = { .data = bad, .len = good.len };
        assert_false(goldfish_rtc_ops.load(r, &b));
    }
    assert_int_equal(rd(ALARM_STATUS), 0);
    free(bad);
    SaveBuf b = { .data = good.data, .len = good.len };
    assert_true(goldfish_rtc_ops.load(r, &b));
    assert_int_equal(rd(ALARM_STATUS), 1);
    savebuf_free(&good);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_time_is_host_realtime),
        T(test_time_high_is_latched),
        T(test_set_time_linux_order),
        T(test_set_time_high_word_survives_a_carry),
        T(test_alarm_fires_when_due),
        T(test_alarm_in_the_past_fires_at_once),
        T(test_alarm_with_irq_disabled),
        T(test_clear_alarm_disarms),
        T(test_alarm_follows_set_time),
        T(test_alarm_64_bit_store),
        T(test_odd_accesses),
        T(test_reset_keeps_time),
        T(test_save_load_round_trip),
        T(test_load_rejects_damaged_input),
    };
    return cmocka_run_group_tests_name("goldfish_rtc", tests, NULL, NULL);
}
