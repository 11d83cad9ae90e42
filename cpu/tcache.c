/* Translation cache; see tcache.h. */
#include "tcache.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "x64/codegen.h"
#include "x64/codemem.h"

_Static_assert(TC_CODE_HERE == X64_CODE_HERE && TC_CODE_NEXT == X64_CODE_NEXT,
               "translated code reads the code map");

#define TC_BUCKET_BITS 16

/* Multiplicative hash; the top bits index the buckets. */
static size_t tc_hash(const TCache *tc, uint64_t pc, uint32_t mode)
{
    uint64_t h = (pc >> 1) ^ ((uint64_t)mode << 40);
    h *= 0x9e3779b97f4a7c15ull;
    return (size_t)(h >> (64 - tc->bucket_bits));
}

TCache *tcache_new(uint64_t space_size)
{
    return tcache_new_sized(space_size, TC_BUCKET_BITS);
}

TCache *tcache_new_sized(uint64_t space_size, unsigned bucket_bits)
{
    TCache *tc = calloc(1, sizeof *tc);
    if (!tc)
        return NULL;
    tc->bucket_bits = bucket_bits;
    tc->nbuckets = (size_t)1 << bucket_bits;
    tc->buckets = calloc(tc->nbuckets, sizeof *tc->buckets);
    tc->space_size = space_size;
    uint64_t pages = (space_size + (1ull << TC_PAGE_SHIFT) - 1) >> TC_PAGE_SHIFT;
    tc->code_pages_bytes = pages ? pages : 1;
    /* Sparse: untouched parts of the bitmap never get physical pages. */
    void *bm = mmap(NULL, tc->code_pages_bytes, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (!tc->buckets || bm == MAP_FAILED) {
        free(tc->buckets);
        if (bm != MAP_FAILED)
            munmap(bm, tc->code_pages_bytes);
        free(tc);
        return NULL;
    }
    tc->code_pages = bm;
    tc->epoch = 1;
    return tc;
}

/* Forget the jumps from other translated blocks into b; with restore, put
 * them back to their stubs first, so nothing enters b's code once it is
 * dropped (without: the code memory is going away, or is not ours). */
static void drop_links(Block *b, bool restore)
{
    JitLink *l = b->jit_in;
    while (l) {
        JitLink *next = l->next;
        if (restore)
            memcpy(l->field, &l->unlinked, 4);
        free(l);
        l = next;
    }
    b->jit_in = NULL;
}

static void free_chain(Block *b)
{
    while (b) {
        Block *next = b->hash_next;
        drop_links(b, false);
        free(b);
        b = next;
    }
}

void tcache_free(TCache *tc)
{
    if (!tc)
        return;
    for (size_t i = 0; i < tc->nbuckets; i++)
        free_chain(tc->buckets[i]);
    tcache_collect(tc);
    munmap(tc->code_pages, tc->code_pages_bytes);
    x64_codemem_free(tc->code);
    free(tc->jit_lookup);
    free(tc->buckets);
    free(tc);
}

Block *tcache_alloc_block(size_t insn_bytes)
{
    /* sizeof(Block) is a multiple of 8, so the payload is 8-byte aligned */
    Block *b = calloc(1, sizeof *b + insn_bytes);
    if (b)
        b->insns = b + 1;
    return b;
}

Block *tcache_find(TCache *tc, uint64_t pc, uint32_t mode)
{
    tc->stats.lookups++;
    for (Block *b = tc->buckets[tc_hash(tc, pc, mode)]; b; b = b->hash_next)
        if (b->pc == pc && b->mode == mode)
            return b;
    tc->stats.misses++;
    return NULL;
}

Block *tcache_find_phys(TCache *tc, uint64_t pc, uint32_t mode, uint64_t phys)
{
    tc->stats.lookups++;
    for (Block *b = tc->buckets[tc_hash(tc, pc, mode)]; b; b = b->hash_next)
        if (b->pc == pc && b->mode == mode && b->phys == phys)
            return b;
    tc->stats.misses++;
    return NULL;
}

/* Page p holds code (or no longer): its byte, and its neighbour's "the
 * next page holds code" mark. */
static void set_code_page(TCache *tc, uint64_t p)
{
    tc->code_pages[p] |= TC_CODE_HERE;
    if (p > 0)
        tc->code_pages[p - 1] |= TC_CODE_NEXT;
}

static void clear_code_page(TCache *tc, uint64_t p)
{
    tc->code_pages[p] &= (uint8_t)~TC_CODE_HERE;
    if (p > 0)
        tc->code_pages[p - 1] &= (uint8_t)~TC_CODE_NEXT;
}

static void mark_pages(TCache *tc, uint64_t start, uint64_t end)
{
    for (uint64_t p = start >> TC_PAGE_SHIFT; p <= (end - 1) >> TC_PAGE_SHIFT; p++)
        if ((p << TC_PAGE_SHIFT) < tc->space_size)
            set_code_page(tc, p);
}

void tcache_insert(TCache *tc, Block *b)
{
    size_t h = tc_hash(tc, b->pc, b->mode);
    b->hash_next = tc->buckets[h];
    tc->buckets[h] = b;
    b->all_prev = NULL;
    b->all_next = tc->all;
    if (tc->all)
        tc->all->all_prev = b;
    tc->all = b;
    tc->nblocks++;
    tc->stats.blocks_built++;
    mark_pages(tc, b->phys, b->phys + (b->end - b->pc));
}

static void retire(TCache *tc, Block *b)
{
    drop_links(b, true);
    if (tc->jit_lookup && b->jit_fn) {
        /* indirect jumps must not find it any more */
        X64LookupEntry *e = &tc->jit_lookup[(size_t)b->jit_table * TC_LOOKUP_ENTRIES +
                                            ((b->pc >> 1) & (TC_LOOKUP_ENTRIES - 1))];
        if (e->pc == b->pc)
            e->pc = X64_LOOKUP_EMPTY;
    }
    if (b->all_prev)
        b->all_prev->all_next = b->all_next;
    else
        tc->all = b->all_next;
    if (b->all_next)
        b->all_next->all_prev = b->all_prev;
    b->retired = true;
    b->retired_next = tc->retired;
    tc->retired = b;
    tc->nblocks--;
}

static void unhash(TCache *tc, Block *b)
{
    Block **link = &tc->buckets[tc_hash(tc, b->pc, b->mode)];
    while (*link != b)
        link = &(*link)->hash_next;
    *link = b->hash_next;
}

void tcache_drop(TCache *tc, Block *b)
{
    if (b->retired)
        return;
    unhash(tc, b);
    retire(tc, b);
    tc->epoch++;
}

bool tcache_invalidate(TCache *tc, uint64_t addr, uint64_t len)
{
    if (len == 0)
        return false;
    /* Work in page numbers, inclusive, so a range in the last page of the
     * 64-bit space does not wrap. Whole pages lose their code bit: blocks are
     * only tested against the bitmap at page granularity, and every block on
     * these pages is dropped. */
    uint64_t last = addr + (len - 1) < addr ? UINT64_MAX : addr + (len - 1);
    uint64_t first_page = addr >> TC_PAGE_SHIFT, last_page = last >> TC_PAGE_SHIFT;
    uint64_t tracked_pages = tc->space_size >> TC_PAGE_SHIFT;
    /* Most calls (mmap, munmap, stores near code) touch no translated page:
     * the bitmap answers that without walking the whole cache. */
    if (first_page < tracked_pages) {
        uint64_t stop = last_page < tracked_pages ? last_page : tracked_pages - 1;
        bool has_code = false;
        for (uint64_t p = first_page; p <= stop && !has_code; p++) {
            uint64_t eight;
            if ((p & 7) == 0 && p + 7 <= stop) {
                memcpy(&eight, tc->code_pages + p, 8);
                if ((eight & 0x0101010101010101ull * TC_CODE_HERE) == 0) {
                    p += 7;
                    continue;
                }
            }
            has_code = tc->code_pages[p] & TC_CODE_HERE;
        }
        if (!has_code && last_page < tracked_pages)
            return false;
    }
    bool any = false;
    Block *next;
    for (Block *b = tc->all; b; b = next) {
        next = b->all_next;
        uint64_t b_first = b->phys >> TC_PAGE_SHIFT;
        uint64_t b_last = (b->phys + (b->end - b->pc) - 1) >> TC_PAGE_SHIFT;
        if (b_first > last_page || b_last < first_page)
            continue;
        unhash(tc, b);
        retire(tc, b);
        any = true;
    }
    for (uint64_t p = first_page; p <= last_page && p < tracked_pages; p++)
        clear_code_page(tc, p);
    if (any) {
        tc->epoch++;
        tc->stats.invalidations++;
    }
    return any;
}

void tcache_flush(TCache *tc)
{
    while (tc->all) {
        Block *b = tc->all;
        tc->buckets[tc_hash(tc, b->pc, b->mode)] = NULL;
        /* its pages lose their code bit (no live block remains anywhere) */
        uint64_t first = b->phys >> TC_PAGE_SHIFT, last = (b->phys + (b->end - b->pc) - 1) >> TC_PAGE_SHIFT;
        for (uint64_t p = first; p <= last && (p << TC_PAGE_SHIFT) < tc->space_size; p++)
            clear_code_page(tc, p);
        retire(tc, b);
    }
    /* no block is live, and none runs while the cache is flushed: their
     * code memory can all be reused */
    if (tc->code)
        x64_codemem_reset(tc->code);
    if (tc->jit_lookup)
        tcache_lookup_clear(tc);
    tc->epoch++;
    tc->stats.flushes++;
}

void tcache_lookup_clear(TCache *tc)
{
    for (unsigned t = 0; t < tc->jit_lookup_tables; t++)
        tcache_lookup_clear_table(tc, t);
}

void tcache_lookup_clear_table(TCache *tc, unsigned table)
{
    X64LookupEntry *e = tc->jit_lookup + (size_t)table * TC_LOOKUP_ENTRIES;
    for (unsigned i = 0; i < TC_LOOKUP_ENTRIES; i++)
        e[i] = (X64LookupEntry){ X64_LOOKUP_EMPTY, NULL };
}

void tcache_unshare_code(TCache *tc)
{
    if (!tc->code)
        return;
    for (Block *b = tc->all; b; b = b->all_next)
        drop_links(b, false);       /* the parent's code: never write to it */
    x64_codemem_free(tc->code);     /* unmaps it here; the parent keeps it */
    tc->code = NULL;                /* a new one comes with the next translation */
    tcache_flush(tc);
}

void tcache_collect(TCache *tc)
{
    Block *b = tc->retired;
    while (b) {
        Block *next = b->retired_next;
        free(b);
        b = next;
    }
    tc->retired = NULL;
}
