/*
 * ferry - unit tests for the RISC-V F/D arithmetic library (cpu/riscv/fpu.c).
 *
 * Two kinds of tests:
 *
 *  - Directed cases. Every expected value and flag set below was worked out
 *    by hand from IEEE 754-2008 and the RISC-V F/D chapters; the comment next
 *    to each group gives the reasoning (exact value, where it falls relative
 *    to the representable neighbours, which neighbour each mode picks).
 *    Modes are always listed in encoding order RNE, RTZ, RDN, RUP, RMM.
 *
 *  - Randomised cross-checks against oracles in this file that share no code
 *    with fpu.c: binary32 operations are evaluated in double precision with
 *    round-toward-zero plus a sticky bit (round-to-odd), binary64 operations
 *    in _Float128 the same way, and the final rounding to the target format
 *    (all five modes, including RMM and the after-rounding tininess rule) is
 *    done here by comparing against the midpoint of the two neighbours.
 *    binary32 results are additionally compared with f64_to_f32() applied to
 *    the round-to-odd double, i.e. fpu.c's own integer rounding routine
 *    against its hardware-assisted path. binary64 square roots are checked by
 *    squaring the neighbours of the result exactly in _Float128.
 *
 * The whole suite passes both against the default build and against a build
 * of fpu.c with -DRV_FPU_SOFT_ONLY (integer engine only).
 *
 * Set FPU_TEST_SEED in the environment to run the random tests with another
 * seed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fenv.h>
#include <math.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fpu.h"

/* ------------------------------------------------------------------------ */
/* Checking helpers                                                         */
/* ------------------------------------------------------------------------ */

#define NX RV_FFLAG_NX
#define UF RV_FFLAG_UF
#define OF RV_FFLAG_OF
#define DZ RV_FFLAG_DZ
#define NV RV_FFLAG_NV
#define UNX (RV_FFLAG_UF | RV_FFLAG_NX)
#define ONX (RV_FFLAG_OF | RV_FFLAG_NX)

#define RNE RV_RM_RNE
#define RTZ RV_RM_RTZ
#define RDN RV_RM_RDN
#define RUP RV_RM_RUP
#define RMM RV_RM_RMM

static const char *const rm_names[5] = { "RNE", "RTZ", "RDN", "RUP", "RMM" };

static unsigned long n_checks; /* values checked, over the whole run */
static unsigned long n_fail;   /* failures in the current test */

static const char *flag_str(uint32_t fl, char *buf)
{
    buf[0] = 0;
    if (fl & NV) strcat(buf, "NV ");
    if (fl & DZ) strcat(buf, "DZ ");
    if (fl & OF) strcat(buf, "OF ");
    if (fl & UF) strcat(buf, "UF ");
    if (fl & NX) strcat(buf, "NX ");
    if (!buf[0]) strcat(buf, "- ");
    return buf;
}

/* Records a mismatch without aborting, so that one run shows every failing
 * case of a test; done() fails the test at the end. */
static void check_val(int line, const char *what, int rm, uint64_t got, uint32_t gfl, uint64_t exp,
                      uint32_t efl)
{
    n_checks++;
    if (got == exp && gfl == efl)
        return;
    if (++n_fail <= 40) {
        char b1[32], b2[32];
        print_error("line %d: %s [%s]: got %#llx flags %s, expected %#llx flags %s\n", line, what,
                    rm >= 0 && rm < 5 ? rm_names[rm] : "-", (unsigned long long)got, flag_str(gfl, b1),
                    (unsigned long long)exp, flag_str(efl, b2));
    }
}

static void begin(void) { n_fail = 0; }
static void done(void)
{
    if (n_fail)
        fail_msg("%lu mismatches", n_fail);
}

/* Evaluate `call` (which uses the variables rm and fl) in each of the five
 * rounding modes and compare with the expected results/flags, given in the
 * order RNE, RTZ, RDN, RUP, RMM. */
