/*
 * CLINT; see clint.h. mtime is the VClock plus an offset (the guest may write
 * mtime), so the CPU's time CSR should read clint_mtime to agree with it.
 *
 * Registers are little-endian and any access of 1/2/4/8 bytes is served byte
 * by byte over the registers it covers, each register read or updated once:
 * RV32 firmware writes mtimecmp as two 32-bit halves, RV64 as one 64-bit
 * store, and both must give the same result without a spurious timer edge
 * from a half-written value.
 */
#include "clint.h"

#include <stdlib.h>

#define MSIP_BASE 0x0000u
#define MTIMECMP_BASE 0x4000u
#define MTIME_BASE 0xbff8u

#define SAVE_TAG "CLNT"
#define SAVE_VERSION 1

struct Clint {
    unsigned nharts;
    const VClock *clock;
    IrqLine msip_line[CLINT_MAX_HARTS], mtip_line[CLINT_MAX_HARTS];
    uint32_t msip[CLINT_MAX_HARTS];          /* bit 0 only */
    uint64_t mtimecmp[CLINT_MAX_HARTS];
    uint64_t mtime_offset;                   /* mtime - VClock ticks, modulo 2^64 */
    bool mtip_level[CLINT_MAX_HARTS];        /* what the MTIP lines show */
    void (*deadline_moved)(void *opaque);
    void *deadline_opaque;
};

void clint_on_deadline_change(Clint *c, void (*fn)(void *opaque), void *opaque)
{
    c->deadline_moved = fn;
    c->deadline_opaque = opaque;
}

static void deadline_moved(const Clint *c)
{
    if (c->deadline_moved)
        c->deadline_moved(c->deadline_opaque);
}

/* Which register holds a byte: kind, hart, the register's first offset and width. */
typedef enum { REG_NONE, REG_MSIP, REG_MTIMECMP, REG_MTIME } RegKind;
typedef struct {
    RegKind kind;
    unsigned hart;
    uint64_t base;
    unsigned width;
} RegRef;

static RegRef reg_at(const Clint *c, uint64_t offset)
{
    if (offset < MSIP_BASE + 4ull * c->nharts)   /* MSIP_BASE is 0 */
        return (RegRef){ REG_MSIP, (unsigned)((offset - MSIP_BASE) / 4), offset & ~3ull, 4 };
    if (offset >= MTIMECMP_BASE && offset < MTIMECMP_BASE + 8ull * c->nharts)
        return (RegRef){ REG_MTIMECMP, (unsigned)((offset - MTIMECMP_BASE) / 8), offset & ~7ull, 8 };
    if (offset >= MTIME_BASE && offset < MTIME_BASE + 8)
        return (RegRef){ REG_MTIME, 0, MTIME_BASE, 8 };
    return (RegRef){ REG_NONE, 0, offset, 1 };
}

uint64_t clint_mtime(const Clint *c)
{
    return vclock_ticks(c->clock) + c->mtime_offset;
}

static void update_mtip(Clint *c, unsigned hart, uint64_t mtime, bool force)
{
    bool level = mtime >= c->mtimecmp[hart];
    if (level != c->mtip_level[hart] || force) {
        c->mtip_level[hart] = level;
        irq_set(&c->mtip_line[hart], level);
    }
}

static void update_all(Clint *c, bool force)
{
    uint64_t now = clint_mtime(c);
    for (unsigned h = 0; h < c->nharts; h++)
        update_mtip(c, h, now, force);
}

void clint_update(Clint *c)
{
    update_all(c, false);
}

uint64_t clint_next_deadline(const Clint *c)
{
    /* mtime = ticks + offset, so hart h's timer fires at ticks = mtimecmp - offset,
     * with the offset read as signed and the result clamped to [0, UINT64_MAX] */
    int64_t offset = (int64_t)c->mtime_offset;
    uint64_t earliest = UINT64_MAX;
    for (unsigned h = 0; h < c->nharts; h++) {
        if (c->mtip_level[h])
            continue;
        uint64_t cmp = c->mtimecmp[h], ticks;
        if (offset >= 0) {
            ticks = cmp >= (uint64_t)offset ? cmp - (uint64_t)offset : 0;
        } else {
            uint64_t behind = -(uint64_t)offset;
            ticks = cmp > UINT64_MAX - behind ? UINT64_MAX : cmp + behind;
        }
        if (ticks < earliest)
            earliest = ticks;
    }
    return earliest;
}

static uint64_t reg_read(const Clint *c, RegRef r)
{
    switch (r.kind) {
    case REG_MSIP:
        return c->msip[r.hart];
    case REG_MTIMECMP:
        return c->mtimecmp[r.hart];
    case REG_MTIME:
        return clint_mtime(c);
    default:
        return 0;
    }
}

