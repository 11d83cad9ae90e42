/*
 * Split virtqueues (VIRTIO 1.1, section 2.6) as a device sees them. Every
 * address the driver gives is checked against guest RAM through the bus
 * before it is touched, and a descriptor chain is rejected (virtq_pop returns
 * -1) when it points outside RAM, names a descriptor index past the queue,
 * loops, has more than VIRTQ_MAX_SEGS segments or more than VIRTQ_MAX_BYTES
 * bytes, puts a device-readable segment after a device-writable one, or nests
 * indirect tables. A device that sees -1 marks itself broken (NEEDS_RESET):
 * the host is never harmed and ferry never hangs on a hostile chain.
 */
#ifndef FERRY_VIRTQUEUE_H
#define FERRY_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus.h"

#define VIRTQ_MAX_SIZE 1024          /* queue sizes are powers of two up to this */
#define VIRTQ_MAX_SEGS 256
#define VIRTQ_MAX_BYTES (1u << 30)      /* U-Boot reads whole files in one descriptor */

#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_DESC_F_INDIRECT 4

/* Ring feature bit: indirect descriptor tables (the transport offers it for
 * every device, since virtq_pop handles them). */
#define VIRTIO_RING_F_INDIRECT_DESC (1ull << 28)
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1

typedef struct VirtQueue {
    uint32_t num;            /* size the driver chose (0: not set up) */
    bool ready;
    uint64_t desc, avail, used;   /* guest physical addresses */
    uint16_t last_avail;     /* next avail ring entry the device will take */
    uint16_t used_idx;       /* device's copy of used->idx */
} VirtQueue;

typedef struct VirtqSeg {
    uint8_t *host;           /* checked host pointer to the whole segment */
    uint32_t len;
    bool device_writes;      /* VIRTQ_DESC_F_WRITE */
} VirtqSeg;

typedef struct VirtqChain {
    uint16_t head;           /* descriptor index to hand back in virtq_push */
    unsigned nseg;
    unsigned nread;          /* segs[0..nread) are device-readable, the rest writable */
    uint64_t read_bytes, write_bytes;
    VirtqSeg seg[VIRTQ_MAX_SEGS];
} VirtqChain;

/* Is the queue's ring memory (desc, avail, used for `num` entries) in RAM? */
bool virtq_rings_ok(const VirtQueue *q, const Bus *bus);
/* Take the next available chain: 1 = *out filled, 0 = nothing available,
 * -1 = the driver broke the rules (see above). */
int virtq_pop(VirtQueue *q, const Bus *bus, VirtqChain *out);
/* Return a chain to the driver with `written` bytes written into it. */
void virtq_push(VirtQueue *q, const Bus *bus, uint16_t head, uint32_t written);
/* Should the device interrupt after pushing? (false when the driver set
 * VIRTQ_AVAIL_F_NO_INTERRUPT) */
bool virtq_should_notify(const VirtQueue *q, const Bus *bus);
/* Copy out of the readable part / into the writable part of a chain,
 * starting `offset` bytes into that part; return bytes copied. */
size_t virtq_read(const VirtqChain *c, size_t offset, void *buf, size_t len);
size_t virtq_write(const VirtqChain *c, size_t offset, const void *buf, size_t len);

#endif