#define T5(call, e0, e1, e2, e3, e4, f0, f1, f2, f3, f4)                                             \
    do {                                                                                             \
        const uint64_t exp_[5] = { (e0), (e1), (e2), (e3), (e4) };                                   \
        const uint32_t efl_[5] = { (f0), (f1), (f2), (f3), (f4) };                                   \
        for (int rm = 0; rm < 5; rm++) {                                                             \
            uint32_t fl = 0;                                                                         \
            uint64_t got_ = (uint64_t)(call);                                                        \
            check_val(__LINE__, #call, rm, got_, fl, exp_[rm], efl_[rm]);                            \
        }                                                                                            \
    } while (0)
/* Same flags in every mode. */
#define T5F(call, e0, e1, e2, e3, e4, f) T5(call, e0, e1, e2, e3, e4, f, f, f, f, f)
/* Same result and flags in every mode. */
#define TALL(call, e, f) T5(call, e, e, e, e, e, f, f, f, f, f)
/* Operations without a rounding mode. */
#define T1(call, e, f)                                                                               \
    do {                                                                                             \
        uint32_t fl = 0;                                                                             \
        uint64_t got_ = (uint64_t)(call);                                                            \
        check_val(__LINE__, #call, -1, got_, fl, (e), (f));                                          \
    } while (0)

#define I32(v) ((uint64_t)(uint32_t)(int32_t)(v))
#define I64(v) ((uint64_t)(int64_t)(v))

/* ------------------------------------------------------------------------ */
/* binary32 constants                                                       */
/* ------------------------------------------------------------------------ */

#define P0 0x00000000u
#define N0 0x80000000u
#define PINF 0x7f800000u
#define NINF 0xff800000u
#define QNAN 0x7fc00000u   /* canonical */
#define QNAN_P 0x7fc12345u /* quiet, with payload */
#define QNAN_N 0xffc00001u /* quiet, negative */
#define F32_SNAN 0x7f800001u
#define SNAN2 0x7fa00000u
#define SNAN_N 0xff900000u
#define ONE 0x3f800000u
#define MONE 0xbf800000u
#define TWO 0x40000000u
#define THREE 0x40400000u
#define HALF 0x3f000000u
#define MHALF 0xbf000000u
#define ONE5 0x3fc00000u  /* 1.5 */
#define MONE5 0xbfc00000u /* -1.5 */
#define MAXF 0x7f7fffffu  /* (2 - 2^-23) * 2^127 */
#define MMAXF 0xff7fffffu
#define MINN 0x00800000u /* 2^-126 */
#define MAXS 0x007fffffu /* (1 - 2^-23) * 2^-126 */
#define MINS 0x00000001u /* 2^-149 */
#define MMINS 0x80000001u
#define ONEP 0x3f800001u /* 1 + 2^-23 */

/* binary64 constants */
#define D_P0 0x0000000000000000ull
#define D_N0 0x8000000000000000ull
#define D_PINF 0x7ff0000000000000ull
#define D_NINF 0xfff0000000000000ull
#define D_QNAN 0x7ff8000000000000ull
#define D_QNAN_P 0x7ff8000000012345ull
#define D_QNAN_N 0xfff8000000000001ull
#define D_SNAN 0x7ff0000000000001ull
#define D_SNAN_N 0xfff4000000000000ull
#define D_ONE 0x3ff0000000000000ull
#define D_MONE 0xbff0000000000000ull
#define D_TWO 0x4000000000000000ull
#define D_THREE 0x4008000000000000ull
#define D_HALF 0x3fe0000000000000ull
#define D_MHALF 0xbfe0000000000000ull
#define D_ONE5 0x3ff8000000000000ull
#define D_MONE5 0xbff8000000000000ull
#define D_MAX 0x7fefffffffffffffull
#define D_MMAX 0xffefffffffffffffull
#define D_MINN 0x0010000000000000ull
#define D_MAXS 0x000fffffffffffffull
#define D_MINS 0x0000000000000001ull
#define D_MMINS 0x8000000000000001ull
#define D_ONEP 0x3ff0000000000001ull

/* ======================================================================== */
/* binary32 directed tests                                                  */
/* ======================================================================== */

static void test_f32_add_sub(void **state)
{
    (void)state;
    begin();

    /* 1 + 2^-24: exactly half an ulp of 1 (ulp = 2^-23) above 1. Tie between
     * 1 (even) and 1+2^-23: RNE keeps 1, RMM goes away from zero. */
    T5F(f32_add(ONE, 0x33800000u, rm, &fl), ONE, ONE, ONE, ONEP, ONEP, NX);
    T5F(f32_sub(ONE, 0xb3800000u, rm, &fl), ONE, ONE, ONE, ONEP, ONEP, NX);
    /* (1+2^-23) + 2^-24 = 1 + 1.5 ulp: tie between 1+1ulp (odd) and 1+2ulp
     * (even); RNE and RMM both pick 1+2ulp. */
    T5F(f32_add(ONEP, 0x33800000u, rm, &fl), 0x3f800002u, ONEP, ONEP, 0x3f800002u, 0x3f800002u, NX);
    /* Negative tie: RDN and RMM go to larger magnitude. */
    T5F(f32_add(MONE, 0xb3800000u, rm, &fl), MONE, MONE, 0xbf800001u, MONE, 0xbf800001u, NX);
    /* Near ties: 0x33800001 = 2^-24 + 2^-47 (just above half an ulp),
     * 0x337fffff = 2^-24 - 2^-48 (just below). */
    T5F(f32_add(ONE, 0x33800001u, rm, &fl), ONEP, ONE, ONE, ONEP, ONEP, NX);
    T5F(f32_add(ONE, 0x337fffffu, rm, &fl), ONE, ONE, ONE, ONEP, ONE, NX);
    /* Exact results raise nothing. */
    TALL(f32_add(ONE, TWO, rm, &fl), THREE, 0);
    TALL(f32_sub(THREE, ONE, rm, &fl), TWO, 0);

    /* Exact zero from opposite signs: +0, except -0 in RDN (IEEE 6.3). */
    T5F(f32_add(ONE5, MONE5, rm, &fl), P0, P0, N0, P0, P0, 0);
    T5F(f32_sub(ONE5, ONE5, rm, &fl), P0, P0, N0, P0, P0, 0);
    T5F(f32_add(P0, N0, rm, &fl), P0, P0, N0, P0, P0, 0);
    T5F(f32_sub(N0, N0, rm, &fl), P0, P0, N0, P0, P0, 0);
    T5F(f32_sub(MINS, MINS, rm, &fl), P0, P0, N0, P0, P0, 0);
    /* x + x keeps the sign of x, even for zeros. */
    TALL(f32_add(N0, N0, rm, &fl), N0, 0);
    TALL(f32_sub(N0, P0, rm, &fl), N0, 0);
    TALL(f32_add(P0, P0, rm, &fl), P0, 0);
    /* Adding zero is exact. */
    TALL(f32_add(N0, MAXS, rm, &fl), MAXS, 0);

    /* Infinities. */
    TALL(f32_add(PINF, NINF, rm, &fl), QNAN, NV);
    TALL(f32_sub(PINF, PINF, rm, &fl), QNAN, NV);
    TALL(f32_add(PINF, MAXF, rm, &fl), PINF, 0);
    TALL(f32_sub(NINF, PINF, rm, &fl), NINF, 0);
    TALL(f32_add(NINF, NINF, rm, &fl), NINF, 0);

    /* NaN operands: canonical NaN, NV only for signalling ones. */
    TALL(f32_add(F32_SNAN, ONE, rm, &fl), QNAN, NV);
    TALL(f32_add(ONE, QNAN_P, rm, &fl), QNAN, 0);
    TALL(f32_add(QNAN_N, SNAN2, rm, &fl), QNAN, NV);
    TALL(f32_sub(QNAN_N, PINF, rm, &fl), QNAN, 0);
    TALL(f32_sub(SNAN_N, NINF, rm, &fl), QNAN, NV);
    TALL(f32_add(PINF, F32_SNAN, rm, &fl), QNAN, NV);

    /* Overflow: 2*max is far beyond the range. RTZ, and the direction
     * toward zero of RDN/RUP, give the largest finite value; still OF|NX. */
    T5F(f32_add(MAXF, MAXF, rm, &fl), PINF, MAXF, MAXF, PINF, PINF, ONX);
    T5F(f32_add(MMAXF, MMAXF, rm, &fl), NINF, MMAXF, NINF, MMAXF, NINF, ONX);
    /* max + 2^103 is max + half an ulp (ulp(max) = 2^104): a tie between
     * max (odd) and 2^128, so RNE and RMM overflow. RTZ/RDN round to max,
     * which is not an overflow (the rounded value is in range). */
    T5(f32_add(MAXF, 0x73000000u, rm, &fl), PINF, MAXF, MAXF, PINF, PINF, ONX, NX, NX, ONX, ONX);
    /* max + 2^102 (a quarter ulp) only overflows upward. */
    T5(f32_add(MAXF, 0x72800000u, rm, &fl), MAXF, MAXF, MAXF, PINF, MAXF, NX, NX, NX, ONX, NX);
    T5(f32_sub(MMAXF, 0x72800000u, rm, &fl), MMAXF, MMAXF, NINF, MMAXF, MMAXF, NX, NX, ONX, NX, NX);

    /* Subnormal sums are multiples of 2^-149, hence always exact: no UF. */
    TALL(f32_sub(MINN, MINS, rm, &fl), MAXS, 0);
    TALL(f32_add(MINS, MINS, rm, &fl), 0x00000002u, 0);
    TALL(f32_add(MAXS, MINS, rm, &fl), MINN, 0);
    TALL(f32_add(0x80400000u, 0x00000003u, rm, &fl), 0x803ffffdu, 0);
    done();
}

static void test_f32_mul(void **state)
{
    (void)state;
    begin();

    /* 1.5 * (1+2^-23) = 1.5 + 1.5 ulp: mantissa field 0x400000 + 1.5, a tie
     * between 0x400001 (odd) and 0x400002 (even). */
    T5F(f32_mul(ONE5, ONEP, rm, &fl), 0x3fc00002u, 0x3fc00001u, 0x3fc00001u, 0x3fc00002u, 0x3fc00002u, NX);
    T5F(f32_mul(MONE5, ONEP, rm, &fl), 0xbfc00002u, 0xbfc00001u, 0xbfc00002u, 0xbfc00001u, 0xbfc00002u, NX);
    /* 1.25 * (1+2^-22) = 1.25 + 2.5 ulp: tie between 0x200002 (even, RNE)
     * and 0x200003 (RMM). */
    T5F(f32_mul(0x3fa00000u, 0x3f800002u, rm, &fl), 0x3fa00002u, 0x3fa00002u, 0x3fa00002u, 0x3fa00003u,
        0x3fa00003u, NX);
    T5F(f32_mul(0xbfa00000u, 0x3f800002u, rm, &fl), 0xbfa00002u, 0xbfa00002u, 0xbfa00003u, 0xbfa00002u,
        0xbfa00003u, NX);
    TALL(f32_mul(THREE, HALF, rm, &fl), ONE5, 0);

    /* Tininess after rounding, case 1: (1-2^-23)2^-126 * (1+2^-23) =
     * 2^-126 - 2^-172. At 24 bits with unbounded exponent it rounds to
     * 2^-126 in RNE/RUP/RMM: not tiny, so only NX although the exact value
     * is below 2^-126. RTZ/RDN keep 0x007fffff: tiny and inexact -> UF. */
    T5(f32_mul(MAXS, ONEP, rm, &fl), MINN, MAXS, MAXS, MINN, MINN, NX, UNX, UNX, NX, NX);
    T5(f32_mul(0x807fffffu, ONEP, rm, &fl), 0x80800000u, 0x807fffffu, 0x80800000u, 0x807fffffu, 0x80800000u,
       NX, UNX, NX, UNX, NX);
    /* Tininess after rounding, case 2: 0.34375 * (12201611 * 2^-148)
     * = 11 * 12201611 * 2^-153 = (2^27 - 7) * 2^-153 = 2^-126 - 7*2^-153.
     * In subnormal units (2^-149) that is 2^23 - 0.4375, so RNE/RMM/RUP
     * deliver 2^-126. At 24 bits unbounded (units of 2^-150) it is
     * 2^24 - 0.875, which RNE/RMM round to 2^24 - 1 < 2^24: still tiny,
     * hence UF even though the delivered result is the smallest normal.
     * Only RUP reaches 2^-126 at full precision. */
    T5(f32_mul(0x3eb00000u, 0x013a2e8bu, rm, &fl), MINN, MAXS, MAXS, MINN, MINN, UNX, UNX, UNX, NX, UNX);

    /* Deep underflow. 2^-149 * 0.5 = 2^-150: a tie between 0 (even) and
     * 2^-149. */
    T5F(f32_mul(MINS, HALF, rm, &fl), P0, P0, P0, MINS, MINS, UNX);
    T5F(f32_mul(MMINS, HALF, rm, &fl), N0, N0, MMINS, N0, MMINS, UNX);
    /* 2^-151 (a quarter unit), 0.75 units. */
    T5F(f32_mul(MINS, 0x3e800000u, rm, &fl), P0, P0, P0, MINS, P0, UNX);
    T5F(f32_mul(MINS, 0x3f400000u, rm, &fl), MINS, P0, P0, MINS, MINS, UNX);
    /* 5 * 2^-149 * 0.5 = 2.5 units: RNE -> 2, RMM -> 3. 3 units * 0.5 =
     * 1.5 units: RNE and RMM both -> 2. */
    T5F(f32_mul(0x00000005u, HALF, rm, &fl), 2, 2, 2, 3, 3, UNX);
    T5F(f32_mul(0x00000003u, HALF, rm, &fl), 2, 1, 1, 2, 2, UNX);
    /* Exact subnormal results do not underflow. */
    TALL(f32_mul(MINS, TWO, rm, &fl), 0x00000002u, 0);
    TALL(f32_mul(MINN, HALF, rm, &fl), 0x00400000u, 0);
    TALL(f32_mul(0x00400000u, TWO, rm, &fl), MINN, 0);

    /* Overflow: 2^127 * 2 = 2^128. */
    T5F(f32_mul(0x7f000000u, TWO, rm, &fl), PINF, MAXF, MAXF, PINF, PINF, ONX);
    T5F(f32_mul(0xff000000u, TWO, rm, &fl), NINF, MMAXF, NINF, MMAXF, NINF, ONX);
    TALL(f32_mul(0x7f000000u, 0x3fffffffu, rm, &fl), 0x7f7fffffu, 0); /* 2^127 * (2-2^-23) = max */

    /* Zeros, infinities, invalid. */
    TALL(f32_mul(P0, PINF, rm, &fl), QNAN, NV);
    TALL(f32_mul(NINF, N0, rm, &fl), QNAN, NV);
    TALL(f32_mul(PINF, 0xc0000000u, rm, &fl), NINF, 0);
    TALL(f32_mul(N0, 0x40a00000u, rm, &fl), N0, 0);
    TALL(f32_mul(N0, N0, rm, &fl), P0, 0);
    TALL(f32_mul(MMINS, P0, rm, &fl), N0, 0);
    TALL(f32_mul(QNAN_N, ONE, rm, &fl), QNAN, 0);
    TALL(f32_mul(SNAN2, P0, rm, &fl), QNAN, NV);
    TALL(f32_mul(QNAN, PINF, rm, &fl), QNAN, 0);
    done();
}

static void test_f32_div(void **state)
{
    (void)state;
    begin();

    /* 1/3 = 1.0101...b * 2^-2: the 23 kept fraction bits are 0x2aaaaa and
     * the rest is 0.101010...b of an ulp (2/3 ulp > 1/2): RNE/RMM round up. */
    T5F(f32_div(ONE, THREE, rm, &fl), 0x3eaaaaabu, 0x3eaaaaaau, 0x3eaaaaaau, 0x3eaaaaabu, 0x3eaaaaabu, NX);
    T5F(f32_div(MONE, THREE, rm, &fl), 0xbeaaaaabu, 0xbeaaaaaau, 0xbeaaaaabu, 0xbeaaaaaau, 0xbeaaaaabu, NX);
    T5F(f32_div(TWO, THREE, rm, &fl), 0x3f2aaaabu, 0x3f2aaaaau, 0x3f2aaaaau, 0x3f2aaaabu, 0x3f2aaaabu, NX);
    TALL(f32_div(0x40c00000u, THREE, rm, &fl), TWO, 0);

    /* Division by zero: DZ only for a finite nonzero dividend. */
    TALL(f32_div(ONE, P0, rm, &fl), PINF, DZ);
    TALL(f32_div(MONE, P0, rm, &fl), NINF, DZ);
    TALL(f32_div(ONE, N0, rm, &fl), NINF, DZ);
    TALL(f32_div(MINS, N0, rm, &fl), NINF, DZ);
    TALL(f32_div(PINF, P0, rm, &fl), PINF, 0);
    TALL(f32_div(P0, P0, rm, &fl), QNAN, NV);
    TALL(f32_div(N0, P0, rm, &fl), QNAN, NV);
    TALL(f32_div(PINF, NINF, rm, &fl), QNAN, NV);
    TALL(f32_div(F32_SNAN, P0, rm, &fl), QNAN, NV);
    TALL(f32_div(QNAN, P0, rm, &fl), QNAN, 0);
    TALL(f32_div(ONE, QNAN_P, rm, &fl), QNAN, 0);
    TALL(f32_div(P0, 0x40a00000u, rm, &fl), P0, 0);
    TALL(f32_div(0x40a00000u, NINF, rm, &fl), N0, 0);
    TALL(f32_div(N0, NINF, rm, &fl), P0, 0);
    TALL(f32_div(NINF, 0x40a00000u, rm, &fl), NINF, 0);

    /* Subnormal quotients: 5 units / 2 = 2.5 units (RNE 2, RMM 3);
     * 2^-126 / 2^23 = 2^-149 exactly; 2^-126 / 2^24 = 2^-150 (tie with 0);
     * 2^-126 / (-1.5 * 2^23) = -(2/3) unit. */
    T5F(f32_div(0x00000005u, TWO, rm, &fl), 2, 2, 2, 3, 3, UNX);
    TALL(f32_div(MINN, 0x4b000000u, rm, &fl), MINS, 0);
    T5F(f32_div(MINN, 0x4b800000u, rm, &fl), P0, P0, P0, MINS, MINS, UNX);
    T5F(f32_div(MINN, 0xcb400000u, rm, &fl), MMINS, N0, MMINS, N0, MMINS, UNX);

    /* Overflow: max / 0.5 = 2 * max. */
    T5F(f32_div(MAXF, HALF, rm, &fl), PINF, MAXF, MAXF, PINF, PINF, ONX);
    T5F(f32_div(MAXF, 0xbf000000u, rm, &fl), NINF, MMAXF, NINF, MMAXF, NINF, ONX);
    /* 1 / 2^-149 = 2^149 also overflows. */
    T5F(f32_div(ONE, MINS, rm, &fl), PINF, MAXF, MAXF, PINF, PINF, ONX);
    done();
}

static void test_f32_sqrt(void **state)
{
    (void)state;
    begin();

    TALL(f32_sqrt(0x40800000u, rm, &fl), TWO, 0);
    TALL(f32_sqrt(ONE, rm, &fl), ONE, 0);
    /* sqrt(2) = 1.41421356...; 0x3fb504f3 = 1.41421353... is below it and
     * nearer than 0x3fb504f4 = 1.41421365... */
    T5F(f32_sqrt(TWO, rm, &fl), 0x3fb504f3u, 0x3fb504f3u, 0x3fb504f3u, 0x3fb504f4u, 0x3fb504f3u, NX);
    /* sqrt(2^-149) = sqrt(2) * 2^-75; sqrt(2^-148) = 2^-74 exactly. */
    T5F(f32_sqrt(MINS, rm, &fl), 0x1a3504f3u, 0x1a3504f3u, 0x1a3504f3u, 0x1a3504f4u, 0x1a3504f3u, NX);
    TALL(f32_sqrt(0x00000002u, rm, &fl), 0x1a800000u, 0);
    /* sqrt(1 + 2^-23) = 1 + 2^-24 - 2^-49 + ...: just below a tie (square
     * roots are never exactly halfway), so RMM agrees with RNE. */
    T5F(f32_sqrt(ONEP, rm, &fl), ONE, ONE, ONE, ONEP, ONE, NX);
    /* sqrt(max) = sqrt(4 - 2^-22) * 2^63 = 2^64 * sqrt(1 - 2^-24)
     * = 2^64 * (1 - 2^-25 - 2^-51 - ...): just below the midpoint between
     * 2^64 * (1 - 2^-24) = 0x5f7fffff and 2^64, so only RUP goes up. */
    T5F(f32_sqrt(MAXF, rm, &fl), 0x5f7fffffu, 0x5f7fffffu, 0x5f7fffffu, 0x5f800000u, 0x5f7fffffu, NX);

    /* Special cases: sqrt(-0) = -0; negative numbers are invalid. */
    TALL(f32_sqrt(N0, rm, &fl), N0, 0);
    TALL(f32_sqrt(P0, rm, &fl), P0, 0);
    TALL(f32_sqrt(PINF, rm, &fl), PINF, 0);
    TALL(f32_sqrt(NINF, rm, &fl), QNAN, NV);
    TALL(f32_sqrt(MONE, rm, &fl), QNAN, NV);
    TALL(f32_sqrt(MMINS, rm, &fl), QNAN, NV);
    TALL(f32_sqrt(F32_SNAN, rm, &fl), QNAN, NV);
    TALL(f32_sqrt(QNAN_P, rm, &fl), QNAN, 0);
    TALL(f32_sqrt(QNAN_N, rm, &fl), QNAN, 0);
    done();
}

static void test_f32_fma(void **state)
{
    (void)state;
    begin();

    /* Single rounding: (1+2^-23)^2 - 1 = 2^-22 + 2^-46 exactly, which is
     * 2^-22 plus half an ulp (ulp(2^-22) = 2^-45): a tie, RNE -> 2^-22,
     * RMM -> 2^-22 + 2^-45. (Rounding the product first would give 2^-22
     * in every mode.) */
    T5F(f32_madd(ONEP, ONEP, MONE, rm, &fl), 0x34800000u, 0x34800000u, 0x34800000u, 0x34800001u, 0x34800001u,
        NX);
    T5F(f32_msub(ONEP, ONEP, ONE, rm, &fl), 0x34800000u, 0x34800000u, 0x34800000u, 0x34800001u, 0x34800001u,
        NX);
    /* -(a*b) - (-1) and -(a*b) + 1 give the negated value. */
    T5F(f32_nmadd(ONEP, ONEP, MONE, rm, &fl), 0xb4800000u, 0xb4800000u, 0xb4800001u, 0xb4800000u, 0xb4800001u,
        NX);
    T5F(f32_nmsub(ONEP, ONEP, ONE, rm, &fl), 0xb4800000u, 0xb4800000u, 0xb4800001u, 0xb4800000u, 0xb4800001u,
        NX);
    TALL(f32_madd(TWO, THREE, ONE, rm, &fl), 0x40e00000u, 0);  /* 7 */
    TALL(f32_msub(TWO, THREE, ONE, rm, &fl), 0x40a00000u, 0);  /* 5 */
    TALL(f32_nmsub(TWO, THREE, ONE, rm, &fl), 0xc0a00000u, 0); /* -5 */
    TALL(f32_nmadd(TWO, THREE, ONE, rm, &fl), 0xc0e00000u, 0); /* -7 */

    /* Exact zero results: x*y + (-x*y) is -0 in RDN, +0 otherwise. */
    T5F(f32_madd(ONE5, TWO, 0xc0400000u, rm, &fl), P0, P0, N0, P0, P0, 0);
    T5F(f32_madd(MONE5, TWO, THREE, rm, &fl), P0, P0, N0, P0, P0, 0);
    T5F(f32_msub(ONE5, TWO, THREE, rm, &fl), P0, P0, N0, P0, P0, 0);
    T5F(f32_nmsub(ONE5, TWO, THREE, rm, &fl), P0, P0, N0, P0, P0, 0);
    T5F(f32_nmadd(ONE5, TWO, 0xc0400000u, rm, &fl), P0, P0, N0, P0, P0, 0);
    /* Zero products: (+0) + (-0) -> +0 (RDN: -0); (-0) + (-0) -> -0. */
    T5F(f32_madd(P0, ONE, N0, rm, &fl), P0, P0, N0, P0, P0, 0);
    TALL(f32_madd(N0, ONE, N0, rm, &fl), N0, 0);
    T5F(f32_madd(P0, MONE, P0, rm, &fl), P0, P0, N0, P0, P0, 0);
    TALL(f32_nmadd(P0, ONE, P0, rm, &fl), N0, 0); /* -(+0) - (+0) */
    T5F(f32_nmsub(P0, ONE, P0, rm, &fl), P0, P0, N0, P0, P0, 0);
    T5F(f32_msub(P0, ONE, P0, rm, &fl), P0, P0, N0, P0, P0, 0);
    TALL(f32_madd(P0, ONE, MAXS, rm, &fl), MAXS, 0); /* 0*1 + c = c exactly */

    /* A tiny nonzero exact result keeps its own sign when rounded to zero,
     * whatever the sign of a zero addend. */
    T5F(f32_madd(MINS, HALF, N0, rm, &fl), P0, P0, P0, MINS, MINS, UNX);
    T5F(f32_madd(MMINS, HALF, P0, rm, &fl), N0, N0, MMINS, N0, MMINS, UNX);
    /* 2.5 units - 1 unit = 1.5 units; 3.5 - 1 = 2.5 units. */
    T5F(f32_madd(0x00000005u, HALF, MMINS, rm, &fl), 2, 1, 1, 2, 2, UNX);
    T5F(f32_madd(0x00000007u, HALF, MMINS, rm, &fl), 2, 2, 2, 3, 3, UNX);
    /* The after-rounding tininess boundary, as for fmul. */
    T5(f32_madd(MAXS, ONEP, P0, rm, &fl), MINN, MAXS, MAXS, MINN, MINN, NX, UNX, UNX, NX, NX);
    T5(f32_madd(0x3eb00000u, 0x013a2e8bu, N0, rm, &fl), MINN, MAXS, MAXS, MINN, MINN, UNX, UNX, UNX, NX, UNX);

    /* No intermediate overflow: max*2 - max = max exactly. */
    TALL(f32_madd(MAXF, TWO, MMAXF, rm, &fl), MAXF, 0);
    T5F(f32_madd(MAXF, MAXF, P0, rm, &fl), PINF, MAXF, MAXF, PINF, PINF, ONX);
    T5F(f32_nmadd(MAXF, MAXF, P0, rm, &fl), NINF, MMAXF, NINF, MMAXF, NINF, ONX);
    TALL(f32_madd(MAXF, MAXF, NINF, rm, &fl), NINF, 0);

    /* Invalid and NaN rules: inf*0 raises NV even with a quiet-NaN addend. */
    TALL(f32_madd(PINF, P0, QNAN, rm, &fl), QNAN, NV);
    TALL(f32_madd(N0, NINF, QNAN_P, rm, &fl), QNAN, NV);
    TALL(f32_nmadd(PINF, N0, ONE, rm, &fl), QNAN, NV);
    TALL(f32_madd(PINF, ONE, NINF, rm, &fl), QNAN, NV);
    TALL(f32_msub(PINF, ONE, PINF, rm, &fl), QNAN, NV);
    TALL(f32_nmsub(PINF, ONE, PINF, rm, &fl), QNAN, NV); /* -(inf*1) + inf */
    TALL(f32_madd(PINF, ONE, PINF, rm, &fl), PINF, 0);
    TALL(f32_madd(ONE, ONE, PINF, rm, &fl), PINF, 0);
    TALL(f32_madd(QNAN, P0, ONE, rm, &fl), QNAN, 0);
    TALL(f32_madd(QNAN, PINF, ONE, rm, &fl), QNAN, 0);
    TALL(f32_madd(ONE, ONE, F32_SNAN, rm, &fl), QNAN, NV);
    TALL(f32_madd(SNAN_N, ONE, QNAN, rm, &fl), QNAN, NV);
    TALL(f32_madd(ONE, QNAN_N, ONE, rm, &fl), QNAN, 0);
    TALL(f32_nmadd(ONE, ONE, QNAN_P, rm, &fl), QNAN, 0);
    done();
}

static void test_f32_minmax(void **state)
{
    (void)state;
    begin();

    T1(f32_min(ONE, TWO, &fl), ONE, 0);
    T1(f32_max(ONE, TWO, &fl), TWO, 0);
    T1(f32_min(TWO, ONE, &fl), ONE, 0);
    T1(f32_max(MONE, 0xc0000000u, &fl), MONE, 0);
    T1(f32_min(MONE, 0xc0000000u, &fl), 0xc0000000u, 0);
    T1(f32_min(NINF, MMAXF, &fl), NINF, 0);
    T1(f32_max(PINF, MAXF, &fl), PINF, 0);
    T1(f32_min(MMINS, MINS, &fl), MMINS, 0);
    /* -0 is ordered below +0. */
    T1(f32_min(N0, P0, &fl), N0, 0);
    T1(f32_min(P0, N0, &fl), N0, 0);
    T1(f32_max(N0, P0, &fl), P0, 0);
    T1(f32_max(P0, N0, &fl), P0, 0);
    /* One NaN: the other operand; NV only when a NaN is signalling. */
    T1(f32_min(QNAN, ONE, &fl), ONE, 0);
    T1(f32_max(ONE, QNAN_P, &fl), ONE, 0);
    T1(f32_min(QNAN_N, NINF, &fl), NINF, 0);
    T1(f32_min(F32_SNAN, ONE, &fl), ONE, NV);
    T1(f32_max(N0, SNAN_N, &fl), N0, NV);
    /* Two NaNs: canonical NaN (payloads dropped). */
    T1(f32_min(QNAN_P, QNAN_N, &fl), QNAN, 0);
    T1(f32_max(QNAN_P, QNAN_P, &fl), QNAN, 0);
    T1(f32_max(F32_SNAN, QNAN, &fl), QNAN, NV);
    T1(f32_min(SNAN2, F32_SNAN, &fl), QNAN, NV);
    done();
}

static void test_f32_compare(void **state)
{
    (void)state;
    begin();

    T1(f32_eq(ONE, ONE, &fl), 1, 0);
    T1(f32_eq(ONE, TWO, &fl), 0, 0);
    T1(f32_eq(P0, N0, &fl), 1, 0);
    T1(f32_eq(PINF, PINF, &fl), 1, 0);
    T1(f32_eq(QNAN, QNAN, &fl), 0, 0); /* quiet: no NV for qNaN */
    T1(f32_eq(QNAN_P, ONE, &fl), 0, 0);
    T1(f32_eq(F32_SNAN, ONE, &fl), 0, NV);
    T1(f32_eq(ONE, SNAN_N, &fl), 0, NV);

    T1(f32_lt(ONE, TWO, &fl), 1, 0);
    T1(f32_lt(TWO, ONE, &fl), 0, 0);
    T1(f32_lt(ONE, ONE, &fl), 0, 0);
    T1(f32_lt(0xc0000000u, MONE, &fl), 1, 0);
    T1(f32_lt(MONE, 0xc0000000u, &fl), 0, 0);
    T1(f32_lt(N0, P0, &fl), 0, 0);
    T1(f32_lt(MMINS, N0, &fl), 1, 0);
    T1(f32_lt(NINF, PINF, &fl), 1, 0);
    T1(f32_lt(MAXF, PINF, &fl), 1, 0);
    T1(f32_lt(QNAN, ONE, &fl), 0, NV); /* signalling: NV for any NaN */
    T1(f32_lt(ONE, QNAN_N, &fl), 0, NV);
    T1(f32_lt(F32_SNAN, ONE, &fl), 0, NV);

    T1(f32_le(ONE, ONE, &fl), 1, 0);
    T1(f32_le(N0, P0, &fl), 1, 0);
    T1(f32_le(P0, N0, &fl), 1, 0);
    T1(f32_le(TWO, ONE, &fl), 0, 0);
    T1(f32_le(MONE, MONE, &fl), 1, 0);
    T1(f32_le(NINF, NINF, &fl), 1, 0);
    T1(f32_le(QNAN, QNAN, &fl), 0, NV);
    T1(f32_le(ONE, SNAN2, &fl), 0, NV);
    done();
}

static void test_f32_class(void **state)
{
    (void)state;
    begin();
    T1(f32_class(NINF), 1u << 0, 0);
    T1(f32_class(MONE), 1u << 1, 0);
    T1(f32_class(0x80800000u), 1u << 1, 0);
    T1(f32_class(MMAXF), 1u << 1, 0);
    T1(f32_class(MMINS), 1u << 2, 0);
    T1(f32_class(0x807fffffu), 1u << 2, 0);
    T1(f32_class(N0), 1u << 3, 0);
    T1(f32_class(P0), 1u << 4, 0);
    T1(f32_class(MINS), 1u << 5, 0);
    T1(f32_class(MAXS), 1u << 5, 0);
    T1(f32_class(MINN), 1u << 6, 0);
    T1(f32_class(MAXF), 1u << 6, 0);
    T1(f32_class(ONE), 1u << 6, 0);
    T1(f32_class(PINF), 1u << 7, 0);
    T1(f32_class(F32_SNAN), 1u << 8, 0);
    T1(f32_class(0x7fbfffffu), 1u << 8, 0);
    T1(f32_class(SNAN_N), 1u << 8, 0);
    T1(f32_class(QNAN), 1u << 9, 0);
    T1(f32_class(QNAN_N), 1u << 9, 0);
    T1(f32_class(0x7fffffffu), 1u << 9, 0);
    done();
}

/* fcvt.{w,wu,l,lu}.s: the F-extension table of out-of-range results. */
static void test_f32_to_int(void **state)
{
    (void)state;
    begin();

    /* Rounding to integers: 2.5, -2.5, 3.5, 0.5, -0.5, 1.5. */
    T5F(f32_to_i32(0x40200000u, rm, &fl), 2, 2, 2, 3, 3, NX);
    T5F((uint32_t)f32_to_i32(0xc0200000u, rm, &fl), I32(-2), I32(-2), I32(-3), I32(-2), I32(-3), NX);
    T5F(f32_to_i32(0x40600000u, rm, &fl), 4, 3, 3, 4, 4, NX);
    T5F(f32_to_i32(HALF, rm, &fl), 0, 0, 0, 1, 1, NX);
    T5F((uint32_t)f32_to_i32(MHALF, rm, &fl), 0, 0, I32(-1), 0, I32(-1), NX);
    T5F(f32_to_i32(ONE5, rm, &fl), 2, 1, 1, 2, 2, NX);
    T5F(f32_to_i32(MINS, rm, &fl), 0, 0, 0, 1, 0, NX);
    T5F((uint32_t)f32_to_i32(MMINS, rm, &fl), 0, 0, I32(-1), 0, 0, NX);
    TALL(f32_to_i32(ONE, rm, &fl), 1, 0);
    TALL(f32_to_i32(N0, rm, &fl), 0, 0);
    TALL((uint32_t)f32_to_i32(0xc2f60000u, rm, &fl), I32(-123), 0);
    /* Range limits: 2^31 is out of range, -2^31 is the minimum; the float
     * below 2^31 is 2^31 - 128. */
    TALL(f32_to_i32(0x4f000000u, rm, &fl), 0x7fffffffu, NV);
    TALL((uint32_t)f32_to_i32(0xcf000000u, rm, &fl), 0x80000000u, 0);
    TALL((uint32_t)f32_to_i32(0xcf000001u, rm, &fl), 0x80000000u, NV);
    TALL(f32_to_i32(0x4effffffu, rm, &fl), 0x7fffff80u, 0);
    TALL(f32_to_i32(MAXF, rm, &fl), 0x7fffffffu, NV);
    TALL((uint32_t)f32_to_i32(MMAXF, rm, &fl), 0x80000000u, NV);
    /* NaN (any sign) -> 2^31-1; +inf -> 2^31-1; -inf -> -2^31. */
    TALL(f32_to_i32(QNAN, rm, &fl), 0x7fffffffu, NV);
    TALL(f32_to_i32(QNAN_N, rm, &fl), 0x7fffffffu, NV);
    TALL(f32_to_i32(SNAN_N, rm, &fl), 0x7fffffffu, NV);
    TALL(f32_to_i32(PINF, rm, &fl), 0x7fffffffu, NV);
    TALL((uint32_t)f32_to_i32(NINF, rm, &fl), 0x80000000u, NV);

    /* fcvt.wu.s */
    T5F(f32_to_u32(0x40200000u, rm, &fl), 2, 2, 2, 3, 3, NX);
    /* -1.5 rounds to -1 or -2: out of range in every mode -> 0 with NV. */
    TALL(f32_to_u32(MONE5, rm, &fl), 0, NV);
    /* -0.3 rounds to 0 (NX only) except in RDN, where it becomes -1. */
    T5(f32_to_u32(0xbe99999au, rm, &fl), 0, 0, 0, 0, 0, NX, NX, NV, NX, NX);
    /* -0.5: RNE ties to 0 (even), RMM ties away to -1. */
    T5(f32_to_u32(MHALF, rm, &fl), 0, 0, 0, 0, 0, NX, NX, NV, NX, NV);
    TALL(f32_to_u32(N0, rm, &fl), 0, 0);
    TALL(f32_to_u32(MONE, rm, &fl), 0, NV);
    TALL(f32_to_u32(QNAN, rm, &fl), 0xffffffffu, NV);
    TALL(f32_to_u32(SNAN_N, rm, &fl), 0xffffffffu, NV);
    TALL(f32_to_u32(PINF, rm, &fl), 0xffffffffu, NV);
    TALL(f32_to_u32(NINF, rm, &fl), 0, NV);
    TALL(f32_to_u32(0x4f800000u, rm, &fl), 0xffffffffu, NV); /* 2^32 */
    TALL(f32_to_u32(0x4f7fffffu, rm, &fl), 0xffffff00u, 0);   /* 2^32 - 256 */
    TALL(f32_to_u32(0x4f000000u, rm, &fl), 0x80000000u, 0);

    /* fcvt.l.s */
    T5F(f32_to_i64(0x40200000u, rm, &fl), 2, 2, 2, 3, 3, NX);
    T5F(f32_to_i64(0xc0200000u, rm, &fl), I64(-2), I64(-2), I64(-3), I64(-2), I64(-3), NX);
    TALL(f32_to_i64(0x4f800000u, rm, &fl), 0x100000000ull, 0);
    TALL(f32_to_i64(0x5effffffu, rm, &fl), 0x7fffff8000000000ull, 0); /* 2^63 - 2^39 */
    TALL(f32_to_i64(0x5f000000u, rm, &fl), 0x7fffffffffffffffull, NV);
    TALL(f32_to_i64(0xdf000000u, rm, &fl), 0x8000000000000000ull, 0);
    TALL(f32_to_i64(0xdf000001u, rm, &fl), 0x8000000000000000ull, NV);
    TALL(f32_to_i64(QNAN_N, rm, &fl), 0x7fffffffffffffffull, NV);
    TALL(f32_to_i64(PINF, rm, &fl), 0x7fffffffffffffffull, NV);
    TALL(f32_to_i64(NINF, rm, &fl), 0x8000000000000000ull, NV);

    /* fcvt.lu.s */
    T5F(f32_to_u64(HALF, rm, &fl), 0, 0, 0, 1, 1, NX);
    T5(f32_to_u64(0xbe99999au, rm, &fl), 0, 0, 0, 0, 0, NX, NX, NV, NX, NX);
    TALL(f32_to_u64(0x5f7fffffu, rm, &fl), 0xffffff0000000000ull, 0);
    TALL(f32_to_u64(0x5f800000u, rm, &fl), 0xffffffffffffffffull, NV);
    TALL(f32_to_u64(0x5f000000u, rm, &fl), 0x8000000000000000ull, 0);
    TALL(f32_to_u64(MONE, rm, &fl), 0, NV);
    TALL(f32_to_u64(NINF, rm, &fl), 0, NV);
    TALL(f32_to_u64(QNAN, rm, &fl), 0xffffffffffffffffull, NV);
    TALL(f32_to_u64(PINF, rm, &fl), 0xffffffffffffffffull, NV);
    done();
}

static void test_int_to_f32(void **state)
{
    (void)state;
    begin();

    /* 2^24 + 1: halfway between 2^24 (even) and 2^24 + 2. */
    T5F(i32_to_f32(16777217, rm, &fl), 0x4b800000u, 0x4b800000u, 0x4b800000u, 0x4b800001u, 0x4b800001u, NX);
    T5F(i32_to_f32(-16777217, rm, &fl), 0xcb800000u, 0xcb800000u, 0xcb800001u, 0xcb800000u, 0xcb800001u, NX);
    /* 2^24 + 3: halfway between 2^24 + 2 (odd mantissa) and 2^24 + 4. */
    T5F(i32_to_f32(16777219, rm, &fl), 0x4b800002u, 0x4b800001u, 0x4b800001u, 0x4b800002u, 0x4b800002u, NX);
    TALL(i32_to_f32(16777216, rm, &fl), 0x4b800000u, 0);
    TALL(i32_to_f32(INT32_MIN, rm, &fl), 0xcf000000u, 0);
    /* 2^31 - 1 lies 1 below 2^31, with the float spacing 128 there. */
    T5F(i32_to_f32(INT32_MAX, rm, &fl), 0x4f000000u, 0x4effffffu, 0x4effffffu, 0x4f000000u, 0x4f000000u, NX);
    TALL(i32_to_f32(0, rm, &fl), P0, 0); /* +0 even in RDN */
    TALL(i32_to_f32(-1, rm, &fl), MONE, 0);
    TALL(i32_to_f32(3, rm, &fl), THREE, 0);

    T5F(u32_to_f32(0xffffffffu, rm, &fl), 0x4f800000u, 0x4f7fffffu, 0x4f7fffffu, 0x4f800000u, 0x4f800000u, NX);
    T5F(u32_to_f32(16777217u, rm, &fl), 0x4b800000u, 0x4b800000u, 0x4b800000u, 0x4b800001u, 0x4b800001u, NX);
    TALL(u32_to_f32(0x80000000u, rm, &fl), 0x4f000000u, 0);
    TALL(u32_to_f32(0, rm, &fl), P0, 0);

    TALL(i64_to_f32(INT64_MIN, rm, &fl), 0xdf000000u, 0);
    T5F(i64_to_f32(-16777217, rm, &fl), 0xcb800000u, 0xcb800000u, 0xcb800001u, 0xcb800000u, 0xcb800001u, NX);
    /* 2^63 - 1 -> 2^63 or the float below it (2^63 - 2^39). */
    T5F(i64_to_f32(INT64_MAX, rm, &fl), 0x5f000000u, 0x5effffffu, 0x5effffffu, 0x5f000000u, 0x5f000000u, NX);
    TALL(i64_to_f32(0, rm, &fl), P0, 0);

    T5F(u64_to_f32(UINT64_MAX, rm, &fl), 0x5f800000u, 0x5f7fffffu, 0x5f7fffffu, 0x5f800000u, 0x5f800000u, NX);
    /* 2^63 + 2^39 is 2^63 plus half an ulp (ulp = 2^40); one more is above
     * the tie. */
    T5F(u64_to_f32(0x8000008000000000ull, rm, &fl), 0x5f000000u, 0x5f000000u, 0x5f000000u, 0x5f000001u,
        0x5f000001u, NX);
    T5F(u64_to_f32(0x8000008000000001ull, rm, &fl), 0x5f000001u, 0x5f000000u, 0x5f000000u, 0x5f000001u,
        0x5f000001u, NX);
    TALL(u64_to_f32(0, rm, &fl), P0, 0);
    TALL(u64_to_f32(1, rm, &fl), ONE, 0);
    done();
}

static void test_f64_to_f32(void **state)
{
    (void)state;
    begin();

    TALL(f64_to_f32(D_ONE, rm, &fl), ONE, 0);
    TALL(f64_to_f32(D_N0, rm, &fl), N0, 0);
    TALL(f64_to_f32(D_NINF, rm, &fl), NINF, 0);
    TALL(f64_to_f32(D_QNAN_P, rm, &fl), QNAN, 0);
    TALL(f64_to_f32(D_QNAN_N, rm, &fl), QNAN, 0);
    TALL(f64_to_f32(D_SNAN, rm, &fl), QNAN, NV);
    TALL(f64_to_f32(D_SNAN_N, rm, &fl), QNAN, NV);
    /* 1 + 2^-24 (a tie), 1 + 2^-24 + 2^-52 (above it), 1 + 3*2^-24 (tie
     * between 1+2^-23, odd, and 1+2^-22, even). */
    T5F(f64_to_f32(0x3ff0000010000000ull, rm, &fl), ONE, ONE, ONE, ONEP, ONEP, NX);
    T5F(f64_to_f32(0x3ff0000010000001ull, rm, &fl), ONEP, ONE, ONE, ONEP, ONEP, NX);
    T5F(f64_to_f32(0x3ff0000030000000ull, rm, &fl), 0x3f800002u, ONEP, ONEP, 0x3f800002u, 0x3f800002u, NX);
    T5F(f64_to_f32(0xbff0000010000000ull, rm, &fl), MONE, MONE, 0xbf800001u, MONE, 0xbf800001u, NX);

    /* Overflow: 2^128 and -2^128. */
    T5F(f64_to_f32(0x47f0000000000000ull, rm, &fl), PINF, MAXF, MAXF, PINF, PINF, ONX);
    T5F(f64_to_f32(0xc7f0000000000000ull, rm, &fl), NINF, MMAXF, NINF, MMAXF, NINF, ONX);
    /* max + half ulp = 2^128 - 2^103 (a tie: RNE rounds to the even 2^128),
     * and the double just below it. */
    T5(f64_to_f32(0x47effffff0000000ull, rm, &fl), PINF, MAXF, MAXF, PINF, PINF, ONX, NX, NX, ONX, ONX);
    T5(f64_to_f32(0x47efffffefffffffull, rm, &fl), MAXF, MAXF, MAXF, PINF, MAXF, NX, NX, NX, ONX, NX);
    TALL(f64_to_f32(0x47efffffe0000000ull, rm, &fl), MAXF, 0);
    T5F(f64_to_f32(D_MAX, rm, &fl), PINF, MAXF, MAXF, PINF, PINF, ONX);

    /* Underflow: 2^-150 (tie with 0), 1.5 * 2^-150 (0.75 units), 2^-149
     * exact, the smallest double. */
    T5F(f64_to_f32(0x3690000000000000ull, rm, &fl), P0, P0, P0, MINS, MINS, UNX);
    T5F(f64_to_f32(0xb690000000000000ull, rm, &fl), N0, N0, MMINS, N0, MMINS, UNX);
    T5F(f64_to_f32(0x3698000000000000ull, rm, &fl), MINS, P0, P0, MINS, MINS, UNX);
    TALL(f64_to_f32(0x36a0000000000000ull, rm, &fl), MINS, 0);
    T5F(f64_to_f32(D_MINS, rm, &fl), P0, P0, P0, MINS, P0, UNX);
    T5F(f64_to_f32(D_MMINS, rm, &fl), N0, N0, MMINS, N0, N0, UNX);
    /* Tininess after rounding: x = 2^-126 * (1 - 2^-25) is exactly halfway
     * between the 24-bit numbers 2^-126(1 - 2^-24) (odd) and 2^-126, so at
     * full precision RNE/RMM/RUP reach 2^-126: not tiny, only NX. */
    T5(f64_to_f32(0x380ffffff0000000ull, rm, &fl), MINN, MAXS, MAXS, MINN, MINN, NX, UNX, UNX, NX, NX);
    /* One double below that, full-precision RNE/RMM stay below 2^-126: tiny,
     * although the subnormal rounding still delivers 2^-126. */
    T5(f64_to_f32(0x380fffffefffffffull, rm, &fl), MINN, MAXS, MAXS, MINN, MINN, UNX, UNX, UNX, NX, UNX);
    /* Subnormal f32 results that are exact: (1 - 2^-23) * 2^-126. */
    TALL(f64_to_f32(0x380fffffc0000000ull, rm, &fl), 0x007fffffu, 0);
    done();
}

static void test_f32_to_f64(void **state)
{
    (void)state;
    begin();
    T1(f32_to_f64(ONE, &fl), D_ONE, 0);
    T1(f32_to_f64(MONE5, &fl), D_MONE5, 0);
    T1(f32_to_f64(N0, &fl), D_N0, 0);
    T1(f32_to_f64(P0, &fl), D_P0, 0);
    T1(f32_to_f64(PINF, &fl), D_PINF, 0);
    T1(f32_to_f64(NINF, &fl), D_NINF, 0);
    T1(f32_to_f64(MAXF, &fl), 0x47efffffe0000000ull, 0);
    T1(f32_to_f64(MINN, &fl), 0x3810000000000000ull, 0);
    /* Subnormals become normal doubles: 2^-149 and (1 - 2^-23) * 2^-126. */
    T1(f32_to_f64(MINS, &fl), 0x36a0000000000000ull, 0);
    T1(f32_to_f64(MMINS, &fl), 0xb6a0000000000000ull, 0);
    T1(f32_to_f64(MAXS, &fl), 0x380fffffc0000000ull, 0);
    T1(f32_to_f64(QNAN, &fl), D_QNAN, 0);
    T1(f32_to_f64(QNAN_P, &fl), D_QNAN, 0);
    T1(f32_to_f64(QNAN_N, &fl), D_QNAN, 0);
    T1(f32_to_f64(F32_SNAN, &fl), D_QNAN, NV);
    T1(f32_to_f64(SNAN_N, &fl), D_QNAN, NV);
    done();
}

/* ======================================================================== */
/* binary64 directed tests                                                  */
/* ======================================================================== */

static void test_f64_arith(void **state)
{
    (void)state;
    begin();

    /* 1 + 2^-53: a tie between 1 (even) and 1 + 2^-52. */
    T5F(f64_add(D_ONE, 0x3ca0000000000000ull, rm, &fl), D_ONE, D_ONE, D_ONE, D_ONEP, D_ONEP, NX);
    T5F(f64_add(D_ONEP, 0x3ca0000000000000ull, rm, &fl), 0x3ff0000000000002ull, D_ONEP, D_ONEP,
        0x3ff0000000000002ull, 0x3ff0000000000002ull, NX);
    T5F(f64_sub(D_MONE, 0x3ca0000000000000ull, rm, &fl), D_MONE, D_MONE, 0xbff0000000000001ull, D_MONE,
        0xbff0000000000001ull, NX);
    T5F(f64_add(D_ONE, 0x3ca0000000000001ull, rm, &fl), D_ONEP, D_ONE, D_ONE, D_ONEP, D_ONEP, NX);
    T5F(f64_add(D_ONE5, D_MONE5, rm, &fl), D_P0, D_P0, D_N0, D_P0, D_P0, 0);
    TALL(f64_add(D_N0, D_N0, rm, &fl), D_N0, 0);
    TALL(f64_add(D_PINF, D_NINF, rm, &fl), D_QNAN, NV);
    TALL(f64_add(D_SNAN, D_ONE, rm, &fl), D_QNAN, NV);
    TALL(f64_add(D_QNAN_P, D_ONE, rm, &fl), D_QNAN, 0);
    TALL(f64_sub(D_MINN, D_MINS, rm, &fl), D_MAXS, 0);
    T5F(f64_add(D_MAX, D_MAX, rm, &fl), D_PINF, D_MAX, D_MAX, D_PINF, D_PINF, ONX);
    /* max + 2^970 = max + half an ulp (ulp(max) = 2^971). */
    T5(f64_add(D_MAX, 0x7c90000000000000ull, rm, &fl), D_PINF, D_MAX, D_MAX, D_PINF, D_PINF, ONX, NX, NX, ONX,
       ONX);
    T5(f64_add(D_MMAX, 0xfc80000000000000ull, rm, &fl), D_MMAX, D_MMAX, D_NINF, D_MMAX, D_MMAX, NX, NX, ONX, NX,
       NX);

    /* 1.25 * (1 + 2^-51) = 1.25 + 2.5 ulp: RNE -> +2 ulp, RMM -> +3 ulp. */
    T5F(f64_mul(0x3ff4000000000000ull, 0x3ff0000000000002ull, rm, &fl), 0x3ff4000000000002ull,
        0x3ff4000000000002ull, 0x3ff4000000000002ull, 0x3ff4000000000003ull, 0x3ff4000000000003ull, NX);
    T5F(f64_mul(D_ONE5, D_ONEP, rm, &fl), 0x3ff8000000000002ull, 0x3ff8000000000001ull, 0x3ff8000000000001ull,
        0x3ff8000000000002ull, 0x3ff8000000000002ull, NX);
    /* Tininess after rounding: (1 - 2^-52) 2^-1022 * (1 + 2^-52). */
    T5(f64_mul(D_MAXS, D_ONEP, rm, &fl), D_MINN, D_MAXS, D_MAXS, D_MINN, D_MINN, NX, UNX, UNX, NX, NX);
    T5F(f64_mul(D_MINS, D_HALF, rm, &fl), D_P0, D_P0, D_P0, D_MINS, D_MINS, UNX);
    T5F(f64_mul(D_MMINS, D_HALF, rm, &fl), D_N0, D_N0, D_MMINS, D_N0, D_MMINS, UNX);
    T5F(f64_mul(0x5ull, D_HALF, rm, &fl), 2, 2, 2, 3, 3, UNX);
    TALL(f64_mul(D_MINS, D_TWO, rm, &fl), 2, 0);
    T5F(f64_mul(0x7fe0000000000000ull, D_TWO, rm, &fl), D_PINF, D_MAX, D_MAX, D_PINF, D_PINF, ONX);
    TALL(f64_mul(D_P0, D_NINF, rm, &fl), D_QNAN, NV);
    TALL(f64_mul(D_N0, D_THREE, rm, &fl), D_N0, 0);

    /* 1/3: 52 kept fraction bits 0x5555555555555, remainder 1/3 ulp. */
    T5F(f64_div(D_ONE, D_THREE, rm, &fl), 0x3fd5555555555555ull, 0x3fd5555555555555ull, 0x3fd5555555555555ull,
        0x3fd5555555555556ull, 0x3fd5555555555555ull, NX);
    T5F(f64_div(D_MONE, D_THREE, rm, &fl), 0xbfd5555555555555ull, 0xbfd5555555555555ull, 0xbfd5555555555556ull,
        0xbfd5555555555555ull, 0xbfd5555555555555ull, NX);
    /* 2/3 has the same significand as 1/3, so it also rounds down in RNE. */
    T5F(f64_div(D_TWO, D_THREE, rm, &fl), 0x3fe5555555555555ull, 0x3fe5555555555555ull, 0x3fe5555555555555ull,
        0x3fe5555555555556ull, 0x3fe5555555555555ull, NX);
    TALL(f64_div(D_ONE, D_P0, rm, &fl), D_PINF, DZ);
    TALL(f64_div(D_MONE, D_P0, rm, &fl), D_NINF, DZ);
    TALL(f64_div(D_P0, D_N0, rm, &fl), D_QNAN, NV);
    TALL(f64_div(D_NINF, D_PINF, rm, &fl), D_QNAN, NV);
    TALL(f64_div(D_NINF, D_P0, rm, &fl), D_NINF, 0);
    T5F(f64_div(0x5ull, D_TWO, rm, &fl), 2, 2, 2, 3, 3, UNX);
    T5F(f64_div(D_MAX, D_HALF, rm, &fl), D_PINF, D_MAX, D_MAX, D_PINF, D_PINF, ONX);
    T5F(f64_div(D_MINN, 0x4340000000000000ull, rm, &fl), D_P0, D_P0, D_P0, D_MINS, D_MINS, UNX); /* 2^-1075 */

    /* sqrt(2) = 1.41421356237309504880...; 0x3ff6a09e667f3bcd =
     * 1.41421356237309514547... is above it and nearest. */
    T5F(f64_sqrt(D_TWO, rm, &fl), 0x3ff6a09e667f3bcdull, 0x3ff6a09e667f3bccull, 0x3ff6a09e667f3bccull,
        0x3ff6a09e667f3bcdull, 0x3ff6a09e667f3bcdull, NX);
    TALL(f64_sqrt(0x4010000000000000ull, rm, &fl), D_TWO, 0);
    TALL(f64_sqrt(0x0000000000000004ull, rm, &fl), 0x1e70000000000000ull, 0); /* sqrt(2^-1072) = 2^-536 */
    TALL(f64_sqrt(D_N0, rm, &fl), D_N0, 0);
    TALL(f64_sqrt(D_MONE, rm, &fl), D_QNAN, NV);
    TALL(f64_sqrt(D_NINF, rm, &fl), D_QNAN, NV);
    TALL(f64_sqrt(D_PINF, rm, &fl), D_PINF, 0);
    TALL(f64_sqrt(D_SNAN, rm, &fl), D_QNAN, NV);
    TALL(f64_sqrt(D_QNAN_N, rm, &fl), D_QNAN, 0);
    done();
}

static void test_f64_fma(void **state)
{
    (void)state;
    begin();

    /* (1+2^-52)^2 - 1 = 2^-51 + 2^-104: 2^-51 plus half an ulp. */
    T5F(f64_madd(D_ONEP, D_ONEP, D_MONE, rm, &fl), 0x3cc0000000000000ull, 0x3cc0000000000000ull,
        0x3cc0000000000000ull, 0x3cc0000000000001ull, 0x3cc0000000000001ull, NX);
    T5F(f64_nmadd(D_ONEP, D_ONEP, D_MONE, rm, &fl), 0xbcc0000000000000ull, 0xbcc0000000000000ull,
        0xbcc0000000000001ull, 0xbcc0000000000000ull, 0xbcc0000000000001ull, NX);
    T5F(f64_msub(D_ONEP, D_ONEP, D_ONE, rm, &fl), 0x3cc0000000000000ull, 0x3cc0000000000000ull,
        0x3cc0000000000000ull, 0x3cc0000000000001ull, 0x3cc0000000000001ull, NX);
    T5F(f64_nmsub(D_ONEP, D_ONEP, D_ONE, rm, &fl), 0xbcc0000000000000ull, 0xbcc0000000000000ull,
        0xbcc0000000000001ull, 0xbcc0000000000000ull, 0xbcc0000000000001ull, NX);
    TALL(f64_madd(D_TWO, D_THREE, D_ONE, rm, &fl), 0x401c000000000000ull, 0); /* 7 */
    TALL(f64_nmadd(D_TWO, D_THREE, D_ONE, rm, &fl), 0xc01c000000000000ull, 0);

    /* Exact zeros. */
    T5F(f64_madd(D_ONE5, D_TWO, 0xc008000000000000ull, rm, &fl), D_P0, D_P0, D_N0, D_P0, D_P0, 0);
    T5F(f64_msub(D_ONE5, D_TWO, D_THREE, rm, &fl), D_P0, D_P0, D_N0, D_P0, D_P0, 0);
    T5F(f64_nmsub(D_ONE5, D_TWO, D_THREE, rm, &fl), D_P0, D_P0, D_N0, D_P0, D_P0, 0);
    T5F(f64_madd(D_P0, D_ONE, D_N0, rm, &fl), D_P0, D_P0, D_N0, D_P0, D_P0, 0);
    TALL(f64_madd(D_N0, D_ONE, D_N0, rm, &fl), D_N0, 0);
    TALL(f64_nmadd(D_P0, D_ONE, D_P0, rm, &fl), D_N0, 0);

    T5F(f64_madd(D_MINS, D_HALF, D_N0, rm, &fl), D_P0, D_P0, D_P0, D_MINS, D_MINS, UNX);
    T5F(f64_madd(0x5ull, D_HALF, D_MMINS, rm, &fl), 2, 1, 1, 2, 2, UNX);
    T5F(f64_madd(0x7ull, D_HALF, D_MMINS, rm, &fl), 2, 2, 2, 3, 3, UNX);
    T5(f64_madd(D_MAXS, D_ONEP, D_P0, rm, &fl), D_MINN, D_MAXS, D_MAXS, D_MINN, D_MINN, NX, UNX, UNX, NX, NX);
    TALL(f64_madd(D_MAX, D_TWO, D_MMAX, rm, &fl), D_MAX, 0);
    T5F(f64_madd(D_MAX, D_MAX, D_P0, rm, &fl), D_PINF, D_MAX, D_MAX, D_PINF, D_PINF, ONX);
    /* A huge product swamps a tiny addend: only the sticky bit remains. */
    T5F(f64_madd(D_ONE, D_ONE, D_MINS, rm, &fl), D_ONE, D_ONE, D_ONE, D_ONEP, D_ONE, NX);
    T5F(f64_madd(D_ONE, D_ONE, D_MMINS, rm, &fl), D_ONE, 0x3fefffffffffffffull, 0x3fefffffffffffffull, D_ONE,
        D_ONE, NX);

    TALL(f64_madd(D_PINF, D_P0, D_QNAN, rm, &fl), D_QNAN, NV);
    TALL(f64_madd(D_N0, D_NINF, D_QNAN_P, rm, &fl), D_QNAN, NV);
    TALL(f64_madd(D_PINF, D_ONE, D_NINF, rm, &fl), D_QNAN, NV);
    TALL(f64_madd(D_ONE, D_ONE, D_SNAN, rm, &fl), D_QNAN, NV);
    TALL(f64_madd(D_QNAN, D_P0, D_ONE, rm, &fl), D_QNAN, 0);
    TALL(f64_madd(D_ONE, D_ONE, D_PINF, rm, &fl), D_PINF, 0);
    done();
}

static void test_f64_minmax_compare_class(void **state)
{
    (void)state;
    begin();

    T1(f64_min(D_ONE, D_TWO, &fl), D_ONE, 0);
    T1(f64_max(D_ONE, D_TWO, &fl), D_TWO, 0);
    T1(f64_min(D_N0, D_P0, &fl), D_N0, 0);
    T1(f64_min(D_P0, D_N0, &fl), D_N0, 0);
    T1(f64_max(D_N0, D_P0, &fl), D_P0, 0);
    T1(f64_max(D_P0, D_N0, &fl), D_P0, 0);
    T1(f64_min(D_MONE, D_MMINS, &fl), D_MONE, 0);
    T1(f64_max(D_NINF, D_MMAX, &fl), D_MMAX, 0);
    T1(f64_min(D_QNAN_P, D_ONE, &fl), D_ONE, 0);
    T1(f64_max(D_ONE, D_SNAN, &fl), D_ONE, NV);
    T1(f64_min(D_QNAN_N, D_QNAN_P, &fl), D_QNAN, 0);
    T1(f64_max(D_SNAN_N, D_QNAN, &fl), D_QNAN, NV);

    T1(f64_eq(D_P0, D_N0, &fl), 1, 0);
    T1(f64_eq(D_ONE, D_ONEP, &fl), 0, 0);
    T1(f64_eq(D_QNAN, D_QNAN, &fl), 0, 0);
    T1(f64_eq(D_SNAN, D_ONE, &fl), 0, NV);
    T1(f64_lt(D_ONE, D_ONEP, &fl), 1, 0);
    T1(f64_lt(D_N0, D_P0, &fl), 0, 0);
    T1(f64_lt(D_MMAX, D_MONE, &fl), 1, 0);
    T1(f64_lt(D_QNAN, D_ONE, &fl), 0, NV);
    T1(f64_le(D_P0, D_N0, &fl), 1, 0);
    T1(f64_le(D_ONEP, D_ONE, &fl), 0, 0);
    T1(f64_le(D_MONE, D_MONE5, &fl), 0, 0);
    T1(f64_le(D_ONE, D_QNAN_N, &fl), 0, NV);

    T1(f64_class(D_NINF), 1u << 0, 0);
    T1(f64_class(D_MONE), 1u << 1, 0);
    T1(f64_class(0x8010000000000000ull), 1u << 1, 0);
    T1(f64_class(D_MMINS), 1u << 2, 0);
    T1(f64_class(0x800fffffffffffffull), 1u << 2, 0);
    T1(f64_class(D_N0), 1u << 3, 0);
    T1(f64_class(D_P0), 1u << 4, 0);
    T1(f64_class(D_MINS), 1u << 5, 0);
    T1(f64_class(D_MAXS), 1u << 5, 0);
    T1(f64_class(D_MINN), 1u << 6, 0);
    T1(f64_class(D_MAX), 1u << 6, 0);
    T1(f64_class(D_PINF), 1u << 7, 0);
    T1(f64_class(D_SNAN), 1u << 8, 0);
    T1(f64_class(0x7ff7ffffffffffffull), 1u << 8, 0);
    T1(f64_class(D_QNAN), 1u << 9, 0);
    T1(f64_class(D_QNAN_N), 1u << 9, 0);
    done();
}

static void test_f64_to_int(void **state)
{
    (void)state;
    begin();

    T5F(f64_to_i32(D_HALF, rm, &fl), 0, 0, 0, 1, 1, NX);
    T5F(f64_to_i32(D_ONE5, rm, &fl), 2, 1, 1, 2, 2, NX);
    T5F(f64_to_i32(0x4004000000000000ull, rm, &fl), 2, 2, 2, 3, 3, NX); /* 2.5 */
    T5F((uint32_t)f64_to_i32(0xc004000000000000ull, rm, &fl), I32(-2), I32(-2), I32(-3), I32(-2), I32(-3), NX);
    T5F(f64_to_i32(D_MINS, rm, &fl), 0, 0, 0, 1, 0, NX);
    /* 2147483647.5: RNE ties to the even 2^31 (out of range), RTZ/RDN give
     * 2^31 - 1 (in range, NX); the value is 2^31 - 1 either way. */
    T5(f64_to_i32(0x41dfffffffe00000ull, rm, &fl), 0x7fffffffu, 0x7fffffffu, 0x7fffffffu, 0x7fffffffu,
       0x7fffffffu, NV, NX, NX, NV, NV);
    /* -2147483648.5: RNE ties to -2^31 (even), RDN/RMM to -2^31 - 1. */
    T5((uint32_t)f64_to_i32(0xc1e0000000100000ull, rm, &fl), 0x80000000u, 0x80000000u, 0x80000000u,
       0x80000000u, 0x80000000u, NX, NX, NV, NX, NV);
    TALL(f64_to_i32(0x41dfffffffc00000ull, rm, &fl), 0x7fffffffu, 0);
    TALL(f64_to_i32(0x4202a05f20000000ull, rm, &fl), 0x7fffffffu, NV);              /* 1e10 */
    TALL((uint32_t)f64_to_i32(0xc202a05f20000000ull, rm, &fl), 0x80000000u, NV);    /* -1e10 */
    TALL(f64_to_i32(D_QNAN_N, rm, &fl), 0x7fffffffu, NV);
    TALL((uint32_t)f64_to_i32(D_NINF, rm, &fl), 0x80000000u, NV);
    TALL(f64_to_i32(D_PINF, rm, &fl), 0x7fffffffu, NV);

    TALL(f64_to_u32(0x41efffffffe00000ull, rm, &fl), 0xffffffffu, 0);
    /* 4294967295.5: like the signed case at the top of the range. */
    T5(f64_to_u32(0x41efffffffe00000ull | 0x100000ull, rm, &fl), 0xffffffffu, 0xffffffffu, 0xffffffffu,
       0xffffffffu, 0xffffffffu, NV, NX, NX, NV, NV);
    T5(f64_to_u32(0xbfd3333333333333ull, rm, &fl), 0, 0, 0, 0, 0, NX, NX, NV, NX, NX); /* -0.3 */
    TALL(f64_to_u32(D_MONE5, rm, &fl), 0, NV);
    TALL(f64_to_u32(D_N0, rm, &fl), 0, 0);
    TALL(f64_to_u32(D_SNAN, rm, &fl), 0xffffffffu, NV);
    TALL(f64_to_u32(D_NINF, rm, &fl), 0, NV);

    TALL(f64_to_i64(0x43e0000000000000ull, rm, &fl), 0x7fffffffffffffffull, NV);
    TALL(f64_to_i64(0xc3e0000000000000ull, rm, &fl), 0x8000000000000000ull, 0);
    TALL(f64_to_i64(0xc3e0000000000001ull, rm, &fl), 0x8000000000000000ull, NV);
    TALL(f64_to_i64(0x43dfffffffffffffull, rm, &fl), 0x7ffffffffffffc00ull, 0);
    TALL(f64_to_i64(D_QNAN, rm, &fl), 0x7fffffffffffffffull, NV);
    TALL(f64_to_i64(D_NINF, rm, &fl), 0x8000000000000000ull, NV);
    T5F(f64_to_i64(D_MHALF, rm, &fl), 0, 0, I64(-1), 0, I64(-1), NX);

    /* 2^52 - 0.5: tie between 2^52 - 1 (odd) and 2^52 (even). */
    T5F(f64_to_u64(0x432fffffffffffffull, rm, &fl), 0x10000000000000ull, 0xfffffffffffffull, 0xfffffffffffffull,
        0x10000000000000ull, 0x10000000000000ull, NX);
    TALL(f64_to_u64(0x43f0000000000000ull, rm, &fl), 0xffffffffffffffffull, NV);
    TALL(f64_to_u64(0x43efffffffffffffull, rm, &fl), 0xfffffffffffff800ull, 0);
    TALL(f64_to_u64(0x43e0000000000000ull, rm, &fl), 0x8000000000000000ull, 0);
    TALL(f64_to_u64(D_QNAN_P, rm, &fl), 0xffffffffffffffffull, NV);
    TALL(f64_to_u64(D_PINF, rm, &fl), 0xffffffffffffffffull, NV);
    TALL(f64_to_u64(D_MONE, rm, &fl), 0, NV);
    TALL(f64_to_u64(D_NINF, rm, &fl), 0, NV);
    T5(f64_to_u64(D_MMINS, rm, &fl), 0, 0, 0, 0, 0, NX, NX, NV, NX, NX);
    done();
}

static void test_int_to_f64(void **state)
{
    (void)state;
    begin();
    TALL(i32_to_f64(INT32_MIN, rm, &fl), 0xc1e0000000000000ull, 0);
    TALL(i32_to_f64(INT32_MAX, rm, &fl), 0x41dfffffffc00000ull, 0);
    TALL(i32_to_f64(-1, rm, &fl), D_MONE, 0);
    TALL(i32_to_f64(0, rm, &fl), D_P0, 0);
    TALL(u32_to_f64(0xffffffffu, rm, &fl), 0x41efffffffe00000ull, 0);
    TALL(u32_to_f64(0, rm, &fl), D_P0, 0);
    /* 2^53 + 1: tie between 2^53 (even) and 2^53 + 2. */
    T5F(i64_to_f64(9007199254740993ll, rm, &fl), 0x4340000000000000ull, 0x4340000000000000ull,
        0x4340000000000000ull, 0x4340000000000001ull, 0x4340000000000001ull, NX);
    T5F(i64_to_f64(-9007199254740993ll, rm, &fl), 0xc340000000000000ull, 0xc340000000000000ull,
        0xc340000000000001ull, 0xc340000000000000ull, 0xc340000000000001ull, NX);
    /* 2^53 + 3: tie between 2^53 + 2 (odd) and 2^53 + 4 (even). */
    T5F(i64_to_f64(9007199254740995ll, rm, &fl), 0x4340000000000002ull, 0x4340000000000001ull,
        0x4340000000000001ull, 0x4340000000000002ull, 0x4340000000000002ull, NX);
    TALL(i64_to_f64(INT64_MIN, rm, &fl), 0xc3e0000000000000ull, 0);
    T5F(i64_to_f64(INT64_MAX, rm, &fl), 0x43e0000000000000ull, 0x43dfffffffffffffull, 0x43dfffffffffffffull,
        0x43e0000000000000ull, 0x43e0000000000000ull, NX);
    TALL(i64_to_f64(0, rm, &fl), D_P0, 0);
    T5F(u64_to_f64(UINT64_MAX, rm, &fl), 0x43f0000000000000ull, 0x43efffffffffffffull, 0x43efffffffffffffull,
        0x43f0000000000000ull, 0x43f0000000000000ull, NX);
    TALL(u64_to_f64(0x8000000000000000ull, rm, &fl), 0x43e0000000000000ull, 0);
    TALL(u64_to_f64(1, rm, &fl), D_ONE, 0);
    done();
}

/* ======================================================================== */
/* Independent oracles for the random tests                                 */
/* ======================================================================== */

typedef _Float128 q128;

static const int fe_modes[5] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD, FE_TONEAREST };

static float f_of(uint32_t u) { float f; memcpy(&f, &u, sizeof f); return f; }
static double d_of(uint64_t u) { double d; memcpy(&d, &u, sizeof d); return d; }
static uint32_t bits_f(float f) { uint32_t u; memcpy(&u, &f, sizeof u); return u; }
static uint64_t bits_d(double d) { uint64_t u; memcpy(&u, &d, sizeof u); return u; }
static bool is_nan32(uint32_t x) { return (x & 0x7fffffffu) > 0x7f800000u; }
static bool is_snan32(uint32_t x) { return is_nan32(x) && !(x & 0x00400000u); }
static bool is_nan64(uint64_t x) { return (x & ~D_N0) > D_PINF; }
static bool is_snan64(uint64_t x) { return is_nan64(x) && !(x & 0x0008000000000000ull); }

static bool q_signbit(q128 x)
{
    uint64_t w[2];
    memcpy(w, &x, sizeof w); /* little-endian: w[1] holds sign and exponent */
    return w[1] >> 63;
}

/* Make a truncated (round-toward-zero) value round-to-odd: OR 1 into the
 * last significand bit when the operation was inexact. */
static q128 q_set_sticky(q128 x)
{
    uint64_t w[2];
    memcpy(w, &x, sizeof w);
    w[0] |= 1;
    memcpy(&x, w, sizeof w);
    return x;
}

/* Away from zero (to the larger magnitude neighbour)? `mid` is the midpoint
 * of the two neighbours and `lo_odd` says whether the smaller one is odd. */
static bool go_away(int rm, bool neg, q128 ax, q128 mid, bool lo_odd)
{
    switch (rm) {
    case RTZ: return false;
    case RDN: return neg;
    case RUP: return !neg;
    case RMM: return ax >= mid;
    default: return ax > mid || (ax == mid && lo_odd);
    }
}

/*
 * Round a non-NaN value x (exact or round-to-odd with >= p+2 bits) to
 * binary32 or binary64 in mode rm, per IEEE 754-2008 4.3 and 7.4/7.5 with
 * tininess detected after rounding. The neighbours are found by converting
 * |x| with round-toward-zero and stepping one encoding up; the choice
 * between them compares |x| with their midpoint (exact in binary128).
 */
static uint64_t oracle_round(bool is64, q128 x, int rm, uint32_t *fl)
{
    const uint64_t sbit = is64 ? D_N0 : N0;
    const uint64_t inf = is64 ? D_PINF : PINF;
    const q128 top = is64 ? 0x1p1024f128 : 0x1p128f128; /* 2^(emax+1) */
    const q128 minn = is64 ? 0x1p-1022f128 : 0x1p-126f128;
    const q128 below_minn = is64 ? minn - 0x1p-1075f128 : minn - 0x1p-150f128; /* p-bit number below 2^emin */

    if (x == 0)
        return q_signbit(x) ? sbit : 0;
    const bool neg = x < 0;
    const q128 ax = neg ? -x : x;
    if (ax == (q128)INFINITY)
        return (neg ? sbit : 0) | inf;

    uint64_t lo_bits;
    q128 lo;
    fesetround(FE_TOWARDZERO);
    if (is64) {
        volatile double d = (double)ax;
        lo_bits = bits_d(d);
        lo = d;
    } else {
        volatile float f = (float)ax;
        lo_bits = bits_f(f);
        lo = f;
    }
    fesetround(FE_TONEAREST);

    uint64_t res = lo_bits;
    if (lo != ax) {
        *fl |= NX;
        const bool at_max = lo_bits == inf - 1;
        const q128 hi = at_max ? top : is64 ? (q128)d_of(lo_bits + 1) : (q128)f_of((uint32_t)lo_bits + 1);
        const bool up = go_away(rm, neg, ax, (lo + hi) / 2, lo_bits & 1);
        if (ax >= top || (up && at_max))
            *fl |= OF;
        if (ax < minn) {
            /* Tiny unless rounding to p bits with unbounded exponent reaches
             * 2^emin, which needs ax above the largest p-bit number below it
             * (an odd one) and the mode to round up from there. */
            bool tiny = true;
            if (ax > below_minn && go_away(rm, neg, ax, (below_minn + minn) / 2, true))
                tiny = false;
            if (tiny)
                *fl |= UF;
        }
        if (up)
            res = lo_bits + 1; /* past max this is the infinity encoding */
    }
    return (neg ? sbit : 0) | res;
}

enum { O_ADD, O_SUB, O_MUL, O_DIV, O_SQRT, O_MADD, O_MSUB, O_NMSUB, O_NMADD, O_COUNT };
static const char *const op_names[O_COUNT] = { "add", "sub", "mul", "div", "sqrt", "madd", "msub", "nmsub", "nmadd" };

static uint32_t fe_to_fl(int ex)
{
    return ((ex & FE_INVALID) ? NV : 0) | ((ex & FE_DIVBYZERO) ? DZ : 0);
}

/* NaN operands: canonical NaN, NV for sNaN or (fused) inf*0. */
static bool nan_operands(int op, bool is64, uint64_t a, uint64_t b, uint64_t c, uint32_t *fl)
{
    const int n = op == O_SQRT ? 1 : op >= O_MADD ? 3 : 2;
    const uint64_t v[3] = { a, b, c };
    bool any = false, sig = false;
    for (int i = 0; i < n; i++) {
        bool nan = is64 ? is_nan64(v[i]) : is_nan32((uint32_t)v[i]);
        bool snan = is64 ? is_snan64(v[i]) : is_snan32((uint32_t)v[i]);
        any |= nan;
        sig |= snan;
    }
    if (!any)
        return false;
    if (n == 3) {
        const uint64_t mask = is64 ? ~D_N0 : 0x7fffffffu, inf = is64 ? D_PINF : PINF;
        const uint64_t ma = a & mask, mb = b & mask;
        if ((ma == inf && mb == 0) || (ma == 0 && mb == inf))
            sig = true;
    }
    if (sig)
        *fl |= NV;
    return true;
}

/* binary32 operation evaluated in double precision under host mode fe.
 * Products of two binary32 numbers are exact in double, so the fused forms
 * get a single rounding. */
static double eval_d(int op, uint32_t a, uint32_t b, uint32_t c, int fe, int *ex)
{
    if (op == O_NMSUB || op == O_NMADD)
        a ^= N0;
    if (op == O_MSUB || op == O_NMADD)
        c ^= N0;
    volatile double x = f_of(a), y = f_of(b), z = f_of(c), r;
    fesetround(fe);
    feclearexcept(FE_ALL_EXCEPT);
    switch (op) {
    case O_ADD: r = x + y; break;
    case O_SUB: r = x - y; break;
    case O_MUL: r = x * y; break;
    case O_DIV: r = x / y; break;
    case O_SQRT: r = sqrt(x); break;
    default: {
        volatile double p = x * y;
        r = p + z;
        break;
    }
    }
    *ex = fetestexcept(FE_ALL_EXCEPT);
    fesetround(FE_TONEAREST);
    return r;
}

/* Expected binary32 result. *rto receives the round-to-odd double (for the
 * f64_to_f32 cross-check) and *opfl the NV/DZ flags of the operation. */
static uint32_t oracle32(int op, uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *fl, uint64_t *rto,
                         uint32_t *opfl)
{
    int ex;
    *opfl = 0;
    if (nan_operands(op, false, a, b, c, opfl)) {
        *fl |= *opfl;
        *rto = D_QNAN;
        return QNAN;
    }
    double r = eval_d(op, a, b, c, FE_TOWARDZERO, &ex);
    uint64_t rb = bits_d(r);
    if (ex & FE_INEXACT)
        rb |= 1; /* round to odd */
    else
        rb = bits_d(eval_d(op, a, b, c, fe_modes[rm], &ex)); /* exact: redo for the sign of zero */
    *opfl = fe_to_fl(ex);
    *fl |= *opfl;
    if (is_nan64(rb)) {
        *rto = D_QNAN;
        return QNAN;
    }
    *rto = rb;
    return (uint32_t)oracle_round(false, (q128)d_of(rb), rm, fl);
}

/* binary64 operation in binary128 under host mode fe (libgcc's soft-fp
 * honours the host rounding mode and raises the host flags). */
static q128 eval_q(int op, uint64_t a, uint64_t b, uint64_t c, int fe, int *ex)
{
    if (op == O_NMSUB || op == O_NMADD)
        a ^= D_N0;
    if (op == O_MSUB || op == O_NMADD)
        c ^= D_N0;
    volatile q128 x = d_of(a), y = d_of(b), z = d_of(c), r;
    fesetround(fe);
    feclearexcept(FE_ALL_EXCEPT);
    switch (op) {
    case O_ADD: r = x + y; break;
    case O_SUB: r = x - y; break;
    case O_MUL: r = x * y; break;
    case O_DIV: r = x / y; break;
    default: {
        volatile q128 p = x * y; /* exact: 106 <= 113 bits */
        r = p + z;
        break;
    }
    }
    *ex = fetestexcept(FE_ALL_EXCEPT);
    fesetround(FE_TONEAREST);
    return r;
}

static uint64_t oracle64(int op, uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *fl)
{
    int ex;
    uint32_t opfl = 0;
    if (nan_operands(op, true, a, b, c, &opfl)) {
        *fl |= opfl;
        return D_QNAN;
    }
    q128 r = eval_q(op, a, b, c, FE_TOWARDZERO, &ex);
    if (ex & FE_INEXACT)
        r = q_set_sticky(r);
    else
        r = eval_q(op, a, b, c, fe_modes[rm], &ex);
    *fl |= fe_to_fl(ex);
    if (r != r)
        return D_QNAN;
    return oracle_round(true, r, rm, fl);
}

/* ------------------------------------------------------------------------ */
/* Random operands                                                          */
/* ------------------------------------------------------------------------ */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    /* xorshift64* */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545f4914f6cdd1dull;
}

