/*
 * The "sifive,test" finisher (QEMU virt's poweroff/reboot device at
 * 0x100000, used through Linux's syscon-poweroff/syscon-reboot): a 16- or
 * 32-bit write of 0x5555 powers off with status 0, (code << 16) | 0x3333 powers off
 * with status `code` (a failure), 0x7777 resets. Other values are ignored.
 * The device records the request and calls `notify` so the board can stop
 * the CPU.
 */
#ifndef FERRY_SIFIVE_TEST_H
#define FERRY_SIFIVE_TEST_H

#include <stdbool.h>

#include "device.h"

#define SIFIVE_TEST_MMIO_SIZE 0x1000

typedef enum SifiveTestAction { SIFIVE_TEST_NONE, SIFIVE_TEST_POWEROFF, SIFIVE_TEST_RESET } SifiveTestAction;

typedef struct SifiveTest {
    SifiveTestAction action;
    int status;              /* poweroff exit status */
    void (*notify)(void *opaque);
    void *opaque;
} SifiveTest;

void sifive_test_init(SifiveTest *t, void (*notify)(void *opaque), void *opaque);
extern const DeviceOps sifive_test_ops;

#endif
