/*
 * NS16550A UART; see uart16550.h.
 *
 * Transmission is instantaneous: a THR write hands the byte to the output
 * callback (or, in loopback, to the receive FIFO), so THRE and TEMT always
 * read 1 and the "transmitter empty" interrupt comes back after every byte,
 * which is what Linux's 8250 driver waits for before writing more.
 *
 * Interrupt identification, highest priority first (IIR bits 3:0):
 *   0x6 receiver line status   (IER.ELSI, an overrun; cleared by reading LSR)
 *   0x4 received data          (IER.ERBFI, FIFO at its trigger level, or any
 *                               byte with the FIFOs off)
 *   0xc character timeout      (IER.ERBFI, FIFO not empty but below the
 *                               trigger: reported at once, so the driver
 *                               always drains a short burst)
 *   0x2 transmitter empty      (IER.ETBEI; raised when ETBEI is set or a byte
 *                               leaves THR, cleared by writing THR or by
 *                               reading IIR while it is the reported source)
 *   0x0 modem status           (IER.EDSSI, an MSR delta bit; cleared by
 *                               reading MSR)
 *   0x1 none
 * IIR bits 7:6 read 11 while the FIFOs are enabled.
 *
 * Registers are bytes (reg-io-width 1): a wider access reaches the register
 * at its offset with the low byte; offsets past SCR read 0.
 */
#include "uart16550.h"

#include <stdlib.h>

enum {
    REG_RBR_THR = 0, REG_IER = 1, REG_IIR_FCR = 2, REG_LCR = 3,
    REG_MCR = 4, REG_LSR = 5, REG_MSR = 6, REG_SCR = 7,
};

#define IER_ERBFI 0x01
#define IER_ETBEI 0x02
#define IER_ELSI 0x04
#define IER_EDSSI 0x08
#define IER_MASK 0x0f

#define IIR_NONE 0x01
#define IIR_MODEM 0x00
#define IIR_THRE 0x02
#define IIR_RX 0x04
#define IIR_LINE 0x06
#define IIR_TIMEOUT 0x0c
#define IIR_FIFOS_ON 0xc0

#define FCR_ENABLE 0x01
#define FCR_CLEAR_RX 0x02
#define FCR_TRIGGER_SHIFT 6

#define LCR_DLAB 0x80

#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10
#define MCR_MASK 0x1f

#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

#define MSR_DCTS 0x01
#define MSR_DDSR 0x02
#define MSR_TERI 0x04
#define MSR_DDCD 0x08
#define MSR_CTS 0x10
#define MSR_DSR 0x20
#define MSR_RI 0x40
#define MSR_DCD 0x80
/* outside loopback the other end looks like a connected terminal */
#define MSR_CONNECTED (MSR_DCD | MSR_DSR | MSR_CTS)

#define SAVE_TAG "U550"
#define SAVE_VERSION 1

struct Uart16550 {
    IrqLine irq;
    UartOutputFn out;
    void *out_opaque;
    uint8_t rx[UART16550_FIFO];   /* ring buffer */
    unsigned rx_head, rx_count;
    uint8_t ier, lcr, mcr, scr, dll, dlm;
    uint8_t fcr;                  /* FIFO enable and trigger bits as last written */
    uint8_t msr;                  /* status bits 7:4 and delta bits 3:0 */
    bool overrun;                 /* LSR.OE until LSR is read */
    bool thre_pending;
    bool irq_level;               /* what the line shows */
};

static bool fifo_enabled(const Uart16550 *u)
{
    return u->fcr & FCR_ENABLE;
}

/* With the FIFOs off the receiver holds one byte (16450 mode). */
static unsigned rx_capacity(const Uart16550 *u)
{
    return fifo_enabled(u) ? UART16550_FIFO : 1;
}

static unsigned rx_trigger(const Uart16550 *u)
{
    static const unsigned levels[4] = { 1, 4, 8, 14 };
    return levels[u->fcr >> FCR_TRIGGER_SHIFT];
}

static unsigned interrupt_id(const Uart16550 *u)
{
    if ((u->ier & IER_ELSI) && u->overrun)
        return IIR_LINE;
    if ((u->ier & IER_ERBFI) && u->rx_count) {
        if (!fifo_enabled(u) || u->rx_count >= rx_trigger(u))
            return IIR_RX;
        return IIR_TIMEOUT;
    }
    if ((u->ier & IER_ETBEI) && u->thre_pending)
        return IIR_THRE;
    if ((u->ier & IER_EDSSI) && (u->msr & 0x0f))
        return IIR_MODEM;
    return IIR_NONE;
}

