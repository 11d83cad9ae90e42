/*
 * ferry - unit tests executing compressed (RVC) instructions through
 * rv_step_bits(): every instruction advances pc by 2 (or jumps relative to the
 * compressed instruction's own address, linking pc + 2).
 *
 * The 16-bit encodings are the output of riscv64-linux-gnu-as (-march=rv64gc,
 * or rv32gc where marked) for the assembly text next to each one; the
 * expected results come from the RISC-V Unprivileged ISA, chapter 16 ("C"),
 * which defines every RVC instruction as its 32-bit expansion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "rv_fixture.h"


#define DATA 0x8000u
#define STACK 0x9000u

static void reset(unsigned xlen)
{
    fixture_reset(xlen);
    cpu.x[SP] = STACK;
}

static int setup64(void **state) { (void)state; reset(64); return 0; }
static int setup32(void **state) { (void)state; reset(32); return 0; }

static void put32(uint64_t a, uint32_t v) { memcpy(mem + a, &v, 4); }
static void put64(uint64_t a, uint64_t v) { memcpy(mem + a, &v, 8); }
static uint32_t get32(uint64_t a) { uint32_t v; memcpy(&v, mem + a, 4); return v; }
static uint64_t get64(uint64_t a) { uint64_t v; memcpy(&v, mem + a, 8); return v; }

/* Run one compressed instruction that does not transfer control. */
static void cexec(uint16_t h)
{
    uint64_t pc = cpu.pc;
    assert_int_equal(rv_step_bits(&cpu, h), RV_EXIT_NONE);
    assert_int_equal(cpu.pc, (pc + 2) & (cpu.xlen == 32 ? 0xffffffffull : ~0ull));
    assert_int_equal(cpu.x[0], 0);
}

/* Run a compressed control transfer at `pc`; return the new pc. */
static uint64_t cjump(uint16_t h, uint64_t pc)
{
    cpu.pc = pc;
    assert_int_equal(rv_step_bits(&cpu, h), RV_EXIT_NONE);
    return cpu.pc;
}

/* ---- RV64 ---------------------------------------------------------------- */

static void test_c_addi4spn(void **state)
{
    (void)state;
    cexec(0x0808); /* c.addi4spn a0,sp,16 */
    assert_int_equal(cpu.x[A0], STACK + 16);
    cexec(0x1fe4); /* c.addi4spn s1,sp,1020 */
    assert_int_equal(cpu.x[S1], STACK + 1020);
    assert_int_equal(cpu.x[SP], STACK);
}

static void test_c_lw_sign_extends(void **state)
{
    (void)state;
    put32(DATA + 4, 0x80000001);
    cpu.x[A1] = DATA;
    cexec(0x41c8); /* c.lw a0,4(a1) */
    assert_int_equal(cpu.x[A0], 0xffffffff80000001ull);
    put32(DATA + 124, 0x12345678);
    cpu.x[S0] = DATA;
    cexec(0x5c7c); /* c.lw a5,124(s0) */
    assert_int_equal(cpu.x[A5], 0x12345678);
}

static void test_c_ld(void **state)
{
    (void)state;
    put64(DATA + 8, 0x8877665544332211ull);
    cpu.x[A1] = DATA;
    cexec(0x6588); /* c.ld a0,8(a1) */
    assert_int_equal(cpu.x[A0], 0x8877665544332211ull);
    put64(DATA + 248, 0x0102030405060708ull);
    cpu.x[A3] = DATA;
    cexec(0x7ef0); /* c.ld a2,248(a3) */
    assert_int_equal(cpu.x[A2], 0x0102030405060708ull);
}

