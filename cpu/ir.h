/*
 * The JIT's intermediate representation: one guest block as a linear list of
 * typed instructions, the passes that clean it up, a reference interpreter
 * that defines what every op means, and a printer for --dump-jit.
 *
 * Guest-neutral and host-neutral: a frontend (RISC-V now, 68k later) declares
 * its guest register file as an IrGuest (names, types, offsets into its CPU
 * struct) and lowers decoded instructions with the ir_* builders; the x86-64
 * backend reads the instruction list and knows no guest.
 *
 * Shape of a block
 *   - Instructions in program order; exactly one terminator, last (exit,
 *     exit_indirect, br_cond, exit_trap). Side exits in the middle are faults
 *     (loads, stores, may-trap helpers) and trap_if.
 *   - SSA: every instruction defines at most one value, a temp (t0, t1, ...)
 *     with a type, defined once, before its uses. Temps are dense indices, so
 *     the backend can keep per-temp arrays; ir_compact renumbers after passes.
 *   - Operands (IrArg) are temps or immediates. An immediate is the value's
 *     bit pattern zero-extended from its type's width (i1 is 0 or 1, an f32 is
 *     its 32 bits). After ir_fold no pure op has only immediate operands, but
 *     any operand of any op may be an immediate: the backend must accept that.
 *
 * Guest state
 *   Guest registers are touched only by get_reg/set_reg, so the backend may
 *   keep them in host registers for the whole block. set_reg means "the
 *   register file holds this value from here on"; the backend may delay the
 *   memory write, but must write every dirty register back (sync, it may keep
 *   it cached) before each fault point, before a helper that reads guest
 *   registers, and at every exit, and must reload after a helper that writes
 *   them. The passes keep the set_regs needed for that to be exact (precise
 *   faults: DESIGN.md, "Precise state").
 *   The register file holds canonical values of each register's type (an
 *   i1 register is 0 or 1, an i32 one is zero-extended in its slot), so a
 *   set_reg of the value a register already holds can be dropped.
 *   Other CPU struct fields go through load_state/store_state at a byte
 *   offset (an i1 is one byte, 0 or 1); they must not overlap a guest
 *   register, and passes do not reorder or merge them.
 *
 * Fault points and sites
 *   A fault point is an instruction that may leave the block early: load,
 *   store, trap_if, and a call to a helper flagged IR_HELPER_MAY_TRAP. Each
 *   carries a site: an index into the block's side table of (guest pc, index
 *   of the guest instruction in the block), so a fault reports the exact
 *   instruction. When a fault point leaves the block, the guest register file
 *   and guest memory are exactly as the unoptimised block had them there.
 *
 * Semantics are defined by ir_eval_pure and ir_interp (ir_interp.c). They
 * are total: no op has undefined behaviour for any input, so constant folding
 * and the interpreter can never disagree with each other, and the backend
 * has one precise target (see the per-op notes in IR_OP_LIST).
 */
#ifndef FERRY_IR_H
#define FERRY_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- types ---------------------------------------------------------------- */

/* i1 is a condition, 0 or 1: what compares produce and select, br_cond and
 * trap_if consume. It may also be and/or/xor/not'ed, compared eq/ne,
 * selected, zext/sext'ed (to 0/1 or 0/-1), produced by trunc, moved, kept in
 * a guest register (a 68k flag, say), in a state byte, or passed to and from
 * helpers; arithmetic, memory and cc ops take i8..i64 only. */
typedef enum IrType {
    IR_VOID = 0,
    IR_I1,
    IR_I8,
    IR_I16,
    IR_I32,
    IR_I64,
    IR_F32,     /* IEEE binary32, carried as its bit pattern */
    IR_F64,
    IR_NTYPES
} IrType;

unsigned ir_type_bits(IrType t);           /* 1, 8, ... 64; 0 for void */
bool ir_type_is_int(IrType t);             /* i1..i64 */
bool ir_type_is_float(IrType t);
uint64_t ir_type_mask(IrType t);           /* all ones in the type's width */
const char *ir_type_name(IrType t);        /* "i64", "f32", ... */

/* ---- conditions ----------------------------------------------------------- */

