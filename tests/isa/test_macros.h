/*
 * test_macros.h - the small macro set of ferry's self-checking ISA tests.
 *
 * Environment: Spike-compatible bare metal.  The image is linked at
 * 0x80000000 (tests/isa/link.ld), starts at _start in M-mode and reports
 * through HTIF: it writes (case << 1) | 1 to `tohost`, so 1 means "passed"
 * and a failure makes the emulator exit with the number of the failing case.
 *
 * Conventions
 *   - gp (TESTNUM) holds the number of the case being run.  Every case starts
 *     with CASE(n); n is a literal in 1..254, unique in its file (the
 *     assembler rejects a duplicate or out-of-range number): the emulator's
 *     exit status carries only 8 bits.  255 names a failure in the set-up
 *     code, before the first case.  The same number names the same check on
 *     RV32 and RV64 (XV(a, b) gives the width-dependent operands/results).
 *   - SPEC_STRICT (below) guards the few cases where QEMU 7.2 deviates from
 *     the specification.
 *   - t4, t5 and t6 (x29-x31) belong to the framework: the check macros and
 *     the trap handlers clobber them.  Tests use the other registers.
 *   - An unexpected trap fails the current case.  A trap that a case expects
 *     is announced first with EXPECT_TRAP(resume_label): the M-mode handler
 *     records mcause/mepc/mtval/mstatus in trap_rec, counts the trap and
 *     resumes at resume_label in M-mode.  CHECK_TRAP() checks the record.
 *     The S-mode handler (strap_vector, installed in stvec by the tests that
 *     delegate) does the same with scause/sepc/stval/sstatus in strap_rec and
 *     resumes in S-mode.
 *
 * Source files are preprocessed by cpp: use C comments, never '#' comments.
 */
#ifndef FERRY_TEST_MACROS_H
#define FERRY_TEST_MACROS_H

/* ------------------------------------------------------------------ */
/* Register width                                                      */
/* ------------------------------------------------------------------ */
#if __riscv_xlen == 64
#define XLEN 64
#define REGBYTES 8
#define REG_L ld
#define REG_S sd
#define XWORD .dword
#define MASK_XLEN(x) (x)
#define SEXT32(x) ((((x) & 0xffffffff) ^ 0x80000000) - 0x80000000)
#define XV(v64, v32) (v64)
#else
#define XLEN 32
#define REGBYTES 4
#define REG_L lw
#define REG_S sw
#define XWORD .word
#define MASK_XLEN(x) ((x) & 0xffffffff)
#define SEXT32(x) ((x) & 0xffffffff)
#define XV(v64, v32) (v32)
#endif
/* XV(a, b): a on RV64, b on RV32 (an operand or result that depends on XLEN) */

#define TESTNUM gp

/*
 * SPEC_STRICT (default 1) keeps the cases where QEMU 7.2, the reference used
 * to validate these tests, deviates from the specification.  Build with
 * -DSPEC_STRICT=0 to run the suite on QEMU; each such case is marked in its
 * source with "QEMU 7.2 deviation".
 */
#ifndef SPEC_STRICT
#define SPEC_STRICT 1
#endif

/* `la` must give the absolute (pc-relative) address, not load it from a GOT */
.option nopic

/* ------------------------------------------------------------------ */
/* Architectural constants                                             */
/* ------------------------------------------------------------------ */
#define PRV_U 0
#define PRV_S 1
#define PRV_M 3

#define MSTATUS_SIE   0x00000002
#define MSTATUS_MIE   0x00000008
#define MSTATUS_SPIE  0x00000020
#define MSTATUS_UBE   0x00000040
#define MSTATUS_MPIE  0x00000080
#define MSTATUS_SPP   0x00000100
#define MSTATUS_VS    0x00000600
#define MSTATUS_MPP   0x00001800
#define MSTATUS_MPP_S 0x00000800
#define MSTATUS_MPP_M 0x00001800
#define MSTATUS_FS    0x00006000
#define MSTATUS_FS_INITIAL 0x00002000
#define MSTATUS_FS_CLEAN   0x00004000
#define MSTATUS_FS_DIRTY   0x00006000
#define MSTATUS_XS    0x00018000
#define MSTATUS_MPRV  0x00020000
#define MSTATUS_SUM   0x00040000
#define MSTATUS_MXR   0x00080000
#define MSTATUS_TVM   0x00100000
#define MSTATUS_TW    0x00200000
#define MSTATUS_TSR   0x00400000
#if XLEN == 64
#define MSTATUS_UXL   0x0000000300000000
#define MSTATUS_SXL   0x0000000c00000000
#define MSTATUS_SD    0x8000000000000000
#else
#define MSTATUS_SD    0x80000000
#endif

