/* stdio basics: printf formats, puts, putchar, fputs, fwrite, snprintf.
 * stderr output is not compared, only stdout. */
#include <stdio.h>
#include <string.h>

int main(void)
{
    printf("Hello, world!\n");
    puts("puts adds a newline");
    putchar('c');
    putchar('\n');
    fputs("fputs without newline", stdout);
    fputs(" ... then one\n", stdout);
    fprintf(stderr, "this goes to stderr\n");
    printf("int %d, negative %d, unsigned %u, hex %#x, octal %o\n", 42, -17, 4000000000u, 0xbeef, 8);
    printf("long %ld, long long %lld, size %zu\n", -1234567890123L, 9223372036854775807LL, sizeof(long));
    printf("padded [%5d] [%-5d] [%05d] [%+d]\n", 42, 42, 42, 42);
    printf("string [%s] [%10s] [%-10s] [%.3s]\n", "abc", "right", "left", "truncate");
    printf("char %c%c%c, percent %%\n", 'x', 'y', 'z');
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%s-%d-%x", "snprintf", 99, 255);
    printf("%s (%d chars)\n", buf, n);
    volatile size_t small = 8; /* not a constant: the truncation is the point */
    n = snprintf(buf, small, "%s", "this is too long");
    printf("truncated to [%s], would need %d\n", buf, n);
    static const char raw[] = "fwrite of 26 bytes: abcdefghijklmnopqrstuvwxyz\n";
    fwrite(raw, 1, strlen(raw), stdout);
    for (int i = 0; i < 3; i++)
        printf("line %d of a loop\n", i);
    fflush(stdout);
    fprintf(stderr, "done\n");
    return 0;
}
