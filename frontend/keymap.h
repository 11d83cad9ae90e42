/*
 * Host keyboard -> guest keyboard: SDL scancodes (physical key positions,
 * USB HID usages for the main block) to Linux evdev key codes, which is what
 * virtio-input carries and what virt_key() takes.
 *
 * The argument is a plain int, not SDL_Scancode, so this header pulls in no
 * SDL and the table can be unit-tested without a display.
 */
#ifndef FERRY_KEYMAP_H
#define FERRY_KEYMAP_H

#include <stdint.h>

/* Linux KEY_* code for an SDL scancode (SDL_Scancode value), 0 when none. */
uint16_t keymap_sdl_to_linux(int sdl_scancode);

#endif
