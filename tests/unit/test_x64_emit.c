/*
 * ferry - unit tests for the x86-64 instruction encoder (cpu/x64/emit*.c).
 *
 * Every emitter function is listed in one table with the mnemonic and the
 * operands (kind and width) it must produce. A driver runs each one over
 * every register in every position (REX.R/X/B, the byte registers that need
 * a REX, RSP/R12 and RBP/R13 as a base), memory operands with and without
 * index at every scale and displacements at the disp8/disp32 boundaries,
 * RIP-relative operands, immediates at the imm8/imm32 boundaries and every
 * condition code. Each emitted instruction is decoded with Zydis and must be
 * exactly one instruction of the emitted length, with the intended mnemonic
 * and operands, the shortest displacement/immediate encoding and no
 * needless REX prefix.
 *
 * Further tests: jumps (rel8/rel32, backward jumps to a known offset,
 * forward jumps patched later, re-pointing a jump in emitted code),
 * RIP-relative addressing of host addresses, calls to far targets, NOP
 * padding, buffer overflow, the Intel-syntax text Zydis's formatter prints,
 * and the asserts that guard invalid operands.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <Zydis/Zydis.h>

#include "x64/emit.h"

static ZydisDecoder dec;
static ZydisFormatter fmt;
static unsigned long n_checks, n_insns;

/* ---- checking with context: which emitter, which bytes ---- */

static const char *cur_name = "";
static uint8_t cur_bytes[32];
static size_t cur_len;

static void note_bytes(const char *name, const uint8_t *p, size_t len)
{
    cur_name = name;
    cur_len = len < sizeof cur_bytes ? len : sizeof cur_bytes;
    memcpy(cur_bytes, p, cur_len);
}

#define CHECK_EQ(what, got, want) check_eq(__LINE__, (what), (uint64_t)(got), (uint64_t)(want))

static void check_eq(int line, const char *what, uint64_t got, uint64_t want)
{
    n_checks++;
    if (got == want)
        return;
    char hex[3 * sizeof cur_bytes + 1] = "";
    for (size_t k = 0; k < cur_len; k++)
        snprintf(hex + 3 * k, 4, "%02x ", cur_bytes[k]);
    char text[96] = "(does not decode)";
    ZydisDecodedInstruction in;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
    if (ZYAN_SUCCESS(ZydisDecoderDecodeFull(&dec, cur_bytes, cur_len, &in, ops)))
        ZydisFormatterFormatInstruction(&fmt, &in, ops, in.operand_count_visible, text,
                                        sizeof text, ZYDIS_RUNTIME_ADDRESS_NONE, NULL);
    print_error("line %d: %s: %s: got %#" PRIx64 ", want %#" PRIx64 "\n  bytes %s= %s\n",
                line, cur_name, what, got, want, hex, text);
    fail();
}

typedef struct Dec {
    ZydisDecodedInstruction in;
    ZydisDecodedOperand op[ZYDIS_MAX_OPERAND_COUNT];
} Dec;

/* Decode the instruction at p: it must decode and be exactly len bytes. */
static void decode_at(const char *name, const uint8_t *p, size_t len, Dec *d)
{
    note_bytes(name, p, len);
    ZyanStatus st = ZydisDecoderDecodeFull(&dec, p, len, &d->in, d->op);
    CHECK_EQ("decodes", ZYAN_SUCCESS(st), 1);
    CHECK_EQ("decoded length = emitted length", d->in.length, len);
    n_insns++;
}

static void decode_one(const char *name, const X64Buf *b, Dec *d)
{
    note_bytes(name, b->p, b->len);
    CHECK_EQ("no overflow", b->overflow, 0);
    decode_at(name, b->p, b->len, d);
}

/* ---- Zydis's names for our registers ---- */

static ZydisRegister zgpr(unsigned bits, unsigned r)
{
    assert_true(r < 16);
    switch (bits) {
    /* Zydis lists AL CL DL BL AH CH DH BH SPL BPL SIL DIL R8B..R15B: with
     * REX, numbers 4..7 are SPL..DIL, which is what the encoder means. */
    case 8: return r < 4 ? ZYDIS_REGISTER_AL + r : ZYDIS_REGISTER_SPL + (r - 4);
    case 16: return ZYDIS_REGISTER_AX + r;
    case 32: return ZYDIS_REGISTER_EAX + r;
    case 64: return ZYDIS_REGISTER_RAX + r;
    }
    fail_msg("bad register width %u", bits);
    return ZYDIS_REGISTER_NONE;
}

static ZydisRegister zxmm(unsigned r)
{
    return ZYDIS_REGISTER_XMM0 + r;
}

static const char *cc_name[16] = {
    "o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g",
};
static const ZydisMnemonic jcc_mn[16] = {
    ZYDIS_MNEMONIC_JO, ZYDIS_MNEMONIC_JNO, ZYDIS_MNEMONIC_JB, ZYDIS_MNEMONIC_JNB,
    ZYDIS_MNEMONIC_JZ, ZYDIS_MNEMONIC_JNZ, ZYDIS_MNEMONIC_JBE, ZYDIS_MNEMONIC_JNBE,
    ZYDIS_MNEMONIC_JS, ZYDIS_MNEMONIC_JNS, ZYDIS_MNEMONIC_JP, ZYDIS_MNEMONIC_JNP,
    ZYDIS_MNEMONIC_JL, ZYDIS_MNEMONIC_JNL, ZYDIS_MNEMONIC_JLE, ZYDIS_MNEMONIC_JNLE,
};
static const ZydisMnemonic setcc_mn[16] = {
    ZYDIS_MNEMONIC_SETO, ZYDIS_MNEMONIC_SETNO, ZYDIS_MNEMONIC_SETB, ZYDIS_MNEMONIC_SETNB,
    ZYDIS_MNEMONIC_SETZ, ZYDIS_MNEMONIC_SETNZ, ZYDIS_MNEMONIC_SETBE, ZYDIS_MNEMONIC_SETNBE,
    ZYDIS_MNEMONIC_SETS, ZYDIS_MNEMONIC_SETNS, ZYDIS_MNEMONIC_SETP, ZYDIS_MNEMONIC_SETNP,
    ZYDIS_MNEMONIC_SETL, ZYDIS_MNEMONIC_SETNL, ZYDIS_MNEMONIC_SETLE, ZYDIS_MNEMONIC_SETNLE,
};
static const ZydisMnemonic cmov_mn[16] = {
    ZYDIS_MNEMONIC_CMOVO, ZYDIS_MNEMONIC_CMOVNO, ZYDIS_MNEMONIC_CMOVB, ZYDIS_MNEMONIC_CMOVNB,
    ZYDIS_MNEMONIC_CMOVZ, ZYDIS_MNEMONIC_CMOVNZ, ZYDIS_MNEMONIC_CMOVBE, ZYDIS_MNEMONIC_CMOVNBE,
    ZYDIS_MNEMONIC_CMOVS, ZYDIS_MNEMONIC_CMOVNS, ZYDIS_MNEMONIC_CMOVP, ZYDIS_MNEMONIC_CMOVNP,
    ZYDIS_MNEMONIC_CMOVL, ZYDIS_MNEMONIC_CMOVNL, ZYDIS_MNEMONIC_CMOVLE, ZYDIS_MNEMONIC_CMOVNLE,
};

/* ---- operand values swept ---- */

static const int32_t disps[] = {
    0, 1, -1, 127, -128, 128, -129, 0x1234, -0x1234, INT32_MAX, INT32_MIN,
};
static const int32_t imm_i32[] = {
    0, 1, -1, 127, -128, 128, -129, 255, 0x7fff, -0x8000, 0x12345678, INT32_MAX, INT32_MIN,
};
static const uint32_t imm_u32[] = {
    0, 1, 0x7f, 0x80, 0xff, 0xffffff80u, 0xffffff7fu, 0xffffffffu, 0x80000000u, 0x12345678,
};
static const uint16_t imm_u16[] = { 0, 1, 0x7f, 0x80, 0xff80, 0xff7f, 0xffff, 0x8000, 0x1234 };
static const uint8_t imm_u8[] = { 0, 1, 0x7f, 0x80, 0xff };
static const uint64_t imm_u64[] = {
    0, 1, 0x7fffffff, 0x80000000u, 0xffffffffu, 0x100000000ull, 0xffffffff80000000ull,
    0xffffffff7fffffffull, 0x123456789abcdef0ull, UINT64_MAX, 0x8000000000000000ull,
};
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Memory operands. The "small" set pairs with every register in the other
 * operand; the "full" set covers every base with every displacement, every
 * base with every index at every scale, and RIP-relative forms. */
static X64Mem mem_small[64], mem_full[1400];
static size_t n_mem_small, n_mem_full;

static void build_mems(void)
{
    n_mem_small = n_mem_full = 0;
    for (unsigned base = 0; base < 16; base++) {
        mem_small[n_mem_small++] = x64_mem((X64Reg)base, 0);
        mem_small[n_mem_small++] = x64_mem((X64Reg)base, -129);
    }
    mem_small[n_mem_small++] = x64_mem_idx(X64_RBX, X64_R12, 4, 8);
    mem_small[n_mem_small++] = x64_mem_idx(X64_R13, X64_RAX, 2, 0);
    mem_small[n_mem_small++] = x64_mem_idx(X64_RSP, X64_R15, 8, 0x10000);
    mem_small[n_mem_small++] = x64_mem_rip(0x100);

    unsigned k = 0;
    for (unsigned base = 0; base < 16; base++) {
        for (size_t d = 0; d < N(disps); d++)
            mem_full[n_mem_full++] = x64_mem((X64Reg)base, disps[d]);
        for (unsigned index = 0; index < 16; index++) {
            if (index == X64_RSP)
                continue;
            for (unsigned scale = 1; scale <= 8; scale *= 2)
                mem_full[n_mem_full++] =
                    x64_mem_idx((X64Reg)base, (X64Reg)index, scale, disps[k++ % N(disps)]);
        }
    }
    for (size_t d = 0; d < N(disps); d++)
        mem_full[n_mem_full++] = x64_mem_rip(disps[d]);
    assert_true(n_mem_full <= N(mem_full));
}

/* ---- what an emitter must produce ---- */

typedef enum Kind {
    K_NONE,  /* no more operands */
    K_G,     /* general register of `bits` */
    K_X,     /* XMM register */
    K_CL,    /* the CL count of a shift */
    K_M,     /* memory operand of `bits` */
    K_MA,    /* lea's address operand */
    K_I,     /* immediate, see ImmRule */
} Kind;

typedef enum ImmRule {
    IR_FULL,   /* always encoded at ibits */
    IR_SHORT,  /* imm8 when the value fits sign-extended, else ibits */
    IR_SHIFT,  /* shift count: the D1 form (no immediate byte) for 1, else imm8 */
    IR_COUNT,  /* imm8 that takes every value in [0, range) */
} ImmRule;

typedef struct Spec {
    uint8_t kind, bits;   /* for K_I: bits = the operation's width */
    uint8_t rule, ibits;  /* K_I only */
    uint8_t range;        /* K_I with IR_SHIFT/IR_COUNT: values 0..range-1 */
} Spec;

#define G(n) { K_G, n, 0, 0, 0 }
#define XR { K_X, 128, 0, 0, 0 }
#define CL { K_CL, 8, 0, 0, 0 }
#define M(n) { K_M, n, 0, 0, 0 }
#define MA { K_MA, 0, 0, 0, 0 }
#define IMM(w, rule, ib) { K_I, w, rule, ib, 0 }
#define CNT(w, rule, range) { K_I, w, rule, 8, range }

/* ---- the emitters under test: one signature per operand shape ---- */

typedef enum Sig {
    S_NONE, S_R, S_RR, S_RM, S_MR, S_M,
    S_R_I32, S_R_U32, S_R_U16, S_R_U8, S_R_U64,
    S_M_I32, S_M_U32, S_M_U16, S_M_U8, S_RR_I32,
    S_XX, S_XM, S_MX, S_XR, S_RX, S_XX_U8,
    S_C_R, S_C_M, S_C_RR, S_C_RM,
    S_A_RR, S_A_R_I32, S_A_R_U16, S_A_R_U8, S_A_RM, S_A_MR, S_A_M_I32, S_A_M_U8,
    S_SH_R, S_SH_R_U8, S_B_RR, S_B_R_U8, S_S_XX, S_S_XM,
} Sig;

