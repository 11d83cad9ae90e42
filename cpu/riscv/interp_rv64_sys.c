/* The RV64 system-mode interpreter: interp_template.h with XLEN = 64,
 * address translation and guest trap handling. */
#include <setjmp.h>
#include <string.h>

#include "rv_internal.h"

#define XLEN 64
#define RV_SYSTEM 1
#define RV_RUN rv64_sys_run
#define RV_RUN_BLOCKS rv64_sys_run_blocks
#define RV_DISPATCH rv64_sys_dispatch
#include "interp_template.h"
