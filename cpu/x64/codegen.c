/*
 * IR block -> x86-64 function. Design, register use and the exit protocol
 * are described in codegen.h; op semantics are ir_interp's (cpu/ir_interp.c).
 */
#include "codegen.h"

#include <stddef.h>
#include <stdlib.h>
#include <sys/mman.h>

#define FR X64_RBX
#define REGS X64_R12
#define MEM X64_R13
#define STATE X64_R14
#define ENV X64_R15
#define CODE_PAGES X64_RBP  /* with opts->code_pages */

/* A cold exit, emitted after the block's body: a memory access out of
 * bounds, or a store to a code page. rax holds the address on the way in. */
typedef struct Stub {
    X64Fixup from;
    uint32_t kind;
    uint32_t site;
    uint32_t cause;
    /* a store to a page whose code-map byte is set: the stub checks what
     * is set and comes back to resume when the store did not write code;
     * straddle: the store may have reached into the next page */
    bool straddle;
    size_t resume;
    /* a TLB miss (opts->tlb): call the slow helper, then come back to
     * resume; cause holds the access size */
    enum { SLOW_NONE, SLOW_LOAD, SLOW_STORE } slow;
} Stub;

typedef struct Cg {
    X64Buf *o;
    const IrBlock *b;
    const IrGuest *g;
    const X64CodegenOpts *opts;
    int32_t frame;
    size_t start;           /* offset of the function in o */
    Stub *stubs;
    uint32_t nstubs;
    bool failed;            /* out of memory or fault map full */
    int8_t *home;           /* per temp: a host register, HOME_SLOT or HOME_NONE */
    /* Most instructions end by moving their result out of rax and the next
     * one starts by loading an operand into rax: rax_temp is the temp rax
     * holds as an instruction starts (IR_NO_TEMP: unknown), rax_fresh that
     * nothing has been emitted for it yet that could change rax, and
     * rax_next what rax holds once the current instruction is done. */
    IrTemp rax_temp, rax_next;
    bool rax_fresh;
    /* Compare and branch fused: a cmp whose only reader is the next
     * instruction (br_cond, trap_if) leaves its result in the host flags
     * instead of a register: flags_temp is that temp (IR_NO_TEMP: none)
     * and flags_cond the condition that is true when it is 1. */
    uint32_t *uses;         /* per temp: how many operands read it */
    IrTemp flags_temp;
    X64Cond flags_cond;
    uint32_t cur;           /* index of the instruction being emitted */
    bool have_epilogue;
    size_t epilogue_at;
} Cg;

#define HOME_SLOT (-1)      /* its stack slot */
#define HOME_NONE (-2)      /* never read: not kept at all */

static X64Mem slot(IrTemp t) { return x64_mem(X64_RSP, (int32_t)(8 * t)); }
static X64Mem fld(size_t off) { return x64_mem(FR, (int32_t)off); }

/* operand -> host register (64-bit canonical value) */
static void ld(Cg *c, X64Reg r, IrArg a)
{
    bool carried = c->rax_fresh && r == X64_RAX && a.kind == IR_ARG_TEMP && a.temp == c->rax_temp;
    c->rax_fresh = false;
    if (carried)
        return;     /* the previous instruction left it there */
    if (a.kind == IR_ARG_IMM)
        x64_mov_r64_imm(c->o, r, a.imm);
    else if (c->home[a.temp] >= 0)
        x64_mov_r64_r64(c->o, r, (X64Reg)c->home[a.temp]);
    else
        x64_mov_r64_m64(c->o, r, slot(a.temp));
}

/* Whether the instruction after the current one reads temp t as its first
 * operand, loading it into rax before anything else (see ld's carry). */
static bool next_takes_in_rax(const Cg *c, IrTemp t)
{
    if (c->cur + 1 >= c->b->ninsns)
        return false;
    const IrInsn *n = &c->b->insns[c->cur + 1];
    if (n->arg[0].kind != IR_ARG_TEMP || n->arg[0].temp != t)
        return false;
    switch ((IrClass)ir_op_info[n->op].cls) {
    case IR_CLS_SET_REG: case IR_CLS_STORE_STATE: case IR_CLS_LOAD: case IR_CLS_STORE:
    case IR_CLS_MOV: case IR_CLS_BITCAST: case IR_CLS_EXT: case IR_CLS_CMP: case IR_CLS_IBIN: case IR_CLS_IUN:
        return true;
    default:
        return false;
    }
}

/* Always an instruction's last emission (see rax_next). A result whose
 * only reader is the next instruction, which takes it from rax, is not
 * kept anywhere else. */
static void st(Cg *c, IrTemp t, X64Reg r)
{
    c->rax_next = r == X64_RAX ? t : IR_NO_TEMP;
    if (r == X64_RAX && c->uses[t] == 1 && next_takes_in_rax(c, t))
        return;
    if (c->home[t] >= 0)
        x64_mov_r64_r64(c->o, (X64Reg)c->home[t], r);
    else if (c->home[t] == HOME_SLOT)
        x64_mov_m64_r64(c->o, slot(t), r);
}

/*
 * Where each temp lives. Instructions work in rax/rcx/rdx (and r8) and
 * move operands in and results out, so a temp kept in one of the other
 * caller-saved registers costs a register move instead of a stack store
 * and load. A helper call clobbers them all: a temp alive across a call
 * (including one passed to it) stays in its slot. A temp nobody reads is
 * not kept. Linear scan in instruction order: a register is free again
 * after the last instruction that reads its temp.
 */
static const X64Reg pool[] = { X64_RSI, X64_RDI, X64_R9, X64_R10, X64_R11 };
#define NPOOL (sizeof pool / sizeof pool[0])

