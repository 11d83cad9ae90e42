/*
 * The IR's op table, types, block storage, builders and validator. What the
 * ops mean is in ir_interp.c; the passes are in ir_opt.c.
 */
#include "ir.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const IrOpInfo ir_op_info[IR_NOPS] = {
#define IR_OP_INFO(id, nm, na, cl, fl) [IR_##id] = { nm, na, cl, fl },
    IR_OP_LIST(IR_OP_INFO)
#undef IR_OP_INFO
};

/* ---- types ---------------------------------------------------------------- */

static const struct { const char *name; uint8_t bits; } type_info[IR_NTYPES] = {
    [IR_VOID] = { "void", 0 }, [IR_I1] = { "i1", 1 }, [IR_I8] = { "i8", 8 },
    [IR_I16] = { "i16", 16 }, [IR_I32] = { "i32", 32 }, [IR_I64] = { "i64", 64 },
    [IR_F32] = { "f32", 32 }, [IR_F64] = { "f64", 64 },
};

unsigned ir_type_bits(IrType t) { return t < IR_NTYPES ? type_info[t].bits : 0; }
bool ir_type_is_int(IrType t) { return t >= IR_I1 && t <= IR_I64; }
bool ir_type_is_float(IrType t) { return t == IR_F32 || t == IR_F64; }
const char *ir_type_name(IrType t) { return t < IR_NTYPES ? type_info[t].name : "?"; }

uint64_t ir_type_mask(IrType t)
{
    unsigned n = ir_type_bits(t);
    return n >= 64 ? UINT64_MAX : (UINT64_C(1) << n) - 1;
}

/* Integer types wider than i1: what arithmetic, memory and cc ops take. */
static bool is_wide_int(IrType t) { return t >= IR_I8 && t <= IR_I64; }

/* ---- blocks --------------------------------------------------------------- */

void ir_block_init(IrBlock *b, const IrGuest *guest, uint64_t pc)
{
    memset(b, 0, sizeof *b);
    b->guest = guest;
    b->pc = pc;
}

void ir_block_clear(IrBlock *b, uint64_t pc)
{
    b->pc = pc;
    b->ninsns = b->ntemps = b->nsites = 0;
    b->oom = false;
}

void ir_block_destroy(IrBlock *b)
{
    free(b->insns);
    free(b->temp_type);
    free(b->sites);
    memset(b, 0, sizeof *b);
}

bool ir_block_copy(IrBlock *dst, const IrBlock *src)
{
    IrBlock c;
    ir_block_init(&c, src->guest, src->pc);
    c.insns = malloc(((size_t)src->ninsns + 1) * sizeof *c.insns);
    c.temp_type = malloc((size_t)src->ntemps + 1);
    c.sites = malloc(((size_t)src->nsites + 1) * sizeof *c.sites);
    if (!c.insns || !c.temp_type || !c.sites) {
        ir_block_destroy(&c);
        return false;
    }
    if (src->ninsns)
        memcpy(c.insns, src->insns, src->ninsns * sizeof *c.insns);
    if (src->ntemps)
        memcpy(c.temp_type, src->temp_type, src->ntemps);
    if (src->nsites)
        memcpy(c.sites, src->sites, src->nsites * sizeof *c.sites);
    c.insns_cap = src->ninsns + 1;
    c.ninsns = src->ninsns;
    c.ntemps = src->ntemps;
    c.temps_cap = src->ntemps + 1;
    c.nsites = src->nsites;
    c.sites_cap = src->nsites + 1;
    c.oom = src->oom;
    ir_block_destroy(dst);
    *dst = c;
    return true;
}

/* Make room for one more element; false (and b->oom) on failure. */
static bool grow(IrBlock *b, void **arr, uint32_t n, uint32_t *cap, size_t elem)
{
    if (n < *cap)
        return true;
    uint32_t ncap = *cap ? *cap * 2 : 64;
    void *p = realloc(*arr, (size_t)ncap * elem);
    if (!p) {
        b->oom = true;
        return false;
    }
    *arr = p;
    *cap = ncap;
    return true;
}

