/*
 * virtio-input (VIRTIO 1.1, 5.8): a keyboard or a tablet; see
 * virtio_input.h.
 *
 * Config space: the driver writes select and subsel, then reads size and
 * the answer in the union; Linux's virtio_input probe asks for the name,
 * serial, device ids, property bits, the event codes of each event type
 * (EV_BITS, subsel = type; size 0 = type unsupported) and each absolute
 * axis's range. The answer is rebuilt whenever select or subsel changes.
 *
 * Event queue: each buffer takes one 8-byte event {le16 type, le16 code,
 * le32 value}. Events wait in a ring while the driver has no buffers and
 * go out when it adds some (notify) or when the next event arrives.
 * Status queue: the driver reports LED state there; consumed and ignored.
 */
#include "virtio_input.h"

#include <stdlib.h>
#include <string.h>

enum { Q_EVENT = 0, Q_STATUS = 1 };
#define QUEUE_MAX 64

enum {
    CFG_UNSET = 0x00,
    CFG_ID_NAME = 0x01,
    CFG_ID_SERIAL = 0x02,
    CFG_ID_DEVIDS = 0x03,
    CFG_PROP_BITS = 0x10,
    CFG_EV_BITS = 0x11,
    CFG_ABS_INFO = 0x12,
};
#define CFG_UNION 8                 /* select, subsel, size, reserved[5] */
#define CONFIG_BYTES (CFG_UNION + 128)

/* from <linux/input-event-codes.h> */
enum { EV_KEY = 0x01, EV_REL = 0x02, EV_ABS = 0x03, EV_LED = 0x11, EV_REP = 0x14 };
enum { BTN_LEFT = 0x110, BTN_RIGHT = 0x111, BTN_MIDDLE = 0x112 };
enum { REL_WHEEL = 0x08, ABS_X = 0x00, ABS_Y = 0x01 };
enum { LED_NUML = 0, LED_CAPSL = 1, LED_SCROLLL = 2 };
#define BUS_VIRTUAL 0x06
#define ID_VENDOR 0x4652            /* "FR" */

#define PENDING_MAX 256

typedef struct InputEvent {
    uint16_t type, code;
    uint32_t value;
} InputEvent;

typedef struct VirtioInput {
    VirtioInputKind kind;
    uint8_t select, subsel;
    uint8_t cfg[CONFIG_BYTES];      /* the current answer */
    InputEvent pending[PENDING_MAX];
    unsigned first, count;          /* ring of events waiting for buffers */
    VirtqChain chain;
} VirtioInput;

static void set_bit(uint8_t *map, unsigned bit)
{
    map[bit / 8] |= (uint8_t)(1u << (bit % 8));
}

