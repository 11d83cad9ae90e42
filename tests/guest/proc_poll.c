/* Waiting for another process. poll on an empty pipe times out (0) when no
 * one writes, and returns POLLIN when a child writes after a delay; POLLHUP
 * when the last writer goes away. ppoll with a signal mask that unblocks
 * SIGUSR1 is interrupted (EINTR) by the child's kill. An eventfd shared
 * across fork: the child adds 1..5, the parent's reads sum to 15;
 * EFD_SEMAPHORE reads return 1 each. epoll on the pipe and the eventfd. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int usr1;
static void on_usr1(int sig) { (void)sig; usr1++; }

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int p[2];
    if (pipe(p) != 0)
        return 1;
    struct pollfd pfd = { .fd = p[0], .events = POLLIN };
    int r = poll(&pfd, 1, 30);
    printf("poll(30 ms) on an empty pipe = %d\n", r);

    pid_t pid = fork();
    if (pid == 0) {
        usleep(50 * 1000);
        (void)!write(p[1], "late", 4);
        _exit(0);
    }
    pfd.revents = 0;
    r = poll(&pfd, 1, 10000);
    printf("poll(10 s) with a late writer = %d revents POLLIN=%d\n", r, (pfd.revents & POLLIN) != 0);
    char buf[8] = { 0 };
    (void)!read(p[0], buf, 4);
    printf("  read \"%s\"\n", buf);
    int st;
    waitpid(pid, &st, 0);
    close(p[1]);
    pfd.revents = 0;
    r = poll(&pfd, 1, 1000);
    printf("poll after the last writer closed = %d POLLHUP=%d POLLIN=%d\n", r,
           (pfd.revents & POLLHUP) != 0, (pfd.revents & POLLIN) != 0);
    close(p[0]);

    /* ppoll with a temporary mask. */
    if (pipe(p) != 0)
        return 1;
    signal(SIGUSR1, on_usr1);
    sigset_t usr1set, old;
    sigemptyset(&usr1set);
    sigaddset(&usr1set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1set, &old);
    pid_t parent = getpid();
    pid = fork();
    if (pid == 0) {
        usleep(30 * 1000);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    pfd.fd = p[0];
    pfd.revents = 0;
    struct timespec ts = { 10, 0 };
    errno = 0;
    r = ppoll(&pfd, 1, &ts, &old);
    printf("ppoll unblocking SIGUSR1 = %d errno=%s usr1=%d\n", r, strerror(errno), usr1);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("  mask restored (SIGUSR1 blocked): %d\n", sigismember(&now, SIGUSR1));
    waitpid(pid, &st, 0);
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* eventfd. */
    int efd = eventfd(0, 0);
    pid = fork();
    if (pid == 0) {
        for (uint64_t i = 1; i <= 5; i++) {
            (void)!write(efd, &i, sizeof i);
            usleep(2000);
        }
        _exit(0);
    }
    uint64_t total = 0, v;
    while (total < 15) {
        if (read(efd, &v, sizeof v) != sizeof v)
            break;
        total += v;
    }
    waitpid(pid, &st, 0);
    printf("eventfd: child added 1..5, parent read a total of %llu\n", (unsigned long long)total);
    close(efd);

    efd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
    int reads = 0;
    while (read(efd, &v, sizeof v) == sizeof v) {
        reads++;
        if (v != 1)
            break;
    }
    printf("EFD_SEMAPHORE with count 3: %d reads of 1, then errno=%s\n", reads, strerror(errno));

    /* epoll over a pipe and the eventfd, with a child feeding both. */
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 1 };
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    ev.data.u32 = 2;
    epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
    pid = fork();
    if (pid == 0) {
        usleep(20 * 1000);
        (void)!write(p[1], "p", 1);
        usleep(20 * 1000);
        uint64_t one = 1;
        (void)!write(efd, &one, sizeof one);
        _exit(0);
    }
    int seen_pipe = 0, seen_efd = 0;
    while (!(seen_pipe && seen_efd)) {
        struct epoll_event evs[2];
        int n = epoll_wait(ep, evs, 2, 10000);
        if (n <= 0)
            break;
        for (int i = 0; i < n; i++) {
            if (evs[i].data.u32 == 1 && !seen_pipe) {
                char c;
                (void)!read(p[0], &c, 1);
                seen_pipe = 1;
            } else if (evs[i].data.u32 == 2 && !seen_efd) {
                (void)!read(efd, &v, sizeof v);
                seen_efd = 1;
            }
        }
    }
    waitpid(pid, &st, 0);
    printf("epoll: saw the pipe %d, the eventfd %d\n", seen_pipe, seen_efd);
    return 0;
}
