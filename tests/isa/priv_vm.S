/*
 * priv_vm.S - virtual memory: Sv39 and Sv48 on RV64, Sv32 on RV32.
 *
 * M-mode builds the page tables at run time:
 *   - an identity superpage over RAM at 0x80000000 (R W X, A and D set, not
 *     U) so that code, data, tohost and the trap records keep their
 *     addresses in S-mode;
 *   - at VA_L0 a 4 KiB page table whose entries exercise one property each
 *     (read-only, invalid, execute-only, user, A/D clear, write-only,
 *     non-leaf at the last level, a remappable entry for sfence.vma, user
 *     code);
 *   - megapages (and gigapages on RV64) aliasing RAM, and misaligned ones;
 *   - for Sv48 a root whose entry 0 points to the Sv39 root (so every Sv39
 *     mapping exists in Sv48 too) and whose entry 1 is a terapage.
 * The same battery of checks (vm_battery) runs under each mode, its case
 * numbers offset by the mode (Sv39/Sv32: 101..152, Sv48: 161..212).
 *
 * Expected behaviour (privileged spec): page faults 12/13/15 with mtval =
 * the virtual address and mepc = the faulting instruction; a store/AMO to a
 * page without W, any access through an invalid PTE, W without R, a
 * non-leaf PTE at the last level or a misaligned superpage all fault;
 * execute-only pages are readable only with MXR; S-mode reaches U pages
 * only with SUM and never executes them; U-mode reaches only U pages; MPRV
 * makes M-mode loads and stores translate with MPP; the A bit is set by an
 * access and D by a store (the hardware-update scheme, as QEMU; Svade is not
 * implemented); after sfence.vma a changed PTE is used; a satp write with an
 * unsupported MODE changes nothing; non-canonical virtual addresses fault.
 */
#include "test_macros.h"

#if XLEN == 64
#define PTESZ 8
#define PTE_L REG_L
#define VPN_BITS 9
#define VA_L0        0x40000000          /* 4 KiB pages (root[1] -> l1[0] -> l0) */
#define VA_MEGA      0x40200000          /* l1[1]: megapage -> 0x80000000 */
#define VA_MEGA_BAD  0x40400000          /* l1[2]: megapage -> 0x80001000 (misaligned) */
#define VA_GIGA      0xc0000000          /* root[3]: gigapage -> 0x80000000 */
#define VA_GIGA_BAD  0x100000000         /* root[4]: gigapage -> 0x80200000 (misaligned) */
#define VA_TERA      0x8000000000        /* Sv48 root[1]: terapage -> 0 ; non-canonical in Sv39 */
#define SATP_SV39_MODE (SATP_MODE_SV39 << SATP_MODE_SHIFT)
#define SATP_SV48_MODE (SATP_MODE_SV48 << SATP_MODE_SHIFT)
#else
#define PTESZ 4
#define VPN_BITS 10
#define VA_L0        0x40000000          /* root[0x100] -> l0 */
#define VA_MEGA      0x40400000          /* root[0x101]: megapage -> 0x80000000 */
#define VA_MEGA_BAD  0x40800000          /* root[0x102]: megapage -> 0x80001000 (misaligned) */
#define SATP_SV32_MODE (SATP_MODE_SV32 << SATP_MODE_SHIFT)
#endif
#define RAM_BASE 0x80000000
#define VA(i) (VA_L0 + (i) * 0x1000)

/* indices in the last-level table l0 */
#define I_RW      0      /* page0, R W               */
#define I_RO      1      /* page1, R                 */
#define I_INVALID 2      /* not valid                */
#define I_XO      3      /* xpage, X only            */
#define I_USER    4      /* page0, R W U             */
#define I_AD      5      /* page3, R W, A = D = 0    */
#define I_D       6      /* page4, R W, A = 1, D = 0 */
#define I_WO      7      /* page1, W only (reserved) */
#define I_REMAP   8      /* page0 or page1, R W      */
#define I_RESERVED 9     /* page0, R W, reserved bit 60 set (RV64) */
#define I_NONLEAF 10     /* V only at the last level */
#define I_UCODE   12     /* upage, R X U             */

