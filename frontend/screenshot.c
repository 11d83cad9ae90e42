/*
 * PNG screenshots through libpng's "simplified API" (png_image, libpng 1.6),
 * which reports errors in image.message instead of longjmp, so no setjmp
 * handling is needed here.
 *
 * The guest framebuffer is a8r8g8b8 in little-endian 32-bit words, i.e. the
 * bytes B, G, R, A in memory. Guests usually leave A at 0 (the simple-
 * framebuffer format has no real alpha), so the file is written as RGB:
 * keeping A would make most screenshots fully transparent.
 */
#include "screenshot.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Far beyond any framebuffer ferry makes; keeps width * height * 4 in range. */
#define SHOT_MAX_DIM 32768u

int screenshot_write_png(const char *path, const uint8_t *pixels, unsigned width, unsigned height,
                         unsigned stride, char *err, size_t errlen)
{
    if (!pixels || width == 0 || height == 0) {
        snprintf(err, errlen, "%s: no framebuffer to write", path);
        return -1;
    }
    if (width > SHOT_MAX_DIM || height > SHOT_MAX_DIM || stride / 4 < width) {
        snprintf(err, errlen, "%s: bad framebuffer geometry %ux%u, stride %u", path, width, height, stride);
        return -1;
    }
    size_t row = (size_t)width * 3;
    uint8_t *rgb = malloc(row * height);
    if (!rgb) {
        snprintf(err, errlen, "%s: out of memory for a %ux%u screenshot", path, width, height);
        return -1;
    }
    for (unsigned y = 0; y < height; y++) {
        const uint8_t *src = pixels + (size_t)y * stride;
        uint8_t *dst = rgb + (size_t)y * row;
        for (unsigned x = 0; x < width; x++, src += 4, dst += 3) {
            dst[0] = src[2];
            dst[1] = src[1];
            dst[2] = src[0];
        }
    }

    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = width;
    img.height = height;
    img.format = PNG_FORMAT_RGB;
    /* row_stride 0: rows are packed; libpng removes the file if writing fails */
    int ok = png_image_write_to_file(&img, path, 0, rgb, 0, NULL);
    free(rgb);
    if (!ok) {
        snprintf(err, errlen, "cannot write %s: %s", path, img.message);
        png_image_free(&img);
        return -1;
    }
    return 0;
}

int screenshot_read_png(const char *path, uint8_t **pixels, unsigned *width, unsigned *height, char *err,
                        size_t errlen)
{
    *pixels = NULL;
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path)) {
        snprintf(err, errlen, "cannot read %s: %s", path, img.message);
        png_image_free(&img);
        return -1;
    }
    if (img.width > SHOT_MAX_DIM || img.height > SHOT_MAX_DIM) {
        snprintf(err, errlen, "%s: image too large (%ux%u)", path, (unsigned)img.width, (unsigned)img.height);
        png_image_free(&img);
        return -1;
    }
    /* BGRA bytes are a8r8g8b8 little-endian words; libpng fills A with 0xff
     * when the file has no alpha and converts grey, palette and 16-bit. */
    img.format = PNG_FORMAT_BGRA;
    uint8_t *buf = malloc(PNG_IMAGE_SIZE(img));
    if (!buf) {
        snprintf(err, errlen, "%s: out of memory", path);
        png_image_free(&img);
        return -1;
    }
    if (!png_image_finish_read(&img, NULL, buf, 0, NULL)) {
        snprintf(err, errlen, "cannot read %s: %s", path, img.message);
        free(buf);
        png_image_free(&img);
        return -1;
    }
    *pixels = buf;
    *width = img.width;
    *height = img.height;
    return 0;
}
