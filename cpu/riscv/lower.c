/*
 * RISC-V -> IR lowering, user mode (lower.h). Every case mirrors a handler
 * in interp_template.h, which stays the definition of the semantics; the
 * differential test (tests/unit/test_rv_lower.c) runs both on the same
 * blocks.
 *
 * Values are computed at XLEN's type T (i32 on RV32, so wraparound comes for
 * free; i64 on RV64). Addresses are i64 in the IR: on RV32 the XLEN-wrapped
 * sum is zero-extended, as the interpreter's (ureg_t)(RS1 + imm) is.
 */
#include <stddef.h>

#include "lower.h"
#include "rv_internal.h"

#define XREG(n) { "x" #n, IR_I64, (uint32_t)offsetof(RvCpu, x[n]) }
#define XREG32(n) { "x" #n, IR_I32, (uint32_t)offsetof(RvCpu, x[n]) }
#define FREG(n) { "f" #n, IR_I64, (uint32_t)offsetof(RvCpu, f[n]) }
static const IrGuestReg rv64_regs[RV_IR_NREGS] = {
    XREG(0), XREG(1), XREG(2), XREG(3), XREG(4), XREG(5), XREG(6), XREG(7),
    XREG(8), XREG(9), XREG(10), XREG(11), XREG(12), XREG(13), XREG(14), XREG(15),
    XREG(16), XREG(17), XREG(18), XREG(19), XREG(20), XREG(21), XREG(22), XREG(23),
    XREG(24), XREG(25), XREG(26), XREG(27), XREG(28), XREG(29), XREG(30), XREG(31),
    FREG(0), FREG(1), FREG(2), FREG(3), FREG(4), FREG(5), FREG(6), FREG(7),
    FREG(8), FREG(9), FREG(10), FREG(11), FREG(12), FREG(13), FREG(14), FREG(15),
    FREG(16), FREG(17), FREG(18), FREG(19), FREG(20), FREG(21), FREG(22), FREG(23),
    FREG(24), FREG(25), FREG(26), FREG(27), FREG(28), FREG(29), FREG(30), FREG(31),
};
static const IrGuestReg rv32_regs[RV_IR_NREGS] = {
    XREG32(0), XREG32(1), XREG32(2), XREG32(3), XREG32(4), XREG32(5), XREG32(6), XREG32(7),
    XREG32(8), XREG32(9), XREG32(10), XREG32(11), XREG32(12), XREG32(13), XREG32(14), XREG32(15),
    XREG32(16), XREG32(17), XREG32(18), XREG32(19), XREG32(20), XREG32(21), XREG32(22), XREG32(23),
    XREG32(24), XREG32(25), XREG32(26), XREG32(27), XREG32(28), XREG32(29), XREG32(30), XREG32(31),
    FREG(0), FREG(1), FREG(2), FREG(3), FREG(4), FREG(5), FREG(6), FREG(7),
    FREG(8), FREG(9), FREG(10), FREG(11), FREG(12), FREG(13), FREG(14), FREG(15),
    FREG(16), FREG(17), FREG(18), FREG(19), FREG(20), FREG(21), FREG(22), FREG(23),
    FREG(24), FREG(25), FREG(26), FREG(27), FREG(28), FREG(29), FREG(30), FREG(31),
};
static const IrGuest rv64_guest = { "riscv64", RV_IR_NREGS, rv64_regs };
static const IrGuest rv32_guest = { "riscv32", RV_IR_NREGS, rv32_regs };

const IrGuest *rv_ir_guest(unsigned xlen)
{
    return xlen == 32 ? &rv32_guest : &rv64_guest;
}

/* The bits above a NaN-boxed single (F spec 12.2). */
#define BOX32 UINT64_C(0xffffffff00000000)

typedef struct Lower {
    IrBlock *b;
    unsigned xlen;
    IrType t;               /* XLEN's type */
    const RvInsn *ip;
    uint64_t pc;            /* this instruction's pc */
    uint32_t index;         /* its position in the block */
} Lower;

