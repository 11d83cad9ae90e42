/*
 * Cached code follows the current mapping of its virtual page. Ferry keeps
 * decoded and translated blocks by (virtual pc, privilege, physical address
 * of the code) across sfence.vma and satp writes, finds the block for the
 * physical page that pc maps to now at each lookup, and chains translated
 * blocks directly only within one page. Checked here, in S-mode with Sv39:
 * one virtual code page V remapped between two physical pages holding
 * different functions (after sfence.vma, also unmapped in between); two page
 * tables that map V differently, switched by satp; code on the page before V
 * that enters V by a direct jal, a taken branch and by falling through, with
 * V remapped under it; a 32-bit instruction straddling two pages whose
 * second page is remapped. Every call's result shows which code ran. Run with
 * the default JIT threshold, --jit-threshold 1 and --interp.
 *
 * The kernel stays identity-mapped by gigapages (0-1 GiB devices, 2-3 GiB
 * RAM); the test pages are 4 KiB pages at 0x4000_0000 (root entry 1).
 */
#include "rt.h"

#define PTE_V 0x01ul
#define PTE_R 0x02ul
#define PTE_W 0x04ul
#define PTE_X 0x08ul
#define PTE_A 0x40ul
#define PTE_D 0x80ul
#define PTE_AD (PTE_A | PTE_D)
#define PTE_CODE (PTE_R | PTE_X | PTE_AD)

#define SATP_SV39 (8ul << 60)
#define CAUSE_FETCH_PAGE 12

#define TEST_VA 0x40000000ul /* root entry 1, L1 entry 0, L0 entries 0.. */
/* L0 entries (virtual pages) of the test region */
enum { VP_JUMPER, VP_CODE, VP_TAIL, VP_HEAD };
#define VA(n) (TEST_VA + (uintptr_t)(n) * 4096)

/* the physical code pages */
enum { P_111, P_222, P_JUMPER, P_TAIL, P_333, P_444, NPAGES };
static uint32_t pages[NPAGES][1024] __attribute__((aligned(4096)));
#define PA(p) ((uintptr_t)pages[p])

/* two address spaces: root, L1 and L0 tables each */
static uint64_t tables[2][3][512] __attribute__((aligned(4096)));
enum { AS_A, AS_B };

/* ---- instruction encodings ---- */
static uint32_t addi_a0_zero(int imm) { return (uint32_t)(imm & 0xfff) << 20 | 10u << 7 | 0x13; }
#define RET 0x00008067u /* jalr zero, 0(ra) */

static uint32_t jal_zero(long off)
{
    uint32_t o = (uint32_t)off;
    return ((o >> 20) & 1) << 31 | ((o >> 1) & 0x3ff) << 21 | ((o >> 11) & 1) << 20 | ((o >> 12) & 0xff) << 12 | 0x6f;
}

static uint32_t beq_zero_zero(long off)
{
    uint32_t o = (uint32_t)off;
    return ((o >> 12) & 1) << 31 | ((o >> 5) & 0x3f) << 25 | ((o >> 1) & 0xf) << 8 | ((o >> 11) & 1) << 7 | 0x63;
}

/* entry points on the jumper page (offsets) */
#define J_JAL 0      /* li a0, 0; jal zero, V */
#define J_BEQ 16     /* li a0, 0; beq zero, zero, V */
#define J_FALL 4092  /* li a0, 0; falls through into V */
#define TAIL_OFF 4094 /* first half of li a0, 333/444; the rest on VP_HEAD */

