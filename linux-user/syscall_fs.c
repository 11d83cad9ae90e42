/*
 * System calls on paths and file metadata: open, stat, readlink, directories,
 * the working directory, permissions. Paths are copied out of guest memory
 * before use; /proc/self/exe means the guest executable, not ferry.
 */
#include "syscall_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

_Static_assert(AT_FDCWD == -100 && AT_SYMLINK_NOFOLLOW == 0x100 && AT_REMOVEDIR == 0x200 &&
                   AT_EMPTY_PATH == 0x1000,
               "asm-generic AT_* values");
_Static_assert(O_DIRECTORY == 0200000 && O_NOFOLLOW == 0400000 && O_DIRECT == 040000 && O_PATH == 010000000,
               "asm-generic O_* values");

/* ---- paths ---- */

/* /proc/self/exe, /proc/thread-self/exe or /proc/<our pid>/exe */
static bool is_self_exe(const char *path)
{
    if (strncmp(path, "/proc/", 6) != 0)
        return false;
    const char *rest = path + 6;
    char pid[24];
    snprintf(pid, sizeof pid, "%d/", (int)getpid());
    if (strncmp(rest, "self/", 5) == 0)
        rest += 5;
    else if (strncmp(rest, "thread-self/", 12) == 0)
        rest += 12;
    else if (strncmp(rest, pid, strlen(pid)) == 0)
        rest += strlen(pid);
    else
        return false;
    return strcmp(rest, "exe") == 0;
}

/* A path argument for a call that follows it: the guest executable stands in
 * for /proc/self/exe. */
static int get_path(LinuxProc *p, uint64_t addr, char *buf)
{
    int err = lu_get_path(p, addr, buf);
    if (err)
        return err;
    if (is_self_exe(buf)) {
        LuSysState *st = lu_sys_state(p);
        if (st)
            snprintf(buf, LU_PATH_MAX, "%s", st->exe_abs);
    }
    return 0;
}

SYS_HANDLER(openat)
{
    char path[LU_PATH_MAX];
    int err = get_path(p, arg_ptr(p, a[1]), path);
    if (err)
        return err;
    return host_ret(openat(arg_int(a[0]), path, arg_int(a[2]), (mode_t)(arg_uint(a[3]) & 07777)));
}

SYS_HANDLER(readlinkat)
{
    char path[LU_PATH_MAX];
    int err = lu_get_path(p, arg_ptr(p, a[1]), path);
    if (err)
        return err;
    int64_t size = arg_int(a[3]);
    if (size <= 0)
        return -EINVAL;
    uint64_t addr = arg_ptr(p, a[2]);
    char *buf = lu_guest(p, addr, (uint64_t)size, PROT_WRITE);
    if (!buf)
        return -EFAULT;
    if (is_self_exe(path)) {
        LuSysState *st = lu_sys_state(p);
        if (!st)
            return -ENOMEM;
        size_t n = strlen(st->exe_abs);
        if (n > (uint64_t)size)
            n = (size_t)size;
        memcpy(buf, st->exe_abs, n); /* no NUL, like readlink */
        lu_wrote(p, addr, n);
        return (int64_t)n;
    }
    ssize_t r = readlinkat(arg_int(a[0]), path, buf, (size_t)size);
    if (r < 0)
        return -errno;
    lu_wrote(p, addr, (uint64_t)r);
    return r;
}

/* ---- stat ---- */

/* asm-generic struct stat for LP64 (RV64's fstat and newfstatat) */
typedef struct GuestStat {
    uint64_t dev, ino;
    uint32_t mode, nlink, uid, gid;
    uint64_t rdev, pad1;
    int64_t size;
    int32_t blksize, pad2;
    int64_t blocks;
    int64_t atime;
    uint64_t atime_nsec;
    int64_t mtime;
    uint64_t mtime_nsec;
    int64_t ctime;
    uint64_t ctime_nsec;
    uint32_t unused4, unused5;
} GuestStat;
_Static_assert(sizeof(GuestStat) == 128, "riscv64 struct stat");

