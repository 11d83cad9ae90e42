/* Signals for guest faults, caught by one SA_SIGINFO handler that records
 * si_signo, si_code, si_addr and the pc in the ucontext, then resumes: it
 * either advances pc past the faulting instruction (whose length the test
 * knows: every instruction here is assembled without RVC unless stated) and
 * puts a marker into a0, or, for a bad jump, returns to ra.
 *   loads/stores to unmapped memory      SIGSEGV SEGV_MAPERR, si_addr = address
 *   store to read-only memory, text      SIGSEGV SEGV_ACCERR
 *   load from PROT_NONE memory           SIGSEGV SEGV_ACCERR
 *   jump to unmapped / non-exec memory   SIGSEGV MAPERR / ACCERR, si_addr = pc
 *   illegal instructions (unimp, c.unimp, M-mode CSR, mret)
 *                                        SIGILL ILL_ILLOPC, si_addr = pc
 *   ebreak, c.ebreak                     SIGTRAP TRAP_BRKPT, si_addr = pc
 * Division by zero does not trap on RISC-V (quotient -1, remainder the
 * dividend), nor does FP division by zero; a bad pointer given to a system
 * call is EFAULT, not a signal. Misaligned loads and stores work. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <fenv.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static volatile int nsig;
static volatile double fp_one = 1.0, fp_zero = 0.0, fp_result;
static int last_signo, last_code;
static uintptr_t last_addr, last_pc;
static long skip; /* bytes to advance pc by; 0 = return to ra */

static void handler(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    nsig++;
    last_signo = sig;
    last_code = si->si_code;
    last_addr = (uintptr_t)si->si_addr;
    last_pc = uc->uc_mcontext.__gregs[REG_PC];
    if (skip)
        uc->uc_mcontext.__gregs[REG_PC] += skip;
    else
        uc->uc_mcontext.__gregs[REG_PC] = uc->uc_mcontext.__gregs[REG_RA];
    uc->uc_mcontext.__gregs[REG_A0] = 0x5a5a;
}

static const char *sig_name(int s)
{
    switch (s) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    case SIGFPE: return "SIGFPE";
    default: return "other";
    }
}

static const char *code_name(int s, int c)
{
    if (s == SIGSEGV)
        return c == SEGV_MAPERR ? "SEGV_MAPERR" : c == SEGV_ACCERR ? "SEGV_ACCERR" : "other";
    if (s == SIGILL)
        return c == ILL_ILLOPC ? "ILL_ILLOPC" : c == ILL_PRVOPC ? "ILL_PRVOPC" : "other";
    if (s == SIGTRAP)
        return c == TRAP_BRKPT ? "TRAP_BRKPT" : "other";
    if (s == SIGBUS)
        return c == BUS_ADRERR ? "BUS_ADRERR" : c == BUS_ADRALN ? "BUS_ADRALN" : "other";
    return "other";
}

static void report(const char *what, int before, uintptr_t want_addr, uintptr_t want_pc,
                   long result)
{
    printf("%-28s signals=%d %s %s addr-ok=%s pc-ok=%s a0=%#lx\n", what, nsig - before,
           sig_name(last_signo), code_name(last_signo, last_code),
           last_addr == want_addr ? "yes" : "no", last_pc == want_pc ? "yes" : "no", result);
    last_signo = last_code = 0;
    last_addr = last_pc = 0;
}

static long load_at(uintptr_t addr, uintptr_t *pc)
{
    register long a0 __asm__("a0");
    __asm__ volatile(".option push\n.option norvc\n"
                     "lla %1, 1f\n"
                     "li a0, 0\n"
                     "1: ld a0, 0(%2)\n"
                     ".option pop\n"
                     : "=&r"(a0), "=&r"(*pc)
                     : "r"(addr)
                     : "memory");
    return a0;
}

