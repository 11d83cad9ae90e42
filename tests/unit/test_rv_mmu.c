/*
 * ferry - unit tests for system-mode address translation (cpu/riscv/mmu.c):
 * rv_translate, rv_sys_load/rv_sys_store and rv_sys_atomic_ptr on a CPU set up
 * by hand, with page tables written into guest RAM by the test.
 *
 * Expected behaviour: RISC-V Privileged ISA 20211203
 *  - 4.1.11 satp: MODE Bare = no translation; M-mode is never translated
 *    (3.1.6.3: only MPRV makes M-mode loads and stores translate, as MPP);
 *  - 4.3 Sv32: 2 levels of 1024 4-byte PTEs, PPN 22 bits (34-bit physical
 *    addresses), 4 MiB megapages;
 *  - 4.3.1 PTE format and the walk (4.3.2):
 *      V=0, or R=0 and W=1: page fault;
 *      R=X=0: pointer to the next level, a pointer at the last level faults;
 *      leaf: fetch needs X, load needs R (or X with MXR), store needs W;
 *      U pages: accessible from U-mode; from S-mode only with SUM, never
 *      for fetch; non-U pages fault from U-mode;
 *      a superpage whose low PPN fields are not zero is misaligned: fault;
 *      A is set by the access, D by stores (or a fault; ferry sets them);
 *      a PTE that cannot be read (outside physical memory) is an access
 *      fault of the original access type, not a page fault;
 *  - 4.4 Sv39 / 4.5 Sv48: 8-byte PTEs, 3 or 4 levels, 2 MiB / 1 GiB /
 *    512 GiB superpages, bits 63:39 (63:48) of the address must equal bit 38
 *    (47) or a page fault is raised; PTE bits 63:54 are reserved and fault
 *    when set (no Svpbmt/Svnapot);
 *  - 3.1.16 (mtval): a misaligned access that faults records the virtual
 *    address of the portion of the access that caused the fault.
 *
 * Layout: one host window whose offset is the physical address; only the RAM
 * [RAM_BASE, RAM_BASE + RAM_SIZE) is readable/writable on the host, the rest
 * is PROT_NONE so that an access outside RAM by ferry crashes the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "rv.h"
#include "rv_internal.h"

#define WIN_SIZE  (32ull << 20)
#define RAM_BASE  0x400000ull   /* 4 MiB: aligned for 2 MiB and 4 MiB pages */
#define RAM_SIZE  (16ull << 20) /* RAM ends at 0x1400000 */
#define PT_AREA   (RAM_BASE + 0x100000) /* page tables are allocated here */

enum {
    V = 1 << 0, R = 1 << 1, W = 1 << 2, X = 1 << 3,
    U = 1 << 4, G = 1 << 5, A = 1 << 6, D = 1 << 7,
};

static uint8_t *win;
static RvCpu cpu;
static uint64_t next_table;

typedef struct Mode {
    unsigned levels, vpn_bits, pte_size;
} Mode;
static const Mode SV32 = { 2, 10, 4 };
static const Mode SV39 = { 3, 9, 8 };
static const Mode SV48 = { 4, 9, 8 };

