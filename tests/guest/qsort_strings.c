/* Sorting and the string functions of the C library. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_len_then_alpha(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    size_t lx = strlen(x), ly = strlen(y);
    if (lx != ly)
        return lx < ly ? -1 : 1;
    return strcmp(x, y);
}

int main(void)
{
    char text[] = "the quick brown fox jumps over the lazy dog while seven zebras quietly "
                  "exchange jokes about Xylophones and Quartz under a pale Moon";
    char *words[64];
    int n = 0;
    for (char *tok = strtok(text, " "); tok && n < 64; tok = strtok(NULL, " "))
        words[n++] = tok;
    printf("%d words\n", n);
    qsort(words, (size_t)n, sizeof *words, cmp_str);
    printf("sorted:");
    for (int i = 0; i < n; i++)
        printf(" %s", words[i]);
    printf("\n");
    qsort(words, (size_t)n, sizeof *words, cmp_len_then_alpha);
    printf("by length:");
    for (int i = 0; i < n; i++)
        printf(" %s", words[i]);
    printf("\n");
    char *key = "quick";
    qsort(words, (size_t)n, sizeof *words, cmp_str);
    char **found = bsearch(&key, words, (size_t)n, sizeof *words, cmp_str);
    printf("bsearch quick: %s at %d\n", found ? *found : "(none)", found ? (int)(found - words) : -1);

    /* a bigger numeric sort */
    static int nums[20000];
    uint32_t x = 1;
    for (int i = 0; i < 20000; i++) {
        x = x * 1664525u + 1013904223u;
        nums[i] = (int)(x >> 1) - (1 << 30);
    }
    qsort(nums, 20000, sizeof nums[0], cmp_int);
    int sorted = 1;
    long long sum = 0;
    for (int i = 0; i < 20000; i++) {
        if (i && nums[i - 1] > nums[i])
            sorted = 0;
        sum += nums[i];
    }
    printf("20000 ints sorted: %s, min %d, median %d, max %d, sum %lld\n", sorted ? "yes" : "no", nums[0],
           nums[10000], nums[19999], sum);

    /* string functions */
    char buf[128];
    strcpy(buf, "Hello");
    strcat(buf, ", ");
    volatile size_t six = 6;
    strncat(buf, "World!!!", six);
    printf("strcpy/strcat: [%s] length %zu\n", buf, strlen(buf));
    printf("strchr ',': [%s], strrchr 'l': [%s]\n", strchr(buf, ','), strrchr(buf, 'l'));
    printf("strstr \"Wor\": [%s], strstr \"xyz\": %s\n", strstr(buf, "Wor"), strstr(buf, "xyz") ? "found" : "NULL");
    printf("strcmp: %d %d %d, strncmp(\"abcd\", \"abcx\", 3) = %d\n", strcmp("a", "b") < 0, strcmp("b", "a") > 0,
           strcmp("same", "same") == 0, strncmp("abcd", "abcx", 3));
    printf("strcasecmp(\"HeLLo\", \"hello\") = %d\n", strcasecmp("HeLLo", "hello"));
    printf("strspn = %zu, strcspn = %zu\n", strspn("aaabbbccc", "ab"), strcspn("hello world", " "));
    char overlap[] = "0123456789";
    memmove(overlap + 2, overlap, 6);
    printf("memmove overlapping: %s\n", overlap);
    memset(buf, 'x', 10);
    buf[10] = 0;
    printf("memset: %s, memcmp: %d\n", buf, memcmp("abc", "abd", 3) < 0);
    printf("memchr: %s\n", (char *)memchr("find the z here", 'z', 15));
    char *dup = strdup("duplicate me");
    for (char *c = dup; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    printf("strdup + toupper: %s\n", dup);
    free(dup);

    /* number conversions */
    char *end;
    printf("strtol(\"  -12345xyz\") = %ld, rest [%s]\n", strtol("  -12345xyz", &end, 10), end);
    printf("strtol hex \"0x7fffffff\" = %ld, base 2 \"101101\" = %ld\n", strtol("0x7fffffff", NULL, 16),
           strtol("101101", NULL, 2));
    printf("strtoul(\"18446744073709551615\") = %lu\n", strtoul("18446744073709551615", NULL, 10));
    printf("strtoll overflow: %lld\n", strtoll("99999999999999999999", NULL, 10));
    printf("strtod(\"3.14159e2\") = %.5f, atof(\"-0.5\") = %g, atoi(\"42abc\") = %d\n", strtod("3.14159e2", NULL),
           atof("-0.5"), atoi("42abc"));
    snprintf(buf, sizeof buf, "%08.3f|%-8s|%+.2e|%x", 3.14159, "left", 12345.678, 48879);
    printf("snprintf: %s\n", buf);
    int a, b;
    char w[16];
    int got = sscanf("12 34 word", "%d %d %15s", &a, &b, w);
    printf("sscanf: %d items: %d %d %s\n", got, a, b, w);

    /* a string hash over all the words */
    uint32_t h = 2166136261u;
    for (int i = 0; i < n; i++)
        for (const char *c = words[i]; *c; c++)
            h = (h ^ (uint8_t)*c) * 16777619u;
    printf("FNV-1a of the sorted words: %08x\n", h);
    return 0;
}
