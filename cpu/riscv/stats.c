/* --stats: what the engine did, in two lines (rv_print_stats, rv.h). */
#include <inttypes.h>
#include <stdio.h>

#include "rv_internal.h"

void rv_print_stats(const RvCpu *cpu, FILE *out)
{
    const TCacheStats *s = &cpu->tc->stats;
    fprintf(out,
            "ferry: stats: %" PRIu64 " instructions, %" PRIu64 " blocks built, %" PRIu64 " cache lookups (%" PRIu64
            " misses), %" PRIu64 " invalidations, %" PRIu64 " flushes\n",
            cpu->instret, s->blocks_built, s->lookups, s->misses, s->invalidations, s->flushes);
    double interp = cpu->instret ? 100.0 * (double)s->interp_insns / (double)cpu->instret : 100;
    fprintf(out,
            "ferry: jit: %" PRIu64 " blocks translated (%" PRIu64 " refused), %" PRIu64 " bytes of code, %.1f ms"
            " translating, %" PRIu64 " code flushes; %" PRIu64 " entries from the run loop, %" PRIu64
            " exits chained; %.1f%% of instructions in translated code\n",
            s->jit_translated, s->jit_refused, s->jit_bytes, (double)s->jit_ns / 1e6, s->jit_flushes, s->jit_runs,
            s->jit_links, cpu->jit_threshold ? 100.0 - interp : 0.0);
    if (cpu->jit_verify)
        fprintf(out, "ferry: jit verify: %" PRIu64 " block runs matched the interpreter\n", cpu->jit_verified);
}
