/*
 * ferry - unit tests for the x86-64 code generator (cpu/x64/codegen.c),
 * differential against the IR's reference interpreter (ir_interp).
 *
 * Every block is run by ir_interp and as compiled host code from the same
 * starting registers, state and memory; registers, state, memory, the
 * helper call log and the exit (kind, pc, cause, value, site) must agree.
 * Hand-written blocks pin down each op on edge values (with temps and
 * immediates in every operand position); thousands of random well-typed
 * blocks (before and after ir_optimize) and random RISC-V blocks lowered by
 * rv_lower_block exercise the mix. Blocks are compiled with bounds checks
 * and the code-page check on (with no page marked), so runs that fault are
 * compared too; separate tests cover stores to code pages and the map from
 * host instructions to sites.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#ifdef FERRY_TEST_ZYDIS
#include <Zydis/Zydis.h>
#endif

#include "ir.h"
#include "x64/codegen.h"
#include "rv.h"
#include "lower.h"
#include "ir_test_guest.h"

/* ---- code memory and the runner ------------------------------------------ */

#define CODE_SIZE (1u << 20)
static uint8_t *code;
static X64FaultSite fault_sites[4096];
static X64FaultMap fault_map = { fault_sites, 0, 4096 };
static const X64CodegenOpts opts = { .trap_flag_off = offsetof(IrEnv, trap), .bounds_check = true,
                                     .code_pages = true, .fault_map = &fault_map };
/* the code-page bitmap the runs see: no page holds code unless a test says */
/* the code map: one byte per page (X64_CODE_HERE, and X64_CODE_NEXT on the
 * page before a code page) */
static uint8_t code_pages[2048];

typedef struct Stats {
    unsigned long blocks, compiled, runs, compared, faults, traps, jumps, bytes;
} Stats;
static Stats stats;

static int setup(void **state)
{
    (void)state;
    code = x64_code_alloc(CODE_SIZE);
    rv_decode_init();
    return code ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    x64_code_free(code, CODE_SIZE);
    return 0;
}

/* Compile b into the code area (writable while emitting, then sealed). */
static X64BlockFn compile(const IrBlock *b, size_t *size)
{
    assert_int_equal(mprotect(code, CODE_SIZE, PROT_READ | PROT_WRITE), 0);
    X64Buf buf;
    x64_buf_init(&buf, code, CODE_SIZE);
    size_t n = x64_compile(b, b->guest, &opts, &buf);
    assert_true(x64_code_seal(code, CODE_SIZE));
    if (size)
        *size = n;
    if (!n)
        return NULL;
    X64BlockFn fn;
    void *p = code;
    memcpy(&fn, &p, sizeof fn);     /* object -> function pointer, without a cast ISO C forbids */
    return fn;
}

static IrEnd run_code(X64BlockFn fn, void *regs, void *state, uint8_t *mem, IrEnv *env)
{
    X64Frame f = { .regs = regs, .state = state, .mem = mem, .env = env, .exit_kind = 99,
                   .site = IR_NO_SITE, .code_pages = code_pages };
    for (unsigned i = 0; i < 4; i++)
        f.mem_last[i] = env->mem_size - (1u << i);
    fn(&f);
    IrEnd e = { (IrEndKind)f.exit_kind, f.pc, 0, 0, IR_NO_SITE, false };
    if (f.exit_kind == IR_END_FAULT || f.exit_kind == X64_END_CODE_WRITE) {
        e.value = f.value;
        e.site = f.site;
        e.is_store = f.cause == 1;
        e.cause = f.exit_kind == X64_END_CODE_WRITE ? f.cause : 0;
    } else if (f.exit_kind == IR_END_TRAP) {
        e.cause = f.cause;
        e.value = f.value;
        e.site = f.site;
    } else if (f.exit_kind == IR_END_HELPER_TRAP) {
        e.cause = env->trap_cause;
        e.value = env->trap_value;
        e.site = f.site;
    }
    return e;
}

static bool same_end(IrEnd a, IrEnd b)
{
    return a.kind == b.kind && a.pc == b.pc && a.cause == b.cause && a.value == b.value && a.site == b.site &&
           (a.kind != IR_END_FAULT || a.is_store == b.is_store);
}

static void print_end(const char *who, IrEnd e)
{
    fprintf(stderr, "  %s: kind %d pc %#llx cause %u value %#llx site %u\n", who, e.kind,
            (unsigned long long)e.pc, e.cause, (unsigned long long)e.value, e.site);
}

/* Run b on copies of *init with both engines and compare. Returns false
 * when the interpreter faulted (compared all the same). */
static bool check_block_on(const IrBlock *b, X64BlockFn fn, const Machine *init, const char *what)
{
    Machine *m1 = malloc(sizeof *m1), *m2 = malloc(sizeof *m2);
    assert_non_null(m1);
    assert_non_null(m2);
    memcpy(m1, init, sizeof *m1);
    memcpy(m2, init, sizeof *m2);
    machine_env(m1);
    machine_env(m2);
    m2->env.trap = true;    /* stale from an earlier block: the code must clear it */
    IrEnd e1 = ir_interp(b, &m1->env);
    assert_int_not_equal(e1.kind, IR_END_ERROR);
    stats.runs++;
    IrEnd e2 = run_code(fn, m2->regs, m2->state, m2->mem, &m2->env);
    bool ok = same_end(e1, e2) && memcmp(m1->regs, m2->regs, sizeof m1->regs) == 0 &&
              memcmp(m1->mem, m2->mem, sizeof m1->mem) == 0 &&
              memcmp(m1->state, m2->state, sizeof m1->state) == 0 && m1->log.n == m2->log.n &&
              memcmp(m1->log.e, m2->log.e, sizeof m1->log.e) == 0;
    if (!ok) {
        fprintf(stderr, "%s: compiled code differs from ir_interp\n", what);
        print_end("interp", e1);
        print_end("jit   ", e2);
        for (unsigned i = 0; i < NREGS; i++)
            if (m1->regs[i] != m2->regs[i])
                fprintf(stderr, "  %s: %#llx vs %#llx\n", test_regs[i].name,
                        (unsigned long long)m1->regs[i], (unsigned long long)m2->regs[i]);
        for (unsigned i = 0; i < STATE_SIZE; i++)
            if (m1->state[i] != m2->state[i])
                fprintf(stderr, "  state[%u]: %#x vs %#x\n", i, m1->state[i], m2->state[i]);
        for (unsigned i = 0; i < MEM_SIZE; i++)
            if (m1->mem[i] != m2->mem[i])
                fprintf(stderr, "  mem[%u]: %#x vs %#x\n", i, m1->mem[i], m2->mem[i]);
        if (m1->log.n != m2->log.n)
            fprintf(stderr, "  helper calls: %u vs %u\n", m1->log.n, m2->log.n);
        ir_print(b, stderr);
    }
    assert_true(ok);
    stats.compared++;
    stats.traps += e1.kind == IR_END_TRAP || e1.kind == IR_END_HELPER_TRAP;
    stats.jumps += e1.kind == IR_END_JUMP || e1.kind == IR_END_INDIRECT;
    stats.faults += e1.kind == IR_END_FAULT;
    free(m1);
    free(m2);
    return e1.kind != IR_END_FAULT;
}

