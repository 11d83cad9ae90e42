/*
 * ferry - unit tests for virtio-blk (devices/virtio_blk.c) on temporary
 * image files, driven through the virtio-mmio transport.
 *
 * Expected behaviour (VIRTIO 1.1, 5.2; virtio_blk.h):
 *  - device id 2; features SEG_MAX (2), BLK_SIZE (6), FLUSH (9), and RO (5)
 *    when opened read-only; config: capacity in 512-byte sectors at 0,
 *    seg_max at 12, blk_size 512 at 20;
 *  - a request: {le32 type, le32 reserved, le64 sector} readable, then
 *    data, then the status byte as the last writable byte; however the
 *    driver splits it into descriptors;
 *  - IN (0) reads, OUT (1) writes, FLUSH (4) syncs, GET_ID (8) writes up
 *    to 20 bytes of serial (the image's file name); status OK 0, IOERR 1,
 *    UNSUPP 2 for other types; used length = data bytes written + 1;
 *  - OUT on a read-only disk, sectors past the end, or data that is not a
 *    whole number of sectors: IOERR;
 *  - no 16-byte header or no status byte: the device is broken
 *    (NEEDS_RESET, config interrupt), the request is not completed;
 *  - creation fails with a one-line error naming the file for a missing
 *    file, a directory, or a size that is not a multiple of 512.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../devices/virtio_blk.h"
#include "virtio_test_driver.h"

#define RAM_SIZE (1ull << 20)
#define SECTORS 64
#define QNUM 16

enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8, T_DISCARD = 11 };
enum { S_OK = 0, S_IOERR = 1, S_UNSUPP = 2 };

static TestDriver td;
static VirtioMmio *t;
static char path[64];
static int fd = -1;
static char err[256];

static uint8_t pattern(uint64_t sector, unsigned i)
{
    return (uint8_t)(sector * 7 + i);
}

/* an image of `bytes` bytes filled with pattern() */
static int make_image(size_t bytes)
{
    strcpy(path, "/tmp/ferry-blk-XXXXXX");
    fd = mkstemp(path);
    if (fd < 0)
        return -1;
    uint8_t *img = malloc(bytes ? bytes : 1);
    for (size_t i = 0; i < bytes; i++)
        img[i] = pattern(i / 512, i % 512);
    ssize_t w = write(fd, img, bytes);
    free(img);
    return w == (ssize_t)bytes ? 0 : -1;
}

static int open_device(bool ro)
{
    if (!td_init(&td, RAM_SIZE))
        return -1;
    t = virtio_blk_create(&td.bus, td_irq(&td), path, ro, err, sizeof err);
    if (!t || !td_attach(&td, t))
        return -1;
    return td_bringup(&td, ~0ull, 1, QNUM) ? 0 : -1;
}

static int setup_rw(void **state)
{
    (void)state;
    return make_image(SECTORS * 512) == 0 ? open_device(false) : -1;
}

static int setup_ro(void **state)
{
    (void)state;
    return make_image(SECTORS * 512) == 0 ? open_device(true) : -1;
}

static int teardown(void **state)
{
    (void)state;
    virtio_mmio_free(t);
    t = NULL;
    td_free(&td);
    if (fd >= 0)
        close(fd);
    fd = -1;
    unlink(path);
    return 0;
}

static uint64_t header(uint32_t type, uint64_t sector)
{
    uint64_t h = td_alloc(&td, 16, 16);
    td_wr(&td, h, type, 4);
    td_wr(&td, h + 4, 0, 4);
    td_wr(&td, h + 8, sector, 8);
    return h;
}

/* Post {header, data, status} as three descriptors at `first`, notify;
 * return the status byte (0xff: not completed). */