#define MIP_SSIP (1 << 1)
#define MIP_MSIP (1 << 3)
#define MIP_STIP (1 << 5)
#define MIP_MTIP (1 << 7)
#define MIP_SEIP (1 << 9)
#define MIP_MEIP (1 << 11)

#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS     1
#define CAUSE_ILLEGAL_INSN     2
#define CAUSE_BREAKPOINT       3
#define CAUSE_MISALIGNED_LOAD  4
#define CAUSE_LOAD_ACCESS      5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS     7
#define CAUSE_ECALL_U          8
#define CAUSE_ECALL_S          9
#define CAUSE_ECALL_M          11
#define CAUSE_FETCH_PAGE_FAULT 12
#define CAUSE_LOAD_PAGE_FAULT  13
#define CAUSE_STORE_PAGE_FAULT 15

#define PTE_V 0x001
#define PTE_R 0x002
#define PTE_W 0x004
#define PTE_X 0x008
#define PTE_U 0x010
#define PTE_G 0x020
#define PTE_A 0x040
#define PTE_D 0x080

#if XLEN == 64
#define SATP_MODE_SHIFT 60
#define SATP_MODE_SV39 8
#define SATP_MODE_SV48 9
#else
#define SATP_MODE_SHIFT 31
#define SATP_MODE_SV32 1
#endif

/* fflags bits */
#define FFLAG_NX 0x01
#define FFLAG_UF 0x02
#define FFLAG_OF 0x04
#define FFLAG_DZ 0x08
#define FFLAG_NV 0x10

/* rounding modes (frm encodings) */
#define FRM_RNE 0
#define FRM_RTZ 1
#define FRM_RDN 2
#define FRM_RUP 3
#define FRM_RMM 4

/* trap record layout (trap_rec / strap_rec), XLEN-wide slots */
#define TR_CAUSE  (0 * REGBYTES)
#define TR_EPC    (1 * REGBYTES)
#define TR_TVAL   (2 * REGBYTES)
#define TR_STATUS (3 * REGBYTES)
#define TR_COUNT  (4 * REGBYTES)
#define TR_RESUME (5 * REGBYTES)
#define TR_SIZE   (6 * REGBYTES)

/* ------------------------------------------------------------------ */
/* Cases and checks                                                    */
/* ------------------------------------------------------------------ */

/* Start case n: reject duplicates and numbers outside 1..254. */
#define CASE(n) \
    .equiv ferry_case_##n, 1; \
    .if ((n) < 1) || ((n) > 254); .error "case number outside 1..254"; .endif; \
    li TESTNUM, n

/* Fail the current case unless register r equals the XLEN value v. */
#define CHECK(r, v) \
    li t6, MASK_XLEN(v); \
    beq r, t6, 88801f; j fail; 88801:

/* Fail the current case unless registers r1 and r2 are equal. */
#define CHECK_EQ(r1, r2) \
    beq r1, r2, 88802f; j fail; 88802:

/* Fail unless the XLEN word at symbol sym (+off) equals v. */
#define CHECK_MEM(sym, off, v) \
    la t5, sym; REG_L t5, off(t5); CHECK(t5, v)

#define TEST_PASS j pass
#define TEST_FAIL j fail

/* Generic case: run code, then check that register r holds v. */
#define TEST_CASE(n, r, v, code...) \
    CASE(n); code; CHECK(r, v)

/* R-type: a (x11) op b (x12) -> x14 */
#define TEST_RR_OP(n, insn, expected, a, b) \
    CASE(n); li a1, MASK_XLEN(a); li a2, MASK_XLEN(b); \
    insn a4, a1, a2; CHECK(a4, expected)

