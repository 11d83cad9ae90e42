/*
 * x86-64 encoder: integer arithmetic and logic. The classic ALU group, test,
 * unary ops, shifts and rotates, multiply and divide, flags to values
 * (setcc, cmovcc) and bit operations. Opcodes from the SDM Vol. 2 instruction
 * pages and the one-byte opcode map (Vol. 2D Appendix A, Table A-2).
 */
#include "emit_enc.h"

/* One register or memory r/m operand at `size`, ModRM.reg = reg (a register
 * or a /digit; reg_is_byte when it is a byte register). */
static void op_rr(X64Buf *b, unsigned size, uint8_t op, unsigned reg, unsigned rm, bool reg_is_byte)
{
    X64Insn i = x64i_new(size);
    x64i_op(&i, op);
    x64i_reg_rm(&i, reg, rm);
    if (size == 1) {
        x64i_byte_reg(&i, rm);
        if (reg_is_byte)
            x64i_byte_reg(&i, reg);
    }
    x64_encode(b, &i);
}

static void op_rm(X64Buf *b, unsigned size, uint8_t op, unsigned reg, X64Mem m, bool reg_is_byte)
{
    X64Insn i = x64i_new(size);
    x64i_op(&i, op);
    x64i_reg_mem(&i, reg, m);
    if (size == 1 && reg_is_byte)
        x64i_byte_reg(&i, reg);
    x64_encode(b, &i);
}

static void op_0f_rr(X64Buf *b, unsigned size, uint8_t op, unsigned reg, unsigned rm)
{
    X64Insn i = x64i_new(size);
    x64i_op(&i, 0x0F);
    x64i_op(&i, op);
    x64i_reg_rm(&i, reg, rm);
    x64_encode(b, &i);
}

/* ---- add/or/adc/sbb/and/sub/xor/cmp ----
 * Row op*8 of the opcode map: +0 r/m8,r8  +1 r/m,r  +2 r8,r/m8  +3 r,r/m
 * +4 AL,imm8  +5 eAX,imm32. Group 1 (80 ib, 81 iz, 83 ib sign-extended)
 * with /op for immediates into any r/m. */

static uint8_t alu_opcode(X64AluOp op, unsigned form)
{
    assert((unsigned)op < 8);
    return (uint8_t)(op * 8 + form);
}

static void alu_rr(X64Buf *b, unsigned size, X64AluOp op, X64Reg dst, X64Reg src)
{
    op_rr(b, size, alu_opcode(op, size == 1 ? 0 : 1), src, dst, true);
}

static void alu_imm(X64Buf *b, unsigned size, X64AluOp op, bool is_mem, X64Reg dst, X64Mem m,
                    int32_t imm)
{
    X64Insn i = x64i_new(size);
    /* The full immediate is 16 bits for 16-bit operations, else at most
     * 32 bits (sign-extended for 64-bit ones). */
    unsigned full = size == 1 ? 1 : size == 2 ? 2 : 4;
    if (!is_mem && dst == X64_RAX && (size == 1 || !x64_fits_i8(imm))) {
        x64i_op(&i, alu_opcode(op, size == 1 ? 4 : 5));
        x64i_imm(&i, full, (uint32_t)imm);
        x64_encode(b, &i);
        return;
    }
    if (size == 1) {
        x64i_op(&i, 0x80);
        x64i_imm(&i, 1, (uint32_t)imm);
    } else if (x64_fits_i8(imm)) {
        x64i_op(&i, 0x83);
        x64i_imm(&i, 1, (uint32_t)imm);
    } else {
        x64i_op(&i, 0x81);
        x64i_imm(&i, full, (uint32_t)imm);
    }
    if (is_mem) {
        x64i_reg_mem(&i, op, m);
    } else {
        x64i_reg_rm(&i, op, dst);
        if (size == 1)
            x64i_byte_reg(&i, dst);
    }
    x64_encode(b, &i);
}

static const X64Mem no_mem;

