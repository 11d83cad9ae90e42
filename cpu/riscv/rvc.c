/*
 * ferry - RISC-V "C" (compressed) extension expander.
 *
 * Every RVC instruction is architecturally defined as an alias of a 32-bit
 * base instruction.  rvc_expand() maps a 16-bit parcel onto that 32-bit
 * encoding so the rest of the decoder only has to understand the base ISA.
 * The result is bit-for-bit the encoding the assembler would emit for the
 * uncompressed equivalent.  Reserved / illegal parcels yield 0, which is
 * itself not a valid 32-bit instruction (its low two bits are 00).
 */
#include "rvc.h"

/* Major opcodes of the 32-bit base encoding. */
enum {
    OPC_LOAD      = 0x03,
    OPC_LOAD_FP   = 0x07,
    OPC_OP_IMM    = 0x13,
    OPC_OP_IMM_32 = 0x1b,
    OPC_STORE     = 0x23,
    OPC_STORE_FP  = 0x27,
    OPC_OP        = 0x33,
    OPC_LUI       = 0x37,
    OPC_OP_32     = 0x3b,
    OPC_BRANCH    = 0x63,
    OPC_JALR      = 0x67,
    OPC_JAL       = 0x6f,
};

#define INSN_EBREAK 0x00100073u

#define REG_ZERO 0u
#define REG_RA   1u
#define REG_SP   2u

/* Extract bits [lo, lo+len) of the parcel. */
static inline uint32_t bits(uint32_t v, unsigned lo, unsigned len)
{
    return (v >> lo) & ((1u << len) - 1u);
}

/* Sign-extend the low 'width' bits of v to 32 bits (returned as uint32_t). */
static inline uint32_t sext(uint32_t v, unsigned width)
{
    uint32_t m = 1u << (width - 1);
    v &= (m << 1) - 1u;
    return (v ^ m) - m;
}

/* --- 32-bit instruction formats ----------------------------------------- */

static inline uint32_t enc_r(uint32_t f7, uint32_t rs2, uint32_t rs1,
                             uint32_t f3, uint32_t rd, uint32_t opc)
{
    return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc;
}