static uint8_t request(unsigned first, uint32_t type, uint64_t sector, uint64_t data, uint32_t len, bool data_write,
                       uint32_t *used_len)
{
    uint64_t st = td_alloc(&td, 1, 1);
    td_wr(&td, st, 0xff, 1);
    TdBuf b[3] = { { header(type, sector), 16, false }, { data, len, data_write }, { st, 1, true } };
    uint16_t before = td_used_idx(&td, 0);
    if (len)
        td_chain(&td, 0, first, 3, b);
    else
        td_chain(&td, 0, first, 2, (TdBuf[]){ b[0], b[2] });
    td_notify(&td, 0);
    if (td_used_idx(&td, 0) != (uint16_t)(before + 1))
        return 0xff;
    assert_int_equal(td_used_id(&td, 0, before), first);
    if (used_len)
        *used_len = td_used_len(&td, 0, before);
    return (uint8_t)td_rd(&td, st, 1);
}

static void test_config_and_features(void **state)
{
    (void)state;
    assert_int_equal(td_reg(&td, 0x008), 2);
    uint64_t f = td_device_features(&td);
    assert_true(f & (1ull << 2));
    assert_true(f & (1ull << 6));
    assert_true(f & (1ull << 9));
    assert_false(f & (1ull << 5));
    assert_true(f & VIRTIO_F_VERSION_1);
    assert_true(f & VIRTIO_RING_F_INDIRECT_DESC);
    assert_true(td_cfg(&td, 0, 8) == SECTORS);
    assert_int_equal(td_cfg(&td, 0, 4), SECTORS);      /* the low half, as Linux reads it */
    assert_int_equal(td_cfg(&td, 4, 4), 0);
    assert_int_equal(td_cfg(&td, 12, 4), VIRTQ_MAX_SEGS - 2);
    assert_int_equal(td_cfg(&td, 20, 4), 512);
}

static void test_read(void **state)
{
    (void)state;
    uint64_t data = td_alloc(&td, 1024, 16);
    uint32_t used;
    assert_int_equal(request(0, T_IN, 2, data, 1024, true, &used), S_OK);
    assert_int_equal(used, 1025);
    for (unsigned i = 0; i < 1024; i++)
        assert_int_equal(td_host(&td, data)[i], pattern(2 + i / 512, i % 512));
}

static void test_write_then_read(void **state)
{
    (void)state;
    uint64_t data = td_alloc(&td, 512, 16);
    memset(td_host(&td, data), 0xa5, 512);
    uint32_t used;
    assert_int_equal(request(0, T_OUT, 5, data, 512, false, &used), S_OK);
    assert_int_equal(used, 1);
    uint8_t back[512];
    assert_int_equal(pread(fd, back, 512, 5 * 512), 512);
    for (unsigned i = 0; i < 512; i++)
        assert_int_equal(back[i], 0xa5);
    /* neighbours untouched */
    assert_int_equal(pread(fd, back, 1, 6 * 512), 1);
    assert_int_equal(back[0], pattern(6, 0));

    uint64_t rd = td_alloc(&td, 512, 16);
    assert_int_equal(request(3, T_IN, 5, rd, 512, true, NULL), S_OK);
    assert_memory_equal(td_host(&td, rd), td_host(&td, data), 512);
}

static void test_flush_and_get_id(void **state)
{
    (void)state;
    assert_int_equal(request(0, T_FLUSH, 0, 0, 0, false, NULL), S_OK);
    uint64_t id = td_alloc(&td, 20, 1);
    memset(td_host(&td, id), 0x55, 20);
    uint32_t used;
    assert_int_equal(request(3, T_GET_ID, 0, id, 20, true, &used), S_OK);
    assert_int_equal(used, 21);
    const char *base = strrchr(path, '/') + 1;     /* "ferry-blk-XXXXXX": 16 bytes */
    assert_memory_equal(td_host(&td, id), base, strlen(base));
    for (size_t i = strlen(base); i < 20; i++)
        assert_int_equal(td_host(&td, id)[i], 0);
}

static void test_unsupported_type(void **state)
{
    (void)state;
    uint64_t data = td_alloc(&td, 512, 16);
    assert_int_equal(request(0, T_DISCARD, 0, data, 16, false, NULL), S_UNSUPP);
    assert_int_equal(request(3, 0x12345, 0, 0, 0, false, NULL), S_UNSUPP);
}

