/*
 * Power off through the SBI: SRST system_reset(shutdown, no reason). The
 * machine must stop at once with exit status 0, whichever firmware serves
 * the call (OpenSBI writes the finisher itself and then parks its hart in
 * wfi). The runner gives this one a short time limit.
 */
#include "rt.h"
#include "sbi.h"

void test_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid, (void)dtb;
    rt_printf("sys: SRST shutdown\n");
    struct sbiret r = sbi_call(SBI_EXT_SRST, 0, 0 /* shutdown */, 0 /* no reason */, 0);
    /* only reached when the call failed */
    checkf(false, "srst: shutdown returned", "error %ld", r.error);
}
