/*
 * ferry - unit tests for system-mode traps and the machine/supervisor CSRs:
 * rv_raise, rv_mret, rv_sret, rv_wfi_allowed, rv_sfence_vma, rv_exit_cause
 * (cpu/riscv/trap.c), the privileged CSRs of cpu/riscv/csr.c, and exceptions
 * taken by instructions run through the system interpreter (rv_step_bits and
 * rv_run on a CPU with cpu.system set).
 *
 * Expected behaviour: RISC-V Privileged ISA 20211203
 *  - 3.1.6.1 trap entry to M: MPP = previous privilege, MPIE = MIE, MIE = 0;
 *    to S: SPP = previous privilege (0 = U, 1 = S), SPIE = SIE, SIE = 0;
 *    xRET: privilege = xPP, xIE = xPIE, xPIE = 1, xPP = least privileged
 *    mode (U); an xRET to a mode below M also clears MPRV;
 *  - 3.1.7 mtvec: MODE 0 direct, 1 vectored (exceptions still go to BASE),
 *    >= 2 reserved (WARL);
 *  - 3.1.8 medeleg/mideleg: delegated exceptions from S or U go to S;
 *    traps never go to a less privileged mode (an exception in M stays in
 *    M); medeleg[11] is hardwired to zero; only S-level interrupts delegable;
 *  - 3.1.1 misa: MXL in the top two bits (1 = 32, 2 = 64), one bit per
 *    extension letter;
 *  - 3.1.6 mstatus: MPP is WARL (2 is reserved without the H extension),
 *    SD = (FS == 3 || XS == 3 || VS == 3), UXL/SXL = 2 on RV64;
 *    4.1.1 sstatus is a restricted view of mstatus;
 *  - 3.1.6.5 TVM (satp and sfence.vma illegal in S-mode), TW (wfi illegal in
 *    S-mode), TSR (sret illegal in S-mode); 3.3.3 wfi illegal in U-mode;
 *  - 3.1.14 mepc: bit 0 is always zero (IALIGN = 16 with C);
 *  - 4.1.11 satp: a write with an unsupported MODE has no effect at all;
 *  - 3.1.11/4.1.5 mcounteren/scounteren gate cycle/time/instret/hpmcounterN
 *    for lower privilege modes;
 *  - 3.6.1 pmpcfg1, 3, ... 15 do not exist on RV64;
 *  - 3.1.15 mcause codes (table 3.6); 3.1.16 mtval: faulting address for
 *    access/page faults, the instruction bits for illegal instructions (if
 *    written), zero for ecall.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "rv_fixture.h"
#include "rv_internal.h"

/* instructions */
#define ECALL    0x00000073u
#define EBREAK   0x00100073u
#define MRET     0x30200073u
#define SRET     0x10200073u
#define WFI      0x10500073u
#define SFENCE_VMA 0x12000073u
#define CSRRW(d, c, s)   enc_i(c, s, 1, d, 0x73)
#define CSRRS(d, c, s)   enc_i(c, s, 2, d, 0x73)
#define ADDI(d, s, i)    enc_i(i, s, 0, d, 0x13)
#define LD(d, s, i)      enc_i(i, s, 3, d, 0x03)
#define SD(s2, s1, i)    enc_s(i, s2, s1, 3, 0x23)
#define JAL(d, off)      enc_j(off, d)
#define LR_W(d, s)       enc_r(0x08, 0, s, 2, d, 0x2f)
#define LR_D(d, s)       enc_r(0x08, 0, s, 3, d, 0x2f)
#define SC_D(d, s2, s1)  enc_r(0x0c, s2, s1, 3, d, 0x2f)
#define FADD_D(d, a, b)  enc_r(0x01, b, a, 0, d, 0x53)
/* OP with funct7 = 0x7f: no such instruction */
#define BAD_OP           enc_r(0x7f, 2, 1, 0, 3, 0x33)

enum {
    CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02, CSR_HPMCOUNTER3 = 0xc03,
    CSR_SSTATUS = 0x100, CSR_SIE = 0x104, CSR_STVEC = 0x105, CSR_SEPC = 0x141, CSR_SCAUSE = 0x142,
    CSR_STVAL = 0x143, CSR_SIP = 0x144, CSR_SATP = 0x180,
    CSR_MSTATUS = 0x300, CSR_MISA = 0x301, CSR_MEDELEG = 0x302, CSR_MIDELEG = 0x303, CSR_MIE = 0x304,
    CSR_MTVEC = 0x305, CSR_MEPC = 0x341, CSR_MCAUSE = 0x342, CSR_MTVAL = 0x343, CSR_MIP = 0x344,
    CSR_PMPCFG0 = 0x3a0, CSR_PMPCFG1 = 0x3a1, CSR_PMPCFG2 = 0x3a2, CSR_PMPCFG3 = 0x3a3,
};

#define MTVEC 0x8000u
#define STVEC 0x9000u
#define PT_AREA 0x10000u

enum { PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 16, PTE_A = 64, PTE_D = 128 };

static uint64_t next_table;

static void sys_reset(unsigned xlen)
{
    if (cpu.tc)
        tcache_free(cpu.tc);
    fixture_reset(xlen);
    memset(mem + PT_AREA, 0, 0x30000);
    cpu.system = true;
    cpu.mem.reserved = MEM_SIZE;
    cpu.mem.ram_base = 0; /* physical address = offset into mem */
    cpu.mem.ram_size = MEM_SIZE;
    cpu.tc = tcache_new(MEM_SIZE);
    assert_non_null(cpu.tc);
    cpu.csr.mtvec = MTVEC;
    cpu.csr.stvec = STVEC;
    next_table = PT_AREA;
}

static int setup64(void **state) { (void)state; sys_reset(64); return 0; }
static int setup32(void **state) { (void)state; sys_reset(32); return 0; }
static int teardown(void **state)
{
    (void)state;
    tcache_free(cpu.tc);
    cpu.tc = NULL;
    return 0;
}

#define MPP_OF(st) ((unsigned)(((st) >> 11) & 3))
#define HAS(st, bit) (((st) & (bit)) != 0)

/* ---- rv_raise ------------------------------------------------------------- */

static void test_raise_to_m_from_u(void **state)
{
    (void)state;
    cpu.csr.priv = RV_PRIV_U;
    cpu.csr.mstatus |= RV_MSTATUS_MIE | RV_MSTATUS_SIE | RV_MSTATUS_SPIE;
    cpu.csr.mstatus &= ~RV_MSTATUS_MPIE;
    uint64_t s_before = cpu.csr.mstatus & (RV_MSTATUS_SIE | RV_MSTATUS_SPIE | RV_MSTATUS_SPP);
    cpu.pc = 0x1234;
    rv_raise(&cpu, RV_CAUSE_ILLEGAL, 0xdead, 0x1234);
    assert_int_equal(cpu.csr.priv, RV_PRIV_M);
    assert_int_equal(cpu.csr.mcause, 2);
    assert_int_equal(cpu.csr.mepc, 0x1234);
    assert_int_equal(cpu.csr.mtval, 0xdead);
    assert_int_equal(MPP_OF(cpu.csr.mstatus), RV_PRIV_U);
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_MPIE));
    assert_false(HAS(cpu.csr.mstatus, RV_MSTATUS_MIE));
    assert_int_equal(cpu.pc, MTVEC);
    /* the S fields are not touched by a trap to M */
    assert_int_equal(cpu.csr.mstatus & (RV_MSTATUS_SIE | RV_MSTATUS_SPIE | RV_MSTATUS_SPP), s_before);
    assert_int_equal(cpu.csr.scause, 0);
    assert_int_equal(cpu.csr.sepc, 0);
}

