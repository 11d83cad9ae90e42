/*
 * SBI base, HSM, IPI, SRST and legacy console calls, and the boot protocol
 * (a0 = hart id, a1 = device tree). Runs under ferry's built-in SBI and
 * under OpenSBI: implementation ids and versions differ between the two,
 * so they are printed as info lines, never compared.
 */
#include "rt.h"
#include "sbi.h"

#define FDT_MAGIC 0xd00dfeedu
#define BOGUS_EXT 0x0badf00dul

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void boot_protocol(unsigned long hartid, unsigned long dtb)
{
    check_eq("boot: a0 is hart 0", hartid, 0);
    /* the tree lies in RAM, 8-byte aligned (Linux's boot protocol) */
    check(dtb >= RAM_BASE && dtb % 8 == 0, "boot: a1 is an aligned RAM address");
    check_eq("boot: a1 holds a device tree (magic)", be32((const void *)dtb), FDT_MAGIC);
    /* the default machine: 256 MiB of RAM at 0x80000000 (two-cell base and size) */
    uint32_t len = 0;
    const void *reg = fdt_getprop((const void *)dtb, "/memory@80000000", "reg", &len);
    checkf(reg && len == 16 && fdt_cell(reg, 0) == 0 && fdt_cell(reg, 1) == RAM_BASE && fdt_cell(reg, 2) == 0 &&
               fdt_cell(reg, 3) == 256u << 20,
           "boot: device tree memory node is 256 MiB at 0x80000000", "reg %s, %u bytes", reg ? "found" : "missing",
           len);
}

static void base(void)
{
    struct sbiret r = sbi_call(SBI_EXT_BASE, SBI_BASE_SPEC_VERSION, 0, 0, 0);
    check_eq("base: get_spec_version succeeds", (uint64_t)r.error, SBI_SUCCESS);
    unsigned long major = ((unsigned long)r.value >> 24) & 0x7f, minor = (unsigned long)r.value & 0xffffff;
    rt_printf("info: SBI spec version %lu.%lu\n", major, minor);
    /* bit 31 must be 0; the extensions below need at least v0.2 */
    check(((unsigned long)r.value >> 31) == 0, "base: spec version bit 31 clear");
    check(major > 0 || minor >= 2, "base: spec version >= 0.2");

    r = sbi_call(SBI_EXT_BASE, SBI_BASE_IMPL_ID, 0, 0, 0);
    check_eq("base: get_impl_id succeeds", (uint64_t)r.error, SBI_SUCCESS);
    rt_printf("info: SBI implementation id 0x%lx\n", (unsigned long)r.value);
    r = sbi_call(SBI_EXT_BASE, SBI_BASE_IMPL_VERSION, 0, 0, 0);
    check_eq("base: get_impl_version succeeds", (uint64_t)r.error, SBI_SUCCESS);
    rt_printf("info: SBI implementation version 0x%lx\n", (unsigned long)r.value);

    /* probe_extension: 0 when absent, non-zero (normally 1) when present */
    static const struct { unsigned long eid; const char *name; } present[] = {
        { SBI_EXT_BASE, "base: probe BASE" },     { SBI_EXT_TIME, "base: probe TIME" },
        { SBI_EXT_IPI, "base: probe IPI" },       { SBI_EXT_RFENCE, "base: probe RFENCE" },
        { SBI_EXT_HSM, "base: probe HSM" },       { SBI_EXT_SRST, "base: probe SRST" },
    };
    for (unsigned i = 0; i < sizeof present / sizeof present[0]; i++) {
        r = sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE, present[i].eid, 0, 0);
        checkf(r.error == SBI_SUCCESS && r.value != 0, present[i].name, "error %ld value %ld", r.error, r.value);
    }
    r = sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE, BOGUS_EXT, 0, 0);
    checkf(r.error == SBI_SUCCESS && r.value == 0, "base: probe of an unknown extension is 0", "error %ld value %ld",
           r.error, r.value);

    /* machine ids: ferry's CPU has none (0), whoever answers */
    r = sbi_call(SBI_EXT_BASE, SBI_BASE_MVENDORID, 0, 0, 0);
    checkf(r.error == SBI_SUCCESS && r.value == 0, "base: mvendorid is 0", "error %ld value 0x%lx", r.error,
           (unsigned long)r.value);
    r = sbi_call(SBI_EXT_BASE, SBI_BASE_MARCHID, 0, 0, 0);
    checkf(r.error == SBI_SUCCESS && r.value == 0, "base: marchid is 0", "error %ld value 0x%lx", r.error,
           (unsigned long)r.value);

    r = sbi_call(SBI_EXT_BASE, 0x7777, 0, 0, 0);
    check_eq("base: unknown function -> NOT_SUPPORTED", (uint64_t)r.error, (uint64_t)SBI_ERR_NOT_SUPPORTED);
    r = sbi_call(BOGUS_EXT, 0, 0, 0, 0);
    check_eq("base: call to an unknown extension -> NOT_SUPPORTED", (uint64_t)r.error,
             (uint64_t)SBI_ERR_NOT_SUPPORTED);
}

