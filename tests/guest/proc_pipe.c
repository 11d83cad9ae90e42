/* Pipes between a parent and forked children. A child writes 1 MiB of a
 * pattern in uneven pieces (the pipe fills, the writer blocks, the reader
 * drains it); the parent reads until EOF, which comes only when every copy
 * of the write end is closed, and checks length and checksum. Then 2000
 * round trips of a ping-pong over two pipes, each side adding one to the
 * number it received. Then a pipeline of three children, each transforming
 * the stream (like `gen | double | sum`). */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define TOTAL (1 << 20)

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

static unsigned char pattern(long i)
{
    return (unsigned char)((i * 131 + (i >> 9)) & 0xff);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int p[2];
    if (pipe(p) != 0)
        return 1;
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        static unsigned char buf[8192];
        long sent = 0;
        size_t piece = 1;
        while (sent < TOTAL) {
            size_t n = piece;
            if (n > sizeof buf)
                n = sizeof buf;
            if (n > (size_t)(TOTAL - sent))
                n = (size_t)(TOTAL - sent);
            for (size_t i = 0; i < n; i++)
                buf[i] = pattern(sent + (long)i);
            if (write_all(p[1], buf, n) != 0)
                _exit(2);
            sent += (long)n;
            piece = piece * 3 + 7;
            if (piece > 10000)
                piece = 1;
        }
        _exit(0);
    }
    close(p[1]);
    uint64_t sum = 0xcbf29ce484222325ull; /* FNV-1a */
    long got = 0, bad = 0;
    static unsigned char rbuf[5000];
    for (;;) {
        ssize_t r = read(p[0], rbuf, sizeof rbuf);
        if (r <= 0)
            break;
        for (ssize_t i = 0; i < r; i++) {
            if (rbuf[i] != pattern(got + i))
                bad++;
            sum = (sum ^ rbuf[i]) * 0x100000001b3ull;
        }
        got += r;
    }
    int st;
    waitpid(pid, &st, 0);
    printf("1 MiB through a pipe: got %ld bytes, %ld wrong, checksum %#llx, child status %d\n", got,
           bad, (unsigned long long)sum, WEXITSTATUS(st));
    close(p[0]);

    /* Ping-pong. */
    int to_child[2], to_parent[2];
    if (pipe(to_child) != 0 || pipe(to_parent) != 0)
        return 1;
    pid = fork();
    if (pid == 0) {
        close(to_child[1]);
        close(to_parent[0]);
        uint32_t v;
        while (read_all(to_child[0], &v, sizeof v) == 0) {
            v++;
            if (write_all(to_parent[1], &v, sizeof v) != 0)
                _exit(3);
        }
        _exit(0);
    }
    close(to_child[0]);
    close(to_parent[1]);
    uint32_t v = 0;
    for (int i = 0; i < 2000; i++) {
        write_all(to_child[1], &v, sizeof v);
        if (read_all(to_parent[0], &v, sizeof v) != 0)
            break;
        v++;
    }
    close(to_child[1]); /* EOF ends the child */
    waitpid(pid, &st, 0);
    printf("ping-pong: final value %u, child status %d\n", v, WEXITSTATUS(st));

    /* A three-stage pipeline: numbers 1..N | double | sum. */
    int a[2], b[2], c[2];
    if (pipe(a) != 0 || pipe(b) != 0 || pipe(c) != 0)
        return 1;
    pid_t gen = fork();
    if (gen == 0) {
        close(a[0]); close(b[0]); close(b[1]); close(c[0]); close(c[1]);
        for (uint32_t i = 1; i <= 10000; i++)
            write_all(a[1], &i, sizeof i);
        _exit(0);
    }
    pid_t dbl = fork();
    if (dbl == 0) {
        close(a[1]); close(b[0]); close(c[0]); close(c[1]);
        uint32_t x;
        while (read_all(a[0], &x, sizeof x) == 0) {
            x *= 2;
            write_all(b[1], &x, sizeof x);
        }
        _exit(0);
    }
    pid_t summer = fork();
    if (summer == 0) {
        close(a[0]); close(a[1]); close(b[1]); close(c[0]);
        uint64_t total = 0;
        uint32_t x;
        while (read_all(b[0], &x, sizeof x) == 0)
            total += x;
        write_all(c[1], &total, sizeof total);
        _exit(0);
    }
    close(a[0]); close(a[1]); close(b[0]); close(b[1]); close(c[1]);
    uint64_t total = 0;
    int ok = read_all(c[0], &total, sizeof total) == 0;
    int st1, st2, st3;
    waitpid(gen, &st1, 0);
    waitpid(dbl, &st2, 0);
    waitpid(summer, &st3, 0);
    printf("pipeline: total %llu (read ok %d), statuses %d %d %d\n", (unsigned long long)total, ok,
           WEXITSTATUS(st1), WEXITSTATUS(st2), WEXITSTATUS(st3));
    return 0;
}
