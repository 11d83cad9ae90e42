/*
 * The `virt` board: a RISC-V machine with QEMU's riscv virt memory map, so
 * existing kernels, firmware and device trees work unchanged.
 *
 *   0x00100000  sifive,test finisher (poweroff / reboot)
 *   0x00101000  goldfish RTC                          irq 11
 *   0x02000000  CLINT
 *   0x0c000000  PLIC (context 0: hart 0 M-mode, 1: hart 0 S-mode)
 *   0x10000000  ns16550a UART                         irq 10
 *   0x10001000  virtio-mmio slots, 0x1000 apart       irq 1 + slot
 *   0x40000000  simple-framebuffer (not in QEMU's map; its PCIe window,
 *               which ferry does not have)
 *   0x80000000  RAM
 *
 * Virtio slots in order: the disks, then virtio-console, the keyboard and
 * the tablet. The device tree (libfdt) describes exactly these.
 *
 * Firmware: without `bios`, ferry's built-in SBI (riscv_sbi.c) plays M-mode
 * and the kernel starts in S-mode with a0 = hart id, a1 = device tree. With
 * `bios`, that firmware starts in M-mode at RAM base (a0 = hart id, a1 =
 * device tree, a2 = fw_dynamic_info naming the kernel as the next stage).
 */
#ifndef FERRY_RISCV_VIRT_H
#define FERRY_RISCV_VIRT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define VIRT_SIFIVE_TEST 0x100000ull
#define VIRT_RTC 0x101000ull
#define VIRT_CLINT 0x2000000ull
#define VIRT_PLIC 0xc000000ull
#define VIRT_UART0 0x10000000ull
#define VIRT_VIRTIO 0x10001000ull
#define VIRT_VIRTIO_SLOTS 8
#define VIRT_FB 0x40000000ull
#define VIRT_RAM 0x80000000ull

#define VIRT_IRQ_VIRTIO 1     /* + slot */
#define VIRT_IRQ_UART0 10
#define VIRT_IRQ_RTC 11
#define VIRT_PLIC_NDEV 95

#define VIRT_MAX_DRIVES 4
#define VIRT_DEFAULT_RAM_MIB 256
#define VIRT_DEFAULT_FB_WIDTH 800
#define VIRT_DEFAULT_FB_HEIGHT 600

typedef struct VirtDrive {
    const char *path;
    bool read_only;
} VirtDrive;

typedef struct VirtOptions {
    unsigned xlen;             /* 64 (default) or 32 */
    uint64_t ram_mib;          /* 0: VIRT_DEFAULT_RAM_MIB */
    const char *kernel;        /* Linux Image, or an ELF (loaded at its physical addresses) */
    const char *initrd;
    const char *append;        /* kernel command line */
    const char *bios;          /* firmware file (raw binary or ELF); NULL: built-in SBI */
    const char *dtb_out;       /* write the generated device tree here too */
    VirtDrive drives[VIRT_MAX_DRIVES];
    unsigned ndrives;
    unsigned fb_width, fb_height;  /* 0: defaults */
    bool trace;                /* print every instruction */
    /* translate a block to host code after it ran jit_threshold times (0:
     * interpret only), with jit_cache_mib MiB of code memory (0: 64) */
    uint32_t jit_threshold;
    uint32_t jit_cache_mib;
    bool jit_dump;
    uint64_t max_insns;        /* stop after this many (0: no limit) */
    double timeout_s;          /* stop after this much host time (0: none) */
    /* serial console: UART and virtio-console output, and the input fd (-1: none) */
    FILE *serial_out;
    int serial_in_fd;
} VirtOptions;

typedef enum VirtStop {
    VIRT_STOP_POWEROFF,        /* the guest powered off; see virt_exit_status */
    VIRT_STOP_RESET,           /* the guest asked for a reboot */
    VIRT_STOP_REQUESTED,       /* virt_request_stop */
    VIRT_STOP_TIMEOUT,         /* timeout_s passed */
    VIRT_STOP_INSN_LIMIT,      /* max_insns reached */
    VIRT_STOP_ERROR,           /* ferry could not go on; message printed */
} VirtStop;

typedef struct VirtMachine VirtMachine;

/* Build the machine and load the images. NULL with a one-line reason in err
 * (missing or malformed image, images that do not fit in RAM, ...). */
VirtMachine *virt_new(const VirtOptions *opt, char *err, size_t errlen);
void virt_free(VirtMachine *m);

/* Run on the calling thread until the machine stops. */
VirtStop virt_run(VirtMachine *m);
/* The guest's poweroff status (0 = success). */
int virt_exit_status(const VirtMachine *m);

/* ---- for frontends; callable from any thread ---- */
void virt_request_stop(VirtMachine *m);
/* Keyboard: a Linux key code (KEY_*, <linux/input-event-codes.h>). */
void virt_key(VirtMachine *m, uint16_t code, bool down);
/* Pointer at absolute position (x, y) in framebuffer pixels; buttons: bit 0
 * left, bit 1 right, bit 2 middle. */
void virt_pointer(VirtMachine *m, int x, int y, unsigned buttons);
/* Bytes typed into the serial console (the window's serial input). */
void virt_serial_input(VirtMachine *m, const uint8_t *data, size_t len);

typedef struct VirtFramebuffer {
    const uint8_t *pixels;     /* a8r8g8b8, little-endian 32-bit pixels */
    unsigned width, height, stride;
} VirtFramebuffer;
VirtFramebuffer virt_framebuffer(const VirtMachine *m);

typedef struct VirtStatus {
    uint64_t instructions;
    bool idle;                 /* the guest is waiting in wfi */
    bool stopped;
    double mips;               /* over the last second */
} VirtStatus;
VirtStatus virt_status(const VirtMachine *m);

/* --stats: the CPU engine's counters (rv_print_stats); call only once the
 * machine has stopped. */
void virt_print_engine_stats(const VirtMachine *m, FILE *out);

#endif
