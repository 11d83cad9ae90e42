/*
 * x86-64 code generation: one IR block (cpu/ir.h) -> one host function.
 *
 * The generated function follows the SysV ABI:  void fn(X64Frame *f).
 * The frame gives it the bases it works on and receives how the block left:
 *   regs   base of the guest register file: get_reg/set_reg access
 *          regs + IrGuestReg.offset at the register type's width (i1 one byte)
 *   state  base of load_state/store_state byte offsets (usually the same CPU
 *          struct as regs)
 *   mem    guest memory, user mode: guest address a is host mem + a; every
 *          load/store is one host instruction [mem + addr] (no bounds check:
 *          the engine's guard regions turn a stray access into a host fault)
 *   env    first argument of every helper call (the CPU struct; IrEnv in the
 *          tests, as ir_interp passes it)
 * On return exit_kind is an IrEndKind:
 *   IR_END_JUMP         exit / br_cond: pc = static target
 *   IR_END_INDIRECT     exit_indirect: pc = computed target
 *   IR_END_TRAP         exit_trap / trap_if: pc = the site's pc, cause, value, site
 *   IR_END_HELPER_TRAP  a helper flagged IR_HELPER_MAY_TRAP trapped: pc, site;
 *                       the cause and value are in the helper's env, where
 *                       the helper put them (the embedder reads them there)
 * Fields the exit does not set are left as they were.
 *
 * Protocol for helpers that may trap: the code clears the byte at
 * env + opts->trap_flag_off before the call and leaves the block with
 * IR_END_HELPER_TRAP when the helper set it (nonzero) (IrEnv.trap in tests).
 * Without opts, a block calling such a helper is not compiled.
 *
 * Registers: rbx = the frame, r12 = regs, r13 = mem, r14 = state, r15 =
 *   env, rbp = the code-page bitmap (callee-saved, so they survive helper
 *   calls). Each instruction moves its operands into rax/rcx/rdx (r8 for
 *   one case), computes, canonicalises and moves the result out. A temp
 *   lives in rsi/rdi/r9/r10/r11 (linear scan over the block) unless it is
 *   alive across a helper call or the registers run out; then in its
 *   8-byte stack slot [rsp + 8*t]; a temp nobody reads is not kept. Values
 *   are canonical (zero-extended from their width) wherever they live.
 *   Guest registers are not cached across instructions beyond what the
 *   IR's own forwarding (ir_optimize) leaves in temps: set_reg writes the
 *   register file at once, so it is exact at every fault point, helper
 *   call and exit.
 *   The stack is 16-byte aligned at every call (6 pushes + a frame of
 *   8 mod 16 bytes).
 *
 * Supported: every integer op (mov, get_reg/set_reg, load_state/store_state,
 * load/store of 1/2/4/8 bytes, zero/sign extension, little- and big-endian
 * (bswap / rol r16,8), add sub mul mulhs mulhu mulhsu divs divu rems remu
 * (division by zero and MIN/-1 are guarded, giving the IR's results), and or
 * xor not neg clz ctz, shl shr sar rotl rotr (counts masked to w-1 here),
 * zext sext trunc, cmp, select (cmov), call (up to 4 args, env first),
 * trap_if, exit, exit_indirect, br_cond, exit_trap. f32/f64 values are
 * carried as bit patterns, so get_reg/set_reg/load/store/load_state/
 * store_state/mov/select/bitcast/call on floats work too.
 * Not supported (x64_compile returns 0, the engine keeps interpreting):
 * float arithmetic, fcmp, itof/ftoi/fconv, fma, cc_flag/cc_test.
 *
 * Memory faults. With opts->bounds_check, every access first compares its
 * address with the frame's mem_last[log2 size] (mem_size - size) and leaves
 * with IR_END_FAULT (pc and site of the access, value = address, cause = 1
 * for a store, 0 for a load) when it lies past the end, as ir_interp does.
 * An access inside the range can still fault on the host (a PROT_NONE guest
 * page): with opts->fault_map, codegen records for each load and store the
 * offset of the host instruction that touches memory and its site, so the
 * engine maps the host pc of a SIGSEGV back to the guest instruction. The
 * register file is exact there (guest registers are not cached).
 *
 * Writes to code. With opts->code_pages, after every store the code reads
 * the page's byte in the frame's code map (one byte per 4 KiB page:
 * X64_CODE_HERE when the page holds translated code, X64_CODE_NEXT when
 * the page after it does) and, when it is not zero, looks closer out of
 * line: it leaves with X64_END_CODE_WRITE (pc and site of the store, value
 * = address, cause = size) when the page holds code, or when the next one
 * does and the store reached into it. The store has been done, and the
 * engine invalidates the translations and goes on after it. One byte per
 * page costs four instructions per store where a bitmap cost eleven.
 */
