/*
 * Physical memory protection as OpenSBI configures it: its own image
 * (0x80000000, Domain0 Region01: no access below M) and the CLINT (M-only
 * MMIO) must be out of S-mode's reach, as access faults (privileged spec
 * 3.7: PMP checks apply to S and U accesses). OpenSBI found PMP entries
 * (pmpcfg/pmpaddr hold what it writes), so they must be enforced. Runs only
 * with -bios OpenSBI; under ferry's built-in SBI it checks nothing but that.
 */
#include "rt.h"
#include "sbi.h"

#define CAUSE_FETCH_ACCESS 1
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_STORE_ACCESS 7
#define FIRMWARE RAM_BASE
#define CLINT_MTIME (CLINT_BASE + 0xbff8)

void test_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid, (void)dtb;
    if (sbi_is_ferry()) {
        rt_printf("sys: the built-in SBI sets no PMP; nothing to check\n");
        return;
    }
    trap_reset();
    (void)*(volatile uint64_t *)(FIRMWARE + 0x100);
    check_trap("pmp: S load from OpenSBI's image -> cause 5", CAUSE_LOAD_ACCESS, FIRMWARE + 0x100);
    /* a store or a jump there would really corrupt or run the firmware when
     * nothing protects it: only try them when the load was refused */
    bool protected = traps.count == 1 && traps.cause == CAUSE_LOAD_ACCESS;
    if (protected) {
        trap_reset();
        *(volatile uint32_t *)(FIRMWARE + 0x7fff0) = 0;
        check_trap("pmp: S store to OpenSBI's image -> cause 7", CAUSE_STORE_ACCESS, FIRMWARE + 0x7fff0);
        trap_reset();
        ((void (*)(void))FIRMWARE)();
        check_trap("pmp: S fetch from OpenSBI's image -> cause 1", CAUSE_FETCH_ACCESS, FIRMWARE);
    } else {
        checkf(false, "pmp: S store to OpenSBI's image -> cause 7", "not tried: the load was allowed");
        checkf(false, "pmp: S fetch from OpenSBI's image -> cause 1", "not tried: the load was allowed");
    }
    trap_reset();
    (void)mmio_read64(CLINT_MTIME);
    check_trap("pmp: S read of the CLINT's mtime -> cause 5", CAUSE_LOAD_ACCESS, CLINT_MTIME);
    trap_reset();
    (void)*(volatile uint64_t *)(RAM_BASE + 0x80000);
    check_no_trap("pmp: RAM past the firmware is S's");
}
