/*
 * Pieces shared by the interpreter instances (interp_rv32.c, interp_rv64.c) and
 * the RISC-V engine glue (run.c, csr.c, trace.c). Not part of the public API.
 */
#ifndef FERRY_RV_INTERNAL_H
#define FERRY_RV_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "../tcache.h"
#include "../x64/codegen.h"
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

/* What a decoded block depends on besides its pc: XLEN, trace mode, and in
 * system mode the privilege level (translation, which instructions are
 * legal) and whether the FP unit is off (FP instructions then decode as
 * illegal). */
static inline uint32_t rv_block_mode(const RvCpu *cpu)
{
    uint32_t m = cpu->xlen | (cpu->trace ? 0x100u : 0);
    if (cpu->system)
        m |= 0x200u | (cpu->csr.priv << 10) | ((cpu->csr.mstatus & RV_MSTATUS_FS) ? 0 : 0x1000u);
    return m;
}

/* Which of the JIT's indirect-jump tables blocks of this mode use: one per
 * privilege level and FS state in system mode (a jump must never find a
 * block decoded for another mode), 0 in user mode. Reads the bits
 * rv_block_mode puts at 10..12. */
#define RV_JIT_LOOKUP_TABLES 8u
static inline unsigned rv_jit_lookup_table(uint32_t mode)
{
    return (mode >> 10) & 7u;
}

/* Brackets around the engine's allocations (see rv_fork_begin). */
void rv_engine_alloc_begin(void);
void rv_engine_alloc_end(void);

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

/* JIT (jit.c), user and system mode. Translate b (marks it tried; false: it stays
 * interpreted); set up what the run loop keeps for translated code; run
 * b's code (and whatever it chains to), leaving the CPU as the interpreter
 * would (RV_EXIT_NONE: go on at cpu->pc; *prev and *slot: the block that
 * left and the successor's slot); after a host fault in translated code
 * (cpu->jit_block set), set pc to the guest instruction that faulted and
 * take back what did not retire. In system mode a trap in translated code
 * is raised to the guest's handler (rv_raise) and *prev cleared. Only
 * rv_jit_* touch RvJitLoop. */
typedef struct RvJitLoop {
    struct X64Frame frame;
    Block *from;            /* left through a chainable exit: link it */
    uint32_t slot;
    /* blocks jump straight to each other (off when cpu->poll must run at
     * every block boundary) */
    bool chain;
} RvJitLoop;
bool rv_jit_translate(RvCpu *cpu, Block *b);
bool rv_jit_loop_init(RvCpu *cpu, RvJitLoop *jl);   /* false: no memory, interpret */
RvExit rv_jit_run(RvCpu *cpu, Block *b, RvJitLoop *jl, Block **prev, int *slot);
void rv_jit_host_fault(RvCpu *cpu);

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
/* The same from inside a run (user mode; see interp_template.h). */
RvExit rv32_run_nested(RvCpu *cpu);
RvExit rv64_run_nested(RvCpu *cpu);

/* The JIT's verify mode: the interpreter notes every store's address and
 * the bytes it overwrites while cpu->store_log is set (user mode). */
#define RV_STORE_LOG_MAX (2 * RV_BLOCK_MAX_INSNS)
typedef struct RvStoreLog {
    unsigned n;
    bool overflow;
    struct {
        uint64_t addr;
        unsigned size;
        uint8_t before[8], after[8];
    } e[RV_STORE_LOG_MAX];
} RvStoreLog;
void rv_store_log_note(RvCpu *cpu, uint64_t addr, unsigned size);
RvExit rv32_sys_run(RvCpu *cpu);
RvExit rv64_sys_run(RvCpu *cpu);
/* Label tables of the four interpreter instances, indexed by RvOp. */
const void *const *rv32_dispatch(void);
const void *const *rv64_dispatch(void);
const void *const *rv32_sys_dispatch(void);
const void *const *rv64_sys_dispatch(void);

