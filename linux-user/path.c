/*
 * Guest paths to host paths: the sysroot, --root confinement through
 * openat2(RESOLVE_IN_ROOT), and the hand-off of /proc/self files to
 * proc_self.c. See path.h for the rules.
 */
#include "path.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "path_state.h"
#include "proc_self.h"

/* how every guest path is resolved under --root: inside the root, and never
 * through a /proc magic link (which could point anywhere) */
#define ROOT_RESOLVE (RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)
/* and paths under the host /proc shown to a confined guest */
#define PROC_RESOLVE (RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)

/* ---- small helpers ---- */

static bool confined(const struct LuPaths *ps) { return ps && ps->root_fd >= 0; }

bool lu_paths_confined(const LinuxProc *p) { return confined(p->paths); }

bool lu_paths_owns_fd(const LinuxProc *p, int fd)
{
    const struct LuPaths *ps = p->paths;
    return ps && fd >= 0 && (fd == ps->root_fd || fd == ps->proc_fd);
}

int lu_paths_own_fds(const LinuxProc *p, int *fds, int max)
{
    const struct LuPaths *ps = p->paths;
    int n = 0;
    if (!ps)
        return 0;
    if (ps->root_fd >= 0 && n < max)
        fds[n++] = ps->root_fd;
    if (ps->proc_fd >= 0 && n < max)
        fds[n++] = ps->proc_fd;
    if (n == 2 && fds[0] > fds[1]) {
        int t = fds[0];
        fds[0] = fds[1];
        fds[1] = t;
    }
    return n;
}

/* openat2, retried while the kernel reports a concurrent rename (EAGAIN) */
static int open2(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve)
{
    struct open_how how = { .flags = flags, .mode = mode, .resolve = resolve };
    for (int tries = 0;; tries++) {
        long r = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
        if (r >= 0)
            return (int)r;
        if (errno != EAGAIN || tries >= 16 || (resolve & RESOLVE_CACHED))
            return -errno;
    }
}

static bool starts_with_dir(const char *path, const char *dir, size_t len)
{
    return strncmp(path, dir, len) == 0 && (path[len] == 0 || path[len] == '/');
}

/* Write the absolute path `in` to out with "//", "." and ".." collapsed
 * lexically (".." at the top stays at "/"). Only used to recognize /proc
 * and /dev names; the kernel resolves the real thing. */
static void normalize(const char *in, char *out, size_t len)
{
    size_t n = 0;
    const char *s = in;
    out[0] = 0;
    while (*s) {
        while (*s == '/')
            s++;
        const char *e = s;
        while (*e && *e != '/')
            e++;
        size_t cl = (size_t)(e - s);
        if (cl == 0 || (cl == 1 && s[0] == '.')) {
            /* nothing */
        } else if (cl == 2 && s[0] == '.' && s[1] == '.') {
            while (n > 0 && out[n - 1] != '/')
                n--;
            if (n > 0)
                n--; /* the slash */
        } else if (n + 1 + cl < len) {
            out[n++] = '/';
            memcpy(out + n, s, cl);
            n += cl;
        }
        s = e;
    }
    if (n == 0)
        out[n++] = '/';
    out[n] = 0;
}

static int readlink_fd(int fd, char *buf, size_t len)
{
    char link[40];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, buf, len - 1);
    if (n < 0)
        return -errno;
    if ((size_t)n >= len - 1)
        return -ENAMETOOLONG;
    buf[n] = 0;
    return (int)n;
}

/* ---- set-up ---- */

struct LuPaths *lu_paths_state(LinuxProc *p)
{
    if (!p->paths) {
        struct LuPaths *ps = calloc(1, sizeof *ps);
        if (!ps)
            return NULL;
        ps->root_fd = -1;
        ps->proc_fd = -1;
        p->paths = ps;
    }
    return p->paths;
}

/* Move a descriptor ferry keeps out of the guest's way: above the numbers a
 * guest normally uses, close-on-exec. */
