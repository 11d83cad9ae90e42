/*
 * ferry - unit tests for the integer side of the RISC-V interpreter: RV32I /
 * RV64I, M and A, executed one instruction at a time through rv_step_bits().
 *
 * Every expected value below comes from the RISC-V Unprivileged ISA
 * (20191213): chapter 2 (RV32I), 5 (RV64I), 7 (M), 8 (A). Encodings are built
 * by the small encoder in this file; they were cross-checked against
 * riscv64-linux-gnu-as.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "rv_fixture.h"
#include "tcache.h"

/* ---- encoder -------------------------------------------------------------- */



#define LUI(d, i)        enc_u(i, d, 0x37)
#define AUIPC(d, i)      enc_u(i, d, 0x17)
#define JAL(d, o)        enc_j(o, d)
#define JALR(d, s, o)    enc_i(o, s, 0, d, 0x67)
#define BEQ(a, b, o)     enc_b(o, b, a, 0)
#define BNE(a, b, o)     enc_b(o, b, a, 1)
#define BLT(a, b, o)     enc_b(o, b, a, 4)
#define BGE(a, b, o)     enc_b(o, b, a, 5)
#define BLTU(a, b, o)    enc_b(o, b, a, 6)
#define BGEU(a, b, o)    enc_b(o, b, a, 7)
#define LB(d, o, s)      enc_i(o, s, 0, d, 0x03)
#define LH(d, o, s)      enc_i(o, s, 1, d, 0x03)
#define LW(d, o, s)      enc_i(o, s, 2, d, 0x03)
#define LD(d, o, s)      enc_i(o, s, 3, d, 0x03)
#define LBU(d, o, s)     enc_i(o, s, 4, d, 0x03)
#define LHU(d, o, s)     enc_i(o, s, 5, d, 0x03)
#define LWU(d, o, s)     enc_i(o, s, 6, d, 0x03)
#define SB(v, o, s)      enc_s(o, v, s, 0, 0x23)
#define SH(v, o, s)      enc_s(o, v, s, 1, 0x23)
#define SW(v, o, s)      enc_s(o, v, s, 2, 0x23)
#define SD(v, o, s)      enc_s(o, v, s, 3, 0x23)
#define ADDI(d, s, i)    enc_i(i, s, 0, d, 0x13)
#define SLTI(d, s, i)    enc_i(i, s, 2, d, 0x13)
#define SLTIU(d, s, i)   enc_i(i, s, 3, d, 0x13)
#define XORI(d, s, i)    enc_i(i, s, 4, d, 0x13)
#define ORI(d, s, i)     enc_i(i, s, 6, d, 0x13)
#define ANDI(d, s, i)    enc_i(i, s, 7, d, 0x13)
#define SLLI(d, s, sh)   enc_i(sh, s, 1, d, 0x13)
#define SRLI(d, s, sh)   enc_i(sh, s, 5, d, 0x13)
#define SRAI(d, s, sh)   enc_i(0x400 | (sh), s, 5, d, 0x13)
#define ADD(d, a, b)     enc_r(0x00, b, a, 0, d, 0x33)
#define SUB(d, a, b)     enc_r(0x20, b, a, 0, d, 0x33)
#define SLL(d, a, b)     enc_r(0x00, b, a, 1, d, 0x33)
#define SLT(d, a, b)     enc_r(0x00, b, a, 2, d, 0x33)
#define SLTU(d, a, b)    enc_r(0x00, b, a, 3, d, 0x33)
#define XOR(d, a, b)     enc_r(0x00, b, a, 4, d, 0x33)
#define SRL(d, a, b)     enc_r(0x00, b, a, 5, d, 0x33)
#define SRA(d, a, b)     enc_r(0x20, b, a, 5, d, 0x33)
#define OR(d, a, b)      enc_r(0x00, b, a, 6, d, 0x33)
#define AND(d, a, b)     enc_r(0x00, b, a, 7, d, 0x33)
#define ADDIW(d, s, i)   enc_i(i, s, 0, d, 0x1b)
#define SLLIW(d, s, sh)  enc_i(sh, s, 1, d, 0x1b)
#define SRLIW(d, s, sh)  enc_i(sh, s, 5, d, 0x1b)
#define SRAIW(d, s, sh)  enc_i(0x400 | (sh), s, 5, d, 0x1b)
#define ADDW(d, a, b)    enc_r(0x00, b, a, 0, d, 0x3b)
#define SUBW(d, a, b)    enc_r(0x20, b, a, 0, d, 0x3b)
#define SLLW(d, a, b)    enc_r(0x00, b, a, 1, d, 0x3b)
#define SRLW(d, a, b)    enc_r(0x00, b, a, 5, d, 0x3b)
#define SRAW(d, a, b)    enc_r(0x20, b, a, 5, d, 0x3b)
#define MUL(d, a, b)     enc_r(0x01, b, a, 0, d, 0x33)
#define MULH(d, a, b)    enc_r(0x01, b, a, 1, d, 0x33)
#define MULHSU(d, a, b)  enc_r(0x01, b, a, 2, d, 0x33)
#define MULHU(d, a, b)   enc_r(0x01, b, a, 3, d, 0x33)
#define DIV(d, a, b)     enc_r(0x01, b, a, 4, d, 0x33)
#define DIVU(d, a, b)    enc_r(0x01, b, a, 5, d, 0x33)
#define REM(d, a, b)     enc_r(0x01, b, a, 6, d, 0x33)
#define REMU(d, a, b)    enc_r(0x01, b, a, 7, d, 0x33)
#define MULW(d, a, b)    enc_r(0x01, b, a, 0, d, 0x3b)
#define DIVW(d, a, b)    enc_r(0x01, b, a, 4, d, 0x3b)
#define DIVUW(d, a, b)   enc_r(0x01, b, a, 5, d, 0x3b)
#define REMW(d, a, b)    enc_r(0x01, b, a, 6, d, 0x3b)
#define REMUW(d, a, b)   enc_r(0x01, b, a, 7, d, 0x3b)
/* A: funct5, aq, rl; width 2 = .w, 3 = .d */
#define AMO(f5, w, d, v, s)  enc_r((uint32_t)(f5) << 2, v, s, w, d, 0x2f)
#define LR_W(d, s)       AMO(0x02, 2, d, 0, s)
#define SC_W(d, v, s)    AMO(0x03, 2, d, v, s)
#define LR_D(d, s)       AMO(0x02, 3, d, 0, s)
#define SC_D(d, v, s)    AMO(0x03, 3, d, v, s)
enum { F5_ADD = 0x00, F5_SWAP = 0x01, F5_XOR = 0x04, F5_OR = 0x08, F5_AND = 0x0c,
       F5_MIN = 0x10, F5_MAX = 0x14, F5_MINU = 0x18, F5_MAXU = 0x1c };
#define ECALL            0x00000073u
#define EBREAK           0x00100073u
/* D: fadd.d rd, rs1, rs2, rm */
#define FADD_D(d, a, b, rm) enc_r(0x01, b, a, rm, d, 0x53)
#define FCVT_L_D(d, s)   enc_r(0x61, 2, s, 1, d, 0x53)
#define FMV_X_D(d, s)    enc_r(0x71, 0, s, 0, d, 0x53)

/* ---- fixture -------------------------------------------------------------- */

#define DATA 0x8000u

static void reset(unsigned xlen) { fixture_reset(xlen); }

static int setup64(void **state) { (void)state; reset(64); return 0; }
static int setup32(void **state) { (void)state; reset(32); return 0; }

static uint64_t xmask(void) { return cpu.xlen == 32 ? 0xffffffffull : ~0ull; }

/* Execute one non-control-transfer instruction: no exit, pc + 4. */
static void exec(uint32_t insn)
{
    uint64_t pc = cpu.pc;
    assert_int_equal(rv_step_bits(&cpu, insn), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, (pc + 4) & xmask());
    assert_int_equal(cpu.x[0], 0);
}

/* insn uses rd = a0, rs1 = a1, rs2 = a2 */
static uint64_t rr(uint32_t insn, uint64_t a, uint64_t b)
{
    cpu.x[A0] = 0x5a5a5a5a & xmask();
    cpu.x[A1] = a;
    cpu.x[A2] = b;
    exec(insn);
    assert_int_equal(cpu.x[A1], a);
    assert_int_equal(cpu.x[A2], b);
    return cpu.x[A0];
}

/* insn uses rd = a0, rs1 = a1 */
static uint64_t ri(uint32_t insn, uint64_t a)
{
    cpu.x[A0] = 0x5a5a5a5a & xmask();
    cpu.x[A1] = a;
    exec(insn);
    return cpu.x[A0];
}

static void put32(uint64_t addr, uint32_t v) { memcpy(mem + addr, &v, 4); }
static void put64(uint64_t addr, uint64_t v) { memcpy(mem + addr, &v, 8); }
static uint32_t get32(uint64_t addr) { uint32_t v; memcpy(&v, mem + addr, 4); return v; }
static uint64_t get64(uint64_t addr) { uint64_t v; memcpy(&v, mem + addr, 8); return v; }

#define I64_MIN 0x8000000000000000ull
#define I64_MAX 0x7fffffffffffffffull
#define U64_MAX 0xffffffffffffffffull
#define NEG(v) ((uint64_t)-(int64_t)(v)) /* two's complement, 64-bit */

/* ========================================================================== */
/* RV64I                                                                      */
/* ========================================================================== */

static void test_rv64_addi_sign_extends_immediate(void **state)
{
    (void)state;
    assert_int_equal(ri(ADDI(A0, A1, -1), 10), 9);
    assert_int_equal(ri(ADDI(A0, A1, -2048), 10), NEG(2038));
    assert_int_equal(ri(ADDI(A0, A1, 2047), 10), 2057);
    assert_int_equal(ri(ADDI(A0, A1, 1), U64_MAX), 0);
    assert_int_equal(ri(ADDI(A0, ZERO, -1), 1234), U64_MAX);
}

static void test_rv64_write_to_x0_is_discarded(void **state)
{
    (void)state;
    cpu.x[A1] = 77;
    exec(ADDI(ZERO, A1, 5));
    assert_int_equal(cpu.x[0], 0);
    exec(LUI(ZERO, 0x12345));
    exec(ADD(ZERO, A1, A1));
    assert_int_equal(rr(ADD(A0, ZERO, ZERO), 1, 2), 0);
    assert_int_equal(rr(ADD(A0, ZERO, A2), 1, 2), 2);
}

