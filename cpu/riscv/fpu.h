/*
 * ferry - IEEE-754 binary32/binary64 arithmetic with RISC-V F/D semantics.
 *
 * Every operand and result is a raw bit pattern (uint32_t for binary32,
 * uint64_t for binary64), so callers never need the host's float types and
 * NaN payloads cannot be mangled by the host ABI.
 *
 * Semantics follow the RISC-V unprivileged ISA, chapters "F" and "D":
 *  - every NaN produced is the canonical NaN (no payload propagation);
 *  - exception flags are accumulated (OR-ed) into *fl using the fflags bit
 *    layout; underflow uses tininess detected AFTER rounding and is raised
 *    only when the result is also inexact;
 *  - rm must already be resolved to one of RNE/RTZ/RDN/RUP/RMM (0..4); the
 *    caller handles DYN (7) via frm and traps on the reserved values 5/6.
 *
 * All functions are pure apart from writing *fl and are safe to call from
 * several threads at once (the host MXCSR is saved and restored around each
 * hardware-assisted operation).
 */
#ifndef FERRY_CPU_RISCV_FPU_H
#define FERRY_CPU_RISCV_FPU_H

#include <stdbool.h>
#include <stdint.h>

/* Rounding modes, encoded as in the instruction rm field / frm CSR. */
enum { RV_RM_RNE = 0, RV_RM_RTZ = 1, RV_RM_RDN = 2, RV_RM_RUP = 3, RV_RM_RMM = 4, RV_RM_DYN = 7 };

/* Accrued exception flags, encoded as in the fflags CSR. */
enum { RV_FFLAG_NX = 1, RV_FFLAG_UF = 2, RV_FFLAG_OF = 4, RV_FFLAG_DZ = 8, RV_FFLAG_NV = 16 };

#define RV_F32_CANON_NAN 0x7fc00000u
#define RV_F64_CANON_NAN 0x7ff8000000000000ull

/* ---- binary32 (F extension) ---------------------------------------------------- */

uint32_t f32_add(uint32_t a, uint32_t b, int rm, uint32_t *fl);
uint32_t f32_sub(uint32_t a, uint32_t b, int rm, uint32_t *fl);
uint32_t f32_mul(uint32_t a, uint32_t b, int rm, uint32_t *fl);
uint32_t f32_div(uint32_t a, uint32_t b, int rm, uint32_t *fl);
uint32_t f32_sqrt(uint32_t a, int rm, uint32_t *fl);

/* Fused multiply-add, a single rounding:
 *   madd = a*b + c,  msub = a*b - c,  nmsub = -(a*b) + c,  nmadd = -(a*b) - c.
 * NV is raised for inf*0 even when c is a quiet NaN (spec: F extension, FMA). */
uint32_t f32_madd(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *fl);
uint32_t f32_msub(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *fl);
uint32_t f32_nmsub(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *fl);
uint32_t f32_nmadd(uint32_t a, uint32_t b, uint32_t c, int rm, uint32_t *fl);

/* fmin/fmax (ISA 2.2+, IEEE 754-2019 minimumNumber/maximumNumber): a single
 * NaN operand yields the other operand, two NaNs the canonical NaN, any sNaN
 * raises NV, and -0 is ordered below +0. */
uint32_t f32_min(uint32_t a, uint32_t b, uint32_t *fl);
uint32_t f32_max(uint32_t a, uint32_t b, uint32_t *fl);

/* Comparisons return 0/1. feq is quiet (NV only for sNaN); flt/fle are
 * signalling (NV for any NaN). */
int f32_eq(uint32_t a, uint32_t b, uint32_t *fl);
int f32_lt(uint32_t a, uint32_t b, uint32_t *fl);
int f32_le(uint32_t a, uint32_t b, uint32_t *fl);

/* fclass: exactly one of the 10 low bits is set:
 * 0 -inf, 1 -normal, 2 -subnormal, 3 -0, 4 +0, 5 +subnormal, 6 +normal,
 * 7 +inf, 8 signalling NaN, 9 quiet NaN. */
uint32_t f32_class(uint32_t a);

/* Float -> integer with RISC-V saturation: NaN gives the largest positive
 * value; out-of-range values clip to the nearest representable value and
 * raise NV (without NX); in-range inexact results raise NX. */
int32_t f32_to_i32(uint32_t a, int rm, uint32_t *fl);
uint32_t f32_to_u32(uint32_t a, int rm, uint32_t *fl);
int64_t f32_to_i64(uint32_t a, int rm, uint32_t *fl);
uint64_t f32_to_u64(uint32_t a, int rm, uint32_t *fl);

uint32_t i32_to_f32(int32_t v, int rm, uint32_t *fl);
uint32_t u32_to_f32(uint32_t v, int rm, uint32_t *fl);
uint32_t i64_to_f32(int64_t v, int rm, uint32_t *fl);
uint32_t u64_to_f32(uint64_t v, int rm, uint32_t *fl);

/* fcvt.s.d / fcvt.d.s. A NaN input gives the canonical NaN (NV if sNaN). */
uint32_t f64_to_f32(uint64_t a, int rm, uint32_t *fl);
uint64_t f32_to_f64(uint32_t a, uint32_t *fl);

/* ---- binary64 (D extension) ---------------------------------------------------- */

uint64_t f64_add(uint64_t a, uint64_t b, int rm, uint32_t *fl);
uint64_t f64_sub(uint64_t a, uint64_t b, int rm, uint32_t *fl);
uint64_t f64_mul(uint64_t a, uint64_t b, int rm, uint32_t *fl);
uint64_t f64_div(uint64_t a, uint64_t b, int rm, uint32_t *fl);
uint64_t f64_sqrt(uint64_t a, int rm, uint32_t *fl);

uint64_t f64_madd(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *fl);
uint64_t f64_msub(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *fl);
uint64_t f64_nmsub(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *fl);
uint64_t f64_nmadd(uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *fl);

uint64_t f64_min(uint64_t a, uint64_t b, uint32_t *fl);
uint64_t f64_max(uint64_t a, uint64_t b, uint32_t *fl);

int f64_eq(uint64_t a, uint64_t b, uint32_t *fl);
int f64_lt(uint64_t a, uint64_t b, uint32_t *fl);
int f64_le(uint64_t a, uint64_t b, uint32_t *fl);

uint32_t f64_class(uint64_t a);

int32_t f64_to_i32(uint64_t a, int rm, uint32_t *fl);
uint32_t f64_to_u32(uint64_t a, int rm, uint32_t *fl);
int64_t f64_to_i64(uint64_t a, int rm, uint32_t *fl);
uint64_t f64_to_u64(uint64_t a, int rm, uint32_t *fl);

uint64_t i32_to_f64(int32_t v, int rm, uint32_t *fl);
uint64_t u32_to_f64(uint32_t v, int rm, uint32_t *fl);
uint64_t i64_to_f64(int64_t v, int rm, uint32_t *fl);
uint64_t u64_to_f64(uint64_t v, int rm, uint32_t *fl);

#endif /* FERRY_CPU_RISCV_FPU_H */