static int group_setup(void **state)
{
    (void)state;
    void *p = mmap(NULL, WIN_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return -1;
    win = p;
    if (mprotect(win + RAM_BASE, RAM_SIZE, PROT_READ | PROT_WRITE) != 0)
        return -1;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    munmap(win, WIN_SIZE);
    return 0;
}

static void reset(unsigned xlen)
{
    /* the test data and tables live in the first 2 MiB plus the 4 MiB
     * megapage targets; clear everything the tests touch */
    memset(win + RAM_BASE, 0, 0x400000);
    memset(win + 0x800000, 0, 0x10000);
    memset(win + 0x600000, 0, 0x1000);
    if (cpu.tc)
        tcache_free(cpu.tc);
    rv_cpu_init(&cpu, xlen);
    cpu.system = true;
    cpu.mem.base = win;
    cpu.mem.size = WIN_SIZE;
    cpu.mem.reserved = WIN_SIZE;
    cpu.mem.ram_base = RAM_BASE;
    cpu.mem.ram_size = RAM_SIZE;
    cpu.tc = tcache_new(WIN_SIZE);
    assert_non_null(cpu.tc);
    cpu.csr.priv = RV_PRIV_S;
    next_table = PT_AREA;
}

static int setup64(void **state) { (void)state; reset(64); return 0; }
static int setup32(void **state) { (void)state; reset(32); return 0; }
static int teardown(void **state)
{
    (void)state;
    tcache_free(cpu.tc);
    cpu.tc = NULL;
    return 0;
}

/* ---- page-table construction (by the spec's PTE layout) ---- */

static uint64_t pte_get(uint64_t pa, const Mode *m)
{
    if (m->pte_size == 8) {
        uint64_t v;
        memcpy(&v, win + pa, 8);
        return v;
    }
    uint32_t v;
    memcpy(&v, win + pa, 4);
    return v;
}

static void pte_set(uint64_t pa, const Mode *m, uint64_t pte)
{
    if (m->pte_size == 8) {
        memcpy(win + pa, &pte, 8);
    } else {
        uint32_t v = (uint32_t)pte;
        memcpy(win + pa, &v, 4);
    }
}

static uint64_t make_pte(uint64_t pa, uint64_t flags) { return ((pa >> 12) << 10) | flags; }

static uint64_t alloc_table(void)
{
    uint64_t pa = next_table;
    next_table += 4096;
    memset(win + pa, 0, 4096);
    return pa;
}

static uint64_t vpn(const Mode *m, uint64_t va, unsigned level)
{
    return (va >> (12 + level * m->vpn_bits)) & ((1u << m->vpn_bits) - 1);
}

/* Address of the PTE for va at `level` (0 = the 4 KiB level), creating
 * pointer PTEs on the way down. */
static uint64_t pte_addr(const Mode *m, uint64_t root, uint64_t va, unsigned level)
{
    uint64_t table = root;
    for (unsigned l = m->levels - 1; l > level; l--) {
        uint64_t at = table + vpn(m, va, l) * m->pte_size;
        uint64_t pte = pte_get(at, m);
        if (!(pte & V)) {
            pte = make_pte(alloc_table(), V);
            pte_set(at, m, pte);
        }
        table = ((pte >> 10) & ((1ull << 44) - 1)) << 12;
    }
    return table + vpn(m, va, level) * m->pte_size;
}

/* Map va -> pa with a leaf at `level`; returns the leaf PTE's address. */
static uint64_t map(const Mode *m, uint64_t root, uint64_t va, uint64_t pa, unsigned level, uint64_t flags)
{
    uint64_t at = pte_addr(m, root, va, level);
    pte_set(at, m, make_pte(pa, flags));
    return at;
}

static uint64_t use_sv39(void)
{
    uint64_t root = alloc_table();
    cpu.csr.satp = (8ull << 60) | (root >> 12);
    return root;
}

static uint64_t use_sv48(void)
{
    uint64_t root = alloc_table();
    cpu.csr.satp = (9ull << 60) | (root >> 12);
    return root;
}

static uint64_t use_sv32(void)
{
    uint64_t root = alloc_table();
    cpu.csr.satp = (1ull << 31) | (root >> 12);
    return root;
}

/* Translate and expect success at the given physical address. */
static void expect_pa(uint64_t va, RvAccess acc, uint64_t want)
{
    uint64_t pa = 0xbad;
    RvExit e = rv_translate(&cpu, va, acc, &pa);
    if (e != RV_EXIT_NONE)
        fail_msg("va %#llx access %d: exit %d, want translation to %#llx", (unsigned long long)va, (int)acc,
                 (int)e, (unsigned long long)want);
    assert_int_equal(pa, want);
}

static void expect_exit(uint64_t va, RvAccess acc, RvExit want)
{
    uint64_t pa = 0;
    RvExit e = rv_translate(&cpu, va, acc, &pa);
    if (e != want)
        fail_msg("va %#llx access %d: exit %d (pa %#llx), want exit %d", (unsigned long long)va, (int)acc, (int)e,
                 (unsigned long long)pa, (int)want);
}

/* all three page-fault kinds for an address */
static void expect_page_faults(uint64_t va)
{
    expect_exit(va, RV_ACC_FETCH, RV_EXIT_FETCH_PAGE_FAULT);
    expect_exit(va, RV_ACC_LOAD, RV_EXIT_LOAD_PAGE_FAULT);
    expect_exit(va, RV_ACC_STORE, RV_EXIT_STORE_PAGE_FAULT);
}

static void expect_all_pa(uint64_t va, uint64_t want)
{
    expect_pa(va, RV_ACC_FETCH, want);
    expect_pa(va, RV_ACC_LOAD, want);
    expect_pa(va, RV_ACC_STORE, want);
}

#define RWX (V | R | W | X | A | D)

/* ---- bare mode, M-mode ---- */

static void test_bare_mode_is_identity(void **state)
{
    (void)state;
    cpu.csr.satp = 0;
    for (unsigned priv = 0; priv <= 3; priv += (priv == 1 ? 2 : 1)) {
        cpu.csr.priv = priv;
        expect_all_pa(0x12345678, 0x12345678);
        /* Bare: no translation and no canonical-address check */
        expect_all_pa(0x0000004000000123ull, 0x0000004000000123ull);
        expect_all_pa(RAM_BASE + 0x10, RAM_BASE + 0x10);
    }
}

static void test_m_mode_is_not_translated(void **state)
{
    (void)state;
    use_sv39(); /* empty root: every translated access would fault */
    cpu.csr.priv = RV_PRIV_M;
    expect_all_pa(0x40203123, 0x40203123);
    expect_all_pa(0x0000004000000000ull, 0x0000004000000000ull);
    use_sv48();
    expect_all_pa(0x80001000, 0x80001000);
}

static void test_m_mode_rv32_is_not_translated(void **state)
{
    (void)state;
    use_sv32();
    cpu.csr.priv = RV_PRIV_M;
    expect_all_pa(0xfedcb123, 0xfedcb123);
}

/* ---- Sv39 ---- */

static void test_sv39_4k_page(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    uint64_t va = (1ull << 30) | (1ull << 21) | (3ull << 12); /* VPN 1/1/3 */
    map(&SV39, root, va, RAM_BASE + 0x10000, 0, RWX);
    expect_all_pa(va, RAM_BASE + 0x10000);
    expect_all_pa(va + 0x123, RAM_BASE + 0x10123);
    expect_all_pa(va + 0xfff, RAM_BASE + 0x10fff);
    /* the neighbouring pages are not mapped */
    expect_page_faults(va + 0x1000);
    expect_page_faults(va - 1);
}

static void test_sv39_2m_megapage(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    uint64_t va = (1ull << 30) | (2ull << 21); /* VPN[2]=1, VPN[1]=2 */
    uint64_t pa = 0x600000;                      /* 2 MiB aligned, in RAM */
    map(&SV39, root, va, pa, 1, RWX);
    /* offset = va[20:0] */
    expect_all_pa(va + 0x1abcde, pa + 0x1abcde);
    expect_all_pa(va + 0x1fffff, pa + 0x1fffff);
    expect_page_faults(va + 0x200000);
    /* the data really comes from there */
    win[pa + 0x12345] = 0x5a;
    uint64_t v = 0;
    assert_int_equal(rv_sys_load(&cpu, va + 0x12345, 1, &v), RV_EXIT_NONE);
    assert_int_equal(v, 0x5a);
}

static void test_sv39_1g_gigapage(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    /* VPN[2]=2 -> PA 0x40000000: offset = va[29:0] */
    map(&SV39, root, 0x80000000ull, 0x40000000ull, 2, RWX);
    expect_all_pa(0x80000000ull + 0x2345678, 0x42345678ull);
    expect_all_pa(0xbfffffffull, 0x7fffffffull);
    /* VPN[2]=3 -> PA 0: reach RAM through it */
    map(&SV39, root, 0xc0000000ull, 0, 2, RWX);
    expect_pa(0xc0000000ull + RAM_BASE + 0x40, RV_ACC_LOAD, RAM_BASE + 0x40);
    assert_int_equal(rv_sys_store(&cpu, 0xc0000000ull + RAM_BASE + 0x40, 4, 0xcafef00d), RV_EXIT_NONE);
    uint32_t w;
    memcpy(&w, win + RAM_BASE + 0x40, 4);
    assert_int_equal(w, 0xcafef00d);
}

static void test_sv39_high_half(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    /* VPN[2] = 0x100 is the lowest canonical address of the upper half */
    map(&SV39, root, 0xffffffc000000000ull, 0x80000000ull, 2, RWX);
    expect_all_pa(0xffffffc000000000ull + 0x1234, 0x80001234ull);
    /* VPN[2] = 0x1ff, 4 KiB page at the very top */
    map(&SV39, root, 0xfffffffffffff000ull, RAM_BASE + 0x3000, 0, RWX);
    expect_all_pa(0xffffffffffffffffull, RAM_BASE + 0x3fff);
}

static void test_sv39_non_canonical_faults(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    /* these tables would map the truncated 39-bit addresses: only the
     * canonical check can make the accesses fault */
    map(&SV39, root, 0xffffffc000000000ull, 0, 2, RWX); /* VPN[2] = 0x100 */
    map(&SV39, root, 0x0000000000000000ull, 0, 2, RWX); /* VPN[2] = 0 */
    map(&SV39, root, 0xffffffff80000000ull, 0, 2, RWX); /* VPN[2] = 0x1fe */
    expect_all_pa(0xffffffc000000000ull, 0);
    expect_all_pa(0x1000, 0x1000);
    /* bit 38 set, 63:39 clear */
    expect_page_faults(0x0000004000000000ull);
    /* bit 38 clear, 63:39 set */
    expect_page_faults(0xffffff8000001000ull);
    /* a single stray high bit */
    expect_page_faults(0x8000000000001000ull);
    expect_page_faults(0x0000008000001000ull);
    expect_page_faults(0x7fffffff80000000ull);
}

static void test_sv48_four_levels(void **state)
{
    (void)state;
    uint64_t root = use_sv48();
    uint64_t va = (1ull << 39) | (2ull << 30) | (3ull << 21) | (4ull << 12);
    uint64_t leaf = map(&SV48, root, va, RAM_BASE + 0x20000, 0, RWX);
    expect_all_pa(va + 0x765, RAM_BASE + 0x20765);
    /* four tables: root, level 2, level 1, level 0 */
    assert_int_equal(next_table, PT_AREA + 4 * 4096);
    assert_true(leaf >= PT_AREA + 3 * 4096);
    /* the same VPN[2..0] under another VPN[3] is not mapped */
    expect_page_faults(va ^ (1ull << 39) ^ (2ull << 39));
    /* bit 38 set with 63:39 clear is canonical in Sv48 (not in Sv39) */
    uint64_t va38 = 0x0000004000001000ull;
    map(&SV48, root, va38, RAM_BASE + 0x21000, 0, RWX);
    expect_all_pa(va38 + 8, RAM_BASE + 0x21008);
}

static void test_sv48_superpages(void **state)
{
    (void)state;
    uint64_t root = use_sv48();
    /* 512 GiB page at VPN[3] = 1: offset = va[38:0] */
    map(&SV48, root, 1ull << 39, 0, 3, RWX);
    expect_all_pa((1ull << 39) + 0x12345678ull + RAM_BASE, 0x12345678ull + RAM_BASE);
    expect_all_pa((1ull << 39) + 0x7fffffffffull, 0x7fffffffffull);
    /* 1 GiB and 2 MiB pages under VPN[3] = 2 */
    map(&SV48, root, (2ull << 39) | (5ull << 30), 0xc0000000ull, 2, RWX);
    expect_all_pa((2ull << 39) | (5ull << 30) | 0x3abcdef0ull, 0xfabcdef0ull);
    map(&SV48, root, (2ull << 39) | (6ull << 30) | (7ull << 21), 0x600000, 1, RWX);
    expect_all_pa((2ull << 39) | (6ull << 30) | (7ull << 21) | 0x1abcde, 0x7abcde);
}

static void test_sv48_non_canonical_faults(void **state)
{
    (void)state;
    uint64_t root = use_sv48();
    map(&SV48, root, 0xffff800000000000ull, 0, 3, RWX); /* VPN[3] = 0x100 */
    map(&SV48, root, 0, 0, 3, RWX);                     /* VPN[3] = 0 */
    expect_all_pa(0xffff800000000000ull + 0x10, 0x10);
    expect_page_faults(0x0000800000000000ull);   /* bit 47 set, 63:48 clear */
    expect_page_faults(0xffff000000001000ull);   /* bit 47 clear, 63:48 set */
    expect_page_faults(0x0001000000001000ull);   /* bit 48 */
}

/* ---- Sv32 ---- */

static void test_sv32_4k_page(void **state)
{
    (void)state;
    uint64_t root = use_sv32();
    uint64_t va = (1u << 22) | (5u << 12); /* VPN[1]=1, VPN[0]=5 */
    map(&SV32, root, va, RAM_BASE + 0x30000, 0, RWX);
    expect_all_pa(va + 0xabc, RAM_BASE + 0x30abc);
    expect_page_faults(va + 0x1000);
    /* the top of the 32-bit space */
    map(&SV32, root, 0xfffff000u, RAM_BASE + 0x31000, 0, RWX);
    expect_all_pa(0xffffffffu, RAM_BASE + 0x31fff);
}

static void test_sv32_4m_megapage(void **state)
{
    (void)state;
    uint64_t root = use_sv32();
    /* VPN[1] = 2 -> PA 0x800000 (4 MiB aligned): offset = va[21:0] */
    map(&SV32, root, 0x00800000u, 0x800000u, 1, RWX);
    expect_all_pa(0x00800000u + 0x3abcde, 0xbabcde);
    expect_all_pa(0x00bfffffu, 0xbfffff);
    win[0x800000 + 0x777] = 0xa5;
    uint64_t v = 0;
    assert_int_equal(rv_sys_load(&cpu, 0x00800777u, 1, &v), RV_EXIT_NONE);
    assert_int_equal(v, 0xa5);
}

static void test_sv32_34bit_physical(void **state)
{
    (void)state;
    uint64_t root = use_sv32();
    /* PPN is 22 bits: the physical address has 34 */
    map(&SV32, root, 0x00c01000u, 0x3fffff000ull, 0, RWX);
    expect_all_pa(0x00c01456u, 0x3fffff456ull);
    map(&SV32, root, 0x00c02000u, 0x100002000ull, 0, RWX);
    expect_all_pa(0x00c02010u, 0x100002010ull);
    /* a megapage above 4 GiB: PPN[1] = 0xc00 */
    map(&SV32, root, 0x01000000u, 0x300000000ull, 1, RWX);
    expect_all_pa(0x01000000u + 0x2fedcb, 0x3002fedcbull);
    /* the root itself may be above 4 GiB too: satp.PPN is 22 bits. Point
     * satp there (outside RAM): the walk must be an access fault, proving
     * the full PPN was used (a truncated one would land in RAM) */
    cpu.csr.satp = (1ull << 31) | (0x100000ull + (root >> 12));
    expect_exit(0x00c01456u, RV_ACC_LOAD, RV_EXIT_LOAD_FAULT);
}

static void test_sv32_misaligned_megapage(void **state)
{
    (void)state;
    uint64_t root = use_sv32();
    /* PPN[0] must be zero for a megapage */
    map(&SV32, root, 0x00800000u, 0x801000u, 1, RWX);
    expect_page_faults(0x00800000u);
    expect_page_faults(0x00812345u);
}

static void test_sv32_invalid_and_pointer_at_last_level(void **state)
{
    (void)state;
    uint64_t root = use_sv32();
    map(&SV32, root, 0x00401000u, RAM_BASE + 0x30000, 0, R | W | A | D); /* V = 0 */
    expect_page_faults(0x00401000u);
    map(&SV32, root, 0x00402000u, RAM_BASE + 0x30000, 0, V | W | A | D); /* W without R */
    expect_page_faults(0x00402000u);
    map(&SV32, root, 0x00403000u, PT_AREA, 0, V); /* pointer at level 0 */
    expect_page_faults(0x00403000u);
}

/* ---- PTE validity ---- */

static void test_invalid_pte_faults(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    uint64_t va = 0x40203000ull;
    /* V = 0, everything else set */
    map(&SV39, root, va, RAM_BASE + 0x10000, 0, R | W | X | U | A | D);
    expect_page_faults(va);
    /* V = 0 at an intermediate level */
    uint64_t va2 = 0x80000000ull;
    uint64_t at = pte_addr(&SV39, root, va2, 0);
    pte_set(at, &SV39, make_pte(RAM_BASE + 0x10000, RWX));
    uint64_t l2 = root + vpn(&SV39, va2, 2) * 8;
    pte_set(l2, &SV39, pte_get(l2, &SV39) & ~(uint64_t)V);
    expect_page_faults(va2);
}

static void test_write_without_read_faults(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    map(&SV39, root, 0x40203000ull, RAM_BASE + 0x10000, 0, V | W | A | D);
    expect_page_faults(0x40203000ull);
    map(&SV39, root, 0x40204000ull, RAM_BASE + 0x10000, 0, V | W | X | A | D);
    expect_page_faults(0x40204000ull);
    /* W without R as a would-be pointer at an upper level is reserved too */
    pte_set(root + 3 * 8, &SV39, make_pte(PT_AREA, V | W));
    expect_page_faults(0xc0000000ull);
}

static void test_pointer_at_last_level_faults(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    /* level-0 PTE with R = W = X = 0 names another table: no level below */
    uint64_t other = alloc_table();
    pte_set(other, &SV39, make_pte(RAM_BASE + 0x10000, RWX)); /* would be hit by VPN 0 */
    map(&SV39, root, 0x40000000ull, other, 0, V);
    expect_page_faults(0x40000000ull);
    /* the same in Sv48 */
    root = use_sv48();
    map(&SV48, root, 0x40000000ull, other, 0, V);
    expect_page_faults(0x40000000ull);
}

static void test_misaligned_superpage_faults(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    /* 2 MiB page whose PPN[0] is not zero */
    map(&SV39, root, 0x40400000ull, 0x601000ull, 1, RWX);
    expect_page_faults(0x40400000ull);
    expect_page_faults(0x40412345ull);
    /* 1 GiB page whose PPN[1] is not zero */
    map(&SV39, root, 0x80000000ull, 0x40200000ull, 2, RWX);
    expect_page_faults(0x80000000ull);
    /* 1 GiB page whose PPN[0] is not zero */
    map(&SV39, root, 0xc0000000ull, 0x40001000ull, 2, RWX);
    expect_page_faults(0xc0000000ull);
    /* aligned ones are fine */
    map(&SV39, root, 0x40600000ull, 0x600000ull, 1, RWX);
    expect_all_pa(0x40600010ull, 0x600010ull);
}

static void test_reserved_high_bits_fault(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    uint64_t va = 0x40203000ull;
    uint64_t at = map(&SV39, root, va, RAM_BASE + 0x10000, 0, RWX);
    uint64_t good = pte_get(at, &SV39);
    expect_all_pa(va, RAM_BASE + 0x10000);
    static const unsigned bits[] = { 54, 55, 58, 60, 61, 62, 63 };
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        pte_set(at, &SV39, good | (1ull << bits[i]));
        expect_page_faults(va);
    }
    /* RSW (bits 9:8) are for software and ignored */
    pte_set(at, &SV39, good | (3ull << 8));
    expect_all_pa(va, RAM_BASE + 0x10000);
    /* bits 63:54 of a pointer PTE */
    pte_set(at, &SV39, good);
    uint64_t l2 = root + vpn(&SV39, va, 2) * 8;
    uint64_t ptr = pte_get(l2, &SV39);
    pte_set(l2, &SV39, ptr | (1ull << 63));
    expect_page_faults(va);
    pte_set(l2, &SV39, ptr);
    expect_all_pa(va, RAM_BASE + 0x10000);
}