static void test_raise_to_m_from_s_and_m(void **state)
{
    (void)state;
    cpu.csr.priv = RV_PRIV_S;
    cpu.csr.mstatus &= ~RV_MSTATUS_MIE;
    cpu.csr.mstatus |= RV_MSTATUS_MPIE;
    rv_raise(&cpu, RV_CAUSE_LOAD_PAGE, 0x4000, 0x2000);
    assert_int_equal(MPP_OF(cpu.csr.mstatus), RV_PRIV_S);
    assert_false(HAS(cpu.csr.mstatus, RV_MSTATUS_MPIE)); /* = old MIE = 0 */
    assert_false(HAS(cpu.csr.mstatus, RV_MSTATUS_MIE));
    assert_int_equal(cpu.csr.mcause, 13);
    assert_int_equal(cpu.csr.mtval, 0x4000);
    assert_int_equal(cpu.csr.mepc, 0x2000);
    /* from M: MPP = M */
    cpu.csr.mstatus |= RV_MSTATUS_MIE;
    rv_raise(&cpu, RV_CAUSE_BREAKPOINT, 0, 0x3000);
    assert_int_equal(cpu.csr.priv, RV_PRIV_M);
    assert_int_equal(MPP_OF(cpu.csr.mstatus), RV_PRIV_M);
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_MPIE));
    assert_false(HAS(cpu.csr.mstatus, RV_MSTATUS_MIE));
    assert_int_equal(cpu.csr.mcause, 3);
    assert_int_equal(cpu.csr.mepc, 0x3000);
}

static void test_raise_vectored_mtvec_uses_base(void **state)
{
    (void)state;
    cpu.csr.mtvec = MTVEC | 1; /* vectored: only interrupts use the vectors */
    cpu.csr.priv = RV_PRIV_U;
    rv_raise(&cpu, RV_CAUSE_ECALL_U, 0, 0x1000);
    assert_int_equal(cpu.pc, MTVEC);
    cpu.csr.stvec = STVEC | 1;
    cpu.csr.medeleg = 1u << RV_CAUSE_ECALL_U;
    cpu.csr.priv = RV_PRIV_U;
    rv_raise(&cpu, RV_CAUSE_ECALL_U, 0, 0x1000);
    assert_int_equal(cpu.pc, STVEC);
}

static void test_raise_delegated_from_u(void **state)
{
    (void)state;
    cpu.csr.medeleg = (1u << RV_CAUSE_ECALL_U) | (1u << RV_CAUSE_LOAD_PAGE);
    cpu.csr.priv = RV_PRIV_U;
    cpu.csr.mstatus |= RV_MSTATUS_SIE | RV_MSTATUS_SPP | RV_MSTATUS_MIE;
    cpu.csr.mstatus &= ~RV_MSTATUS_SPIE;
    uint64_t m_before = cpu.csr.mstatus & (RV_MSTATUS_MIE | RV_MSTATUS_MPIE | RV_MSTATUS_MPP);
    cpu.csr.mcause = 0x77;
    cpu.csr.mepc = 0x88;
    rv_raise(&cpu, RV_CAUSE_LOAD_PAGE, 0x40000123, 0x5000);
    assert_int_equal(cpu.csr.priv, RV_PRIV_S);
    assert_int_equal(cpu.csr.scause, 13);
    assert_int_equal(cpu.csr.sepc, 0x5000);
    assert_int_equal(cpu.csr.stval, 0x40000123);
    assert_false(HAS(cpu.csr.mstatus, RV_MSTATUS_SPP)); /* came from U */
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_SPIE)); /* old SIE */
    assert_false(HAS(cpu.csr.mstatus, RV_MSTATUS_SIE));
    assert_int_equal(cpu.pc, STVEC);
    /* M state untouched */
    assert_int_equal(cpu.csr.mcause, 0x77);
    assert_int_equal(cpu.csr.mepc, 0x88);
    assert_int_equal(cpu.csr.mstatus & (RV_MSTATUS_MIE | RV_MSTATUS_MPIE | RV_MSTATUS_MPP), m_before);
}

static void test_raise_delegated_from_s(void **state)
{
    (void)state;
    cpu.csr.medeleg = 1u << RV_CAUSE_ILLEGAL;
    cpu.csr.priv = RV_PRIV_S;
    cpu.csr.mstatus &= ~(RV_MSTATUS_SIE | RV_MSTATUS_SPP);
    cpu.csr.mstatus |= RV_MSTATUS_SPIE;
    rv_raise(&cpu, RV_CAUSE_ILLEGAL, 0x13, 0x6000);
    assert_int_equal(cpu.csr.priv, RV_PRIV_S);
    assert_int_equal(cpu.csr.scause, 2);
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_SPP)); /* came from S */
    assert_false(HAS(cpu.csr.mstatus, RV_MSTATUS_SPIE)); /* old SIE = 0 */
    assert_false(HAS(cpu.csr.mstatus, RV_MSTATUS_SIE));
    /* a cause that is not delegated goes to M even from S */
    rv_raise(&cpu, RV_CAUSE_STORE_PAGE, 0x10, 0x6004);
    assert_int_equal(cpu.csr.priv, RV_PRIV_M);
    assert_int_equal(cpu.csr.mcause, 15);
    assert_int_equal(MPP_OF(cpu.csr.mstatus), RV_PRIV_S);
    assert_int_equal(cpu.csr.scause, 2);
}

static void test_raise_in_m_is_never_delegated(void **state)
{
    (void)state;
    cpu.csr.medeleg = ~0ull; /* even with every bit set by force */
    cpu.csr.priv = RV_PRIV_M;
    rv_raise(&cpu, RV_CAUSE_ILLEGAL, 0x1, 0x7000);
    assert_int_equal(cpu.csr.priv, RV_PRIV_M);
    assert_int_equal(cpu.csr.mcause, 2);
    assert_int_equal(cpu.csr.mepc, 0x7000);
    assert_int_equal(cpu.csr.scause, 0);
    assert_int_equal(cpu.pc, MTVEC);
}

static void test_raise_rv32_values_are_32_bit(void **state)
{
    (void)state;
    cpu.csr.priv = RV_PRIV_U;
    rv_raise(&cpu, RV_CAUSE_LOAD_ACCESS, 0xffffffff80000000ull, 0x80001000ull);
    assert_int_equal(cpu.csr.mtval, 0x80000000ull);
    assert_int_equal(cpu.csr.mepc, 0x80001000ull);
    assert_int_equal(cpu.csr.mcause, 5);
}

/* ---- mret / sret ---------------------------------------------------------- */

static void test_mret_restores_state(void **state)
{
    (void)state;
    cpu.csr.priv = RV_PRIV_M;
    cpu.csr.mstatus = (cpu.csr.mstatus & ~(RV_MSTATUS_MPP | RV_MSTATUS_MIE)) | ((uint64_t)RV_PRIV_S << 11) |
                      RV_MSTATUS_MPIE | RV_MSTATUS_MPRV;
    cpu.csr.mepc = 0x4000;
    assert_true(rv_mret(&cpu));
    assert_int_equal(cpu.csr.priv, RV_PRIV_S);
    assert_int_equal(cpu.pc, 0x4000);
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_MIE));  /* = MPIE */
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_MPIE)); /* set to 1 */
    assert_int_equal(MPP_OF(cpu.csr.mstatus), RV_PRIV_U);
    assert_false(HAS(cpu.csr.mstatus, RV_MSTATUS_MPRV)); /* below M */

    /* MPIE = 0 -> MIE = 0; MPP = U -> U */
    cpu.csr.priv = RV_PRIV_M;
    cpu.csr.mstatus |= RV_MSTATUS_MIE;
    cpu.csr.mstatus &= ~(RV_MSTATUS_MPIE | RV_MSTATUS_MPP);
    cpu.csr.mepc = 0x5000;
    assert_true(rv_mret(&cpu));
    assert_int_equal(cpu.csr.priv, RV_PRIV_U);
    assert_false(HAS(cpu.csr.mstatus, RV_MSTATUS_MIE));
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_MPIE));
    assert_int_equal(cpu.pc, 0x5000);

    /* MPP = M: stays in M, MPRV kept */
    cpu.csr.priv = RV_PRIV_M;
    cpu.csr.mstatus |= RV_MSTATUS_MPP | RV_MSTATUS_MPRV;
    cpu.csr.mepc = 0x6000;
    assert_true(rv_mret(&cpu));
    assert_int_equal(cpu.csr.priv, RV_PRIV_M);
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_MPRV));
    assert_int_equal(MPP_OF(cpu.csr.mstatus), RV_PRIV_U);
}