/* Integer compares (cmp): produce i1. */
typedef enum IrCond {
    IR_EQ, IR_NE,
    IR_SLT, IR_SLE, IR_SGT, IR_SGE,
    IR_ULT, IR_ULE, IR_UGT, IR_UGE,
    IR_NCONDS
} IrCond;

/* Float compares (fcmp): ordered eq/lt/le are false when either operand is a
 * NaN; uno is true exactly then. Other predicates are built from these. */
typedef enum IrFCond { IR_FEQ, IR_FLT, IR_FLE, IR_FUNO, IR_NFCONDS } IrFCond;

/*
 * Condition codes, computed lazily. Instead of keeping N/Z/V/C up to date
 * after every instruction, a frontend records the operation that would have
 * set them — its kind, operands a and b and result r — and asks for a flag
 * (cc_flag) or a whole condition (cc_test) where one is read. Both are pure,
 * so flags nobody reads are deleted by DCE, and constant operands fold.
 * Whether the record crosses block boundaries (kept in guest registers and
 * materialised by a helper at the next block) is the frontend's choice.
 *
 * The rules are the 68k's (M68000 Family Programmer's Reference Manual,
 * "Condition Code Computation"), with m the sign bit of the operation's
 * width:
 *   ADD    r = a + b (+ X for addx):  N = r.m   Z = r == 0
 *          V = (a.m == b.m) && (r.m != a.m)
 *          C = X = (a.m & b.m) | (~r.m & a.m) | (~r.m & b.m)   carry out
 *   SUB    r = a - b (- X for subx; cmp and neg = 0 - b too):  N, Z as ADD
 *          V = (a.m != b.m) && (r.m != a.m)
 *          C = X = (b.m & ~a.m) | (r.m & ~a.m) | (b.m & r.m)   borrow
 *   LOGIC  N = r.m, Z = r == 0, V = C = 0; X is not defined (68k logic ops
 *          leave X alone), asking for it is invalid.
 * Because V and C use only the sign bits of a, b and r, the same rules hold
 * when r includes a carry/borrow in (addx/subx/negx). x86 computes the same
 * CF/OF/SF/ZF for add and sub (CF is a borrow for sub), so a backend that
 * sees r defined by a plain add/sub of a and b can use the host flags.
 * 68k's sticky Z of addx/subx/negx (cleared if nonzero, else unchanged) is
 * for the frontend to build with and/select.
 */
typedef enum IrCcKind { IR_CC_ADD, IR_CC_SUB, IR_CC_LOGIC, IR_NCCKINDS } IrCcKind;
typedef enum IrFlag { IR_FLAG_X, IR_FLAG_N, IR_FLAG_Z, IR_FLAG_V, IR_FLAG_C, IR_NFLAGS } IrFlag;
/* The sixteen conditions of the N/Z/V/C model, numbered as the 68k encodes
 * them in Bcc/Scc/DBcc (each but T/F is one x86 jcc when the host flags
 * came from the same add/sub/and):
 *   T true, F false, HI !C&&!Z, LS C||Z, CC !C, CS C, NE !Z, EQ Z,
 *   VC !V, VS V, PL !N, MI N, GE N==V, LT N!=V, GT !Z&&N==V, LE Z||N!=V */
typedef enum IrCcCond {
    IR_CC_T, IR_CC_F, IR_CC_HI, IR_CC_LS, IR_CC_CC, IR_CC_CS, IR_CC_NE, IR_CC_EQ,
    IR_CC_VC, IR_CC_VS, IR_CC_PL, IR_CC_MI, IR_CC_GE, IR_CC_LT, IR_CC_GT, IR_CC_LE,
    IR_NCCCONDS
} IrCcCond;

/* load/store flags (IrInsn.aux) */
enum {
    IR_MEM_SIGNED = 1u << 0,   /* load: sign-extend to the result type (else zero) */
    IR_MEM_BE = 1u << 1,       /* big-endian guest memory (68k); else little */
};

/* ---- ops ------------------------------------------------------------------ */

/* Operand/result type rules, one per family of ops. T is the insn's `type`,
 * O its `otype`. */
