/*
 * The virt board; see riscv_virt.h. This file builds the machine (memory,
 * devices, interrupt wiring, boot images and device tree), runs it, and
 * answers frontends. Time and input live in riscv_virt_events.c, the device
 * tree in riscv_virt_fdt.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../cpu/tcache.h"
#include "../virtio_blk.h"
#include "../virtio_console.h"
#include "../virtio_input.h"
#include "boot_image.h"
#include "riscv_virt_internal.h"

#define PAGE 4096ull
#define MIB ((uint64_t)1 << 20)
#define WINDOW_GUARD (64 * 1024ull)
#define KERNEL_OFFSET (2 * MIB)        /* where kernels and next stages go */
#define DTB_MAX (1 * MIB)
#define FW_DYNAMIC_MAGIC 0x4942534full /* "OSBI" */
#define FW_DYNAMIC_VERSION 2
#define UBOOT_SMODE "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"

/* mip bits driven by devices */
enum { MIP_MSIP = 3, MIP_MTIP = 7, MIP_SEIP = 9, MIP_MEIP = 11 };

static uint64_t align_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }
static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

/* ---- wiring ---- */

static void cpu_irq(void *opaque, unsigned bit, bool level)
{
    VirtMachine *m = opaque;
    if (level)
        m->cpu->csr.mip |= 1ull << bit;
    else
        m->cpu->csr.mip &= ~(1ull << bit);
}

static void plic_line(void *opaque, unsigned id, bool level)
{
    plic_set_irq(opaque, id, level);
}

static IrqLine irq_to_plic(VirtMachine *m, unsigned id)
{
    return (IrqLine){ .set = plic_line, .opaque = m->dev.plic, .line = id };
}

static bool mmio_read(void *opaque, uint64_t pa, unsigned size, uint64_t *value)
{
    return bus_mmio_read(opaque, pa, size, value);
}

static bool mmio_write(void *opaque, uint64_t pa, unsigned size, uint64_t value)
{
    return bus_mmio_write(opaque, pa, size, value);
}

/* The time CSR reads the CLINT's mtime, so the two agree even after
 * firmware writes mtime. */
static uint64_t cpu_time(void *opaque)
{
    return clint_mtime(opaque);
}

static void serial_putc(void *opaque, uint8_t c)
{
    VirtMachine *m = opaque;
    if (m->opt.serial_out) {
        fputc(c, m->opt.serial_out);
        if (c == '\n')
            fflush(m->opt.serial_out);
    }
}

static void console_out(void *opaque, const uint8_t *data, size_t len)
{
    VirtMachine *m = opaque;
    if (m->opt.serial_out)
        fwrite(data, 1, len, m->opt.serial_out);
}

/* a guest (firmware) moved a CLINT timer: leave the CPU loop so the board
 * recomputes its deadline, as the built-in SBI's set_timer does */
static void clint_deadline_moved(void *opaque)
{
    VirtMachine *m = opaque;
    m->cpu->stop_request = 1;
}

static void finisher_notify(void *opaque)
{
    VirtMachine *m = opaque;
    m->cpu->stop_request = 1;
}

/* ---- built-in SBI effects ---- */

static void sbi_putchar(void *opaque, uint8_t c) { serial_putc(opaque, c); }

static int sbi_getchar(void *opaque)
{
    VirtMachine *m = opaque;
    virt_events_process(m);
    if (!m->pending_serial_len)
        return -1;
    int c = m->pending_serial[0];
    memmove(m->pending_serial, m->pending_serial + 1, --m->pending_serial_len);
    return c;
}

static void sbi_set_timer(void *opaque, uint64_t when)
{
    VirtMachine *m = opaque;
    m->sbi_timer = when;
    m->cpu->csr.mip &= ~(1ull << 5); /* STIP */
    if (clint_mtime(m->dev.clint) >= when)
        m->cpu->csr.mip |= 1ull << 5;
    m->cpu->stop_request = 1; /* the board recomputes its deadline */
}

