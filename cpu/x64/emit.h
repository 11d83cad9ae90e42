/*
 * Typed x86-64 instruction encoder: the only way the JIT backend writes host
 * code. Callers name an instruction and its operands
 * (x64_add_r64_r64(buf, X64_RAX, X64_R12)); the encoder picks the encoding
 * (REX, ModRM/SIB, the shortest displacement and immediate forms) from the
 * Intel SDM Vol. 2 encoding tables. No translation code writes raw bytes.
 *
 * Naming: x64_<mnemonic>_<operand>_<operand>, where an operand is
 *   r64 r32 r16 r8   a general register (X64Reg) used at that width
 *   m64 m32 m16 m8   memory (X64Mem) of that size; "m" alone for lea/jmp
 *   imm8..imm64      an immediate; imm32 on a 64-bit operation is sign-extended
 *   x                an XMM register (X64Xmm)
 * Writing a 32-bit register zero-extends into the full 64-bit register
 * (SDM Vol. 1 3.4.1.1), so there are no separate "zero-extend to r64" forms.
 *
 * Output goes to an X64Buf. An instruction that does not fit sets `overflow`
 * and writes nothing; once set, overflow stays set and nothing more is
 * written, so the JIT can emit a whole block and check once at the end
 * (then flush its code cache and retry).
 *
 * Invalid operand combinations (an index of RSP, a scale other than
 * 1/2/4/8, a register number out of range) are programming errors: assert.
 */
#ifndef FERRY_X64_EMIT_H
#define FERRY_X64_EMIT_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- registers and conditions (hardware numbers, SDM Vol. 2A Table 3-1) ---- */

typedef enum X64Reg {
    X64_RAX, X64_RCX, X64_RDX, X64_RBX, X64_RSP, X64_RBP, X64_RSI, X64_RDI,
    X64_R8, X64_R9, X64_R10, X64_R11, X64_R12, X64_R13, X64_R14, X64_R15,
} X64Reg;

typedef enum X64Xmm {
    X64_XMM0, X64_XMM1, X64_XMM2, X64_XMM3, X64_XMM4, X64_XMM5, X64_XMM6, X64_XMM7,
    X64_XMM8, X64_XMM9, X64_XMM10, X64_XMM11, X64_XMM12, X64_XMM13, X64_XMM14, X64_XMM15,
} X64Xmm;

/* The condition-code nibble of Jcc/SETcc/CMOVcc (SDM Vol. 1 Appendix B,
 * Table B-1). Each pair differs in bit 0, which is how x64_cond_invert works. */
typedef enum X64Cond {
    X64_CC_O  = 0x0, X64_CC_NO = 0x1,
    X64_CC_B  = 0x2, X64_CC_AE = 0x3,   /* unsigned <, >= (carry set, clear) */
    X64_CC_E  = 0x4, X64_CC_NE = 0x5,
    X64_CC_BE = 0x6, X64_CC_A  = 0x7,   /* unsigned <=, > */
    X64_CC_S  = 0x8, X64_CC_NS = 0x9,
    X64_CC_P  = 0xA, X64_CC_NP = 0xB,   /* parity: unordered after ucomisd */
    X64_CC_L  = 0xC, X64_CC_GE = 0xD,   /* signed <, >= */
    X64_CC_LE = 0xE, X64_CC_G  = 0xF,   /* signed <=, > */
    X64_CC_C = X64_CC_B, X64_CC_NC = X64_CC_AE,
    X64_CC_Z = X64_CC_E, X64_CC_NZ = X64_CC_NE,
} X64Cond;

static inline X64Cond x64_cond_invert(X64Cond c)
{
    return (X64Cond)(c ^ 1);
}

/* ---- code buffer ---- */

typedef struct X64Buf {
    uint8_t *p;
    size_t len, cap;
    bool overflow;
} X64Buf;

void x64_buf_init(X64Buf *b, void *mem, size_t cap);

/* The offset the next instruction will be written at: a jump target. */
static inline size_t x64_here(const X64Buf *b)
{
    return b->len;
}

/* ---- memory operands ---- */

enum {
    X64_MEM_BASE,    /* [base + index*scale + disp] */
    X64_MEM_RIP,     /* [rip + disp], disp relative to the end of the instruction */
    X64_MEM_RIP_TO,  /* [rip + (target - end of instruction)], see x64_mem_rip_to */
};
#define X64_NO_INDEX 0xFF

typedef struct X64Mem {
    uint8_t kind;
    uint8_t base;
    uint8_t index;   /* X64_NO_INDEX when there is none */
    uint8_t scale;   /* 1, 2, 4 or 8 */
    int32_t disp;
    uintptr_t target;
} X64Mem;

static inline X64Mem x64_mem(X64Reg base, int32_t disp)
{
    assert((unsigned)base < 16);
    return (X64Mem){ .kind = X64_MEM_BASE, .base = (uint8_t)base,
                     .index = X64_NO_INDEX, .scale = 1, .disp = disp };
}

/* RSP cannot be an index: that SIB index value means "no index"
 * (SDM Vol. 2A Table 2-3 and Table 2-5). */
static inline X64Mem x64_mem_idx(X64Reg base, X64Reg index, unsigned scale, int32_t disp)
{
    assert((unsigned)base < 16 && (unsigned)index < 16);
    assert(index != X64_RSP);
    assert(scale == 1 || scale == 2 || scale == 4 || scale == 8);
    return (X64Mem){ .kind = X64_MEM_BASE, .base = (uint8_t)base,
                     .index = (uint8_t)index, .scale = (uint8_t)scale, .disp = disp };
}

static inline X64Mem x64_mem_rip(int32_t disp)
{
    return (X64Mem){ .kind = X64_MEM_RIP, .index = X64_NO_INDEX, .scale = 1, .disp = disp };
}

/* RIP-relative access to an absolute host address: the encoder computes the
 * displacement from where the instruction lands in the buffer. The target
 * must be within +-2 GiB of the code (check with x64_rip_reachable first). */
static inline X64Mem x64_mem_rip_to(const void *target)
{
    return (X64Mem){ .kind = X64_MEM_RIP_TO, .index = X64_NO_INDEX, .scale = 1,
                     .target = (uintptr_t)target };
}

/* True when a rel32 or RIP-relative displacement emitted at the current end
 * of the buffer can reach target (with room for the instruction's length). */
bool x64_rip_reachable(const X64Buf *b, const void *target);

/* ---- moves, loads, stores (emit_mov.c) ---- */

