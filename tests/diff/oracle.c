/*
 * The reference side: each case on Unicorn 2 (RISC-V, M-mode, mstatus.FS on).
 *
 * One engine serves many cases: per case only the registers, fcsr, the data
 * windows and the instruction bytes are written. Two Unicorn 2.0.1 facts shape
 * this file (see shared/ORACLES.md and the notes here):
 *  - uc_mem_write does not invalidate translated code: an instruction written
 *    where one was translated before runs the stale translation. The remedy,
 *    uc_ctl_remove_cache, gets slower with every translation and crashes once
 *    the translation buffer has been flushed. So no pc is ever reused within
 *    one engine: the pcs where a translation may exist (each start pc and
 *    each pc an instruction stopped at) are remembered, and a case that needs
 *    one of them gets a fresh engine, as does every RECYCLE_CASES-th case.
 *  - Traps are not taken: ecall/illegal/misaligned AMO call UC_HOOK_INTR
 *    with QEMU's exception number, ebreak stops with UC_ERR_INSN_INVALID, an
 *    unmapped access stops with UC_ERR_{READ,WRITE}_UNMAPPED.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicorn/unicorn.h>

#include "rv_diff.h"

#define RECYCLE_CASES 8192
/* RV32 only: Unicorn 2.0.1's register API moves just 32 bits of an f register
 * there, so f registers go through memory instead: a fixed block of 32 fld
 * loads them from FP_SCRATCH before a case, and one of 32 fsd stores them
 * back after each step. Both blocks address FP_SCRATCH from x0 and never
 * change, so their translations stay valid. */
#define FP_SCRATCH    0x600ull
#define FP_LOAD_PC    0x1100ull
#define FP_STORE_PC   0x1200ull
#define NREGIONS 3
#define UNTIL 1 /* an odd address: never a pc, so uc_emu_start stops by count */

struct Oracle {
    uc_engine *uc;
    unsigned xlen;
    uint64_t rbase[NREGIONS], rsize[NREGIONS];
    uint8_t *used[NREGIONS];    /* one bit per 2-byte slot: a translation may exist */
    unsigned cases;             /* cases run on this engine */
    bool resv;                  /* an LR may have left a reservation */
    uint64_t pc;
    /* set by the hooks during one step */
    int intno;
    bool invalid;
    bool unmapped;
    uint64_t unmapped_addr;
    /* batch register access */
    int regs[64];
    void *vals[64];
    uint64_t v64[64];
    uint32_t v32[64];
};

