/* Differential stress test of the integer instructions.
 *
 * A seeded PRNG makes operands biased towards 0, +-1, the 64- and 32-bit
 * extremes, 32-bit boundaries with junk in the upper half, powers of two and
 * their neighbours, and shift amounts at and beyond 32 and 64. Every
 * instruction runs through inline asm (the compiler cannot fold it): the
 * RV64I register and immediate ALU instructions (a few fixed immediates each),
 * the W forms, RV64M, the AMOs and LR/SC on a small memory buffer (hashing
 * rd and the whole buffer), the six conditional branches (each sets a bit),
 * and RVC instructions in an explicit `.option rvc` block (the rest of the
 * program is compiled for rv64gc, so it is full of C instructions too).
 * The results fold into one hash per instruction line.
 *
 * The expected output comes from qemu-riscv64.
 *
 * usage: int_random [--verbose N] [--only SUBSTRING]
 *   --verbose N   print the operands, buffer and result of cases 0..N-1
 *   --only S      run only the lines whose label contains S
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASES 8000
#define BUFW 4 /* 64-bit words in the memory buffer */

/* ---------- PRNG and hash ---------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static unsigned rndn(unsigned n)
{
    return (unsigned)(rnd() % n);
}

static uint64_t mix(uint64_t h, uint64_t x)
{
    h ^= x;
    h *= 0x100000001b3ULL;
    h ^= h >> 29;
    h *= 0x9e3779b97f4a7c15ULL;
    return h ^ (h >> 32);
}

static uint64_t fnv_str(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
    return h;
}

/* ---------- the instructions under test ---------- */

/* a, b: operands; m: the memory buffer (BUFW words, 16-byte aligned) */
typedef uint64_t (*case_fn)(uint64_t a, uint64_t b, uint64_t *m);

