/* exit() with a status: buffered output is flushed, atexit handlers run. */
#include <stdio.h>
#include <stdlib.h>

static void last_words(void)
{
    printf("atexit handler ran\n");
}

int main(void)
{
    atexit(last_words);
    printf("exiting with 42\n");
    exit(42);
}
