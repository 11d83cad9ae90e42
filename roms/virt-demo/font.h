/*
 * The demo's own 8x8 bitmap font, printable ASCII 32..126. Glyphs are bold
 * (two-pixel vertical strokes), mostly six pixels wide in columns 0-5 (M, W,
 * m, w and a few symbols use column 6); capitals and digits sit on rows 0-6
 * and descenders use row 7. Column 7 is always blank, so glyphs can be laid
 * out on an 8-pixel grid.
 */
#ifndef VD_FONT_H
#define VD_FONT_H

#include <stdint.h>

#define FONT_W 8
#define FONT_H 8
#define FONT_FIRST 32
#define FONT_LAST 126

/* Pack the glyph pictures into bitmaps; call once before font_glyph. */
void font_init(void);
/* 8 rows, bit 7 = leftmost column; characters outside 32..126 draw as '?' */
const uint8_t *font_glyph(char c);

#endif
