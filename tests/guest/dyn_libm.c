/* A dynamically linked program using libc (stdio, malloc, qsort, strings)
 * and the shared libm (built with -lm): its libraries are found and
 * relocated by the dynamic loader, and the results match qemu's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    (void)argv;
    /* inputs the compiler cannot fold */
    volatile double seed = 0.5 + argc * 0.25;
    double x = seed;
    printf("sin %.12f\n", sin(x));
    printf("cos %.12f\n", cos(x));
    printf("exp %.12f\n", exp(x));
    printf("log %.12f\n", log(x + 1.0));
    printf("pow %.12f\n", pow(x + 1.0, 2.5));
    printf("sqrt %.12f\n", sqrt(x * 7.0));
    printf("atan2 %.12f\n", atan2(x, -1.0));
    printf("cbrt %.12f\n", cbrt(x * 27.0));
    printf("lgamma %.12f\n", lgamma(x + 4.0));

    /* a large block (mmap'ed by malloc) and many small ones */
    size_t n = 100000;
    double *v = malloc(n * sizeof *v);
    if (!v)
        return 1;
    for (size_t i = 0; i < n; i++)
        v[i] = sin((double)i * x);
    qsort(v, n, sizeof *v, cmp_double);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    printf("sorted: min %.9f max %.9f sum %.6f\n", v[0], v[n - 1], sum);
    free(v);

    char **words = malloc(1000 * sizeof *words);
    if (!words)
        return 1;
    size_t total = 0;
    for (int i = 0; i < 1000; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "word-%d", i * 7919 % 1000);
        words[i] = strdup(buf);
        total += strlen(words[i]);
    }
    printf("strings: %zu bytes, words[123] = %s\n", total, words[123]);
    for (int i = 0; i < 1000; i++)
        free(words[i]);
    free(words);
    return 0;
}