static void put_le(uint8_t *p, uint32_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static unsigned put_string(uint8_t *u, const char *s)
{
    size_t n = strlen(s);
    memcpy(u, s, n);
    return (unsigned)n;
}

/* Bitmap of the codes of event type `type`; its size in bytes (0: the
 * device does not produce or take that type). */
static unsigned ev_bits(VirtioInputKind kind, unsigned type, uint8_t *u)
{
    if (kind == VIRTIO_INPUT_KEYBOARD) {
        switch (type) {
        case EV_KEY:
            for (unsigned k = 1; k < 256; k++)   /* KEY_ESC .. the end of the keyboard range */
                set_bit(u, k);
            return 32;
        case EV_LED:
            set_bit(u, LED_NUML);
            set_bit(u, LED_CAPSL);
            set_bit(u, LED_SCROLLL);
            return 1;
        case EV_REP:
            return 1;   /* non-zero size: Linux then does key repeat itself */
        default:
            return 0;
        }
    }
    switch (type) {
    case EV_KEY:
        set_bit(u, BTN_LEFT);
        set_bit(u, BTN_RIGHT);
        set_bit(u, BTN_MIDDLE);
        return BTN_MIDDLE / 8 + 1;
    case EV_REL:
        set_bit(u, REL_WHEEL);
        return REL_WHEEL / 8 + 1;
    case EV_ABS:
        set_bit(u, ABS_X);
        set_bit(u, ABS_Y);
        return 1;
    default:
        return 0;
    }
}

static unsigned answer(const VirtioInput *in, uint8_t *u)
{
    bool kbd = in->kind == VIRTIO_INPUT_KEYBOARD;
    switch (in->select) {
    case CFG_ID_NAME:
        return in->subsel ? 0 : put_string(u, kbd ? "ferry keyboard" : "ferry tablet");
    case CFG_ID_SERIAL:
        return in->subsel ? 0 : put_string(u, kbd ? "ferry-keyboard-0" : "ferry-tablet-0");
    case CFG_ID_DEVIDS:
        if (in->subsel)
            return 0;
        put_le(u + 0, BUS_VIRTUAL, 2);
        put_le(u + 2, ID_VENDOR, 2);
        put_le(u + 4, kbd ? 1 : 2, 2);   /* product */
        put_le(u + 6, 1, 2);             /* version */
        return 8;
    case CFG_EV_BITS:
        return ev_bits(in->kind, in->subsel, u);
    case CFG_ABS_INFO:
        if (kbd || (in->subsel != ABS_X && in->subsel != ABS_Y))
            return 0;
        /* min, max, fuzz, flat, res */
        put_le(u + 0, 0, 4);
        put_le(u + 4, VIRTIO_INPUT_ABS_MAX, 4);
        return 20;
    default:   /* CFG_UNSET, CFG_PROP_BITS (no properties), unknown */
        return 0;
    }
}

static void refresh_config(VirtioInput *in)
{
    memset(in->cfg, 0, sizeof in->cfg);
    in->cfg[0] = in->select;
    in->cfg[1] = in->subsel;
    in->cfg[2] = (uint8_t)answer(in, in->cfg + CFG_UNION);
}

static void input_config_read(void *dev, uint32_t off, void *buf, unsigned size)
{
    VirtioInput *in = dev;
    memcpy(buf, in->cfg + off, size);
}

static void input_config_write(void *dev, uint32_t off, const void *buf, unsigned size)
{
    VirtioInput *in = dev;
    const uint8_t *b = buf;
    /* only select and subsel are writable; a wide write may cover both */
    for (unsigned i = 0; i < size; i++) {
        if (off + i == 0)
            in->select = b[i];
        else if (off + i == 1)
            in->subsel = b[i];
    }
    refresh_config(in);
}

/* Hand waiting events to the driver's buffers, oldest first. */
static void flush_events(VirtioInput *in, VirtioMmio *t)
{
    VirtQueue *vq = virtio_mmio_queue(t, Q_EVENT);
    while (vq && in->count) {
        int r = virtq_pop(vq, t->bus, &in->chain);
        if (r == 0)
            return;
        if (r < 0 || in->chain.write_bytes < 8) {
            virtio_mmio_broken(t, r < 0 ? "bad descriptor chain on the event queue"
                                        : "event buffer smaller than an event");
            return;
        }
        const InputEvent *e = &in->pending[in->first];
        uint8_t raw[8];
        put_le(raw + 0, e->type, 2);
        put_le(raw + 2, e->code, 2);
        put_le(raw + 4, e->value, 4);
        virtq_write(&in->chain, 0, raw, sizeof raw);
        virtio_mmio_complete(t, Q_EVENT, in->chain.head, sizeof raw);
        in->first = (in->first + 1) % PENDING_MAX;
        in->count--;
    }
}

static void drain_status(VirtioInput *in, VirtioMmio *t)
{
    VirtQueue *vq = virtio_mmio_queue(t, Q_STATUS);
    while (vq) {
        int r = virtq_pop(vq, t->bus, &in->chain);
        if (r == 0)
            return;
        if (r < 0) {
            virtio_mmio_broken(t, "bad descriptor chain on the status queue");
            return;
        }
        virtio_mmio_complete(t, Q_STATUS, in->chain.head, 0);
    }
}

static void input_queue_notify(void *dev, VirtioMmio *t, unsigned q)
{
    if (q == Q_EVENT)
        flush_events(dev, t);
    else if (q == Q_STATUS)
        drain_status(dev, t);
}

void virtio_input_send(VirtioMmio *t, uint16_t type, uint16_t code, int32_t value)
{
    VirtioInput *in = t->dev;
    /* nobody is listening before the driver is up: a key pressed during
     * boot must not arrive minutes later */
    if (!virtio_mmio_live(t))
        return;
    if (in->count == PENDING_MAX) {   /* full: drop the oldest */
        in->first = (in->first + 1) % PENDING_MAX;
        in->count--;
    }
    in->pending[(in->first + in->count) % PENDING_MAX] =
        (InputEvent){ .type = type, .code = code, .value = (uint32_t)value };
    in->count++;
    flush_events(in, t);
}

static void input_reset(void *dev)
{
    VirtioInput *in = dev;
    in->select = in->subsel = 0;
    in->first = in->count = 0;
    refresh_config(in);
}

static void input_save(void *dev, SaveBuf *out)
{
    VirtioInput *in = dev;
    save_tag(out, "VINP", 1);
    save_u32(out, in->kind);
    save_u32(out, in->select);
    save_u32(out, in->subsel);
    save_u32(out, in->count);
    for (unsigned i = 0; i < in->count; i++) {
        const InputEvent *e = &in->pending[(in->first + i) % PENDING_MAX];
        save_u32(out, (uint32_t)e->type | (uint32_t)e->code << 16);
        save_u32(out, e->value);
    }
}

static bool input_load(void *dev, SaveBuf *in_buf)
{
    VirtioInput *in = dev;
    if (!load_tag(in_buf, "VINP", 1) || load_u32(in_buf) != (uint32_t)in->kind)
        return false;
    uint32_t select = load_u32(in_buf), subsel = load_u32(in_buf), count = load_u32(in_buf);
    if (in_buf->error || select > 0xff || subsel > 0xff || count > PENDING_MAX)
        return false;
    InputEvent ev[PENDING_MAX];
    for (uint32_t i = 0; i < count; i++) {
        uint32_t tc = load_u32(in_buf);
        ev[i] = (InputEvent){ .type = (uint16_t)tc, .code = (uint16_t)(tc >> 16), .value = load_u32(in_buf) };
    }
    if (in_buf->error)
        return false;
    in->select = (uint8_t)select;
    in->subsel = (uint8_t)subsel;
    memcpy(in->pending, ev, count * sizeof ev[0]);
    in->first = 0;
    in->count = count;
    refresh_config(in);
    return true;
}

#define INPUT_OPS(n)                                                                                           \
    {                                                                                                          \
        .name = (n), .device_id = VIRTIO_ID_INPUT, .features = 0, .nqueues = 2, .queue_max = QUEUE_MAX,         \
        .config_size = CONFIG_BYTES, .config_read = input_config_read, .config_write = input_config_write,     \
        .queue_notify = input_queue_notify, .reset = input_reset, .save = input_save, .load = input_load,      \
        .free = free,                                                                                          \
    }
static const VirtioDeviceOps keyboard_ops = INPUT_OPS("virtio-keyboard");
static const VirtioDeviceOps tablet_ops = INPUT_OPS("virtio-tablet");

VirtioMmio *virtio_input_create(const Bus *bus, IrqLine irq, VirtioInputKind kind)
{
    if (kind != VIRTIO_INPUT_KEYBOARD && kind != VIRTIO_INPUT_TABLET)
        return NULL;
    VirtioInput *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    in->kind = kind;
    refresh_config(in);
    VirtioMmio *t = virtio_mmio_new(bus, irq, kind == VIRTIO_INPUT_KEYBOARD ? &keyboard_ops : &tablet_ops, in);
    if (!t)
        free(in);
    return t;
}
