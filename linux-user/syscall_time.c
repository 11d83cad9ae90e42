/*
 * Clocks, sleeping, and CPU-time accounting. Time comes from the host.
 * struct timespec is 16 bytes for both XLENs (RV32 only has the *_time64
 * calls); struct timeval and the longs of tms/rusage follow the XLEN.
 */
#include "syscall_impl.h"

#include <signal.h>
#include <stdlib.h>

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "signal.h"

SYS_HANDLER(clock_gettime)
{
    struct timespec ts;
    if (clock_gettime((clockid_t)arg_int(a[0]), &ts) != 0)
        return -errno;
    return lu_put_timespec(p, arg_ptr(p, a[1]), &ts);
}

SYS_HANDLER(clock_getres)
{
    struct timespec ts;
    if (clock_getres((clockid_t)arg_int(a[0]), &ts) != 0)
        return -errno;
    uint64_t addr = arg_ptr(p, a[1]);
    return addr ? lu_put_timespec(p, addr, &ts) : 0;
}

/* RV64 only: struct timeval of two longs, struct timezone of two ints */
SYS_HANDLER(gettimeofday)
{
    uint64_t tv_addr = arg_ptr(p, a[0]), tz_addr = arg_ptr(p, a[1]);
    struct timeval tv;
    struct timezone tz;
    if (gettimeofday(&tv, &tz) != 0)
        return -errno;
    if (tv_addr) {
        int64_t g[2] = { tv.tv_sec, tv.tv_usec };
        int err = lu_put(p, tv_addr, g, sizeof g);
        if (err)
            return err;
    }
    if (tz_addr) {
        int32_t g[2] = { tz.tz_minuteswest, tz.tz_dsttime };
        return lu_put(p, tz_addr, g, sizeof g);
    }
    return 0;
}

/* Sleep; when a host signal cuts it short, tell the guest what was left. */
static int64_t sleep_for(LinuxProc *p, clockid_t clk, int flags, uint64_t req_addr, uint64_t rem_addr)
{
    struct timespec req, rem;
    int err = lu_get_timespec(p, req_addr, &req);
    if (err)
        return err;
    /* a host signal that brings the guest no handler (or none at all)
     * does not end the sleep: go on with what is left */
    bool restart;
    while ((err = clock_nanosleep(clk, flags, &req, &rem)) == EINTR && !lu_signal_interrupts(lu_self(), &restart))
        if (!(flags & TIMER_ABSTIME))
            req = rem;
    if (err == EINTR && !(flags & TIMER_ABSTIME) && rem_addr) {
        int perr = lu_put_timespec(p, rem_addr, &rem);
        if (perr)
            return perr;
    }
    return -err;
}

SYS_HANDLER(nanosleep)
{
    return sleep_for(p, CLOCK_MONOTONIC, 0, arg_ptr(p, a[0]), arg_ptr(p, a[1]));
}

SYS_HANDLER(clock_nanosleep)
{
    int flags = arg_int(a[1]);
    if (flags & ~TIMER_ABSTIME)
        return -EINVAL;
    return sleep_for(p, (clockid_t)arg_int(a[0]), flags, arg_ptr(p, a[2]), arg_ptr(p, a[3]));
}

/* store n XLEN-wide longs */
static int put_longs(LinuxProc *p, uint64_t addr, const int64_t *v, int n)
{
    uint8_t buf[32 * 8];
    unsigned w = guest_long_size(p);
    for (int i = 0; i < n; i++)
        memcpy(buf + (size_t)i * w, &v[i], w); /* little endian: the low part */
    return lu_put(p, addr, buf, (size_t)n * w);
}

SYS_HANDLER(times)
{
    struct tms t;
    clock_t r = times(&t);
    if (r == (clock_t)-1)
        return -errno;
    uint64_t addr = arg_ptr(p, a[0]);
    if (addr) {
        int64_t v[4] = { t.tms_utime, t.tms_stime, t.tms_cutime, t.tms_cstime };
        int err = put_longs(p, addr, v, 4);
        if (err)
            return err;
    }
    return r;
}

/* struct rusage: two struct timeval (two longs each) then fourteen longs */
SYS_HANDLER(getrusage)
{
    struct rusage ru;
    if (getrusage(arg_int(a[0]), &ru) != 0)
        return -errno;
    int64_t v[18] = {
        ru.ru_utime.tv_sec, ru.ru_utime.tv_usec, ru.ru_stime.tv_sec, ru.ru_stime.tv_usec,
        ru.ru_maxrss, ru.ru_ixrss, ru.ru_idrss, ru.ru_isrss, ru.ru_minflt, ru.ru_majflt, ru.ru_nswap,
        ru.ru_inblock, ru.ru_oublock, ru.ru_msgsnd, ru.ru_msgrcv, ru.ru_nsignals, ru.ru_nvcsw, ru.ru_nivcsw,
    };
    return put_longs(p, arg_ptr(p, a[1]), v, 18);
}

/* ---- interval timers and POSIX timers: the host's, whose signals come
 * back to the guest through signal.c ---- */

/* struct itimerval: four guest longs (RV32 too: setitimer keeps 32-bit
 * time there) */
