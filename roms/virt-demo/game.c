#include "game.h"

#include "console.h"
#include "font.h"
#include "lib.h"
#include "scene.h"
#include "virtio_kbd.h"

#define START_LIVES 3
#define SHIP_SPEED 6        /* design pixels per tick */
#define SHOT_SPEED 14
#define FIRE_EVERY 5        /* ticks between shots while SPACE is held */

/* design pixels -> Q8 screen pixels */
static int32_t Q(const Game *g, int d) { return (int32_t)d * g->L->u256; }
static int px(int32_t q8) { return q8 >> 8; }

static void reset_play(Game *g)
{
    const Layout *L = g->L;
    g->over = false;
    g->score = 0;
    g->lives = START_LIVES;
    g->sx = (int32_t)L->w << 7;                    /* centre, Q8 */
    g->sy = (int32_t)(L->h * 82 / 100) << 8;
    g->ship_alive = true;
    g->respawn = 0;
    g->invuln = 45;
    g->cooldown = 0;
    g->spawn_timer = 20;
    memset(g->rocks, 0, sizeof g->rocks);
    memset(g->shots, 0, sizeof g->shots);
}

void game_init(Game *g, const Layout *L, uint32_t seed)
{
    memset(g, 0, sizeof *g);
    g->L = L;
    g->rng.s = seed ? seed : 1;
    g->attract = true;
    reset_play(g);
}

void game_key(Game *g, uint16_t code, bool down)
{
    bool *held = 0;
    switch (code) {
    case KEY_LEFT: held = &g->left; break;
    case KEY_RIGHT: held = &g->right; break;
    case KEY_UP: held = &g->up; break;
    case KEY_DOWN: held = &g->down; break;
    case KEY_SPACE: held = &g->fire; break;
    default: return;
    }
    *held = down;
    if (code == KEY_SPACE && down)
        g->fire_edge = true;
    if (down && g->attract) {
        /* the first key takes over from the autopilot with a fresh game */
        g->attract = false;
        reset_play(g);
        g->fire_edge = false;
    }
}

/* ---- sparks ---- */

static void burst(Game *g, int32_t x, int32_t y, int n, int speed, uint32_t hot, uint32_t cold)
{
    for (int i = 0, k = 0; i < n && k < MAX_SPARKS; k++) {
        Spark *s = &g->sparks[k];
        if (s->life)
            continue;
        int a = rng_range(&g->rng, 0, ANGLE_STEPS - 1);
        int v = rng_range(&g->rng, speed / 4, speed);          /* design px/tick * 16 */
        s->x = x;
        s->y = y;
        s->vx = (int32_t)((int64_t)icos(a) * Q(g, v) / FIX_ONE / 16);
        s->vy = (int32_t)((int64_t)isin(a) * Q(g, v) / FIX_ONE / 16);
        s->max_life = s->life = rng_range(&g->rng, 14, 34);
        s->hot = hot;
        s->cold = cold;
        i++;
    }
}

/* ---- rocks ---- */

static void make_rock(Game *g, Rock *k, int32_t x, int32_t y, int r)
{
    k->live = true;
    k->x = x;
    k->y = y;
    k->r = r;
    k->angle = rng_range(&g->rng, 0, ANGLE_STEPS - 1);
    k->spin = rng_range(&g->rng, -14, 14);
    k->nv = rng_range(&g->rng, 7, ROCK_MAX_VERTS);
    for (int i = 0; i < k->nv; i++)
        k->radial[i] = (uint8_t)rng_range(&g->rng, 170, 255);
    static const uint32_t palette[4] = {0xffb24a, 0x5ff0ff, 0xb6ff5a, 0xff6a8a};
    k->color = palette[rng_next(&g->rng) % 4];
}

static Rock *free_rock(Game *g)
{
    for (int i = 0; i < MAX_ROCKS; i++)
        if (!g->rocks[i].live)
            return &g->rocks[i];
    return 0;
}

static void spawn_rock(Game *g)
{
    Rock *k = free_rock(g);
    if (!k)
        return;
    int r = rng_range(&g->rng, 16, 34);
    make_rock(g, k, (int32_t)rng_range(&g->rng, 0, g->L->w) << 8, -Q(g, r), r);
    /* faster as the score climbs, capped */
    int boost = (int)(g->score / 200);
    if (boost > 8)
        boost = 8;
    k->vy = Q(g, rng_range(&g->rng, 10 + boost, 22 + 2 * boost)) / 8;
    k->vx = Q(g, rng_range(&g->rng, -8, 8)) / 8;
}