static void test_c_sw_sd(void **state)
{
    (void)state;
    memset(mem + DATA, 0xee, 256);
    cpu.x[A1] = DATA;
    cpu.x[A0] = 0x1122334455667788ull;
    cexec(0xc1c8); /* c.sw a0,4(a1) */
    assert_int_equal(get32(DATA + 4), 0x55667788);
    assert_int_equal(get32(DATA), 0xeeeeeeee);
    assert_int_equal(get32(DATA + 8), 0xeeeeeeee);
    cexec(0xe588); /* c.sd a0,8(a1) */
    assert_int_equal(get64(DATA + 8), 0x1122334455667788ull);
    assert_int_equal(get32(DATA + 16), 0xeeeeeeee);
    cpu.x[S0] = DATA;
    cpu.x[A5] = 0xabcdef01;
    cexec(0xdc7c); /* c.sw a5,124(s0) */
    assert_int_equal(get32(DATA + 124), 0xabcdef01);
    cpu.x[A3] = DATA;
    cpu.x[A2] = 0xfedcba9876543210ull;
    cexec(0xfef0); /* c.sd a2,248(a3) */
    assert_int_equal(get64(DATA + 248), 0xfedcba9876543210ull);
}

static void test_c_li(void **state)
{
    (void)state;
    cexec(0x557d); /* c.li a0,-1 */
    assert_int_equal(cpu.x[A0], ~0ull);
    cexec(0x457d); /* c.li a0,31 */
    assert_int_equal(cpu.x[A0], 31);
    cexec(0x5501); /* c.li a0,-32 */
    assert_int_equal(cpu.x[A0], (uint64_t)-32);
}

static void test_c_lui_sign_extends(void **state)
{
    (void)state;
    cexec(0x657d); /* c.lui a0,0x1f */
    assert_int_equal(cpu.x[A0], 0x1f000);
    cexec(0x7501); /* c.lui a0,0xfffe0 */
    assert_int_equal(cpu.x[A0], 0xfffffffffffe0000ull);
    cexec(0x6505); /* c.lui a0,0x1 */
    assert_int_equal(cpu.x[A0], 0x1000);
}

static void test_c_addi16sp(void **state)
{
    (void)state;
    cexec(0x7139); /* c.addi16sp sp,-64 */
    assert_int_equal(cpu.x[SP], STACK - 64);
    cpu.x[SP] = STACK;
    cexec(0x617d); /* c.addi16sp sp,496 */
    assert_int_equal(cpu.x[SP], STACK + 496);
    cpu.x[SP] = STACK;
    cexec(0x7101); /* c.addi16sp sp,-512 */
    assert_int_equal(cpu.x[SP], STACK - 512);
}

static void test_c_addi_and_nop(void **state)
{
    (void)state;
    cpu.x[A0] = 0;
    cexec(0x157d); /* c.addi a0,-1 */
    assert_int_equal(cpu.x[A0], ~0ull);
    cpu.x[A0] = 1;
    cexec(0x057d); /* c.addi a0,31 */
    assert_int_equal(cpu.x[A0], 32);
    uint64_t before[33];
    memcpy(before, cpu.x, sizeof before);
    cexec(0x0001); /* c.nop */
    assert_memory_equal(before, cpu.x, 32 * sizeof(uint64_t));
}

static void test_c_addiw_sign_extends(void **state)
{
    (void)state;
    cpu.x[A0] = 0x7fffffff;
    cexec(0x2505); /* c.addiw a0,1 */
    assert_int_equal(cpu.x[A0], 0xffffffff80000000ull);
    cpu.x[A0] = 0;
    cexec(0x357d); /* c.addiw a0,-1 */
    assert_int_equal(cpu.x[A0], ~0ull);
    cpu.x[A0] = 0x100000005ull;
    cexec(0x357d); /* c.addiw a0,-1 */
    assert_int_equal(cpu.x[A0], 4);
}

static void test_c_srli_srai_andi(void **state)
{
    (void)state;
    cpu.x[S0] = 0x8000000000000000ull;
    cexec(0x907d); /* c.srli s0,63 */
    assert_int_equal(cpu.x[S0], 1);
    cpu.x[S0] = 0x8000000000000000ull;
    cexec(0x8005); /* c.srli s0,1 */
    assert_int_equal(cpu.x[S0], 0x4000000000000000ull);
    cpu.x[S0] = 0x8000000000000000ull;
    cexec(0x947d); /* c.srai s0,63 */
    assert_int_equal(cpu.x[S0], ~0ull);
    cpu.x[S0] = 0x8000000000000000ull;
    cexec(0x8405); /* c.srai s0,1 */
    assert_int_equal(cpu.x[S0], 0xc000000000000000ull);
    cpu.x[S0] = 0xffffffffffff00ffull;
    cexec(0x9879); /* c.andi s0,-2 */
    assert_int_equal(cpu.x[S0], 0xffffffffffff00feull);
    cpu.x[S0] = 0xffff;
    cexec(0x887d); /* c.andi s0,31 */
    assert_int_equal(cpu.x[S0], 0x1f);
}