void x64_alu_r64_r64(X64Buf *b, X64AluOp op, X64Reg dst, X64Reg src) { alu_rr(b, 8, op, dst, src); }
void x64_alu_r32_r32(X64Buf *b, X64AluOp op, X64Reg dst, X64Reg src) { alu_rr(b, 4, op, dst, src); }
void x64_alu_r16_r16(X64Buf *b, X64AluOp op, X64Reg dst, X64Reg src) { alu_rr(b, 2, op, dst, src); }
void x64_alu_r8_r8(X64Buf *b, X64AluOp op, X64Reg dst, X64Reg src) { alu_rr(b, 1, op, dst, src); }

void x64_alu_r64_imm32(X64Buf *b, X64AluOp op, X64Reg dst, int32_t imm)
{
    alu_imm(b, 8, op, false, dst, no_mem, imm);
}

void x64_alu_r32_imm32(X64Buf *b, X64AluOp op, X64Reg dst, int32_t imm)
{
    alu_imm(b, 4, op, false, dst, no_mem, imm);
}

void x64_alu_r16_imm16(X64Buf *b, X64AluOp op, X64Reg dst, uint16_t imm)
{
    alu_imm(b, 2, op, false, dst, no_mem, (int16_t)imm);
}

void x64_alu_r8_imm8(X64Buf *b, X64AluOp op, X64Reg dst, uint8_t imm)
{
    alu_imm(b, 1, op, false, dst, no_mem, (int8_t)imm);
}

void x64_alu_r64_m64(X64Buf *b, X64AluOp op, X64Reg dst, X64Mem m) { op_rm(b, 8, alu_opcode(op, 3), dst, m, false); }
void x64_alu_r32_m32(X64Buf *b, X64AluOp op, X64Reg dst, X64Mem m) { op_rm(b, 4, alu_opcode(op, 3), dst, m, false); }
void x64_alu_m64_r64(X64Buf *b, X64AluOp op, X64Mem m, X64Reg src) { op_rm(b, 8, alu_opcode(op, 1), src, m, false); }
void x64_alu_m32_r32(X64Buf *b, X64AluOp op, X64Mem m, X64Reg src) { op_rm(b, 4, alu_opcode(op, 1), src, m, false); }

void x64_alu_m64_imm32(X64Buf *b, X64AluOp op, X64Mem m, int32_t imm)
{
    alu_imm(b, 8, op, true, X64_RAX, m, imm);
}

void x64_alu_m32_imm32(X64Buf *b, X64AluOp op, X64Mem m, int32_t imm)
{
    alu_imm(b, 4, op, true, X64_RAX, m, imm);
}

void x64_alu_m8_imm8(X64Buf *b, X64AluOp op, X64Mem m, uint8_t imm)
{
    alu_imm(b, 1, op, true, X64_RAX, m, (int8_t)imm);
}

/* ---- test: 84/85 /r, A8/A9 (accumulator), F6/F7 /0 ---- */

void x64_test_r64_r64(X64Buf *b, X64Reg a, X64Reg c) { op_rr(b, 8, 0x85, c, a, true); }
void x64_test_r32_r32(X64Buf *b, X64Reg a, X64Reg c) { op_rr(b, 4, 0x85, c, a, true); }
void x64_test_r16_r16(X64Buf *b, X64Reg a, X64Reg c) { op_rr(b, 2, 0x85, c, a, true); }
void x64_test_r8_r8(X64Buf *b, X64Reg a, X64Reg c) { op_rr(b, 1, 0x84, c, a, true); }
void x64_test_m64_r64(X64Buf *b, X64Mem m, X64Reg r) { op_rm(b, 8, 0x85, r, m, true); }
void x64_test_m32_r32(X64Buf *b, X64Mem m, X64Reg r) { op_rm(b, 4, 0x85, r, m, true); }