/* ---- permissions ---- */

static void test_permissions_rwx(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    uint64_t r = 0x40001000ull, rw = 0x40002000ull, x = 0x40003000ull, rx = 0x40004000ull, rwx = 0x40005000ull;
    map(&SV39, root, r, RAM_BASE + 0x11000, 0, V | R | A | D);
    map(&SV39, root, rw, RAM_BASE + 0x12000, 0, V | R | W | A | D);
    map(&SV39, root, x, RAM_BASE + 0x13000, 0, V | X | A | D);
    map(&SV39, root, rx, RAM_BASE + 0x14000, 0, V | R | X | A | D);
    map(&SV39, root, rwx, RAM_BASE + 0x15000, 0, RWX);

    expect_pa(r, RV_ACC_LOAD, RAM_BASE + 0x11000);
    expect_exit(r, RV_ACC_STORE, RV_EXIT_STORE_PAGE_FAULT);
    expect_exit(r, RV_ACC_FETCH, RV_EXIT_FETCH_PAGE_FAULT);

    expect_pa(rw, RV_ACC_LOAD, RAM_BASE + 0x12000);
    expect_pa(rw, RV_ACC_STORE, RAM_BASE + 0x12000);
    expect_exit(rw, RV_ACC_FETCH, RV_EXIT_FETCH_PAGE_FAULT);

    expect_pa(x, RV_ACC_FETCH, RAM_BASE + 0x13000);
    expect_exit(x, RV_ACC_LOAD, RV_EXIT_LOAD_PAGE_FAULT);
    expect_exit(x, RV_ACC_STORE, RV_EXIT_STORE_PAGE_FAULT);

    expect_pa(rx, RV_ACC_FETCH, RAM_BASE + 0x14000);
    expect_pa(rx, RV_ACC_LOAD, RAM_BASE + 0x14000);
    expect_exit(rx, RV_ACC_STORE, RV_EXIT_STORE_PAGE_FAULT);

    expect_all_pa(rwx, RAM_BASE + 0x15000);

    /* MXR: loads from executable pages succeed; stores and fetches unchanged */
    cpu.csr.mstatus |= RV_MSTATUS_MXR;
    expect_pa(x, RV_ACC_LOAD, RAM_BASE + 0x13000);
    expect_exit(x, RV_ACC_STORE, RV_EXIT_STORE_PAGE_FAULT);
    expect_pa(r, RV_ACC_LOAD, RAM_BASE + 0x11000);
    expect_exit(rw, RV_ACC_FETCH, RV_EXIT_FETCH_PAGE_FAULT);
}

