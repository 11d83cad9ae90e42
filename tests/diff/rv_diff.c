/*
 * rv_diff: ferry's RISC-V interpreter against Unicorn, one instruction at a time.
 *
 *   rv_diff [--xlen 32|64] [--class NAME|all] [--seed S] [--count N]
 *           [--replay SEED:INDEX] [--no-exclusions] [--max-report N] [--progress]
 *
 * Each case (gen.c) is run on both from the same state; afterwards every x and
 * f register, fflags, frm, pc, the data windows and the way the instruction
 * ended (normally, or the trap it raised) must agree, except for what
 * exclusions.c leaves out. A mismatch prints the case's seed and index, the
 * instruction and its disassembly, the differing state and the command that
 * replays it. The last line is "N passed, M failed", N counting compared
 * instructions. Exit status 1 when anything failed, 2 on a usage error.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "rv.h"
#include "rv_diff.h"

const char *const trap_names[] = {
    [TRAP_NONE] = "none", [TRAP_ILLEGAL] = "illegal-instruction", [TRAP_ECALL] = "ecall",
    [TRAP_EBREAK] = "breakpoint", [TRAP_LOAD_FAULT] = "load-access-fault",
    [TRAP_STORE_FAULT] = "store/amo-access-fault", [TRAP_LOAD_MISALIGNED] = "load-misaligned",
    [TRAP_STORE_MISALIGNED] = "store/amo-misaligned", [TRAP_OTHER] = "other",
};

typedef struct Stats {
    uint64_t passed[CL_COUNT], failed[CL_COUNT], excluded[CL_COUNT];
} Stats;

static const char *prog = "rv_diff";
static uint8_t *ferry_mem;
static RvCpu cpu;
static unsigned max_report = 20;
static uint64_t reported;
/* --no-exclusions: mismatches per table entry whose condition held, and those
 * no entry explains */
static uint64_t needed[EXCL_MAX], unexplained;

/* ---- ferry ---- */

static Trap ferry_trap(RvExit e)
{
    switch (e) {
    case RV_EXIT_NONE: return TRAP_NONE;
    case RV_EXIT_ECALL: return TRAP_ECALL;
    case RV_EXIT_EBREAK: return TRAP_EBREAK;
    case RV_EXIT_ILLEGAL: return TRAP_ILLEGAL;
    case RV_EXIT_LOAD_FAULT: return TRAP_LOAD_FAULT;
    case RV_EXIT_STORE_FAULT: return TRAP_STORE_FAULT;
    case RV_EXIT_MISALIGNED: return TRAP_STORE_MISALIGNED;
    case RV_EXIT_LOAD_MISALIGNED: return TRAP_LOAD_MISALIGNED;
    default: return TRAP_OTHER;
    }
}

static void ferry_load(const Case *c)
{
    rv_cpu_init(&cpu, c->xlen);
    if (c->user_mode)
        rv_cpu_enter_user(&cpu);
    else
        cpu.csr.mstatus |= RV_MSTATUS_FS; /* Dirty, as in Unicorn */
    cpu.mem.base = ferry_mem;
    cpu.mem.size = MEM_SIZE;
    for (int i = 0; i < 32; i++) {
        cpu.x[i] = c->in.x[i];
        cpu.f[i] = c->in.f[i];
    }
    cpu.pc = c->in.pc;
    cpu.fflags = c->in.fflags;
    cpu.frm = c->in.frm;
    memcpy(ferry_mem + DATA_BASE, c->in.data, DATA_SIZE);
    memcpy(ferry_mem + TAIL_BASE, c->in.tail, TAIL_SIZE);
}

static void ferry_state(DiffState *s)
{
    for (int i = 0; i < 32; i++) {
        s->x[i] = cpu.x[i];
        s->f[i] = cpu.f[i];
    }
    s->pc = cpu.pc;
    s->fflags = cpu.fflags;
    s->frm = cpu.frm;
    memcpy(s->data, ferry_mem + DATA_BASE, DATA_SIZE);
    memcpy(s->tail, ferry_mem + TAIL_BASE, TAIL_SIZE);
}

/* ---- reports ---- */

typedef struct Report {
    char lines[80][160];
    int n;
} Report;

