/*
 * The SDL2 window for system mode (see display_sdl.h).
 *
 * Threads: SDL wants its video and event calls on the thread that
 * initialised it, and the guest must keep running while the window is being
 * dragged or redrawn, so the machine gets a thread of its own and this
 * (main) thread only renders and translates input. The virt_* frontend calls
 * are the only contact between the two; they are safe from any thread.
 *
 * ~60 times a second the framebuffer in guest RAM is compared with a copy of
 * what is on screen, and only rows that changed are uploaded and drawn: an
 * idle console costs a memcmp, not a redraw (software GL under Xvfb would
 * otherwise burn a core). The guest may be writing while we copy: a frame
 * can show a half-drawn update, which the next frame repairs, so no locking
 * is worth its cost here.
 */
#include "display_sdl.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keymap.h"
#include "screenshot.h"

#define FRAME_MS 16          /* ~60 frames a second */
#define TITLE_MS 500         /* the title's status twice a second */
#define MAX_AUTO_SCALE 8
#define NOFB_WIDTH 640       /* window size while the board has no framebuffer */
#define NOFB_HEIGHT 480

typedef struct Display {
    VirtMachine *m;
    const char *screenshot_path;  /* NULL: none (ferry-screenshot-N.png on the hotkey) */
    unsigned scale;
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;
    unsigned tex_w, tex_h;      /* the texture's (and logical) size, 0 without one */
    uint8_t *shown;             /* the pixels in the texture, tex_w * 4 a row */
    bool upload_all;            /* the texture is new: its contents are undefined */
    bool redraw;                /* the window needs presenting even if no pixel changed */
    Uint32 wake_event;          /* pushed when virt_run returns; (Uint32)-1 if none */
    SDL_atomic_t machine_done;
    VirtStop stop;              /* written by the machine thread before machine_done */
    bool grabbed;
    /* keys the guest has been told are down, so focus loss can release them */
    bool key_down[SDL_NUM_SCANCODES];
    /* hotkey presses: their release must not reach the guest either */
    bool hotkey_down[SDL_NUM_SCANCODES];
    unsigned buttons;           /* guest button bits: 1 left, 2 right, 4 middle */
    unsigned swallowed_buttons; /* the click that grabbed: its release is ours too */
    int px, py;                 /* pointer in framebuffer pixels */
    bool pointer_moved;         /* motion since the last virt_pointer call */
    int sent_x, sent_y;         /* what the guest was told last, */
    unsigned sent_buttons;      /* so that repeats are not sent again */
    bool sent_any;
    unsigned shot_seq;          /* last N used for ferry-screenshot-N.png */
    char title[192];
} Display;

static bool env_set(const char *name)
{
    const char *v = getenv(name);
    return v && *v;
}

bool display_available(void)
{
    /* Without a desktop session, SDL would still probe Wayland's default
     * socket, and libwayland prints an error about XDG_RUNTIME_DIR on the
     * way; the Linux console (kmsdrm) stays reachable through
     * SDL_VIDEODRIVER. */
    if (!env_set("SDL_VIDEODRIVER") && !env_set("DISPLAY") && !env_set("WAYLAND_DISPLAY"))
        return false;
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
        return false;
    /* "offscreen" and "dummy" initialise without any screen: no window anyone sees */
    const char *driver = SDL_GetCurrentVideoDriver();
    bool real = driver && strcmp(driver, "offscreen") != 0 && strcmp(driver, "dummy") != 0 &&
                SDL_GetNumVideoDisplays() > 0;
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    return real;
}

static int machine_thread(void *arg)
{
    Display *d = arg;
    d->stop = virt_run(d->m);
    SDL_AtomicSet(&d->machine_done, 1);
    /* wake the event loop now rather than at its next timeout */
    if (d->wake_event != (Uint32)-1) {
        SDL_Event ev;
        SDL_zero(ev);
        ev.type = d->wake_event;
        SDL_PushEvent(&ev);
    }
    return 0;
}

/* The largest integer scale at which the framebuffer fits on the desktop,
 * leaving room for the window frame and a panel. */
static unsigned fitting_scale(unsigned w, unsigned h)
{
    SDL_Rect r;
    if (SDL_GetDisplayUsableBounds(0, &r) != 0 || r.w <= 0 || r.h <= 0)
        return 1;
    unsigned sx = (unsigned)r.w / w;
    unsigned sy = (unsigned)(r.h - r.h / 16) / h;
    unsigned s = sx < sy ? sx : sy;
    if (s < 1)
        return 1;
    return s > MAX_AUTO_SCALE ? MAX_AUTO_SCALE : s;
}

