/*
 * Guest paths to host paths: the sysroot (where absolute paths are looked up
 * first, like qemu-user's -L) and --root confinement (every guest path stays
 * inside one host directory, which the guest sees as "/", whatever the path
 * says: absolute paths, "..", and symlinks, including ones the guest made).
 * Also the files the emulator answers itself: /proc/self/exe and
 * /proc/self/maps describe the guest, not ferry (proc_self.h).
 *
 * Every system call that takes a guest path passes it through
 * lu_path_resolve() and then makes one host *at call with the (dirfd, name)
 * pair it gets back.
 *
 * Without --root the guest sees the host's file system, as under qemu-user:
 * an absolute path is the sysroot's copy when that exists, else the host
 * path itself, and relative paths and guest directory descriptors pass
 * through unchanged.
 *
 * With --root DIR, the kernel does the confinement: openat2(2) with
 * RESOLVE_IN_ROOT on a descriptor of DIR resolves "/", ".." and every
 * symlink (absolute ones too) as if DIR were the root, and
 * RESOLVE_NO_MAGICLINKS refuses /proc's magic links on the way. A relative
 * guest path is first made absolute from the guest's view of its starting
 * directory (the working directory, or the directory behind the guest's
 * dirfd, found through /proc/self/fd/N with DIR's prefix removed), so ".."
 * climbs to the real parent and stops at the root. The result is a host
 * descriptor held by the LuPath: the target itself (O_PATH) for calls that
 * work on a file, or its parent directory plus the last name for calls that
 * create, remove or rename names (which never follow that last name).
 *
 * Under --root, two host trees are shown to the guest whatever DIR holds:
 *  - /proc is the host's /proc, walked with RESOLVE_BENEATH and no magic
 *    links, with the process's own entries answered by ferry (proc_self.h):
 *    /proc/self/{exe,maps,cmdline,auxv} describe the guest,
 *    /proc/self/{cwd,root} and /proc/self/fd/N read as guest paths, and
 *    what would reveal the host's layout (other processes' exe, cwd, root
 *    and fd links, memory, environment, mounts, mountinfo, and the
 *    process's own /proc/self/mem, which is ferry's) is refused.
 *  - /dev/null, /dev/zero, /dev/full, /dev/random, /dev/urandom and /dev/tty
 *    are the host's devices when DIR has no such file (DIR's own win), and
 *    /dev/fd/N, /dev/stdin, /dev/stdout, /dev/stderr mean /proc/self/fd/N.
 * Everything else outside DIR is unreachable.
 *
 * Known limits under --root: /proc and /dev names are recognized lexically
 * ("/a/../proc/x" is /proc/x), so a symlink inside the root that points into
 * /proc (a root's /etc/mtab -> ../proc/self/mounts) leads to the root's own
 * /proc directory, as the kernel resolves it, not to ferry's; a relative
 * path is joined to its starting directory before resolution, so the two
 * together must fit in PATH_MAX; /dev/ptmx and /dev/pts are not borrowed
 * (a root that wants terminals bind-mounts them); lu_path_host hands the
 * ELF loader a host path string, which the loader opens again: a guest that
 * swaps a directory of that path for a symlink in the moment between the
 * two could make ferry load a host file from outside the root as its new
 * program (a RISC-V executable, or nothing loads).
 *
 * Thread safety: the state is written once by lu_paths_init (and
 * lu_proc_set_initial_stack) before guest threads exist, and only read
 * afterwards; each LuPath lives on its caller's stack.
 */
#ifndef FERRY_PATH_H
#define FERRY_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/types.h>

#include "process.h"

/* Set up path translation for p: root and sysroot may each be NULL (no
 * sysroot given: Debian's /usr/riscv64-linux-gnu when it exists and no root
 * is given). With a root, the host's current directory becomes the root
 * unless it already lies inside it (so that a guest execve, which starts
 * ferry again, keeps the guest's working directory), and the sysroot, when
 * given, is a guest path inside the root. Returns 0, or -1 with a one-line
 * reason in err (a root that is not a directory, a kernel without
 * openat2, ...). */
int lu_paths_init(LinuxProc *p, const char *root, const char *sysroot, char *err, size_t errlen);
void lu_paths_release(LinuxProc *p);

/* The host path of a guest executable path, for the ELF loader and execve:
 * under --root, resolved inside the root; otherwise the sysroot copy when
 * it exists, else the path itself. Returns 0 or -errno. */
