/*
 * ferry - unit tests for the RISC-V decoder (rv_decode), the disassembler
 * (rv_disasm) and the instruction table they are generated from (insns.h).
 *
 * Encodings and operand values come from riscv64-linux-gnu-as /
 * riscv64-linux-gnu-objdump -d -M no-aliases,numeric. The expected
 * disassembly is that objdump output in ferry's documented style
 * (disasm.c): ABI register names, the mnemonic padded to 8 columns and
 * separated from the operands by at least one space, ", " between operands,
 * shift amounts in decimal, CSR numbers as 0x%03x, branch/jal targets and
 * the auipc result as absolute hex, the rounding mode only when static.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "rv.h"

static RvInsn dec(uint32_t bits, uint64_t pc, unsigned xlen)
{
    RvInsn in;
    memset(&in, 0xa5, sizeof in);
    rv_decode(bits, pc, xlen, &in);
    return in;
}

/* ---- fields ---------------------------------------------------------------- */

static void test_r_type_fields(void **state)
{
    (void)state;
    RvInsn in = dec(0x00c58533, 0, 64); /* add a0,a1,a2 */
    assert_int_equal(in.op, RV_OP_ADD);
    assert_int_equal(in.rd, 10);
    assert_int_equal(in.rs1, 11);
    assert_int_equal(in.rs2, 12);
    assert_int_equal(in.len, 4);
    assert_int_equal(in.raw, 0x00c58533);
    in = dec(0x41f48433, 0, 64); /* sub s0,s1,t6 */
    assert_int_equal(in.op, RV_OP_SUB);
    assert_int_equal(in.rd, 8);
    assert_int_equal(in.rs1, 9);
    assert_int_equal(in.rs2, 31);
}

static void test_i_type_negative_immediates(void **state)
{
    (void)state;
    RvInsn in = dec(0x80058513, 0, 64); /* addi a0,a1,-2048 */
    assert_int_equal(in.op, RV_OP_ADDI);
    assert_int_equal(in.rd, 10);
    assert_int_equal(in.rs1, 11);
    assert_int_equal(in.imm, -2048);
    in = dec(0x7ff74783, 0, 64); /* lbu a5,2047(a4) */
    assert_int_equal(in.op, RV_OP_LBU);
    assert_int_equal(in.imm, 2047);
    assert_int_equal(in.rs1, 14);
    in = dec(0xffc42503, 0, 64); /* lw a0,-4(s0) */
    assert_int_equal(in.op, RV_OP_LW);
    assert_int_equal(in.imm, -4);
    in = dec(0xffc28067, 0, 64); /* jalr zero,-4(t0) */
    assert_int_equal(in.op, RV_OP_JALR);
    assert_int_equal(in.imm, -4);
    assert_int_equal(in.rs1, 5);
}

static void test_s_type_immediates(void **state)
{
    (void)state;
    RvInsn in = dec(0xfea58fa3, 0, 64); /* sb a0,-1(a1) */
    assert_int_equal(in.op, RV_OP_SB);
    assert_int_equal(in.rs1, 11);
    assert_int_equal(in.rs2, 10);
    assert_int_equal(in.imm, -1);
    in = dec(0x00113c23, 0, 64); /* sd ra,24(sp) */
    assert_int_equal(in.op, RV_OP_SD);
    assert_int_equal(in.rs1, 2);
    assert_int_equal(in.rs2, 1);
    assert_int_equal(in.imm, 24);
    in = dec(0x80c5a023, 0, 64); /* sw a2,-2048(a1) */
    assert_int_equal(in.op, RV_OP_SW);
    assert_int_equal(in.imm, -2048);
    in = dec(0x7ec5afa3, 0, 64); /* sw a2,2047(a1) */
    assert_int_equal(in.imm, 2047);
}