static int park_fd(int fd)
{
    struct rlimit rl;
    long hi = 1024;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)hi)
        hi = (long)rl.rlim_cur;
    hi -= 16;
    if (hi < 3)
        hi = 3;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, (int)hi);
    if (moved < 0)
        return fd;
    close(fd);
    return moved;
}

static int fail(char *err, size_t errlen, const char *fmt, const char *arg, int e)
{
    char what[256];
    snprintf(what, sizeof what, fmt, arg);
    snprintf(err, errlen, "%s: %s", what, strerror(e));
    return -1;
}

int lu_paths_init(LinuxProc *p, const char *root, const char *sysroot, char *err, size_t errlen)
{
    struct LuPaths *ps = lu_paths_state(p);
    if (!ps) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (root) {
        char *real = realpath(root, NULL);
        if (!real)
            return fail(err, errlen, "--root %s", root, errno);
        if (strlen(real) >= sizeof ps->root) {
            free(real);
            return fail(err, errlen, "--root %s", root, ENAMETOOLONG);
        }
        snprintf(ps->root, sizeof ps->root, "%s", real);
        free(real);
        ps->root_len = strlen(ps->root);
        if (strcmp(ps->root, "/") == 0)
            ps->root_len = 0; /* no prefix to remove */
        int fd = open(ps->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            return fail(err, errlen, "--root %s", root, errno);
        /* the kernel must know openat2 (Linux 5.6) */
        int probe = open2(fd, "/", O_PATH | O_CLOEXEC, 0, ROOT_RESOLVE);
        if (probe < 0) {
            int e = -probe;
            close(fd);
            if (e == ENOSYS)
                snprintf(err, errlen, "--root needs openat2(2), which this kernel lacks (Linux 5.6 or later)");
            else
                fail(err, errlen, "--root %s", root, e);
            return -1;
        }
        close(probe);
        ps->root_fd = park_fd(fd);
        int proc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
        ps->proc_fd = proc >= 0 ? park_fd(proc) : -1;

        /* the guest starts where the host is when that is inside the root
         * (an execve from the guest keeps its directory), else at "/" */
        char cwd[4096], g[4096];
        if (!getcwd(cwd, sizeof cwd) || lu_path_to_guest(p, cwd, g, sizeof g) < 0 ||
            starts_with_dir(g, "/proc", 5)) {
            if (fchdir(ps->root_fd) != 0)
                return fail(err, errlen, "--root %s", root, errno);
        }
    }

    ps->sysroot[0] = 0;
    if (sysroot && sysroot[0]) {
        if (root) {
            /* a guest directory inside the root */
            if (sysroot[0] != '/' || strlen(sysroot) >= sizeof ps->sysroot) {
                snprintf(err, errlen, "--sysroot %s: with --root, give an absolute path inside the root", sysroot);
                return -1;
            }
            int fd = open2(ps->root_fd, sysroot, O_PATH | O_DIRECTORY | O_CLOEXEC, 0, ROOT_RESOLVE);
            if (fd < 0)
                return fail(err, errlen, "--sysroot %s (inside the root)", sysroot, -fd);
            close(fd);
            snprintf(ps->sysroot, sizeof ps->sysroot, "%s", strcmp(sysroot, "/") == 0 ? "" : sysroot);
        } else {
            char *real = realpath(sysroot, NULL);
            if (!real)
                return fail(err, errlen, "--sysroot %s", sysroot, errno);
            struct stat st;
            if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
                free(real);
                return fail(err, errlen, "--sysroot %s", sysroot, ENOTDIR);
            }
            snprintf(ps->sysroot, sizeof ps->sysroot, "%s", strcmp(real, "/") == 0 ? "" : real);
            free(real);
        }
    } else if (!root) {
        struct stat st;
        if (stat("/usr/riscv64-linux-gnu", &st) == 0 && S_ISDIR(st.st_mode))
            snprintf(ps->sysroot, sizeof ps->sysroot, "/usr/riscv64-linux-gnu");
    }
    return 0;
}

