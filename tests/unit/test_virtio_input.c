/*
 * ferry - unit tests for virtio-input (devices/virtio_input.c), keyboard
 * and tablet.
 *
 * Expected behaviour (VIRTIO 1.1, 5.8; Linux's virtio_input.c as the
 * driver; codes from <linux/input-event-codes.h>):
 *  - device id 18; config {u8 select, u8 subsel, u8 size, u8 reserved[5],
 *    u8 u[128]}: the driver writes select and subsel, reads size and u;
 *  - ID_NAME (1): "ferry keyboard" / "ferry tablet"; ID_SERIAL (2) a
 *    string; ID_DEVIDS (3): bustype BUS_VIRTUAL (6), vendor, product,
 *    version; PROP_BITS (0x10): none;
 *  - EV_BITS (0x11), subsel = event type, u = bitmap of codes, size 0 for
 *    types not supported: keyboard EV_KEY (keys 1..255, KEY_A = 30), EV_REP,
 *    EV_LED; tablet EV_KEY (BTN_LEFT/RIGHT/MIDDLE), EV_REL (REL_WHEEL),
 *    EV_ABS (ABS_X, ABS_Y);
 *  - ABS_INFO (0x12), subsel = axis: {min, max, fuzz, flat, res} = {0,
 *    32767, 0, 0, 0} for the tablet's X and Y;
 *  - eventq (0): each event {le16 type, le16 code, le32 value} goes into
 *    one buffer, in order, used length 8; events wait while there are no
 *    buffers (delivered on notify or on the next event); at most 256 wait,
 *    the oldest dropped first; events sent before DRIVER_OK are dropped;
 *  - statusq (1): buffers are consumed and completed with length 0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../devices/virtio_input.h"
#include "virtio_test_driver.h"

#define RAM_SIZE (1ull << 20)
#define QNUM 64
enum { EVQ = 0, STQ = 1 };
enum { SEL_NAME = 1, SEL_SERIAL = 2, SEL_DEVIDS = 3, SEL_PROP = 0x10, SEL_EV = 0x11, SEL_ABS = 0x12 };
enum { EV_SYN = 0, EV_KEY = 1, EV_REL = 2, EV_ABS = 3, EV_LED = 0x11, EV_REP = 0x14 };
enum { KEY_ESC = 1, KEY_A = 30, BTN_LEFT = 0x110, BTN_RIGHT = 0x111, BTN_MIDDLE = 0x112, REL_WHEEL = 8 };
enum { ABS_X = 0, ABS_Y = 1, ABS_Z = 2 };
#define U 8   /* offset of the union */

static TestDriver td;
static VirtioMmio *t;

static int setup_kind(VirtioInputKind kind)
{
    if (!td_init(&td, RAM_SIZE))
        return -1;
    t = virtio_input_create(&td.bus, td_irq(&td), kind);
    return t && td_attach(&td, t) ? 0 : -1;
}

static int setup_keyboard(void **state)
{
    (void)state;
    return setup_kind(VIRTIO_INPUT_KEYBOARD);
}

static int setup_tablet(void **state)
{
    (void)state;
    return setup_kind(VIRTIO_INPUT_TABLET);
}

static int teardown(void **state)
{
    (void)state;
    virtio_mmio_free(t);
    td_free(&td);
    return 0;
}

/* Linux's virtinput_cfg_select: byte writes of select and subsel, then
 * read size */
static unsigned cfg_select(uint8_t select, uint8_t subsel)
{
    td_set_cfg(&td, 0, 1, select);
    td_set_cfg(&td, 1, 1, subsel);
    return (unsigned)td_cfg(&td, 2, 1);
}

static void cfg_bytes(void *buf, unsigned n)
{
    uint8_t *b = buf;
    for (unsigned i = 0; i < n; i++)
        b[i] = (uint8_t)td_cfg(&td, U + i, 1);
}

static bool cfg_bit(unsigned bit)
{
    return (td_cfg(&td, U + bit / 8, 1) >> (bit % 8)) & 1;
}

/* ---- config ---- */

