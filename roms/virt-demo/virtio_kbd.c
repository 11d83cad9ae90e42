/*
 * virtio-input keyboard over virtio-mmio version 2, following VIRTIO 1.1:
 * 4.2.2 (the MMIO register layout), 3.1.1 (driver initialisation), 2.6
 * (split virtqueues) and 5.8 (the input device). The demo polls the used
 * ring once per frame, so interrupts are left off (VIRTQ_AVAIL_F_NO_INTERRUPT).
 */
#include "virtio_kbd.h"

#include "console.h"
#include "lib.h"
#include "riscv.h"

#define VIRTIO_BASE 0x10001000ul
#define VIRTIO_STRIDE 0x1000ul
#define VIRTIO_SLOTS 8

/* MMIO registers (4.2.2) */
#define R_MAGIC 0x000
#define R_VERSION 0x004
#define R_DEVICE_ID 0x008
#define R_DEV_FEATURES 0x010
#define R_DEV_FEATURES_SEL 0x014
#define R_DRV_FEATURES 0x020
#define R_DRV_FEATURES_SEL 0x024
#define R_QUEUE_SEL 0x030
#define R_QUEUE_NUM_MAX 0x034
#define R_QUEUE_NUM 0x038
#define R_QUEUE_READY 0x044
#define R_QUEUE_NOTIFY 0x050
#define R_INT_STATUS 0x060
#define R_INT_ACK 0x064
#define R_STATUS 0x070
#define R_QUEUE_DESC_LO 0x080
#define R_QUEUE_DESC_HI 0x084
#define R_QUEUE_DRIVER_LO 0x090
#define R_QUEUE_DRIVER_HI 0x094
#define R_QUEUE_DEVICE_LO 0x0a0
#define R_QUEUE_DEVICE_HI 0x0a4
#define R_CONFIG 0x100

#define MAGIC_VIRT 0x74726976u      /* "virt" */
#define DEVICE_ID_INPUT 18

#define ST_ACKNOWLEDGE 1
#define ST_DRIVER 2
#define ST_DRIVER_OK 4
#define ST_FEATURES_OK 8

/* virtio-input config space (5.8.4): select, subsel, size, 5 reserved, data */
#define CFG_SELECT 0
#define CFG_SUBSEL 1
#define CFG_SIZE 2
#define CFG_DATA 8
#define CFG_ID_NAME 0x01
#define CFG_EV_BITS 0x11

#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define VIRTQ_USED_F_NO_NOTIFY 1

#define QSIZE 64          /* events in flight; plenty for one frame of typing */

/* Split virtqueue layout (2.6). Each part is aligned well past what the
 * spec asks (16/2/4), which costs nothing. */
struct virtq_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};
struct virtq_avail {
    uint16_t flags, idx;
    uint16_t ring[QSIZE];
    uint16_t used_event;
};
struct virtq_used_elem {
    uint32_t id, len;
};
struct virtq_used {
    uint16_t flags, idx;
    struct virtq_used_elem ring[QSIZE];
    uint16_t avail_event;
};
struct virtio_input_event {
    uint16_t type, code;
    uint32_t value;
};

static struct virtq_desc desc[QSIZE] __attribute__((aligned(4096)));
static struct virtq_avail avail __attribute__((aligned(64)));
static struct virtq_used used __attribute__((aligned(64)));
static struct virtio_input_event events[QSIZE] __attribute__((aligned(64)));

static uintptr_t kbd_base;        /* 0: no keyboard */
static uint16_t qnum;             /* queue size in use */
static uint16_t last_used;        /* next used ring entry to read */
static uint16_t avail_idx;        /* our copy of avail.idx */

static uint32_t rd(uintptr_t base, uint32_t reg) { return mmio_r32(base + reg); }
static void wr(uintptr_t base, uint32_t reg, uint32_t v) { mmio_w32(base + reg, v); }

/* Ask the config space for (select, subsel); returns the size it reports. */
static unsigned cfg_query(uintptr_t base, uint8_t select, uint8_t subsel)
{
    mmio_w8(base + R_CONFIG + CFG_SELECT, select);
    mmio_w8(base + R_CONFIG + CFG_SUBSEL, subsel);
    unsigned size = mmio_r8(base + R_CONFIG + CFG_SIZE);
    return size > 128 ? 128 : size;
}

static uint8_t cfg_byte(uintptr_t base, unsigned i)
{
    return mmio_r8(base + R_CONFIG + CFG_DATA + i);
}

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

/* A keyboard reports KEY_A among its EV_KEY codes (a tablet reports only
 * buttons) or, failing that, says "keyboard" in its name. */
static bool is_keyboard(uintptr_t base, char *name, unsigned name_max)
{
    unsigned n = cfg_query(base, CFG_ID_NAME, 0);
    if (n > name_max - 1)
        n = name_max - 1;
    unsigned len = 0;
    for (; len < n; len++) {
        char c = (char)cfg_byte(base, len);
        if (!c)
            break;                       /* some devices count the NUL */
        name[len] = (c >= 32 && c < 127) ? c : '?';
    }
    name[len] = '\0';
    n = len;

    unsigned bits = cfg_query(base, CFG_EV_BITS, EV_KEY);
    if (bits > KEY_A / 8 && (cfg_byte(base, KEY_A / 8) >> (KEY_A % 8) & 1))
        return true;
    char low[48];
    for (unsigned i = 0; i <= n; i++)
        low[i] = lower(name[i]);
    return mem_find(low, n, "keyboard") != NULL;
}

static void set_status(uintptr_t base, uint32_t bits)
{
    fence_io();
    wr(base, R_STATUS, bits);
}