static void test_out_of_range(void **state)
{
    (void)state;
    uint64_t data = td_alloc(&td, 1024, 16);
    assert_int_equal(request(0, T_IN, SECTORS, data, 512, true, NULL), S_IOERR);
    assert_int_equal(request(3, T_IN, SECTORS - 1, data, 1024, true, NULL), S_IOERR);
    assert_int_equal(request(6, T_OUT, SECTORS - 1, data, 1024, false, NULL), S_IOERR);
    /* a sector number whose byte offset would overflow */
    assert_int_equal(request(9, T_IN, 1ull << 63, data, 512, true, NULL), S_IOERR);
    assert_int_equal(request(12, T_IN, ~0ull, data, 512, true, NULL), S_IOERR);
    /* the last sector itself is fine */
    assert_int_equal(request(0, T_IN, SECTORS - 1, data, 512, true, NULL), S_OK);
    assert_int_equal(td_host(&td, data)[0], pattern(SECTORS - 1, 0));
}

static void test_partial_sector_is_ioerr(void **state)
{
    (void)state;
    uint64_t data = td_alloc(&td, 1024, 16);
    assert_int_equal(request(0, T_IN, 0, data, 100, true, NULL), S_IOERR);
    assert_int_equal(request(3, T_OUT, 0, data, 513, false, NULL), S_IOERR);
}

static void test_any_descriptor_layout(void **state)
{
    (void)state;
    /* OUT: header and data in one readable buffer */
    uint64_t req = td_alloc(&td, 16 + 512, 16);
    td_wr(&td, req, T_OUT, 4);
    td_wr(&td, req + 8, 7, 8);
    memset(td_host(&td, req + 16), 0x3c, 512);
    uint64_t st = td_alloc(&td, 1, 1);
    TdBuf out[2] = { { req, 16 + 512, false }, { st, 1, true } };
    td_chain(&td, 0, 0, 2, out);
    td_notify(&td, 0);
    assert_int_equal(td_used_idx(&td, 0), 1);
    assert_int_equal(td_rd(&td, st, 1), S_OK);
    uint8_t back[512];
    assert_int_equal(pread(fd, back, 512, 7 * 512), 512);
    assert_int_equal(back[0], 0x3c);
    assert_int_equal(back[511], 0x3c);

    /* IN: data split in two, the status byte at the end of the second */
    uint64_t a = td_alloc(&td, 200, 16), b = td_alloc(&td, 313, 16);
    TdBuf in[3] = { { header(T_IN, 1), 16, false }, { a, 200, true }, { b, 313, true } };
    td_chain(&td, 0, 4, 3, in);
    td_notify(&td, 0);
    assert_int_equal(td_used_idx(&td, 0), 2);
    assert_int_equal(td_used_len(&td, 0, 1), 513);
    assert_int_equal(td_rd(&td, b + 312, 1), S_OK);
    assert_int_equal(td_host(&td, a)[0], pattern(1, 0));
    assert_int_equal(td_host(&td, a)[199], pattern(1, 199));
    assert_int_equal(td_host(&td, b)[0], pattern(1, 200));
    assert_int_equal(td_host(&td, b)[311], pattern(1, 511));
}