static void test_user_pages(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    uint64_t upage = 0x40001000ull, spage = 0x40002000ull;
    map(&SV39, root, upage, RAM_BASE + 0x11000, 0, RWX | U);
    map(&SV39, root, spage, RAM_BASE + 0x12000, 0, RWX);

    /* U-mode: U pages fine, others fault whatever SUM says */
    cpu.csr.priv = RV_PRIV_U;
    expect_all_pa(upage + 4, RAM_BASE + 0x11004);
    expect_page_faults(spage);
    cpu.csr.mstatus |= RV_MSTATUS_SUM;
    expect_page_faults(spage);

    /* S-mode without SUM: U pages fault for everything */
    cpu.csr.priv = RV_PRIV_S;
    cpu.csr.mstatus &= ~RV_MSTATUS_SUM;
    expect_page_faults(upage);
    expect_all_pa(spage + 8, RAM_BASE + 0x12008);
    /* with SUM: loads and stores allowed, fetches still fault */
    cpu.csr.mstatus |= RV_MSTATUS_SUM;
    expect_pa(upage, RV_ACC_LOAD, RAM_BASE + 0x11000);
    expect_pa(upage, RV_ACC_STORE, RAM_BASE + 0x11000);
    expect_exit(upage, RV_ACC_FETCH, RV_EXIT_FETCH_PAGE_FAULT);
    expect_all_pa(spage, RAM_BASE + 0x12000);
}

