/* waitpid and signals. A handler without SA_RESTART interrupts a waitpid
 * that is waiting for a child (-1 EINTR; the child is still there and is
 * reaped afterwards); with SA_RESTART the waitpid is restarted and returns
 * the child. A SIGCHLD handler without SA_RESTART interrupts a read on an
 * empty pipe when a child exits. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int alrm, chld;
static void on_alrm(int sig) { (void)sig; alrm++; }
static void on_chld(int sig) { (void)sig; chld++; }

static void install(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static timer_t arm(int ms)
{
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGALRM;
    timer_t t;
    timer_create(CLOCK_MONOTONIC, &sev, &t);
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    its.it_value.tv_nsec = ms * 1000L * 1000L;
    timer_settime(t, 0, &its, NULL);
    return t;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int gate[2];
    if (pipe(gate) != 0)
        return 1;

    install(SIGALRM, on_alrm, 0);
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        (void)!read(gate[0], &c, 1);
        _exit(4);
    }
    timer_t t = arm(50);
    int st = 0;
    errno = 0;
    pid_t w = waitpid(pid, &st, 0);
    printf("waitpid, handler without SA_RESTART: %d errno=%s alrm=%d\n", w, strerror(errno), alrm);
    timer_delete(t);
    (void)!write(gate[1], "g", 1);
    w = waitpid(pid, &st, 0);
    printf("  then waitpid returns the child: %s, status %d\n", w == pid ? "yes" : "no",
           WEXITSTATUS(st));

    install(SIGALRM, on_alrm, SA_RESTART);
    pid = fork();
    if (pid == 0) {
        struct timespec ts = { 0, 200 * 1000 * 1000 };
        nanosleep(&ts, NULL);
        _exit(5);
    }
    t = arm(50);
    errno = 0;
    w = waitpid(pid, &st, 0);
    printf("waitpid, SA_RESTART handler: returns the child: %s, status %d, alrm=%d\n",
           w == pid ? "yes" : "no", WEXITSTATUS(st), alrm);
    timer_delete(t);

    install(SIGCHLD, on_chld, 0);
    int p[2];
    if (pipe(p) != 0)
        return 1;
    pid = fork();
    if (pid == 0) {
        struct timespec ts = { 0, 50 * 1000 * 1000 };
        nanosleep(&ts, NULL);
        _exit(6);
    }
    char c;
    errno = 0;
    ssize_t r = read(p[0], &c, 1);
    printf("read interrupted by SIGCHLD handler: %zd errno=%s chld=%d\n", r, strerror(errno), chld);
    waitpid(pid, &st, 0);
    printf("  child status %d\n", WEXITSTATUS(st));
    return 0;
}