#define AD (PTE_A | PTE_D)

/* table[idx] = PTE(pa in register pa, flags); clobbers t4-t6 */
#define SET_PTE(table, idx, pa, flags) \
    srli t5, pa, 12; slli t5, t5, 10; li t4, flags; or t5, t5, t4; \
    la t6, table; li t4, (idx) * PTESZ; add t6, t6, t4; REG_S t5, 0(t6)
/* table[idx] = PTE pointing to the next-level table `next` (non-leaf) */
#define SET_PTR(table, idx, next) la t4, next; SET_PTE(table, idx, t4, PTE_V)
/* register r = table[idx] */
#define GET_PTE(r, table, idx) la t6, table; li t4, (idx) * PTESZ; add t6, t6, t4; REG_L r, 0(t6)

/* case number inside the battery: base (s11) + k */
#define VCASE(k) addi TESTNUM, s11, k

/* Run one instruction at a virtual address held in a1 in S-mode; it must
 * take the page fault `cause` with mtval = va. */
#define S_FAULT(k, cause, va, insn...) \
    VCASE(k); li a1, MASK_XLEN(va); EXPECT_TRAP(88872f); ENTER_MODE(PRV_S, 88871f); \
    88871: insn; j fail; \
    88872: CHECK_TRAP(cause, 88871b, va)
/* S-mode code that must not fault */
#define S_OK(k, code...) \
    VCASE(k); RUN_IN_MODE(PRV_S, code); CHECK_RAN_TO_ECALL(PRV_S)

TEST_BEGIN

/* ---- satp in Bare mode after set-up ---- */
CASE(1);  csrr a0, satp; CHECK(a0, 0)

/* ---- build the page tables ---- */
CASE(2)
    la a0, pt_start; la a1, pt_end
1:  REG_S zero, 0(a0); addi a0, a0, REGBYTES; bltu a0, a1, 1b
    li a0, RAM_BASE
#if XLEN == 64
    SET_PTE(root, 2, a0, PTE_V | PTE_R | PTE_W | PTE_X | AD)        /* identity gigapage */
    SET_PTR(root, 1, l1)
    SET_PTE(root, 3, a0, PTE_V | PTE_R | PTE_W | AD)                /* gigapage alias */
    li a1, RAM_BASE + 0x200000
    SET_PTE(root, 4, a1, PTE_V | PTE_R | PTE_W | AD)                /* misaligned gigapage */
    SET_PTR(l1, 0, l0)
    SET_PTE(l1, 1, a0, PTE_V | PTE_R | PTE_W | AD)                  /* megapage alias */
    li a1, RAM_BASE + 0x1000
    SET_PTE(l1, 2, a1, PTE_V | PTE_R | PTE_W | AD)                  /* misaligned megapage */
    SET_PTR(root48, 0, root)
    li a1, 0
    SET_PTE(root48, 1, a1, PTE_V | PTE_R | PTE_W | AD)              /* terapage at 0 */
#else
    SET_PTE(root, 0x200, a0, PTE_V | PTE_R | PTE_W | PTE_X | AD)    /* identity megapage */
    SET_PTR(root, 0x100, l0)
    SET_PTE(root, 0x101, a0, PTE_V | PTE_R | PTE_W | AD)            /* megapage alias */
    li a1, RAM_BASE + 0x1000
    SET_PTE(root, 0x102, a1, PTE_V | PTE_R | PTE_W | AD)            /* misaligned megapage */