static void seed_rng(void)
{
    const char *s = getenv("FPU_TEST_SEED");
    if (s && *s)
        rng = strtoull(s, NULL, 0) | 1;
}

static const uint32_t spec32[] = { P0,   N0,    PINF,  NINF, QNAN, QNAN_N,     F32_SNAN,       SNAN_N,
                                   ONE,  MONE,  MINS,  MMINS, MAXS, 0x807fffffu, MINN,      0x80800000u,
                                   MAXF, MMAXF, HALF,  TWO,  THREE, ONEP,       0x3f7fffffu, QNAN_P };

/* An exponent field weighted towards the interesting regions. */
static uint32_t rand_exp32(void)
{
    switch (rnd() % 6) {
    case 0: return 0;                                   /* subnormal */
    case 1: return 1 + (uint32_t)(rnd() % 30);          /* near the bottom */
    case 2: return 225 + (uint32_t)(rnd() % 30);        /* near the top */
    default: return 97 + (uint32_t)(rnd() % 60);        /* around 1 */
    }
}

static uint32_t rand_mant32(void)
{
    uint64_t r = rnd();
    switch (r % 5) {
    case 0: return (uint32_t)(r >> 8) & 0x7f0000u;         /* few bits: exact/tie cases */
    case 1: return 0x7fffffu - ((uint32_t)(r >> 8) & 0xfu); /* nearly all ones */
    case 2: return (uint32_t)(r >> 8) & 0xfu;              /* nearly zero */
    default: return (uint32_t)(r >> 8) & 0x7fffffu;
    }
}