static void test_rv64_slti_sltiu(void **state)
{
    (void)state;
    assert_int_equal(ri(SLTI(A0, A1, 0), U64_MAX), 1);
    assert_int_equal(ri(SLTI(A0, A1, -1), 0), 0);
    assert_int_equal(ri(SLTI(A0, A1, 5), 5), 0);
    assert_int_equal(ri(SLTI(A0, A1, -2048), I64_MIN), 1);
    assert_int_equal(ri(SLTI(A0, A1, -2048), NEG(2048)), 0);
    /* sltiu compares against the sign-extended immediate as unsigned */
    assert_int_equal(ri(SLTIU(A0, A1, -1), 5), 1);
    assert_int_equal(ri(SLTIU(A0, A1, -1), U64_MAX), 0);
    assert_int_equal(ri(SLTIU(A0, A1, -1), U64_MAX - 1), 1);
    assert_int_equal(ri(SLTIU(A0, A1, 1), 0), 1); /* seqz */
    assert_int_equal(ri(SLTIU(A0, A1, 1), 1), 0);
    assert_int_equal(ri(SLTIU(A0, A1, 1), I64_MIN), 0);
}

static void test_rv64_logic_immediates(void **state)
{
    (void)state;
    assert_int_equal(ri(XORI(A0, A1, -1), 0x0f0f), 0xfffffffffffff0f0ull);
    assert_int_equal(ri(XORI(A0, A1, 0x0f), 0x55), 0x5a);
    assert_int_equal(ri(ORI(A0, A1, -2048), 0x1000000000000001ull), 0xfffffffffffff801ull);
    assert_int_equal(ri(ORI(A0, A1, 0x7ff), 0x1000000000000000ull), 0x10000000000007ffull);
    assert_int_equal(ri(ANDI(A0, A1, -16), 0x123456789abcdeffull), 0x123456789abcdef0ull);
    assert_int_equal(ri(ANDI(A0, A1, 0x7ff), 0x123456789abcdeffull), 0x6ff);
}

static void test_rv64_add_sub_wrap(void **state)
{
    (void)state;
    assert_int_equal(rr(ADD(A0, A1, A2), I64_MAX, 1), I64_MIN);
    assert_int_equal(rr(ADD(A0, A1, A2), U64_MAX, U64_MAX), U64_MAX - 1);
    assert_int_equal(rr(SUB(A0, A1, A2), 0, 1), U64_MAX);
    assert_int_equal(rr(SUB(A0, A1, A2), I64_MIN, 1), I64_MAX);
    assert_int_equal(rr(SUB(A0, A1, A2), 5, 7), NEG(2));
}

static void test_rv64_slt_sltu_edges(void **state)
{
    (void)state;
    assert_int_equal(rr(SLT(A0, A1, A2), U64_MAX, 0), 1);
    assert_int_equal(rr(SLTU(A0, A1, A2), U64_MAX, 0), 0);
    assert_int_equal(rr(SLT(A0, A1, A2), I64_MIN, I64_MAX), 1);
    assert_int_equal(rr(SLTU(A0, A1, A2), I64_MIN, I64_MAX), 0);
    assert_int_equal(rr(SLT(A0, A1, A2), I64_MAX, I64_MIN), 0);
    assert_int_equal(rr(SLTU(A0, A1, A2), I64_MAX, I64_MIN), 1);
    assert_int_equal(rr(SLT(A0, A1, A2), 5, 5), 0);
    assert_int_equal(rr(SLTU(A0, A1, A2), 5, 5), 0);
    /* snez: sltu rd, x0, rs */
    assert_int_equal(rr(SLTU(A0, ZERO, A2), 0, 7), 1);
    assert_int_equal(rr(SLTU(A0, ZERO, A2), 0, 0), 0);
}

static void test_rv64_logic_registers(void **state)
{
    (void)state;
    uint64_t a = 0xff00ff00f0f0f0f0ull, b = 0x0ff00ff0ffff0000ull;
    assert_int_equal(rr(XOR(A0, A1, A2), a, b), a ^ b);
    assert_int_equal(rr(OR(A0, A1, A2), a, b), a | b);
    assert_int_equal(rr(AND(A0, A1, A2), a, b), a & b);
}

static void test_rv64_register_shifts_use_low_6_bits(void **state)
{
    (void)state;
    uint64_t v = 0x8000000000000001ull;
    assert_int_equal(rr(SLL(A0, A1, A2), v, 0), v);
    assert_int_equal(rr(SLL(A0, A1, A2), v, 63), I64_MIN);
    assert_int_equal(rr(SLL(A0, A1, A2), 1, 64), 1);
    assert_int_equal(rr(SLL(A0, A1, A2), 1, 65), 2);
    assert_int_equal(rr(SLL(A0, A1, A2), 1, U64_MAX), I64_MIN);
    assert_int_equal(rr(SRL(A0, A1, A2), v, 0), v);
    assert_int_equal(rr(SRL(A0, A1, A2), v, 63), 1);
    assert_int_equal(rr(SRL(A0, A1, A2), v, 64), v);
    assert_int_equal(rr(SRL(A0, A1, A2), v, 65), 0x4000000000000000ull);
    assert_int_equal(rr(SRA(A0, A1, A2), v, 0), v);
    assert_int_equal(rr(SRA(A0, A1, A2), v, 63), U64_MAX);
    assert_int_equal(rr(SRA(A0, A1, A2), v, 64), v);
    assert_int_equal(rr(SRA(A0, A1, A2), v, 65), 0xc000000000000000ull);
    assert_int_equal(rr(SRA(A0, A1, A2), 0x4000000000000000ull, 62), 1);
}

static void test_rv64_immediate_shifts(void **state)
{
    (void)state;
    uint64_t v = 0x8000000000000001ull;
    assert_int_equal(ri(SLLI(A0, A1, 0), v), v);
    assert_int_equal(ri(SLLI(A0, A1, 63), 1), I64_MIN);
    assert_int_equal(ri(SLLI(A0, A1, 32), 1), 0x100000000ull); /* shamt[5] is valid on RV64 */
    assert_int_equal(ri(SRLI(A0, A1, 0), v), v);
    assert_int_equal(ri(SRLI(A0, A1, 63), v), 1);
    assert_int_equal(ri(SRLI(A0, A1, 32), v), 0x80000000ull);
    assert_int_equal(ri(SRAI(A0, A1, 0), v), v);
    assert_int_equal(ri(SRAI(A0, A1, 63), v), U64_MAX);
    assert_int_equal(ri(SRAI(A0, A1, 32), v), 0xffffffff80000000ull);
    assert_int_equal(ri(SRAI(A0, A1, 63), I64_MAX), 0);
}

static void test_rv64_addw_subw_wrap_and_sign_extend(void **state)
{
    (void)state;
    assert_int_equal(rr(ADDW(A0, A1, A2), 0x7fffffff, 1), 0xffffffff80000000ull);
    assert_int_equal(rr(ADDW(A0, A1, A2), 0xffffffff, 1), 0);
    assert_int_equal(rr(ADDW(A0, A1, A2), 0x100000001ull, 0), 1);
    assert_int_equal(rr(ADDW(A0, A1, A2), 0x123456789ull, 0xff00000000000000ull), 0x23456789);
    assert_int_equal(rr(SUBW(A0, A1, A2), 0x80000000, 1), 0x7fffffff);
    assert_int_equal(rr(SUBW(A0, A1, A2), 0, 1), U64_MAX);
    assert_int_equal(rr(SUBW(A0, A1, A2), 0x7fffffff, U64_MAX), 0xffffffff80000000ull);
}

static void test_rv64_w_register_shifts(void **state)
{
    (void)state;
    assert_int_equal(rr(SLLW(A0, A1, A2), 1, 31), 0xffffffff80000000ull);
    assert_int_equal(rr(SLLW(A0, A1, A2), 1, 32), 1); /* only 5 bits of rs2 */
    assert_int_equal(rr(SLLW(A0, A1, A2), 0x100000001ull, 1), 2);
    assert_int_equal(rr(SRLW(A0, A1, A2), 0xffffffff80000000ull, 4), 0x08000000);
    assert_int_equal(rr(SRLW(A0, A1, A2), 0x80000000, 0), 0xffffffff80000000ull);
    assert_int_equal(rr(SRLW(A0, A1, A2), 0xfffffff0, 33), 0x7ffffff8);
    assert_int_equal(rr(SRLW(A0, A1, A2), 0xffffffff00000000ull, 1), 0);
    assert_int_equal(rr(SRAW(A0, A1, A2), 0xffffffff80000000ull, 4), 0xfffffffff8000000ull);
    assert_int_equal(rr(SRAW(A0, A1, A2), 0x80000000, 31), U64_MAX);
    assert_int_equal(rr(SRAW(A0, A1, A2), 0x7fffffff, 32), 0x7fffffff);
    assert_int_equal(rr(SRAW(A0, A1, A2), 0x00000000fffffff0ull, 2), 0xfffffffffffffffcull);
}

static void test_rv64_w_immediate_ops(void **state)
{
    (void)state;
    assert_int_equal(ri(ADDIW(A0, A1, -1), 0), U64_MAX);
    assert_int_equal(ri(ADDIW(A0, A1, -1), 0x80000000), 0x7fffffff);
    assert_int_equal(ri(ADDIW(A0, A1, 1), 0x7fffffff), 0xffffffff80000000ull);
    assert_int_equal(ri(ADDIW(A0, A1, 0), 0xffffffff00000005ull), 5); /* sext.w */
    assert_int_equal(ri(ADDIW(A0, A1, -2048), 0x100000000ull), 0xfffffffffffff800ull);
    assert_int_equal(ri(SLLIW(A0, A1, 31), 1), 0xffffffff80000000ull);
    assert_int_equal(ri(SLLIW(A0, A1, 4), 0x100000003ull), 0x30);
    assert_int_equal(ri(SLLIW(A0, A1, 0), 0x80000000), 0xffffffff80000000ull);
    assert_int_equal(ri(SRLIW(A0, A1, 0), 0x80000000), 0xffffffff80000000ull);
    assert_int_equal(ri(SRLIW(A0, A1, 31), 0xffffffff80000000ull), 1);
    assert_int_equal(ri(SRLIW(A0, A1, 1), 0xffffffff80000000ull), 0x40000000);
    assert_int_equal(ri(SRAIW(A0, A1, 31), 0x80000000), U64_MAX);
    assert_int_equal(ri(SRAIW(A0, A1, 0), 0x17fffffffull), 0x7fffffff);
    assert_int_equal(ri(SRAIW(A0, A1, 4), 0x80000000), 0xfffffffff8000000ull);
}