static void test_b_type_absolute_targets(void **state)
{
    (void)state;
    RvInsn in = dec(0x00b50863, 0x48, 64); /* beq a0,a1,.+16 */
    assert_int_equal(in.op, RV_OP_BEQ);
    assert_int_equal(in.rs1, 10);
    assert_int_equal(in.rs2, 11);
    assert_int_equal(in.imm, 0x58);
    in = dec(0xfe62f0e3, 0x4c, 64); /* bgeu t0,t1,.-32 */
    assert_int_equal(in.op, RV_OP_BGEU);
    assert_int_equal(in.imm, 0x2c);
    in = dec(0x81bd1063, 0x1000, 64); /* bne s10,s11,.-4096 */
    assert_int_equal(in.op, RV_OP_BNE);
    assert_int_equal(in.rs1, 26);
    assert_int_equal(in.rs2, 27);
    assert_int_equal(in.imm, 0);
    /* same bits at pc 0x50: the target is below zero */
    in = dec(0x81bd1063, 0x50, 64);
    assert_int_equal((uint64_t)in.imm, 0xfffffffffffff050ull);
    in = dec(0x81bd1063, 0x50, 32);
    assert_int_equal((uint64_t)in.imm, 0xfffff050ull); /* XLEN bits only */
    in = dec(0x7e000fe3, 0x1000, 64); /* beq zero,zero,.+4094 */
    assert_int_equal(in.imm, 0x1ffe);
}

static void test_j_type_absolute_targets(void **state)
{
    (void)state;
    RvInsn in = dec(0x100000ef, 0x38, 64); /* jal ra,.+0x100 */
    assert_int_equal(in.op, RV_OP_JAL);
    assert_int_equal(in.rd, 1);
    assert_int_equal(in.imm, 0x138);
    in = dec(0xff9ff06f, 0x3c, 64); /* jal zero,.-8 */
    assert_int_equal(in.imm, 0x34);
    in = dec(0x800000ef, 0x200000, 64); /* jal ra,.-0x100000 */
    assert_int_equal(in.imm, 0x100000);
    in = dec(0x7ffff0ef, 0x1000, 64); /* jal ra,.+0xffffe */
    assert_int_equal(in.imm, 0x100ffe);
    in = dec(0x800000ef, 0x10, 32); /* wraps to XLEN bits on RV32 */
    assert_int_equal((uint64_t)in.imm, 0xfff00010ull);
}

static void test_u_type_immediates(void **state)
{
    (void)state;
    RvInsn in = dec(0x12345537, 0, 64); /* lui a0,0x12345 */
    assert_int_equal(in.op, RV_OP_LUI);
    assert_int_equal(in.imm, 0x12345000);
    in = dec(0x80000537, 0, 64); /* lui a0,0x80000 */
    assert_int_equal((uint64_t)in.imm, 0xffffffff80000000ull);
    in = dec(0x00002197, 0x30, 64); /* auipc gp,0x2 */
    assert_int_equal(in.op, RV_OP_AUIPC);
    assert_int_equal(in.rd, 3);
    assert_int_equal(in.imm, 0x2030);
    in = dec(0xfffff517, 0x34, 64); /* auipc a0,0xfffff */
    assert_int_equal((uint64_t)in.imm, 0xfffffffffffff034ull);
    in = dec(0xfffff517, 0x34, 32);
    assert_int_equal((uint64_t)in.imm, 0xfffff034ull);
    in = dec(0x80000517, 0x1000, 64); /* auipc a0,0x80000 */
    assert_int_equal((uint64_t)in.imm, 0xffffffff80001000ull);
}