static void test_c_sub_xor_or_and(void **state)
{
    (void)state;
    cpu.x[S0] = 10;
    cpu.x[S1] = 3;
    cexec(0x8c05); /* c.sub s0,s1 */
    assert_int_equal(cpu.x[S0], 7);
    cpu.x[S0] = 3;
    cpu.x[S1] = 10;
    cexec(0x8c05);
    assert_int_equal(cpu.x[S0], (uint64_t)-7);
    cpu.x[S0] = 0xff00ff00ff00ff00ull;
    cpu.x[S1] = 0x0ff00ff00ff00ff0ull;
    cexec(0x8c25); /* c.xor s0,s1 */
    assert_int_equal(cpu.x[S0], 0xf0f0f0f0f0f0f0f0ull);
    cpu.x[S0] = 0xff00ff00ff00ff00ull;
    cexec(0x8c45); /* c.or s0,s1 */
    assert_int_equal(cpu.x[S0], 0xfff0fff0fff0fff0ull);
    cpu.x[S0] = 0xff00ff00ff00ff00ull;
    cexec(0x8c65); /* c.and s0,s1 */
    assert_int_equal(cpu.x[S0], 0x0f000f000f000f00ull);
    assert_int_equal(cpu.x[S1], 0x0ff00ff00ff00ff0ull);
}

static void test_c_addw_subw_sign_extend(void **state)
{
    (void)state;
    cpu.x[S0] = 0x7fffffff;
    cpu.x[S1] = 1;
    cexec(0x9c25); /* c.addw s0,s1 */
    assert_int_equal(cpu.x[S0], 0xffffffff80000000ull);
    cpu.x[S0] = 0x80000000;
    cexec(0x9c05); /* c.subw s0,s1 */
    assert_int_equal(cpu.x[S0], 0x7fffffff);
    cpu.x[S0] = 0;
    cexec(0x9c05);
    assert_int_equal(cpu.x[S0], ~0ull);
}

static void test_c_j(void **state)
{
    (void)state;
    cpu.x[RA] = 0x5555;
    assert_int_equal(cjump(0xa201, 0x1000), 0x1100); /* c.j .+0x100 */
    assert_int_equal(cjump(0xb001, 0x1000), 0x800);  /* c.j .-0x800 */
    assert_int_equal(cjump(0xaffd, 0x1000), 0x17fe); /* c.j .+2046 */
    assert_int_equal(cpu.x[RA], 0x5555);             /* c.j links nothing */
}

static void test_c_jr(void **state)
{
    (void)state;
    cpu.x[RA] = 0x5555;
    cpu.x[A0] = 0x2000;
    assert_int_equal(cjump(0x8502, 0x1000), 0x2000); /* c.jr a0 */
    cpu.x[A0] = 0x2001;
    assert_int_equal(cjump(0x8502, 0x1000), 0x2000); /* bit 0 cleared, as jalr */
    assert_int_equal(cpu.x[RA], 0x5555);
}

static void test_c_jalr_links_pc_plus_2(void **state)
{
    (void)state;
    cpu.x[A0] = 0x3000;
    assert_int_equal(cjump(0x9502, 0x1000), 0x3000); /* c.jalr a0 */
    assert_int_equal(cpu.x[RA], 0x1002);
    cpu.x[RA] = 0x4000;
    assert_int_equal(cjump(0x9082, 0x1006), 0x4000); /* c.jalr ra: target is the old ra */
    assert_int_equal(cpu.x[RA], 0x1008);
}

