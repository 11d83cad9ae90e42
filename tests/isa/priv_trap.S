/*
 * priv_trap.S - precise traps, trap return and delegation.
 *
 * ecall from M/S/U (causes 11/9/8, mtval 0), ebreak (3, mtval = pc or 0),
 * illegal instructions (2, mtval = the instruction bits), misaligned
 * accesses, access faults (1/5/7, mtval = the address), mepc exact, the
 * faulting instruction writes nothing; trap entry (MPIE = MIE, MIE = 0,
 * MPP = previous mode); mret (MIE = MPIE, MPIE = 1, MPP = U, MPRV cleared
 * when leaving M); delegation through medeleg to S-mode (scause, sepc,
 * stval, SPP, SPIE; M-mode CSRs untouched; traps in M never delegated);
 * sret; privileged instructions and CSRs from lower modes; mstatus.TSR and
 * TVM; wfi proceeding when an enabled interrupt is pending.
 *
 * Misaligned accesses.  Both trapping and performing them are allowed by
 * the specification.  These tests follow QEMU's spike machine, which ferry
 * matches: ordinary loads and stores (integer and FP) to misaligned
 * addresses are performed; LR to a misaligned address raises load
 * address-misaligned (4), SC and AMOs raise store/AMO address-misaligned (6),
 * with mtval = the address.
 */
#include "test_macros.h"

/* a data address where nothing is mapped (no RAM, no device) */
#define UNMAPPED 0x40000000

TEST_BEGIN

/* ---- ecall ---- */
TEST_TRAP(1, CAUSE_ECALL_M, 0, ecall)
CASE(2);  EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: ecall; j fail
          2: CHECK_TRAP(CAUSE_ECALL_S, 1b, 0); CHECK_TRAP_MPP(PRV_S)
CASE(3);  EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: ecall; j fail
          2: CHECK_TRAP(CAUSE_ECALL_U, 1b, 0); CHECK_TRAP_MPP(PRV_U)
/* the trap handler resumed in M-mode: M-only CSRs are accessible */
CASE(4);  csrr a0, mscratch

/* ---- ebreak: cause 3, mepc = the ebreak, mtval = its address or 0 ---- */
CASE(5);  EXPECT_TRAP(2f); 1: ebreak; j fail; 2: CHECK_TRAP_CAUSE(CAUSE_BREAKPOINT); CHECK_TRAP_EPC(1b)
          CHECK_TRAP_TVAL_0_OR_LABEL(1b)
CASE(6);  EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: ebreak; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_BREAKPOINT); CHECK_TRAP_EPC(1b); CHECK_TRAP_MPP(PRV_U)
CASE(7);  EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: .option push; .option norvc; ebreak; .option pop; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_BREAKPOINT); CHECK_TRAP_EPC(1b); CHECK_TRAP_MPP(PRV_S)

/* ---- illegal instructions: mtval = the instruction bits ---- */
TEST_ILLEGAL(8, .word 0x00000000)
TEST_ILLEGAL(9, .word 0xffffffff)
TEST_ILLEGAL(10, .2byte 0x0000)
TEST_ILLEGAL(11, .word 0xfe000033)      /* OP with funct7 = 0x7f */
TEST_ILLEGAL(12, .word 0x0000703b)      /* OP-32, funct3 = 7, funct7 = 0: reserved */
#if XLEN == 32
TEST_ILLEGAL(13, .word 0x00b5053b)      /* addw a0, a1, a1: RV64 only */
#endif
CASE(14); EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: .word 0xffffffff; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b); CHECK_TRAP_TVAL(0xffffffff); CHECK_TRAP_MPP(PRV_U)
/* privileged instructions and CSRs in lower modes */
CASE(15); EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: mret; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b); CHECK_TRAP_TVAL_INSN(1b)
CASE(16); EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: mret; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b); CHECK_TRAP_TVAL_INSN(1b)
CASE(17); EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: sret; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b); CHECK_TRAP_TVAL_INSN(1b)
CASE(18); EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: sfence.vma; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b)
CASE(19); EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: csrr a0, mstatus; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b); CHECK_TRAP_TVAL_INSN(1b)
CASE(20); EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: csrw mtvec, zero; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b); la a1, trap_vector; csrr a0, mtvec; CHECK_EQ(a0, a1)
CASE(21); EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: csrr a0, mepc; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b)
CASE(22); EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: csrr a0, medeleg; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b); CHECK_TRAP_MPP(PRV_S)
/* TSR: sret in S-mode is illegal; TVM: satp and sfence.vma in S-mode are illegal */
CASE(23); li a1, MSTATUS_TSR; csrs mstatus, a1; EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: sret; j fail
          2: li a1, MSTATUS_TSR; csrc mstatus, a1; CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b)
