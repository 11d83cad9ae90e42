/*
 * RISC-V guest CPU: state, decoded instructions, and the entry points the engine
 * and the tests use. One plain struct holds all architectural state, so a test can
 * build any state it needs and a snapshot is a copy.
 */
#ifndef FERRY_RV_H
#define FERRY_RV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../exec.h"
#include "insns.h"

struct TCache;
struct Block;

/* Operand layouts, shared by the decoder and the disassembler. */
typedef enum RvFmt {
    RV_FMT_NONE,  /* no operands (ecall, fence) */
    RV_FMT_R,     /* rd, rs1, rs2 */
    RV_FMT_R1,    /* rd, rs1 (rm for FP) */
    RV_FMT_R4,    /* rd, rs1, rs2, rs3 (FP fused multiply-add) */
    RV_FMT_I,     /* rd, rs1, imm12 */
    RV_FMT_SHIFT, /* rd, rs1, shamt */
    RV_FMT_LOAD,  /* rd, imm(rs1) */
    RV_FMT_S,     /* rs2, imm(rs1) */
    RV_FMT_B,     /* rs1, rs2, target */
    RV_FMT_U,     /* rd, imm20 */
    RV_FMT_J,     /* rd, target */
    RV_FMT_CSR,   /* rd, csr, rs1 */
    RV_FMT_CSRI,  /* rd, csr, uimm5 */
    RV_FMT_AMO,   /* rd, rs2, (rs1) */
    RV_FMT_SFENCE, /* rs1, rs2 */
} RvFmt;

enum RvFlag {
    RV_F_RD_FP = 1u << 0,   /* rd names an f register */
    RV_F_RS1_FP = 1u << 1,
    RV_F_RS2_FP = 1u << 2,
    RV_F_RS3_FP = 1u << 3,
    RV_F_RV64 = 1u << 4,    /* exists only on RV64 */
    RV_F_FP = 1u << 5,      /* needs the F/D unit */
    RV_F_RM = 1u << 6,      /* has a rounding-mode field */
    RV_F_ENDS_BLOCK = 1u << 7,
};

typedef enum RvOp {
#define RV_OP_ENUM(id, name, mask, match, fmt, flags) RV_OP_##id,
    RV_INSN_LIST(RV_OP_ENUM)
#undef RV_OP_ENUM
    RV_OP_ILLEGAL,
    /* Internal: ends a block that was cut short (length or page limit) by
     * continuing at imm. Never produced by rv_decode. */
    RV_OP_FALLTHROUGH,
    RV_OP_COUNT
} RvOp;

typedef struct RvInsnInfo {
    const char *name;
    uint32_t mask, match;
    RvFmt fmt;
    uint32_t flags;
} RvInsnInfo;

extern const RvInsnInfo rv_insn_info[RV_OP_COUNT];

/* Index of the write-only sink register: decoding maps rd = x0 of integer
 * destinations here, so no instruction has to test for x0 when it writes. */
#define RV_REG_SINK 32

/*
 * One decoded instruction. Decoded once when its block is built; the interpreter
 * never looks at instruction bits again. Immediates are pre-shifted and
 * sign-extended; pc-relative targets (jal, branches, auipc) are made absolute.
 */
typedef struct RvInsn {
    /* the interpreter's handler for op (direct threading), filled in when
     * the block is built for a particular interpreter instance */
    const void *handler;
    uint16_t op;    /* RvOp */
    uint8_t rd, rs1, rs2, rs3;
    uint8_t rm;     /* FP rounding mode field (7 = dynamic) */
    uint8_t len;    /* 2 (compressed) or 4 */
    uint32_t raw;   /* original bits (16-bit value for compressed), for traces */
    uint32_t off;   /* byte offset from the first instruction of its block */
    int64_t imm;    /* immediate, absolute target, CSR number or shift amount */
} RvInsn;

