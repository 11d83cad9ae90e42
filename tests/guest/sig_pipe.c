/* SIGPIPE and EPIPE. With SIGPIPE ignored, writing to a pipe with no reader
 * fails with EPIPE and the process goes on. With a handler, the handler runs
 * first (si_code SI_USER, sent by the kernel on the writer's behalf, si_pid =
 * the writer) and then write fails with EPIPE. With SIGPIPE blocked, it stays
 * pending and write still fails with EPIPE. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile int hits, code, pid_is_self;

static void handler(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)ctx;
    hits++;
    code = si->si_code;
    pid_is_self = si->si_pid == getpid();
}

static int broken_pipe(void)
{
    int p[2];
    if (pipe(p) != 0)
        return -1;
    close(p[0]);
    return p[1];
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    int fd = broken_pipe();
    errno = 0;
    ssize_t r = write(fd, "abc", 3);
    printf("ignored: write = %zd errno=%s\n", r, strerror(errno));
    close(fd);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPIPE, &sa, NULL);
    fd = broken_pipe();
    errno = 0;
    r = write(fd, "abc", 3);
    printf("handled: write = %zd errno=%s hits=%d si_code=%s si_pid is self: %s\n", r,
           strerror(errno), hits, code == SI_USER ? "SI_USER" : "other", pid_is_self ? "yes" : "no");
    errno = 0;
    r = write(fd, "abc", 3);
    printf("again: write = %zd errno=%s hits=%d\n", r, strerror(errno), hits);

    sigset_t set, pend;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    sigprocmask(SIG_BLOCK, &set, NULL);
    errno = 0;
    r = write(fd, "abc", 3);
    sigpending(&pend);
    printf("blocked: write = %zd errno=%s hits=%d pending=%d\n", r, strerror(errno), hits,
           sigismember(&pend, SIGPIPE));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("unblocked: hits=%d\n", hits);
    close(fd);

    /* A reader that is still open: no signal. */
    int p[2];
    (void)!pipe(p);
    r = write(p[1], "abc", 3);
    char buf[4] = { 0 };
    ssize_t n = read(p[0], buf, 3);
    printf("with a reader: write = %zd, read = %zd \"%s\", hits=%d\n", r, n, buf, hits);
    return 0;
}
