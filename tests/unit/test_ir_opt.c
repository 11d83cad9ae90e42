/*
 * ferry - unit tests for the IR passes (cpu/ir_opt.c): constant folding and
 * algebraic identities, copy propagation, dead-code elimination, guest
 * register forwarding and dead-set removal (and that it never drops a set a
 * fault could observe), compaction; then thousands of random well-typed
 * blocks run through the reference interpreter before and after each pass,
 * on the same starting state, which must end the same way with the same
 * registers, state, memory and helper calls.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ir.h"
#include "ir_test_guest.h"


/* ---- utilities ------------------------------------------------------------ */

static void assert_valid(const IrBlock *b)
{
    char err[160];
    if (!ir_validate(b, err, sizeof err)) {
        ir_print(b, stderr);
        fail_msg("invalid block: %s", err);
    }
}

/* The instructions as text, one per line, without the header. */
static char *body(const IrBlock *b)
{
    size_t cap = 64, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    s[0] = '\0';
    for (uint32_t i = 0; i < b->ninsns; i++) {
        char line[200];
        int n = ir_print_insn(b, &b->insns[i], line, sizeof line);
        while (len + (size_t)n + 2 > cap) {
            cap *= 2;
            s = realloc(s, cap);
            assert_non_null(s);
        }
        memcpy(s + len, line, (size_t)n);
        len += (size_t)n;
        s[len++] = '\n';
        s[len] = '\0';
    }
    return s;
}

/* Run `pass` (then compact, so temp numbers are predictable) and compare the
 * text of the result. */
static void expect_after(IrBlock *b, void (*pass)(IrBlock *), const char *want)
{
    assert_valid(b);
    pass(b);
    assert_valid(b);
    ir_compact(b);
    assert_valid(b);
    char *got = body(b);
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "want:\n%sgot:\n%s", want, got);
        free(got);
        fail();
    }
    free(got);
}

static void fold_dce(IrBlock *b)
{
    ir_fold(b);
    ir_dce(b);
}

static void regcache_dce(IrBlock *b)
{
    ir_regcache(b);
    ir_dce(b);
}

static IrBlock new_block(void)
{
    IrBlock b;
    ir_block_init(&b, &test_guest, 0x1000);
    return b;
}

/* ---- constant folding ----------------------------------------------------- */

static void test_fold_constants(void **state)
{
    (void)state;
    IrBlock b = new_block();
    IrArg s = ir_binop(&b, IR_ADD, IR_I64, ir_imm(2), ir_imm(3));
    IrArg p = ir_binop(&b, IR_MUL, IR_I64, s, ir_imm(7));
    ir_set_reg(&b, R0, p);
    ir_set_reg(&b, R_W, ir_conv(&b, IR_SEXT, IR_I32, IR_I8, 0, ir_imm(0x80)));
    ir_set_reg(&b, R_H, ir_conv(&b, IR_ZEXT, IR_I16, IR_I8, 0, ir_imm(0x80)));
    ir_set_reg(&b, R_Z, ir_cmp(&b, IR_SLT, IR_I32, ir_imm(0xffffffff), ir_imm(0)));
    ir_set_reg(&b, R1, ir_binop(&b, IR_DIVU, IR_I64, ir_imm(5), ir_imm(0)));
    ir_set_reg(&b, R2, ir_select(&b, IR_I64, ir_cmp(&b, IR_EQ, IR_I8, ir_imm(1), ir_imm(2)), ir_imm(10), ir_imm(20)));
    ir_set_reg(&b, R_D, ir_binop(&b, IR_FADD, IR_F64, ir_imm(0x3ff0000000000000ull), ir_imm(0x4000000000000000ull)));
    ir_exit(&b, 0x1004);
    expect_after(&b, fold_dce,
                 "set_reg r0, 35\n"
                 "set_reg w, -128\n"
                 "set_reg h, 128\n"
                 "set_reg z, 1\n"
                 "set_reg r1, -1\n"
                 "set_reg r2, 20\n"
                 "set_reg d, 0x4008000000000000\n"
                 "exit 0x1004\n");
    ir_block_destroy(&b);
}

static void test_fold_identities(void **state)
{
    (void)state;
    IrBlock b = new_block();
    IrArg x = ir_get_reg(&b, R0);
    ir_set_reg(&b, R1, ir_binop(&b, IR_ADD, IR_I64, x, ir_imm(0)));        /* x */
    ir_set_reg(&b, R1, ir_binop(&b, IR_MUL, IR_I64, ir_imm(1), x));        /* x */
    ir_set_reg(&b, R1, ir_binop(&b, IR_AND, IR_I64, x, ir_imm(0)));        /* 0 */
    ir_set_reg(&b, R1, ir_binop(&b, IR_XOR, IR_I64, x, x));                /* 0 */
    ir_set_reg(&b, R1, ir_binop(&b, IR_SUB, IR_I64, x, x));                /* 0 */
    ir_set_reg(&b, R1, ir_binop(&b, IR_OR, IR_I64, x, x));                 /* x */
    ir_set_reg(&b, R1, ir_binop(&b, IR_AND, IR_I64, x, ir_imm(~0ull)));    /* x */
    ir_set_reg(&b, R1, ir_binop(&b, IR_OR, IR_I64, x, ir_imm(~0ull)));     /* -1 */
    ir_set_reg(&b, R1, ir_binop(&b, IR_SHL, IR_I64, x, ir_imm(0)));        /* x */
    ir_set_reg(&b, R1, ir_binop(&b, IR_SAR, IR_I64, x, ir_imm(64)));       /* x: amount mod 64 */
    ir_set_reg(&b, R1, ir_binop(&b, IR_ROTR, IR_I64, ir_imm(~0ull), x));   /* -1 */
    ir_set_reg(&b, R1, ir_binop(&b, IR_SHR, IR_I64, ir_imm(0), x));        /* 0 */
    ir_set_reg(&b, R1, ir_binop(&b, IR_MULHU, IR_I64, x, ir_imm(0)));      /* 0 */
    ir_set_reg(&b, R1, ir_binop(&b, IR_DIVS, IR_I64, x, ir_imm(1)));       /* x */
    ir_set_reg(&b, R1, ir_binop(&b, IR_REMU, IR_I64, x, ir_imm(1)));       /* 0 */
    ir_set_reg(&b, R1, ir_unop(&b, IR_NOT, IR_I64, ir_unop(&b, IR_NOT, IR_I64, x)));  /* x */
    ir_set_reg(&b, R1, ir_unop(&b, IR_NEG, IR_I64, ir_unop(&b, IR_NEG, IR_I64, x)));  /* x */
    ir_exit(&b, 0x1004);
    /* (regcache is not run: every set_reg stays) */
    expect_after(&b, fold_dce,
                 "t0:i64 = get_reg r0\n"
                 "set_reg r1, t0\n" "set_reg r1, t0\n" "set_reg r1, 0\n" "set_reg r1, 0\n"
                 "set_reg r1, 0\n" "set_reg r1, t0\n" "set_reg r1, t0\n" "set_reg r1, -1\n"
                 "set_reg r1, t0\n" "set_reg r1, t0\n" "set_reg r1, -1\n" "set_reg r1, 0\n"
                 "set_reg r1, 0\n" "set_reg r1, t0\n" "set_reg r1, 0\n" "set_reg r1, t0\n"
                 "set_reg r1, t0\n"
                 "exit 0x1004\n");
    ir_block_destroy(&b);
}

