/*
 * ferry - unit tests for PNG screenshots (frontend/screenshot.c).
 *
 * The unit-test build links libferry.a only, not the frontend objects, so
 * the code under test is compiled in by including its source; this test
 * needs -lpng at link time (see the Makefile).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../frontend/screenshot.c"

static char png_path[64], text_path[64];

static int setup(void **state)
{
    (void)state;
    snprintf(png_path, sizeof png_path, "/tmp/ferry-test-shot-%d.png", (int)getpid());
    snprintf(text_path, sizeof text_path, "/tmp/ferry-test-shot-%d.txt", (int)getpid());
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(png_path);
    unlink(text_path);
    return 0;
}

/* A framebuffer with padded rows and junk in the alpha byte, as guests
 * leave it, so a test sees stride and alpha handling go wrong. */
static uint8_t *pattern(unsigned w, unsigned h, unsigned stride)
{
    uint8_t *fb = malloc((size_t)stride * h);
    assert_non_null(fb);
    memset(fb, 0xee, (size_t)stride * h);
    for (unsigned y = 0; y < h; y++)
        for (unsigned x = 0; x < w; x++) {
            uint32_t argb = (uint32_t)(x * 7 + y) << 24 | (x * 11 & 0xff) << 16 | (y * 13 & 0xff) << 8 |
                            ((x ^ y) * 5 & 0xff);
            uint8_t *p = fb + (size_t)y * stride + x * 4;
            p[0] = argb & 0xff;  /* little-endian word */
            p[1] = argb >> 8 & 0xff;
            p[2] = argb >> 16 & 0xff;
            p[3] = argb >> 24;
        }
    return fb;
}

static void round_trip(void **state)
{
    (void)state;
    const unsigned w = 37, h = 23, stride = w * 4 + 12;
    uint8_t *fb = pattern(w, h, stride);
    char err[256] = "";
    assert_int_equal(screenshot_write_png(png_path, fb, w, h, stride, err, sizeof err), 0);

    uint8_t *back;
    unsigned bw, bh;
    assert_int_equal(screenshot_read_png(png_path, &back, &bw, &bh, err, sizeof err), 0);
    assert_int_equal(bw, w);
    assert_int_equal(bh, h);
    for (unsigned y = 0; y < h; y++)
        for (unsigned x = 0; x < w; x++) {
            const uint8_t *a = fb + (size_t)y * stride + x * 4, *b = back + ((size_t)y * w + x) * 4;
            if (memcmp(a, b, 3) != 0 || b[3] != 0xff) {
                print_error("pixel (%u,%u): wrote %02x%02x%02x, read %02x%02x%02x alpha %02x\n", x, y, a[2], a[1],
                            a[0], b[2], b[1], b[0], b[3]);
                fail();
            }
        }
    free(back);
    free(fb);
}

/* The file holds RGB only: no alpha that would make it transparent. */
static void written_as_rgb(void **state)
{
    (void)state;
    uint8_t *fb = pattern(4, 4, 16);
    char err[256];
    assert_int_equal(screenshot_write_png(png_path, fb, 4, 4, 16, err, sizeof err), 0);
    free(fb);
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    assert_true(png_image_begin_read_from_file(&img, png_path));
    assert_int_equal(img.format & PNG_FORMAT_FLAG_ALPHA, 0);
    assert_true(img.format & PNG_FORMAT_FLAG_COLOR);
    png_image_free(&img);
}

/* A PNG from elsewhere with an alpha channel reads back too. */
static void reads_rgba(void **state)
{
    (void)state;
    const uint8_t rgba[2 * 4] = { 0x10, 0x20, 0x30, 0xff, 0xa0, 0xb0, 0xc0, 0xff };
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = 2;
    img.height = 1;
    img.format = PNG_FORMAT_RGBA;
    assert_true(png_image_write_to_file(&img, png_path, 0, rgba, 0, NULL));

    uint8_t *px;
    unsigned w, h;
    char err[256];
    assert_int_equal(screenshot_read_png(png_path, &px, &w, &h, err, sizeof err), 0);
    assert_int_equal(w, 2);
    assert_int_equal(h, 1);
    const uint8_t want[8] = { 0x30, 0x20, 0x10, 0xff, 0xc0, 0xb0, 0xa0, 0xff };  /* B G R A */
    assert_memory_equal(px, want, sizeof want);
    free(px);
}

static void unwritable_path(void **state)
{
    (void)state;
    uint8_t *fb = pattern(8, 8, 32);
    char err[256] = "";
    const char *bad = "/nonexistent-ferry-dir/shot.png";
    assert_int_equal(screenshot_write_png(bad, fb, 8, 8, 32, err, sizeof err), -1);
    assert_non_null(strstr(err, bad));
    assert_non_null(strstr(err, "No such file"));
    assert_null(strchr(err, '\n'));
    /* a directory is not a file either */
    err[0] = 0;
    assert_int_equal(screenshot_write_png("/tmp", fb, 8, 8, 32, err, sizeof err), -1);
    assert_true(err[0] != 0);
    free(fb);
}

static void bad_geometry(void **state)
{
    (void)state;
    uint8_t fb[64] = { 0 };
    char err[256] = "";
    assert_int_equal(screenshot_write_png(png_path, fb, 8, 2, 16, err, sizeof err), -1);  /* stride < 8 * 4 */
    assert_non_null(strstr(err, "stride"));
    err[0] = 0;
    assert_int_equal(screenshot_write_png(png_path, fb, 0, 2, 16, err, sizeof err), -1);
    assert_true(err[0] != 0);
    assert_int_equal(screenshot_write_png(png_path, NULL, 4, 2, 16, err, sizeof err), -1);
    assert_int_equal(access(png_path, F_OK), -1);  /* nothing left behind */
}

static void read_failures(void **state)
{
    (void)state;
    FILE *f = fopen(text_path, "w");
    assert_non_null(f);
    fputs("this is not a PNG file, just some text that is long enough\n", f);
    fclose(f);

    uint8_t *px = (uint8_t *)"sentinel";
    unsigned w, h;
    char err[256] = "";
    assert_int_equal(screenshot_read_png(text_path, &px, &w, &h, err, sizeof err), -1);
    assert_null(px);
    assert_non_null(strstr(err, text_path));
    assert_null(strchr(err, '\n'));

    err[0] = 0;
    assert_int_equal(screenshot_read_png("/nonexistent-ferry-dir/x.png", &px, &w, &h, err, sizeof err), -1);
    assert_non_null(strstr(err, "No such file"));

    /* a PNG cut short */
    uint8_t *fb = pattern(64, 64, 256);
    assert_int_equal(screenshot_write_png(png_path, fb, 64, 64, 256, err, sizeof err), 0);
    free(fb);
    assert_int_equal(truncate(png_path, 100), 0);
    err[0] = 0;
    assert_int_equal(screenshot_read_png(png_path, &px, &w, &h, err, sizeof err), -1);
    assert_non_null(strstr(err, png_path));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(round_trip), T(written_as_rgb), T(reads_rgba), T(unwritable_path), T(bad_geometry), T(read_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