void lu_paths_release(LinuxProc *p)
{
    struct LuPaths *ps = p->paths;
    if (!ps)
        return;
    if (ps->root_fd >= 0)
        close(ps->root_fd);
    if (ps->proc_fd >= 0)
        close(ps->proc_fd);
    free(ps);
    p->paths = NULL;
}

/* ---- host paths to guest paths ---- */

/* The /dev entries a confined guest gets from the host when its root has
 * none: harmless character devices. */
static bool dev_fallback(const char *norm)
{
    static const char *const devs[] = {
        "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty",
    };
    for (size_t i = 0; i < sizeof devs / sizeof devs[0]; i++)
        if (strcmp(norm, devs[i]) == 0)
            return true;
    return false;
}

int lu_path_to_guest(const LinuxProc *p, const char *host, char *guest, size_t len)
{
    const struct LuPaths *ps = p->paths;
    const char *g = host;
    if (confined(ps) && ps->root_len > 0) {
        if (starts_with_dir(host, ps->root, ps->root_len))
            g = host[ps->root_len] ? host + ps->root_len : "/";
        else if (!starts_with_dir(host, "/proc", 5) && !dev_fallback(host))
            return -ENOENT;
    }
    size_t n = strlen(g);
    if (n >= len)
        return -ERANGE;
    memcpy(guest, g, n + 1);
    return (int)n;
}

int lu_path_getcwd(LinuxProc *p, char *buf, size_t len)
{
    char host[4096];
    /* the system call, not the C library's getcwd, which would make up a
     * path for an unreachable directory */
    long n = syscall(SYS_getcwd, host, sizeof host);
    if (n < 0)
        return -errno;
    if (!confined(p->paths)) {
        if ((size_t)n > len)
            return -ERANGE;
        memcpy(buf, host, (size_t)n);
        return (int)n - 1;
    }
    if (host[0] != '/')
        return -ENOENT; /* "(unreachable)..." */
    return lu_path_to_guest(p, host, buf, len);
}

/* The guest path of the directory dirfd (AT_FDCWD: the working directory),
 * under --root. */
static int guest_dir(LinuxProc *p, int dirfd, char *out, size_t len)
{
    if (dirfd == AT_FDCWD)
        return lu_path_getcwd(p, out, len);
    if (lu_paths_owns_fd(p, dirfd))
        return -EBADF;
    struct stat st;
    if (fstat(dirfd, &st) != 0)
        return -errno;
    if (!S_ISDIR(st.st_mode))
        return -ENOTDIR;
    char host[4096];
    int r = readlink_fd(dirfd, host, sizeof host);
    if (r < 0)
        return r;
    r = lu_path_to_guest(p, host, out, len);
    /* a directory the guest was handed from outside the root */
    return r == -ENOENT ? -EACCES : r;
}


/* ---- where a guest path leads ---- */

typedef enum Place {
    PLACE_HOST,    /* no --root: path (perhaps the sysroot's copy) relative to dirfd */
    PLACE_ROOT,    /* --root: path is absolute, resolved inside the root */
    PLACE_PROC,    /* --root: the host /proc; path is relative to it */
    PLACE_SPECIAL, /* a file ferry answers itself: kind, fd */
} Place;

typedef struct Where {
    Place place;
    int dirfd;
    LuProcKind kind;
    int fd;
    char norm[LU_PATH_BUF]; /* the absolute guest path, normalized ("" when relative without --root) */
    char path[LU_PATH_BUF];
} Where;

static int copy_path(char *dst, size_t len, const char *src)
{
    size_t n = strlen(src);
    if (n >= len)
        return -ENAMETOOLONG;
    memcpy(dst, src, n + 1);
    return 0;
}

static int join(char *dst, size_t len, const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    if (dl > 0 && dir[dl - 1] == '/')
        dl--;
    if ((size_t)snprintf(dst, len, "%.*s/%s", (int)dl, dir, name) >= len)
        return -ENAMETOOLONG;
    return 0;
}