static inline uint32_t enc_i(uint32_t imm, uint32_t rs1, uint32_t f3,
                             uint32_t rd, uint32_t opc)
{
    return ((imm & 0xfffu) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc;
}

static inline uint32_t enc_s(uint32_t imm, uint32_t rs2, uint32_t rs1,
                             uint32_t f3, uint32_t opc)
{
    return (bits(imm, 5, 7) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
           (bits(imm, 0, 5) << 7) | opc;
}

static inline uint32_t enc_b(uint32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3)
{
    return (bits(imm, 12, 1) << 31) | (bits(imm, 5, 6) << 25) | (rs2 << 20) |
           (rs1 << 15) | (f3 << 12) | (bits(imm, 1, 4) << 8) |
           (bits(imm, 11, 1) << 7) | OPC_BRANCH;
}

static inline uint32_t enc_u(uint32_t imm20, uint32_t rd, uint32_t opc)
{
    return ((imm20 & 0xfffffu) << 12) | (rd << 7) | opc;
}

static inline uint32_t enc_j(uint32_t imm, uint32_t rd)
{
    return (bits(imm, 20, 1) << 31) | (bits(imm, 1, 10) << 21) |
           (bits(imm, 11, 1) << 20) | (bits(imm, 12, 8) << 12) |
           (rd << 7) | OPC_JAL;
}

/* --- RVC immediate decoders ---------------------------------------------- */

/* Register fields. rd'/rs1'/rs2' are 3-bit fields naming x8..x15. */
static inline uint32_t c_rd(uint32_t h)      { return bits(h, 7, 5); }
static inline uint32_t c_rs2(uint32_t h)     { return bits(h, 2, 5); }
static inline uint32_t c_rs1p(uint32_t h)    { return bits(h, 7, 3) + 8u; }
static inline uint32_t c_rdp_lo(uint32_t h)  { return bits(h, 2, 3) + 8u; }

/* CI-format 6-bit signed immediate: imm[5] = h[12], imm[4:0] = h[6:2]. */
static inline uint32_t ci_simm6(uint32_t h)
{
    return sext((bits(h, 12, 1) << 5) | bits(h, 2, 5), 6);
}

/* CI-format 6-bit unsigned shift amount. */
static inline uint32_t ci_shamt(uint32_t h)
{
    return (bits(h, 12, 1) << 5) | bits(h, 2, 5);
}

/* c.addi4spn: nzuimm[5:4|9:6|2|3] = h[12:11|10:7|6|5]. */
static inline uint32_t ciw_addi4spn(uint32_t h)
{
    return (bits(h, 11, 2) << 4) | (bits(h, 7, 4) << 6) |
           (bits(h, 6, 1) << 2) | (bits(h, 5, 1) << 3);
}

/* CL/CS word offset: uimm[5:3] = h[12:10], uimm[2] = h[6], uimm[6] = h[5]. */
static inline uint32_t cl_wimm(uint32_t h)
{
    return (bits(h, 10, 3) << 3) | (bits(h, 6, 1) << 2) | (bits(h, 5, 1) << 6);
}

/* CL/CS doubleword offset: uimm[5:3] = h[12:10], uimm[7:6] = h[6:5]. */
static inline uint32_t cl_dimm(uint32_t h)
{
    return (bits(h, 10, 3) << 3) | (bits(h, 5, 2) << 6);
}

/* c.lwsp/c.flwsp: uimm[5] = h[12], uimm[4:2|7:6] = h[6:4|3:2]. */
static inline uint32_t ci_lwsp(uint32_t h)
{
    return (bits(h, 12, 1) << 5) | (bits(h, 4, 3) << 2) | (bits(h, 2, 2) << 6);
}

/* c.ldsp/c.fldsp: uimm[5] = h[12], uimm[4:3|8:6] = h[6:5|4:2]. */
static inline uint32_t ci_ldsp(uint32_t h)
{
    return (bits(h, 12, 1) << 5) | (bits(h, 5, 2) << 3) | (bits(h, 2, 3) << 6);
}

/* c.swsp/c.fswsp: uimm[5:2|7:6] = h[12:9|8:7]. */
static inline uint32_t css_swsp(uint32_t h)
{
    return (bits(h, 9, 4) << 2) | (bits(h, 7, 2) << 6);
}

/* c.sdsp/c.fsdsp: uimm[5:3|8:6] = h[12:10|9:7]. */
static inline uint32_t css_sdsp(uint32_t h)
{
    return (bits(h, 10, 3) << 3) | (bits(h, 7, 3) << 6);
}

/* c.addi16sp: nzimm[9] = h[12], nzimm[4|6|8:7|5] = h[6|5|4:3|2]. */
static inline uint32_t ci_addi16sp(uint32_t h)
{
    uint32_t v = (bits(h, 12, 1) << 9) | (bits(h, 6, 1) << 4) |
                 (bits(h, 5, 1) << 6) | (bits(h, 3, 2) << 7) |
                 (bits(h, 2, 1) << 5);
    return sext(v, 10);
}

/* c.j/c.jal: imm[11|4|9:8|10|6|7|3:1|5] = h[12|11|10:9|8|7|6|5:3|2]. */
static inline uint32_t cj_imm(uint32_t h)
{
    uint32_t v = (bits(h, 12, 1) << 11) | (bits(h, 11, 1) << 4) |
                 (bits(h, 9, 2) << 8) | (bits(h, 8, 1) << 10) |
                 (bits(h, 7, 1) << 6) | (bits(h, 6, 1) << 7) |
                 (bits(h, 3, 3) << 1) | (bits(h, 2, 1) << 5);
    return sext(v, 12);
}

/* c.beqz/c.bnez: imm[8|4:3] = h[12:10], imm[7:6|2:1|5] = h[6:5|4:3|2]. */
static inline uint32_t cb_imm(uint32_t h)
{
    uint32_t v = (bits(h, 12, 1) << 8) | (bits(h, 10, 2) << 3) |
                 (bits(h, 5, 2) << 6) | (bits(h, 3, 2) << 1) |
                 (bits(h, 2, 1) << 5);
    return sext(v, 9);
}

/* --- Quadrants ------------------------------------------------------------ */

static uint32_t expand_q0(uint32_t h, unsigned xlen)
{
    uint32_t rs1 = c_rs1p(h);
    uint32_t rd = c_rdp_lo(h); /* rd' for loads, rs2' for stores */

    switch (bits(h, 13, 3)) {
    case 0: { /* c.addi4spn -> addi rd', x2, nzuimm */
        uint32_t imm = ciw_addi4spn(h);
        if (imm == 0)
            return 0; /* includes the all-zero parcel */
        return enc_i(imm, REG_SP, 0, rd, OPC_OP_IMM);
    }
    case 1: /* c.fld -> fld rd', uimm(rs1') */
        return enc_i(cl_dimm(h), rs1, 3, rd, OPC_LOAD_FP);
    case 2: /* c.lw -> lw rd', uimm(rs1') */
        return enc_i(cl_wimm(h), rs1, 2, rd, OPC_LOAD);
    case 3:
        if (xlen == 32) /* c.flw -> flw rd', uimm(rs1') */
            return enc_i(cl_wimm(h), rs1, 2, rd, OPC_LOAD_FP);
        /* c.ld -> ld rd', uimm(rs1') */
        return enc_i(cl_dimm(h), rs1, 3, rd, OPC_LOAD);
    case 4: /* reserved */
        return 0;
    case 5: /* c.fsd -> fsd rs2', uimm(rs1') */
        return enc_s(cl_dimm(h), rd, rs1, 3, OPC_STORE_FP);
    case 6: /* c.sw -> sw rs2', uimm(rs1') */
        return enc_s(cl_wimm(h), rd, rs1, 2, OPC_STORE);
    default: /* 7 */
        if (xlen == 32) /* c.fsw -> fsw rs2', uimm(rs1') */
            return enc_s(cl_wimm(h), rd, rs1, 2, OPC_STORE_FP);
        /* c.sd -> sd rs2', uimm(rs1') */
        return enc_s(cl_dimm(h), rd, rs1, 3, OPC_STORE);
    }
}

static uint32_t expand_q1_alu(uint32_t h, unsigned xlen)
{
    uint32_t rd = c_rs1p(h);

    switch (bits(h, 10, 2)) {
    case 0:   /* c.srli -> srli rd', rd', shamt */
    case 1: { /* c.srai -> srai rd', rd', shamt */
        uint32_t shamt = ci_shamt(h);
        uint32_t f7 = bits(h, 10, 1) ? 0x400u : 0u;
        if (xlen == 32 && (shamt & 0x20u))
            return 0;
        /* shamt == 0 is a HINT on RV32/RV64 (c.srli64/c.srai64). */
        return enc_i(f7 | shamt, rd, 5, rd, OPC_OP_IMM);
    }
    case 2: /* c.andi -> andi rd', rd', imm */
        return enc_i(ci_simm6(h), rd, 7, rd, OPC_OP_IMM);
    default: { /* register-register */
        uint32_t rs2 = c_rdp_lo(h);
        uint32_t sel = bits(h, 5, 2);
        if (!bits(h, 12, 1)) {
            switch (sel) {
            case 0:  return enc_r(0x20, rs2, rd, 0, rd, OPC_OP); /* c.sub */
            case 1:  return enc_r(0x00, rs2, rd, 4, rd, OPC_OP); /* c.xor */
            case 2:  return enc_r(0x00, rs2, rd, 6, rd, OPC_OP); /* c.or  */
            default: return enc_r(0x00, rs2, rd, 7, rd, OPC_OP); /* c.and */
            }
        }
        if (xlen == 32)
            return 0;
        switch (sel) {
        case 0:  return enc_r(0x20, rs2, rd, 0, rd, OPC_OP_32); /* c.subw */
        case 1:  return enc_r(0x00, rs2, rd, 0, rd, OPC_OP_32); /* c.addw */
        default: return 0; /* reserved */
        }
    }
    }
}

static uint32_t expand_q1(uint32_t h, unsigned xlen)
{
    uint32_t rd = c_rd(h);

    switch (bits(h, 13, 3)) {
    case 0: /* c.addi / c.nop -> addi rd, rd, imm (all forms valid or HINT) */
        return enc_i(ci_simm6(h), rd, 0, rd, OPC_OP_IMM);
    case 1:
        if (xlen == 32) /* c.jal -> jal x1, off */
            return enc_j(cj_imm(h), REG_RA);
        /* c.addiw -> addiw rd, rd, imm; rd = x0 is reserved */
        if (rd == REG_ZERO)
            return 0;
        return enc_i(ci_simm6(h), rd, 0, rd, OPC_OP_IMM_32);
    case 2: /* c.li -> addi rd, x0, imm (rd = x0 is a HINT) */
        return enc_i(ci_simm6(h), REG_ZERO, 0, rd, OPC_OP_IMM);
    case 3:
        if (rd == REG_SP) { /* c.addi16sp -> addi x2, x2, nzimm */
            uint32_t imm = ci_addi16sp(h);
            if (imm == 0)
                return 0;
            return enc_i(imm, REG_SP, 0, REG_SP, OPC_OP_IMM);
        } else { /* c.lui -> lui rd, nzimm (rd = x0 is a HINT) */
            uint32_t imm = ci_simm6(h);
            if (imm == 0)
                return 0;
            return enc_u(imm, rd, OPC_LUI);
        }
    case 4:
        return expand_q1_alu(h, xlen);
    case 5: /* c.j -> jal x0, off */
        return enc_j(cj_imm(h), REG_ZERO);
    case 6: /* c.beqz -> beq rs1', x0, off */
        return enc_b(cb_imm(h), REG_ZERO, c_rs1p(h), 0);
    default: /* c.bnez -> bne rs1', x0, off */
        return enc_b(cb_imm(h), REG_ZERO, c_rs1p(h), 1);
    }
}

static uint32_t expand_q2(uint32_t h, unsigned xlen)
{
    uint32_t rd = c_rd(h);
    uint32_t rs2 = c_rs2(h);

    switch (bits(h, 13, 3)) {
    case 0: { /* c.slli -> slli rd, rd, shamt (rd = x0 / shamt = 0 are HINTs) */
        uint32_t shamt = ci_shamt(h);
        if (xlen == 32 && (shamt & 0x20u))
            return 0;
        return enc_i(shamt, rd, 1, rd, OPC_OP_IMM);
    }
    case 1: /* c.fldsp -> fld rd, uimm(x2) */
        return enc_i(ci_ldsp(h), REG_SP, 3, rd, OPC_LOAD_FP);
    case 2: /* c.lwsp -> lw rd, uimm(x2); rd = x0 reserved */
        if (rd == REG_ZERO)
            return 0;
        return enc_i(ci_lwsp(h), REG_SP, 2, rd, OPC_LOAD);
    case 3:
        if (xlen == 32) /* c.flwsp -> flw rd, uimm(x2) */
            return enc_i(ci_lwsp(h), REG_SP, 2, rd, OPC_LOAD_FP);
        /* c.ldsp -> ld rd, uimm(x2); rd = x0 reserved */
        if (rd == REG_ZERO)
            return 0;
        return enc_i(ci_ldsp(h), REG_SP, 3, rd, OPC_LOAD);
    case 4:
        if (!bits(h, 12, 1)) {
            if (rs2 == REG_ZERO) { /* c.jr -> jalr x0, 0(rs1); rs1 = x0 reserved */
                if (rd == REG_ZERO)
                    return 0;
                return enc_i(0, rd, 0, REG_ZERO, OPC_JALR);
            }
            /* c.mv -> add rd, x0, rs2 (rd = x0 is a HINT) */
            return enc_r(0, rs2, REG_ZERO, 0, rd, OPC_OP);
        }
        if (rs2 == REG_ZERO) {
            if (rd == REG_ZERO) /* c.ebreak */
                return INSN_EBREAK;
            /* c.jalr -> jalr x1, 0(rs1) */
            return enc_i(0, rd, 0, REG_RA, OPC_JALR);
        }
        /* c.add -> add rd, rd, rs2 (rd = x0 is a HINT) */
        return enc_r(0, rs2, rd, 0, rd, OPC_OP);
    case 5: /* c.fsdsp -> fsd rs2, uimm(x2) */
        return enc_s(css_sdsp(h), rs2, REG_SP, 3, OPC_STORE_FP);
    case 6: /* c.swsp -> sw rs2, uimm(x2) */
        return enc_s(css_swsp(h), rs2, REG_SP, 2, OPC_STORE);
    default: /* 7 */
        if (xlen == 32) /* c.fswsp -> fsw rs2, uimm(x2) */
            return enc_s(css_swsp(h), rs2, REG_SP, 2, OPC_STORE_FP);
        /* c.sdsp -> sd rs2, uimm(x2) */
        return enc_s(css_sdsp(h), rs2, REG_SP, 3, OPC_STORE);
    }
}

uint32_t rvc_expand(uint16_t half, unsigned xlen)
{
    uint32_t h = half;

    if (xlen != 32 && xlen != 64)
        return 0;

    switch (h & 3u) {
    case 0:  return expand_q0(h, xlen);
    case 1:  return expand_q1(h, xlen);
    case 2:  return expand_q2(h, xlen);
    default: return 0; /* not a compressed instruction */
    }
}