typedef enum IrClass {
    IR_CLS_NONE,        /* nop */
    IR_CLS_MOV,         /* T = mov T */
    IR_CLS_GET_REG,     /* T = get_reg aux            (T = the register's type) */
    IR_CLS_SET_REG,     /* set_reg aux, T */
    IR_CLS_LOAD_STATE,  /* T = load_state aux         (aux = byte offset) */
    IR_CLS_STORE_STATE, /* store_state aux, T */
    IR_CLS_LOAD,        /* T = load.O i64             (O: memory access type) */
    IR_CLS_STORE,       /* store.O i64, T             (stores T's low O bits) */
    IR_CLS_IBIN,        /* T = op T, T                (T integer) */
    IR_CLS_IUN,         /* T = op T */
    IR_CLS_EXT,         /* T = zext/sext/trunc O      (integers) */
    IR_CLS_CMP,         /* i1 = cmp.aux O, O */
    IR_CLS_SELECT,      /* T = select i1, T, T */
    IR_CLS_CC,          /* i1 = cc_flag/cc_test O, O, O */
    IR_CLS_FBIN,        /* T = op T, T                (T float) */
    IR_CLS_FUN,         /* T = op T */
    IR_CLS_FMA,         /* T = fma T, T, T */
    IR_CLS_FCMP,        /* i1 = fcmp.aux O, O */
    IR_CLS_ITOF,        /* T(float) = itof O(i32/i64)  aux: IR_MEM_SIGNED */
    IR_CLS_FTOI,        /* T(i32/i64) = ftoi O(float)  aux: IR_MEM_SIGNED */
    IR_CLS_FTOF,        /* T = fconv O                 (f32 <-> f64) */
    IR_CLS_BITCAST,     /* T = bitcast O               (i32<->f32, i64<->f64) */
    IR_CLS_CALL,        /* [T =] call helper, args...  (types from the IrHelper) */
    IR_CLS_TRAP_IF,     /* trap_if i1, i64             aux = cause */
    IR_CLS_EXIT,        /* exit i64 (immediate pc) */
    IR_CLS_EXIT_INDIRECT, /* exit_indirect i64 */
    IR_CLS_BR_COND,     /* br_cond i1, i64, i64        (both pcs immediate) */
    IR_CLS_EXIT_TRAP,   /* exit_trap i64               aux = cause */
} IrClass;

/* Op properties. Calls refine RESULT/SIDE/FAULT per helper: use the
 * ir_insn_* queries below, not these bits, when looking at an instruction. */
enum {
    IR_OPF_RESULT = 1u << 0,  /* defines a temp */
    IR_OPF_SIDE = 1u << 1,    /* must stay even when its result is unused */
    IR_OPF_COMM = 1u << 2,    /* commutative in its first two operands */
    IR_OPF_FAULT = 1u << 3,   /* fault point: may leave the block; has a site */
    IR_OPF_TERM = 1u << 4,    /* ends the block */
};

/*
 * Every op, listed once: X(ID, name, operand count, class, flags).
 * The printer, the interpreter, the passes and the backend all key on this.
 *
 * Integer semantics (width w = bits of T, values modulo 2^w):
 *   mulhs/mulhu/mulhsu  high w bits of the 2w-bit product, operands read as
 *                       signed*signed, unsigned*unsigned, signed*unsigned
 *   divs/divu/rems/remu total, so folding and the interpreter agree and x86
 *                       idiv's #DE is the backend's to avoid: x/0 = all ones,
 *                       x%0 = x, MIN/-1 = MIN, MIN%-1 = 0 (RISC-V's choice;
 *                       a guest that traps on zero puts a trap_if first)
 *   shl/shr/sar/rotl/rotr  the amount (same type) is taken modulo w; a guest
 *                       with other rules for large counts (68k) uses selects.
 *                       x86 masks 8/16-bit shift counts by 31, not w-1: the
 *                       backend masks those itself.
 *   clz/ctz             of 0 is w
 *   zext/sext/trunc     between integer types; equal widths are a copy
 * Float semantics: round to nearest even, no exception flags; a NaN result is
 * always the canonical quiet NaN (0x7fc00000 / 0x7ff8000000000000), which is
 * what RISC-V wants and makes results independent of the host. fmin/fmax are
 * IEEE 754-2019 minimumNumber/maximumNumber (a single NaN operand yields the
 * other, -0 < +0). fneg/fabs only flip/clear the sign bit (NaNs keep their
 * payload). ftoi truncates toward zero and saturates (NaN gives the largest
 * value). Rounding modes and flags (fcsr, FPCR/FPSR) go through helpers.
 */