static void test_user_permissions_still_apply(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    map(&SV39, root, 0x40001000ull, RAM_BASE + 0x11000, 0, V | R | U | A | D);
    cpu.csr.priv = RV_PRIV_U;
    expect_pa(0x40001000ull, RV_ACC_LOAD, RAM_BASE + 0x11000);
    expect_exit(0x40001000ull, RV_ACC_STORE, RV_EXIT_STORE_PAGE_FAULT);
    expect_exit(0x40001000ull, RV_ACC_FETCH, RV_EXIT_FETCH_PAGE_FAULT);
    cpu.csr.priv = RV_PRIV_S;
    cpu.csr.mstatus |= RV_MSTATUS_SUM;
    expect_exit(0x40001000ull, RV_ACC_STORE, RV_EXIT_STORE_PAGE_FAULT);
}

static void test_mprv(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    uint64_t spage = 0x40002000ull, upage = 0x40001000ull;
    map(&SV39, root, upage, RAM_BASE + 0x11000, 0, RWX | U);
    map(&SV39, root, spage, RAM_BASE + 0x12000, 0, RWX);
    cpu.csr.priv = RV_PRIV_M;

    /* MPRV = 1, MPP = S: loads and stores translate as S, fetches do not */
    cpu.csr.mstatus |= RV_MSTATUS_MPRV | ((uint64_t)RV_PRIV_S << 11);
    expect_pa(spage + 0x10, RV_ACC_LOAD, RAM_BASE + 0x12010);
    expect_pa(spage + 0x10, RV_ACC_STORE, RAM_BASE + 0x12010);
    expect_pa(spage + 0x10, RV_ACC_FETCH, spage + 0x10);
    /* S rules: a U page needs SUM */
    expect_exit(upage, RV_ACC_LOAD, RV_EXIT_LOAD_PAGE_FAULT);
    cpu.csr.mstatus |= RV_MSTATUS_SUM;
    expect_pa(upage, RV_ACC_LOAD, RAM_BASE + 0x11000);
    cpu.csr.mstatus &= ~RV_MSTATUS_SUM;
    /* unmapped: a page fault, not a pass-through */
    expect_exit(0x40003000ull, RV_ACC_LOAD, RV_EXIT_LOAD_PAGE_FAULT);
    expect_exit(0x40003000ull, RV_ACC_STORE, RV_EXIT_STORE_PAGE_FAULT);
    expect_pa(0x40003000ull, RV_ACC_FETCH, 0x40003000ull);

    /* MPP = U: U rules */
    cpu.csr.mstatus &= ~RV_MSTATUS_MPP;
    expect_pa(upage + 4, RV_ACC_LOAD, RAM_BASE + 0x11004);
    expect_exit(spage, RV_ACC_LOAD, RV_EXIT_LOAD_PAGE_FAULT);
    expect_exit(spage, RV_ACC_STORE, RV_EXIT_STORE_PAGE_FAULT);
    expect_pa(spage, RV_ACC_FETCH, spage);

    /* MPP = M: no translation */
    cpu.csr.mstatus |= RV_MSTATUS_MPP;
    expect_all_pa(0x40003000ull, 0x40003000ull);

    /* MPRV = 0: M-mode loads are not translated whatever MPP says */
    cpu.csr.mstatus &= ~(RV_MSTATUS_MPRV | RV_MSTATUS_MPP);
    expect_all_pa(spage, spage);

    /* MPRV only affects M-mode: in S-mode with MPP = U, S rules apply */
    cpu.csr.priv = RV_PRIV_S;
    cpu.csr.mstatus |= RV_MSTATUS_MPRV;
    expect_pa(spage, RV_ACC_LOAD, RAM_BASE + 0x12000);
}

