/*
 * ferry - unit tests for the user-mode guest address space
 * (linux-user/guest_space.c): mappings (fixed, hinted, top-down, NOREPLACE),
 * the VMA list kept by unmap/protect, pointer and string checks used by
 * system calls, instruction-fetch checks, brk, and the code_changed hook.
 *
 * Expected behaviour follows Linux mmap(2)/munmap(2)/mprotect(2)/brk(2) as
 * documented in guest_space.h.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "guest_space.h"

#define SIZE (1ull << 30)
#define PG GUEST_PAGE_SIZE
#define RW (PROT_READ | PROT_WRITE)

static GuestSpace gs;

/* code_changed recorder */
#define MAX_CALLS 16
static struct { uint64_t addr, len; } calls[MAX_CALLS];
static int ncalls;

static void on_code_changed(void *opaque, uint64_t addr, uint64_t len)
{
    assert_ptr_equal(opaque, &gs);
    if (ncalls < MAX_CALLS) {
        calls[ncalls].addr = addr;
        calls[ncalls].len = len;
    }
    ncalls++;
}

static int setup(void **state)
{
    (void)state;
    char err[256];
    if (gs_init(&gs, SIZE, err, sizeof err) != 0) {
        fprintf(stderr, "gs_init: %s\n", err);
        return -1;
    }
    ncalls = 0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    gs_destroy(&gs);
    return 0;
}

/* The VMA list is sorted, non-overlapping, page aligned, inside the space. */
static int check_vmas(void)
{
    int n = 0;
    uint64_t prev_end = 0;
    for (const GuestVma *v = gs.vmas; v; v = v->next, n++) {
        assert_true(v->start < v->end);
        assert_true(v->start >= prev_end);
        assert_int_equal(v->start % PG, 0);
        assert_int_equal(v->end % PG, 0);
        assert_true(v->end <= gs.size);
        prev_end = v->end;
    }
    return n;
}

static const GuestVma *vma_at(uint64_t addr)
{
    return gs_find_vma(&gs, addr);
}

static void map_fixed(uint64_t addr, uint64_t len, int prot)
{
    assert_int_equal(gs_map(&gs, addr, len, prot, GS_MAP_FIXED, -1, 0, NULL), (int64_t)addr);
}

/* ---- init / fixed mappings --------------------------------------------------- */

static void test_init_reserves_empty_space(void **state)
{
    (void)state;
    assert_non_null(gs.base);
    assert_int_equal(gs.size, SIZE);
    assert_true(gs.host_reserved >= SIZE);
    assert_null(gs.vmas);
    assert_int_equal(gs.mmap_top, SIZE);
    assert_null(gs_ptr(&gs, 0x400000, 1, 0));
    assert_null(vma_at(0x400000));
    assert_int_equal(gs_strlen(&gs, 0x400000, 100), -1);
    assert_false(gs_can_exec(&gs, 0x400000, 4));
}

static void test_map_fixed_zeroed_and_writable(void **state)
{
    (void)state;
    assert_int_equal(gs_map(&gs, 0x400000, 0x3000, RW, GS_MAP_FIXED, -1, 0, "[anon]"), 0x400000);
    const GuestVma *v = vma_at(0x401234);
    assert_non_null(v);
    assert_int_equal(v->start, 0x400000);
    assert_int_equal(v->end, 0x403000);
    assert_int_equal(v->prot, RW);
    assert_string_equal(v->name, "[anon]");
    uint8_t *p = gs_ptr(&gs, 0x400000, 0x3000, RW);
    assert_ptr_equal(p, gs.base + 0x400000);
    for (size_t i = 0; i < 0x3000; i++)
        assert_int_equal(p[i], 0);
    memset(p, 0x5a, 0x3000);
    assert_int_equal(check_vmas(), 1);
}

static void test_map_rounds_length_up_to_pages(void **state)
{
    (void)state;
    assert_int_equal(gs_map(&gs, 0x400000, 1, RW, GS_MAP_FIXED, -1, 0, NULL), 0x400000);
    assert_int_equal(vma_at(0x400000)->end, 0x401000);
    assert_non_null(gs_ptr(&gs, 0x400fff, 1, RW));
    assert_null(gs_ptr(&gs, 0x401000, 1, 0));
}

