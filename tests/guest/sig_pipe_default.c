/* Writing to a pipe whose read end is closed raises SIGPIPE, whose default
 * action terminates the process (exit status 141). */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    int p[2];
    if (pipe(p) != 0) {
        perror("pipe");
        return 1;
    }
    close(p[0]);
    printf("writing to a pipe with no reader\n");
    fflush(stdout);
    ssize_t r = write(p[1], "x", 1);
    printf("write returned %zd: must not be printed\n", r);
    return 0;
}
