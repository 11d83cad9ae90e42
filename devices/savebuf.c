/*
 * Device state streams; see device.h. Little-endian fixed-width fields, so a
 * snapshot is a plain byte string that another ferry process can load.
 */
#include <stdlib.h>
#include <string.h>

#include "device.h"

void save_put(SaveBuf *b, const void *data, size_t len)
{
    if (b->error)
        return;
    if (b->cap - b->len < len) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap - b->len < len)
            cap *= 2;
        uint8_t *d = realloc(b->data, cap);
        if (!d) {
            b->error = true;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

void save_u32(SaveBuf *b, uint32_t v)
{
    uint8_t le[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    save_put(b, le, 4);
}

void save_u64(SaveBuf *b, uint64_t v)
{
    save_u32(b, (uint32_t)v);
    save_u32(b, (uint32_t)(v >> 32));
}

void save_tag(SaveBuf *b, const char tag[4], uint32_t version)
{
    save_put(b, tag, 4);
    save_u32(b, version);
}

void load_get(SaveBuf *b, void *data, size_t len)
{
    if (b->error || b->len - b->pos < len || b->pos > b->len) {
        b->error = true;
        memset(data, 0, len);
        return;
    }
    memcpy(data, b->data + b->pos, len);
    b->pos += len;
}

uint32_t load_u32(SaveBuf *b)
{
    uint8_t le[4];
    load_get(b, le, 4);
    return (uint32_t)le[0] | (uint32_t)le[1] << 8 | (uint32_t)le[2] << 16 | (uint32_t)le[3] << 24;
}

uint64_t load_u64(SaveBuf *b)
{
    uint64_t lo = load_u32(b);
    return lo | (uint64_t)load_u32(b) << 32;
}

bool load_tag(SaveBuf *b, const char tag[4], uint32_t version)
{
    char t[4];
    load_get(b, t, 4);
    uint32_t v = load_u32(b);
    if (b->error || memcmp(t, tag, 4) != 0 || v != version)
        b->error = true;
    return !b->error;
}

void savebuf_free(SaveBuf *b)
{
    free(b->data);
    *b = (SaveBuf){ 0 };
}
