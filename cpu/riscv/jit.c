/*
 * RISC-V JIT glue: translating a hot block (lower to IR, optimise, emit
 * x86-64 into the block cache's code memory), running it from the
 * interpreter's block loop, and turning how it left into what the
 * interpreter would have done at the same instruction.
 *
 * Translated code reads and writes guest registers in RvCpu itself, so the
 * register file is exact whenever a block leaves, by an exit or a fault.
 * instret is counted for the whole block when it starts (as the
 * interpreter does); an exit in the middle takes back the instructions
 * that did not retire.
 *
 * User mode: guest address = offset in the guest range, bounds-checked;
 * PROT_NONE pages come back as host faults mapped through the fault map.
 * System mode: loads and stores go through the software TLB inline
 * (codegen.h, X64TlbOpts) and fall back to rv_sys_load/rv_sys_store, so
 * MMIO, page faults and PMP are the interpreter's code; guest traps are
 * raised to the guest's handlers here. Privileged and system instructions
 * are never translated (rv_lower_prefix stops before them), so the
 * privilege level, satp and the translation cache only change between
 * translated blocks. Blocks are keyed by privilege and FS state
 * (rv_block_mode) and every mapping change flushes the cache, so code
 * never runs under an address space it was not translated for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../x64/codegen.h"
#include "../x64/codemem.h"
#include "../x64/disasm.h"
#include "lower.h"
#include "rv_internal.h"

/* The largest fault map a block may need: at most one access per guest
 * instruction, and a few more for the FP loads/stores. */
#define JIT_MAX_ACCESSES (4 * (RV_BLOCK_MAX_INSNS + 1))

/* Every translated block runs in the same host stack frame (so one can
 * jump into another): room for this many IR temps; blocks with more stay
 * interpreted. */
#define JIT_FRAME_TEMPS 1024

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The decoded instructions as rv_lower_block takes them: with the trailing
 * fall-through when the block did not end in a control transfer. */
static unsigned lowered_count(const Block *b)
{
    const RvInsn *in = b->insns;
    bool ended = rv_insn_info[in[b->ninsns - 1].op].flags & RV_F_ENDS_BLOCK;
    return b->ninsns + (ended ? 0 : 1);
}

/* Index in the block of the instruction at guest pc (ninsns if none). */
static unsigned insn_index(const Block *b, uint64_t pc)
{
    const RvInsn *in = b->insns;
    for (unsigned i = 0; i < b->ninsns; i++)
        if (b->pc + in[i].off == pc)
            return i;
    return b->ninsns;
}

/* ---- system mode: the slow paths of loads and stores ---------------------
 *
 * Called from translated code on a TLB miss, a misaligned access or MMIO,
 * with the register file exact. A fault sets jit_trapped (the code then
 * leaves at the access). A device access that changed mip (an interrupt
 * raised or cleared) asks the run loop to stop at the next block boundary,
 * where the interpreter would have looked at mip. */

static uint64_t size_mask(unsigned n) { return n >= 8 ? UINT64_MAX : (UINT64_C(1) << (8 * n)) - 1; }

/* After a slow access: a fault leaves the block (the code tests
 * jit_trapped); a changed mip stops the run loop. Returns whether it went
 * through. */
static bool slow_access_done(RvCpu *cpu, RvExit e, uint64_t mip_before)
{
    if (e != RV_EXIT_NONE) {
        cpu->jit_trapped = 1;
        cpu->jit_trap = e;
        return false;
    }
    if (cpu->csr.mip != mip_before)
        cpu->stop_request = 1;
    return true;
}

static uint64_t sys_load_slow(void *env, uint64_t va, uint64_t size, uint64_t unused1, uint64_t unused2)
{
    (void)unused1;
    (void)unused2;
    RvCpu *cpu = env;
    uint64_t mip = cpu->csr.mip, v = 0;
    RvExit e = rv_sys_load(cpu, va, (unsigned)size, &v);
    return slow_access_done(cpu, e, mip) ? v & size_mask((unsigned)size) : 0;
}

/* nonzero: translated code was dropped (the store hit it), leave after it */
static uint64_t sys_store_slow(void *env, uint64_t va, uint64_t value, uint64_t size, uint64_t unused)
{
    (void)unused;
    RvCpu *cpu = env;
    uint64_t mip = cpu->csr.mip, epoch = cpu->tc->epoch;
    RvExit e = rv_sys_store(cpu, va, (unsigned)size, value & size_mask((unsigned)size));
    return slow_access_done(cpu, e, mip) && cpu->tc->epoch != epoch;
}

