/*
 * Sv39 and Sv48 translation from S-mode and U-mode (privileged spec 4.3-4.5):
 * 4 KiB, 2 MiB, 1 GiB and 512 GiB pages; a changed PTE is used after
 * sfence.vma (no stale TLB entry, no stale translated code); W, U/SUM, X/MXR
 * permissions, toggled without sfence.vma where the spec says the change
 * takes effect at once; the A and D bits the walker sets (ferry updates
 * them in hardware, Svade is not implemented); reserved encodings and
 * non-canonical addresses fault.
 *
 * The kernel stays identity-mapped by gigapages: 0-1 GiB (devices, RW) and
 * 2-3 GiB (RAM, RWX). The same RAM gigapage appears again at 3 GiB with U
 * set, for U-mode code. Test pages live at the top of the Sv39 space.
 */
#include "rt.h"
#include "sbi.h"

#define PTE_V 0x01ul
#define PTE_R 0x02ul
#define PTE_W 0x04ul
#define PTE_X 0x08ul
#define PTE_U 0x10ul
#define PTE_G 0x20ul
#define PTE_A 0x40ul
#define PTE_D 0x80ul
#define PTE_AD (PTE_A | PTE_D)

#define SATP_SV39 (8ul << 60)
#define SATP_SV48 (9ul << 60)
#define SATP_SV57 (10ul << 60)

#define CAUSE_FETCH_PAGE 12
#define CAUSE_LOAD_PAGE 13
#define CAUSE_STORE_PAGE 15
#define CAUSE_ECALL_U 8

#define GIB (1ul << 30)
#define USER_ALIAS (3 * GIB)           /* VA of RAM's U-mode alias */
#define TEST_VA 0xffffffffc0000000ul   /* Sv39 root entry 511, L1 entry 0 */
#define MEGA_VA (TEST_VA + (2ul << 20)) /* L1 entry 1: a 2 MiB page */
#define MEGA_PA 0x80400000ul           /* 2 MiB aligned RAM past the image */

/* VAs of the 4 KiB test pages (L0 entries of TEST_VA's table) */
enum { VP_DATA = 1, VP_RO, VP_USER, VP_XONLY, VP_FRESH, VP_FRESH2, VP_CODE, VP_INVALID, VP_WONLY, VP_RSVD, VP_ALIAS,
       VP_EDGE, VP_HOLE };
#define VA(n) (TEST_VA + (uintptr_t)(n) * 4096)

static uint64_t pool[24][512] __attribute__((aligned(4096)));
static unsigned pool_used;
static uint8_t frames[6][4096] __attribute__((aligned(4096)));
static uint32_t code_frames[3][1024] __attribute__((aligned(4096)));
static uint64_t *root39, *l1_top, *l0_top;

static uint64_t *new_table(void)
{
    uint64_t *t = pool[pool_used++];
    memset(t, 0, 4096);
    return t;
}

static uint64_t leaf(uintptr_t pa, uint64_t flags)
{
    return (pa >> 12) << 10 | flags | PTE_V;
}

static uint64_t branch(const uint64_t *table)
{
    return ((uintptr_t)table >> 12) << 10 | PTE_V;
}

static void set_pte(unsigned vp, uintptr_t pa, uint64_t flags)
{
    l0_top[vp] = flags ? leaf(pa, flags) : 0;
    sfence_vma();
}

static volatile uint64_t *pte_of(unsigned vp)
{
    return (volatile uint64_t *)&l0_top[vp];
}

static uint64_t read64(uintptr_t va) { return *(volatile uint64_t *)va; }
static void write64(uintptr_t va, uint64_t v) { *(volatile uint64_t *)va = v; }
static uintptr_t user_alias(const void *p) { return (uintptr_t)p - RAM_BASE + USER_ALIAS; }

