/* A fault while SIGSEGV is ignored (SIG_IGN) kills the process: ignoring a
 * synchronous fault signal is not possible (exit status 139). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

int main(void)
{
    signal(SIGSEGV, SIG_IGN);
    printf("SIGSEGV ignored; faulting\n");
    fflush(stdout);
    volatile uintptr_t addr = 24;
    (void)*(volatile int *)addr;
    printf("after the fault: must not be printed\n");
    return 0;
}
