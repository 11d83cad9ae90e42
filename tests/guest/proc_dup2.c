/* Redirecting standard output. In a forked child, dup2(pipe, 1) makes
 * printf write into the pipe, which the parent reads and re-prints with a
 * prefix; the child's stderr goes through a second pipe. In the parent,
 * stdout is saved with dup, pointed at a pipe, written, and restored.
 * Also: file descriptors and their offsets are shared across fork (a write
 * by the child moves the parent's offset), FD_CLOEXEC is per descriptor,
 * dup3 with O_CLOEXEC. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void relay(int fd, const char *prefix)
{
    char buf[4096];
    size_t len = 0;
    ssize_t r;
    while ((r = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)r;
    buf[len] = 0;
    char *save = NULL;
    for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
        printf("%s%s\n", prefix, line);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int out[2], err[2];
    if (pipe(out) != 0 || pipe(err) != 0)
        return 1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], 1);
        dup2(err[1], 2);
        close(out[0]); close(out[1]); close(err[0]); close(err[1]);
        printf("hello from the child's stdout\n");
        printf("second line %d\n", 42);
        fprintf(stderr, "and its stderr\n");
        fflush(stdout);
        exit(0);
    }
    close(out[1]);
    close(err[1]);
    relay(out[0], "parent got on out: ");
    relay(err[0], "parent got on err: ");
    int st;
    waitpid(pid, &st, 0);
    printf("child status %d\n", WEXITSTATUS(st));

    /* Redirect our own stdout and restore it. */
    int p[2];
    if (pipe(p) != 0)
        return 1;
    int saved = dup(1);
    dup2(p[1], 1);
    close(p[1]);
    printf("this goes into the pipe\n");
    dup2(saved, 1);
    close(saved);
    relay(p[0], "read back: ");

    /* Shared file offsets. */
    char path[] = "/tmp/ferry-proc_dup2-XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    (void)!write(fd, "0123456789", 10);
    pid = fork();
    if (pid == 0) {
        (void)!write(fd, "abcde", 5);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    printf("offset after the child's write: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    char buf[32] = { 0 };
    (void)!pread(fd, buf, sizeof buf - 1, 0);
    printf("file: %s\n", buf);

    /* dup2 onto itself, dup3 flags, FD_CLOEXEC per descriptor. */
    printf("dup2(fd, fd) = same: %s\n", dup2(fd, fd) == fd ? "yes" : "no");
    int d = dup3(fd, 20, O_CLOEXEC);
    printf("dup3(fd, 20, O_CLOEXEC) = %d, FD_CLOEXEC on 20: %d, on fd: %d\n", d,
           fcntl(20, F_GETFD) & FD_CLOEXEC, fcntl(fd, F_GETFD) & FD_CLOEXEC);
    int e = fcntl(fd, F_DUPFD_CLOEXEC, 30);
    printf("F_DUPFD_CLOEXEC from 30 = %d, FD_CLOEXEC %d\n", e, fcntl(e, F_GETFD) & FD_CLOEXEC);
    close(fd);
    close(d);
    close(e);
    return 0;
}
