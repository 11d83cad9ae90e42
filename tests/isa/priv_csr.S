/*
 * priv_csr.S - machine and supervisor CSRs.
 *
 * misa (I M A F D C S U present, MXL = XLEN), the read-only ID CSRs,
 * mstatus WARL fields (MPP holds only implemented modes, SXL/UXL = XLEN on
 * RV64, FS/SD, the sstatus view), mscratch/sscratch round trips, mtvec
 * direct and vectored (with a real interrupt through the vector table),
 * medeleg/mideleg writable bits (medeleg[11] is read-only zero), mie/mip and
 * the sie/sip views, PMP CSRs, menvcfg, mcounteren/scounteren with their
 * effect on counter access from S and U, minstret/mcycle writable in M,
 * satp, mepc/sepc/mcause/scause/mtval/stval round trips, access to
 * non-existent CSRs, writes to read-only CSRs and access to
 * higher-privilege CSRs (illegal instruction, mtval = instruction bits).
 */
#include "test_macros.h"

#define MISA_REQUIRED ((1 << 0) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20))

TEST_BEGIN

/* ---- misa ---- */
CASE(1);  csrr a0, misa; li a1, MISA_REQUIRED; and a2, a0, a1; CHECK_EQ(a1, a2)
CASE(2);  csrr a0, misa; srli a0, a0, XLEN - 2; CHECK(a0, XV(2, 1))
CASE(3);  csrr a0, misa; andi a0, a0, 1 << 4; CHECK(a0, 0)       /* not RV32E/RV64E */

/* ---- identification CSRs: readable, hart 0, writes illegal ---- */
CASE(4);  csrr a0, mhartid; CHECK(a0, 0); csrr a0, mvendorid; csrr a0, marchid; csrr a0, mimpid
TEST_ILLEGAL(5, csrw mhartid, zero)
TEST_ILLEGAL(6, csrwi mvendorid, 1)
TEST_ILLEGAL(7, csrs mimpid, sp)

/* ---- mstatus ---- */
/* MPP holds M, S and U */
CASE(8);  li a1, MSTATUS_MPP; csrc mstatus, a1; csrr a0, mstatus; and a0, a0, a1; CHECK(a0, 0)
CASE(9);  li a1, MSTATUS_MPP_S; csrs mstatus, a1; csrr a0, mstatus; li a1, MSTATUS_MPP; and a0, a0, a1
          CHECK(a0, MSTATUS_MPP_S)
CASE(10); li a1, MSTATUS_MPP; csrs mstatus, a1; csrr a0, mstatus; and a0, a0, a1; CHECK(a0, MSTATUS_MPP)
#if SPEC_STRICT
/* MPP is WARL over the implemented modes: the reserved value 2 is never
 * held.  QEMU 7.2 deviation: it stores 2 and reads it back. */
CASE(11); li a1, MSTATUS_MPP; csrc mstatus, a1; li a1, 0x1000; csrs mstatus, a1; csrr a0, mstatus
          srli a0, a0, 11; andi a0, a0, 3; li a1, 2; beq a0, a1, fail_csr
#endif
/* SPP is a single bit; SIE, MIE, SPIE, MPIE, SUM, MXR, MPRV, TVM, TW, TSR are writable */
CASE(12); li a1, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR
          csrs mstatus, a1; csrr a0, mstatus; and a0, a0, a1; CHECK_EQ(a0, a1)
          csrc mstatus, a1; csrr a0, mstatus; and a0, a0, a1; CHECK(a0, 0)
CASE(13); li a1, MSTATUS_MPRV; csrs mstatus, a1; csrr a0, mstatus; and a0, a0, a1; CHECK_EQ(a0, a1)
          csrc mstatus, a1; csrr a0, mstatus; and a0, a0, a1; CHECK(a0, 0)
CASE(14); csrsi mstatus, MSTATUS_SIE; csrr a0, mstatus; andi a0, a0, MSTATUS_SIE; CHECK(a0, MSTATUS_SIE)
          csrci mstatus, MSTATUS_SIE; csrr a0, mstatus; andi a0, a0, MSTATUS_SIE; CHECK(a0, 0)
