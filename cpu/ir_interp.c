/*
 * What every IR op means: ir_eval_pure for the computations, ir_interp for
 * a whole block with guest registers, state, memory and helpers.
 *
 * This is the reference the backend must match and the passes must
 * preserve (tests/unit/test_ir_opt.c runs random blocks before and after
 * optimisation through ir_interp). Values are canonical: an integer is
 * zero-extended from its width, a float is its bit pattern. Every op is
 * defined for every input; nothing here may have undefined behaviour in C
 * either, since the folder evaluates arbitrary constants with it.
 */
#include "ir.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define F32_CANON_NAN UINT32_C(0x7fc00000)
#define F64_CANON_NAN UINT64_C(0x7ff8000000000000)

/* ---- integers ------------------------------------------------------------- */

/* v's low w bits as a signed number */
static int64_t sx(uint64_t v, unsigned w)
{
    if (w >= 64)
        return (int64_t)v;
    uint64_t sign = UINT64_C(1) << (w - 1);
    v &= (sign << 1) - 1;
    return (int64_t)((v ^ sign) - sign);
}

/* arithmetic right shift without relying on implementation-defined >> */
static uint64_t asr64(int64_t v, unsigned s)
{
    uint64_t u = (uint64_t)v;
    return v < 0 ? ~(~u >> s) : u >> s;
}

static uint64_t eval_ibin(IrOp op, unsigned w, uint64_t m, uint64_t a, uint64_t b)
{
    unsigned s = (unsigned)(b & (w - 1));   /* shift amounts: modulo w (w is 8..64) */
    switch (op) {
    case IR_ADD: return (a + b) & m;
    case IR_SUB: return (a - b) & m;
    case IR_MUL: return (a * b) & m;
    case IR_MULHU: return (uint64_t)(((unsigned __int128)a * b) >> w) & m;
    case IR_MULHS: {
        __int128 p = (__int128)sx(a, w) * sx(b, w);
        return (uint64_t)((unsigned __int128)p >> w) & m;
    }
    case IR_MULHSU: {
        __int128 p = (__int128)sx(a, w) * (__int128)b;
        return (uint64_t)((unsigned __int128)p >> w) & m;
    }
    case IR_DIVU: return b == 0 ? m : a / b;
    case IR_REMU: return b == 0 ? a : a % b;
    case IR_DIVS:
        if (b == 0)
            return m;
        if (b == m)              /* / -1: negate; MIN / -1 = MIN without overflow */
            return (0 - a) & m;
        return (uint64_t)(sx(a, w) / sx(b, w)) & m;
    case IR_REMS:
        if (b == 0)
            return a;
        if (b == m)
            return 0;
        return (uint64_t)(sx(a, w) % sx(b, w)) & m;
    case IR_AND: return a & b;
    case IR_OR: return a | b;
    case IR_XOR: return a ^ b;
    case IR_SHL: return (a << s) & m;
    case IR_SHR: return a >> s;
    case IR_SAR: return asr64(sx(a, w), s) & m;
    case IR_ROTL: return s ? ((a << s) | (a >> (w - s))) & m : a;
    case IR_ROTR: return s ? ((a >> s) | (a << (w - s))) & m : a;
    default: return 0;
    }
}

static uint64_t eval_iun(IrOp op, unsigned w, uint64_t m, uint64_t a)
{
    switch (op) {
    case IR_NOT: return ~a & m;
    case IR_NEG: return (0 - a) & m;
    case IR_CLZ: return a ? (uint64_t)(__builtin_clzll(a) - (int)(64 - w)) : w;
    case IR_CTZ: return a ? (uint64_t)__builtin_ctzll(a) : w;
    default: return 0;
    }
}

static bool eval_cmp(IrCond c, unsigned w, uint64_t a, uint64_t b)
{
    int64_t sa = sx(a, w), sb = sx(b, w);
    switch (c) {
    case IR_EQ: return a == b;
    case IR_NE: return a != b;
    case IR_SLT: return sa < sb;
    case IR_SLE: return sa <= sb;
    case IR_SGT: return sa > sb;
    case IR_SGE: return sa >= sb;
    case IR_ULT: return a < b;
    case IR_ULE: return a <= b;
    case IR_UGT: return a > b;
    case IR_UGE: return a >= b;
    default: return false;
    }
}

/* ---- condition codes (rules in ir.h, from the 68k manual's table 3-14) ---- */

typedef struct Flags { bool n, z, v, c; } Flags;

