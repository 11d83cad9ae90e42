/* Blocking system calls and signal handlers (EINTR and SA_RESTART).
 *  - read on an empty pipe: a handler without SA_RESTART makes it fail with
 *    EINTR; with SA_RESTART it restarts and returns the byte the handler
 *    wrote into the pipe, or blocks again until a later handler writes one;
 *  - a blocked, an ignored and a default-ignored signal do not interrupt it;
 *  - write to a full pipe: EINTR without SA_RESTART;
 *  - nanosleep, poll, select, epoll_wait fail with EINTR even with
 *    SA_RESTART (Linux never restarts them after a handler); nanosleep
 *    reports the time left.
 * Timers (POSIX timers, one-shot) send the signals while the call blocks. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

static volatile int hits;
static int feed_fd; /* where feeder writes its byte */

static void handler(int sig)
{
    (void)sig;
    hits++;
}

static void feeder(int sig)
{
    (void)sig;
    hits++;
    (void)!write(feed_fd, "x", 1);
}

static void install(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

/* A one-shot timer sending sig after ms milliseconds. */
static timer_t arm(int sig, int ms)
{
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = sig;
    timer_t t;
    timer_create(CLOCK_MONOTONIC, &sev, &t);
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    its.it_value.tv_sec = ms / 1000;
    its.it_value.tv_nsec = (ms % 1000) * 1000000L;
    timer_settime(t, 0, &its, NULL);
    return t;
}

static void read_case(const char *what, int p[2])
{
    char c = 0;
    errno = 0;
    ssize_t r = read(p[0], &c, 1);
    printf("%-44s read = %zd%s%s errno=%s hits=%d\n", what, r, r == 1 ? " byte " : "",
           r == 1 ? (c == 'x' ? "'x'" : "?") : "", r < 0 ? strerror(errno) : "0", hits);
}

int main(void)
{
    int p[2];
    if (pipe(p) != 0)
        return 1;
    timer_t t1, t2;

    install(SIGALRM, handler, 0);
    t1 = arm(SIGALRM, 50);
    read_case("no SA_RESTART:", p);
    timer_delete(t1);

    install(SIGALRM, feeder, SA_RESTART);
    feed_fd = p[1];
    t1 = arm(SIGALRM, 50);
    read_case("SA_RESTART, handler feeds the pipe:", p);
    timer_delete(t1);

    /* The feeder is SIGRTMIN with SA_RESTART from here on. */
    install(SIGRTMIN, feeder, SA_RESTART);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    t1 = arm(SIGALRM, 50);
    t2 = arm(SIGRTMIN, 150);
    read_case("SIGALRM blocked, then SIGRTMIN feeds:", p);
    timer_delete(t1);
    timer_delete(t2);
    sigset_t pend;
    sigpending(&pend);
    printf("  SIGALRM pending: %d\n", sigismember(&pend, SIGALRM));
    install(SIGALRM, SIG_IGN, 0); /* discards it */
    sigprocmask(SIG_UNBLOCK, &set, NULL);

    t1 = arm(SIGALRM, 50);
    t2 = arm(SIGRTMIN, 150);
    read_case("SIGALRM ignored, then SIGRTMIN feeds:", p);
    timer_delete(t1);
    timer_delete(t2);

    t1 = arm(SIGWINCH, 50);
    t2 = arm(SIGRTMIN, 150);
    read_case("SIGWINCH default-ignored, then RTMIN feeds:", p);
    timer_delete(t1);
    timer_delete(t2);

    /* SA_RESTART: the read restarts after a handler that feeds nothing and
     * blocks again until a second handler feeds it. */
    install(SIGALRM, handler, SA_RESTART);
    t1 = arm(SIGALRM, 50);
    t2 = arm(SIGRTMIN, 150);
    read_case("SA_RESTART, ALRM feeds nothing, RTMIN does:", p);
    timer_delete(t1);
    timer_delete(t2);

    /* A write that blocks on a full pipe. */
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    char block[4096];
    memset(block, 'z', sizeof block);
    long filled = 0;
    for (;;) {
        ssize_t w = write(p[1], block, sizeof block);
        if (w <= 0)
            break;
        filled += w;
    }
    for (;;) {
        ssize_t w = write(p[1], block, 1);
        if (w <= 0)
            break;
        filled += w;
    }
    fcntl(p[1], F_SETFL, 0);
    install(SIGALRM, handler, 0);
    t1 = arm(SIGALRM, 50);
    errno = 0;
    ssize_t w = write(p[1], "y", 1);
    printf("%-44s write = %zd errno=%s hits=%d, pipe held > 4096 bytes: %s\n",
           "full pipe, no SA_RESTART:", w, strerror(errno), hits, filled > 4096 ? "yes" : "no");
    timer_delete(t1);
    close(p[0]);
    close(p[1]);
    (void)!pipe(p);

    /* Calls that are never restarted. */
    install(SIGALRM, handler, SA_RESTART);
    struct timespec req = { 2, 0 }, rem = { 0, 0 };
    t1 = arm(SIGALRM, 50);
    errno = 0;
    int r = nanosleep(&req, &rem);
    printf("%-44s = %d errno=%s, time left in (1.5 s, 2 s): %s\n", "nanosleep(2 s), SA_RESTART:", r,
           strerror(errno),
           rem.tv_sec == 1 && rem.tv_nsec > 500000000 ? "yes" : "no");
    timer_delete(t1);

    struct pollfd pfd = { .fd = p[0], .events = POLLIN };
    t1 = arm(SIGALRM, 50);
    errno = 0;
    r = poll(&pfd, 1, 5000);
    printf("%-44s = %d errno=%s\n", "poll(5 s), SA_RESTART:", r, strerror(errno));
    timer_delete(t1);
    t1 = arm(SIGALRM, 50);
    errno = 0;
    r = poll(&pfd, 1, -1);
    printf("%-44s = %d errno=%s\n", "poll(forever), SA_RESTART:", r, strerror(errno));
    timer_delete(t1);

    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    struct timeval tv = { 5, 0 };
    t1 = arm(SIGALRM, 50);
    errno = 0;
    r = select(p[0] + 1, &rd, NULL, NULL, &tv);
    printf("%-44s = %d errno=%s\n", "select(5 s), SA_RESTART:", r, strerror(errno));
    timer_delete(t1);

    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 7 };
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    t1 = arm(SIGALRM, 50);
    errno = 0;
    r = epoll_wait(ep, &ev, 1, 5000);
    printf("%-44s = %d errno=%s\n", "epoll_wait(5 s), SA_RESTART:", r, strerror(errno));
    timer_delete(t1);

    printf("total handler runs: %d\n", hits);
    return 0;
}
