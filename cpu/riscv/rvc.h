/*
 * ferry - RISC-V "C" (compressed) extension expander.
 */
#ifndef FERRY_CPU_RISCV_RVC_H
#define FERRY_CPU_RISCV_RVC_H

#include <stdint.h>

/* Expand a 16-bit compressed instruction into the equivalent 32-bit RV32/RV64 instruction
 * encoding (xlen is 32 or 64). Returns 0 for an illegal/reserved encoding
 * (including the all-zero halfword, reserved immediates such as c.addi4spn with nzuimm=0,
 * c.lui with nzimm=0 (rd=x2 is c.addi16sp), c.addi16sp with nzimm=0, c.lwsp/c.ldsp with rd=0, c.jr with rs1=0,
 * RV64-only forms on RV32 and RV32-only forms (c.jal, c.flw, c.fsw, c.flwsp, c.fswsp) on RV64,
 * shift amounts with shamt[5]=1 on RV32). HINT encodings (e.g. c.nop with nonzero imm,
 * c.addi with rd=0, c.li rd=0, c.mv/c.add rd=0, c.slli with rd=0 or shamt 0 on RV64 (c.slli64)) expand to their
 * architecturally-equivalent base instruction (they execute as no-ops or as written), never 0. */
uint32_t rvc_expand(uint16_t half, unsigned xlen);

#endif /* FERRY_CPU_RISCV_RVC_H */
