/* build: -frounding-math -fsignaling-nans */
/*
 * ferry - IEEE-754 binary32/binary64 arithmetic with RISC-V F/D semantics.
 *
 * Two independent engines sit behind the public functions:
 *
 *  1. The host SSE unit (x86-64 only), used for add/sub/mul/div/sqrt/fma in
 *     RNE, RTZ, RDN and RUP, and for sqrt in RMM too (a square root is
 *     never a tie, so RMM and RNE agree; see hw_sqrt_rm). Each operation
 *     runs inside one __asm__ volatile block that saves the host MXCSR,
 *     loads a control word with the wanted rounding control, all exceptions
 *     masked and FTZ/DAZ off, executes the instruction, reads back the
 *     sticky exception flags and restores the host MXCSR. Keeping all of that in a single asm block means the
 *     compiler can neither move the arithmetic outside the window nor
 *     constant-fold it. x86 matches RISC-V in the parts that matter: with
 *     masked exceptions it delivers the IEEE default results, detects
 *     tininess AFTER rounding and raises UE only for tiny *and* inexact
 *     results. DE (denormal operand) has no RISC-V counterpart and is ignored.
 *
 *  2. A portable integer engine ("soft" below) built on one rounding routine,
 *     round_pack(), that rounds (-1)^s * sig * 2^exp to either format in all
 *     five modes with subnormals, overflow and after-rounding tininess. It
 *     implements RMM (round to nearest, ties to max magnitude), which x86
 *     lacks, for add/sub/mul/div/fma, and it is the whole implementation
 *     when the host is not x86-64, when the host has no FMA unit (fused ops
 *     only) or when compiled with -DRV_FPU_SOFT_ONLY (used to run the unit
 *     tests against the integer engine alone). Integer<->float conversions,
 *     float<->float conversions, comparisons, min/max and classify always use
 *     integer code: it is simple, exact and needs no MXCSR round trip.
 *
 * The integer engine keeps results exact or "round-to-odd": every bit that
 * falls off the bottom of a wide intermediate is OR-ed into its least
 * significant bit (a sticky bit). As long as the intermediate has at least
 * two bits more than the target precision (it always has >= 63), rounding
 * the sticky intermediate gives the same result and the same inexact/tiny
 * decisions as rounding the exact value would.
 *
 * NaNs are dealt with before either engine runs: RISC-V never propagates
 * payloads (unprivileged spec, F extension, "NaN Generation and
 * Propagation"), so any NaN operand just yields the canonical NaN, with NV
 * when an operand is signalling. An invalid operation performed by the
 * hardware (inf-inf, 0*inf, 0/0, inf/inf, sqrt(<0)) produces x86's default
 * NaN, which is replaced by the canonical one.
 *
 * The build flags above are not needed for correctness (no arithmetic is done
 * by C expressions on float types); they just keep GCC from assuming the
 * default environment anywhere near this file.
 */
#include "fpu.h"

#include <string.h>

#if defined(__x86_64__) && !defined(RV_FPU_SOFT_ONLY)
#define FPU_HW 1
#else
#define FPU_HW 0
#endif

__extension__ typedef unsigned __int128 u128;

#define S32 0x80000000u
#define S64 0x8000000000000000ull

/* ======================================================================== */
/* Formats                                                                  */
/* ======================================================================== */

typedef struct {
    int p;          /* significand bits including the hidden bit: 24 / 53 */
    int emin, emax; /* unbiased exponent range of normal numbers; bias = emax */
    int width;      /* 32 / 64 */
} fmt_t;

static const fmt_t F32 = { 24, -126, 127, 32 };
static const fmt_t F64 = { 53, -1022, 1023, 64 };

static inline uint64_t fmt_sign(const fmt_t *f) { return 1ull << (f->width - 1); }
static inline uint64_t fmt_inf(const fmt_t *f) { return (uint64_t)(2 * f->emax + 1) << (f->p - 1); }
static inline uint64_t fmt_cnan(const fmt_t *f)
{
    return f->width == 32 ? RV_F32_CANON_NAN : RV_F64_CANON_NAN;
}
static inline uint64_t fmt_abs(const fmt_t *f, uint64_t x) { return x & (fmt_sign(f) - 1); }
static inline bool fmt_isnan(const fmt_t *f, uint64_t x) { return fmt_abs(f, x) > fmt_inf(f); }
/* Quiet NaNs have the most significant fraction bit set (IEEE 754-2008 6.2.1). */
static inline bool fmt_issnan(const fmt_t *f, uint64_t x)
{
    return fmt_isnan(f, x) && !((x >> (f->p - 2)) & 1);
}
static inline uint64_t fmt_signed(const fmt_t *f, bool s, uint64_t mag)
{
    return (s ? fmt_sign(f) : 0) | mag;
}

/* Sign of an exact zero sum of operands with opposite signs (IEEE 754-2008
 * 6.3): +0 in every rounding mode except roundTowardNegative. */
static inline uint64_t exact_zero(const fmt_t *f, int rm)
{
    return rm == RV_RM_RDN ? fmt_sign(f) : 0;
}

enum { C_ZERO, C_FINITE, C_INF, C_SNAN, C_QNAN };

/* A decoded operand; for C_FINITE its value is (-1)^sign * sig * 2^exp with
 * sig != 0 (subnormals are not normalised here). */
typedef struct {
    bool sign;
    int cls;
    int exp;
    uint64_t sig;
} unp_t;

