/*
 * What the demo learns about the machine from the device tree: the
 * framebuffer, the RAM, the timer frequency and the kernel command line.
 */
#ifndef VD_BOARD_H
#define VD_BOARD_H

#include <stdbool.h>
#include <stdint.h>

typedef struct BoardInfo {
    bool dt_ok;               /* a well-formed device tree was found */
    bool have_fb;             /* a usable simple-framebuffer node */
    uint64_t fb_base;
    uint32_t fb_width, fb_height, fb_stride;
    char fb_format[16];
    uint64_t ram_base, ram_size;
    uint64_t timebase_hz;
    const char *bootargs;     /* points into the device tree; may be NULL */
    uint32_t bootargs_len;
} BoardInfo;

/* Fill *bi from the device tree at dtb; defaults where it is silent. */
void board_probe(uintptr_t dtb, BoardInfo *bi);

/* The value N of "key=N" on the command line, if there. */
bool board_arg_u32(const BoardInfo *bi, const char *key, uint32_t *out);

#endif
