/*
 * rv_branch.S - conditional branches beq bne blt bge bltu bgeu.
 *
 * Each is run taken and not taken with edge operands (signed and unsigned
 * extremes, equal operands, -1 against 1, ...); then same-register operands,
 * x0 operands, backward branches in a counted loop, the largest forward
 * (+4092) and backward (-4096) offsets and a branch to a 2-byte aligned
 * target (legal with C).  Taken/not taken follows from the definition:
 * signed (blt/bge) or unsigned (bltu/bgeu) comparison of rs1 with rs2.
 */
#include "test_macros.h"

TEST_BEGIN
    .option norvc

/* beq */
TEST_BRANCH_TAKEN(1, beq, 0, 0)
TEST_BRANCH_TAKEN(2, beq, 1, 1)
TEST_BRANCH_TAKEN(3, beq, -1, -1)
TEST_BRANCH_NOT_TAKEN(4, beq, 0, 1)
TEST_BRANCH_NOT_TAKEN(5, beq, 1, 0)
TEST_BRANCH_NOT_TAKEN(6, beq, XV(0x8000000000000000, 0x80000000), XV(0x7fffffffffffffff, 0x7fffffff))
TEST_BRANCH_TAKEN(7, beq, XV(0x8000000000000000, 0x80000000), XV(0x8000000000000000, 0x80000000))
TEST_BRANCH_NOT_TAKEN(8, beq, 0x7ff00000, 0x7ff00001)
/* bne */
TEST_BRANCH_NOT_TAKEN(9, bne, 0, 0)
TEST_BRANCH_NOT_TAKEN(10, bne, 1, 1)
TEST_BRANCH_NOT_TAKEN(11, bne, -1, -1)
TEST_BRANCH_TAKEN(12, bne, 0, 1)
TEST_BRANCH_TAKEN(13, bne, 1, 0)
TEST_BRANCH_TAKEN(14, bne, XV(0x8000000000000000, 0x80000000), XV(0x7fffffffffffffff, 0x7fffffff))
TEST_BRANCH_NOT_TAKEN(15, bne, XV(0x8000000000000000, 0x80000000), XV(0x8000000000000000, 0x80000000))
TEST_BRANCH_TAKEN(16, bne, 0x7ff00000, 0x7ff00001)
/* blt */
TEST_BRANCH_NOT_TAKEN(17, blt, 0, 0)
TEST_BRANCH_TAKEN(18, blt, 0, 1)
TEST_BRANCH_NOT_TAKEN(19, blt, 1, 0)
TEST_BRANCH_TAKEN(20, blt, -1, 1)
TEST_BRANCH_NOT_TAKEN(21, blt, 1, -1)
TEST_BRANCH_TAKEN(22, blt, XV(0x8000000000000000, 0x80000000), XV(0x7fffffffffffffff, 0x7fffffff))
TEST_BRANCH_NOT_TAKEN(23, blt, XV(0x7fffffffffffffff, 0x7fffffff), XV(0x8000000000000000, 0x80000000))
TEST_BRANCH_TAKEN(24, blt, XV(0x8000000000000000, 0x80000000), -1)
TEST_BRANCH_NOT_TAKEN(25, blt, -1, XV(0x8000000000000000, 0x80000000))
TEST_BRANCH_TAKEN(26, blt, -2, -1)
TEST_BRANCH_NOT_TAKEN(27, blt, -1, -2)
TEST_BRANCH_NOT_TAKEN(28, blt, XV(0x8000000000000000, 0x80000000), XV(0x8000000000000000, 0x80000000))
/* bge */
TEST_BRANCH_TAKEN(29, bge, 0, 0)
TEST_BRANCH_NOT_TAKEN(30, bge, 0, 1)
TEST_BRANCH_TAKEN(31, bge, 1, 0)
TEST_BRANCH_NOT_TAKEN(32, bge, -1, 1)
TEST_BRANCH_TAKEN(33, bge, 1, -1)
TEST_BRANCH_NOT_TAKEN(34, bge, XV(0x8000000000000000, 0x80000000), XV(0x7fffffffffffffff, 0x7fffffff))
TEST_BRANCH_TAKEN(35, bge, XV(0x7fffffffffffffff, 0x7fffffff), XV(0x8000000000000000, 0x80000000))
TEST_BRANCH_NOT_TAKEN(36, bge, XV(0x8000000000000000, 0x80000000), -1)
TEST_BRANCH_TAKEN(37, bge, -1, XV(0x8000000000000000, 0x80000000))
TEST_BRANCH_NOT_TAKEN(38, bge, -2, -1)
TEST_BRANCH_TAKEN(39, bge, -1, -2)
TEST_BRANCH_TAKEN(40, bge, XV(0x8000000000000000, 0x80000000), XV(0x8000000000000000, 0x80000000))
/* bltu */
TEST_BRANCH_NOT_TAKEN(41, bltu, 0, 0)
TEST_BRANCH_TAKEN(42, bltu, 0, 1)
TEST_BRANCH_NOT_TAKEN(43, bltu, 1, 0)
TEST_BRANCH_NOT_TAKEN(44, bltu, -1, 1)
TEST_BRANCH_TAKEN(45, bltu, 1, -1)
TEST_BRANCH_NOT_TAKEN(46, bltu, XV(0x8000000000000000, 0x80000000), XV(0x7fffffffffffffff, 0x7fffffff))
TEST_BRANCH_TAKEN(47, bltu, XV(0x7fffffffffffffff, 0x7fffffff), XV(0x8000000000000000, 0x80000000))
TEST_BRANCH_TAKEN(48, bltu, XV(0x8000000000000000, 0x80000000), -1)
TEST_BRANCH_NOT_TAKEN(49, bltu, -1, XV(0x8000000000000000, 0x80000000))
TEST_BRANCH_TAKEN(50, bltu, -2, -1)
TEST_BRANCH_NOT_TAKEN(51, bltu, -1, -2)
TEST_BRANCH_NOT_TAKEN(52, bltu, XV(0x8000000000000000, 0x80000000), XV(0x8000000000000000, 0x80000000))
/* bgeu */
TEST_BRANCH_TAKEN(53, bgeu, 0, 0)
TEST_BRANCH_NOT_TAKEN(54, bgeu, 0, 1)
TEST_BRANCH_TAKEN(55, bgeu, 1, 0)
TEST_BRANCH_TAKEN(56, bgeu, -1, 1)
TEST_BRANCH_NOT_TAKEN(57, bgeu, 1, -1)
TEST_BRANCH_TAKEN(58, bgeu, XV(0x8000000000000000, 0x80000000), XV(0x7fffffffffffffff, 0x7fffffff))
TEST_BRANCH_NOT_TAKEN(59, bgeu, XV(0x7fffffffffffffff, 0x7fffffff), XV(0x8000000000000000, 0x80000000))
TEST_BRANCH_NOT_TAKEN(60, bgeu, XV(0x8000000000000000, 0x80000000), -1)
TEST_BRANCH_TAKEN(61, bgeu, -1, XV(0x8000000000000000, 0x80000000))
TEST_BRANCH_NOT_TAKEN(62, bgeu, -2, -1)
TEST_BRANCH_TAKEN(63, bgeu, -1, -2)
TEST_BRANCH_TAKEN(64, bgeu, XV(0x8000000000000000, 0x80000000), XV(0x8000000000000000, 0x80000000))