_Static_assert(sizeof(RvTlbEntry) == sizeof(X64TlbEntry) &&
                   offsetof(RvTlbEntry, tag_load) == offsetof(X64TlbEntry, tag_load) &&
                   offsetof(RvTlbEntry, tag_store) == offsetof(X64TlbEntry, tag_store) &&
                   offsetof(RvTlbEntry, host_minus_va) == offsetof(X64TlbEntry, host_minus_va),
               "translated code reads RvTlbEntry as an X64TlbEntry");

_Static_assert(RV_JIT_LOOKUP_TABLES <= TC_LOOKUP_MAX_TABLES, "one lookup table per mode");

static const X64TlbOpts sys_tlb = {
    .table_off = offsetof(RvCpu, tlb_data), .index_bits = RV_TLB_BITS,
    .load_slow = sys_load_slow, .store_slow = sys_store_slow,
};

/* The block's guest instructions, one per line. */
static void print_guest_code(const Block *b, FILE *out)
{
    const RvInsn *in = b->insns;
    for (unsigned i = 0; i < b->ninsns; i++) {
        char dis[64];
        fprintf(out, "  %08llx  %s\n", (unsigned long long)(b->pc + in[i].off),
                rv_disasm(&in[i], b->pc + in[i].off, dis, sizeof dis));
    }
}

static void dump_translation(const RvCpu *cpu, const Block *b, const IrBlock *ir, size_t bytes)
{
    fprintf(stderr, "---- jit: block %#llx, %u guest instructions\n", (unsigned long long)b->pc, b->ninsns);
    print_guest_code(b, stderr);
    ir_print(ir, stderr);
    fprintf(stderr, "  %zu bytes of x86-64 at %p (rv%u; chained jumps enter at +%04x)\n", bytes, b->jit_fn,
            cpu->xlen, b->jit_body);
    x64_disasm(b->jit_fn, bytes, stderr);
}

/* Start over with empty code memory: every block goes back to the
 * interpreter and is translated again when it is hot again. */
static void flush_code(TCache *tc)
{
    tcache_flush(tc);
    tc->stats.jit_flushes++;
}

/* Lower, optimise and emit b into the cache's code memory, using ir. */
static bool translate(RvCpu *cpu, Block *b, IrBlock *ir)
{
    static _Thread_local X64FaultSite sites[JIT_MAX_ACCESSES];
    TCache *tc = cpu->tc;
    uint64_t t0 = now_ns();
    RvLowerOpts lopts = { .system = cpu->system, .fs_dirty = cpu->system && b->uses_fpu };
    unsigned covered = rv_lower_prefix(&lopts, cpu->xlen, b->insns, lowered_count(b), b->pc, ir);
    if (covered == 0) {
        tc->stats.jit_refused++;
        return false;
    }
    ir_optimize(ir);

    X64CodeMem *cm = tc->code;
    X64FaultMap map = { sites, 0, JIT_MAX_ACCESSES };
    X64ChainInfo chain;
    X64CodegenOpts opts = {
        .trap_flag_off = offsetof(RvCpu, jit_trapped), .bounds_check = !cpu->system, .code_pages = true,
        .fault_map = cpu->system ? NULL : &map, .chain = &chain, .frame_temps = JIT_FRAME_TEMPS,
        .block_id = (uint64_t)(uintptr_t)b, .count_off = offsetof(RvCpu, instret), .insn_count = covered,
        .stop_off = offsetof(RvCpu, stop_request), .lookup_bits = TC_LOOKUP_BITS,
        .tlb = cpu->system ? &sys_tlb : NULL,
    };
    X64Buf buf;
    x64_buf_init(&buf, cm->rw + cm->used, cm->size - cm->used);
    size_t n = x64_compile(ir, NULL, &opts, &buf);
    /* after the code: the fault map, then the chainable exits */
    size_t table = (n + 7) & ~(size_t)7;
    size_t exits_at = table + 8 * (size_t)map.n;
    size_t total = exits_at + sizeof(X64ChainExit) * chain.nexits;
    if (n == 0 || total > cm->size - cm->used) {
        if (n == 0 && !buf.overflow) {
            tc->stats.jit_refused++;
            return false;
        }
        /* out of code memory: start over; this block is gone with the rest
         * and runs interpreted this once */
        flush_code(tc);
        return false;
    }
    uint8_t *rw = cm->rw + cm->used;
    uint32_t *faults = (uint32_t *)(void *)(rw + table);
    for (uint32_t i = 0; i < map.n; i++) {
        faults[2 * i] = map.entries[i].offset;
        faults[2 * i + 1] = (uint32_t)(ir_site_pc(ir, map.entries[i].site) - b->pc);
    }
    memcpy(rw + exits_at, chain.exits, sizeof(X64ChainExit) * chain.nexits);
    b->jit_fn = x64_codemem_exec_addr(cm, rw);
    b->jit_len = (uint32_t)n;
    b->jit_body = chain.body;
    b->jit_faults = x64_codemem_exec_addr(cm, (uint8_t *)faults);
    b->jit_nfaults = map.n;
    b->jit_exits = x64_codemem_exec_addr(cm, rw + exits_at);
    b->jit_nexits = chain.nexits;
    b->jit_ninsns = covered;
    b->jit_table = (uint8_t)rv_jit_lookup_table(b->mode);
    cm->used += (total + 15) & ~(size_t)15;
    if (cm->used > cm->size)
        cm->used = cm->size;
    tc->stats.jit_translated++;
    tc->stats.jit_bytes += n;
    tc->stats.jit_ns += now_ns() - t0;
    if (cpu->jit_dump)
        dump_translation(cpu, b, ir, n);
    return true;
}