static X64BlockFn must_compile(const IrBlock *b)
{
    char err[160];
    if (!ir_validate(b, err, sizeof err)) {
        ir_print(b, stderr);
        fail_msg("invalid block: %s", err);
    }
    size_t n;
    X64BlockFn fn = compile(b, &n);
    if (!fn) {
        ir_print(b, stderr);
        fail_msg("block not compiled");
    }
    stats.compiled++;
    stats.bytes += n;
    return fn;
}

/* ---- hand-written blocks -------------------------------------------------- */

static void zero_machine(Machine *m)
{
    memset(m, 0, sizeof *m);
    for (unsigned i = 0; i < MEM_SIZE; i++)
        m->mem[i] = (uint8_t)(i * 37 + 11);
}

static const IrType int_types[] = { IR_I8, IR_I16, IR_I32, IR_I64 };

static unsigned edges(IrType t, uint64_t *v)
{
    uint64_t m = ir_type_mask(t);
    unsigned n = 0;
    v[n++] = 0; v[n++] = 1; v[n++] = 2; v[n++] = 3; v[n++] = 7;
    v[n++] = m; v[n++] = m - 1; v[n++] = m >> 1; v[n++] = (m >> 1) + 1; v[n++] = ((m >> 1) + 1) | 1;
    v[n++] = 0x5555555555555555ull & m; v[n++] = 0xdeadbeefcafef00dull & m;
    v[n++] = ir_type_bits(t) - 1; v[n++] = ir_type_bits(t); v[n++] = ir_type_bits(t) + 1;
    v[n++] = (m >> 1) - 5;
    return n;
}

/* x (state 0) op y (state 8) -> state 16, in three operand forms:
 * both temps, x temp + y immediate, x immediate + y temp */
static void check_binop_values(IrOp op, IrType t, uint64_t x, uint64_t y)
{
    for (unsigned form = 0; form < 3; form++) {
        IrBlock b;
        ir_block_init(&b, &test_guest, 0x1000);
        IrArg a0 = ir_load_state(&b, t, 0), a1 = ir_load_state(&b, t, 8);
        IrArg r = ir_binop(&b, op, t, form == 2 ? ir_imm(x) : a0, form == 1 ? ir_imm(y) : a1);
        ir_store_state(&b, t, 16, r);
        ir_exit(&b, 0x2000);
        X64BlockFn fn = must_compile(&b);
        Machine m;
        zero_machine(&m);
        memcpy(m.state, &x, 8);
        memcpy(m.state + 8, &y, 8);
        check_block_on(&b, fn, &m, ir_op_info[op].name);
        ir_block_destroy(&b);
    }
}

static void report(const char *what, unsigned long before)
{
    print_message("%s: %lu runs compared\n", what, stats.compared - before);
}

static void test_binops(void **state)
{
    (void)state;
    unsigned long before = stats.compared;
    static const IrOp ops[] = { IR_ADD, IR_SUB, IR_MUL, IR_MULHS, IR_MULHU, IR_MULHSU, IR_DIVS,
                                IR_DIVU, IR_REMS, IR_REMU, IR_AND, IR_OR, IR_XOR, IR_SHL,
                                IR_SHR, IR_SAR, IR_ROTL, IR_ROTR };
    for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++)
        for (unsigned ti = 0; ti < 4; ti++) {
            uint64_t v[32];
            unsigned n = edges(int_types[ti], v);
            for (unsigned i = 0; i < n; i++)
                for (unsigned j = 0; j < n; j++)
                    check_binop_values(ops[o], int_types[ti], v[i], v[j] & ir_type_mask(int_types[ti]));
        }
    /* i1 logic */
    for (unsigned x = 0; x < 2; x++)
        for (unsigned y = 0; y < 2; y++) {
            check_binop_values(IR_AND, IR_I1, x, y);
            check_binop_values(IR_OR, IR_I1, x, y);
            check_binop_values(IR_XOR, IR_I1, x, y);
        }
    report("binops", before);
}

static void test_unops_exts_cmps(void **state)
{
    (void)state;
    unsigned long before = stats.compared;
    static const IrType from_types[] = { IR_I1, IR_I8, IR_I16, IR_I32, IR_I64 };
    for (unsigned fi = 0; fi < 5; fi++) {
        IrType f = from_types[fi];
        uint64_t v[32];
        unsigned n = f == IR_I1 ? 2 : edges(f, v);
        if (f == IR_I1) { v[0] = 0; v[1] = 1; }
        for (unsigned i = 0; i < n; i++) {
            uint64_t x = v[i] & ir_type_mask(f);
            IrBlock b;
            ir_block_init(&b, &test_guest, 0x1000);
            IrArg a = ir_load_state(&b, f, 0);
            unsigned off = 8;
            static const IrOp un[] = { IR_NOT, IR_NEG, IR_CLZ, IR_CTZ };
            for (unsigned k = 0; k < 4; k++) {
                if (f == IR_I1 && un[k] != IR_NOT)
                    continue;
                ir_store_state(&b, f, off, ir_unop(&b, un[k], f, a));
                off += 8;
            }
            for (unsigned ti = 0; ti < 4 && off < STATE_SIZE; ti++) {
                IrType t = int_types[ti];
                if (ir_type_bits(t) >= ir_type_bits(f)) {
                    IrArg z = ir_conv(&b, IR_ZEXT, t, f, 0, a), s = ir_conv(&b, IR_SEXT, t, f, 0, a);
                    /* pack both in one slot: zext ^ rotl(sext) keeps both checked */
                    ir_set_reg(&b, R0 + ti % 4, ir_conv(&b, IR_ZEXT, IR_I64, t, 0, z));
                    ir_store_state(&b, t, off, s);
                    off += 8;
                } else {
                    ir_store_state(&b, t, off, ir_conv(&b, IR_TRUNC, t, f, 0, a));
                    off += 8;
                }
            }
            if (f != IR_I1)
                ir_set_reg(&b, R_Z, ir_conv(&b, IR_TRUNC, IR_I1, f, 0, a));
            ir_exit(&b, 0x2000);
            X64BlockFn fn = must_compile(&b);
            Machine m;
            zero_machine(&m);
            memcpy(m.state, &x, 8);
            check_block_on(&b, fn, &m, "unop/ext");
            ir_block_destroy(&b);

            /* compares against every edge, all conditions, temp and immediate */
            for (unsigned j = 0; j < n; j++) {
                uint64_t y = v[j] & ir_type_mask(f);
                ir_block_init(&b, &test_guest, 0x1000);
                IrArg p = ir_load_state(&b, f, 0), q = ir_load_state(&b, f, 8);
                unsigned nc = f == IR_I1 ? 2 : IR_NCONDS;
                for (unsigned c = 0; c < nc; c++) {
                    IrArg r1 = ir_cmp(&b, (IrCond)c, f, p, q);
                    IrArg r2 = ir_cmp(&b, (IrCond)c, f, p, ir_imm(y));
                    IrArg both = ir_binop(&b, IR_XOR, IR_I8, ir_conv(&b, IR_ZEXT, IR_I8, IR_I1, 0, r1),
                                          ir_conv(&b, IR_SEXT, IR_I8, IR_I1, 0, r2));
                    ir_store_state(&b, IR_I8, 16 + c, both);
                    /* select on it */
                    ir_store_state(&b, IR_I16, 32 + 2 * c, ir_select(&b, IR_I16, r1, ir_imm(0x1234 + c), ir_imm(0xfedc)));
                }
                ir_exit(&b, 0x2000);
                fn = must_compile(&b);
                zero_machine(&m);
                memcpy(m.state, &x, 8);
                memcpy(m.state + 8, &y, 8);
                check_block_on(&b, fn, &m, "cmp");
                ir_block_destroy(&b);
            }
        }
    }
    report("unops/exts/cmps/selects", before);
}