static bool assign_homes(Cg *c)
{
    const IrBlock *b = c->b;
    uint32_t n = b->ntemps;
    uint32_t *def = malloc(2 * (size_t)(n ? n : 1) * sizeof *def);
    uint32_t *calls_upto = malloc(((size_t)b->ninsns + 1) * sizeof *calls_upto);
    c->home = malloc(n ? n : 1);
    c->uses = calloc(n ? n : 1, sizeof *c->uses);
    if (!def || !calls_upto || !c->home || !c->uses) {
        free(def);
        free(calls_upto);
        return false;
    }
    uint32_t *last = def + n;
    for (uint32_t t = 0; t < n; t++) {
        def[t] = UINT32_MAX;
        last[t] = UINT32_MAX;
        c->home[t] = HOME_NONE;
    }
    uint32_t calls = 0;
    for (uint32_t i = 0; i < b->ninsns; i++) {
        const IrInsn *in = &b->insns[i];
        calls += in->op == IR_CALL;
        calls_upto[i] = calls;
        for (unsigned k = 0; k < ir_insn_nargs(in); k++) {
            if (in->arg[k].kind == IR_ARG_TEMP) {
                last[in->arg[k].temp] = i;
                c->uses[in->arg[k].temp]++;
            }
        }
        if (in->dst != IR_NO_TEMP)
            def[in->dst] = i;
    }
    int32_t busy_until[NPOOL];
    for (unsigned r = 0; r < NPOOL; r++)
        busy_until[r] = -1;
    for (uint32_t i = 0; i < b->ninsns; i++) {
        IrTemp t = b->insns[i].dst;
        if (t == IR_NO_TEMP || last[t] == UINT32_MAX)
            continue;       /* no result, or never read: HOME_NONE */
        c->home[t] = HOME_SLOT;
        if (last[t] < def[t] || calls_upto[last[t]] != calls_upto[def[t]])
            continue;       /* alive across a call */
        for (unsigned r = 0; r < NPOOL; r++) {
            if (busy_until[r] < (int32_t)i) {
                c->home[t] = (int8_t)pool[r];
                busy_until[r] = (int32_t)last[t];
                break;
            }
        }
    }
    free(def);
    free(calls_upto);
    return true;
}

/* zero-extend r from t's width */
static void canon(X64Buf *o, X64Reg r, IrType t)
{
    switch (t) {
    case IR_I1: x64_and_r32_imm32(o, r, 1); break;
    case IR_I8: x64_movzx_r32_r8(o, r, r); break;
    case IR_I16: x64_movzx_r32_r16(o, r, r); break;
    case IR_I32: case IR_F32: x64_mov_r32_r32(o, r, r); break;
    default: break;
    }
}

/* sign-extend r from t's width to 64 bits (r holds a canonical value) */
static void sext64(X64Buf *o, X64Reg r, IrType t)
{
    switch (t) {
    case IR_I1: x64_neg_r64(o, r); break;
    case IR_I8: x64_movsx_r64_r8(o, r, r); break;
    case IR_I16: x64_movsx_r64_r16(o, r, r); break;
    case IR_I32: case IR_F32: x64_movsxd_r64_r32(o, r, r); break;
    default: break;
    }
}

/* zero-extending load of t's width (an i1 is a byte) */
static void load_m(X64Buf *o, X64Reg r, X64Mem m, IrType t)
{
    switch (t) {
    case IR_I1: case IR_I8: x64_movzx_r32_m8(o, r, m); break;
    case IR_I16: x64_movzx_r32_m16(o, r, m); break;
    case IR_I32: case IR_F32: x64_mov_r32_m32(o, r, m); break;
    default: x64_mov_r64_m64(o, r, m); break;
    }
}

static void store_m(X64Buf *o, X64Mem m, X64Reg r, IrType t)
{
    switch (t) {
    case IR_I1: case IR_I8: x64_mov_m8_r8(o, m, r); break;
    case IR_I16: x64_mov_m16_r16(o, m, r); break;
    case IR_I32: case IR_F32: x64_mov_m32_r32(o, m, r); break;
    default: x64_mov_m64_r64(o, m, r); break;
    }
}

/* reverse the bytes of the low t bits of r (canonical in, canonical out) */
static void bswap(X64Buf *o, X64Reg r, IrType t)
{
    switch (t) {
    case IR_I16: x64_rol_r16_imm(o, r, 8); x64_movzx_r32_r16(o, r, r); break;
    case IR_I32: case IR_F32: x64_bswap_r32(o, r); break;
    case IR_I64: case IR_F64: x64_bswap_r64(o, r); break;
    default: break;
    }
}

static void prologue(Cg *c)
{
    X64Buf *o = c->o;
    x64_push_r64(o, X64_RBP);
    x64_push_r64(o, X64_RBX);
    x64_push_r64(o, X64_R12);
    x64_push_r64(o, X64_R13);
    x64_push_r64(o, X64_R14);
    x64_push_r64(o, X64_R15);
    x64_sub_r64_imm32(o, X64_RSP, c->frame);
    x64_mov_r64_r64(o, FR, X64_RDI);
    x64_mov_r64_m64(o, REGS, fld(offsetof(X64Frame, regs)));
    x64_mov_r64_m64(o, STATE, fld(offsetof(X64Frame, state)));
    x64_mov_r64_m64(o, MEM, fld(offsetof(X64Frame, mem)));
    x64_mov_r64_m64(o, ENV, fld(offsetof(X64Frame, env)));
    if (c->opts && c->opts->code_pages)
        x64_mov_r64_m64(o, CODE_PAGES, fld(offsetof(X64Frame, code_pages)));
}

/* Return to the caller. One copy per block; other exits jump to it. */
static void epilogue(Cg *c)
{
    X64Buf *o = c->o;
    if (c->have_epilogue) {
        x64_patch_rel32(o, x64_jmp_fwd(o), c->epilogue_at);
        return;
    }
    c->have_epilogue = true;
    c->epilogue_at = x64_here(o);
    x64_add_r64_imm32(o, X64_RSP, c->frame);
    x64_pop_r64(o, X64_R15);
    x64_pop_r64(o, X64_R14);
    x64_pop_r64(o, X64_R13);
    x64_pop_r64(o, X64_R12);
    x64_pop_r64(o, X64_RBX);
    x64_pop_r64(o, X64_RBP);
    x64_ret(o);
}

static bool chaining(const Cg *c) { return c->opts && c->opts->chain; }

/* How the block leaves (and, when chaining, that it was this block and not
 * through a chainable exit; clobbers rax) */