bool rv_jit_translate(RvCpu *cpu, Block *b)
{
    TCache *tc = cpu->tc;
    b->jit_tried = true;
    if (cpu->trace || b->retired)
        return false;       /* a retired block is freed at the next boundary */
    if (!tc->code) {
        tc->code = x64_codemem_new(cpu->jit_cache_size);
        if (!tc->code) {
            fprintf(stderr, "ferry: no memory for translated code; interpreting only\n");
            cpu->jit_threshold = 0;
            return false;
        }
    }
    /* a fresh IR block each time: nothing is left behind when a guest
     * thread ends */
    IrBlock ir;
    rv_engine_alloc_begin();
    ir_block_init(&ir, NULL, 0);
    bool ok = translate(cpu, b, &ir);
    ir_block_destroy(&ir);
    rv_engine_alloc_end();
    return ok;
}

bool rv_jit_loop_init(RvCpu *cpu, RvJitLoop *jl)
{
    X64Frame *f = &jl->frame;
    TCache *tc = cpu->tc;
    jl->from = NULL;
    /* verify mode compares one block at a time */
    jl->chain = !cpu->poll && !cpu->jit_verify;
    memset(f, 0, sizeof *f);
    if (!tc->jit_lookup) {
        unsigned tables = cpu->system ? RV_JIT_LOOKUP_TABLES : 1;
        rv_engine_alloc_begin();
        tc->jit_lookup = malloc((size_t)tables * TC_LOOKUP_ENTRIES * sizeof *tc->jit_lookup);
        rv_engine_alloc_end();
        if (!tc->jit_lookup)
            return false;
        tc->jit_lookup_tables = tables;
        tcache_lookup_clear(tc);
    }
    f->lookup = tc->jit_lookup;
    f->regs = cpu;
    f->state = cpu;
    f->env = cpu;
    f->mem = cpu->mem.base;
    for (unsigned i = 0; i < 4; i++)
        f->mem_last[i] = cpu->mem.size - (1u << i);
    f->code_pages = cpu->tc->code_pages;
    return true;
}

/* The block left at the instruction at pc, which did not retire (done:
 * it did, and the next one is where the guest goes on). */
static void left_at(RvCpu *cpu, const Block *b, uint64_t pc, bool done)
{
    unsigned i = insn_index(b, pc) + (done ? 1 : 0);
    cpu->instret -= b->jit_ninsns - (i < b->jit_ninsns ? i : b->jit_ninsns);
}

/* The instruction at pc is done and the block is left after it. */
static void go_on_after(RvCpu *cpu, const Block *b, uint64_t pc)
{
    unsigned i = insn_index(b, pc);
    const RvInsn *in = b->insns;
    cpu->pc = b->pc + in[i].off + in[i].len;
    if (cpu->xlen == 32)
        cpu->pc = (uint32_t)cpu->pc;
    left_at(cpu, b, pc, true);
}

