/*
 * ferry - unit tests for the virtio-mmio transport (devices/virtio_mmio.c),
 * driven through the bus with a stub device model behind it.
 *
 * Expected behaviour (VIRTIO 1.1, 4.2.2 and 3.1; Linux's and U-Boot's
 * virtio_mmio.c as the drivers):
 *  - MagicValue "virt", Version 2, DeviceID from the model, VendorID
 *    "FRRY"; registers are 32-bit, other widths read 0 and write nothing;
 *  - DeviceFeatures: the model's bits plus VERSION_1 (bit 32) and
 *    INDIRECT_DESC (bit 28), 32 bits at a time by DeviceFeaturesSel;
 *  - FEATURES_OK is refused (reads back clear) unless the driver accepted
 *    VERSION_1 and nothing that was not offered;
 *  - per queue: QueueNumMax (0 past the model's queues), QueueNum must be
 *    a power of two <= QueueNumMax and the rings in RAM for QueueReady to
 *    read 1; set-up registers are ignored while the queue is ready;
 *  - QueueNotify reaches the model only when the device is live
 *    (FEATURES_OK + DRIVER_OK, no NEEDS_RESET) and the queue ready;
 *    DRIVER_OK looks at every ready queue once;
 *  - the IRQ line is high exactly while InterruptStatus != 0;
 *    InterruptACK clears the bits written;
 *  - Status 0 resets the transport, the queues and the model;
 *  - virtio_mmio_broken sets NEEDS_RESET, raises the config interrupt and
 *    stops notifications until reset;
 *  - config space at 0x100: 1/2/4/8-byte little-endian accesses inside
 *    config_size reach the model, others read 0;
 *  - save/load restores registers, queues and the model's state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "virtio_test_driver.h"

#define RAM_SIZE (1ull << 20)
#define QMAX 16
#define DEV_FEATURES ((1ull << 0) | (1ull << 5) | (1ull << 40))

enum {
    R_MAGIC = 0x000, R_VERSION = 0x004, R_DEVICE_ID = 0x008, R_VENDOR = 0x00c, R_DEV_FEAT = 0x010,
    R_DEV_FEAT_SEL = 0x014, R_DRV_FEAT = 0x020, R_DRV_FEAT_SEL = 0x024, R_QSEL = 0x030, R_QNUM_MAX = 0x034,
    R_QNUM = 0x038, R_QREADY = 0x044, R_NOTIFY = 0x050, R_INT_STATUS = 0x060, R_INT_ACK = 0x064,
    R_STATUS = 0x070, R_QDESC_LO = 0x080, R_QDESC_HI = 0x084, R_QDRV_LO = 0x090, R_QDEV_LO = 0x0a0,
    R_SHM_SEL = 0x0ac, R_SHM_LEN_LO = 0x0b0, R_SHM_LEN_HI = 0x0b4, R_GENERATION = 0x0fc,
};

typedef struct Stub {
    uint8_t config[12];
    unsigned notified[8];        /* per queue */
    unsigned resets;
    uint32_t saved_value;
} Stub;

static void stub_config_read(void *dev, uint32_t off, void *buf, unsigned size)
{
    memcpy(buf, ((Stub *)dev)->config + off, size);
}

static void stub_config_write(void *dev, uint32_t off, const void *buf, unsigned size)
{
    memcpy(((Stub *)dev)->config + off, buf, size);
}

static void stub_notify(void *dev, VirtioMmio *t, unsigned q)
{
    (void)t;
    ((Stub *)dev)->notified[q]++;
}

static void stub_reset(void *dev)
{
    ((Stub *)dev)->resets++;
}

static void stub_save(void *dev, SaveBuf *out)
{
    save_tag(out, "STUB", 1);
    save_u32(out, ((Stub *)dev)->saved_value);
}

static bool stub_load(void *dev, SaveBuf *in)
{
    if (!load_tag(in, "STUB", 1))
        return false;
    ((Stub *)dev)->saved_value = load_u32(in);
    return !in->error;
}

static void stub_free(void *dev)
{
    (void)dev;   /* static storage */
}