#endif
    la a0, page0; SET_PTE(l0, I_RW, a0, PTE_V | PTE_R | PTE_W | AD)
    la a0, page1; SET_PTE(l0, I_RO, a0, PTE_V | PTE_R | PTE_A)
    la a0, page0; SET_PTE(l0, I_INVALID, a0, PTE_R | PTE_W | AD)
    la a0, xpage; SET_PTE(l0, I_XO, a0, PTE_V | PTE_X | PTE_A)
    la a0, page0; SET_PTE(l0, I_USER, a0, PTE_V | PTE_R | PTE_W | PTE_U | AD)
    la a0, page1; SET_PTE(l0, I_WO, a0, PTE_V | PTE_W | AD)
    la a0, page0; SET_PTE(l0, I_NONLEAF, a0, PTE_V)
    la a0, upage; SET_PTE(l0, I_UCODE, a0, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A)

#if XLEN == 64
/* ---- satp: Sv39 and Sv48 are accepted, unsupported modes ignored ---- */
CASE(3);  la a0, root; srli a0, a0, 12; li a1, SATP_SV39_MODE; or s2, a0, a1
          la a0, root48; srli a0, a0, 12; li a1, SATP_SV48_MODE; or s3, a0, a1
          csrw satp, s2; csrr a0, satp; CHECK_EQ(a0, s2)
CASE(4);  csrw satp, s3; csrr a0, satp; CHECK_EQ(a0, s3)
/* MODE 5 is reserved: the whole write has no effect */
CASE(5);  csrw satp, s2; li a1, 5 << SATP_MODE_SHIFT; la a0, root48; srli a0, a0, 12; or a1, a1, a0
          csrw satp, a1; csrr a0, satp; CHECK_EQ(a0, s2)
CASE(6);  li a1, 1 << SATP_MODE_SHIFT; csrw satp, a1; csrr a0, satp; CHECK_EQ(a0, s2)
CASE(7);  li a1, 7 << SATP_MODE_SHIFT; csrw satp, a1; csrr a0, satp; CHECK_EQ(a0, s2)
/* back to Bare and Sv39 again */
CASE(8);  csrw satp, zero; csrr a0, satp; CHECK(a0, 0); csrw satp, s2; csrr a0, satp; CHECK_EQ(a0, s2)

/* ---- Sv39 ---- */
CASE(9);  csrw satp, s2; sfence.vma; li s11, 100; jal s10, vm_battery
/* a virtual address whose bits 63..39 differ from bit 38 is not canonical */
CASE(10); li a1, VA_TERA; EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: lw a0, 0(a1); j fail
          2: CHECK_TRAP(CAUSE_LOAD_PAGE_FAULT, 1b, VA_TERA)
CASE(11); li a1, 0xffffffc000000000 - 0x1000; EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: sw a0, 0(a1); j fail
          2: CHECK_TRAP(CAUSE_STORE_PAGE_FAULT, 1b, 0xffffffc000000000 - 0x1000)
/* the canonical high half (bit 38 set, 63..39 ones) walks root[256..]: not mapped */
CASE(12); li a1, 0xffffffc000000000; EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: lw a0, 0(a1); j fail
          2: CHECK_TRAP(CAUSE_LOAD_PAGE_FAULT, 1b, 0xffffffc000000000)

/* ---- Sv48 ---- */
CASE(13); csrw satp, s3; sfence.vma; li s11, 160; jal s10, vm_battery
/* terapage: VA_TERA + RAM_BASE + x -> physical RAM_BASE + x */
CASE(14); la a2, page0; li a1, VA_TERA; add a1, a1, a2; RUN_IN_MODE(PRV_S, lw a0, 0(a1)); CHECK_RAN_TO_ECALL(PRV_S)
          CHECK(a0, 0x11111111)
/* bits 63..48 must equal bit 47 */
CASE(15); li a1, 0x0000800000000000; EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: lw a0, 0(a1); j fail
          2: CHECK_TRAP(CAUSE_LOAD_PAGE_FAULT, 1b, 0x0000800000000000)
/* a misaligned terapage faults: point root48[1] at 0x40000000 */
CASE(16); li a0, 0x40000000; SET_PTE(root48, 1, a0, PTE_V | PTE_R | PTE_W | AD); sfence.vma
          li a1, VA_TERA; EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: lw a0, 0(a1); j fail
          2: CHECK_TRAP(CAUSE_LOAD_PAGE_FAULT, 1b, VA_TERA)
