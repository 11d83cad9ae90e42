/* An illegal instruction with the default action kills the process with
 * SIGILL (exit status 132 from a shell). */
#include <stdio.h>

int main(void)
{
    printf("executing unimp\n");
    fflush(stdout);
    __asm__ volatile(".option push\n.option norvc\nunimp\n.option pop\n");
    printf("after unimp: must not be printed\n");
    return 0;
}
