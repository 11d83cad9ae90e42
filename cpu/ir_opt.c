/*
 * Passes over one block. Each walks the instruction list once; deleted
 * instructions become nops (ir_compact drops them), and a value that is
 * replaced is recorded in a per-temp map that later operands are rewritten
 * through, so no pass needs use lists. All of them keep the block valid, and
 * none moves an instruction: the order of side effects, and therefore what a
 * fault sees, is the frontend's.
 *
 * When an allocation fails a pass does nothing: optimisation is optional.
 */
#include "ir.h"

#include <stdlib.h>
#include <string.h>

static void make_nop(IrInsn *in)
{
    memset(in, 0, sizeof *in);
    in->op = IR_NOP;
    in->dst = IR_NO_TEMP;
    in->site = IR_NO_SITE;
}

/* Rewrite in's temp operands through map (kind NONE = keep). Map entries are
 * recorded already rewritten, so one lookup resolves a chain. */
static void subst(IrInsn *in, const IrArg *map)
{
    for (unsigned k = 0; k < in->nargs; k++)
        if (in->arg[k].kind == IR_ARG_TEMP && map[in->arg[k].temp].kind != IR_ARG_NONE)
            in->arg[k] = map[in->arg[k].temp];
}

/* ---- constant folding ----------------------------------------------------- */

typedef struct Fold {
    IrBlock *b;
    IrArg *map;        /* temp -> replacement */
    uint32_t *def;     /* temp -> index of its defining insn */
} Fold;

/* The instruction that defines arg, if it is a temp still defined by a live
 * instruction of op `op`. */
static const IrInsn *def_as(const Fold *f, IrArg a, IrOp op)
{
    if (a.kind != IR_ARG_TEMP || f->def[a.temp] == UINT32_MAX)
        return NULL;
    const IrInsn *d = &f->b->insns[f->def[a.temp]];
    return d->op == op && d->dst == a.temp ? d : NULL;
}

/* The result of in is v: forward it and delete in. The fold_* functions
 * return whether they deleted or rewrote in. */
static bool replace(Fold *f, IrInsn *in, IrArg v)
{
    f->map[in->dst] = v;
    make_nop(in);
    return true;
}

static bool replace_imm(Fold *f, IrInsn *in, uint64_t v)
{
    return replace(f, in, ir_imm(v & ir_type_mask((IrType)in->type)));
}

/* Turn in into a one-operand op of the same result type. */
static bool become_unop(IrInsn *in, IrOp op, IrArg x)
{
    in->op = (uint8_t)op;
    in->nargs = 1;
    in->arg[0] = x;
    memset(&in->arg[1], 0, 3 * sizeof in->arg[1]);
    return true;
}

static bool become_binop(IrInsn *in, IrOp op, IrArg x, uint64_t imm)
{
    in->op = (uint8_t)op;
    in->nargs = 2;
    in->arg[0] = x;
    in->arg[1] = ir_imm(imm & ir_type_mask((IrType)in->type));
    memset(&in->arg[2], 0, 2 * sizeof in->arg[2]);
    return true;
}

static int log2_exact(uint64_t v)
{
    return v && !(v & (v - 1)) ? __builtin_ctzll(v) : -1;
}

/* a op b written as b op' a */
static IrCond mirror(IrCond c)
{
    switch (c) {
    case IR_SLT: return IR_SGT;
    case IR_SLE: return IR_SGE;
    case IR_SGT: return IR_SLT;
    case IR_SGE: return IR_SLE;
    case IR_ULT: return IR_UGT;
    case IR_ULE: return IR_UGE;
    case IR_UGT: return IR_ULT;
    case IR_UGE: return IR_ULE;
    default: return c;
    }
}

