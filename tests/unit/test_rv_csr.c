/*
 * ferry - unit tests for the user-level CSRs (cpu/riscv/csr.c) as seen
 * through Zicsr instructions executed with rv_step_bits(), and for the
 * floating-point exception flags the F/D instructions accrue in fflags.
 *
 * Expected behaviour: RISC-V Unprivileged ISA (20191213), chapter 9
 * ("Zicsr"), chapter 10 ("Counters"), and 11.2 ("Floating-Point Control and
 * Status Register"):
 *  - csrrw always writes (and reads only when rd != x0); csrrs/csrrc always
 *    read and write only when rs1 is not x0 (for the *i forms: uimm != 0);
 *  - a write to a read-only CSR (csr[11:10] == 3) is illegal, also when the
 *    value written would be 0; a CSR that does not exist is illegal;
 *  - fflags is 5 bits, frm 3 bits, fcsr = frm << 5 | fflags;
 *  - cycleh/instreth/timeh exist only on RV32.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "rv_fixture.h"


#define CSRRW(d, c, s)   enc_i(c, s, 1, d, 0x73)
#define CSRRS(d, c, s)   enc_i(c, s, 2, d, 0x73)
#define CSRRC(d, c, s)   enc_i(c, s, 3, d, 0x73)
#define CSRRWI(d, c, u)  enc_i(c, u, 5, d, 0x73)
#define CSRRSI(d, c, u)  enc_i(c, u, 6, d, 0x73)
#define CSRRCI(d, c, u)  enc_i(c, u, 7, d, 0x73)
#define ADDI(d, s, i)    enc_i(i, s, 0, d, 0x13)
#define FADD_D(d, a, b, rm)  enc_r(0x01, b, a, rm, d, 0x53)
#define FDIV_D(d, a, b, rm)  enc_r(0x0d, b, a, rm, d, 0x53)
#define FSQRT_D(d, a, rm)    enc_r(0x2d, 0, a, rm, d, 0x53)
#define FMUL_S(d, a, b, rm)  enc_r(0x08, b, a, rm, d, 0x53)
#define FEQ_D(d, a, b)       enc_r(0x51, b, a, 2, d, 0x53)
#define FLT_D(d, a, b)       enc_r(0x51, b, a, 1, d, 0x53)
#define FCVT_W_D(d, a, rm)   enc_r(0x61, 0, a, rm, d, 0x53)

enum { RNE = 0, RTZ = 1, RDN = 2, RUP = 3, DYN = 7 };
enum { NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16 };
enum {
    CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003,
    CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02,
    CSR_CYCLEH = 0xc80, CSR_TIMEH = 0xc81, CSR_INSTRETH = 0xc82,
};

#define D_ONE   0x3ff0000000000000ull
#define D_TWO   0x4000000000000000ull
#define D_THREE 0x4008000000000000ull
#define D_MONE  0xbff0000000000000ull
#define D_MAX   0x7fefffffffffffffull
#define D_INF   0x7ff0000000000000ull
#define D_QNAN  0x7ff8000000000000ull
#define D_SNAN  0x7ff0000000000001ull

static void reset(unsigned xlen) { fixture_reset(xlen); }

static int setup64(void **state) { (void)state; reset(64); return 0; }
static int setup32(void **state) { (void)state; reset(32); return 0; }

static void exec(uint32_t insn)
{
    uint64_t pc = cpu.pc;
    assert_int_equal(rv_step_bits(&cpu, insn), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, pc + 4);
    assert_int_equal(cpu.x[0], 0);
}

static void illegal(uint32_t insn)
{
    cpu.pc = PC0;
    uint64_t a0 = cpu.x[A0];
    uint32_t fflags = cpu.fflags, frm = cpu.frm;
    assert_int_equal(rv_step_bits(&cpu, insn), RV_EXIT_ILLEGAL);
    assert_int_equal(cpu.tval, insn);
    assert_int_equal(cpu.pc, PC0);
    assert_int_equal(cpu.x[A0], a0);
    assert_int_equal(cpu.fflags, fflags);
    assert_int_equal(cpu.frm, frm);
}

static uint64_t read_csr(uint32_t csr)
{
    cpu.x[A0] = 0xdeadbeef;
    exec(CSRRS(A0, csr, ZERO));
    return cpu.x[A0];
}

/* ---- fflags / frm / fcsr ---------------------------------------------------- */

