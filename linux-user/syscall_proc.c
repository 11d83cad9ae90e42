/*
 * System calls about the process itself: exit, identity, resource limits,
 * scheduling, and what the system reports about itself (uname, sysinfo).
 */
#include "syscall_impl.h"
#include "thread.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

/* ---- threads' bookkeeping ---- */

SYS_HANDLER(set_tid_address)
{
    LinuxThread *t = lu_self();
    t->clear_child_tid = arg_ptr(p, a[0]);
    return t->tid;
}

SYS_HANDLER(set_robust_list)
{
    /* struct robust_list_head: three guest longs */
    if (arg_ulong(p, a[1]) != 3ull * guest_long_size(p))
        return -EINVAL;
    LinuxThread *t = lu_self();
    t->robust_list = arg_ptr(p, a[0]);
    t->robust_list_len = arg_ulong(p, a[1]);
    return 0;
}

SYS_HANDLER(get_robust_list)
{
    int pid = arg_int(a[0]);
    if (pid != 0 && pid != getpid())
        return -ESRCH;
    LinuxThread *t = lu_self();
    int r = lu_put_long(p, arg_ptr(p, a[1]), t->robust_list);
    if (r == 0)
        r = lu_put_long(p, arg_ptr(p, a[2]), t->robust_list_len);
    return r;
}

/* ---- identity ---- */

/* Guest process and thread ids are the host's. */
SYS_HANDLER(getpid) { (void)p; (void)a; return getpid(); }
SYS_HANDLER(gettid) { (void)p; (void)a; return lu_self()->tid; }
SYS_HANDLER(getppid) { (void)p; (void)a; return getppid(); }
SYS_HANDLER(getuid) { (void)p; (void)a; return getuid(); }
SYS_HANDLER(geteuid) { (void)p; (void)a; return geteuid(); }
SYS_HANDLER(getgid) { (void)p; (void)a; return getgid(); }
SYS_HANDLER(getegid) { (void)p; (void)a; return getegid(); }
SYS_HANDLER(getpgid) { (void)p; return host_ret(getpgid(arg_int(a[0]))); }
SYS_HANDLER(getsid) { (void)p; return host_ret(getsid(arg_int(a[0]))); }
SYS_HANDLER(setpgid) { (void)p; return host_ret(setpgid(arg_int(a[0]), arg_int(a[1]))); }
SYS_HANDLER(setsid) { (void)p; (void)a; return host_ret(setsid()); }

/* Three uint32 ids to three guest pointers. */
static int64_t put_three_ids(LinuxProc *p, const uint64_t a[6], uint32_t r, uint32_t e, uint32_t s)
{
    int err = lu_put(p, arg_ptr(p, a[0]), &r, 4);
    if (!err)
        err = lu_put(p, arg_ptr(p, a[1]), &e, 4);
    if (!err)
        err = lu_put(p, arg_ptr(p, a[2]), &s, 4);
    return err;
}

SYS_HANDLER(getresuid)
{
    uid_t r, e, s;
    if (getresuid(&r, &e, &s) != 0)
        return -errno;
    return put_three_ids(p, a, r, e, s);
}

SYS_HANDLER(getresgid)
{
    gid_t r, e, s;
    if (getresgid(&r, &e, &s) != 0)
        return -errno;
    return put_three_ids(p, a, r, e, s);
}

SYS_HANDLER(getgroups)
{
    int size = arg_int(a[0]);
    if (size < 0)
        return -EINVAL;
    int n = getgroups(0, NULL);
    if (n < 0)
        return -errno;
    if (size == 0)
        return n;
    if (size < n)
        return -EINVAL;
    gid_t *groups = calloc((size_t)n + 1, sizeof *groups);
    if (!groups)
        return -ENOMEM;
    n = getgroups(n, groups);
    int64_t r = n < 0 ? -errno : n;
    if (n > 0) {
        /* gid_t is 32 bits on the host and in the guest */
        int err = lu_put(p, arg_ptr(p, a[1]), groups, (size_t)n * sizeof *groups);
        if (err)
            r = err;
    }
    free(groups);
    return r;
}

/* ---- the system ---- */

