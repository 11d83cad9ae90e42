/*
 * Synchronous exceptions in S-mode and U-mode (satp = Bare): the cause,
 * sepc and stval each one must report (privileged spec 4.1.9-4.1.11),
 * misaligned accesses that ferry performs instead of trapping, and code
 * that modifies itself with fence.i.
 */
#include "rt.h"
#include "sbi.h"

#define CAUSE_FETCH_ACCESS 1
#define CAUSE_ILLEGAL 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_LOAD_MISALIGNED 4
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_STORE_MISALIGNED 6
#define CAUSE_STORE_ACCESS 7
#define CAUSE_ECALL_U 8

#define UNMAPPED 0x30000000ul          /* nothing on the bus there */
#define PAST_RAM (RAM_BASE + (256ul << 20)) /* just past the default 256 MiB */

/* Run one instruction at a label; returns the label's address. */
#define AT(insn)                                                                                                     \
    ({                                                                                                               \
        unsigned long pc_;                                                                                           \
        __asm__ volatile("la %0, 1f\n1: " insn "\n" : "=&r"(pc_) : : "t0", "memory");                              \
        pc_;                                                                                                         \
    })

static void check_epc(const char *name, unsigned long want)
{
    check_eq(name, traps.epc, want);
}

static void illegal(void)
{
    trap_reset();
    unsigned long pc = AT(".word 0x1234500b"); /* custom-0: not implemented */
    check_trap("illegal: custom-0 -> cause 2, stval = instruction", CAUSE_ILLEGAL, 0x1234500b);
    check_epc("illegal: custom-0 sepc", pc);
    check_eq("illegal: sstatus.SPP = S", traps.sstatus & SSTATUS_SPP, SSTATUS_SPP);

    trap_reset();
    pc = AT("csrr t0, mstatus"); /* an M-mode CSR from S-mode */
    check_trap("illegal: csrr mstatus from S -> cause 2, stval = 0x300022f3", CAUSE_ILLEGAL, 0x300022f3);
    check_epc("illegal: csrr mstatus sepc", pc);

    trap_reset();
    AT("csrw time, zero"); /* a read-only CSR written */
    check_trap("illegal: csrw time -> cause 2, stval = 0xc0101073", CAUSE_ILLEGAL, 0xc0101073);

    /* 16-bit encodings: stval holds the 16 instruction bits, zero-extended */
    trap_reset();
    pc = AT(".half 0x0004"); /* c.addi4spn with a zero immediate: reserved */
    check_trap("illegal: reserved c.addi4spn -> cause 2, stval = 0x0004", CAUSE_ILLEGAL, 0x0004);
    check_epc("illegal: c.addi4spn sepc", pc);
    trap_reset();
    AT(".half 0x6081"); /* c.lui with a zero immediate: reserved */
    check_trap("illegal: reserved c.lui -> cause 2, stval = 0x6081", CAUSE_ILLEGAL, 0x6081);
}

static void breakpoints(void)
{
    trap_reset();
    unsigned long pc = AT(".option push\n.option norvc\nebreak\n.option pop");
    /* stval is the breakpoint's address or 0 (not written) */
    checkf(traps.count == 1 && traps.cause == CAUSE_BREAKPOINT && (traps.tval == pc || traps.tval == 0),
           "ebreak -> cause 3", "%lu trap(s), scause %lu stval 0x%lx", traps.count, traps.cause, traps.tval);
    check_epc("ebreak sepc", pc);
    trap_reset();
    pc = AT(".half 0x9002"); /* c.ebreak */
    checkf(traps.count == 1 && traps.cause == CAUSE_BREAKPOINT && (traps.tval == pc || traps.tval == 0),
           "c.ebreak -> cause 3", "%lu trap(s), scause %lu stval 0x%lx", traps.count, traps.cause, traps.tval);
    check_epc("c.ebreak sepc", pc);
}

