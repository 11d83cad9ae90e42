/*
 * rv_fp_s.S - the F extension (single precision), on RV32 and RV64.
 *
 * Arithmetic (fadd fsub fmul fdiv fsqrt), the fused multiply-add family,
 * fmin/fmax, sign injection, compares, fclass, conversions to and from
 * integers with saturation, flw/fsw, fmv.x.w/fmv.w.x, static and dynamic
 * rounding modes, reserved rounding modes, and NaN-boxing in the 64-bit
 * f registers (D is present on RV32GC too, so FLEN = 64 on both).
 *
 * Every case checks the result bits and the exception flags accrued by the
 * one instruction (fflags cleared before it).  Expected values follow IEEE
 * 754-2008 as specified for RISC-V: one rounding for fused operations,
 * tininess detected after rounding, the canonical NaN 0x7fc00000 for every
 * NaN result, NV for signaling inputs, invalid operations and fma(0, inf, c)
 * even with a quiet NaN c, out-of-range conversions saturating (NaN -> the
 * largest integer), fmin/fmax returning the non-NaN operand, -0 < +0, and
 * every single result NaN-boxed (upper 32 bits of the register all ones).
 * Rounding-mode names: rne rtz rdn rup rmm (static) and dyn (frm).
 */
#include "test_macros.h"

TEST_BEGIN

