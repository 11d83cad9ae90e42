#include "scene.h"

#include <stdbool.h>

#include "fixmath.h"
#include "font.h"

#define NSTARS 170
#define NPEAKS 64

typedef struct Star {
    uint16_t fx, fy;       /* position as a fraction (of width, of sky) in Q16 */
    uint8_t layer;         /* 0 far .. 2 near: speed and size */
    uint8_t tint;
    uint16_t phase;        /* twinkle phase */
} Star;

static Star stars[NSTARS];
static uint8_t far_peaks[NPEAKS], near_peaks[NPEAKS];

static const uint32_t star_tints[4] = {0xffffff, 0xcfe0ff, 0xffd0f0, 0xfff0c0};

void scene_init(const Layout *L)
{
    (void)L;
    Rng r = {0x5eed1234u};
    for (int i = 0; i < NSTARS; i++) {
        stars[i].fx = (uint16_t)rng_next(&r);
        /* favour the upper sky: the haze near the horizon hides stars */
        uint32_t a = rng_next(&r) & 0xffff, b = rng_next(&r) & 0xffff;
        stars[i].fy = (uint16_t)(a < b ? a : b);
        uint32_t k = rng_next(&r) % 10;
        stars[i].layer = (uint8_t)(k < 6 ? 0 : k < 9 ? 1 : 2);
        stars[i].tint = (uint8_t)(rng_next(&r) % 4);
        stars[i].phase = (uint16_t)(rng_next(&r) % ANGLE_STEPS);
    }
    for (int i = 0; i < NPEAKS; i++) {
        far_peaks[i] = (uint8_t)rng_range(&r, 30, 255);
        near_peaks[i] = (uint8_t)rng_range(&r, 0, 255);
    }
}

/* ---- sky ---- */

static uint32_t sky_color(int y, int horizon)
{
    /* deep night at the top, violet in the middle, pink haze at the horizon */
    int t = y * 256 / (horizon > 0 ? horizon : 1);
    if (t < 150)
        return mix(0x05030f, 0x24104a, t * 256 / 150);
    return mix(0x24104a, 0x9a2a7c, (t - 150) * 256 / 106);
}

static void draw_sky(Canvas *c, const Layout *L)
{
    for (int y = 0; y < L->horizon && y < c->h; y++)
        hline(c, 0, c->w - 1, y, sky_color(y, L->horizon));
}

static void draw_stars(Canvas *c, const Layout *L, uint32_t tick)
{
    static const int speed[3] = {1, 2, 4};      /* design pixels per 8 ticks */
    int sky = L->horizon * 85 / 100;
    for (int i = 0; i < NSTARS; i++) {
        const Star *s = &stars[i];
        int x = (int)(((uint32_t)s->fx * (uint32_t)c->w) >> 16);
        x -= (int)((tick * (uint32_t)U(L, speed[s->layer]) / 8) % (uint32_t)c->w);
        if (x < 0)
            x += c->w;
        int y = (int)(((uint32_t)s->fy * (uint32_t)sky) >> 16);
        /* brightness 96..255, twinkling at a per-star phase */
        int tw = isin((int32_t)(tick * (12 + s->layer * 5)) + s->phase);
        int lum = 176 + (tw * 80 >> 14) - (int)(y * 64 / (sky ? sky : 1));
        if (lum < 0)
            lum = 0;
        uint32_t col = mix(0, star_tints[s->tint], lum);
        int size = s->layer == 2 ? U(L, 2) : 1;
        for (int dy = 0; dy < size; dy++)
            for (int dx = 0; dx < size; dx++)
                plot_add(c, x + dx, y + dy, col);
        if (s->layer == 2 && lum > 200) {
            /* the brightest near stars get a small cross */
            uint32_t dim = mix(0, col, 110);
            int cx = x + size / 2, cy = y + size / 2;
            for (int k = 1; k <= U(L, 3); k++) {
                plot_add(c, cx, y - k, dim);
                plot_add(c, cx, y + size - 1 + k, dim);
                plot_add(c, x - k, cy, dim);
                plot_add(c, x + size - 1 + k, cy, dim);
            }
        }
    }
}

/* ---- sun ---- */