static void add(Report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(Report *r, const char *fmt, ...)
{
    if (r->n >= (int)(sizeof r->lines / sizeof r->lines[0]))
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->lines[r->n++], sizeof r->lines[0], fmt, ap);
    va_end(ap);
}

static void disasm(const Case *c, int k, char *buf, size_t size)
{
    RvInsn in;
    uint32_t bits = c->insn[k].len == 2 ? c->insn[k].bits & 0xffff : c->insn[k].bits;
    rv_decode(bits, c->insn_pc[k], c->xlen, &in);
    rv_disasm(&in, c->insn_pc[k], buf, size);
}

static void print_state(const char *title, const DiffState *s)
{
    printf("  %s: pc=0x%016" PRIx64 " fflags=0x%02x frm=%u\n", title, s->pc, s->fflags, s->frm);
    for (int i = 0; i < 32; i += 4)
        printf("    %-4s %016" PRIx64 "  %-4s %016" PRIx64 "  %-4s %016" PRIx64 "  %-4s %016" PRIx64 "\n",
               rv_xreg_name[i], s->x[i], rv_xreg_name[i + 1], s->x[i + 1], rv_xreg_name[i + 2], s->x[i + 2],
               rv_xreg_name[i + 3], s->x[i + 3]);
    for (int i = 0; i < 32; i += 4)
        printf("    %-4s %016" PRIx64 "  %-4s %016" PRIx64 "  %-4s %016" PRIx64 "  %-4s %016" PRIx64 "\n",
               rv_freg_name[i], s->f[i], rv_freg_name[i + 1], s->f[i + 1], rv_freg_name[i + 2], s->f[i + 2],
               rv_freg_name[i + 3], s->f[i + 3]);
}

/* The source operands of the instruction, as they were before it ran. */
static void print_inputs(const Case *c, int k, const DiffState *in)
{
    const GenInsn *g = &c->insn[k];
    int src[3] = { g->rs1, g->rs2, g->rs3 };
    uint32_t fl[3] = { D_RS1_F, D_RS2_F, D_RS3_F };
    printf("  in:");
    for (int i = 0; i < 3; i++) {
        if (src[i] < 0)
            continue;
        if (g->flags & fl[i])
            printf(" %s=0x%016" PRIx64, rv_freg_name[src[i]], in->f[src[i]]);
        else
            printf(" %s=0x%" PRIx64, rv_xreg_name[src[i]], in->x[src[i]]);
    }
    printf(" fflags=0x%02x frm=%u", in->fflags, in->frm);
    if (g->flags & (D_LOAD | D_STORE | D_LR | D_SC | D_AMO)) {
        uint64_t ea = g->flags & (D_LR | D_SC | D_AMO) ? in->x[g->rs1] : g->ea;
        bool mis = g->size && (ea & (g->size - 1)), inside = ea < MEM_SIZE && ea + g->size <= MEM_SIZE;
        printf(" ea=0x%" PRIx64 "%s%s", ea, mis ? " (misaligned)" : "", inside ? "" : " (outside RAM)");
    }
    printf("\n");
}

static void diff_bytes(Report *r, const char *what, uint64_t base, const uint8_t *a0, const uint8_t *b0,
                       unsigned n, const Mask *m)
{
    uint8_t a[DATA_SIZE], b[DATA_SIZE];
    memcpy(a, a0, n);
    memcpy(b, b0, n);
    for (unsigned i = 0; i < n; i++)
        if (base + i >= m->mem_lo && base + i < m->mem_hi)
            b[i] = a[i];
    for (unsigned i = 0; i < n; i += 8) {
        unsigned len = n - i < 8 ? n - i : 8;
        if (memcmp(a + i, b + i, len) == 0)
            continue;
        uint64_t va = 0, vb = 0;
        memcpy(&va, a + i, len);
        memcpy(&vb, b + i, len);
        add(r, "    %-6s[0x%04" PRIx64 "] %016" PRIx64 "     %016" PRIx64, what, base + i, va, vb);
    }
}

/* Compare ferry's outcome with Unicorn's under the mask; fill the report with
 * the differences. Also checks what Unicorn cannot tell (ferry-only checks
 * against the specification). Returns true when they agree. */