static void set_kind(Cg *c, IrEndKind k)
{
    c->rax_fresh = false;
    x64_mov_m32_imm32(c->o, fld(offsetof(X64Frame, exit_kind)), (uint32_t)k);
    if (chaining(c)) {
        x64_mov_m32_imm32(c->o, fld(offsetof(X64Frame, exit_slot)), X64_NO_EXIT);
        x64_mov_r64_imm(c->o, X64_RAX, c->opts->block_id);
        x64_mov_m64_r64(c->o, fld(offsetof(X64Frame, exit_block)), X64_RAX);
    }
}

static void set_pc_imm(Cg *c, uint64_t pc)
{
    c->rax_fresh = false;
    x64_mov_r64_imm(c->o, X64_RAX, pc);
    x64_mov_m64_r64(c->o, fld(offsetof(X64Frame, pc)), X64_RAX);
}

/* A static exit to guest pc `target` that can be chained: unless a stop is
 * requested, jmp rel32 to the stub that leaves for the dispatcher; the
 * engine may later point the jmp at the successor's body. */
static void chain_exit(Cg *c, uint64_t target)
{
    X64Buf *o = c->o;
    X64ChainInfo *ci = c->opts->chain;
    if (ci->nexits == sizeof ci->exits / sizeof ci->exits[0]) {
        /* more static exits than a terminator has: leave unchained */
        set_kind(c, IR_END_JUMP);
        set_pc_imm(c, target);
        epilogue(c);
        return;
    }
    uint32_t idx = ci->nexits++;
    x64_alu_m32_imm32(o, X64_ALU_CMP, x64_mem(ENV, (int32_t)c->opts->stop_off), 0);
    X64Fixup stop = x64_jcc_fwd(o, X64_CC_NE);
    X64Fixup go = x64_jmp_fwd(o);
    size_t stub = x64_here(o);
    x64_patch_rel32(o, stop, stub);
    x64_patch_rel32(o, go, stub);
    ci->exits[idx] = (X64ChainExit){ (uint32_t)(go.off - c->start), (uint32_t)(stub - c->start), target };
    set_kind(c, IR_END_JUMP);
    x64_mov_m32_imm32(o, fld(offsetof(X64Frame, exit_slot)), idx);
    set_pc_imm(c, target);
    epilogue(c);
}

/* Before an indirect exit to `target`: unless a stop is requested, find
 * the target in the lookup table and jump to its body; on a miss, fall
 * through to the exit. */
static void lookup_exit(Cg *c, IrArg target)
{
    X64Buf *o = c->o;
    ld(c, X64_RAX, target);
    x64_alu_m32_imm32(o, X64_ALU_CMP, x64_mem(ENV, (int32_t)c->opts->stop_off), 0);
    X64Fixup stop = x64_jcc_fwd(o, X64_CC_NE);
    x64_mov_r64_r64(o, X64_RDX, X64_RAX);
    x64_shr_r64_imm(o, X64_RDX, 1);
    x64_and_r32_imm32(o, X64_RDX, (int32_t)((1u << c->opts->lookup_bits) - 1));
    x64_shl_r32_imm(o, X64_RDX, 4);
    x64_mov_r64_m64(o, X64_RCX, fld(offsetof(X64Frame, lookup)));
    x64_alu_r64_m64(o, X64_ALU_CMP, X64_RAX, x64_mem_idx(X64_RCX, X64_RDX, 1, 0));
    X64Fixup miss = x64_jcc_fwd(o, X64_CC_NE);
    x64_jmp_m64(o, x64_mem_idx(X64_RCX, X64_RDX, 1, 8));
    x64_patch_rel32(o, stop, x64_here(o));
    x64_patch_rel32(o, miss, x64_here(o));
}

/* leave for a trap at site: kind, pc, site, cause (and value when given) */
static void trap_exit(Cg *c, IrEndKind k, uint32_t site, uint32_t cause, const IrArg *value)
{
    set_kind(c, k);
    set_pc_imm(c, ir_site_pc(c->b, site));
    x64_mov_m32_imm32(c->o, fld(offsetof(X64Frame, site)), site);
    if (value) {
        x64_mov_m32_imm32(c->o, fld(offsetof(X64Frame, cause)), cause);
        ld(c, X64_RAX, *value);
        x64_mov_m64_r64(c->o, fld(offsetof(X64Frame, value)), X64_RAX);
    }
    epilogue(c);
}

static Stub *add_stub(Cg *c, X64Fixup from, uint32_t kind, uint32_t site, uint32_t cause)
{
    Stub *s = &c->stubs[c->nstubs++];
    *s = (Stub){ .from = from, .kind = kind, .site = site, .cause = cause };
    return s;
}

/* After a store at [mem + rax]: to a stub when the page's byte in the code
 * map is not zero (the page, or the next one, holds code). rdx keeps the
 * page number for the stub. */
static void test_code_page(Cg *c, uint32_t site, unsigned bytes, bool may_straddle)
{
    X64Buf *o = c->o;
    x64_mov_r64_r64(o, X64_RDX, X64_RAX);
    x64_shr_r64_imm(o, X64_RDX, 12);
    x64_alu_m8_imm8(o, X64_ALU_CMP, x64_mem_idx(CODE_PAGES, X64_RDX, 1, 0), 0);
    Stub *st = add_stub(c, x64_jcc_fwd(o, X64_CC_NE), X64_END_CODE_WRITE, site, bytes);
    st->straddle = may_straddle;
    st->resume = x64_here(o);
}

/* The code-map stub: leave when the store's own page holds code, or when
 * it reached into the next page and that one does; else go back. */
static void emit_code_check(Cg *c, const Stub *s)
{
    X64Buf *o = c->o;
    x64_test_m8_imm8(o, x64_mem_idx(CODE_PAGES, X64_RDX, 1, 0), X64_CODE_HERE);
    X64Fixup here = x64_jcc_fwd(o, X64_CC_NE);
    if (s->straddle && s->cause > 1) {
        x64_mov_r32_r32(o, X64_RCX, X64_RAX);
        x64_and_r32_imm32(o, X64_RCX, 4095);
        x64_cmp_r64_imm32(o, X64_RCX, (int32_t)(4096 - s->cause));
        x64_patch_rel32(o, x64_jcc_fwd(o, X64_CC_BE), s->resume);
    } else {
        x64_patch_rel32(o, x64_jmp_fwd(o), s->resume);
    }
    x64_patch_rel32(o, here, x64_here(o));
}

