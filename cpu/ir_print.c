/*
 * IR as text, for --dump-jit and for tests:
 *
 *   t3:i64 = add t1, t2
 *   t4:i64 = load.i32.s t3 @0x10074
 *   set_reg x5, t4
 *   br_cond t6, 0x10080, 0x10078
 *
 * A result is "tN:type = "; suffixes carry what the operands alone do not
 * say (operand type of compares and conversions, memory size, sign and
 * byte order); "@pc" is the guest pc of a fault point's site. Small
 * immediates are decimal (negative when their sign bit is set), others hex;
 * pcs and float bit patterns are always hex.
 */
#include "ir.h"

#include <stdarg.h>

static const char *const cond_name[IR_NCONDS] = {
    "eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge",
};
static const char *const fcond_name[IR_NFCONDS] = { "eq", "lt", "le", "uno" };
static const char *const cckind_name[IR_NCCKINDS] = { "add", "sub", "logic" };
static const char *const flag_name[IR_NFLAGS] = { "x", "n", "z", "v", "c" };
static const char *const cccond_name[IR_NCCCONDS] = {
    "t", "f", "hi", "ls", "cc", "cs", "ne", "eq", "vc", "vs", "pl", "mi", "ge", "lt", "gt", "le",
};

/* Appends to a fixed buffer and counts what did not fit, like snprintf. */
typedef struct Out {
    char *buf;
    size_t size;
    size_t len;
} Out;

static void put(Out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->len < o->size ? o->size - o->len : 0;
    int n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n;
}

static const char *name_or(const char *const *names, unsigned n, unsigned i)
{
    return i < n ? names[i] : "?";
}

static void put_imm(Out *o, uint64_t v, IrType t)
{
    unsigned w = ir_type_bits(t);
    if (ir_type_is_float(t) || w == 0) {
        put(o, "%#llx", (unsigned long long)v);
        return;
    }
    uint64_t sign = w >= 64 ? UINT64_C(1) << 63 : UINT64_C(1) << (w - 1);
    uint64_t neg = (ir_type_mask(t) & ~v) + 1;   /* magnitude when negative */
    if (v < 4096 || w == 1)
        put(o, "%llu", (unsigned long long)v);
    else if ((v & sign) && neg <= 4096)
        put(o, "-%llu", (unsigned long long)neg);
    else
        put(o, "%#llx", (unsigned long long)v);
}

static void put_arg(Out *o, const IrInsn *in, unsigned i)
{
    IrArg a = in->arg[i];
    if (a.kind == IR_ARG_TEMP)
        put(o, "t%u", a.temp);
    else if (a.kind == IR_ARG_IMM)
        put_imm(o, a.imm, ir_operand_type(in, i));
    else
        put(o, "_");
}

static void put_args(Out *o, const IrInsn *in, unsigned from)
{
    for (unsigned i = from; i < in->nargs && i < 4; i++) {
        put(o, "%s", i > from ? ", " : " ");
        put_arg(o, in, i);
    }
}

static void put_site(Out *o, const IrBlock *b, const IrInsn *in)
{
    if (in->site < b->nsites)
        put(o, " @%#llx", (unsigned long long)b->sites[in->site].pc);
    else if (ir_insn_may_fault(in))
        put(o, " @?");
}

static const char *reg_name(const IrBlock *b, uint32_t reg)
{
    return b->guest && reg < b->guest->nregs && b->guest->regs[reg].name ? b->guest->regs[reg].name : "?";
}

