/*
 * The state behind path.h, shared by path.c and proc_self.c only. Written by
 * lu_paths_init and lu_proc_set_initial_stack before guest threads exist,
 * read-only afterwards.
 */
#ifndef FERRY_PATH_STATE_H
#define FERRY_PATH_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "path.h"

#define LU_AUXV_MAX 512

struct LuPaths {
    int root_fd;             /* --root directory (O_PATH), -1 without --root */
    char root[4096];         /* its canonical host path, "" without --root */
    size_t root_len;
    int proc_fd;             /* host /proc (O_PATH) under --root, else -1 */
    /* where absolute paths are looked up first, "" for nowhere: a host path
     * without --root, a guest path inside the root with it */
    char sysroot[4096];
    /* the guest's initial stack (lu_proc_set_initial_stack): its argument
     * strings [arg_start, arg_end) and a copy of its auxiliary vector */
    uint64_t arg_start, arg_end;
    uint8_t auxv[LU_AUXV_MAX];
    size_t auxv_len;
};

/* p's state, created with no root and no sysroot when lu_paths_init was not
 * called (NULL only when out of memory). */
struct LuPaths *lu_paths_state(LinuxProc *p);

#endif
