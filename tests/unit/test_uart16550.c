/*
 * ferry - unit tests for the NS16550A UART (devices/uart16550.c).
 *
 * Expected behaviour (TI/National PC16550D datasheet; what Linux's 8250
 * driver relies on, drivers/tty/serial/8250/8250_port.c):
 *  - registers: RBR/THR 0, IER 1, IIR/FCR 2, LCR 3, MCR 4, LSR 5, MSR 6,
 *    SCR 7; with LCR.DLAB, offsets 0 and 1 are the divisor latch DLL/DLM;
 *  - a 16-byte receive FIFO (one byte with the FIFOs off); FCR bit 0 enables
 *    the FIFOs (changing it empties them), bit 1 clears the receive FIFO,
 *    bits 7:6 pick the trigger level 1/4/8/14;
 *  - IIR, highest priority first: 0x6 line status (overrun), 0x4 received
 *    data at the trigger level, 0xc character timeout (data below the
 *    trigger: reported at once here), 0x2 THR empty, 0x0 modem status,
 *    0x1 none; bits 7:6 = 11 with the FIFOs on;
 *  - the THRE interrupt is raised when IER.ETBEI is set and after every
 *    transmitted byte, and cleared by reading IIR while it is the reported
 *    source or by writing THR;
 *  - LSR: DR, OE (cleared by reading LSR), THRE and TEMT (transmission is
 *    instantaneous);
 *  - loopback (MCR bit 4): THR bytes come back into the receive FIFO, the
 *    output stays quiet, MSR's top bits mirror MCR (RTS->CTS, DTR->DSR,
 *    OUT1->RI, OUT2->DCD), as Linux's autoconfig probes.
 * The interrupt line follows "some enabled condition is pending".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../devices/uart16550.h"

enum { RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };

#define IIR_NONE 0x01
#define IIR_MODEM 0x00
#define IIR_THRE 0x02
#define IIR_RX 0x04
#define IIR_LINE 0x06
#define IIR_TIMEOUT 0x0c

static Uart16550 *u;
static uint8_t output[256];
static size_t output_len;
static bool irq_level;
static unsigned irq_rises;

static void out(void *opaque, uint8_t byte)
{
    assert_ptr_equal(opaque, output);
    assert_true(output_len < sizeof output);
    output[output_len++] = byte;
}

static void record_irq(void *opaque, unsigned line, bool level)
{
    assert_ptr_equal(opaque, &irq_level);
    assert_int_equal(line, 10);
    if (level && !irq_level)
        irq_rises++;
    irq_level = level;
}

static int setup(void **state)
{
    (void)state;
    output_len = 0;
    irq_level = true;   /* creation must drive the line low */
    irq_rises = 0;
    u = uart16550_new((IrqLine){ record_irq, &irq_level, 10 }, out, output);
    return u ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    uart16550_free(u);
    return 0;
}

static uint8_t rd(unsigned reg) { return (uint8_t)uart16550_ops.read(u, reg, 1); }
static void wr(unsigned reg, uint8_t v) { uart16550_ops.write(u, reg, 1, v); }

static void receive_str(const char *s, size_t expect_taken)
{
    assert_int_equal(uart16550_receive(u, (const uint8_t *)s, strlen(s)), expect_taken);
}

static void test_reset_values(void **state)
{
    (void)state;
    assert_false(irq_level);
    assert_int_equal(rd(IER), 0);
    assert_int_equal(rd(IIR), IIR_NONE);   /* FIFOs off: bits 7:6 = 00 */
    assert_int_equal(rd(LCR), 0);
    assert_int_equal(rd(MCR), 0);
    assert_int_equal(rd(LSR), 0x60);       /* THRE | TEMT */
    assert_int_equal(rd(MSR) & 0xf0, 0xb0); /* DCD, DSR, CTS: a terminal is there */
    assert_int_equal(uart16550_rx_room(u), 1);
}

static void test_transmit(void **state)
{
    (void)state;
    const char *msg = "hi\n";
    for (const char *p = msg; *p; p++) {
        wr(THR, (uint8_t)*p);
        assert_int_equal(rd(LSR) & 0x60, 0x60);   /* ready again at once */
    }
    assert_int_equal(output_len, 3);
    assert_memory_equal(output, msg, 3);
    assert_false(irq_level);   /* ETBEI is off */
}

