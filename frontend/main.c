/*
 * ferry's command line.
 *
 *   ferry run [options] PROGRAM [ARGS...]   run a RISC-V Linux executable
 *   ferry --help | --version
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../linux-user/linux_user.h"

#define FERRY_VERSION "0.1.0"

extern char **environ;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: ferry run [options] PROGRAM [ARGS...]\n"
            "\n"
            "Run a statically linked RISC-V (RV64GC or RV32GC) Linux executable on this machine.\n"
            "ferry exits with the program's exit status (128+N when signal N killed it).\n"
            "\n"
            "options for run:\n"
            "  --strace        log every system call with its arguments and result to stderr\n"
            "  --trace         log every executed instruction and the registers it changed\n"
            "  --stats         print execution statistics at exit\n"
            "  --              end of options\n"
            "\n"
            "other commands:\n"
            "  ferry --help    this text\n"
            "  ferry --version\n");
}

static int cmd_run(int argc, char **argv)
{
    LuOptions opt = { .envp = environ };
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
        else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
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