static void sbi_reset(void *opaque, SbiResetType type, uint32_t reason)
{
    VirtMachine *m = opaque;
    m->stopping = true;
    m->stop = type == SBI_RESET_SHUTDOWN ? VIRT_STOP_POWEROFF : VIRT_STOP_RESET;
    m->exit_status = reason == 0 ? 0 : 1;
    m->cpu->stop_request = 1;
}

/* ---- building ---- */

static int map_window(VirtMachine *m, char *err, size_t errlen)
{
    SimpleFb *fb = &m->dev.fb;
    fb->base = VIRT_FB;
    fb->width = m->opt.fb_width ? m->opt.fb_width : VIRT_DEFAULT_FB_WIDTH;
    fb->height = m->opt.fb_height ? m->opt.fb_height : VIRT_DEFAULT_FB_HEIGHT;
    if (fb->width < 64 || fb->height < 64 || fb->width > 4096 || fb->height > 4096) {
        snprintf(err, errlen, "framebuffer size %ux%u out of range (64x64 .. 4096x4096)", fb->width, fb->height);
        return -1;
    }
    fb->stride = fb->width * 4;
    fb->size = align_up((uint64_t)fb->stride * fb->height, PAGE);

    m->window_size = VIRT_RAM + m->ram_size;
    m->window_reserved = m->window_size + WINDOW_GUARD;
    m->window = mmap(NULL, m->window_reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m->window == MAP_FAILED) {
        m->window = NULL;
        snprintf(err, errlen, "cannot reserve %" PRIu64 " MiB of address space for the machine", m->window_reserved / MIB);
        return -1;
    }
    int prot = PROT_READ | PROT_WRITE, flags = MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
    if (mmap(m->window + VIRT_RAM, m->ram_size, prot, flags, -1, 0) == MAP_FAILED ||
        mmap(m->window + VIRT_FB, fb->size, prot, flags, -1, 0) == MAP_FAILED) {
        snprintf(err, errlen, "cannot map %" PRIu64 " MiB of guest RAM", m->ram_size / MIB);
        return -1;
    }
    fb->pixels = m->window + VIRT_FB;
    if (!bus_add_ram(&m->bus, "ram", VIRT_RAM, m->ram_size, m->window + VIRT_RAM) ||
        !bus_add_ram(&m->bus, "framebuffer", VIRT_FB, fb->size, fb->pixels)) {
        snprintf(err, errlen, "internal error: RAM regions overlap");
        return -1;
    }
    return 0;
}

static int make_cpu(VirtMachine *m, char *err, size_t errlen)
{
    RvCpu *cpu = calloc(1, sizeof *cpu);
    if (!cpu) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    m->cpu = cpu;
    rv_cpu_init(cpu, m->xlen);
    cpu->system = true;
    cpu->csr.mstatus = 0; /* FP off until firmware or kernel turns it on */
    cpu->mem.base = m->window;
    cpu->mem.size = m->window_size;
    cpu->mem.reserved = m->window_reserved;
    cpu->mem.ram_base = VIRT_RAM;
    cpu->mem.ram_size = m->ram_size;
    cpu->mem.extra_ram[0] = (RvPhysRange){ VIRT_FB, m->dev.fb.size };
    cpu->mem.nextra_ram = 1;
    cpu->mem.mmio_read = mmio_read;
    cpu->mem.mmio_write = mmio_write;
    cpu->mem.mmio_opaque = &m->bus;
    cpu->wfi_exits = true;
    cpu->pmp_enforced = true;
    cpu->time_now = cpu_time;
    cpu->time_opaque = NULL; /* the CLINT, once it exists (make_devices) */
    cpu->trace = m->opt.trace;
    cpu->jit_threshold = m->opt.jit_threshold;
    cpu->jit_cache_size = (uint64_t)(m->opt.jit_cache_mib ? m->opt.jit_cache_mib : 64) << 20;
    cpu->jit_dump = m->opt.jit_dump;
    cpu->tc = tcache_new(m->window_size);
    if (!cpu->tc) {
        snprintf(err, errlen, "out of memory for the translation cache");
        return -1;
    }
    return 0;
}