static void test_shift_csr_and_fp_fields(void **state)
{
    (void)state;
    RvInsn in = dec(0x03f59513, 0, 64); /* slli a0,a1,63 */
    assert_int_equal(in.op, RV_OP_SLLI);
    assert_int_equal(in.imm, 63);
    in = dec(0x40535293, 0, 64); /* srai t0,t1,5 */
    assert_int_equal(in.op, RV_OP_SRAI);
    assert_int_equal(in.imm, 5);
    in = dec(0x41f5551b, 0, 64); /* sraiw a0,a0,31 */
    assert_int_equal(in.op, RV_OP_SRAIW);
    assert_int_equal(in.imm, 31);
    assert_int_equal(dec(0x03f59513, 0, 32).op, RV_OP_ILLEGAL); /* shamt[5] on RV32 */

    in = dec(0xc0002573, 0, 64); /* csrrs a0,cycle,zero */
    assert_int_equal(in.op, RV_OP_CSRRS);
    assert_int_equal(in.imm, 0xc00);
    assert_int_equal(in.rs1, 0);
    in = dec(0x001ff073, 0, 64); /* csrrci zero,fflags,31 */
    assert_int_equal(in.op, RV_OP_CSRRCI);
    assert_int_equal(in.imm, 1);
    assert_int_equal(in.rs1, 31); /* the uimm */

    in = dec(0x6ac5f543, 0, 64); /* fmadd.d fa0,fa1,fa2,fa3 (dyn) */
    assert_int_equal(in.op, RV_OP_FMADD_D);
    assert_int_equal(in.rd, 10);
    assert_int_equal(in.rs1, 11);
    assert_int_equal(in.rs2, 12);
    assert_int_equal(in.rs3, 13);
    assert_int_equal(in.rm, 7);
    in = dec(0x68c5854b, 0, 64); /* fnmsub.s fa0,fa1,fa2,fa3,rne */
    assert_int_equal(in.op, RV_OP_FNMSUB_S);
    assert_int_equal(in.rs3, 13);
    assert_int_equal(in.rm, 0);
    in = dec(0xc2051553, 0, 64); /* fcvt.w.d a0,fa0,rtz */
    assert_int_equal(in.op, RV_OP_FCVT_W_D);
    assert_int_equal(in.rm, 1);
}

static void test_reserved_rounding_modes_decode_illegal(void **state)
{
    (void)state;
    /* fadd.d fa0,fa1,fa2 with rm = 0..7 */
    for (unsigned rm = 0; rm < 8; rm++) {
        uint32_t bits = 0x02c58553u | rm << 12;
        RvInsn in = dec(bits, 0, 64);
        if (rm == 5 || rm == 6) {
            assert_int_equal(in.op, RV_OP_ILLEGAL);
            assert_int_equal(in.raw, bits);
        } else {
            assert_int_equal(in.op, RV_OP_FADD_D);
            assert_int_equal(in.rm, rm);
        }
    }
    /* no rm field: fsgnj.d's funct3 is not a rounding mode (funct3 5 is simply undefined) */
    assert_int_equal(dec(0x22b59553, 0, 64).op, RV_OP_FSGNJN_D);
}

static void test_compressed_decode(void **state)
{
    (void)state;
    RvInsn in = dec(0x1141, 0, 64); /* c.addi sp,-16 */
    assert_int_equal(in.op, RV_OP_ADDI);
    assert_int_equal(in.rd, 2);
    assert_int_equal(in.rs1, 2);
    assert_int_equal(in.imm, -16);
    assert_int_equal(in.len, 2);
    assert_int_equal(in.raw, 0x1141);
    /* the upper half of a compressed parcel's word is not part of it */
    in = dec(0xdead1141, 0, 64);
    assert_int_equal(in.op, RV_OP_ADDI);
    assert_int_equal(in.len, 2);
    assert_int_equal(in.raw, 0x1141);
    in = dec(0xb7c5, 4, 64); /* c.j .-0x20 */
    assert_int_equal(in.op, RV_OP_JAL);
    assert_int_equal(in.rd, RV_REG_SINK);
    assert_int_equal((uint64_t)in.imm, 0xffffffffffffffe4ull);
    in = dec(0xc401, 6, 64); /* c.beqz s0,.+8 */
    assert_int_equal(in.op, RV_OP_BEQ);
    assert_int_equal(in.rs1, 8);
    assert_int_equal(in.rs2, 0);
    assert_int_equal(in.imm, 0xe);
    in = dec(0x0000, 0x100, 64);
    assert_int_equal(in.op, RV_OP_ILLEGAL);
    assert_int_equal(in.len, 2);
    assert_int_equal(in.raw, 0);
}