static void test_fflags_write_masks_to_5_bits(void **state)
{
    (void)state;
    cpu.x[A1] = 0xff;
    exec(CSRRW(A0, CSR_FFLAGS, A1));
    assert_int_equal(cpu.x[A0], 0); /* old value */
    assert_int_equal(cpu.fflags, 0x1f);
    assert_int_equal(read_csr(CSR_FFLAGS), 0x1f);
    assert_int_equal(cpu.frm, 0); /* frm untouched */
    cpu.x[A1] = 0x20;
    exec(CSRRW(A0, CSR_FFLAGS, A1));
    assert_int_equal(cpu.x[A0], 0x1f);
    assert_int_equal(read_csr(CSR_FFLAGS), 0);
}

static void test_frm_write_keeps_3_bits(void **state)
{
    (void)state;
    cpu.x[A1] = 0x7d; /* 7 bits written, 0b101 kept */
    exec(CSRRW(A0, CSR_FRM, A1));
    assert_int_equal(cpu.frm, 5);
    assert_int_equal(read_csr(CSR_FRM), 5);
    assert_int_equal(cpu.fflags, 0);
    assert_int_equal(read_csr(CSR_FCSR), 5 << 5);
}

static void test_fcsr_write_sets_both_fields(void **state)
{
    (void)state;
    cpu.x[A1] = 0x6b; /* frm 3, fflags 0b01011 */
    exec(CSRRW(A0, CSR_FCSR, A1));
    assert_int_equal(cpu.frm, 3);
    assert_int_equal(cpu.fflags, 0x0b);
    assert_int_equal(read_csr(CSR_FRM), 3);
    assert_int_equal(read_csr(CSR_FFLAGS), 0x0b);
    assert_int_equal(read_csr(CSR_FCSR), 0x6b);
    cpu.x[A1] = 0xffffffff; /* bits above 7 are not stored */
    exec(CSRRW(A0, CSR_FCSR, A1));
    assert_int_equal(cpu.x[A0], 0x6b);
    assert_int_equal(read_csr(CSR_FCSR), 0xff);
    assert_int_equal(cpu.frm, 7);
    assert_int_equal(cpu.fflags, 0x1f);
}

static void test_fcsr_read_reflects_fields(void **state)
{
    (void)state;
    cpu.frm = 2;
    cpu.fflags = 0x11;
    assert_int_equal(read_csr(CSR_FCSR), (2 << 5) | 0x11);
}

static void test_csrrs_csrrc_set_and_clear_bits(void **state)
{
    (void)state;
    cpu.fflags = 0x03;
    cpu.x[A1] = 0x10;
    exec(CSRRS(A0, CSR_FFLAGS, A1));
    assert_int_equal(cpu.x[A0], 0x03);
    assert_int_equal(cpu.fflags, 0x13);
    cpu.x[A1] = 0x01;
    exec(CSRRC(A0, CSR_FFLAGS, A1));
    assert_int_equal(cpu.x[A0], 0x13);
    assert_int_equal(cpu.fflags, 0x12);
    /* rs1 == rd: the old value is read before rs1 is consumed */
    cpu.x[A0] = 0x02;
    exec(CSRRC(A0, CSR_FFLAGS, A0));
    assert_int_equal(cpu.x[A0], 0x12);
    assert_int_equal(cpu.fflags, 0x10);
}

static void test_csrrw_to_x0_still_writes(void **state)
{
    (void)state;
    cpu.x[A1] = 4;
    exec(CSRRW(ZERO, CSR_FRM, A1));
    assert_int_equal(cpu.frm, 4);
}

static void test_csr_immediate_forms(void **state)
{
    (void)state;
    cpu.frm = 1;
    exec(CSRRWI(A0, CSR_FRM, 3));
    assert_int_equal(cpu.x[A0], 1);
    assert_int_equal(cpu.frm, 3);
    cpu.fflags = 0x01;
    exec(CSRRSI(A0, CSR_FFLAGS, 0x14));
    assert_int_equal(cpu.x[A0], 0x01);
    assert_int_equal(cpu.fflags, 0x15);
    exec(CSRRCI(A0, CSR_FFLAGS, 0x04));
    assert_int_equal(cpu.x[A0], 0x15);
    assert_int_equal(cpu.fflags, 0x11);
    /* the uimm is 5 bits: writing fcsr through it sets fflags and clears frm */
    exec(CSRRWI(A0, CSR_FCSR, 31));
    assert_int_equal(cpu.x[A0], (3 << 5) | 0x11);
    assert_int_equal(cpu.fflags, 0x1f);
    assert_int_equal(cpu.frm, 0);
    /* the uimm is a value, not a register number: x31's contents do not matter */
    cpu.x[31] = 0;
    exec(CSRRCI(A0, CSR_FFLAGS, 31));
    assert_int_equal(cpu.fflags, 0);
}