static void test_rv64_w_shift_with_shamt5_is_illegal(void **state)
{
    (void)state;
    uint32_t bad[] = { SLLIW(A0, A1, 32), SRLIW(A0, A1, 33), SRAIW(A0, A1, 63) };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cpu.pc = PC0;
        assert_int_equal(rv_step_bits(&cpu, bad[i]), RV_EXIT_ILLEGAL);
        assert_int_equal(cpu.tval, bad[i]);
        assert_int_equal(cpu.pc, PC0);
    }
}

static void test_rv64_lui(void **state)
{
    (void)state;
    exec(LUI(A0, 0x12345));
    assert_int_equal(cpu.x[A0], 0x12345000);
    exec(LUI(A0, 0x80000));
    assert_int_equal(cpu.x[A0], 0xffffffff80000000ull);
    exec(LUI(A0, 0xfffff));
    assert_int_equal(cpu.x[A0], 0xfffffffffffff000ull);
    exec(LUI(A0, 0));
    assert_int_equal(cpu.x[A0], 0);
}

static void test_rv64_auipc(void **state)
{
    (void)state;
    cpu.pc = 0x1000;
    exec(AUIPC(A0, 0));
    assert_int_equal(cpu.x[A0], 0x1000);
    cpu.pc = 0x1000;
    exec(AUIPC(A0, 1));
    assert_int_equal(cpu.x[A0], 0x2000);
    cpu.pc = 0x1000;
    exec(AUIPC(A0, 0xfffff));
    assert_int_equal(cpu.x[A0], 0);
    cpu.pc = 0x1000;
    exec(AUIPC(A0, 0x80000));
    assert_int_equal(cpu.x[A0], 0xffffffff80001000ull);
    cpu.pc = 0x2004;
    exec(AUIPC(A1, 0x12345));
    assert_int_equal(cpu.x[A1], 0x12347004);
}

