/*
 * Goldfish RTC; see goldfish_rtc.h. The guest's time is host CLOCK_REALTIME
 * plus an offset, in nanoseconds; setting the time changes the offset.
 *
 * Registers, as Linux's rtc-goldfish and QEMU's model use them:
 *  - reading TIME_LOW latches the high word for the following TIME_HIGH read;
 *  - Linux sets the time by writing TIME_HIGH then TIME_LOW. Each write
 *    replaces its half of the running time (so either order works); a
 *    TIME_LOW write right after a TIME_HIGH write takes the high word from
 *    that write, so a carry out of the low word in between cannot skew it;
 *  - ALARM_HIGH then ALARM_LOW; writing ALARM_LOW arms the alarm, and an
 *    alarm already due fires at once;
 *  - ALARM_STATUS reads 1 while an alarm is armed (Linux's read_alarm
 *    reports it as "enabled"); firing disarms it and makes the interrupt
 *    pending, which CLEAR_INTERRUPT clears. The line is pending && enabled.
 * Registers are 32 bits: 4-byte aligned accesses; an aligned 8-byte read is
 * LOW then HIGH (a whole latched time), an aligned 8-byte write is HIGH then
 * LOW (the order that sets a time or an alarm in one go); other accesses
 * read 0 and are ignored.
 */
#include "goldfish_rtc.h"

#include <stdlib.h>
#include <time.h>

#define TIME_LOW 0x00
#define TIME_HIGH 0x04
#define ALARM_LOW 0x08
#define ALARM_HIGH 0x0c
#define IRQ_ENABLED 0x10
#define CLEAR_ALARM 0x14
#define ALARM_STATUS 0x18
#define CLEAR_INTERRUPT 0x1c

#define SAVE_TAG "GRTC"
#define SAVE_VERSION 1

struct GoldfishRtc {
    IrqLine irq;
    uint64_t offset_ns;        /* guest time - host CLOCK_REALTIME, modulo 2^64 */
    uint32_t time_high_latch;  /* high word of the last TIME_LOW read */
    bool time_high_written;    /* the last write was TIME_HIGH ... */
    uint32_t time_high_value;  /* ... with this value */
    uint64_t alarm_ns;
    bool alarm_armed, irq_pending, irq_enabled;
    bool irq_level;            /* what the line shows */
};

static uint64_t host_realtime_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t now_ns(const GoldfishRtc *r)
{
    return host_realtime_ns() + r->offset_ns;
}

static void set_now(GoldfishRtc *r, uint64_t ns)
{
    r->offset_ns = ns - host_realtime_ns();
}

static void update_irq(GoldfishRtc *r, bool force)
{
    bool level = r->irq_pending && r->irq_enabled;
    if (level != r->irq_level || force) {
        r->irq_level = level;
        irq_set(&r->irq, level);
    }
}

static void fire(GoldfishRtc *r)
{
    r->alarm_armed = false;
    r->irq_pending = true;
    update_irq(r, false);
}

void goldfish_rtc_update(GoldfishRtc *r)
{
    if (r->alarm_armed && now_ns(r) >= r->alarm_ns)
        fire(r);
}

uint64_t goldfish_rtc_ns_until_alarm(const GoldfishRtc *r)
{
    if (!r->alarm_armed)
        return UINT64_MAX;
    uint64_t now = now_ns(r);
    return r->alarm_ns > now ? r->alarm_ns - now : 0;
}

static uint32_t read32(GoldfishRtc *r, uint64_t offset)
{
    switch (offset) {
    case TIME_LOW: {
        uint64_t now = now_ns(r);
        r->time_high_latch = (uint32_t)(now >> 32);
        return (uint32_t)now;
    }
    case TIME_HIGH:
        return r->time_high_latch;
    case ALARM_LOW:
        return (uint32_t)r->alarm_ns;
    case ALARM_HIGH:
        return (uint32_t)(r->alarm_ns >> 32);
    case IRQ_ENABLED:
        return r->irq_enabled;
    case ALARM_STATUS:
        return r->alarm_armed;
    default:
        return 0;
    }
}

