/*
 * The runtime of the system-mode test programs; see rt.h.
 */
#include "rt.h"

/* ---- console: the ns16550a, polled (works under both firmwares, which
 * leave it initialised; the UART tests restore what they change) ---- */

#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20

/* '\n' goes out alone (no '\r'): the runner compares ferry's stdout */
void uart_putc(char c)
{
    while (!(mmio_read8(UART_BASE + UART_LSR) & LSR_THRE))
        ;
    mmio_write8(UART_BASE + UART_THR, (uint8_t)c);
}

void puts_raw(const char *s)
{
    while (*s)
        uart_putc(*s++);
}

static void put_number(unsigned long long v, unsigned base, bool negative, unsigned width, char pad)
{
    char buf[24];
    unsigned n = 0;
    do {
        unsigned d = (unsigned)(v % base);
        buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    if (negative)
        buf[n++] = '-';
    while (n < width--)
        uart_putc(pad);
    while (n)
        uart_putc(buf[--n]);
}

void rt_vprintf(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            uart_putc(*fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        unsigned width = 0, longs = 0;
        if (*fmt == '0')
            pad = '0';
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (unsigned)(*fmt++ - '0');
        while (*fmt == 'l') {
            longs++;
            fmt++;
        }
        switch (*fmt) {
        case 'd': {
            long long v = longs ? va_arg(ap, long) : va_arg(ap, int);
            put_number(v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, 10, v < 0, width, pad);
            break;
        }
        case 'u':
        case 'x': {
            unsigned long long v = longs ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
            put_number(v, *fmt == 'x' ? 16 : 10, false, width, pad);
            break;
        }
        case 'p':
            puts_raw("0x");
            put_number((uintptr_t)va_arg(ap, void *), 16, false, width, pad);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            puts_raw(s ? s : "(null)");
            break;
        }
        case 'c':
            uart_putc((char)va_arg(ap, int));
            break;
        case '%':
            uart_putc('%');
            break;
        default:
            uart_putc('?');
            if (!*fmt)
                return;
            break;
        }
    }
}

void rt_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rt_vprintf(fmt, ap);
    va_end(ap);
}

/* ---- checks ---- */

unsigned rt_failures;

void check_impl(bool ok, const char *name, const char *expr)
{
    if (ok) {
        rt_printf("ok %s\n", name);
    } else {
        rt_failures++;
        rt_printf("FAIL %s: %s is false\n", name, expr);
    }
}

void check_eq(const char *name, uint64_t got, uint64_t want)
{
    if (got == want) {
        rt_printf("ok %s\n", name);
    } else {
        rt_failures++;
        rt_printf("FAIL %s: got 0x%lx (%ld), want 0x%lx (%ld)\n", name, got, (long)got, want, (long)want);
    }
}

void check_range(const char *name, uint64_t got, uint64_t lo, uint64_t hi)
{
    if (got >= lo && got <= hi) {
        rt_printf("ok %s\n", name);
    } else {
        rt_failures++;
        rt_printf("FAIL %s: got %lu, want %lu..%lu\n", name, got, lo, hi);
    }
}

void checkf(bool ok, const char *name, const char *fmt, ...)
{
    if (ok) {
        rt_printf("ok %s\n", name);
        return;
    }
    rt_failures++;
    rt_printf("FAIL %s: ", name);
    va_list ap;
    va_start(ap, fmt);
    rt_vprintf(fmt, ap);
    va_end(ap);
    uart_putc('\n');
}

void poweroff(unsigned status)
{
    mmio_write32(FINISHER_BASE, status == 0 ? 0x5555u : (status << 16) | 0x3333u);
    /* The write stops the machine. Spin a while before parking in wfi: a
     * finisher that only takes effect at the next block boundary still
     * stops us here (poweroff_wfi tests the write-then-wfi case itself). */
    uint64_t until = rdtime() + 10000000;
    while (rdtime() < until)
        ;
    for (;;)
        wfi();
}

void rt_main(unsigned long hartid, unsigned long dtb);
void rt_main(unsigned long hartid, unsigned long dtb)
{
    test_main(hartid, dtb);
    rt_printf("sys: done, %u failed\n", rt_failures);
    poweroff(rt_failures);
}

/* ---- traps ---- */

volatile TrapRecord traps;
void (*volatile irq_hook)(unsigned long cause);

void trap_reset(void)
{
    traps.count = 0;
    traps.cause = traps.tval = traps.epc = NO_TRAP;
}

