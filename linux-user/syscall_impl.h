/*
 * Shared by the files that implement system calls (syscall*.c, strace.c): the
 * dispatch-table entry, argument decoding by XLEN, and checked access to guest
 * memory. Nothing here is for the rest of ferry; see syscall.h for that.
 */
#ifndef FERRY_SYSCALL_IMPL_H
#define FERRY_SYSCALL_IMPL_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "process.h"
#include "syscall.h"

/* How --strace shows an argument. */
typedef enum SysArg {
    SA_END = 0,      /* no more arguments */
    SA_INT,          /* signed 32-bit */
    SA_UINT,         /* unsigned 32-bit */
    SA_LONG,         /* signed, XLEN bits */
    SA_ULONG,        /* unsigned, XLEN bits (sizes) */
    SA_HEX,          /* XLEN bits in hex */
    SA_PTR,          /* guest address, NULL when 0 */
    SA_STR,          /* NUL-terminated guest string */
    SA_BUF,          /* guest bytes the call reads; length is the next argument */
    SA_FD,           /* file descriptor */
    SA_DIRFD,        /* file descriptor or AT_FDCWD */
    SA_OPEN_FLAGS,   /* O_* */
    SA_MODE,         /* octal permissions */
    SA_AT_FLAGS,     /* AT_* */
    SA_PROT,         /* PROT_* */
    SA_MAP_FLAGS,    /* MAP_* */
    SA_MADVICE,      /* MADV_* */
    SA_WHENCE,       /* SEEK_* */
    SA_IOCTL,        /* ioctl request */
    SA_FCNTL,        /* fcntl command */
    SA_SIGNAL,       /* signal number */
    SA_SIGHOW,       /* SIG_BLOCK ... */
    SA_CLOCK,        /* clock id */
    SA_RLIMIT,       /* RLIMIT_* */
    SA_FUTEX_OP,     /* FUTEX_* */
} SysArg;

/* How --strace shows the result. */
typedef enum SysRet {
    SR_INT = 0,      /* number, or -1 ERRNO (text) */
    SR_HEX,          /* address (mmap, brk) */
    SR_NORETURN,     /* exit, exit_group: logged before the call as "= ?" */
} SysRet;

typedef int64_t (*SysFn)(LinuxProc *p, const uint64_t a[6]);

enum {
    SYS_RV32 = 1,    /* exists for RV32 guests */
    SYS_RV64 = 2,    /* exists for RV64 guests */
    SYS_BOTH = SYS_RV32 | SYS_RV64,
};

typedef struct SysEntry {
    const char *name;
    SysFn fn;        /* NULL: a known call ferry does not implement (-ENOSYS) */
    uint8_t args[6]; /* SysArg, SA_END after the last */
    uint8_t ret;     /* SysRet */
    uint8_t xlens;   /* SYS_RV32 / SYS_RV64; 0 means both */
} SysEntry;

/* The entry for number nr as a guest of this XLEN sees it, NULL when the
 * number means nothing there. */
const SysEntry *lu_sys_entry(unsigned xlen, uint64_t nr);

/* ---- arguments: raw 64-bit registers, narrowed as the guest's C types ---- */

static inline uint64_t arg_ulong(const LinuxProc *p, uint64_t v)
{
    return p->xlen == 32 ? (uint32_t)v : v;
}
static inline int64_t arg_long(const LinuxProc *p, uint64_t v)
{
    return p->xlen == 32 ? (int64_t)(int32_t)(uint32_t)v : (int64_t)v;
}
/* a guest address */
static inline uint64_t arg_ptr(const LinuxProc *p, uint64_t v) { return arg_ulong(p, v); }
static inline int arg_int(uint64_t v) { return (int32_t)(uint32_t)v; }
static inline unsigned arg_uint(uint64_t v) { return (uint32_t)v; }
/* A 64-bit argument (loff_t): one register on RV64, a low/high register pair
 * starting at a[i] on RV32 (the ilp32 ABI does not align the pair). */
static inline uint64_t arg_u64(const LinuxProc *p, const uint64_t a[6], int i)
{
    if (p->xlen == 64)
        return a[i];
    return (uint32_t)a[i] | (uint64_t)(uint32_t)a[i + 1] << 32;
}
/* size in bytes of the guest's long / pointer */
static inline unsigned guest_long_size(const LinuxProc *p) { return p->xlen / 8; }

/* ---- guest memory ---- */