void x64_mov_r64_r64(X64Buf *b, X64Reg dst, X64Reg src);
void x64_mov_r32_r32(X64Buf *b, X64Reg dst, X64Reg src);
/* B8+rd: zero-extends to 64 bits. */
void x64_mov_r32_imm32(X64Buf *b, X64Reg dst, uint32_t imm);
/* C7 /0 with REX.W: sign-extends imm to 64 bits. */
void x64_mov_r64_imm32(X64Buf *b, X64Reg dst, int32_t imm);
/* movabs: REX.W B8+rd io, always 10 bytes. */
void x64_mov_r64_imm64(X64Buf *b, X64Reg dst, uint64_t imm);
/* The shortest of the three above for this value (flags are not touched). */
void x64_mov_r64_imm(X64Buf *b, X64Reg dst, uint64_t imm);

void x64_mov_r64_m64(X64Buf *b, X64Reg dst, X64Mem m);
void x64_mov_r32_m32(X64Buf *b, X64Reg dst, X64Mem m);
void x64_mov_m64_r64(X64Buf *b, X64Mem m, X64Reg src);
void x64_mov_m32_r32(X64Buf *b, X64Mem m, X64Reg src);
void x64_mov_m16_r16(X64Buf *b, X64Mem m, X64Reg src);
void x64_mov_m8_r8(X64Buf *b, X64Mem m, X64Reg src);
void x64_mov_m64_imm32(X64Buf *b, X64Mem m, int32_t imm); /* sign-extended */
void x64_mov_m32_imm32(X64Buf *b, X64Mem m, uint32_t imm);
void x64_mov_m16_imm16(X64Buf *b, X64Mem m, uint16_t imm);
void x64_mov_m8_imm8(X64Buf *b, X64Mem m, uint8_t imm);

void x64_movzx_r32_r8(X64Buf *b, X64Reg dst, X64Reg src);
void x64_movzx_r32_r16(X64Buf *b, X64Reg dst, X64Reg src);
void x64_movzx_r32_m8(X64Buf *b, X64Reg dst, X64Mem m);
void x64_movzx_r32_m16(X64Buf *b, X64Reg dst, X64Mem m);
void x64_movsx_r32_r8(X64Buf *b, X64Reg dst, X64Reg src);
void x64_movsx_r32_r16(X64Buf *b, X64Reg dst, X64Reg src);
void x64_movsx_r64_r8(X64Buf *b, X64Reg dst, X64Reg src);
void x64_movsx_r64_r16(X64Buf *b, X64Reg dst, X64Reg src);
void x64_movsx_r32_m8(X64Buf *b, X64Reg dst, X64Mem m);
void x64_movsx_r32_m16(X64Buf *b, X64Reg dst, X64Mem m);
void x64_movsx_r64_m8(X64Buf *b, X64Reg dst, X64Mem m);
void x64_movsx_r64_m16(X64Buf *b, X64Reg dst, X64Mem m);
void x64_movsxd_r64_r32(X64Buf *b, X64Reg dst, X64Reg src);
void x64_movsxd_r64_m32(X64Buf *b, X64Reg dst, X64Mem m);

void x64_lea_r64_m(X64Buf *b, X64Reg dst, X64Mem m);
void x64_lea_r32_m(X64Buf *b, X64Reg dst, X64Mem m);

/* Guest atomics. xchg with memory is locked by the processor without a
 * prefix (SDM Vol. 2B XCHG); cmpxchg compares with and loads into RAX/EAX/
 * AX/AL. */
void x64_xchg_r64_r64(X64Buf *b, X64Reg a, X64Reg c);
void x64_xchg_r32_r32(X64Buf *b, X64Reg a, X64Reg c);
void x64_xchg_m64_r64(X64Buf *b, X64Mem m, X64Reg r);
void x64_xchg_m32_r32(X64Buf *b, X64Mem m, X64Reg r);
void x64_lock_cmpxchg_m64_r64(X64Buf *b, X64Mem m, X64Reg src);
void x64_lock_cmpxchg_m32_r32(X64Buf *b, X64Mem m, X64Reg src);
void x64_lock_cmpxchg_m16_r16(X64Buf *b, X64Mem m, X64Reg src);
void x64_lock_cmpxchg_m8_r8(X64Buf *b, X64Mem m, X64Reg src);
void x64_lock_xadd_m64_r64(X64Buf *b, X64Mem m, X64Reg src);
void x64_lock_xadd_m32_r32(X64Buf *b, X64Mem m, X64Reg src);
void x64_mfence(X64Buf *b);
void x64_lfence(X64Buf *b);
void x64_sfence(X64Buf *b);
void x64_pause(X64Buf *b);

/* ---- integer ALU (emit_alu.c) ---- */

/* The eight classic two-operand operations; the value is the /digit of
 * group 1 (80/81/83) and the row of the one-byte opcode map (op*8 + 0..5). */
typedef enum X64AluOp {
    X64_ALU_ADD = 0, X64_ALU_OR = 1, X64_ALU_ADC = 2, X64_ALU_SBB = 3,
    X64_ALU_AND = 4, X64_ALU_SUB = 5, X64_ALU_XOR = 6, X64_ALU_CMP = 7,
} X64AluOp;

/* imm8 sign-extended form (83) when the value fits, the accumulator short
 * form for RAX/EAX/AX/AL, otherwise the full immediate. */
void x64_alu_r64_r64(X64Buf *b, X64AluOp op, X64Reg dst, X64Reg src);
void x64_alu_r32_r32(X64Buf *b, X64AluOp op, X64Reg dst, X64Reg src);
void x64_alu_r16_r16(X64Buf *b, X64AluOp op, X64Reg dst, X64Reg src);
void x64_alu_r8_r8(X64Buf *b, X64AluOp op, X64Reg dst, X64Reg src);
void x64_alu_r64_imm32(X64Buf *b, X64AluOp op, X64Reg dst, int32_t imm);
void x64_alu_r32_imm32(X64Buf *b, X64AluOp op, X64Reg dst, int32_t imm);
void x64_alu_r16_imm16(X64Buf *b, X64AluOp op, X64Reg dst, uint16_t imm);
void x64_alu_r8_imm8(X64Buf *b, X64AluOp op, X64Reg dst, uint8_t imm);
void x64_alu_r64_m64(X64Buf *b, X64AluOp op, X64Reg dst, X64Mem m);
void x64_alu_r32_m32(X64Buf *b, X64AluOp op, X64Reg dst, X64Mem m);
void x64_alu_m64_r64(X64Buf *b, X64AluOp op, X64Mem m, X64Reg src);
void x64_alu_m32_r32(X64Buf *b, X64AluOp op, X64Mem m, X64Reg src);
void x64_alu_m64_imm32(X64Buf *b, X64AluOp op, X64Mem m, int32_t imm);
void x64_alu_m32_imm32(X64Buf *b, X64AluOp op, X64Mem m, int32_t imm);
void x64_alu_m8_imm8(X64Buf *b, X64AluOp op, X64Mem m, uint8_t imm);