static void test_map_rejects_bad_arguments(void **state)
{
    (void)state;
    assert_int_equal(gs_map(&gs, 0x400010, PG, RW, GS_MAP_FIXED, -1, 0, NULL), -EINVAL);
    assert_int_equal(gs_map(&gs, 0x400000, 0, RW, GS_MAP_FIXED, -1, 0, NULL), -EINVAL);
    assert_int_equal(gs_map(&gs, 0, 0, RW, 0, -1, 0, NULL), -EINVAL);
    assert_true(gs_map(&gs, SIZE - PG, 2 * PG, RW, GS_MAP_FIXED, -1, 0, NULL) < 0);
    assert_true(gs_map(&gs, SIZE, PG, RW, GS_MAP_FIXED, -1, 0, NULL) < 0);
    assert_true(gs_map(&gs, 0, SIZE + PG, RW, 0, -1, 0, NULL) < 0);
    assert_null(gs.vmas);
    assert_int_equal(ncalls, 0);
}

static void test_map_fixed_replaces_and_splits(void **state)
{
    (void)state;
    map_fixed(0x400000, 0x3000, RW);
    memset(gs.base + 0x400000, 0x5a, 0x3000);
    assert_int_equal(gs_map(&gs, 0x401000, PG, PROT_READ, GS_MAP_FIXED, -1, 0, "mid"), 0x401000);
    assert_int_equal(check_vmas(), 3);
    assert_int_equal(vma_at(0x400000)->end, 0x401000);
    assert_int_equal(vma_at(0x400000)->prot, RW);
    assert_int_equal(vma_at(0x401000)->start, 0x401000);
    assert_int_equal(vma_at(0x401000)->end, 0x402000);
    assert_int_equal(vma_at(0x401000)->prot, PROT_READ);
    assert_string_equal(vma_at(0x401000)->name, "mid");
    assert_int_equal(vma_at(0x402000)->start, 0x402000);
    assert_int_equal(vma_at(0x402000)->prot, RW);
    /* new pages are fresh zero pages, the others keep their contents */
    assert_int_equal(gs.base[0x401000], 0);
    assert_int_equal(gs.base[0x401fff], 0);
    assert_int_equal(gs.base[0x400fff], 0x5a);
    assert_int_equal(gs.base[0x402000], 0x5a);
    /* replacing across several mappings leaves one */
    map_fixed(0x400000, 0x3000, PROT_READ | PROT_EXEC);
    assert_int_equal(check_vmas(), 1);
}

static void test_map_noreplace(void **state)
{
    (void)state;
    map_fixed(0x400000, 0x2000, RW);
    gs.base[0x401000] = 7;
    ncalls = 0;
    assert_int_equal(gs_map(&gs, 0x401000, 0x2000, PROT_READ, GS_MAP_FIXED_NOREPLACE, -1, 0, NULL), -EEXIST);
    assert_int_equal(gs_map(&gs, 0x3ff000, 0x2000, PROT_READ, GS_MAP_FIXED_NOREPLACE, -1, 0, NULL), -EEXIST);
    assert_int_equal(check_vmas(), 1);
    assert_int_equal(vma_at(0x401000)->prot, RW);
    assert_int_equal(gs.base[0x401000], 7);
    assert_int_equal(ncalls, 0);
    /* adjacent but not overlapping is fine */
    assert_int_equal(gs_map(&gs, 0x402000, PG, PROT_READ, GS_MAP_FIXED_NOREPLACE, -1, 0, NULL), 0x402000);
    assert_int_equal(gs_map(&gs, 0x3ff000, PG, PROT_READ, GS_MAP_FIXED_NOREPLACE, -1, 0, NULL), 0x3ff000);
    assert_int_equal(check_vmas(), 3);
}

static void test_map_file_contents(void **state)
{
    (void)state;
    char path[] = "/tmp/ferry-gs-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    char page[PG];
    memset(page, 'a', sizeof page);
    assert_int_equal(write(fd, page, sizeof page), (ssize_t)sizeof page);
    assert_int_equal(write(fd, "ferry", 6), 6);
    assert_int_equal(gs_map(&gs, 0x500000, 6, PROT_READ, GS_MAP_FIXED, fd, PG, "/tmp/x"), 0x500000);
    close(fd);
    assert_string_equal((const char *)gs_ptr(&gs, 0x500000, 6, PROT_READ), "ferry");
    assert_int_equal(gs_strlen(&gs, 0x500000, 100), 5);
    assert_string_equal(vma_at(0x500000)->name, "/tmp/x");
    assert_false(vma_at(0x500000)->flags & MAP_ANONYMOUS);
}

/* Linux validates the fd and the offset before touching the address space:
 * a MAP_FIXED mmap that fails with EBADF or EINVAL leaves the old mapping
 * (and its contents) in place. */