#define IR_OP_LIST(X) \
    X(NOP,          "nop",          0, IR_CLS_NONE,          0) \
    X(MOV,          "mov",          1, IR_CLS_MOV,           IR_OPF_RESULT) \
    X(GET_REG,      "get_reg",      0, IR_CLS_GET_REG,       IR_OPF_RESULT) \
    X(SET_REG,      "set_reg",      1, IR_CLS_SET_REG,       IR_OPF_SIDE) \
    X(LOAD_STATE,   "load_state",   0, IR_CLS_LOAD_STATE,    IR_OPF_RESULT) \
    X(STORE_STATE,  "store_state",  1, IR_CLS_STORE_STATE,   IR_OPF_SIDE) \
    /* a load whose value is unused still faults, so it stays (SIDE) */ \
    X(LOAD,         "load",         1, IR_CLS_LOAD,          IR_OPF_RESULT | IR_OPF_SIDE | IR_OPF_FAULT) \
    X(STORE,        "store",        2, IR_CLS_STORE,         IR_OPF_SIDE | IR_OPF_FAULT) \
    X(ADD,          "add",          2, IR_CLS_IBIN,          IR_OPF_RESULT | IR_OPF_COMM) \
    X(SUB,          "sub",          2, IR_CLS_IBIN,          IR_OPF_RESULT) \
    X(MUL,          "mul",          2, IR_CLS_IBIN,          IR_OPF_RESULT | IR_OPF_COMM) \
    X(MULHS,        "mulhs",        2, IR_CLS_IBIN,          IR_OPF_RESULT | IR_OPF_COMM) \
    X(MULHU,        "mulhu",        2, IR_CLS_IBIN,          IR_OPF_RESULT | IR_OPF_COMM) \
    X(MULHSU,       "mulhsu",       2, IR_CLS_IBIN,          IR_OPF_RESULT) \
    X(DIVS,         "divs",         2, IR_CLS_IBIN,          IR_OPF_RESULT) \
    X(DIVU,         "divu",         2, IR_CLS_IBIN,          IR_OPF_RESULT) \
    X(REMS,         "rems",         2, IR_CLS_IBIN,          IR_OPF_RESULT) \
    X(REMU,         "remu",         2, IR_CLS_IBIN,          IR_OPF_RESULT) \
    X(AND,          "and",          2, IR_CLS_IBIN,          IR_OPF_RESULT | IR_OPF_COMM) \
    X(OR,           "or",           2, IR_CLS_IBIN,          IR_OPF_RESULT | IR_OPF_COMM) \
    X(XOR,          "xor",          2, IR_CLS_IBIN,          IR_OPF_RESULT | IR_OPF_COMM) \
    X(SHL,          "shl",          2, IR_CLS_IBIN,          IR_OPF_RESULT) \
    X(SHR,          "shr",          2, IR_CLS_IBIN,          IR_OPF_RESULT) \
    X(SAR,          "sar",          2, IR_CLS_IBIN,          IR_OPF_RESULT) \
    X(ROTL,         "rotl",         2, IR_CLS_IBIN,          IR_OPF_RESULT) \
    X(ROTR,         "rotr",         2, IR_CLS_IBIN,          IR_OPF_RESULT) \
    X(NOT,          "not",          1, IR_CLS_IUN,           IR_OPF_RESULT) \
    X(NEG,          "neg",          1, IR_CLS_IUN,           IR_OPF_RESULT) \
    X(CLZ,          "clz",          1, IR_CLS_IUN,           IR_OPF_RESULT) \
    X(CTZ,          "ctz",          1, IR_CLS_IUN,           IR_OPF_RESULT) \
    X(ZEXT,         "zext",         1, IR_CLS_EXT,           IR_OPF_RESULT) \
    X(SEXT,         "sext",         1, IR_CLS_EXT,           IR_OPF_RESULT) \
    X(TRUNC,        "trunc",        1, IR_CLS_EXT,           IR_OPF_RESULT) \
    X(CMP,          "cmp",          2, IR_CLS_CMP,           IR_OPF_RESULT) \
    X(SELECT,       "select",       3, IR_CLS_SELECT,        IR_OPF_RESULT) \
    X(CC_FLAG,      "cc_flag",      3, IR_CLS_CC,            IR_OPF_RESULT) \
    X(CC_TEST,      "cc_test",      3, IR_CLS_CC,            IR_OPF_RESULT) \
    X(FADD,         "fadd",         2, IR_CLS_FBIN,          IR_OPF_RESULT | IR_OPF_COMM) \
    X(FSUB,         "fsub",         2, IR_CLS_FBIN,          IR_OPF_RESULT) \
    X(FMUL,         "fmul",         2, IR_CLS_FBIN,          IR_OPF_RESULT | IR_OPF_COMM) \
    X(FDIV,         "fdiv",         2, IR_CLS_FBIN,          IR_OPF_RESULT) \
    X(FMIN,         "fmin",         2, IR_CLS_FBIN,          IR_OPF_RESULT | IR_OPF_COMM) \
    X(FMAX,         "fmax",         2, IR_CLS_FBIN,          IR_OPF_RESULT | IR_OPF_COMM) \
    X(FSQRT,        "fsqrt",        1, IR_CLS_FUN,           IR_OPF_RESULT) \
    X(FNEG,         "fneg",         1, IR_CLS_FUN,           IR_OPF_RESULT) \
    X(FABS,         "fabs",         1, IR_CLS_FUN,           IR_OPF_RESULT) \
    X(FMA,          "fma",          3, IR_CLS_FMA,           IR_OPF_RESULT) \
    X(FCMP,         "fcmp",         2, IR_CLS_FCMP,          IR_OPF_RESULT) \
    X(ITOF,         "itof",         1, IR_CLS_ITOF,          IR_OPF_RESULT) \
    X(FTOI,         "ftoi",         1, IR_CLS_FTOI,          IR_OPF_RESULT) \
    X(FCONV,        "fconv",        1, IR_CLS_FTOF,          IR_OPF_RESULT) \
    X(BITCAST,      "bitcast",      1, IR_CLS_BITCAST,       IR_OPF_RESULT) \
    X(CALL,         "call",         0, IR_CLS_CALL,          IR_OPF_SIDE) \
    X(TRAP_IF,      "trap_if",      2, IR_CLS_TRAP_IF,       IR_OPF_SIDE | IR_OPF_FAULT) \
    X(EXIT,         "exit",         1, IR_CLS_EXIT,          IR_OPF_SIDE | IR_OPF_TERM) \
    X(EXIT_INDIRECT, "exit_indirect", 1, IR_CLS_EXIT_INDIRECT, IR_OPF_SIDE | IR_OPF_TERM) \
    X(BR_COND,      "br_cond",      3, IR_CLS_BR_COND,       IR_OPF_SIDE | IR_OPF_TERM) \
    X(EXIT_TRAP,    "exit_trap",    1, IR_CLS_EXIT_TRAP,     IR_OPF_SIDE | IR_OPF_TERM | IR_OPF_FAULT)

