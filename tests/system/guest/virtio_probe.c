/*
 * virtio-mmio (VIRTIO 1.1, 4.2.2-4.2.3) and virtio-blk (5.2): scan the 8
 * slots, print `sys: slot I id N` for each present device, check each is in
 * the device tree with interrupt 1 + slot, then drive the first block
 * device: initialise it (3.1.1), read its capacity from config space, and
 * run real requests through queue 0 with one 3-descriptor chain each: read
 * sector 0 (the runner's disk is all zeros), write sector 1 with a pattern,
 * read it back. The runner checks the image file's bytes 512..1023 after.
 */
#include "rt.h"

#define SLOTS 8
#define SLOT(i) (VIRTIO_BASE + 0x1000ul * (i))

#define MMIO_MAGIC 0x000
#define MMIO_VERSION 0x004
#define MMIO_DEVICE_ID 0x008
#define MMIO_DEVICE_FEATURES 0x010
#define MMIO_DEVICE_FEATURES_SEL 0x014
#define MMIO_DRIVER_FEATURES 0x020
#define MMIO_DRIVER_FEATURES_SEL 0x024
#define MMIO_QUEUE_SEL 0x030
#define MMIO_QUEUE_NUM_MAX 0x034
#define MMIO_QUEUE_NUM 0x038
#define MMIO_QUEUE_READY 0x044
#define MMIO_QUEUE_NOTIFY 0x050
#define MMIO_INTERRUPT_STATUS 0x060
#define MMIO_INTERRUPT_ACK 0x064
#define MMIO_STATUS 0x070
#define MMIO_QUEUE_DESC 0x080
#define MMIO_QUEUE_DRIVER 0x090
#define MMIO_QUEUE_DEVICE 0x0a0
#define MMIO_CONFIG_GENERATION 0x0fc
#define MMIO_CONFIG 0x100

#define MAGIC 0x74726976u /* "virt" */
#define ID_BLOCK 2

#define S_ACKNOWLEDGE 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8
#define S_FAILED 128

#define F_VERSION_1_HIGH (1u << 0) /* feature bit 32 */

#define DESC_F_NEXT 1
#define DESC_F_WRITE 2

#define BLK_T_IN 0
#define BLK_T_OUT 1
#define BLK_S_OK 0

#define PLIC_PRIORITY(id) (PLIC_BASE + 4 * (id))
#define PLIC_PENDING0 (PLIC_BASE + 0x1000)
#define PLIC_ENABLE_CTX1 (PLIC_BASE + 0x2080)
#define PLIC_THRESHOLD_CTX1 (PLIC_BASE + 0x201000)

#define QSIZE 8
#define SECTOR 512

struct virtq_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};
struct virtq_avail {
    uint16_t flags;
    uint16_t idx;
    uint16_t ring[QSIZE];
    uint16_t used_event;
};
struct virtq_used_elem {
    uint32_t id;
    uint32_t len;
};
struct virtq_used {
    uint16_t flags;
    uint16_t idx;
    struct virtq_used_elem ring[QSIZE];
    uint16_t avail_event;
};
struct blk_req {
    uint32_t type;
    uint32_t reserved;
    uint64_t sector;
};

static struct virtq_desc desc[QSIZE] __attribute__((aligned(16)));
static struct virtq_avail avail __attribute__((aligned(2)));
static struct virtq_used used __attribute__((aligned(4)));
static struct blk_req req;
static uint8_t data[SECTOR] __attribute__((aligned(16)));
static volatile uint8_t status;

static uint32_t rd(uintptr_t slot, unsigned reg) { return mmio_read32(slot + reg); }
static void wr(uintptr_t slot, unsigned reg, uint32_t v) { mmio_write32(slot + reg, v); }

static void fence(void) { __asm__ volatile("fence rw, rw" : : : "memory"); }

/* Is the slot's register window there at all? Absent slots may fault (ferry
 * maps only what it has) or read device id 0 (QEMU). */