typedef struct Case {
    const char *name;
    Sig sig;
    union {
        void (*none)(X64Buf *);
        void (*r)(X64Buf *, X64Reg);
        void (*rr)(X64Buf *, X64Reg, X64Reg);
        void (*rm)(X64Buf *, X64Reg, X64Mem);
        void (*mr)(X64Buf *, X64Mem, X64Reg);
        void (*m)(X64Buf *, X64Mem);
        void (*r_i32)(X64Buf *, X64Reg, int32_t);
        void (*r_u32)(X64Buf *, X64Reg, uint32_t);
        void (*r_u16)(X64Buf *, X64Reg, uint16_t);
        void (*r_u8)(X64Buf *, X64Reg, uint8_t);
        void (*r_u64)(X64Buf *, X64Reg, uint64_t);
        void (*m_i32)(X64Buf *, X64Mem, int32_t);
        void (*m_u32)(X64Buf *, X64Mem, uint32_t);
        void (*m_u16)(X64Buf *, X64Mem, uint16_t);
        void (*m_u8)(X64Buf *, X64Mem, uint8_t);
        void (*rr_i32)(X64Buf *, X64Reg, X64Reg, int32_t);
        void (*xx)(X64Buf *, X64Xmm, X64Xmm);
        void (*xm)(X64Buf *, X64Xmm, X64Mem);
        void (*mx)(X64Buf *, X64Mem, X64Xmm);
        void (*xr)(X64Buf *, X64Xmm, X64Reg);
        void (*rx)(X64Buf *, X64Reg, X64Xmm);
        void (*xx_u8)(X64Buf *, X64Xmm, X64Xmm, uint8_t);
        void (*c_r)(X64Buf *, X64Cond, X64Reg);
        void (*c_m)(X64Buf *, X64Cond, X64Mem);
        void (*c_rr)(X64Buf *, X64Cond, X64Reg, X64Reg);
        void (*c_rm)(X64Buf *, X64Cond, X64Reg, X64Mem);
        void (*a_rr)(X64Buf *, X64AluOp, X64Reg, X64Reg);
        void (*a_r_i32)(X64Buf *, X64AluOp, X64Reg, int32_t);
        void (*a_r_u16)(X64Buf *, X64AluOp, X64Reg, uint16_t);
        void (*a_r_u8)(X64Buf *, X64AluOp, X64Reg, uint8_t);
        void (*a_rm)(X64Buf *, X64AluOp, X64Reg, X64Mem);
        void (*a_mr)(X64Buf *, X64AluOp, X64Mem, X64Reg);
        void (*a_m_i32)(X64Buf *, X64AluOp, X64Mem, int32_t);
        void (*a_m_u8)(X64Buf *, X64AluOp, X64Mem, uint8_t);
        void (*sh_r)(X64Buf *, X64ShiftOp, X64Reg);
        void (*sh_r_u8)(X64Buf *, X64ShiftOp, X64Reg, uint8_t);
        void (*b_rr)(X64Buf *, X64BitOp, X64Reg, X64Reg);
        void (*b_r_u8)(X64Buf *, X64BitOp, X64Reg, uint8_t);
        void (*s_xx)(X64Buf *, X64SseOp, X64Xmm, X64Xmm);
        void (*s_xm)(X64Buf *, X64SseOp, X64Xmm, X64Mem);
    } fn;
    ZydisMnemonic mn;
    Spec o[3];        /* the visible operands, in Zydis's (Intel) order */
    bool lock;        /* must carry a LOCK prefix */
    int op;           /* operation or condition for the generic emitters */
} Case;

/* The operands of one emission: registers in the order of the emitter's
 * parameters, the memory operand, the immediate. */
typedef struct Args {
    unsigned r[2];
    X64Mem m;
    uint64_t imm;
} Args;

static void emit(const Case *c, X64Buf *b, const Args *a)
{
    X64Reg r0 = (X64Reg)a->r[0], r1 = (X64Reg)a->r[1];
    X64Xmm x0 = (X64Xmm)a->r[0], x1 = (X64Xmm)a->r[1];
    X64Cond cc = (X64Cond)c->op;
    switch (c->sig) {
    case S_NONE: c->fn.none(b); break;
    case S_R: c->fn.r(b, r0); break;
    case S_RR: c->fn.rr(b, r0, r1); break;
    case S_RM: c->fn.rm(b, r0, a->m); break;
    case S_MR: c->fn.mr(b, a->m, r0); break;
    case S_M: c->fn.m(b, a->m); break;
    case S_R_I32: c->fn.r_i32(b, r0, (int32_t)a->imm); break;
    case S_R_U32: c->fn.r_u32(b, r0, (uint32_t)a->imm); break;
    case S_R_U16: c->fn.r_u16(b, r0, (uint16_t)a->imm); break;
    case S_R_U8: c->fn.r_u8(b, r0, (uint8_t)a->imm); break;
    case S_R_U64: c->fn.r_u64(b, r0, a->imm); break;
    case S_M_I32: c->fn.m_i32(b, a->m, (int32_t)a->imm); break;
    case S_M_U32: c->fn.m_u32(b, a->m, (uint32_t)a->imm); break;
    case S_M_U16: c->fn.m_u16(b, a->m, (uint16_t)a->imm); break;
    case S_M_U8: c->fn.m_u8(b, a->m, (uint8_t)a->imm); break;
    case S_RR_I32: c->fn.rr_i32(b, r0, r1, (int32_t)a->imm); break;
    case S_XX: c->fn.xx(b, x0, x1); break;
    case S_XM: c->fn.xm(b, x0, a->m); break;
    case S_MX: c->fn.mx(b, a->m, x0); break;
    case S_XR: c->fn.xr(b, x0, r1); break;
    case S_RX: c->fn.rx(b, r0, x1); break;
    case S_XX_U8: c->fn.xx_u8(b, x0, x1, (uint8_t)a->imm); break;
    case S_C_R: c->fn.c_r(b, cc, r0); break;
    case S_C_M: c->fn.c_m(b, cc, a->m); break;
    case S_C_RR: c->fn.c_rr(b, cc, r0, r1); break;
    case S_C_RM: c->fn.c_rm(b, cc, r0, a->m); break;
    case S_A_RR: c->fn.a_rr(b, (X64AluOp)c->op, r0, r1); break;
    case S_A_R_I32: c->fn.a_r_i32(b, (X64AluOp)c->op, r0, (int32_t)a->imm); break;
    case S_A_R_U16: c->fn.a_r_u16(b, (X64AluOp)c->op, r0, (uint16_t)a->imm); break;
    case S_A_R_U8: c->fn.a_r_u8(b, (X64AluOp)c->op, r0, (uint8_t)a->imm); break;
    case S_A_RM: c->fn.a_rm(b, (X64AluOp)c->op, r0, a->m); break;
    case S_A_MR: c->fn.a_mr(b, (X64AluOp)c->op, a->m, r0); break;
    case S_A_M_I32: c->fn.a_m_i32(b, (X64AluOp)c->op, a->m, (int32_t)a->imm); break;
    case S_A_M_U8: c->fn.a_m_u8(b, (X64AluOp)c->op, a->m, (uint8_t)a->imm); break;
    case S_SH_R: c->fn.sh_r(b, (X64ShiftOp)c->op, r0); break;
    case S_SH_R_U8: c->fn.sh_r_u8(b, (X64ShiftOp)c->op, r0, (uint8_t)a->imm); break;
    case S_B_RR: c->fn.b_rr(b, (X64BitOp)c->op, r0, r1); break;
    case S_B_R_U8: c->fn.b_r_u8(b, (X64BitOp)c->op, r0, (uint8_t)a->imm); break;
    case S_S_XX: c->fn.s_xx(b, (X64SseOp)c->op, x0, x1); break;
    case S_S_XM: c->fn.s_xm(b, (X64SseOp)c->op, x0, a->m); break;
    }
}

/* The C type of the immediate parameter, which picks the values swept. */
typedef enum ImmType { T_NONE, T_I32, T_U32, T_U16, T_U8, T_U64 } ImmType;

static ImmType imm_type(Sig s)
{
    switch (s) {
    case S_R_I32: case S_M_I32: case S_RR_I32: case S_A_R_I32: case S_A_M_I32:
        return T_I32;
    case S_R_U32: case S_M_U32:
        return T_U32;
    case S_R_U16: case S_M_U16: case S_A_R_U16:
        return T_U16;
    case S_R_U8: case S_M_U8: case S_XX_U8: case S_A_R_U8: case S_A_M_U8: case S_SH_R_U8:
    case S_B_R_U8:
        return T_U8;
    case S_R_U64:
        return T_U64;
    default:
        return T_NONE;
    }
}

/* One row per emitter: C(name, signature, union member, Zydis mnemonic,
 * operands...). LOCKED rows must also carry a LOCK prefix. */