#define R(id, op)                                                             \
    static uint64_t id(uint64_t a, uint64_t b, uint64_t *m)                   \
    {                                                                         \
        uint64_t r;                                                           \
        (void)m;                                                              \
        __asm__ volatile(op " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));        \
        return r;                                                             \
    }

#define I(id, op, imm)                                                        \
    static uint64_t id(uint64_t a, uint64_t b, uint64_t *m)                   \
    {                                                                         \
        uint64_t r;                                                           \
        (void)b;                                                              \
        (void)m;                                                              \
        __asm__ volatile(op " %0, %1, " #imm : "=r"(r) : "r"(a));             \
        return r;                                                             \
    }

/* AMO: a is the byte offset into the buffer, b the register operand */
#define AMO(id, op)                                                                        \
    static uint64_t id(uint64_t a, uint64_t b, uint64_t *m)                                \
    {                                                                                      \
        uint64_t r;                                                                        \
        char *p = (char *)m + a;                                                           \
        __asm__ volatile(op " %0, %2, (%1)" : "=&r"(r) : "r"(p), "r"(b) : "memory");       \
        return r;                                                                          \
    }

/* free-form asm with a in a0, b in a1, the buffer in a2, result from a0 */
#define ASM(id, body)                                                                      \
    static uint64_t id(uint64_t a, uint64_t b, uint64_t *m)                                \
    {                                                                                      \
        uint64_t r;                                                                        \
        __asm__ volatile("mv a0, %1\n\tmv a1, %2\n\tmv a2, %3\n\t" body "\n\tmv %0, a0"    \
                         : "=r"(r)                                                         \
                         : "r"(a), "r"(b), "r"(m)                                          \
                         : "a0", "a1", "a2", "a3", "a4", "a5", "ra", "fa0", "fa1", "memory"); \
        return r;                                                                          \
    }

/* the same inside .option rvc */
#define CASM(id, body) ASM(id, ".option push\n\t.option rvc\n\t" body "\n\t.option pop")

enum gen {
    G_ALU,   /* a and b, b often related to a */
    G_SHIFT, /* b (and a for immediates) biased to shift amounts */
    G_DIV,   /* divisors 0, +-1, dividends at the extremes */
    G_AMOW,  /* a: word offset in the buffer, the word related to b */
    G_AMOD,  /* a: doubleword offset */
};

/* X(kind, id, label, ...) */
#define LIST(X)                                                      \
    X(R, add, "add", G_ALU, "add")                                   \
    X(R, sub, "sub", G_ALU, "sub")                                   \
    X(R, sll, "sll", G_SHIFT, "sll")                                 \
    X(R, slt, "slt", G_ALU, "slt")                                   \
    X(R, sltu, "sltu", G_ALU, "sltu")                                \
    X(R, xor_, "xor", G_ALU, "xor")                                  \
    X(R, srl, "srl", G_SHIFT, "srl")                                 \
    X(R, sra, "sra", G_SHIFT, "sra")                                 \
    X(R, or_, "or", G_ALU, "or")                                     \
    X(R, and_, "and", G_ALU, "and")                                  \
    X(R, addw, "addw", G_ALU, "addw")                                \
    X(R, subw, "subw", G_ALU, "subw")                                \
    X(R, sllw, "sllw", G_SHIFT, "sllw")                              \
    X(R, srlw, "srlw", G_SHIFT, "srlw")                              \
    X(R, sraw, "sraw", G_SHIFT, "sraw")                              \
    X(R, mul, "mul", G_ALU, "mul")                                   \
    X(R, mulh, "mulh", G_ALU, "mulh")                                \
    X(R, mulhsu, "mulhsu", G_ALU, "mulhsu")                          \
    X(R, mulhu, "mulhu", G_ALU, "mulhu")                             \
    X(R, div_, "div", G_DIV, "div")                                  \
    X(R, divu, "divu", G_DIV, "divu")                                \
    X(R, rem, "rem", G_DIV, "rem")                                   \
    X(R, remu, "remu", G_DIV, "remu")                                \
    X(R, mulw, "mulw", G_ALU, "mulw")                                \
    X(R, divw, "divw", G_DIV, "divw")                                \
    X(R, divuw, "divuw", G_DIV, "divuw")                             \
    X(R, remw, "remw", G_DIV, "remw")                                \
    X(R, remuw, "remuw", G_DIV, "remuw")                             \
    X(I, addi_0, "addi 0", G_ALU, "addi", 0)                         \
    X(I, addi_1, "addi 1", G_ALU, "addi", 1)                         \
    X(I, addi_m1, "addi -1", G_ALU, "addi", -1)                      \
    X(I, addi_max, "addi 2047", G_ALU, "addi", 2047)                 \
    X(I, addi_min, "addi -2048", G_ALU, "addi", -2048)               \
    X(I, addi_x, "addi 1365", G_ALU, "addi", 1365)                   \
    X(I, slti_0, "slti 0", G_ALU, "slti", 0)                         \
    X(I, slti_m1, "slti -1", G_ALU, "slti", -1)                      \
    X(I, slti_max, "slti 2047", G_ALU, "slti", 2047)                 \
    X(I, slti_min, "slti -2048", G_ALU, "slti", -2048)               \
    X(I, sltiu_0, "sltiu 0", G_ALU, "sltiu", 0)                      \
    X(I, sltiu_1, "sltiu 1", G_ALU, "sltiu", 1)                      \
    X(I, sltiu_m1, "sltiu -1", G_ALU, "sltiu", -1)                   \
    X(I, sltiu_max, "sltiu 2047", G_ALU, "sltiu", 2047)              \
    X(I, sltiu_min, "sltiu -2048", G_ALU, "sltiu", -2048)            \
    X(I, xori_m1, "xori -1", G_ALU, "xori", -1)                      \
    X(I, xori_max, "xori 2047", G_ALU, "xori", 2047)                 \
    X(I, xori_min, "xori -2048", G_ALU, "xori", -2048)               \
    X(I, xori_x, "xori 1365", G_ALU, "xori", 1365)                   \
    X(I, ori_m1, "ori -1", G_ALU, "ori", -1)                         \
    X(I, ori_min, "ori -2048", G_ALU, "ori", -2048)                  \
    X(I, ori_x, "ori 1365", G_ALU, "ori", 1365)                      \
    X(I, andi_0, "andi 0", G_ALU, "andi", 0)                         \
    X(I, andi_m1, "andi -1", G_ALU, "andi", -1)                      \
    X(I, andi_max, "andi 2047", G_ALU, "andi", 2047)                 \
    X(I, andi_min, "andi -2048", G_ALU, "andi", -2048)               \
    X(I, andi_x, "andi -1366", G_ALU, "andi", -1366)                 \
    X(I, slli_0, "slli 0", G_SHIFT, "slli", 0)                       \
    X(I, slli_1, "slli 1", G_SHIFT, "slli", 1)                       \
    X(I, slli_31, "slli 31", G_SHIFT, "slli", 31)                    \
    X(I, slli_32, "slli 32", G_SHIFT, "slli", 32)                    \
    X(I, slli_63, "slli 63", G_SHIFT, "slli", 63)                    \
    X(I, srli_0, "srli 0", G_SHIFT, "srli", 0)                       \
    X(I, srli_1, "srli 1", G_SHIFT, "srli", 1)                       \
    X(I, srli_31, "srli 31", G_SHIFT, "srli", 31)                    \
    X(I, srli_32, "srli 32", G_SHIFT, "srli", 32)                    \
    X(I, srli_63, "srli 63", G_SHIFT, "srli", 63)                    \
    X(I, srai_0, "srai 0", G_SHIFT, "srai", 0)                       \
    X(I, srai_1, "srai 1", G_SHIFT, "srai", 1)                       \
    X(I, srai_31, "srai 31", G_SHIFT, "srai", 31)                    \
    X(I, srai_32, "srai 32", G_SHIFT, "srai", 32)                    \
    X(I, srai_63, "srai 63", G_SHIFT, "srai", 63)                    \
    X(I, addiw_0, "addiw 0", G_ALU, "addiw", 0)                      \
    X(I, addiw_1, "addiw 1", G_ALU, "addiw", 1)                      \
    X(I, addiw_m1, "addiw -1", G_ALU, "addiw", -1)                   \
    X(I, addiw_max, "addiw 2047", G_ALU, "addiw", 2047)              \
    X(I, addiw_min, "addiw -2048", G_ALU, "addiw", -2048)            \
    X(I, slliw_0, "slliw 0", G_SHIFT, "slliw", 0)                    \
    X(I, slliw_1, "slliw 1", G_SHIFT, "slliw", 1)                    \
    X(I, slliw_31, "slliw 31", G_SHIFT, "slliw", 31)                 \
    X(I, srliw_0, "srliw 0", G_SHIFT, "srliw", 0)                    \
    X(I, srliw_1, "srliw 1", G_SHIFT, "srliw", 1)                    \
    X(I, srliw_31, "srliw 31", G_SHIFT, "srliw", 31)                 \
    X(I, sraiw_0, "sraiw 0", G_SHIFT, "sraiw", 0)                    \
    X(I, sraiw_1, "sraiw 1", G_SHIFT, "sraiw", 1)                    \
    X(I, sraiw_31, "sraiw 31", G_SHIFT, "sraiw", 31)                 \
    X(AMO, amoswap_w, "amoswap.w", G_AMOW, "amoswap.w")              \
    X(AMO, amoadd_w, "amoadd.w", G_AMOW, "amoadd.w")                 \
    X(AMO, amoand_w, "amoand.w", G_AMOW, "amoand.w")                 \
    X(AMO, amoor_w, "amoor.w", G_AMOW, "amoor.w")                    \
    X(AMO, amoxor_w, "amoxor.w", G_AMOW, "amoxor.w")                 \
    X(AMO, amomin_w, "amomin.w", G_AMOW, "amomin.w")                 \
    X(AMO, amomax_w, "amomax.w", G_AMOW, "amomax.w")                 \
    X(AMO, amominu_w, "amominu.w", G_AMOW, "amominu.w")              \
    X(AMO, amomaxu_w, "amomaxu.w", G_AMOW, "amomaxu.w")              \
    X(AMO, amoadd_w_aqrl, "amoadd.w.aqrl", G_AMOW, "amoadd.w.aqrl")  \
    X(AMO, amoswap_d, "amoswap.d", G_AMOD, "amoswap.d")              \
    X(AMO, amoadd_d, "amoadd.d", G_AMOD, "amoadd.d")                 \
    X(AMO, amoand_d, "amoand.d", G_AMOD, "amoand.d")                 \
    X(AMO, amoor_d, "amoor.d", G_AMOD, "amoor.d")                    \
    X(AMO, amoxor_d, "amoxor.d", G_AMOD, "amoxor.d")                 \
    X(AMO, amomin_d, "amomin.d", G_AMOD, "amomin.d")                 \
    X(AMO, amomax_d, "amomax.d", G_AMOD, "amomax.d")                 \
    X(AMO, amominu_d, "amominu.d", G_AMOD, "amominu.d")              \
    X(AMO, amomaxu_d, "amomaxu.d", G_AMOD, "amomaxu.d")              \
    X(AMO, amomax_d_aq, "amomax.d.aq", G_AMOD, "amomax.d.aq")        \
    X(AMO, amominu_d_rl, "amominu.d.rl", G_AMOD, "amominu.d.rl")     \
    /* lr/sc: a0 = lr value + 2 * sc code (success: 0) */            \
    X(ASM, lrsc_w, "lr.w/sc.w", G_AMOW, "add a2, a2, a0\n\tlr.w a3, (a2)\n\tsc.w a4, a1, (a2)\n\tslli a4, a4, 1\n\tadd a0, a3, a4") \
    X(ASM, lrsc_d, "lr.d/sc.d", G_AMOD, "add a2, a2, a0\n\tlr.d.aq a3, (a2)\n\tsc.d.rl a4, a1, (a2)\n\tslli a4, a4, 1\n\tadd a0, a3, a4") \
    /* an SC after a successful SC has no reservation: it fails (rd != 0) */ \
    X(ASM, lrscsc_w, "lr.w/sc.w/sc.w", G_AMOW, "add a2, a2, a0\n\tlr.w a3, (a2)\n\tsc.w a4, a1, (a2)\n\tnot a1, a1\n\tsc.w a5, a1, (a2)\n\tsnez a5, a5\n\tslli a4, a4, 1\n\tadd a0, a3, a4\n\tslli a5, a5, 2\n\tadd a0, a0, a5") \
    X(ASM, lrscsc_d, "lr.d/sc.d/sc.d", G_AMOD, "add a2, a2, a0\n\tlr.d a3, (a2)\n\tsc.d a4, a1, (a2)\n\tnot a1, a1\n\tsc.d a5, a1, (a2)\n\tsnez a5, a5\n\tslli a4, a4, 1\n\tadd a0, a3, a4\n\tslli a5, a5, 2\n\tadd a0, a0, a5") \
    /* loads of every width and sign at the offset a, then a store of b */ \
    X(ASM, loads_w, "lb/lbu/lh/lhu/lw/lwu", G_AMOW, "add a2, a2, a0\n\tlb a3, 3(a2)\n\tlbu a4, 2(a2)\n\tslli a4, a4, 7\n\txor a3, a3, a4\n\tlh a4, 2(a2)\n\tslli a4, a4, 13\n\txor a3, a3, a4\n\tlhu a4, 0(a2)\n\tslli a4, a4, 19\n\txor a3, a3, a4\n\tlw a4, 0(a2)\n\tslli a4, a4, 5\n\txor a3, a3, a4\n\tlwu a4, 0(a2)\n\tslli a4, a4, 23\n\txor a0, a3, a4") \
    X(ASM, stores, "sb/sh/sw/sd", G_AMOD, "add a2, a2, a0\n\tsd a1, 0(a2)\n\tsrli a1, a1, 8\n\tsw a1, 4(a2)\n\tsrli a1, a1, 8\n\tsh a1, 6(a2)\n\tsrli a1, a1, 8\n\tsb a1, 1(a2)\n\tsb a1, 7(a2)\n\tld a0, 0(a2)") \
    /* the six branches, each sets a bit when taken */               \
    X(ASM, branches, "beq/bne/blt/bge/bltu/bgeu", G_ALU,             \
      "li a3, 0\n\t"                                                 \
      "beq a0, a1, 1f\n\tori a3, a3, 1\n1:\n\t"                      \
      "bne a0, a1, 1f\n\tori a3, a3, 2\n1:\n\t"                      \
      "blt a0, a1, 1f\n\tori a3, a3, 4\n1:\n\t"                      \
      "bge a0, a1, 1f\n\tori a3, a3, 8\n1:\n\t"                      \
      "bltu a0, a1, 1f\n\tori a3, a3, 16\n1:\n\t"                    \
      "bgeu a0, a1, 1f\n\tori a3, a3, 32\n1:\n\t"                    \
      "blt a1, a0, 1f\n\tori a3, a3, 64\n1:\n\t"                     \
      "bgeu a1, a0, 1f\n\tori a3, a3, 128\n1:\n\t"                   \
      "mv a0, a3")                                                   \
    /* set-less-than and branch agree, and zero compares */          \
    X(ASM, branchz, "beqz/bnez/bltz/bgez/blez/bgtz", G_ALU,          \
      "li a3, 0\n\t"                                                 \
      "beqz a0, 1f\n\tori a3, a3, 1\n1:\n\t"                         \
      "bnez a0, 1f\n\tori a3, a3, 2\n1:\n\t"                         \
      "bltz a0, 1f\n\tori a3, a3, 4\n1:\n\t"                         \
      "bgez a0, 1f\n\tori a3, a3, 8\n1:\n\t"                         \
      "blez a0, 1f\n\tori a3, a3, 16\n1:\n\t"                        \
      "bgtz a0, 1f\n\tori a3, a3, 32\n1:\n\t"                        \
      "mv a0, a3")                                                   \
    /* compressed */                                                 \
    X(CASM, c_add, "c.add", G_ALU, "c.add a0, a1")                   \
    X(CASM, c_sub, "c.sub", G_ALU, "c.sub a0, a1")                   \
    X(CASM, c_xor, "c.xor", G_ALU, "c.xor a0, a1")                   \
    X(CASM, c_or, "c.or", G_ALU, "c.or a0, a1")                      \
    X(CASM, c_and, "c.and", G_ALU, "c.and a0, a1")                   \
    X(CASM, c_addw, "c.addw", G_ALU, "c.addw a0, a1")                \
    X(CASM, c_subw, "c.subw", G_ALU, "c.subw a0, a1")                \
    X(CASM, c_mv, "c.mv", G_ALU, "c.mv a0, a1")                      \
    X(CASM, c_addi, "c.addi 1/-1/31/-32", G_ALU, "c.addi a0, 1\n\tc.mv a3, a0\n\tc.addi a0, -1\n\tc.xor a3, a0\n\tc.addi a0, 31\n\tc.add a3, a0\n\tc.addi a0, -32\n\tc.sub a0, a3") \
    X(CASM, c_addiw, "c.addiw 0/1/-1/31/-32", G_ALU, "c.mv a3, a0\n\tc.addiw a0, 0\n\tc.mv a4, a3\n\tc.addiw a4, 1\n\tc.xor a0, a4\n\tc.mv a4, a3\n\tc.addiw a4, -1\n\tc.add a0, a4\n\tc.mv a4, a3\n\tc.addiw a4, 31\n\tc.xor a0, a4\n\tc.addiw a3, -32\n\tc.sub a0, a3") \
    X(CASM, c_andi, "c.andi 0/-1/31/-32/5", G_ALU, "c.mv a3, a0\n\tc.andi a3, -1\n\tc.mv a4, a0\n\tc.andi a4, 31\n\tc.add a3, a4\n\tc.mv a4, a0\n\tc.andi a4, -32\n\tc.xor a3, a4\n\tc.mv a4, a0\n\tc.andi a4, 5\n\tc.sub a3, a4\n\tc.andi a0, 0\n\tc.or a0, a3") \
    X(CASM, c_slli, "c.slli 1/31/32/63", G_SHIFT, "c.mv a3, a0\n\tc.slli a3, 1\n\tc.mv a4, a0\n\tc.slli a4, 31\n\tc.xor a3, a4\n\tc.mv a4, a0\n\tc.slli a4, 32\n\tc.add a3, a4\n\tc.slli a0, 63\n\tc.xor a0, a3") \
    X(CASM, c_srli, "c.srli 1/31/32/63", G_SHIFT, "c.mv a3, a0\n\tc.srli a3, 1\n\tc.mv a4, a0\n\tc.srli a4, 31\n\tc.xor a3, a4\n\tc.mv a4, a0\n\tc.srli a4, 32\n\tc.add a3, a4\n\tc.srli a0, 63\n\tc.xor a0, a3") \
    X(CASM, c_srai, "c.srai 1/31/32/63", G_SHIFT, "c.mv a3, a0\n\tc.srai a3, 1\n\tc.mv a4, a0\n\tc.srai a4, 31\n\tc.xor a3, a4\n\tc.mv a4, a0\n\tc.srai a4, 32\n\tc.add a3, a4\n\tc.srai a0, 63\n\tc.xor a0, a3") \
    X(CASM, c_li_lui, "c.li/c.lui", G_ALU, "c.li a3, -32\n\tc.xor a0, a3\n\tc.li a3, 31\n\tc.add a0, a3\n\tc.lui a3, 1\n\tc.xor a0, a3\n\tc.lui a3, 0x1f\n\tc.add a0, a3\n\tc.lui a3, 0xfffe0\n\tc.xor a0, a3\n\tc.lui a3, 0xfffff\n\tc.add a0, a3") \
    X(CASM, c_lw, "c.lw/c.ld", G_AMOD, "c.add a2, a0\n\tc.li a0, 0\n\tc.lw a3, 0(a2)\n\tc.lw a4, 4(a2)\n\tc.slli a4, 3\n\tc.xor a3, a4\n\tc.ld a4, 0(a2)\n\tc.slli a4, 1\n\tc.add a3, a4\n\tc.mv a0, a3") \
    X(CASM, c_sw, "c.sw/c.sd", G_AMOD, "c.add a2, a0\n\tc.sd a1, 0(a2)\n\tc.srli a1, 3\n\tc.sw a1, 4(a2)\n\tc.ld a0, 0(a2)") \
    X(CASM, c_sp, "c.sdsp/c.swsp/c.ldsp/c.lwsp", G_ALU, "c.addi16sp sp, -32\n\tc.sdsp a0, 8(sp)\n\tc.swsp a1, 12(sp)\n\tc.ldsp a3, 8(sp)\n\tc.lwsp a4, 8(sp)\n\tc.swsp a0, 16(sp)\n\tc.lwsp a0, 16(sp)\n\tc.addi16sp sp, 32\n\tc.xor a0, a3\n\tc.slli a4, 5\n\tc.add a0, a4") \
    X(CASM, c_fsd, "c.fsd/c.fld/c.fsdsp/c.fldsp", G_AMOD, "c.add a2, a0\n\tfmv.d.x fa0, a1\n\tc.fsd fa0, 0(a2)\n\tc.fld fa1, 0(a2)\n\tc.addi16sp sp, -16\n\tc.fsdsp fa1, 8(sp)\n\tc.ldsp a3, 8(sp)\n\tc.sdsp a0, 0(sp)\n\tc.fldsp fa0, 0(sp)\n\tc.addi16sp sp, 16\n\tfmv.x.d a0, fa0\n\tc.xor a0, a3") \
    X(CASM, c_addi4spn, "c.addi4spn", G_ALU, "c.addi4spn a3, sp, 8\n\tc.addi4spn a4, sp, 1020\n\tc.sub a4, a3\n\tc.add a0, a4") \
    X(CASM, c_branch, "c.beqz/c.bnez/c.j", G_ALU, "c.li a3, 0\n\tc.beqz a0, 1f\n\tc.addi a3, 1\n1:\n\tc.bnez a0, 1f\n\tc.addi a3, 2\n1:\n\tc.beqz a1, 1f\n\tc.j 2f\n1:\n\tc.addi a3, 4\n2:\n\tc.mv a0, a3") \
    X(CASM, c_jr, "c.jr/c.jalr", G_ALU, "andi a0, a0, 1\n\tlla a4, 1f\n\tlla a5, 2f\n\tc.beqz a0, 3f\n\tc.mv a4, a5\n3:\n\tc.jalr a4\n1:\n\tc.li a0, 10\n\tlla a3, 4f\n\tc.jr a3\n2:\n\tc.li a0, 11\n4:\n\tlla a5, 3b\n\tsub a5, ra, a5\n\tc.slli a0, 8\n\tc.add a0, a5")

#define DEF_R(K, id, label, g, op) K(id, op)
#define DEF_I(K, id, label, g, op, imm) K(id, op, imm)
#define DEF(K, id, ...) DEF_##K(K, id, __VA_ARGS__)
#define DEF_AMO(K, id, label, g, op) K(id, op)
#define DEF_ASM(K, id, label, g, body) K(id, body)
#define DEF_CASM(K, id, label, g, body) K(id, body)
LIST(DEF)

struct test {
    const char *label;
    case_fn fn;
    enum gen gen;
};

#define ROW(K, id, label, g, ...) {label, id, g},
static const struct test tests[] = {LIST(ROW)};

/* ---------- operand generation ---------- */

static uint64_t rand_bits(int n)
{
    return n <= 0 ? 0 : n >= 64 ? rnd() : rnd() >> (64 - n);
}

static uint64_t gen_op(void)
{
    static const uint64_t sp[] = {0,
                                  1,
                                  -1ULL,
                                  2,
                                  -2ULL,
                                  0x8000000000000000ULL,
                                  0x7fffffffffffffffULL,
                                  0x8000000000000001ULL,
                                  0xffffffff80000000ULL,
                                  0x7fffffffULL,
                                  0x80000000ULL,
                                  0xffffffffULL,
                                  0x100000000ULL,
                                  0x7fffffff80000000ULL,
                                  0x00000000fffffffeULL,
                                  0xffffffff7fffffffULL,
                                  0x0000000080000001ULL,
                                  0xfffffffeULL << 32,
                                  32,
                                  63,
                                  64};
    unsigned r = rndn(100);
    if (r < 20)
        return sp[rndn(sizeof sp / sizeof sp[0])];
    if (r < 35) { /* powers of two and neighbours */
        uint64_t p = 1ULL << rndn(64);
        switch (rndn(4)) {
        case 0: return p - 1;
        case 1: return p + 1;
        case 2: return -p;
        default: return p;
        }
    }
    if (r < 48)
        return (uint64_t)((int64_t)rndn(129) - 64);
    if (r < 65) { /* random length, random sign */
        int l = (int)rndn(65);
        uint64_t n = rand_bits(l);
        return rndn(3) ? n : -n;
    }
    if (r < 80) { /* a 32-bit value with junk, sign or zeros above */
        static const uint32_t w[] = {0, 1, 0xffffffffu, 0x80000000u, 0x7fffffffu, 0x80000001u, 0xfffffffeu};
        uint64_t lo = rndn(2) ? w[rndn(7)] : (uint32_t)rnd();
        switch (rndn(3)) {
        case 0: return lo;
        case 1: return (uint64_t)(int64_t)(int32_t)lo;
        default: return (rnd() << 32) | lo;
        }
    }
    return rnd();
}

static uint64_t gen_related(uint64_t a)
{
    switch (rndn(8)) {
    case 0: return a;
    case 1: return a + (rndn(2) ? 1 : -1ULL);
    case 2: return -a;
    case 3: return (a & 0xffffffff00000000ULL) | (uint32_t)gen_op(); /* same upper half */
    case 4: return (rnd() << 32) | (uint32_t)a;                        /* same lower half */
    default: return gen_op();
    }
}

static uint64_t gen_shamt(void)
{
    uint64_t k = rndn(130);
    switch (rndn(4)) {
    case 0: return k;
    case 1: return (rnd() & ~127ULL) | k; /* only the low bits count */
    case 2: return rndn(2) ? 31 + rndn(3) : 63 + rndn(3);
    default: return gen_op();
    }
}

static void gen_operands(enum gen g, uint64_t *a, uint64_t *b, uint64_t *m)
{
    for (int i = 0; i < BUFW; i++)
        m[i] = gen_op();
    switch (g) {
    case G_ALU:
        *a = gen_op();
        *b = gen_related(*a);
        if (rndn(2)) {
            uint64_t t = *a;
            *a = *b;
            *b = t;
        }
        break;
    case G_SHIFT:
        *a = rndn(4) ? gen_op() : gen_shamt();
        *b = gen_shamt();
        break;
    case G_DIV: {
        static const uint64_t dv[] = {0, 1, -1ULL, 2, -2ULL, 0xffffffffULL, 0x80000000ULL, 0x8000000000000000ULL};
        *a = rndn(4) ? gen_op() : (rndn(2) ? 0x8000000000000000ULL : 0xffffffff80000000ULL | rnd() << 32);
        *b = rndn(3) ? gen_related(*a) : dv[rndn(8)] | (rndn(4) ? 0 : rnd() << 32);
        break;
    }
    case G_AMOW: {
        *a = 4 * rndn(2 * BUFW);
        *b = gen_op();
        uint32_t w = (uint32_t)gen_related(*b);
        memcpy((char *)m + *a, &w, 4);
        break;
    }
    case G_AMOD:
        *a = 8 * rndn(BUFW);
        *b = gen_op();
        m[*a / 8] = gen_related(*b);
        break;
    }
}

int main(int argc, char **argv)
{
    long verbose = 0;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--verbose") && i + 1 < argc)
            verbose = strtol(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--only") && i + 1 < argc)
            only = argv[++i];
        else {
            fprintf(stderr, "usage: %s [--verbose N] [--only SUBSTRING]\n", argv[0]);
            return 2;
        }
    }

    static uint64_t buf[BUFW] __attribute__((aligned(16)));
    uint64_t total = 0xcbf29ce484222325ULL;
    long ncases = 0;
    for (size_t t = 0; t < sizeof tests / sizeof tests[0]; t++) {
        const struct test *T = &tests[t];
        if (only && !strstr(T->label, only))
            continue;
        rng_state = 0x1a7e6e5eedULL ^ fnv_str(T->label);
        uint64_t h = fnv_str(T->label);
        for (int i = 0; i < CASES; i++) {
            uint64_t a = 0, b = 0;
            gen_operands(T->gen, &a, &b, buf);
            if (i < verbose)
                printf("  %s #%d a %016" PRIx64 " b %016" PRIx64 " mem %016" PRIx64 " %016" PRIx64 " %016" PRIx64
                       " %016" PRIx64 "\n",
                       T->label, i, a, b, buf[0], buf[1], buf[2], buf[3]);
            uint64_t r = T->fn(a, b, buf);
            h = mix(h, r);
            for (int j = 0; j < BUFW; j++)
                h = mix(h, buf[j]);
            if (i < verbose)
                printf("  %s #%d -> %016" PRIx64 " mem %016" PRIx64 " %016" PRIx64 " %016" PRIx64 " %016" PRIx64 "\n",
                       T->label, i, r, buf[0], buf[1], buf[2], buf[3]);
        }
        ncases += CASES;
        total = mix(total, h);
        printf("%s %d %016" PRIx64 "\n", T->label, CASES, h);
    }
    printf("total %ld cases %016" PRIx64 "\n", ncases, total);
    return 0;
}
