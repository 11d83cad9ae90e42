/*
 * Control and status registers: the floating-point CSRs, the counters, and the
 * machine- and supervisor-level CSRs of the privileged architecture
 * (Unprivileged ISA chapters "Zicsr" and "Counters"; Privileged ISA 20211203
 * chapters 2-4). WARL fields keep only legal values.
 */
#include <time.h>

#include "rv_internal.h"

enum {
    CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003,
    CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02,
    CSR_HPMCOUNTER3 = 0xc03, CSR_HPMCOUNTER31 = 0xc1f,
    CSR_CYCLEH = 0xc80, CSR_TIMEH = 0xc81, CSR_INSTRETH = 0xc82,
    CSR_HPMCOUNTER3H = 0xc83, CSR_HPMCOUNTER31H = 0xc9f,

    CSR_SSTATUS = 0x100, CSR_SIE = 0x104, CSR_STVEC = 0x105, CSR_SCOUNTEREN = 0x106,
    CSR_SENVCFG = 0x10a, CSR_SSCRATCH = 0x140, CSR_SEPC = 0x141, CSR_SCAUSE = 0x142,
    CSR_STVAL = 0x143, CSR_SIP = 0x144, CSR_SATP = 0x180,

    CSR_MSTATUS = 0x300, CSR_MISA = 0x301, CSR_MEDELEG = 0x302, CSR_MIDELEG = 0x303,
    CSR_MIE = 0x304, CSR_MTVEC = 0x305, CSR_MCOUNTEREN = 0x306, CSR_MENVCFG = 0x30a,
    CSR_MSTATUSH = 0x310, CSR_MENVCFGH = 0x31a, CSR_MCOUNTINHIBIT = 0x320,
    CSR_MHPMEVENT3 = 0x323, CSR_MHPMEVENT31 = 0x33f,
    CSR_MSCRATCH = 0x340, CSR_MEPC = 0x341, CSR_MCAUSE = 0x342, CSR_MTVAL = 0x343, CSR_MIP = 0x344,
    CSR_PMPCFG0 = 0x3a0, CSR_PMPCFG15 = 0x3af, CSR_PMPADDR0 = 0x3b0, CSR_PMPADDR63 = 0x3ef,
    CSR_MCYCLE = 0xb00, CSR_MINSTRET = 0xb02, CSR_MHPMCOUNTER3 = 0xb03, CSR_MHPMCOUNTER31 = 0xb1f,
    CSR_MCYCLEH = 0xb80, CSR_MINSTRETH = 0xb82, CSR_MHPMCOUNTER3H = 0xb83, CSR_MHPMCOUNTER31H = 0xb9f,
    CSR_MVENDORID = 0xf11, CSR_MARCHID = 0xf12, CSR_MIMPID = 0xf13, CSR_MHARTID = 0xf14,
    CSR_MCONFIGPTR = 0xf15,
};

/* mstatus fields that software can write (the rest read as fixed values). */
#define MSTATUS_WRITABLE \
    (RV_MSTATUS_SIE | RV_MSTATUS_MIE | RV_MSTATUS_SPIE | RV_MSTATUS_MPIE | RV_MSTATUS_SPP | RV_MSTATUS_MPP | \
     RV_MSTATUS_FS | RV_MSTATUS_MPRV | RV_MSTATUS_SUM | RV_MSTATUS_MXR | RV_MSTATUS_TVM | RV_MSTATUS_TW | \
     RV_MSTATUS_TSR)
#define SSTATUS_VISIBLE \
    (RV_MSTATUS_SIE | RV_MSTATUS_SPIE | RV_MSTATUS_SPP | RV_MSTATUS_FS | RV_MSTATUS_SUM | RV_MSTATUS_MXR | \
     RV_MSTATUS_UXL)
/* exceptions that can be delegated to S-mode: not ecall from M (11), nor the
 * reserved causes 10 and 14 */
#define MEDELEG_WRITABLE 0xb3ffull
#define MIP_SSIP (1u << 1)
#define MIP_STIP (1u << 5)
#define MIP_SEIP (1u << 9)
#define MIDELEG_WRITABLE (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define MIE_WRITABLE 0xaaaull
#define MIP_WRITABLE (MIP_SSIP | MIP_STIP | MIP_SEIP)

