/*
 * Entry point. ferry's SBI firmware (or OpenSBI) jumps here in S-mode with
 * a0 = hart id and a1 = physical address of the flattened device tree, with
 * paging off (satp = 0), so every address below is physical.
 */
    .section .text.start, "ax"
    .globl _start
_start:
    /* Only one hart runs the demo: the first to flip boot_lock wins, any
     * other hart that firmware lets in parks in wfi forever. */
    la      t0, boot_lock
    li      t1, 1
    amoswap.w t1, t1, (t0)
    bnez    t1, park

    /* No interrupts until the frame loop asks for the timer one, and a trap
     * vector that reports the fault instead of jumping into nowhere. */
    csrw    sie, zero
    la      t0, trap_entry
    csrw    stvec, t0

    /* sstatus.FS = Initial (bits 14:13 = 01): without it any FP instruction,
     * including ones gcc might pick for a struct copy, traps as illegal. */
    li      t0, (1 << 13)
    csrs    sstatus, t0

    la      sp, __stack_top

    /* Zero .bss: the ELF loader should already have, but a loader that
     * copies only file bytes would leave garbage. Bounds are 16-aligned. */
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:
    /* a0, a1 still hold the hart id and the device tree. */
    call    demo_main
    /* demo_main powers off and never returns; if it does, stop here. */
park:
    wfi
    j       park

/*
 * Any trap is a bug in the demo (interrupts stay masked by sstatus.SIE = 0),
 * so there is nothing to resume: report it in C and power off.
 */
    .align  2
trap_entry:
    la      sp, __stack_top
    csrr    a0, scause
    csrr    a1, sepc
    csrr    a2, stval
    call    demo_trap
    j       park

    .section .data
    .align  2
boot_lock:
    .word   0
