/* signalfd: blocked signals read as struct signalfd_siginfo records instead
 * of running handlers. poll reports the fd readable while one is pending;
 * one read returns as many records as fit (lowest signal first, RT instances
 * in order, with ssi_int); reading consumes them; an empty non-blocking
 * signalfd read fails with EAGAIN; the mask can be replaced. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

static volatile int handler_runs;
static void handler(int sig) { (void)sig; handler_runs++; }

static const char *code_name(int c)
{
    return c == SI_USER ? "SI_USER" : c == SI_QUEUE ? "SI_QUEUE" : c == SI_TKILL ? "SI_TKILL" : "other";
}

int main(void)
{
    signal(SIGUSR1, handler);
    signal(SIGUSR2, handler);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    printf("signalfd ok: %s\n", fd >= 0 ? "yes" : "no");

    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    printf("poll with nothing pending = %d\n", poll(&pfd, 1, 0));
    struct signalfd_siginfo si[8];
    errno = 0;
    ssize_t n = read(fd, si, sizeof si);
    printf("read with nothing pending = %zd errno=%s\n", n, strerror(errno));

    union sigval v;
    v.sival_int = 11;
    sigqueue(getpid(), SIGRTMIN, v);
    v.sival_int = 22;
    sigqueue(getpid(), SIGRTMIN, v);
    kill(getpid(), SIGUSR1);
    pfd.revents = 0;
    int r = poll(&pfd, 1, 0);
    printf("poll with signals pending = %d revents POLLIN=%d\n", r, (pfd.revents & POLLIN) != 0);
    n = read(fd, si, sizeof si);
    printf("read = %zd bytes (%zd records)\n", n, n / (ssize_t)sizeof si[0]);
    for (int i = 0; i < n / (ssize_t)sizeof si[0]; i++)
        printf("  signo=%s code=%s int=%d pid-is-self=%s\n",
               si[i].ssi_signo == SIGUSR1 ? "USR1" : si[i].ssi_signo == (unsigned)SIGRTMIN ? "RTMIN" : "?",
               code_name(si[i].ssi_code), si[i].ssi_int,
               si[i].ssi_pid == (unsigned)getpid() ? "yes" : "no");
    sigset_t pend;
    sigpending(&pend);
    printf("after read: pending USR1=%d RTMIN=%d, handler_runs=%d\n", sigismember(&pend, SIGUSR1),
           sigismember(&pend, SIGRTMIN), handler_runs);

    /* A record smaller than one siginfo is EINVAL. */
    raise(SIGUSR1);
    errno = 0;
    n = read(fd, si, 16);
    printf("read of 16 bytes = %zd errno=%s\n", n, strerror(errno));
    n = read(fd, si, sizeof si[0]);
    printf("then a full record: %zd bytes, signo USR1: %s, code %s\n", n,
           si[0].ssi_signo == SIGUSR1 ? "yes" : "no", code_name(si[0].ssi_code));

    /* Replace the mask: now SIGUSR2 only. */
    sigset_t set2;
    sigemptyset(&set2);
    sigaddset(&set2, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set2, NULL);
    r = signalfd(fd, &set2, 0);
    printf("signalfd(fd, {USR2}) returns the same fd: %s\n", r == fd ? "yes" : "no");
    raise(SIGUSR2);
    raise(SIGUSR1);
    n = read(fd, si, sizeof si);
    printf("read = %zd records, signo USR2: %s\n", n / (ssize_t)sizeof si[0],
           si[0].ssi_signo == SIGUSR2 ? "yes" : "no");
    sigpending(&pend);
    printf("USR1 still pending (not in the fd's mask): %d\n", sigismember(&pend, SIGUSR1));
    close(fd);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("unblocked: handler_runs=%d\n", handler_runs);
    return 0;
}