static bool add_mmio(VirtMachine *m, uint64_t base, uint64_t size, const DeviceOps *ops, void *dev, char *err,
                     size_t errlen)
{
    if (!dev) {
        snprintf(err, errlen, "out of memory creating %s", ops->name);
        return false;
    }
    if (!bus_add_mmio(&m->bus, base, size, ops, dev)) {
        snprintf(err, errlen, "internal error: %s overlaps another device", ops->name);
        return false;
    }
    return true;
}

static bool add_virtio(VirtMachine *m, VirtioMmio *t, char *err, size_t errlen)
{
    unsigned slot = m->dev.nvirtio;
    if (slot == VIRT_VIRTIO_SLOTS) {
        snprintf(err, errlen, "too many virtio devices (the board has %u slots)", VIRT_VIRTIO_SLOTS);
        virtio_mmio_free(t);
        return false;
    }
    if (!add_mmio(m, VIRT_VIRTIO + slot * VIRTIO_MMIO_SIZE, VIRTIO_MMIO_SIZE, &virtio_mmio_ops, t, err, errlen)) {
        virtio_mmio_free(t);
        return false;
    }
    m->dev.virtio[m->dev.nvirtio++] = t;
    return true;
}

static int make_devices(VirtMachine *m, char *err, size_t errlen)
{
    VirtDevices *d = &m->dev;
    IrqLine ctx[2] = { { cpu_irq, m, MIP_MEIP }, { cpu_irq, m, MIP_SEIP } };
    d->plic = plic_new(VIRT_PLIC_NDEV + 1, 2, ctx);
    if (!add_mmio(m, VIRT_PLIC, PLIC_MMIO_SIZE, &plic_ops, d->plic, err, errlen))
        return -1;
    IrqLine msip = { cpu_irq, m, MIP_MSIP }, mtip = { cpu_irq, m, MIP_MTIP };
    d->clint = clint_new(1, &m->clock, &msip, &mtip);
    if (d->clint)
        clint_on_deadline_change(d->clint, clint_deadline_moved, m);
    m->cpu->time_opaque = d->clint;
    if (!add_mmio(m, VIRT_CLINT, CLINT_MMIO_SIZE, &clint_ops, d->clint, err, errlen))
        return -1;
    d->uart = uart16550_new(irq_to_plic(m, VIRT_IRQ_UART0), serial_putc, m);
    if (!add_mmio(m, VIRT_UART0, UART16550_MMIO_SIZE, &uart16550_ops, d->uart, err, errlen))
        return -1;
    d->rtc = goldfish_rtc_new(irq_to_plic(m, VIRT_IRQ_RTC));
    if (!add_mmio(m, VIRT_RTC, GOLDFISH_RTC_MMIO_SIZE, &goldfish_rtc_ops, d->rtc, err, errlen))
        return -1;
    sifive_test_init(&d->finisher, finisher_notify, m);
    if (!add_mmio(m, VIRT_SIFIVE_TEST, SIFIVE_TEST_MMIO_SIZE, &sifive_test_ops, &d->finisher, err, errlen))
        return -1;

    for (unsigned i = 0; i < m->opt.ndrives; i++) {
        unsigned slot = d->nvirtio;
        VirtioMmio *t = virtio_blk_create(&m->bus, irq_to_plic(m, VIRT_IRQ_VIRTIO + slot), m->opt.drives[i].path,
                                          m->opt.drives[i].read_only, err, errlen);
        if (!t || !add_virtio(m, t, err, errlen))
            return -1;
    }
    d->console = virtio_console_create(&m->bus, irq_to_plic(m, VIRT_IRQ_VIRTIO + d->nvirtio), console_out, m);
    if (!d->console || !add_virtio(m, d->console, err, errlen))
        return -1;
    d->keyboard = virtio_input_create(&m->bus, irq_to_plic(m, VIRT_IRQ_VIRTIO + d->nvirtio), VIRTIO_INPUT_KEYBOARD);
    if (!d->keyboard || !add_virtio(m, d->keyboard, err, errlen))
        return -1;
    d->tablet = virtio_input_create(&m->bus, irq_to_plic(m, VIRT_IRQ_VIRTIO + d->nvirtio), VIRTIO_INPUT_TABLET);
    if (!d->tablet || !add_virtio(m, d->tablet, err, errlen))
        return -1;
    return 0;
}

