/*
 * The RISC-V interpreter, written once and compiled for each XLEN (TinyEMU's
 * idea): interp_rv32.c and interp_rv64.c define XLEN and include this file.
 *
 * Threaded dispatch over pre-decoded blocks: every RvInsn in a block carries its
 * op, and each handler ends by jumping straight to the next instruction's
 * handler through a label table (computed goto, a GNU C extension that gcc and
 * clang accept in -std=c11 mode). Nothing here looks at instruction bits.
 *
 * Semantics follow the RISC-V Unprivileged ISA (20191213); section names are
 * cited where a rule is not obvious.
 */
#if XLEN == 64
typedef uint64_t ureg_t;
typedef int64_t sreg_t;
#elif XLEN == 32
typedef uint32_t ureg_t;
typedef int32_t sreg_t;
#else
#error "define XLEN as 32 or 64"
#endif
#ifndef RV_SYSTEM
#error "define RV_SYSTEM as 0 (user mode) or 1 (system mode)"
#endif
/* RV_RUN and RV_RUN_BLOCKS name this instance's functions (set by the
 * including file). In user mode (RV_SYSTEM 0) guest addresses are offsets in
 * one host range and every exception goes back to the embedder; in system
 * mode (RV_SYSTEM 1) loads and stores translate through satp and exceptions
 * are taken by the guest's own trap handlers. */

/* Register file access. Values are kept as XLEN-bit quantities (zero-extended
 * into the 64-bit slots on RV32). */
#define RS1 ((ureg_t)x[ip->rs1])
#define RS2 ((ureg_t)x[ip->rs2])
#define SET_RD(v) (x[ip->rd] = (uint64_t)(ureg_t)(v))

/* Jump to the next instruction's handler. */
#define DISPATCH() goto *ip->handler
#define NEXT()     do { ip++; DISPATCH(); } while (0)
#define INSN_PC    (bpc + ip->off)
#define NEXT_PC    (bpc + ip->off + ip->len)

static inline ureg_t mulhu_x(ureg_t a, ureg_t b)
{
#if XLEN == 64
    return (ureg_t)(((unsigned __int128)a * b) >> 64);
#else
    return (ureg_t)(((uint64_t)a * b) >> 32);
#endif
}

static inline ureg_t mulh_x(ureg_t a, ureg_t b)
{
#if XLEN == 64
    return (ureg_t)((unsigned __int128)((__int128)(sreg_t)a * (sreg_t)b) >> 64);
#else
    return (ureg_t)((uint64_t)((int64_t)(sreg_t)a * (sreg_t)b) >> 32);
#endif
}

static inline ureg_t mulhsu_x(ureg_t a, ureg_t b)
{
#if XLEN == 64
    return (ureg_t)((unsigned __int128)((__int128)(sreg_t)a * (__int128)(unsigned __int128)b) >> 64);
#else
    return (ureg_t)((uint64_t)((int64_t)(sreg_t)a * (int64_t)(uint64_t)b) >> 32);
#endif
}

/* Division by zero and signed overflow do not trap (spec 7.2): x/0 = all ones,
 * x%0 = x, MIN/-1 = MIN, MIN%-1 = 0. */
static inline ureg_t div_x(ureg_t a, ureg_t b)
{
    if (b == 0)
        return (ureg_t)-1;
    if ((sreg_t)b == -1)
        return (ureg_t)0 - a; /* also right for MIN / -1, without overflow */
    return (ureg_t)((sreg_t)a / (sreg_t)b);
}
static inline ureg_t rem_x(ureg_t a, ureg_t b)
{
    if (b == 0)
        return a;
    if ((sreg_t)b == -1)
        return 0;
    return (ureg_t)((sreg_t)a % (sreg_t)b);
}
static inline ureg_t divu_x(ureg_t a, ureg_t b) { return b == 0 ? (ureg_t)-1 : a / b; }
static inline ureg_t remu_x(ureg_t a, ureg_t b) { return b == 0 ? a : a % b; }

