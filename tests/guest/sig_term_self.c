/* raise(SIGTERM) with the default action terminates the process (exit
 * status 143 from a shell); output flushed before it appears, nothing after. */
#include <signal.h>
#include <stdio.h>

int main(void)
{
    printf("raising SIGTERM\n");
    fflush(stdout);
    raise(SIGTERM);
    printf("after raise: must not be printed\n");
    return 0;
}