/* ---- fadd ---- */
TEST_FP_OP2(1, S, fadd.s, rne, 0, 0x40600000, 0x40200000, 0x3f800000)
TEST_FP_OP2(2, S, fadd.s, rne, FFLAG_NX, 0xc49a4000, 0xc49a6333, 0x3f8ccccd)
TEST_FP_OP2(3, S, fadd.s, rne, FFLAG_NX, 0x40490fdb, 0x40490fdb, 0x322bcc77)
TEST_FP_OP2(4, S, fadd.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800000, 0xff800000)
TEST_FP_OP2(5, S, fadd.s, rne, 0, 0x7f800000, 0x7f800000, 0x3f800000)
TEST_FP_OP2(6, S, fadd.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800001, 0x3f800000)
TEST_FP_OP2(7, S, fadd.s, rne, 0, 0x7fc00000, 0x7fc01234, 0x3f800000)
TEST_FP_OP2(8, S, fadd.s, rne, FFLAG_OF|FFLAG_NX, 0x7f800000, 0x7f7fffff, 0x7f7fffff)
TEST_FP_OP2(9, S, fadd.s, rtz, FFLAG_OF|FFLAG_NX, 0x7f7fffff, 0x7f7fffff, 0x7f7fffff)
TEST_FP_OP2(10, S, fadd.s, rdn, FFLAG_OF|FFLAG_NX, 0xff800000, 0xff7fffff, 0xff7fffff)
TEST_FP_OP2(11, S, fadd.s, rne, 0, 0x00000000, 0x3f800000, 0xbf800000)
TEST_FP_OP2(12, S, fadd.s, rdn, 0, 0x80000000, 0x3f800000, 0xbf800000)
TEST_FP_OP2(13, S, fadd.s, rne, 0, 0x80000000, 0x80000000, 0x80000000)
TEST_FP_OP2(14, S, fadd.s, rne, 0, 0x00000002, 0x00000001, 0x00000001)
TEST_FP_OP2(15, S, fadd.s, rne, FFLAG_NX, 0x3f800001, 0x3f800000, 0x33c00000)
TEST_FP_OP2(16, S, fadd.s, rtz, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33c00000)
TEST_FP_OP2(17, S, fadd.s, rdn, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33c00000)
TEST_FP_OP2(18, S, fadd.s, rup, FFLAG_NX, 0x3f800001, 0x3f800000, 0x33c00000)
TEST_FP_OP2(19, S, fadd.s, rmm, FFLAG_NX, 0x3f800001, 0x3f800000, 0x33c00000)
TEST_FP_OP2(20, S, fadd.s, rne, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33800000)
TEST_FP_OP2(21, S, fadd.s, rmm, FFLAG_NX, 0x3f800001, 0x3f800000, 0x33800000)
TEST_FP_OP2(22, S, fadd.s, rne, FFLAG_NX, 0x3f800002, 0x3f800001, 0x33800000)
TEST_FP_OP2(23, S, fadd.s, rdn, FFLAG_NX, 0xbf800001, 0xbf800000, 0xb3c00000)
TEST_FP_OP2(24, S, fadd.s, rup, FFLAG_NX, 0xbf800000, 0xbf800000, 0xb3c00000)
/* ---- fsub ---- */
TEST_FP_OP2(25, S, fsub.s, rne, 0, 0x3fc00000, 0x40200000, 0x3f800000)
TEST_FP_OP2(26, S, fsub.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800000, 0x7f800000)
TEST_FP_OP2(27, S, fsub.s, rne, 0, 0xff800000, 0xff800000, 0x7f800000)
TEST_FP_OP2(28, S, fsub.s, rne, 0, 0x00000000, 0x3f800000, 0x3f800000)
TEST_FP_OP2(29, S, fsub.s, rdn, 0, 0x80000000, 0x3f800000, 0x3f800000)
TEST_FP_OP2(30, S, fsub.s, rne, FFLAG_NV, 0x7fc00000, 0x00000000, 0x7f800001)
TEST_FP_OP2(31, S, fsub.s, rne, FFLAG_OF|FFLAG_NX, 0xff800000, 0xff7fffff, 0x7f7fffff)
TEST_FP_OP2(32, S, fsub.s, rtz, FFLAG_NX, 0x3f7ffffe, 0x3f800000, 0x33c00000)
TEST_FP_OP2(33, S, fsub.s, rup, FFLAG_NX, 0x3f7fffff, 0x3f800000, 0x33c00000)
/* ---- fmul ---- */
TEST_FP_OP2(34, S, fmul.s, rne, 0, 0x40200000, 0x40200000, 0x3f800000)
TEST_FP_OP2(35, S, fmul.s, rne, FFLAG_NX, 0xc4a9d385, 0xc49a6333, 0x3f8ccccd)
TEST_FP_OP2(36, S, fmul.s, rne, FFLAG_NX, 0x3306ee2d, 0x40490fdb, 0x322bcc77)
TEST_FP_OP2(37, S, fmul.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800000, 0x00000000)
TEST_FP_OP2(38, S, fmul.s, rne, FFLAG_NV, 0x7fc00000, 0x80000000, 0x7f800000)
TEST_FP_OP2(39, S, fmul.s, rne, 0, 0x80000000, 0x80000000, 0x40a00000)
TEST_FP_OP2(40, S, fmul.s, rne, FFLAG_OF|FFLAG_NX, 0x7f800000, 0x7f7fffff, 0x40000000)
TEST_FP_OP2(41, S, fmul.s, rtz, FFLAG_OF|FFLAG_NX, 0x7f7fffff, 0x7f7fffff, 0x40000000)
TEST_FP_OP2(42, S, fmul.s, rne, 0, 0x00400000, 0x00800000, 0x3f000000)
TEST_FP_OP2(43, S, fmul.s, rne, FFLAG_UF|FFLAG_NX, 0x00000000, 0x00000001, 0x3f000000)
TEST_FP_OP2(44, S, fmul.s, rup, FFLAG_UF|FFLAG_NX, 0x00000001, 0x00000001, 0x3f000000)
TEST_FP_OP2(45, S, fmul.s, rne, 0, 0x80000003, 0xc0400000, 0x00000001)
TEST_FP_OP2(46, S, fmul.s, rne, FFLAG_NX, 0x00800000, 0x00fffffe, 0x3f000001)
TEST_FP_OP2(47, S, fmul.s, rne, FFLAG_UF|FFLAG_NX, 0x00400000, 0x007fffff, 0x3f000001)
TEST_FP_OP2(48, S, fmul.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800001, 0x7fc00000)
/* ---- fdiv ---- */
TEST_FP_OP2(49, S, fdiv.s, rne, FFLAG_NX, 0x3eaaaaab, 0x3f800000, 0x40400000)
TEST_FP_OP2(50, S, fdiv.s, rtz, FFLAG_NX, 0x3eaaaaaa, 0x3f800000, 0x40400000)
TEST_FP_OP2(51, S, fdiv.s, rup, FFLAG_NX, 0x3eaaaaab, 0x3f800000, 0x40400000)
TEST_FP_OP2(52, S, fdiv.s, rdn, FFLAG_NX, 0xbeaaaaab, 0xbf800000, 0x40400000)
TEST_FP_OP2(53, S, fdiv.s, rne, FFLAG_NX, 0xc48c5a2e, 0xc49a6333, 0x3f8ccccd)
TEST_FP_OP2(54, S, fdiv.s, rne, FFLAG_DZ, 0x7f800000, 0x3f800000, 0x00000000)
TEST_FP_OP2(55, S, fdiv.s, rne, FFLAG_DZ, 0xff800000, 0xbf800000, 0x00000000)
TEST_FP_OP2(56, S, fdiv.s, rne, FFLAG_NV, 0x7fc00000, 0x00000000, 0x00000000)
TEST_FP_OP2(57, S, fdiv.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800000, 0xff800000)
TEST_FP_OP2(58, S, fdiv.s, rne, 0, 0x00000000, 0x00000000, 0x40a00000)
TEST_FP_OP2(59, S, fdiv.s, rne, 0, 0x3f800000, 0x40e00000, 0x40e00000)
TEST_FP_OP2(60, S, fdiv.s, rne, FFLAG_OF|FFLAG_NX, 0x7f800000, 0x7f7fffff, 0x3f000000)
TEST_FP_OP2(61, S, fdiv.s, rne, FFLAG_UF|FFLAG_NX, 0x002aaaab, 0x00800000, 0x40400000)
TEST_FP_OP2(62, S, fdiv.s, rne, FFLAG_UF|FFLAG_NX, 0x00000000, 0x00000001, 0x40000000)
/* ---- fsqrt ---- */
TEST_FP_OP1(63, S, fsqrt.s, rne, 0, 0x40000000, 0x40800000)
TEST_FP_OP1(64, S, fsqrt.s, rne, FFLAG_NX, 0x3fb504f3, 0x40000000)
TEST_FP_OP1(65, S, fsqrt.s, rtz, FFLAG_NX, 0x3fb504f3, 0x40000000)
TEST_FP_OP1(66, S, fsqrt.s, rup, FFLAG_NX, 0x3fb504f4, 0x40000000)
TEST_FP_OP1(67, S, fsqrt.s, rne, FFLAG_NX, 0x3fe2dfc5, 0x40490fdb)
TEST_FP_OP1(68, S, fsqrt.s, rne, FFLAG_NV, 0x7fc00000, 0xbf800000)
TEST_FP_OP1(69, S, fsqrt.s, rne, 0, 0x80000000, 0x80000000)
TEST_FP_OP1(70, S, fsqrt.s, rne, 0, 0x00000000, 0x00000000)
TEST_FP_OP1(71, S, fsqrt.s, rne, 0, 0x7f800000, 0x7f800000)
TEST_FP_OP1(72, S, fsqrt.s, rne, FFLAG_NV, 0x7fc00000, 0xff800000)
TEST_FP_OP1(73, S, fsqrt.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800001)
TEST_FP_OP1(74, S, fsqrt.s, rne, FFLAG_NX, 0x1a3504f3, 0x00000001)
/* ---- fused multiply-add family ---- */
TEST_FP_OP3(75, S, fmadd.s, rne, 0, 0x40a00000, 0x3f800000, 0x40000000, 0x40400000)
TEST_FP_OP3(76, S, fmadd.s, rne, 0, 0xa8800000, 0x3f800001, 0x3f7ffffe, 0xbf800000)
TEST_FP_OP3(77, S, fmadd.s, rne, FFLAG_NX, 0xc4a9b052, 0xc49a6333, 0x3f8ccccd, 0x3f8ccccd)
TEST_FP_OP3(78, S, fmadd.s, rne, FFLAG_NV, 0x7fc00000, 0x00000000, 0x7f800000, 0x7fc00000)
TEST_FP_OP3(79, S, fmadd.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800000, 0x3f800000, 0xff800000)
TEST_FP_OP3(80, S, fmadd.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800001, 0x3f800000, 0x3f800000)
TEST_FP_OP3(81, S, fmadd.s, rne, FFLAG_NV, 0x7fc00000, 0x3f800000, 0x3f800000, 0x7f800001)
TEST_FP_OP3(82, S, fmadd.s, rne, 0, 0x00000000, 0x00000000, 0xbf800000, 0x00000000)
TEST_FP_OP3(83, S, fmadd.s, rdn, 0, 0x80000000, 0x00000000, 0xbf800000, 0x00000000)
TEST_FP_OP3(84, S, fmadd.s, rne, 0, 0x7f7fffff, 0x7f7fffff, 0x40000000, 0xff7fffff)
TEST_FP_OP3(85, S, fmadd.s, rtz, FFLAG_NX, 0x3f800000, 0x3f800000, 0x33c00000, 0x3f800000)
TEST_FP_OP3(86, S, fmadd.s, rup, FFLAG_NX, 0x3f800001, 0x3f800000, 0x33c00000, 0x3f800000)
TEST_FP_OP3(87, S, fmsub.s, rne, 0, 0xbf800000, 0x3f800000, 0x40000000, 0x40400000)
TEST_FP_OP3(88, S, fmsub.s, rne, 0, 0x00000000, 0x3f800000, 0x3f800000, 0x3f800000)
TEST_FP_OP3(89, S, fmsub.s, rne, FFLAG_NV, 0x7fc00000, 0x7f800000, 0x3f800000, 0x7f800000)
TEST_FP_OP3(90, S, fnmsub.s, rne, 0, 0x3f800000, 0x3f800000, 0x40000000, 0x40400000)
TEST_FP_OP3(91, S, fnmsub.s, rne, 0, 0x80000000, 0x00000000, 0x3f800000, 0x80000000)
TEST_FP_OP3(92, S, fnmadd.s, rne, 0, 0xc0a00000, 0x3f800000, 0x40000000, 0x40400000)
TEST_FP_OP3(93, S, fnmadd.s, rne, 0, 0x80000000, 0x00000000, 0x3f800000, 0x00000000)
TEST_FP_OP3(94, S, fnmadd.s, rne, 0, 0x00000000, 0x3f800000, 0x3f800000, 0xbf800000)
/* ---- fmin / fmax ---- */
TEST_FP_OP2N(95, S, fmin.s, 0, 0x3f800000, 0x3f800000, 0x40000000)
TEST_FP_OP2N(96, S, fmin.s, 0, 0x80000000, 0x00000000, 0x80000000)
TEST_FP_OP2N(97, S, fmin.s, 0, 0x80000000, 0x80000000, 0x00000000)
TEST_FP_OP2N(98, S, fmin.s, 0, 0x3f800000, 0x7fc00000, 0x3f800000)
TEST_FP_OP2N(99, S, fmin.s, 0, 0x3f800000, 0x3f800000, 0x7fc01234)
TEST_FP_OP2N(100, S, fmin.s, FFLAG_NV, 0x3f800000, 0x7f800001, 0x3f800000)
TEST_FP_OP2N(101, S, fmin.s, FFLAG_NV, 0x7fc00000, 0x7f800001, 0x7fc00000)
TEST_FP_OP2N(102, S, fmin.s, 0, 0x80000000, 0x00000001, 0x80000000)
TEST_FP_OP2N(103, S, fmax.s, 0, 0x40000000, 0x3f800000, 0x40000000)
TEST_FP_OP2N(104, S, fmax.s, 0, 0x00000000, 0x00000000, 0x80000000)
TEST_FP_OP2N(105, S, fmax.s, 0, 0x00000000, 0x80000000, 0x00000000)
TEST_FP_OP2N(106, S, fmax.s, 0, 0x3f800000, 0x7fc00000, 0x3f800000)
TEST_FP_OP2N(107, S, fmax.s, 0, 0x3f800000, 0x3f800000, 0x7fc01234)
TEST_FP_OP2N(108, S, fmax.s, FFLAG_NV, 0x3f800000, 0x7f800001, 0x3f800000)
TEST_FP_OP2N(109, S, fmax.s, FFLAG_NV, 0x7fc00000, 0x7f800001, 0x7fc00000)
TEST_FP_OP2N(110, S, fmax.s, 0, 0x00000001, 0x00000001, 0x80000000)
/* ---- sign injection ---- */
TEST_FP_OP2N(111, S, fsgnj.s, 0, 0x3f800000, 0x3f800000, 0x40000000)
TEST_FP_OP2N(112, S, fsgnj.s, 0, 0xbf800000, 0x3f800000, 0xc0000000)
TEST_FP_OP2N(113, S, fsgnj.s, 0, 0x3f800000, 0xbf800000, 0x40000000)
TEST_FP_OP2N(114, S, fsgnj.s, 0, 0xff800001, 0x7f800001, 0x80000000)
TEST_FP_OP2N(115, S, fsgnjn.s, 0, 0xbf800000, 0x3f800000, 0x40000000)
TEST_FP_OP2N(116, S, fsgnjn.s, 0, 0x3f800000, 0x3f800000, 0xc0000000)
TEST_FP_OP2N(117, S, fsgnjn.s, 0, 0xbf800000, 0xbf800000, 0x40000000)
TEST_FP_OP2N(118, S, fsgnjn.s, 0, 0x7f800001, 0x7f800001, 0x80000000)
TEST_FP_OP2N(119, S, fsgnjx.s, 0, 0x3f800000, 0x3f800000, 0x40000000)
TEST_FP_OP2N(120, S, fsgnjx.s, 0, 0xbf800000, 0x3f800000, 0xc0000000)
TEST_FP_OP2N(121, S, fsgnjx.s, 0, 0xbf800000, 0xbf800000, 0x40000000)
TEST_FP_OP2N(122, S, fsgnjx.s, 0, 0xff800001, 0x7f800001, 0x80000000)
/* ---- compares ---- */
TEST_FP_CMP(123, S, feq.s, 0, 1, 0x3f800000, 0x3f800000)
TEST_FP_CMP(124, S, feq.s, 0, 0, 0x3f800000, 0x40000000)
TEST_FP_CMP(125, S, feq.s, 0, 0, 0x40000000, 0x3f800000)
TEST_FP_CMP(126, S, feq.s, 0, 1, 0x80000000, 0x00000000)
TEST_FP_CMP(127, S, feq.s, 0, 0, 0x7fc00000, 0x3f800000)
TEST_FP_CMP(128, S, feq.s, FFLAG_NV, 0, 0x3f800000, 0x7f800001)
TEST_FP_CMP(129, S, flt.s, 0, 0, 0x3f800000, 0x3f800000)
TEST_FP_CMP(130, S, flt.s, 0, 1, 0x3f800000, 0x40000000)
TEST_FP_CMP(131, S, flt.s, 0, 0, 0x40000000, 0x3f800000)
TEST_FP_CMP(132, S, flt.s, 0, 0, 0x80000000, 0x00000000)
TEST_FP_CMP(133, S, flt.s, FFLAG_NV, 0, 0x7fc00000, 0x3f800000)
TEST_FP_CMP(134, S, flt.s, FFLAG_NV, 0, 0x3f800000, 0x7f800001)
TEST_FP_CMP(135, S, fle.s, 0, 1, 0x3f800000, 0x3f800000)
TEST_FP_CMP(136, S, fle.s, 0, 1, 0x3f800000, 0x40000000)
TEST_FP_CMP(137, S, fle.s, 0, 0, 0x40000000, 0x3f800000)
TEST_FP_CMP(138, S, fle.s, 0, 1, 0x80000000, 0x00000000)
TEST_FP_CMP(139, S, fle.s, FFLAG_NV, 0, 0x7fc00000, 0x3f800000)
TEST_FP_CMP(140, S, fle.s, FFLAG_NV, 0, 0x3f800000, 0x7f800001)
TEST_FP_CMP(141, S, flt.s, 0, 1, 0xbf800000, 0xbf000000)
/* ---- fclass: each of the ten classes ---- */
TEST_FP_CLASS(142, S, fclass.s, 0x1, 0xff800000)
TEST_FP_CLASS(143, S, fclass.s, 0x2, 0xbf800000)
TEST_FP_CLASS(144, S, fclass.s, 0x4, 0x807fffff)
TEST_FP_CLASS(145, S, fclass.s, 0x8, 0x80000000)
TEST_FP_CLASS(146, S, fclass.s, 0x10, 0x00000000)
TEST_FP_CLASS(147, S, fclass.s, 0x20, 0x00000001)
TEST_FP_CLASS(148, S, fclass.s, 0x40, 0x3f800000)
TEST_FP_CLASS(149, S, fclass.s, 0x80, 0x7f800000)
TEST_FP_CLASS(150, S, fclass.s, 0x100, 0x7f800001)
TEST_FP_CLASS(151, S, fclass.s, 0x200, 0x7fc00000)
TEST_FP_CLASS(152, S, fclass.s, 0x200, 0xffc00000)
/* ---- conversions to integer ---- */
TEST_FP_TOINT(153, S, fcvt.w.s, rtz, FFLAG_NX, 1, 0x3f8ccccd)
TEST_FP_TOINT(154, S, fcvt.w.s, rtz, FFLAG_NX, -1, 0xbf8ccccd)
TEST_FP_TOINT(155, S, fcvt.w.s, rne, FFLAG_NX, 2, 0x3fc00000)
TEST_FP_TOINT(156, S, fcvt.w.s, rne, FFLAG_NX, 2, 0x40200000)
TEST_FP_TOINT(157, S, fcvt.w.s, rmm, FFLAG_NX, 3, 0x40200000)
TEST_FP_TOINT(158, S, fcvt.w.s, rdn, FFLAG_NX, -3, 0xc0200000)
TEST_FP_TOINT(159, S, fcvt.w.s, rup, FFLAG_NX, -2, 0xc0200000)
TEST_FP_TOINT(160, S, fcvt.w.s, rmm, FFLAG_NX, -3, 0xc0200000)
TEST_FP_TOINT(161, S, fcvt.w.s, rup, FFLAG_NX, 1, 0x3f666666)
TEST_FP_TOINT(162, S, fcvt.w.s, rne, FFLAG_NV, 0x7fffffff, 0x4f000000)
TEST_FP_TOINT(163, S, fcvt.w.s, rne, 0, 0xffffffff80000000, 0xcf000000)
TEST_FP_TOINT(164, S, fcvt.w.s, rtz, FFLAG_NV, 0xffffffff80000000, 0xcf000004)
TEST_FP_TOINT(165, S, fcvt.w.s, rne, FFLAG_NV, 0x7fffffff, 0x7f800000)
TEST_FP_TOINT(166, S, fcvt.w.s, rne, FFLAG_NV, 0xffffffff80000000, 0xff800000)
TEST_FP_TOINT(167, S, fcvt.w.s, rne, FFLAG_NV, 0x7fffffff, 0x7fc00000)
TEST_FP_TOINT(168, S, fcvt.w.s, rne, FFLAG_NV, 0x7fffffff, 0xff800001)
TEST_FP_TOINT(169, S, fcvt.w.s, rne, 0, 0, 0x80000000)
TEST_FP_TOINT(170, S, fcvt.wu.s, rtz, FFLAG_NX, 1, 0x3f8ccccd)
TEST_FP_TOINT(171, S, fcvt.wu.s, rtz, FFLAG_NX, 0, 0xbf000000)
TEST_FP_TOINT(172, S, fcvt.wu.s, rdn, FFLAG_NV, 0, 0xbf000000)
TEST_FP_TOINT(173, S, fcvt.wu.s, rne, FFLAG_NV, 0, 0xbf800000)
TEST_FP_TOINT(174, S, fcvt.wu.s, rne, 0, 0xffffffffb2d05e00, 0x4f32d05e)
TEST_FP_TOINT(175, S, fcvt.wu.s, rne, FFLAG_NV, -1, 0x4f800000)
TEST_FP_TOINT(176, S, fcvt.wu.s, rne, FFLAG_NV, -1, 0x7f800000)
TEST_FP_TOINT(177, S, fcvt.wu.s, rne, FFLAG_NV, 0, 0xff800000)
TEST_FP_TOINT(178, S, fcvt.wu.s, rne, FFLAG_NV, -1, 0x7fc00000)
TEST_FP_TOINT(179, S, fcvt.wu.s, rne, 0, -256, 0x4f7fffff)
#if XLEN == 64
TEST_FP_TOINT(180, S, fcvt.l.s, rtz, FFLAG_NX, 1, 0x3f8ccccd)
TEST_FP_TOINT(181, S, fcvt.l.s, rdn, FFLAG_NX, -3, 0xc0200000)
TEST_FP_TOINT(182, S, fcvt.l.s, rne, 0, 0x4000000000000000, 0x5e800000)
TEST_FP_TOINT(183, S, fcvt.l.s, rne, FFLAG_NV, 0x7fffffffffffffff, 0x5f000000)
TEST_FP_TOINT(184, S, fcvt.l.s, rne, 0, 0x8000000000000000, 0xdf000000)
TEST_FP_TOINT(185, S, fcvt.l.s, rne, FFLAG_NV, 0x8000000000000000, 0xff800000)
TEST_FP_TOINT(186, S, fcvt.l.s, rne, FFLAG_NV, 0x7fffffffffffffff, 0x7fc00000)
TEST_FP_TOINT(187, S, fcvt.l.s, rne, 0, 0x38d7ea4000000, 0x58635fa9)
TEST_FP_TOINT(188, S, fcvt.lu.s, rtz, FFLAG_NX, 1, 0x3f8ccccd)
TEST_FP_TOINT(189, S, fcvt.lu.s, rtz, FFLAG_NX, 0, 0xbf000000)
TEST_FP_TOINT(190, S, fcvt.lu.s, rne, FFLAG_NV, 0, 0xbf800000)
TEST_FP_TOINT(191, S, fcvt.lu.s, rne, 0, 0x8000000000000000, 0x5f000000)
TEST_FP_TOINT(192, S, fcvt.lu.s, rne, FFLAG_NV, -1, 0x5f800000)
TEST_FP_TOINT(193, S, fcvt.lu.s, rne, FFLAG_NV, -1, 0x7f800001)
TEST_FP_TOINT(194, S, fcvt.lu.s, rne, 0, 0xf9ccd90000000000, 0x5f79ccd9)
#endif
/* ---- conversions from integer ---- */
TEST_FP_FROMINT(195, S, fcvt.s.w, rne, 0, 0x00000000, 0)
TEST_FP_FROMINT(196, S, fcvt.s.w, rne, 0, 0x3f800000, 1)
TEST_FP_FROMINT(197, S, fcvt.s.w, rne, 0, 0xbf800000, -1)
TEST_FP_FROMINT(198, S, fcvt.s.w, rne, 0, 0xcf000000, 0xffffffff80000000)
TEST_FP_FROMINT(199, S, fcvt.s.w, rne, FFLAG_NX, 0x4f000000, 0x7fffffff)
TEST_FP_FROMINT(200, S, fcvt.s.w, rtz, FFLAG_NX, 0x4effffff, 0x7fffffff)
TEST_FP_FROMINT(201, S, fcvt.s.w, rne, FFLAG_NX, 0x4b800000, 0x1000001)
TEST_FP_FROMINT(202, S, fcvt.s.w, rup, FFLAG_NX, 0x4b800001, 0x1000001)
TEST_FP_FROMINT(203, S, fcvt.s.w, rmm, FFLAG_NX, 0xcb800002, 0xfffffffffefffffd)
TEST_FP_FROMINT(204, S, fcvt.s.wu, rne, FFLAG_NX, 0x4f800000, -1)
TEST_FP_FROMINT(205, S, fcvt.s.wu, rtz, FFLAG_NX, 0x4f7fffff, -1)
TEST_FP_FROMINT(206, S, fcvt.s.wu, rne, 0, 0x4f000000, 0x80000000)
#if XLEN == 64
TEST_FP_FROMINT(207, S, fcvt.s.l, rne, 0, 0x00000000, 0)
TEST_FP_FROMINT(208, S, fcvt.s.l, rne, 0, 0xbf800000, -1)
TEST_FP_FROMINT(209, S, fcvt.s.l, rne, 0, 0xdf000000, 0x8000000000000000)
TEST_FP_FROMINT(210, S, fcvt.s.l, rne, FFLAG_NX, 0x5f000000, 0x7fffffffffffffff)
TEST_FP_FROMINT(211, S, fcvt.s.l, rtz, FFLAG_NX, 0x5effffff, 0x7fffffffffffffff)
TEST_FP_FROMINT(212, S, fcvt.s.l, rne, FFLAG_NX, 0x5a000000, 0x20000000000001)
TEST_FP_FROMINT(213, S, fcvt.s.l, rdn, FFLAG_NX, 0x5b91a2b3, 0x123456789abcdef)
TEST_FP_FROMINT(214, S, fcvt.s.lu, rne, FFLAG_NX, 0x5f800000, -1)
TEST_FP_FROMINT(215, S, fcvt.s.lu, rdn, FFLAG_NX, 0x5f7fffff, -1)
TEST_FP_FROMINT(216, S, fcvt.s.lu, rne, 0, 0x5f000000, 0x8000000000000000)
#endif

