/* SIGBUS: touching a page of a file mapping that lies wholly beyond the end
 * of the file (BUS_ADRERR, si_addr = the address), and an atomic memory
 * operation on a misaligned address (BUS_ADRALN: Linux does not emulate
 * misaligned AMOs or LR/SC). The handler resumes after the instruction.
 * The part of the mapping inside the file's last page reads the file's bytes
 * and then zeros. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static volatile int nsig;
static int last_signo, last_code;
static uintptr_t last_addr, last_pc;

static void handler(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    nsig++;
    last_signo = sig;
    last_code = si->si_code;
    last_addr = (uintptr_t)si->si_addr;
    last_pc = uc->uc_mcontext.__gregs[REG_PC];
    uc->uc_mcontext.__gregs[REG_PC] += 4;
    uc->uc_mcontext.__gregs[REG_A0] = 0x5a5a;
}

static const char *code_name(int s, int c)
{
    if (s == SIGBUS)
        return c == BUS_ADRERR ? "SIGBUS BUS_ADRERR" : c == BUS_ADRALN ? "SIGBUS BUS_ADRALN" : "SIGBUS other";
    if (s == SIGSEGV)
        return c == SEGV_MAPERR ? "SIGSEGV SEGV_MAPERR" : "SIGSEGV other";
    return s ? "other signal" : "none";
}

static void report(const char *what, int before, uintptr_t want_addr, uintptr_t pc, long a0)
{
    printf("%-30s signals=%d %s addr-ok=%s pc-ok=%s a0=%#lx\n", what, nsig - before,
           code_name(last_signo, last_code), last_addr == want_addr ? "yes" : "no",
           last_pc == pc ? "yes" : "no", a0);
    last_signo = last_code = 0;
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

static long amoadd_at(uintptr_t addr, uintptr_t *pc)
{
    register long a0 __asm__("a0");
    __asm__ volatile("lla %1, 1f\n"
                     "li a0, 0\n"
                     "li t0, 1\n"
                     "1: amoadd.w a0, t0, (%2)\n"
                     : "=&r"(a0), "=&r"(*pc)
                     : "r"(addr)
                     : "t0", "memory");
    return a0;
}

static long lr_at(uintptr_t addr, uintptr_t *pc)
{
    register long a0 __asm__("a0");
    __asm__ volatile("lla %1, 1f\n"
                     "li a0, 0\n"
                     "1: lr.d a0, (%2)\n"
                     : "=&r"(a0), "=&r"(*pc)
                     : "r"(addr)
                     : "memory");
    return a0;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);

    long pg = sysconf(_SC_PAGESIZE);
    char path[] = "/tmp/ferry-sig_bus-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        return 1;
    }
    unlink(path);
    char text[100];
    for (int i = 0; i < 100; i++)
        text[i] = (char)('a' + i % 26);
    if (write(fd, text, 100) != 100) {
        perror("write");
        return 1;
    }
    char *m = mmap(NULL, 3 * pg, PROT_READ, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    uintptr_t pc;
    int before = nsig;
    long v = load_at((uintptr_t)m + 96, &pc);
    printf("bytes 96..103 of a 100-byte file: %#lx signals=%d\n", v, nsig - before);
    before = nsig;
    v = load_at((uintptr_t)m + pg + 8, &pc);
    report("load 8 bytes into page 2", before, (uintptr_t)m + pg + 8, pc, v);
    before = nsig;
    v = load_at((uintptr_t)m + 2 * pg + 0x100, &pc);
    report("load in page 3", before, (uintptr_t)m + 2 * pg + 0x100, pc, v);
    /* Growing the file makes page 2 readable. */
    if (ftruncate(fd, 2 * pg) != 0)
        perror("ftruncate");
    before = nsig;
    v = load_at((uintptr_t)m + pg + 8, &pc);
    printf("after ftruncate to 2 pages, page 2 reads %#lx signals=%d\n", v, nsig - before);
    munmap(m, 3 * pg);
    close(fd);

    /* Misaligned atomics. */
    static uint64_t words[4] = { 0x1111111111111111, 0x2222222222222222, 0, 0 };
    uintptr_t odd = (uintptr_t)words + 2;
    before = nsig;
    v = amoadd_at(odd, &pc);
    report("amoadd.w at 2 mod 4", before, odd, pc, v);
    printf("  memory unchanged: %s\n", words[0] == 0x1111111111111111 ? "yes" : "no");
    before = nsig;
    v = lr_at((uintptr_t)words + 4, &pc);
    report("lr.d at 4 mod 8", before, (uintptr_t)words + 4, pc, v);
    before = nsig;
    v = amoadd_at((uintptr_t)words + 8, &pc);
    printf("aligned amoadd.w: old=%#lx signals=%d new low word=%#llx\n", v, nsig - before,
           (unsigned long long)(words[1] & 0xffffffff));
    return 0;
}