static void access_faults(void)
{
    trap_reset();
    unsigned long pc;
    __asm__ volatile("la %0, 1f\n1: lw t0, 0(%1)" : "=&r"(pc) : "r"(UNMAPPED) : "t0", "memory");
    check_trap("access: load from unmapped 0x30000000 -> cause 5, stval = address", CAUSE_LOAD_ACCESS, UNMAPPED);
    check_epc("access: load sepc", pc);

    trap_reset();
    __asm__ volatile("la %0, 1f\n1: sd zero, 8(%1)" : "=&r"(pc) : "r"(UNMAPPED) : "memory");
    check_trap("access: store to unmapped -> cause 7, stval = address", CAUSE_STORE_ACCESS, UNMAPPED + 8);
    check_epc("access: store sepc", pc);

    trap_reset();
    __asm__ volatile("amoadd.w zero, zero, (%0)" : : "r"(UNMAPPED + 4) : "memory");
    check_trap("access: AMO on unmapped -> cause 7", CAUSE_STORE_ACCESS, UNMAPPED + 4);

    trap_reset();
    (void)*(volatile uint64_t *)PAST_RAM;
    check_trap("access: load past the end of RAM -> cause 5", CAUSE_LOAD_ACCESS, PAST_RAM);

    /* a misaligned load that runs off the end of RAM: the part past it
     * faults (stval = its address), nothing is loaded */
    trap_reset();
    unsigned long v = 0x5555;
    __asm__ volatile("ld %0, 0(%1)" : "+r"(v) : "r"(PAST_RAM - 4) : "memory");
    check_trap("access: ld across the end of RAM -> cause 5, stval = end of RAM", CAUSE_LOAD_ACCESS, PAST_RAM);
    check_eq("access: the faulting ld left its register alone", v, 0x5555);

    /* a call to an address where nothing can be fetched: the handler
     * returns to ra, as if the call had returned */
    trap_reset();
    ((void (*)(void))UNMAPPED)();
    check_trap("access: fetch from unmapped -> cause 1, stval = address", CAUSE_FETCH_ACCESS, UNMAPPED);
    check_epc("access: fetch sepc = the target", UNMAPPED);
}

static uint8_t buf[8192] __attribute__((aligned(4096)));

static void misaligned(void)
{
    for (unsigned i = 0; i < 16; i++)
        buf[i] = (uint8_t)(0x10 + i);
    trap_reset();
    uint64_t w = 0, d = 0, h = 0;
    __asm__ volatile("lw %0, 1(%3)\n"
                     "ld %1, 3(%3)\n"
                     "lhu %2, 7(%3)\n"
                     : "=&r"(w), "=&r"(d), "=&r"(h)
                     : "r"(buf)
                     : "memory");
    check_no_trap("misaligned: loads do not trap");
    check_eq("misaligned: lw at +1", w, 0x14131211);
    check_eq("misaligned: ld at +3", d, 0x1a19181716151413ul);
    check_eq("misaligned: lhu at +7", h, 0x1817);

    trap_reset();
    __asm__ volatile("sd %0, 5(%1)\nsh %2, 1(%1)" : : "r"(0x8877665544332211ul), "r"(buf), "r"(0xbbaa) : "memory");
    check_no_trap("misaligned: stores do not trap");
    check_eq("misaligned: sd at +5", *(volatile uint64_t *)(buf + 8) & 0xffffff, 0x665544);
    check_eq("misaligned: sd at +5 (low part)", *(volatile uint32_t *)(buf + 4) >> 8, 0x332211);
    check_eq("misaligned: sh at +1", buf[1] | buf[2] << 8, 0xbbaa);

    /* across a page boundary */
    uint8_t *edge = buf + 4096 - 3;
    trap_reset();
    __asm__ volatile("sd %0, 0(%1)" : : "r"(0x0102030405060708ul), "r"(edge) : "memory");
    __asm__ volatile("ld %0, 0(%1)" : "=r"(d) : "r"(edge) : "memory");
    check_no_trap("misaligned: sd/ld across a page boundary do not trap");
    check_eq("misaligned: ld across a page boundary", d, 0x0102030405060708ul);
    check_eq("misaligned: the bytes landed on both pages", (uint64_t)buf[4095] << 8 | buf[4096], 0x0605);

    /* atomics must be aligned: address-misaligned or access fault
     * (unprivileged spec, "A" chapter), stval = the address */
    trap_reset();
    __asm__ volatile("amoadd.w zero, zero, (%0)" : : "r"(buf + 1) : "memory");
    checkf(traps.count == 1 && (traps.cause == CAUSE_STORE_MISALIGNED || traps.cause == CAUSE_STORE_ACCESS) &&
               traps.tval == (uintptr_t)(buf + 1),
           "misaligned: amoadd.w -> cause 6 (or 7), stval = address", "%lu trap(s), scause %lu stval 0x%lx",
           traps.count, traps.cause, traps.tval);
    trap_reset();
    __asm__ volatile("lr.w t0, (%0)" : : "r"(buf + 2) : "t0", "memory");
    checkf(traps.count == 1 && (traps.cause == CAUSE_LOAD_MISALIGNED || traps.cause == CAUSE_LOAD_ACCESS) &&
               traps.tval == (uintptr_t)(buf + 2),
           "misaligned: lr.w -> cause 4 (or 5), stval = address", "%lu trap(s), scause %lu stval 0x%lx",
           traps.count, traps.cause, traps.tval);
}

