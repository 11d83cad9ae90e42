/*
 * screenshot_check - facts about a screenshot, for boot tests to compare
 * with what the guest should have drawn.
 *
 *   screenshot_check [--expect-text] FILE.png
 *
 * prints one fact a line, as key=value (easy to pick out with grep/cut):
 *
 *   width=800
 *   height=600
 *   colours=3            distinct RGB colours (alpha is ignored)
 *   nonblack=0.052300    fraction of pixels that are not pure black
 *   background=#000000   the most common colour
 *   bbox=0,0,639,415     x0,y0,x1,y1 (inclusive) around every pixel that is
 *                        not the background colour; "none" if there is none
 *   runs=9120            horizontal runs of non-background pixels
 *   short_runs=0.970000  the fraction of those runs at most 8 pixels long
 *   blank_rows=0.310000  the fraction of pixel rows that are all background
 *
 * With --expect-text it also exits 1, with the reason on stderr, unless the
 * image looks like rendered text on a dark screen, such as Linux's
 * framebuffer console: at least 2 colours, between 0.1% and 60% of the
 * pixels non-black, at least 100 runs of which at least half are short
 * (glyph strokes are a few pixels wide) and at least 5% blank rows (text
 * comes in lines with gaps between them, even a full console). A blank,
 * filled or noisy screen, a gradient or a photo fails one of these. It is a
 * plausibility check, not OCR.
 *
 * Exit status: 0 ok, 1 the expectation failed, 2 usage or unreadable file.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../frontend/screenshot.h"

#define SHORT_RUN 8          /* pixels: wider than a glyph stroke in an 8-16 px font */
#define TEXT_MIN_RUNS 100    /* about a dozen characters */
#define TEXT_MIN_SHORT 0.5
#define TEXT_MIN_NONBLACK 0.001
#define TEXT_MAX_NONBLACK 0.60
#define TEXT_MIN_BLANK_ROWS 0.05

typedef struct Facts {
    unsigned width, height;
    size_t colours;
    double nonblack;
    uint32_t background;     /* 0xRRGGBB */
    bool any_foreground;
    unsigned x0, y0, x1, y1;
    size_t runs, short_runs;
    unsigned blank_rows;
} Facts;

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* 0xRRGGBB of pixel i: the bytes are B, G, R, A (a8r8g8b8 little-endian) */
static uint32_t rgb_at(const uint8_t *px, size_t i)
{
    const uint8_t *p = px + i * 4;
    return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Colours and the background: sort a copy, then count equal stretches. */
static int count_colours(const uint8_t *px, size_t n, Facts *f)
{
    uint32_t *c = malloc(n * sizeof *c);
    if (!c)
        return -1;
    size_t black = 0;
    for (size_t i = 0; i < n; i++) {
        c[i] = rgb_at(px, i);
        black += c[i] == 0;
    }
    f->nonblack = (double)(n - black) / (double)n;
    qsort(c, n, sizeof *c, cmp_u32);
    size_t best = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && c[j] == c[i])
            j++;
        f->colours++;
        if (j - i > best) {
            best = j - i;
            f->background = c[i];
        }
        i = j;
    }
    free(c);
    return 0;
}

/* Bounding box and horizontal runs of everything that is not background. */
static void scan_foreground(const uint8_t *px, Facts *f)
{
    for (unsigned y = 0; y < f->height; y++) {
        unsigned run = 0;
        size_t runs_before = f->runs;
        for (unsigned x = 0; x <= f->width; x++) {
            bool fg = x < f->width && rgb_at(px, (size_t)y * f->width + x) != f->background;
            if (fg) {
                if (!f->any_foreground) {
                    f->x0 = f->x1 = x;
                    f->y0 = f->y1 = y;
                    f->any_foreground = true;
                }
                f->x0 = x < f->x0 ? x : f->x0;
                f->x1 = x > f->x1 ? x : f->x1;
                f->y1 = y;  /* rows go downwards: the last one seen is the lowest */
                run++;
            } else if (run) {
                f->runs++;
                f->short_runs += run <= SHORT_RUN;
                run = 0;
            }
        }
        f->blank_rows += f->runs == runs_before;
    }
}

/* NULL when the facts look like text, else why not. */
static const char *not_text(const Facts *f)
{
    if (f->colours < 2)
        return "the image has a single colour";
    if (f->nonblack < TEXT_MIN_NONBLACK)
        return "almost every pixel is black";
    if (f->nonblack > TEXT_MAX_NONBLACK)
        return "more than 60% of the pixels are not black";
    if (f->runs < TEXT_MIN_RUNS)
        return "too few horizontal runs of foreground pixels for text";
    if ((double)f->short_runs < TEXT_MIN_SHORT * (double)f->runs)
        return "most foreground runs are longer than glyph strokes";
    if (f->blank_rows < TEXT_MIN_BLANK_ROWS * f->height)
        return "too few blank rows between the lines for text";
    return NULL;
}

int main(int argc, char **argv)
{
    bool expect_text = false;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--expect-text") == 0)
            expect_text = true;
        else if (argv[i][0] == '-' || path) {
            fprintf(stderr, "usage: screenshot_check [--expect-text] FILE.png\n");
            return 2;
        } else
            path = argv[i];
    }
    if (!path) {
        fprintf(stderr, "usage: screenshot_check [--expect-text] FILE.png\n");
        return 2;
    }

    Facts f = { 0 };
    uint8_t *px;
    char err[256];
    if (screenshot_read_png(path, &px, &f.width, &f.height, err, sizeof err) != 0) {
        fprintf(stderr, "screenshot_check: %s\n", err);
        return 2;
    }
    if (count_colours(px, (size_t)f.width * f.height, &f) != 0) {
        fprintf(stderr, "screenshot_check: %s: out of memory\n", path);
        free(px);
        return 2;
    }
    scan_foreground(px, &f);
    free(px);

    printf("width=%u\nheight=%u\ncolours=%zu\nnonblack=%f\nbackground=#%06x\n", f.width, f.height, f.colours,
           f.nonblack, (unsigned)f.background);
    if (f.any_foreground)
        printf("bbox=%u,%u,%u,%u\n", f.x0, f.y0, f.x1, f.y1);
    else
        printf("bbox=none\n");
    printf("runs=%zu\nshort_runs=%f\n", f.runs, f.runs ? (double)f.short_runs / (double)f.runs : 0.0);
    printf("blank_rows=%f\n", (double)f.blank_rows / f.height);

    if (expect_text) {
        const char *why = not_text(&f);
        if (why) {
            fprintf(stderr, "screenshot_check: %s does not look like text: %s\n", path, why);
            return 1;
        }
    }
    return 0;
}