typedef enum IrOp {
#define IR_OP_ENUM(id, name, nargs, cls, flags) IR_##id,
    IR_OP_LIST(IR_OP_ENUM)
#undef IR_OP_ENUM
    IR_NOPS
} IrOp;

typedef struct IrOpInfo {
    const char *name;
    uint8_t nargs;      /* fixed operand count; calls use IrInsn.nargs */
    uint8_t cls;        /* IrClass */
    uint8_t flags;      /* IR_OPF_* */
} IrOpInfo;

extern const IrOpInfo ir_op_info[IR_NOPS];

/* ---- helpers (calls into C) ----------------------------------------------- */

/*
 * A helper is a C function the block calls: the backend passes the CPU
 * struct (whatever the frontend runs with; the interpreter passes its
 * IrEnv) first and the block's arguments after it, each as a 64-bit bit
 * pattern (an f32 in the low 32 bits). Every helper has this one signature,
 * so the backend needs one calling sequence and no casts between function
 * types; arguments past nargs are 0.
 */
typedef uint64_t (*IrHelperFn)(void *env, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3);

enum {
    /* result depends only on the arguments, no side effects: an unused
     * call is deleted by DCE */
    IR_HELPER_PURE = 1u << 0,
    /* may end the block (a guest exception): a fault point, needs a site.
     * The guest registers are exact when it runs. In the interpreter it
     * traps by setting IrEnv.trap; in generated code, how it gets out is
     * the backend's protocol. */
    IR_HELPER_MAY_TRAP = 1u << 1,
    /* reads guest registers through env: pending set_regs must be in the
     * register file before the call */
    IR_HELPER_READS_REGS = 1u << 2,
    /* writes guest registers through env: values read before the call are
     * stale after it */
    IR_HELPER_WRITES_REGS = 1u << 3,
};

