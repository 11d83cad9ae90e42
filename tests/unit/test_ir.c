/*
 * ferry - unit tests for the JIT's IR (cpu/ir.h): the op table, builders
 * and validator, the printer, and the meaning of the ops as the reference
 * interpreter runs them, including the lazily computed 68k condition codes
 * checked against a plain C model of the 68k rules. The passes are tested in
 * test_ir_opt.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "ir.h"

/* ---- a small guest for the tests ------------------------------------------ */

enum { R_X0, R_X1, R_X2, R_X3, R_X4, R_X5, R_X6, R_X7, R_F0, R_W0, R_Z, R_B0, NREGS };
static const IrGuestReg test_regs[NREGS] = {
    { "x0", IR_I64, 0 }, { "x1", IR_I64, 8 }, { "x2", IR_I64, 16 }, { "x3", IR_I64, 24 },
    { "x4", IR_I64, 32 }, { "x5", IR_I64, 40 }, { "x6", IR_I64, 48 }, { "x7", IR_I64, 56 },
    { "f0", IR_F64, 64 }, { "w0", IR_I32, 72 }, { "z", IR_I1, 76 }, { "b0", IR_I8, 77 },
};
static const IrGuest test_guest = { "test", NREGS, test_regs };

#define MEM_SIZE 256
#define STATE_SIZE 64

typedef struct Machine {
    uint64_t regs[NREGS];
    uint8_t mem[MEM_SIZE];
    uint8_t state[STATE_SIZE];
    IrEnv env;
} Machine;

static void machine_init(Machine *m)
{
    memset(m, 0, sizeof *m);
    for (unsigned i = 0; i < MEM_SIZE; i++)
        m->mem[i] = (uint8_t)(i * 7 + 3);
    m->env.regs = m->regs;
    m->env.mem = m->mem;
    m->env.mem_size = MEM_SIZE;
    m->env.state = m->state;
    m->env.state_size = STATE_SIZE;
}

static void assert_valid(const IrBlock *b)
{
    char err[160];
    if (!ir_validate(b, err, sizeof err)) {
        ir_print(b, stderr);
        fail_msg("invalid block: %s", err);
    }
}

static void assert_invalid(const IrBlock *b, const char *needle)
{
    char err[160] = "";
    assert_false(ir_validate(b, err, sizeof err));
    if (!strstr(err, needle))
        fail_msg("error \"%s\" does not mention \"%s\"", err, needle);
}

/* ---- evaluating one op ---------------------------------------------------- */

/* Run `t = op a, b` (or unary/ternary) as a block of its own through the
 * interpreter, with the operands as temps loaded from registers so nothing
 * is folded, and return t. */
static uint64_t run_insn(const IrInsn *proto, unsigned nargs, const uint64_t *argv)
{
    IrBlock b;
    ir_block_init(&b, &test_guest, 0);
    Machine m;
    machine_init(&m);
    IrInsn in = *proto;
    in.nargs = (uint8_t)nargs;
    in.dst = IR_NO_TEMP;
    for (unsigned k = 0; k < nargs; k++) {
        IrType t = ir_operand_type(&in, k);
        memcpy(&m.state[8 * k], &argv[k], 8);
        in.arg[k] = ir_load_state(&b, t, 8 * k);
    }
    IrArg r = ir_emit(&b, &in);
    ir_store_state(&b, (IrType)in.type, 48, r);
    ir_exit(&b, 0);
    assert_valid(&b);
    IrEnd e = ir_interp(&b, &m.env);
    assert_int_equal(e.kind, IR_END_JUMP);
    uint64_t v;
    memcpy(&v, &m.state[48], 8);
    ir_block_destroy(&b);
    return v & ir_type_mask((IrType)in.type);
}

static uint64_t eval2(IrOp op, IrType t, uint64_t a, uint64_t b)
{
    IrInsn in = { .op = (uint8_t)op, .type = (uint8_t)t };
    uint64_t v[2] = { a & ir_type_mask(t), b & ir_type_mask(t) };
    uint64_t r = run_insn(&in, 2, v);
    /* the folder's evaluator must agree with the interpreter */
    uint64_t f;
    assert_true(ir_eval_pure(&in, (uint64_t[4]){ v[0], v[1], 0, 0 }, &f));
    assert_int_equal(f, r);
    return r;
}

static uint64_t eval1(IrOp op, IrType t, uint64_t a)
{
    IrInsn in = { .op = (uint8_t)op, .type = (uint8_t)t };
    uint64_t v[1] = { a & ir_type_mask(t) };
    return run_insn(&in, 1, v);
}

static uint64_t evalc(IrOp op, IrType to, IrType from, unsigned aux, uint64_t a)
{
    IrInsn in = { .op = (uint8_t)op, .type = (uint8_t)to, .otype = (uint8_t)from, .aux = aux };
    uint64_t v[1] = { a & ir_type_mask(from) };
    return run_insn(&in, 1, v);
}

static bool cmp(IrCond c, IrType t, uint64_t a, uint64_t b)
{
    IrInsn in = { .op = IR_CMP, .type = IR_I1, .otype = (uint8_t)t, .aux = c };
    uint64_t v[2] = { a & ir_type_mask(t), b & ir_type_mask(t) };
    return run_insn(&in, 2, v);
}

/* ---- op table ------------------------------------------------------------- */

static void test_op_table_is_consistent(void **state)
{
    (void)state;
    for (unsigned i = 0; i < IR_NOPS; i++) {
        const IrOpInfo *o = &ir_op_info[i];
        assert_non_null(o->name);
        for (unsigned j = 0; j < i; j++)
            assert_string_not_equal(o->name, ir_op_info[j].name);
        /* terminators and fault points always stay */
        if (o->flags & (IR_OPF_TERM | IR_OPF_FAULT))
            assert_true(o->flags & IR_OPF_SIDE);
        assert_true(o->nargs <= 4);
    }
    assert_int_equal(ir_type_bits(IR_I1), 1);
    assert_int_equal(ir_type_bits(IR_F32), 32);
    assert_int_equal(ir_type_mask(IR_I16), 0xffff);
    assert_int_equal(ir_type_mask(IR_I64), UINT64_MAX);
    assert_string_equal(ir_type_name(IR_F64), "f64");
}

/* ---- builders and validation ---------------------------------------------- */

static void test_builders_make_valid_ssa(void **state)
{
    (void)state;
    IrBlock b;
    ir_block_init(&b, &test_guest, 0x1000);
    IrArg x = ir_get_reg(&b, R_X1);
    IrArg y = ir_binop(&b, IR_ADD, IR_I64, x, ir_imm(-1));
    ir_set_reg(&b, R_X2, y);
    ir_exit(&b, 0x1004);
    assert_valid(&b);
    assert_int_equal(b.ninsns, 4);
    assert_int_equal(b.ntemps, 2);
    assert_true(ir_is_temp(x) && x.temp == 0);
    assert_true(ir_is_temp(y) && y.temp == 1);
    /* immediates are truncated to the operand type */
    assert_int_equal(b.insns[1].arg[1].imm, UINT64_MAX);
    IrArg n = ir_binop(&b, IR_ADD, IR_I8, ir_imm(0x1ff), ir_imm(0));
    assert_int_equal(b.insns[4].arg[0].imm, 0xff);
    (void)n;
    /* clear and reuse */
    ir_block_clear(&b, 0x2000);
    assert_int_equal(b.ninsns, 0);
    assert_int_equal(b.pc, 0x2000);
    ir_exit(&b, 0x2000);
    assert_valid(&b);
    ir_block_destroy(&b);
}