static void test_fold_strength_reduction_and_canonical_forms(void **state)
{
    (void)state;
    IrBlock b = new_block();
    IrArg x = ir_get_reg(&b, R0);
    ir_set_reg(&b, R1, ir_binop(&b, IR_MUL, IR_I64, x, ir_imm(8)));
    ir_set_reg(&b, R1, ir_binop(&b, IR_DIVU, IR_I64, x, ir_imm(16)));
    ir_set_reg(&b, R1, ir_binop(&b, IR_REMU, IR_I64, x, ir_imm(32)));
    ir_set_reg(&b, R1, ir_binop(&b, IR_XOR, IR_I64, x, ir_imm(~0ull)));
    ir_set_reg(&b, R1, ir_binop(&b, IR_SUB, IR_I64, x, ir_imm(4)));
    ir_set_reg(&b, R1, ir_binop(&b, IR_SUB, IR_I64, ir_imm(0), x));
    ir_set_reg(&b, R1, ir_binop(&b, IR_ADD, IR_I64, ir_imm(5), x));
    /* (x + 1) + 2 and ((x & 0xff0) & 0x0ff): reassociated */
    ir_set_reg(&b, R2, ir_binop(&b, IR_ADD, IR_I64, ir_binop(&b, IR_ADD, IR_I64, x, ir_imm(1)), ir_imm(2)));
    ir_set_reg(&b, R2, ir_binop(&b, IR_AND, IR_I64, ir_binop(&b, IR_AND, IR_I64, x, ir_imm(0xff0)), ir_imm(0xff)));
    /* (x - 8) + 8 = x */
    ir_set_reg(&b, R2, ir_binop(&b, IR_ADD, IR_I64, ir_binop(&b, IR_SUB, IR_I64, x, ir_imm(8)), ir_imm(8)));
    /* a compare with the constant on the left is mirrored */
    ir_set_reg(&b, R_Z, ir_cmp(&b, IR_ULT, IR_I64, ir_imm(10), x));
    ir_exit(&b, 0x1004);
    expect_after(&b, fold_dce,
                 "t0:i64 = get_reg r0\n"
                 "t1:i64 = shl t0, 3\n" "set_reg r1, t1\n"
                 "t2:i64 = shr t0, 4\n" "set_reg r1, t2\n"
                 "t3:i64 = and t0, 31\n" "set_reg r1, t3\n"
                 "t4:i64 = not t0\n" "set_reg r1, t4\n"
                 "t5:i64 = add t0, -4\n" "set_reg r1, t5\n"
                 "t6:i64 = neg t0\n" "set_reg r1, t6\n"
                 "t7:i64 = add t0, 5\n" "set_reg r1, t7\n"
                 "t8:i64 = add t0, 3\n" "set_reg r2, t8\n"
                 "t9:i64 = and t0, 240\n" "set_reg r2, t9\n"
                 "set_reg r2, t0\n"
                 "t10:i1 = cmp.ugt.i64 t0, 10\n" "set_reg z, t10\n"
                 "exit 0x1004\n");
    ir_block_destroy(&b);
}

static void test_fold_extensions_and_compares(void **state)
{
    (void)state;
    IrBlock b = new_block();
    IrArg w = ir_get_reg(&b, R_W);
    IrArg x = ir_get_reg(&b, R0);
    /* trunc(sext w) = w; zext(zext) = one zext; trunc(zext b8) to i16 = zext */
    IrArg s64 = ir_conv(&b, IR_SEXT, IR_I64, IR_I32, 0, w);
    ir_set_reg(&b, R_W, ir_conv(&b, IR_TRUNC, IR_I32, IR_I64, 0, s64));
    IrArg b8 = ir_get_reg(&b, R_B);
    IrArg z16 = ir_conv(&b, IR_ZEXT, IR_I16, IR_I8, 0, b8);
    ir_set_reg(&b, R1, ir_conv(&b, IR_ZEXT, IR_I64, IR_I16, 0, z16));
    IrArg z64 = ir_conv(&b, IR_ZEXT, IR_I64, IR_I8, 0, b8);
    ir_set_reg(&b, R_H, ir_conv(&b, IR_TRUNC, IR_I16, IR_I64, 0, z64));
    /* zext(trunc x) back to i64: and */
    ir_set_reg(&b, R2, ir_conv(&b, IR_ZEXT, IR_I64, IR_I32, 0, ir_conv(&b, IR_TRUNC, IR_I32, IR_I64, 0, x)));
    /* comparing with itself, and unsigned against the ends of the range */
    ir_set_reg(&b, R_Z, ir_cmp(&b, IR_SLE, IR_I64, x, x));
    ir_set_reg(&b, R_Z, ir_cmp(&b, IR_UGT, IR_I64, x, x));
    ir_set_reg(&b, R_Z, ir_cmp(&b, IR_ULT, IR_I64, x, ir_imm(0)));
    ir_set_reg(&b, R_Z, ir_cmp(&b, IR_ULE, IR_I64, x, ir_imm(~0ull)));
    /* slt, widened to 0/1 and tested against 0 again: the i1 itself */
    IrArg lt = ir_cmp(&b, IR_SLT, IR_I64, x, ir_imm(100));
    IrArg lt64 = ir_conv(&b, IR_ZEXT, IR_I64, IR_I1, 0, lt);
    ir_set_reg(&b, R3, lt64);
    ir_set_reg(&b, R_Z, ir_cmp(&b, IR_EQ, IR_I64, lt64, ir_imm(0)));
    ir_br_cond(&b, ir_cmp(&b, IR_NE, IR_I64, lt64, ir_imm(0)), 0x2000, 0x1004);
    expect_after(&b, fold_dce,
                 "t0:i32 = get_reg w\n"
                 "t1:i64 = get_reg r0\n"
                 "set_reg w, t0\n"
                 "t2:i8 = get_reg b\n"
                 "t3:i64 = zext.i8 t2\n" "set_reg r1, t3\n"
                 "t4:i16 = zext.i8 t2\n" "set_reg h, t4\n"
                 "t5:i64 = and t1, 0xffffffff\n" "set_reg r2, t5\n"
                 "set_reg z, 1\n" "set_reg z, 0\n" "set_reg z, 0\n" "set_reg z, 1\n"
                 "t6:i1 = cmp.slt.i64 t1, 100\n"
                 "t7:i64 = zext.i1 t6\n" "set_reg r3, t7\n"
                 "t8:i1 = not t6\n" "set_reg z, t8\n"
                 "br_cond t6, 0x2000, 0x1004\n");
    ir_block_destroy(&b);
}

