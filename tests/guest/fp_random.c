/* Differential stress test of every F and D instruction.
 *
 * A seeded PRNG makes operand bit patterns biased towards interesting values
 * (signed zeros, infinities, quiet and signalling NaNs, subnormals, the
 * smallest and largest normals, values near 1, near integers and near the
 * 2^31/2^32/2^63/2^64 conversion limits, operands whose sum, product or fused
 * product-sum lands on or next to a rounding tie). Every instruction runs
 * through inline asm, once per static rounding mode (with frm set to a random
 * decoy mode that must be ignored) and once per frm value with the dynamic
 * mode. fflags is cleared (sometimes preset, to check that flags accrue)
 * before each case; the result bits (the whole 64-bit register, so the
 * NaN-boxing of single results counts) and fflags are folded into one hash per
 * instruction and mode. Single operands are sometimes improperly NaN-boxed.
 *
 * The expected output comes from qemu-riscv64 (exact soft-float).
 *
 * usage: fp_random [--verbose N] [--only SUBSTRING]
 *   --verbose N   print the operands, result and flags of cases 0..N-1
 *   --only S      run only the lines whose "insn mode" contains S
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASES 4000

/* ---------- PRNG and hash ---------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static unsigned rndn(unsigned n)
{
    return (unsigned)(rnd() % n);
}

static uint64_t mix(uint64_t h, uint64_t x)
{
    h ^= x;
    h *= 0x100000001b3ULL;
    h ^= h >> 29;
    h *= 0x9e3779b97f4a7c15ULL;
    return h ^ (h >> 32);
}

static uint64_t fnv_str(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
    return h;
}

/* ---------- the instructions under test ---------- */

/* Every case function: in[0..2] raw 64-bit operands (moved into ft0..ft2
 * with fmv.d.x, or used directly as integer registers), frm written before,
 * fflags preset to pre; out[0] the result (fmv.x.d of ft3 or the integer
 * rd), out[1] fflags. frm is reset to rne afterwards. */
typedef void (*case_fn)(const uint64_t *in, uint64_t *out, uint64_t frm, uint64_t pre);

#define ASM_PRE "fsrm %[frm]\n\tfsflags %[pre]\n\t"
#define ASM_POST "\n\tfrflags %[fl]\n\tfsrm zero\n\t"
#define ASM_IN [a] "r"(in[0]), [b] "r"(in[1]), [c] "r"(in[2]), [frm] "r"(frm), [pre] "r"(pre)

#define FN_FFF(name, op, tail)                                                                                  \
    static void name(const uint64_t *in, uint64_t *out, uint64_t frm, uint64_t pre)                             \
    {                                                                                                           \
        uint64_t r, fl;                                                                                         \
        __asm__ volatile("fmv.d.x ft0, %[a]\n\tfmv.d.x ft1, %[b]\n\tfmv.d.x ft2, %[c]\n\t" ASM_PRE op           \
                         " ft3, ft0, ft1, ft2" tail ASM_POST "fmv.x.d %[r], ft3"                                \
                         : [r] "=r"(r), [fl] "=&r"(fl)                                                          \
                         : ASM_IN                                                                               \
                         : "ft0", "ft1", "ft2", "ft3");                                                         \
        out[0] = r;                                                                                             \
        out[1] = fl;                                                                                            \
    }

#define FN_FF(name, op, tail)                                                                                   \
    static void name(const uint64_t *in, uint64_t *out, uint64_t frm, uint64_t pre)                             \
    {                                                                                                           \
        uint64_t r, fl;                                                                                         \
        __asm__ volatile("fmv.d.x ft0, %[a]\n\tfmv.d.x ft1, %[b]\n\t" ASM_PRE op " ft3, ft0, ft1" tail ASM_POST \
                         "fmv.x.d %[r], ft3"                                                                    \
                         : [r] "=r"(r), [fl] "=&r"(fl)                                                          \
                         : ASM_IN                                                                               \
                         : "ft0", "ft1", "ft3");                                                                \
        out[0] = r;                                                                                             \
        out[1] = fl;                                                                                            \
    }

