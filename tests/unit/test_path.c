/*
 * ferry - unit tests for guest path translation (linux-user/path.c) and the
 * /proc files ferry answers itself (linux-user/proc_self.c).
 *
 * Each test builds a scratch tree under /tmp:
 *   T/outside/secret            a host file the guest must never reach
 *   T/root/                     the guest's "/" (--root)
 *     etc/passwd                "guest passwd"
 *     dir/sub/  dir/file
 *     bin/prog                  the "executable" for /proc/self/exe
 *     abs_etc -> /etc           absolute symlink
 *     dir/up -> ../../..        relative symlink climbing past the root
 *     dir/sub/deep -> ../../etc/passwd
 *     loop1 -> loop2, loop2 -> loop1
 *   T/sysroot/lib/libx.so       for the sysroot tests (no --root)
 * and checks that every way out (absolute paths, "..", symlinks made before
 * or by the guest, descriptors, /proc links) stays inside the root, as Linux
 * would resolve the same paths after chroot(T/root).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <cmocka.h>

#include "path.h"
#include "proc_self.h"

static char top[256], rootdir[300], outside[300], sysroot[300], start_cwd[4096];
static LinuxProc proc;

static void put_file(const char *dir, const char *rel, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

static void make_dir(const char *dir, const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    assert_int_equal(mkdir(path, 0755), 0);
}

static void make_link(const char *dir, const char *rel, const char *target)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    assert_int_equal(symlink(target, path), 0);
}

static int setup(void **state)
{
    (void)state;
    if (!getcwd(start_cwd, sizeof start_cwd))
        return -1;
    snprintf(top, sizeof top, "/tmp/ferry-path-XXXXXX");
    if (!mkdtemp(top))
        return -1;
    snprintf(rootdir, sizeof rootdir, "%s/root", top);
    snprintf(outside, sizeof outside, "%s/outside", top);
    snprintf(sysroot, sizeof sysroot, "%s/sysroot", top);
    make_dir(top, "root");
    make_dir(top, "outside");
    make_dir(top, "sysroot");
    make_dir(top, "sysroot/lib");
    put_file(top, "sysroot/lib/libx.so", "sysroot lib");
    put_file(outside, "secret", "host secret");
    make_dir(rootdir, "etc");
    put_file(rootdir, "etc/passwd", "guest passwd");
    make_dir(rootdir, "dir");
    make_dir(rootdir, "dir/sub");
    put_file(rootdir, "dir/file", "dir file");
    make_dir(rootdir, "bin");
    put_file(rootdir, "bin/prog", "prog");
    make_link(rootdir, "abs_etc", "/etc");
    make_link(rootdir, "dir/up", "../../..");
    make_link(rootdir, "dir/sub/deep", "../../etc/passwd");
    make_link(rootdir, "loop1", "loop2");
    make_link(rootdir, "loop2", "loop1");
    memset(&proc, 0, sizeof proc);
    proc.xlen = 64;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    lu_paths_release(&proc);
    if (proc.gs.base)
        gs_destroy(&proc.gs);
    if (chdir(start_cwd) != 0)
        return -1;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
    return system(cmd) == 0 ? 0 : -1;
}

static void init_root(void)
{
    char err[256];
    int r = lu_paths_init(&proc, rootdir, NULL, err, sizeof err);
    if (r != 0)
        fail_msg("lu_paths_init: %s", err);
}

/* the contents of the file a LuPath resolved to ("" when unreadable) */
static const char *contents(const LuPath *lp)
{
    static char buf[256];
    char link[64];
    buf[0] = 0;
    int fd;
    if (lp->name[0]) {
        fd = openat(lp->dirfd, lp->name, O_RDONLY);
    } else {
        snprintf(link, sizeof link, "/proc/self/fd/%d", lp->dirfd);
        fd = open(link, O_RDONLY);
    }
    if (fd < 0)
        return buf;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    close(fd);
    return buf;
}

/* the host path behind a descriptor */
static const char *host_of(int fd)
{
    static char buf[4096];
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    return buf;
}

/* resolve and read: the text, or "ERR <errno>" */
static const char *read_guest(const char *path, LuPathMode mode)
{
    static char out[300];
    LuPath lp;
    int r = lu_path_resolve(&proc, AT_FDCWD, path, mode, 0, &lp);
    if (r < 0)
        snprintf(out, sizeof out, "ERR %d", -r);
    else
        snprintf(out, sizeof out, "%s", contents(&lp));
    lu_path_release(&lp);
    return out;
}