static void test_fold_selects_and_copies(void **state)
{
    (void)state;
    IrBlock b = new_block();
    IrArg x = ir_get_reg(&b, R0), y = ir_get_reg(&b, R1), c = ir_get_reg(&b, R_Z);
    IrArg m = ir_mov(&b, IR_I64, x);
    IrArg m2 = ir_mov(&b, IR_I64, m);
    ir_set_reg(&b, R2, ir_select(&b, IR_I64, ir_imm(1), m2, y));          /* x */
    ir_set_reg(&b, R2, ir_select(&b, IR_I64, ir_imm(0), m2, y));          /* y */
    ir_set_reg(&b, R2, ir_select(&b, IR_I64, c, y, y));                   /* y */
    ir_set_reg(&b, R_Z, ir_select(&b, IR_I1, c, ir_imm(1), ir_imm(0)));   /* c */
    ir_set_reg(&b, R_Z, ir_select(&b, IR_I1, c, ir_imm(0), ir_imm(1)));   /* not c */
    ir_set_reg(&b, R3, ir_mov(&b, IR_I64, ir_imm(42)));
    ir_exit(&b, 0x1004);
    expect_after(&b, fold_dce,
                 "t0:i64 = get_reg r0\n" "t1:i64 = get_reg r1\n" "t2:i1 = get_reg z\n"
                 "set_reg r2, t0\n" "set_reg r2, t1\n" "set_reg r2, t1\n"
                 "set_reg z, t2\n"
                 "t3:i1 = not t2\n" "set_reg z, t3\n"
                 "set_reg r3, 42\n"
                 "exit 0x1004\n");
    ir_block_destroy(&b);
}

static void test_fold_control(void **state)
{
    (void)state;
    /* a branch on a constant is a plain exit */
    IrBlock b = new_block();
    ir_br_cond(&b, ir_cmp(&b, IR_EQ, IR_I64, ir_imm(1), ir_imm(1)), 0x2000, 0x1004);
    expect_after(&b, fold_dce, "exit 0x2000\n");
    ir_block_clear(&b, 0x1000);
    ir_br_cond(&b, ir_get_reg(&b, R_Z), 0x1004, 0x1004);
    expect_after(&b, fold_dce, "exit 0x1004\n");
    ir_block_clear(&b, 0x1000);
    ir_exit_indirect(&b, ir_binop(&b, IR_AND, IR_I64, ir_imm(0x2001), ir_imm(~1ull)));
    expect_after(&b, fold_dce, "exit 0x2000\n");

    /* a trap_if that never traps goes; one that always does ends the block */
    ir_block_clear(&b, 0x1000);
    uint32_t s = ir_site(&b, 0x1000, 0);
    ir_trap_if(&b, ir_imm(0), 3, ir_imm(0), s);
    ir_set_reg(&b, R0, ir_imm(1));
    ir_trap_if(&b, ir_cmp(&b, IR_UGT, IR_I64, ir_imm(5), ir_imm(4)), 4, ir_imm(7), ir_site(&b, 0x1004, 1));
    ir_set_reg(&b, R0, ir_imm(2));
    ir_exit(&b, 0x1008);
    expect_after(&b, fold_dce, "set_reg r0, 1\nexit_trap 4, 7 @0x1004\n");
    ir_block_destroy(&b);
}

/* ---- dead code ------------------------------------------------------------ */

static void test_dce_keeps_effects_and_drops_unused_values(void **state)
{
    (void)state;
    IrBlock b = new_block();
    uint32_t s = ir_site(&b, 0x1000, 0);
    IrArg x = ir_get_reg(&b, R0);
    ir_binop(&b, IR_MUL, IR_I64, x, x);                                   /* unused: goes */
    ir_get_reg(&b, R1);                                                   /* goes */
    ir_load_state(&b, IR_I32, 8);                                         /* goes */
    ir_load(&b, IR_I64, IR_I32, 0, x, s);                                 /* may fault: stays */
    ir_call(&b, &h_pure, (IrArg[]){ x, x }, IR_NO_SITE);                  /* pure: goes */
    ir_call(&b, &h_effect, (IrArg[]){ x }, IR_NO_SITE);                   /* stays */
    IrArg chain = ir_binop(&b, IR_ADD, IR_I64, x, ir_imm(1));
    IrArg chain2 = ir_binop(&b, IR_SHL, IR_I64, chain, ir_imm(2));        /* a whole dead chain */
    ir_conv(&b, IR_TRUNC, IR_I8, IR_I64, 0, chain2);
    ir_store(&b, IR_I64, IR_I8, 0, x, ir_imm(1), s);                      /* stays */
    ir_store_state(&b, IR_I64, 16, x);                                    /* stays */
    ir_exit(&b, 0x1004);
    expect_after(&b, ir_dce,
                 "t0:i64 = get_reg r0\n"
                 "t1:i64 = load.i32 t0 @0x1000\n"
                 "t2:i64 = call effect(t0)\n"
                 "store.i8 t0, 1 @0x1000\n"
                 "store_state 0x10, t0\n"
                 "exit 0x1004\n");
    ir_block_destroy(&b);
}

/* ---- guest register accesses ---------------------------------------------- */

static void test_regcache_forwards_values(void **state)
{
    (void)state;
    IrBlock b = new_block();
    IrArg a = ir_get_reg(&b, R0);
    IrArg a2 = ir_get_reg(&b, R0);                   /* the first read again */
    ir_set_reg(&b, R1, ir_binop(&b, IR_ADD, IR_I64, a, a2));
    IrArg c = ir_get_reg(&b, R1);                    /* what was just set */
    ir_set_reg(&b, R2, c);
    ir_set_reg(&b, R0, a);                           /* r0 already holds a: nothing to do */
    ir_exit(&b, 0x1004);
    expect_after(&b, regcache_dce,
                 "t0:i64 = get_reg r0\n"
                 "t1:i64 = add t0, t0\n"
                 "set_reg r1, t1\n"
                 "set_reg r2, t1\n"
                 "exit 0x1004\n");
    ir_block_destroy(&b);
}