static int64_t put_stat(LinuxProc *p, uint64_t addr, const struct stat *h)
{
    /* st_dev/st_rdev: the host C library passes the kernel's encoding
     * through, which is the one the guest's kernel would use too */
    GuestStat g = {
        .dev = h->st_dev, .ino = h->st_ino, .mode = h->st_mode, .nlink = (uint32_t)h->st_nlink,
        .uid = h->st_uid, .gid = h->st_gid, .rdev = h->st_rdev, .size = h->st_size,
        .blksize = (int32_t)h->st_blksize, .blocks = h->st_blocks,
        .atime = h->st_atim.tv_sec, .atime_nsec = (uint64_t)h->st_atim.tv_nsec,
        .mtime = h->st_mtim.tv_sec, .mtime_nsec = (uint64_t)h->st_mtim.tv_nsec,
        .ctime = h->st_ctim.tv_sec, .ctime_nsec = (uint64_t)h->st_ctim.tv_nsec,
    };
    return lu_put(p, addr, &g, sizeof g);
}

SYS_HANDLER(fstat)
{
    struct stat st;
    if (fstat(arg_int(a[0]), &st) != 0)
        return -errno;
    return put_stat(p, arg_ptr(p, a[1]), &st);
}

SYS_HANDLER(newfstatat)
{
    char path[LU_PATH_MAX];
    int err = get_path(p, arg_ptr(p, a[1]), path);
    if (err)
        return err;
    struct stat st;
    if (fstatat(arg_int(a[0]), path, &st, arg_int(a[3])) != 0)
        return -errno;
    return put_stat(p, arg_ptr(p, a[2]), &st);
}

/* struct statx is the same for every architecture: the host fills the guest's
 * buffer directly. */
#define GUEST_STATX_SIZE 256

SYS_HANDLER(statx)
{
    char path[LU_PATH_MAX];
    int err = get_path(p, arg_ptr(p, a[1]), path);
    if (err)
        return err;
    uint64_t addr = arg_ptr(p, a[4]);
    void *buf = lu_guest(p, addr, GUEST_STATX_SIZE, PROT_WRITE);
    if (!buf)
        return -EFAULT;
    long r = syscall(SYS_statx, arg_int(a[0]), path, arg_int(a[2]), arg_uint(a[3]), buf);
    if (r < 0)
        return -errno;
    lu_wrote(p, addr, GUEST_STATX_SIZE);
    return 0;
}

/* ---- directories ---- */

SYS_HANDLER(getcwd)
{
    char cwd[LU_PATH_MAX];
    /* the system call returns the length including the NUL */
    long n = syscall(SYS_getcwd, cwd, sizeof cwd);
    if (n < 0)
        return -errno;
    if ((uint64_t)n > arg_ulong(p, a[1]))
        return -ERANGE;
    int err = lu_put(p, arg_ptr(p, a[0]), cwd, (size_t)n);
    return err ? err : n;
}

SYS_HANDLER(chdir)
{
    char path[LU_PATH_MAX];
    int err = lu_get_path(p, arg_ptr(p, a[0]), path);
    return err ? err : host_ret(chdir(path));
}

SYS_HANDLER(fchdir)
{
    (void)p;
    return host_ret(fchdir(arg_int(a[0])));
}

/* struct linux_dirent64 is the same everywhere */
SYS_HANDLER(getdents64)
{
    uint64_t addr = arg_ptr(p, a[1]), len = arg_uint(a[2]);
    void *buf = lu_guest(p, addr, len, PROT_WRITE);
    if (!buf)
        return -EFAULT;
    long r = syscall(SYS_getdents64, arg_int(a[0]), buf, (size_t)len);
    if (r < 0)
        return -errno;
    lu_wrote(p, addr, (uint64_t)r);
    return r;
}

SYS_HANDLER(mkdirat)
{
    char path[LU_PATH_MAX];
    int err = lu_get_path(p, arg_ptr(p, a[1]), path);
    return err ? err : host_ret(mkdirat(arg_int(a[0]), path, (mode_t)(arg_uint(a[2]) & 07777)));
}

SYS_HANDLER(unlinkat)
{
    char path[LU_PATH_MAX];
    int err = lu_get_path(p, arg_ptr(p, a[1]), path);
    return err ? err : host_ret(unlinkat(arg_int(a[0]), path, arg_int(a[2])));
}

/* two guest paths, copied into one allocation; free(*one) releases both */
static int get_two_paths(LinuxProc *p, uint64_t a1, uint64_t a2, char **one, char **two)
{
    *one = malloc(2 * LU_PATH_MAX);
    if (!*one)
        return -ENOMEM;
    *two = *one + LU_PATH_MAX;
    int err = lu_get_path(p, a1, *one);
    if (!err)
        err = lu_get_path(p, a2, *two);
    if (err)
        free(*one);
    return err;
}

