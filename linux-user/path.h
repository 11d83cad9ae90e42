/*
 * Guest paths to host paths: the sysroot (where absolute paths are looked up
 * first, like qemu-user's -L) and --root confinement (every guest path stays
 * inside one host directory, which the guest sees as "/", whatever the path
 * says: absolute paths, "..", and symlinks, including ones the guest made).
 * Also the files the emulator answers itself: /proc/self/exe and
 * /proc/self/maps describe the guest, not ferry.
 */
#ifndef FERRY_PATH_H
#define FERRY_PATH_H

#include <stddef.h>
#include <sys/types.h>

#include "process.h"

/* Set up path translation for p: root and sysroot may each be NULL (no
 * sysroot given: Debian's /usr/riscv64-linux-gnu when it exists). With a
 * root, the host's current directory becomes the root. Returns 0, or -1 with
 * a one-line reason in err (a root that is not a directory, ...). */
int lu_paths_init(LinuxProc *p, const char *root, const char *sysroot, char *err, size_t errlen);
void lu_paths_release(LinuxProc *p);

/* The host path of a guest executable path, for the ELF loader and execve:
 * under --root, resolved inside the root; otherwise the sysroot copy when
 * it exists, else the path itself. Returns 0 or -errno. */
int lu_path_host(LinuxProc *p, const char *guest_path, char *host, size_t hostlen);

#endif
