/*
 * ferry's virt-board demo: boot, find the framebuffer and the keyboard,
 * then draw frames at 30 per second until Esc or Q (or, in test mode, for
 * exactly demo.frames=N frames, then print a checksum and power off).
 */
#include <stdbool.h>
#include <stdint.h>

#include "board.h"
#include "console.h"
#include "draw.h"
#include "fixmath.h"
#include "font.h"
#include "game.h"
#include "layout.h"
#include "lib.h"
#include "riscv.h"
#include "sbi.h"
#include "scene.h"
#include "virtio_kbd.h"

#define FPS 30
#define SIFIVE_TEST 0x100000ul
#define FINISHER_PASS 0x5555u
#define FINISHER_FAIL 0x3333u   /* | exit code << 16 */

/* When there is no device tree at all, assume ferry's virt board defaults. */
#define DEFAULT_FB_BASE 0x40000000ul
#define DEFAULT_FB_W 800
#define DEFAULT_FB_H 600

extern char _end[];

static bool have_time_ext, have_srst;

static __attribute__((noreturn)) void poweroff(bool failure)
{
    if (have_srst)
        sbi_call(SBI_EXT_SRST, 0, SBI_SRST_SHUTDOWN,
                 failure ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE);
    /* no SRST, or it returned: the sifive,test finisher */
    mmio_w32(SIFIVE_TEST, failure ? FINISHER_FAIL | 1u << 16 : FINISHER_PASS);
    for (;;)
        wfi();
}

/* Called from start.S on any trap: the demo never expects one. */
void demo_trap(unsigned long cause, unsigned long epc, unsigned long tval);
void demo_trap(unsigned long cause, unsigned long epc, unsigned long tval)
{
    con_printf("virt-demo: unexpected trap: scause 0x%lx sepc 0x%lx stval 0x%lx\n", cause, epc,
               tval);
    poweroff(true);
}

/* false if the firmware has no timer for us */
static bool set_timer(uint64_t when)
{
    SbiRet r = have_time_ext ? sbi_call(SBI_EXT_TIME, 0, (long)when, 0)
                             : sbi_call(SBI_EXT_LEGACY_SET_TIMER, 0, (long)when, 0);
    return r.error == 0;
}

/* Sleep until `rdtime` reaches `when`. The timer interrupt is enabled in
 * sie but sstatus.SIE stays 0, so it is never taken: it only makes `wfi`
 * return. Setting the next timer clears the pending bit again. */
static void sleep_until(uint64_t when)
{
    if (rdtime() >= when)
        return;
    if (!set_timer(when)) {
        /* no timer interrupt would ever end a wfi: spin instead */
        while (rdtime() < when)
            ;
        return;
    }
    while (rdtime() < when)
        wfi();
}

/* FNV-1a (32-bit) over the visible pixels, row by row, each pixel as its 4
 * little-endian bytes; padding past the width of a row is not included. */
static uint32_t checksum(const uint32_t *px, int w, int h, int pitch)
{
    uint32_t hsh = 2166136261u;
    for (int y = 0; y < h; y++) {
        const volatile uint32_t *row = px + (long)y * pitch;
        for (int x = 0; x < w; x++) {
            uint32_t p = row[x];
            for (int b = 0; b < 4; b++) {
                hsh ^= (p >> (8 * b)) & 0xff;
                hsh *= 16777619u;
            }
        }
    }
    return hsh;
}

static const char *key_name(uint16_t code)
{
    switch (code) {
    case KEY_ESC: return "esc";
    case KEY_Q: return "q";
    case KEY_SPACE: return "space";
    case KEY_UP: return "up";
    case KEY_DOWN: return "down";
    case KEY_LEFT: return "left";
    case KEY_RIGHT: return "right";
    default: return 0;
    }
}

static Game game;

