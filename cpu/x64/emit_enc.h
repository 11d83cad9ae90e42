/*
 * Inside the x86-64 encoder (cpu/x64/emit*.c only): one instruction is
 * described field by field, in the order of SDM Vol. 2A Figure 2-1
 * (prefixes, REX, opcode, ModRM, SIB, displacement, immediate), and
 * x64_encode turns the description into bytes. The emit_*.c files say which
 * fields an instruction has; only emit.c knows how the fields become bytes.
 */
#ifndef FERRY_X64_EMIT_ENC_H
#define FERRY_X64_EMIT_ENC_H

#include "emit.h"

typedef struct X64Insn {
    uint8_t prefix[3];    /* legacy prefixes: 66 (operand size), F2/F3, F0 (lock) */
    uint8_t nprefix;
    bool rex_w;           /* 64-bit operand size */
    bool rex_needed;      /* a REX prefix even with no bit set: SPL/BPL/SIL/DIL */
    uint8_t op[3];        /* opcode bytes, escapes (0F, 0F 3A) included */
    uint8_t nop;
    bool has_modrm;
    uint8_t reg;          /* ModRM.reg: a register 0..15 or an opcode extension /digit */
    bool rm_is_mem;
    uint8_t rm;           /* ModRM.rm register 0..15 when !rm_is_mem */
    X64Mem mem;
    uint8_t disp_size;    /* 0: the shortest; 1 or 4: exactly that (multi-byte NOPs) */
    bool has_opreg;       /* register in the opcode's low 3 bits (+rb/+rw/+rd/+ro) */
    uint8_t opreg;
    uint8_t imm_size;     /* 0, 1, 2, 4 or 8 bytes */
    uint64_t imm;
} X64Insn;

/* An instruction with operand size `size` bytes: 2 adds the 66 prefix, 8
 * sets REX.W (SDM Vol. 2A 2.2.1.2); 1 and 4 need neither (the byte forms
 * have their own opcodes). */
static inline X64Insn x64i_new(unsigned size)
{
    assert(size == 1 || size == 2 || size == 4 || size == 8);
    X64Insn i = { .nprefix = 0 };
    if (size == 2)
        i.prefix[i.nprefix++] = 0x66;
    i.rex_w = size == 8;
    return i;
}

static inline void x64i_prefix(X64Insn *i, uint8_t p)
{
    assert(i->nprefix < sizeof i->prefix);
    i->prefix[i->nprefix++] = p;
}

static inline void x64i_op(X64Insn *i, uint8_t op)
{
    assert(i->nop < sizeof i->op);
    i->op[i->nop++] = op;
}

/* ModRM with a register operand in r/m (mod = 11). */
static inline void x64i_reg_rm(X64Insn *i, unsigned reg, unsigned rm)
{
    assert(reg < 16 && rm < 16);
    i->has_modrm = true;
    i->reg = (uint8_t)reg;
    i->rm = (uint8_t)rm;
}

/* ModRM with a memory operand in r/m. */
static inline void x64i_reg_mem(X64Insn *i, unsigned reg, X64Mem m)
{
    assert(reg < 16);
    i->has_modrm = true;
    i->reg = (uint8_t)reg;
    i->rm_is_mem = true;
    i->mem = m;
}

/* Register in the low three bits of the last opcode byte. */
static inline void x64i_opreg(X64Insn *i, unsigned r)
{
    assert(r < 16 && i->nop > 0);
    i->has_opreg = true;
    i->opreg = (uint8_t)r;
}

/* r is used as a byte register. Without REX, byte register numbers 4..7 mean
 * AH/CH/DH/BH; with any REX prefix they mean SPL/BPL/SIL/DIL (SDM Vol. 2A
 * 2.2.1.2 and Table 3-1), and those are the ones this encoder means. */
static inline void x64i_byte_reg(X64Insn *i, unsigned r)
{
    if (r >= 4 && r < 8)
        i->rex_needed = true;
}

static inline void x64i_imm(X64Insn *i, unsigned size, uint64_t v)
{
    assert(size == 1 || size == 2 || size == 4 || size == 8);
    i->imm_size = (uint8_t)size;
    i->imm = v;
}

static inline bool x64_fits_i8(int64_t v)
{
    return v >= INT8_MIN && v <= INT8_MAX;
}

static inline bool x64_fits_i32(int64_t v)
{
    return v >= INT32_MIN && v <= INT32_MAX;
}

/* Append the instruction to b, or set b->overflow and write nothing. */
void x64_encode(X64Buf *b, const X64Insn *i);

#endif