CASE(17); csrw satp, zero; sfence.vma
#else
/* ---- Sv32 ---- */
CASE(3);  la a0, root; srli a0, a0, 12; li a1, SATP_SV32_MODE; or s2, a0, a1
          csrw satp, s2; csrr a0, satp; CHECK_EQ(a0, s2)
CASE(4);  csrw satp, zero; csrr a0, satp; CHECK(a0, 0)
CASE(9);  csrw satp, s2; sfence.vma; li s11, 100; jal s10, vm_battery
CASE(17); csrw satp, zero; sfence.vma
#endif

/* ---- with satp Bare, S-mode uses physical addresses ---- */
CASE(18); la a1, page1; RUN_IN_MODE(PRV_S, lw a0, 0(a1)); CHECK_RAN_TO_ECALL(PRV_S); CHECK(a0, 0x22222222)

    TEST_PASS

/* ================================================================== */
/* The checks run under each translation mode.  s10 = return address,  */
/* s11 = case-number base.  Runs in M-mode; enters S/U for each check. */
/* ================================================================== */
vm_battery:
    /* reset the PTEs that checks change */
    la a0, page3; SET_PTE(l0, I_AD, a0, PTE_V | PTE_R | PTE_W)
    la a0, page4; SET_PTE(l0, I_D, a0, PTE_V | PTE_R | PTE_W | PTE_A)
    la a0, page0; SET_PTE(l0, I_REMAP, a0, PTE_V | PTE_R | PTE_W | AD)
    sfence.vma
    li a0, MSTATUS_SUM | MSTATUS_MXR | MSTATUS_MPRV; csrc mstatus, a0
    la a0, page4; li a1, 0x44444444; sw a1, 0(a0)

    /* 4 KiB read/write page */
    S_OK(1, li a1, VA(I_RW); lw a0, 0(a1)); CHECK(a0, 0x11111111)
    S_OK(2, li a1, VA(I_RW); li a2, 0x600d; sw a2, 8(a1)); la a1, page0; lw a0, 8(a1); CHECK(a0, 0x600d)
    S_OK(3, li a1, VA(I_RW) + 0xffc; lw a0, 0(a1)); CHECK(a0, 0x0f0f0f0f)      /* last word of the page */
    /* read-only page */
    S_OK(4, li a1, VA(I_RO); lw a0, 0(a1)); CHECK(a0, 0x22222222)
    S_FAULT(5, CAUSE_STORE_PAGE_FAULT, VA(I_RO), sw a0, 0(a1))
    S_FAULT(6, CAUSE_STORE_PAGE_FAULT, VA(I_RO), amoadd.w a0, a0, (a1))
    VCASE(7); la a1, page1; lw a0, 0(a1); CHECK(a0, 0x22222222)    /* unchanged */
    /* invalid PTE: every access type faults */
    S_FAULT(8, CAUSE_LOAD_PAGE_FAULT, VA(I_INVALID), lw a0, 0(a1))
    S_FAULT(9, CAUSE_STORE_PAGE_FAULT, VA(I_INVALID), sw a0, 0(a1))
    S_FAULT(10, CAUSE_LOAD_PAGE_FAULT, VA(I_INVALID) + 0x7f8, lb a0, 0(a1))
    VCASE(11); li a1, VA(I_INVALID); EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: jalr ra, 0(a1); j fail
          2: CHECK_TRAP_CAUSE(CAUSE_FETCH_PAGE_FAULT); CHECK_TRAP_TVAL(VA(I_INVALID)); CHECK_MEM(trap_rec, TR_EPC, VA(I_INVALID))
    /* execute-only page: runs, but reads need MXR */
    S_OK(12, li a1, VA(I_XO); li a0, 0; jalr ra, 0(a1)); CHECK(a0, 0x5a)
    S_FAULT(13, CAUSE_LOAD_PAGE_FAULT, VA(I_XO), lw a0, 0(a1))
    VCASE(14); li a0, MSTATUS_MXR; csrs mstatus, a0; RUN_IN_MODE(PRV_S, li a1, VA(I_XO); lw a0, 0(a1))
          CHECK_RAN_TO_ECALL(PRV_S); la a1, xpage; lw a1, 0(a1); CHECK_EQ(a0, a1)
    S_FAULT(15, CAUSE_STORE_PAGE_FAULT, VA(I_XO), sw a0, 0(a1))                 /* MXR: loads only */
    VCASE(16); li a0, MSTATUS_MXR; csrc mstatus, a0
    /* a page without X is not executable */
    VCASE(17); li a1, VA(I_RW); EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: jalr ra, 0(a1); j fail
          2: CHECK_TRAP_CAUSE(CAUSE_FETCH_PAGE_FAULT); CHECK_TRAP_TVAL(VA(I_RW)); CHECK_MEM(trap_rec, TR_EPC, VA(I_RW))
    /* user page from S-mode: only with SUM, never executable */
    S_FAULT(18, CAUSE_LOAD_PAGE_FAULT, VA(I_USER), lw a0, 0(a1))
    S_FAULT(19, CAUSE_STORE_PAGE_FAULT, VA(I_USER), sw a0, 0(a1))
    VCASE(20); li a0, MSTATUS_SUM; csrs mstatus, a0; RUN_IN_MODE(PRV_S, li a1, VA(I_USER); lw a0, 0(a1))
          CHECK_RAN_TO_ECALL(PRV_S); CHECK(a0, 0x11111111)
    S_OK(21, li a1, VA(I_USER); li a2, 0x5050; sw a2, 12(a1)); la a1, page0; lw a0, 12(a1); CHECK(a0, 0x5050)
    VCASE(22); li a1, VA(I_UCODE); EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: jalr ra, 0(a1); j fail
          2: CHECK_TRAP_CAUSE(CAUSE_FETCH_PAGE_FAULT); CHECK_MEM(trap_rec, TR_EPC, VA(I_UCODE))
    VCASE(23); li a0, MSTATUS_SUM; csrc mstatus, a0
    /* A and D: set by the first access and the first store */
    S_OK(24, li a1, VA(I_AD); lw a0, 0(a1)); CHECK(a0, 0x33333333)
    VCASE(25); GET_PTE(a0, l0, I_AD); andi a1, a0, PTE_A; CHECK(a1, PTE_A); andi a1, a0, PTE_D; CHECK(a1, 0)
    S_OK(26, li a1, VA(I_AD); li a2, 0x3434; sw a2, 4(a1))
    VCASE(27); GET_PTE(a0, l0, I_AD); andi a1, a0, AD; CHECK(a1, AD)
    S_OK(28, li a1, VA(I_D); li a2, 1; amoadd.w a0, a2, (a1)); CHECK(a0, 0x44444444)
    VCASE(29); GET_PTE(a0, l0, I_D); andi a1, a0, AD; CHECK(a1, AD)
    /* a store to a clean page with A = D = 0 sets both at once */
    VCASE(30); la a0, page3; SET_PTE(l0, I_AD, a0, PTE_V | PTE_R | PTE_W); sfence.vma
          RUN_IN_MODE(PRV_S, li a1, VA(I_AD); sw zero, 8(a1)); CHECK_RAN_TO_ECALL(PRV_S)
          GET_PTE(a0, l0, I_AD); andi a1, a0, AD; CHECK(a1, AD)
    /* W without R is reserved: page fault */
    S_FAULT(31, CAUSE_LOAD_PAGE_FAULT, VA(I_WO), lw a0, 0(a1))
    S_FAULT(32, CAUSE_STORE_PAGE_FAULT, VA(I_WO), sw a0, 0(a1))
    /* V with R = W = X = 0 at the last level (a pointer where a leaf must be) */
    S_FAULT(33, CAUSE_LOAD_PAGE_FAULT, VA(I_NONLEAF), lw a0, 0(a1))
    /* sfence.vma makes a changed PTE visible */
    S_OK(34, li a1, VA(I_REMAP); lw a0, 0(a1)); CHECK(a0, 0x11111111)
    VCASE(35); la a0, page1; SET_PTE(l0, I_REMAP, a0, PTE_V | PTE_R | PTE_W | AD)
          RUN_IN_MODE(PRV_S, sfence.vma; li a1, VA(I_REMAP); lw a0, 0(a1)); CHECK_RAN_TO_ECALL(PRV_S); CHECK(a0, 0x22222222)
    /* the single-address form */
    VCASE(36); la a0, page0; SET_PTE(l0, I_REMAP, a0, PTE_V | PTE_R | PTE_W | AD)
          RUN_IN_MODE(PRV_S, li a1, VA(I_REMAP); sfence.vma a1, zero; lw a0, 0(a1)); CHECK_RAN_TO_ECALL(PRV_S)
          CHECK(a0, 0x11111111)
    /* a PTE made invalid faults after sfence.vma */
    VCASE(37); la a0, page0; SET_PTE(l0, I_REMAP, a0, PTE_R | PTE_W | AD)
          li a1, VA(I_REMAP); EXPECT_TRAP(2f); ENTER_MODE(PRV_S, 1f); 1: sfence.vma; lw a0, 0(a1); j fail
          2: CHECK_TRAP_CAUSE(CAUSE_LOAD_PAGE_FAULT); CHECK_TRAP_TVAL(VA(I_REMAP))
    /* superpages: aliases of RAM work, misaligned ones fault */
    VCASE(38); la a1, page1; li a2, RAM_BASE; sub a1, a1, a2; li a2, VA_MEGA; add a1, a1, a2
          RUN_IN_MODE(PRV_S, lw a0, 0(a1)); CHECK_RAN_TO_ECALL(PRV_S); CHECK(a0, 0x22222222)
    VCASE(39); la a1, page0; li a2, RAM_BASE; sub a1, a1, a2; li a2, VA_MEGA; add a1, a1, a2
          li a2, 0x7777; RUN_IN_MODE(PRV_S, sw a2, 16(a1)); CHECK_RAN_TO_ECALL(PRV_S); la a1, page0; lw a0, 16(a1)
          CHECK(a0, 0x7777)
    S_FAULT(40, CAUSE_LOAD_PAGE_FAULT, VA_MEGA_BAD, lw a0, 0(a1))
    S_FAULT(41, CAUSE_STORE_PAGE_FAULT, VA_MEGA_BAD + 0x1234, sw a0, 0(a1))