SYS_HANDLER(uname)
{
    /* struct utsname: six fields of 65 bytes, the same for every Linux ABI */
    struct utsname host;
    if (uname(&host) != 0)
        return -errno;
    struct {
        char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
    } g;
    memset(&g, 0, sizeof g);
    snprintf(g.sysname, sizeof g.sysname, "Linux");
    snprintf(g.nodename, sizeof g.nodename, "%s", host.nodename);
    /* the host kernel serves the calls, so its release is the honest answer
     * (qemu-user reports it too) */
    snprintf(g.release, sizeof g.release, "%s", host.release);
    snprintf(g.version, sizeof g.version, "%s", host.version);
    snprintf(g.machine, sizeof g.machine, "%s", p->xlen == 32 ? "riscv32" : "riscv64");
    snprintf(g.domainname, sizeof g.domainname, "%s", host.domainname);
    return lu_put(p, arg_ptr(p, a[0]), &g, sizeof g);
}

SYS_HANDLER(sysinfo)
{
    struct sysinfo h;
    if (sysinfo(&h) != 0)
        return -errno;
    if (p->xlen == 64) {
        /* struct sysinfo, LP64: the same layout as the x86-64 host's */
        struct {
            int64_t uptime;
            uint64_t loads[3];
            uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
            uint16_t procs, pad;
            uint32_t pad2;
            uint64_t totalhigh, freehigh;
            uint32_t mem_unit;
            uint32_t pad3;
        } g = {
            .uptime = h.uptime,
            .loads = { h.loads[0], h.loads[1], h.loads[2] },
            .totalram = h.totalram, .freeram = h.freeram, .sharedram = h.sharedram,
            .bufferram = h.bufferram, .totalswap = h.totalswap, .freeswap = h.freeswap,
            .procs = h.procs,
            .totalhigh = h.totalhigh, .freehigh = h.freehigh,
            .mem_unit = h.mem_unit,
        };
        _Static_assert(sizeof g == 112, "riscv64 struct sysinfo");
        return lu_put(p, arg_ptr(p, a[0]), &g, sizeof g);
    }
    /* ILP32: 32-bit longs, so scale the memory sizes up by a larger unit
     * until they fit, as Linux does for compat tasks */
    uint64_t unit = h.mem_unit ? h.mem_unit : 1;
    uint64_t mem[8] = { h.totalram, h.freeram, h.sharedram, h.bufferram, h.totalswap, h.freeswap, h.totalhigh,
                        h.freehigh };
    for (;;) {
        bool fits = true;
        for (int i = 0; i < 8; i++)
            fits = fits && mem[i] <= UINT32_MAX;
        if (fits || unit >= (1u << 30))
            break;
        for (int i = 0; i < 8; i++)
            mem[i] >>= 1;
        unit <<= 1;
    }
    struct {
        int32_t uptime;
        uint32_t loads[3];
        uint32_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
        uint16_t procs, pad;
        uint32_t totalhigh, freehigh;
        uint32_t mem_unit;
        char f[8];
    } g = {
        .uptime = (int32_t)h.uptime,
        .loads = { (uint32_t)h.loads[0], (uint32_t)h.loads[1], (uint32_t)h.loads[2] },
        .totalram = (uint32_t)mem[0], .freeram = (uint32_t)mem[1], .sharedram = (uint32_t)mem[2],
        .bufferram = (uint32_t)mem[3], .totalswap = (uint32_t)mem[4], .freeswap = (uint32_t)mem[5],
        .procs = h.procs,
        .totalhigh = (uint32_t)mem[6], .freehigh = (uint32_t)mem[7],
        .mem_unit = (uint32_t)unit,
    };
    _Static_assert(sizeof g == 64, "riscv32 struct sysinfo");
    return lu_put(p, arg_ptr(p, a[0]), &g, sizeof g);
}

SYS_HANDLER(getrandom)
{
    unsigned flags = arg_uint(a[2]);
    if (flags & ~(unsigned)(GRND_NONBLOCK | GRND_RANDOM | 4 /* GRND_INSECURE */))
        return -EINVAL;
    uint64_t addr = arg_ptr(p, a[0]), len = arg_ulong(p, a[1]);
    void *buf = lu_guest(p, addr, len, PROT_WRITE);
    if (!buf)
        return -EFAULT;
    ssize_t r = getrandom(buf, len, flags);
    if (r < 0)
        return -errno;
    lu_wrote(p, addr, (uint64_t)r);
    return r;
}

