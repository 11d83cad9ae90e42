/*
 * The x86-64 encoder's core: the code buffer and the one function that turns
 * an instruction description (emit_enc.h) into bytes, following the
 * instruction format of SDM Vol. 2A chapter 2.
 */
#include <string.h>

#include "emit_enc.h"

/* The longest x86 instruction is 15 bytes (SDM Vol. 2A 2.3.11). */
enum { X64_MAX_INSN = 15 };

void x64_buf_init(X64Buf *b, void *mem, size_t cap)
{
    *b = (X64Buf){ .p = mem, .len = 0, .cap = cap, .overflow = false };
}

/* Signed distance from `from` to `to` in the host address space; computed
 * on integers because the two need not be in the same C object. */
static int64_t host_distance(uintptr_t from, uintptr_t to)
{
    return (int64_t)(to - from);
}

bool x64_rip_reachable(const X64Buf *b, const void *target)
{
    /* Checked against both ends of the longest instruction that could hold
     * the displacement, so any instruction emitted next reaches. */
    uintptr_t here = (uintptr_t)(b->p + b->len);
    return x64_fits_i32(host_distance(here, (uintptr_t)target)) &&
           x64_fits_i32(host_distance(here + X64_MAX_INSN, (uintptr_t)target));
}

static unsigned scale_bits(unsigned scale)
{
    switch (scale) {
    case 1: return 0;
    case 2: return 1;
    case 4: return 2;
    case 8: return 3;
    }
    assert(!"x64: scale must be 1, 2, 4 or 8");
    return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        p[k] = (uint8_t)(v >> (8 * k));
}

/*
 * ModRM, SIB and displacement for a memory operand (SDM Vol. 2A Tables 2-2
 * and 2-3, with the 64-bit special cases of Table 2-5):
 *  - r/m = 100 means "a SIB byte follows", so RSP and R12 as a base always
 *    take a SIB byte (index 100 = none);
 *  - mod = 00 with r/m = 101 (or SIB base = 101) means RIP-relative (or no
 *    base), so RBP and R13 as a base with no displacement take mod = 01
 *    with a zero disp8;
 *  - a displacement that fits in a signed byte takes mod = 01 (disp8),
 *    otherwise mod = 10 (disp32).
 * Returns the number of bytes written to out; *disp_at is the offset of a
 * RIP displacement (for X64_MEM_RIP_TO), or -1.
 */
static size_t encode_mem(uint8_t *out, const X64Insn *in, int *disp_at)
{
    const X64Mem *m = &in->mem;
    unsigned reg = in->reg & 7u;
    size_t n = 0;
    *disp_at = -1;

    if (m->kind == X64_MEM_RIP || m->kind == X64_MEM_RIP_TO) {
        /* mod = 00, r/m = 101: [rip + disp32] (SDM Vol. 2A 2.2.1.6) */
        out[n++] = (uint8_t)(reg << 3 | 5);
        *disp_at = (int)n;
        put32(out + n, (uint32_t)m->disp);
        return n + 4;
    }
    assert(m->kind == X64_MEM_BASE && m->base < 16);

    bool has_index = m->index != X64_NO_INDEX;
    unsigned base = m->base & 7u;
    unsigned disp_size = in->disp_size;
    if (disp_size == 0) {
        if (m->disp == 0 && base != 5)
            disp_size = 0;
        else
            disp_size = x64_fits_i8(m->disp) ? 1 : 4;
    }
    assert(disp_size != 1 || x64_fits_i8(m->disp));
    unsigned mod = disp_size == 0 ? 0 : disp_size == 1 ? 1 : 2;

    if (has_index || base == 4) {
        unsigned index = 4; /* none */
        if (has_index) {
            assert(m->index < 16 && m->index != X64_RSP);
            index = m->index & 7u;
        }
        out[n++] = (uint8_t)(mod << 6 | reg << 3 | 4);
        out[n++] = (uint8_t)(scale_bits(m->scale) << 6 | index << 3 | base);
    } else {
        out[n++] = (uint8_t)(mod << 6 | reg << 3 | base);
    }
    if (disp_size == 1) {
        out[n++] = (uint8_t)m->disp;
    } else if (disp_size == 4) {
        put32(out + n, (uint32_t)m->disp);
        n += 4;
    }
    return n;
}

void x64_encode(X64Buf *b, const X64Insn *in)
{
    uint8_t out[24];
    size_t n = 0;

    /* REX = 0100WRXB (SDM Vol. 2A 2.2.1, Table 2-4): R extends ModRM.reg,
     * X the SIB index, B ModRM.rm, the SIB base or the opcode register. */
    unsigned rex = in->rex_w ? 8u : 0u;
    if (in->has_modrm) {
        rex |= (in->reg >> 3) << 2;
        if (!in->rm_is_mem) {
            rex |= in->rm >> 3;
        } else if (in->mem.kind == X64_MEM_BASE) {
            rex |= in->mem.base >> 3;
            if (in->mem.index != X64_NO_INDEX)
                rex |= (in->mem.index >> 3) << 1;
        }
    }
    if (in->has_opreg)
        rex |= in->opreg >> 3;

    /* Legacy prefixes first, REX last before the opcode: a REX followed by
     * another prefix is ignored (SDM Vol. 2A 2.2.1). */
    for (unsigned k = 0; k < in->nprefix; k++)
        out[n++] = in->prefix[k];
    if (rex || in->rex_needed)
        out[n++] = (uint8_t)(0x40 | rex);
    assert(in->nop > 0);
    for (unsigned k = 0; k < in->nop; k++)
        out[n++] = in->op[k];
    if (in->has_opreg)
        out[n - 1] = (uint8_t)(out[n - 1] | (in->opreg & 7u));

    size_t rip_disp_at = 0;
    if (in->has_modrm) {
        if (in->rm_is_mem) {
            int disp_at;
            size_t start = n;
            n += encode_mem(out + n, in, &disp_at);
            if (disp_at >= 0)
                rip_disp_at = start + (size_t)disp_at;
        } else {
            out[n++] = (uint8_t)(0xC0 | (in->reg & 7u) << 3 | (in->rm & 7u));
        }
    }
    for (unsigned k = 0; k < in->imm_size; k++)
        out[n++] = (uint8_t)(in->imm >> (8 * k));
    assert(n <= X64_MAX_INSN);

    if (b->overflow || b->len > b->cap || b->cap - b->len < n) {
        b->overflow = true;
        return;
    }
    if (in->has_modrm && in->rm_is_mem && in->mem.kind == X64_MEM_RIP_TO) {
        /* RIP-relative displacements count from the end of the instruction,
         * immediate included (SDM Vol. 2A 2.2.1.6). */
        int64_t rel = host_distance((uintptr_t)(b->p + b->len + n), in->mem.target);
        assert(x64_fits_i32(rel) && "x64: RIP-relative target out of reach");
        put32(out + rip_disp_at, (uint32_t)rel);
    }
    memcpy(b->p + b->len, out, n);
    b->len += n;
}