static void test_illegal_words(void **state)
{
    (void)state;
    RvInsn in = dec(0xffffffff, 0, 64);
    assert_int_equal(in.op, RV_OP_ILLEGAL);
    assert_int_equal(in.raw, 0xffffffff);
    in = dec(0x0000007f, 0, 64); /* 64-bit and longer encodings */
    assert_int_equal(in.op, RV_OP_ILLEGAL);
    in = dec(0x00004073, 0, 64); /* SYSTEM funct3 4 */
    assert_int_equal(in.op, RV_OP_ILLEGAL);
    in = dec(0x30300073, 0, 64); /* next to mret: not an instruction */
    assert_int_equal(in.op, RV_OP_ILLEGAL);
    in = dec(0x30200073, 0, 64);
    assert_int_equal(in.op, RV_OP_MRET);
    in = dec(0x00c5853b, 0, 32); /* addw on RV32 */
    assert_int_equal(in.op, RV_OP_ILLEGAL);
    assert_int_equal(in.raw, 0x00c5853b);
}

/* ---- x0 destinations --------------------------------------------------------- */

static void test_x0_destination_redirected_to_sink(void **state)
{
    (void)state;
    static const struct { uint32_t bits; RvOp op; } sink[] = {
        { 0x00000013, RV_OP_ADDI },     /* addi zero,zero,0 */
        { 0x00b50033, RV_OP_ADD },      /* add zero,a0,a1 */
        { 0x00052003, RV_OP_LW },       /* lw zero,0(a0) */
        { 0x12345037, RV_OP_LUI },      /* lui zero,0x12345 */
        { 0x00001017, RV_OP_AUIPC },    /* auipc zero,0x1 */
        { 0x0080006f, RV_OP_JAL },      /* jal zero,.+8 */
        { 0x00008067, RV_OP_JALR },     /* jalr zero,0(ra) */
        { 0xc0002073, RV_OP_CSRRS },    /* csrrs zero,cycle,zero */
        { 0x0025d073, RV_OP_CSRRWI },   /* csrrwi zero,frm,11 */
        { 0x00c5a02f, RV_OP_AMOADD_W }, /* amoadd.w zero,a2,(a1) */
        { 0x1805a02f, RV_OP_SC_W },     /* sc.w zero,zero,(a1) */
        { 0xc2051053, RV_OP_FCVT_W_D }, /* fcvt.w.d zero,fa0,rtz */
        { 0xa2b52053, RV_OP_FEQ_D },    /* feq.d zero,fa0,fa1 */
        { 0xe2050053, RV_OP_FMV_X_D },  /* fmv.x.d zero,fa0 */
        { 0x02c5803b, RV_OP_MULW },     /* mulw zero,a1,a2 */
    };
    for (size_t i = 0; i < sizeof sink / sizeof sink[0]; i++) {
        RvInsn in = dec(sink[i].bits, 0, 64);
        assert_int_equal(in.op, sink[i].op);
        assert_int_equal(in.rd, RV_REG_SINK);
    }
    /* FP destinations f0 are real registers */
    static const struct { uint32_t bits; RvOp op; } fp[] = {
        { 0x02c5f053, RV_OP_FADD_D },  /* fadd.d ft0,fa1,fa2 */
        { 0x00452007, RV_OP_FLW },     /* flw ft0,4(a0) */
        { 0xf0050053, RV_OP_FMV_W_X }, /* fmv.w.x ft0,a0 */
        { 0xd2257053, RV_OP_FCVT_D_L }, /* fcvt.d.l ft0,a0 */
    };
    for (size_t i = 0; i < sizeof fp / sizeof fp[0]; i++) {
        RvInsn in = dec(fp[i].bits, 0, 64);
        assert_int_equal(in.op, fp[i].op);
        assert_int_equal(in.rd, 0);
    }
    /* a real destination stays as it is; x0 as a source stays x0 */
    RvInsn in = dec(0x00b00533, 0, 64); /* add a0,zero,a1 */
    assert_int_equal(in.rd, 10);
    assert_int_equal(in.rs1, 0);
    in = dec(0x00052023, 0, 64); /* sw zero,0(a0) */
    assert_int_equal(in.op, RV_OP_SW);
    assert_int_equal(in.rs2, 0);
    assert_string_equal(rv_xreg_name[RV_REG_SINK], "zero");
}

/* ---- disassembly --------------------------------------------------------------- */