static const char *open_guest(int dirfd, const char *path, int flags)
{
    static char out[300];
    int fd = lu_path_open(&proc, dirfd, path, (uint64_t)flags, 0, 0);
    if (fd < 0) {
        snprintf(out, sizeof out, "ERR %d", -fd);
        return out;
    }
    ssize_t n = read(fd, out, sizeof out - 1);
    out[n > 0 ? n : 0] = 0;
    close(fd);
    return out;
}

/* ---- escapes ---- */

static void absolute_and_dotdot_stay_inside(void **state)
{
    (void)state;
    init_root();
    assert_string_equal(read_guest("/etc/passwd", LU_PATH_FOLLOW), "guest passwd");
    assert_string_equal(read_guest("/../../etc/passwd", LU_PATH_FOLLOW), "guest passwd");
    assert_string_equal(read_guest("/../../../../../../../../etc/passwd", LU_PATH_FOLLOW), "guest passwd");
    assert_string_equal(read_guest("../../../etc/passwd", LU_PATH_FOLLOW), "guest passwd");
    assert_string_equal(read_guest("/dir/../../../outside/secret", LU_PATH_FOLLOW), "ERR 2");
    assert_string_equal(read_guest("dir/sub/../../../../etc/passwd", LU_PATH_FOLLOW), "guest passwd");
    assert_string_equal(open_guest(AT_FDCWD, "/../../../etc/passwd", O_RDONLY), "guest passwd");
    assert_string_equal(open_guest(AT_FDCWD, "../outside/secret", O_RDONLY), "ERR 2");
}

static void absolute_symlink_is_inside(void **state)
{
    (void)state;
    init_root();
    /* /abs_etc -> /etc means the root's /etc */
    assert_string_equal(read_guest("/abs_etc/passwd", LU_PATH_FOLLOW), "guest passwd");
    assert_string_equal(open_guest(AT_FDCWD, "abs_etc/passwd", O_RDONLY), "guest passwd");
    /* dir/up -> ../../.. climbs to the root and stops */
    assert_string_equal(read_guest("/dir/up/etc/passwd", LU_PATH_FOLLOW), "guest passwd");
    assert_string_equal(read_guest("/dir/up/../../outside/secret", LU_PATH_FOLLOW), "ERR 2");
    assert_string_equal(read_guest("/dir/sub/deep", LU_PATH_FOLLOW), "guest passwd");
    LuPath lp;
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/dir/up", LU_PATH_FOLLOW, 0, &lp), 0);
    assert_string_equal(host_of(lp.dirfd), rootdir);
    lu_path_release(&lp);
}

static void symlink_loops_are_eloop(void **state)
{
    (void)state;
    init_root();
    assert_string_equal(read_guest("/loop1", LU_PATH_FOLLOW), "ERR 40");
    assert_string_equal(open_guest(AT_FDCWD, "/loop2/x", O_RDONLY), "ERR 40");
    /* not following the last one is fine */
    LuPath lp;
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/loop1", LU_PATH_NOFOLLOW, 0, &lp), 0);
    struct stat st;
    assert_int_equal(fstatat(lp.dirfd, "", &st, AT_EMPTY_PATH), 0);
    assert_true(S_ISLNK(st.st_mode));
    lu_path_release(&lp);
}

/* what the guest makes through the PARENT resolution, as symlinkat does */
static int guest_symlink(const char *target, const char *path)
{
    LuPath lp;
    int r = lu_path_resolve(&proc, AT_FDCWD, path, LU_PATH_PARENT, 0, &lp);
    if (r == 0)
        r = symlinkat(target, lp.dirfd, lp.name) == 0 ? 0 : -errno;
    lu_path_release(&lp);
    return r;
}

static void guest_made_symlinks_stay_inside(void **state)
{
    (void)state;
    init_root();
    assert_int_equal(guest_symlink("/", "/to_root"), 0);
    assert_int_equal(guest_symlink("../../../../..", "/dir/sub/climb"), 0);
    assert_int_equal(guest_symlink("/../outside/secret", "/sneaky"), 0);
    char host[4096];
    snprintf(host, sizeof host, "%s/to_root", rootdir);
    struct stat st;
    assert_int_equal(lstat(host, &st), 0); /* made inside the root */
    assert_string_equal(read_guest("/to_root/etc/passwd", LU_PATH_FOLLOW), "guest passwd");
    assert_string_equal(read_guest("/to_root/../outside/secret", LU_PATH_FOLLOW), "ERR 2");
    assert_string_equal(read_guest("/dir/sub/climb/etc/passwd", LU_PATH_FOLLOW), "guest passwd");
    assert_string_equal(read_guest("/sneaky", LU_PATH_FOLLOW), "ERR 2");
    assert_string_equal(open_guest(AT_FDCWD, "/sneaky", O_RDONLY), "ERR 2");
    /* creating through a dangling symlink creates inside the root */
    assert_int_equal(guest_symlink("/../../made_by_guest", "/dangling"), 0);
    int fd = lu_path_open(&proc, AT_FDCWD, "/dangling", O_CREAT | O_WRONLY, 0644, 0);
    assert_true(fd >= 0);
    close(fd);
    snprintf(host, sizeof host, "%s/made_by_guest", rootdir);
    assert_int_equal(access(host, F_OK), 0);
    snprintf(host, sizeof host, "%s/made_by_guest", top);
    assert_int_equal(access(host, F_OK), -1);
}