void demo_main(unsigned long hart, unsigned long dtb);
void demo_main(unsigned long hart, unsigned long dtb)
{
    have_time_ext = sbi_has(SBI_EXT_TIME);
    have_srst = sbi_has(SBI_EXT_SRST);
    con_printf("virt-demo: ferry virt demo, hart %lu, device tree at 0x%lx\n", hart, dtb);

    BoardInfo bi;
    board_probe(dtb, &bi);
    uint32_t frames = 0;
    bool test_mode = board_arg_u32(&bi, "demo.frames", &frames) && frames > 0;

    /* The screen: the DT's simple-framebuffer; none in a valid DT (QEMU's
     * virt) means headless, drawing into RAM only; no DT at all means we
     * trust the virt board's defaults. */
    uint32_t *fb = 0;
    int w = DEFAULT_FB_W, h = DEFAULT_FB_H, fb_pitch = DEFAULT_FB_W;
    if (bi.have_fb) {
        fb = (uint32_t *)(uintptr_t)bi.fb_base;
        w = (int)bi.fb_width;
        h = (int)bi.fb_height;
        fb_pitch = (int)(bi.fb_stride / 4);
        con_printf("virt-demo: framebuffer %dx%d %s, stride %u, at 0x%lx\n", w, h, bi.fb_format,
                   bi.fb_stride, (unsigned long)bi.fb_base);
    } else if (!bi.dt_ok) {
        fb = (uint32_t *)DEFAULT_FB_BASE;
        con_printf("virt-demo: no device tree; assuming a %dx%d framebuffer at 0x%lx\n", w, h,
                   DEFAULT_FB_BASE);
    }
    if (w > 8192 || h > 8192 || w < 64 || h < 64) {
        con_printf("virt-demo: framebuffer size %dx%d not supported\n", w, h);
        poweroff(true);
    }

    /* Draw each frame into a RAM back buffer and copy the finished frame
     * out: the display reads the framebuffer at any moment, and drawing in
     * place (sky first, ship last) would show half-drawn frames as flicker.
     * If RAM is too small for a back buffer, draw in place after all. */
    uintptr_t heap = ((uintptr_t)_end + 4095) & ~(uintptr_t)4095;
    uint64_t ram_end = bi.ram_base + bi.ram_size;
    if (dtb >= heap && dtb < ram_end)
        ram_end = dtb;               /* keep the device tree intact */
    uint64_t need = (uint64_t)w * (uint64_t)h * 4;
    Canvas c = {0};
    bool back = heap + need <= ram_end;
    if (back) {
        c.px = (uint32_t *)heap;
        c.pitch = w;
    } else if (fb) {
        c.px = fb;
        c.pitch = fb_pitch;
    } else {
        con_printf("virt-demo: no framebuffer and no room in RAM to draw\n");
        poweroff(true);
    }
    c.w = w;
    c.h = h;
    if (!fb)
        con_printf("virt-demo: no simple-framebuffer in the device tree: drawing %dx%d into RAM "
                   "at 0x%lx\n", w, h, (unsigned long)heap);

    KbdInfo kbd;
    if (kbd_init(&kbd))
        con_printf("virt-demo: keyboard \"%s\" on virtio-mmio slot %d at 0x%lx\n", kbd.name,
                   kbd.slot, (unsigned long)kbd.base);
    else
        con_printf("virt-demo: no virtio keyboard found (the ship flies itself)\n");

    fixmath_init();
    font_init();
    static Layout L;
    layout_init(&L, w, h);
    scene_init(&L);
    game_init(&game, &L, 0xc0ffee11u);

    if (test_mode)
        con_printf("virt-demo: test mode: %u frames\n", frames);
    else
        con_printf("virt-demo: %d fps, timer %lu Hz; arrows move, space fires, Esc/Q quits\n",
                   FPS, (unsigned long)bi.timebase_hz);

    sie_set(SIE_STIE);
    uint64_t period = bi.timebase_hz / FPS ? bi.timebase_hz / FPS : 1;
    uint64_t start = rdtime(), next = start;
    uint32_t tick = 0, frame = 0, fps_frames = 0;
    uint64_t fps_t0 = start;
    unsigned fps10 = 0;

    for (;;) {
        KbdEvent ev[16];
        int n;
        while ((n = kbd_poll(ev, 16)) > 0)
            for (int i = 0; i < n; i++) {
                if (ev[i].type != EV_KEY || ev[i].value == 2)
                    continue;               /* auto-repeat: keys are held */
                bool down = ev[i].value != 0;
                if (test_mode) {
                    /* in test mode keys are reported and played, never quit */
                    const char *nm = key_name(ev[i].code);
                    con_printf("virt-demo: key %u %s%s%s%s\n", ev[i].code, down ? "down" : "up",
                               nm ? " (" : "", nm ? nm : "", nm ? ")" : "");
                } else if (down && (ev[i].code == KEY_ESC || ev[i].code == KEY_Q)) {
                    con_printf("virt-demo: quit after %u frames, score %u\n", frame,
                               (unsigned)game.score);
                    poweroff(false);
                }
                game_key(&game, ev[i].code, down);
            }

        /* Advance the game to the present: exactly one tick per frame in
         * test mode; by the timer otherwise, catching up at most 4 ticks
         * when frames run late so a slow host slows the game down rather
         * than making it jump. */
        if (test_mode) {
            game_tick(&game);
            tick++;
        } else {
            uint64_t due = (rdtime() - start) / period + 1;
            int steps = 0;
            while (tick < due && steps < 4) {
                game_tick(&game);
                tick++;
                steps++;
            }
            if (tick < due)
                start += (due - tick) * period;   /* give up on the lost time */
            if (steps == 0) {
                game_tick(&game);
                tick++;
            }
        }

        scene_background(&c, &L, tick);
        game_draw(&game, &c, tick);
        scene_overlay(&c, &L, tick);
        game_draw_hud(&game, &c, tick);
        if (!test_mode && fps10) {
            char buf[24];
            fmt_snprintf(buf, sizeof buf, "%u.%u fps", fps10 / 10, fps10 % 10);
            /* top right, under DEMO or the lives */
            text(&c, w - text_width(buf, L.ts) - U(&L, 12), U(&L, 12) + 12 * L.ts + U(&L, 10),
                 buf, L.ts, 0x8070a0);
        }
        if (fb && back)
            for (int y = 0; y < h; y++)
                copy32(fb + (long)y * fb_pitch, c.px + (long)y * w, w);
        frame++;

        if (test_mode && frame == frames) {
            uint32_t sum = fb ? checksum(fb, w, h, fb_pitch) : checksum(c.px, w, h, c.pitch);
            con_printf("virt-demo: %u frames, checksum %08x\n", frames, sum);
            poweroff(false);
        }

        uint64_t now = rdtime();
        fps_frames++;
        if (now - fps_t0 >= bi.timebase_hz) {
            fps10 = (unsigned)(fps_frames * 10 * bi.timebase_hz / (now - fps_t0));
            fps_frames = 0;
            fps_t0 = now;
            if (!test_mode && frame % (FPS * 10) < FPS)
                con_printf("virt-demo: frame %u, %u.%u fps, score %u\n", frame, fps10 / 10,
                           fps10 % 10, (unsigned)game.score);
        }

        /* Pace to FPS; if we fell far behind, start counting afresh. */
        next += period;
        if (now > next + 4 * period)
            next = now;
        sleep_until(next);
    }
}