/* Sanitizer builds: Unicorn 2.0.1 leaks the code bitmap that
 * tb_invalidate_phys_page_fast allocates when a store hits a page holding
 * translated code (it is not freed by uc_close). Only leaks allocated inside
 * libunicorn are suppressed; LeakSanitizer asks for this hook by name. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libunicorn.so\n";
}
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}

static void die(const char *what, uc_err e)
{
    fprintf(stderr, "rv_diff: unicorn: %s: %s\n", what, uc_strerror(e));
    exit(2);
}

static void hook_intr(uc_engine *uc, uint32_t intno, void *user)
{
    Oracle *o = user;
    o->intno = (int)intno;
    uc_emu_stop(uc);
}

static bool hook_invalid(uc_engine *uc, void *user)
{
    Oracle *o = user;
    o->invalid = true;
    uc_emu_stop(uc);
    return false;
}

static bool hook_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *user)
{
    (void)uc; (void)type; (void)size; (void)value;
    Oracle *o = user;
    o->unmapped = true;
    o->unmapped_addr = addr;
    return false;
}

static int region_of(const Oracle *o, uint64_t pc)
{
    for (int i = 0; i < NREGIONS; i++)
        if (pc - o->rbase[i] < o->rsize[i])
            return i;
    return -1;
}

static bool is_used(const Oracle *o, uint64_t pc)
{
    int i = region_of(o, pc);
    if (i < 0)
        return false;
    uint64_t slot = (pc - o->rbase[i]) >> 1;
    return o->used[i][slot >> 3] >> (slot & 7) & 1;
}

static void mark_used(Oracle *o, uint64_t pc)
{
    int i = region_of(o, pc);
    if (i < 0)
        return;
    uint64_t slot = (pc - o->rbase[i]) >> 1;
    o->used[i][slot >> 3] |= (uint8_t)(1u << (slot & 7));
}

static void reg_write(Oracle *o, int id, uint64_t v)
{
    uc_err e;
    if (o->xlen == 32) {
        uint32_t w = (uint32_t)v;
        e = uc_reg_write(o->uc, id, &w);
    } else {
        e = uc_reg_write(o->uc, id, &v);
    }
    if (e != UC_ERR_OK)
        die("reg_write", e);
}

static uint64_t reg_read(Oracle *o, int id)
{
    if (o->xlen == 32) {
        uint32_t w = 0;
        uc_reg_read(o->uc, id, &w);
        return w;
    }
    uint64_t v = 0;
    uc_reg_read(o->uc, id, &v);
    return v;
}

static void engine_open(Oracle *o)
{
    uc_err e;
    if (o->uc)
        uc_close(o->uc);
    e = uc_open(UC_ARCH_RISCV, o->xlen == 32 ? UC_MODE_RISCV32 : UC_MODE_RISCV64, &o->uc);
    if (e != UC_ERR_OK)
        die("uc_open", e);
    if ((e = uc_mem_map(o->uc, 0, MEM_SIZE, UC_PROT_ALL)) != UC_ERR_OK)
        die("map RAM", e);
    for (int i = 1; i < NREGIONS; i++)
        if ((e = uc_mem_map(o->uc, o->rbase[i], o->rsize[i], UC_PROT_ALL)) != UC_ERR_OK)
            die("map code region", e);
    uc_hook h;
    if ((e = uc_hook_add(o->uc, &h, UC_HOOK_INTR, (void *)hook_intr, o, 1, 0)) != UC_ERR_OK ||
        (e = uc_hook_add(o->uc, &h, UC_HOOK_INSN_INVALID, (void *)hook_invalid, o, 1, 0)) != UC_ERR_OK ||
        (e = uc_hook_add(o->uc, &h, UC_HOOK_MEM_UNMAPPED, (void *)hook_unmapped, o, 1, 0)) != UC_ERR_OK)
        die("hook_add", e);
    /* FS = Dirty: FP instructions and fcsr accesses are allowed */
    reg_write(o, UC_RISCV_REG_MSTATUS, 0x6000);
    /* the instruction that drops a stale reservation: sc.w x0, x0, (x0) */
    uint32_t sc = 0x1800202f;
    if ((e = uc_mem_write(o->uc, SCRATCH_PC, &sc, 4)) != UC_ERR_OK)
        die("mem_write", e);
    if (o->xlen == 32) {
        uint32_t blk[32];
        for (uint32_t i = 0; i < 32; i++)
            blk[i] = 0x3007 | i << 7 | (uint32_t)(FP_SCRATCH + 8 * i) << 20; /* fld fi, off(x0) */
        if ((e = uc_mem_write(o->uc, FP_LOAD_PC, blk, sizeof blk)) != UC_ERR_OK)
            die("mem_write", e);
        for (uint32_t i = 0; i < 32; i++) {
            uint32_t off = (uint32_t)(FP_SCRATCH + 8 * i);
            blk[i] = 0x3027 | i << 20 | (off & 31) << 7 | (off >> 5) << 25; /* fsd fi, off(x0) */
        }
        if ((e = uc_mem_write(o->uc, FP_STORE_PC, blk, sizeof blk)) != UC_ERR_OK)
            die("mem_write", e);
    }
    for (int i = 0; i < NREGIONS; i++)
        memset(o->used[i], 0, (size_t)(o->rsize[i] / 16));
    o->cases = 0;
    o->resv = false;
}

