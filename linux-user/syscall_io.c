/*
 * System calls on open file descriptors: reading and writing, seeking,
 * descriptor flags, ioctl, pipes, polling. Guest descriptors are host
 * descriptors. Guest buffers are handed to the host kernel directly once
 * checked to lie in guest memory mapped with the right protection.
 */
#include "syscall_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

/* RISC-V uses the asm-generic values for these, and so does x86-64, so
 * flags pass between guest and host unchanged. */
_Static_assert(O_NONBLOCK == 04000 && O_APPEND == 02000 && O_CLOEXEC == 02000000, "asm-generic O_* values");
_Static_assert(F_DUPFD_CLOEXEC == 1030 && F_SETLKW == 7 && F_OFD_SETLKW == 38, "asm-generic F_* values");
_Static_assert(TCGETS == 0x5401 && TIOCGWINSZ == 0x5413 && FIONREAD == 0x541b, "asm-generic ioctl numbers");

#define GUEST_UIO_MAXIOV 1024

/* ---- read and write ---- */

SYS_HANDLER(read)
{
    uint64_t addr = arg_ptr(p, a[1]), len = arg_ulong(p, a[2]);
    void *buf = lu_guest(p, addr, len, PROT_WRITE);
    if (!buf)
        return -EFAULT;
    ssize_t r = read(arg_int(a[0]), buf, len);
    if (r < 0)
        return -errno;
    lu_wrote(p, addr, (uint64_t)r);
    return r;
}

SYS_HANDLER(write)
{
    const void *buf = lu_guest(p, arg_ptr(p, a[1]), arg_ulong(p, a[2]), PROT_READ);
    if (!buf)
        return -EFAULT;
    return host_ret(write(arg_int(a[0]), buf, arg_ulong(p, a[2])));
}

SYS_HANDLER(pread64)
{
    uint64_t addr = arg_ptr(p, a[1]), len = arg_ulong(p, a[2]);
    void *buf = lu_guest(p, addr, len, PROT_WRITE);
    if (!buf)
        return -EFAULT;
    ssize_t r = pread(arg_int(a[0]), buf, len, (off_t)arg_u64(p, a, 3));
    if (r < 0)
        return -errno;
    lu_wrote(p, addr, (uint64_t)r);
    return r;
}

SYS_HANDLER(pwrite64)
{
    const void *buf = lu_guest(p, arg_ptr(p, a[1]), arg_ulong(p, a[2]), PROT_READ);
    if (!buf)
        return -EFAULT;
    return host_ret(pwrite(arg_int(a[0]), buf, arg_ulong(p, a[2]), (off_t)arg_u64(p, a, 3)));
}

/* ---- vectored I/O ---- */

typedef struct IoVec {
    struct iovec host[GUEST_UIO_MAXIOV];
    uint64_t guest_base[GUEST_UIO_MAXIOV];
    int count;
} IoVec;

/* Read the guest's iovec array (pointer + length, each XLEN wide) and check
 * every buffer for `prot`. */
static int64_t iov_get(LinuxProc *p, uint64_t addr, int count, int prot, IoVec *v)
{
    if (count < 0 || count > GUEST_UIO_MAXIOV)
        return -EINVAL;
    unsigned w = guest_long_size(p);
    const uint8_t *g = lu_guest(p, addr, (uint64_t)count * 2 * w, PROT_READ);
    if (!g)
        return -EFAULT;
    uint64_t total = 0;
    for (int i = 0; i < count; i++) {
        uint64_t base = 0, len = 0;
        memcpy(&base, g + (size_t)i * 2 * w, w);
        memcpy(&len, g + (size_t)i * 2 * w + w, w);
        /* Linux: the total must fit in ssize_t */
        if (len > (uint64_t)SSIZE_MAX - total)
            return -EINVAL;
        total += len;
        void *h = lu_guest(p, base, len, prot);
        if (!h)
            return -EFAULT;
        v->host[i].iov_base = h;
        v->host[i].iov_len = len;
        v->guest_base[i] = base;
    }
    v->count = count;
    return 0;
}

/* The first `done` bytes of the buffers were written by the host. */
static void iov_wrote(LinuxProc *p, const IoVec *v, uint64_t done)
{
    for (int i = 0; i < v->count && done; i++) {
        uint64_t n = v->host[i].iov_len < done ? v->host[i].iov_len : done;
        lu_wrote(p, v->guest_base[i], n);
        done -= n;
    }
}