/* With table_out set, only reports the label table (for RvInsn.handler). */
static __attribute__((noinline)) RvExit RV_RUN_BLOCKS(RvCpu *cpu, const void *const **table_out)
{
    static const void *const dispatch[RV_OP_COUNT] = {
#define RV_LABEL(id, nm, mk, mt, fm, fl) [RV_OP_##id] = &&do_##id,
        RV_INSN_LIST(RV_LABEL)
#undef RV_LABEL
        [RV_OP_ILLEGAL] = &&do_ILLEGAL,
        [RV_OP_FALLTHROUGH] = &&do_FALLTHROUGH,
    };
    if (table_out) {
        *table_out = dispatch;
        return RV_EXIT_NONE;
    }

    uint64_t *const x = cpu->x;
    uint64_t *const f = cpu->f;
    uint8_t *const mem = cpu->mem.base;
#if !RV_SYSTEM
    const uint64_t mem_size = cpu->mem.size;
#endif
    TCache *const tc = cpu->tc;
    Block *b = NULL;
    Block *prev = NULL;
    int prev_slot = 0;
    const RvInsn *ip = NULL;
    uint64_t bpc = 0;
    RvExit why = RV_EXIT_NONE;
    RvTraceState trace;
    const int unusual = cpu->trace || cpu->step_mode || cpu->poll;
#if RV_SYSTEM
    uint64_t epoch_seen = 0;
#endif
    /* blocks that ran jit_threshold times run as translated code (a poll
     * hook keeps it, but with no block jumping straight to the next) */
    uint32_t jit_threshold = (cpu->trace || cpu->step_mode) ? 0 : cpu->jit_threshold;
    RvJitLoop jit;
    if (jit_threshold && !rv_jit_loop_init(cpu, &jit))
        jit_threshold = 0;

    rv_trace_begin(cpu, &trace);

next_block:
    /* One predictable test per block for everything unusual. */
    if (__builtin_expect(unusual | cpu->stop_request | (tc->retired != NULL), 0)) {
        if (cpu->trace)
            rv_trace_step(cpu, &trace, b);
        if (tc->retired) {
            rv_engine_alloc_begin();
            tcache_collect(tc);
            rv_engine_alloc_end();
            prev = NULL;
            jit.from = NULL;
        }
        if (cpu->poll)
            cpu->poll(cpu, cpu->poll_opaque);
        if (cpu->stop_request || (cpu->step_mode && b)) {
            why = RV_EXIT_STOP;
            goto out;
        }
    }
#if RV_SYSTEM
    /* interrupts are taken between blocks, and every CSR write that can
     * enable one ends its block */
    if (__builtin_expect((cpu->csr.mip & cpu->csr.mie) != 0, 0) && rv_take_interrupt(cpu)) {
        prev = NULL;
        jit.from = NULL;
    }
#endif
    b = rv_block_for(cpu, cpu->pc, prev, prev_slot);
    if (!b) {
#if RV_SYSTEM
        rv_raise(cpu, rv_exit_cause(cpu->fetch_fault, cpu->csr.priv), cpu->tval, cpu->pc);
        prev = NULL;
        goto next_block;
#else
        why = cpu->fetch_fault;
        goto out;
#endif
    }
    prev = b;
    if (jit_threshold) {
        if (b->jit_fn || (!b->jit_tried && ++b->exec_count >= jit_threshold && rv_jit_translate(cpu, b))) {
            /* translated code counts its own instructions */
            why = rv_jit_run(cpu, b, &jit, &prev, &prev_slot);
            if (__builtin_expect(why != RV_EXIT_NONE, 0))
                goto out;
            goto next_block;
        }
        jit.from = NULL;
        tc->stats.interp_insns += b->ninsns;
    }
    cpu->instret += b->ninsns;
#if RV_SYSTEM
    /* FS becomes Dirty when a block with FP instructions runs: the spec lets
     * an implementation set Dirty conservatively */
    if (b->uses_fpu)
        cpu->csr.mstatus |= RV_MSTATUS_FS;
    epoch_seen = tc->epoch;
#endif
    bpc = b->pc;
    ip = (const RvInsn *)b->insns;
    if (cpu->trace)
        rv_trace_snapshot(cpu, &trace, b);
    DISPATCH();

/* Leave the block for the successor at `target`; slot 0 = taken/jump,
 * 1 = fall-through (the chain cache remembers one successor per slot). */
#define GOTO_PC(target, slot) do { cpu->pc = (target); prev_slot = (slot); goto next_block; } while (0)
/* Leave the block after the current instruction although more follow (the
 * block may be stale, or the CPU's mode changed): the instructions skipped
 * were counted on entry and did not retire. */
#define LEAVE_EARLY() do { \
        cpu->instret -= b->ninsns - 1 - (uint64_t)(ip - (const RvInsn *)b->insns); \
        GOTO_PC(NEXT_PC, 1); \
    } while (0)
/* A fault at the current instruction: precise pc, and the block is left. The
 * block was counted whole on entry: the trapping instruction and those after
 * it did not retire. */
#if RV_SYSTEM
#define TRAP(reason, value) do { \
        uint64_t tval_ = (value); \
        cpu->instret -= b->ninsns - (uint64_t)(ip - (const RvInsn *)b->insns); \
        rv_raise(cpu, rv_exit_cause((reason), cpu->csr.priv), tval_, INSN_PC); \
        prev = NULL; \
        goto next_block; \
    } while (0)
#else
#define TRAP(reason, value) do { \
        cpu->pc = INSN_PC; cpu->tval = (value); why = (reason); \
        cpu->instret -= b->ninsns - (uint64_t)(ip - (const RvInsn *)b->insns); \
        goto out; \
    } while (0)
#endif

/* Memory access. A guest address at or beyond the reserved range faults
 * without a host access; inside the range, unmapped pages are PROT_NONE on the
 * host and come back as a host SIGSEGV (rv_arm_fault_recovery), with cur_pc
 * naming the instruction. Misaligned accesses are allowed, as Linux emulates
 * them for user programs. */