static void record(void)
{
    traps.count++;
    traps.cause = csr_read(scause);
    traps.tval = csr_read(stval);
    traps.epc = csr_read(sepc);
    traps.sstatus = csr_read(sstatus);
}

struct TrapFrame {
    unsigned long x[32];
};

void trap_handler(struct TrapFrame *f);
void trap_handler(struct TrapFrame *f)
{
    record();
    unsigned long cause = traps.cause;
    if (cause & SCAUSE_INTERRUPT) {
        unsigned code = (unsigned)(cause & 63);
        if (irq_hook)
            irq_hook(cause);
        else
            csr_clear(sie, 1ul << code);
        return;
    }
    if (cause == 1 || cause == 12) {
        /* the fetch failed at the start of a called function: "return" */
        csr_write(sepc, f->x[1]);
        return;
    }
    /* skip the instruction: 2 bytes when compressed */
    uint16_t low = *(volatile uint16_t *)traps.epc;
    csr_write(sepc, traps.epc + ((low & 3) == 3 ? 4 : 2));
}

void user_trap(void);
void user_trap(void)
{
    record();
}

void check_trap(const char *name, unsigned long cause, unsigned long tval)
{
    if (traps.count == 1 && traps.cause == cause && traps.tval == tval) {
        rt_printf("ok %s\n", name);
        return;
    }
    rt_failures++;
    rt_printf("FAIL %s: %lu trap(s), scause 0x%lx stval 0x%lx sepc 0x%lx; want one trap, scause 0x%lx stval 0x%lx\n",
              name, traps.count, traps.cause, traps.tval, traps.epc, cause, tval);
}

void check_no_trap(const char *name)
{
    if (traps.count == 0) {
        rt_printf("ok %s\n", name);
        return;
    }
    rt_failures++;
    rt_printf("FAIL %s: unexpected trap: scause 0x%lx stval 0x%lx sepc 0x%lx\n", name, traps.cause, traps.tval,
              traps.epc);
}

/* ---- device tree (flattened, big-endian; Devicetree Specification 0.4
 * chapter 5) ---- */

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Does the path of the node at depth `depth`, whose components are names[1..depth], equal path? */
static bool path_is(const char *const *names, unsigned depth, const char *path)
{
    if (depth == 0)
        return path[0] == '/' && path[1] == '\0';
    for (unsigned d = 1; d <= depth; d++) {
        if (*path++ != '/')
            return false;
        size_t n = strlen(names[d]);
        if (memcmp(path, names[d], n) != 0)
            return false;
        path += n;
    }
    return *path == '\0';
}

const void *fdt_getprop(const void *fdt, const char *path, const char *prop, uint32_t *len)
{
    const uint8_t *base = fdt;
    if (be32(base) != 0xd00dfeedu)
        return NULL;
    const uint8_t *p = base + be32(base + 8);           /* off_dt_struct */
    const char *strings = (const char *)base + be32(base + 12);
    const char *names[16];
    int depth = -1;
    for (;;) {
        uint32_t token = be32(p);
        p += 4;
        switch (token) {
        case FDT_BEGIN_NODE: {
            const char *name = (const char *)p;
            if (++depth >= 16)
                return NULL;
            names[depth] = name;
            p += (strlen(name) + 1 + 3) & ~3ul;
            break;
        }
        case FDT_END_NODE:
            depth--;
            break;
        case FDT_PROP: {
            uint32_t n = be32(p), nameoff = be32(p + 4);
            const uint8_t *value = p + 8;
            p = value + ((n + 3) & ~3u);
            if (depth >= 0 && path_is(names, (unsigned)depth, path) &&
                memcmp(strings + nameoff, prop, strlen(prop) + 1) == 0) {
                if (len)
                    *len = n;
                return value;
            }
            break;
        }
        case FDT_NOP:
            break;
        default: /* FDT_END or garbage */
            return NULL;
        }
    }
}

uint32_t fdt_cell(const void *value, unsigned i)
{
    return be32((const uint8_t *)value + 4 * i);
}

/* ---- freestanding library ---- */

void *memset(void *d, int c, size_t n)
{
    volatile uint8_t *p = d; /* volatile: keep gcc from turning this into a memset call */
    while (n--)
        *p++ = (uint8_t)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    volatile uint8_t *p = d;
    const uint8_t *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *p = a, *q = b;
    for (; n; n--, p++, q++)
        if (*p != *q)
            return *p < *q ? -1 : 1;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}
