/*
 * x86-64 encoder: SSE/SSE2 scalar floating point (and SSE4.1 rounding).
 * These are legacy-SSE encodings: a mandatory prefix (none, 66, F2 or F3)
 * chooses ps/pd/sd/ss, then REX, then 0F and the opcode (SDM Vol. 2A
 * 2.1.2; the REX must follow the mandatory prefix). XMM registers are
 * numbered and REX-extended like general registers.
 */
#include "emit_enc.h"

enum { P_NONE = 0, P_66 = 0x66, P_F2 = 0xF2, P_F3 = 0xF3 };

/* prefix 0F op /r with reg and rm registers (either XMM or GPR by opcode);
 * w sets REX.W for a 64-bit general-register operand. */
static void sse_rr(X64Buf *b, uint8_t prefix, bool w, uint8_t op, unsigned reg, unsigned rm)
{
    X64Insn i = x64i_new(w ? 8 : 4);
    if (prefix != P_NONE)
        x64i_prefix(&i, prefix);
    x64i_op(&i, 0x0F);
    x64i_op(&i, op);
    x64i_reg_rm(&i, reg, rm);
    x64_encode(b, &i);
}

static void sse_rm(X64Buf *b, uint8_t prefix, uint8_t op, unsigned reg, X64Mem m)
{
    X64Insn i = x64i_new(4);
    if (prefix != P_NONE)
        x64i_prefix(&i, prefix);
    x64i_op(&i, 0x0F);
    x64i_op(&i, op);
    x64i_reg_mem(&i, reg, m);
    x64_encode(b, &i);
}

/* ---- moves: MOVSD/MOVSS F2/F3 0F 10 (load, reg) / 11 (store), MOVAPS 0F 28,
 * MOVD/MOVQ 66 [REX.W] 0F 6E (to xmm) / 7E (from xmm) ---- */

void x64_movsd_x_m64(X64Buf *b, X64Xmm dst, X64Mem m) { sse_rm(b, P_F2, 0x10, dst, m); }
void x64_movsd_m64_x(X64Buf *b, X64Mem m, X64Xmm src) { sse_rm(b, P_F2, 0x11, src, m); }
void x64_movsd_x_x(X64Buf *b, X64Xmm dst, X64Xmm src) { sse_rr(b, P_F2, false, 0x10, dst, src); }
void x64_movss_x_m32(X64Buf *b, X64Xmm dst, X64Mem m) { sse_rm(b, P_F3, 0x10, dst, m); }
void x64_movss_m32_x(X64Buf *b, X64Mem m, X64Xmm src) { sse_rm(b, P_F3, 0x11, src, m); }
void x64_movss_x_x(X64Buf *b, X64Xmm dst, X64Xmm src) { sse_rr(b, P_F3, false, 0x10, dst, src); }
void x64_movaps_x_x(X64Buf *b, X64Xmm dst, X64Xmm src) { sse_rr(b, P_NONE, false, 0x28, dst, src); }
void x64_movq_x_r64(X64Buf *b, X64Xmm dst, X64Reg src) { sse_rr(b, P_66, true, 0x6E, dst, src); }
void x64_movq_r64_x(X64Buf *b, X64Reg dst, X64Xmm src) { sse_rr(b, P_66, true, 0x7E, src, dst); }
void x64_movd_x_r32(X64Buf *b, X64Xmm dst, X64Reg src) { sse_rr(b, P_66, false, 0x6E, dst, src); }
void x64_movd_r32_x(X64Buf *b, X64Reg dst, X64Xmm src) { sse_rr(b, P_66, false, 0x7E, src, dst); }

/* ---- arithmetic: F2 (sd) / F3 (ss) 0F op ---- */

static uint8_t sse_op(X64SseOp op)
{
    switch (op) {
    case X64_SSE_SQRT: case X64_SSE_ADD: case X64_SSE_MUL: case X64_SSE_SUB:
    case X64_SSE_MIN: case X64_SSE_DIV: case X64_SSE_MAX:
        return (uint8_t)op;
    }
    assert(!"x64: not a scalar SSE arithmetic opcode");
    return 0;
}

void x64_sse_sd_x_x(X64Buf *b, X64SseOp op, X64Xmm dst, X64Xmm src) { sse_rr(b, P_F2, false, sse_op(op), dst, src); }
void x64_sse_sd_x_m64(X64Buf *b, X64SseOp op, X64Xmm dst, X64Mem m) { sse_rm(b, P_F2, sse_op(op), dst, m); }
void x64_sse_ss_x_x(X64Buf *b, X64SseOp op, X64Xmm dst, X64Xmm src) { sse_rr(b, P_F3, false, sse_op(op), dst, src); }
void x64_sse_ss_x_m32(X64Buf *b, X64SseOp op, X64Xmm dst, X64Mem m) { sse_rm(b, P_F3, sse_op(op), dst, m); }

/* ---- compares: [66] 0F 2E UCOMIS*, [66] 0F 2F COMIS* ---- */

void x64_ucomisd_x_x(X64Buf *b, X64Xmm a, X64Xmm c) { sse_rr(b, P_66, false, 0x2E, a, c); }
void x64_ucomisd_x_m64(X64Buf *b, X64Xmm a, X64Mem m) { sse_rm(b, P_66, 0x2E, a, m); }
void x64_ucomiss_x_x(X64Buf *b, X64Xmm a, X64Xmm c) { sse_rr(b, P_NONE, false, 0x2E, a, c); }
void x64_ucomiss_x_m32(X64Buf *b, X64Xmm a, X64Mem m) { sse_rm(b, P_NONE, 0x2E, a, m); }
void x64_comisd_x_x(X64Buf *b, X64Xmm a, X64Xmm c) { sse_rr(b, P_66, false, 0x2F, a, c); }
void x64_comiss_x_x(X64Buf *b, X64Xmm a, X64Xmm c) { sse_rr(b, P_NONE, false, 0x2F, a, c); }

