/* SIGUSR1 with the default action terminates (exit status 138); a blocked
 * SIGUSR1 waits until it is unblocked. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>

int main(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    printf("SIGUSR1 raised while blocked: still running\n");
    printf("unblocking\n");
    fflush(stdout);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("after unblock: must not be printed\n");
    return 0;
}
