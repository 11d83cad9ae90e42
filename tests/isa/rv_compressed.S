/*
 * rv_compressed.S - every instruction of the C extension (RV32C and RV64C,
 * with the F/D loads and stores).
 *
 * Each 16-bit instruction is written with its c. mnemonic so that the
 * assembler emits exactly that encoding.  Checked: immediate ranges and sign
 * extension (c.li, c.addi, c.andi, c.lui, c.addi16sp, c.addi4spn), scaled
 * load/store offsets up to their maxima, register-register ops, shifts,
 * link value pc + 2 of c.jal/c.jalr, c.beqz/c.bnez both ways, c.ebreak
 * (cause 3, mepc at the 2-byte instruction), and the all-zero halfword
 * being an illegal instruction.  Expected values follow each instruction's
 * expansion to its base-ISA equivalent.
 */
#include "test_macros.h"

TEST_BEGIN
    .option rvc

/* ---- c.li / c.addi / c.nop ---- */
CASE(1);  c.li a0, 31; CHECK(a0, 31)
CASE(2);  c.li a0, -32; CHECK(a0, -32)
CASE(3);  c.li a0, 0; CHECK(a0, 0)
CASE(4);  li a0, 100; c.addi a0, 31; CHECK(a0, 131)
CASE(5);  li a0, 100; c.addi a0, -32; CHECK(a0, 68)
CASE(6);  li a0, MASK_XLEN(XV(0x7fffffffffffffff, 0x7fffffff)); c.addi a0, 1; CHECK(a0, XV(0x8000000000000000, 0x80000000))
CASE(7);  li a0, 5; c.nop; CHECK(a0, 5)

/* ---- c.lui (sign-extended from bit 17) ---- */
CASE(8);  c.lui a0, 1; CHECK(a0, 0x1000)
CASE(9);  c.lui a0, 31; CHECK(a0, 0x1f000)
CASE(10); c.lui a0, 0xfffff; CHECK(a0, -4096)
CASE(11); c.lui a0, 0xfffe0; CHECK(a0, 0xfffffffffffe0000)
CASE(12); c.lui s0, 0x10; c.addi s0, 5; CHECK(s0, 0x10005)

/* ---- c.addi16sp / c.addi4spn ---- */
CASE(13); mv s1, sp; c.addi16sp sp, 496; sub a0, sp, s1; mv sp, s1; CHECK(a0, 496)
CASE(14); mv s1, sp; c.addi16sp sp, -512; sub a0, sp, s1; mv sp, s1; CHECK(a0, -512)
CASE(15); mv s1, sp; c.addi16sp sp, 16; sub a0, sp, s1; mv sp, s1; CHECK(a0, 16)
CASE(16); c.addi4spn a0, sp, 4; sub a0, a0, sp; CHECK(a0, 4)
CASE(17); c.addi4spn a1, sp, 1020; sub a1, a1, sp; CHECK(a1, 1020)
CASE(18); c.addi4spn s0, sp, 512; sub s0, s0, sp; CHECK(s0, 512)

/* ---- shifts and c.andi ---- */
CASE(19); li a0, 1; c.slli a0, 1; CHECK(a0, 2)
CASE(20); li a0, 1; c.slli a0, XV(63, 31); CHECK(a0, XV(0x8000000000000000, 0x80000000))
CASE(21); li a0, -1; c.srli a0, 1; CHECK(a0, XV(0x7fffffffffffffff, 0x7fffffff))
CASE(22); li a0, -1; c.srli a0, XV(63, 31); CHECK(a0, 1)
CASE(23); li a0, MASK_XLEN(XV(0x8000000000000000, 0x80000000)); c.srai a0, 1; CHECK(a0, XV(0xc000000000000000, 0xc0000000))
CASE(24); li a0, MASK_XLEN(XV(0x8000000000000000, 0x80000000)); c.srai a0, XV(63, 31); CHECK(a0, -1)
CASE(25); li s1, 0x1234; c.srai s1, 4; CHECK(s1, 0x123)
CASE(26); li a0, -1; c.andi a0, 31; CHECK(a0, 31)
CASE(27); li a0, -1; c.andi a0, -32; CHECK(a0, -32)
CASE(28); li a0, 0x5a5; c.andi a0, 0; CHECK(a0, 0)
#if XLEN == 64
CASE(29); li a0, 1; c.slli a0, 32; CHECK(a0, 0x100000000)
CASE(30); li a0, -1; c.srli a0, 32; CHECK(a0, 0xffffffff)
#endif