static inline unp_t unpack(const fmt_t *f, uint64_t x)
{
    const int fb = f->p - 1;
    const uint64_t emax_field = (uint64_t)(2 * f->emax + 1);
    const uint64_t e = (x >> fb) & emax_field;
    const uint64_t m = x & ((1ull << fb) - 1);
    unp_t u = { (x >> (f->width - 1)) & 1, C_FINITE, 0, 0 };

    if (e == emax_field) {
        u.cls = m == 0 ? C_INF : ((m >> (fb - 1)) & 1) ? C_QNAN : C_SNAN;
    } else if (e == 0) {
        u.cls = m ? C_FINITE : C_ZERO;
        u.sig = m;
        u.exp = f->emin - fb;
    } else {
        u.sig = m | (1ull << fb);
        u.exp = (int)e - f->emax - fb;
    }
    return u;
}

/* ======================================================================== */
/* The rounding routine                                                     */
/* ======================================================================== */

/* Should the kept significand q be incremented (in magnitude)? rem holds the
 * discarded bits left-aligned, so 2^63 is exactly half a unit of q. */
static inline bool round_up(int rm, bool sign, uint64_t q, uint64_t rem)
{
    const uint64_t half = 1ull << 63;
    switch (rm) {
    case RV_RM_RTZ: return false;
    case RV_RM_RDN: return sign && rem != 0;
    case RV_RM_RUP: return !sign && rem != 0;
    case RV_RM_RMM: return rem >= half;
    default: /* RV_RM_RNE */ return rem > half || (rem == half && (q & 1));
    }
}

/* IEEE 754-2008 7.4: an overflowing result is +-inf when rounding to nearest
 * or away from zero in the result's direction, else the largest finite
 * number of that sign. Overflow always implies inexact. */
static uint64_t overflow_result(const fmt_t *f, bool sign, int rm, uint32_t *fl)
{
    bool to_inf;
    switch (rm) {
    case RV_RM_RTZ: to_inf = false; break;
    case RV_RM_RDN: to_inf = sign; break;
    case RV_RM_RUP: to_inf = !sign; break;
    default: to_inf = true; break;
    }
    *fl |= RV_FFLAG_OF | RV_FFLAG_NX;
    return fmt_signed(f, sign, to_inf ? fmt_inf(f) : fmt_inf(f) - 1);
}

/*
 * Round (-1)^sign * sig * 2^exp to format f in mode rm; sig must be nonzero.
 * If the value was already truncated, the caller must have OR-ed a sticky
 * bit into bit 0 and kept at least p+2 significant bits.
 *
 * Underflow follows the RISC-V rule (F extension, "Floating-Point Control
 * and Status Register": tininess is detected after rounding) and IEEE
 * 754-2008 7.5: UF is raised when the result is tiny and inexact, where tiny
 * means the value rounded to p bits with an unbounded exponent range is
 * below 2^emin.
 */
static uint64_t round_pack(const fmt_t *f, bool sign, int exp, uint64_t sig, int rm, uint32_t *fl)
{
    const int p = f->p;
    const int lz = __builtin_clzll(sig);
    uint64_t q, rem;
    int e;

    sig <<= lz;        /* now sig is in [2^63, 2^64) */
    e = exp - lz + 63; /* exponent of the leading bit */

    if (e >= f->emin) {
        q = sig >> (64 - p);
        rem = sig << p;
        if (round_up(rm, sign, q, rem)) {
            q++;
            if (q >> p) { /* carried out to 2^p: renormalise */
                q >>= 1;
                e++;
            }
        }
        if (e > f->emax)
            return overflow_result(f, sign, rm, fl);
        if (rem)
            *fl |= RV_FFLAG_NX;
        return fmt_signed(f, sign, ((uint64_t)(e + f->emax) << (p - 1)) | (q & ((1ull << (p - 1)) - 1)));
    }

    /* Below the normal range. The value is tiny unless its leading bit sits
     * just below 2^emin and rounding at full precision carries up to 2^emin. */
    bool tiny = true;
    if (e == f->emin - 1) {
        uint64_t q0 = sig >> (64 - p), r0 = sig << p;
        if (round_up(rm, sign, q0, r0) && ((q0 + 1) >> p))
            tiny = false;
    }

    /* Round at the subnormal quantum 2^(emin - p + 1). */
    const int sh = 64 - p + (f->emin - e); /* bits to discard, > 64 - p */
    if (sh < 64) {
        q = sig >> sh;
        rem = sig << (64 - sh);
    } else if (sh == 64) {
        q = 0;
        rem = sig;
    } else {
        q = 0;
        rem = 1; /* below a quarter of the quantum but not zero */
    }
    if (round_up(rm, sign, q, rem))
        q++; /* may become 2^(p-1), which encodes the smallest normal */
    if (rem)
        *fl |= tiny ? RV_FFLAG_NX | RV_FFLAG_UF : RV_FFLAG_NX;
    return fmt_signed(f, sign, q);
}

/* Shift right, OR-ing every bit shifted out into bit 0. */
static inline u128 shr_jam128(u128 x, int d)
{
    if (d <= 0)
        return x;
    if (d >= 128)
        return x != 0;
    return (x >> d) | ((x << (128 - d)) != 0);
}

static inline int clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)x);
}

/* round_pack() for a 128-bit significand: squeeze it into 64 bits with a
 * sticky bit first (64 >= p + 2, so nothing that matters is lost). */