CASE(24); li a1, MSTATUS_TVM; csrs mstatus, a1; EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: csrr a0, satp; j fail
          2: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b)
CASE(25); EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: sfence.vma; j fail
          2: li a1, MSTATUS_TVM; csrc mstatus, a1; CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(1b)
/* without TSR/TVM the same instructions are fine in S-mode */
CASE(26); RUN_IN_MODE(PRV_S, csrr a0, satp; sfence.vma); CHECK_RAN_TO_ECALL(PRV_S)

/* ---- misaligned accesses (see the header comment) ---- */
CASE(27); la a1, mdat; lw a0, 1(a1); CHECK(a0, 0x33445566)
CASE(28); la a1, mdat; lhu a0, 3(a1); CHECK(a0, 0x3344)
CASE(29); la a1, mdat; lh a0, 7(a1); CHECK(a0, 0xffffffffffffff88)
CASE(30); la a1, mdat; li a2, 0x0a0b0c0d; sw a2, 17(a1); lbu a0, 17(a1); CHECK(a0, 0x0d); lbu a0, 20(a1); CHECK(a0, 0x0a)
CASE(31); la a1, mdat; li a2, 0xbeef; sh a2, 23(a1); lbu a0, 23(a1); CHECK(a0, 0xef); lbu a0, 24(a1); CHECK(a0, 0xbe)
CASE(32); la a1, mdat; flw fa0, 2(a1); fmv.x.w a0, fa0; CHECK(a0, 0x22334455)
CASE(33); la a1, mdat; fld fa0, 1(a1); fsd fa0, 33(a1); lw a0, 33(a1); CHECK(a0, 0x33445566); lw a0, 37(a1); CHECK(a0, 0xffffffffff881122)
#if XLEN == 64
CASE(34); la a1, mdat; ld a0, 3(a1); CHECK(a0, 0x0000ff8811223344)
#endif
/* LR to a misaligned address: load address-misaligned, mtval = address */
CASE(35); la a1, mdat; addi a1, a1, 2; EXPECT_TRAP(2f); 1: lr.w a0, (a1); j fail
          2: CHECK_TRAP_CAUSE(CAUSE_MISALIGNED_LOAD); CHECK_TRAP_EPC(1b); CHECK_TRAP_TVAL_REG(a1)
/* AMO to a misaligned address: store/AMO address-misaligned, mtval = address,
 * memory and rd unchanged */
#if SPEC_STRICT
#define AMO_MISALIGNED_CAUSE CAUSE_MISALIGNED_STORE
#define AMO_ACCESS_CAUSE CAUSE_STORE_ACCESS
#else
/* QEMU 7.2 deviation: it reports the exceptions of an AMO as load exceptions
 * (misaligned load 4, load access fault 5) instead of store/AMO (6, 7) */
#define AMO_MISALIGNED_CAUSE CAUSE_MISALIGNED_LOAD
#define AMO_ACCESS_CAUSE CAUSE_LOAD_ACCESS
#endif
CASE(36); la a1, mdat; addi a1, a1, 1; li a0, 0x5a; li a2, 1; EXPECT_TRAP(2f); 1: amoadd.w a0, a2, (a1); j fail
          2: CHECK_TRAP_CAUSE(AMO_MISALIGNED_CAUSE); CHECK_TRAP_EPC(1b); CHECK_TRAP_TVAL_REG(a1); CHECK(a0, 0x5a)
          lw a0, 0(a1); CHECK(a0, 0x33445566)
