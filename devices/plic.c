/*
 * PLIC; see plic.h. A source is pending while its input line is high and it
 * is not claimed (so a device that drops its line before the claim leaves no
 * spurious interrupt behind). Claimed sources wait for a complete from a
 * context that has them enabled.
 *
 * Every register is 32 bits wide. An aligned 4-byte access is the register
 * access; an aligned 8-byte access is two of them, low word first; other
 * sizes and misaligned accesses read 0 and are ignored.
 */
#include "plic.h"

#include <stdlib.h>

#define PRIORITY_BASE 0x000000u
#define PENDING_BASE 0x001000u
#define ENABLE_BASE 0x002000u
#define ENABLE_STRIDE 0x80u
#define CONTEXT_BASE 0x200000u
#define CONTEXT_STRIDE 0x1000u
#define PRIORITY_MASK 7u   /* 3-bit priorities and thresholds (WARL) */

#define WORDS ((PLIC_MAX_SOURCES + 31) / 32)

#define SAVE_TAG "PLIC"
#define SAVE_VERSION 1

struct Plic {
    unsigned nsources, ncontexts, nwords;
    IrqLine out[PLIC_MAX_CONTEXTS];
    uint8_t priority[PLIC_MAX_SOURCES];
    uint32_t level[WORDS];      /* input lines */
    uint32_t claimed[WORDS];    /* claimed, not yet completed */
    uint32_t enable[PLIC_MAX_CONTEXTS][WORDS];
    uint8_t threshold[PLIC_MAX_CONTEXTS];
    bool out_level[PLIC_MAX_CONTEXTS];
};

static bool bit(const uint32_t *words, unsigned id)
{
    return words[id / 32] >> (id % 32) & 1;
}

static void set_bit(uint32_t *words, unsigned id, bool on)
{
    if (on)
        words[id / 32] |= 1u << (id % 32);
    else
        words[id / 32] &= ~(1u << (id % 32));
}

/* Valid source ids in word w: 1..nsources-1 (id 0 means "none"). */
static uint32_t valid_mask(const Plic *p, unsigned w)
{
    uint32_t mask = 0;
    for (unsigned b = 0; b < 32; b++) {
        unsigned id = w * 32 + b;
        if (id != 0 && id < p->nsources)
            mask |= 1u << b;
    }
    return mask;
}

static uint32_t pending_word(const Plic *p, unsigned w)
{
    return p->level[w] & ~p->claimed[w] & valid_mask(p, w);
}

/* The source context ctx would get from a claim now, or 0. */
static unsigned best_source(const Plic *p, unsigned ctx)
{
    unsigned best = 0, best_priority = p->threshold[ctx];
    for (unsigned w = 0; w < p->nwords; w++) {
        uint32_t candidates = pending_word(p, w) & p->enable[ctx][w];
        while (candidates) {
            unsigned id = w * 32 + (unsigned)__builtin_ctz(candidates);
            candidates &= candidates - 1;
            /* strictly greater: ties keep the lower id found first */
            if (p->priority[id] > best_priority) {
                best = id;
                best_priority = p->priority[id];
            }
        }
    }
    return best;
}

static void update_outputs(Plic *p, bool force)
{
    for (unsigned ctx = 0; ctx < p->ncontexts; ctx++) {
        bool level = best_source(p, ctx) != 0;
        if (level != p->out_level[ctx] || force) {
            p->out_level[ctx] = level;
            irq_set(&p->out[ctx], level);
        }
    }
}

void plic_set_irq(Plic *p, unsigned id, bool level)
{
    if (id == 0 || id >= p->nsources || bit(p->level, id) == level)
        return;
    set_bit(p->level, id, level);
    update_outputs(p, false);
}

static void irq_line_set(void *opaque, unsigned line, bool level)
{
    plic_set_irq(opaque, line, level);
}

IrqLine plic_irq(Plic *p, unsigned id)
{
    return (IrqLine){ .set = irq_line_set, .opaque = p, .line = id };
}

static uint32_t claim(Plic *p, unsigned ctx)
{
    unsigned id = best_source(p, ctx);
    if (id) {
        set_bit(p->claimed, id, true);
        update_outputs(p, false);
    }
    return id;
}

static void complete(Plic *p, unsigned ctx, uint32_t id)
{
    if (id == 0 || id >= p->nsources || !bit(p->enable[ctx], id) || !bit(p->claimed, id))
        return;
    set_bit(p->claimed, id, false);   /* a line still high is pending again */
    update_outputs(p, false);
}

static uint32_t read32(Plic *p, uint64_t offset)
{
    if (offset < PENDING_BASE) {
        uint64_t id = (offset - PRIORITY_BASE) / 4;
        return id < p->nsources ? p->priority[id] : 0;
    }
    if (offset < ENABLE_BASE) {
        uint64_t w = (offset - PENDING_BASE) / 4;
        return w < p->nwords ? pending_word(p, (unsigned)w) : 0;
    }
    if (offset < CONTEXT_BASE) {
        uint64_t ctx = (offset - ENABLE_BASE) / ENABLE_STRIDE, w = (offset - ENABLE_BASE) % ENABLE_STRIDE / 4;
        return ctx < p->ncontexts && w < p->nwords ? p->enable[ctx][w] : 0;
    }
    uint64_t ctx = (offset - CONTEXT_BASE) / CONTEXT_STRIDE, reg = (offset - CONTEXT_BASE) % CONTEXT_STRIDE;
    if (ctx >= p->ncontexts)
        return 0;
    if (reg == 0)
        return p->threshold[ctx];
    if (reg == 4)
        return claim(p, (unsigned)ctx);
    return 0;
}

