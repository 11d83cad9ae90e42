/*
 * rv_wordops.S - RV64I/M-free word operations (built for RV64 only).
 *
 * addw subw sllw srlw sraw addiw slliw srliw sraiw: each works on the low 32
 * bits of its sources (the upper 32 bits are ignored, so the operands carry
 * garbage there), shifts by the low 5 bits of the amount, and writes the
 * 32-bit result sign-extended to 64 bits.
 */
#include "test_macros.h"

#if __riscv_xlen != 64
#error "rv_wordops is an RV64-only test"
#endif

TEST_BEGIN
    .option norvc      /* c.addw/c.subw/c.addiw are tested in rv_compressed */

/* addw */
TEST_RR_OP(1, addw, 0, 0, 0)
TEST_RR_OP(2, addw, 2, 1, 1)
TEST_RR_OP(3, addw, 0xa, 3, 7)
TEST_RR_OP(4, addw, 0xffffffff80000000, 0x7fffffff, 1)
TEST_RR_OP(5, addw, 0x7fffffff, 0x80000000, -1)
TEST_RR_OP(6, addw, 0, -1, 1)
TEST_RR_OP(7, addw, -2, -1, -1)
TEST_RR_OP(8, addw, -1, 0xffffffff, 0)
TEST_RR_OP(9, addw, 3, 0x1234567800000001, 0xabcdef0000000002)
TEST_RR_OP(10, addw, -2, 0x7fffffff, 0x7fffffff)
TEST_RR_OP(11, addw, 0, 0x100000000, 0x100000000)
/* subw */
TEST_RR_OP(12, subw, 0, 0, 0)
TEST_RR_OP(13, subw, 0, 1, 1)
TEST_RR_OP(14, subw, -4, 3, 7)
TEST_RR_OP(15, subw, 0x7fffffff, 0x80000000, 1)
TEST_RR_OP(16, subw, 0xffffffff80000000, 0x7fffffff, -1)
TEST_RR_OP(17, subw, 0xffffffff80000000, 0, 0x80000000)
TEST_RR_OP(18, subw, 0, -1, -1)
TEST_RR_OP(19, subw, -1, 0xffffffff00000000, 1)
TEST_RR_OP(20, subw, 3, 0x1234567800000005, 0xabcdef0000000002)
TEST_RR_OP(21, subw, -1, 0, 1)
/* sllw */
TEST_RR_OP(22, sllw, 1, 1, 0)
TEST_RR_OP(23, sllw, 2, 1, 1)
TEST_RR_OP(24, sllw, 0x80, 1, 7)
TEST_RR_OP(25, sllw, 0xffffffff80000000, 1, 0x1f)
TEST_RR_OP(26, sllw, 0xffffffff80000000, -1, 0x1f)
TEST_RR_OP(27, sllw, 0x48484000, 0x21212121, 0xe)
TEST_RR_OP(28, sllw, 1, 1, 0x20)
TEST_RR_OP(29, sllw, 0xffffffff80000000, 1, 0x3f)
TEST_RR_OP(30, sllw, 0xffffffff80000000, 0x21212121, -1)
TEST_RR_OP(31, sllw, 0x23456780, 0xffffffff12345678, 4)
TEST_RR_OP(32, sllw, 2, 0x180000001, 1)
/* srlw */
TEST_RR_OP(33, srlw, 0xffffffff80000000, 0x80000000, 0)
TEST_RR_OP(34, srlw, 0x40000000, 0x80000000, 1)
TEST_RR_OP(35, srlw, 1, 0x80000000, 0x1f)
TEST_RR_OP(36, srlw, 0x7fffffff, -1, 1)
TEST_RR_OP(37, srlw, 1, -1, 0x1f)
TEST_RR_OP(38, srlw, 0x8484, 0x21212121, 0xe)
TEST_RR_OP(39, srlw, -1, -1, 0x20)
TEST_RR_OP(40, srlw, 0x40000000, 0xffffffff80000000, 0x21)
TEST_RR_OP(41, srlw, 0xffffffff80000000, 0x1234567880000000, 0)
TEST_RR_OP(42, srlw, 0, 0xffffffff00000000, 4)
TEST_RR_OP(43, srlw, 1, -1, -1)
/* sraw */
TEST_RR_OP(44, sraw, 0xffffffff80000000, 0x80000000, 0)
TEST_RR_OP(45, sraw, 0xffffffffc0000000, 0x80000000, 1)
TEST_RR_OP(46, sraw, -1, 0x80000000, 0x1f)
TEST_RR_OP(47, sraw, 0x3fffffff, 0x7fffffff, 1)
TEST_RR_OP(48, sraw, 0, 0x7fffffff, 0x1f)
TEST_RR_OP(49, sraw, -1, -1, 1)
TEST_RR_OP(50, sraw, 0x8484, 0x21212121, 0xe)
TEST_RR_OP(51, sraw, 0xffffffff80000000, 0x80000000, 0x20)
TEST_RR_OP(52, sraw, 0xffffffffc0000000, 0x80000000, 0x21)
TEST_RR_OP(53, sraw, 0x7ffffff, 0xffffffff7fffffff, 4)
TEST_RR_OP(54, sraw, 0xffffffffff000000, 0x12345678f0000000, 4)
/* addiw */
TEST_IMM_OP(55, addiw, 0, 0, 0)
TEST_IMM_OP(56, addiw, 2, 1, 1)
TEST_IMM_OP(57, addiw, -2048, 0, -2048)
TEST_IMM_OP(58, addiw, 0x7ff, 0, 2047)
TEST_IMM_OP(59, addiw, 0xffffffff80000000, 0x7fffffff, 1)
TEST_IMM_OP(60, addiw, 0x7fffffff, 0x80000000, -1)
TEST_IMM_OP(61, addiw, 0, -1, 1)
TEST_IMM_OP(62, addiw, -1, 0xffffffff, 0)
TEST_IMM_OP(63, addiw, 0x10000, 0x123456780000ffff, 1)
TEST_IMM_OP(64, addiw, 0x7fffffff, 0x7ffff800, 2047)
/* slliw */
TEST_IMM_OP(65, slliw, 1, 1, 0)
TEST_IMM_OP(66, slliw, 2, 1, 1)
TEST_IMM_OP(67, slliw, 0xffffffff80000000, 1, 31)
TEST_IMM_OP(68, slliw, 0xffffffff80000000, -1, 31)
TEST_IMM_OP(69, slliw, 0x48484000, 0x21212121, 14)
TEST_IMM_OP(70, slliw, 0x23456780, 0xffffffff12345678, 4)
TEST_IMM_OP(71, slliw, -1, 0x1ffffffff, 0)
/* srliw */
TEST_IMM_OP(72, srliw, 0xffffffff80000000, 0x80000000, 0)
TEST_IMM_OP(73, srliw, 0x40000000, 0x80000000, 1)
TEST_IMM_OP(74, srliw, 1, 0x80000000, 31)
TEST_IMM_OP(75, srliw, 1, -1, 31)
TEST_IMM_OP(76, srliw, 0x8484, 0x21212121, 14)
TEST_IMM_OP(77, srliw, 0x1234567, 0xfedcba9812345678, 4)
TEST_IMM_OP(78, srliw, -1, -1, 0)
/* sraiw */
TEST_IMM_OP(79, sraiw, 0xffffffff80000000, 0x80000000, 0)
TEST_IMM_OP(80, sraiw, 0xffffffffc0000000, 0x80000000, 1)
TEST_IMM_OP(81, sraiw, -1, 0x80000000, 31)
TEST_IMM_OP(82, sraiw, 0, 0x7fffffff, 31)
TEST_IMM_OP(83, sraiw, 0x8484, 0x21212121, 14)
TEST_IMM_OP(84, sraiw, 0xffffffffff000000, 0x12345678f0000000, 4)
TEST_IMM_OP(85, sraiw, 0x7fffffff, 0xffffffff7fffffff, 0)

/* sext.w (addiw rd, rs, 0) and register aliasing */
TEST_CASE(86, a4, 0xffffffff80000000, li a4, 0x0123456780000000; sext.w a4, a4)
TEST_CASE(87, a4, 0x7fffffff, li a4, 0xfedcba987fffffff; sext.w a4, a4)
TEST_RR_SRC1_EQ_DEST(88, addw, 0xffffffff80000000, 0x7fffffff, 1)
TEST_RR_SRC2_EQ_DEST(89, subw, 0x7fffffff, 0x80000000, 1)
TEST_RR_SRC12_EQ_DEST(90, sllw, 0x18, 3)
TEST_RR_ZERO_DEST(91, addw, 1, 2)
TEST_IMM_ZERO_DEST(92, addiw, 1, 2)
TEST_RR_ZERO_SRC1(93, subw, -5, 5)
TEST_RR_ZERO_SRC2(94, sraw, 0xffffffff80000000, 0x0000000080000000)

    TEST_PASS