static void test_sites_are_shared_per_instruction(void **state)
{
    (void)state;
    IrBlock b;
    ir_block_init(&b, &test_guest, 0x1000);
    uint32_t s0 = ir_site(&b, 0x1000, 0);
    assert_int_equal(ir_site(&b, 0x1000, 0), s0);
    uint32_t s1 = ir_site(&b, 0x1004, 1);
    assert_int_not_equal(s0, s1);
    assert_int_equal(ir_site_pc(&b, s1), 0x1004);
    assert_int_equal(b.nsites, 2);
    ir_block_destroy(&b);
}

static void test_block_copy_is_deep(void **state)
{
    (void)state;
    IrBlock a, c;
    ir_block_init(&a, &test_guest, 0x1000);
    memset(&c, 0, sizeof c);
    uint32_t s = ir_site(&a, 0x1000, 0);
    IrArg v = ir_load(&a, IR_I64, IR_I64, 0, ir_get_reg(&a, R_X1), s);
    ir_set_reg(&a, R_X2, v);
    ir_exit(&a, 0x1004);
    assert_true(ir_block_copy(&c, &a));
    assert_valid(&c);
    assert_int_equal(c.ninsns, a.ninsns);
    assert_int_equal(c.nsites, 1);
    c.insns[0].aux = R_X3;
    assert_int_equal(a.insns[0].aux, R_X1);
    ir_exit(&c, 0); /* grows the copy without touching the original */
    assert_int_equal(a.ninsns, 4);
    ir_block_destroy(&a);
    ir_block_destroy(&c);
}

/* Each case builds a block with one mistake. */
static void test_validator_rejects_bad_blocks(void **state)
{
    (void)state;
    IrBlock b;
    ir_block_init(&b, &test_guest, 0);

    assert_invalid(&b, "empty");

    /* no terminator */
    ir_get_reg(&b, R_X1);
    assert_invalid(&b, "terminator");

    /* terminator in the middle */
    ir_block_clear(&b, 0);
    ir_exit(&b, 0);
    ir_exit(&b, 4);
    assert_invalid(&b, "terminator before the end");

    /* operand type mismatch */
    ir_block_clear(&b, 0);
    IrArg w = ir_get_reg(&b, R_W0);
    ir_binop(&b, IR_ADD, IR_I64, w, ir_imm(1));
    ir_exit(&b, 0);
    assert_invalid(&b, "t0 is i32, wants i64");

    /* use before definition */
    ir_block_clear(&b, 0);
    IrTemp later = ir_new_temp(&b, IR_I64);
    ir_set_reg(&b, R_X1, ir_temp(later));
    ir_exit(&b, 0);
    assert_invalid(&b, "before its definition");

    /* set_reg with the register's wrong type */
    ir_block_clear(&b, 0);
    IrInsn bad = { .op = IR_SET_REG, .type = IR_I32, .nargs = 1, .dst = IR_NO_TEMP, .aux = R_X1,
                   .arg = { ir_imm(1) } };
    ir_emit(&b, &bad);
    ir_exit(&b, 0);
    assert_invalid(&b, "register");

    /* a register that does not exist */
    ir_block_clear(&b, 0);
    ir_get_reg(&b, NREGS);
    ir_exit(&b, 0);
    assert_invalid(&b, "no such guest register");

    /* an immediate wider than its type (only raw instructions can do it) */
    ir_block_clear(&b, 0);
    IrArg t = ir_get_reg(&b, R_W0);
    IrInsn wide = { .op = IR_ADD, .type = IR_I32, .nargs = 2, .dst = IR_NO_TEMP, .arg = { t, ir_imm(1) } };
    ir_emit(&b, &wide);
    b.insns[1].arg[1].imm = 1ull << 40;
    ir_exit(&b, 0);
    assert_invalid(&b, "wider than i32");

    /* a load without a site */
    ir_block_clear(&b, 0);
    ir_load(&b, IR_I64, IR_I64, 0, ir_imm(0), IR_NO_SITE);
    ir_exit(&b, 0);
    assert_invalid(&b, "no site");

    /* a static exit whose pc is a temp */
    ir_block_clear(&b, 0);
    IrArg pc = ir_get_reg(&b, R_X1);
    IrInsn ex = { .op = IR_EXIT, .nargs = 1, .dst = IR_NO_TEMP, .arg = { pc } };
    ir_emit(&b, &ex);
    assert_invalid(&b, "immediate");

    /* logic ops have no X flag */
    ir_block_clear(&b, 0);
    ir_cc_flag(&b, IR_CC_LOGIC, IR_FLAG_X, IR_I8, ir_get_reg(&b, R_B0), ir_imm(0), ir_imm(0));
    ir_exit(&b, 0);
    assert_invalid(&b, "bad flag");

    /* arithmetic on i1 */
    ir_block_clear(&b, 0);
    ir_binop(&b, IR_ADD, IR_I1, ir_get_reg(&b, R_Z), ir_imm(1));
    ir_exit(&b, 0);
    assert_invalid(&b, "i1 only");

    /* trunc that widens, zext that narrows, bad bitcast */
    ir_block_clear(&b, 0);
    ir_conv(&b, IR_TRUNC, IR_I64, IR_I32, 0, ir_get_reg(&b, R_W0));
    ir_exit(&b, 0);
    assert_invalid(&b, "trunc widens");
    ir_block_clear(&b, 0);
    ir_conv(&b, IR_ZEXT, IR_I8, IR_I32, 0, ir_get_reg(&b, R_W0));
    ir_exit(&b, 0);
    assert_invalid(&b, "narrows");
    ir_block_clear(&b, 0);
    ir_conv(&b, IR_BITCAST, IR_F64, IR_I32, 0, ir_get_reg(&b, R_W0));
    ir_exit(&b, 0);
    assert_invalid(&b, "bitcast");

    /* a load narrower than its memory access */
    ir_block_clear(&b, 0);
    ir_load(&b, IR_I16, IR_I32, 0, ir_imm(0), ir_site(&b, 0, 0));
    ir_exit(&b, 0);
    assert_invalid(&b, "narrower");

    /* a call whose helper wants other types */
    static const IrHelper h = { "h", (IrHelperFn)NULL, 1, IR_I64, { IR_I64 }, IR_HELPER_PURE };
    ir_block_clear(&b, 0);
    ir_call(&b, &h, (IrArg[]){ ir_imm(0) }, IR_NO_SITE);
    ir_exit(&b, 0);
    assert_invalid(&b, "bad helper");

    ir_block_destroy(&b);
}

/* ---- printer -------------------------------------------------------------- */

static uint64_t helper_id(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)env; (void)b; (void)c; (void)d;
    return a;
}
static const IrHelper h_check = {
    "check", helper_id, 2, IR_I64, { IR_I64, IR_I32 }, IR_HELPER_MAY_TRAP,
};

static char *print_block(const IrBlock *b)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    ir_print(b, f);
    fclose(f);
    return text;
}

