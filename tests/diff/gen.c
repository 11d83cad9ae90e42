/*
 * The case generator: random architectural state with a bias to the values
 * where implementations go wrong, and one instruction of a class with random
 * fields. Everything comes from one counter-based random stream per
 * (seed, index, xlen), so any case can be rebuilt alone (--replay SEED:INDEX).
 *
 * The generator decodes nothing through ferry: it builds each encoding from its
 * fields and remembers what it built (GenInsn), which is what the exclusions
 * and the reports look at.
 */
#include <string.h>

#include "rv_diff.h"

const char *const class_names[CL_COUNT] = {
    [CL_ALU] = "alu", [CL_SHIFT] = "shift", [CL_M] = "m", [CL_A] = "a",
    [CL_BRANCH] = "branch", [CL_MEM] = "mem", [CL_C] = "c", [CL_F] = "f",
    [CL_D] = "d", [CL_CSR] = "csr", [CL_MISC] = "misc",
};

/* Share of each class in `--class all` (sums to 100). */
static const unsigned class_weight[CL_COUNT] = {
    [CL_ALU] = 8, [CL_SHIFT] = 6, [CL_M] = 8, [CL_A] = 8, [CL_BRANCH] = 8,
    [CL_MEM] = 10, [CL_C] = 12, [CL_F] = 16, [CL_D] = 14, [CL_CSR] = 6, [CL_MISC] = 4,
};

/* ---- random numbers: splitmix64 ---- */

typedef struct Rng { uint64_t s; } Rng;

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static uint64_t rnd(Rng *r) { return mix64(r->s += 0x9e3779b97f4a7c15ull); }
static uint32_t below(Rng *r, uint32_t n) { return (uint32_t)(((rnd(r) >> 32) * n) >> 32); }
static bool chance(Rng *r, unsigned pct) { return below(r, 100) < pct; }
static int reg(Rng *r) { return (int)below(r, 32); }
static int reg_nz(Rng *r) { return 1 + (int)below(r, 31); }

uint64_t xlen_mask(unsigned xlen) { return xlen == 32 ? 0xffffffffull : ~0ull; }

/* ---- values ---- */