static void test_scratch_and_ier_probe(void **state)
{
    (void)state;
    wr(SCR, 0xa5);
    assert_int_equal(rd(SCR), 0xa5);
    /* Linux's existence test: IER reads back 0 and 0x0f, the top bits are 0 */
    wr(IER, 0);
    assert_int_equal(rd(IER), 0);
    wr(IER, 0xff);
    assert_int_equal(rd(IER), 0x0f);
    wr(IER, 0);
    wr(MCR, 0xff);
    assert_int_equal(rd(MCR), 0x1f);
}

static void test_dlab_divisor_latch(void **state)
{
    (void)state;
    wr(IER, 0x05);
    wr(LCR, 0x83);   /* DLAB, 8N1 */
    wr(DLL, 0x0c);
    wr(DLM, 0x01);
    assert_int_equal(rd(DLL), 0x0c);
    assert_int_equal(rd(DLM), 0x01);
    assert_int_equal(output_len, 0);   /* a DLL write is not a byte to send */
    wr(LCR, 0x03);
    assert_int_equal(rd(LCR), 0x03);
    assert_int_equal(rd(IER), 0x05);   /* IER was untouched */
    receive_str("Z", 1);
    assert_int_equal(rd(RBR), 'Z');
    wr(LCR, 0x83);
    assert_int_equal(rd(DLL), 0x0c);   /* still latched */
    assert_int_equal(rd(DLM), 0x01);
}

static void test_non_fifo_mode_holds_one_byte(void **state)
{
    (void)state;
    receive_str("ab", 1);
    assert_int_equal(uart16550_rx_room(u), 0);
    assert_int_equal(rd(LSR) & 1, 1);
    assert_int_equal(rd(RBR), 'a');
    assert_int_equal(rd(LSR) & 1, 0);
    assert_int_equal(rd(RBR), 0);   /* empty */
    receive_str("b", 1);
    wr(IER, 0x01);
    assert_int_equal(rd(IIR), IIR_RX);   /* any byte is "data available" */
    assert_true(irq_level);
    assert_int_equal(rd(RBR), 'b');
    assert_int_equal(rd(IIR), IIR_NONE);
    assert_false(irq_level);
}

static void test_fifo_fills_to_16(void **state)
{
    (void)state;
    wr(FCR, 0x01);
    assert_int_equal(rd(IIR) & 0xc0, 0xc0);
    assert_int_equal(uart16550_rx_room(u), 16);
    receive_str("0123456789", 10);
    assert_int_equal(uart16550_rx_room(u), 6);
    receive_str("abcdefghij", 6);   /* only six fit: the caller keeps the rest */
    assert_int_equal(uart16550_rx_room(u), 0);
    receive_str("x", 0);
    const char *expect = "0123456789abcdef";
    for (int i = 0; i < 16; i++) {
        assert_int_equal(rd(LSR) & 1, 1);
        assert_int_equal(rd(RBR), (uint8_t)expect[i]);
    }
    assert_int_equal(rd(LSR) & 1, 0);
    assert_int_equal(rd(LSR) & 2, 0);   /* the host's extra bytes were refused, not overrun */
    assert_int_equal(uart16550_rx_room(u), 16);
    /* the ring wraps */
    receive_str("ghij", 4);
    assert_int_equal(rd(RBR), 'g');
    assert_int_equal(rd(RBR), 'h');
}

static void test_fifo_clear_and_toggle(void **state)
{
    (void)state;
    wr(FCR, 0x01);
    receive_str("abc", 3);
    wr(FCR, 0x03);   /* clear RX, keep FIFOs on */
    assert_int_equal(rd(LSR) & 1, 0);
    assert_int_equal(rd(IIR) & 0xc0, 0xc0);
    receive_str("abc", 3);
    wr(FCR, 0x00);   /* FIFOs off: emptied */
    assert_int_equal(rd(LSR) & 1, 0);
    assert_int_equal(rd(IIR), IIR_NONE);
    assert_int_equal(uart16550_rx_room(u), 1);
    receive_str("q", 1);
    wr(FCR, 0x01);   /* on again: emptied again */
    assert_int_equal(rd(LSR) & 1, 0);
    /* rewriting the same enable keeps the data */
    receive_str("r", 1);
    wr(FCR, 0xc1);
    assert_int_equal(rd(RBR), 'r');
}

/* With received-data interrupts on and trigger level `fcr`, feed bytes one by
 * one: below `level` the UART reports a timeout, from `level` on data. */