static bool compare(const Case *c, int k, const DiffState *before, const Outcome *fe, const Outcome *uc,
                    const Mask *m, RvExit fexit, Report *r)
{
    const GenInsn *g = &c->insn[k];
    int n0 = r->n;
    if (fe->trap != uc->trap && !m->trap_equiv)
        add(r, "    %-14s %-20s %s", "trap", trap_names[fe->trap], trap_names[uc->trap]);
    for (int i = 1; i < 32; i++) {
        uint64_t ign = i == m->rd ? m->x_rd_ignore : 0;
        if ((fe->s.x[i] & ~ign) != (uc->s.x[i] & ~ign))
            add(r, "    %-14s %016" PRIx64 "     %016" PRIx64, rv_xreg_name[i], fe->s.x[i], uc->s.x[i]);
    }
    for (int i = 0; i < 32; i++) {
        uint64_t ign = i == m->rd ? m->f_rd_ignore : 0;
        if ((fe->s.f[i] & ~ign) != (uc->s.f[i] & ~ign))
            add(r, "    %-14s %016" PRIx64 "     %016" PRIx64, rv_freg_name[i], fe->s.f[i], uc->s.f[i]);
    }
    if (!m->pc && fe->s.pc != uc->s.pc)
        add(r, "    %-14s %016" PRIx64 "     %016" PRIx64, "pc", fe->s.pc, uc->s.pc);
    if ((fe->s.fflags & ~m->fflags_ignore) != (uc->s.fflags & ~m->fflags_ignore))
        add(r, "    %-14s %02x                   %02x", "fflags", fe->s.fflags, uc->s.fflags);
    if (fe->s.frm != uc->s.frm)
        add(r, "    %-14s %u                    %u", "frm", fe->s.frm, uc->s.frm);
    diff_bytes(r, "mem", DATA_BASE, fe->s.data, uc->s.data, DATA_SIZE, m);
    diff_bytes(r, "mem", TAIL_BASE, fe->s.tail, uc->s.tail, TAIL_SIZE, m);

    /* ferry-only checks: what rv.h and the spec promise */
    if (fe->trap != TRAP_NONE && fe->s.pc != c->insn_pc[k])
        add(r, "    %-14s pc 0x%" PRIx64 " after a trap, not the instruction's 0x%" PRIx64, "ferry-check",
            fe->s.pc, c->insn_pc[k]);
    if (fexit == RV_EXIT_ILLEGAL) {
        uint32_t want = g->len == 2 ? g->bits & 0xffff : g->bits;
        if (fe->tval != want)
            add(r, "    %-14s tval 0x%" PRIx64 " for an illegal instruction, want its bits 0x%x", "ferry-check",
                fe->tval, want);
    }
    if ((fe->trap == TRAP_LOAD_FAULT || fe->trap == TRAP_STORE_FAULT || fe->trap == TRAP_LOAD_MISALIGNED ||
         fe->trap == TRAP_STORE_MISALIGNED) && g->rs1 >= 0 && (g->flags & (D_LR | D_SC | D_AMO))) {
        uint64_t want = before->x[g->rs1];
        if (fe->tval != want)
            add(r, "    %-14s tval 0x%" PRIx64 ", want the address 0x%" PRIx64, "ferry-check", fe->tval, want);
    } else if ((fe->trap == TRAP_LOAD_FAULT || fe->trap == TRAP_STORE_FAULT) &&
               (g->flags & (D_LOAD | D_STORE)) && fe->tval != g->ea) {
        add(r, "    %-14s tval 0x%" PRIx64 ", want the address 0x%" PRIx64, "ferry-check", fe->tval, g->ea);
    }
    if (fe->trap == TRAP_NONE && (g->flags & D_S_DST) && g->rd >= 0 && (fe->s.f[g->rd] >> 32) != 0xffffffffu)
        add(r, "    %-14s %s=0x%016" PRIx64 " is not NaN-boxed", "ferry-check", rv_freg_name[g->rd], fe->s.f[g->rd]);
    if (fe->s.x[0] != 0)
        add(r, "    %-14s x0=0x%016" PRIx64 " is not zero", "ferry-check", fe->s.x[0]);
    if (c->xlen == 32)
        for (int i = 0; i < 32; i++)
            if (fe->s.x[i] >> 32)
                add(r, "    %-14s %s=0x%016" PRIx64 " has upper bits on RV32", "ferry-check", rv_xreg_name[i],
                    fe->s.x[i]);
    return r->n == n0;
}

