/* Integer arithmetic as RISC-V defines it, including the cases C leaves
 * undefined but the ISA does not (division by zero, INT_MIN / -1): the
 * operands come through volatile variables so the compiler emits the real
 * instructions. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

static volatile int64_t v64[] = { 0, 1, -1, 7, -7, 123456789012345LL, INT64_MIN, INT64_MAX, 3, -3, 0x5555555555555555LL };
static volatile int32_t v32[] = { 0, 1, -1, 7, -7, 1234567, INT32_MIN, INT32_MAX, 3, -3, 0x55555555 };
#define N64 (sizeof v64 / sizeof v64[0])
#define N32 (sizeof v32 / sizeof v32[0])

static uint64_t mix = 0;
static void acc(uint64_t x) { mix = (mix ^ x) * 0x100000001b3ull; }

int main(void)
{
    /* division corner cases, 64-bit */
    volatile int64_t zero = 0, minus1 = -1, big = INT64_MIN, x = 12345;
    printf("div: 12345 / 0 = %" PRId64 "\n", x / zero);
    printf("rem: 12345 %% 0 = %" PRId64 "\n", x % zero);
    printf("div: INT64_MIN / -1 = %" PRId64 "\n", big / minus1);
    printf("rem: INT64_MIN %% -1 = %" PRId64 "\n", big % minus1);
    volatile uint64_t ux = 12345, uzero = 0;
    printf("divu: 12345 / 0 = %" PRIu64 "\n", ux / uzero);
    printf("remu: 12345 %% 0 = %" PRIu64 "\n", ux % uzero);
    /* 32-bit (divw, remw, divuw, remuw) */
    volatile int32_t z32 = 0, m32 = -1, min32 = INT32_MIN, x32 = -999;
    printf("divw: -999 / 0 = %" PRId32 "\n", x32 / z32);
    printf("remw: -999 %% 0 = %" PRId32 "\n", x32 % z32);
    printf("divw: INT32_MIN / -1 = %" PRId32 "\n", min32 / m32);
    printf("remw: INT32_MIN %% -1 = %" PRId32 "\n", min32 % m32);
    volatile uint32_t u32 = 4000000000u, uz32 = 0;
    printf("divuw: 4000000000 / 0 = %" PRIu32 "\n", u32 / uz32);
    printf("remuw: 4000000000 %% 0 = %" PRIu32 "\n", u32 % uz32);

    /* ordinary division: truncation toward zero */
    printf("-7 / 2 = %" PRId64 ", -7 %% 2 = %" PRId64 ", 7 / -2 = %" PRId64 ", 7 %% -2 = %" PRId64 "\n",
           v64[4] / 2, v64[4] % 2, v64[3] / -2, v64[3] % -2);

    /* wrapping arithmetic */
    volatile uint64_t umax = UINT64_MAX;
    printf("UINT64_MAX + 1 = %" PRIu64 "\n", umax + 1);
    volatile uint32_t u32max = UINT32_MAX;
    printf("UINT32_MAX + 1 (32-bit) = %" PRIu32 "\n", (uint32_t)(u32max + 1));
    volatile int32_t i32max = INT32_MAX;
    printf("INT32_MAX + 1 via unsigned = %" PRId32 "\n", (int32_t)((uint32_t)i32max + 1u));

    /* high halves of products (mulh, mulhu, mulhsu) */
    for (unsigned i = 0; i < N64; i++) {
        for (unsigned j = 0; j < N64; j++) {
            int64_t a = v64[i], b = v64[j];
            __int128 s = (__int128)a * b;
            unsigned __int128 u = (unsigned __int128)(uint64_t)a * (uint64_t)b;
            __int128 su = (__int128)a * (__int128)(unsigned __int128)(uint64_t)b;
            acc((uint64_t)(s >> 64));
            acc((uint64_t)(u >> 64));
            acc((uint64_t)(su >> 64));
            acc((uint64_t)a * (uint64_t)b);
            if (b != 0 && !(a == INT64_MIN && b == -1)) {
                acc((uint64_t)(a / b));
                acc((uint64_t)(a % b));
            }
            if (b != 0) {
                acc((uint64_t)a / (uint64_t)b);
                acc((uint64_t)a % (uint64_t)b);
            }
        }
    }
    printf("mulh: 0x7fffffffffffffff * 0x7fffffffffffffff high = %#" PRIx64 "\n",
           (uint64_t)(((__int128)v64[7] * v64[7]) >> 64));
    printf("mulh: INT64_MIN * -1 high = %#" PRIx64 "\n", (uint64_t)(((__int128)v64[6] * v64[2]) >> 64));
    printf("mulhu: UINT64_MAX * UINT64_MAX high = %#" PRIx64 "\n",
           (uint64_t)(((unsigned __int128)umax * umax) >> 64));
    printf("64-bit product mix: %016" PRIx64 "\n", mix);

    mix = 0;
    for (unsigned i = 0; i < N32; i++)
        for (unsigned j = 0; j < N32; j++) {
            int32_t a = v32[i], b = v32[j];
            acc((uint64_t)(int64_t)(int32_t)((uint32_t)a * (uint32_t)b));
            acc((uint64_t)((int64_t)a * b));
            if (b != 0 && !(a == INT32_MIN && b == -1)) {
                acc((uint64_t)(int64_t)(a / b));
                acc((uint64_t)(int64_t)(a % b));
            }
            if (b != 0) {
                acc((uint64_t)((uint32_t)a / (uint32_t)b));
                acc((uint64_t)((uint32_t)a % (uint32_t)b));
            }
            acc((uint64_t)(int64_t)(a + b));
            acc((uint64_t)(int64_t)(int32_t)((uint32_t)a - (uint32_t)b));
        }
    printf("32-bit mix: %016" PRIx64 "\n", mix);

    /* shifts by every amount, logical and arithmetic, 64 and 32 bits */
    mix = 0;
    volatile int64_t neg = -0x123456789abcdefLL;
    volatile int32_t neg32 = -0x1234567;
    for (volatile int s = 0; s < 64; s++) {
        acc((uint64_t)neg << s);
        acc((uint64_t)neg >> s);
        acc((uint64_t)(neg >> s));
        if (s < 32) {
            acc((uint64_t)(int64_t)(int32_t)((uint32_t)neg32 << s));
            acc((uint64_t)((uint32_t)neg32 >> s));
            acc((uint64_t)(int64_t)(neg32 >> s));
        }
    }
    printf("-0x123456789abcdef >> 4 (arithmetic) = %" PRId64 "\n", neg >> 4);
    printf("(uint64)-0x123456789abcdef >> 60 (logical) = %" PRIu64 "\n", (uint64_t)neg >> 60);
    printf("shift mix: %016" PRIx64 "\n", mix);

    /* comparisons: signed vs unsigned */
    volatile int64_t m1 = -1, one = 1;
    printf("-1 < 1 signed: %d, unsigned: %d\n", m1 < one, (uint64_t)m1 < (uint64_t)one);
    volatile int32_t sm = -5;
    printf("sign extension of -5 to 64 bits: %" PRId64 " / %#" PRIx64 "\n", (int64_t)sm, (uint64_t)(int64_t)sm);
    printf("zero extension of (uint32)-5: %" PRIu64 "\n", (uint64_t)(uint32_t)sm);

    /* bit counting (library or builtin code) */
    volatile uint64_t bits = 0xf0f0000000000100ull;
    printf("popcount %d, clz %d, ctz %d\n", __builtin_popcountll(bits), __builtin_clzll(bits),
           __builtin_ctzll(bits));
    printf("bswap %#" PRIx64 "\n", __builtin_bswap64(bits));
    return 0;
}