Oracle *oracle_new(unsigned xlen)
{
    Oracle *o = calloc(1, sizeof *o);
    if (!o)
        abort();
    o->xlen = xlen;
    o->rbase[0] = CODE_LO_BASE;
    o->rsize[0] = CODE_LO_END - CODE_LO_BASE;
    o->rbase[1] = CODE_MID_BASE;
    o->rsize[1] = CODE_MID_SIZE;
    o->rbase[2] = xlen == 32 ? CODE_TOP32 : CODE_TOP64;
    o->rsize[2] = CODE_TOP_SIZE;
    for (int i = 0; i < NREGIONS; i++) {
        o->used[i] = calloc(1, (size_t)(o->rsize[i] / 16));
        if (!o->used[i])
            abort();
    }
    for (int i = 0; i < 31; i++)
        o->regs[i] = UC_RISCV_REG_X1 + i;
    for (int i = 0; i < 32; i++)
        o->regs[31 + i] = UC_RISCV_REG_F0 + i;
    engine_open(o);
    return o;
}

void oracle_free(Oracle *o)
{
    if (!o)
        return;
    uc_close(o->uc);
    for (int i = 0; i < NREGIONS; i++)
        free(o->used[i]);
    free(o);
}

void oracle_begin(Oracle *o, const Case *c)
{
    bool fresh = o->cases >= RECYCLE_CASES;
    for (int k = 0; k < c->ninsns; k++)
        if (is_used(o, c->insn_pc[k]))
            fresh = true;
    if (fresh)
        engine_open(o);
    o->cases++;

    uc_err e;
    if (o->resv) {
        o->intno = -1;
        if ((e = uc_emu_start(o->uc, SCRATCH_PC, UNTIL, 0, 1)) != UC_ERR_OK)
            die("clearing the reservation", e);
        o->resv = false;
    }

    for (int k = 0; k < c->ninsns; k++) {
        uint32_t bits = c->insn[k].bits;
        if ((e = uc_mem_write(o->uc, c->insn_pc[k], &bits, c->insn[k].len)) != UC_ERR_OK)
            die("writing the instruction", e);
        mark_used(o, c->insn_pc[k]);
    }

    const DiffState *s = &c->in;
    for (int i = 0; i < 31; i++) {
        o->v64[i] = s->x[i + 1];
        o->v32[i] = (uint32_t)s->x[i + 1];
        o->vals[i] = o->xlen == 32 ? (void *)&o->v32[i] : (void *)&o->v64[i];
    }
    for (int i = 0; i < 32; i++) {
        o->v64[31 + i] = s->f[i];
        o->vals[31 + i] = &o->v64[31 + i];
    }
    if ((e = uc_reg_write_batch(o->uc, o->regs, o->vals, o->xlen == 32 ? 31 : 63)) != UC_ERR_OK)
        die("reg_write_batch", e);
    if (o->xlen == 32) {
        if ((e = uc_mem_write(o->uc, FP_SCRATCH, s->f, sizeof s->f)) != UC_ERR_OK)
            die("writing f registers", e);
        if ((e = uc_emu_start(o->uc, FP_LOAD_PC, UNTIL, 0, 32)) != UC_ERR_OK)
            die("loading f registers", e);
    }
    reg_write(o, UC_RISCV_REG_FCSR, s->frm << 5 | s->fflags);
    if ((e = uc_mem_write(o->uc, DATA_BASE, s->data, DATA_SIZE)) != UC_ERR_OK ||
        (e = uc_mem_write(o->uc, TAIL_BASE, s->tail, TAIL_SIZE)) != UC_ERR_OK)
        die("writing data", e);
    o->pc = s->pc;
}