/* Why a block run stopped and handed control back to the caller. */
typedef enum RvExit {
    RV_EXIT_NONE = 0,     /* keep going */
    RV_EXIT_ECALL,        /* environment call: pc points at the ecall */
    RV_EXIT_EBREAK,       /* breakpoint: pc points at the ebreak */
    RV_EXIT_ILLEGAL,      /* illegal instruction: pc at it, tval = its bits */
    RV_EXIT_FETCH_FAULT,  /* instruction fetch from unmapped/non-executable memory */
    RV_EXIT_LOAD_FAULT,   /* load access fault; tval = address */
    RV_EXIT_STORE_FAULT,  /* store/AMO access fault; tval = address */
    RV_EXIT_MISALIGNED,   /* misaligned SC or AMO; tval = address */
    RV_EXIT_LOAD_MISALIGNED, /* misaligned LR (a load); tval = address */
    RV_EXIT_STOP,         /* the embedder asked the CPU to stop (cpu->stop_request) */
    RV_EXIT_WFI,          /* system mode with wfi_exits: wfi with no interrupt
                           * pending; pc is past the wfi, the embedder waits */
    /* Only in system mode, where they become guest traps and never reach the
     * embedder: */
    RV_EXIT_FETCH_PAGE_FAULT,
    RV_EXIT_LOAD_PAGE_FAULT,
    RV_EXIT_STORE_PAGE_FAULT,
} RvExit;

/* Privilege levels (mstatus.MPP encoding). */
enum { RV_PRIV_U = 0, RV_PRIV_S = 1, RV_PRIV_M = 3 };

/* mstatus fields (Privileged ISA 3.1.6) */
#define RV_MSTATUS_SIE  (1ull << 1)
#define RV_MSTATUS_MIE  (1ull << 3)
#define RV_MSTATUS_SPIE (1ull << 5)
#define RV_MSTATUS_MPIE (1ull << 7)
#define RV_MSTATUS_SPP  (1ull << 8)
#define RV_MSTATUS_MPP  (3ull << 11)
#define RV_MSTATUS_FS   (3ull << 13)
#define RV_MSTATUS_MPRV (1ull << 17)
#define RV_MSTATUS_SUM  (1ull << 18)
#define RV_MSTATUS_MXR  (1ull << 19)
#define RV_MSTATUS_TVM  (1ull << 20)
#define RV_MSTATUS_TW   (1ull << 21)
#define RV_MSTATUS_TSR  (1ull << 22)
#define RV_MSTATUS_UXL  (2ull << 32)
#define RV_MSTATUS_SXL  (2ull << 34)

/* satp modes */
enum { RV_SATP_BARE = 0, RV_SATP_SV32 = 1, RV_SATP_SV39 = 8, RV_SATP_SV48 = 9 };

/* Exception causes (mcause/scause values, Privileged ISA table 3.6) */
enum {
    RV_CAUSE_FETCH_MISALIGNED = 0, RV_CAUSE_FETCH_ACCESS = 1, RV_CAUSE_ILLEGAL = 2, RV_CAUSE_BREAKPOINT = 3,
    RV_CAUSE_LOAD_MISALIGNED = 4, RV_CAUSE_LOAD_ACCESS = 5, RV_CAUSE_STORE_MISALIGNED = 6,
    RV_CAUSE_STORE_ACCESS = 7, RV_CAUSE_ECALL_U = 8, RV_CAUSE_ECALL_S = 9, RV_CAUSE_ECALL_M = 11,
    RV_CAUSE_FETCH_PAGE = 12, RV_CAUSE_LOAD_PAGE = 13, RV_CAUSE_STORE_PAGE = 15,
};

/* Machine and supervisor state of the privileged architecture (Privileged
 * ISA 20211203). Present in every CPU; user mode runs at priv U with the
 * floating-point unit and the user counters enabled. */
typedef struct RvPrivState {
    unsigned priv;
    uint64_t mstatus;     /* also holds sstatus (a restricted view) */
    uint64_t medeleg, mideleg;
    uint64_t mie, mip;
    uint64_t mtvec, stvec;
    uint64_t mepc, sepc;
    uint64_t mcause, scause;
    uint64_t mtval, stval;
    uint64_t mscratch, sscratch;
    uint64_t satp;
    uint32_t mcounteren, scounteren, mcountinhibit;
    uint64_t menvcfg, senvcfg;
    uint64_t pmpcfg[16];  /* RV64 uses the even ones */
    uint64_t pmpaddr[64];
} RvPrivState;

typedef struct RvPhysRange {
    uint64_t base, size;
} RvPhysRange;

#define RV_MAX_EXTRA_RAM 3

/* The guest memory a user-mode CPU sees: one reserved host range, guest address
 * = offset. Accesses at or past `size` fault without touching the host. */