/* A TLB miss: the slow helper with every temp of the pool kept (the
 * instruction's own scratch registers are dead here: rax holds the address,
 * rcx a store's value), then back to the fast path's end. */
static void emit_slow_access(Cg *c, const Stub *s)
{
    X64Buf *o = c->o;
    const X64TlbOpts *t = c->opts->tlb;
    for (unsigned r = 0; r < NPOOL; r++)
        x64_push_r64(o, pool[r]);
    x64_sub_r64_imm32(o, X64_RSP, 8);       /* 5 pushes + 8: still 16-aligned */
    if (s->slow == SLOW_STORE) {
        x64_mov_r64_r64(o, X64_RDX, X64_RCX);
        x64_mov_r32_imm32(o, X64_RCX, s->cause);
    } else {
        x64_mov_r32_imm32(o, X64_RDX, s->cause);
    }
    x64_mov_r64_r64(o, X64_RSI, X64_RAX);
    x64_mov_r64_r64(o, X64_RDI, ENV);
    x64_mov_m8_imm8(o, x64_mem(ENV, (int32_t)c->opts->trap_flag_off), 0);
    x64_call_abs(o, (const void *)(uintptr_t)(s->slow == SLOW_STORE ? t->store_slow : t->load_slow), X64_R8);
    x64_add_r64_imm32(o, X64_RSP, 8);
    for (unsigned r = NPOOL; r-- > 0;)
        x64_pop_r64(o, pool[r]);
    x64_alu_m8_imm8(o, X64_ALU_CMP, x64_mem(ENV, (int32_t)c->opts->trap_flag_off), 0);
    X64Fixup ok = x64_jcc_fwd(o, X64_CC_E);
    trap_exit(c, IR_END_HELPER_TRAP, s->site, 0, NULL);
    x64_patch_rel32(o, ok, x64_here(o));
    if (s->slow == SLOW_STORE) {
        x64_test_r64_r64(o, X64_RAX, X64_RAX);     /* the whole uint64_t result */
        x64_patch_rel32(o, x64_jcc_fwd(o, X64_CC_E), s->resume);
        trap_exit(c, (IrEndKind)X64_END_AFTER, s->site, 0, NULL);
    } else {
        x64_patch_rel32(o, x64_jmp_fwd(o), s->resume);
    }
}

static void emit_stubs(Cg *c)
{
    for (uint32_t i = 0; i < c->nstubs; i++) {
        const Stub *s = &c->stubs[i];
        x64_patch_rel32(c->o, s->from, x64_here(c->o));
        if (s->slow) {
            emit_slow_access(c, s);
            continue;
        }
        if (s->kind == X64_END_CODE_WRITE)
            emit_code_check(c, s);
        x64_mov_m64_r64(c->o, fld(offsetof(X64Frame, value)), X64_RAX);
        x64_mov_m32_imm32(c->o, fld(offsetof(X64Frame, cause)), s->cause);
        trap_exit(c, (IrEndKind)s->kind, s->site, 0, NULL);
    }
}

/* log2 of an access size of 1, 2, 4 or 8 bytes */
static unsigned size_log2(IrType mt)
{
    unsigned bytes = ir_type_bits(mt) <= 8 ? 1 : ir_type_bits(mt) / 8;
    return bytes == 1 ? 0 : bytes == 2 ? 1 : bytes == 4 ? 2 : 3;
}

static bool tlb_mode(const Cg *c) { return c->opts && c->opts->tlb; }

/* System mode: rax = a guest virtual address -> rax = its host address
 * when the TLB has the page for this access and it is aligned; else to a
 * slow stub (returned: the caller sets where it comes back). Scratch: rdx,
 * r8; rcx (a store's value) is kept. */
static Stub *tlb_lookup(Cg *c, IrType mt, uint32_t site, bool is_store)
{
    X64Buf *o = c->o;
    const X64TlbOpts *t = c->opts->tlb;
    unsigned bytes = 1u << size_log2(mt);
    x64_mov_r64_m64(o, X64_R8, x64_mem(ENV, (int32_t)t->table_off));
    x64_mov_r64_r64(o, X64_RDX, X64_RAX);
    x64_shr_r64_imm(o, X64_RDX, 12);
    x64_and_r32_imm32(o, X64_RDX, (int32_t)((1u << t->index_bits) - 1));
    x64_lea_r64_m(o, X64_RDX, x64_mem_idx(X64_RDX, X64_RDX, 2, 0));     /* index * 3 */
    x64_lea_r64_m(o, X64_R8, x64_mem_idx(X64_R8, X64_RDX, 8, 0));       /* the entry */
    x64_mov_r64_r64(o, X64_RDX, X64_RAX);
    /* the page, plus the low bits a misaligned access has set */
    x64_and_r64_imm32(o, X64_RDX, (int32_t)(0xfffff000u | (bytes - 1)));
    int32_t tag = (int32_t)(is_store ? offsetof(X64TlbEntry, tag_store) : offsetof(X64TlbEntry, tag_load));
    x64_alu_r64_m64(o, X64_ALU_CMP, X64_RDX, x64_mem(X64_R8, tag));
    Stub *s = add_stub(c, x64_jcc_fwd(o, X64_CC_NE), 0, site, bytes);
    s->slow = is_store ? SLOW_STORE : SLOW_LOAD;
    x64_add_r64_m64(o, X64_RAX, x64_mem(X64_R8, (int32_t)offsetof(X64TlbEntry, host_minus_va)));
    return s;
}

/* Before an access at [mem + rax]: the bounds check. */
static void check_bounds(Cg *c, IrType mt, uint32_t site, bool is_store)
{
    if (!c->opts || !c->opts->bounds_check)
        return;
    X64Mem last = fld(offsetof(X64Frame, mem_last) + 8 * size_log2(mt));
    x64_alu_r64_m64(c->o, X64_ALU_CMP, X64_RAX, last);
    add_stub(c, x64_jcc_fwd(c->o, X64_CC_A), IR_END_FAULT, site, is_store);
}

