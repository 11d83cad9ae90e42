/*
 * The few RISC-V privileged operations and MMIO accessors the demo needs,
 * as inline functions so every file spells them the same way.
 */
#ifndef VD_RISCV_H
#define VD_RISCV_H

#include <stdint.h>

#define SIE_STIE (1ul << 5)         /* supervisor timer interrupt enable */

static inline uint64_t rdtime(void)
{
    uint64_t t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

static inline void sie_set(unsigned long bits)
{
    __asm__ volatile("csrs sie, %0" ::"r"(bits));
}

static inline void wfi(void)
{
    __asm__ volatile("wfi" ::: "memory");
}

/* Ordering for virtqueues: the device may read our ring writes at any time,
 * so every index update is fenced after the entries it publishes. */
static inline void fence_rw(void) { __asm__ volatile("fence rw,rw" ::: "memory"); }
static inline void fence_w(void) { __asm__ volatile("fence w,w" ::: "memory"); }
/* Memory writes before a device register write (QueueNotify, status). */
static inline void fence_io(void) { __asm__ volatile("fence iorw,iorw" ::: "memory"); }

static inline uint8_t mmio_r8(uintptr_t a) { return *(volatile uint8_t *)a; }
static inline uint32_t mmio_r32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void mmio_w8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline void mmio_w32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }

#endif
