/*
 * Shared by the unit tests that execute RISC-V instructions one at a time
 * through rv_step_bits(): register names, a small instruction encoder (macros,
 * so encodings are constant expressions usable in static tables; checked
 * against riscv64-linux-gnu-as), and a CPU with 1 MiB of guest memory.
 *
 * Include after <cmocka.h>. Each test file includes it once.
 */
#ifndef FERRY_TEST_RV_FIXTURE_H
#define FERRY_TEST_RV_FIXTURE_H

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "rv.h"

enum {
    ZERO = 0, RA = 1, SP = 2, GP = 3, TP = 4, T0 = 5, T1 = 6, T2 = 7,
    S0 = 8, S1 = 9, A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15,
};
/* f registers by number (they share the x numbering) */
enum { FA0 = 10, FA1 = 11, FA2 = 12, FA5 = 15 };

#define U32(v) ((uint32_t)(v))
#define enc_r(f7, rs2, rs1, f3, rd, opc) \
    (U32(f7) << 25 | U32(rs2) << 20 | U32(rs1) << 15 | U32(f3) << 12 | U32(rd) << 7 | U32(opc))
#define enc_i(imm, rs1, f3, rd, opc) \
    ((U32(imm) & 0xfffu) << 20 | U32(rs1) << 15 | U32(f3) << 12 | U32(rd) << 7 | U32(opc))
#define enc_s(imm, rs2, rs1, f3, opc) \
    ((U32(imm) >> 5 & 0x7fu) << 25 | U32(rs2) << 20 | U32(rs1) << 15 | U32(f3) << 12 | \
     (U32(imm) & 31u) << 7 | U32(opc))
#define enc_b(imm, rs2, rs1, f3) \
    ((U32(imm) >> 12 & 1u) << 31 | (U32(imm) >> 5 & 0x3fu) << 25 | U32(rs2) << 20 | U32(rs1) << 15 | \
     U32(f3) << 12 | (U32(imm) >> 1 & 0xfu) << 8 | (U32(imm) >> 11 & 1u) << 7 | 0x63u)
#define enc_u(imm20, rd, opc) ((U32(imm20) & 0xfffffu) << 12 | U32(rd) << 7 | U32(opc))
#define enc_j(imm, rd) \
    ((U32(imm) >> 20 & 1u) << 31 | (U32(imm) >> 1 & 0x3ffu) << 21 | (U32(imm) >> 11 & 1u) << 20 | \
     (U32(imm) >> 12 & 0xffu) << 12 | U32(rd) << 7 | 0x6fu)

#define MEM_SIZE (1ull << 20)
#define PC0 0x1000u

static uint8_t *mem;
static RvCpu cpu;

static int group_setup(void **state)
{
    (void)state;
    void *p = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return -1;
    mem = p;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    munmap(mem, MEM_SIZE);
    return 0;
}

/* A fresh CPU of the given XLEN at PC0, the low 64 KiB and the last page of
 * memory cleared. */
static void fixture_reset(unsigned xlen)
{
    memset(mem, 0, 0x10000);
    memset(mem + MEM_SIZE - 0x1000, 0, 0x1000);
    rv_cpu_init(&cpu, xlen);
    cpu.mem.base = mem;
    cpu.mem.size = MEM_SIZE;
    cpu.pc = PC0;
}

#endif
