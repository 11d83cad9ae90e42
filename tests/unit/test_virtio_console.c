/*
 * ferry - unit tests for virtio-console (devices/virtio_console.c).
 *
 * Expected behaviour (VIRTIO 1.1, 5.3; virtio_console.h):
 *  - device id 3, no device features (only VERSION_1 and INDIRECT_DESC
 *    from the transport), 12 bytes of config space reading 0;
 *  - queue 1 (transmitq): on notify every readable byte of every chain
 *    goes to the output callback in order, each chain completes with
 *    used length 0 and an interrupt;
 *  - queue 0 (receiveq): virtio_console_receive fills the available
 *    buffers in order, completes each with the bytes written, and
 *    returns how many bytes fitted; 0 while the driver is not ready;
 *  - a bad chain on either queue breaks the device (NEEDS_RESET).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../devices/virtio_console.h"
#include "virtio_test_driver.h"

#define RAM_SIZE (1ull << 20)
#define QNUM 8
enum { RXQ = 0, TXQ = 1 };

static TestDriver td;
static VirtioMmio *t;
static char out[256];
static size_t out_len;
static unsigned out_calls;

static void collect(void *opaque, const uint8_t *data, size_t len)
{
    assert_ptr_equal(opaque, &td);
    assert_true(out_len + len <= sizeof out);
    memcpy(out + out_len, data, len);
    out_len += len;
    out_calls++;
}

static int setup(void **state)
{
    (void)state;
    out_len = 0;
    out_calls = 0;
    memset(out, 0, sizeof out);
    if (!td_init(&td, RAM_SIZE))
        return -1;
    t = virtio_console_create(&td.bus, td_irq(&td), collect, &td);
    return t && td_attach(&td, t) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    virtio_mmio_free(t);
    td_free(&td);
    return 0;
}

static uint64_t text(const char *s)
{
    uint64_t a = td_alloc(&td, strlen(s), 1);
    memcpy(td_host(&td, a), s, strlen(s));
    return a;
}

static void test_identity(void **state)
{
    (void)state;
    assert_int_equal(td_reg(&td, 0x008), 3);
    assert_true(td_device_features(&td) == (VIRTIO_F_VERSION_1 | VIRTIO_RING_F_INDIRECT_DESC));
    for (unsigned off = 0; off < 12; off += 4)
        assert_int_equal(td_cfg(&td, off, 4), 0);
    assert_true(td_bringup(&td, 0, 2, QNUM));
}

static void test_transmit(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, QNUM));
    TdBuf a[2] = { { text("hello"), 5, false }, { text(", world"), 7, false } };
    td_chain(&td, TXQ, 0, 2, a);
    TdBuf b = { text("!\n"), 2, false };
    td_chain(&td, TXQ, 2, 1, &b);
    td_notify(&td, TXQ);
    assert_int_equal(out_len, 14);
    assert_memory_equal(out, "hello, world!\n", 14);
    assert_int_equal(out_calls, 3);
    assert_int_equal(td_used_idx(&td, TXQ), 2);
    assert_int_equal(td_used_id(&td, TXQ, 0), 0);
    assert_int_equal(td_used_len(&td, TXQ, 0), 0);
    assert_int_equal(td_used_id(&td, TXQ, 1), 2);
    assert_true(td.irq_level);
    assert_int_equal(td_ack(&td), VIRTIO_INT_USED);
}

static void test_receive_fills_buffers(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, QNUM));
    uint64_t b0 = td_alloc(&td, 4, 1), b1 = td_alloc(&td, 4, 1);
    td_chain(&td, RXQ, 0, 1, &(TdBuf){ b0, 4, true });
    td_chain(&td, RXQ, 1, 1, &(TdBuf){ b1, 4, true });
    assert_int_equal(virtio_console_receive(t, (const uint8_t *)"abcdef", 6), 6);
    assert_int_equal(td_used_idx(&td, RXQ), 2);
    assert_int_equal(td_used_len(&td, RXQ, 0), 4);
    assert_int_equal(td_used_len(&td, RXQ, 1), 2);
    assert_memory_equal(td_host(&td, b0), "abcd", 4);
    assert_memory_equal(td_host(&td, b1), "ef", 2);
    assert_true(td.irq_level);
}

static void test_receive_partial(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, QNUM));
    uint64_t b0 = td_alloc(&td, 3, 1);
    td_chain(&td, RXQ, 0, 1, &(TdBuf){ b0, 3, true });
    assert_int_equal(virtio_console_receive(t, (const uint8_t *)"xyz123", 6), 3);
    assert_memory_equal(td_host(&td, b0), "xyz", 3);
    /* no buffers left: nothing fits, nothing is completed */
    assert_int_equal(virtio_console_receive(t, (const uint8_t *)"123", 3), 0);
    assert_int_equal(td_used_idx(&td, RXQ), 1);
    /* the caller offers the rest again once the driver has a buffer */
    uint64_t b1 = td_alloc(&td, 16, 1);
    td_chain(&td, RXQ, 1, 1, &(TdBuf){ b1, 16, true });
    td_notify(&td, RXQ);
    assert_int_equal(virtio_console_receive(t, (const uint8_t *)"123", 3), 3);
    assert_memory_equal(td_host(&td, b1), "123", 3);
    assert_int_equal(td_used_len(&td, RXQ, 1), 3);
}