/* ---- flw / fsw: bits move unchanged (a signaling NaN stays signaling) ---- */
CASE(217); la a1, fdat; flw fa0, 0(a1); fsw fa0, 8(a1); lw a4, 8(a1); CHECK(a4, 0x7f800001)
CASE(218); la a1, fdat; addi a1, a1, 8; flw fa0, -4(a1); fsw fa0, 4(a1); lw a4, 4(a1); CHECK(a4, 0xffffffffbf800000)
CASE(219); la a1, fdat; flw fa0, 0(a1); fmv.x.w a4, fa0; CHECK(a4, 0x7f800001)
/* flw NaN-boxes: the upper half of the f register becomes all ones */
CASE(220); la a1, fdat; flw fa0, 4(a1); fsd fa0, 16(a1); lw a4, 20(a1); CHECK(a4, -1); lw a4, 16(a1)
           CHECK(a4, 0xffffffffbf800000)
/* ---- fmv.x.w sign-extends on RV64; fmv.w.x ignores upper bits and boxes ---- */
CASE(221); li a1, MASK_XLEN(0xffffffff80000000); fmv.w.x fa0, a1; fmv.x.w a4, fa0; CHECK(a4, 0xffffffff80000000)
CASE(222); li a1, 0x7fc00000; fmv.w.x fa0, a1; fmv.x.w a4, fa0; CHECK(a4, 0x7fc00000)
CASE(223); li a1, MASK_XLEN(0x123456783f800000); fmv.w.x fa0, a1; la a2, fdat; fsd fa0, 16(a2)
           lw a4, 16(a2); CHECK(a4, 0x3f800000); lw a4, 20(a2); CHECK(a4, -1)
