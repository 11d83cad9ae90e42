/*
 * The physical address space; see bus.h. A machine has a handful of regions,
 * so lookups are a linear scan (the CPU's TLB keeps RAM accesses off this
 * path entirely; only MMIO comes here).
 */
#include "bus.h"

#include <stddef.h>

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

static bool region_free(const Bus *bus, uint64_t base, uint64_t size)
{
    if (size == 0 || base + size < base)
        return false;
    for (unsigned i = 0; i < bus->nram; i++)
        if (overlaps(base, size, bus->ram[i].base, bus->ram[i].size))
            return false;
    for (unsigned i = 0; i < bus->nmmio; i++)
        if (overlaps(base, size, bus->mmio[i].base, bus->mmio[i].size))
            return false;
    return true;
}

bool bus_add_ram(Bus *bus, const char *name, uint64_t base, uint64_t size, uint8_t *host)
{
    if (bus->nram == BUS_MAX_RAM || !host || !region_free(bus, base, size))
        return false;
    bus->ram[bus->nram++] = (BusRam){ .base = base, .size = size, .host = host, .name = name };
    return true;
}

bool bus_add_mmio(Bus *bus, uint64_t base, uint64_t size, const DeviceOps *ops, void *dev)
{
    if (bus->nmmio == BUS_MAX_MMIO || !ops || !region_free(bus, base, size))
        return false;
    bus->mmio[bus->nmmio++] = (BusMmio){ .base = base, .size = size, .ops = ops, .dev = dev };
    return true;
}

uint8_t *bus_ram(const Bus *bus, uint64_t pa, uint64_t len)
{
    for (unsigned i = 0; i < bus->nram; i++) {
        const BusRam *r = &bus->ram[i];
        if (pa >= r->base && pa - r->base <= r->size && len <= r->size - (pa - r->base))
            return r->host + (pa - r->base);
    }
    return NULL;
}

static const BusMmio *find_mmio(const Bus *bus, uint64_t pa, unsigned size)
{
    if (size != 1 && size != 2 && size != 4 && size != 8)
        return NULL;
    for (unsigned i = 0; i < bus->nmmio; i++) {
        const BusMmio *m = &bus->mmio[i];
        if (pa >= m->base && pa - m->base < m->size)
            return size <= m->size - (pa - m->base) ? m : NULL;
    }
    return NULL;
}

bool bus_mmio_read(const Bus *bus, uint64_t pa, unsigned size, uint64_t *value)
{
    const BusMmio *m = find_mmio(bus, pa, size);
    if (!m)
        return false;
    uint64_t v = m->ops->read ? m->ops->read(m->dev, pa - m->base, size) : 0;
    *value = size == 8 ? v : v & ((1ull << (size * 8)) - 1);
    return true;
}

bool bus_mmio_write(const Bus *bus, uint64_t pa, unsigned size, uint64_t value)
{
    const BusMmio *m = find_mmio(bus, pa, size);
    if (!m)
        return false;
    if (size < 8)
        value &= (1ull << (size * 8)) - 1;
    if (m->ops->write)
        m->ops->write(m->dev, pa - m->base, size, value);
    return true;
}

void bus_reset(const Bus *bus)
{
    for (unsigned i = 0; i < bus->nmmio; i++)
        if (bus->mmio[i].ops->reset)
            bus->mmio[i].ops->reset(bus->mmio[i].dev);
}