static const uint64_t int_special[] = {
    0, 1, 2, 3, ~0ull, ~1ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
    0x8000000000000001ull, 0x7fffffffull, 0x80000000ull, 0xffffffff80000000ull,
    0xffffffffull, 0x100000000ull, 0xffffffff7fffffffull, 0x00000000fffffffeull,
    0x7fffffff80000000ull, 0xffffffff00000000ull, 0x7ff, 0x800, 0xfffffffffffff800ull,
    0xfff, 0x1000, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7f, 0x80, 0xff, 0x100,
    0xaaaaaaaaaaaaaaaaull, 0x5555555555555555ull,
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t gen_int(Rng *r, unsigned xlen)
{
    uint64_t v;
    switch (below(r, 10)) {
    case 0: case 1: v = int_special[below(r, NELEM(int_special))]; break;
    case 2: v = (uint64_t)(int64_t)((int)below(r, 33) - 16); break;
    case 3: v = (uint64_t)(int64_t)(int32_t)rnd(r); break;
    case 4: v = (uint32_t)rnd(r); break;
    case 5: {
        uint64_t p = 1ull << below(r, 64);
        v = p + (uint64_t)(int64_t)((int)below(r, 3) - 1);
        if (chance(r, 50))
            v = 0 - v;
        break;
    }
    case 6: v = DATA_BASE + below(r, DATA_SIZE); break;
    case 7: v = (uint64_t)(int64_t)(int16_t)rnd(r); break;
    default: v = rnd(r); break;
    }
    return v & xlen_mask(xlen);
}

static const uint32_t f32_special[] = {
    0x00000000, 0x80000000, 0x7f800000, 0xff800000,             /* zeros, infinities */
    0x7fc00000, 0xffc00000, 0x7fc00001, 0x7fffffff,             /* quiet NaNs */
    0x7f800001, 0xff800001, 0x7fa00000, 0x7fbfffff,             /* signalling NaNs */
    0x00000001, 0x80000001, 0x007fffff, 0x807fffff,             /* subnormals */
    0x00800000, 0x80800000, 0x00800001, 0x7f7fffff, 0xff7fffff, /* normal limits */
    0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000, 0x3fc00000, /* 1, -1, .5, -.5, 1.5 */
    0x40200000, 0xc0200000, 0x3effffff, 0x3f7fffff, 0x34000000, /* 2.5, -2.5, <.5, <1, 2^-23 */
    0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0x4f800000, /* around 2^31, 2^32 */
    0x4f7fffff, 0x5effffff, 0x5f000000, 0xdf000000, 0xdf000001, /* around 2^63 */
    0x5f7fffff, 0x5f800000, 0x4b000000, 0x4b7fffff, 0xcb000001, /* 2^64, 2^23 */
};

static const uint64_t f64_special[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0xfff8000000000000ull, 0x7ff8000000000001ull, 0x7fffffffffffffffull,
    0x7ff0000000000001ull, 0xfff0000000000001ull, 0x7ff4000000000000ull, 0x7ff7ffffffffffffull,
    0x0000000000000001ull, 0x8000000000000001ull, 0x000fffffffffffffull, 0x800fffffffffffffull,
    0x0010000000000000ull, 0x8010000000000000ull, 0x7fefffffffffffffull, 0xffefffffffffffffull,
    0x3ff0000000000000ull, 0xbff0000000000000ull, 0x3fe0000000000000ull, 0xbfe0000000000000ull,
    0x3ff8000000000000ull, 0x4004000000000000ull, 0xc004000000000000ull, 0x3fdfffffffffffffull,
    0x41dfffffffe00000ull, 0x41e0000000000000ull, 0xc1e0000000000000ull, 0xc1e0000000200000ull,
    0x41efffffffe00000ull, 0x41f0000000000000ull, 0x43dfffffffffffffull, 0x43e0000000000000ull,
    0xc3e0000000000000ull, 0xc3e0000000000001ull, 0x43efffffffffffffull, 0x43f0000000000000ull,
    /* binary32 range edges, for fcvt.s.d */
    0x47efffffe0000000ull, 0x47effffff0000000ull, 0x47effffff0000001ull, 0x47f0000000000000ull,
    0x3810000000000000ull, 0x380fffffffffffffull, 0x36a0000000000000ull, 0x3690000000000000ull,
    0x3690000000000001ull, 0x36affffffffffffull, 0x3e70000000000000ull,
};

/* A binary32 value, raw bits. */
static uint32_t gen_f32(Rng *r)
{
    uint32_t sign = chance(r, 50) ? 0x80000000u : 0;
    switch (below(r, 10)) {
    case 0: case 1: case 2: return f32_special[below(r, NELEM(f32_special))];
    case 3: return (uint32_t)rnd(r);
    case 4: case 5: case 6: /* moderate magnitudes: arithmetic gives rounding, not specials */
        return sign | (127 - 24 + below(r, 49)) << 23 | ((uint32_t)rnd(r) & 0x7fffff);
    case 7: /* tiny: subnormal results, underflow */
        return sign | below(r, 4) << 23 | ((uint32_t)rnd(r) & 0x7fffff);
    case 8: /* huge: overflow */
        return sign | (250 + below(r, 5)) << 23 | ((uint32_t)rnd(r) & 0x7fffff);
    default: { /* integers and halves near conversion limits */
        uint32_t e = 127 + below(r, 66);
        uint32_t m = (uint32_t)rnd(r) & 0x7fffff;
        if (chance(r, 50))
            m &= ~0u << below(r, 23);
        return sign | e << 23 | m;
    }
    }
}

static uint64_t gen_f64(Rng *r)
{
    uint64_t sign = chance(r, 50) ? 0x8000000000000000ull : 0;
    uint64_t m = rnd(r) & 0xfffffffffffffull;
    switch (below(r, 11)) {
    case 0: case 1: case 2: return f64_special[below(r, NELEM(f64_special))];
    case 3: return rnd(r);
    case 4: case 5: return sign | (uint64_t)(1023 - 53 + below(r, 107)) << 52 | m;
    case 6: return sign | (uint64_t)below(r, 4) << 52 | m;
    case 7: return sign | (uint64_t)(2040 + below(r, 7)) << 52 | m;
    case 8: /* around the binary32 range: fcvt.s.d overflow / underflow */
        return sign | (uint64_t)(chance(r, 50) ? 1023 + 120 + below(r, 16) : 1023 - 155 + below(r, 35)) << 52 | m;
    case 9: /* a binary32 value widened: exact, narrowing back is exact */
        return sign | (uint64_t)(1023 - 30 + below(r, 61)) << 52 | (m & ~0x1fffffffull);
    default: {
        uint64_t e = 1023 + below(r, 66);
        if (chance(r, 50))
            m &= ~0ull << below(r, 52);
        return sign | e << 52 | m;
    }
    }
}

static uint64_t box32(uint32_t v) { return 0xffffffff00000000ull | v; }

/* Background contents of an f register: a boxed single, a double, or junk. */
static uint64_t gen_fbg(Rng *r)
{
    switch (below(r, 5)) {
    case 0: case 1: return box32(gen_f32(r));
    case 2: case 3: return gen_f64(r);
    default: return rnd(r);
    }
}

/* A binary32 operand: properly NaN-boxed, now and then not (the spec reads an
 * improperly boxed value as the canonical NaN). */
static uint64_t gen_s_operand(Rng *r)
{
    if (chance(r, 3))
        return chance(r, 50) ? (uint64_t)gen_f32(r) : gen_f64(r);
    return box32(gen_f32(r));
}

/* A second operand close to the first: cancellation, ties, equal values. */
static uint64_t near_s(Rng *r, uint64_t a)
{
    uint32_t v = (uint32_t)a;
    switch (below(r, 4)) {
    case 0: break;
    case 1: v ^= 0x80000000u; break;
    case 2: v += (uint32_t)((int)below(r, 9) - 4); break;
    default: v ^= (uint32_t)rnd(r) & 0xffff; break;
    }
    return box32(v);
}
static uint64_t near_d(Rng *r, uint64_t a)
{
    switch (below(r, 4)) {
    case 0: return a;
    case 1: return a ^ 0x8000000000000000ull;
    case 2: return a + (uint64_t)(int64_t)((int)below(r, 9) - 4);
    default: return a ^ (rnd(r) & 0xffffffffull);
    }
}

/* ---- encodings ---- */

static uint32_t enc_r(uint32_t match, int rd, int rs1, int rs2)
{
    return match | (uint32_t)rs2 << 20 | (uint32_t)rs1 << 15 | (uint32_t)rd << 7;
}
static uint32_t enc_i(uint32_t match, int rd, int rs1, int32_t imm)
{
    return match | ((uint32_t)imm & 0xfff) << 20 | (uint32_t)rs1 << 15 | (uint32_t)rd << 7;
}
static uint32_t enc_s(uint32_t match, int rs1, int rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return match | (u >> 5 & 0x7f) << 25 | (uint32_t)rs2 << 20 | (uint32_t)rs1 << 15 | (u & 31) << 7;
}
static uint32_t enc_b(uint32_t match, int rs1, int rs2, int32_t off)
{
    uint32_t u = (uint32_t)off;
    return match | (u >> 12 & 1) << 31 | (u >> 5 & 0x3f) << 25 | (uint32_t)rs2 << 20 |
           (uint32_t)rs1 << 15 | (u >> 1 & 0xf) << 8 | (u >> 11 & 1) << 7;
}
static uint32_t enc_j(uint32_t match, int rd, int32_t off)
{
    uint32_t u = (uint32_t)off;
    return match | (u >> 20 & 1) << 31 | (u >> 1 & 0x3ff) << 21 | (u >> 11 & 1) << 20 |
           (u >> 12 & 0xff) << 12 | (uint32_t)rd << 7;
}

/* ---- instruction descriptions ---- */

enum Fmt {
    G_R, G_I, G_SH5, G_SH6, G_U, G_J, G_JALR, G_B, G_LD, G_ST, G_AMO, G_LR,
    G_FR, G_F1, G_R4, G_CSR, G_CSRI,
};

typedef struct Op {
    const char *name;
    uint8_t fmt;
    uint8_t size;
    uint32_t match;
    uint32_t flags;
} Op;

#define FRR  (D_RD_F | D_RS1_F | D_RS2_F)
#define SAR  (FRR | D_RM | D_S_SRC | D_S_DST)
#define DAR  (FRR | D_RM | D_D_SRC)

static const Op alu_ops[] = {
    { "lui", G_U, 0, 0x37, 0 },          { "auipc", G_U, 0, 0x17, 0 },
    { "addi", G_I, 0, 0x13, 0 },         { "slti", G_I, 0, 0x2013, 0 },
    { "sltiu", G_I, 0, 0x3013, 0 },      { "xori", G_I, 0, 0x4013, 0 },
    { "ori", G_I, 0, 0x6013, 0 },        { "andi", G_I, 0, 0x7013, 0 },
    { "add", G_R, 0, 0x33, 0 },          { "sub", G_R, 0, 0x40000033, 0 },
    { "slt", G_R, 0, 0x2033, 0 },        { "sltu", G_R, 0, 0x3033, 0 },
    { "xor", G_R, 0, 0x4033, 0 },        { "or", G_R, 0, 0x6033, 0 },
    { "and", G_R, 0, 0x7033, 0 },        { "addiw", G_I, 0, 0x1b, D_RV64 },
    { "addw", G_R, 0, 0x3b, D_RV64 },    { "subw", G_R, 0, 0x4000003b, D_RV64 },
};

static const Op shift_ops[] = {
    { "slli", G_SH6, 0, 0x1013, 0 },     { "srli", G_SH6, 0, 0x5013, 0 },
    { "srai", G_SH6, 0, 0x40005013, 0 }, { "sll", G_R, 0, 0x1033, 0 },
    { "srl", G_R, 0, 0x5033, 0 },        { "sra", G_R, 0, 0x40005033, 0 },
    { "slliw", G_SH5, 0, 0x101b, D_RV64 }, { "srliw", G_SH5, 0, 0x501b, D_RV64 },
    { "sraiw", G_SH5, 0, 0x4000501b, D_RV64 }, { "sllw", G_R, 0, 0x103b, D_RV64 },
    { "srlw", G_R, 0, 0x503b, D_RV64 },  { "sraw", G_R, 0, 0x4000503b, D_RV64 },
};

static const Op m_ops[] = {
    { "mul", G_R, 0, 0x02000033, 0 },    { "mulh", G_R, 0, 0x02001033, 0 },
    { "mulhsu", G_R, 0, 0x02002033, 0 }, { "mulhu", G_R, 0, 0x02003033, 0 },
    { "div", G_R, 0, 0x02004033, 0 },    { "divu", G_R, 0, 0x02005033, 0 },
    { "rem", G_R, 0, 0x02006033, 0 },    { "remu", G_R, 0, 0x02007033, 0 },
    { "mulw", G_R, 0, 0x0200003b, D_RV64 }, { "divw", G_R, 0, 0x0200403b, D_RV64 },
    { "divuw", G_R, 0, 0x0200503b, D_RV64 }, { "remw", G_R, 0, 0x0200603b, D_RV64 },
    { "remuw", G_R, 0, 0x0200703b, D_RV64 },
};

static const Op amo_ops[] = {
    { "amoswap.w", G_AMO, 4, 0x0800202f, D_AMO }, { "amoadd.w", G_AMO, 4, 0x0000202f, D_AMO },
    { "amoxor.w", G_AMO, 4, 0x2000202f, D_AMO },  { "amoand.w", G_AMO, 4, 0x6000202f, D_AMO },
    { "amoor.w", G_AMO, 4, 0x4000202f, D_AMO },   { "amomin.w", G_AMO, 4, 0x8000202f, D_AMO },
    { "amomax.w", G_AMO, 4, 0xa000202f, D_AMO },  { "amominu.w", G_AMO, 4, 0xc000202f, D_AMO },
    { "amomaxu.w", G_AMO, 4, 0xe000202f, D_AMO },
    { "amoswap.d", G_AMO, 8, 0x0800302f, D_AMO | D_RV64 }, { "amoadd.d", G_AMO, 8, 0x0000302f, D_AMO | D_RV64 },
    { "amoxor.d", G_AMO, 8, 0x2000302f, D_AMO | D_RV64 },  { "amoand.d", G_AMO, 8, 0x6000302f, D_AMO | D_RV64 },
    { "amoor.d", G_AMO, 8, 0x4000302f, D_AMO | D_RV64 },   { "amomin.d", G_AMO, 8, 0x8000302f, D_AMO | D_RV64 },
    { "amomax.d", G_AMO, 8, 0xa000302f, D_AMO | D_RV64 },  { "amominu.d", G_AMO, 8, 0xc000302f, D_AMO | D_RV64 },
    { "amomaxu.d", G_AMO, 8, 0xe000302f, D_AMO | D_RV64 },
};
static const Op lr_w = { "lr.w", G_LR, 4, 0x1000202f, D_LR };
static const Op sc_w = { "sc.w", G_AMO, 4, 0x1800202f, D_SC };
static const Op lr_d = { "lr.d", G_LR, 8, 0x1000302f, D_LR | D_RV64 };
static const Op sc_d = { "sc.d", G_AMO, 8, 0x1800302f, D_SC | D_RV64 };

static const Op branch_ops[] = {
    { "jal", G_J, 0, 0x6f, 0 },          { "jalr", G_JALR, 0, 0x67, 0 },
    { "beq", G_B, 0, 0x63, 0 },          { "bne", G_B, 0, 0x1063, 0 },
    { "blt", G_B, 0, 0x4063, 0 },        { "bge", G_B, 0, 0x5063, 0 },
    { "bltu", G_B, 0, 0x6063, 0 },       { "bgeu", G_B, 0, 0x7063, 0 },
};

static const Op mem_ops[] = {
    { "lb", G_LD, 1, 0x03, D_LOAD },     { "lh", G_LD, 2, 0x1003, D_LOAD },
    { "lw", G_LD, 4, 0x2003, D_LOAD },   { "ld", G_LD, 8, 0x3003, D_LOAD | D_RV64 },
    { "lbu", G_LD, 1, 0x4003, D_LOAD },  { "lhu", G_LD, 2, 0x5003, D_LOAD },
    { "lwu", G_LD, 4, 0x6003, D_LOAD | D_RV64 },
    { "sb", G_ST, 1, 0x23, D_STORE },    { "sh", G_ST, 2, 0x1023, D_STORE },
    { "sw", G_ST, 4, 0x2023, D_STORE },  { "sd", G_ST, 8, 0x3023, D_STORE | D_RV64 },
    { "flw", G_LD, 4, 0x2007, D_LOAD | D_RD_F | D_S_DST },
    { "fld", G_LD, 8, 0x3007, D_LOAD | D_RD_F },
    { "fsw", G_ST, 4, 0x2027, D_STORE | D_RS2_F },
    { "fsd", G_ST, 8, 0x3027, D_STORE | D_RS2_F },
};

static const Op f_ops[] = {
    { "fmadd.s", G_R4, 0, 0x43, SAR | D_RS3_F },  { "fmsub.s", G_R4, 0, 0x47, SAR | D_RS3_F },
    { "fnmsub.s", G_R4, 0, 0x4b, SAR | D_RS3_F }, { "fnmadd.s", G_R4, 0, 0x4f, SAR | D_RS3_F },
    { "fadd.s", G_FR, 0, 0x00000053, SAR },       { "fsub.s", G_FR, 0, 0x08000053, SAR },
    { "fmul.s", G_FR, 0, 0x10000053, SAR },       { "fdiv.s", G_FR, 0, 0x18000053, SAR },
    { "fsqrt.s", G_F1, 0, 0x58000053, D_RD_F | D_RS1_F | D_RM | D_S_SRC | D_S_DST },
    { "fsgnj.s", G_FR, 0, 0x20000053, FRR | D_S_SRC | D_S_DST },
    { "fsgnjn.s", G_FR, 0, 0x20001053, FRR | D_S_SRC | D_S_DST },
    { "fsgnjx.s", G_FR, 0, 0x20002053, FRR | D_S_SRC | D_S_DST },
    { "fmin.s", G_FR, 0, 0x28000053, FRR | D_S_SRC | D_S_DST | D_MINMAX },
    { "fmax.s", G_FR, 0, 0x28001053, FRR | D_S_SRC | D_S_DST | D_MINMAX },
    { "fcvt.w.s", G_F1, 0, 0xc0000053, D_RS1_F | D_RM | D_S_SRC },
    { "fcvt.wu.s", G_F1, 0, 0xc0100053, D_RS1_F | D_RM | D_S_SRC },
    { "fcvt.l.s", G_F1, 0, 0xc0200053, D_RS1_F | D_RM | D_S_SRC | D_RV64 },
    { "fcvt.lu.s", G_F1, 0, 0xc0300053, D_RS1_F | D_RM | D_S_SRC | D_RV64 },
    { "fmv.x.w", G_F1, 0, 0xe0000053, D_RS1_F },
    { "feq.s", G_FR, 0, 0xa0002053, D_RS1_F | D_RS2_F | D_S_SRC },
    { "flt.s", G_FR, 0, 0xa0001053, D_RS1_F | D_RS2_F | D_S_SRC },
    { "fle.s", G_FR, 0, 0xa0000053, D_RS1_F | D_RS2_F | D_S_SRC },
    { "fclass.s", G_F1, 0, 0xe0001053, D_RS1_F | D_S_SRC },
    { "fcvt.s.w", G_F1, 0, 0xd0000053, D_RD_F | D_RM | D_S_DST },
    { "fcvt.s.wu", G_F1, 0, 0xd0100053, D_RD_F | D_RM | D_S_DST },
    { "fcvt.s.l", G_F1, 0, 0xd0200053, D_RD_F | D_RM | D_S_DST | D_RV64 },
    { "fcvt.s.lu", G_F1, 0, 0xd0300053, D_RD_F | D_RM | D_S_DST | D_RV64 },
    { "fmv.w.x", G_F1, 0, 0xf0000053, D_RD_F | D_S_DST },
    { "flw", G_LD, 4, 0x2007, D_LOAD | D_RD_F | D_S_DST },
    { "fsw", G_ST, 4, 0x2027, D_STORE | D_RS2_F },
};

static const Op d_ops[] = {
    { "fmadd.d", G_R4, 0, 0x02000043, DAR | D_RS3_F },  { "fmsub.d", G_R4, 0, 0x02000047, DAR | D_RS3_F },
    { "fnmsub.d", G_R4, 0, 0x0200004b, DAR | D_RS3_F }, { "fnmadd.d", G_R4, 0, 0x0200004f, DAR | D_RS3_F },
    { "fadd.d", G_FR, 0, 0x02000053, DAR },       { "fsub.d", G_FR, 0, 0x0a000053, DAR },
    { "fmul.d", G_FR, 0, 0x12000053, DAR },       { "fdiv.d", G_FR, 0, 0x1a000053, DAR },
    { "fsqrt.d", G_F1, 0, 0x5a000053, D_RD_F | D_RS1_F | D_RM | D_D_SRC },
    { "fsgnj.d", G_FR, 0, 0x22000053, FRR | D_D_SRC },
    { "fsgnjn.d", G_FR, 0, 0x22001053, FRR | D_D_SRC },
    { "fsgnjx.d", G_FR, 0, 0x22002053, FRR | D_D_SRC },
    { "fmin.d", G_FR, 0, 0x2a000053, FRR | D_D_SRC | D_MINMAX },
    { "fmax.d", G_FR, 0, 0x2a001053, FRR | D_D_SRC | D_MINMAX },
    { "fcvt.s.d", G_F1, 0, 0x40100053, D_RD_F | D_RS1_F | D_RM | D_D_SRC | D_S_DST },
    { "fcvt.d.s", G_F1, 0, 0x42000053, D_RD_F | D_RS1_F | D_RM | D_S_SRC },
    { "feq.d", G_FR, 0, 0xa2002053, D_RS1_F | D_RS2_F | D_D_SRC },
    { "flt.d", G_FR, 0, 0xa2001053, D_RS1_F | D_RS2_F | D_D_SRC },
    { "fle.d", G_FR, 0, 0xa2000053, D_RS1_F | D_RS2_F | D_D_SRC },
    { "fclass.d", G_F1, 0, 0xe2001053, D_RS1_F | D_D_SRC },
    { "fcvt.w.d", G_F1, 0, 0xc2000053, D_RS1_F | D_RM | D_D_SRC },
    { "fcvt.wu.d", G_F1, 0, 0xc2100053, D_RS1_F | D_RM | D_D_SRC },
    { "fcvt.l.d", G_F1, 0, 0xc2200053, D_RS1_F | D_RM | D_D_SRC | D_RV64 },
    { "fcvt.lu.d", G_F1, 0, 0xc2300053, D_RS1_F | D_RM | D_D_SRC | D_RV64 },
    { "fmv.x.d", G_F1, 0, 0xe2000053, D_RS1_F | D_RV64 },
    { "fcvt.d.w", G_F1, 0, 0xd2000053, D_RD_F | D_RM },
    { "fcvt.d.wu", G_F1, 0, 0xd2100053, D_RD_F | D_RM },
    { "fcvt.d.l", G_F1, 0, 0xd2200053, D_RD_F | D_RM | D_RV64 },
    { "fcvt.d.lu", G_F1, 0, 0xd2300053, D_RD_F | D_RM | D_RV64 },
    { "fmv.d.x", G_F1, 0, 0xf2000053, D_RD_F | D_RV64 },
    { "fld", G_LD, 8, 0x3007, D_LOAD | D_RD_F },
    { "fsd", G_ST, 8, 0x3027, D_STORE | D_RS2_F },
};

static const Op csr_ops[] = {
    { "csrrw", G_CSR, 0, 0x1073, 0 },    { "csrrs", G_CSR, 0, 0x2073, 0 },
    { "csrrc", G_CSR, 0, 0x3073, 0 },    { "csrrwi", G_CSRI, 0, 0x5073, 0 },
    { "csrrsi", G_CSRI, 0, 0x6073, 0 },  { "csrrci", G_CSRI, 0, 0x7073, 0 },
};

/* Pick an op valid for this XLEN; now and then an RV64-only one on RV32,
 * which must be illegal on both sides. */
static const Op *pick(Rng *r, const Op *ops, unsigned n, unsigned xlen)
{
    bool allow_rv64 = xlen == 64 || chance(r, 3);
    for (;;) {
        const Op *op = &ops[below(r, n)];
        if (!(op->flags & D_RV64) || allow_rv64)
            return op;
    }
}
#define PICK(r, ops, xlen) pick((r), (ops), NELEM(ops), (xlen))

static void set_insn(GenInsn *g, const Op *op, uint32_t bits)
{
    g->bits = bits;
    g->len = 4;
    g->name = op->name;
    g->flags = op->flags;
    g->size = op->size;
}

/* ---- effective addresses ---- */

/* An address for an access of `size` bytes: mostly inside the data window
 * (aligned or not), sometimes straddling the end of RAM or far outside it
 * (never in Unicorn's code-only regions). */
static uint64_t gen_ea(Rng *r, unsigned xlen, unsigned size, bool aligned, GenInsn *g)
{
    unsigned k = below(r, 100);
    uint64_t a;
    if (k < 92) {
        a = DATA_BASE + below(r, DATA_SIZE - size + 1);
        if (aligned)
            a &= ~(uint64_t)(size - 1);
    } else if (k < 95) {
        a = MEM_SIZE - size - 3 + below(r, size + 3);
        if (aligned)
            a &= ~(uint64_t)(size - 1);
    } else {
        switch (below(r, 4)) {
        case 0: a = MEM_SIZE + below(r, 0x1000000); break;
        case 1: a = 0x40000000ull + below(r, 0x1000000); break;
        case 2: a = xlen_mask(xlen) - below(r, 0x1000); break;
        default: a = xlen == 64 ? 0x8000000000000000ull + (rnd(r) & 0xffffffffffffull) : 0xc0000000u + below(r, 0x1000000); break;
        }
        if (aligned)
            a &= ~(uint64_t)(size - 1);
    }
    a &= xlen_mask(xlen);
    g->ea = a;
    g->misaligned = (a & (size - 1)) != 0;
    g->in_range = a < MEM_SIZE && a + size <= MEM_SIZE;
    return a;
}

/* Make x[rs1] + imm == ea. With rs1 = x0 the immediate carries the address,
 * which works for the data window (below 2 KiB); otherwise the address becomes
 * whatever the immediate alone gives. */
static int32_t aim(Rng *r, Case *c, int rs1, uint64_t ea, int imm_bits, GenInsn *g)
{
    int32_t lim = 1 << (imm_bits - 1);
    if (rs1 == 0) {
        int64_t s = (int64_t)ea;
        if (c->xlen == 32)
            s = (int32_t)(uint32_t)ea;
        if (s >= -lim && s < lim)
            return (int32_t)s;
        /* negative: the top of the address space, outside RAM on both sides
         * (a positive one could reach Unicorn's private scratch below 2 KiB) */
        int32_t imm = -1 - (int32_t)below(r, (uint32_t)lim);
        g->ea = (uint64_t)(int64_t)imm & xlen_mask(c->xlen);
        g->misaligned = g->size && (g->ea & (g->size - 1)) != 0;
        g->in_range = g->ea < MEM_SIZE && g->ea + g->size <= MEM_SIZE;
        return imm;
    }
    int32_t imm = chance(r, 30) ? 0 : (int32_t)below(r, (uint32_t)(2 * lim)) - lim;
    c->in.x[rs1] = (ea - (uint64_t)(int64_t)imm) & xlen_mask(c->xlen);
    return imm;
}

/* Give an instruction's source registers values of the kind it reads. */
/* The few values whose combinations are the special cases of IEEE arithmetic
 * (inf*0, inf-inf, 0/0, NaN operands, signed zeros). */
static uint64_t special_s(Rng *r)
{
    static const uint32_t v[] = { 0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000,
                                  0x7f800001, 0x3f800000, 0xbf800000, 0x00000001, 0x7f7fffff };
    return box32(v[below(r, NELEM(v))]);
}
static uint64_t special_d(Rng *r)
{
    static const uint64_t v[] = { 0, 0x8000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
                                  0x7ff8000000000000ull, 0x7ff0000000000001ull, 0x3ff0000000000000ull,
                                  0xbff0000000000000ull, 1, 0x7fefffffffffffffull };
    return v[below(r, NELEM(v))];
}

static void fill_sources(Rng *r, Case *c, const GenInsn *g)
{
    DiffState *s = &c->in;
    bool specials = chance(r, 12);
    int src[3] = { g->rs1, g->rs2, g->rs3 };
    uint32_t fl[3] = { D_RS1_F, D_RS2_F, D_RS3_F };
    for (int i = 0; i < 3; i++) {
        int n = src[i];
        if (n < 0)
            continue;
        if (g->flags & fl[i]) {
            if (specials && (g->flags & (D_S_SRC | D_D_SRC)))
                s->f[n] = g->flags & D_S_SRC ? special_s(r) : special_d(r);
            else if (g->flags & D_S_SRC)
                s->f[n] = i > 0 && g->rs1 >= 0 && chance(r, 25) ? near_s(r, s->f[g->rs1]) : gen_s_operand(r);
            else if (g->flags & D_D_SRC)
                s->f[n] = i > 0 && g->rs1 >= 0 && chance(r, 25) ? near_d(r, s->f[g->rs1]) : gen_f64(r);
            else
                s->f[n] = gen_fbg(r);
        } else if (n != 0) {
            s->x[n] = i > 0 && g->rs1 > 0 && chance(r, 20) ? s->x[g->rs1] + (uint64_t)(int64_t)((int)below(r, 3) - 1)
                                                            : gen_int(r, c->xlen);
            s->x[n] &= xlen_mask(c->xlen);
        }
    }
}

static void no_regs(GenInsn *g) { g->rd = g->rs1 = g->rs2 = g->rs3 = -1; }

static int32_t gen_imm12(Rng *r)
{
    static const int32_t special[] = { 0, 1, -1, 2047, -2048, 31, 32, 63, 64, -2 };
    return chance(r, 30) ? special[below(r, NELEM(special))] : (int32_t)below(r, 4096) - 2048;
}

/* ---- classes ---- */

static void gen_int_op(Rng *r, Case *c, const Op *op, GenInsn *g)
{
    no_regs(g);
    g->rd = reg(r);
    switch (op->fmt) {
    case G_R:
        g->rs1 = reg(r); g->rs2 = reg(r);
        set_insn(g, op, enc_r(op->match, g->rd, g->rs1, g->rs2));
        break;
    case G_I:
        g->rs1 = reg(r);
        set_insn(g, op, enc_i(op->match, g->rd, g->rs1, gen_imm12(r)));
        break;
    case G_SH5: case G_SH6: {
        g->rs1 = reg(r);
        unsigned width = op->fmt == G_SH6 && c->xlen == 64 ? 6 : 5;
        uint32_t sh = below(r, 1u << width);
        if (chance(r, 4))
            sh |= 32; /* shamt[5]: reserved on RV32 and for the W forms */
        set_insn(g, op, enc_i(op->match, g->rd, g->rs1, (int32_t)sh));
        break;
    }
    case G_U: {
        uint32_t imm = chance(r, 20) ? (chance(r, 50) ? 0x80000u : 0xfffffu) : below(r, 1u << 20);
        set_insn(g, op, op->match | imm << 12 | (uint32_t)g->rd << 7);
        break;
    }
    }
    fill_sources(r, c, g);
}

static void gen_alu(Rng *r, Case *c) { gen_int_op(r, c, PICK(r, alu_ops, c->xlen), &c->insn[0]); }
static void gen_shift(Rng *r, Case *c) { gen_int_op(r, c, PICK(r, shift_ops, c->xlen), &c->insn[0]); }
static void gen_m(Rng *r, Case *c) { gen_int_op(r, c, PICK(r, m_ops, c->xlen), &c->insn[0]); }

static void gen_branch(Rng *r, Case *c)
{
    GenInsn *g = &c->insn[0];
    const Op *op = PICK(r, branch_ops, c->xlen);
    no_regs(g);
    switch (op->fmt) {
    case G_J: {
        g->rd = reg(r);
        int32_t off = chance(r, 20) ? (int32_t)((int)below(r, 33) - 16) * 2 : (int32_t)(below(r, 1u << 20) << 1) - (1 << 20);
        set_insn(g, op, enc_j(op->match, g->rd, off));
        break;
    }
    case G_JALR:
        g->rd = reg(r); g->rs1 = reg(r);
        set_insn(g, op, enc_i(op->match, g->rd, g->rs1, gen_imm12(r)));
        break;
    default: {
        g->rs1 = reg(r); g->rs2 = reg(r);
        int32_t off = chance(r, 20) ? (int32_t)((int)below(r, 33) - 16) * 2 : (int32_t)(below(r, 1u << 12) << 1) - (1 << 12);
        set_insn(g, op, enc_b(op->match, g->rs1, g->rs2, off));
        break;
    }
    }
    fill_sources(r, c, g);
}

static void gen_load_store(Rng *r, Case *c, const Op *op, GenInsn *g)
{
    no_regs(g);
    set_insn(g, op, 0);
    g->rs1 = reg(r);
    if (op->fmt == G_LD)
        g->rd = reg(r);
    else
        g->rs2 = reg(r);
    fill_sources(r, c, g);
    uint64_t ea = gen_ea(r, c->xlen, op->size, chance(r, 50), g);
    int32_t imm = aim(r, c, g->rs1, ea, 12, g);
    g->bits = op->fmt == G_LD ? enc_i(op->match, g->rd, g->rs1, imm) : enc_s(op->match, g->rs1, g->rs2, imm);
}

static void gen_mem(Rng *r, Case *c) { gen_load_store(r, c, PICK(r, mem_ops, c->xlen), &c->insn[0]); }

static uint32_t aqrl(Rng *r) { return below(r, 4) << 25; }

/* An AMO, LR or SC at an address in rs1 (never x0: address 0 is outside the
 * compared windows, and a store there would make the two memories differ). */
static void gen_amo_at(Rng *r, Case *c, const Op *op, GenInsn *g, int rs1, bool fresh_addr)
{
    no_regs(g);
    set_insn(g, op, 0);
    g->rd = reg(r);
    g->rs1 = rs1;
    if (op->fmt != G_LR)
        g->rs2 = reg(r);
    uint64_t addr = c->in.x[rs1];
    fill_sources(r, c, g);
    if (!fresh_addr)
        c->in.x[rs1] = addr;
    if (fresh_addr) {
        unsigned k = below(r, 100);
        uint64_t ea = gen_ea(r, c->xlen, op->size, k >= 6, g);
        c->in.x[rs1] = ea;
    } else {
        g->ea = c->in.x[rs1];
        g->misaligned = (g->ea & (op->size - 1)) != 0;
        g->in_range = g->ea < MEM_SIZE && g->ea + op->size <= MEM_SIZE;
    }
    g->bits = op->match | aqrl(r) | (g->rs2 > 0 ? (uint32_t)g->rs2 << 20 : 0u) |
              (uint32_t)g->rs1 << 15 | (uint32_t)g->rd << 7;
}

static void gen_a(Rng *r, Case *c)
{
    bool d = c->xlen == 64 ? chance(r, 50) : chance(r, 3);
    unsigned k = below(r, 100);
    if (k < 35) {
        /* LR then SC: the SC mostly to the reserved address, so it can succeed */
        const Op *lr = d ? &lr_d : &lr_w, *sc = d ? &sc_d : &sc_w;
        int a = reg_nz(r);
        gen_amo_at(r, c, lr, &c->insn[0], a, true);
        bool same = chance(r, 85);
        if (same) {
            while (c->insn[0].rd == a) {
                c->insn[0].rd = reg(r);
            }
            c->insn[0].bits = (c->insn[0].bits & ~(31u << 7)) | (uint32_t)c->insn[0].rd << 7;
        }
        int b = same ? a : reg_nz(r);
        if (!same && b != a && b != c->insn[0].rd)
            c->in.x[b] = (DATA_BASE + below(r, DATA_SIZE - 8)) & ~7ull;
        /* the SC's sources must not disturb the LR's address register */
        DiffState keep = c->in;
        gen_amo_at(r, c, sc, &c->insn[1], b, false);
        c->in.x[a] = keep.x[a];
        c->insn[1].ea = 0; /* known only after the LR has run */
        c->ninsns = 2;
        return;
    }
    const Op *op;
    if (k < 45)
        op = d ? &lr_d : &lr_w;
    else if (k < 55)
        op = d ? &sc_d : &sc_w;
    else {
        do {
            op = &amo_ops[below(r, NELEM(amo_ops))];
        } while ((op->size == 8) != d);
    }
    gen_amo_at(r, c, op, &c->insn[0], reg_nz(r), true);
}

static int pick_rm(Rng *r)
{
    if (chance(r, 3))
        return 5 + (int)below(r, 2); /* reserved: illegal */
    if (chance(r, 30))
        return 7;                    /* dynamic: frm */
    return (int)below(r, 5);
}

static void gen_fp(Rng *r, Case *c, const Op *ops, unsigned n)
{
    GenInsn *g = &c->insn[0];
    const Op *op = pick(r, ops, n, c->xlen);
    if (op->fmt == G_LD || op->fmt == G_ST) {
        gen_load_store(r, c, op, g);
        return;
    }
    no_regs(g);
    set_insn(g, op, 0);
    g->rd = reg(r);
    g->rs1 = reg(r);
    uint32_t bits = op->match;
    if (op->fmt == G_FR || op->fmt == G_R4)
        g->rs2 = reg(r);
    if (op->fmt == G_R4)
        g->rs3 = reg(r);
    if (op->flags & D_RM)
        bits |= (uint32_t)pick_rm(r) << 12;
    bits |= (uint32_t)g->rd << 7 | (uint32_t)g->rs1 << 15;
    if (g->rs2 >= 0)
        bits |= (uint32_t)g->rs2 << 20;
    if (g->rs3 >= 0)
        bits |= (uint32_t)g->rs3 << 27;
    g->bits = bits;
    fill_sources(r, c, g);
}

static void gen_f(Rng *r, Case *c) { gen_fp(r, c, f_ops, NELEM(f_ops)); }
static void gen_d(Rng *r, Case *c) { gen_fp(r, c, d_ops, NELEM(d_ops)); }

static void gen_csr(Rng *r, Case *c)
{
    GenInsn *g = &c->insn[0];
    const Op *op = &csr_ops[below(r, NELEM(csr_ops))];
    no_regs(g);
    set_insn(g, op, 0);
    uint32_t csr, flags = 0;
    unsigned k = below(r, 100);
    if (k < 75) {
        csr = 1 + below(r, 3);                    /* fflags, frm, fcsr */
    } else if (k < 93) {
        csr = chance(r, 50) ? 0xc00 : 0xc02;       /* cycle, instret */
        if (c->xlen == 32 && chance(r, 50))
            csr += 0x80;                           /* cycleh, instreth */
        flags = D_COUNTER;
    } else {
        csr = c->xlen == 32 && chance(r, 50) ? 0xc81 : 0xc01; /* time(h) */
        flags = D_TIME;
    }
    g->flags |= flags;
    g->rd = reg(r);
    int src = chance(r, 25) ? 0 : reg(r);
    if (op->fmt == G_CSR) {
        g->rs1 = src;
        fill_sources(r, c, g);
        if (src && chance(r, 50))
            c->in.x[src] = below(r, 256) | (chance(r, 20) ? rnd(r) & xlen_mask(c->xlen) & ~0xffull : 0);
    }
    g->bits = op->match | csr << 20 | (uint32_t)src << 15 | (uint32_t)g->rd << 7;
}

static void gen_misc(Rng *r, Case *c)
{
    GenInsn *g = &c->insn[0];
    no_regs(g);
    g->len = 4;
    switch (below(r, 5)) {
    case 0: /* fence: any fm/pred/succ; rs1 and rd are ignored */
        g->name = "fence";
        g->bits = 0x0f | (uint32_t)(rnd(r) & 0xfff) << 20;
        if (chance(r, 30))
            g->bits |= (uint32_t)reg(r) << 15 | (uint32_t)reg(r) << 7;
        break;
    case 1: /* fence.i: imm, rs1, rd are ignored */
        g->name = "fence.i";
        g->bits = 0x100f;
        if (chance(r, 30))
            g->bits |= (uint32_t)(rnd(r) & 0xfff) << 20 | (uint32_t)reg(r) << 15 | (uint32_t)reg(r) << 7;
        break;
    case 2:
        g->name = "ecall";
        g->bits = 0x73;
        break;
    case 3:
        g->name = "ebreak";
        g->bits = 0x00100073;
        break;
    default: /* ecall/ebreak with a stray rd or rs1: reserved, illegal */
        g->name = "ecall?";
        g->bits = (chance(r, 50) ? 0x73 : 0x00100073) |
                  (chance(r, 50) ? (uint32_t)reg_nz(r) << 7 : (uint32_t)reg_nz(r) << 15);
        break;
    }
}

/* ---- C ---- */

/* The generator's own reading of a compressed load or store: which register
 * holds the base, the offset, the size, and where the data goes. Returns false
 * for everything else. */
static bool c_mem_form(uint32_t h, unsigned xlen, GenInsn *g, int *base, uint32_t *off)
{
    unsigned op = h & 3, f3 = h >> 13 & 7;
    unsigned rdp = (h >> 2 & 7) + 8, rs1p = (h >> 7 & 7) + 8;
    unsigned rd = h >> 7 & 31, rs2 = h >> 2 & 31;
    uint32_t off_d = (h >> 10 & 7) << 3 | (h >> 5 & 3) << 6;              /* c.ld, c.fld, c.sd */
    uint32_t off_w = (h >> 10 & 7) << 3 | (h >> 6 & 1) << 2 | (h >> 5 & 1) << 6; /* c.lw, c.sw */
    uint32_t off_ldsp = (h >> 12 & 1) << 5 | (h >> 5 & 3) << 3 | (h >> 2 & 7) << 6;
    uint32_t off_lwsp = (h >> 12 & 1) << 5 | (h >> 4 & 7) << 2 | (h >> 2 & 3) << 6;
    uint32_t off_sdsp = (h >> 10 & 7) << 3 | (h >> 7 & 7) << 6;
    uint32_t off_swsp = (h >> 9 & 15) << 2 | (h >> 7 & 3) << 6;
    bool rv32 = xlen == 32;
    g->rd = g->rs1 = g->rs2 = g->rs3 = -1;
    if (op == 0) {
        *base = (int)rs1p;
        g->rs1 = (int)rs1p;
        switch (f3) {
        case 1: g->name = "c.fld"; g->flags = D_LOAD | D_RD_F; g->size = 8; g->rd = (int)rdp; *off = off_d; return true;
        case 2: g->name = "c.lw"; g->flags = D_LOAD; g->size = 4; g->rd = (int)rdp; *off = off_w; return true;
        case 3:
            if (rv32) { g->name = "c.flw"; g->flags = D_LOAD | D_RD_F | D_S_DST; g->size = 4; *off = off_w; }
            else { g->name = "c.ld"; g->flags = D_LOAD; g->size = 8; *off = off_d; }
            g->rd = (int)rdp;
            return true;
        case 5: g->name = "c.fsd"; g->flags = D_STORE | D_RS2_F; g->size = 8; g->rs2 = (int)rdp; *off = off_d; return true;
        case 6: g->name = "c.sw"; g->flags = D_STORE; g->size = 4; g->rs2 = (int)rdp; *off = off_w; return true;
        case 7:
            if (rv32) { g->name = "c.fsw"; g->flags = D_STORE | D_RS2_F; g->size = 4; *off = off_w; }
            else { g->name = "c.sd"; g->flags = D_STORE; g->size = 8; *off = off_d; }
            g->rs2 = (int)rdp;
            return true;
        default: return false;
        }
    }
    if (op == 2) {
        *base = 2;
        g->rs1 = 2;
        switch (f3) {
        case 1: g->name = "c.fldsp"; g->flags = D_LOAD | D_RD_F; g->size = 8; g->rd = (int)rd; *off = off_ldsp; return true;
        case 2: g->name = "c.lwsp"; g->flags = D_LOAD; g->size = 4; g->rd = (int)rd; *off = off_lwsp; return rd != 0;
        case 3:
            if (rv32) { g->name = "c.flwsp"; g->flags = D_LOAD | D_RD_F | D_S_DST; g->size = 4; *off = off_lwsp; g->rd = (int)rd; return true; }
            g->name = "c.ldsp"; g->flags = D_LOAD; g->size = 8; g->rd = (int)rd; *off = off_ldsp;
            return rd != 0;
        case 5: g->name = "c.fsdsp"; g->flags = D_STORE | D_RS2_F; g->size = 8; g->rs2 = (int)rs2; *off = off_sdsp; return true;
        case 6: g->name = "c.swsp"; g->flags = D_STORE; g->size = 4; g->rs2 = (int)rs2; *off = off_swsp; return true;
        case 7:
            if (rv32) { g->name = "c.fswsp"; g->flags = D_STORE | D_RS2_F; g->size = 4; *off = off_swsp; }
            else { g->name = "c.sdsp"; g->flags = D_STORE; g->size = 8; *off = off_sdsp; }
            g->rs2 = (int)rs2;
            return true;
        default: return false;
        }
    }
    return false;
}

static void gen_c(Rng *r, Case *c)
{
    GenInsn *g = &c->insn[0];
    uint32_t h;
    do {
        h = (uint32_t)rnd(r) & 0xffff;
    } while ((h & 3) == 3);
    /* zero some fields now and then: nzimm = 0, rd = 0, rs2 = 0 are where the
     * reserved encodings and the HINTs are */
    if (chance(r, 12)) h &= ~(1u << 12);
    if (chance(r, 12)) h &= ~(31u << 2);
    if (chance(r, 12)) h &= ~(31u << 7);
    if (chance(r, 3)) h &= 3;
    no_regs(g);
    g->bits = h;
    g->len = 2;
    g->name = "c.?";
    g->flags = 0;
    g->size = 0;
    int base;
    uint32_t off;
    if (c_mem_form(h, c->xlen, g, &base, &off)) {
        if (g->rs2 >= 0) {
            if (g->flags & D_RS2_F)
                c->in.f[g->rs2] = gen_fbg(r);
            else if (g->rs2 != 0)
                c->in.x[g->rs2] = gen_int(r, c->xlen);
        }
        uint64_t ea = gen_ea(r, c->xlen, g->size, chance(r, 50), g);
        if (base != 0)
            c->in.x[base] = (ea - off) & xlen_mask(c->xlen);
    } else {
        g->rd = g->rs1 = g->rs2 = g->rs3 = -1;
        g->flags = 0;
    }
}

/* ---- the case ---- */

static uint64_t gen_pc(Rng *r, unsigned xlen)
{
    unsigned k = below(r, 100);
    uint64_t pc;
    if (k < 80)
        pc = CODE_LO_BASE + below(r, (uint32_t)(CODE_LO_END - CODE_LO_BASE - 16));
    else if (k < 90)
        pc = CODE_MID_BASE + below(r, (uint32_t)(CODE_MID_SIZE - 16));
    else
        pc = (xlen == 32 ? CODE_TOP32 : CODE_TOP64) + below(r, (uint32_t)(CODE_TOP_SIZE - 16));
    return pc & ~1ull;
}

void gen_case(uint64_t seed, uint64_t index, unsigned xlen, int cls, Case *c)
{
    Rng r = { mix64(seed ^ mix64(index * 0x9e3779b97f4a7c15ull + xlen)) };
    memset(c, 0, sizeof *c);
    c->seed = seed;
    c->index = index;
    c->xlen = xlen;

    unsigned w = below(&r, 100), drawn = 0;
    while (drawn < CL_COUNT - 1 && w >= class_weight[drawn]) {
        w -= class_weight[drawn];
        drawn++;
    }
    c->cls = cls >= 0 ? cls : (int)drawn;
    c->user_mode = chance(&r, 50);
    c->ninsns = 1;

    DiffState *s = &c->in;
    for (int i = 1; i < 32; i++)
        s->x[i] = gen_int(&r, xlen);
    for (int i = 0; i < 32; i++)
        s->f[i] = gen_fbg(&r);
    s->fflags = chance(&r, 50) ? 0 : below(&r, 32);
    s->frm = below(&r, 5);
    for (unsigned i = 0; i < DATA_SIZE; i += 8) {
        uint64_t v = rnd(&r);
        memcpy(s->data + i, &v, 8);
    }
    for (unsigned i = 0; i < TAIL_SIZE; i += 8) {
        uint64_t v = rnd(&r);
        memcpy(s->tail + i, &v, 8);
    }
    s->pc = gen_pc(&r, xlen);

    switch (c->cls) {
    case CL_ALU: gen_alu(&r, c); break;
    case CL_SHIFT: gen_shift(&r, c); break;
    case CL_M: gen_m(&r, c); break;
    case CL_A: gen_a(&r, c); break;
    case CL_BRANCH: gen_branch(&r, c); break;
    case CL_MEM: gen_mem(&r, c); break;
    case CL_C: gen_c(&r, c); break;
    case CL_F: gen_f(&r, c); break;
    case CL_D: gen_d(&r, c); break;
    case CL_CSR: gen_csr(&r, c); break;
    default: gen_misc(&r, c); break;
    }

    /* fused multiply-add: now and then make c = +-(a*b) exactly as the host
     * rounds the product, so the sum cancels (sign of zero, tiny results) */
    GenInsn *g = &c->insn[0];
    if (g->rs3 >= 0 && g->rs1 != g->rs3 && g->rs2 != g->rs3 && chance(&r, 10)) {
        if (g->flags & D_S_SRC) {
            float a, b, p;
            uint32_t ua = (uint32_t)s->f[g->rs1], ub = (uint32_t)s->f[g->rs2], up;
            memcpy(&a, &ua, 4);
            memcpy(&b, &ub, 4);
            p = a * b;
            memcpy(&up, &p, 4);
            s->f[g->rs3] = box32(up ^ (chance(&r, 50) ? 0x80000000u : 0));
        } else {
            double a, b, p;
            uint64_t up;
            memcpy(&a, &s->f[g->rs1], 8);
            memcpy(&b, &s->f[g->rs2], 8);
            p = a * b;
            memcpy(&up, &p, 8);
            s->f[g->rs3] = up ^ (chance(&r, 50) ? 0x8000000000000000ull : 0);
        }
    }

    s->x[0] = 0;
    c->insn_pc[0] = s->pc;
    c->insn_pc[1] = (s->pc + c->insn[0].len) & xlen_mask(xlen);
}