static uint32_t rand_f32(void)
{
    if (rnd() % 8 == 0)
        return spec32[rnd() % (sizeof spec32 / sizeof spec32[0])];
    return (uint32_t)(rnd() & 1) << 31 | rand_exp32() << 23 | rand_mant32();
}

/* An operand whose exponent is within a few binades of `near`'s exponent
 * field `e` (for cancellation, ties and just-representable sums). */
static uint32_t rand_f32_near(int e)
{
    if (rnd() % 4 == 0)
        return rand_f32();
    e += (int)(rnd() % 60) - 30;
    if (rnd() % 2)
        e = e - (int)(rnd() % 3); /* bias towards close exponents */
    if (e < 0)
        e = 0;
    if (e > 254)
        e = 254;
    return (uint32_t)(rnd() & 1) << 31 | (uint32_t)e << 23 | rand_mant32();
}

static const uint64_t spec64[] = { D_P0,   D_N0,    D_PINF, D_NINF, D_QNAN, D_QNAN_N, D_SNAN, D_SNAN_N,
                                   D_ONE,  D_MONE,  D_MINS, D_MMINS, D_MAXS, D_MINN,   D_MAX,  D_MMAX,
                                   D_HALF, D_TWO,   D_THREE, D_ONEP, 0x3fefffffffffffffull, D_QNAN_P };

