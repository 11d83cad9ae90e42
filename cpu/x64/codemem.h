/*
 * Code memory for translated blocks, W^X by construction: one memory object
 * (a memfd) mapped twice, once read-write for the code generator and once
 * read-execute for running it. No page is ever writable and executable in
 * the same mapping, and nothing is mprotect'ed per block.
 *
 * Space is handed out from the start (bump allocation) and only taken back
 * all at once (x64_codemem_reset), when the translation cache is flushed:
 * blocks die together, so there is no fragmentation to manage.
 */
#ifndef FERRY_X64_CODEMEM_H
#define FERRY_X64_CODEMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct X64CodeMem {
    uint8_t *rw;            /* the writable view */
    uint8_t *rx;            /* the executable view of the same bytes */
    size_t size;
    size_t used;
} X64CodeMem;

/* size is rounded up to whole pages; NULL when the host refuses. */
X64CodeMem *x64_codemem_new(size_t size);
void x64_codemem_free(X64CodeMem *cm);

/* Forget everything handed out. */
void x64_codemem_reset(X64CodeMem *cm);

/* The executable address of a byte of the writable view, and back. */
static inline void *x64_codemem_exec_addr(const X64CodeMem *cm, const uint8_t *rw)
{
    return cm->rx + (rw - cm->rw);
}
static inline bool x64_codemem_contains(const X64CodeMem *cm, uintptr_t host_pc)
{
    return host_pc >= (uintptr_t)cm->rx && host_pc < (uintptr_t)cm->rx + cm->used;
}

#endif