/* A trap at the instruction at pc: returned to the embedder in user mode,
 * raised to the guest's handler in system mode (as the interpreter's TRAP). */
static RvExit trap_at(RvCpu *cpu, const Block *b, uint64_t pc, RvExit why, uint64_t tval, Block **prev)
{
    left_at(cpu, b, pc, false);
    if (cpu->system) {
        rv_raise(cpu, rv_exit_cause(why, cpu->csr.priv), tval, pc);
        *prev = NULL;
        return RV_EXIT_NONE;
    }
    cpu->pc = pc;
    cpu->tval = tval;
    return why;
}

/* Point exit `slot` of translated block `from` straight at `to`'s body. */
static void link(RvCpu *cpu, Block *from, uint32_t slot, Block *to)
{
    X64CodeMem *cm = cpu->tc->code;
    const X64ChainExit *e = &from->jit_exits[slot];
    if (from->retired || to->retired || e->target != to->pc || from->mode != to->mode)
        return;
    /* system mode: only within a page, whose mapping the run loop checked
     * when it entered `from` (rv_translation_changed) */
    if (cpu->system && (((from->pc ^ to->pc) | (to->pc ^ (to->end - 1))) >> 12) != 0)
        return;
    rv_engine_alloc_begin();
    JitLink *l = malloc(sizeof *l);
    rv_engine_alloc_end();
    if (!l)
        return;     /* stays unchained: slower, still right */
    uint8_t *field_rx = (uint8_t *)from->jit_fn + e->field;
    uint8_t *field_rw = cm->rw + (field_rx - cm->rx);
    int32_t rel = (int32_t)((intptr_t)((uint8_t *)to->jit_fn + to->jit_body) - (intptr_t)(field_rx + 4));
    memcpy(&l->unlinked, field_rw, 4);
    l->field = field_rw;
    l->next = to->jit_in;
    to->jit_in = l;
    memcpy(field_rw, &rel, 4);
    cpu->tc->stats.jit_links++;
}

static RvExit run_code(RvCpu *cpu, Block *b, RvJitLoop *jl, Block **prev, int *slot)
{
    X64Frame *f = &jl->frame;
    /* the indirect-jump table of b's mode (chained blocks share it),
     * emptied if the mapping may have changed since it was filled */
    TCache *tc = cpu->tc;
    if (tc->jit_lookup_gen[b->jit_table] != cpu->tlb_flushes) {
        tcache_lookup_clear_table(tc, b->jit_table);
        tc->jit_lookup_gen[b->jit_table] = cpu->tlb_flushes;
    }
    X64LookupEntry *table = tc->jit_lookup + (size_t)b->jit_table * TC_LOOKUP_ENTRIES;
    f->lookup = table;
    if (jl->chain) {
        if (jl->from) {
            link(cpu, jl->from, jl->slot, b);
            jl->from = NULL;
        }
        /* indirect jumps in translated code find it from now on */
        X64LookupEntry *e = &table[(b->pc >> 1) & (TC_LOOKUP_ENTRIES - 1)];
        e->pc = b->pc;
        e->body = (const uint8_t *)b->jit_fn + b->jit_body;
    }
    X64BlockFn fn;
    memcpy(&fn, &b->jit_fn, sizeof fn);   /* object -> function pointer, as ISO C allows */
    cpu->jit_block = b;
    fn(f);
    cpu->jit_block = NULL;
    tc->stats.jit_runs++;
    /* chained blocks may have run: this is the one that left */
    b = (Block *)(uintptr_t)f->exit_block;
    *prev = b;
    switch (f->exit_kind) {
    case IR_END_JUMP:
    case IR_END_INDIRECT:
        cpu->pc = f->pc;
        *slot = f->pc == b->end ? 1 : 0;
        if (f->exit_slot != X64_NO_EXIT && jl->chain) {
            jl->from = b;       /* link it to the successor once that is translated */
            jl->slot = f->exit_slot;
        }
        return RV_EXIT_NONE;
    case IR_END_TRAP:
        return trap_at(cpu, b, f->pc, (RvExit)f->cause, f->value, prev);
    case IR_END_HELPER_TRAP:
        cpu->jit_trapped = 0;
        return trap_at(cpu, b, f->pc, cpu->jit_trap, cpu->tval, prev);
    case X64_END_AFTER:
        /* a slow-path store dropped translated code: go on after it */
        go_on_after(cpu, b, f->pc);
        *slot = 1;
        return RV_EXIT_NONE;
    case IR_END_FAULT:
        cpu->pc = f->pc;
        cpu->tval = f->value;
        left_at(cpu, b, f->pc, false);
        return f->cause ? RV_EXIT_STORE_FAULT : RV_EXIT_LOAD_FAULT;
    case X64_END_CODE_WRITE: {
        /* the store is done; drop what it overwrote and go on after it
         * (this block may be among the dropped: it is not run again) */
        go_on_after(cpu, b, f->pc);
        tcache_invalidate(tc, f->value, f->cause);  /* tests the code bitmap itself */
        *slot = 1;
        return RV_EXIT_NONE;
    }
    default:
        fprintf(stderr, "ferry: translated block %#llx left in an unknown way (%u)\n",
                (unsigned long long)b->pc, f->exit_kind);
        abort();
    }
}