static long store_at(uintptr_t addr, long v, uintptr_t *pc)
{
    register long a0 __asm__("a0");
    __asm__ volatile(".option push\n.option norvc\n"
                     "lla %1, 1f\n"
                     "li a0, 0\n"
                     "1: sd %3, 0(%2)\n"
                     ".option pop\n"
                     : "=&r"(a0), "=&r"(*pc)
                     : "r"(addr), "r"(v)
                     : "memory");
    return a0;
}

/* Calls addr; the handler returns to ra. */
static long jump_to(uintptr_t addr)
{
    register long a0 __asm__("a0") = 0;
    __asm__ volatile("jalr ra, 0(%1)\n" : "+r"(a0) : "r"(addr) : "ra", "memory");
    return a0;
}

#define ILLEGAL(name, insn, len)                                                    \
    static long name(uintptr_t *pc)                                                 \
    {                                                                               \
        register long a0 __asm__("a0");                                             \
        __asm__ volatile(".option push\n.option norvc\n"                            \
                         "lla %1, 1f\n"                                             \
                         "li a0, 0\n"                                               \
                         ".option pop\n"                                            \
                         "1: " insn "\n"                                            \
                         : "=&r"(a0), "=&r"(*pc)                                    \
                         :                                                          \
                         : "memory");                                               \
        return a0;                                                                  \
    }