#define FN_F(name, op, tail)                                                                                    \
    static void name(const uint64_t *in, uint64_t *out, uint64_t frm, uint64_t pre)                             \
    {                                                                                                           \
        uint64_t r, fl;                                                                                         \
        __asm__ volatile("fmv.d.x ft0, %[a]\n\t" ASM_PRE op " ft3, ft0" tail ASM_POST "fmv.x.d %[r], ft3"       \
                         : [r] "=r"(r), [fl] "=&r"(fl)                                                          \
                         : ASM_IN                                                                               \
                         : "ft0", "ft3");                                                                       \
        out[0] = r;                                                                                             \
        out[1] = fl;                                                                                            \
    }

/* float operand(s) -> integer register */
#define FN_FX(name, op, tail)                                                                                   \
    static void name(const uint64_t *in, uint64_t *out, uint64_t frm, uint64_t pre)                             \
    {                                                                                                           \
        uint64_t r, fl;                                                                                         \
        __asm__ volatile("fmv.d.x ft0, %[a]\n\t" ASM_PRE op " %[r], ft0" tail ASM_POST                          \
                         : [r] "=&r"(r), [fl] "=&r"(fl)                                                         \
                         : ASM_IN                                                                               \
                         : "ft0");                                                                              \
        out[0] = r;                                                                                             \
        out[1] = fl;                                                                                            \
    }

#define FN_FFX(name, op, tail)                                                                                  \
    static void name(const uint64_t *in, uint64_t *out, uint64_t frm, uint64_t pre)                             \
    {                                                                                                           \
        uint64_t r, fl;                                                                                         \
        __asm__ volatile("fmv.d.x ft0, %[a]\n\tfmv.d.x ft1, %[b]\n\t" ASM_PRE op " %[r], ft0, ft1" tail ASM_POST \
                         : [r] "=&r"(r), [fl] "=&r"(fl)                                                         \
                         : ASM_IN                                                                               \
                         : "ft0", "ft1");                                                                       \
        out[0] = r;                                                                                             \
        out[1] = fl;                                                                                            \
    }

/* integer register -> float register */
#define FN_XF(name, op, tail)                                                                                   \
    static void name(const uint64_t *in, uint64_t *out, uint64_t frm, uint64_t pre)                             \
    {                                                                                                           \
        uint64_t r, fl;                                                                                         \
        __asm__ volatile(ASM_PRE op " ft3, %[a]" tail ASM_POST "fmv.x.d %[r], ft3"                              \
                         : [r] "=r"(r), [fl] "=&r"(fl)                                                          \
                         : ASM_IN                                                                               \
                         : "ft3");                                                                              \
        out[0] = r;                                                                                             \
        out[1] = fl;                                                                                            \
    }

/* The assembler takes no rounding mode on the exact conversions fcvt.d.w,
 * fcvt.d.wu and fcvt.d.s, but the encodings have the rm field: .insn. */
#define FN_IXF(name, rm, f7, rs2)                                                                               \
    static void name(const uint64_t *in, uint64_t *out, uint64_t frm, uint64_t pre)                             \
    {                                                                                                           \
        uint64_t r, fl;                                                                                         \
        __asm__ volatile(ASM_PRE ".insn r 0x53, " rm ", " f7 ", ft3, %[a], " rs2 ASM_POST "fmv.x.d %[r], ft3"   \
                         : [r] "=r"(r), [fl] "=&r"(fl)                                                          \
                         : ASM_IN                                                                               \
                         : "ft3");                                                                              \
        out[0] = r;                                                                                             \
        out[1] = fl;                                                                                            \
    }

#define FN_IFF(name, rm, f7, rs2)                                                                               \
    static void name(const uint64_t *in, uint64_t *out, uint64_t frm, uint64_t pre)                             \
    {                                                                                                           \
        uint64_t r, fl;                                                                                         \
        __asm__ volatile("fmv.d.x ft0, %[a]\n\t" ASM_PRE ".insn r 0x53, " rm ", " f7 ", ft3, ft0, " rs2 ASM_POST \
                         "fmv.x.d %[r], ft3"                                                                    \
                         : [r] "=r"(r), [fl] "=&r"(fl)                                                          \
                         : ASM_IN                                                                               \
                         : "ft0", "ft3");                                                                       \
        out[0] = r;                                                                                             \
        out[1] = fl;                                                                                            \
    }