CASE(15); csrsi mstatus, MSTATUS_MIE; csrr a0, mstatus; andi a0, a0, MSTATUS_MIE; csrci mstatus, MSTATUS_MIE; CHECK(a0, MSTATUS_MIE)
#if XLEN == 64
/* SXL and UXL report 64-bit S and U modes */
CASE(16); csrr a0, mstatus; srli a0, a0, 32; andi a0, a0, 0xf; CHECK(a0, 0xa)
#endif
/* FS: Off/Initial/Clean/Dirty all writable; SD summarizes FS == Dirty */
CASE(17); li a1, MSTATUS_FS; csrc mstatus, a1; li a1, MSTATUS_FS_CLEAN; csrs mstatus, a1; csrr a0, mstatus
          li a1, MSTATUS_FS; and a2, a0, a1; CHECK(a2, MSTATUS_FS_CLEAN); bltz a0, fail_csr
CASE(18); li a1, MSTATUS_FS_DIRTY; csrs mstatus, a1; csrr a0, mstatus; bgez a0, fail_csr
/* an FP instruction that writes an f register makes FS Dirty */
CASE(19); li a1, MSTATUS_FS; csrc mstatus, a1; li a1, MSTATUS_FS_INITIAL; csrs mstatus, a1
          fmv.w.x fa0, zero; csrr a0, mstatus; li a1, MSTATUS_FS; and a0, a0, a1; CHECK(a0, MSTATUS_FS_DIRTY)
/* XS is zero (no other extension state), VS too (no V) */
CASE(20); csrr a0, mstatus; li a1, MSTATUS_XS | MSTATUS_VS; and a0, a0, a1; CHECK(a0, 0)

/* ---- sstatus: a view of mstatus restricted to the S fields ---- */
CASE(21); li a1, MSTATUS_MPP | MSTATUS_MIE | MSTATUS_MPIE; csrs mstatus, a1; csrr a0, sstatus; and a0, a0, a1; CHECK(a0, 0)
CASE(22); li a1, MSTATUS_MPP | MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPRV | MSTATUS_TVM; csrc sstatus, a1
          csrr a0, mstatus; li a1, MSTATUS_MPP | MSTATUS_MPIE; and a0, a0, a1; CHECK_EQ(a0, a1)
          li a1, MSTATUS_MPP | MSTATUS_MPIE; csrc mstatus, a1
CASE(23); li a1, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR; csrs sstatus, a1
          csrr a0, mstatus; and a0, a0, a1; CHECK_EQ(a0, a1); csrc sstatus, a1; csrr a0, mstatus; and a0, a0, a1; CHECK(a0, 0)
CASE(24); li a1, MSTATUS_FS; csrs mstatus, a1; csrr a0, sstatus; and a2, a0, a1; CHECK_EQ(a2, a1); bgez a0, fail_csr

/* ---- scratch registers: every bit round-trips ---- */
CASE(25); li a1, MASK_XLEN(0xa5a5a5a55a5a5a5a); csrw mscratch, a1; csrr a0, mscratch; CHECK_EQ(a0, a1)
CASE(26); li a1, -1; csrrw a0, mscratch, a1; li a2, MASK_XLEN(0xa5a5a5a55a5a5a5a); CHECK_EQ(a0, a2); csrr a0, mscratch; CHECK(a0, -1)
CASE(27); li a1, MASK_XLEN(0x0123456789abcdef); csrw sscratch, a1; csrr a0, sscratch; CHECK_EQ(a0, a1)
CASE(28); csrw mscratch, zero; csrr a0, sscratch; CHECK_EQ(a0, a1); csrr a0, mscratch; CHECK(a0, 0)

/* ---- mtvec / stvec ---- */
CASE(29); la a1, trap_vector; csrr a0, mtvec; CHECK_EQ(a0, a1)
CASE(30); la a1, vec_table; ori a1, a1, 1; csrw mtvec, a1; csrr a0, mtvec; CHECK_EQ(a0, a1)
/* vectored mode: exceptions still go to BASE */
TEST_TRAP(31, CAUSE_ECALL_M, 0, ecall)
/* vectored mode: interrupt cause 1 (supervisor software, not delegated) goes
 * to BASE + 4 * 1 */
