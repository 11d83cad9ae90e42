/*
 * How time and the outside world reach the virt machine. The CPU runs on the
 * machine thread and is only ever interrupted between blocks, by setting its
 * stop_request; devices are touched only on the machine thread. A ticker
 * thread sleeps until the next timer deadline or terminal input and then
 * kicks the CPU; frontends queue input in the inbox and kick it too. When
 * the guest waits in wfi, the machine thread sleeps on an eventfd until a
 * kick or a deadline: an idle guest costs no host CPU.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <linux/input-event-codes.h>

#include "../virtio_input.h"
#include "riscv_virt_internal.h"

#define MIP_STIP (1ull << 5)
#define CTRL_A 0x01

void virt_kick(VirtMachine *m)
{
    m->cpu->stop_request = 1;
    uint64_t one = 1;
    ssize_t n = write(m->wake_fd, &one, sizeof one);
    (void)n; /* a full counter already means "wake up" */
}

static void drain(int fd)
{
    uint64_t v;
    ssize_t n = read(fd, &v, sizeof v);
    (void)n;
}

static uint64_t min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }

/* The next moment something is due, in host monotonic ns (UINT64_MAX: none). */
static uint64_t next_deadline(const VirtMachine *m)
{
    uint64_t d = vclock_deadline_ns(&m->clock, clint_next_deadline(m->dev.clint));
    if (m->boot.builtin_sbi && m->sbi_timer != UINT64_MAX && !(m->cpu->csr.mip & MIP_STIP)) {
        /* the SBI timer counts in mtime, which may be offset from the clock */
        uint64_t now = clint_mtime(m->dev.clint);
        uint64_t ticks_left = m->sbi_timer > now ? m->sbi_timer - now : 0;
        uint64_t ns_left = ticks_left > UINT64_MAX / 100 ? UINT64_MAX / 2 : ticks_left * (1000000000u / VCLOCK_HZ);
        d = min_u64(d, vclock_host_ns() + ns_left);
    }
    uint64_t rtc = goldfish_rtc_ns_until_alarm(m->dev.rtc);
    if (rtc != UINT64_MAX)
        d = min_u64(d, vclock_host_ns() + rtc);
    if (m->end_ns)
        d = min_u64(d, m->end_ns);
    return d;
}

/* Input events from frontends go to the virtio-input devices. */
static void deliver_input(VirtMachine *m, const VirtInputEvent *e, unsigned *last_buttons)
{
    if (e->kind == VIRT_EV_KEY) {
        if (!m->dev.keyboard)
            return;
        virtio_input_send(m->dev.keyboard, EV_KEY, e->code, e->down ? 1 : 0);
        virtio_input_send(m->dev.keyboard, EV_SYN, SYN_REPORT, 0);
        return;
    }
    if (!m->dev.tablet || !m->dev.fb.width)
        return;
    /* framebuffer pixels to the tablet's 0..ABS_MAX axes */
    int x = e->x < 0 ? 0 : e->x >= (int)m->dev.fb.width ? (int)m->dev.fb.width - 1 : e->x;
    int y = e->y < 0 ? 0 : e->y >= (int)m->dev.fb.height ? (int)m->dev.fb.height - 1 : e->y;
    int32_t ax = m->dev.fb.width > 1 ? (int32_t)((int64_t)x * VIRTIO_INPUT_ABS_MAX / (m->dev.fb.width - 1)) : 0;
    int32_t ay = m->dev.fb.height > 1 ? (int32_t)((int64_t)y * VIRTIO_INPUT_ABS_MAX / (m->dev.fb.height - 1)) : 0;
    virtio_input_send(m->dev.tablet, EV_ABS, ABS_X, ax);
    virtio_input_send(m->dev.tablet, EV_ABS, ABS_Y, ay);
    static const uint16_t button_codes[3] = { BTN_LEFT, BTN_RIGHT, BTN_MIDDLE };
    for (unsigned b = 0; b < 3; b++)
        if (((e->buttons ^ *last_buttons) >> b) & 1)
            virtio_input_send(m->dev.tablet, EV_KEY, button_codes[b], (e->buttons >> b) & 1);
    *last_buttons = e->buttons;
    virtio_input_send(m->dev.tablet, EV_SYN, SYN_REPORT, 0);
}