#if RV_SYSTEM
/* System mode: the TLB's host pointer when it has the page, else the slow
 * path through translation (and MMIO). A store that hit translated code has
 * moved the cache epoch, and the block may be stale now. */
#define LOAD(type, addr, out) do { \
        uint64_t va_ = (addr); \
        const uint8_t *h_ = rv_tlb_load_ptr(cpu, va_, sizeof(type)); \
        if (__builtin_expect(h_ != NULL, 1)) { \
            type v_; memcpy(&v_, h_, sizeof v_); (out) = v_; \
        } else { \
            uint64_t v_; \
            RvExit e_ = rv_sys_load(cpu, va_, sizeof(type), &v_); \
            if (__builtin_expect(e_ != RV_EXIT_NONE, 0)) TRAP(e_, cpu->tval); \
            (out) = (type)v_; \
        } \
    } while (0)
#define STORE(type, addr, value) do { \
        uint64_t va_ = (addr); \
        uint8_t *h_ = rv_tlb_store_ptr(cpu, va_, sizeof(type)); \
        if (__builtin_expect(h_ != NULL, 1)) { \
            type v_ = (type)(value); memcpy(h_, &v_, sizeof v_); \
            uint64_t pa_ = (uint64_t)(h_ - mem); \
            if (__builtin_expect(rv_store_hits_code(cpu, pa_, sizeof v_), 0) && \
                tcache_invalidate(tc, pa_, sizeof v_)) \
                LEAVE_EARLY(); \
        } else { \
            RvExit e_ = rv_sys_store(cpu, va_, sizeof(type), (uint64_t)(type)(value)); \
            if (__builtin_expect(e_ != RV_EXIT_NONE, 0)) TRAP(e_, cpu->tval); \
            if (__builtin_expect(tc->epoch != epoch_seen, 0)) LEAVE_EARLY(); \
        } \
    } while (0)
#else
#define LOAD(type, addr, out) do { \
        uint64_t a_ = (addr); \
        if (__builtin_expect(a_ > mem_size - sizeof(type), 0)) TRAP(RV_EXIT_LOAD_FAULT, a_); \
        cpu->cur_pc = INSN_PC; \
        type v_; memcpy(&v_, mem + a_, sizeof v_); (out) = v_; \
    } while (0)
#define STORE(type, addr, value) do { \
        uint64_t a_ = (addr); \
        if (__builtin_expect(a_ > mem_size - sizeof(type), 0)) TRAP(RV_EXIT_STORE_FAULT, a_); \
        cpu->cur_pc = INSN_PC; \
        if (__builtin_expect(cpu->store_log != NULL, 0)) rv_store_log_note(cpu, a_, sizeof(type)); \
        type v_ = (type)(value); memcpy(mem + a_, &v_, sizeof v_); \
        if (__builtin_expect(rv_store_hits_code(cpu, a_, sizeof v_), 0) && \
            tcache_invalidate(tc, a_, sizeof v_)) \
            LEAVE_EARLY(); /* this block may be stale now */ \
    } while (0)
#endif

    /* ---- RV32I / RV64I ---- */
do_LUI:   SET_RD(ip->imm); NEXT();
do_AUIPC: SET_RD(ip->imm); NEXT();
do_JAL:   SET_RD(NEXT_PC); GOTO_PC((ureg_t)ip->imm, 0);
do_JALR: {
    ureg_t target = (ureg_t)(RS1 + (ureg_t)ip->imm) & ~(ureg_t)1;
    SET_RD(NEXT_PC);
    GOTO_PC(target, 0);
}
do_BEQ:  if (RS1 == RS2) GOTO_PC((ureg_t)ip->imm, 0); GOTO_PC(NEXT_PC, 1);
do_BNE:  if (RS1 != RS2) GOTO_PC((ureg_t)ip->imm, 0); GOTO_PC(NEXT_PC, 1);
do_BLT:  if ((sreg_t)RS1 < (sreg_t)RS2) GOTO_PC((ureg_t)ip->imm, 0); GOTO_PC(NEXT_PC, 1);
do_BGE:  if ((sreg_t)RS1 >= (sreg_t)RS2) GOTO_PC((ureg_t)ip->imm, 0); GOTO_PC(NEXT_PC, 1);
do_BLTU: if (RS1 < RS2) GOTO_PC((ureg_t)ip->imm, 0); GOTO_PC(NEXT_PC, 1);
do_BGEU: if (RS1 >= RS2) GOTO_PC((ureg_t)ip->imm, 0); GOTO_PC(NEXT_PC, 1);