static uint64_t rand_exp64(void)
{
    switch (rnd() % 6) {
    case 0: return 0;
    case 1: return 1 + rnd() % 60;
    case 2: return 1987 + rnd() % 60;
    default: return 993 + rnd() % 60;
    }
}

static uint64_t rand_mant64(void)
{
    uint64_t r = rnd();
    const uint64_t m = (1ull << 52) - 1;
    switch (r % 5) {
    case 0: return (r >> 8) & 0xff00000000000ull;
    case 1: return m - ((r >> 8) & 0xf);
    case 2: return (r >> 8) & 0xf;
    default: return (r >> 8) & m;
    }
}

static uint64_t rand_f64(void)
{
    if (rnd() % 8 == 0)
        return spec64[rnd() % (sizeof spec64 / sizeof spec64[0])];
    return (rnd() & 1) << 63 | rand_exp64() << 52 | rand_mant64();
}

static uint64_t rand_f64_near(int e)
{
    if (rnd() % 4 == 0)
        return rand_f64();
    e += (int)(rnd() % 130) - 65;
    if (rnd() % 2)
        e = e - (int)(rnd() % 3);
    if (e < 0)
        e = 0;
    if (e > 2046)
        e = 2046;
    return (rnd() & 1) << 63 | (uint64_t)e << 52 | rand_mant64();
}