/* Integer binary ops with at least one temp operand. */
static bool fold_ibin(Fold *f, IrInsn *in)
{
    IrType t = (IrType)in->type;
    unsigned w = ir_type_bits(t);
    uint64_t m = ir_type_mask(t);
    IrArg x = in->arg[0], y = in->arg[1];
    bool same = ir_arg_eq(x, y);
    bool ci = ir_is_imm(y);
    uint64_t c = y.imm;
    IrOp op = (IrOp)in->op;
    bool changed = false;

    /* a constant on the left of a non-commutative op */
    if (ir_is_imm(x)) {
        /* (not divisions: 0 / 0 is all ones) */
        if (x.imm == 0 && (op == IR_SHL || op == IR_SHR || op == IR_SAR || op == IR_ROTL || op == IR_ROTR ||
                           op == IR_MULHSU || op == IR_REMU || op == IR_REMS))
            return replace_imm(f, in, 0);
        if (x.imm == m && (op == IR_SAR || op == IR_ROTL || op == IR_ROTR))
            return replace_imm(f, in, m);
        if (x.imm == 0 && op == IR_SUB)
            return become_unop(in, IR_NEG, y);
        return false;
    }
    switch (op) {
    case IR_SUB:
        if (same)
            return replace_imm(f, in, 0);
        if (!ci)
            return false;
        /* x - c is x + (-c): one form for the reassociation below */
        changed = become_binop(in, IR_ADD, x, 0 - c);
        c = (0 - c) & m;
        op = IR_ADD;
        break;
    case IR_AND: case IR_OR:
        if (same)
            return replace(f, in, x);
        break;
    case IR_XOR:
        if (same)
            return replace_imm(f, in, 0);
        break;
    default:
        break;
    }
    if (!ci)
        return false;

    /* (x op c1) op c2 = x op (c1 op c2) for the associative ops */
    if (op == IR_ADD || op == IR_AND || op == IR_OR || op == IR_XOR || op == IR_MUL) {
        const IrInsn *d = def_as(f, x, op);
        if (d && d->type == t && ir_is_imm(d->arg[1]) && ir_is_temp(d->arg[0])) {
            uint64_t v;
            ir_eval_pure(in, (uint64_t[4]){ d->arg[1].imm, c, 0, 0 }, &v);
            x = d->arg[0];
            c = v;
            changed = become_binop(in, op, x, c);
        }
    }

    int k = log2_exact(c);
    switch (op) {
    case IR_ADD: case IR_OR: case IR_XOR:
        if (c == 0)
            return replace(f, in, x);
        if (op == IR_OR && c == m)
            return replace_imm(f, in, m);
        if (op == IR_XOR && c == m)
            return become_unop(in, IR_NOT, x);
        return changed;
    case IR_AND:
        if (c == 0)
            return replace_imm(f, in, 0);
        if (c == m)
            return replace(f, in, x);
        return changed;
    case IR_MUL:
        if (c == 0)
            return replace_imm(f, in, 0);
        if (c == 1)
            return replace(f, in, x);
        if (k > 0)
            return become_binop(in, IR_SHL, x, (uint64_t)k);
        return changed;
    case IR_MULHS: case IR_MULHU: case IR_MULHSU:
        if (c == 0)
            return replace_imm(f, in, 0);
        return changed;
    case IR_DIVU:
        if (c == 1)
            return replace(f, in, x);
        if (k > 0)
            return become_binop(in, IR_SHR, x, (uint64_t)k);
        return changed;
    case IR_DIVS:
        if (c == 1)
            return replace(f, in, x);
        return changed;
    case IR_REMU:
        if (c == 1)
            return replace_imm(f, in, 0);
        if (k > 0)
            return become_binop(in, IR_AND, x, c - 1);
        return changed;
    case IR_REMS:
        if (c == 1)
            return replace_imm(f, in, 0);
        return changed;
    case IR_SHL: case IR_SHR: case IR_SAR: case IR_ROTL: case IR_ROTR:
        if ((c & (w - 1)) == 0)
            return replace(f, in, x);
        return changed;
    default:
        return changed;
    }
}