/* ---- A and D ---- */

static void test_accessed_and_dirty_bits(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    uint64_t va_l = 0x40001000ull, va_s = 0x40002000ull, va_f = 0x40003000ull;
    uint64_t pl = map(&SV39, root, va_l, RAM_BASE + 0x11000, 0, V | R | W | X);
    uint64_t ps = map(&SV39, root, va_s, RAM_BASE + 0x12000, 0, V | R | W | X);
    uint64_t pf = map(&SV39, root, va_f, RAM_BASE + 0x13000, 0, V | R | W | X);
    uint64_t l2 = root + vpn(&SV39, va_l, 2) * 8;
    uint64_t l2_before = pte_get(l2, &SV39);

    expect_pa(va_l, RV_ACC_LOAD, RAM_BASE + 0x11000);
    assert_int_equal(pte_get(pl, &SV39), make_pte(RAM_BASE + 0x11000, V | R | W | X | A));

    expect_pa(va_s, RV_ACC_STORE, RAM_BASE + 0x12000);
    assert_int_equal(pte_get(ps, &SV39), make_pte(RAM_BASE + 0x12000, V | R | W | X | A | D));

    expect_pa(va_f, RV_ACC_FETCH, RAM_BASE + 0x13000);
    assert_int_equal(pte_get(pf, &SV39), make_pte(RAM_BASE + 0x13000, V | R | W | X | A));

    /* a later store to the loaded page sets D */
    expect_pa(va_l, RV_ACC_STORE, RAM_BASE + 0x11000);
    assert_int_equal(pte_get(pl, &SV39), make_pte(RAM_BASE + 0x11000, V | R | W | X | A | D));

    /* non-leaf PTEs: A/D/U reserved, not set by the walk */
    assert_int_equal(pte_get(l2, &SV39), l2_before);

    /* a faulting access does not set A (the access did not happen) */
    uint64_t pr = map(&SV39, root, 0x40004000ull, RAM_BASE + 0x14000, 0, V | R);
    expect_exit(0x40004000ull, RV_ACC_STORE, RV_EXIT_STORE_PAGE_FAULT);
    assert_int_equal(pte_get(pr, &SV39), make_pte(RAM_BASE + 0x14000, V | R));

    /* through rv_sys_load / rv_sys_store as well */
    uint64_t p2 = map(&SV39, root, 0x40005000ull, RAM_BASE + 0x15000, 0, V | R | W);
    uint64_t v;
    assert_int_equal(rv_sys_load(&cpu, 0x40005008ull, 8, &v), RV_EXIT_NONE);
    assert_int_equal(pte_get(p2, &SV39) & (A | D), A);
    assert_int_equal(rv_sys_store(&cpu, 0x40005008ull, 8, 1), RV_EXIT_NONE);
    assert_int_equal(pte_get(p2, &SV39) & (A | D), A | D);
}

static void test_accessed_and_dirty_bits_sv32(void **state)
{
    (void)state;
    uint64_t root = use_sv32();
    uint64_t p1 = map(&SV32, root, 0x00401000u, RAM_BASE + 0x11000, 0, V | R | W);
    uint64_t p2 = map(&SV32, root, 0x00402000u, RAM_BASE + 0x12000, 0, V | R | W);
    /* 4-byte PTEs: neighbours are untouched */
    expect_pa(0x00401000u, RV_ACC_LOAD, RAM_BASE + 0x11000);
    assert_int_equal(pte_get(p1, &SV32), make_pte(RAM_BASE + 0x11000, V | R | W | A));
    assert_int_equal(pte_get(p2, &SV32), make_pte(RAM_BASE + 0x12000, V | R | W));
    expect_pa(0x00402000u, RV_ACC_STORE, RAM_BASE + 0x12000);
    assert_int_equal(pte_get(p2, &SV32), make_pte(RAM_BASE + 0x12000, V | R | W | A | D));
    assert_int_equal(pte_get(p1, &SV32), make_pte(RAM_BASE + 0x11000, V | R | W | A));
}

/* ---- access faults vs page faults ---- */

static void test_pte_outside_ram_is_access_fault(void **state)
{
    (void)state;
    /* root table below RAM (PROT_NONE on the host) */
    cpu.csr.satp = (8ull << 60) | (0x1000 >> 12);
    expect_exit(0x40001000ull, RV_ACC_FETCH, RV_EXIT_FETCH_FAULT);
    expect_exit(0x40001000ull, RV_ACC_LOAD, RV_EXIT_LOAD_FAULT);
    expect_exit(0x40001000ull, RV_ACC_STORE, RV_EXIT_STORE_FAULT);
    /* root table far beyond the window */
    cpu.csr.satp = (9ull << 60) | (1ull << 30);
    expect_exit(0x40001000ull, RV_ACC_LOAD, RV_EXIT_LOAD_FAULT);
    /* a root table just past the end of RAM */
    cpu.csr.satp = (8ull << 60) | ((RAM_BASE + RAM_SIZE) >> 12);
    expect_exit(0, RV_ACC_STORE, RV_EXIT_STORE_FAULT);

    /* a pointer PTE in the middle of the walk names a table outside RAM */
    uint64_t root = use_sv39();
    pte_set(root + 1 * 8, &SV39, make_pte(0x2000, V));
    expect_exit(0x40001000ull, RV_ACC_FETCH, RV_EXIT_FETCH_FAULT);
    expect_exit(0x40001000ull, RV_ACC_LOAD, RV_EXIT_LOAD_FAULT);
    expect_exit(0x40001000ull, RV_ACC_STORE, RV_EXIT_STORE_FAULT);

    /* Sv32 as well */
    reset(32);
    cpu.csr.satp = (1ull << 31) | (0x3000 >> 12);
    expect_exit(0x00401000u, RV_ACC_LOAD, RV_EXIT_LOAD_FAULT);
    expect_exit(0x00401000u, RV_ACC_FETCH, RV_EXIT_FETCH_FAULT);
}