ILLEGAL(do_unimp, ".option push\n.option norvc\nunimp\n.option pop", 4)
ILLEGAL(do_c_unimp, ".2byte 0", 2)
ILLEGAL(do_csr_mstatus, "csrr a0, mstatus", 4)
ILLEGAL(do_mret, "mret", 4)
ILLEGAL(do_ebreak, ".option push\n.option norvc\nebreak\n.option pop", 4)
ILLEGAL(do_c_ebreak, ".option push\n.option rvc\nc.ebreak\n.option pop", 2)

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);

    long pg = sysconf(_SC_PAGESIZE);
    uintptr_t pc;
    long r;
    int before;

    skip = 4;
    before = nsig;
    r = load_at(0x10, &pc);
    report("load from 0x10", before, 0x10, pc, r);

    char *gone = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(gone, pg);
    before = nsig;
    r = load_at((uintptr_t)gone + 0x123, &pc);
    report("load from unmapped page", before, (uintptr_t)gone + 0x123, pc, r);
    before = nsig;
    r = store_at((uintptr_t)gone + 0x800, 1, &pc);
    report("store to unmapped page", before, (uintptr_t)gone + 0x800, pc, r);
    /* (Checked now: a later mmap may reuse the hole.) */
    int zfd = open("/dev/zero", O_RDONLY);
    errno = 0;
    r = read(zfd, gone, 16);
    printf("read(/dev/zero, unmapped, 16) = %ld errno=%s\n", r, strerror(errno));
    close(zfd);

    long *ro = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ro[8] = 77;
    mprotect(ro, pg, PROT_READ);
    before = nsig;
    r = store_at((uintptr_t)&ro[8], 99, &pc);
    report("store to read-only page", before, (uintptr_t)&ro[8], pc, r);
    printf("  read-only value unchanged: %ld\n", ro[8]);
    mprotect(ro, pg, PROT_NONE);
    before = nsig;
    r = load_at((uintptr_t)&ro[3], &pc);
    report("load from PROT_NONE page", before, (uintptr_t)&ro[3], pc, r);
    mprotect(ro, pg, PROT_READ | PROT_WRITE);
    printf("  after mprotect back: %ld\n", ro[8]);

    before = nsig;
    r = store_at((uintptr_t)main + 16, 0, &pc);
    report("store into program text", before, (uintptr_t)main + 16, pc, r);

    /* Misaligned access works. */
    unsigned char buf[32];
    for (int i = 0; i < 32; i++)
        buf[i] = (unsigned char)i;
    before = nsig;
    r = load_at((uintptr_t)&buf[3], &pc);
    printf("%-28s signals=%d value=%#lx\n", "misaligned load", nsig - before, r);
    store_at((uintptr_t)&buf[9], 0x1122334455667788, &pc);
    printf("%-28s signals=%d bytes 8..17 =", "misaligned store", nsig - before);
    for (int i = 8; i < 18; i++)
        printf(" %02x", buf[i]);
    printf("\n");

    /* Bad jumps: pc is the target; the handler returns to ra. */
    skip = 0;
    before = nsig;
    r = jump_to(0x1000);
    report("jump to unmapped 0x1000", before, 0x1000, 0x1000, r);
    uint32_t *data = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    data[0] = 0x00008067; /* ret */
    before = nsig;
    r = jump_to((uintptr_t)data);
    report("jump to non-exec page", before, (uintptr_t)data, (uintptr_t)data, r);
    /* The same page made executable runs. */
    mprotect(data, pg, PROT_READ | PROT_EXEC);
    __builtin___clear_cache((char *)data, (char *)data + 4);
    before = nsig;
    r = jump_to((uintptr_t)data);
    printf("%-28s signals=%d a0=%#lx\n", "jump to exec page (ret)", nsig - before, r);

    /* Illegal instructions and breakpoints: si_addr = pc = the instruction. */
    skip = 4;
    before = nsig;
    r = do_unimp(&pc);
    report("unimp (32-bit)", before, pc, pc, r);
    skip = 2;
    before = nsig;
    r = do_c_unimp(&pc);
    report("c.unimp (16-bit zero)", before, pc, pc, r);
    skip = 4;
    before = nsig;
    r = do_csr_mstatus(&pc);
    report("csrr mstatus in U-mode", before, pc, pc, r);
    before = nsig;
    r = do_mret(&pc);
    report("mret in U-mode", before, pc, pc, r);
    before = nsig;
    r = do_ebreak(&pc);
    report("ebreak", before, pc, pc, r);
    skip = 2;
    before = nsig;
    r = do_c_ebreak(&pc);
    report("c.ebreak", before, pc, pc, r);

    /* No traps for division. */
    before = nsig;
    volatile long a = 42, zero = 0, m1 = -1, minl = INT64_MIN;
    long q, rem, qu, q2, r2;
    __asm__ volatile("div %0, %1, %2" : "=r"(q) : "r"(a), "r"(zero));
    __asm__ volatile("rem %0, %1, %2" : "=r"(rem) : "r"(a), "r"(zero));
    __asm__ volatile("divu %0, %1, %2" : "=r"(qu) : "r"(a), "r"(zero));
    __asm__ volatile("div %0, %1, %2" : "=r"(q2) : "r"(minl), "r"(m1));
    __asm__ volatile("rem %0, %1, %2" : "=r"(r2) : "r"(minl), "r"(m1));
    printf("42/0=%ld 42%%0=%ld 42/0u=%#lx MIN/-1=%ld MIN%%-1=%ld signals=%d\n", q, rem, qu, q2, r2,
           nsig - before);
    feclearexcept(FE_ALL_EXCEPT);
    fp_result = fp_one / fp_zero;
    int dbz = fetestexcept(FE_DIVBYZERO) != 0;
    printf("1.0/0.0=%g DIVBYZERO flag=%d signals=%d\n", fp_result, dbz, nsig - before);

    /* Bad pointers in system calls: EFAULT. */
    volatile uintptr_t bad_ptr = 0x10;
    errno = 0;
    r = write(1, (void *)bad_ptr, 5);
    printf("write(1, 0x10, 5) = %ld errno=%s signals=%d\n", r, strerror(errno), nsig - before);
    int fd = open("/dev/zero", O_RDONLY);
    errno = 0;
    r = read(fd, ro, 16);
    printf("read(/dev/zero, writable, 16) = %ld\n", r);
    mprotect(ro, pg, PROT_READ);
    errno = 0;
    r = read(fd, ro, 16);
    printf("read(/dev/zero, read-only, 16) = %ld errno=%s signals=%d\n", r, strerror(errno),
           nsig - before);
    close(fd);

    /* The handler is still installed after all this: one more fault. */
    skip = 4;
    before = nsig;
    r = load_at(8, &pc);
    report("load from 8 again", before, 8, pc, r);
    printf("total signals: %d\n", nsig);
    return 0;
}
