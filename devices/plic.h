/*
 * PLIC (RISC-V Platform-Level Interrupt Controller, compatible
 * "sifive,plic-1.0.0" / "riscv,plic0"), with QEMU virt's layout:
 *   0x000000 + 4*src      priority (0..7; 0 = never)
 *   0x001000              pending bits, 32 sources per word (read-only)
 *   0x002000 + 0x80*ctx   enable bits of context ctx
 *   0x200000 + 0x1000*ctx priority threshold, +4: claim / complete
 * Sources are level-triggered: a source stays pending while its line is high
 * and not claimed; claim returns the highest-priority pending enabled source
 * above the threshold (ties: lowest id) and clears its pending bit; complete
 * re-arms it (if the line is still high it becomes pending again). Each
 * context's output line is high while some source could be claimed.
 * On virt, context 2*h is hart h's M-mode, 2*h+1 its S-mode.
 */
#ifndef FERRY_PLIC_H
#define FERRY_PLIC_H

#include <stdbool.h>

#include "device.h"

#define PLIC_MMIO_SIZE 0x600000
#define PLIC_MAX_SOURCES 128   /* ids 1..nsources-1; 0 means "none" */
#define PLIC_MAX_CONTEXTS 16

typedef struct Plic Plic;

/* nsources counts id 0 (QEMU virt: riscv,ndev = 95, so nsources = 96);
 * context_out[c] for c < ncontexts is copied. */
Plic *plic_new(unsigned nsources, unsigned ncontexts, const IrqLine *context_out);
void plic_free(Plic *p);
extern const DeviceOps plic_ops;

/* Drive source `id`'s input line. */
void plic_set_irq(Plic *p, unsigned id, bool level);
/* An IrqLine that drives source id (for devices). */
IrqLine plic_irq(Plic *p, unsigned id);

#endif