#define X64_CODE_HERE 1u
#define X64_CODE_NEXT 2u
#ifndef FERRY_X64_CODEGEN_H
#define FERRY_X64_CODEGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../ir.h"
#include "emit.h"

/* exit_kind beyond IrEndKind: a store wrote to a page that may hold code */
#define X64_END_CODE_WRITE 16u
/* with opts->tlb: the access at site (pc) is done, and the block must be
 * left after it (the slow path's store changed something the block may
 * depend on: translated code, say) */
#define X64_END_AFTER 17u

typedef struct X64Frame {
    void *regs;
    void *state;
    uint8_t *mem;
    void *env;
    /* with opts->bounds_check: mem_size - 1, - 2, - 4, - 8 (the last address
     * an access of 1, 2, 4, 8 bytes may start at) */
    uint64_t mem_last[4];
    /* with opts->code_pages: the code map, one byte per guest page
     * (X64_CODE_HERE | X64_CODE_NEXT) */
    const uint8_t *code_pages;
    /* out */
    uint32_t exit_kind;     /* IrEndKind */
    uint32_t cause;
    uint64_t pc;
    uint64_t value;
    uint32_t site;
    /* with opts->chain: which block left (opts->block_id), and through
     * which chainable exit (index into X64ChainInfo.exits; X64_NO_EXIT for
     * any other way out) */
    uint32_t exit_slot;
    uint64_t exit_block;
    /* with opts->lookup_bits: the table indirect exits look their target up
     * in, 2^lookup_bits entries, entry (pc >> 1) mod size */
    const struct X64LookupEntry *lookup;
} X64Frame;

/* An indirect exit's target, found in translated code: guest pc ->
 * host address to jump to (a block's body). pc = X64_LOOKUP_EMPTY: none. */
typedef struct X64LookupEntry {
    uint64_t pc;
    const void *body;
} X64LookupEntry;

#define X64_LOOKUP_EMPTY UINT64_MAX

#define X64_NO_EXIT 0xffffffffu

typedef void (*X64BlockFn)(X64Frame *f);

/* Blocks with more temps are not compiled: each temp takes 8 bytes of the
 * host stack while the block runs (64 KiB at most). */
#define X64_MAX_TEMPS 8192u

/* Host instruction -> IR site, for host faults inside generated code. */
typedef struct X64FaultSite {
    uint32_t offset;        /* from the start of the function */
    uint32_t site;
} X64FaultSite;

typedef struct X64FaultMap {
    X64FaultSite *entries;  /* ascending offsets */
    uint32_t n, cap;        /* more than cap accesses: x64_compile fails */
} X64FaultMap;

/* A static exit that can be chained: a jmp rel32 that goes to the exit's
 * stub (leave for the dispatcher) until patched to go straight to the
 * successor's body. */
typedef struct X64ChainExit {
    uint32_t field;         /* offset of the jmp's rel32 field */
    uint32_t stub;          /* offset of the stub (what the field holds first) */
    uint64_t target;        /* guest pc */
} X64ChainExit;