static void test_mret_outside_m_fails(void **state)
{
    (void)state;
    for (unsigned priv = RV_PRIV_U; priv <= RV_PRIV_S; priv++) {
        cpu.csr.priv = priv;
        cpu.csr.mstatus |= RV_MSTATUS_MPP | RV_MSTATUS_MPIE;
        cpu.csr.mepc = 0x4000;
        cpu.pc = 0x1000;
        uint64_t st = cpu.csr.mstatus;
        assert_false(rv_mret(&cpu));
        assert_int_equal(cpu.csr.priv, priv);
        assert_int_equal(cpu.csr.mstatus, st);
        assert_int_equal(cpu.pc, 0x1000);
    }
}

static void test_sret_restores_state(void **state)
{
    (void)state;
    /* from S to U */
    cpu.csr.priv = RV_PRIV_S;
    cpu.csr.mstatus &= ~(RV_MSTATUS_SPP | RV_MSTATUS_SIE);
    cpu.csr.mstatus |= RV_MSTATUS_SPIE | RV_MSTATUS_MPRV;
    cpu.csr.sepc = 0x4400;
    assert_true(rv_sret(&cpu));
    assert_int_equal(cpu.csr.priv, RV_PRIV_U);
    assert_int_equal(cpu.pc, 0x4400);
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_SIE));
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_SPIE));
    assert_false(HAS(cpu.csr.mstatus, RV_MSTATUS_SPP));
    assert_false(HAS(cpu.csr.mstatus, RV_MSTATUS_MPRV));

    /* from S to S, SPIE = 0 */
    cpu.csr.priv = RV_PRIV_S;
    cpu.csr.mstatus |= RV_MSTATUS_SPP | RV_MSTATUS_SIE;
    cpu.csr.mstatus &= ~RV_MSTATUS_SPIE;
    cpu.csr.sepc = 0x4800;
    assert_true(rv_sret(&cpu));
    assert_int_equal(cpu.csr.priv, RV_PRIV_S);
    assert_false(HAS(cpu.csr.mstatus, RV_MSTATUS_SIE));
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_SPIE));
    assert_false(HAS(cpu.csr.mstatus, RV_MSTATUS_SPP));
    assert_int_equal(cpu.pc, 0x4800);

    /* sret is legal in M-mode, also with TSR (TSR only affects S) */
    cpu.csr.priv = RV_PRIV_M;
    cpu.csr.mstatus |= RV_MSTATUS_TSR | RV_MSTATUS_SPP | RV_MSTATUS_MPRV;
    cpu.csr.sepc = 0x4c00;
    assert_true(rv_sret(&cpu));
    assert_int_equal(cpu.csr.priv, RV_PRIV_S);
    assert_false(HAS(cpu.csr.mstatus, RV_MSTATUS_MPRV));
    assert_int_equal(cpu.pc, 0x4c00);
}

static void test_sret_illegal_in_u_and_with_tsr(void **state)
{
    (void)state;
    cpu.csr.sepc = 0x4400;
    cpu.pc = 0x1000;
    cpu.csr.priv = RV_PRIV_U;
    cpu.csr.mstatus |= RV_MSTATUS_SPP | RV_MSTATUS_SPIE;
    uint64_t st = cpu.csr.mstatus;
    assert_false(rv_sret(&cpu));
    assert_int_equal(cpu.csr.priv, RV_PRIV_U);
    assert_int_equal(cpu.csr.mstatus, st);
    assert_int_equal(cpu.pc, 0x1000);

    cpu.csr.priv = RV_PRIV_S;
    cpu.csr.mstatus |= RV_MSTATUS_TSR;
    st = cpu.csr.mstatus;
    assert_false(rv_sret(&cpu));
    assert_int_equal(cpu.csr.priv, RV_PRIV_S);
    assert_int_equal(cpu.csr.mstatus, st);
    assert_int_equal(cpu.pc, 0x1000);
}

/* ---- wfi, sfence.vma ------------------------------------------------------ */

static void test_wfi_rules(void **state)
{
    (void)state;
    cpu.csr.priv = RV_PRIV_M;
    assert_true(rv_wfi_allowed(&cpu));
    cpu.csr.mstatus |= RV_MSTATUS_TW; /* TW affects only modes below M */
    assert_true(rv_wfi_allowed(&cpu));
    cpu.csr.priv = RV_PRIV_S;
    assert_false(rv_wfi_allowed(&cpu));
    cpu.csr.mstatus &= ~RV_MSTATUS_TW;
    assert_true(rv_wfi_allowed(&cpu));
    cpu.csr.priv = RV_PRIV_U;
    assert_false(rv_wfi_allowed(&cpu));
    cpu.csr.mstatus |= RV_MSTATUS_TW;
    assert_false(rv_wfi_allowed(&cpu));
}

static void test_sfence_vma_rules(void **state)
{
    (void)state;
    cpu.csr.priv = RV_PRIV_U;
    assert_false(rv_sfence_vma(&cpu));
    cpu.csr.priv = RV_PRIV_S;
    assert_true(rv_sfence_vma(&cpu));
    cpu.csr.mstatus |= RV_MSTATUS_TVM;
    assert_false(rv_sfence_vma(&cpu));
    cpu.csr.priv = RV_PRIV_M; /* TVM affects only S */
    assert_true(rv_sfence_vma(&cpu));
}

static void test_exit_cause_mapping(void **state)
{
    (void)state;
    assert_int_equal(rv_exit_cause(RV_EXIT_ECALL, RV_PRIV_U), 8);
    assert_int_equal(rv_exit_cause(RV_EXIT_ECALL, RV_PRIV_S), 9);
    assert_int_equal(rv_exit_cause(RV_EXIT_ECALL, RV_PRIV_M), 11);
    assert_int_equal(rv_exit_cause(RV_EXIT_ILLEGAL, RV_PRIV_S), 2);
    assert_int_equal(rv_exit_cause(RV_EXIT_EBREAK, RV_PRIV_U), 3);
    assert_int_equal(rv_exit_cause(RV_EXIT_FETCH_FAULT, RV_PRIV_U), 1);
    assert_int_equal(rv_exit_cause(RV_EXIT_LOAD_FAULT, RV_PRIV_U), 5);
    assert_int_equal(rv_exit_cause(RV_EXIT_STORE_FAULT, RV_PRIV_U), 7);
    assert_int_equal(rv_exit_cause(RV_EXIT_FETCH_PAGE_FAULT, RV_PRIV_S), 12);
    assert_int_equal(rv_exit_cause(RV_EXIT_LOAD_PAGE_FAULT, RV_PRIV_S), 13);
    assert_int_equal(rv_exit_cause(RV_EXIT_STORE_PAGE_FAULT, RV_PRIV_S), 15);
}

/* ---- CSRs ----------------------------------------------------------------- */

static uint64_t csr_get(uint32_t csr)
{
    uint64_t v = 0xbadbadbadull;
    if (!rv_csr_read(&cpu, csr, &v))
        fail_msg("csr %#x not readable at priv %u", csr, cpu.csr.priv);
    return v;
}

static void csr_put(uint32_t csr, uint64_t v)
{
    if (!rv_csr_write(&cpu, csr, v))
        fail_msg("csr %#x not writable at priv %u", csr, cpu.csr.priv);
}

static bool csr_readable(uint32_t csr)
{
    uint64_t v;
    return rv_csr_read(&cpu, csr, &v);
}

static uint64_t ext_bits(const char *letters)
{
    uint64_t v = 0;
    for (; *letters; letters++)
        v |= 1ull << (*letters - 'A');
    return v;
}