static void dirfd_relative_dotdot(void **state)
{
    (void)state;
    init_root();
    int dfd = lu_path_open(&proc, AT_FDCWD, "/dir/sub", O_RDONLY | O_DIRECTORY, 0, 0);
    assert_true(dfd >= 0);
    LuPath lp;
    /* ".." climbs to the real parent... */
    assert_int_equal(lu_path_resolve(&proc, dfd, "..", LU_PATH_FOLLOW, 0, &lp), 0);
    char want[4096];
    snprintf(want, sizeof want, "%s/dir", rootdir);
    assert_string_equal(host_of(lp.dirfd), want);
    lu_path_release(&lp);
    assert_string_equal(open_guest(dfd, "../file", O_RDONLY), "dir file");
    /* ...and stops at the root */
    assert_string_equal(open_guest(dfd, "../../../../../etc/passwd", O_RDONLY), "guest passwd");
    assert_int_equal(lu_path_resolve(&proc, dfd, "../../../../outside/secret", LU_PATH_FOLLOW, 0, &lp), -ENOENT);
    lu_path_release(&lp);
    /* a plain file is no directory */
    int ffd = lu_path_open(&proc, AT_FDCWD, "/dir/file", O_RDONLY, 0, 0);
    assert_true(ffd >= 0);
    assert_int_equal(lu_path_resolve(&proc, ffd, "x", LU_PATH_FOLLOW, 0, &lp), -ENOTDIR);
    lu_path_release(&lp);
    close(ffd);
    /* a directory from outside the root (inherited, say) cannot be used */
    int out = open(outside, O_RDONLY | O_DIRECTORY);
    assert_true(out >= 0);
    assert_int_equal(lu_path_resolve(&proc, out, "secret", LU_PATH_FOLLOW, 0, &lp), -EACCES);
    lu_path_release(&lp);
    assert_int_equal(lu_path_fchdir(&proc, out), -EACCES);
    close(out);
    close(dfd);
}

static void rename_and_link_targets_stay_inside(void **state)
{
    (void)state;
    init_root();
    LuPath from, to;
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/dir/file", LU_PATH_PARENT, 0, &from), 0);
    assert_string_equal(from.name, "file");
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/../../../outside/moved", LU_PATH_PARENT, 0, &to), -ENOENT);
    lu_path_release(&to);
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/../../moved", LU_PATH_PARENT, 0, &to), 0);
    assert_string_equal(to.name, "moved");
    assert_string_equal(host_of(to.dirfd), rootdir);
    assert_int_equal(linkat(from.dirfd, from.name, to.dirfd, to.name, 0), 0);
    lu_path_release(&to);
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/dir/up/renamed", LU_PATH_PARENT, 0, &to), 0);
    assert_string_equal(host_of(to.dirfd), rootdir);
    assert_int_equal(renameat(from.dirfd, from.name, to.dirfd, to.name), 0);
    lu_path_release(&to);
    lu_path_release(&from);
    assert_string_equal(read_guest("/moved", LU_PATH_FOLLOW), "dir file");
    assert_string_equal(read_guest("/renamed", LU_PATH_FOLLOW), "dir file");
    char host[4096];
    snprintf(host, sizeof host, "%s/moved", top);
    assert_int_equal(access(host, F_OK), -1);
    /* the last name is never followed: a trailing symlink is replaced, not
     * its target */
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/abs_etc", LU_PATH_PARENT, 0, &to), 0);
    assert_string_equal(to.name, "abs_etc");
    lu_path_release(&to);
}

static void parent_of_dots(void **state)
{
    (void)state;
    init_root();
    LuPath lp;
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/", LU_PATH_PARENT, 0, &lp), 0);
    assert_true(lp.dot);
    assert_string_equal(lp.name, ".");
    assert_string_equal(host_of(lp.dirfd), rootdir);
    assert_int_equal(mkdirat(lp.dirfd, lp.name, 0755), -1);
    assert_int_equal(errno, EEXIST);
    lu_path_release(&lp);
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/..", LU_PATH_PARENT, 0, &lp), 0);
    assert_true(lp.dotdot);
    assert_string_equal(host_of(lp.dirfd), rootdir); /* not the host parent */
    lu_path_release(&lp);
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "dir/sub/..", LU_PATH_PARENT, 0, &lp), 0);
    char want[4096];
    snprintf(want, sizeof want, "%s/dir", rootdir);
    assert_string_equal(host_of(lp.dirfd), want);
    lu_path_release(&lp);
    /* a trailing slash stays on the name */
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/dir/newdir/", LU_PATH_PARENT, 0, &lp), 0);
    assert_string_equal(lp.name, "newdir/");
    assert_int_equal(mkdirat(lp.dirfd, lp.name, 0755), 0);
    lu_path_release(&lp);
}