static void test_indirect_request(void **state)
{
    (void)state;
    uint64_t data = td_alloc(&td, 512, 16), st = td_alloc(&td, 1, 1);
    uint64_t tbl = td_alloc(&td, 48, 16);
    td_desc_at(&td, tbl, 0, header(T_IN, 9), 16, VIRTQ_DESC_F_NEXT, 1);
    td_desc_at(&td, tbl, 1, data, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    td_desc_at(&td, tbl, 2, st, 1, VIRTQ_DESC_F_WRITE, 0);
    td_desc(&td, 0, 5, tbl, 48, VIRTQ_DESC_F_INDIRECT, 0);
    td_post(&td, 0, 5);
    td_notify(&td, 0);
    assert_int_equal(td_used_idx(&td, 0), 1);
    assert_int_equal(td_used_id(&td, 0, 0), 5);
    assert_int_equal(td_rd(&td, st, 1), S_OK);
    assert_int_equal(td_host(&td, data)[100], pattern(9, 100));
}

static void test_many_requests_one_notify(void **state)
{
    (void)state;
    uint64_t st[3], data[3];
    for (unsigned i = 0; i < 3; i++) {
        data[i] = td_alloc(&td, 512, 16);
        st[i] = td_alloc(&td, 1, 1);
        TdBuf b[3] = { { header(T_IN, 10 + i), 16, false }, { data[i], 512, true }, { st[i], 1, true } };
        td_chain(&td, 0, 3 * i, 3, b);
    }
    td_notify(&td, 0);
    assert_int_equal(td_used_idx(&td, 0), 3);
    for (unsigned i = 0; i < 3; i++) {
        assert_int_equal(td_used_id(&td, 0, i), 3 * i);
        assert_int_equal(td_rd(&td, st[i], 1), S_OK);
        assert_int_equal(td_host(&td, data[i])[0], pattern(10 + i, 0));
    }
    assert_true(td.irq_level);
    assert_int_equal(td_ack(&td), VIRTIO_INT_USED);
    assert_false(td.irq_level);
}

static void assert_broken(uint16_t used_before)
{
    assert_true(td_reg(&td, 0x070) & VIRTIO_STATUS_NEEDS_RESET);
    assert_true(td_reg(&td, 0x060) & VIRTIO_INT_CONFIG);
    assert_int_equal(td_used_idx(&td, 0), used_before);
}

static void test_short_header_breaks_device(void **state)
{
    (void)state;
    uint64_t h = header(T_IN, 0), st = td_alloc(&td, 1, 1);
    TdBuf b[2] = { { h, 8, false }, { st, 1, true } };
    td_chain(&td, 0, 0, 2, b);
    td_notify(&td, 0);
    assert_broken(0);
    /* nothing more is served until reset */
    uint64_t data = td_alloc(&td, 512, 16);
    assert_int_equal(request(3, T_IN, 0, data, 512, true, NULL), 0xff);
}

static void test_no_status_byte_breaks_device(void **state)
{
    (void)state;
    uint64_t data = td_alloc(&td, 512, 16);
    TdBuf b[2] = { { header(T_OUT, 0), 16, false }, { data, 512, false } };
    td_chain(&td, 0, 0, 2, b);
    td_notify(&td, 0);
    assert_broken(0);
}

static void test_hostile_chain_breaks_device_then_reset(void **state)
{
    (void)state;
    td_desc(&td, 0, 0, header(T_IN, 0), 16, VIRTQ_DESC_F_NEXT, 0);   /* self-loop */
    td_post(&td, 0, 0);
    td_notify(&td, 0);
    assert_broken(0);
    /* the driver resets and starts over */
    td_set_reg(&td, 0x070, 0);
    assert_int_equal(td_reg(&td, 0x060), 0);
    assert_false(td.irq_level);
    assert_true(td_bringup(&td, ~0ull, 1, QNUM));
    uint64_t data = td_alloc(&td, 512, 16);
    assert_int_equal(request(0, T_IN, 3, data, 512, true, NULL), S_OK);
    assert_int_equal(td_host(&td, data)[0], pattern(3, 0));
}

static void test_save_load(void **state)
{
    (void)state;
    uint64_t data = td_alloc(&td, 512, 16);
    assert_int_equal(request(0, T_IN, 0, data, 512, true, NULL), S_OK);
    SaveBuf sb = { 0 };
    virtio_mmio_ops.save(t, &sb);
    assert_false(sb.error);
    /* continue, then go back to the snapshot */
    assert_int_equal(request(3, T_IN, 1, data, 512, true, NULL), S_OK);
    assert_int_equal(t->queue[0].last_avail, 2);
    assert_true(virtio_mmio_ops.load(t, &sb));
    assert_int_equal(t->queue[0].last_avail, 1);
    assert_int_equal(t->queue[0].used_idx, 1);
    assert_true(virtio_mmio_live(t));
    savebuf_free(&sb);
}

/* ---- read-only ---- */

static void test_read_only(void **state)
{
    (void)state;
    assert_true(td_device_features(&td) & (1ull << 5));
    assert_true(t->driver_features & (1ull << 5));
    uint64_t data = td_alloc(&td, 512, 16);
    memset(td_host(&td, data), 0xee, 512);
    assert_int_equal(request(0, T_OUT, 0, data, 512, false, NULL), S_IOERR);
    uint8_t back;
    assert_int_equal(pread(fd, &back, 1, 0), 1);
    assert_int_equal(back, pattern(0, 0));
    assert_int_equal(request(3, T_IN, 4, data, 512, true, NULL), S_OK);
    assert_int_equal(td_host(&td, data)[0], pattern(4, 0));
    assert_int_equal(request(6, T_FLUSH, 0, 0, 0, false, NULL), S_OK);
}

/* ---- creation errors (no device set up) ---- */

static void test_size_not_multiple_of_512(void **state)
{
    (void)state;
    assert_int_equal(make_image(1000), 0);
    Bus bus = { 0 };
    err[0] = 0;
    assert_null(virtio_blk_create(&bus, (IrqLine){ 0 }, path, false, err, sizeof err));
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "1000"));
    assert_non_null(strstr(err, "512"));
    assert_null(strchr(err, '\n'));
    close(fd);
    fd = -1;
    unlink(path);
}

