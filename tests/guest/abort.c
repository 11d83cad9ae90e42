/* abort() raises SIGABRT, which kills the program (exit status 134 from a
 * shell). Output flushed before the call appears; nothing after it. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("about to abort\n");
    fflush(stdout);
    abort();
    printf("after abort: must not be printed\n");
    return 0;
}
