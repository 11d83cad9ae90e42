/*
 * ferry - unit tests for split virtqueues (devices/virtqueue.c), device side.
 *
 * Expected behaviour (VIRTIO 1.1, 2.6 and 2.6.5.3; virtqueue.h):
 *  - virtq_pop takes avail->ring[last_avail % num] as the head and walks
 *    NEXT links; readable segments first, then writable ones; 1 when a
 *    chain was taken, 0 when avail->idx == last_avail, -1 when the driver
 *    broke a rule: a buffer or table outside RAM (including address + len
 *    wrapping past 2^64 or crossing the end of RAM), a descriptor index
 *    >= the table size, a loop or a chain longer than the table, more than
 *    VIRTQ_MAX_SEGS descriptors or VIRTQ_MAX_BYTES bytes, a readable
 *    descriptor after a writable one, an indirect table inside an indirect
 *    table, INDIRECT together with NEXT, an indirect length that is 0 or
 *    not a multiple of 16, avail->idx more than num ahead, a head >= num,
 *    or rings outside RAM;
 *  - a rejected chain leaves guest RAM untouched and last_avail unmoved;
 *  - virtq_push writes used->ring[used_idx % num] = {head, written} and
 *    then used->idx; indices wrap at 2^16;
 *  - virtq_should_notify is false when the driver set
 *    VIRTQ_AVAIL_F_NO_INTERRUPT in avail->flags.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "virtio_test_driver.h"

#define RAM_SIZE (32ull << 20) /* room for the big-chain tests */
#define RAM_END (TD_RAM_BASE + RAM_SIZE)
#define NUM 8

static TestDriver td;
static VirtQueue q;
static VirtqChain chain;
static uint8_t *snapshot;

static int setup(void **state)
{
    (void)state;
    if (!td_init(&td, RAM_SIZE))
        return -1;
    td_queue_layout(&td, 0, NUM, TD_RAM_BASE);
    q = td_virtqueue(&td.q[0]);
    snapshot = malloc(RAM_SIZE);
    return snapshot ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    td_free(&td);
    free(snapshot);
    return 0;
}

/* A larger queue for the segment-count tests. */
static void use_queue(uint32_t num)
{
    td_queue_layout(&td, 0, num, TD_RAM_BASE);
    q = td_virtqueue(&td.q[0]);
}

/* The chain now posted must be refused without touching RAM. */
static void assert_rejected(void)
{
    uint16_t last = q.last_avail, used = q.used_idx;
    memcpy(snapshot, td.ram, RAM_SIZE);
    assert_int_equal(virtq_pop(&q, &td.bus, &chain), -1);
    assert_memory_equal(snapshot, td.ram, RAM_SIZE);
    assert_int_equal(q.last_avail, last);
    assert_int_equal(q.used_idx, used);
}

/* ---- hostile chains ---- */

static void test_addr_outside_ram(void **state)
{
    (void)state;
    td_desc(&td, 0, 0, 0x1000, 16, 0, 0);
    td_post(&td, 0, 0);
    assert_rejected();
}

static void test_addr_len_wraps(void **state)
{
    (void)state;
    td_desc(&td, 0, 0, 0xffffffffffffff00ull, 0x200, VIRTQ_DESC_F_WRITE, 0);
    td_post(&td, 0, 0);
    assert_rejected();
}

static void test_len_crosses_ram_end(void **state)
{
    (void)state;
    td_desc(&td, 0, 0, RAM_END - 8, 16, VIRTQ_DESC_F_WRITE, 0);
    td_post(&td, 0, 0);
    assert_rejected();
    /* the same buffer ending exactly at the end of RAM is fine */
    td_desc(&td, 0, 0, RAM_END - 16, 16, VIRTQ_DESC_F_WRITE, 0);
    assert_int_equal(virtq_pop(&q, &td.bus, &chain), 1);
    assert_int_equal(chain.write_bytes, 16);
}

static void test_second_segment_outside_ram(void **state)
{
    (void)state;
    uint64_t buf = td_alloc(&td, 64, 16);
    td_desc(&td, 0, 0, buf, 16, VIRTQ_DESC_F_NEXT, 1);
    td_desc(&td, 0, 1, RAM_END, 1, VIRTQ_DESC_F_WRITE, 0);
    td_post(&td, 0, 0);
    assert_rejected();
}

