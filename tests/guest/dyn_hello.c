/* Built without -static: ferry must refuse it, naming the interpreter it
 * needs (tests/guest/bad_input.sh). Not run by run.sh. */
#include <stdio.h>

int main(void)
{
    printf("hello from a dynamically linked program\n");
    return 0;
}
