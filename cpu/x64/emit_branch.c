/*
 * x86-64 encoder: control flow. Relative jumps and calls (rel8/rel32, all
 * relative to the end of the instruction), forward jumps patched later,
 * re-pointing jumps in live code for block chaining, indirect jumps and
 * calls, the stack, and padding/trap instructions.
 */
#include <string.h>

#include "emit_enc.h"

/* Opcodes (SDM Vol. 2A JMP, Jcc, CALL): EB cb, E9 cd, 70+cc cb,
 * 0F 80+cc cd, E8 cd. */
enum { JMP_REL8_LEN = 2, JMP_REL32_LEN = 5, JCC_REL8_LEN = 2, JCC_REL32_LEN = 6 };

static void rel_insn(X64Buf *b, uint8_t op0, int op1, unsigned rel_size, int32_t rel)
{
    X64Insn i = x64i_new(4);
    x64i_op(&i, op0);
    if (op1 >= 0)
        x64i_op(&i, (uint8_t)op1);
    x64i_imm(&i, rel_size, (uint32_t)rel);
    x64_encode(b, &i);
}

static unsigned cc_bits(X64Cond cc)
{
    assert((unsigned)cc < 16);
    return (unsigned)cc;
}

void x64_jmp_rel8(X64Buf *b, int8_t rel) { rel_insn(b, 0xEB, -1, 1, rel); }
void x64_jmp_rel32(X64Buf *b, int32_t rel) { rel_insn(b, 0xE9, -1, 4, rel); }
void x64_call_rel32(X64Buf *b, int32_t rel) { rel_insn(b, 0xE8, -1, 4, rel); }

void x64_jcc_rel8(X64Buf *b, X64Cond cc, int8_t rel)
{
    rel_insn(b, (uint8_t)(0x70 + cc_bits(cc)), -1, 1, rel);
}

void x64_jcc_rel32(X64Buf *b, X64Cond cc, int32_t rel)
{
    rel_insn(b, 0x0F, (int)(0x80 + cc_bits(cc)), 4, rel);
}

/* Distance from the end of a jump of length len emitted now to target. */
static int64_t rel_from_here(const X64Buf *b, size_t len, size_t target)
{
    return (int64_t)target - (int64_t)(b->len + len);
}

void x64_jmp_to(X64Buf *b, size_t target)
{
    int64_t r8 = rel_from_here(b, JMP_REL8_LEN, target);
    if (x64_fits_i8(r8)) {
        x64_jmp_rel8(b, (int8_t)r8);
        return;
    }
    int64_t r32 = rel_from_here(b, JMP_REL32_LEN, target);
    assert(x64_fits_i32(r32));
    x64_jmp_rel32(b, (int32_t)r32);
}

void x64_jcc_to(X64Buf *b, X64Cond cc, size_t target)
{
    int64_t r8 = rel_from_here(b, JCC_REL8_LEN, target);
    if (x64_fits_i8(r8)) {
        x64_jcc_rel8(b, cc, (int8_t)r8);
        return;
    }
    int64_t r32 = rel_from_here(b, JCC_REL32_LEN, target);
    assert(x64_fits_i32(r32));
    x64_jcc_rel32(b, cc, (int32_t)r32);
}

/* ---- forward jumps ----
 * The displacement is the last field of each of these instructions, so the
 * fixup is the end of the instruction minus its size. When the instruction
 * did not fit (overflow), the fixup is meaningless and patching is a no-op. */

X64Fixup x64_jmp_fwd(X64Buf *b)
{
    x64_jmp_rel32(b, 0);
    return (X64Fixup){ b->len - 4 };
}

X64Fixup x64_jcc_fwd(X64Buf *b, X64Cond cc)
{
    x64_jcc_rel32(b, cc, 0);
    return (X64Fixup){ b->len - 4 };
}

X64Fixup x64_call_fwd(X64Buf *b)
{
    x64_call_rel32(b, 0);
    return (X64Fixup){ b->len - 4 };
}