/* the same register as both operands */
CASE(65); li a1, -5; beq a1, a1, 1f; j fail; 1:
CASE(66); li a1, -5; bne a1, a1, fail_66; j 1f; fail_66: j fail; 1:
CASE(67); li a1, -5; blt a1, a1, fail_67; bltu a1, a1, fail_67; j 1f; fail_67: j fail; 1:
CASE(68); li a1, -5; bge a1, a1, 1f; j fail; 1: bgeu a1, a1, 1f; j fail; 1:

/* x0 operands */
CASE(69); beq x0, x0, 1f; j fail; 1:
CASE(70); li a2, -1; blt a2, x0, 1f; j fail; 1: bltu x0, a2, 1f; j fail; 1:
CASE(71); li a2, 1; bge x0, a2, fail_71; bgeu x0, a2, fail_71; j 1f; fail_71: j fail; 1:

/* backward branches: a loop runs exactly 5 times */
CASE(72); li a1, 5; li a4, 0; 1: addi a4, a4, 3; addi a1, a1, -1; bnez a1, 1b; CHECK(a4, 15)
CASE(73); li a1, -5; li a4, 0; 1: addi a4, a4, 1; addi a1, a1, 1; blt a1, x0, 1b; CHECK(a4, 5)
CASE(74); li a1, 0; li a2, 5; 1: addi a1, a1, 1; bltu a1, a2, 1b; CHECK(a1, 5)

/* a taken branch skips the instruction after it; rd-less: no register changes */
CASE(75); li a1, 1; li a4, 7; beq a1, a1, 1f; li a4, 9; 1: CHECK(a4, 7); CHECK(a1, 1)

/* largest offsets (linker relaxation off, so the assembler keeps the exact
 * short branch instead of a branch-over-jump): +4092 forward (4088 filler bytes + the branch itself +4) */
    .option push; .option norelax
CASE(76); li a1, 1; bne a1, x0, 1f; .skip 4088; 1: CHECK(a1, 1)
/* -4096 backward */
CASE(77); li a4, 0; j 2f
1:  j 3f
    .skip 4088
2:  addi a4, a4, 1; beq x0, x0, 1b    /* 1b is 4 + 4088 + 4 bytes back */
3:  CHECK(a4, 1)
    .option pop

/* branch target only 2-byte aligned: legal because C is implemented */
CASE(78)
    li a4, 0
    beq x0, x0, 1f
    .2byte 0          /* never executed */
1:  .option push; .option rvc; c.addi a4, 1; c.nop; .option pop
    addi a4, a4, 1
    CHECK(a4, 2)

    TEST_PASS
