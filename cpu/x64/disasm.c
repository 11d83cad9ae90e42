/* Host code as text through Zydis; see disasm.h. */
#include "disasm.h"

#include <Zydis/Zydis.h>

void x64_disasm(const uint8_t *code, size_t n, FILE *out)
{
    ZydisDecoder dec;
    ZydisFormatter fmt;
    if (!ZYAN_SUCCESS(ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64)) ||
        !ZYAN_SUCCESS(ZydisFormatterInit(&fmt, ZYDIS_FORMATTER_STYLE_INTEL))) {
        fprintf(out, "  (no disassembler)\n");
        return;
    }
    for (size_t off = 0; off < n;) {
        ZydisDecodedInstruction in;
        ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
        if (!ZYAN_SUCCESS(ZydisDecoderDecodeFull(&dec, code + off, n - off, &in, ops))) {
            fprintf(out, "  +%04zx: (undecodable byte %02x)\n", off, code[off]);
            return;
        }
        char text[160];
        ZydisFormatterFormatInstruction(&fmt, &in, ops, in.operand_count_visible, text, sizeof text,
                                        (ZyanU64)(uintptr_t)(code + off), NULL);
        fprintf(out, "  +%04zx: %s\n", off, text);
        off += in.length;
    }
}
