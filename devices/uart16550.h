/*
 * NS16550A UART, as on QEMU's virt board (compatible "ns16550a", byte-wide
 * registers: reg-shift 0, reg-io-width 1). 16-byte receive FIFO with the
 * trigger levels of FCR, transmitter always ready (bytes go straight to the
 * output callback), interrupts for received data (incl. FIFO timeout as
 * "data ready"), transmitter empty, and line status; DLAB divisor latch.
 */
#ifndef FERRY_UART16550_H
#define FERRY_UART16550_H

#include <stddef.h>
#include <stdint.h>

#include "device.h"

#define UART16550_MMIO_SIZE 0x100
#define UART16550_FIFO 16

typedef struct Uart16550 Uart16550;
typedef void (*UartOutputFn)(void *opaque, uint8_t byte);

Uart16550 *uart16550_new(IrqLine irq, UartOutputFn out, void *out_opaque);
void uart16550_free(Uart16550 *u);
extern const DeviceOps uart16550_ops;

/* Bytes from the terminal or window into the receive FIFO; returns how many
 * were taken (the rest wait for room: the caller keeps them). */
size_t uart16550_receive(Uart16550 *u, const uint8_t *data, size_t len);
size_t uart16550_rx_room(const Uart16550 *u);

#endif
