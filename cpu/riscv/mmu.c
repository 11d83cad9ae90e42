/*
 * System-mode memory: virtual-to-physical translation (Sv32, Sv39, Sv48;
 * Privileged ISA 20211203 section 4.3-4.5), the software TLB in front of it,
 * and the load/store paths that use them. Physical RAM lies in the host
 * window of RvMemory (physical address = window offset); other physical
 * addresses go to the embedder's MMIO callbacks (devices), or fault.
 *
 * The TLB caches only RAM pages, and a page enters a table's store side only
 * through a store translation, so the A and D bits the walker sets are never
 * skipped. Tables are per translation context (rv_tlb_select); the spec
 * requires sfence.vma after page-table changes, which flushes them all.
 */
#include <string.h>

#include "rv_internal.h"

typedef struct PagingMode {
    unsigned levels;
    unsigned vpn_bits;     /* bits of virtual page number per level */
    unsigned pte_size;     /* bytes */
    unsigned va_bits;      /* significant virtual-address bits */
} PagingMode;

static const PagingMode SV32 = { 2, 10, 4, 32 };
static const PagingMode SV39 = { 3, 9, 8, 39 };
static const PagingMode SV48 = { 4, 9, 8, 48 };

enum {
    PTE_V = 1 << 0, PTE_R = 1 << 1, PTE_W = 1 << 2, PTE_X = 1 << 3,
    PTE_U = 1 << 4, PTE_G = 1 << 5, PTE_A = 1 << 6, PTE_D = 1 << 7,
};

static bool in_range(uint64_t base, uint64_t size, uint64_t pa, uint64_t len)
{
    return pa >= base && pa - base < size && len <= size - (pa - base);
}

bool rv_phys_ok(const RvCpu *cpu, uint64_t pa, uint64_t len)
{
    const RvMemory *m = &cpu->mem;
    if (in_range(m->ram_base, m->ram_size, pa, len))
        return true;
    for (unsigned i = 0; i < m->nextra_ram; i++)
        if (in_range(m->extra_ram[i].base, m->extra_ram[i].size, pa, len))
            return true;
    return false;
}

static unsigned access_priv(const RvCpu *cpu, RvAccess acc);

/* ---- software TLB ---- */

void rv_tlb_flush(RvCpu *cpu)
{
    for (unsigned t = 0; t < RV_TLB_TABLES; t++)
        for (unsigned i = 0; i < RV_TLB_SIZE; i++)
            cpu->tlb[t][i] = (RvTlbEntry){ RV_TLB_INVALID, RV_TLB_INVALID, 0 };
    for (unsigned p = 0; p < 4; p++)
        for (unsigned i = 0; i < RV_ITLB_SIZE; i++)
            cpu->itlb[p][i].vpage = RV_TLB_INVALID;
    cpu->tlb_flushes++;
    rv_tlb_select(cpu);
}

void rv_tlb_select(RvCpu *cpu)
{
    const RvPrivState *s = &cpu->csr;
    unsigned priv = s->priv;
    if (priv == RV_PRIV_M && (s->mstatus & RV_MSTATUS_MPRV))
        priv = (unsigned)((s->mstatus & RV_MSTATUS_MPP) >> 11);
    unsigned t = priv == RV_PRIV_U ? RV_TLB_U
               : priv == RV_PRIV_S ? ((s->mstatus & RV_MSTATUS_SUM) ? RV_TLB_S_SUM : RV_TLB_S)
               : RV_TLB_M;
    cpu->tlb_data = cpu->tlb[t];
}

/* Remember va -> pa for this kind of access when pa's whole page is RAM. */
static void tlb_fill(RvCpu *cpu, uint64_t va, uint64_t pa, bool store)
{
    uint64_t vpage = va & ~0xfffull, ppage = pa & ~0xfffull;
    if (!rv_phys_ok(cpu, ppage, 4096))
        return;
    /* only pages PMP allows whole: other accesses must keep being checked */
    RvAccess acc = store ? RV_ACC_STORE : RV_ACC_LOAD;
    if (cpu->pmp_enforced && !rv_pmp_allows(cpu, ppage, 4096, acc, access_priv(cpu, acc)))
        return;
    /* an embedder (or a test) may have changed priv or mstatus directly */
    rv_tlb_select(cpu);
    RvTlbEntry *e = &cpu->tlb_data[(va >> 12) & (RV_TLB_SIZE - 1)];
    uintptr_t off = (uintptr_t)(cpu->mem.base + ppage) - (uintptr_t)vpage;
    /* the two tags share one host offset: keep the other only when it is
     * the same page with the same offset */
    if (e->host_minus_va != off) {
        e->tag_load = RV_TLB_INVALID;
        e->tag_store = RV_TLB_INVALID;
    }
    e->host_minus_va = off;
    if (store)
        e->tag_store = vpage;
    else
        e->tag_load = vpage;
}