static void test_keyboard_config(void **state)
{
    (void)state;
    assert_int_equal(td_reg(&td, 0x008), 18);
    char s[129] = { 0 };
    unsigned n = cfg_select(SEL_NAME, 0);
    assert_int_equal(n, strlen("ferry keyboard"));
    cfg_bytes(s, n);
    assert_string_equal(s, "ferry keyboard");
    assert_true(cfg_select(SEL_SERIAL, 0) > 0);

    assert_int_equal(cfg_select(SEL_DEVIDS, 0), 8);
    assert_int_equal(td_cfg(&td, U, 2), 0x06);          /* BUS_VIRTUAL */
    assert_int_not_equal(td_cfg(&td, U + 4, 2), 0);     /* product */

    assert_int_equal(cfg_select(SEL_PROP, 0), 0);

    n = cfg_select(SEL_EV, EV_KEY);
    assert_true(n >= KEY_A / 8 + 1 && n <= 128);
    assert_true(cfg_bit(KEY_A));
    assert_true(cfg_bit(KEY_ESC));
    assert_true(cfg_bit(255));
    assert_false(cfg_bit(0));                           /* KEY_RESERVED */
    assert_true(cfg_select(SEL_EV, EV_REP) > 0);
    assert_int_equal(cfg_select(SEL_EV, EV_LED), 1);
    assert_int_equal(td_cfg(&td, U, 1), 0x07);          /* NUML, CAPSL, SCROLLL */
    assert_int_equal(cfg_select(SEL_EV, EV_ABS), 0);
    assert_int_equal(cfg_select(SEL_EV, EV_REL), 0);
    assert_int_equal(cfg_select(SEL_EV, EV_SYN), 0);
    assert_int_equal(cfg_select(SEL_ABS, ABS_X), 0);
    assert_int_equal(cfg_select(0x7f, 0), 0);
    assert_int_equal(td_cfg(&td, U, 8), 0);             /* nothing left over from before */
}

static void test_tablet_config(void **state)
{
    (void)state;
    char s[129] = { 0 };
    unsigned n = cfg_select(SEL_NAME, 0);
    cfg_bytes(s, n);
    assert_string_equal(s, "ferry tablet");

    n = cfg_select(SEL_EV, EV_KEY);
    assert_int_equal(n, BTN_MIDDLE / 8 + 1);
    assert_true(cfg_bit(BTN_LEFT));
    assert_true(cfg_bit(BTN_RIGHT));
    assert_true(cfg_bit(BTN_MIDDLE));
    assert_false(cfg_bit(KEY_A));
    assert_int_equal(cfg_select(SEL_EV, EV_ABS), 1);
    assert_int_equal(td_cfg(&td, U, 1), (1 << ABS_X) | (1 << ABS_Y));
    assert_true(cfg_select(SEL_EV, EV_REL) > 0);
    assert_true(cfg_bit(REL_WHEEL));
    assert_int_equal(cfg_select(SEL_EV, EV_REP), 0);

    for (unsigned axis = ABS_X; axis <= ABS_Y; axis++) {
        assert_int_equal(cfg_select(SEL_ABS, (uint8_t)axis), 20);
        assert_int_equal(td_cfg(&td, U + 0, 4), 0);                      /* min */
        assert_int_equal(td_cfg(&td, U + 4, 4), VIRTIO_INPUT_ABS_MAX);   /* max */
        assert_int_equal(td_cfg(&td, U + 8, 4), 0);                      /* fuzz */
        assert_int_equal(td_cfg(&td, U + 12, 4), 0);                     /* flat */
        assert_int_equal(td_cfg(&td, U + 16, 4), 0);                     /* res */
    }
    assert_int_equal(VIRTIO_INPUT_ABS_MAX, 32767);
    assert_int_equal(cfg_select(SEL_ABS, ABS_Z), 0);
}

static void test_config_wide_write_and_readonly_fields(void **state)
{
    (void)state;
    td_set_cfg(&td, 0, 2, SEL_EV | (EV_ABS << 8));   /* select and subsel at once */
    assert_int_equal(td_cfg(&td, 0, 1), SEL_EV);
    assert_int_equal(td_cfg(&td, 1, 1), EV_ABS);
    assert_int_equal(td_cfg(&td, 2, 1), 1);
    td_set_cfg(&td, 2, 1, 99);                         /* size is the device's */
    assert_int_equal(td_cfg(&td, 2, 1), 1);
    td_set_cfg(&td, U, 4, 0xffffffff);                 /* so is the union */
    assert_int_equal(td_cfg(&td, U, 1), 0x03);
}

/* ---- events ---- */