static void test_printer_text(void **state)
{
    (void)state;
    IrBlock b;
    ir_block_init(&b, &test_guest, 0x1000);
    uint32_t s0 = ir_site(&b, 0x1000, 0);
    IrArg a = ir_get_reg(&b, R_X1);
    IrArg c = ir_binop(&b, IR_ADD, IR_I64, a, ir_imm(16));
    IrArg l = ir_load(&b, IR_I64, IR_I32, IR_MEM_SIGNED, c, s0);
    ir_set_reg(&b, R_X5, l);
    uint32_t s1 = ir_site(&b, 0x1004, 1);
    ir_store(&b, IR_I64, IR_I16, IR_MEM_BE, c, ir_imm((uint64_t)-2), s1);
    IrArg k = ir_cmp(&b, IR_SLT, IR_I64, l, ir_imm(0));
    IrArg z = ir_conv(&b, IR_ZEXT, IR_I64, IR_I1, 0, k);
    IrArg bb = ir_conv(&b, IR_TRUNC, IR_I8, IR_I64, 0, z);
    IrArg fl = ir_cc_flag(&b, IR_CC_ADD, IR_FLAG_C, IR_I8, bb, ir_imm(0x80), ir_imm(0x1234 & 0xff));
    ir_set_reg(&b, R_Z, fl);
    IrArg d = ir_conv(&b, IR_ITOF, IR_F64, IR_I64, IR_MEM_SIGNED, l);
    ir_set_reg(&b, R_F0, ir_binop(&b, IR_FMUL, IR_F64, d, ir_imm(0x4000000000000000ull)));
    ir_store_state(&b, IR_I32, 0x20, ir_load_state(&b, IR_I32, 0x24));
    uint32_t s2 = ir_site(&b, 0x1008, 2);
    IrArg r = ir_call(&b, &h_check, (IrArg[]){ z, ir_imm(0x12345) }, s2);
    ir_trap_if(&b, ir_cc_test(&b, IR_CC_SUB, IR_CC_GT, IR_I16, ir_conv(&b, IR_TRUNC, IR_I16, IR_I64, 0, r),
                              ir_imm(1), ir_imm(0xffff)), 5, r, s2);
    ir_br_cond(&b, k, 0x2000, 0x100c);
    assert_valid(&b);

    char *text = print_block(&b);
    assert_string_equal(text,
        "block 0x1000 (test, 20 insns, 13 temps)\n"
        "  t0:i64 = get_reg x1\n"
        "  t1:i64 = add t0, 16\n"
        "  t2:i64 = load.i32.s t1 @0x1000\n"
        "  set_reg x5, t2\n"
        "  store.i16.be t1, -2 @0x1004\n"
        "  t3:i1 = cmp.slt.i64 t2, 0\n"
        "  t4:i64 = zext.i1 t3\n"
        "  t5:i8 = trunc.i64 t4\n"
        "  t6:i1 = cc_flag.add.c.i8 t5, 128, 52\n"
        "  set_reg z, t6\n"
        "  t7:f64 = itof.s.i64 t2\n"
        "  t8:f64 = fmul t7, 0x4000000000000000\n"
        "  set_reg f0, t8\n"
        "  t9:i32 = load_state 0x24\n"
        "  store_state 0x20, t9\n"
        "  t10:i64 = call check(t4, 0x12345) @0x1008\n"
        "  t11:i16 = trunc.i64 t10\n"
        "  t12:i1 = cc_test.sub.gt.i16 t11, 1, -1\n"
        "  trap_if t12, 5, t10 @0x1008\n"
        "  br_cond t3, 0x2000, 0x100c\n");
    free(text);

    /* snprintf-like: the length needed comes back even when it does not fit */
    char small[8];
    int n = ir_print_insn(&b, &b.insns[1], small, sizeof small);
    assert_int_equal(n, (int)strlen("t1:i64 = add t0, 16"));
    assert_string_equal(small, "t1:i64 ");
    ir_block_destroy(&b);
}

static void test_printer_exits(void **state)
{
    (void)state;
    IrBlock b;
    ir_block_init(&b, &test_guest, 0);
    char line[96];
    ir_exit(&b, 0x80000000);
    ir_print_insn(&b, &b.insns[0], line, sizeof line);
    assert_string_equal(line, "exit 0x80000000");
    ir_block_clear(&b, 0);
    ir_exit_indirect(&b, ir_get_reg(&b, R_X1));
    ir_print_insn(&b, &b.insns[1], line, sizeof line);
    assert_string_equal(line, "exit_indirect t0");
    ir_block_clear(&b, 0);
    ir_exit_trap(&b, 2, ir_imm(0xdeadbeef), ir_site(&b, 0x40, 0));
    ir_print_insn(&b, &b.insns[0], line, sizeof line);
    assert_string_equal(line, "exit_trap 2, 0xdeadbeef @0x40");
    ir_block_destroy(&b);
}

/* ---- integer semantics ---------------------------------------------------- */

static void test_int_arithmetic_wraps_at_width(void **state)
{
    (void)state;
    assert_int_equal(eval2(IR_ADD, IR_I8, 0xff, 2), 1);
    assert_int_equal(eval2(IR_SUB, IR_I16, 0, 1), 0xffff);
    assert_int_equal(eval2(IR_MUL, IR_I32, 0x10000, 0x10000), 0);
    assert_int_equal(eval2(IR_MUL, IR_I64, 3, UINT64_MAX), UINT64_MAX - 2);
    assert_int_equal(eval1(IR_NEG, IR_I8, 1), 0xff);
    assert_int_equal(eval1(IR_NOT, IR_I16, 0x00f0), 0xff0f);
    assert_int_equal(eval2(IR_AND, IR_I64, 0xf0f0, 0xff00), 0xf000);
    assert_int_equal(eval2(IR_OR, IR_I8, 0x0f, 0xf0), 0xff);
    assert_int_equal(eval2(IR_XOR, IR_I1, 1, 1), 0);
    assert_int_equal(eval1(IR_NOT, IR_I1, 0), 1);
}

static void test_mulh_matches_wide_product(void **state)
{
    (void)state;
    static const IrType types[] = { IR_I8, IR_I16, IR_I32 };
    uint64_t seed = 12345;
    for (unsigned ti = 0; ti < 3; ti++) {
        IrType t = types[ti];
        unsigned w = ir_type_bits(t);
        for (int i = 0; i < 200; i++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            uint64_t a = (seed >> 11) & ir_type_mask(t), b = (seed >> 29) & ir_type_mask(t);
            if (i == 0) a = b = ir_type_mask(t);                   /* -1 * -1 */
            if (i == 1) { a = 1ull << (w - 1); b = a; }             /* MIN * MIN */
            int64_t sa = (int64_t)(a << (64 - w)) >> (64 - w);
            int64_t sb = (int64_t)(b << (64 - w)) >> (64 - w);
            uint64_t m = ir_type_mask(t);
            assert_int_equal(eval2(IR_MULHU, t, a, b), ((a * b) >> w) & m);
            assert_int_equal(eval2(IR_MULHS, t, a, b), ((uint64_t)(sa * sb) >> w) & m);
            assert_int_equal(eval2(IR_MULHSU, t, a, b), ((uint64_t)(sa * (int64_t)b) >> w) & m);
        }
    }
    /* 64 bits: known values */
    assert_int_equal(eval2(IR_MULHU, IR_I64, UINT64_MAX, UINT64_MAX), UINT64_MAX - 1);
    assert_int_equal(eval2(IR_MULHS, IR_I64, UINT64_MAX, UINT64_MAX), 0);       /* -1 * -1 = 1 */
    assert_int_equal(eval2(IR_MULHSU, IR_I64, UINT64_MAX, UINT64_MAX), UINT64_MAX); /* -1 * big */
    assert_int_equal(eval2(IR_MULHS, IR_I64, 1ull << 63, 1ull << 63), 1ull << 62);
}