static IrArg rs(Lower *l, unsigned r)
{
    return r == 0 ? ir_imm(0) : ir_get_reg(l->b, RV_IR_X0 + r);
}

/* Writes to x0 arrive as RV_REG_SINK (or 0 from a caller that did not
 * decode through rv_decode); both are dropped. */
static void set_rd(Lower *l, IrArg v)
{
    unsigned rd = l->ip->rd;
    if (rd != 0 && rd < 32)
        ir_set_reg(l->b, RV_IR_X0 + rd, v);
}

static IrArg imm(const Lower *l) { return ir_imm((uint64_t)l->ip->imm); }

static IrArg bin(Lower *l, IrOp op, IrArg x, IrArg y) { return ir_binop(l->b, op, l->t, x, y); }

/* a 32-bit result sign-extended to XLEN (the *W ops) */
static IrArg sext32(Lower *l, IrArg v32)
{
    return l->t == IR_I32 ? v32 : ir_conv(l->b, IR_SEXT, IR_I64, IR_I32, 0, v32);
}

static IrArg low32(Lower *l, IrArg v)
{
    return l->t == IR_I32 ? v : ir_conv(l->b, IR_TRUNC, IR_I32, IR_I64, 0, v);
}

/* rs1's word op rs2's (or the immediate's) word, sign-extended */
static void word_op(Lower *l, IrOp op, IrArg y)
{
    IrArg x = low32(l, rs(l, l->ip->rs1));
    set_rd(l, sext32(l, ir_binop(l->b, op, IR_I32, x, y)));
}

static IrArg flag(Lower *l, IrCond c, IrArg x, IrArg y)
{
    return ir_conv(l->b, IR_ZEXT, l->t, IR_I1, 0, ir_cmp(l->b, c, l->t, x, y));
}

static uint32_t site(Lower *l) { return ir_site(l->b, l->pc, l->index); }

/* rs1 + imm, XLEN-wrapped, as an i64 address */
static IrArg address(Lower *l)
{
    IrArg a = bin(l, IR_ADD, rs(l, l->ip->rs1), imm(l));
    return l->t == IR_I64 ? a : ir_conv(l->b, IR_ZEXT, IR_I64, IR_I32, 0, a);
}

static void load(Lower *l, IrType mem, bool is_signed)
{
    IrArg a = address(l);
    set_rd(l, ir_load(l->b, l->t, mem, is_signed ? IR_MEM_SIGNED : 0, a, site(l)));
}

static void store(Lower *l, IrType mem)
{
    IrArg a = address(l);
    ir_store(l->b, l->t, mem, 0, a, rs(l, l->ip->rs2), site(l));
}

static void exit_trap(Lower *l, RvExit why, uint64_t value)
{
    ir_exit_trap(l->b, (uint32_t)why, ir_imm(value), site(l));
}

static void branch(Lower *l, IrCond c, uint64_t next_pc)
{
    IrArg cond = ir_cmp(l->b, c, l->t, rs(l, l->ip->rs1), rs(l, l->ip->rs2));
    uint64_t target = l->t == IR_I32 ? (uint32_t)l->ip->imm : (uint64_t)l->ip->imm;
    ir_br_cond(l->b, cond, target, next_pc);
}

/* ---- F and D through helpers ----------------------------------------------
 *
 * The IR has float ops, but RISC-V's rounding modes, exception flags and
 * NaN rules are fpu.c's (the interpreter's) job, so every F/D computation
 * calls fpu.c through two pure helpers: one for the value, one for the
 * exception flags it raises (the IR's calls return one value; computing
 * twice is cheap next to a correct answer). Both take the raw operands (f
 * registers' 64-bit patterns, x registers zero-extended) and (op << 8 | rm).
 * The value is the destination's new content: an f register's bits (singles
 * NaN-boxed) or an x register's value sign-extended to 64 bits, exactly as
 * the interpreter's SET_FS/SET_FD/SET_RD would store it.
 */