SYS_HANDLER(renameat2)
{
    char *from, *to;
    int err = get_two_paths(p, arg_ptr(p, a[1]), arg_ptr(p, a[3]), &from, &to);
    if (err)
        return err;
    int64_t r = host_ret(renameat2(arg_int(a[0]), from, arg_int(a[2]), to, arg_uint(a[4])));
    free(from);
    return r;
}

SYS_HANDLER(linkat)
{
    char *from, *to;
    int err = get_two_paths(p, arg_ptr(p, a[1]), arg_ptr(p, a[3]), &from, &to);
    if (err)
        return err;
    int64_t r = host_ret(linkat(arg_int(a[0]), from, arg_int(a[2]), to, arg_int(a[4])));
    free(from);
    return r;
}

SYS_HANDLER(symlinkat)
{
    char *target, *link;
    int err = get_two_paths(p, arg_ptr(p, a[0]), arg_ptr(p, a[2]), &target, &link);
    if (err)
        return err;
    int64_t r = host_ret(symlinkat(target, arg_int(a[1]), link));
    free(target);
    return r;
}

/* ---- permissions and attributes ---- */

SYS_HANDLER(faccessat)
{
    char path[LU_PATH_MAX];
    int err = get_path(p, arg_ptr(p, a[1]), path);
    return err ? err : host_ret(faccessat(arg_int(a[0]), path, arg_int(a[2]), 0));
}

SYS_HANDLER(faccessat2)
{
    char path[LU_PATH_MAX];
    int err = get_path(p, arg_ptr(p, a[1]), path);
    return err ? err : host_ret(faccessat(arg_int(a[0]), path, arg_int(a[2]), arg_int(a[3])));
}

SYS_HANDLER(fchmod)
{
    (void)p;
    return host_ret(fchmod(arg_int(a[0]), (mode_t)(arg_uint(a[1]) & 07777)));
}

SYS_HANDLER(fchmodat)
{
    char path[LU_PATH_MAX];
    int err = lu_get_path(p, arg_ptr(p, a[1]), path);
    return err ? err : host_ret(fchmodat(arg_int(a[0]), path, (mode_t)(arg_uint(a[2]) & 07777), 0));
}

SYS_HANDLER(fchown)
{
    (void)p;
    return host_ret(fchown(arg_int(a[0]), arg_uint(a[1]), arg_uint(a[2])));
}

SYS_HANDLER(fchownat)
{
    char path[LU_PATH_MAX];
    int err = lu_get_path(p, arg_ptr(p, a[1]), path);
    return err ? err : host_ret(fchownat(arg_int(a[0]), path, arg_uint(a[2]), arg_uint(a[3]), arg_int(a[4])));
}

/* utimensat(dirfd, path or NULL, times[2] or NULL, flags). The nanosecond
 * fields may hold UTIME_NOW/UTIME_OMIT, so the host checks them. */
SYS_HANDLER(utimensat)
{
    char path[LU_PATH_MAX];
    const char *pathp = NULL;
    uint64_t path_addr = arg_ptr(p, a[1]), times_addr = arg_ptr(p, a[2]);
    if (path_addr) {
        int err = lu_get_path(p, path_addr, path);
        if (err)
            return err;
        pathp = path;
    }
    struct timespec ts[2], *tsp = NULL;
    if (times_addr) {
        int64_t g[4];
        int err = lu_get(p, g, times_addr, sizeof g);
        if (err)
            return err;
        for (int i = 0; i < 2; i++) {
            ts[i].tv_sec = (time_t)g[2 * i];
            ts[i].tv_nsec = (long)(p->xlen == 32 ? (int32_t)(uint32_t)g[2 * i + 1] : g[2 * i + 1]);
        }
        tsp = ts;
    }
    return host_ret(syscall(SYS_utimensat, arg_int(a[0]), pathp, tsp, arg_int(a[3])));
}

SYS_HANDLER(truncate)
{
    char path[LU_PATH_MAX];
    int err = lu_get_path(p, arg_ptr(p, a[0]), path);
    return err ? err : host_ret(truncate(path, (off_t)arg_u64(p, a, 1)));
}

SYS_HANDLER(ftruncate)
{
    return host_ret(ftruncate(arg_int(a[0]), (off_t)arg_u64(p, a, 1)));
}

SYS_HANDLER(fsync)
{
    (void)p;
    return host_ret(fsync(arg_int(a[0])));
}

SYS_HANDLER(fdatasync)
{
    (void)p;
    return host_ret(fdatasync(arg_int(a[0])));
}