static void working_directory(void **state)
{
    (void)state;
    init_root();
    char cwd[4096];
    assert_int_equal(lu_path_getcwd(&proc, cwd, sizeof cwd), 1);
    assert_string_equal(cwd, "/");
    assert_int_equal(lu_path_chdir(&proc, "/dir/sub"), 0);
    assert_true(lu_path_getcwd(&proc, cwd, sizeof cwd) > 0);
    assert_string_equal(cwd, "/dir/sub");
    assert_string_equal(open_guest(AT_FDCWD, "../file", O_RDONLY), "dir file");
    assert_int_equal(lu_path_chdir(&proc, "../../../../.."), 0);
    assert_true(lu_path_getcwd(&proc, cwd, sizeof cwd) > 0);
    assert_string_equal(cwd, "/");
    assert_int_equal(lu_path_chdir(&proc, "/dir/up"), 0); /* a symlink to the root */
    assert_true(lu_path_getcwd(&proc, cwd, sizeof cwd) > 0);
    assert_string_equal(cwd, "/");
    assert_int_equal(lu_path_chdir(&proc, "/dir/file"), -ENOTDIR);
    assert_int_equal(lu_path_chdir(&proc, "/nope"), -ENOENT);
    char host[4096];
    assert_non_null(getcwd(host, sizeof host));
    assert_string_equal(host, rootdir);
    /* a cwd outside the root shows as unreachable */
    assert_int_equal(chdir(outside), 0);
    assert_int_equal(lu_path_getcwd(&proc, cwd, sizeof cwd), -ENOENT);
    LuPath lp;
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "secret", LU_PATH_FOLLOW, 0, &lp), -ENOENT);
    lu_path_release(&lp);
}

static void init_keeps_a_cwd_inside_the_root(void **state)
{
    (void)state;
    char sub[4096];
    snprintf(sub, sizeof sub, "%s/dir/sub", rootdir);
    assert_int_equal(chdir(sub), 0);
    init_root();
    char cwd[4096];
    assert_true(lu_path_getcwd(&proc, cwd, sizeof cwd) > 0);
    assert_string_equal(cwd, "/dir/sub");
    lu_paths_release(&proc);
    assert_int_equal(chdir(outside), 0);
    init_root();
    assert_true(lu_path_getcwd(&proc, cwd, sizeof cwd) > 0);
    assert_string_equal(cwd, "/");
}

static void bad_roots(void **state)
{
    (void)state;
    char err[256], path[4096];
    snprintf(path, sizeof path, "%s/nope", top);
    assert_int_equal(lu_paths_init(&proc, path, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "No such file"));
    snprintf(path, sizeof path, "%s/secret", outside);
    assert_int_equal(lu_paths_init(&proc, path, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "Not a directory"));
    assert_int_equal(lu_paths_init(&proc, NULL, path, err, sizeof err), -1);
    assert_non_null(strstr(err, "--sysroot"));
}

static void host_paths_for_exec(void **state)
{
    (void)state;
    init_root();
    char host[4096], want[4096];
    assert_int_equal(lu_path_host(&proc, "/bin/prog", host, sizeof host), 0);
    snprintf(want, sizeof want, "%s/bin/prog", rootdir);
    assert_string_equal(host, want);
    assert_int_equal(lu_path_host(&proc, "/../../bin/../../bin/prog", host, sizeof host), 0);
    assert_string_equal(host, want);
    assert_int_equal(lu_path_host(&proc, "/../outside/secret", host, sizeof host), -ENOENT);
}

/* ---- /proc and /dev under --root ---- */