static void test_leaf_outside_ram_translates_but_access_faults(void **state)
{
    (void)state;
    /* translation itself succeeds (the PTE is in RAM); the access to the
     * physical address is what fails, as an access fault */
    uint64_t root = use_sv39();
    map(&SV39, root, 0x40001000ull, 0x2000, 0, RWX);
    expect_all_pa(0x40001010ull, 0x2010);
    uint64_t v = 0;
    assert_int_equal(rv_sys_load(&cpu, 0x40001010ull, 4, &v), RV_EXIT_LOAD_FAULT);
    assert_int_equal(cpu.tval, 0x40001010ull);
    assert_int_equal(rv_sys_store(&cpu, 0x40001018ull, 8, 5), RV_EXIT_STORE_FAULT);
    assert_int_equal(cpu.tval, 0x40001018ull);
}

static void test_sys_load_store_fault_kinds(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    map(&SV39, root, 0x40001000ull, RAM_BASE + 0x11000, 0, V | R | A);
    uint64_t v = 0x77;
    assert_int_equal(rv_sys_load(&cpu, 0x40009000ull, 8, &v), RV_EXIT_LOAD_PAGE_FAULT);
    assert_int_equal(cpu.tval, 0x40009000ull);
    assert_int_equal(v, 0x77);
    assert_int_equal(rv_sys_store(&cpu, 0x40001004ull, 4, 1), RV_EXIT_STORE_PAGE_FAULT);
    assert_int_equal(cpu.tval, 0x40001004ull);
    assert_int_equal(win[RAM_BASE + 0x11004], 0);
    /* bare mode outside RAM */
    cpu.csr.satp = 0;
    assert_int_equal(rv_sys_load(&cpu, 0x1000, 8, &v), RV_EXIT_LOAD_FAULT);
    assert_int_equal(cpu.tval, 0x1000);
    assert_int_equal(rv_sys_store(&cpu, RAM_BASE + RAM_SIZE, 1, 1), RV_EXIT_STORE_FAULT);
    assert_int_equal(cpu.tval, RAM_BASE + RAM_SIZE);
    /* the last bytes of RAM are fine, one past is not */
    assert_int_equal(rv_sys_store(&cpu, RAM_BASE + RAM_SIZE - 8, 8, 0x0102030405060708ull), RV_EXIT_NONE);
    assert_int_equal(rv_sys_load(&cpu, RAM_BASE + RAM_SIZE - 8, 8, &v), RV_EXIT_NONE);
    assert_int_equal(v, 0x0102030405060708ull);
    assert_int_equal(rv_sys_load(&cpu, RAM_BASE + RAM_SIZE - 7, 8, &v), RV_EXIT_LOAD_FAULT);
    memset(win + RAM_BASE + RAM_SIZE - 8, 0, 8);
}

/* ---- accesses across a page boundary ---- */

static void test_straddling_access_split_pages(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    uint64_t p0 = 0x40203000ull, p1 = 0x40204000ull;
    uint64_t pa0 = RAM_BASE + 0x50000, pa1 = RAM_BASE + 0x30000; /* not contiguous, reversed */
    map(&SV39, root, p0, pa0, 0, RWX);
    map(&SV39, root, p1, pa1, 0, RWX);

    assert_int_equal(rv_sys_store(&cpu, p0 + 0xffd, 8, 0x1122334455667788ull), RV_EXIT_NONE);
    static const uint8_t lo[3] = { 0x88, 0x77, 0x66 }, hi[5] = { 0x55, 0x44, 0x33, 0x22, 0x11 };
    assert_memory_equal(win + pa0 + 0xffd, lo, 3);
    assert_memory_equal(win + pa1, hi, 5);
    /* nothing written around them, nor at the "contiguous" addresses */
    assert_int_equal(win[pa0 + 0xffc], 0);
    assert_int_equal(win[pa1 + 5], 0);
    assert_int_equal(win[pa0 + 0x1000], 0);

    uint64_t v = 0;
    assert_int_equal(rv_sys_load(&cpu, p0 + 0xffd, 8, &v), RV_EXIT_NONE);
    assert_int_equal(v, 0x1122334455667788ull);
    assert_int_equal(rv_sys_load(&cpu, p0 + 0xfff, 2, &v), RV_EXIT_NONE);
    assert_int_equal(v, 0x5566);
    assert_int_equal(rv_sys_load(&cpu, p0 + 0xffe, 4, &v), RV_EXIT_NONE);
    assert_int_equal(v, 0x44556677);

    /* 4-byte store split 1 + 3 */
    assert_int_equal(rv_sys_store(&cpu, p0 + 0xfff, 4, 0xa1b2c3d4), RV_EXIT_NONE);
    assert_int_equal(win[pa0 + 0xfff], 0xd4);
    assert_int_equal(win[pa1 + 0], 0xc3);
    assert_int_equal(win[pa1 + 1], 0xb2);
    assert_int_equal(win[pa1 + 2], 0xa1);
    assert_int_equal(win[pa1 + 3], 0x22); /* from the first store */
}