static void test_failed_fixed_map_keeps_old_mapping(void **state)
{
    (void)state;
    map_fixed(0x400000, 0x2000, RW);
    gs.base[0x400000] = 42;
    assert_int_equal(gs_map(&gs, 0x400000, PG, PROT_READ, GS_MAP_FIXED, 9999, 0, NULL), -EBADF);
    const GuestVma *v = vma_at(0x400000);
    assert_non_null(v);
    assert_int_equal(v->start, 0x400000);
    assert_int_equal(v->end, 0x402000);
    assert_int_equal(v->prot, RW);
    assert_non_null(gs_ptr(&gs, 0x400000, 1, RW));
    assert_int_equal(gs.base[0x400000], 42);
}

/* ---- non-fixed placement --------------------------------------------------------- */

static void test_map_top_down_below_mmap_top(void **state)
{
    (void)state;
    int64_t a = gs_map(&gs, 0, 0x2000, RW, 0, -1, 0, NULL);
    assert_int_equal(a, (int64_t)(SIZE - 0x2000));
    int64_t b = gs_map(&gs, 0, 0x3000, RW, 0, -1, 0, NULL);
    assert_int_equal(b, a - 0x3000);
    gs.mmap_top = 0x20000000;
    int64_t c = gs_map(&gs, 0, PG, RW, 0, -1, 0, NULL);
    assert_int_equal(c, 0x20000000 - PG);
    assert_int_equal(check_vmas(), 3);
}

static void test_map_reuses_highest_gap(void **state)
{
    (void)state;
    gs.mmap_top = 0x10000000;
    int64_t a = gs_map(&gs, 0, PG, RW, 0, -1, 0, NULL);
    int64_t b = gs_map(&gs, 0, PG, RW, 0, -1, 0, NULL);
    int64_t c = gs_map(&gs, 0, PG, RW, 0, -1, 0, NULL);
    assert_int_equal(a, 0x10000000 - PG);
    assert_int_equal(b, a - PG);
    assert_int_equal(c, b - PG);
    assert_int_equal(gs_unmap(&gs, (uint64_t)b, PG), 0);
    /* one page fits into b's hole; two pages do not and go below c */
    assert_int_equal(gs_map(&gs, 0, 2 * PG, RW, 0, -1, 0, NULL), c - 2 * PG);
    assert_int_equal(gs_map(&gs, 0, PG, RW, 0, -1, 0, NULL), b);
    assert_int_equal(check_vmas(), 4);
}

static void test_map_honours_free_hint(void **state)
{
    (void)state;
    assert_int_equal(gs_map(&gs, 0x700000, 0x2000, RW, 0, -1, 0, NULL), 0x700000);
    assert_int_equal(gs_map(&gs, 0x702345, PG, RW, 0, -1, 0, NULL), 0x702000); /* rounded down */
    /* occupied hint: placed elsewhere, the existing mapping untouched */
    int64_t r = gs_map(&gs, 0x701000, PG, PROT_READ, 0, -1, 0, NULL);
    assert_true(r > 0);
    assert_true(r != 0x701000);
    assert_int_equal(vma_at(0x701000)->prot, RW);
    /* a hint below mmap_min is ignored */
    r = gs_map(&gs, 0x1000, PG, RW, 0, -1, 0, NULL);
    assert_true(r >= (int64_t)gs.mmap_min);
    check_vmas();
}

static void test_map_without_room_fails(void **state)
{
    (void)state;
    gs.mmap_min = 0x10000;
    gs.mmap_top = 0x30000;
    assert_int_equal(gs_map(&gs, 0, 0x30000, RW, 0, -1, 0, NULL), -ENOMEM);
    assert_int_equal(gs_map(&gs, 0, 0x20000, RW, 0, -1, 0, NULL), 0x10000);
    assert_int_equal(gs_map(&gs, 0, PG, RW, 0, -1, 0, NULL), -ENOMEM);
    assert_int_equal(check_vmas(), 1);
}

/* ---- gs_ptr ------------------------------------------------------------------------ */

static void test_ptr_checks_protections(void **state)
{
    (void)state;
    map_fixed(0x400000, PG, PROT_READ);
    map_fixed(0x402000, PG, PROT_WRITE);
    map_fixed(0x404000, PG, PROT_NONE);
    assert_non_null(gs_ptr(&gs, 0x400000, PG, PROT_READ));
    assert_non_null(gs_ptr(&gs, 0x400000, PG, 0));
    assert_null(gs_ptr(&gs, 0x400000, 1, PROT_WRITE));
    assert_null(gs_ptr(&gs, 0x400000, 1, RW));
    assert_non_null(gs_ptr(&gs, 0x402000, 1, PROT_WRITE));
    assert_null(gs_ptr(&gs, 0x402000, 1, PROT_READ));
    assert_non_null(gs_ptr(&gs, 0x404000, 1, 0)); /* mapped, even without access */
    assert_null(gs_ptr(&gs, 0x404000, 1, PROT_READ));
}

