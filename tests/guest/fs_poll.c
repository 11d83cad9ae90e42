/* Waiting on descriptors: poll/ppoll, select/pselect (fd_set words with
 * descriptors above 64), epoll (the 16-byte RISC-V struct epoll_event, whose
 * 64-bit data must come back intact), eventfd, timerfd and inotify. Prints
 * only deterministic results. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "closed_fd.h"

static int failures;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", what, ok ? "ok" : "FAILED");
    if (!ok)
        failures++;
}

static void check_err(long r, int want, const char *what)
{
    int e = errno;
    if (r == -1 && e == want) {
        printf("%s: %s\n", what, strerrorname_np(want));
    } else {
        printf("%s: FAILED (got %ld, %s)\n", what, r, r == -1 ? strerrorname_np(e) : "no error");
        failures++;
    }
}

static volatile sig_atomic_t got_usr2;
static void on_usr2(int sig)
{
    (void)sig;
    got_usr2++;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void polling(void)
{
    int p[2];
    check(pipe(p) == 0, "pipe");
    struct pollfd fds[2] = { { .fd = p[0], .events = POLLIN }, { .fd = p[1], .events = POLLOUT } };
    check(poll(fds, 2, 0) == 1 && fds[0].revents == 0 && fds[1].revents == POLLOUT, "poll: writable, not readable");
    check(write(p[1], "x", 1) == 1, "write one byte");
    check(poll(fds, 2, -1) == 2 && fds[0].revents == POLLIN, "poll: now readable");
    struct pollfd bad = { .fd = closed_fd(999), .events = POLLIN };
    check(poll(&bad, 1, 0) == 1 && bad.revents == POLLNVAL, "poll: POLLNVAL for a closed descriptor");
    struct pollfd neg = { .fd = -1, .events = POLLIN, .revents = 7 };
    check(poll(&neg, 1, 0) == 0 && neg.revents == 0, "poll: negative descriptors are skipped");

    struct timespec ts = { 0, 20 * 1000 * 1000 };
    char c;
    check(read(p[0], &c, 1) == 1, "drain");
    double t0 = now();
    check(ppoll(fds, 1, &ts, NULL) == 0, "ppoll times out");
    check(now() - t0 >= 0.015, "after about 20 ms");
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    ts.tv_nsec = 1000;
    check(ppoll(fds, 1, &ts, &mask) == 0, "ppoll with a signal mask");
    struct timespec bad_ts = { 0, 1000000000 };
    check_err(ppoll(fds, 1, &bad_ts, NULL), EINVAL, "ppoll with a bad timeout");
    check_err(syscall(SYS_ppoll, fds, 1, NULL, &mask, 4), EINVAL, "ppoll with a bad sigset size");

    /* a signal the temporary mask lets through, pending already: EINTR at
     * once, the handler runs, and the old mask is back afterwards */
    sigset_t block, empty, now_mask;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR2);
    sigemptyset(&empty);
    signal(SIGUSR2, on_usr2);
    sigprocmask(SIG_BLOCK, &block, NULL);
    raise(SIGUSR2);
    check(got_usr2 == 0, "SIGUSR2 blocked and pending");
    ts.tv_sec = 5;
    ts.tv_nsec = 0;
    errno = 0;
    check(ppoll(fds, 1, &ts, &empty) == -1 && errno == EINTR && got_usr2 == 1, "ppoll: EINTR, the handler ran");
    sigprocmask(SIG_BLOCK, NULL, &now_mask);
    check(sigismember(&now_mask, SIGUSR2), "the old mask is back");
    raise(SIGUSR2);
    fd_set r;
    FD_ZERO(&r);
    FD_SET(p[0], &r);
    errno = 0;
    check(pselect(p[0] + 1, &r, NULL, NULL, &ts, &empty) == -1 && errno == EINTR && got_usr2 == 2,
          "pselect: the same");
    struct epoll_event out;
    int ep = epoll_create1(0);
    raise(SIGUSR2);
    errno = 0;
    check(epoll_pwait(ep, &out, 1, 5000, &empty) == -1 && errno == EINTR && got_usr2 == 3, "epoll_pwait: the same");
    close(ep);
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    close(p[0]);
    close(p[1]);
}

