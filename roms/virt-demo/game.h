/*
 * The playable part: a ship at the bottom of the screen shoots tumbling
 * wireframe rocks. Until someone presses a key the ship flies itself
 * (attract mode), so an unattended `make run` still shows the game.
 * Positions are screen pixels in Q8 fixed point; the game advances in fixed
 * ticks of 1/30 s and uses its own seeded Rng, so a run is reproducible.
 */
#ifndef VD_GAME_H
#define VD_GAME_H

#include <stdbool.h>
#include <stdint.h>

#include "draw.h"
#include "fixmath.h"
#include "layout.h"

#define MAX_ROCKS 14
#define MAX_SHOTS 24
#define MAX_SPARKS 192
#define ROCK_MAX_VERTS 11

typedef struct Rock {
    bool live;
    int32_t x, y, vx, vy;    /* Q8 screen pixels, per tick */
    int r;                   /* radius in design pixels */
    int angle, spin;         /* 1024ths of a turn */
    int nv;
    uint8_t radial[ROCK_MAX_VERTS];   /* vertex distance, 256 = r */
    uint32_t color;
} Rock;

typedef struct Shot {
    bool live;
    int32_t x, y, vy;
} Shot;

typedef struct Spark {
    int life, max_life;      /* 0: free */
    int32_t x, y, vx, vy;
    uint32_t hot, cold;
} Spark;

typedef struct Game {
    const Layout *L;
    Rng rng;
    bool attract;            /* flying itself until the first key */
    bool over;               /* out of lives; SPACE restarts */
    int over_ticks;
    uint32_t ticks;
    uint32_t score;
    int lives;
    bool left, right, up, down, fire;   /* keys held */
    bool fire_edge;          /* SPACE went down since the last tick */
    int32_t sx, sy;          /* ship, Q8 */
    bool ship_alive;
    int respawn, invuln, cooldown, gun;
    int spawn_timer;
    Rock rocks[MAX_ROCKS];
    Shot shots[MAX_SHOTS];
    Spark sparks[MAX_SPARKS];
} Game;

void game_init(Game *g, const Layout *L, uint32_t seed);
/* a Linux key code pressed (down) or released */
void game_key(Game *g, uint16_t code, bool down);
void game_tick(Game *g);
void game_draw(const Game *g, Canvas *c, uint32_t tick);
/* score, lives, and the attract / game-over messages */
void game_draw_hud(const Game *g, Canvas *c, uint32_t tick);

#endif