static const VirtioDeviceOps stub_ops = {
    .name = "stub",
    .device_id = 42,
    .features = DEV_FEATURES,
    .nqueues = 2,
    .queue_max = QMAX,
    .config_size = sizeof ((Stub *)0)->config,
    .config_read = stub_config_read,
    .config_write = stub_config_write,
    .queue_notify = stub_notify,
    .reset = stub_reset,
    .save = stub_save,
    .load = stub_load,
    .free = stub_free,
};

static TestDriver td;
static Stub stub;
static VirtioMmio *t;

static int setup(void **state)
{
    (void)state;
    memset(&stub, 0, sizeof stub);
    for (unsigned i = 0; i < sizeof stub.config; i++)
        stub.config[i] = (uint8_t)(0x10 + i);
    if (!td_init(&td, RAM_SIZE))
        return -1;
    t = virtio_mmio_new(&td.bus, td_irq(&td), &stub_ops, &stub);
    return t && td_attach(&td, t) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    virtio_mmio_free(t);
    td_free(&td);
    return 0;
}

static void test_identity(void **state)
{
    (void)state;
    assert_int_equal(td_reg(&td, R_MAGIC), 0x74726976);
    assert_int_equal(td_reg(&td, R_VERSION), 2);
    assert_int_equal(td_reg(&td, R_DEVICE_ID), 42);
    assert_int_equal(td_reg(&td, R_VENDOR), 0x59525246);   /* "FRRY" */
    assert_int_equal(td_reg(&td, R_GENERATION), 0);
    assert_int_equal(td_reg(&td, R_STATUS), 0);
    assert_int_equal(td_reg(&td, 0x0f0), 0);               /* no register there */
    /* no shared memory regions: length -1 */
    td_set_reg(&td, R_SHM_SEL, 0);
    assert_int_equal(td_reg(&td, R_SHM_LEN_LO), 0xffffffffu);
    assert_int_equal(td_reg(&td, R_SHM_LEN_HI), 0xffffffffu);
}

static void test_registers_are_32_bit(void **state)
{
    (void)state;
    uint64_t v = 1;
    assert_true(bus_mmio_read(&td.bus, TD_MMIO_BASE + R_MAGIC, 2, &v));
    assert_int_equal(v, 0);
    assert_true(bus_mmio_read(&td.bus, TD_MMIO_BASE + R_MAGIC, 8, &v));
    assert_int_equal(v, 0);
    assert_true(bus_mmio_read(&td.bus, TD_MMIO_BASE + R_MAGIC + 1, 1, &v));
    assert_int_equal(v, 0);
    /* a byte write to Status does nothing */
    bus_mmio_write(&td.bus, TD_MMIO_BASE + R_STATUS, 1, VIRTIO_STATUS_ACKNOWLEDGE);
    assert_int_equal(td_reg(&td, R_STATUS), 0);
}

static void test_device_features(void **state)
{
    (void)state;
    td_set_reg(&td, R_DEV_FEAT_SEL, 0);
    assert_int_equal(td_reg(&td, R_DEV_FEAT), (uint32_t)DEV_FEATURES | VIRTIO_RING_F_INDIRECT_DESC);
    td_set_reg(&td, R_DEV_FEAT_SEL, 1);
    assert_int_equal(td_reg(&td, R_DEV_FEAT), (uint32_t)(DEV_FEATURES >> 32) | 1);   /* VERSION_1 = bit 32 */
    td_set_reg(&td, R_DEV_FEAT_SEL, 2);
    assert_int_equal(td_reg(&td, R_DEV_FEAT), 0);
    assert_true(td_device_features(&td) ==
                (DEV_FEATURES | VIRTIO_F_VERSION_1 | VIRTIO_RING_F_INDIRECT_DESC));
}

static void write_driver_features(uint64_t f)
{
    td_set_reg(&td, R_DRV_FEAT_SEL, 1);
    td_set_reg(&td, R_DRV_FEAT, (uint32_t)(f >> 32));
    td_set_reg(&td, R_DRV_FEAT_SEL, 0);
    td_set_reg(&td, R_DRV_FEAT, (uint32_t)f);
}

static const uint32_t AD = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;