uint32_t ir_site(IrBlock *b, uint64_t pc, uint32_t index)
{
    if (b->nsites && b->sites[b->nsites - 1].pc == pc && b->sites[b->nsites - 1].index == index)
        return b->nsites - 1;
    if (b->oom || !grow(b, (void **)&b->sites, b->nsites, &b->sites_cap, sizeof *b->sites))
        return 0;
    b->sites[b->nsites] = (IrSite){ pc, index };
    return b->nsites++;
}

uint64_t ir_site_pc(const IrBlock *b, uint32_t site)
{
    return site < b->nsites ? b->sites[site].pc : 0;
}

IrTemp ir_new_temp(IrBlock *b, IrType t)
{
    if (b->oom || !grow(b, (void **)&b->temp_type, b->ntemps, &b->temps_cap, 1))
        return 0;
    b->temp_type[b->ntemps] = (uint8_t)t;
    return b->ntemps++;
}

/* ---- queries -------------------------------------------------------------- */

unsigned ir_insn_nargs(const IrInsn *in) { return in->nargs; }

bool ir_insn_has_side_effects(const IrInsn *in)
{
    if (in->op == IR_CALL)
        return !(in->helper->flags & IR_HELPER_PURE);
    return (ir_op_info[in->op].flags & IR_OPF_SIDE) != 0;
}

bool ir_insn_may_fault(const IrInsn *in)
{
    if (in->op == IR_CALL)
        return (in->helper->flags & IR_HELPER_MAY_TRAP) != 0;
    return (ir_op_info[in->op].flags & IR_OPF_FAULT) != 0;
}

bool ir_insn_reads_regs(const IrInsn *in)
{
    return in->op == IR_CALL && (in->helper->flags & IR_HELPER_READS_REGS);
}

bool ir_insn_writes_regs(const IrInsn *in)
{
    return in->op == IR_CALL && (in->helper->flags & IR_HELPER_WRITES_REGS);
}

bool ir_insn_is_term(const IrInsn *in) { return (ir_op_info[in->op].flags & IR_OPF_TERM) != 0; }

IrType ir_operand_type(const IrInsn *in, unsigned i)
{
    if (in->op >= IR_NOPS)
        return IR_VOID;
    switch ((IrClass)ir_op_info[in->op].cls) {
    case IR_CLS_NONE: case IR_CLS_GET_REG: case IR_CLS_LOAD_STATE:
        return IR_VOID;
    case IR_CLS_MOV: case IR_CLS_SET_REG: case IR_CLS_STORE_STATE:
    case IR_CLS_IBIN: case IR_CLS_IUN: case IR_CLS_FBIN: case IR_CLS_FUN: case IR_CLS_FMA:
        return (IrType)in->type;
    case IR_CLS_LOAD:
        return IR_I64;
    case IR_CLS_STORE:
        return i == 0 ? IR_I64 : (IrType)in->type;
    case IR_CLS_EXT: case IR_CLS_CMP: case IR_CLS_CC: case IR_CLS_FCMP:
    case IR_CLS_ITOF: case IR_CLS_FTOI: case IR_CLS_FTOF: case IR_CLS_BITCAST:
        return (IrType)in->otype;
    case IR_CLS_SELECT:
        return i == 0 ? IR_I1 : (IrType)in->type;
    case IR_CLS_CALL:
        return in->helper && i < in->helper->nargs ? (IrType)in->helper->arg_type[i] : IR_VOID;
    case IR_CLS_TRAP_IF: case IR_CLS_BR_COND:
        return i == 0 ? IR_I1 : IR_I64;
    case IR_CLS_EXIT: case IR_CLS_EXIT_INDIRECT: case IR_CLS_EXIT_TRAP:
        return IR_I64;
    }
    return IR_VOID;
}

/* ---- builders ------------------------------------------------------------- */

