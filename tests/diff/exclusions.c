/*
 * Every place where the comparison with Unicorn is weakened, in one table.
 *
 * Each entry is a known deviation or limit of Unicorn 2.0.1 (QEMU 5.0's
 * RISC-V), or a point where the specification lets implementations differ,
 * kept as narrow as that: it names the instructions and operand values it
 * covers, and leaves out only the part of the state in question. What Unicorn
 * cannot check there is checked against the specification directly
 * (rv_diff.c, "ferry-only checks") or by the unit tests.
 *
 * `rv_diff --no-exclusions` turns the table off: every entry must then show
 * up as mismatches, which is the evidence that it is needed. A ferry bug is
 * never excluded here.
 */
#include <string.h>

#include "rv_diff.h"

enum {
    X_S_RESULT_UNBOXED,   /* 0 */
    X_S_INPUT_UNBOXED,
    X_FMINMAX_SNAN,
    X_TRAP_PC,
    X_COUNTER_VALUE,
    X_TIME_CSR,
    X_SC_NO_RESERVATION,
    X_AMO_FAULT_AS_READ,
    X_AMO_MISALIGNED_AS_LOAD,
    X_RVC_RESERVED,
    X_STORE_PARTIAL,
    X_AMO_MINMAX_W,
    X_FMA_INF_ZERO_QNAN,
    X_CSR_RO_ZERO_WRITE,
    X_MISALIGNED_OUTSIDE,
    X_COUNT
};

/* The reasons, printed with the counts at the end of a run. */
const char *const excl_names[] = {
    [X_S_RESULT_UNBOXED] =
        "s-result-unboxed: a binary32 result written to f[rd] is not NaN-boxed by Unicorn "
        "(upper 32 bits 0); only the low 32 bits are compared, ferry's upper half is checked to be all ones",
    [X_S_INPUT_UNBOXED] =
        "s-input-unboxed: Unicorn reads the low half of an improperly NaN-boxed binary32 operand instead of "
        "the canonical NaN; cases with such an operand are not compared (unit tests cover ferry)",
    [X_FMINMAX_SNAN] =
        "fminmax-snan: fmin/fmax with a signalling NaN and a number: Unicorn returns the canonical NaN "
        "(IEEE 754-2008 minNum), the spec the number; f[rd] is not compared (fflags still are)",
    [X_TRAP_PC] =
        "trap-pc: Unicorn takes no trap and moves pc past the instruction; when both raise the same "
        "cause pc is not compared (ferry's pc is checked to stay at the instruction)",
    [X_COUNTER_VALUE] =
        "counter-value: cycle/instret read host ticks in Unicorn; rd of such a CSR read is not compared",
    [X_TIME_CSR] =
        "time-csr: Unicorn has no time source and raises illegal-instruction for time/timeh; not compared",
    [X_SC_NO_RESERVATION] =
        "sc-no-reservation: an SC to a misaligned or unmapped address, which can hold no reservation: "
        "Unicorn fails it (rd=1) without checking the address; the spec raises the exception; not compared",
    [X_AMO_FAULT_AS_READ] =
        "amo-fault-as-read: an AMO to unmapped memory stops Unicorn with READ_UNMAPPED (the read half of "
        "the atomic); taken as the store/AMO access fault the spec requires",
    [X_AMO_MISALIGNED_AS_LOAD] =
        "amo-misaligned-as-load: a misaligned AMO raises load-address-misaligned (4) in Unicorn, not "
        "store/AMO-address-misaligned (6); taken as the same cause",
    [X_RVC_RESERVED] =
        "rvc-reserved: Unicorn executes reserved compressed encodings instead of raising illegal-instruction "
        "(quadrant 0 funct3=100; RV64: c.subw/c.addw slots 100-1-11-x-1x; RV32: c.slli/c.srli/c.srai with "
        "shamt[5]=1 and the c.subw/c.addw slots); not compared",
    [X_STORE_PARTIAL] =
        "store-partial: a store straddling the end of mapped memory faults on both, but Unicorn has already "
        "written the bytes below the boundary; those bytes are not compared",
    [X_AMO_MINMAX_W] =
        "amo-minmax-w: RV64 amomin/amomax/amominu/amomaxu.w in Unicorn compare the zero-extended old word "
        "with all 64 bits of rs2 (QEMU 5.0 non-parallel TCG path); when that picks another value than "
        "the 32-bit comparison, the memory word is not compared (rd still is)",
    [X_FMA_INF_ZERO_QNAN] =
        "fma-inf-zero-qnan: fused multiply-add of infinity by zero plus a quiet NaN: the spec raises NV, "
        "Unicorn does not; the NV flag is not compared (the result still is)",
    [X_CSR_RO_ZERO_WRITE] =
        "csr-ro-zero-write: csrrs/csrrc on a read-only CSR with rs1 != x0 holding 0: the spec attempts the "
        "write (illegal-instruction), Unicorn looks at the value and reads; not compared",
    [X_MISALIGNED_OUTSIDE] =
        "misaligned-outside: an atomic access both misaligned and outside memory: the spec lets either "
        "exception win (ferry: misaligned, Unicorn: access fault); taken as the same cause",
};
unsigned excl_count = X_COUNT;
uint64_t excl_hits[EXCL_MAX];
uint32_t excl_matched;
bool excl_enabled = true;