static uint64_t post_event_buffers(unsigned first, unsigned n)
{
    uint64_t base = td_alloc(&td, 8ull * n, 8);
    for (unsigned i = 0; i < n; i++)
        td_chain(&td, EVQ, first + i, 1, &(TdBuf){ base + 8ull * i, 8, true });
    return base;
}

static void assert_event(uint64_t gpa, uint16_t type, uint16_t code, int32_t value)
{
    assert_int_equal(td_rd(&td, gpa, 2), type);
    assert_int_equal(td_rd(&td, gpa + 2, 2), code);
    assert_int_equal((uint32_t)td_rd(&td, gpa + 4, 4), (uint32_t)value);
}

static void test_events_in_order(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, QNUM));
    uint64_t buf = post_event_buffers(0, 4);
    td_notify(&td, EVQ);
    virtio_input_send(t, EV_KEY, KEY_A, 1);
    virtio_input_send(t, EV_SYN, 0, 0);
    virtio_input_send(t, EV_KEY, KEY_A, 0);
    assert_int_equal(td_used_idx(&td, EVQ), 3);
    for (unsigned i = 0; i < 3; i++) {
        assert_int_equal(td_used_id(&td, EVQ, i), i);
        assert_int_equal(td_used_len(&td, EVQ, i), 8);
    }
    assert_event(buf + 0, EV_KEY, KEY_A, 1);
    assert_event(buf + 8, EV_SYN, 0, 0);
    assert_event(buf + 16, EV_KEY, KEY_A, 0);
    assert_true(td.irq_level);
}

static void test_tablet_negative_and_large_values(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, QNUM));
    uint64_t buf = post_event_buffers(0, 2);
    virtio_input_send(t, EV_ABS, ABS_X, VIRTIO_INPUT_ABS_MAX);
    virtio_input_send(t, EV_REL, REL_WHEEL, -1);
    assert_event(buf + 0, EV_ABS, ABS_X, 32767);
    assert_event(buf + 8, EV_REL, REL_WHEEL, -1);
}

static void test_events_wait_for_buffers(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, QNUM));
    for (int i = 0; i < 3; i++)
        virtio_input_send(t, EV_KEY, KEY_ESC, i);
    assert_int_equal(td_used_idx(&td, EVQ), 0);
    assert_false(td.irq_level);
    /* two buffers and a notify: the two oldest go */
    uint64_t a = post_event_buffers(0, 2);
    td_notify(&td, EVQ);
    assert_int_equal(td_used_idx(&td, EVQ), 2);
    assert_event(a + 0, EV_KEY, KEY_ESC, 0);
    assert_event(a + 8, EV_KEY, KEY_ESC, 1);
    /* a buffer without a notify: the next event pushes the queue out in order */
    uint64_t b = post_event_buffers(2, 2);
    virtio_input_send(t, EV_SYN, 0, 0);
    assert_int_equal(td_used_idx(&td, EVQ), 4);
    assert_event(b + 0, EV_KEY, KEY_ESC, 2);
    assert_event(b + 8, EV_SYN, 0, 0);
}

static void test_overflow_drops_oldest(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, QNUM));
    for (int i = 0; i < 256 + 10; i++)
        virtio_input_send(t, EV_ABS, ABS_X, i);
    uint64_t buf = post_event_buffers(0, QNUM);
    td_notify(&td, EVQ);
    assert_int_equal(td_used_idx(&td, EVQ), QNUM);
    for (int i = 0; i < QNUM; i++)
        assert_event(buf + 8ull * i, EV_ABS, ABS_X, 10 + i);
    /* the rest follow as buffers come back: 256 - 64 still waiting */
    unsigned left = 256 - QNUM, got = 0;
    int expect = 10 + QNUM;
    while (got < left) {
        uint64_t b = post_event_buffers(0, 1);   /* descriptor 0 is free again */
        td_notify(&td, EVQ);
        assert_event(b, EV_ABS, ABS_X, expect++);
        got++;
    }
    uint16_t used = td_used_idx(&td, EVQ);
    post_event_buffers(1, 1);
    td_notify(&td, EVQ);
    assert_int_equal(td_used_idx(&td, EVQ), used);   /* nothing more was waiting */
}