static uint64_t fp_exec(RvOp op, uint64_t a, uint64_t b, uint64_t c, int rm, uint32_t *fl)
{
    uint32_t s1 = rv_unbox32(a), s2 = rv_unbox32(b), s3 = rv_unbox32(c);
    switch (op) {
    case RV_OP_FMADD_S:  return rv_box32(f32_madd(s1, s2, s3, rm, fl));
    case RV_OP_FMSUB_S:  return rv_box32(f32_msub(s1, s2, s3, rm, fl));
    case RV_OP_FNMSUB_S: return rv_box32(f32_nmsub(s1, s2, s3, rm, fl));
    case RV_OP_FNMADD_S: return rv_box32(f32_nmadd(s1, s2, s3, rm, fl));
    case RV_OP_FADD_S:   return rv_box32(f32_add(s1, s2, rm, fl));
    case RV_OP_FSUB_S:   return rv_box32(f32_sub(s1, s2, rm, fl));
    case RV_OP_FMUL_S:   return rv_box32(f32_mul(s1, s2, rm, fl));
    case RV_OP_FDIV_S:   return rv_box32(f32_div(s1, s2, rm, fl));
    case RV_OP_FSQRT_S:  return rv_box32(f32_sqrt(s1, rm, fl));
    case RV_OP_FSGNJ_S:  return rv_box32((s1 & 0x7fffffffu) | (s2 & 0x80000000u));
    case RV_OP_FSGNJN_S: return rv_box32((s1 & 0x7fffffffu) | (~s2 & 0x80000000u));
    case RV_OP_FSGNJX_S: return rv_box32(s1 ^ (s2 & 0x80000000u));
    case RV_OP_FMIN_S:   return rv_box32(f32_min(s1, s2, fl));
    case RV_OP_FMAX_S:   return rv_box32(f32_max(s1, s2, fl));
    case RV_OP_FCVT_W_S:  return (uint64_t)(int64_t)f32_to_i32(s1, rm, fl);
    case RV_OP_FCVT_WU_S: return (uint64_t)(int64_t)(int32_t)f32_to_u32(s1, rm, fl);
    case RV_OP_FCVT_L_S:  return (uint64_t)f32_to_i64(s1, rm, fl);
    case RV_OP_FCVT_LU_S: return f32_to_u64(s1, rm, fl);
    case RV_OP_FEQ_S:    return (uint64_t)f32_eq(s1, s2, fl);
    case RV_OP_FLT_S:    return (uint64_t)f32_lt(s1, s2, fl);
    case RV_OP_FLE_S:    return (uint64_t)f32_le(s1, s2, fl);
    case RV_OP_FCLASS_S: return f32_class(s1);
    case RV_OP_FCVT_S_W:  return rv_box32(i32_to_f32((int32_t)(uint32_t)a, rm, fl));
    case RV_OP_FCVT_S_WU: return rv_box32(u32_to_f32((uint32_t)a, rm, fl));
    case RV_OP_FCVT_S_L:  return rv_box32(i64_to_f32((int64_t)a, rm, fl));
    case RV_OP_FCVT_S_LU: return rv_box32(u64_to_f32(a, rm, fl));

    case RV_OP_FMADD_D:  return f64_madd(a, b, c, rm, fl);
    case RV_OP_FMSUB_D:  return f64_msub(a, b, c, rm, fl);
    case RV_OP_FNMSUB_D: return f64_nmsub(a, b, c, rm, fl);
    case RV_OP_FNMADD_D: return f64_nmadd(a, b, c, rm, fl);
    case RV_OP_FADD_D:   return f64_add(a, b, rm, fl);
    case RV_OP_FSUB_D:   return f64_sub(a, b, rm, fl);
    case RV_OP_FMUL_D:   return f64_mul(a, b, rm, fl);
    case RV_OP_FDIV_D:   return f64_div(a, b, rm, fl);
    case RV_OP_FSQRT_D:  return f64_sqrt(a, rm, fl);
    case RV_OP_FSGNJ_D:  return (a & ~RV_SIGN64) | (b & RV_SIGN64);
    case RV_OP_FSGNJN_D: return (a & ~RV_SIGN64) | (~b & RV_SIGN64);
    case RV_OP_FSGNJX_D: return a ^ (b & RV_SIGN64);
    case RV_OP_FMIN_D:   return f64_min(a, b, fl);
    case RV_OP_FMAX_D:   return f64_max(a, b, fl);
    case RV_OP_FCVT_S_D: return rv_box32(f64_to_f32(a, rm, fl));
    case RV_OP_FCVT_D_S: return f32_to_f64(s1, fl);
    case RV_OP_FEQ_D:    return (uint64_t)f64_eq(a, b, fl);
    case RV_OP_FLT_D:    return (uint64_t)f64_lt(a, b, fl);
    case RV_OP_FLE_D:    return (uint64_t)f64_le(a, b, fl);
    case RV_OP_FCLASS_D: return f64_class(a);
    case RV_OP_FCVT_W_D:  return (uint64_t)(int64_t)f64_to_i32(a, rm, fl);
    case RV_OP_FCVT_WU_D: return (uint64_t)(int64_t)(int32_t)f64_to_u32(a, rm, fl);
    case RV_OP_FCVT_L_D:  return (uint64_t)f64_to_i64(a, rm, fl);
    case RV_OP_FCVT_LU_D: return f64_to_u64(a, rm, fl);
    case RV_OP_FCVT_D_W:  return i32_to_f64((int32_t)(uint32_t)a, rm, fl);
    case RV_OP_FCVT_D_WU: return u32_to_f64((uint32_t)a, rm, fl);
    case RV_OP_FCVT_D_L:  return i64_to_f64((int64_t)a, rm, fl);
    case RV_OP_FCVT_D_LU: return u64_to_f64(a, rm, fl);
    default:
        return 0;
    }
}