static void check_trigger(uint8_t fcr, unsigned level)
{
    wr(FCR, (uint8_t)(fcr | 0x03));
    wr(IER, 0x01);
    assert_int_equal(rd(IIR), 0xc0 | IIR_NONE);
    assert_false(irq_level);
    for (unsigned n = 1; n <= 16; n++) {
        receive_str("x", 1);
        assert_true(irq_level);
        assert_int_equal(rd(IIR), 0xc0 | (n >= level ? IIR_RX : IIR_TIMEOUT));
    }
    /* draining below the trigger goes back to timeout, then nothing */
    for (unsigned n = 16; n > 0; n--) {
        assert_int_equal(rd(IIR), 0xc0 | (n >= level ? IIR_RX : IIR_TIMEOUT));
        rd(RBR);
    }
    assert_int_equal(rd(IIR), 0xc0 | IIR_NONE);
    assert_false(irq_level);
}

static void test_trigger_levels(void **state)
{
    (void)state;
    check_trigger(0x01, 1);
    check_trigger(0x41, 4);
    check_trigger(0x81, 8);
    check_trigger(0xc1, 14);
}

static void test_thre_interrupt(void **state)
{
    (void)state;
    wr(IER, 0x02);   /* enabling ETBEI with THR empty raises THRE */
    assert_true(irq_level);
    assert_int_equal(rd(IIR), IIR_THRE);
    /* reading IIR while THRE is reported acknowledges it */
    assert_false(irq_level);
    assert_int_equal(rd(IIR), IIR_NONE);
    /* sending a byte empties THR again: THRE comes back */
    wr(THR, 'a');
    assert_true(irq_level);
    assert_int_equal(irq_rises, 2);
    /* disabling ETBEI drops it; enabling it again raises it */
    wr(IER, 0x00);
    assert_false(irq_level);
    wr(IER, 0x02);
    assert_true(irq_level);
    /* re-writing IER with ETBEI still set does not re-raise an acknowledged THRE */
    assert_int_equal(rd(IIR), IIR_THRE);
    wr(IER, 0x02);
    assert_false(irq_level);
    assert_int_equal(output_len, 1);
}

static void test_iir_priorities(void **state)
{
    (void)state;
    wr(FCR, 0xc7);          /* FIFOs on, trigger 14 */
    wr(MCR, 0x10);          /* loopback, to make an overrun */
    wr(IER, 0x0f);          /* everything */
    /* entering loopback dropped DSR/CTS/DCD: a modem status change */
    for (int i = 0; i < 17; i++)
        wr(THR, (uint8_t)('A' + i));   /* 17th byte overruns */
    /* line status first */
    assert_int_equal(rd(IIR), 0xc0 | IIR_LINE);
    assert_int_equal(rd(LSR) & 0x63, 0x63);   /* DR, OE, THRE, TEMT */
    assert_int_equal(rd(LSR) & 0x02, 0);      /* OE cleared by the read */
    /* then received data (16 >= 14) */
    assert_int_equal(rd(IIR), 0xc0 | IIR_RX);
    for (int i = 0; i < 3; i++)
        assert_int_equal(rd(RBR), 'A' + i);
    /* 13 left, below the trigger: timeout */
    assert_int_equal(rd(IIR), 0xc0 | IIR_TIMEOUT);
    for (int i = 3; i < 16; i++)
        assert_int_equal(rd(RBR), 'A' + i);   /* the 17th byte was lost */
    /* then THR empty */
    assert_int_equal(rd(IIR), 0xc0 | IIR_THRE);
    /* then modem status, until MSR is read */
    assert_int_equal(rd(IIR), 0xc0 | IIR_MODEM);
    assert_int_equal(rd(IIR), 0xc0 | IIR_MODEM);
    assert_true(irq_level);
    assert_int_not_equal(rd(MSR) & 0x0f, 0);
    assert_int_equal(rd(MSR) & 0x0f, 0);
    assert_int_equal(rd(IIR), 0xc0 | IIR_NONE);
    assert_false(irq_level);
    assert_int_equal(output_len, 0);   /* loopback sends nothing out */
}

static void test_interrupt_enables_gate_the_line(void **state)
{
    (void)state;
    wr(FCR, 0x01);
    receive_str("x", 1);
    assert_false(irq_level);
    assert_int_equal(rd(IIR), 0xc0 | IIR_NONE);
    wr(IER, 0x01);
    assert_true(irq_level);
    wr(IER, 0x00);
    assert_false(irq_level);
    assert_int_equal(rd(LSR) & 1, 1);   /* the data is still there */
}