static void build_sv39(void)
{
    root39 = new_table();
    l1_top = new_table();
    l0_top = new_table();
    root39[0] = leaf(0, PTE_R | PTE_W | PTE_AD);                      /* devices */
    root39[2] = leaf(RAM_BASE, PTE_R | PTE_W | PTE_X | PTE_AD);       /* kernel */
    root39[3] = leaf(RAM_BASE, PTE_R | PTE_W | PTE_X | PTE_U | PTE_AD); /* U alias */
    root39[511] = branch(l1_top);
    l1_top[0] = branch(l0_top);
    l1_top[1] = leaf(MEGA_PA, PTE_R | PTE_W | PTE_AD);
}

static void enable_sv39(void)
{
    unsigned long satp = SATP_SV39 | (uintptr_t)root39 >> 12;
    csr_write(satp, satp);
    sfence_vma();
    check_eq("sv39: satp reads back", csr_read(satp), satp);
}

static void basic(void)
{
    memset(frames[0], 0, 4096);
    set_pte(VP_DATA, (uintptr_t)frames[0], PTE_R | PTE_W | PTE_AD);
    trap_reset();
    write64(VA(VP_DATA) + 8, 0x1122334455667788ul);
    check_eq("4k: a store through the mapping lands in the frame", *(volatile uint64_t *)(frames[0] + 8),
             0x1122334455667788ul);
    *(volatile uint64_t *)(frames[0] + 16) = 0xcafe;
    check_eq("4k: a load through the mapping reads the frame", read64(VA(VP_DATA) + 16), 0xcafe);
    check_no_trap("4k: no trap");

    /* a 2 MiB page: the low 21 bits of the VA are the offset */
    *(volatile uint64_t *)(MEGA_PA + 0x12340) = 0x5eed;
    check_eq("2m: a megapage maps its whole 2 MiB", read64(MEGA_VA + 0x12340), 0x5eed);
}

/* Remap one VA between two frames again and again; after each sfence.vma
 * the new frame must show. Both forms of sfence.vma. */
static void remap(void)
{
    *(volatile uint64_t *)frames[0] = 0xa0;
    *(volatile uint64_t *)frames[1] = 0xa1;
    unsigned good = 0;
    for (unsigned round = 0; round < 64; round++) {
        unsigned f = round & 1;
        l0_top[VP_DATA] = leaf((uintptr_t)frames[f], PTE_R | PTE_W | PTE_AD);
        if (round & 2)
            sfence_vma_addr(VA(VP_DATA));
        else
            sfence_vma();
        uint64_t v = 0;
        for (unsigned i = 0; i < 8; i++) /* warm whatever caches the translation */
            v = read64(VA(VP_DATA));
        if (v == 0xa0 + f)
            good++;
    }
    check_eq("remap: sfence.vma makes the new PTE take effect (64 rounds)", good, 64);

    /* the same for stores */
    good = 0;
    for (unsigned round = 0; round < 64; round++) {
        unsigned f = round & 1;
        l0_top[VP_DATA] = leaf((uintptr_t)frames[f], PTE_R | PTE_W | PTE_AD);
        sfence_vma_addr(VA(VP_DATA));
        write64(VA(VP_DATA) + 24, round);
        if (*(volatile uint64_t *)(frames[f] + 24) == round)
            good++;
    }
    check_eq("remap: stores go to the new frame after sfence.vma (64 rounds)", good, 64);
}

static void write_protect(void)
{
    set_pte(VP_RO, (uintptr_t)frames[0], PTE_R | PTE_W | PTE_AD);
    write64(VA(VP_RO), 1); /* now in any TLB as writable */
    set_pte(VP_RO, (uintptr_t)frames[0], PTE_R | PTE_AD);
    trap_reset();
    write64(VA(VP_RO) + 0x40, 2);
    check_trap("ro: store after clearing W -> cause 15, stval = va", CAUSE_STORE_PAGE, VA(VP_RO) + 0x40);
    trap_reset();
    __asm__ volatile("amoadd.d zero, zero, (%0)" : : "r"(VA(VP_RO) + 0x48) : "memory");
    check_trap("ro: AMO -> cause 15", CAUSE_STORE_PAGE, VA(VP_RO) + 0x48);
    trap_reset();
    uint64_t v = read64(VA(VP_RO));
    check_no_trap("ro: loads still work");
    check_eq("ro: load value", v, 1);
}