/* Named forms of the 32- and 64-bit operations, written out so that a grep
 * finds them (8- and 16-bit ones: x64_alu_r8_* / x64_alu_r16_*). */
static inline void x64_add_r64_r64(X64Buf *b, X64Reg d, X64Reg s) { x64_alu_r64_r64(b, X64_ALU_ADD, d, s); }
static inline void x64_add_r32_r32(X64Buf *b, X64Reg d, X64Reg s) { x64_alu_r32_r32(b, X64_ALU_ADD, d, s); }
static inline void x64_add_r64_imm32(X64Buf *b, X64Reg d, int32_t i) { x64_alu_r64_imm32(b, X64_ALU_ADD, d, i); }
static inline void x64_add_r32_imm32(X64Buf *b, X64Reg d, int32_t i) { x64_alu_r32_imm32(b, X64_ALU_ADD, d, i); }
static inline void x64_add_r64_m64(X64Buf *b, X64Reg d, X64Mem m) { x64_alu_r64_m64(b, X64_ALU_ADD, d, m); }
static inline void x64_add_r32_m32(X64Buf *b, X64Reg d, X64Mem m) { x64_alu_r32_m32(b, X64_ALU_ADD, d, m); }
static inline void x64_add_m64_r64(X64Buf *b, X64Mem m, X64Reg s) { x64_alu_m64_r64(b, X64_ALU_ADD, m, s); }
static inline void x64_add_m32_r32(X64Buf *b, X64Mem m, X64Reg s) { x64_alu_m32_r32(b, X64_ALU_ADD, m, s); }
static inline void x64_add_m64_imm32(X64Buf *b, X64Mem m, int32_t i) { x64_alu_m64_imm32(b, X64_ALU_ADD, m, i); }
static inline void x64_add_m32_imm32(X64Buf *b, X64Mem m, int32_t i) { x64_alu_m32_imm32(b, X64_ALU_ADD, m, i); }

static inline void x64_or_r64_r64(X64Buf *b, X64Reg d, X64Reg s) { x64_alu_r64_r64(b, X64_ALU_OR, d, s); }
static inline void x64_or_r32_r32(X64Buf *b, X64Reg d, X64Reg s) { x64_alu_r32_r32(b, X64_ALU_OR, d, s); }
static inline void x64_or_r64_imm32(X64Buf *b, X64Reg d, int32_t i) { x64_alu_r64_imm32(b, X64_ALU_OR, d, i); }
static inline void x64_or_r32_imm32(X64Buf *b, X64Reg d, int32_t i) { x64_alu_r32_imm32(b, X64_ALU_OR, d, i); }
static inline void x64_or_r64_m64(X64Buf *b, X64Reg d, X64Mem m) { x64_alu_r64_m64(b, X64_ALU_OR, d, m); }
static inline void x64_or_r32_m32(X64Buf *b, X64Reg d, X64Mem m) { x64_alu_r32_m32(b, X64_ALU_OR, d, m); }
static inline void x64_or_m64_r64(X64Buf *b, X64Mem m, X64Reg s) { x64_alu_m64_r64(b, X64_ALU_OR, m, s); }
static inline void x64_or_m32_r32(X64Buf *b, X64Mem m, X64Reg s) { x64_alu_m32_r32(b, X64_ALU_OR, m, s); }
static inline void x64_or_m64_imm32(X64Buf *b, X64Mem m, int32_t i) { x64_alu_m64_imm32(b, X64_ALU_OR, m, i); }
static inline void x64_or_m32_imm32(X64Buf *b, X64Mem m, int32_t i) { x64_alu_m32_imm32(b, X64_ALU_OR, m, i); }

static inline void x64_adc_r64_r64(X64Buf *b, X64Reg d, X64Reg s) { x64_alu_r64_r64(b, X64_ALU_ADC, d, s); }
static inline void x64_adc_r32_r32(X64Buf *b, X64Reg d, X64Reg s) { x64_alu_r32_r32(b, X64_ALU_ADC, d, s); }
static inline void x64_adc_r64_imm32(X64Buf *b, X64Reg d, int32_t i) { x64_alu_r64_imm32(b, X64_ALU_ADC, d, i); }
static inline void x64_adc_r32_imm32(X64Buf *b, X64Reg d, int32_t i) { x64_alu_r32_imm32(b, X64_ALU_ADC, d, i); }
static inline void x64_adc_r64_m64(X64Buf *b, X64Reg d, X64Mem m) { x64_alu_r64_m64(b, X64_ALU_ADC, d, m); }
static inline void x64_adc_r32_m32(X64Buf *b, X64Reg d, X64Mem m) { x64_alu_r32_m32(b, X64_ALU_ADC, d, m); }
static inline void x64_adc_m64_r64(X64Buf *b, X64Mem m, X64Reg s) { x64_alu_m64_r64(b, X64_ALU_ADC, m, s); }
static inline void x64_adc_m32_r32(X64Buf *b, X64Mem m, X64Reg s) { x64_alu_m32_r32(b, X64_ALU_ADC, m, s); }
static inline void x64_adc_m64_imm32(X64Buf *b, X64Mem m, int32_t i) { x64_alu_m64_imm32(b, X64_ALU_ADC, m, i); }
static inline void x64_adc_m32_imm32(X64Buf *b, X64Mem m, int32_t i) { x64_alu_m32_imm32(b, X64_ALU_ADC, m, i); }

static inline void x64_sbb_r64_r64(X64Buf *b, X64Reg d, X64Reg s) { x64_alu_r64_r64(b, X64_ALU_SBB, d, s); }
static inline void x64_sbb_r32_r32(X64Buf *b, X64Reg d, X64Reg s) { x64_alu_r32_r32(b, X64_ALU_SBB, d, s); }
static inline void x64_sbb_r64_imm32(X64Buf *b, X64Reg d, int32_t i) { x64_alu_r64_imm32(b, X64_ALU_SBB, d, i); }
static inline void x64_sbb_r32_imm32(X64Buf *b, X64Reg d, int32_t i) { x64_alu_r32_imm32(b, X64_ALU_SBB, d, i); }
static inline void x64_sbb_r64_m64(X64Buf *b, X64Reg d, X64Mem m) { x64_alu_r64_m64(b, X64_ALU_SBB, d, m); }
static inline void x64_sbb_r32_m32(X64Buf *b, X64Reg d, X64Mem m) { x64_alu_r32_m32(b, X64_ALU_SBB, d, m); }
static inline void x64_sbb_m64_r64(X64Buf *b, X64Mem m, X64Reg s) { x64_alu_m64_r64(b, X64_ALU_SBB, m, s); }
static inline void x64_sbb_m32_r32(X64Buf *b, X64Mem m, X64Reg s) { x64_alu_m32_r32(b, X64_ALU_SBB, m, s); }
static inline void x64_sbb_m64_imm32(X64Buf *b, X64Mem m, int32_t i) { x64_alu_m64_imm32(b, X64_ALU_SBB, m, i); }
static inline void x64_sbb_m32_imm32(X64Buf *b, X64Mem m, int32_t i) { x64_alu_m32_imm32(b, X64_ALU_SBB, m, i); }

