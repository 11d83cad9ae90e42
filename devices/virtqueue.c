/*
 * Split virtqueues as the device side sees them; see virtqueue.h.
 *
 * The driver is untrusted: every ring and buffer address goes through
 * bus_ram (which checks the whole range, including wrap-around) before it
 * is touched, and every loop over descriptors is bounded by VIRTQ_MAX_SEGS,
 * so a hostile chain costs at most a few hundred descriptor reads.
 *
 * Guest memory is accessed with memcpy (no alignment assumed) except for
 * the two indices the driver and device hand over: avail->idx is read with
 * acquire (the ring entries and descriptors it publishes are read after it)
 * and used->idx is written with release (the used element is visible
 * before the index that publishes it).
 */
#include "virtqueue.h"

#include <endian.h>
#include <string.h>

#define DESC_SIZE 16

/* avail: flags, idx, ring[num]; used: flags, idx, ring[num] of {id, len}.
 * The trailing event words exist only with VIRTIO_F_EVENT_IDX, which ferry
 * does not offer, so they are neither needed nor checked. */
static uint64_t avail_bytes(uint32_t num) { return 4 + 2ull * num; }
static uint64_t used_bytes(uint32_t num) { return 4 + 8ull * num; }

static uint16_t rd16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return le16toh(v);
}

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return le32toh(v);
}

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return le64toh(v);
}

static void wr32(uint8_t *p, uint32_t v)
{
    v = htole32(v);
    memcpy(p, &v, 4);
}

/* The 16-bit ring indices. Atomic access needs an aligned host address;
 * the rings are aligned in guest physical memory (virtq_rings_ok), but a
 * RAM region's host buffer might not be, so fall back to a plain copy
 * bracketed by fences then. */
static uint16_t load_acquire16(const uint8_t *p)
{
    uint16_t v;
    if (((uintptr_t)p & 1) == 0) {
        v = __atomic_load_n((const uint16_t *)(const void *)p, __ATOMIC_ACQUIRE);
    } else {
        memcpy(&v, p, 2);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    }
    return le16toh(v);
}

static void store_release16(uint8_t *p, uint16_t v)
{
    v = htole16(v);
    if (((uintptr_t)p & 1) == 0) {
        __atomic_store_n((uint16_t *)(void *)p, v, __ATOMIC_RELEASE);
    } else {
        __atomic_thread_fence(__ATOMIC_RELEASE);
        memcpy(p, &v, 2);
    }
}

static bool num_ok(uint32_t num)
{
    return num != 0 && num <= VIRTQ_MAX_SIZE && (num & (num - 1)) == 0;
}

bool virtq_rings_ok(const VirtQueue *q, const Bus *bus)
{
    /* VIRTIO 1.1 2.6: descriptor table 16-aligned, avail 2, used 4 */
    if (!num_ok(q->num) || (q->desc & 15) || (q->avail & 1) || (q->used & 3))
        return false;
    return bus_ram(bus, q->desc, (uint64_t)DESC_SIZE * q->num) && bus_ram(bus, q->avail, avail_bytes(q->num)) &&
           bus_ram(bus, q->used, used_bytes(q->num));
}

typedef struct Desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
} Desc;

static Desc read_desc(const uint8_t *table, uint32_t i)
{
    const uint8_t *p = table + (size_t)i * DESC_SIZE;
    return (Desc){ .addr = rd64(p), .len = rd32(p + 8), .flags = rd16(p + 12), .next = rd16(p + 14) };
}

/* Walk the chain starting at `head` of the descriptor table; -1 on any rule
 * broken. Each table (the ring's, then at most one indirect table) is
 * walked at most `size` steps, so a loop inside a table is caught there;
 * the descriptor count over both is capped at VIRTQ_MAX_SEGS. */