/* R-type with rd == rs1, rd == rs2 and rs1 == rs2 == rd */
#define TEST_RR_SRC1_EQ_DEST(n, insn, expected, a, b) \
    CASE(n); li a1, MASK_XLEN(a); li a2, MASK_XLEN(b); \
    insn a1, a1, a2; CHECK(a1, expected)
#define TEST_RR_SRC2_EQ_DEST(n, insn, expected, a, b) \
    CASE(n); li a1, MASK_XLEN(a); li a2, MASK_XLEN(b); \
    insn a2, a1, a2; CHECK(a2, expected)
#define TEST_RR_SRC12_EQ_DEST(n, insn, expected, a) \
    CASE(n); li a1, MASK_XLEN(a); insn a1, a1, a1; CHECK(a1, expected)
/* writes to x0 are discarded */
#define TEST_RR_ZERO_DEST(n, insn, a, b) \
    CASE(n); li a1, MASK_XLEN(a); li a2, MASK_XLEN(b); \
    insn x0, a1, a2; CHECK(x0, 0)
/* x0 as a source reads zero */
#define TEST_RR_ZERO_SRC1(n, insn, expected, b) \
    CASE(n); li a2, MASK_XLEN(b); insn a4, x0, a2; CHECK(a4, expected)
#define TEST_RR_ZERO_SRC2(n, insn, expected, a) \
    CASE(n); li a1, MASK_XLEN(a); insn a4, a1, x0; CHECK(a4, expected)

/* I-type: a (x11) op imm -> x14 */
#define TEST_IMM_OP(n, insn, expected, a, imm) \
    CASE(n); li a1, MASK_XLEN(a); insn a4, a1, imm; CHECK(a4, expected)
#define TEST_IMM_SRC1_EQ_DEST(n, insn, expected, a, imm) \
    CASE(n); li a1, MASK_XLEN(a); insn a1, a1, imm; CHECK(a1, expected)
#define TEST_IMM_ZERO_SRC1(n, insn, expected, imm) \
    CASE(n); insn a4, x0, imm; CHECK(a4, expected)
#define TEST_IMM_ZERO_DEST(n, insn, a, imm) \
    CASE(n); li a1, MASK_XLEN(a); insn x0, a1, imm; CHECK(x0, 0)

/*
 * Loads: the base register points at sym + base_off, the instruction uses
 * offset off.  Stores: store value v with (base_off, off), then read the
 * stored bytes back with load insn ld and compare with expected.
 */
#define TEST_LOAD(n, insn, expected, sym, base_off, off) \
    CASE(n); la a1, sym; addi a1, a1, base_off; \
    insn a4, off(a1); CHECK(a4, expected)
#define TEST_STORE(n, sinsn, linsn, expected, v, sym, base_off, off) \
    CASE(n); la a1, sym; addi a1, a1, base_off; li a2, MASK_XLEN(v); \
    sinsn a2, off(a1); linsn a4, off(a1); CHECK(a4, expected)

/* Branches: a1 = a, a2 = b; the branch must (not) be taken. */
#define TEST_BRANCH_TAKEN(n, insn, a, b) \
    CASE(n); li a1, MASK_XLEN(a); li a2, MASK_XLEN(b); \
    insn a1, a2, 88811f; j fail; 88811:
#define TEST_BRANCH_NOT_TAKEN(n, insn, a, b) \
    CASE(n); li a1, MASK_XLEN(a); li a2, MASK_XLEN(b); \
    insn a1, a2, 88812f; j 88813f; 88812: j fail; 88813:

/* AMO: memory at amo_dat (8-byte aligned, defined by the test) holds old
 * (written with sins), rd gets the old value, memory the new one (read with
 * lins). */
#define TEST_AMO(n, insn, lins, sins, old, src, exp_rd, exp_mem) \
    CASE(n); la a1, amo_dat; li a3, MASK_XLEN(old); sins a3, 0(a1); \
    li a2, MASK_XLEN(src); insn a4, a2, (a1); CHECK(a4, exp_rd); \
    lins a5, 0(a1); CHECK(a5, exp_mem)

/* ------------------------------------------------------------------ */
/* Traps                                                               */
/* ------------------------------------------------------------------ */