static bool slot_readable(uintptr_t slot, uint32_t *magic)
{
    trap_reset();
    uint32_t v = rd(slot, MMIO_MAGIC);
    if (traps.count != 0)
        return false;
    *magic = v;
    return true;
}

static int scan(unsigned long dtb)
{
    int block = -1;
    unsigned absent_faulting = 0, absent_zero = 0, in_dtb = 0, present = 0;
    for (unsigned i = 0; i < SLOTS; i++) {
        uintptr_t slot = SLOT(i);
        uint32_t magic = 0;
        if (!slot_readable(slot, &magic)) {
            absent_faulting++;
            continue;
        }
        uint32_t version = rd(slot, MMIO_VERSION), id = rd(slot, MMIO_DEVICE_ID);
        if (magic != MAGIC || id == 0) {
            absent_zero++;
            continue;
        }
        present++;
        rt_printf("sys: slot %u id %u\n", i, id);
        checkf(version == 2, "virtio: version 2 (modern)", "slot %u version %u", i, version);
        /* the device tree names the slot, with interrupt 1 + slot */
        char path[40] = "/soc/virtio_mmio@1000x000";
        path[sizeof "/soc/virtio_mmio@1000" - 1] = (char)('1' + i);
        uint32_t len = 0;
        const void *irq = fdt_getprop((const void *)dtb, path, "interrupts", &len);
        if (irq && len == 4 && fdt_cell(irq, 0) == 1 + i)
            in_dtb++;
        if (id == ID_BLOCK && block < 0)
            block = (int)i;
    }
    rt_printf("info: %u absent slot(s) fault, %u read as empty\n", absent_faulting, absent_zero);
    check_eq("virtio: every present slot is in the device tree with irq 1 + slot", in_dtb, present);
    return block;
}