static void test_loopback_as_linux_probes_it(void **state)
{
    (void)state;
    /* autoconfig: MCR = LOOP | OUT2 | RTS; MSR top bits must read DCD | CTS */
    wr(MCR, 0x10 | 0x0a);
    assert_int_equal(rd(MSR) & 0xf0, 0x90);
    wr(MCR, 0x10 | 0x05);   /* DTR, OUT1 -> DSR, RI */
    assert_int_equal(rd(MSR) & 0xf0, 0x60);
    wr(MCR, 0x10);          /* RI falls: trailing-edge bit */
    uint8_t msr = rd(MSR);
    assert_int_equal(msr & 0xf0, 0x00);
    assert_int_equal(msr & 0x04, 0x04);
    /* bytes loop back, and the outside input is disconnected */
    wr(FCR, 0x07);
    wr(THR, 0x55);
    wr(THR, 0xaa);
    assert_int_equal(output_len, 0);
    assert_int_equal(uart16550_rx_room(u), 0);
    receive_str("k", 0);
    assert_int_equal(rd(LSR) & 1, 1);
    assert_int_equal(rd(RBR), 0x55);
    assert_int_equal(rd(RBR), 0xaa);
    /* leave loopback: output and input work again */
    wr(MCR, 0x0b);
    assert_int_equal(rd(MSR) & 0xf0, 0xb0);
    wr(THR, 'o');
    assert_int_equal(output_len, 1);
    assert_int_equal(output[0], 'o');
    receive_str("k", 1);
    assert_int_equal(rd(RBR), 'k');
}

static void test_loopback_overrun_without_fifo(void **state)
{
    (void)state;
    wr(MCR, 0x10);
    wr(THR, '1');
    wr(THR, '2');   /* RBR not read: overwritten, overrun */
    assert_int_equal(rd(LSR) & 0x03, 0x03);
    assert_int_equal(rd(RBR), '2');
    assert_int_equal(rd(LSR) & 0x03, 0x00);
}

static void test_wide_and_unknown_accesses(void **state)
{
    (void)state;
    /* a wider access reaches the register at its offset */
    uart16550_ops.write(u, SCR, 4, 0xdeadbe42);
    assert_int_equal(uart16550_ops.read(u, SCR, 8), 0x42);
    uart16550_ops.write(u, THR, 8, 0x4142434445464748ull);
    assert_int_equal(output_len, 1);
    assert_int_equal(output[0], 0x48);
    assert_int_equal(uart16550_ops.read(u, LSR, 2), 0x60);
    /* offsets past SCR: nothing */
    for (uint64_t off = 8; off < UART16550_MMIO_SIZE; off += 7) {
        uart16550_ops.write(u, off, 1, 0xff);
        assert_int_equal(uart16550_ops.read(u, off, 1), 0);
    }
    uart16550_ops.write(u, UART16550_MMIO_SIZE - 8, 8, ~0ull);
    assert_int_equal(uart16550_ops.read(u, UART16550_MMIO_SIZE - 8, 8), 0);
    /* LSR and MSR are read-only */
    wr(LSR, 0x00);
    wr(MSR, 0x00);
    assert_int_equal(rd(LSR), 0x60);
    assert_int_equal(rd(MSR) & 0xf0, 0xb0);
    assert_int_equal(output_len, 1);
    assert_false(irq_level);
}

static void test_reset(void **state)
{
    (void)state;
    wr(FCR, 0x01);
    wr(IER, 0x03);
    wr(LCR, 0x1b);
    wr(MCR, 0x1f);
    receive_str("ab", 0);   /* loopback: refused */
    wr(THR, 'x');
    assert_true(irq_level);
    uart16550_ops.reset(u);
    assert_false(irq_level);
    assert_int_equal(rd(IER), 0);
    assert_int_equal(rd(LCR), 0);
    assert_int_equal(rd(MCR), 0);
    assert_int_equal(rd(LSR), 0x60);
    assert_int_equal(rd(IIR), IIR_NONE);
    assert_int_equal(uart16550_rx_room(u), 1);
}

