/*
 * The virt board's device tree, built with libfdt's sequential-write API from
 * the devices actually present. Node names, compatibles and the interrupt
 * wiring follow QEMU's virt board, which is what kernels, OpenSBI and U-Boot
 * expect (Documentation/devicetree/bindings in Linux for each binding).
 */
#include <inttypes.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "../uart16550.h"
#include "riscv_virt_internal.h"

#define FDT_SLACK (64 * 1024)

enum { PHANDLE_CPU_INTC = 1, PHANDLE_PLIC = 2, PHANDLE_TEST = 3 };

/* libfdt calls return negative error codes; stop at the first */
#define TRY(call) do { int r_ = (call); if (r_ < 0) { err_code = r_; goto fail; } } while (0)

static int prop_reg(void *fdt, uint64_t base, uint64_t size)
{
    fdt64_t reg[2] = { cpu_to_fdt64(base), cpu_to_fdt64(size) };
    return fdt_property(fdt, "reg", reg, sizeof reg);
}

static int begin_node_at(void *fdt, const char *name, uint64_t addr)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s@%" PRIx64, name, addr);
    return fdt_begin_node(fdt, buf);
}

static int prop_irq(void *fdt, unsigned irq)
{
    int r = fdt_property_u32(fdt, "interrupts", irq);
    return r < 0 ? r : fdt_property_u32(fdt, "interrupt-parent", PHANDLE_PLIC);
}