/* The time CSR counts at 10 MHz, the timebase of QEMU's virt board and of most
 * Linux RISC-V systems. */
static uint64_t host_time_ticks(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 10000000u + (uint64_t)ts.tv_nsec / 100u;
}

static uint64_t time_ticks(const RvCpu *cpu)
{
    return cpu->time_now ? cpu->time_now(cpu->time_opaque) : host_time_ticks();
}

uint64_t rv_misa(unsigned xlen)
{
    uint64_t ext = 0;
    for (const char *e = "acdfimsu"; *e; e++)
        ext |= 1ull << (*e - 'a');
    return xlen == 64 ? (2ull << 62) | ext : (1ull << 30) | ext;
}

/* mstatus as software reads it: fixed fields filled in, SD summarising FS. */
static uint64_t mstatus_read(const RvCpu *cpu)
{
    uint64_t v = cpu->csr.mstatus;
    bool dirty = ((v & RV_MSTATUS_FS) >> 13) == 3;
    if (cpu->xlen == 64) {
        v |= RV_MSTATUS_UXL | RV_MSTATUS_SXL; /* both XLEN 64 (value 2) */
        v = dirty ? v | (1ull << 63) : v & ~(1ull << 63);
    } else {
        v &= 0xffffffffull;
        v = dirty ? v | (1ull << 31) : v & ~(1ull << 31);
    }
    return v;
}

static void mstatus_write(RvCpu *cpu, uint64_t v, uint64_t writable)
{
    uint64_t old = cpu->csr.mstatus;
    /* MPP is WARL over the implemented modes: 2 is reserved, keep the old */
    if (((v & RV_MSTATUS_MPP) >> 11) == 2)
        v = (v & ~RV_MSTATUS_MPP) | (old & RV_MSTATUS_MPP);
    cpu->csr.mstatus = (old & ~writable) | (v & writable);
    /* MXR changes what every cached load translation allows; SUM, MPRV and
     * MPP only change which TLB table applies */
    if (cpu->system && ((old ^ cpu->csr.mstatus) & RV_MSTATUS_MXR))
        rv_tlb_flush(cpu);
    else if (cpu->system)
        rv_tlb_select(cpu);
}

/* Counters readable below M-mode only when mcounteren (and, for U-mode,
 * scounteren) allow it (Privileged ISA 3.1.11). */
static bool counter_allowed(const RvCpu *cpu, unsigned index)
{
    if (cpu->csr.priv == RV_PRIV_M)
        return true;
    if (!((cpu->csr.mcounteren >> index) & 1))
        return false;
    if (cpu->csr.priv == RV_PRIV_U && !((cpu->csr.scounteren >> index) & 1))
        return false;
    return true;
}

static bool in_range(uint32_t csr, uint32_t lo, uint32_t hi) { return csr >= lo && csr <= hi; }