RvExit rv_fetch_phys(RvCpu *cpu, uint64_t va, uint64_t *pa)
{
    unsigned priv = cpu->csr.priv & 3;
    uint64_t vpage = va & ~0xfffull;
    RvItlbEntry *e = &cpu->itlb[priv][(va >> 12) & (RV_ITLB_SIZE - 1)];
    if (e->vpage == vpage) {
        *pa = e->ppage | (va & 0xfff);
        return RV_EXIT_NONE;
    }
    RvExit why = rv_translate(cpu, va, RV_ACC_FETCH, pa);
    if (why != RV_EXIT_NONE)
        return why;
    if (!rv_phys_ok(cpu, *pa, 2))
        return RV_EXIT_FETCH_FAULT;
    /* only pages that are RAM and executable whole, so a hit needs no
     * further check */
    uint64_t ppage = *pa & ~0xfffull;
    if (rv_phys_ok(cpu, ppage, 4096) &&
        (!cpu->pmp_enforced || rv_pmp_allows(cpu, ppage, 4096, RV_ACC_FETCH, cpu->csr.priv))) {
        e->vpage = cpu->xlen == 32 ? (uint32_t)vpage : vpage;
        e->ppage = ppage;
    }
    return RV_EXIT_NONE;
}

static RvExit page_fault(RvAccess acc)
{
    return acc == RV_ACC_FETCH ? RV_EXIT_FETCH_PAGE_FAULT
         : acc == RV_ACC_LOAD ? RV_EXIT_LOAD_PAGE_FAULT : RV_EXIT_STORE_PAGE_FAULT;
}

static RvExit access_fault(RvAccess acc)
{
    return acc == RV_ACC_FETCH ? RV_EXIT_FETCH_FAULT : acc == RV_ACC_LOAD ? RV_EXIT_LOAD_FAULT : RV_EXIT_STORE_FAULT;
}

static RvExit translate_va(RvCpu *cpu, uint64_t va, RvAccess acc, uint64_t *pa);

/* The privilege an access is checked at: MPRV moves loads and stores in
 * M-mode to MPP (3.1.6.3). */
static unsigned access_priv(const RvCpu *cpu, RvAccess acc)
{
    const RvPrivState *s = &cpu->csr;
    if (acc != RV_ACC_FETCH && s->priv == RV_PRIV_M && (s->mstatus & RV_MSTATUS_MPRV))
        return (unsigned)((s->mstatus & RV_MSTATUS_MPP) >> 11);
    return s->priv;
}

RvExit rv_translate(RvCpu *cpu, uint64_t va, RvAccess acc, uint64_t *pa)
{
    RvExit e = translate_va(cpu, va, acc, pa);
    if (e == RV_EXIT_NONE && cpu->pmp_enforced && !rv_pmp_allows(cpu, *pa, 1, acc, access_priv(cpu, acc)))
        return access_fault(acc);
    return e;
}