static void test_missing_file_and_directory(void **state)
{
    (void)state;
    Bus bus = { 0 };
    err[0] = 0;
    assert_null(virtio_blk_create(&bus, (IrqLine){ 0 }, "/tmp/ferry-no-such-image.img", true, err, sizeof err));
    assert_non_null(strstr(err, "/tmp/ferry-no-such-image.img"));
    assert_non_null(strstr(err, "No such file"));
    err[0] = 0;
    assert_null(virtio_blk_create(&bus, (IrqLine){ 0 }, "/tmp", true, err, sizeof err));
    assert_non_null(strstr(err, "/tmp"));
    assert_non_null(strstr(err, "directory"));
    err[0] = 0;
    assert_null(virtio_blk_create(&bus, (IrqLine){ 0 }, "/tmp", false, err, sizeof err));
    assert_non_null(strstr(err, "directory"));
}

static void test_empty_image_has_no_sectors(void **state)
{
    (void)state;
    assert_int_equal(make_image(0), 0);
    assert_int_equal(open_device(false), 0);
    assert_true(td_cfg(&td, 0, 8) == 0);
    uint64_t data = td_alloc(&td, 512, 16);
    assert_int_equal(request(0, T_IN, 0, data, 512, true, NULL), S_IOERR);
}

#define RW(f) cmocka_unit_test_setup_teardown(f, setup_rw, teardown)
#define RO(f) cmocka_unit_test_setup_teardown(f, setup_ro, teardown)
#define NONE(f) cmocka_unit_test_teardown(f, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        RW(test_config_and_features),
        RW(test_read),
        RW(test_write_then_read),
        RW(test_flush_and_get_id),
        RW(test_unsupported_type),
        RW(test_out_of_range),
        RW(test_partial_sector_is_ioerr),
        RW(test_any_descriptor_layout),
        RW(test_indirect_request),
        RW(test_many_requests_one_notify),
        RW(test_short_header_breaks_device),
        RW(test_no_status_byte_breaks_device),
        RW(test_hostile_chain_breaks_device_then_reset),
        RW(test_save_load),
        RO(test_read_only),
        NONE(test_size_not_multiple_of_512),
        NONE(test_missing_file_and_directory),
        NONE(test_empty_image_has_no_sectors),
    };
    return cmocka_run_group_tests_name("virtio_blk", tests, NULL, NULL);
}
