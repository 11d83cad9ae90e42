/*
 * System calls on paths and file metadata: open, stat, readlink, statfs, the
 * names in directories (mkdir, mknod, unlink, rename, link, symlink), the
 * working directory, permissions, owners, times, truncate, chroot. Every
 * guest path goes through lu_path_resolve (path.h), which gives one
 * (dirfd, name) pair for the host *at call: with --root the pair is a
 * descriptor the kernel resolved inside the root and a name that cannot
 * leave it.
 */
#include "syscall_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "path.h"
#include "proc_self.h"

_Static_assert(AT_FDCWD == -100 && AT_SYMLINK_NOFOLLOW == 0x100 && AT_REMOVEDIR == 0x200 &&
                   AT_SYMLINK_FOLLOW == 0x400 && AT_EMPTY_PATH == 0x1000,
               "asm-generic AT_* values");
_Static_assert(O_DIRECTORY == 0200000 && O_NOFOLLOW == 0400000 && O_DIRECT == 040000 && O_PATH == 010000000 &&
                   O_TMPFILE == 020200000,
               "asm-generic O_* values");

/* ---- guest paths ---- */

/* One path argument: the guest's string and what it resolved to. */
typedef struct PathArg {
    char guest[LU_PATH_MAX];
    LuPath lp;
    char call_path[LU_PATH_BUF]; /* path_for_call's "/proc/self/fd/P/name" */
} PathArg;

/* Copy the guest path at addr and resolve it. Release with lu_path_release
 * whatever the result. */
static int resolve(LinuxProc *p, int dirfd, uint64_t addr, LuPathMode mode, unsigned flags, PathArg *pa)
{
    pa->lp.owned = -1;
    int err = lu_get_path(p, addr, pa->guest);
    if (err)
        return err;
    return lu_path_resolve(p, dirfd, pa->guest, mode, flags, &pa->lp);
}

/* A path that ends in '/' makes even the calls that do not follow a final
 * symlink follow it; resolve those whole, inside the root. */
static bool trailing_slash(const char *s)
{
    size_t n = strlen(s);
    return n > 1 && s[n - 1] == '/';
}

/* flags for a host *at call: AT_EMPTY_PATH when the name is empty */
static int at_flags(const LuPath *lp, int flags) { return lp->name[0] ? flags : flags | AT_EMPTY_PATH; }

/*
 * A single host path string for calls that have no *at form (getxattr and
 * friends, inotify_add_watch, statfs): the path itself without --root; under
 * it, /proc/self/fd/N for the resolved file (follow), or
 * /proc/self/fd/P/name for the last name in its resolved parent (nofollow):
 * the kernel follows the magic link, then looks up one name without
 * following it.
 */
static int path_for_call(LinuxProc *p, uint64_t addr, bool follow, unsigned flags, PathArg *pa, const char **out)
{
    int err = resolve(p, AT_FDCWD, addr, follow ? LU_PATH_FOLLOW : LU_PATH_PARENT, flags, pa);
    if (err)
        return err;
    LuPath *lp = &pa->lp;
    if (follow || !lp->name[0] || lp->dirfd == AT_FDCWD) {
        lu_path_magic(lp);
        if (lp->dirfd != AT_FDCWD)
            return -EBADF; /* relative to a descriptor: not for these calls */
        *out = lp->name;
        return 0;
    }
    if ((size_t)snprintf(pa->call_path, sizeof pa->call_path, "/proc/self/fd/%d/%s", lp->dirfd, lp->name) >=
        sizeof pa->call_path)
        return -ENAMETOOLONG;
    *out = pa->call_path;
    return 0;
}

/* ---- open ---- */

SYS_HANDLER(openat)
{
    char path[LU_PATH_MAX];
    int err = lu_get_path(p, arg_ptr(p, a[1]), path);
    if (err)
        return err;
    return lu_path_open(p, arg_int(a[0]), path, arg_uint(a[2]), arg_uint(a[3]), 0);
}