do_LB:  { int8_t v;   LOAD(int8_t,   (ureg_t)(RS1 + ip->imm), v); SET_RD((sreg_t)v); NEXT(); }
do_LH:  { int16_t v;  LOAD(int16_t,  (ureg_t)(RS1 + ip->imm), v); SET_RD((sreg_t)v); NEXT(); }
do_LW:  { int32_t v;  LOAD(int32_t,  (ureg_t)(RS1 + ip->imm), v); SET_RD((sreg_t)v); NEXT(); }
do_LD:  { int64_t v;  LOAD(int64_t,  (ureg_t)(RS1 + ip->imm), v); SET_RD(v); NEXT(); }
do_LBU: { uint8_t v;  LOAD(uint8_t,  (ureg_t)(RS1 + ip->imm), v); SET_RD(v); NEXT(); }
do_LHU: { uint16_t v; LOAD(uint16_t, (ureg_t)(RS1 + ip->imm), v); SET_RD(v); NEXT(); }
do_LWU: { uint32_t v; LOAD(uint32_t, (ureg_t)(RS1 + ip->imm), v); SET_RD(v); NEXT(); }
do_SB: STORE(uint8_t,  (ureg_t)(RS1 + ip->imm), RS2); NEXT();
do_SH: STORE(uint16_t, (ureg_t)(RS1 + ip->imm), RS2); NEXT();
do_SW: STORE(uint32_t, (ureg_t)(RS1 + ip->imm), RS2); NEXT();
do_SD: STORE(uint64_t, (ureg_t)(RS1 + ip->imm), RS2); NEXT();

do_ADDI:  SET_RD(RS1 + (ureg_t)ip->imm); NEXT();
do_SLTI:  SET_RD((sreg_t)RS1 < (sreg_t)ip->imm); NEXT();
do_SLTIU: SET_RD(RS1 < (ureg_t)ip->imm); NEXT();
do_XORI:  SET_RD(RS1 ^ (ureg_t)ip->imm); NEXT();
do_ORI:   SET_RD(RS1 | (ureg_t)ip->imm); NEXT();
do_ANDI:  SET_RD(RS1 & (ureg_t)ip->imm); NEXT();
do_SLLI:  SET_RD(RS1 << ip->imm); NEXT();
do_SRLI:  SET_RD(RS1 >> ip->imm); NEXT();
do_SRAI:  SET_RD((sreg_t)RS1 >> ip->imm); NEXT();
do_ADD:   SET_RD(RS1 + RS2); NEXT();
do_SUB:   SET_RD(RS1 - RS2); NEXT();
/* register shifts use the low log2(XLEN) bits of rs2 (spec 2.4.2) */
do_SLL:   SET_RD(RS1 << (RS2 & (XLEN - 1))); NEXT();
do_SLT:   SET_RD((sreg_t)RS1 < (sreg_t)RS2); NEXT();
do_SLTU:  SET_RD(RS1 < RS2); NEXT();
do_XOR:   SET_RD(RS1 ^ RS2); NEXT();
do_SRL:   SET_RD(RS1 >> (RS2 & (XLEN - 1))); NEXT();
do_SRA:   SET_RD((sreg_t)RS1 >> (RS2 & (XLEN - 1))); NEXT();
do_OR:    SET_RD(RS1 | RS2); NEXT();
do_AND:   SET_RD(RS1 & RS2); NEXT();
do_FENCE: NEXT();
do_FENCE_I: GOTO_PC(NEXT_PC, 1);
#if RV_SYSTEM
do_ECALL:
    /* a built-in SBI: the embedder serves this ecall itself (and moves pc) */
    if ((cpu->ecall_exit_mask >> cpu->csr.priv) & 1) {
        cpu->pc = INSN_PC;
        cpu->instret--; /* not retired until the embedder completes it */
        why = RV_EXIT_ECALL;
        goto out;
    }
    TRAP(RV_EXIT_ECALL, 0);
#else
do_ECALL:  TRAP(RV_EXIT_ECALL, 0);
#endif
do_EBREAK: TRAP(RV_EXIT_EBREAK, INSN_PC);

    /* ---- privileged ---- */
#if RV_SYSTEM
do_MRET: if (!rv_mret(cpu)) TRAP(RV_EXIT_ILLEGAL, ip->raw); prev = NULL; goto next_block;
do_SRET: if (!rv_sret(cpu)) TRAP(RV_EXIT_ILLEGAL, ip->raw); prev = NULL; goto next_block;
/* With wfi_exits the embedder sleeps until an interrupt is pending (an idle
 * guest must not burn a host core); without it (no interrupt sources) wfi
 * completes at once, which the spec allows. */
do_WFI:
    if (!rv_wfi_allowed(cpu))
        TRAP(RV_EXIT_ILLEGAL, ip->raw);
    if (cpu->wfi_exits && !(cpu->csr.mip & cpu->csr.mie)) {
        cpu->pc = NEXT_PC;
        why = RV_EXIT_WFI;
        goto out;
    }
    GOTO_PC(NEXT_PC, 1);
do_SFENCE_VMA: if (!rv_sfence_vma(cpu)) TRAP(RV_EXIT_ILLEGAL, ip->raw); GOTO_PC(NEXT_PC, 1);
#else
do_MRET: do_SRET: do_WFI: do_SFENCE_VMA: TRAP(RV_EXIT_ILLEGAL, ip->raw);
#endif

    /* ---- RV64I word operations: compute on 32 bits, sign-extend ---- */