/* ---- read-only and missing CSRs ------------------------------------------- */

static void test_read_only_counters_readable_with_x0_source(void **state)
{
    (void)state;
    cpu.instret = 500;
    exec(CSRRS(A0, CSR_CYCLE, ZERO));
    exec(CSRRC(A0, CSR_CYCLE, ZERO));
    exec(CSRRS(A0, CSR_INSTRET, ZERO));
    exec(CSRRS(A0, CSR_TIME, ZERO));
    exec(CSRRSI(A0, CSR_CYCLE, 0));
    exec(CSRRCI(A0, CSR_INSTRET, 0));
    exec(CSRRS(ZERO, CSR_CYCLE, ZERO));
}

static void test_writing_read_only_counters_is_illegal(void **state)
{
    (void)state;
    cpu.x[A0] = 0x1234;
    cpu.x[A1] = 0;
    illegal(CSRRW(A0, CSR_CYCLE, A1));
    illegal(CSRRW(ZERO, CSR_CYCLE, A1));
    illegal(CSRRW(A0, CSR_INSTRET, A1));
    illegal(CSRRW(A0, CSR_TIME, A1));
    /* rs1 != x0 asks for a write even when its value is 0 */
    illegal(CSRRS(A0, CSR_CYCLE, A1));
    illegal(CSRRC(A0, CSR_INSTRET, A1));
    illegal(CSRRWI(A0, CSR_CYCLE, 0)); /* csrrwi always writes */
    illegal(CSRRSI(A0, CSR_CYCLE, 1));
    illegal(CSRRCI(A0, CSR_TIME, 1));
}

static void test_unknown_csrs_are_illegal(void **state)
{
    (void)state;
    cpu.x[A0] = 0x1234;
    cpu.x[A1] = 1;
    illegal(CSRRS(A0, 0x004, ZERO));
    illegal(CSRRS(A0, 0x7c0, ZERO));
    illegal(CSRRW(ZERO, 0x123, A1)); /* not even read, still illegal */
    illegal(CSRRWI(ZERO, 0x005, 1));
}

/* csr[9:8] names the lowest privilege that may access a CSR: a Linux user
 * program (U-mode) cannot touch the machine or supervisor CSRs, while M-mode
 * (the reset state) reads them. */
static void test_privileged_csrs_need_privilege(void **state)
{
    (void)state;
    exec(CSRRS(A0, 0x300, ZERO)); /* mstatus in M-mode */
    exec(CSRRS(A0, 0x100, ZERO)); /* sstatus in M-mode */
    rv_cpu_enter_user(&cpu);
    illegal(CSRRS(A0, 0x300, ZERO));
    illegal(CSRRS(A0, 0x100, ZERO));
    illegal(CSRRS(A0, 0x180, ZERO)); /* satp */
    exec(CSRRS(A0, 0x003, ZERO));    /* fcsr stays user-accessible */
    exec(CSRRS(A0, 0xc00, ZERO));    /* and so does cycle */
}

static void test_rv64_has_no_high_counters(void **state)
{
    (void)state;
    cpu.x[A0] = 0x1234;
    illegal(CSRRS(A0, CSR_CYCLEH, ZERO));
    illegal(CSRRS(A0, CSR_TIMEH, ZERO));
    illegal(CSRRS(A0, CSR_INSTRETH, ZERO));
}

/* ---- counters -------------------------------------------------------------- */

static void test_instret_counts_one_per_instruction(void **state)
{
    (void)state;
    exec(CSRRS(A0, CSR_INSTRET, ZERO));
    exec(CSRRS(A1, CSR_INSTRET, ZERO));
    assert_int_equal(cpu.x[A1] - cpu.x[A0], 1);
    exec(ADDI(A2, ZERO, 1));
    exec(ADDI(A2, ZERO, 2));
    exec(CSRRS(A1, CSR_INSTRET, ZERO));
    assert_int_equal(cpu.x[A1] - cpu.x[A0], 4);
    uint64_t before = cpu.instret;
    exec(ADDI(A2, ZERO, 3));
    assert_int_equal(cpu.instret - before, 1);
}

/* A trapping instruction does not retire (an ecall traps to the kernel, an
 * illegal instruction raises an exception): instret must not count it. */
static void test_instret_skips_trapping_instructions(void **state)
{
    (void)state;
    uint64_t before = cpu.instret;
    assert_int_equal(rv_step_bits(&cpu, 0x00000073), RV_EXIT_ECALL);    /* ecall */
    assert_int_equal(rv_step_bits(&cpu, 0x00000000), RV_EXIT_ILLEGAL);  /* illegal */
    assert_int_equal(cpu.instret, before);
}

