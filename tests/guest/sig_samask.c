/* sa_mask: the signals a handler's sigaction adds to the mask while it runs.
 * A signal in sa_mask raised inside the handler waits until sigreturn puts
 * the interrupted mask back; the kernel never stores SIGKILL or SIGSTOP in
 * sa_mask. Several pending signals unblocked at once with a full sa_mask are
 * delivered one by one, lowest number first (RT signals: every queued
 * instance, in the order sent).
 * Not compared with qemu-riscv64 7.2: it reads sa_mask at the wrong offset of
 * the riscv kernel struct sigaction, so its handlers run without sa_mask. The
 * expected output is what Linux does (the same C program on an x86-64 Linux
 * host prints it too). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Handlers change these globals behind the compiler's back: glibc declares
 * raise(), sigprocmask() and friends "leaf" functions (they never call back
 * into this file), so reads after them need a compiler barrier. */
#define BARRIER() __asm__ volatile("" ::: "memory")

static char trace[512];

static void mark(const char *s)
{
    if (trace[0])
        strcat(trace, " ");
    strcat(trace, s);
}

static void show(const char *what)
{
    BARRIER();
    printf("%-36s %s\n", what, trace);
    trace[0] = 0;
}

static int is_blocked(int sig)
{
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    return sigismember(&now, sig);
}

static void h1_raise2(int sig)
{
    (void)sig;
    mark("1<");
    raise(SIGUSR2);
    mark(">1");
}

static void h2(int sig)
{
    (void)sig;
    mark("2<");
    raise(SIGRTMIN + 1);
    mark(">2");
}

static void h_rt(int sig)
{
    (void)sig;
    mark("R<");
    mark(">R");
}

static int in_usr1, in_usr2, in_term, in_rt1, in_rt5;

static void h_masks(int sig)
{
    (void)sig;
    in_usr1 = is_blocked(SIGUSR1);
    in_usr2 = is_blocked(SIGUSR2);
    in_term = is_blocked(SIGTERM);
    in_rt1 = is_blocked(SIGRTMIN + 1);
    in_rt5 = is_blocked(SIGRTMIN + 5);
}

static void h_value(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    char buf[32];
    if (sig >= SIGRTMIN)
        snprintf(buf, sizeof buf, "RT%d:%d", sig - SIGRTMIN, si->si_value.sival_int);
    else
        snprintf(buf, sizeof buf, "%d", sig);
    mark(buf);
}

/* The kernel's struct sigaction: riscv has no sa_restorer field (x86-64,
 * where this program can be checked natively, has one). */
struct kernel_sigaction {
    uintptr_t handler;
    unsigned long flags;
#ifdef __x86_64__
    uintptr_t restorer;
#endif
    uint64_t mask;
};

static void install(int sig, void (*fn)(int), const int *mask_sigs)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    for (; mask_sigs && *mask_sigs; mask_sigs++)
        sigaddset(&sa.sa_mask, *mask_sigs);
    sigaction(sig, &sa, NULL);
}

int main(void)
{
    int usr2_only[] = { SIGUSR2, 0 };
    int rt1_only[] = { SIGRTMIN + 1, 0 };
    int several[] = { SIGUSR2, SIGTERM, SIGRTMIN + 5, 0 };

    install(SIGUSR2, h2, NULL);
    install(SIGRTMIN + 1, h_rt, NULL);

    install(SIGUSR1, h1_raise2, usr2_only);
    raise(SIGUSR1);
    show("USR2 in USR1's sa_mask:");
    printf("USR2 blocked after return: %d\n", is_blocked(SIGUSR2));

    install(SIGUSR1, h1_raise2, rt1_only);
    raise(SIGUSR1);
    show("RTMIN+1 in USR1's sa_mask:");

    install(SIGUSR1, h_masks, several);
    raise(SIGUSR1);
    BARRIER();
    printf("mask in handler: USR1=%d USR2=%d TERM=%d RTMIN+1=%d RTMIN+5=%d\n", in_usr1, in_usr2,
           in_term, in_rt1, in_rt5);
    printf("mask after return: USR2=%d TERM=%d RTMIN+5=%d\n", is_blocked(SIGUSR2),
           is_blocked(SIGTERM), is_blocked(SIGRTMIN + 5));

    /* The kernel drops SIGKILL and SIGSTOP from a stored sa_mask. */
    struct kernel_sigaction ks;
    memset(&ks, 0, sizeof ks);
    ks.handler = (uintptr_t)h_masks;
    ks.mask = (1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)) | (1ull << (SIGTERM - 1));
    long r = syscall(SYS_rt_sigaction, SIGUSR1, &ks, NULL, 8);
    memset(&ks, 0, sizeof ks);
    syscall(SYS_rt_sigaction, SIGUSR1, NULL, &ks, 8);
    printf("raw install = %ld, stored mask=%#llx (SIGTERM only)\n", r, (unsigned long long)ks.mask);

    /* Pending signals released together, handlers with a full sa_mask:
     * one at a time, lowest first; queued RT instances in send order. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = h_value;
    sa.sa_flags = SA_SIGINFO;
    sigfillset(&sa.sa_mask);
    int sigs[] = { SIGUSR1, SIGUSR2, SIGRTMIN, SIGRTMIN + 1, SIGRTMIN + 2 };
    sigset_t block;
    sigemptyset(&block);
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        sigaction(sigs[i], &sa, NULL);
        sigaddset(&block, sigs[i]);
    }
    sigprocmask(SIG_BLOCK, &block, NULL);
    union sigval v;
    v.sival_int = 10; sigqueue(getpid(), SIGRTMIN + 1, v);
    v.sival_int = 11; sigqueue(getpid(), SIGRTMIN + 1, v);
    v.sival_int = 30; sigqueue(getpid(), SIGRTMIN + 2, v);
    v.sival_int = 20; sigqueue(getpid(), SIGRTMIN, v);
    v.sival_int = 12; sigqueue(getpid(), SIGRTMIN + 1, v);
    raise(SIGUSR2);
    raise(SIGUSR1);
    v.sival_int = 21; sigqueue(getpid(), SIGRTMIN, v);
    raise(SIGUSR2);
    mark("unblock:");
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    show("full sa_mask, released together:");
    return 0;
}
