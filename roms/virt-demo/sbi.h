/*
 * Calls into the SBI firmware below us (ferry's built-in SBI or OpenSBI):
 * ecall with a7 = extension id, a6 = function id, arguments in a0..; the
 * firmware answers a0 = error (0 = success), a1 = value.
 */
#ifndef VD_SBI_H
#define VD_SBI_H

#include <stdbool.h>
#include <stdint.h>

#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_SHUTDOWN 0x08
#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45     /* "TIME" */
#define SBI_EXT_SRST 0x53525354     /* "SRST" */

#define SBI_BASE_PROBE_EXTENSION 3
#define SBI_SRST_SHUTDOWN 0
#define SBI_SRST_REASON_NONE 0
#define SBI_SRST_REASON_FAILURE 1

typedef struct SbiRet {
    long error;
    long value;
} SbiRet;

static inline SbiRet sbi_call(long ext, long fn, long arg0, long arg1)
{
    register long a0 __asm__("a0") = arg0;
    register long a1 __asm__("a1") = arg1;
    register long a6 __asm__("a6") = fn;
    register long a7 __asm__("a7") = ext;
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a6), "r"(a7) : "memory");
    return (SbiRet){a0, a1};
}

/* Is an SBI extension implemented? (Base extension, v0.2+.) */
static inline bool sbi_has(long ext)
{
    SbiRet r = sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE_EXTENSION, ext, 0);
    return r.error == 0 && r.value != 0;
}

#endif