static void test_imm(X64Buf *b, unsigned size, bool is_mem, X64Reg r, X64Mem m, uint32_t imm)
{
    X64Insn i = x64i_new(size);
    unsigned isz = size == 1 ? 1 : 4;
    if (!is_mem && r == X64_RAX) {
        x64i_op(&i, size == 1 ? 0xA8 : 0xA9);
    } else {
        x64i_op(&i, size == 1 ? 0xF6 : 0xF7);
        if (is_mem) {
            x64i_reg_mem(&i, 0, m);
        } else {
            x64i_reg_rm(&i, 0, r);
            if (size == 1)
                x64i_byte_reg(&i, r);
        }
    }
    x64i_imm(&i, isz, imm);
    x64_encode(b, &i);
}

void x64_test_r64_imm32(X64Buf *b, X64Reg a, int32_t imm) { test_imm(b, 8, false, a, no_mem, (uint32_t)imm); }
void x64_test_r32_imm32(X64Buf *b, X64Reg a, uint32_t imm) { test_imm(b, 4, false, a, no_mem, imm); }
void x64_test_r8_imm8(X64Buf *b, X64Reg a, uint8_t imm) { test_imm(b, 1, false, a, no_mem, imm); }
void x64_test_m32_imm32(X64Buf *b, X64Mem m, uint32_t imm) { test_imm(b, 4, true, X64_RAX, m, imm); }
void x64_test_m8_imm8(X64Buf *b, X64Mem m, uint8_t imm) { test_imm(b, 1, true, X64_RAX, m, imm); }

/* ---- one-operand groups: F6/F7 (group 3) and FE/FF (groups 4/5) ----
 * /2 NOT, /3 NEG, /4 MUL, /5 IMUL, /6 DIV, /7 IDIV; FE/FF /0 INC, /1 DEC. */

static void group3(X64Buf *b, unsigned size, unsigned digit, X64Reg r)
{
    op_rr(b, size, size == 1 ? 0xF6 : 0xF7, digit, r, false);
}

static void group45(X64Buf *b, unsigned size, unsigned digit, X64Reg r)
{
    op_rr(b, size, 0xFF, digit, r, false);
}

void x64_not_r64(X64Buf *b, X64Reg r) { group3(b, 8, 2, r); }
void x64_not_r32(X64Buf *b, X64Reg r) { group3(b, 4, 2, r); }
void x64_not_r16(X64Buf *b, X64Reg r) { group3(b, 2, 2, r); }
void x64_not_r8(X64Buf *b, X64Reg r) { group3(b, 1, 2, r); }
void x64_neg_r64(X64Buf *b, X64Reg r) { group3(b, 8, 3, r); }
void x64_neg_r32(X64Buf *b, X64Reg r) { group3(b, 4, 3, r); }
void x64_neg_r16(X64Buf *b, X64Reg r) { group3(b, 2, 3, r); }
void x64_neg_r8(X64Buf *b, X64Reg r) { group3(b, 1, 3, r); }
void x64_mul_r64(X64Buf *b, X64Reg r) { group3(b, 8, 4, r); }
void x64_mul_r32(X64Buf *b, X64Reg r) { group3(b, 4, 4, r); }
void x64_imul_r64(X64Buf *b, X64Reg r) { group3(b, 8, 5, r); }
void x64_imul_r32(X64Buf *b, X64Reg r) { group3(b, 4, 5, r); }
void x64_div_r64(X64Buf *b, X64Reg r) { group3(b, 8, 6, r); }
void x64_div_r32(X64Buf *b, X64Reg r) { group3(b, 4, 6, r); }
void x64_idiv_r64(X64Buf *b, X64Reg r) { group3(b, 8, 7, r); }
void x64_idiv_r32(X64Buf *b, X64Reg r) { group3(b, 4, 7, r); }
/* The one-byte 40-4F INC/DEC forms are REX prefixes in 64-bit mode
 * (SDM Vol. 2A 2.2.1.2): always FF /0, FF /1. */
void x64_inc_r64(X64Buf *b, X64Reg r) { group45(b, 8, 0, r); }
void x64_inc_r32(X64Buf *b, X64Reg r) { group45(b, 4, 0, r); }
void x64_dec_r64(X64Buf *b, X64Reg r) { group45(b, 8, 1, r); }
void x64_dec_r32(X64Buf *b, X64Reg r) { group45(b, 4, 1, r); }

