/*
 * Translation cache: guest (pc, mode) -> block of decoded instructions (and, with
 * the JIT, host code). Blocks are invalidated by guest page when the guest writes
 * to memory that holds code; invalidated blocks are retired and freed only at a
 * safe point (tcache_collect), because the block being executed may be the one
 * that wrote to its own page.
 */
#ifndef FERRY_TCACHE_H
#define FERRY_TCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TC_PAGE_SHIFT 12
#define TC_LOOKUP_BITS 12
#define TC_LOOKUP_ENTRIES (1u << TC_LOOKUP_BITS)
#define TC_LOOKUP_MAX_TABLES 8u
#define TC_CODE_HERE 1u         /* = X64_CODE_HERE */
#define TC_CODE_NEXT 2u         /* = X64_CODE_NEXT */

/* A jump in translated code patched to enter another block: the rel32
 * field (through the writable view of code memory) and what it held. */
typedef struct JitLink {
    uint8_t *field;
    int32_t unlinked;
    struct JitLink *next;
} JitLink;

typedef struct Block {
    uint64_t pc;           /* guest address of the first instruction */
    uint64_t end;          /* one past the last byte of the last instruction */
    /* physical address of the first instruction (= pc without translation);
     * stores are checked against the physical pages [phys, phys + end - pc) */
    uint64_t phys;
    uint32_t mode;         /* CPU mode the block was decoded for (xlen, trace...) */
    uint32_t ninsns;
    uint64_t exec_count;
    struct Block *hash_next;
    /* direct successors (taken / fall-through), remembered by the run loop;
     * valid only while succ_epoch equals the cache's epoch */
    struct Block *succ[2];
    uint64_t succ_epoch;
    /* every live block is on one list, so flushing and invalidating cost
     * the number of blocks, not the number of hash buckets */
    struct Block *all_prev, *all_next;
    bool retired;
    bool uses_fpu;         /* holds floating-point instructions */
    /* JIT: the host function (NULL while interpreted), whether translation
     * was tried, and the map from host access instructions to guest pcs
     * (pairs of offsets from the function and from pc), in code memory */
    bool jit_tried;
    void *jit_fn;
    uint32_t jit_len;       /* bytes of code from jit_fn */
    uint32_t jit_body;      /* offset where chained jumps enter */
    const uint32_t *jit_faults;
    uint32_t jit_nfaults;
    /* guest instructions the code covers: ninsns, or fewer when it ends
     * early for the interpreter (an instruction it does not translate) */
    uint32_t jit_ninsns;
    /* the indirect-jump table (of TCache.jit_lookup_tables) it is in */
    uint8_t jit_table;
    /* chainable exits: (offset of the jmp's rel32 field, offset of its
     * stub, guest target) each, in code memory */
    const struct X64ChainExit *jit_exits;
    uint32_t jit_nexits;
    /* jumps from other blocks' code straight into this one's: put back
     * when this block is dropped */
    struct JitLink *jit_in;
    struct Block *retired_next;
    void *insns;           /* ISA-specific decoded instructions (same allocation) */
} Block;

typedef struct TCacheStats {
    uint64_t lookups, misses, blocks_built, invalidations, flushes;
    /* JIT: blocks translated, blocks it could not translate, code memory
     * flushes, bytes emitted, nanoseconds translating, entries into
     * translated code from the run loop, exits patched to jump straight to
     * their successor; and guest instructions the interpreter ran */
    uint64_t jit_translated, jit_refused, jit_flushes, jit_bytes, jit_ns, jit_runs, jit_links, interp_insns;
} TCacheStats;

typedef struct TCache {
    Block **buckets;
    size_t nbuckets;       /* 1 << bucket_bits */
    unsigned bucket_bits;
    size_t nblocks;
    uint64_t epoch;        /* bumped whenever a block is removed */
    /* one byte per guest page: TC_CODE_HERE when a cached block lies on
     * it, TC_CODE_NEXT when one lies on the page after it (translated code
     * tests one byte per store; x64/codegen.h) */
    uint8_t *code_pages;
    uint64_t code_pages_bytes;
    uint64_t space_size;   /* guest addresses covered by code_pages */
    Block *retired;
    Block *all;            /* live blocks (see Block.all_next) */
    struct X64CodeMem *code;  /* JIT code of these blocks, created on first use */
    /* JIT: where indirect jumps in translated code find their target
     * (TC_LOOKUP_ENTRIES entries, see x64/codegen.h); created with code */
    struct X64LookupEntry *jit_lookup;
    unsigned jit_lookup_tables;    /* tables of TC_LOOKUP_ENTRIES each */
    /* per table: the address-space generation its entries belong to (the
     * embedder's; a table is emptied before use in another) */
    uint64_t jit_lookup_gen[TC_LOOKUP_MAX_TABLES];
    TCacheStats stats;
} TCache;

/* space_size: size of the guest address range whose pages are tracked. */
TCache *tcache_new(uint64_t space_size);
/* With 2^bucket_bits hash buckets (tcache_new: 2^16), e.g. a small scratch
 * cache for single-stepping. */
TCache *tcache_new_sized(uint64_t space_size, unsigned bucket_bits);
void tcache_free(TCache *tc);

Block *tcache_alloc_block(size_t insn_bytes);
Block *tcache_find(TCache *tc, uint64_t pc, uint32_t mode);
/* The block for (pc, mode) decoded from physical address phys: where one
 * virtual address maps to different code over time (system mode), each
 * mapping has its own block. */
Block *tcache_find_phys(TCache *tc, uint64_t pc, uint32_t mode, uint64_t phys);
/* Drop one block (freed at the next tcache_collect). */
void tcache_drop(TCache *tc, Block *b);
void tcache_insert(TCache *tc, Block *b);

/* Drop every block that overlaps [addr, addr+len); true when any was dropped. */
bool tcache_invalidate(TCache *tc, uint64_t addr, uint64_t len);
/* Drop every block, and reuse all JIT code memory: call only when no
 * translated code is running. */
void tcache_flush(TCache *tc);
/* Empty the JIT's indirect-jump tables, or one of them. */
void tcache_lookup_clear(TCache *tc);
void tcache_lookup_clear_table(TCache *tc, unsigned table);
/* In the child of a host fork: the JIT code memory is still the parent's
 * (one shared memory object); drop every block and use memory of its own. */
void tcache_unshare_code(TCache *tc);
/* Free retired blocks; call only when no block is executing. */
void tcache_collect(TCache *tc);

static inline bool tcache_page_has_code(const uint8_t *map, uint64_t addr)
{
    return map[addr >> TC_PAGE_SHIFT] & TC_CODE_HERE;
}

#endif
