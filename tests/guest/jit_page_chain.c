/*
 * Chaining across a page boundary: generated code whose first block ends
 * at the end of one page and falls through into the next. Called often
 * enough to be translated and chained, then the second page's code is
 * rewritten: the chained jump into it must not reach the stale block. Then
 * the first page is rewritten too, and the function is called through a
 * pointer into the middle of the first block.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

typedef long (*fn_t)(long);

/* addi a0, a0, imm */
static uint32_t addi_a0(int imm)
{
    return ((uint32_t)(imm & 0xfff) << 20) | (10u << 15) | (10u << 7) | 0x13;
}

static long call_many(fn_t f, int n)
{
    long sum = 0;
    for (int i = 0; i < n; i++)
        sum += f(i);
    return sum;
}

int main(void)
{
    uint32_t *code = mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    /* page 0 ends with two addis, page 1 starts with one and returns */
    code[1022] = addi_a0(1);
    code[1023] = addi_a0(2);
    code[1024] = addi_a0(10);
    code[1025] = 0x00008067; /* ret */
    __builtin___clear_cache((char *)(code + 1022), (char *)(code + 1026));
    fn_t f = (fn_t)(code + 1022);
    printf("1000 calls across the page end: %ld\n", call_many(f, 1000)); /* sum(i) + 13000 */

    code[1024] = addi_a0(100);          /* the second page changes */
    __builtin___clear_cache((char *)(code + 1024), (char *)(code + 1025));
    printf("after rewriting the second page: %ld\n", call_many(f, 1000)); /* + 103000 */

    code[1023] = addi_a0(-2);           /* now the first */
    __builtin___clear_cache((char *)(code + 1023), (char *)(code + 1024));
    printf("after rewriting the first page: %ld\n", call_many(f, 1000)); /* + 99000 */
    printf("entered mid-block: %ld\n", call_many((fn_t)(code + 1023), 1000)); /* + 98000 */
    return 0;
}