static void test_features_ok_needs_version_1(void **state)
{
    (void)state;
    td_set_reg(&td, R_STATUS, AD);
    write_driver_features(1ull << 0);   /* a legacy driver: no VERSION_1 */
    td_set_reg(&td, R_STATUS, AD | VIRTIO_STATUS_FEATURES_OK);
    assert_int_equal(td_reg(&td, R_STATUS), AD);
    write_driver_features(VIRTIO_F_VERSION_1 | (1ull << 0) | (1ull << 40));
    td_set_reg(&td, R_STATUS, AD | VIRTIO_STATUS_FEATURES_OK);
    assert_int_equal(td_reg(&td, R_STATUS), AD | VIRTIO_STATUS_FEATURES_OK);
    assert_true(t->driver_features == (VIRTIO_F_VERSION_1 | (1ull << 0) | (1ull << 40)));
    /* once FEATURES_OK is set the features are frozen */
    write_driver_features(VIRTIO_F_VERSION_1);
    assert_true(t->driver_features == (VIRTIO_F_VERSION_1 | (1ull << 0) | (1ull << 40)));
}

static void test_features_ok_refuses_unoffered_bits(void **state)
{
    (void)state;
    td_set_reg(&td, R_STATUS, AD);
    write_driver_features(VIRTIO_F_VERSION_1 | (1ull << 29));   /* EVENT_IDX: not offered */
    td_set_reg(&td, R_STATUS, AD | VIRTIO_STATUS_FEATURES_OK);
    assert_int_equal(td_reg(&td, R_STATUS) & VIRTIO_STATUS_FEATURES_OK, 0);
    write_driver_features(VIRTIO_F_VERSION_1 | VIRTIO_RING_F_INDIRECT_DESC);
    td_set_reg(&td, R_STATUS, AD | VIRTIO_STATUS_FEATURES_OK);
    assert_int_equal(td_reg(&td, R_STATUS), AD | VIRTIO_STATUS_FEATURES_OK);
}

static void test_queue_setup(void **state)
{
    (void)state;
    assert_true(td_negotiate(&td, 0));
    td_set_reg(&td, R_QSEL, 0);
    assert_int_equal(td_reg(&td, R_QNUM_MAX), QMAX);
    assert_int_equal(td_reg(&td, R_QREADY), 0);
    td_set_reg(&td, R_QSEL, 1);
    assert_int_equal(td_reg(&td, R_QNUM_MAX), QMAX);
    td_set_reg(&td, R_QSEL, 2);                  /* the stub has two queues */
    assert_int_equal(td_reg(&td, R_QNUM_MAX), 0);
    td_set_reg(&td, R_QREADY, 1);
    assert_int_equal(td_reg(&td, R_QREADY), 0);

    assert_true(td_setup_queue(&td, 0, 8, TD_RAM_BASE));
    VirtQueue *q = &t->queue[0];
    assert_int_equal(q->num, 8);
    assert_true(q->desc == td.q[0].desc && q->avail == td.q[0].avail && q->used == td.q[0].used);
    assert_int_equal(td_reg(&td, R_QDESC_LO), (uint32_t)td.q[0].desc);
    assert_int_equal(td_reg(&td, R_QDESC_HI), 0);

    /* set-up registers are ignored while ready */
    td_set_reg(&td, R_QNUM, 4);
    td_set_reg(&td, R_QDESC_LO, 0x1000);
    td_set_reg(&td, R_QDRV_LO, 0x2000);
    td_set_reg(&td, R_QDEV_LO, 0x3000);
    assert_int_equal(q->num, 8);
    assert_true(q->desc == td.q[0].desc && q->avail == td.q[0].avail && q->used == td.q[0].used);

    /* QueueReady 0 takes it down (Linux's del_vq reads back 0) */
    td_set_reg(&td, R_QREADY, 0);
    assert_int_equal(td_reg(&td, R_QREADY), 0);
    td_set_reg(&td, R_QNUM, 4);
    assert_int_equal(q->num, 4);
}