static void test_ptr_across_adjacent_vmas(void **state)
{
    (void)state;
    map_fixed(0x400000, PG, RW);
    map_fixed(0x401000, PG, RW);
    map_fixed(0x402000, PG, PROT_READ);
    assert_int_equal(check_vmas(), 3);
    assert_ptr_equal(gs_ptr(&gs, 0x400ff0, 0x20, RW), gs.base + 0x400ff0);
    assert_ptr_equal(gs_ptr(&gs, 0x400000, 3 * PG, PROT_READ), gs.base + 0x400000);
    assert_null(gs_ptr(&gs, 0x401ff0, 0x20, PROT_WRITE));
    assert_null(gs_ptr(&gs, 0x400000, 3 * PG + 1, PROT_READ)); /* one byte too far */
}

static void test_ptr_unmapped_hole_is_null(void **state)
{
    (void)state;
    map_fixed(0x400000, PG, RW);
    map_fixed(0x402000, PG, RW);
    assert_null(gs_ptr(&gs, 0x401000, 1, 0));
    assert_null(gs_ptr(&gs, 0x400ff0, 0x20, 0));
    assert_null(gs_ptr(&gs, 0x400000, 3 * PG, 0));
    assert_null(gs_ptr(&gs, 0x3fffff, 2, 0));
    assert_null(gs_ptr(&gs, SIZE - 1, 2, 0));
    assert_null(gs_ptr(&gs, UINT64_MAX, 1, 0));
    assert_null(gs_ptr(&gs, 0x400000, UINT64_MAX, 0));
    /* length 0 is valid anywhere inside the space */
    assert_ptr_equal(gs_ptr(&gs, 0x401000, 0, RW), gs.base + 0x401000);
}

/* ---- gs_protect -------------------------------------------------------------------- */

static void test_protect_splits_vma(void **state)
{
    (void)state;
    map_fixed(0x400000, 0x4000, RW);
    assert_int_equal(gs_protect(&gs, 0x401000, PG, PROT_READ), 0);
    assert_int_equal(check_vmas(), 3);
    assert_int_equal(vma_at(0x400000)->end, 0x401000);
    assert_int_equal(vma_at(0x400000)->prot, RW);
    assert_int_equal(vma_at(0x401000)->start, 0x401000);
    assert_int_equal(vma_at(0x401000)->end, 0x402000);
    assert_int_equal(vma_at(0x401000)->prot, PROT_READ);
    assert_int_equal(vma_at(0x402000)->start, 0x402000);
    assert_int_equal(vma_at(0x402000)->end, 0x404000);
    assert_int_equal(vma_at(0x402000)->prot, RW);
    assert_null(gs_ptr(&gs, 0x401000, 1, PROT_WRITE));
    assert_non_null(gs_ptr(&gs, 0x401000, PG, PROT_READ));
    assert_non_null(gs_ptr(&gs, 0x402000, 1, PROT_WRITE));
}

static void test_protect_at_edges_and_whole(void **state)
{
    (void)state;
    map_fixed(0x400000, 0x4000, RW);
    assert_int_equal(gs_protect(&gs, 0x400000, 0x4000, PROT_READ), 0); /* whole: no split */
    assert_int_equal(check_vmas(), 1);
    assert_int_equal(vma_at(0x400000)->prot, PROT_READ);
    assert_int_equal(gs_protect(&gs, 0x400000, 1, RW), 0); /* length rounded up */
    assert_int_equal(check_vmas(), 2);
    assert_int_equal(vma_at(0x400000)->end, 0x401000);
    assert_int_equal(gs_protect(&gs, 0x403000, PG, PROT_NONE), 0); /* tail */
    assert_int_equal(check_vmas(), 3);
    assert_int_equal(vma_at(0x403000)->prot, PROT_NONE);
    assert_int_equal(vma_at(0x401000)->end, 0x403000);
}

