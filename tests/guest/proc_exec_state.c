/* What execve keeps and what it resets, as seen by the new image (this same
 * program, re-executed through /proc/self/exe by a forked child):
 *   reset: caught signals go back to SIG_DFL, the alternate signal stack is
 *          disabled, FD_CLOEXEC descriptors are closed;
 *   kept:  ignored signals stay ignored, the signal mask, pending signals,
 *          a pending alarm(), descriptors without FD_CLOEXEC (and their
 *          offsets), the working directory, the umask, resource limits.
 * Not compared with qemu-riscv64: without binfmt_misc, qemu passes execve of
 * a RISC-V program to the host kernel, which cannot run it. The expected
 * output is what Linux does (the same C program prints it natively on
 * x86-64 Linux). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void handler(int sig)
{
    (void)sig;
}

static const char *disp(int sig)
{
    struct sigaction sa;
    sigaction(sig, NULL, &sa);
    return sa.sa_handler == SIG_DFL ? "SIG_DFL" : sa.sa_handler == SIG_IGN ? "SIG_IGN" : "handler";
}

static int new_image(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    int keep = atoi(argv[2]), gone = atoi(argv[3]);
    printf("[new image] SIGUSR1 (was caught): %s\n", disp(SIGUSR1));
    printf("[new image] SIGUSR2 (was ignored): %s\n", disp(SIGUSR2));
    printf("[new image] SIGHUP (was default): %s\n", disp(SIGHUP));
    sigset_t now, pend;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("[new image] mask: TERM=%d USR2=%d INT=%d\n", sigismember(&now, SIGTERM),
           sigismember(&now, SIGUSR2), sigismember(&now, SIGINT));
    sigpending(&pend);
    printf("[new image] pending: TERM=%d\n", sigismember(&pend, SIGTERM));
    stack_t ss;
    sigaltstack(NULL, &ss);
    printf("[new image] alternate stack disabled: %s\n", ss.ss_flags == SS_DISABLE ? "yes" : "no");
    unsigned left = alarm(0);
    printf("[new image] alarm still pending: %s\n", left > 0 && left <= 100 ? "yes" : "no");
    errno = 0;
    int flags = fcntl(keep, F_GETFD);
    printf("[new image] fd without FD_CLOEXEC open: %s, offset %ld\n", flags >= 0 ? "yes" : "no",
           (long)lseek(keep, 0, SEEK_CUR));
    errno = 0;
    flags = fcntl(gone, F_GETFD);
    printf("[new image] FD_CLOEXEC fd: %d errno=%s\n", flags, strerror(errno));
    char cwd[256];
    printf("[new image] cwd: %s\n", getcwd(cwd, sizeof cwd) ? cwd : "?");
    mode_t m = umask(0);
    printf("[new image] umask: %03o\n", (unsigned)m);
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("[new image] RLIMIT_NOFILE soft limit: %ld\n", (long)rl.rlim_cur);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "new-image") == 0)
        return new_image(argc, argv);
    setvbuf(stdout, NULL, _IONBF, 0);

    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGUSR1, handler);
        signal(SIGUSR2, SIG_IGN);
        signal(SIGTERM, handler);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, SIGTERM);
        sigaddset(&set, SIGUSR2);
        sigprocmask(SIG_BLOCK, &set, NULL);
        raise(SIGTERM); /* stays pending: blocked */
        static char alt[65536];
        stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0 };
        sigaltstack(&ss, NULL);
        alarm(60);
        char path[] = "/tmp/ferry-proc_exec_state-XXXXXX";
        int keep = mkstemp(path);
        unlink(path);
        (void)!write(keep, "1234567", 7);
        int gone = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (chdir("/tmp") != 0)
            _exit(3);
        umask(027);
        struct rlimit rl;
        getrlimit(RLIMIT_NOFILE, &rl);
        rl.rlim_cur = 200;
        setrlimit(RLIMIT_NOFILE, &rl);
        char k[16], g[16];
        snprintf(k, sizeof k, "%d", keep);
        snprintf(g, sizeof g, "%d", gone);
        char *cargv[] = { "state", "new-image", k, g, NULL };
        char *cenv[] = { NULL };
        execve("/proc/self/exe", cargv, cenv);
        printf("execve failed: %s\n", strerror(errno));
        _exit(99);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("parent: new image exited: WIFEXITED=%d status=%d\n", WIFEXITED(st), WEXITSTATUS(st));
    return 0;
}
