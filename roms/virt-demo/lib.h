/*
 * The C library functions the demo uses or that gcc may call on its own
 * (struct copies and zeroing become memcpy/memset calls even with
 * -ffreestanding), written here because there is no libc.
 */
#ifndef VD_LIB_H
#define VD_LIB_H

#include <stddef.h>
#include <stdint.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* Are two NUL-terminated strings equal? */
int str_eq(const char *a, const char *b);

/* Does s[0..len) contain the NUL-terminated word? */
const char *mem_find(const char *s, size_t len, const char *word);

#endif