/* struct open_how: u64 flags, mode, resolve (the same everywhere) */
#define OPEN_HOW_SIZE 24
#define KNOWN_RESOLVE 0x3full /* RESOLVE_NO_XDEV .. RESOLVE_CACHED */

SYS_HANDLER(openat2)
{
    uint64_t size = arg_ulong(p, a[3]), how_addr = arg_ptr(p, a[2]);
    if (size < OPEN_HOW_SIZE)
        return -EINVAL;
    if (size > 4096)
        return -E2BIG;
    uint64_t how[3];
    int err = lu_get(p, how, how_addr, sizeof how);
    if (err)
        return err;
    /* a bigger struct from a newer guest: the extra bytes must be zero */
    const uint8_t *extra = lu_guest(p, how_addr + OPEN_HOW_SIZE, size - OPEN_HOW_SIZE, PROT_READ);
    if (!extra)
        return -EFAULT;
    for (uint64_t i = 0; i < size - OPEN_HOW_SIZE; i++)
        if (extra[i])
            return -E2BIG;
    uint64_t flags = how[0], mode = how[1], res = how[2];
    if ((flags & ~(uint64_t)LU_VALID_OPEN_FLAGS) || (res & ~KNOWN_RESOLVE))
        return -EINVAL;
    bool creates = (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
    if ((mode & ~07777ull) || (!creates && mode))
        return -EINVAL;
    if ((flags & O_PATH) && (flags & ~(uint64_t)(O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)))
        return -EINVAL;
    char path[LU_PATH_MAX];
    err = lu_get_path(p, arg_ptr(p, a[1]), path);
    if (err)
        return err;
    /* RESOLVE_CACHED alone would mean "no resolve flags" to lu_path_open */
    return lu_path_open(p, arg_int(a[0]), path, flags, mode, res ? res : 0);
}

/* ---- readlink ---- */

SYS_HANDLER(readlinkat)
{
    int64_t size = arg_int(a[3]);
    if (size <= 0)
        return -EINVAL;
    uint64_t addr = arg_ptr(p, a[2]);
    char *buf = lu_guest(p, addr, (uint64_t)size, PROT_WRITE);
    if (!buf)
        return -EFAULT;
    PathArg pa;
    char *guest = pa.guest;
    int err = lu_get_path(p, arg_ptr(p, a[1]), guest);
    pa.lp.owned = -1;
    int64_t r;
    if (err) {
        r = err;
    } else if (trailing_slash(guest) && lu_paths_confined(p)) {
        /* "link/" is the directory it leads to, which is no symlink */
        r = lu_path_resolve(p, arg_int(a[0]), guest, LU_PATH_FOLLOW, 0, &pa.lp);
        if (r == 0)
            r = -EINVAL;
    } else {
        r = lu_path_resolve(p, arg_int(a[0]), guest, LU_PATH_PARENT, LU_PATH_EMPTY_OK, &pa.lp);
    }
    if (r == 0) {
        LuPath *lp = &pa.lp;
        if (lp->special == LU_PROC_EXE || lp->special == LU_PROC_CWD || lp->special == LU_PROC_ROOT ||
            lp->special == LU_PROC_FD) {
            char link[LU_PATH_MAX];
            int n = lu_proc_readlink(p, (LuProcKind)lp->special, lp->special_fd, link, sizeof link);
            if (n < 0) {
                r = n;
            } else {
                r = n < size ? n : size;
                memcpy(buf, link, (size_t)r); /* no NUL, like readlink */
            }
        } else {
            r = host_ret(readlinkat(lp->dirfd, lp->name, buf, (size_t)size));
        }
        if (r > 0)
            lu_wrote(p, addr, (uint64_t)r);
    }
    lu_path_release(&pa.lp);
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

/* The stat calls' path argument: NULL with AT_EMPTY_PATH means "" (Linux
 * 6.11). The mode follows AT_SYMLINK_NOFOLLOW. */
static int resolve_stat_path(LinuxProc *p, int dirfd, uint64_t addr, int flags, PathArg *pa)
{
    LuPathMode mode = (flags & AT_SYMLINK_NOFOLLOW) ? LU_PATH_NOFOLLOW : LU_PATH_FOLLOW;
    unsigned rf = (flags & AT_EMPTY_PATH) ? LU_PATH_EMPTY_OK : 0;
    if (addr == 0 && (flags & AT_EMPTY_PATH)) {
        pa->guest[0] = 0;
        return lu_path_resolve(p, dirfd, "", mode, rf, &pa->lp);
    }
    return resolve(p, dirfd, addr, mode, rf, pa);
}

SYS_HANDLER(newfstatat)
{
    int flags = arg_int(a[3]);
    PathArg pa;
    int64_t r = resolve_stat_path(p, arg_int(a[0]), arg_ptr(p, a[1]), flags, &pa);
    if (r == 0) {
        struct stat st;
        r = host_ret(fstatat(pa.lp.dirfd, pa.lp.name, &st, at_flags(&pa.lp, flags)));
        if (r == 0)
            r = put_stat(p, arg_ptr(p, a[2]), &st);
    }
    lu_path_release(&pa.lp);
    return r;
}

/* struct statx is the same for every architecture: the host fills the guest's
 * buffer directly. */
#define GUEST_STATX_SIZE 256

SYS_HANDLER(statx)
{
    int flags = arg_int(a[2]);
    uint64_t addr = arg_ptr(p, a[4]);
    void *buf = lu_guest(p, addr, GUEST_STATX_SIZE, PROT_WRITE);
    if (!buf)
        return -EFAULT;
    PathArg pa;
    int64_t r = resolve_stat_path(p, arg_int(a[0]), arg_ptr(p, a[1]), flags, &pa);
    if (r == 0) {
        r = host_ret(syscall(SYS_statx, pa.lp.dirfd, pa.lp.name, at_flags(&pa.lp, flags), arg_uint(a[3]), buf));
        if (r == 0)
            lu_wrote(p, addr, GUEST_STATX_SIZE);
    }
    lu_path_release(&pa.lp);
    return r;
}

/* ---- statfs ---- */

/* asm-generic struct statfs for LP64 (RV64): every word a long */
typedef struct GuestStatfs64 {
    int64_t type, bsize;
    uint64_t blocks, bfree, bavail, files, ffree;
    int32_t fsid[2];
    int64_t namelen, frsize, flags, spare[4];
} GuestStatfs64;
_Static_assert(sizeof(GuestStatfs64) == 120, "riscv64 struct statfs");

/* asm-generic struct statfs64 for ILP32 (RV32's statfs64/fstatfs64): 32-bit
 * words, 64-bit counts, padded to 8 bytes */
typedef struct GuestStatfs32 {
    uint32_t type, bsize;
    uint64_t blocks, bfree, bavail, files, ffree;
    int32_t fsid[2];
    uint32_t namelen, frsize, flags, spare[4];
    uint32_t pad;
} GuestStatfs32;
_Static_assert(sizeof(GuestStatfs32) == 88, "riscv32 struct statfs64");

static int64_t put_statfs(LinuxProc *p, uint64_t addr, const struct statfs *h)
{
    int32_t fsid[2];
    memcpy(fsid, &h->f_fsid, sizeof fsid);
    if (p->xlen == 32) {
        GuestStatfs32 g = {
            .type = (uint32_t)h->f_type, .bsize = (uint32_t)h->f_bsize, .blocks = h->f_blocks,
            .bfree = h->f_bfree, .bavail = h->f_bavail, .files = h->f_files, .ffree = h->f_ffree,
            .fsid = { fsid[0], fsid[1] }, .namelen = (uint32_t)h->f_namelen, .frsize = (uint32_t)h->f_frsize,
            .flags = (uint32_t)h->f_flags,
        };
        return lu_put(p, addr, &g, sizeof g);
    }
    GuestStatfs64 g = {
        .type = h->f_type, .bsize = h->f_bsize, .blocks = h->f_blocks, .bfree = h->f_bfree,
        .bavail = h->f_bavail, .files = h->f_files, .ffree = h->f_ffree, .fsid = { fsid[0], fsid[1] },
        .namelen = h->f_namelen, .frsize = h->f_frsize, .flags = h->f_flags,
    };
    return lu_put(p, addr, &g, sizeof g);
}

/* RV64: statfs(path, buf); RV32: statfs64(path, size, buf) */
SYS_HANDLER(statfs)
{
    uint64_t buf = arg_ptr(p, a[1]);
    if (p->xlen == 32) {
        if (arg_ulong(p, a[1]) != sizeof(GuestStatfs32))
            return -EINVAL;
        buf = arg_ptr(p, a[2]);
    }
    PathArg pa;
    int64_t r = resolve(p, AT_FDCWD, arg_ptr(p, a[0]), LU_PATH_FOLLOW, 0, &pa);
    if (r == 0) {
        struct statfs st;
        if (pa.lp.name[0])
            r = host_ret(statfs(pa.lp.name, &st));
        else
            r = host_ret(fstatfs(pa.lp.dirfd, &st));
        if (r == 0)
            r = put_statfs(p, buf, &st);
    }
    lu_path_release(&pa.lp);
    return r;
}

SYS_HANDLER(fstatfs)
{
    uint64_t buf = arg_ptr(p, a[1]);
    if (p->xlen == 32) {
        if (arg_ulong(p, a[1]) != sizeof(GuestStatfs32))
            return -EINVAL;
        buf = arg_ptr(p, a[2]);
    }
    struct statfs st;
    if (fstatfs(arg_int(a[0]), &st) != 0)
        return -errno;
    return put_statfs(p, buf, &st);
}

/* ---- the working directory ---- */

SYS_HANDLER(getcwd)
{
    char cwd[LU_PATH_MAX];
    int n = lu_path_getcwd(p, cwd, sizeof cwd);
    if (n < 0)
        return n;
    /* the system call returns the length including the NUL */
    if ((uint64_t)n + 1 > arg_ulong(p, a[1]))
        return -ERANGE;
    int err = lu_put(p, arg_ptr(p, a[0]), cwd, (size_t)n + 1);
    return err ? err : n + 1;
}

SYS_HANDLER(chdir)
{
    char path[LU_PATH_MAX];
    int err = lu_get_path(p, arg_ptr(p, a[0]), path);
    return err ? err : lu_path_chdir(p, path);
}

SYS_HANDLER(fchdir)
{
    return lu_path_fchdir(p, arg_int(a[0]));
}

/* The guest stays in its root: changing it would need root rights on the
 * host, and a guest that has them must not gain a way out through ferry. */
SYS_HANDLER(chroot)
{
    char path[LU_PATH_MAX];
    int err = lu_get_path(p, arg_ptr(p, a[0]), path);
    return err ? err : -EPERM;
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

/* ---- names in directories ---- */

SYS_HANDLER(mkdirat)
{
    PathArg pa;
    int64_t r = resolve(p, arg_int(a[0]), arg_ptr(p, a[1]), LU_PATH_PARENT, 0, &pa);
    if (r == 0)
        r = host_ret(mkdirat(pa.lp.dirfd, pa.lp.name, (mode_t)(arg_uint(a[2]) & 07777)));
    lu_path_release(&pa.lp);
    return r;
}

/* mknodat(dirfd, path, mode, dev): dev is the kernel's 32-bit encoding,
 * which the host's system call takes as it is. Under --root no device
 * nodes: a guest with root rights could otherwise make one for a host disk
 * inside its root and open it (EPERM, what an unprivileged caller gets). */
SYS_HANDLER(mknodat)
{
    unsigned type = arg_uint(a[2]) & S_IFMT;
    if ((type == S_IFCHR || type == S_IFBLK) && lu_paths_confined(p))
        return -EPERM;
    PathArg pa;
    int64_t r = resolve(p, arg_int(a[0]), arg_ptr(p, a[1]), LU_PATH_PARENT, 0, &pa);
    if (r == 0)
        r = host_ret(syscall(SYS_mknodat, pa.lp.dirfd, pa.lp.name, arg_uint(a[2]), arg_uint(a[3])));
    lu_path_release(&pa.lp);
    return r;
}

SYS_HANDLER(unlinkat)
{
    int flags = arg_int(a[2]);
    PathArg pa;
    int64_t r = resolve(p, arg_int(a[0]), arg_ptr(p, a[1]), LU_PATH_PARENT, 0, &pa);
    if (r == 0) {
        if (pa.lp.dotdot && (flags & AT_REMOVEDIR))
            r = -ENOTEMPTY; /* rmdir("..") on Linux */
        else
            r = host_ret(unlinkat(pa.lp.dirfd, pa.lp.name, flags));
    }
    lu_path_release(&pa.lp);
    return r;
}

SYS_HANDLER(symlinkat)
{
    /* the target is stored as the guest wrote it: it is resolved, inside
     * the root, only when the link is followed */
    char target[LU_PATH_MAX];
    int err = lu_get_path(p, arg_ptr(p, a[0]), target);
    if (err)
        return err;
    PathArg pa;
    int64_t r = resolve(p, arg_int(a[1]), arg_ptr(p, a[2]), LU_PATH_PARENT, 0, &pa);
    if (r == 0)
        r = host_ret(symlinkat(target, pa.lp.dirfd, pa.lp.name));
    lu_path_release(&pa.lp);
    return r;
}

/* Two paths in one call: on the heap, so that the handler stays small. */
typedef struct TwoPaths {
    PathArg from, to;
} TwoPaths;

static TwoPaths *two_paths(void)
{
    TwoPaths *t = malloc(sizeof *t);
    if (t)
        t->from.lp.owned = t->to.lp.owned = -1;
    return t;
}

static void two_paths_free(TwoPaths *t)
{
    lu_path_release(&t->from.lp);
    lu_path_release(&t->to.lp);
    free(t);
}

SYS_HANDLER(renameat2)
{
    TwoPaths *t = two_paths();
    if (!t)
        return -ENOMEM;
    int64_t r = resolve(p, arg_int(a[0]), arg_ptr(p, a[1]), LU_PATH_PARENT, 0, &t->from);
    if (r == 0)
        r = resolve(p, arg_int(a[2]), arg_ptr(p, a[3]), LU_PATH_PARENT, 0, &t->to);
    if (r == 0)
        r = host_ret(renameat2(t->from.lp.dirfd, t->from.lp.name, t->to.lp.dirfd, t->to.lp.name, arg_uint(a[4])));
    two_paths_free(t);
    return r;
}

SYS_HANDLER(linkat)
{
    int flags = arg_int(a[4]);
    TwoPaths *t = two_paths();
    if (!t)
        return -ENOMEM;
    unsigned rf = (flags & AT_EMPTY_PATH) ? LU_PATH_EMPTY_OK : 0;
    int64_t r = lu_get_path(p, arg_ptr(p, a[1]), t->from.guest);
    if (r == 0) {
        /* the old name is followed with AT_SYMLINK_FOLLOW, or when it ends
         * in '/' (which only a directory can, and those cannot be linked) */
        bool follow = (flags & AT_SYMLINK_FOLLOW) || trailing_slash(t->from.guest);
        r = lu_path_resolve(p, arg_int(a[0]), t->from.guest, follow ? LU_PATH_FOLLOW : LU_PATH_PARENT, rf,
                            &t->from.lp);
        if (r == 0 && follow && t->from.lp.name[0] == 0 && !(t->from.guest[0] == 0 && (flags & AT_EMPTY_PATH)))
            lu_path_magic(&t->from.lp); /* the kernel follows /proc/self/fd/N to the file */
    }
    if (r == 0)
        r = resolve(p, arg_int(a[2]), arg_ptr(p, a[3]), LU_PATH_PARENT, 0, &t->to);
    if (r == 0)
        r = host_ret(linkat(t->from.lp.dirfd, t->from.lp.name, t->to.lp.dirfd, t->to.lp.name,
                            t->from.lp.name[0] ? flags & ~AT_EMPTY_PATH : flags | AT_EMPTY_PATH));
    two_paths_free(t);
    return r;
}

/* ---- permissions, owners, times ---- */

static int64_t access_common(LinuxProc *p, const uint64_t a[6], int flags)
{
    LuPathMode mode = (flags & AT_SYMLINK_NOFOLLOW) ? LU_PATH_NOFOLLOW : LU_PATH_FOLLOW;
    PathArg pa;
    int64_t r = resolve(p, arg_int(a[0]), arg_ptr(p, a[1]), mode, (flags & AT_EMPTY_PATH) ? LU_PATH_EMPTY_OK : 0,
                        &pa);
    if (r == 0)
        r = host_ret(syscall(SYS_faccessat2, pa.lp.dirfd, pa.lp.name, arg_int(a[2]), at_flags(&pa.lp, flags)));
    lu_path_release(&pa.lp);
    return r;
}

SYS_HANDLER(faccessat) { return access_common(p, a, 0); }
SYS_HANDLER(faccessat2) { return access_common(p, a, arg_int(a[3])); }

SYS_HANDLER(fchmod)
{
    (void)p;
    return host_ret(fchmod(arg_int(a[0]), (mode_t)(arg_uint(a[1]) & 07777)));
}

SYS_HANDLER(fchmodat)
{
    PathArg pa;
    int64_t r = resolve(p, arg_int(a[0]), arg_ptr(p, a[1]), LU_PATH_FOLLOW, LU_PATH_MODIFY, &pa);
    if (r == 0) {
        lu_path_magic(&pa.lp);
        r = host_ret(syscall(SYS_fchmodat, pa.lp.dirfd, pa.lp.name, (mode_t)(arg_uint(a[2]) & 07777)));
    }
    lu_path_release(&pa.lp);
    return r;
}

SYS_HANDLER(fchown)
{
    (void)p;
    return host_ret(fchown(arg_int(a[0]), arg_uint(a[1]), arg_uint(a[2])));
}

SYS_HANDLER(fchownat)
{
    int flags = arg_int(a[4]);
    LuPathMode mode = (flags & AT_SYMLINK_NOFOLLOW) ? LU_PATH_NOFOLLOW : LU_PATH_FOLLOW;
    unsigned rf = LU_PATH_MODIFY | ((flags & AT_EMPTY_PATH) ? LU_PATH_EMPTY_OK : 0);
    PathArg pa;
    int64_t r = resolve(p, arg_int(a[0]), arg_ptr(p, a[1]), mode, rf, &pa);
    if (r == 0)
        r = host_ret(fchownat(pa.lp.dirfd, pa.lp.name, arg_uint(a[2]), arg_uint(a[3]), at_flags(&pa.lp, flags)));
    lu_path_release(&pa.lp);
    return r;
}

/* utimensat(dirfd, path or NULL, times[2] or NULL, flags). The nanosecond
 * fields may hold UTIME_NOW/UTIME_OMIT, so the host checks them. RV32's
 * utimensat_time64 has the same 16-byte timespecs (a 32-bit tv_nsec and
 * padding). */
SYS_HANDLER(utimensat)
{
    int dirfd = arg_int(a[0]), flags = arg_int(a[3]);
    uint64_t path_addr = arg_ptr(p, a[1]), times_addr = arg_ptr(p, a[2]);
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
    if (!path_addr) {
        /* the descriptor itself (futimens) */
        if (lu_paths_owns_fd(p, dirfd))
            return -EBADF;
        return host_ret(syscall(SYS_utimensat, dirfd, NULL, tsp, flags));
    }
    LuPathMode mode = (flags & AT_SYMLINK_NOFOLLOW) ? LU_PATH_NOFOLLOW : LU_PATH_FOLLOW;
    unsigned rf = LU_PATH_MODIFY | ((flags & AT_EMPTY_PATH) ? LU_PATH_EMPTY_OK : 0);
    PathArg pa;
    int64_t r = resolve(p, dirfd, path_addr, mode, rf, &pa);
    if (r == 0)
        r = host_ret(syscall(SYS_utimensat, pa.lp.dirfd, pa.lp.name, tsp, at_flags(&pa.lp, flags)));
    lu_path_release(&pa.lp);
    return r;
}

SYS_HANDLER(truncate)
{
    PathArg pa;
    int64_t r = resolve(p, AT_FDCWD, arg_ptr(p, a[0]), LU_PATH_FOLLOW, LU_PATH_MODIFY, &pa);
    if (r == 0) {
        lu_path_magic(&pa.lp);
        r = host_ret(truncate(pa.lp.name, (off_t)arg_u64(p, a, 1)));
    }
    lu_path_release(&pa.lp);
    return r;
}

/* ---- extended attributes ----
 * Values and lists are bytes the host reads or writes in guest memory
 * directly; names are strings. The path forms go through path_for_call. */

#define XATTR_NAME_BUF 256

/* the value/list buffer: NULL allowed when size is 0 */
static int xattr_buf(LinuxProc *p, uint64_t addr, uint64_t size, int prot, void **out)
{
    *out = NULL;
    if (size == 0)
        return 0;
    if (size > (1u << 16))
        size = 1u << 16; /* XATTR_SIZE_MAX: the host says E2BIG/ERANGE */
    *out = lu_guest(p, addr, size, prot);
    return *out ? 0 : -EFAULT;
}

static int get_xattr_name(LinuxProc *p, uint64_t addr, char *name)
{
    int64_t n = gs_strlen(&p->gs, addr, XATTR_NAME_BUF);
    if (n < 0)
        return lu_guest(p, addr, 1, PROT_READ) ? -ERANGE : -EFAULT;
    if (n == 0 || n >= XATTR_NAME_BUF)
        return -ERANGE;
    return lu_get(p, name, addr, (size_t)n + 1);
}

static uint64_t xattr_size(const LinuxProc *p, uint64_t v)
{
    uint64_t s = arg_ulong(p, v);
    return s > (1u << 16) ? (1u << 16) : s;
}

/* which: 0 = path, 1 = lpath, 2 = fd */
static int64_t do_getxattr(LinuxProc *p, const uint64_t a[6], int which)
{
    char name[XATTR_NAME_BUF];
    int err = get_xattr_name(p, arg_ptr(p, a[1]), name);
    void *val;
    uint64_t size = xattr_size(p, a[3]), addr = arg_ptr(p, a[2]);
    if (!err)
        err = xattr_buf(p, addr, size, PROT_WRITE, &val);
    if (err)
        return err;
    int64_t r;
    if (which == 2) {
        r = host_ret(fgetxattr(arg_int(a[0]), name, val, size));
    } else {
        PathArg *pa = malloc(sizeof *pa);
        if (!pa)
            return -ENOMEM;
        const char *path;
        r = path_for_call(p, arg_ptr(p, a[0]), which == 0, 0, pa, &path);
        if (r == 0)
            r = host_ret(which == 0 ? getxattr(path, name, val, size) : lgetxattr(path, name, val, size));
        lu_path_release(&pa->lp);
        free(pa);
    }
    if (r > 0)
        lu_wrote(p, addr, (uint64_t)r);
    return r;
}

static int64_t do_setxattr(LinuxProc *p, const uint64_t a[6], int which)
{
    char name[XATTR_NAME_BUF];
    int err = get_xattr_name(p, arg_ptr(p, a[1]), name);
    void *val;
    uint64_t size = arg_ulong(p, a[3]);
    if (size > (1u << 16))
        return -E2BIG;
    if (!err)
        err = xattr_buf(p, arg_ptr(p, a[2]), size, PROT_READ, &val);
    if (err)
        return err;
    int flags = arg_int(a[4]);
    if (which == 2)
        return host_ret(fsetxattr(arg_int(a[0]), name, val, size, flags));
    PathArg *pa = malloc(sizeof *pa);
    if (!pa)
        return -ENOMEM;
    const char *path;
    int64_t r = path_for_call(p, arg_ptr(p, a[0]), which == 0, LU_PATH_MODIFY, pa, &path);
    if (r == 0)
        r = host_ret(which == 0 ? setxattr(path, name, val, size, flags) : lsetxattr(path, name, val, size, flags));
    lu_path_release(&pa->lp);
    free(pa);
    return r;
}

static int64_t do_listxattr(LinuxProc *p, const uint64_t a[6], int which)
{
    void *list;
    uint64_t size = xattr_size(p, a[2]), addr = arg_ptr(p, a[1]);
    int err = xattr_buf(p, addr, size, PROT_WRITE, &list);
    if (err)
        return err;
    int64_t r;
    if (which == 2) {
        r = host_ret(flistxattr(arg_int(a[0]), list, size));
    } else {
        PathArg *pa = malloc(sizeof *pa);
        if (!pa)
            return -ENOMEM;
        const char *path;
        r = path_for_call(p, arg_ptr(p, a[0]), which == 0, 0, pa, &path);
        if (r == 0)
            r = host_ret(which == 0 ? listxattr(path, list, size) : llistxattr(path, list, size));
        lu_path_release(&pa->lp);
        free(pa);
    }
    if (r > 0)
        lu_wrote(p, addr, (uint64_t)r);
    return r;
}

static int64_t do_removexattr(LinuxProc *p, const uint64_t a[6], int which)
{
    char name[XATTR_NAME_BUF];
    int err = get_xattr_name(p, arg_ptr(p, a[1]), name);
    if (err)
        return err;
    if (which == 2)
        return host_ret(fremovexattr(arg_int(a[0]), name));
    PathArg *pa = malloc(sizeof *pa);
    if (!pa)
        return -ENOMEM;
    const char *path;
    int64_t r = path_for_call(p, arg_ptr(p, a[0]), which == 0, LU_PATH_MODIFY, pa, &path);
    if (r == 0)
        r = host_ret(which == 0 ? removexattr(path, name) : lremovexattr(path, name));
    lu_path_release(&pa->lp);
    free(pa);
    return r;
}

SYS_HANDLER(getxattr) { return do_getxattr(p, a, 0); }
SYS_HANDLER(lgetxattr) { return do_getxattr(p, a, 1); }
SYS_HANDLER(fgetxattr) { return do_getxattr(p, a, 2); }
SYS_HANDLER(setxattr) { return do_setxattr(p, a, 0); }
SYS_HANDLER(lsetxattr) { return do_setxattr(p, a, 1); }
SYS_HANDLER(fsetxattr) { return do_setxattr(p, a, 2); }
SYS_HANDLER(listxattr) { return do_listxattr(p, a, 0); }
SYS_HANDLER(llistxattr) { return do_listxattr(p, a, 1); }
SYS_HANDLER(flistxattr) { return do_listxattr(p, a, 2); }
SYS_HANDLER(removexattr) { return do_removexattr(p, a, 0); }
SYS_HANDLER(lremovexattr) { return do_removexattr(p, a, 1); }
SYS_HANDLER(fremovexattr) { return do_removexattr(p, a, 2); }

/* ---- inotify watches take a path ---- */

#define G_IN_DONT_FOLLOW 0x02000000u

SYS_HANDLER(inotify_add_watch)
{
    uint32_t mask = arg_uint(a[2]);
    PathArg *pa = malloc(sizeof *pa);
    if (!pa)
        return -ENOMEM;
    const char *path;
    int64_t r = path_for_call(p, arg_ptr(p, a[1]), !(mask & G_IN_DONT_FOLLOW), 0, pa, &path);
    if (r == 0)
        r = host_ret(syscall(SYS_inotify_add_watch, arg_int(a[0]), path, mask));
    lu_path_release(&pa->lp);
    free(pa);
    return r;
}