static void write32(Plic *p, uint64_t offset, uint32_t value)
{
    if (offset < PENDING_BASE) {
        uint64_t id = (offset - PRIORITY_BASE) / 4;
        if (id != 0 && id < p->nsources) {
            p->priority[id] = value & PRIORITY_MASK;
            update_outputs(p, false);
        }
        return;
    }
    if (offset < ENABLE_BASE)
        return;   /* pending bits are read-only */
    if (offset < CONTEXT_BASE) {
        uint64_t ctx = (offset - ENABLE_BASE) / ENABLE_STRIDE, w = (offset - ENABLE_BASE) % ENABLE_STRIDE / 4;
        if (ctx < p->ncontexts && w < p->nwords) {
            p->enable[ctx][w] = value & valid_mask(p, (unsigned)w);
            update_outputs(p, false);
        }
        return;
    }
    uint64_t ctx = (offset - CONTEXT_BASE) / CONTEXT_STRIDE, reg = (offset - CONTEXT_BASE) % CONTEXT_STRIDE;
    if (ctx >= p->ncontexts)
        return;
    if (reg == 0) {
        p->threshold[ctx] = value & PRIORITY_MASK;
        update_outputs(p, false);
    } else if (reg == 4) {
        complete(p, (unsigned)ctx, value);
    }
}

static uint64_t plic_read(void *dev, uint64_t offset, unsigned size)
{
    if (offset >= PLIC_MMIO_SIZE)
        return 0;
    if (size == 4 && offset % 4 == 0)
        return read32(dev, offset);
    if (size == 8 && offset % 8 == 0) {
        uint64_t low = read32(dev, offset);
        return low | (uint64_t)read32(dev, offset + 4) << 32;
    }
    return 0;
}

static void plic_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
    if (offset >= PLIC_MMIO_SIZE)
        return;
    if (size == 4 && offset % 4 == 0) {
        write32(dev, offset, (uint32_t)value);
    } else if (size == 8 && offset % 8 == 0) {
        write32(dev, offset, (uint32_t)value);
        write32(dev, offset + 4, (uint32_t)(value >> 32));
    }
}

/* Input lines are the devices' business: they survive a reset. */
static void plic_reset(void *dev)
{
    Plic *p = dev;
    for (unsigned i = 0; i < PLIC_MAX_SOURCES; i++)
        p->priority[i] = 0;
    for (unsigned w = 0; w < WORDS; w++)
        p->claimed[w] = 0;
    for (unsigned ctx = 0; ctx < PLIC_MAX_CONTEXTS; ctx++) {
        p->threshold[ctx] = 0;
        for (unsigned w = 0; w < WORDS; w++)
            p->enable[ctx][w] = 0;
    }
    update_outputs(p, true);
}

Plic *plic_new(unsigned nsources, unsigned ncontexts, const IrqLine *context_out)
{
    if (nsources == 0 || nsources > PLIC_MAX_SOURCES || ncontexts > PLIC_MAX_CONTEXTS)
        return NULL;
    Plic *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->nsources = nsources;
    p->ncontexts = ncontexts;
    p->nwords = (nsources + 31) / 32;
    for (unsigned ctx = 0; ctx < ncontexts && context_out; ctx++)
        p->out[ctx] = context_out[ctx];
    plic_reset(p);
    return p;
}

void plic_free(Plic *p)
{
    free(p);
}

static void plic_save(void *dev, SaveBuf *out)
{
    const Plic *p = dev;
    save_tag(out, SAVE_TAG, SAVE_VERSION);
    save_u32(out, p->nsources);
    save_u32(out, p->ncontexts);
    save_put(out, p->priority, p->nsources);
    for (unsigned w = 0; w < p->nwords; w++) {
        save_u32(out, p->level[w]);
        save_u32(out, p->claimed[w]);
    }
    for (unsigned ctx = 0; ctx < p->ncontexts; ctx++) {
        save_u32(out, p->threshold[ctx]);
        for (unsigned w = 0; w < p->nwords; w++)
            save_u32(out, p->enable[ctx][w]);
    }
}

/* Loads into a copy and takes it only when every field is in range, so a
 * damaged snapshot leaves the PLIC as it was. */
static bool plic_load(void *dev, SaveBuf *in)
{
    Plic *p = dev;
    if (!load_tag(in, SAVE_TAG, SAVE_VERSION))
        return false;
    if (load_u32(in) != p->nsources || load_u32(in) != p->ncontexts) {
        in->error = true;
        return false;
    }
    Plic copy = *p, *n = &copy;
    load_get(in, n->priority, p->nsources);
    if (n->priority[0] != 0)
        in->error = true;
    for (unsigned id = 0; id < p->nsources; id++)
        if (n->priority[id] > PRIORITY_MASK)
            in->error = true;
    for (unsigned w = 0; w < p->nwords; w++) {
        n->level[w] = load_u32(in);
        n->claimed[w] = load_u32(in);
        if ((n->level[w] | n->claimed[w]) & ~valid_mask(p, w))
            in->error = true;
    }
    for (unsigned ctx = 0; ctx < p->ncontexts; ctx++) {
        uint32_t threshold = load_u32(in);
        if (threshold > PRIORITY_MASK)
            in->error = true;
        n->threshold[ctx] = (uint8_t)(threshold & PRIORITY_MASK);
        for (unsigned w = 0; w < p->nwords; w++) {
            n->enable[ctx][w] = load_u32(in);
            if (n->enable[ctx][w] & ~valid_mask(p, w))
                in->error = true;
        }
    }
    if (in->error)
        return false;
    *p = copy;
    update_outputs(p, true);
    return true;
}

const DeviceOps plic_ops = {
    .name = "plic",
    .read = plic_read,
    .write = plic_write,
    .reset = plic_reset,
    .save = plic_save,
    .load = plic_load,
};