/* offset < 0: readv/writev, otherwise preadv/pwritev */
static int64_t do_iov(LinuxProc *p, const uint64_t a[6], bool is_read, int64_t offset)
{
    IoVec *v = malloc(sizeof *v);
    if (!v)
        return -ENOMEM;
    int fd = arg_int(a[0]);
    int64_t r = iov_get(p, arg_ptr(p, a[1]), arg_int(a[2]), is_read ? PROT_WRITE : PROT_READ, v);
    if (r == 0) {
        ssize_t n;
        if (is_read)
            n = offset < 0 ? readv(fd, v->host, v->count) : preadv(fd, v->host, v->count, (off_t)offset);
        else
            n = offset < 0 ? writev(fd, v->host, v->count) : pwritev(fd, v->host, v->count, (off_t)offset);
        r = n < 0 ? -errno : n;
        if (is_read && n > 0)
            iov_wrote(p, v, (uint64_t)n);
    }
    free(v);
    return r;
}

SYS_HANDLER(readv) { return do_iov(p, a, true, -1); }
SYS_HANDLER(writev) { return do_iov(p, a, false, -1); }

/* preadv(fd, iov, count, pos_l, pos_h): the offset is split in two longs
 * whatever the XLEN; on RV64 pos_l holds all of it. */
static int64_t iov_offset(const LinuxProc *p, const uint64_t a[6])
{
    return (int64_t)arg_u64(p, a, 3);
}

SYS_HANDLER(preadv)
{
    int64_t off = iov_offset(p, a);
    return off < 0 ? -EINVAL : do_iov(p, a, true, off);
}

SYS_HANDLER(pwritev)
{
    int64_t off = iov_offset(p, a);
    return off < 0 ? -EINVAL : do_iov(p, a, false, off);
}

/* ---- descriptors ---- */

SYS_HANDLER(close)
{
    (void)p;
    return host_ret(close(arg_int(a[0])));
}

SYS_HANDLER(lseek)
{
    return host_ret(lseek(arg_int(a[0]), (off_t)arg_long(p, a[1]), arg_int(a[2])));
}

/* RV32: _llseek(fd, offset_high, offset_low, loff_t *result, whence) */
SYS_HANDLER(llseek)
{
    int64_t off = (int64_t)((uint64_t)(uint32_t)a[1] << 32 | (uint32_t)a[2]);
    off_t r = lseek(arg_int(a[0]), (off_t)off, arg_int(a[4]));
    if (r < 0)
        return -errno;
    int64_t res = r;
    return lu_put(p, arg_ptr(p, a[3]), &res, sizeof res);
}

SYS_HANDLER(dup)
{
    (void)p;
    return host_ret(dup(arg_int(a[0])));
}

SYS_HANDLER(dup3)
{
    (void)p;
    return host_ret(dup3(arg_int(a[0]), arg_int(a[1]), arg_int(a[2])));
}

SYS_HANDLER(pipe2)
{
    int fds[2];
    if (pipe2(fds, arg_int(a[1])) != 0)
        return -errno;
    int err = lu_put(p, arg_ptr(p, a[0]), fds, sizeof fds);
    if (err) {
        close(fds[0]);
        close(fds[1]);
    }
    return err;
}

SYS_HANDLER(flock)
{
    (void)p;
    return host_ret(flock(arg_int(a[0]), arg_int(a[1])));
}

/* struct flock as RV64 fcntl and RV32 fcntl64 see it (and x86-64 too):
 * short l_type, l_whence; 64-bit l_start, l_len; int l_pid; 32 bytes */
typedef struct GuestFlock {
    int16_t type, whence;
    uint32_t pad;
    int64_t start, len;
    int32_t pid;
    uint32_t pad2;
} GuestFlock;
_Static_assert(sizeof(GuestFlock) == 32, "struct flock64");

static int64_t fcntl_lock(LinuxProc *p, int fd, int host_cmd, uint64_t addr)
{
    GuestFlock g;
    int err = lu_get(p, &g, addr, sizeof g);
    if (err)
        return err;
    struct flock h = { .l_type = g.type, .l_whence = g.whence, .l_start = g.start, .l_len = g.len, .l_pid = g.pid };
    if (fcntl(fd, host_cmd, &h) != 0)
        return -errno;
    if (host_cmd != F_GETLK && host_cmd != F_OFD_GETLK)
        return 0;
    g.type = h.l_type;
    g.whence = h.l_whence;
    g.start = h.l_start;
    g.len = h.l_len;
    g.pid = h.l_pid;
    return lu_put(p, addr, &g, sizeof g);
}

