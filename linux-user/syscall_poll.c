/*
 * Waiting on descriptors and the descriptors made for waiting: ppoll,
 * pselect6, epoll, eventfd, timerfd, inotify. The host does the waiting;
 * ferry translates the structures whose guest layout differs from x86-64's
 * (fd_set words, struct epoll_event, struct itimerspec on RV32) and the
 * temporary signal mask these calls may carry.
 */
#include "syscall_impl.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "signal.h"

/* ---- the temporary signal mask ----
 *
 * ppoll, pselect6 and epoll_pwait may name a mask the thread uses while it
 * waits. It is applied as rt_sigsuspend does: the thread's mask becomes the
 * temporary one, and restore_mask/saved_mask (process.h) make the signal
 * code give a handler that interrupts the wait the old mask in its frame,
 * so that it comes back on rt_sigreturn. A signal the temporary mask lets
 * through that is pending already ends the wait at once with EINTR.
 *
 * Hook for the signal layer: when it offers
 *     int lu_sig_set_temp_mask(LinuxProc *, uint64_t mask)
 * (and the matching end), temp_mask_begin/temp_mask_end below are the only
 * two places to change. A signal that arrives between the pending check and
 * the host's blocking call is only seen when the wait ends for another
 * reason; closing that window needs the host wait to unblock ferry's wake-up
 * signal atomically, which is the signal layer's to provide.
 */

#define GUEST_SIGSET_SIZE 8

/* Install the guest's temporary mask read from addr (0: none). Returns 0,
 * -EINTR when a signal it unblocks is already pending, or -errno; *set says
 * whether temp_mask_end has work to do. */
static int temp_mask_begin(LinuxProc *p, uint64_t addr, uint64_t size, bool *set)
{
    *set = false;
    if (!addr)
        return 0;
    if (size != GUEST_SIGSET_SIZE)
        return -EINVAL;
    uint64_t mask;
    int err = lu_get(p, &mask, addr, sizeof mask);
    if (err)
        return err;
    LinuxThread *t = lu_self();
    LuSysState *st = p->sys;
    if (!t || !st)
        return 0;
    pthread_mutex_lock(&st->sig_lock);
    if (!t->restore_mask) {
        /* (a call repeated after an interruption keeps the first saved mask) */
        t->saved_mask = t->sigmask;
        t->restore_mask = true;
    }
    t->sigmask = mask & ~LU_UNBLOCKABLE;
    pthread_mutex_unlock(&st->sig_lock);
    *set = true;
    bool restart;
    if (lu_signal_interrupts(t, &restart))
        return -EINTR;
    return 0;
}

/* The call is over with result r: put the old mask back unless a handler is
 * about to run (EINTR), which gets it through its frame. */
static void temp_mask_end(LinuxProc *p, bool set, int64_t r)
{
    if (!set || r == -EINTR)
        return;
    LinuxThread *t = lu_self();
    LuSysState *st = p->sys;
    pthread_mutex_lock(&st->sig_lock);
    if (t->restore_mask) {
        t->sigmask = t->saved_mask;
        t->restore_mask = false;
    }
    pthread_mutex_unlock(&st->sig_lock);
}

/* The guest's timeout (NULL: none) as a host timespec, in *ts; *tsp points
 * at it or is NULL. */
static int get_timeout(LinuxProc *p, uint64_t addr, struct timespec *ts, struct timespec **tsp)
{
    *tsp = NULL;
    if (!addr)
        return 0;
    int err = lu_get_timespec(p, addr, ts);
    if (err)
        return err;
    *tsp = ts;
    return 0;
}

/* the descriptor limit, which bounds nfds and select's n */
static uint64_t fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur > (1u << 20))
        return 1u << 20;
    return rl.rlim_cur;
}

/* ---- ppoll ---- */

/* ppoll(fds, nfds, timeout, sigmask, sigsetsize); ppoll_time64 on RV32.
 * struct pollfd and the POLL* bits are the same everywhere, so the host
 * works on the guest's array. Like Linux, the remaining time is written
 * back into the timeout. */
SYS_HANDLER(ppoll)
{
    uint64_t addr = arg_ptr(p, a[0]), tmo = arg_ptr(p, a[2]);
    unsigned nfds = arg_uint(a[1]);
    if (nfds > fd_limit())
        return -EINVAL;
    struct pollfd *fds = lu_guest(p, addr, (uint64_t)nfds * sizeof *fds, PROT_READ | PROT_WRITE);
    if (!fds)
        return -EFAULT;
    struct timespec ts, *tsp;
    int err = get_timeout(p, tmo, &ts, &tsp);
    if (err)
        return err;
    bool masked;
    int64_t r = temp_mask_begin(p, arg_ptr(p, a[3]), arg_ulong(p, a[4]), &masked);
    if (r == 0)
        r = host_ret(syscall(SYS_ppoll, fds, nfds, tsp, NULL, 8));
    temp_mask_end(p, masked, r);
    if (r >= 0)
        lu_wrote(p, addr, (uint64_t)nfds * sizeof *fds);
    if (tsp && (r >= 0 || r == -EINTR))
        lu_put_timespec(p, tmo, tsp);
    return r;
}

