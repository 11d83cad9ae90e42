/*
 * The time CSR and the SBI timer: rdtime counts at the device tree's
 * timebase (10 MHz) measured against an independent clock (the goldfish
 * RTC, host wall time in ns); set_timer raises sip.STIP at the deadline and
 * not before; wfi with the timer enabled in sie (sstatus.SIE off) waits for
 * it without spinning; the same timer taken as an interrupt reports
 * scause = interrupt | 5 with sepc after the wfi; set_timer(UINT64_MAX) and
 * a new deadline clear STIP. Runs under both firmwares.
 */
#include "rt.h"
#include "sbi.h"

#define TIMEBASE 10000000ul   /* ticks per second */
#define RTC_TIME_LOW 0x00
#define RTC_TIME_HIGH 0x04

static uint64_t rtc_ns(void)
{
    /* reading TIME_LOW latches TIME_HIGH */
    uint64_t low = mmio_read32(RTC_BASE + RTC_TIME_LOW);
    return (uint64_t)mmio_read32(RTC_BASE + RTC_TIME_HIGH) << 32 | low;
}

/* Wait in wfi (interrupts masked by sstatus.SIE) until STIP; returns the
 * number of times wfi returned. */
static unsigned long wait_stip(void)
{
    unsigned long n = 0;
    while (!(csr_read(sip) & SIP_STIP)) {
        wfi();
        n++;
    }
    return n;
}

static void timebase_in_device_tree(unsigned long dtb)
{
    uint32_t len = 0;
    const void *v = fdt_getprop((const void *)dtb, "/cpus", "timebase-frequency", &len);
    checkf(v && len == 4 && fdt_cell(v, 0) == TIMEBASE, "dtb: /cpus timebase-frequency is 10 MHz", "%s, value %u",
           v ? "found" : "missing", v ? fdt_cell(v, 0) : 0);
}

/* 100 ms by the SBI timer, measured by rdtime and by the RTC. */
static void rate(void)
{
    csr_clear(sstatus, SSTATUS_SIE);
    csr_set(sie, SIP_STIP);
    uint64_t r0 = rtc_ns(), t0 = rdtime();
    sbi_set_timer(t0 + TIMEBASE / 10);
    wait_stip();
    uint64_t t1 = rdtime(), r1 = rtc_ns();
    uint64_t ticks = t1 - t0, ns = r1 - r0;
    rt_printf("info: 100 ms timer: %lu ticks, %lu us by the RTC\n", ticks, ns / 1000);
    /* the deadline passed, and the wake-up came within 20 % */
    check_range("rate: rdtime advanced 1000000 (+20%) ticks over a 100 ms timer", ticks, TIMEBASE / 10,
                TIMEBASE / 10 * 12 / 10);
    /* the RTC saw the same interval: 100 ns per tick, within 20 % */
    uint64_t per_100ms = ns ? ticks * 100000000ul / ns : 0;
    check_range("rate: rdtime ticks per 100 ms of RTC time is 1000000 +-20%", per_100ms, TIMEBASE / 10 * 8 / 10,
                TIMEBASE / 10 * 12 / 10);
    /* and the RTC confirms the interval was about 100 ms */
    check_range("rate: RTC measured the 100 ms timer as 80..120 ms", ns / 1000000, 80, 120);
    sbi_set_timer(UINT64_MAX);
}

