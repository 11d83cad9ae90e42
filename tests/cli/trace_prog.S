/*
 * A tiny RV64 program for the --trace and --strace tests: a few ALU, FP,
 * compressed and memory instructions, an unknown system call (twice, so
 * "reported once" can be checked), a write and an exit.
 */
    .section .data
msg:    .ascii "traced\n"
slot:   .dword 0

    .text
    .globl _start
_start:
    li      a0, 10
    addi    a1, a0, -3          # 7
    c.slli  a1, 2               # 28, compressed
    la      t0, slot
    sd      a1, 0(t0)
    ld      a2, 0(t0)
    fcvt.d.l fa0, a2
    fadd.d  fa1, fa0, fa0
    li      a7, 500             # not a Linux system call: -ENOSYS
    ecall
    li      a7, 500
    ecall
    li      a0, 1
    la      a1, msg
    li      a2, 7
    li      a7, 64              # write
    ecall
    li      a0, 3
    li      a7, 93              # exit
    ecall
