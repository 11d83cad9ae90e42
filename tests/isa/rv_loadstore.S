/*
 * rv_loadstore.S - every load and store width.
 *
 * Loads lb lbu lh lhu lw (and lwu ld on RV64) from a table of known bytes:
 * sign or zero extension of each width, little-endian byte order, the
 * immediate edges -2048 and 2047 and negative offsets.  Stores sb sh sw (sd)
 * write only their own bytes (the neighbours are read back unchanged) and
 * only the low bits of the source; x0 as a store source writes zero; a load
 * into x0 is discarded; a load with rd == rs1 uses the old base.  Then fence
 * (all forms) and fence.i: stores to instruction memory become visible to
 * instruction fetch after fence.i (self-modifying code).
 */
#include "test_macros.h"

TEST_BEGIN
    .option norvc

/* lb */
TEST_LOAD(1, lb, 1, tdat, 0, 0)
TEST_LOAD(2, lb, 0x7f, tdat, 0, 1)
TEST_LOAD(3, lb, -128, tdat, 0, 2)
TEST_LOAD(4, lb, -1, tdat, 0, 3)
TEST_LOAD(5, lb, -128, tdat, 0, 7)
TEST_LOAD(6, lb, -86, tdat, 0, 9)
TEST_LOAD(7, lb, -51, tdat, 0, 15)
TEST_LOAD(8, lb, -128, tdat, 0, 27)
CASE(9); la a1, tdat; addi a1, a1, 2047; addi a1, a1, 2; lb a4, -2048(a1); CHECK(a4, 0x7f)
TEST_LOAD(10, lb, 0x7f, tdat, -2046, 2047)
TEST_LOAD(11, lb, 0x7f, tdat, 9, -8)
/* lbu */
TEST_LOAD(12, lbu, 1, tdat, 0, 0)
TEST_LOAD(13, lbu, 0x7f, tdat, 0, 1)
TEST_LOAD(14, lbu, 0x80, tdat, 0, 2)
TEST_LOAD(15, lbu, 0xff, tdat, 0, 3)
TEST_LOAD(16, lbu, 0x80, tdat, 0, 7)
TEST_LOAD(17, lbu, 0xaa, tdat, 0, 9)
TEST_LOAD(18, lbu, 0xcd, tdat, 0, 15)
TEST_LOAD(19, lbu, 0x80, tdat, 0, 27)
CASE(20); la a1, tdat; addi a1, a1, 2047; addi a1, a1, 2; lbu a4, -2048(a1); CHECK(a4, 0x7f)
TEST_LOAD(21, lbu, 0x7f, tdat, -2046, 2047)
TEST_LOAD(22, lbu, 0x7f, tdat, 9, -8)
/* lh */
TEST_LOAD(23, lh, 0x7f01, tdat, 0, 0)
TEST_LOAD(24, lh, -128, tdat, 0, 2)
TEST_LOAD(25, lh, 0xffffffffffff8000, tdat, 0, 6)
TEST_LOAD(26, lh, 0xffffffffffffaa55, tdat, 0, 8)
TEST_LOAD(27, lh, 0xffffffffffffcdef, tdat, 0, 14)
TEST_LOAD(28, lh, 0x7fff, tdat, 0, 22)
TEST_LOAD(29, lh, 0xffffffffffff8000, tdat, 0, 26)
CASE(30); la a1, tdat; addi a1, a1, 2047; addi a1, a1, 3; lh a4, -2048(a1); CHECK(a4, -128)
TEST_LOAD(31, lh, -128, tdat, -2045, 2047)
TEST_LOAD(32, lh, -128, tdat, 10, -8)
/* lhu */
TEST_LOAD(33, lhu, 0x7f01, tdat, 0, 0)
TEST_LOAD(34, lhu, 0xff80, tdat, 0, 2)
TEST_LOAD(35, lhu, 0x8000, tdat, 0, 6)
TEST_LOAD(36, lhu, 0xaa55, tdat, 0, 8)
TEST_LOAD(37, lhu, 0xcdef, tdat, 0, 14)
TEST_LOAD(38, lhu, 0x7fff, tdat, 0, 22)
TEST_LOAD(39, lhu, 0x8000, tdat, 0, 26)
CASE(40); la a1, tdat; addi a1, a1, 2047; addi a1, a1, 3; lhu a4, -2048(a1); CHECK(a4, 0xff80)
TEST_LOAD(41, lhu, 0xff80, tdat, -2045, 2047)
TEST_LOAD(42, lhu, 0xff80, tdat, 10, -8)
/* lw */
TEST_LOAD(43, lw, 0xffffffffff807f01, tdat, 0, 0)
TEST_LOAD(44, lw, 0xffffffff80000ff0, tdat, 0, 4)
TEST_LOAD(45, lw, 0x1234aa55, tdat, 0, 8)
TEST_LOAD(46, lw, 0xffffffffcdef5678, tdat, 0, 12)
TEST_LOAD(47, lw, -1, tdat, 0, 16)
TEST_LOAD(48, lw, 0x7fffffff, tdat, 0, 20)
TEST_LOAD(49, lw, 0xffffffff80000000, tdat, 0, 24)
CASE(50); la a1, tdat; addi a1, a1, 2047; addi a1, a1, 5; lw a4, -2048(a1); CHECK(a4, 0xffffffff80000ff0)
TEST_LOAD(51, lw, 0xffffffff80000ff0, tdat, -2043, 2047)
TEST_LOAD(52, lw, 0xffffffff80000ff0, tdat, 12, -8)
#if XLEN == 64
/* lwu */
TEST_LOAD(53, lwu, 0xff807f01, tdat, 0, 0)
TEST_LOAD(54, lwu, 0x80000ff0, tdat, 0, 4)
TEST_LOAD(55, lwu, 0x1234aa55, tdat, 0, 8)
TEST_LOAD(56, lwu, 0xcdef5678, tdat, 0, 12)
TEST_LOAD(57, lwu, 0xffffffff, tdat, 0, 16)
TEST_LOAD(58, lwu, 0x7fffffff, tdat, 0, 20)
TEST_LOAD(59, lwu, 0x80000000, tdat, 0, 24)
CASE(60); la a1, tdat; addi a1, a1, 2047; addi a1, a1, 5; lwu a4, -2048(a1); CHECK(a4, 0x80000ff0)
TEST_LOAD(61, lwu, 0x80000ff0, tdat, -2043, 2047)
TEST_LOAD(62, lwu, 0x80000ff0, tdat, 12, -8)
/* ld */
TEST_LOAD(63, ld, 0x80000ff0ff807f01, tdat, 0, 0)
TEST_LOAD(64, ld, 0xcdef56781234aa55, tdat, 0, 8)
TEST_LOAD(65, ld, 0x7fffffffffffffff, tdat, 0, 16)
TEST_LOAD(66, ld, 0x80000000, tdat, 0, 24)
CASE(67); la a1, tdat; addi a1, a1, 2047; addi a1, a1, 9; ld a4, -2048(a1); CHECK(a4, 0xcdef56781234aa55)
TEST_LOAD(68, ld, 0xcdef56781234aa55, tdat, -2039, 2047)
TEST_LOAD(69, ld, 0xcdef56781234aa55, tdat, 16, -8)
#endif
.pushsection .data; .balign 16
tdat: .byte 0x01, 0x7f, 0x80, 0xff, 0xf0, 0x0f, 0x00, 0x80, 0x55, 0xaa, 0x34, 0x12, 0x78, 0x56, 0xef, 0xcd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00
.popsection

