/* The RV32 interpreter: interp_template.h instantiated with XLEN = 32. */
#include <setjmp.h>
#include <string.h>

#include "rv_internal.h"

#define XLEN 32
#include "interp_template.h"