static void write32(GoldfishRtc *r, uint64_t offset, uint32_t value)
{
    bool high_written = r->time_high_written;
    r->time_high_written = false;
    switch (offset) {
    case TIME_LOW: {
        uint64_t high = high_written ? r->time_high_value : now_ns(r) >> 32;
        set_now(r, high << 32 | value);
        break;
    }
    case TIME_HIGH:
        set_now(r, (uint64_t)value << 32 | (uint32_t)now_ns(r));
        r->time_high_written = true;
        r->time_high_value = value;
        break;
    case ALARM_LOW:
        r->alarm_ns = (r->alarm_ns & ~0xffffffffull) | value;
        r->alarm_armed = true;
        goldfish_rtc_update(r);   /* an alarm in the past fires now */
        break;
    case ALARM_HIGH:
        r->alarm_ns = (uint64_t)value << 32 | (uint32_t)r->alarm_ns;
        break;
    case IRQ_ENABLED:
        r->irq_enabled = value & 1;
        update_irq(r, false);
        break;
    case CLEAR_ALARM:
        r->alarm_armed = false;
        break;
    case CLEAR_INTERRUPT:
        r->irq_pending = false;
        update_irq(r, false);
        break;
    default:
        break;
    }
}

static uint64_t goldfish_rtc_read(void *dev, uint64_t offset, unsigned size)
{
    if (size == 4 && offset % 4 == 0)
        return read32(dev, offset);
    if (size == 8 && offset % 8 == 0) {
        uint64_t low = read32(dev, offset);
        return low | (uint64_t)read32(dev, offset + 4) << 32;
    }
    return 0;
}

static void goldfish_rtc_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
    if (size == 4 && offset % 4 == 0) {
        write32(dev, offset, (uint32_t)value);
    } else if (size == 8 && offset % 8 == 0) {
        write32(dev, offset + 4, (uint32_t)(value >> 32));
        write32(dev, offset, (uint32_t)value);
    }
}

/* Like a real RTC, the time the guest set survives a machine reset. */
static void goldfish_rtc_reset(void *dev)
{
    GoldfishRtc *r = dev;
    r->time_high_latch = 0;
    r->time_high_written = false;
    r->time_high_value = 0;
    r->alarm_ns = 0;
    r->alarm_armed = r->irq_pending = r->irq_enabled = false;
    update_irq(r, true);
}

GoldfishRtc *goldfish_rtc_new(IrqLine irq)
{
    GoldfishRtc *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->irq = irq;
    goldfish_rtc_reset(r);
    return r;
}

void goldfish_rtc_free(GoldfishRtc *r)
{
    free(r);
}

/* The time is saved as its offset from host CLOCK_REALTIME, so a restored
 * machine keeps the wall-clock time the guest set, not a stale reading. */
static void goldfish_rtc_save(void *dev, SaveBuf *out)
{
    const GoldfishRtc *r = dev;
    save_tag(out, SAVE_TAG, SAVE_VERSION);
    save_u64(out, r->offset_ns);
    save_u64(out, r->alarm_ns);
    save_u32(out, r->time_high_latch);
    save_u32(out, r->time_high_value);
    save_u32(out, (uint32_t)r->time_high_written | (uint32_t)r->alarm_armed << 1 |
                      (uint32_t)r->irq_pending << 2 | (uint32_t)r->irq_enabled << 3);
}

static bool goldfish_rtc_load(void *dev, SaveBuf *in)
{
    GoldfishRtc *r = dev;
    if (!load_tag(in, SAVE_TAG, SAVE_VERSION))
        return false;
    uint64_t offset = load_u64(in), alarm = load_u64(in);
    uint32_t latch = load_u32(in), high_value = load_u32(in), flags = load_u32(in);
    if (in->error || flags > 0xf) {
        in->error = true;
        return false;
    }
    r->offset_ns = offset;
    r->alarm_ns = alarm;
    r->time_high_latch = latch;
    r->time_high_value = high_value;
    r->time_high_written = flags & 1;
    r->alarm_armed = flags & 2;
    r->irq_pending = flags & 4;
    r->irq_enabled = flags & 8;
    update_irq(r, true);
    return true;
}

const DeviceOps goldfish_rtc_ops = {
    .name = "goldfish_rtc",
    .read = goldfish_rtc_read,
    .write = goldfish_rtc_write,
    .reset = goldfish_rtc_reset,
    .save = goldfish_rtc_save,
    .load = goldfish_rtc_load,
};
