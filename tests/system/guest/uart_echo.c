/*
 * Serial input through the interrupt path: the UART's received-data
 * interrupt (IER.ERBFI) goes through PLIC source 10 to context 1 (hart 0
 * S-mode) and arrives as a supervisor external interrupt (scause =
 * interrupt | 9); the handler claims, drains RBR while LSR.DR is set, and
 * completes. The main loop only waits in wfi. At '\n' it prints what it got
 * as `sys: got "..."`. The runner pipes a line into ferry's stdin; the FIFO
 * is left as the firmware set it, so bytes that arrived before the program
 * started are not thrown away.
 */
#include "rt.h"
#include "sbi.h"

#define UART_RBR 0
#define UART_IER 1
#define UART_LSR 5
#define LSR_DR 0x01
#define IER_ERBFI 0x01

#define PLIC_PRIORITY(id) (PLIC_BASE + 4 * (id))
#define PLIC_ENABLE_CTX1 (PLIC_BASE + 0x2080)
#define PLIC_THRESHOLD_CTX1 (PLIC_BASE + 0x201000)
#define PLIC_CLAIM_CTX1 (PLIC_BASE + 0x201004)

#define TIMEBASE 10000000ul
#define MAX_LINE 128

static char line[MAX_LINE];
static volatile unsigned len;
static volatile bool done;
static volatile unsigned long interrupts, bad_causes, bad_claims, empty_claims;

static void external(unsigned long cause)
{
    if (cause != (SCAUSE_INTERRUPT | 9)) {
        bad_causes++;
        csr_clear(sie, 1ul << (cause & 63));
        return;
    }
    interrupts++;
    uint32_t id = mmio_read32(PLIC_CLAIM_CTX1);
    if (id == 0) {
        empty_claims++; /* allowed (another context may have taken it), but not expected */
        return;
    }
    if (id != UART_IRQ)
        bad_claims++;
    while (mmio_read8(UART_BASE + UART_LSR) & LSR_DR) {
        char c = (char)mmio_read8(UART_BASE + UART_RBR);
        if (done)
            continue;
        if (c == '\n')
            done = true;
        else if (len < MAX_LINE - 1)
            line[len++] = c;
    }
    mmio_write32(PLIC_CLAIM_CTX1, id);
}

void test_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid, (void)dtb;
    irq_hook = external;
    mmio_write32(PLIC_PRIORITY(UART_IRQ), 1);
    mmio_write32(PLIC_THRESHOLD_CTX1, 0);
    mmio_write32(PLIC_ENABLE_CTX1, 1u << UART_IRQ);
    mmio_write8(UART_BASE + UART_IER, IER_ERBFI);
    csr_set(sie, SIP_SEIP);

    /* the SBI timer bounds the wait: no input in 10 s is a failure */
    uint64_t deadline = rdtime() + 10 * TIMEBASE;
    sbi_set_timer(deadline);
    unsigned long wakeups = 0;
    csr_set(sstatus, SSTATUS_SIE);
    while (!done && !(csr_read(sip) & SIP_STIP)) {
        wfi();
        wakeups++;
    }
    csr_clear(sstatus, SSTATUS_SIE);
    sbi_set_timer(UINT64_MAX);
    mmio_write8(UART_BASE + UART_IER, 0);
    mmio_write32(PLIC_ENABLE_CTX1, 0);
    csr_clear(sie, SIP_SEIP);
    irq_hook = NULL;

    line[len] = '\0';
    rt_printf("sys: got \"");
    for (unsigned i = 0; i < len; i++) {
        char c = line[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            rt_printf("%c", c);
        else
            rt_printf("\\x%02x", (unsigned)(uint8_t)c);
    }
    rt_printf("\"\n");
    rt_printf("info: %lu external interrupt(s), %lu wfi wake-up(s)\n", interrupts, wakeups);
    check(done, "echo: the line ended with '\\n' before the 10 s limit");
    check(interrupts >= 1, "echo: input arrived by external interrupt");
    check_eq("echo: every interrupt was scause = interrupt | 9", bad_causes, 0);
    check_eq("echo: every claim returned source 10", bad_claims, 0);
    check_eq("echo: no empty claims", empty_claims, 0);
    check_eq("echo: no external interrupt pending after IER = 0", csr_read(sip) & SIP_SEIP, 0);
}