/* ---- U-mode ---- */

static uint8_t user_stack[4096] __attribute__((aligned(16)));
volatile uint64_t user_result;

/* U-mode snippets: each ends in its first trap; results go to user_result */
void u_ecall(void);
void u_csr(void);
void u_sret(void);
void u_rdtime(void);
void u_ebreak(void);
void u_sfence(void);
extern char u_ecall_at[], u_csr_at[], u_rdtime_at[];
__asm__(".text\n"
        ".balign 4\n"
        "u_ecall: li a0, 7\n"
        "u_ecall_at: ecall\n"
        "u_csr:\n"
        "u_csr_at: csrr t0, sstatus\n"
        "ecall\n"
        "u_sret: sret\n"
        "ecall\n"
        "u_rdtime:\n"
        "u_rdtime_at: rdtime t0\n"
        "la t1, user_result\n"
        "sd t0, 0(t1)\n"
        "ecall\n"
        "u_ebreak: .option push\n.option norvc\nebreak\n.option pop\n"
        "u_sfence: sfence.vma\n"
        "ecall\n");

static unsigned long user(void (*fn)(void))
{
    trap_reset();
    return run_user((uintptr_t)fn, (uintptr_t)(user_stack + sizeof user_stack));
}

static void user_mode(void)
{
    unsigned long cause = user(u_ecall);
    check_eq("user: ecall from U -> cause 8", cause, CAUSE_ECALL_U);
    check_eq("user: ecall sepc", traps.epc, (uintptr_t)u_ecall_at);
    check_eq("user: ecall stval = 0", traps.tval, 0);
    check_eq("user: sstatus.SPP = U", traps.sstatus & SSTATUS_SPP, 0);

    cause = user(u_csr);
    check_eq("user: csrr sstatus from U -> cause 2", cause, CAUSE_ILLEGAL);
    check_eq("user: csrr sstatus stval = instruction (0x100022f3)", traps.tval, 0x100022f3);
    check_eq("user: csrr sstatus sepc", traps.epc, (uintptr_t)u_csr_at);

    cause = user(u_sret);
    check_eq("user: sret from U -> cause 2", cause, CAUSE_ILLEGAL);
    check_eq("user: sret stval = 0x10200073", traps.tval, 0x10200073);

    cause = user(u_ebreak);
    check_eq("user: ebreak from U -> cause 3", cause, CAUSE_BREAKPOINT);

    cause = user(u_sfence);
    check_eq("user: sfence.vma from U -> cause 2", cause, CAUSE_ILLEGAL);
    check_eq("user: sfence.vma stval = 0x12000073", traps.tval, 0x12000073);

    /* the time counter below S: scounteren.TM decides (privileged 4.1.5) */
    unsigned long saved = csr_read(scounteren);
    csr_write(scounteren, 0);
    cause = user(u_rdtime);
    if (sbi_is_ferry()) {
        check_eq("user: rdtime with scounteren.TM = 0 -> cause 2", cause, CAUSE_ILLEGAL);
        check_eq("user: rdtime fault sepc", traps.epc, (uintptr_t)u_rdtime_at);
    } else {
        /* the CPU raises illegal instruction to M-mode, where OpenSBI
         * emulates time reads without looking at scounteren */
        checkf(cause == CAUSE_ILLEGAL || cause == CAUSE_ECALL_U, "user: rdtime with scounteren.TM = 0 -> cause 2",
               "cause %lu", cause);
        checkf(cause == CAUSE_ECALL_U || traps.epc == (uintptr_t)u_rdtime_at, "user: rdtime fault sepc",
               "0x%lx", traps.epc);
    }
    csr_write(scounteren, 2);
    user_result = 0;
    uint64_t before = rdtime();
    cause = user(u_rdtime);
    uint64_t after = rdtime();
    check_eq("user: rdtime with scounteren.TM = 1 runs (then ecall)", cause, CAUSE_ECALL_U);
    check_range("user: rdtime value from U", user_result, before, after);
    csr_write(scounteren, saved);
}

