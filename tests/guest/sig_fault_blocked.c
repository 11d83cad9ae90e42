/* A fault while SIGSEGV is blocked kills the process even though a handler is
 * installed: the kernel forces a synchronous fault signal through, resetting
 * the action to SIG_DFL (exit status 139 from a shell). The handler never
 * runs and nothing after the fault is printed. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void handler(int sig)
{
    (void)sig;
    static const char msg[] = "handler ran: wrong\n";
    write(1, msg, sizeof msg - 1);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGSEGV);
    sigprocmask(SIG_BLOCK, &set, NULL);
    printf("SIGSEGV blocked, handler installed; faulting\n");
    fflush(stdout);
    volatile uintptr_t addr = 24;
    *(volatile int *)addr = 1;
    printf("after the fault: must not be printed\n");
    return 0;
}
