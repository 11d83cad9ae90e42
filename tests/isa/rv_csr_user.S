/*
 * rv_csr_user.S - Zicsr instructions and the unprivileged CSRs.
 *
 * fflags (5 bits), frm (3 bits) and fcsr (frm << 5 | fflags, bits 31..8
 * read as zero and ignore writes) as three views of one register; flags
 * accrue (OR) over several instructions; csrrw/csrrs/csrrc and their
 * immediate forms return the old value and write new/set/clear; csrrs and
 * csrrc with rs1 = x0 (or the immediate forms with uimm = 0) do not write,
 * so they may read a read-only CSR (cycle, instret), while any form that
 * writes a read-only CSR is an illegal instruction (mtval = its bits);
 * csrrw with rd = x0 still writes; rd == rs1; the counters advance; FP CSRs
 * in U-mode; mstatus.FS = Off makes FP CSR accesses and FP instructions
 * illegal.
 */
#include "test_macros.h"

TEST_BEGIN

/* ---- fcsr / fflags / frm views ---- */
CASE(1);  csrwi fcsr, 0; csrr a0, fcsr; CHECK(a0, 0)
CASE(2);  li a1, 0xff; csrw fcsr, a1; csrr a0, fcsr; CHECK(a0, 0xff)
CASE(3);  csrr a0, fflags; CHECK(a0, 0x1f)
CASE(4);  csrr a0, frm; CHECK(a0, 7)
CASE(5);  li a1, 0xfff; csrw fcsr, a1; csrr a0, fcsr; CHECK(a0, 0xff)    /* bits 31..8 read zero */
CASE(6);  li a1, -1; csrw fflags, a1; csrr a0, fflags; CHECK(a0, 0x1f)
CASE(7);  csrwi fcsr, 0; li a1, 0x3f; csrw fflags, a1; csrr a0, fcsr; CHECK(a0, 0x1f)
CASE(8);  csrwi fcsr, 0; li a1, -1; csrw frm, a1; csrr a0, fcsr; CHECK(a0, 0xe0)
CASE(9);  csrwi fcsr, 0; csrwi frm, FRM_RUP; csrwi fflags, FFLAG_DZ; csrr a0, fcsr; CHECK(a0, 0x68)
CASE(10); li a1, 0xa5; csrw fcsr, a1; csrr a0, frm; CHECK(a0, 5); csrr a0, fflags; CHECK(a0, 5)
/* the assembler aliases */
CASE(11); csrwi fcsr, 0; fsflagsi FFLAG_NX; frflags a0; CHECK(a0, 1); fsrmi FRM_RMM; frrm a0; CHECK(a0, 4)
CASE(12); li a1, 0x47; fscsr a2, a1; CHECK(a2, 0x81); frcsr a0; CHECK(a0, 0x47)
/* fsflags/fsrm return the old value */
CASE(13); li a1, 0x10; fsflags a2, a1; CHECK(a2, 7); fsrm a2, x0; CHECK(a2, 2); csrr a0, fcsr; CHECK(a0, 0x10)

/* ---- flags accrue over instructions and are only cleared by software ---- */
CASE(14); csrwi fflags, 0; li a1, 1; fcvt.s.w fa0, a1; li a1, 3; fcvt.s.w fa1, a1; fdiv.s fa2, fa0, fa1
          CHECK_FFLAGS(FFLAG_NX); fmv.w.x fa3, x0; fdiv.s fa2, fa0, fa3; CHECK_FFLAGS(FFLAG_NX | FFLAG_DZ)
CASE(15); fadd.s fa2, fa0, fa0; CHECK_FFLAGS(FFLAG_NX | FFLAG_DZ)     /* exact op: flags kept */
CASE(16); fsqrt.s fa2, fa0; csrrci a0, fflags, FFLAG_DZ; CHECK(a0, FFLAG_NX | FFLAG_DZ); CHECK_FFLAGS(FFLAG_NX)

