/*
 * Disassembler for traces, driven by the operand format and register-file flags
 * of the instruction table. Output follows the GNU assembler's operand order
 * with ABI register names; compressed instructions print as the instruction
 * they expand to.
 */
#include <inttypes.h>
#include <stdio.h>

#include "rv.h"

const char *const rv_xreg_name[33] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
    "zero", /* the sink stands for x0 as a destination */
};

const char *const rv_freg_name[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

static const char *const rm_name[8] = { "rne", "rtz", "rdn", "rup", "rmm", "rm5", "rm6", "dyn" };

static const char *reg(unsigned r, uint32_t flags, uint32_t fp_flag)
{
    return (flags & fp_flag) ? rv_freg_name[r & 31] : rv_xreg_name[r];
}

char *rv_disasm(const RvInsn *in, uint64_t pc, char *buf, size_t size)
{
    (void)pc;
    const RvInsnInfo *info = &rv_insn_info[in->op];
    uint32_t fl = info->flags;
    const char *rd = reg(in->rd, fl, RV_F_RD_FP);
    const char *rs1 = reg(in->rs1, fl, RV_F_RS1_FP);
    const char *rs2 = reg(in->rs2, fl, RV_F_RS2_FP);
    const char *rs3 = reg(in->rs3, fl, RV_F_RS3_FP);
    const char *name = info->name;
    char rm[8] = "";
    if ((fl & RV_F_RM) && in->rm != 7)
        snprintf(rm, sizeof rm, ", %s", rm_name[in->rm]);

    switch (info->fmt) {
    case RV_FMT_NONE:
        if (in->op == RV_OP_ILLEGAL)
            snprintf(buf, size, "illegal 0x%0*" PRIx32, in->len == 2 ? 4 : 8, in->raw);
        else
            snprintf(buf, size, "%s", name);
        break;
    case RV_FMT_R:  snprintf(buf, size, "%-7s %s, %s, %s%s", name, rd, rs1, rs2, rm); break;
    case RV_FMT_R1: snprintf(buf, size, "%-7s %s, %s%s", name, rd, rs1, rm); break;
    case RV_FMT_R4: snprintf(buf, size, "%-7s %s, %s, %s, %s%s", name, rd, rs1, rs2, rs3, rm); break;
    case RV_FMT_I:
        if (in->op == RV_OP_JALR)
            snprintf(buf, size, "%-7s %s, %" PRId64 "(%s)", name, rd, in->imm, rs1);
        else
            snprintf(buf, size, "%-7s %s, %s, %" PRId64, name, rd, rs1, in->imm);
        break;
    case RV_FMT_SHIFT: snprintf(buf, size, "%-7s %s, %s, %" PRId64, name, rd, rs1, in->imm); break;
    case RV_FMT_LOAD:  snprintf(buf, size, "%-7s %s, %" PRId64 "(%s)", name, rd, in->imm, rs1); break;
    case RV_FMT_S:     snprintf(buf, size, "%-7s %s, %" PRId64 "(%s)", name, rs2, in->imm, rs1); break;
    case RV_FMT_B:     snprintf(buf, size, "%-7s %s, %s, 0x%" PRIx64, name, rs1, rs2, (uint64_t)in->imm); break;
    case RV_FMT_U:
        if (in->op == RV_OP_AUIPC)
            snprintf(buf, size, "%-7s %s, 0x%" PRIx64, name, rd, (uint64_t)in->imm); /* absolute result */
        else
            snprintf(buf, size, "%-7s %s, 0x%" PRIx64, name, rd, ((uint64_t)in->imm >> 12) & 0xfffff);
        break;
    case RV_FMT_J:     snprintf(buf, size, "%-7s %s, 0x%" PRIx64, name, rd, (uint64_t)in->imm); break;
    case RV_FMT_CSR:   snprintf(buf, size, "%-7s %s, 0x%03" PRIx64 ", %s", name, rd, in->imm, rs1); break;
    case RV_FMT_CSRI:  snprintf(buf, size, "%-7s %s, 0x%03" PRIx64 ", %u", name, rd, in->imm, in->rs1); break;
    case RV_FMT_AMO:
        if (in->op == RV_OP_LR_W || in->op == RV_OP_LR_D)
            snprintf(buf, size, "%-7s %s, (%s)", name, rd, rs1);
        else
            snprintf(buf, size, "%-7s %s, %s, (%s)", name, rd, rs2, rs1);
        break;
    case RV_FMT_SFENCE: snprintf(buf, size, "%-7s %s, %s", name, rs1, rs2); break;
    }
    return buf;
}