static void test_regcache_drops_overwritten_sets(void **state)
{
    (void)state;
    IrBlock b = new_block();
    ir_set_reg(&b, R0, ir_imm(1));
    ir_set_reg(&b, R1, ir_imm(10));
    IrArg v = ir_get_reg(&b, R0);                    /* forwarded: does not observe */
    ir_set_reg(&b, R0, ir_binop(&b, IR_ADD, IR_I64, v, ir_imm(1)));
    ir_call(&b, &h_effect, (IrArg[]){ ir_imm(0) }, IR_NO_SITE);   /* touches no register */
    ir_set_reg(&b, R0, ir_imm(3));
    ir_set_reg(&b, R1, ir_imm(11));
    ir_exit(&b, 0x1004);
    ir_regcache(&b);
    ir_fold(&b);
    expect_after(&b, ir_dce,
                 "t0:i64 = call effect(0)\n"
                 "set_reg r0, 3\n"
                 "set_reg r1, 11\n"
                 "exit 0x1004\n");
    ir_block_destroy(&b);
}

/* set r0, 1; <something>; set r0, 2: the first set must stay when the
 * thing in between could fault or look at the registers. */
static void check_set_survives(void (*between)(IrBlock *b, uint32_t site), bool survives)
{
    IrBlock b = new_block();
    ir_set_reg(&b, R0, ir_imm(1));
    between(&b, ir_site(&b, 0x1004, 1));
    ir_set_reg(&b, R0, ir_imm(2));
    ir_exit(&b, 0x1008);
    assert_valid(&b);
    ir_optimize(&b);
    assert_valid(&b);
    unsigned sets = 0;
    for (uint32_t i = 0; i < b.ninsns; i++)
        sets += b.insns[i].op == IR_SET_REG && b.insns[i].aux == R0;
    if (sets != (survives ? 2u : 1u)) {
        ir_print(&b, stderr);
        fail();
    }
    ir_block_destroy(&b);
}

static void between_load(IrBlock *b, uint32_t s) { ir_load(b, IR_I64, IR_I8, 0, ir_get_reg(b, R3), s); }
static void between_store(IrBlock *b, uint32_t s) { ir_store(b, IR_I64, IR_I8, 0, ir_get_reg(b, R3), ir_imm(0), s); }
static void between_trap_if(IrBlock *b, uint32_t s) { ir_trap_if(b, ir_get_reg(b, R_Z), 1, ir_imm(0), s); }
static void between_may_trap(IrBlock *b, uint32_t s) { ir_call(b, &h_trap, (IrArg[]){ ir_get_reg(b, R_W), ir_imm(0) }, s); }
static void between_reads(IrBlock *b, uint32_t s) { (void)s; ir_call(b, &h_read, NULL, IR_NO_SITE); }
static void between_writes(IrBlock *b, uint32_t s) { (void)s; ir_call(b, &h_write, (IrArg[]){ ir_imm(5) }, IR_NO_SITE); }
static void between_effect(IrBlock *b, uint32_t s) { (void)s; ir_call(b, &h_effect, (IrArg[]){ ir_imm(5) }, IR_NO_SITE); }
static void between_pure_work(IrBlock *b, uint32_t s)
{
    (void)s;
    IrArg x = ir_get_reg(b, R3);
    ir_set_reg(b, R2, ir_binop(b, IR_MUL, IR_I64, x, ir_get_reg(b, R0)));
    ir_store_state(b, IR_I64, 0, x);
}

static void test_regcache_keeps_sets_a_fault_can_see(void **state)
{
    (void)state;
    check_set_survives(between_load, true);
    check_set_survives(between_store, true);
    check_set_survives(between_trap_if, true);
    check_set_survives(between_may_trap, true);
    check_set_survives(between_reads, true);
    check_set_survives(between_writes, true);
    check_set_survives(between_effect, false);
    check_set_survives(between_pure_work, false);
}

/* The whole point, run: a guest instruction writes r0, the next one's load
 * faults, the one after writes r0 again. After optimisation the fault must
 * still see the first value. */
static void test_regcache_fault_sees_exact_registers(void **state)
{
    (void)state;
    IrBlock b = new_block();
    IrArg base = ir_get_reg(&b, R3);
    ir_set_reg(&b, R0, ir_binop(&b, IR_ADD, IR_I64, base, ir_imm(1)));      /* insn 0 */
    IrArg v = ir_load(&b, IR_I64, IR_I64, 0, base, ir_site(&b, 0x1004, 1));  /* insn 1 */
    ir_set_reg(&b, R1, v);
    ir_set_reg(&b, R0, ir_imm(99));                                           /* insn 2 */
    ir_exit(&b, 0x100c);
    ir_optimize(&b);
    assert_valid(&b);

    Machine m;
    memset(&m, 0, sizeof m);
    machine_env(&m);
    m.regs[R3] = MEM_SIZE;         /* out of range: faults */
    m.regs[R1] = 7;
    IrEnd e = ir_interp(&b, &m.env);
    assert_int_equal(e.kind, IR_END_FAULT);
    assert_int_equal(e.pc, 0x1004);
    assert_int_equal(m.regs[R0], MEM_SIZE + 1);
    assert_int_equal(m.regs[R1], 7);
    m.regs[R3] = 8;                /* in range: runs through */
    e = ir_interp(&b, &m.env);
    assert_int_equal(e.kind, IR_END_JUMP);
    assert_int_equal(m.regs[R0], 99);
    ir_block_destroy(&b);
}

static void test_regcache_rereads_after_a_helper_writes(void **state)
{
    (void)state;
    IrBlock b = new_block();
    IrArg a = ir_get_reg(&b, R0);
    ir_call(&b, &h_write, (IrArg[]){ ir_imm(4) }, IR_NO_SITE);
    IrArg a2 = ir_get_reg(&b, R0);
    ir_set_reg(&b, R2, ir_binop(&b, IR_SUB, IR_I64, a2, a));
    ir_exit(&b, 0x1004);
    expect_after(&b, regcache_dce,
                 "t0:i64 = get_reg r0\n"
                 "call write_regs(4)\n"
                 "t1:i64 = get_reg r0\n"
                 "t2:i64 = sub t1, t0\n"
                 "set_reg r2, t2\n"
                 "exit 0x1004\n");
    ir_block_destroy(&b);
}

/* ---- whole guest instructions, lowered as a frontend would ---------------- */

/* RISC-V: addi a0, a0, 1; lw a1, 0(a0); add a2, a1, a0; beq a2, zero, 0x2000
 * (r0..r2 stand for a0..a2). Every instruction reads its sources and writes
 * its destination; the passes leave one read, the writes, and the load. */