static void test_events_before_driver_ok_dropped(void **state)
{
    (void)state;
    virtio_input_send(t, EV_KEY, KEY_A, 1);
    assert_true(td_bringup(&td, 0, 2, QNUM));
    post_event_buffers(0, 2);
    td_notify(&td, EVQ);
    assert_int_equal(td_used_idx(&td, EVQ), 0);
}

static void test_reset_clears_waiting_events(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, QNUM));
    virtio_input_send(t, EV_KEY, KEY_A, 1);
    cfg_select(SEL_NAME, 0);
    td_set_reg(&td, 0x070, 0);
    assert_int_equal(td_cfg(&td, 0, 1), 0);           /* select back to 0 */
    assert_int_equal(td_cfg(&td, 2, 1), 0);
    assert_true(td_bringup(&td, 0, 2, QNUM));
    post_event_buffers(0, 2);
    td_notify(&td, EVQ);
    assert_int_equal(td_used_idx(&td, EVQ), 0);
}

static void test_status_queue_consumed(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, QNUM));
    uint64_t led = td_alloc(&td, 8, 8);
    td_wr(&td, led, EV_LED, 2);
    td_wr(&td, led + 2, 1, 2);       /* LED_CAPSL */
    td_wr(&td, led + 4, 1, 4);
    td_chain(&td, STQ, 0, 1, &(TdBuf){ led, 8, false });
    td_notify(&td, STQ);
    assert_int_equal(td_used_idx(&td, STQ), 1);
    assert_int_equal(td_used_id(&td, STQ, 0), 0);
    assert_int_equal(td_used_len(&td, STQ, 0), 0);
}

static void test_small_event_buffer_breaks_device(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, QNUM));
    uint64_t b = td_alloc(&td, 4, 4);
    td_chain(&td, EVQ, 0, 1, &(TdBuf){ b, 4, true });
    virtio_input_send(t, EV_KEY, KEY_A, 1);
    assert_true(td_reg(&td, 0x070) & VIRTIO_STATUS_NEEDS_RESET);
    assert_int_equal(td_used_idx(&td, EVQ), 0);
    assert_int_equal(td_rd(&td, b, 4), 0);
}

static void test_save_load_keeps_waiting_events(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, QNUM));
    virtio_input_send(t, EV_KEY, KEY_A, 1);
    virtio_input_send(t, EV_SYN, 0, 0);
    cfg_select(SEL_EV, EV_KEY);
    SaveBuf sb = { 0 };
    virtio_mmio_ops.save(t, &sb);
    assert_false(sb.error);
    td_set_reg(&td, 0x070, 0);                        /* forget everything */
    assert_true(virtio_mmio_ops.load(t, &sb));
    assert_int_equal(td_cfg(&td, 0, 1), SEL_EV);
    assert_true(cfg_bit(KEY_A));
    uint64_t buf = post_event_buffers(0, 2);
    td_notify(&td, EVQ);
    assert_event(buf + 0, EV_KEY, KEY_A, 1);
    assert_event(buf + 8, EV_SYN, 0, 0);
    savebuf_free(&sb);
}

static void test_load_refuses_other_kind(void **state)
{
    (void)state;
    SaveBuf sb = { 0 };
    virtio_mmio_ops.save(t, &sb);   /* a keyboard */
    VirtioMmio *tab = virtio_input_create(&td.bus, td_irq(&td), VIRTIO_INPUT_TABLET);
    assert_non_null(tab);
    assert_false(virtio_mmio_ops.load(tab, &sb));
    virtio_mmio_free(tab);
    savebuf_free(&sb);
}

#define K(f) cmocka_unit_test_setup_teardown(f, setup_keyboard, teardown)
#define TB(f) cmocka_unit_test_setup_teardown(f, setup_tablet, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        K(test_keyboard_config),
        TB(test_tablet_config),
        TB(test_config_wide_write_and_readonly_fields),
        K(test_events_in_order),
        TB(test_tablet_negative_and_large_values),
        K(test_events_wait_for_buffers),
        TB(test_overflow_drops_oldest),
        K(test_events_before_driver_ok_dropped),
        K(test_reset_clears_waiting_events),
        K(test_status_queue_consumed),
        K(test_small_event_buffer_breaks_device),
        K(test_save_load_keeps_waiting_events),
        K(test_load_refuses_other_kind),
    };
    return cmocka_run_group_tests_name("virtio_input", tests, NULL, NULL);
}
