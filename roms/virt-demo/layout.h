/*
 * Screen geometry shared by the scene and the game. The design is drawn
 * for 800x600; every size is given in "design pixels" and scaled by the
 * screen height, so the picture keeps its proportions at any resolution
 * and a wider screen just shows more sky and more room to fly.
 */
#ifndef VD_LAYOUT_H
#define VD_LAYOUT_H

typedef struct Layout {
    int w, h;
    int u256;          /* screen pixels per design pixel, Q8 (256 at 600 high) */
    int horizon;       /* y of the horizon */
    int ts;            /* scale of small text */
    int title_s;       /* scale of the title */
} Layout;

static inline void layout_init(Layout *L, int w, int h)
{
    L->w = w;
    L->h = h;
    L->u256 = h * 256 / 600;
    if (L->u256 < 64)
        L->u256 = 64;
    L->horizon = h * 62 / 100;
    L->ts = h / 300 > 0 ? h / 300 : 1;
    /* "ferry" is 38 font pixels wide: keep it under ~70% of the width */
    L->title_s = h / 75;
    while (L->title_s > 2 && 38 * L->title_s > w * 7 / 10)
        L->title_s--;
    if (L->title_s < 2)
        L->title_s = 2;
    while (L->ts > 1 && 40 * 8 * L->ts > w)
        L->ts--;
}

/* design pixels -> screen pixels (at least 1 for a non-zero size) */
static inline int U(const Layout *L, int d)
{
    int v = d * L->u256 >> 8;
    return (d > 0 && v < 1) ? 1 : v;
}

#endif
