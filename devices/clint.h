/*
 * CLINT (SiFive Core-Local Interruptor, compatible "sifive,clint0" /
 * "riscv,clint0"): per hart msip at 0x0000 + 4*hart, mtimecmp at
 * 0x4000 + 8*hart, and mtime at 0xbff8, read from the machine's VClock.
 * Drives each hart's machine software (MSIP) and timer (MTIP) lines: MTIP is
 * asserted while mtime >= mtimecmp (level), re-evaluated on every mtimecmp
 * write and whenever the board calls clint_update.
 */
#ifndef FERRY_CLINT_H
#define FERRY_CLINT_H

#include <stdint.h>

#include "device.h"
#include "vclock.h"

#define CLINT_MMIO_SIZE 0x10000
#define CLINT_MAX_HARTS 8

typedef struct Clint Clint;

/* msip[h] and mtip[h] for h < nharts are copied. mtimecmp resets to all
 * ones (no timer pending). */
Clint *clint_new(unsigned nharts, const VClock *clock, const IrqLine *msip, const IrqLine *mtip);
void clint_free(Clint *c);
extern const DeviceOps clint_ops;

/* mtime now: the VClock plus the offset a guest write to mtime set. The
 * CPU's time CSR should read this so that it agrees with mtime. */
uint64_t clint_mtime(const Clint *c);
/* Re-check every hart's timer against the clock now. */
void clint_update(Clint *c);
/* The earliest mtimecmp (in VClock ticks) whose interrupt has not been
 * raised yet; UINT64_MAX when none. The board sleeps until then. */
uint64_t clint_next_deadline(const Clint *c);
/* Call fn after a guest write to mtimecmp or mtime, so the board can sleep
 * until the new deadline instead of the old one (while the CPU runs, the
 * board only looks at deadlines when asked to). */
void clint_on_deadline_change(Clint *c, void (*fn)(void *opaque), void *opaque);

#endif