static void test_c_beqz_bnez(void **state)
{
    (void)state;
    cpu.x[S0] = 0;
    assert_int_equal(cjump(0xc401, 0x1000), 0x1008); /* c.beqz s0,.+8 taken */
    assert_int_equal(cjump(0xd001, 0x1000), 0xf00);  /* c.beqz s0,.-256 */
    assert_int_equal(cjump(0xec7d, 0x1000), 0x1002); /* c.bnez s0,.+254 not taken */
    cpu.x[S0] = 1ull << 40;                          /* nonzero only in the upper half */
    assert_int_equal(cjump(0xc401, 0x1000), 0x1002); /* c.beqz not taken */
    assert_int_equal(cjump(0xec7d, 0x1000), 0x10fe); /* c.bnez s0,.+254 */
    assert_int_equal(cjump(0xfc75, 0x1000), 0xffc);  /* c.bnez s0,.-4 */
}

static void test_c_slli(void **state)
{
    (void)state;
    cpu.x[A0] = 1;
    cexec(0x157e); /* c.slli a0,63 */
    assert_int_equal(cpu.x[A0], 0x8000000000000000ull);
    cpu.x[A0] = 0x4000000000000001ull;
    cexec(0x0506); /* c.slli a0,1 */
    assert_int_equal(cpu.x[A0], 0x8000000000000002ull);
}

static void test_c_lwsp_ldsp(void **state)
{
    (void)state;
    put32(STACK + 4, 0x80000000);
    cexec(0x4512); /* c.lwsp a0,4(sp) */
    assert_int_equal(cpu.x[A0], 0xffffffff80000000ull);
    put32(STACK + 252, 0x7654321);
    cexec(0x557e); /* c.lwsp a0,252(sp) */
    assert_int_equal(cpu.x[A0], 0x7654321);
    put64(STACK + 8, 0x8000000000000001ull);
    cexec(0x6522); /* c.ldsp a0,8(sp) */
    assert_int_equal(cpu.x[A0], 0x8000000000000001ull);
    put64(STACK + 504, 0x1122334455667788ull);
    cexec(0x757e); /* c.ldsp a0,504(sp) */
    assert_int_equal(cpu.x[A0], 0x1122334455667788ull);
}

static void test_c_swsp_sdsp(void **state)
{
    (void)state;
    memset(mem + STACK, 0xee, 512);
    cpu.x[A0] = 0x1122334455667788ull;
    cexec(0xc22a); /* c.swsp a0,4(sp) */
    assert_int_equal(get32(STACK + 4), 0x55667788);
    assert_int_equal(get32(STACK + 8), 0xeeeeeeee);
    cexec(0xdfaa); /* c.swsp a0,252(sp) */
    assert_int_equal(get32(STACK + 252), 0x55667788);
    cexec(0xe42a); /* c.sdsp a0,8(sp) */
    assert_int_equal(get64(STACK + 8), 0x1122334455667788ull);
    cexec(0xffaa); /* c.sdsp a0,504(sp) */
    assert_int_equal(get64(STACK + 504), 0x1122334455667788ull);
    assert_int_equal(get32(STACK), 0xeeeeeeee);
}

static void test_c_mv_add(void **state)
{
    (void)state;
    cpu.x[A1] = 0x123456789ull;
    cexec(0x852e); /* c.mv a0,a1 */
    assert_int_equal(cpu.x[A0], 0x123456789ull);
    cpu.x[A0] = 5;
    cpu.x[A1] = (uint64_t)-7;
    cexec(0x952e); /* c.add a0,a1 */
    assert_int_equal(cpu.x[A0], (uint64_t)-2);
    assert_int_equal(cpu.x[A1], (uint64_t)-7);
}

static void test_c_fld_fsd(void **state)
{
    (void)state;
    const uint64_t pi = 0x400921fb54442d18ull, e = 0x4005bf0a8b145769ull;
    put64(DATA + 8, pi);
    cpu.x[A1] = DATA;
    cexec(0x2588); /* c.fld fa0,8(a1) */
    assert_int_equal(cpu.f[FA0], pi);
    put64(DATA + 248, e);
    cpu.x[S0] = DATA;
    cexec(0x3c7c); /* c.fld fa5,248(s0) */
    assert_int_equal(cpu.f[FA5], e);
    cpu.f[FA0] = e;
    cexec(0xa588); /* c.fsd fa0,8(a1) */
    assert_int_equal(get64(DATA + 8), e);
}