typedef struct RvMemory {
    uint8_t *base;
    uint64_t size;
    uint64_t reserved;   /* host bytes reserved from base (size + guard) */
    /* system mode: the physical RAM inside the window; other physical
     * addresses are access faults */
    uint64_t ram_base, ram_size;
    /* more physical RAM inside the window (a framebuffer, ...) */
    RvPhysRange extra_ram[RV_MAX_EXTRA_RAM];
    unsigned nextra_ram;
    /* system mode: physical addresses outside RAM go to these (devices);
     * false = nothing there, an access fault */
    bool (*mmio_read)(void *opaque, uint64_t pa, unsigned size, uint64_t *value);
    bool (*mmio_write)(void *opaque, uint64_t pa, unsigned size, uint64_t value);
    void *mmio_opaque;
    /* returns true when [addr, addr+len) may be fetched as instructions */
    bool (*can_exec)(void *opaque, uint64_t addr, uint64_t len);
    void *opaque;
} RvMemory;

/* Software TLB (system mode): virtual page -> host address, one entry per
 * page index, with a separate tag per access kind so a page enters the
 * store side only after a store translation (which set the PTE's D bit).
 * Only RAM is ever cached; MMIO always takes the slow path. A tag holds the
 * page's virtual address, RV_TLB_INVALID when empty. Translated code
 * compares a tag with the address's page plus the low bits that must be
 * zero for an aligned access (at most 3): bit 11 is never among those, so
 * an empty entry matches no access. */
#define RV_TLB_BITS 8
#define RV_TLB_SIZE (1u << RV_TLB_BITS)
#define RV_TLB_INVALID 0x800ull
#define RV_ITLB_SIZE 64u
typedef struct RvItlbEntry {
    uint64_t vpage, ppage;
} RvItlbEntry;
typedef struct RvTlbEntry {
    uint64_t tag_load, tag_store;
    uintptr_t host_minus_va;   /* host address = va + this */
} RvTlbEntry;
/* One table per translation context: U, S with SUM clear, S with SUM set,
 * M. A mode switch selects a table instead of flushing one. */
enum { RV_TLB_U, RV_TLB_S, RV_TLB_S_SUM, RV_TLB_M, RV_TLB_TABLES };

typedef struct RvCpu {
    uint64_t x[33];      /* x0..x31, x[32] = sink for writes to x0 */
    uint64_t f[32];      /* raw bits; single values NaN-boxed */
    uint64_t pc;
    unsigned xlen;       /* 32 or 64 */
    uint32_t fflags;     /* accrued exceptions (fcsr[4:0]) */
    uint32_t frm;        /* dynamic rounding mode (fcsr[7:5]) */

    RvPrivState csr;     /* privileged state */
    bool system;         /* system mode: traps go to the guest's handlers,
                          * loads and stores translate through satp */

    uint64_t instret;    /* retired instructions; also the source of cycle */

    /* system mode: software TLB; tlb_data is the table loads and stores use
     * now (after MPRV), chosen by rv_tlb_select at every mode change */
    RvTlbEntry tlb[RV_TLB_TABLES][RV_TLB_SIZE];
    RvTlbEntry *tlb_data;
    /* the fetch side, one table per privilege level (fetches ignore MPRV
     * and SUM): virtual page -> physical page, for RAM pages the level may
     * execute whole; vpage RV_TLB_INVALID when empty. Cached blocks are
     * checked against it, so they outlive sfence.vma and satp writes. */
    RvItlbEntry itlb[4][RV_ITLB_SIZE];
    /* bumped by every TLB flush (a possible change of mapping) */
    uint64_t tlb_flushes;
    /* system mode, set by the embedder: wfi with nothing pending returns
     * RV_EXIT_WFI; an ecall from a privilege whose bit is set in
     * ecall_exit_mask returns RV_EXIT_ECALL (a built-in SBI) */
    bool wfi_exits;
    unsigned ecall_exit_mask;
    /* system mode: check physical accesses against the PMP entries */
    bool pmp_enforced;
    /* the time CSR; NULL: host monotonic time at 10 MHz */
    uint64_t (*time_now)(void *opaque);
    void *time_opaque;

    /* LR/SC reservation: address and the value loaded, so sc.x can succeed
     * with a compare-and-swap (the value check is what makes SC atomic against
     * other writers once guests have threads). */
    bool resv_valid;
    uint64_t resv_addr;
    uint64_t resv_value;

    RvMemory mem;

    /* Exit details, valid when a run returns something other than NONE. */
    uint64_t tval;

    /* Block engine. */
    struct TCache *tc;
    volatile int stop_request;
    bool step_mode;                  /* stop after one block (rv_step_bits) */
    /* called at every block boundary when set (devices that watch memory,
     * such as HTIF); may set stop_request */
    void (*poll)(struct RvCpu *cpu, void *opaque);
    void *poll_opaque;
    /* JIT: a block is translated once it has run jit_threshold
     * times (0: never, the interpreter runs everything); jit_cache_size
     * bytes of code memory per block cache; jit_dump prints every
     * translation to stderr; jit_block is the translated block running now */
    uint32_t jit_threshold;
    uint64_t jit_cache_size;
    bool jit_dump;
    struct Block *jit_block;
    /* system mode: a slow-path load or store in translated code that
     * faulted sets jit_trapped and the exit in jit_trap (tval holds the
     * address) */
    uint8_t jit_trapped;
    RvExit jit_trap;
    /* verify mode (user mode): every translated block runs in the
     * interpreter first, then as translated code from the same state, and
     * the two results must agree (jit.c); store_log is set meanwhile */
    bool jit_verify;
    struct RvStoreLog *store_log;
    uint64_t jit_verified;          /* block runs compared */
    /* testing the check itself: flip a0's low bit after this many compared
     * runs of translated code (0: never) */
    uint64_t jit_verify_inject;
    bool trace;                      /* print every executed instruction */
    void (*trace_sink)(const char *line, void *opaque);
    void *trace_opaque;

    /* Host fault recovery (cpu/exec.h): a guest access to a PROT_NONE page of
     * the guest range comes back through this trap; cur_pc names the guest
     * instruction that made the access. */
    ExecFaultTrap fault;
    uint64_t cur_pc;
    RvExit fetch_fault;  /* why the last block could not be fetched */
} RvCpu;