SYS_HANDLER(fcntl)
{
    int fd = arg_int(a[0]);
    int cmd = arg_int(a[1]);
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
    case F_SETFD:
    case F_SETFL:
    case F_SETOWN:
    case F_SETPIPE_SZ:
    case F_ADD_SEALS:
        return host_ret(fcntl(fd, cmd, arg_int(a[2])));
    case F_GETFD:
    case F_GETFL:
    case F_GETOWN:
    case F_GETPIPE_SZ:
    case F_GET_SEALS:
        return host_ret(fcntl(fd, cmd));
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
        return fcntl_lock(p, fd, cmd, arg_ptr(p, a[2]));
    case 5: /* F_GETLK, F_SETLK, F_SETLKW: RV64's are the 64-bit ones */
    case 6:
    case 7:
        if (p->xlen == 32)
            return -EINVAL; /* RV32 glibc uses the *64 commands */
        return fcntl_lock(p, fd, cmd == 5 ? F_GETLK : cmd == 6 ? F_SETLK : F_SETLKW, arg_ptr(p, a[2]));
    case 12: /* F_GETLK64, F_SETLK64, F_SETLKW64: RV32 only */
    case 13:
    case 14:
        if (p->xlen == 64)
            return -EINVAL;
        return fcntl_lock(p, fd, cmd == 12 ? F_GETLK : cmd == 13 ? F_SETLK : F_SETLKW, arg_ptr(p, a[2]));
    default:
        return -EINVAL;
    }
}

/* ---- ioctl: the terminal requests a C library needs ---- */

/* asm-generic struct termios (not glibc's, which adds speeds) */
typedef struct KernelTermios {
    uint32_t iflag, oflag, cflag, lflag;
    uint8_t line;
    uint8_t cc[19];
} KernelTermios;
_Static_assert(sizeof(KernelTermios) == 36, "kernel struct termios");

/* An ioctl whose argument is `size` bytes the host reads (in) or writes (out)
 * at the guest address arg. */
static int64_t ioctl_in(LinuxProc *p, int fd, unsigned long req, uint64_t arg, void *tmp, size_t size)
{
    int err = lu_get(p, tmp, arg, size);
    return err ? err : host_ret(ioctl(fd, req, tmp));
}

static int64_t ioctl_out(LinuxProc *p, int fd, unsigned long req, uint64_t arg, void *tmp, size_t size)
{
    if (!lu_guest(p, arg, size, PROT_WRITE))
        return -EFAULT;
    if (ioctl(fd, req, tmp) != 0)
        return -errno;
    return lu_put(p, arg, tmp, size);
}

SYS_HANDLER(ioctl)
{
    int fd = arg_int(a[0]);
    unsigned req = arg_uint(a[1]);
    uint64_t arg = arg_ptr(p, a[2]);
    KernelTermios t;
    struct winsize ws;
    int i;
    switch (req) {
    case 0x5401: /* TCGETS */
        return ioctl_out(p, fd, TCGETS, arg, &t, sizeof t);
    case 0x5402: /* TCSETS, TCSETSW, TCSETSF */
    case 0x5403:
    case 0x5404:
        return ioctl_in(p, fd, req, arg, &t, sizeof t);
    case 0x5413: /* TIOCGWINSZ */
        return ioctl_out(p, fd, TIOCGWINSZ, arg, &ws, sizeof ws);
    case 0x5414: /* TIOCSWINSZ */
        return ioctl_in(p, fd, TIOCSWINSZ, arg, &ws, sizeof ws);
    case 0x541b: /* FIONREAD */
        return ioctl_out(p, fd, FIONREAD, arg, &i, sizeof i);
    case 0x540f: /* TIOCGPGRP */
        return ioctl_out(p, fd, TIOCGPGRP, arg, &i, sizeof i);
    case 0x5410: /* TIOCSPGRP */
        return ioctl_in(p, fd, TIOCSPGRP, arg, &i, sizeof i);
    case 0x5421: /* FIONBIO */
        return ioctl_in(p, fd, FIONBIO, arg, &i, sizeof i);
    case 0x5450: /* FIONCLEX, FIOCLEX */
    case 0x5451:
        return host_ret(ioctl(fd, req));
    default:
        /* a bad descriptor is still EBADF; anything else is not a request
         * ferry knows how to translate */
        if (fcntl(fd, F_GETFD) < 0)
            return -EBADF;
        return -ENOTTY;
    }
}

/* ---- polling ---- */

/* ppoll(fds, nfds, timeout, sigmask, sigsetsize). struct pollfd and the POLL*
 * bits are the same everywhere. The signal mask is not applied: ferry does
 * not deliver signals to the guest yet. */
SYS_HANDLER(ppoll)
{
    uint64_t addr = arg_ptr(p, a[0]);
    unsigned nfds = arg_uint(a[1]);
    if (nfds > 65536)
        return -EINVAL;
    struct pollfd *fds = lu_guest(p, addr, (uint64_t)nfds * sizeof *fds, PROT_READ | PROT_WRITE);
    if (!fds)
        return -EFAULT;
    struct timespec ts, *tsp = NULL;
    uint64_t tmo = arg_ptr(p, a[2]);
    if (tmo) {
        int err = lu_get_timespec(p, tmo, &ts);
        if (err)
            return err;
        tsp = &ts;
    }
    int r = ppoll(fds, nfds, tsp, NULL);
    if (r < 0)
        return -errno;
    lu_wrote(p, addr, (uint64_t)nfds * sizeof *fds);
    return r;
}