/* Expect one trap to M-mode; the handler resumes at label (in M-mode). */
#define EXPECT_TRAP(label) \
    la t6, trap_rec; la t5, label; REG_S t5, TR_RESUME(t6); \
    REG_S zero, TR_COUNT(t6); li t5, -1; REG_S t5, TR_CAUSE(t6); \
    REG_S t5, TR_EPC(t6); REG_S t5, TR_TVAL(t6)

/* The same for a trap taken by strap_vector in S-mode (resumes in S). */
#define EXPECT_STRAP(label) \
    la t6, strap_rec; la t5, label; REG_S t5, TR_RESUME(t6); \
    REG_S zero, TR_COUNT(t6); li t5, -1; REG_S t5, TR_CAUSE(t6); \
    REG_S t5, TR_EPC(t6); REG_S t5, TR_TVAL(t6)

/* Check the record of the last trap: exactly one trap, its cause,
 * mepc == address of epc_label, mtval == tval. */
#define CHECK_TRAP_CAUSE(cause) \
    CHECK_MEM(trap_rec, TR_COUNT, 1); CHECK_MEM(trap_rec, TR_CAUSE, cause)
#define CHECK_TRAP_EPC(epc_label) \
    la t4, epc_label; la t5, trap_rec; REG_L t5, TR_EPC(t5); CHECK_EQ(t4, t5)
#define CHECK_TRAP_TVAL(tval) CHECK_MEM(trap_rec, TR_TVAL, tval)
#define CHECK_TRAP_TVAL_REG(r) \
    la t5, trap_rec; REG_L t5, TR_TVAL(t5); CHECK_EQ(r, t5)
#define CHECK_TRAP(cause, epc_label, tval) \
    CHECK_TRAP_CAUSE(cause); CHECK_TRAP_EPC(epc_label); CHECK_TRAP_TVAL(tval)
/* mtval may be either 0 or the given value (e.g. ebreak: 0 or the pc) */
#define CHECK_TRAP_TVAL_0_OR_LABEL(label) \
    la t4, label; la t5, trap_rec; REG_L t5, TR_TVAL(t5); \
    beqz t5, 88822f; CHECK_EQ(t4, t5); 88822:
#define CHECK_TRAP_TVAL_LABEL(label) \
    la t4, label; CHECK_TRAP_TVAL_REG(t4)
/* mtval must be the bits of the (16- or 32-bit) instruction at label */
#define CHECK_TRAP_TVAL_INSN(label) \
    la t4, label; lhu t5, 0(t4); andi t6, t5, 3; addi t6, t6, -3; \
    bnez t6, 88821f; lhu t6, 2(t4); slli t6, t6, 16; or t5, t5, t6; \
    88821: mv t4, t5; CHECK_TRAP_TVAL_REG(t4)
/* The previous privilege recorded by the M-mode handler (mstatus.MPP). */
#define CHECK_TRAP_MPP(mode) \
    la t5, trap_rec; REG_L t5, TR_STATUS(t5); srli t5, t5, 11; \
    andi t5, t5, 3; CHECK(t5, mode)

#define CHECK_STRAP(cause, epc_label, tval) \
    CHECK_MEM(strap_rec, TR_COUNT, 1); CHECK_MEM(strap_rec, TR_CAUSE, cause); \
    la t4, epc_label; la t5, strap_rec; REG_L t5, TR_EPC(t5); CHECK_EQ(t4, t5); \
    CHECK_MEM(strap_rec, TR_TVAL, tval)

/* Run insn...; it must trap with cause, mepc at the instruction and mtval. */
#define TEST_TRAP(n, cause, tval, insn...) \
    CASE(n); EXPECT_TRAP(88832f); \
    88831: insn; j fail; \
    88832: CHECK_TRAP(cause, 88831b, tval)
/* The same with mtval = the instruction's own bits (illegal instruction). */
#define TEST_ILLEGAL(n, insn...) \
    CASE(n); EXPECT_TRAP(88834f); \
    88833: insn; j fail; \
    88834: CHECK_TRAP_CAUSE(CAUSE_ILLEGAL_INSN); CHECK_TRAP_EPC(88833b); \
    CHECK_TRAP_TVAL_INSN(88833b)