/* the sysroot's copy of the absolute path abs, when it exists */
static bool in_sysroot(const struct LuPaths *ps, const char *abs, const char *norm, char *out, size_t len)
{
    if (!ps || !ps->sysroot[0] || strcmp(norm, "/") == 0)
        return false;
    if ((size_t)snprintf(out, len, "%s%s", ps->sysroot, abs) >= len)
        return false;
    if (!confined(ps)) {
        struct stat st;
        return fstatat(AT_FDCWD, out, &st, AT_SYMLINK_NOFOLLOW) == 0;
    }
    int fd = open2(ps->root_fd, out, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0, ROOT_RESOLVE);
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

/* /dev/fd/N, /dev/stdin, /dev/stdout, /dev/stderr as /proc/self/fd names
 * (a root's own /dev/fd would point at its /proc, which has nothing) */
static void dev_alias(char *norm, size_t len)
{
    static const struct { const char *dev, *proc; } alias[] = {
        { "/dev/stdin", "/proc/self/fd/0" },
        { "/dev/stdout", "/proc/self/fd/1" },
        { "/dev/stderr", "/proc/self/fd/2" },
    };
    for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++) {
        if (strcmp(norm, alias[i].dev) == 0) {
            snprintf(norm, len, "%s", alias[i].proc);
            return;
        }
    }
    if (starts_with_dir(norm, "/dev/fd", 7)) {
        char tmp[LU_PATH_BUF];
        if ((size_t)snprintf(tmp, sizeof tmp, "/proc/self/fd%s", norm + 7) < sizeof tmp)
            snprintf(norm, len, "%s", tmp);
    }
}

static int locate(LinuxProc *p, int dirfd, const char *guest, Where *w, int depth)
{
    const struct LuPaths *ps = p->paths;
    w->place = PLACE_HOST;
    w->dirfd = dirfd;
    w->kind = LU_PROC_NONE;
    w->fd = -1;
    w->norm[0] = 0;
    if (depth > 8)
        return -ELOOP;

    if (!confined(ps)) {
        if (guest[0] == '/') {
            normalize(guest, w->norm, sizeof w->norm);
            if (starts_with_dir(w->norm, "/proc", 5)) {
                const char *rest;
                w->kind = lu_proc_classify(w->norm, false, &w->fd, &rest);
                if (w->kind) {
                    w->place = PLACE_SPECIAL;
                    return 0;
                }
            } else if (in_sysroot(ps, guest, w->norm, w->path, sizeof w->path)) {
                return 0;
            }
        }
        return copy_path(w->path, sizeof w->path, guest);
    }

    char abs[LU_PATH_BUF];
    int r;
    if (guest[0] == '/') {
        r = copy_path(abs, sizeof abs, guest);
    } else {
        char base[LU_PATH_BUF];
        r = guest_dir(p, dirfd, base, sizeof base);
        if (r >= 0)
            r = join(abs, sizeof abs, base, guest);
    }
    if (r < 0)
        return r;
    normalize(abs, w->norm, sizeof w->norm);
    if (starts_with_dir(w->norm, "/dev", 4))
        dev_alias(w->norm, sizeof w->norm);

    if (starts_with_dir(w->norm, "/proc", 5)) {
        const char *rest = NULL;
        w->kind = lu_proc_classify(w->norm, true, &w->fd, &rest);
        if (w->kind != LU_PROC_NONE && rest && rest[0]) {
            /* through /proc/self/{cwd,root,fd/N}: the guest path behind
             * the link, then the rest */
            char base[LU_PATH_BUF], next[LU_PATH_BUF];
            if (w->kind == LU_PROC_ROOT)
                r = copy_path(base, sizeof base, "/");
            else
                r = guest_dir(p, w->kind == LU_PROC_CWD ? AT_FDCWD : w->fd, base, sizeof base);
            if (r >= 0)
                r = join(next, sizeof next, base, rest);
            if (r < 0)
                return r;
            return locate(p, AT_FDCWD, next, w, depth + 1);
        }
        if (w->kind != LU_PROC_NONE) {
            w->place = PLACE_SPECIAL;
            return 0;
        }
        w->place = PLACE_PROC;
        return copy_path(w->path, sizeof w->path, w->norm[5] ? w->norm + 6 : ".");
    }
    w->place = PLACE_ROOT;
    if (in_sysroot(ps, abs, w->norm, w->path, sizeof w->path))
        return 0;
    return copy_path(w->path, sizeof w->path, abs);
}