static void test_queue_cannot_be_ready_when_bad(void **state)
{
    (void)state;
    assert_true(td_negotiate(&td, 0));
    td_queue_layout(&td, 0, 8, TD_RAM_BASE);
    td_set_reg(&td, R_QSEL, 0);
    td_set_reg(&td, R_QDESC_LO, (uint32_t)td.q[0].desc);
    td_set_reg(&td, R_QDRV_LO, (uint32_t)td.q[0].avail);
    td_set_reg(&td, R_QDEV_LO, (uint32_t)td.q[0].used);
    static const uint32_t bad_nums[] = { 0, 6, 2 * QMAX, 0x80000000u };
    for (unsigned i = 0; i < sizeof bad_nums / sizeof bad_nums[0]; i++) {
        td_set_reg(&td, R_QNUM, bad_nums[i]);
        td_set_reg(&td, R_QREADY, 1);
        assert_int_equal(td_reg(&td, R_QREADY), 0);
    }
    /* rings outside RAM */
    td_set_reg(&td, R_QNUM, 8);
    td_set_reg(&td, R_QDESC_LO, 0x1000);
    td_set_reg(&td, R_QREADY, 1);
    assert_int_equal(td_reg(&td, R_QREADY), 0);
    td_set_reg(&td, R_QDESC_LO, (uint32_t)td.q[0].desc);
    td_set_reg(&td, R_QDESC_HI, 1);              /* above 4 GiB: not RAM either */
    td_set_reg(&td, R_QREADY, 1);
    assert_int_equal(td_reg(&td, R_QREADY), 0);
    td_set_reg(&td, R_QDESC_HI, 0);
    td_set_reg(&td, R_QREADY, 1);
    assert_int_equal(td_reg(&td, R_QREADY), 1);
}

static void test_notify(void **state)
{
    (void)state;
    assert_true(td_negotiate(&td, 0));
    assert_true(td_setup_queue(&td, 0, 8, TD_RAM_BASE));
    /* before DRIVER_OK the device must not use the queues */
    td_notify(&td, 0);
    assert_int_equal(stub.notified[0], 0);
    td_driver_ok(&td);
    assert_true(virtio_mmio_live(t));
    assert_int_equal(stub.notified[0], 1);      /* DRIVER_OK looks at ready queues */
    assert_int_equal(stub.notified[1], 0);      /* queue 1 is not set up */
    td_notify(&td, 0);
    assert_int_equal(stub.notified[0], 2);
    td_notify(&td, 1);                          /* not ready */
    td_notify(&td, 7);                          /* no such queue */
    assert_int_equal(stub.notified[1], 0);
    assert_int_equal(stub.notified[7], 0);
    assert_non_null(virtio_mmio_queue(t, 0));
    assert_null(virtio_mmio_queue(t, 1));
    assert_null(virtio_mmio_queue(t, 2));
}

static void test_driver_ok_without_features_ok_is_not_live(void **state)
{
    (void)state;
    td_set_reg(&td, R_STATUS, AD | VIRTIO_STATUS_DRIVER_OK);
    assert_false(virtio_mmio_live(t));
    assert_null(virtio_mmio_queue(t, 0));
}

static void test_interrupt_status_and_line(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, 8));
    assert_false(td.irq_level);
    uint64_t buf = td_alloc(&td, 16, 16);
    TdBuf b = { buf, 16, true };
    td_chain(&td, 0, 0, 1, &b);
    VirtqChain c;
    assert_int_equal(virtq_pop(virtio_mmio_queue(t, 0), &td.bus, &c), 1);
    virtio_mmio_complete(t, 0, c.head, 5);
    assert_int_equal(td_used_idx(&td, 0), 1);
    assert_int_equal(td_used_len(&td, 0, 0), 5);
    assert_int_equal(td_reg(&td, R_INT_STATUS), VIRTIO_INT_USED);
    assert_true(td.irq_level);
    assert_int_equal(td.irq_raises, 1);

    virtio_mmio_interrupt(t, VIRTIO_INT_CONFIG);
    assert_int_equal(td_reg(&td, R_INT_STATUS), VIRTIO_INT_USED | VIRTIO_INT_CONFIG);
    td_set_reg(&td, R_INT_ACK, VIRTIO_INT_USED);
    assert_int_equal(td_reg(&td, R_INT_STATUS), VIRTIO_INT_CONFIG);
    assert_true(td.irq_level);                 /* still a bit set */
    td_set_reg(&td, R_INT_ACK, VIRTIO_INT_CONFIG);
    assert_int_equal(td_reg(&td, R_INT_STATUS), 0);
    assert_false(td.irq_level);
}