static void write_code(void)
{
    pages[P_111][0] = addi_a0_zero(111);
    pages[P_111][1] = RET;
    pages[P_222][0] = addi_a0_zero(222);
    pages[P_222][1] = RET;

    uint32_t *j = pages[P_JUMPER];
    j[J_JAL / 4] = addi_a0_zero(0);
    j[J_JAL / 4 + 1] = jal_zero((long)(VA(VP_CODE) - (VA(VP_JUMPER) + J_JAL + 4)));
    j[J_BEQ / 4] = addi_a0_zero(0);
    j[J_BEQ / 4 + 1] = beq_zero_zero((long)(VA(VP_CODE) - (VA(VP_JUMPER) + J_BEQ + 4)));
    j[J_FALL / 4] = addi_a0_zero(0);

    /* li a0, N straddling VP_TAIL's end: low half on the tail page, high
     * half (imm << 4, rs1 = zero) at the start of the head page, then ret */
    uint16_t *t = (uint16_t *)pages[P_TAIL];
    t[TAIL_OFF / 2] = (uint16_t)addi_a0_zero(333);
    uint16_t *h = (uint16_t *)pages[P_333];
    h[0] = (uint16_t)(addi_a0_zero(333) >> 16);
    h[1] = (uint16_t)RET;
    h[2] = (uint16_t)(RET >> 16);
    h = (uint16_t *)pages[P_444];
    h[0] = (uint16_t)(addi_a0_zero(444) >> 16);
    h[1] = (uint16_t)RET;
    h[2] = (uint16_t)(RET >> 16);
    fence_i();
}

/* ---- page tables ---- */
static uint64_t leaf(uintptr_t pa, uint64_t flags) { return (pa >> 12) << 10 | flags | PTE_V; }
static uint64_t branch(const uint64_t *table) { return ((uintptr_t)table >> 12) << 10 | PTE_V; }
static volatile uint64_t *l0(unsigned as) { return tables[as][2]; }

static void build(unsigned as, unsigned code_page)
{
    uint64_t *root = tables[as][0], *l1 = tables[as][1], *t0 = tables[as][2];
    memset(tables[as], 0, sizeof tables[as]);
    root[0] = leaf(0, PTE_R | PTE_W | PTE_AD);                   /* devices */
    root[1] = branch(l1);
    root[2] = leaf(RAM_BASE, PTE_R | PTE_W | PTE_X | PTE_AD);    /* kernel */
    l1[0] = branch(t0);
    t0[VP_JUMPER] = leaf(PA(P_JUMPER), PTE_CODE);
    t0[VP_CODE] = leaf(PA(code_page), PTE_CODE);
    t0[VP_TAIL] = leaf(PA(P_TAIL), PTE_CODE);
    t0[VP_HEAD] = leaf(PA(P_333), PTE_CODE);
}

static unsigned long satp_of(unsigned as) { return SATP_SV39 | (uintptr_t)tables[as][0] >> 12; }

static void use_as(unsigned as)
{
    csr_write(satp, satp_of(as));
    sfence_vma();
}

/* address space A: point virtual page vp at physical page p */
static void map(unsigned vp, unsigned p)
{
    l0(AS_A)[vp] = leaf(PA(p), PTE_CODE);
    sfence_vma();
}

/* ---- calls ---- */
typedef long (*Fn)(void);

/* results that differ from `want` in n calls of va */
struct Tally {
    unsigned calls, wrong;
    long first_got, first_want;
};

static void call_n(struct Tally *t, uintptr_t va, unsigned n, long want)
{
    Fn f = (Fn)va;
    for (unsigned i = 0; i < n; i++) {
        long got = f();
        t->calls++;
        if (got != want && t->wrong++ == 0) {
            t->first_got = got;
            t->first_want = want;
        }
    }
}

static void report(const char *name, const struct Tally *t)
{
    checkf(t->wrong == 0, name, "%u of %u calls wrong, first got %ld expected %ld", t->wrong, t->calls,
           t->first_got, t->first_want);
}

static void check_calls(const char *name, uintptr_t va, unsigned n, long want)
{
    struct Tally t = { 0 };
    call_n(&t, va, n, want);
    report(name, &t);
}

/* ---- the checks ---- */