bool rv_csr_read(RvCpu *cpu, uint32_t csr, uint64_t *value)
{
    bool rv32 = cpu->xlen == 32;
    RvPrivState *s = &cpu->csr;
    /* csr[9:8] is the lowest privilege that may access it */
    if (((csr >> 8) & 3) > s->priv)
        return false;
    bool fp = csr == CSR_FFLAGS || csr == CSR_FRM || csr == CSR_FCSR;
    if (fp && ((s->mstatus & RV_MSTATUS_FS) == 0))
        return false;

    switch (csr) {
    case CSR_FFLAGS: *value = cpu->fflags; return true;
    case CSR_FRM: *value = cpu->frm; return true;
    case CSR_FCSR: *value = (cpu->frm << 5) | cpu->fflags; return true;
    /* cycle: ferry has no cycle model; one instruction is one cycle */
    case CSR_CYCLE:
    case CSR_INSTRET:
        if (!counter_allowed(cpu, csr - CSR_CYCLE))
            return false;
        *value = rv32 ? (uint32_t)cpu->instret : cpu->instret;
        return true;
    case CSR_TIME:
        if (!counter_allowed(cpu, 1))
            return false;
        *value = rv32 ? (uint32_t)time_ticks(cpu) : time_ticks(cpu);
        return true;
    case CSR_CYCLEH:
    case CSR_INSTRETH:
        if (!rv32 || !counter_allowed(cpu, csr - CSR_CYCLEH))
            return false;
        *value = cpu->instret >> 32;
        return true;
    case CSR_TIMEH:
        if (!rv32 || !counter_allowed(cpu, 1))
            return false;
        *value = time_ticks(cpu) >> 32;
        return true;

    case CSR_SSTATUS: *value = mstatus_read(cpu) & (SSTATUS_VISIBLE | (rv32 ? 1ull << 31 : 1ull << 63)); return true;
    case CSR_SIE: *value = s->mie & s->mideleg; return true;
    case CSR_SIP: *value = s->mip & s->mideleg; return true;
    case CSR_STVEC: *value = s->stvec; return true;
    case CSR_SCOUNTEREN: *value = s->scounteren; return true;
    case CSR_SENVCFG: *value = s->senvcfg; return true;
    case CSR_SSCRATCH: *value = s->sscratch; return true;
    case CSR_SEPC: *value = s->sepc; return true;
    case CSR_SCAUSE: *value = s->scause; return true;
    case CSR_STVAL: *value = s->stval; return true;
    case CSR_SATP:
        if (s->priv == RV_PRIV_S && (s->mstatus & RV_MSTATUS_TVM))
            return false;
        *value = s->satp;
        return true;

    case CSR_MSTATUS: *value = mstatus_read(cpu); return true;
    case CSR_MSTATUSH:
        if (!rv32)
            return false;
        *value = 0; /* little-endian M and S, no fields implemented */
        return true;
    case CSR_MISA: *value = rv_misa(cpu->xlen); return true;
    case CSR_MEDELEG: *value = s->medeleg; return true;
    case CSR_MIDELEG: *value = s->mideleg; return true;
    case CSR_MIE: *value = s->mie; return true;
    case CSR_MIP: *value = s->mip; return true;
    case CSR_MTVEC: *value = s->mtvec; return true;
    case CSR_MCOUNTEREN: *value = s->mcounteren; return true;
    case CSR_MCOUNTINHIBIT: *value = s->mcountinhibit; return true;
    case CSR_MENVCFG: *value = rv32 ? (uint32_t)s->menvcfg : s->menvcfg; return true;
    case CSR_MENVCFGH:
        if (!rv32)
            return false;
        *value = s->menvcfg >> 32;
        return true;
    case CSR_MSCRATCH: *value = s->mscratch; return true;
    case CSR_MEPC: *value = s->mepc; return true;
    case CSR_MCAUSE: *value = s->mcause; return true;
    case CSR_MTVAL: *value = s->mtval; return true;
    case CSR_MCYCLE:
    case CSR_MINSTRET: *value = rv32 ? (uint32_t)cpu->instret : cpu->instret; return true;
    case CSR_MCYCLEH:
    case CSR_MINSTRETH:
        if (!rv32)
            return false;
        *value = cpu->instret >> 32;
        return true;
    case CSR_MVENDORID: case CSR_MARCHID: case CSR_MIMPID: case CSR_MHARTID: case CSR_MCONFIGPTR:
        *value = 0;
        return true;
    default:
        break;
    }
    if (in_range(csr, CSR_PMPCFG0, CSR_PMPCFG15)) {
        /* RV64 has only the even pmpcfg registers */
        if (!rv32 && (csr & 1))
            return false;
        *value = s->pmpcfg[csr - CSR_PMPCFG0];
        return true;
    }
    if (in_range(csr, CSR_PMPADDR0, CSR_PMPADDR63)) {
        *value = s->pmpaddr[csr - CSR_PMPADDR0];
        return true;
    }
    /* unimplemented performance counters and events read as zero */
    if (in_range(csr, CSR_MHPMCOUNTER3, CSR_MHPMCOUNTER31) || in_range(csr, CSR_MHPMEVENT3, CSR_MHPMEVENT31) ||
        (rv32 && in_range(csr, CSR_MHPMCOUNTER3H, CSR_MHPMCOUNTER31H))) {
        *value = 0;
        return true;
    }
    if (in_range(csr, CSR_HPMCOUNTER3, CSR_HPMCOUNTER31) ||
        (rv32 && in_range(csr, CSR_HPMCOUNTER3H, CSR_HPMCOUNTER31H))) {
        if (!counter_allowed(cpu, csr & 31))
            return false;
        *value = 0;
        return true;
    }
    return false;
}

