/*
 * The freestanding runtime of the system-mode test programs: console output,
 * the check reporter, trap recording, CSR and MMIO access. A program defines
 * test_main(); start.S calls it in S-mode with a0 = hart id and a1 = device
 * tree, then powers the machine off with status = number of failed checks.
 *
 * Output lines that the runner compares: "ok NAME", "FAIL NAME: details" and
 * "sys: ...". Lines starting "info: " carry values that may differ between
 * firmwares (implementation ids, measured times) and are not compared.
 */
#ifndef RT_H
#define RT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- the virt board (QEMU's memory map) ---- */
#define FINISHER_BASE 0x100000ul
#define RTC_BASE 0x101000ul
#define CLINT_BASE 0x2000000ul
#define PLIC_BASE 0xc000000ul
#define UART_BASE 0x10000000ul
#define VIRTIO_BASE 0x10001000ul
#define RAM_BASE 0x80000000ul
#define UART_IRQ 10

/* ---- CSRs ---- */
#define SSTATUS_SIE (1ul << 1)
#define SSTATUS_SPIE (1ul << 5)
#define SSTATUS_SPP (1ul << 8)
#define SSTATUS_FS (3ul << 13)
#define SSTATUS_SUM (1ul << 18)
#define SSTATUS_MXR (1ul << 19)
#define SIP_SSIP (1ul << 1)
#define SIP_STIP (1ul << 5)
#define SIP_SEIP (1ul << 9)
#define SCAUSE_INTERRUPT (1ul << 63)

#define csr_read(csr) ({ unsigned long v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_) : : "memory"); v_; })
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" : : "r"((unsigned long)(v)) : "memory")
#define csr_set(csr, v) __asm__ volatile("csrs " #csr ", %0" : : "r"((unsigned long)(v)) : "memory")
#define csr_clear(csr, v) __asm__ volatile("csrc " #csr ", %0" : : "r"((unsigned long)(v)) : "memory")

static inline uint64_t rdtime(void)
{
    uint64_t t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

static inline void wfi(void) { __asm__ volatile("wfi" : : : "memory"); }
static inline void sfence_vma(void) { __asm__ volatile("sfence.vma" : : : "memory"); }
static inline void sfence_vma_addr(uintptr_t va) { __asm__ volatile("sfence.vma %0, zero" : : "r"(va) : "memory"); }
static inline void fence_i(void) { __asm__ volatile("fence.i" : : : "memory"); }

/* ---- MMIO: volatile accesses of an exact width ---- */
static inline uint8_t mmio_read8(uintptr_t a) { return *(volatile uint8_t *)a; }
static inline uint32_t mmio_read32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline uint64_t mmio_read64(uintptr_t a) { return *(volatile uint64_t *)a; }
static inline void mmio_write8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline void mmio_write32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline void mmio_write64(uintptr_t a, uint64_t v) { *(volatile uint64_t *)a = v; }

/* ---- output ---- */
void uart_putc(char c);
void puts_raw(const char *s);
/* %s %c %d %u %x %p with l/ll and a 0-padded width (%016lx) */
void rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rt_vprintf(const char *fmt, va_list ap);

/* ---- checks ---- */
extern unsigned rt_failures;
void check_impl(bool ok, const char *name, const char *expr);
#define check(cond, name) check_impl(!!(cond), (name), #cond)
/* FAIL lines show the values */
void check_eq(const char *name, uint64_t got, uint64_t want);
void check_range(const char *name, uint64_t got, uint64_t lo, uint64_t hi);
void checkf(bool ok, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Power off: 0x5555 when status is 0, else (status << 16) | 0x3333. */
__attribute__((noreturn)) void poweroff(unsigned status);

/* ---- traps ----
 * Every S-mode trap is recorded in `traps`. Exceptions resume after the
 * faulting instruction, except instruction fetch faults (causes 1 and 12),
 * which return to ra: calling a function pointer that cannot be fetched
 * comes back as if the call had returned. Interrupts go to irq_hook when it
 * is set, else their sie bit is cleared so that an unexpected one cannot
 * storm. A trap from U-mode ends run_user(). */
typedef struct TrapRecord {
    unsigned long count;     /* traps since trap_reset() */
    unsigned long cause, tval, epc;
    unsigned long sstatus;   /* sstatus in the handler (SPP, SPIE) */
} TrapRecord;
extern volatile TrapRecord traps;
#define NO_TRAP (~0ul)
void trap_reset(void);
extern void (*volatile irq_hook)(unsigned long cause);

/* Exactly one trap with this cause and tval since trap_reset(). */
void check_trap(const char *name, unsigned long cause, unsigned long tval);
void check_no_trap(const char *name);

/* Run fn in U-mode on stack user_sp (satp decides what it can reach) until
 * its first trap; returns that trap's scause (also in `traps`). sie must be
 * such that no interrupt arrives meanwhile. */
unsigned long run_user(uintptr_t fn, uintptr_t user_sp);

/* The value of property `prop` of the node at `path` ("/cpus",
 * "/soc/serial@10000000") in a flattened device tree, or NULL. */
const void *fdt_getprop(const void *fdt, const char *path, const char *prop, uint32_t *len);
/* big-endian 32-bit cell i of a property value */
uint32_t fdt_cell(const void *value, unsigned i);

/* start.S */
extern char __image_end[], _start[];

/* the program */
void test_main(unsigned long hartid, unsigned long dtb);

/* freestanding gcc may call these */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