static void test_protect_across_adjacent_vmas(void **state)
{
    (void)state;
    map_fixed(0x400000, 0x2000, RW);
    map_fixed(0x402000, 0x2000, PROT_READ);
    assert_int_equal(gs_protect(&gs, 0x401000, 0x2000, PROT_READ | PROT_EXEC), 0);
    assert_int_equal(check_vmas(), 4);
    assert_int_equal(vma_at(0x400000)->prot, RW);
    assert_int_equal(vma_at(0x401000)->prot, PROT_READ | PROT_EXEC);
    assert_int_equal(vma_at(0x402000)->prot, PROT_READ | PROT_EXEC);
    assert_int_equal(vma_at(0x403000)->prot, PROT_READ);
    assert_true(gs_can_exec(&gs, 0x401000, 0x2000));
}

static void test_protect_enomem_across_hole(void **state)
{
    (void)state;
    map_fixed(0x400000, PG, RW);
    map_fixed(0x402000, PG, RW);
    ncalls = 0;
    assert_int_equal(gs_protect(&gs, 0x400000, 0x3000, PROT_READ), -ENOMEM);
    assert_int_equal(gs_protect(&gs, 0x3ff000, 0x2000, PROT_READ), -ENOMEM); /* hole before */
    assert_int_equal(gs_protect(&gs, 0x402000, 0x2000, PROT_READ), -ENOMEM); /* hole after */
    assert_int_equal(gs_protect(&gs, 0x600000, PG, PROT_READ), -ENOMEM);     /* nothing there */
    assert_int_equal(gs_protect(&gs, SIZE, PG, PROT_READ), -ENOMEM);
    /* nothing changed */
    assert_int_equal(check_vmas(), 2);
    assert_int_equal(vma_at(0x400000)->prot, RW);
    assert_int_equal(vma_at(0x402000)->prot, RW);
    assert_int_equal(ncalls, 0);
    assert_int_equal(gs_protect(&gs, 0x400010, PG, PROT_READ), -EINVAL);
    assert_int_equal(gs_protect(&gs, 0x400000, 0, PROT_READ), 0);
}

/* ---- gs_unmap --------------------------------------------------------------------- */

static void test_unmap_splits_vma(void **state)
{
    (void)state;
    map_fixed(0x400000, 0x4000, RW);
    memset(gs.base + 0x400000, 0x33, 0x4000);
    assert_int_equal(gs_unmap(&gs, 0x401000, PG), 0);
    assert_int_equal(check_vmas(), 2);
    assert_int_equal(vma_at(0x400000)->end, 0x401000);
    assert_null(vma_at(0x401000));
    assert_int_equal(vma_at(0x402000)->start, 0x402000);
    assert_int_equal(vma_at(0x402000)->end, 0x404000);
    assert_null(gs_ptr(&gs, 0x401000, 1, 0));
    assert_int_equal(gs.base[0x400fff], 0x33);
    assert_int_equal(gs.base[0x402000], 0x33);
    /* mapping the hole again gives zero pages */
    map_fixed(0x401000, PG, RW);
    assert_int_equal(gs.base[0x401000], 0);
}

static void test_unmap_across_vmas_and_holes(void **state)
{
    (void)state;
    map_fixed(0x400000, 0x2000, RW);
    map_fixed(0x403000, 0x2000, PROT_READ);
    map_fixed(0x406000, 0x2000, RW);
    assert_int_equal(gs_unmap(&gs, 0x401000, 0x6000), 0); /* [0x401000, 0x407000) */
    assert_int_equal(check_vmas(), 2);
    assert_int_equal(vma_at(0x400000)->end, 0x401000);
    assert_int_equal(vma_at(0x407000)->start, 0x407000);
    assert_null(vma_at(0x403000));
    assert_int_equal(gs_unmap(&gs, 0x500000, PG), 0); /* nothing mapped: fine */
    assert_int_equal(gs_unmap(&gs, 0x400001, PG), -EINVAL);
    assert_int_equal(gs_unmap(&gs, 0x400000, 0), -EINVAL);
    assert_int_equal(check_vmas(), 2);
}

/* ---- gs_strlen -------------------------------------------------------------------- */

static void test_strlen_basic_and_max(void **state)
{
    (void)state;
    map_fixed(0x400000, PG, RW);
    strcpy((char *)gs.base + 0x400100, "hello");
    assert_int_equal(gs_strlen(&gs, 0x400100, 100), 5);
    assert_int_equal(gs_strlen(&gs, 0x400100, 5), 5);
    assert_int_equal(gs_strlen(&gs, 0x400100, 4), -1);
    assert_int_equal(gs_strlen(&gs, 0x400105, 100), 0);
}