static void test_straddling_access_sv32(void **state)
{
    (void)state;
    uint64_t root = use_sv32();
    uint64_t p0 = 0x00405000u, p1 = 0x00406000u;
    uint64_t pa0 = RAM_BASE + 0x50000, pa1 = RAM_BASE + 0x30000;
    map(&SV32, root, p0, pa0, 0, RWX);
    map(&SV32, root, p1, pa1, 0, RWX);
    assert_int_equal(rv_sys_store(&cpu, p0 + 0xffe, 4, 0xdeadbeef), RV_EXIT_NONE);
    assert_int_equal(win[pa0 + 0xffe], 0xef);
    assert_int_equal(win[pa0 + 0xfff], 0xbe);
    assert_int_equal(win[pa1 + 0], 0xad);
    assert_int_equal(win[pa1 + 1], 0xde);
    uint64_t v = 0;
    assert_int_equal(rv_sys_load(&cpu, p0 + 0xffe, 4, &v), RV_EXIT_NONE);
    assert_int_equal(v, 0xdeadbeef);
}

static void test_straddling_access_second_page_faults(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    uint64_t p0 = 0x40203000ull, p1 = 0x40204000ull, p2 = 0x40205000ull;
    map(&SV39, root, p0, RAM_BASE + 0x50000, 0, RWX);
    /* p1 unmapped */
    map(&SV39, root, p2, RAM_BASE + 0x51000, 0, V | R | A); /* read-only */
    uint64_t p3 = 0x40206000ull;
    map(&SV39, root, p3, 0x2000, 0, RWX); /* p3 -> outside RAM */
    uint64_t v = 0x99;

    /* mtval = the virtual address of the portion that faulted (3.1.16) */
    assert_int_equal(rv_sys_load(&cpu, p0 + 0xffc, 8, &v), RV_EXIT_LOAD_PAGE_FAULT);
    assert_int_equal(cpu.tval, p1);
    assert_int_equal(v, 0x99);
    assert_int_equal(rv_sys_store(&cpu, p0 + 0xffa, 8, 0), RV_EXIT_STORE_PAGE_FAULT);
    assert_int_equal(cpu.tval, p1);

    /* first page faults: tval = the start of the access */
    assert_int_equal(rv_sys_load(&cpu, p1 + 0xffe, 4, &v), RV_EXIT_LOAD_PAGE_FAULT);
    assert_int_equal(cpu.tval, p1 + 0xffe);

    /* second page readable but not writable */
    map(&SV39, root, p1, RAM_BASE + 0x52000, 0, RWX);
    assert_int_equal(rv_sys_load(&cpu, p1 + 0xffe, 4, &v), RV_EXIT_NONE);
    assert_int_equal(rv_sys_store(&cpu, p1 + 0xffe, 4, 0x12345678), RV_EXIT_STORE_PAGE_FAULT);
    assert_int_equal(cpu.tval, p2);

    /* second page maps outside RAM: access fault, tval = its start */
    assert_int_equal(rv_sys_load(&cpu, p2 + 0xffd, 8, &v), RV_EXIT_LOAD_FAULT);
    assert_int_equal(cpu.tval, p3);
}

/* ---- atomics ---- */

static void test_atomic_ptr_permissions(void **state)
{
    (void)state;
    uint64_t root = use_sv39();
    map(&SV39, root, 0x40001000ull, RAM_BASE + 0x11000, 0, V | R | A);
    map(&SV39, root, 0x40002000ull, RAM_BASE + 0x12000, 0, V | R | W | A);
    void *host = NULL;
    uint64_t pa = 0;
    /* LR needs read permission only */
    assert_int_equal(rv_sys_atomic_ptr(&cpu, 0x40001008ull, 8, true, &host, &pa), RV_EXIT_NONE);
    assert_int_equal(pa, RAM_BASE + 0x11008);
    assert_ptr_equal(host, win + RAM_BASE + 0x11008);
    /* SC/AMO fault as stores (4.3.1: store/AMO page fault) */
    assert_int_equal(rv_sys_atomic_ptr(&cpu, 0x40001008ull, 8, false, &host, &pa), RV_EXIT_STORE_PAGE_FAULT);
    assert_int_equal(cpu.tval, 0x40001008ull);
    assert_int_equal(rv_sys_atomic_ptr(&cpu, 0x40002010ull, 4, false, &host, &pa), RV_EXIT_NONE);
    assert_int_equal(pa, RAM_BASE + 0x12010);
    assert_int_equal(rv_sys_atomic_ptr(&cpu, 0x40003000ull, 4, true, &host, &pa), RV_EXIT_LOAD_PAGE_FAULT);
    assert_int_equal(cpu.tval, 0x40003000ull);
}

#define T64(f) cmocka_unit_test_setup_teardown(f, setup64, teardown)
#define T32(f) cmocka_unit_test_setup_teardown(f, setup32, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T64(test_bare_mode_is_identity),
        T64(test_m_mode_is_not_translated),
        T32(test_m_mode_rv32_is_not_translated),
        T64(test_sv39_4k_page),
        T64(test_sv39_2m_megapage),
        T64(test_sv39_1g_gigapage),
        T64(test_sv39_high_half),
        T64(test_sv39_non_canonical_faults),
        T64(test_sv48_four_levels),
        T64(test_sv48_superpages),
        T64(test_sv48_non_canonical_faults),
        T32(test_sv32_4k_page),
        T32(test_sv32_4m_megapage),
        T32(test_sv32_34bit_physical),
        T32(test_sv32_misaligned_megapage),
        T32(test_sv32_invalid_and_pointer_at_last_level),
        T64(test_invalid_pte_faults),
        T64(test_write_without_read_faults),
        T64(test_pointer_at_last_level_faults),
        T64(test_misaligned_superpage_faults),
        T64(test_reserved_high_bits_fault),
        T64(test_permissions_rwx),
        T64(test_user_pages),
        T64(test_user_permissions_still_apply),
        T64(test_mprv),
        T64(test_accessed_and_dirty_bits),
        T32(test_accessed_and_dirty_bits_sv32),
        T64(test_pte_outside_ram_is_access_fault),
        T64(test_leaf_outside_ram_translates_but_access_faults),
        T64(test_sys_load_store_fault_kinds),
        T64(test_straddling_access_split_pages),
        T32(test_straddling_access_sv32),
        T64(test_straddling_access_second_page_faults),
        T64(test_atomic_ptr_permissions),
    };
    return cmocka_run_group_tests_name("rv_mmu", tests, group_setup, group_teardown);
}
