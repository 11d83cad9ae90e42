/* posix_spawn (glibc: clone(CLONE_VM|CLONE_VFORK) on a separate stack, then
 * execve in the child). Spawning /proc/self/exe with arguments runs this
 * program again in "spawned" mode; file actions redirect the child's stdout
 * into a pipe the parent reads; spawn attributes set the child's signal
 * mask and reset an ignored signal to SIG_DFL; a failing exec is reported by
 * posix_spawn's return value (ENOENT), which works only because the child
 * shares the parent's memory until it execs.
 * Not compared with qemu-riscv64: without binfmt_misc, qemu passes execve of
 * a RISC-V program to the host kernel, which cannot run it. The expected
 * output is what Linux does (the same C program prints it natively on
 * x86-64 Linux). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int spawned(int argc, char **argv)
{
    printf("[spawned] argc=%d", argc);
    for (int i = 1; i < argc; i++)
        printf(" \"%s\"", argv[i]);
    printf("\n");
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    struct sigaction sa;
    sigaction(SIGUSR1, NULL, &sa);
    printf("[spawned] USR2 blocked=%d, USR1 action %s\n", sigismember(&now, SIGUSR2),
           sa.sa_handler == SIG_DFL ? "SIG_DFL" : sa.sa_handler == SIG_IGN ? "SIG_IGN" : "other");
    return 4;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "spawned") == 0)
        return spawned(argc, argv);
    setvbuf(stdout, NULL, _IONBF, 0);

    pid_t pid;
    char *cargv[] = { "child", "spawned", "one", "two three", NULL };
    int r = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, cargv, environ);
    int st;
    waitpid(pid, &st, 0);
    printf("posix_spawn = %d, child exit %d\n", r, WEXITSTATUS(st));

    /* stdout into a pipe. */
    int p[2];
    if (pipe(p) != 0)
        return 1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    posix_spawn_file_actions_addclose(&fa, p[0]);
    posix_spawn_file_actions_addclose(&fa, p[1]);
    char *cargv2[] = { "child", "spawned", "piped", NULL };
    r = posix_spawn(&pid, "/proc/self/exe", &fa, NULL, cargv2, environ);
    close(p[1]);
    char buf[512] = { 0 };
    size_t len = 0;
    ssize_t n;
    while ((n = read(p[0], buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)n;
    close(p[0]);
    waitpid(pid, &st, 0);
    printf("posix_spawn with dup2 = %d, child exit %d, parent read:\n%s", r, WEXITSTATUS(st), buf);
    posix_spawn_file_actions_destroy(&fa);

    /* An ignored signal stays ignored in the spawned program... */
    signal(SIGUSR1, SIG_IGN);
    char *cargv4[] = { "child", "spawned", "ignoring", NULL };
    r = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, cargv4, environ);
    waitpid(pid, &st, 0);
    printf("posix_spawn with SIGUSR1 ignored = %d, child exit %d\n", r, WEXITSTATUS(st));

    /* ...unless the attributes reset it; they also set the mask. */
    posix_spawnattr_t at;
    posix_spawnattr_init(&at);
    sigset_t mask, def;
    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR2);
    sigemptyset(&def);
    sigaddset(&def, SIGUSR1);
    posix_spawnattr_setsigmask(&at, &mask);
    posix_spawnattr_setsigdefault(&at, &def);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    char *cargv3[] = { "child", "spawned", "attrs", NULL };
    r = posix_spawn(&pid, "/proc/self/exe", NULL, &at, cargv3, environ);
    waitpid(pid, &st, 0);
    printf("posix_spawn with attributes = %d, child exit %d\n", r, WEXITSTATUS(st));
    posix_spawnattr_destroy(&at);

    /* Failure reported by the return value. */
    char *nargv[] = { "nope", NULL };
    r = posix_spawn(&pid, "/nonexistent/program", NULL, NULL, nargv, environ);
    printf("posix_spawn(nonexistent) = %s\n", r == ENOENT ? "ENOENT" : r == 0 ? "0" : strerror(r));
    if (r == 0)
        waitpid(pid, &st, 0);
    char *path_env[] = { "PATH=/nonexistent-dir", NULL };
    r = posix_spawnp(&pid, "no-such-command", NULL, NULL, nargv, path_env);
    printf("posix_spawnp(no-such-command) = %s\n",
           r == ENOENT ? "ENOENT" : r == 0 ? "0" : strerror(r));
    if (r == 0)
        waitpid(pid, &st, 0);
    return 0;
}