static void test_division_is_total(void **state)
{
    (void)state;
    const uint64_t min64 = 1ull << 63;
    assert_int_equal(eval2(IR_DIVU, IR_I64, 7, 0), UINT64_MAX);
    assert_int_equal(eval2(IR_REMU, IR_I64, 7, 0), 7);
    assert_int_equal(eval2(IR_DIVS, IR_I32, 7, 0), 0xffffffff);
    assert_int_equal(eval2(IR_REMS, IR_I32, 7, 0), 7);
    assert_int_equal(eval2(IR_DIVS, IR_I64, min64, UINT64_MAX), min64);
    assert_int_equal(eval2(IR_REMS, IR_I64, min64, UINT64_MAX), 0);
    assert_int_equal(eval2(IR_DIVS, IR_I8, 0x80, 0xff), 0x80);
    assert_int_equal(eval2(IR_REMS, IR_I8, 0x80, 0xff), 0);
    /* signed division truncates toward zero; the remainder takes the
     * dividend's sign */
    assert_int_equal(eval2(IR_DIVS, IR_I16, (uint64_t)-7, 2), (uint16_t)-3);
    assert_int_equal(eval2(IR_REMS, IR_I16, (uint64_t)-7, 2), (uint16_t)-1);
    assert_int_equal(eval2(IR_DIVU, IR_I16, (uint64_t)-7, 2), 0xfff9 / 2);
    assert_int_equal(eval2(IR_REMU, IR_I8, 200, 7), 200 % 7);
}

static void test_shifts_take_amount_modulo_width(void **state)
{
    (void)state;
    assert_int_equal(eval2(IR_SHL, IR_I64, 1, 64), 1);
    assert_int_equal(eval2(IR_SHL, IR_I64, 1, 65), 2);
    assert_int_equal(eval2(IR_SHL, IR_I32, 1, 31), 0x80000000);
    assert_int_equal(eval2(IR_SHL, IR_I32, 3, 31), 0x80000000);
    assert_int_equal(eval2(IR_SHL, IR_I8, 1, 9), 2);
    assert_int_equal(eval2(IR_SHR, IR_I8, 0x80, 7), 1);
    assert_int_equal(eval2(IR_SAR, IR_I8, 0x80, 7), 0xff);
    assert_int_equal(eval2(IR_SAR, IR_I16, 0x8000, 4), 0xf800);
    assert_int_equal(eval2(IR_SAR, IR_I64, 1ull << 63, 63), UINT64_MAX);
    assert_int_equal(eval2(IR_SAR, IR_I64, 0x4000000000000000ull, 62), 1);
    assert_int_equal(eval2(IR_ROTL, IR_I8, 0x81, 1), 0x03);
    assert_int_equal(eval2(IR_ROTR, IR_I8, 0x81, 1), 0xc0);
    assert_int_equal(eval2(IR_ROTL, IR_I16, 0x1234, 16 + 4), 0x2341);
    assert_int_equal(eval2(IR_ROTR, IR_I64, 1, 1), 1ull << 63);
    assert_int_equal(eval2(IR_ROTL, IR_I32, 0x80000001, 0), 0x80000001);
}

static void test_bit_counts(void **state)
{
    (void)state;
    assert_int_equal(eval1(IR_CLZ, IR_I8, 0), 8);
    assert_int_equal(eval1(IR_CTZ, IR_I16, 0), 16);
    assert_int_equal(eval1(IR_CLZ, IR_I64, 0), 64);
    assert_int_equal(eval1(IR_CLZ, IR_I8, 1), 7);
    assert_int_equal(eval1(IR_CLZ, IR_I32, 0x00800000), 8);
    assert_int_equal(eval1(IR_CTZ, IR_I32, 0x00800000), 23);
    assert_int_equal(eval1(IR_CTZ, IR_I64, 1ull << 63), 63);
}

static void test_extensions(void **state)
{
    (void)state;
    assert_int_equal(evalc(IR_SEXT, IR_I64, IR_I8, 0, 0x80), 0xffffffffffffff80ull);
    assert_int_equal(evalc(IR_SEXT, IR_I32, IR_I16, 0, 0x7fff), 0x7fff);
    assert_int_equal(evalc(IR_ZEXT, IR_I64, IR_I32, 0, 0xffffffff), 0xffffffff);
    assert_int_equal(evalc(IR_SEXT, IR_I64, IR_I1, 0, 1), UINT64_MAX);
    assert_int_equal(evalc(IR_ZEXT, IR_I8, IR_I1, 0, 1), 1);
    assert_int_equal(evalc(IR_TRUNC, IR_I16, IR_I64, 0, 0x123456789), 0x6789);
    assert_int_equal(evalc(IR_TRUNC, IR_I1, IR_I8, 0, 0xfe), 0);
    assert_int_equal(evalc(IR_TRUNC, IR_I32, IR_I32, 0, 5), 5);
}

static void test_compares(void **state)
{
    (void)state;
    assert_true(cmp(IR_EQ, IR_I8, 0x80, 0x80));
    assert_true(cmp(IR_NE, IR_I64, 1, 2));
    assert_true(cmp(IR_SLT, IR_I8, 0x80, 0x7f));
    assert_false(cmp(IR_ULT, IR_I8, 0x80, 0x7f));
    assert_true(cmp(IR_SLE, IR_I16, 0xffff, 0xffff));
    assert_true(cmp(IR_SGT, IR_I32, 1, 0xffffffff));
    assert_false(cmp(IR_UGT, IR_I32, 1, 0xffffffff));
    assert_true(cmp(IR_SGE, IR_I64, 0, UINT64_MAX));
    assert_true(cmp(IR_ULE, IR_I64, 0, UINT64_MAX));
    assert_true(cmp(IR_UGE, IR_I64, UINT64_MAX, UINT64_MAX));
    assert_true(cmp(IR_EQ, IR_I1, 1, 1));

    IrInsn sel = { .op = IR_SELECT, .type = IR_I16 };
    assert_int_equal(run_insn(&sel, 3, (uint64_t[]){ 1, 10, 20 }), 10);
    assert_int_equal(run_insn(&sel, 3, (uint64_t[]){ 0, 10, 20 }), 20);
}

/* ---- floating point ------------------------------------------------------- */