static int get_itimerval(LinuxProc *p, uint64_t addr, struct itimerval *it)
{
    unsigned w = guest_long_size(p);
    uint8_t g[32];
    int err = lu_get(p, g, addr, 4 * w);
    if (err)
        return err;
    int64_t v[4];
    for (int i = 0; i < 4; i++) {
        v[i] = 0;
        memcpy(&v[i], g + i * w, w);
        if (w == 4)
            v[i] = (int32_t)v[i];
    }
    it->it_interval.tv_sec = v[0];
    it->it_interval.tv_usec = v[1];
    it->it_value.tv_sec = v[2];
    it->it_value.tv_usec = v[3];
    return 0;
}

static int put_itimerval(LinuxProc *p, uint64_t addr, const struct itimerval *it)
{
    int64_t v[4] = { it->it_interval.tv_sec, it->it_interval.tv_usec, it->it_value.tv_sec, it->it_value.tv_usec };
    return put_longs(p, addr, v, 4);
}

SYS_HANDLER(getitimer)
{
    struct itimerval it;
    if (getitimer((__itimer_which_t)arg_int(a[0]), &it) != 0)
        return -errno;
    return put_itimerval(p, arg_ptr(p, a[1]), &it);
}

SYS_HANDLER(setitimer)
{
    uint64_t new_addr = arg_ptr(p, a[1]), old_addr = arg_ptr(p, a[2]);
    struct itimerval nv, ov;
    memset(&nv, 0, sizeof nv);
    if (new_addr) {
        int err = get_itimerval(p, new_addr, &nv);
        if (err)
            return err;
    }
    if (setitimer((__itimer_which_t)arg_int(a[0]), &nv, &ov) != 0)
        return -errno;
    return old_addr ? put_itimerval(p, old_addr, &ov) : 0;
}

/* struct sigevent: sigval (a guest pointer), signo, notify, then the union
 * (thread id for SIGEV_THREAD_ID) at 16 (RV64) or 12 (RV32) */
enum { G_SIGEV_SIGNAL = 0, G_SIGEV_NONE = 1, G_SIGEV_THREAD_ID = 4 };

SYS_HANDLER(timer_create)
{
    clockid_t clk = (clockid_t)arg_int(a[0]);
    uint64_t sev_addr = arg_ptr(p, a[1]), id_addr = arg_ptr(p, a[2]);
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    if (sev_addr) {
        unsigned w = guest_long_size(p);
        uint8_t g[64];
        int err = lu_get(p, g, sev_addr, sizeof g);
        if (err)
            return err;
        uint64_t value = 0;
        int32_t signo, notify, tid;
        memcpy(&value, g, w);
        memcpy(&signo, g + w, 4);
        memcpy(&notify, g + w + 4, 4);
        memcpy(&tid, g + (w == 8 ? 16 : 12), 4);
        if (notify != G_SIGEV_NONE && notify != G_SIGEV_SIGNAL && notify != G_SIGEV_THREAD_ID)
            return -EINVAL;
        int hsig = lu_sig_to_host(signo);
        if (notify != G_SIGEV_NONE && !hsig)
            return -EINVAL;
        sev.sigev_value.sival_ptr = (void *)(uintptr_t)value;
        sev.sigev_signo = hsig;
        sev.sigev_notify = notify;
        if (notify == G_SIGEV_THREAD_ID)
            sev._sigev_un._tid = tid; /* guest thread ids are host ones */
    }
    int id;
    if (syscall(SYS_timer_create, clk, sev_addr ? &sev : NULL, &id) != 0)
        return -errno;
    lu_signal_timer_targets_thread(id, sev_addr && sev.sigev_notify == G_SIGEV_THREAD_ID);
    int err = lu_put(p, id_addr, &id, sizeof id);
    if (err) {
        syscall(SYS_timer_delete, id);
        return err;
    }
    return 0;
}

/* struct itimerspec: two timespecs (16 bytes each for both XLENs) */
static int get_itimerspec(LinuxProc *p, uint64_t addr, struct itimerspec *it)
{
    int err = lu_get_timespec(p, addr, &it->it_interval);
    return err ? err : lu_get_timespec(p, addr + 16, &it->it_value);
}

static int put_itimerspec(LinuxProc *p, uint64_t addr, const struct itimerspec *it)
{
    int err = lu_put_timespec(p, addr, &it->it_interval);
    return err ? err : lu_put_timespec(p, addr + 16, &it->it_value);
}

SYS_HANDLER(timer_settime)
{
    struct itimerspec nv, ov;
    int err = get_itimerspec(p, arg_ptr(p, a[2]), &nv);
    if (err)
        return err;
    if (syscall(SYS_timer_settime, arg_int(a[0]), arg_int(a[1]), &nv, &ov) != 0)
        return -errno;
    uint64_t old_addr = arg_ptr(p, a[3]);
    return old_addr ? put_itimerspec(p, old_addr, &ov) : 0;
}

SYS_HANDLER(timer_gettime)
{
    struct itimerspec cur;
    if (syscall(SYS_timer_gettime, arg_int(a[0]), &cur) != 0)
        return -errno;
    return put_itimerspec(p, arg_ptr(p, a[1]), &cur);
}

SYS_HANDLER(timer_getoverrun) { (void)p; return host_ret(syscall(SYS_timer_getoverrun, arg_int(a[0]))); }
SYS_HANDLER(timer_delete)
{
    (void)p;
    int64_t r = host_ret(syscall(SYS_timer_delete, arg_int(a[0])));
    if (r == 0)
        lu_signal_timer_targets_thread(arg_int(a[0]), false);
    return r;
}