CASE(32); la a1, irq_rec; REG_S zero, 0(a1); REG_S zero, REGBYTES(a1); csrwi mie, MIP_SSIP; csrsi mip, MIP_SSIP
          csrsi mstatus, MSTATUS_MIE; nop; csrci mstatus, MSTATUS_MIE
          la a1, irq_rec; REG_L a0, 0(a1); CHECK(a0, XV(0x8000000000000001, 0x80000001))
          REG_L a0, REGBYTES(a1); CHECK(a0, 1)     /* reached through entry 1 */
          csrr a0, mip; andi a0, a0, MIP_SSIP; CHECK(a0, 0)
/* direct mode: the interrupt goes to BASE */
CASE(33); la a1, irq_direct; csrw mtvec, a1; la a1, irq_rec; REG_S zero, 0(a1); csrsi mip, MIP_SSIP
          csrsi mstatus, MSTATUS_MIE; nop; csrci mstatus, MSTATUS_MIE; csrwi mie, 0
          la a1, irq_rec; REG_L a0, 0(a1); CHECK(a0, XV(0x8000000000000001, 0x80000001))
          REG_L a0, REGBYTES(a1); CHECK(a0, 0x100)
CASE(34); la a1, trap_vector; csrw mtvec, a1; csrr a0, mtvec; CHECK_EQ(a0, a1)
CASE(35); la a1, strap_vector; csrw stvec, a1; csrr a0, stvec; CHECK_EQ(a0, a1)
CASE(36); la a1, vec_table; ori a1, a1, 1; csrw stvec, a1; csrr a0, stvec; CHECK_EQ(a0, a1)

/* ---- trap CSRs are plain read/write registers: mepc/sepc (bit 0 aside),
 *      mcause/scause, mtval/stval ---- */
CASE(83); li a1, 0x1000; csrw mepc, a1; csrr a0, mepc; CHECK(a0, 0x1000); li a1, 0x2000; csrw sepc, a1
          csrr a0, sepc; CHECK(a0, 0x2000)
CASE(84); li a1, MASK_XLEN(XV(0x8000000000000005, 0x80000005)); csrw scause, a1; csrr a0, scause; CHECK_EQ(a0, a1)
          csrwi mcause, 13; csrr a0, mcause; CHECK(a0, 13)
CASE(85); li a1, MASK_XLEN(0xfedcba9876543210); csrw stval, a1; csrr a0, stval; CHECK_EQ(a0, a1)
          csrw mtval, a1; csrr a0, mtval; CHECK_EQ(a0, a1); csrw mtval, zero; csrw stval, zero

/* ---- medeleg / mideleg ---- */
#define MEDELEG_EXPECTED ((1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 12) | (1 << 13) | (1 << 15))
CASE(37); li a1, -1; csrw medeleg, a1; csrr a0, medeleg; li a1, MEDELEG_EXPECTED; and a2, a0, a1; CHECK_EQ(a2, a1)
#if SPEC_STRICT
/* ecall from M-mode cannot be delegated: medeleg[11] is read-only zero.
 * QEMU 7.2 deviation: the bit is writable. */
CASE(38); csrr a0, medeleg; li a1, 1 << 11; and a0, a0, a1; CHECK(a0, 0)
#endif
CASE(39); csrw medeleg, zero; csrr a0, medeleg; CHECK(a0, 0)
CASE(40); li a1, -1; csrw mideleg, a1; csrr a0, mideleg; andi a2, a0, 0x222; CHECK(a2, 0x222)
          li a3, 0x888; and a2, a0, a3; CHECK(a2, 0)          /* machine interrupts are never delegated */