static void test_next_index_past_queue(void **state)
{
    (void)state;
    uint64_t buf = td_alloc(&td, 64, 16);
    td_desc(&td, 0, 0, buf, 16, VIRTQ_DESC_F_NEXT, NUM);
    td_post(&td, 0, 0);
    assert_rejected();
}

static void test_loop_two(void **state)
{
    (void)state;
    uint64_t buf = td_alloc(&td, 64, 16);
    td_desc(&td, 0, 3, buf, 16, VIRTQ_DESC_F_NEXT, 5);
    td_desc(&td, 0, 5, buf, 16, VIRTQ_DESC_F_NEXT, 3);
    td_post(&td, 0, 3);
    assert_rejected();
}

static void test_self_loop(void **state)
{
    (void)state;
    uint64_t buf = td_alloc(&td, 64, 16);
    td_desc(&td, 0, 2, buf, 16, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    td_post(&td, 0, 2);
    assert_rejected();
}

static void test_chain_longer_than_queue(void **state)
{
    (void)state;
    uint64_t buf = td_alloc(&td, 64, 16);
    /* 0 -> 1 -> ... -> 7 -> 0: every descriptor once, then around again */
    for (unsigned i = 0; i < NUM; i++)
        td_desc(&td, 0, i, buf, 4, VIRTQ_DESC_F_NEXT, (uint16_t)((i + 1) % NUM));
    td_post(&td, 0, 0);
    assert_rejected();
}

static void test_chain_of_whole_queue_ok(void **state)
{
    (void)state;
    uint64_t buf = td_alloc(&td, 64, 16);
    TdBuf b[NUM];
    for (unsigned i = 0; i < NUM; i++)
        b[i] = (TdBuf){ buf, 4, i >= 5 };
    td_chain(&td, 0, 0, NUM, b);
    assert_int_equal(virtq_pop(&q, &td.bus, &chain), 1);
    assert_int_equal(chain.nseg, NUM);
    assert_int_equal(chain.nread, 5);
}

static void fill_direct_chain(unsigned n, uint64_t buf)
{
    for (unsigned i = 0; i < n; i++)
        td_desc(&td, 0, i, buf, 1, (uint16_t)(i + 1 < n ? VIRTQ_DESC_F_NEXT : 0), (uint16_t)(i + 1));
    td_post(&td, 0, 0);
}

static void test_too_many_segments_direct(void **state)
{
    (void)state;
    use_queue(512);
    uint64_t buf = td_alloc(&td, 64, 16);
    fill_direct_chain(VIRTQ_MAX_SEGS + 1, buf);
    assert_rejected();
}

static void test_max_segments_direct_ok(void **state)
{
    (void)state;
    use_queue(512);
    uint64_t buf = td_alloc(&td, 64, 16);
    fill_direct_chain(VIRTQ_MAX_SEGS, buf);
    assert_int_equal(virtq_pop(&q, &td.bus, &chain), 1);
    assert_int_equal(chain.nseg, VIRTQ_MAX_SEGS);
    assert_int_equal(chain.read_bytes, VIRTQ_MAX_SEGS);
}

/* an indirect table of n one-byte readable descriptors */
static uint64_t indirect_table(unsigned n, uint64_t buf)
{
    uint64_t t = td_alloc(&td, 16ull * n, 16);
    for (unsigned i = 0; i < n; i++)
        td_desc_at(&td, t, i, buf, 1, (uint16_t)(i + 1 < n ? VIRTQ_DESC_F_NEXT : 0), (uint16_t)(i + 1));
    return t;
}

static void test_too_many_segments_indirect(void **state)
{
    (void)state;
    uint64_t buf = td_alloc(&td, 64, 16);
    uint64_t t = indirect_table(VIRTQ_MAX_SEGS + 1, buf);
    td_desc(&td, 0, 0, t, 16 * (VIRTQ_MAX_SEGS + 1), VIRTQ_DESC_F_INDIRECT, 0);
    td_post(&td, 0, 0);
    assert_rejected();
}

static void test_max_segments_indirect_ok(void **state)
{
    (void)state;
    uint64_t buf = td_alloc(&td, 64, 16);
    uint64_t t = indirect_table(VIRTQ_MAX_SEGS, buf);
    td_desc(&td, 0, 0, t, 16 * VIRTQ_MAX_SEGS, VIRTQ_DESC_F_INDIRECT, 0);
    td_post(&td, 0, 0);
    assert_int_equal(virtq_pop(&q, &td.bus, &chain), 1);
    assert_int_equal(chain.nseg, VIRTQ_MAX_SEGS);
}

/* n descriptors of BIG_SEG bytes each, all over the same stretch of RAM
 * (128 of them make VIRTQ_MAX_BYTES, well under VIRTQ_MAX_SEGS) */
#define BIG_SEG (VIRTQ_MAX_BYTES / 128)
static void big_chain(unsigned n)
{
    uint64_t mib = BIG_SEG;
    uint64_t t = td_alloc(&td, 16ull * n, 16);
    for (unsigned i = 0; i < n; i++)
        td_desc_at(&td, t, i, TD_RAM_BASE + mib, (uint32_t)mib, (uint16_t)(i + 1 < n ? VIRTQ_DESC_F_NEXT : 0),
                   (uint16_t)(i + 1));
    td_desc(&td, 0, 0, t, 16 * n, VIRTQ_DESC_F_INDIRECT, 0);
    td_post(&td, 0, 0);
}

static void test_too_many_bytes(void **state)
{
    (void)state;
    big_chain(VIRTQ_MAX_BYTES / BIG_SEG + 1);
    assert_rejected();
}

static void test_max_bytes_ok(void **state)
{
    (void)state;
    big_chain(VIRTQ_MAX_BYTES / BIG_SEG);
    assert_int_equal(virtq_pop(&q, &td.bus, &chain), 1);
    assert_int_equal(chain.read_bytes, VIRTQ_MAX_BYTES);
}

static void test_readable_after_writable(void **state)
{
    (void)state;
    uint64_t buf = td_alloc(&td, 64, 16);
    TdBuf b[3] = { { buf, 16, false }, { buf + 16, 16, true }, { buf + 32, 16, false } };
    td_chain(&td, 0, 0, 3, b);
    assert_rejected();
}

static void test_nested_indirect(void **state)
{
    (void)state;
    uint64_t buf = td_alloc(&td, 64, 16);
    uint64_t inner = indirect_table(2, buf);
    uint64_t outer = td_alloc(&td, 32, 16);
    td_desc_at(&td, outer, 0, buf, 8, VIRTQ_DESC_F_NEXT, 1);
    td_desc_at(&td, outer, 1, inner, 32, VIRTQ_DESC_F_INDIRECT, 0);
    td_desc(&td, 0, 0, outer, 32, VIRTQ_DESC_F_INDIRECT, 0);
    td_post(&td, 0, 0);
    assert_rejected();
}

static void test_indirect_table_outside_ram(void **state)
{
    (void)state;
    td_desc(&td, 0, 0, RAM_END - 16, 32, VIRTQ_DESC_F_INDIRECT, 0);
    td_post(&td, 0, 0);
    assert_rejected();
    td_desc(&td, 0, 0, 0x4000, 32, VIRTQ_DESC_F_INDIRECT, 0);
    assert_rejected();
}

static void test_indirect_bad_length(void **state)
{
    (void)state;
    uint64_t buf = td_alloc(&td, 64, 16);
    uint64_t t = indirect_table(2, buf);
    td_desc(&td, 0, 0, t, 24, VIRTQ_DESC_F_INDIRECT, 0);
    td_post(&td, 0, 0);
    assert_rejected();
    td_desc(&td, 0, 0, t, 0, VIRTQ_DESC_F_INDIRECT, 0);
    assert_rejected();
}

static void test_indirect_with_next(void **state)
{
    (void)state;
    uint64_t buf = td_alloc(&td, 64, 16);
    uint64_t t = indirect_table(2, buf);
    td_desc(&td, 0, 0, t, 32, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT, 1);
    td_desc(&td, 0, 1, buf, 8, VIRTQ_DESC_F_WRITE, 0);
    td_post(&td, 0, 0);
    assert_rejected();
}

static void test_indirect_loop_and_bad_index(void **state)
{
    (void)state;
    uint64_t buf = td_alloc(&td, 64, 16);
    uint64_t t = td_alloc(&td, 64, 16);
    td_desc_at(&td, t, 0, buf, 8, VIRTQ_DESC_F_NEXT, 1);
    td_desc_at(&td, t, 1, buf, 8, VIRTQ_DESC_F_NEXT, 0);
    td_desc(&td, 0, 0, t, 32, VIRTQ_DESC_F_INDIRECT, 0);
    td_post(&td, 0, 0);
    assert_rejected();
    /* next = 2 is inside the queue but past this two-entry table */
    td_desc_at(&td, t, 1, buf, 8, VIRTQ_DESC_F_NEXT, 2);
    assert_rejected();
}

static void test_avail_idx_too_far_ahead(void **state)
{
    (void)state;
    uint64_t buf = td_alloc(&td, 64, 16);
    for (unsigned i = 0; i < NUM; i++)
        td_desc(&td, 0, i, buf, 8, VIRTQ_DESC_F_WRITE, 0);
    td_wr(&td, td.q[0].avail + 2, NUM + 1, 2);
    assert_rejected();
    /* a full ring, exactly num ahead, is legal */
    td_wr(&td, td.q[0].avail + 2, NUM, 2);
    assert_int_equal(virtq_pop(&q, &td.bus, &chain), 1);
    /* seen from last_avail = 1, idx 0 is 65535 ahead, not behind: refused */
    td_wr(&td, td.q[0].avail + 2, 0, 2);
    assert_rejected();
}

static void test_head_past_queue(void **state)
{
    (void)state;
    td_post(&td, 0, NUM);
    assert_rejected();
    td_wr(&td, td.q[0].avail + 4, 0xffff, 2);
    assert_rejected();
}

static void test_rings_outside_ram(void **state)
{
    (void)state;
    assert_true(virtq_rings_ok(&q, &td.bus));
    VirtQueue bad = q;
    bad.desc = 0x1000;
    assert_false(virtq_rings_ok(&bad, &td.bus));
    assert_int_equal(virtq_pop(&bad, &td.bus, &chain), -1);
    bad = q;
    bad.avail = RAM_END - 8;       /* 4 + 2 * 8 bytes do not fit */
    assert_false(virtq_rings_ok(&bad, &td.bus));
    assert_int_equal(virtq_pop(&bad, &td.bus, &chain), -1);
    bad = q;
    bad.used = RAM_END - 16;
    assert_false(virtq_rings_ok(&bad, &td.bus));
    bad = q;
    bad.desc = 0xfffffffffffffff0ull;
    assert_false(virtq_rings_ok(&bad, &td.bus));
    /* misaligned rings (desc 16, avail 2, used 4) and bad sizes */
    bad = q;
    bad.desc += 8;
    assert_false(virtq_rings_ok(&bad, &td.bus));
    bad = q;
    bad.avail += 1;
    assert_false(virtq_rings_ok(&bad, &td.bus));
    bad = q;
    bad.used += 2;
    assert_false(virtq_rings_ok(&bad, &td.bus));
    bad = q;
    bad.num = 6;
    assert_false(virtq_rings_ok(&bad, &td.bus));
    bad.num = 2 * VIRTQ_MAX_SIZE;
    assert_false(virtq_rings_ok(&bad, &td.bus));
    bad.num = 0;
    assert_false(virtq_rings_ok(&bad, &td.bus));
}

static void test_push_to_used_outside_ram_writes_nothing(void **state)
{
    (void)state;
    VirtQueue bad = q;
    bad.used = RAM_END - 8;
    memcpy(snapshot, td.ram, RAM_SIZE);
    virtq_push(&bad, &td.bus, 0, 4);
    assert_memory_equal(snapshot, td.ram, RAM_SIZE);
}

/* ---- good chains ---- */

static void test_empty_and_not_ready(void **state)
{
    (void)state;
    assert_int_equal(virtq_pop(&q, &td.bus, &chain), 0);
    uint64_t buf = td_alloc(&td, 64, 16);
    TdBuf b = { buf, 8, true };
    td_chain(&td, 0, 0, 1, &b);
    q.ready = false;
    assert_int_equal(virtq_pop(&q, &td.bus, &chain), 0);
    q.ready = true;
    assert_int_equal(virtq_pop(&q, &td.bus, &chain), 1);
    assert_int_equal(virtq_pop(&q, &td.bus, &chain), 0);
}

static void test_direct_chain_read_write(void **state)
{
    (void)state;
    uint64_t r0 = td_alloc(&td, 5, 1), r1 = td_alloc(&td, 7, 1);
    uint64_t w0 = td_alloc(&td, 3, 1), w1 = td_alloc(&td, 10, 1);
    memcpy(td_host(&td, r0), "hello", 5);
    memcpy(td_host(&td, r1), ", world", 7);
    TdBuf b[4] = { { r0, 5, false }, { r1, 7, false }, { w0, 3, true }, { w1, 10, true } };
    td_chain(&td, 0, 4, 4, b);

    assert_int_equal(virtq_pop(&q, &td.bus, &chain), 1);
    assert_int_equal(chain.head, 4);
    assert_int_equal(chain.nseg, 4);
    assert_int_equal(chain.nread, 2);
    assert_int_equal(chain.read_bytes, 12);
    assert_int_equal(chain.write_bytes, 13);
    assert_ptr_equal(chain.seg[0].host, td_host(&td, r0));
    assert_ptr_equal(chain.seg[3].host, td_host(&td, w1));
    assert_false(chain.seg[1].device_writes);
    assert_true(chain.seg[2].device_writes);
    assert_int_equal(q.last_avail, 1);

    char out[32] = { 0 };
    assert_int_equal(virtq_read(&chain, 0, out, sizeof out), 12);
    assert_string_equal(out, "hello, world");
    memset(out, 0, sizeof out);
    assert_int_equal(virtq_read(&chain, 3, out, 4), 4);   /* across the segment boundary */
    assert_string_equal(out, "lo, ");
    assert_int_equal(virtq_read(&chain, 12, out, 4), 0);

    assert_int_equal(virtq_write(&chain, 1, "ABCDEFGHIJKLMNOP", 16), 12);
    assert_memory_equal(td_host(&td, w0), "\0AB", 3);
    assert_memory_equal(td_host(&td, w1), "CDEFGHIJKL", 10);

    virtq_push(&q, &td.bus, chain.head, 13);
    assert_int_equal(td_used_idx(&td, 0), 1);
    assert_int_equal(td_used_id(&td, 0, 0), 4);
    assert_int_equal(td_used_len(&td, 0, 0), 13);
    assert_int_equal(q.used_idx, 1);
}

static void test_indirect_chain(void **state)
{
    (void)state;
    uint64_t r = td_alloc(&td, 16, 16), w = td_alloc(&td, 16, 16);
    memcpy(td_host(&td, r), "indirect", 8);
    uint64_t t = td_alloc(&td, 48, 16);
    td_desc_at(&td, t, 0, r, 8, VIRTQ_DESC_F_NEXT, 2);
    td_desc_at(&td, t, 2, w, 4, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
    td_desc_at(&td, t, 1, w + 4, 4, VIRTQ_DESC_F_WRITE, 0);
    /* the WRITE flag on the indirect descriptor itself is ignored */
    td_desc(&td, 0, 6, t, 48, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_WRITE, 0);
    td_post(&td, 0, 6);
    assert_int_equal(virtq_pop(&q, &td.bus, &chain), 1);
    assert_int_equal(chain.head, 6);
    assert_int_equal(chain.nseg, 3);
    assert_int_equal(chain.nread, 1);
    assert_int_equal(chain.read_bytes, 8);
    assert_int_equal(chain.write_bytes, 8);
    char out[8];
    assert_int_equal(virtq_read(&chain, 0, out, 8), 8);
    assert_memory_equal(out, "indirect", 8);
    assert_int_equal(virtq_write(&chain, 0, "12345678", 8), 8);
    assert_memory_equal(td_host(&td, w), "12345678", 8);
}

static void test_direct_then_indirect(void **state)
{
    (void)state;
    /* an indirect descriptor may end a chain of direct ones */
    uint64_t r = td_alloc(&td, 16, 16), w = td_alloc(&td, 16, 16);
    uint64_t t = td_alloc(&td, 16, 16);
    td_desc_at(&td, t, 0, w, 16, VIRTQ_DESC_F_WRITE, 0);
    td_desc(&td, 0, 0, r, 16, VIRTQ_DESC_F_NEXT, 1);
    td_desc(&td, 0, 1, t, 16, VIRTQ_DESC_F_INDIRECT, 0);
    td_post(&td, 0, 0);
    assert_int_equal(virtq_pop(&q, &td.bus, &chain), 1);
    assert_int_equal(chain.nseg, 2);
    assert_int_equal(chain.nread, 1);
    assert_int_equal(chain.write_bytes, 16);
}

static void test_zero_length_descriptor_skipped(void **state)
{
    (void)state;
    uint64_t w = td_alloc(&td, 16, 16);
    td_desc(&td, 0, 0, 0xdead0000ull, 0, VIRTQ_DESC_F_NEXT, 1);   /* no bytes: address never used */
    td_desc(&td, 0, 1, w, 16, VIRTQ_DESC_F_WRITE, 0);
    td_post(&td, 0, 0);
    assert_int_equal(virtq_pop(&q, &td.bus, &chain), 1);
    assert_int_equal(chain.nseg, 1);
    assert_int_equal(chain.nread, 0);
    assert_int_equal(chain.write_bytes, 16);
}

static void test_index_wraparound(void **state)
{
    (void)state;
    uint64_t buf = td_alloc(&td, 64, 16);
    /* both sides start near the top of the 16-bit index space */
    q.last_avail = q.used_idx = 65534;
    td.q[0].avail_idx = 65534;
    td_wr(&td, td.q[0].avail + 2, 65534, 2);
    for (unsigned i = 0; i < 4; i++) {
        TdBuf b = { buf + 8 * i, 8, true };
        td_chain(&td, 0, i, 1, &b);
    }
    assert_int_equal(td_rd(&td, td.q[0].avail + 2, 2), 2);   /* 65534 + 4 */
    for (unsigned i = 0; i < 4; i++) {
        assert_int_equal(virtq_pop(&q, &td.bus, &chain), 1);
        assert_int_equal(chain.head, i);
        assert_ptr_equal(chain.seg[0].host, td_host(&td, buf + 8 * i));
        virtq_push(&q, &td.bus, chain.head, 8 + i);
    }
    assert_int_equal(virtq_pop(&q, &td.bus, &chain), 0);
    assert_int_equal(q.last_avail, 2);
    assert_int_equal(td_used_idx(&td, 0), 2);
    /* element for index 65534 sits at ring slot 65534 % 8 = 6 */
    assert_int_equal(td_used_id(&td, 0, 6), 0);
    assert_int_equal(td_used_len(&td, 0, 6), 8);
    assert_int_equal(td_used_id(&td, 0, 1), 3);
    assert_int_equal(td_used_len(&td, 0, 1), 11);
}

static void test_no_interrupt_flag(void **state)
{
    (void)state;
    assert_true(virtq_should_notify(&q, &td.bus));
    td_set_avail_flags(&td, 0, VIRTQ_AVAIL_F_NO_INTERRUPT);
    assert_false(virtq_should_notify(&q, &td.bus));
    td_set_avail_flags(&td, 0, 0);
    assert_true(virtq_should_notify(&q, &td.bus));
}

static void test_loop_in_big_queue_is_prompt(void **state)
{
    (void)state;
    /* a 1024-entry ring whose chain runs through every entry and loops:
     * refused after VIRTQ_MAX_SEGS descriptors, not after walking it all */
    use_queue(VIRTQ_MAX_SIZE);
    uint64_t buf = td_alloc(&td, 64, 16);
    for (unsigned i = 0; i < VIRTQ_MAX_SIZE; i++)
        td_desc(&td, 0, i, buf, 1, VIRTQ_DESC_F_NEXT, (uint16_t)((i + 1) % VIRTQ_MAX_SIZE));
    td_post(&td, 0, 0);
    assert_rejected();
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_addr_outside_ram),
        T(test_addr_len_wraps),
        T(test_len_crosses_ram_end),
        T(test_second_segment_outside_ram),
        T(test_next_index_past_queue),
        T(test_loop_two),
        T(test_self_loop),
        T(test_chain_longer_than_queue),
        T(test_chain_of_whole_queue_ok),
        T(test_too_many_segments_direct),
        T(test_max_segments_direct_ok),
        T(test_too_many_segments_indirect),
        T(test_max_segments_indirect_ok),
        T(test_too_many_bytes),
        T(test_max_bytes_ok),
        T(test_readable_after_writable),
        T(test_nested_indirect),
        T(test_indirect_table_outside_ram),
        T(test_indirect_bad_length),
        T(test_indirect_with_next),
        T(test_indirect_loop_and_bad_index),
        T(test_avail_idx_too_far_ahead),
        T(test_head_past_queue),
        T(test_rings_outside_ram),
        T(test_push_to_used_outside_ram_writes_nothing),
        T(test_empty_and_not_ready),
        T(test_direct_chain_read_write),
        T(test_indirect_chain),
        T(test_direct_then_indirect),
        T(test_zero_length_descriptor_skipped),
        T(test_index_wraparound),
        T(test_no_interrupt_flag),
        T(test_loop_in_big_queue_is_prompt),
    };
    return cmocka_run_group_tests_name("virtqueue", tests, NULL, NULL);
}