static void selecting(void)
{
    int p[2];
    check(pipe(p) == 0, "pipe for select");
    /* descriptors above 64 land in the second fd_set word */
    check(dup2(p[0], 100) == 100 && dup2(p[1], 101) == 101, "move it to 100/101");
    fd_set r, w;
    FD_ZERO(&r);
    FD_ZERO(&w);
    FD_SET(100, &r);
    FD_SET(101, &w);
    struct timeval tv = { 0, 0 };
    check(select(102, &r, &w, NULL, &tv) == 1 && !FD_ISSET(100, &r) && FD_ISSET(101, &w), "select: 101 writable");
    check(write(101, "y", 1) == 1, "write");
    FD_ZERO(&r);
    FD_SET(100, &r);
    FD_SET(3, &r); /* not open in the set but below n: EBADF? no, only when set */
    FD_CLR(3, &r);
    struct timespec ts = { 1, 0 };
    check(pselect(101, &r, NULL, NULL, &ts, NULL) == 1 && FD_ISSET(100, &r), "pselect: 100 readable");
    char c;
    check(read(100, &c, 1) == 1 && c == 'y', "read it");
    FD_ZERO(&r);
    FD_SET(100, &r);
    ts.tv_sec = 0;
    ts.tv_nsec = 10 * 1000 * 1000;
    sigset_t mask;
    sigemptyset(&mask);
    double t0 = now();
    check(pselect(101, &r, NULL, NULL, &ts, &mask) == 0 && !FD_ISSET(100, &r), "pselect times out");
    check(now() - t0 >= 0.008, "after about 10 ms");
    FD_ZERO(&r);
    /* Linux clamps select's n to the size of the descriptor table and
       ignores bits past it, so a free number far up (closed_fd) may simply be
       skipped. A number that was just handed out and closed lies inside the
       table, which never shrinks. */
    int closed = dup(p[0]);
    close(closed);
    FD_SET(closed, &r);
    tv.tv_usec = 0;
    check_err(select(closed + 1, &r, NULL, NULL, &tv), EBADF, "select on a closed descriptor");
    check_err(select(-1, NULL, NULL, NULL, &tv), EINVAL, "select with n < 0");
    /* the kernel writes back what is left of the timeout */
    struct timeval left = { 0, 30000 };
    FD_ZERO(&r);
    FD_SET(100, &r);
    check(select(101, &r, NULL, NULL, &left) == 0 && left.tv_sec == 0 && left.tv_usec == 0,
          "select leaves zero time after a timeout");
    close(p[0]);
    close(p[1]);
    close(100);
    close(101);
}

static void epolling(void)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    check(ep >= 0 && fcntl(ep, F_GETFD) == FD_CLOEXEC, "epoll_create1");
    int p[2];
    pipe(p);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ull };
    check(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0, "EPOLL_CTL_ADD");
    check_err(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST, "EPOLL_CTL_ADD twice");
    struct epoll_event out[4];
    check(epoll_wait(ep, out, 4, 0) == 0, "nothing ready");
    write(p[1], "z", 1);
    memset(out, 0, sizeof out);
    int n = epoll_wait(ep, out, 4, 1000);
    check(n == 1 && out[0].events == EPOLLIN && out[0].data.u64 == 0x1122334455667788ull,
          "EPOLLIN with the 64-bit data intact");
    ev.events = EPOLLIN | EPOLLET;
    ev.data.u64 = 0xfeedfacecafebeefull;
    check(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0, "EPOLL_CTL_MOD");
    struct epoll_event wev = { .events = EPOLLOUT, .data.fd = p[1] };
    check(epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &wev) == 0, "add the write end");
    sigset_t mask;
    sigemptyset(&mask);
    memset(out, 0, sizeof out);
    n = epoll_pwait(ep, out, 4, 1000, &mask);
    int seen_in = 0, seen_out = 0;
    for (int i = 0; i < n; i++) {
        if (out[i].data.u64 == 0xfeedfacecafebeefull && out[i].events == EPOLLIN)
            seen_in = 1;
        if (out[i].data.fd == p[1] && out[i].events == EPOLLOUT)
            seen_out = 1;
    }
    check(n == 2 && seen_in && seen_out, "epoll_pwait: both ends, each with its data");
    /* edge-triggered: no new data, no new event */
    n = epoll_wait(ep, out, 4, 0);
    check(n == 1 && out[0].data.fd == p[1], "EPOLLET: the read end stays quiet");
    check(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL) == 0, "EPOLL_CTL_DEL");
    check_err(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL), ENOENT, "EPOLL_CTL_DEL again");
    check_err(epoll_wait(ep, out, 0, 0), EINVAL, "epoll_wait with maxevents 0");
    double t0 = now();
    char c;
    read(p[0], &c, 1);
    check(epoll_wait(ep, out, 1, 20) == 0 && now() - t0 >= 0.015, "epoll_wait times out after 20 ms");
    struct timespec ts = { 0, 1000000 };
    /* (qemu-user 7.2 does not know epoll_pwait2) */
    long r2 = syscall(SYS_epoll_pwait2, ep, out, 1, &ts, NULL, 8);
    check(r2 == 0 || (r2 == -1 && errno == ENOSYS), "epoll_pwait2 times out");
    close(p[0]);
    close(p[1]);
    close(ep);
}