IrArg ir_emit(IrBlock *b, const IrInsn *proto)
{
    IrArg none = { IR_ARG_NONE, IR_NO_TEMP, 0 };
    if (b->oom || !grow(b, (void **)&b->insns, b->ninsns, &b->insns_cap, sizeof *b->insns))
        return none;
    IrInsn in = *proto;
    for (unsigned i = 0; i < in.nargs && i < 4; i++)
        if (in.arg[i].kind == IR_ARG_IMM)
            in.arg[i].imm &= ir_type_mask(ir_operand_type(&in, i));
    bool result = in.op == IR_CALL ? in.helper && in.helper->ret != IR_VOID
                                   : in.op < IR_NOPS && (ir_op_info[in.op].flags & IR_OPF_RESULT);
    if (result && in.dst == IR_NO_TEMP) {
        in.dst = ir_new_temp(b, (IrType)in.type);
        if (b->oom)
            return none;
    }
    b->insns[b->ninsns++] = in;
    return result ? ir_temp(in.dst) : none;
}

/* The common case: an op with its operands, no helper. */
static IrArg emit(IrBlock *b, IrOp op, IrType type, IrType otype, uint32_t aux, uint32_t site,
                  unsigned nargs, ...)
{
    IrInsn in = {
        .op = (uint8_t)op, .type = (uint8_t)type, .otype = (uint8_t)otype,
        .nargs = (uint8_t)nargs, .dst = IR_NO_TEMP, .aux = aux, .site = site,
    };
    va_list ap;
    va_start(ap, nargs);
    for (unsigned i = 0; i < nargs; i++)
        in.arg[i] = va_arg(ap, IrArg);
    va_end(ap);
    return ir_emit(b, &in);
}

static IrType reg_type(const IrBlock *b, unsigned reg)
{
    return reg < b->guest->nregs ? (IrType)b->guest->regs[reg].type : IR_VOID;
}

IrArg ir_mov(IrBlock *b, IrType t, IrArg v) { return emit(b, IR_MOV, t, IR_VOID, 0, IR_NO_SITE, 1, v); }

IrArg ir_get_reg(IrBlock *b, unsigned reg)
{
    return emit(b, IR_GET_REG, reg_type(b, reg), IR_VOID, reg, IR_NO_SITE, 0);
}

void ir_set_reg(IrBlock *b, unsigned reg, IrArg v)
{
    emit(b, IR_SET_REG, reg_type(b, reg), IR_VOID, reg, IR_NO_SITE, 1, v);
}

IrArg ir_load_state(IrBlock *b, IrType t, uint32_t offset)
{
    return emit(b, IR_LOAD_STATE, t, IR_VOID, offset, IR_NO_SITE, 0);
}

void ir_store_state(IrBlock *b, IrType t, uint32_t offset, IrArg v)
{
    emit(b, IR_STORE_STATE, t, IR_VOID, offset, IR_NO_SITE, 1, v);
}

IrArg ir_load(IrBlock *b, IrType t, IrType mem, unsigned flags, IrArg addr, uint32_t site)
{
    return emit(b, IR_LOAD, t, mem, flags, site, 1, addr);
}

void ir_store(IrBlock *b, IrType t, IrType mem, unsigned flags, IrArg addr, IrArg v, uint32_t site)
{
    emit(b, IR_STORE, t, mem, flags, site, 2, addr, v);
}

IrArg ir_binop(IrBlock *b, IrOp op, IrType t, IrArg x, IrArg y)
{
    return emit(b, op, t, IR_VOID, 0, IR_NO_SITE, 2, x, y);
}

IrArg ir_unop(IrBlock *b, IrOp op, IrType t, IrArg x)
{
    return emit(b, op, t, IR_VOID, 0, IR_NO_SITE, 1, x);
}

IrArg ir_fma(IrBlock *b, IrType t, IrArg x, IrArg y, IrArg z)
{
    return emit(b, IR_FMA, t, IR_VOID, 0, IR_NO_SITE, 3, x, y, z);
}

IrArg ir_conv(IrBlock *b, IrOp op, IrType to, IrType from, unsigned flags, IrArg x)
{
    return emit(b, op, to, from, flags, IR_NO_SITE, 1, x);
}

