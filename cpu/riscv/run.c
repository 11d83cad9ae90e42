/*
 * RISC-V engine glue: CPU set-up, building blocks for the cache, recovering from
 * guest faults that surface as host signals, and single-stepping for tests.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rv_internal.h"

void rv_cpu_init(RvCpu *cpu, unsigned xlen)
{
    memset(cpu, 0, sizeof *cpu);
    cpu->xlen = xlen;
    cpu->csr.priv = RV_PRIV_M;
    cpu->csr.mstatus = 1ull << 13; /* FS = Initial */
    rv_tlb_flush(cpu);
    cpu->tlb_flushes = 0;
    rv_decode_init();
}

void rv_cpu_enter_user(RvCpu *cpu)
{
    cpu->system = false;
    cpu->csr.priv = RV_PRIV_U;
    cpu->csr.mstatus |= RV_MSTATUS_FS;
    cpu->csr.mcounteren = cpu->csr.scounteren = 7; /* cycle, time, instret */
}

void rv_cpu_destroy(RvCpu *cpu)
{
    (void)cpu;
}

RvExit rv_run(RvCpu *cpu)
{
    if (cpu->system) {
        /* the embedder may have set priv, mstatus or satp directly */
        if (!cpu->tlb_data)
            rv_tlb_flush(cpu);
        else
            rv_tlb_select(cpu);
    }
    if (cpu->system)
        return cpu->xlen == 32 ? rv32_sys_run(cpu) : rv64_sys_run(cpu);
    return cpu->xlen == 32 ? rv32_run(cpu) : rv64_run(cpu);
}

/* ---- blocks ---- */

static bool fetch_ok(RvCpu *cpu, uint64_t pc, uint64_t len)
{
    if (pc >= cpu->mem.size || len > cpu->mem.size - pc)
        return false;
    return !cpu->mem.can_exec || cpu->mem.can_exec(cpu->mem.opaque, pc, len);
}

/* Where the instruction bytes of the page holding `va` are: the physical
 * address of va. RV_EXIT_NONE, or the fetch fault to raise. */
static RvExit fetch_source(RvCpu *cpu, uint64_t va, uint64_t *pa)
{
    if (!cpu->system) {
        *pa = va;
        return fetch_ok(cpu, va, 2) ? RV_EXIT_NONE : RV_EXIT_FETCH_FAULT;
    }
    return rv_fetch_phys(cpu, va, pa);
}

/* Direct threading: each instruction carries the address of its handler in
 * the interpreter instance that will run it. */
static void rv_set_handlers(const RvCpu *cpu, RvInsn *insns, unsigned n)
{
    const void *const *table = cpu->system ? (cpu->xlen == 32 ? rv32_sys_dispatch() : rv64_sys_dispatch())
                                           : (cpu->xlen == 32 ? rv32_dispatch() : rv64_dispatch());
    for (unsigned i = 0; i < n; i++)
        insns[i].handler = table[insns[i].op];
}

/* Decode one instruction as this CPU sees it now: with mstatus.FS = Off in
 * system mode every FP instruction is illegal (Privileged ISA 3.1.6.6).
 * Returns whether it is an FP instruction that will run. */
static bool decode_for_cpu(const RvCpu *cpu, uint32_t bits, uint64_t pc, RvInsn *in)
{
    rv_decode(bits, pc, cpu->xlen, in);
    if (!(rv_insn_info[in->op].flags & RV_F_FP))
        return false;
    if (cpu->system && !(cpu->csr.mstatus & RV_MSTATUS_FS)) {
        in->op = RV_OP_ILLEGAL;
        return false;
    }
    return true;
}

/* Decode the block at pc. It ends after a control transfer, an illegal
 * instruction, RV_BLOCK_MAX_INSNS instructions, or at the end of pc's page
 * (so that a fetch fault further on is raised when it is reached, precisely,
 * and not when the block is built). An instruction that straddles the page
 * end is fetched from the next page's translation and ends the block. */