/* ---- resource limits ---- */

#define GUEST_RLIMIT_NLIMITS 16

/* Limits the guest may set without ferry applying them to itself: they would
 * constrain the emulator's own address space rather than the guest's. */
static bool rlimit_is_virtual(int resource)
{
    return resource == RLIMIT_AS || resource == RLIMIT_DATA || resource == RLIMIT_STACK ||
           resource == RLIMIT_MEMLOCK || resource == RLIMIT_RSS;
}

/* get and/or set one limit of the guest; values are struct rlimit64 */
static int64_t do_prlimit(LinuxProc *p, int resource, const uint64_t *new_lim, uint64_t *old_lim)
{
    if (resource < 0 || resource >= GUEST_RLIMIT_NLIMITS)
        return -EINVAL;
    LuSysState *st = lu_sys_state(p);
    if (!st)
        return -ENOMEM;
    struct rlimit host;
    if (getrlimit((__rlimit_resource_t)resource, &host) != 0)
        return -errno;
    LuRlimit *v = &st->rlim[resource];
    uint64_t cur = v->set ? v->cur : (uint64_t)host.rlim_cur;
    uint64_t max = v->set ? v->max : (uint64_t)host.rlim_max;
    if (new_lim) {
        if (new_lim[0] > new_lim[1])
            return -EINVAL;
        if (rlimit_is_virtual(resource)) {
            /* raising a hard limit needs privilege, as on Linux */
            if (new_lim[1] > max && geteuid() != 0)
                return -EPERM;
            v->set = true;
            v->cur = new_lim[0];
            v->max = new_lim[1];
        } else {
            struct rlimit want = { .rlim_cur = new_lim[0], .rlim_max = new_lim[1] };
            if (setrlimit((__rlimit_resource_t)resource, &want) != 0)
                return -errno;
        }
    }
    if (old_lim) {
        old_lim[0] = cur;
        old_lim[1] = max;
    }
    return 0;
}

SYS_HANDLER(prlimit64)
{
    int pid = arg_int(a[0]);
    int resource = arg_int(a[1]);
    uint64_t new_addr = arg_ptr(p, a[2]), old_addr = arg_ptr(p, a[3]);
    uint64_t new_lim[2] = { 0, 0 }, old_lim[2] = { 0, 0 };
    if (new_addr) {
        int r = lu_get(p, new_lim, new_addr, sizeof new_lim);
        if (r)
            return r;
    }
    if (pid != 0 && pid != getpid()) {
        /* another process: Linux's own checks apply */
        struct rlimit h_new = { .rlim_cur = new_lim[0], .rlim_max = new_lim[1] }, h_old;
        if (prlimit(pid, (__rlimit_resource_t)resource, new_addr ? &h_new : NULL, &h_old) != 0)
            return -errno;
        old_lim[0] = h_old.rlim_cur;
        old_lim[1] = h_old.rlim_max;
    } else {
        int64_t r = do_prlimit(p, resource, new_addr ? new_lim : NULL, old_lim);
        if (r)
            return r;
    }
    return old_addr ? lu_put(p, old_addr, old_lim, sizeof old_lim) : 0;
}

/* RV64 only: struct rlimit of two unsigned longs, i.e. struct rlimit64 */
SYS_HANDLER(getrlimit)
{
    uint64_t lim[2];
    int64_t r = do_prlimit(p, arg_int(a[0]), NULL, lim);
    return r ? r : lu_put(p, arg_ptr(p, a[1]), lim, sizeof lim);
}

SYS_HANDLER(setrlimit)
{
    uint64_t lim[2];
    int r = lu_get(p, lim, arg_ptr(p, a[1]), sizeof lim);
    return r ? r : do_prlimit(p, arg_int(a[0]), lim, NULL);
}

/* ---- scheduling ---- */

