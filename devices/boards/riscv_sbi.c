/*
 * The built-in SBI; see riscv_sbi.h. Semantics from the RISC-V SBI
 * specification v2.0 (chapters 3-4 base and legacy, 6 timer, 7 IPI, 8
 * RFENCE, 9 HSM, 10 SRST).
 */
#include "riscv_sbi.h"

enum { A0 = 10, A1 = 11, A6 = 16, A7 = 17 };

/* HSM hart states */
enum { HSM_STARTED = 0 };

static void ret(RvCpu *cpu, int64_t error, uint64_t value)
{
    cpu->x[A0] = (uint64_t)error;
    cpu->x[A1] = value;
}

static bool extension_present(uint64_t eid)
{
    switch (eid) {
    case SBI_EXT_BASE: case SBI_EXT_TIME: case SBI_EXT_IPI: case SBI_EXT_RFENCE: case SBI_EXT_HSM:
    case SBI_EXT_SRST:
    case 0x00: case 0x01: case 0x02: case 0x03: case 0x04: case 0x05: case 0x06: case 0x07: case 0x08:
        return true;
    default:
        return false;
    }
}

static void base(RvCpu *cpu, uint64_t fid)
{
    switch (fid) {
    case 0: ret(cpu, SBI_SUCCESS, 2u << 24); break;        /* spec version 2.0 */
    case 1: ret(cpu, SBI_SUCCESS, SBI_IMPL_ID_FERRY); break;
    case 2: ret(cpu, SBI_SUCCESS, SBI_IMPL_VERSION); break;
    case 3: ret(cpu, SBI_SUCCESS, extension_present(cpu->x[A0]) ? 1 : 0); break;
    case 4: case 5: case 6: ret(cpu, SBI_SUCCESS, 0); break; /* mvendorid, marchid, mimpid */
    default: ret(cpu, SBI_ERR_NOT_SUPPORTED, 0); break;
    }
}

/* Is hart `hartid` named by the (mask, base) pair of IPI/RFENCE calls? One
 * hart (id 0) exists. base = -1 means "all harts". */
static bool mask_names_hart0(uint64_t mask, uint64_t mask_base, bool *invalid)
{
    *invalid = false;
    if (mask_base == UINT64_MAX)
        return true;
    if (mask_base > 0 || !(mask & 1)) {
        /* a mask naming only harts that do not exist */
        *invalid = mask != 0;
        return false;
    }
    return true;
}

static void send_ipi_to_self(RvCpu *cpu)
{
    cpu->csr.mip |= 1u << 1; /* SSIP */
}

static void remote_fence(RvCpu *cpu)
{
    rv_translation_changed(cpu);
}

static void hsm(RvCpu *cpu, uint64_t fid)
{
    uint64_t hart = cpu->x[A0];
    switch (fid) {
    case 0: /* hart_start */
        ret(cpu, hart == 0 ? SBI_ERR_ALREADY_AVAILABLE : SBI_ERR_INVALID_PARAM, 0);
        break;
    case 1: /* hart_stop: the only hart cannot stop and leave nobody running */
        ret(cpu, SBI_ERR_FAILED, 0);
        break;
    case 2: /* hart_get_status */
        if (hart == 0)
            ret(cpu, SBI_SUCCESS, HSM_STARTED);
        else
            ret(cpu, SBI_ERR_INVALID_PARAM, 0);
        break;
    case 3: /* hart_suspend: a retentive suspend is a wfi that returns at once */
        ret(cpu, cpu->x[A0] == 0 ? SBI_SUCCESS : SBI_ERR_NOT_SUPPORTED, 0);
        break;
    default:
        ret(cpu, SBI_ERR_NOT_SUPPORTED, 0);
        break;
    }
}

static uint64_t timer_value(const RvCpu *cpu, uint64_t lo, uint64_t hi)
{
    /* RV32 passes the 64-bit time in a0 (low) and a1 (high) */
    return cpu->xlen == 32 ? (uint32_t)lo | (hi << 32) : lo;
}