/* The next host instruction touches guest memory for `site`. */
static void note_access(Cg *c, uint32_t site)
{
    X64FaultMap *m = c->opts ? c->opts->fault_map : NULL;
    if (!m)
        return;
    if (m->n == m->cap) {
        c->failed = true;
        return;
    }
    m->entries[m->n++] = (X64FaultSite){ (uint32_t)(x64_here(c->o) - c->start), site };
}

/* After a store of mt at [mem + rax]: leave when it wrote to code. */
static void check_code_write(Cg *c, IrType mt, uint32_t site)
{
    if (!c->opts || !c->opts->code_pages)
        return;
    test_code_page(c, site, 1u << size_log2(mt), true);
}

static X64Cond cond_of(IrCond cc)
{
    switch (cc) {
    case IR_EQ: return X64_CC_E;
    case IR_NE: return X64_CC_NE;
    case IR_SLT: return X64_CC_L;
    case IR_SLE: return X64_CC_LE;
    case IR_SGT: return X64_CC_G;
    case IR_SGE: return X64_CC_GE;
    case IR_ULT: return X64_CC_B;
    case IR_ULE: return X64_CC_BE;
    case IR_UGT: return X64_CC_A;
    default: return X64_CC_AE;
    }
}

static bool is_signed_cond(IrCond cc) { return cc >= IR_SLT && cc <= IR_SGE; }

static bool insn_supported(const IrInsn *in, const X64CodegenOpts *opts)
{
    switch ((IrClass)ir_op_info[in->op].cls) {
    case IR_CLS_FBIN: case IR_CLS_FUN: case IR_CLS_FMA: case IR_CLS_FCMP:
    case IR_CLS_ITOF: case IR_CLS_FTOI: case IR_CLS_FTOF: case IR_CLS_CC:
        return false;
    case IR_CLS_CALL:
        if (!in->helper || in->helper->nargs > IR_MAX_CALL_ARGS)
            return false;
        if ((in->helper->flags & IR_HELPER_MAY_TRAP) && !opts)
            return false;
        return true;
    default:
        return in->op < IR_NOPS;
    }
}

bool x64_block_supported(const IrBlock *b, const X64CodegenOpts *opts)
{
    for (uint32_t i = 0; i < b->ninsns; i++)
        if (!insn_supported(&b->insns[i], opts))
            return false;
    return true;
}

/* imm as a sign-extended imm32 that gives the same low w bits (all that
 * matters when the result is canonicalised to w bits afterwards) */
static bool imm32_for(uint64_t imm, unsigned w, int32_t *out)
{
    if (w <= 32 || imm == (uint64_t)(int64_t)(int32_t)imm) {
        *out = (int32_t)(uint32_t)imm;
        return true;
    }
    return false;
}

/* A = A op imm for the ops with an immediate form; false when there is
 * none (the caller then loads the operand into C). A holds arg 0. */
static bool emit_ibin_imm(Cg *c, const IrInsn *in, unsigned w)
{
    X64Buf *o = c->o;
    const X64Reg A = X64_RAX;
    if (in->arg[1].kind != IR_ARG_IMM)
        return false;
    uint64_t imm = in->arg[1].imm;
    int32_t i32;
    uint8_t n = (uint8_t)(imm & (w - 1));
    switch ((IrOp)in->op) {
    case IR_ADD: case IR_SUB: case IR_AND: case IR_OR: case IR_XOR: case IR_MUL:
        if (!imm32_for(imm, w, &i32))
            return false;
        switch ((IrOp)in->op) {
        case IR_ADD: x64_add_r64_imm32(o, A, i32); break;
        case IR_SUB: x64_sub_r64_imm32(o, A, i32); break;
        case IR_AND: x64_and_r64_imm32(o, A, i32); break;
        case IR_OR: x64_or_r64_imm32(o, A, i32); break;
        case IR_XOR: x64_xor_r64_imm32(o, A, i32); break;
        default: x64_imul_r64_r64_imm32(o, A, A, i32); break;
        }
        return true;
    case IR_SHL: case IR_SHR: case IR_SAR:
        if (in->op == IR_SAR)
            sext64(o, A, (IrType)in->type);
        if (n)
            x64_shift_r64_imm(o, in->op == IR_SHL ? X64_SH_SHL : in->op == IR_SHR ? X64_SH_SHR : X64_SH_SAR, A, n);
        return true;
    case IR_ROTL: case IR_ROTR: {
        X64ShiftOp sh = in->op == IR_ROTL ? X64_SH_ROL : X64_SH_ROR;
        if (!n)
            return true;
        if (w == 64) x64_shift_r64_imm(o, sh, A, n);
        else if (w == 32) x64_shift_r32_imm(o, sh, A, n);
        else if (w == 16) x64_shift_r16_imm(o, sh, A, n);
        else x64_shift_r8_imm(o, sh, A, n);
        return true;
    }
    default:
        return false;
    }
}