/* sie / sip show only delegated interrupts */
CASE(41); csrwi mie, 0; li a1, -1; csrw sie, a1; csrr a0, mie; li a1, 0x222; and a0, a0, a1; CHECK(a0, 0x222)
          csrr a0, mie; li a3, 0x888; and a0, a0, a3; CHECK(a0, 0)
CASE(42); csrr a0, sie; li a3, 0xfff; and a0, a0, a3; CHECK(a0, 0x222)
CASE(43); csrw mideleg, zero; csrr a0, sie; andi a0, a0, 0x222; CHECK(a0, 0)
CASE(44); csrwi mie, 0; csrr a0, mideleg; andi a0, a0, 0x222; CHECK(a0, 0)

/* ---- mie / mip ---- */
CASE(45); li a1, 0xaaa; csrw mie, a1; csrr a0, mie; li a3, 0xaaa; and a0, a0, a3; CHECK(a0, 0xaaa); csrwi mie, 0
          csrr a0, mie; CHECK(a0, 0)
/* mip.SSIP is writable by M-mode and visible in sip when delegated */
CASE(46); csrsi mip, MIP_SSIP; csrr a0, mip; andi a0, a0, MIP_SSIP; CHECK(a0, MIP_SSIP)
          csrwi mideleg, MIP_SSIP; csrr a0, sip; andi a0, a0, MIP_SSIP; CHECK(a0, MIP_SSIP)
          csrci sip, MIP_SSIP; csrr a0, mip; andi a0, a0, MIP_SSIP; CHECK(a0, 0); csrwi mideleg, 0
/* mip.MSIP is read-only through mip (set only by a device) */
CASE(47); csrsi mip, MIP_MSIP; csrr a0, mip; andi a0, a0, MIP_MSIP; CHECK(a0, 0)

/* ---- PMP ---- */
/* entry 0 (set up by TEST_BEGIN) reads back: NAPOT, R, W, X, not locked */
CASE(48); csrr a0, pmpcfg0; andi a0, a0, 0xff; CHECK(a0, 0x1f)
CASE(49); li a1, 0x20001000; csrw pmpaddr1, a1; csrr a0, pmpaddr1; CHECK(a0, 0x20001000)
CASE(50); li a1, 0x1f | (0x0b << 8); csrw pmpcfg0, a1; csrr a0, pmpcfg0; li a2, 0xffff; and a0, a0, a2; CHECK(a0, 0x0b1f)
CASE(51); li a1, 0x1f; csrw pmpcfg0, a1; csrw pmpaddr1, zero; csrr a0, pmpaddr1; CHECK(a0, 0)
#if XLEN == 64 && SPEC_STRICT
/* RV64 pmpaddr holds address bits 55..2: bits 63..54 read zero.
 * QEMU 7.2 deviation: all 64 bits read back. */
CASE(52); csrr a0, pmpaddr0; CHECK(a0, 0x003fffffffffffff)
#endif
#if XLEN == 32
CASE(53); csrr a0, pmpcfg1; csrr a0, pmpcfg2; csrr a0, pmpcfg3; csrr a0, pmpaddr15
#else
CASE(53); csrr a0, pmpcfg2; csrr a0, pmpaddr15
#endif

#if XLEN == 64
/* RV64 has only the even pmpcfg registers */
TEST_ILLEGAL(82, csrr a0, pmpcfg1)
#endif

/* ---- menvcfg (and menvcfgh on RV32), senvcfg exist ---- */
CASE(54); csrr a0, menvcfg; csrw menvcfg, a0; csrr a1, menvcfg; CHECK_EQ(a0, a1); csrr a0, senvcfg
#if XLEN == 32
CASE(55); csrr a0, menvcfgh
#endif

/* ---- counters: mcounteren / scounteren gate access from S and U ---- */
CASE(56); li a1, 7; csrw mcounteren, a1; csrr a0, mcounteren; andi a0, a0, 5; CHECK(a0, 5)     /* CY, IR (TM may be fixed) */
          csrw mcounteren, zero; csrr a0, mcounteren; CHECK(a0, 0)
CASE(57); li a1, 5; csrw scounteren, a1; csrr a0, scounteren; andi a0, a0, 5; CHECK(a0, 5)
          csrw scounteren, zero; csrr a0, scounteren; CHECK(a0, 0)