/* ---- shifts and rotates (group 2) ----
 * D0/D1 /op by 1, D2/D3 /op by CL, C0/C1 /op ib. */

static void shift(X64Buf *b, unsigned size, X64ShiftOp op, X64Reg r, bool by_cl, uint8_t n)
{
    assert((unsigned)op < 8 && op != 6);
    X64Insn i = x64i_new(size);
    uint8_t w = size == 1 ? 0 : 1;
    if (by_cl) {
        x64i_op(&i, (uint8_t)(0xD2 + w));
    } else if (n == 1) {
        x64i_op(&i, (uint8_t)(0xD0 + w));
    } else {
        /* The hardware masks the count to 5 bits (6 for 64-bit operands);
         * a larger one is a caller bug. */
        assert(n < (size == 8 ? 64 : 32));
        x64i_op(&i, (uint8_t)(0xC0 + w));
        x64i_imm(&i, 1, n);
    }
    x64i_reg_rm(&i, op, r);
    if (size == 1)
        x64i_byte_reg(&i, r);
    x64_encode(b, &i);
}

void x64_shift_r64_cl(X64Buf *b, X64ShiftOp op, X64Reg r) { shift(b, 8, op, r, true, 0); }
void x64_shift_r32_cl(X64Buf *b, X64ShiftOp op, X64Reg r) { shift(b, 4, op, r, true, 0); }
void x64_shift_r16_cl(X64Buf *b, X64ShiftOp op, X64Reg r) { shift(b, 2, op, r, true, 0); }
void x64_shift_r8_cl(X64Buf *b, X64ShiftOp op, X64Reg r) { shift(b, 1, op, r, true, 0); }
void x64_shift_r64_imm(X64Buf *b, X64ShiftOp op, X64Reg r, uint8_t n) { shift(b, 8, op, r, false, n); }
void x64_shift_r32_imm(X64Buf *b, X64ShiftOp op, X64Reg r, uint8_t n) { shift(b, 4, op, r, false, n); }
void x64_shift_r16_imm(X64Buf *b, X64ShiftOp op, X64Reg r, uint8_t n) { shift(b, 2, op, r, false, n); }
void x64_shift_r8_imm(X64Buf *b, X64ShiftOp op, X64Reg r, uint8_t n) { shift(b, 1, op, r, false, n); }

/* ---- multiply (two- and three-operand IMUL) and sign extension ---- */

void x64_imul_r64_r64(X64Buf *b, X64Reg dst, X64Reg src) { op_0f_rr(b, 8, 0xAF, dst, src); }
void x64_imul_r32_r32(X64Buf *b, X64Reg dst, X64Reg src) { op_0f_rr(b, 4, 0xAF, dst, src); }

static void imul_rm(X64Buf *b, unsigned size, X64Reg dst, X64Mem m)
{
    X64Insn i = x64i_new(size);
    x64i_op(&i, 0x0F);
    x64i_op(&i, 0xAF);
    x64i_reg_mem(&i, dst, m);
    x64_encode(b, &i);
}

void x64_imul_r64_m64(X64Buf *b, X64Reg dst, X64Mem m) { imul_rm(b, 8, dst, m); }
void x64_imul_r32_m32(X64Buf *b, X64Reg dst, X64Mem m) { imul_rm(b, 4, dst, m); }

/* 6B /r ib (sign-extended imm8) or 69 /r id. */
static void imul_imm(X64Buf *b, unsigned size, X64Reg dst, X64Reg src, int32_t imm)
{
    X64Insn i = x64i_new(size);
    bool short_imm = x64_fits_i8(imm);
    x64i_op(&i, short_imm ? 0x6B : 0x69);
    x64i_reg_rm(&i, dst, src);
    x64i_imm(&i, short_imm ? 1 : 4, (uint32_t)imm);
    x64_encode(b, &i);
}