struct dis_case {
    uint32_t bits;
    uint64_t pc;
    const char *want;
};

/* objdump -M no-aliases,numeric of the same bits is in the comment */
static const struct dis_case dis_cases[] = {
    { 0x00c58533, 0x00, "add     a0, a1, a2" },           /* add x10,x11,x12 */
    { 0x41f48433, 0x04, "sub     s0, s1, t6" },           /* sub x8,x9,x31 */
    { 0xff010113, 0x08, "addi    sp, sp, -16" },          /* addi x2,x2,-16 */
    { 0x00000013, 0x0c, "addi    zero, zero, 0" },        /* addi x0,x0,0 */
    { 0xfff5c513, 0x10, "xori    a0, a1, -1" },           /* xori x10,x11,-1 */
    { 0x7ffebe13, 0x14, "sltiu   t3, t4, 2047" },         /* sltiu x28,x29,2047 */
    { 0x03f59513, 0x18, "slli    a0, a1, 63" },           /* slli x10,x11,0x3f */
    { 0x40535293, 0x1c, "srai    t0, t1, 5" },            /* srai x5,x6,0x5 */
    { 0x41f5551b, 0x20, "sraiw   a0, a0, 31" },           /* sraiw x10,x10,0x1f */
    { 0x00c5853b, 0x24, "addw    a0, a1, a2" },           /* addw x10,x11,x12 */
    { 0x12345537, 0x28, "lui     a0, 0x12345" },          /* lui x10,0x12345 */
    { 0xfffff537, 0x2c, "lui     a0, 0xfffff" },          /* lui x10,0xfffff */
    { 0x00002197, 0x30, "auipc   gp, 0x2030" },           /* auipc x3,0x2 */
    { 0xfffff517, 0x34, "auipc   a0, 0xfffffffffffff034" }, /* auipc x10,0xfffff */
    { 0x100000ef, 0x38, "jal     ra, 0x138" },            /* jal x1,138 */
    { 0xff9ff06f, 0x3c, "jal     zero, 0x34" },           /* jal x0,34 */
    { 0x000500e7, 0x40, "jalr    ra, 0(a0)" },            /* jalr x1,0(x10) */
    { 0xffc28067, 0x44, "jalr    zero, -4(t0)" },         /* jalr x0,-4(x5) */
    { 0x00b50863, 0x48, "beq     a0, a1, 0x58" },         /* beq x10,x11,58 */
    { 0xfe62f0e3, 0x4c, "bgeu    t0, t1, 0x2c" },         /* bgeu x5,x6,2c */
    { 0x81bd1063, 0x50, "bne     s10, s11, 0xfffffffffffff050" }, /* bne x26,x27,fffffffffffff050 */
    { 0xffc42503, 0x54, "lw      a0, -4(s0)" },           /* lw x10,-4(x8) */
    { 0x00813403, 0x58, "ld      s0, 8(sp)" },            /* ld x8,8(x2) */
    { 0x7ff74783, 0x5c, "lbu     a5, 2047(a4)" },         /* lbu x15,2047(x14) */
    { 0x00113c23, 0x60, "sd      ra, 24(sp)" },           /* sd x1,24(x2) */
    { 0xfea58fa3, 0x64, "sb      a0, -1(a1)" },           /* sb x10,-1(x11) */
    { 0x00000073, 0x68, "ecall" },                        /* ecall */
    { 0x00100073, 0x6c, "ebreak" },                       /* ebreak */
    { 0x0000100f, 0x70, "fence.i" },                      /* fence.i */
    { 0xc0002573, 0x74, "csrrs   a0, 0xc00, zero" },      /* csrrs x10,cycle,x0 */
    { 0x00351073, 0x78, "csrrw   zero, 0x003, a0" },      /* csrrw x0,fcsr,x10 */
    { 0x0021d573, 0x7c, "csrrwi  a0, 0x002, 3" },         /* csrrwi x10,frm,3 */
    { 0x001ff073, 0x80, "csrrci  zero, 0x001, 31" },      /* csrrci x0,fflags,31 */
    { 0x02c58533, 0x84, "mul     a0, a1, a2" },           /* mul x10,x11,x12 */
    { 0x027322b3, 0x88, "mulhsu  t0, t1, t2" },           /* mulhsu x5,x6,x7 */
    { 0x02c5d53b, 0x8c, "divuw   a0, a1, a2" },           /* divuw x10,x11,x12 */
    { 0x0349e93b, 0x90, "remw    s2, s3, s4" },           /* remw x18,x19,x20 */
    { 0x1005a52f, 0x94, "lr.w    a0, (a1)" },             /* lr.w x10,(x11) */
    { 0x186632af, 0x98, "sc.d    t0, t1, (a2)" },         /* sc.d x5,x6,(x12) */
    { 0x00452507, 0xa8, "flw     fa0, 4(a0)" },           /* flw f10,4(x10) */
    { 0x00813427, 0xac, "fsd     fs0, 8(sp)" },           /* fsd f8,8(x2) */
    { 0x02c5f553, 0xb0, "fadd.d  fa0, fa1, fa2" },        /* fadd.d f10,f11,f12 */
    { 0x00209053, 0xb4, "fadd.s  ft0, ft1, ft2, rtz" },   /* fadd.s f0,f1,f2,rtz */
    { 0x6ac5f543, 0xb8, "fmadd.d fa0, fa1, fa2, fa3" },   /* fmadd.d f10,f11,f12,f13 */
    { 0xe2050553, 0xc8, "fmv.x.d a0, fa0" },              /* fmv.x.d x10,f10 */
    { 0xf00f8fd3, 0xcc, "fmv.w.x ft11, t6" },             /* fmv.w.x f31,x31 */
    { 0xa2b52553, 0xd0, "feq.d   a0, fa0, fa1" },         /* feq.d x10,f10,f11 */
    { 0x5a05f553, 0xdc, "fsqrt.d fa0, fa1" },             /* fsqrt.d f10,f11 */
    { 0x29fd0dd3, 0xe0, "fmin.s  fs11, fs10, ft11" },     /* fmin.s f27,f26,f31 */
    /* compressed instructions print as their expansion */
    { 0x1141, 0x0, "addi    sp, sp, -16" },               /* c.addi x2,-16 */
    { 0x8082, 0x2, "jalr    zero, 0(ra)" },               /* c.jr x1 */
    { 0xb7c5, 0x4, "jal     zero, 0xffffffffffffffe4" },  /* c.j ffffffffffffffe4 */
    { 0xc401, 0x6, "beq     s0, zero, 0xe" },             /* c.beqz x8,e */
    { 0x6422, 0x8, "ld      s0, 8(sp)" },                 /* c.ldsp x8,8(x2) */
    { 0x852e, 0xa, "add     a0, zero, a1" },              /* c.mv x10,x11 */
    /* not instructions */
    { 0x0000, 0x0, "illegal 0x0000" },
    { 0xffffffff, 0x0, "illegal 0xffffffff" },
};