static void test_not_live(void **state)
{
    (void)state;
    assert_int_equal(virtio_console_receive(t, (const uint8_t *)"a", 1), 0);
    assert_true(td_negotiate(&td, 0));
    assert_true(td_setup_queue(&td, RXQ, QNUM, TD_RAM_BASE));
    assert_true(td_setup_queue(&td, TXQ, QNUM, TD_RAM_BASE + 0x10000));
    uint64_t b0 = td_alloc(&td, 4, 1);
    td_chain(&td, RXQ, 0, 1, &(TdBuf){ b0, 4, true });
    td_chain(&td, TXQ, 0, 1, &(TdBuf){ text("early"), 5, false });
    td_notify(&td, TXQ);
    assert_int_equal(out_len, 0);          /* not before DRIVER_OK */
    assert_int_equal(virtio_console_receive(t, (const uint8_t *)"a", 1), 0);
    td_driver_ok(&td);
    assert_int_equal(out_len, 5);          /* DRIVER_OK picks up what was queued */
    assert_memory_equal(out, "early", 5);
    assert_int_equal(virtio_console_receive(t, (const uint8_t *)"a", 1), 1);
}

static void test_bad_chain_breaks_device(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, QNUM));
    td_desc(&td, TXQ, 0, 0x1000, 5, 0, 0);   /* outside RAM */
    td_post(&td, TXQ, 0);
    td_notify(&td, TXQ);
    assert_int_equal(out_len, 0);
    assert_true(td_reg(&td, 0x070) & VIRTIO_STATUS_NEEDS_RESET);
    assert_true(td_reg(&td, 0x060) & VIRTIO_INT_CONFIG);
    uint64_t b0 = td_alloc(&td, 4, 1);
    td_chain(&td, RXQ, 0, 1, &(TdBuf){ b0, 4, true });
    assert_int_equal(virtio_console_receive(t, (const uint8_t *)"a", 1), 0);
}

static void test_save_load(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, QNUM));
    td_chain(&td, TXQ, 0, 1, &(TdBuf){ text("x"), 1, false });
    td_notify(&td, TXQ);
    SaveBuf sb = { 0 };
    virtio_mmio_ops.save(t, &sb);
    td_set_reg(&td, 0x070, 0);
    assert_false(virtio_mmio_live(t));
    assert_true(virtio_mmio_ops.load(t, &sb));
    assert_true(virtio_mmio_live(t));
    assert_int_equal(t->queue[TXQ].last_avail, 1);
    savebuf_free(&sb);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_identity),
        T(test_transmit),
        T(test_receive_fills_buffers),
        T(test_receive_partial),
        T(test_not_live),
        T(test_bad_chain_breaks_device),
        T(test_save_load),
    };
    return cmocka_run_group_tests_name("virtio_console", tests, NULL, NULL);
}