static uint64_t round_pack128(const fmt_t *f, bool sign, int exp, u128 z, int rm, uint32_t *fl)
{
    uint64_t hi = (uint64_t)(z >> 64);
    if (hi) {
        int s = 64 - __builtin_clzll(hi);
        z = shr_jam128(z, s);
        exp += s;
    }
    return round_pack(f, sign, exp, (uint64_t)z, rm, fl);
}

/* ======================================================================== */
/* Integer arithmetic engine (operands are never NaN here)                  */
/* ======================================================================== */

/*
 * Round (-1)^sx * X * 2^ex + (-1)^sy * Y * 2^ey, with X, Y nonzero and at
 * most 106 bits wide (a product of two binary64 significands).
 *
 * The operand with the larger leading exponent is placed with its leading
 * bit at bit 125 (at least 19 zero bits below it), the other one is aligned
 * to it with a sticky right shift. Bits can only be lost when the alignment
 * distance is at least 20, and then at most one bit of cancellation can
 * occur, so >= 124 significant bits survive. When bits are lost the result
 * is odd (even minus/plus odd) and the exact value lies strictly within one
 * unit of it, far below the rounding position: a round-to-odd intermediate.
 */
static uint64_t add_terms(const fmt_t *f, bool sx, u128 X, int ex, bool sy, u128 Y, int ey, int rm,
                          uint32_t *fl)
{
    int lx = 127 - clz128(X), ly = 127 - clz128(Y);

    if (ex + lx < ey + ly) {
        bool ts = sx; sx = sy; sy = ts;
        u128 tv = X; X = Y; Y = tv;
        int te = ex; ex = ey; ey = te;
        int tl = lx; lx = ly; ly = tl;
    }
    const int d = (ex + lx) - (ey + ly);
    X <<= 125 - lx;
    Y <<= 125 - ly;
    Y = shr_jam128(Y, d);
    const int e = ex - (125 - lx);

    u128 Z;
    bool s;
    if (sx == sy) {
        Z = X + Y; /* < 2^127 */
        s = sx;
    } else if (X > Y) {
        Z = X - Y;
        s = sx;
    } else if (Y > X) {
        Z = Y - X;
        s = sy;
    } else {
        return exact_zero(f, rm); /* exact cancellation (no bits were lost) */
    }
    return round_pack128(f, s, e, Z, rm, fl);
}

static uint64_t soft_add(const fmt_t *f, uint64_t a, uint64_t b, int rm, uint32_t *fl)
{
    unp_t x = unpack(f, a), y = unpack(f, b);

    if (x.cls == C_INF || y.cls == C_INF) {
        if (x.cls == C_INF && y.cls == C_INF && x.sign != y.sign) {
            *fl |= RV_FFLAG_NV; /* inf - inf */
            return fmt_cnan(f);
        }
        return x.cls == C_INF ? a : b;
    }
    if (x.cls == C_ZERO && y.cls == C_ZERO)
        return x.sign == y.sign ? a : exact_zero(f, rm);
    if (x.cls == C_ZERO)
        return b; /* exact */
    if (y.cls == C_ZERO)
        return a;
    return add_terms(f, x.sign, x.sig, x.exp, y.sign, y.sig, y.exp, rm, fl);
}

static uint64_t soft_mul(const fmt_t *f, uint64_t a, uint64_t b, int rm, uint32_t *fl)
{
    unp_t x = unpack(f, a), y = unpack(f, b);
    const bool s = x.sign ^ y.sign;

    if (x.cls == C_INF || y.cls == C_INF) {
        if (x.cls == C_ZERO || y.cls == C_ZERO) {
            *fl |= RV_FFLAG_NV; /* 0 * inf */
            return fmt_cnan(f);
        }
        return fmt_signed(f, s, fmt_inf(f));
    }
    if (x.cls == C_ZERO || y.cls == C_ZERO)
        return fmt_signed(f, s, 0);
    return round_pack128(f, s, x.exp + y.exp, (u128)x.sig * y.sig, rm, fl); /* exact product */
}

static uint64_t soft_div(const fmt_t *f, uint64_t a, uint64_t b, int rm, uint32_t *fl)
{
    unp_t x = unpack(f, a), y = unpack(f, b);
    const bool s = x.sign ^ y.sign;

    if (x.cls == C_INF) {
        if (y.cls == C_INF) {
            *fl |= RV_FFLAG_NV; /* inf / inf */
            return fmt_cnan(f);
        }
        return fmt_signed(f, s, fmt_inf(f));
    }
    if (y.cls == C_INF)
        return fmt_signed(f, s, 0);
    if (y.cls == C_ZERO) {
        if (x.cls == C_ZERO) {
            *fl |= RV_FFLAG_NV; /* 0 / 0 */
            return fmt_cnan(f);
        }
        *fl |= RV_FFLAG_DZ; /* finite nonzero / 0 */
        return fmt_signed(f, s, fmt_inf(f));
    }
    if (x.cls == C_ZERO)
        return fmt_signed(f, s, 0);

    /* Normalise both significands to [2^63, 2^64); then (xs * 2^63) / ys
     * lies in (2^62, 2^64): at least 63 quotient bits plus a sticky bit
     * from the remainder. */
    const int la = __builtin_clzll(x.sig), lb = __builtin_clzll(y.sig);
    const uint64_t xs = x.sig << la, ys = y.sig << lb;
    const u128 n = (u128)xs << 63;
    const uint64_t q = (uint64_t)(n / ys);
    const bool inexact = (n % ys) != 0;
    const int e = (x.exp - la) - (y.exp - lb) - 63;
    return round_pack(f, s, e, q | inexact, rm, fl);
}