static void test_rv64_jal_link_and_target(void **state)
{
    (void)state;
    cpu.pc = 0x1000;
    assert_int_equal(rv_step_bits(&cpu, JAL(RA, 0x100)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0x1100);
    assert_int_equal(cpu.x[RA], 0x1004);

    cpu.pc = 0x1000;
    assert_int_equal(rv_step_bits(&cpu, JAL(T0, -0x1000)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0);
    assert_int_equal(cpu.x[T0], 0x1004);

    cpu.pc = 0x1000;
    assert_int_equal(rv_step_bits(&cpu, JAL(RA, 0xffffe)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0x100ffe);

    cpu.pc = 0x200000;
    assert_int_equal(rv_step_bits(&cpu, JAL(RA, -0x100000)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0x100000);
    assert_int_equal(cpu.x[RA], 0x200004);

    cpu.pc = 0x1000;
    assert_int_equal(rv_step_bits(&cpu, JAL(ZERO, 8)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0x1008);
    assert_int_equal(cpu.x[0], 0);
}

static void test_rv64_jalr_clears_bit0_and_links(void **state)
{
    (void)state;
    cpu.pc = 0x1000;
    cpu.x[A1] = 0x2001;
    assert_int_equal(rv_step_bits(&cpu, JALR(RA, A1, 0)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0x2000);
    assert_int_equal(cpu.x[RA], 0x1004);

    cpu.pc = 0x1000;
    cpu.x[A1] = 0x2000;
    assert_int_equal(rv_step_bits(&cpu, JALR(RA, A1, -1)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0x1ffe);

    cpu.pc = 0x1000;
    assert_int_equal(rv_step_bits(&cpu, JALR(RA, A1, 2047)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0x27fe);

    cpu.pc = 0x1000;
    cpu.x[RA] = 0x4444;
    assert_int_equal(rv_step_bits(&cpu, JALR(ZERO, RA, 0)), RV_EXIT_NONE); /* ret */
    assert_int_equal(cpu.pc, 0x4444);
    assert_int_equal(cpu.x[0], 0);
}

static void test_rv64_jalr_rd_equals_rs1(void **state)
{
    (void)state;
    cpu.pc = 0x1000;
    cpu.x[A0] = 0x3000;
    assert_int_equal(rv_step_bits(&cpu, JALR(A0, A0, 4)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0x3004); /* target uses the old a0 */
    assert_int_equal(cpu.x[A0], 0x1004);
}

/* Returns 1 when the branch at PC0 with offset +0x40 was taken, 0 otherwise. */
static int branch(uint32_t (*mk)(int), uint64_t a, uint64_t b)
{
    cpu.pc = PC0;
    cpu.x[A1] = a;
    cpu.x[A2] = b;
    assert_int_equal(rv_step_bits(&cpu, mk(0x40)), RV_EXIT_NONE);
    if (cpu.pc == PC0 + 0x40)
        return 1;
    assert_int_equal(cpu.pc, PC0 + 4);
    return 0;
}
static uint32_t mk_beq(int o) { return BEQ(A1, A2, o); }
static uint32_t mk_bne(int o) { return BNE(A1, A2, o); }
static uint32_t mk_blt(int o) { return BLT(A1, A2, o); }
static uint32_t mk_bge(int o) { return BGE(A1, A2, o); }
static uint32_t mk_bltu(int o) { return BLTU(A1, A2, o); }
static uint32_t mk_bgeu(int o) { return BGEU(A1, A2, o); }

static void test_rv64_branches_taken_and_not(void **state)
{
    (void)state;
    assert_int_equal(branch(mk_beq, 5, 5), 1);
    assert_int_equal(branch(mk_beq, 5, 6), 0);
    assert_int_equal(branch(mk_beq, 5, 5 | (1ull << 32)), 0);
    assert_int_equal(branch(mk_bne, 5, 6), 1);
    assert_int_equal(branch(mk_bne, 5, 5), 0);
    assert_int_equal(branch(mk_blt, U64_MAX, 1), 1);
    assert_int_equal(branch(mk_blt, 1, U64_MAX), 0);
    assert_int_equal(branch(mk_blt, 5, 5), 0);
    assert_int_equal(branch(mk_blt, I64_MIN, I64_MAX), 1);
    assert_int_equal(branch(mk_bge, 5, 5), 1);
    assert_int_equal(branch(mk_bge, U64_MAX, 1), 0);
    assert_int_equal(branch(mk_bge, 1, U64_MAX), 1);
    assert_int_equal(branch(mk_bltu, U64_MAX, 1), 0);
    assert_int_equal(branch(mk_bltu, 1, U64_MAX), 1);
    assert_int_equal(branch(mk_bltu, 5, 5), 0);
    assert_int_equal(branch(mk_bltu, I64_MIN, I64_MAX), 0);
    assert_int_equal(branch(mk_bgeu, U64_MAX, 1), 1);
    assert_int_equal(branch(mk_bgeu, 1, U64_MAX), 0);
    assert_int_equal(branch(mk_bgeu, 5, 5), 1);
}

static void test_rv64_branch_backward_targets(void **state)
{
    (void)state;
    cpu.pc = 0x1000;
    assert_int_equal(rv_step_bits(&cpu, BEQ(ZERO, ZERO, -16)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0xff0);
    cpu.pc = 0x2000;
    assert_int_equal(rv_step_bits(&cpu, BEQ(ZERO, ZERO, -4096)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0x1000);
    cpu.pc = 0x2000;
    assert_int_equal(rv_step_bits(&cpu, BEQ(ZERO, ZERO, 4094)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0x2ffe);
}

static const uint8_t pattern[16] = {
    0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88,
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
};

static void test_rv64_loads_sign_and_zero_extend(void **state)
{
    (void)state;
    memcpy(mem + DATA, pattern, sizeof pattern);
    assert_int_equal(ri(LB(A0, 0, A1), DATA), 0xffffffffffffff81ull);
    assert_int_equal(ri(LBU(A0, 0, A1), DATA), 0x81);
    assert_int_equal(ri(LH(A0, 0, A1), DATA), 0xffffffffffff8281ull);
    assert_int_equal(ri(LHU(A0, 0, A1), DATA), 0x8281);
    assert_int_equal(ri(LW(A0, 0, A1), DATA), 0xffffffff84838281ull);
    assert_int_equal(ri(LWU(A0, 0, A1), DATA), 0x84838281);
    assert_int_equal(ri(LD(A0, 0, A1), DATA), 0x8887868584838281ull);
    assert_int_equal(ri(LB(A0, 8, A1), DATA), 0x01);
    assert_int_equal(ri(LH(A0, 8, A1), DATA), 0x0201);
    assert_int_equal(ri(LW(A0, 8, A1), DATA), 0x04030201);
    assert_int_equal(ri(LD(A0, 8, A1), DATA), 0x0807060504030201ull);
    /* negative offsets */
    assert_int_equal(ri(LD(A0, -16, A1), DATA + 16), 0x8887868584838281ull);
    assert_int_equal(ri(LBU(A0, -1, A1), DATA + 8), 0x88);
    assert_int_equal(ri(LW(A0, 2047, A1), DATA - 2047 + 8), 0x04030201);
}

static void test_rv64_stores_every_width_little_endian(void **state)
{
    (void)state;
    memset(mem + DATA, 0xee, 32);
    cpu.x[A1] = DATA;
    cpu.x[A2] = 0x1122334455667788ull;
    exec(SB(A2, 0, A1));
    exec(SH(A2, 2, A1));
    exec(SW(A2, 4, A1));
    exec(SD(A2, 8, A1));
    static const uint8_t want[24] = {
        0x88, 0xee, 0x88, 0x77, 0x88, 0x77, 0x66, 0x55,
        0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
        0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
    };
    assert_memory_equal(mem + DATA, want, sizeof want);
    /* negative offset store */
    cpu.x[A1] = DATA + 24;
    exec(SH(A2, -8, A1));
    assert_int_equal(mem[DATA + 16], 0x88);
    assert_int_equal(mem[DATA + 17], 0x77);
    assert_int_equal(mem[DATA + 18], 0xee);
    assert_int_equal(mem[DATA + 15], 0x11);
}

static void test_rv64_misaligned_load_store_allowed(void **state)
{
    (void)state;
    memset(mem + DATA, 0, 32);
    cpu.x[A1] = DATA + 1;
    cpu.x[A2] = 0xdeadbeef;
    exec(SW(A2, 0, A1));
    assert_int_equal(get32(DATA + 1), 0xdeadbeef);
    assert_int_equal(ri(LW(A0, 0, A1), DATA + 1), 0xffffffffdeadbeefull);
    assert_int_equal(ri(LHU(A0, 1, A1), DATA + 1), 0xadbe);
    cpu.x[A1] = DATA + 11;
    cpu.x[A2] = 0x0102030405060708ull;
    exec(SD(A2, 0, A1));
    assert_int_equal(get64(DATA + 11), 0x0102030405060708ull);
    assert_int_equal(ri(LD(A0, 0, A1), DATA + 11), 0x0102030405060708ull);
    assert_int_equal(ri(LD(A0, 1, A1), DATA + 11), 0x0001020304050607ull);
}

static void test_rv64_load_outside_memory_faults(void **state)
{
    (void)state;
    struct { uint32_t insn; uint64_t base; uint64_t addr; } c[] = {
        { LW(A0, 0, A1), MEM_SIZE - 2, MEM_SIZE - 2 },
        { LB(A0, 0, A1), MEM_SIZE, MEM_SIZE },
        { LD(A0, 0, A1), MEM_SIZE - 7, MEM_SIZE - 7 },
        { LD(A0, -8, A1), 0, 0xfffffffffffffff8ull },
        { LBU(A0, 0, A1), U64_MAX, U64_MAX },
        { LHU(A0, 16, A1), 1ull << 48, (1ull << 48) + 16 },
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        cpu.pc = PC0;
        cpu.x[A0] = 0x1234;
        cpu.x[A1] = c[i].base;
        assert_int_equal(rv_step_bits(&cpu, c[i].insn), RV_EXIT_LOAD_FAULT);
        assert_int_equal(cpu.tval, c[i].addr);
        assert_int_equal(cpu.pc, PC0);
        assert_int_equal(cpu.x[A0], 0x1234);
    }
    /* the last bytes of memory are fine */
    put64(MEM_SIZE - 8, 0x1122334455667788ull);
    assert_int_equal(ri(LD(A0, 0, A1), MEM_SIZE - 8), 0x1122334455667788ull);
    assert_int_equal(ri(LBU(A0, 0, A1), MEM_SIZE - 1), 0x11);
}

static void test_rv64_store_outside_memory_faults(void **state)
{
    (void)state;
    memset(mem + MEM_SIZE - 8, 0xee, 8);
    struct { uint32_t insn; uint64_t base; uint64_t addr; } c[] = {
        { SD(A2, 0, A1), MEM_SIZE - 4, MEM_SIZE - 4 },
        { SB(A2, 0, A1), MEM_SIZE, MEM_SIZE },
        { SW(A2, -4, A1), 0, 0xfffffffffffffffcull },
        { SH(A2, 0, A1), MEM_SIZE - 1, MEM_SIZE - 1 },
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        cpu.pc = PC0;
        cpu.x[A1] = c[i].base;
        cpu.x[A2] = 0;
        assert_int_equal(rv_step_bits(&cpu, c[i].insn), RV_EXIT_STORE_FAULT);
        assert_int_equal(cpu.tval, c[i].addr);
        assert_int_equal(cpu.pc, PC0);
    }
    assert_int_equal(get64(MEM_SIZE - 8), 0xeeeeeeeeeeeeeeeeull);
    cpu.x[A1] = MEM_SIZE - 1;
    cpu.x[A2] = 0x42;
    exec(SB(A2, 0, A1));
    assert_int_equal(mem[MEM_SIZE - 1], 0x42);
}

/* A store into the page of the instruction being executed invalidates the
 * cached block and must still complete normally, with pc past the store. */
static void test_rv64_store_into_executing_page(void **state)
{
    (void)state;
    memset(mem + PC0, 0, 0x20);
    cpu.x[A1] = PC0 + 8;
    cpu.x[A2] = 0x1122334455667788ull;
    exec(SD(A2, 0, A1));
    assert_int_equal(get64(PC0 + 8), 0x1122334455667788ull);
    exec(SB(A2, 0x10, A1));
    assert_int_equal(mem[PC0 + 0x18], 0x88);
    put32(PC0 + 0x10, 5);
    cpu.x[A1] = PC0 + 0x10;
    exec(AMO(F5_ADD, 2, A0, A2, A1));
    assert_int_equal(cpu.x[A0], 5);
    assert_int_equal(get32(PC0 + 0x10), 0x5566778d);
    exec(LR_W(A0, A1));
    exec(SC_W(A3, A2, A1));
    assert_int_equal(cpu.x[A3], 0);
    assert_int_equal(get32(PC0 + 0x10), 0x55667788);
}

/* rv_step_bits runs on a private cache and leaves cpu.tc as it found it. */
static void test_rv64_step_bits_keeps_cpu_tcache(void **state)
{
    (void)state;
    assert_null(cpu.tc);
    exec(ADDI(A0, ZERO, 1));
    assert_null(cpu.tc);
    struct TCache *tc = tcache_new(MEM_SIZE);
    assert_non_null(tc);
    cpu.tc = tc;
    exec(ADDI(A0, A0, 1));
    cpu.x[A1] = DATA;
    exec(SW(A0, 0, A1));
    assert_ptr_equal(cpu.tc, tc);
    assert_int_equal(cpu.x[A0], 2);
    cpu.tc = NULL;
    tcache_free(tc);
}

/* ---- M, RV64 ---- */

static void test_rv64_mul(void **state)
{
    (void)state;
    assert_int_equal(rr(MUL(A0, A1, A2), NEG(3), 5), NEG(15));
    assert_int_equal(rr(MUL(A0, A1, A2), I64_MIN, U64_MAX), I64_MIN);
    assert_int_equal(rr(MUL(A0, A1, A2), 0x100000000ull, 0x100000000ull), 0);
    assert_int_equal(rr(MUL(A0, A1, A2), U64_MAX, U64_MAX), 1);
    assert_int_equal(rr(MUL(A0, A1, A2), 0x123456789ull, 0x10), 0x1234567890ull);
}

static void test_rv64_mulh_mulhsu_mulhu(void **state)
{
    (void)state;
    assert_int_equal(rr(MULH(A0, A1, A2), U64_MAX, U64_MAX), 0);
    assert_int_equal(rr(MULH(A0, A1, A2), I64_MIN, I64_MIN), 0x4000000000000000ull);
    assert_int_equal(rr(MULH(A0, A1, A2), I64_MAX, I64_MAX), 0x3fffffffffffffffull);
    assert_int_equal(rr(MULH(A0, A1, A2), NEG(2), 3), U64_MAX);
    assert_int_equal(rr(MULH(A0, A1, A2), I64_MIN, 1), U64_MAX);
    assert_int_equal(rr(MULH(A0, A1, A2), I64_MIN, I64_MAX), 0xc000000000000000ull);
    assert_int_equal(rr(MULHU(A0, A1, A2), U64_MAX, U64_MAX), 0xfffffffffffffffeull);
    assert_int_equal(rr(MULHU(A0, A1, A2), I64_MIN, 2), 1);
    assert_int_equal(rr(MULHU(A0, A1, A2), I64_MAX, 2), 0);
    assert_int_equal(rr(MULHU(A0, A1, A2), U64_MAX, 0), 0);
    /* mulhsu: rs1 signed, rs2 unsigned */
    assert_int_equal(rr(MULHSU(A0, A1, A2), U64_MAX, U64_MAX), U64_MAX);
    assert_int_equal(rr(MULHSU(A0, A1, A2), 2, U64_MAX), 1);
    assert_int_equal(rr(MULHSU(A0, A1, A2), I64_MIN, U64_MAX), I64_MIN);
    assert_int_equal(rr(MULHSU(A0, A1, A2), I64_MAX, U64_MAX), 0x7ffffffffffffffeull);
    assert_int_equal(rr(MULHSU(A0, A1, A2), U64_MAX, 1), U64_MAX);
    assert_int_equal(rr(MULHSU(A0, A1, A2), 0, U64_MAX), 0);
}

static void test_rv64_div_rem_round_toward_zero(void **state)
{
    (void)state;
    assert_int_equal(rr(DIV(A0, A1, A2), 7, NEG(2)), NEG(3));
    assert_int_equal(rr(REM(A0, A1, A2), 7, NEG(2)), 1);
    assert_int_equal(rr(DIV(A0, A1, A2), NEG(7), 2), NEG(3));
    assert_int_equal(rr(REM(A0, A1, A2), NEG(7), 2), NEG(1));
    assert_int_equal(rr(DIVU(A0, A1, A2), 7, 2), 3);
    assert_int_equal(rr(REMU(A0, A1, A2), 7, 2), 1);
    assert_int_equal(rr(DIVU(A0, A1, A2), U64_MAX, 2), I64_MAX);
    assert_int_equal(rr(REMU(A0, A1, A2), U64_MAX, 2), 1);
    assert_int_equal(rr(DIV(A0, A1, A2), NEG(6), NEG(3)), 2);
}

static void test_rv64_div_rem_by_zero(void **state)
{
    (void)state;
    assert_int_equal(rr(DIV(A0, A1, A2), 5, 0), U64_MAX);
    assert_int_equal(rr(DIV(A0, A1, A2), NEG(5), 0), U64_MAX);
    assert_int_equal(rr(REM(A0, A1, A2), 5, 0), 5);
    assert_int_equal(rr(REM(A0, A1, A2), NEG(5), 0), NEG(5));
    assert_int_equal(rr(DIVU(A0, A1, A2), 5, 0), U64_MAX);
    assert_int_equal(rr(REMU(A0, A1, A2), 5, 0), 5);
    assert_int_equal(rr(REMU(A0, A1, A2), U64_MAX, 0), U64_MAX);
}

static void test_rv64_div_overflow(void **state)
{
    (void)state;
    assert_int_equal(rr(DIV(A0, A1, A2), I64_MIN, U64_MAX), I64_MIN);
    assert_int_equal(rr(REM(A0, A1, A2), I64_MIN, U64_MAX), 0);
    assert_int_equal(rr(DIVU(A0, A1, A2), I64_MIN, U64_MAX), 0);
    assert_int_equal(rr(REMU(A0, A1, A2), I64_MIN, U64_MAX), I64_MIN);
    assert_int_equal(rr(DIV(A0, A1, A2), 5, U64_MAX), NEG(5));
    assert_int_equal(rr(REM(A0, A1, A2), 5, U64_MAX), 0);
}

static void test_rv64_mulw(void **state)
{
    (void)state;
    assert_int_equal(rr(MULW(A0, A1, A2), 0x7fffffff, 2), 0xfffffffffffffffeull);
    assert_int_equal(rr(MULW(A0, A1, A2), 0x100000003ull, 5), 15);
    assert_int_equal(rr(MULW(A0, A1, A2), 0x10000, 0x10000), 0);
    assert_int_equal(rr(MULW(A0, A1, A2), U64_MAX, U64_MAX), 1);
    assert_int_equal(rr(MULW(A0, A1, A2), 0x8000, 0x10000), 0xffffffff80000000ull);
}

static void test_rv64_divw_remw(void **state)
{
    (void)state;
    assert_int_equal(rr(DIVW(A0, A1, A2), 0xfffffff9, 2), NEG(3)); /* -7 / 2 on the low word */
    assert_int_equal(rr(REMW(A0, A1, A2), 0xfffffff9, 2), U64_MAX);
    assert_int_equal(rr(DIVW(A0, A1, A2), 0x100000006ull, 3), 2);
    assert_int_equal(rr(DIVW(A0, A1, A2), 5, 0), U64_MAX);
    assert_int_equal(rr(DIVW(A0, A1, A2), 5, 0x100000000ull), U64_MAX); /* low word of rs2 is 0 */
    assert_int_equal(rr(REMW(A0, A1, A2), 0x80000001, 0), 0xffffffff80000001ull);
    assert_int_equal(rr(REMW(A0, A1, A2), 0x123456789ull, 0), 0x23456789);
    assert_int_equal(rr(DIVW(A0, A1, A2), 0x80000000, 0xffffffff), 0xffffffff80000000ull);
    assert_int_equal(rr(REMW(A0, A1, A2), 0x80000000, 0xffffffff), 0);
}

static void test_rv64_divuw_remuw(void **state)
{
    (void)state;
    assert_int_equal(rr(DIVUW(A0, A1, A2), 0x80000000, 1), 0xffffffff80000000ull);
    assert_int_equal(rr(DIVUW(A0, A1, A2), 5, 0), U64_MAX);
    assert_int_equal(rr(DIVUW(A0, A1, A2), 0xffffffff00000010ull, 0x100000004ull), 4);
    assert_int_equal(rr(DIVUW(A0, A1, A2), 0xffffffff, 1), U64_MAX);
    assert_int_equal(rr(DIVUW(A0, A1, A2), 0xfffffff9, 2), 0x7ffffffc);
    assert_int_equal(rr(REMUW(A0, A1, A2), 0x80000000, 0), 0xffffffff80000000ull);
    assert_int_equal(rr(REMUW(A0, A1, A2), 7, 0), 7);
    assert_int_equal(rr(REMUW(A0, A1, A2), 0xfffffffe, 0xffffffff), 0xfffffffffffffffeull);
    assert_int_equal(rr(REMUW(A0, A1, A2), 0x500000007ull, 0x300000004ull), 3);
}

/* ---- A, RV64 ---- */

static void test_rv64_lr_sc_w_success(void **state)
{
    (void)state;
    put32(DATA, 0x80000001);
    cpu.x[A1] = DATA;
    exec(LR_W(A0, A1));
    assert_int_equal(cpu.x[A0], 0xffffffff80000001ull);
    cpu.x[A3] = 0xaaaaaaaa12345678ull;
    cpu.x[A2] = 99;
    exec(SC_W(A2, A3, A1));
    assert_int_equal(cpu.x[A2], 0);
    assert_int_equal(get32(DATA), 0x12345678);
    assert_int_equal(get32(DATA + 4), 0);
}

static void test_rv64_sc_without_lr_fails(void **state)
{
    (void)state;
    put32(DATA, 7);
    cpu.x[A1] = DATA;
    cpu.x[A3] = 0x12345678;
    exec(SC_W(A2, A3, A1));
    assert_int_equal(cpu.x[A2], 1);
    assert_int_equal(get32(DATA), 7);
}

static void test_rv64_sc_to_other_address_fails(void **state)
{
    (void)state;
    put32(DATA, 7);
    put32(DATA + 8, 9);
    cpu.x[A1] = DATA;
    exec(LR_W(A0, A1));
    cpu.x[A4] = DATA + 8;
    cpu.x[A3] = 0x12345678;
    exec(SC_W(A2, A3, A4));
    assert_int_equal(cpu.x[A2], 1);
    assert_int_equal(get32(DATA + 8), 9);
    assert_int_equal(get32(DATA), 7);
}

static void test_rv64_second_sc_fails(void **state)
{
    (void)state;
    put32(DATA, 7);
    cpu.x[A1] = DATA;
    exec(LR_W(A0, A1));
    cpu.x[A3] = 100;
    exec(SC_W(A2, A3, A1));
    assert_int_equal(cpu.x[A2], 0);
    cpu.x[A3] = 200;
    exec(SC_W(A2, A3, A1));
    assert_int_equal(cpu.x[A2], 1);
    assert_int_equal(get32(DATA), 100);
}

static void test_rv64_lr_sc_d(void **state)
{
    (void)state;
    put64(DATA, 0x8000000000000001ull);
    cpu.x[A1] = DATA;
    exec(LR_D(A0, A1));
    assert_int_equal(cpu.x[A0], 0x8000000000000001ull);
    cpu.x[A3] = 0x1122334455667788ull;
    exec(SC_D(A2, A3, A1));
    assert_int_equal(cpu.x[A2], 0);
    assert_int_equal(get64(DATA), 0x1122334455667788ull);
    exec(SC_D(A2, A3, A1));
    assert_int_equal(cpu.x[A2], 1);
    /* sc.d without a reservation */
    put64(DATA + 8, 5);
    cpu.x[A1] = DATA + 8;
    exec(SC_D(A2, A3, A1));
    assert_int_equal(cpu.x[A2], 1);
    assert_int_equal(get64(DATA + 8), 5);
}

struct amo_case {
    uint32_t f5;
    uint64_t old, src, want_mem;
};

static void run_amo_w(const struct amo_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        put32(DATA, (uint32_t)c[i].old);
        put32(DATA + 4, 0xa5a5a5a5);
        put32(DATA - 4, 0xa5a5a5a5);
        cpu.x[A1] = DATA;
        cpu.x[A2] = c[i].src;
        cpu.x[A0] = 0;
        exec(AMO(c[i].f5, 2, A0, A2, A1));
        /* rd gets the old word, sign-extended to XLEN */
        uint64_t want_rd = (uint64_t)(int64_t)(int32_t)(uint32_t)c[i].old & xmask();
        if (cpu.x[A0] != want_rd || get32(DATA) != (uint32_t)c[i].want_mem)
            print_error("case %zu (f5 %#x): rd %#llx want %#llx, mem %#x want %#x\n", i, c[i].f5,
                        (unsigned long long)cpu.x[A0], (unsigned long long)want_rd, get32(DATA),
                        (uint32_t)c[i].want_mem);
        assert_int_equal(cpu.x[A0], want_rd);
        assert_int_equal(get32(DATA), (uint32_t)c[i].want_mem);
        assert_int_equal(get32(DATA + 4), 0xa5a5a5a5);
        assert_int_equal(get32(DATA - 4), 0xa5a5a5a5);
    }
}

static const struct amo_case amo_w_cases[] = {
    { F5_SWAP, 0xfffffffb, 3, 3 },
    { F5_ADD, 0x7fffffff, 1, 0x80000000 },
    { F5_ADD, 5, 0xffffffff00000001ull, 6 }, /* upper half of rs2 ignored */
    { F5_ADD, 0xffffffff, 1, 0 },
    { F5_XOR, 0xff00ff00, 0x0ff00ff0, 0xf0f0f0f0 },
    { F5_AND, 0xff00ff00, 0x0ff00ff0, 0x0f000f00 },
    { F5_OR, 0xff00ff00, 0x0ff00ff0, 0xfff0fff0 },
    { F5_MIN, 0xfffffffb, 3, 0xfffffffb },
    { F5_MIN, 3, 0xfffffffb, 0xfffffffb },
    { F5_MAX, 0xfffffffb, 3, 3 },
    { F5_MAX, 3, 0xfffffffb, 3 },
    { F5_MINU, 0xfffffffb, 3, 3 },
    { F5_MINU, 3, 0xfffffffb, 3 },
    { F5_MAXU, 0xfffffffb, 3, 0xfffffffb },
    { F5_MAXU, 3, 0xfffffffb, 0xfffffffb },
    { F5_MIN, 0x80000000, 0x7fffffff, 0x80000000 },
    { F5_MAXU, 0x80000000, 0x7fffffff, 0x80000000 },
    /* .w min/max compare only the low words (rs2 upper half is garbage) */
    { F5_MIN, 1, 0x00000000fffffffeull, 0xfffffffe },
    { F5_MAX, 0x80000001, 0xffffffff00000002ull, 2 },
};

static void test_rv64_amo_w_results_and_memory(void **state)
{
    (void)state;
    run_amo_w(amo_w_cases, sizeof amo_w_cases / sizeof amo_w_cases[0]);
}

static void test_rv64_amo_d_results_and_memory(void **state)
{
    (void)state;
    static const struct amo_case c[] = {
        { F5_SWAP, NEG(5), 3, 3 },
        { F5_ADD, I64_MAX, 1, I64_MIN },
        { F5_ADD, U64_MAX, 1, 0 },
        { F5_XOR, 0xff00ff00ff00ff00ull, 0x0ff00ff00ff00ff0ull, 0xf0f0f0f0f0f0f0f0ull },
        { F5_AND, 0xff00ff00ff00ff00ull, 0x0ff00ff00ff00ff0ull, 0x0f000f000f000f00ull },
        { F5_OR, 0xff00ff00ff00ff00ull, 0x0ff00ff00ff00ff0ull, 0xfff0fff0fff0fff0ull },
        { F5_MIN, NEG(5), 3, NEG(5) },
        { F5_MIN, 3, NEG(5), NEG(5) },
        { F5_MAX, NEG(5), 3, 3 },
        { F5_MINU, NEG(5), 3, 3 },
        { F5_MAXU, NEG(5), 3, NEG(5) },
        { F5_MAXU, 3, NEG(5), NEG(5) },
        { F5_MIN, I64_MIN, I64_MAX, I64_MIN },
        { F5_MAXU, I64_MIN, I64_MAX, I64_MIN },
        /* a value that is positive as a word but negative as a doubleword */
        { F5_MIN, 0x00000000ffffffffull, 0xffffffff00000000ull, 0xffffffff00000000ull },
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        put64(DATA, c[i].old);
        put64(DATA + 8, 0xa5a5a5a5a5a5a5a5ull);
        cpu.x[A1] = DATA;
        cpu.x[A2] = c[i].src;
        exec(AMO(c[i].f5, 3, A0, A2, A1));
        if (cpu.x[A0] != c[i].old || get64(DATA) != c[i].want_mem)
            print_error("case %zu\n", i);
        assert_int_equal(cpu.x[A0], c[i].old);
        assert_int_equal(get64(DATA), c[i].want_mem);
        assert_int_equal(get64(DATA + 8), 0xa5a5a5a5a5a5a5a5ull);
    }
}

static void test_rv64_amo_aq_rl_and_rd_x0(void **state)
{
    (void)state;
    put32(DATA, 10);
    cpu.x[A1] = DATA;
    cpu.x[A2] = 5;
    exec(AMO(F5_ADD, 2, ZERO, A2, A1) | (3u << 25)); /* amoadd.w.aqrl zero, a2, (a1) */
    assert_int_equal(get32(DATA), 15);
    assert_int_equal(cpu.x[0], 0);
    exec(AMO(F5_SWAP, 2, A0, A2, A1) | (1u << 26)); /* .aq */
    assert_int_equal(cpu.x[A0], 15);
    assert_int_equal(get32(DATA), 5);
}

static void test_rv64_amo_misaligned(void **state)
{
    (void)state;
    /* LR is a load (load-address-misaligned); SC and AMOs are store/AMO */
    struct { uint32_t insn; uint64_t addr; RvExit why; } c[] = {
        { AMO(F5_ADD, 2, A0, A2, A1), DATA + 2, RV_EXIT_MISALIGNED },
        { AMO(F5_SWAP, 2, A0, A2, A1), DATA + 1, RV_EXIT_MISALIGNED },
        { AMO(F5_ADD, 3, A0, A2, A1), DATA + 4, RV_EXIT_MISALIGNED },
        { AMO(F5_MAXU, 3, A0, A2, A1), DATA + 7, RV_EXIT_MISALIGNED },
        { LR_W(A0, A1), DATA + 1, RV_EXIT_LOAD_MISALIGNED },
        { SC_W(A0, A2, A1), DATA + 2, RV_EXIT_MISALIGNED },
        { LR_D(A0, A1), DATA + 4, RV_EXIT_LOAD_MISALIGNED },
        { SC_D(A0, A2, A1), DATA + 4, RV_EXIT_MISALIGNED },
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        memset(mem + DATA, 0x11, 16);
        cpu.pc = PC0;
        cpu.x[A0] = 0x77;
        cpu.x[A1] = c[i].addr;
        cpu.x[A2] = 0xffffffffffffffffull;
        assert_int_equal(rv_step_bits(&cpu, c[i].insn), c[i].why);
        assert_int_equal(cpu.tval, c[i].addr);
        assert_int_equal(cpu.pc, PC0);
        assert_int_equal(cpu.x[A0], 0x77);
        assert_int_equal(get64(DATA), 0x1111111111111111ull);
        assert_int_equal(get64(DATA + 8), 0x1111111111111111ull);
    }
}

static void test_rv64_amo_outside_memory_faults(void **state)
{
    (void)state;
    cpu.x[A1] = MEM_SIZE;
    assert_int_equal(rv_step_bits(&cpu, AMO(F5_ADD, 2, A0, A2, A1)), RV_EXIT_STORE_FAULT);
    assert_int_equal(cpu.tval, MEM_SIZE);
    assert_int_equal(cpu.pc, PC0);
    cpu.x[A1] = MEM_SIZE - 4;
    assert_int_equal(rv_step_bits(&cpu, AMO(F5_ADD, 3, A0, A2, A1)), RV_EXIT_MISALIGNED);
    cpu.x[A1] = MEM_SIZE - 4;
    exec(AMO(F5_ADD, 2, A0, A2, A1)); /* last word is fine */
    /* LR only reads: outside memory it is a load access fault (found by the
     * Unicorn differential test) */
    cpu.pc = PC0;
    cpu.x[A1] = MEM_SIZE;
    assert_int_equal(rv_step_bits(&cpu, LR_W(A0, A1)), RV_EXIT_LOAD_FAULT);
    assert_int_equal(rv_step_bits(&cpu, LR_D(A0, A1)), RV_EXIT_LOAD_FAULT);
    assert_int_equal(rv_step_bits(&cpu, SC_D(A0, A2, A1)), RV_EXIT_STORE_FAULT);
}

/* ---- system / illegal ---- */

static void test_ecall_exits_with_pc_at_ecall(void **state)
{
    (void)state;
    assert_int_equal(rv_step_bits(&cpu, ECALL), RV_EXIT_ECALL);
    assert_int_equal(cpu.pc, PC0);
}

static void test_ebreak_exits_with_pc_at_ebreak(void **state)
{
    (void)state;
    assert_int_equal(rv_step_bits(&cpu, EBREAK), RV_EXIT_EBREAK);
    assert_int_equal(cpu.pc, PC0);
}

static void test_all_zero_and_all_ones_illegal(void **state)
{
    (void)state;
    cpu.x[A0] = 3;
    assert_int_equal(rv_step_bits(&cpu, 0x00000000), RV_EXIT_ILLEGAL);
    assert_int_equal(cpu.tval, 0);
    assert_int_equal(cpu.pc, PC0);
    cpu.tval = 1234;
    assert_int_equal(rv_step_bits(&cpu, 0xffffffff), RV_EXIT_ILLEGAL);
    assert_int_equal(cpu.tval, 0xffffffff);
    assert_int_equal(cpu.pc, PC0);
    assert_int_equal(cpu.x[A0], 3);
}

static const uint32_t rv64_only[] = {
    LD(A0, 0, A1), LWU(A0, 0, A1), SD(A2, 0, A1),
    ADDIW(A0, A1, 1), SLLIW(A0, A1, 1), SRLIW(A0, A1, 1), SRAIW(A0, A1, 1),
    ADDW(A0, A1, A2), SUBW(A0, A1, A2), SLLW(A0, A1, A2), SRLW(A0, A1, A2), SRAW(A0, A1, A2),
    MULW(A0, A1, A2), DIVW(A0, A1, A2), DIVUW(A0, A1, A2), REMW(A0, A1, A2), REMUW(A0, A1, A2),
    LR_D(A0, A1), SC_D(A0, A2, A1), AMO(F5_ADD, 3, A0, A2, A1), AMO(F5_MAXU, 3, A0, A2, A1),
    FCVT_L_D(A0, 11), FMV_X_D(A0, 11),
};

static void test_rv64_only_instructions_legal_on_rv64(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rv64_only / sizeof rv64_only[0]; i++) {
        cpu.pc = PC0;
        cpu.x[A1] = DATA;
        cpu.x[A2] = 1;
        exec(rv64_only[i]);
    }
}

static void test_rv32_rejects_rv64_only_instructions(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rv64_only / sizeof rv64_only[0]; i++) {
        cpu.pc = PC0;
        cpu.x[A1] = DATA;
        cpu.x[A2] = 1;
        cpu.x[A0] = 0x77;
        if (rv_step_bits(&cpu, rv64_only[i]) != RV_EXIT_ILLEGAL)
            print_error("entry %zu (0x%08x) is not illegal on RV32\n", i, rv64_only[i]);
        assert_int_equal(cpu.tval, rv64_only[i]);
        assert_int_equal(cpu.pc, PC0);
        assert_int_equal(cpu.x[A0], 0x77);
    }
}

static void test_fadd_d_reserved_static_rounding_modes_illegal(void **state)
{
    (void)state;
    for (unsigned rm = 5; rm <= 6; rm++) {
        uint32_t insn = FADD_D(10, 11, 12, rm);
        cpu.pc = PC0;
        assert_int_equal(rv_step_bits(&cpu, insn), RV_EXIT_ILLEGAL);
        assert_int_equal(cpu.tval, insn);
        assert_int_equal(cpu.pc, PC0);
    }
}

static void test_fadd_d_dynamic_rm_checks_frm(void **state)
{
    (void)state;
    const uint64_t one = 0x3ff0000000000000ull, two = 0x4000000000000000ull, three = 0x4008000000000000ull;
    uint32_t insn = FADD_D(10, 11, 12, 7);
    for (unsigned frm = 5; frm <= 7; frm++) {
        cpu.pc = PC0;
        cpu.frm = frm;
        cpu.f[10] = 0;
        cpu.f[11] = one;
        cpu.f[12] = two;
        assert_int_equal(rv_step_bits(&cpu, insn), RV_EXIT_ILLEGAL);
        assert_int_equal(cpu.tval, insn);
        assert_int_equal(cpu.pc, PC0);
        assert_int_equal(cpu.f[10], 0);
    }
    cpu.frm = 0;
    exec(insn);
    assert_int_equal(cpu.f[10], three);
    /* a valid static mode does not look at frm */
    cpu.frm = 5;
    cpu.f[10] = 0;
    exec(FADD_D(10, 11, 12, 0));
    assert_int_equal(cpu.f[10], three);
}

/* ========================================================================== */
/* RV32                                                                       */
/* ========================================================================== */

static void test_rv32_results_are_32_bit(void **state)
{
    (void)state;
    /* registers hold XLEN-bit values (zero-extended in the 64-bit slots) */
    assert_int_equal(ri(ADDI(A0, ZERO, -1), 0), 0xffffffffull);
    assert_int_equal(ri(ADDI(A0, A1, 1), 0xffffffff), 0);
    assert_int_equal(ri(ADDI(A0, A1, -2048), 0), 0xfffff800ull);
    assert_int_equal(rr(ADD(A0, A1, A2), 0x7fffffff, 1), 0x80000000ull);
    assert_int_equal(rr(SUB(A0, A1, A2), 0, 1), 0xffffffffull);
    assert_int_equal(ri(XORI(A0, A1, -1), 0x0f0f), 0xfffff0f0ull);
    assert_int_equal(ri(ORI(A0, A1, -2048), 1), 0xfffff801ull);
    assert_int_equal(ri(ANDI(A0, A1, -16), 0x89abcdef), 0x89abcde0ull);
}

static void test_rv32_slt_sltu(void **state)
{
    (void)state;
    assert_int_equal(rr(SLT(A0, A1, A2), 0xffffffff, 0), 1);
    assert_int_equal(rr(SLTU(A0, A1, A2), 0xffffffff, 0), 0);
    assert_int_equal(rr(SLT(A0, A1, A2), 0x80000000, 0x7fffffff), 1);
    assert_int_equal(rr(SLTU(A0, A1, A2), 0x80000000, 0x7fffffff), 0);
    assert_int_equal(ri(SLTI(A0, A1, 0), 0x80000000), 1);
    assert_int_equal(ri(SLTI(A0, A1, -1), 0xfffffffe), 1);
    assert_int_equal(ri(SLTIU(A0, A1, -1), 0xfffffffe), 1);
    assert_int_equal(ri(SLTIU(A0, A1, -1), 0xffffffff), 0);
    assert_int_equal(ri(SLTIU(A0, A1, 1), 0), 1);
}

static void test_rv32_register_shifts_use_low_5_bits(void **state)
{
    (void)state;
    assert_int_equal(rr(SLL(A0, A1, A2), 1, 31), 0x80000000ull);
    assert_int_equal(rr(SLL(A0, A1, A2), 1, 32), 1);
    assert_int_equal(rr(SLL(A0, A1, A2), 1, 33), 2);
    assert_int_equal(rr(SLL(A0, A1, A2), 0x80000001, 0), 0x80000001ull);
    assert_int_equal(rr(SLL(A0, A1, A2), 3, 31), 0x80000000ull);
    assert_int_equal(rr(SRL(A0, A1, A2), 0x80000000, 31), 1);
    assert_int_equal(rr(SRL(A0, A1, A2), 0x80000000, 32), 0x80000000ull);
    assert_int_equal(rr(SRL(A0, A1, A2), 0x80000000, 0xffffffff), 1);
    assert_int_equal(rr(SRA(A0, A1, A2), 0x80000000, 31), 0xffffffffull);
    assert_int_equal(rr(SRA(A0, A1, A2), 0x80000000, 32), 0x80000000ull);
    assert_int_equal(rr(SRA(A0, A1, A2), 0x80000000, 33), 0xc0000000ull);
    assert_int_equal(rr(SRA(A0, A1, A2), 0x40000000, 30), 1);
}

static void test_rv32_immediate_shifts(void **state)
{
    (void)state;
    assert_int_equal(ri(SLLI(A0, A1, 0), 0x80000001), 0x80000001ull);
    assert_int_equal(ri(SLLI(A0, A1, 31), 3), 0x80000000ull);
    assert_int_equal(ri(SRLI(A0, A1, 31), 0x80000000), 1);
    assert_int_equal(ri(SRLI(A0, A1, 0), 0x80000000), 0x80000000ull);
    assert_int_equal(ri(SRAI(A0, A1, 31), 0x80000000), 0xffffffffull);
    assert_int_equal(ri(SRAI(A0, A1, 0), 0x80000000), 0x80000000ull);
    assert_int_equal(ri(SRAI(A0, A1, 4), 0x80000000), 0xf8000000ull);
}

static void test_rv32_shift_immediate_with_shamt5_illegal(void **state)
{
    (void)state;
    uint32_t bad[] = { SLLI(A0, A1, 32), SRLI(A0, A1, 32), SRAI(A0, A1, 32), SLLI(A0, A1, 63) };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cpu.pc = PC0;
        cpu.x[A0] = 0x77;
        assert_int_equal(rv_step_bits(&cpu, bad[i]), RV_EXIT_ILLEGAL);
        assert_int_equal(cpu.tval, bad[i]);
        assert_int_equal(cpu.pc, PC0);
        assert_int_equal(cpu.x[A0], 0x77);
    }
}

static void test_rv32_lui_auipc_wrap(void **state)
{
    (void)state;
    exec(LUI(A0, 0x80000));
    assert_int_equal(cpu.x[A0], 0x80000000ull);
    exec(LUI(A0, 0xfffff));
    assert_int_equal(cpu.x[A0], 0xfffff000ull);
    cpu.pc = 0xfffff000;
    exec(AUIPC(A0, 1));
    assert_int_equal(cpu.x[A0], 0);
    assert_int_equal(cpu.pc, 0xfffff004);
    cpu.pc = 0x80000000;
    exec(AUIPC(A0, 0x80000));
    assert_int_equal(cpu.x[A0], 0);
    cpu.pc = 0x1000;
    exec(AUIPC(A0, 0xfffff));
    assert_int_equal(cpu.x[A0], 0);
    cpu.pc = 0x1000;
    exec(AUIPC(A0, 0x80000));
    assert_int_equal(cpu.x[A0], 0x80001000ull);
}

static void test_rv32_jal_jalr_wrap(void **state)
{
    (void)state;
    cpu.pc = 0x1000;
    assert_int_equal(rv_step_bits(&cpu, JAL(RA, 0x100)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0x1100);
    assert_int_equal(cpu.x[RA], 0x1004);

    cpu.pc = 0xfffffffc;
    assert_int_equal(rv_step_bits(&cpu, JAL(RA, 8)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 4);
    assert_int_equal(cpu.x[RA], 0); /* pc + 4 wraps */

    cpu.pc = 0x10;
    assert_int_equal(rv_step_bits(&cpu, JAL(RA, -0x20)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0xfffffff0ull);

    cpu.pc = 0x1000;
    cpu.x[A1] = 0xfffffffc;
    assert_int_equal(rv_step_bits(&cpu, JALR(RA, A1, 8)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 4);
    assert_int_equal(cpu.x[RA], 0x1004);

    cpu.pc = 0x1000;
    cpu.x[A1] = 0x2001;
    assert_int_equal(rv_step_bits(&cpu, JALR(RA, A1, 0)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0x2000);

    cpu.pc = 0x1000;
    cpu.x[A0] = 0x3000;
    assert_int_equal(rv_step_bits(&cpu, JALR(A0, A0, -4)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0x2ffc);
    assert_int_equal(cpu.x[A0], 0x1004);
}

static void test_rv32_branches_signed_unsigned(void **state)
{
    (void)state;
    assert_int_equal(branch(mk_blt, 0xffffffff, 1), 1);
    assert_int_equal(branch(mk_bltu, 0xffffffff, 1), 0);
    assert_int_equal(branch(mk_bge, 0x80000000, 0x7fffffff), 0);
    assert_int_equal(branch(mk_bgeu, 0x80000000, 0x7fffffff), 1);
    assert_int_equal(branch(mk_beq, 0xffffffff, 0xffffffff), 1);
    assert_int_equal(branch(mk_bne, 0xffffffff, 0xfffffffe), 1);
    assert_int_equal(branch(mk_bne, 7, 7), 0);
    assert_int_equal(branch(mk_bge, 0xffffffff, 0xffffffff), 1);
    assert_int_equal(branch(mk_bltu, 0x7fffffff, 0x80000000), 1);
    cpu.pc = 0x10;
    assert_int_equal(rv_step_bits(&cpu, BEQ(ZERO, ZERO, -0x20)), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, 0xfffffff0ull);
}

static void test_rv32_loads_extend_to_32(void **state)
{
    (void)state;
    memcpy(mem + DATA, pattern, sizeof pattern);
    assert_int_equal(ri(LB(A0, 0, A1), DATA), 0xffffff81ull);
    assert_int_equal(ri(LBU(A0, 0, A1), DATA), 0x81);
    assert_int_equal(ri(LH(A0, 0, A1), DATA), 0xffff8281ull);
    assert_int_equal(ri(LHU(A0, 0, A1), DATA), 0x8281);
    assert_int_equal(ri(LW(A0, 0, A1), DATA), 0x84838281ull);
    assert_int_equal(ri(LW(A0, 8, A1), DATA), 0x04030201ull);
    assert_int_equal(ri(LH(A0, -6, A1), DATA + 8), 0xffff8483ull);
}

static void test_rv32_stores_little_endian(void **state)
{
    (void)state;
    memset(mem + DATA, 0xee, 16);
    cpu.x[A1] = DATA;
    cpu.x[A2] = 0x11223344;
    exec(SB(A2, 0, A1));
    exec(SH(A2, 2, A1));
    exec(SW(A2, 4, A1));
    static const uint8_t want[12] = { 0x44, 0xee, 0x44, 0x33, 0x44, 0x33, 0x22, 0x11, 0xee, 0xee, 0xee, 0xee };
    assert_memory_equal(mem + DATA, want, sizeof want);
}

static void test_rv32_effective_address_wraps(void **state)
{
    (void)state;
    put32(0x10, 0xcafef00d);
    /* 0xfffffff0 + 0x20 = 0x10 modulo 2^32 */
    assert_int_equal(ri(LW(A0, 0x20, A1), 0xfffffff0), 0xcafef00dull);
    cpu.x[A1] = 0xfffffff0;
    cpu.x[A2] = 0x12345678;
    exec(SW(A2, 0x24, A1));
    assert_int_equal(get32(0x14), 0x12345678);
}

static void test_rv32_load_store_fault(void **state)
{
    (void)state;
    cpu.x[A1] = MEM_SIZE;
    assert_int_equal(rv_step_bits(&cpu, LW(A0, 0, A1)), RV_EXIT_LOAD_FAULT);
    assert_int_equal(cpu.tval, MEM_SIZE);
    assert_int_equal(cpu.pc, PC0);
    cpu.x[A1] = 0;
    assert_int_equal(rv_step_bits(&cpu, LW(A0, -4, A1)), RV_EXIT_LOAD_FAULT);
    assert_int_equal(cpu.tval, 0xfffffffcull);
    assert_int_equal(rv_step_bits(&cpu, SB(A0, -1, A1)), RV_EXIT_STORE_FAULT);
    assert_int_equal(cpu.tval, 0xffffffffull);
}

static void test_rv32_mul_family(void **state)
{
    (void)state;
    assert_int_equal(rr(MUL(A0, A1, A2), 0x10000, 0x10000), 0);
    assert_int_equal(rr(MUL(A0, A1, A2), 0xffffffff, 0xffffffff), 1);
    assert_int_equal(rr(MUL(A0, A1, A2), 0xfffffffd, 5), 0xfffffff1ull);
    assert_int_equal(rr(MULH(A0, A1, A2), 0x80000000, 0x80000000), 0x40000000ull);
    assert_int_equal(rr(MULH(A0, A1, A2), 0xffffffff, 0xffffffff), 0);
    assert_int_equal(rr(MULH(A0, A1, A2), 0x7fffffff, 0x7fffffff), 0x3fffffffull);
    assert_int_equal(rr(MULH(A0, A1, A2), 0xfffffffe, 3), 0xffffffffull);
    assert_int_equal(rr(MULHU(A0, A1, A2), 0xffffffff, 0xffffffff), 0xfffffffeull);
    assert_int_equal(rr(MULHU(A0, A1, A2), 0x80000000, 2), 1);
    assert_int_equal(rr(MULHSU(A0, A1, A2), 0xffffffff, 0xffffffff), 0xffffffffull);
    assert_int_equal(rr(MULHSU(A0, A1, A2), 2, 0xffffffff), 1);
    assert_int_equal(rr(MULHSU(A0, A1, A2), 0x80000000, 0xffffffff), 0x80000000ull);
    assert_int_equal(rr(MULHSU(A0, A1, A2), 0x7fffffff, 0xffffffff), 0x7ffffffeull);
}

static void test_rv32_div_rem_edges(void **state)
{
    (void)state;
    assert_int_equal(rr(DIV(A0, A1, A2), 0x80000000, 0xffffffff), 0x80000000ull);
    assert_int_equal(rr(REM(A0, A1, A2), 0x80000000, 0xffffffff), 0);
    assert_int_equal(rr(DIV(A0, A1, A2), 5, 0), 0xffffffffull);
    assert_int_equal(rr(REM(A0, A1, A2), 5, 0), 5);
    assert_int_equal(rr(REM(A0, A1, A2), 0xfffffffb, 0), 0xfffffffbull);
    assert_int_equal(rr(DIVU(A0, A1, A2), 5, 0), 0xffffffffull);
    assert_int_equal(rr(REMU(A0, A1, A2), 5, 0), 5);
    assert_int_equal(rr(DIV(A0, A1, A2), 0xfffffff9, 2), 0xfffffffdull);
    assert_int_equal(rr(REM(A0, A1, A2), 0xfffffff9, 2), 0xffffffffull);
    assert_int_equal(rr(DIVU(A0, A1, A2), 0xffffffff, 2), 0x7fffffffull);
    assert_int_equal(rr(REMU(A0, A1, A2), 0xffffffff, 2), 1);
    assert_int_equal(rr(DIVU(A0, A1, A2), 0x80000000, 0xffffffff), 0);
    assert_int_equal(rr(DIV(A0, A1, A2), 7, 0xffffffff), 0xfffffff9ull);
}

static void test_rv32_lr_sc(void **state)
{
    (void)state;
    put32(DATA, 0x80000001);
    cpu.x[A1] = DATA;
    exec(LR_W(A0, A1));
    assert_int_equal(cpu.x[A0], 0x80000001ull);
    cpu.x[A3] = 0x12345678;
    exec(SC_W(A2, A3, A1));
    assert_int_equal(cpu.x[A2], 0);
    assert_int_equal(get32(DATA), 0x12345678);
    exec(SC_W(A2, A3, A1));
    assert_int_equal(cpu.x[A2], 1);
}

static void test_rv32_amo_w(void **state)
{
    (void)state;
    /* run_amo_w masks the expected rd to 32 bits on RV32 */
    run_amo_w(amo_w_cases, sizeof amo_w_cases / sizeof amo_w_cases[0]);
    cpu.x[A1] = DATA + 2;
    cpu.pc = PC0;
    assert_int_equal(rv_step_bits(&cpu, AMO(F5_ADD, 2, A0, A2, A1)), RV_EXIT_MISALIGNED);
    assert_int_equal(cpu.tval, DATA + 2);
}

#define T64(f) cmocka_unit_test_setup(f, setup64)
#define T32(f) cmocka_unit_test_setup(f, setup32)
/* the same test body run under another name (RV32 variant of an RV64 test) */
#define T32N(name, f) { name, f, setup32, NULL, NULL }

int main(void)
{
    const struct CMUnitTest rv64[] = {
        T64(test_rv64_addi_sign_extends_immediate),
        T64(test_rv64_write_to_x0_is_discarded),
        T64(test_rv64_slti_sltiu),
        T64(test_rv64_logic_immediates),
        T64(test_rv64_add_sub_wrap),
        T64(test_rv64_slt_sltu_edges),
        T64(test_rv64_logic_registers),
        T64(test_rv64_register_shifts_use_low_6_bits),
        T64(test_rv64_immediate_shifts),
        T64(test_rv64_addw_subw_wrap_and_sign_extend),
        T64(test_rv64_w_register_shifts),
        T64(test_rv64_w_immediate_ops),
        T64(test_rv64_w_shift_with_shamt5_is_illegal),
        T64(test_rv64_lui),
        T64(test_rv64_auipc),
        T64(test_rv64_jal_link_and_target),
        T64(test_rv64_jalr_clears_bit0_and_links),
        T64(test_rv64_jalr_rd_equals_rs1),
        T64(test_rv64_branches_taken_and_not),
        T64(test_rv64_branch_backward_targets),
        T64(test_rv64_loads_sign_and_zero_extend),
        T64(test_rv64_stores_every_width_little_endian),
        T64(test_rv64_misaligned_load_store_allowed),
        T64(test_rv64_load_outside_memory_faults),
        T64(test_rv64_store_outside_memory_faults),
        T64(test_rv64_store_into_executing_page),
        T64(test_rv64_step_bits_keeps_cpu_tcache),
    };
    const struct CMUnitTest rv64_m[] = {
        T64(test_rv64_mul),
        T64(test_rv64_mulh_mulhsu_mulhu),
        T64(test_rv64_div_rem_round_toward_zero),
        T64(test_rv64_div_rem_by_zero),
        T64(test_rv64_div_overflow),
        T64(test_rv64_mulw),
        T64(test_rv64_divw_remw),
        T64(test_rv64_divuw_remuw),
    };
    const struct CMUnitTest rv64_a[] = {
        T64(test_rv64_lr_sc_w_success),
        T64(test_rv64_sc_without_lr_fails),
        T64(test_rv64_sc_to_other_address_fails),
        T64(test_rv64_second_sc_fails),
        T64(test_rv64_lr_sc_d),
        T64(test_rv64_amo_w_results_and_memory),
        T64(test_rv64_amo_d_results_and_memory),
        T64(test_rv64_amo_aq_rl_and_rd_x0),
        T64(test_rv64_amo_misaligned),
        T64(test_rv64_amo_outside_memory_faults),
    };
    const struct CMUnitTest system[] = {
        T64(test_ecall_exits_with_pc_at_ecall),
        T64(test_ebreak_exits_with_pc_at_ebreak),
        T64(test_all_zero_and_all_ones_illegal),
        T32N("test_rv32_all_zero_and_all_ones_illegal", test_all_zero_and_all_ones_illegal),
        T64(test_rv64_only_instructions_legal_on_rv64),
        T32(test_rv32_rejects_rv64_only_instructions),
        T64(test_fadd_d_reserved_static_rounding_modes_illegal),
        T32N("test_rv32_fadd_d_reserved_static_rounding_modes_illegal",
             test_fadd_d_reserved_static_rounding_modes_illegal),
        T64(test_fadd_d_dynamic_rm_checks_frm),
    };
    const struct CMUnitTest rv32[] = {
        T32(test_rv32_results_are_32_bit),
        T32(test_rv32_slt_sltu),
        T32(test_rv32_register_shifts_use_low_5_bits),
        T32(test_rv32_immediate_shifts),
        T32(test_rv32_shift_immediate_with_shamt5_illegal),
        T32(test_rv32_lui_auipc_wrap),
        T32(test_rv32_jal_jalr_wrap),
        T32(test_rv32_branches_signed_unsigned),
        T32(test_rv32_loads_extend_to_32),
        T32(test_rv32_stores_little_endian),
        T32(test_rv32_effective_address_wraps),
        T32(test_rv32_load_store_fault),
        T32(test_rv32_mul_family),
        T32(test_rv32_div_rem_edges),
        T32(test_rv32_lr_sc),
        T32(test_rv32_amo_w),
        T32N("test_rv32_ecall_exits_with_pc_at_ecall", test_ecall_exits_with_pc_at_ecall),
        T32N("test_rv32_ebreak_exits_with_pc_at_ebreak", test_ebreak_exits_with_pc_at_ebreak),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("rv64i", rv64, group_setup, group_teardown);
    failed += cmocka_run_group_tests_name("rv64m", rv64_m, group_setup, group_teardown);
    failed += cmocka_run_group_tests_name("rv64a", rv64_a, group_setup, group_teardown);
    failed += cmocka_run_group_tests_name("system", system, group_setup, group_teardown);
    failed += cmocka_run_group_tests_name("rv32", rv32, group_setup, group_teardown);
    return failed;
}