static void update_irq(Uart16550 *u, bool force)
{
    bool level = interrupt_id(u) != IIR_NONE;
    if (level != u->irq_level || force) {
        u->irq_level = level;
        irq_set(&u->irq, level);
    }
}

static void rx_push(Uart16550 *u, uint8_t byte)
{
    u->rx[(u->rx_head + u->rx_count) % UART16550_FIFO] = byte;
    u->rx_count++;
}

static void rx_clear(Uart16550 *u)
{
    u->rx_head = u->rx_count = 0;
}

/* The modem status inputs: in loopback they are MCR's outputs wired back. */
static void update_msr(Uart16550 *u)
{
    uint8_t status = MSR_CONNECTED;
    if (u->mcr & MCR_LOOP) {
        status = (u->mcr & MCR_RTS ? MSR_CTS : 0) | (u->mcr & MCR_DTR ? MSR_DSR : 0) |
                 (u->mcr & MCR_OUT1 ? MSR_RI : 0) | (u->mcr & MCR_OUT2 ? MSR_DCD : 0);
    }
    uint8_t old = u->msr, changed = (uint8_t)(old ^ status);
    uint8_t delta = old & 0x0f;
    if (changed & MSR_CTS)
        delta |= MSR_DCTS;
    if (changed & MSR_DSR)
        delta |= MSR_DDSR;
    if ((old & MSR_RI) && !(status & MSR_RI))   /* trailing edge only */
        delta |= MSR_TERI;
    if (changed & MSR_DCD)
        delta |= MSR_DDCD;
    u->msr = (uint8_t)((status & 0xf0) | delta);
}

static void transmit(Uart16550 *u, uint8_t byte)
{
    if (u->mcr & MCR_LOOP) {
        if (u->rx_count < rx_capacity(u)) {
            rx_push(u, byte);
        } else {
            /* overrun: a full FIFO drops the byte, a 16450 RBR is overwritten */
            u->overrun = true;
            if (!fifo_enabled(u))
                u->rx[u->rx_head] = byte;
        }
    } else if (u->out) {
        u->out(u->out_opaque, byte);
    }
    u->thre_pending = true;   /* THR is empty again */
}

static uint8_t read_rbr(Uart16550 *u)
{
    if (!u->rx_count)
        return 0;
    uint8_t byte = u->rx[u->rx_head];
    u->rx_head = (u->rx_head + 1) % UART16550_FIFO;
    u->rx_count--;
    return byte;
}

static uint8_t read_iir(Uart16550 *u)
{
    unsigned id = interrupt_id(u);
    if (id == IIR_THRE)
        u->thre_pending = false;   /* reading IIR acknowledges THRE */
    return (uint8_t)(id | (fifo_enabled(u) ? IIR_FIFOS_ON : 0));
}

static uint8_t read_lsr(Uart16550 *u)
{
    uint8_t lsr = LSR_THRE | LSR_TEMT | (u->rx_count ? LSR_DR : 0) | (u->overrun ? LSR_OE : 0);
    u->overrun = false;
    return lsr;
}

static uint8_t read_reg(Uart16550 *u, unsigned reg)
{
    bool dlab = u->lcr & LCR_DLAB;
    switch (reg) {
    case REG_RBR_THR:
        return dlab ? u->dll : read_rbr(u);
    case REG_IER:
        return dlab ? u->dlm : u->ier;
    case REG_IIR_FCR:
        return read_iir(u);
    case REG_LCR:
        return u->lcr;
    case REG_MCR:
        return u->mcr;
    case REG_LSR:
        return read_lsr(u);
    case REG_MSR: {
        uint8_t msr = u->msr;
        u->msr &= 0xf0;   /* reading clears the delta bits */
        return msr;
    }
    case REG_SCR:
        return u->scr;
    default:
        return 0;
    }
}

static void write_ier(Uart16550 *u, uint8_t value)
{
    uint8_t old = u->ier;
    u->ier = value & IER_MASK;
    /* enabling ETBEI with THR empty (always, here) raises THRE; disabling drops it */
    if ((old ^ u->ier) & IER_ETBEI)
        u->thre_pending = u->ier & IER_ETBEI;
}

static void write_fcr(Uart16550 *u, uint8_t value)
{
    bool enable = value & FCR_ENABLE;
    if (enable != fifo_enabled(u))
        rx_clear(u);   /* switching the FIFOs on or off empties them */
    if (!enable) {
        u->fcr = 0;
        return;
    }
    if (value & FCR_CLEAR_RX)
        rx_clear(u);
    /* the transmit FIFO is always empty: nothing to clear */
    u->fcr = value & (FCR_ENABLE | 3u << FCR_TRIGGER_SHIFT);
}

