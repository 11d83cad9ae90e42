/* A store to an unmapped address kills the program with SIGSEGV (exit status
 * 139 from a shell). Nothing after the marker line may be printed. */
#include <stdint.h>
#include <stdio.h>

int main(void)
{
    printf("before the bad store\n");
    fflush(stdout);
    volatile uintptr_t addr = 16;
    *(volatile int *)addr = 1;
    printf("after the bad store: must not be printed\n");
    return 0;
}