static void remap_pte(void)
{
    uintptr_t v = VA(VP_CODE);
    map(VP_CODE, P_111);
    check_calls("remap: V -> P1 runs P1's code (100 calls)", v, 100, 111);
    map(VP_CODE, P_222);
    check_calls("remap: V -> P2 after sfence.vma runs P2's code (100 calls)", v, 100, 222);
    map(VP_CODE, P_111);
    check_calls("remap: V -> P1 again runs P1's code (100 calls)", v, 100, 111);

    /* both blocks hot and cached: alternate, sfence.vma with and without
     * the address */
    struct Tally t = { 0 };
    for (unsigned round = 0; round < 40; round++) {
        unsigned p = round & 1 ? P_222 : P_111;
        l0(AS_A)[VP_CODE] = leaf(PA(p), PTE_CODE);
        if (round & 2)
            sfence_vma_addr(v);
        else
            sfence_vma();
        call_n(&t, v, 20, p == P_111 ? 111 : 222);
    }
    report("remap: 40 rounds alternating P1/P2, 20 calls each", &t);

    /* unmapped: the cached blocks must not run, the fetch faults */
    l0(AS_A)[VP_CODE] = 0;
    sfence_vma();
    trap_reset();
    ((Fn)v)();
    check_trap("remap: V unmapped after hot use -> fetch page fault", CAUSE_FETCH_PAGE, v);
    map(VP_CODE, P_222);
    trap_reset();
    check_calls("remap: V -> P2 after the fault (100 calls)", v, 100, 222);
    check_no_trap("remap: no trap once mapped again");
    map(VP_CODE, P_111);
}

static void switch_satp(void)
{
    build(AS_B, P_222); /* A maps V -> P1 (remap_pte left it so) */
    struct Tally t = { 0 }, tj = { 0 };
    for (unsigned i = 0; i < 50; i++) {
        unsigned as = i & 1 ? AS_B : AS_A;
        long want = as == AS_B ? 222 : 111;
        use_as(as);
        call_n(&t, VA(VP_CODE), 10, want);
        call_n(&tj, VA(VP_JUMPER) + J_JAL, 10, want);
    }
    use_as(AS_A);
    check_eq("satp: back on table A", csr_read(satp), satp_of(AS_A));
    report("satp: 50 switches between A (V -> P1) and B (V -> P2), V called 10 times each", &t);
    report("satp: the same through the jal on the page before V", &tj);
}

static void cross_page(unsigned off, const char *hot_name, const char *remap_name)
{
    uintptr_t entry = VA(VP_JUMPER) + off;
    map(VP_CODE, P_111);
    check_calls(hot_name, entry, 100, 111);
    struct Tally t = { 0 };
    for (unsigned round = 0; round < 40; round++) {
        unsigned p = round & 1 ? P_222 : P_111;
        map(VP_CODE, p);
        call_n(&t, entry, 20, p == P_111 ? 111 : 222);
    }
    report(remap_name, &t);
}

static void straddle(void)
{
    uintptr_t entry = VA(VP_TAIL) + TAIL_OFF;
    map(VP_HEAD, P_333);
    check_calls("straddle: li a0 across a page boundary, second half from P333 (100 calls)", entry, 100, 333);
    map(VP_HEAD, P_444);
    check_calls("straddle: second page remapped -> P444 (100 calls)", entry, 100, 444);
    struct Tally t = { 0 };
    for (unsigned round = 0; round < 40; round++) {
        unsigned p = round & 1 ? P_444 : P_333;
        map(VP_HEAD, p);
        call_n(&t, entry, 20, p == P_333 ? 333 : 444);
    }
    report("straddle: 40 rounds remapping the second page, 20 calls each", &t);
}

void test_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid, (void)dtb;
    write_code();
    build(AS_A, P_111);
    use_as(AS_A);
    check_eq("sv39: satp reads back", csr_read(satp), satp_of(AS_A));
    remap_pte();
    switch_satp();
    cross_page(J_JAL, "jal: a direct jal from the page before V runs P1 (100 calls)",
               "jal: 40 rounds remapping V under the jal, 20 calls each");
    cross_page(J_BEQ, "beq: a taken branch from the page before V runs P1 (100 calls)",
               "beq: 40 rounds remapping V under the branch, 20 calls each");
    cross_page(J_FALL, "fall: falling through from the page before V runs P1 (100 calls)",
               "fall: 40 rounds remapping V under the fall-through, 20 calls each");
    straddle();
    csr_write(satp, 0);
    sfence_vma();
}