/* Integer square root of n (2^124 <= n < 2^126), bit by bit. Only the
 * portable build uses it (x86 does every sqrt in hardware), so simplicity
 * beats speed here. */
static uint64_t isqrt128(u128 n, bool *exact)
{
    uint64_t r = 0;
    for (int bit = 62; bit >= 0; bit--) {
        uint64_t c = r | (1ull << bit);
        if ((u128)c * c <= n)
            r = c;
    }
    *exact = (u128)r * r == n;
    return r;
}

static uint64_t soft_sqrt(const fmt_t *f, uint64_t a, int rm, uint32_t *fl)
{
    unp_t x = unpack(f, a);

    if (x.cls == C_ZERO)
        return a; /* sqrt(+-0) = +-0 (IEEE 754-2008 6.3) */
    if (x.sign) {
        *fl |= RV_FFLAG_NV; /* sqrt of a value below zero */
        return fmt_cnan(f);
    }
    if (x.cls == C_INF)
        return a;

    /* Scale the significand so that it has 125 or 126 bits and the exponent
     * is even; the root then has exactly 63 bits. */
    const int msb = 63 - __builtin_clzll(x.sig);
    int k = 124 - msb;
    if ((x.exp - k) & 1)
        k++;
    const u128 n = (u128)x.sig << k;
    bool exact;
    const uint64_t r = isqrt128(n, &exact);
    return round_pack(f, false, (x.exp - k) / 2, r | !exact, rm, fl);
}

/* a*b + c with a single rounding (IEEE 754-2008 5.4.1 fusedMultiplyAdd). */
static uint64_t soft_fma(const fmt_t *f, uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *fl)
{
    unp_t x = unpack(f, a), y = unpack(f, b), z = unpack(f, c);
    const bool ps = x.sign ^ y.sign;

    if (x.cls == C_INF || y.cls == C_INF) {
        if (x.cls == C_ZERO || y.cls == C_ZERO || (z.cls == C_INF && z.sign != ps)) {
            *fl |= RV_FFLAG_NV; /* 0 * inf, or inf - inf */
            return fmt_cnan(f);
        }
        return fmt_signed(f, ps, fmt_inf(f));
    }
    if (z.cls == C_INF)
        return c;
    if (x.cls == C_ZERO || y.cls == C_ZERO) {
        /* The product is an exact zero of sign ps. */
        if (z.cls == C_ZERO)
            return z.sign == ps ? c : exact_zero(f, rm);
        return c;
    }
    const u128 prod = (u128)x.sig * y.sig; /* exact, <= 106 bits */
    if (z.cls == C_ZERO)
        return round_pack128(f, ps, x.exp + y.exp, prod, rm, fl);
    return add_terms(f, ps, prod, x.exp + y.exp, z.sign, z.sig, z.exp, rm, fl);
}

/* ======================================================================== */
/* Host SSE engine                                                          */
/* ======================================================================== */

#if FPU_HW

/* MXCSR: flags in bits 0-5 (IE DE ZE OE UE PE), masks in bits 7-12, rounding
 * control in bits 13-14 (00 nearest, 01 down, 10 up, 11 toward zero), DAZ
 * in bit 6 and FZ in bit 15 (both kept clear for IEEE subnormals). */
#define MXCSR_ALL_MASKED 0x1f80u
static const uint32_t hw_rc[4] = {
    [RV_RM_RNE] = 0u << 13,
    [RV_RM_RTZ] = 3u << 13,
    [RV_RM_RDN] = 1u << 13,
    [RV_RM_RUP] = 2u << 13,
};

static inline uint32_t hw_ctl(int rm) { return MXCSR_ALL_MASKED | hw_rc[rm]; }

/* MXCSR exception flags -> fflags: IE->NV, ZE->DZ, OE->OF, UE->UF, PE->NX. */
static inline uint32_t hw_fflags(uint32_t st)
{
    return ((st >> 5) & 1) * RV_FFLAG_NX | ((st >> 4) & 1) * RV_FFLAG_UF | ((st >> 3) & 1) * RV_FFLAG_OF |
           ((st >> 2) & 1) * RV_FFLAG_DZ | (st & 1) * RV_FFLAG_NV;
}

/* One instruction "insn %[b], %[a]" (a = a op b) bracketed by MXCSR
 * save/load/read/restore, all in one asm block. */
#define HW_BINOP(name, T, insn)                                                     \
    static inline T name(T a, T b, uint32_t ctl, uint32_t *st)                      \
    {                                                                               \
        uint32_t host, res;                                                         \
        __asm__ volatile("stmxcsr %[host]\n\t"                                      \
                         "ldmxcsr %[ctl]\n\t"                                       \
                         insn " %[b], %[a]\n\t"                                     \
                         "stmxcsr %[res]\n\t"                                       \
                         "ldmxcsr %[host]"                                          \
                         : [a] "+x"(a), [host] "=m"(host), [res] "=m"(res)          \
                         : [b] "x"(b), [ctl] "m"(ctl));                             \
        *st = res;                                                                  \
        return a;                                                                   \
    }

HW_BINOP(hw_adds, float, "addss")
HW_BINOP(hw_subs, float, "subss")
HW_BINOP(hw_muls, float, "mulss")
HW_BINOP(hw_divs, float, "divss")
HW_BINOP(hw_sqrts, float, "sqrtss") /* a = sqrt(b) */
HW_BINOP(hw_addd, double, "addsd")
HW_BINOP(hw_subd, double, "subsd")
HW_BINOP(hw_muld, double, "mulsd")
HW_BINOP(hw_divd, double, "divsd")
HW_BINOP(hw_sqrtd, double, "sqrtsd")