/* fmv of a signaling NaN: no flags, bits kept */
CASE(224); fsflags x0; li a1, 0x7f800001; fmv.w.x fa0, a1; fmv.x.w a4, fa0; CHECK(a4, 0x7f800001); CHECK_FFLAGS(0)

/* ---- dynamic rounding mode (frm) ---- */
CASE(225); fsrmi FRM_RTZ; li a1, 0x3f800000; fmv.w.x fa0, a1; li a1, 0x33c00000; fmv.w.x fa1, a1
           fadd.s fa3, fa0, fa1, dyn; fmv.x.w a4, fa3; CHECK(a4, 0x3f800000)
CASE(226); fsrmi FRM_RUP; fadd.s fa3, fa0, fa1; fmv.x.w a4, fa3; CHECK(a4, 0x3f800001)
/* a static rounding mode overrides frm */
CASE(227); fsrmi FRM_RUP; fadd.s fa3, fa0, fa1, rtz; fmv.x.w a4, fa3; CHECK(a4, 0x3f800000)
CASE(228); fsrmi FRM_RDN; li a1, 0xc0200000; fmv.w.x fa0, a1; fcvt.w.s a4, fa0, dyn; CHECK(a4, -3)
CASE(229); fsrmi FRM_RMM; li a1, 0xc0200000; fmv.w.x fa0, a1; fcvt.w.s a4, fa0, dyn; CHECK(a4, -3)
CASE(230); fsrmi FRM_RNE; li a1, 0xc0200000; fmv.w.x fa0, a1; fcvt.w.s a4, fa0, dyn; CHECK(a4, -2)
CASE(231); fsrmi FRM_RTZ; li a1, 1; li a2, 3; fcvt.s.w fa0, a1; fcvt.s.w fa1, a2; fdiv.s fa3, fa0, fa1
           fmv.x.w a4, fa3; CHECK(a4, 0x3eaaaaaa); fsrmi FRM_RNE