static inline void x64_and_r64_r64(X64Buf *b, X64Reg d, X64Reg s) { x64_alu_r64_r64(b, X64_ALU_AND, d, s); }
static inline void x64_and_r32_r32(X64Buf *b, X64Reg d, X64Reg s) { x64_alu_r32_r32(b, X64_ALU_AND, d, s); }
static inline void x64_and_r64_imm32(X64Buf *b, X64Reg d, int32_t i) { x64_alu_r64_imm32(b, X64_ALU_AND, d, i); }
static inline void x64_and_r32_imm32(X64Buf *b, X64Reg d, int32_t i) { x64_alu_r32_imm32(b, X64_ALU_AND, d, i); }
static inline void x64_and_r64_m64(X64Buf *b, X64Reg d, X64Mem m) { x64_alu_r64_m64(b, X64_ALU_AND, d, m); }
static inline void x64_and_r32_m32(X64Buf *b, X64Reg d, X64Mem m) { x64_alu_r32_m32(b, X64_ALU_AND, d, m); }
static inline void x64_and_m64_r64(X64Buf *b, X64Mem m, X64Reg s) { x64_alu_m64_r64(b, X64_ALU_AND, m, s); }
static inline void x64_and_m32_r32(X64Buf *b, X64Mem m, X64Reg s) { x64_alu_m32_r32(b, X64_ALU_AND, m, s); }
static inline void x64_and_m64_imm32(X64Buf *b, X64Mem m, int32_t i) { x64_alu_m64_imm32(b, X64_ALU_AND, m, i); }
static inline void x64_and_m32_imm32(X64Buf *b, X64Mem m, int32_t i) { x64_alu_m32_imm32(b, X64_ALU_AND, m, i); }

static inline void x64_sub_r64_r64(X64Buf *b, X64Reg d, X64Reg s) { x64_alu_r64_r64(b, X64_ALU_SUB, d, s); }
static inline void x64_sub_r32_r32(X64Buf *b, X64Reg d, X64Reg s) { x64_alu_r32_r32(b, X64_ALU_SUB, d, s); }
static inline void x64_sub_r64_imm32(X64Buf *b, X64Reg d, int32_t i) { x64_alu_r64_imm32(b, X64_ALU_SUB, d, i); }
static inline void x64_sub_r32_imm32(X64Buf *b, X64Reg d, int32_t i) { x64_alu_r32_imm32(b, X64_ALU_SUB, d, i); }
static inline void x64_sub_r64_m64(X64Buf *b, X64Reg d, X64Mem m) { x64_alu_r64_m64(b, X64_ALU_SUB, d, m); }
static inline void x64_sub_r32_m32(X64Buf *b, X64Reg d, X64Mem m) { x64_alu_r32_m32(b, X64_ALU_SUB, d, m); }
static inline void x64_sub_m64_r64(X64Buf *b, X64Mem m, X64Reg s) { x64_alu_m64_r64(b, X64_ALU_SUB, m, s); }
static inline void x64_sub_m32_r32(X64Buf *b, X64Mem m, X64Reg s) { x64_alu_m32_r32(b, X64_ALU_SUB, m, s); }
static inline void x64_sub_m64_imm32(X64Buf *b, X64Mem m, int32_t i) { x64_alu_m64_imm32(b, X64_ALU_SUB, m, i); }
static inline void x64_sub_m32_imm32(X64Buf *b, X64Mem m, int32_t i) { x64_alu_m32_imm32(b, X64_ALU_SUB, m, i); }

static inline void x64_xor_r64_r64(X64Buf *b, X64Reg d, X64Reg s) { x64_alu_r64_r64(b, X64_ALU_XOR, d, s); }
static inline void x64_xor_r32_r32(X64Buf *b, X64Reg d, X64Reg s) { x64_alu_r32_r32(b, X64_ALU_XOR, d, s); }
static inline void x64_xor_r64_imm32(X64Buf *b, X64Reg d, int32_t i) { x64_alu_r64_imm32(b, X64_ALU_XOR, d, i); }
static inline void x64_xor_r32_imm32(X64Buf *b, X64Reg d, int32_t i) { x64_alu_r32_imm32(b, X64_ALU_XOR, d, i); }
static inline void x64_xor_r64_m64(X64Buf *b, X64Reg d, X64Mem m) { x64_alu_r64_m64(b, X64_ALU_XOR, d, m); }
static inline void x64_xor_r32_m32(X64Buf *b, X64Reg d, X64Mem m) { x64_alu_r32_m32(b, X64_ALU_XOR, d, m); }
static inline void x64_xor_m64_r64(X64Buf *b, X64Mem m, X64Reg s) { x64_alu_m64_r64(b, X64_ALU_XOR, m, s); }
static inline void x64_xor_m32_r32(X64Buf *b, X64Mem m, X64Reg s) { x64_alu_m32_r32(b, X64_ALU_XOR, m, s); }
static inline void x64_xor_m64_imm32(X64Buf *b, X64Mem m, int32_t i) { x64_alu_m64_imm32(b, X64_ALU_XOR, m, i); }
static inline void x64_xor_m32_imm32(X64Buf *b, X64Mem m, int32_t i) { x64_alu_m32_imm32(b, X64_ALU_XOR, m, i); }

static inline void x64_cmp_r64_r64(X64Buf *b, X64Reg d, X64Reg s) { x64_alu_r64_r64(b, X64_ALU_CMP, d, s); }
static inline void x64_cmp_r32_r32(X64Buf *b, X64Reg d, X64Reg s) { x64_alu_r32_r32(b, X64_ALU_CMP, d, s); }
static inline void x64_cmp_r64_imm32(X64Buf *b, X64Reg d, int32_t i) { x64_alu_r64_imm32(b, X64_ALU_CMP, d, i); }
static inline void x64_cmp_r32_imm32(X64Buf *b, X64Reg d, int32_t i) { x64_alu_r32_imm32(b, X64_ALU_CMP, d, i); }
static inline void x64_cmp_r64_m64(X64Buf *b, X64Reg d, X64Mem m) { x64_alu_r64_m64(b, X64_ALU_CMP, d, m); }
static inline void x64_cmp_r32_m32(X64Buf *b, X64Reg d, X64Mem m) { x64_alu_r32_m32(b, X64_ALU_CMP, d, m); }
static inline void x64_cmp_m64_r64(X64Buf *b, X64Mem m, X64Reg s) { x64_alu_m64_r64(b, X64_ALU_CMP, m, s); }
static inline void x64_cmp_m32_r32(X64Buf *b, X64Mem m, X64Reg s) { x64_alu_m32_r32(b, X64_ALU_CMP, m, s); }
static inline void x64_cmp_m64_imm32(X64Buf *b, X64Mem m, int32_t i) { x64_alu_m64_imm32(b, X64_ALU_CMP, m, i); }
static inline void x64_cmp_m32_imm32(X64Buf *b, X64Mem m, int32_t i) { x64_alu_m32_imm32(b, X64_ALU_CMP, m, i); }

