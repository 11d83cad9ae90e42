/* The RV64 user-mode interpreter: interp_template.h with XLEN = 64. */
#include <setjmp.h>
#include <string.h>

#include "rv_internal.h"

#define XLEN 64
#define RV_SYSTEM 0
#define RV_RUN rv64_run
#define RV_RUN_BLOCKS rv64_run_blocks
#define RV_DISPATCH rv64_dispatch
#define RV_RUN_NESTED rv64_run_nested
#include "interp_template.h"
