/* The process's initial stack, laid out as the Linux kernel does for an ELF
 * executable (fs/binfmt_elf.c: create_elf_tables). */
#ifndef FERRY_INITIAL_STACK_H
#define FERRY_INITIAL_STACK_H

#include <stddef.h>
#include <stdint.h>

#include "elf_load.h"
#include "guest_space.h"

#define LU_STACK_SIZE (8ull << 20)

/* Map the stack below `stack_top` and fill it with argc, argv, envp and the
 * auxiliary vector. Returns the initial sp, or 0 with a reason in err. */
uint64_t lu_setup_stack(GuestSpace *gs, const ElfImage *img, uint64_t stack_top, int argc, char *const argv[],
                        char *const envp[], const char *execfn, char *err, size_t errlen);

#endif