static void reg_write(Clint *c, RegRef r, uint64_t value)
{
    switch (r.kind) {
    case REG_MSIP: {
        uint32_t bit = (uint32_t)value & 1;
        if (bit != c->msip[r.hart]) {
            c->msip[r.hart] = bit;
            irq_set(&c->msip_line[r.hart], bit);
        }
        break;
    }
    case REG_MTIMECMP:
        c->mtimecmp[r.hart] = value;
        update_mtip(c, r.hart, clint_mtime(c), false);
        deadline_moved(c);
        break;
    case REG_MTIME:
        c->mtime_offset = value - vclock_ticks(c->clock);
        update_all(c, false);
        deadline_moved(c);
        break;
    default:
        break;
    }
}

static uint64_t clint_read(void *dev, uint64_t offset, unsigned size)
{
    const Clint *c = dev;
    uint64_t result = 0, value = 0;
    RegRef cur = { REG_NONE, 0, UINT64_MAX, 0 };
    for (unsigned i = 0; i < size && i < 8; i++) {
        RegRef r = reg_at(c, offset + i);
        if (r.kind == REG_NONE)
            continue;
        if (r.kind != cur.kind || r.base != cur.base) {
            cur = r;
            value = reg_read(c, r);   /* once per register: mtime must not tear */
        }
        uint64_t byte = (value >> (8 * (offset + i - r.base))) & 0xff;
        result |= byte << (8 * i);
    }
    return result;
}

static void clint_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
    Clint *c = dev;
    if (size > 8)
        size = 8;
    unsigned i = 0;
    while (i < size) {
        RegRef r = reg_at(c, offset + i);
        if (r.kind == REG_NONE) {
            i++;
            continue;
        }
        /* merge every byte of this access that falls in register r, then store once */
        uint64_t merged = reg_read(c, r);
        for (; i < size && offset + i < r.base + r.width; i++) {
            unsigned shift = 8 * (unsigned)(offset + i - r.base);
            uint64_t byte = (value >> (8 * i)) & 0xff;
            merged = (merged & ~(0xffull << shift)) | byte << shift;
        }
        reg_write(c, r, merged);
    }
}

static void clint_reset(void *dev)
{
    Clint *c = dev;
    c->mtime_offset = 0;
    for (unsigned h = 0; h < c->nharts; h++) {
        c->msip[h] = 0;
        c->mtimecmp[h] = UINT64_MAX;
        irq_set(&c->msip_line[h], false);
    }
    update_all(c, true);
}

Clint *clint_new(unsigned nharts, const VClock *clock, const IrqLine *msip, const IrqLine *mtip)
{
    if (nharts == 0 || nharts > CLINT_MAX_HARTS || !clock)
        return NULL;
    Clint *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->nharts = nharts;
    c->clock = clock;
    for (unsigned h = 0; h < nharts; h++) {
        if (msip)
            c->msip_line[h] = msip[h];
        if (mtip)
            c->mtip_line[h] = mtip[h];
    }
    clint_reset(c);
    return c;
}

void clint_free(Clint *c)
{
    free(c);
}

/* mtime is saved as its offset from the VClock: the board restores the clock,
 * and mtime follows it as the time CSR does. */
static void clint_save(void *dev, SaveBuf *out)
{
    const Clint *c = dev;
    save_tag(out, SAVE_TAG, SAVE_VERSION);
    save_u32(out, c->nharts);
    save_u64(out, c->mtime_offset);
    for (unsigned h = 0; h < c->nharts; h++) {
        save_u32(out, c->msip[h]);
        save_u64(out, c->mtimecmp[h]);
    }
}

static bool clint_load(void *dev, SaveBuf *in)
{
    Clint *c = dev;
    if (!load_tag(in, SAVE_TAG, SAVE_VERSION))
        return false;
    if (load_u32(in) != c->nharts) {
        in->error = true;
        return false;
    }
    uint64_t offset = load_u64(in);
    uint32_t msip[CLINT_MAX_HARTS];
    uint64_t mtimecmp[CLINT_MAX_HARTS];
    for (unsigned h = 0; h < c->nharts; h++) {
        msip[h] = load_u32(in);
        mtimecmp[h] = load_u64(in);
        if (msip[h] > 1)
            in->error = true;
    }
    if (in->error)
        return false;
    c->mtime_offset = offset;
    for (unsigned h = 0; h < c->nharts; h++) {
        c->msip[h] = msip[h];
        c->mtimecmp[h] = mtimecmp[h];
        irq_set(&c->msip_line[h], msip[h]);
    }
    update_all(c, true);
    return true;
}

const DeviceOps clint_ops = {
    .name = "clint",
    .read = clint_read,
    .write = clint_write,
    .reset = clint_reset,
    .save = clint_save,
    .load = clint_load,
};
