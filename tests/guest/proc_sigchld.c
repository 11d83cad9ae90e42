/* Signals between processes. kill(child, SIGTERM) ends a child blocked in
 * pause() (WIFSIGNALED, WTERMSIG 15); a child with a SIGTERM handler instead
 * runs it and exits on its own. A SIGCHLD handler (SA_SIGINFO) runs when a
 * child exits, with si_code CLD_EXITED, si_status and si_pid. A child can
 * signal its parent (kill(getppid(), SIGUSR1)) and the parent's handler sees
 * si_pid = the child. With SIGCHLD set to SIG_IGN, children are reaped
 * automatically and wait fails with ECHILD. A read in the parent is not
 * interrupted by a SIGCHLD that is default-ignored. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int chld_count, chld_code, chld_status, chld_pid;
static volatile int usr1_count, usr1_pid;
static volatile int term_seen;

static void on_chld(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)ctx;
    chld_count++;
    chld_code = si->si_code;
    chld_status = si->si_status;
    chld_pid = si->si_pid;
}

static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)ctx;
    usr1_count++;
    usr1_pid = si->si_pid;
}

static void on_term(int sig)
{
    (void)sig;
    term_seen = 1;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int ready[2];
    if (pipe(ready) != 0)
        return 1;
    char c;

    /* kill a paused child. */
    pid_t pid = fork();
    if (pid == 0) {
        (void)!write(ready[1], "r", 1);
        for (;;)
            pause();
    }
    (void)!read(ready[0], &c, 1);
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
    printf("SIGTERM to a paused child: WIFSIGNALED=%d WTERMSIG=%d\n", WIFSIGNALED(st), WTERMSIG(st));

    /* A child that handles SIGTERM. */
    pid = fork();
    if (pid == 0) {
        sigset_t term, none;
        sigemptyset(&term);
        sigaddset(&term, SIGTERM);
        sigemptyset(&none);
        sigprocmask(SIG_BLOCK, &term, NULL);
        signal(SIGTERM, on_term);
        (void)!write(ready[1], "r", 1);
        while (!term_seen)
            sigsuspend(&none);
        _exit(33);
    }
    (void)!read(ready[0], &c, 1);
    kill(pid, SIGTERM);
    waitpid(pid, &st, 0);
    printf("SIGTERM to a handling child: WIFEXITED=%d status=%d\n", WIFEXITED(st), WEXITSTATUS(st));

    /* SIGCHLD handler. Block SIGCHLD until we wait for it. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    pid = fork();
    if (pid == 0)
        _exit(7);
    while (chld_count == 0)
        sigsuspend(&old);
    printf("SIGCHLD handler: count=%d code=%s status=%d pid-ok=%s\n", chld_count,
           chld_code == CLD_EXITED ? "CLD_EXITED" : "other", chld_status,
           chld_pid == pid ? "yes" : "no");
    waitpid(pid, &st, 0);
    printf("  then waitpid status %d\n", WEXITSTATUS(st));

    /* SIGCHLD for a killed child. */
    chld_count = 0;
    pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    kill(pid, SIGKILL);
    while (chld_count == 0)
        sigsuspend(&old);
    printf("SIGCHLD for a killed child: code=%s status=%d\n",
           chld_code == CLD_KILLED ? "CLD_KILLED" : "other", chld_status);
    waitpid(pid, &st, 0);
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* Child signals the parent. */
    sa.sa_sigaction = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, &old);
    pid = fork();
    if (pid == 0) {
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    while (usr1_count == 0)
        sigsuspend(&old);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("child -> parent SIGUSR1: count=%d si_pid is the child: %s\n", usr1_count,
           usr1_pid == pid ? "yes" : "no");
    waitpid(pid, &st, 0);

    /* Default SIGCHLD does not interrupt a blocking read. */
    signal(SIGCHLD, SIG_DFL);
    int data[2];
    if (pipe(data) != 0)
        return 1;
    pid_t quick = fork();
    if (quick == 0)
        _exit(0);
    pid_t slow = fork();
    if (slow == 0) {
        usleep(100 * 1000);
        (void)!write(data[1], "d", 1);
        _exit(0);
    }
    errno = 0;
    ssize_t r = read(data[0], &c, 1);
    printf("read across a default SIGCHLD: %zd errno=%d\n", r, errno);
    waitpid(quick, &st, 0);
    waitpid(slow, &st, 0);

    /* SIG_IGN: automatic reaping. */
    signal(SIGCHLD, SIG_IGN);
    for (int i = 0; i < 3; i++) {
        pid = fork();
        if (pid == 0)
            _exit(1);
    }
    errno = 0;
    pid_t w = wait(&st);
    printf("SIGCHLD ignored: wait = %d errno=%s\n", w, strerror(errno));
    return 0;
}