/* ---- resolution for the *at calls ---- */

static void lp_init(LuPath *lp)
{
    lp->dirfd = AT_FDCWD;
    lp->name = "";
    lp->owned = -1;
    lp->special = LU_PROC_NONE;
    lp->special_fd = -1;
    lp->dot = lp->dotdot = false;
    lp->buf[0] = 0;
    lp->magic[0] = 0;
}

void lu_path_release(LuPath *lp)
{
    if (lp->owned >= 0)
        close(lp->owned);
    lp->owned = -1;
}

void lu_path_magic(LuPath *lp)
{
    if (lp->name[0])
        return;
    if (lp->dirfd == AT_FDCWD) {
        lp->name = ".";
        return;
    }
    snprintf(lp->magic, sizeof lp->magic, "/proc/self/fd/%d", lp->dirfd);
    lp->dirfd = AT_FDCWD;
    lp->name = lp->magic;
}

/* fd (or -errno) becomes the LuPath's target, owned by it */
static int set_owned(LuPath *lp, int fd)
{
    if (fd < 0)
        return fd;
    lp->owned = fd;
    lp->dirfd = fd;
    lp->name = "";
    return 0;
}

static int errno_or(int fd) { return fd < 0 ? -errno : fd; }

/*
 * lp->buf holds a path (absolute for the root, relative for /proc); for
 * LU_PATH_PARENT cut it into the parent, resolved to lp->dirfd, and the last
 * name (with its trailing slashes), copied behind the parent's text in buf.
 * A path ending in ".", ".." or only slashes names the directory itself:
 * lp->dot is set and the name is ".".
 */