/* Leave M-mode: mret to label in privilege mode (PRV_U/PRV_S/PRV_M). */
#define ENTER_MODE(mode, label) \
    li t6, MSTATUS_MPP; csrc mstatus, t6; li t6, ((mode) << 11); \
    csrs mstatus, t6; la t6, label; csrw mepc, t6; mret

/*
 * Run code in privilege mode `mode`, then ecall back to M-mode.  If the code
 * does not trap the trap record holds the ecall (cause 8 + mode, or 11 from
 * M).  Execution continues in M-mode after the macro either way.
 */
#define RUN_IN_MODE(mode, code...) \
    EXPECT_TRAP(88842f); ENTER_MODE(mode, 88841f); \
    88841: code; ecall; j fail; \
    88842:
/* the code run by RUN_IN_MODE completed: the trap was its closing ecall */
#define CHECK_RAN_TO_ECALL(mode) \
    CHECK_TRAP_CAUSE(CAUSE_ECALL_U + (mode))

/* ------------------------------------------------------------------ */
/* Floating point                                                      */
/* ------------------------------------------------------------------ */
/* Precision parameters: P is S or D */
#define FP_LOAD_S flw
#define FP_LOAD_D fld
#define FP_STORE_S fsw
#define FP_STORE_D fsd
#define FP_DATA_S .word
#define FP_DATA_D .dword
#define FP_W_S 4
#define FP_W_D 8

/* Check fflags (accrued since the last clear) == flags. */
#define CHECK_FFLAGS(flags) frflags t5; CHECK(t5, flags)

/* Compare f register fr with the P-precision bit pattern at off(t4);
 * t4 must still point at the case's data block.  A single result must also
 * be NaN-boxed (upper 32 bits of the 64-bit register all ones). */
#if XLEN == 64
#define CHECK_FREG_S(fr, off) \
    fmv.x.w t5, fr; lw t6, off(t4); CHECK_EQ(t5, t6); \
    fmv.x.d t5, fr; srai t5, t5, 32; CHECK(t5, -1)
#define CHECK_FREG_D(fr, off) \
    fmv.x.d t5, fr; ld t6, off(t4); CHECK_EQ(t5, t6)
#else
#define CHECK_FREG_S(fr, off) \
    fsd fr, 32(t4); lw t5, 32(t4); lw t6, off(t4); CHECK_EQ(t5, t6); \
    lw t5, 36(t4); CHECK(t5, -1)
#define CHECK_FREG_D(fr, off) \
    fsd fr, 32(t4); lw t5, 32(t4); lw t6, off(t4); CHECK_EQ(t5, t6); \
    lw t5, 36(t4); lw t6, off+4(t4); CHECK_EQ(t5, t6)
#endif

/* Lay out data block [a, b, c, result] + 16 bytes of scratch at offset 32
 * (used by CHECK_FREG on RV32), and load a, b, c into fa0, fa1, fa2. */
#define FP_SETUP(P, a, b, c, res) \
    .pushsection .data; .balign 32; 88851: \
    FP_DATA_##P a; FP_DATA_##P b; FP_DATA_##P c; FP_DATA_##P res; \
    .balign 32; .dword 0; .dword 0; .popsection; \
    la t4, 88851b; FP_LOAD_##P fa0, 0(t4); FP_LOAD_##P fa1, FP_W_##P(t4); \
    FP_LOAD_##P fa2, 2*FP_W_##P(t4); fsflags x0

/* fa3 = insn(fa0) with rounding mode rm; result and fflags checked */
#define TEST_FP_OP1(n, P, insn, rm, flags, res, a) \
    CASE(n); FP_SETUP(P, a, 0, 0, res); insn fa3, fa0, rm; \
    CHECK_FFLAGS(flags); CHECK_FREG_##P(fa3, 3*FP_W_##P)
#define TEST_FP_OP2(n, P, insn, rm, flags, res, a, b) \
    CASE(n); FP_SETUP(P, a, b, 0, res); insn fa3, fa0, fa1, rm; \
    CHECK_FFLAGS(flags); CHECK_FREG_##P(fa3, 3*FP_W_##P)
