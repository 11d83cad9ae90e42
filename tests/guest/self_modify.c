/*
 * Self-modifying code: a function is written into an RWX mapping, called,
 * rewritten in place and called again, in a loop, so a stale translation would
 * return an old value. Also code written into a page that is then made
 * executable with mprotect, and a function that patches the instruction
 * right after its own store (the block being executed is invalidated).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

typedef long (*fn_t)(void);

/* addi a0, zero, imm ; ret */
static void emit_return_const(uint32_t *code, int imm)
{
    code[0] = ((uint32_t)(imm & 0xfff) << 20) | (10u << 7) | 0x13;
    code[1] = 0x00008067;
}

static void sync_icache(void *start, void *end)
{
    __builtin___clear_cache(start, end);
}

int main(void)
{
    uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    long sum = 0;
    for (int i = 0; i < 200; i++) {
        emit_return_const(code, i);
        sync_icache(code, code + 2);
        long v = ((fn_t)code)();
        if (v != i) {
            printf("stale code: iteration %d returned %ld\n", i, v);
            return 1;
        }
        sum += v;
    }
    printf("rewritten 200 times, sum %ld\n", sum);

    /* Write while not executable, then flip to R-X. */
    uint32_t *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    emit_return_const(page, 77);
    mprotect(page, 4096, PROT_READ | PROT_EXEC);
    printf("after mprotect: %ld\n", ((fn_t)page)());
    mprotect(page, 4096, PROT_READ | PROT_WRITE);
    emit_return_const(page, 78);
    mprotect(page, 4096, PROT_READ | PROT_EXEC);
    printf("after rewrite: %ld\n", ((fn_t)page)());

    /*
     * A function that overwrites its own next instruction:
     *   0: sw   a1, 8(a0)      store the new instruction at offset 8
     *   4: fence.i
     *   8: addi a0, zero, 1    replaced by "addi a0, zero, 2"
     *  12: ret
     */
    uint32_t *self = code + 64;
    self[0] = (0u << 25) | (11u << 20) | (10u << 15) | (2u << 12) | (8u << 7) | 0x23; /* sw a1, 8(a0) */
    self[1] = 0x0000100f;                                                              /* fence.i */
    emit_return_const(self + 2, 1);
    sync_icache(self, self + 4);
    uint32_t patch = (2u << 20) | (10u << 7) | 0x13; /* addi a0, zero, 2 */
    long r = ((long (*)(uint32_t *, uint32_t))self)(self, patch);
    printf("self-patching function returned %ld\n", r);

    /* Hot code (translated by the JIT) rewritten in place. */
    emit_return_const(code, 5);
    sync_icache(code, code + 2);
    long hot = 0;
    for (int i = 0; i < 1000; i++)
        hot += ((fn_t)code)();
    emit_return_const(code, 6);
    sync_icache(code, code + 2);
    printf("hot function: 1000 calls sum %ld, after rewrite %ld\n", hot, ((fn_t)code)());

    /* The self-patching function called often, a different patch each time. */
    long alt = 0;
    for (int i = 0; i < 1000; i++) {
        uint32_t p = ((uint32_t)(i & 1 ? 2 : 3) << 20) | (10u << 7) | 0x13;
        alt += ((long (*)(uint32_t *, uint32_t))self)(self, p);
    }
    printf("self-patching function, 1000 calls: sum %ld\n", alt);
    return 0;
}