int ir_print_insn(const IrBlock *b, const IrInsn *in, char *buf, size_t size)
{
    Out o = { buf, size, 0 };
    if (size)
        buf[0] = '\0';
    if (in->op >= IR_NOPS) {
        put(&o, "<bad op %u>", in->op);
        return (int)o.len;
    }
    const char *name = ir_op_info[in->op].name;
    IrType ot = (IrType)in->otype;
    if (in->dst != IR_NO_TEMP)
        put(&o, "t%u:%s = ", in->dst, ir_type_name((IrType)in->type));
    switch ((IrClass)ir_op_info[in->op].cls) {
    case IR_CLS_GET_REG:
        put(&o, "%s %s", name, reg_name(b, in->aux));
        break;
    case IR_CLS_SET_REG:
        put(&o, "%s %s,", name, reg_name(b, in->aux));
        put_args(&o, in, 0);
        break;
    case IR_CLS_LOAD_STATE:
        put(&o, "%s %#x", name, in->aux);
        break;
    case IR_CLS_STORE_STATE:
        put(&o, "%s %#x,", name, in->aux);
        put_args(&o, in, 0);
        break;
    case IR_CLS_LOAD: case IR_CLS_STORE:
        put(&o, "%s.%s%s%s", name, ir_type_name(ot), in->aux & IR_MEM_SIGNED ? ".s" : "",
            in->aux & IR_MEM_BE ? ".be" : "");
        put_args(&o, in, 0);
        put_site(&o, b, in);
        break;
    case IR_CLS_EXT: case IR_CLS_FTOF: case IR_CLS_BITCAST:
        put(&o, "%s.%s", name, ir_type_name(ot));
        put_args(&o, in, 0);
        break;
    case IR_CLS_ITOF: case IR_CLS_FTOI:
        put(&o, "%s.%s.%s", name, in->aux & IR_MEM_SIGNED ? "s" : "u", ir_type_name(ot));
        put_args(&o, in, 0);
        break;
    case IR_CLS_CMP:
        put(&o, "%s.%s.%s", name, name_or(cond_name, IR_NCONDS, in->aux), ir_type_name(ot));
        put_args(&o, in, 0);
        break;
    case IR_CLS_FCMP:
        put(&o, "%s.%s.%s", name, name_or(fcond_name, IR_NFCONDS, in->aux), ir_type_name(ot));
        put_args(&o, in, 0);
        break;
    case IR_CLS_CC: {
        unsigned sub = in->aux >> 8;
        put(&o, "%s.%s.%s.%s", name, name_or(cckind_name, IR_NCCKINDS, in->aux & 0xff),
            in->op == IR_CC_FLAG ? name_or(flag_name, IR_NFLAGS, sub) : name_or(cccond_name, IR_NCCCONDS, sub),
            ir_type_name(ot));
        put_args(&o, in, 0);
        break;
    }
    case IR_CLS_CALL:
        put(&o, "%s %s(", name, in->helper && in->helper->name ? in->helper->name : "?");
        for (unsigned i = 0; i < in->nargs && i < 4; i++) {
            if (i)
                put(&o, ", ");
            put_arg(&o, in, i);
        }
        put(&o, ")");
        put_site(&o, b, in);
        break;
    case IR_CLS_TRAP_IF:
        put(&o, "%s ", name);
        put_arg(&o, in, 0);
        put(&o, ", %u, ", in->aux);
        put_arg(&o, in, 1);
        put_site(&o, b, in);
        break;
    case IR_CLS_EXIT_TRAP:
        put(&o, "%s %u,", name, in->aux);
        put_args(&o, in, 0);
        put_site(&o, b, in);
        break;
    case IR_CLS_EXIT:
        put(&o, "%s %#llx", name, (unsigned long long)in->arg[0].imm);
        break;
    case IR_CLS_BR_COND:
        put(&o, "%s ", name);
        put_arg(&o, in, 0);
        put(&o, ", %#llx, %#llx", (unsigned long long)in->arg[1].imm, (unsigned long long)in->arg[2].imm);
        break;
    default:
        put(&o, "%s", name);
        put_args(&o, in, 0);
        break;
    }
    return (int)o.len;
}

void ir_print(const IrBlock *b, FILE *out)
{
    fprintf(out, "block %#llx (%s, %u insns, %u temps)\n", (unsigned long long)b->pc,
            b->guest && b->guest->name ? b->guest->name : "?", b->ninsns, b->ntemps);
    for (uint32_t i = 0; i < b->ninsns; i++) {
        char line[256];
        ir_print_insn(b, &b->insns[i], line, sizeof line);
        fprintf(out, "  %s\n", line);
    }
}