/* test: and without writing the destination. There is no sign-extended imm8
 * form (SDM Vol. 2B TEST); RAX/EAX/AL use the accumulator short form. */
void x64_test_r64_r64(X64Buf *b, X64Reg a, X64Reg c);
void x64_test_r32_r32(X64Buf *b, X64Reg a, X64Reg c);
void x64_test_r16_r16(X64Buf *b, X64Reg a, X64Reg c);
void x64_test_r8_r8(X64Buf *b, X64Reg a, X64Reg c);
void x64_test_r64_imm32(X64Buf *b, X64Reg a, int32_t imm);
void x64_test_r32_imm32(X64Buf *b, X64Reg a, uint32_t imm);
void x64_test_r8_imm8(X64Buf *b, X64Reg a, uint8_t imm);
void x64_test_m64_r64(X64Buf *b, X64Mem m, X64Reg r);
void x64_test_m32_r32(X64Buf *b, X64Mem m, X64Reg r);
void x64_test_m32_imm32(X64Buf *b, X64Mem m, uint32_t imm);
void x64_test_m8_imm8(X64Buf *b, X64Mem m, uint8_t imm);

void x64_neg_r64(X64Buf *b, X64Reg r);
void x64_neg_r32(X64Buf *b, X64Reg r);
void x64_neg_r16(X64Buf *b, X64Reg r);
void x64_neg_r8(X64Buf *b, X64Reg r);
void x64_not_r64(X64Buf *b, X64Reg r);
void x64_not_r32(X64Buf *b, X64Reg r);
void x64_not_r16(X64Buf *b, X64Reg r);
void x64_not_r8(X64Buf *b, X64Reg r);
void x64_inc_r64(X64Buf *b, X64Reg r);   /* inc/dec leave CF alone */
void x64_inc_r32(X64Buf *b, X64Reg r);
void x64_dec_r64(X64Buf *b, X64Reg r);
void x64_dec_r32(X64Buf *b, X64Reg r);

/* Shifts and rotates: the /digit of group 2 (C0/C1, D0/D1, D2/D3). */
typedef enum X64ShiftOp {
    X64_SH_ROL = 0, X64_SH_ROR = 1, X64_SH_RCL = 2, X64_SH_RCR = 3,
    X64_SH_SHL = 4, X64_SH_SHR = 5, X64_SH_SAR = 7,
} X64ShiftOp;

/* By CL; by an immediate count (below the operand width; a count of 1 uses
 * the shorter D1 form, which sets the flags exactly as C1 /n 1 does). */
void x64_shift_r64_cl(X64Buf *b, X64ShiftOp op, X64Reg r);
void x64_shift_r32_cl(X64Buf *b, X64ShiftOp op, X64Reg r);
void x64_shift_r16_cl(X64Buf *b, X64ShiftOp op, X64Reg r);
void x64_shift_r8_cl(X64Buf *b, X64ShiftOp op, X64Reg r);
void x64_shift_r64_imm(X64Buf *b, X64ShiftOp op, X64Reg r, uint8_t n);
void x64_shift_r32_imm(X64Buf *b, X64ShiftOp op, X64Reg r, uint8_t n);
void x64_shift_r16_imm(X64Buf *b, X64ShiftOp op, X64Reg r, uint8_t n);
void x64_shift_r8_imm(X64Buf *b, X64ShiftOp op, X64Reg r, uint8_t n);

static inline void x64_shl_r64_cl(X64Buf *b, X64Reg r) { x64_shift_r64_cl(b, X64_SH_SHL, r); }
static inline void x64_shl_r32_cl(X64Buf *b, X64Reg r) { x64_shift_r32_cl(b, X64_SH_SHL, r); }
static inline void x64_shr_r64_cl(X64Buf *b, X64Reg r) { x64_shift_r64_cl(b, X64_SH_SHR, r); }
static inline void x64_shr_r32_cl(X64Buf *b, X64Reg r) { x64_shift_r32_cl(b, X64_SH_SHR, r); }
static inline void x64_sar_r64_cl(X64Buf *b, X64Reg r) { x64_shift_r64_cl(b, X64_SH_SAR, r); }
static inline void x64_sar_r32_cl(X64Buf *b, X64Reg r) { x64_shift_r32_cl(b, X64_SH_SAR, r); }
static inline void x64_rol_r64_cl(X64Buf *b, X64Reg r) { x64_shift_r64_cl(b, X64_SH_ROL, r); }
static inline void x64_rol_r32_cl(X64Buf *b, X64Reg r) { x64_shift_r32_cl(b, X64_SH_ROL, r); }
static inline void x64_ror_r64_cl(X64Buf *b, X64Reg r) { x64_shift_r64_cl(b, X64_SH_ROR, r); }
static inline void x64_ror_r32_cl(X64Buf *b, X64Reg r) { x64_shift_r32_cl(b, X64_SH_ROR, r); }
static inline void x64_shl_r64_imm(X64Buf *b, X64Reg r, uint8_t n) { x64_shift_r64_imm(b, X64_SH_SHL, r, n); }
static inline void x64_shl_r32_imm(X64Buf *b, X64Reg r, uint8_t n) { x64_shift_r32_imm(b, X64_SH_SHL, r, n); }
static inline void x64_shr_r64_imm(X64Buf *b, X64Reg r, uint8_t n) { x64_shift_r64_imm(b, X64_SH_SHR, r, n); }
static inline void x64_shr_r32_imm(X64Buf *b, X64Reg r, uint8_t n) { x64_shift_r32_imm(b, X64_SH_SHR, r, n); }
static inline void x64_sar_r64_imm(X64Buf *b, X64Reg r, uint8_t n) { x64_shift_r64_imm(b, X64_SH_SAR, r, n); }
static inline void x64_sar_r32_imm(X64Buf *b, X64Reg r, uint8_t n) { x64_shift_r32_imm(b, X64_SH_SAR, r, n); }
static inline void x64_rol_r64_imm(X64Buf *b, X64Reg r, uint8_t n) { x64_shift_r64_imm(b, X64_SH_ROL, r, n); }
static inline void x64_rol_r32_imm(X64Buf *b, X64Reg r, uint8_t n) { x64_shift_r32_imm(b, X64_SH_ROL, r, n); }
static inline void x64_ror_r64_imm(X64Buf *b, X64Reg r, uint8_t n) { x64_shift_r64_imm(b, X64_SH_ROR, r, n); }
static inline void x64_ror_r32_imm(X64Buf *b, X64Reg r, uint8_t n) { x64_shift_r32_imm(b, X64_SH_ROR, r, n); }
/* rol r16, 8 swaps the two low bytes (16-bit byte swap; bswap r16 is undefined). */
static inline void x64_rol_r16_imm(X64Buf *b, X64Reg r, uint8_t n) { x64_shift_r16_imm(b, X64_SH_ROL, r, n); }