static void emit_ibin(Cg *c, const IrInsn *in)
{
    X64Buf *o = c->o;
    IrType t = (IrType)in->type;
    unsigned w = t == IR_I1 ? 8 : ir_type_bits(t);
    const X64Reg A = X64_RAX, C = X64_RCX, D = X64_RDX;
    ld(c, A, in->arg[0]);
    if (emit_ibin_imm(c, in, w)) {
        canon(o, A, t);
        st(c, in->dst, A);
        return;
    }
    ld(c, C, in->arg[1]);
    switch ((IrOp)in->op) {
    case IR_ADD: x64_add_r64_r64(o, A, C); break;
    case IR_SUB: x64_sub_r64_r64(o, A, C); break;
    case IR_AND: x64_and_r64_r64(o, A, C); break;
    case IR_OR: x64_or_r64_r64(o, A, C); break;
    case IR_XOR: x64_xor_r64_r64(o, A, C); break;
    case IR_MUL: x64_imul_r64_r64(o, A, C); break;
    case IR_SHL: x64_and_r32_imm32(o, C, (int32_t)(w - 1)); x64_shl_r64_cl(o, A); break;
    case IR_SHR: x64_and_r32_imm32(o, C, (int32_t)(w - 1)); x64_shr_r64_cl(o, A); break;
    case IR_SAR:
        sext64(o, A, t);
        x64_and_r32_imm32(o, C, (int32_t)(w - 1));
        x64_sar_r64_cl(o, A);
        break;
    case IR_ROTL: case IR_ROTR: {
        X64ShiftOp sh = in->op == IR_ROTL ? X64_SH_ROL : X64_SH_ROR;
        x64_and_r32_imm32(o, C, (int32_t)(w - 1));
        if (w == 64) x64_shift_r64_cl(o, sh, A);
        else if (w == 32) x64_shift_r32_cl(o, sh, A);
        else if (w == 16) x64_shift_r16_cl(o, sh, A);
        else x64_shift_r8_cl(o, sh, A);
        break;
    }
    case IR_MULHU:
        if (w == 64) {
            x64_mul_r64(o, C);
            x64_mov_r64_r64(o, A, D);
        } else {
            x64_imul_r64_r64(o, A, C);
            x64_shr_r64_imm(o, A, (uint8_t)w);
        }
        break;
    case IR_MULHS:
        if (w == 64) {
            x64_imul_r64(o, C);
            x64_mov_r64_r64(o, A, D);
        } else {
            sext64(o, A, t);
            sext64(o, C, t);
            x64_imul_r64_r64(o, A, C);
            x64_sar_r64_imm(o, A, (uint8_t)w);
        }
        break;
    case IR_MULHSU:
        if (w == 64) {
            /* high(s*u) = high(u*u) - (a < 0 ? b : 0) */
            x64_mov_r64_r64(o, X64_R8, A);
            x64_mul_r64(o, C);
            x64_sar_r64_imm(o, X64_R8, 63);
            x64_and_r64_r64(o, X64_R8, C);
            x64_sub_r64_r64(o, D, X64_R8);
            x64_mov_r64_r64(o, A, D);
        } else {
            sext64(o, A, t);
            x64_imul_r64_r64(o, A, C);
            x64_sar_r64_imm(o, A, (uint8_t)w);
        }
        break;
    case IR_DIVU: case IR_REMU: {
        bool rem = in->op == IR_REMU;
        /* operands are zero-extended: a 64-bit div is exact for every width */
        x64_test_r64_r64(o, C, C);
        X64Fixup zero = x64_jcc_fwd(o, X64_CC_E);
        x64_xor_r32_r32(o, D, D);
        x64_div_r64(o, C);
        if (rem)
            x64_mov_r64_r64(o, A, D);
        X64Fixup done = x64_jmp_fwd(o);
        x64_patch_rel32(o, zero, x64_here(o));
        if (!rem)                       /* x / 0 = all ones; x % 0 = x (in A) */
            x64_mov_r64_imm(o, A, ir_type_mask(t));
        x64_patch_rel32(o, done, x64_here(o));
        break;
    }
    case IR_DIVS: case IR_REMS: {
        bool rem = in->op == IR_REMS;
        sext64(o, A, t);
        sext64(o, C, t);
        x64_test_r64_r64(o, C, C);
        X64Fixup zero = x64_jcc_fwd(o, X64_CC_E);
        x64_cmp_r64_imm32(o, C, -1);
        X64Fixup m1 = x64_jcc_fwd(o, X64_CC_E);
        x64_cqo(o);
        x64_idiv_r64(o, C);
        if (rem)
            x64_mov_r64_r64(o, A, D);
        X64Fixup done1 = x64_jmp_fwd(o);
        x64_patch_rel32(o, m1, x64_here(o));
        if (rem)                        /* x % -1 = 0 */
            x64_xor_r32_r32(o, A, A);
        else                            /* x / -1 = -x, MIN / -1 = MIN */
            x64_neg_r64(o, A);
        X64Fixup done2 = x64_jmp_fwd(o);
        x64_patch_rel32(o, zero, x64_here(o));
        if (!rem)
            x64_mov_r64_imm(o, A, ir_type_mask(t));
        x64_patch_rel32(o, done1, x64_here(o));
        x64_patch_rel32(o, done2, x64_here(o));
        break;
    }
    default: break;
    }
    canon(o, A, t);
    st(c, in->dst, A);
}

static void emit_iun(Cg *c, const IrInsn *in)
{
    X64Buf *o = c->o;
    IrType t = (IrType)in->type;
    unsigned w = ir_type_bits(t);
    const X64Reg A = X64_RAX, C = X64_RCX, D = X64_RDX;
    ld(c, A, in->arg[0]);
    switch ((IrOp)in->op) {
    case IR_NOT: x64_not_r64(o, A); break;
    case IR_NEG: x64_neg_r64(o, A); break;
    case IR_CTZ:
        x64_mov_r32_imm32(o, D, w);
        x64_bsf_r64_r64(o, C, A);
        x64_cmov_r64_r64(o, X64_CC_E, C, D);
        x64_mov_r64_r64(o, A, C);
        break;
    case IR_CLZ:
        /* clz = (w-1) - index of the top bit; index -1 for zero gives w */
        x64_mov_r64_imm(o, D, UINT64_MAX);
        x64_bsr_r64_r64(o, C, A);
        x64_cmov_r64_r64(o, X64_CC_E, C, D);
        x64_mov_r32_imm32(o, A, w - 1);
        x64_sub_r64_r64(o, A, C);
        break;
    default: break;
    }
    canon(o, A, t);
    st(c, in->dst, A);
}

