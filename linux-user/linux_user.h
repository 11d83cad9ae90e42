/* User mode entry point: run one guest Linux executable. */
#ifndef FERRY_LINUX_USER_H
#define FERRY_LINUX_USER_H

#include <stdbool.h>

typedef struct LuOptions {
    const char *path;        /* guest executable on the host */
    int argc;                /* guest argv (argv[0] included) */
    char **argv;
    const char *argv0;       /* guest argv[0] when it differs from path (execve) */
    char **envp;             /* guest environment */
    bool strace;             /* log system calls to stderr */
    bool trace;              /* log every instruction to stderr */
    bool stats;              /* print engine statistics at exit */
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
