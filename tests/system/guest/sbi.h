/*
 * SBI calls (RISC-V SBI specification v2.0): a7 = extension id, a6 =
 * function id, arguments in a0-a5; the result comes back as (error, value)
 * in a0/a1. The legacy v0.1 calls (EIDs 0x00-0x08) return only a0.
 */
#ifndef SBI_H
#define SBI_H

#include <stdint.h>

#define SBI_SUCCESS 0
#define SBI_ERR_FAILED (-1)
#define SBI_ERR_NOT_SUPPORTED (-2)
#define SBI_ERR_INVALID_PARAM (-3)
#define SBI_ERR_ALREADY_AVAILABLE (-6)

#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494d45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464e43
#define SBI_EXT_HSM 0x48534d
#define SBI_EXT_SRST 0x53525354

#define SBI_LEGACY_SET_TIMER 0x00
#define SBI_LEGACY_PUTCHAR 0x01

enum { SBI_BASE_SPEC_VERSION, SBI_BASE_IMPL_ID, SBI_BASE_IMPL_VERSION, SBI_BASE_PROBE, SBI_BASE_MVENDORID,
       SBI_BASE_MARCHID, SBI_BASE_MIMPID };
enum { SBI_HSM_START, SBI_HSM_STOP, SBI_HSM_STATUS };

struct sbiret {
    long error;
    long value;
};

static inline struct sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long arg0, unsigned long arg1,
                                     unsigned long arg2)
{
    register unsigned long a0 __asm__("a0") = arg0;
    register unsigned long a1 __asm__("a1") = arg1;
    register unsigned long a2 __asm__("a2") = arg2;
    register unsigned long a6 __asm__("a6") = fid;
    register unsigned long a7 __asm__("a7") = eid;
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a6), "r"(a7) : "memory");
    return (struct sbiret){ (long)a0, (long)a1 };
}

/* v0.1 calls: a0 in, a0 out; a1 may be clobbered */
static inline long sbi_legacy(unsigned long eid, unsigned long arg0)
{
    register unsigned long a0 __asm__("a0") = arg0;
    register unsigned long a1 __asm__("a1") = 0;
    register unsigned long a7 __asm__("a7") = eid;
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a7) : "memory");
    return (long)a0;
}

static inline void sbi_set_timer(uint64_t when)
{
    sbi_call(SBI_EXT_TIME, 0, when, 0, 0);
}

/* Is ferry's built-in SBI the firmware (not OpenSBI)? Some checks depend on
 * what the firmware emulates or protects. */
#define SBI_IMPL_ID_FERRY 0xfe77
static inline int sbi_is_ferry(void)
{
    return sbi_call(SBI_EXT_BASE, SBI_BASE_IMPL_ID, 0, 0, 0).value == SBI_IMPL_ID_FERRY;
}

#endif
