/*
 * x86-64 encoder: data movement. Register moves, immediates, loads and stores
 * of every width with zero and sign extension, lea, and the locked
 * read-modify-write instructions behind guest atomics. Opcodes from the SDM
 * Vol. 2 instruction pages (MOV, MOVZX, MOVSX/MOVSXD, LEA, XCHG, CMPXCHG,
 * XADD, MFENCE...).
 */
#include "emit_enc.h"

/* op r/m, reg (the store direction) or op reg, r/m: one register and one
 * register-or-memory operand at operand size `size`. */
static void rr(X64Buf *b, unsigned size, uint8_t op, unsigned reg, unsigned rm)
{
    X64Insn i = x64i_new(size);
    x64i_op(&i, op);
    x64i_reg_rm(&i, reg, rm);
    if (size == 1) {
        x64i_byte_reg(&i, reg);
        x64i_byte_reg(&i, rm);
    }
    x64_encode(b, &i);
}

static void rm(X64Buf *b, unsigned size, uint8_t op, unsigned reg, X64Mem m)
{
    X64Insn i = x64i_new(size);
    x64i_op(&i, op);
    x64i_reg_mem(&i, reg, m);
    if (size == 1)
        x64i_byte_reg(&i, reg);
    x64_encode(b, &i);
}

/* Two-byte (0F xx) opcode, reg = dst at `size`, r/m = src register; a byte
 * source (movzx/movsx r, r8) needs the byte-register REX rule. */
static void rr_0f(X64Buf *b, unsigned size, uint8_t op, unsigned reg, unsigned src, bool src_byte)
{
    X64Insn i = x64i_new(size);
    x64i_op(&i, 0x0F);
    x64i_op(&i, op);
    x64i_reg_rm(&i, reg, src);
    if (src_byte)
        x64i_byte_reg(&i, src);
    x64_encode(b, &i);
}

static void rm_0f(X64Buf *b, unsigned size, uint8_t op, unsigned reg, X64Mem m)
{
    X64Insn i = x64i_new(size);
    x64i_op(&i, 0x0F);
    x64i_op(&i, op);
    x64i_reg_mem(&i, reg, m);
    x64_encode(b, &i);
}

/* ---- register and immediate moves ---- */

/* 89 /r: MOV r/m, r (the r/m operand is the destination). */
void x64_mov_r64_r64(X64Buf *b, X64Reg dst, X64Reg src) { rr(b, 8, 0x89, src, dst); }
void x64_mov_r32_r32(X64Buf *b, X64Reg dst, X64Reg src) { rr(b, 4, 0x89, src, dst); }

void x64_mov_r32_imm32(X64Buf *b, X64Reg dst, uint32_t imm)
{
    X64Insn i = x64i_new(4);
    x64i_op(&i, 0xB8);
    x64i_opreg(&i, dst);
    x64i_imm(&i, 4, imm);
    x64_encode(b, &i);
}

void x64_mov_r64_imm32(X64Buf *b, X64Reg dst, int32_t imm)
{
    X64Insn i = x64i_new(8);
    x64i_op(&i, 0xC7);
    x64i_reg_rm(&i, 0, dst);
    x64i_imm(&i, 4, (uint32_t)imm);
    x64_encode(b, &i);
}

void x64_mov_r64_imm64(X64Buf *b, X64Reg dst, uint64_t imm)
{
    X64Insn i = x64i_new(8);
    x64i_op(&i, 0xB8);
    x64i_opreg(&i, dst);
    x64i_imm(&i, 8, imm);
    x64_encode(b, &i);
}

void x64_mov_r64_imm(X64Buf *b, X64Reg dst, uint64_t imm)
{
    if (imm <= UINT32_MAX)
        x64_mov_r32_imm32(b, dst, (uint32_t)imm);        /* 5-6 bytes */
    else if (x64_fits_i32((int64_t)imm))
        x64_mov_r64_imm32(b, dst, (int32_t)(int64_t)imm); /* 7 bytes */
    else
        x64_mov_r64_imm64(b, dst, imm);                   /* 10 bytes */
}

