/* Nested signals and the mask a handler runs with. The handler's mask is the
 * interrupted mask plus sa_mask plus the signal itself (unless SA_NODEFER);
 * sigreturn restores the interrupted mask, which is when signals the handler
 * had blocked get delivered. Each case prints the order of handler entries
 * ("1<", "2<") and exits (">1", ">2"). Also SA_RESETHAND: the action reverts
 * to SIG_DFL as the handler is entered, and Linux still blocks the signal
 * during that handler. (sa_mask itself is checked by sig_samask, which
 * qemu-riscv64 7.2 gets wrong.) */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Handlers change these globals behind the compiler's back: glibc declares
 * raise(), sigprocmask() and friends "leaf" functions (they never call back
 * into this file), so reads after them need a compiler barrier. */
#define BARRIER() __asm__ volatile("" ::: "memory")

static char trace[256];
static int depth_limit;
static volatile int usr1_runs;

static void mark(const char *s)
{
    if (trace[0])
        strcat(trace, " ");
    strcat(trace, s);
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
    mark(">2");
}

static void h2_raise_rt(int sig)
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

static void h1_self(int sig)
{
    mark("1<");
    if (++usr1_runs < depth_limit)
        raise(sig);
    mark(">1");
}

static int mask_usr1, mask_usr2, mask_term, mask_rt;

static void h1_masks(int sig)
{
    (void)sig;
    mask_usr1 = is_blocked(SIGUSR1);
    mask_usr2 = is_blocked(SIGUSR2);
    mask_term = is_blocked(SIGTERM);
    mask_rt = is_blocked(SIGRTMIN + 1);
}

static void h1_unblock_self(int sig)
{
    mark("1<");
    if (++usr1_runs < depth_limit) {
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, sig);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        raise(sig);
    }
    mark(">1");
}

static void install(int sig, void (*fn)(int), int flags, const int *mask_sigs)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    for (; mask_sigs && *mask_sigs; mask_sigs++)
        sigaddset(&sa.sa_mask, *mask_sigs);
    sigaction(sig, &sa, NULL);
}

static void show(const char *what)
{
    BARRIER();
    printf("%-40s %s\n", what, trace);
    trace[0] = 0;
}

int main(void)
{
    install(SIGUSR2, h2, 0, NULL);

    install(SIGUSR1, h1_raise2, 0, NULL);
    raise(SIGUSR1);
    show("SIGUSR2 raised in handler, not masked:");

    depth_limit = 3;
    usr1_runs = 0;
    install(SIGUSR1, h1_self, 0, NULL);
    raise(SIGUSR1);
    show("SIGUSR1 re-raised, default (deferred):");

    usr1_runs = 0;
    install(SIGUSR1, h1_self, SA_NODEFER, NULL);
    raise(SIGUSR1);
    show("SIGUSR1 re-raised, SA_NODEFER (nested):");

    /* The mask inside the handler. */
    install(SIGUSR1, h1_masks, 0, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    BARRIER();
    printf("mask in handler: USR1=%d USR2=%d TERM=%d RTMIN+1=%d\n", mask_usr1, mask_usr2,
           mask_term, mask_rt);
    printf("mask after return: USR1=%d TERM=%d\n", is_blocked(SIGUSR1), is_blocked(SIGTERM));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    install(SIGUSR1, h1_masks, SA_NODEFER, NULL);
    raise(SIGUSR1);
    BARRIER();
    printf("mask in SA_NODEFER handler: USR1=%d RTMIN+1=%d\n", mask_usr1, mask_rt);

    /* SA_RESETHAND: one delivery, then SIG_DFL. */
    install(SIGUSR1, h1_masks, SA_RESETHAND, NULL);
    raise(SIGUSR1);
    BARRIER();
    struct sigaction now;
    sigaction(SIGUSR1, NULL, &now);
    printf("SA_RESETHAND: USR1 blocked in handler=%d, action now SIG_DFL: %s\n", mask_usr1,
           now.sa_handler == SIG_DFL ? "yes" : "no");

    /* Three levels: USR1 raises USR2 which raises RTMIN+1; none masked. */
    install(SIGUSR1, h1_raise2, 0, NULL);
    install(SIGUSR2, h2_raise_rt, 0, NULL);
    install(SIGRTMIN + 1, h_rt, 0, NULL);
    raise(SIGUSR1);
    show("three levels:");
    /* The same with RTMIN+1 blocked by the code SIGUSR1 interrupts: it
     * stays pending through all three handlers and arrives when the main
     * code unblocks it. */
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    mark("unblock");
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    show("three levels, RTMIN+1 blocked:");
    /* A handler that unblocks its own signal and raises it again: nested;
     * each sigreturn puts back the mask of the code it returns to. */
    usr1_runs = 0;
    install(SIGUSR1, h1_unblock_self, 0, NULL);
    raise(SIGUSR1);
    show("handler unblocks itself and re-raises:");
    printf("USR1 blocked after return: %d\n", is_blocked(SIGUSR1));
    printf("done\n");
    return 0;
}
