/*
 * Traps in system mode: exception entry and return (mret/sret), wfi,
 * sfence.vma (Privileged ISA 20211203 sections 3.1.6-3.3, 4.2).
 */
#include "rv_internal.h"

unsigned rv_exit_cause(RvExit why, unsigned priv)
{
    switch (why) {
    case RV_EXIT_ILLEGAL: return RV_CAUSE_ILLEGAL;
    case RV_EXIT_EBREAK: return RV_CAUSE_BREAKPOINT;
    case RV_EXIT_ECALL: return RV_CAUSE_ECALL_U + priv; /* 8, 9 or 11 */
    case RV_EXIT_FETCH_FAULT: return RV_CAUSE_FETCH_ACCESS;
    case RV_EXIT_LOAD_FAULT: return RV_CAUSE_LOAD_ACCESS;
    case RV_EXIT_STORE_FAULT: return RV_CAUSE_STORE_ACCESS;
    /* ferry raises "misaligned" only for atomics: LR is a load, SC and the
     * AMOs are store/AMO accesses */
    case RV_EXIT_MISALIGNED: return RV_CAUSE_STORE_MISALIGNED;
    case RV_EXIT_LOAD_MISALIGNED: return RV_CAUSE_LOAD_MISALIGNED;
    case RV_EXIT_FETCH_PAGE_FAULT: return RV_CAUSE_FETCH_PAGE;
    case RV_EXIT_LOAD_PAGE_FAULT: return RV_CAUSE_LOAD_PAGE;
    case RV_EXIT_STORE_PAGE_FAULT: return RV_CAUSE_STORE_PAGE;
    default: return RV_CAUSE_ILLEGAL;
    }
}

static uint64_t xlen_value(const RvCpu *cpu, uint64_t v)
{
    return cpu->xlen == 32 ? (uint32_t)v : v;
}

/* Enter a trap: exception (interrupt = false) or interrupt with this code.
 * Traps below M-mode go to S-mode when delegated (medeleg for exceptions,
 * mideleg for interrupts, 3.1.8); a trap never moves to a less privileged
 * mode. Vectored mtvec/stvec modes send interrupts to base + 4 * code. */
static void trap_enter(RvCpu *cpu, bool interrupt, unsigned code, uint64_t tval, uint64_t epc)
{
    RvPrivState *s = &cpu->csr;
    uint64_t st = s->mstatus;
    uint64_t cause = code | (interrupt ? 1ull << (cpu->xlen - 1) : 0);
    uint64_t deleg = interrupt ? s->mideleg : s->medeleg;
    uint64_t tvec;
    if (s->priv <= RV_PRIV_S && ((deleg >> code) & 1)) {
        s->scause = cause;
        s->sepc = xlen_value(cpu, epc);
        s->stval = xlen_value(cpu, tval);
        st = (st & ~RV_MSTATUS_SPP) | (s->priv == RV_PRIV_S ? RV_MSTATUS_SPP : 0);
        st = (st & ~RV_MSTATUS_SPIE) | ((st & RV_MSTATUS_SIE) ? RV_MSTATUS_SPIE : 0);
        st &= ~RV_MSTATUS_SIE;
        s->priv = RV_PRIV_S;
        tvec = s->stvec;
    } else {
        s->mcause = cause;
        s->mepc = xlen_value(cpu, epc);
        s->mtval = xlen_value(cpu, tval);
        st = (st & ~RV_MSTATUS_MPP) | ((uint64_t)s->priv << 11);
        st = (st & ~RV_MSTATUS_MPIE) | ((st & RV_MSTATUS_MIE) ? RV_MSTATUS_MPIE : 0);
        st &= ~RV_MSTATUS_MIE;
        s->priv = RV_PRIV_M;
        tvec = s->mtvec;
    }
    s->mstatus = st;
    cpu->pc = (tvec & ~3ull) + ((interrupt && (tvec & 3) == 1) ? 4ull * code : 0);
    /* an LR reservation does not survive a trap */
    cpu->resv_valid = false;
    rv_tlb_select(cpu);
}

void rv_raise(RvCpu *cpu, unsigned cause, uint64_t tval, uint64_t epc)
{
    trap_enter(cpu, false, cause, tval, epc);
}

/* Interrupts in priority order (3.1.9): MEI, MSI, MTI, SEI, SSI, STI. */
static const unsigned interrupt_priority[] = { 11, 3, 7, 9, 1, 5 };

