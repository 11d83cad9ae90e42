/*
 * The SDL2 window of `ferry boot`: shows the guest framebuffer, feeds the
 * host keyboard and mouse to the guest's virtio keyboard and tablet, and
 * writes screenshots. The machine runs on its own thread; the window's
 * event and render loop owns the calling (main) thread, which SDL wants.
 *
 * A click in the window grabs keyboard and mouse (that click is not passed
 * to the guest); the tablet is absolute, so the guest's pointer is where the
 * host's would be. The mouse wheel and text input are not forwarded.
 *
 * Hotkeys (never delivered to the guest):
 *   Ctrl+Alt+G   release the grab
 *   Ctrl+Alt+S   write a screenshot (screenshot_path, or the first unused
 *                ferry-screenshot-N.png in the current directory)
 *
 * While the window is open, SDL turns SIGINT/SIGTERM into a window close
 * (unless the program already handles those signals), so a killed
 * `ferry boot` still stops the machine and writes its screenshot.
 */
#ifndef FERRY_DISPLAY_SDL_H
#define FERRY_DISPLAY_SDL_H

#include <stdbool.h>

#include "../devices/boards/riscv_virt.h"

typedef struct DisplayOptions {
    const char *screenshot_path;  /* write a PNG here at poweroff/stop, and on the screenshot key; NULL or "": none */
    unsigned scale;               /* 0: pick an integer scale that fits the desktop */
} DisplayOptions;

/* Is a display available (SDL video init succeeds with a real driver, not "offscreen"/"dummy")? Cheap to call once.
 * Without DISPLAY, WAYLAND_DISPLAY or SDL_VIDEODRIVER in the environment: false, without asking SDL. */
bool display_available(void);

/* Open the window, start virt_run(m) on a new thread, run the SDL event/render loop on the
 * calling (main) thread until the machine stops or the window is closed (then virt_request_stop
 * and join). Returns the VirtStop the machine ended with; VIRT_STOP_ERROR, with a message
 * on stderr and the machine never started, when the window cannot be opened. */
VirtStop display_run(VirtMachine *m, const DisplayOptions *opt);

#endif