/* ---- loads and stores ---- */

void x64_mov_r64_m64(X64Buf *b, X64Reg dst, X64Mem m) { rm(b, 8, 0x8B, dst, m); }
void x64_mov_r32_m32(X64Buf *b, X64Reg dst, X64Mem m) { rm(b, 4, 0x8B, dst, m); }
void x64_mov_m64_r64(X64Buf *b, X64Mem m, X64Reg src) { rm(b, 8, 0x89, src, m); }
void x64_mov_m32_r32(X64Buf *b, X64Mem m, X64Reg src) { rm(b, 4, 0x89, src, m); }
void x64_mov_m16_r16(X64Buf *b, X64Mem m, X64Reg src) { rm(b, 2, 0x89, src, m); }
void x64_mov_m8_r8(X64Buf *b, X64Mem m, X64Reg src) { rm(b, 1, 0x88, src, m); }

/* C7 /0 (C6 /0 for bytes): MOV r/m, imm. The immediate is at most 32 bits
 * and sign-extended for a 64-bit store. */
static void mov_mi(X64Buf *b, unsigned size, X64Mem m, uint32_t imm)
{
    X64Insn i = x64i_new(size);
    x64i_op(&i, size == 1 ? 0xC6 : 0xC7);
    x64i_reg_mem(&i, 0, m);
    x64i_imm(&i, size == 8 ? 4 : size, imm);
    x64_encode(b, &i);
}

void x64_mov_m64_imm32(X64Buf *b, X64Mem m, int32_t imm) { mov_mi(b, 8, m, (uint32_t)imm); }
void x64_mov_m32_imm32(X64Buf *b, X64Mem m, uint32_t imm) { mov_mi(b, 4, m, imm); }
void x64_mov_m16_imm16(X64Buf *b, X64Mem m, uint16_t imm) { mov_mi(b, 2, m, imm); }
void x64_mov_m8_imm8(X64Buf *b, X64Mem m, uint8_t imm) { mov_mi(b, 1, m, imm); }

/* MOVZX 0F B6/B7, MOVSX 0F BE/BF (source byte / word), MOVSXD 63. */
void x64_movzx_r32_r8(X64Buf *b, X64Reg dst, X64Reg src) { rr_0f(b, 4, 0xB6, dst, src, true); }
void x64_movzx_r32_r16(X64Buf *b, X64Reg dst, X64Reg src) { rr_0f(b, 4, 0xB7, dst, src, false); }
void x64_movzx_r32_m8(X64Buf *b, X64Reg dst, X64Mem m) { rm_0f(b, 4, 0xB6, dst, m); }
void x64_movzx_r32_m16(X64Buf *b, X64Reg dst, X64Mem m) { rm_0f(b, 4, 0xB7, dst, m); }
void x64_movsx_r32_r8(X64Buf *b, X64Reg dst, X64Reg src) { rr_0f(b, 4, 0xBE, dst, src, true); }
void x64_movsx_r32_r16(X64Buf *b, X64Reg dst, X64Reg src) { rr_0f(b, 4, 0xBF, dst, src, false); }
void x64_movsx_r64_r8(X64Buf *b, X64Reg dst, X64Reg src) { rr_0f(b, 8, 0xBE, dst, src, true); }
void x64_movsx_r64_r16(X64Buf *b, X64Reg dst, X64Reg src) { rr_0f(b, 8, 0xBF, dst, src, false); }
void x64_movsx_r32_m8(X64Buf *b, X64Reg dst, X64Mem m) { rm_0f(b, 4, 0xBE, dst, m); }
void x64_movsx_r32_m16(X64Buf *b, X64Reg dst, X64Mem m) { rm_0f(b, 4, 0xBF, dst, m); }
void x64_movsx_r64_m8(X64Buf *b, X64Reg dst, X64Mem m) { rm_0f(b, 8, 0xBE, dst, m); }
void x64_movsx_r64_m16(X64Buf *b, X64Reg dst, X64Mem m) { rm_0f(b, 8, 0xBF, dst, m); }
void x64_movsxd_r64_r32(X64Buf *b, X64Reg dst, X64Reg src) { rr(b, 8, 0x63, dst, src); }
void x64_movsxd_r64_m32(X64Buf *b, X64Reg dst, X64Mem m) { rm(b, 8, 0x63, dst, m); }

