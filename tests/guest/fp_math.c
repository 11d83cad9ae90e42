/* Floating point through glibc: arithmetic, sqrt, fma, conversions, the
 * rounding modes of fcsr (fesetround) and the accrued exception flags
 * (feraiseexcept/fetestexcept). Operands are volatile so the compiler cannot
 * fold the operations at build time. */
#include <fenv.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t dbits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static uint32_t fbits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static void flags(const char *what)
{
    int f = fetestexcept(FE_ALL_EXCEPT);
    printf("%-28s flags:%s%s%s%s%s\n", what, f & FE_INVALID ? " invalid" : "", f & FE_DIVBYZERO ? " divbyzero" : "",
           f & FE_OVERFLOW ? " overflow" : "", f & FE_UNDERFLOW ? " underflow" : "",
           f & FE_INEXACT ? " inexact" : "");
    feclearexcept(FE_ALL_EXCEPT);
}

static const char *mode_name(int m)
{
    switch (m) {
    case FE_TONEAREST: return "nearest";
    case FE_UPWARD: return "upward";
    case FE_DOWNWARD: return "downward";
    case FE_TOWARDZERO: return "toward zero";
    default: return "?";
    }
}

int main(void)
{
    volatile double a = 1.0, b = 3.0, c = 0.1, d = 0.2, zero = 0.0, two = 2.0, neg = -2.0;
    volatile float fa = 1.0f, fb = 3.0f, f10 = 10.0f;
    feclearexcept(FE_ALL_EXCEPT);
    flags("at start");

    printf("1/3 = %.17g (%#018" PRIx64 ")\n", a / b, dbits(a / b));
    printf("0.1+0.2 = %.17g\n", c + d);
    printf("1.0f/3.0f = %.9g (%#010" PRIx32 ")\n", (double)(fa / fb), fbits(fa / fb));
    printf("sqrt(2) = %.17g\n", sqrt(two));
    printf("sqrtf(10) = %.9g\n", (double)sqrtf(f10));
    printf("fma(0.1, 10, -1) = %.17g\n", fma(c, 10.0, -a));
    printf("0.1*10 - 1 = %.17g\n", c * 10.0 - a);
    printf("fmaf(1/3, 3, -1) = %.9g\n", (double)fmaf(fa / fb, fb, -fa));
    printf("exp(1) = %.17g, log(10) = %.17g\n", exp(a), log(10.0 * a));
    printf("sin(1) = %.17g, cos(1) = %.17g, atan2(1, -1) = %.17g\n", sin(a), cos(a), atan2(a, -a));
    printf("pow(2, 0.5) = %.17g, cbrt(27) = %.17g\n", pow(two, 0.5), cbrt(27.0 * a));
    printf("floor(-2.5) = %g, ceil(-2.5) = %g, round(-2.5) = %g, trunc(-2.5) = %g\n", floor(neg - 0.5),
           ceil(neg - 0.5), round(neg - 0.5), trunc(neg - 0.5));
    printf("fmod(7.5, 2) = %g, remainder(7.5, 2) = %g\n", fmod(7.5 * a, two), remainder(7.5 * a, two));
    printf("fabs(-2) = %g, copysign(3, -0.0) = %g\n", fabs(neg), copysign(3.0 * a, -zero));

    /* NaN and infinity: RISC-V produces the canonical quiet NaN */
    volatile double nan1 = zero / zero, inf = a / zero;
    printf("0/0 = %f (%#018" PRIx64 ")\n", nan1, dbits(nan1));
    printf("1/0 = %f, -1/0 = %f\n", inf, -a / zero);
    printf("sqrt(-1) bits = %#018" PRIx64 "\n", dbits(sqrt(neg)));
    printf("inf - inf bits = %#018" PRIx64 "\n", dbits(inf - inf));
    printf("fmin(nan, 1) = %g, fmax(1, nan) = %g\n", fmin(nan1, a), fmax(a, nan1));
    printf("fmin(-0, +0) = %g, fmax(-0, +0) = %g\n", fmin(-zero, zero), fmax(-zero, zero));
    printf("nan == nan: %d, nan < 1: %d, isnan: %d, isinf: %d\n", nan1 == nan1, nan1 < a, isnan(nan1) != 0,
           isinf(inf) != 0);
    volatile float fz = 0.0f;
    float fnan = fz / fz;
    printf("0.0f/0.0f bits = %#010" PRIx32 "\n", fbits(fnan));
    printf("(double)(float nan) bits = %#018" PRIx64 "\n", dbits((double)fnan));

    /* conversions */
    volatile double big = 1e30, m = -3.7, half = 2.5, huge_neg = -1e30;
    flags("after NaN and infinity");
    printf("(int)-3.7 = %d, (long)2.5 = %ld, (unsigned)3.99 = %u\n", (int)m, (long)half, (unsigned)(3.99 * a));
    printf("lrint(1e30) = %ld, lrint(-1e30) = %ld, lrint(nan) = %ld\n", lrint(big), lrint(huge_neg), lrint(nan1));
    flags("after lrint out of range");
    volatile int64_t i53 = (1LL << 53) + 1;
    volatile uint64_t umax = UINT64_MAX;
    volatile int32_t i24 = (1 << 24) + 1;
    printf("(double)(2^53+1) = %.17g, (double)UINT64_MAX = %.17g, (float)(2^24+1) = %.9g\n", (double)i53,
           (double)umax, (double)(float)i24);
    printf("(float)0.1 = %.9g, (double)(float)0.1 = %.17g\n", (double)(float)c, (double)(float)c);
    printf("(float)1e39 = %g\n", (double)(float)(big * 1e9));
    flags("after float overflow");

    /* rounding modes */
    static const int modes[] = { FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO };
    volatile double vals[] = { 2.5, -2.5, 3.5, -0.5, 1.4999999999999998 };
    for (unsigned i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        if (fesetround(modes[i]) != 0) {
            printf("fesetround(%s) failed\n", mode_name(modes[i]));
            continue;
        }
        printf("%-12s getround ok: %d |", mode_name(modes[i]), fegetround() == modes[i]);
        for (unsigned j = 0; j < sizeof vals / sizeof vals[0]; j++)
            printf(" rint(%g)=%g", vals[j], rint(vals[j]));
        printf("\n");
        printf("%-12s nearbyint(-2.5)=%g lrint(2.5)=%ld lrint(-3.5)=%ld llrint(7.5)=%lld\n", mode_name(modes[i]),
               nearbyint(-half), lrint(half), lrint(-3.5 * a), llrint(7.5 * a));
        printf("%-12s 1.0f/3.0f=%#010" PRIx32 " -1.0f/3.0f=%#010" PRIx32 " 1/3=%#018" PRIx64
               " 2/3=%#018" PRIx64 "\n",
               mode_name(modes[i]), fbits(fa / fb), fbits(-fa / fb), dbits(a / b), dbits(two / b));
        printf("%-12s sqrt(2)=%#018" PRIx64 " (float)0.1=%#010" PRIx32 " 0.1+0.2=%#018" PRIx64 "\n",
               mode_name(modes[i]), dbits(sqrt(two)), fbits((float)c), dbits(c + d));
    }
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);

    /* exception flags */
    flags("nothing yet");
    volatile double r = c + d;
    flags("0.1+0.2");
    r = a / zero;
    flags("1/0");
    r = zero / zero;
    flags("0/0");
    r = sqrt(neg);
    flags("sqrt(-2)");
    volatile double dmax = DBL_MAX, dmin = DBL_MIN, three = 3.0;
    r = dmax * two;
    flags("DBL_MAX*2");
    r = dmin / three;
    flags("DBL_MIN/3");
    r = a + two;
    flags("1+2 (exact)");
    (void)r;
    feraiseexcept(FE_INEXACT | FE_DIVBYZERO);
    flags("feraiseexcept(inexact|div)");
    feraiseexcept(FE_OVERFLOW);
    printf("fetestexcept(overflow) only: %d\n", fetestexcept(FE_OVERFLOW) == FE_OVERFLOW);
    feclearexcept(FE_ALL_EXCEPT);
    fenv_t env;
    fegetenv(&env);
    fesetround(FE_UPWARD);
    feraiseexcept(FE_INVALID);
    fesetenv(&env);
    printf("fesetenv restores: round nearest %d, no flags %d\n", fegetround() == FE_TONEAREST,
           fetestexcept(FE_ALL_EXCEPT) == 0);
    return 0;
}
