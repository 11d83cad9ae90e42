/*
 * Clocks, sleeping, and CPU-time accounting. Time comes from the host.
 * struct timespec is 16 bytes for both XLENs (RV32 only has the *_time64
 * calls); struct timeval and the longs of tms/rusage follow the XLEN.
 */
#include "syscall_impl.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

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
    err = clock_nanosleep(clk, flags, &req, &rem);
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