static uint64_t d2u(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint64_t f2u(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

#define F64_QNAN 0x7ff8000000000000ull
#define F32_QNAN 0x7fc00000ull

static void test_float_arithmetic(void **state)
{
    (void)state;
    assert_int_equal(eval2(IR_FADD, IR_F64, d2u(1.5), d2u(2.25)), d2u(3.75));
    assert_int_equal(eval2(IR_FSUB, IR_F32, f2u(1.0f), f2u(0.25f)), f2u(0.75f));
    assert_int_equal(eval2(IR_FMUL, IR_F64, d2u(-3.0), d2u(0.5)), d2u(-1.5));
    assert_int_equal(eval2(IR_FDIV, IR_F32, f2u(1.0f), f2u(3.0f)), f2u(1.0f / 3.0f));
    assert_int_equal(eval2(IR_FDIV, IR_F64, d2u(1.0), d2u(0.0)), d2u(INFINITY));
    assert_int_equal(eval1(IR_FSQRT, IR_F64, d2u(2.0)), d2u(sqrt(2.0)));
    IrInsn fma_in = { .op = IR_FMA, .type = IR_F64 };
    /* one rounding: (1+2^-52)(1-2^-52) - 1 = -2^-104, lost by mul then add */
    double a = 1.0 + 0x1p-52, b = 1.0 - 0x1p-52;
    assert_int_equal(run_insn(&fma_in, 3, (uint64_t[]){ d2u(a), d2u(b), d2u(-1.0) }), d2u(-0x1p-104));
}

static void test_float_nans_are_canonical(void **state)
{
    (void)state;
    uint64_t snan64 = 0x7ff0000000000001ull, neg_payload = 0xfff8000000001234ull;
    assert_int_equal(eval2(IR_FADD, IR_F64, neg_payload, d2u(1.0)), F64_QNAN);
    assert_int_equal(eval2(IR_FMUL, IR_F64, snan64, d2u(1.0)), F64_QNAN);
    assert_int_equal(eval2(IR_FSUB, IR_F64, d2u(INFINITY), d2u(INFINITY)), F64_QNAN);
    assert_int_equal(eval1(IR_FSQRT, IR_F32, f2u(-1.0f)), F32_QNAN);
    assert_int_equal(eval2(IR_FDIV, IR_F32, f2u(0.0f), f2u(0.0f)), F32_QNAN);
    /* sign operations keep the payload */
    assert_int_equal(eval1(IR_FNEG, IR_F64, neg_payload), 0x7ff8000000001234ull);
    assert_int_equal(eval1(IR_FABS, IR_F32, 0xffc00001), 0x7fc00001);
    assert_int_equal(eval1(IR_FNEG, IR_F32, f2u(0.0f)), 0x80000000);
    /* conversions between formats canonicalise too */
    assert_int_equal(evalc(IR_FCONV, IR_F32, IR_F64, 0, neg_payload), F32_QNAN);
    assert_int_equal(evalc(IR_FCONV, IR_F64, IR_F32, 0, 0xffc01234), F64_QNAN);
    assert_int_equal(evalc(IR_FCONV, IR_F64, IR_F32, 0, f2u(1.5f)), d2u(1.5));
    assert_int_equal(evalc(IR_FCONV, IR_F32, IR_F64, 0, d2u(1.0 + 0x1p-30)), f2u(1.0f));
}

static void test_float_min_max(void **state)
{
    (void)state;
    uint64_t pz = d2u(0.0), nz = d2u(-0.0);
    assert_int_equal(eval2(IR_FMIN, IR_F64, pz, nz), nz);
    assert_int_equal(eval2(IR_FMIN, IR_F64, nz, pz), nz);
    assert_int_equal(eval2(IR_FMAX, IR_F64, nz, pz), pz);
    assert_int_equal(eval2(IR_FMAX, IR_F64, pz, nz), pz);
    assert_int_equal(eval2(IR_FMIN, IR_F64, F64_QNAN | 5, d2u(2.0)), d2u(2.0));
    assert_int_equal(eval2(IR_FMAX, IR_F64, d2u(-2.0), 0x7ff0000000000001ull), d2u(-2.0));
    assert_int_equal(eval2(IR_FMIN, IR_F32, 0x7fc00001, 0xffc00000), F32_QNAN);
    assert_int_equal(eval2(IR_FMIN, IR_F32, f2u(-1.0f), f2u(1.0f)), f2u(-1.0f));
    assert_int_equal(eval2(IR_FMAX, IR_F32, f2u(-1.0f), f2u(1.0f)), f2u(1.0f));
}

static void test_float_compares(void **state)
{
    (void)state;
    struct { IrFCond c; double a, b; bool want; } cases[] = {
        { IR_FEQ, 1.0, 1.0, true }, { IR_FEQ, 0.0, -0.0, true }, { IR_FEQ, NAN, NAN, false },
        { IR_FLT, -1.0, 1.0, true }, { IR_FLT, 1.0, NAN, false }, { IR_FLE, 2.0, 2.0, true },
        { IR_FLE, NAN, 2.0, false }, { IR_FUNO, NAN, 1.0, true }, { IR_FUNO, 1.0, 2.0, false },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        IrInsn in = { .op = IR_FCMP, .type = IR_I1, .otype = IR_F64, .aux = cases[i].c };
        assert_int_equal(run_insn(&in, 2, (uint64_t[]){ d2u(cases[i].a), d2u(cases[i].b) }), cases[i].want);
        in.otype = IR_F32;
        uint64_t fa = f2u((float)cases[i].a), fb = f2u((float)cases[i].b);
        assert_int_equal(run_insn(&in, 2, (uint64_t[]){ fa, fb }), cases[i].want);
    }
}

static void test_float_int_conversions(void **state)
{
    (void)state;
    /* truncation toward zero */
    assert_int_equal(evalc(IR_FTOI, IR_I32, IR_F64, IR_MEM_SIGNED, d2u(-2.9)), (uint32_t)-2);
    assert_int_equal(evalc(IR_FTOI, IR_I64, IR_F32, IR_MEM_SIGNED, f2u(2.9f)), 2);
    assert_int_equal(evalc(IR_FTOI, IR_I32, IR_F64, 0, d2u(-0.9)), 0);
    /* saturation, NaN is the largest value */
    assert_int_equal(evalc(IR_FTOI, IR_I32, IR_F64, IR_MEM_SIGNED, d2u(3e9)), 0x7fffffff);
    assert_int_equal(evalc(IR_FTOI, IR_I32, IR_F64, IR_MEM_SIGNED, d2u(-3e9)), 0x80000000);
    assert_int_equal(evalc(IR_FTOI, IR_I64, IR_F64, IR_MEM_SIGNED, d2u(NAN)), INT64_MAX);
    assert_int_equal(evalc(IR_FTOI, IR_I64, IR_F64, IR_MEM_SIGNED, d2u(-INFINITY)), 1ull << 63);
    assert_int_equal(evalc(IR_FTOI, IR_I64, IR_F64, IR_MEM_SIGNED, d2u(-0x1p63)), 1ull << 63);
    assert_int_equal(evalc(IR_FTOI, IR_I32, IR_F32, 0, f2u(-5.0f)), 0);
    assert_int_equal(evalc(IR_FTOI, IR_I32, IR_F32, 0, f2u(5e9f)), 0xffffffff);
    assert_int_equal(evalc(IR_FTOI, IR_I64, IR_F64, 0, d2u(0x1p64)), UINT64_MAX);
    assert_int_equal(evalc(IR_FTOI, IR_I64, IR_F64, 0, d2u(0x1p63)), 1ull << 63);
    assert_int_equal(evalc(IR_FTOI, IR_I64, IR_F32, 0, F32_QNAN), UINT64_MAX);
    /* integer to float, rounding to nearest even */
    assert_int_equal(evalc(IR_ITOF, IR_F64, IR_I32, IR_MEM_SIGNED, 0xffffffff), d2u(-1.0));
    assert_int_equal(evalc(IR_ITOF, IR_F64, IR_I32, 0, 0xffffffff), d2u(4294967295.0));
    assert_int_equal(evalc(IR_ITOF, IR_F32, IR_I64, 0, UINT64_MAX), f2u(0x1p64f));
    assert_int_equal(evalc(IR_ITOF, IR_F32, IR_I32, IR_MEM_SIGNED, 16777217), f2u(16777216.0f));
    assert_int_equal(evalc(IR_ITOF, IR_F64, IR_I64, IR_MEM_SIGNED, 1ull << 63), d2u(-0x1p63));
    /* bit casts are exact, NaNs included */
    assert_int_equal(evalc(IR_BITCAST, IR_F64, IR_I64, 0, 0xfff0000000000001ull), 0xfff0000000000001ull);
    assert_int_equal(evalc(IR_BITCAST, IR_I32, IR_F32, 0, 0x7f800001), 0x7f800001);
}

/* ---- guest state, memory, helpers, exits ---------------------------------- */

static void test_registers_and_state(void **state)
{
    (void)state;
    Machine m;
    machine_init(&m);
    m.regs[R_X1] = 40;
    m.regs[R_W0] = 0xfffffffe;
    IrBlock b;
    ir_block_init(&b, &test_guest, 0);
    IrArg x = ir_get_reg(&b, R_X1);
    IrArg w = ir_conv(&b, IR_SEXT, IR_I64, IR_I32, 0, ir_get_reg(&b, R_W0));
    ir_set_reg(&b, R_X2, ir_binop(&b, IR_ADD, IR_I64, x, w));
    ir_store_state(&b, IR_I16, 10, ir_imm(0xbeef));
    ir_set_reg(&b, R_B0, ir_load_state(&b, IR_I8, 11));
    ir_store_state(&b, IR_I1, 12, ir_imm(1));
    ir_exit(&b, 0x44);
    assert_valid(&b);
    IrEnd e = ir_interp(&b, &m.env);
    assert_int_equal(e.kind, IR_END_JUMP);
    assert_int_equal(e.pc, 0x44);
    assert_int_equal(m.regs[R_X2], 38);
    assert_int_equal(m.state[10], 0xef);
    assert_int_equal(m.state[11], 0xbe);
    assert_int_equal(m.regs[R_B0], 0xbe);
    assert_int_equal(m.state[12], 1);

    /* a state access outside the state is a frontend bug: an error, not a fault */
    ir_block_clear(&b, 0);
    ir_load_state(&b, IR_I64, STATE_SIZE - 4);
    ir_exit(&b, 0);
    assert_int_equal(ir_interp(&b, &m.env).kind, IR_END_ERROR);
    ir_block_destroy(&b);
}

static void test_loads_and_stores_by_size_sign_and_order(void **state)
{
    (void)state;
    Machine m;
    machine_init(&m);
    memcpy(m.mem + 16, (uint8_t[]){ 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88 }, 8);
    IrBlock b;
    ir_block_init(&b, &test_guest, 0x100);
    uint32_t s = ir_site(&b, 0x100, 0);
    ir_set_reg(&b, R_X0, ir_load(&b, IR_I64, IR_I16, 0, ir_imm(16), s));
    ir_set_reg(&b, R_X1, ir_load(&b, IR_I64, IR_I16, IR_MEM_SIGNED, ir_imm(16), s));
    ir_set_reg(&b, R_X2, ir_load(&b, IR_I64, IR_I32, IR_MEM_BE, ir_imm(16), s));
    ir_set_reg(&b, R_X3, ir_load(&b, IR_I64, IR_I32, IR_MEM_BE | IR_MEM_SIGNED, ir_imm(16), s));
    ir_set_reg(&b, R_X4, ir_load(&b, IR_I64, IR_I64, 0, ir_imm(16), s));
    ir_set_reg(&b, R_X5, ir_load(&b, IR_I64, IR_I8, IR_MEM_SIGNED, ir_imm(17), s));
    ir_set_reg(&b, R_W0, ir_load(&b, IR_I32, IR_I16, IR_MEM_SIGNED | IR_MEM_BE, ir_imm(18), s));
    ir_set_reg(&b, R_F0, ir_load(&b, IR_F64, IR_F64, IR_MEM_BE, ir_imm(16), s));
    /* stores write the low bytes of a wider value */
    ir_store(&b, IR_I64, IR_I16, IR_MEM_BE, ir_imm(32), ir_imm(0x11223344), s);
    ir_store(&b, IR_I64, IR_I32, 0, ir_imm(40), ir_imm(0x11223344), s);
    ir_store(&b, IR_I8, IR_I8, IR_MEM_BE, ir_imm(44), ir_imm(0x99), s);
    ir_exit(&b, 0);
    assert_valid(&b);
    assert_int_equal(ir_interp(&b, &m.env).kind, IR_END_JUMP);
    assert_int_equal(m.regs[R_X0], 0x8281);
    assert_int_equal(m.regs[R_X1], 0xffffffffffff8281ull);
    assert_int_equal(m.regs[R_X2], 0x81828384);
    assert_int_equal(m.regs[R_X3], 0xffffffff81828384ull);
    assert_int_equal(m.regs[R_X4], 0x8887868584838281ull);
    assert_int_equal(m.regs[R_X5], 0xffffffffffffff82ull);
    assert_int_equal(m.regs[R_W0], 0xffff8384);
    assert_int_equal(m.regs[R_F0], 0x8182838485868788ull);
    assert_memory_equal(m.mem + 32, ((uint8_t[]){ 0x33, 0x44 }), 2);
    assert_memory_equal(m.mem + 40, ((uint8_t[]){ 0x44, 0x33, 0x22, 0x11, 0x99 }), 5);
    ir_block_destroy(&b);
}

/* A fault stops the block at the faulting instruction: what came before is
 * done, what comes after is not, and the exit names the site. */
static void test_faults_are_precise(void **state)
{
    (void)state;
    Machine m;
    machine_init(&m);
    IrBlock b;
    ir_block_init(&b, &test_guest, 0x100);
    ir_set_reg(&b, R_X1, ir_imm(1));
    ir_store(&b, IR_I64, IR_I8, 0, ir_imm(0), ir_imm(0xaa), ir_site(&b, 0x100, 0));
    IrArg v = ir_load(&b, IR_I64, IR_I32, 0, ir_imm(MEM_SIZE - 3), ir_site(&b, 0x104, 1));
    ir_set_reg(&b, R_X1, v);
    ir_exit(&b, 0x108);
    assert_valid(&b);
    IrEnd e = ir_interp(&b, &m.env);
    assert_int_equal(e.kind, IR_END_FAULT);
    assert_int_equal(e.pc, 0x104);
    assert_int_equal(e.site, 1);
    assert_int_equal(e.value, MEM_SIZE - 3);
    assert_false(e.is_store);
    assert_int_equal(m.regs[R_X1], 1);
    assert_int_equal(m.mem[0], 0xaa);

    /* a store that faults stores nothing; addresses that wrap are caught */
    ir_block_clear(&b, 0x200);
    ir_store(&b, IR_I64, IR_I64, 0, ir_imm(UINT64_MAX - 3), ir_imm(0), ir_site(&b, 0x200, 0));
    ir_exit(&b, 0);
    e = ir_interp(&b, &m.env);
    assert_int_equal(e.kind, IR_END_FAULT);
    assert_true(e.is_store);
    assert_int_equal(e.pc, 0x200);
    ir_block_destroy(&b);
}

static uint64_t helper_sum_regs(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    IrEnv *e = env;
    (void)b; (void)c; (void)d;
    return e->regs[R_X1] + e->regs[R_X2] + a;
}

static uint64_t helper_checked_div(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    IrEnv *e = env;
    (void)c; (void)d;
    if (b == 0) {
        e->trap = true;
        e->trap_cause = 5;   /* the 68k's zero-divide vector, say */
        e->trap_value = a;
        return 0;
    }
    return a / b;
}

static const IrHelper h_sum = { "sum_regs", helper_sum_regs, 1, IR_I64, { IR_I64 }, IR_HELPER_READS_REGS };
static const IrHelper h_div = { "checked_div", helper_checked_div, 2, IR_I32, { IR_I32, IR_I32 },
                                IR_HELPER_MAY_TRAP };

static void test_helper_calls_and_traps(void **state)
{
    (void)state;
    Machine m;
    machine_init(&m);
    m.regs[R_X1] = 100;
    m.regs[R_X2] = 20;
    IrBlock b;
    ir_block_init(&b, &test_guest, 0x300);
    IrArg s = ir_call(&b, &h_sum, (IrArg[]){ ir_imm(3) }, IR_NO_SITE);
    ir_set_reg(&b, R_X3, s);
    IrArg q = ir_call(&b, &h_div, (IrArg[]){ ir_imm(100), ir_get_reg(&b, R_W0) }, ir_site(&b, 0x304, 1));
    ir_set_reg(&b, R_W0, q);
    ir_exit(&b, 0x308);
    assert_valid(&b);

    m.regs[R_W0] = 7;
    IrEnd e = ir_interp(&b, &m.env);
    assert_int_equal(e.kind, IR_END_JUMP);
    assert_int_equal(m.regs[R_X3], 123);
    assert_int_equal(m.regs[R_W0], 14);

    m.regs[R_W0] = 0;
    m.regs[R_X3] = 0;
    e = ir_interp(&b, &m.env);
    assert_int_equal(e.kind, IR_END_HELPER_TRAP);
    assert_int_equal(e.pc, 0x304);
    assert_int_equal(e.cause, 5);
    assert_int_equal(e.value, 100);
    assert_int_equal(m.regs[R_X3], 123);  /* done before the trap */
    assert_int_equal(m.regs[R_W0], 0);    /* not written */
    ir_block_destroy(&b);
}

static void test_exits(void **state)
{
    (void)state;
    Machine m;
    machine_init(&m);
    IrBlock b;
    ir_block_init(&b, &test_guest, 0x400);
    IrArg x = ir_get_reg(&b, R_X1);
    ir_trap_if(&b, ir_cmp(&b, IR_EQ, IR_I64, x, ir_imm(99)), 7, x, ir_site(&b, 0x400, 0));
    ir_br_cond(&b, ir_cmp(&b, IR_ULT, IR_I64, x, ir_imm(10)), 0x800, 0x404);
    assert_valid(&b);
    m.regs[R_X1] = 3;
    IrEnd e = ir_interp(&b, &m.env);
    assert_int_equal(e.kind, IR_END_JUMP);
    assert_int_equal(e.pc, 0x800);
    m.regs[R_X1] = 30;
    assert_int_equal(ir_interp(&b, &m.env).pc, 0x404);
    m.regs[R_X1] = 99;
    e = ir_interp(&b, &m.env);
    assert_int_equal(e.kind, IR_END_TRAP);
    assert_int_equal(e.cause, 7);
    assert_int_equal(e.value, 99);
    assert_int_equal(e.pc, 0x400);

    ir_block_clear(&b, 0);
    ir_exit_indirect(&b, ir_binop(&b, IR_AND, IR_I64, ir_get_reg(&b, R_X1), ir_imm(~1ull)));
    m.regs[R_X1] = 0x1235;
    e = ir_interp(&b, &m.env);
    assert_int_equal(e.kind, IR_END_INDIRECT);
    assert_int_equal(e.pc, 0x1234);

    ir_block_clear(&b, 0);
    ir_exit_trap(&b, 11, ir_imm(0), ir_site(&b, 0x600, 0));
    e = ir_interp(&b, &m.env);
    assert_int_equal(e.kind, IR_END_TRAP);
    assert_int_equal(e.cause, 11);
    assert_int_equal(e.pc, 0x600);
    ir_block_destroy(&b);
}

/* ---- 68k condition codes -------------------------------------------------- */

/* The 68k rules the plain way: do the arithmetic wider than the operand
 * size and look at what came out (M68000 PRM, 3.5 and the ADD/SUB/CMP/AND
 * pages), independently of the sign-bit formulas in ir_interp.c. */
typedef struct CcModel { bool x, n, z, v, c; } CcModel;

static int64_t sext_w(uint64_t v, unsigned w) { return (int64_t)(v << (64 - w)) >> (64 - w); }

static CcModel model(IrCcKind k, unsigned w, uint64_t d, uint64_t s)
{
    uint64_t mask = w == 64 ? UINT64_MAX : (1ull << w) - 1;
    CcModel f = { 0 };
    uint64_t r;
    if (k == IR_CC_ADD) {
        r = (d + s) & mask;
        f.c = w == 64 ? r < d : (d + s) > mask;              /* unsigned carry out */
        __int128 sum = (__int128)sext_w(d, w) + sext_w(s, w);
        f.v = sum != sext_w(r, w);                           /* signed result out of range */
        f.x = f.c;
    } else if (k == IR_CC_SUB) {
        r = (d - s) & mask;
        f.c = s > d;                                          /* borrow */
        __int128 diff = (__int128)sext_w(d, w) - sext_w(s, w);
        f.v = diff != sext_w(r, w);
        f.x = f.c;
    } else {
        r = (d & s) & mask;
    }
    f.n = sext_w(r, w) < 0;
    f.z = r == 0;
    return f;
}

static uint64_t model_result(IrCcKind k, unsigned w, uint64_t d, uint64_t s)
{
    uint64_t mask = w == 64 ? UINT64_MAX : (1ull << w) - 1;
    return (k == IR_CC_ADD ? d + s : k == IR_CC_SUB ? d - s : d & s) & mask;
}

static bool model_cond(IrCcCond c, CcModel f)
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
    default: return f.z || f.n != f.v;
    }
}

