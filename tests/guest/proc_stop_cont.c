/* Job control signals. A child that raises SIGSTOP stops: waitpid with
 * WUNTRACED reports WIFSTOPPED / WSTOPSIG 19 (and waitid CLD_STOPPED);
 * SIGCONT resumes it (WCONTINUED: WIFCONTINUED) and runs its SIGCONT
 * handler; it then exits normally. SIGTSTP with a handler is caught instead
 * of stopping. A stopped child still dies from SIGKILL. A nanosleep that is
 * stopped and continued (no handlers involved) is resumed transparently by
 * the kernel (restart_syscall) and returns 0, not EINTR. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int cont_seen, tstp_seen;
static void on_cont(int sig) { (void)sig; cont_seen++; }
static void on_tstp(int sig) { (void)sig; tstp_seen++; }

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int go[2];
    if (pipe(go) != 0)
        return 1;
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGCONT, on_cont);
        signal(SIGTSTP, on_tstp);
        raise(SIGTSTP); /* handled: does not stop */
        raise(SIGSTOP);
        /* resumed here; exit only when the parent has seen the continue */
        char c;
        (void)!read(go[0], &c, 1);
        _exit(cont_seen == 1 && tstp_seen == 1 ? 42 : 1);
    }
    int st;
    pid_t w = waitpid(pid, &st, WUNTRACED);
    printf("waitpid(WUNTRACED) = child: %s, WIFSTOPPED=%d WSTOPSIG=%d\n", w == pid ? "yes" : "no",
           WIFSTOPPED(st), WSTOPSIG(st));
    kill(pid, SIGCONT);
    w = waitpid(pid, &st, WCONTINUED);
    printf("waitpid(WCONTINUED) = child: %s, WIFCONTINUED=%d\n", w == pid ? "yes" : "no",
           WIFCONTINUED(st));
    (void)!write(go[1], "g", 1);
    w = waitpid(pid, &st, 0);
    printf("then exit: WIFEXITED=%d status=%d (42 = SIGTSTP and SIGCONT handlers ran once)\n",
           WIFEXITED(st), WEXITSTATUS(st));

    /* Stopped by the parent, seen with waitid, killed while stopped. */
    int ready[2];
    if (pipe(ready) != 0)
        return 1;
    pid = fork();
    if (pid == 0) {
        (void)!write(ready[1], "r", 1);
        for (;;)
            pause();
    }
    char c;
    (void)!read(ready[0], &c, 1);
    kill(pid, SIGSTOP);
    siginfo_t si;
    memset(&si, 0, sizeof si);
    waitid(P_PID, pid, &si, WSTOPPED);
    printf("waitid(WSTOPPED): code=%s status=%d\n", si.si_code == CLD_STOPPED ? "CLD_STOPPED" : "other",
           si.si_status);
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
    printf("SIGKILL while stopped: WIFSIGNALED=%d WTERMSIG=%d\n", WIFSIGNALED(st), WTERMSIG(st));

    /* Stop and continue a child in nanosleep. */
    pid = fork();
    if (pid == 0) {
        struct timespec ts = { 0, 300 * 1000 * 1000 }, rem = { 0, 0 };
        (void)!write(ready[1], "r", 1);
        int r = nanosleep(&ts, &rem);
        _exit(r == 0 ? 0 : 1);
    }
    (void)!read(ready[0], &c, 1);
    struct timespec pause_ms = { 0, 50 * 1000 * 1000 };
    nanosleep(&pause_ms, NULL);
    kill(pid, SIGSTOP);
    waitpid(pid, &st, WUNTRACED);
    int stopped = WIFSTOPPED(st);
    nanosleep(&pause_ms, NULL);
    kill(pid, SIGCONT);
    waitpid(pid, &st, 0);
    printf("nanosleep stopped (%d) and continued: returned 0: %s\n", stopped,
           WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "yes" : "no");
    return 0;
}