static void test_misa_rv64(void **state)
{
    (void)state;
    uint64_t want = (2ull << 62) | ext_bits("IMAFDCSU");
    assert_int_equal(csr_get(CSR_MISA), want);
    assert_int_equal(rv_misa(64), want);
    /* WARL, fixed: writes are ignored */
    csr_put(CSR_MISA, 0);
    assert_int_equal(csr_get(CSR_MISA), want);
}

static void test_misa_rv32(void **state)
{
    (void)state;
    uint64_t want = (1ull << 30) | ext_bits("IMAFDCSU");
    assert_int_equal(csr_get(CSR_MISA), want);
}

static void test_mstatus_mpp_warl(void **state)
{
    (void)state;
    uint64_t st = csr_get(CSR_MSTATUS);
    csr_put(CSR_MSTATUS, (st & ~RV_MSTATUS_MPP) | (1ull << 11));
    assert_int_equal(MPP_OF(csr_get(CSR_MSTATUS)), RV_PRIV_S);
    csr_put(CSR_MSTATUS, (st & ~RV_MSTATUS_MPP) | (2ull << 11)); /* reserved */
    assert_int_equal(MPP_OF(csr_get(CSR_MSTATUS)), RV_PRIV_S);
    csr_put(CSR_MSTATUS, (st & ~RV_MSTATUS_MPP) | (3ull << 11));
    assert_int_equal(MPP_OF(csr_get(CSR_MSTATUS)), RV_PRIV_M);
    csr_put(CSR_MSTATUS, (st & ~RV_MSTATUS_MPP) | (2ull << 11));
    assert_int_equal(MPP_OF(csr_get(CSR_MSTATUS)), RV_PRIV_M);
    csr_put(CSR_MSTATUS, st & ~RV_MSTATUS_MPP);
    assert_int_equal(MPP_OF(csr_get(CSR_MSTATUS)), RV_PRIV_U);
}

static void test_mstatus_sd_and_xl(void **state)
{
    (void)state;
    uint64_t st = csr_get(CSR_MSTATUS);
    csr_put(CSR_MSTATUS, st | RV_MSTATUS_FS); /* FS = Dirty */
    st = csr_get(CSR_MSTATUS);
    assert_true(st >> 63);
    assert_true(csr_get(CSR_SSTATUS) >> 63);
    csr_put(CSR_MSTATUS, (st & ~RV_MSTATUS_FS) | (1ull << 13)); /* Initial */
    st = csr_get(CSR_MSTATUS);
    assert_false(st >> 63);
    assert_false(csr_get(CSR_SSTATUS) >> 63);
    csr_put(CSR_MSTATUS, (st & ~RV_MSTATUS_FS) | (2ull << 13)); /* Clean */
    assert_false(csr_get(CSR_MSTATUS) >> 63);
    /* SD is read-only: writing it does not set it */
    csr_put(CSR_MSTATUS, (csr_get(CSR_MSTATUS) & ~RV_MSTATUS_FS) | (1ull << 63));
    assert_false(csr_get(CSR_MSTATUS) >> 63);
    /* UXL and SXL: 64 bits (2) */
    st = csr_get(CSR_MSTATUS);
    assert_int_equal((st >> 32) & 3, 2);
    assert_int_equal((st >> 34) & 3, 2);
    assert_int_equal((csr_get(CSR_SSTATUS) >> 32) & 3, 2);
}

static void test_mstatus_sd_rv32(void **state)
{
    (void)state;
    uint64_t st = csr_get(CSR_MSTATUS);
    csr_put(CSR_MSTATUS, st | RV_MSTATUS_FS);
    st = csr_get(CSR_MSTATUS);
    assert_int_equal(st >> 31, 1); /* SD is bit 31, nothing above */
    assert_int_equal(csr_get(CSR_SSTATUS) >> 31, 1);
    csr_put(CSR_MSTATUS, st & ~RV_MSTATUS_FS);
    assert_int_equal(csr_get(CSR_MSTATUS) >> 31, 0);
}

static void test_sstatus_is_a_masked_view(void **state)
{
    (void)state;
    uint64_t m_only = RV_MSTATUS_MIE | RV_MSTATUS_MPIE | RV_MSTATUS_MPP | RV_MSTATUS_MPRV | RV_MSTATUS_TVM |
                      RV_MSTATUS_TW | RV_MSTATUS_TSR;
    uint64_t s_bits = RV_MSTATUS_SIE | RV_MSTATUS_SPIE | RV_MSTATUS_SPP | RV_MSTATUS_SUM | RV_MSTATUS_MXR |
                      RV_MSTATUS_FS;
    /* all ones through sstatus: only the S fields change */
    csr_put(CSR_MSTATUS, csr_get(CSR_MSTATUS) & ~(m_only | s_bits));
    csr_put(CSR_SSTATUS, ~0ull);
    uint64_t st = csr_get(CSR_MSTATUS);
    assert_int_equal(st & m_only, 0);
    assert_int_equal(st & s_bits, s_bits);
    /* and the M fields are not visible in sstatus */
    csr_put(CSR_MSTATUS, st | m_only);
    assert_int_equal(csr_get(CSR_SSTATUS) & m_only, 0);
    assert_int_equal(csr_get(CSR_SSTATUS) & s_bits, s_bits);
    /* clearing through sstatus leaves MIE & co. alone */
    csr_put(CSR_SSTATUS, 0);
    st = csr_get(CSR_MSTATUS);
    assert_int_equal(st & m_only, m_only);
    assert_int_equal(st & s_bits, 0);
    /* also from S-mode */
    cpu.csr.priv = RV_PRIV_S;
    csr_put(CSR_SSTATUS, RV_MSTATUS_SIE | RV_MSTATUS_MIE);
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_SIE));
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_MIE)); /* was 1, still 1 */
    csr_put(CSR_SSTATUS, 0);
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_MIE));
    /* mstatus itself is M-only */
    assert_false(csr_readable(CSR_MSTATUS));
}

static void test_medeleg_and_mideleg_writable_bits(void **state)
{
    (void)state;
    csr_put(CSR_MEDELEG, ~0ull);
    uint64_t d = csr_get(CSR_MEDELEG);
    assert_int_equal((d >> 11) & 1, 0); /* ecall from M: hardwired zero */
    /* the ones an OS delegates */
    uint64_t usual = (1u << 0) | (1u << 3) | (1u << 8) | (1u << 12) | (1u << 13) | (1u << 15);
    assert_int_equal(d & usual, usual);
    csr_put(CSR_MEDELEG, 0);
    assert_int_equal(csr_get(CSR_MEDELEG), 0);

    csr_put(CSR_MIDELEG, ~0ull);
    assert_int_equal(csr_get(CSR_MIDELEG), (1u << 1) | (1u << 5) | (1u << 9));
}

static void test_sie_sip_masked_by_mideleg(void **state)
{
    (void)state;
    csr_put(CSR_MIE, 0xaaa); /* MSIE MTIE MEIE SSIE STIE SEIE */
    assert_int_equal(csr_get(CSR_MIE), 0xaaa);
    csr_put(CSR_MIDELEG, 1u << 5); /* STIP only */
    assert_int_equal(csr_get(CSR_SIE), 1u << 5);
    csr_put(CSR_SIE, 0); /* clears only the delegated STIE */
    assert_int_equal(csr_get(CSR_MIE), 0xaaa & ~(1u << 5));
    csr_put(CSR_SIE, 0xfff);
    assert_int_equal(csr_get(CSR_MIE), 0xaaa);

    cpu.csr.mip = (1u << 1) | (1u << 5); /* SSIP, STIP pending */
    csr_put(CSR_MIDELEG, 1u << 1);       /* SSIP only */
    assert_int_equal(csr_get(CSR_SIP), 1u << 1);
    csr_put(CSR_SIP, 0);                 /* SSIP is writable through sip */
    assert_int_equal(csr_get(CSR_MIP), 1u << 5);
    csr_put(CSR_MIDELEG, (1u << 1) | (1u << 5));
    assert_int_equal(csr_get(CSR_SIP), 1u << 5);
    csr_put(CSR_SIP, 0);                 /* STIP is read-only in sip */
    assert_int_equal(csr_get(CSR_MIP), 1u << 5);
}