static void test_c_fldsp_fsdsp(void **state)
{
    (void)state;
    const uint64_t v = 0xc00921fb54442d18ull;
    put64(STACK + 16, v);
    cexec(0x2542); /* c.fldsp fa0,16(sp) */
    assert_int_equal(cpu.f[FA0], v);
    put64(STACK + 504, ~v);
    cexec(0x357e); /* c.fldsp fa0,504(sp) */
    assert_int_equal(cpu.f[FA0], ~v);
    cpu.f[FA0] = v;
    cexec(0xa82a); /* c.fsdsp fa0,16(sp) */
    cexec(0xbfaa); /* c.fsdsp fa0,504(sp) */
    assert_int_equal(get64(STACK + 16), v);
    assert_int_equal(get64(STACK + 504), v);
}

static void test_c_ebreak(void **state)
{
    (void)state;
    assert_int_equal(rv_step_bits(&cpu, 0x9002), RV_EXIT_EBREAK);
    assert_int_equal(cpu.pc, PC0);
}

static void test_c_illegal_parcels(void **state)
{
    (void)state;
    /* the all-zero parcel, and c.jr x0 (reserved) */
    static const uint16_t bad[] = { 0x0000, 0x8002 };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cpu.pc = PC0;
        assert_int_equal(rv_step_bits(&cpu, bad[i]), RV_EXIT_ILLEGAL);
        assert_int_equal(cpu.tval, bad[i]);
        assert_int_equal(cpu.pc, PC0);
    }
}

/* ---- RV32 ---------------------------------------------------------------- */

static void test_rv32_c_jal_links_pc_plus_2(void **state)
{
    (void)state;
    assert_int_equal(cjump(0x2081, 0x1000), 0x1040); /* c.jal .+0x40 (rv32gc) */
    assert_int_equal(cpu.x[RA], 0x1002);
    assert_int_equal(cjump(0x3001, 0x1000), 0x800);  /* c.jal .-0x800 */
    assert_int_equal(cpu.x[RA], 0x1002);
}

static void test_rv32_c_jalr_links_pc_plus_2(void **state)
{
    (void)state;
    cpu.x[A0] = 0x3001;
    assert_int_equal(cjump(0x9502, 0x2000), 0x3000); /* c.jalr a0 */
    assert_int_equal(cpu.x[RA], 0x2002);
}

static void test_rv32_c_j_wraps(void **state)
{
    (void)state;
    assert_int_equal(cjump(0xb7c5, 0x10), 0xfffffff0ull); /* c.j .-0x20 */
    cpu.pc = 0xfffffffe;
    assert_int_equal(rv_step_bits(&cpu, 0x0505), RV_EXIT_NONE); /* c.addi a0,1 */
    assert_int_equal(cpu.pc, 0);
}

static void test_rv32_c_loads_stores(void **state)
{
    (void)state;
    put32(DATA + 4, 0x80000001);
    cpu.x[A1] = DATA;
    cexec(0x41c8); /* c.lw a0,4(a1) */
    assert_int_equal(cpu.x[A0], 0x80000001ull);
    cpu.x[A0] = 0xcafef00d;
    cexec(0xc1c8); /* c.sw a0,4(a1) */
    assert_int_equal(get32(DATA + 4), 0xcafef00d);
}

static void test_rv32_c_flw_fsw_nan_box(void **state)
{
    (void)state;
    put32(DATA + 4, 0x3f800000);
    cpu.x[A1] = DATA;
    cexec(0x61c8); /* c.flw fa0,4(a1) (rv32gc) */
    assert_int_equal(cpu.f[FA0], 0xffffffff3f800000ull);
    cpu.f[FA0] = 0xffffffff40490fdbull;
    cexec(0xe1c8); /* c.fsw fa0,4(a1) */
    assert_int_equal(get32(DATA + 4), 0x40490fdb);
    assert_int_equal(get32(DATA + 8), 0);
    put32(STACK + 8, 0xbf800000);
    cexec(0x6522); /* c.flwsp fa0,8(sp) */
    assert_int_equal(cpu.f[FA0], 0xffffffffbf800000ull);
    cpu.f[FA0] = 0xffffffff12345678ull;
    cexec(0xe42a); /* c.fswsp fa0,8(sp) */
    assert_int_equal(get32(STACK + 8), 0x12345678);
}