static void sum(void)
{
    *(volatile uint64_t *)frames[2] = 0x5a5a;
    set_pte(VP_USER, (uintptr_t)frames[2], PTE_R | PTE_W | PTE_U | PTE_AD);
    csr_clear(sstatus, SSTATUS_SUM);
    trap_reset();
    read64(VA(VP_USER));
    check_trap("sum: S load from a U page without SUM -> cause 13", CAUSE_LOAD_PAGE, VA(VP_USER));
    trap_reset();
    write64(VA(VP_USER) + 8, 1);
    check_trap("sum: S store to a U page without SUM -> cause 15", CAUSE_STORE_PAGE, VA(VP_USER) + 8);

    /* toggle SUM with no sfence.vma in between (it takes effect at once),
     * mixing loads and stores; any cached translation must follow SUM */
    unsigned bad_on = 0, bad_off = 0;
    for (unsigned round = 0; round < 40; round++) {
        csr_set(sstatus, SSTATUS_SUM);
        trap_reset();
        write64(VA(VP_USER) + 16, round);
        uint64_t v = read64(VA(VP_USER) + 16);
        if (traps.count != 0 || v != round)
            bad_on++;
        csr_clear(sstatus, SSTATUS_SUM);
        trap_reset();
        if (round & 1)
            read64(VA(VP_USER) + 16);
        else
            write64(VA(VP_USER) + 16, 0);
        if (traps.count != 1 || traps.cause != ((round & 1) ? CAUSE_LOAD_PAGE : CAUSE_STORE_PAGE))
            bad_off++;
    }
    check_eq("sum: with SUM, S loads and stores reach the U page (40 toggles)", bad_on, 0);
    check_eq("sum: without SUM, they fault again (40 toggles)", bad_off, 0);

    /* S never executes from a U page, SUM or not */
    code_frames[0][0] = 0x00100513; /* li a0, 1 */
    code_frames[0][1] = 0x00008067; /* ret */
    fence_i();
    set_pte(VP_USER, (uintptr_t)code_frames[0], PTE_R | PTE_X | PTE_U | PTE_AD);
    csr_set(sstatus, SSTATUS_SUM);
    trap_reset();
    ((long (*)(void))VA(VP_USER))();
    check_trap("sum: S fetch from a U page, SUM set -> cause 12", CAUSE_FETCH_PAGE, VA(VP_USER));
    csr_clear(sstatus, SSTATUS_SUM);
}

static void mxr(void)
{
    *(volatile uint64_t *)frames[3] = 0x3e3e;
    set_pte(VP_XONLY, (uintptr_t)frames[3], PTE_X | PTE_AD);
    csr_clear(sstatus, SSTATUS_MXR);
    trap_reset();
    read64(VA(VP_XONLY));
    check_trap("mxr: load from an execute-only page -> cause 13", CAUSE_LOAD_PAGE, VA(VP_XONLY));
    unsigned bad_on = 0, bad_off = 0;
    for (unsigned round = 0; round < 40; round++) {
        csr_set(sstatus, SSTATUS_MXR);
        trap_reset();
        uint64_t v = read64(VA(VP_XONLY));
        if (traps.count != 0 || v != 0x3e3e)
            bad_on++;
        csr_clear(sstatus, SSTATUS_MXR);
        trap_reset();
        read64(VA(VP_XONLY));
        if (traps.count != 1 || traps.cause != CAUSE_LOAD_PAGE)
            bad_off++;
    }
    check_eq("mxr: with MXR, loads from the X-only page work (40 toggles)", bad_on, 0);
    check_eq("mxr: without MXR, they fault again (40 toggles)", bad_off, 0);
    csr_set(sstatus, SSTATUS_MXR);
    trap_reset();
    write64(VA(VP_XONLY), 0);
    check_trap("mxr: MXR does not allow stores -> cause 15", CAUSE_STORE_PAGE, VA(VP_XONLY));
    csr_clear(sstatus, SSTATUS_MXR);
}

