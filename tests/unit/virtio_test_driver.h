/*
 * ferry - a tiny virtio driver for the unit tests: guest RAM in a host
 * buffer registered on a Bus, split rings laid out in it, descriptor and
 * avail-ring writers, used-ring readers, and the virtio-mmio bring-up
 * sequence Linux's virtio_mmio.c performs (reset, ACKNOWLEDGE, DRIVER,
 * features high/low, FEATURES_OK read back, per queue: select, check not
 * ready, QueueNumMax, QueueNum, the three addresses, QueueReady, then
 * DRIVER_OK).
 */
#ifndef FERRY_VIRTIO_TEST_DRIVER_H
#define FERRY_VIRTIO_TEST_DRIVER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../devices/bus.h"
#include "../../devices/virtio_mmio.h"
#include "../../devices/virtqueue.h"

#define TD_RAM_BASE 0x80000000ull
#define TD_MMIO_BASE 0x10001000ull
#define TD_MAX_QUEUES 8

typedef struct TdQueue {
    uint32_t num;
    uint64_t desc, avail, used;
    uint16_t avail_idx;          /* driver's next avail->idx */
} TdQueue;

typedef struct TestDriver {
    Bus bus;
    uint8_t *ram;
    uint64_t ram_size;
    uint64_t brk;                /* bump allocator for buffers, guest physical */
    TdQueue q[TD_MAX_QUEUES];
    bool irq_level;
    unsigned irq_raises;         /* low -> high transitions */
} TestDriver;

static inline void td_irq_set(void *opaque, unsigned line, bool level)
{
    TestDriver *td = opaque;
    (void)line;
    if (level && !td->irq_level)
        td->irq_raises++;
    td->irq_level = level;
}

static inline IrqLine td_irq(TestDriver *td)
{
    return (IrqLine){ .set = td_irq_set, .opaque = td, .line = 1 };
}

/* RAM at TD_RAM_BASE; buffers are allocated from its second half, rings
 * are placed by the test (anywhere in the first half). */
static inline bool td_init(TestDriver *td, uint64_t ram_size)
{
    memset(td, 0, sizeof *td);
    td->ram = aligned_alloc(4096, ram_size);
    if (!td->ram)
        return false;
    memset(td->ram, 0, ram_size);
    td->ram_size = ram_size;
    td->brk = TD_RAM_BASE + ram_size / 2;
    return bus_add_ram(&td->bus, "ram", TD_RAM_BASE, ram_size, td->ram);
}

static inline void td_free(TestDriver *td)
{
    free(td->ram);
    td->ram = NULL;
}

static inline uint8_t *td_host(TestDriver *td, uint64_t gpa)
{
    return td->ram + (gpa - TD_RAM_BASE);
}

static inline uint64_t td_alloc(TestDriver *td, uint64_t size, uint64_t align)
{
    uint64_t a = (td->brk + align - 1) & ~(align - 1);
    td->brk = a + size;
    return a;
}

/* little-endian guest memory access */
static inline void td_wr(TestDriver *td, uint64_t gpa, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        td_host(td, gpa)[i] = (uint8_t)(v >> (8 * i));
}

static inline uint64_t td_rd(TestDriver *td, uint64_t gpa, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)td_host(td, gpa)[i] << (8 * i);
    return v;
}

/* Lay out queue qi's rings at `at` (16-aligned): desc, avail, used. */
static inline TdQueue *td_queue_layout(TestDriver *td, unsigned qi, uint32_t num, uint64_t at)
{
    TdQueue *q = &td->q[qi];
    q->num = num;
    q->desc = at;
    q->avail = at + 16ull * num;
    q->used = (q->avail + 6 + 2ull * num + 3) & ~3ull;
    q->avail_idx = 0;
    /* fresh rings, as a driver allocates them: both idx fields 0 */
    memset(td_host(td, q->desc), 0, q->used + 6 + 8ull * num - q->desc);
    return q;
}

/* A VirtQueue as the transport would set it up for this layout. */
static inline VirtQueue td_virtqueue(const TdQueue *q)
{
    return (VirtQueue){ .num = q->num, .ready = true, .desc = q->desc, .avail = q->avail, .used = q->used };
}

static inline void td_desc_at(TestDriver *td, uint64_t table, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
                              uint16_t next)
{
    uint64_t d = table + 16ull * i;
    td_wr(td, d, addr, 8);
    td_wr(td, d + 8, len, 4);
    td_wr(td, d + 12, flags, 2);
    td_wr(td, d + 14, next, 2);
}

static inline void td_desc(TestDriver *td, unsigned qi, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
                           uint16_t next)
{
    td_desc_at(td, td->q[qi].desc, i, addr, len, flags, next);
}

/* Put `head` in the avail ring and publish it. */
static inline void td_post(TestDriver *td, unsigned qi, uint16_t head)
{
    TdQueue *q = &td->q[qi];
    td_wr(td, q->avail + 4 + 2ull * (q->avail_idx % q->num), head, 2);
    q->avail_idx++;
    td_wr(td, q->avail + 2, q->avail_idx, 2);
}

static inline void td_set_avail_flags(TestDriver *td, unsigned qi, uint16_t flags)
{
    td_wr(td, td->q[qi].avail, flags, 2);
}

static inline uint16_t td_used_idx(TestDriver *td, unsigned qi)
{
    return (uint16_t)td_rd(td, td->q[qi].used + 2, 2);
}

/* used ring element i (mod num): id and len */
static inline uint32_t td_used_id(TestDriver *td, unsigned qi, unsigned i)
{
    return (uint32_t)td_rd(td, td->q[qi].used + 4 + 8ull * (i % td->q[qi].num), 4);
}

