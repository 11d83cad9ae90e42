/*
 * Differential testing of ferry's RISC-V interpreter against Unicorn.
 *
 * gen.c         seeded generator: one case = random architectural state plus one
 *               instruction (two for an LR/SC pair) of one class
 * oracle.c      the same case on Unicorn (one engine kept across cases)
 * exclusions.c  every known Unicorn deviation, in one table, with the reason
 * rv_diff.c     command line, runs ferry and Unicorn, compares, reports
 *
 * Guest memory layout, the same on both sides (ferry: offsets into one host
 * buffer; Unicorn: mapped at the same addresses):
 *   [0, MEM_SIZE)   guest RAM. Loads and stores go to the data windows (or
 *                   outside RAM, to test faults); code (the instruction under
 *                   test) is written only to Unicorn, since ferry executes
 *                   given bits without fetching them. Unicorn also keeps its
 *                   helpers in [0x600, 0x1300) (oracle.c), which no generated
 *                   access reaches.
 *   two extra code-only regions in Unicorn (around 2^31 and near the top of
 *   the address space) so pc-relative arithmetic is tested where it wraps or
 *   changes sign; no load or store is ever aimed at them.
 */
#ifndef FERRY_TESTS_RV_DIFF_H
#define FERRY_TESTS_RV_DIFF_H

#include <stdbool.h>
#include <stdint.h>

#define MEM_SIZE      0x800000ull           /* 8 MiB of guest RAM from address 0 */
#define DATA_BASE     0x200ull              /* main data window: reachable from x0 */
#define DATA_SIZE     0x200u
#define TAIL_BASE     (MEM_SIZE - TAIL_SIZE) /* the last bytes of RAM: accesses that straddle the end */
#define TAIL_SIZE     16u
#define SCRATCH_PC    0x1000ull             /* Unicorn only: the reservation-clearing sc.w */

/* Code regions (pc of the instruction under test). */
#define CODE_LO_BASE  0x2000ull
#define CODE_LO_END   (MEM_SIZE - 0x1000)
#define CODE_MID_BASE 0x7fff8000ull
#define CODE_MID_SIZE 0x10000ull
#define CODE_TOP32    0xffff0000ull
#define CODE_TOP64    0xffffffffffff0000ull
#define CODE_TOP_SIZE 0x8000ull

/* Instruction classes. */
enum {
    CL_ALU, CL_SHIFT, CL_M, CL_A, CL_BRANCH, CL_MEM, CL_C, CL_F, CL_D, CL_CSR, CL_MISC,
    CL_COUNT
};
extern const char *const class_names[CL_COUNT];

/* What the generator knows about an instruction it made (its own decoding,
 * independent of ferry's decoder). */
enum {
    D_RV64     = 1u << 0,   /* exists only on RV64 */
    D_RD_F     = 1u << 1,   /* rd is an f register */
    D_RS1_F    = 1u << 2,
    D_RS2_F    = 1u << 3,
    D_RS3_F    = 1u << 4,
    D_RM       = 1u << 5,   /* funct3 is a rounding mode */
    D_S_SRC    = 1u << 6,   /* the f sources are read as binary32 values */
    D_S_DST    = 1u << 7,   /* writes a binary32 value to f[rd] */
    D_D_SRC    = 1u << 8,   /* the f sources are read as binary64 values */
    D_MINMAX   = 1u << 9,   /* fmin / fmax */
    D_LOAD     = 1u << 10,
    D_STORE    = 1u << 11,
    D_LR       = 1u << 12,
    D_SC       = 1u << 13,
    D_AMO      = 1u << 14,  /* read-modify-write AMO */
    D_COUNTER  = 1u << 15,  /* CSR access to cycle/instret(/h) */
    D_TIME     = 1u << 16,  /* CSR access to time/timeh */
};

