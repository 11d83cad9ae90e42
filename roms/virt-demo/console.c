#include "console.h"

#include <stdbool.h>
#include <stdint.h>

#include "riscv.h"

#define UART_BASE 0x10000000ul
#define UART_THR 0          /* transmit holding register */
#define UART_LSR 5          /* line status register */
#define UART_LSR_THRE 0x20  /* THR empty: room for one more byte */

void con_putc(char c)
{
    if (c == '\n')
        con_putc('\r');
    /* Bounded wait, so a board without this UART cannot hang the demo. */
    for (int i = 0; i < 1000000; i++)
        if (mmio_r8(UART_BASE + UART_LSR) & UART_LSR_THRE)
            break;
    mmio_w8(UART_BASE + UART_THR, (uint8_t)c);
}

void con_puts(const char *s)
{
    while (*s)
        con_putc(*s++);
}

typedef struct Out {
    char *buf;
    int n, len;
} Out;

static void out_c(Out *o, char c)
{
    if (o->len + 1 < o->n)
        o->buf[o->len] = c;
    o->len++;
}

static void out_num(Out *o, uint64_t v, unsigned base, bool neg, int width, char pad)
{
    char tmp[24];
    int k = 0;
    do {
        unsigned d = (unsigned)(v % base);
        tmp[k++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    if (neg)
        tmp[k++] = '-';
    for (int i = k; i < width; i++)
        out_c(o, pad);
    while (k)
        out_c(o, tmp[--k]);
}

int fmt_vsnprintf(char *buf, int n, const char *fmt, va_list ap)
{
    Out o = {buf, n, 0};
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            out_c(&o, *fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        int width = 0;
        bool is_long = false;
        if (*fmt == '0')
            pad = '0';
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        if (*fmt == 'l') {
            is_long = true;
            fmt++;
        }
        switch (*fmt) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            int len = 0;
            while (s[len])
                len++;
            for (int i = len; i < width; i++)
                out_c(&o, ' ');
            while (*s)
                out_c(&o, *s++);
            break;
        }
        case 'c':
            out_c(&o, (char)va_arg(ap, int));
            break;
        case 'd': {
            int64_t v = is_long ? va_arg(ap, long) : va_arg(ap, int);
            out_num(&o, v < 0 ? (uint64_t)-v : (uint64_t)v, 10, v < 0, width, pad);
            break;
        }
        case 'u':
            out_num(&o, is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, false,
                    width, pad);
            break;
        case 'x':
            out_num(&o, is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, false,
                    width, pad);
            break;
        case '%':
            out_c(&o, '%');
            break;
        case '\0':
            fmt--;      /* a lone '%' at the end: stop at the NUL */
            break;
        default:
            out_c(&o, '%');
            out_c(&o, *fmt);
        }
    }
    if (n > 0)
        buf[o.len < n ? o.len : n - 1] = '\0';
    return o.len;
}

int fmt_snprintf(char *buf, int n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = fmt_vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return len;
}

void con_printf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    fmt_vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    con_puts(buf);
}
