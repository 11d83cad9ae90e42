/* The smallest dynamically linked program: ferry loads it with the dynamic
 * loader from the sysroot (tests/guest/run.sh runs dyn_* programs with
 * --sysroot). */
#include <stdio.h>

int main(void)
{
    printf("hello from a dynamically linked program\n");
    return 0;
}
