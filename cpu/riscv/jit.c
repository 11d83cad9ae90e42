/*
 * RISC-V JIT glue (user mode): translating a hot block (lower to IR,
 * optimise, emit x86-64 into the block cache's code memory), running it from
 * the interpreter's block loop, and turning how it left into what the
 * interpreter would have done at the same instruction.
 *
 * Translated code reads and writes guest registers in RvCpu itself, so the
 * register file is exact whenever a block leaves, by an exit or a fault.
 * instret is counted for the whole block when it starts (as the
 * interpreter does); an exit in the middle takes back the instructions
 * that did not retire.
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

static void dump_translation(const RvCpu *cpu, const Block *b, const IrBlock *ir, size_t bytes)
{
    const RvInsn *in = b->insns;
    fprintf(stderr, "---- jit: block %#llx, %u guest instructions\n", (unsigned long long)b->pc, b->ninsns);
    for (unsigned i = 0; i < b->ninsns; i++) {
        char dis[64];
        fprintf(stderr, "  %08llx  %s\n", (unsigned long long)(b->pc + in[i].off),
                rv_disasm(&in[i], b->pc + in[i].off, dis, sizeof dis));
    }
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
    if (!rv_lower_block(cpu->xlen, b->insns, lowered_count(b), b->pc, ir)) {
        tc->stats.jit_refused++;
        return false;
    }
    ir_optimize(ir);

    X64CodeMem *cm = tc->code;
    X64FaultMap map = { sites, 0, JIT_MAX_ACCESSES };
    X64ChainInfo chain;
    X64CodegenOpts opts = {
        .trap_flag_off = 0, .bounds_check = true, .code_pages = true, .fault_map = &map,
        .chain = &chain, .frame_temps = JIT_FRAME_TEMPS, .block_id = (uint64_t)(uintptr_t)b,
        .count_off = offsetof(RvCpu, instret), .insn_count = b->ninsns,
        .stop_off = offsetof(RvCpu, stop_request), .lookup_bits = TC_LOOKUP_BITS,
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
    if (cpu->system || cpu->trace)
        return false;
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
    memset(f, 0, sizeof *f);
    if (!tc->jit_lookup) {
        rv_engine_alloc_begin();
        tc->jit_lookup = malloc(TC_LOOKUP_ENTRIES * sizeof *tc->jit_lookup);
        rv_engine_alloc_end();
        if (!tc->jit_lookup)
            return false;
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
    cpu->instret -= b->ninsns - (i < b->ninsns ? i : b->ninsns);
}

/* Point exit `slot` of translated block `from` straight at `to`'s body. */
static void link(RvCpu *cpu, Block *from, uint32_t slot, Block *to)
{
    X64CodeMem *cm = cpu->tc->code;
    const X64ChainExit *e = &from->jit_exits[slot];
    if (from->retired || to->retired || e->target != to->pc)
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

RvExit rv_jit_run(RvCpu *cpu, Block *b, RvJitLoop *jl, Block **prev, int *slot)
{
    if (jl->from) {
        link(cpu, jl->from, jl->slot, b);
        jl->from = NULL;
    }
    X64Frame *f = &jl->frame;
    /* indirect jumps in translated code find it from now on */
    X64LookupEntry *e = &cpu->tc->jit_lookup[(b->pc >> 1) & (TC_LOOKUP_ENTRIES - 1)];
    e->pc = b->pc;
    e->body = (const uint8_t *)b->jit_fn + b->jit_body;
    X64BlockFn fn;
    memcpy(&fn, &b->jit_fn, sizeof fn);   /* object -> function pointer, as ISO C allows */
    cpu->jit_block = b;
    fn(f);
    cpu->jit_block = NULL;
    TCache *tc = cpu->tc;
    tc->stats.jit_runs++;
    /* chained blocks may have run: this is the one that left */
    b = (Block *)(uintptr_t)f->exit_block;
    *prev = b;
    switch (f->exit_kind) {
    case IR_END_JUMP:
    case IR_END_INDIRECT:
        cpu->pc = f->pc;
        *slot = f->pc == b->end ? 1 : 0;
        if (f->exit_slot != X64_NO_EXIT) {
            jl->from = b;       /* link it to the successor once that is translated */
            jl->slot = f->exit_slot;
        }
        return RV_EXIT_NONE;
    case IR_END_TRAP:
        cpu->pc = f->pc;
        cpu->tval = f->value;
        left_at(cpu, b, f->pc, false);
        return (RvExit)f->cause;
    case IR_END_FAULT:
        cpu->pc = f->pc;
        cpu->tval = f->value;
        left_at(cpu, b, f->pc, false);
        return f->cause ? RV_EXIT_STORE_FAULT : RV_EXIT_LOAD_FAULT;
    case X64_END_CODE_WRITE: {
        /* the store is done; drop what it overwrote and go on after it
         * (this block may be among the dropped: it is not run again) */
        unsigned i = insn_index(b, f->pc);
        const RvInsn *in = b->insns;
        cpu->pc = b->pc + in[i].off + in[i].len;
        if (cpu->xlen == 32)
            cpu->pc = (uint32_t)cpu->pc;
        left_at(cpu, b, f->pc, true);
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