/* The value and the flags of an FP operation are two pure helpers (the IR
 * has one result per call), and the lowering calls them back to back with
 * the same arguments: the value helper remembers the flags it computed, so
 * the flags helper usually does not run the soft-float operation again. */
static _Thread_local struct {
    uint64_t args[4];
    uint32_t flags;
    bool valid;
} fp_last;

static uint64_t fp_value_helper(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t op_rm)
{
    (void)env;
    uint32_t fl = 0;
    uint64_t v = fp_exec((RvOp)(op_rm >> 8), a, b, c, (int)(op_rm & 0xff), &fl);
    fp_last.args[0] = a;
    fp_last.args[1] = b;
    fp_last.args[2] = c;
    fp_last.args[3] = op_rm;
    fp_last.flags = fl;
    fp_last.valid = true;
    return v;
}

static uint64_t fp_flags_helper(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t op_rm)
{
    (void)env;
    if (fp_last.valid && fp_last.args[0] == a && fp_last.args[1] == b && fp_last.args[2] == c &&
        fp_last.args[3] == op_rm)
        return fp_last.flags;
    uint32_t fl = 0;
    fp_exec((RvOp)(op_rm >> 8), a, b, c, (int)(op_rm & 0xff), &fl);
    return fl;
}

static const IrHelper fp_value = {
    "rv_fp_value", fp_value_helper, 4, IR_I64, { IR_I64, IR_I64, IR_I64, IR_I64 }, IR_HELPER_PURE,
};
static const IrHelper fp_flags = {
    "rv_fp_flags", fp_flags_helper, 4, IR_I32, { IR_I64, IR_I64, IR_I64, IR_I64 }, IR_HELPER_PURE,
};

/* An x register as a helper argument: zero-extended to 64 bits. */
static IrArg x_arg(Lower *l, unsigned r)
{
    IrArg v = rs(l, r);
    return l->t == IR_I64 ? v : ir_conv(l->b, IR_ZEXT, IR_I64, IR_I32, 0, v);
}

/* Any F/D computation (not the loads, stores and moves); returns whether it
 * ended the block (a static rounding mode that is invalid). */