static void test_example_riscv_block(void **state)
{
    (void)state;
    IrBlock b = new_block();
    ir_set_reg(&b, R0, ir_binop(&b, IR_ADD, IR_I64, ir_get_reg(&b, R0), ir_imm(1)));
    IrArg addr = ir_binop(&b, IR_ADD, IR_I64, ir_get_reg(&b, R0), ir_imm(0));
    ir_set_reg(&b, R1, ir_load(&b, IR_I64, IR_I32, IR_MEM_SIGNED, addr, ir_site(&b, 0x1004, 1)));
    ir_set_reg(&b, R2, ir_binop(&b, IR_ADD, IR_I64, ir_get_reg(&b, R1), ir_get_reg(&b, R0)));
    ir_br_cond(&b, ir_cmp(&b, IR_EQ, IR_I64, ir_get_reg(&b, R2), ir_imm(0)), 0x2000, 0x1010);
    expect_after(&b, ir_optimize,
                 "t0:i64 = get_reg r0\n"
                 "t1:i64 = add t0, 1\n"
                 "set_reg r0, t1\n"
                 "t2:i64 = load.i32.s t1 @0x1004\n"
                 "set_reg r1, t2\n"
                 "t3:i64 = add t2, t1\n"
                 "set_reg r2, t3\n"
                 "t4:i1 = cmp.eq.i64 t3, 0\n"
                 "br_cond t4, 0x2000, 0x1010\n");
    ir_block_destroy(&b);
}

/* A 68k-like guest keeping each flag in a register of its own. */
enum { K_D0, K_D1, K_A0, K_X, K_N, K_Z, K_V, K_C, K_NREGS };
static const IrGuestReg k_regs[K_NREGS] = {
    { "d0", IR_I32, 0 }, { "d1", IR_I32, 4 }, { "a0", IR_I32, 8 },
    { "x", IR_I1, 12 }, { "n", IR_I1, 13 }, { "z", IR_I1, 14 }, { "v", IR_I1, 15 }, { "c", IR_I1, 16 },
};
static const IrGuest k_guest = { "68k-ish", K_NREGS, k_regs };

static void set_flags(IrBlock *b, IrCcKind k, IrArg a, IrArg x, IrArg r)
{
    for (unsigned f = k == IR_CC_LOGIC ? IR_FLAG_N : IR_FLAG_X; f < IR_NFLAGS; f++)
        ir_set_reg(b, K_X + f, ir_cc_flag(b, k, (IrFlag)f, IR_I32, a, x, r));
}

/* move.l (a0)+, d0; add.l d0, d1; bcc 0x2000. Both instructions set flags;
 * add.l overwrites all that move.l set before anything could see them (no
 * fault point in between), so move.l's flags vanish. add.l's stay (the
 * next block may read them); bcc tests C, forwarded from add.l. */
static void test_example_68k_flags(void **state)
{
    (void)state;
    IrBlock b;
    ir_block_init(&b, &k_guest, 0x1000);
    IrArg a0 = ir_get_reg(&b, K_A0);
    IrArg addr = ir_conv(&b, IR_ZEXT, IR_I64, IR_I32, 0, a0);
    IrArg v = ir_load(&b, IR_I32, IR_I32, IR_MEM_BE, addr, ir_site(&b, 0x1000, 0));
    ir_set_reg(&b, K_A0, ir_binop(&b, IR_ADD, IR_I32, a0, ir_imm(4)));
    ir_set_reg(&b, K_D0, v);
    set_flags(&b, IR_CC_LOGIC, v, ir_imm(0), v);

    IrArg d1 = ir_get_reg(&b, K_D1), d0 = ir_get_reg(&b, K_D0);
    IrArg sum = ir_binop(&b, IR_ADD, IR_I32, d1, d0);
    ir_set_reg(&b, K_D1, sum);
    set_flags(&b, IR_CC_ADD, d1, d0, sum);

    IrArg c = ir_get_reg(&b, K_C);
    ir_br_cond(&b, ir_cmp(&b, IR_EQ, IR_I1, c, ir_imm(0)), 0x2000, 0x1006);
    expect_after(&b, ir_optimize,
                 "t0:i32 = get_reg a0\n"
                 "t1:i64 = zext.i32 t0\n"
                 "t2:i32 = load.i32.be t1 @0x1000\n"
                 "t3:i32 = add t0, 4\n"
                 "set_reg a0, t3\n"
                 "set_reg d0, t2\n"
                 "t4:i32 = get_reg d1\n"
                 "t5:i32 = add t4, t2\n"
                 "set_reg d1, t5\n"
                 "t6:i1 = cc_flag.add.x.i32 t4, t2, t5\n"
                 "set_reg x, t6\n"
                 "t7:i1 = cc_flag.add.n.i32 t4, t2, t5\n"
                 "set_reg n, t7\n"
                 "t8:i1 = cc_flag.add.z.i32 t4, t2, t5\n"
                 "set_reg z, t8\n"
                 "t9:i1 = cc_flag.add.v.i32 t4, t2, t5\n"
                 "set_reg v, t9\n"
                 "t10:i1 = cc_flag.add.c.i32 t4, t2, t5\n"
                 "set_reg c, t10\n"
                 "t11:i1 = not t10\n"
                 "br_cond t11, 0x2000, 0x1006\n");
    ir_block_destroy(&b);
}

/* ---- compaction ----------------------------------------------------------- */

static void test_compact_renumbers_densely(void **state)
{
    (void)state;
    IrBlock b = new_block();
    for (int i = 0; i < 10; i++)
        ir_get_reg(&b, R0);                       /* t0..t9, all unused */
    IrArg x = ir_get_reg(&b, R1);                 /* t10 */
    ir_set_reg(&b, R2, ir_binop(&b, IR_ADD, IR_I64, x, ir_imm(1)));
    ir_exit(&b, 0x1004);
    assert_int_equal(b.ntemps, 12);
    ir_dce(&b);
    ir_compact(&b);
    assert_valid(&b);
    assert_int_equal(b.ntemps, 2);
    assert_int_equal(b.ninsns, 4);
    assert_int_equal(b.insns[0].dst, 0);
    assert_int_equal(b.insns[1].dst, 1);
    assert_int_equal(b.insns[1].arg[0].temp, 0);
    ir_block_destroy(&b);
}

/* ---- random blocks -------------------------------------------------------- */

typedef struct Gen {
    IrBlock *b;
    uint64_t s;
    IrArg pool[IR_NTYPES][32];    /* recent temps of each type */
    unsigned npool[IR_NTYPES];
    uint32_t site;
    unsigned guest_insn;
} Gen;