bool rv_csr_write(RvCpu *cpu, uint32_t csr, uint64_t value)
{
    bool rv32 = cpu->xlen == 32;
    RvPrivState *s = &cpu->csr;
    /* csr[11:10] == 3 marks read-only CSRs (Privileged ISA 2.1) */
    if ((csr >> 10) == 3 || ((csr >> 8) & 3) > s->priv)
        return false;
    if (rv32)
        value = (uint32_t)value;
    switch (csr) {
    case CSR_FFLAGS:
    case CSR_FRM:
    case CSR_FCSR:
        if ((s->mstatus & RV_MSTATUS_FS) == 0)
            return false;
        if (csr != CSR_FRM)
            cpu->fflags = value & 0x1f;
        if (csr == CSR_FRM)
            cpu->frm = value & 7;
        else if (csr == CSR_FCSR)
            cpu->frm = (value >> 5) & 7;
        s->mstatus |= RV_MSTATUS_FS; /* the FP state is now dirty */
        return true;

    case CSR_SSTATUS: mstatus_write(cpu, value, SSTATUS_VISIBLE & MSTATUS_WRITABLE); return true;
    case CSR_SIE: s->mie = (s->mie & ~s->mideleg) | (value & s->mideleg & MIE_WRITABLE); return true;
    case CSR_SIP: s->mip = (s->mip & ~(s->mideleg & MIP_SSIP)) | (value & s->mideleg & MIP_SSIP); return true;
    case CSR_STVEC: s->stvec = (value & 3) >= 2 ? (value & ~3ull) | (s->stvec & 3) : value; return true;
    case CSR_SCOUNTEREN: s->scounteren = (uint32_t)value; return true;
    case CSR_SENVCFG: s->senvcfg = value & 1; return true; /* FIOM */
    case CSR_SSCRATCH: s->sscratch = value; return true;
    case CSR_SEPC: s->sepc = value & ~1ull; return true;
    case CSR_SCAUSE: s->scause = value; return true;
    case CSR_STVAL: s->stval = value; return true;
    case CSR_SATP: {
        if (s->priv == RV_PRIV_S && (s->mstatus & RV_MSTATUS_TVM))
            return false;
        /* A write selecting an unsupported mode has no effect at all
         * (Privileged ISA 4.1.11); Linux probes Sv57/Sv48 this way. */
        if (rv32) {
            s->satp = value & ~(0x1ffull << 22) /* ASID not implemented */;
        } else {
            unsigned mode = (unsigned)(value >> 60);
            if (mode != RV_SATP_BARE && mode != RV_SATP_SV39 && mode != RV_SATP_SV48)
                return true;
            s->satp = value & ~(0xffffull << 44) /* ASID not implemented */;
        }
        rv_translation_changed(cpu);
        return true;
    }

    case CSR_MSTATUS: {
        uint64_t before = s->mstatus;
        mstatus_write(cpu, value, MSTATUS_WRITABLE);
        if ((before ^ s->mstatus) & (RV_MSTATUS_MPRV | RV_MSTATUS_SUM | RV_MSTATUS_MXR | RV_MSTATUS_MPP))
            rv_translation_changed(cpu);
        return true;
    }
    case CSR_MSTATUSH: return rv32;
    case CSR_MISA: return true; /* WARL, fixed */
    case CSR_MEDELEG: s->medeleg = value & MEDELEG_WRITABLE; return true;
    case CSR_MIDELEG: s->mideleg = value & MIDELEG_WRITABLE; return true;
    case CSR_MIE: s->mie = value & MIE_WRITABLE; return true;
    case CSR_MIP: s->mip = (s->mip & ~MIP_WRITABLE) | (value & MIP_WRITABLE); return true;
    case CSR_MTVEC: s->mtvec = (value & 3) >= 2 ? (value & ~3ull) | (s->mtvec & 3) : value; return true;
    case CSR_MCOUNTEREN: s->mcounteren = (uint32_t)value; return true;
    case CSR_MCOUNTINHIBIT: s->mcountinhibit = (uint32_t)value & ~2u; return true;
    case CSR_MENVCFG:
        s->menvcfg = rv32 ? (s->menvcfg & ~0xffffffffull) | (value & 1) : value & 1;
        return true;
    case CSR_MENVCFGH: return rv32;
    case CSR_MSCRATCH: s->mscratch = value; return true;
    case CSR_MEPC: s->mepc = value & ~1ull; return true;
    case CSR_MCAUSE: s->mcause = value; return true;
    case CSR_MTVAL: s->mtval = value; return true;
    case CSR_MCYCLE:
    case CSR_MINSTRET:
        cpu->instret = rv32 ? (cpu->instret & ~0xffffffffull) | value : value;
        return true;
    case CSR_MCYCLEH:
    case CSR_MINSTRETH:
        if (!rv32)
            return false;
        cpu->instret = (cpu->instret & 0xffffffffull) | (value << 32);
        return true;
    default:
        break;
    }
    if (in_range(csr, CSR_PMPCFG0, CSR_PMPCFG15)) {
        if (!rv32 && (csr & 1))
            return false;
        /* a locked entry's byte keeps its value (3.7.1.2) */
        unsigned per = rv32 ? 4 : 8, first = (csr - CSR_PMPCFG0) / (rv32 ? 1 : 2) * per;
        uint64_t v = s->pmpcfg[csr - CSR_PMPCFG0];
        for (unsigned b = 0; b < per; b++) {
            if (rv_pmp_locked(cpu, first + b))
                continue;
            uint64_t byte = (value >> (8 * b)) & 0xff;
            byte &= ~0x60ull;               /* bits 5-6 are reserved zero */
            if ((byte & 3) == 2)            /* W without R is reserved */
                byte &= ~3ull;
            v = (v & ~(0xffull << (8 * b))) | (byte << (8 * b));
        }
        s->pmpcfg[csr - CSR_PMPCFG0] = rv32 ? (uint32_t)v : v;
        rv_translation_changed(cpu);
        return true;
    }
    if (in_range(csr, CSR_PMPADDR0, CSR_PMPADDR63)) {
        if (rv_pmp_addr_locked(cpu, csr - CSR_PMPADDR0))
            return true;
        /* 54 bits of address on RV64 (a 56-bit physical space, >> 2) */
        s->pmpaddr[csr - CSR_PMPADDR0] = rv32 ? value : value & ((1ull << 54) - 1);
        rv_translation_changed(cpu);
        return true;
    }
    if (in_range(csr, CSR_MHPMCOUNTER3, CSR_MHPMCOUNTER31) || in_range(csr, CSR_MHPMEVENT3, CSR_MHPMEVENT31) ||
        (rv32 && in_range(csr, CSR_MHPMCOUNTER3H, CSR_MHPMCOUNTER31H)))
        return true; /* read-only zero: writes ignored (WARL) */
    return false;
}