int virt_build_fdt(const VirtMachine *m, void *buf, size_t cap, char *err, size_t errlen)
{
    int err_code = 0;
    void *fdt = buf;
    char isa[32];
    snprintf(isa, sizeof isa, "rv%uimafdc", m->xlen);

    TRY(fdt_create(fdt, (int)cap));
    TRY(fdt_finish_reservemap(fdt));
    TRY(fdt_begin_node(fdt, ""));
    TRY(fdt_property_u32(fdt, "#address-cells", 2));
    TRY(fdt_property_u32(fdt, "#size-cells", 2));
    TRY(fdt_property_string(fdt, "compatible", "riscv-virtio"));
    TRY(fdt_property_string(fdt, "model", "ferry,virt"));

    /* /chosen: command line, console, initrd */
    TRY(fdt_begin_node(fdt, "chosen"));
    if (m->opt.append)
        TRY(fdt_property_string(fdt, "bootargs", m->opt.append));
    TRY(fdt_property_string(fdt, "stdout-path", "/soc/serial@10000000"));
    if (m->boot.initrd_end) {
        TRY(fdt_property_u64(fdt, "linux,initrd-start", m->boot.initrd_start));
        TRY(fdt_property_u64(fdt, "linux,initrd-end", m->boot.initrd_end));
    }
    TRY(fdt_end_node(fdt));

    TRY(begin_node_at(fdt, "memory", VIRT_RAM));
    TRY(fdt_property_string(fdt, "device_type", "memory"));
    TRY(prop_reg(fdt, VIRT_RAM, m->ram_size));
    TRY(fdt_end_node(fdt));

    /* one hart with its local interrupt controller */
    TRY(fdt_begin_node(fdt, "cpus"));
    TRY(fdt_property_u32(fdt, "#address-cells", 1));
    TRY(fdt_property_u32(fdt, "#size-cells", 0));
    TRY(fdt_property_u32(fdt, "timebase-frequency", (uint32_t)VCLOCK_HZ));
    TRY(fdt_begin_node(fdt, "cpu@0"));
    TRY(fdt_property_string(fdt, "device_type", "cpu"));
    TRY(fdt_property_u32(fdt, "reg", 0));
    TRY(fdt_property_string(fdt, "status", "okay"));
    TRY(fdt_property_string(fdt, "compatible", "riscv"));
    TRY(fdt_property_string(fdt, "riscv,isa", isa));
    TRY(fdt_property_string(fdt, "mmu-type", m->xlen == 32 ? "riscv,sv32" : "riscv,sv48"));
    TRY(fdt_begin_node(fdt, "interrupt-controller"));
    TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
    TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
    TRY(fdt_property_string(fdt, "compatible", "riscv,cpu-intc"));
    TRY(fdt_property_u32(fdt, "phandle", PHANDLE_CPU_INTC));
    TRY(fdt_end_node(fdt));
    TRY(fdt_end_node(fdt));
    TRY(fdt_end_node(fdt));

    /* the finisher, reached by Linux through syscon-poweroff/-reboot */
    TRY(fdt_begin_node(fdt, "poweroff"));
    TRY(fdt_property_string(fdt, "compatible", "syscon-poweroff"));
    TRY(fdt_property_u32(fdt, "regmap", PHANDLE_TEST));
    TRY(fdt_property_u32(fdt, "offset", 0));
    TRY(fdt_property_u32(fdt, "value", 0x5555));
    TRY(fdt_end_node(fdt));
    TRY(fdt_begin_node(fdt, "reboot"));
    TRY(fdt_property_string(fdt, "compatible", "syscon-reboot"));
    TRY(fdt_property_u32(fdt, "regmap", PHANDLE_TEST));
    TRY(fdt_property_u32(fdt, "offset", 0));
    TRY(fdt_property_u32(fdt, "value", 0x7777));
    TRY(fdt_end_node(fdt));

    TRY(fdt_begin_node(fdt, "soc"));
    TRY(fdt_property_u32(fdt, "#address-cells", 2));
    TRY(fdt_property_u32(fdt, "#size-cells", 2));
    TRY(fdt_property_string(fdt, "compatible", "simple-bus"));
    TRY(fdt_property(fdt, "ranges", NULL, 0));

    {
        static const char test_compat[] = "sifive,test1\0sifive,test0\0syscon";
        TRY(begin_node_at(fdt, "test", VIRT_SIFIVE_TEST));
        TRY(fdt_property(fdt, "compatible", test_compat, sizeof test_compat));
        TRY(prop_reg(fdt, VIRT_SIFIVE_TEST, SIFIVE_TEST_MMIO_SIZE));
        TRY(fdt_property_u32(fdt, "phandle", PHANDLE_TEST));
        TRY(fdt_end_node(fdt));
    }

    TRY(begin_node_at(fdt, "rtc", VIRT_RTC));
    TRY(fdt_property_string(fdt, "compatible", "google,goldfish-rtc"));
    TRY(prop_reg(fdt, VIRT_RTC, GOLDFISH_RTC_MMIO_SIZE));
    TRY(prop_irq(fdt, VIRT_IRQ_RTC));
    TRY(fdt_end_node(fdt));

    TRY(begin_node_at(fdt, "serial", VIRT_UART0));
    TRY(fdt_property_string(fdt, "compatible", "ns16550a"));
    TRY(prop_reg(fdt, VIRT_UART0, UART16550_MMIO_SIZE));
    TRY(fdt_property_u32(fdt, "clock-frequency", 3686400));
    TRY(prop_irq(fdt, VIRT_IRQ_UART0));
    TRY(fdt_end_node(fdt));

    /* Linux probes nodes in tree order and names disks by probe order, so
     * listing slot 0 first makes the first disk vda */
    for (int i = 0; i < (int)m->dev.nvirtio; i++) {
        uint64_t addr = VIRT_VIRTIO + (uint64_t)i * VIRTIO_MMIO_SIZE;
        TRY(begin_node_at(fdt, "virtio_mmio", addr));
        TRY(fdt_property_string(fdt, "compatible", "virtio,mmio"));
        TRY(prop_reg(fdt, addr, VIRTIO_MMIO_SIZE));
        TRY(prop_irq(fdt, VIRT_IRQ_VIRTIO + (unsigned)i));
        TRY(fdt_end_node(fdt));
    }

    {
        static const char plic_compat[] = "sifive,plic-1.0.0\0riscv,plic0";
        /* context 0: M-mode external (cause 11), context 1: S-mode (9) */
        fdt32_t ext[4] = { cpu_to_fdt32(PHANDLE_CPU_INTC), cpu_to_fdt32(11), cpu_to_fdt32(PHANDLE_CPU_INTC),
                           cpu_to_fdt32(9) };
        TRY(begin_node_at(fdt, "plic", VIRT_PLIC));
        TRY(fdt_property(fdt, "compatible", plic_compat, sizeof plic_compat));
        TRY(prop_reg(fdt, VIRT_PLIC, PLIC_MMIO_SIZE));
        TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
        TRY(fdt_property_u32(fdt, "#address-cells", 0));
        TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
        TRY(fdt_property_u32(fdt, "riscv,ndev", VIRT_PLIC_NDEV));
        TRY(fdt_property(fdt, "interrupts-extended", ext, sizeof ext));
        TRY(fdt_property_u32(fdt, "phandle", PHANDLE_PLIC));
        TRY(fdt_end_node(fdt));
    }

    {
        static const char clint_compat[] = "sifive,clint0\0riscv,clint0";
        /* machine software (3) and timer (7) interrupts */
        fdt32_t ext[4] = { cpu_to_fdt32(PHANDLE_CPU_INTC), cpu_to_fdt32(3), cpu_to_fdt32(PHANDLE_CPU_INTC),
                           cpu_to_fdt32(7) };
        TRY(begin_node_at(fdt, "clint", VIRT_CLINT));
        TRY(fdt_property(fdt, "compatible", clint_compat, sizeof clint_compat));
        TRY(prop_reg(fdt, VIRT_CLINT, CLINT_MMIO_SIZE));
        TRY(fdt_property(fdt, "interrupts-extended", ext, sizeof ext));
        TRY(fdt_end_node(fdt));
    }

    if (m->dev.fb.pixels) {
        const SimpleFb *fb = &m->dev.fb;
        TRY(begin_node_at(fdt, "framebuffer", fb->base));
        TRY(fdt_property_string(fdt, "compatible", "simple-framebuffer"));
        TRY(prop_reg(fdt, fb->base, fb->size));
        TRY(fdt_property_u32(fdt, "width", fb->width));
        TRY(fdt_property_u32(fdt, "height", fb->height));
        TRY(fdt_property_u32(fdt, "stride", fb->stride));
        TRY(fdt_property_string(fdt, "format", "a8r8g8b8"));
        TRY(fdt_end_node(fdt));
    }

    TRY(fdt_end_node(fdt)); /* soc */
    TRY(fdt_end_node(fdt)); /* root */
    TRY(fdt_finish(fdt));
    /* leave room to grow: the next stage edits the tree in place (U-Boot
     * adds /chosen properties; OpenSBI would make room itself) */
    TRY(fdt_open_into(fdt, fdt, (int)fdt_totalsize(fdt) + FDT_SLACK));
    return (int)fdt_totalsize(fdt);
fail:
    snprintf(err, errlen, "cannot build the device tree: %s", fdt_strerror(err_code));
    return -1;
}