void sbi_call(RvCpu *cpu, const SbiHost *host)
{
    uint64_t eid = cpu->x[A7], fid = cpu->x[A6];
    if (cpu->xlen == 32) {
        eid = (uint32_t)eid;
        fid = (uint32_t)fid;
    }
    bool invalid;
    switch (eid) {
    case SBI_EXT_BASE:
        base(cpu, fid);
        break;
    case SBI_EXT_TIME:
        if (fid == 0) {
            host->set_timer(host->opaque, timer_value(cpu, cpu->x[A0], cpu->x[A1]));
            ret(cpu, SBI_SUCCESS, 0);
        } else {
            ret(cpu, SBI_ERR_NOT_SUPPORTED, 0);
        }
        break;
    case SBI_EXT_IPI:
        if (fid != 0) {
            ret(cpu, SBI_ERR_NOT_SUPPORTED, 0);
        } else if (mask_names_hart0(cpu->x[A0], cpu->x[A1], &invalid)) {
            send_ipi_to_self(cpu);
            ret(cpu, SBI_SUCCESS, 0);
        } else {
            ret(cpu, invalid ? SBI_ERR_INVALID_PARAM : SBI_SUCCESS, 0);
        }
        break;
    case SBI_EXT_RFENCE:
        if (fid > 6) {
            ret(cpu, SBI_ERR_NOT_SUPPORTED, 0);
        } else if (fid >= 3) {
            /* the hypervisor fences: ferry has no H extension */
            ret(cpu, SBI_ERR_NOT_SUPPORTED, 0);
        } else if (mask_names_hart0(cpu->x[A0], cpu->x[A1], &invalid)) {
            /* fence.i and sfence.vma of any range: drop every cached
             * translation (correct for all of them) */
            remote_fence(cpu);
            ret(cpu, SBI_SUCCESS, 0);
        } else {
            ret(cpu, invalid ? SBI_ERR_INVALID_PARAM : SBI_SUCCESS, 0);
        }
        break;
    case SBI_EXT_HSM:
        hsm(cpu, fid);
        break;
    case SBI_EXT_SRST: {
        uint64_t type = (uint32_t)cpu->x[A0], reason = (uint32_t)cpu->x[A1];
        if (fid != 0) {
            ret(cpu, SBI_ERR_NOT_SUPPORTED, 0);
        } else if (type > 2 || (reason > 1 && reason < 0xe0000000u)) {
            ret(cpu, SBI_ERR_INVALID_PARAM, 0);
        } else {
            host->reset(host->opaque, (SbiResetType)type, (uint32_t)reason);
            ret(cpu, SBI_SUCCESS, 0);
        }
        break;
    }
    /* legacy extensions (SBI v0.1): a0 holds the return value */
    case 0x00: /* set_timer */
        host->set_timer(host->opaque, timer_value(cpu, cpu->x[A0], cpu->x[A1]));
        cpu->x[A0] = 0;
        break;
    case 0x01: /* console_putchar */
        host->putchar(host->opaque, (uint8_t)cpu->x[A0]);
        cpu->x[A0] = 0;
        break;
    case 0x02: /* console_getchar */
        cpu->x[A0] = (uint64_t)(int64_t)host->getchar(host->opaque);
        break;
    case 0x03: /* clear_ipi */
        cpu->csr.mip &= ~(1ull << 1);
        cpu->x[A0] = 0;
        break;
    case 0x04: /* send_ipi (hart mask pointer: one hart, so to self) */
        send_ipi_to_self(cpu);
        cpu->x[A0] = 0;
        break;
    case 0x05: case 0x06: case 0x07: /* remote fence.i / sfence.vma (asid) */
        remote_fence(cpu);
        cpu->x[A0] = 0;
        break;
    case 0x08: /* shutdown */
        host->reset(host->opaque, SBI_RESET_SHUTDOWN, 0);
        cpu->x[A0] = 0;
        break;
    default:
        ret(cpu, SBI_ERR_NOT_SUPPORTED, 0);
        break;
    }
    if (cpu->xlen == 32) {
        cpu->x[A0] = (uint32_t)cpu->x[A0];
        cpu->x[A1] = (uint32_t)cpu->x[A1];
    }
    cpu->pc += 4;
    if (cpu->xlen == 32)
        cpu->pc = (uint32_t)cpu->pc;
    cpu->instret++;
}

void sbi_prepare_supervisor(RvCpu *cpu, uint64_t entry, uint64_t hartid, uint64_t dtb)
{
    RvPrivState *s = &cpu->csr;
    /* every exception a kernel handles itself: causes 0-8 (misaligned,
     * access faults, illegal, breakpoint, ecall from U) and the page faults
     * 12, 13, 15; and the S-level interrupts */
    s->medeleg = 0xb1ffull;
    s->mideleg = (1u << 1) | (1u << 5) | (1u << 9);
    /* cycle, time and instret readable below M; like OpenSBI, also open
     * them to U-mode (Linux never writes scounteren, and its vDSO reads
     * the time CSR in U-mode) */
    s->mcounteren = 7;
    s->scounteren = 7;
    /* PMP: S and U may reach all of physical memory, as OpenSBI's last
     * region allows (entry 0, NAPOT over the whole space, RWX) */
    s->pmpaddr[0] = cpu->xlen == 32 ? 0xffffffffull : (1ull << 54) - 1;
    s->pmpcfg[0] = (s->pmpcfg[0] & ~0xffull) | 0x1f;
    s->mstatus &= ~(RV_MSTATUS_MPP | RV_MSTATUS_FS);
    s->priv = RV_PRIV_S;
    cpu->ecall_exit_mask = 1u << RV_PRIV_S;
    cpu->pc = entry;
    cpu->x[A0] = hartid;
    cpu->x[A1] = dtb;
    rv_translation_changed(cpu);
}