int lu_path_host(LinuxProc *p, const char *guest_path, char *host, size_t hostlen);

/* ---- for the system call handlers ---- */

/* What lu_path_resolve hands back. */
typedef enum LuPathMode {
    LU_PATH_FOLLOW,   /* the file the path names, a final symlink followed */
    LU_PATH_NOFOLLOW, /* the same, but a final symlink is itself the file */
    LU_PATH_PARENT,   /* the directory holding the last name, and that name
                         (never followed): for mkdir, unlink, rename, ... */
} LuPathMode;

enum {
    LU_PATH_EMPTY_OK = 1, /* the guest passed AT_EMPTY_PATH: "" is dirfd itself */
    /* the call changes the file's attributes (chmod, chown, utimes,
     * truncate, xattrs): the host /dev files a confined guest borrows are
     * refused with EROFS */
    LU_PATH_MODIFY = 2,
};

/* Room for a guest path (LU_PATH_MAX) plus a prefix. */
#define LU_PATH_BUF (4096 + 512)

/*
 * A resolved guest path, ready for one host *at call with (dirfd, name).
 * name "" means dirfd itself: add AT_EMPTY_PATH to the call's flags, or use
 * lu_path_magic() for calls that have no such flag.
 */
typedef struct LuPath {
    int dirfd;
    const char *name;
    int owned;        /* host descriptor to close in lu_path_release, or -1 */
    int special;      /* LuProcKind (proc_self.h): a file ferry answers itself */
    int special_fd;   /* LU_PROC_FD: the guest descriptor number */
    /* LU_PATH_PARENT: the last component was "." or ".." or the path was
     * "/" (then dirfd is that directory and name is "."; calls that create
     * or remove a name must fail as Linux does) */
    bool dot, dotdot;
    char buf[LU_PATH_BUF];
    char magic[32];
} LuPath;

/* Resolve the guest path `guest` relative to the guest descriptor dirfd
 * (AT_FDCWD: the working directory). flags: LU_PATH_EMPTY_OK. Returns 0 or
 * -errno (ENOENT, ELOOP, ENOTDIR, EACCES for what the root hides, ...). Call
 * lu_path_release afterwards, also after a failure. */
int lu_path_resolve(LinuxProc *p, int dirfd, const char *guest, LuPathMode mode, unsigned flags, LuPath *out);
void lu_path_release(LuPath *lp);

/* the open flags openat(2) knows (it ignores others; openat2 refuses them) */
#define LU_VALID_OPEN_FLAGS                                                                                         \
    (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC | O_ASYNC | O_DIRECT |    \
     O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_PATH | O_TMPFILE | O_SYNC)

/* open(2) for the guest: openat (resolve 0; flags the kernel would ignore
 * are dropped) or openat2 (the guest's RESOLVE_* flags, which under --root
 * are added to ferry's own). Returns a host descriptor or -errno. */
int lu_path_open(LinuxProc *p, int dirfd, const char *guest, uint64_t flags, uint64_t mode, uint64_t resolve);

/* For host calls without AT_EMPTY_PATH (truncate, chmod, utimensat,
 * inotify_add_watch, linkat's AT_SYMLINK_FOLLOW): turn (fd, "") into
 * (AT_FDCWD, "/proc/self/fd/N"), which the kernel follows to the same file. */
void lu_path_magic(LuPath *lp);

/* True when --root is in effect. */
bool lu_paths_confined(const LinuxProc *p);

/* The guest's view of a host absolute path: under --root, the path with the
 * root's prefix removed ("/" for the root itself), /proc and the /dev
 * fallbacks as they are; -ENOENT for a path the guest cannot reach. Without
 * --root, the path itself. Returns the guest path's length or -errno. */
int lu_path_to_guest(const LinuxProc *p, const char *host, char *guest, size_t len);

/* The guest's working directory as getcwd(2) returns it. Returns the
 * length or -errno. */
int lu_path_getcwd(LinuxProc *p, char *buf, size_t len);

/* chdir and fchdir: under --root the target must be inside the root. */
int lu_path_chdir(LinuxProc *p, const char *guest);
int lu_path_fchdir(LinuxProc *p, int fd);

/* Descriptors ferry keeps open for path translation (the root, /proc): the
 * guest must not close, duplicate onto, or change them. */
bool lu_paths_owns_fd(const LinuxProc *p, int fd);
/* Those descriptors in ascending order (at most max): how many. */
int lu_paths_own_fds(const LinuxProc *p, int *fds, int max);

#endif
