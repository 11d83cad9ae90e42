/*
 * ferry - the small test guest shared by the IR unit tests (test_ir_opt,
 * test_x64_codegen): one guest register of every IR type, a machine with
 * registers, memory and state for IrEnv, a log of helper calls, and helpers
 * for each combination of flags (pure, effect, reads/writes registers, may
 * trap) that the passes and the code generator treat differently.
 */
#ifndef FERRY_TEST_IR_GUEST_H
#define FERRY_TEST_IR_GUEST_H

#include <stdint.h>

#include "ir.h"

/* ---- a guest with one register of every type: slot i at 8*i, as IrEnv ---- */

enum { R0, R1, R2, R3, R_W, R_H, R_B, R_Z, R_D, R_S, NREGS };
static const IrGuestReg test_regs[NREGS] = {
    { "r0", IR_I64, 0 }, { "r1", IR_I64, 8 }, { "r2", IR_I64, 16 }, { "r3", IR_I64, 24 },
    { "w", IR_I32, 32 }, { "h", IR_I16, 40 }, { "b", IR_I8, 48 }, { "z", IR_I1, 56 },
    { "d", IR_F64, 64 }, { "s", IR_F32, 72 },
};
static const IrGuest test_guest = { "test", NREGS, test_regs };

#define MEM_SIZE 128
#define STATE_SIZE 64
#define MAX_LOG 64

/* What the helpers with side effects did, in order. */
typedef struct Log {
    unsigned n;
    uint64_t e[MAX_LOG][3];
} Log;

typedef struct Machine {
    uint64_t regs[NREGS];
    uint8_t mem[MEM_SIZE + 64];     /* slack: never touched by valid runs */
    uint8_t state[STATE_SIZE];
    Log log;
    IrEnv env;
} Machine;

static void machine_env(Machine *m)
{
    m->env = (IrEnv){ .regs = m->regs, .state = m->state, .state_size = STATE_SIZE,
                      .mem = m->mem, .mem_size = MEM_SIZE, .user = &m->log };
}

static void logit(void *env, uint64_t id, uint64_t a, uint64_t b)
{
    Log *l = ((IrEnv *)env)->user;
    if (l->n < MAX_LOG) {
        l->e[l->n][0] = id;
        l->e[l->n][1] = a;
        l->e[l->n][2] = b;
    }
    l->n++;
}

/* ---- helpers, one per combination of flags the passes care about ---------- */

static uint64_t h_pure_fn(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)env; (void)c; (void)d;
    return a * 0x9e3779b97f4a7c15ull ^ (b >> 3);
}

static uint64_t h_effect_fn(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)b; (void)c; (void)d;
    logit(env, 1, a, 0);
    return ((Log *)((IrEnv *)env)->user)->n;
}

static uint64_t reg_hash(const IrEnv *e)
{
    uint64_t h = 0;
    for (unsigned i = 0; i < NREGS; i++)
        h = h * 31 + e->regs[i];
    return h;
}

static uint64_t h_read_fn(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)a; (void)b; (void)c; (void)d;
    uint64_t h = reg_hash(env);
    logit(env, 2, h, 0);
    return h;
}

static uint64_t h_write_fn(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    (void)b; (void)c; (void)d;
    ((IrEnv *)env)->regs[a & 3] = a * 3;
    logit(env, 3, a, 0);
    return 0;
}

static uint64_t h_trap_fn(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    IrEnv *e = env;
    (void)c; (void)d;
    logit(env, 4, a, b);
    if ((a & 7) == 3) {
        e->trap = true;
        e->trap_cause = 9;
        e->trap_value = a;
    }
    return (a ^ 0x55) & 0xffffffff;
}

static uint64_t h_rw_trap_fn(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    IrEnv *e = env;
    (void)b; (void)c; (void)d;
    logit(env, 5, a, reg_hash(e));
    if ((a & 15) == 1) {
        e->trap = true;
        e->trap_cause = 10;
        e->trap_value = e->regs[R0];
        return 0;
    }
    e->regs[R1] = e->regs[R0] + a;
    return e->regs[R1];
}

/* all four argument registers, and the stack alignment SysV promises */
static uint64_t h_args4_fn(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
    logit(env, 6, a ^ (b << 8), c ^ (d << 16));
    return a + 3 * b + 5 * c + 7 * d + (sp & 15);
}

static const IrHelper h_pure = { "pure", h_pure_fn, 2, IR_I64, { IR_I64, IR_I64 }, IR_HELPER_PURE };
static const IrHelper h_effect = { "effect", h_effect_fn, 1, IR_I64, { IR_I64 }, 0 };
static const IrHelper h_read = { "read_regs", h_read_fn, 0, IR_I64, { 0 }, IR_HELPER_READS_REGS };
static const IrHelper h_write = { "write_regs", h_write_fn, 1, IR_VOID, { IR_I64 }, IR_HELPER_WRITES_REGS };
static const IrHelper h_trap = { "may_trap", h_trap_fn, 2, IR_I32, { IR_I32, IR_I8 }, IR_HELPER_MAY_TRAP };
static const IrHelper h_rw_trap = { "rw_trap", h_rw_trap_fn, 1, IR_I64, { IR_I64 },
                                    IR_HELPER_MAY_TRAP | IR_HELPER_READS_REGS | IR_HELPER_WRITES_REGS };
static const IrHelper h_args4 = { "args4", h_args4_fn, 4, IR_I16, { IR_I64, IR_I32, IR_I8, IR_I1 }, 0 };

#endif