static void test_no_interrupt_flag_suppresses_irq(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 1, 8));
    td_set_avail_flags(&td, 0, VIRTQ_AVAIL_F_NO_INTERRUPT);
    uint64_t buf = td_alloc(&td, 16, 16);
    TdBuf b = { buf, 16, true };
    td_chain(&td, 0, 0, 1, &b);
    VirtqChain c;
    assert_int_equal(virtq_pop(virtio_mmio_queue(t, 0), &td.bus, &c), 1);
    virtio_mmio_complete(t, 0, c.head, 1);
    assert_int_equal(td_used_idx(&td, 0), 1);
    assert_int_equal(td_reg(&td, R_INT_STATUS), 0);
    assert_false(td.irq_level);
}

static void check_reset_state(unsigned resets_before)
{
    assert_int_equal(td_reg(&td, R_STATUS), 0);
    assert_int_equal(td_reg(&td, R_INT_STATUS), 0);
    assert_false(td.irq_level);
    assert_int_equal(stub.resets, resets_before + 1);
    assert_true(t->driver_features == 0);
    for (unsigned i = 0; i < 2; i++) {
        td_set_reg(&td, R_QSEL, i);
        assert_int_equal(td_reg(&td, R_QREADY), 0);
        assert_int_equal(td_reg(&td, R_QNUM), 0);
        assert_int_equal(td_reg(&td, R_QDESC_LO), 0);
    }
    assert_false(virtio_mmio_live(t));
}

static void test_reset_by_status_zero(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, 8));
    virtio_mmio_interrupt(t, VIRTIO_INT_USED);
    assert_true(td.irq_level);
    unsigned r = stub.resets;
    td_set_reg(&td, R_STATUS, 0);
    check_reset_state(r);
    /* and the driver can come up again */
    assert_true(td_bringup(&td, 0, 2, 8));
    assert_true(virtio_mmio_live(t));
}

static void test_bus_reset(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, 8));
    virtio_mmio_interrupt(t, VIRTIO_INT_CONFIG);
    unsigned r = stub.resets;
    bus_reset(&td.bus);
    check_reset_state(r);
}