/* ---- reserved rounding modes: static 5 and 6, or dyn with frm 5..7 ---- */
TEST_ILLEGAL(232, .insn r 0x53, 5, 0x00, fa3, fa0, fa1)    /* fadd.s rm=5 */
TEST_ILLEGAL(233, .insn r 0x53, 6, 0x08, fa3, fa0, fa1)    /* fmul.s rm=6 */
CASE(234); fsrmi 5; frrm a4; CHECK(a4, 5)
TEST_ILLEGAL(235, fadd.s fa3, fa0, fa1, dyn)
CASE(236); fsrmi 7
TEST_ILLEGAL(237, fsqrt.s fa3, fa0, dyn)
/* instructions without a rounding mode are not affected by a bad frm */
CASE(238); li a1, 0x3f800000; fmv.w.x fa0, a1; li a1, 0x40000000; fmv.w.x fa1, a1; fmin.s fa3, fa0, fa1
           fmv.x.w a4, fa3; CHECK(a4, 0x3f800000)
CASE(239); fsgnjn.s fa3, fa0, fa0; fmv.x.w a4, fa3; CHECK(a4, 0xffffffffbf800000); feq.s a4, fa0, fa0; CHECK(a4, 1)
CASE(240); fsrmi FRM_RNE; fadd.s fa3, fa0, fa1; fmv.x.w a4, fa3; CHECK(a4, 0x40400000)