/* Mnemonics of 8 characters or more must still be separated from their
 * operands (objdump puts a tab there). */
static const struct dis_case dis_long_cases[] = {
    { 0x00c5a52f, 0x9c, "amoadd.w a0, a2, (a1)" },            /* amoadd.w x10,x12,(x11) */
    { 0x08b1302f, 0xa0, "amoswap.d zero, a1, (sp)" },         /* amoswap.d x0,x11,(x2) */
    { 0xc0b6252f, 0xa4, "amominu.w a0, a1, (a2)" },           /* amominu.w x10,x11,(x12) */
    { 0x68c5854b, 0xbc, "fnmsub.s fa0, fa1, fa2, fa3, rne" }, /* fnmsub.s f10,f11,f12,f13,rne */
    { 0xc2051553, 0xc0, "fcvt.w.d a0, fa0, rtz" },            /* fcvt.w.d x10,f10,rtz */
    { 0xd2257553, 0xc4, "fcvt.d.l fa0, a0" },                 /* fcvt.d.l f10,x10 */
    { 0xe0051553, 0xd4, "fclass.s a0, fa0" },                 /* fclass.s x10,f10 */
    { 0x22b59553, 0xd8, "fsgnjn.d fa0, fa1, fa1" },           /* fsgnjn.d f10,f11,f11 */
};

