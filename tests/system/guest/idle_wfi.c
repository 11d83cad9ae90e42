/*
 * Idle for 2 s in wfi (the SBI timer as the only wake-up source) and check
 * that 2 s of time passed. The runner measures the host CPU time ferry uses
 * meanwhile: an idle guest must not keep a host core busy.
 */
#include "rt.h"
#include "sbi.h"

#define TIMEBASE 10000000ul

void test_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid, (void)dtb;
    csr_clear(sstatus, SSTATUS_SIE);
    csr_write(sie, SIP_STIP);
    uint64_t t0 = rdtime(), deadline = t0 + 2 * TIMEBASE;
    sbi_set_timer(deadline);
    unsigned long wakeups = 0;
    while (!(csr_read(sip) & SIP_STIP)) {
        wfi();
        wakeups++;
    }
    uint64_t t1 = rdtime();
    sbi_set_timer(UINT64_MAX);
    csr_write(sie, 0);
    rt_printf("info: %lu wfi wake-up(s) in %lu ms\n", wakeups, (t1 - t0) / (TIMEBASE / 1000));
    check_range("idle: 2 s passed in wfi (ms)", (t1 - t0) / (TIMEBASE / 1000), 2000, 2500);
    checkf(wakeups <= 100, "idle: wfi waited", "wfi returned %lu times", wakeups);
}
