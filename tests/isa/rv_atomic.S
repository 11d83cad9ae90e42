/*
 * rv_atomic.S - the A extension.
 *
 * lr/sc: a store-conditional after a load-reserved of the same address
 * succeeds (rd = 0, memory written); without a reservation, after the
 * reservation was used, or to another address it fails (rd != 0, memory
 * unchanged).  lr.w sign-extends on RV64.  Every AMO in .w (and .d on RV64):
 * rd = the old memory value (.w sign-extended), memory = op(old, rs2);
 * min/max signed and unsigned; .w ignores the upper half of rs2 on RV64;
 * aq/rl variants; rd = x0 and rd = rs2.
 */
#include "test_macros.h"

TEST_BEGIN
    .option norvc

/* ---- lr.w / sc.w ---- */
/* sc without any reservation fails and leaves memory alone */
CASE(1); la a1, amo_dat; li a3, 111; sw a3, 0(a1); li a2, 222; sc.w a4, a2, (a1)
         beqz a4, fail_sc; lw a5, 0(a1); CHECK(a5, 111)
/* lr then sc: success */
CASE(2); la a1, amo_dat; lr.w a4, (a1); CHECK(a4, 111)
         li a2, 333; sc.w a5, a2, (a1); CHECK(a5, 0); lw a6, 0(a1); CHECK(a6, 333)
/* the reservation is consumed: a second sc fails */
CASE(3); la a1, amo_dat; li a2, 444; sc.w a5, a2, (a1); beqz a5, fail_sc
         lw a6, 0(a1); CHECK(a6, 333)
/* sc to a different address than the reserved one fails */
CASE(4); la a1, amo_dat; lr.w a4, (a1); li a2, 555; addi a3, a1, 64; sc.w a5, a2, (a3)
         beqz a5, fail_sc; lw a6, 64(a1); CHECK(a6, 0); lw a6, 0(a1); CHECK(a6, 333)
/* lr.w sign-extends */
CASE(5); la a1, amo_dat; li a3, 0x80000001; sw a3, 0(a1); lr.w a4, (a1); CHECK(a4, 0xffffffff80000001)
         sc.w a5, a3, (a1); CHECK(a5, 0)
/* the sc source register is not modified; rd == rs2 is allowed */
CASE(6); la a1, amo_dat; lr.w a4, (a1); li a2, 0x1234; sc.w a2, a2, (a1); CHECK(a2, 0)
         lw a6, 0(a1); CHECK(a6, 0x1234)
/* aq/rl variants */
CASE(7); la a1, amo_dat; lr.w.aq a4, (a1); CHECK(a4, 0x1234); li a2, 77; sc.w.rl a5, a2, (a1)
         CHECK(a5, 0); lw a6, 0(a1); CHECK(a6, 77)
CASE(8); la a1, amo_dat; lr.w.aqrl a4, (a1); li a2, 78; sc.w.aqrl a5, a2, (a1); CHECK(a5, 0)
         lw a6, 0(a1); CHECK(a6, 78)
/* a retry loop (the usual compare-and-swap idiom) terminates */
CASE(9); la a1, amo_dat; li a3, 10
1:       lr.w a4, (a1); addi a4, a4, 1; sc.w a5, a4, (a1); bnez a5, 1b
         addi a3, a3, -1; bnez a3, 1b; lw a6, 0(a1); CHECK(a6, 88)
/* lr into x0 still reserves */
CASE(10); la a1, amo_dat; lr.w x0, (a1); li a2, 5; sc.w a5, a2, (a1); CHECK(a5, 0)
          lw a6, 0(a1); CHECK(a6, 5)

#if XLEN == 64
/* ---- lr.d / sc.d ---- */
CASE(11); la a1, amo_dat; li a3, 0x0123456789abcdef; sd a3, 0(a1); li a2, 1; sc.d a4, a2, (a1)
          beqz a4, fail_sc; ld a5, 0(a1); CHECK(a5, 0x0123456789abcdef)
CASE(12); la a1, amo_dat; lr.d a4, (a1); CHECK(a4, 0x0123456789abcdef)
          li a2, 0xfedcba9876543210; sc.d a5, a2, (a1); CHECK(a5, 0); ld a6, 0(a1); CHECK(a6, 0xfedcba9876543210)
