/*
 * ferry's command line.
 *
 *   ferry run [options] PROGRAM [ARGS...]   run a RISC-V Linux executable
 *   ferry boot [options] [DISK.img...]      launch the virt machine (boot.c)
 *   ferry --help | --version
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../devices/boards/bare.h"
#include "../linux-user/linux_user.h"
#include "boot.h"
#include "jit_flags.h"

#define FERRY_VERSION "0.1.0"

extern char **environ;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: ferry run [options] PROGRAM [ARGS...]\n"
            "\n"
            "Run a RISC-V (RV64GC or RV32GC) Linux executable, static or dynamically linked, on this machine.\n"
            "ferry exits with the program's exit status (128+N when signal N killed it).\n"
            "\n"
            "A bare-metal RISC-V ELF that defines a 'tohost' symbol runs on the bare test machine\n"
            "instead (RAM at 0x80000000, M-mode at the entry point, HTIF for output and exit).\n"
            "\n"
            "options for run:\n"
            "  --machine bare  run on the bare-metal test machine (automatic when the ELF has tohost)\n"
            "  --machine linux run as a Linux user program (the default otherwise)\n"
            "  --max-insns N   bare machine: stop with status 124 after N instructions\n"
            "  --sysroot DIR   look up absolute paths (the dynamic loader, libraries) in DIR first\n"
            "                  (default: /usr/riscv64-linux-gnu when it exists)\n"
            "  --root DIR      confine the program to DIR, which it sees as /; PROGRAM is then a\n"
            "                  path inside DIR\n"
            "  --argv0 NAME    the program's argv[0] (default: PROGRAM)\n"
            "  --strace        log every system call with its arguments and result to stderr\n"
            "  --trace         log every executed instruction and the registers it changed\n"
            "  --stats         print execution statistics at exit\n"
            "%s"
            "  --              end of options\n"
            "\n"
            "other commands:\n"
            "  ferry boot [options] [DISK.img...]  boot the RISC-V virt machine (see ferry boot --help)\n"
            "  ferry --help    this text\n"
            "  ferry --version\n",
            jit_flags_help);
}

/* Parse a whole decimal number; false on anything else. */
static bool parse_u64(const char *s, uint64_t *out)
{
    if (!*s)
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno || s[0] == '-')
        return false;
    *out = v;
    return true;
}

static int cmd_run(int argc, char **argv)
{
    LuOptions opt = { .envp = environ };
    BareOptions bare = { 0 };
    JitFlags jit = JIT_FLAGS_DEFAULT;
    int took;
    enum { MACHINE_AUTO, MACHINE_LINUX, MACHINE_BARE } machine = MACHINE_AUTO;
    int i = 0;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || a[1] == 0)
            break;
        if (strcmp(a, "--strace") == 0)
            opt.strace = true;
        else if (strcmp(a, "--trace") == 0)
            opt.trace = true;
        else if (strcmp(a, "--stats") == 0)
            opt.stats = true;
        else if ((took = jit_flag_parse(argc, argv, i, &jit)) != 0) {
            if (took < 0)
                return 2;
            i += took - 1;
        }
        else if (strcmp(a, "--machine") == 0) {
            const char *m = i + 1 < argc ? argv[++i] : "";
            if (strcmp(m, "bare") == 0)
                machine = MACHINE_BARE;
            else if (strcmp(m, "linux") == 0)
                machine = MACHINE_LINUX;
            else {
                fprintf(stderr, "ferry: unknown machine '%s' (choose bare or linux)\n", m);
                return 2;
            }
        } else if (strcmp(a, "--sysroot") == 0 || strcmp(a, "--root") == 0 || strcmp(a, "--argv0") == 0) {
            if (i + 1 >= argc || !argv[i + 1][0]) {
                fprintf(stderr, "ferry: %s needs a value\n", a);
                return 2;
            }
            const char *v = argv[++i];
            if (strcmp(a, "--sysroot") == 0)
                opt.sysroot = v;
            else if (strcmp(a, "--root") == 0)
                opt.root = v;
            else
                opt.argv0 = v;
        } else if (strcmp(a, "--max-insns") == 0) {
            if (i + 1 >= argc || !parse_u64(argv[i + 1], &bare.max_insns)) {
                fprintf(stderr, "ferry: --max-insns needs a whole number\n");
                return 2;
            }
            i++;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "ferry: unknown option '%s' (see ferry --help)\n", a);
            return 2;
        }
    }
    if (i >= argc) {
        fprintf(stderr, "ferry: run: no program given (usage: ferry run [options] PROGRAM [ARGS...])\n");
        return 2;
    }
    if (machine == MACHINE_BARE || (machine == MACHINE_AUTO && bare_elf_wants_htif(argv[i]))) {
        if (opt.strace) {
            fprintf(stderr, "ferry: --strace needs a Linux program; the bare machine has no system calls\n");
            return 2;
        }
        if (jit.verify) {
            fprintf(stderr, "ferry: --jit-verify works for Linux programs only (user mode)\n");
            return 2;
        }
        bare.path = argv[i];
        bare.trace = opt.trace;
        bare.stats = opt.stats;
        bare.jit_threshold = jit.threshold;
        bare.jit_cache_mib = jit.cache_mib;
        bare.jit_dump = jit.dump;
        return bare_run(&bare);
    }
    opt.jit_threshold = jit.threshold;
    opt.jit_cache_mib = jit.cache_mib;
    opt.jit_dump = jit.dump;
    opt.jit_verify = jit.verify;
    opt.path = argv[i];
    opt.argc = argc - i;
    opt.argv = argv + i;
    return lu_run(&opt);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "ferry: no command given (usage: ferry run PROGRAM [ARGS...]; see ferry --help)\n");
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 2, argv + 2);
    if (strcmp(cmd, "boot") == 0)
        return cmd_boot(argc - 2, argv + 2);
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("ferry %s\n", FERRY_VERSION);
        return 0;
    }
    if (cmd[0] == '-')
        fprintf(stderr, "ferry: unknown option '%s' (see ferry --help)\n", cmd);
    else
        fprintf(stderr, "ferry: unknown command '%s' (see ferry --help)\n", cmd);
    return 2;
}
