/*
 * A polled driver for a virtio-input keyboard on a virtio-mmio (version 2)
 * transport: finds the keyboard among the board's virtio slots, sets up its
 * event queue, and hands back Linux input events.
 */
#ifndef VD_VIRTIO_KBD_H
#define VD_VIRTIO_KBD_H

#include <stdbool.h>
#include <stdint.h>

#define EV_SYN 0
#define EV_KEY 1

/* Linux key codes (<linux/input-event-codes.h>) the demo uses */
#define KEY_ESC 1
#define KEY_Q 16
#define KEY_ENTER 28
#define KEY_A 30
#define KEY_SPACE 57
#define KEY_UP 103
#define KEY_LEFT 105
#define KEY_RIGHT 106
#define KEY_DOWN 108

typedef struct KbdEvent {
    uint16_t type, code;
    int32_t value;            /* EV_KEY: 1 down, 0 up, 2 auto-repeat */
} KbdEvent;

typedef struct KbdInfo {
    bool found;
    int slot;                 /* virtio-mmio slot index */
    uintptr_t base;
    char name[48];            /* the device's ID_NAME */
} KbdInfo;

/* Scan the virtio-mmio slots and bring up the first keyboard. */
bool kbd_init(KbdInfo *info);
/* Take up to max pending events; returns how many. Cheap when idle. */
int kbd_poll(KbdEvent *out, int max);

#endif