/* Lower one 68k-style operation the way a frontend would: the ALU op, then
 * every flag and every condition from the recorded (a, b, r), each stored
 * to its own state byte. With consts the operands are immediates and the
 * block is optimised, so the folder computes the flags; without, they come
 * from x1 and x2 and the interpreter does. */
static void build_cc_block(IrBlock *b, IrCcKind k, IrType t, const uint64_t *consts)
{
    ir_block_init(b, &test_guest, 0);
    IrArg a, x;
    if (consts) {
        a = ir_imm(consts[0]);
        x = ir_imm(consts[1]);
    } else {
        a = ir_conv(b, IR_TRUNC, t, IR_I64, 0, ir_get_reg(b, R_X1));
        x = ir_conv(b, IR_TRUNC, t, IR_I64, 0, ir_get_reg(b, R_X2));
    }
    IrOp op = k == IR_CC_ADD ? IR_ADD : k == IR_CC_SUB ? IR_SUB : IR_AND;
    IrArg r = ir_binop(b, op, t, a, x);
    for (unsigned f = 0; f < IR_NFLAGS; f++)
        if (!(k == IR_CC_LOGIC && f == IR_FLAG_X))
            ir_store_state(b, IR_I1, f, ir_cc_flag(b, k, (IrFlag)f, t, a, x, r));
    for (unsigned c = 0; c < IR_NCCCONDS; c++)
        ir_store_state(b, IR_I1, 8 + c, ir_cc_test(b, k, (IrCcCond)c, t, a, x, r));
    ir_store_state(b, t, 32, r);
    ir_exit(b, 0);
    assert_valid(b);
    if (consts) {
        ir_optimize(b);
        assert_valid(b);
        /* everything folded: only the stores and the exit are left */
        for (uint32_t i = 0; i < b->ninsns; i++)
            assert_true(b->insns[i].op == IR_STORE_STATE || b->insns[i].op == IR_EXIT);
    }
}