X64Fixup8 x64_jmp8_fwd(X64Buf *b)
{
    x64_jmp_rel8(b, 0);
    return (X64Fixup8){ b->len - 1 };
}

X64Fixup8 x64_jcc8_fwd(X64Buf *b, X64Cond cc)
{
    x64_jcc_rel8(b, cc, 0);
    return (X64Fixup8){ b->len - 1 };
}

static void store32(uint8_t *p, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        p[k] = (uint8_t)(v >> (8 * k));
}

void x64_patch_rel32(X64Buf *b, X64Fixup f, size_t target)
{
    if (b->overflow)
        return;
    assert(f.off + 4 <= b->len);
    int64_t rel = (int64_t)target - (int64_t)(f.off + 4);
    assert(x64_fits_i32(rel));
    store32(b->p + f.off, (uint32_t)rel);
}

void x64_patch_rel8(X64Buf *b, X64Fixup8 f, size_t target)
{
    if (b->overflow)
        return;
    assert(f.off + 1 <= b->len);
    int64_t rel = (int64_t)target - (int64_t)(f.off + 1);
    assert(x64_fits_i8(rel) && "x64: rel8 jump target out of reach");
    b->p[f.off] = (uint8_t)rel;
}

X64Fixup x64_jmp_fwd_aligned(X64Buf *b)
{
    /* The rel32 field starts one byte (the E9 opcode) after the jump. */
    uintptr_t field = (uintptr_t)(b->p + b->len) + 1;
    x64_nop(b, (size_t)(-field & 3));
    return x64_jmp_fwd(b);
}

bool x64_patch_jump_at(uint8_t *site, const uint8_t *target)
{
    int64_t rel = (int64_t)((uintptr_t)target - ((uintptr_t)site + 4));
    if (!x64_fits_i32(rel))
        return false;
    if (((uintptr_t)site & 3) == 0) {
        /* An aligned 4-byte store is atomic (SDM Vol. 3A, "Guaranteed
         * Atomic Operations"), so a thread running this code sees the old
         * or the new target, never a mix: how block chaining re-points
         * live jumps (x64_jmp_fwd_aligned). */
        __atomic_store_n((uint32_t *)(void *)site, (uint32_t)rel, __ATOMIC_RELEASE);
    } else {
        store32(site, (uint32_t)rel);
    }
    return true;
}

/* ---- indirect jumps and calls: FF /4 (jmp), FF /2 (call) ----
 * The operand size is 64 bits in 64-bit mode without REX.W (SDM Vol. 2A
 * 2.2.1.7). */

static void ff_reg(X64Buf *b, unsigned digit, X64Reg r)
{
    X64Insn i = x64i_new(4);
    x64i_op(&i, 0xFF);
    x64i_reg_rm(&i, digit, r);
    x64_encode(b, &i);
}

static void ff_mem(X64Buf *b, unsigned digit, X64Mem m)
{
    X64Insn i = x64i_new(4);
    x64i_op(&i, 0xFF);
    x64i_reg_mem(&i, digit, m);
    x64_encode(b, &i);
}

void x64_jmp_r64(X64Buf *b, X64Reg r) { ff_reg(b, 4, r); }
void x64_jmp_m64(X64Buf *b, X64Mem m) { ff_mem(b, 4, m); }
void x64_call_r64(X64Buf *b, X64Reg r) { ff_reg(b, 2, r); }
void x64_call_m64(X64Buf *b, X64Mem m) { ff_mem(b, 2, m); }

/* rel32 from the end of a 5-byte call/jmp emitted now, if it reaches. */
static bool rel32_to(const X64Buf *b, const void *target, int32_t *rel)
{
    uintptr_t end = (uintptr_t)(b->p + b->len) + JMP_REL32_LEN;
    int64_t r = (int64_t)((uintptr_t)target - end);
    if (!x64_fits_i32(r))
        return false;
    *rel = (int32_t)r;
    return true;
}