#define TEST_FP_OP3(n, P, insn, rm, flags, res, a, b, c) \
    CASE(n); FP_SETUP(P, a, b, c, res); insn fa3, fa0, fa1, fa2, rm; \
    CHECK_FFLAGS(flags); CHECK_FREG_##P(fa3, 3*FP_W_##P)
/* two operands, no rounding mode (fmin/fmax/fsgnj*) */
#define TEST_FP_OP2N(n, P, insn, flags, res, a, b) \
    CASE(n); FP_SETUP(P, a, b, 0, res); insn fa3, fa0, fa1; \
    CHECK_FFLAGS(flags); CHECK_FREG_##P(fa3, 3*FP_W_##P)
/* integer result: compares (feq/flt/fle) */
#define TEST_FP_CMP(n, P, insn, flags, expected, a, b) \
    CASE(n); FP_SETUP(P, a, b, 0, 0); insn a4, fa0, fa1; \
    CHECK_FFLAGS(flags); CHECK(a4, expected)
/* integer result: conversions to integer, with rounding mode */
#define TEST_FP_TOINT(n, P, insn, rm, flags, expected, a) \
    CASE(n); FP_SETUP(P, a, 0, 0, 0); insn a4, fa0, rm; \
    CHECK_FFLAGS(flags); CHECK(a4, expected)
/* fclass */
#define TEST_FP_CLASS(n, P, insn, expected, a) \
    CASE(n); FP_SETUP(P, a, 0, 0, 0); insn a4, fa0; \
    CHECK_FFLAGS(0); CHECK(a4, expected)
/* integer source: conversions from integer, with rounding mode */
#define TEST_FP_FROMINT(n, P, insn, rm, flags, res, i) \
    CASE(n); FP_SETUP(P, 0, 0, 0, res); li a1, MASK_XLEN(i); \
    insn fa3, a1, rm; CHECK_FFLAGS(flags); CHECK_FREG_##P(fa3, 3*FP_W_##P)

/* exact conversions from integer (fcvt.d.w, fcvt.d.wu) take no rounding mode */
#define TEST_FP_FROMINT_EXACT(n, P, insn, flags, res, i) \
    CASE(n); FP_SETUP(P, 0, 0, 0, res); li a1, MASK_XLEN(i); \
    insn fa3, a1; CHECK_FFLAGS(flags); CHECK_FREG_##P(fa3, 3*FP_W_##P)

/* conversion between precisions: fa3 (Pd) = insn(fa0 (Ps)); the _EXACT form
 * (fcvt.d.s) takes no rounding mode */
#define FP_CVT_SETUP(Pd, res, Ps, a) \
    .pushsection .data; .balign 32; 88852: FP_DATA_##Ps a; .balign 8; \
    .skip 16; FP_DATA_##Pd res; .balign 32; .dword 0; .dword 0; .popsection; \
    la t4, 88852b; FP_LOAD_##Ps fa0, 0(t4); fsflags x0
#define TEST_FP_CVT(n, insn, rm, flags, Pd, res, Ps, a) \
    CASE(n); FP_CVT_SETUP(Pd, res, Ps, a); insn fa3, fa0, rm; \
    CHECK_FFLAGS(flags); CHECK_FREG_##Pd(fa3, 24)
#define TEST_FP_CVT_EXACT(n, insn, flags, Pd, res, Ps, a) \
    CASE(n); FP_CVT_SETUP(Pd, res, Ps, a); insn fa3, fa0; \
    CHECK_FFLAGS(flags); CHECK_FREG_##Pd(fa3, 24)

/* Shorthands used by the task description */
#define TEST_FP_OP(n, insn, flags, res, a, b) \
    TEST_FP_OP2(n, S, insn, dyn, flags, res, a, b)

/* ------------------------------------------------------------------ */
/* Start of a test program                                             */
/* ------------------------------------------------------------------ */
/*
 * TEST_BEGIN emits the entry point, the set-up (trap vector, PMP entry 0
 * opening all memory to S and U, satp/medeleg/mideleg/mie cleared,
 * mstatus = FS Initial, fcsr cleared, sp), the pass/fail exits, the trap
 * handlers, tohost/fromhost and the trap records; it leaves the assembler
 * in .text at the first instruction of the test body.
 */
