/*
 * `ferry boot`: the command line of system mode. Builds a virt machine from
 * the options, runs it in an SDL window when a display is available (or
 * headless with the serial console on this terminal), and exits with the
 * guest's poweroff status.
 */
#include "boot.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../devices/boards/riscv_virt.h"
#include "display_sdl.h"
#include "jit_flags.h"
#include "screenshot.h"
#include "terminal.h"

#define OPENSBI_DIR "/usr/lib/riscv64-linux-gnu/opensbi/generic/"

static void boot_usage(FILE *out)
{
    fprintf(out,
            "usage: ferry boot [options] [DISK.img ...]\n"
            "\n"
            "Boot the RISC-V virt machine (QEMU's riscv virt memory map): a Linux kernel, firmware, a\n"
            "bare-metal program, or a disk image (through U-Boot, which reads /boot/extlinux/extlinux.conf).\n"
            "Opens a window when a display is available; otherwise runs headless with the serial console\n"
            "on this terminal (Ctrl-A x quits). Exits with the guest's poweroff status.\n"
            "\n"
            "options:\n"
            "  -kernel FILE      Linux Image, or an ELF / raw binary (started in S-mode at 0x80200000)\n"
            "  -initrd FILE      initial ramdisk\n"
            "  -append CMDLINE   kernel command line (default with -kernel: console=ttyS0)\n"
            "  -bios FILE        run this M-mode firmware first (e.g. OpenSBI's fw_dynamic.bin or\n"
            "                    fw_jump.bin); 'opensbi' picks Debian's fw_dynamic.bin. Without -bios,\n"
            "                    ferry's built-in SBI serves the kernel\n"
            "  -m MIB            RAM size in MiB (default 256)\n"
            "  --drive FILE[,ro] a raw disk image as a virtio block device (also: positional DISK.img);\n"
            "                    ',ro' makes it read-only\n"
            "  --rv32            an RV32 machine (default RV64)\n"
            "  --headless        no window even when a display is available\n"
            "  --screenshot F    write the screen as PNG to F when the machine stops\n"
            "  --fb WxH          framebuffer size (default 800x600)\n"
            "  --timeout SEC     stop after SEC seconds (exit status 124)\n"
            "  --max-insns N     stop after N instructions (exit status 124)\n"
            "  --no-reboot       exit when the guest reboots instead of booting again\n"
            "  --dump-dtb FILE   also write the generated device tree to FILE\n"
            "  --trace           log every executed instruction\n"
            "  --stats           print instructions executed and time at exit\n"
            "%s", jit_flags_help);
}

static bool parse_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || s[0] == '-')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno)
        return false;
    *out = v;
    return true;
}

static bool parse_seconds(const char *s, double *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno || !(v > 0) || v > 1e7)
        return false;
    *out = v;
    return true;
}

static bool parse_fb(const char *s, unsigned *w, unsigned *h)
{
    unsigned a, b;
    char extra;
    if (!s || sscanf(s, "%ux%u%c", &a, &b, &extra) != 2)
        return false;
    *w = a;
    *h = b;
    return true;
}

static bool add_drive(VirtOptions *o, char *spec)
{
    if (o->ndrives == VIRT_MAX_DRIVES) {
        fprintf(stderr, "ferry: boot: at most %d disks\n", VIRT_MAX_DRIVES);
        return false;
    }
    bool ro = false;
    size_t n = strlen(spec);
    if (n > 3 && strcmp(spec + n - 3, ",ro") == 0) {
        spec[n - 3] = '\0';
        ro = true;
    }
    o->drives[o->ndrives++] = (VirtDrive){ .path = spec, .read_only = ro };
    return true;
}

static const char *stop_name(VirtStop s)
{
    switch (s) {
    case VIRT_STOP_POWEROFF: return "powered off";
    case VIRT_STOP_RESET: return "reset";
    case VIRT_STOP_REQUESTED: return "stopped";
    case VIRT_STOP_TIMEOUT: return "timed out";
    case VIRT_STOP_INSN_LIMIT: return "instruction limit reached";
    default: return "error";
    }
}

static int write_screenshot(VirtMachine *m, const char *path)
{
    VirtFramebuffer fb = virt_framebuffer(m);
    char err[256];
    if (screenshot_write_png(path, fb.pixels, fb.width, fb.height, fb.stride, err, sizeof err) != 0) {
        fprintf(stderr, "ferry: %s\n", err);
        return -1;
    }
    return 0;
}