void x64_lea_r64_m(X64Buf *b, X64Reg dst, X64Mem m) { rm(b, 8, 0x8D, dst, m); }
void x64_lea_r32_m(X64Buf *b, X64Reg dst, X64Mem m) { rm(b, 4, 0x8D, dst, m); }

/* ---- atomics and fences ---- */

/* 87 /r. Never the one-byte 90+r form: 90 is NOP, so "xchg eax, eax" there
 * would not zero-extend RAX. */
void x64_xchg_r64_r64(X64Buf *b, X64Reg a, X64Reg c) { rr(b, 8, 0x87, c, a); }
void x64_xchg_r32_r32(X64Buf *b, X64Reg a, X64Reg c) { rr(b, 4, 0x87, c, a); }
void x64_xchg_m64_r64(X64Buf *b, X64Mem m, X64Reg r) { rm(b, 8, 0x87, r, m); }
void x64_xchg_m32_r32(X64Buf *b, X64Mem m, X64Reg r) { rm(b, 4, 0x87, r, m); }

/* F0 (LOCK) + 0F B0/B1 (CMPXCHG) or 0F C0/C1 (XADD), r/m = memory. */
static void locked(X64Buf *b, unsigned size, uint8_t op, X64Mem m, X64Reg src)
{
    X64Insn i = x64i_new(size);
    x64i_prefix(&i, 0xF0);
    x64i_op(&i, 0x0F);
    x64i_op(&i, size == 1 ? op : (uint8_t)(op + 1));
    x64i_reg_mem(&i, src, m);
    if (size == 1)
        x64i_byte_reg(&i, src);
    x64_encode(b, &i);
}

void x64_lock_cmpxchg_m64_r64(X64Buf *b, X64Mem m, X64Reg src) { locked(b, 8, 0xB0, m, src); }
void x64_lock_cmpxchg_m32_r32(X64Buf *b, X64Mem m, X64Reg src) { locked(b, 4, 0xB0, m, src); }
void x64_lock_cmpxchg_m16_r16(X64Buf *b, X64Mem m, X64Reg src) { locked(b, 2, 0xB0, m, src); }
void x64_lock_cmpxchg_m8_r8(X64Buf *b, X64Mem m, X64Reg src) { locked(b, 1, 0xB0, m, src); }
void x64_lock_xadd_m64_r64(X64Buf *b, X64Mem m, X64Reg src) { locked(b, 8, 0xC0, m, src); }
void x64_lock_xadd_m32_r32(X64Buf *b, X64Mem m, X64Reg src) { locked(b, 4, 0xC0, m, src); }

/* 0F AE with mod = 11: /5 LFENCE, /6 MFENCE, /7 SFENCE (r/m = 0). */
static void fence(X64Buf *b, unsigned digit)
{
    X64Insn i = x64i_new(4);
    x64i_op(&i, 0x0F);
    x64i_op(&i, 0xAE);
    x64i_reg_rm(&i, digit, 0);
    x64_encode(b, &i);
}

void x64_mfence(X64Buf *b) { fence(b, 6); }
void x64_lfence(X64Buf *b) { fence(b, 5); }
void x64_sfence(X64Buf *b) { fence(b, 7); }

/* F3 90: a spin-wait hint (SDM Vol. 2B PAUSE). */
void x64_pause(X64Buf *b)
{
    X64Insn i = x64i_new(4);
    x64i_prefix(&i, 0xF3);
    x64i_op(&i, 0x90);
    x64_encode(b, &i);
}