/* ---- stores ---- */
TEST_STORE(70, sw, lw, 0xffffffffdeadbeef, 0xdeadbeef, sdat, 0, 0)
CASE(71); la a1, sdat; li a2, 0x123456aa; sb a2, 1(a1); lw a4, 0(a1); CHECK(a4, 0xffffffffdeadaaef)
CASE(72); la a1, sdat; li a2, 0x17f; sb a2, 3(a1); lw a4, 0(a1); CHECK(a4, 0x7fadaaef)
CASE(73); la a1, sdat; li a2, 0x5555cafe; sh a2, 2(a1); lw a4, 0(a1); CHECK(a4, 0xffffffffcafeaaef)
CASE(74); la a1, sdat; li a2, 0x12345678; sh a2, 0(a1); lw a4, 0(a1); CHECK(a4, 0xffffffffcafe5678)
CASE(75); la a1, sdat; lbu a4, 1(a1); CHECK(a4, 0x56)
CASE(76); la a1, sdat; lhu a4, 2(a1); CHECK(a4, 0xcafe)
CASE(77); la a1, sdat; lh a4, 2(a1); CHECK(a4, -0x3502)
/* negative offset */
CASE(78); la a1, sdat; addi a1, a1, 8; li a2, 0x81; sb a2, -8(a1); lw a4, -8(a1); CHECK(a4, 0xffffffffcafe5681)
/* immediate edges */
CASE(79); la a1, sdat; addi a1, a1, 2047; addi a1, a1, 17; li a2, 0x13579bdf; sw a2, -2048(a1)
          la a3, sdat; lw a4, 16(a3); CHECK(a4, 0x13579bdf)
CASE(80); la a1, sdat; addi a1, a1, -2029; li a2, 0xa5a5; sh a2, 2047(a1)
          la a3, sdat; lw a4, 16(a3); CHECK(a4, 0xffffffffa5a59bdf)
