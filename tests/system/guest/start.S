/*
 * Entry, trap vector and U-mode runner of the system-mode test programs.
 *
 * The firmware enters _start in S-mode with a0 = hart id and a1 = device
 * tree. S-mode traps save every register in a frame on the current stack and
 * call trap_handler (rt.c), which may change the frame and sepc. Traps from
 * U-mode never resume U: sscratch holds the kernel stack while U runs (0
 * otherwise), so the vector can tell the two apart and, from U, return to
 * run_user's caller with the trap cause.
 */
#define FRAME_SIZE (32 * 8)

    .section .text.start, "ax"
    .globl _start
_start:
    la sp, __stack_top
    mv s0, a0
    mv s1, a1
    la t0, __bss_start
    la t1, __bss_end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:  csrw sscratch, zero
    la t0, trap_vector
    csrw stvec, t0
    /* FS = Initial: the compiler may use FP registers (memcpy of structs) */
    li t0, 1 << 13
    csrs sstatus, t0
    mv a0, s0
    mv a1, s1
    call rt_main
3:  wfi
    j 3b

    .text
    .balign 4
    .globl trap_vector
trap_vector:
    csrrw sp, sscratch, sp
    bnez sp, from_user
    /* from S: sscratch held 0; put sp back (and 0 in sscratch) */
    csrrw sp, sscratch, sp
    addi sp, sp, -FRAME_SIZE
    sd x1, 1*8(sp)
    sd x3, 3*8(sp)
    sd x4, 4*8(sp)
    sd x5, 5*8(sp)
    sd x6, 6*8(sp)
    sd x7, 7*8(sp)
    sd x8, 8*8(sp)
    sd x9, 9*8(sp)
    sd x10, 10*8(sp)
    sd x11, 11*8(sp)
    sd x12, 12*8(sp)
    sd x13, 13*8(sp)
    sd x14, 14*8(sp)
    sd x15, 15*8(sp)
    sd x16, 16*8(sp)
    sd x17, 17*8(sp)
    sd x18, 18*8(sp)
    sd x19, 19*8(sp)
    sd x20, 20*8(sp)
    sd x21, 21*8(sp)
    sd x22, 22*8(sp)
    sd x23, 23*8(sp)
    sd x24, 24*8(sp)
    sd x25, 25*8(sp)
    sd x26, 26*8(sp)
    sd x27, 27*8(sp)
    sd x28, 28*8(sp)
    sd x29, 29*8(sp)
    sd x30, 30*8(sp)
    sd x31, 31*8(sp)
    addi t0, sp, FRAME_SIZE
    sd t0, 2*8(sp)
    mv a0, sp
    call trap_handler
    ld x1, 1*8(sp)
    ld x3, 3*8(sp)
    ld x4, 4*8(sp)
    ld x5, 5*8(sp)
    ld x6, 6*8(sp)
    ld x7, 7*8(sp)
    ld x8, 8*8(sp)
    ld x9, 9*8(sp)
    ld x10, 10*8(sp)
    ld x11, 11*8(sp)
    ld x12, 12*8(sp)
    ld x13, 13*8(sp)
    ld x14, 14*8(sp)
    ld x15, 15*8(sp)
    ld x16, 16*8(sp)
    ld x17, 17*8(sp)
    ld x18, 18*8(sp)
    ld x19, 19*8(sp)
    ld x20, 20*8(sp)
    ld x21, 21*8(sp)
    ld x22, 22*8(sp)
    ld x23, 23*8(sp)
    ld x24, 24*8(sp)
    ld x25, 25*8(sp)
    ld x26, 26*8(sp)
    ld x27, 27*8(sp)
    ld x28, 28*8(sp)
    ld x29, 29*8(sp)
    ld x30, 30*8(sp)
    ld x31, 31*8(sp)
    ld sp, 2*8(sp)
    sret

from_user:
    /* sp = the kernel stack run_user saved, sscratch = the U stack */
    csrw sscratch, zero
    call user_trap
    /* back to run_user's caller: its saved registers, a0 = scause */
    la t0, user_ctx
    ld ra, 0*8(t0)
    ld sp, 1*8(t0)
    ld s0, 2*8(t0)
    ld s1, 3*8(t0)
    ld s2, 4*8(t0)
    ld s3, 5*8(t0)
    ld s4, 6*8(t0)
    ld s5, 7*8(t0)
    ld s6, 8*8(t0)
    ld s7, 9*8(t0)
    ld s8, 10*8(t0)
    ld s9, 11*8(t0)
    ld s10, 12*8(t0)
    ld s11, 13*8(t0)
    csrr a0, scause
    ret

/* unsigned long run_user(uintptr_t fn, uintptr_t user_sp) */
    .globl run_user
run_user:
    la t0, user_ctx
    sd ra, 0*8(t0)
    sd sp, 1*8(t0)
    sd s0, 2*8(t0)
    sd s1, 3*8(t0)
    sd s2, 4*8(t0)
    sd s3, 5*8(t0)
    sd s4, 6*8(t0)
    sd s5, 7*8(t0)
    sd s6, 8*8(t0)
    sd s7, 9*8(t0)
    sd s8, 10*8(t0)
    sd s9, 11*8(t0)
    sd s10, 12*8(t0)
    sd s11, 13*8(t0)
    csrw sscratch, sp
    csrw sepc, a0
    /* SPP = U; SPIE = 0 so that SIE stays off after the trap back */
    li t1, (1 << 8) | (1 << 5)
    csrc sstatus, t1
    mv sp, a1
    sret

    .bss
    .balign 8
user_ctx:
    .space 14 * 8