static uint64_t rnd(Gen *g)
{
    g->s ^= g->s >> 12;
    g->s ^= g->s << 25;
    g->s ^= g->s >> 27;
    return g->s * 0x2545f4914f6cdd1dull;
}

static unsigned pick(Gen *g, unsigned n) { return (unsigned)(rnd(g) % n); }

static const IrType int_types[] = { IR_I8, IR_I16, IR_I32, IR_I64 };
static const IrType all_types[] = { IR_I1, IR_I8, IR_I16, IR_I32, IR_I64, IR_F32, IR_F64 };

/* Values that make identities and edge cases fire. */
static uint64_t interesting(Gen *g, IrType t)
{
    uint64_t m = ir_type_mask(t);
    if (t == IR_F64) {
        static const uint64_t f[] = {
            0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff8000000000000ull,
            0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
            0x7ff0000000000001ull, 0xfff8000000000123ull, 0x0000000000000001ull,
            0x43e0000000000000ull, 0xc3e0000000000000ull, 0x41f0000000000000ull,
        };
        return pick(g, 4) ? f[pick(g, 13)] : rnd(g);
    }
    if (t == IR_F32) {
        static const uint64_t f[] = {
            0, 0x80000000, 0x3f800000, 0xbfc00000, 0x7f800000, 0xff800000, 0x7fc00000,
            0x7f800001, 0xffc00123, 0x00000001, 0x4f000000, 0xcf000000, 0x5f800000,
        };
        return pick(g, 4) ? f[pick(g, 13)] : rnd(g) & m;
    }
    switch (pick(g, 10)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return m;
    case 3: return m >> 1;
    case 4: return (m >> 1) + 1;
    case 5: return pick(g, 16) & m;
    case 6: return (UINT64_C(1) << pick(g, ir_type_bits(t))) & m;
    case 7: return (0 - (uint64_t)pick(g, 16)) & m;
    default: return rnd(g) & m;
    }
}

static void remember(Gen *g, IrType t, IrArg a)
{
    if (a.kind != IR_ARG_TEMP)
        return;
    unsigned n = g->npool[t];
    g->pool[t][n % 32] = a;
    g->npool[t] = n + 1;
}

static IrArg operand(Gen *g, IrType t)
{
    unsigned n = g->npool[t] < 32 ? g->npool[t] : 32;
    if (n == 0 || pick(g, 4) == 0)
        return ir_imm(interesting(g, t));
    /* mostly recent values, so results get used */
    unsigned back = pick(g, 3) ? pick(g, n < 4 ? n : 4) : pick(g, n);
    return g->pool[t][(g->npool[t] - 1 - back) % 32];
}

static IrArg gen_addr(Gen *g)
{
    switch (pick(g, 16)) {
    case 0: case 1: return ir_imm(pick(g, MEM_SIZE + 8));
    case 2: return operand(g, IR_I64);          /* usually far out: faults */
    default: {
        /* in range unless the offset pushes past the end */
        IrArg base = ir_binop(g->b, IR_AND, IR_I64, operand(g, IR_I64), ir_imm(MEM_SIZE - 16));
        return ir_binop(g->b, IR_ADD, IR_I64, base, ir_imm(pick(g, 12)));
    }
    }
}

static IrType mem_type(Gen *g, IrType *result)
{
    if (pick(g, 5) == 0) {
        IrType f = pick(g, 2) ? IR_F32 : IR_F64;
        *result = f;
        return f;
    }
    IrType m = int_types[pick(g, 4)];
    IrType r = int_types[pick(g, 4)];
    if (ir_type_bits(r) < ir_type_bits(m))
        r = m;
    *result = r;
    return m;
}

