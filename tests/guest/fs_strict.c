/* File-system behaviour of Linux that qemu-user 7.2 does not reproduce (see
 * fs_strict.noqemu), so the expected file is Linux's: /proc/self/exe and
 * /proc/self/maps as files of the guest, the [heap] name, TCGETS2/TCSETS2,
 * ENOTTY for unknown ioctls, chroot refused, epoll_pwait2, openat2 and its
 * RESOLVE_* flags. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", what, ok ? "ok" : "FAILED");
    if (!ok)
        failures++;
}

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

/* the line of /proc/self/maps that holds addr */
static bool maps_line(const void *addr, char *line, size_t len)
{
    FILE *f = fopen("/proc/self/maps", "r");
    bool found = false;
    unsigned long a = (unsigned long)addr, s, e;
    while (f && !found && fgets(line, (int)len, f))
        found = sscanf(line, "%lx-%lx", &s, &e) == 2 && a >= s && a < e;
    if (f)
        fclose(f);
    return found;
}

static void proc_self(const char *argv0)
{
    struct stat a, b;
    check(stat("/proc/self/exe", &a) == 0 && stat(argv0, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev,
          "stat /proc/self/exe is the program");
    char line[512];
    unsigned long ino = 0;
    check(maps_line((void *)proc_self, line, sizeof line) && sscanf(line, "%*s %*s %*s %*s %lu", &ino) == 1 &&
              ino == b.st_ino,
          "maps: the code's inode is the program's");
    /* a small malloc comes from brk */
    void *small = malloc(32);
    check(maps_line(small, line, sizeof line) && strstr(line, "[heap]") != NULL, "maps: brk memory is [heap]");
    free(small);
    /* Linux pads the name to column 74 (73 characters before it) */
    int local;
    char *name = maps_line(&local, line, sizeof line) ? strstr(line, "[stack]") : NULL;
    check(name && name - line == 73, "maps: names start where Linux puts them");
    int fd = open("/proc/self/maps", O_RDONLY);
    struct stat st;
    check(fd >= 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0444, "maps: mode 0444");
    check_err(write(fd, "x", 1), EBADF, "maps: opened read-only");
    close(fd);
    check_err(open("/proc/self/maps", O_WRONLY), EACCES, "maps: not for writing");
    check_err(open("/proc/self/exe", O_RDONLY | O_NOFOLLOW), ELOOP, "exe: O_NOFOLLOW");
    fd = open("/proc/thread-self/maps", O_RDONLY);
    char c;
    check(fd >= 0 && read(fd, &c, 1) == 1, "maps: through /proc/thread-self");
    close(fd);
}

static void terminal(void)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0) {
        printf("no pseudo-terminals\n");
        return;
    }
    grantpt(m);
    unlockpt(m);
    int s = open(ptsname(m), O_RDWR | O_NOCTTY);
    /* the kernel's termios2 (asm-generic), with its request numbers */
    struct {
        unsigned iflag, oflag, cflag, lflag;
        unsigned char line, cc[19];
        unsigned ispeed, ospeed;
    } k;
    memset(&k, 0, sizeof k);
    check(ioctl(s, 0x802c542aUL /* TCGETS2 */, &k) == 0 && k.ospeed > 0, "TCGETS2");
    k.ospeed = k.ispeed = 19200;
    k.cflag = (k.cflag & ~0010017u) | 0010000u; /* BOTHER */
    check(ioctl(s, 0x402c542bUL /* TCSETS2 */, &k) == 0, "TCSETS2");
    k.ospeed = 0;
    check(ioctl(s, 0x802c542aUL, &k) == 0 && k.ospeed == 19200, "TCGETS2 reads the speed back");
    check_err(ioctl(s, 0x12345678, 0), ENOTTY, "an unknown ioctl request");
    close(s);
    close(m);
}

static void misc(void)
{
    check_err(chroot("/tmp"), EPERM, "chroot");
    int ep = epoll_create1(0);
    struct epoll_event ev;
    struct timespec ts = { 0, 1000000 };
    check(syscall(SYS_epoll_pwait2, ep, &ev, 1, &ts, NULL, 8) == 0, "epoll_pwait2 times out");
    close(ep);

    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/ferry_fs_strict_%d", (int)getpid());
    mkdir(dir, 0700);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    struct open_how how = { .flags = O_CREAT | O_WRONLY, .mode = 0600, .resolve = 0 };
    int fd = (int)syscall(SYS_openat2, dfd, "made", &how, sizeof how);
    check(fd >= 0, "openat2 creates");
    close(fd);
    symlinkat("/", dfd, "to_root");
    how = (struct open_how){ .flags = O_RDONLY, .resolve = RESOLVE_BENEATH };
    check_err(syscall(SYS_openat2, dfd, "../etc", &how, sizeof how), EXDEV, "openat2 RESOLVE_BENEATH refuses ..");
    check_err(syscall(SYS_openat2, dfd, "to_root/etc", &how, sizeof how), EXDEV,
              "openat2 RESOLVE_BENEATH refuses an absolute symlink");
    how.resolve = RESOLVE_IN_ROOT;
    fd = (int)syscall(SYS_openat2, dfd, "to_root/made", &how, sizeof how);
    check(fd >= 0, "openat2 RESOLVE_IN_ROOT: / is the directory");
    close(fd);
    how.resolve = RESOLVE_NO_SYMLINKS;
    check_err(syscall(SYS_openat2, dfd, "to_root", &how, sizeof how), ELOOP, "openat2 RESOLVE_NO_SYMLINKS");
    how = (struct open_how){ .flags = O_RDONLY, .mode = 0600 };
    check_err(syscall(SYS_openat2, dfd, "made", &how, sizeof how), EINVAL, "openat2 with a mode but no O_CREAT");
    check_err(syscall(SYS_openat2, dfd, "made", &how, 8), EINVAL, "openat2 with a short struct");
    unlinkat(dfd, "made", 0);
    unlinkat(dfd, "to_root", 0);
    close(dfd);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    (void)argc;
    proc_self(argv[0]);
    terminal();
    misc();
    printf("%d failures\n", failures);
    return failures != 0;
}