void rv_jit_host_fault(RvCpu *cpu)
{
    /* the block entered, or one chained from it: the one whose code holds
     * the host pc */
    const Block *b = cpu->jit_block;
    cpu->jit_block = NULL;
    uintptr_t host_pc = cpu->fault.host_pc;
    for (const Block *o = cpu->tc->all; o; o = o->all_next) {
        if (o->jit_fn && host_pc - (uintptr_t)o->jit_fn < o->jit_len) {
            b = o;
            break;
        }
    }
    uintptr_t off = host_pc - (uintptr_t)b->jit_fn;
    for (uint32_t i = 0; i < b->jit_nfaults; i++) {
        if (b->jit_faults[2 * i] == off) {
            cpu->pc = b->pc + b->jit_faults[2 * i + 1];
            left_at(cpu, b, cpu->pc, false);
            return;
        }
    }
    /* only the recorded accesses touch guest memory: anything else is a
     * bug in the code generator */
    fprintf(stderr, "ferry: host fault in translated block %#llx at +%#lx, not a guest access\n",
            (unsigned long long)b->pc, (unsigned long)off);
    abort();
}

/* ---- verify mode ---------------------------------------------------------
 *
 * Every run of a translated block is checked against the interpreter: the
 * interpreter runs the block first (noting the bytes each store
 * overwrites), its result is kept aside, memory and registers are put back,
 * and the translated code runs from the same state. Registers, pc, instret,
 * fflags, how the block left and the bytes the interpreter stored must
 * agree; a difference is reported with the block and ferry stops. Chaining
 * is off (one block per comparison). Blocks that changed code (the cache
 * moved under them), store more than the log holds, or end early for the
 * interpreter are run by the interpreter alone. Other guest threads'
 * writes in between would show as differences: a single-threaded check. */

void rv_store_log_note(RvCpu *cpu, uint64_t addr, unsigned size)
{
    RvStoreLog *log = cpu->store_log;
    if (log->n == RV_STORE_LOG_MAX) {
        log->overflow = true;
        return;
    }
    log->e[log->n].addr = addr;
    log->e[log->n].size = size;
    memcpy(log->e[log->n].before, cpu->mem.base + addr, size);
    log->n++;
}

typedef struct Snap {
    uint64_t x[32], f[32], pc, instret, tval;
    uint32_t fflags, frm;
} Snap;

static void snap(const RvCpu *cpu, Snap *s)
{
    memcpy(s->x, cpu->x, sizeof s->x);
    memcpy(s->f, cpu->f, sizeof s->f);
    s->pc = cpu->pc;
    s->instret = cpu->instret;
    s->tval = cpu->tval;
    s->fflags = cpu->fflags;
    s->frm = cpu->frm;
}

static void unsnap(RvCpu *cpu, const Snap *s)
{
    memcpy(cpu->x, s->x, sizeof s->x);
    memcpy(cpu->f, s->f, sizeof s->f);
    cpu->pc = s->pc;
    cpu->instret = s->instret;
    cpu->tval = s->tval;
    cpu->fflags = s->fflags;
    cpu->frm = s->frm;
}

static void mismatch(const Block *b, const char *what, uint64_t interp, uint64_t jit)
{
    fprintf(stderr, "ferry: jit verify: block %#llx: %s is %#llx in the interpreter, %#llx in translated code\n",
            (unsigned long long)b->pc, what, (unsigned long long)interp, (unsigned long long)jit);
    print_guest_code(b, stderr);
    exit(70);
}

