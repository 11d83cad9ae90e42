/*
 * Decoder: instruction bits -> RvInsn, driven entirely by the table in insns.h.
 * Compressed instructions are first expanded to their 32-bit equivalents
 * (rvc.c), then decoded like any other, keeping len = 2.
 */
#include <stdlib.h>
#include <string.h>

#include "rv.h"
#include "rvc.h"

const RvInsnInfo rv_insn_info[RV_OP_COUNT] = {
#define RV_INFO(id, nm, mk, mt, fm, fl) [RV_OP_##id] = { .name = nm, .mask = mk, .match = mt, .fmt = fm, .flags = fl },
    RV_INSN_LIST(RV_INFO)
#undef RV_INFO
    [RV_OP_ILLEGAL] = { .name = "illegal", .fmt = RV_FMT_NONE, .flags = RV_F_ENDS_BLOCK },
    [RV_OP_FALLTHROUGH] = { .name = "(fallthrough)", .fmt = RV_FMT_NONE, .flags = RV_F_ENDS_BLOCK },
};

/* Candidates per major opcode (bits 6:2 of a 32-bit instruction), so a decode
 * scans a handful of entries rather than the whole table. */
#define RV_MAX_PER_OPCODE 64
static uint16_t by_opcode[32][RV_MAX_PER_OPCODE];
static uint8_t by_opcode_count[32];
static int decode_ready;

void rv_decode_init(void)
{
    if (decode_ready)
        return;
    for (int op = 0; op < RV_OP_ILLEGAL; op++) {
        unsigned major = (rv_insn_info[op].match >> 2) & 31;
        if (by_opcode_count[major] >= RV_MAX_PER_OPCODE)
            abort(); /* the table outgrew the index: raise RV_MAX_PER_OPCODE */
        by_opcode[major][by_opcode_count[major]++] = (uint16_t)op;
    }
    decode_ready = 1;
}

static int64_t sext(uint64_t v, unsigned bits)
{
    uint64_t m = 1ull << (bits - 1);
    v &= (bits == 64) ? ~0ull : (1ull << bits) - 1;
    return (int64_t)((v ^ m) - m);
}

static int64_t imm_i(uint32_t b) { return sext(b >> 20, 12); }
static int64_t imm_s(uint32_t b) { return sext(((b >> 25) << 5) | ((b >> 7) & 31), 12); }
static int64_t imm_b(uint32_t b)
{
    uint32_t v = ((b >> 31) & 1) << 12 | ((b >> 7) & 1) << 11 | ((b >> 25) & 63) << 5 | ((b >> 8) & 15) << 1;
    return sext(v, 13);
}
static int64_t imm_u(uint32_t b) { return sext(b & 0xfffff000u, 32); }
static int64_t imm_j(uint32_t b)
{
    uint32_t v = ((b >> 31) & 1) << 20 | ((b >> 12) & 255) << 12 | ((b >> 20) & 1) << 11 | ((b >> 21) & 1023) << 1;
    return sext(v, 21);
}

static void make_illegal(RvInsn *out, uint32_t bits, unsigned len)
{
    memset(out, 0, sizeof *out);
    out->op = RV_OP_ILLEGAL;
    out->raw = bits;
    out->len = (uint8_t)len;
}

static int lookup(uint32_t bits, unsigned xlen)
{
    unsigned major = (bits >> 2) & 31;
    for (unsigned i = 0; i < by_opcode_count[major]; i++) {
        int op = by_opcode[major][i];
        const RvInsnInfo *info = &rv_insn_info[op];
        if ((bits & info->mask) != info->match)
            continue;
        if ((info->flags & RV_F_RV64) && xlen != 64)
            return RV_OP_ILLEGAL;
        return op;
    }
    return RV_OP_ILLEGAL;
}

void rv_decode(uint32_t bits, uint64_t pc, unsigned xlen, RvInsn *out)
{
    rv_decode_init();
    unsigned len = 4;
    uint32_t raw = bits;
    if ((bits & 3) != 3) {
        len = 2;
        raw = bits & 0xffff;
        bits = rvc_expand((uint16_t)raw, xlen);
        if (bits == 0) {
            make_illegal(out, raw, 2);
            return;
        }
    } else if ((bits & 0x1f) == 0x1f) {
        /* 48-bit and longer encodings: none implemented */
        make_illegal(out, bits, 4);
        return;
    }

    int op = lookup(bits, xlen);
    if (op == RV_OP_ILLEGAL) {
        make_illegal(out, raw, len);
        return;
    }
    const RvInsnInfo *info = &rv_insn_info[op];
    memset(out, 0, sizeof *out);
    out->op = (uint16_t)op;
    out->raw = raw;
    out->len = (uint8_t)len;
    unsigned rd = (bits >> 7) & 31, rs1 = (bits >> 15) & 31, rs2 = (bits >> 20) & 31;
    out->rd = (uint8_t)rd;
    out->rs1 = (uint8_t)rs1;
    out->rs2 = (uint8_t)rs2;
    out->rs3 = (uint8_t)(bits >> 27);
    out->rm = (uint8_t)((bits >> 12) & 7);

    switch (info->fmt) {
    case RV_FMT_I:
    case RV_FMT_LOAD:
        out->imm = imm_i(bits);
        break;
    case RV_FMT_S:
        out->imm = imm_s(bits);
        break;
    case RV_FMT_B:
        out->imm = (int64_t)(pc + (uint64_t)imm_b(bits));
        break;
    case RV_FMT_U:
        out->imm = imm_u(bits);
        if (op == RV_OP_AUIPC)
            out->imm = (int64_t)(pc + (uint64_t)out->imm);
        break;
    case RV_FMT_J:
        out->imm = (int64_t)(pc + (uint64_t)imm_j(bits));
        break;
    case RV_FMT_SHIFT:
        out->imm = (bits >> 20) & 63;
        /* RV32 (and the W forms, whose mask already covers bit 25) have 5-bit shamt */
        if (xlen == 32 && (out->imm & 32)) {
            make_illegal(out, raw, len);
            return;
        }
        break;
    case RV_FMT_CSR:
    case RV_FMT_CSRI:
        out->imm = bits >> 20;
        break;
    default:
        break;
    }

    /* Static rounding modes 5 and 6 are reserved (spec: "Rounding Mode
     * Encoding"); 7 (dynamic) is checked against frm when executed. */
    if ((info->flags & RV_F_RM) && (out->rm == 5 || out->rm == 6)) {
        make_illegal(out, raw, len);
        return;
    }

    /* Branch and jump targets keep only XLEN bits. */
    if (xlen == 32 && (info->fmt == RV_FMT_B || info->fmt == RV_FMT_J || op == RV_OP_AUIPC))
        out->imm = (int64_t)(uint32_t)out->imm;

    /* Integer destinations x0 are redirected to the sink register. */
    if (!(info->flags & RV_F_RD_FP) && rd == 0 && info->fmt != RV_FMT_S && info->fmt != RV_FMT_B &&
        info->fmt != RV_FMT_NONE)
        out->rd = RV_REG_SINK;
}
