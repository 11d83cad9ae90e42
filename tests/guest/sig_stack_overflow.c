/* Stack overflow caught on the alternate stack. Unbounded recursion runs
 *  1. on a 256 KiB stack of our own (makecontext) with a PROT_NONE guard page
 *     below it: the fault is SIGSEGV SEGV_ACCERR with si_addr inside the
 *     guard page;
 *  2. on the main stack, until the stack limit: SIGSEGV.
 * Both handlers (SA_ONSTACK) run on the alternate stack, which is the only
 * way they can run at all, and siglongjmp back out; the program then goes on
 * normally and can overflow again. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf back;
static volatile long depth;
static volatile int stop_never; /* keeps the compiler from seeing an endless recursion */
static volatile uintptr_t fault_addr;
static volatile int fault_code, on_alt;
static char *alt;
#define ALT_SIZE (64 * 1024)

static void handler(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)ctx;
    volatile char here;
    fault_addr = (uintptr_t)si->si_addr;
    fault_code = si->si_code;
    on_alt = (uintptr_t)&here >= (uintptr_t)alt && (uintptr_t)&here < (uintptr_t)alt + ALT_SIZE;
    siglongjmp(back, 1);
}

static long recurse(long n)
{
    volatile char pad[200];
    pad[n % 200] = (char)n;
    depth = n;
    if (stop_never)
        return 0;
    return recurse(n + 1) + pad[(n * 7) % 200];
}

static ucontext_t main_ctx, deep_ctx;
static char *guard;
static long pg;

static void on_small_stack(void)
{
    recurse(0);
}

int main(void)
{
    pg = sysconf(_SC_PAGESIZE);
    alt = mmap(NULL, ALT_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    stack_t st = { .ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0 };
    sigaltstack(&st, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);

    /* 1: our own stack with a guard page. */
    size_t size = 256 * 1024;
    guard = mmap(NULL, size + pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(guard, pg, PROT_NONE);
    for (volatile int round = 1; round <= 2; round++) {
        getcontext(&deep_ctx);
        deep_ctx.uc_stack.ss_sp = guard + pg;
        deep_ctx.uc_stack.ss_size = size;
        deep_ctx.uc_link = &main_ctx;
        makecontext(&deep_ctx, on_small_stack, 0);
        if (sigsetjmp(back, 1) == 0) {
            swapcontext(&main_ctx, &deep_ctx);
            printf("recursion returned: wrong\n");
        } else {
            printf("round %d: caught, SEGV_ACCERR: %s, si_addr in the guard page: %s, "
                   "handler on the alternate stack: %s, depth > 1000: %s\n",
                   round, fault_code == SEGV_ACCERR ? "yes" : "no",
                   fault_addr >= (uintptr_t)guard && fault_addr < (uintptr_t)guard + pg ? "yes"
                                                                                       : "no",
                   on_alt ? "yes" : "no", depth > 1000 ? "yes" : "no");
        }
    }

    /* 2: the main stack. */
    for (volatile int round = 1; round <= 2; round++) {
        on_alt = 0;
        if (sigsetjmp(back, 1) == 0) {
            recurse(0);
            printf("recursion returned: wrong\n");
        } else {
            printf("main stack round %d: caught SIGSEGV, handler on the alternate stack: %s, "
                   "depth > 10000: %s\n",
                   round, on_alt ? "yes" : "no", depth > 10000 ? "yes" : "no");
        }
    }
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("SIGSEGV unblocked again by siglongjmp: %s\n", sigismember(&now, SIGSEGV) ? "no" : "yes");
    return 0;
}