static bool fold_ext(Fold *f, IrInsn *in)
{
    IrType to = (IrType)in->type, from = (IrType)in->otype;
    IrArg x = in->arg[0];
    if (to == from)
        return replace(f, in, x);
    const IrInsn *d = def_as(f, x, IR_ZEXT);
    if (!d)
        d = def_as(f, x, IR_SEXT);
    if (!d)
        d = def_as(f, x, IR_TRUNC);
    if (!d)
        return false;
    IrType inner = (IrType)d->otype;
    if (in->op == d->op) {
        /* zext(zext y) = zext y, sext(sext y) = sext y, trunc(trunc y) = trunc y */
        in->otype = (uint8_t)inner;
        in->arg[0] = d->arg[0];
        return fold_ext(f, in);
    }
    if (in->op == IR_ZEXT && d->op == IR_TRUNC && inner == to) {
        /* zext(trunc y) back to y's type keeps y's low bits */
        become_binop(in, IR_AND, d->arg[0], ir_type_mask(from));
        in->otype = IR_VOID;
        return true;
    }
    if (in->op == IR_TRUNC && d->op != IR_TRUNC) {
        /* trunc of an extension of y: y itself, a narrower trunc of y, or a
         * shorter extension of y */
        if (to == inner)
            return replace(f, in, d->arg[0]);
        in->arg[0] = d->arg[0];
        in->otype = (uint8_t)inner;
        if (ir_type_bits(to) > ir_type_bits(inner))
            in->op = d->op;
        return true;
    }
    return false;
}

/* For cmp.eq/ne against 0 or 1 of an i1 value, or of an i1 zero-extended:
 * the i1 value, or its negation. */
static bool fold_bool_cmp(Fold *f, IrInsn *in)
{
    IrArg x = in->arg[0], y = in->arg[1];
    if (!ir_is_imm(y) || y.imm > 1 || (in->aux != IR_EQ && in->aux != IR_NE))
        return false;
    IrArg v;
    if (in->otype == IR_I1) {
        v = x;
    } else {
        const IrInsn *d = def_as(f, x, IR_ZEXT);
        if (!d || d->otype != IR_I1)
            return false;
        v = d->arg[0];
    }
    bool same = (in->aux == IR_NE) != (y.imm == 1);   /* ne 0, eq 1: v itself */
    if (same) {
        replace(f, in, v);
    } else {
        in->otype = IR_VOID;
        in->aux = 0;
        become_unop(in, IR_NOT, v);
    }
    return true;
}

static bool fold_cmp(Fold *f, IrInsn *in)
{
    if (ir_is_imm(in->arg[0])) {
        IrArg t = in->arg[0];
        in->arg[0] = in->arg[1];
        in->arg[1] = t;
        in->aux = mirror((IrCond)in->aux);
    }
    IrArg x = in->arg[0], y = in->arg[1];
    uint64_t m = ir_type_mask((IrType)in->otype);
    if (ir_arg_eq(x, y)) {
        IrCond c = (IrCond)in->aux;
        return replace_imm(f, in, c == IR_EQ || c == IR_SLE || c == IR_SGE || c == IR_ULE || c == IR_UGE);
    }
    if (fold_bool_cmp(f, in))
        return true;
    if (!ir_is_imm(y))
        return false;
    switch ((IrCond)in->aux) {
    case IR_ULT: return y.imm == 0 && replace_imm(f, in, 0);
    case IR_UGE: return y.imm == 0 && replace_imm(f, in, 1);
    case IR_ULE: return y.imm == m && replace_imm(f, in, 1);
    case IR_UGT: return y.imm == m && replace_imm(f, in, 0);
    default: return false;
    }
}

static bool fold_select(Fold *f, IrInsn *in)
{
    IrArg c = in->arg[0], x = in->arg[1], y = in->arg[2];
    if (ir_is_imm(c))
        return replace(f, in, c.imm ? x : y);
    if (ir_arg_eq(x, y))
        return replace(f, in, x);
    if (in->type == IR_I1 && ir_is_imm(x) && ir_is_imm(y)) {
        if (x.imm == 1 && y.imm == 0)
            return replace(f, in, c);
        if (x.imm == 0 && y.imm == 1)
            return become_unop(in, IR_NOT, c);
    }
    return false;
}

/* Is this op a computation ir_eval_pure can do? */
static bool is_computation(const IrInsn *in)
{
    switch ((IrClass)ir_op_info[in->op].cls) {
    case IR_CLS_MOV: case IR_CLS_IBIN: case IR_CLS_IUN: case IR_CLS_EXT: case IR_CLS_CMP:
    case IR_CLS_SELECT: case IR_CLS_CC: case IR_CLS_FBIN: case IR_CLS_FUN: case IR_CLS_FMA:
    case IR_CLS_FCMP: case IR_CLS_ITOF: case IR_CLS_FTOI: case IR_CLS_FTOF: case IR_CLS_BITCAST:
        return true;
    default:
        return false;
    }
}

