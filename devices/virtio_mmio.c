/*
 * The virtio-mmio transport, version 2 (VIRTIO 1.1, 4.2.2); see
 * virtio_mmio.h. It owns the registers, feature negotiation, the queues'
 * set-up and the interrupt status; the device model behind it sees only
 * queue notifications and config-space accesses.
 *
 * The drivers it must satisfy are Linux's and U-Boot's virtio_mmio.c: both
 * reset by writing Status 0, read DeviceFeatures high then low half, write
 * DriverFeatures the same way, set FEATURES_OK and read it back, then per
 * queue: QueueSel, check QueueReady is 0, read QueueNumMax, write QueueNum
 * and the three ring addresses, QueueReady 1. They read 64-bit config
 * fields as two 32-bit reads.
 */
#include "virtio_mmio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    REG_MAGIC = 0x000,
    REG_VERSION = 0x004,
    REG_DEVICE_ID = 0x008,
    REG_VENDOR_ID = 0x00c,
    REG_DEVICE_FEATURES = 0x010,
    REG_DEVICE_FEATURES_SEL = 0x014,
    REG_DRIVER_FEATURES = 0x020,
    REG_DRIVER_FEATURES_SEL = 0x024,
    REG_QUEUE_SEL = 0x030,
    REG_QUEUE_NUM_MAX = 0x034,
    REG_QUEUE_NUM = 0x038,
    REG_QUEUE_READY = 0x044,
    REG_QUEUE_NOTIFY = 0x050,
    REG_INTERRUPT_STATUS = 0x060,
    REG_INTERRUPT_ACK = 0x064,
    REG_STATUS = 0x070,
    REG_QUEUE_DESC_LOW = 0x080,
    REG_QUEUE_DESC_HIGH = 0x084,
    REG_QUEUE_DRIVER_LOW = 0x090,
    REG_QUEUE_DRIVER_HIGH = 0x094,
    REG_QUEUE_DEVICE_LOW = 0x0a0,
    REG_QUEUE_DEVICE_HIGH = 0x0a4,
    REG_SHM_SEL = 0x0ac,
    REG_SHM_LEN_LOW = 0x0b0,
    REG_SHM_LEN_HIGH = 0x0b4,
    REG_SHM_BASE_LOW = 0x0b8,
    REG_SHM_BASE_HIGH = 0x0bc,
    REG_CONFIG_GENERATION = 0x0fc,
    REG_CONFIG = 0x100,
};

#define VIRTIO_MMIO_MAGIC 0x74726976u   /* "virt" */
/* "FRRY" read as a little-endian word: U-Boot prints an mmio vendor id
 * as a 4-character string */
#define VIRTIO_MMIO_VENDOR 0x59525246u

static uint64_t offered_features(const VirtioMmio *t)
{
    return t->ops->features | VIRTIO_F_VERSION_1 | VIRTIO_RING_F_INDIRECT_DESC;
}

static void update_irq(VirtioMmio *t)
{
    irq_set(&t->irq, t->int_status != 0);
}

static VirtQueue *selected_queue(VirtioMmio *t)
{
    return t->queue_sel < t->ops->nqueues ? &t->queue[t->queue_sel] : NULL;
}

static void device_reset(VirtioMmio *t)
{
    t->status = 0;
    t->int_status = 0;
    t->dev_features_sel = t->drv_features_sel = 0;
    t->driver_features = 0;
    t->queue_sel = 0;
    memset(t->queue, 0, sizeof t->queue);
    if (t->ops->reset)
        t->ops->reset(t->dev);
    update_irq(t);
}

VirtioMmio *virtio_mmio_new(const Bus *bus, IrqLine irq, const VirtioDeviceOps *ops, void *dev)
{
    if (!ops || ops->nqueues > VIRTIO_MMIO_MAX_QUEUES)
        return NULL;
    VirtioMmio *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->bus = bus;
    t->irq = irq;
    t->ops = ops;
    t->dev = dev;
    return t;
}