static uint32_t call32(int op, uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *fl)
{
    switch (op) {
    case O_ADD: return f32_add(a, b, rm, fl);
    case O_SUB: return f32_sub(a, b, rm, fl);
    case O_MUL: return f32_mul(a, b, rm, fl);
    case O_DIV: return f32_div(a, b, rm, fl);
    case O_SQRT: return f32_sqrt(a, rm, fl);
    case O_MADD: return f32_madd(a, b, c, rm, fl);
    case O_MSUB: return f32_msub(a, b, c, rm, fl);
    case O_NMSUB: return f32_nmsub(a, b, c, rm, fl);
    default: return f32_nmadd(a, b, c, rm, fl);
    }
}

static uint64_t call64(int op, uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *fl)
{
    switch (op) {
    case O_ADD: return f64_add(a, b, rm, fl);
    case O_SUB: return f64_sub(a, b, rm, fl);
    case O_MUL: return f64_mul(a, b, rm, fl);
    case O_DIV: return f64_div(a, b, rm, fl);
    case O_SQRT: return f64_sqrt(a, rm, fl);
    case O_MADD: return f64_madd(a, b, c, rm, fl);
    case O_MSUB: return f64_msub(a, b, c, rm, fl);
    case O_NMSUB: return f64_nmsub(a, b, c, rm, fl);
    default: return f64_nmadd(a, b, c, rm, fl);
    }
}

