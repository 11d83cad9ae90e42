/*
 * virtio-input (device id 18): a keyboard or an absolute pointer (tablet),
 * described to the driver through the config space (name, serial, device
 * ids, event type/code bitmaps, absolute axis ranges) the way Linux's
 * virtio_input driver reads them. Events are Linux input events (type, code,
 * value; codes from <linux/input-event-codes.h>); the sender ends each group
 * with EV_SYN/SYN_REPORT. Events that arrive while the driver has no buffers
 * wait in a small queue; when that fills, the oldest are dropped.
 */
#ifndef FERRY_VIRTIO_INPUT_H
#define FERRY_VIRTIO_INPUT_H

#include <stdint.h>

#include "virtio_mmio.h"

typedef enum VirtioInputKind { VIRTIO_INPUT_KEYBOARD, VIRTIO_INPUT_TABLET } VirtioInputKind;

/* Tablet axes run 0..VIRTIO_INPUT_ABS_MAX. */
#define VIRTIO_INPUT_ABS_MAX 32767

VirtioMmio *virtio_input_create(const Bus *bus, IrqLine irq, VirtioInputKind kind);
void virtio_input_send(VirtioMmio *t, uint16_t type, uint16_t code, int32_t value);

#endif