static int resolve_from(LuPath *lp, int anchor, LuPathMode mode, uint64_t resolve)
{
    if (mode != LU_PATH_PARENT) {
        uint64_t fl = O_PATH | O_CLOEXEC | (mode == LU_PATH_NOFOLLOW ? O_NOFOLLOW : 0);
        return set_owned(lp, open2(anchor, lp->buf, fl, 0, resolve));
    }
    char *b = lp->buf;
    size_t len = strlen(b), end = len;
    while (end > 0 && b[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && b[start - 1] != '/')
        start--;
    size_t cl = end - start;
    if (cl == 0 || (cl == 1 && b[start] == '.') || (cl == 2 && b[start] == '.' && b[start + 1] == '.')) {
        lp->dot = true;
        lp->dotdot = cl == 2;
        int r = set_owned(lp, open2(anchor, b[0] ? b : ".", O_PATH | O_DIRECTORY | O_CLOEXEC, 0, resolve));
        lp->name = ".";
        return r;
    }
    /* name after the parent: "<parent>\0<name>\0" */
    if (len + 1 + (len - start) + 1 > sizeof lp->buf)
        return -ENAMETOOLONG;
    char *store = b + len + 1;
    memcpy(store, b + start, len - start + 1);
    if (start == 0) {
        b[0] = '.';
        b[1] = 0;
    } else {
        b[start] = 0;
    }
    int r = set_owned(lp, open2(anchor, b, O_PATH | O_DIRECTORY | O_CLOEXEC, 0, resolve));
    lp->name = store;
    return r;
}

/* The host's own link for a link kind (exe, cwd, root, fd/N): what calls
 * that do not follow it see (lstat shows a symlink; readlink asks
 * lp->special instead; creating or removing names in /proc fails). */
static int resolve_self_link(LinuxProc *p, LuProcKind kind, int fd, LuPathMode mode, LuPath *lp)
{
    switch (kind) {
    case LU_PROC_EXE: snprintf(lp->buf, sizeof lp->buf, "self/exe"); break;
    case LU_PROC_CWD: snprintf(lp->buf, sizeof lp->buf, "self/cwd"); break;
    case LU_PROC_ROOT: snprintf(lp->buf, sizeof lp->buf, "self/root"); break;
    case LU_PROC_MAPS: snprintf(lp->buf, sizeof lp->buf, "self/maps"); break;
    case LU_PROC_CMDLINE: snprintf(lp->buf, sizeof lp->buf, "self/cmdline"); break;
    case LU_PROC_AUXV: snprintf(lp->buf, sizeof lp->buf, "self/auxv"); break;
    default: snprintf(lp->buf, sizeof lp->buf, "self/fd/%d", fd); break;
    }
    const struct LuPaths *ps = p->paths;
    if (!confined(ps)) {
        memmove(lp->buf + 6, lp->buf, strlen(lp->buf) + 1);
        memcpy(lp->buf, "/proc/", 6);
        lp->name = lp->buf;
        return 0;
    }
    if (ps->proc_fd < 0)
        return -ENOENT;
    return resolve_from(lp, ps->proc_fd, mode, PROC_RESOLVE);
}

static bool is_link_kind(LuProcKind k)
{
    return k == LU_PROC_EXE || k == LU_PROC_CWD || k == LU_PROC_ROOT || k == LU_PROC_FD;
}

static int resolve_special(LinuxProc *p, LuProcKind kind, int fd, LuPathMode mode, LuPath *lp)
{
    const struct LuPaths *ps = p->paths;
    if (kind == LU_PROC_DENIED)
        return -EACCES;
    if (kind == LU_PROC_HIDDEN)
        return -ENOENT;
    lp->special = kind;
    lp->special_fd = fd;
    if (mode == LU_PATH_PARENT || (mode == LU_PATH_NOFOLLOW && is_link_kind(kind)))
        return resolve_self_link(p, kind, fd, mode, lp);
    switch (kind) {
    case LU_PROC_MAPS:
    case LU_PROC_CMDLINE:
    case LU_PROC_AUXV: return set_owned(lp, lu_proc_open_synth(p, kind, O_RDONLY | O_CLOEXEC));
    case LU_PROC_EXE:
        if (!p->exe_path)
            return -ENOENT;
        return set_owned(lp, errno_or(open(p->exe_path, O_PATH | O_CLOEXEC)));
    case LU_PROC_CWD: return set_owned(lp, errno_or(open(".", O_PATH | O_DIRECTORY | O_CLOEXEC)));
    case LU_PROC_ROOT:
        lp->dirfd = ps->root_fd;
        return 0;
    case LU_PROC_FD:
        if (lu_paths_owns_fd(p, fd) || fcntl(fd, F_GETFD) < 0)
            return -ENOENT;
        lp->dirfd = fd;
        return 0;
    default: return -ENOENT;
    }
}

int lu_path_resolve(LinuxProc *p, int dirfd, const char *guest, LuPathMode mode, unsigned flags, LuPath *lp)
{
    lp_init(lp);
    const struct LuPaths *ps = p->paths;
    if (guest[0] == 0) {
        if (!(flags & LU_PATH_EMPTY_OK))
            return -ENOENT;
        if (lu_paths_owns_fd(p, dirfd))
            return -EBADF;
        lp->dirfd = dirfd;
        return 0;
    }
    Where w;
    int r = locate(p, dirfd, guest, &w, 0);
    if (r < 0)
        return r;
    switch (w.place) {
    case PLACE_HOST:
        lp->dirfd = w.dirfd;
        memcpy(lp->buf, w.path, strlen(w.path) + 1);
        lp->name = lp->buf;
        return 0;
    case PLACE_SPECIAL: return resolve_special(p, w.kind, w.fd, mode, lp);
    case PLACE_PROC:
        if (ps->proc_fd < 0)
            return -ENOENT;
        memcpy(lp->buf, w.path, strlen(w.path) + 1);
        r = resolve_from(lp, ps->proc_fd, mode, PROC_RESOLVE);
        return r == -EXDEV ? -EACCES : r;
    case PLACE_ROOT:
        memcpy(lp->buf, w.path, strlen(w.path) + 1);
        r = resolve_from(lp, ps->root_fd, mode, ROOT_RESOLVE);
        if (r == -ENOENT && mode != LU_PATH_PARENT && dev_fallback(w.norm)) {
            if (flags & LU_PATH_MODIFY)
                return -EROFS;
            lu_path_release(lp);
            lp_init(lp);
            r = set_owned(lp, errno_or(open(w.norm, O_PATH | O_CLOEXEC)));
        }
        return r;
    }
    return -ENOENT;
}

/* ---- open ---- */

/* openat's flag cleaning (openat2 refuses what openat ignores) */
static void clean_open_flags(uint64_t *flags, uint64_t *mode)
{
    *flags &= LU_VALID_OPEN_FLAGS;
    if (*flags & O_PATH)
        *flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    if ((*flags & O_CREAT) || (*flags & O_TMPFILE) == O_TMPFILE)
        *mode &= 07777;
    else
        *mode = 0;
}

static int open_special(LinuxProc *p, LuProcKind kind, int fd, uint64_t flags, uint64_t mode)
{
    const struct LuPaths *ps = p->paths;
    if (kind == LU_PROC_DENIED)
        return -EACCES;
    if (kind == LU_PROC_HIDDEN)
        return -ENOENT;
    if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
        return -EEXIST;
    flags &= ~(uint64_t)(O_CREAT | O_EXCL);
    if (is_link_kind(kind) && (flags & O_NOFOLLOW)) {
        /* the link itself: only O_PATH opens it, as on Linux */
        if (!(flags & O_PATH))
            return -ELOOP;
        LuPath lp;
        lp_init(&lp);
        int r = resolve_self_link(p, kind, fd, LU_PATH_NOFOLLOW, &lp);
        if (r == 0 && lp.owned >= 0) {
            r = lp.owned; /* an O_PATH|O_NOFOLLOW descriptor already */
            lp.owned = -1;
            if (!(flags & O_CLOEXEC))
                fcntl(r, F_SETFD, 0);
        } else if (r == 0) {
            r = errno_or(open(lp.name, (int)flags));
        }
        lu_path_release(&lp);
        return r;
    }
    switch (kind) {
    case LU_PROC_MAPS:
    case LU_PROC_CMDLINE:
    case LU_PROC_AUXV:
        if ((flags & O_ACCMODE) != O_RDONLY && !(flags & O_PATH))
            return -EACCES;
        return lu_proc_open_synth(p, kind, (int)flags);
    case LU_PROC_EXE:
        if (!p->exe_path)
            return -ENOENT;
        return errno_or(open(p->exe_path, (int)flags, (mode_t)mode));
    case LU_PROC_CWD: return errno_or(open(".", (int)flags, (mode_t)mode));
    case LU_PROC_ROOT: return errno_or(openat(ps->root_fd, ".", (int)flags, (mode_t)mode));
    case LU_PROC_FD: {
        if (lu_paths_owns_fd(p, fd) || fcntl(fd, F_GETFD) < 0)
            return -ENOENT;
        /* a new open of the guest's own file, through the host's link */
        char link[40];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        return errno_or(open(link, (int)flags, (mode_t)mode));
    }
    default: return -ENOENT;
    }
}

/* Whatever path led there (a symlink, a dirfd of /proc/self, a bind
 * mount), an open file that is some process's memory (/proc/PID/mem,
 * /proc/PID/task/TID/mem) is ferry's or another ferry's host memory: the
 * guest gets EACCES, root or not. Checked on the descriptor itself. */
static int refuse_process_memory(int fd)
{
    if (fd < 0)
        return fd;
    char link[40], target[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0 || strncmp(target, "/proc/", 6) != 0)
        return fd;
    target[n] = 0;
    const char *leaf = strrchr(target, '/');
    if (leaf && strcmp(leaf, "/mem") == 0) {
        close(fd);
        return -EACCES;
    }
    return fd;
}

static int path_open(LinuxProc *p, int dirfd, const char *guest, uint64_t flags, uint64_t mode, uint64_t resolve);

int lu_path_open(LinuxProc *p, int dirfd, const char *guest, uint64_t flags, uint64_t mode, uint64_t resolve)
{
    return refuse_process_memory(path_open(p, dirfd, guest, flags, mode, resolve));
}

static int path_open(LinuxProc *p, int dirfd, const char *guest, uint64_t flags, uint64_t mode, uint64_t resolve)
{
    const struct LuPaths *ps = p->paths;
    if (!resolve)
        clean_open_flags(&flags, &mode);
    if (guest[0] == 0)
        return -ENOENT;
    if (resolve & (RESOLVE_IN_ROOT | RESOLVE_BENEATH)) {
        /* the guest confines itself to dirfd, which is inside our root */
        if (lu_paths_owns_fd(p, dirfd))
            return -EBADF;
        return open2(dirfd, guest, flags, mode, resolve | (confined(ps) ? RESOLVE_NO_MAGICLINKS : 0));
    }
    Where w;
    int r = locate(p, dirfd, guest, &w, 0);
    if (r < 0)
        return r;
    switch (w.place) {
    case PLACE_HOST:
        if (resolve)
            return open2(w.dirfd, w.path, flags, mode, resolve);
        return errno_or(openat(w.dirfd, w.path, (int)flags, (mode_t)mode));
    case PLACE_SPECIAL: return open_special(p, w.kind, w.fd, flags, mode);
    case PLACE_PROC:
        if (ps->proc_fd < 0)
            return -ENOENT;
        if (((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC))) && !(flags & O_PATH) &&
            !lu_proc_write_allowed(w.norm))
            return -EACCES;
        r = open2(ps->proc_fd, w.path, flags, mode, PROC_RESOLVE | resolve);
        return r == -EXDEV ? -EACCES : r;
    case PLACE_ROOT:
        r = open2(ps->root_fd, w.path, flags, mode, ROOT_RESOLVE | resolve);
        if (r == -ENOENT && dev_fallback(w.norm))
            r = errno_or(open(w.norm, (int)(flags & ~(uint64_t)(O_CREAT | O_EXCL))));
        return r;
    }
    return -ENOENT;
}