#if XLEN == 64
#define HTIF_WRITE(r, base) sd r, 0(base)
#else
#define HTIF_WRITE(r, base) sw r, 0(base); sw zero, 4(base)
#endif

#define TEST_BEGIN \
    .section .text.init, "ax", @progbits; \
    .globl _start; \
_start: \
    la t6, trap_vector; csrw mtvec, t6; \
    li TESTNUM, 255; \
    la t6, 88861f; csrw mtvec, t6; \
    li t6, -1; csrw pmpaddr0, t6; li t6, 0x1f; csrw pmpcfg0, t6; \
    .balign 4; \
88861: \
    la t6, trap_vector; csrw mtvec, t6; \
    csrwi satp, 0; csrwi medeleg, 0; csrwi mideleg, 0; csrwi mie, 0; \
    li t6, MSTATUS_FS_INITIAL; csrw mstatus, t6; csrwi fcsr, 0; \
    la sp, stack_top; \
    li ra, 0; li tp, 0; li t0, 0; li t1, 0; li t2, 0; li s0, 0; li s1, 0; \
    li a0, 0; li a1, 0; li a2, 0; li a3, 0; li a4, 0; li a5, 0; \
    li a6, 0; li a7, 0; li s2, 0; li s3, 0; li s4, 0; li s5, 0; \
    li s6, 0; li s7, 0; li s8, 0; li s9, 0; li s10, 0; li s11, 0; \
    li t3, 0; li t4, 0; li t5, 0; \
    la t6, test_start; jr t6; \
    \
    .globl pass; \
pass: \
    fence; li t5, 1; la t6, tohost; \
88862: HTIF_WRITE(t5, t6); j 88862b; \
    \
    .globl fail; \
fail: \
    fence; slli t5, TESTNUM, 1; ori t5, t5, 1; la t6, tohost; \
88863: HTIF_WRITE(t5, t6); j 88863b; \
    \
    .balign 256; \
    .globl trap_vector; \
trap_vector: \
    csrr t5, mstatus; \
    li t6, MSTATUS_MPRV; csrc mstatus, t6; \
    la t6, trap_rec; REG_S t5, TR_STATUS(t6); \
    csrr t5, mcause; REG_S t5, TR_CAUSE(t6); \
    csrr t5, mepc; REG_S t5, TR_EPC(t6); \
    csrr t5, mtval; REG_S t5, TR_TVAL(t6); \
    REG_L t5, TR_COUNT(t6); addi t5, t5, 1; REG_S t5, TR_COUNT(t6); \
    REG_L t5, TR_RESUME(t6); beqz t5, fail; \
    REG_S zero, TR_RESUME(t6); csrw mepc, t5; \
    li t6, MSTATUS_MPP; csrs mstatus, t6; \
    mret; \
    \
    .balign 256; \
    .globl strap_vector; \
strap_vector: \
    la t6, strap_rec; \
    csrr t5, sstatus; REG_S t5, TR_STATUS(t6); \
    csrr t5, scause; REG_S t5, TR_CAUSE(t6); \
    csrr t5, sepc; REG_S t5, TR_EPC(t6); \
    csrr t5, stval; REG_S t5, TR_TVAL(t6); \
    REG_L t5, TR_COUNT(t6); addi t5, t5, 1; REG_S t5, TR_COUNT(t6); \
    REG_L t5, TR_RESUME(t6); beqz t5, fail; \
    REG_S zero, TR_RESUME(t6); csrw sepc, t5; \
    li t6, MSTATUS_SPP; csrs sstatus, t6; \
    sret; \
    \
    .section .tohost, "aw", @progbits; \
    .balign 64; .globl tohost; tohost: .dword 0; .size tohost, 8; \
    .balign 64; .globl fromhost; fromhost: .dword 0; .size fromhost, 8; \
    \
    .section .data; \
    .balign 8; .globl trap_rec; trap_rec: .fill TR_SIZE, 1, 0; \
    .balign 8; .globl strap_rec; strap_rec: .fill TR_SIZE, 1, 0; \
    \
    .section .bss; \
    .balign 16; stack_bottom: .skip 4096; stack_top: \
    \
    .text; \
    .globl test_start; \
test_start:

#endif /* FERRY_TEST_MACROS_H */
