/* Leaving a handler with siglongjmp. sigsetjmp(env, 1) saves the signal mask
 * and siglongjmp restores it, so the signal the handler was running for is
 * unblocked again; sigsetjmp(env, 0) does not, so it stays blocked (as the
 * handler left it). 10000 round trips through a SIGSEGV handler: every
 * signal frame lands where the first one did (nothing piles up). Locals declared volatile keep the values they had at
 * the jump. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile int handled;

static volatile uintptr_t handler_local, first_handler_local;

static void jump_handler(int sig)
{
    volatile char here;
    handler_local = (uintptr_t)&here;
    handled++;
    siglongjmp(env, sig);
}

static int is_blocked(int sig)
{
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    return sigismember(&now, sig);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = jump_handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);

    volatile int counter = 0;
    int r = sigsetjmp(env, 1);
    if (r == 0) {
        counter = 5;
        raise(SIGUSR1);
        printf("not reached\n");
    }
    printf("sigsetjmp(env, 1): returned %d, counter=%d, USR1 blocked after the jump: %d\n", r,
           counter, is_blocked(SIGUSR1));

    r = sigsetjmp(env, 0);
    if (r == 0) {
        raise(SIGUSR1);
        printf("not reached\n");
    }
    printf("sigsetjmp(env, 0): returned %d, USR1 blocked after the jump: %d\n", r,
           is_blocked(SIGUSR1));
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_UNBLOCK, &set, NULL);

    /* A mask that was in force at sigsetjmp time comes back. */
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, NULL); /* USR1 and TERM blocked */
    sigset_t only_term;
    sigemptyset(&only_term);
    sigaddset(&only_term, SIGTERM);
    sigprocmask(SIG_SETMASK, &only_term, NULL);
    r = sigsetjmp(env, 1);
    if (r == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        raise(SIGUSR1);
    }
    printf("mask at sigsetjmp restored: TERM blocked=%d USR1 blocked=%d\n", is_blocked(SIGTERM),
           is_blocked(SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &only_term, NULL);

    /* Many faults, each left by siglongjmp. */
    volatile uintptr_t bad = 64;
    volatile int faults = 0;
    for (volatile int i = 0; i < 10000; i++) {
        if (sigsetjmp(env, 1) == 0)
            (void)*(volatile long *)(bad + (uintptr_t)(i % 8) * 8);
        else
            faults++;
        if (i == 0)
            first_handler_local = handler_local;
    }
    printf("10000 faults left by siglongjmp: faults=%d handled=%d, "
           "last handler frame where the first was: %s\n",
           faults, handled, handler_local == first_handler_local ? "yes" : "no");
    printf("SIGSEGV blocked at the end: %d\n", is_blocked(SIGSEGV));
    return 0;
}