static int walk_chain(const Bus *bus, const uint8_t *ring_table, uint32_t num, uint16_t head, VirtqChain *out)
{
    const uint8_t *table = ring_table;
    uint32_t size = num, steps = 0, idx = head;
    bool indirect = false, seen_write = false;
    unsigned ndesc = 0;

    out->head = head;
    out->nseg = out->nread = 0;
    out->read_bytes = out->write_bytes = 0;

    for (;;) {
        if (idx >= size || ++steps > size)
            return -1;                  /* index past the table, or a loop */
        Desc d = read_desc(table, idx);

        if (d.flags & VIRTQ_DESC_F_INDIRECT) {
            /* no nesting; the indirect descriptor ends the outer chain (spec:
             * INDIRECT and NEXT never together); its WRITE flag is ignored */
            if (indirect || (d.flags & VIRTQ_DESC_F_NEXT) || d.len == 0 || d.len % DESC_SIZE)
                return -1;
            const uint8_t *t = bus_ram(bus, d.addr, d.len);
            if (!t)
                return -1;
            table = t;
            size = d.len / DESC_SIZE;
            steps = 0;
            idx = 0;
            indirect = true;
            continue;
        }

        if (++ndesc > VIRTQ_MAX_SEGS)
            return -1;
        bool w = (d.flags & VIRTQ_DESC_F_WRITE) != 0;
        if (!w && seen_write)
            return -1;                  /* readable after writable */
        seen_write |= w;
        /* a zero-length descriptor carries no bytes: nothing to map or copy */
        if (d.len) {
            uint8_t *host = bus_ram(bus, d.addr, d.len);
            if (!host)
                return -1;
            uint64_t *total = w ? &out->write_bytes : &out->read_bytes;
            if (out->read_bytes + out->write_bytes + d.len > VIRTQ_MAX_BYTES)
                return -1;
            *total += d.len;
            out->seg[out->nseg++] = (VirtqSeg){ .host = host, .len = d.len, .device_writes = w };
            if (!w)
                out->nread = out->nseg;
        }
        if (!(d.flags & VIRTQ_DESC_F_NEXT))
            return 1;
        idx = d.next;
    }
}

int virtq_pop(VirtQueue *q, const Bus *bus, VirtqChain *out)
{
    if (!q->ready)
        return 0;
    if (!num_ok(q->num))
        return -1;
    const uint8_t *avail = bus_ram(bus, q->avail, avail_bytes(q->num));
    const uint8_t *table = bus_ram(bus, q->desc, (uint64_t)DESC_SIZE * q->num);
    if (!avail || !table)
        return -1;

    /* acquire: the ring entry and the descriptors were written before idx */
    uint16_t avail_idx = load_acquire16(avail + 2);
    uint16_t pending = (uint16_t)(avail_idx - q->last_avail);
    if (pending == 0)
        return 0;
    if (pending > q->num)
        return -1;                      /* the driver cannot have more out than the ring holds */

    uint16_t head = rd16(avail + 4 + 2 * (size_t)(q->last_avail % q->num));
    if (head >= q->num)
        return -1;
    int r = walk_chain(bus, table, q->num, head, out);
    if (r == 1)
        q->last_avail++;
    return r;
}

void virtq_push(VirtQueue *q, const Bus *bus, uint16_t head, uint32_t written)
{
    if (!num_ok(q->num))
        return;
    uint8_t *used = bus_ram(bus, q->used, used_bytes(q->num));
    if (!used)
        return;
    uint8_t *elem = used + 4 + 8 * (size_t)(q->used_idx % q->num);
    wr32(elem, head);
    wr32(elem + 4, written);
    q->used_idx++;
    /* release: the element is visible before the index that publishes it */
    store_release16(used + 2, q->used_idx);
}

bool virtq_should_notify(const VirtQueue *q, const Bus *bus)
{
    if (!num_ok(q->num))
        return false;
    const uint8_t *avail = bus_ram(bus, q->avail, avail_bytes(q->num));
    if (!avail)
        return false;
    /* the used idx store must be ordered before reading the driver's flag,
     * or a driver that just re-enabled interrupts could miss this one */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return !(rd16(avail) & VIRTQ_AVAIL_F_NO_INTERRUPT);
}

/* Copy between buf and segs[first, last) starting `offset` bytes in. */
static size_t copy_segs(const VirtqChain *c, unsigned first, unsigned last, size_t offset, uint8_t *buf,
                        size_t len, bool to_guest)
{
    size_t done = 0;
    for (unsigned i = first; i < last && done < len; i++) {
        const VirtqSeg *s = &c->seg[i];
        if (offset >= s->len) {
            offset -= s->len;
            continue;
        }
        size_t n = s->len - offset;
        if (n > len - done)
            n = len - done;
        if (to_guest)
            memcpy(s->host + offset, buf + done, n);
        else
            memcpy(buf + done, s->host + offset, n);
        done += n;
        offset = 0;
    }
    return done;
}

size_t virtq_read(const VirtqChain *c, size_t offset, void *buf, size_t len)
{
    return copy_segs(c, 0, c->nread, offset, buf, len, false);
}

size_t virtq_write(const VirtqChain *c, size_t offset, const void *buf, size_t len)
{
    return copy_segs(c, c->nread, c->nseg, offset, (uint8_t *)(uintptr_t)buf, len, true);
}
