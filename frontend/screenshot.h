/*
 * Screenshots of the guest framebuffer as PNG files (libpng), and reading
 * them back for tests and tests/system/screenshot_check.
 */
#ifndef FERRY_SCREENSHOT_H
#define FERRY_SCREENSHOT_H

#include <stddef.h>
#include <stdint.h>

/* Write the framebuffer (a8r8g8b8 little-endian pixels, alpha ignored) as an RGB PNG.
 * Returns 0, or -1 with a one-line reason in err. */
int screenshot_write_png(const char *path, const uint8_t *pixels, unsigned width, unsigned height,
                         unsigned stride, char *err, size_t errlen);

/* Read an 8-bit RGB/RGBA PNG back into a8r8g8b8 pixels (malloc'd, stride
 * width * 4, alpha 0xff where the file has none): for tests and screenshot_check.
 * Returns 0, or -1 with a one-line reason in err. Other PNG kinds (grey,
 * palette, 16-bit) are converted too. */
int screenshot_read_png(const char *path, uint8_t **pixels, unsigned *width, unsigned *height, char *err,
                        size_t errlen);

#endif
