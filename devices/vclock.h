/*
 * The machine's virtual clock: one time base for the CPU's `time` CSR, the
 * CLINT's mtime and every timer deadline, so they can never disagree. It
 * counts at VCLOCK_HZ from 0 at machine creation and follows host monotonic
 * time. (An instruction-counting mode for reproducible CI runs can replace
 * the source here without touching any device.)
 */
#ifndef FERRY_VCLOCK_H
#define FERRY_VCLOCK_H

#include <stdint.h>

#define VCLOCK_HZ 10000000ull   /* 10 MHz: QEMU virt's timebase-frequency */

typedef struct VClock {
    uint64_t start_ns;   /* host CLOCK_MONOTONIC at tick 0 */
} VClock;

void vclock_init(VClock *c);
uint64_t vclock_ticks(const VClock *c);
/* host CLOCK_MONOTONIC nanoseconds at which the clock reads `ticks` */
uint64_t vclock_deadline_ns(const VClock *c, uint64_t ticks);
uint64_t vclock_host_ns(void);

#endif
