/*
 * The virt board's state, shared by its files (riscv_virt.c: building and
 * running the machine; riscv_virt_fdt.c: the device tree;
 * riscv_virt_events.c: time, input and waking the CPU). Not for frontends.
 */
#ifndef FERRY_RISCV_VIRT_INTERNAL_H
#define FERRY_RISCV_VIRT_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "../../cpu/riscv/rv.h"
#include "../bus.h"
#include "../clint.h"
#include "../goldfish_rtc.h"
#include "../plic.h"
#include "../sifive_test.h"
#include "../simplefb.h"
#include "../uart16550.h"
#include "../vclock.h"
#include "../virtio_mmio.h"
#include "riscv_sbi.h"
#include "riscv_virt.h"

#define VIRT_INPUT_QUEUE 1024
#define VIRT_SERIAL_QUEUE 4096

typedef enum VirtInputKind { VIRT_EV_KEY, VIRT_EV_POINTER } VirtInputKind;
typedef struct VirtInputEvent {
    VirtInputKind kind;
    uint16_t code;
    bool down;
    int x, y;
    unsigned buttons;
} VirtInputEvent;

/* Work handed to the machine thread by other threads (frontend, ticker). */
typedef struct VirtInbox {
    pthread_mutex_t lock;
    VirtInputEvent events[VIRT_INPUT_QUEUE];
    unsigned nevents;
    uint8_t serial[VIRT_SERIAL_QUEUE];
    unsigned serial_len;
} VirtInbox;

typedef struct VirtDevices {
    Plic *plic;
    Clint *clint;
    Uart16550 *uart;
    GoldfishRtc *rtc;
    SifiveTest finisher;
    VirtioMmio *virtio[VIRT_VIRTIO_SLOTS];
    unsigned nvirtio;
    VirtioMmio *console, *keyboard, *tablet;
    SimpleFb fb;
} VirtDevices;

typedef struct VirtBoot {
    uint64_t entry;            /* first instruction (firmware or kernel) */
    uint64_t kernel_entry;     /* the kernel (or next stage) */
    uint64_t dtb, dtb_size;
    uint64_t initrd_start, initrd_end;  /* 0, 0: none */
    uint64_t dynamic_info;     /* fw_dynamic_info for -bios (0: none) */
    bool builtin_sbi;
} VirtBoot;

struct VirtMachine {
    VirtOptions opt;
    unsigned xlen;
    uint64_t ram_size;
    uint8_t *window;           /* physical 0 .. window_size, RAM and fb mapped */
    uint64_t window_size, window_reserved;
    Bus bus;
    VClock clock;
    RvCpu *cpu;
    VirtDevices dev;
    VirtBoot boot;
    SbiHost sbi;
    uint64_t sbi_timer;        /* S-mode timer deadline (VClock ticks) */

    /* stopping */
    VirtStop stop;
    bool stopping;
    int exit_status;
    atomic_bool stop_requested;

    /* cross-thread */
    VirtInbox inbox;
    int wake_fd;               /* eventfd: wakes the machine thread from wfi */
    int ticker_fd;             /* eventfd: the deadline changed / quit */
    pthread_t ticker;
    bool ticker_running;
    atomic_bool ticker_quit;
    _Atomic uint64_t deadline_ns;  /* next timer event, host monotonic ns */
    uint64_t end_ns;           /* timeout_s as a host deadline (0: none) */
    uint8_t pending_serial[VIRT_SERIAL_QUEUE];  /* read from the terminal, not yet taken by the UART */
    unsigned pending_serial_len;
    bool serial_in_eof;

    /* status for frontends */
    _Atomic uint64_t status_insns;
    atomic_bool status_idle, status_stopped;
    _Atomic uint64_t mips_x100;
    uint64_t mips_mark_ns, mips_mark_insns;
};

/* riscv_virt_fdt.c: build the device tree into `buf` (size `cap`); returns
 * its size, or -1 with a reason. */
int virt_build_fdt(const VirtMachine *m, void *buf, size_t cap, char *err, size_t errlen);

/* riscv_virt_events.c */
int virt_events_start(VirtMachine *m, char *err, size_t errlen);
void virt_events_stop(VirtMachine *m);
/* Deliver queued input, serial bytes and due timers to the devices, and
 * publish the next deadline to the ticker. */
void virt_events_process(VirtMachine *m);
/* Sleep until an interrupt is pending for the CPU or the machine must stop. */
void virt_events_wait_for_interrupt(VirtMachine *m);
/* Wake the machine thread (from any thread). */
void virt_kick(VirtMachine *m);

#endif
