/* HTIF; see htif.h. */
#include "htif.h"

#include <string.h>
#include <unistd.h>

static uint64_t load64(const uint8_t *p)
{
    return __atomic_load_n((const uint64_t *)p, __ATOMIC_ACQUIRE);
}

static void store64(uint8_t *p, uint64_t v)
{
    __atomic_store_n((uint64_t *)p, v, __ATOMIC_RELEASE);
}

static bool ram_range(const Htif *h, uint64_t pa, uint64_t len)
{
    return pa >= h->ram_base && pa - h->ram_base <= h->ram_size && len <= h->ram_size - (pa - h->ram_base);
}

/* The syscall proxy: magic[0] = number, magic[1..] = arguments; the result
 * goes back into magic[0]. */
static void proxy_syscall(Htif *h, uint64_t magic_pa)
{
    if (!ram_range(h, magic_pa, 64))
        return;
    uint8_t *m = h->ram + (magic_pa - h->ram_base);
    uint64_t w[4];
    memcpy(w, m, sizeof w);
    int64_t result = -38; /* -ENOSYS */
    if (w[0] == 93) {      /* exit */
        h->exited = true;
        h->exit_code = (int)(w[1] & 0xff);
        result = 0;
    } else if (w[0] == 64 && (w[1] == 1 || w[1] == 2) && ram_range(h, w[2], w[3])) { /* write */
        fflush(h->console);
        fwrite(h->ram + (w[2] - h->ram_base), 1, w[3], h->console);
        fflush(h->console);
        result = (int64_t)w[3];
    }
    memcpy(m, &result, 8);
}

bool htif_poll(Htif *h)
{
    uint64_t cmd = load64(h->tohost);
    if (cmd == 0)
        return h->exited;
    store64(h->tohost, 0);
    unsigned device = (unsigned)(cmd >> 56), command = (unsigned)(cmd >> 48) & 0xff;
    uint64_t payload = cmd & ((1ull << 48) - 1);
    uint64_t reply = 0;
    if (device == 0 && command == 0) {
        if (payload & 1) {
            h->exited = true;
            h->exit_code = (int)(payload >> 1);
        } else {
            proxy_syscall(h, payload);
        }
        reply = 1;
    } else if (device == 1 && command == 1) {
        fputc((int)(payload & 0xff), h->console);
        fflush(h->console);
        reply = (1ull << 56) | (1ull << 48);
    }
    if (h->fromhost && !h->exited)
        store64(h->fromhost, reply);
    return h->exited;
}
