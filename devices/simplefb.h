/*
 * A linear framebuffer in guest physical memory, described to the guest by a
 * "simple-framebuffer" device-tree node (Linux's simplefb driver + fbcon, or
 * a bare-metal program writing pixels). Format a8r8g8b8 (little-endian
 * 32-bit pixels 0xAARRGGBB; alpha ignored). The frontend reads the pixels
 * directly, with no copy through a device protocol.
 */
#ifndef FERRY_SIMPLEFB_H
#define FERRY_SIMPLEFB_H

#include <stdint.h>

typedef struct SimpleFb {
    uint64_t base;          /* guest physical address */
    uint32_t width, height, stride;   /* stride in bytes */
    uint8_t *pixels;        /* host memory, size = stride * height rounded to pages */
    uint64_t size;
} SimpleFb;

#endif
