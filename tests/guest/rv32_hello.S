/*
 * RV32 without a C library: a few computations checked with branches, a line
 * printed with the write system call (64) and an exit (93) whose status is
 * computed from the results. Any wrong result prints "rv32 FAIL: <what>" and
 * exits with 1 instead.
 *
 * Build: riscv64-linux-gnu-gcc -march=rv32gc -mabi=ilp32 -nostdlib -static
 */
    .section .data
buf:    .space 128          /* the output line is built here */
word:   .word 0x11223344

    .section .rodata
s_head: .asciz "rv32 hello: sum="
s_prod: .asciz " prod="
s_quot: .asciz " quot="
s_rem:  .asciz " rem="
s_fail: .asciz "rv32 FAIL: "
s_sum:  .asciz "loop sum\n"
s_mul:  .asciz "mul\n"
s_div:  .asciz "div/rem\n"
s_wrap: .asciz "32-bit wrap\n"
s_cmp:  .asciz "slt/sltu\n"
s_sra:  .asciz "srai\n"
s_mulh: .asciz "mulh/mulhu\n"
s_mem:  .asciz "load/store\n"
s_div0: .asciz "division by zero\n"

    .text
    .globl _start
_start:
    /* sum of 1..10 in a loop: 55 */
    li      t0, 0
    li      t1, 1
    li      t2, 10
1:  add     t0, t0, t1
    addi    t1, t1, 1
    ble     t1, t2, 1b
    mv      s0, t0
    li      t3, 55
    la      a1, s_sum
    bne     s0, t3, fail

    /* 7 * 6 = 42 */
    li      a0, 7
    li      a2, 6
    mul     s1, a0, a2
    li      t3, 42
    la      a1, s_mul
    bne     s1, t3, fail

    /* 100 / 7 = 14, 100 % 7 = 2; -100 / 7 = -14 */
    li      a0, 100
    li      a2, 7
    div     s2, a0, a2
    rem     s3, a0, a2
    la      a1, s_div
    li      t3, 14
    bne     s2, t3, fail
    li      t3, 2
    bne     s3, t3, fail
    li      a0, -100
    div     t4, a0, a2
    li      t3, -14
    bne     t4, t3, fail

    /* division by zero gives -1 and the dividend, no trap */
    li      a0, 1234
    div     t4, a0, zero
    rem     t5, a0, zero
    la      a1, s_div0
    li      t3, -1
    bne     t4, t3, fail
    bne     t5, a0, fail

    /* 0x7fffffff + 1 wraps to a negative number in 32 bits */
    li      a0, 0x7fffffff
    addi    a0, a0, 1
    la      a1, s_wrap
    bgez    a0, fail
    li      t3, 0x80000000
    bne     a0, t3, fail

    /* -1 < 1 signed, but not unsigned */
    li      a0, -1
    li      a2, 1
    slt     t4, a0, a2
    sltu    t5, a0, a2
    la      a1, s_cmp
    beqz    t4, fail
    bnez    t5, fail

    /* arithmetic shift keeps the sign */
    li      a0, -16
    srai    a0, a0, 2
    li      t3, -4
    la      a1, s_sra
    bne     a0, t3, fail
    li      a0, -16
    srli    a0, a0, 28
    li      t3, 15
    bne     a0, t3, fail

    /* high products: 0x80000000 * 2 is -2^32: high word -1 signed, 1 unsigned */
    li      a0, 0x80000000
    li      a2, 2
    mulh    t4, a0, a2
    mulhu   t5, a0, a2
    la      a1, s_mulh
    li      t3, -1
    bne     t4, t3, fail
    li      t3, 1
    bne     t5, t3, fail

    /* byte and word loads and stores, little endian */
    la      a0, word
    lbu     t4, 0(a0)
    li      t3, 0x44
    la      a1, s_mem
    bne     t4, t3, fail
    lb      t4, 3(a0)
    li      t3, 0x11
    bne     t4, t3, fail
    li      t5, -2
    sh      t5, 0(a0)
    lw      t4, 0(a0)
    li      t3, 0x1122fffe
    bne     t4, t3, fail
    lhu     t4, 0(a0)
    li      t3, 0xfffe
    bne     t4, t3, fail

    /* all good: build "rv32 hello: sum=55 prod=42 quot=14 rem=2\n" */
    la      s4, buf
    la      a1, s_head
    call    append_str
    mv      a1, s0
    call    append_num
    la      a1, s_prod
    call    append_str
    mv      a1, s1
    call    append_num
    la      a1, s_quot
    call    append_str
    mv      a1, s2
    call    append_num
    la      a1, s_rem
    call    append_str
    mv      a1, s3
    call    append_num
    li      t0, '\n'
    sb      t0, 0(s4)
    addi    s4, s4, 1

    li      a0, 1           /* write(1, buf, len) */
    la      a1, buf
    sub     a2, s4, a1
    li      a7, 64
    ecall

    /* exit status 55 - 14 + 2 - 1 = 42 */
    sub     a0, s0, s2
    add     a0, a0, s3
    addi    a0, a0, -1
    li      a7, 93
    ecall

/* a1 = what failed: print "rv32 FAIL: " and it, exit 1 */
fail:
    mv      s5, a1
    la      s4, buf
    la      a1, s_fail
    call    append_str
    mv      a1, s5
    call    append_str
    li      a0, 1
    la      a1, buf
    sub     a2, s4, a1
    li      a7, 64
    ecall
    li      a0, 1
    li      a7, 93
    ecall

/* copy the NUL-terminated string at a1 to s4, advancing s4 */
append_str:
    lbu     t0, 0(a1)
    beqz    t0, 2f
    sb      t0, 0(s4)
    addi    s4, s4, 1
    addi    a1, a1, 1
    j       append_str
2:  ret

/* append the unsigned decimal a1 at s4, advancing s4 */
append_num:
    addi    sp, sp, -16
    mv      t1, sp          /* digits go here, least significant first */
    li      t2, 10
3:  remu    t0, a1, t2
    divu    a1, a1, t2
    addi    t0, t0, '0'
    sb      t0, 0(t1)
    addi    t1, t1, 1
    bnez    a1, 3b
4:  addi    t1, t1, -1
    lbu     t0, 0(t1)
    sb      t0, 0(s4)
    addi    s4, s4, 1
    bne     t1, sp, 4b
    addi    sp, sp, 16
    ret