/* c = a*b + c with one rounding (AT&T operand order: src3, src2, dst). */
#define HW_FMA(name, T, insn)                                                       \
    static inline T name(T a, T b, T c, uint32_t ctl, uint32_t *st)                 \
    {                                                                               \
        uint32_t host, res;                                                         \
        __asm__ volatile("stmxcsr %[host]\n\t"                                      \
                         "ldmxcsr %[ctl]\n\t"                                       \
                         insn " %[b], %[a], %[c]\n\t"                               \
                         "stmxcsr %[res]\n\t"                                       \
                         "ldmxcsr %[host]"                                          \
                         : [c] "+x"(c), [host] "=m"(host), [res] "=m"(res)          \
                         : [a] "x"(a), [b] "x"(b), [ctl] "m"(ctl));                 \
        *st = res;                                                                  \
        return c;                                                                   \
    }

HW_FMA(hw_fmas, float, "vfmadd231ss")
HW_FMA(hw_fmad, double, "vfmadd231sd")

/* The VEX-encoded FMA instructions need both the CPU feature and OS support
 * for AVX state; libgcc's feature bit accounts for both. */
static inline bool hw_has_fma(void) { return __builtin_cpu_supports("fma"); }

static inline float u2f(uint32_t x) { float v; memcpy(&v, &x, sizeof v); return v; }
static inline double u2d(uint64_t x) { double v; memcpy(&v, &x, sizeof v); return v; }

static inline uint32_t hw_done32(float r, uint32_t st, uint32_t *fl)
{
    uint32_t x;
    memcpy(&x, &r, sizeof x);
    *fl |= hw_fflags(st);
    return (x & ~S32) > 0x7f800000u ? RV_F32_CANON_NAN : x;
}

static inline uint64_t hw_done64(double r, uint32_t st, uint32_t *fl)
{
    uint64_t x;
    memcpy(&x, &r, sizeof x);
    *fl |= hw_fflags(st);
    return (x & ~S64) > 0x7ff0000000000000ull ? RV_F64_CANON_NAN : x;
}

#endif /* FPU_HW */

/* ======================================================================== */
/* Arithmetic entry points                                                  */
/* ======================================================================== */

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT };

/* NaN operands of a computational instruction: canonical NaN, NV if any
 * operand is signalling. Returns true when the result has been decided. */
static inline bool nan_in(const fmt_t *f, uint64_t a, uint64_t b, uint64_t *res, uint32_t *fl)
{
    if (!fmt_isnan(f, a) && !fmt_isnan(f, b))
        return false;
    if (fmt_issnan(f, a) || fmt_issnan(f, b))
        *fl |= RV_FFLAG_NV;
    *res = fmt_cnan(f);
    return true;
}

#if FPU_HW
/* A square root is never exactly halfway between two floating-point numbers
 * (if sqrt(x) = m had p+1 significant bits ending in 1, m*m would need more
 * than p bits, so x = m*m would not be representable), and it never
 * underflows or overflows. Hence RMM and RNE give the same result and flags,
 * and sqrt in RMM can use the hardware's RNE. Other modes pass through. */
static inline int hw_sqrt_rm(int op, int rm) { return op == OP_SQRT && rm == RV_RM_RMM ? RV_RM_RNE : rm; }
#endif

static uint64_t soft_op(const fmt_t *f, int op, uint64_t a, uint64_t b, int rm, uint32_t *fl)
{
    switch (op) {
    case OP_ADD: return soft_add(f, a, b, rm, fl);
    case OP_SUB: return soft_add(f, a, b ^ fmt_sign(f), rm, fl);
    case OP_MUL: return soft_mul(f, a, b, rm, fl);
    case OP_DIV: return soft_div(f, a, b, rm, fl);
    default: return soft_sqrt(f, a, rm, fl);
    }
}

static inline uint32_t f32_op(int op, uint32_t a, uint32_t b, int rm, uint32_t *fl)
{
    uint64_t r;
    if (nan_in(&F32, a, b, &r, fl))
        return (uint32_t)r;
#if FPU_HW
    const int hrm = hw_sqrt_rm(op, rm);
    if ((unsigned)hrm < 4) {
        const uint32_t ctl = hw_ctl(hrm);
        uint32_t st;
        float x = u2f(a), y = u2f(b), z;
        switch (op) {
        case OP_ADD: z = hw_adds(x, y, ctl, &st); break;
        case OP_SUB: z = hw_subs(x, y, ctl, &st); break;
        case OP_MUL: z = hw_muls(x, y, ctl, &st); break;
        case OP_DIV: z = hw_divs(x, y, ctl, &st); break;
        default: z = hw_sqrts(x, x, ctl, &st); break;
        }
        return hw_done32(z, st, fl);
    }
#endif
    return (uint32_t)soft_op(&F32, op, a, b, rm, fl);
}

static inline uint64_t f64_op(int op, uint64_t a, uint64_t b, int rm, uint32_t *fl)
{
    uint64_t r;
    if (nan_in(&F64, a, b, &r, fl))
        return r;
#if FPU_HW
    const int hrm = hw_sqrt_rm(op, rm);
    if ((unsigned)hrm < 4) {
        const uint32_t ctl = hw_ctl(hrm);
        uint32_t st;
        double x = u2d(a), y = u2d(b), z;
        switch (op) {
        case OP_ADD: z = hw_addd(x, y, ctl, &st); break;
        case OP_SUB: z = hw_subd(x, y, ctl, &st); break;
        case OP_MUL: z = hw_muld(x, y, ctl, &st); break;
        case OP_DIV: z = hw_divd(x, y, ctl, &st); break;
        default: z = hw_sqrtd(x, x, ctl, &st); break;
        }
        return hw_done64(z, st, fl);
    }
#endif
    return soft_op(&F64, op, a, b, rm, fl);
}