static void test_cycle_advances_with_instructions(void **state)
{
    (void)state;
    exec(CSRRS(A0, CSR_CYCLE, ZERO));
    exec(ADDI(A2, ZERO, 1));
    exec(CSRRS(A1, CSR_CYCLE, ZERO));
    assert_true(cpu.x[A1] > cpu.x[A0]);
}

static void test_time_does_not_go_backwards(void **state)
{
    (void)state;
    exec(CSRRS(A0, CSR_TIME, ZERO));
    exec(CSRRS(A1, CSR_TIME, ZERO));
    assert_true(cpu.x[A1] >= cpu.x[A0]);
}

static void test_rv32_high_counters(void **state)
{
    (void)state;
    cpu.instret = 0x123456789ull;
    exec(CSRRS(A0, CSR_INSTRETH, ZERO));
    assert_int_equal(cpu.x[A0], 1);
    exec(CSRRS(A0, CSR_CYCLEH, ZERO));
    assert_int_equal(cpu.x[A0], 1);
    /* the low half: 32 bits only, zero-extended in the register slot */
    exec(CSRRS(A0, CSR_INSTRET, ZERO));
    assert_true(cpu.x[A0] >= 0x2345678aull && cpu.x[A0] <= 0x2345678cull);
    exec(CSRRS(A0, CSR_TIMEH, ZERO));
    exec(CSRRS(A0, CSR_TIME, ZERO));
    assert_true(cpu.x[A0] <= 0xffffffffull);
    cpu.x[A0] = 0x1234;
    illegal(CSRRW(A0, CSR_INSTRETH, A1));
    illegal(CSRRS(A0, CSR_CYCLEH, A1));
}

static void test_rv32_fcsr_access(void **state)
{
    (void)state;
    cpu.x[A1] = 0xffffff6b;
    exec(CSRRW(A0, CSR_FCSR, A1));
    assert_int_equal(cpu.frm, 3);
    assert_int_equal(cpu.fflags, 0x0b);
    assert_int_equal(read_csr(CSR_FCSR), 0x6b);
}

/* ---- FP instructions accrue fflags ------------------------------------------ */

static void test_fdiv_by_zero_sets_dz(void **state)
{
    (void)state;
    cpu.f[FA1] = D_ONE;
    cpu.f[FA2] = 0;
    exec(FDIV_D(FA0, FA1, FA2, RNE));
    assert_int_equal(cpu.f[FA0], D_INF);
    assert_int_equal(cpu.fflags, DZ);
    assert_int_equal(read_csr(CSR_FFLAGS), DZ);
}

static void test_fdiv_one_third_sets_nx_and_flags_accrue(void **state)
{
    (void)state;
    cpu.f[FA1] = D_ONE;
    cpu.f[FA2] = D_THREE;
    exec(FDIV_D(FA0, FA1, FA2, RNE));
    assert_int_equal(cpu.f[FA0], 0x3fd5555555555555ull);
    assert_int_equal(cpu.fflags, NX);
    cpu.f[FA2] = 0;
    exec(FDIV_D(FA0, FA1, FA2, RNE));
    assert_int_equal(cpu.fflags, NX | DZ);
    /* an exact operation leaves the accrued flags alone */
    cpu.f[FA2] = D_TWO;
    exec(FADD_D(FA0, FA1, FA2, RNE));
    assert_int_equal(cpu.f[FA0], D_THREE);
    assert_int_equal(cpu.fflags, NX | DZ);
    assert_int_equal(read_csr(CSR_FCSR), NX | DZ);
}

static void test_fp_invalid_and_overflow_flags(void **state)
{
    (void)state;
    cpu.f[FA1] = D_MONE;
    exec(FSQRT_D(FA0, FA1, RNE));
    assert_int_equal(cpu.f[FA0], D_QNAN);
    assert_int_equal(cpu.fflags, NV);
    cpu.fflags = 0;
    cpu.f[FA1] = D_MAX;
    cpu.f[FA2] = D_MAX;
    exec(FADD_D(FA0, FA1, FA2, RNE));
    assert_int_equal(cpu.f[FA0], D_INF);
    assert_int_equal(cpu.fflags, OF | NX);
    cpu.fflags = 0;
    /* feq is quiet on a quiet NaN, flt signals */
    cpu.f[FA1] = D_QNAN;
    cpu.f[FA2] = D_ONE;
    exec(FEQ_D(A0, FA1, FA2));
    assert_int_equal(cpu.x[A0], 0);
    assert_int_equal(cpu.fflags, 0);
    exec(FLT_D(A0, FA1, FA2));
    assert_int_equal(cpu.fflags, NV);
    cpu.fflags = 0;
    cpu.f[FA1] = D_SNAN;
    exec(FEQ_D(A0, FA1, FA2));
    assert_int_equal(cpu.fflags, NV);
}