static void test_memory_and_registers(void **state)
{
    (void)state;
    unsigned long before = stats.compared;
    static const IrType all[] = { IR_I8, IR_I16, IR_I32, IR_I64, IR_F32, IR_F64 };
    for (unsigned mi = 0; mi < 6; mi++)
        for (unsigned ri = 0; ri < 6; ri++) {
            IrType mt = all[mi], rt = all[ri];
            bool fl = !ir_type_is_int(mt) || !ir_type_is_int(rt);
            if (fl && mt != rt)
                continue;
            if (ir_type_bits(rt) < ir_type_bits(mt))
                continue;
            for (unsigned flags = 0; flags < 4; flags++) {
                if ((flags & IR_MEM_SIGNED) && fl)
                    continue;
                IrBlock b;
                ir_block_init(&b, &test_guest, 0x1000);
                uint32_t site = ir_site(&b, 0x1000, 0);
                IrArg addr = ir_get_reg(&b, R0);
                IrArg v = ir_load(&b, rt, mt, flags, addr, site);
                ir_store_state(&b, rt, 0, v);
                ir_store(&b, rt, mt, flags & IR_MEM_BE, ir_imm(64), v, site);
                ir_store(&b, rt, mt, flags & IR_MEM_BE ? 0 : IR_MEM_BE, ir_imm(96), v, site);
                ir_store(&b, rt, mt, flags & IR_MEM_BE, ir_imm(17), ir_imm(0x0123456789abcdefull & ir_type_mask(rt)), site);
                ir_exit(&b, 0x2000);
                X64BlockFn fn = must_compile(&b);
                for (uint64_t a = 0; a < 8; a++) {
                    Machine m;
                    zero_machine(&m);
                    m.regs[R0] = a * 5;
                    m.mem[a * 5 + ir_type_bits(mt) / 8 - 1] |= 0x80;
                    check_block_on(&b, fn, &m, "load/store");
                }
                ir_block_destroy(&b);
            }
        }
    /* every register type through get_reg/set_reg, and state of every type */
    IrBlock b;
    ir_block_init(&b, &test_guest, 0x1000);
    IrArg v[NREGS];
    for (unsigned r = 0; r < NREGS; r++)
        v[r] = ir_get_reg(&b, r);
    for (unsigned r = 0; r < NREGS; r++)
        ir_set_reg(&b, r, r < 4 ? v[(r + 1) % 4] : r == R_Z ? ir_imm(1) : v[r]);
    ir_store_state(&b, IR_I1, 40, v[R_Z]);
    ir_store_state(&b, IR_F32, 44, v[R_S]);
    ir_store_state(&b, IR_F64, 48, v[R_D]);
    ir_store_state(&b, IR_I16, 56, ir_load_state(&b, IR_I16, 3));
    ir_set_reg(&b, R_B, ir_load_state(&b, IR_I8, 5));
    ir_set_reg(&b, R_Z, ir_load_state(&b, IR_I1, 6));
    ir_exit(&b, 0x2000);
    X64BlockFn fn = must_compile(&b);
    Machine m;
    zero_machine(&m);
    for (unsigned r = 0; r < NREGS; r++)
        m.regs[r] = 0xf0e1d2c3b4a59687ull & ir_type_mask((IrType)test_regs[r].type);
    for (unsigned i = 0; i < STATE_SIZE; i++)
        m.state[i] = (uint8_t)(0xa5 + 3 * i);
    check_block_on(&b, fn, &m, "regs/state");
    ir_block_destroy(&b);
    report("loads/stores/regs/state", before);
}

static void test_exits_traps_calls(void **state)
{
    (void)state;
    unsigned long before = stats.compared;
    for (uint64_t x = 0; x < 20; x++) {
        for (unsigned kind = 0; kind < 5; kind++) {
            IrBlock b;
            ir_block_init(&b, &test_guest, 0x1000);
            uint32_t s0 = ir_site(&b, 0x1000, 0);
            IrArg r0 = ir_get_reg(&b, R0);
            ir_set_reg(&b, R1, ir_binop(&b, IR_ADD, IR_I64, r0, ir_imm(100)));
            IrArg c = ir_cmp(&b, IR_EQ, IR_I64, r0, ir_imm(5));
            uint32_t s1 = ir_site(&b, 0x1004, 1);
            ir_trap_if(&b, c, 7, ir_binop(&b, IR_MUL, IR_I64, r0, ir_imm(3)), s1);
            IrArg args[4] = { r0, ir_imm(0x11223344), ir_imm(0x7f), ir_imm(1) };
            IrArg h4 = ir_call(&b, &h_args4, args, IR_NO_SITE);
            ir_set_reg(&b, R_H, h4);
            IrArg targ[2] = { ir_conv(&b, IR_TRUNC, IR_I32, IR_I64, 0, r0), ir_imm(9) };
            uint32_t s2 = ir_site(&b, 0x1008, 2);
            IrArg t = ir_call(&b, &h_trap, targ, s2);
            ir_set_reg(&b, R_W, t);
            IrArg rw[1] = { r0 };
            ir_set_reg(&b, R2, ir_call(&b, &h_rw_trap, rw, s2));
            IrArg wr[1] = { ir_imm(6) };
            ir_call(&b, &h_write, wr, IR_NO_SITE);
            ir_set_reg(&b, R3, ir_call(&b, &h_read, NULL, IR_NO_SITE));
            IrArg pu[2] = { r0, ir_get_reg(&b, R2) };
            ir_set_reg(&b, R0, ir_call(&b, &h_pure, pu, IR_NO_SITE));
            IrArg ef[1] = { ir_get_reg(&b, R1) };
            ir_set_reg(&b, R1, ir_call(&b, &h_effect, ef, IR_NO_SITE));
            IrArg r2 = ir_get_reg(&b, R2);
            switch (kind) {
            case 0: ir_exit(&b, 0x4000); break;
            case 1: ir_exit_indirect(&b, r2); break;
            case 2: ir_br_cond(&b, ir_cmp(&b, IR_ULT, IR_I64, r0, ir_imm(10)), 0x5000, 0x100c); break;
            case 3: ir_exit_trap(&b, 3, r2, s0); break;
            default: ir_br_cond(&b, ir_imm(x & 1), 0x5000, 0x100c); break;
            }
            X64BlockFn fn = must_compile(&b);
            Machine m;
            zero_machine(&m);
            m.regs[R0] = x;
            check_block_on(&b, fn, &m, "exits/calls");
            ir_block_destroy(&b);
        }
    }
    report("exits/traps/calls", before);
}

