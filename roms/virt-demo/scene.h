/*
 * The backdrop and the frame around the game: a dusk sky with twinkling
 * stars, a striped sun setting behind two ranges of hills, a neon grid
 * rushing toward the viewer, the "ferry" title and the instructions.
 * Everything is a pure function of the tick, so a frame can be redrawn
 * exactly from its number.
 */
#ifndef VD_SCENE_H
#define VD_SCENE_H

#include <stdint.h>

#include "draw.h"
#include "layout.h"

void scene_init(const Layout *L);
void scene_background(Canvas *c, const Layout *L, uint32_t tick);
/* the title, subtitle and instruction line, drawn over the game */
void scene_overlay(Canvas *c, const Layout *L, uint32_t tick);
/* text with a one-design-pixel dark shadow, centred on cx when centre != 0 */
void shadow_text(Canvas *c, const Layout *L, int x, int y, const char *s, int scale,
                 uint32_t color, int centre);

#endif