uint32_t f32_add(uint32_t a, uint32_t b, int rm, uint32_t *fl) { return f32_op(OP_ADD, a, b, rm, fl); }
uint32_t f32_sub(uint32_t a, uint32_t b, int rm, uint32_t *fl) { return f32_op(OP_SUB, a, b, rm, fl); }
uint32_t f32_mul(uint32_t a, uint32_t b, int rm, uint32_t *fl) { return f32_op(OP_MUL, a, b, rm, fl); }
uint32_t f32_div(uint32_t a, uint32_t b, int rm, uint32_t *fl) { return f32_op(OP_DIV, a, b, rm, fl); }
uint32_t f32_sqrt(uint32_t a, int rm, uint32_t *fl) { return f32_op(OP_SQRT, a, a, rm, fl); }
uint64_t f64_add(uint64_t a, uint64_t b, int rm, uint32_t *fl) { return f64_op(OP_ADD, a, b, rm, fl); }
uint64_t f64_sub(uint64_t a, uint64_t b, int rm, uint32_t *fl) { return f64_op(OP_SUB, a, b, rm, fl); }
uint64_t f64_mul(uint64_t a, uint64_t b, int rm, uint32_t *fl) { return f64_op(OP_MUL, a, b, rm, fl); }
uint64_t f64_div(uint64_t a, uint64_t b, int rm, uint32_t *fl) { return f64_op(OP_DIV, a, b, rm, fl); }
uint64_t f64_sqrt(uint64_t a, int rm, uint32_t *fl) { return f64_op(OP_SQRT, a, a, rm, fl); }

/* NaN operands of a fused multiply-add. The F extension requires NV for
 * inf * 0 even when the addend is a quiet NaN (IEEE leaves that case to the
 * implementation). */
static inline bool nan_in_fma(const fmt_t *f, uint64_t a, uint64_t b, uint64_t c, uint64_t *res,
                              uint32_t *fl)
{
    if (!fmt_isnan(f, a) && !fmt_isnan(f, b) && !fmt_isnan(f, c))
        return false;
    const uint64_t aa = fmt_abs(f, a), ab = fmt_abs(f, b);
    if (fmt_issnan(f, a) || fmt_issnan(f, b) || fmt_issnan(f, c) || (aa == fmt_inf(f) && ab == 0) ||
        (aa == 0 && ab == fmt_inf(f)))
        *fl |= RV_FFLAG_NV;
    *res = fmt_cnan(f);
    return true;
}

/* The four RISC-V fused forms are a*b+c with operand signs flipped:
 * msub = a*b + (-c), nmsub = (-a)*b + c, nmadd = (-a)*b + (-c). Flipping a
 * sign bit is exact, so the single rounding is preserved. */
static inline uint32_t f32_fma(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *fl)
{
    uint64_t r;
    if (nan_in_fma(&F32, a, b, c, &r, fl))
        return (uint32_t)r;
#if FPU_HW
    if ((unsigned)rm < 4 && hw_has_fma()) {
        uint32_t st;
        float z = hw_fmas(u2f(a), u2f(b), u2f(c), hw_ctl(rm), &st);
        return hw_done32(z, st, fl);
    }
#endif
    return (uint32_t)soft_fma(&F32, a, b, c, rm, fl);
}

static inline uint64_t f64_fma(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *fl)
{
    uint64_t r;
    if (nan_in_fma(&F64, a, b, c, &r, fl))
        return r;
#if FPU_HW
    if ((unsigned)rm < 4 && hw_has_fma()) {
        uint32_t st;
        double z = hw_fmad(u2d(a), u2d(b), u2d(c), hw_ctl(rm), &st);
        return hw_done64(z, st, fl);
    }
#endif
    return soft_fma(&F64, a, b, c, rm, fl);
}

uint32_t f32_madd(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *fl) { return f32_fma(a, b, c, rm, fl); }
uint32_t f32_msub(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *fl) { return f32_fma(a, b, c ^ S32, rm, fl); }
uint32_t f32_nmsub(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *fl) { return f32_fma(a ^ S32, b, c, rm, fl); }
uint32_t f32_nmadd(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *fl)
{
    return f32_fma(a ^ S32, b, c ^ S32, rm, fl);
}
uint64_t f64_madd(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *fl) { return f64_fma(a, b, c, rm, fl); }
uint64_t f64_msub(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *fl) { return f64_fma(a, b, c ^ S64, rm, fl); }
uint64_t f64_nmsub(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *fl) { return f64_fma(a ^ S64, b, c, rm, fl); }
uint64_t f64_nmadd(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *fl)
{
    return f64_fma(a ^ S64, b, c ^ S64, rm, fl);
}

/* ======================================================================== */
/* min/max, compare, classify                                               */
/* ======================================================================== */

/* Map a non-NaN encoding to an unsigned key with the same order as the
 * values, placing -0 just below +0 (as fmin/fmax require). */
static inline uint64_t order_key(const fmt_t *f, uint64_t x)
{
    const uint64_t s = fmt_sign(f);
    return (x & s) ? ~x & (s | (s - 1)) : x | s;
}