/* Make the texture match the framebuffer's size (it is fixed in practice,
 * but a board may set it up after the window opens). */
static bool ensure_texture(Display *d, unsigned w, unsigned h)
{
    if (d->tex && d->tex_w == w && d->tex_h == h)
        return true;
    if (d->tex)
        SDL_DestroyTexture(d->tex);
    d->tex = NULL;
    d->tex_w = d->tex_h = 0;
    SDL_free(d->shown);
    d->shown = SDL_malloc((size_t)w * h * 4);
    if (!d->shown)
        return false;
    /* XRGB8888 (SDL calls it RGB888) has the guest's byte layout, B G R x
     * on a little-endian host, and ignores the fourth byte: guests leave
     * the "alpha" byte of simple-framebuffer pixels at 0. */
    d->tex = SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING, (int)w, (int)h);
    if (!d->tex)
        return false;
    SDL_SetTextureBlendMode(d->tex, SDL_BLENDMODE_NONE);
    /* logical size + integer scale: crisp pixels, letterboxed when the
     * window's shape differs; SDL also maps mouse events to logical pixels */
    SDL_RenderSetLogicalSize(d->ren, (int)w, (int)h);
    SDL_RenderSetIntegerScale(d->ren, SDL_TRUE);
    d->tex_w = w;
    d->tex_h = h;
    d->upload_all = true;
    return true;
}

/* Copy the rows of the guest framebuffer that differ from what is shown and
 * upload them to the texture; false when nothing changed. */
static bool upload_changes(Display *d, const VirtFramebuffer *fb)
{
    size_t row = (size_t)fb->width * 4;
    int first = -1, last = -1;
    for (unsigned y = 0; y < fb->height; y++) {
        const uint8_t *src = fb->pixels + (size_t)y * fb->stride;
        uint8_t *dst = d->shown + y * row;
        if (!d->upload_all && memcmp(dst, src, row) == 0)
            continue;
        memcpy(dst, src, row);
        if (first < 0)
            first = (int)y;
        last = (int)y;
    }
    d->upload_all = false;
    if (first < 0)
        return false;
    SDL_Rect rows = { 0, first, (int)fb->width, last - first + 1 };
    SDL_UpdateTexture(d->tex, &rows, d->shown + (size_t)first * row, (int)row);
    return true;
}

static void render(Display *d)
{
    if (SDL_GetWindowFlags(d->win) & (SDL_WINDOW_HIDDEN | SDL_WINDOW_MINIMIZED))
        return;
    VirtFramebuffer fb = virt_framebuffer(d->m);
    bool have_fb = fb.pixels && fb.width && fb.height && fb.stride / 4 >= fb.width &&
                   ensure_texture(d, fb.width, fb.height);
    if (have_fb && upload_changes(d, &fb))
        d->redraw = true;
    if (!d->redraw)
        return;
    d->redraw = false;
    SDL_SetRenderDrawColor(d->ren, 0, 0, 0, 255);
    SDL_RenderClear(d->ren);
    if (have_fb)
        SDL_RenderCopy(d->ren, d->tex, NULL, NULL);
    SDL_RenderPresent(d->ren);
}

static void update_title(Display *d)
{
    VirtStatus s = virt_status(d->m);
    char t[sizeof d->title];
    if (s.stopped)
        snprintf(t, sizeof t, "ferry virt — powered off");
    else if (s.idle)
        snprintf(t, sizeof t, "ferry virt — idle");
    else
        snprintf(t, sizeof t, "ferry virt — running — %.0f MIPS", s.mips);
    if (d->grabbed)
        strncat(t, " — Ctrl+Alt+G releases the mouse", sizeof t - strlen(t) - 1);
    if (strcmp(t, d->title) != 0) {  /* spare the window manager */
        memcpy(d->title, t, sizeof t);
        SDL_SetWindowTitle(d->win, t);
    }
}

/* Grabbing keeps the desktop's shortcuts (Alt+Tab, ...) for the guest and
 * the pointer inside the window. The tablet is absolute, so no relative
 * mouse mode: the guest draws its own cursor where the host's would be. */
static void set_grab(Display *d, bool on)
{
    if (d->grabbed == on)
        return;
    d->grabbed = on;
    SDL_SetWindowKeyboardGrab(d->win, on ? SDL_TRUE : SDL_FALSE);
    SDL_SetWindowMouseGrab(d->win, on ? SDL_TRUE : SDL_FALSE);
    SDL_ShowCursor(on ? SDL_DISABLE : SDL_ENABLE);
    update_title(d);
}

/* Write the current framebuffer to path, or to the first unused
 * ferry-screenshot-N.png in the current directory when path is NULL. */