/* ---- system mode (trap.c, mmu.c) ---- */

typedef enum RvAccess { RV_ACC_FETCH, RV_ACC_LOAD, RV_ACC_STORE } RvAccess;

/* Translate a virtual address for an access at the current privilege;
 * returns RV_EXIT_NONE or the fault (page fault or access fault). */
RvExit rv_translate(RvCpu *cpu, uint64_t va, RvAccess acc, uint64_t *pa);
bool rv_phys_ok(const RvCpu *cpu, uint64_t pa, uint64_t len);
/* Where an instruction fetch at va goes now (translation, PMP, RAM), through
 * the fetch TLB: RV_EXIT_NONE, or the fetch fault to raise. */
RvExit rv_fetch_phys(RvCpu *cpu, uint64_t va, uint64_t *pa);

/* TLB fast paths (system mode): the host address of [va, va+n) for this
 * access when the TLB holds its page and the access stays inside it, else
 * NULL (take the slow path, rv_sys_load / rv_sys_store). */
static inline uint8_t *rv_tlb_load_ptr(const RvCpu *cpu, uint64_t va, unsigned n)
{
    const RvTlbEntry *e = &cpu->tlb_data[(va >> 12) & (RV_TLB_SIZE - 1)];
    if (__builtin_expect(e->tag_load == (va & ~0xfffull) && (va & 0xfff) <= 4096u - n, 1))
        return (uint8_t *)(uintptr_t)(va + e->host_minus_va);
    return NULL;
}
static inline uint8_t *rv_tlb_store_ptr(const RvCpu *cpu, uint64_t va, unsigned n)
{
    const RvTlbEntry *e = &cpu->tlb_data[(va >> 12) & (RV_TLB_SIZE - 1)];
    if (__builtin_expect(e->tag_store == (va & ~0xfffull) && (va & 0xfff) <= 4096u - n, 1))
        return (uint8_t *)(uintptr_t)(va + e->host_minus_va);
    return NULL;
}
/* Loads and stores of n (1..8) bytes through translation; on a fault,
 * cpu->tval holds the faulting virtual address. */
RvExit rv_sys_load(RvCpu *cpu, uint64_t va, unsigned n, uint64_t *value);
RvExit rv_sys_store(RvCpu *cpu, uint64_t va, unsigned n, uint64_t value);
/* Host pointer for an aligned atomic access (LR: load permission, others:
 * store permission). */
RvExit rv_sys_atomic_ptr(RvCpu *cpu, uint64_t va, unsigned n, bool is_lr, void **host, uint64_t *pa);
/* Physical memory changed: drop translations of that range. */
void rv_phys_written(RvCpu *cpu, uint64_t pa, unsigned n);

/* PMP (pmp.c): may an access of this kind (RvAccess) at privilege priv
 * touch [pa, pa+len)? Locked entries refuse CSR writes. */
bool rv_pmp_allows(const RvCpu *cpu, uint64_t pa, uint64_t len, unsigned acc, unsigned priv);
unsigned rv_pmp_cfg(const RvCpu *cpu, unsigned i);
bool rv_pmp_locked(const RvCpu *cpu, unsigned i);
bool rv_pmp_addr_locked(const RvCpu *cpu, unsigned i);

unsigned rv_exit_cause(RvExit why, unsigned priv);
/* Take an exception: set the cause/epc/tval CSRs, switch privilege, and set
 * pc to the handler. */
void rv_raise(RvCpu *cpu, unsigned cause, uint64_t tval, uint64_t epc);
/* Take the highest-priority pending and enabled interrupt, if any (at an
 * instruction boundary; pc is where execution would continue). */
bool rv_mret(RvCpu *cpu);
bool rv_sret(RvCpu *cpu);
bool rv_wfi_allowed(const RvCpu *cpu);
bool rv_sfence_vma(RvCpu *cpu);
void rv_tlb_flush(RvCpu *cpu);

#endif