do_ADDIW: SET_RD((int32_t)(uint32_t)(RS1 + (ureg_t)ip->imm)); NEXT();
do_SLLIW: SET_RD((int32_t)((uint32_t)RS1 << ip->imm)); NEXT();
do_SRLIW: SET_RD((int32_t)((uint32_t)RS1 >> ip->imm)); NEXT();
do_SRAIW: SET_RD((int32_t)RS1 >> ip->imm); NEXT();
do_ADDW:  SET_RD((int32_t)(uint32_t)(RS1 + RS2)); NEXT();
do_SUBW:  SET_RD((int32_t)(uint32_t)(RS1 - RS2)); NEXT();
do_SLLW:  SET_RD((int32_t)((uint32_t)RS1 << (RS2 & 31))); NEXT();
do_SRLW:  SET_RD((int32_t)((uint32_t)RS1 >> (RS2 & 31))); NEXT();
do_SRAW:  SET_RD((int32_t)RS1 >> (RS2 & 31)); NEXT();

    /* ---- Zicsr ---- */
do_CSRRW: do_CSRRS: do_CSRRC: do_CSRRWI: do_CSRRSI: do_CSRRCI: {
    /* instret as of this instruction, not the end of the block */
    uint64_t unretired = b->ninsns - (uint64_t)(ip - (const RvInsn *)b->insns);
    cpu->instret -= unretired;
    bool ok = rv_exec_csr(cpu, ip);
    cpu->instret += unretired;
    if (!ok)
        TRAP(RV_EXIT_ILLEGAL, ip->raw);
    if (XLEN == 32)
        x[ip->rd] = (uint32_t)x[ip->rd];
#if RV_SYSTEM
    /* privilege, translation, the FP unit's state or the interrupt enables
     * may have changed, and blocks are decoded for one setting of those */
    rv_tlb_select(cpu);
    LEAVE_EARLY();
#else
    /* frm may have changed: nothing in a block depends on it statically */
    NEXT();
#endif
}

    /* ---- M ---- */
do_MUL:    SET_RD(RS1 * RS2); NEXT();
do_MULH:   SET_RD(mulh_x(RS1, RS2)); NEXT();
do_MULHSU: SET_RD(mulhsu_x(RS1, RS2)); NEXT();
do_MULHU:  SET_RD(mulhu_x(RS1, RS2)); NEXT();
do_DIV:    SET_RD(div_x(RS1, RS2)); NEXT();
do_DIVU:   SET_RD(divu_x(RS1, RS2)); NEXT();
do_REM:    SET_RD(rem_x(RS1, RS2)); NEXT();
do_REMU:   SET_RD(remu_x(RS1, RS2)); NEXT();
do_MULW:   SET_RD((int32_t)((uint32_t)RS1 * (uint32_t)RS2)); NEXT();
do_DIVW:   SET_RD((int32_t)rv_divw((uint32_t)RS1, (uint32_t)RS2)); NEXT();
do_DIVUW:  SET_RD((int32_t)((uint32_t)RS2 == 0 ? UINT32_MAX : (uint32_t)RS1 / (uint32_t)RS2)); NEXT();
do_REMW:   SET_RD((int32_t)rv_remw((uint32_t)RS1, (uint32_t)RS2)); NEXT();
do_REMUW:  SET_RD((int32_t)((uint32_t)RS2 == 0 ? (uint32_t)RS1 : (uint32_t)RS1 % (uint32_t)RS2)); NEXT();

    /* ---- A: host atomics on the guest range, so they stay atomic when guest
     * threads run on host threads. AMOs must be naturally aligned. ---- */
/* AMO_ADDR(n, a, is_lr) leaves in `a` the offset from `mem` of the
 * naturally aligned n-byte word that rs1 names. */
#if RV_SYSTEM
#define AMO_ADDR(n, a, is_lr) do { \
        uint64_t va_ = RS1; \
        if (__builtin_expect(va_ & ((n) - 1), 0)) \
            TRAP((is_lr) ? RV_EXIT_LOAD_MISALIGNED : RV_EXIT_MISALIGNED, va_); \
        void *h_; uint64_t pa_; \
        RvExit e_ = rv_sys_atomic_ptr(cpu, va_, (n), (is_lr), &h_, &pa_); \
        if (__builtin_expect(e_ != RV_EXIT_NONE, 0)) TRAP(e_, cpu->tval); \
        (a) = pa_; \
    } while (0)
#else
#define AMO_ADDR(n, a, is_lr) do { \
        (a) = RS1; \
        if (__builtin_expect((a) & ((n) - 1), 0)) \
            TRAP((is_lr) ? RV_EXIT_LOAD_MISALIGNED : RV_EXIT_MISALIGNED, (a)); \
        if (__builtin_expect((a) > mem_size - (n), 0)) \
            TRAP((is_lr) ? RV_EXIT_LOAD_FAULT : RV_EXIT_STORE_FAULT, (a)); \
        cpu->cur_pc = INSN_PC; \
    } while (0)