/* ---- csrrw / csrrs / csrrc: old value out, new value in ---- */
CASE(17); csrwi fcsr, 0x12; li a1, 0x45; csrrw a0, fcsr, a1; CHECK(a0, 0x12); csrr a0, fcsr; CHECK(a0, 0x45)
CASE(18); li a1, 0x0a; csrrs a0, fcsr, a1; CHECK(a0, 0x45); csrr a0, fcsr; CHECK(a0, 0x4f)
CASE(19); li a1, 0x41; csrrc a0, fcsr, a1; CHECK(a0, 0x4f); csrr a0, fcsr; CHECK(a0, 0x0e)
CASE(20); csrrwi a0, fcsr, 0x1f; CHECK(a0, 0x0e); csrr a0, fcsr; CHECK(a0, 0x1f)
CASE(21); csrwi fcsr, 0; csrrsi a0, fcsr, 0x15; CHECK(a0, 0); csrr a0, fcsr; CHECK(a0, 0x15)
CASE(22); csrrci a0, fcsr, 0x11; CHECK(a0, 0x15); csrr a0, fcsr; CHECK(a0, 0x04)
/* rd == rs1: the old value lands in rd, the write uses rs1's old value */
CASE(23); csrwi fcsr, 0x3; li a1, 0x60; csrrw a1, fcsr, a1; CHECK(a1, 0x3); csrr a0, fcsr; CHECK(a0, 0x60)
CASE(24); li a1, 0x1; csrrs a1, fcsr, a1; CHECK(a1, 0x60); csrr a0, fcsr; CHECK(a0, 0x61)
/* rd = x0: csrrw still writes */
CASE(25); li a1, 0x9; csrrw x0, fcsr, a1; csrr a0, fcsr; CHECK(a0, 0x9)
/* rs1 = x0 / uimm = 0: read only, value unchanged */
CASE(26); csrrs a0, fcsr, x0; CHECK(a0, 0x9); csrrc a0, fcsr, x0; CHECK(a0, 0x9); csrr a0, fcsr; CHECK(a0, 0x9)
CASE(27); csrrsi a0, fcsr, 0; CHECK(a0, 0x9); csrrci a0, fcsr, 0; CHECK(a0, 0x9)
/* a register holding zero still writes (the value is unchanged) */
CASE(28); li a1, 0; csrrs a0, fcsr, a1; CHECK(a0, 0x9); csrr a0, fcsr; CHECK(a0, 0x9)
/* csrrwi with uimm 0 writes zero */
CASE(29); csrrwi a0, fcsr, 0; CHECK(a0, 0x9); csrr a0, fcsr; CHECK(a0, 0)

/* ---- read-only counters: reads allowed, writes illegal ---- */
CASE(30); csrrs a0, cycle, x0; csrrc a1, instret, x0; csrrsi a2, cycle, 0; csrrci a3, instret, 0
CASE(31); rdcycle a0; rdinstret a1
TEST_ILLEGAL(32, csrrw a0, cycle, a1)
TEST_ILLEGAL(33, csrrw x0, instret, x0)
TEST_ILLEGAL(34, csrrsi a0, cycle, 1)
TEST_ILLEGAL(35, csrrci a0, instret, 31)
#if SPEC_STRICT
/* csrrs/csrrc with rs1 != x0 attempt a write even when rs1 holds zero.
 * QEMU 7.2 deviation: it decides by the value (zero: no write, no trap). */
CASE(36); li a1, 0
TEST_ILLEGAL(37, csrrs a0, cycle, a1)
TEST_ILLEGAL(38, csrrc a0, instret, a1)
#endif
#if XLEN == 32
CASE(39); rdcycleh a0; rdinstreth a1
TEST_ILLEGAL(40, csrrw a0, cycleh, a1)
TEST_ILLEGAL(41, csrrsi a0, instreth, 4)
#endif
/* the counters advance */
CASE(42); rdinstret a0; nop; nop; nop; rdinstret a1; bleu a1, a0, fail_42
CASE(43); rdcycle a0; nop; nop; nop; rdcycle a1; bgeu a0, a1, fail_42
#if SPEC_STRICT
/* instret counts retired instructions: 1 between back-to-back reads, 4
 * across three nops.  QEMU 7.2 deviation: without -icount its instret is a
 * host tick count. */
CASE(44); rdinstret a0; rdinstret a1; sub a2, a1, a0; CHECK(a2, 1)
CASE(45); rdinstret a0; nop; nop; nop; rdinstret a1; sub a2, a1, a0; CHECK(a2, 4)
#endif
    j 1f
fail_42:
    j fail
1:

/* ---- FP CSRs from U-mode ---- */
CASE(46); csrwi fcsr, 0; RUN_IN_MODE(PRV_U, li a1, 0x21; csrw fcsr, a1; csrr a0, fflags); CHECK_RAN_TO_ECALL(PRV_U)
          CHECK(a0, 1); csrr a0, frm; CHECK(a0, 1)

/* ---- mstatus.FS = Off: FP CSRs and FP instructions are illegal ---- */
CASE(47); li a1, MSTATUS_FS; csrc mstatus, a1
TEST_ILLEGAL(48, csrr a0, fcsr)
TEST_ILLEGAL(49, csrr a0, fflags)
TEST_ILLEGAL(50, csrwi frm, 1)
TEST_ILLEGAL(51, fadd.s fa0, fa1, fa2)
TEST_ILLEGAL(52, fld fa0, 0(sp))
TEST_ILLEGAL(53, fmv.x.w a0, fa0)
CASE(54); li a1, MSTATUS_FS_INITIAL; csrs mstatus, a1; csrr a0, fcsr; CHECK(a0, 0x21)

/* ---- non-existent / reserved user CSR numbers ---- */
TEST_ILLEGAL(55, csrr a0, 0x004)
TEST_ILLEGAL(56, csrw 0x0ff, a0)

    TEST_PASS
