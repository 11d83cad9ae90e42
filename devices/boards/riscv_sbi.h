/*
 * ferry's built-in SBI (RISC-V Supervisor Binary Interface, v2.0 subset): the
 * machine-mode firmware a kernel calls with ecall from S-mode, served by the
 * board instead of by guest code, so `ferry boot -kernel Image` needs nothing
 * else. Extensions: Base, Timer, IPI, RFENCE, HSM, SRST, and the legacy
 * console/timer/shutdown calls (EIDs 0x00-0x08). One hart.
 *
 * The board provides the effects through SbiHost; sbi_call decodes the call
 * from the CPU's registers, writes a0/a1 and moves pc past the ecall.
 */
#ifndef FERRY_RISCV_SBI_H
#define FERRY_RISCV_SBI_H

#include <stdbool.h>
#include <stdint.h>

#include "../../cpu/riscv/rv.h"

/* SBI error codes */
enum {
    SBI_SUCCESS = 0, SBI_ERR_FAILED = -1, SBI_ERR_NOT_SUPPORTED = -2, SBI_ERR_INVALID_PARAM = -3,
    SBI_ERR_DENIED = -4, SBI_ERR_INVALID_ADDRESS = -5, SBI_ERR_ALREADY_AVAILABLE = -6,
};

/* extension ids */
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494d45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464e43
#define SBI_EXT_HSM 0x48534d
#define SBI_EXT_SRST 0x53525354

/* ferry's implementation id (not in the SBI registry; a high value that no
 * registered implementation uses) */
#define SBI_IMPL_ID_FERRY 0xfe77
#define SBI_IMPL_VERSION 0x10000

typedef enum SbiResetType { SBI_RESET_SHUTDOWN = 0, SBI_RESET_COLD = 1, SBI_RESET_WARM = 2 } SbiResetType;

typedef struct SbiHost {
    void *opaque;
    void (*putchar)(void *opaque, uint8_t c);
    int (*getchar)(void *opaque);                    /* -1: nothing waiting */
    /* S-mode timer: raise STIP when the clock reaches `when`; UINT64_MAX
     * cancels. Clears a pending STIP. */
    void (*set_timer)(void *opaque, uint64_t when);
    /* shutdown or reboot; reason 0 = none, 1 = system failure */
    void (*reset)(void *opaque, SbiResetType type, uint32_t reason);
} SbiHost;

/* Serve the ecall at cpu->pc (a7 = extension, a6 = function). */
void sbi_call(RvCpu *cpu, const SbiHost *host);

/* Set up a CPU to run a kernel in S-mode under this SBI: delegations as
 * OpenSBI leaves them, counters readable from S and U, ecalls from S served
 * by sbi_call, pc = entry with a0 = hart id and a1 = device tree. */
void sbi_prepare_supervisor(RvCpu *cpu, uint64_t entry, uint64_t hartid, uint64_t dtb);

#endif
