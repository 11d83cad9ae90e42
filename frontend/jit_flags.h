/*
 * The engine switches every command shares (ferry run, the bare machine,
 * ferry boot): --interp, --jit-threshold N, --jit-cache MIB, --dump-jit,
 * --jit-verify (user mode only: the caller refuses it elsewhere).
 */
#ifndef FERRY_FRONTEND_JIT_FLAGS_H
#define FERRY_FRONTEND_JIT_FLAGS_H

#include <stdbool.h>
#include <stdint.h>

#define JIT_THRESHOLD_DEFAULT 32u
#define JIT_CACHE_MIB_DEFAULT 64u

typedef struct JitFlags {
    uint32_t threshold;     /* translate after this many runs; 0: interpret only */
    uint32_t cache_mib;     /* code memory per block cache */
    bool dump;              /* print every translation */
    bool verify;            /* compare every translated block run with the interpreter */
} JitFlags;

#define JIT_FLAGS_DEFAULT { JIT_THRESHOLD_DEFAULT, JIT_CACHE_MIB_DEFAULT, false, false }

/* argv[i] as one of the switches: returns how many arguments it took (1 or
 * 2), 0 when it is not one of them, -1 after printing a one-line error. */
int jit_flag_parse(int argc, char **argv, int i, JitFlags *f);

/* The lines --help prints for them. */
extern const char jit_flags_help[];

#endif
