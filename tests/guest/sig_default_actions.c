/* The default action of every kind of signal, seen by a parent through
 * fork + waitpid: terminate (WIFSIGNALED with WTERMSIG = the signal; the core
 * flag is not checked), or ignore (the child goes on and exits 0). A signal
 * that stays blocked until exit does nothing; a synchronous fault kills even
 * when SIGSEGV is ignored. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

enum how { RAISE, KILL_SELF, ABORT, FAULT, FAULT_IGNORED, TIMER, PIPE_WRITE, EBREAK, UNIMP,
           BLOCKED_EXIT };

static void child(enum how how, int sig)
{
    volatile uintptr_t bad = 16;
    int p[2];
    struct itimerval it;
    sigset_t set;
    switch (how) {
    case RAISE:
        raise(sig);
        break;
    case KILL_SELF:
        kill(getpid(), sig);
        break;
    case ABORT:
        abort();
    case FAULT:
        (void)*(volatile int *)bad;
        break;
    case FAULT_IGNORED:
        signal(SIGSEGV, SIG_IGN);
        (void)*(volatile int *)bad;
        break;
    case TIMER:
        memset(&it, 0, sizeof it);
        it.it_value.tv_usec = 10000;
        setitimer(sig == SIGALRM ? ITIMER_REAL : sig == SIGVTALRM ? ITIMER_VIRTUAL : ITIMER_PROF,
                  &it, NULL);
        if (sig == SIGALRM)
            pause();
        else
            for (volatile long i = 0;; i++) {
            }
        break;
    case PIPE_WRITE:
        if (pipe(p) == 0) {
            close(p[0]);
            (void)!write(p[1], "x", 1);
        }
        break;
    case EBREAK:
        __asm__ volatile("ebreak");
        break;
    case UNIMP:
        __asm__ volatile(".option push\n.option norvc\nunimp\n.option pop\n");
        break;
    case BLOCKED_EXIT:
        sigemptyset(&set);
        sigaddset(&set, sig);
        sigprocmask(SIG_BLOCK, &set, NULL);
        raise(sig);
        _exit(3);
    }
    _exit(0);
}

static void run(const char *what, enum how how, int sig)
{
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(1);
    }
    if (pid == 0)
        child(how, sig);
    int st;
    if (waitpid(pid, &st, 0) != pid) {
        perror("waitpid");
        exit(1);
    }
    if (WIFSIGNALED(st) && WTERMSIG(st) >= SIGRTMIN)
        printf("%-26s killed by signal %d (RTMIN+%d)\n", what, WTERMSIG(st), WTERMSIG(st) - SIGRTMIN);
    else if (WIFSIGNALED(st))
        printf("%-26s killed by signal %d (%s)\n", what, WTERMSIG(st), sigabbrev_np(WTERMSIG(st)));
    else if (WIFEXITED(st))
        printf("%-26s exited with %d\n", what, WEXITSTATUS(st));
    else
        printf("%-26s status %#x\n", what, st);
}

int main(void)
{
    struct rlimit no_core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &no_core);
    setvbuf(stdout, NULL, _IONBF, 0);

    static const int terminating[] = { SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS,
                                       SIGFPE, SIGKILL, SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM,
                                       SIGTERM, SIGSTKFLT, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF,
                                       SIGIO, SIGPWR, SIGSYS };
    char what[64];
    for (unsigned i = 0; i < sizeof terminating / sizeof terminating[0]; i++) {
        snprintf(what, sizeof what, "raise(SIG%s)", sigabbrev_np(terminating[i]));
        run(what, RAISE, terminating[i]);
    }
    run("raise(SIGRTMIN)", RAISE, SIGRTMIN);
    run("raise(SIGRTMIN+5)", RAISE, SIGRTMIN + 5);
    run("kill(self, SIGTERM)", KILL_SELF, SIGTERM);
    run("kill(self, SIGKILL)", KILL_SELF, SIGKILL);

    static const int ignoring[] = { SIGCHLD, SIGURG, SIGWINCH, SIGCONT };
    for (unsigned i = 0; i < sizeof ignoring / sizeof ignoring[0]; i++) {
        snprintf(what, sizeof what, "raise(SIG%s)", sigabbrev_np(ignoring[i]));
        run(what, RAISE, ignoring[i]);
    }

    run("abort()", ABORT, 0);
    run("load from 16", FAULT, 0);
    run("load from 16, SIGSEGV ign", FAULT_IGNORED, 0);
    run("ITIMER_REAL expiry", TIMER, SIGALRM);
    run("ITIMER_VIRTUAL expiry", TIMER, SIGVTALRM);
    run("ITIMER_PROF expiry", TIMER, SIGPROF);
    run("write to broken pipe", PIPE_WRITE, 0);
    run("ebreak", EBREAK, 0);
    run("unimp", UNIMP, 0);
    run("SIGTERM blocked, exit(3)", BLOCKED_EXIT, SIGTERM);
    return 0;
}
