/*
 * One emulated Linux process in user mode: its address space, its CPU (one
 * thread for now), and the bookkeeping the system calls need.
 */
#ifndef FERRY_PROCESS_H
#define FERRY_PROCESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "guest_space.h"

struct RvCpu;
struct LuSysState;

typedef struct LinuxProc {
    GuestSpace gs;
    struct RvCpu *cpu;
    unsigned xlen;               /* 32 or 64: selects struct layouts */
    const char *exe_path;        /* host path of the guest executable */
    uint64_t exe_entry;          /* AT_ENTRY */
    uint64_t tid_address;        /* set_tid_address */
    uint64_t robust_list, robust_list_len;

    /* --strace: every call logged to strace_out with decoded arguments */
    bool strace;
    FILE *strace_out;
    /* unknown system calls already reported once (bitmap by number) */
    uint8_t enosys_reported[512 / 8];

    struct LuSysState *sys;      /* system call layer state (syscall.h) */

    bool exited;                 /* exit/exit_group was called */
    int exit_status;
} LinuxProc;

/*
 * Serve one system call. nr and args are as the guest's ABI passes them
 * (asm-generic numbering, used by RISC-V); the return value goes back to the
 * guest (negative errno on failure). Sets p->exited on exit/exit_group.
 */
int64_t lu_syscall(LinuxProc *p, uint64_t nr, const uint64_t args[6]);

/* Name of a system call number for traces, or NULL when unknown. */
const char *lu_syscall_name(uint64_t nr);

#endif