/* One-operand multiply and divide: RDX:RAX (EDX:EAX) = RAX * r, or
 * RAX = RDX:RAX / r, RDX = remainder. Sign-extend first with cqo/cdq. */
void x64_mul_r64(X64Buf *b, X64Reg r);
void x64_mul_r32(X64Buf *b, X64Reg r);
void x64_imul_r64(X64Buf *b, X64Reg r);
void x64_imul_r32(X64Buf *b, X64Reg r);
void x64_div_r64(X64Buf *b, X64Reg r);
void x64_div_r32(X64Buf *b, X64Reg r);
void x64_idiv_r64(X64Buf *b, X64Reg r);
void x64_idiv_r32(X64Buf *b, X64Reg r);
void x64_imul_r64_r64(X64Buf *b, X64Reg dst, X64Reg src);
void x64_imul_r32_r32(X64Buf *b, X64Reg dst, X64Reg src);
void x64_imul_r64_m64(X64Buf *b, X64Reg dst, X64Mem m);
void x64_imul_r32_m32(X64Buf *b, X64Reg dst, X64Mem m);
/* dst = src * imm (6B with imm8 when it fits, else 69 with imm32). */
void x64_imul_r64_r64_imm32(X64Buf *b, X64Reg dst, X64Reg src, int32_t imm);
void x64_imul_r32_r32_imm32(X64Buf *b, X64Reg dst, X64Reg src, int32_t imm);
void x64_cqo(X64Buf *b);    /* RDX:RAX = sign-extend RAX */
void x64_cdq(X64Buf *b);    /* EDX:EAX = sign-extend EAX */
void x64_cdqe(X64Buf *b);   /* RAX = sign-extend EAX */

/* Flags to values and back. */
void x64_setcc_r8(X64Buf *b, X64Cond cc, X64Reg dst);
void x64_setcc_m8(X64Buf *b, X64Cond cc, X64Mem m);
void x64_cmov_r64_r64(X64Buf *b, X64Cond cc, X64Reg dst, X64Reg src);
void x64_cmov_r32_r32(X64Buf *b, X64Cond cc, X64Reg dst, X64Reg src);
void x64_cmov_r64_m64(X64Buf *b, X64Cond cc, X64Reg dst, X64Mem m);
void x64_cmov_r32_m32(X64Buf *b, X64Cond cc, X64Reg dst, X64Mem m);
void x64_clc(X64Buf *b);
void x64_stc(X64Buf *b);
void x64_cmc(X64Buf *b);
void x64_lahf(X64Buf *b);   /* AH = SF:ZF:0:AF:0:PF:1:CF */
void x64_sahf(X64Buf *b);

/* Bit test (and set/reset/complement): CF = the bit. The value is the /digit
 * of 0F BA ib; the register forms are 0F A3/AB/B3/BB. */
typedef enum X64BitOp {
    X64_BIT_BT = 4, X64_BIT_BTS = 5, X64_BIT_BTR = 6, X64_BIT_BTC = 7,
} X64BitOp;

void x64_bitop_r64_r64(X64Buf *b, X64BitOp op, X64Reg r, X64Reg bit);
void x64_bitop_r32_r32(X64Buf *b, X64BitOp op, X64Reg r, X64Reg bit);
void x64_bitop_r64_imm8(X64Buf *b, X64BitOp op, X64Reg r, uint8_t bit);
void x64_bitop_r32_imm8(X64Buf *b, X64BitOp op, X64Reg r, uint8_t bit);
static inline void x64_bt_r64_r64(X64Buf *b, X64Reg r, X64Reg bit) { x64_bitop_r64_r64(b, X64_BIT_BT, r, bit); }
static inline void x64_bt_r32_r32(X64Buf *b, X64Reg r, X64Reg bit) { x64_bitop_r32_r32(b, X64_BIT_BT, r, bit); }
static inline void x64_bt_r64_imm8(X64Buf *b, X64Reg r, uint8_t bit) { x64_bitop_r64_imm8(b, X64_BIT_BT, r, bit); }
static inline void x64_bt_r32_imm8(X64Buf *b, X64Reg r, uint8_t bit) { x64_bitop_r32_imm8(b, X64_BIT_BT, r, bit); }

void x64_bswap_r64(X64Buf *b, X64Reg r);
void x64_bswap_r32(X64Buf *b, X64Reg r);
/* bsf/bsr leave dst undefined for a zero source; tzcnt/lzcnt (BMI1/LZCNT)
 * and popcnt need the CPU feature (the backend checks CPUID). */
void x64_bsf_r64_r64(X64Buf *b, X64Reg dst, X64Reg src);
void x64_bsf_r32_r32(X64Buf *b, X64Reg dst, X64Reg src);
void x64_bsr_r64_r64(X64Buf *b, X64Reg dst, X64Reg src);
void x64_bsr_r32_r32(X64Buf *b, X64Reg dst, X64Reg src);
void x64_tzcnt_r64_r64(X64Buf *b, X64Reg dst, X64Reg src);
void x64_tzcnt_r32_r32(X64Buf *b, X64Reg dst, X64Reg src);
void x64_lzcnt_r64_r64(X64Buf *b, X64Reg dst, X64Reg src);
void x64_lzcnt_r32_r32(X64Buf *b, X64Reg dst, X64Reg src);
void x64_popcnt_r64_r64(X64Buf *b, X64Reg dst, X64Reg src);
void x64_popcnt_r32_r32(X64Buf *b, X64Reg dst, X64Reg src);

/* ---- control flow, stack, misc (emit_branch.c) ---- */

/* rel is relative to the end of the jump, as the hardware computes it. */
void x64_jmp_rel8(X64Buf *b, int8_t rel);
void x64_jmp_rel32(X64Buf *b, int32_t rel);
void x64_jcc_rel8(X64Buf *b, X64Cond cc, int8_t rel);
void x64_jcc_rel32(X64Buf *b, X64Cond cc, int32_t rel);
void x64_call_rel32(X64Buf *b, int32_t rel);
/* To an offset already known (a backward jump to x64_here() taken earlier):
 * the short rel8 form when it reaches. */
void x64_jmp_to(X64Buf *b, size_t target);
void x64_jcc_to(X64Buf *b, X64Cond cc, size_t target);