CASE(13); la a1, amo_dat; li a2, 3; sc.d a5, a2, (a1); beqz a5, fail_sc; ld a6, 0(a1); CHECK(a6, 0xfedcba9876543210)
CASE(14); la a1, amo_dat; lr.d a4, (a1); li a2, 9; addi a3, a1, 64; sc.d a5, a2, (a3); beqz a5, fail_sc
          ld a6, 64(a1); CHECK(a6, 0)
/* sc.w after lr.w writes only the word: the upper word of the dword stays */
CASE(15); la a1, amo_dat; lr.w a4, (a1); CHECK(a4, 0x76543210); li a2, -1; sc.w a5, a2, (a1)
          CHECK(a5, 0); ld a6, 0(a1); CHECK(a6, 0xfedcba98ffffffff)
#endif
    j 1f
fail_sc:
    j fail
1:

/* ---- AMOs ---- */
TEST_AMO(21, amoswap.w, lw, sw, 0x12345678, 0xffffffffdeadbeef, 0x12345678, 0xffffffffdeadbeef)
TEST_AMO(22, amoswap.w, lw, sw, 0xffffffff80000000, 0x7fffffff, 0xffffffff80000000, 0x7fffffff)
TEST_AMO(23, amoadd.w, lw, sw, 0x7fffffff, 1, 0x7fffffff, 0xffffffff80000000)
TEST_AMO(24, amoadd.w, lw, sw, -1, 2, -1, 1)
TEST_AMO(25, amoadd.w, lw, sw, 5, -3, 5, 2)
TEST_AMO(26, amoxor.w, lw, sw, 0xffffffffff00ff00, 0xff00ff0, 0xffffffffff00ff00, 0xfffffffff0f0f0f0)
TEST_AMO(27, amoxor.w, lw, sw, 0xffffffff80000001, -1, 0xffffffff80000001, 0x7ffffffe)
TEST_AMO(28, amoand.w, lw, sw, 0xffffffffff00ff00, 0xff00ff0, 0xffffffffff00ff00, 0xf000f00)
TEST_AMO(29, amoand.w, lw, sw, 0xffffffff80000001, -1, 0xffffffff80000001, 0xffffffff80000001)
TEST_AMO(30, amoor.w, lw, sw, 0xffffffffff00ff00, 0xff00ff0, 0xffffffffff00ff00, 0xfffffffffff0fff0)
TEST_AMO(31, amoor.w, lw, sw, 0xffffffff80000000, 1, 0xffffffff80000000, 0xffffffff80000001)
TEST_AMO(32, amomin.w, lw, sw, 5, -3, 5, -3)
TEST_AMO(33, amomin.w, lw, sw, -3, 5, -3, -3)
TEST_AMO(34, amomin.w, lw, sw, 0xffffffff80000000, 0x7fffffff, 0xffffffff80000000, 0xffffffff80000000)
TEST_AMO(35, amomin.w, lw, sw, 7, 7, 7, 7)
TEST_AMO(36, amomax.w, lw, sw, 5, -3, 5, 5)
TEST_AMO(37, amomax.w, lw, sw, -3, 5, -3, 5)
TEST_AMO(38, amomax.w, lw, sw, 0xffffffff80000000, 0x7fffffff, 0xffffffff80000000, 0x7fffffff)
TEST_AMO(39, amominu.w, lw, sw, 5, -3, 5, 5)
TEST_AMO(40, amominu.w, lw, sw, -3, 5, -3, 5)
TEST_AMO(41, amominu.w, lw, sw, 0xffffffff80000000, 0x7fffffff, 0xffffffff80000000, 0x7fffffff)
TEST_AMO(42, amomaxu.w, lw, sw, 5, -3, 5, -3)
TEST_AMO(43, amomaxu.w, lw, sw, -3, 5, -3, -3)
TEST_AMO(44, amomaxu.w, lw, sw, 0xffffffff80000000, 0x7fffffff, 0xffffffff80000000, 0xffffffff80000000)
#if XLEN == 64
TEST_AMO(45, amoswap.d, ld, sd, 0x123456789abcdef, 0xfedcba9876543210, 0x123456789abcdef, 0xfedcba9876543210)
TEST_AMO(46, amoadd.d, ld, sd, 0x7fffffffffffffff, 1, 0x7fffffffffffffff, 0x8000000000000000)
TEST_AMO(47, amoadd.d, ld, sd, 0xffffffff, 1, 0xffffffff, 0x100000000)
TEST_AMO(48, amoxor.d, ld, sd, 0xff00ff00ff00ff00, 0xff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xf0f0f0f0f0f0f0f0)
TEST_AMO(49, amoand.d, ld, sd, 0xff00ff00ff00ff00, 0xff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xf000f000f000f00)
TEST_AMO(50, amoor.d, ld, sd, 0xff00ff00ff00ff00, 0xff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xfff0fff0fff0fff0)
TEST_AMO(51, amomin.d, ld, sd, 5, -3, 5, -3)
TEST_AMO(52, amomin.d, ld, sd, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000)
TEST_AMO(53, amomin.d, ld, sd, 0x80000000, 1, 0x80000000, 1)
TEST_AMO(54, amomax.d, ld, sd, 5, -3, 5, 5)
TEST_AMO(55, amomax.d, ld, sd, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
TEST_AMO(56, amomax.d, ld, sd, 0x80000000, 1, 0x80000000, 0x80000000)
TEST_AMO(57, amominu.d, ld, sd, 5, -3, 5, 5)
TEST_AMO(58, amominu.d, ld, sd, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
TEST_AMO(59, amomaxu.d, ld, sd, 5, -3, 5, -3)
TEST_AMO(60, amomaxu.d, ld, sd, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000)
#endif

/* aq/rl variants, rd == x0 (memory still updated), rd == rs2 */
TEST_AMO(90, amoadd.w.aq, lw, sw, 40, 2, 40, 42)
TEST_AMO(91, amoswap.w.rl, lw, sw, 40, 3, 40, 3)
TEST_AMO(92, amoor.w.aqrl, lw, sw, 0x40, 3, 0x40, 0x43)
CASE(93); la a1, amo_dat; li a3, 100; sw a3, 0(a1); li a2, 7; amoadd.w x0, a2, (a1); lw a5, 0(a1); CHECK(a5, 107)
CASE(94); la a1, amo_dat; li a3, 100; sw a3, 0(a1); li a2, 7; amoswap.w a2, a2, (a1); CHECK(a2, 100)
          lw a5, 0(a1); CHECK(a5, 7)
/* the AMO accesses only its own word: the neighbour is unchanged */
CASE(95); la a1, amo_dat; li a3, 0x55; sw a3, 4(a1); li a2, -1; amoand.w a4, a2, (a1); lw a5, 4(a1); CHECK(a5, 0x55)
#if XLEN == 64
/* .w ignores the upper half of rs2 */
TEST_AMO(96, amoadd.w, lw, sw, 1, 0x1234567800000001, 1, 2)
TEST_AMO(97, amomin.w, lw, sw, 5, 0x00000000ffffffff, 5, -1)
TEST_AMO(98, amominu.w, lw, sw, 5, 0x7fffffff00000003, 5, 3)
TEST_AMO(99, amomaxu.w, lw, sw, 5, 0x00000000ffffffff, 5, -1)
TEST_AMO(100, amoswap.d.aqrl, ld, sd, -1, 0, -1, 0)
CASE(101); la a1, amo_dat; li a3, 100; sd a3, 0(a1); li a2, 7; amoadd.d x0, a2, (a1); ld a5, 0(a1); CHECK(a5, 107)
/* amoadd.w on the upper word of a dword leaves the lower word */
CASE(102); la a1, amo_dat; li a3, 0x00000001ffffffff; sd a3, 0(a1); li a2, 1; addi a3, a1, 4; amoadd.w a4, a2, (a3)
           CHECK(a4, 1); ld a5, 0(a1); CHECK(a5, 0x00000002ffffffff)
#endif

    .pushsection .data; .balign 64
amo_dat: .fill 128, 1, 0
    .popsection

    TEST_PASS
