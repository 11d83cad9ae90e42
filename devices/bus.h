/*
 * The physical address space of a machine: RAM regions (host memory, which
 * the CPU accesses directly) and MMIO regions (devices, reached through
 * callbacks). A board builds it; devices that do DMA (virtio) reach guest RAM
 * only through bus_ram, which checks the whole range first.
 */
#ifndef FERRY_BUS_H
#define FERRY_BUS_H

#include <stdbool.h>
#include <stdint.h>

#include "device.h"

#define BUS_MAX_MMIO 32
#define BUS_MAX_RAM 4

typedef struct BusMmio {
    uint64_t base, size;
    const DeviceOps *ops;
    void *dev;
} BusMmio;

typedef struct BusRam {
    uint64_t base, size;
    uint8_t *host;        /* host address of guest physical `base` */
    const char *name;
} BusRam;

typedef struct Bus {
    BusMmio mmio[BUS_MAX_MMIO];
    unsigned nmmio;
    BusRam ram[BUS_MAX_RAM];
    unsigned nram;
} Bus;

/* Register a region; false when it overlaps another or the table is full. */
bool bus_add_ram(Bus *bus, const char *name, uint64_t base, uint64_t size, uint8_t *host);
bool bus_add_mmio(Bus *bus, uint64_t base, uint64_t size, const DeviceOps *ops, void *dev);

/* Host pointer to guest physical [pa, pa + len) when all of it lies in one
 * RAM region (len 0 is allowed), else NULL. The only way devices touch RAM. */
uint8_t *bus_ram(const Bus *bus, uint64_t pa, uint64_t len);

/* MMIO access of size 1/2/4/8 at pa; false when no device is there or the
 * access would cross the end of a device's region (an access fault). */
bool bus_mmio_read(const Bus *bus, uint64_t pa, unsigned size, uint64_t *value);
bool bus_mmio_write(const Bus *bus, uint64_t pa, unsigned size, uint64_t value);

/* Reset every MMIO device (in registration order). */
void bus_reset(const Bus *bus);

#endif