static void accessed_dirty(void)
{
    /* fresh PTE: neither A nor D */
    set_pte(VP_FRESH, (uintptr_t)frames[4], PTE_R | PTE_W);
    trap_reset();
    read64(VA(VP_FRESH));
    check_no_trap("a/d: access to a PTE without A does not fault (no Svade)");
    check_eq("a/d: a load sets A, not D", *pte_of(VP_FRESH) & PTE_AD, PTE_A);
    write64(VA(VP_FRESH), 7);
    check_eq("a/d: a later store sets D", *pte_of(VP_FRESH) & PTE_AD, PTE_AD);
    check_no_trap("a/d: no trap");

    /* software clears D; after sfence.vma the next store sets it again */
    *pte_of(VP_FRESH) &= ~PTE_D;
    sfence_vma();
    read64(VA(VP_FRESH));
    check_eq("a/d: load after clearing D leaves D clear", *pte_of(VP_FRESH) & PTE_D, 0);
    write64(VA(VP_FRESH), 8);
    check_eq("a/d: store sets D again", *pte_of(VP_FRESH) & PTE_D, PTE_D);

    /* a store first sets both */
    set_pte(VP_FRESH2, (uintptr_t)frames[4], PTE_R | PTE_W);
    write64(VA(VP_FRESH2) + 8, 9);
    check_eq("a/d: a first store sets A and D", *pte_of(VP_FRESH2) & PTE_AD, PTE_AD);
    /* a fault leaves A and D alone */
    set_pte(VP_FRESH2, (uintptr_t)frames[4], PTE_R);
    trap_reset();
    write64(VA(VP_FRESH2), 1);
    check_trap("a/d: store to a read-only fresh PTE -> cause 15", CAUSE_STORE_PAGE, VA(VP_FRESH2));
    check_eq("a/d: the faulting store set neither A nor D", *pte_of(VP_FRESH2) & PTE_AD, 0);
}

static void bad_entries(void)
{
    set_pte(VP_INVALID, (uintptr_t)frames[5], 0);
    trap_reset();
    read64(VA(VP_INVALID));
    check_trap("invalid: V = 0 -> cause 13", CAUSE_LOAD_PAGE, VA(VP_INVALID));
    trap_reset();
    write64(VA(VP_INVALID) + 8, 0);
    check_trap("invalid: store, V = 0 -> cause 15", CAUSE_STORE_PAGE, VA(VP_INVALID) + 8);

    set_pte(VP_WONLY, (uintptr_t)frames[5], PTE_W | PTE_AD); /* W without R: reserved */
    trap_reset();
    read64(VA(VP_WONLY));
    check_trap("reserved: W without R -> cause 13", CAUSE_LOAD_PAGE, VA(VP_WONLY));
    trap_reset();
    write64(VA(VP_WONLY), 0);
    check_trap("reserved: W without R, store -> cause 15", CAUSE_STORE_PAGE, VA(VP_WONLY));

    /* bits 63:54 are reserved (no Svpbmt, no Svnapot): page fault */
    l0_top[VP_RSVD] = leaf((uintptr_t)frames[5], PTE_R | PTE_W | PTE_AD) | 1ul << 61;
    sfence_vma();
    trap_reset();
    read64(VA(VP_RSVD));
    check_trap("reserved: PTE bit 61 set -> cause 13", CAUSE_LOAD_PAGE, VA(VP_RSVD));

    /* a megapage whose PPN[0] is not zero is misaligned */
    l1_top[2] = leaf(MEGA_PA + 4096, PTE_R | PTE_W | PTE_AD);
    sfence_vma();
    trap_reset();
    read64(TEST_VA + (4ul << 20));
    check_trap("misaligned superpage -> cause 13", CAUSE_LOAD_PAGE, TEST_VA + (4ul << 20));
    l1_top[2] = 0;

    /* Sv39: bits 63:39 must equal bit 38 */
    uintptr_t noncanon = 1ul << 38;
    trap_reset();
    read64(noncanon);
    check_trap("sv39: non-canonical VA -> cause 13, stval = va", CAUSE_LOAD_PAGE, noncanon);
    sfence_vma();
}

