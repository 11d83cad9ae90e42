/*
 * The /proc files ferry answers itself, because the host's would describe
 * ferry rather than the guest:
 *   /proc/self/exe      the guest executable (readlink: its guest path)
 *   /proc/self/maps     the guest's mappings, from the guest space's VMA list,
 *                       in Linux's format ("start-end perms offset dev inode
 *                       path", [heap], [stack])
 *   /proc/self/cmdline  the guest's argument strings, read from its memory
 *   /proc/self/auxv     the auxiliary vector the guest started with
 * and, under --root, the links that would show host paths:
 *   /proc/self/cwd, /proc/self/root, /proc/self/fd/N (read as guest paths),
 * while what would let a confined guest out or show it the host is refused:
 * /proc/self/mem (ferry's own memory), other processes' links, memory and
 * environment, mounts, /proc/kcore and the kernel's other memory views.
 * Other processes' remaining entries (stat, status, cmdline, maps) are the
 * host's: a process of the same root shows ferry's command line there.
 * "self" may also be spelled thread-self, the process id, the calling
 * thread's id, or self/task/TID. Opening a synthesized file gives a real
 * descriptor (a memfd, or an unlinked temporary file), read-only, holding
 * the text at the time of the open.
 */
#ifndef FERRY_PROC_SELF_H
#define FERRY_PROC_SELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "process.h"

typedef enum LuProcKind {
    LU_PROC_NONE = 0,  /* not a file ferry answers */
    LU_PROC_EXE,
    LU_PROC_MAPS,
    LU_PROC_CMDLINE,
    LU_PROC_AUXV,
    LU_PROC_CWD,       /* --root only, like the three below */
    LU_PROC_ROOT,
    LU_PROC_FD,        /* /proc/self/fd/N */
    LU_PROC_DENIED,    /* a link to another process's files: EACCES */
    LU_PROC_HIDDEN,    /* would show the host's layout (mounts): ENOENT */
} LuProcKind;

/* Which file the normalized absolute guest path `path` is (no "." or ".."
 * components, no doubled slashes). confined: under --root. For LU_PROC_FD
 * *fd is the descriptor; for LU_PROC_FD, LU_PROC_CWD and LU_PROC_ROOT *rest
 * is what follows the link in the path ("" when nothing). */
LuProcKind lu_proc_classify(const char *path, bool confined, int *fd, const char **rest);

/* Whether this open of `path` under /proc (normalized) may write: under
 * --root only the process's own entries are writable. */
bool lu_proc_write_allowed(const char *path);

/* A read-only descriptor holding the text of a synthesized file (MAPS,
 * CMDLINE, AUXV); open flags O_CLOEXEC and O_NONBLOCK are honoured.
 * Returns the descriptor or -errno. */
int lu_proc_open_synth(LinuxProc *p, LuProcKind kind, int flags);

/* The text of /proc/self/maps, malloc'ed (caller frees), or NULL when out
 * of memory; *len is its length. */
char *lu_proc_maps_text(LinuxProc *p, size_t *len);

/* The guest path of the executable, for readlink("/proc/self/exe").
 * Returns its length or -errno. */
int lu_proc_exe_path(LinuxProc *p, char *buf, size_t len);

/* readlink on a link kind (EXE, CWD, ROOT, FD): the guest's view. Returns
 * the length (no NUL) or -errno. */
int lu_proc_readlink(LinuxProc *p, LuProcKind kind, int fd, char *buf, size_t len);

/* Tell /proc/self/cmdline and /proc/self/auxv where the guest's initial
 * stack is: sp points at argc, as the ELF entry point receives it (words of
 * p->xlen bits, which must be set). Call once, after the stack is built and
 * before the guest runs. Without it, cmdline holds the executable's path and
 * auxv is empty. */
void lu_proc_set_initial_stack(LinuxProc *p, uint64_t sp);

#endif
