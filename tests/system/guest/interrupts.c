/*
 * Supervisor interrupts (privileged spec 4.1.3, 4.1.7): which sie/sip bits
 * S-mode may write, a software interrupt S-mode raises itself through
 * sip.SSIP, the order of simultaneous interrupts (SEI before SSI before
 * STI), vectored stvec (interrupts at base + 4 * cause, exceptions at
 * base), and U-mode being interrupted whatever sstatus.SIE says. The
 * external interrupt comes from the UART's "transmitter empty" through the
 * PLIC's context 1. Runs under both firmwares.
 */
#include "rt.h"
#include "sbi.h"

#define UART_IER 1
#define UART_IIR 2
#define IER_ETBEI 0x02
#define PLIC_PRIORITY(id) (PLIC_BASE + 4 * (id))
#define PLIC_ENABLE_CTX1 (PLIC_BASE + 0x2080)
#define PLIC_THRESHOLD_CTX1 (PLIC_BASE + 0x201000)
#define PLIC_CLAIM_CTX1 (PLIC_BASE + 0x201004)

#define IRQ_SSI 1
#define IRQ_STI 5
#define IRQ_SEI 9

static void sie_sip_bits(void)
{
    unsigned long saved = csr_read(sie);
    csr_write(sie, ~0ul);
    unsigned long all = csr_read(sie);
    csr_write(sie, saved);
    /* with SSI, STI and SEI delegated (both firmwares), exactly those */
    check_eq("sie: the writable bits are SSIE, STIE, SEIE (0x222)", all, 0x222);

    sbi_set_timer(UINT64_MAX);
    csr_set(sip, SIP_STIP);
    check_eq("sip: STIP is read-only for S (the SBI owns it)", csr_read(sip) & SIP_STIP, 0);
    csr_set(sip, SIP_SEIP);
    check_eq("sip: SEIP is read-only for S (the PLIC owns it)", csr_read(sip) & SIP_SEIP, 0);
    csr_set(sip, SIP_SSIP);
    check_eq("sip: SSIP is writable by S", csr_read(sip) & SIP_SSIP, SIP_SSIP);
    csr_clear(sip, SIP_SSIP);
    check_eq("sip: SSIP clears", csr_read(sip) & SIP_SSIP, 0);
    check_eq("sstatus: UXL = 2 (U-mode is 64-bit)", csr_read(sstatus) >> 32 & 3, 2);
}

static volatile unsigned order[8];
static volatile unsigned norder;

/* record and mask what came, so that the next pending one follows */
static void record_order(unsigned long cause)
{
    unsigned code = (unsigned)(cause & 63);
    if (norder < 8)
        order[norder++] = code | (cause & SCAUSE_INTERRUPT ? 0 : 0x100);
    csr_clear(sie, 1ul << code);
    if (code == IRQ_SSI)
        csr_clear(sip, SIP_SSIP);
}

static void software_interrupt(void)
{
    norder = 0;
    irq_hook = record_order;
    csr_clear(sstatus, SSTATUS_SIE);
    csr_set(sie, SIP_SSIP);
    csr_set(sip, SIP_SSIP); /* S-mode interrupts itself */
    check_eq("ssi: not taken with sstatus.SIE = 0", norder, 0);
    csr_set(sstatus, SSTATUS_SIE);
    __asm__ volatile("nop" ::: "memory");
    csr_clear(sstatus, SSTATUS_SIE);
    irq_hook = NULL;
    check_eq("ssi: one software interrupt taken once SIE is set", norder, 1);
    check_eq("ssi: scause = interrupt | 1", traps.cause, SCAUSE_INTERRUPT | IRQ_SSI);
}

static void priority(void)
{
    /* make all three pending with interrupts off */
    csr_clear(sstatus, SSTATUS_SIE);
    csr_write(sie, 0);
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 1);
    mmio_write32(PLIC_THRESHOLD_CTX1, 0);
    mmio_write32(PLIC_ENABLE_CTX1, 1u << UART_IRQ);
    mmio_write8(UART_BASE + UART_IER, IER_ETBEI); /* no printing from here ... */
    sbi_set_timer(0);
    csr_set(sip, SIP_SSIP);
    uint64_t until = rdtime() + 100000;
    while ((csr_read(sip) & (SIP_SSIP | SIP_STIP | SIP_SEIP)) != (SIP_SSIP | SIP_STIP | SIP_SEIP) && rdtime() < until)
        ;
    unsigned long pending = csr_read(sip) & (SIP_SSIP | SIP_STIP | SIP_SEIP);
    norder = 0;
    irq_hook = record_order;
    /* enable the three in sie in the "wrong" order, then open the gate */
    csr_set(sie, SIP_STIP | SIP_SSIP | SIP_SEIP);
    csr_set(sstatus, SSTATUS_SIE);
    __asm__ volatile("nop; nop" ::: "memory");
    csr_clear(sstatus, SSTATUS_SIE);
    irq_hook = NULL;
    /* quiet the sources */
    sbi_set_timer(UINT64_MAX);
    mmio_write8(UART_BASE + UART_IER, 0);
    uint32_t id = mmio_read32(PLIC_CLAIM_CTX1);
    if (id)
        mmio_write32(PLIC_CLAIM_CTX1, id);
    (void)mmio_read8(UART_BASE + UART_IIR);
    mmio_write32(PLIC_ENABLE_CTX1, 0);
    csr_clear(sip, SIP_SSIP);
    csr_write(sie, 0);           /* ... to here */

    check_eq("priority: SEIP, SSIP and STIP all pending", pending, SIP_SSIP | SIP_STIP | SIP_SEIP);
    checkf(norder == 3 && order[0] == IRQ_SEI && order[1] == IRQ_SSI && order[2] == IRQ_STI,
           "priority: taken in the order SEI, SSI, STI", "%u taken: %u %u %u", norder, order[0], order[1], order[2]);
}