static void run_cc_block(const IrBlock *b, IrCcKind k, IrType t, uint64_t d, uint64_t s)
{
    unsigned w = ir_type_bits(t);
    Machine m;
    machine_init(&m);
    m.regs[R_X1] = d;
    m.regs[R_X2] = s;
    assert_int_equal(ir_interp(b, &m.env).kind, IR_END_JUMP);
    CcModel want = model(k, w, d, s);
    uint64_t res = 0;
    memcpy(&res, &m.state[32], w / 8);
    assert_int_equal(res, model_result(k, w, d, s));
    if (k != IR_CC_LOGIC)
        assert_int_equal(m.state[IR_FLAG_X], want.x);
    assert_int_equal(m.state[IR_FLAG_N], want.n);
    assert_int_equal(m.state[IR_FLAG_Z], want.z);
    assert_int_equal(m.state[IR_FLAG_V], want.v);
    assert_int_equal(m.state[IR_FLAG_C], want.c);
    for (unsigned c = 0; c < IR_NCCCONDS; c++)
        if (m.state[8 + c] != model_cond((IrCcCond)c, want))
            fail_msg("kind %d w %u %#llx,%#llx cond %u", k, w, (unsigned long long)d, (unsigned long long)s, c);
}

/* add.b, sub.b (also cmp.b and neg.b = 0 - b, which set the same N/Z/V/C)
 * and and.b: every pair of byte operands. */
