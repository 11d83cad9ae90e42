/*
 * ferry - unit tests for the sifive,test finisher (devices/sifive_test.c).
 *
 * Expected behaviour (QEMU's hw/misc/sifive_test.c, used by Linux through
 * syscon-poweroff / syscon-reboot): a 32-bit write at offset 0 whose low 16
 * bits are 0x5555 powers off with status 0, 0x3333 powers off with status =
 * the high 16 bits, 0x7777 resets; anything else, any other size or offset
 * is ignored. The board is told through `notify`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../devices/sifive_test.h"

static SifiveTest t;
static int notified;

static void notify(void *opaque)
{
    assert_ptr_equal(opaque, &t);
    notified++;
}

static int setup(void **state)
{
    (void)state;
    notified = 0;
    sifive_test_init(&t, notify, &t);
    return 0;
}

static void test_initial_state(void **state)
{
    (void)state;
    assert_int_equal(t.action, SIFIVE_TEST_NONE);
    assert_int_equal(t.status, 0);
    assert_int_equal(sifive_test_ops.read(&t, 0, 4), 0);
    assert_int_equal(notified, 0);
}

static void test_poweroff_pass(void **state)
{
    (void)state;
    sifive_test_ops.write(&t, 0, 4, 0x5555);
    assert_int_equal(t.action, SIFIVE_TEST_POWEROFF);
    assert_int_equal(t.status, 0);
    assert_int_equal(notified, 1);
}

static void test_poweroff_fail_code(void **state)
{
    (void)state;
    sifive_test_ops.write(&t, 0, 4, (42u << 16) | 0x3333);
    assert_int_equal(t.action, SIFIVE_TEST_POWEROFF);
    assert_int_equal(t.status, 42);
    assert_int_equal(notified, 1);
    sifive_test_ops.write(&t, 0, 4, (0xffffu << 16) | 0x3333);
    assert_int_equal(t.status, 0xffff);
    assert_int_equal(notified, 2);
}

static void test_reset_request(void **state)
{
    (void)state;
    sifive_test_ops.write(&t, 0, 4, 0x7777);
    assert_int_equal(t.action, SIFIVE_TEST_RESET);
    assert_int_equal(notified, 1);
    /* the machine reset that follows forgets the request */
    sifive_test_ops.reset(&t);
    assert_int_equal(t.action, SIFIVE_TEST_NONE);
    assert_int_equal(t.status, 0);
}

static void test_other_values_ignored(void **state)
{
    (void)state;
    static const uint32_t values[] = { 0, 1, 0x5554, 0x3334, 0x7778, 0x1234, 0xffffffff };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        sifive_test_ops.write(&t, 0, 4, values[i]);
    assert_int_equal(t.action, SIFIVE_TEST_NONE);
    assert_int_equal(notified, 0);
}

static void test_other_sizes_and_offsets_ignored(void **state)
{
    (void)state;
    sifive_test_ops.write(&t, 0, 1, 0x55);
    sifive_test_ops.write(&t, 0, 8, 0x5555);
    sifive_test_ops.write(&t, 4, 4, 0x5555);
    sifive_test_ops.write(&t, 2, 4, 0x5555);
    sifive_test_ops.write(&t, SIFIVE_TEST_MMIO_SIZE - 4, 4, 0x7777);
    assert_int_equal(t.action, SIFIVE_TEST_NONE);
    assert_int_equal(notified, 0);
    for (uint64_t off = 0; off < SIFIVE_TEST_MMIO_SIZE; off += 0x1f8)
        assert_int_equal(sifive_test_ops.read(&t, off, 8), 0);
}

/* OpenSBI's sifive_test driver stores the command with writew */
static void test_16_bit_write_powers_off(void **state)
{
    (void)state;
    sifive_test_ops.write(&t, 0, 2, 0x5555);
    assert_int_equal(t.action, SIFIVE_TEST_POWEROFF);
    assert_int_equal(t.status, 0);
    assert_int_equal(notified, 1);
}

static void test_without_notify(void **state)
{
    (void)state;
    SifiveTest quiet;
    sifive_test_init(&quiet, NULL, NULL);
    sifive_test_ops.write(&quiet, 0, 4, (3u << 16) | 0x3333);
    assert_int_equal(quiet.action, SIFIVE_TEST_POWEROFF);
    assert_int_equal(quiet.status, 3);
}

static void test_save_load_round_trip(void **state)
{
    (void)state;
    sifive_test_ops.write(&t, 0, 4, (7u << 16) | 0x3333);
    SaveBuf b = { 0 };
    sifive_test_ops.save(&t, &b);
    assert_false(b.error);

    SifiveTest copy;
    sifive_test_init(&copy, NULL, NULL);
    assert_true(sifive_test_ops.load(&copy, &b));
    assert_int_equal(copy.action, SIFIVE_TEST_POWEROFF);
    assert_int_equal(copy.status, 7);
    assert_int_equal(b.pos, b.len);
    savebuf_free(&b);
}

static void test_load_rejects_damaged_input(void **state)
{
    (void)state;
    sifive_test_ops.write(&t, 0, 4, 0x7777);
    SaveBuf good = { 0 };
    sifive_test_ops.save(&t, &good);

    /* every truncation fails and leaves the device as it was */
    for (size_t len = 0; len < good.len; len++) {
        SaveBuf b = { .data = good.data, .len = len };
        SifiveTest copy;
        sifive_test_init(&copy, NULL, NULL);
        assert_false(sifive_test_ops.load(&copy, &b));
        assert_true(b.error);
        assert_int_equal(copy.action, SIFIVE_TEST_NONE);
    }
    /* a wrong tag */
    uint8_t *bad = malloc(good.len);
    memcpy(bad, good.data, good.len);
    bad[0] ^= 0xff;
    SaveBuf b = { .data = bad, .len = good.len };
    SifiveTest copy;
    sifive_test_init(&copy, NULL, NULL);
    assert_false(sifive_test_ops.load(&copy, &b));
    /* an action that does not exist */
    memcpy(bad, good.data, good.len);
    bad[8] = 9;
    b = (SaveBuf){ .data = bad, .len = good.len };
    assert_false(sifive_test_ops.load(&copy, &b));
    assert_int_equal(copy.action, SIFIVE_TEST_NONE);
    free(bad);
    savebuf_free(&good);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_initial_state),
        T(test_poweroff_pass),
        T(test_poweroff_fail_code),
        T(test_reset_request),
        T(test_other_values_ignored),
        T(test_other_sizes_and_offsets_ignored),
        T(test_16_bit_write_powers_off),
        T(test_without_notify),
        T(test_save_load_round_trip),
        T(test_load_rejects_damaged_input),
    };
    return cmocka_run_group_tests_name("sifive_test", tests, NULL, NULL);
}