void oracle_step(Oracle *o, Outcome *out)
{
    o->intno = -1;
    o->invalid = false;
    o->unmapped = false;
    o->unmapped_addr = 0;
    uc_err err = uc_emu_start(o->uc, o->pc, UNTIL, 0, 1);

    memset(out, 0, sizeof *out);
    out->s.pc = reg_read(o, UC_RISCV_REG_PC);
    for (int i = 0; i < 31; i++)
        o->vals[i] = o->xlen == 32 ? (void *)&o->v32[i] : (void *)&o->v64[i];
    uc_err e = uc_reg_read_batch(o->uc, o->regs, o->vals, o->xlen == 32 ? 31 : 63);
    if (e != UC_ERR_OK)
        die("reg_read_batch", e);
    for (int i = 0; i < 31; i++)
        out->s.x[i + 1] = o->xlen == 32 ? o->v32[i] : o->v64[i];
    if (o->xlen == 32) {
        int saved_intno = o->intno;
        bool saved_unmapped = o->unmapped;
        uint64_t saved_addr = o->unmapped_addr;
        if ((e = uc_emu_start(o->uc, FP_STORE_PC, UNTIL, 0, 32)) != UC_ERR_OK)
            die("storing f registers", e);
        if ((e = uc_mem_read(o->uc, FP_SCRATCH, out->s.f, sizeof out->s.f)) != UC_ERR_OK)
            die("reading f registers", e);
        o->intno = saved_intno;
        o->unmapped = saved_unmapped;
        o->unmapped_addr = saved_addr;
    } else {
        for (int i = 0; i < 32; i++)
            out->s.f[i] = o->v64[31 + i];
    }
    uint64_t fcsr = reg_read(o, UC_RISCV_REG_FCSR);
    out->s.fflags = (uint32_t)(fcsr & 31);
    out->s.frm = (uint32_t)(fcsr >> 5 & 7);
    if ((e = uc_mem_read(o->uc, DATA_BASE, out->s.data, DATA_SIZE)) != UC_ERR_OK ||
        (e = uc_mem_read(o->uc, TAIL_BASE, out->s.tail, TAIL_SIZE)) != UC_ERR_OK)
        die("reading data", e);

    out->tval = o->unmapped_addr;
    if (o->intno >= 0)
        snprintf(out->why, sizeof out->why, "UC_HOOK_INTR intno %d", o->intno);
    else if (err != UC_ERR_OK)
        snprintf(out->why, sizeof out->why, "%s", uc_strerror(err));
    if (o->intno >= 0) {
        switch (o->intno) {
        case 2: out->trap = TRAP_ILLEGAL; break;
        case 3: out->trap = TRAP_EBREAK; break;
        case 4: out->trap = TRAP_LOAD_MISALIGNED; break;
        case 5: out->trap = TRAP_LOAD_FAULT; break;
        case 6: out->trap = TRAP_STORE_MISALIGNED; break;
        case 7: out->trap = TRAP_STORE_FAULT; break;
        case 8: case 9: case 11: out->trap = TRAP_ECALL; break;
        default: out->trap = TRAP_OTHER; break;
        }
    } else if (o->invalid || err == UC_ERR_INSN_INVALID || err == UC_ERR_EXCEPTION) {
        out->trap = TRAP_EBREAK;
    } else if (err == UC_ERR_READ_UNMAPPED) {
        out->trap = TRAP_LOAD_FAULT;
    } else if (err == UC_ERR_WRITE_UNMAPPED) {
        out->trap = TRAP_STORE_FAULT;
    } else if (err == UC_ERR_FETCH_UNMAPPED && o->unmapped_addr - out->s.pc < 4096) {
        /* the instruction ran; then Unicorn translated ahead from the new pc
         * and ran off mapped memory (a jump outside it, or code near its end
         * with a 32-bit parcel in its last two bytes). The instruction under
         * test itself is always fully mapped. */
        out->trap = TRAP_NONE;
    } else if (err != UC_ERR_OK) {
        out->trap = TRAP_OTHER;
    } else {
        out->trap = TRAP_NONE;
    }
    /* Unicorn may have translated code at the pc it stopped at */
    mark_used(o, out->s.pc);
    o->pc = out->s.pc;
}

void oracle_end(Oracle *o, const Case *c)
{
    for (int k = 0; k < c->ninsns; k++)
        if (c->insn[k].flags & D_LR)
            o->resv = true;
}
