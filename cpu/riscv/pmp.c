/*
 * Physical memory protection (Privileged ISA 20211203 section 3.7): 64
 * entries, granularity 4 bytes. Enforced when the embedder sets
 * cpu->pmp_enforced (the virt board); the bare test machine keeps the CSRs
 * without enforcement, as Spike-style suites expect to run S and U code
 * without programming PMP.
 */
#include "rv_internal.h"

enum { PMP_R = 1, PMP_W = 2, PMP_X = 4, PMP_A_SHIFT = 3, PMP_L = 0x80 };
enum { PMP_OFF = 0, PMP_TOR = 1, PMP_NA4 = 2, PMP_NAPOT = 3 };

unsigned rv_pmp_cfg(const RvCpu *cpu, unsigned i)
{
    /* RV64 packs 8 entries per even pmpcfg register, RV32 4 per register */
    if (cpu->xlen == 64)
        return (unsigned)(cpu->csr.pmpcfg[(i / 8) * 2] >> ((i % 8) * 8)) & 0xff;
    return (unsigned)(cpu->csr.pmpcfg[i / 4] >> ((i % 4) * 8)) & 0xff;
}

/* The byte range [lo, hi) entry i covers; false when it is off. */
static bool entry_range(const RvCpu *cpu, unsigned i, unsigned cfg, uint64_t *lo, uint64_t *hi)
{
    uint64_t addr = cpu->csr.pmpaddr[i];
    switch ((cfg >> PMP_A_SHIFT) & 3) {
    case PMP_TOR:
        *lo = i == 0 ? 0 : cpu->csr.pmpaddr[i - 1] << 2;
        *hi = addr << 2;
        return true;
    case PMP_NA4:
        *lo = addr << 2;
        *hi = *lo + 4;
        return true;
    case PMP_NAPOT: {
        /* trailing ones give the size: 2^(ones + 3) bytes */
        unsigned ones = (unsigned)__builtin_ctzll(~addr);
        if (ones >= 54) {
            *lo = 0;
            *hi = UINT64_MAX;
        } else {
            *lo = (addr & ~((1ull << ones) - 1)) << 2;
            *hi = *lo + (1ull << (ones + 3));
        }
        return true;
    }
    default:
        return false;
    }
}

bool rv_pmp_allows(const RvCpu *cpu, uint64_t pa, uint64_t len, unsigned acc, unsigned priv)
{
    unsigned need = acc == RV_ACC_FETCH ? PMP_X : acc == RV_ACC_LOAD ? PMP_R : PMP_W;
    uint64_t last = pa + len - 1;
    for (unsigned i = 0; i < 64; i++) {
        unsigned cfg = rv_pmp_cfg(cpu, i);
        uint64_t lo, hi;
        if (!entry_range(cpu, i, cfg, &lo, &hi) || lo >= hi)
            continue;
        bool first_in = pa >= lo && pa < hi, last_in = last >= lo && (hi == UINT64_MAX || last < hi);
        if (!first_in && !last_in)
            continue;
        /* the lowest matching entry decides; it must cover the whole access */
        if (!first_in || !last_in)
            return false;
        if (priv == RV_PRIV_M && !(cfg & PMP_L))
            return true;
        return (cfg & need) != 0;
    }
    /* no entry matches: M-mode passes, S and U fail (entries exist) */
    return priv == RV_PRIV_M;
}

bool rv_pmp_locked(const RvCpu *cpu, unsigned i)
{
    return (rv_pmp_cfg(cpu, i) & PMP_L) != 0;
}

bool rv_pmp_addr_locked(const RvCpu *cpu, unsigned i)
{
    /* pmpaddr[i] is also locked when entry i+1 is a locked TOR using it */
    if (rv_pmp_locked(cpu, i))
        return true;
    if (i + 1 < 64) {
        unsigned next = rv_pmp_cfg(cpu, i + 1);
        return (next & PMP_L) && ((next >> PMP_A_SHIFT) & 3) == PMP_TOR;
    }
    return false;
}