typedef struct GenInsn {
    uint32_t bits;          /* 16-bit encodings in the low half */
    uint8_t len;            /* 2 or 4 */
    const char *name;       /* the generator's name for it ("c.?" when unknown) */
    uint32_t flags;         /* D_* */
    int rd, rs1, rs2, rs3;  /* -1 when absent */
    unsigned size;          /* memory access size */
    uint64_t ea;            /* effective address the generator aimed at */
    bool misaligned;        /* ea is not a multiple of size */
    bool in_range;          /* [ea, ea+size) inside guest RAM */
} GenInsn;

/* All architectural state that is compared. */
typedef struct DiffState {
    uint64_t x[32];
    uint64_t f[32];
    uint64_t pc;
    uint32_t fflags, frm;
    uint8_t data[DATA_SIZE];
    uint8_t tail[TAIL_SIZE];
} DiffState;

typedef struct Case {
    uint64_t seed, index;
    unsigned xlen;
    int cls;
    bool user_mode;         /* ferry runs it in U-mode (else M-mode, like Unicorn) */
    int ninsns;             /* 1, or 2 for an LR/SC pair */
    GenInsn insn[2];
    uint64_t insn_pc[2];    /* where each instruction sits (the second follows the first) */
    DiffState in;
} Case;

/* How one instruction ended. */
typedef enum Trap {
    TRAP_NONE, TRAP_ILLEGAL, TRAP_ECALL, TRAP_EBREAK,
    TRAP_LOAD_FAULT, TRAP_STORE_FAULT, TRAP_LOAD_MISALIGNED, TRAP_STORE_MISALIGNED,
    TRAP_OTHER,
} Trap;
extern const char *const trap_names[];

typedef struct Outcome {
    DiffState s;
    Trap trap;
    uint64_t tval;          /* ferry: its tval; Unicorn: the unmapped address it reported */
    char why[64];           /* Unicorn: how it reported the end, for reports */
} Outcome;

/* ---- gen.c ---- */
/* Build case `index` of the stream `seed`. cls < 0 picks a class at random
 * (the class draw is made in any case, so a case replays the same whether it
 * was made by `--class all` or by its own class). */
void gen_case(uint64_t seed, uint64_t index, unsigned xlen, int cls, Case *c);
uint64_t xlen_mask(unsigned xlen);

/* ---- oracle.c ---- */
typedef struct Oracle Oracle;
Oracle *oracle_new(unsigned xlen);
void oracle_free(Oracle *o);
/* Load the case's state and instructions into Unicorn. */
void oracle_begin(Oracle *o, const Case *c);
/* Run one instruction at the current pc. */
void oracle_step(Oracle *o, Outcome *out);
/* Note that a case that ran an LR may have left a reservation. */
void oracle_end(Oracle *o, const Case *c);

/* ---- exclusions.c ---- */
/* What the comparison leaves out for one instruction. */
typedef struct Mask {
    bool skip;              /* compare nothing (the case is counted as excluded) */
    bool pc;                /* do not compare pc */
    uint64_t x_rd_ignore;   /* bits of x[rd] not compared */
    uint64_t f_rd_ignore;   /* bits of f[rd] not compared */
    int rd;                 /* the register those apply to */
    bool trap_equiv;        /* ferry's and Unicorn's causes were matched by an exclusion */
    uint64_t mem_lo, mem_hi; /* guest bytes [mem_lo, mem_hi) not compared */
    uint32_t fflags_ignore; /* fflags bits not compared */
} Mask;

enum { EXCL_MAX = 16 };
extern const char *const excl_names[];
extern unsigned excl_count;          /* entries in excl_names */
extern uint64_t excl_hits[EXCL_MAX]; /* how often each one applied */
extern bool excl_enabled;
extern uint32_t excl_matched;        /* bit per entry whose condition held in this step */

/* Before running step `k` of a case: should it be left out entirely? */
bool excl_skip(const Case *c, int k, const DiffState *before);
/* After running: what to leave out of the comparison. */
void excl_mask(const Case *c, int k, const DiffState *before, const Outcome *fe,
               const Outcome *uc, Mask *m);

#endif