static void proc_links_show_guest_paths(void **state)
{
    (void)state;
    init_root();
    char exe[4096], buf[4096];
    snprintf(exe, sizeof exe, "%s/bin/prog", rootdir);
    proc.exe_path = exe;
    assert_int_equal(lu_proc_readlink(&proc, LU_PROC_EXE, -1, buf, sizeof buf), 9);
    assert_string_equal(buf, "/bin/prog");
    assert_string_equal(read_guest("/proc/self/exe", LU_PATH_FOLLOW), "prog");
    assert_string_equal(open_guest(AT_FDCWD, "/proc/self/exe", O_RDONLY), "prog");
    assert_string_equal(open_guest(AT_FDCWD, "/proc/self/exe", O_RDONLY | O_NOFOLLOW), "ERR 40");
    proc.exe_guest_path = "/usr/bin/known-as";
    assert_true(lu_proc_readlink(&proc, LU_PROC_EXE, -1, buf, sizeof buf) > 0);
    assert_string_equal(buf, "/usr/bin/known-as");
    proc.exe_guest_path = NULL;

    assert_int_equal(lu_path_chdir(&proc, "/dir"), 0);
    assert_true(lu_proc_readlink(&proc, LU_PROC_CWD, -1, buf, sizeof buf) > 0);
    assert_string_equal(buf, "/dir");
    assert_string_equal(read_guest("/proc/self/cwd/file", LU_PATH_FOLLOW), "dir file");
    assert_string_equal(read_guest("/proc/self/root/etc/passwd", LU_PATH_FOLLOW), "guest passwd");
    assert_string_equal(read_guest("/proc/self/root/../../outside/secret", LU_PATH_FOLLOW), "ERR 2");
    char self[64];
    snprintf(self, sizeof self, "/proc/%d/root/etc/passwd", (int)getpid());
    assert_string_equal(read_guest(self, LU_PATH_FOLLOW), "guest passwd");

    int fd = lu_path_open(&proc, AT_FDCWD, "/etc/passwd", O_RDONLY, 0, 0);
    assert_true(fd >= 0);
    assert_true(lu_proc_readlink(&proc, LU_PROC_FD, fd, buf, sizeof buf) > 0);
    assert_string_equal(buf, "/etc/passwd");
    char fdpath[64];
    snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", fd);
    assert_string_equal(open_guest(AT_FDCWD, fdpath, O_RDONLY), "guest passwd");
    snprintf(fdpath, sizeof fdpath, "/dev/fd/%d", fd);
    assert_string_equal(read_guest(fdpath, LU_PATH_FOLLOW), "guest passwd");
    close(fd);
    assert_string_equal(read_guest(fdpath, LU_PATH_FOLLOW), "ERR 2");
}

static void proc_hides_the_host(void **state)
{
    (void)state;
    init_root();
    assert_string_equal(read_guest("/proc/1/root/etc/passwd", LU_PATH_FOLLOW), "ERR 13");
    assert_string_equal(open_guest(AT_FDCWD, "/proc/1/cwd", O_RDONLY), "ERR 13");
    assert_string_equal(read_guest("/proc/1/exe", LU_PATH_FOLLOW), "ERR 13");
    assert_string_equal(read_guest("/proc/1/fd/0", LU_PATH_FOLLOW), "ERR 13");
    assert_string_equal(read_guest("/proc/mounts", LU_PATH_FOLLOW), "ERR 2");
    /* memory: ferry's own (a guest writing it would control ferry), other
     * processes', the kernel's */
    assert_string_equal(open_guest(AT_FDCWD, "/proc/self/mem", O_RDWR), "ERR 13");
    assert_string_equal(open_guest(AT_FDCWD, "/proc/thread-self/mem", O_RDONLY), "ERR 13");
    assert_string_equal(open_guest(AT_FDCWD, "/proc/1/mem", O_RDONLY), "ERR 13");
    assert_string_equal(open_guest(AT_FDCWD, "/proc/1/environ", O_RDONLY), "ERR 13");
    assert_string_equal(open_guest(AT_FDCWD, "/proc/kcore", O_RDONLY), "ERR 13");
    assert_string_equal(open_guest(AT_FDCWD, "/proc/self/mountinfo", O_RDONLY), "ERR 2");
    assert_string_equal(open_guest(AT_FDCWD, "/proc/self/map_files", O_RDONLY), "ERR 2");
    /* the rest of /proc is the host's, read-only outside the process */
    const char *cpu = open_guest(AT_FDCWD, "/proc/cpuinfo", O_RDONLY);
    assert_true(strncmp(cpu, "ERR", 3) != 0);
    assert_string_equal(open_guest(AT_FDCWD, "/proc/sys/kernel/hostname", O_WRONLY), "ERR 13");
    /* "/proc/.." is resolved by the kernel inside the root, which has no
     * proc directory, as after chroot */
    assert_string_equal(read_guest("/proc/../etc/passwd", LU_PATH_FOLLOW), "ERR 2");
    /* ferry's own descriptors are not the guest's */
    int own[4];
    int n = lu_paths_own_fds(&proc, own, 4);
    assert_true(n >= 1);
    assert_true(lu_paths_owns_fd(&proc, own[0]));
    char fdpath[64];
    snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", own[0]);
    assert_string_equal(read_guest(fdpath, LU_PATH_FOLLOW), "ERR 2");
    LuPath lp;
    assert_int_equal(lu_path_resolve(&proc, own[0], "etc/passwd", LU_PATH_FOLLOW, 0, &lp), -EBADF);
    lu_path_release(&lp);
}