typedef struct X64ChainInfo {
    uint32_t body;          /* offset of the body: where chained jumps enter */
    X64ChainExit exits[2];  /* exit and br_cond have one or two */
    uint32_t nexits;
} X64ChainInfo;

/*
 * System mode: guest addresses are virtual. With opts->tlb every load and
 * store looks its page up in a software TLB, inline:
 *   table = *(X64TlbEntry **)(env + table_off)   (may change between blocks)
 *   e = &table[(va >> 12) mod 2^index_bits]
 *   hit when (va & ~0xfff | (size - 1)) == e->tag_load (tag_store), that is
 *   the page matches and the access is aligned (so it cannot cross a page);
 *   the host address is then va + e->host_minus_va.
 * Anything else (a miss, a misaligned access, MMIO, a fault) calls a slow
 * helper out of line, with every temp kept: load_slow(env, va, size)
 * returns the zero-extended value; store_slow(env, va, value, size)
 * returns nonzero when the block must be left after the store
 * (X64_END_AFTER). Either may trap by the trap-flag protocol (leaving with
 * IR_END_HELPER_TRAP at the access's site). With code_pages, a fast-path
 * store tests the code map at its physical address (host address - frame
 * mem) and leaves with X64_END_CODE_WRITE, value = that physical address;
 * slow-path stores are the helper's to check. bounds_check and fault_map
 * do not apply.
 */
typedef struct X64TlbEntry {
    uint64_t tag_load, tag_store;
    uint64_t host_minus_va;
} X64TlbEntry;

typedef struct X64TlbOpts {
    uint32_t table_off;
    unsigned index_bits;
    IrHelperFn load_slow, store_slow;
} X64TlbOpts;

typedef struct X64CodegenOpts {
    /* offset in env of the byte a MAY_TRAP helper sets when it traps */
    uint32_t trap_flag_off;
    bool bounds_check;      /* compare each access with frame mem_last */
    bool code_pages;        /* check each store against frame code_pages */
    X64FaultMap *fault_map; /* filled (from n = 0) when not NULL */
    /* Chaining. Every block gets the same frame (frame_temps temps; blocks
     * with more are not compiled), so one block may jump into another's
     * body. The body first adds insn_count to the u64 at env + count_off;
     * every exit records block_id; static exits are chainable (chain is
     * filled) and first test the int at env + stop_off, leaving through the
     * stub whenever it is nonzero, so a chained loop still stops. */
    X64ChainInfo *chain;
    uint32_t frame_temps;
    uint64_t block_id;
    uint32_t count_off, insn_count;
    uint32_t stop_off;
    /* With chain: indirect exits (exit_indirect) first look their target up
     * in the frame's lookup table and jump there on a hit (after the same
     * stop test); 0: they always leave. */
    unsigned lookup_bits;
    /* system mode: loads and stores through a software TLB (see above) */
    const X64TlbOpts *tlb;
} X64CodegenOpts;

/*
 * Compile block b (registers described by g; normally b->guest) into out,
 * starting at out->len. Returns the number of bytes emitted, the function
 * starting at out->p + (out->len before the call); 0 when the block holds
 * an op the backend does not support or the buffer overflowed (out->len is
 * then restored and the buffer's overflow flag is left as the emitter set it).
 * opts may be NULL (then helpers that may trap are not supported).
 */
size_t x64_compile(const IrBlock *b, const IrGuest *g, const X64CodegenOpts *opts, X64Buf *out);

/* Whether x64_compile supports every instruction of b (no code emitted). */
bool x64_block_supported(const IrBlock *b, const X64CodegenOpts *opts);

/* Code memory, W^X: allocate read-write, emit, then seal (read+execute,
 * never writable again); free with the size given to alloc. */
void *x64_code_alloc(size_t size);
bool x64_code_seal(void *p, size_t size);
void x64_code_free(void *p, size_t size);

#endif