/*
 * csrrw always writes and reads only when rd != x0; csrrs/csrrc always read
 * and write only when rs1 (or the uimm) is not zero (spec 9.1). A write to a
 * read-only CSR is illegal even when the value would not change it.
 */
bool rv_exec_csr(RvCpu *cpu, const RvInsn *ip)
{
    uint32_t csr = (uint32_t)ip->imm;
    bool imm_form = ip->op == RV_OP_CSRRWI || ip->op == RV_OP_CSRRSI || ip->op == RV_OP_CSRRCI;
    uint64_t src = imm_form ? ip->rs1 : cpu->x[ip->rs1];
    if (cpu->xlen == 32)
        src = (uint32_t)src;
    bool is_write = ip->op == RV_OP_CSRRW || ip->op == RV_OP_CSRRWI;
    bool writes = is_write || ip->rs1 != 0;

    uint64_t old = 0;
    if (!rv_csr_read(cpu, csr, &old))
        return false;
    if (writes) {
        uint64_t nv = src;
        if (ip->op == RV_OP_CSRRS || ip->op == RV_OP_CSRRSI)
            nv = old | src;
        else if (ip->op == RV_OP_CSRRC || ip->op == RV_OP_CSRRCI)
            nv = old & ~src;
        if (!rv_csr_write(cpu, csr, nv))
            return false;
    }
    cpu->x[ip->rd] = old;
    return true;
}