static bool lower_fp(Lower *l)
{
    const RvInsn *ip = l->ip;
    const RvInsnInfo *info = &rv_insn_info[ip->op];
    IrBlock *b = l->b;
    IrArg op_rm = ir_imm((uint64_t)ip->op << 8);
    if (info->flags & RV_F_RM) {
        /* RM(): a dynamic mode reads frm; a mode above 4 is illegal */
        if (ip->rm == 7) {
            IrArg frm = ir_load_state(b, IR_I32, (uint32_t)offsetof(RvCpu, frm));
            ir_trap_if(b, ir_cmp(b, IR_UGT, IR_I32, frm, ir_imm(4)), (uint32_t)RV_EXIT_ILLEGAL,
                       ir_imm(ip->raw), site(l));
            op_rm = ir_binop(b, IR_OR, IR_I64, op_rm, ir_conv(b, IR_ZEXT, IR_I64, IR_I32, 0, frm));
        } else if (ip->rm > 4) {
            exit_trap(l, RV_EXIT_ILLEGAL, ip->raw);
            return true;
        } else {
            op_rm = ir_imm((uint64_t)ip->op << 8 | ip->rm);
        }
    }
    IrArg a = info->flags & RV_F_RS1_FP ? ir_get_reg(b, RV_IR_F0 + ip->rs1) : x_arg(l, ip->rs1);
    IrArg bb = ir_imm(0), c = ir_imm(0);
    if (info->fmt == RV_FMT_R || info->fmt == RV_FMT_R4)
        bb = ir_get_reg(b, RV_IR_F0 + ip->rs2);
    if (info->fmt == RV_FMT_R4)
        c = ir_get_reg(b, RV_IR_F0 + ip->rs3);
    IrArg args[4] = { a, bb, c, op_rm };
    IrArg v = ir_call(b, &fp_value, args, IR_NO_SITE);
    IrArg fl = ir_call(b, &fp_flags, args, IR_NO_SITE);
    uint32_t off = (uint32_t)offsetof(RvCpu, fflags);
    ir_store_state(b, IR_I32, off, ir_binop(b, IR_OR, IR_I32, ir_load_state(b, IR_I32, off), fl));
    if (info->flags & RV_F_RD_FP)
        ir_set_reg(b, RV_IR_F0 + ip->rd, v);
    else
        set_rd(l, l->t == IR_I64 ? v : ir_conv(b, IR_TRUNC, IR_I32, IR_I64, 0, v));
    return false;
}

bool rv_lower_supports(RvOp op)
{
    switch (op) {
    case RV_OP_CSRRW: case RV_OP_CSRRS: case RV_OP_CSRRC:
    case RV_OP_CSRRWI: case RV_OP_CSRRSI: case RV_OP_CSRRCI:
        return false;
    default:
        break;
    }
    if (op >= RV_OP_LR_W && op <= RV_OP_AMOMAXU_D)
        return false;
    return op < RV_OP_COUNT;
}

/* Lower one instruction; returns whether it ended the block. *ok is
 * cleared for an instruction that cannot be lowered. */
