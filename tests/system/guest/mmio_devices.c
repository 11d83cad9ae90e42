/*
 * The virt board's devices as S-mode sees them under ferry's built-in SBI
 * (no PMP in the way, so the CLINT is reachable too): ns16550a registers,
 * the goldfish RTC, the CLINT's mtime against the time CSR, and the PLIC
 * routing the UART's interrupt to sip.SEIP through context 1 (hart 0 S-mode).
 * Run with stdin at EOF: the UART must have nothing to receive.
 */
#include "rt.h"
#include "sbi.h"

/* ns16550a registers (byte-wide) */
#define UART_RBR 0
#define UART_THR 0
#define UART_DLL 0
#define UART_IER 1
#define UART_DLM 1
#define UART_IIR 2
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_SCR 7
#define LCR_DLAB 0x80
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define MCR_LOOP 0x10
#define IER_ETBEI 0x02

/* PLIC */
#define PLIC_PRIORITY(id) (PLIC_BASE + 4 * (id))
#define PLIC_PENDING0 (PLIC_BASE + 0x1000)
#define PLIC_ENABLE_CTX1 (PLIC_BASE + 0x2080)
#define PLIC_THRESHOLD_CTX1 (PLIC_BASE + 0x201000)
#define PLIC_CLAIM_CTX1 (PLIC_BASE + 0x201004)

#define CLINT_MSIP0 (CLINT_BASE + 0x0)
#define CLINT_MTIME (CLINT_BASE + 0xbff8)

#define NS_2024 1704067200000000000ull   /* 2024-01-01T00:00:00Z */
#define NS_2100 4102444800000000000ull   /* 2100-01-01T00:00:00Z */

static uint8_t ur(unsigned reg) { return mmio_read8(UART_BASE + reg); }
static void uw(unsigned reg, uint8_t v) { mmio_write8(UART_BASE + reg, v); }

static void uart(void)
{
    uint8_t lsr = ur(UART_LSR);
    check_eq("uart: LSR.THRE and TEMT set (transmitter idle)", lsr & (LSR_THRE | LSR_TEMT), LSR_THRE | LSR_TEMT);
    check_eq("uart: LSR.DR clear (nothing received)", lsr & LSR_DR, 0);

    uw(UART_SCR, 0xa5);
    uint8_t a = ur(UART_SCR);
    uw(UART_SCR, 0x5a);
    check(a == 0xa5 && ur(UART_SCR) == 0x5a, "uart: scratch register keeps what is written");

    /* divisor latch: DLAB switches offsets 0 and 1 to DLL/DLM */
    uint8_t lcr = ur(UART_LCR), ier = ur(UART_IER);
    uw(UART_LCR, lcr | LCR_DLAB);
    uint8_t old_dll = ur(UART_DLL), old_dlm = ur(UART_DLM);
    uw(UART_DLL, 0x0c);
    uw(UART_DLM, 0x34);
    uint8_t dll = ur(UART_DLL), dlm = ur(UART_DLM);
    uint8_t lcr_dlab = ur(UART_LCR);
    uw(UART_DLL, old_dll);
    uw(UART_DLM, old_dlm);
    uw(UART_LCR, lcr);
    check_eq("uart: DLL round trip with DLAB", dll, 0x0c);
    check_eq("uart: DLM round trip with DLAB", dlm, 0x34);
    check_eq("uart: LCR reads back DLAB", lcr_dlab, lcr | LCR_DLAB);
    check_eq("uart: IER unchanged by DLM writes", ur(UART_IER), ier);
    check_eq("uart: LCR restored", ur(UART_LCR), lcr);

    /* FIFO enable shows in IIR bits 7:6 */
    uint8_t fifo_was_on = ur(UART_IIR) & 0xc0;
    uw(UART_FCR, 0x01);
    uint8_t iir_on = ur(UART_IIR);
    uw(UART_FCR, 0x00);
    uint8_t iir_off = ur(UART_IIR);
    if (fifo_was_on)
        uw(UART_FCR, 0x01);
    check_eq("uart: IIR with FIFOs on: 0xc1 (no interrupt)", iir_on, 0xc1);
    check_eq("uart: IIR with FIFOs off: 0x01", iir_off, 0x01);

    /* loopback: THR comes back in RBR; MSR mirrors MCR's outputs; nothing
     * reaches the console (the runner would see a stray 'Z') */
    uint8_t mcr = ur(UART_MCR);
    uw(UART_MCR, MCR_LOOP | 0x0f);
    uw(UART_THR, 'Z');
    uint8_t lsr_rx = ur(UART_LSR);
    uint8_t rbr = ur(UART_RBR);
    uint8_t lsr_after = ur(UART_LSR);
    uint8_t msr = ur(UART_MSR);
    uw(UART_MCR, mcr);
    check_eq("uart: loopback: LSR.DR set after a THR write", lsr_rx & LSR_DR, LSR_DR);
    check_eq("uart: loopback: RBR returns the byte", rbr, 'Z');
    check_eq("uart: loopback: LSR.DR clear after reading RBR", lsr_after & LSR_DR, 0);
    check_eq("uart: loopback: MSR status bits follow MCR (CTS DSR RI DCD)", msr & 0xf0, 0xf0);
}