bool rv_take_interrupt(RvCpu *cpu)
{
    RvPrivState *s = &cpu->csr;
    uint64_t pending = s->mip & s->mie;
    if (!pending)
        return false;
    /* M-level interrupts (not delegated) are enabled below M, or in M with
     * MIE; S-level ones below S, or in S with SIE, never in M. */
    bool m_on = s->priv < RV_PRIV_M || (s->mstatus & RV_MSTATUS_MIE);
    bool s_on = s->priv < RV_PRIV_S || (s->priv == RV_PRIV_S && (s->mstatus & RV_MSTATUS_SIE));
    uint64_t enabled = (pending & ~s->mideleg & (m_on ? ~0ull : 0)) | (pending & s->mideleg & (s_on ? ~0ull : 0));
    for (unsigned i = 0; i < sizeof interrupt_priority / sizeof interrupt_priority[0]; i++) {
        unsigned code = interrupt_priority[i];
        if ((enabled >> code) & 1) {
            trap_enter(cpu, true, code, 0, cpu->pc);
            return true;
        }
    }
    return false;
}

bool rv_mret(RvCpu *cpu)
{
    RvPrivState *s = &cpu->csr;
    if (s->priv != RV_PRIV_M)
        return false;
    uint64_t st = s->mstatus;
    unsigned mpp = (unsigned)((st & RV_MSTATUS_MPP) >> 11);
    st = (st & ~RV_MSTATUS_MIE) | ((st & RV_MSTATUS_MPIE) ? RV_MSTATUS_MIE : 0);
    st |= RV_MSTATUS_MPIE;
    st &= ~RV_MSTATUS_MPP; /* MPP = U, the least-privileged mode */
    if (mpp != RV_PRIV_M)
        st &= ~RV_MSTATUS_MPRV;
    s->mstatus = st;
    s->priv = mpp;
    cpu->pc = xlen_value(cpu, s->mepc);
    cpu->resv_valid = false;
    rv_tlb_select(cpu);
    return true;
}

bool rv_sret(RvCpu *cpu)
{
    RvPrivState *s = &cpu->csr;
    if (s->priv == RV_PRIV_U || (s->priv == RV_PRIV_S && (s->mstatus & RV_MSTATUS_TSR)))
        return false;
    uint64_t st = s->mstatus;
    unsigned spp = (st & RV_MSTATUS_SPP) ? RV_PRIV_S : RV_PRIV_U;
    st = (st & ~RV_MSTATUS_SIE) | ((st & RV_MSTATUS_SPIE) ? RV_MSTATUS_SIE : 0);
    st |= RV_MSTATUS_SPIE;
    st &= ~RV_MSTATUS_SPP;
    st &= ~RV_MSTATUS_MPRV; /* the new mode is below M */
    s->mstatus = st;
    s->priv = spp;
    cpu->pc = xlen_value(cpu, s->sepc);
    cpu->resv_valid = false;
    rv_tlb_select(cpu);
    return true;
}

bool rv_wfi_allowed(const RvCpu *cpu)
{
    const RvPrivState *s = &cpu->csr;
    if (s->priv == RV_PRIV_U)
        return false;
    if (s->priv == RV_PRIV_S && (s->mstatus & RV_MSTATUS_TW))
        return false;
    return true;
}

bool rv_sfence_vma(RvCpu *cpu)
{
    const RvPrivState *s = &cpu->csr;
    if (s->priv == RV_PRIV_U || (s->priv == RV_PRIV_S && (s->mstatus & RV_MSTATUS_TVM)))
        return false;
    rv_translation_changed(cpu);
    return true;
}

/* The TLB depends on the mapping: when it may have changed, flush it. Cached
 * blocks stay: each is found by the physical address its pc fetches from
 * now (rv_block_lookup), so a block of another mapping is never used. What
 * skips that lookup is reset: the run loop's successor links (the cache
 * epoch), translated code's indirect-jump tables (they follow
 * tlb_flushes), and translated blocks jump straight only to blocks on their
 * own page (jit.c). */
void rv_translation_changed(RvCpu *cpu)
{
    if (!cpu->system)
        return;
    rv_tlb_flush(cpu);
    if (cpu->tc)
        cpu->tc->epoch++;
}
