/* kill(getpid(), SIGKILL) ends the process at once (exit status 137), even
 * with every other signal blocked and SIGTERM handled. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static void handler(int sig)
{
    (void)sig;
}

int main(void)
{
    signal(SIGTERM, handler);
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    printf("sending SIGKILL to self\n");
    fflush(stdout);
    kill(getpid(), SIGKILL);
    printf("after kill: must not be printed\n");
    return 0;
}