#define IR_MAX_CALL_ARGS 4

typedef struct IrHelper {
    const char *name;
    IrHelperFn fn;
    uint8_t nargs;                       /* 0..IR_MAX_CALL_ARGS */
    uint8_t ret;                         /* IrType, IR_VOID for none */
    uint8_t arg_type[IR_MAX_CALL_ARGS];  /* IrType of each argument */
    uint32_t flags;                      /* IR_HELPER_* */
} IrHelper;

/* ---- guest description ---------------------------------------------------- */

/* One guest register: its name in dumps, its IR type, and where it lives in
 * the frontend's CPU struct (for the backend's loads and stores). */
typedef struct IrGuestReg {
    const char *name;
    uint8_t type;        /* IrType */
    uint32_t offset;
} IrGuestReg;

typedef struct IrGuest {
    const char *name;
    unsigned nregs;
    const IrGuestReg *regs;
} IrGuest;

/* ---- instructions and blocks ---------------------------------------------- */

typedef uint32_t IrTemp;
#define IR_NO_TEMP UINT32_MAX
#define IR_NO_SITE UINT32_MAX

enum { IR_ARG_NONE = 0, IR_ARG_TEMP, IR_ARG_IMM };

typedef struct IrArg {
    uint32_t kind;   /* IR_ARG_* */
    IrTemp temp;
    uint64_t imm;
} IrArg;

static inline IrArg ir_temp(IrTemp t) { IrArg a = { IR_ARG_TEMP, t, 0 }; return a; }
/* An immediate; the builders truncate it to the operand's type. */
static inline IrArg ir_imm(uint64_t v) { IrArg a = { IR_ARG_IMM, IR_NO_TEMP, v }; return a; }
static inline bool ir_is_imm(IrArg a) { return a.kind == IR_ARG_IMM; }
static inline bool ir_is_temp(IrArg a) { return a.kind == IR_ARG_TEMP; }
static inline bool ir_arg_eq(IrArg a, IrArg b)
{
    return a.kind == b.kind && (a.kind == IR_ARG_TEMP ? a.temp == b.temp : a.imm == b.imm);
}

typedef struct IrInsn {
    uint8_t op;         /* IrOp */
    uint8_t type;       /* IrType of the result; for set_reg, store_state and
                         * store the type of the value stored */
    uint8_t otype;      /* operand type where it differs from type: compares,
                         * conversions, cc ops; memory access size for load/store */
    uint8_t nargs;
    IrTemp dst;         /* IR_NO_TEMP when the insn defines nothing */
    uint32_t aux;       /* register index, state offset, IrCond, IR_MEM_* bits,
                         * cc kind | flag/cond << 8, trap cause */
    uint32_t site;      /* fault points: index into IrBlock.sites */
    const IrHelper *helper;  /* call */
    IrArg arg[4];
} IrInsn;

/* Where a fault point is in the guest program. */
typedef struct IrSite {
    uint64_t pc;        /* guest pc of the instruction */
    uint32_t index;     /* its position among the block's guest instructions */
} IrSite;

/*
 * A block under construction or optimisation. Arrays grow as needed; if an
 * allocation fails, `oom` is set, builders stop adding, and the caller (which
 * checks ir_validate or oom once at the end) falls back to the interpreter.
 */