/* F extension, fmin/fmax (version 2.2 onward, IEEE 754-2019 minimumNumber /
 * maximumNumber): a lone NaN operand is ignored, two NaNs give the canonical
 * NaN, and a signalling NaN operand raises NV in every case. */
static inline uint64_t fminmax(const fmt_t *f, uint64_t a, uint64_t b, bool want_max, uint32_t *fl)
{
    const bool an = fmt_isnan(f, a), bn = fmt_isnan(f, b);
    if (fmt_issnan(f, a) || fmt_issnan(f, b))
        *fl |= RV_FFLAG_NV;
    if (an && bn)
        return fmt_cnan(f);
    if (an)
        return b;
    if (bn)
        return a;
    const bool a_below = order_key(f, a) < order_key(f, b);
    return a_below == want_max ? b : a;
}

uint32_t f32_min(uint32_t a, uint32_t b, uint32_t *fl) { return (uint32_t)fminmax(&F32, a, b, false, fl); }
uint32_t f32_max(uint32_t a, uint32_t b, uint32_t *fl) { return (uint32_t)fminmax(&F32, a, b, true, fl); }
uint64_t f64_min(uint64_t a, uint64_t b, uint32_t *fl) { return fminmax(&F64, a, b, false, fl); }
uint64_t f64_max(uint64_t a, uint64_t b, uint32_t *fl) { return fminmax(&F64, a, b, true, fl); }

/* Comparisons (F extension, "Floating-Point Compare Instructions"): the
 * result is 0 when either operand is NaN. feq is a quiet comparison (NV only
 * for sNaN); flt/fle are signalling (NV for any NaN). +0 and -0 are equal. */
enum { CMP_EQ, CMP_LT, CMP_LE };

static inline int fcmp(const fmt_t *f, int kind, uint64_t a, uint64_t b, uint32_t *fl)
{
    if (fmt_isnan(f, a) || fmt_isnan(f, b)) {
        if (kind != CMP_EQ || fmt_issnan(f, a) || fmt_issnan(f, b))
            *fl |= RV_FFLAG_NV;
        return 0;
    }
    const bool both_zero = fmt_abs(f, a) == 0 && fmt_abs(f, b) == 0;
    const uint64_t ka = order_key(f, a), kb = order_key(f, b);
    switch (kind) {
    case CMP_EQ: return both_zero || a == b;
    case CMP_LT: return !both_zero && ka < kb;
    default: return both_zero || ka <= kb;
    }
}

int f32_eq(uint32_t a, uint32_t b, uint32_t *fl) { return fcmp(&F32, CMP_EQ, a, b, fl); }
int f32_lt(uint32_t a, uint32_t b, uint32_t *fl) { return fcmp(&F32, CMP_LT, a, b, fl); }
int f32_le(uint32_t a, uint32_t b, uint32_t *fl) { return fcmp(&F32, CMP_LE, a, b, fl); }
int f64_eq(uint64_t a, uint64_t b, uint32_t *fl) { return fcmp(&F64, CMP_EQ, a, b, fl); }
int f64_lt(uint64_t a, uint64_t b, uint32_t *fl) { return fcmp(&F64, CMP_LT, a, b, fl); }
int f64_le(uint64_t a, uint64_t b, uint32_t *fl) { return fcmp(&F64, CMP_LE, a, b, fl); }

/* fclass (F extension, "Floating-Point Classify Instruction"). */
static inline uint32_t fclass(const fmt_t *f, uint64_t a)
{
    const uint64_t mag = fmt_abs(f, a), inf = fmt_inf(f);
    const bool neg = (a & fmt_sign(f)) != 0;
    if (mag > inf)
        return fmt_issnan(f, a) ? 1u << 8 : 1u << 9;
    if (mag == inf)
        return neg ? 1u << 0 : 1u << 7;
    if (mag == 0)
        return neg ? 1u << 3 : 1u << 4;
    if (mag < (1ull << (f->p - 1)))
        return neg ? 1u << 2 : 1u << 5; /* subnormal: exponent field 0 */
    return neg ? 1u << 1 : 1u << 6;
}

uint32_t f32_class(uint32_t a) { return fclass(&F32, a); }
uint32_t f64_class(uint64_t a) { return fclass(&F64, a); }

/* ======================================================================== */
/* Conversions                                                              */
/* ======================================================================== */

/*
 * Float -> integer (fcvt.{w,wu,l,lu}.{s,d}). The value is rounded to an
 * integer in mode rm, then checked against the destination range. The
 * F extension's table of fcvt results: NaN and +inf/too-large give the
 * largest value, -inf/too-small the smallest (0 for unsigned), all with NV
 * and without NX. -0.3 -> wu in RTZ is 0 (in range, so just NX), while -1.5
 * rounds to -2 and is out of range (0 with NV). The result is returned as
 * the two's complement bit pattern in the low `bits` bits.
 */