static bool f32_is_nan(uint32_t v) { return (v & 0x7f800000u) == 0x7f800000u && (v & 0x7fffffu); }
static bool f32_is_snan(uint32_t v) { return f32_is_nan(v) && !(v & 0x400000u); }
static bool f64_is_nan(uint64_t v)
{
    return (v & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (v & 0xfffffffffffffull);
}
static bool f64_is_snan(uint64_t v) { return f64_is_nan(v) && !(v & 0x8000000000000ull); }
static bool boxed(uint64_t v) { return (v >> 32) == 0xffffffffu; }

/* Reserved 16-bit encodings (RVC table, "Reserved" / "NSE" entries). */
static bool rvc_reserved(uint32_t h, unsigned xlen)
{
    unsigned q = h & 3, f3 = h >> 13 & 7, b12 = h >> 12 & 1, f2 = h >> 10 & 3, b65 = h >> 5 & 3;
    if (q == 0 && f3 == 4)
        return true;
    if (q == 1 && f3 == 4 && b12 && f2 == 3)
        return xlen == 32 || b65 >= 2;
    if (xlen == 32 && b12 && ((q == 1 && f3 == 4 && f2 <= 1) || (q == 2 && f3 == 0)))
        return true;
    return false;
}

/* The 32-bit word at guest address a before the instruction, when it lies in
 * one of the compared windows. */
static bool window_word(const DiffState *s, uint64_t a, uint32_t *v)
{
    if (a >= DATA_BASE && a + 4 <= DATA_BASE + DATA_SIZE) {
        memcpy(v, s->data + (a - DATA_BASE), 4);
        return true;
    }
    if (a >= TAIL_BASE && a + 4 <= TAIL_BASE + TAIL_SIZE) {
        memcpy(v, s->tail + (a - TAIL_BASE), 4);
        return true;
    }
    return false;
}

static bool f32_is_inf(uint32_t v) { return (v & 0x7fffffffu) == 0x7f800000u; }
static bool f32_is_zero(uint32_t v) { return (v & 0x7fffffffu) == 0; }
static bool f64_is_inf(uint64_t v) { return (v & 0x7fffffffffffffffull) == 0x7ff0000000000000ull; }
static bool f64_is_zero(uint64_t v) { return (v & 0x7fffffffffffffffull) == 0; }

/* An exclusion's condition holds: note it, and apply it unless the table is
 * off (--no-exclusions, where only the notes are kept as evidence). */
static bool hit(int which)
{
    excl_matched |= 1u << which;
    if (!excl_enabled)
        return false;
    excl_hits[which]++;
    return true;
}

bool excl_skip(const Case *c, int k, const DiffState *before)
{
    const GenInsn *g = &c->insn[k];

    if (g->flags & D_S_SRC) {
        int src[3] = { g->rs1, g->rs2, g->rs3 };
        uint32_t fl[3] = { D_RS1_F, D_RS2_F, D_RS3_F };
        for (int i = 0; i < 3; i++)
            if (src[i] >= 0 && (g->flags & fl[i]) && !boxed(before->f[src[i]]))
                return hit(X_S_INPUT_UNBOXED);
    }
    if (g->flags & D_TIME)
        return hit(X_TIME_CSR);
    if (g->len == 2 && rvc_reserved(g->bits & 0xffff, c->xlen))
        return hit(X_RVC_RESERVED);
    if ((!strcmp(g->name, "csrrs") || !strcmp(g->name, "csrrc")) && g->rs1 > 0 && before->x[g->rs1] == 0 &&
        (g->bits >> 30) == 3)
        return hit(X_CSR_RO_ZERO_WRITE);
    if (g->flags & D_SC) {
        uint64_t a = before->x[g->rs1];
        if ((a & (g->size - 1)) || a >= MEM_SIZE || a + g->size > MEM_SIZE)
            return hit(X_SC_NO_RESERVATION);
    }
    return false;
}

void excl_mask(const Case *c, int k, const DiffState *before, const Outcome *fe, const Outcome *uc, Mask *m)
{
    const GenInsn *g = &c->insn[k];

    if (fe->trap == TRAP_NONE && uc->trap == TRAP_NONE) {
        if ((g->flags & D_S_DST) && g->rd >= 0 && hit(X_S_RESULT_UNBOXED)) {
            m->rd = g->rd;
            m->f_rd_ignore |= 0xffffffff00000000ull;
        }
        if (g->flags & D_MINMAX) {
            bool s = g->flags & D_S_SRC;
            uint64_t a = before->f[g->rs1], b = before->f[g->rs2];
            bool snan = s ? f32_is_snan((uint32_t)a) || f32_is_snan((uint32_t)b) : f64_is_snan(a) || f64_is_snan(b);
            bool both_nan = s ? f32_is_nan((uint32_t)a) && f32_is_nan((uint32_t)b) : f64_is_nan(a) && f64_is_nan(b);
            if (snan && !both_nan && hit(X_FMINMAX_SNAN)) {
                m->rd = g->rd;
                m->f_rd_ignore = ~0ull;
            }
        }
        if (g->rs3 >= 0 && (g->flags & D_RS3_F)) {
            uint64_t a = before->f[g->rs1], b = before->f[g->rs2], cc = before->f[g->rs3];
            bool s = g->flags & D_S_SRC;
            bool infzero = s ? (f32_is_inf((uint32_t)a) && f32_is_zero((uint32_t)b)) ||
                                   (f32_is_zero((uint32_t)a) && f32_is_inf((uint32_t)b))
                             : (f64_is_inf(a) && f64_is_zero(b)) || (f64_is_zero(a) && f64_is_inf(b));
            bool qnan = s ? f32_is_nan((uint32_t)cc) && !f32_is_snan((uint32_t)cc) : f64_is_nan(cc) && !f64_is_snan(cc);
            if (infzero && qnan && hit(X_FMA_INF_ZERO_QNAN))
                m->fflags_ignore |= 0x10;
        }
        if ((g->flags & D_COUNTER) && g->rd > 0 && hit(X_COUNTER_VALUE)) {
            m->rd = g->rd;
            m->x_rd_ignore = ~0ull;
        }
        uint32_t old;
        uint64_t ea = g->rs1 >= 0 ? before->x[g->rs1] : 0;
        if ((g->flags & D_AMO) && g->size == 4 && c->xlen == 64 && window_word(before, ea, &old)) {
            const char *n = g->name;
            bool min = !strncmp(n, "amomin", 6), max = !strncmp(n, "amomax", 6);
            if (min || max) {
                bool u = n[6] == 'u';
                uint64_t src = before->x[g->rs2], z = old;
                uint32_t spec;
                uint64_t qemu;
                if (u) {
                    spec = (old < (uint32_t)src) == min ? old : (uint32_t)src;
                    qemu = (z < src) == min ? z : src;
                } else {
                    spec = ((int32_t)old < (int32_t)src) == min ? old : (uint32_t)src;
                    qemu = ((int64_t)z < (int64_t)src) == min ? z : src;
                }
                if (spec != (uint32_t)qemu && hit(X_AMO_MINMAX_W)) {
                    m->mem_lo = ea;
                    m->mem_hi = ea + 4;
                }
            }
        }
        return;
    }

    if ((g->flags & D_STORE) && fe->trap == TRAP_STORE_FAULT && uc->trap == TRAP_STORE_FAULT &&
        g->ea < MEM_SIZE && g->ea + g->size > MEM_SIZE && hit(X_STORE_PARTIAL)) {
        m->mem_lo = g->ea;
        m->mem_hi = MEM_SIZE;
    }

    /* both trapped: the same cause, up to Unicorn's way of reporting atomics */
    bool equiv = false;
    if ((g->flags & D_AMO) && fe->trap == TRAP_STORE_FAULT && uc->trap == TRAP_LOAD_FAULT) {
        equiv = true;
        m->trap_equiv = hit(X_AMO_FAULT_AS_READ);
    }
    if ((g->flags & D_AMO) && fe->trap == TRAP_STORE_MISALIGNED && uc->trap == TRAP_LOAD_MISALIGNED) {
        equiv = true;
        m->trap_equiv = hit(X_AMO_MISALIGNED_AS_LOAD);
    }
    if ((g->flags & (D_AMO | D_LR)) && fe->trap == (g->flags & D_LR ? TRAP_LOAD_MISALIGNED : TRAP_STORE_MISALIGNED) &&
        uc->trap == TRAP_LOAD_FAULT && g->rs1 >= 0) {
        uint64_t a = before->x[g->rs1];
        if ((a & (g->size - 1)) && (a >= MEM_SIZE || a + g->size > MEM_SIZE)) {
            equiv = true;
            m->trap_equiv = hit(X_MISALIGNED_OUTSIDE);
        }
    }
    if (fe->trap != TRAP_NONE && (fe->trap == uc->trap || equiv) && hit(X_TRAP_PC))
        m->pc = true;
}