CASE(37); la a1, mdat; addi a1, a1, 2; EXPECT_TRAP(2f); 1: amoswap.w a0, a2, (a1); j fail
          2: CHECK_TRAP_CAUSE(AMO_MISALIGNED_CAUSE); CHECK_TRAP_TVAL_REG(a1)
#if XLEN == 64
CASE(38); la a1, mdat; addi a1, a1, 4; EXPECT_TRAP(2f); 1: amoor.d a0, a2, (a1); j fail
          2: CHECK_TRAP_CAUSE(AMO_MISALIGNED_CAUSE); CHECK_TRAP_TVAL_REG(a1)
CASE(39); la a1, mdat; addi a1, a1, 4; EXPECT_TRAP(2f); 1: lr.d a0, (a1); j fail
          2: CHECK_TRAP_CAUSE(CAUSE_MISALIGNED_LOAD); CHECK_TRAP_TVAL_REG(a1)
#endif
#if SPEC_STRICT
/* SC to a misaligned address traps (store/AMO address-misaligned) even
 * without a reservation.  QEMU 7.2 deviation: SC without a matching
 * reservation fails without checking the address. */
CASE(40); la a1, mdat; addi a1, a1, 1; EXPECT_TRAP(2f); 1: sc.w a0, a2, (a1); j fail
          2: CHECK_TRAP_CAUSE(CAUSE_MISALIGNED_STORE); CHECK_TRAP_EPC(1b); CHECK_TRAP_TVAL_REG(a1)
#endif

/* ---- access faults: nothing at UNMAPPED; mtval = the address, rd unchanged ---- */
CASE(41); li a1, UNMAPPED; li a0, 0x77; EXPECT_TRAP(2f); 1: lw a0, 0(a1); j fail
          2: CHECK_TRAP(CAUSE_LOAD_ACCESS, 1b, UNMAPPED); CHECK(a0, 0x77)
CASE(42); li a1, UNMAPPED; EXPECT_TRAP(2f); 1: sw a0, 8(a1); j fail
          2: CHECK_TRAP(CAUSE_STORE_ACCESS, 1b, UNMAPPED + 8)
CASE(43); li a1, UNMAPPED; EXPECT_TRAP(2f); 1: lbu a0, -1(a1); j fail
          2: CHECK_TRAP(CAUSE_LOAD_ACCESS, 1b, UNMAPPED - 1)
CASE(44); li a1, UNMAPPED; EXPECT_TRAP(2f); 1: amoadd.w a0, a0, (a1); j fail
          2: CHECK_TRAP(AMO_ACCESS_CAUSE, 1b, UNMAPPED)   /* AMO: store/AMO access fault */
CASE(45); li a1, UNMAPPED; EXPECT_TRAP(2f); 1: fsd fa0, 16(a1); j fail
          2: CHECK_TRAP(CAUSE_STORE_ACCESS, 1b, UNMAPPED + 16)
/* instruction fetch: mepc = mtval = the target, ra already written by jalr */
CASE(46); li a1, UNMAPPED + 0x100; EXPECT_TRAP(2f); 1: jalr ra, 0(a1); j fail
          2: CHECK_TRAP_CAUSE(CAUSE_FETCH_ACCESS); CHECK_TRAP_TVAL(UNMAPPED + 0x100)
          CHECK_MEM(trap_rec, TR_EPC, UNMAPPED + 0x100); la a2, 1b; addi a2, a2, 4; CHECK_EQ(ra, a2)
/* access fault from U-mode */
CASE(47); li a1, UNMAPPED; EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: lw a0, 4(a1); j fail
          2: CHECK_TRAP(CAUSE_LOAD_ACCESS, 1b, UNMAPPED + 4); CHECK_TRAP_MPP(PRV_U)

/* ---- trap entry: MPIE = MIE, MIE = 0, MPP = previous mode ---- */
CASE(48); csrwi mie, 0; csrsi mstatus, MSTATUS_MIE; EXPECT_TRAP(2f); 1: ecall; j fail
          2: csrci mstatus, MSTATUS_MIE          /* the handler's mret set MIE = MPIE again */
          la a1, trap_rec; REG_L a0, TR_STATUS(a1); andi a2, a0, MSTATUS_MIE; CHECK(a2, 0)
          andi a2, a0, MSTATUS_MPIE; CHECK(a2, MSTATUS_MPIE); CHECK_TRAP_MPP(PRV_M)