void virtio_mmio_free(VirtioMmio *t)
{
    if (!t)
        return;
    if (t->ops->free)
        t->ops->free(t->dev);
    free(t);
}

bool virtio_mmio_live(const VirtioMmio *t)
{
    const uint32_t need = VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK;
    return (t->status & need) == need && !(t->status & (VIRTIO_STATUS_NEEDS_RESET | VIRTIO_STATUS_FAILED));
}

VirtQueue *virtio_mmio_queue(VirtioMmio *t, unsigned q)
{
    if (q >= t->ops->nqueues || !virtio_mmio_live(t))
        return NULL;
    VirtQueue *vq = &t->queue[q];
    return vq->ready && virtq_rings_ok(vq, t->bus) ? vq : NULL;
}

void virtio_mmio_interrupt(VirtioMmio *t, uint32_t bits)
{
    t->int_status |= bits & (VIRTIO_INT_USED | VIRTIO_INT_CONFIG);
    update_irq(t);
}

void virtio_mmio_complete(VirtioMmio *t, unsigned q, uint16_t head, uint32_t written)
{
    if (q >= t->ops->nqueues)
        return;
    VirtQueue *vq = &t->queue[q];
    virtq_push(vq, t->bus, head, written);
    if (virtq_should_notify(vq, t->bus))
        virtio_mmio_interrupt(t, VIRTIO_INT_USED);
}

void virtio_mmio_broken(VirtioMmio *t, const char *why)
{
    if (t->status & VIRTIO_STATUS_NEEDS_RESET)
        return;
    fprintf(stderr, "ferry: %s: %s; device needs reset\n", t->ops->name, why);
    t->status |= VIRTIO_STATUS_NEEDS_RESET;
    virtio_mmio_interrupt(t, VIRTIO_INT_CONFIG);
}

/* ---- registers ---- */

static uint64_t config_read(VirtioMmio *t, uint64_t off, unsigned size)
{
    uint8_t b[8] = { 0 };
    if (off + size > t->ops->config_size || !t->ops->config_read)
        return 0;
    t->ops->config_read(t->dev, (uint32_t)off, b, size);
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)b[i] << (8 * i);    /* config space is little-endian */
    return v;
}

static void config_write(VirtioMmio *t, uint64_t off, unsigned size, uint64_t value)
{
    uint8_t b[8];
    if (off + size > t->ops->config_size || !t->ops->config_write)
        return;
    for (unsigned i = 0; i < size; i++)
        b[i] = (uint8_t)(value >> (8 * i));
    t->ops->config_write(t->dev, (uint32_t)off, b, size);
}

static uint64_t mmio_read(void *opaque, uint64_t offset, unsigned size)
{
    VirtioMmio *t = opaque;
    if (offset >= REG_CONFIG)
        return config_read(t, offset - REG_CONFIG, size);
    if (size != 4 || (offset & 3))
        return 0;                        /* registers are 32-bit only */
    VirtQueue *q = selected_queue(t);
    switch (offset) {
    case REG_MAGIC: return VIRTIO_MMIO_MAGIC;
    case REG_VERSION: return 2;
    case REG_DEVICE_ID: return t->ops->device_id;
    case REG_VENDOR_ID: return VIRTIO_MMIO_VENDOR;
    case REG_DEVICE_FEATURES:
        return t->dev_features_sel < 2 ? (uint32_t)(offered_features(t) >> (32 * t->dev_features_sel)) : 0;
    case REG_QUEUE_NUM_MAX: return q ? t->ops->queue_max : 0;
    case REG_QUEUE_NUM: return q ? q->num : 0;
    case REG_QUEUE_READY: return q ? q->ready : 0;
    case REG_INTERRUPT_STATUS: return t->int_status;
    case REG_STATUS: return t->status;
    case REG_QUEUE_DESC_LOW: return q ? (uint32_t)q->desc : 0;
    case REG_QUEUE_DESC_HIGH: return q ? (uint32_t)(q->desc >> 32) : 0;
    case REG_QUEUE_DRIVER_LOW: return q ? (uint32_t)q->avail : 0;
    case REG_QUEUE_DRIVER_HIGH: return q ? (uint32_t)(q->avail >> 32) : 0;
    case REG_QUEUE_DEVICE_LOW: return q ? (uint32_t)q->used : 0;
    case REG_QUEUE_DEVICE_HIGH: return q ? (uint32_t)(q->used >> 32) : 0;
    /* no shared memory regions: a length of -1 says "no such region" */
    case REG_SHM_LEN_LOW:
    case REG_SHM_LEN_HIGH:
    case REG_SHM_BASE_LOW:
    case REG_SHM_BASE_HIGH: return 0xffffffffu;
    case REG_CONFIG_GENERATION: return t->config_generation;
    default: return 0;
    }
}

