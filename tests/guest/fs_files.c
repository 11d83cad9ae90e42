/* The file and directory system calls, each checked against what Linux
 * does: directory listing, the stat family, rename flags, unlink/rmdir,
 * fifos, symlinks and hard links, permissions, owners and times, access,
 * truncation, syncing, statfs, copying between descriptors, space
 * allocation, descriptor duplication, fcntl flags and locks, pipes, memfds,
 * close_range and the working directory. Works in a private directory under
 * /tmp and prints nothing that depends on the host (no inode numbers, times
 * or directory names). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "closed_fd.h"

static int failures;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", what, ok ? "ok" : "FAILED");
    if (!ok)
        failures++;
}

/* "ok" when the call failed with the expected errno */
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

static void put(const char *name, const char *text)
{
    int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) || close(fd) != 0)
        check(0, name);
}

static const char *get(const char *name)
{
    static char buf[256];
    buf[0] = 0;
    int fd = open(name, O_RDONLY);
    if (fd < 0)
        return "(none)";
    ssize_t n = read(fd, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    close(fd);
    return buf;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* the sorted names in a directory, through getdents64 itself */
static void list(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    char buf[512]; /* small, so that several calls are needed */
    char *names[64];
    int n = 0;
    for (;;) {
        long r = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (r <= 0)
            break;
        for (long off = 0; off < r;) {
            /* struct linux_dirent64 */
            struct {
                unsigned long long ino;
                long long off;
                unsigned short reclen;
                unsigned char type;
                char name[];
            } *d = (void *)(buf + off);
            if (n < 64)
                names[n++] = strdup(d->name);
            off += d->reclen;
        }
    }
    close(fd);
    qsort(names, (size_t)n, sizeof names[0], cmp_str);
    printf("%s:", dir);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void stat_family(void)
{
    put("f", "hello, world\n");
    struct stat st, lst;
    check(stat("f", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 13 && st.st_nlink == 1, "stat");
    printf("mode %o size %lld\n", (unsigned)(st.st_mode & 07777), (long long)st.st_size);
    check(symlink("f", "lnk") == 0, "symlink");
    check(lstat("lnk", &lst) == 0 && S_ISLNK(lst.st_mode) && lst.st_size == 1, "lstat sees the link");
    check(stat("lnk", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 13, "stat follows it");
    int dfd = open(".", O_RDONLY | O_DIRECTORY);
    check(fstatat(dfd, "lnk", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode), "fstatat nofollow");
    int fd = open("f", O_RDONLY);
    check(fstatat(fd, "", &st, AT_EMPTY_PATH) == 0 && st.st_size == 13, "fstatat AT_EMPTY_PATH");
    struct statx sx;
    check(statx(dfd, "f", 0, STATX_SIZE | STATX_MODE, &sx) == 0 && sx.stx_size == 13 && S_ISREG(sx.stx_mode),
          "statx");
    check(statx(fd, "", AT_EMPTY_PATH, STATX_SIZE, &sx) == 0 && sx.stx_size == 13, "statx AT_EMPTY_PATH");
    check_err(stat("nope", &st), ENOENT, "stat missing");
    check_err(stat("f/x", &st), ENOTDIR, "stat through a file");
    check_err(fstatat(dfd, "", &st, 0), ENOENT, "fstatat empty path without the flag");
    char big[5000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = 0;
    check_err(stat(big, &st), ENAMETOOLONG, "stat a path too long");
    close(fd);
    close(dfd);

    /* statfs/fstatfs: values depend on the host, the layout does not */
    struct statfs sf, sf2;
    check(statfs(".", &sf) == 0 && sf.f_bsize > 0 && sf.f_namelen > 0, "statfs");
    fd = open("f", O_RDONLY);
    check(fstatfs(fd, &sf2) == 0 && sf2.f_type == sf.f_type && sf2.f_bsize == sf.f_bsize &&
              sf2.f_namelen == sf.f_namelen,
          "fstatfs agrees with statfs");
    close(fd);
    check_err(statfs("nope", &sf), ENOENT, "statfs missing");
}

static void links(void)
{
    char buf[64];
    ssize_t n = readlink("lnk", buf, sizeof buf);
    check(n == 1 && buf[0] == 'f', "readlink");
    n = readlink("lnk", buf, 0);
    check_err(n, EINVAL, "readlink size 0");
    check(symlink("a-rather-long-target", "long") == 0 && readlink("long", buf, 4) == 4 &&
              memcmp(buf, "a-ra", 4) == 0,
          "readlink truncates silently");
    check_err(readlink("f", buf, sizeof buf), EINVAL, "readlink on a file");
    check_err(readlink("nope", buf, sizeof buf), ENOENT, "readlink missing");
    check_err(symlink("x", "f"), EEXIST, "symlink over a file");

    check(link("f", "hard") == 0, "link");
    struct stat st;
    check(stat("f", &st) == 0 && st.st_nlink == 2, "two links");
    check(linkat(AT_FDCWD, "lnk", AT_FDCWD, "hard2", 0) == 0 && lstat("hard2", &st) == 0 && S_ISLNK(st.st_mode),
          "linkat links the symlink itself");
    check(linkat(AT_FDCWD, "lnk", AT_FDCWD, "hard3", AT_SYMLINK_FOLLOW) == 0 && lstat("hard3", &st) == 0 &&
              S_ISREG(st.st_mode) && st.st_nlink == 3,
          "linkat AT_SYMLINK_FOLLOW links the file");
    check_err(link("f", "hard"), EEXIST, "link onto an existing name");
    check_err(link("nope", "x"), ENOENT, "link a missing file");
    mkdir("d", 0755);
    check_err(link("d", "dlink"), EPERM, "link a directory");
    rmdir("d");
    unlink("hard");
    unlink("hard2");
    unlink("hard3");
    unlink("long");
}

static void names(void)
{
    check(mkdir("dir", 0750) == 0, "mkdir");
    check_err(mkdir("dir", 0750), EEXIST, "mkdir again");
    check_err(mkdir("nope/dir", 0750), ENOENT, "mkdir in a missing directory");
    check(mkdir("dir/sub/", 0755) == 0, "mkdir with a trailing slash");
    put("dir/sub/x", "x");
    check_err(rmdir("dir"), ENOTEMPTY, "rmdir a full directory");
    check_err(unlink("dir"), EISDIR, "unlink a directory");
    check_err(rmdir("f"), ENOTDIR, "rmdir a file");
    check_err(rmdir("."), EINVAL, "rmdir .");
    check_err(unlinkat(AT_FDCWD, "dir/sub/x", AT_REMOVEDIR), ENOTDIR, "unlinkat AT_REMOVEDIR on a file");
    check(unlinkat(AT_FDCWD, "dir/sub/x", 0) == 0 && unlinkat(AT_FDCWD, "dir/sub", AT_REMOVEDIR) == 0,
          "unlinkat file, then directory");
    check_err(unlink("nope"), ENOENT, "unlink missing");

    /* rename and its flags */
    put("r1", "one");
    put("r2", "two");
    check(rename("r1", "r3") == 0 && strcmp(get("r3"), "one") == 0, "rename");
    check_err(renameat2(AT_FDCWD, "r3", AT_FDCWD, "r2", RENAME_NOREPLACE), EEXIST, "RENAME_NOREPLACE");
    check(renameat2(AT_FDCWD, "r3", AT_FDCWD, "r2", RENAME_EXCHANGE) == 0 && strcmp(get("r3"), "two") == 0 &&
              strcmp(get("r2"), "one") == 0,
          "RENAME_EXCHANGE swaps");
    check_err(renameat2(AT_FDCWD, "r3", AT_FDCWD, "r9", RENAME_EXCHANGE), ENOENT, "RENAME_EXCHANGE with a missing one");
    check(rename("r3", "r2") == 0 && strcmp(get("r2"), "two") == 0 && access("r3", F_OK) != 0,
          "rename over an existing file");
    check(rename("r2", "dir/r2") == 0 && strcmp(get("dir/r2"), "two") == 0, "rename into a directory");
    check_err(rename("dir", "dir/inside"), EINVAL, "rename a directory into itself");
    check_err(rename("f", "dir/r2/x"), ENOTDIR, "rename under a file");
    unlink("dir/r2");

    /* fifos and device-less nodes */
    check(mkfifo("fifo", 0600) == 0, "mkfifo");
    struct stat st;
    check(stat("fifo", &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == 0600, "it is a fifo");
    check(mknodat(AT_FDCWD, "node", S_IFREG | 0600, 0) == 0 && stat("node", &st) == 0 && S_ISREG(st.st_mode),
          "mknod a regular file");
    check_err(mknod("fifo", S_IFIFO | 0600, 0), EEXIST, "mknod over a name");
    int rfd = open("fifo", O_RDONLY | O_NONBLOCK);
    int wfd = open("fifo", O_WRONLY | O_NONBLOCK);
    check(rfd >= 0 && wfd >= 0 && write(wfd, "abc", 3) == 3, "write a fifo");
    char b[8];
    check(read(rfd, b, sizeof b) == 3 && memcmp(b, "abc", 3) == 0, "read it back");
    close(rfd);
    close(wfd);
    unlink("fifo");
    unlink("node");
    list(".");
}

static void attributes(void)
{
    struct stat st;
    check(chmod("f", 0640) == 0 && stat("f", &st) == 0 && (st.st_mode & 07777) == 0640, "chmod");
    check(fchmodat(AT_FDCWD, "lnk", 0600, 0) == 0 && stat("f", &st) == 0 && (st.st_mode & 07777) == 0600,
          "fchmodat follows the link");
    int fd = open("f", O_RDONLY);
    check(fchmod(fd, 0644) == 0 && fstat(fd, &st) == 0 && (st.st_mode & 07777) == 0644, "fchmod");
    check(fchown(fd, getuid(), getgid()) == 0, "fchown to myself");
    check(chown("f", getuid(), getgid()) == 0, "chown to myself");
    check(lchown("lnk", getuid(), getgid()) == 0, "lchown the link");
    check(fchownat(AT_FDCWD, "f", (uid_t)-1, (gid_t)-1, 0) == 0, "fchownat with -1 leaves both");
    check_err(chmod("nope", 0600), ENOENT, "chmod missing");

    struct timespec ts[2] = { { 1000000000, 5 }, { 1200000000, 123456789 } };
    check(utimensat(AT_FDCWD, "f", ts, 0) == 0 && stat("f", &st) == 0 && st.st_atim.tv_sec == 1000000000 &&
              st.st_mtim.tv_sec == 1200000000 && st.st_mtim.tv_nsec == 123456789,
          "utimensat sets both times");
    struct timespec omit[2] = { { 0, UTIME_OMIT }, { 1300000000, 0 } };
    check(utimensat(AT_FDCWD, "lnk", omit, 0) == 0 && stat("f", &st) == 0 && st.st_atim.tv_sec == 1000000000 &&
              st.st_mtim.tv_sec == 1300000000,
          "UTIME_OMIT keeps the access time, through the link");
    struct timespec lts[2] = { { 1100000000, 0 }, { 1100000000, 0 } };
    struct stat lst;
    check(utimensat(AT_FDCWD, "lnk", lts, AT_SYMLINK_NOFOLLOW) == 0 && lstat("lnk", &lst) == 0 &&
              lst.st_mtim.tv_sec == 1100000000 && stat("f", &st) == 0 && st.st_mtim.tv_sec == 1300000000,
          "AT_SYMLINK_NOFOLLOW changes the link only");
    check(futimens(fd, ts) == 0 && fstat(fd, &st) == 0 && st.st_mtim.tv_sec == 1200000000, "futimens");
    struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
    check_err(utimensat(AT_FDCWD, "f", bad, 0), EINVAL, "utimensat with a bad nanosecond field");
    close(fd);

    check(access("f", R_OK | W_OK) == 0, "access R_OK|W_OK");
    check_err(access("f", X_OK), EACCES, "access X_OK on a 0644 file");
    check(faccessat(AT_FDCWD, "lnk", F_OK, AT_SYMLINK_NOFOLLOW) == 0, "faccessat AT_SYMLINK_NOFOLLOW");
    check(faccessat(AT_FDCWD, "f", R_OK, AT_EACCESS) == 0, "faccessat AT_EACCESS");
    check_err(access("nope", F_OK), ENOENT, "access missing");
    check(syscall(SYS_faccessat2, AT_FDCWD, "f", R_OK, 0) == 0, "faccessat2");
    check_err(syscall(SYS_faccessat2, AT_FDCWD, "f", R_OK, 0x8000), EINVAL, "faccessat2 with a bad flag");

    check(truncate("f", 5) == 0 && stat("f", &st) == 0 && st.st_size == 5 && strcmp(get("f"), "hello") == 0,
          "truncate");
    fd = open("f", O_RDWR);
    check(ftruncate(fd, 20000) == 0 && fstat(fd, &st) == 0 && st.st_size == 20000, "ftruncate grows");
    check(ftruncate(fd, 5) == 0, "ftruncate shrinks");
    check_err(ftruncate(fd, -1), EINVAL, "ftruncate negative");
    check(fsync(fd) == 0 && fdatasync(fd) == 0, "fsync, fdatasync");
    check(sync_file_range(fd, 0, 5, SYNC_FILE_RANGE_WRITE) == 0, "sync_file_range");
    check(syncfs(fd) == 0, "syncfs");
    sync();
    check(posix_fadvise(fd, 0, 5, POSIX_FADV_SEQUENTIAL) == 0, "fadvise");
    check(readahead(fd, 0, 5) == 0, "readahead");
    int fr = fallocate(fd, 0, 0, 8192);
    check((fr == 0 && fstat(fd, &st) == 0 && st.st_size == 8192) || (fr == -1 && errno == EOPNOTSUPP), "fallocate");
    check(ftruncate(fd, 5) == 0, "back to 5 bytes");
    check_err(truncate("nope", 0), ENOENT, "truncate missing");
    close(fd);

    /* extended attributes: some file systems have none, which must be said
     * the same way by every call */
    int s = setxattr("f", "user.ferry", "v1", 2, 0);
    if (s != 0 && (errno == ENOTSUP || errno == EOPNOTSUPP)) {
        char v[8];
        check(getxattr("f", "user.ferry", v, sizeof v) == -1, "xattrs: none on this file system, consistently");
    } else {
        char v[16], list[256];
        ssize_t n = getxattr("f", "user.ferry", v, sizeof v);
        ssize_t ln = listxattr("f", list, sizeof list);
        bool listed = false;
        for (ssize_t i = 0; i < ln; i += (ssize_t)strlen(list + i) + 1)
            listed |= strcmp(list + i, "user.ferry") == 0;
        fd = open("f", O_RDONLY);
        char fv[16];
        ssize_t fn = fgetxattr(fd, "user.ferry", fv, sizeof fv);
        ssize_t lnk = lgetxattr("lnk", "user.ferry", fv, sizeof fv);
        int lerr = errno;
        bool removed = removexattr("f", "user.ferry") == 0 && getxattr("f", "user.ferry", v, sizeof v) == -1 &&
                       errno == ENODATA;
        close(fd);
        check(s == 0 && n == 2 && memcmp(v, "v1", 2) == 0 && listed && fn == 2 && lnk == -1 &&
                  (lerr == ENODATA || lerr == EPERM || lerr == ENOTSUP) && removed,
              "xattrs: set, get, list, fget, lget on the link, remove");
    }
}

static void copying(void)
{
    put("src", "0123456789abcdef");
    int in = open("src", O_RDONLY), out = open("dst", O_CREAT | O_RDWR | O_TRUNC, 0644);
    off_t off = 4;
    check(sendfile(out, in, &off, 6) == 6 && off == 10 && lseek(in, 0, SEEK_CUR) == 0, "sendfile with an offset");
    check(sendfile(out, in, NULL, 3) == 3 && lseek(in, 0, SEEK_CUR) == 3, "sendfile from the file position");
    check(strcmp(get("dst"), "456789012") == 0, "sendfile wrote the bytes");
    loff_t ioff = 10, ooff = 0;
    check(copy_file_range(in, &ioff, out, &ooff, 6, 0) == 6 && ioff == 16 && ooff == 6, "copy_file_range");
    check(strcmp(get("dst"), "abcdef012") == 0, "copy_file_range wrote the bytes");
    int p[2], q[2];
    check(pipe(p) == 0 && pipe(q) == 0, "two pipes");
    loff_t soff = 2;
    check(splice(in, &soff, p[1], NULL, 5, 0) == 5 && soff == 7, "splice file to pipe");
    check(tee(p[0], q[1], 5, 0) == 5, "tee pipe to pipe");
    char a[8] = { 0 }, b[8] = { 0 };
    check(read(p[0], a, 5) == 5 && read(q[0], b, 5) == 5 && strcmp(a, "23456") == 0 && strcmp(b, "23456") == 0,
          "both pipes hold the bytes");
    check_err(sendfile(out, closed_fd(999), NULL, 1), EBADF, "sendfile from a bad descriptor");
    close(p[0]);
    close(p[1]);
    close(q[0]);
    close(q[1]);
    close(in);
    close(out);
    unlink("src");
    unlink("dst");
}

static void descriptors(void)
{
    int fd = open("f", O_RDONLY);
    int d = dup(fd);
    check(d > fd, "dup");
    int d2 = fcntl(fd, F_DUPFD_CLOEXEC, 40);
    check(d2 >= 40 && fcntl(d2, F_GETFD) == FD_CLOEXEC, "F_DUPFD_CLOEXEC");
    int d3 = fcntl(fd, F_DUPFD, 40);
    check(d3 > 40 && fcntl(d3, F_GETFD) == 0, "F_DUPFD");
    check(dup3(fd, 60, O_CLOEXEC) == 60 && fcntl(60, F_GETFD) == FD_CLOEXEC, "dup3 O_CLOEXEC");
    check_err(dup3(fd, fd, 0), EINVAL, "dup3 onto itself");
    check_err(dup3(fd, 61, O_APPEND), EINVAL, "dup3 with a bad flag");
    check(dup2(fd, fd) == fd, "dup2 onto itself");
    check_err(dup(closed_fd(555)), EBADF, "dup a closed descriptor");
    check(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC, "F_SETFD");
    check((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY, "F_GETFL");
    int w = open("f", O_WRONLY);
    check(fcntl(w, F_SETFL, O_APPEND | O_NONBLOCK) == 0 && (fcntl(w, F_GETFL) & (O_APPEND | O_NONBLOCK)) ==
                                                              (O_APPEND | O_NONBLOCK),
          "F_SETFL O_APPEND|O_NONBLOCK");
    check_err(fcntl(fd, 9999), EINVAL, "an unknown fcntl command");

    /* locks: one process sees no conflict with itself */
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
    int rw = open("f", O_RDWR);
    check(fcntl(rw, F_SETLK, &fl) == 0, "F_SETLK write lock");
    struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 5 };
    check(fcntl(rw, F_GETLK, &q) == 0 && q.l_type == F_UNLCK, "F_GETLK: no conflict with my own lock");
    check(fcntl(rw, F_SETLKW, &fl) == 0, "F_SETLKW");
    fl.l_type = F_UNLCK;
    check(fcntl(rw, F_SETLK, &fl) == 0, "unlock");
    struct flock ofd = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 5 };
    check_err(fcntl(w, F_OFD_SETLK, &ofd), EBADF, "F_OFD_SETLK read lock on a write-only descriptor");
    int r2 = open("f", O_RDONLY);
    struct flock oq = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 5 };
    check(fcntl(r2, F_OFD_SETLK, &ofd) == 0, "F_OFD_SETLK");
    check(fcntl(rw, F_OFD_GETLK, &oq) == 0 && oq.l_type == F_RDLCK && oq.l_pid == -1 && oq.l_len == 5,
          "F_OFD_GETLK sees the other description's lock");
    struct flock oconf = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 5 };
    check_err(fcntl(rw, F_OFD_SETLK, &oconf), EAGAIN, "F_OFD_SETLK conflicting");
    check(flock(rw, LOCK_EX | LOCK_NB) == 0 && flock(rw, LOCK_UN) == 0, "flock");
    close(r2);
    close(rw);

    int p[2];
    check(pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC &&
              (fcntl(p[1], F_GETFL) & O_NONBLOCK),
          "pipe2 O_CLOEXEC|O_NONBLOCK");
    char c;
    check_err(read(p[0], &c, 1), EAGAIN, "read an empty non-blocking pipe");
    int sz = fcntl(p[0], F_GETPIPE_SZ);
    check(sz >= 4096 && fcntl(p[0], F_SETPIPE_SZ, 65536) >= 65536 && fcntl(p[1], F_GETPIPE_SZ) >= 65536,
          "F_GETPIPE_SZ/F_SETPIPE_SZ");
    close(p[0]);
    close(p[1]);

    int m = memfd_create("ferry-test", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    check(m >= 0 && write(m, "sealed", 6) == 6, "memfd_create");
    check(fcntl(m, F_ADD_SEALS, F_SEAL_WRITE) == 0 && (fcntl(m, F_GET_SEALS) & F_SEAL_WRITE), "F_ADD_SEALS");
    check_err(write(m, "x", 1), EPERM, "writing a sealed memfd");
    char link[64], target[128];
    snprintf(link, sizeof link, "/proc/self/fd/%d", m);
    ssize_t n = readlink(link, target, sizeof target - 1);
    target[n > 0 ? n : 0] = 0;
    check(strcmp(target, "/memfd:ferry-test (deleted)") == 0, "the memfd's name");
    close(m);

    /* close_range: the middle of a run of descriptors */
    for (int i = 70; i < 76; i++)
        dup2(fd, i);
    check(close_range(71, 74, 0) == 0 && fcntl(70, F_GETFD) >= 0 && fcntl(71, F_GETFD) < 0 &&
              fcntl(74, F_GETFD) < 0 && fcntl(75, F_GETFD) >= 0,
          "close_range");
    check(close_range(75, 75, CLOSE_RANGE_CLOEXEC) == 0 && fcntl(75, F_GETFD) == FD_CLOEXEC,
          "close_range CLOSE_RANGE_CLOEXEC");
    check_err(close_range(5, 4, 0), EINVAL, "close_range backwards");
    close(70);
    close(75);
    check(close(d) == 0 && close(d2) == 0 && close(d3) == 0 && close(60) == 0, "close");
    check_err(close(d), EBADF, "close twice");
    close(w);
    close(fd);
}

int main(void)
{
    char dir[64], cwd[256];
    umask(022);
    snprintf(dir, sizeof dir, "/tmp/ferry_fs_files_%d", (int)getpid());
    check(mkdir(dir, 0700) == 0 && chdir(dir) == 0, "a private directory");
    check(getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd, dir) == 0, "getcwd");
    stat_family();
    links();
    names();
    attributes();
    copying();
    descriptors();

    /* the working directory */
    int here = open(".", O_RDONLY | O_DIRECTORY);
    check(chdir("dir") == 0 && getcwd(cwd, sizeof cwd) && strcmp(cwd + strlen(dir), "/dir") == 0, "chdir down");
    check(fchdir(here) == 0 && getcwd(cwd, sizeof cwd) && strcmp(cwd, dir) == 0, "fchdir back");
    int f = open("f", O_RDONLY);
    check_err(fchdir(f), ENOTDIR, "fchdir to a file");
    check_err(chdir("f"), ENOTDIR, "chdir to a file");
    check_err(chdir("nope"), ENOENT, "chdir to nothing");
    close(f);
    close(here);
    list(".");

    /* clean up */
    unlink("f");
    unlink("lnk");
    rmdir("dir");
    check(chdir("/") == 0 && rmdir(dir) == 0, "remove the private directory");
    printf("%d failures\n", failures);
    return failures != 0;
}
