/*
 * A minimal reader for flattened device trees (Devicetree Specification,
 * chapter 5): walks the structure block once and hands every node start,
 * property and node end to a visitor. Everything is big-endian and every
 * offset is checked against the blob's totalsize.
 */
#ifndef VD_FDT_H
#define VD_FDT_H

#include <stdbool.h>
#include <stdint.h>

typedef enum FdtEvent { FDT_EV_BEGIN, FDT_EV_PROP, FDT_EV_END } FdtEvent;

typedef struct FdtItem {
    FdtEvent ev;
    int depth;               /* root node = 0 */
    const char *name;        /* node name ("" for root) or property name */
    const uint8_t *val;      /* property value (FDT_EV_PROP) */
    uint32_t len;
    /* the parent's #address-cells / #size-cells: how this node's "reg" reads */
    uint32_t addr_cells, size_cells;
} FdtItem;

/* Return false to stop the walk early. */
typedef bool (*FdtVisit)(const FdtItem *it, void *ctx);

/* Does blob start with a plausible FDT header? */
bool fdt_valid(const void *blob);
/* Walk the tree; false if the blob is malformed (the visitor may already
 * have seen part of it). */
bool fdt_walk(const void *blob, FdtVisit visit, void *ctx);

uint32_t fdt_be32(const uint8_t *p);
/* Read n (1 or 2) big-endian cells as one number. */
uint64_t fdt_cells(const uint8_t *p, uint32_t n);
/* Is str one of the strings in a stringlist property ("a\0b\0")? */
bool fdt_stringlist_has(const uint8_t *val, uint32_t len, const char *str);

#endif
