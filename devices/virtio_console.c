/*
 * virtio-console with one port and no optional features (VIRTIO 1.1, 5.3);
 * see virtio_console.h. Transmit buffers go to the output callback as soon
 * as the driver notifies (Linux's hvc path spins until they come back);
 * receive buffers wait in the ring until the board has input for them.
 */
#include "virtio_console.h"

#include <stdlib.h>
#include <string.h>

enum { Q_RX = 0, Q_TX = 1 };
#define QUEUE_MAX 128
#define CONFIG_BYTES 12   /* cols, rows, max_nr_ports, emerg_wr: unused without features */

typedef struct VirtioConsole {
    void (*out)(void *opaque, const uint8_t *data, size_t len);
    void *out_opaque;
    VirtqChain chain;
} VirtioConsole;

static void con_config_read(void *dev, uint32_t off, void *buf, unsigned size)
{
    (void)dev;
    (void)off;
    memset(buf, 0, size);
}

static void con_transmit(VirtioConsole *c, VirtioMmio *t)
{
    VirtQueue *vq = virtio_mmio_queue(t, Q_TX);
    while (vq) {
        int r = virtq_pop(vq, t->bus, &c->chain);
        if (r == 0)
            return;
        if (r < 0) {
            virtio_mmio_broken(t, "bad descriptor chain on the transmit queue");
            return;
        }
        for (unsigned i = 0; i < c->chain.nread; i++)
            if (c->out)
                c->out(c->out_opaque, c->chain.seg[i].host, c->chain.seg[i].len);
        virtio_mmio_complete(t, Q_TX, c->chain.head, 0);
    }
}

static void con_queue_notify(void *dev, VirtioMmio *t, unsigned q)
{
    /* new receive buffers need no action: the board offers its pending
     * input again through virtio_console_receive */
    if (q == Q_TX)
        con_transmit(dev, t);
}

size_t virtio_console_receive(VirtioMmio *t, const uint8_t *data, size_t len)
{
    VirtioConsole *c = t->dev;
    VirtQueue *vq = virtio_mmio_queue(t, Q_RX);
    size_t done = 0;
    while (vq && done < len) {
        int r = virtq_pop(vq, t->bus, &c->chain);
        if (r == 0)
            break;
        if (r < 0) {
            virtio_mmio_broken(t, "bad descriptor chain on the receive queue");
            break;
        }
        size_t n = virtq_write(&c->chain, 0, data + done, len - done);
        virtio_mmio_complete(t, Q_RX, c->chain.head, (uint32_t)n);
        done += n;
    }
    return done;
}

static void con_reset(void *dev)
{
    (void)dev;
}

static void con_save(void *dev, SaveBuf *out)
{
    (void)dev;
    save_tag(out, "VCON", 1);
}

static bool con_load(void *dev, SaveBuf *in)
{
    (void)dev;
    return load_tag(in, "VCON", 1);
}

static const VirtioDeviceOps console_ops = {
    .name = "virtio-console",
    .device_id = VIRTIO_ID_CONSOLE,
    .features = 0,
    .nqueues = 2,
    .queue_max = QUEUE_MAX,
    .config_size = CONFIG_BYTES,
    .config_read = con_config_read,
    .queue_notify = con_queue_notify,
    .reset = con_reset,
    .save = con_save,
    .load = con_load,
    .free = free,
};

VirtioMmio *virtio_console_create(const Bus *bus, IrqLine irq, void (*out)(void *opaque, const uint8_t *data,
                                                                          size_t len),
                                  void *out_opaque)
{
    VirtioConsole *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->out = out;
    c->out_opaque = out_opaque;
    VirtioMmio *t = virtio_mmio_new(bus, irq, &console_ops, c);
    if (!t)
        free(c);
    return t;
}