static void test_without_output_callback(void **state)
{
    (void)state;
    Uart16550 *q = uart16550_new((IrqLine){ 0 }, NULL, NULL);
    assert_non_null(q);
    uart16550_ops.write(q, THR, 1, 'x');   /* goes nowhere */
    uart16550_ops.write(q, IER, 1, 0x0f);
    assert_int_equal(uart16550_ops.read(q, IIR, 1), IIR_THRE);
    uart16550_free(q);
}

static void test_save_load_round_trip(void **state)
{
    (void)state;
    wr(LCR, 0x83);
    wr(DLL, 0x0c);
    wr(LCR, 0x03);
    wr(FCR, 0x81);       /* trigger 8 */
    wr(IER, 0x01);
    wr(SCR, 0x5a);
    receive_str("hello", 5);
    rd(RBR);             /* move the ring's head */
    assert_true(irq_level);
    SaveBuf b = { 0 };
    uart16550_ops.save(u, &b);
    assert_false(b.error);

    uart16550_ops.reset(u);
    assert_false(irq_level);
    assert_true(uart16550_ops.load(u, &b));
    assert_int_equal(b.pos, b.len);
    assert_true(irq_level);   /* the line is driven from the loaded state */
    assert_int_equal(rd(IIR), 0xc0 | IIR_TIMEOUT);   /* 4 bytes, trigger 8 */
    assert_int_equal(rd(SCR), 0x5a);
    assert_int_equal(rd(LCR), 0x03);
    assert_int_equal(uart16550_rx_room(u), 12);
    receive_str("!!!!", 4);
    assert_int_equal(rd(IIR), 0xc0 | IIR_RX);
    const char *expect = "ello!!!!";
    for (int i = 0; i < 8; i++)
        assert_int_equal(rd(RBR), (uint8_t)expect[i]);
    wr(LCR, 0x83);
    assert_int_equal(rd(DLL), 0x0c);
    savebuf_free(&b);
}

static void test_load_rejects_damaged_input(void **state)
{
    (void)state;
    wr(FCR, 0x01);
    receive_str("abc", 3);
    SaveBuf good = { 0 };
    uart16550_ops.save(u, &good);
    uart16550_ops.reset(u);
    wr(SCR, 0x77);

    for (size_t len = 0; len < good.len; len++) {
        SaveBuf b = { .data = good.data, .len = len };
        assert_false(uart16550_ops.load(u, &b));
    }
    assert_int_equal(rd(SCR), 0x77);   /* untouched by the failed loads */
    assert_int_equal(rd(LSR) & 1, 0);

    /* layout: tag 4, version 4, ier lcr mcr scr dll dlm fcr msr, count 4,
     * bytes, flags 4 */
    uint8_t *bad = malloc(good.len);
    static const size_t offsets[] = { 1, 4, 8, 10, 14, 14, 16, 16, 16 + 4 + 3 };
    static const uint8_t values[] = { 0, 7, 0x10, 0x20, 0x02, 0x3e, 17, 0xff, 4 };
    for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
        memcpy(bad, good.data, good.len);
        bad[offsets[i]] = values[i];
        SaveBuf b = { .data = bad, .len = good.len };
        assert_false(uart16550_ops.load(u, &b));
    }
    assert_int_equal(rd(SCR), 0x77);
    /* FIFOs off in the snapshot but 3 bytes held: impossible */
    memcpy(bad, good.data, good.len);
    bad[14] = 0;
    SaveBuf b = { .data = bad, .len = good.len };
    assert_false(uart16550_ops.load(u, &b));
    free(bad);

    b = (SaveBuf){ .data = good.data, .len = good.len };
    assert_true(uart16550_ops.load(u, &b));
    assert_int_equal(rd(RBR), 'a');
    savebuf_free(&good);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_reset_values),
        T(test_transmit),
        T(test_scratch_and_ier_probe),
        T(test_dlab_divisor_latch),
        T(test_non_fifo_mode_holds_one_byte),
        T(test_fifo_fills_to_16),
        T(test_fifo_clear_and_toggle),
        T(test_trigger_levels),
        T(test_thre_interrupt),
        T(test_iir_priorities),
        T(test_interrupt_enables_gate_the_line),
        T(test_loopback_as_linux_probes_it),
        T(test_loopback_overrun_without_fifo),
        T(test_wide_and_unknown_accesses),
        T(test_reset),
        T(test_without_output_callback),
        T(test_save_load_round_trip),
        T(test_load_rejects_damaged_input),
    };
    return cmocka_run_group_tests_name("uart16550", tests, NULL, NULL);
}