/* Kernel, initrd, firmware and device tree into RAM; the CPU's start state. */
static int load_images(VirtMachine *m, char *err, size_t errlen)
{
    BootRam ram = { .host = m->window + VIRT_RAM, .base = VIRT_RAM, .size = m->ram_size };
    VirtBoot *b = &m->boot;
    const char *kernel = m->opt.kernel;
    uint64_t ram_end = VIRT_RAM + m->ram_size;
    uint64_t low_end = VIRT_RAM; /* end of what is loaded low in RAM */

    /* a disk without a kernel boots the way distributions do: U-Boot reads
     * /boot/extlinux/extlinux.conf from the disk */
    if (!kernel && m->opt.ndrives && m->xlen == 64 && access(UBOOT_SMODE, R_OK) == 0)
        kernel = UBOOT_SMODE;
    if (!kernel && !m->opt.bios) {
        snprintf(err, errlen, "nothing to boot: give -kernel FILE, -bios FILE or a disk image%s",
                 m->opt.ndrives ? " (and install u-boot-qemu for disk boots)" : "");
        return -1;
    }

    b->builtin_sbi = !m->opt.bios;
    BootLoaded fw = { 0 }, k = { 0 };
    if (m->opt.bios) {
        if (boot_load_kernel(&ram, m->opt.bios, VIRT_RAM, m->xlen, &fw, err, errlen) != 0)
            return -1;
        low_end = fw.end;
    }
    if (kernel) {
        if (boot_load_kernel(&ram, kernel, VIRT_RAM + KERNEL_OFFSET, m->xlen, &k, err, errlen) != 0)
            return -1;
        if (m->opt.bios && k.start < fw.end && fw.start < k.end) {
            snprintf(err, errlen, "%s and %s overlap in RAM (0x%" PRIx64 "-0x%" PRIx64 ")", m->opt.bios, kernel,
                     k.start, k.end);
            return -1;
        }
        if (k.end > low_end)
            low_end = k.end;
        b->kernel_entry = k.entry;
    }

    /* the device tree at the top of RAM (2 MiB aligned, as QEMU does), the
     * initrd just below it */
    b->dtb = align_down(ram_end - DTB_MAX, 2 * MIB);
    if (b->dtb < low_end) {
        snprintf(err, errlen, "the images leave no room for the device tree in %" PRIu64 " MiB of RAM (try a larger -m)",
                 m->ram_size / MIB);
        return -1;
    }
    if (m->opt.initrd) {
        int64_t size = boot_file_size(m->opt.initrd, err, errlen);
        if (size < 0)
            return -1;
        uint64_t at = (uint64_t)size > b->dtb ? 0 : align_down(b->dtb - (uint64_t)size, PAGE);
        if (at < align_up(low_end, PAGE)) {
            snprintf(err, errlen, "%s (%" PRId64 " bytes) does not fit in RAM beside the kernel (try a larger -m)",
                     m->opt.initrd, size);
            return -1;
        }
        BootLoaded rd;
        if (boot_load_blob(&ram, m->opt.initrd, at, &rd, err, errlen) != 0)
            return -1;
        b->initrd_start = rd.start;
        b->initrd_end = rd.end;
    }
    if (m->opt.bios) {
        /* fw_dynamic_info (OpenSBI's fw_dynamic), after the device tree */
        b->dynamic_info = ram_end - PAGE;
        uint64_t info[6] = { FW_DYNAMIC_MAGIC, FW_DYNAMIC_VERSION, kernel ? b->kernel_entry : 0, 1 /* S-mode */,
                             0, 0 /* boot hart */ };
        uint8_t *p = m->window + b->dynamic_info;
        if (m->xlen == 64) {
            memcpy(p, info, sizeof info);
        } else {
            for (int i = 0; i < 6; i++) {
                uint32_t v = (uint32_t)info[i];
                memcpy(p + 4 * i, &v, 4);
            }
        }
        b->entry = fw.entry;
    } else {
        b->entry = b->kernel_entry;
    }

    int size = virt_build_fdt(m, m->window + b->dtb, DTB_MAX, err, errlen);
    if (size < 0)
        return -1;
    b->dtb_size = (uint64_t)size;
    if (m->opt.dtb_out) {
        FILE *f = fopen(m->opt.dtb_out, "wb");
        if (!f || fwrite(m->window + b->dtb, 1, (size_t)size, f) != (size_t)size || fclose(f) != 0) {
            snprintf(err, errlen, "%s: cannot write the device tree: %s", m->opt.dtb_out, strerror(errno));
            return -1;
        }
    }
    return 0;
}

