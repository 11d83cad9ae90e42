/*
 * The bare-metal test machine: RAM at 0x80000000, one hart starting in M-mode
 * at the ELF's entry point, HTIF through the ELF's tohost/fromhost symbols
 * (the machine Spike-style test suites expect).
 */
#ifndef FERRY_BOARD_BARE_H
#define FERRY_BOARD_BARE_H

#include <stdbool.h>
#include <stdint.h>

#define BARE_RAM_BASE 0x80000000ull
#define BARE_RAM_DEFAULT_MIB 256

typedef struct BareOptions {
    const char *path;
    uint64_t ram_mib;        /* 0: BARE_RAM_DEFAULT_MIB */
    bool trace;
    bool stats;
    uint64_t max_insns;      /* stop with an error after this many (0: no limit) */
    /* translate a block to host code after it ran jit_threshold times (0:
     * interpret only), with jit_cache_mib MiB of code memory (0: 64) */
    uint32_t jit_threshold;
    uint32_t jit_cache_mib;
    bool jit_dump;
} BareOptions;

/* True when the ELF at path defines a `tohost` symbol (a program for this
 * machine rather than for Linux). */
bool bare_elf_wants_htif(const char *path);

/* Run the program. Returns the HTIF exit code (0 = pass), or prints one line
 * and returns 1 (could not load), 124 (instruction limit reached). */
int bare_run(const BareOptions *opt);

#endif