/* ---- register-register: c.mv c.add c.sub c.xor c.or c.and ---- */
CASE(31); li a1, 0x777; c.mv a0, a1; CHECK(a0, 0x777)
CASE(32); li t0, -9; c.mv s11, t0; CHECK(s11, -9)
CASE(33); li a0, 10; li a1, -3; c.add a0, a1; CHECK(a0, 7)
CASE(34); li t0, 1; li t1, 2; c.add t0, t1; CHECK(t0, 3)
CASE(35); li a0, 10; li a1, 13; c.sub a0, a1; CHECK(a0, -3)
CASE(36); li a0, 0xff0; li a1, 0x0ff; c.xor a0, a1; CHECK(a0, 0xf0f)
CASE(37); li a0, 0xf00; li a1, 0x00f; c.or a0, a1; CHECK(a0, 0xf0f)
CASE(38); li a0, 0xff0; li a1, 0x0ff; c.and a0, a1; CHECK(a0, 0x0f0)
CASE(39); li s0, MASK_XLEN(XV(0x8000000000000000, 0x80000000)); li s1, 1; c.sub s0, s1; CHECK(s0, XV(0x7fffffffffffffff, 0x7fffffff))

#if XLEN == 64
/* ---- RV64: c.addiw c.addw c.subw ---- */
CASE(40); li a0, 0x7fffffff; c.addiw a0, 1; CHECK(a0, 0xffffffff80000000)
CASE(41); li a0, 0x123456789; c.addiw a0, 0; CHECK(a0, 0x23456789)
CASE(42); li a0, 0; c.addiw a0, -32; CHECK(a0, -32)
CASE(43); li a0, 0xffffffff; li a1, 1; c.addw a0, a1; CHECK(a0, 0)
CASE(44); li a0, 0x7fffffff; li a1, 1; c.addw a0, a1; CHECK(a0, 0xffffffff80000000)
CASE(45); li a0, 0; li a1, 0x80000000; c.subw a0, a1; CHECK(a0, 0xffffffff80000000)
CASE(46); li a0, 0x100000005; li a1, 0x200000007; c.subw a0, a1; CHECK(a0, -2)
#endif

/* ---- loads and stores: c.lw c.sw (and c.ld c.sd on RV64) ---- */
CASE(47); la a1, cdat; c.lw a0, 0(a1); CHECK(a0, 0xffffffff89abcdef)
CASE(48); la a1, cdat; c.lw a0, 4(a1); CHECK(a0, 0x01234567)
CASE(49); la a1, cdat; c.lw a0, 124(a1); CHECK(a0, 0x7c7c7c7c)
CASE(50); la a1, cdat; li a0, 0x13572468; c.sw a0, 120(a1); lw a2, 120(a1); CHECK(a2, 0x13572468)
CASE(51); la s1, cdat; li s0, -2; c.sw s0, 8(s1); c.lw a5, 8(s1); CHECK(a5, -2)
#if XLEN == 64
CASE(52); la a1, cdat; c.ld a0, 0(a1); CHECK(a0, 0x0123456789abcdef)
CASE(53); la a1, cdat; c.ld a0, 248(a1); CHECK(a0, 0xf8f8f8f8f8f8f8f8)
CASE(54); la a1, cdat; li a0, 0x1122334455667788; c.sd a0, 240(a1); ld a2, 240(a1); CHECK(a2, 0x1122334455667788)
#endif

/* ---- sp-relative: c.lwsp c.swsp (c.ldsp c.sdsp) ---- */
CASE(55); mv s1, sp; la sp, cdat; c.lwsp a0, 4(sp); mv sp, s1; CHECK(a0, 0x01234567)
CASE(56); mv s1, sp; la sp, cdat; c.lwsp t0, 252(sp); mv sp, s1; CHECK(t0, 0xfffffffff8f8f8f8)
CASE(57); mv s1, sp; la sp, cdat; li a0, 0x2468; c.swsp a0, 252(sp); lw a1, 252(sp)
          li a0, 0xf8f8f8f8; sw a0, 252(sp); mv sp, s1; CHECK(a1, 0x2468)
CASE(58); mv s1, sp; la sp, cdat; li t2, -7; c.swsp t2, 16(sp); c.lwsp a2, 16(sp); mv sp, s1; CHECK(a2, -7)
#if XLEN == 64
CASE(59); mv s1, sp; la sp, cdat; c.ldsp a0, 0(sp); mv sp, s1; CHECK(a0, 0x0123456789abcdef)
CASE(60); mv s1, sp; la sp, cdat; li a0, 0x5555aaaa0000ffff; c.sdsp a0, 504(sp); c.ldsp a3, 504(sp); mv sp, s1
          CHECK(a3, 0x5555aaaa0000ffff)
CASE(61); mv s1, sp; la sp, cdat; c.ldsp t3, 248(sp); mv sp, s1; CHECK(t3, 0xf8f8f8f8f8f8f8f8)
#endif

/* ---- floating point: c.fld c.fsd c.fldsp c.fsdsp (and c.flw c.fsw c.flwsp
 *      c.fswsp on RV32) ---- */