/* ---- vectored stvec ---- */

volatile unsigned long vec_hits[16];
extern char vector_table[];
/* entry i counts a hit in vec_hits[i], then joins the common vector */
__asm__(".text\n"
        ".balign 256\n"
        "vector_table:\n"
        ".option push\n"
        ".option norvc\n" /* 4-byte entries: no c.j */
        ".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
        "j vec_entry_\\n\n"
        ".endr\n"
        ".option pop\n"
        ".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
        "vec_entry_\\n:\n"
        "addi sp, sp, -16\n"
        "sd t0, 0(sp)\n"
        "sd t1, 8(sp)\n"
        "lla t0, vec_hits + 8 * \\n\n"
        "ld t1, 0(t0)\n"
        "addi t1, t1, 1\n"
        "sd t1, 0(t0)\n"
        "ld t1, 8(sp)\n"
        "ld t0, 0(sp)\n"
        "addi sp, sp, 16\n"
        "j trap_vector\n"
        ".endr\n");

static unsigned long hits_total(void)
{
    unsigned long n = 0;
    for (unsigned i = 0; i < 16; i++)
        n += vec_hits[i];
    return n;
}

static void vectored(void)
{
    unsigned long direct = csr_read(stvec);
    csr_write(stvec, (uintptr_t)vector_table | 1);
    unsigned long mode = csr_read(stvec) & 3;

    csr_write(sie, SIP_SSIP | SIP_STIP);
    /* software interrupt: entry 1 */
    trap_reset();
    csr_set(sip, SIP_SSIP);
    irq_hook = record_order;
    csr_set(sstatus, SSTATUS_SIE);
    __asm__ volatile("nop" ::: "memory");
    csr_clear(sstatus, SSTATUS_SIE);
    unsigned long ssi_hits = vec_hits[IRQ_SSI], after_ssi = hits_total();
    /* timer: entry 5 */
    csr_set(sie, SIP_STIP);
    sbi_set_timer(0);
    uint64_t until = rdtime() + 100000;
    while (!(csr_read(sip) & SIP_STIP) && rdtime() < until)
        ;
    csr_set(sstatus, SSTATUS_SIE);
    __asm__ volatile("nop" ::: "memory");
    csr_clear(sstatus, SSTATUS_SIE);
    sbi_set_timer(UINT64_MAX);
    unsigned long sti_hits = vec_hits[IRQ_STI], after_sti = hits_total();
    irq_hook = NULL;
    /* an exception: the base (entry 0) */
    __asm__ volatile(".option push\n.option norvc\nebreak\n.option pop" ::: "memory");
    unsigned long exc_hits = vec_hits[0], after_exc = hits_total();
    csr_write(stvec, direct);
    csr_write(sie, 0);

    check_eq("vectored: stvec keeps mode 1", mode, 1);
    checkf(ssi_hits == 1 && after_ssi == 1, "vectored: software interrupt enters at base + 4",
           "entry 1 hit %lu times, %lu hits in all", ssi_hits, after_ssi);
    checkf(sti_hits == 1 && after_sti == 2, "vectored: timer interrupt enters at base + 20",
           "entry 5 hit %lu times, %lu hits in all", sti_hits, after_sti);
    checkf(exc_hits == 1 && after_exc == 3, "vectored: exceptions enter at base", "entry 0 hit %lu times, %lu in all",
           exc_hits, after_exc);
    for (unsigned i = 0; i < 16; i++)
        if (vec_hits[i])
            rt_printf("info: vector entry %u: %lu hit(s)\n", i, vec_hits[i]);
}

/* ---- U-mode is always interruptible by S-level interrupts ---- */

static uint8_t user_stack[1024] __attribute__((aligned(16)));
void u_spin(void);
__asm__(".text\n.balign 4\nu_spin: j u_spin\n");

static void user_interrupted(void)
{
    csr_clear(sstatus, SSTATUS_SIE);
    csr_write(sie, SIP_STIP);
    sbi_set_timer(rdtime() + 100000); /* 10 ms */
    trap_reset();
    unsigned long cause = run_user((uintptr_t)u_spin, (uintptr_t)(user_stack + sizeof user_stack));
    sbi_set_timer(UINT64_MAX);
    csr_write(sie, 0);
    check_eq("user: a spinning U-mode program is interrupted with sstatus.SIE = 0", cause,
             SCAUSE_INTERRUPT | IRQ_STI);
    check_eq("user: sepc = the U loop", traps.epc, (uintptr_t)u_spin);
    check_eq("user: sstatus.SPP = U", traps.sstatus & SSTATUS_SPP, 0);
}

void test_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid, (void)dtb;
    sie_sip_bits();
    software_interrupt();
    priority();
    vectored();
    user_interrupted();
}