void virt_events_process(VirtMachine *m)
{
    static _Thread_local VirtInputEvent events[VIRT_INPUT_QUEUE];
    static _Thread_local unsigned last_buttons;
    unsigned nevents;

    pthread_mutex_lock(&m->inbox.lock);
    nevents = m->inbox.nevents;
    memcpy(events, m->inbox.events, nevents * sizeof events[0]);
    m->inbox.nevents = 0;
    /* serial bytes move to the machine's own queue, which waits for room
     * in the UART's FIFO */
    unsigned room = VIRT_SERIAL_QUEUE - m->pending_serial_len;
    unsigned take = m->inbox.serial_len < room ? m->inbox.serial_len : room;
    memcpy(m->pending_serial + m->pending_serial_len, m->inbox.serial, take);
    m->pending_serial_len += take;
    memmove(m->inbox.serial, m->inbox.serial + take, m->inbox.serial_len - take);
    m->inbox.serial_len -= take;
    pthread_mutex_unlock(&m->inbox.lock);

    for (unsigned i = 0; i < nevents; i++)
        deliver_input(m, &events[i], &last_buttons);
    if (m->pending_serial_len) {
        size_t n = uart16550_receive(m->dev.uart, m->pending_serial, m->pending_serial_len);
        memmove(m->pending_serial, m->pending_serial + n, m->pending_serial_len - n);
        m->pending_serial_len -= (unsigned)n;
    }

    clint_update(m->dev.clint);
    goldfish_rtc_update(m->dev.rtc);
    uint64_t now = clint_mtime(m->dev.clint);
    if (m->boot.builtin_sbi && m->sbi_timer != UINT64_MAX && now >= m->sbi_timer)
        m->cpu->csr.mip |= MIP_STIP;
    uint64_t now_ns = vclock_host_ns();
    if (m->end_ns && now_ns >= m->end_ns && !m->stopping) {
        m->stopping = true;
        m->stop = VIRT_STOP_TIMEOUT;
    }
    if (m->opt.serial_out)
        fflush(m->opt.serial_out);

    /* status for the window title */
    atomic_store(&m->status_insns, m->cpu->instret);
    if (now_ns - m->mips_mark_ns >= 1000000000u) {
        uint64_t insns = m->cpu->instret - m->mips_mark_insns;
        atomic_store(&m->mips_x100, insns * 100 / ((now_ns - m->mips_mark_ns) / 1000));
        m->mips_mark_ns = now_ns;
        m->mips_mark_insns = m->cpu->instret;
    }

    uint64_t d = next_deadline(m);
    if (atomic_exchange(&m->deadline_ns, d) != d) {
        uint64_t one = 1;
        ssize_t n = write(m->ticker_fd, &one, sizeof one);
        (void)n;
    }
}

void virt_events_wait_for_interrupt(VirtMachine *m)
{
    atomic_store(&m->status_idle, true);
    for (;;) {
        virt_events_process(m);
        if (m->stopping || atomic_load(&m->stop_requested))
            break;
        /* a poweroff written just before the wfi (OpenSBI's shutdown does
         * exactly that) */
        if (m->dev.finisher.action != SIFIVE_TEST_NONE)
            break;
        if (m->cpu->csr.mip & m->cpu->csr.mie)
            break;
        uint64_t d = atomic_load(&m->deadline_ns), now = vclock_host_ns();
        int timeout_ms = d == UINT64_MAX ? -1 : d <= now ? 0 : (int)min_u64((d - now + 999999) / 1000000, 1000);
        struct pollfd p = { .fd = m->wake_fd, .events = POLLIN };
        if (poll(&p, 1, timeout_ms) > 0)
            drain(m->wake_fd);
    }
    m->cpu->stop_request = 0;
    atomic_store(&m->status_idle, false);
}

/* Terminal input: Ctrl-A x stops the machine (as in QEMU), Ctrl-A Ctrl-A
 * types a Ctrl-A; everything else goes to the guest. */