static void wfi_wakes_on_pending_timer(void)
{
    csr_clear(sstatus, SSTATUS_SIE);
    csr_set(sie, SIP_STIP);
    sbi_set_timer(UINT64_MAX);
    check_eq("wfi: STIP clear with no deadline", csr_read(sip) & SIP_STIP, 0);
    uint64_t deadline = rdtime() + 500000;   /* 50 ms */
    sbi_set_timer(deadline);
    check_eq("wfi: STIP clear before the deadline", csr_read(sip) & SIP_STIP, 0);
    unsigned long wakeups = wait_stip();
    uint64_t now = rdtime();
    check_eq("wfi: sip.STIP set after wfi returned", csr_read(sip) & SIP_STIP, SIP_STIP);
    checkf(now >= deadline, "wfi: rdtime >= deadline after the wake-up", "woke %lu ticks early", deadline - now);
    /* a wfi that does not wait would come back millions of times in 50 ms */
    checkf(wakeups <= 100, "wfi: waited (returned at most 100 times)", "wfi returned %lu times", wakeups);
    rt_printf("info: wfi returned %lu time(s)\n", wakeups);

    sbi_set_timer(UINT64_MAX);
    check_eq("set_timer(UINT64_MAX) clears STIP", csr_read(sip) & SIP_STIP, 0);

    /* a deadline already passed raises STIP at once; a later one clears it */
    sbi_set_timer(rdtime() - 1);
    uint64_t until = rdtime() + TIMEBASE / 1000;
    while (!(csr_read(sip) & SIP_STIP) && rdtime() < until)
        ;
    check_eq("set_timer(past) raises STIP within 1 ms", csr_read(sip) & SIP_STIP, SIP_STIP);
    sbi_set_timer(rdtime() + TIMEBASE * 100);
    check_eq("set_timer(future) clears a pending STIP", csr_read(sip) & SIP_STIP, 0);

    /* the v0.1 call does the same */
    deadline = rdtime() + 100000;
    sbi_legacy(SBI_LEGACY_SET_TIMER, deadline);
    wait_stip();
    checkf(rdtime() >= deadline, "legacy set_timer: STIP at the deadline", "early");
    sbi_set_timer(UINT64_MAX);
    csr_clear(sie, SIP_STIP);
}

/* ---- the timer as an interrupt ---- */

static volatile unsigned long fired;
static volatile unsigned long fired_sie_in_handler;

static void timer_hook(unsigned long cause)
{
    (void)cause;
    fired++;
    fired_sie_in_handler = csr_read(sstatus) & SSTATUS_SIE;
    sbi_set_timer(UINT64_MAX); /* acknowledges: STIP drops */
}

static void timer_interrupt(void)
{
    trap_reset();
    fired = 0;
    irq_hook = timer_hook;
    csr_set(sie, SIP_STIP);
    sbi_set_timer(rdtime() + TIMEBASE / 100);   /* 10 ms: the wfi is reached first */
    unsigned long after_wfi, status_after;
    /* SIE on, wfi until the handler has run; the label after wfi is where
     * the trap must return (privileged spec 3.3.3: the interrupt is taken on
     * the instruction after wfi) */
    __asm__ volatile("la %0, 2f\n"
                     "csrs sstatus, %3\n"
                     "1: wfi\n"
                     "2: lw t0, %2\n"
                     "beqz t0, 1b\n"
                     "csrr %1, sstatus\n"
                     "csrc sstatus, %3\n"
                     : "=&r"(after_wfi), "=&r"(status_after)
                     : "m"(fired), "r"(SSTATUS_SIE)
                     : "t0", "memory");
    irq_hook = NULL;
    csr_clear(sie, SIP_STIP);
    check_eq("irq: one timer interrupt taken", fired, 1);
    check_eq("irq: scause = interrupt | 5", traps.cause, SCAUSE_INTERRUPT | 5);
    check_eq("irq: sepc = the instruction after wfi", traps.epc, after_wfi);
    check_eq("irq: sstatus.SPIE = 1 (SIE was on)", traps.sstatus & SSTATUS_SPIE, SSTATUS_SPIE);
    check_eq("irq: sstatus.SPP = S", traps.sstatus & SSTATUS_SPP, SSTATUS_SPP);
    check_eq("irq: sstatus.SIE = 0 in the handler", fired_sie_in_handler, 0);
    check_eq("irq: sret restored sstatus.SIE = 1", status_after & SSTATUS_SIE, SSTATUS_SIE);
    check_eq("irq: STIP clear after the handler's set_timer(UINT64_MAX)", csr_read(sip) & SIP_STIP, 0);

    /* a masked, pending timer is taken as soon as SIE goes on */
    trap_reset();
    fired = 0;
    irq_hook = timer_hook;
    sbi_set_timer(rdtime() - 1);
    uint64_t until = rdtime() + TIMEBASE / 1000;
    while (!(csr_read(sip) & SIP_STIP) && rdtime() < until)
        ;
    csr_set(sie, SIP_STIP);
    check_eq("irq: not taken while sstatus.SIE = 0", fired, 0);
    csr_set(sstatus, SSTATUS_SIE);
    __asm__ volatile("nop; nop; nop; nop" ::: "memory");
    csr_clear(sstatus, SSTATUS_SIE);
    irq_hook = NULL;
    csr_clear(sie, SIP_STIP);
    check_eq("irq: taken once SIE is set", fired, 1);
}

void test_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid;
    timebase_in_device_tree(dtb);
    rate();
    wfi_wakes_on_pending_timer();
    timer_interrupt();
}
