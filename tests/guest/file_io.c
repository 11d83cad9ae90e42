/* File I/O through the C library: a private directory under /tmp, files
 * written, read, seeked, stat'ed, renamed, listed and removed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", what, ok ? "ok" : "FAILED");
    if (!ok)
        failures++;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void write_file(const char *name, const char *text)
{
    int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) || close(fd) != 0)
        check(0, name);
}

int main(void)
{
    char dir[64], cwd[512];
    snprintf(dir, sizeof dir, "/tmp/ferry_file_io_%d", (int)getpid());
    check(mkdir(dir, 0700) == 0, "mkdir private directory");
    check(chdir(dir) == 0, "chdir into it");
    check(getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd, dir) == 0, "getcwd names it");
    char tiny[4];
    errno = 0;
    check(getcwd(tiny, sizeof tiny) == NULL && errno == ERANGE, "getcwd into a small buffer: ERANGE");

    /* write in pieces, read back */
    int fd = open("data.txt", O_CREAT | O_EXCL | O_WRONLY, 0600);
    check(fd >= 0, "create data.txt");
    const char *pieces[] = { "The quick brown fox ", "jumps over ", "the lazy dog.\n" };
    size_t total = 0;
    for (int i = 0; i < 3; i++) {
        ssize_t n = write(fd, pieces[i], strlen(pieces[i]));
        total += n > 0 ? (size_t)n : 0;
    }
    printf("wrote %zu bytes\n", total);
    struct stat st;
    check(fstat(fd, &st) == 0 && st.st_size == (off_t)total && S_ISREG(st.st_mode), "fstat size after writes");
    printf("mode bits: %o\n", (unsigned)(st.st_mode & 0777));
    close(fd);

    errno = 0;
    check(open("data.txt", O_CREAT | O_EXCL | O_WRONLY, 0600) < 0 && errno == EEXIST, "O_EXCL on existing: EEXIST");
    errno = 0;
    check(open("no-such-file", O_RDONLY) < 0 && errno == ENOENT, "open missing: ENOENT");
    printf("strerror(ENOENT) = %s\n", strerror(ENOENT));

    fd = open("data.txt", O_RDWR);
    char buf[128];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("read %zd: %s", n, buf);
    check(read(fd, buf, sizeof buf) == 0, "read at end of file returns 0");
    check(lseek(fd, 0, SEEK_END) == (off_t)total, "lseek SEEK_END is the size");
    check(lseek(fd, 4, SEEK_SET) == 4, "lseek SEEK_SET 4");
    n = read(fd, buf, 5);
    buf[n > 0 ? n : 0] = 0;
    printf("5 bytes at offset 4: [%s]\n", buf);
    check(lseek(fd, 0, SEEK_CUR) == 9, "lseek SEEK_CUR after the read");
    check(pwrite(fd, "QUICK", 5, 4) == 5, "pwrite at offset 4");
    n = pread(fd, buf, 15, 0);
    buf[n > 0 ? n : 0] = 0;
    printf("pread 15 from 0: [%s]\n", buf);
    check(lseek(fd, 0, SEEK_CUR) == 9, "pread/pwrite leave the offset alone");

    /* vectored I/O */
    lseek(fd, 0, SEEK_END);
    struct iovec iov[3] = { { "one ", 4 }, { "two ", 4 }, { "three\n", 6 } };
    check(writev(fd, iov, 3) == 14, "writev of three buffers");
    char a[5] = { 0 }, b[5] = { 0 }, c[7] = { 0 };
    struct iovec riov[3] = { { a, 4 }, { b, 4 }, { c, 6 } };
    lseek(fd, (off_t)total, SEEK_SET);
    check(readv(fd, riov, 3) == 14, "readv of three buffers");
    printf("readv: [%s] [%s] [%s]\n", a, b, c);

    check(ftruncate(fd, 9) == 0 && fstat(fd, &st) == 0 && st.st_size == 9, "ftruncate to 9 bytes");
    int fd2 = dup(fd);
    check(fd2 > fd && lseek(fd2, 0, SEEK_CUR) == lseek(fd, 0, SEEK_CUR), "dup shares the offset");
    check((fcntl(fd2, F_GETFL) & O_ACCMODE) == O_RDWR, "fcntl F_GETFL: O_RDWR");
    check(fcntl(fd2, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd2, F_GETFD) == FD_CLOEXEC, "fcntl FD_CLOEXEC");
    close(fd2);
    close(fd);
    errno = 0;
    check(close(fd) < 0 && errno == EBADF, "close twice: EBADF");

    /* stdio on files */
    FILE *f = fopen("stdio.txt", "w+");
    check(f != NULL, "fopen w+");
    for (int i = 0; i < 100; i++)
        fprintf(f, "line %03d\n", i);
    rewind(f);
    int lines = 0;
    char line[64], last[64] = "";
    while (fgets(line, sizeof line, f)) {
        lines++;
        strcpy(last, line);
    }
    printf("fgets read %d lines, last: %s", lines, last);
    check(ftell(f) == 900, "ftell at the end");
    fclose(f);
    check(stat("stdio.txt", &st) == 0 && st.st_size == 900, "stat size of stdio.txt");

    /* rename, links */
    check(rename("data.txt", "renamed.txt") == 0, "rename");
    errno = 0;
    check(stat("data.txt", &st) < 0 && errno == ENOENT, "old name gone");
    check(stat("renamed.txt", &st) == 0 && st.st_size == 9, "new name has the data");
    check(symlink("renamed.txt", "link") == 0, "symlink");
    char target[64];
    n = readlink("link", target, sizeof target);
    check(n == 11 && memcmp(target, "renamed.txt", 11) == 0, "readlink");
    check(lstat("link", &st) == 0 && S_ISLNK(st.st_mode), "lstat sees a link");
    check(access("renamed.txt", R_OK | W_OK) == 0, "access R_OK|W_OK");
    errno = 0;
    check(access("missing", F_OK) < 0 && errno == ENOENT, "access missing: ENOENT");

    /* a listing, sorted */
    write_file("zeta", "z");
    write_file("alpha", "a");
    write_file("mid", "m");
    check(mkdir("subdir", 0755) == 0, "mkdir subdir");
    check(stat("subdir", &st) == 0 && S_ISDIR(st.st_mode), "stat subdir is a directory");
    DIR *d = opendir(".");
    check(d != NULL, "opendir");
    char *names[32];
    int count = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) && count < 32)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            names[count++] = strdup(e->d_name);
    if (d)
        closedir(d);
    qsort(names, (size_t)count, sizeof *names, cmp_str);
    printf("directory has %d entries:", count);
    for (int i = 0; i < count; i++)
        printf(" %s", names[i]);
    printf("\n");

    /* clean up */
    int removed = 0;
    for (int i = 0; i < count; i++) {
        if (strcmp(names[i], "subdir") == 0)
            removed += rmdir(names[i]) == 0;
        else
            removed += unlink(names[i]) == 0;
        free(names[i]);
    }
    printf("removed %d of %d\n", removed, count);
    check(chdir("/") == 0 && rmdir(dir) == 0, "remove the private directory");
    errno = 0;
    check(stat(dir, &st) < 0 && errno == ENOENT, "it is gone");
    return failures != 0;
}