typedef struct IrBlock {
    const IrGuest *guest;
    uint64_t pc;            /* guest pc of the first instruction */
    IrInsn *insns;
    uint32_t ninsns, insns_cap;
    uint8_t *temp_type;     /* IrType of each temp */
    uint32_t ntemps, temps_cap;
    IrSite *sites;
    uint32_t nsites, sites_cap;
    bool oom;
} IrBlock;

void ir_block_init(IrBlock *b, const IrGuest *guest, uint64_t pc);
/* Empty the block for reuse (keeps the allocations). */
void ir_block_clear(IrBlock *b, uint64_t pc);
void ir_block_destroy(IrBlock *b);

/* Make dst (initialised or zeroed) a copy of src; false if out of memory. */
bool ir_block_copy(IrBlock *dst, const IrBlock *src);

/* Append a site; returns its index. Consecutive calls with the same pc and
 * index return the same site. */
uint32_t ir_site(IrBlock *b, uint64_t pc, uint32_t index);

/* ---- builders: each appends one instruction and returns its result -------- */

IrTemp ir_new_temp(IrBlock *b, IrType t);
/* Append a fully formed instruction (immediates are canonicalised); returns
 * its result as an IrArg (kind NONE when it has none). */
IrArg ir_emit(IrBlock *b, const IrInsn *in);

IrArg ir_mov(IrBlock *b, IrType t, IrArg v);
IrArg ir_get_reg(IrBlock *b, unsigned reg);
void ir_set_reg(IrBlock *b, unsigned reg, IrArg v);
IrArg ir_load_state(IrBlock *b, IrType t, uint32_t offset);
void ir_store_state(IrBlock *b, IrType t, uint32_t offset, IrArg v);
/* load `mem` bytes (a type) at addr, extended to `t` per IR_MEM_SIGNED */
IrArg ir_load(IrBlock *b, IrType t, IrType mem, unsigned flags, IrArg addr, uint32_t site);
/* store the low `mem` part of v (of type t) at addr */
void ir_store(IrBlock *b, IrType t, IrType mem, unsigned flags, IrArg addr, IrArg v, uint32_t site);
IrArg ir_binop(IrBlock *b, IrOp op, IrType t, IrArg x, IrArg y);   /* IBIN, FBIN */
IrArg ir_unop(IrBlock *b, IrOp op, IrType t, IrArg x);             /* IUN, FUN */
IrArg ir_fma(IrBlock *b, IrType t, IrArg x, IrArg y, IrArg z);
/* zext/sext/trunc/itof/ftoi/fconv/bitcast from type `from` to `to`;
 * flags = IR_MEM_SIGNED for signed itof/ftoi */
IrArg ir_conv(IrBlock *b, IrOp op, IrType to, IrType from, unsigned flags, IrArg x);
IrArg ir_cmp(IrBlock *b, IrCond c, IrType t, IrArg x, IrArg y);
IrArg ir_fcmp(IrBlock *b, IrFCond c, IrType t, IrArg x, IrArg y);
IrArg ir_select(IrBlock *b, IrType t, IrArg cond, IrArg x, IrArg y);
IrArg ir_cc_flag(IrBlock *b, IrCcKind k, IrFlag f, IrType t, IrArg a, IrArg x, IrArg r);
IrArg ir_cc_test(IrBlock *b, IrCcKind k, IrCcCond c, IrType t, IrArg a, IrArg x, IrArg r);
/* site is IR_NO_SITE unless the helper may trap */
IrArg ir_call(IrBlock *b, const IrHelper *h, const IrArg *args, uint32_t site);
void ir_trap_if(IrBlock *b, IrArg cond, uint32_t cause, IrArg value, uint32_t site);
void ir_exit(IrBlock *b, uint64_t pc);
void ir_exit_indirect(IrBlock *b, IrArg pc);
void ir_br_cond(IrBlock *b, IrArg cond, uint64_t taken, uint64_t fallthrough);
void ir_exit_trap(IrBlock *b, uint32_t cause, IrArg value, uint32_t site);

/* ---- queries -------------------------------------------------------------- */

