#include "draw.h"

#include <stdbool.h>

#include "font.h"

static inline int imin(int a, int b) { return a < b ? a : b; }
static inline int imax(int a, int b) { return a > b ? a : b; }

uint32_t mix(uint32_t a, uint32_t b, int t)
{
    int ar = a >> 16 & 255, ag = a >> 8 & 255, ab = a & 255;
    int br = b >> 16 & 255, bg = b >> 8 & 255, bb = b & 255;
    return rgb(ar + ((br - ar) * t >> 8), ag + ((bg - ag) * t >> 8), ab + ((bb - ab) * t >> 8));
}

uint32_t add_sat(uint32_t a, uint32_t b)
{
    int r = (int)(a >> 16 & 255) + (int)(b >> 16 & 255);
    int g = (int)(a >> 8 & 255) + (int)(b >> 8 & 255);
    int bl = (int)(a & 255) + (int)(b & 255);
    return rgb(imin(r, 255), imin(g, 255), imin(bl, 255));
}

/* The background is filled row by row every frame, so this is the hottest
 * loop after the frame copy: two pixels per 64-bit store. */
void fill32(uint32_t *p, uint32_t v, int n)
{
    if (n > 0 && ((uintptr_t)p & 4)) {
        *p++ = v;
        n--;
    }
    uint64_t v2 = (uint64_t)v << 32 | v;
    uint64_t *q = (uint64_t *)p;
    for (; n >= 8; n -= 8, q += 4) {
        q[0] = v2;
        q[1] = v2;
        q[2] = v2;
        q[3] = v2;
    }
    for (; n >= 2; n -= 2)
        *q++ = v2;
    if (n)
        *(uint32_t *)q = v;
}

void copy32(uint32_t *dst, const uint32_t *src, int n)
{
    if ((((uintptr_t)dst ^ (uintptr_t)src) & 7) == 0) {
        if (n > 0 && ((uintptr_t)dst & 4)) {
            *dst++ = *src++;
            n--;
        }
        uint64_t *d = (uint64_t *)dst;
        const uint64_t *s = (const uint64_t *)src;
        for (; n >= 8; n -= 8, d += 4, s += 4) {
            uint64_t a = s[0], b = s[1], c = s[2], e = s[3];
            d[0] = a;
            d[1] = b;
            d[2] = c;
            d[3] = e;
        }
        for (; n >= 2; n -= 2)
            *d++ = *s++;
        dst = (uint32_t *)d;
        src = (const uint32_t *)s;
    }
    /* a stride that is not a multiple of 8 bytes: one pixel at a time */
    while (n-- > 0)
        *dst++ = *src++;
}

void hline(Canvas *c, int x0, int x1, int y, uint32_t color)
{
    if (y < 0 || y >= c->h)
        return;
    if (x0 > x1) {
        int t = x0;
        x0 = x1;
        x1 = t;
    }
    x0 = imax(x0, 0);
    x1 = imin(x1, c->w - 1);
    if (x0 <= x1)
        fill32(c->px + (long)y * c->pitch + x0, color, x1 - x0 + 1);
}

void fill_rect(Canvas *c, int x, int y, int w, int h, uint32_t color)
{
    int y1 = imin(y + h, c->h);
    for (int yy = imax(y, 0); yy < y1; yy++)
        hline(c, x, x + w - 1, yy, color);
}

void shade_rect(Canvas *c, int x, int y, int w, int h, int t)
{
    int x0 = imax(x, 0), x1 = imin(x + w, c->w);
    int y0 = imax(y, 0), y1 = imin(y + h, c->h);
    for (int yy = y0; yy < y1; yy++) {
        uint32_t *row = c->px + (long)yy * c->pitch;
        for (int xx = x0; xx < x1; xx++)
            row[xx] = mix(row[xx], 0, t);
    }
}

void plot_add(Canvas *c, int x, int y, uint32_t color)
{
    if ((unsigned)x < (unsigned)c->w && (unsigned)y < (unsigned)c->h) {
        uint32_t *p = c->px + (long)y * c->pitch + x;
        *p = add_sat(*p, color);
    }
}

/* Liang-Barsky: cut the segment down to the part inside [lo, hi] in both
 * axes, so a line that runs mostly off screen (the grid's outer lines run
 * thousands of pixels off to the side) costs only its visible pixels. The
 * parameter t runs 0..65536 along the line. False: nothing is visible. */