static uint64_t rtc_ns(void)
{
    uint64_t low = mmio_read32(RTC_BASE + 0x00); /* latches TIME_HIGH */
    return (uint64_t)mmio_read32(RTC_BASE + 0x04) << 32 | low;
}

static void rtc(void)
{
    uint64_t t0 = rtc_ns();
    check_range("rtc: TIME is a plausible epoch time (2024..2100, ns)", t0, NS_2024, NS_2100);
    uint64_t until = rdtime() + 20000; /* 2 ms */
    while (rdtime() < until)
        ;
    uint64_t t1 = rtc_ns();
    check_range("rtc: advances by about 2 ms in 2 ms (1..50 ms)", t1 - t0, 1000000, 50000000);
}

static void clint(void)
{
    uint64_t before = rdtime();
    uint64_t mtime = mmio_read64(CLINT_MTIME);
    uint64_t after = rdtime();
    check_range("clint: mtime lies between two rdtime reads", mtime, before, after);
    check_eq("clint: msip of hart 0 reads 0", mmio_read32(CLINT_MSIP0), 0);

    /* The time CSR is a read-only shadow of mtime: moving mtime moves it
     * (privileged spec 3.2.1; ACLINT MTIMER). Put mtime 100 s ahead, compare,
     * and put it back. */
    uint64_t ahead = 1000000000ull;
    uint64_t m0 = mmio_read64(CLINT_MTIME);
    mmio_write64(CLINT_MTIME, m0 + ahead);
    uint64_t t = rdtime();
    uint64_t m1 = mmio_read64(CLINT_MTIME);
    mmio_write64(CLINT_MTIME, mmio_read64(CLINT_MTIME) - ahead);
    uint64_t t_back = rdtime(), m_back = mmio_read64(CLINT_MTIME);
    checkf(m1 >= m0 + ahead, "clint: mtime takes a written value", "wrote 0x%lx, read 0x%lx", m0 + ahead, m1);
    checkf(t >= m0 + ahead && t <= m1, "clint: rdtime follows a written mtime",
           "rdtime 0x%lx, mtime 0x%lx..0x%lx", t, m0 + ahead, m1);
    checkf(m_back >= t_back - 10000 && m_back <= t_back + 10000, "clint: mtime put back (within 1 ms of rdtime)",
           "mtime 0x%lx rdtime 0x%lx", m_back, t_back);
}

static bool seip(void) { return csr_read(sip) & SIP_SEIP; }
static bool uart_pending(void) { return mmio_read32(PLIC_PENDING0) >> UART_IRQ & 1; }

static void plic(void)
{
    /* interrupts stay masked (sstatus.SIE = 0): everything is polled */
    csr_clear(sstatus, SSTATUS_SIE);
    csr_clear(sie, SIP_SEIP);
    uw(UART_IER, 0);
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 1);
    uint32_t prio = mmio_read32(PLIC_PRIORITY(UART_IRQ));
    mmio_write32(PLIC_ENABLE_CTX1, 1u << UART_IRQ);
    uint32_t enable = mmio_read32(PLIC_ENABLE_CTX1);
    mmio_write32(PLIC_THRESHOLD_CTX1, 0);
    bool seip_idle = seip(), pending_idle = uart_pending();
    uint32_t claim_idle = mmio_read32(PLIC_CLAIM_CTX1);

    /* THR empty + IER.ETBEI: the UART raises its line. Nothing is printed
     * until IER is 0 again: every byte sent would re-raise it. */
    uw(UART_IER, IER_ETBEI);
    bool pending_on = uart_pending(), seip_on = seip();
    mmio_write32(PLIC_THRESHOLD_CTX1, 1);        /* priority 1 is not above 1 */
    bool seip_threshold = seip();
    mmio_write32(PLIC_THRESHOLD_CTX1, 0);
    bool seip_threshold_back = seip();

    uint32_t claim1 = mmio_read32(PLIC_CLAIM_CTX1);
    bool seip_claimed = seip();
    mmio_write32(PLIC_CLAIM_CTX1, claim1);       /* complete; the line is still high */
    bool seip_recompleted = seip();

    uint32_t claim2 = mmio_read32(PLIC_CLAIM_CTX1);
    uw(UART_IER, 0);                             /* the source goes quiet while claimed */
    mmio_write32(PLIC_CLAIM_CTX1, claim2);
    bool seip_quiet = seip(), pending_quiet = uart_pending();
    uint32_t claim_quiet = mmio_read32(PLIC_CLAIM_CTX1);

    /* reading IIR acknowledges THRE: the line drops */
    uw(UART_IER, IER_ETBEI);
    bool seip_again = seip();
    uint8_t iir = ur(UART_IIR);
    bool seip_acked = seip();
    uw(UART_IER, 0);
    mmio_write32(PLIC_ENABLE_CTX1, 0);
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 0);

    check_eq("plic: priority register keeps 1", prio, 1);
    check_eq("plic: enable bit 10 of context 1 reads back", enable, 1u << UART_IRQ);
    check(!seip_idle && !pending_idle, "plic: nothing pending while the UART is quiet");
    check_eq("plic: claim with nothing pending returns 0", claim_idle, 0);
    check(pending_on, "plic: UART THRE interrupt sets pending bit 10");
    check(seip_on, "plic: ... and sip.SEIP");
    check(!seip_threshold, "plic: threshold 1 masks priority 1");
    check(seip_threshold_back, "plic: threshold 0 lets it through again");
    check_eq("plic: claim returns 10 (UART)", claim1, UART_IRQ);
    check(!seip_claimed, "plic: SEIP clear while the source is claimed");
    check(seip_recompleted, "plic: complete with the line still high: pending again");
    check_eq("plic: second claim returns 10", claim2, UART_IRQ);
    check(!seip_quiet && !pending_quiet, "plic: IER = 0 then complete: SEIP and pending clear");
    check_eq("plic: then claim returns 0", claim_quiet, 0);
    check(seip_again, "plic: IER.ETBEI again raises SEIP");
    check_eq("uart: IIR reports THR empty (id 2)", iir & 0x0f, 0x02);
    check(!seip_acked, "plic: reading IIR acknowledges THRE and SEIP drops");
}