static void test_fp_conversion_flags(void **state)
{
    (void)state;
    cpu.f[FA1] = 0x3ff8000000000000ull; /* 1.5 */
    exec(FCVT_W_D(A0, FA1, RTZ));
    assert_int_equal(cpu.x[A0], 1);
    assert_int_equal(cpu.fflags, NX);
    cpu.fflags = 0;
    cpu.f[FA1] = 0x41f0000000000000ull; /* 2^32: out of int32 range */
    exec(FCVT_W_D(A0, FA1, RTZ));
    assert_int_equal(cpu.x[A0], 0x7fffffff);
    assert_int_equal(cpu.fflags, NV);
}

static void test_dynamic_rounding_uses_frm_set_by_csr(void **state)
{
    (void)state;
    cpu.f[FA1] = D_ONE;
    cpu.f[FA2] = D_THREE;
    exec(CSRRWI(ZERO, CSR_FRM, RUP));
    exec(FDIV_D(FA0, FA1, FA2, DYN));
    assert_int_equal(cpu.f[FA0], 0x3fd5555555555556ull);
    exec(CSRRWI(ZERO, CSR_FRM, RNE));
    exec(FDIV_D(FA0, FA1, FA2, DYN));
    assert_int_equal(cpu.f[FA0], 0x3fd5555555555555ull);
    /* an invalid frm makes dynamic-rounding instructions illegal */
    exec(CSRRWI(ZERO, CSR_FRM, 6));
    illegal(FDIV_D(FA0, FA1, FA2, DYN));
    /* instructions without rounding do not care */
    exec(FEQ_D(A0, FA1, FA2));
}

static void test_fp_single_flags(void **state)
{
    (void)state;
    cpu.f[FA1] = 0xffffffff7f7fffffull; /* FLT_MAX, NaN-boxed */
    cpu.f[FA2] = 0xffffffff40000000ull; /* 2.0f */
    exec(FMUL_S(FA0, FA1, FA2, RNE));
    assert_int_equal(cpu.f[FA0], 0xffffffff7f800000ull);
    assert_int_equal(cpu.fflags, OF | NX);
}

#define T64(f) cmocka_unit_test_setup(f, setup64)
#define T32(f) cmocka_unit_test_setup(f, setup32)

int main(void)
{
    const struct CMUnitTest fcsr[] = {
        T64(test_fflags_write_masks_to_5_bits),
        T64(test_frm_write_keeps_3_bits),
        T64(test_fcsr_write_sets_both_fields),
        T64(test_fcsr_read_reflects_fields),
        T64(test_csrrs_csrrc_set_and_clear_bits),
        T64(test_csrrw_to_x0_still_writes),
        T64(test_csr_immediate_forms),
        T32(test_rv32_fcsr_access),
    };
    const struct CMUnitTest access[] = {
        T64(test_read_only_counters_readable_with_x0_source),
        T64(test_writing_read_only_counters_is_illegal),
        T64(test_unknown_csrs_are_illegal),
        T64(test_privileged_csrs_need_privilege),
        T64(test_rv64_has_no_high_counters),
    };
    const struct CMUnitTest counters[] = {
        T64(test_instret_counts_one_per_instruction),
        T64(test_instret_skips_trapping_instructions),
        T64(test_cycle_advances_with_instructions),
        T64(test_time_does_not_go_backwards),
        T32(test_rv32_high_counters),
    };
    const struct CMUnitTest fpflags[] = {
        T64(test_fdiv_by_zero_sets_dz),
        T64(test_fdiv_one_third_sets_nx_and_flags_accrue),
        T64(test_fp_invalid_and_overflow_flags),
        T64(test_fp_conversion_flags),
        T64(test_dynamic_rounding_uses_frm_set_by_csr),
        T64(test_fp_single_flags),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("fcsr", fcsr, group_setup, group_teardown);
    failed += cmocka_run_group_tests_name("csr_access", access, group_setup, group_teardown);
    failed += cmocka_run_group_tests_name("counters", counters, group_setup, group_teardown);
    failed += cmocka_run_group_tests_name("fp_flags", fpflags, group_setup, group_teardown);
    return failed;
}
