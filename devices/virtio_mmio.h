/*
 * The virtio-mmio transport, version 2 only (VIRTIO 1.1, section 4.2.2; the
 * legacy version-1 layout is not offered, because Linux's virtio-gpu and
 * virtio-input drivers refuse it). One VirtioMmio wraps one device model,
 * which supplies its id, features, queues and config space through
 * VirtioDeviceOps. VIRTIO_F_VERSION_1 is always offered; a driver that does
 * not accept it cannot set FEATURES_OK. VIRTIO_RING_F_INDIRECT_DESC is
 * offered for every device too (virtqueue.c handles indirect tables).
 * VendorID reads "FRRY" (0x59525246).
 */
#ifndef FERRY_VIRTIO_MMIO_H
#define FERRY_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "bus.h"
#include "device.h"
#include "virtqueue.h"

#define VIRTIO_MMIO_SIZE 0x1000      /* stride between transports on virt */
#define VIRTIO_MMIO_MAX_QUEUES 8
#define VIRTIO_F_VERSION_1 (1ull << 32)

/* device status bits */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 0x40
#define VIRTIO_STATUS_FAILED 0x80

/* interrupt status bits */
#define VIRTIO_INT_USED 1
#define VIRTIO_INT_CONFIG 2

enum { VIRTIO_ID_NET = 1, VIRTIO_ID_BLOCK = 2, VIRTIO_ID_CONSOLE = 3, VIRTIO_ID_GPU = 16, VIRTIO_ID_INPUT = 18 };

typedef struct VirtioMmio VirtioMmio;

typedef struct VirtioDeviceOps {
    const char *name;
    uint32_t device_id;
    uint64_t features;         /* device-specific bits offered (VERSION_1, INDIRECT_DESC added) */
    unsigned nqueues;
    uint32_t queue_max;        /* QueueNumMax, a power of two <= VIRTQ_MAX_SIZE */
    uint32_t config_size;      /* bytes of config space at 0x100 */
    /* config space access; off + size <= config_size is guaranteed */
    void (*config_read)(void *dev, uint32_t off, void *buf, unsigned size);
    void (*config_write)(void *dev, uint32_t off, const void *buf, unsigned size);
    /* the driver made buffers available on queue q (QueueNotify) */
    void (*queue_notify)(void *dev, VirtioMmio *t, unsigned q);
    /* device reset (status written 0); queues are reset by the transport */
    void (*reset)(void *dev);
    void (*save)(void *dev, SaveBuf *out);
    bool (*load)(void *dev, SaveBuf *in);
    void (*free)(void *dev);
} VirtioDeviceOps;

struct VirtioMmio {
    const Bus *bus;
    IrqLine irq;
    const VirtioDeviceOps *ops;
    void *dev;
    uint32_t status;
    uint32_t int_status;
    uint32_t dev_features_sel, drv_features_sel;
    uint64_t driver_features;
    uint32_t queue_sel;
    uint32_t config_generation;
    VirtQueue queue[VIRTIO_MMIO_MAX_QUEUES];
};

VirtioMmio *virtio_mmio_new(const Bus *bus, IrqLine irq, const VirtioDeviceOps *ops, void *dev);
/* Frees the device model too (ops->free). */
void virtio_mmio_free(VirtioMmio *t);
extern const DeviceOps virtio_mmio_ops;

/* Has the driver finished set-up (DRIVER_OK, not NEEDS_RESET)? */
bool virtio_mmio_live(const VirtioMmio *t);
/* Queue q, when the driver has made it ready and its rings are in RAM, and
 * the device is live (NULL otherwise: the device must not touch it). */
VirtQueue *virtio_mmio_queue(VirtioMmio *t, unsigned q);
/* Raise VIRTIO_INT_USED / VIRTIO_INT_CONFIG. */
void virtio_mmio_interrupt(VirtioMmio *t, uint32_t bits);
/* Push a used chain and interrupt when the driver wants it. */
void virtio_mmio_complete(VirtioMmio *t, unsigned q, uint16_t head, uint32_t written);
/* The driver broke the rules on a queue: set NEEDS_RESET, tell the driver
 * (config interrupt), and stop using the device until it is reset. */
void virtio_mmio_broken(VirtioMmio *t, const char *why);

#endif
