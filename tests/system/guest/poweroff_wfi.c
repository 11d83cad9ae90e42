/*
 * Power off with the sifive,test finisher and park in wfi right after the
 * write, as a bare-metal program's exit path does: the machine must stop at
 * the write (exit status 0) even though no interrupt will ever wake the wfi.
 * The runner gives this one a short time limit.
 */
#include "rt.h"

void test_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid, (void)dtb;
    rt_printf("sys: writing 0x5555 to the finisher, then wfi\n");
    csr_write(sie, 0);
    /* the write and the wfi in one straight line of code */
    __asm__ volatile("sw %1, 0(%0)\n"
                     "1: wfi\n"
                     "j 1b\n"
                     :
                     : "r"(FINISHER_BASE), "r"(0x5555u)
                     : "memory");
}