static void emit_call(Cg *c, const IrInsn *in)
{
    X64Buf *o = c->o;
    const IrHelper *h = in->helper;
    static const X64Reg argr[IR_MAX_CALL_ARGS] = { X64_RSI, X64_RDX, X64_RCX, X64_R8 };
    bool may_trap = h->flags & IR_HELPER_MAY_TRAP;
    for (unsigned i = 0; i < IR_MAX_CALL_ARGS; i++) {
        if (i < h->nargs && i < in->nargs)
            ld(c, argr[i], in->arg[i]);
        else
            x64_xor_r32_r32(o, argr[i], argr[i]);
    }
    x64_mov_r64_r64(o, X64_RDI, ENV);
    if (may_trap)
        x64_mov_m8_imm8(o, x64_mem(ENV, (int32_t)c->opts->trap_flag_off), 0);
    x64_call_abs(o, (const void *)(uintptr_t)h->fn, X64_RAX);
    if (may_trap) {
        x64_alu_m8_imm8(o, X64_ALU_CMP, x64_mem(ENV, (int32_t)c->opts->trap_flag_off), 0);
        X64Fixup ok = x64_jcc_fwd(o, X64_CC_E);
        trap_exit(c, IR_END_HELPER_TRAP, in->site, 0, NULL);
        x64_patch_rel32(o, ok, x64_here(o));
    }
    if (h->ret != IR_VOID && in->dst != IR_NO_TEMP) {
        canon(o, X64_RAX, (IrType)h->ret);
        st(c, in->dst, X64_RAX);
    }
}

/* Whether cmp `in` can leave its result in the host flags: the next
 * instruction is its only reader and branches on it at once. */
static bool fusable_cmp(const Cg *c, const IrInsn *in)
{
    const IrBlock *b = c->b;
    uint32_t i = (uint32_t)(in - b->insns);
    if (i + 1 >= b->ninsns || c->uses[in->dst] != 1)
        return false;
    const IrInsn *next = &b->insns[i + 1];
    if (next->arg[0].kind != IR_ARG_TEMP || next->arg[0].temp != in->dst)
        return false;
    if (next->op == IR_TRAP_IF)
        return true;
    return next->op == IR_BR_COND && chaining(c) && next->arg[1].kind == IR_ARG_IMM &&
           next->arg[2].kind == IR_ARG_IMM;
}

/* A forward jump taken when the i1 `cond` is 0. */
static X64Fixup jump_unless(Cg *c, IrArg cond)
{
    if (cond.kind == IR_ARG_TEMP && cond.temp == c->flags_temp) {
        c->flags_temp = IR_NO_TEMP;
        c->rax_fresh = false;
        return x64_jcc_fwd(c->o, (X64Cond)(c->flags_cond ^ 1));     /* the inverse */
    }
    ld(c, X64_RDX, cond);
    x64_test_r32_r32(c->o, X64_RDX, X64_RDX);
    return x64_jcc_fwd(c->o, X64_CC_E);
}

static void emit_insn(Cg *c, const IrInsn *in)
{
    X64Buf *o = c->o;
    IrType t = (IrType)in->type;
    const X64Reg A = X64_RAX, C = X64_RCX, D = X64_RDX;
    switch ((IrOp)in->op) {
    case IR_NOP:
        return;
    case IR_MOV: case IR_BITCAST:
        ld(c, A, in->arg[0]);
        canon(o, A, t);
        st(c, in->dst, A);
        return;
    case IR_GET_REG:
        load_m(o, A, x64_mem(REGS, (int32_t)c->g->regs[in->aux].offset), t);
        canon(o, A, t);
        st(c, in->dst, A);
        return;
    case IR_SET_REG:
        ld(c, A, in->arg[0]);
        store_m(o, x64_mem(REGS, (int32_t)c->g->regs[in->aux].offset), A, t);
        return;
    case IR_LOAD_STATE:
        load_m(o, A, x64_mem(STATE, (int32_t)in->aux), t);
        canon(o, A, t);
        st(c, in->dst, A);
        return;
    case IR_STORE_STATE:
        ld(c, A, in->arg[0]);
        store_m(o, x64_mem(STATE, (int32_t)in->aux), A, t);
        return;
    case IR_LOAD: {
        IrType mt = (IrType)in->otype;
        ld(c, A, in->arg[0]);
        if (tlb_mode(c)) {
            Stub *slow = tlb_lookup(c, mt, in->site, false);
            load_m(o, A, x64_mem(A, 0), mt);
            slow->resume = x64_here(o);
        } else {
            check_bounds(c, mt, in->site, false);
            note_access(c, in->site);
            load_m(o, A, x64_mem_idx(MEM, A, 1, 0), mt);
        }
        if (in->aux & IR_MEM_BE)
            bswap(o, A, mt);
        if (in->aux & IR_MEM_SIGNED)
            sext64(o, A, mt);
        canon(o, A, t);
        st(c, in->dst, A);
        return;
    }
    case IR_STORE: {
        IrType mt = (IrType)in->otype;
        ld(c, A, in->arg[0]);
        ld(c, C, in->arg[1]);
        if (in->aux & IR_MEM_BE) {
            canon(o, C, mt);
            bswap(o, C, mt);
        }
        if (tlb_mode(c)) {
            Stub *slow = tlb_lookup(c, mt, in->site, true);
            store_m(o, x64_mem(A, 0), C, mt);
            if (c->opts->code_pages) {
                /* aligned: one page, tested at its physical address */
                x64_sub_r64_r64(o, A, MEM);
                test_code_page(c, in->site, 1u << size_log2(mt), false);
            }
            slow->resume = x64_here(o);
            return;
        }
        check_bounds(c, mt, in->site, true);
        note_access(c, in->site);
        store_m(o, x64_mem_idx(MEM, A, 1, 0), C, mt);
        check_code_write(c, mt, in->site);
        return;
    }
    case IR_ZEXT: case IR_TRUNC:
        ld(c, A, in->arg[0]);
        canon(o, A, t);
        st(c, in->dst, A);
        return;
    case IR_SEXT:
        ld(c, A, in->arg[0]);
        sext64(o, A, (IrType)in->otype);
        canon(o, A, t);
        st(c, in->dst, A);
        return;
    case IR_CMP: {
        IrCond cc = (IrCond)in->aux;
        IrType ot = (IrType)in->otype;
        ld(c, A, in->arg[0]);
        if (is_signed_cond(cc))
            sext64(o, A, ot);
        /* the immediate as the 64-bit value A is compared with */
        uint64_t imm = in->arg[1].imm;
        if (in->arg[1].kind == IR_ARG_IMM && is_signed_cond(cc) && ir_type_bits(ot) < 64 &&
            (imm >> (ir_type_bits(ot) - 1)) & 1)
            imm |= ~ir_type_mask(ot);
        if (in->arg[1].kind == IR_ARG_IMM && imm == (uint64_t)(int64_t)(int32_t)imm) {
            x64_cmp_r64_imm32(o, A, (int32_t)imm);
        } else {
            ld(c, C, in->arg[1]);
            if (is_signed_cond(cc))
                sext64(o, C, ot);
            x64_cmp_r64_r64(o, A, C);
        }
        if (fusable_cmp(c, in)) {
            c->flags_temp = in->dst;
            c->flags_cond = cond_of(cc);
            return;
        }
        x64_setcc_r8(o, cond_of(cc), A);
        x64_movzx_r32_r8(o, A, A);
        st(c, in->dst, A);
        return;
    }
    case IR_SELECT:
        ld(c, D, in->arg[0]);
        ld(c, A, in->arg[1]);
        ld(c, C, in->arg[2]);
        x64_test_r32_r32(o, D, D);
        x64_cmov_r64_r64(o, X64_CC_E, A, C);
        st(c, in->dst, A);
        return;
    case IR_CALL:
        emit_call(c, in);
        return;
    case IR_TRAP_IF: {
        X64Fixup no = jump_unless(c, in->arg[0]);
        trap_exit(c, IR_END_TRAP, in->site, in->aux, &in->arg[1]);
        x64_patch_rel32(o, no, x64_here(o));
        return;
    }
    case IR_EXIT:
        if (chaining(c) && in->arg[0].kind == IR_ARG_IMM) {
            chain_exit(c, in->arg[0].imm);
            return;
        }
        /* fall through */
    case IR_EXIT_INDIRECT:
        if (in->op == IR_EXIT_INDIRECT && chaining(c) && c->opts->lookup_bits)
            lookup_exit(c, in->arg[0]);
        set_kind(c, in->op == IR_EXIT ? IR_END_JUMP : IR_END_INDIRECT);
        ld(c, A, in->arg[0]);
        x64_mov_m64_r64(o, fld(offsetof(X64Frame, pc)), A);
        epilogue(c);
        return;
    case IR_BR_COND:
        if (chaining(c) && in->arg[1].kind == IR_ARG_IMM && in->arg[2].kind == IR_ARG_IMM) {
            X64Fixup not_taken = jump_unless(c, in->arg[0]);
            chain_exit(c, in->arg[1].imm);
            x64_patch_rel32(o, not_taken, x64_here(o));
            chain_exit(c, in->arg[2].imm);
            return;
        }
        set_kind(c, IR_END_JUMP);
        ld(c, D, in->arg[0]);
        ld(c, A, in->arg[1]);
        ld(c, C, in->arg[2]);
        x64_test_r32_r32(o, D, D);
        x64_cmov_r64_r64(o, X64_CC_E, A, C);
        x64_mov_m64_r64(o, fld(offsetof(X64Frame, pc)), A);
        epilogue(c);
        return;
    case IR_EXIT_TRAP:
        trap_exit(c, IR_END_TRAP, in->site, in->aux, &in->arg[0]);
        return;
    default:
        break;
    }
    switch ((IrClass)ir_op_info[in->op].cls) {
    case IR_CLS_IBIN: emit_ibin(c, in); break;
    case IR_CLS_IUN: emit_iun(c, in); break;
    default: break;
    }
}