/* mcounteren.CY = 0: cycle is illegal in S and U */
CASE(58); EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: rdcycle a0; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b); CHECK_TRAP_TVAL_INSN(1b); CHECK_TRAP_MPP(PRV_S)
CASE(59); EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: rdinstret a0; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b); CHECK_TRAP_TVAL_INSN(1b)
/* mcounteren.CY = 1: S may read cycle; U still needs scounteren.CY */
CASE(60); csrwi mcounteren, 5; RUN_IN_MODE(PRV_S, rdcycle a0; rdinstret a1); CHECK_RAN_TO_ECALL(PRV_S)
CASE(61); EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: rdcycle a0; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b)
CASE(62); csrwi scounteren, 1; RUN_IN_MODE(PRV_U, rdcycle a0); CHECK_RAN_TO_ECALL(PRV_U)
CASE(63); EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: rdinstret a0; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b)
CASE(64); csrwi scounteren, 0; csrwi mcounteren, 0
/* minstret / mcycle are writable in M-mode and count on from the written value */
CASE(65); li a1, 0x100000; csrw minstret, a1; csrr a0, minstret; bltu a0, a1, fail_csr
          li a1, 0x200000; bgeu a0, a1, fail_csr
CASE(66); li a1, 0x100000; csrw mcycle, a1; csrr a0, mcycle; bltu a0, a1, fail_csr
          li a1, 0x10000000; bgeu a0, a1, fail_csr
#if XLEN == 32
CASE(67); csrw minstreth, zero; csrr a0, minstreth; li a1, 1; bgeu a0, a1, fail_csr; csrr a0, mcycleh
#endif

/* ---- satp: Bare after set-up, readable and writable from M ---- */
CASE(68); csrr a0, satp; CHECK(a0, 0)

/* ---- non-existent CSRs: illegal instruction, mtval = instruction bits ---- */
TEST_ILLEGAL(69, csrr a0, 0x3ff)
TEST_ILLEGAL(70, csrw 0x1ff, a0)
TEST_ILLEGAL(71, csrrs a0, 0xfff, x0)
TEST_ILLEGAL(72, csrrwi a0, 0x7ff, 3)
/* ---- writes to read-only CSRs ---- */
TEST_ILLEGAL(73, csrw cycle, zero)
TEST_ILLEGAL(74, csrrsi a0, mhartid, 1)
#if XLEN == 32
TEST_ILLEGAL(75, csrw instreth, a0)
#endif

/* ---- higher-privilege CSRs from S and U ---- */
CASE(76); EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: csrr a0, mstatus; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b); CHECK_TRAP_TVAL_INSN(1b)
CASE(77); EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: csrw mscratch, a0; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b)
CASE(78); EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: csrr a0, sstatus; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b); CHECK_TRAP_TVAL_INSN(1b)
CASE(79); EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: csrw sscratch, a0; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b)
CASE(80); EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: csrr a0, satp; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b)
/* S-mode reaches its own CSRs */
CASE(81); li a1, 0x77; RUN_IN_MODE(PRV_S, csrw sscratch, a1; csrr a2, sscratch; csrr a3, sstatus; csrr a4, stvec)
          CHECK_RAN_TO_ECALL(PRV_S); CHECK(a2, 0x77)

    TEST_PASS

fail_csr:
    j fail

/* vector table for mtvec vectored mode: entry 0 takes exceptions, entry 1
 * the supervisor software interrupt */
    .balign 256
vec_table:
    j trap_vector
    j irq_ssi
    .rept 14
    j fail
    .endr
irq_ssi:
    li t5, 1
    j 1f
    .balign 4
irq_direct:
    li t5, 0x100
1:  la t6, irq_rec
    REG_S t5, REGBYTES(t6)
    csrr t5, mcause
    REG_S t5, 0(t6)
    csrci mip, MIP_SSIP
    mret

    .pushsection .data; .balign 8
irq_rec: XWORD 0, 0
    .popsection
