/* The RV32 system-mode interpreter: interp_template.h with XLEN = 32,
 * address translation and guest trap handling. */
#include <setjmp.h>
#include <string.h>

#include "rv_internal.h"

#define XLEN 32
#define RV_SYSTEM 1
#define RV_RUN rv32_sys_run
#define RV_RUN_BLOCKS rv32_sys_run_blocks
#define RV_DISPATCH rv32_sys_dispatch
#include "interp_template.h"