static RvExit verify_run(RvCpu *cpu, Block *b, RvJitLoop *jl, Block **prev, int *slot)
{
    static _Thread_local RvStoreLog log;
    TCache *tc = cpu->tc;
    Snap before, interp;
    snap(cpu, &before);
    uint64_t epoch = tc->epoch;
    log.n = 0;
    log.overflow = false;
    cpu->store_log = &log;
    cpu->step_mode = true;      /* the interpreter stops after one block */
    RvExit wi = cpu->xlen == 32 ? rv32_run_nested(cpu) : rv64_run_nested(cpu);
    cpu->store_log = NULL;
    cpu->step_mode = false;
    bool ran = wi != RV_EXIT_STOP || cpu->pc != before.pc || cpu->instret != before.instret;
    if (!ran)
        return run_code(cpu, b, jl, prev, slot);    /* a stop was pending */
    if (tc->epoch != epoch || log.overflow || b->retired) {
        /* the interpreter's result stands */
        *prev = NULL;
        *slot = 0;
        return wi == RV_EXIT_STOP ? RV_EXIT_NONE : wi;
    }
    snap(cpu, &interp);
    uint8_t *mem = cpu->mem.base;
    for (unsigned i = 0; i < log.n; i++)
        memcpy(log.e[i].after, mem + log.e[i].addr, log.e[i].size);
    for (unsigned i = log.n; i-- > 0;)
        memcpy(mem + log.e[i].addr, log.e[i].before, log.e[i].size);
    unsnap(cpu, &before);

    RvExit wj = run_code(cpu, b, jl, prev, slot);
    if (cpu->jit_verify_inject && cpu->jit_verified + 1 == cpu->jit_verify_inject)
        cpu->x[10] ^= 1;
    RvExit wi_as_jit = wi == RV_EXIT_STOP ? RV_EXIT_NONE : wi;
    if (wj != wi_as_jit)
        mismatch(b, "the exit reason", (uint64_t)wi_as_jit, (uint64_t)wj);
    /* RV32: the upper halves of the 64-bit slots are not architectural (the
     * interpreter ignores them, translated code does not write them) */
    uint64_t xmask = cpu->xlen == 32 ? UINT32_MAX : UINT64_MAX;
    /* (the common case first, whole; RV32 compares register by register) */
    bool same = cpu->xlen == 64 && memcmp(cpu->x, interp.x, sizeof interp.x) == 0 &&
                memcmp(cpu->f, interp.f, sizeof interp.f) == 0;
    for (unsigned r = 0; r < 32 && !same; r++) {
        if ((cpu->x[r] ^ interp.x[r]) & xmask)
            mismatch(b, rv_xreg_name[r], interp.x[r], cpu->x[r]);
        if (cpu->f[r] != interp.f[r])
            mismatch(b, rv_freg_name[r], interp.f[r], cpu->f[r]);
    }
    if (cpu->pc != interp.pc)
        mismatch(b, "pc", interp.pc, cpu->pc);
    if (cpu->instret != interp.instret)
        mismatch(b, "instret", interp.instret, cpu->instret);
    if (cpu->fflags != interp.fflags)
        mismatch(b, "fflags", interp.fflags, cpu->fflags);
    if (wj != RV_EXIT_NONE && cpu->tval != interp.tval)
        mismatch(b, "tval", interp.tval, cpu->tval);
    for (unsigned i = 0; i < log.n; i++) {
        uint64_t want = 0, got = 0;
        memcpy(&want, log.e[i].after, log.e[i].size);
        memcpy(&got, mem + log.e[i].addr, log.e[i].size);
        if (want != got) {
            char what[48];
            snprintf(what, sizeof what, "memory at %#llx", (unsigned long long)log.e[i].addr);
            mismatch(b, what, want, got);
        }
    }
    cpu->jit_verified++;
    return wj;
}

RvExit rv_jit_run(RvCpu *cpu, Block *b, RvJitLoop *jl, Block **prev, int *slot)
{
    if (cpu->jit_verify && !cpu->system && b->jit_ninsns == b->ninsns && !b->retired)
        return verify_run(cpu, b, jl, prev, slot);
    return run_code(cpu, b, jl, prev, slot);
}