static Block *build_block(RvCpu *cpu, uint64_t pc)
{
    RvInsn insns[RV_BLOCK_MAX_INSNS + 1];
    unsigned max = cpu->trace ? 1 : RV_BLOCK_MAX_INSNS;
    unsigned n = 0;
    uint64_t at = pc;
    uint64_t page_end = (pc | 4095) + 1;
    bool ended, uses_fpu = false, straddles = false;

    uint64_t phys;
    RvExit e = fetch_source(cpu, pc, &phys);
    if (e != RV_EXIT_NONE) {
        cpu->fetch_fault = e;
        cpu->tval = pc;
        return NULL;
    }
    /* host byte of va = src + va; integer arithmetic, since the pointer
     * base + phys - pc may lie outside any object (kernel va > host base) */
    const uintptr_t src = (uintptr_t)cpu->mem.base + (uintptr_t)phys - (uintptr_t)pc;

    while (n < max && at < page_end) {
        uint16_t lo;
        memcpy(&lo, (const uint8_t *)(src + (uintptr_t)at), 2);
        uint32_t bits = lo;
        if ((lo & 3) == 3) {
            uint16_t hi;
            if (at + 2 == page_end) {
                /* a straddler is a block of its own, so that a fault on
                 * the next page is raised when it is reached */
                if (n > 0)
                    break;
                uint64_t phys2;
                e = fetch_source(cpu, page_end, &phys2);
                if (e != RV_EXIT_NONE) {
                    cpu->fetch_fault = e;
                    cpu->tval = page_end;
                    return NULL;
                }
                memcpy(&hi, cpu->mem.base + phys2, 2);
                straddles = true;
            } else {
                memcpy(&hi, (const uint8_t *)(src + (uintptr_t)at + 2), 2);
            }
            bits |= (uint32_t)hi << 16;
        }
        RvInsn *in = &insns[n++];
        uses_fpu |= decode_for_cpu(cpu, bits, at, in);
        in->off = (uint32_t)(at - pc);
        at += in->len;
        if (cpu->xlen == 32)
            at = (uint32_t)at;
        if (rv_insn_info[in->op].flags & RV_F_ENDS_BLOCK)
            break;
    }
    if (n == 0)
        return NULL;
    ended = rv_insn_info[insns[n - 1].op].flags & RV_F_ENDS_BLOCK;
    if (!ended) {
        RvInsn *ft = &insns[n];
        memset(ft, 0, sizeof *ft);
        ft->op = RV_OP_FALLTHROUGH;
        ft->off = (uint32_t)(at - pc);
        ft->imm = (int64_t)at;
    }
    unsigned stored = n + (ended ? 0 : 1);
    rv_set_handlers(cpu, insns, stored);
    Block *b = tcache_alloc_block(stored * sizeof(RvInsn));
    if (!b)
        return NULL;
    memcpy(b->insns, insns, stored * sizeof(RvInsn));
    b->pc = pc;
    b->phys = phys;
    b->end = pc + insns[n - 1].off + insns[n - 1].len;
    b->ninsns = n;
    b->mode = rv_block_mode(cpu);
    b->uses_fpu = uses_fpu;
    tcache_insert(cpu->tc, b);
    /* A block is looked up by the physical address of its first byte, and
     * stores are checked against the physical pages from there on: a
     * straddler's second page may be mapped anywhere, so it is used once
     * and decoded again next time (they are rare). */
    if (straddles && cpu->system)
        tcache_drop(cpu->tc, b);
    return b;
}

/* The engine allocates in bursts (building, translating, linking and
 * freeing blocks) on every guest thread; a host fork waits until no such
 * burst is under way (rv_fork_begin), so the child never inherits an
 * allocator another thread was in the middle of using. glibc's malloc is
 * fork-safe by itself; AddressSanitizer's in GCC 12 is not, and a JIT
 * thread allocates often enough to hit it. */
static pthread_rwlock_t engine_allocating = PTHREAD_RWLOCK_INITIALIZER;

void rv_engine_alloc_begin(void)
{
    pthread_rwlock_rdlock(&engine_allocating);
}

void rv_engine_alloc_end(void)
{
    pthread_rwlock_unlock(&engine_allocating);
}

void rv_fork_begin(void)
{
    pthread_rwlock_wrlock(&engine_allocating);
}

void rv_fork_end(bool in_child)
{
    if (in_child)
        pthread_rwlock_init(&engine_allocating, NULL);
    else
        pthread_rwlock_unlock(&engine_allocating);
}

