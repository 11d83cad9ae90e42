/*
 * --trace: one line per executed instruction, with its disassembly and the
 * registers it changed, e.g.
 *   0x000000000001008c  00a00513  addi    a0, zero, 10      a0=0xa
 * In trace mode blocks hold a single instruction, so the run loop calls
 * rv_trace_snapshot before and rv_trace_step after every instruction.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rv_internal.h"

void rv_trace_begin(RvCpu *cpu, RvTraceState *t)
{
    (void)cpu;
    t->pending = false;
}

void rv_trace_snapshot(RvCpu *cpu, RvTraceState *t, const Block *b)
{
    t->pending = true;
    t->pc = b->pc;
    t->insn = *(const RvInsn *)b->insns;
    memcpy(t->x, cpu->x, sizeof t->x);
    memcpy(t->f, cpu->f, sizeof t->f);
    t->fflags = cpu->fflags;
}

void rv_trace_step(RvCpu *cpu, RvTraceState *t, const Block *b)
{
    (void)b;
    if (!t->pending)
        return;
    t->pending = false;
    char line[512], dis[96];
    /* pc as wide as the XLEN, instruction bits as wide as the encoding */
    int n = snprintf(line, sizeof line, "0x%0*" PRIx64 "  %0*" PRIx32 "  %-32s", cpu->xlen / 4, t->pc,
                     t->insn.len == 2 ? 4 : 8, t->insn.raw, rv_disasm(&t->insn, t->pc, dis, sizeof dis));
    for (int r = 1; r < 32 && n < (int)sizeof line - 40; r++)
        if (cpu->x[r] != t->x[r])
            n += snprintf(line + n, sizeof line - (size_t)n, " %s=0x%" PRIx64, rv_xreg_name[r], cpu->x[r]);
    for (int r = 0; r < 32 && n < (int)sizeof line - 40; r++)
        if (cpu->f[r] != t->f[r])
            n += snprintf(line + n, sizeof line - (size_t)n, " %s=0x%016" PRIx64, rv_freg_name[r], cpu->f[r]);
    if (cpu->fflags != t->fflags && n < (int)sizeof line - 40)
        snprintf(line + n, sizeof line - (size_t)n, " fflags=0x%" PRIx32, cpu->fflags);
    if (cpu->trace_sink)
        cpu->trace_sink(line, cpu->trace_opaque);
    else
        fprintf(stderr, "%s\n", line);
}