/* Forward jumps: emit now with a zero displacement, patch when the target
 * is known. A fixup is the buffer offset of the displacement field. */
typedef struct X64Fixup { size_t off; } X64Fixup;     /* rel32 field */
typedef struct X64Fixup8 { size_t off; } X64Fixup8;   /* rel8 field */
X64Fixup x64_jmp_fwd(X64Buf *b);
X64Fixup x64_jcc_fwd(X64Buf *b, X64Cond cc);
X64Fixup x64_call_fwd(X64Buf *b);
X64Fixup8 x64_jmp8_fwd(X64Buf *b);
X64Fixup8 x64_jcc8_fwd(X64Buf *b, X64Cond cc);
/* Point the jump at buffer offset target. Does nothing once the buffer has
 * overflowed (the code is discarded). A rel8 target out of reach is a
 * programming error (assert): use it only to skip a few instructions. */
void x64_patch_rel32(X64Buf *b, X64Fixup f, size_t target);
void x64_patch_rel8(X64Buf *b, X64Fixup8 f, size_t target);

/* A jmp rel32 whose displacement is 4-byte aligned in memory (NOPs are
 * emitted before it as needed), so x64_patch_jump_at can re-point it with
 * one atomic store while other threads may be running the code. */
X64Fixup x64_jmp_fwd_aligned(X64Buf *b);
/* Re-point the rel32 field at `site` (in emitted code) to `target`: false,
 * and nothing written, when the distance does not fit in 32 bits. */
bool x64_patch_jump_at(uint8_t *site, const uint8_t *target);

void x64_jmp_r64(X64Buf *b, X64Reg r);
void x64_jmp_m64(X64Buf *b, X64Mem m);
void x64_call_r64(X64Buf *b, X64Reg r);
void x64_call_m64(X64Buf *b, X64Mem m);
/* Call/jump to a host address: rel32 when it reaches from here, otherwise
 * movabs scratch, target and an indirect call/jump through scratch. */
void x64_call_abs(X64Buf *b, const void *target, X64Reg scratch);
void x64_jmp_abs(X64Buf *b, const void *target, X64Reg scratch);

void x64_ret(X64Buf *b);
void x64_push_r64(X64Buf *b, X64Reg r);
void x64_pop_r64(X64Buf *b, X64Reg r);
/* n bytes of NOPs, using the recommended multi-byte forms (SDM Vol. 2B NOP,
 * Table 4-12) of up to 9 bytes each. */
void x64_nop(X64Buf *b, size_t n);
void x64_int3(X64Buf *b);
void x64_ud2(X64Buf *b);

/* ---- SSE2 scalar floating point (emit_sse.c) ---- */

void x64_movsd_x_m64(X64Buf *b, X64Xmm dst, X64Mem m);
void x64_movsd_m64_x(X64Buf *b, X64Mem m, X64Xmm src);
void x64_movsd_x_x(X64Buf *b, X64Xmm dst, X64Xmm src);   /* merges: low 64 bits only */
void x64_movss_x_m32(X64Buf *b, X64Xmm dst, X64Mem m);
void x64_movss_m32_x(X64Buf *b, X64Mem m, X64Xmm src);
void x64_movss_x_x(X64Buf *b, X64Xmm dst, X64Xmm src);   /* merges: low 32 bits only */
void x64_movaps_x_x(X64Buf *b, X64Xmm dst, X64Xmm src);  /* whole-register copy */
void x64_movq_x_r64(X64Buf *b, X64Xmm dst, X64Reg src);
void x64_movq_r64_x(X64Buf *b, X64Reg dst, X64Xmm src);
void x64_movd_x_r32(X64Buf *b, X64Xmm dst, X64Reg src);
void x64_movd_r32_x(X64Buf *b, X64Reg dst, X64Xmm src);

/* Scalar arithmetic: the second opcode byte, shared by the sd (F2) and
 * ss (F3) forms. */
typedef enum X64SseOp {
    X64_SSE_SQRT = 0x51, X64_SSE_ADD = 0x58, X64_SSE_MUL = 0x59, X64_SSE_SUB = 0x5C,
    X64_SSE_MIN = 0x5D, X64_SSE_DIV = 0x5E, X64_SSE_MAX = 0x5F,
} X64SseOp;