static void reset_cpu(VirtMachine *m)
{
    RvCpu *cpu = m->cpu;
    if (m->boot.builtin_sbi) {
        sbi_prepare_supervisor(cpu, m->boot.entry, 0, m->boot.dtb);
    } else {
        cpu->csr.priv = RV_PRIV_M;
        cpu->pc = m->boot.entry;
        cpu->x[10] = 0;                  /* a0: hart id */
        cpu->x[11] = m->boot.dtb;        /* a1: device tree */
        cpu->x[12] = m->boot.dynamic_info; /* a2: fw_dynamic_info */
    }
}

VirtMachine *virt_new(const VirtOptions *opt, char *err, size_t errlen)
{
    VirtMachine *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    m->opt = *opt;
    m->wake_fd = m->ticker_fd = -1;
    m->xlen = opt->xlen ? opt->xlen : 64;
    m->sbi_timer = UINT64_MAX;
    pthread_mutex_init(&m->inbox.lock, NULL);
    uint64_t mib = opt->ram_mib ? opt->ram_mib : VIRT_DEFAULT_RAM_MIB;
    uint64_t max_mib = m->xlen == 32 ? 2048 : 65536;
    if (m->xlen != 32 && m->xlen != 64) {
        snprintf(err, errlen, "the virt board is RV32 or RV64, not RV%u", m->xlen);
        goto fail;
    }
    if (mib < 16 || mib > max_mib) {
        snprintf(err, errlen, "-m %" PRIu64 ": RAM must be 16..%" PRIu64 " MiB", mib, max_mib);
        goto fail;
    }
    m->ram_size = mib * MIB;
    vclock_init(&m->clock);
    if (map_window(m, err, errlen) != 0 || make_cpu(m, err, errlen) != 0 || make_devices(m, err, errlen) != 0 ||
        load_images(m, err, errlen) != 0)
        goto fail;
    m->sbi = (SbiHost){ .opaque = m, .putchar = sbi_putchar, .getchar = sbi_getchar, .set_timer = sbi_set_timer,
                        .reset = sbi_reset };
    reset_cpu(m);
    if (opt->timeout_s > 0)
        m->end_ns = vclock_host_ns() + (uint64_t)(opt->timeout_s * 1e9);
    m->mips_mark_ns = vclock_host_ns();
    if (virt_events_start(m, err, errlen) != 0)
        goto fail;
    return m;
fail:
    virt_free(m);
    return NULL;
}

void virt_free(VirtMachine *m)
{
    if (!m)
        return;
    virt_events_stop(m);
    for (unsigned i = 0; i < m->dev.nvirtio; i++)
        virtio_mmio_free(m->dev.virtio[i]);
    plic_free(m->dev.plic);
    clint_free(m->dev.clint);
    uart16550_free(m->dev.uart);
    goldfish_rtc_free(m->dev.rtc);
    if (m->cpu) {
        if (m->cpu->tc)
            tcache_free(m->cpu->tc);
        rv_cpu_destroy(m->cpu);
        free(m->cpu);
    }
    if (m->window)
        munmap(m->window, m->window_reserved);
    pthread_mutex_destroy(&m->inbox.lock);
    free(m);
}

/* ---- running ---- */