static void draw_sun(Canvas *c, const Layout *L, uint32_t tick)
{
    int R = L->h * 17 / 100;
    int cx = c->w / 2, cy = L->horizon - R * 60 / 100;
    int stripe_top = cy - R * 4 / 10;
    int period = U(L, 14);
    int scroll = (int)((tick / 3) % (uint32_t)period);
    for (int y = cy - R; y <= cy + R && y < L->horizon; y++) {
        int dy = y - cy;
        int hw = (int)isqrt((uint64_t)((long)R * R - (long)dy * dy));
        if (y > stripe_top) {
            /* cuts that thicken toward the bottom of the disc */
            int d = y - stripe_top;
            int gap = d * period / (R * 2) + 1;
            if (gap > period - 1)
                gap = period - 1;
            if ((d + scroll) % period < gap)
                continue;
        }
        uint32_t col = mix(0xfff07a, 0xff2f8f, (y - (cy - R)) * 256 / (2 * R));
        hline(c, cx - hw, cx + hw, y, col);
    }
}

/* ---- hills ---- */

/* Height (0..256) of a ridge at world x: straight slopes between random
 * peaks every `spacing` pixels, so the outline looks like mountains. */
static int ridge(const uint8_t *peaks, int x, int spacing)
{
    int seg = x / spacing, t = x % spacing;
    int a = peaks[seg % NPEAKS], b = peaks[(seg + 1) % NPEAKS];
    return a + (b - a) * t / spacing;
}

/* Fill column x from y0 down to (not including) y1 in one colour. */
static void vspan(Canvas *c, int x, int y0, int y1, uint32_t color)
{
    if (y0 < 0)
        y0 = 0;
    if (y1 > c->h)
        y1 = c->h;
    uint32_t *p = c->px + (long)y0 * c->pitch + x;
    for (int y = y0; y < y1; y++, p += c->pitch)
        *p = color;
}

static void draw_hills(Canvas *c, const Layout *L, uint32_t tick)
{
    int far_h = U(L, 70), near_h = U(L, 34), rim = U(L, 2), lift = U(L, 4);
    int far_sp = U(L, 44), near_sp = U(L, 26);
    int far_off = (int)(tick * (uint32_t)U(L, 1) / 4), near_off = (int)(tick * (uint32_t)U(L, 1) / 2);
    int hz = L->horizon;
    for (int x = 0; x < c->w; x++) {
        /* near range: low and dark, in front, with a pink crest */
        int near_top = hz - ridge(near_peaks, x + near_off, near_sp) * near_h / 256 - lift;
        vspan(c, x, near_top, near_top + 1, 0xd04fb0);
        vspan(c, x, near_top + 1, hz, 0x1a0830);
        /* far range: tall and dim, lit along its crest by the sun; only
         * the part the near range does not hide */
        int far_top = hz - ridge(far_peaks, x + far_off, far_sp) * far_h / 256;
        if (far_top < near_top) {
            int lit = far_top + rim < near_top ? far_top + rim : near_top;
            vspan(c, x, far_top, lit, 0x8a3aa8);
            vspan(c, x, lit, near_top, 0x321052);
        }
    }
}

/* ---- floor and grid ---- */

static void draw_floor(Canvas *c, const Layout *L, uint32_t tick)
{
    int hz = L->horizon, depth = c->h - hz;
    if (depth <= 0)
        return;
    for (int y = hz; y < c->h; y++)
        hline(c, 0, c->w - 1, y, mix(0x2a0a45, 0x08020f, (y - hz) * 256 / depth));

    /* Cross lines sit at equal steps in depth; a line at depth z appears
     * depth*K/z below the horizon. They slide toward the viewer one step
     * every 16 ticks. */
    const int steps = 16, K = 1, nlines = 22;
    int f = (int)(tick % (uint32_t)steps);          /* sub-step 0..15 */
    for (int k = nlines; k >= 1; k--) {
        int z16 = k * steps - f;                    /* depth in 1/16 steps */
        if (z16 <= 0)
            continue;
        int y = hz + depth * K * steps / 2 / z16;  /* z = half a step: bottom */
        if (y >= c->h)
            continue;
        int fade = 256 - z16 * 256 / (nlines * steps);
        uint32_t col = mix(0x2a0a45, 0xff3fd8, fade * fade / 256 * fade / 256);
        hline(c, 0, c->w - 1, y, col);
        if (fade > 200)
            hline(c, 0, c->w - 1, y + 1, mix(0x2a0a45, col, 140));
    }
    /* Lines along the direction of travel converge on the vanishing point;
     * start them a little below it so they don't pile up into a blob. */
    int cx = c->w / 2, spread = U(L, 90);
    int y0 = hz + depth / 14;
    for (int j = -(c->w / spread) * 3; j <= (c->w / spread) * 3; j++) {
        int xb = cx + j * spread * 2;                 /* where it meets the bottom */
        int x0 = cx + (xb - cx) * (y0 - hz) / depth;
        line(c, x0, y0, xb, c->h - 1, 1, 0xa02fc0);
    }
    hline(c, 0, c->w - 1, hz, 0xff8ae8);
    hline(c, 0, c->w - 1, hz + 1, 0xc040b8);
}