static Flags cc_flags(IrCcKind k, unsigned w, uint64_t a, uint64_t b, uint64_t r)
{
    unsigned top = w - 1;
    bool am = (a >> top) & 1, bm = (b >> top) & 1, rm = (r >> top) & 1;
    uint64_t mask = w >= 64 ? UINT64_MAX : (UINT64_C(1) << w) - 1;
    Flags f = { .n = rm, .z = (r & mask) == 0, .v = false, .c = false };
    switch (k) {
    case IR_CC_ADD:
        f.v = am == bm && rm != am;
        f.c = (am && bm) || (!rm && am) || (!rm && bm);
        break;
    case IR_CC_SUB:
        f.v = am != bm && rm != am;
        f.c = (bm && !am) || (rm && !am) || (bm && rm);
        break;
    default:
        break;
    }
    return f;
}

static bool cc_cond(IrCcCond c, Flags f)
{
    switch (c) {
    case IR_CC_T: return true;
    case IR_CC_F: return false;
    case IR_CC_HI: return !f.c && !f.z;
    case IR_CC_LS: return f.c || f.z;
    case IR_CC_CC: return !f.c;
    case IR_CC_CS: return f.c;
    case IR_CC_NE: return !f.z;
    case IR_CC_EQ: return f.z;
    case IR_CC_VC: return !f.v;
    case IR_CC_VS: return f.v;
    case IR_CC_PL: return !f.n;
    case IR_CC_MI: return f.n;
    case IR_CC_GE: return f.n == f.v;
    case IR_CC_LT: return f.n != f.v;
    case IR_CC_GT: return !f.z && f.n == f.v;
    case IR_CC_LE: return f.z || f.n != f.v;
    default: return false;
    }
}

static uint64_t eval_cc(const IrInsn *in, const uint64_t *v)
{
    Flags f = cc_flags((IrCcKind)(in->aux & 0xff), ir_type_bits((IrType)in->otype), v[0], v[1], v[2]);
    unsigned sub = in->aux >> 8;
    if (in->op == IR_CC_TEST)
        return cc_cond((IrCcCond)sub, f);
    switch ((IrFlag)sub) {
    case IR_FLAG_N: return f.n;
    case IR_FLAG_Z: return f.z;
    case IR_FLAG_V: return f.v;
    case IR_FLAG_X: /* X is C for add and sub (logic has no X) */
    case IR_FLAG_C: return f.c;
    default: return 0;
    }
}

/* ---- floats --------------------------------------------------------------- */

static float f32_of(uint64_t v) { uint32_t u = (uint32_t)v; float f; memcpy(&f, &u, 4); return f; }
static double f64_of(uint64_t v) { double d; memcpy(&d, &v, 8); return d; }