static bool all_imm(const IrInsn *in)
{
    for (unsigned k = 0; k < in->nargs; k++)
        if (!ir_is_imm(in->arg[k]))
            return false;
    return true;
}

/* Fold instruction i; returns false when the block ends at it now. */
static bool fold_one(Fold *f, uint32_t i)
{
    IrInsn *in = &f->b->insns[i];
    subst(in, f->map);
    if (in->dst != IR_NO_TEMP)
        f->def[in->dst] = i;
    const IrOpInfo *info = &ir_op_info[in->op];

    if (in->op == IR_MOV) {
        replace(f, in, in->arg[0]);
        return true;
    }
    if ((info->flags & IR_OPF_COMM) && ir_is_imm(in->arg[0]) && !ir_is_imm(in->arg[1])) {
        IrArg t = in->arg[0];
        in->arg[0] = in->arg[1];
        in->arg[1] = t;
    }
    if (is_computation(in) && all_imm(in)) {
        uint64_t v[4] = { in->arg[0].imm, in->arg[1].imm, in->arg[2].imm, in->arg[3].imm };
        uint64_t r;
        if (ir_eval_pure(in, v, &r))
            replace(f, in, ir_imm(r));
        return true;
    }
    const IrInsn *d;
    switch ((IrOp)in->op) {
    case IR_ADD: case IR_SUB: case IR_MUL: case IR_MULHS: case IR_MULHU: case IR_MULHSU:
    case IR_DIVS: case IR_DIVU: case IR_REMS: case IR_REMU: case IR_AND: case IR_OR: case IR_XOR:
    case IR_SHL: case IR_SHR: case IR_SAR: case IR_ROTL: case IR_ROTR:
        fold_ibin(f, in);
        break;
    case IR_NOT: case IR_NEG: case IR_FNEG:
        if ((d = def_as(f, in->arg[0], (IrOp)in->op)))
            replace(f, in, d->arg[0]);
        break;
    case IR_BITCAST:
        if ((d = def_as(f, in->arg[0], IR_BITCAST)))
            replace(f, in, d->arg[0]);
        break;
    case IR_ZEXT: case IR_SEXT: case IR_TRUNC:
        fold_ext(f, in);
        break;
    case IR_CMP:
        fold_cmp(f, in);
        break;
    case IR_SELECT:
        fold_select(f, in);
        break;
    case IR_CC_TEST: {
        unsigned c = in->aux >> 8;
        if (c == IR_CC_T || c == IR_CC_F)
            replace_imm(f, in, c == IR_CC_T);
        break;
    }
    case IR_TRAP_IF:
        if (!ir_is_imm(in->arg[0]))
            break;
        if (!in->arg[0].imm) {
            make_nop(in);
            break;
        }
        /* always traps: it is the end of the block */
        in->op = IR_EXIT_TRAP;
        in->nargs = 1;
        in->arg[0] = in->arg[1];
        memset(&in->arg[1], 0, sizeof in->arg[1]);
        f->b->ninsns = i + 1;
        return false;
    case IR_BR_COND:
        if (ir_is_imm(in->arg[0]) || ir_arg_eq(in->arg[1], in->arg[2])) {
            IrArg to = in->arg[0].kind == IR_ARG_IMM && !in->arg[0].imm ? in->arg[2] : in->arg[1];
            in->op = IR_EXIT;
            in->nargs = 1;
            in->arg[0] = to;
            memset(&in->arg[1], 0, 2 * sizeof in->arg[1]);
        }
        break;
    case IR_EXIT_INDIRECT:
        if (ir_is_imm(in->arg[0]))
            in->op = IR_EXIT;
        break;
    default:
        break;
    }
    return true;
}

void ir_fold(IrBlock *b)
{
    Fold f = { b, calloc(b->ntemps + 1, sizeof *f.map), malloc((b->ntemps + 1) * sizeof *f.def) };
    if (f.map && f.def) {
        memset(f.def, 0xff, (b->ntemps + 1) * sizeof *f.def);
        for (uint32_t i = 0; i < b->ninsns; i++)
            if (!fold_one(&f, i))
                break;
    }
    free(f.map);
    free(f.def);
}