static void serial_bytes(VirtMachine *m, const uint8_t *buf, size_t n, bool *escape)
{
    uint8_t out[256];
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = buf[i];
        if (*escape) {
            *escape = false;
            if (c == 'x') {
                virt_request_stop(m);
                continue;
            }
            if (c != CTRL_A)
                continue;
        } else if (c == CTRL_A) {
            *escape = true;
            continue;
        }
        out[len++] = c;
    }
    if (len)
        virt_serial_input(m, out, len);
}

static void *ticker_main(void *arg)
{
    VirtMachine *m = arg;
    uint64_t fired = 0;
    bool escape = false;
    int in_fd = m->opt.serial_in_fd;
    bool in_tty = in_fd >= 0 && isatty(in_fd);
    /* with an instruction or time limit, look at the machine regularly even
     * when no timer is due (a guest with interrupts off must still stop) */
    bool limits = m->opt.max_insns || m->end_ns;
    while (!atomic_load(&m->ticker_quit)) {
        uint64_t d = atomic_load(&m->deadline_ns), now = vclock_host_ns();
        int timeout_ms;
        if (d == UINT64_MAX || d == fired)
            timeout_ms = -1;
        else
            timeout_ms = d <= now ? 0 : (int)min_u64((d - now + 999999) / 1000000, 60000);
        if (limits && (timeout_ms < 0 || timeout_ms > 50))
            timeout_ms = 50;
        /* and now and then anyway, so the status a window shows stays fresh
         * while a guest computes without exits */
        if (timeout_ms < 0 || timeout_ms > 500)
            timeout_ms = 500;
        struct pollfd p[2] = { { .fd = m->ticker_fd, .events = POLLIN }, { .fd = -1 } };
        pthread_mutex_lock(&m->inbox.lock);
        bool room = m->inbox.serial_len < VIRT_SERIAL_QUEUE / 2;
        pthread_mutex_unlock(&m->inbox.lock);
        if (in_fd >= 0 && !m->serial_in_eof && room)
            p[1] = (struct pollfd){ .fd = in_fd, .events = POLLIN };
        int r = poll(p, 2, timeout_ms);
        if (r < 0 && errno != EINTR)
            break;
        if (r > 0 && (p[0].revents & POLLIN)) {
            drain(m->ticker_fd);
            continue;
        }
        if (r > 0 && p[1].revents) {
            uint8_t buf[256];
            ssize_t n = read(in_fd, buf, sizeof buf);
            if (n > 0) {
                if (in_tty)
                    serial_bytes(m, buf, (size_t)n, &escape);
                else
                    virt_serial_input(m, buf, (size_t)n);
            } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                m->serial_in_eof = true;
            }
            continue;
        }
        now = vclock_host_ns();
        if (d != UINT64_MAX && now >= d) {
            fired = d;
            virt_kick(m);
        } else if (r == 0) {
            virt_kick(m);
        }
    }
    return NULL;
}

int virt_events_start(VirtMachine *m, char *err, size_t errlen)
{
    m->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    m->ticker_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (m->wake_fd < 0 || m->ticker_fd < 0) {
        snprintf(err, errlen, "cannot create event descriptors: %s", strerror(errno));
        return -1;
    }
    atomic_store(&m->deadline_ns, UINT64_MAX);
    atomic_store(&m->ticker_quit, false);
    if (pthread_create(&m->ticker, NULL, ticker_main, m) != 0) {
        snprintf(err, errlen, "cannot start the timer thread");
        return -1;
    }
    m->ticker_running = true;
    return 0;
}

void virt_events_stop(VirtMachine *m)
{
    if (m->ticker_running) {
        atomic_store(&m->ticker_quit, true);
        uint64_t one = 1;
        ssize_t n = write(m->ticker_fd, &one, sizeof one);
        (void)n;
        pthread_join(m->ticker, NULL);
        m->ticker_running = false;
    }
    if (m->wake_fd >= 0)
        close(m->wake_fd);
    if (m->ticker_fd >= 0)
        close(m->ticker_fd);
    m->wake_fd = m->ticker_fd = -1;
}
