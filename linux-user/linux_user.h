/* User mode entry point: run one guest Linux executable. */
#ifndef FERRY_LINUX_USER_H
#define FERRY_LINUX_USER_H

#include <stdbool.h>
#include <stdint.h>

/* what ferry run uses unless told otherwise */
#define LU_JIT_THRESHOLD_DEFAULT 32
#define LU_JIT_CACHE_MIB_DEFAULT 64

typedef struct LuOptions {
    const char *path;        /* guest executable on the host */
    int argc;                /* guest argv (argv[0] included) */
    char **argv;
    const char *argv0;       /* guest argv[0] when it differs from path (execve) */
    char **envp;             /* guest environment */
    bool strace;             /* log system calls to stderr */
    bool trace;              /* log every instruction to stderr */
    bool stats;              /* print engine statistics at exit */
    /* JIT: translate a block after it ran this many times (0: interpret
     * everything, --interp); code memory per thread in MiB; print every
     * translation (--dump-jit) */
    uint32_t jit_threshold;
    uint32_t jit_cache_mib;
    bool jit_dump;
    bool jit_verify;        /* --jit-verify: compare each translated block with the interpreter */
    /* --sysroot: where absolute guest paths are looked up first (the
     * dynamic loader, its libraries); NULL = Debian's
     * /usr/riscv64-linux-gnu when it exists. */
    const char *sysroot;
    /* --root: every guest path is confined to this host directory, which
     * the guest sees as "/"; path is then a guest path inside it. */
    const char *root;
} LuOptions;

/* Runs the program to completion. Returns what ferry should exit with: the
 * guest's exit status, 128+signal when the guest was killed, or 1 after
 * printing a one-line error when the program could not be started. */
int lu_run(const LuOptions *opt);

#endif
