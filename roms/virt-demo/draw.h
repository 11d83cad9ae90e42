/*
 * Software drawing into a 32-bit 0x00RRGGBB pixel buffer: rectangles,
 * lines, triangles, text. Every primitive clips to the canvas, so callers
 * may pass coordinates that are partly or wholly off screen.
 */
#ifndef VD_DRAW_H
#define VD_DRAW_H

#include <stdint.h>

typedef struct Canvas {
    uint32_t *px;
    int w, h;
    int pitch;               /* pixels from one row to the next */
} Canvas;

static inline uint32_t rgb(int r, int g, int b)
{
    return (uint32_t)r << 16 | (uint32_t)g << 8 | (uint32_t)b;
}

/* a + (b - a) * t / 256 per channel, t in 0..256 */
uint32_t mix(uint32_t a, uint32_t b, int t);
/* per-channel saturating add: glows and sparks */
uint32_t add_sat(uint32_t a, uint32_t b);

void fill32(uint32_t *p, uint32_t v, int n);
/* copy n pixels (the back buffer to the framebuffer) */
void copy32(uint32_t *dst, const uint32_t *src, int n);
void hline(Canvas *c, int x0, int x1, int y, uint32_t color);      /* x0..x1 inclusive */
void fill_rect(Canvas *c, int x, int y, int w, int h, uint32_t color);
/* darken a rectangle toward black by t/256 (a translucent panel) */
void shade_rect(Canvas *c, int x, int y, int w, int h, int t);
void plot_add(Canvas *c, int x, int y, uint32_t color);
/* a line `thick` pixels wide (square brush) */
void line(Canvas *c, int x0, int y0, int x1, int y1, int thick, uint32_t color);
void fill_triangle(Canvas *c, int x0, int y0, int x1, int y1, int x2, int y2, uint32_t color);

/* Text: each font pixel becomes a scale x scale block; glyphs advance
 * 8 * scale. */
int text_width(const char *s, int scale);
void text(Canvas *c, int x, int y, const char *s, int scale, uint32_t color);
/* one colour per glyph row (8 entries): gradient lettering */
void text_rows(Canvas *c, int x, int y, const char *s, int scale, const uint32_t rows[8]);

#endif