static void test_strlen_stops_at_unmapped_memory(void **state)
{
    (void)state;
    map_fixed(0x400000, PG, RW);
    memset(gs.base + 0x400000, 'x', PG); /* no NUL before the end of the mapping */
    assert_int_equal(gs_strlen(&gs, 0x400ff0, 1000), -1);
    assert_int_equal(gs_strlen(&gs, 0x401000, 1000), -1);
}

static void test_strlen_across_adjacent_vmas(void **state)
{
    (void)state;
    map_fixed(0x400000, PG, RW);
    map_fixed(0x401000, PG, RW);
    memset(gs.base + 0x400ff6, 'a', 10);
    memcpy(gs.base + 0x401000, "bc", 3);
    assert_int_equal(gs_protect(&gs, 0x401000, PG, PROT_READ), 0);
    assert_int_equal(gs_strlen(&gs, 0x400ff6, 1000), 12);
    assert_int_equal(gs_strlen(&gs, 0x400ff6, 11), -1);
}

static void test_strlen_needs_read_permission(void **state)
{
    (void)state;
    map_fixed(0x400000, PG, RW);
    map_fixed(0x401000, PG, PROT_WRITE);
    memset(gs.base + 0x400ff0, 'a', 16);
    assert_int_equal(gs_strlen(&gs, 0x400ff0, 1000), -1);
    assert_int_equal(gs_strlen(&gs, 0x401000, 1000), -1);
}

/* ---- gs_can_exec ----------------------------------------------------------------- */

static void test_can_exec(void **state)
{
    (void)state;
    map_fixed(0x400000, 0x2000, PROT_READ | PROT_EXEC);
    map_fixed(0x402000, PG, PROT_EXEC);
    map_fixed(0x403000, PG, RW);
    map_fixed(0x405000, PG, PROT_READ | PROT_EXEC);
    assert_true(gs_can_exec(&gs, 0x400000, 4));
    assert_true(gs_can_exec(&gs, 0x401ffe, 4));          /* across two X mappings */
    assert_true(gs_can_exec(&gs, 0x400000, 0x3000));
    assert_false(gs_can_exec(&gs, 0x402ffe, 4));         /* runs into RW */
    assert_false(gs_can_exec(&gs, 0x403000, 2));
    assert_false(gs_can_exec(&gs, 0x404000, 2));         /* hole */
    assert_false(gs_can_exec(&gs, 0x404ffe, 4));         /* hole then X */
    assert_false(gs_can_exec(&gs, SIZE - 2, 4));
    assert_int_equal(gs_protect(&gs, 0x400000, PG, PROT_READ), 0);
    assert_false(gs_can_exec(&gs, 0x400000, 2));
    assert_true(gs_can_exec(&gs, 0x401000, 2));
}

/* ---- gs_brk ---------------------------------------------------------------------- */

#define BRK0 0x600000ull

static void brk_setup(void)
{
    gs.brk_start = gs.brk_cur = gs.brk_mapped_end = BRK0;
}

static void test_brk_query_and_grow(void **state)
{
    (void)state;
    brk_setup();
    assert_int_equal(gs_brk(&gs, 0), BRK0);
    assert_int_equal(gs_brk(&gs, BRK0 + 100), BRK0 + 100);
    const GuestVma *v = vma_at(BRK0);
    assert_non_null(v);
    assert_int_equal(v->start, BRK0);
    assert_int_equal(v->end, BRK0 + PG);
    assert_int_equal(v->prot, RW);
    assert_string_equal(v->name, "[heap]");
    assert_int_equal(gs_brk(&gs, BRK0 + 0x3010), BRK0 + 0x3010);
    assert_non_null(gs_ptr(&gs, BRK0, 0x3010, RW));
    assert_non_null(gs_ptr(&gs, BRK0 + 0x3fff, 1, RW)); /* the rest of the page too */
    assert_null(gs_ptr(&gs, BRK0 + 0x4000, 1, 0));
    assert_int_equal(gs_brk(&gs, 0), BRK0 + 0x3010);
    check_vmas();
}

static void test_brk_shrink_unmaps_whole_pages(void **state)
{
    (void)state;
    brk_setup();
    assert_int_equal(gs_brk(&gs, BRK0 + 0x3010), BRK0 + 0x3010);
    assert_int_equal(gs_brk(&gs, BRK0 + 0x10), BRK0 + 0x10);
    assert_non_null(gs_ptr(&gs, BRK0, PG, RW));
    assert_null(gs_ptr(&gs, BRK0 + PG, 1, 0));
    assert_int_equal(gs_brk(&gs, BRK0), BRK0);
    assert_null(gs_ptr(&gs, BRK0, 1, 0));
    check_vmas();
}