CASE(49); li a1, MSTATUS_MPIE; csrc mstatus, a1; EXPECT_TRAP(2f); 1: ecall; j fail
          2: la a1, trap_rec; REG_L a0, TR_STATUS(a1); andi a2, a0, MSTATUS_MPIE; CHECK(a2, 0)
/* mcause / mepc / mtval are plain registers afterwards (writable) */
CASE(50); li a1, 0x1234; csrw mepc, a1; csrr a0, mepc; CHECK(a0, 0x1234); csrw mtval, a1; csrr a0, mtval; CHECK(a0, 0x1234)
          csrwi mcause, 5; csrr a0, mcause; CHECK(a0, 5)
#if SPEC_STRICT
/* mepc bit 0 always reads zero (IALIGN = 16).  QEMU 7.2 deviation: it
 * keeps and returns the bit. */
CASE(51); li a1, 0x1235; csrw mepc, a1; csrr a0, mepc; CHECK(a0, 0x1234)
#endif

/* ---- mret ---- */
/* to M with MPIE = 1: MIE = 1, MPIE = 1, MPP = U */
CASE(52); li a1, MSTATUS_MPP | MSTATUS_MPIE; csrs mstatus, a1; csrci mstatus, MSTATUS_MIE; csrwi mie, 0
          la a1, 1f; csrw mepc, a1; mret; j fail
1:        csrr a0, mstatus; csrci mstatus, MSTATUS_MIE; andi a1, a0, MSTATUS_MIE; CHECK(a1, MSTATUS_MIE)
          andi a1, a0, MSTATUS_MPIE; CHECK(a1, MSTATUS_MPIE); srli a1, a0, 11; andi a1, a1, 3; CHECK(a1, PRV_U)
/* MPIE = 0: MIE = 0 */
CASE(53); li a1, MSTATUS_MPP; csrs mstatus, a1; li a1, MSTATUS_MPIE; csrc mstatus, a1; csrsi mstatus, MSTATUS_MIE
          la a1, 1f; csrw mepc, a1; mret; j fail
1:        csrr a0, mstatus; andi a1, a0, MSTATUS_MIE; CHECK(a1, 0); andi a1, a0, MSTATUS_MPIE; CHECK(a1, MSTATUS_MPIE)
#if SPEC_STRICT
/* mret to a mode other than M clears MPRV (privileged spec 1.12).
 * QEMU 7.2 deviation: MPRV stays set. */
CASE(54); li a1, MSTATUS_MPRV; csrs mstatus, a1; EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: ecall; j fail
          2: la a1, trap_rec; REG_L a0, TR_STATUS(a1); li a1, MSTATUS_MPRV; csrc mstatus, a1; and a0, a0, a1
          CHECK(a0, 0); CHECK_TRAP_CAUSE(CAUSE_ECALL_S)
#endif
#if SPEC_STRICT
/* mret after writing an odd address goes to the even address (mepc bit 0
 * is zero).  QEMU 7.2 deviation: see case 51. */
CASE(55); li a1, MSTATUS_MPP; csrs mstatus, a1; la a1, 1f; addi a1, a1, 1; csrw mepc, a1; mret; j fail
1:        nop
#endif

/* ---- delegation to S-mode ---- */
CASE(56); la a1, strap_vector; csrw stvec, a1; li a1, 1 << CAUSE_ECALL_U; csrw medeleg, a1
          li a1, 0x55; csrw mcause, a1; csrw mepc, a1; csrw mtval, a1
          EXPECT_STRAP(3f); EXPECT_TRAP(4f); ENTER_MODE(PRV_U, 1f)
1:        ecall; j fail
3:        ecall; j fail           /* S-mode: not delegated, goes to M */
4:        CHECK_STRAP(CAUSE_ECALL_U, 1b, 0); CHECK_TRAP(CAUSE_ECALL_S, 3b, 0)
/* the S-level trap left SPP = U and did not touch the M-level CSRs (the
 * later M trap wrote them: checked through the S record instead) */