static void report32(int line, const char *what, int op, uint32_t a, uint32_t b, uint32_t c, int rm,
                     uint64_t got, uint32_t gfl, uint64_t exp, uint32_t efl)
{
    if (got == exp && gfl == efl) {
        n_checks++;
        return;
    }
    char buf[160];
    snprintf(buf, sizeof buf, "%s %s(%#x, %#x, %#x)", what, op_names[op], a, b, c);
    check_val(line, buf, rm, got, gfl, exp, efl);
}

/* ------------------------------------------------------------------------ */
/* Random cross-checks                                                      */
/* ------------------------------------------------------------------------ */

#define N_RANDOM 250000

static void test_random_f32_arith(void **state)
{
    (void)state;
    begin();
    for (long i = 0; i < N_RANDOM; i++) {
        const int op = (int)(rnd() % O_COUNT), rm = (int)(rnd() % 5);
        const uint32_t a = rand_f32();
        uint32_t b = rand_f32_near((int)(a >> 23) & 0xff), c;
        if (op >= O_MADD) {
            /* addend near the product's exponent */
            int pe = (int)((a >> 23) & 0xff) + (int)((b >> 23) & 0xff) - 127;
            c = rand_f32_near(pe < 0 ? 0 : pe > 254 ? 254 : pe);
        } else {
            c = rand_f32();
        }
        /* mostly nonnegative operands for sqrt */
        const uint32_t x = op == O_SQRT && rnd() % 4 ? a & 0x7fffffffu : a;

        uint32_t efl = 0, opfl, gfl = 0, gfl2;
        uint64_t rto;
        const uint32_t exp = oracle32(op, x, b, c, rm, &efl, &rto, &opfl);
        const uint32_t got = call32(op, x, b, c, rm, &gfl);
        report32(__LINE__, "oracle", op, x, b, c, rm, got, gfl, exp, efl);

        /* The same round-to-odd double through fpu.c's integer rounding. */
        gfl2 = opfl;
        const uint32_t got2 = f64_to_f32(rto, rm, &gfl2);
        report32(__LINE__, "f64_to_f32(rto)", op, x, b, c, rm, got, gfl, got2, gfl2);
    }
    done();
}

static void test_random_f64_arith(void **state)
{
    (void)state;
    begin();
    for (long i = 0; i < N_RANDOM; i++) {
        int op = (int)(rnd() % (O_COUNT - 1));
        if (op >= O_SQRT)
            op++; /* sqrt has its own test */
        const int rm = (int)(rnd() % 5);
        const uint64_t a = rand_f64();
        const uint64_t b = rand_f64_near((int)(a >> 52) & 0x7ff);
        uint64_t c;
        if (op >= O_MADD) {
            int pe = (int)((a >> 52) & 0x7ff) + (int)((b >> 52) & 0x7ff) - 1023;
            c = rand_f64_near(pe < 0 ? 0 : pe > 2046 ? 2046 : pe);
        } else {
            c = rand_f64();
        }
        uint32_t efl = 0, gfl = 0;
        const uint64_t exp = oracle64(op, a, b, c, rm, &efl);
        const uint64_t got = call64(op, a, b, c, rm, &gfl);
        if (got == exp && gfl == efl) {
            n_checks++;
            continue;
        }
        char buf[160];
        snprintf(buf, sizeof buf, "f64_%s(%#llx, %#llx, %#llx)", op_names[op], (unsigned long long)a,
                 (unsigned long long)b, (unsigned long long)c);
        check_val(__LINE__, buf, rm, got, gfl, exp, efl);
    }
    done();
}

/* binary64 square roots, verified by squaring: in binary128 the squares of
 * the result, its neighbours and the midpoints between them are exact
 * (<= 108 bits), so the bracketing conditions below are decided exactly. */
static void test_random_f64_sqrt(void **state)
{
    (void)state;
    begin();
    for (long i = 0; i < N_RANDOM / 4; i++) {
        const int rm = (int)(rnd() % 5);
        uint64_t a = rand_f64();
        if (rnd() % 8)
            a &= ~D_N0;
        uint32_t gfl = 0, efl = 0;
        const uint64_t got = f64_sqrt(a, rm, &gfl);
        char buf[80];
        snprintf(buf, sizeof buf, "f64_sqrt(%#llx)", (unsigned long long)a);

        if (is_nan64(a) || ((a & D_N0) && (a & ~D_N0))) { /* NaN or below zero */
            check_val(__LINE__, buf, rm, got, gfl, D_QNAN, (is_snan64(a) || !is_nan64(a)) ? NV : 0);
            continue;
        }
        if ((a & ~D_N0) == 0 || a == D_PINF) {
            check_val(__LINE__, buf, rm, got, gfl, a, 0);
            continue;
        }
        const q128 A = d_of(a), R = d_of(got);
        const q128 up = d_of(got + 1), dn = d_of(got - 1); /* positive finite neighbours */
        bool ok;
        if (R * R == A) {
            ok = true;
        } else {
            efl = NX;
            switch (rm) {
            case RTZ:
            case RDN: ok = R * R < A && A < up * up; break;
            case RUP: ok = dn * dn < A && A < R * R; break;
            default: {
                const q128 mlo = (dn + R) / 2, mhi = (R + up) / 2;
                ok = mlo * mlo < A && A < mhi * mhi; /* never a tie */
                break;
            }
            }
        }
        check_val(__LINE__, buf, rm, ok ? got : ~got, gfl, got, efl);
    }
    done();
}

