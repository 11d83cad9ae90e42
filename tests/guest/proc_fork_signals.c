/* What a forked child inherits of the signal state: the mask and the
 * actions (handlers, SIG_IGN) and the alternate signal stack are copied;
 * pending signals are not (the child starts with none), and neither are
 * timers: an alarm() set in the parent is not running in the child. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int usr1;
static void on_usr1(int sig) { (void)sig; usr1++; }

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGUSR1, on_usr1);
    signal(SIGUSR2, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    raise(SIGTERM);
    static char alt[65536];
    stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0 };
    sigaltstack(&ss, NULL);
    alarm(100);

    pid_t pid = fork();
    if (pid == 0) {
        sigset_t now, pend;
        sigprocmask(SIG_BLOCK, NULL, &now);
        sigpending(&pend);
        struct sigaction a1, a2;
        sigaction(SIGUSR1, NULL, &a1);
        sigaction(SIGUSR2, NULL, &a2);
        stack_t cur;
        sigaltstack(NULL, &cur);
        printf("child: mask USR1=%d TERM=%d\n", sigismember(&now, SIGUSR1), sigismember(&now, SIGTERM));
        printf("child: pending USR1=%d TERM=%d\n", sigismember(&pend, SIGUSR1),
               sigismember(&pend, SIGTERM));
        printf("child: SIGUSR1 handler inherited: %s, SIGUSR2 ignored: %s\n",
               a1.sa_handler == on_usr1 ? "yes" : "no", a2.sa_handler == SIG_IGN ? "yes" : "no");
        printf("child: alternate stack inherited: %s\n",
               cur.ss_sp == alt && cur.ss_flags == 0 ? "yes" : "no");
        printf("child: alarm left from the parent: %u\n", alarm(0));
        /* The inherited handler works in the child. */
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        raise(SIGUSR1);
        printf("child: handler ran %d time(s)\n", usr1);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    sigset_t pend;
    sigpending(&pend);
    unsigned left = alarm(0);
    printf("parent: still pending USR1=%d TERM=%d, alarm still set: %s\n",
           sigismember(&pend, SIGUSR1), sigismember(&pend, SIGTERM), left > 0 ? "yes" : "no");
    signal(SIGTERM, SIG_IGN); /* discard the pending SIGTERM */
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("parent: pending SIGUSR1 delivered on unblock: %d\n", usr1);
    return 0;
}