static uint64_t bits_f32(float f)
{
    if (isnan(f))
        return F32_CANON_NAN;
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static uint64_t bits_f64(double d)
{
    if (isnan(d))
        return F64_CANON_NAN;
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

/* minimumNumber/maximumNumber on values of one format, given as doubles
 * (exact for f32) with their original bits for the signed-zero and
 * single-NaN cases. */
static uint64_t fminmax(bool is_max, bool f32, uint64_t a, uint64_t b)
{
    double x = f32 ? f32_of(a) : f64_of(a), y = f32 ? f32_of(b) : f64_of(b);
    if (isnan(x) && isnan(y))
        return f32 ? F32_CANON_NAN : F64_CANON_NAN;
    if (isnan(x))
        return b;
    if (isnan(y))
        return a;
    if (x == y)             /* equal, or +0 vs -0: min takes a sign, max drops it */
        return is_max ? a & b : a | b;
    return (is_max ? x > y : x < y) ? a : b;
}

static uint64_t eval_float(IrOp op, IrType t, const uint64_t *v)
{
    bool f32 = t == IR_F32;
    uint64_t sign = f32 ? UINT64_C(1) << 31 : UINT64_C(1) << 63;
    switch (op) {
    case IR_FMIN: return fminmax(false, f32, v[0], v[1]);
    case IR_FMAX: return fminmax(true, f32, v[0], v[1]);
    case IR_FNEG: return v[0] ^ sign;
    case IR_FABS: return v[0] & ~sign;
    default: break;
    }
    if (f32) {
        float a = f32_of(v[0]), b = f32_of(v[1]), c = f32_of(v[2]);
        switch (op) {
        case IR_FADD: return bits_f32(a + b);
        case IR_FSUB: return bits_f32(a - b);
        case IR_FMUL: return bits_f32(a * b);
        case IR_FDIV: return bits_f32(a / b);
        case IR_FSQRT: return bits_f32(sqrtf(a));
        case IR_FMA: return bits_f32(fmaf(a, b, c));
        default: return 0;
        }
    }
    double a = f64_of(v[0]), b = f64_of(v[1]), c = f64_of(v[2]);
    switch (op) {
    case IR_FADD: return bits_f64(a + b);
    case IR_FSUB: return bits_f64(a - b);
    case IR_FMUL: return bits_f64(a * b);
    case IR_FDIV: return bits_f64(a / b);
    case IR_FSQRT: return bits_f64(sqrt(a));
    case IR_FMA: return bits_f64(fma(a, b, c));
    default: return 0;
    }
}

static bool eval_fcmp(IrFCond c, IrType t, uint64_t a, uint64_t b)
{
    double x = t == IR_F32 ? f32_of(a) : f64_of(a), y = t == IR_F32 ? f32_of(b) : f64_of(b);
    switch (c) {
    case IR_FEQ: return x == y;
    case IR_FLT: return isless(x, y);
    case IR_FLE: return islessequal(x, y);
    case IR_FUNO: return isunordered(x, y);
    default: return false;
    }
}

/* Truncate toward zero and saturate; NaN gives the largest value. */
static uint64_t ftoi(double x, IrType to, bool sgn)
{
    bool w64 = to == IR_I64;
    if (sgn) {
        uint64_t max = w64 ? (uint64_t)INT64_MAX : (uint64_t)INT32_MAX;
        uint64_t min = w64 ? (uint64_t)INT64_MIN : (uint64_t)(uint32_t)INT32_MIN;
        double lim = w64 ? 9223372036854775808.0 : 2147483648.0;
        if (isnan(x) || x >= lim)
            return max;
        if (x < -lim)
            return min;
        return (uint64_t)(int64_t)x & ir_type_mask(to);
    }
    double lim = w64 ? 18446744073709551616.0 : 4294967296.0;
    if (isnan(x) || x >= lim)
        return ir_type_mask(to);
    if (x <= -1.0)
        return 0;
    return (uint64_t)x;
}

static uint64_t itof(uint64_t v, IrType from, IrType to, bool sgn)
{
    if (sgn) {
        int64_t s = sx(v, ir_type_bits(from));
        return to == IR_F32 ? bits_f32((float)s) : bits_f64((double)s);
    }
    return to == IR_F32 ? bits_f32((float)v) : bits_f64((double)v);
}

/* ---- the pure evaluator --------------------------------------------------- */

bool ir_eval_pure(const IrInsn *in, const uint64_t *v, uint64_t *out)
{
    IrType t = (IrType)in->type, o = (IrType)in->otype;
    unsigned w = ir_type_bits(t);
    uint64_t m = ir_type_mask(t);
    switch ((IrClass)ir_op_info[in->op].cls) {
    case IR_CLS_MOV:
        *out = v[0];
        return true;
    case IR_CLS_IBIN:
        /* i1 is allowed in and/or/xor only, where the width does not matter */
        *out = eval_ibin((IrOp)in->op, w < 8 ? 8 : w, m, v[0], v[1]) & m;
        return true;
    case IR_CLS_IUN:
        *out = eval_iun((IrOp)in->op, w, m, v[0]);
        return true;
    case IR_CLS_EXT:
        if (in->op == IR_SEXT)
            *out = (uint64_t)sx(v[0], ir_type_bits(o)) & m;
        else
            *out = v[0] & m;
        return true;
    case IR_CLS_CMP:
        *out = eval_cmp((IrCond)in->aux, ir_type_bits(o), v[0], v[1]);
        return true;
    case IR_CLS_SELECT:
        *out = v[0] ? v[1] : v[2];
        return true;
    case IR_CLS_CC:
        *out = eval_cc(in, v);
        return true;
    case IR_CLS_FBIN: case IR_CLS_FUN: case IR_CLS_FMA:
        *out = eval_float((IrOp)in->op, t, v);
        return true;
    case IR_CLS_FCMP:
        *out = eval_fcmp((IrFCond)in->aux, o, v[0], v[1]);
        return true;
    case IR_CLS_ITOF:
        *out = itof(v[0], o, t, in->aux & IR_MEM_SIGNED);
        return true;
    case IR_CLS_FTOI:
        *out = ftoi(o == IR_F32 ? (double)f32_of(v[0]) : f64_of(v[0]), t, in->aux & IR_MEM_SIGNED);
        return true;
    case IR_CLS_FTOF:
        *out = t == IR_F32 ? bits_f32((float)f64_of(v[0])) : bits_f64((double)f32_of(v[0]));
        return true;
    case IR_CLS_BITCAST:
        *out = v[0] & m;
        return true;
    default:
        return false;
    }
}

/* ---- the block interpreter ------------------------------------------------ */

static unsigned bytes_of(IrType t) { return t == IR_I1 ? 1 : ir_type_bits(t) / 8; }

static uint64_t mem_read(const uint8_t *p, unsigned n, bool be)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[be ? i : n - 1 - i] << (8 * (n - 1 - i));
    return v;
}

static void mem_write(uint8_t *p, unsigned n, bool be, uint64_t v)
{
    for (unsigned i = 0; i < n; i++)
        p[be ? n - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

/* [addr, addr+n) inside [0, size) */
static bool in_range(uint64_t addr, unsigned n, uint64_t size)
{
    return size >= n && addr <= size - n;
}

static IrEnd leave(IrEndKind kind, uint64_t pc, uint32_t cause, uint64_t value, uint32_t site)
{
    IrEnd e = { kind, pc, cause, value, site, false };
    return e;
}

IrEnd ir_interp(const IrBlock *b, IrEnv *env)
{
    uint64_t *t = calloc(b->ntemps ? b->ntemps : 1, sizeof *t);
    if (!t)
        return leave(IR_END_ERROR, 0, 0, 0, IR_NO_SITE);
    IrEnd e = leave(IR_END_ERROR, 0, 0, 0, IR_NO_SITE);
    for (uint32_t i = 0; i < b->ninsns; i++) {
        const IrInsn *in = &b->insns[i];
        uint64_t v[4] = { 0, 0, 0, 0 };
        for (unsigned k = 0; k < in->nargs; k++)
            v[k] = in->arg[k].kind == IR_ARG_IMM ? in->arg[k].imm : t[in->arg[k].temp];
        IrType ty = (IrType)in->type;
        uint64_t site_pc = ir_site_pc(b, in->site);
        uint64_t r = 0;
        switch ((IrOp)in->op) {
        case IR_NOP:
            continue;
        case IR_GET_REG:
            r = env->regs[in->aux] & ir_type_mask(ty);
            break;
        case IR_SET_REG:
            env->regs[in->aux] = v[0];
            continue;
        case IR_LOAD_STATE:
        case IR_STORE_STATE: {
            unsigned n = bytes_of(ty);
            if (!in_range(in->aux, n, env->state_size))
                goto out;   /* a frontend bug, not a guest fault */
            /* state is a host struct: host (little-endian) byte order */
            if (in->op == IR_STORE_STATE) {
                mem_write(env->state + in->aux, n, false, v[0]);
                continue;
            }
            r = mem_read(env->state + in->aux, n, false) & ir_type_mask(ty);
            break;
        }
        case IR_LOAD: {
            IrType mt = (IrType)in->otype;
            unsigned n = bytes_of(mt);
            if (!in_range(v[0], n, env->mem_size)) {
                e = leave(IR_END_FAULT, site_pc, 0, v[0], in->site);
                goto out;
            }
            r = mem_read(env->mem + v[0], n, in->aux & IR_MEM_BE);
            if (in->aux & IR_MEM_SIGNED)
                r = (uint64_t)sx(r, 8 * n) & ir_type_mask(ty);
            break;
        }
        case IR_STORE: {
            unsigned n = bytes_of((IrType)in->otype);
            if (!in_range(v[0], n, env->mem_size)) {
                e = leave(IR_END_FAULT, site_pc, 0, v[0], in->site);
                e.is_store = true;
                goto out;
            }
            mem_write(env->mem + v[0], n, in->aux & IR_MEM_BE, v[1]);
            continue;
        }
        case IR_CALL: {
            const IrHelper *h = in->helper;
            bool may_trap = h->flags & IR_HELPER_MAY_TRAP;
            if (may_trap)
                env->trap = false;
            r = h->fn(env, v[0], v[1], v[2], v[3]) & ir_type_mask(ty);
            if (may_trap && env->trap) {
                e = leave(IR_END_HELPER_TRAP, site_pc, env->trap_cause, env->trap_value, in->site);
                goto out;
            }
            if (h->ret == IR_VOID)
                continue;
            break;
        }
        case IR_TRAP_IF:
            if (v[0]) {
                e = leave(IR_END_TRAP, site_pc, in->aux, v[1], in->site);
                goto out;
            }
            continue;
        case IR_EXIT:
            e = leave(IR_END_JUMP, v[0], 0, 0, IR_NO_SITE);
            goto out;
        case IR_EXIT_INDIRECT:
            e = leave(IR_END_INDIRECT, v[0], 0, 0, IR_NO_SITE);
            goto out;
        case IR_BR_COND:
            e = leave(IR_END_JUMP, v[0] ? v[1] : v[2], 0, 0, IR_NO_SITE);
            goto out;
        case IR_EXIT_TRAP:
            e = leave(IR_END_TRAP, site_pc, in->aux, v[0], in->site);
            goto out;
        default:
            if (!ir_eval_pure(in, v, &r))
                goto out;
            break;
        }
        t[in->dst] = r;
    }
out:
    free(t);
    return e;
}