static void test_tvec_mode_warl(void **state)
{
    (void)state;
    static const uint32_t regs[] = { CSR_MTVEC, CSR_STVEC };
    for (size_t i = 0; i < 2; i++) {
        csr_put(regs[i], 0x8000);
        assert_int_equal(csr_get(regs[i]), 0x8000);
        csr_put(regs[i], 0x8101);
        assert_int_equal(csr_get(regs[i]), 0x8101);
        csr_put(regs[i], 0x8202);
        assert_true((csr_get(regs[i]) & 3) < 2);
        csr_put(regs[i], 0x8303);
        assert_true((csr_get(regs[i]) & 3) < 2);
    }
}

static void test_epc_bit0_cleared(void **state)
{
    (void)state;
    csr_put(CSR_MEPC, 0x80000003);
    assert_int_equal(csr_get(CSR_MEPC), 0x80000002);
    csr_put(CSR_SEPC, 0x12345);
    assert_int_equal(csr_get(CSR_SEPC), 0x12344);
}

static void test_satp_modes_rv64(void **state)
{
    (void)state;
    uint64_t sv39 = (8ull << 60) | 0x80123;
    csr_put(CSR_SATP, sv39);
    assert_int_equal(csr_get(CSR_SATP), sv39);
    /* unsupported modes: the write has no effect at all */
    csr_put(CSR_SATP, (5ull << 60) | 0x456);
    assert_int_equal(csr_get(CSR_SATP), sv39);
    csr_put(CSR_SATP, (1ull << 60) | 0x456);
    assert_int_equal(csr_get(CSR_SATP), sv39);
    csr_put(CSR_SATP, (10ull << 60) | 0x456); /* Sv57 */
    assert_int_equal(csr_get(CSR_SATP), sv39);
    uint64_t sv48 = (9ull << 60) | 0x789;
    csr_put(CSR_SATP, sv48);
    assert_int_equal(csr_get(CSR_SATP), sv48);
    csr_put(CSR_SATP, 0);
    assert_int_equal(csr_get(CSR_SATP), 0);
}

static void test_satp_tvm_from_s(void **state)
{
    (void)state;
    cpu.csr.priv = RV_PRIV_S;
    csr_put(CSR_SATP, (8ull << 60) | 0x10);
    assert_int_equal(csr_get(CSR_SATP), (8ull << 60) | 0x10);
    cpu.csr.mstatus |= RV_MSTATUS_TVM;
    uint64_t v;
    assert_false(rv_csr_read(&cpu, CSR_SATP, &v));
    assert_false(rv_csr_write(&cpu, CSR_SATP, 0));
    assert_int_equal(cpu.csr.satp, (8ull << 60) | 0x10);
    /* M-mode is not affected */
    cpu.csr.priv = RV_PRIV_M;
    csr_put(CSR_SATP, 0);
    assert_int_equal(csr_get(CSR_SATP), 0);
}

static void test_pmpcfg_rv64_only_even(void **state)
{
    (void)state;
    assert_true(csr_readable(CSR_PMPCFG0));
    assert_true(csr_readable(CSR_PMPCFG2));
    assert_false(csr_readable(CSR_PMPCFG1));
    assert_false(csr_readable(CSR_PMPCFG3));
    assert_false(rv_csr_write(&cpu, CSR_PMPCFG1, 0));
}

static void test_pmpcfg_rv32_all(void **state)
{
    (void)state;
    assert_true(csr_readable(CSR_PMPCFG0));
    assert_true(csr_readable(CSR_PMPCFG1));
    assert_true(csr_readable(CSR_PMPCFG3));
    assert_true(rv_csr_write(&cpu, CSR_PMPCFG1, 0));
}

static void test_counters_gated(void **state)
{
    (void)state;
    static const uint32_t ctr[] = { CSR_CYCLE, CSR_TIME, CSR_INSTRET, CSR_HPMCOUNTER3 };
    for (unsigned i = 0; i < 4; i++) {
        unsigned bit = i; /* cycle 0, time 1, instret 2, hpmcounter3 3 */
        uint32_t c = ctr[i];
        cpu.csr.priv = RV_PRIV_M;
        cpu.csr.mcounteren = cpu.csr.scounteren = 0;
        assert_true(csr_readable(c)); /* M: always */
        cpu.csr.priv = RV_PRIV_S;
        assert_false(csr_readable(c));
        cpu.csr.mcounteren = 1u << bit;
        assert_true(csr_readable(c)); /* S: mcounteren only */
        cpu.csr.mcounteren = ~(1u << bit);
        assert_false(csr_readable(c));
        cpu.csr.priv = RV_PRIV_U;
        cpu.csr.mcounteren = 1u << bit;
        cpu.csr.scounteren = 0;
        assert_false(csr_readable(c)); /* U: both */
        cpu.csr.scounteren = 1u << bit;
        assert_true(csr_readable(c));
        cpu.csr.mcounteren = 0;
        assert_false(csr_readable(c));
    }
}

static void test_csr_privilege_levels(void **state)
{
    (void)state;
    cpu.csr.priv = RV_PRIV_U;
    assert_false(csr_readable(CSR_SSTATUS));
    assert_false(csr_readable(CSR_MEPC));
    cpu.csr.priv = RV_PRIV_S;
    assert_true(csr_readable(CSR_SSTATUS));
    assert_true(csr_readable(CSR_SEPC));
    assert_false(csr_readable(CSR_MEPC));
    assert_false(csr_readable(CSR_MEDELEG));
    assert_false(rv_csr_write(&cpu, CSR_MTVEC, 0));
}

/* ---- instructions through the system interpreter (rv_step_bits) ---------- */

/* Run one instruction that traps; rv_step_bits returns NONE once the trap
 * has been taken (the guest handles it). */
static void step(uint32_t bits)
{
    assert_int_equal(rv_step_bits(&cpu, bits), RV_EXIT_NONE);
}

static void test_ecall_from_each_mode(void **state)
{
    (void)state;
    static const struct { unsigned priv, cause; } cases[] = {
        { RV_PRIV_U, 8 }, { RV_PRIV_S, 9 }, { RV_PRIV_M, 11 },
    };
    for (size_t i = 0; i < 3; i++) {
        cpu.csr.priv = cases[i].priv;
        cpu.csr.mstatus &= ~RV_MSTATUS_MPP;
        cpu.csr.mtval = 0x5555;
        cpu.pc = PC0 + 0x40 * i;
        step(ECALL);
        assert_int_equal(cpu.pc, MTVEC);
        assert_int_equal(cpu.csr.priv, RV_PRIV_M);
        assert_int_equal(cpu.csr.mcause, cases[i].cause);
        assert_int_equal(cpu.csr.mepc, PC0 + 0x40 * i); /* the ecall itself */
        assert_int_equal(cpu.csr.mtval, 0);
        assert_int_equal(MPP_OF(cpu.csr.mstatus), cases[i].priv);
    }
}

static void test_ecall_rv32(void **state)
{
    (void)state;
    cpu.csr.priv = RV_PRIV_U;
    cpu.pc = 0x2000;
    step(ECALL);
    assert_int_equal(cpu.pc, MTVEC);
    assert_int_equal(cpu.csr.mcause, 8);
    assert_int_equal(cpu.csr.mepc, 0x2000);
}

static void test_ecall_delegated(void **state)
{
    (void)state;
    cpu.csr.medeleg = (1u << 8) | (1u << 9);
    cpu.csr.priv = RV_PRIV_U;
    cpu.pc = PC0;
    step(ECALL);
    assert_int_equal(cpu.pc, STVEC);
    assert_int_equal(cpu.csr.priv, RV_PRIV_S);
    assert_int_equal(cpu.csr.scause, 8);
    assert_int_equal(cpu.csr.sepc, PC0);
    assert_false(HAS(cpu.csr.mstatus, RV_MSTATUS_SPP));
    assert_int_equal(cpu.csr.mcause, 0);
    /* now an ecall from S, also delegated */
    cpu.pc = STVEC;
    step(ECALL);
    assert_int_equal(cpu.pc, STVEC);
    assert_int_equal(cpu.csr.scause, 9);
    assert_int_equal(cpu.csr.sepc, STVEC);
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_SPP));
}