static void set_half(uint64_t *r, bool high, uint32_t v)
{
    *r = high ? (*r & 0xffffffffull) | (uint64_t)v << 32 : (*r & ~0xffffffffull) | v;
}

static void queue_ready_write(VirtioMmio *t, VirtQueue *q, uint32_t value)
{
    if (!(value & 1)) {
        q->ready = false;
        return;
    }
    if (q->ready)
        return;
    uint32_t n = q->num;
    /* a size the device cannot use, or rings outside RAM: the queue stays
     * not ready, which the driver can read back */
    if (n == 0 || n > t->ops->queue_max || (n & (n - 1)) || !virtq_rings_ok(q, t->bus))
        return;
    /* a newly enabled queue starts empty: the driver's idx fields are 0 */
    q->last_avail = q->used_idx = 0;
    q->ready = true;
}

static void status_write(VirtioMmio *t, uint32_t value)
{
    if (value == 0) {
        device_reset(t);
        return;
    }
    uint32_t old = t->status;
    /* NEEDS_RESET belongs to the device: the driver can neither set nor clear it */
    uint32_t v = (value & 0xff & ~VIRTIO_STATUS_NEEDS_RESET) | (old & VIRTIO_STATUS_NEEDS_RESET);
    if ((v & VIRTIO_STATUS_FEATURES_OK) && !(old & VIRTIO_STATUS_FEATURES_OK)) {
        uint64_t f = t->driver_features;
        if (!(f & VIRTIO_F_VERSION_1) || (f & ~offered_features(t)))
            v &= ~VIRTIO_STATUS_FEATURES_OK;   /* refused: reads back clear */
    }
    t->status = v;
    /* buffers a driver queued before DRIVER_OK could not be used then
     * (VIRTIO 1.1 3.1.2); look at every queue now */
    if (!(old & VIRTIO_STATUS_DRIVER_OK) && virtio_mmio_live(t) && t->ops->queue_notify)
        for (unsigned i = 0; i < t->ops->nqueues; i++)
            if (virtio_mmio_queue(t, i))
                t->ops->queue_notify(t->dev, t, i);
}

static void mmio_write(void *opaque, uint64_t offset, unsigned size, uint64_t value)
{
    VirtioMmio *t = opaque;
    if (offset >= REG_CONFIG) {
        config_write(t, offset - REG_CONFIG, size, value);
        return;
    }
    if (size != 4 || (offset & 3))
        return;
    uint32_t v = (uint32_t)value;
    VirtQueue *q = selected_queue(t);
    /* queue set-up registers are frozen while the queue is ready */
    VirtQueue *setup = q && !q->ready ? q : NULL;
    switch (offset) {
    case REG_DEVICE_FEATURES_SEL: t->dev_features_sel = v; break;
    case REG_DRIVER_FEATURES:
        if (!(t->status & VIRTIO_STATUS_FEATURES_OK) && t->drv_features_sel < 2)
            set_half(&t->driver_features, t->drv_features_sel == 1, v);
        break;
    case REG_DRIVER_FEATURES_SEL: t->drv_features_sel = v; break;
    case REG_QUEUE_SEL: t->queue_sel = v; break;
    case REG_QUEUE_NUM:
        if (setup)
            setup->num = v;
        break;
    case REG_QUEUE_READY:
        if (q)
            queue_ready_write(t, q, v);
        break;
    case REG_QUEUE_NOTIFY:
        if (v < t->ops->nqueues && t->ops->queue_notify && virtio_mmio_queue(t, v))
            t->ops->queue_notify(t->dev, t, v);
        break;
    case REG_INTERRUPT_ACK:
        t->int_status &= ~v;
        update_irq(t);
        break;
    case REG_STATUS: status_write(t, v); break;
    case REG_QUEUE_DESC_LOW:
    case REG_QUEUE_DESC_HIGH:
        if (setup)
            set_half(&setup->desc, offset == REG_QUEUE_DESC_HIGH, v);
        break;
    case REG_QUEUE_DRIVER_LOW:
    case REG_QUEUE_DRIVER_HIGH:
        if (setup)
            set_half(&setup->avail, offset == REG_QUEUE_DRIVER_HIGH, v);
        break;
    case REG_QUEUE_DEVICE_LOW:
    case REG_QUEUE_DEVICE_HIGH:
        if (setup)
            set_half(&setup->used, offset == REG_QUEUE_DEVICE_HIGH, v);
        break;
    default: break;
    }
}