/* Code pages: remapping a VA to other code, then sfence.vma, runs the new
 * code (translated blocks are per virtual address). */
static void code_remap(void)
{
    code_frames[0][0] = 0x00100513; /* li a0, 1 */
    code_frames[0][1] = 0x00008067; /* ret */
    code_frames[1][0] = 0x00200513; /* li a0, 2 */
    code_frames[1][1] = 0x00008067;
    fence_i();
    long (*fn)(void) = (long (*)(void))VA(VP_CODE);
    unsigned good = 0;
    for (unsigned round = 0; round < 32; round++) {
        unsigned f = round & 1;
        set_pte(VP_CODE, (uintptr_t)code_frames[f], PTE_R | PTE_X | PTE_AD);
        long got = 0;
        for (unsigned i = 0; i < 10; i++)
            got = fn();
        if (got == (long)f + 1)
            good++;
    }
    check_eq("code: remapped code page runs the new code after sfence.vma (32 rounds)", good, 32);

    /* a fetch through a fresh PTE sets A (and not D) */
    set_pte(VP_CODE, (uintptr_t)code_frames[1], PTE_R | PTE_X);
    long got = fn();
    check_eq("code: fetch through a fresh PTE runs", got, 2);
    check_eq("a/d: a fetch sets A, not D", *pte_of(VP_CODE) & PTE_AD, PTE_A);

    /* one frame at two VAs: a store through one (a W mapping) changes what
     * the other executes, after fence.i */
    set_pte(VP_CODE, (uintptr_t)code_frames[0], PTE_R | PTE_X | PTE_AD);
    set_pte(VP_ALIAS, (uintptr_t)code_frames[0], PTE_R | PTE_W | PTE_AD);
    good = 0;
    for (unsigned round = 0; round < 32; round++) {
        *(volatile uint32_t *)VA(VP_ALIAS) = 0x00000513u | (round + 10) << 20;
        fence_i();
        long got = 0;
        for (unsigned i = 0; i < 10; i++)
            got = fn();
        if (got == (long)round + 10)
            good++;
    }
    check_eq("code: a store through an alias VA changes the code (fence.i, 32 rounds)", good, 32);
}

/* Accesses that cross from a mapped page into an unmapped one fault with
 * stval = the address of the part that faulted (privileged spec 4.1.9):
 * the first byte of the unmapped page; sepc is the instruction's start. A
 * faulting store changes no byte. */
static void page_crossing(void)
{
    set_pte(VP_EDGE, (uintptr_t)frames[5], PTE_R | PTE_W | PTE_X | PTE_AD);
    set_pte(VP_HOLE, 0, 0);
    uintptr_t edge = VA(VP_HOLE) - 3;
    memset(frames[5] + 4088, 0x77, 8);
    /* asm: the compiler would split a known-misaligned access into bytes */
    trap_reset();
    __asm__ volatile("ld t0, 0(%0)" : : "r"(edge) : "t0", "memory");
    check_trap("cross: ld across into an unmapped page -> cause 13, stval = that page", CAUSE_LOAD_PAGE, VA(VP_HOLE));
    trap_reset();
    __asm__ volatile("sd zero, 0(%0)" : : "r"(edge) : "memory");
    check_trap("cross: sd across into an unmapped page -> cause 15, stval = that page", CAUSE_STORE_PAGE,
               VA(VP_HOLE));
    check_eq("cross: the faulting sd wrote none of its bytes", *(volatile uint64_t *)(frames[5] + 4088),
             0x7777777777777777ul);

    /* a 4-byte instruction in the last 2 bytes of the page: the fetch of
     * its second half faults */
    uint16_t *tail = (uint16_t *)(frames[5] + 4094);
    tail[0] = 0x0513; /* low half of li a0, 0 */
    fence_i();
    trap_reset();
    ((void (*)(void))(VA(VP_HOLE) - 2))();
    check_trap("cross: instruction straddling into an unmapped page -> cause 12, stval = that page",
               CAUSE_FETCH_PAGE, VA(VP_HOLE));
    check_eq("cross: sepc = the instruction's start", traps.epc, VA(VP_HOLE) - 2);
}