#define AFFINITY_MAX 1024 /* bytes of CPU mask: 8192 CPUs */

SYS_HANDLER(sched_getaffinity)
{
    uint64_t len = arg_ulong(p, a[1]);
    if (len & (guest_long_size(p) - 1))
        return -EINVAL;
    uint64_t host_len = (len < AFFINITY_MAX ? len : AFFINITY_MAX) & ~7ull;
    if (host_len == 0)
        return -EINVAL;
    uint8_t mask[AFFINITY_MAX];
    long r = syscall(SYS_sched_getaffinity, arg_int(a[0]), (size_t)host_len, mask);
    if (r < 0)
        return -errno;
    int err = lu_put(p, arg_ptr(p, a[2]), mask, (size_t)r);
    return err ? err : r;
}

SYS_HANDLER(sched_setaffinity)
{
    uint64_t len = arg_ulong(p, a[1]);
    uint8_t mask[AFFINITY_MAX];
    memset(mask, 0, sizeof mask);
    size_t n = len < AFFINITY_MAX ? (size_t)len : AFFINITY_MAX;
    int err = lu_get(p, mask, arg_ptr(p, a[2]), n);
    if (err)
        return err;
    return host_ret(syscall(SYS_sched_setaffinity, arg_int(a[0]), (size_t)((n + 7) & ~(size_t)7), mask));
}

SYS_HANDLER(sched_yield)
{
    (void)p;
    (void)a;
    return host_ret(sched_yield());
}

SYS_HANDLER(getcpu)
{
    unsigned cpu, node;
    if (getcpu(&cpu, &node) != 0)
        return -errno;
    uint64_t cpu_addr = arg_ptr(p, a[0]), node_addr = arg_ptr(p, a[1]);
    int err = cpu_addr ? lu_put(p, cpu_addr, &cpu, 4) : 0;
    if (!err && node_addr)
        err = lu_put(p, node_addr, &node, 4);
    return err;
}

/* ---- odds and ends ---- */

SYS_HANDLER(umask)
{
    (void)p;
    return umask((mode_t)(arg_uint(a[0]) & 0777));
}

SYS_HANDLER(prctl)
{
    int option = arg_int(a[0]);
    switch (option) {
    case PR_SET_NAME: {
        /* up to 15 bytes; the string may end sooner, even at a mapping's end */
        char name[16];
        uint64_t addr = arg_ptr(p, a[1]);
        int64_t n = gs_strlen(&p->gs, addr, sizeof name - 1);
        size_t len = n >= 0 ? (size_t)n : sizeof name - 1;
        int err = lu_get(p, name, addr, len);
        if (err)
            return err;
        name[len] = 0;
        return host_ret(prctl(PR_SET_NAME, (unsigned long)name, 0ul, 0ul, 0ul));
    }
    case PR_GET_NAME: {
        char name[16] = { 0 };
        if (prctl(PR_GET_NAME, (unsigned long)name, 0ul, 0ul, 0ul) != 0)
            return -errno;
        return lu_put(p, arg_ptr(p, a[1]), name, sizeof name);
    }
    case PR_GET_DUMPABLE:
        return host_ret(prctl(PR_GET_DUMPABLE, 0ul, 0ul, 0ul, 0ul));
    case PR_SET_DUMPABLE:
        return host_ret(prctl(PR_SET_DUMPABLE, (unsigned long)arg_ulong(p, a[1]), 0ul, 0ul, 0ul));
    default:
        return -EINVAL;
    }
}

/* The guest asks that instruction fetches see its stores to [start, end):
 * drop translations there (stores are tracked anyway; this is cheap). */
SYS_HANDLER(riscv_flush_icache)
{
    uint64_t start = arg_ptr(p, a[0]), end = arg_ptr(p, a[1]);
    if (arg_ulong(p, a[2]) & ~1ull) /* SYS_RISCV_FLUSH_ICACHE_LOCAL only */
        return -EINVAL;
    if (end > p->gs.size)
        end = p->gs.size;
    /* every thread: this is how RISC-V Linux programs make code they wrote
     * visible to the other harts */
    if (start < end)
        lu_code_changed_all(p, start, end - start);
    return 0;
}
