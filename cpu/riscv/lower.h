/*
 * Lowering decoded RISC-V blocks to the JIT's IR (cpu/ir.h), user mode.
 *
 * The guest register file as the IR sees it: registers 0..31 are x0..x31
 * (x0 is never read or written: it reads as the constant 0, and writes to it,
 * which the decoder sends to RV_REG_SINK, are dropped), 32..63 are f0..f31
 * (raw 64-bit patterns, single values NaN-boxed). Each lives at its offset in
 * RvCpu. On RV32 the x registers are i32 (zero-extended in their 64-bit
 * slots, as the interpreter keeps them), on RV64 i64; pick the IrGuest with
 * rv_ir_guest(xlen).
 *
 * Exits: a block ends in exit (jal, branches' static targets, fence.i, a block
 * cut short), exit_indirect (jalr) or exit_trap. exit_trap's cause is the
 * RvExit the interpreter would return (RV_EXIT_ECALL, RV_EXIT_EBREAK,
 * RV_EXIT_ILLEGAL) and its value the interpreter's tval; the site's pc is the
 * instruction's pc. Loads and stores fault as IR memory faults at their own
 * site, the address (XLEN-wrapped, zero-extended) as the value; the embedder
 * turns that into RV_EXIT_LOAD_FAULT / RV_EXIT_STORE_FAULT.
 *
 * Lowered: RV32I/RV64I (user mode), M, the RV64 *W ops, fence (nothing),
 * fence.i, ecall/ebreak, illegal encodings and the privileged instructions
 * (illegal in user mode), FP loads/stores and moves inline; all other F/D
 * instructions as calls to pure helpers that run fpu.c (the interpreter's
 * arithmetic), with frm read and fflags accrued through load_state/
 * store_state at their RvCpu offsets, and a dynamic rounding mode above 4
 * trapping as illegal (trap_if) like the interpreter.
 * Not lowered (rv_lower_block returns false; rv_lower_prefix stops before
 * them): CSR instructions and the A extension.
 */
#ifndef FERRY_RV_LOWER_H
#define FERRY_RV_LOWER_H

#include <stdbool.h>
#include <stdint.h>

#include "../ir.h"
#include "rv.h"

enum {
    RV_IR_X0 = 0,           /* x registers: RV_IR_X0 + n */
    RV_IR_F0 = 32,          /* f registers: RV_IR_F0 + n */
    RV_IR_NREGS = 64,
};

/* The register file description for an XLEN (32 or 64); static data. */
const IrGuest *rv_ir_guest(unsigned xlen);

/* Whether rv_lower_block handles op (for statistics and tests). */
bool rv_lower_supports(RvOp op);

/*
 * Lower the decoded block insns[0..n) (as build_block makes it: a trailing
 * RV_OP_FALLTHROUGH counts in n) starting at guest pc block_pc to `out`,
 * which is cleared first and set to the guest for xlen. User mode only.
 * Returns false when the block holds an instruction that is not lowered or
 * the IR ran out of memory; the engine then keeps interpreting it.
 */
bool rv_lower_block(unsigned xlen, const RvInsn *insns, unsigned n, uint64_t block_pc, IrBlock *out);

/* What the engine translates: as much of a block as can be lowered. */
typedef struct RvLowerOpts {
    /* system mode: ecall, ebreak, mret, sret, wfi, sfence.vma and illegal
     * encodings are left to the interpreter too (they trap to the guest's
     * handlers or change privileged state); loads and stores are virtual
     * addresses (the backend translates them) */
    bool system;
    /* system mode, a block with FP instructions: set mstatus.FS to Dirty
     * on entry, as the interpreter does */
    bool fs_dirty;
} RvLowerOpts;

/*
 * Lower the longest prefix of insns[0..n) (as rv_lower_block takes them)
 * that can be lowered: when instruction k > 0 cannot be (a CSR access, an
 * atomic, or one of the system-mode exceptions above), the IR ends with an
 * exit to its pc, where the interpreter takes over. Returns the number of
 * guest instructions lowered (the trailing fall-through is not one); 0
 * when not even the first one can be, or out of memory.
 */
unsigned rv_lower_prefix(const RvLowerOpts *opts, unsigned xlen, const RvInsn *insns, unsigned n,
                         uint64_t block_pc, IrBlock *out);

#endif
