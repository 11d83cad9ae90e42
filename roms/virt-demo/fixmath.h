/*
 * Integer maths for the animation: a sine table, a square root and a
 * pseudo-random generator. Integers rather than floats so that a frame's
 * pixels depend only on the frame number, bit for bit, on any emulator.
 */
#ifndef VD_FIXMATH_H
#define VD_FIXMATH_H

#include <stdint.h>

#define ANGLE_STEPS 1024           /* a full turn */
#define FIX_ONE 16384              /* isin/icos return Q14: -16384..16384 */

void fixmath_init(void);
/* sine and cosine of a * 2pi / 1024, any integer a */
int32_t isin(int32_t a);
int32_t icos(int32_t a);
uint32_t isqrt(uint64_t v);

/* xorshift32: deterministic, seeded once, never 0 */
typedef struct Rng {
    uint32_t s;
} Rng;
uint32_t rng_next(Rng *r);
/* uniform in [lo, hi] */
int32_t rng_range(Rng *r, int32_t lo, int32_t hi);
/* a hash of n, for per-frame flicker that must not disturb the game's Rng */
uint32_t hash32(uint32_t n);

#endif