static void test_cc_byte_ops_exhaustive(void **state)
{
    (void)state;
    for (unsigned k = 0; k < IR_NCCKINDS; k++) {
        IrBlock b;
        build_cc_block(&b, (IrCcKind)k, IR_I8, NULL);
        for (uint64_t d = 0; d < 256; d++)
            for (uint64_t s = 0; s < 256; s++)
                run_cc_block(&b, (IrCcKind)k, IR_I8, d, s);
        ir_block_destroy(&b);
    }
}

static void test_cc_word_and_long_ops(void **state)
{
    (void)state;
    static const IrType types[] = { IR_I16, IR_I32, IR_I64 };
    uint64_t seed = 99;
    for (unsigned ti = 0; ti < 3; ti++) {
        uint64_t mask = ir_type_mask(types[ti]), half = (mask >> 1) + 1;
        const uint64_t edge[] = { 0, 1, 2, half - 1, half, half + 1, mask - 1, mask };
        for (unsigned k = 0; k < IR_NCCKINDS; k++) {
            IrBlock b;
            build_cc_block(&b, (IrCcKind)k, types[ti], NULL);
            for (unsigned i = 0; i < 8; i++)
                for (unsigned j = 0; j < 8; j++)
                    run_cc_block(&b, (IrCcKind)k, types[ti], edge[i], edge[j]);
            for (int i = 0; i < 5000; i++) {
                seed = seed * 6364136223846793005ull + 1442695040888963407ull;
                uint64_t d = (seed ^ (seed >> 17)) & mask;
                seed = seed * 6364136223846793005ull + 1442695040888963407ull;
                uint64_t s = (seed ^ (seed >> 23)) & mask;
                run_cc_block(&b, (IrCcKind)k, types[ti], d, s);
            }
            ir_block_destroy(&b);
        }
    }
}

/* The folder computes the same flags from constants. */
static void test_cc_folds_to_the_same_flags(void **state)
{
    (void)state;
    static const uint64_t vals[] = { 0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x12345678, 0x80000000 };
    static const IrType types[] = { IR_I8, IR_I16, IR_I32 };
    for (unsigned ti = 0; ti < 3; ti++)
        for (unsigned k = 0; k < IR_NCCKINDS; k++)
            for (unsigned i = 0; i < 10; i++)
                for (unsigned j = 0; j < 10; j++) {
                    uint64_t c[2] = { vals[i] & ir_type_mask(types[ti]), vals[j] & ir_type_mask(types[ti]) };
                    IrBlock b;
                    build_cc_block(&b, (IrCcKind)k, types[ti], c);
                    run_cc_block(&b, (IrCcKind)k, types[ti], c[0], c[1]);
                    ir_block_destroy(&b);
                }
}

/* addx: r = d + s + X. The sign-bit rules give the 68k's carry and
 * overflow with the extend bit included. */
static void test_cc_addx_uses_the_recorded_result(void **state)
{
    (void)state;
    for (uint64_t d = 0; d < 256; d += 5)
        for (uint64_t s = 0; s < 256; s++) {
            IrBlock b;
            ir_block_init(&b, &test_guest, 0);
            IrArg a = ir_conv(&b, IR_TRUNC, IR_I8, IR_I64, 0, ir_get_reg(&b, R_X1));
            IrArg x = ir_conv(&b, IR_TRUNC, IR_I8, IR_I64, 0, ir_get_reg(&b, R_X2));
            IrArg r = ir_binop(&b, IR_ADD, IR_I8, ir_binop(&b, IR_ADD, IR_I8, a, x), ir_imm(1));
            ir_store_state(&b, IR_I1, 0, ir_cc_flag(&b, IR_CC_ADD, IR_FLAG_C, IR_I8, a, x, r));
            ir_store_state(&b, IR_I1, 1, ir_cc_flag(&b, IR_CC_ADD, IR_FLAG_V, IR_I8, a, x, r));
            ir_exit(&b, 0);
            Machine m;
            machine_init(&m);
            m.regs[R_X1] = d;
            m.regs[R_X2] = s;
            ir_interp(&b, &m.env);
            unsigned sum = (unsigned)(d + s + 1);
            int ssum = (int8_t)d + (int8_t)s + 1;
            assert_int_equal(m.state[0], sum > 0xff);
            assert_int_equal(m.state[1], ssum < -128 || ssum > 127);
            ir_block_destroy(&b);
        }
}

/* A frontend records flags for every instruction; only the ones read
 * survive DCE. */
static void test_unused_flags_are_removed(void **state)
{
    (void)state;
    IrBlock b;
    ir_block_init(&b, &test_guest, 0);
    IrArg a = ir_conv(&b, IR_TRUNC, IR_I16, IR_I64, 0, ir_get_reg(&b, R_X1));
    IrArg x = ir_conv(&b, IR_TRUNC, IR_I16, IR_I64, 0, ir_get_reg(&b, R_X2));
    IrArg r = ir_binop(&b, IR_SUB, IR_I16, a, x);
    for (unsigned f = 0; f < IR_NFLAGS; f++)
        ir_cc_flag(&b, IR_CC_SUB, (IrFlag)f, IR_I16, a, x, r);   /* never read */
    IrArg lt = ir_cc_test(&b, IR_CC_SUB, IR_CC_LT, IR_I16, a, x, r);
    ir_br_cond(&b, lt, 0x100, 0x104);
    ir_optimize(&b);
    assert_valid(&b);
    unsigned cc_ops = 0;
    for (uint32_t i = 0; i < b.ninsns; i++) {
        assert_int_not_equal(b.insns[i].op, IR_CC_FLAG);
        cc_ops += b.insns[i].op == IR_CC_TEST;
    }
    assert_int_equal(cc_ops, 1);
    /* the result r itself only fed the flags: cc_test keeps it alive */
    char *text = print_block(&b);
    assert_non_null(strstr(text, "t4:i16 = sub t1, t3\n  t5:i1 = cc_test.sub.lt.i16 t1, t3, t4\n"));
    free(text);
    ir_block_destroy(&b);
}

int main(void)
{
#define T(f) cmocka_unit_test(f)
    const struct CMUnitTest structure[] = {
        T(test_op_table_is_consistent),
        T(test_builders_make_valid_ssa),
        T(test_sites_are_shared_per_instruction),
        T(test_block_copy_is_deep),
        T(test_validator_rejects_bad_blocks),
        T(test_printer_text),
        T(test_printer_exits),
    };
    const struct CMUnitTest semantics[] = {
        T(test_int_arithmetic_wraps_at_width),
        T(test_mulh_matches_wide_product),
        T(test_division_is_total),
        T(test_shifts_take_amount_modulo_width),
        T(test_bit_counts),
        T(test_extensions),
        T(test_compares),
        T(test_float_arithmetic),
        T(test_float_nans_are_canonical),
        T(test_float_min_max),
        T(test_float_compares),
        T(test_float_int_conversions),
        T(test_registers_and_state),
        T(test_loads_and_stores_by_size_sign_and_order),
        T(test_faults_are_precise),
        T(test_helper_calls_and_traps),
        T(test_exits),
    };
    const struct CMUnitTest cc[] = {
        T(test_cc_byte_ops_exhaustive),
        T(test_cc_word_and_long_ops),
        T(test_cc_folds_to_the_same_flags),
        T(test_cc_addx_uses_the_recorded_result),
        T(test_unused_flags_are_removed),
    };
#undef T
    int failed = 0;
    failed += cmocka_run_group_tests_name("ir_structure", structure, NULL, NULL);
    failed += cmocka_run_group_tests_name("ir_semantics", semantics, NULL, NULL);
    failed += cmocka_run_group_tests_name("ir_condition_codes", cc, NULL, NULL);
    return failed;
}