/* Host pointer for [addr, addr+len) mapped with at least prot, or NULL. */
void *lu_guest(LinuxProc *p, uint64_t addr, uint64_t len, int prot);
/* Copy n bytes from guest addr into dst: 0 or -EFAULT. */
int lu_get(LinuxProc *p, void *dst, uint64_t addr, size_t n);
/* Copy n bytes to guest addr (which must be writable): 0 or -EFAULT. Tells
 * the translation cache the bytes changed. */
int lu_put(LinuxProc *p, uint64_t addr, const void *src, size_t n);
/* The host wrote [addr, addr+len) of guest memory itself (read(), ...). */
void lu_wrote(LinuxProc *p, uint64_t addr, uint64_t len);
/* Copy the guest path at addr into buf (LU_PATH_MAX bytes): 0, -EFAULT, or
 * -ENAMETOOLONG. */
int lu_get_path(LinuxProc *p, uint64_t addr, char *buf);
/* Store an XLEN-sized integer. */
int lu_put_long(LinuxProc *p, uint64_t addr, uint64_t v);
/* Guest struct timespec (16 bytes for RV64, and for RV32's *_time64 calls):
 * lu_get_timespec gives -EINVAL for a nanosecond field out of range. */
int lu_get_timespec(LinuxProc *p, uint64_t addr, struct timespec *ts);
int lu_put_timespec(LinuxProc *p, uint64_t addr, const struct timespec *ts);

/* errno as a negative result, for host calls that return -1 */
static inline int64_t host_ret(int64_t r) { return r < 0 ? -(int64_t)errno : r; }

/* ---- strace ---- */

/* "+++ killed by SIGxxx +++" */
void lu_strace_killed(LinuxProc *p, int sig);
/* Log one finished call (or, for SR_NORETURN, one about to finish). */
void lu_strace_call(LinuxProc *p, const SysEntry *e, uint64_t nr, const uint64_t a[6], int64_t ret);

/* ---- handlers (one per implemented call) ---- */

#define SYS_HANDLER(name) int64_t lu_sys_##name(LinuxProc *p, const uint64_t a[6])

/* syscall_clone.c: processes and threads */
SYS_HANDLER(exit);
SYS_HANDLER(exit_group);
SYS_HANDLER(clone);
SYS_HANDLER(clone3);
SYS_HANDLER(execve);
SYS_HANDLER(wait4);
SYS_HANDLER(waitid);

/* syscall_proc.c: identity, limits, system information */
SYS_HANDLER(set_tid_address);
SYS_HANDLER(set_robust_list);
SYS_HANDLER(get_robust_list);
SYS_HANDLER(getpid);
SYS_HANDLER(getppid);
SYS_HANDLER(gettid);
SYS_HANDLER(getuid);
SYS_HANDLER(geteuid);
SYS_HANDLER(getgid);
SYS_HANDLER(getegid);
SYS_HANDLER(getresuid);
SYS_HANDLER(getresgid);
SYS_HANDLER(getpgid);
SYS_HANDLER(getsid);
SYS_HANDLER(setpgid);
SYS_HANDLER(setsid);
SYS_HANDLER(getgroups);
SYS_HANDLER(uname);
SYS_HANDLER(sysinfo);
SYS_HANDLER(prlimit64);
SYS_HANDLER(getrlimit);
SYS_HANDLER(setrlimit);
SYS_HANDLER(getrandom);
SYS_HANDLER(sched_getaffinity);
SYS_HANDLER(sched_setaffinity);
SYS_HANDLER(sched_yield);
SYS_HANDLER(getcpu);
SYS_HANDLER(umask);
SYS_HANDLER(prctl);
SYS_HANDLER(riscv_flush_icache);

/* syscall_fs.c: paths and file metadata (every path through path.h) */
SYS_HANDLER(openat);
SYS_HANDLER(openat2);
SYS_HANDLER(readlinkat);
SYS_HANDLER(fstat);
SYS_HANDLER(newfstatat);
SYS_HANDLER(statx);
SYS_HANDLER(statfs);
SYS_HANDLER(fstatfs);
SYS_HANDLER(getcwd);
SYS_HANDLER(chdir);
SYS_HANDLER(fchdir);
SYS_HANDLER(chroot);
SYS_HANDLER(getdents64);
SYS_HANDLER(mkdirat);
SYS_HANDLER(mknodat);
SYS_HANDLER(unlinkat);
SYS_HANDLER(symlinkat);
SYS_HANDLER(renameat2);
SYS_HANDLER(linkat);
SYS_HANDLER(faccessat);
SYS_HANDLER(faccessat2);
SYS_HANDLER(fchmod);
SYS_HANDLER(fchmodat);
SYS_HANDLER(fchown);
SYS_HANDLER(fchownat);
SYS_HANDLER(utimensat);
SYS_HANDLER(truncate);
SYS_HANDLER(getxattr);
SYS_HANDLER(lgetxattr);
SYS_HANDLER(fgetxattr);
SYS_HANDLER(setxattr);
SYS_HANDLER(lsetxattr);
SYS_HANDLER(fsetxattr);
SYS_HANDLER(listxattr);
SYS_HANDLER(llistxattr);
SYS_HANDLER(flistxattr);
SYS_HANDLER(removexattr);
SYS_HANDLER(lremovexattr);
SYS_HANDLER(fremovexattr);
SYS_HANDLER(inotify_add_watch);