/* ---- conversions: F2/F3 [REX.W] 0F 2A (int -> fp, reg = xmm),
 * 2C (truncating fp -> int), 2D (rounding fp -> int; reg = gpr),
 * 5A (between single and double) ---- */

void x64_cvtsi2sd_x_r64(X64Buf *b, X64Xmm dst, X64Reg src) { sse_rr(b, P_F2, true, 0x2A, dst, src); }
void x64_cvtsi2sd_x_r32(X64Buf *b, X64Xmm dst, X64Reg src) { sse_rr(b, P_F2, false, 0x2A, dst, src); }
void x64_cvtsi2ss_x_r64(X64Buf *b, X64Xmm dst, X64Reg src) { sse_rr(b, P_F3, true, 0x2A, dst, src); }
void x64_cvtsi2ss_x_r32(X64Buf *b, X64Xmm dst, X64Reg src) { sse_rr(b, P_F3, false, 0x2A, dst, src); }
void x64_cvttsd2si_r64_x(X64Buf *b, X64Reg dst, X64Xmm src) { sse_rr(b, P_F2, true, 0x2C, dst, src); }
void x64_cvttsd2si_r32_x(X64Buf *b, X64Reg dst, X64Xmm src) { sse_rr(b, P_F2, false, 0x2C, dst, src); }
void x64_cvttss2si_r64_x(X64Buf *b, X64Reg dst, X64Xmm src) { sse_rr(b, P_F3, true, 0x2C, dst, src); }
void x64_cvttss2si_r32_x(X64Buf *b, X64Reg dst, X64Xmm src) { sse_rr(b, P_F3, false, 0x2C, dst, src); }
void x64_cvtsd2si_r64_x(X64Buf *b, X64Reg dst, X64Xmm src) { sse_rr(b, P_F2, true, 0x2D, dst, src); }
void x64_cvtsd2si_r32_x(X64Buf *b, X64Reg dst, X64Xmm src) { sse_rr(b, P_F2, false, 0x2D, dst, src); }
void x64_cvtss2si_r64_x(X64Buf *b, X64Reg dst, X64Xmm src) { sse_rr(b, P_F3, true, 0x2D, dst, src); }
void x64_cvtss2si_r32_x(X64Buf *b, X64Reg dst, X64Xmm src) { sse_rr(b, P_F3, false, 0x2D, dst, src); }
void x64_cvtss2sd_x_x(X64Buf *b, X64Xmm dst, X64Xmm src) { sse_rr(b, P_F3, false, 0x5A, dst, src); }
void x64_cvtsd2ss_x_x(X64Buf *b, X64Xmm dst, X64Xmm src) { sse_rr(b, P_F2, false, 0x5A, dst, src); }

/* ---- bitwise: [66] 0F 54 AND, 55 ANDN, 56 OR, 57 XOR ---- */

void x64_andpd_x_x(X64Buf *b, X64Xmm dst, X64Xmm src) { sse_rr(b, P_66, false, 0x54, dst, src); }
void x64_andnpd_x_x(X64Buf *b, X64Xmm dst, X64Xmm src) { sse_rr(b, P_66, false, 0x55, dst, src); }
void x64_orpd_x_x(X64Buf *b, X64Xmm dst, X64Xmm src) { sse_rr(b, P_66, false, 0x56, dst, src); }
void x64_xorpd_x_x(X64Buf *b, X64Xmm dst, X64Xmm src) { sse_rr(b, P_66, false, 0x57, dst, src); }
void x64_andps_x_x(X64Buf *b, X64Xmm dst, X64Xmm src) { sse_rr(b, P_NONE, false, 0x54, dst, src); }
void x64_andnps_x_x(X64Buf *b, X64Xmm dst, X64Xmm src) { sse_rr(b, P_NONE, false, 0x55, dst, src); }
void x64_orps_x_x(X64Buf *b, X64Xmm dst, X64Xmm src) { sse_rr(b, P_NONE, false, 0x56, dst, src); }
void x64_xorps_x_x(X64Buf *b, X64Xmm dst, X64Xmm src) { sse_rr(b, P_NONE, false, 0x57, dst, src); }

/* ---- SSE4.1 ROUNDSS/ROUNDSD: 66 0F 3A 0A/0B /r ib ---- */

static void round_x(X64Buf *b, uint8_t op, X64Xmm dst, X64Xmm src, uint8_t mode)
{
    assert(mode < 16);
    X64Insn i = x64i_new(4);
    x64i_prefix(&i, P_66);
    x64i_op(&i, 0x0F);
    x64i_op(&i, 0x3A);
    x64i_op(&i, op);
    x64i_reg_rm(&i, dst, src);
    x64i_imm(&i, 1, mode);
    x64_encode(b, &i);
}

void x64_roundsd_x_x(X64Buf *b, X64Xmm dst, X64Xmm src, uint8_t mode) { round_x(b, 0x0B, dst, src, mode); }
void x64_roundss_x_x(X64Buf *b, X64Xmm dst, X64Xmm src, uint8_t mode) { round_x(b, 0x0A, dst, src, mode); }

/* ---- 0F AE /2 LDMXCSR, /3 STMXCSR (memory only) ---- */

void x64_ldmxcsr_m32(X64Buf *b, X64Mem m) { sse_rm(b, P_NONE, 0xAE, 2, m); }
void x64_stmxcsr_m32(X64Buf *b, X64Mem m) { sse_rm(b, P_NONE, 0xAE, 3, m); }
