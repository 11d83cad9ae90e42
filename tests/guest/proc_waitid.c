/* waitid and wait4. waitid(P_PID, pid, WEXITED) fills siginfo: si_signo
 * SIGCHLD, si_code CLD_EXITED / CLD_KILLED, si_status the exit code or the
 * signal, si_pid the child. WNOWAIT leaves the child waitable. WNOHANG with a
 * running child returns 0 with si_pid 0. P_ALL reaps any child. wait4 returns
 * the status and fills a struct rusage (not printed). Children are reaped in
 * the order the parent names them. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *code_name(int c)
{
    switch (c) {
    case CLD_EXITED: return "CLD_EXITED";
    case CLD_KILLED: return "CLD_KILLED";
    case CLD_DUMPED: return "CLD_DUMPED";
    case CLD_STOPPED: return "CLD_STOPPED";
    case CLD_CONTINUED: return "CLD_CONTINUED";
    default: return "other";
    }
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int gate[2];
    if (pipe(gate) != 0)
        return 1;
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        (void)!read(gate[0], &c, 1);
        _exit(5);
    }
    siginfo_t si;
    memset(&si, 0xff, sizeof si);
    int r = waitid(P_PID, pid, &si, WEXITED | WNOHANG);
    printf("waitid(WNOHANG) on a running child = %d, si_pid = %d\n", r, si.si_pid);
    (void)!write(gate[1], "x", 1);
    memset(&si, 0, sizeof si);
    r = waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
    printf("waitid(WNOWAIT) = %d signo=%s code=%s status=%d pid-ok=%s\n", r,
           si.si_signo == SIGCHLD ? "SIGCHLD" : "other", code_name(si.si_code), si.si_status,
           si.si_pid == pid ? "yes" : "no");
    memset(&si, 0, sizeof si);
    r = waitid(P_PID, pid, &si, WEXITED);
    printf("waitid again (still there) = %d code=%s status=%d pid-ok=%s\n", r, code_name(si.si_code),
           si.si_status, si.si_pid == pid ? "yes" : "no");
    errno = 0;
    r = waitid(P_PID, pid, &si, WEXITED);
    printf("waitid a third time = %d errno=%s\n", r, strerror(errno));

    /* Killed child. */
    pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    kill(pid, SIGKILL);
    memset(&si, 0, sizeof si);
    r = waitid(P_PID, pid, &si, WEXITED);
    printf("killed child: waitid = %d code=%s status=%d\n", r, code_name(si.si_code), si.si_status);

    /* P_ALL. */
    pid = fork();
    if (pid == 0)
        _exit(17);
    memset(&si, 0, sizeof si);
    r = waitid(P_ALL, 0, &si, WEXITED);
    printf("P_ALL: waitid = %d status=%d pid-ok=%s\n", r, si.si_status, si.si_pid == pid ? "yes" : "no");

    /* wait4 with rusage. */
    pid = fork();
    if (pid == 0) {
        volatile long x = 0;
        for (long i = 0; i < 1000000; i++)
            x += i;
        _exit(x == 499999500000L ? 8 : 9);
    }
    struct rusage ru;
    memset(&ru, 0xff, sizeof ru);
    int st;
    pid_t w = wait4(pid, &st, 0, &ru);
    printf("wait4 = child: %s, status %d, rusage filled: %s\n", w == pid ? "yes" : "no",
           WEXITSTATUS(st), ru.ru_utime.tv_sec >= 0 && ru.ru_utime.tv_usec >= 0 &&
           ru.ru_utime.tv_usec < 1000000 ? "yes" : "no");

    /* Several children, reaped in a chosen order; each exits with its index. */
    pid_t kids[6];
    int ready[2];
    if (pipe(ready) != 0)
        return 1;
    for (int i = 0; i < 6; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            (void)!write(ready[1], "r", 1);
            _exit(i + 1);
        }
    }
    for (int i = 0; i < 6; i++) {
        char c;
        (void)!read(ready[0], &c, 1);
    }
    int order[6] = { 3, 0, 5, 1, 4, 2 };
    printf("reaped in chosen order:");
    for (int i = 0; i < 6; i++) {
        w = waitpid(kids[order[i]], &st, 0);
        printf(" %d", w == kids[order[i]] ? WEXITSTATUS(st) : -1);
    }
    printf("\n");

    /* And with wait(): any order, so only the sum. */
    for (int i = 0; i < 6; i++) {
        kids[i] = fork();
        if (kids[i] == 0)
            _exit(10 * (i + 1));
    }
    int sum = 0, n = 0;
    while ((w = wait(&st)) > 0) {
        sum += WEXITSTATUS(st);
        n++;
    }
    printf("wait() reaped %d children, sum %d, then errno=%s\n", n, sum, strerror(errno));
    return 0;
}