static void write_reg(Uart16550 *u, unsigned reg, uint8_t value)
{
    bool dlab = u->lcr & LCR_DLAB;
    switch (reg) {
    case REG_RBR_THR:
        if (dlab) {
            u->dll = value;
        } else {
            u->thre_pending = false;
            transmit(u, value);
        }
        break;
    case REG_IER:
        if (dlab)
            u->dlm = value;
        else
            write_ier(u, value);
        break;
    case REG_IIR_FCR:
        write_fcr(u, value);
        break;
    case REG_LCR:
        u->lcr = value;
        break;
    case REG_MCR:
        u->mcr = value & MCR_MASK;
        update_msr(u);
        break;
    case REG_SCR:
        u->scr = value;
        break;
    default:   /* LSR and MSR are read-only */
        break;
    }
}

static uint64_t uart_read(void *dev, uint64_t offset, unsigned size)
{
    (void)size;
    Uart16550 *u = dev;
    if (offset > REG_SCR)
        return 0;
    uint8_t value = read_reg(u, (unsigned)offset);
    update_irq(u, false);
    return value;
}

static void uart_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
    (void)size;
    Uart16550 *u = dev;
    if (offset > REG_SCR)
        return;
    write_reg(u, (unsigned)offset, (uint8_t)value);
    update_irq(u, false);
}

size_t uart16550_rx_room(const Uart16550 *u)
{
    if (u->mcr & MCR_LOOP)
        return 0;   /* the serial input is disconnected in loopback */
    return rx_capacity(u) - u->rx_count;
}

size_t uart16550_receive(Uart16550 *u, const uint8_t *data, size_t len)
{
    size_t room = uart16550_rx_room(u), n = len < room ? len : room;
    for (size_t i = 0; i < n; i++)
        rx_push(u, data[i]);
    if (n)
        update_irq(u, false);
    return n;
}

static void uart_reset(void *dev)
{
    Uart16550 *u = dev;
    rx_clear(u);
    u->ier = u->lcr = u->mcr = u->scr = u->dll = u->dlm = u->fcr = 0;
    u->msr = MSR_CONNECTED;
    u->overrun = u->thre_pending = false;
    update_irq(u, true);
}

Uart16550 *uart16550_new(IrqLine irq, UartOutputFn out, void *out_opaque)
{
    Uart16550 *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->irq = irq;
    u->out = out;
    u->out_opaque = out_opaque;
    uart_reset(u);
    return u;
}

void uart16550_free(Uart16550 *u)
{
    free(u);
}

static void uart_save(void *dev, SaveBuf *out)
{
    const Uart16550 *u = dev;
    save_tag(out, SAVE_TAG, SAVE_VERSION);
    uint8_t regs[8] = { u->ier, u->lcr, u->mcr, u->scr, u->dll, u->dlm, u->fcr, u->msr };
    save_put(out, regs, sizeof regs);
    save_u32(out, u->rx_count);
    for (unsigned i = 0; i < u->rx_count; i++) {
        uint8_t byte = u->rx[(u->rx_head + i) % UART16550_FIFO];
        save_put(out, &byte, 1);
    }
    save_u32(out, (uint32_t)u->overrun | (uint32_t)u->thre_pending << 1);
}

/* Loads into a copy and takes it only when it is a state the UART can be in. */
static bool uart_load(void *dev, SaveBuf *in)
{
    Uart16550 *u = dev;
    if (!load_tag(in, SAVE_TAG, SAVE_VERSION))
        return false;
    Uart16550 n = *u;
    uint8_t regs[8];
    load_get(in, regs, sizeof regs);
    n.ier = regs[0], n.lcr = regs[1], n.mcr = regs[2], n.scr = regs[3];
    n.dll = regs[4], n.dlm = regs[5], n.fcr = regs[6], n.msr = regs[7];
    if ((n.ier & ~IER_MASK) || (n.mcr & ~MCR_MASK) || (n.fcr & ~(FCR_ENABLE | 3u << FCR_TRIGGER_SHIFT)) ||
        (n.fcr && !(n.fcr & FCR_ENABLE)))
        in->error = true;
    uint32_t count = load_u32(in);
    if (in->error || count > rx_capacity(&n)) {
        in->error = true;
        return false;
    }
    n.rx_head = 0;
    n.rx_count = count;
    load_get(in, n.rx, count);
    uint32_t flags = load_u32(in);
    if (in->error || flags > 3) {
        in->error = true;
        return false;
    }
    n.overrun = flags & 1;
    n.thre_pending = flags & 2;
    *u = n;
    update_irq(u, true);
    return true;
}

const DeviceOps uart16550_ops = {
    .name = "uart16550",
    .read = uart_read,
    .write = uart_write,
    .reset = uart_reset,
    .save = uart_save,
    .load = uart_load,
};