static bool clip_line(int *x0, int *y0, int *x1, int *y1, int xlo, int xhi, int ylo, int yhi)
{
    long dx = *x1 - *x0, dy = *y1 - *y0;
    long t0 = 0, t1 = 65536;
    long p[4] = {-dx, dx, -dy, dy};
    long q[4] = {*x0 - xlo, xhi - *x0, *y0 - ylo, yhi - *y0};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        long r = q[i] * 65536 / p[i];
        if (p[i] < 0) {
            if (r > t0)
                t0 = r;
        } else if (r < t1) {
            t1 = r;
        }
    }
    if (t0 > t1)
        return false;
    int nx0 = *x0 + (int)(dx * t0 / 65536), ny0 = *y0 + (int)(dy * t0 / 65536);
    int nx1 = *x0 + (int)(dx * t1 / 65536), ny1 = *y0 + (int)(dy * t1 / 65536);
    *x0 = nx0;
    *y0 = ny0;
    *x1 = nx1;
    *y1 = ny1;
    return true;
}

/* Bresenham, stamping a thick x thick square at each step. */
void line(Canvas *c, int x0, int y0, int x1, int y1, int thick, uint32_t color)
{
    if (!clip_line(&x0, &y0, &x1, &y1, -thick, c->w + thick, -thick, c->h + thick))
        return;
    int dx = x1 > x0 ? x1 - x0 : x0 - x1, sx = x0 < x1 ? 1 : -1;
    int dy = y1 > y0 ? y0 - y1 : y1 - y0, sy = y0 < y1 ? 1 : -1;
    int err = dx + dy, half = thick / 2;
    for (;;) {
        if (thick <= 1) {
            if ((unsigned)x0 < (unsigned)c->w && (unsigned)y0 < (unsigned)c->h)
                c->px[(long)y0 * c->pitch + x0] = color;
        } else {
            fill_rect(c, x0 - half, y0 - half, thick, thick, color);
        }
        if (x0 == x1 && y0 == y1)
            break;
        int e2 = 2 * err;
        if (e2 >= dy) {
            err += dy;
            x0 += sx;
        }
        if (e2 <= dx) {
            err += dx;
            y0 += sy;
        }
    }
}

/* Scanline fill: sort by y, then walk the long edge (v0-v2) against the
 * two short ones, with 16.16 fixed-point x steps. Pixel centres decide. */
void fill_triangle(Canvas *c, int x0, int y0, int x1, int y1, int x2, int y2, uint32_t color)
{
#define SWAP(a, b) do { int t_ = a; a = b; b = t_; } while (0)
    if (y0 > y1) { SWAP(x0, x1); SWAP(y0, y1); }
    if (y1 > y2) { SWAP(x1, x2); SWAP(y1, y2); }
    if (y0 > y1) { SWAP(x0, x1); SWAP(y0, y1); }
#undef SWAP
    if (y2 == y0)
        return;
    int ys = imax(y0, 0), ye = imin(y2, c->h);
    for (int y = ys; y < ye; y++) {
        /* x on the long edge and on whichever short edge spans this row */
        long xl = (long)x0 * 65536 + (long)(x2 - x0) * 65536 * (y - y0) / (y2 - y0);
        long xs;
        if (y < y1)
            xs = (long)x0 * 65536 + (long)(x1 - x0) * 65536 * (y - y0) / (y1 - y0);
        else if (y2 != y1)
            xs = (long)x1 * 65536 + (long)(x2 - x1) * 65536 * (y - y1) / (y2 - y1);
        else
            xs = (long)x1 * 65536;
        if (xl > xs) {
            long t = xl;
            xl = xs;
            xs = t;
        }
        int a = (int)((xl + 32767) >> 16), b = (int)((xs - 32768) >> 16);
        if (a <= b)
            hline(c, a, b, y, color);
    }
}

int text_width(const char *s, int scale)
{
    int n = 0;
    while (s[n])
        n++;
    /* most glyphs leave columns 6 and 7 blank: centre on the ink */
    return n ? (n * FONT_W - 2) * scale : 0;
}

static void glyph(Canvas *c, int x, int y, char ch, int scale, const uint32_t *rows,
                  uint32_t color)
{
    const uint8_t *g = font_glyph(ch);
    for (int r = 0; r < FONT_H; r++) {
        uint8_t bits = g[r];
        uint32_t col = rows ? rows[r] : color;
        for (int cx = 0; bits; cx++, bits = (uint8_t)(bits << 1)) {
            if (!(bits & 0x80))
                continue;
            /* merge a run of set bits into one rectangle */
            int run = 1;
            while ((bits << run) & 0x80)
                run++;
            fill_rect(c, x + cx * scale, y + r * scale, run * scale, scale, col);
            bits = (uint8_t)(bits << (run - 1));
            cx += run - 1;
        }
    }
}

void text(Canvas *c, int x, int y, const char *s, int scale, uint32_t color)
{
    for (; *s; s++, x += FONT_W * scale)
        if (*s != ' ')
            glyph(c, x, y, *s, scale, 0, color);
}

void text_rows(Canvas *c, int x, int y, const char *s, int scale, const uint32_t rows[8])
{
    for (; *s; s++, x += FONT_W * scale)
        if (*s != ' ')
            glyph(c, x, y, *s, scale, rows, 0);
}