/* ---- U-mode through the U alias of RAM ---- */

static uint8_t user_stack[4096] __attribute__((aligned(16)));
volatile uint64_t user_result;
volatile uintptr_t s_only_address;   /* an S page, read from U */
volatile uintptr_t s_code_address;   /* S code, called from U */

void pu_read_user(void);
void pu_read_kernel(void);
void pu_call_kernel(void);
extern char pu_read_kernel_at[];
__asm__(".text\n"
        ".balign 4\n"
        /* through the alias: PC-relative lla gives alias (U) addresses (la may
         * load the identity address from the GOT) */
        "pu_read_user: lla t0, user_result\n"
        "li t1, 0x600d\n"
        "sd t1, 0(t0)\n"
        "ld t2, 0(t0)\n"
        "ecall\n"
        "pu_read_kernel: lla t0, s_only_address\n"
        "ld t0, 0(t0)\n"
        "pu_read_kernel_at: ld t1, 0(t0)\n"
        "ecall\n"
        "pu_call_kernel: lla t0, s_code_address\n"
        "ld t0, 0(t0)\n"
        "jalr t0\n"
        "ecall\n");

static unsigned long user(void (*fn)(void))
{
    trap_reset();
    return run_user(user_alias((const void *)fn), user_alias(user_stack + sizeof user_stack));
}

static void user_mode(void)
{
    user_result = 0;
    unsigned long cause = user(pu_read_user);
    check_eq("user: U code and data through the U alias (ecall)", cause, CAUSE_ECALL_U);
    check_eq("user: U store/load reached RAM", user_result, 0x600d);

    static volatile uint64_t secret;
    s_only_address = (uintptr_t)&secret;
    cause = user(pu_read_kernel);
    check_eq("user: U load from an S page -> cause 13", cause, CAUSE_LOAD_PAGE);
    check_eq("user: stval = the S address", traps.tval, (uintptr_t)&secret);
    check_eq("user: sepc = the load (alias address)", traps.epc, user_alias(pu_read_kernel_at));

    s_code_address = (uintptr_t)code_remap;
    cause = user(pu_call_kernel);
    check_eq("user: U fetch from an S page -> cause 12", cause, CAUSE_FETCH_PAGE);
    check_eq("user: fetch stval = the S code address", traps.tval, (uintptr_t)code_remap);

    /* the block U just ran is U-mode code; S calling the same VA must not
     * reuse it: S cannot execute a U page */
    trap_reset();
    ((void (*)(void))user_alias((const void *)pu_read_user))();
    check_trap("user: S fetch of the U code U just ran -> cause 12", CAUSE_FETCH_PAGE,
               user_alias((const void *)pu_read_user));

    /* take U away from the alias: U's fetch now faults */
    root39[3] = leaf(RAM_BASE, PTE_R | PTE_W | PTE_X | PTE_AD);
    sfence_vma();
    cause = user(pu_read_user);
    check_eq("user: after clearing U and sfence.vma, U fetch -> cause 12", cause, CAUSE_FETCH_PAGE);
    check_eq("user: fetch fault stval = entry point", traps.tval, user_alias((const void *)pu_read_user));
    root39[3] = leaf(RAM_BASE, PTE_R | PTE_W | PTE_X | PTE_U | PTE_AD);
    sfence_vma();
}

/* ---- Sv48 ---- */

