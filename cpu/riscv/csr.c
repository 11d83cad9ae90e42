/*
 * Control and status registers visible to user programs: the floating-point
 * CSRs and the counters (Unprivileged ISA, chapters "Zicsr" and "Counters").
 * The privileged CSRs arrive with the privileged architecture.
 */
#include <time.h>

#include "rv_internal.h"

enum {
    CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003,
    CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02,
    CSR_CYCLEH = 0xc80, CSR_TIMEH = 0xc81, CSR_INSTRETH = 0xc82,
};

/* The time CSR counts at 10 MHz, the timebase of QEMU's virt board and of most
 * Linux RISC-V systems. */
static uint64_t time_ticks(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 10000000u + (uint64_t)ts.tv_nsec / 100u;
}

bool rv_csr_read(RvCpu *cpu, uint32_t csr, uint64_t *value)
{
    bool rv32 = cpu->xlen == 32;
    switch (csr) {
    case CSR_FFLAGS: *value = cpu->fflags; return true;
    case CSR_FRM: *value = cpu->frm; return true;
    case CSR_FCSR: *value = (cpu->frm << 5) | cpu->fflags; return true;
    /* cycle: ferry has no cycle model; one instruction is one cycle */
    case CSR_CYCLE:
    case CSR_INSTRET: *value = rv32 ? (uint32_t)cpu->instret : cpu->instret; return true;
    case CSR_TIME: *value = rv32 ? (uint32_t)time_ticks() : time_ticks(); return true;
    case CSR_CYCLEH:
    case CSR_INSTRETH:
        if (!rv32)
            return false;
        *value = cpu->instret >> 32;
        return true;
    case CSR_TIMEH:
        if (!rv32)
            return false;
        *value = time_ticks() >> 32;
        return true;
    default:
        return false;
    }
}

bool rv_csr_write(RvCpu *cpu, uint32_t csr, uint64_t value)
{
    /* csr[11:10] == 3 marks read-only CSRs (spec 2.1, "CSR Address Mapping") */
    if ((csr >> 10) == 3)
        return false;
    switch (csr) {
    case CSR_FFLAGS: cpu->fflags = value & 0x1f; return true;
    case CSR_FRM: cpu->frm = value & 7; return true;
    case CSR_FCSR:
        cpu->fflags = value & 0x1f;
        cpu->frm = (value >> 5) & 7;
        return true;
    default:
        return false;
    }
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
    bool reads = !is_write || ip->rd != RV_REG_SINK;
    bool writes = is_write || ip->rs1 != 0;

    uint64_t old = 0;
    if (reads && !rv_csr_read(cpu, csr, &old))
        return false;
    if (!reads && !rv_csr_read(cpu, csr, &(uint64_t){0}))
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
