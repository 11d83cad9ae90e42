/*
 * rv_jump.S - jal and jalr.
 *
 * Link value = address of the jump + 4; the target is pc + offset (jal) or
 * (rs1 + offset) with bit 0 cleared (jalr); rd = x0 writes nothing; with
 * rd == rs1 jalr computes the target from the old rs1.  Offsets: forward,
 * backward, beyond the 12-bit range, the jalr immediate edges -2048 and
 * 2047, and 2-byte aligned targets (legal because C is implemented).
 */
#include "test_macros.h"

TEST_BEGIN
    .option norvc

/* jal: link and target */
CASE(1)
    li a4, 0
    jal a4, 1f
2:  j fail
1:  la a5, 2b; CHECK_EQ(a4, a5)

/* jal x0 (j) writes nothing and skips the following instructions */
CASE(2)
    li a4, 5
    jal x0, 1f
    li a4, 6
1:  CHECK(a4, 5)

/* jal ra, backward target: the subroutine returns through ra */
CASE(3)
    li a4, 0
    j 3f
1:  addi a4, a4, 1
    jalr x0, 0(ra)
3:  jal ra, 1b
2:  CHECK(a4, 1)
    la a5, 2b; CHECK_EQ(ra, a5)

/* jal over more than the 12-bit branch range (offset > 4 KiB) */
CASE(4)
    li a4, 1
    jal a5, 1f
2:  .skip 0x2000
1:  la a6, 2b; CHECK_EQ(a5, a6); CHECK(a4, 1)

/* jalr: link value and target */
CASE(5)
    la a1, 1f
    jalr a4, 0(a1)
2:  j fail
1:  la a5, 2b; CHECK_EQ(a4, a5)

/* jalr clears bit 0 of the target: odd base */
CASE(6)
    la a1, 1f
    addi a1, a1, 1
    jalr a4, 0(a1)
    j fail
1:  nop

/* jalr clears bit 0: odd immediate */
CASE(7)
    la a1, 1f
    jalr a4, 1(a1)
    j fail
1:  nop

/* jalr clears bit 0 of the sum only: base odd, immediate odd -> even target */
CASE(8)
    la a1, 1f
    addi a1, a1, -3
    jalr a4, 3(a1)
    j fail
1:  nop

/* jalr immediate -2048 */
CASE(9)
    la a1, 1f
    addi a1, a1, 2047
    addi a1, a1, 1
    jalr a4, -2048(a1)
    j fail
1:  nop

/* jalr immediate 2047 (base target - 2047, sum even) */
CASE(10)
    la a1, 1f
    addi a1, a1, -2047
    jalr a4, 2047(a1)
    j fail
1:  nop

/* jalr immediate 2047 with base target - 2046: sum odd, bit 0 cleared */
CASE(11)
    la a1, 1f
    addi a1, a1, -2046
    jalr a4, 2047(a1)
    j fail
1:  nop

/* jalr with rd == rs1: target from the old value, link written after */
CASE(12)
    la a1, 1f
    jalr a1, 0(a1)
2:  j fail
1:  la a5, 2b; CHECK_EQ(a1, a5)

/* jalr x0 writes nothing */
CASE(13)
    li a4, 3
    la a1, 1f
    jalr x0, 0(a1)
    li a4, 4
1:  CHECK(a4, 3)

/* jalr backward through a register, then return: call/ret pattern */
CASE(14)
    li a4, 0
    j 3f
1:  addi a4, a4, 7
    ret
3:  la a1, 1b
    jalr ra, 0(a1)
2:  CHECK(a4, 7)
    la a5, 2b; CHECK_EQ(ra, a5)

/* jal to a 2-byte aligned target */
CASE(15)
    li a4, 0
    jal a5, 1f
2:  .2byte 0
1:  .option push; .option rvc; c.addi a4, 1; c.nop; .option pop
    CHECK(a4, 1)
    la a6, 2b; CHECK_EQ(a5, a6)

/* jalr to a 2-byte aligned target (even sum with bit 1 set) */
CASE(16)
    li a4, 0
    la a1, 1f
    jalr a5, 0(a1)
2:  .2byte 0
1:  .option push; .option rvc; c.addi a4, 2; c.nop; .option pop
    CHECK(a4, 2)
    la a6, 2b; CHECK_EQ(a5, a6)

/* the link register of jal may be any register; values in other registers
 * survive the jump */
CASE(17)
    li a6, 0x123
    jal t0, 1f
2:  j fail
1:  la a5, 2b; CHECK_EQ(t0, a5); CHECK(a6, 0x123)

/* jalr's link value is the address after the jalr, also when the jump goes
 * to the very next instruction */
CASE(18)
    la a1, 1f
    jalr a4, 0(a1)
1:  la a5, 1b; CHECK_EQ(a4, a5)

/* a chain of jal with the same link register keeps only the last link */
CASE(19)
    jal a4, 1f
1:  jal a4, 2f
2:  la a5, 2b; CHECK_EQ(a4, a5)

    TEST_PASS