/* Steps 1-6 of 3.1.1: reset, ACKNOWLEDGE, DRIVER, negotiate VERSION_1 only,
 * FEATURES_OK and check the device kept it. */
static bool negotiate(uintptr_t base)
{
    wr(base, R_STATUS, 0);
    for (int i = 0; i < 1000 && rd(base, R_STATUS) != 0; i++)
        ;
    set_status(base, ST_ACKNOWLEDGE);
    set_status(base, ST_ACKNOWLEDGE | ST_DRIVER);

    wr(base, R_DEV_FEATURES_SEL, 1);
    uint32_t hi = rd(base, R_DEV_FEATURES);
    if (!(hi & 1))                       /* VIRTIO_F_VERSION_1 is bit 32 */
        return false;
    wr(base, R_DRV_FEATURES_SEL, 0);
    wr(base, R_DRV_FEATURES, 0);
    wr(base, R_DRV_FEATURES_SEL, 1);
    wr(base, R_DRV_FEATURES, 1);

    set_status(base, ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK);
    return (rd(base, R_STATUS) & ST_FEATURES_OK) != 0;
}

static void wr64(uintptr_t base, uint32_t lo_reg, const void *p)
{
    uint64_t a = (uintptr_t)p;
    wr(base, lo_reg, (uint32_t)a);
    wr(base, lo_reg + 4, (uint32_t)(a >> 32));
}

/* Step 7: the event queue (queue 0), every descriptor an 8-byte event
 * buffer the device writes, all of them made available at once. The status
 * queue (1) carries LED state to the device; the demo leaves it unused. */
static bool setup_eventq(uintptr_t base)
{
    wr(base, R_QUEUE_SEL, 0);
    if (rd(base, R_QUEUE_READY) != 0)
        return false;
    uint32_t max = rd(base, R_QUEUE_NUM_MAX);
    if (max == 0)
        return false;
    uint32_t num = QSIZE;
    while (num > max)
        num >>= 1;                       /* stay a power of two */
    qnum = (uint16_t)num;

    memset(desc, 0, sizeof desc);
    memset(&avail, 0, sizeof avail);
    memset(&used, 0, sizeof used);
    for (uint16_t i = 0; i < qnum; i++) {
        desc[i].addr = (uintptr_t)&events[i];
        desc[i].len = sizeof events[i];
        desc[i].flags = VIRTQ_DESC_F_WRITE;
        avail.ring[i] = i;
    }
    avail.flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
    last_used = 0;
    avail_idx = qnum;
    fence_w();
    avail.idx = avail_idx;

    wr(base, R_QUEUE_NUM, num);
    wr64(base, R_QUEUE_DESC_LO, desc);
    wr64(base, R_QUEUE_DRIVER_LO, &avail);
    wr64(base, R_QUEUE_DEVICE_LO, &used);
    fence_io();
    wr(base, R_QUEUE_READY, 1);
    return true;
}

bool kbd_init(KbdInfo *info)
{
    memset(info, 0, sizeof *info);
    for (int slot = 0; slot < VIRTIO_SLOTS; slot++) {
        uintptr_t base = VIRTIO_BASE + VIRTIO_STRIDE * (uintptr_t)slot;
        if (rd(base, R_MAGIC) != MAGIC_VIRT || rd(base, R_DEVICE_ID) != DEVICE_ID_INPUT)
            continue;
        if (rd(base, R_VERSION) != 2) {
            con_printf("virt-demo: virtio-input in slot %d is legacy (version %u), skipped\n",
                       slot, rd(base, R_VERSION));
            continue;
        }
        if (!negotiate(base)) {
            wr(base, R_STATUS, 0);
            continue;
        }
        if (!is_keyboard(base, info->name, sizeof info->name) || !setup_eventq(base)) {
            wr(base, R_STATUS, 0);       /* not ours: leave it reset */
            continue;
        }
        set_status(base, ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK);
        fence_io();
        wr(base, R_QUEUE_NOTIFY, 0);     /* buffers are waiting */
        kbd_base = base;
        info->found = true;
        info->slot = slot;
        info->base = base;
        return true;
    }
    return false;
}

int kbd_poll(KbdEvent *out, int max)
{
    if (!kbd_base)
        return 0;
    int n = 0;
    bool recycled = false;
    while (n < max) {
        uint16_t idx = *(volatile uint16_t *)&used.idx;
        if (idx == last_used)
            break;
        fence_rw();                      /* read the entry after seeing idx */
        struct virtq_used_elem e = *(volatile struct virtq_used_elem *)&used.ring[last_used % qnum];
        last_used++;
        if (e.id >= qnum)
            continue;                    /* a broken device; ignore the entry */
        volatile struct virtio_input_event *ev = &events[e.id];
        if (e.len >= sizeof *ev) {
            out[n].type = ev->type;
            out[n].code = ev->code;
            out[n].value = (int32_t)ev->value;
            n++;
        }
        /* hand the buffer straight back */
        avail.ring[avail_idx % qnum] = (uint16_t)e.id;
        avail_idx++;
        recycled = true;
    }
    if (recycled) {
        fence_w();                       /* ring entries before the index */
        *(volatile uint16_t *)&avail.idx = avail_idx;
        fence_rw();                      /* index before reading used.flags */
        if (!(*(volatile uint16_t *)&used.flags & VIRTQ_USED_F_NO_NOTIFY)) {
            fence_io();
            wr(kbd_base, R_QUEUE_NOTIFY, 0);
        }
    }
    /* Nobody takes the interrupt, but acknowledge it so the line drops. */
    uint32_t isr = rd(kbd_base, R_INT_STATUS);
    if (isr)
        wr(kbd_base, R_INT_ACK, isr);
    return n;
}
