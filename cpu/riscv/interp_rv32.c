/* The RV32 user-mode interpreter: interp_template.h with XLEN = 32. */
#include <setjmp.h>
#include <string.h>

#include "rv_internal.h"

#define XLEN 32
#define RV_SYSTEM 0
#define RV_RUN rv32_run
#define RV_RUN_BLOCKS rv32_run_blocks
#define RV_DISPATCH rv32_dispatch
#define RV_RUN_NESTED rv32_run_nested
#include "interp_template.h"