void scene_background(Canvas *c, const Layout *L, uint32_t tick)
{
    draw_sky(c, L);
    draw_stars(c, L, tick);
    draw_sun(c, L, tick);
    draw_hills(c, L, tick);
    draw_floor(c, L, tick);
}

/* ---- text ---- */

void shadow_text(Canvas *c, const Layout *L, int x, int y, const char *s, int scale,
                 uint32_t color, int centre)
{
    if (centre)
        x -= text_width(s, scale) / 2;
    int off = U(L, 2);
    text(c, x + off, y + off, s, scale, 0x0a0214);
    text(c, x, y, s, scale, color);
}

/* The title: gradient letters that bob in a wave, with a drop shadow and a
 * bright glint sweeping across every few seconds. */
static void draw_title(Canvas *c, const Layout *L, uint32_t tick)
{
    static const uint32_t rows[8] = {0xfff7b8, 0xffe27a, 0xffbe58, 0xff9560,
                                     0xff6b80, 0xff4aa6, 0xe23ccc, 0xb437e6};
    const char *title = "ferry";
    int s = L->title_s;
    int x0 = c->w / 2 - text_width(title, s) / 2;
    int y0 = c->h * 5 / 100;
    int sweep = (int)(tick % 150) - 20;    /* glint column, in font pixels */
    int shadow = s / 2 + 1;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; title[i]; i++) {
            int bob = isin((int32_t)tick * 10 + i * 110) * s * 3 / 2 / FIX_ONE;
            int gx = x0 + i * FONT_W * s, gy = y0 + bob;
            const uint8_t *g = font_glyph(title[i]);
            for (int r = 0; r < FONT_H; r++) {
                /* runs of same-coloured ink become one rectangle each */
                int run_start = -1;
                uint32_t run_col = 0;
                for (int col = 0; col <= FONT_W; col++) {
                    bool ink = col < FONT_W && (g[r] & (0x80 >> col));
                    uint32_t colr = 0x12041f;            /* shadow */
                    if (ink && pass == 1) {
                        int diag = i * FONT_W + col + r / 2 - sweep;
                        colr = rows[r];
                        if (diag >= 0 && diag < 3)
                            colr = mix(colr, 0xffffff, 200 - diag * 40);
                    }
                    if (run_start >= 0 && (!ink || colr != run_col)) {
                        int off = pass == 0 ? shadow : 0;
                        fill_rect(c, gx + run_start * s + off, gy + r * s + off,
                                  (col - run_start) * s, s, run_col);
                        run_start = -1;
                    }
                    if (ink && run_start < 0) {
                        run_start = col;
                        run_col = colr;
                    }
                }
            }
        }
    }
}

void scene_overlay(Canvas *c, const Layout *L, uint32_t tick)
{
    draw_title(c, L, tick);
    int ts = L->ts;
    int sub_y = c->h * 5 / 100 + L->title_s * 10 + U(L, 4);
    shadow_text(c, L, c->w / 2, sub_y, "a RISC-V emulator", ts, 0xc9b8ff, 1);
    int line_h = (FONT_H + 4) * ts;
    shadow_text(c, L, c->w / 2, c->h - line_h - U(L, 6),
                "ARROWS move   SPACE fire   ESC/Q quit", ts, 0xf0e8ff, 1);
}