static void test_unsupported(void **state)
{
    (void)state;
    IrBlock b;
    ir_block_init(&b, &test_guest, 0x1000);
    ir_set_reg(&b, R_D, ir_binop(&b, IR_FADD, IR_F64, ir_get_reg(&b, R_D), ir_get_reg(&b, R_D)));
    ir_exit(&b, 0x2000);
    size_t n = 1;
    assert_null(compile(&b, &n));
    assert_int_equal(n, 0);
    ir_block_destroy(&b);
    /* a helper that may trap, without a trap protocol */
    ir_block_init(&b, &test_guest, 0x1000);
    IrArg a[2] = { ir_imm(1), ir_imm(2) };
    ir_call(&b, &h_trap, a, ir_site(&b, 0x1000, 0));
    ir_exit(&b, 0x2000);
    assert_false(x64_block_supported(&b, NULL));
    assert_true(x64_block_supported(&b, &opts));
    ir_block_destroy(&b);
    /* a buffer too small: overflow, 0, nothing left behind */
    ir_block_init(&b, &test_guest, 0x1000);
    ir_set_reg(&b, R0, ir_binop(&b, IR_ADD, IR_I64, ir_get_reg(&b, R0), ir_imm(1)));
    ir_exit(&b, 0x2000);
    /* too many temps for the stack area */
    ir_block_clear(&b, 0x1000);
    IrArg acc = ir_get_reg(&b, R0);
    for (unsigned i = 0; i <= X64_MAX_TEMPS; i++)
        acc = ir_binop(&b, IR_ADD, IR_I64, acc, ir_imm(i));
    ir_set_reg(&b, R0, acc);
    ir_exit(&b, 0x2000);
    assert_null(compile(&b, NULL));
    uint8_t small[16];
    X64Buf buf;
    x64_buf_init(&buf, small, sizeof small);
    assert_int_equal(x64_compile(&b, &test_guest, &opts, &buf), 0);
    assert_int_equal(buf.len, 0);
    ir_block_destroy(&b);
}


/* ---- disassembly of one compiled block ------------------------------------ */

/*
 * Built with Zydis only when the Makefile links it for this test:
 *   $(BUILD)/unit/test_x64_codegen: private LIBS += -lZydis
 *   $(BUILD)/unit/test_x64_codegen: CFLAGS += -DFERRY_TEST_ZYDIS
 * Then every byte of the block must decode as instructions, and the listing
 * is printed; without Zydis only the size is.
 */
static void test_disassemble_one_block(void **state)
{
    (void)state;
    IrBlock b;
    ir_block_init(&b, &test_guest, 0x1000);
    uint32_t site = ir_site(&b, 0x1000, 0);
    IrArg r0 = ir_get_reg(&b, R0), r1 = ir_get_reg(&b, R1);
    IrArg q = ir_binop(&b, IR_DIVS, IR_I64, r0, r1);
    IrArg v = ir_load(&b, IR_I64, IR_I32, IR_MEM_SIGNED, ir_binop(&b, IR_AND, IR_I64, q, ir_imm(0x78)), site);
    ir_set_reg(&b, R2, ir_binop(&b, IR_ADD, IR_I64, v, ir_imm(1)));
    ir_br_cond(&b, ir_cmp(&b, IR_SLT, IR_I64, v, ir_imm(0)), 0x2000, 0x1004);
    size_t n;
    X64BlockFn fn = compile(&b, &n);
    assert_non_null(fn);
    ir_print(&b, stdout);
    printf("%zu bytes of x86-64\n", n);
#ifdef FERRY_TEST_ZYDIS
    ZydisDecoder dec;
    ZydisFormatter fmt;
    assert_true(ZYAN_SUCCESS(ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64)));
    assert_true(ZYAN_SUCCESS(ZydisFormatterInit(&fmt, ZYDIS_FORMATTER_STYLE_INTEL)));
    size_t off = 0;
    while (off < n) {
        ZydisDecodedInstruction in;
        ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
        assert_true(ZYAN_SUCCESS(ZydisDecoderDecodeFull(&dec, code + off, n - off, &in, ops)));
        char text[128];
        ZydisFormatterFormatInstruction(&fmt, &in, ops, in.operand_count_visible, text, sizeof text,
                                        (ZyanU64)off, NULL);
        printf("  %4zx: %s\n", off, text);
        off += in.length;
    }
    assert_int_equal(off, n);
#endif
    Machine m;
    zero_machine(&m);
    m.regs[R0] = 1000;
    m.regs[R1] = (uint64_t)-7;
    check_block_on(&b, fn, &m, "disassembled block");
    ir_block_destroy(&b);
}

/* ---- writes to code pages, and the host-pc map -------------------------- */

/* A store to a page marked in the bitmap leaves right after the store, at
 * its site, with the address and size; the store and everything before it
 * happened, nothing after it did. */
static void test_code_write_exit(void **state)
{
    (void)state;
    static const IrType sizes[] = { IR_I8, IR_I16, IR_I32, IR_I64 };
    for (unsigned k = 0; k < 4; k++) {
        IrBlock b;
        ir_block_init(&b, &test_guest, 0x1000);
        uint32_t s0 = ir_site(&b, 0x1000, 0), s1 = ir_site(&b, 0x1004, 1);
        ir_set_reg(&b, R1, ir_imm(77));
        ir_store(&b, IR_I64, sizes[k], 0, ir_get_reg(&b, R0), ir_imm(0x1122334455667788ull), s0);
        ir_set_reg(&b, R2, ir_imm(99));
        ir_store(&b, IR_I64, IR_I8, 0, ir_imm(0), ir_imm(0xee), s1);
        ir_exit(&b, 0x1008);
        X64BlockFn fn = must_compile(&b);

        /* no page marked: runs through */
        Machine m;
        zero_machine(&m);
        m.regs[R0] = 16;
        check_block_on(&b, fn, &m, "store, no code page");

        /* page 0 marked: leaves after the first store */
        code_pages[0] = X64_CODE_HERE;
        zero_machine(&m);
        m.regs[R0] = 16;
        machine_env(&m);
        IrEnd e = run_code(fn, m.regs, m.state, m.mem, &m.env);
        code_pages[0] = 0;
        assert_int_equal(e.kind, X64_END_CODE_WRITE);
        assert_int_equal(e.pc, 0x1000);
        assert_int_equal(e.site, s0);
        assert_int_equal(e.value, 16);
        assert_int_equal(e.cause, 1u << k);
        assert_int_equal(m.regs[R1], 77);
        assert_int_equal(m.regs[R2], 0);
        assert_int_equal(m.mem[16], 0x88);
        assert_int_equal(m.mem[0], 11);     /* the second store did not run */

        /* a page marked far up the map (page 69; page 68 says the next holds code) */
        code_pages[69] = X64_CODE_HERE;
        code_pages[68] = X64_CODE_NEXT;
        uint8_t *big = calloc(1, 70 * 4096 + 64);
        assert_non_null(big);
        IrEnv env = { .regs = m.regs, .state = m.state, .state_size = STATE_SIZE, .mem = big,
                      .mem_size = 70 * 4096, .user = &m.log };
        m.regs[R0] = 69 * 4096 + 40;
        e = run_code(fn, m.regs, m.state, big, &env);
        assert_int_equal(e.kind, X64_END_CODE_WRITE);
        assert_int_equal(e.value, 69 * 4096 + 40);
        m.regs[R0] = 68 * 4096 + 40;      /* the page before: not marked */
        e = run_code(fn, m.regs, m.state, big, &env);
        assert_int_equal(e.kind, IR_END_JUMP);
        /* straddling into the marked page leaves too; out of it, not */
        m.regs[R0] = 69 * 4096 - 1;
        e = run_code(fn, m.regs, m.state, big, &env);
        assert_int_equal(e.kind, k == 0 ? IR_END_JUMP : X64_END_CODE_WRITE);
        m.regs[R0] = 68 * 4096 - 1;
        e = run_code(fn, m.regs, m.state, big, &env);
        assert_int_equal(e.kind, IR_END_JUMP);
        m.regs[R0] = 70 * 4096 - 1;     /* from the marked page into the next */
        e = run_code(fn, m.regs, m.state, big, &env);
        assert_int_equal(e.kind, k == 0 ? X64_END_CODE_WRITE : IR_END_FAULT);
        code_pages[69] = code_pages[68] = 0;
        free(big);
        ir_block_destroy(&b);
    }
}

/* The fault map names every host instruction that touches guest memory,
 * in order, with the site of its guest instruction; the engine relies on
 * it to turn a host SIGSEGV into a precise guest fault. */
static void test_fault_map(void **state)
{
    (void)state;
    IrBlock b;
    ir_block_init(&b, &test_guest, 0x1000);
    uint32_t sites[5];
    for (unsigned i = 0; i < 5; i++)
        sites[i] = ir_site(&b, 0x1000 + 4 * i, i);
    IrArg a = ir_get_reg(&b, R0);
    IrArg v = ir_load(&b, IR_I64, IR_I32, 0, a, sites[0]);
    ir_store(&b, IR_I64, IR_I16, 0, ir_binop(&b, IR_ADD, IR_I64, a, ir_imm(8)), v, sites[1]);
    ir_set_reg(&b, R1, ir_binop(&b, IR_ADD, IR_I64, v, ir_imm(1)));
    IrArg w = ir_load(&b, IR_I64, IR_I8, IR_MEM_SIGNED, ir_imm(3), sites[3]);
    ir_store(&b, IR_I64, IR_I64, IR_MEM_BE, ir_imm(40), w, sites[4]);
    ir_exit(&b, 0x1014);
    size_t n;
    X64BlockFn fn = compile(&b, &n);
    assert_non_null(fn);
    static const uint32_t want[] = { 0, 1, 3, 4 };
    assert_int_equal(fault_map.n, 4);
    for (unsigned i = 0; i < 4; i++) {
        assert_int_equal(fault_map.entries[i].site, sites[want[i]]);
        assert_true(fault_map.entries[i].offset < n);
        if (i)
            assert_true(fault_map.entries[i].offset > fault_map.entries[i - 1].offset);
    }
#ifdef FERRY_TEST_ZYDIS
    /* each entry is an instruction with a memory operand based on r13 + rax */
    ZydisDecoder dec;
    assert_true(ZYAN_SUCCESS(ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64)));
    for (unsigned i = 0; i < 4; i++) {
        ZydisDecodedInstruction in;
        ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
        uint32_t off = fault_map.entries[i].offset;
        assert_true(ZYAN_SUCCESS(ZydisDecoderDecodeFull(&dec, code + off, n - off, &in, ops)));
        bool found = false;
        for (unsigned k = 0; k < in.operand_count_visible; k++)
            found |= ops[k].type == ZYDIS_OPERAND_TYPE_MEMORY && ops[k].mem.base == ZYDIS_REGISTER_R13 &&
                     ops[k].mem.index == ZYDIS_REGISTER_RAX;
        assert_true(found);
    }
#endif
    /* and the block still computes what the interpreter does, in and out of bounds */
    Machine m;
    zero_machine(&m);
    m.regs[R0] = 20;
    assert_true(check_block_on(&b, fn, &m, "fault map block"));
    m.regs[R0] = MEM_SIZE - 9;      /* the store at +8 reaches past the end */
    assert_false(check_block_on(&b, fn, &m, "fault map block, store out"));
    m.regs[R0] = MEM_SIZE - 3;      /* the first load does */
    assert_false(check_block_on(&b, fn, &m, "fault map block, load out"));
    ir_block_destroy(&b);
}

/* ---- where temps live ------------------------------------------------------ */

#ifdef FERRY_TEST_ZYDIS
/* instructions of the function at code[0, n) with a memory operand on rsp */
static unsigned stack_accesses(size_t n)
{
    ZydisDecoder dec;
    assert_true(ZYAN_SUCCESS(ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64)));
    unsigned count = 0;
    for (size_t off = 0; off < n;) {
        ZydisDecodedInstruction in;
        ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
        assert_true(ZYAN_SUCCESS(ZydisDecoderDecodeFull(&dec, code + off, n - off, &in, ops)));
        for (unsigned k = 0; k < in.operand_count_visible; k++)
            count += ops[k].type == ZYDIS_OPERAND_TYPE_MEMORY && ops[k].mem.base == ZYDIS_REGISTER_RSP;
        off += in.length;
    }
    return count;
}
#endif

/* A chain of arithmetic keeps its temps in registers (no stack slot is
 * touched); a temp alive across a helper call goes to its slot, and both
 * blocks still compute what the interpreter does. */
static void test_temps_in_registers(void **state)
{
    (void)state;
    for (int with_call = 0; with_call < 2; with_call++) {
        IrBlock b;
        ir_block_init(&b, &test_guest, 0x1000);
        ir_site(&b, 0x1000, 0);
        IrArg x = ir_binop(&b, IR_ADD, IR_I64, ir_get_reg(&b, R0), ir_get_reg(&b, R1));
        IrArg y = ir_binop(&b, IR_MUL, IR_I64, x, ir_imm(3));
        if (with_call)
            ir_call(&b, &h_effect, (IrArg[]){ ir_imm(1) }, IR_NO_SITE);
        IrArg z = ir_binop(&b, IR_XOR, IR_I64, y, ir_get_reg(&b, R2));
        ir_set_reg(&b, R3, ir_binop(&b, IR_SUB, IR_I64, z, x));
        ir_exit(&b, 0x1004);
        size_t n;
        X64BlockFn fn = compile(&b, &n);
        assert_non_null(fn);
#ifdef FERRY_TEST_ZYDIS
        unsigned st = stack_accesses(n);
        if (with_call)
            assert_true(st >= 2);       /* x and y wait out the call in slots */
        else
            assert_int_equal(st, 0);
#endif
        Machine m;
        zero_machine(&m);
        m.regs[R0] = 5;
        m.regs[R1] = 7;
        m.regs[R2] = 0x55;
        check_block_on(&b, fn, &m, "temps in registers");
        ir_block_destroy(&b);
    }
}

/* ---- chaining --------------------------------------------------------------- */

/* IrEnv plus the counter and stop flag chained code uses */
typedef struct ChainEnv {
    IrEnv env;
    uint64_t count;
    int32_t stop;
} ChainEnv;

/* Block A: r0 += 1, then br_cond (r0 < 5) to A itself or to B; block B:
 * r1 = r0 * 10, exit to 0x3000. Compiled with chaining: the exits are
 * recorded with their targets, the body counts guest instructions, and
 * every exit names its block. Linked A->A and A->B by patching the jumps,
 * one call runs the whole loop and B; a stop request leaves at the first
 * chained jump instead. */
static void test_chaining(void **state)
{
    (void)state;
    IrBlock a, b;
    ir_block_init(&a, &test_guest, 0x1000);
    ir_site(&a, 0x1000, 0);
    IrArg r0 = ir_binop(&a, IR_ADD, IR_I64, ir_get_reg(&a, R0), ir_imm(1));
    ir_set_reg(&a, R0, r0);
    ir_br_cond(&a, ir_cmp(&a, IR_ULT, IR_I64, r0, ir_imm(5)), 0x1000, 0x2000);
    ir_block_init(&b, &test_guest, 0x2000);
    ir_site(&b, 0x2000, 0);
    ir_set_reg(&b, R1, ir_binop(&b, IR_MUL, IR_I64, ir_get_reg(&b, R0), ir_imm(10)));
    ir_exit(&b, 0x3000);

    X64ChainInfo ca, cb;
    X64CodegenOpts oa = opts, ob = opts;
    oa.chain = &ca; ob.chain = &cb;
    oa.frame_temps = ob.frame_temps = 64;
    oa.block_id = 0xaaaa; ob.block_id = 0xbbbb;
    oa.count_off = ob.count_off = offsetof(ChainEnv, count);
    oa.stop_off = ob.stop_off = offsetof(ChainEnv, stop);
    oa.insn_count = 3; ob.insn_count = 2;
    assert_int_equal(mprotect(code, CODE_SIZE, PROT_READ | PROT_WRITE), 0);
    X64Buf buf;
    x64_buf_init(&buf, code, CODE_SIZE);
    size_t na = x64_compile(&a, NULL, &oa, &buf);
    size_t off_b = buf.len;
    size_t nb = x64_compile(&b, NULL, &ob, &buf);
    assert_true(na > 0 && nb > 0);
    assert_int_equal(ca.nexits, 2);
    assert_int_equal(ca.exits[0].target, 0x1000);
    assert_int_equal(ca.exits[1].target, 0x2000);
    assert_int_equal(cb.nexits, 1);
    assert_int_equal(cb.exits[0].target, 0x3000);
    assert_true(ca.body > 0 && ca.body == cb.body);     /* same prologue for every block */
    assert_true(x64_code_seal(code, CODE_SIZE));
    X64BlockFn fa, fb;
    void *pa = code, *pb = code + off_b;
    memcpy(&fa, &pa, sizeof fa);
    memcpy(&fb, &pb, sizeof fb);

    /* unlinked: A runs once and leaves through exit 0 (back to itself) */
    Machine m;
    zero_machine(&m);
    ChainEnv ce = { .env = { .regs = m.regs, .state = m.state, .state_size = STATE_SIZE, .mem = m.mem,
                             .mem_size = MEM_SIZE, .user = &m.log } };
    X64Frame f = { .regs = m.regs, .state = m.state, .mem = m.mem, .env = &ce, .code_pages = code_pages };
    fa(&f);
    assert_int_equal(f.exit_kind, IR_END_JUMP);
    assert_int_equal(f.pc, 0x1000);
    assert_int_equal(f.exit_slot, 0);
    assert_int_equal(f.exit_block, 0xaaaa);
    assert_int_equal(m.regs[R0], 1);
    assert_int_equal(ce.count, 3);

    /* link A's exits: 0 -> A's body, 1 -> B's body */
    assert_int_equal(mprotect(code, CODE_SIZE, PROT_READ | PROT_WRITE), 0);
    int32_t rel0 = (int32_t)((intptr_t)ca.body - (intptr_t)(ca.exits[0].field + 4));
    int32_t rel1 = (int32_t)((intptr_t)(off_b + cb.body) - (intptr_t)(ca.exits[1].field + 4));
    memcpy(code + ca.exits[0].field, &rel0, 4);
    memcpy(code + ca.exits[1].field, &rel1, 4);
    assert_true(x64_code_seal(code, CODE_SIZE));
    fa(&f);
    assert_int_equal(f.exit_kind, IR_END_JUMP);
    assert_int_equal(f.pc, 0x3000);
    assert_int_equal(f.exit_block, 0xbbbb);     /* B left */
    assert_int_equal(f.exit_slot, 0);
    assert_int_equal(m.regs[R0], 5);
    assert_int_equal(m.regs[R1], 50);
    assert_int_equal(ce.count, 3 + 4 * 3 + 2);  /* A four more times, then B */

    /* a stop request: A leaves at its first chainable exit, unchained */
    m.regs[R0] = 0;
    ce.count = 0;
    ce.stop = 1;
    fa(&f);
    assert_int_equal(f.exit_block, 0xaaaa);
    assert_int_equal(f.pc, 0x1000);
    assert_int_equal(m.regs[R0], 1);
    assert_int_equal(ce.count, 3);
    ce.stop = 0;

    /* an indirect exit finds B through the lookup table; a miss leaves */
    IrBlock ind;
    ir_block_init(&ind, &test_guest, 0x4000);
    ir_site(&ind, 0x4000, 0);
    ir_exit_indirect(&ind, ir_get_reg(&ind, R2));
    X64ChainInfo ci;
    X64CodegenOpts oi = oa;
    oi.chain = &ci;
    oi.block_id = 0xcccc;
    oi.insn_count = 1;
    oi.lookup_bits = 4;
    assert_int_equal(mprotect(code, CODE_SIZE, PROT_READ | PROT_WRITE), 0);
    size_t off_i = buf.len;
    assert_true(x64_compile(&ind, NULL, &oi, &buf) > 0);
    assert_true(x64_code_seal(code, CODE_SIZE));
    X64BlockFn fi;
    void *pi = code + off_i;
    memcpy(&fi, &pi, sizeof fi);
    X64LookupEntry table[16];
    for (unsigned i = 0; i < 16; i++)
        table[i] = (X64LookupEntry){ X64_LOOKUP_EMPTY, NULL };
    table[(0x2000 >> 1) & 15] = (X64LookupEntry){ 0x2000, code + off_b + cb.body };
    f.lookup = table;
    m.regs[R0] = 7;
    m.regs[R1] = 0;
    m.regs[R2] = 0x2000;
    ce.count = 0;
    fi(&f);
    assert_int_equal(f.exit_block, 0xbbbb);     /* B ran and left */
    assert_int_equal(m.regs[R1], 70);
    assert_int_equal(ce.count, 1 + 2);
    m.regs[R2] = 0x2000 + 32;                   /* same slot, other pc: a miss */
    m.regs[R1] = 0;
    fi(&f);
    assert_int_equal(f.exit_block, 0xcccc);
    assert_int_equal(f.exit_kind, IR_END_INDIRECT);
    assert_int_equal(f.pc, 0x2020);
    assert_int_equal(m.regs[R1], 0);
    ce.stop = 1;                                /* a hit, but a stop request: leaves */
    m.regs[R2] = 0x2000;
    fi(&f);
    assert_int_equal(f.exit_block, 0xcccc);
    assert_int_equal(f.pc, 0x2000);
    (void)fb;
    ir_block_destroy(&ind);
    ir_block_destroy(&a);
    ir_block_destroy(&b);
}

/* ---- random blocks -------------------------------------------------------- */

typedef struct Gen {
    IrBlock *b;
    uint64_t s;
    IrArg pool[IR_NTYPES][32];
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

static const IrType all_types[] = { IR_I1, IR_I8, IR_I16, IR_I32, IR_I64, IR_F32, IR_F64 };

static uint64_t interesting(Gen *g, IrType t)
{
    uint64_t m = ir_type_mask(t);
    if (t == IR_F64 || t == IR_F32)
        return rnd(g) & m;
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
    unsigned back = pick(g, 3) ? pick(g, n < 4 ? n : 4) : pick(g, n);
    return g->pool[t][(g->npool[t] - 1 - back) % 32];
}

/* always in bounds: [0, MEM_SIZE - 8] */
/* mostly in bounds, sometimes just past the end or far out (faults) */
static IrArg gen_addr(Gen *g)
{
    if (pick(g, 16) == 0)
        return pick(g, 2) ? ir_imm(MEM_SIZE - 8 + pick(g, 16)) : operand(g, IR_I64);
    if (pick(g, 4) == 0)
        return ir_imm(pick(g, MEM_SIZE - 7));
    IrArg base = ir_binop(g->b, IR_AND, IR_I64, operand(g, IR_I64), ir_imm(MEM_SIZE - 16));
    return ir_binop(g->b, IR_ADD, IR_I64, base, ir_imm(pick(g, 9)));
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
    } else if (what < 48) {
        static const IrOp ops[] = { IR_ADD, IR_SUB, IR_MUL, IR_MULHS, IR_MULHU, IR_MULHSU, IR_DIVS,
                                    IR_DIVU, IR_REMS, IR_REMU, IR_AND, IR_OR, IR_XOR, IR_SHL,
                                    IR_SHR, IR_SAR, IR_ROTL, IR_ROTR };
        IrOp op = ops[pick(g, 18)];
        if ((op == IR_AND || op == IR_OR || op == IR_XOR) && pick(g, 4) == 0)
            t = IR_I1;
        IrArg x = operand(g, t);
        IrArg y = pick(g, 8) == 0 ? x : operand(g, t);
        r = ir_binop(b, op, t, x, y);
    } else if (what < 54) {
        static const IrOp ops[] = { IR_NOT, IR_NEG, IR_CLZ, IR_CTZ };
        IrOp op = ops[pick(g, 4)];
        if (op == IR_NOT && pick(g, 3) == 0)
            t = IR_I1;
        r = ir_unop(b, op, t, operand(g, t));
    } else if (what < 62) {
        static const IrOp ops[] = { IR_ZEXT, IR_SEXT, IR_TRUNC };
        IrOp op = ops[pick(g, 3)];
        IrType from = all_types[pick(g, 5)];
        IrType to = int_types[pick(g, 4)];
        if (op == IR_TRUNC) {
            IrType tmp = from; from = to; to = tmp;
            if (ir_type_bits(to) > ir_type_bits(from)) to = from;
        } else if (ir_type_bits(to) < ir_type_bits(from)) {
            to = from == IR_I1 ? IR_I8 : from;
        }
        r = ir_conv(b, op, to, from, 0, operand(g, from));
        t = to;
    } else if (what < 68) {
        IrType ot = pick(g, 6) ? t : IR_I1;
        IrCond c = ot == IR_I1 ? (IrCond)pick(g, 2) : (IrCond)pick(g, IR_NCONDS);
        IrArg x = operand(g, ot);
        r = ir_cmp(b, c, ot, x, pick(g, 8) == 0 ? x : operand(g, ot));
        t = IR_I1;
    } else if (what < 72) {
        t = all_types[pick(g, 7)];
        IrArg x = operand(g, t);
        r = ir_select(b, t, operand(g, IR_I1), x, pick(g, 6) == 0 ? x : operand(g, t));
    } else if (what < 74) {
        IrType ft = pick(g, 2) ? IR_F32 : IR_F64;
        IrType bt = ft == IR_F32 ? IR_I32 : IR_I64;
        bool to_float = pick(g, 2);
        r = ir_conv(b, IR_BITCAST, to_float ? ft : bt, to_float ? bt : ft, 0, operand(g, to_float ? bt : ft));
        t = to_float ? ft : bt;
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
        IrArg c = pick(g, 8) ? ir_cmp(b, IR_EQ, IR_I8, operand(g, IR_I8), ir_imm(pick(g, 256)))
                             : ir_imm(pick(g, 4) == 0);
        ir_trap_if(b, c, pick(g, 16), operand(g, IR_I64), g->site);
    } else {
        t = all_types[pick(g, 7)];
        r = ir_mov(b, t, operand(g, t));
    }
    if (t != IR_VOID)
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
}

#ifndef RANDOM_BLOCKS
#define RANDOM_BLOCKS 4000
#endif

static void test_random_blocks(void **state)
{
    (void)state;
    memset(&stats, 0, sizeof stats);
    for (uint64_t seed = 1; seed <= RANDOM_BLOCKS; seed++) {
        IrBlock orig, opt;
        gen_block(&orig, seed);
        memset(&opt, 0, sizeof opt);
        assert_true(ir_block_copy(&opt, &orig));
        ir_optimize(&opt);
        const IrBlock *bs[2] = { &orig, &opt };
        for (unsigned v = 0; v < 2; v++) {
            X64BlockFn fn = must_compile(bs[v]);
            for (unsigned k = 0; k < 3; k++) {
                Machine *m = malloc(sizeof *m);
                assert_non_null(m);
                random_machine(m, seed * 3 + k);
                char what[64];
                snprintf(what, sizeof what, "seed %llu %s machine %u", (unsigned long long)seed,
                         v ? "optimised" : "unoptimised", k);
                check_block_on(bs[v], fn, m, what);
                free(m);
            }
        }
        stats.blocks++;
        ir_block_destroy(&orig);
        ir_block_destroy(&opt);
    }
    print_message("%lu random blocks, %lu compiled (%lu bytes), %lu runs compared (%lu trapped, %lu jumped), %lu faulted\n",
                  stats.blocks, stats.compiled, stats.bytes, stats.compared, stats.traps, stats.jumps, stats.faults);
    assert_true(stats.faults > stats.compared / 50);
    assert_true(stats.traps > stats.compared / 20);
    assert_true(stats.jumps > stats.compared / 10);
}

/* ---- random RISC-V blocks through rv_lower_block -------------------------- */

#define RV_MEM (1u << 18)
#define RV_DATA 0x20000u
#define RV_BASE 2           /* sp: loads and stores go through it */

static uint64_t rv_rng;

static uint64_t rv_rnd(void)
{
    rv_rng ^= rv_rng >> 12;
    rv_rng ^= rv_rng << 25;
    rv_rng ^= rv_rng >> 27;
    return rv_rng * UINT64_C(2685821657736338717);
}

static uint64_t rv_value(void)
{
    static const uint64_t special[] = {
        0, 1, 2, UINT64_MAX, UINT64_MAX - 1, UINT64_C(0x8000000000000000), UINT64_C(0x7fffffffffffffff),
        0x80000000u, 0x7fffffffu, 0xffffffffu, UINT64_C(0xffffffff80000000), 31, 32, 63, 64,
    };
    switch (rv_rnd() % 5) {
    case 0: return special[rv_rnd() % (sizeof special / sizeof special[0])];
    case 1: return rv_rnd() % 128;
    case 2: return (uint64_t)(int64_t)(int32_t)rv_rnd();
    default: return rv_rnd();
    }
}

static bool is_mem_fmt(RvFmt f) { return f == RV_FMT_LOAD || f == RV_FMT_S; }

/* One random lowerable 32-bit instruction; body: must not end the block. */
static bool rv_pick(unsigned xlen, uint64_t pc, bool body, RvInsn *out)
{
    for (unsigned tries = 0; tries < 10000; tries++) {
        unsigned op = (unsigned)(rv_rnd() % RV_OP_ILLEGAL);
        const RvInsnInfo *info = &rv_insn_info[op];
        uint32_t bits = info->match | ((uint32_t)rv_rnd() & ~info->mask);
        if ((bits & 3) != 3)
            continue;
        if (is_mem_fmt(info->fmt))
            bits = (bits & ~(31u << 15)) | (uint32_t)RV_BASE << 15;
        RvInsn in;
        rv_decode(bits, pc, xlen, &in);
        const RvInsnInfo *di = &rv_insn_info[in.op];
        bool ends = di->flags & RV_F_ENDS_BLOCK;
        if (ends == body || in.op == RV_OP_ILLEGAL || !rv_lower_supports((RvOp)in.op))
            continue;
        if (!(di->flags & RV_F_RD_FP) && in.rd == RV_BASE && di->fmt != RV_FMT_S && di->fmt != RV_FMT_B)
            continue;
        *out = in;
        return true;
    }
    return false;
}

typedef struct RvStats { unsigned long blocks, compiled, unsupported, compared, faults, traps, jumps; } RvStats;

static void rv_check(const IrBlock *ir, unsigned xlen, const uint64_t *x, const uint64_t *f, uint32_t frm,
                     uint32_t fflags, const uint8_t *mem0, RvStats *st, const char *what)
{
    size_t n;
    X64BlockFn fn = compile(ir, &n);
    if (!fn) {
        st->unsupported++;
        return;
    }
    st->compiled++;
    /* the interpreter's side: a flat register array and an RvCpu for state */
    static uint64_t regs[RV_IR_NREGS];
    static RvCpu s1, c2;
    static uint8_t *m1, *m2;
    if (!m1) {
        m1 = malloc(RV_MEM);
        m2 = malloc(RV_MEM);
        assert_non_null(m1);
        assert_non_null(m2);
    }
    for (unsigned i = 0; i < 32; i++) {
        regs[RV_IR_X0 + i] = xlen == 32 ? (uint32_t)x[i] : x[i];
        regs[RV_IR_F0 + i] = f[i];
    }
    regs[0] = 0;
    memset(&s1, 0, sizeof s1);
    s1.frm = frm;
    s1.fflags = fflags;
    memcpy(m1, mem0, RV_MEM);
    IrEnv env1 = { .regs = regs, .state = (uint8_t *)&s1, .state_size = sizeof s1, .mem = m1, .mem_size = RV_MEM };
    IrEnd e1 = ir_interp(ir, &env1);
    assert_int_not_equal(e1.kind, IR_END_ERROR);
    st->faults += e1.kind == IR_END_FAULT;
    memset(&c2, 0, sizeof c2);
    for (unsigned i = 0; i < 32; i++) {
        c2.x[i] = xlen == 32 ? (uint32_t)x[i] : x[i];
        c2.f[i] = f[i];
    }
    c2.x[0] = 0;
    c2.frm = frm;
    c2.fflags = fflags;
    memcpy(m2, mem0, RV_MEM);
    IrEnv env2 = { .regs = NULL, .state = (uint8_t *)&c2, .state_size = sizeof c2, .mem = m2, .mem_size = RV_MEM };
    IrEnd e2 = run_code(fn, &c2, &c2, m2, &env2);
    bool ok = same_end(e1, e2) && s1.frm == c2.frm && s1.fflags == c2.fflags;
    for (unsigned i = 0; i < 32; i++)
        if (regs[RV_IR_X0 + i] != c2.x[i] || regs[RV_IR_F0 + i] != c2.f[i]) {
            fprintf(stderr, "  x%u/f%u: %#llx/%#llx vs %#llx/%#llx\n", i, i,
                    (unsigned long long)regs[RV_IR_X0 + i], (unsigned long long)regs[RV_IR_F0 + i],
                    (unsigned long long)c2.x[i], (unsigned long long)c2.f[i]);
            ok = false;
        }
    if (memcmp(m1, m2, RV_MEM) != 0) {
        fprintf(stderr, "  memory differs\n");
        ok = false;
    }
    if (!ok) {
        fprintf(stderr, "rv%u %s: compiled code differs from ir_interp\n", xlen, what);
        print_end("interp", e1);
        print_end("jit   ", e2);
        ir_print(ir, stderr);
    }
    assert_true(ok);
    st->compared++;
    st->traps += e1.kind == IR_END_TRAP;
    st->jumps += e1.kind == IR_END_JUMP || e1.kind == IR_END_INDIRECT;
}

static void rv_random(unsigned xlen, unsigned count, uint64_t seed)
{
    rv_rng = seed;
    RvStats st = { 0 };
    uint8_t *mem0 = calloc(1, RV_MEM);
    assert_non_null(mem0);
    for (unsigned k = 0; k < count; k++) {
        uint64_t x[32], f[32];
        for (unsigned i = 0; i < 32; i++) {
            x[i] = rv_value();
            f[i] = rv_rnd() % 3 ? (UINT64_C(0xffffffff00000000) | (uint32_t)rv_rnd()) : rv_rnd();
        }
        x[0] = 0;
        x[RV_BASE] = RV_DATA;
        uint32_t frm = (uint32_t)(rv_rnd() % 5), fflags = (uint32_t)(rv_rnd() % 32);
        for (uint32_t a = RV_DATA - 0x1000; a < RV_DATA + 0x1000; a += 8) {
            uint64_t v = rv_rnd();
            memcpy(mem0 + a, &v, 8);
        }
        RvInsn insns[40];
        unsigned body = (unsigned)(rv_rnd() % 24), n = 0;
        uint64_t pc = 0x1000;
        for (unsigned i = 0; i < body; i++) {
            if (!rv_pick(xlen, pc + 4 * n, true, &insns[n]))
                break;
            insns[n].off = 4 * n;
            n++;
        }
        assert_true(rv_pick(xlen, pc + 4 * n, false, &insns[n]));
        insns[n].off = 4 * n;
        n++;
        IrBlock ir;
        ir_block_init(&ir, NULL, 0);
        st.blocks++;
        if (rv_lower_block(xlen, insns, n, pc, &ir)) {
            rv_check(&ir, xlen, x, f, frm, fflags, mem0, &st, "unoptimised");
            ir_optimize(&ir);
            rv_check(&ir, xlen, x, f, frm, fflags, mem0, &st, "optimised");
        }
        ir_block_destroy(&ir);
    }
    free(mem0);
    print_message("rv%u: %lu random blocks, %lu compiled, %lu not compiled, %lu runs compared "
                  "(%lu trapped, %lu jumped), %lu faulted\n",
                  xlen, st.blocks, st.compiled, st.unsupported, st.compared, st.traps, st.jumps, st.faults);
    assert_true(st.compared > st.blocks / 2);
    assert_true(st.traps > 0 && st.jumps > 0);
}

#ifndef RV_RANDOM_BLOCKS
#define RV_RANDOM_BLOCKS 5000
#endif

static void test_random_rv64(void **state) { (void)state; rv_random(64, RV_RANDOM_BLOCKS, 0x9e3779b97f4a7c15u); }
static void test_random_rv32(void **state) { (void)state; rv_random(32, RV_RANDOM_BLOCKS, 0x2545f4914f6cdd1du); }

int main(void)
{
#define T(f) cmocka_unit_test(f)
    const struct CMUnitTest tests[] = {
        T(test_binops),
        T(test_unops_exts_cmps),
        T(test_memory_and_registers),
        T(test_exits_traps_calls),
        T(test_unsupported),
        T(test_disassemble_one_block),
        T(test_code_write_exit),
        T(test_fault_map),
        T(test_temps_in_registers),
        T(test_chaining),
        T(test_random_blocks),
        T(test_random_rv64),
        T(test_random_rv32),
    };
#undef T
    return cmocka_run_group_tests_name("x64_codegen", tests, setup, teardown);
}