static bool init_device(uintptr_t slot)
{
    wr(slot, MMIO_STATUS, 0);
    check_eq("blk: status reads 0 after reset", rd(slot, MMIO_STATUS), 0);
    wr(slot, MMIO_STATUS, S_ACKNOWLEDGE);
    wr(slot, MMIO_STATUS, S_ACKNOWLEDGE | S_DRIVER);
    wr(slot, MMIO_DEVICE_FEATURES_SEL, 1);
    uint32_t high = rd(slot, MMIO_DEVICE_FEATURES);
    wr(slot, MMIO_DEVICE_FEATURES_SEL, 0);
    uint32_t low = rd(slot, MMIO_DEVICE_FEATURES);
    rt_printf("info: block device features 0x%08x%08x\n", high, low);
    check_eq("blk: device offers VIRTIO_F_VERSION_1", high & F_VERSION_1_HIGH, F_VERSION_1_HIGH);
    /* take only VERSION_1: the plainest device there is */
    wr(slot, MMIO_DRIVER_FEATURES_SEL, 1);
    wr(slot, MMIO_DRIVER_FEATURES, F_VERSION_1_HIGH);
    wr(slot, MMIO_DRIVER_FEATURES_SEL, 0);
    wr(slot, MMIO_DRIVER_FEATURES, 0);
    wr(slot, MMIO_STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK);
    uint32_t st = rd(slot, MMIO_STATUS);
    check_eq("blk: FEATURES_OK accepted", st & S_FEATURES_OK, S_FEATURES_OK);
    if (!(st & S_FEATURES_OK))
        return false;

    wr(slot, MMIO_QUEUE_SEL, 0);
    check_eq("blk: queue 0 not ready before set-up", rd(slot, MMIO_QUEUE_READY), 0);
    uint32_t max = rd(slot, MMIO_QUEUE_NUM_MAX);
    checkf(max >= QSIZE, "blk: queue 0 holds at least 8 entries", "QueueNumMax %u", max);
    if (max < QSIZE)
        return false;
    wr(slot, MMIO_QUEUE_NUM, QSIZE);
    wr(slot, MMIO_QUEUE_DESC, (uint32_t)(uintptr_t)desc);
    wr(slot, MMIO_QUEUE_DESC + 4, (uint32_t)((uintptr_t)desc >> 32));
    wr(slot, MMIO_QUEUE_DRIVER, (uint32_t)(uintptr_t)&avail);
    wr(slot, MMIO_QUEUE_DRIVER + 4, (uint32_t)((uintptr_t)&avail >> 32));
    wr(slot, MMIO_QUEUE_DEVICE, (uint32_t)(uintptr_t)&used);
    wr(slot, MMIO_QUEUE_DEVICE + 4, (uint32_t)((uintptr_t)&used >> 32));
    wr(slot, MMIO_QUEUE_READY, 1);
    check_eq("blk: queue 0 ready", rd(slot, MMIO_QUEUE_READY), 1);
    wr(slot, MMIO_STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
    check_eq("blk: DRIVER_OK set, not FAILED", rd(slot, MMIO_STATUS) & (S_DRIVER_OK | S_FAILED), S_DRIVER_OK);
    return true;
}

static uint64_t capacity(uintptr_t slot)
{
    /* a 64-bit field read as two words: retry if the config changed between */
    uint32_t gen, lo, hi;
    do {
        gen = rd(slot, MMIO_CONFIG_GENERATION);
        lo = rd(slot, MMIO_CONFIG);
        hi = rd(slot, MMIO_CONFIG + 4);
    } while (gen != rd(slot, MMIO_CONFIG_GENERATION));
    return (uint64_t)hi << 32 | lo;
}

typedef struct Result {
    bool completed;
    uint8_t status;
    uint32_t used_len, used_id;
    uint32_t int_status;
    bool plic_pending, plic_pending_after_ack, seip;
} Result;

static unsigned plic_source; /* 1 + slot */

/* One request: header, data, status; the data buffer is written by the
 * device for reads. Waits for the used ring by polling (1 s limit). */
static Result request(uintptr_t slot, uint32_t type, uint64_t sector)
{
    static uint16_t head; /* rotate through the ring so stale entries show */
    Result r = { 0 };
    req = (struct blk_req){ .type = type, .reserved = 0, .sector = sector };
    status = 0xff;
    uint16_t d0 = head, d1 = (uint16_t)((head + 1) % QSIZE), d2 = (uint16_t)((head + 2) % QSIZE);
    head = (uint16_t)((head + 3) % QSIZE);
    desc[d0] = (struct virtq_desc){ (uintptr_t)&req, sizeof req, DESC_F_NEXT, d1 };
    desc[d1] = (struct virtq_desc){ (uintptr_t)data, SECTOR,
                                    (uint16_t)(DESC_F_NEXT | (type == BLK_T_IN ? DESC_F_WRITE : 0)), d2 };
    desc[d2] = (struct virtq_desc){ (uintptr_t)&status, 1, DESC_F_WRITE, 0 };
    uint16_t used_before = used.idx;
    avail.ring[avail.idx % QSIZE] = d0;
    fence(); /* descriptors and ring entry before the index */
    avail.idx++;
    fence(); /* the index before the notification */
    wr(slot, MMIO_QUEUE_NOTIFY, 0);
    uint64_t until = rdtime() + 10000000;
    while (*(volatile uint16_t *)&used.idx == used_before && rdtime() < until)
        ;
    fence();
    r.completed = *(volatile uint16_t *)&used.idx == (uint16_t)(used_before + 1);
    r.used_id = used.ring[used_before % QSIZE].id;
    r.used_len = used.ring[used_before % QSIZE].len;
    r.status = status;
    r.int_status = rd(slot, MMIO_INTERRUPT_STATUS);
    r.plic_pending = mmio_read32(PLIC_PENDING0) >> plic_source & 1;
    r.seip = csr_read(sip) & SIP_SEIP;
    wr(slot, MMIO_INTERRUPT_ACK, r.int_status);
    r.plic_pending_after_ack = mmio_read32(PLIC_PENDING0) >> plic_source & 1;
    return r;
}

/* "WHAT: SUFFIX" into buf */
static const char *join(char *buf, size_t size, const char *what, const char *suffix)
{
    size_t n = 0;
    for (const char *p = what; *p && n + 1 < size; p++)
        buf[n++] = *p;
    for (const char *p = suffix; *p && n + 1 < size; p++)
        buf[n++] = *p;
    buf[n] = '\0';
    return buf;
}

static void check_request(const char *what, Result r, uint16_t head, uint32_t want_len)
{
    char name[96];
    checkf(r.completed && r.status == BLK_S_OK, join(name, sizeof name, what, ": completed, status OK"),
           "completed %d status %u", r.completed, r.status);
    check_eq(join(name, sizeof name, what, ": used elem id = chain head"), r.used_id, head);
    check_eq(join(name, sizeof name, what, ": used len = bytes written"), r.used_len, want_len);
    check_eq(join(name, sizeof name, what, ": InterruptStatus bit 0"), r.int_status & 1, 1);
    check(r.plic_pending && r.seip, join(name, sizeof name, what, ": PLIC source 1 + slot pending, SEIP set"));
    check(!r.plic_pending_after_ack, join(name, sizeof name, what, ": InterruptACK drops the PLIC source"));
}

static void block(uintptr_t slot, unsigned index)
{
    if (!init_device(slot))
        return;
    /* route the device's interrupt to context 1 (polled: SIE stays 0) */
    plic_source = 1 + index;
    mmio_write32(PLIC_PRIORITY(plic_source), 1);
    mmio_write32(PLIC_THRESHOLD_CTX1, 0);
    mmio_write32(PLIC_ENABLE_CTX1, 1u << plic_source);
    uint64_t cap = capacity(slot);
    rt_printf("sys: capacity %lu sectors\n", cap);

    memset(data, 0xee, SECTOR);
    Result r = request(slot, BLK_T_IN, 0);
    check_request("blk: read sector 0", r, 0, SECTOR + 1);
    unsigned nonzero = 0;
    for (unsigned i = 0; i < SECTOR; i++)
        nonzero += data[i] != 0;
    check_eq("blk: sector 0 of the zero disk reads as zeros", nonzero, 0);
    check_eq("blk: InterruptStatus clear after InterruptACK", rd(slot, MMIO_INTERRUPT_STATUS) & 1, 0);

    for (unsigned i = 0; i < SECTOR; i++)
        data[i] = (uint8_t)(i * 7 + 1);
    r = request(slot, BLK_T_OUT, 1);
    check_request("blk: write sector 1", r, 3, 1);

    memset(data, 0, SECTOR);
    r = request(slot, BLK_T_IN, 1);
    check_request("blk: read sector 1 back", r, 6, SECTOR + 1);
    unsigned wrong = 0;
    for (unsigned i = 0; i < SECTOR; i++)
        wrong += data[i] != (uint8_t)(i * 7 + 1);
    check_eq("blk: sector 1 holds the pattern written", wrong, 0);

    /* past the end of the disk: the device must refuse */
    r = request(slot, BLK_T_IN, cap);
    checkf(r.completed && r.status != BLK_S_OK, "blk: read past the capacity fails (status not OK)",
           "completed %d status %u", r.completed, r.status);

    wr(slot, MMIO_STATUS, 0); /* reset: the device forgets the queue */
    check_eq("blk: reset clears status", rd(slot, MMIO_STATUS), 0);
    wr(slot, MMIO_QUEUE_SEL, 0);
    check_eq("blk: reset clears QueueReady", rd(slot, MMIO_QUEUE_READY), 0);
    mmio_write32(PLIC_ENABLE_CTX1, 0);
    mmio_write32(PLIC_PRIORITY(plic_source), 0);
}

void test_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid;
    int b = scan(dtb);
    if (b < 0) {
        rt_printf("sys: no block device\n");
        return;
    }
    block(SLOT(b), (unsigned)b);
}