void x64_imul_r64_r64_imm32(X64Buf *b, X64Reg dst, X64Reg src, int32_t imm) { imul_imm(b, 8, dst, src, imm); }
void x64_imul_r32_r32_imm32(X64Buf *b, X64Reg dst, X64Reg src, int32_t imm) { imul_imm(b, 4, dst, src, imm); }

/* 99 is CDQ (CQO with REX.W); 98 is CWDE (CDQE with REX.W). */
static void no_operands(X64Buf *b, unsigned size, uint8_t op)
{
    X64Insn i = x64i_new(size);
    x64i_op(&i, op);
    x64_encode(b, &i);
}

void x64_cqo(X64Buf *b) { no_operands(b, 8, 0x99); }
void x64_cdq(X64Buf *b) { no_operands(b, 4, 0x99); }
void x64_cdqe(X64Buf *b) { no_operands(b, 8, 0x98); }
void x64_clc(X64Buf *b) { no_operands(b, 4, 0xF8); }
void x64_stc(X64Buf *b) { no_operands(b, 4, 0xF9); }
void x64_cmc(X64Buf *b) { no_operands(b, 4, 0xF5); }
void x64_lahf(X64Buf *b) { no_operands(b, 4, 0x9F); }
void x64_sahf(X64Buf *b) { no_operands(b, 4, 0x9E); }

/* ---- setcc (0F 90+cc /0, byte r/m), cmovcc (0F 40+cc /r) ---- */

static uint8_t cc_bits(X64Cond cc)
{
    assert((unsigned)cc < 16);
    return (uint8_t)cc;
}

void x64_setcc_r8(X64Buf *b, X64Cond cc, X64Reg dst)
{
    X64Insn i = x64i_new(4);
    x64i_op(&i, 0x0F);
    x64i_op(&i, (uint8_t)(0x90 + cc_bits(cc)));
    x64i_reg_rm(&i, 0, dst);
    x64i_byte_reg(&i, dst);
    x64_encode(b, &i);
}

void x64_setcc_m8(X64Buf *b, X64Cond cc, X64Mem m)
{
    X64Insn i = x64i_new(4);
    x64i_op(&i, 0x0F);
    x64i_op(&i, (uint8_t)(0x90 + cc_bits(cc)));
    x64i_reg_mem(&i, 0, m);
    x64_encode(b, &i);
}

void x64_cmov_r64_r64(X64Buf *b, X64Cond cc, X64Reg dst, X64Reg src)
{
    op_0f_rr(b, 8, (uint8_t)(0x40 + cc_bits(cc)), dst, src);
}

void x64_cmov_r32_r32(X64Buf *b, X64Cond cc, X64Reg dst, X64Reg src)
{
    op_0f_rr(b, 4, (uint8_t)(0x40 + cc_bits(cc)), dst, src);
}

static void cmov_rm(X64Buf *b, unsigned size, X64Cond cc, X64Reg dst, X64Mem m)
{
    X64Insn i = x64i_new(size);
    x64i_op(&i, 0x0F);
    x64i_op(&i, (uint8_t)(0x40 + cc_bits(cc)));
    x64i_reg_mem(&i, dst, m);
    x64_encode(b, &i);
}

void x64_cmov_r64_m64(X64Buf *b, X64Cond cc, X64Reg dst, X64Mem m) { cmov_rm(b, 8, cc, dst, m); }
void x64_cmov_r32_m32(X64Buf *b, X64Cond cc, X64Reg dst, X64Mem m) { cmov_rm(b, 4, cc, dst, m); }

/* ---- bit test family ----
 * Register bit number: 0F A3 (BT), AB (BTS), B3 (BTR), BB (BTC), i.e.
 * 0xA3 + 8 * (digit - 4); immediate bit number: 0F BA /digit ib. */

static void bitop_rr(X64Buf *b, unsigned size, X64BitOp op, X64Reg r, X64Reg bit)
{
    assert(op >= X64_BIT_BT && op <= X64_BIT_BTC);
    op_0f_rr(b, size, (uint8_t)(0xA3 + 8 * (op - 4)), bit, r);
}

