/*
 * PMP (Privileged ISA 20211203 section 3.7): address matching (TOR, NA4,
 * NAPOT), the lowest matching entry deciding, partial matches failing,
 * M-mode passing unless the entry is locked, S/U failing when nothing
 * matches, and locked entries refusing CSR writes. Entries are programmed
 * through the CSR interface, as firmware does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rv_internal.h"

enum { PMPCFG0 = 0x3a0, PMPCFG2 = 0x3a2, PMPADDR0 = 0x3b0 };
enum { R = 1, W = 2, X = 4, TOR = 1 << 3, NA4 = 2 << 3, NAPOT = 3 << 3, L = 0x80 };

static RvCpu cpu;

static int setup(void **state)
{
    (void)state;
    rv_cpu_init(&cpu, 64);
    return 0;
}

static void set_entry(unsigned i, uint64_t addr, unsigned cfg)
{
    uint64_t v;
    assert_true(rv_csr_write(&cpu, PMPADDR0 + i, addr));
    assert_true(rv_csr_read(&cpu, PMPCFG0 + (i / 8) * 2, &v));
    v = (v & ~(0xffull << (8 * (i % 8)))) | ((uint64_t)cfg << (8 * (i % 8)));
    assert_true(rv_csr_write(&cpu, PMPCFG0 + (i / 8) * 2, v));
}

static bool allows(uint64_t pa, uint64_t len, RvAccess acc, unsigned priv)
{
    return rv_pmp_allows(&cpu, pa, len, acc, priv);
}

static void test_nothing_matches(void **state)
{
    (void)state;
    assert_true(allows(0x80000000, 8, RV_ACC_LOAD, RV_PRIV_M));
    assert_false(allows(0x80000000, 8, RV_ACC_LOAD, RV_PRIV_S));
    assert_false(allows(0x80000000, 4, RV_ACC_FETCH, RV_PRIV_U));
}

static void test_tor(void **state)
{
    (void)state;
    /* entry 0 sets the bottom (OFF), entry 1 is TOR [0x80000000, 0x80001000) R only */
    set_entry(0, 0x80000000 >> 2, 0);
    set_entry(1, 0x80001000 >> 2, TOR | R);
    assert_true(allows(0x80000000, 8, RV_ACC_LOAD, RV_PRIV_S));
    assert_true(allows(0x80000ff8, 8, RV_ACC_LOAD, RV_PRIV_U));
    assert_false(allows(0x80000000, 8, RV_ACC_STORE, RV_PRIV_S));
    assert_false(allows(0x80000000, 4, RV_ACC_FETCH, RV_PRIV_S));
    assert_false(allows(0x80001000, 8, RV_ACC_LOAD, RV_PRIV_S));   /* just past the top */
    assert_false(allows(0x80000ffc, 8, RV_ACC_LOAD, RV_PRIV_S));   /* straddles the top */
    assert_true(allows(0x80000000, 8, RV_ACC_STORE, RV_PRIV_M));   /* M ignores unlocked */
}

static void test_na4_and_napot(void **state)
{
    (void)state;
    set_entry(0, 0x1000 >> 2, NA4 | W | R);                      /* [0x1000, 0x1004) */
    set_entry(1, (0x2000 >> 2) | 0x1ff, NAPOT | X);               /* 2^(9+3) = 4 KiB at 0x2000 */
    assert_true(allows(0x1000, 4, RV_ACC_STORE, RV_PRIV_S));
    assert_false(allows(0x1004, 4, RV_ACC_STORE, RV_PRIV_S));
    assert_false(allows(0x1002, 4, RV_ACC_LOAD, RV_PRIV_S));     /* partly in */
    assert_true(allows(0x2000, 4, RV_ACC_FETCH, RV_PRIV_U));
    assert_true(allows(0x2ffc, 4, RV_ACC_FETCH, RV_PRIV_U));
    assert_false(allows(0x3000, 4, RV_ACC_FETCH, RV_PRIV_U));
    assert_false(allows(0x2000, 4, RV_ACC_LOAD, RV_PRIV_U));
}

static void test_lowest_entry_wins(void **state)
{
    (void)state;
    /* entry 0 forbids a 4 KiB hole, entry 1 allows everything */
    set_entry(0, (0x80000000 >> 2) | 0x1ff, NAPOT);
    set_entry(1, (1ull << 54) - 1, NAPOT | R | W | X);
    assert_false(allows(0x80000100, 8, RV_ACC_LOAD, RV_PRIV_S));
    assert_true(allows(0x80001000, 8, RV_ACC_LOAD, RV_PRIV_S));
    assert_true(allows(0x10000000, 1, RV_ACC_STORE, RV_PRIV_U));
}

static void test_locked(void **state)
{
    (void)state;
    set_entry(0, (0x80000000 >> 2) | 0x1ff, NAPOT | R | L);
    assert_false(allows(0x80000000, 8, RV_ACC_STORE, RV_PRIV_M));  /* locked binds M too */
    assert_true(allows(0x80000000, 8, RV_ACC_LOAD, RV_PRIV_M));
    /* the locked entry's config and address ignore writes */
    uint64_t before, after;
    assert_true(rv_csr_read(&cpu, PMPADDR0, &before));
    assert_true(rv_csr_write(&cpu, PMPADDR0, 0));
    assert_true(rv_csr_read(&cpu, PMPADDR0, &after));
    assert_int_equal(before, after);
    assert_true(rv_csr_write(&cpu, PMPCFG0, NAPOT | R | W | X));
    assert_int_equal(rv_pmp_cfg(&cpu, 0), NAPOT | R | L);
    /* a locked TOR entry also locks the address below it */
    set_entry(2, 0x90000000 >> 2, 0);
    set_entry(3, 0x90001000 >> 2, TOR | R | L);
    assert_true(rv_csr_write(&cpu, PMPADDR0 + 2, 0));
    assert_true(rv_csr_read(&cpu, PMPADDR0 + 2, &after));
    assert_int_equal(after, 0x90000000 >> 2);
}

static void test_reserved_bits(void **state)
{
    (void)state;
    /* W without R is reserved: the write leaves neither; bits 5-6 read 0 */
    assert_true(rv_csr_write(&cpu, PMPCFG0, W | 0x60 | NAPOT));
    assert_int_equal(rv_pmp_cfg(&cpu, 0), NAPOT);
    /* RV64 has no odd pmpcfg registers */
    assert_false(rv_csr_write(&cpu, PMPCFG0 + 1, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_nothing_matches, setup),
        cmocka_unit_test_setup(test_tor, setup),
        cmocka_unit_test_setup(test_na4_and_napot, setup),
        cmocka_unit_test_setup(test_lowest_entry_wins, setup),
        cmocka_unit_test_setup(test_locked, setup),
        cmocka_unit_test_setup(test_reserved_bits, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