static void write_screenshot(Display *d, const char *path)
{
    char name[64];
    if (!path) {
        do
            snprintf(name, sizeof name, "ferry-screenshot-%u.png", ++d->shot_seq);
        while (access(name, F_OK) == 0 && d->shot_seq < 100000);
        path = name;
    }
    VirtFramebuffer fb = virt_framebuffer(d->m);
    char err[256];
    if (screenshot_write_png(path, fb.pixels, fb.width, fb.height, fb.stride, err, sizeof err) != 0)
        fprintf(stderr, "ferry: screenshot: %s\n", err);
    else
        fprintf(stderr, "ferry: screenshot written to %s\n", path);
}

static void handle_key(Display *d, const SDL_KeyboardEvent *k)
{
    int sc = k->keysym.scancode;
    if (sc < 0 || sc >= SDL_NUM_SCANCODES)
        return;
    bool down = k->state == SDL_PRESSED;
    if (down && k->repeat)
        return;  /* the guest's input layer repeats keys itself */
    bool ctrl_alt = (k->keysym.mod & KMOD_CTRL) && (k->keysym.mod & KMOD_ALT);
    if (down && ctrl_alt && (sc == SDL_SCANCODE_G || sc == SDL_SCANCODE_S)) {
        d->hotkey_down[sc] = true;
        if (sc == SDL_SCANCODE_G)
            set_grab(d, false);
        else
            write_screenshot(d, d->screenshot_path);
        return;
    }
    if (!down && d->hotkey_down[sc]) {
        d->hotkey_down[sc] = false;
        return;
    }
    uint16_t code = keymap_sdl_to_linux(sc);
    if (!code || d->key_down[sc] == down)
        return;
    d->key_down[sc] = down;
    virt_key(d->m, code, down);
}

/* SDL has already turned window coordinates into framebuffer pixels
 * (SDL_RenderSetLogicalSize); clicks on the letterbox bars land outside. */
static void set_pointer(Display *d, int x, int y)
{
    if (!d->tex_w)
        return;
    d->px = x < 0 ? 0 : x >= (int)d->tex_w ? (int)d->tex_w - 1 : x;
    d->py = y < 0 ? 0 : y >= (int)d->tex_h ? (int)d->tex_h - 1 : y;
    d->pointer_moved = true;
}

static void flush_pointer(Display *d)
{
    if (!d->pointer_moved || !d->tex_w)
        return;
    d->pointer_moved = false;
    if (d->sent_any && d->px == d->sent_x && d->py == d->sent_y && d->buttons == d->sent_buttons)
        return;
    virt_pointer(d->m, d->px, d->py, d->buttons);
    d->sent_any = true;
    d->sent_x = d->px;
    d->sent_y = d->py;
    d->sent_buttons = d->buttons;
}

/* The guest must not keep a key or button "held" that the host released
 * while another window had the focus. */
static void release_all(Display *d)
{
    for (int sc = 0; sc < SDL_NUM_SCANCODES; sc++) {
        if (d->key_down[sc]) {
            d->key_down[sc] = false;
            virt_key(d->m, keymap_sdl_to_linux(sc), false);
        }
        d->hotkey_down[sc] = false;
    }
    if (d->buttons) {
        d->buttons = 0;
        d->pointer_moved = true;
        flush_pointer(d);
    }
    d->swallowed_buttons = 0;
}

static unsigned button_bit(Uint8 button)
{
    switch (button) {
    case SDL_BUTTON_LEFT: return 1;
    case SDL_BUTTON_RIGHT: return 2;
    case SDL_BUTTON_MIDDLE: return 4;
    default: return 0;
    }
}

static void handle_button(Display *d, const SDL_MouseButtonEvent *b)
{
    unsigned bit = button_bit(b->button);
    set_pointer(d, b->x, b->y);
    if (b->state == SDL_PRESSED && !d->grabbed) {
        /* this click only takes the window: the guest sees neither edge */
        set_grab(d, true);
        d->swallowed_buttons |= bit;
        return;
    }
    if (b->state == SDL_RELEASED && (d->swallowed_buttons & bit)) {
        d->swallowed_buttons &= ~bit;
        return;
    }
    if (!bit)
        return;
    if (b->state == SDL_PRESSED)
        d->buttons |= bit;
    else
        d->buttons &= ~bit;
    d->pointer_moved = true;
    flush_pointer(d);
}

