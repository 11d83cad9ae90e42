/*
 * Goldfish RTC (compatible "google,goldfish-rtc"), as on QEMU's virt board:
 * wall-clock time in nanoseconds since the epoch (host CLOCK_REALTIME plus an
 * offset the guest sets by writing the time), one alarm with an interrupt.
 *   0x00 TIME_LOW (reading it latches TIME_HIGH)  0x04 TIME_HIGH
 *   0x08 ALARM_LOW (writing it arms the alarm)    0x0c ALARM_HIGH
 *   0x10 IRQ_ENABLED  0x14 CLEAR_ALARM  0x18 ALARM_STATUS  0x1c CLEAR_INTERRUPT
 * Writing TIME_LOW/TIME_HIGH sets the clock (Linux's set_time).
 */
#ifndef FERRY_GOLDFISH_RTC_H
#define FERRY_GOLDFISH_RTC_H

#include <stdint.h>

#include "device.h"

#define GOLDFISH_RTC_MMIO_SIZE 0x1000

typedef struct GoldfishRtc GoldfishRtc;

GoldfishRtc *goldfish_rtc_new(IrqLine irq);
void goldfish_rtc_free(GoldfishRtc *r);
extern const DeviceOps goldfish_rtc_ops;

/* Fire the alarm if its time has come. */
void goldfish_rtc_update(GoldfishRtc *r);
/* Host nanoseconds (CLOCK_MONOTONIC) until the armed alarm; UINT64_MAX when
 * none is armed. */
uint64_t goldfish_rtc_ns_until_alarm(const GoldfishRtc *r);

#endif