static void bitop_ri(X64Buf *b, unsigned size, X64BitOp op, X64Reg r, uint8_t bit)
{
    assert(op >= X64_BIT_BT && op <= X64_BIT_BTC);
    assert(bit < size * 8);
    X64Insn i = x64i_new(size);
    x64i_op(&i, 0x0F);
    x64i_op(&i, 0xBA);
    x64i_reg_rm(&i, op, r);
    x64i_imm(&i, 1, bit);
    x64_encode(b, &i);
}

void x64_bitop_r64_r64(X64Buf *b, X64BitOp op, X64Reg r, X64Reg bit) { bitop_rr(b, 8, op, r, bit); }
void x64_bitop_r32_r32(X64Buf *b, X64BitOp op, X64Reg r, X64Reg bit) { bitop_rr(b, 4, op, r, bit); }
void x64_bitop_r64_imm8(X64Buf *b, X64BitOp op, X64Reg r, uint8_t bit) { bitop_ri(b, 8, op, r, bit); }
void x64_bitop_r32_imm8(X64Buf *b, X64BitOp op, X64Reg r, uint8_t bit) { bitop_ri(b, 4, op, r, bit); }

/* 0F C8+rd. */
static void bswap(X64Buf *b, unsigned size, X64Reg r)
{
    X64Insn i = x64i_new(size);
    x64i_op(&i, 0x0F);
    x64i_op(&i, 0xC8);
    x64i_opreg(&i, r);
    x64_encode(b, &i);
}

void x64_bswap_r64(X64Buf *b, X64Reg r) { bswap(b, 8, r); }
void x64_bswap_r32(X64Buf *b, X64Reg r) { bswap(b, 4, r); }

/* BSF 0F BC, BSR 0F BD; with a mandatory F3 they are TZCNT, LZCNT (and
 * F3 0F B8 is POPCNT). The F3 goes before REX like any legacy prefix. */
static void bitscan(X64Buf *b, unsigned size, bool f3, uint8_t op, X64Reg dst, X64Reg src)
{
    X64Insn i = x64i_new(size);
    if (f3)
        x64i_prefix(&i, 0xF3);
    x64i_op(&i, 0x0F);
    x64i_op(&i, op);
    x64i_reg_rm(&i, dst, src);
    x64_encode(b, &i);
}

void x64_bsf_r64_r64(X64Buf *b, X64Reg dst, X64Reg src) { bitscan(b, 8, false, 0xBC, dst, src); }
void x64_bsf_r32_r32(X64Buf *b, X64Reg dst, X64Reg src) { bitscan(b, 4, false, 0xBC, dst, src); }
void x64_bsr_r64_r64(X64Buf *b, X64Reg dst, X64Reg src) { bitscan(b, 8, false, 0xBD, dst, src); }
void x64_bsr_r32_r32(X64Buf *b, X64Reg dst, X64Reg src) { bitscan(b, 4, false, 0xBD, dst, src); }
void x64_tzcnt_r64_r64(X64Buf *b, X64Reg dst, X64Reg src) { bitscan(b, 8, true, 0xBC, dst, src); }
void x64_tzcnt_r32_r32(X64Buf *b, X64Reg dst, X64Reg src) { bitscan(b, 4, true, 0xBC, dst, src); }
void x64_lzcnt_r64_r64(X64Buf *b, X64Reg dst, X64Reg src) { bitscan(b, 8, true, 0xBD, dst, src); }
void x64_lzcnt_r32_r32(X64Buf *b, X64Reg dst, X64Reg src) { bitscan(b, 4, true, 0xBD, dst, src); }
void x64_popcnt_r64_r64(X64Buf *b, X64Reg dst, X64Reg src) { bitscan(b, 8, true, 0xB8, dst, src); }
void x64_popcnt_r32_r32(X64Buf *b, X64Reg dst, X64Reg src) { bitscan(b, 4, true, 0xB8, dst, src); }