#define SV48_HIGH_VA 0xffff800000001000ul  /* root entry 256: only Sv48 has it */
#define SV48_LOW_VA 0x0000008000000000ul   /* 512 GiB: non-canonical in Sv39 */
#define SV48_TERA_VA 0x0000010000000000ul  /* root entry 2: a 512 GiB page at PA 0 */

static void sv48(void)
{
    uint64_t *root = new_table(), *l2 = new_table(), *l1 = new_table(), *l0 = new_table();
    uint64_t *low_l2 = new_table(), *low_l1 = new_table(), *low_l0 = new_table();
    /* entry 0: the Sv39 root serves as the level-2 table of the low 512 GiB,
     * so the kernel's gigapages stay where they are */
    root[0] = branch(root39);
    root[256] = branch(l2);
    l2[0] = branch(l1);
    l1[0] = branch(l0);
    l0[1] = leaf((uintptr_t)frames[5], PTE_R | PTE_W | PTE_AD);
    root[1] = branch(low_l2);
    low_l2[0] = branch(low_l1);
    low_l1[0] = branch(low_l0);
    low_l0[0] = leaf((uintptr_t)frames[5], PTE_R | PTE_W | PTE_AD);
    root[2] = leaf(0, PTE_R | PTE_W | PTE_AD);

    *(volatile uint64_t *)frames[5] = 0x48484848;
    unsigned long satp = SATP_SV48 | (uintptr_t)root >> 12;
    csr_write(satp, satp);
    sfence_vma();
    check_eq("sv48: satp accepts mode 9", csr_read(satp), satp);
    trap_reset();
    uint64_t hi = read64(SV48_HIGH_VA), lo = read64(SV48_LOW_VA);
    check_no_trap("sv48: four-level walks do not fault");
    check_eq("sv48: high-half VA maps its frame", hi, 0x48484848);
    check_eq("sv48: VA 512 GiB maps its frame", lo, 0x48484848);
    write64(SV48_HIGH_VA + 8, 0x4848);
    check_eq("sv48: store through the high VA", *(volatile uint64_t *)(frames[5] + 8), 0x4848);
    /* a level-3 leaf: 512 GiB at PA 0, reaching the UART's LSR (THRE set) */
    uint8_t lsr = *(volatile uint8_t *)(SV48_TERA_VA + UART_BASE + 5);
    check_no_trap("sv48: 512 GiB page does not fault");
    check_eq("sv48: 512 GiB page reaches the UART (LSR.THRE)", lsr & 0x20, 0x20);
    trap_reset();
    read64(0xffff000000000000ul); /* bit 47 = 0, upper bits set: non-canonical */
    check_trap("sv48: non-canonical VA -> cause 13", CAUSE_LOAD_PAGE, 0xffff000000000000ul);

    /* back to Sv39: 512 GiB is no longer a valid address */
    enable_sv39();
    trap_reset();
    read64(SV48_LOW_VA);
    check_trap("sv39 again: VA 512 GiB -> cause 13", CAUSE_LOAD_PAGE, SV48_LOW_VA);
}

static void satp_modes(void)
{
    unsigned long before = csr_read(satp);
    /* Sv57 is not implemented: the whole write has no effect (4.1.11) */
    csr_write(satp, SATP_SV57 | 0x12345);
    check_eq("satp: writing unsupported Sv57 leaves satp unchanged", csr_read(satp), before);
    csr_write(satp, 0);
    sfence_vma();
    check_eq("satp: Bare", csr_read(satp), 0);
    trap_reset();
    *(volatile uint64_t *)frames[0] = 0xb0;
    check_eq("bare: physical addresses work again", read64((uintptr_t)frames[0]), 0xb0);
    check_no_trap("bare: no trap");
}

void test_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid, (void)dtb;
    build_sv39();
    enable_sv39();
    basic();
    remap();
    write_protect();
    sum();
    mxr();
    accessed_dirty();
    bad_entries();
    code_remap();
    page_crossing();
    user_mode();
    sv48();
    satp_modes();
}