static void hsm(void)
{
    struct sbiret r = sbi_call(SBI_EXT_HSM, SBI_HSM_STATUS, 0, 0, 0);
    checkf(r.error == SBI_SUCCESS && r.value == 0, "hsm: hart 0 status is STARTED (0)", "error %ld value %ld",
           r.error, r.value);
    r = sbi_call(SBI_EXT_HSM, SBI_HSM_START, 0, (unsigned long)_start, 0);
    check_eq("hsm: hart_start(0) -> ALREADY_AVAILABLE", (uint64_t)r.error, (uint64_t)SBI_ERR_ALREADY_AVAILABLE);
    /* the board has one hart */
    r = sbi_call(SBI_EXT_HSM, SBI_HSM_STATUS, 1, 0, 0);
    check_eq("hsm: hart 1 status -> INVALID_PARAM", (uint64_t)r.error, (uint64_t)SBI_ERR_INVALID_PARAM);
}

static void ipi(void)
{
    /* with sie.SSIE clear the IPI stays pending in sip, untaken */
    csr_clear(sie, SIP_SSIP);
    csr_clear(sip, SIP_SSIP);
    check_eq("ipi: sip.SSIP clear before", csr_read(sip) & SIP_SSIP, 0);
    struct sbiret r = sbi_call(SBI_EXT_IPI, 0, 1 /* hart mask: hart 0 */, 0 /* mask base */, 0);
    check_eq("ipi: send_ipi to self succeeds", (uint64_t)r.error, SBI_SUCCESS);
    check_eq("ipi: sip.SSIP set by the IPI", csr_read(sip) & SIP_SSIP, SIP_SSIP);
    csr_clear(sip, SIP_SSIP);
    check_eq("ipi: sip.SSIP cleared by S-mode", csr_read(sip) & SIP_SSIP, 0);

    r = sbi_call(SBI_EXT_RFENCE, 0 /* remote_fence_i */, 1, 0, 0);
    check_eq("rfence: remote_fence_i to self succeeds", (uint64_t)r.error, SBI_SUCCESS);
    r = sbi_call(SBI_EXT_RFENCE, 1 /* remote_sfence_vma */, 1, 0, 0);
    check_eq("rfence: remote_sfence_vma to self succeeds", (uint64_t)r.error, SBI_SUCCESS);
}

static void srst(void)
{
    /* reset types 3..0xefffffff are reserved: refused, nothing resets */
    struct sbiret r = sbi_call(SBI_EXT_SRST, 0, 3, 0, 0);
    check_eq("srst: reserved reset type -> INVALID_PARAM", (uint64_t)r.error, (uint64_t)SBI_ERR_INVALID_PARAM);
}

static void legacy_console(void)
{
    /* the runner compares this line: it must reach the serial console */
    static const char line[] = "sys: legacy console putchar works\n";
    long worst = 0;
    for (const char *p = line; *p; p++) {
        long e = sbi_legacy(SBI_LEGACY_PUTCHAR, (unsigned char)*p);
        if (e != 0)
            worst = e;
    }
    check_eq("legacy: console_putchar returns 0", (uint64_t)worst, 0);
}

void test_main(unsigned long hartid, unsigned long dtb)
{
    boot_protocol(hartid, dtb);
    base();
    hsm();
    ipi();
    srst();
    legacy_console();
}
