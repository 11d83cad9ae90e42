/*
 * What every device model shares: the MMIO callbacks the bus calls, an IRQ
 * line object (a device raises a line; it never knows what is on the other
 * end), and a byte stream for saving and loading state.
 *
 * Threading: a machine's devices are touched only by the thread that runs
 * the machine (MMIO from the CPU, and the board's event handling between CPU
 * runs). Frontends hand input to the board, which queues it.
 */
#ifndef FERRY_DEVICE_H
#define FERRY_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One interrupt line: `set(opaque, line, level)` with level-triggered
 * semantics (true = asserted). A line with set == NULL goes nowhere. */
typedef struct IrqLine {
    void (*set)(void *opaque, unsigned line, bool level);
    void *opaque;
    unsigned line;
} IrqLine;

static inline void irq_set(const IrqLine *l, bool level)
{
    if (l->set)
        l->set(l->opaque, l->line, level);
}

/* Saved state: a growing byte buffer for save, a cursor for load. A load that
 * runs past the end, or sees a wrong tag, sets `error` and reads zeros, so a
 * device's load never reads out of bounds and reports a damaged snapshot. */
typedef struct SaveBuf {
    uint8_t *data;
    size_t len, cap;   /* save: bytes written / allocated */
    size_t pos;        /* load: next byte */
    bool error;
} SaveBuf;

void save_put(SaveBuf *b, const void *data, size_t len);
void save_u32(SaveBuf *b, uint32_t v);
void save_u64(SaveBuf *b, uint64_t v);
/* A section header: a 4-character tag and a version, checked by load_tag. */
void save_tag(SaveBuf *b, const char tag[4], uint32_t version);
void load_get(SaveBuf *b, void *data, size_t len);
uint32_t load_u32(SaveBuf *b);
uint64_t load_u64(SaveBuf *b);
/* true when the next section is `tag` at `version`; else sets b->error */
bool load_tag(SaveBuf *b, const char tag[4], uint32_t version);
void savebuf_free(SaveBuf *b);

/* A memory-mapped device. Offsets are relative to the start of its region;
 * size is 1, 2, 4 or 8 and the access never crosses the region's end. Reads
 * of registers that do not exist return 0, writes to them are ignored (as
 * real buses do); a device never aborts on guest input. */
typedef struct DeviceOps {
    const char *name;
    uint64_t (*read)(void *dev, uint64_t offset, unsigned size);
    void (*write)(void *dev, uint64_t offset, unsigned size, uint64_t value);
    void (*reset)(void *dev);
    void (*save)(void *dev, SaveBuf *out);
    bool (*load)(void *dev, SaveBuf *in);   /* false: damaged or wrong version */
} DeviceOps;

#endif