void x64_sse_sd_x_x(X64Buf *b, X64SseOp op, X64Xmm dst, X64Xmm src);
void x64_sse_sd_x_m64(X64Buf *b, X64SseOp op, X64Xmm dst, X64Mem m);
void x64_sse_ss_x_x(X64Buf *b, X64SseOp op, X64Xmm dst, X64Xmm src);
void x64_sse_ss_x_m32(X64Buf *b, X64SseOp op, X64Xmm dst, X64Mem m);
static inline void x64_addsd_x_x(X64Buf *b, X64Xmm d, X64Xmm s) { x64_sse_sd_x_x(b, X64_SSE_ADD, d, s); }
static inline void x64_addsd_x_m64(X64Buf *b, X64Xmm d, X64Mem m) { x64_sse_sd_x_m64(b, X64_SSE_ADD, d, m); }
static inline void x64_subsd_x_x(X64Buf *b, X64Xmm d, X64Xmm s) { x64_sse_sd_x_x(b, X64_SSE_SUB, d, s); }
static inline void x64_subsd_x_m64(X64Buf *b, X64Xmm d, X64Mem m) { x64_sse_sd_x_m64(b, X64_SSE_SUB, d, m); }
static inline void x64_mulsd_x_x(X64Buf *b, X64Xmm d, X64Xmm s) { x64_sse_sd_x_x(b, X64_SSE_MUL, d, s); }
static inline void x64_mulsd_x_m64(X64Buf *b, X64Xmm d, X64Mem m) { x64_sse_sd_x_m64(b, X64_SSE_MUL, d, m); }
static inline void x64_divsd_x_x(X64Buf *b, X64Xmm d, X64Xmm s) { x64_sse_sd_x_x(b, X64_SSE_DIV, d, s); }
static inline void x64_divsd_x_m64(X64Buf *b, X64Xmm d, X64Mem m) { x64_sse_sd_x_m64(b, X64_SSE_DIV, d, m); }
static inline void x64_sqrtsd_x_x(X64Buf *b, X64Xmm d, X64Xmm s) { x64_sse_sd_x_x(b, X64_SSE_SQRT, d, s); }
static inline void x64_sqrtsd_x_m64(X64Buf *b, X64Xmm d, X64Mem m) { x64_sse_sd_x_m64(b, X64_SSE_SQRT, d, m); }
static inline void x64_minsd_x_x(X64Buf *b, X64Xmm d, X64Xmm s) { x64_sse_sd_x_x(b, X64_SSE_MIN, d, s); }
static inline void x64_minsd_x_m64(X64Buf *b, X64Xmm d, X64Mem m) { x64_sse_sd_x_m64(b, X64_SSE_MIN, d, m); }
static inline void x64_maxsd_x_x(X64Buf *b, X64Xmm d, X64Xmm s) { x64_sse_sd_x_x(b, X64_SSE_MAX, d, s); }
static inline void x64_maxsd_x_m64(X64Buf *b, X64Xmm d, X64Mem m) { x64_sse_sd_x_m64(b, X64_SSE_MAX, d, m); }
static inline void x64_addss_x_x(X64Buf *b, X64Xmm d, X64Xmm s) { x64_sse_ss_x_x(b, X64_SSE_ADD, d, s); }
static inline void x64_addss_x_m32(X64Buf *b, X64Xmm d, X64Mem m) { x64_sse_ss_x_m32(b, X64_SSE_ADD, d, m); }
static inline void x64_subss_x_x(X64Buf *b, X64Xmm d, X64Xmm s) { x64_sse_ss_x_x(b, X64_SSE_SUB, d, s); }
static inline void x64_subss_x_m32(X64Buf *b, X64Xmm d, X64Mem m) { x64_sse_ss_x_m32(b, X64_SSE_SUB, d, m); }
static inline void x64_mulss_x_x(X64Buf *b, X64Xmm d, X64Xmm s) { x64_sse_ss_x_x(b, X64_SSE_MUL, d, s); }
static inline void x64_mulss_x_m32(X64Buf *b, X64Xmm d, X64Mem m) { x64_sse_ss_x_m32(b, X64_SSE_MUL, d, m); }
static inline void x64_divss_x_x(X64Buf *b, X64Xmm d, X64Xmm s) { x64_sse_ss_x_x(b, X64_SSE_DIV, d, s); }
static inline void x64_divss_x_m32(X64Buf *b, X64Xmm d, X64Mem m) { x64_sse_ss_x_m32(b, X64_SSE_DIV, d, m); }
static inline void x64_sqrtss_x_x(X64Buf *b, X64Xmm d, X64Xmm s) { x64_sse_ss_x_x(b, X64_SSE_SQRT, d, s); }
static inline void x64_sqrtss_x_m32(X64Buf *b, X64Xmm d, X64Mem m) { x64_sse_ss_x_m32(b, X64_SSE_SQRT, d, m); }
static inline void x64_minss_x_x(X64Buf *b, X64Xmm d, X64Xmm s) { x64_sse_ss_x_x(b, X64_SSE_MIN, d, s); }
static inline void x64_minss_x_m32(X64Buf *b, X64Xmm d, X64Mem m) { x64_sse_ss_x_m32(b, X64_SSE_MIN, d, m); }
static inline void x64_maxss_x_x(X64Buf *b, X64Xmm d, X64Xmm s) { x64_sse_ss_x_x(b, X64_SSE_MAX, d, s); }
static inline void x64_maxss_x_m32(X64Buf *b, X64Xmm d, X64Mem m) { x64_sse_ss_x_m32(b, X64_SSE_MAX, d, m); }

/* Unordered compares set ZF/PF/CF (PF=1: a NaN); comisd also raises
 * invalid for quiet NaNs. */
void x64_ucomisd_x_x(X64Buf *b, X64Xmm a, X64Xmm c);
void x64_ucomisd_x_m64(X64Buf *b, X64Xmm a, X64Mem m);
void x64_ucomiss_x_x(X64Buf *b, X64Xmm a, X64Xmm c);
void x64_ucomiss_x_m32(X64Buf *b, X64Xmm a, X64Mem m);
void x64_comisd_x_x(X64Buf *b, X64Xmm a, X64Xmm c);
void x64_comiss_x_x(X64Buf *b, X64Xmm a, X64Xmm c);

/* Conversions. cvtt* truncate; cvtsd2si/cvtss2si round by MXCSR.RC. */
void x64_cvtsi2sd_x_r64(X64Buf *b, X64Xmm dst, X64Reg src);
void x64_cvtsi2sd_x_r32(X64Buf *b, X64Xmm dst, X64Reg src);
void x64_cvtsi2ss_x_r64(X64Buf *b, X64Xmm dst, X64Reg src);
void x64_cvtsi2ss_x_r32(X64Buf *b, X64Xmm dst, X64Reg src);
void x64_cvttsd2si_r64_x(X64Buf *b, X64Reg dst, X64Xmm src);
void x64_cvttsd2si_r32_x(X64Buf *b, X64Reg dst, X64Xmm src);
void x64_cvttss2si_r64_x(X64Buf *b, X64Reg dst, X64Xmm src);
void x64_cvttss2si_r32_x(X64Buf *b, X64Reg dst, X64Xmm src);
void x64_cvtsd2si_r64_x(X64Buf *b, X64Reg dst, X64Xmm src);
void x64_cvtsd2si_r32_x(X64Buf *b, X64Reg dst, X64Xmm src);
void x64_cvtss2si_r64_x(X64Buf *b, X64Reg dst, X64Xmm src);
void x64_cvtss2si_r32_x(X64Buf *b, X64Reg dst, X64Xmm src);
void x64_cvtss2sd_x_x(X64Buf *b, X64Xmm dst, X64Xmm src);
void x64_cvtsd2ss_x_x(X64Buf *b, X64Xmm dst, X64Xmm src);

/* Bitwise on whole registers: sign-bit tricks for fneg/fabs/fsgnj. */
void x64_andpd_x_x(X64Buf *b, X64Xmm dst, X64Xmm src);
void x64_andnpd_x_x(X64Buf *b, X64Xmm dst, X64Xmm src);   /* dst = ~dst & src */
void x64_orpd_x_x(X64Buf *b, X64Xmm dst, X64Xmm src);
void x64_xorpd_x_x(X64Buf *b, X64Xmm dst, X64Xmm src);
void x64_andps_x_x(X64Buf *b, X64Xmm dst, X64Xmm src);
void x64_andnps_x_x(X64Buf *b, X64Xmm dst, X64Xmm src);
void x64_orps_x_x(X64Buf *b, X64Xmm dst, X64Xmm src);
void x64_xorps_x_x(X64Buf *b, X64Xmm dst, X64Xmm src);

/* SSE4.1 rounding: mode 0 nearest-even, 1 down, 2 up, 3 toward zero,
 * +4 use MXCSR.RC, +8 suppress the inexact exception. */
void x64_roundsd_x_x(X64Buf *b, X64Xmm dst, X64Xmm src, uint8_t mode);
void x64_roundss_x_x(X64Buf *b, X64Xmm dst, X64Xmm src, uint8_t mode);

/* MXCSR: rounding mode and sticky exception flags. */
void x64_ldmxcsr_m32(X64Buf *b, X64Mem m);
void x64_stmxcsr_m32(X64Buf *b, X64Mem m);

#endif