static void gen_insn(Gen *g)
{
    IrBlock *b = g->b;
    /* a new guest instruction every few IR instructions */
    if (pick(g, 3) == 0) {
        g->guest_insn++;
        g->site = ir_site(b, b->pc + 4 * g->guest_insn, g->guest_insn);
    }
    IrType t = int_types[pick(g, 4)];
    IrArg r = { IR_ARG_NONE, IR_NO_TEMP, 0 };
    unsigned what = pick(g, 100);
    if (what < 12) {
        unsigned reg = pick(g, 10) < 6 ? pick(g, 4) : pick(g, NREGS);
        t = (IrType)test_regs[reg].type;
        r = ir_get_reg(b, reg);
    } else if (what < 24) {
        unsigned reg = pick(g, 10) < 6 ? pick(g, 4) : pick(g, NREGS);
        ir_set_reg(b, reg, operand(g, (IrType)test_regs[reg].type));
    } else if (what < 42) {
        static const IrOp ops[] = { IR_ADD, IR_SUB, IR_MUL, IR_MULHS, IR_MULHU, IR_MULHSU, IR_DIVS,
                                    IR_DIVU, IR_REMS, IR_REMU, IR_AND, IR_OR, IR_XOR, IR_SHL,
                                    IR_SHR, IR_SAR, IR_ROTL, IR_ROTR };
        IrOp op = ops[pick(g, 18)];
        if ((op == IR_AND || op == IR_OR || op == IR_XOR) && pick(g, 4) == 0)
            t = IR_I1;
        IrArg x = operand(g, t);
        IrArg y = pick(g, 8) == 0 ? x : operand(g, t);
        r = ir_binop(b, op, t, x, y);
    } else if (what < 46) {
        static const IrOp ops[] = { IR_NOT, IR_NEG, IR_CLZ, IR_CTZ };
        IrOp op = ops[pick(g, 4)];
        if (op == IR_NOT && pick(g, 3) == 0)
            t = IR_I1;
        r = ir_unop(b, op, t, operand(g, t));
    } else if (what < 52) {
        static const IrOp ops[] = { IR_ZEXT, IR_SEXT, IR_TRUNC };
        IrOp op = ops[pick(g, 3)];
        IrType from = all_types[pick(g, 5)];       /* i1..i64 */
        IrType to = int_types[pick(g, 4)];
        if (op == IR_TRUNC) {
            IrType tmp = from; from = to; to = tmp;
            if (ir_type_bits(to) > ir_type_bits(from)) to = from;
        } else if (ir_type_bits(to) < ir_type_bits(from)) {
            to = from == IR_I1 ? IR_I8 : from;
        }
        r = ir_conv(b, op, to, from, 0, operand(g, from));
        t = to;
    } else if (what < 58) {
        IrType ot = pick(g, 6) ? t : IR_I1;
        IrCond c = ot == IR_I1 ? (IrCond)pick(g, 2) : (IrCond)pick(g, IR_NCONDS);
        IrArg x = operand(g, ot);
        r = ir_cmp(b, c, ot, x, pick(g, 8) == 0 ? x : operand(g, ot));
        t = IR_I1;
    } else if (what < 62) {
        t = all_types[pick(g, 7)];
        IrArg x = operand(g, t);
        r = ir_select(b, t, operand(g, IR_I1), x, pick(g, 6) == 0 ? x : operand(g, t));
    } else if (what < 66) {
        IrCcKind k = (IrCcKind)pick(g, IR_NCCKINDS);
        IrArg x = operand(g, t), y = operand(g, t);
        IrArg res = pick(g, 2) ? ir_binop(b, k == IR_CC_ADD ? IR_ADD : k == IR_CC_SUB ? IR_SUB : IR_OR, t, x, y)
                               : operand(g, t);
        if (pick(g, 2))
            r = ir_cc_test(b, k, (IrCcCond)pick(g, IR_NCCCONDS), t, x, y, res);
        else
            r = ir_cc_flag(b, k, (IrFlag)(k == IR_CC_LOGIC ? 1 + pick(g, 4) : pick(g, IR_NFLAGS)), t, x, y, res);
        t = IR_I1;
    } else if (what < 74) {
        IrType ft = pick(g, 2) ? IR_F32 : IR_F64;
        IrType it = pick(g, 2) ? IR_I32 : IR_I64;
        switch (pick(g, 9)) {
        case 0: {
            static const IrOp ops[] = { IR_FADD, IR_FSUB, IR_FMUL, IR_FDIV, IR_FMIN, IR_FMAX };
            r = ir_binop(b, ops[pick(g, 6)], ft, operand(g, ft), operand(g, ft));
            t = ft;
            break;
        }
        case 1: {
            static const IrOp ops[] = { IR_FSQRT, IR_FNEG, IR_FABS };
            r = ir_unop(b, ops[pick(g, 3)], ft, operand(g, ft));
            t = ft;
            break;
        }
        case 2:
            r = ir_fma(b, ft, operand(g, ft), operand(g, ft), operand(g, ft));
            t = ft;
            break;
        case 3:
            r = ir_fcmp(b, (IrFCond)pick(g, IR_NFCONDS), ft, operand(g, ft), operand(g, ft));
            t = IR_I1;
            break;
        case 4:
            r = ir_conv(b, IR_ITOF, ft, it, pick(g, 2) ? IR_MEM_SIGNED : 0, operand(g, it));
            t = ft;
            break;
        case 5:
            r = ir_conv(b, IR_FTOI, it, ft, pick(g, 2) ? IR_MEM_SIGNED : 0, operand(g, ft));
            t = it;
            break;
        case 6:
            r = ir_conv(b, IR_FCONV, ft, ft == IR_F32 ? IR_F64 : IR_F32, 0,
                        operand(g, ft == IR_F32 ? IR_F64 : IR_F32));
            t = ft;
            break;
        default: {
            IrType bt = ft == IR_F32 ? IR_I32 : IR_I64;
            bool to_float = pick(g, 2);
            r = ir_conv(b, IR_BITCAST, to_float ? ft : bt, to_float ? bt : ft, 0,
                        operand(g, to_float ? bt : ft));
            t = to_float ? ft : bt;
            break;
        }
        }
    } else if (what < 80) {
        IrType rt;
        IrType mt = mem_type(g, &rt);
        unsigned flags = (pick(g, 2) ? IR_MEM_BE : 0) | (ir_type_is_int(mt) && pick(g, 2) ? IR_MEM_SIGNED : 0);
        r = ir_load(b, rt, mt, flags, gen_addr(g), g->site);
        t = rt;
    } else if (what < 85) {
        IrType vt;
        IrType mt = mem_type(g, &vt);
        IrArg addr = gen_addr(g);
        ir_store(b, vt, mt, pick(g, 2) ? IR_MEM_BE : 0, addr, operand(g, vt), g->site);
    } else if (what < 88) {
        IrType st = all_types[pick(g, 7)];
        uint32_t off = 8 * pick(g, STATE_SIZE / 8);
        if (pick(g, 2)) {
            r = ir_load_state(b, st, off);
            t = st;
        } else {
            ir_store_state(b, st, off, operand(g, st));
        }
    } else if (what < 93) {
        static const IrHelper *const hs[] = { &h_pure, &h_effect, &h_read, &h_write, &h_trap, &h_rw_trap, &h_args4 };
        const IrHelper *h = hs[pick(g, 7)];
        IrArg args[IR_MAX_CALL_ARGS];
        for (unsigned i = 0; i < h->nargs; i++)
            args[i] = operand(g, (IrType)h->arg_type[i]);
        r = ir_call(b, h, args, (h->flags & IR_HELPER_MAY_TRAP) ? g->site : IR_NO_SITE);
        t = (IrType)h->ret;
    } else if (what < 96) {
        /* conditions that rarely hold, so most blocks run on */
        IrArg c = pick(g, 8) ? ir_cmp(b, IR_EQ, IR_I8, operand(g, IR_I8), ir_imm(pick(g, 256)))
                             : ir_imm(pick(g, 4) == 0);
        ir_trap_if(b, c, pick(g, 16), operand(g, IR_I64), g->site);
    } else {
        t = all_types[pick(g, 7)];
        r = ir_mov(b, t, operand(g, t));
    }
    remember(g, t, r);
}

static void gen_block(IrBlock *b, uint64_t seed)
{
    Gen g;
    memset(&g, 0, sizeof g);
    g.b = b;
    g.s = seed * 0x9e3779b97f4a7c15ull + 1;
    ir_block_init(b, &test_guest, 0x10000);
    g.site = ir_site(b, b->pc, 0);
    unsigned n = 5 + pick(&g, 60);
    for (unsigned i = 0; i < n; i++)
        gen_insn(&g);
    switch (pick(&g, 4)) {
    case 0: ir_exit(b, 0x20000 + 4 * pick(&g, 100)); break;
    case 1: ir_exit_indirect(b, operand(&g, IR_I64)); break;
    case 2: ir_br_cond(b, operand(&g, IR_I1), 0x30000, b->pc + 4 * (g.guest_insn + 1)); break;
    default: ir_exit_trap(b, pick(&g, 16), operand(&g, IR_I64), g.site); break;
    }
}

static void random_machine(Machine *m, uint64_t seed)
{
    Gen g;
    memset(&g, 0, sizeof g);
    g.s = seed * 0xd1342543de82ef95ull + 7;
    memset(m, 0, sizeof *m);
    for (unsigned i = 0; i < NREGS; i++)
        m->regs[i] = interesting(&g, (IrType)test_regs[i].type);
    for (unsigned i = 0; i < MEM_SIZE; i++)
        m->mem[i] = (uint8_t)rnd(&g);
    for (unsigned i = 0; i < STATE_SIZE; i++)
        m->state[i] = (uint8_t)rnd(&g);
    machine_env(m);
}