static void dev_fallbacks(void **state)
{
    (void)state;
    init_root();
    int fd = lu_path_open(&proc, AT_FDCWD, "/dev/null", O_WRONLY, 0, 0);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "x", 1), 1);
    close(fd);
    assert_string_equal(open_guest(AT_FDCWD, "/dev/zero", O_RDONLY), "");
    LuPath lp;
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/dev/null", LU_PATH_FOLLOW, LU_PATH_MODIFY, &lp), -EROFS);
    lu_path_release(&lp);
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/dev/null", LU_PATH_PARENT, 0, &lp), -ENOENT);
    lu_path_release(&lp);
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/dev/sda", LU_PATH_FOLLOW, 0, &lp), -ENOENT);
    lu_path_release(&lp);
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/dev/stdin", LU_PATH_FOLLOW, 0, &lp), 0);
    assert_int_equal(lp.dirfd, 0);
    lu_path_release(&lp);
    /* the root's own /dev wins */
    make_dir(rootdir, "dev");
    put_file(rootdir, "dev/null", "not a device");
    assert_string_equal(open_guest(AT_FDCWD, "/dev/null", O_RDONLY), "not a device");
}

/* ---- without --root ---- */

static void sysroot_first(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(lu_paths_init(&proc, NULL, sysroot, err, sizeof err), 0);
    LuPath lp;
    char want[4096];
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/lib/libx.so", LU_PATH_FOLLOW, 0, &lp), 0);
    snprintf(want, sizeof want, "%s/lib/libx.so", sysroot);
    assert_string_equal(lp.name, want);
    assert_int_equal(lp.dirfd, AT_FDCWD);
    lu_path_release(&lp);
    /* not in the sysroot: the host's own */
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/tmp", LU_PATH_FOLLOW, 0, &lp), 0);
    assert_string_equal(lp.name, "/tmp");
    lu_path_release(&lp);
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/", LU_PATH_FOLLOW, 0, &lp), 0);
    assert_string_equal(lp.name, "/");
    lu_path_release(&lp);
    /* relative paths and descriptors pass through */
    assert_int_equal(lu_path_resolve(&proc, 7, "lib/libx.so", LU_PATH_PARENT, 0, &lp), 0);
    assert_string_equal(lp.name, "lib/libx.so");
    assert_int_equal(lp.dirfd, 7);
    lu_path_release(&lp);
    char host[4096];
    assert_int_equal(lu_path_host(&proc, "/lib/libx.so", host, sizeof host), 0);
    assert_string_equal(host, want);
    assert_int_equal(lu_path_host(&proc, "/bin/sh", host, sizeof host), 0);
    assert_string_equal(host, "/bin/sh");
    assert_false(lu_paths_confined(&proc));
    assert_int_equal(lu_paths_own_fds(&proc, (int[4]){ 0 }, 4), 0);
    /* the host view otherwise: getcwd is the host's */
    char cwd[4096], hcwd[4096];
    assert_true(lu_path_getcwd(&proc, cwd, sizeof cwd) > 0);
    assert_non_null(getcwd(hcwd, sizeof hcwd));
    assert_string_equal(cwd, hcwd);
}

static void proc_self_without_root(void **state)
{
    (void)state;
    char err[256], exe[4096], buf[4096];
    assert_int_equal(lu_paths_init(&proc, NULL, NULL, err, sizeof err), 0);
    snprintf(exe, sizeof exe, "%s/bin/prog", rootdir);
    proc.exe_path = exe;
    assert_string_equal(read_guest("/proc/self/exe", LU_PATH_FOLLOW), "prog");
    assert_true(lu_proc_readlink(&proc, LU_PROC_EXE, -1, buf, sizeof buf) > 0);
    assert_string_equal(buf, exe);
    LuPath lp;
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/proc/self/exe", LU_PATH_PARENT, 0, &lp), 0);
    assert_int_equal(lp.special, LU_PROC_EXE);
    lu_path_release(&lp);
    /* other /proc files are the host's */
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/proc/self/status", LU_PATH_FOLLOW, 0, &lp), 0);
    assert_string_equal(lp.name, "/proc/self/status");
    lu_path_release(&lp);
}