size_t x64_compile(const IrBlock *b, const IrGuest *g, const X64CodegenOpts *opts, X64Buf *out)
{
    if (!g)
        g = b->guest;
    if (!g || b->ninsns == 0 || !x64_block_supported(b, opts))
        return 0;
    if (b->ntemps > X64_MAX_TEMPS)
        return 0;       /* the temps' stack area would be too large */
    size_t start = out->len;
    Cg c = { .o = out, .b = b, .g = g, .opts = opts, .start = start };
    uint32_t temps = b->ntemps;
    if (opts && opts->chain) {
        if (temps > opts->frame_temps)
            return 0;
        temps = opts->frame_temps;     /* one frame for every block */
        opts->chain->nexits = 0;
    }
    int32_t frame = (int32_t)(8 * temps);
    if (frame % 16 == 0)
        frame += 8;
    c.frame = frame;
    /* at most three cold exits per access: bounds, code page, slow path */
    uint32_t accesses = 0;
    for (uint32_t i = 0; i < b->ninsns; i++)
        accesses += b->insns[i].op == IR_LOAD || b->insns[i].op == IR_STORE;
    if (accesses) {
        c.stubs = malloc(3 * accesses * sizeof *c.stubs);
        if (!c.stubs)
            return 0;
    }
    if (opts && opts->fault_map)
        opts->fault_map->n = 0;
    if (!assign_homes(&c)) {
        free(c.stubs);
        free(c.home);
        free(c.uses);
        return 0;
    }
    prologue(&c);
    if (opts && opts->chain) {
        opts->chain->body = (uint32_t)(x64_here(out) - start);
        x64_add_m64_imm32(out, x64_mem(ENV, (int32_t)opts->count_off), (int32_t)opts->insn_count);
    }
    c.rax_next = IR_NO_TEMP;
    c.flags_temp = IR_NO_TEMP;
    for (uint32_t i = 0; i < b->ninsns; i++) {
        c.rax_temp = c.rax_next;
        c.rax_next = IR_NO_TEMP;
        c.rax_fresh = true;
        c.cur = i;
        emit_insn(&c, &b->insns[i]);
    }
    if (!ir_insn_is_term(&b->insns[b->ninsns - 1]))
        x64_ud2(out);     /* a valid block never gets here */
    emit_stubs(&c);
    free(c.stubs);
    free(c.home);
    free(c.uses);
    if (out->overflow || c.failed) {
        out->len = start;
        return 0;
    }
    return out->len - start;
}

void *x64_code_alloc(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

bool x64_code_seal(void *p, size_t size)
{
    return mprotect(p, size, PROT_READ | PROT_EXEC) == 0;
}

void x64_code_free(void *p, size_t size)
{
    if (p)
        munmap(p, size);
}
