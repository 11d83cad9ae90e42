/*
 * RV32 system calls without a C library, checking what ILP32 changes: 32-bit
 * pointers and longs, mmap2's page offsets, _llseek's split offset, the
 * 64-bit-time calls (clock_gettime64 = 403), statx as the only stat. Prints
 * one line per call and "rv32 syscalls: all ok"; a failed check prints
 * "FAIL: <what>" and exits with 1.
 *
 * Build: riscv64-linux-gnu-gcc -march=rv32gc -mabi=ilp32 -nostdlib -static
 */
    .section .bss
    .balign 16
ts:     .space 16           /* struct __kernel_timespec */
uts:    .space 390          /* struct utsname */
    .balign 8
res:    .space 8            /* _llseek result */
sx:     .space 256          /* struct statx */
sigset: .space 8
oldset: .space 8
buf:    .space 64

    .section .rodata
p_null: .asciz "/dev/null"
p_root: .asciz "/"
m_rv32: .asciz "riscv32"
ok_brk:   .asciz "brk grows the heap\n"
ok_mmap:  .asciz "mmap2 anonymous, store, munmap\n"
ok_clock: .asciz "clock_gettime64 monotonic\n"
ok_uname: .asciz "uname says riscv32\n"
ok_pid:   .asciz "getpid == gettid\n"
ok_file:  .asciz "openat, _llseek, read, close on /dev/null\n"
ok_statx: .asciz "statx of / is a directory\n"
ok_nosys: .asciz "unknown call 999 is ENOSYS\n"
ok_mask:  .asciz "rt_sigprocmask reads back the mask\n"
ok_all:   .asciz "rv32 syscalls: all ok\n"
fail_msg: .asciz "FAIL: "

    .text
    .globl _start