CASE(57); la a1, strap_rec; REG_L a0, TR_STATUS(a1); andi a0, a0, MSTATUS_SPP; CHECK(a0, 0)
/* SPIE = SIE at the time of the trap (SIE was 1 in U-mode), SIE cleared */
CASE(58); csrsi sstatus, MSTATUS_SIE; EXPECT_STRAP(3f); EXPECT_TRAP(4f); ENTER_MODE(PRV_U, 1f)
1:        ecall; j fail
3:        ecall; j fail
4:        csrci sstatus, MSTATUS_SIE; la a1, strap_rec; REG_L a0, TR_STATUS(a1)    /* sstatus at trap entry */
          andi a1, a0, MSTATUS_SIE; CHECK(a1, 0); andi a1, a0, MSTATUS_SPIE; CHECK(a1, MSTATUS_SPIE)
/* delegated illegal instruction from U-mode: stval = the bits; the trap
 * went to S only (the M handler saw just the closing ecall from S) */
CASE(59); li a1, 1 << CAUSE_ILLEGAL_INSN; csrs medeleg, a1
          EXPECT_STRAP(3f); EXPECT_TRAP(5f); ENTER_MODE(PRV_U, 1f)
1:        .word 0xffffffff; j fail
3:        ecall; j fail
5:        CHECK_STRAP(CAUSE_ILLEGAL_INSN, 1b, 0xffffffff); CHECK_TRAP(CAUSE_ECALL_S, 3b, 0)
/* delegated illegal instruction from S-mode: SPP = S */
CASE(60); EXPECT_STRAP(3f); EXPECT_TRAP(5f); ENTER_MODE(PRV_S, 1f)
1:        csrr a0, mscratch; j fail
3:        ecall; j fail
5:        CHECK_TRAP_CAUSE(CAUSE_ECALL_S); CHECK_MEM(strap_rec, TR_COUNT, 1)
          CHECK_MEM(strap_rec, TR_CAUSE, CAUSE_ILLEGAL_INSN); la a1, 1b; la a2, strap_rec; REG_L a2, TR_EPC(a2)
          CHECK_EQ(a1, a2); la a1, strap_rec; REG_L a0, TR_STATUS(a1); andi a0, a0, MSTATUS_SPP; CHECK(a0, MSTATUS_SPP)
          la a2, 1b; lw a2, 0(a2); li a3, MASK_XLEN(0xffffffff); and a2, a2, a3      /* stval = the bits */
          la a1, strap_rec; REG_L a0, TR_TVAL(a1); CHECK_EQ(a0, a2)
/* a delegated exception raised in M-mode is still taken in M-mode */
TEST_ILLEGAL(61, .word 0xffffffff)
CASE(62); EXPECT_STRAP(fail); EXPECT_TRAP(2f); 1: ecall; j fail; 2: CHECK_TRAP_CAUSE(CAUSE_ECALL_M)
          li a1, 1 << CAUSE_ECALL_M; csrs medeleg, a1; EXPECT_TRAP(2f); 1: ecall; j fail; 2: CHECK_TRAP_CAUSE(CAUSE_ECALL_M)
/* delegated load access fault and breakpoint: stval = address / pc-or-0 */
CASE(63); li a1, (1 << CAUSE_LOAD_ACCESS) | (1 << CAUSE_BREAKPOINT); csrw medeleg, a1; li a1, UNMAPPED
          EXPECT_STRAP(3f); EXPECT_TRAP(5f); ENTER_MODE(PRV_U, 1f)
1:        lw a0, 12(a1); j fail
3:        ecall; j fail
5:        CHECK_STRAP(CAUSE_LOAD_ACCESS, 1b, UNMAPPED + 12)
CASE(64); EXPECT_STRAP(3f); EXPECT_TRAP(5f); ENTER_MODE(PRV_S, 1f)
1:        ebreak; j fail
3:        ecall; j fail
5:        CHECK_MEM(strap_rec, TR_CAUSE, CAUSE_BREAKPOINT); CHECK_MEM(strap_rec, TR_COUNT, 1)
          la a1, 1b; la a2, strap_rec; REG_L a2, TR_EPC(a2); CHECK_EQ(a1, a2)