/* ---- saved state ---- */

static void mmio_save(void *opaque, SaveBuf *out)
{
    VirtioMmio *t = opaque;
    save_tag(out, "VMIO", 1);
    save_u32(out, t->ops->device_id);
    save_u32(out, t->status);
    save_u32(out, t->int_status);
    save_u32(out, t->dev_features_sel);
    save_u32(out, t->drv_features_sel);
    save_u64(out, t->driver_features);
    save_u32(out, t->queue_sel);
    save_u32(out, t->config_generation);
    save_u32(out, t->ops->nqueues);
    for (unsigned i = 0; i < t->ops->nqueues; i++) {
        const VirtQueue *q = &t->queue[i];
        save_u32(out, q->num);
        save_u32(out, q->ready);
        save_u64(out, q->desc);
        save_u64(out, q->avail);
        save_u64(out, q->used);
        save_u32(out, q->last_avail);
        save_u32(out, q->used_idx);
    }
    if (t->ops->save)
        t->ops->save(t->dev, out);
}

static bool mmio_load(void *opaque, SaveBuf *in)
{
    VirtioMmio *t = opaque;
    VirtioMmio s = *t;   /* load into a copy; commit only a consistent state */
    if (!load_tag(in, "VMIO", 1) || load_u32(in) != t->ops->device_id)
        return false;
    s.status = load_u32(in);
    s.int_status = load_u32(in) & (VIRTIO_INT_USED | VIRTIO_INT_CONFIG);
    s.dev_features_sel = load_u32(in);
    s.drv_features_sel = load_u32(in);
    s.driver_features = load_u64(in);
    s.queue_sel = load_u32(in);
    s.config_generation = load_u32(in);
    if (load_u32(in) != t->ops->nqueues)
        return false;
    for (unsigned i = 0; i < t->ops->nqueues; i++) {
        VirtQueue *q = &s.queue[i];
        q->num = load_u32(in);
        q->ready = load_u32(in) != 0;
        q->desc = load_u64(in);
        q->avail = load_u64(in);
        q->used = load_u64(in);
        q->last_avail = (uint16_t)load_u32(in);
        q->used_idx = (uint16_t)load_u32(in);
        /* a ready queue must have a size this device accepts */
        if (q->ready && (q->num == 0 || q->num > t->ops->queue_max || (q->num & (q->num - 1))))
            in->error = true;
    }
    if (in->error)
        return false;
    *t = s;
    bool ok = t->ops->load ? t->ops->load(t->dev, in) : true;
    update_irq(t);
    return ok && !in->error;
}

static void mmio_reset(void *opaque)
{
    device_reset(opaque);
}

const DeviceOps virtio_mmio_ops = {
    .name = "virtio-mmio",
    .read = mmio_read,
    .write = mmio_write,
    .reset = mmio_reset,
    .save = mmio_save,
    .load = mmio_load,
};