static void test_ebreak(void **state)
{
    (void)state;
    cpu.csr.priv = RV_PRIV_S;
    cpu.pc = PC0 + 8;
    step(EBREAK);
    assert_int_equal(cpu.csr.mcause, 3);
    assert_int_equal(cpu.csr.mepc, PC0 + 8);
    assert_true(cpu.csr.mtval == 0 || cpu.csr.mtval == PC0 + 8);
    assert_int_equal(cpu.pc, MTVEC);
}

/* an illegal instruction traps to M with mtval = its bits (3.1.16) */
static void expect_illegal(unsigned priv, uint32_t bits)
{
    cpu.csr.priv = priv;
    cpu.pc = PC0 + 4;
    cpu.csr.mcause = 0;
    cpu.csr.mtval = 0;
    step(bits);
    assert_int_equal(cpu.pc, MTVEC);
    assert_int_equal(cpu.csr.priv, RV_PRIV_M);
    assert_int_equal(cpu.csr.mcause, 2);
    assert_int_equal(cpu.csr.mepc, PC0 + 4);
    assert_int_equal(cpu.csr.mtval, bits);
    assert_int_equal(MPP_OF(cpu.csr.mstatus), priv);
}

static void test_illegal_instructions(void **state)
{
    (void)state;
    expect_illegal(RV_PRIV_M, BAD_OP);
    expect_illegal(RV_PRIV_U, BAD_OP);
    /* privileged CSRs and instructions from lower modes */
    expect_illegal(RV_PRIV_U, CSRRS(A0, CSR_MSTATUS, ZERO));
    expect_illegal(RV_PRIV_S, CSRRS(A0, CSR_MSTATUS, ZERO));
    expect_illegal(RV_PRIV_U, CSRRS(A0, CSR_SSTATUS, ZERO));
    expect_illegal(RV_PRIV_S, MRET);
    expect_illegal(RV_PRIV_U, MRET);
    expect_illegal(RV_PRIV_U, SRET);
    expect_illegal(RV_PRIV_U, WFI);
    expect_illegal(RV_PRIV_U, SFENCE_VMA);
    cpu.csr.mstatus |= RV_MSTATUS_TSR | RV_MSTATUS_TW | RV_MSTATUS_TVM;
    expect_illegal(RV_PRIV_S, SRET);
    expect_illegal(RV_PRIV_S, WFI);
    expect_illegal(RV_PRIV_S, SFENCE_VMA);
    expect_illegal(RV_PRIV_S, CSRRS(A0, CSR_SATP, ZERO));
    /* writing a read-only CSR */
    expect_illegal(RV_PRIV_M, CSRRW(ZERO, 0xf11 /* mvendorid */, A0));
}

static void test_privileged_instructions_that_work(void **state)
{
    (void)state;
    /* wfi in M and S (without TW) just continues */
    cpu.csr.priv = RV_PRIV_S;
    cpu.pc = PC0;
    step(WFI);
    assert_int_equal(cpu.pc, PC0 + 4);
    assert_int_equal(cpu.csr.priv, RV_PRIV_S);
    step(SFENCE_VMA);
    assert_int_equal(cpu.pc, PC0 + 8);
    /* mret from M to S */
    cpu.csr.priv = RV_PRIV_M;
    cpu.csr.mstatus = (cpu.csr.mstatus & ~RV_MSTATUS_MPP) | (1ull << 11) | RV_MSTATUS_MPIE;
    cpu.csr.mepc = 0x4000;
    step(MRET);
    assert_int_equal(cpu.pc, 0x4000);
    assert_int_equal(cpu.csr.priv, RV_PRIV_S);
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_MIE));
    /* sret from S to U */
    cpu.csr.mstatus &= ~RV_MSTATUS_SPP;
    cpu.csr.sepc = 0x4800;
    step(SRET);
    assert_int_equal(cpu.pc, 0x4800);
    assert_int_equal(cpu.csr.priv, RV_PRIV_U);
}

static void test_csr_instructions_follow_warl(void **state)
{
    (void)state;
    cpu.csr.priv = RV_PRIV_M;
    cpu.pc = PC0;
    cpu.x[A1] = (3ull << 11) | RV_MSTATUS_MIE;
    step(CSRRW(ZERO, CSR_MSTATUS, A1));
    assert_int_equal(MPP_OF(cpu.csr.mstatus), RV_PRIV_M);
    cpu.x[A1] = 2ull << 11;
    step(CSRRW(A0, CSR_MSTATUS, A1));
    assert_int_equal(MPP_OF(cpu.csr.mstatus), RV_PRIV_M); /* reserved value: kept */
    assert_int_equal(MPP_OF(cpu.x[A0]), RV_PRIV_M);
    cpu.x[A1] = 0x80000003;
    step(CSRRW(ZERO, CSR_MEPC, A1));
    step(CSRRS(A2, CSR_MEPC, ZERO));
    assert_int_equal(cpu.x[A2], 0x80000002);
    cpu.x[A1] = ~0ull;
    step(CSRRW(ZERO, CSR_MEDELEG, A1));
    step(CSRRS(A2, CSR_MEDELEG, ZERO));
    assert_int_equal((cpu.x[A2] >> 11) & 1, 0);
    assert_int_equal(cpu.pc, PC0 + 6 * 4);
}

/* Sv39 with one 4 KiB page; returns the leaf PTE's physical address. */
static uint64_t alloc_table(void)
{
    uint64_t pa = next_table;
    next_table += 4096;
    memset(mem + pa, 0, 4096);
    return pa;
}

static void pte_put(uint64_t at, uint64_t pte) { memcpy(mem + at, &pte, 8); }
static uint64_t pte_at(uint64_t at) { uint64_t v; memcpy(&v, mem + at, 8); return v; }

static uint64_t sv39_root;

static void sv39_on(void)
{
    sv39_root = alloc_table();
    cpu.csr.satp = (8ull << 60) | (sv39_root >> 12);
}

static void sv39_map(uint64_t va, uint64_t pa, uint64_t flags)
{
    uint64_t table = sv39_root;
    for (int level = 2; level > 0; level--) {
        uint64_t at = table + ((va >> (12 + 9 * level)) & 511) * 8;
        uint64_t pte = pte_at(at);
        if (!(pte & PTE_V)) {
            pte = ((alloc_table() >> 12) << 10) | PTE_V;
            pte_put(at, pte);
        }
        table = (pte >> 10) << 12;
    }
    pte_put(table + ((va >> 12) & 511) * 8, ((pa >> 12) << 10) | flags);
}