_start:
    /* brk(0), then brk(cur + 8192), store at the end of the new space */
    li      a0, 0
    li      a7, 214
    ecall
    mv      s0, a0
    li      t0, 8192
    add     a0, s0, t0
    mv      s1, a0
    li      a7, 214
    ecall
    la      s11, ok_brk
    bne     a0, s1, fail
    li      t0, 0x5a5a5a5a
    sw      t0, -4(s1)
    lw      t1, -4(s1)
    bne     t0, t1, fail
    call    pass

    /* mmap2(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) */
    li      a0, 0
    li      a1, 8192
    li      a2, 3
    li      a3, 0x22
    li      a4, -1
    li      a5, 0
    li      a7, 222
    ecall
    la      s11, ok_mmap
    li      t0, -4096
    bgeu    a0, t0, fail        /* -errno */
    slli    t0, a0, 20
    bnez    t0, fail            /* page aligned: low 12 bits clear */
    mv      s2, a0
    li      t2, 4096
    add     t2, s2, t2
    lw      t0, 0(t2)           /* fresh memory is zero */
    bnez    t0, fail
    li      t0, 1234
    li      t3, 4092
    add     t2, t2, t3
    sw      t0, 0(t2)           /* the last word of the mapping */
    lw      t1, 0(t2)
    bne     t0, t1, fail
    mv      a0, s2
    li      a1, 8192
    li      a7, 215             /* munmap */
    ecall
    bnez    a0, fail
    call    pass

    /* clock_gettime64(CLOCK_MONOTONIC, &ts): 64-bit seconds, nanoseconds < 1e9 */
    li      a0, 1
    la      a1, ts
    li      a7, 403
    ecall
    la      s11, ok_clock
    bnez    a0, fail
    la      t0, ts
    lw      t1, 4(t0)           /* high word of tv_sec */
    bltz    t1, fail
    lw      t1, 8(t0)           /* tv_nsec */
    li      t2, 1000000000
    bgeu    t1, t2, fail
    call    pass

    /* uname: machine is the fifth field */
    la      a0, uts
    li      a7, 160
    ecall
    la      s11, ok_uname
    bnez    a0, fail
    la      a0, uts
    addi    a0, a0, 4 * 65
    la      a1, m_rv32
    call    streq
    beqz    a0, fail
    call    pass

    /* getpid == gettid */
    li      a7, 172
    ecall
    mv      s3, a0
    li      a7, 178
    ecall
    la      s11, ok_pid
    blez    s3, fail
    bne     a0, s3, fail
    call    pass

    /* openat(AT_FDCWD, "/dev/null", O_RDONLY), _llseek to the end, read, close */
    li      a0, -100
    la      a1, p_null
    li      a2, 0
    li      a3, 0
    li      a7, 56
    ecall
    la      s11, ok_file
    bltz    a0, fail
    mv      s4, a0
    li      t0, -1
    la      t1, res
    sw      t0, 0(t1)
    sw      t0, 4(t1)
    mv      a0, s4
    li      a1, 0               /* offset high */
    li      a2, 0               /* offset low */
    la      a3, res
    li      a4, 2               /* SEEK_END */
    li      a7, 62
    ecall
    bnez    a0, fail
    la      t1, res
    lw      t0, 0(t1)
    bnez    t0, fail
    lw      t0, 4(t1)
    bnez    t0, fail
    mv      a0, s4
    la      a1, buf
    li      a2, 64
    li      a7, 63
    ecall
    bnez    a0, fail            /* end of file */
    mv      a0, s4
    li      a7, 57
    ecall
    bnez    a0, fail
    call    pass

    /* statx(AT_FDCWD, "/", 0, STATX_BASIC_STATS, &sx): stx_mode at offset 28 */
    li      a0, -100
    la      a1, p_root
    li      a2, 0
    li      a3, 0x7ff
    la      a4, sx
    li      a7, 291
    ecall
    la      s11, ok_statx
    bnez    a0, fail
    la      t0, sx
    lhu     t1, 28(t0)
    li      t2, 0xf000
    and     t1, t1, t2
    li      t2, 0x4000          /* S_IFDIR */
    bne     t1, t2, fail
    call    pass

    /* an unknown number */
    li      a7, 999
    ecall
    la      s11, ok_nosys
    li      t0, -38
    bne     a0, t0, fail
    call    pass

    /* rt_sigprocmask(SIG_BLOCK, {SIGUSR1}, &old, 8), then read it back */
    la      t0, sigset
    li      t1, 1 << 9          /* SIGUSR1 = 10 */
    sw      t1, 0(t0)
    li      a0, 0
    la      a1, sigset
    la      a2, oldset
    li      a3, 8
    li      a7, 135
    ecall
    la      s11, ok_mask
    bnez    a0, fail
    li      a0, 0
    li      a1, 0
    la      a2, oldset
    li      a3, 8
    li      a7, 135
    ecall
    bnez    a0, fail
    la      t0, oldset
    lw      t1, 0(t0)
    li      t2, 1 << 9
    bne     t1, t2, fail
    call    pass

    la      s11, ok_all
    call    pass
    li      a0, 0
    li      a7, 93
    ecall

/* print the string at s11 */
pass:
    mv      a1, s11
    mv      t0, s11
1:  lbu     t1, 0(t0)
    beqz    t1, 2f
    addi    t0, t0, 1
    j       1b
2:  sub     a2, t0, a1
    li      a0, 1
    li      a7, 64
    ecall
    ret

/* print "FAIL: " and the line at s11, exit 1 */
fail:
    la      a1, fail_msg
    li      a2, 6
    li      a0, 1
    li      a7, 64
    ecall
    call    pass
    li      a0, 1
    li      a7, 93
    ecall

/* a0 = 1 if the strings at a0 and a1 are equal */
streq:
    lbu     t0, 0(a0)
    lbu     t1, 0(a1)
    bne     t0, t1, 3f
    beqz    t0, 4f
    addi    a0, a0, 1
    addi    a1, a1, 1
    j       streq
3:  li      a0, 0
    ret
4:  li      a0, 1
    ret
