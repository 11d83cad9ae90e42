/*
 * Serial output on the virt board's ns16550a UART, polled. Firmware has
 * already set the line up, so the demo only writes bytes.
 */
#ifndef VD_CONSOLE_H
#define VD_CONSOLE_H

#include <stdarg.h>

void con_putc(char c);
void con_puts(const char *s);
/* A small printf: %s %c %d %u %x %lu %lx %ld with optional 0-padding and
 * width (%08x); enough for the demo's status lines. */
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Format into buf (size n, always NUL-terminated); returns the length. */
int fmt_vsnprintf(char *buf, int n, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, int n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