static inline uint32_t td_used_len(TestDriver *td, unsigned qi, unsigned i)
{
    return (uint32_t)td_rd(td, td->q[qi].used + 8 + 8ull * (i % td->q[qi].num), 4);
}

typedef struct TdBuf {
    uint64_t addr;
    uint32_t len;
    bool write;                  /* device-writable */
} TdBuf;

/* Write bufs as a NEXT-linked chain in descriptors first..first+n-1 and
 * post it; returns the head. */
static inline uint16_t td_chain(TestDriver *td, unsigned qi, unsigned first, unsigned n, const TdBuf *bufs)
{
    for (unsigned i = 0; i < n; i++) {
        uint16_t flags = (uint16_t)((bufs[i].write ? VIRTQ_DESC_F_WRITE : 0) | (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
        td_desc(td, qi, first + i, bufs[i].addr, bufs[i].len, flags, (uint16_t)(first + i + 1));
    }
    td_post(td, qi, (uint16_t)first);
    return (uint16_t)first;
}

/* ---- the transport, through the bus ---- */

static inline bool td_attach(TestDriver *td, VirtioMmio *t)
{
    return bus_add_mmio(&td->bus, TD_MMIO_BASE, VIRTIO_MMIO_SIZE, &virtio_mmio_ops, t);
}

static inline uint32_t td_reg(TestDriver *td, uint64_t off)
{
    uint64_t v = 0;
    bus_mmio_read(&td->bus, TD_MMIO_BASE + off, 4, &v);
    return (uint32_t)v;
}

static inline void td_set_reg(TestDriver *td, uint64_t off, uint32_t v)
{
    bus_mmio_write(&td->bus, TD_MMIO_BASE + off, 4, v);
}

static inline uint64_t td_cfg(TestDriver *td, uint64_t off, unsigned size)
{
    uint64_t v = 0;
    bus_mmio_read(&td->bus, TD_MMIO_BASE + 0x100 + off, size, &v);
    return v;
}

static inline void td_set_cfg(TestDriver *td, uint64_t off, unsigned size, uint64_t v)
{
    bus_mmio_write(&td->bus, TD_MMIO_BASE + 0x100 + off, size, v);
}

static inline uint64_t td_device_features(TestDriver *td)
{
    td_set_reg(td, 0x014, 1);
    uint64_t f = (uint64_t)td_reg(td, 0x010) << 32;
    td_set_reg(td, 0x014, 0);
    return f | td_reg(td, 0x010);
}

/* Negotiate: accept offered & want (plus VERSION_1); false when the
 * device refuses FEATURES_OK. */
static inline bool td_negotiate(TestDriver *td, uint64_t want)
{
    td_set_reg(td, 0x070, 0);
    td_set_reg(td, 0x070, VIRTIO_STATUS_ACKNOWLEDGE);
    td_set_reg(td, 0x070, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    uint64_t f = td_device_features(td) & (want | VIRTIO_F_VERSION_1);
    td_set_reg(td, 0x024, 1);
    td_set_reg(td, 0x020, (uint32_t)(f >> 32));
    td_set_reg(td, 0x024, 0);
    td_set_reg(td, 0x020, (uint32_t)f);
    td_set_reg(td, 0x070, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
    return (td_reg(td, 0x070) & VIRTIO_STATUS_FEATURES_OK) != 0;
}

/* Set up queue qi with `num` entries at `at` through the registers;
 * returns QueueReady as read back. */
static inline bool td_setup_queue(TestDriver *td, unsigned qi, uint32_t num, uint64_t at)
{
    TdQueue *q = td_queue_layout(td, qi, num, at);
    td_set_reg(td, 0x030, qi);
    if (td_reg(td, 0x044) != 0 || td_reg(td, 0x034) < num)
        return false;
    td_set_reg(td, 0x038, num);
    td_set_reg(td, 0x080, (uint32_t)q->desc);
    td_set_reg(td, 0x084, (uint32_t)(q->desc >> 32));
    td_set_reg(td, 0x090, (uint32_t)q->avail);
    td_set_reg(td, 0x094, (uint32_t)(q->avail >> 32));
    td_set_reg(td, 0x0a0, (uint32_t)q->used);
    td_set_reg(td, 0x0a4, (uint32_t)(q->used >> 32));
    td_set_reg(td, 0x044, 1);
    return td_reg(td, 0x044) == 1;
}

static inline void td_driver_ok(TestDriver *td)
{
    td_set_reg(td, 0x070, td_reg(td, 0x070) | VIRTIO_STATUS_DRIVER_OK);
}

/* The whole bring-up: nq queues of `num` entries, 64 KiB apart from RAM
 * base. */
static inline bool td_bringup(TestDriver *td, uint64_t want, unsigned nq, uint32_t num)
{
    if (!td_negotiate(td, want))
        return false;
    for (unsigned i = 0; i < nq; i++)
        if (!td_setup_queue(td, i, num, TD_RAM_BASE + 0x10000ull * i))
            return false;
    td_driver_ok(td);
    return (td_reg(td, 0x070) & VIRTIO_STATUS_DRIVER_OK) != 0;
}

static inline void td_notify(TestDriver *td, unsigned qi)
{
    td_set_reg(td, 0x050, qi);
}

/* What the driver's interrupt handler does: read and acknowledge. */
static inline uint32_t td_ack(TestDriver *td)
{
    uint32_t s = td_reg(td, 0x060);
    td_set_reg(td, 0x064, s);
    return s;
}

#endif