IrArg ir_cmp(IrBlock *b, IrCond c, IrType t, IrArg x, IrArg y)
{
    return emit(b, IR_CMP, IR_I1, t, c, IR_NO_SITE, 2, x, y);
}

IrArg ir_fcmp(IrBlock *b, IrFCond c, IrType t, IrArg x, IrArg y)
{
    return emit(b, IR_FCMP, IR_I1, t, c, IR_NO_SITE, 2, x, y);
}

IrArg ir_select(IrBlock *b, IrType t, IrArg cond, IrArg x, IrArg y)
{
    return emit(b, IR_SELECT, t, IR_VOID, 0, IR_NO_SITE, 3, cond, x, y);
}

IrArg ir_cc_flag(IrBlock *b, IrCcKind k, IrFlag f, IrType t, IrArg a, IrArg x, IrArg r)
{
    return emit(b, IR_CC_FLAG, IR_I1, t, k | (uint32_t)f << 8, IR_NO_SITE, 3, a, x, r);
}

IrArg ir_cc_test(IrBlock *b, IrCcKind k, IrCcCond c, IrType t, IrArg a, IrArg x, IrArg r)
{
    return emit(b, IR_CC_TEST, IR_I1, t, k | (uint32_t)c << 8, IR_NO_SITE, 3, a, x, r);
}

IrArg ir_call(IrBlock *b, const IrHelper *h, const IrArg *args, uint32_t site)
{
    IrInsn in = {
        .op = IR_CALL, .type = h->ret, .nargs = h->nargs, .dst = IR_NO_TEMP,
        .site = site, .helper = h,
    };
    for (unsigned i = 0; i < h->nargs && i < IR_MAX_CALL_ARGS; i++)
        in.arg[i] = args[i];
    return ir_emit(b, &in);
}

void ir_trap_if(IrBlock *b, IrArg cond, uint32_t cause, IrArg value, uint32_t site)
{
    emit(b, IR_TRAP_IF, IR_VOID, IR_VOID, cause, site, 2, cond, value);
}

void ir_exit(IrBlock *b, uint64_t pc)
{
    emit(b, IR_EXIT, IR_VOID, IR_VOID, 0, IR_NO_SITE, 1, ir_imm(pc));
}

void ir_exit_indirect(IrBlock *b, IrArg pc)
{
    emit(b, IR_EXIT_INDIRECT, IR_VOID, IR_VOID, 0, IR_NO_SITE, 1, pc);
}

void ir_br_cond(IrBlock *b, IrArg cond, uint64_t taken, uint64_t fallthrough)
{
    emit(b, IR_BR_COND, IR_VOID, IR_VOID, 0, IR_NO_SITE, 3, cond, ir_imm(taken), ir_imm(fallthrough));
}

void ir_exit_trap(IrBlock *b, uint32_t cause, IrArg value, uint32_t site)
{
    emit(b, IR_EXIT_TRAP, IR_VOID, IR_VOID, cause, site, 1, value);
}

/* ---- validation ----------------------------------------------------------- */