#if XLEN == 64
    VCASE(42); la a1, page1; li a2, RAM_BASE; sub a1, a1, a2; li a2, VA_GIGA; add a1, a1, a2
          RUN_IN_MODE(PRV_S, lw a0, 0(a1)); CHECK_RAN_TO_ECALL(PRV_S); CHECK(a0, 0x22222222)
    S_FAULT(43, CAUSE_LOAD_PAGE_FAULT, VA_GIGA_BAD, lw a0, 0(a1))
#endif
#if XLEN == 64
    /* a leaf PTE with a reserved bit (60) set faults */
    VCASE(51); la a0, page0; SET_PTE(l0, I_RESERVED, a0, PTE_V | PTE_R | PTE_W | AD); GET_PTE(a1, l0, I_RESERVED)
          li a2, 1 << 60; or a1, a1, a2; REG_S a1, 0(t6); sfence.vma
    S_FAULT(52, CAUSE_LOAD_PAGE_FAULT, VA(I_RESERVED), lw a0, 0(a1))
#endif
    /* U-mode: runs from a U page, reads U pages, faults on others */
    VCASE(44); li a1, VA(I_USER); li a2, 0; EXPECT_TRAP(2f); li t6, VA(I_UCODE); csrw mepc, t6
          li t6, MSTATUS_MPP; csrc mstatus, t6; mret
          2: CHECK_TRAP_CAUSE(CAUSE_ECALL_U); CHECK(a2, 0x11111111)
    VCASE(45); li a1, VA(I_RW); EXPECT_TRAP(2f); li t6, VA(I_UCODE); csrw mepc, t6
          li t6, MSTATUS_MPP; csrc mstatus, t6; mret
          2: CHECK_TRAP_CAUSE(CAUSE_LOAD_PAGE_FAULT); CHECK_TRAP_TVAL(VA(I_RW)); CHECK_MEM(trap_rec, TR_EPC, VA(I_UCODE))
          CHECK_TRAP_MPP(PRV_U)
    VCASE(46); EXPECT_TRAP(2f); ENTER_MODE(PRV_U, 1f); 1: nop; j fail                /* identity code is not U */
          2: CHECK_TRAP_CAUSE(CAUSE_FETCH_PAGE_FAULT); CHECK_TRAP_EPC(1b); CHECK_TRAP_TVAL_LABEL(1b)
    /* a page fault delegated to S-mode: scause, stval, sepc */
    VCASE(47); la a0, strap_vector; csrw stvec, a0; li a0, 1 << CAUSE_LOAD_PAGE_FAULT; csrw medeleg, a0
          li a1, VA(I_INVALID) + 0x10; EXPECT_STRAP(3f); EXPECT_TRAP(4f); ENTER_MODE(PRV_S, 1f)
          1: lw a0, 0(a1); j fail
          3: ecall; j fail
          4: csrw medeleg, zero; CHECK_STRAP(CAUSE_LOAD_PAGE_FAULT, 1b, VA(I_INVALID) + 0x10)
          CHECK_TRAP_CAUSE(CAUSE_ECALL_S)
    /* MPRV: M-mode loads and stores translate as MPP (S) */
    VCASE(48); li a1, VA(I_RO); li a0, MSTATUS_MPP; csrc mstatus, a0; li a0, MSTATUS_MPP_S | MSTATUS_MPRV
          csrs mstatus, a0; lw a2, 0(a1); li a0, MSTATUS_MPRV; csrc mstatus, a0; CHECK(a2, 0x22222222)
    VCASE(49); li a1, VA(I_RO); EXPECT_TRAP(2f); li a0, MSTATUS_MPP; csrc mstatus, a0
          li a0, MSTATUS_MPP_S | MSTATUS_MPRV; csrs mstatus, a0; 1: sw a2, 0(a1); j fail
          2: li a0, MSTATUS_MPRV; csrc mstatus, a0; CHECK_TRAP(CAUSE_STORE_PAGE_FAULT, 1b, VA(I_RO)); CHECK_TRAP_MPP(PRV_M)
    /* instruction fetch in M-mode is never translated, even with MPRV */
    VCASE(50); li a0, MSTATUS_MPP; csrc mstatus, a0; li a0, MSTATUS_MPP_S | MSTATUS_MPRV; csrs mstatus, a0
          nop; nop; li a0, MSTATUS_MPRV; csrc mstatus, a0

    jr s10

/* ---- code pages reached only through mappings ---- */
    .balign 4096
upage:                       /* mapped at VA(I_UCODE), user, R X */
    lw a2, 0(a1)
    ecall
    j fail
    .balign 4096
xpage:                       /* mapped at VA(I_XO), execute-only */
    li a0, 0x5a
    ret
    .balign 4096

/* ---- data pages ---- */
    .data
    .balign 4096
page0: .word 0x11111111; .fill 1022, 4, 0; .word 0x0f0f0f0f
page1: .word 0x22222222; .fill 1023, 4, 0
page3: .word 0x33333333; .fill 1023, 4, 0
page4: .word 0x44444444; .fill 1023, 4, 0

/* ---- page tables (zeroed at run time) ---- */
    .bss
    .balign 4096
pt_start:
root:   .skip 4096
#if XLEN == 64
l1:     .skip 4096
root48: .skip 4096
#endif
l0:     .skip 4096
pt_end:
