/*
 * ferry - unit tests for the RISC-V -> IR lowering (cpu/riscv/lower.c),
 * differential against ferry's own interpreter.
 *
 * Every block is written to guest memory and run once by the interpreter
 * (rv_run in step mode: exactly one block), then the very block the
 * interpreter decoded (taken from its translation cache) is lowered, run by
 * ir_interp as built and again after ir_optimize, each from the same
 * starting registers and memory. All x and f registers, the exit (kind, pc,
 * cause, value) and the touched memory must agree. Random blocks come from
 * the instruction table (match | random bits outside mask), hand-written
 * ones pin down the edge cases.
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

#include "rv_fixture.h"
#include "rv_internal.h"
#include "lower.h"
#include "../../cpu/ir.h"

/* ---- encoder (RV32I/RV64I, M, a few others) ------------------------------- */

#define LUI(d, i)        enc_u(i, d, 0x37)
#define JAL(d, o)        enc_j(o, d)
#define JALR(d, s, o)    enc_i(o, s, 0, d, 0x67)
#define BR(f3, a, b, o)  enc_b(o, b, a, f3)
#define LOADI(f3, d, s, o) enc_i(o, s, f3, d, 0x03)
#define STOREI(f3, v, s, o) enc_s(o, v, s, f3, 0x23)
#define OPI(f3, d, s, i) enc_i(i, s, f3, d, 0x13)
#define ADDI(d, s, i)    OPI(0, d, s, i)
#define SHIFTI(f3, hi, d, s, sh) (enc_i((sh), s, f3, d, 0x13) | U32(hi) << 30)
#define OPW_I(f3, hi, d, s, i) (enc_i(i, s, f3, d, 0x1b) | U32(hi) << 30)
#define OP(f7, f3, d, a, b) enc_r(f7, b, a, f3, d, 0x33)
#define OPW(f7, f3, d, a, b) enc_r(f7, b, a, f3, d, 0x3b)
#define ADD(d, a, b)     OP(0, 0, d, a, b)
#define SUB(d, a, b)     OP(0x20, 0, d, a, b)
#define MOP(f3, d, a, b) OP(1, f3, d, a, b)
#define MOPW(f3, d, a, b) OPW(1, f3, d, a, b)
#define ECALL  0x00000073u
#define EBREAK 0x00100073u
#define FENCE  0x0ff0000fu
#define FENCE_I 0x0000100fu
#define CSRRS(d, csr, s) enc_i(csr, s, 2, d, 0x73)
#define AMOADD_W(d, v, s) enc_r(0, v, s, 2, d, 0x2f)
#define FOP(f7, rm, d, a, b) enc_r(f7, b, a, rm, d, 0x53)
#define FADD_D(d, a, b)  FOP(1, 7, d, a, b)
#define FDIV_S(rm, d, a, b) FOP(0x0c, rm, d, a, b)
#define FCVT_W_S(rm, d, a) FOP(0x60, rm, d, a, 0)
#define FCVT_D_W(d, a)   FOP(0x69, 0, d, a, 0)
#define FEQ_S(d, a, b)   FOP(0x50, 2, d, a, b)
#define FCLASS_D(d, a)   FOP(0x71, 1, d, a, 0)
#define FMADD_D(rm, d, a, b, c) (enc_r(1, b, a, rm, d, 0x43) | U32(c) << 27)
#define FLW(d, s, o)     enc_i(o, s, 2, d, 0x07)
#define FSW(v, s, o)     enc_s(o, v, s, 2, 0x27)
#define FMV_X_W(d, s)    enc_r(0x70, 0, s, 0, d, 0x53)
#define FMV_W_X(d, s)    enc_r(0x78, 0, s, 0, d, 0x53)

enum { A6 = 16, A7 = 17, T3 = 28, T4 = 29 };
enum { F_DIV = 4, F_DIVU = 5, F_REM = 6, F_REMU = 7 };

/* ---- the differential runner ---------------------------------------------- */

#define DATA 0x20000u          /* the base register points here */
#define BASE SP                /* loads and stores go through it */
#define XMIN64 UINT64_C(0x8000000000000000)

static TCache *tc;

typedef struct Start {
    unsigned xlen;
    uint64_t pc;
    uint64_t x[32], f[32];
    uint32_t frm, fflags;
} Start;

typedef struct Stats {
    unsigned blocks, lowered, traps, faults, jumps;
} Stats;
static Stats stats;
/* how often each op was in a block that lowered */
static unsigned op_seen[RV_OP_COUNT];

/* Guest memory the tests compare: the low page and DATA +- 4 KiB. */
static const struct { uint64_t at, len; } regions[] = { { 0, 0x1000 }, { DATA - 0x1000, 0x2000 } };
enum { NREGIONS = sizeof regions / sizeof regions[0] };
static uint8_t saved_mem[NREGIONS][0x2000], interp_mem[NREGIONS][0x2000];
/* the IR run's CPU struct fields (frm, fflags) for load_state/store_state */
static RvCpu ir_state;

static void save_regions(uint8_t (*to)[0x2000])
{
    for (unsigned i = 0; i < NREGIONS; i++)
        memcpy(to[i], mem + regions[i].at, regions[i].len);
}

static void load_regions(uint8_t (*from)[0x2000])
{
    for (unsigned i = 0; i < NREGIONS; i++)
        memcpy(mem + regions[i].at, from[i], regions[i].len);
}

static int tc_setup(void **state)
{
    if (group_setup(state) != 0)
        return -1;
    tc = tcache_new_sized(MEM_SIZE, 4);
    return tc ? 0 : -1;
}

static int tc_teardown(void **state)
{
    tcache_free(tc);
    return group_teardown(state);
}

/* Bits of an instruction: 16 when the low two bits are not 11. */
static unsigned insn_len(uint32_t bits) { return (bits & 3) == 3 ? 4 : 2; }

static void dump(const IrBlock *ir, const RvInsn *insns, unsigned n, uint64_t pc)
{
    for (unsigned i = 0; i < n; i++) {
        char buf[96];
        if (insns[i].op == RV_OP_FALLTHROUGH)
            fprintf(stderr, "  %08llx: (fallthrough to %llx)\n", (unsigned long long)(pc + insns[i].off),
                    (unsigned long long)insns[i].imm);
        else
            fprintf(stderr, "  %08llx: %s\n", (unsigned long long)(pc + insns[i].off),
                    rv_disasm(&insns[i], pc + insns[i].off, buf, sizeof buf));
    }
    if (ir)
        ir_print(ir, stderr);
}

/* Run ir on a copy of the start state and compare with the interpreter's
 * result (cpu, interp_mem). */
static void check_ir(const IrBlock *ir, const Start *s, RvExit why, const RvInsn *insns, unsigned n,
                     const char *what)
{
    uint64_t regs[RV_IR_NREGS];
    for (unsigned i = 0; i < 32; i++) {
        regs[RV_IR_X0 + i] = s->xlen == 32 ? (uint32_t)s->x[i] : s->x[i];
        regs[RV_IR_F0 + i] = s->f[i];
    }
    regs[0] = 0;
    load_regions(saved_mem);
    IrEnv env;
    memset(&env, 0, sizeof env);
    env.regs = regs;
    env.mem = mem;
    env.mem_size = MEM_SIZE;
    memset(&ir_state, 0, sizeof ir_state);
    ir_state.frm = s->frm;
    ir_state.fflags = s->fflags;
    env.state = (uint8_t *)&ir_state;
    env.state_size = sizeof ir_state;
    IrEnd e = ir_interp(ir, &env);

    bool ok = true;
    switch (why) {
    case RV_EXIT_STOP:
        ok = (e.kind == IR_END_JUMP || e.kind == IR_END_INDIRECT) && e.pc == cpu.pc;
        break;
    case RV_EXIT_ECALL:
    case RV_EXIT_EBREAK:
    case RV_EXIT_ILLEGAL:
        ok = e.kind == IR_END_TRAP && e.cause == (uint32_t)why && e.pc == cpu.pc && e.value == cpu.tval;
        break;
    case RV_EXIT_LOAD_FAULT:
    case RV_EXIT_STORE_FAULT:
        ok = e.kind == IR_END_FAULT && e.is_store == (why == RV_EXIT_STORE_FAULT) && e.pc == cpu.pc &&
             e.value == cpu.tval;
        break;
    default:
        ok = false;
        break;
    }
    if (!ok)
        fprintf(stderr, "%s: exit differs: interp why=%d pc=%llx tval=%llx, ir kind=%d pc=%llx cause=%u value=%llx\n",
                what, (int)why, (unsigned long long)cpu.pc, (unsigned long long)cpu.tval, (int)e.kind,
                (unsigned long long)e.pc, e.cause, (unsigned long long)e.value);
    for (unsigned i = 1; i < 32; i++) {
        if (regs[RV_IR_X0 + i] != cpu.x[i]) {
            fprintf(stderr, "%s: x%u differs: interp %llx ir %llx\n", what, i, (unsigned long long)cpu.x[i],
                    (unsigned long long)regs[RV_IR_X0 + i]);
            ok = false;
        }
        if (regs[RV_IR_F0 + i] != cpu.f[i]) {
            fprintf(stderr, "%s: f%u differs\n", what, i);
            ok = false;
        }
    }
    if (ir_state.fflags != cpu.fflags || ir_state.frm != cpu.frm) {
        fprintf(stderr, "%s: fflags/frm differ: interp %x/%x ir %x/%x\n", what, cpu.fflags, cpu.frm,
                ir_state.fflags, ir_state.frm);
        ok = false;
    }
    for (unsigned i = 0; i < NREGIONS; i++)
        if (memcmp(mem + regions[i].at, interp_mem[i], regions[i].len) != 0) {
            fprintf(stderr, "%s: memory at %llx differs\n", what, (unsigned long long)regions[i].at);
            ok = false;
        }
    if (!ok)
        dump(ir, insns, n, s->pc);
    assert_true(ok);
}

/*
 * Write words at s->pc, run the block in the interpreter and under the IR
 * (unoptimised and optimised) and compare. Returns whether it was lowered;
 * a block that could not be lowered is only run by the interpreter.
 */
static bool run_block(const Start *s, const uint32_t *words, unsigned nwords, RvExit *why_out)
{
    fixture_reset(s->xlen);
    rv_cpu_enter_user(&cpu);
    cpu.pc = s->pc;
    uint64_t at = s->pc;
    for (unsigned i = 0; i < nwords; i++) {
        unsigned len = insn_len(words[i]);
        memcpy(mem + at, &words[i], len);   /* little-endian host */
        at += len;
    }
    for (unsigned i = 1; i < 32; i++) {
        cpu.x[i] = s->xlen == 32 ? (uint32_t)s->x[i] : s->x[i];
        cpu.f[i] = s->f[i];
    }
    cpu.f[0] = s->f[0];
    cpu.frm = s->frm;
    cpu.fflags = s->fflags;
    save_regions(saved_mem);

    tcache_flush(tc);
    tcache_collect(tc);
    cpu.tc = tc;
    cpu.step_mode = true;
    RvExit why = rv_run(&cpu);
    cpu.step_mode = false;
    if (why_out)
        *why_out = why;
    save_regions(interp_mem);
    stats.blocks++;

    Block *b = tcache_find(tc, s->pc, rv_block_mode(&cpu));
    assert_non_null(b);
    const RvInsn *insns = b->insns;
    unsigned n = b->ninsns;
    if (!(rv_insn_info[insns[n - 1].op].flags & RV_F_ENDS_BLOCK))
        n++;   /* the trailing fall-through */

    IrBlock ir;
    ir_block_init(&ir, NULL, 0);
    bool lowered = rv_lower_block(s->xlen, insns, n, s->pc, &ir);
    if (lowered) {
        char err[256];
        bool valid = ir_validate(&ir, err, sizeof err);
        if (!valid) {
            fprintf(stderr, "invalid IR: %s\n", err);
            dump(&ir, insns, n, s->pc);
        }
        assert_true(valid);
        check_ir(&ir, s, why, insns, n, "unoptimised");
        ir_optimize(&ir);
        valid = ir_validate(&ir, err, sizeof err);
        if (!valid) {
            fprintf(stderr, "invalid IR after ir_optimize: %s\n", err);
            dump(&ir, insns, n, s->pc);
        }
        assert_true(valid);
        check_ir(&ir, s, why, insns, n, "optimised");
        stats.lowered++;
        for (unsigned i = 0; i < n; i++)
            op_seen[insns[i].op]++;
        if (why == RV_EXIT_STOP)
            stats.jumps++;
        else if (why == RV_EXIT_LOAD_FAULT || why == RV_EXIT_STORE_FAULT)
            stats.faults++;
        else
            stats.traps++;
    }
    ir_block_destroy(&ir);
    return lowered;
}

static void start_init(Start *s, unsigned xlen)
{
    memset(s, 0, sizeof *s);
    s->xlen = xlen;
    s->pc = PC0;
    s->x[BASE] = DATA;
}

/* Run a hand-written block that must lower; returns the interpreter's exit. */
static RvExit run_hand(const Start *s, const uint32_t *words, unsigned n)
{
    RvExit why = RV_EXIT_NONE;
    assert_true(run_block(s, words, n, &why));
    return why;
}

#define RUN(s, ...) \
    run_hand(s, (const uint32_t[]){ __VA_ARGS__ }, sizeof((const uint32_t[]){ __VA_ARGS__ }) / 4)

/* ---- random blocks -------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

static uint64_t rnd_value(void)
{
    static const uint64_t special[] = {
        0, 1, 2, UINT64_MAX, UINT64_MAX - 1, XMIN64, XMIN64 - 1, 0x80000000u, 0x7fffffffu,
        0xffffffffu, UINT64_C(0xffffffff80000000), 31, 32, 63, 64,
    };
    switch (rnd() % 5) {
    case 0: return special[rnd() % (sizeof special / sizeof special[0])];
    case 1: return rnd() % 128;
    case 2: return (uint64_t)(int64_t)(int32_t)rnd();
    default: return rnd();
    }
}

/* f register contents: singles (boxed or not), doubles, and their corners */
static uint64_t rnd_fp(void)
{
    static const uint32_t s_special[] = {
        0, 0x80000000u, 0x3f800000u, 0xbf800000u, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7f800001u,
        0x00000001u, 0x7f7fffffu, 0x4f000000u, 0xcf000000u, 0x5f800000u, 0x3f000000u,
    };
    static const uint64_t d_special[] = {
        0, XMIN64, UINT64_C(0x3ff0000000000000), UINT64_C(0xbff0000000000000), UINT64_C(0x7ff0000000000000),
        UINT64_C(0x7ff8000000000000), UINT64_C(0x7ff0000000000001), UINT64_C(0x0000000000000001),
        UINT64_C(0x41e0000000000000), UINT64_C(0xc3e0000000000000), UINT64_C(0x43f0000000000000),
        UINT64_C(0x3fe0000000000000), UINT64_C(0x3ff8000000000000),
    };
    switch (rnd() % 6) {
    case 0: return UINT64_C(0xffffffff00000000) | s_special[rnd() % (sizeof s_special / sizeof s_special[0])];
    case 1: return d_special[rnd() % (sizeof d_special / sizeof d_special[0])];
    case 2: return UINT64_C(0xffffffff00000000) | (uint32_t)rnd();
    case 3: /* a small double: exponent near 1.0 */
        return (rnd() & UINT64_C(0x800fffffffffffff)) | (UINT64_C(0x3f0) + rnd() % 32) << 52;
    case 4: /* a small single */
        return UINT64_C(0xffffffff00000000) | ((uint32_t)rnd() & 0x807fffffu) | (uint32_t)(0x70 + rnd() % 32) << 23;
    default: return rnd();
    }
}

static bool is_mem_fmt(RvFmt f) { return f == RV_FMT_LOAD || f == RV_FMT_S; }

/* Random bits for one instruction, decoded as it would be at pc. body: it
 * must not end the block; else it must. Memory accesses go through BASE,
 * except some loads, whose base is then any register (mostly a fault). */
static uint32_t rnd_insn(unsigned xlen, uint64_t pc, bool body)
{
    for (;;) {
        uint32_t bits;
        bool compressed = rnd() % 6 == 0;
        if (compressed) {
            bits = (uint32_t)(rnd() & 0xffff);
            if ((bits & 3) == 3)
                continue;
        } else if (!body && rnd() % 16 == 0) {
            bits = rnd() % 2 ? 0 : 0xffffffffu;   /* illegal */
        } else {
            static const RvOp jumps[] = {
                RV_OP_JAL, RV_OP_JALR, RV_OP_BEQ, RV_OP_BNE, RV_OP_BLT, RV_OP_BGE, RV_OP_BLTU, RV_OP_BGEU,
            };
            /* half the terminators are jumps (the table has more traps) */
            unsigned op = !body && rnd() % 2 ? (unsigned)jumps[rnd() % 8] : (unsigned)(rnd() % RV_OP_ILLEGAL);
            const RvInsnInfo *info = &rv_insn_info[op];
            bits = info->match | ((uint32_t)rnd() & ~info->mask);
            if (is_mem_fmt(info->fmt) && (info->fmt == RV_FMT_S || rnd() % 16 != 0))
                bits = (bits & ~(31u << 15)) | (uint32_t)BASE << 15;
        }
        RvInsn in;
        rv_decode(bits, pc, xlen, &in);
        const RvInsnInfo *info = &rv_insn_info[in.op];
        bool ends = info->flags & RV_F_ENDS_BLOCK;
        if (ends == body)
            continue;
        if (in.op != RV_OP_ILLEGAL && !rv_lower_supports((RvOp)in.op))
            continue;
        if (!(info->flags & RV_F_RD_FP) && in.rd == BASE && info->fmt != RV_FMT_S && info->fmt != RV_FMT_B)
            continue;
        if (is_mem_fmt(info->fmt) && in.rs1 != BASE && (compressed || info->fmt == RV_FMT_S))
            continue;
        return bits;
    }
}

static void random_blocks(unsigned xlen, unsigned count, uint64_t seed)
{
    rng_state = seed;
    memset(&stats, 0, sizeof stats);
    memset(op_seen, 0, sizeof op_seen);
    for (unsigned k = 0; k < count; k++) {
        Start s;
        start_init(&s, xlen);
        for (unsigned i = 1; i < 32; i++)
            s.x[i] = rnd_value();
        for (unsigned i = 0; i < 32; i++)
            s.f[i] = rnd_fp();
        s.frm = rnd() % 6 == 5 ? (uint32_t)(5 + rnd() % 3) : (uint32_t)(rnd() % 5);
        s.fflags = (uint32_t)(rnd() % 32);
        s.x[BASE] = DATA;
        for (uint64_t a = DATA - 0x1000; a < DATA + 0x1000; a += 8) {
            uint64_t v = rnd();
            memcpy(mem + a, &v, 8);
        }
        /* data outside the fixture's cleared areas persists between blocks;
         * that is fine: both engines start from the same bytes */
        unsigned max_body = rnd() % 8 == 0 ? 63 : 24;   /* separate: call order matters */
        unsigned body = (unsigned)(rnd() % max_body);
        bool cut = rnd() % 8 == 0;      /* end at the page end: a fall-through */
        uint32_t words[64];
        unsigned nw = 0;
        uint64_t len = 0;
        for (unsigned i = 0; i < body; i++) {
            words[nw] = rnd_insn(xlen, 0, true);
            len += insn_len(words[nw++]);
        }
        if (cut) {
            s.pc = 0x2000 - len;
        } else {
            s.pc = PC0;
            words[nw++] = rnd_insn(xlen, PC0 + len, false);
        }
        if (nw == 0) {
            words[nw++] = ADDI(A0, A0, 1);
            s.pc = 0x2000 - 4;
        }
        RvExit why;
        bool lowered = run_block(&s, words, nw, &why);
        assert_true(lowered);
    }
    fprintf(stderr, "rv%u: %u random blocks, %u lowered (%u jumps, %u traps, %u faults)\n", xlen, stats.blocks,
            stats.lowered, stats.jumps, stats.traps, stats.faults);
    assert_true(stats.faults > 0 && stats.traps > 0 && stats.jumps > 0);
    /* every op this XLEN has and the lowering handles came up */
    unsigned covered = 0, missing = 0;
    for (unsigned op = 0; op < RV_OP_COUNT; op++) {
        if (op == RV_OP_FALLTHROUGH || !rv_lower_supports((RvOp)op) ||
            (xlen == 32 && (rv_insn_info[op].flags & RV_F_RV64)))
            continue;
        if (op_seen[op])
            covered++;
        else {
            fprintf(stderr, "rv%u: %s never generated\n", xlen, rv_insn_info[op].name);
            missing++;
        }
    }
    fprintf(stderr, "rv%u: %u ops covered\n", xlen, covered);
    assert_int_equal(missing, 0);
}

#ifndef RANDOM_BLOCKS
#define RANDOM_BLOCKS 20000
#endif

static void test_random_rv64(void **state) { (void)state; random_blocks(64, RANDOM_BLOCKS, 0x9e3779b97f4a7c15u); }
static void test_random_rv32(void **state) { (void)state; random_blocks(32, RANDOM_BLOCKS, 0x2545f4914f6cdd1du); }

/* ---- hand-written edge cases ---------------------------------------------- */

static void test_div_rem_edges(void **state)
{
    (void)state;
    for (unsigned xlen = 32; xlen <= 64; xlen += 32) {
        uint64_t min = xlen == 64 ? XMIN64 : 0x80000000u;
        uint64_t ones = xlen == 64 ? UINT64_MAX : 0xffffffffu;
        Start s;
        start_init(&s, xlen);
        s.x[A0] = min; s.x[A1] = UINT64_MAX; s.x[A2] = 0; s.x[A3] = 7;
        assert_int_equal(RUN(&s, MOP(F_DIV, T0, A0, A1), MOP(F_REM, T1, A0, A1), MOP(F_DIV, T2, A3, A2),
                             MOP(F_REM, S0, A3, A2), MOP(F_DIVU, S1, A3, A2), MOP(F_REMU, A4, A3, A2),
                             MOP(F_DIVU, A5, A0, A1), ECALL),
                         RV_EXIT_ECALL);
        assert_int_equal(cpu.x[T0], min);
        assert_int_equal(cpu.x[T1], 0);
        assert_int_equal(cpu.x[T2], ones);
        assert_int_equal(cpu.x[S0], 7);
        assert_int_equal(cpu.x[S1], ones);
        assert_int_equal(cpu.x[A4], 7);
        assert_int_equal(cpu.x[A5], 0);
        /* mulh family at the corners */
        s.x[A0] = min; s.x[A1] = UINT64_MAX;
        RUN(&s, MOP(0, T0, A0, A1), MOP(1, T1, A0, A1), MOP(2, T2, A0, A1), MOP(3, S0, A0, A1),
            MOP(1, S1, A1, A1), MOP(2, A4, A1, A1), MOP(3, A5, A1, A1), EBREAK);
    }
    /* the word forms on RV64: operands' upper halves are ignored */
    Start s;
    start_init(&s, 64);
    s.x[A0] = UINT64_C(0x1234567880000000); s.x[A1] = UINT64_C(0xabcdef00ffffffff); s.x[A2] = UINT64_C(0x5500000000);
    s.x[A3] = 5;
    RUN(&s, MOPW(F_DIV, T0, A0, A1), MOPW(F_REM, T1, A0, A1), MOPW(F_DIV, T2, A3, A2), MOPW(F_REM, S0, A3, A2),
        MOPW(F_DIVU, S1, A3, A2), MOPW(F_REMU, A4, A3, A2), MOPW(0, A5, A0, A1), ECALL);
    assert_int_equal(cpu.x[T0], UINT64_C(0xffffffff80000000));
    assert_int_equal(cpu.x[T1], 0);
    assert_int_equal(cpu.x[T2], UINT64_MAX);
    assert_int_equal(cpu.x[S0], 5);
    assert_int_equal(cpu.x[S1], UINT64_MAX);
    assert_int_equal(cpu.x[A4], 5);
}

static void test_shifts(void **state)
{
    (void)state;
    Start s;
    start_init(&s, 64);
    s.x[A0] = XMIN64 | 0x1235; s.x[A1] = 63 + 64 * 3; s.x[A2] = 0x80000001u;
    RUN(&s, SHIFTI(1, 0, T0, A0, 63), SHIFTI(5, 0, T1, A0, 63), SHIFTI(5, 1, T2, A0, 63),
        OP(0, 1, S0, A0, A1), OP(0, 5, S1, A0, A1), OP(0x20, 5, A3, A0, A1),
        OPW_I(1, 0, A4, A2, 31), OPW_I(5, 0, A5, A2, 31), OPW_I(5, 1, A6, A2, 31),
        OPW(0, 1, A7, A2, A1), OPW(0x20, 5, T3, A2, A1), OPW(0, 5, T4, A2, A1), ECALL);
    assert_int_equal(cpu.x[T2], UINT64_MAX);
    assert_int_equal(cpu.x[A6], UINT64_MAX);
    assert_int_equal(cpu.x[A4], UINT64_C(0xffffffff80000000));

    start_init(&s, 32);
    s.x[A0] = 0x80001235u; s.x[A1] = 31 + 32 * 5;
    RUN(&s, SHIFTI(1, 0, T0, A0, 31), SHIFTI(5, 0, T1, A0, 31), SHIFTI(5, 1, T2, A0, 31),
        OP(0, 1, S0, A0, A1), OP(0, 5, S1, A0, A1), OP(0x20, 5, A3, A0, A1), ECALL);
    assert_int_equal(cpu.x[T2], 0xffffffffu);
    assert_int_equal(cpu.x[T0], 0x80000000u);
}

static void test_word_ops_sign_extend(void **state)
{
    (void)state;
    Start s;
    start_init(&s, 64);
    s.x[A0] = UINT64_C(0xdead00007fffffff); s.x[A1] = 1;
    RUN(&s, OPW(0, 0, T0, A0, A1), OPW_I(0, 0, T1, A0, 1), OPW(0x20, 0, T2, ZERO, A1), OPW_I(0, 0, S0, A0, 0),
        OPW(1, 0, S1, A0, A0), ECALL);
    assert_int_equal(cpu.x[T0], UINT64_C(0xffffffff80000000));
    assert_int_equal(cpu.x[T1], UINT64_C(0xffffffff80000000));
    assert_int_equal(cpu.x[T2], UINT64_MAX);
    assert_int_equal(cpu.x[S0], 0x7fffffffu);
}

static void test_jumps(void **state)
{
    (void)state;
    for (unsigned xlen = 32; xlen <= 64; xlen += 32) {
        Start s;
        start_init(&s, xlen);
        /* jalr clears bit 0 and reads rs1 before writing rd = rs1 */
        s.x[A0] = 0x2001;
        assert_int_equal(RUN(&s, ADDI(T0, ZERO, 1), JALR(A0, A0, 4)), RV_EXIT_STOP);
        assert_int_equal(cpu.pc, 0x2004);
        assert_int_equal(cpu.x[A0], PC0 + 8);
        s.x[A0] = 0x3000;
        RUN(&s, JALR(RA, A0, -1));
        assert_int_equal(cpu.pc, 0x2ffe);
        /* x0 as link register */
        RUN(&s, JALR(ZERO, A0, 0));
        RUN(&s, JAL(ZERO, -0x800));
        assert_int_equal(cpu.pc, PC0 - 0x800);
        RUN(&s, ADDI(A1, A1, 3), JAL(RA, 0x100));
        assert_int_equal(cpu.x[RA], PC0 + 8);
        /* branches, taken and not, signed against unsigned */
        for (unsigned f3 = 0; f3 < 8; f3++) {
            if (f3 == 2 || f3 == 3)
                continue;
            s.x[A1] = UINT64_MAX; s.x[A2] = 1;
            RUN(&s, BR(f3, A1, A2, 0x40));
            RUN(&s, BR(f3, A2, A1, -0x40));
            RUN(&s, BR(f3, A1, A1, 0x80));
            RUN(&s, BR(f3, ZERO, A2, 0x80));
        }
        /* the fall-through of a block cut at the page end */
        s.pc = 0x2000 - 8;
        assert_int_equal(RUN(&s, ADDI(A0, A0, 5), ADDI(A1, A0, 1)), RV_EXIT_STOP);
        assert_int_equal(cpu.pc, 0x2000);
        s.pc = PC0;
        /* fence does nothing, fence.i leaves for the next instruction */
        RUN(&s, FENCE, ADDI(A0, ZERO, 9), FENCE_I);
        assert_int_equal(cpu.pc, PC0 + 12);
    }
}

static void test_x0(void **state)
{
    (void)state;
    Start s;
    start_init(&s, 64);
    s.x[A0] = 5; s.x[A1] = 7;
    RUN(&s, ADD(ZERO, A0, A1), ADD(T0, ZERO, ZERO), SUB(T1, ZERO, A1), LUI(ZERO, 0x12345), ADDI(T2, ZERO, -1),
        LOADI(3, ZERO, BASE, 0), MOP(F_DIV, S0, A0, ZERO), ECALL);
    assert_int_equal(cpu.x[T0], 0);
    assert_int_equal(cpu.x[T1], (uint64_t)-7);
    assert_int_equal(cpu.x[T2], UINT64_MAX);
    assert_int_equal(cpu.x[S0], UINT64_MAX);
}

static void test_rv32_wraparound(void **state)
{
    (void)state;
    Start s;
    start_init(&s, 32);
    s.x[A0] = 0xffffffffu; s.x[A1] = 0xfffffff0u;
    RUN(&s, ADDI(T0, A0, 1), ADD(T1, A0, A0), LUI(T2, 0x80000), ADDI(S0, T2, -1), MOP(0, S1, A0, A0),
        /* the address wraps too: 0xfffffff0 + 0x7f0 = 0x7e0 */
        STOREI(2, A0, A1, 0x7f0), LOADI(4, A3, A1, 0x7f1), LOADI(0, A4, A1, 0x7f2), ECALL);
    assert_int_equal(cpu.x[T0], 0);
    assert_int_equal(cpu.x[T1], 0xfffffffeu);
    assert_int_equal(cpu.x[T2], 0x80000000u);
    assert_int_equal(cpu.x[S0], 0x7fffffffu);
    assert_int_equal(cpu.x[S1], 1);
    assert_int_equal(cpu.x[A3], 0xff);
    assert_int_equal(cpu.x[A4], 0xffffffffu);
}

static void test_loads_stores(void **state)
{
    (void)state;
    for (unsigned xlen = 32; xlen <= 64; xlen += 32) {
        Start s;
        start_init(&s, xlen);
        s.x[A0] = UINT64_C(0x8899aabbccddeeff);
        RUN(&s, STOREI(xlen == 64 ? 3 : 2, A0, BASE, -8), STOREI(0, A0, BASE, 0), STOREI(1, A0, BASE, 2),
            LOADI(0, T0, BASE, -8), LOADI(1, T1, BASE, -7), LOADI(2, T2, BASE, -8), LOADI(4, S0, BASE, -5),
            LOADI(5, S1, BASE, -6), xlen == 64 ? LOADI(6, A1, BASE, -8) : ADDI(A1, A1, 0),
            xlen == 64 ? LOADI(3, A2, BASE, -7) : ADDI(A2, A2, 0), ECALL);
        /* FP memory and moves: NaN-boxing, sign extension */
        s.x[A0] = 0x80000001u;
        RUN(&s, FMV_W_X(FA0, A0), FSW(FA0, BASE, 16), FLW(FA1, BASE, 16), FMV_X_W(A3, FA1), ECALL);
        assert_int_equal(cpu.f[FA1], UINT64_C(0xffffffff80000001));
        assert_int_equal(cpu.x[A3], xlen == 64 ? UINT64_C(0xffffffff80000001) : 0x80000001u);
    }
}

static void test_traps(void **state)
{
    (void)state;
    for (unsigned xlen = 32; xlen <= 64; xlen += 32) {
        Start s;
        start_init(&s, xlen);
        assert_int_equal(RUN(&s, ADDI(A0, A0, 1), ECALL), RV_EXIT_ECALL);
        assert_int_equal(cpu.pc, PC0 + 4);
        assert_int_equal(RUN(&s, ADDI(A0, A0, 1), EBREAK), RV_EXIT_EBREAK);
        assert_int_equal(cpu.tval, PC0 + 4);
        assert_int_equal(RUN(&s, ADDI(A0, A0, 1), 0xffffffffu), RV_EXIT_ILLEGAL);
        assert_int_equal(cpu.tval, 0xffffffffu);
        assert_int_equal(RUN(&s, 0x30200073u), RV_EXIT_ILLEGAL);    /* mret at U */
        assert_int_equal(RUN(&s, 0x10500073u), RV_EXIT_ILLEGAL);    /* wfi at U */
        assert_int_equal(RUN(&s, 0x0000u), RV_EXIT_ILLEGAL);        /* c.unimp */
    }
}

/* A load from outside guest memory in the middle of a block stops exactly
 * there: earlier instructions done (stores too), later ones not. */
static void test_precise_fault(void **state)
{
    (void)state;
    for (unsigned xlen = 32; xlen <= 64; xlen += 32) {
        Start s;
        start_init(&s, xlen);
        s.x[T0] = xlen == 64 ? UINT64_C(0x7fff00000000) : 0xfff00000u;
        s.x[A0] = 41; s.x[A1] = 0x1111;
        assert_int_equal(RUN(&s, ADDI(A0, A0, 1), STOREI(2, A0, BASE, 0), LOADI(2, A1, T0, 8), ADDI(A2, A2, 1),
                             STOREI(2, A2, BASE, 4), ECALL),
                         RV_EXIT_LOAD_FAULT);
        assert_int_equal(cpu.pc, PC0 + 8);
        assert_int_equal(cpu.tval, s.x[T0] + 8);
        assert_int_equal(cpu.x[A0], 42);
        assert_int_equal(cpu.x[A1], 0x1111);
        assert_int_equal(cpu.x[A2], 0);
        /* a store that straddles the end of memory */
        s.x[T0] = MEM_SIZE - 2;
        assert_int_equal(RUN(&s, ADDI(A0, A0, 1), STOREI(2, A0, T0, 0), ADDI(A0, A0, 1), ECALL),
                         RV_EXIT_STORE_FAULT);
        assert_int_equal(cpu.pc, PC0 + 4);
        assert_int_equal(cpu.x[A0], 42);
    }
}

static void test_fp(void **state)
{
    (void)state;
    for (unsigned xlen = 32; xlen <= 64; xlen += 32) {
        Start s;
        start_init(&s, xlen);
        s.f[FA0] = UINT64_C(0xffffffff3f800000);   /* 1.0f */
        s.f[FA1] = UINT64_C(0xffffffff00000000);   /* +0.0f */
        s.f[FA2] = UINT64_C(0x000000003f800000);   /* not boxed: reads as NaN */
        s.f[A3] = UINT64_C(0x7ff0000000000001);    /* signalling NaN (double) */
        s.x[A0] = (uint64_t)-5;
        /* 1/0 = +inf with DZ; fcvt.w of the unboxed NaN: INT_MAX, NV */
        assert_int_equal(RUN(&s, FDIV_S(0, 14, FA0, FA1), FCVT_W_S(1, T0, FA2), FEQ_S(T1, FA0, FA0),
                             FCVT_D_W(FA5, A0), FCLASS_D(T2, A3), FMADD_D(7, 6, FA5, A3, FA1), ECALL),
                         RV_EXIT_ECALL);
        assert_int_equal(cpu.f[14], UINT64_C(0xffffffff7f800000));
        assert_int_equal(cpu.x[T0], 0x7fffffffu);
        assert_int_equal(cpu.x[T1], 1);
        assert_int_equal(cpu.fflags & 0x18, 0x18);   /* NV | DZ */
        /* a dynamic rounding mode with frm > 4 is illegal at that
         * instruction, after the ones before it ran */
        s.frm = 5;
        assert_int_equal(RUN(&s, ADDI(A1, A1, 1), FADD_D(FA0, FA1, FA2), ADDI(A1, A1, 1)), RV_EXIT_ILLEGAL);
        assert_int_equal(cpu.pc, PC0 + 4);
        assert_int_equal(cpu.x[A1], 1);
        s.frm = 0;
        /* a static rounding mode of 5 is illegal whatever frm holds */
        assert_int_equal(RUN(&s, ADDI(A1, A1, 1), FOP(1, 5, FA0, FA1, FA2)), RV_EXIT_ILLEGAL);
        assert_int_equal(cpu.pc, PC0 + 4);
    }
}

/* A block cut at RV_BLOCK_MAX_INSNS ends in a fall-through to the next
 * instruction; compressed instructions count their two bytes. */
static void test_block_limit(void **state)
{
    (void)state;
    for (unsigned xlen = 32; xlen <= 64; xlen += 32) {
        uint32_t words[RV_BLOCK_MAX_INSNS + 1];
        for (unsigned i = 0; i < RV_BLOCK_MAX_INSNS + 1; i++)
            words[i] = i % 3 == 0 ? 0x0505u /* c.addi a0, 1 */ : ADDI(A1, A1, (int)i);
        Start s;
        start_init(&s, xlen);
        RvExit why = RV_EXIT_NONE;
        assert_true(run_block(&s, words, RV_BLOCK_MAX_INSNS + 1, &why));
        assert_int_equal(why, RV_EXIT_STOP);
        uint64_t len = 0;
        for (unsigned i = 0; i < RV_BLOCK_MAX_INSNS; i++)
            len += insn_len(words[i]);
        assert_int_equal(cpu.pc, PC0 + len);
        assert_int_equal(cpu.x[A0], (RV_BLOCK_MAX_INSNS + 2) / 3);
    }
}

/* What is not lowered comes back false (the engine keeps interpreting). */
static void test_not_lowered(void **state)
{
    (void)state;
    static const uint32_t blocks[][2] = {
        { CSRRS(A0, 0xc00, ZERO), ECALL },
        { AMOADD_W(A0, A1, BASE), ECALL },
    };
    for (unsigned i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
        Start s;
        start_init(&s, 64);
        assert_false(run_block(&s, blocks[i], 2, NULL));
    }
    assert_false(rv_lower_supports(RV_OP_CSRRW));
    assert_false(rv_lower_supports(RV_OP_LR_D));
    assert_true(rv_lower_supports(RV_OP_FMADD_S));
    assert_true(rv_lower_supports(RV_OP_REMUW));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_div_rem_edges),
        cmocka_unit_test(test_shifts),
        cmocka_unit_test(test_word_ops_sign_extend),
        cmocka_unit_test(test_jumps),
        cmocka_unit_test(test_x0),
        cmocka_unit_test(test_rv32_wraparound),
        cmocka_unit_test(test_loads_stores),
        cmocka_unit_test(test_traps),
        cmocka_unit_test(test_precise_fault),
        cmocka_unit_test(test_fp),
        cmocka_unit_test(test_block_limit),
        cmocka_unit_test(test_not_lowered),
        cmocka_unit_test(test_random_rv64),
        cmocka_unit_test(test_random_rv32),
    };
    return cmocka_run_group_tests(tests, tc_setup, tc_teardown);
}