static void print_mismatch(const Case *c, int k, const DiffState *before, const Outcome *fe, const Outcome *uc,
                           const Report *r, bool full)
{
    char dis[96];
    disasm(c, k, dis, sizeof dis);
    printf("MISMATCH rv%u class=%s seed=0x%" PRIx64 " index=%" PRIu64 " step=%d (%s-mode)\n", c->xlen,
           class_names[c->cls], c->seed, c->index, k, c->user_mode ? "U" : "M");
    printf("  insn: pc=0x%" PRIx64 " bits=0x%0*x  %s   [generated as %s]\n", c->insn_pc[k], c->insn[k].len * 2,
           c->insn[k].len == 2 ? c->insn[k].bits & 0xffff : c->insn[k].bits, dis, c->insn[k].name);
    print_inputs(c, k, before);
    printf("  ended: ferry %s (tval 0x%" PRIx64 "), unicorn %s%s%s%s\n", trap_names[fe->trap], fe->tval,
           trap_names[uc->trap], uc->why[0] ? " (" : "", uc->why, uc->why[0] ? ")" : "");
    printf("    %-14s %-20s %s\n", "", "ferry", "unicorn");
    for (int i = 0; i < r->n; i++)
        printf("%s\n", r->lines[i]);
    if (full) {
        print_state("before", before);
        print_state("after (ferry)", &fe->s);
        print_state("after (unicorn)", &uc->s);
    }
    printf("  replay: %s --xlen %u --class %s --replay 0x%" PRIx64 ":%" PRIu64 "\n", prog, c->xlen,
           class_names[c->cls], c->seed, c->index);
    fflush(stdout);
}

/* ---- one case ---- */

static void run_case(const Case *c, Oracle *o, Stats *st, bool verbose)
{
    DiffState before;
    excl_matched = 0;
    if (excl_skip(c, 0, &c->in)) {
        st->excluded[c->cls]++;
        if (verbose)
            for (unsigned x = 0; x < excl_count; x++)
                if (excl_matched >> x & 1)
                    printf("case not compared: %s\n", excl_names[x]);
        return;
    }
    ferry_load(c);
    oracle_begin(o, c);
    for (int k = 0; k < c->ninsns; k++) {
        ferry_state(&before);
        if (k > 0)
            excl_matched = 0;
        if (k > 0 && excl_skip(c, k, &before)) {
            st->excluded[c->cls]++;
            if (verbose)
                printf("step %d not compared (see the exclusion counts)\n", k);
            break;
        }
        uint32_t bits = c->insn[k].len == 2 ? c->insn[k].bits & 0xffff : c->insn[k].bits;
        RvExit e = rv_step_bits(&cpu, bits);
        Outcome fe, uc;
        memset(&fe, 0, sizeof fe);
        ferry_state(&fe.s);
        fe.trap = ferry_trap(e);
        fe.tval = cpu.tval;
        oracle_step(o, &uc);

        Mask m = { .rd = -1 };
        excl_mask(c, k, &before, &fe, &uc, &m);
        static Report r;
        r.n = 0;
        if (compare(c, k, &before, &fe, &uc, &m, e, &r)) {
            st->passed[c->cls]++;
            if (verbose) {
                char dis[96];
                disasm(c, k, dis, sizeof dis);
                printf("step %d: %s  [%s] agrees (ended: %s)\n", k, dis, c->insn[k].name, trap_names[fe.trap]);
                print_inputs(c, k, &before);
                print_state("before", &before);
                print_state("after (both)", &fe.s);
            }
        } else {
            st->failed[c->cls]++;
            if (!excl_enabled) {
                for (unsigned x = 0; x < excl_count; x++)
                    needed[x] += excl_matched >> x & 1;
                unexplained += excl_matched == 0;
            }
            if (verbose || reported++ < max_report)
                print_mismatch(c, k, &before, &fe, &uc, &r, verbose);
        }
        if (fe.trap != TRAP_NONE || uc.trap != TRAP_NONE)
            break;
    }
    oracle_end(o, c);
}

/* ---- command line ---- */

static void usage(void)
{
    fprintf(stderr,
            "usage: %s [--xlen 32|64] [--class NAME|all] [--seed S] [--count N]\n"
            "          [--replay SEED:INDEX] [--no-exclusions] [--max-report N] [--progress]\n"
            "classes:",
            prog);
    for (int i = 0; i < CL_COUNT; i++)
        fprintf(stderr, " %s", class_names[i]);
    fprintf(stderr, "\n");
    exit(2);
}