/* operand generators */
enum gen {
    G_S1,      /* one single */
    G_S1SQ,    /* one single, mostly positive (sqrt) */
    G_S2,      /* two singles, the second often related to the first */
    G_S3,      /* three singles, the addend often near -(a*b) */
    G_D1,
    G_D1SQ,
    G_D2,
    G_D3,
    G_SCVT,    /* one single near integers and conversion limits */
    G_DCVT,
    G_DNARROW, /* one double near the single range limits and rounding ties */
    G_W,       /* an interesting 32-bit integer in the low half, junk above */
    G_L,       /* an interesting 64-bit integer */
    G_XS,      /* 64 bits whose low half is an interesting single */
    G_XD,      /* an interesting double's bits */
};

/* X(kind, id, mnemonic, generator) */
#define RM_LIST(X)                                  \
    X(FN_FF, fadd_s, "fadd.s", G_S2)                \
    X(FN_FF, fsub_s, "fsub.s", G_S2)                \
    X(FN_FF, fmul_s, "fmul.s", G_S2)                \
    X(FN_FF, fdiv_s, "fdiv.s", G_S2)                \
    X(FN_F, fsqrt_s, "fsqrt.s", G_S1SQ)             \
    X(FN_FFF, fmadd_s, "fmadd.s", G_S3)             \
    X(FN_FFF, fmsub_s, "fmsub.s", G_S3)             \
    X(FN_FFF, fnmsub_s, "fnmsub.s", G_S3)           \
    X(FN_FFF, fnmadd_s, "fnmadd.s", G_S3)           \
    X(FN_FF, fadd_d, "fadd.d", G_D2)                \
    X(FN_FF, fsub_d, "fsub.d", G_D2)                \
    X(FN_FF, fmul_d, "fmul.d", G_D2)                \
    X(FN_FF, fdiv_d, "fdiv.d", G_D2)                \
    X(FN_F, fsqrt_d, "fsqrt.d", G_D1SQ)             \
    X(FN_FFF, fmadd_d, "fmadd.d", G_D3)             \
    X(FN_FFF, fmsub_d, "fmsub.d", G_D3)             \
    X(FN_FFF, fnmsub_d, "fnmsub.d", G_D3)           \
    X(FN_FFF, fnmadd_d, "fnmadd.d", G_D3)           \
    X(FN_FX, fcvt_w_s, "fcvt.w.s", G_SCVT)          \
    X(FN_FX, fcvt_wu_s, "fcvt.wu.s", G_SCVT)        \
    X(FN_FX, fcvt_l_s, "fcvt.l.s", G_SCVT)          \
    X(FN_FX, fcvt_lu_s, "fcvt.lu.s", G_SCVT)        \
    X(FN_FX, fcvt_w_d, "fcvt.w.d", G_DCVT)          \
    X(FN_FX, fcvt_wu_d, "fcvt.wu.d", G_DCVT)        \
    X(FN_FX, fcvt_l_d, "fcvt.l.d", G_DCVT)          \
    X(FN_FX, fcvt_lu_d, "fcvt.lu.d", G_DCVT)        \
    X(FN_XF, fcvt_s_w, "fcvt.s.w", G_W)             \
    X(FN_XF, fcvt_s_wu, "fcvt.s.wu", G_W)           \
    X(FN_XF, fcvt_s_l, "fcvt.s.l", G_L)             \
    X(FN_XF, fcvt_s_lu, "fcvt.s.lu", G_L)           \
    X(FN_XF, fcvt_d_l, "fcvt.d.l", G_L)             \
    X(FN_XF, fcvt_d_lu, "fcvt.d.lu", G_L)           \
    X(FN_F, fcvt_s_d, "fcvt.s.d", G_DNARROW)

/* X(kind, id, mnemonic, funct7, rs2, generator) */
#define INSN_LIST(X)                                     \
    X(FN_IXF, fcvt_d_w, "fcvt.d.w", "0x69", "x0", G_W)   \
    X(FN_IXF, fcvt_d_wu, "fcvt.d.wu", "0x69", "x1", G_W) \
    X(FN_IFF, fcvt_d_s, "fcvt.d.s", "0x21", "f0", G_S1)

