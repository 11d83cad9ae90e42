#include "fdt.h"

#include "lib.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

#define MAX_DEPTH 16
#define MAX_SIZE (16u << 20)   /* sanity bound on totalsize */

uint32_t fdt_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

uint64_t fdt_cells(const uint8_t *p, uint32_t n)
{
    uint64_t v = 0;
    for (uint32_t i = 0; i < n; i++)
        v = v << 32 | fdt_be32(p + 4 * i);
    return v;
}

bool fdt_stringlist_has(const uint8_t *val, uint32_t len, const char *str)
{
    size_t sl = strlen(str);
    uint32_t i = 0;
    while (i < len) {
        uint32_t j = i;
        while (j < len && val[j])
            j++;
        if (j - i == sl && memcmp(val + i, str, sl) == 0)
            return true;
        i = j + 1;
    }
    return false;
}

/* Header fields, in the order of the spec's struct fdt_header. */
enum { H_MAGIC, H_TOTALSIZE, H_OFF_STRUCT, H_OFF_STRINGS, H_OFF_RSVMAP, H_VERSION,
       H_LAST_COMP, H_BOOT_CPU, H_SIZE_STRINGS, H_SIZE_STRUCT };

static uint32_t hdr(const uint8_t *b, int field)
{
    return fdt_be32(b + 4 * field);
}

bool fdt_valid(const void *blob)
{
    const uint8_t *b = blob;
    if (!b || ((uintptr_t)b & 3) || hdr(b, H_MAGIC) != FDT_MAGIC)
        return false;
    uint32_t total = hdr(b, H_TOTALSIZE);
    /* version 17 added size_dt_struct, which the walk relies on */
    return total >= 40 && total <= MAX_SIZE && hdr(b, H_LAST_COMP) <= 17 &&
           hdr(b, H_VERSION) >= 17;
}

/* NUL-terminated string at b[off..end)? */
static bool str_ok(const uint8_t *b, uint32_t off, uint32_t end)
{
    for (uint32_t i = off; i < end; i++)
        if (!b[i])
            return true;
    return false;
}

bool fdt_walk(const void *blob, FdtVisit visit, void *ctx)
{
    if (!fdt_valid(blob))
        return false;
    const uint8_t *b = blob;
    uint32_t total = hdr(b, H_TOTALSIZE);
    uint32_t s_off = hdr(b, H_OFF_STRUCT), s_size = hdr(b, H_SIZE_STRUCT);
    uint32_t str_off = hdr(b, H_OFF_STRINGS), str_size = hdr(b, H_SIZE_STRINGS);
    if (s_off > total || s_size > total - s_off || str_off > total || str_size > total - str_off)
        return false;

    /* cells[d]: #address-cells / #size-cells of the node at depth d, which
     * governs its children's "reg"; 2 and 1 when the node does not say. */
    uint32_t acells[MAX_DEPTH + 1], scells[MAX_DEPTH + 1];
    int depth = -1;
    uint32_t p = s_off, end = s_off + s_size;

    while (p + 4 <= end) {
        uint32_t tok = fdt_be32(b + p);
        p += 4;
        FdtItem it = {0};
        switch (tok) {
        case FDT_BEGIN_NODE: {
            if (!str_ok(b, p, end) || depth + 1 > MAX_DEPTH)
                return false;
            const char *name = (const char *)b + p;
            p += (uint32_t)((strlen(name) + 1 + 3) & ~3u);
            depth++;
            acells[depth] = 2;
            scells[depth] = 1;
            it.ev = FDT_EV_BEGIN;
            it.depth = depth;
            it.name = name;
            it.addr_cells = depth ? acells[depth - 1] : 2;
            it.size_cells = depth ? scells[depth - 1] : 1;
            if (!visit(&it, ctx))
                return true;
            break;
        }
        case FDT_END_NODE:
            if (depth < 0)
                return false;
            it.ev = FDT_EV_END;
            it.depth = depth;
            if (!visit(&it, ctx))
                return true;
            depth--;
            break;
        case FDT_PROP: {
            if (depth < 0 || p + 8 > end)
                return false;
            uint32_t len = fdt_be32(b + p), nameoff = fdt_be32(b + p + 4);
            p += 8;
            if (len > end - p || nameoff >= str_size || !str_ok(b, str_off + nameoff, str_off + str_size))
                return false;
            it.ev = FDT_EV_PROP;
            it.depth = depth;
            it.name = (const char *)b + str_off + nameoff;
            it.val = b + p;
            it.len = len;
            it.addr_cells = depth ? acells[depth - 1] : 2;
            it.size_cells = depth ? scells[depth - 1] : 1;
            if (len == 4 && str_eq(it.name, "#address-cells"))
                acells[depth] = fdt_be32(it.val);
            if (len == 4 && str_eq(it.name, "#size-cells"))
                scells[depth] = fdt_be32(it.val);
            p += (len + 3) & ~3u;
            if (!visit(&it, ctx))
                return true;
            break;
        }
        case FDT_NOP:
            break;
        case FDT_END:
            return depth == -1;
        default:
            return false;
        }
    }
    return false;
}