static RvExit translate_va(RvCpu *cpu, uint64_t va, RvAccess acc, uint64_t *pa)
{
    const RvPrivState *s = &cpu->csr;
    unsigned priv = s->priv;
    /* MPRV: loads and stores in M-mode use MPP's translation (3.1.6.3) */
    if (acc != RV_ACC_FETCH && priv == RV_PRIV_M && (s->mstatus & RV_MSTATUS_MPRV))
        priv = (unsigned)((s->mstatus & RV_MSTATUS_MPP) >> 11);
    if (cpu->xlen == 32)
        va = (uint32_t)va;

    const PagingMode *pm;
    uint64_t root_ppn;
    if (cpu->xlen == 32) {
        if (priv == RV_PRIV_M || !(s->satp >> 31)) {
            *pa = va;
            return RV_EXIT_NONE;
        }
        pm = &SV32;
        root_ppn = s->satp & 0x3fffff;
    } else {
        unsigned mode = (unsigned)(s->satp >> 60);
        if (priv == RV_PRIV_M || mode == RV_SATP_BARE) {
            *pa = va;
            return RV_EXIT_NONE;
        }
        pm = mode == RV_SATP_SV48 ? &SV48 : &SV39;
        root_ppn = s->satp & ((1ull << 44) - 1);
        /* the unused upper bits must all equal the top significant one */
        int64_t sva = (int64_t)(va << (64 - pm->va_bits)) >> (64 - pm->va_bits);
        if ((uint64_t)sva != va)
            return page_fault(acc);
    }

    uint64_t table = root_ppn << 12;
    for (int level = (int)pm->levels - 1; level >= 0; level--) {
        uint64_t vpn = (va >> (12 + (unsigned)level * pm->vpn_bits)) & ((1u << pm->vpn_bits) - 1);
        uint64_t pte_addr = table + vpn * pm->pte_size;
        if (!rv_phys_ok(cpu, pte_addr, pm->pte_size))
            return access_fault(acc);
        uint8_t *host = cpu->mem.base + pte_addr;
    reread:;
        uint64_t pte = pm->pte_size == 8 ? __atomic_load_n((uint64_t *)host, __ATOMIC_ACQUIRE)
                                         : __atomic_load_n((uint32_t *)host, __ATOMIC_ACQUIRE);
        if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W)))
            return page_fault(acc);
        /* bits 63:54 are reserved for Svpbmt/Svnapot, which ferry lacks */
        if (pm->pte_size == 8 && (pte >> 54))
            return page_fault(acc);
        uint64_t ppn = pm->pte_size == 8 ? (pte >> 10) & ((1ull << 44) - 1) : (pte >> 10) & 0x3fffff;
        if (!(pte & (PTE_R | PTE_X))) {
            /* pointer to the next level; a non-leaf at the last level faults */
            table = ppn << 12;
            continue;
        }
        /* leaf: privilege (4.3.1: U pages from S only for loads/stores with SUM) */
        if (priv == RV_PRIV_U && !(pte & PTE_U))
            return page_fault(acc);
        if (priv == RV_PRIV_S && (pte & PTE_U) && (acc == RV_ACC_FETCH || !(s->mstatus & RV_MSTATUS_SUM)))
            return page_fault(acc);
        bool ok = acc == RV_ACC_FETCH ? (pte & PTE_X)
                : acc == RV_ACC_LOAD ? ((pte & PTE_R) || ((s->mstatus & RV_MSTATUS_MXR) && (pte & PTE_X)))
                : (pte & PTE_W);
        if (!ok)
            return page_fault(acc);
        /* a superpage must be aligned: its low PPN fields are zero */
        uint64_t low_mask = (1ull << ((unsigned)level * pm->vpn_bits)) - 1;
        if (ppn & low_mask)
            return page_fault(acc);
        /* A and D are set by the hardware walker (Svade is not implemented),
         * atomically, so a racing writer of the PTE is not overwritten */
        uint64_t want = pte | PTE_A | (acc == RV_ACC_STORE ? PTE_D : 0);
        if (want != pte) {
            bool swapped = pm->pte_size == 8
                ? __atomic_compare_exchange_n((uint64_t *)host, &pte, want, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)
                : __atomic_compare_exchange_n((uint32_t *)host, &(uint32_t){ (uint32_t)pte }, (uint32_t)want, false,
                                              __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
            if (!swapped)
                goto reread;
            rv_phys_written(cpu, pte_addr, pm->pte_size);
        }
        uint64_t page_off_mask = (1ull << (12 + (unsigned)level * pm->vpn_bits)) - 1;
        *pa = ((ppn << 12) & ~page_off_mask) | (va & page_off_mask);
        return RV_EXIT_NONE;
    }
    return page_fault(acc);
}

/* Translate [va, va+n) for an access that may cross a page boundary; each
 * byte's physical address is then pa_lo + i (same page) or, past the
 * boundary, pa_hi + (i - split). */