int cmd_boot(int argc, char **argv)
{
    VirtOptions o = { .serial_out = stdout, .serial_in_fd = STDIN_FILENO };
    JitFlags jit = JIT_FLAGS_DEFAULT;
    int took;
    bool headless = false, no_reboot = false, stats = false;
    const char *screenshot = NULL;
    double timeout = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEEDS_VALUE() do { if (!v || !*v) { fprintf(stderr, "ferry: boot: %s needs a value\n", a); return 2; } i++; } while (0)
        if (!strcmp(a, "-kernel") || !strcmp(a, "--kernel")) { NEEDS_VALUE(); o.kernel = v; }
        else if (!strcmp(a, "-initrd") || !strcmp(a, "--initrd")) { NEEDS_VALUE(); o.initrd = v; }
        else if (!strcmp(a, "-append") || !strcmp(a, "--append")) { if (!v) { fprintf(stderr, "ferry: boot: %s needs a value\n", a); return 2; } i++; o.append = v; }
        else if (!strcmp(a, "-bios") || !strcmp(a, "--bios")) {
            NEEDS_VALUE();
            o.bios = strcmp(v, "opensbi") == 0 ? OPENSBI_DIR "fw_dynamic.bin" : v;
        } else if (!strcmp(a, "-m") || !strcmp(a, "--memory")) {
            NEEDS_VALUE();
            if (!parse_u64(v, &o.ram_mib)) { fprintf(stderr, "ferry: boot: -m '%s': not a number of MiB\n", v); return 2; }
        } else if (!strcmp(a, "--drive")) {
            NEEDS_VALUE();
            if (!add_drive(&o, argv[i])) return 2;
        } else if (!strcmp(a, "--rv32")) o.xlen = 32;
        else if (!strcmp(a, "--headless")) headless = true;
        else if (!strcmp(a, "--screenshot")) { NEEDS_VALUE(); screenshot = v; }
        else if (!strcmp(a, "--fb")) {
            NEEDS_VALUE();
            if (!parse_fb(v, &o.fb_width, &o.fb_height)) { fprintf(stderr, "ferry: boot: --fb '%s': expected WIDTHxHEIGHT\n", v); return 2; }
        } else if (!strcmp(a, "--timeout")) {
            NEEDS_VALUE();
            if (!parse_seconds(v, &timeout)) { fprintf(stderr, "ferry: boot: --timeout '%s': expected seconds > 0\n", v); return 2; }
        } else if (!strcmp(a, "--max-insns")) {
            NEEDS_VALUE();
            if (!parse_u64(v, &o.max_insns) || !o.max_insns) { fprintf(stderr, "ferry: boot: --max-insns '%s': expected a positive number\n", v); return 2; }
        } else if (!strcmp(a, "--no-reboot")) no_reboot = true;
        else if (!strcmp(a, "--dump-dtb")) { NEEDS_VALUE(); o.dtb_out = v; }
        else if (!strcmp(a, "--trace")) o.trace = true;
        else if (!strcmp(a, "--stats")) stats = true;
        else if ((took = jit_flag_parse(argc, argv, i, &jit)) != 0) {
            if (took < 0)
                return 2;
            i += took - 1;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) { boot_usage(stdout); return 0; }
        else if (a[0] == '-') { fprintf(stderr, "ferry: boot: unknown option '%s' (see ferry boot --help)\n", a); return 2; }
        else if (!add_drive(&o, argv[i])) return 2;
#undef NEEDS_VALUE
    }
    if (o.kernel && !o.append)
        o.append = "console=ttyS0";
    o.timeout_s = timeout;
    if (jit.verify) {
        fprintf(stderr, "ferry: boot: --jit-verify works for Linux programs only (ferry run)\n");
        return 2;
    }
    o.jit_threshold = jit.threshold;
    o.jit_cache_mib = jit.cache_mib;
    o.jit_dump = jit.dump;

    bool window = !headless && !o.trace && display_available();
    if (!headless && !window)
        fprintf(stderr, "ferry: no display: running headless (serial console here; Ctrl-A x quits)\n");
    if (!window)
        terminal_raw(STDIN_FILENO);

    int status;
    for (;;) {
        char err[512];
        VirtMachine *m = virt_new(&o, err, sizeof err);
        if (!m) {
            terminal_restore();
            fprintf(stderr, "ferry: %s\n", err);
            return 1;
        }
        uint64_t t0 = 0;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        t0 = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
        VirtStop stop;
        if (window) {
            DisplayOptions d = { .screenshot_path = screenshot };
            stop = display_run(m, &d);
        } else {
            stop = virt_run(m);
            if (screenshot && write_screenshot(m, screenshot) != 0)
                stop = VIRT_STOP_ERROR;
        }
        if (stats) {
            clock_gettime(CLOCK_MONOTONIC, &ts);
            double secs = (double)((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec - t0) / 1e9;
            VirtStatus st = virt_status(m);
            fprintf(stderr, "ferry: stats: %s after %.3f s, %llu instructions (%.0f MIPS)\n", stop_name(stop), secs,
                    (unsigned long long)st.instructions, secs > 0 ? (double)st.instructions / secs / 1e6 : 0.0);
            virt_print_engine_stats(m, stderr);
        }
        status = virt_exit_status(m);
        virt_free(m);
        if (stop == VIRT_STOP_RESET && !no_reboot)
            continue;
        terminal_restore();
        switch (stop) {
        case VIRT_STOP_POWEROFF: return status == 0 ? 0 : status < 256 ? status : 255;
        case VIRT_STOP_RESET: return 0;
        case VIRT_STOP_REQUESTED: return 0;
        case VIRT_STOP_TIMEOUT:
            fprintf(stderr, "ferry: boot: time limit (%g s) reached\n", timeout);
            return 124;
        case VIRT_STOP_INSN_LIMIT:
            fprintf(stderr, "ferry: boot: instruction limit (%llu) reached\n", (unsigned long long)o.max_insns);
            return 124;
        default: return 1;
        }
    }
}