CASE(62); la a1, cdat; c.fld fa0, 0(a1); fsd fa0, 128(a1); lw a2, 128(a1); CHECK(a2, 0xffffffff89abcdef)
          lw a2, 132(a1); CHECK(a2, 0x01234567)
CASE(63); la a1, cdat; c.fld fs0, 248(a1); c.fsd fs0, 136(a1); lw a2, 136(a1); CHECK(a2, 0xfffffffff8f8f8f8)
CASE(64); mv s1, sp; la sp, cdat; c.fldsp ft0, 0(sp); c.fsdsp ft0, 504(sp); lw a2, 508(sp); mv sp, s1; CHECK(a2, 0x01234567)
CASE(65); mv s1, sp; la sp, cdat; c.fldsp fa5, 248(sp); mv sp, s1; la a1, cdat; fsd fa5, 144(a1); lw a2, 148(a1)
          CHECK(a2, 0xfffffffff8f8f8f8)
#if XLEN == 32
CASE(66); la a1, cdat; c.flw fa0, 4(a1); fmv.x.w a2, fa0; CHECK(a2, 0x01234567)
CASE(67); la a1, cdat; c.flw fa0, 124(a1); c.fsw fa0, 116(a1); lw a2, 116(a1); CHECK(a2, 0x7c7c7c7c)
CASE(68); mv s1, sp; la sp, cdat; c.flwsp ft1, 252(sp); c.fswsp ft1, 156(sp); lw a2, 156(sp); mv sp, s1
          CHECK(a2, 0xf8f8f8f8)
/* c.flw NaN-boxes */
CASE(69); la a1, cdat; c.flw fa0, 4(a1); fsd fa0, 160(a1); lw a2, 164(a1); CHECK(a2, -1)
#endif

/* ---- jumps: c.j c.jal (RV32) c.jr c.jalr ---- */
CASE(70); li a0, 1; c.j 1f; li a0, 2; 1: CHECK(a0, 1)
CASE(71); li a0, 0; j 2f; 1: addi a0, a0, 1; c.j 3f; 2: c.j 1b; 3: CHECK(a0, 1)
#if XLEN == 32
CASE(72); c.jal 1f; 2: j fail; 1: la a1, 2b; CHECK_EQ(ra, a1)
#endif
CASE(73); la a1, 1f; c.jr a1; j fail; 1:
CASE(74); la a1, 1f; c.jalr a1; 2: j fail; 1: la a2, 2b; CHECK_EQ(ra, a2)
/* c.jr clears nothing but the jump still goes to rs1 exactly (even address) */
CASE(75); li a0, 0; la t0, 1f; c.jr t0; li a0, 9; 1: CHECK(a0, 0)
/* c.jalr with rs1 == ra: target from the old ra */
CASE(76); la ra, 1f; c.jalr ra; 2: j fail; 1: la a2, 2b; CHECK_EQ(ra, a2)

/* ---- branches: c.beqz c.bnez ---- */
CASE(77); li a0, 0; c.beqz a0, 1f; j fail; 1:
CASE(78); li a0, 1; c.beqz a0, 1f; j 2f; 1: j fail; 2:
CASE(79); li s0, -1; c.bnez s0, 1f; j fail; 1:
CASE(80); li s0, 0; c.bnez s0, 1f; j 2f; 1: j fail; 2:
/* backward compressed branch in a loop */
CASE(81); li a0, 4; li a1, 0; 1: addi a1, a1, 2; c.addi a0, -1; c.bnez a0, 1b; CHECK(a1, 8)

/* ---- c.ebreak: breakpoint, mepc at the 2-byte instruction ---- */
CASE(82); EXPECT_TRAP(2f); 1: c.ebreak; j fail; 2: CHECK_TRAP_CAUSE(CAUSE_BREAKPOINT); CHECK_TRAP_EPC(1b)
          CHECK_TRAP_TVAL_0_OR_LABEL(1b)
/* ---- the all-zero halfword is illegal; mtval = its bits (0) ---- */
TEST_ILLEGAL(83, .2byte 0x0000)
/* ---- mixing 16- and 32-bit instructions at 2-byte alignment ---- */
CASE(84); li a0, 0; c.addi a0, 1; addi a0, a0, 2; c.addi a0, 4; .option push; .option norvc; addi a0, a0, 8
          .option pop; c.addi a0, 16; CHECK(a0, 31)

    .pushsection .data; .balign 8
cdat:
    .dword 0x0123456789abcdef    /*   0 */
    .fill 14, 8, 0               /*   8..119 */
    .word 0, 0x7c7c7c7c          /* 120, 124 */
    .fill 15, 8, 0               /* 128..247 */
    .dword 0xf8f8f8f8f8f8f8f8    /* 248 */
    .fill 40, 8, 0               /* 256..575 */
    .popsection

    TEST_PASS