static bool fail(char *err, size_t errlen, uint32_t i, const char *fmt, ...)
{
    if (err && errlen) {
        int n = snprintf(err, errlen, "insn %u: ", i);
        if (n >= 0 && (size_t)n < errlen) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
    return false;
}

/* The type rules of one instruction, apart from its operands; NULL when
 * they hold, else what is wrong. */
static const char *check_types(const IrBlock *b, const IrInsn *in)
{
    IrType t = (IrType)in->type, o = (IrType)in->otype;
    unsigned kind = in->aux & 0xff, sub = in->aux >> 8;
    switch ((IrClass)ir_op_info[in->op].cls) {
    case IR_CLS_NONE:
        return NULL;
    case IR_CLS_MOV: case IR_CLS_SELECT: case IR_CLS_LOAD_STATE: case IR_CLS_STORE_STATE:
        return t != IR_VOID && t < IR_NTYPES ? NULL : "bad type";
    case IR_CLS_GET_REG: case IR_CLS_SET_REG:
        if (in->aux >= b->guest->nregs)
            return "no such guest register";
        return t == b->guest->regs[in->aux].type ? NULL : "type differs from the register's";
    case IR_CLS_LOAD: case IR_CLS_STORE:
        if (in->aux & ~(unsigned)(IR_MEM_SIGNED | IR_MEM_BE))
            return "bad memory flags";
        if (is_wide_int(o))
            return is_wide_int(t) && ir_type_bits(t) >= ir_type_bits(o) ? NULL : "value narrower than memory";
        if (ir_type_is_float(o))
            return t == o && !(in->aux & IR_MEM_SIGNED) ? NULL : "float access type mismatch";
        return "bad memory type";
    case IR_CLS_IBIN: case IR_CLS_IUN:
        if (t == IR_I1)
            return in->op == IR_AND || in->op == IR_OR || in->op == IR_XOR || in->op == IR_NOT
                   ? NULL : "i1 only in and/or/xor/not";
        return is_wide_int(t) ? NULL : "not an integer type";
    case IR_CLS_EXT:
        if (!ir_type_is_int(t) || !ir_type_is_int(o))
            return "not integer types";
        if (in->op == IR_TRUNC)
            return ir_type_bits(t) <= ir_type_bits(o) ? NULL : "trunc widens";
        return ir_type_bits(t) >= ir_type_bits(o) && t != IR_I1 ? NULL : "extension narrows";
    case IR_CLS_CMP:
        if (t != IR_I1 || in->aux >= IR_NCONDS || !ir_type_is_int(o))
            return "bad compare";
        return o != IR_I1 || in->aux == IR_EQ || in->aux == IR_NE ? NULL : "i1 compares only eq/ne";
    case IR_CLS_CC:
        if (t != IR_I1 || !is_wide_int(o) || kind >= IR_NCCKINDS)
            return "bad cc op";
        if (in->op == IR_CC_FLAG)
            return sub < IR_NFLAGS && !(kind == IR_CC_LOGIC && sub == IR_FLAG_X) ? NULL : "bad flag";
        return sub < IR_NCCCONDS ? NULL : "bad condition";
    case IR_CLS_FBIN: case IR_CLS_FUN: case IR_CLS_FMA:
        return ir_type_is_float(t) ? NULL : "not a float type";
    case IR_CLS_FCMP:
        return t == IR_I1 && ir_type_is_float(o) && in->aux < IR_NFCONDS ? NULL : "bad float compare";
    case IR_CLS_ITOF:
        return ir_type_is_float(t) && (o == IR_I32 || o == IR_I64) && !(in->aux & ~(unsigned)IR_MEM_SIGNED)
               ? NULL : "bad itof";
    case IR_CLS_FTOI:
        return ir_type_is_float(o) && (t == IR_I32 || t == IR_I64) && !(in->aux & ~(unsigned)IR_MEM_SIGNED)
               ? NULL : "bad ftoi";
    case IR_CLS_FTOF:
        return ir_type_is_float(t) && ir_type_is_float(o) && t != o ? NULL : "bad fconv";
    case IR_CLS_BITCAST:
        return ((t == IR_F32 && o == IR_I32) || (t == IR_I32 && o == IR_F32) ||
                (t == IR_F64 && o == IR_I64) || (t == IR_I64 && o == IR_F64)) ? NULL : "bad bitcast";
    case IR_CLS_CALL:
        if (!in->helper || !in->helper->fn || in->helper->nargs > IR_MAX_CALL_ARGS)
            return "bad helper";
        if (in->nargs != in->helper->nargs || t != in->helper->ret)
            return "call does not match its helper";
        return NULL;
    case IR_CLS_TRAP_IF: case IR_CLS_EXIT: case IR_CLS_EXIT_INDIRECT:
    case IR_CLS_BR_COND: case IR_CLS_EXIT_TRAP:
        return t == IR_VOID ? NULL : "control op with a type";
    }
    return "unknown class";
}

bool ir_validate(const IrBlock *b, char *err, size_t errlen)
{
    if (b->oom)
        return fail(err, errlen, b->ninsns, "out of memory while building");
    if (b->ninsns == 0)
        return fail(err, errlen, 0, "empty block");
    uint8_t *defined = calloc(b->ntemps ? b->ntemps : 1, 1);
    if (!defined)
        return fail(err, errlen, 0, "out of memory while validating");
    bool ok = false;
    for (uint32_t i = 0; i < b->ninsns; i++) {
        const IrInsn *in = &b->insns[i];
        if (in->op >= IR_NOPS) {
            fail(err, errlen, i, "bad op %u", in->op);
            goto out;
        }
        const IrOpInfo *info = &ir_op_info[in->op];
        unsigned nargs = in->op == IR_CALL ? in->nargs : info->nargs;
        if (in->nargs != nargs || nargs > 4) {
            fail(err, errlen, i, "%s: %u operands", info->name, in->nargs);
            goto out;
        }
        const char *why = check_types(b, in);
        if (why) {
            fail(err, errlen, i, "%s: %s", info->name, why);
            goto out;
        }
        for (unsigned k = 0; k < 4; k++) {
            IrArg a = in->arg[k];
            if (k >= nargs) {
                if (a.kind != IR_ARG_NONE) {
                    fail(err, errlen, i, "%s: stray operand %u", info->name, k);
                    goto out;
                }
                continue;
            }
            IrType want = ir_operand_type(in, k);
            if (a.kind == IR_ARG_IMM) {
                if (a.imm & ~ir_type_mask(want)) {
                    fail(err, errlen, i, "%s: immediate %#llx wider than %s", info->name,
                         (unsigned long long)a.imm, ir_type_name(want));
                    goto out;
                }
            } else if (a.kind == IR_ARG_TEMP) {
                if (a.temp >= b->ntemps || !defined[a.temp]) {
                    fail(err, errlen, i, "%s: t%u used before its definition", info->name, a.temp);
                    goto out;
                }
                if (b->temp_type[a.temp] != want) {
                    fail(err, errlen, i, "%s: t%u is %s, wants %s", info->name, a.temp,
                         ir_type_name((IrType)b->temp_type[a.temp]), ir_type_name(want));
                    goto out;
                }
            } else {
                fail(err, errlen, i, "%s: missing operand %u", info->name, k);
                goto out;
            }
        }
        /* pcs of static exits are immediates: that is what makes them chainable */
        if ((in->op == IR_EXIT && !ir_is_imm(in->arg[0])) ||
            (in->op == IR_BR_COND && (!ir_is_imm(in->arg[1]) || !ir_is_imm(in->arg[2])))) {
            fail(err, errlen, i, "%s: target pc must be an immediate", info->name);
            goto out;
        }
        bool result = in->op == IR_CALL ? in->helper->ret != IR_VOID : (info->flags & IR_OPF_RESULT);
        if (result) {
            if (in->dst >= b->ntemps || defined[in->dst]) {
                fail(err, errlen, i, "%s: result t%u not a fresh temp", info->name, in->dst);
                goto out;
            }
            if (b->temp_type[in->dst] != in->type) {
                fail(err, errlen, i, "%s: result t%u has the wrong type", info->name, in->dst);
                goto out;
            }
            defined[in->dst] = 1;
        } else if (in->dst != IR_NO_TEMP) {
            fail(err, errlen, i, "%s: defines a temp", info->name);
            goto out;
        }
        if (ir_insn_may_fault(in) && in->site >= b->nsites) {
            fail(err, errlen, i, "%s: may fault but has no site", info->name);
            goto out;
        }
        if (ir_insn_is_term(in) != (i == b->ninsns - 1)) {
            fail(err, errlen, i, "%s: %s", info->name,
                 ir_insn_is_term(in) ? "terminator before the end" : "block does not end in a terminator");
            goto out;
        }
    }
    ok = true;
out:
    free(defined);
    return ok;
}