/* ---- NaN-boxing: an input whose upper 32 bits are not all ones is the
 *      canonical NaN (quiet: no flags) ---- */
CASE(241); la a1, fdat; fld fa0, 24(a1); li a2, 0x3f800000; fmv.w.x fa1, a2; fsflags x0
           fadd.s fa3, fa0, fa1; fmv.x.w a4, fa3; CHECK(a4, 0x7fc00000); CHECK_FFLAGS(0)
CASE(242); fmul.s fa3, fa1, fa0; fmv.x.w a4, fa3; CHECK(a4, 0x7fc00000); CHECK_FFLAGS(0)
/* sign injection of an unboxed value: canonical NaN with the injected sign */
CASE(243); li a2, 0xbf800000; fmv.w.x fa1, a2; fsgnj.s fa3, fa0, fa1; fmv.x.w a4, fa3; CHECK(a4, 0xffffffffffc00000)
/* fmin with an unboxed operand returns the other one */
CASE(244); fmin.s fa3, fa0, fa1; fmv.x.w a4, fa3; CHECK(a4, 0xffffffffbf800000); CHECK_FFLAGS(0)
CASE(245); feq.s a4, fa0, fa0; CHECK(a4, 0); CHECK_FFLAGS(0)
CASE(246); fclass.s a4, fa0; CHECK(a4, 0x200)
CASE(247); fcvt.w.s a4, fa0, rtz; CHECK(a4, 0x7fffffff); CHECK_FFLAGS(FFLAG_NV)
/* transfers ignore the upper half: fmv.x.w and fsw move the low 32 bits */
CASE(248); fmv.x.w a4, fa0; CHECK(a4, 0x3f800000)
CASE(249); la a1, fdat; fsw fa0, 8(a1); lw a4, 8(a1); CHECK(a4, 0x3f800000)
/* an upper half that is all ones except one bit is not a valid box */
CASE(250); la a1, fdat; fld fa0, 32(a1); fsqrt.s fa3, fa0; fmv.x.w a4, fa3; CHECK(a4, 0x7fc00000)
/* a properly boxed value loaded with fld works */
CASE(251); la a1, fdat; fld fa0, 40(a1); fadd.s fa3, fa0, fa0; fmv.x.w a4, fa3; CHECK(a4, 0x40000000)

    .pushsection .data; .balign 8
fdat:
    .word 0x7f800001, 0xbf800000     /*  0: sNaN, -1.0 */
    .word 0, 0                       /*  8: scratch */
    .word 0, 0                       /* 16: scratch */
    .word 0x3f800000, 0x00000000     /* 24: 1.0 not NaN-boxed (upper zero) */
    .word 0x40800000, 0xfffeffff     /* 32: 4.0, upper half one bit short */
    .word 0x3f800000, 0xffffffff     /* 40: 1.0 properly boxed */
    .popsection

    TEST_PASS