static void break_rock(Game *g, Rock *k)
{
    g->score += (uint32_t)(60 - k->r);
    burst(g, k->x, k->y, 12 + k->r / 2, 64, 0xffffff, k->color);
    k->live = false;
    if (k->r < 22)
        return;
    /* big rocks split into two smaller ones flying apart */
    for (int side = -1; side <= 1; side += 2) {
        Rock *n = free_rock(g);
        if (!n)
            break;
        make_rock(g, n, k->x, k->y, k->r * 6 / 10);
        n->vx = k->vx + side * Q(g, rng_range(&g->rng, 8, 20)) / 8;
        n->vy = k->vy / 2 + Q(g, 4) / 8;
        n->color = k->color;
    }
}

/* ---- the ship ---- */

static void fire_shot(Game *g)
{
    for (int i = 0; i < MAX_SHOTS; i++) {
        Shot *s = &g->shots[i];
        if (s->live)
            continue;
        s->live = true;
        g->gun ^= 1;
        s->x = g->sx + (g->gun ? Q(g, 9) : -Q(g, 9));
        s->y = g->sy - Q(g, 6);
        s->vy = -Q(g, SHOT_SPEED);
        return;
    }
}

static void kill_ship(Game *g)
{
    burst(g, g->sx, g->sy, 60, 96, 0xffffc0, 0xff4020);
    burst(g, g->sx, g->sy, 30, 48, 0x9ff8ff, 0x2050ff);
    g->ship_alive = false;
    g->respawn = 60;
    if (!g->attract && --g->lives <= 0) {
        g->over = true;
        g->over_ticks = 0;
    }
}

/* Attract mode: line up under the lowest rock and shoot it. */
static void autopilot(Game *g, bool *left, bool *right, bool *fire)
{
    const Rock *best = 0;
    for (int i = 0; i < MAX_ROCKS; i++) {
        const Rock *k = &g->rocks[i];
        if (k->live && k->y > 0 && k->y < g->sy - Q(g, 40) && (!best || k->y > best->y))
            best = k;
    }
    if (!best)
        return;
    /* lead the target by the time a shot needs to reach it */
    int32_t t = (g->sy - best->y) / Q(g, SHOT_SPEED);
    int32_t aim = best->x + best->vx * t;
    int32_t dx = aim - g->sx, dead = Q(g, 4);
    *left = dx < -dead;
    *right = dx > dead;
    *fire = dx > -Q(g, best->r) && dx < Q(g, best->r);
}

static void move_ship(Game *g)
{
    const Layout *L = g->L;
    bool left = g->left, right = g->right, up = g->up, down = g->down, fire = g->fire;
    if (g->attract) {
        up = down = false;
        autopilot(g, &left, &right, &fire);
    }
    int32_t v = Q(g, SHIP_SPEED);
    g->sx += (right - left) * v;
    g->sy += (down - up) * v;
    int32_t mx = Q(g, 20);
    int32_t xmin = mx, xmax = ((int32_t)L->w << 8) - mx;
    int32_t ymin = (int32_t)(L->h * 40 / 100) << 8, ymax = ((int32_t)L->h << 8) - Q(g, 60);
    g->sx = g->sx < xmin ? xmin : g->sx > xmax ? xmax : g->sx;
    g->sy = g->sy < ymin ? ymin : g->sy > ymax ? ymax : g->sy;

    if (g->cooldown > 0)
        g->cooldown--;
    if ((fire || g->fire_edge) && g->cooldown == 0) {
        fire_shot(g);
        g->cooldown = FIRE_EVERY;
    }
}

static bool hits(const Game *g, int32_t x, int32_t y, const Rock *k, int extra)
{
    int64_t dx = x - k->x, dy = y - k->y, rr = Q(g, k->r + extra);
    return dx * dx + dy * dy < rr * rr;
}