static uint64_t num(const char *s)
{
    char *end;
    uint64_t v = strtoull(s, &end, 0);
    if (!*s || *end)
        usage();
    return v;
}

int main(int argc, char **argv)
{
    unsigned xlen = 64;
    int cls = -1;
    uint64_t seed = 1, count = 10000, replay_index = 0;
    bool replay = false, progress = false;
    prog = argv[0];

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--xlen") && v) {
            xlen = (unsigned)num(v);
            if (xlen != 32 && xlen != 64)
                usage();
            i++;
        } else if (!strcmp(a, "--class") && v) {
            cls = -1;
            if (strcmp(v, "all")) {
                for (int k = 0; k < CL_COUNT; k++)
                    if (!strcmp(v, class_names[k]))
                        cls = k;
                if (cls < 0)
                    usage();
            }
            i++;
        } else if (!strcmp(a, "--seed") && v) {
            seed = num(v);
            i++;
        } else if (!strcmp(a, "--count") && v) {
            count = num(v);
            i++;
        } else if (!strcmp(a, "--replay") && v) {
            char buf[64];
            snprintf(buf, sizeof buf, "%s", v);
            char *colon = strchr(buf, ':');
            if (!colon)
                usage();
            *colon = 0;
            seed = num(buf);
            replay_index = num(colon + 1);
            replay = true;
            i++;
        } else if (!strcmp(a, "--max-report") && v) {
            max_report = (unsigned)num(v);
            i++;
        } else if (!strcmp(a, "--no-exclusions")) {
            excl_enabled = false;
        } else if (!strcmp(a, "--progress")) {
            progress = true;
        } else {
            usage();
        }
    }

    void *m = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) {
        perror("mmap");
        return 2;
    }
    ferry_mem = m;
    Oracle *o = oracle_new(xlen);
    static Stats st;
    static Case c;

    if (replay) {
        gen_case(seed, replay_index, xlen, cls, &c);
        run_case(&c, o, &st, true);
    } else {
        for (uint64_t i = 0; i < count; i++) {
            gen_case(seed, i, xlen, cls, &c);
            run_case(&c, o, &st, false);
            if (progress && (i + 1) % 100000 == 0) {
                uint64_t p = 0, f = 0;
                for (int k = 0; k < CL_COUNT; k++) {
                    p += st.passed[k];
                    f += st.failed[k];
                }
                fprintf(stderr, "rv%u seed 0x%" PRIx64 ": %" PRIu64 "/%" PRIu64 " cases, %" PRIu64
                        " passed, %" PRIu64 " failed\n", xlen, seed, i + 1, count, p, f);
            }
        }
    }
    oracle_free(o);
    munmap(m, MEM_SIZE);

    uint64_t passed = 0, failed = 0, excluded = 0;
    printf("rv%u seed 0x%" PRIx64 ", per class (instructions):\n", xlen, seed);
    for (int k = 0; k < CL_COUNT; k++) {
        passed += st.passed[k];
        failed += st.failed[k];
        excluded += st.excluded[k];
        if (st.passed[k] | st.failed[k] | st.excluded[k])
            printf("  %-8s passed %-10" PRIu64 " failed %-8" PRIu64 " excluded %" PRIu64 "\n", class_names[k],
                   st.passed[k], st.failed[k], st.excluded[k]);
    }
    if (excl_enabled) {
        printf("exclusions applied:\n");
        for (unsigned k = 0; k < excl_count; k++)
            printf("  %-10" PRIu64 " %s\n", excl_hits[k], excl_names[k]);
    } else {
        printf("exclusions off; mismatches where each one's condition held:\n");
        for (unsigned k = 0; k < excl_count; k++)
            printf("  %-10" PRIu64 " %.*s\n", needed[k], (int)strcspn(excl_names[k], ":"), excl_names[k]);
        printf("  %-10" PRIu64 " (none of them)\n", unexplained);
    }
    if (failed > reported && !replay)
        printf("(%" PRIu64 " mismatches not printed; --max-report raises the limit)\n", failed - reported);
    printf("%" PRIu64 " passed, %" PRIu64 " failed\n", passed, failed);
    return failed ? 1 : 0;
}