CASE(81); la a1, sdat; addi a1, a1, -2031; li a2, 0; sb a2, 2047(a1)
          la a3, sdat; lw a4, 16(a3); CHECK(a4, 0xffffffffa5a59b00)
/* the stored register is not modified; x0 stores zero */
CASE(82); la a1, sdat; li a2, 0x7654321; sw a2, 20(a1); CHECK(a2, 0x7654321)
CASE(83); la a1, sdat; sw x0, 20(a1); lw a4, 20(a1); CHECK(a4, 0)
/* load into x0 is discarded; rd == rs1 */
CASE(84); la a1, sdat; lw x0, 0(a1); CHECK(x0, 0)
CASE(85); la a1, sdat; lw a1, 0(a1); CHECK(a1, 0xffffffffcafe5681)
/* bytes written by a wider store read back by narrower loads (little endian) */
CASE(86); la a1, sdat; li a2, 0x89abcdef; sw a2, 8(a1); lbu a4, 8(a1); CHECK(a4, 0xef)
CASE(87); la a1, sdat; lbu a4, 11(a1); CHECK(a4, 0x89)
CASE(88); la a1, sdat; lb a4, 10(a1); CHECK(a4, -0x55)
CASE(89); la a1, sdat; lhu a4, 10(a1); CHECK(a4, 0x89ab)
/* a store of every byte lane, read back as one word */
CASE(90); la a1, sdat; li a2, 0x44; sb a2, 12(a1); li a2, 0x33; sb a2, 13(a1)
          li a2, 0x22; sb a2, 14(a1); li a2, 0x11; sb a2, 15(a1); lw a4, 12(a1); CHECK(a4, 0x11223344)

#if XLEN == 64
CASE(91); la a1, sdat; li a2, 0x0123456789abcdef; sd a2, 24(a1); ld a4, 24(a1); CHECK(a4, 0x0123456789abcdef)
CASE(92); la a1, sdat; li a2, -1; sw a2, 28(a1); ld a4, 24(a1); CHECK(a4, 0xffffffff89abcdef)
CASE(93); la a1, sdat; lwu a4, 28(a1); CHECK(a4, 0xffffffff)
CASE(94); la a1, sdat; lwu a4, 24(a1); CHECK(a4, 0x89abcdef)
CASE(95); la a1, sdat; lw a4, 24(a1); CHECK(a4, 0xffffffff89abcdef)
CASE(96); la a1, sdat; li a2, 0x1122; sh a2, 30(a1); ld a4, 24(a1); CHECK(a4, 0x1122ffff89abcdef)
CASE(97); la a1, sdat; li a2, 0x00; sb a2, 24(a1); ld a4, 24(a1); CHECK(a4, 0x1122ffff89abcd00)
CASE(98); la a1, sdat; addi a1, a1, 2047; addi a1, a1, 33; li a2, 0xfedcba9876543210; sd a2, -2048(a1)
          la a3, sdat; ld a4, 32(a3); CHECK(a4, 0xfedcba9876543210)
CASE(99); la a1, sdat; addi a1, a1, -2007; li a2, 0x8000000000000001; sd a2, 2047(a1)
          la a3, sdat; ld a4, 40(a3); CHECK(a4, 0x8000000000000001)
CASE(100); la a1, sdat; lw a4, 44(a1); CHECK(a4, 0xffffffff80000000)
CASE(101); la a1, sdat; ld a1, 40(a1); CHECK(a1, 0x8000000000000001)
#endif

/* ---- fence and fence.i (Zifencei) ---- */
CASE(102); la a1, sdat; li a2, 0x5a; sw a2, 48(a1); fence; fence rw, rw; fence r, w; fence w, r; fence iorw, iorw
           fence.tso; lw a4, 48(a1); CHECK(a4, 0x5a)
/* self-modifying code: after fence.i the new instruction is fetched */
CASE(103); la a1, code_buf; li a2, 0x00100513; sw a2, 0(a1); li a2, 0x00008067; sw a2, 4(a1); fence.i
           li a0, 0; jalr ra, 0(a1); CHECK(a0, 1)                       /* li a0, 1; ret */
CASE(104); la a1, code_buf; li a2, 0x00200513; sw a2, 0(a1); fence.i; jalr ra, 0(a1); CHECK(a0, 2)
CASE(105); la a1, code_buf; li a2, 0x7ff00513; sw a2, 0(a1); fence.i; jalr ra, 0(a1); CHECK(a0, 2047)

    .pushsection .data; .balign 16
sdat: .fill 64, 1, 0
    .balign 16
code_buf: .fill 4, 4, 0
    .popsection

    TEST_PASS
