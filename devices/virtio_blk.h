/*
 * virtio-blk (device id 2) backed by a raw image file. Offers SEG_MAX,
 * BLK_SIZE, FLUSH (fsync), RO when opened read-only, and GET_ID. Requests
 * past the end of the disk complete with IOERR; a request that is not
 * shaped like one (no header, no status byte) breaks the device.
 */
#ifndef FERRY_VIRTIO_BLK_H
#define FERRY_VIRTIO_BLK_H

#include <stdbool.h>
#include <stddef.h>

#include "virtio_mmio.h"

/* Open the image; NULL with a one-line reason in err (missing file, a size
 * that is not a multiple of 512 bytes, a directory...). */
VirtioMmio *virtio_blk_create(const Bus *bus, IrqLine irq, const char *path, bool read_only, char *err,
                              size_t errlen);

#endif