#endif
#define AMO_W(expr_old_new) do { \
        uint64_t a; AMO_ADDR(4, a, false); \
        uint32_t *p = (uint32_t *)(mem + a); \
        uint32_t src = (uint32_t)RS2, old = __atomic_load_n(p, __ATOMIC_RELAXED), nv; \
        do { nv = (expr_old_new); } while (!__atomic_compare_exchange_n(p, &old, nv, true, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)); \
        if (rv_store_hits_code(cpu, a, 4)) tcache_invalidate(tc, a, 4); \
        SET_RD((int32_t)old); NEXT(); \
    } while (0)
#define AMO_D(expr_old_new) do { \
        uint64_t a; AMO_ADDR(8, a, false); \
        uint64_t *p = (uint64_t *)(mem + a); \
        uint64_t src = (uint64_t)RS2, old = __atomic_load_n(p, __ATOMIC_RELAXED), nv; \
        do { nv = (expr_old_new); } while (!__atomic_compare_exchange_n(p, &old, nv, true, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)); \
        if (rv_store_hits_code(cpu, a, 8)) tcache_invalidate(tc, a, 8); \
        SET_RD(old); NEXT(); \
    } while (0)

do_LR_W: {
    uint64_t a; AMO_ADDR(4, a, true);
    uint32_t v = __atomic_load_n((uint32_t *)(mem + a), __ATOMIC_SEQ_CST);
    cpu->resv_valid = true; cpu->resv_addr = a; cpu->resv_value = v;
    SET_RD((int32_t)v); NEXT();
}
do_SC_W: {
    uint64_t a; AMO_ADDR(4, a, false);
    bool ok = false;
    if (cpu->resv_valid && cpu->resv_addr == a) {
        uint32_t expected = (uint32_t)cpu->resv_value;
        ok = __atomic_compare_exchange_n((uint32_t *)(mem + a), &expected, (uint32_t)RS2, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
    cpu->resv_valid = false;
    if (ok && rv_store_hits_code(cpu, a, 4)) tcache_invalidate(tc, a, 4);
    SET_RD(!ok); NEXT();
}
do_LR_D: {
    uint64_t a; AMO_ADDR(8, a, true);
    uint64_t v = __atomic_load_n((uint64_t *)(mem + a), __ATOMIC_SEQ_CST);
    cpu->resv_valid = true; cpu->resv_addr = a; cpu->resv_value = v;
    SET_RD(v); NEXT();
}
do_SC_D: {
    uint64_t a; AMO_ADDR(8, a, false);
    bool ok = false;
    if (cpu->resv_valid && cpu->resv_addr == a) {
        uint64_t expected = cpu->resv_value;
        ok = __atomic_compare_exchange_n((uint64_t *)(mem + a), &expected, (uint64_t)RS2, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
    cpu->resv_valid = false;
    if (ok && rv_store_hits_code(cpu, a, 8)) tcache_invalidate(tc, a, 8);
    SET_RD(!ok); NEXT();
}
do_AMOSWAP_W: AMO_W(src);
do_AMOADD_W:  AMO_W(old + src);
do_AMOXOR_W:  AMO_W(old ^ src);
do_AMOAND_W:  AMO_W(old & src);
do_AMOOR_W:   AMO_W(old | src);
do_AMOMIN_W:  AMO_W((int32_t)old < (int32_t)src ? old : src);
do_AMOMAX_W:  AMO_W((int32_t)old > (int32_t)src ? old : src);
do_AMOMINU_W: AMO_W(old < src ? old : src);
do_AMOMAXU_W: AMO_W(old > src ? old : src);
do_AMOSWAP_D: AMO_D(src);
do_AMOADD_D:  AMO_D(old + src);
do_AMOXOR_D:  AMO_D(old ^ src);
do_AMOAND_D:  AMO_D(old & src);
do_AMOOR_D:   AMO_D(old | src);
do_AMOMIN_D:  AMO_D((int64_t)old < (int64_t)src ? old : src);
do_AMOMAX_D:  AMO_D((int64_t)old > (int64_t)src ? old : src);
do_AMOMINU_D: AMO_D(old < src ? old : src);
do_AMOMAXU_D: AMO_D(old > src ? old : src);

    /* ---- F and D. Single values live NaN-boxed in the 64-bit f registers;
     * an operand that is not properly boxed reads as the canonical NaN
     * (spec 12.2). The helpers in fpu.c do the IEEE arithmetic. ---- */
#define FS1 rv_unbox32(f[ip->rs1])
#define FS2 rv_unbox32(f[ip->rs2])
#define FS3 rv_unbox32(f[ip->rs3])
#define FD1 f[ip->rs1]
#define FD2 f[ip->rs2]
#define FD3 f[ip->rs3]
#define SET_FS(v) (f[ip->rd] = rv_box32(v))
#define SET_FD(v) (f[ip->rd] = (v))
#define FFLAGS (&cpu->fflags)
/* Resolve the rounding mode; a dynamic mode with an invalid frm is illegal. */
#define RM(var) int var = ip->rm == 7 ? (int)cpu->frm : ip->rm; \
    if (__builtin_expect(var > 4, 0)) TRAP(RV_EXIT_ILLEGAL, ip->raw)

do_FLW: { uint32_t v; LOAD(uint32_t, (ureg_t)(RS1 + ip->imm), v); SET_FS(v); NEXT(); }
do_FLD: { uint64_t v; LOAD(uint64_t, (ureg_t)(RS1 + ip->imm), v); SET_FD(v); NEXT(); }
do_FSW: STORE(uint32_t, (ureg_t)(RS1 + ip->imm), (uint32_t)f[ip->rs2]); NEXT();
do_FSD: STORE(uint64_t, (ureg_t)(RS1 + ip->imm), f[ip->rs2]); NEXT();

do_FMADD_S:  { RM(rm); SET_FS(f32_madd(FS1, FS2, FS3, rm, FFLAGS)); NEXT(); }
do_FMSUB_S:  { RM(rm); SET_FS(f32_msub(FS1, FS2, FS3, rm, FFLAGS)); NEXT(); }
do_FNMSUB_S: { RM(rm); SET_FS(f32_nmsub(FS1, FS2, FS3, rm, FFLAGS)); NEXT(); }
do_FNMADD_S: { RM(rm); SET_FS(f32_nmadd(FS1, FS2, FS3, rm, FFLAGS)); NEXT(); }
do_FADD_S:   { RM(rm); SET_FS(f32_add(FS1, FS2, rm, FFLAGS)); NEXT(); }
do_FSUB_S:   { RM(rm); SET_FS(f32_sub(FS1, FS2, rm, FFLAGS)); NEXT(); }
do_FMUL_S:   { RM(rm); SET_FS(f32_mul(FS1, FS2, rm, FFLAGS)); NEXT(); }
do_FDIV_S:   { RM(rm); SET_FS(f32_div(FS1, FS2, rm, FFLAGS)); NEXT(); }
do_FSQRT_S:  { RM(rm); SET_FS(f32_sqrt(FS1, rm, FFLAGS)); NEXT(); }
do_FSGNJ_S:  SET_FS((FS1 & 0x7fffffffu) | (FS2 & 0x80000000u)); NEXT();
do_FSGNJN_S: SET_FS((FS1 & 0x7fffffffu) | (~FS2 & 0x80000000u)); NEXT();
do_FSGNJX_S: SET_FS(FS1 ^ (FS2 & 0x80000000u)); NEXT();
do_FMIN_S:   SET_FS(f32_min(FS1, FS2, FFLAGS)); NEXT();
do_FMAX_S:   SET_FS(f32_max(FS1, FS2, FFLAGS)); NEXT();
do_FCVT_W_S:  { RM(rm); SET_RD((sreg_t)f32_to_i32(FS1, rm, FFLAGS)); NEXT(); }
do_FCVT_WU_S: { RM(rm); SET_RD((sreg_t)(int32_t)f32_to_u32(FS1, rm, FFLAGS)); NEXT(); }
do_FCVT_L_S:  { RM(rm); SET_RD(f32_to_i64(FS1, rm, FFLAGS)); NEXT(); }
do_FCVT_LU_S: { RM(rm); SET_RD(f32_to_u64(FS1, rm, FFLAGS)); NEXT(); }
do_FMV_X_W:  SET_RD((sreg_t)(int32_t)(uint32_t)f[ip->rs1]); NEXT();
do_FEQ_S:    SET_RD(f32_eq(FS1, FS2, FFLAGS)); NEXT();
do_FLT_S:    SET_RD(f32_lt(FS1, FS2, FFLAGS)); NEXT();
do_FLE_S:    SET_RD(f32_le(FS1, FS2, FFLAGS)); NEXT();
do_FCLASS_S: SET_RD(f32_class(FS1)); NEXT();
do_FCVT_S_W:  { RM(rm); SET_FS(i32_to_f32((int32_t)RS1, rm, FFLAGS)); NEXT(); }
do_FCVT_S_WU: { RM(rm); SET_FS(u32_to_f32((uint32_t)RS1, rm, FFLAGS)); NEXT(); }
do_FCVT_S_L:  { RM(rm); SET_FS(i64_to_f32((int64_t)RS1, rm, FFLAGS)); NEXT(); }
do_FCVT_S_LU: { RM(rm); SET_FS(u64_to_f32((uint64_t)RS1, rm, FFLAGS)); NEXT(); }
do_FMV_W_X:  SET_FS((uint32_t)RS1); NEXT();

do_FMADD_D:  { RM(rm); SET_FD(f64_madd(FD1, FD2, FD3, rm, FFLAGS)); NEXT(); }
do_FMSUB_D:  { RM(rm); SET_FD(f64_msub(FD1, FD2, FD3, rm, FFLAGS)); NEXT(); }
do_FNMSUB_D: { RM(rm); SET_FD(f64_nmsub(FD1, FD2, FD3, rm, FFLAGS)); NEXT(); }
do_FNMADD_D: { RM(rm); SET_FD(f64_nmadd(FD1, FD2, FD3, rm, FFLAGS)); NEXT(); }
do_FADD_D:   { RM(rm); SET_FD(f64_add(FD1, FD2, rm, FFLAGS)); NEXT(); }
do_FSUB_D:   { RM(rm); SET_FD(f64_sub(FD1, FD2, rm, FFLAGS)); NEXT(); }
do_FMUL_D:   { RM(rm); SET_FD(f64_mul(FD1, FD2, rm, FFLAGS)); NEXT(); }
do_FDIV_D:   { RM(rm); SET_FD(f64_div(FD1, FD2, rm, FFLAGS)); NEXT(); }
do_FSQRT_D:  { RM(rm); SET_FD(f64_sqrt(FD1, rm, FFLAGS)); NEXT(); }
do_FSGNJ_D:  SET_FD((FD1 & ~RV_SIGN64) | (FD2 & RV_SIGN64)); NEXT();
do_FSGNJN_D: SET_FD((FD1 & ~RV_SIGN64) | (~FD2 & RV_SIGN64)); NEXT();
do_FSGNJX_D: SET_FD(FD1 ^ (FD2 & RV_SIGN64)); NEXT();
do_FMIN_D:   SET_FD(f64_min(FD1, FD2, FFLAGS)); NEXT();
do_FMAX_D:   SET_FD(f64_max(FD1, FD2, FFLAGS)); NEXT();
do_FCVT_S_D: { RM(rm); SET_FS(f64_to_f32(FD1, rm, FFLAGS)); NEXT(); }
do_FCVT_D_S: { RM(rm); (void)rm; SET_FD(f32_to_f64(FS1, FFLAGS)); NEXT(); }
do_FEQ_D:    SET_RD(f64_eq(FD1, FD2, FFLAGS)); NEXT();
do_FLT_D:    SET_RD(f64_lt(FD1, FD2, FFLAGS)); NEXT();
do_FLE_D:    SET_RD(f64_le(FD1, FD2, FFLAGS)); NEXT();
do_FCLASS_D: SET_RD(f64_class(FD1)); NEXT();
do_FCVT_W_D:  { RM(rm); SET_RD((sreg_t)f64_to_i32(FD1, rm, FFLAGS)); NEXT(); }
do_FCVT_WU_D: { RM(rm); SET_RD((sreg_t)(int32_t)f64_to_u32(FD1, rm, FFLAGS)); NEXT(); }
do_FCVT_L_D:  { RM(rm); SET_RD(f64_to_i64(FD1, rm, FFLAGS)); NEXT(); }
do_FCVT_LU_D: { RM(rm); SET_RD(f64_to_u64(FD1, rm, FFLAGS)); NEXT(); }
do_FMV_X_D:  SET_RD(f[ip->rs1]); NEXT();
do_FCVT_D_W:  { RM(rm); (void)rm; SET_FD(i32_to_f64((int32_t)RS1, rm, FFLAGS)); NEXT(); }
do_FCVT_D_WU: { RM(rm); (void)rm; SET_FD(u32_to_f64((uint32_t)RS1, rm, FFLAGS)); NEXT(); }
do_FCVT_D_L:  { RM(rm); SET_FD(i64_to_f64((int64_t)RS1, rm, FFLAGS)); NEXT(); }
do_FCVT_D_LU: { RM(rm); SET_FD(u64_to_f64((uint64_t)RS1, rm, FFLAGS)); NEXT(); }
do_FMV_D_X:  SET_FD(RS1); NEXT();

do_ILLEGAL: TRAP(RV_EXIT_ILLEGAL, ip->raw);
do_FALLTHROUGH: GOTO_PC((ureg_t)ip->imm, 1);

out:
    if (cpu->trace)
        rv_trace_step(cpu, &trace, b);
    return why;

#undef GOTO_PC
#undef LEAVE_EARLY
#undef TRAP
#undef LOAD
#undef STORE
#undef AMO_ADDR
#undef AMO_W
#undef AMO_D
#undef FS1
#undef FS2
#undef FS3
#undef FD1
#undef FD2
#undef FD3
#undef SET_FS
#undef SET_FD
#undef FFLAGS
#undef RM
}

/* A guest access to an unmapped page of the guest range comes back here from
 * the host SIGSEGV handler; the interpreter's frame is abandoned, and every
 * piece of guest state is already in *cpu. */
RvExit RV_RUN(RvCpu *cpu)
{
    rv_fault_prepare(cpu);
    if (sigsetjmp(cpu->fault.jmp, 0))
        return rv_fault_exit(cpu);
    RvExit why = RV_RUN_BLOCKS(cpu, NULL);
    rv_disarm_fault_recovery(cpu);
    return why;
}

#if !RV_SYSTEM
/* From inside a run (the JIT's verify mode runs one block in the
 * interpreter): the outer run has fault recovery armed already. */
RvExit RV_RUN_NESTED(RvCpu *cpu)
{
    return RV_RUN_BLOCKS(cpu, NULL);
}
#endif

const void *const *RV_DISPATCH(void)
{
    const void *const *table;
    RV_RUN_BLOCKS(NULL, &table);
    return table;
}

#undef RS1
#undef RS2
#undef SET_RD
#undef DISPATCH
#undef NEXT
#undef INSN_PC
#undef NEXT_PC