static void event_fds(void)
{
    int e = eventfd(3, EFD_CLOEXEC | EFD_NONBLOCK);
    uint64_t v = 0;
    check(e >= 0 && read(e, &v, 8) == 8 && v == 3, "eventfd: initial value");
    check_err(read(e, &v, 8), EAGAIN, "eventfd: empty");
    v = 5;
    check(write(e, &v, 8) == 8, "eventfd: add 5");
    v = 2;
    check(write(e, &v, 8) == 8 && read(e, &v, 8) == 8 && v == 7, "eventfd: counts add up");
    close(e);
    e = eventfd(2, EFD_SEMAPHORE);
    check(read(e, &v, 8) == 8 && v == 1 && read(e, &v, 8) == 8 && v == 1, "EFD_SEMAPHORE: one at a time");
    close(e);

    int t = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    check(t >= 0, "timerfd_create");
    struct itimerspec its = { .it_interval = { 0, 10 * 1000 * 1000 }, .it_value = { 0, 20 * 1000 * 1000 } }, old;
    check(timerfd_settime(t, 0, &its, &old) == 0 && old.it_value.tv_sec == 0 && old.it_value.tv_nsec == 0,
          "timerfd_settime (was disarmed)");
    struct itimerspec cur;
    check(timerfd_gettime(t, &cur) == 0 && cur.it_interval.tv_nsec == 10 * 1000 * 1000 && cur.it_value.tv_sec == 0 &&
              cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 20 * 1000 * 1000,
          "timerfd_gettime");
    uint64_t exp = 0;
    check(read(t, &exp, 8) == 8 && exp >= 1, "the timer expires");
    struct itimerspec off = { { 0, 0 }, { 0, 0 } };
    check(timerfd_settime(t, 0, &off, &old) == 0 && old.it_interval.tv_nsec == 10 * 1000 * 1000,
          "disarm returns the old setting");
    struct itimerspec bad = { { 0, 0 }, { 0, 2000000000 } };
    check_err(timerfd_settime(t, 0, &bad, NULL), EINVAL, "timerfd_settime with a bad nanosecond field");
    struct timespec nowts;
    clock_gettime(CLOCK_MONOTONIC, &nowts);
    struct itimerspec abs = { { 0, 0 }, nowts };
    check(timerfd_settime(t, TFD_TIMER_ABSTIME, &abs, NULL) == 0 && read(t, &exp, 8) == 8 && exp == 1,
          "TFD_TIMER_ABSTIME in the past fires at once");
    close(t);
}

static void watching(void)
{
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/ferry_fs_poll_%d", (int)getpid());
    mkdir(dir, 0700);
    int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    check(in >= 0, "inotify_init1");
    int wd = inotify_add_watch(in, dir, IN_CREATE | IN_DELETE);
    check(wd >= 0, "inotify_add_watch");
    char path[128];
    snprintf(path, sizeof path, "%s/new-file", dir);
    close(open(path, O_CREAT | O_WRONLY, 0600));
    unlink(path);
    char buf[512];
    ssize_t n = read(in, buf, sizeof buf);
    int created = 0, deleted = 0;
    for (ssize_t off = 0; off < n;) {
        struct inotify_event *ev = (struct inotify_event *)(buf + off);
        if (ev->wd == wd && (ev->mask & IN_CREATE) && strcmp(ev->name, "new-file") == 0)
            created = 1;
        if (ev->wd == wd && (ev->mask & IN_DELETE) && strcmp(ev->name, "new-file") == 0)
            deleted = 1;
        off += (ssize_t)sizeof *ev + ev->len;
    }
    check(created && deleted, "inotify: create and delete events");
    check_err(inotify_add_watch(in, "/nonexistent-ferry-path", IN_CREATE), ENOENT, "inotify_add_watch missing");
    check(inotify_rm_watch(in, wd) == 0, "inotify_rm_watch");
    check_err(inotify_rm_watch(in, wd), EINVAL, "inotify_rm_watch again");
    close(in);
    rmdir(dir);
}

int main(void)
{
    polling();
    selecting();
    epolling();
    event_fds();
    watching();
    printf("%d failures\n", failures);
    return failures != 0;
}
