/*
 * The "sifive,test" finisher; see sifive_test.h. Like QEMU's model, the low
 * 16 bits of the written word select the request and the high 16 bits are
 * the failure code, so a write of 0x5555 with stray upper bits still powers
 * off.
 */
#include "sifive_test.h"

#define FINISHER_FAIL 0x3333
#define FINISHER_PASS 0x5555
#define FINISHER_RESET 0x7777

#define SAVE_TAG "SFTS"
#define SAVE_VERSION 1

void sifive_test_init(SifiveTest *t, void (*notify)(void *opaque), void *opaque)
{
    t->action = SIFIVE_TEST_NONE;
    t->status = 0;
    t->notify = notify;
    t->opaque = opaque;
}

static uint64_t sifive_test_read(void *dev, uint64_t offset, unsigned size)
{
    (void)dev, (void)offset, (void)size;
    return 0; /* the finisher has nothing to read */
}

static void request(SifiveTest *t, SifiveTestAction action, int status)
{
    t->action = action;
    t->status = status;
    if (t->notify)
        t->notify(t->opaque);
}

static void sifive_test_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
    SifiveTest *t = dev;
    /* OpenSBI writes the command with a 16-bit store (writew), Linux's
     * syscon with a 32-bit one: both reach the register, as on QEMU */
    if (offset != 0 || (size != 2 && size != 4))
        return;
    uint32_t command = (uint32_t)value & 0xffff, code = ((uint32_t)value >> 16) & 0xffff;
    switch (command) {
    case FINISHER_FAIL:
        request(t, SIFIVE_TEST_POWEROFF, (int)code);
        break;
    case FINISHER_PASS:
        request(t, SIFIVE_TEST_POWEROFF, 0);
        break;
    case FINISHER_RESET:
        request(t, SIFIVE_TEST_RESET, 0);
        break;
    default:
        break;
    }
}

/* A machine reset is what a RESET request leads to: forget the request. */
static void sifive_test_reset(void *dev)
{
    SifiveTest *t = dev;
    t->action = SIFIVE_TEST_NONE;
    t->status = 0;
}

static void sifive_test_save(void *dev, SaveBuf *out)
{
    const SifiveTest *t = dev;
    save_tag(out, SAVE_TAG, SAVE_VERSION);
    save_u32(out, (uint32_t)t->action);
    save_u32(out, (uint32_t)t->status);
}

static bool sifive_test_load(void *dev, SaveBuf *in)
{
    SifiveTest *t = dev;
    if (!load_tag(in, SAVE_TAG, SAVE_VERSION))
        return false;
    uint32_t action = load_u32(in), status = load_u32(in);
    /* status is a 16-bit failure code */
    if (in->error || action > SIFIVE_TEST_RESET || status > 0xffff) {
        in->error = true;
        return false;
    }
    t->action = (SifiveTestAction)action;
    t->status = (int)status;
    return true;
}

const DeviceOps sifive_test_ops = {
    .name = "sifive_test",
    .read = sifive_test_read,
    .write = sifive_test_write,
    .reset = sifive_test_reset,
    .save = sifive_test_save,
    .load = sifive_test_load,
};