static uint64_t f_to_int(const fmt_t *f, uint64_t a, int rm, uint32_t *fl, int bits, bool is_signed)
{
    const uint64_t maxpos =
        is_signed ? (1ull << (bits - 1)) - 1 : bits == 64 ? ~0ull : (1ull << bits) - 1;
    const uint64_t minneg = is_signed ? 0 - (1ull << (bits - 1)) : 0;
    const uint64_t neg_limit = is_signed ? 1ull << (bits - 1) : 0; /* largest |negative| */
    const unp_t u = unpack(f, a);
    uint64_t mag = 0;
    bool inexact = false;

    switch (u.cls) {
    case C_ZERO:
        return 0;
    case C_INF:
        *fl |= RV_FFLAG_NV;
        return u.sign ? minneg : maxpos;
    case C_SNAN:
    case C_QNAN:
        *fl |= RV_FFLAG_NV;
        return maxpos;
    default:
        break;
    }

    if (u.exp >= 0) {
        /* An integer already; does it fit in 64 bits? */
        if (63 - __builtin_clzll(u.sig) + u.exp > 63)
            goto out_of_range;
        mag = u.sig << u.exp;
    } else {
        const int sh = -u.exp;
        uint64_t q, rem;
        if (sh < 64) {
            q = u.sig >> sh;
            rem = u.sig << (64 - sh);
        } else {
            q = 0;
            rem = sh == 64 ? u.sig : 1; /* |value| < 1/2 */
        }
        inexact = rem != 0;
        mag = q + round_up(rm, u.sign, q, rem);
    }

    if (u.sign ? mag <= neg_limit : mag <= maxpos) {
        if (inexact)
            *fl |= RV_FFLAG_NX;
        return u.sign ? 0 - mag : mag;
    }
out_of_range:
    *fl |= RV_FFLAG_NV;
    return u.sign ? minneg : maxpos;
}

int32_t f32_to_i32(uint32_t a, int rm, uint32_t *fl) { return (int32_t)(uint32_t)f_to_int(&F32, a, rm, fl, 32, true); }
uint32_t f32_to_u32(uint32_t a, int rm, uint32_t *fl) { return (uint32_t)f_to_int(&F32, a, rm, fl, 32, false); }
int64_t f32_to_i64(uint32_t a, int rm, uint32_t *fl) { return (int64_t)f_to_int(&F32, a, rm, fl, 64, true); }
uint64_t f32_to_u64(uint32_t a, int rm, uint32_t *fl) { return f_to_int(&F32, a, rm, fl, 64, false); }
int32_t f64_to_i32(uint64_t a, int rm, uint32_t *fl) { return (int32_t)(uint32_t)f_to_int(&F64, a, rm, fl, 32, true); }
uint32_t f64_to_u32(uint64_t a, int rm, uint32_t *fl) { return (uint32_t)f_to_int(&F64, a, rm, fl, 32, false); }
int64_t f64_to_i64(uint64_t a, int rm, uint32_t *fl) { return (int64_t)f_to_int(&F64, a, rm, fl, 64, true); }
uint64_t f64_to_u64(uint64_t a, int rm, uint32_t *fl) { return f_to_int(&F64, a, rm, fl, 64, false); }

/* Integer -> float: integer zero is +0 in every mode; otherwise one call to
 * the rounding routine (int32/uint32 -> binary64 is always exact). */
static inline uint64_t int_to_f(const fmt_t *f, bool neg, uint64_t mag, int rm, uint32_t *fl)
{
    return mag ? round_pack(f, neg, 0, mag, rm, fl) : 0;
}

static inline uint64_t abs64(int64_t v) { return v < 0 ? 0 - (uint64_t)v : (uint64_t)v; }

uint32_t i32_to_f32(int32_t v, int rm, uint32_t *fl) { return (uint32_t)int_to_f(&F32, v < 0, abs64(v), rm, fl); }
uint32_t u32_to_f32(uint32_t v, int rm, uint32_t *fl) { return (uint32_t)int_to_f(&F32, false, v, rm, fl); }
uint32_t i64_to_f32(int64_t v, int rm, uint32_t *fl) { return (uint32_t)int_to_f(&F32, v < 0, abs64(v), rm, fl); }
uint32_t u64_to_f32(uint64_t v, int rm, uint32_t *fl) { return (uint32_t)int_to_f(&F32, false, v, rm, fl); }
uint64_t i32_to_f64(int32_t v, int rm, uint32_t *fl) { return int_to_f(&F64, v < 0, abs64(v), rm, fl); }
uint64_t u32_to_f64(uint32_t v, int rm, uint32_t *fl) { return int_to_f(&F64, false, v, rm, fl); }
uint64_t i64_to_f64(int64_t v, int rm, uint32_t *fl) { return int_to_f(&F64, v < 0, abs64(v), rm, fl); }
uint64_t u64_to_f64(uint64_t v, int rm, uint32_t *fl) { return int_to_f(&F64, false, v, rm, fl); }

/* Float -> float. NaN inputs give the canonical NaN (NV for sNaN, like any
 * other computational instruction); infinities and zeros keep their sign;
 * finite values go through the rounding routine (never inexact when
 * widening). */
static inline uint64_t f_to_f(const fmt_t *to, const fmt_t *from, uint64_t a, int rm, uint32_t *fl)
{
    const unp_t u = unpack(from, a);
    switch (u.cls) {
    case C_SNAN:
        *fl |= RV_FFLAG_NV;
        return fmt_cnan(to);
    case C_QNAN:
        return fmt_cnan(to);
    case C_INF:
        return fmt_signed(to, u.sign, fmt_inf(to));
    case C_ZERO:
        return fmt_signed(to, u.sign, 0);
    default:
        return round_pack(to, u.sign, u.exp, u.sig, rm, fl);
    }
}

uint32_t f64_to_f32(uint64_t a, int rm, uint32_t *fl) { return (uint32_t)f_to_f(&F32, &F64, a, rm, fl); }
uint64_t f32_to_f64(uint32_t a, uint32_t *fl) { return f_to_f(&F64, &F32, a, RV_RM_RNE, fl); }
