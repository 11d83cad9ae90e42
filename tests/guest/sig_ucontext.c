/* The ucontext a SA_SIGINFO handler receives describes the interrupted code
 * exactly, and sigreturn loads the interrupted code's state back from it, so
 * a handler's edits take effect. An assembly probe sets s1, fs0 and the
 * rounding mode, then sends itself SIGUSR1 with a raw tgkill ecall: the
 * handler finds pc just past the ecall, sp, s1, tp, a0 (tgkill's result 0),
 * a7 (the syscall number), fs0 and frm in uc_mcontext; it then writes new
 * values for s1, fs0, frm and adds SIGUSR2 to uc_sigmask, and the probe sees
 * them after the ecall. Also uc_flags, uc_link, uc_stack without an
 * alternate stack. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

/* probe(pid, tid, sig): returns nothing; results in the globals below. */
void uc_probe(long pid, long tid, long sig);
extern char uc_after_ecall[];
uint64_t probe_sp, probe_s1_after, probe_fs0_after, probe_fcsr_after, probe_a0_after;

__asm__(".text\n"
        ".globl uc_probe\n"
        ".type uc_probe, @function\n"
        ".align 2\n"
        "uc_probe:\n"
        ".option push\n"
        ".option norelax\n"
        "  addi sp, sp, -32\n"
        "  sd s1, 0(sp)\n"
        "  fsd fs0, 8(sp)\n"
        "  li s1, 0x1111\n"
        "  li t0, 0x4004000000000000\n" /* 2.5 */
        "  fmv.d.x fs0, t0\n"
        "  fsrmi 2\n" /* round down */
        "  lla t0, probe_sp\n"
        "  sd sp, 0(t0)\n"
        "  li a7, 131\n" /* tgkill */
        "  ecall\n"
        ".globl uc_after_ecall\n"
        "uc_after_ecall:\n"
        "  lla t0, probe_a0_after\n"
        "  sd a0, 0(t0)\n"
        "  lla t0, probe_s1_after\n"
        "  sd s1, 0(t0)\n"
        "  lla t0, probe_fs0_after\n"
        "  fsd fs0, 0(t0)\n"
        "  frcsr t1\n"
        "  lla t0, probe_fcsr_after\n"
        "  sd t1, 0(t0)\n"
        "  fscsr zero\n"
        "  ld s1, 0(sp)\n"
        "  fld fs0, 8(sp)\n"
        "  addi sp, sp, 32\n"
        "  ret\n"
        ".option pop\n"
        ".size uc_probe, .-uc_probe\n");

static uint64_t seen_pc, seen_sp, seen_s1, seen_tp, seen_a0, seen_a7, seen_fs0;
static unsigned seen_fcsr;
static unsigned long seen_flags;
static void *seen_link;
static int seen_ss_flags;
static volatile int runs;

static void handler(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)si;
    ucontext_t *uc = ctx;
    mcontext_t *mc = &uc->uc_mcontext;
    runs++;
    seen_pc = mc->__gregs[REG_PC];
    seen_sp = mc->__gregs[REG_SP];
    seen_s1 = mc->__gregs[REG_S1];
    seen_tp = mc->__gregs[REG_TP];
    seen_a0 = mc->__gregs[REG_A0];
    seen_a7 = mc->__gregs[17];
    seen_fs0 = mc->__fpregs.__d.__f[8];
    seen_fcsr = mc->__fpregs.__d.__fcsr;
    seen_flags = uc->__uc_flags;
    seen_link = uc->uc_link;
    seen_ss_flags = uc->uc_stack.ss_flags;

    mc->__gregs[REG_S1] = 0x2222;
    double d = 7.25;
    memcpy(&mc->__fpregs.__d.__f[8], &d, 8);
    mc->__fpregs.__d.__fcsr = (4 << 5) | 0x1; /* RMM, NX */
    sigaddset(&uc->uc_sigmask, SIGUSR2);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);

    uint64_t tp = (uint64_t)(uintptr_t)__builtin_thread_pointer();
    uc_probe(getpid(), gettid(), SIGUSR1);
    double fs0_seen, fs0_after;
    memcpy(&fs0_seen, &seen_fs0, 8);
    memcpy(&fs0_after, &probe_fs0_after, 8);

    printf("handler runs: %d\n", runs);
    printf("pc is just past the ecall: %s\n",
           seen_pc == (uint64_t)(uintptr_t)uc_after_ecall ? "yes" : "no");
    printf("sp is the probe's sp: %s\n", seen_sp == probe_sp ? "yes" : "no");
    printf("tp is the thread pointer: %s\n", seen_tp == tp ? "yes" : "no");
    printf("s1 = %#llx\n", (unsigned long long)seen_s1);
    printf("a0 (tgkill result) = %lld, a7 = %lld\n", (long long)seen_a0, (long long)seen_a7);
    printf("fs0 = %g\n", fs0_seen);
    printf("fcsr frm = %u, flags = %#x\n", seen_fcsr >> 5, seen_fcsr & 0x1f);
    printf("uc_flags = %lu, uc_link NULL: %s, uc_stack.ss_flags = %s\n", seen_flags,
           seen_link == NULL ? "yes" : "no",
           seen_ss_flags == SS_DISABLE ? "SS_DISABLE" : seen_ss_flags == 0 ? "0" : "other");

    printf("after sigreturn: a0 = %lld, s1 = %#llx, fs0 = %g, frm = %llu, fflags = %#llx\n",
           (long long)probe_a0_after, (unsigned long long)probe_s1_after, fs0_after,
           (unsigned long long)(probe_fcsr_after >> 5), (unsigned long long)(probe_fcsr_after & 0x1f));
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("SIGUSR2 blocked by the edited uc_sigmask: %s; SIGUSR1 blocked: %s\n",
           sigismember(&now, SIGUSR2) ? "yes" : "no", sigismember(&now, SIGUSR1) ? "yes" : "no");
    return 0;
}
