/* The engine switches shared by every command (jit_flags.h). */
#include "jit_flags.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char jit_flags_help[] =
    "  --interp          interpret only: translate nothing to host code\n"
    "  --jit-threshold N translate a block to host code after it ran N times (default 32;\n"
    "                    1 translates everything)\n"
    "  --jit-cache MIB   host code memory per block cache, flushed when full (default 64)\n"
    "  --dump-jit        print each translated block: guest code, IR, host code\n"
    "  --jit-verify      (ferry run) run every translated block in the interpreter too and stop\n"
    "                    with a report when the results differ (slow; single-threaded guests)\n";

int jit_flag_parse(int argc, char **argv, int i, JitFlags *f)
{
    const char *a = argv[i];
    if (strcmp(a, "--interp") == 0) {
        f->threshold = 0;
        return 1;
    }
    if (strcmp(a, "--dump-jit") == 0) {
        f->dump = true;
        return 1;
    }
    if (strcmp(a, "--jit-verify") == 0) {
        f->verify = true;
        return 1;
    }
    bool cache = strcmp(a, "--jit-cache") == 0;
    if (!cache && strcmp(a, "--jit-threshold") != 0)
        return 0;
    unsigned long long max = cache ? 4096 : UINT32_MAX;
    const char *s = i + 1 < argc ? argv[i + 1] : "";
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || errno || s[0] == '-' || v == 0 || v > max) {
        fprintf(stderr, "ferry: %s needs a whole number from 1 to %s\n", a, cache ? "4096 (MiB)" : "4294967295");
        return -1;
    }
    if (cache)
        f->cache_mib = (uint32_t)v;
    else
        f->threshold = (uint32_t)v;
    return 2;
}