static void classify_names(void **state)
{
    (void)state;
    int fd;
    const char *rest;
    char pid[64];
    assert_int_equal(lu_proc_classify("/proc/self/maps", false, &fd, &rest), LU_PROC_MAPS);
    assert_int_equal(lu_proc_classify("/proc/thread-self/exe", false, &fd, &rest), LU_PROC_EXE);
    assert_int_equal(lu_proc_classify("/proc/self/task/123/cmdline", false, &fd, &rest), LU_PROC_CMDLINE);
    snprintf(pid, sizeof pid, "/proc/%d/auxv", (int)getpid());
    assert_int_equal(lu_proc_classify(pid, false, &fd, &rest), LU_PROC_AUXV);
    assert_int_equal(lu_proc_classify("/proc/self/fd/3", false, &fd, &rest), LU_PROC_NONE);
    assert_int_equal(lu_proc_classify("/proc/self/fd/3/a/b", true, &fd, &rest), LU_PROC_FD);
    assert_int_equal(fd, 3);
    assert_string_equal(rest, "a/b");
    assert_int_equal(lu_proc_classify("/proc/self", true, &fd, &rest), LU_PROC_NONE);
    assert_int_equal(lu_proc_classify("/proc/cpuinfo", true, &fd, &rest), LU_PROC_NONE);
    assert_int_equal(lu_proc_classify("/proc/1/task/1/exe", true, &fd, &rest), LU_PROC_DENIED);
    assert_int_equal(lu_proc_classify("/proc/1/maps", true, &fd, &rest), LU_PROC_NONE);
    assert_int_equal(lu_proc_classify("/proc/1/mountinfo", true, &fd, &rest), LU_PROC_HIDDEN);
    assert_int_equal(lu_proc_classify("/proc/selfish/exe", true, &fd, &rest), LU_PROC_NONE);
    assert_int_equal(lu_proc_classify("/proc/self/exe/x", false, &fd, &rest), LU_PROC_NONE);
    assert_true(lu_proc_write_allowed("/proc/self/comm"));
    assert_false(lu_proc_write_allowed("/proc/sys/vm/drop_caches"));
    assert_false(lu_proc_write_allowed("/proc/1/comm"));
}

/* ---- /proc/self/maps, cmdline, auxv ---- */

static void maps_describe_the_guest(void **state)
{
    (void)state;
    char err[256], exe[4096];
    init_root();
    assert_int_equal(gs_init(&proc.gs, 1ull << 32, err, sizeof err), 0);
    snprintf(exe, sizeof exe, "%s/bin/prog", rootdir);
    proc.exe_path = exe;
    assert_int_equal(gs_map(&proc.gs, 0x10000, 0x3000, PROT_READ | PROT_EXEC, GS_MAP_FIXED, -1, 0, exe), 0x10000);
    assert_int_equal(gs_map(&proc.gs, 0x13000, 0x1000, PROT_READ | PROT_WRITE, GS_MAP_FIXED, -1, 0, exe), 0x13000);
    /* two heap pieces, one line */
    assert_int_equal(gs_map(&proc.gs, 0x20000, 0x1000, PROT_READ | PROT_WRITE, GS_MAP_FIXED, -1, 0, "[heap]"),
                     0x20000);
    assert_int_equal(gs_map(&proc.gs, 0x21000, 0x1000, PROT_READ | PROT_WRITE, GS_MAP_FIXED, -1, 0, "[heap]"),
                     0x21000);
    assert_int_equal(gs_map(&proc.gs, 0x7f000000, 0x2000, PROT_NONE, GS_MAP_FIXED | GS_MAP_SHARED, -1, 0, ""),
                     0x7f000000);
    assert_int_equal(
        gs_map(&proc.gs, 0x123456000, 0x1000, PROT_READ | PROT_WRITE, GS_MAP_FIXED, -1, 0, "[stack]"), -ENOMEM);
    assert_int_equal(gs_map(&proc.gs, 0xfff00000, 0x1000, PROT_READ | PROT_WRITE, GS_MAP_FIXED, -1, 0, "[stack]"),
                     0xfff00000);
    size_t len;
    char *text = lu_proc_maps_text(&proc, &len);
    assert_non_null(text);
    struct stat st;
    assert_int_equal(stat(exe, &st), 0);
    char want[2048];
    char dev[32];
    snprintf(dev, sizeof dev, "%02x:%02x %llu", major(st.st_dev), minor(st.st_dev), (unsigned long long)st.st_ino);
    char l1[128], l2[128];
    snprintf(l1, sizeof l1, "00010000-00013000 r-xp 00000000 %s ", dev);
    snprintf(l2, sizeof l2, "00013000-00014000 rw-p 00000000 %s ", dev);
    snprintf(want, sizeof want,
             "%-72s /bin/prog\n"
             "%-72s /bin/prog\n"
             "%-72s [heap]\n"
             "7f000000-7f002000 ---s 00000000 00:00 0 \n"
             "%-72s [stack]\n",
             l1, l2, "00020000-00022000 rw-p 00000000 00:00 0 ", "fff00000-fff01000 rw-p 00000000 00:00 0 ");
    assert_string_equal(text, want);
    assert_int_equal(len, strlen(want));
    free(text);
    /* RV32 guests' kernels pad to column 48 */
    proc.xlen = 32;
    text = lu_proc_maps_text(&proc, &len);
    assert_non_null(strstr(text, "00020000-00022000 rw-p 00000000 00:00 0          [heap]\n"));
    free(text);
    proc.xlen = 64;
    /* opening it gives a real, read-only descriptor */
    int fd = lu_path_open(&proc, AT_FDCWD, "/proc/self/maps", O_RDONLY | O_CLOEXEC, 0, 0);
    assert_true(fd >= 0);
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    assert_true(n > 0);
    buf[n] = 0;
    assert_non_null(strstr(buf, "[heap]"));
    assert_int_equal(write(fd, "x", 1), -1);
    assert_int_equal(fcntl(fd, F_GETFD), FD_CLOEXEC);
    close(fd);
    assert_string_equal(open_guest(AT_FDCWD, "/proc/self/maps", O_WRONLY), "ERR 13");
    LuPath lp;
    assert_int_equal(lu_path_resolve(&proc, AT_FDCWD, "/proc/self/maps", LU_PATH_FOLLOW, 0, &lp), 0);
    assert_int_equal(fstatat(lp.dirfd, lp.name, &st, AT_EMPTY_PATH), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_mode & 0777, 0444);
    lu_path_release(&lp);
}