static RvExit translate_span(RvCpu *cpu, uint64_t va, unsigned n, RvAccess acc, uint64_t *pa_lo, uint64_t *pa_hi,
                             unsigned *split)
{
    RvExit e = rv_translate(cpu, va, acc, pa_lo);
    if (e != RV_EXIT_NONE) {
        cpu->tval = va;
        return e;
    }
    unsigned in_page = 4096 - (unsigned)(va & 4095);
    *split = n <= in_page ? n : in_page;
    if (*split < n) {
        uint64_t va2 = va + *split;
        if (cpu->xlen == 32)
            va2 = (uint32_t)va2;
        e = rv_translate(cpu, va2, acc, pa_hi);
        if (e != RV_EXIT_NONE) {
            cpu->tval = va2;
            return e;
        }
        if (!rv_phys_ok(cpu, *pa_hi, n - *split)) {
            cpu->tval = va2;
            return access_fault(acc);
        }
    }
    if (!rv_phys_ok(cpu, *pa_lo, *split)) {
        cpu->tval = va;
        return access_fault(acc);
    }
    return RV_EXIT_NONE;
}

/* One access that stays inside a page: RAM (filling the TLB) or MMIO. */
static RvExit access_in_page(RvCpu *cpu, uint64_t va, unsigned n, bool store, uint64_t *value)
{
    RvAccess acc = store ? RV_ACC_STORE : RV_ACC_LOAD;
    uint64_t pa;
    RvExit e = rv_translate(cpu, va, acc, &pa);
    if (e != RV_EXIT_NONE) {
        cpu->tval = va;
        return e;
    }
    if (rv_phys_ok(cpu, pa, n)) {
        if (store) {
            memcpy(cpu->mem.base + pa, value, n); /* little-endian host and guest */
            rv_phys_written(cpu, pa, n);
        } else {
            *value = 0;
            memcpy(value, cpu->mem.base + pa, n);
        }
        tlb_fill(cpu, va, pa, store);
        return RV_EXIT_NONE;
    }
    const RvMemory *m = &cpu->mem;
    bool ok = store ? (m->mmio_write && m->mmio_write(m->mmio_opaque, pa, n, *value))
                    : (m->mmio_read && m->mmio_read(m->mmio_opaque, pa, n, value));
    if (ok)
        return RV_EXIT_NONE;
    cpu->tval = va;
    return access_fault(acc);
}

RvExit rv_sys_load(RvCpu *cpu, uint64_t va, unsigned n, uint64_t *value)
{
    if ((va & 4095) + n <= 4096)
        return access_in_page(cpu, va, n, false, value);
    /* crosses a page: RAM only, both pages translated before any byte moves */
    uint64_t lo, hi = 0;
    unsigned split;
    RvExit e = translate_span(cpu, va, n, RV_ACC_LOAD, &lo, &hi, &split);
    if (e != RV_EXIT_NONE)
        return e;
    uint8_t bytes[8];
    memcpy(bytes, cpu->mem.base + lo, split);
    memcpy(bytes + split, cpu->mem.base + hi, n - split);
    uint64_t v = 0;
    memcpy(&v, bytes, n);
    *value = v;
    return RV_EXIT_NONE;
}

RvExit rv_sys_store(RvCpu *cpu, uint64_t va, unsigned n, uint64_t value)
{
    if ((va & 4095) + n <= 4096)
        return access_in_page(cpu, va, n, true, &value);
    uint64_t lo, hi = 0;
    unsigned split;
    RvExit e = translate_span(cpu, va, n, RV_ACC_STORE, &lo, &hi, &split);
    if (e != RV_EXIT_NONE)
        return e;
    uint8_t bytes[8];
    memcpy(bytes, &value, 8);
    memcpy(cpu->mem.base + lo, bytes, split);
    rv_phys_written(cpu, lo, split);
    memcpy(cpu->mem.base + hi, bytes + split, n - split);
    rv_phys_written(cpu, hi, n - split);
    return RV_EXIT_NONE;
}

RvExit rv_sys_atomic_ptr(RvCpu *cpu, uint64_t va, unsigned n, bool is_lr, void **host, uint64_t *pa)
{
    /* LR needs only read permission; SC and AMOs fault as stores (4.3.1) */
    RvAccess acc = is_lr ? RV_ACC_LOAD : RV_ACC_STORE;
    RvExit e = rv_translate(cpu, va, acc, pa);
    if (e == RV_EXIT_NONE && !rv_phys_ok(cpu, *pa, n))
        e = access_fault(acc);
    if (e != RV_EXIT_NONE) {
        cpu->tval = va;
        return e;
    }
    *host = cpu->mem.base + *pa;
    return RV_EXIT_NONE;
}

void rv_phys_written(RvCpu *cpu, uint64_t pa, unsigned n)
{
    if (rv_store_hits_code(cpu, pa, n))
        tcache_invalidate(cpu->tc, pa, n);
}
