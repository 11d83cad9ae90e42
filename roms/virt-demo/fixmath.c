#include "fixmath.h"

/* One quarter wave, 0..pi/2 in 256 steps, plus the end point. */
static int16_t quarter[ANGLE_STEPS / 4 + 1];

/* sin(x) for x in [0, pi/2] by its Taylor series, in Q30 fixed point; the
 * terms up to x^11 leave an error far below the table's Q14 resolution. */
static int64_t sin_q30(int64_t x)
{
    const int64_t one = 1ll << 30;
    int64_t x2 = (x * x) >> 30, term = x, sum = x;
    for (int k = 1; k <= 5; k++) {
        term = -((term * x2) >> 30) / ((2 * k) * (2 * k + 1));
        sum += term;
    }
    return sum > one ? one : sum;
}

void fixmath_init(void)
{
    const int64_t half_pi_q30 = 1686629713;   /* pi/2 * 2^30 */
    for (int i = 0; i <= ANGLE_STEPS / 4; i++) {
        int64_t x = half_pi_q30 * i / (ANGLE_STEPS / 4);
        quarter[i] = (int16_t)((sin_q30(x) + (1 << 15)) >> 16);   /* Q30 -> Q14, rounded */
    }
}

int32_t isin(int32_t a)
{
    a &= ANGLE_STEPS - 1;
    const int q = ANGLE_STEPS / 4;
    if (a < q)
        return quarter[a];
    if (a < 2 * q)
        return quarter[2 * q - a];
    if (a < 3 * q)
        return -quarter[a - 2 * q];
    return -quarter[4 * q - a];
}

int32_t icos(int32_t a)
{
    return isin(a + ANGLE_STEPS / 4);
}

uint32_t isqrt(uint64_t v)
{
    /* bit by bit, most significant first */
    uint64_t res = 0, bit = 1ull << 62;
    while (bit > v)
        bit >>= 2;
    while (bit) {
        if (v >= res + bit) {
            v -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    return (uint32_t)res;
}

uint32_t rng_next(Rng *r)
{
    uint32_t x = r->s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return r->s = x;
}

int32_t rng_range(Rng *r, int32_t lo, int32_t hi)
{
    return lo + (int32_t)(rng_next(r) % (uint32_t)(hi - lo + 1));
}

uint32_t hash32(uint32_t n)
{
    /* multiply by 2^32 / golden ratio and fold the high bits down, twice */
    n = (n ^ (n >> 16)) * 0x9e3779b1u;
    n = (n ^ (n >> 15)) * 0x9e3779b1u;
    return n ^ (n >> 16);
}