/* ---- pselect6 ---- */

/* One fd_set: the guest's is an array of XLEN-bit longs, the host's of
 * 64-bit ones, both little-endian, so the bits are the same bytes; only the
 * length rounds differently. */
typedef struct FdSet {
    uint64_t addr;       /* guest address, 0 for none */
    uint64_t *host;      /* host words, NULL for none */
} FdSet;

static int fdset_get(LinuxProc *p, FdSet *s, uint64_t addr, uint64_t *words, size_t gbytes, size_t hbytes)
{
    s->addr = addr;
    s->host = NULL;
    if (!addr)
        return 0;
    memset(words, 0, hbytes);
    int err = lu_get(p, words, addr, gbytes);
    if (err)
        return err;
    s->host = words;
    return 0;
}

/* pselect6(n, in, out, except, timeout, sig): sig points at { sigset
 * pointer, sigset size } in guest longs. pselect6_time64 on RV32. */
SYS_HANDLER(pselect6)
{
    int64_t n = arg_int(a[0]);
    if (n < 0)
        return -EINVAL;
    if ((uint64_t)n > fd_limit())
        n = (int64_t)fd_limit(); /* Linux clamps to the descriptor table */
    unsigned w = guest_long_size(p);
    size_t gbytes = (size_t)(n + 8 * w - 1) / (8 * w) * w;
    size_t hbytes = (size_t)(n + 63) / 64 * 8;
    uint64_t *words = calloc(3, hbytes ? hbytes : 8);
    if (!words)
        return -ENOMEM;
    size_t hw = hbytes / 8;
    FdSet sets[3];
    int64_t r = 0;
    for (int i = 0; i < 3 && r == 0; i++)
        r = fdset_get(p, &sets[i], arg_ptr(p, a[1 + i]), words + i * hw, gbytes, hbytes);
    uint64_t tmo = arg_ptr(p, a[4]);
    struct timespec ts, *tsp = NULL;
    if (r == 0)
        r = get_timeout(p, tmo, &ts, &tsp);
    uint64_t mask_addr = 0, mask_size = 0;
    uint64_t sig = arg_ptr(p, a[5]);
    if (r == 0 && sig) {
        uint64_t pair[2] = { 0, 0 };
        const uint8_t *g = lu_guest(p, sig, 2 * w, PROT_READ);
        if (!g) {
            r = -EFAULT;
        } else {
            memcpy(&pair[0], g, w);
            memcpy(&pair[1], g + w, w);
            mask_addr = pair[0];
            mask_size = pair[1];
        }
    }
    bool masked = false;
    if (r == 0)
        r = temp_mask_begin(p, mask_addr, mask_size, &masked);
    if (r == 0)
        r = host_ret(syscall(SYS_pselect6, (int)n, sets[0].host, sets[1].host, sets[2].host, tsp, NULL));
    temp_mask_end(p, masked, r);
    if (r >= 0) {
        for (int i = 0; i < 3; i++) {
            if (!sets[i].host)
                continue;
            int err = lu_put(p, sets[i].addr, sets[i].host, gbytes);
            if (err) {
                r = err;
                break;
            }
        }
    }
    if (tsp && (r >= 0 || r == -EINTR))
        lu_put_timespec(p, tmo, tsp);
    free(words);
    return r;
}

/* ---- epoll ---- */

/* struct epoll_event on RISC-V: not packed (x86-64's is), so 16 bytes */
typedef struct GuestEpollEvent {
    uint32_t events;
    uint32_t pad;
    uint64_t data;
} GuestEpollEvent;
_Static_assert(sizeof(GuestEpollEvent) == 16, "riscv struct epoll_event");

SYS_HANDLER(epoll_create1)
{
    (void)p;
    return host_ret(epoll_create1(arg_int(a[0])));
}

SYS_HANDLER(epoll_ctl)
{
    int op = arg_int(a[1]);
    uint64_t addr = arg_ptr(p, a[3]);
    struct epoll_event h = { 0 }, *hp = NULL;
    if (op != EPOLL_CTL_DEL || addr) {
        GuestEpollEvent g;
        int err = lu_get(p, &g, addr, sizeof g);
        if (err)
            return err;
        h.events = g.events;
        h.data.u64 = g.data;
        hp = &h;
    }
    return host_ret(epoll_ctl(arg_int(a[0]), op, arg_int(a[2]), hp));
}

/* at most this many events per call: returning fewer than maxevents is
 * what epoll_wait may always do */