#define NORM_LIST(X)                        \
    X(FN_FF, fmin_s, "fmin.s", G_S2)        \
    X(FN_FF, fmax_s, "fmax.s", G_S2)        \
    X(FN_FFX, feq_s, "feq.s", G_S2)         \
    X(FN_FFX, flt_s, "flt.s", G_S2)         \
    X(FN_FFX, fle_s, "fle.s", G_S2)         \
    X(FN_FX, fclass_s, "fclass.s", G_S1)    \
    X(FN_FF, fsgnj_s, "fsgnj.s", G_S2)      \
    X(FN_FF, fsgnjn_s, "fsgnjn.s", G_S2)    \
    X(FN_FF, fsgnjx_s, "fsgnjx.s", G_S2)    \
    X(FN_FF, fmin_d, "fmin.d", G_D2)        \
    X(FN_FF, fmax_d, "fmax.d", G_D2)        \
    X(FN_FFX, feq_d, "feq.d", G_D2)         \
    X(FN_FFX, flt_d, "flt.d", G_D2)         \
    X(FN_FFX, fle_d, "fle.d", G_D2)         \
    X(FN_FX, fclass_d, "fclass.d", G_D1)    \
    X(FN_FF, fsgnj_d, "fsgnj.d", G_D2)      \
    X(FN_FF, fsgnjn_d, "fsgnjn.d", G_D2)    \
    X(FN_FF, fsgnjx_d, "fsgnjx.d", G_D2)    \
    X(FN_FX, fmv_x_w, "fmv.x.w", G_S1)      \
    X(FN_XF, fmv_w_x, "fmv.w.x", G_XS)      \
    X(FN_FX, fmv_x_d, "fmv.x.d", G_D1)      \
    X(FN_XF, fmv_d_x, "fmv.d.x", G_XD)