static int check_dis(const struct dis_case *c, size_t n, unsigned xlen)
{
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        RvInsn in = dec(c[i].bits, c[i].pc, xlen);
        char buf[96];
        rv_disasm(&in, c[i].pc, buf, sizeof buf);
        if (strcmp(buf, c[i].want) != 0) {
            print_error("0x%08x at %#llx: got \"%s\", want \"%s\"\n", c[i].bits,
                        (unsigned long long)c[i].pc, buf, c[i].want);
            bad++;
        }
    }
    return bad;
}

static void test_disasm_matches_objdump(void **state)
{
    (void)state;
    assert_int_equal(check_dis(dis_cases, sizeof dis_cases / sizeof dis_cases[0], 64), 0);
}

static void test_disasm_long_mnemonics_keep_a_space(void **state)
{
    (void)state;
    assert_int_equal(check_dis(dis_long_cases, sizeof dis_long_cases / sizeof dis_long_cases[0], 64), 0);
}

static void test_disasm_rv32_targets(void **state)
{
    (void)state;
    static const struct dis_case c[] = {
        { 0x81bd1063, 0x50, "bne     s10, s11, 0xfffff050" },
        { 0xfffff517, 0x34, "auipc   a0, 0xfffff034" },
        { 0x800000ef, 0x10, "jal     ra, 0xfff00010" },
    };
    assert_int_equal(check_dis(c, sizeof c / sizeof c[0], 32), 0);
}

static void test_disasm_truncates_safely(void **state)
{
    (void)state;
    RvInsn in = dec(0x81bd1063, 0x50, 64);
    char buf[12];
    memset(buf, 'x', sizeof buf);
    char *r = rv_disasm(&in, 0x50, buf, 8);
    assert_ptr_equal(r, buf);
    assert_int_equal(strlen(buf), 7);
    assert_memory_equal(buf, "bne    ", 7);
    assert_int_equal(buf[8], 'x');
}

/* ---- the table itself --------------------------------------------------------- */

/* Bits to OR into the free (unmasked) bits of an entry's match value. */
static const uint32_t fills[] = { 0x00000000, 0xffffffff, 0x5a5a5a5a, 0xa5a5a5a5, 0x00a5f280, 0x1234c000 };

static uint32_t filled(int op, uint32_t fill, unsigned xlen)
{
    const RvInsnInfo *info = &rv_insn_info[op];
    uint32_t bits = info->match | (fill & ~info->mask);
    if (info->flags & RV_F_RM) /* keep the rounding mode valid: dynamic */
        bits |= 0x7000u;
    if (info->fmt == RV_FMT_SHIFT && xlen == 32)
        bits &= ~(1u << 25);
    return bits;
}

static void test_table_entries_are_well_formed(void **state)
{
    (void)state;
    for (int op = 0; op < RV_OP_ILLEGAL; op++) {
        const RvInsnInfo *info = &rv_insn_info[op];
        assert_non_null(info->name);
        if ((info->match & ~info->mask) != 0 || (info->mask & 0x7f) != 0x7f || (info->match & 3) != 3)
            print_error("%s: mask %08x match %08x\n", info->name, info->mask, info->match);
        assert_int_equal(info->match & ~info->mask, 0);
        assert_int_equal(info->mask & 0x7f, 0x7f);
        assert_int_equal(info->match & 3, 3);
    }
}

