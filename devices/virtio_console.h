/*
 * virtio-console (device id 3): one port, no multiport. Queue 0 receives
 * (host to guest), queue 1 transmits (guest to host, to `out`).
 */
#ifndef FERRY_VIRTIO_CONSOLE_H
#define FERRY_VIRTIO_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include "virtio_mmio.h"

VirtioMmio *virtio_console_create(const Bus *bus, IrqLine irq, void (*out)(void *opaque, const uint8_t *data,
                                                                          size_t len),
                                  void *out_opaque);
/* Hand input bytes to the guest; returns how many fitted into the buffers
 * the driver has made available (the caller keeps the rest). */
size_t virtio_console_receive(VirtioMmio *t, const uint8_t *data, size_t len);

#endif