void game_tick(Game *g)
{
    const Layout *L = g->L;
    g->ticks++;

    if (g->over) {
        g->over_ticks++;
        if (g->fire_edge && g->over_ticks > 30)
            reset_play(g);
        g->fire_edge = false;
    } else if (g->ship_alive) {
        move_ship(g);
        if (g->invuln > 0)
            g->invuln--;
    } else if (--g->respawn <= 0) {
        g->ship_alive = true;
        g->invuln = 90;
        g->sx = (int32_t)L->w << 7;
        g->sy = (int32_t)(L->h * 82 / 100) << 8;
    }
    g->fire_edge = false;

    /* rocks arrive faster as the score grows */
    if (--g->spawn_timer <= 0) {
        spawn_rock(g);
        int lo = 14, hi = 40 - (int)(g->score / 100 > 18 ? 18 : g->score / 100);
        g->spawn_timer = rng_range(&g->rng, lo, hi);
    }

    for (int i = 0; i < MAX_SHOTS; i++) {
        Shot *s = &g->shots[i];
        if (!s->live)
            continue;
        s->y += s->vy;
        if (s->y < -Q(g, 20)) {
            s->live = false;
            continue;
        }
        for (int j = 0; j < MAX_ROCKS; j++) {
            Rock *k = &g->rocks[j];
            if (k->live && hits(g, s->x, s->y, k, 2)) {
                s->live = false;
                break_rock(g, k);
                break;
            }
        }
    }

    for (int i = 0; i < MAX_ROCKS; i++) {
        Rock *k = &g->rocks[i];
        if (!k->live)
            continue;
        k->x += k->vx;
        k->y += k->vy;
        k->angle += k->spin;
        int32_t r = Q(g, k->r);
        if (k->y - r > ((int32_t)L->h << 8) || k->x + r < -Q(g, 80) ||
            k->x - r > ((int32_t)L->w << 8) + Q(g, 80)) {
            k->live = false;
            continue;
        }
        if (g->ship_alive && !g->invuln && !g->over && hits(g, g->sx, g->sy, k, 8)) {
            break_rock(g, k);
            kill_ship(g);
        }
    }

    for (int i = 0; i < MAX_SPARKS; i++) {
        Spark *s = &g->sparks[i];
        if (!s->life)
            continue;
        s->life--;
        s->x += s->vx;
        s->y += s->vy;
        s->vx = s->vx * 15 / 16;     /* drag, so bursts settle */
        s->vy = s->vy * 15 / 16;
    }
}

/* ---- drawing ---- */

static void draw_rock(const Game *g, Canvas *c, const Rock *k)
{
    int vx[ROCK_MAX_VERTS], vy[ROCK_MAX_VERTS];
    int cx = px(k->x), cy = px(k->y);
    int r = U(g->L, k->r);
    for (int i = 0; i < k->nv; i++) {
        int a = k->angle + i * ANGLE_STEPS / k->nv;
        int d = r * k->radial[i] / 256;
        vx[i] = cx + icos(a) * d / FIX_ONE;
        vy[i] = cy + isin(a) * d / FIX_ONE;
    }
    /* a dark body so the grid does not show through, then the outline */
    uint32_t body = mix(0x0c0418, k->color, 40);
    for (int i = 0; i < k->nv; i++) {
        int j = (i + 1) % k->nv;
        fill_triangle(c, cx, cy, vx[i], vy[i], vx[j], vy[j], body);
    }
    int thick = U(g->L, 2);
    for (int i = 0; i < k->nv; i++) {
        int j = (i + 1) % k->nv;
        line(c, vx[i], vy[i], vx[j], vy[j], thick, k->color);
    }
    /* two inner struts make it read as a faceted 3-D rock */
    line(c, vx[0], vy[0], cx, cy, 1, mix(body, k->color, 120));
    line(c, vx[k->nv / 2], vy[k->nv / 2], cx, cy, 1, mix(body, k->color, 120));
}

/* The ship, in design pixels around its centre, nose up. */
static void draw_ship_at(const Layout *L, Canvas *c, int x, int y, int scale256, uint32_t tick, bool flame)
{
#define SX(d) (x + (d) * L->u256 * scale256 / 65536)
#define SY(d) (y + (d) * L->u256 * scale256 / 65536)
    if (flame) {
        int len = 10 + (int)(hash32(tick) % 9);
        fill_triangle(c, SX(-5), SY(9), SX(5), SY(9), SX(0), SY(9 + len), 0xff7a2a);
        fill_triangle(c, SX(-3), SY(9), SX(3), SY(9), SX(0), SY(9 + len * 6 / 10), 0xfff0a0);
    }
    /* wings, then the hull in two shades (lit from the left), then canopy */
    fill_triangle(c, SX(0), SY(-6), SX(-17), SY(12), SX(0), SY(8), 0x2f7fd8);
    fill_triangle(c, SX(0), SY(-6), SX(17), SY(12), SX(0), SY(8), 0x1c4fa0);
    fill_triangle(c, SX(0), SY(-20), SX(-7), SY(10), SX(0), SY(6), 0x9ff4ff);
    fill_triangle(c, SX(0), SY(-20), SX(7), SY(10), SX(0), SY(6), 0x4cc6ee);
    fill_triangle(c, SX(0), SY(-10), SX(-3), SY(-1), SX(3), SY(-1), 0x12203a);
    fill_rect(c, SX(-14), SY(6), SX(2) - SX(0) + 1, SY(8) - SY(0), 0xff5fc8);
    fill_rect(c, SX(12), SY(6), SX(2) - SX(0) + 1, SY(8) - SY(0), 0xff5fc8);
#undef SX
#undef SY
}