#define C(nm, sig, u, mnem, ...) \
    { #nm, sig, { .u = x64_##nm }, ZYDIS_MNEMONIC_##mnem, { __VA_ARGS__ }, false, 0 }
#define LOCKED(nm, sig, u, mnem, ...) \
    { #nm, sig, { .u = x64_##nm }, ZYDIS_MNEMONIC_##mnem, { __VA_ARGS__ }, true, 0 }

static const Case mov_cases[] = {
    C(mov_r64_r64, S_RR, rr, MOV, G(64), G(64)),
    C(mov_r32_r32, S_RR, rr, MOV, G(32), G(32)),
    C(mov_r32_imm32, S_R_U32, r_u32, MOV, G(32), IMM(32, IR_FULL, 32)),
    C(mov_r64_imm32, S_R_I32, r_i32, MOV, G(64), IMM(64, IR_FULL, 32)),
    C(mov_r64_imm64, S_R_U64, r_u64, MOV, G(64), IMM(64, IR_FULL, 64)),
    C(mov_r64_m64, S_RM, rm, MOV, G(64), M(64)),
    C(mov_r32_m32, S_RM, rm, MOV, G(32), M(32)),
    C(mov_m64_r64, S_MR, mr, MOV, M(64), G(64)),
    C(mov_m32_r32, S_MR, mr, MOV, M(32), G(32)),
    C(mov_m16_r16, S_MR, mr, MOV, M(16), G(16)),
    C(mov_m8_r8, S_MR, mr, MOV, M(8), G(8)),
    C(mov_m64_imm32, S_M_I32, m_i32, MOV, M(64), IMM(64, IR_FULL, 32)),
    C(mov_m32_imm32, S_M_U32, m_u32, MOV, M(32), IMM(32, IR_FULL, 32)),
    C(mov_m16_imm16, S_M_U16, m_u16, MOV, M(16), IMM(16, IR_FULL, 16)),
    C(mov_m8_imm8, S_M_U8, m_u8, MOV, M(8), IMM(8, IR_FULL, 8)),
    C(movzx_r32_r8, S_RR, rr, MOVZX, G(32), G(8)),
    C(movzx_r32_r16, S_RR, rr, MOVZX, G(32), G(16)),
    C(movzx_r32_m8, S_RM, rm, MOVZX, G(32), M(8)),
    C(movzx_r32_m16, S_RM, rm, MOVZX, G(32), M(16)),
    C(movsx_r32_r8, S_RR, rr, MOVSX, G(32), G(8)),
    C(movsx_r32_r16, S_RR, rr, MOVSX, G(32), G(16)),
    C(movsx_r64_r8, S_RR, rr, MOVSX, G(64), G(8)),
    C(movsx_r64_r16, S_RR, rr, MOVSX, G(64), G(16)),
    C(movsx_r32_m8, S_RM, rm, MOVSX, G(32), M(8)),
    C(movsx_r32_m16, S_RM, rm, MOVSX, G(32), M(16)),
    C(movsx_r64_m8, S_RM, rm, MOVSX, G(64), M(8)),
    C(movsx_r64_m16, S_RM, rm, MOVSX, G(64), M(16)),
    C(movsxd_r64_r32, S_RR, rr, MOVSXD, G(64), G(32)),
    C(movsxd_r64_m32, S_RM, rm, MOVSXD, G(64), M(32)),
    C(lea_r64_m, S_RM, rm, LEA, G(64), MA),
    C(lea_r32_m, S_RM, rm, LEA, G(32), MA),
    C(xchg_r64_r64, S_RR, rr, XCHG, G(64), G(64)),
    C(xchg_r32_r32, S_RR, rr, XCHG, G(32), G(32)),
    C(xchg_m64_r64, S_MR, mr, XCHG, M(64), G(64)),
    C(xchg_m32_r32, S_MR, mr, XCHG, M(32), G(32)),
    LOCKED(lock_cmpxchg_m64_r64, S_MR, mr, CMPXCHG, M(64), G(64)),
    LOCKED(lock_cmpxchg_m32_r32, S_MR, mr, CMPXCHG, M(32), G(32)),
    LOCKED(lock_cmpxchg_m16_r16, S_MR, mr, CMPXCHG, M(16), G(16)),
    LOCKED(lock_cmpxchg_m8_r8, S_MR, mr, CMPXCHG, M(8), G(8)),
    LOCKED(lock_xadd_m64_r64, S_MR, mr, XADD, M(64), G(64)),
    LOCKED(lock_xadd_m32_r32, S_MR, mr, XADD, M(32), G(32)),
    C(mfence, S_NONE, none, MFENCE),
    C(lfence, S_NONE, none, LFENCE),
    C(sfence, S_NONE, none, SFENCE),
    C(pause, S_NONE, none, PAUSE),
};

/* The 32- and 64-bit named ALU forms (the generic ones: alu_shapes). */
static const Case alu_named_cases[] = {
    C(add_r64_r64, S_RR, rr, ADD, G(64), G(64)),
    C(add_r32_r32, S_RR, rr, ADD, G(32), G(32)),
    C(add_r64_imm32, S_R_I32, r_i32, ADD, G(64), IMM(64, IR_SHORT, 32)),
    C(add_r32_imm32, S_R_I32, r_i32, ADD, G(32), IMM(32, IR_SHORT, 32)),
    C(add_r64_m64, S_RM, rm, ADD, G(64), M(64)),
    C(add_r32_m32, S_RM, rm, ADD, G(32), M(32)),
    C(add_m64_r64, S_MR, mr, ADD, M(64), G(64)),
    C(add_m32_r32, S_MR, mr, ADD, M(32), G(32)),
    C(add_m64_imm32, S_M_I32, m_i32, ADD, M(64), IMM(64, IR_SHORT, 32)),
    C(add_m32_imm32, S_M_I32, m_i32, ADD, M(32), IMM(32, IR_SHORT, 32)),
    C(or_r64_r64, S_RR, rr, OR, G(64), G(64)),
    C(or_r32_r32, S_RR, rr, OR, G(32), G(32)),
    C(or_r64_imm32, S_R_I32, r_i32, OR, G(64), IMM(64, IR_SHORT, 32)),
    C(or_r32_imm32, S_R_I32, r_i32, OR, G(32), IMM(32, IR_SHORT, 32)),
    C(or_r64_m64, S_RM, rm, OR, G(64), M(64)),
    C(or_r32_m32, S_RM, rm, OR, G(32), M(32)),
    C(or_m64_r64, S_MR, mr, OR, M(64), G(64)),
    C(or_m32_r32, S_MR, mr, OR, M(32), G(32)),
    C(or_m64_imm32, S_M_I32, m_i32, OR, M(64), IMM(64, IR_SHORT, 32)),
    C(or_m32_imm32, S_M_I32, m_i32, OR, M(32), IMM(32, IR_SHORT, 32)),
    C(adc_r64_r64, S_RR, rr, ADC, G(64), G(64)),
    C(adc_r32_r32, S_RR, rr, ADC, G(32), G(32)),
    C(adc_r64_imm32, S_R_I32, r_i32, ADC, G(64), IMM(64, IR_SHORT, 32)),
    C(adc_r32_imm32, S_R_I32, r_i32, ADC, G(32), IMM(32, IR_SHORT, 32)),
    C(adc_r64_m64, S_RM, rm, ADC, G(64), M(64)),
    C(adc_r32_m32, S_RM, rm, ADC, G(32), M(32)),
    C(adc_m64_r64, S_MR, mr, ADC, M(64), G(64)),
    C(adc_m32_r32, S_MR, mr, ADC, M(32), G(32)),
    C(adc_m64_imm32, S_M_I32, m_i32, ADC, M(64), IMM(64, IR_SHORT, 32)),
    C(adc_m32_imm32, S_M_I32, m_i32, ADC, M(32), IMM(32, IR_SHORT, 32)),
    C(sbb_r64_r64, S_RR, rr, SBB, G(64), G(64)),
    C(sbb_r32_r32, S_RR, rr, SBB, G(32), G(32)),
    C(sbb_r64_imm32, S_R_I32, r_i32, SBB, G(64), IMM(64, IR_SHORT, 32)),
    C(sbb_r32_imm32, S_R_I32, r_i32, SBB, G(32), IMM(32, IR_SHORT, 32)),
    C(sbb_r64_m64, S_RM, rm, SBB, G(64), M(64)),
    C(sbb_r32_m32, S_RM, rm, SBB, G(32), M(32)),
    C(sbb_m64_r64, S_MR, mr, SBB, M(64), G(64)),
    C(sbb_m32_r32, S_MR, mr, SBB, M(32), G(32)),
    C(sbb_m64_imm32, S_M_I32, m_i32, SBB, M(64), IMM(64, IR_SHORT, 32)),
    C(sbb_m32_imm32, S_M_I32, m_i32, SBB, M(32), IMM(32, IR_SHORT, 32)),
    C(and_r64_r64, S_RR, rr, AND, G(64), G(64)),
    C(and_r32_r32, S_RR, rr, AND, G(32), G(32)),
    C(and_r64_imm32, S_R_I32, r_i32, AND, G(64), IMM(64, IR_SHORT, 32)),
    C(and_r32_imm32, S_R_I32, r_i32, AND, G(32), IMM(32, IR_SHORT, 32)),
    C(and_r64_m64, S_RM, rm, AND, G(64), M(64)),
    C(and_r32_m32, S_RM, rm, AND, G(32), M(32)),
    C(and_m64_r64, S_MR, mr, AND, M(64), G(64)),
    C(and_m32_r32, S_MR, mr, AND, M(32), G(32)),
    C(and_m64_imm32, S_M_I32, m_i32, AND, M(64), IMM(64, IR_SHORT, 32)),
    C(and_m32_imm32, S_M_I32, m_i32, AND, M(32), IMM(32, IR_SHORT, 32)),
    C(sub_r64_r64, S_RR, rr, SUB, G(64), G(64)),
    C(sub_r32_r32, S_RR, rr, SUB, G(32), G(32)),
    C(sub_r64_imm32, S_R_I32, r_i32, SUB, G(64), IMM(64, IR_SHORT, 32)),
    C(sub_r32_imm32, S_R_I32, r_i32, SUB, G(32), IMM(32, IR_SHORT, 32)),
    C(sub_r64_m64, S_RM, rm, SUB, G(64), M(64)),
    C(sub_r32_m32, S_RM, rm, SUB, G(32), M(32)),
    C(sub_m64_r64, S_MR, mr, SUB, M(64), G(64)),
    C(sub_m32_r32, S_MR, mr, SUB, M(32), G(32)),
    C(sub_m64_imm32, S_M_I32, m_i32, SUB, M(64), IMM(64, IR_SHORT, 32)),
    C(sub_m32_imm32, S_M_I32, m_i32, SUB, M(32), IMM(32, IR_SHORT, 32)),
    C(xor_r64_r64, S_RR, rr, XOR, G(64), G(64)),
    C(xor_r32_r32, S_RR, rr, XOR, G(32), G(32)),
    C(xor_r64_imm32, S_R_I32, r_i32, XOR, G(64), IMM(64, IR_SHORT, 32)),
    C(xor_r32_imm32, S_R_I32, r_i32, XOR, G(32), IMM(32, IR_SHORT, 32)),
    C(xor_r64_m64, S_RM, rm, XOR, G(64), M(64)),
    C(xor_r32_m32, S_RM, rm, XOR, G(32), M(32)),
    C(xor_m64_r64, S_MR, mr, XOR, M(64), G(64)),
    C(xor_m32_r32, S_MR, mr, XOR, M(32), G(32)),
    C(xor_m64_imm32, S_M_I32, m_i32, XOR, M(64), IMM(64, IR_SHORT, 32)),
    C(xor_m32_imm32, S_M_I32, m_i32, XOR, M(32), IMM(32, IR_SHORT, 32)),
    C(cmp_r64_r64, S_RR, rr, CMP, G(64), G(64)),
    C(cmp_r32_r32, S_RR, rr, CMP, G(32), G(32)),
    C(cmp_r64_imm32, S_R_I32, r_i32, CMP, G(64), IMM(64, IR_SHORT, 32)),
    C(cmp_r32_imm32, S_R_I32, r_i32, CMP, G(32), IMM(32, IR_SHORT, 32)),
    C(cmp_r64_m64, S_RM, rm, CMP, G(64), M(64)),
    C(cmp_r32_m32, S_RM, rm, CMP, G(32), M(32)),
    C(cmp_m64_r64, S_MR, mr, CMP, M(64), G(64)),
    C(cmp_m32_r32, S_MR, mr, CMP, M(32), G(32)),
    C(cmp_m64_imm32, S_M_I32, m_i32, CMP, M(64), IMM(64, IR_SHORT, 32)),
    C(cmp_m32_imm32, S_M_I32, m_i32, CMP, M(32), IMM(32, IR_SHORT, 32)),
};

static const Case int_cases[] = {
    C(test_r64_r64, S_RR, rr, TEST, G(64), G(64)),
    C(test_r32_r32, S_RR, rr, TEST, G(32), G(32)),
    C(test_r16_r16, S_RR, rr, TEST, G(16), G(16)),
    C(test_r8_r8, S_RR, rr, TEST, G(8), G(8)),
    C(test_r64_imm32, S_R_I32, r_i32, TEST, G(64), IMM(64, IR_FULL, 32)),
    C(test_r32_imm32, S_R_U32, r_u32, TEST, G(32), IMM(32, IR_FULL, 32)),
    C(test_r8_imm8, S_R_U8, r_u8, TEST, G(8), IMM(8, IR_FULL, 8)),
    C(test_m64_r64, S_MR, mr, TEST, M(64), G(64)),
    C(test_m32_r32, S_MR, mr, TEST, M(32), G(32)),
    C(test_m32_imm32, S_M_U32, m_u32, TEST, M(32), IMM(32, IR_FULL, 32)),
    C(test_m8_imm8, S_M_U8, m_u8, TEST, M(8), IMM(8, IR_FULL, 8)),
    C(neg_r64, S_R, r, NEG, G(64)),
    C(neg_r32, S_R, r, NEG, G(32)),
    C(neg_r16, S_R, r, NEG, G(16)),
    C(neg_r8, S_R, r, NEG, G(8)),
    C(not_r64, S_R, r, NOT, G(64)),
    C(not_r32, S_R, r, NOT, G(32)),
    C(not_r16, S_R, r, NOT, G(16)),
    C(not_r8, S_R, r, NOT, G(8)),
    C(inc_r64, S_R, r, INC, G(64)),
    C(inc_r32, S_R, r, INC, G(32)),
    C(dec_r64, S_R, r, DEC, G(64)),
    C(dec_r32, S_R, r, DEC, G(32)),
    C(shl_r64_cl, S_R, r, SHL, G(64), CL),
    C(shl_r32_cl, S_R, r, SHL, G(32), CL),
    C(shr_r64_cl, S_R, r, SHR, G(64), CL),
    C(shr_r32_cl, S_R, r, SHR, G(32), CL),
    C(sar_r64_cl, S_R, r, SAR, G(64), CL),
    C(sar_r32_cl, S_R, r, SAR, G(32), CL),
    C(rol_r64_cl, S_R, r, ROL, G(64), CL),
    C(rol_r32_cl, S_R, r, ROL, G(32), CL),
    C(ror_r64_cl, S_R, r, ROR, G(64), CL),
    C(ror_r32_cl, S_R, r, ROR, G(32), CL),
    C(shl_r64_imm, S_R_U8, r_u8, SHL, G(64), CNT(64, IR_SHIFT, 64)),
    C(shl_r32_imm, S_R_U8, r_u8, SHL, G(32), CNT(32, IR_SHIFT, 32)),
    C(shr_r64_imm, S_R_U8, r_u8, SHR, G(64), CNT(64, IR_SHIFT, 64)),
    C(shr_r32_imm, S_R_U8, r_u8, SHR, G(32), CNT(32, IR_SHIFT, 32)),
    C(sar_r64_imm, S_R_U8, r_u8, SAR, G(64), CNT(64, IR_SHIFT, 64)),
    C(sar_r32_imm, S_R_U8, r_u8, SAR, G(32), CNT(32, IR_SHIFT, 32)),
    C(rol_r64_imm, S_R_U8, r_u8, ROL, G(64), CNT(64, IR_SHIFT, 64)),
    C(rol_r32_imm, S_R_U8, r_u8, ROL, G(32), CNT(32, IR_SHIFT, 32)),
    C(ror_r64_imm, S_R_U8, r_u8, ROR, G(64), CNT(64, IR_SHIFT, 64)),
    C(ror_r32_imm, S_R_U8, r_u8, ROR, G(32), CNT(32, IR_SHIFT, 32)),
    C(rol_r16_imm, S_R_U8, r_u8, ROL, G(16), CNT(16, IR_SHIFT, 32)),
    C(mul_r64, S_R, r, MUL, G(64)),
    C(mul_r32, S_R, r, MUL, G(32)),
    C(imul_r64, S_R, r, IMUL, G(64)),
    C(imul_r32, S_R, r, IMUL, G(32)),
    C(div_r64, S_R, r, DIV, G(64)),
    C(div_r32, S_R, r, DIV, G(32)),
    C(idiv_r64, S_R, r, IDIV, G(64)),
    C(idiv_r32, S_R, r, IDIV, G(32)),
    C(imul_r64_r64, S_RR, rr, IMUL, G(64), G(64)),
    C(imul_r32_r32, S_RR, rr, IMUL, G(32), G(32)),
    C(imul_r64_m64, S_RM, rm, IMUL, G(64), M(64)),
    C(imul_r32_m32, S_RM, rm, IMUL, G(32), M(32)),
    C(imul_r64_r64_imm32, S_RR_I32, rr_i32, IMUL, G(64), G(64), IMM(64, IR_SHORT, 32)),
    C(imul_r32_r32_imm32, S_RR_I32, rr_i32, IMUL, G(32), G(32), IMM(32, IR_SHORT, 32)),
    C(cqo, S_NONE, none, CQO),
    C(cdq, S_NONE, none, CDQ),
    C(cdqe, S_NONE, none, CDQE),
    C(clc, S_NONE, none, CLC),
    C(stc, S_NONE, none, STC),
    C(cmc, S_NONE, none, CMC),
    C(lahf, S_NONE, none, LAHF),
    C(sahf, S_NONE, none, SAHF),
    C(bt_r64_r64, S_RR, rr, BT, G(64), G(64)),
    C(bt_r32_r32, S_RR, rr, BT, G(32), G(32)),
    C(bt_r64_imm8, S_R_U8, r_u8, BT, G(64), CNT(64, IR_COUNT, 64)),
    C(bt_r32_imm8, S_R_U8, r_u8, BT, G(32), CNT(32, IR_COUNT, 32)),
    C(bswap_r64, S_R, r, BSWAP, G(64)),
    C(bswap_r32, S_R, r, BSWAP, G(32)),
    C(bsf_r64_r64, S_RR, rr, BSF, G(64), G(64)),
    C(bsf_r32_r32, S_RR, rr, BSF, G(32), G(32)),
    C(bsr_r64_r64, S_RR, rr, BSR, G(64), G(64)),
    C(bsr_r32_r32, S_RR, rr, BSR, G(32), G(32)),
    C(tzcnt_r64_r64, S_RR, rr, TZCNT, G(64), G(64)),
    C(tzcnt_r32_r32, S_RR, rr, TZCNT, G(32), G(32)),
    C(lzcnt_r64_r64, S_RR, rr, LZCNT, G(64), G(64)),
    C(lzcnt_r32_r32, S_RR, rr, LZCNT, G(32), G(32)),
    C(popcnt_r64_r64, S_RR, rr, POPCNT, G(64), G(64)),
    C(popcnt_r32_r32, S_RR, rr, POPCNT, G(32), G(32)),
    C(jmp_r64, S_R, r, JMP, G(64)),
    C(jmp_m64, S_M, m, JMP, M(64)),
    C(call_r64, S_R, r, CALL, G(64)),
    C(call_m64, S_M, m, CALL, M(64)),
    C(ret, S_NONE, none, RET),
    C(push_r64, S_R, r, PUSH, G(64)),
    C(pop_r64, S_R, r, POP, G(64)),
    C(int3, S_NONE, none, INT3),
    C(ud2, S_NONE, none, UD2),
};

static const Case sse_cases[] = {
    C(movsd_x_m64, S_XM, xm, MOVSD, XR, M(64)),
    C(movsd_m64_x, S_MX, mx, MOVSD, M(64), XR),
    C(movsd_x_x, S_XX, xx, MOVSD, XR, XR),
    C(movss_x_m32, S_XM, xm, MOVSS, XR, M(32)),
    C(movss_m32_x, S_MX, mx, MOVSS, M(32), XR),
    C(movss_x_x, S_XX, xx, MOVSS, XR, XR),
    C(movaps_x_x, S_XX, xx, MOVAPS, XR, XR),
    C(movq_x_r64, S_XR, xr, MOVQ, XR, G(64)),
    C(movq_r64_x, S_RX, rx, MOVQ, G(64), XR),
    C(movd_x_r32, S_XR, xr, MOVD, XR, G(32)),
    C(movd_r32_x, S_RX, rx, MOVD, G(32), XR),
    C(addsd_x_x, S_XX, xx, ADDSD, XR, XR),
    C(addsd_x_m64, S_XM, xm, ADDSD, XR, M(64)),
    C(subsd_x_x, S_XX, xx, SUBSD, XR, XR),
    C(subsd_x_m64, S_XM, xm, SUBSD, XR, M(64)),
    C(mulsd_x_x, S_XX, xx, MULSD, XR, XR),
    C(mulsd_x_m64, S_XM, xm, MULSD, XR, M(64)),
    C(divsd_x_x, S_XX, xx, DIVSD, XR, XR),
    C(divsd_x_m64, S_XM, xm, DIVSD, XR, M(64)),
    C(sqrtsd_x_x, S_XX, xx, SQRTSD, XR, XR),
    C(sqrtsd_x_m64, S_XM, xm, SQRTSD, XR, M(64)),
    C(minsd_x_x, S_XX, xx, MINSD, XR, XR),
    C(minsd_x_m64, S_XM, xm, MINSD, XR, M(64)),
    C(maxsd_x_x, S_XX, xx, MAXSD, XR, XR),
    C(maxsd_x_m64, S_XM, xm, MAXSD, XR, M(64)),
    C(addss_x_x, S_XX, xx, ADDSS, XR, XR),
    C(addss_x_m32, S_XM, xm, ADDSS, XR, M(32)),
    C(subss_x_x, S_XX, xx, SUBSS, XR, XR),
    C(subss_x_m32, S_XM, xm, SUBSS, XR, M(32)),
    C(mulss_x_x, S_XX, xx, MULSS, XR, XR),
    C(mulss_x_m32, S_XM, xm, MULSS, XR, M(32)),
    C(divss_x_x, S_XX, xx, DIVSS, XR, XR),
    C(divss_x_m32, S_XM, xm, DIVSS, XR, M(32)),
    C(sqrtss_x_x, S_XX, xx, SQRTSS, XR, XR),
    C(sqrtss_x_m32, S_XM, xm, SQRTSS, XR, M(32)),
    C(minss_x_x, S_XX, xx, MINSS, XR, XR),
    C(minss_x_m32, S_XM, xm, MINSS, XR, M(32)),
    C(maxss_x_x, S_XX, xx, MAXSS, XR, XR),
    C(maxss_x_m32, S_XM, xm, MAXSS, XR, M(32)),
    C(ucomisd_x_x, S_XX, xx, UCOMISD, XR, XR),
    C(ucomisd_x_m64, S_XM, xm, UCOMISD, XR, M(64)),
    C(ucomiss_x_x, S_XX, xx, UCOMISS, XR, XR),
    C(ucomiss_x_m32, S_XM, xm, UCOMISS, XR, M(32)),
    C(comisd_x_x, S_XX, xx, COMISD, XR, XR),
    C(comiss_x_x, S_XX, xx, COMISS, XR, XR),
    C(cvtsi2sd_x_r64, S_XR, xr, CVTSI2SD, XR, G(64)),
    C(cvtsi2sd_x_r32, S_XR, xr, CVTSI2SD, XR, G(32)),
    C(cvtsi2ss_x_r64, S_XR, xr, CVTSI2SS, XR, G(64)),
    C(cvtsi2ss_x_r32, S_XR, xr, CVTSI2SS, XR, G(32)),
    C(cvttsd2si_r64_x, S_RX, rx, CVTTSD2SI, G(64), XR),
    C(cvttsd2si_r32_x, S_RX, rx, CVTTSD2SI, G(32), XR),
    C(cvttss2si_r64_x, S_RX, rx, CVTTSS2SI, G(64), XR),
    C(cvttss2si_r32_x, S_RX, rx, CVTTSS2SI, G(32), XR),
    C(cvtsd2si_r64_x, S_RX, rx, CVTSD2SI, G(64), XR),
    C(cvtsd2si_r32_x, S_RX, rx, CVTSD2SI, G(32), XR),
    C(cvtss2si_r64_x, S_RX, rx, CVTSS2SI, G(64), XR),
    C(cvtss2si_r32_x, S_RX, rx, CVTSS2SI, G(32), XR),
    C(cvtss2sd_x_x, S_XX, xx, CVTSS2SD, XR, XR),
    C(cvtsd2ss_x_x, S_XX, xx, CVTSD2SS, XR, XR),
    C(andpd_x_x, S_XX, xx, ANDPD, XR, XR),
    C(andnpd_x_x, S_XX, xx, ANDNPD, XR, XR),
    C(orpd_x_x, S_XX, xx, ORPD, XR, XR),
    C(xorpd_x_x, S_XX, xx, XORPD, XR, XR),
    C(andps_x_x, S_XX, xx, ANDPS, XR, XR),
    C(andnps_x_x, S_XX, xx, ANDNPS, XR, XR),
    C(orps_x_x, S_XX, xx, ORPS, XR, XR),
    C(xorps_x_x, S_XX, xx, XORPS, XR, XR),
    C(roundsd_x_x, S_XX_U8, xx_u8, ROUNDSD, XR, XR, CNT(8, IR_COUNT, 16)),
    C(roundss_x_x, S_XX_U8, xx_u8, ROUNDSS, XR, XR, CNT(8, IR_COUNT, 16)),
    C(ldmxcsr_m32, S_M, m, LDMXCSR, M(32)),
    C(stmxcsr_m32, S_M, m, STMXCSR, M(32)),
};

/* Emitters that take a condition: run with every one of the 16. */
static const Case cond_cases[] = {
    C(setcc_r8, S_C_R, c_r, INVALID, G(8)),
    C(setcc_m8, S_C_M, c_m, INVALID, M(8)),
    C(cmov_r64_r64, S_C_RR, c_rr, INVALID, G(64), G(64)),
    C(cmov_r32_r32, S_C_RR, c_rr, INVALID, G(32), G(32)),
    C(cmov_r64_m64, S_C_RM, c_rm, INVALID, G(64), M(64)),
    C(cmov_r32_m32, S_C_RM, c_rm, INVALID, G(32), M(32)),
};

/* The generic ALU emitters: run with every X64AluOp. */
static const Case alu_shapes[] = {
    C(alu_r64_r64, S_A_RR, a_rr, INVALID, G(64), G(64)),
    C(alu_r32_r32, S_A_RR, a_rr, INVALID, G(32), G(32)),
    C(alu_r16_r16, S_A_RR, a_rr, INVALID, G(16), G(16)),
    C(alu_r8_r8, S_A_RR, a_rr, INVALID, G(8), G(8)),
    C(alu_r64_imm32, S_A_R_I32, a_r_i32, INVALID, G(64), IMM(64, IR_SHORT, 32)),
    C(alu_r32_imm32, S_A_R_I32, a_r_i32, INVALID, G(32), IMM(32, IR_SHORT, 32)),
    C(alu_r16_imm16, S_A_R_U16, a_r_u16, INVALID, G(16), IMM(16, IR_SHORT, 16)),
    C(alu_r8_imm8, S_A_R_U8, a_r_u8, INVALID, G(8), IMM(8, IR_FULL, 8)),
    C(alu_r64_m64, S_A_RM, a_rm, INVALID, G(64), M(64)),
    C(alu_r32_m32, S_A_RM, a_rm, INVALID, G(32), M(32)),
    C(alu_m64_r64, S_A_MR, a_mr, INVALID, M(64), G(64)),
    C(alu_m32_r32, S_A_MR, a_mr, INVALID, M(32), G(32)),
    C(alu_m64_imm32, S_A_M_I32, a_m_i32, INVALID, M(64), IMM(64, IR_SHORT, 32)),
    C(alu_m32_imm32, S_A_M_I32, a_m_i32, INVALID, M(32), IMM(32, IR_SHORT, 32)),
    C(alu_m8_imm8, S_A_M_U8, a_m_u8, INVALID, M(8), IMM(8, IR_FULL, 8)),
};
static const struct { X64AluOp op; ZydisMnemonic mn; } alu_ops[] = {
    { X64_ALU_ADD, ZYDIS_MNEMONIC_ADD }, { X64_ALU_OR, ZYDIS_MNEMONIC_OR },
    { X64_ALU_ADC, ZYDIS_MNEMONIC_ADC }, { X64_ALU_SBB, ZYDIS_MNEMONIC_SBB },
    { X64_ALU_AND, ZYDIS_MNEMONIC_AND }, { X64_ALU_SUB, ZYDIS_MNEMONIC_SUB },
    { X64_ALU_XOR, ZYDIS_MNEMONIC_XOR }, { X64_ALU_CMP, ZYDIS_MNEMONIC_CMP },
};

/* The generic shift emitters: run with every X64ShiftOp. */
static const Case shift_shapes[] = {
    C(shift_r64_cl, S_SH_R, sh_r, INVALID, G(64), CL),
    C(shift_r32_cl, S_SH_R, sh_r, INVALID, G(32), CL),
    C(shift_r16_cl, S_SH_R, sh_r, INVALID, G(16), CL),
    C(shift_r8_cl, S_SH_R, sh_r, INVALID, G(8), CL),
    C(shift_r64_imm, S_SH_R_U8, sh_r_u8, INVALID, G(64), CNT(64, IR_SHIFT, 64)),
    C(shift_r32_imm, S_SH_R_U8, sh_r_u8, INVALID, G(32), CNT(32, IR_SHIFT, 32)),
    C(shift_r16_imm, S_SH_R_U8, sh_r_u8, INVALID, G(16), CNT(16, IR_SHIFT, 32)),
    C(shift_r8_imm, S_SH_R_U8, sh_r_u8, INVALID, G(8), CNT(8, IR_SHIFT, 32)),
};
static const struct { X64ShiftOp op; ZydisMnemonic mn; } shift_ops[] = {
    { X64_SH_ROL, ZYDIS_MNEMONIC_ROL }, { X64_SH_ROR, ZYDIS_MNEMONIC_ROR },
    { X64_SH_RCL, ZYDIS_MNEMONIC_RCL }, { X64_SH_RCR, ZYDIS_MNEMONIC_RCR },
    { X64_SH_SHL, ZYDIS_MNEMONIC_SHL }, { X64_SH_SHR, ZYDIS_MNEMONIC_SHR },
    { X64_SH_SAR, ZYDIS_MNEMONIC_SAR },
};

/* The generic bit-test emitters: run with every X64BitOp. */
static const Case bit_shapes[] = {
    C(bitop_r64_r64, S_B_RR, b_rr, INVALID, G(64), G(64)),
    C(bitop_r32_r32, S_B_RR, b_rr, INVALID, G(32), G(32)),
    C(bitop_r64_imm8, S_B_R_U8, b_r_u8, INVALID, G(64), CNT(64, IR_COUNT, 64)),
    C(bitop_r32_imm8, S_B_R_U8, b_r_u8, INVALID, G(32), CNT(32, IR_COUNT, 32)),
};
static const struct { X64BitOp op; ZydisMnemonic mn; } bit_ops[] = {
    { X64_BIT_BT, ZYDIS_MNEMONIC_BT }, { X64_BIT_BTS, ZYDIS_MNEMONIC_BTS },
    { X64_BIT_BTR, ZYDIS_MNEMONIC_BTR }, { X64_BIT_BTC, ZYDIS_MNEMONIC_BTC },
};

/* The generic scalar SSE emitters: run with every X64SseOp. */
static const Case sse_shapes[] = {
    C(sse_sd_x_x, S_S_XX, s_xx, INVALID, XR, XR),
    C(sse_sd_x_m64, S_S_XM, s_xm, INVALID, XR, M(64)),
    C(sse_ss_x_x, S_S_XX, s_xx, INVALID, XR, XR),
    C(sse_ss_x_m32, S_S_XM, s_xm, INVALID, XR, M(32)),
};
static const struct { X64SseOp op; ZydisMnemonic sd, ss; } sse_ops[] = {
    { X64_SSE_ADD, ZYDIS_MNEMONIC_ADDSD, ZYDIS_MNEMONIC_ADDSS },
    { X64_SSE_SUB, ZYDIS_MNEMONIC_SUBSD, ZYDIS_MNEMONIC_SUBSS },
    { X64_SSE_MUL, ZYDIS_MNEMONIC_MULSD, ZYDIS_MNEMONIC_MULSS },
    { X64_SSE_DIV, ZYDIS_MNEMONIC_DIVSD, ZYDIS_MNEMONIC_DIVSS },
    { X64_SSE_SQRT, ZYDIS_MNEMONIC_SQRTSD, ZYDIS_MNEMONIC_SQRTSS },
    { X64_SSE_MIN, ZYDIS_MNEMONIC_MINSD, ZYDIS_MNEMONIC_MINSS },
    { X64_SSE_MAX, ZYDIS_MNEMONIC_MAXSD, ZYDIS_MNEMONIC_MAXSS },
};

/* ---- the driver: emit, decode, compare ---- */

static unsigned spec_count(const Case *c)
{
    unsigned n = 0;
    while (n < 3 && c->o[n].kind != K_NONE)
        n++;
    return n;
}

static uint64_t mask_bits(unsigned bits)
{
    return bits >= 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
}

static int64_t sign_extend(uint64_t v, unsigned bits)
{
    if (bits >= 64)
        return (int64_t)v;
    uint64_t sign = UINT64_C(1) << (bits - 1);
    v &= mask_bits(bits);
    return (int64_t)((v ^ sign) - sign);
}

static bool fits_i8(int64_t v)
{
    return v >= -128 && v <= 127;
}

/* The displacement size the shortest encoding has (SDM Vol. 2A Table 2-2,
 * Table 2-5): none for disp 0 except with base RBP/R13, disp8 when it fits,
 * else disp32; RIP-relative is always disp32. In bits, like Zydis. */
static unsigned want_disp_bits(X64Mem m)
{
    if (m.kind != X64_MEM_BASE)
        return 32;
    if (m.disp == 0 && (m.base & 7) != 5)
        return 0;
    return fits_i8(m.disp) ? 8 : 32;
}

static unsigned want_imm_bits(const Spec *s, uint64_t v)
{
    switch ((ImmRule)s->rule) {
    case IR_FULL: return s->ibits;
    case IR_SHORT: return fits_i8(sign_extend(v, s->ibits)) ? 8 : s->ibits;
    case IR_SHIFT: return v == 1 ? 0 : 8;
    case IR_COUNT: return 8;
    }
    return 0;
}

static void check_mem(const Dec *d, const ZydisDecodedOperand *o, const Spec *s, X64Mem m)
{
    CHECK_EQ("operand is memory", o->type, ZYDIS_OPERAND_TYPE_MEMORY);
    if (s->kind == K_MA) {
        CHECK_EQ("address only (lea)", o->mem.type, ZYDIS_MEMOP_TYPE_AGEN);
    } else {
        CHECK_EQ("memory access", o->mem.type, ZYDIS_MEMOP_TYPE_MEM);
        CHECK_EQ("memory operand size", o->size, s->bits);
    }
    bool rip = m.kind == X64_MEM_RIP;
    bool has_index = !rip && m.index != X64_NO_INDEX;
    CHECK_EQ("base", o->mem.base, rip ? ZYDIS_REGISTER_RIP : zgpr(64, m.base));
    CHECK_EQ("index", o->mem.index, has_index ? zgpr(64, m.index) : ZYDIS_REGISTER_NONE);
    CHECK_EQ("scale", o->mem.scale, has_index ? m.scale : 0);
    CHECK_EQ("displacement", o->mem.disp.value, (int64_t)m.disp);
    CHECK_EQ("displacement size", d->in.raw.disp.size, want_disp_bits(m));
}

static bool is_rex_byte_reg(ZydisRegister r)
{
    return r >= ZYDIS_REGISTER_SPL && r <= ZYDIS_REGISTER_DIL;
}

/* Emit c with operands a; decode; check every visible operand. */
static void verify(const Case *c, const Args *a)
{
    uint8_t code[32];
    X64Buf b;
    x64_buf_init(&b, code, sizeof code);
    emit(c, &b, a);
    Dec d;
    decode_one(c->name, &b, &d);
    unsigned n = spec_count(c);
    CHECK_EQ("mnemonic", d.in.mnemonic, c->mn);
    CHECK_EQ("visible operands", d.in.operand_count_visible, n);
    CHECK_EQ("lock prefix", (d.in.attributes & ZYDIS_ATTRIB_HAS_LOCK) != 0, c->lock);

    bool byte_reg_needs_rex = false;
    unsigned ri = 0;
    for (unsigned k = 0; k < n; k++) {
        const Spec *s = &c->o[k];
        const ZydisDecodedOperand *o = &d.op[k];
        switch ((Kind)s->kind) {
        case K_G:
            CHECK_EQ("operand is a register", o->type, ZYDIS_OPERAND_TYPE_REGISTER);
            CHECK_EQ("register", o->reg.value, zgpr(s->bits, a->r[ri++]));
            CHECK_EQ("register size", o->size, s->bits);
            byte_reg_needs_rex |= is_rex_byte_reg(o->reg.value);
            break;
        case K_X:
            CHECK_EQ("operand is a register", o->type, ZYDIS_OPERAND_TYPE_REGISTER);
            CHECK_EQ("xmm register", o->reg.value, zxmm(a->r[ri++]));
            break;
        case K_CL:
            CHECK_EQ("operand is a register", o->type, ZYDIS_OPERAND_TYPE_REGISTER);
            CHECK_EQ("count register", o->reg.value, ZYDIS_REGISTER_CL);
            break;
        case K_M:
        case K_MA:
            check_mem(&d, o, s, a->m);
            break;
        case K_I: {
            CHECK_EQ("operand is an immediate", o->type, ZYDIS_OPERAND_TYPE_IMMEDIATE);
            /* The value the operation uses: the parameter (sign-extended
             * when it is an int32_t) at the operation's width. */
            unsigned param_bits = imm_type(c->sig) == T_I32 ? 32 : 64;
            uint64_t want = (uint64_t)sign_extend(a->imm, param_bits) & mask_bits(s->bits);
            CHECK_EQ("immediate", o->imm.value.u & mask_bits(s->bits), want);
            CHECK_EQ("immediate size", d.in.raw.imm[0].size, want_imm_bits(s, a->imm));
            break;
        }
        case K_NONE:
            break;
        }
    }
    /* No needless REX: one with no bit set is there for SPL/BPL/SIL/DIL. */
    if (d.in.attributes & ZYDIS_ATTRIB_HAS_REX) {
        bool bits = d.in.raw.rex.W || d.in.raw.rex.R || d.in.raw.rex.X || d.in.raw.rex.B;
        CHECK_EQ("REX prefix is needed", bits || byte_reg_needs_rex, 1);
    }
}

static size_t imm_values(const Case *c, uint64_t *v, size_t max)
{
    const Spec *imm = NULL;
    for (unsigned k = 0; k < spec_count(c); k++)
        if (c->o[k].kind == K_I)
            imm = &c->o[k];
    size_t n = 0;
    if (!imm) {
        v[n++] = 0;
    } else if (imm->rule == IR_SHIFT || imm->rule == IR_COUNT) {
        for (unsigned k = 0; k < imm->range; k++)
            v[n++] = k;
    } else {
        switch (imm_type(c->sig)) {
        case T_I32: for (size_t k = 0; k < N(imm_i32); k++) v[n++] = (uint64_t)(int64_t)imm_i32[k]; break;
        case T_U32: for (size_t k = 0; k < N(imm_u32); k++) v[n++] = imm_u32[k]; break;
        case T_U16: for (size_t k = 0; k < N(imm_u16); k++) v[n++] = imm_u16[k]; break;
        case T_U8: for (size_t k = 0; k < N(imm_u8); k++) v[n++] = imm_u8[k]; break;
        case T_U64: for (size_t k = 0; k < N(imm_u64); k++) v[n++] = imm_u64[k]; break;
        case T_NONE: fail_msg("%s: immediate operand without an immediate parameter", c->name);
        }
    }
    assert_true(n <= max);
    return n;
}

/* Every register in every register position (all pairs for two), every
 * immediate value; with a memory operand: the small memory set with every
 * register and value, then the full set with registers and values cycled. */
static void sweep(const Case *c)
{
    unsigned nregs = 0;
    bool has_mem = false;
    for (unsigned k = 0; k < spec_count(c); k++) {
        nregs += c->o[k].kind == K_G || c->o[k].kind == K_X;
        has_mem |= c->o[k].kind == K_M || c->o[k].kind == K_MA;
    }
    uint64_t vals[64];
    size_t nv = imm_values(c, vals, N(vals));
    unsigned ncombos = nregs == 0 ? 1 : nregs == 1 ? 16 : 256;
    Args a = { .r = { 0, 0 } };

    if (!has_mem) {
        for (unsigned rc = 0; rc < ncombos; rc++) {
            a.r[0] = rc % 16;
            a.r[1] = rc / 16;
            for (size_t k = 0; k < nv; k++) {
                a.imm = vals[k];
                verify(c, &a);
            }
        }
        return;
    }
    assert_true(nregs <= 1);
    for (unsigned rc = 0; rc < ncombos; rc++) {
        a.r[0] = rc;
        for (size_t m = 0; m < n_mem_small; m++) {
            a.m = mem_small[m];
            for (size_t k = 0; k < nv; k++) {
                a.imm = vals[k];
                verify(c, &a);
            }
        }
    }
    for (size_t m = 0; m < n_mem_full; m++) {
        a.r[0] = nregs ? (unsigned)(m * 5 % 16) : 0;
        a.m = mem_full[m];
        a.imm = vals[m % nv];
        verify(c, &a);
    }
}

static void sweep_table(const Case *t, size_t n)
{
    for (size_t k = 0; k < n; k++)
        sweep(&t[k]);
}

/* ---- the tables ---- */

static void test_moves_loads_stores_atomics(void **state)
{
    (void)state;
    sweep_table(mov_cases, N(mov_cases));
}

static void test_alu_named(void **state)
{
    (void)state;
    sweep_table(alu_named_cases, N(alu_named_cases));
}

static void test_alu_every_op_and_width(void **state)
{
    (void)state;
    for (size_t s = 0; s < N(alu_shapes); s++)
        for (size_t k = 0; k < N(alu_ops); k++) {
            Case c = alu_shapes[s];
            c.op = alu_ops[k].op;
            c.mn = alu_ops[k].mn;
            sweep(&c);
        }
}

static void test_integer_ops(void **state)
{
    (void)state;
    sweep_table(int_cases, N(int_cases));
}

static void test_shifts_every_op_and_width(void **state)
{
    (void)state;
    for (size_t s = 0; s < N(shift_shapes); s++)
        for (size_t k = 0; k < N(shift_ops); k++) {
            Case c = shift_shapes[s];
            c.op = shift_ops[k].op;
            c.mn = shift_ops[k].mn;
            sweep(&c);
        }
}

static void test_bit_ops(void **state)
{
    (void)state;
    for (size_t s = 0; s < N(bit_shapes); s++)
        for (size_t k = 0; k < N(bit_ops); k++) {
            Case c = bit_shapes[s];
            c.op = bit_ops[k].op;
            c.mn = bit_ops[k].mn;
            sweep(&c);
        }
}

static void test_setcc_cmov_every_condition(void **state)
{
    (void)state;
    for (size_t s = 0; s < N(cond_cases); s++)
        for (unsigned cc = 0; cc < 16; cc++) {
            Case c = cond_cases[s];
            c.op = (int)cc;
            c.mn = c.sig == S_C_R || c.sig == S_C_M ? setcc_mn[cc] : cmov_mn[cc];
            sweep(&c);
        }
}

static void test_sse(void **state)
{
    (void)state;
    sweep_table(sse_cases, N(sse_cases));
    for (size_t s = 0; s < N(sse_shapes); s++)
        for (size_t k = 0; k < N(sse_ops); k++) {
            Case c = sse_shapes[s];
            c.op = sse_ops[k].op;
            c.mn = strstr(c.name, "_sd_") ? sse_ops[k].sd : sse_ops[k].ss;
            sweep(&c);
        }
}

/* ---- immediates: shortest forms ---- */

static void test_mov_r64_imm_picks_shortest(void **state)
{
    (void)state;
    for (unsigned r = 0; r < 16; r++)
        for (size_t k = 0; k < N(imm_u64); k++) {
            uint64_t v = imm_u64[k];
            uint8_t code[16];
            X64Buf b;
            x64_buf_init(&b, code, sizeof code);
            x64_mov_r64_imm(&b, (X64Reg)r, v);
            Dec d;
            decode_one("mov_r64_imm", &b, &d);
            CHECK_EQ("mnemonic", d.in.mnemonic, ZYDIS_MNEMONIC_MOV);
            bool u32 = v <= UINT32_MAX;
            bool i32 = (int64_t)v >= INT32_MIN && (int64_t)v <= INT32_MAX;
            /* mov r32, imm32 zero-extends; mov r64, imm32 sign-extends. */
            CHECK_EQ("register", d.op[0].reg.value, zgpr(u32 ? 32 : 64, r));
            CHECK_EQ("immediate size", d.in.raw.imm[0].size, u32 || i32 ? 32 : 64);
            CHECK_EQ("immediate", d.op[1].imm.value.u & mask_bits(u32 ? 32 : 64), v & mask_bits(u32 ? 32 : 64));
            CHECK_EQ("length", b.len, u32 ? (r >= 8 ? 6u : 5u) : i32 ? 7u : 10u);
        }
}

/* RAX/EAX/AX/AL have one-byte-shorter opcodes for a full immediate (the
 * op*8+4/5 row, A8/A9 for test). */
static size_t emit_len(void (*emit_fn)(X64Buf *, X64Reg, int32_t), X64Reg r, int32_t imm)
{
    uint8_t code[16];
    X64Buf b;
    x64_buf_init(&b, code, sizeof code);
    emit_fn(&b, r, imm);
    return b.len;
}

static void test_r8_imm8_wrap(X64Buf *b, X64Reg r, int32_t v) { x64_alu_r8_imm8(b, X64_ALU_SUB, r, (uint8_t)v); }
static void test_r16_imm16_wrap(X64Buf *b, X64Reg r, int32_t v) { x64_alu_r16_imm16(b, X64_ALU_XOR, r, (uint16_t)v); }
static void test_test_r32_wrap(X64Buf *b, X64Reg r, int32_t v) { x64_test_r32_imm32(b, r, (uint32_t)v); }
static void test_test_r8_wrap(X64Buf *b, X64Reg r, int32_t v) { x64_test_r8_imm8(b, r, (uint8_t)v); }

static void test_accumulator_short_forms(void **state)
{
    (void)state;
    static void (*const full_imm[])(X64Buf *, X64Reg, int32_t) = {
        x64_add_r64_imm32, x64_cmp_r32_imm32, x64_and_r64_imm32, test_r16_imm16_wrap,
        x64_test_r64_imm32, test_test_r32_wrap,
    };
    cur_name = "accumulator short forms";
    for (size_t k = 0; k < N(full_imm); k++) {
        CHECK_EQ("rax, imm32: one byte shorter", emit_len(full_imm[k], X64_RAX, 0x1234),
                 emit_len(full_imm[k], X64_RCX, 0x1234) - 1);
    }
    /* With an imm8 the sign-extended 83 form is as short: no change. */
    CHECK_EQ("rax, imm8: 83 form", emit_len(x64_add_r64_imm32, X64_RAX, 5),
             emit_len(x64_add_r64_imm32, X64_RCX, 5));
    CHECK_EQ("al, imm8", emit_len(test_r8_imm8_wrap, X64_RAX, 5),
             emit_len(test_r8_imm8_wrap, X64_RCX, 5) - 1);
    CHECK_EQ("test al, imm8", emit_len(test_test_r8_wrap, X64_RAX, 5),
             emit_len(test_test_r8_wrap, X64_RCX, 5) - 1);
}

/* ---- jumps ---- */

/* Decode the branch at b->p + off (emitted at that host address) and check
 * its mnemonic, displacement size and absolute target. */
static void check_branch(const char *name, const X64Buf *b, size_t off, size_t len, ZydisMnemonic mn,
                         unsigned rel_bits, uint64_t target)
{
    Dec d;
    decode_at(name, b->p + off, len, &d);
    CHECK_EQ("mnemonic", d.in.mnemonic, mn);
    CHECK_EQ("one operand", d.in.operand_count_visible, 1);
    CHECK_EQ("relative", d.op[0].imm.is_relative, 1);
    CHECK_EQ("displacement size", d.in.raw.imm[0].size, rel_bits);
    ZyanU64 abs = 0;
    CHECK_EQ("target computes",
             ZYAN_SUCCESS(ZydisCalcAbsoluteAddress(&d.in, &d.op[0], (uint64_t)(uintptr_t)(b->p + off), &abs)), 1);
    CHECK_EQ("branch target", abs, target);
}

static void test_relative_jumps_every_condition(void **state)
{
    (void)state;
    static const int32_t rels[] = { 0, 1, -1, 127, -128, 128, -129, 0x123456, INT32_MAX, INT32_MIN };
    uint8_t code[16];
    X64Buf b;
    for (int rel = -128; rel <= 127; rel++) {
        x64_buf_init(&b, code, sizeof code);
        x64_jmp_rel8(&b, (int8_t)rel);
        check_branch("jmp_rel8", &b, 0, b.len, ZYDIS_MNEMONIC_JMP, 8, (uintptr_t)code + 2 + (uint64_t)(int64_t)rel);
        for (unsigned cc = 0; cc < 16; cc++) {
            x64_buf_init(&b, code, sizeof code);
            x64_jcc_rel8(&b, (X64Cond)cc, (int8_t)rel);
            check_branch("jcc_rel8", &b, 0, b.len, jcc_mn[cc], 8, (uintptr_t)code + 2 + (uint64_t)(int64_t)rel);
        }
    }
    for (size_t k = 0; k < N(rels); k++) {
        uint64_t base = (uintptr_t)code;
        x64_buf_init(&b, code, sizeof code);
        x64_jmp_rel32(&b, rels[k]);
        check_branch("jmp_rel32", &b, 0, b.len, ZYDIS_MNEMONIC_JMP, 32, base + 5 + (uint64_t)(int64_t)rels[k]);
        x64_buf_init(&b, code, sizeof code);
        x64_call_rel32(&b, rels[k]);
        check_branch("call_rel32", &b, 0, b.len, ZYDIS_MNEMONIC_CALL, 32, base + 5 + (uint64_t)(int64_t)rels[k]);
        for (unsigned cc = 0; cc < 16; cc++) {
            x64_buf_init(&b, code, sizeof code);
            x64_jcc_rel32(&b, (X64Cond)cc, rels[k]);
            check_branch("jcc_rel32", &b, 0, b.len, jcc_mn[cc], 32, base + 6 + (uint64_t)(int64_t)rels[k]);
        }
    }
}

/* jmp_to/jcc_to pick rel8 exactly when it reaches, forward and backward. */
static void test_jump_to_known_offset(void **state)
{
    (void)state;
    static uint8_t code[1024];
    X64Buf b;
    uint64_t base = (uintptr_t)code;
    for (size_t pad = 0; pad < 300; pad += 1) {
        /* backward to 0 from pad: rel8 while pad + 2 <= 128 */
        x64_buf_init(&b, code, sizeof code);
        x64_nop(&b, pad);
        x64_jmp_to(&b, 0);
        check_branch("jmp_to back", &b, pad, b.len - pad, ZYDIS_MNEMONIC_JMP, pad + 2 <= 128 ? 8 : 32, base);
        for (unsigned cc = 0; cc < 16; cc += 5) {
            x64_buf_init(&b, code, sizeof code);
            x64_nop(&b, pad);
            x64_jcc_to(&b, (X64Cond)cc, 0);
            check_branch("jcc_to back", &b, pad, b.len - pad, jcc_mn[cc], pad + 2 <= 128 ? 8 : 32, base);
        }
        /* forward from 0 to pad: rel8 while pad - 2 <= 127 */
        x64_buf_init(&b, code, sizeof code);
        x64_jmp_to(&b, pad + 2);
        check_branch("jmp_to fwd", &b, 0, b.len, ZYDIS_MNEMONIC_JMP, pad <= 127 ? 8 : 32, base + pad + 2);
        x64_buf_init(&b, code, sizeof code);
        x64_jcc_to(&b, X64_CC_NE, pad + 2);
        check_branch("jcc_to fwd", &b, 0, b.len, ZYDIS_MNEMONIC_JNZ, pad <= 127 ? 8 : 32, base + pad + 2);
    }
}

static void test_forward_jumps_patched(void **state)
{
    (void)state;
    static uint8_t code[4096];
    static const size_t gaps[] = { 0, 1, 9, 100, 127, 128, 1000, 3000 };
    X64Buf b;
    uint64_t base = (uintptr_t)code;
    for (size_t g = 0; g < N(gaps); g++) {
        for (unsigned cc = 0; cc < 16; cc++) {
            x64_buf_init(&b, code, sizeof code);
            x64_nop(&b, 3);
            X64Fixup f = x64_jcc_fwd(&b, (X64Cond)cc);
            CHECK_EQ("fixup at the rel32 field", f.off, 3 + 2);
            x64_nop(&b, gaps[g]);
            size_t target = x64_here(&b);
            x64_patch_rel32(&b, f, target);
            check_branch("jcc_fwd", &b, 3, 6, jcc_mn[cc], 32, base + target);
        }
        x64_buf_init(&b, code, sizeof code);
        X64Fixup fj = x64_jmp_fwd(&b);
        X64Fixup fc = x64_call_fwd(&b);
        x64_nop(&b, gaps[g]);
        x64_patch_rel32(&b, fj, x64_here(&b));
        x64_patch_rel32(&b, fc, 0); /* backward works too */
        check_branch("jmp_fwd", &b, 0, 5, ZYDIS_MNEMONIC_JMP, 32, base + 10 + gaps[g]);
        check_branch("call_fwd", &b, 5, 5, ZYDIS_MNEMONIC_CALL, 32, base);

        if (gaps[g] > 127)
            continue;
        for (unsigned cc = 0; cc < 16; cc++) {
            x64_buf_init(&b, code, sizeof code);
            X64Fixup8 f8 = x64_jcc8_fwd(&b, (X64Cond)cc);
            CHECK_EQ("fixup at the rel8 field", f8.off, 1);
            x64_nop(&b, gaps[g]);
            x64_patch_rel8(&b, f8, x64_here(&b));
            check_branch("jcc8_fwd", &b, 0, 2, jcc_mn[cc], 8, base + 2 + gaps[g]);
        }
        x64_buf_init(&b, code, sizeof code);
        X64Fixup8 j8 = x64_jmp8_fwd(&b);
        x64_nop(&b, gaps[g]);
        x64_patch_rel8(&b, j8, x64_here(&b));
        check_branch("jmp8_fwd", &b, 0, 2, ZYDIS_MNEMONIC_JMP, 8, base + 2 + gaps[g]);
    }
}

/* Block chaining: the rel32 of a jump in emitted code is re-pointed at an
 * absolute address; out of +-2 GiB it refuses and writes nothing. */
static void test_patch_jump_at(void **state)
{
    (void)state;
    _Alignas(16) static uint8_t code[64];
    X64Buf b;
    for (size_t start = 0; start < 8; start++) {
        x64_buf_init(&b, code, sizeof code);
        x64_nop(&b, start);
        X64Fixup f = x64_jmp_fwd_aligned(&b);
        cur_name = "jmp_fwd_aligned";
        CHECK_EQ("rel32 field 4-byte aligned", ((uintptr_t)(b.p + f.off)) & 3, 0);
        CHECK_EQ("jmp is last", f.off + 4, b.len);
        /* Everything before the jmp is NOPs. */
        size_t off = 0;
        while (off < f.off - 1) {
            Dec d;
            note_bytes("jmp_fwd_aligned padding", b.p + off, b.len - off);
            CHECK_EQ("decodes", ZYAN_SUCCESS(ZydisDecoderDecodeFull(&dec, b.p + off, b.len - off, &d.in, d.op)), 1);
            CHECK_EQ("padding is NOP", d.in.mnemonic, ZYDIS_MNEMONIC_NOP);
            off += d.in.length;
        }
        CHECK_EQ("padding ends at the jmp", off, f.off - 1);

        uint8_t *site = b.p + f.off;
        uint64_t after = (uintptr_t)site + 4;
        static const int64_t ok[] = { 0, 1, -1, -5, 1000, INT32_MAX, INT32_MIN };
        for (size_t k = 0; k < N(ok); k++) {
            const uint8_t *target = (const uint8_t *)(uintptr_t)(after + (uint64_t)ok[k]);
            cur_name = "patch_jump_at";
            CHECK_EQ("in range: patched", x64_patch_jump_at(site, target), 1);
            check_branch("patch_jump_at", &b, f.off - 1, 5, ZYDIS_MNEMONIC_JMP, 32, (uintptr_t)target);
        }
        static const int64_t bad[] = { (int64_t)INT32_MAX + 1, (int64_t)INT32_MIN - 1, INT64_C(1) << 40,
                                       -(INT64_C(1) << 40) };
        uint8_t before[4];
        memcpy(before, site, 4);
        for (size_t k = 0; k < N(bad); k++) {
            const uint8_t *target = (const uint8_t *)(uintptr_t)(after + (uint64_t)bad[k]);
            cur_name = "patch_jump_at";
            CHECK_EQ("out of range: refused", x64_patch_jump_at(site, target), 0);
            CHECK_EQ("out of range: unchanged", memcmp(before, site, 4), 0);
        }
    }
    /* An unaligned site is patched too (with plain stores). */
    x64_buf_init(&b, code, sizeof code);
    x64_nop(&b, 2);
    X64Fixup f = x64_jmp_fwd(&b);
    cur_name = "patch_jump_at unaligned";
    CHECK_EQ("unaligned site", ((uintptr_t)(b.p + f.off)) & 3, 3);
    CHECK_EQ("patched", x64_patch_jump_at(b.p + f.off, code + 40), 1);
    check_branch("patch_jump_at unaligned", &b, 2, 5, ZYDIS_MNEMONIC_JMP, 32, (uintptr_t)(code + 40));
}

/* ---- RIP-relative host addresses and far calls ---- */

static void check_rip_target(const char *name, const X64Buf *b, size_t off, unsigned mem_op, const void *target)
{
    Dec d;
    decode_at(name, b->p + off, b->len - off, &d);
    CHECK_EQ("operand is memory", d.op[mem_op].type, ZYDIS_OPERAND_TYPE_MEMORY);
    CHECK_EQ("rip-relative", d.op[mem_op].mem.base, ZYDIS_REGISTER_RIP);
    ZyanU64 abs = 0;
    CHECK_EQ("address computes",
             ZYAN_SUCCESS(ZydisCalcAbsoluteAddress(&d.in, &d.op[mem_op], (uint64_t)(uintptr_t)(b->p + off), &abs)), 1);
    CHECK_EQ("address", abs, (uintptr_t)target);
}

static void test_rip_relative_to_host_address(void **state)
{
    (void)state;
    static uint8_t code[256];
    static uint64_t data[4];
    const void *targets[] = { data, &data[3], code, code + 255, (const void *)test_rip_relative_to_host_address };
    X64Buf b;
    for (size_t t = 0; t < N(targets); t++)
        for (size_t pad = 0; pad < 3; pad++) {
            /* The displacement counts from the end of the instruction, so
             * immediates after it (none, imm8, imm32) must be accounted for. */
            X64Mem m = x64_mem_rip_to(targets[t]);
            x64_buf_init(&b, code, sizeof code);
            x64_nop(&b, pad);
            x64_mov_r64_m64(&b, X64_R9, m);
            check_rip_target("mov_r64_m64 rip_to", &b, pad, 1, targets[t]);
            x64_buf_init(&b, code, sizeof code);
            x64_nop(&b, pad);
            x64_mov_m32_imm32(&b, m, 0x12345678);
            check_rip_target("mov_m32_imm32 rip_to", &b, pad, 0, targets[t]);
            x64_buf_init(&b, code, sizeof code);
            x64_nop(&b, pad);
            x64_cmp_m64_imm32(&b, m, 5);
            check_rip_target("cmp_m64_imm32 rip_to", &b, pad, 0, targets[t]);
            x64_buf_init(&b, code, sizeof code);
            x64_nop(&b, pad);
            x64_mov_m8_imm8(&b, m, 0xff);
            check_rip_target("mov_m8_imm8 rip_to", &b, pad, 0, targets[t]);
            x64_buf_init(&b, code, sizeof code);
            x64_nop(&b, pad);
            x64_movsd_x_m64(&b, X64_XMM12, m);
            check_rip_target("movsd_x_m64 rip_to", &b, pad, 1, targets[t]);
            x64_buf_init(&b, code, sizeof code);
            x64_nop(&b, pad);
            x64_lea_r64_m(&b, X64_RAX, m);
            check_rip_target("lea_r64_m rip_to", &b, pad, 1, targets[t]);
        }
    x64_buf_init(&b, code, sizeof code);
    cur_name = "rip_reachable";
    CHECK_EQ("near", x64_rip_reachable(&b, data), 1);
    CHECK_EQ("far above", x64_rip_reachable(&b, (const void *)((uintptr_t)code + (UINT64_C(1) << 33))), 0);
    CHECK_EQ("far below", x64_rip_reachable(&b, (const void *)((uintptr_t)code - (UINT64_C(1) << 33))), 0);
}

static void test_call_and_jmp_to_host_address(void **state)
{
    (void)state;
    static uint8_t code[64];
    X64Buf b;
    uint64_t base = (uintptr_t)code;
    for (unsigned s = 0; s < 16; s++) {
        /* near: one rel32 call/jmp */
        x64_buf_init(&b, code, sizeof code);
        x64_call_abs(&b, code + 40, (X64Reg)s);
        check_branch("call_abs near", &b, 0, b.len, ZYDIS_MNEMONIC_CALL, 32, base + 40);
        x64_buf_init(&b, code, sizeof code);
        x64_jmp_abs(&b, code, (X64Reg)s);
        check_branch("jmp_abs near", &b, 0, b.len, ZYDIS_MNEMONIC_JMP, 32, base);

        /* far: movabs scratch, target; call/jmp scratch */
        const void *far = (const void *)(uintptr_t)(base ^ (UINT64_C(1) << 46));
        for (int is_call = 0; is_call < 2; is_call++) {
            x64_buf_init(&b, code, sizeof code);
            if (is_call)
                x64_call_abs(&b, far, (X64Reg)s);
            else
                x64_jmp_abs(&b, far, (X64Reg)s);
            Dec d;
            decode_at("call/jmp_abs far: movabs", b.p, 10, &d);
            CHECK_EQ("mov", d.in.mnemonic, ZYDIS_MNEMONIC_MOV);
            CHECK_EQ("scratch", d.op[0].reg.value, zgpr(64, s));
            CHECK_EQ("target", d.op[1].imm.value.u, (uintptr_t)far);
            decode_at("call/jmp_abs far: indirect", b.p + 10, b.len - 10, &d);
            CHECK_EQ("indirect", d.in.mnemonic, is_call ? ZYDIS_MNEMONIC_CALL : ZYDIS_MNEMONIC_JMP);
            CHECK_EQ("through scratch", d.op[0].reg.value, zgpr(64, s));
        }
    }
}

/* ---- padding ---- */

static void test_nop_padding(void **state)
{
    (void)state;
    static uint8_t code[64];
    X64Buf b;
    for (size_t n = 0; n <= 40; n++) {
        x64_buf_init(&b, code, sizeof code);
        x64_nop(&b, n);
        cur_name = "nop";
        CHECK_EQ("length", b.len, n);
        size_t off = 0, count = 0;
        while (off < b.len) {
            Dec d;
            note_bytes("nop", b.p + off, b.len - off);
            CHECK_EQ("decodes", ZYAN_SUCCESS(ZydisDecoderDecodeFull(&dec, b.p + off, b.len - off, &d.in, d.op)), 1);
            CHECK_EQ("is a NOP", d.in.mnemonic, ZYDIS_MNEMONIC_NOP);
            CHECK_EQ("at most 9 bytes", d.in.length <= 9, 1);
            n_insns++;
            off += d.in.length;
            count++;
        }
        CHECK_EQ("fewest NOPs", count, (n + 8) / 9);
    }
}

/* ---- buffer overflow ---- */

static void emit_sequence(X64Buf *b)
{
    x64_mov_r64_imm64(b, X64_R11, 0x1122334455667788ull); /* 10 */
    x64_add_r64_r64(b, X64_RAX, X64_R12);                  /* 3 */
    x64_lock_cmpxchg_m64_r64(b, x64_mem_idx(X64_R13, X64_R12, 8, 0x1000), X64_R15);
    x64_push_r64(b, X64_R12);                              /* 2 */
    x64_ret(b);                                            /* 1 */
    x64_jcc_fwd(b, X64_CC_NE);                             /* 6 */
    x64_movsd_x_m64(b, X64_XMM9, x64_mem(X64_RSP, 8));
    x64_int3(b);
}

static void test_overflow_writes_nothing_past_cap(void **state)
{
    (void)state;
    uint8_t ref[128];
    X64Buf r;
    x64_buf_init(&r, ref, sizeof ref);
    emit_sequence(&r);
    assert_false(r.overflow);
    /* Instruction boundaries in the reference. */
    size_t ends[16], nends = 0, off = 0;
    while (off < r.len) {
        ZydisDecodedInstruction in;
        ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
        assert_true(ZYAN_SUCCESS(ZydisDecoderDecodeFull(&dec, r.p + off, r.len - off, &in, ops)));
        off += in.length;
        assert_true(nends < N(ends));
        ends[nends++] = off;
    }
    for (size_t cap = 0; cap <= r.len + 2; cap++) {
        /* Exactly cap bytes on the heap: AddressSanitizer catches any write
         * past them; and a canary pattern shows writes between len and cap. */
        uint8_t *mem = malloc(cap ? cap : 1);
        assert_non_null(mem);
        memset(mem, 0xA5, cap);
        X64Buf b;
        x64_buf_init(&b, mem, cap);
        emit_sequence(&b);
        /* Emission stops at the first instruction that does not fit. */
        size_t want = 0;
        for (size_t k = 0; k < nends && ends[k] <= cap; k++)
            want = ends[k];
        cur_name = "overflow";
        CHECK_EQ("overflow flag", b.overflow, r.len > cap);
        CHECK_EQ("length: whole instructions that fit", b.len, want);
        CHECK_EQ("written bytes", memcmp(mem, ref, b.len), 0);
        for (size_t k = b.len; k < cap; k++)
            CHECK_EQ("nothing written after", mem[k], 0xA5);
        /* Overflow is sticky: a 1-byte instruction that would fit is not
         * written after a bigger one failed. */
        if (b.overflow && b.len < cap) {
            x64_ret(&b);
            CHECK_EQ("sticky", b.len, want);
            CHECK_EQ("still nothing written", mem[b.len], 0xA5);
        }
        /* Patching in an overflowed buffer is a no-op. */
        if (b.overflow)
            x64_patch_rel32(&b, (X64Fixup){ 0 }, 0);
        free(mem);
    }
    /* A buffer of zero bytes with no memory at all. */
    X64Buf z;
    x64_buf_init(&z, NULL, 0);
    x64_ret(&z);
    CHECK_EQ("empty buffer overflows", z.overflow, 1);
    CHECK_EQ("empty buffer stays empty", z.len, 0);
}

/* ---- what --dump-jit will print: Zydis's Intel syntax ---- */

static void test_formatted_text(void **state)
{
    (void)state;
    static uint8_t code[256];
    X64Buf b;
    x64_buf_init(&b, code, sizeof code);
    x64_add_r64_r64(&b, X64_RAX, X64_R12);
    x64_mov_r64_m64(&b, X64_R13, x64_mem(X64_R13, 0));
    x64_mov_r64_m64(&b, X64_RAX, x64_mem_idx(X64_R12, X64_R13, 8, -129));
    x64_mov_m64_imm32(&b, x64_mem(X64_RSP, 8), -2);
    x64_lock_cmpxchg_m64_r64(&b, x64_mem(X64_RDI, 16), X64_RSI);
    x64_movzx_r32_r8(&b, X64_RAX, X64_RSI);
    x64_setcc_r8(&b, X64_CC_NE, X64_RDI);
    x64_movsd_x_m64(&b, X64_XMM1, x64_mem(X64_RBP, -8));
    x64_cvttsd2si_r64_x(&b, X64_R9, X64_XMM15);
    x64_shl_r32_imm(&b, X64_RCX, 5);
    x64_mov_r64_imm64(&b, X64_R10, 0x123456789abcdef0ull);
    x64_sub_r32_imm32(&b, X64_R8, 1);
    x64_rol_r16_imm(&b, X64_RDX, 8);
    x64_jcc_rel32(&b, X64_CC_L, 0x10);
    x64_ret(&b);
    static const char *const want[] = {
        "add rax, r12",
        "mov r13, [r13]",
        "mov rax, [r12+r13*8-0x81]",
        "mov qword ptr [rsp+0x08], 0xFFFFFFFFFFFFFFFE",
        "lock cmpxchg [rdi+0x10], rsi",
        "movzx eax, sil",
        "setnz dil",
        "movsd xmm1, qword ptr [rbp-0x08]",
        "cvttsd2si r9, xmm15",
        "shl ecx, 0x05",
        "mov r10, 0x123456789ABCDEF0",
        "sub r8d, 0x01",
        "rol dx, 0x08",
        "jl 0x000000000000105B",
        "ret",
    };
    /* Formatted as if the code were at 0x1000, so branch targets print as
     * absolute addresses. */
    size_t off = 0;
    for (size_t k = 0; k < N(want); k++) {
        Dec d;
        note_bytes("formatted text", b.p + off, b.len - off);
        assert_true(ZYAN_SUCCESS(ZydisDecoderDecodeFull(&dec, b.p + off, b.len - off, &d.in, d.op)));
        char text[128];
        assert_true(ZYAN_SUCCESS(ZydisFormatterFormatInstruction(&fmt, &d.in, d.op, d.in.operand_count_visible,
                                                                 text, sizeof text, 0x1000 + off, NULL)));
        n_checks++;
        if (strcmp(text, want[k]) != 0)
            fail_msg("instruction %zu: \"%s\", want \"%s\"", k, text, want[k]);
        off += d.in.length;
    }
    CHECK_EQ("all consumed", off, b.len);
}

/* ---- conditions ---- */

static void test_cond_invert(void **state)
{
    (void)state;
    static const X64Cond pairs[][2] = {
        { X64_CC_O, X64_CC_NO }, { X64_CC_B, X64_CC_AE }, { X64_CC_E, X64_CC_NE },
        { X64_CC_BE, X64_CC_A }, { X64_CC_S, X64_CC_NS }, { X64_CC_P, X64_CC_NP },
        { X64_CC_L, X64_CC_GE }, { X64_CC_LE, X64_CC_G },
    };
    cur_name = "cond_invert";
    for (size_t k = 0; k < N(pairs); k++) {
        CHECK_EQ(cc_name[pairs[k][0]], x64_cond_invert(pairs[k][0]), pairs[k][1]);
        CHECK_EQ(cc_name[pairs[k][1]], x64_cond_invert(pairs[k][1]), pairs[k][0]);
    }
    CHECK_EQ("C is B", X64_CC_C, X64_CC_B);
    CHECK_EQ("NC is AE", X64_CC_NC, X64_CC_AE);
    CHECK_EQ("Z is E", X64_CC_Z, X64_CC_E);
    CHECK_EQ("NZ is NE", X64_CC_NZ, X64_CC_NE);
}

/* ---- invalid operands are programming errors: assert ---- */

static void bad_index_rsp(void) { x64_mem_idx(X64_RAX, X64_RSP, 1, 0); }
static void bad_scale(void) { x64_mem_idx(X64_RAX, X64_RCX, 3, 0); }
static void bad_shift64(void) { uint8_t c[16]; X64Buf b; x64_buf_init(&b, c, sizeof c); x64_shl_r64_imm(&b, X64_RAX, 64); }
static void bad_shift32(void) { uint8_t c[16]; X64Buf b; x64_buf_init(&b, c, sizeof c); x64_sar_r32_imm(&b, X64_RAX, 32); }
static void bad_bit32(void) { uint8_t c[16]; X64Buf b; x64_buf_init(&b, c, sizeof c); x64_bt_r32_imm8(&b, X64_RAX, 32); }
static void bad_reg(void) { uint8_t c[16]; X64Buf b; x64_buf_init(&b, c, sizeof c); x64_mov_r64_r64(&b, (X64Reg)16, X64_RAX); }
static void bad_rel8(void)
{
    uint8_t c[512];
    X64Buf b;
    x64_buf_init(&b, c, sizeof c);
    X64Fixup8 f = x64_jmp8_fwd(&b);
    x64_nop(&b, 200);
    x64_patch_rel8(&b, f, x64_here(&b));
}

/* Run fn in a child process; return its wait status. */
static int run_in_child(void (*fn)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* The child's assert message is expected: keep the log clean. */
        if (!freopen("/dev/null", "w", stderr))
            _exit(2);
        fn();
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

static void call_abort(void) { abort(); }

static void test_invalid_operands_assert(void **state)
{
    (void)state;
    static const struct { const char *name; void (*fn)(void); } bad[] = {
        { "index RSP", bad_index_rsp }, { "scale 3", bad_scale }, { "shl r64, 64", bad_shift64 },
        { "sar r32, 32", bad_shift32 }, { "bt r32, 32", bad_bit32 }, { "register 16", bad_reg },
        { "rel8 out of reach", bad_rel8 },
    };
    /* A failed assert ends the process through abort(): the same signal as
     * a child that calls abort() itself. (No <signal.h> for SIGABRT here:
     * the unit-test include path puts linux-user/signal.h first.) */
    int ref = run_in_child(call_abort);
    assert_true(WIFSIGNALED(ref));
    for (size_t k = 0; k < N(bad); k++) {
        int status = run_in_child(bad[k].fn);
        cur_name = bad[k].name;
        CHECK_EQ("aborted by assert", WIFSIGNALED(status) && WTERMSIG(status) == WTERMSIG(ref), 1);
    }
}

int main(void)
{
    if (!ZYAN_SUCCESS(ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64)) ||
        !ZYAN_SUCCESS(ZydisFormatterInit(&fmt, ZYDIS_FORMATTER_STYLE_INTEL))) {
        fprintf(stderr, "test_x64_emit: Zydis does not initialise\n");
        return 1;
    }
    build_mems();
#define T(f) cmocka_unit_test(f)
    const struct CMUnitTest tables[] = {
        T(test_moves_loads_stores_atomics),
        T(test_alu_named),
        T(test_alu_every_op_and_width),
        T(test_integer_ops),
        T(test_shifts_every_op_and_width),
        T(test_bit_ops),
        T(test_setcc_cmov_every_condition),
        T(test_sse),
    };
    const struct CMUnitTest special[] = {
        T(test_mov_r64_imm_picks_shortest),
        T(test_accumulator_short_forms),
        T(test_cond_invert),
        T(test_formatted_text),
        T(test_nop_padding),
        T(test_overflow_writes_nothing_past_cap),
        T(test_invalid_operands_assert),
    };
    const struct CMUnitTest branches[] = {
        T(test_relative_jumps_every_condition),
        T(test_jump_to_known_offset),
        T(test_forward_jumps_patched),
        T(test_patch_jump_at),
        T(test_rip_relative_to_host_address),
        T(test_call_and_jmp_to_host_address),
    };
#undef T
    int failed = 0;
    failed += cmocka_run_group_tests_name("x64_emit_tables", tables, NULL, NULL);
    failed += cmocka_run_group_tests_name("x64_emit_special", special, NULL, NULL);
    failed += cmocka_run_group_tests_name("x64_emit_branches", branches, NULL, NULL);
    printf("x64 emit: %lu instructions decoded, %lu checks\n", n_insns, n_checks);
    return failed;
}