/* exit_indirect of a constant becomes a (chainable) static exit: for where
 * the block goes, the two are the same */
static bool same_end(IrEnd a, IrEnd b)
{
    if (a.kind == IR_END_INDIRECT)
        a.kind = IR_END_JUMP;
    if (b.kind == IR_END_INDIRECT)
        b.kind = IR_END_JUMP;
    return a.kind == b.kind && a.pc == b.pc && a.cause == b.cause && a.value == b.value &&
           a.site == b.site && a.is_store == b.is_store;
}

static bool same_machine(const Machine *a, const Machine *b)
{
    return memcmp(a->regs, b->regs, sizeof a->regs) == 0 && memcmp(a->mem, b->mem, sizeof a->mem) == 0 &&
           memcmp(a->state, b->state, sizeof a->state) == 0 && a->log.n == b->log.n &&
           memcmp(a->log.e, b->log.e, sizeof a->log.e) == 0;
}

typedef struct Stats {
    unsigned blocks, runs, faults, traps;
    unsigned long insns_before, insns_after;
} Stats;

/* Run the original and the transformed block on the same random machines. */
static void check_equivalent(const IrBlock *orig, const IrBlock *opt, uint64_t seed, const char *pass,
                             Stats *st)
{
    for (unsigned k = 0; k < 3; k++) {
        Machine *m1 = malloc(sizeof *m1), *m2 = malloc(sizeof *m2);
        assert_non_null(m1);
        assert_non_null(m2);
        random_machine(m1, seed * 3 + k);
        random_machine(m2, seed * 3 + k);
        IrEnd e1 = ir_interp(orig, &m1->env);
        IrEnd e2 = ir_interp(opt, &m2->env);
        assert_int_not_equal(e1.kind, IR_END_ERROR);
        if (!same_end(e1, e2) || !same_machine(m1, m2)) {
            fprintf(stderr, "seed %llu, pass %s, machine %u: the blocks differ\n",
                    (unsigned long long)seed, pass, k);
            fprintf(stderr, "end kind %d/%d pc %#llx/%#llx value %#llx/%#llx\n", e1.kind, e2.kind,
                    (unsigned long long)e1.pc, (unsigned long long)e2.pc,
                    (unsigned long long)e1.value, (unsigned long long)e2.value);
            for (unsigned i = 0; i < NREGS; i++)
                if (m1->regs[i] != m2->regs[i])
                    fprintf(stderr, "  %s: %#llx vs %#llx\n", test_regs[i].name,
                            (unsigned long long)m1->regs[i], (unsigned long long)m2->regs[i]);
            ir_print(orig, stderr);
            ir_print(opt, stderr);
            fail();
        }
        st->runs++;
        st->faults += e1.kind == IR_END_FAULT;
        st->traps += e1.kind == IR_END_TRAP || e1.kind == IR_END_HELPER_TRAP;
        free(m1);
        free(m2);
    }
}

static void fold_only(IrBlock *b) { ir_fold(b); }
static void dce_only(IrBlock *b) { ir_dce(b); }
static void regcache_only(IrBlock *b) { ir_regcache(b); }
static void compact_after_dce(IrBlock *b) { ir_dce(b); ir_compact(b); }
static void optimize_twice(IrBlock *b) { ir_optimize(b); ir_optimize(b); }

#define RANDOM_BLOCKS 5000

static void test_random_blocks_keep_their_meaning(void **state)
{
    (void)state;
    static const struct { const char *name; void (*run)(IrBlock *); } passes[] = {
        { "fold", fold_only }, { "dce", dce_only }, { "regcache", regcache_only },
        { "dce+compact", compact_after_dce }, { "optimize", ir_optimize }, { "optimize x2", optimize_twice },
    };
    Stats st = { 0 };
    for (uint64_t seed = 1; seed <= RANDOM_BLOCKS; seed++) {
        IrBlock orig;
        gen_block(&orig, seed);
        assert_valid(&orig);
        for (size_t p = 0; p < sizeof passes / sizeof passes[0]; p++) {
            IrBlock opt;
            memset(&opt, 0, sizeof opt);
            assert_true(ir_block_copy(&opt, &orig));
            passes[p].run(&opt);
            char err[160];
            if (!ir_validate(&opt, err, sizeof err)) {
                ir_print(&orig, stderr);
                ir_print(&opt, stderr);
                fail_msg("seed %llu: %s made an invalid block: %s", (unsigned long long)seed, passes[p].name, err);
            }
            assert_true(opt.ninsns <= orig.ninsns);
            check_equivalent(&orig, &opt, seed, passes[p].name, &st);
            if (passes[p].run == ir_optimize) {
                st.insns_before += orig.ninsns;
                st.insns_after += opt.ninsns;
            }
            ir_block_destroy(&opt);
        }
        st.blocks++;
        ir_block_destroy(&orig);
    }
    print_message("%u random blocks, %u runs (%u faulted, %u trapped); optimize kept %lu of %lu insns\n",
                  st.blocks, st.runs, st.faults, st.traps, st.insns_after, st.insns_before);
    /* the generator must give the passes something to do, and the runs must
     * reach faults and traps, or this test proves little */
    assert_true(st.insns_after * 10 < st.insns_before * 8);
    assert_true(st.faults > st.runs / 20);
    assert_true(st.traps > st.runs / 50);
}

int main(void)
{
#define T(f) cmocka_unit_test(f)
    const struct CMUnitTest fold[] = {
        T(test_fold_constants),
        T(test_fold_identities),
        T(test_fold_strength_reduction_and_canonical_forms),
        T(test_fold_extensions_and_compares),
        T(test_fold_selects_and_copies),
        T(test_fold_control),
    };
    const struct CMUnitTest other[] = {
        T(test_dce_keeps_effects_and_drops_unused_values),
        T(test_regcache_forwards_values),
        T(test_regcache_drops_overwritten_sets),
        T(test_regcache_keeps_sets_a_fault_can_see),
        T(test_regcache_fault_sees_exact_registers),
        T(test_regcache_rereads_after_a_helper_writes),
        T(test_compact_renumbers_densely),
        T(test_example_riscv_block),
        T(test_example_68k_flags),
    };
    const struct CMUnitTest random[] = {
        T(test_random_blocks_keep_their_meaning),
    };
#undef T
    int failed = 0;
    failed += cmocka_run_group_tests_name("ir_fold", fold, NULL, NULL);
    failed += cmocka_run_group_tests_name("ir_passes", other, NULL, NULL);
    failed += cmocka_run_group_tests_name("ir_random", random, NULL, NULL);
    return failed;
}