CASE(65); csrw medeleg, zero; csrw stvec, zero

/* ---- sret ---- */
/* sret with SPP = U returns to U-mode at sepc */
CASE(66); EXPECT_TRAP(3f); ENTER_MODE(PRV_S, 1f)
1:        li a1, MSTATUS_SPP; csrc sstatus, a1; la a1, 2f; csrw sepc, a1; sret; j fail
2:        ecall; j fail
3:        CHECK_TRAP(CAUSE_ECALL_U, 2b, 0); CHECK_TRAP_MPP(PRV_U)
/* sret with SPP = S, SPIE = 1: SIE = 1, SPIE = 1, SPP = U afterwards */
CASE(67); EXPECT_TRAP(3f); ENTER_MODE(PRV_S, 1f)
1:        li a1, MSTATUS_SPP | MSTATUS_SPIE; csrs sstatus, a1; csrci sstatus, MSTATUS_SIE; la a1, 2f; csrw sepc, a1
          sret; j fail
2:        csrr a0, sstatus; csrci sstatus, MSTATUS_SIE; ecall; j fail
3:        CHECK_TRAP_CAUSE(CAUSE_ECALL_S); andi a1, a0, MSTATUS_SIE; CHECK(a1, MSTATUS_SIE)
          andi a1, a0, MSTATUS_SPIE; CHECK(a1, MSTATUS_SPIE); andi a1, a0, MSTATUS_SPP; CHECK(a1, 0)
/* sret with SPIE = 0: SIE = 0 */
CASE(68); EXPECT_TRAP(3f); ENTER_MODE(PRV_S, 1f)
1:        li a1, MSTATUS_SPP; csrs sstatus, a1; li a1, MSTATUS_SPIE; csrc sstatus, a1; csrsi sstatus, MSTATUS_SIE
          la a1, 2f; csrw sepc, a1; sret; j fail
2:        csrr a0, sstatus; ecall; j fail
3:        CHECK_TRAP_CAUSE(CAUSE_ECALL_S); andi a1, a0, MSTATUS_SIE; CHECK(a1, 0)
/* sret is allowed in M-mode (returns to SPP) */
CASE(69); EXPECT_TRAP(3f); li a1, MSTATUS_SPP; csrs mstatus, a1; la a1, 2f; csrw sepc, a1; sret; j fail
2:        ecall; j fail
3:        CHECK_TRAP(CAUSE_ECALL_S, 2b, 0)

/* ---- wfi: with an enabled interrupt pending (globally disabled) wfi
 *      completes and execution goes on at the next instruction ---- */
CASE(70); csrci mstatus, MSTATUS_MIE; csrwi mie, MIP_SSIP; csrsi mip, MIP_SSIP; wfi; li a0, 1
          csrci mip, MIP_SSIP; csrwi mie, 0; CHECK(a0, 1)
/* and it does not trap in M-mode */
CASE(71); EXPECT_TRAP(fail); csrwi mie, MIP_SSIP; csrsi mip, MIP_SSIP; wfi; wfi; csrci mip, MIP_SSIP; csrwi mie, 0
          la a1, trap_rec; REG_S zero, TR_RESUME(a1)

/* ---- the trapping instruction is not retired: a faulting load keeps rd,
 *      a faulting jalr target does not matter, a faulting store writes
 *      nothing ---- */
CASE(72); li a0, 0x123; li a1, UNMAPPED; EXPECT_TRAP(2f); 1: REG_L a0, 0(a1); j fail; 2: CHECK(a0, 0x123)
CASE(73); la a1, mdat; lw a2, 40(a1); li a4, 0x99; li a3, UNMAPPED; EXPECT_TRAP(2f); 1: amoswap.w a4, a2, (a3); j fail
          2: CHECK_TRAP_CAUSE(AMO_ACCESS_CAUSE); CHECK(a4, 0x99)

    TEST_PASS

    .pushsection .data; .balign 16
mdat:
    .dword 0x8811223344556677
    .dword 0x00000000000000ff
    .fill 6, 8, 0
    .popsection