static void test_load_page_fault_delegated(void **state)
{
    (void)state;
    sv39_on();
    sv39_map(0x40001000, 0x30000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    cpu.csr.medeleg = 1u << 13;
    cpu.csr.priv = RV_PRIV_S;
    cpu.pc = PC0;
    cpu.x[A1] = 0x40000000; /* not mapped */
    cpu.x[A0] = 0x1234;
    step(LD(A0, A1, 0x10));
    assert_int_equal(cpu.csr.priv, RV_PRIV_S);
    assert_int_equal(cpu.csr.scause, 13);
    assert_int_equal(cpu.csr.stval, 0x40000010);
    assert_int_equal(cpu.csr.sepc, PC0);
    assert_int_equal(cpu.pc, STVEC);
    assert_true(HAS(cpu.csr.mstatus, RV_MSTATUS_SPP));
    assert_int_equal(cpu.x[A0], 0x1234); /* not written */
    assert_int_equal(cpu.csr.mcause, 0);

    /* the mapped page works, and a load does not need the handler */
    uint64_t v = 0x0123456789abcdefull;
    memcpy(mem + 0x30008, &v, 8);
    cpu.pc = PC0;
    cpu.x[A1] = 0x40001000;
    step(LD(A0, A1, 8));
    assert_int_equal(cpu.x[A0], v);
    assert_int_equal(cpu.pc, PC0 + 4);

    /* a store page fault is not delegated: to M, mtval = address */
    cpu.csr.priv = RV_PRIV_S;
    cpu.pc = PC0;
    cpu.x[A1] = 0x40003000;
    step(SD(A0, A1, -8));
    assert_int_equal(cpu.csr.priv, RV_PRIV_M);
    assert_int_equal(cpu.csr.mcause, 15);
    assert_int_equal(cpu.csr.mtval, 0x40002ff8);
    assert_int_equal(cpu.csr.mepc, PC0);
    assert_int_equal(cpu.pc, MTVEC);
}

static void test_load_access_fault(void **state)
{
    (void)state;
    cpu.csr.priv = RV_PRIV_S; /* bare */
    cpu.pc = PC0;
    cpu.x[A1] = MEM_SIZE + 0x100; /* beyond RAM */
    step(LD(A0, A1, 0));
    assert_int_equal(cpu.csr.mcause, 5);
    assert_int_equal(cpu.csr.mtval, MEM_SIZE + 0x100);
    cpu.csr.priv = RV_PRIV_U;
    cpu.pc = PC0;
    step(SD(A0, A1, 8));
    assert_int_equal(cpu.csr.mcause, 7);
    assert_int_equal(cpu.csr.mtval, MEM_SIZE + 0x108);
}

static void test_misaligned_lr_is_a_load_exception(void **state)
{
    (void)state;
    /* LR is a load: a misaligned address raises load address misaligned
     * (cause 4), SC/AMOs store/AMO address misaligned (cause 6) */
    cpu.csr.priv = RV_PRIV_M;
    cpu.pc = PC0;
    cpu.x[A1] = 0x3004;
    step(LR_D(A0, A1));
    assert_int_equal(cpu.pc, MTVEC);
    assert_int_equal(cpu.csr.mtval, 0x3004);
    assert_int_equal(cpu.csr.mcause, RV_CAUSE_LOAD_MISALIGNED);
}

static void test_misaligned_sc_is_a_store_exception(void **state)
{
    (void)state;
    cpu.csr.priv = RV_PRIV_M;
    cpu.pc = PC0;
    cpu.x[A1] = 0x3004;
    step(SC_D(A0, A2, A1));
    assert_int_equal(cpu.pc, MTVEC);
    assert_int_equal(cpu.csr.mcause, RV_CAUSE_STORE_MISALIGNED);
    assert_int_equal(cpu.csr.mtval, 0x3004);
}

/* ---- whole programs through rv_run ---------------------------------------- */

static uint64_t stop_at;
static unsigned polls;

static void poll_stop(RvCpu *c, void *opaque)
{
    (void)opaque;
    if (c->pc == stop_at || ++polls > 100000)
        c->stop_request = 1;
}

static void put_code(uint64_t pa, const uint32_t *insns, size_t n)
{
    memcpy(mem + pa, insns, n * 4);
}

static void run_until(uint64_t pc)
{
    stop_at = pc;
    polls = 0;
    cpu.poll = poll_stop;
    RvExit e = rv_run(&cpu);
    cpu.poll = NULL;
    cpu.stop_request = 0;
    assert_int_equal(e, RV_EXIT_STOP);
    if (polls > 100000)
        fail_msg("program did not reach %#llx (pc %#llx)", (unsigned long long)pc, (unsigned long long)cpu.pc);
    assert_int_equal(cpu.pc, pc);
}

/* M-mode handler at MTVEC: a2 = mcause, a3 = mepc, a4 = mtval, then spin */
static const uint32_t m_handler[] = {
    CSRRS(A2, CSR_MCAUSE, ZERO),
    CSRRS(A3, CSR_MEPC, ZERO),
    CSRRS(A4, CSR_MTVAL, ZERO),
    JAL(ZERO, 0),
};
#define M_SPIN (MTVEC + 12)

static void test_program_user_ecall(void **state)
{
    (void)state;
    /* M code at 0x2000 drops to U at a translated address with mret */
    static const uint32_t boot[] = {
        CSRRW(ZERO, CSR_MEPC, S0),
        MRET,
    };
    static const uint32_t user[] = {
        ADDI(A0, ZERO, 42),
        ECALL,
    };
    put_code(0x2000, boot, 2);
    put_code(MTVEC, m_handler, 4);
    sv39_on();
    sv39_map(0x40203000, 0x30000, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A);
    put_code(0x30000, user, 2);
    cpu.csr.priv = RV_PRIV_M;
    cpu.csr.mstatus &= ~RV_MSTATUS_MPP; /* MPP = U */
    cpu.x[S0] = 0x40203000;
    cpu.pc = 0x2000;
    run_until(M_SPIN);
    assert_int_equal(cpu.x[A0], 42);
    assert_int_equal(cpu.x[A2], 8);
    assert_int_equal(cpu.x[A3], 0x40203004);
    assert_int_equal(cpu.x[A4], 0);
    assert_int_equal(cpu.csr.priv, RV_PRIV_M);
    assert_int_equal(MPP_OF(cpu.csr.mstatus), RV_PRIV_U);
}

static void test_program_user_fetch_page_fault(void **state)
{
    (void)state;
    static const uint32_t user[] = {
        JAL(ZERO, 0x1000), /* to 0x40204000: not mapped */
    };
    put_code(MTVEC, m_handler, 4);
    sv39_on();
    sv39_map(0x40203000, 0x30000, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A);
    put_code(0x30000, user, 1);
    cpu.csr.priv = RV_PRIV_U;
    cpu.pc = 0x40203000;
    run_until(M_SPIN);
    assert_int_equal(cpu.x[A2], 12);
    assert_int_equal(cpu.x[A3], 0x40204000);
    assert_int_equal(cpu.x[A4], 0x40204000);

    /* a page without X: fetch page fault too; mapped as not-U from U also */
    sv39_map(0x40204000, 0x31000, PTE_V | PTE_R | PTE_U | PTE_A);
    cpu.csr.priv = RV_PRIV_U;
    cpu.pc = 0x40203000;
    cpu.x[A2] = cpu.x[A3] = cpu.x[A4] = 0;
    run_until(M_SPIN);
    assert_int_equal(cpu.x[A2], 12);
    assert_int_equal(cpu.x[A4], 0x40204000);
}

static void test_program_supervisor_handles_page_fault(void **state)
{
    (void)state;
    /* S code: a load from an unmapped address, then ecall (to M) */
    static const uint32_t s_code[] = {
        LD(A0, A1, 0),
        ECALL,
    };
    /* S handler (at s_code + 0x100): t0 = scause, t1 = stval, skip the
     * faulting instruction, sret */
    static const uint32_t s_handler[] = {
        CSRRS(T0, CSR_SCAUSE, ZERO),
        CSRRS(T1, CSR_STVAL, ZERO),
        CSRRS(T2, CSR_SEPC, ZERO),
        ADDI(T2, T2, 4),
        CSRRW(ZERO, CSR_SEPC, T2),
        SRET,
    };
    put_code(MTVEC, m_handler, 4);
    sv39_on();
    sv39_map(0x40205000, 0x31000, PTE_V | PTE_R | PTE_X | PTE_A);
    put_code(0x31000, s_code, 2);
    put_code(0x31100, s_handler, 6);
    cpu.csr.medeleg = 1u << 13;
    cpu.csr.stvec = 0x40205100;
    cpu.csr.priv = RV_PRIV_S;
    cpu.x[A0] = 0x5555;
    cpu.x[A1] = 0x70000000;
    cpu.pc = 0x40205000;
    run_until(M_SPIN);
    assert_int_equal(cpu.x[T0], 13);
    assert_int_equal(cpu.x[T1], 0x70000000);
    assert_int_equal(cpu.x[A0], 0x5555);
    assert_int_equal(cpu.x[A2], 9); /* ecall from S, not delegated */
    assert_int_equal(cpu.x[A3], 0x40205004);
    assert_int_equal(MPP_OF(cpu.csr.mstatus), RV_PRIV_S);
    /* the walk set A on the code page's PTE */
    uint64_t l2 = pte_at(sv39_root + 1 * 8);
    uint64_t l1 = pte_at(((l2 >> 10) << 12) + 1 * 8);
    uint64_t l0 = pte_at(((l1 >> 10) << 12) + 5 * 8);
    assert_int_equal(l0 & PTE_A, PTE_A);
}


/* mstatus.FS = Off makes every FP instruction illegal; executing one that
 * writes FP state makes FS Dirty (3.1.6.6). Single-stepped: */
static void test_step_fp_illegal_when_fs_off(void **state)
{
    (void)state;
    cpu.csr.priv = RV_PRIV_M;
    cpu.csr.mstatus &= ~RV_MSTATUS_FS;
    cpu.pc = PC0;
    cpu.f[1] = 0;
    cpu.f[2] = 0x3ff0000000000000ull; /* 1.0 */
    cpu.f[3] = 0x3ff0000000000000ull;
    step(FADD_D(1, 2, 3));
    assert_int_equal(cpu.pc, MTVEC);
    assert_int_equal(cpu.csr.mcause, 2);
    assert_int_equal(cpu.csr.mtval, FADD_D(1, 2, 3));
    assert_int_equal(cpu.f[1], 0);
}

static void test_step_fp_sets_fs_dirty(void **state)
{
    (void)state;
    cpu.csr.priv = RV_PRIV_M;
    cpu.csr.mstatus = (cpu.csr.mstatus & ~RV_MSTATUS_FS) | (1ull << 13); /* Initial */
    cpu.pc = PC0;
    cpu.f[2] = 0x3ff0000000000000ull;
    cpu.f[3] = 0x3ff0000000000000ull;
    step(FADD_D(1, 2, 3));
    assert_int_equal(cpu.pc, PC0 + 4);
    assert_int_equal(cpu.f[1], 0x4000000000000000ull); /* 2.0 */
    assert_int_equal((cpu.csr.mstatus & RV_MSTATUS_FS) >> 13, 3);
}

static void test_program_fp_respects_fs(void **state)
{
    (void)state;
    static const uint32_t code[] = {
        FADD_D(1, 2, 3),
        JAL(ZERO, 0),
    };
    put_code(0x2000, code, 2);
    put_code(MTVEC, m_handler, 4);
    cpu.csr.priv = RV_PRIV_M;
    cpu.csr.mstatus &= ~RV_MSTATUS_FS;
    cpu.f[2] = cpu.f[3] = 0x3ff0000000000000ull;
    cpu.pc = 0x2000;
    run_until(M_SPIN);
    assert_int_equal(cpu.x[A2], 2);
    assert_int_equal(cpu.x[A3], 0x2000);
    assert_int_equal(cpu.x[A4], FADD_D(1, 2, 3));
    assert_int_equal(cpu.f[1], 0);
    cpu.csr.mstatus |= 1ull << 13; /* Initial */
    cpu.pc = 0x2000;
    run_until(0x2004);
    assert_int_equal(cpu.f[1], 0x4000000000000000ull);
    assert_int_equal((cpu.csr.mstatus & RV_MSTATUS_FS) >> 13, 3);
}

/* A 4-byte instruction straddling two virtual pages mapped to physical
 * pages that are not adjacent; when the second page faults, mepc is the
 * start of the instruction and mtval the address of the faulting part
 * (3.1.16). */
static void test_program_fetch_straddles_pages(void **state)
{
    (void)state;
    uint32_t addi = ADDI(A0, ZERO, 7);
    uint16_t lo = (uint16_t)addi, hi = (uint16_t)(addi >> 16);
    sv39_on();
    sv39_map(0x40203000, 0x30000, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A);
    sv39_map(0x40204000, 0x20000, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A);
    memcpy(mem + 0x30ffe, &lo, 2);
    memcpy(mem + 0x20000, &hi, 2);
    uint32_t ecall = ECALL;
    memcpy(mem + 0x20002, &ecall, 4);
    put_code(MTVEC, m_handler, 4);
    cpu.csr.priv = RV_PRIV_U;
    cpu.x[A0] = 0;
    cpu.pc = 0x40203ffe;
    run_until(M_SPIN);
    assert_int_equal(cpu.x[A0], 7);
    assert_int_equal(cpu.x[A2], 8);
    assert_int_equal(cpu.x[A3], 0x40204002);

    /* second page not executable */
    sv39_map(0x40204000, 0x20000, PTE_V | PTE_R | PTE_U | PTE_A);
    rv_translation_changed(&cpu); /* page tables changed (sfence.vma) */
    cpu.csr.priv = RV_PRIV_U;
    cpu.x[A0] = 0;
    cpu.pc = 0x40203ffe;
    run_until(M_SPIN);
    assert_int_equal(cpu.x[A0], 0);
    assert_int_equal(cpu.x[A2], 12);
    assert_int_equal(cpu.x[A3], 0x40203ffe);
    assert_int_equal(cpu.x[A4], 0x40204000);
}

#define T64(f) cmocka_unit_test_setup_teardown(f, setup64, teardown)
#define T32(f) cmocka_unit_test_setup_teardown(f, setup32, teardown)

int main(void)
{
    const struct CMUnitTest traps[] = {
        T64(test_raise_to_m_from_u),
        T64(test_raise_to_m_from_s_and_m),
        T64(test_raise_vectored_mtvec_uses_base),
        T64(test_raise_delegated_from_u),
        T64(test_raise_delegated_from_s),
        T64(test_raise_in_m_is_never_delegated),
        T32(test_raise_rv32_values_are_32_bit),
        T64(test_mret_restores_state),
        T64(test_mret_outside_m_fails),
        T64(test_sret_restores_state),
        T64(test_sret_illegal_in_u_and_with_tsr),
        T64(test_wfi_rules),
        T64(test_sfence_vma_rules),
        T64(test_exit_cause_mapping),
    };
    const struct CMUnitTest csrs[] = {
        T64(test_misa_rv64),
        T32(test_misa_rv32),
        T64(test_mstatus_mpp_warl),
        T64(test_mstatus_sd_and_xl),
        T32(test_mstatus_sd_rv32),
        T64(test_sstatus_is_a_masked_view),
        T64(test_medeleg_and_mideleg_writable_bits),
        T64(test_sie_sip_masked_by_mideleg),
        T64(test_tvec_mode_warl),
        T64(test_epc_bit0_cleared),
        T64(test_satp_modes_rv64),
        T64(test_satp_tvm_from_s),
        T64(test_pmpcfg_rv64_only_even),
        T32(test_pmpcfg_rv32_all),
        T64(test_counters_gated),
        T64(test_csr_privilege_levels),
    };
    const struct CMUnitTest interp[] = {
        T64(test_ecall_from_each_mode),
        T32(test_ecall_rv32),
        T64(test_ecall_delegated),
        T64(test_ebreak),
        T64(test_illegal_instructions),
        T64(test_privileged_instructions_that_work),
        T64(test_csr_instructions_follow_warl),
        T64(test_load_page_fault_delegated),
        T64(test_load_access_fault),
        T64(test_misaligned_lr_is_a_load_exception),
        T64(test_misaligned_sc_is_a_store_exception),
        T64(test_program_user_ecall),
        T64(test_program_user_fetch_page_fault),
        T64(test_program_supervisor_handles_page_fault),
        T64(test_step_fp_illegal_when_fs_off),
        T64(test_step_fp_sets_fs_dirty),
        T64(test_program_fp_respects_fs),
        T64(test_program_fetch_straddles_pages),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("rv_trap", traps, group_setup, group_teardown);
    failed += cmocka_run_group_tests_name("rv_csr_priv", csrs, group_setup, group_teardown);
    failed += cmocka_run_group_tests_name("rv_sys_interp", interp, group_setup, group_teardown);
    return failed;
}
