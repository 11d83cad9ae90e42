/*
 * virtio-blk backed by a raw image file (VIRTIO 1.1, 5.2); see virtio_blk.h.
 *
 * Requests are served synchronously when the driver notifies the queue:
 * pread/pwrite straight between the image and the chain's checked host
 * pointers. A request is {type, reserved, sector} in the readable part,
 * then data, then one status byte as the last writable byte; the device
 * never assumes how the driver split that into descriptors.
 */
#include "virtio_blk.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECTOR 512u
#define ID_BYTES 20               /* VIRTIO_BLK_ID_BYTES */
#define HDR_BYTES 16
#define CONFIG_BYTES 60           /* virtio_blk_config up to write_zeroes_may_unmap */

enum { F_SEG_MAX = 2, F_RO = 5, F_BLK_SIZE = 6, F_FLUSH = 9 };
enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8 };
enum { S_OK = 0, S_IOERR = 1, S_UNSUPP = 2 };

/* header and status byte take two of the chain's segments */
#define SEG_MAX (VIRTQ_MAX_SEGS - 2)
#define QUEUE_MAX 256

typedef struct VirtioBlk {
    int fd;
    bool read_only;
    uint64_t sectors;
    char id[ID_BYTES];            /* NUL-padded, not terminated when 20 long */
    VirtqChain chain;             /* too big for the stack of a deep caller */
} VirtioBlk;

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void blk_config_read(void *dev, uint32_t off, void *buf, unsigned size)
{
    VirtioBlk *b = dev;
    uint8_t cfg[CONFIG_BYTES] = { 0 };
    put_le(cfg + 0, b->sectors, 8);     /* capacity */
    put_le(cfg + 12, SEG_MAX, 4);       /* seg_max */
    put_le(cfg + 20, SECTOR, 4);        /* blk_size */
    memcpy(buf, cfg + off, size);
}

/* Move `len` bytes between the image at `pos` and segs[first, last) of the
 * chain, starting `skip` bytes into those segments. */
static bool seg_io(VirtioBlk *b, unsigned first, unsigned last, uint64_t skip, uint64_t len, uint64_t pos,
                   bool to_guest)
{
    const VirtqChain *c = &b->chain;
    for (unsigned i = first; i < last && len; i++) {
        const VirtqSeg *s = &c->seg[i];
        if (skip >= s->len) {
            skip -= s->len;
            continue;
        }
        uint8_t *p = s->host + skip;
        uint64_t n = s->len - skip;
        if (n > len)
            n = len;
        skip = 0;
        len -= n;
        while (n) {
            ssize_t r = to_guest ? pread(b->fd, p, n, (off_t)pos) : pwrite(b->fd, p, n, (off_t)pos);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                return false;           /* I/O error, or the image shrank under us */
            p += r;
            pos += (uint64_t)r;
            n -= (uint64_t)r;
        }
    }
    return len == 0;
}

static bool in_range(const VirtioBlk *b, uint64_t sector, uint64_t bytes)
{
    return bytes % SECTOR == 0 && sector <= b->sectors && bytes / SECTOR <= b->sectors - sector;
}

/* Serve the chain; returns the status byte and sets *data to the bytes
 * written into the data part. */
static uint8_t serve(VirtioBlk *b, uint32_t type, uint64_t sector, uint32_t *data)
{
    const VirtqChain *c = &b->chain;
    uint64_t in_len = c->write_bytes - 1;        /* writable bytes before the status */
    uint64_t out_len = c->read_bytes - HDR_BYTES;
    *data = 0;
    switch (type) {
    case T_IN:
        if (!in_range(b, sector, in_len) ||
            !seg_io(b, c->nread, c->nseg, 0, in_len, sector * SECTOR, true))
            return S_IOERR;
        *data = (uint32_t)in_len;
        return S_OK;
    case T_OUT:
        if (b->read_only || !in_range(b, sector, out_len) ||
            !seg_io(b, 0, c->nread, HDR_BYTES, out_len, sector * SECTOR, false))
            return S_IOERR;
        return S_OK;
    case T_FLUSH:
        return b->read_only || fsync(b->fd) == 0 ? S_OK : S_IOERR;
    case T_GET_ID: {
        size_t n = in_len < ID_BYTES ? (size_t)in_len : ID_BYTES;
        *data = (uint32_t)virtq_write(c, 0, b->id, n);
        return S_OK;
    }
    default:
        return S_UNSUPP;
    }
}

