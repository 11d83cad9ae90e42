/* The RV64 interpreter: interp_template.h instantiated with XLEN = 64. */
#include <setjmp.h>
#include <string.h>

#include "rv_internal.h"

#define XLEN 64
#include "interp_template.h"