/* ---- executables and the working directory ---- */

int lu_path_host(LinuxProc *p, const char *guest_path, char *host, size_t hostlen)
{
    LuPath lp;
    int r = lu_path_resolve(p, AT_FDCWD, guest_path, LU_PATH_FOLLOW, 0, &lp);
    if (r == 0) {
        if (lp.special == LU_PROC_EXE && p->exe_path)
            r = copy_path(host, hostlen, p->exe_path);
        else if (lp.special == LU_PROC_MAPS || lp.special == LU_PROC_CMDLINE || lp.special == LU_PROC_AUXV)
            r = -EACCES;
        else if (lp.name[0])
            r = copy_path(host, hostlen, lp.name);
        else
            r = readlink_fd(lp.dirfd, host, hostlen) < 0 ? -ENOENT : 0;
    }
    lu_path_release(&lp);
    return r;
}

int lu_path_fchdir(LinuxProc *p, int fd)
{
    if (fd < 0 || lu_paths_owns_fd(p, fd))
        return -EBADF;
    if (confined(p->paths)) {
        char g[LU_PATH_BUF];
        int r = guest_dir(p, fd, g, sizeof g);
        if (r < 0)
            return r;
    }
    return fchdir(fd) != 0 ? -errno : 0;
}

int lu_path_chdir(LinuxProc *p, const char *guest)
{
    LuPath lp;
    int r = lu_path_resolve(p, AT_FDCWD, guest, LU_PATH_FOLLOW, 0, &lp);
    if (r == 0) {
        if (lp.name[0])
            r = chdir(lp.name) != 0 ? -errno : 0; /* without --root: a host path */
        else if (confined(p->paths))
            r = lu_path_fchdir(p, lp.dirfd);
        else
            r = fchdir(lp.dirfd) != 0 ? -errno : 0;
    }
    lu_path_release(&lp);
    return r;
}