static bool lower_insn(Lower *l, bool *ok)
{
    const RvInsn *ip = l->ip;
    IrBlock *b = l->b;
    /* the interpreter's NEXT_PC: the link value is XLEN-wrapped by SET_RD,
     * a branch's fall-through is bpc + off + len as is */
    uint64_t next_pc = l->pc + ip->len;
    uint64_t link = l->t == IR_I32 ? (uint32_t)next_pc : next_pc;
    /* register-register ops at XLEN (rop) or on words (wop), done below */
    IrOp rop = IR_NOPS, wop = IR_NOPS;

    switch ((RvOp)ip->op) {
    case RV_OP_LUI:
    case RV_OP_AUIPC:
        set_rd(l, imm(l));
        return false;
    case RV_OP_JAL:
        set_rd(l, ir_imm(link));
        ir_exit(b, l->t == IR_I32 ? (uint32_t)ip->imm : (uint64_t)ip->imm);
        return true;
    case RV_OP_JALR: {
        /* the target uses rs1 before rd is written (rd may equal rs1) */
        IrArg t = bin(l, IR_AND, bin(l, IR_ADD, rs(l, ip->rs1), imm(l)), ir_imm(~UINT64_C(1)));
        if (l->t == IR_I32)
            t = ir_conv(b, IR_ZEXT, IR_I64, IR_I32, 0, t);
        set_rd(l, ir_imm(link));
        ir_exit_indirect(b, t);
        return true;
    }
    case RV_OP_BEQ:  branch(l, IR_EQ, next_pc); return true;
    case RV_OP_BNE:  branch(l, IR_NE, next_pc); return true;
    case RV_OP_BLT:  branch(l, IR_SLT, next_pc); return true;
    case RV_OP_BGE:  branch(l, IR_SGE, next_pc); return true;
    case RV_OP_BLTU: branch(l, IR_ULT, next_pc); return true;
    case RV_OP_BGEU: branch(l, IR_UGE, next_pc); return true;

    case RV_OP_LB:  load(l, IR_I8, true); return false;
    case RV_OP_LH:  load(l, IR_I16, true); return false;
    case RV_OP_LW:  load(l, IR_I32, true); return false;
    case RV_OP_LD:  load(l, IR_I64, false); return false;
    case RV_OP_LBU: load(l, IR_I8, false); return false;
    case RV_OP_LHU: load(l, IR_I16, false); return false;
    case RV_OP_LWU: load(l, IR_I32, false); return false;
    case RV_OP_SB:  store(l, IR_I8); return false;
    case RV_OP_SH:  store(l, IR_I16); return false;
    case RV_OP_SW:  store(l, IR_I32); return false;
    case RV_OP_SD:  store(l, IR_I64); return false;

    case RV_OP_ADDI:  set_rd(l, bin(l, IR_ADD, rs(l, ip->rs1), imm(l))); return false;
    case RV_OP_SLTI:  set_rd(l, flag(l, IR_SLT, rs(l, ip->rs1), imm(l))); return false;
    case RV_OP_SLTIU: set_rd(l, flag(l, IR_ULT, rs(l, ip->rs1), imm(l))); return false;
    case RV_OP_XORI:  set_rd(l, bin(l, IR_XOR, rs(l, ip->rs1), imm(l))); return false;
    case RV_OP_ORI:   set_rd(l, bin(l, IR_OR, rs(l, ip->rs1), imm(l))); return false;
    case RV_OP_ANDI:  set_rd(l, bin(l, IR_AND, rs(l, ip->rs1), imm(l))); return false;
    /* IR shift amounts are taken modulo the width, which is XLEN's rule for
     * the register forms and harmless for the (in-range) immediate ones */
    case RV_OP_SLLI:  set_rd(l, bin(l, IR_SHL, rs(l, ip->rs1), imm(l))); return false;
    case RV_OP_SRLI:  set_rd(l, bin(l, IR_SHR, rs(l, ip->rs1), imm(l))); return false;
    case RV_OP_SRAI:  set_rd(l, bin(l, IR_SAR, rs(l, ip->rs1), imm(l))); return false;
    case RV_OP_ADD: rop = IR_ADD; break;
    case RV_OP_SUB: rop = IR_SUB; break;
    case RV_OP_SLL: rop = IR_SHL; break;
    case RV_OP_XOR: rop = IR_XOR; break;
    case RV_OP_SRL: rop = IR_SHR; break;
    case RV_OP_SRA: rop = IR_SAR; break;
    case RV_OP_OR:  rop = IR_OR; break;
    case RV_OP_AND: rop = IR_AND; break;
    case RV_OP_MUL:    rop = IR_MUL; break;
    case RV_OP_MULH:   rop = IR_MULHS; break;
    case RV_OP_MULHSU: rop = IR_MULHSU; break;
    case RV_OP_MULHU:  rop = IR_MULHU; break;
    /* the IR's divisions are total with RISC-V's results (spec 7.2): x/0 =
     * all ones, x%0 = x, MIN/-1 = MIN, MIN%-1 = 0 */
    case RV_OP_DIV:  rop = IR_DIVS; break;
    case RV_OP_DIVU: rop = IR_DIVU; break;
    case RV_OP_REM:  rop = IR_REMS; break;
    case RV_OP_REMU: rop = IR_REMU; break;
    case RV_OP_SLT:
        set_rd(l, flag(l, IR_SLT, rs(l, ip->rs1), rs(l, ip->rs2)));
        return false;
    case RV_OP_SLTU:
        set_rd(l, flag(l, IR_ULT, rs(l, ip->rs1), rs(l, ip->rs2)));
        return false;

    case RV_OP_ADDIW: word_op(l, IR_ADD, ir_imm((uint64_t)ip->imm)); return false;
    case RV_OP_SLLIW: word_op(l, IR_SHL, ir_imm((uint64_t)ip->imm)); return false;
    case RV_OP_SRLIW: word_op(l, IR_SHR, ir_imm((uint64_t)ip->imm)); return false;
    case RV_OP_SRAIW: word_op(l, IR_SAR, ir_imm((uint64_t)ip->imm)); return false;
    case RV_OP_ADDW:  wop = IR_ADD; break;
    case RV_OP_SUBW:  wop = IR_SUB; break;
    case RV_OP_SLLW:  wop = IR_SHL; break;
    case RV_OP_SRLW:  wop = IR_SHR; break;
    case RV_OP_SRAW:  wop = IR_SAR; break;
    case RV_OP_MULW:  wop = IR_MUL; break;
    case RV_OP_DIVW:  wop = IR_DIVS; break;
    case RV_OP_DIVUW: wop = IR_DIVU; break;
    case RV_OP_REMW:  wop = IR_REMS; break;
    case RV_OP_REMUW: wop = IR_REMU; break;

    case RV_OP_FENCE:
        return false;
    case RV_OP_FENCE_I:
        /* the engine sees the exit and re-fetches; invalidation of stale
         * translations is the store path's job */
        ir_exit(b, next_pc);
        return true;
    case RV_OP_ECALL:
        exit_trap(l, RV_EXIT_ECALL, 0);
        return true;
    case RV_OP_EBREAK:
        exit_trap(l, RV_EXIT_EBREAK, l->pc);
        return true;
    /* privileged instructions are illegal at priv U */
    case RV_OP_MRET: case RV_OP_SRET: case RV_OP_WFI: case RV_OP_SFENCE_VMA:
    case RV_OP_ILLEGAL:
        exit_trap(l, RV_EXIT_ILLEGAL, ip->raw);
        return true;
    case RV_OP_FALLTHROUGH:
        ir_exit(b, l->t == IR_I32 ? (uint32_t)ip->imm : (uint64_t)ip->imm);
        return true;

    /* FP moves and memory: bit patterns only, no rounding or flags */
    case RV_OP_FLW: {
        IrArg v = ir_load(b, IR_I64, IR_I32, 0, address(l), site(l));
        ir_set_reg(b, RV_IR_F0 + ip->rd, ir_binop(b, IR_OR, IR_I64, v, ir_imm(BOX32)));
        return false;
    }
    case RV_OP_FLD:
        ir_set_reg(b, RV_IR_F0 + ip->rd, ir_load(b, IR_I64, IR_I64, 0, address(l), site(l)));
        return false;
    case RV_OP_FSW:
    case RV_OP_FSD: {
        IrArg a = address(l);
        ir_store(b, IR_I64, ip->op == RV_OP_FSW ? IR_I32 : IR_I64, 0, a,
                 ir_get_reg(b, RV_IR_F0 + ip->rs2), site(l));
        return false;
    }
    case RV_OP_FMV_X_W: {
        IrArg w = ir_conv(b, IR_TRUNC, IR_I32, IR_I64, 0, ir_get_reg(b, RV_IR_F0 + ip->rs1));
        set_rd(l, sext32(l, w));
        return false;
    }
    case RV_OP_FMV_W_X: {
        IrArg w = ir_conv(b, IR_ZEXT, IR_I64, IR_I32, 0, low32(l, rs(l, ip->rs1)));
        ir_set_reg(b, RV_IR_F0 + ip->rd, ir_binop(b, IR_OR, IR_I64, w, ir_imm(BOX32)));
        return false;
    }
    case RV_OP_FMV_X_D:
        set_rd(l, ir_get_reg(b, RV_IR_F0 + ip->rs1));
        return false;
    case RV_OP_FMV_D_X:
        ir_set_reg(b, RV_IR_F0 + ip->rd, rs(l, ip->rs1));
        return false;

    default:
        if (ip->op < RV_OP_ILLEGAL && (rv_insn_info[ip->op].flags & RV_F_FP))
            return lower_fp(l);
        *ok = false;
        return true;
    }

    if (rop != IR_NOPS)
        set_rd(l, bin(l, rop, rs(l, ip->rs1), rs(l, ip->rs2)));
    else
        word_op(l, wop, low32(l, rs(l, ip->rs2)));
    return false;
}