/* ---- self-modifying code ---- */

static uint32_t code[1024] __attribute__((aligned(4096)));

static void fence_i_code(void)
{
    long (*fn)(void) = (long (*)(void))(uintptr_t)code;
    unsigned long good = 0;
    for (unsigned round = 0; round < 50; round++) {
        uint32_t value = round + 1;
        code[0] = 0x00000513u | value << 20; /* li a0, value (addi a0, zero, value) */
        code[1] = 0x00008067u;               /* ret */
        fence_i();
        long got = 0;
        for (unsigned i = 0; i < 20; i++) /* run it enough to be cached */
            got = fn();
        if (got == (long)value)
            good++;
    }
    check_eq("fence.i: rewritten code runs its new version (50 rounds)", good, 50);
}

/* ---- FP state and CSR fields ---- */

static void fp_state(void)
{
    unsigned long saved = csr_read(sstatus) & SSTATUS_FS;
    csr_clear(sstatus, SSTATUS_FS); /* Off */
    trap_reset();
    unsigned long pc = AT("fmv.d.x ft0, zero");
    check_trap("fp: with sstatus.FS = Off an FP instruction is illegal (stval = 0xf2000053)", CAUSE_ILLEGAL,
               0xf2000053);
    check_epc("fp: sepc", pc);
    trap_reset();
    AT("csrr t0, fcsr");
    check_trap("fp: with FS = Off fcsr is illegal too", CAUSE_ILLEGAL, 0x003022f3);

    csr_set(sstatus, 1ul << 13); /* Initial */
    trap_reset();
    AT("fmv.d.x ft0, zero");
    check_no_trap("fp: with FS = Initial FP instructions run");
    unsigned long st = csr_read(sstatus);
    check_eq("fp: writing an FP register makes FS Dirty", st & SSTATUS_FS, SSTATUS_FS);
    check_eq("fp: ... and sets sstatus.SD", st >> 63, 1);
    csr_clear(sstatus, SSTATUS_FS);
    csr_set(sstatus, saved);
}

static void csr_fields(void)
{
    unsigned long saved = csr_read(sepc);
    csr_write(sepc, 0x80200003ul);
    /* IALIGN = 16 (C extension): only bit 0 is always zero */
    check_eq("csr: sepc bit 0 reads 0", csr_read(sepc), 0x80200002ul);
    csr_write(sepc, saved);
    csr_write(sscratch, 0x1234567890abcdeful);
    check_eq("csr: sscratch holds 64 bits", csr_read(sscratch), 0x1234567890abcdeful);
    csr_write(sscratch, 0);
}

/* instret counts retired instructions exactly, mid-block too */
static void counters(void)
{
    unsigned long a, b;
    __asm__ volatile("rdinstret %0\n"
                     "nop\n nop\n nop\n nop\n nop\n nop\n nop\n nop\n nop\n nop\n"
                     "rdinstret %1\n"
                     : "=&r"(a), "=r"(b));
    check_eq("instret: rdinstret; 10 nops; rdinstret -> 11", b - a, 11);
    unsigned long c0, c1;
    __asm__ volatile("rdcycle %0\n nop\n rdcycle %1\n" : "=&r"(c0), "=r"(c1));
    check(c1 > c0, "cycle: advances");
}

void test_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid, (void)dtb;
    fp_state();
    csr_fields();
    counters();
    illegal();
    breakpoints();
    access_faults();
    misaligned();
    user_mode();
    fence_i_code();
}