#define EPOLL_BATCH 1024

/* the wait of epoll_pwait (timeout in ms) and epoll_pwait2 (a timespec) */
static int64_t epoll_wait_common(LinuxProc *p, const uint64_t a[6], int timeout_ms, const struct timespec *ts,
                                 bool two)
{
    int maxevents = arg_int(a[2]);
    if (maxevents <= 0 || (uint64_t)maxevents > INT32_MAX / sizeof(GuestEpollEvent))
        return -EINVAL;
    uint64_t addr = arg_ptr(p, a[1]);
    if (!lu_guest(p, addr, (uint64_t)maxevents * sizeof(GuestEpollEvent), PROT_WRITE))
        return -EFAULT;
    int n = maxevents < EPOLL_BATCH ? maxevents : EPOLL_BATCH;
    struct epoll_event *ev = malloc((size_t)n * sizeof *ev);
    if (!ev)
        return -ENOMEM;
    bool masked;
    int64_t r = temp_mask_begin(p, arg_ptr(p, a[4]), arg_ulong(p, a[5]), &masked);
    if (r == 0) {
        if (two)
            r = host_ret(syscall(SYS_epoll_pwait2, arg_int(a[0]), ev, n, ts, NULL, 8));
        else
            r = host_ret(epoll_pwait(arg_int(a[0]), ev, n, timeout_ms, NULL));
    }
    temp_mask_end(p, masked, r);
    for (int64_t i = 0; i < r; i++) {
        GuestEpollEvent g = { .events = ev[i].events, .pad = 0, .data = ev[i].data.u64 };
        int err = lu_put(p, addr + (uint64_t)i * sizeof g, &g, sizeof g);
        if (err) {
            r = err;
            break;
        }
    }
    free(ev);
    return r;
}

/* epoll_pwait(epfd, events, maxevents, timeout, sigmask, sigsetsize) */
SYS_HANDLER(epoll_pwait)
{
    return epoll_wait_common(p, a, arg_int(a[3]), NULL, false);
}

/* epoll_pwait2(epfd, events, maxevents, timespec *timeout, sigmask, size) */
SYS_HANDLER(epoll_pwait2)
{
    struct timespec ts, *tsp;
    int err = get_timeout(p, arg_ptr(p, a[3]), &ts, &tsp);
    if (err)
        return err;
    return epoll_wait_common(p, a, -1, tsp, true);
}

/* ---- eventfd, timerfd, inotify ---- */

SYS_HANDLER(eventfd2)
{
    (void)p;
    return host_ret(eventfd(arg_uint(a[0]), arg_int(a[1])));
}

SYS_HANDLER(timerfd_create)
{
    (void)p;
    return host_ret(timerfd_create(arg_int(a[0]), arg_int(a[1])));
}

/* struct itimerspec: interval, then value, each a guest timespec (16 bytes
 * on RV64 and in RV32's *_time64 calls) */
static int get_itimerspec(LinuxProc *p, uint64_t addr, struct itimerspec *its)
{
    int err = lu_get_timespec(p, addr, &its->it_interval);
    return err ? err : lu_get_timespec(p, addr + 16, &its->it_value);
}

static int put_itimerspec(LinuxProc *p, uint64_t addr, const struct itimerspec *its)
{
    int err = lu_put_timespec(p, addr, &its->it_interval);
    return err ? err : lu_put_timespec(p, addr + 16, &its->it_value);
}

/* timerfd_settime(fd, flags, new, old) */
SYS_HANDLER(timerfd_settime)
{
    struct itimerspec nv, ov;
    int err = get_itimerspec(p, arg_ptr(p, a[2]), &nv);
    if (err)
        return err;
    uint64_t old = arg_ptr(p, a[3]);
    if (old && !lu_guest(p, old, 32, PROT_WRITE))
        return -EFAULT;
    if (timerfd_settime(arg_int(a[0]), arg_int(a[1]), &nv, old ? &ov : NULL) != 0)
        return -errno;
    return old ? put_itimerspec(p, old, &ov) : 0;
}

SYS_HANDLER(timerfd_gettime)
{
    struct itimerspec cur;
    uint64_t addr = arg_ptr(p, a[1]);
    if (!lu_guest(p, addr, 32, PROT_WRITE))
        return -EFAULT;
    if (timerfd_gettime(arg_int(a[0]), &cur) != 0)
        return -errno;
    return put_itimerspec(p, addr, &cur);
}

SYS_HANDLER(inotify_init1)
{
    (void)p;
    return host_ret(syscall(SYS_inotify_init1, arg_int(a[0])));
}

SYS_HANDLER(inotify_rm_watch)
{
    (void)p;
    return host_ret(syscall(SYS_inotify_rm_watch, arg_int(a[0]), arg_int(a[1])));
}