#define DEFINE_RM(K, id, op, g)   \
    K(id##_rne, op, ", rne")      \
    K(id##_rtz, op, ", rtz")      \
    K(id##_rdn, op, ", rdn")      \
    K(id##_rup, op, ", rup")      \
    K(id##_rmm, op, ", rmm")      \
    K(id##_dyn, op, ", dyn")
#define DEFINE_INSN(K, id, op, f7, rs2, g) \
    K(id##_rne, "0", f7, rs2)              \
    K(id##_rtz, "1", f7, rs2)              \
    K(id##_rdn, "2", f7, rs2)              \
    K(id##_rup, "3", f7, rs2)              \
    K(id##_rmm, "4", f7, rs2)              \
    K(id##_dyn, "7", f7, rs2)
#define DEFINE_NORM(K, id, op, g) K(id, op, "")

RM_LIST(DEFINE_RM)
INSN_LIST(DEFINE_INSN)
NORM_LIST(DEFINE_NORM)

struct test {
    const char *insn;
    const char *mode;
    case_fn fn;
    int rm; /* 0..4 static mode (frm gets a random decoy), 8+k dyn with frm=k, -1 none */
    enum gen gen;
};

#define TAB_ROWS(id, op, g)                                                                                         \
    {op, "rne", id##_rne, 0, g}, {op, "rtz", id##_rtz, 1, g}, {op, "rdn", id##_rdn, 2, g},                          \
        {op, "rup", id##_rup, 3, g}, {op, "rmm", id##_rmm, 4, g}, {op, "dyn-rne", id##_dyn, 8, g},                  \
        {op, "dyn-rtz", id##_dyn, 9, g}, {op, "dyn-rdn", id##_dyn, 10, g}, {op, "dyn-rup", id##_dyn, 11, g},        \
        {op, "dyn-rmm", id##_dyn, 12, g},
#define TAB_RM(K, id, op, g) TAB_ROWS(id, op, g)
#define TAB_INSN(K, id, op, f7, rs2, g) TAB_ROWS(id, op, g)
#define TAB_NORM(K, id, op, g) {op, "-", id, -1, g},

static const struct test tests[] = {RM_LIST(TAB_RM) INSN_LIST(TAB_INSN) NORM_LIST(TAB_NORM)};

/* ---------- operand generation ---------- */

struct fmt {
    int e, m; /* exponent and mantissa widths */
};
static const struct fmt FS = {8, 23}, FD = {11, 52};

static uint64_t mmask(const struct fmt *f)
{
    return (1ULL << f->m) - 1;
}
static int emax(const struct fmt *f)
{
    return (1 << f->e) - 1;
}
static int bias(const struct fmt *f)
{
    return (1 << (f->e - 1)) - 1;
}
static uint64_t sgnbit(const struct fmt *f)
{
    return 1ULL << (f->e + f->m);
}
static uint64_t mk(const struct fmt *f, uint64_t s, int e, uint64_t m)
{
    if (e < 0)
        e = 0;
    if (e > emax(f))
        e = emax(f);
    return (s & 1) << (f->e + f->m) | (uint64_t)e << f->m | (m & mmask(f));
}
static int expof(const struct fmt *f, uint64_t x)
{
    return (int)((x >> f->m) & (uint64_t)emax(f));
}
static uint64_t all_bits(const struct fmt *f)
{
    return (sgnbit(f) << 1) - 1;
}

static uint64_t rand_bits(int n) /* n in 0..64 */
{
    return n <= 0 ? 0 : n >= 64 ? rnd() : rnd() >> (64 - n);
}

static uint64_t rand_mant(const struct fmt *f)
{
    int m = f->m;
    switch (rndn(10)) {
    case 0: return 0;
    case 1: return mmask(f);
    case 2: { /* a few random top bits, zeros below */
        int t = 1 + (int)rndn((unsigned)m);
        return rand_bits(t) << (m - t);
    }
    case 3: return rndn(8);
    case 4: return mmask(f) - rndn(8);
    case 5: { /* top bits, then a tie-ish pattern at a random position */
        int p = (int)rndn((unsigned)m);
        return (rand_bits(m) & ~((2ULL << p) - 1)) | (1ULL << p) | (rndn(2) ? 0 : rndn(2));
    }
    default: return rand_bits(m);
    }
}

static int bitlen(uint64_t n)
{
    return n ? 64 - __builtin_clzll(n) : 0;
}

/* the float nearest below |n| (truncated), times 2^scale, with sign s */
static uint64_t from_int(const struct fmt *f, uint64_t s, uint64_t n, int scale)
{
    if (n == 0)
        return mk(f, s, 0, 0);
    int l = bitlen(n);
    uint64_t m = l - 1 <= f->m ? n << (f->m - (l - 1)) : n >> ((l - 1) - f->m);
    return mk(f, s, bias(f) + l - 1 + scale, m);
}

static uint64_t special(const struct fmt *f)
{
    uint64_t s = rnd() & 1, q = 1ULL << (f->m - 1);
    int b = bias(f), x = emax(f);
    switch (rndn(16)) {
    case 0: return mk(f, s, 0, 0);                             /* zero */
    case 1: return mk(f, s, x, 0);                             /* inf */
    case 2: return mk(f, 0, x, q);                             /* canonical qNaN */
    case 3: return mk(f, s, x, q | rand_bits(f->m));           /* qNaN with payload */
    case 4: return mk(f, s, x, 1 + rand_bits(f->m - 2));       /* sNaN */
    case 5: return mk(f, s, x, 1);                             /* sNaN */
    case 6: return mk(f, s, 0, 1);                             /* min subnormal */
    case 7: return mk(f, s, 0, mmask(f));                      /* max subnormal */
    case 8: return mk(f, s, 1, 0);                             /* min normal */
    case 9: return mk(f, s, x - 1, mmask(f));                  /* max normal */
    case 10: return mk(f, s, b, 0);                            /* 1 */
    case 11: return mk(f, s, b, 1);                            /* 1 + ulp */
    case 12: return mk(f, s, b - 1, mmask(f));                 /* 1 - ulp/2 */
    case 13: return mk(f, s, b + 1, 0);                        /* 2 */
    case 14: return mk(f, s, b - 1, 0);                        /* 0.5 */
    default: return mk(f, s, b, q);                            /* 1.5 */
    }
}

/* near 2^k with k often a conversion limit, a few ulps either side */
static uint64_t near_limit(const struct fmt *f)
{
    static const int ks[] = {0, 1, 7, 8, 15, 16, 31, 32, 31, 32, 63, 64, 63, 64, 62, 30};
    int k = rndn(4) ? ks[rndn(16)] : (int)rndn(70);
    uint64_t s = rndn(3) == 0;
    int64_t d = (int64_t)rndn(9) - 4;
    uint64_t x = mk(f, s, bias(f) + k, 0) + (uint64_t)d;
    return x & all_bits(f);
}

/* n + q/4 with n a random integer of random length */
static uint64_t near_int(const struct fmt *f)
{
    int l = (int)rndn((unsigned)f->m + 4);
    uint64_t n = rand_bits(l) | (l ? 1ULL << (l - 1) : 0);
    uint64_t q = rndn(4);
    if (rndn(4) == 0 && l > 0)
        return mk(f, rnd() & 1, 0, 0) | (from_int(f, rnd() & 1, n, 0) + (rndn(2) ? 1 : -1)); /* n +- ulp */
    return from_int(f, rnd() & 1, n * 4 + q, -2);
}

static uint64_t gen_fp(const struct fmt *f)
{
    uint64_t s = rnd() & 1;
    int b = bias(f), x = emax(f);
    unsigned r = rndn(100);
    if (r < 12)
        return special(f);
    if (r < 20)
        return mk(f, s, 0, rand_mant(f));
    if (r < 28)
        return mk(f, s, b + (int)rndn(5) - 2, rand_mant(f));
    if (r < 40)
        return mk(f, s, (int)rndn((unsigned)x), rand_mant(f));
    if (r < 60)
        return mk(f, s, b - 30 + (int)rndn(61), rand_mant(f));
    if (r < 70)
        return near_int(f);
    if (r < 80) {
        static const int es[] = {0, 1, 2, -3, -2};
        int e = es[rndn(5)];
        return mk(f, s, e < 0 ? x + e + 1 : e, rand_mant(f));
    }
    if (r < 92) { /* few significant bits: exact products and sums, ties */
        int t = 1 + (int)rndn((unsigned)f->m / 2 + 2);
        return mk(f, s, b - 10 + (int)rndn(21), rand_bits(t) << (f->m - t));
    }
    return near_limit(f);
}

/* a*b (or a/b) of two boxed operands in the format, rounded toward zero */
static uint64_t arith_rtz(int dbl, int div, uint64_t a, uint64_t b)
{
    uint64_t r;
#define ARITH(op, mv) __asm__ volatile("fmv.d.x ft0, %1\n\tfmv.d.x ft1, %2\n\t" op " ft2, ft0, ft1, rtz\n\t" mv " %0, ft2" \
                                       : "=r"(r)                                                                   \
                                       : "r"(a), "r"(b)                                                            \
                                       : "ft0", "ft1", "ft2")
    if (dbl && div)
        ARITH("fdiv.d", "fmv.x.d");
    else if (dbl)
        ARITH("fmul.d", "fmv.x.d");
    else if (div)
        ARITH("fdiv.s", "fmv.x.w");
    else
        ARITH("fmul.s", "fmv.x.w");
#undef ARITH
    return dbl ? r : (uint32_t)r;
}

static uint64_t mul_rtz(int dbl, uint64_t a, uint64_t b)
{
    return arith_rtz(dbl, 0, a, b);
}

/* an operand related to a: same, negated, nearby exponent, a few ulps away */
static uint64_t gen_related(const struct fmt *f, uint64_t a)
{
    unsigned r = rndn(100);
    if (r < 35)
        return gen_fp(f);
    if (r < 45)
        return rndn(2) ? a : a ^ sgnbit(f);
    if (r < 65) {
        int e = expof(f, a) + (int)rndn(2 * (unsigned)f->m + 7) - (f->m + 3);
        if (e >= emax(f))
            e = emax(f) - 1;
        return mk(f, rnd() & 1, e, rand_mant(f));
    }
    if (r < 77) { /* a*b or a/b near the smallest normal or the overflow threshold */
        int t = rndn(10) < 7 ? 1 : emax(f) - 1, d = (int)rndn(4) - 2, ea = expof(f, a);
        if (rndn(2)) { /* b = t/a or a/t, a few ulps off */
            int dbl = f->m == 52;
            uint64_t tv = mk(f, 0, t, rndn(2) ? 0 : mmask(f)), x = dbl ? a : 0xffffffff00000000ULL | a;
            uint64_t tx = dbl ? tv : 0xffffffff00000000ULL | tv;
            uint64_t y = r < 72 ? arith_rtz(dbl, 1, tx, x) : arith_rtz(dbl, 1, x, tx);
            return ((y + (uint64_t)((int64_t)rndn(5) - 2)) & all_bits(f)) ^ (rnd() & 1 ? sgnbit(f) : 0);
        }
        int e = r < 72 ? t + bias(f) - ea + d : ea + bias(f) - t - d;
        if (e >= emax(f))
            e = emax(f) - 1;
        return mk(f, rnd() & 1, e, rand_mant(f));
    }
    if (r < 88) {
        uint64_t y = (a + (uint64_t)((int64_t)rndn(7) - 3)) & all_bits(f);
        return rndn(2) ? y : y ^ sgnbit(f);
    }
    return special(f);
}

static uint64_t box(uint64_t x)
{
    return 0xffffffff00000000ULL | x;
}

/* a single operand: normally NaN-boxed, sometimes not */
static uint64_t box_maybe(uint64_t x)
{
    static const uint64_t bad[] = {0, 0xfffffffeULL, 0x7fffffffULL, 0xffff0000ULL, 0x00000001ULL};
    if (rndn(32) != 0)
        return box(x);
    uint64_t hi = rndn(6) == 0 ? rnd() >> 32 : bad[rndn(5)];
    return hi << 32 | x;
}

static uint64_t gen_fma_c(const struct fmt *f, int dbl, uint64_t a, uint64_t b)
{
    unsigned r = rndn(100);
    if (r < 30)
        return gen_fp(f);
    uint64_t p = mul_rtz(dbl, dbl ? a : box(a), dbl ? b : box(b));
    if (r < 65) {
        uint64_t c = (p + (uint64_t)((int64_t)rndn(5) - 2)) & all_bits(f);
        return rndn(4) ? c ^ sgnbit(f) : c;
    }
    if (r < 90) {
        int e = expof(f, p) + (int)rndn(2 * (unsigned)f->m + 7) - (f->m + 3);
        if (e >= emax(f))
            e = emax(f) - 1;
        return mk(f, rnd() & 1, e, rand_mant(f));
    }
    return special(f);
}

static uint64_t gen_cvt(const struct fmt *f)
{
    unsigned r = rndn(100);
    if (r < 35)
        return near_limit(f);
    if (r < 70)
        return near_int(f);
    if (r < 80) {
        int l = 1 + (int)rndn(66);
        return from_int(f, rnd() & 1, rand_bits(l) | 1ULL << (l - 1 < 63 ? l - 1 : 63), l > 64 ? l - 64 : 0);
    }
    return gen_fp(f);
}

/* doubles that round to single near the single range's edges and ties */
static uint64_t gen_narrow(void)
{
    unsigned r = rndn(100);
    if (r < 30)
        return gen_fp(&FD);
    static const int ks[] = {-126, -127, -149, -150, -148, -140, 127, 128, 126, 0, -1, -125};
    int k = rndn(3) ? ks[rndn(12)] + (int)rndn(3) - 1 : (int)rndn(300) - 160;
    static const uint64_t lows[] = {0, 1ULL << 28, (1ULL << 28) | 1, (1ULL << 28) - 1, 1, (1ULL << 29) - 1};
    uint64_t low = rndn(4) ? lows[rndn(6)] : rand_bits(29);
    uint64_t m = (rand_mant(&FS) << 29) | low;
    if (r < 45) /* ties for subnormal single results: the rounding bit moves up */
        m = rand_mant(&FD);
    return mk(&FD, rnd() & 1, 1023 + k, m);
}

static uint64_t gen_int(int width)
{
    unsigned r = rndn(100);
    static const uint64_t sp[] = {0,
                                  1,
                                  -1ULL,
                                  2,
                                  0x80000000ULL,
                                  0x7fffffffULL,
                                  0xffffffffULL,
                                  0x80000001ULL,
                                  0x8000000000000000ULL,
                                  0x7fffffffffffffffULL,
                                  0x8000000000000001ULL,
                                  1ULL << 24,
                                  (1ULL << 24) + 1,
                                  (1ULL << 53) + 1,
                                  0xfffffffffffff800ULL,
                                  0xffffff80ULL};
    uint64_t n;
    if (r < 15) {
        n = sp[rndn(16)];
    } else if (r < 50) {
        int l = (int)rndn((unsigned)width + 1);
        n = rand_bits(l) | (l ? 1ULL << (l - 1) : 0);
        if (rndn(3) == 0)
            n = -n;
    } else if (r < 80) { /* sparse: ties when rounded to 24 or 53 bits */
        int p = (int)rndn((unsigned)width);
        int q = p > 0 ? (int)rndn((unsigned)p) : 0;
        n = 1ULL << p | 1ULL << q | (rndn(2) ? (rndn(2) ? 1 : 0) : rand_bits(q));
        if (rndn(3) == 0)
            n = -n;
    } else {
        n = rnd();
    }
    return n;
}

static uint64_t gen_w(void)
{
    uint64_t lo = (uint32_t)gen_int(32);
    switch (rndn(4)) {
    case 0: return lo;                                       /* zero-extended */
    case 1: return (rnd() & 0xffffffff00000000ULL) | lo;       /* junk above */
    default: return (uint64_t)(int64_t)(int32_t)lo;          /* sign-extended */
    }
}

static void gen_operands(enum gen g, uint64_t *in)
{
    const struct fmt *f = &FS;
    in[0] = in[1] = in[2] = 0;
    switch (g) {
    case G_S1: in[0] = box_maybe(gen_fp(f)); break;
    case G_S1SQ: in[0] = box_maybe(gen_fp(f) & (rndn(5) ? ~sgnbit(f) : ~0ULL)); break;
    case G_S2: {
        uint64_t a = gen_fp(f), b = gen_related(f, a);
        if (rndn(2)) {
            uint64_t t = a;
            a = b;
            b = t;
        }
        in[0] = box_maybe(a);
        in[1] = box_maybe(b);
        break;
    }
    case G_S3: {
        uint64_t a = gen_fp(f), b = rndn(2) ? gen_fp(f) : gen_related(f, a);
        in[2] = box_maybe(gen_fma_c(f, 0, a, b));
        in[0] = box_maybe(a);
        in[1] = box_maybe(b);
        break;
    }
    case G_D1: in[0] = gen_fp(&FD); break;
    case G_D1SQ: in[0] = gen_fp(&FD) & (rndn(5) ? ~sgnbit(&FD) : ~0ULL); break;
    case G_D2: {
        uint64_t a = gen_fp(&FD), b = gen_related(&FD, a);
        in[0] = rndn(2) ? a : b;
        in[1] = in[0] == a ? b : a;
        break;
    }
    case G_D3: {
        uint64_t a = gen_fp(&FD), b = rndn(2) ? gen_fp(&FD) : gen_related(&FD, a);
        in[0] = a;
        in[1] = b;
        in[2] = gen_fma_c(&FD, 1, a, b);
        break;
    }
    case G_SCVT: in[0] = box_maybe(gen_cvt(f)); break;
    case G_DCVT: in[0] = gen_cvt(&FD); break;
    case G_DNARROW: in[0] = gen_narrow(); break;
    case G_W: in[0] = gen_w(); break;
    case G_L: in[0] = gen_int(64); break;
    case G_XS: in[0] = (rndn(4) ? rnd() & 0xffffffff00000000ULL : 0xffffffff00000000ULL) | gen_fp(f); break;
    case G_XD: in[0] = rndn(8) ? gen_fp(&FD) : rnd(); break;
    }
}

int main(int argc, char **argv)
{
    long verbose = 0;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--verbose") && i + 1 < argc)
            verbose = strtol(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else {
            fprintf(stderr, "usage: %s [--verbose N] [--only SUBSTRING]\n", argv[0]);
            return 2;
        }
    }

    uint64_t total = 0xcbf29ce484222325ULL;
    long ncases = 0;
    char label[64];
    for (size_t t = 0; t < sizeof tests / sizeof tests[0]; t++) {
        const struct test *T = &tests[t];
        snprintf(label, sizeof label, "%s %s", T->insn, T->mode);
        if (only && !strstr(label, only))
            continue;
        rng_state = 0x5eed0f00d5eed5ULL ^ fnv_str(label);
        uint64_t h = fnv_str(label);
        for (int i = 0; i < CASES; i++) {
            uint64_t in[3], out[2];
            gen_operands(T->gen, in);
            uint64_t frm = T->rm >= 8 ? (uint64_t)(T->rm - 8) : rndn(5);
            uint64_t pre = rndn(8) == 0 ? rndn(32) : 0;
            T->fn(in, out, frm, pre);
            h = mix(mix(h, out[0]), out[1]);
            if (i < verbose)
                printf("  %s #%d in %016" PRIx64 " %016" PRIx64 " %016" PRIx64 " frm %" PRIu64 " pre %02" PRIx64
                       " -> %016" PRIx64 " fflags %02" PRIx64 "\n",
                       label, i, in[0], in[1], in[2], frm, pre, out[0], out[1]);
        }
        ncases += CASES;
        total = mix(total, h);
        printf("%s %d %016" PRIx64 "\n", label, CASES, h);
    }
    printf("total %ld cases %016" PRIx64 "\n", ncases, total);
    return 0;
}
