/*
 * Pieces shared by the interpreter instances (interp_rv32.c, interp_rv64.c) and
 * the RISC-V engine glue (run.c, csr.c, trace.c). Not part of the public API.
 */
#ifndef FERRY_RV_INTERNAL_H
#define FERRY_RV_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "../tcache.h"
#include "fpu.h"
#include "rv.h"

#define RV_SIGN64 0x8000000000000000ull

/* Maximum instructions per block: long enough to amortise the block lookup,
 * short enough that the stop/interrupt check at block ends comes often. */
#define RV_BLOCK_MAX_INSNS 64

static inline uint64_t rv_box32(uint32_t v) { return 0xffffffff00000000ull | v; }
static inline uint32_t rv_unbox32(uint64_t v)
{
    return (v >> 32) == 0xffffffffu ? (uint32_t)v : RV_F32_CANON_NAN;
}

static inline uint32_t rv_divw(uint32_t a, uint32_t b)
{
    if (b == 0)
        return UINT32_MAX;
    if ((int32_t)b == -1)
        return 0u - a;
    return (uint32_t)((int32_t)a / (int32_t)b);
}
static inline uint32_t rv_remw(uint32_t a, uint32_t b)
{
    if (b == 0)
        return a;
    if ((int32_t)b == -1)
        return 0;
    return (uint32_t)((int32_t)a % (int32_t)b);
}

/* Does a store to [a, a+n) touch a page with cached translations? */
static inline bool rv_store_hits_code(const RvCpu *cpu, uint64_t a, unsigned n)
{
    const uint8_t *bm = cpu->tc->code_pages;
    return tcache_page_has_code(bm, a) || tcache_page_has_code(bm, a + n - 1);
}

static inline uint32_t rv_block_mode(const RvCpu *cpu)
{
    return cpu->xlen | (cpu->trace ? 0x100u : 0);
}

/* Slow path of rv_block_for: cache lookup, decoding, and updating the chain. */
Block *rv_block_lookup(RvCpu *cpu, uint64_t pc, Block *prev, int prev_slot);

/* The block starting at pc: through prev's chain slot when it is still valid
 * (the common case, inlined into the interpreter), else from the cache, else
 * decoded now. NULL when pc cannot be fetched. */
static inline Block *rv_block_for(RvCpu *cpu, uint64_t pc, Block *prev, int prev_slot)
{
    if (prev && prev->succ_epoch == cpu->tc->epoch) {
        Block *s = prev->succ[prev_slot];
        if (s && s->pc == pc && s->mode == rv_block_mode(cpu))
            return s;
    }
    return rv_block_lookup(cpu, pc, prev, prev_slot);
}

/* Execute a Zicsr instruction; false means illegal. */
bool rv_exec_csr(RvCpu *cpu, const RvInsn *ip);

/* Fault recovery around a run (see run.c). */
void rv_fault_prepare(RvCpu *cpu);
RvExit rv_fault_exit(RvCpu *cpu);
void rv_disarm_fault_recovery(RvCpu *cpu);

/* --trace support: blocks are one instruction long in trace mode, and each
 * executed instruction is printed with the registers it changed. */
typedef struct RvTraceState {
    bool pending;
    uint64_t pc;
    RvInsn insn;
    uint64_t x[32], f[32];
    uint32_t fflags;
} RvTraceState;
void rv_trace_begin(RvCpu *cpu, RvTraceState *t);
void rv_trace_snapshot(RvCpu *cpu, RvTraceState *t, const Block *b);
void rv_trace_step(RvCpu *cpu, RvTraceState *t, const Block *b);

RvExit rv32_run(RvCpu *cpu);
RvExit rv64_run(RvCpu *cpu);

#endif