/* One event; false when the window was closed. */
static bool handle_event(Display *d, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_QUIT:
        return false;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_CLOSE)
            return false;
        d->redraw = true;  /* exposed, resized, restored, ... */
        if (ev->window.event == SDL_WINDOWEVENT_FOCUS_LOST) {
            release_all(d);
            set_grab(d, false);
        }
        break;
    case SDL_RENDER_TARGETS_RESET:
        d->redraw = true;
        break;
    case SDL_RENDER_DEVICE_RESET:
        /* textures are lost with the device: make a new one next frame */
        if (d->tex)
            SDL_DestroyTexture(d->tex);
        d->tex = NULL;
        d->redraw = true;
        break;
    case SDL_KEYDOWN:
    case SDL_KEYUP:
        handle_key(d, &ev->key);
        break;
    case SDL_MOUSEMOTION:
        /* only the latest position of a burst is sent (flush_pointer) */
        set_pointer(d, ev->motion.x, ev->motion.y);
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        handle_button(d, &ev->button);
        break;
    default:
        break;  /* the wake event only ends the wait */
    }
    return true;
}

static bool open_window(Display *d)
{
    VirtFramebuffer fb = virt_framebuffer(d->m);
    unsigned w = fb.width ? fb.width : NOFB_WIDTH;
    unsigned h = fb.height ? fb.height : NOFB_HEIGHT;
    unsigned scale = d->scale ? d->scale : fitting_scale(w, h);
    if (scale > MAX_AUTO_SCALE * 2)
        scale = MAX_AUTO_SCALE * 2;
    d->win = SDL_CreateWindow("ferry virt", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, (int)(w * scale),
                              (int)(h * scale), SDL_WINDOW_RESIZABLE);
    if (!d->win)
        return false;
    d->ren = SDL_CreateRenderer(d->win, -1, 0);
    if (!d->ren)
        return false;
    if (fb.pixels && fb.width && fb.height && !ensure_texture(d, fb.width, fb.height))
        return false;
    return true;
}

static void close_window(Display *d)
{
    if (d->win)
        set_grab(d, false);
    if (d->tex)
        SDL_DestroyTexture(d->tex);
    SDL_free(d->shown);
    if (d->ren)
        SDL_DestroyRenderer(d->ren);
    if (d->win)
        SDL_DestroyWindow(d->win);
    SDL_Quit();
}

VirtStop display_run(VirtMachine *m, const DisplayOptions *opt)
{
    Display display = { .m = m };
    Display *d = &display;
    if (opt && opt->screenshot_path && opt->screenshot_path[0])
        d->screenshot_path = opt->screenshot_path;
    d->scale = opt ? opt->scale : 0;

    /* nearest-neighbour scaling; read when a texture is created */
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "0");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "ferry: cannot open a window: %s\n", SDL_GetError());
        return VIRT_STOP_ERROR;
    }
    if (!open_window(d)) {
        fprintf(stderr, "ferry: cannot open a window: %s\n", SDL_GetError());
        close_window(d);
        return VIRT_STOP_ERROR;
    }
    /* keys go to the guest as key codes only: no text input, no IME */
    SDL_StopTextInput();
    d->wake_event = SDL_RegisterEvents(1);
    update_title(d);
    d->redraw = true;
    render(d);

    SDL_Thread *thread = SDL_CreateThread(machine_thread, "ferry-machine", d);
    if (!thread) {
        fprintf(stderr, "ferry: cannot start the machine thread: %s\n", SDL_GetError());
        close_window(d);
        return VIRT_STOP_ERROR;
    }

    Uint64 next_frame = SDL_GetTicks64() + FRAME_MS;
    Uint64 next_title = SDL_GetTicks64() + TITLE_MS;
    bool open = true;
    while (open && !SDL_AtomicGet(&d->machine_done)) {
        /* sleep until an event or the next frame is due: no busy loop */
        Uint64 now = SDL_GetTicks64();
        SDL_Event ev;
        int got = now < next_frame ? SDL_WaitEventTimeout(&ev, (int)(next_frame - now)) : SDL_PollEvent(&ev);
        while (got && open) {
            open = handle_event(d, &ev);
            got = SDL_PollEvent(&ev);
        }
        flush_pointer(d);
        now = SDL_GetTicks64();
        if (now >= next_frame) {
            render(d);
            next_frame = now + FRAME_MS;
        }
        if (now >= next_title) {
            update_title(d);
            next_title = now + TITLE_MS;
        }
    }

    if (!open) {
        /* closed by the person: hide at once, the machine may take a moment */
        SDL_HideWindow(d->win);
        virt_request_stop(m);
    }
    SDL_WaitThread(thread, NULL);
    if (d->screenshot_path)
        write_screenshot(d, d->screenshot_path);
    close_window(d);
    return d->stop;
}