static void test_rv32_c_alu(void **state)
{
    (void)state;
    cexec(0x557d); /* c.li a0,-1 */
    assert_int_equal(cpu.x[A0], 0xffffffffull);
    cexec(0x0505); /* c.addi a0,1 */
    assert_int_equal(cpu.x[A0], 0);
    cexec(0x7501); /* c.lui a0,0xfffe0 */
    assert_int_equal(cpu.x[A0], 0xfffe0000ull);
    cpu.x[S0] = 0x80000000;
    cexec(0x847d); /* c.srai s0,31 */
    assert_int_equal(cpu.x[S0], 0xffffffffull);
    cpu.x[S0] = 0x80000000;
    cexec(0x807d); /* c.srli s0,31 */
    assert_int_equal(cpu.x[S0], 1);
    cpu.x[A0] = 3;
    cexec(0x057e); /* c.slli a0,31 */
    assert_int_equal(cpu.x[A0], 0x80000000ull);
    cexec(0x7139); /* c.addi16sp sp,-64 */
    assert_int_equal(cpu.x[SP], STACK - 64);
    cexec(0x0808); /* c.addi4spn a0,sp,16 */
    assert_int_equal(cpu.x[A0], STACK - 48);
}

static void test_rv32_c_rv64_only_forms_illegal(void **state)
{
    (void)state;
    /* c.srli s0,63 / c.slli a0,63 (shamt[5] = 1), c.addw, c.subw */
    static const uint16_t bad[] = { 0x907d, 0x157e, 0x9c25, 0x9c05 };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cpu.pc = PC0;
        assert_int_equal(rv_step_bits(&cpu, bad[i]), RV_EXIT_ILLEGAL);
        assert_int_equal(cpu.tval, bad[i]);
        assert_int_equal(cpu.pc, PC0);
    }
}

#define T64(f) cmocka_unit_test_setup(f, setup64)
#define T32(f) cmocka_unit_test_setup(f, setup32)

int main(void)
{
    const struct CMUnitTest rv64[] = {
        T64(test_c_addi4spn),
        T64(test_c_lw_sign_extends),
        T64(test_c_ld),
        T64(test_c_sw_sd),
        T64(test_c_li),
        T64(test_c_lui_sign_extends),
        T64(test_c_addi16sp),
        T64(test_c_addi_and_nop),
        T64(test_c_addiw_sign_extends),
        T64(test_c_srli_srai_andi),
        T64(test_c_sub_xor_or_and),
        T64(test_c_addw_subw_sign_extend),
        T64(test_c_j),
        T64(test_c_jr),
        T64(test_c_jalr_links_pc_plus_2),
        T64(test_c_beqz_bnez),
        T64(test_c_slli),
        T64(test_c_lwsp_ldsp),
        T64(test_c_swsp_sdsp),
        T64(test_c_mv_add),
        T64(test_c_fld_fsd),
        T64(test_c_fldsp_fsdsp),
        T64(test_c_ebreak),
        T64(test_c_illegal_parcels),
    };
    const struct CMUnitTest rv32[] = {
        T32(test_rv32_c_jal_links_pc_plus_2),
        T32(test_rv32_c_jalr_links_pc_plus_2),
        T32(test_rv32_c_j_wraps),
        T32(test_rv32_c_loads_stores),
        T32(test_rv32_c_flw_fsw_nan_box),
        T32(test_rv32_c_alu),
        T32(test_rv32_c_rv64_only_forms_illegal),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("rvc_rv64", rv64, group_setup, group_teardown);
    failed += cmocka_run_group_tests_name("rvc_rv32", rv32, group_setup, group_teardown);
    return failed;
}