static void test_brk_refuses_below_start_and_past_end(void **state)
{
    (void)state;
    brk_setup();
    assert_int_equal(gs_brk(&gs, BRK0 + 0x100), BRK0 + 0x100);
    assert_int_equal(gs_brk(&gs, BRK0 - PG), BRK0 + 0x100);
    assert_int_equal(gs_brk(&gs, BRK0 - 1), BRK0 + 0x100);
    assert_int_equal(gs_brk(&gs, SIZE + PG), BRK0 + 0x100);
    assert_int_equal(gs.brk_cur, BRK0 + 0x100);
    assert_non_null(gs_ptr(&gs, BRK0, 0x100, RW));
}

static void test_brk_refuses_to_grow_over_a_mapping(void **state)
{
    (void)state;
    brk_setup();
    map_fixed(BRK0 + 0x2000, PG, PROT_READ);
    assert_int_equal(gs_brk(&gs, BRK0 + 0x1000), BRK0 + 0x1000);
    assert_int_equal(gs_brk(&gs, BRK0 + 0x2800), BRK0 + 0x1000);
    assert_int_equal(vma_at(BRK0 + 0x2000)->prot, PROT_READ);
    assert_string_equal(vma_at(BRK0)->name, "[heap]");
    check_vmas();
}

static void test_brk_memory_is_zero_after_shrink_and_grow(void **state)
{
    (void)state;
    brk_setup();
    assert_int_equal(gs_brk(&gs, BRK0 + 0x3000), BRK0 + 0x3000);
    memset(gs.base + BRK0, 0xaa, 0x3000);
    assert_int_equal(gs_brk(&gs, BRK0 + 0x10), BRK0 + 0x10);
    assert_int_equal(gs_brk(&gs, BRK0 + 0x3000), BRK0 + 0x3000);
    for (uint64_t a = BRK0; a < BRK0 + 0x10; a++)
        assert_int_equal(gs.base[a], 0xaa);
    for (uint64_t a = BRK0 + 0x10; a < BRK0 + 0x3000; a++)
        if (gs.base[a] != 0)
            fail_msg("byte at %#llx is %#x after shrink+grow", (unsigned long long)a, gs.base[a]);
}

static void test_brk_zero_after_shrink_within_a_page(void **state)
{
    (void)state;
    brk_setup();
    assert_int_equal(gs_brk(&gs, BRK0 + 0x800), BRK0 + 0x800);
    memset(gs.base + BRK0, 0xbb, 0x800);
    assert_int_equal(gs_brk(&gs, BRK0 + 0x100), BRK0 + 0x100);
    assert_int_equal(gs_brk(&gs, BRK0 + 0x1800), BRK0 + 0x1800);
    assert_int_equal(gs.base[BRK0 + 0xff], 0xbb);
    for (uint64_t a = BRK0 + 0x100; a < BRK0 + 0x1800; a++)
        if (gs.base[a] != 0)
            fail_msg("byte at %#llx is %#x", (unsigned long long)a, gs.base[a]);
}

/* The guest may mprotect or munmap part of its heap; a later brk must not
 * write through those protections (the host page is read-only or gone). */
static void test_brk_grow_after_guest_changed_heap_tail(void **state)
{
    (void)state;
    brk_setup();
    assert_int_equal(gs_brk(&gs, BRK0 + 0x800), BRK0 + 0x800);
    memset(gs.base + BRK0, 0xcc, 0x800);
    assert_int_equal(gs_brk(&gs, BRK0 + 0x100), BRK0 + 0x100);
    assert_int_equal(gs_protect(&gs, BRK0, PG, PROT_READ), 0);
    assert_int_equal(gs_brk(&gs, BRK0 + 0x1800), BRK0 + 0x1800);
    assert_non_null(gs_ptr(&gs, BRK0 + PG, 0x800, RW));
    assert_int_equal(gs_brk(&gs, BRK0 + 0x100), BRK0 + 0x100);
    assert_int_equal(gs_unmap(&gs, BRK0, PG), 0);
    assert_int_equal(gs_brk(&gs, BRK0 + 0x800), BRK0 + 0x800);
    check_vmas();
}

/* ---- code_changed ------------------------------------------------------------------ */