static void test_every_entry_decodes_to_itself(void **state)
{
    (void)state;
    int bad = 0;
    for (int op = 0; op < RV_OP_ILLEGAL; op++) {
        const RvInsnInfo *info = &rv_insn_info[op];
        for (unsigned xlen = 32; xlen <= 64; xlen += 32) {
            for (size_t f = 0; f < sizeof fills / sizeof fills[0]; f++) {
                uint32_t bits = filled(op, fills[f], xlen);
                RvInsn in = dec(bits, 0x1000, xlen);
                int want = (xlen == 32 && (info->flags & RV_F_RV64)) ? RV_OP_ILLEGAL : op;
                if (in.op != want) {
                    print_error("RV%u %s: 0x%08x decodes to %s\n", xlen, info->name, bits,
                                rv_insn_info[in.op].name);
                    bad++;
                    continue;
                }
                if (want == RV_OP_ILLEGAL)
                    continue;
                assert_int_equal(in.len, 4);
                assert_int_equal(in.raw, bits);
                unsigned rd = (bits >> 7) & 31;
                if (info->fmt != RV_FMT_S && info->fmt != RV_FMT_B && info->fmt != RV_FMT_NONE) {
                    unsigned want_rd = (rd == 0 && !(info->flags & RV_F_RD_FP)) ? RV_REG_SINK : rd;
                    if (in.rd != want_rd) {
                        print_error("RV%u %s: 0x%08x rd %u, want %u\n", xlen, info->name, bits, in.rd, want_rd);
                        bad++;
                    }
                }
                if (info->fmt != RV_FMT_NONE && info->fmt != RV_FMT_U && info->fmt != RV_FMT_J &&
                    in.rs1 != ((bits >> 15) & 31)) {
                    print_error("RV%u %s: 0x%08x rs1 %u\n", xlen, info->name, bits, in.rs1);
                    bad++;
                }
            }
        }
    }
    assert_int_equal(bad, 0);
}

static void test_no_two_entries_overlap(void **state)
{
    (void)state;
    int bad = 0;
    for (int a = 0; a < RV_OP_ILLEGAL; a++) {
        for (int b = a + 1; b < RV_OP_ILLEGAL; b++) {
            const RvInsnInfo *x = &rv_insn_info[a], *y = &rv_insn_info[b];
            /* some word matches both iff they agree on every bit both masks fix */
            if (((x->match ^ y->match) & x->mask & y->mask) == 0) {
                print_error("%s (%08x/%08x) overlaps %s (%08x/%08x)\n", x->name, x->mask, x->match, y->name,
                            y->mask, y->match);
                bad++;
            }
        }
    }
    assert_int_equal(bad, 0);
}

static void test_names_are_unique(void **state)
{
    (void)state;
    for (int a = 0; a < RV_OP_ILLEGAL; a++)
        for (int b = a + 1; b < RV_OP_ILLEGAL; b++)
            if (strcmp(rv_insn_info[a].name, rv_insn_info[b].name) == 0)
                fail_msg("duplicate name %s", rv_insn_info[a].name);
}

int main(void)
{
    const struct CMUnitTest fields[] = {
        cmocka_unit_test(test_r_type_fields),
        cmocka_unit_test(test_i_type_negative_immediates),
        cmocka_unit_test(test_s_type_immediates),
        cmocka_unit_test(test_b_type_absolute_targets),
        cmocka_unit_test(test_j_type_absolute_targets),
        cmocka_unit_test(test_u_type_immediates),
        cmocka_unit_test(test_shift_csr_and_fp_fields),
        cmocka_unit_test(test_reserved_rounding_modes_decode_illegal),
        cmocka_unit_test(test_compressed_decode),
        cmocka_unit_test(test_illegal_words),
        cmocka_unit_test(test_x0_destination_redirected_to_sink),
    };
    const struct CMUnitTest disasm[] = {
        cmocka_unit_test(test_disasm_matches_objdump),
        cmocka_unit_test(test_disasm_long_mnemonics_keep_a_space),
        cmocka_unit_test(test_disasm_rv32_targets),
        cmocka_unit_test(test_disasm_truncates_safely),
    };
    const struct CMUnitTest table[] = {
        cmocka_unit_test(test_table_entries_are_well_formed),
        cmocka_unit_test(test_every_entry_decodes_to_itself),
        cmocka_unit_test(test_no_two_entries_overlap),
        cmocka_unit_test(test_names_are_unique),
    };
    rv_decode_init();
    int failed = 0;
    failed += cmocka_run_group_tests_name("decode_fields", fields, NULL, NULL);
    failed += cmocka_run_group_tests_name("disasm", disasm, NULL, NULL);
    failed += cmocka_run_group_tests_name("insn_table", table, NULL, NULL);
    return failed;
}