/* ---- dead code ------------------------------------------------------------ */

void ir_dce(IrBlock *b)
{
    uint8_t *live = calloc(b->ntemps + 1, 1);
    if (!live)
        return;
    for (uint32_t i = b->ninsns; i-- > 0;) {
        IrInsn *in = &b->insns[i];
        if (in->op == IR_NOP)
            continue;
        if (!ir_insn_has_side_effects(in) && (in->dst == IR_NO_TEMP || !live[in->dst])) {
            make_nop(in);
            continue;
        }
        for (unsigned k = 0; k < in->nargs; k++)
            if (in->arg[k].kind == IR_ARG_TEMP)
                live[in->arg[k].temp] = 1;
    }
    free(live);
}

/* ---- guest register accesses ---------------------------------------------- */

/*
 * Within the block, known[r] is the value guest register r holds (from the
 * last get_reg or set_reg of it), so a later get_reg r is that value.
 * pending[r] is the last set_reg r that nothing has observed yet: a new
 * set_reg r makes it dead. Observers are every fault point (a fault must
 * see the register file exact: the earlier value is what the guest has if
 * the instruction in between faults) and helpers that read or write guest
 * registers. A helper that writes them also makes every known value stale.
 * A set_reg of the value the register already holds does nothing.
 */
void ir_regcache(IrBlock *b)
{
    unsigned n = b->guest->nregs;
    IrArg *known = calloc(n + 1, sizeof *known);
    uint32_t *pending = malloc((n + 1) * sizeof *pending);
    IrArg *map = calloc(b->ntemps + 1, sizeof *map);
    if (!known || !pending || !map)
        goto out;
    memset(pending, 0xff, (n + 1) * sizeof *pending);
    for (uint32_t i = 0; i < b->ninsns; i++) {
        IrInsn *in = &b->insns[i];
        subst(in, map);
        if (ir_insn_may_fault(in) || ir_insn_reads_regs(in) || ir_insn_writes_regs(in))
            memset(pending, 0xff, n * sizeof *pending);
        if (ir_insn_writes_regs(in))
            memset(known, 0, n * sizeof *known);
        uint32_t r = in->aux;
        if (in->op == IR_GET_REG) {
            if (known[r].kind != IR_ARG_NONE) {
                map[in->dst] = known[r];
                make_nop(in);
            } else {
                known[r] = ir_temp(in->dst);
                pending[r] = UINT32_MAX;
            }
        } else if (in->op == IR_SET_REG) {
            if (known[r].kind != IR_ARG_NONE && ir_arg_eq(known[r], in->arg[0])) {
                make_nop(in);
                continue;
            }
            if (pending[r] != UINT32_MAX)
                make_nop(&b->insns[pending[r]]);
            pending[r] = i;
            known[r] = in->arg[0];
        }
    }
out:
    free(known);
    free(pending);
    free(map);
}

/* ---- compaction ----------------------------------------------------------- */

void ir_compact(IrBlock *b)
{
    uint32_t *num = malloc((b->ntemps + 1) * sizeof *num);
    uint8_t *types = malloc(b->ntemps + 1);
    if (!num || !types)
        goto out;
    memset(num, 0xff, (b->ntemps + 1) * sizeof *num);
    uint32_t nt = 0, ni = 0;
    for (uint32_t i = 0; i < b->ninsns; i++) {
        IrInsn in = b->insns[i];
        if (in.op == IR_NOP)
            continue;
        for (unsigned k = 0; k < in.nargs; k++)
            if (in.arg[k].kind == IR_ARG_TEMP)
                in.arg[k].temp = num[in.arg[k].temp];
        if (in.dst != IR_NO_TEMP) {
            types[nt] = b->temp_type[in.dst];
            num[in.dst] = nt;
            in.dst = nt++;
        }
        b->insns[ni++] = in;
    }
    if (nt)
        memcpy(b->temp_type, types, nt);
    b->ntemps = nt;
    b->ninsns = ni;
out:
    free(num);
    free(types);
}

void ir_optimize(IrBlock *b)
{
    ir_fold(b);
    ir_regcache(b);
    ir_fold(b);
    ir_dce(b);
    ir_compact(b);
}
