/*
 * A static-pie executable (ET_DYN, no interpreter) without a C library:
 * Debian's cross toolchain has no rcrt1.o for C static-pie programs. It
 * prints a line using pc-relative addresses only and exits with 0 when it
 * runs at a load bias (the kernel puts static-pie programs high up, not at
 * their link address 0), 1 otherwise.
 *
 * Build: riscv64-linux-gnu-gcc -nostdlib -Wl,-pie,--no-dynamic-linker (gcc's
 * -static-pie still asks for an interpreter here)
 */
    .section .rodata
msg:    .ascii "static-pie: hello\n"

    .text
    .globl _start
_start:
    li      a0, 1
    lla     a1, msg
    li      a2, 18              /* length of msg */
    li      a7, 64              /* write */
    ecall
    auipc   t0, 0               /* where are we? */
    li      t1, 0x10000000
    sltu    a0, t0, t1          /* 1 when below 256 MiB: not relocated */
    li      a7, 93              /* exit */
    ecall