/* What system mode leaves to the interpreter: instructions that read or
 * change privileged state, trap to the guest's handlers by design, or wait
 * (they end a translated prefix instead). */
static bool system_only_interpreted(RvOp op)
{
    switch (op) {
    case RV_OP_ECALL: case RV_OP_EBREAK: case RV_OP_MRET: case RV_OP_SRET:
    case RV_OP_WFI: case RV_OP_SFENCE_VMA: case RV_OP_ILLEGAL:
        return true;
    default:
        return false;
    }
}

unsigned rv_lower_prefix(const RvLowerOpts *opts, unsigned xlen, const RvInsn *insns, unsigned n,
                         uint64_t block_pc, IrBlock *out)
{
    ir_block_clear(out, block_pc);
    out->guest = rv_ir_guest(xlen);
    Lower l = { out, xlen, xlen == 32 ? IR_I32 : IR_I64, NULL, 0, 0 };
    if (opts->fs_dirty) {
        /* the interpreter's rule: a block with FP instructions makes FS Dirty */
        uint32_t off = (uint32_t)offsetof(RvCpu, csr.mstatus);
        ir_store_state(out, IR_I64, off,
                       ir_binop(out, IR_OR, IR_I64, ir_load_state(out, IR_I64, off), ir_imm(RV_MSTATUS_FS)));
    }
    bool ended = false, ok = true;
    unsigned i;
    for (i = 0; i < n && !ended; i++) {
        RvOp op = (RvOp)insns[i].op;
        l.ip = &insns[i];
        l.pc = block_pc + insns[i].off;
        l.index = i;
        bool supported = op == RV_OP_FALLTHROUGH || op == RV_OP_ILLEGAL || rv_lower_supports(op);
        if (opts->system && system_only_interpreted(op))
            supported = false;
        if (!supported) {
            if (i == 0)
                return 0;
            /* the interpreter takes over at this instruction */
            ir_exit(out, xlen == 32 ? (uint32_t)l.pc : l.pc);
            return out->oom ? 0 : i;
        }
        ended = lower_insn(&l, &ok);
        if (!ok)
            return 0;
    }
    if (!ended || out->oom)
        return 0;
    /* the trailing fall-through is not a guest instruction */
    return insns[i - 1].op == RV_OP_FALLTHROUGH ? i - 1 : i;
}

bool rv_lower_block(unsigned xlen, const RvInsn *insns, unsigned n, uint64_t block_pc, IrBlock *out)
{
    for (unsigned i = 0; i < n; i++)
        if (insns[i].op != RV_OP_FALLTHROUGH && insns[i].op != RV_OP_ILLEGAL &&
            !rv_lower_supports((RvOp)insns[i].op))
            return false;
    RvLowerOpts opts = { 0 };
    return rv_lower_prefix(&opts, xlen, insns, n, block_pc, out) != 0;
}