static void test_code_changed_reports_ranges(void **state)
{
    (void)state;
    gs.code_changed = on_code_changed;
    gs.code_changed_opaque = &gs;
    ncalls = 0;

    map_fixed(0x400000, 0x2100, RW);
    assert_int_equal(ncalls, 1);
    assert_int_equal(calls[0].addr, 0x400000);
    assert_int_equal(calls[0].len, 0x3000);

    assert_int_equal(gs_protect(&gs, 0x401000, 1, PROT_READ | PROT_EXEC), 0);
    assert_int_equal(ncalls, 2);
    assert_int_equal(calls[1].addr, 0x401000);
    assert_int_equal(calls[1].len, PG);

    assert_int_equal(gs_unmap(&gs, 0x402000, 0x800), 0);
    assert_int_equal(ncalls, 3);
    assert_int_equal(calls[2].addr, 0x402000);
    assert_int_equal(calls[2].len, PG);

    int64_t r = gs_map(&gs, 0, 0x1800, RW, 0, -1, 0, NULL);
    assert_true(r > 0);
    assert_int_equal(ncalls, 4);
    assert_int_equal(calls[3].addr, (uint64_t)r);
    assert_int_equal(calls[3].len, 0x2000);

    /* failures report nothing */
    assert_true(gs_map(&gs, 0x400000, PG, RW, GS_MAP_FIXED_NOREPLACE, -1, 0, NULL) < 0);
    assert_true(gs_protect(&gs, 0x400000, 0x4000, PROT_READ) < 0);
    assert_true(gs_unmap(&gs, 0x400001, PG) < 0);
    assert_int_equal(ncalls, 4);
}

static void test_code_changed_on_brk(void **state)
{
    (void)state;
    brk_setup();
    gs.code_changed = on_code_changed;
    gs.code_changed_opaque = &gs;
    ncalls = 0;
    gs_brk(&gs, BRK0 + 0x1800);
    assert_int_equal(ncalls, 1);
    assert_int_equal(calls[0].addr, BRK0);
    assert_int_equal(calls[0].len, 0x2000);
    gs_brk(&gs, BRK0 + 0x10);
    assert_int_equal(ncalls, 2);
    assert_int_equal(calls[1].addr, BRK0 + PG);
    assert_int_equal(calls[1].len, PG);
    gs_brk(&gs, BRK0 + 0x20); /* same page: nothing mapped or unmapped */
    assert_int_equal(ncalls, 2);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest mapping[] = {
        T(test_init_reserves_empty_space),
        T(test_map_fixed_zeroed_and_writable),
        T(test_map_rounds_length_up_to_pages),
        T(test_map_rejects_bad_arguments),
        T(test_map_fixed_replaces_and_splits),
        T(test_map_noreplace),
        T(test_map_file_contents),
        T(test_failed_fixed_map_keeps_old_mapping),
        T(test_map_top_down_below_mmap_top),
        T(test_map_reuses_highest_gap),
        T(test_map_honours_free_hint),
        T(test_map_without_room_fails),
    };
    const struct CMUnitTest access[] = {
        T(test_ptr_checks_protections),
        T(test_ptr_across_adjacent_vmas),
        T(test_ptr_unmapped_hole_is_null),
        T(test_strlen_basic_and_max),
        T(test_strlen_stops_at_unmapped_memory),
        T(test_strlen_across_adjacent_vmas),
        T(test_strlen_needs_read_permission),
        T(test_can_exec),
    };
    const struct CMUnitTest changes[] = {
        T(test_protect_splits_vma),
        T(test_protect_at_edges_and_whole),
        T(test_protect_across_adjacent_vmas),
        T(test_protect_enomem_across_hole),
        T(test_unmap_splits_vma),
        T(test_unmap_across_vmas_and_holes),
        T(test_code_changed_reports_ranges),
    };
    const struct CMUnitTest brk[] = {
        T(test_brk_query_and_grow),
        T(test_brk_shrink_unmaps_whole_pages),
        T(test_brk_refuses_below_start_and_past_end),
        T(test_brk_refuses_to_grow_over_a_mapping),
        T(test_brk_memory_is_zero_after_shrink_and_grow),
        T(test_brk_zero_after_shrink_within_a_page),
        T(test_brk_grow_after_guest_changed_heap_tail),
        T(test_code_changed_on_brk),
    };
#undef T
    int failed = 0;
    failed += cmocka_run_group_tests_name("gs_mapping", mapping, NULL, NULL);
    failed += cmocka_run_group_tests_name("gs_access", access, NULL, NULL);
    failed += cmocka_run_group_tests_name("gs_protect_unmap", changes, NULL, NULL);
    failed += cmocka_run_group_tests_name("gs_brk", brk, NULL, NULL);
    return failed;
}
