/*
 * Precise faults inside hot (translated) code: a function that loads and
 * stores through a pointer runs a thousand times on good memory, then gets
 * a pointer to a PROT_NONE page, to a read-only page, and far outside the
 * address space. The SIGSEGV handler must see the pc of the faulting
 * instruction itself, the register written just before it, the register
 * written just after it still untouched, and the address in si_addr.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

extern char probe_load[], probe_store[];

/* t0 = k + 5; r = *p; t1 = k + 7; *(p + 1) = r + 1 (marked instructions) */
__attribute__((noinline)) static long probe(volatile long *p, long k)
{
    long r;
    __asm__ volatile("li t1, 0\n\t"
                     "addi t0, %[k], 5\n"
                     ".globl probe_load\n"
                     "probe_load:\n\t"
                     "ld %[r], 0(%[p])\n\t"
                     "addi t1, %[k], 7\n\t"
                     "addi %[r], %[r], 1\n"
                     ".globl probe_store\n"
                     "probe_store:\n\t"
                     "sd %[r], 8(%[p])\n\t"
                     "addi t1, t1, 1\n\t"
                     : [r] "=&r"(r)
                     : [p] "r"(p), [k] "r"(k)
                     : "t0", "t1", "memory");
    return r;
}

static sigjmp_buf back;
static volatile uintptr_t seen_pc, seen_addr;
static volatile long seen_t0, seen_t1;

static void on_segv(int sig, siginfo_t *si, void *uc_)
{
    (void)sig;
    ucontext_t *uc = uc_;
    seen_pc = uc->uc_mcontext.__gregs[REG_PC];
    seen_t0 = (long)uc->uc_mcontext.__gregs[5];
    seen_t1 = (long)uc->uc_mcontext.__gregs[6];
    seen_addr = (uintptr_t)si->si_addr;
    siglongjmp(back, 1);
}

static void expect_fault(const char *what, volatile long *p, long k, const char *insn, uintptr_t addr)
{
    seen_pc = 0;
    if (sigsetjmp(back, 1) == 0) {
        probe(p, k);
        printf("%s: no fault\n", what);
        return;
    }
    printf("%s: pc at the %s: %s, t0 set before: %s, t1 after it untouched: %s, si_addr: %s\n", what,
           insn == probe_load ? "load" : "store", seen_pc == (uintptr_t)insn ? "yes" : "NO",
           seen_t0 == k + 5 ? "yes" : "NO",
           seen_t1 == (insn == probe_load ? 0 : k + 7) ? "yes" : "NO", seen_addr == addr ? "yes" : "NO");
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);

    static long good[2];
    long sum = 0;
    for (long i = 0; i < 1000; i++) {
        good[0] = i;
        sum += probe(good, i);
    }
    printf("1000 good runs: sum %ld, last store %ld\n", sum, good[1]);

    long *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (none == MAP_FAILED || ro == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    expect_fault("load from a PROT_NONE page", none, 11, probe_load, (uintptr_t)none);
    expect_fault("store to a read-only page", ro, 12, probe_store, (uintptr_t)(ro + 1));
    long *far = (long *)(uintptr_t)0x7ffffffff000000ull;
    expect_fault("load far outside memory", far, 13, probe_load, (uintptr_t)far);
    /* and the code still runs right afterwards */
    good[0] = 41;
    printf("after the faults: %ld\n", probe(good, 0));
    return 0;
}