/* Expected float -> integer result for a finite or infinite double x. */
static uint64_t oracle_f2i(double x, bool nan, int bits, bool is_signed, int rm, uint32_t *fl)
{
    const uint64_t maxpos = is_signed ? (1ull << (bits - 1)) - 1 : bits == 64 ? ~0ull : (1ull << bits) - 1;
    const uint64_t minneg = is_signed ? (bits == 64 ? 1ull << 63 : 1ull << 31) : 0;
    const uint64_t mask = bits == 64 ? ~0ull : 0xffffffffull;
    if (nan) {
        *fl |= NV;
        return maxpos;
    }
    double r;
    if (rm == RMM) {
        r = round(x); /* C round(): halfway cases away from zero */
    } else {
        fesetround(fe_modes[rm]);
        volatile double vx = x;
        r = nearbyint(vx);
        fesetround(FE_TONEAREST);
    }
    const double lo = is_signed ? -ldexp(1.0, bits - 1) : 0.0;
    const double hi_excl = is_signed ? ldexp(1.0, bits - 1) : ldexp(1.0, bits);
    if (!(r >= lo && r < hi_excl)) {
        *fl |= NV;
        return x < 0 ? minneg : maxpos;
    }
    if (r != x)
        *fl |= NX;
    const uint64_t v = r < 0 ? 0 - (uint64_t)(-r) : (uint64_t)r;
    return v & mask;
}

/* A double likely to sit near an integer, a tie, or a range limit. */
static double rand_convert_value(void)
{
    static const double limits[] = { 0x1p31, 0x1p32, 0x1p63, 0x1p64, 1.0, 0.0 };
    const double sign = rnd() & 1 ? -1.0 : 1.0;
    switch (rnd() % 6) {
    case 0: { /* k + {0, 1/2, 1/4, 3/4, random} */
        static const double fr[] = { 0.0, 0.5, 0.25, 0.75 };
        double k = (double)(rnd() % 1000);
        double f = rnd() % 5 == 4 ? (double)(rnd() % 1000000) / 1e6 : fr[rnd() % 4];
        return sign * (k + f);
    }
    case 1: { /* a limit plus a small signed offset of integers and halves */
        double l = limits[rnd() % 6];
        double off = ((double)(int)(rnd() % 9) - 4) * (rnd() & 1 ? 0.5 : 1.0) * ldexp(1.0, (int)(rnd() % 12));
        return sign * (l + off);
    }
    case 2: return sign * ldexp((double)(rnd() >> 11), (int)(rnd() % 80) - 60);
    default: return d_of(rand_f64());
    }
}

static void test_random_convert(void **state)
{
    (void)state;
    begin();
    char buf[120];

    for (long i = 0; i < N_RANDOM; i++) {
        const int rm = (int)(rnd() % 5);
        uint32_t efl = 0, gfl = 0;
        uint64_t exp, got;

        /* binary64 -> integers */
        const double dv = rand_convert_value();
        const uint64_t da = rnd() % 16 ? bits_d(dv) : rand_f64();
        const double dx = d_of(da);
        const int kind = (int)(rnd() % 4);
        const bool dnan = is_nan64(da);
        switch (kind) {
        case 0: exp = oracle_f2i(dx, dnan, 32, true, rm, &efl); got = (uint32_t)f64_to_i32(da, rm, &gfl); break;
        case 1: exp = oracle_f2i(dx, dnan, 32, false, rm, &efl); got = f64_to_u32(da, rm, &gfl); break;
        case 2: exp = oracle_f2i(dx, dnan, 64, true, rm, &efl); got = (uint64_t)f64_to_i64(da, rm, &gfl); break;
        default: exp = oracle_f2i(dx, dnan, 64, false, rm, &efl); got = f64_to_u64(da, rm, &gfl); break;
        }
        snprintf(buf, sizeof buf, "f64_to_int kind %d (%#llx)", kind, (unsigned long long)da);
        check_val(__LINE__, buf, rm, got, gfl, exp, efl);

        /* binary32 -> integers */
        uint32_t fa;
        {
            fesetround(FE_TOWARDZERO);
            volatile float fv = (float)rand_convert_value();
            fesetround(FE_TONEAREST);
            fa = rnd() % 16 ? bits_f(fv) : rand_f32();
        }
        const bool fnan = is_nan32(fa);
        const double fx = fnan ? 0.0 : (double)f_of(fa);
        efl = gfl = 0;
        switch (kind) {
        case 0: exp = oracle_f2i(fx, fnan, 32, true, rm, &efl); got = (uint32_t)f32_to_i32(fa, rm, &gfl); break;
        case 1: exp = oracle_f2i(fx, fnan, 32, false, rm, &efl); got = f32_to_u32(fa, rm, &gfl); break;
        case 2: exp = oracle_f2i(fx, fnan, 64, true, rm, &efl); got = (uint64_t)f32_to_i64(fa, rm, &gfl); break;
        default: exp = oracle_f2i(fx, fnan, 64, false, rm, &efl); got = f32_to_u64(fa, rm, &gfl); break;
        }
        snprintf(buf, sizeof buf, "f32_to_int kind %d (%#x)", kind, fa);
        check_val(__LINE__, buf, rm, got, gfl, exp, efl);

        /* integers -> binary32/binary64 */
        uint64_t v = rnd();
        switch (rnd() % 4) {
        case 0: v >>= rnd() % 64; break;
        case 1: v = (v >> (rnd() % 64)) | 1; v ^= (rnd() & 1) ? v << 20 : 0; break;
        case 2: v = ((1ull << (rnd() % 64)) + (rnd() % 5) - 2); break;
        default: break;
        }
        const bool neg64 = (int64_t)v < 0;
        const q128 qi64 = neg64 ? -(q128)(0 - v) : (q128)v, qu64 = (q128)v;
        const q128 qi32 = (q128)(int32_t)(uint32_t)v, qu32 = (q128)(uint32_t)v;
        snprintf(buf, sizeof buf, "int_to_f (%#llx)", (unsigned long long)v);
#define CHECK_ITOF(call, is64, q)                                                                    \
    do {                                                                                             \
        efl = gfl = 0;                                                                               \
        exp = oracle_round(is64, q, rm, &efl);                                                       \
        got = call;                                                                                  \
        check_val(__LINE__, buf, rm, got, gfl, exp, efl);                                            \
    } while (0)
        CHECK_ITOF(i32_to_f32((int32_t)(uint32_t)v, rm, &gfl), false, qi32);
        CHECK_ITOF(u32_to_f32((uint32_t)v, rm, &gfl), false, qu32);
        CHECK_ITOF(i64_to_f32((int64_t)v, rm, &gfl), false, qi64);
        CHECK_ITOF(u64_to_f32(v, rm, &gfl), false, qu64);
        CHECK_ITOF(i32_to_f64((int32_t)(uint32_t)v, rm, &gfl), true, qi32);
        CHECK_ITOF(u32_to_f64((uint32_t)v, rm, &gfl), true, qu32);
        CHECK_ITOF(i64_to_f64((int64_t)v, rm, &gfl), true, qi64);
        CHECK_ITOF(u64_to_f64(v, rm, &gfl), true, qu64);
#undef CHECK_ITOF

        /* binary64 -> binary32, with exponents concentrated around the
         * binary32 range (and its subnormal and overflow edges). */
        uint64_t d = rand_f64();
        if (rnd() % 4) {
            uint64_t e = 1023 - 155 + rnd() % 290;
            d = (d & 0x800fffffffffffffull) | e << 52;
        }
        efl = gfl = 0;
        if (is_nan64(d))
            exp = QNAN, efl = is_snan64(d) ? NV : 0;
        else
            exp = oracle_round(false, (q128)d_of(d), rm, &efl);
        got = f64_to_f32(d, rm, &gfl);
        snprintf(buf, sizeof buf, "f64_to_f32(%#llx)", (unsigned long long)d);
        check_val(__LINE__, buf, rm, got, gfl, exp, efl);

        /* binary32 -> binary64 is exact: compare with the host conversion. */
        const uint32_t f = rand_f32();
        efl = gfl = 0;
        if (is_nan32(f))
            exp = D_QNAN, efl = is_snan32(f) ? NV : 0;
        else
            exp = bits_d((double)f_of(f));
        got = f32_to_f64(f, &gfl);
        snprintf(buf, sizeof buf, "f32_to_f64(%#x)", f);
        check_val(__LINE__, buf, -1, got, gfl, exp, efl);
    }
    done();
}

/* min/max/compare against C comparisons on the host (NaN-free operands give
 * the plain numeric order; NaN and zero-sign rules are spelled out here). */
/* fl is read only after the call has updated it. */
#define CK(call, e, ef)                                                                              \
    do {                                                                                             \
        fl = 0;                                                                                      \
        const uint64_t got_ = (uint64_t)(call);                                                      \
        check_val(__LINE__, buf, -1, got_, fl, (e), (ef));                                           \
    } while (0)

static void test_random_minmax_compare(void **state)
{
    (void)state;
    begin();
    char buf[120];
    for (long i = 0; i < N_RANDOM / 2; i++) {
        /* binary32 */
        uint32_t a = rand_f32(), b = rnd() % 4 ? rand_f32() : a ^ (uint32_t)(rnd() % 3);
        bool an = is_nan32(a), bn = is_nan32(b), anys = is_snan32(a) || is_snan32(b);
        uint32_t fl, efl;
        snprintf(buf, sizeof buf, "f32 minmax/cmp(%#x, %#x)", a, b);
        {
            const float x = an ? 0 : f_of(a), y = bn ? 0 : f_of(b);
            uint32_t emin, emax;
            if (an && bn) emin = emax = QNAN;
            else if (an) emin = emax = b;
            else if (bn) emin = emax = a;
            else if (x < y) emin = a, emax = b;
            else if (y < x) emin = b, emax = a;
            else if (x == 0) emin = a | b, emax = a & b; /* zeros: -0 is the smaller */
            else emin = emax = a;
            efl = anys ? NV : 0;
            CK(f32_min(a, b, &fl), emin, efl);
            CK(f32_max(a, b, &fl), emax, efl);
            const bool nan = an || bn;
            CK((uint64_t)f32_eq(a, b, &fl), !nan && x == y, anys ? NV : 0);
            CK((uint64_t)f32_lt(a, b, &fl), !nan && x < y, nan ? NV : 0);
            CK((uint64_t)f32_le(a, b, &fl), !nan && x <= y, nan ? NV : 0);
        }
        /* binary64 */
        uint64_t c = rand_f64(), d = rnd() % 4 ? rand_f64() : c ^ (rnd() % 3);
        an = is_nan64(c), bn = is_nan64(d), anys = is_snan64(c) || is_snan64(d);
        snprintf(buf, sizeof buf, "f64 minmax/cmp(%#llx, %#llx)", (unsigned long long)c, (unsigned long long)d);
        {
            const double x = an ? 0 : d_of(c), y = bn ? 0 : d_of(d);
            uint64_t emin, emax;
            if (an && bn) emin = emax = D_QNAN;
            else if (an) emin = emax = d;
            else if (bn) emin = emax = c;
            else if (x < y) emin = c, emax = d;
            else if (y < x) emin = d, emax = c;
            else if (x == 0) emin = c | d, emax = c & d;
            else emin = emax = c;
            efl = anys ? NV : 0;
            CK(f64_min(c, d, &fl), emin, efl);
            CK(f64_max(c, d, &fl), emax, efl);
            const bool nan = an || bn;
            CK((uint64_t)f64_eq(c, d, &fl), !nan && x == y, anys ? NV : 0);
            CK((uint64_t)f64_lt(c, d, &fl), !nan && x < y, nan ? NV : 0);
            CK((uint64_t)f64_le(c, d, &fl), !nan && x <= y, nan ? NV : 0);
        }
    }
    done();
}

/* The library must leave the host floating-point environment alone. */
static void test_host_env_preserved(void **state)
{
    (void)state;
    begin();
    fesetround(FE_UPWARD);
    feclearexcept(FE_ALL_EXCEPT);
    uint32_t fl = 0;
    (void)f32_div(ONE, THREE, RTZ, &fl);
    (void)f64_div(D_ONE, D_P0, RNE, &fl);
    (void)f64_madd(D_MAX, D_MAX, D_P0, RDN, &fl);
    (void)f32_sqrt(MONE, RMM, &fl);
    const int round = fegetround(), ex = fetestexcept(FE_ALL_EXCEPT);
    fesetround(FE_TONEAREST);
    check_val(__LINE__, "host rounding mode", -1, (uint64_t)round, 0, (uint64_t)FE_UPWARD, 0);
    check_val(__LINE__, "host exception flags", -1, (uint64_t)ex, 0, 0, 0);
    check_val(__LINE__, "accumulated flags", -1, fl, 0, NX | DZ | OF | NV, 0);
    done();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_f32_add_sub),
        cmocka_unit_test(test_f32_mul),
        cmocka_unit_test(test_f32_div),
        cmocka_unit_test(test_f32_sqrt),
        cmocka_unit_test(test_f32_fma),
        cmocka_unit_test(test_f32_minmax),
        cmocka_unit_test(test_f32_compare),
        cmocka_unit_test(test_f32_class),
        cmocka_unit_test(test_f32_to_int),
        cmocka_unit_test(test_int_to_f32),
        cmocka_unit_test(test_f64_to_f32),
        cmocka_unit_test(test_f32_to_f64),
        cmocka_unit_test(test_f64_arith),
        cmocka_unit_test(test_f64_fma),
        cmocka_unit_test(test_f64_minmax_compare_class),
        cmocka_unit_test(test_f64_to_int),
        cmocka_unit_test(test_int_to_f64),
        cmocka_unit_test(test_random_f32_arith),
        cmocka_unit_test(test_random_f64_arith),
        cmocka_unit_test(test_random_f64_sqrt),
        cmocka_unit_test(test_random_convert),
        cmocka_unit_test(test_random_minmax_compare),
        cmocka_unit_test(test_host_env_preserved),
    };
    seed_rng();
    const uint64_t seed = rng;
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    printf("test_rv_fpu: %lu values checked (random seed %#llx)\n", n_checks, (unsigned long long)seed);
    return rc;
}
