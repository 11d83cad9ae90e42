#include "board.h"

#include "fdt.h"
#include "lib.h"

#define MAX_DEPTH 16

/* Per-node scratch: a node's properties all come before its children, but
 * a child's properties arrive before the parent's END_NODE, so each depth
 * keeps its own record. */
typedef struct NodeScratch {
    bool is_fb, is_memory, fb_disabled;
    uint64_t reg_base, reg_size;
    bool have_reg;
    uint32_t width, height, stride;
    char format[16];
} NodeScratch;

typedef struct Walk {
    BoardInfo *bi;
    NodeScratch node[MAX_DEPTH + 1];
    int in_chosen_depth, in_cpus_depth;  /* -1: not inside */
    bool fb_is_disabled;                 /* the chosen fb has status "disabled" */
} Walk;

static bool name_is(const char *name, const char *base)
{
    /* "memory@80000000" matches "memory" */
    size_t n = strlen(base);
    return !memcmp(name, base, n) && (name[n] == '\0' || name[n] == '@');
}

static bool fmt_ok(const char *f)
{
    /* 32-bit pixels with red in bits 23:16; alpha is ignored */
    return str_eq(f, "a8r8g8b8") || str_eq(f, "x8r8g8b8");
}

static void node_end(Walk *w, const NodeScratch *n)
{
    BoardInfo *bi = w->bi;
    if (n->is_fb && n->have_reg && n->width && n->height && fmt_ok(n->format) &&
        n->stride >= n->width * 4) {
        /* first enabled framebuffer wins; a disabled one only if no other */
        if (!bi->have_fb || (w->fb_is_disabled && !n->fb_disabled)) {
            bi->have_fb = true;
            w->fb_is_disabled = n->fb_disabled;
            bi->fb_base = n->reg_base;
            bi->fb_width = n->width;
            bi->fb_height = n->height;
            bi->fb_stride = n->stride;
            memcpy(bi->fb_format, n->format, sizeof bi->fb_format);
        }
    }
    if (n->is_memory && n->have_reg && bi->ram_size == 0) {
        bi->ram_base = n->reg_base;
        bi->ram_size = n->reg_size;
    }
}

static bool visit(const FdtItem *it, void *ctx)
{
    Walk *w = ctx;
    if (it->depth > MAX_DEPTH)
        return true;
    NodeScratch *n = &w->node[it->depth];

    if (it->ev == FDT_EV_BEGIN) {
        memset(n, 0, sizeof *n);
        if (it->depth == 1 && name_is(it->name, "chosen"))
            w->in_chosen_depth = 1;
        if (it->depth == 1 && name_is(it->name, "cpus"))
            w->in_cpus_depth = 1;
        return true;
    }
    if (it->ev == FDT_EV_END) {
        node_end(w, n);
        if (w->in_chosen_depth == it->depth)
            w->in_chosen_depth = -1;
        if (w->in_cpus_depth == it->depth)
            w->in_cpus_depth = -1;
        return true;
    }

    const char *p = it->name;
    const uint8_t *v = it->val;
    uint32_t len = it->len;
    if (str_eq(p, "compatible")) {
        if (fdt_stringlist_has(v, len, "simple-framebuffer"))
            n->is_fb = true;
    } else if (str_eq(p, "device_type")) {
        if (fdt_stringlist_has(v, len, "memory"))
            n->is_memory = true;
    } else if (str_eq(p, "reg")) {
        uint32_t ac = it->addr_cells, sc = it->size_cells;
        if (ac >= 1 && ac <= 2 && sc <= 2 && len >= 4 * (ac + sc)) {
            n->reg_base = fdt_cells(v, ac);
            n->reg_size = sc ? fdt_cells(v + 4 * ac, sc) : 0;
            n->have_reg = true;
        }
    } else if (str_eq(p, "width") && len == 4) {
        n->width = fdt_be32(v);
    } else if (str_eq(p, "height") && len == 4) {
        n->height = fdt_be32(v);
    } else if (str_eq(p, "stride") && len == 4) {
        n->stride = fdt_be32(v);
    } else if (str_eq(p, "format")) {
        uint32_t k = len < sizeof n->format - 1 ? len : sizeof n->format - 1;
        memcpy(n->format, v, k);
        n->format[k] = '\0';
    } else if (str_eq(p, "status")) {
        n->fb_disabled = fdt_stringlist_has(v, len, "disabled");
    } else if (str_eq(p, "bootargs") && it->depth == 1 && w->in_chosen_depth == 1) {
        w->bi->bootargs = (const char *)v;
        w->bi->bootargs_len = len ? len - 1 : 0;   /* without the NUL */
    } else if (str_eq(p, "timebase-frequency") && w->in_cpus_depth >= 1) {
        /* on /cpus, or (older trees) on each cpu node */
        if (len == 4 || len == 8)
            w->bi->timebase_hz = fdt_cells(v, len / 4);
    }
    return true;
}

void board_probe(uintptr_t dtb, BoardInfo *bi)
{
    static Walk w;      /* ~1 KiB of scratch: keep it off the stack */
    memset(bi, 0, sizeof *bi);
    memset(&w, 0, sizeof w);
    w.bi = bi;
    w.in_chosen_depth = w.in_cpus_depth = -1;
    bi->dt_ok = fdt_walk((const void *)dtb, visit, &w);
    if (!bi->dt_ok) {
        /* nothing trustworthy: forget anything a half-read tree told us */
        memset(bi, 0, sizeof *bi);
    }
    if (!bi->timebase_hz)
        bi->timebase_hz = 10000000;      /* the virt board's 10 MHz */
    if (!bi->ram_size) {
        bi->ram_base = 0x80000000u;
        bi->ram_size = 128u << 20;       /* the least a virt board is given */
    }
}

bool board_arg_u32(const BoardInfo *bi, const char *key, uint32_t *out)
{
    if (!bi->bootargs)
        return false;
    const char *s = bi->bootargs, *end = s + bi->bootargs_len;
    size_t kl = strlen(key);
    for (const char *p = s; p + kl < end; p++) {
        /* whole words only: "xdemo.frames=" is not ours */
        if ((p != s && p[-1] != ' ') || memcmp(p, key, kl) || p[kl] != '=')
            continue;
        const char *q = p + kl + 1;
        if (q >= end || *q < '0' || *q > '9')
            return false;
        uint32_t v = 0;
        while (q < end && *q >= '0' && *q <= '9' && v < 100000000)
            v = v * 10 + (uint32_t)(*q++ - '0');
        *out = v;
        return true;
    }
    return false;
}