unsigned ir_insn_nargs(const IrInsn *in);
/* The type operand i must have (temps of that type, or immediates). */
IrType ir_operand_type(const IrInsn *in, unsigned i);
bool ir_insn_has_side_effects(const IrInsn *in);   /* kept by DCE */
bool ir_insn_may_fault(const IrInsn *in);          /* fault point */
bool ir_insn_reads_regs(const IrInsn *in);         /* helper reads the register file */
bool ir_insn_writes_regs(const IrInsn *in);        /* helper writes the register file */
bool ir_insn_is_term(const IrInsn *in);
/* the i64 guest pc of a site */
uint64_t ir_site_pc(const IrBlock *b, uint32_t site);

/* Check every rule above (SSA, types, canonical immediates, one terminator
 * at the end, sites, registers); false with a message in err on the first
 * violation. Reports an earlier allocation failure too. */
bool ir_validate(const IrBlock *b, char *err, size_t errlen);

/* ---- passes (ir_opt.c) ---------------------------------------------------- */

/* Constant folding, algebraic identities, copy propagation (mov), and
 * folding of branches, selects and trap_ifs on constants. */
void ir_fold(IrBlock *b);
/* Delete instructions without side effects whose results are unused. */
void ir_dce(IrBlock *b);
/* Forward guest register values within the block (get after set/get) and
 * delete sets overwritten before anything could observe them. */
void ir_regcache(IrBlock *b);
/* Remove nops and renumber temps densely in definition order. */
void ir_compact(IrBlock *b);
/* The pipeline the JIT runs: fold, regcache, fold, dce, compact. After it
 * no mov and no nop is left and no pure op has only immediate operands; a
 * backend that also runs unoptimised blocks (debugging) must handle mov. */
void ir_optimize(IrBlock *b);

/* ---- reference interpreter (ir_interp.c) ---------------------------------- */

/* Evaluate a pure op (no state, no memory, no helper) on canonical operand
 * values; the one definition of op semantics, shared by ir_fold and
 * ir_interp. Returns false for ops that are not pure computations. */
bool ir_eval_pure(const IrInsn *in, const uint64_t *argv, uint64_t *out);

/* What the interpreter runs on: helpers receive a pointer to it as env. */
typedef struct IrEnv {
    uint64_t *regs;         /* guest registers, canonical (zero-extended) values */
    uint8_t *state;         /* load_state/store_state byte offsets index this */
    size_t state_size;
    uint8_t *mem;           /* guest memory at guest address 0 */
    uint64_t mem_size;      /* accesses reaching past this fault */
    void *user;             /* for helpers */
    /* a helper with IR_HELPER_MAY_TRAP that traps sets these */
    bool trap;
    uint32_t trap_cause;
    uint64_t trap_value;
} IrEnv;

typedef enum IrEndKind {
    IR_END_JUMP,        /* exit/br_cond: pc = the static target */
    IR_END_INDIRECT,    /* exit_indirect: pc = computed target */
    IR_END_TRAP,        /* exit_trap/trap_if: cause, value; pc = the site's */
    IR_END_FAULT,       /* load/store out of range: value = address */
    IR_END_HELPER_TRAP, /* a helper trapped: cause/value from IrEnv */
    IR_END_ERROR,       /* the interpreter could not run (out of memory, bad
                          * state offset) */
} IrEndKind;

typedef struct IrEnd {
    IrEndKind kind;
    uint64_t pc;
    uint32_t cause;
    uint64_t value;
    uint32_t site;      /* traps and faults: the site, else IR_NO_SITE */
    bool is_store;      /* faults */
} IrEnd;

/* Run a valid block on env; returns how it left. */
IrEnd ir_interp(const IrBlock *b, IrEnv *env);

/* ---- printer (ir_print.c) ------------------------------------------------- */

/* One instruction as text, e.g. "t3:i64 = add t1, t2" or "set_reg x5, t3";
 * returns the length it needed (snprintf-like). */
int ir_print_insn(const IrBlock *b, const IrInsn *in, char *buf, size_t size);
/* The whole block: a header line, then one instruction per line. */
void ir_print(const IrBlock *b, FILE *out);

#endif