/* The misa value ferry reports for an XLEN: RV32GC / RV64GC with S and U. */
uint64_t rv_misa(unsigned xlen);

/* Build the decode tables; idempotent, called by rv_cpu_init. */
void rv_decode_init(void);

/* Decode one instruction (len is 2 or 4 by the low bits of `bits`). The result
 * op is RV_OP_ILLEGAL for anything this XLEN does not implement. */
void rv_decode(uint32_t bits, uint64_t pc, unsigned xlen, RvInsn *out);

/* Disassemble into buf (e.g. "addi    a0, sp, 16"); returns buf. */
char *rv_disasm(const RvInsn *insn, uint64_t pc, char *buf, size_t size);
extern const char *const rv_xreg_name[33];
extern const char *const rv_freg_name[32];

/* Reset state: M-mode, FP unit on (mstatus.FS = Initial), everything else
 * zero. User mode then drops to U with rv_cpu_enter_user. */
void rv_cpu_init(RvCpu *cpu, unsigned xlen);
/* Configure a CPU to run a Linux user program: U-mode, FP on, the user
 * counters readable, no address translation by the CPU. */
void rv_cpu_enter_user(RvCpu *cpu);
void rv_cpu_destroy(RvCpu *cpu);

/* Around a host fork while other threads may run guest code: the fork
 * waits until no thread is building, translating or freeing blocks (see
 * run.c). */
void rv_fork_begin(void);
void rv_fork_end(bool in_child);

/* Run from cpu->pc until something needs the embedder (ecall, fault, stop). */
RvExit rv_run(RvCpu *cpu);

/* Execute exactly one instruction given by its bits at cpu->pc, bypassing the
 * block cache (unit tests, single-stepping). Returns the exit reason. */
RvExit rv_step_bits(RvCpu *cpu, uint32_t bits);

/* CSR access from an instruction; returns false when the CSR does not exist or
 * the access is not allowed (the instruction is then illegal). */
bool rv_csr_read(RvCpu *cpu, uint32_t csr, uint64_t *value);
bool rv_csr_write(RvCpu *cpu, uint32_t csr, uint64_t value);

/* System mode: drop every cached translation (TLB and decoded blocks), e.g.
 * after an embedder changed satp or page tables behind the guest's back. */
void rv_translation_changed(RvCpu *cpu);
/* Re-choose the TLB table after the embedder changed priv or mstatus. */
void rv_tlb_select(RvCpu *cpu);
/* Take a pending, enabled interrupt now (embedder-side, between runs). */
bool rv_take_interrupt(RvCpu *cpu);

/* --stats: instructions, blocks, cache traffic and the JIT's work, as two
 * "ferry: ..." lines. */
void rv_print_stats(const RvCpu *cpu, FILE *out);


#endif