Block *rv_block_lookup(RvCpu *cpu, uint64_t pc, Block *prev, int prev_slot)
{
    TCache *tc = cpu->tc;
    /* system mode: the block for the code pc maps to now (blocks outlive
     * mapping changes: rv_translation_changed) */
    uint64_t phys = pc;
    /* (a single step runs the block planted for it, not what pc fetches) */
    if (cpu->system && !cpu->step_mode) {
        RvExit e = rv_fetch_phys(cpu, pc, &phys);
        if (e != RV_EXIT_NONE) {
            cpu->fetch_fault = e;
            cpu->tval = pc;
            return NULL;
        }
    }
    Block *b = tcache_find_phys(tc, pc, rv_block_mode(cpu), phys);
    if (!b) {
        rv_engine_alloc_begin();
        b = build_block(cpu, pc);
        rv_engine_alloc_end();
    }
    if (b && prev && !prev->retired && !b->retired) {
        if (prev->succ_epoch != tc->epoch) {
            prev->succ[0] = prev->succ[1] = NULL;
            prev->succ_epoch = tc->epoch;
        }
        prev->succ[prev_slot] = b;
    }
    return b;
}

/* ---- guest faults that arrive as host signals (cpu/exec.c) ---- */

void rv_fault_prepare(RvCpu *cpu)
{
    exec_install_fault_handler();
    exec_fault_arm(&cpu->fault, cpu->mem.base, cpu->mem.reserved > cpu->mem.size ? cpu->mem.reserved : cpu->mem.size);
}

void rv_disarm_fault_recovery(RvCpu *cpu)
{
    exec_fault_disarm(&cpu->fault);
}

RvExit rv_fault_exit(RvCpu *cpu)
{
    if (cpu->store_log) {
        /* the JIT's verify mode was running a block in the interpreter:
         * its fault is the guest's (the interpreter is the reference) */
        cpu->store_log = NULL;
        cpu->step_mode = false;
    }
    cpu->pc = cpu->cur_pc;
    if (cpu->jit_block)
        rv_jit_host_fault(cpu);     /* inside translated code */
    cpu->tval = cpu->fault.addr;
    return cpu->fault.is_store ? RV_EXIT_STORE_FAULT : RV_EXIT_LOAD_FAULT;
}

/* ---- single stepping ---- */

/* Single steps run through a scratch cache that holds one block at a time:
 * creating a full cache per step made stepping cost more than the step.
 * One per thread, grown when a CPU with a larger address space steps. */
static _Thread_local TCache *step_tc;

static TCache *step_cache(uint64_t space)
{
    if (step_tc && step_tc->space_size >= space)
        return step_tc;
    tcache_free(step_tc);
    step_tc = tcache_new_sized(space, 4);
    return step_tc;
}

RvExit rv_step_bits(RvCpu *cpu, uint32_t bits)
{
    /* Build a one-instruction block outside the CPU's cache and run it
     * through the normal interpreter by planting it in the scratch cache. */
    RvInsn insns[2];
    bool uses_fpu = decode_for_cpu(cpu, bits, cpu->pc, &insns[0]);
    insns[0].off = 0;
    memset(&insns[1], 0, sizeof insns[1]);
    insns[1].op = RV_OP_FALLTHROUGH;
    insns[1].off = insns[0].len;
    insns[1].imm = (int64_t)(cpu->pc + insns[0].len);
    if (cpu->xlen == 32)
        insns[1].imm = (int64_t)(uint32_t)insns[1].imm;
    rv_set_handlers(cpu, insns, 2);

    TCache *saved = cpu->tc;
    TCache *tc = step_cache(cpu->mem.size ? cpu->mem.size : 4096);
    Block *b = tcache_alloc_block(sizeof insns);
    if (!tc || !b)
        abort();
    memcpy(b->insns, insns, sizeof insns);
    b->pc = cpu->pc;
    b->phys = cpu->pc;
    b->end = cpu->pc + insns[0].len;
    b->ninsns = 1;
    b->mode = rv_block_mode(cpu);
    b->uses_fpu = uses_fpu;
    tcache_insert(tc, b);
    uint64_t phys = b->phys, len = b->end - b->pc; /* b may be freed by the run */
    cpu->tc = tc;
    /* step_mode stops the run loop before the second block */
    cpu->step_mode = true;
    RvExit why = rv_run(cpu);
    cpu->step_mode = false;
    cpu->tc = saved;
    /* leave the scratch cache empty (the instruction may have changed the
     * mode, so drop by address, not by lookup) */
    tcache_invalidate(tc, phys, len);
    tcache_collect(tc);
    return why == RV_EXIT_STOP ? RV_EXIT_NONE : why;
}