/* The RTC's alarm: goldfish interrupt -> PLIC source 11 -> sip.SEIP, the
 * wait in wfi bounded by the SBI timer. */
#define RTC_IRQ 11
#define RTC_ALARM_LOW 0x08
#define RTC_ALARM_HIGH 0x0c
#define RTC_IRQ_ENABLED 0x10
#define RTC_ALARM_STATUS 0x18
#define RTC_CLEAR_INTERRUPT 0x1c

static void rtc_alarm(void)
{
    csr_clear(sstatus, SSTATUS_SIE);
    mmio_write32(PLIC_PRIORITY(RTC_IRQ), 1);
    mmio_write32(PLIC_THRESHOLD_CTX1, 0);
    mmio_write32(PLIC_ENABLE_CTX1, 1u << RTC_IRQ);
    csr_write(sie, SIP_SEIP | SIP_STIP);
    sbi_set_timer(rdtime() + 10000000); /* give up after 1 s */

    uint64_t start = rtc_ns(), when = start + 20000000; /* 20 ms */
    mmio_write32(RTC_BASE + RTC_IRQ_ENABLED, 1);
    mmio_write32(RTC_BASE + RTC_ALARM_HIGH, (uint32_t)(when >> 32));
    mmio_write32(RTC_BASE + RTC_ALARM_LOW, (uint32_t)when); /* arms it */
    uint32_t armed = mmio_read32(RTC_BASE + RTC_ALARM_STATUS);
    bool early = seip();
    while (!(csr_read(sip) & (SIP_SEIP | SIP_STIP)))
        wfi();
    uint64_t fired = rtc_ns();
    bool got = seip();
    uint32_t id = mmio_read32(PLIC_CLAIM_CTX1);
    uint32_t armed_after = mmio_read32(RTC_BASE + RTC_ALARM_STATUS);
    mmio_write32(RTC_BASE + RTC_CLEAR_INTERRUPT, 1);
    mmio_write32(PLIC_CLAIM_CTX1, id);
    bool cleared = !seip();
    mmio_write32(RTC_BASE + RTC_IRQ_ENABLED, 0);
    mmio_write32(PLIC_ENABLE_CTX1, 0);
    sbi_set_timer(UINT64_MAX);
    csr_write(sie, 0);

    check_eq("rtc alarm: ALARM_STATUS 1 while armed", armed, 1);
    check(!early, "rtc alarm: no interrupt before the alarm time");
    check(got, "rtc alarm: sip.SEIP when the alarm fires (within 1 s)");
    checkf(fired >= when, "rtc alarm: not before the alarm time", "%lu ns early", when - fired);
    check_eq("rtc alarm: claim returns 11 (RTC)", id, RTC_IRQ);
    check_eq("rtc alarm: firing disarms it", armed_after, 0);
    check(cleared, "rtc alarm: CLEAR_INTERRUPT then complete: SEIP clear");
}

void test_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid, (void)dtb;
    uart();
    rtc();
    clint();
    plic();
    rtc_alarm();
}
