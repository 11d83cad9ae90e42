/* Host code as text, for --dump-jit: Zydis (libzydis-dev) decodes it. */
#ifndef FERRY_X64_DISASM_H
#define FERRY_X64_DISASM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One line per instruction, "  +offset: text", for code[0, n); bytes that
 * do not decode are printed as such and the listing stops there. */
void x64_disasm(const uint8_t *code, size_t n, FILE *out);

#endif
