/*
 * Stores far outside anything mapped: above the guest address space, at the
 * very top of the 64-bit range, and straddling the end of the space. Each must
 * kill the guest with SIGSEGV (exit status 139) without touching host memory;
 * the program tries the address named by its argument.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    uintptr_t addr = argc > 1 ? (uintptr_t)strtoull(argv[1], NULL, 0) : 0xfffffffffffffff8ull;
    printf("storing to %#lx\n", (unsigned long)addr);
    fflush(stdout);
    *(volatile uint64_t *)addr = 0x1234;
    printf("survived\n");
    return 0;
}