static void test_broken(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 2, 8));
    unsigned notified = stub.notified[0];
    virtio_mmio_broken(t, "test: the driver broke the rules");
    assert_true(td_reg(&td, R_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    assert_int_equal(td_reg(&td, R_INT_STATUS), VIRTIO_INT_CONFIG);
    assert_true(td.irq_level);
    assert_false(virtio_mmio_live(t));
    assert_null(virtio_mmio_queue(t, 0));
    td_notify(&td, 0);
    assert_int_equal(stub.notified[0], notified);
    /* the driver cannot clear NEEDS_RESET by writing Status */
    td_set_reg(&td, R_STATUS, td_reg(&td, R_STATUS) & ~VIRTIO_STATUS_NEEDS_RESET);
    assert_true(td_reg(&td, R_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    /* a second report does not raise a second interrupt */
    td_ack(&td);
    virtio_mmio_broken(t, "again");
    assert_int_equal(td_reg(&td, R_INT_STATUS), 0);
    /* reset brings it back */
    td_set_reg(&td, R_STATUS, 0);
    assert_int_equal(td_reg(&td, R_STATUS), 0);
    assert_true(td_bringup(&td, 0, 2, 8));
    assert_true(virtio_mmio_live(t));
}

static void test_config_space(void **state)
{
    (void)state;
    assert_int_equal(td_cfg(&td, 0, 1), 0x10);
    assert_int_equal(td_cfg(&td, 1, 2), 0x1211);
    assert_int_equal(td_cfg(&td, 4, 4), 0x17161514);
    assert_true(td_cfg(&td, 4, 8) == 0x1b1a191817161514ull);
    assert_int_equal(td_cfg(&td, 11, 1), 0x1b);
    /* past config_size: reads 0, writes dropped */
    assert_int_equal(td_cfg(&td, 12, 1), 0);
    assert_int_equal(td_cfg(&td, 10, 4), 0);
    td_set_cfg(&td, 10, 4, 0xffffffff);
    assert_int_equal(stub.config[10], 0x1a);
    td_set_cfg(&td, 2, 2, 0xbeef);
    assert_int_equal(stub.config[2], 0xef);
    assert_int_equal(stub.config[3], 0xbe);
    td_set_cfg(&td, 0, 8, 0x0102030405060708ull);
    assert_int_equal(stub.config[0], 0x08);
    assert_int_equal(stub.config[7], 0x01);
}

static void test_save_load_round_trip(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 1ull << 5, 2, 8));
    uint64_t buf = td_alloc(&td, 16, 16);
    TdBuf b = { buf, 16, true };
    td_chain(&td, 0, 0, 1, &b);
    td_chain(&td, 0, 1, 1, &b);
    VirtqChain c;
    assert_int_equal(virtq_pop(virtio_mmio_queue(t, 0), &td.bus, &c), 1);
    virtio_mmio_complete(t, 0, c.head, 3);
    td_set_reg(&td, R_QSEL, 1);
    stub.saved_value = 0xfeedf00d;

    SaveBuf sb = { 0 };
    virtio_mmio_ops.save(t, &sb);
    assert_false(sb.error);

    /* a second machine: same device, fresh transport */
    static Stub stub2;
    memset(&stub2, 0, sizeof stub2);
    TestDriver td2;
    assert_true(td_init(&td2, RAM_SIZE));
    VirtioMmio *t2 = virtio_mmio_new(&td2.bus, td_irq(&td2), &stub_ops, &stub2);
    assert_non_null(t2);
    assert_true(virtio_mmio_ops.load(t2, &sb));
    assert_int_equal(t2->status, t->status);
    assert_int_equal(t2->int_status, VIRTIO_INT_USED);
    assert_true(t2->driver_features == (VIRTIO_F_VERSION_1 | (1ull << 5)));
    assert_int_equal(t2->queue_sel, 1);
    for (unsigned i = 0; i < 2; i++) {
        assert_int_equal(t2->queue[i].num, t->queue[i].num);
        assert_int_equal(t2->queue[i].ready, t->queue[i].ready);
        assert_true(t2->queue[i].desc == t->queue[i].desc);
        assert_true(t2->queue[i].avail == t->queue[i].avail);
        assert_true(t2->queue[i].used == t->queue[i].used);
        assert_int_equal(t2->queue[i].last_avail, t->queue[i].last_avail);
        assert_int_equal(t2->queue[i].used_idx, t->queue[i].used_idx);
    }
    assert_int_equal(t2->queue[0].last_avail, 1);
    assert_int_equal(t2->queue[0].used_idx, 1);
    assert_int_equal(stub2.saved_value, 0xfeedf00d);
    assert_true(td2.irq_level);                 /* the line follows the restored status */

    /* a damaged snapshot is refused */
    SaveBuf cut = { .data = sb.data, .len = sb.len - 6 };
    assert_false(virtio_mmio_ops.load(t2, &cut));
    SaveBuf bad = { 0 };
    save_put(&bad, sb.data, sb.len);
    bad.data[8] ^= 1;                           /* device id */
    assert_false(virtio_mmio_ops.load(t2, &bad));
    savebuf_free(&bad);

    savebuf_free(&sb);
    virtio_mmio_free(t2);
    td_free(&td2);
}

static void test_load_rejects_impossible_queue(void **state)
{
    (void)state;
    assert_true(td_bringup(&td, 0, 1, 8));
    t->queue[0].num = 3;                        /* as if the snapshot were corrupt */
    SaveBuf sb = { 0 };
    virtio_mmio_ops.save(t, &sb);
    t->queue[0].num = 8;
    assert_false(virtio_mmio_ops.load(t, &sb));
    assert_int_equal(t->queue[0].num, 8);      /* state left as it was */
    savebuf_free(&sb);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_identity),
        T(test_registers_are_32_bit),
        T(test_device_features),
        T(test_features_ok_needs_version_1),
        T(test_features_ok_refuses_unoffered_bits),
        T(test_queue_setup),
        T(test_queue_cannot_be_ready_when_bad),
        T(test_notify),
        T(test_driver_ok_without_features_ok_is_not_live),
        T(test_interrupt_status_and_line),
        T(test_no_interrupt_flag_suppresses_irq),
        T(test_reset_by_status_zero),
        T(test_bus_reset),
        T(test_broken),
        T(test_config_space),
        T(test_save_load_round_trip),
        T(test_load_rejects_impossible_queue),
    };
    return cmocka_run_group_tests_name("virtio_mmio", tests, NULL, NULL);
}