void x64_call_abs(X64Buf *b, const void *target, X64Reg scratch)
{
    int32_t rel;
    if (rel32_to(b, target, &rel)) {
        x64_call_rel32(b, rel);
    } else {
        x64_mov_r64_imm(b, scratch, (uint64_t)(uintptr_t)target);
        x64_call_r64(b, scratch);
    }
}

void x64_jmp_abs(X64Buf *b, const void *target, X64Reg scratch)
{
    int32_t rel;
    if (rel32_to(b, target, &rel)) {
        x64_jmp_rel32(b, rel);
    } else {
        x64_mov_r64_imm(b, scratch, (uint64_t)(uintptr_t)target);
        x64_jmp_r64(b, scratch);
    }
}

/* ---- stack and misc ---- */

void x64_ret(X64Buf *b)
{
    X64Insn i = x64i_new(4);
    x64i_op(&i, 0xC3);
    x64_encode(b, &i);
}

/* 50+rd / 58+rd, 64-bit without REX.W; REX.B selects R8..R15. */
void x64_push_r64(X64Buf *b, X64Reg r)
{
    X64Insn i = x64i_new(4);
    x64i_op(&i, 0x50);
    x64i_opreg(&i, r);
    x64_encode(b, &i);
}

void x64_pop_r64(X64Buf *b, X64Reg r)
{
    X64Insn i = x64i_new(4);
    x64i_op(&i, 0x58);
    x64i_opreg(&i, r);
    x64_encode(b, &i);
}

/* One NOP of len 1..9 bytes, per SDM Vol. 2B NOP Table 4-12: 90, 66 90, and
 * NOP r/m32 (0F 1F /0) with [rax], [rax+disp8], [rax+rax*1+disp8],
 * [rax+disp32], [rax+rax*1+disp32], plus 66 for the 6- and 9-byte forms. */
static void nop_one(X64Buf *b, unsigned len)
{
    assert(len >= 1 && len <= 9);
    if (len <= 2) {
        X64Insn i = x64i_new(len == 2 ? 2 : 4);
        x64i_op(&i, 0x90);
        x64_encode(b, &i);
        return;
    }
    /* The memory forms by length: ModRM+SIB+disp sizes add up to len - 2
     * (0F 1F), minus one more for a 66 prefix. */
    bool p66 = len == 6 || len == 9;
    unsigned body = len - 2 - (p66 ? 1 : 0); /* ModRM + SIB + displacement */
    X64Insn i = x64i_new(p66 ? 2 : 4);
    x64i_op(&i, 0x0F);
    x64i_op(&i, 0x1F);
    switch (body) {
    case 1: x64i_reg_mem(&i, 0, x64_mem(X64_RAX, 0)); i.disp_size = 0; break;
    case 2: x64i_reg_mem(&i, 0, x64_mem(X64_RAX, 0)); i.disp_size = 1; break;
    case 3: x64i_reg_mem(&i, 0, x64_mem_idx(X64_RAX, X64_RAX, 1, 0)); i.disp_size = 1; break;
    case 5: x64i_reg_mem(&i, 0, x64_mem(X64_RAX, 0)); i.disp_size = 4; break;
    case 6: x64i_reg_mem(&i, 0, x64_mem_idx(X64_RAX, X64_RAX, 1, 0)); i.disp_size = 4; break;
    default: assert(!"x64: no NOP of this length"); return;
    }
    x64_encode(b, &i);
}

void x64_nop(X64Buf *b, size_t n)
{
    while (n > 0) {
        unsigned len = n > 9 ? 9 : (unsigned)n;
        nop_one(b, len);
        n -= len;
    }
}

void x64_int3(X64Buf *b)
{
    X64Insn i = x64i_new(4);
    x64i_op(&i, 0xCC);
    x64_encode(b, &i);
}

void x64_ud2(X64Buf *b)
{
    X64Insn i = x64i_new(4);
    x64i_op(&i, 0x0F);
    x64i_op(&i, 0x0B);
    x64_encode(b, &i);
}