/* syscall_io.c: open descriptors */
SYS_HANDLER(read);
SYS_HANDLER(write);
SYS_HANDLER(readv);
SYS_HANDLER(writev);
SYS_HANDLER(pread64);
SYS_HANDLER(pwrite64);
SYS_HANDLER(preadv);
SYS_HANDLER(pwritev);
SYS_HANDLER(preadv2);
SYS_HANDLER(pwritev2);
SYS_HANDLER(close);
SYS_HANDLER(close_range);
SYS_HANDLER(lseek);
SYS_HANDLER(llseek);
SYS_HANDLER(dup);
SYS_HANDLER(dup3);
SYS_HANDLER(pipe2);
SYS_HANDLER(flock);
SYS_HANDLER(memfd_create);
SYS_HANDLER(ftruncate);
SYS_HANDLER(fsync);
SYS_HANDLER(fdatasync);
SYS_HANDLER(sync);
SYS_HANDLER(syncfs);
SYS_HANDLER(sync_file_range);
SYS_HANDLER(fallocate);
SYS_HANDLER(fadvise64);
SYS_HANDLER(readahead);
SYS_HANDLER(sendfile);
SYS_HANDLER(copy_file_range);
SYS_HANDLER(splice);
SYS_HANDLER(tee);
SYS_HANDLER(fcntl);
SYS_HANDLER(ioctl);

/* syscall_poll.c: waiting on descriptors, event descriptors */
SYS_HANDLER(ppoll);
SYS_HANDLER(pselect6);
SYS_HANDLER(epoll_create1);
SYS_HANDLER(epoll_ctl);
SYS_HANDLER(epoll_pwait);
SYS_HANDLER(epoll_pwait2);
SYS_HANDLER(eventfd2);
SYS_HANDLER(timerfd_create);
SYS_HANDLER(timerfd_settime);
SYS_HANDLER(timerfd_gettime);
SYS_HANDLER(inotify_init1);
SYS_HANDLER(inotify_rm_watch);

/* syscall_mem.c: address space */
SYS_HANDLER(brk);
SYS_HANDLER(mmap);
SYS_HANDLER(mmap2);
SYS_HANDLER(munmap);
SYS_HANDLER(mprotect);
SYS_HANDLER(madvise);
SYS_HANDLER(mremap);
SYS_HANDLER(msync);
SYS_HANDLER(mlock);
SYS_HANDLER(munlock);
SYS_HANDLER(futex);

/* syscall_time.c: clocks and sleeping */
SYS_HANDLER(clock_gettime);
SYS_HANDLER(clock_getres);
SYS_HANDLER(gettimeofday);
SYS_HANDLER(nanosleep);
SYS_HANDLER(clock_nanosleep);
SYS_HANDLER(times);
SYS_HANDLER(getrusage);
SYS_HANDLER(getitimer);
SYS_HANDLER(setitimer);
SYS_HANDLER(timer_create);
SYS_HANDLER(timer_settime);
SYS_HANDLER(timer_gettime);
SYS_HANDLER(timer_getoverrun);
SYS_HANDLER(timer_delete);

/* syscall_signal.c: signal actions, masks, sending and waiting */
SYS_HANDLER(rt_sigaction);
SYS_HANDLER(rt_sigprocmask);
SYS_HANDLER(rt_sigpending);
SYS_HANDLER(sigaltstack);
SYS_HANDLER(kill);
SYS_HANDLER(tkill);
SYS_HANDLER(tgkill);
SYS_HANDLER(rt_sigsuspend);
SYS_HANDLER(rt_sigtimedwait);
SYS_HANDLER(rt_sigtimedwait_time64);
SYS_HANDLER(rt_sigqueueinfo);
SYS_HANDLER(rt_tgsigqueueinfo);
/* signalfd.c */
SYS_HANDLER(signalfd4);

#endif