static void blk_queue_notify(void *dev, VirtioMmio *t, unsigned q)
{
    VirtioBlk *b = dev;
    VirtQueue *vq = q == 0 ? virtio_mmio_queue(t, 0) : NULL;
    VirtqChain *c = &b->chain;
    /* no cap on the loop: each pop consumes a ring entry the driver posted,
     * and requests left behind would wait for a notify that never comes */
    while (vq) {
        int r = virtq_pop(vq, t->bus, c);
        if (r == 0)
            return;
        if (r < 0) {
            virtio_mmio_broken(t, "bad descriptor chain on the request queue");
            return;
        }
        uint8_t hdr[HDR_BYTES];
        if (c->write_bytes < 1 || virtq_read(c, 0, hdr, HDR_BYTES) != HDR_BYTES) {
            virtio_mmio_broken(t, "request without a header or a status byte");
            return;
        }
        uint32_t type = (uint32_t)hdr[0] | (uint32_t)hdr[1] << 8 | (uint32_t)hdr[2] << 16 | (uint32_t)hdr[3] << 24;
        uint64_t sector = 0;
        for (int i = 7; i >= 0; i--)
            sector = sector << 8 | hdr[8 + i];
        uint32_t data;
        uint8_t status = serve(b, type, sector, &data);
        virtq_write(c, c->write_bytes - 1, &status, 1);
        virtio_mmio_complete(t, 0, c->head, data + 1);
    }
}

static void blk_reset(void *dev)
{
    (void)dev;   /* no device state beyond the transport's */
}

static void blk_save(void *dev, SaveBuf *out)
{
    VirtioBlk *b = dev;
    save_tag(out, "VBLK", 1);
    save_u64(out, b->sectors);
    save_u32(out, b->read_only);
}

/* The image stays open; the snapshot must describe the same disk. */
static bool blk_load(void *dev, SaveBuf *in)
{
    VirtioBlk *b = dev;
    if (!load_tag(in, "VBLK", 1))
        return false;
    uint64_t sectors = load_u64(in);
    bool ro = load_u32(in) != 0;
    return !in->error && sectors == b->sectors && ro == b->read_only;
}

static void blk_free(void *dev)
{
    VirtioBlk *b = dev;
    close(b->fd);
    free(b);
}

#define BLK_OPS(feat)                                                                                          \
    {                                                                                                          \
        .name = "virtio-blk", .device_id = VIRTIO_ID_BLOCK, .features = (feat), .nqueues = 1,                  \
        .queue_max = QUEUE_MAX, .config_size = CONFIG_BYTES, .config_read = blk_config_read,                   \
        .queue_notify = blk_queue_notify, .reset = blk_reset, .save = blk_save, .load = blk_load,              \
        .free = blk_free,                                                                                      \
    }
#define BLK_FEATURES (1ull << F_SEG_MAX | 1ull << F_BLK_SIZE | 1ull << F_FLUSH)
static const VirtioDeviceOps blk_rw_ops = BLK_OPS(BLK_FEATURES);
static const VirtioDeviceOps blk_ro_ops = BLK_OPS(BLK_FEATURES | 1ull << F_RO);

/* Open and size the image; -1 with the reason in err. */
static int open_image(const char *path, bool read_only, uint64_t *size, char *err, size_t errlen)
{
    int fd = open(path, (read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "disk image %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    const char *why = NULL;
    off_t end = -1;
    if (fstat(fd, &st) != 0)
        why = strerror(errno);
    else if (S_ISDIR(st.st_mode))
        why = "is a directory";
    else if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
        why = "not a regular file or block device";
    else if ((end = lseek(fd, 0, SEEK_END)) < 0)   /* also sizes block devices */
        why = strerror(errno);
    if (!why && end % SECTOR) {
        snprintf(err, errlen, "disk image %s: size %jd bytes is not a multiple of 512", path, (intmax_t)end);
        close(fd);
        return -1;
    }
    if (why) {
        snprintf(err, errlen, "disk image %s: %s", path, why);
        close(fd);
        return -1;
    }
    *size = (uint64_t)end;
    return fd;
}

VirtioMmio *virtio_blk_create(const Bus *bus, IrqLine irq, const char *path, bool read_only, char *err,
                              size_t errlen)
{
    uint64_t size;
    int fd = open_image(path, read_only, &size, err, errlen);
    if (fd < 0)
        return NULL;
    VirtioBlk *b = calloc(1, sizeof *b);
    VirtioMmio *t = b ? virtio_mmio_new(bus, irq, read_only ? &blk_ro_ops : &blk_rw_ops, b) : NULL;
    if (!t) {
        snprintf(err, errlen, "disk image %s: out of memory", path);
        free(b);
        close(fd);
        return NULL;
    }
    b->fd = fd;
    b->read_only = read_only;
    b->sectors = size / SECTOR;
    /* the serial number the guest sees (/sys/block/vda/serial): the image's
     * file name, cut to 20 bytes */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    memcpy(b->id, base, n < ID_BYTES ? n : ID_BYTES);   /* calloc left the padding zero */
    return t;
}