/* a fake initial stack: argc, argv, envp, auxv, strings above */
static uint64_t build_stack(unsigned w)
{
    uint64_t base = 0x40000000, sp = base + 0x100, str = base + 0x800;
    uint8_t *m = proc.gs.base;
    const char *args[] = { "prog", "one", "two" };
    uint64_t ptrs[3];
    for (int i = 0; i < 3; i++) {
        ptrs[i] = str;
        memcpy(m + str, args[i], strlen(args[i]) + 1);
        str += strlen(args[i]) + 1;
    }
    memcpy(m + str, "HOME=/", 7);
    uint64_t env = str;
    uint64_t words[] = { 3, ptrs[0], ptrs[1], ptrs[2], 0, env, 0, 6, 4096, 25, 0x1234, 0, 0 };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        memcpy(m + sp + i * w, &words[i], w);
    return sp;
}

static void cmdline_and_auxv(void **state)
{
    (void)state;
    char err[256], buf[256];
    init_root();
    assert_int_equal(gs_init(&proc.gs, 1ull << 32, err, sizeof err), 0);
    assert_int_equal(gs_map(&proc.gs, 0x40000000, 0x1000, PROT_READ | PROT_WRITE, GS_MAP_FIXED, -1, 0, "[stack]"),
                     0x40000000);
    for (unsigned w = 4; w <= 8; w += 4) {
        proc.xlen = w * 8;
        lu_proc_set_initial_stack(&proc, build_stack(w));
        int fd = lu_path_open(&proc, AT_FDCWD, "/proc/self/cmdline", O_RDONLY, 0, 0);
        assert_true(fd >= 0);
        ssize_t n = read(fd, buf, sizeof buf);
        close(fd);
        assert_int_equal(n, 13);
        assert_memory_equal(buf, "prog\0one\0two\0", 13);
        fd = lu_path_open(&proc, AT_FDCWD, "/proc/thread-self/auxv", O_RDONLY, 0, 0);
        assert_true(fd >= 0);
        n = read(fd, buf, sizeof buf);
        close(fd);
        assert_int_equal(n, 6 * w); /* AT_PAGESZ, AT_ENTRY, AT_NULL */
        uint64_t v = 0;
        memcpy(&v, buf + 3 * w, w);
        assert_int_equal(v, 0x1234);
    }
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(absolute_and_dotdot_stay_inside),
        T(absolute_symlink_is_inside),
        T(symlink_loops_are_eloop),
        T(guest_made_symlinks_stay_inside),
        T(dirfd_relative_dotdot),
        T(rename_and_link_targets_stay_inside),
        T(parent_of_dots),
        T(working_directory),
        T(init_keeps_a_cwd_inside_the_root),
        T(bad_roots),
        T(host_paths_for_exec),
        T(proc_links_show_guest_paths),
        T(proc_hides_the_host),
        T(dev_fallbacks),
        T(sysroot_first),
        T(proc_self_without_root),
        T(classify_names),
        T(maps_describe_the_guest),
        T(cmdline_and_auxv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