static bool finished(VirtMachine *m)
{
    SifiveTest *t = &m->dev.finisher;
    if (!m->stopping && t->action != SIFIVE_TEST_NONE) {
        m->stopping = true;
        m->stop = t->action == SIFIVE_TEST_POWEROFF ? VIRT_STOP_POWEROFF : VIRT_STOP_RESET;
        m->exit_status = t->status;
    }
    if (!m->stopping && atomic_load(&m->stop_requested)) {
        m->stopping = true;
        m->stop = VIRT_STOP_REQUESTED;
    }
    if (!m->stopping && m->opt.max_insns && m->cpu->instret >= m->opt.max_insns) {
        m->stopping = true;
        m->stop = VIRT_STOP_INSN_LIMIT;
    }
    return m->stopping;
}

VirtStop virt_run(VirtMachine *m)
{
    RvCpu *cpu = m->cpu;
    while (!finished(m)) {
        virt_events_process(m);
        if (finished(m))
            break;
        RvExit why = rv_run(cpu);
        cpu->stop_request = 0;
        switch (why) {
        case RV_EXIT_STOP:
            break;
        case RV_EXIT_WFI:
            virt_events_wait_for_interrupt(m);
            break;
        case RV_EXIT_ECALL:
            /* only the built-in SBI asks for ecall exits */
            sbi_call(cpu, &m->sbi);
            break;
        default:
            fprintf(stderr, "ferry: machine stopped: unexpected exit %d at pc 0x%" PRIx64 "\n", why, cpu->pc);
            m->stopping = true;
            m->stop = VIRT_STOP_ERROR;
            break;
        }
    }
    if (m->opt.serial_out)
        fflush(m->opt.serial_out);
    atomic_store(&m->status_insns, cpu->instret);
    atomic_store(&m->status_stopped, true);
    return m->stop;
}

int virt_exit_status(const VirtMachine *m)
{
    return m->exit_status;
}

/* ---- frontends ---- */

void virt_request_stop(VirtMachine *m)
{
    atomic_store(&m->stop_requested, true);
    virt_kick(m);
}

static void post_event(VirtMachine *m, const VirtInputEvent *e)
{
    pthread_mutex_lock(&m->inbox.lock);
    if (m->inbox.nevents < VIRT_INPUT_QUEUE)
        m->inbox.events[m->inbox.nevents++] = *e;
    pthread_mutex_unlock(&m->inbox.lock);
    virt_kick(m);
}

void virt_key(VirtMachine *m, uint16_t code, bool down)
{
    post_event(m, &(VirtInputEvent){ .kind = VIRT_EV_KEY, .code = code, .down = down });
}

void virt_pointer(VirtMachine *m, int x, int y, unsigned buttons)
{
    post_event(m, &(VirtInputEvent){ .kind = VIRT_EV_POINTER, .x = x, .y = y, .buttons = buttons });
}

void virt_serial_input(VirtMachine *m, const uint8_t *data, size_t len)
{
    pthread_mutex_lock(&m->inbox.lock);
    size_t room = VIRT_SERIAL_QUEUE - m->inbox.serial_len;
    if (len > room)
        len = room; /* a flood beyond the queue is dropped, like a UART overrun */
    memcpy(m->inbox.serial + m->inbox.serial_len, data, len);
    m->inbox.serial_len += (unsigned)len;
    pthread_mutex_unlock(&m->inbox.lock);
    virt_kick(m);
}

VirtFramebuffer virt_framebuffer(const VirtMachine *m)
{
    const SimpleFb *fb = &m->dev.fb;
    return (VirtFramebuffer){ .pixels = fb->pixels, .width = fb->width, .height = fb->height, .stride = fb->stride };
}

void virt_print_engine_stats(const VirtMachine *m, FILE *out)
{
    rv_print_stats(m->cpu, out);
}

VirtStatus virt_status(const VirtMachine *m)
{
    VirtMachine *mm = (VirtMachine *)m; /* atomics are read-only here */
    return (VirtStatus){
        .instructions = atomic_load(&mm->status_insns),
        .idle = atomic_load(&mm->status_idle),
        .stopped = atomic_load(&mm->status_stopped),
        .mips = (double)atomic_load(&mm->mips_x100) / 100.0,
    };
}