void game_draw(const Game *g, Canvas *c, uint32_t tick)
{
    const Layout *L = g->L;
    for (int i = 0; i < MAX_ROCKS; i++)
        if (g->rocks[i].live)
            draw_rock(g, c, &g->rocks[i]);

    int sw = U(L, 3), sh = U(L, 12);
    for (int i = 0; i < MAX_SHOTS; i++) {
        const Shot *s = &g->shots[i];
        if (!s->live)
            continue;
        int x = px(s->x), y = px(s->y);
        fill_rect(c, x - sw / 2 - 1, y, sw + 2, sh, 0xff4fa8);
        fill_rect(c, x - sw / 2, y, sw, sh, 0xfffbd0);
    }

    /* blink while invulnerable after a respawn */
    if (g->ship_alive && !g->over && !(g->invuln > 0 && (g->invuln / 4) % 2))
        draw_ship_at(L, c, px(g->sx), px(g->sy), 256, tick, true);

    int ss = U(L, 3);
    for (int i = 0; i < MAX_SPARKS; i++) {
        const Spark *s = &g->sparks[i];
        if (!s->life)
            continue;
        int age = (s->max_life - s->life) * 256 / s->max_life;
        uint32_t col = mix(s->hot, s->cold, age);
        col = mix(col, 0, age * age / 512);
        int x = px(s->x), y = px(s->y);
        for (int dy = 0; dy < ss; dy++)
            for (int dx = 0; dx < ss; dx++)
                plot_add(c, x + dx, y + dy, col);
    }
}

void game_draw_hud(const Game *g, Canvas *c, uint32_t tick)
{
    const Layout *L = g->L;
    char buf[32];
    int m = U(L, 12), ts = L->ts;
    fmt_snprintf(buf, sizeof buf, "SCORE %06u", (unsigned)g->score);
    shadow_text(c, L, m, m, buf, ts, 0xfff2a8, 0);

    if (g->attract) {
        shadow_text(c, L, c->w - m - text_width("DEMO", ts), m, "DEMO", ts, 0x9ff4ff, 0);
        if ((tick / 20) % 3 != 2)
            shadow_text(c, L, c->w / 2, c->h - (FONT_H + 4) * ts * 2 - U(L, 10),
                        "press an arrow key to play", ts, 0xffd36b, 1);
    } else {
        /* lives as little ships in the top right */
        int step = U(L, 26);
        for (int i = 0; i < g->lives; i++)
            draw_ship_at(L, c, c->w - m - U(L, 10) - i * step, m + U(L, 8), 150, tick, false);
    }

    if (g->over) {
        int big = ts * 3;
        int y = c->h * 45 / 100;
        /* a dark panel with every other row left out: see-through, and
         * half the cost of blending */
        int pw = text_width("GAME OVER", big) + U(L, 40);
        int py0 = y - U(L, 16), py1 = y + (FONT_H + 4) * big + (FONT_H + 6) * ts * 2 + 10 * ts;
        for (int yy = py0; yy < py1; yy += 2)
            hline(c, c->w / 2 - pw / 2, c->w / 2 + pw / 2, yy, 0x0c0318);
        hline(c, c->w / 2 - pw / 2, c->w / 2 + pw / 2, py0 - 1, 0xff5fc8);
        hline(c, c->w / 2 - pw / 2, c->w / 2 + pw / 2, py1, 0xff5fc8);
        shadow_text(c, L, c->w / 2, y, "GAME OVER", big, 0xff5f8f, 1);
        fmt_snprintf(buf, sizeof buf, "score %u", (unsigned)g->score);
        shadow_text(c, L, c->w / 2, y + (FONT_H + 4) * big, buf, ts * 2, 0xfff2a8, 1);
        if (g->over_ticks > 30 && (tick / 15) % 2 == 0)
            shadow_text(c, L, c->w / 2, y + (FONT_H + 4) * big + (FONT_H + 6) * ts * 2,
                        "SPACE to play again", ts, 0xf0e8ff, 1);
    }
}
