/*
 * System calls on open file descriptors: reading and writing, seeking,
 * copying between files, syncing and space allocation, descriptor flags and
 * locks, ioctl, pipes, memfds. Guest descriptors are host descriptors
 * (except the few ferry keeps for itself, path.h: the guest cannot close,
 * duplicate onto or change those). Guest buffers are handed to the host
 * kernel directly once checked to lie in guest memory mapped with the right
 * protection.
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
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "path.h"
#include "signal.h"

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

/* offset < 0: readv/writev, otherwise preadv/pwritev; flags: RWF_* */
static int64_t do_iov(LinuxProc *p, const uint64_t a[6], bool is_read, int64_t offset, int flags)
{
    IoVec *v = malloc(sizeof *v);
    if (!v)
        return -ENOMEM;
    int fd = arg_int(a[0]);
    int64_t r = iov_get(p, arg_ptr(p, a[1]), arg_int(a[2]), is_read ? PROT_WRITE : PROT_READ, v);
    if (r == 0) {
        ssize_t n;
        if (is_read)
            n = preadv2(fd, v->host, v->count, (off_t)offset, flags);
        else
            n = pwritev2(fd, v->host, v->count, (off_t)offset, flags);
        r = n < 0 ? -errno : n;
        if (is_read && n > 0)
            iov_wrote(p, v, (uint64_t)n);
    }
    free(v);
    return r;
}

SYS_HANDLER(readv) { return do_iov(p, a, true, -1, 0); }
SYS_HANDLER(writev) { return do_iov(p, a, false, -1, 0); }

/* preadv(fd, iov, count, pos_l, pos_h): the offset is split in two longs
 * whatever the XLEN; on RV64 pos_l holds all of it. */
static int64_t iov_offset(const LinuxProc *p, const uint64_t a[6])
{
    return (int64_t)arg_u64(p, a, 3);
}

SYS_HANDLER(preadv)
{
    int64_t off = iov_offset(p, a);
    return off < 0 ? -EINVAL : do_iov(p, a, true, off, 0);
}

SYS_HANDLER(pwritev)
{
    int64_t off = iov_offset(p, a);
    return off < 0 ? -EINVAL : do_iov(p, a, false, off, 0);
}

/* preadv2/pwritev2(fd, iov, count, pos_l, pos_h, flags): offset -1 means the
 * file position, as readv/writev */
SYS_HANDLER(preadv2)
{
    int64_t off = iov_offset(p, a);
    return off < -1 ? -EINVAL : do_iov(p, a, true, off, arg_int(a[5]));
}

SYS_HANDLER(pwritev2)
{
    int64_t off = iov_offset(p, a);
    return off < -1 ? -EINVAL : do_iov(p, a, false, off, arg_int(a[5]));
}

/* ---- descriptors ---- */

SYS_HANDLER(close)
{
    int fd = arg_int(a[0]);
    if (lu_paths_owns_fd(p, fd))
        return -EBADF; /* ferry's: as if it were not open */
    return host_ret(close(fd));
}

#define G_CLOSE_RANGE_UNSHARE 2u
#define G_CLOSE_RANGE_CLOEXEC 4u

/* close_range(first, last, flags), skipping ferry's own descriptors: the
 * range is closed in pieces around them */
SYS_HANDLER(close_range)
{
    unsigned first = arg_uint(a[0]), last = arg_uint(a[1]), flags = arg_uint(a[2]);
    if ((flags & ~(G_CLOSE_RANGE_UNSHARE | G_CLOSE_RANGE_CLOEXEC)) || first > last)
        return -EINVAL;
    int own[4];
    int n = lu_paths_own_fds(p, own, 4);
    uint64_t from = first;
    for (int k = 0; k < n; k++) {
        uint64_t o = (unsigned)own[k];
        if (o < from || o > last)
            continue;
        if (o > from && syscall(SYS_close_range, (unsigned)from, (unsigned)(o - 1), flags) != 0)
            return -errno;
        from = o + 1;
    }
    if (from <= last && syscall(SYS_close_range, (unsigned)from, last, flags) != 0)
        return -errno;
    return 0;
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
    int fd = arg_int(a[0]);
    if (lu_paths_owns_fd(p, fd))
        return -EBADF;
    return host_ret(dup(fd));
}

SYS_HANDLER(dup3)
{
    int from = arg_int(a[0]), to = arg_int(a[1]);
    if (lu_paths_owns_fd(p, from) || lu_paths_owns_fd(p, to))
        return -EBADF;
    return host_ret(dup3(from, to, arg_int(a[2])));
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

SYS_HANDLER(memfd_create)
{
    char name[LU_PATH_MAX];
    int err = lu_get_path(p, arg_ptr(p, a[0]), name);
    if (err)
        return err;
    return host_ret(syscall(SYS_memfd_create, name, arg_uint(a[1])));
}

/* ---- 64-bit arguments ---- */

/* The next loff_t argument starting at register *i: one register on RV64, a
 * low/high pair on RV32 (not aligned to an even register). */
static uint64_t next_u64(const LinuxProc *p, const uint64_t a[6], int *i)
{
    uint64_t v = arg_u64(p, a, *i);
    *i += p->xlen == 64 ? 1 : 2;
    return v;
}

/* ---- syncing, space, advice ---- */

SYS_HANDLER(ftruncate)
{
    int fd = arg_int(a[0]);
    if (lu_paths_owns_fd(p, fd))
        return -EBADF;
    return host_ret(ftruncate(fd, (off_t)arg_u64(p, a, 1)));
}

SYS_HANDLER(fsync)
{
    (void)p;
    return host_ret(fsync(arg_int(a[0])));
}

SYS_HANDLER(fdatasync)
{
    (void)p;
    return host_ret(fdatasync(arg_int(a[0])));
}

SYS_HANDLER(sync)
{
    (void)p;
    (void)a;
    sync();
    return 0;
}

SYS_HANDLER(syncfs)
{
    (void)p;
    return host_ret(syncfs(arg_int(a[0])));
}

/* sync_file_range(fd, offset, nbytes, flags) */
SYS_HANDLER(sync_file_range)
{
    int i = 1;
    uint64_t off = next_u64(p, a, &i), n = next_u64(p, a, &i);
    return host_ret(sync_file_range(arg_int(a[0]), (off_t)off, (off_t)n, arg_uint(a[i])));
}

/* fallocate(fd, mode, offset, len) */
SYS_HANDLER(fallocate)
{
    int i = 2;
    uint64_t off = next_u64(p, a, &i), len = next_u64(p, a, &i);
    return host_ret(fallocate(arg_int(a[0]), arg_int(a[1]), (off_t)off, (off_t)len));
}

/* RV64 fadvise64(fd, offset, len, advice), RV32 fadvise64_64(fd, offset,
 * len, advice): the same once the pairs are read */
SYS_HANDLER(fadvise64)
{
    int i = 1;
    uint64_t off = next_u64(p, a, &i), len = next_u64(p, a, &i);
    int r = posix_fadvise(arg_int(a[0]), (off_t)off, (off_t)len, arg_int(a[i]));
    return -r;
}

/* readahead(fd, offset, count) */
SYS_HANDLER(readahead)
{
    int i = 1;
    uint64_t off = next_u64(p, a, &i);
    return host_ret(readahead(arg_int(a[0]), (off64_t)off, arg_ulong(p, a[i])));
}

/* ---- copying between descriptors ----
 * The offsets these take are loff_t pointers (8 bytes) on every XLEN: read
 * them, let the host move the data, write back the advanced offsets. */

static int get_off(LinuxProc *p, uint64_t addr, loff_t *off, loff_t **ptr)
{
    *ptr = NULL;
    if (!addr)
        return 0;
    int64_t v;
    int err = lu_get(p, &v, addr, sizeof v);
    if (err)
        return err;
    *off = v;
    *ptr = off;
    return 0;
}

static int put_off(LinuxProc *p, uint64_t addr, const loff_t *ptr)
{
    if (!ptr)
        return 0;
    int64_t v = *ptr;
    return lu_put(p, addr, &v, sizeof v);
}

/* sendfile(out_fd, in_fd, loff_t *offset, count); RV32's sendfile64 too */
SYS_HANDLER(sendfile)
{
    uint64_t off_addr = arg_ptr(p, a[2]);
    loff_t off = 0, *offp;
    int err = get_off(p, off_addr, &off, &offp);
    if (err)
        return err;
    off_t o = (off_t)off;
    ssize_t r = sendfile(arg_int(a[0]), arg_int(a[1]), offp ? &o : NULL, arg_ulong(p, a[3]));
    if (r < 0)
        return -errno;
    off = o;
    err = put_off(p, off_addr, offp);
    return err ? err : r;
}

/* copy_file_range and splice take the same arguments: (fd_in, off_in *,
 * fd_out, off_out *, len, flags), the offsets optional and updated */
typedef ssize_t (*MoveFn)(int, loff_t *, int, loff_t *, size_t, unsigned int);

static int64_t move_between(LinuxProc *p, const uint64_t a[6], MoveFn move)
{
    uint64_t in_addr = arg_ptr(p, a[1]), out_addr = arg_ptr(p, a[3]);
    loff_t in, out, *inp, *outp;
    int err = get_off(p, in_addr, &in, &inp);
    if (!err)
        err = get_off(p, out_addr, &out, &outp);
    if (err)
        return err;
    ssize_t r = move(arg_int(a[0]), inp, arg_int(a[2]), outp, arg_ulong(p, a[4]), arg_uint(a[5]));
    if (r < 0)
        return -errno;
    err = put_off(p, in_addr, inp);
    if (!err)
        err = put_off(p, out_addr, outp);
    return err ? err : r;
}

SYS_HANDLER(copy_file_range) { return move_between(p, a, copy_file_range); }
SYS_HANDLER(splice) { return move_between(p, a, splice); }

SYS_HANDLER(tee)
{
    return host_ret(tee(arg_int(a[0]), arg_int(a[1]), arg_ulong(p, a[2]), arg_uint(a[3])));
}

/* ---- fcntl ---- */

/* struct flock as RV64 fcntl and RV32 fcntl64's *64 and OFD commands see it
 * (and x86-64 too): short l_type, l_whence; 64-bit l_start, l_len; int
 * l_pid; 32 bytes */
typedef struct GuestFlock {
    int16_t type, whence;
    uint32_t pad;
    int64_t start, len;
    int32_t pid;
    uint32_t pad2;
} GuestFlock;
_Static_assert(sizeof(GuestFlock) == 32, "struct flock64");

/* RV32's plain struct flock (F_GETLK/F_SETLK/F_SETLKW there): 32-bit
 * offsets, 16 bytes */
typedef struct GuestFlock32 {
    int16_t type, whence;
    int32_t start, len;
    int32_t pid;
} GuestFlock32;
_Static_assert(sizeof(GuestFlock32) == 16, "riscv32 struct flock");

static int64_t fcntl_lock(LinuxProc *p, int fd, int host_cmd, uint64_t addr, bool small)
{
    struct flock h;
    GuestFlock g;
    GuestFlock32 g32;
    int err;
    if (small) {
        err = lu_get(p, &g32, addr, sizeof g32);
        h = (struct flock){ .l_type = g32.type, .l_whence = g32.whence, .l_start = g32.start, .l_len = g32.len,
                            .l_pid = g32.pid };
    } else {
        err = lu_get(p, &g, addr, sizeof g);
        h = (struct flock){ .l_type = g.type, .l_whence = g.whence, .l_start = g.start, .l_len = g.len,
                            .l_pid = g.pid };
    }
    if (err)
        return err;
    if (fcntl(fd, host_cmd, &h) != 0)
        return -errno;
    if (host_cmd != F_GETLK && host_cmd != F_OFD_GETLK)
        return 0;
    if (small) {
        if (h.l_start != (int32_t)h.l_start || h.l_len != (int32_t)h.l_len)
            return -EOVERFLOW;
        g32 = (GuestFlock32){ .type = h.l_type, .whence = h.l_whence, .start = (int32_t)h.l_start,
                              .len = (int32_t)h.l_len, .pid = h.l_pid };
        return lu_put(p, addr, &g32, sizeof g32);
    }
    g.type = h.l_type;
    g.whence = h.l_whence;
    g.start = h.l_start;
    g.len = h.l_len;
    g.pid = h.l_pid;
    return lu_put(p, addr, &g, sizeof g);
}

/* asm-generic fcntl commands (x86-64 has the same numbers) */
enum {
    G_F_DUPFD = 0, G_F_GETFD, G_F_SETFD, G_F_GETFL, G_F_SETFL, G_F_GETLK, G_F_SETLK, G_F_SETLKW, G_F_SETOWN,
    G_F_GETOWN, G_F_SETSIG, G_F_GETSIG, G_F_GETLK64, G_F_SETLK64, G_F_SETLKW64, G_F_SETOWN_EX, G_F_GETOWN_EX,
    G_F_OFD_GETLK = 36, G_F_OFD_SETLK, G_F_OFD_SETLKW,
    G_F_SETLEASE = 1024, G_F_GETLEASE, G_F_NOTIFY, G_F_DUPFD_QUERY, G_F_CANCELLK = 1029, G_F_DUPFD_CLOEXEC,
    G_F_SETPIPE_SZ, G_F_GETPIPE_SZ, G_F_ADD_SEALS, G_F_GET_SEALS, G_F_GET_RW_HINT, G_F_SET_RW_HINT,
    G_F_GET_FILE_RW_HINT, G_F_SET_FILE_RW_HINT,
};
_Static_assert(F_GETOWN_EX == G_F_GETOWN_EX && F_OFD_SETLKW == G_F_OFD_SETLKW && F_SETLEASE == G_F_SETLEASE &&
                   F_GET_SEALS == G_F_GET_SEALS,
               "the host's fcntl numbers are asm-generic's");

SYS_HANDLER(fcntl)
{
    int fd = arg_int(a[0]);
    int cmd = arg_int(a[1]);
    uint64_t ptr = arg_ptr(p, a[2]);
    if (lu_paths_owns_fd(p, fd))
        return -EBADF;
    switch (cmd) {
    case G_F_DUPFD:
    case G_F_DUPFD_CLOEXEC:
    case G_F_SETFD:
    case G_F_SETFL:
    case G_F_SETOWN:
    case G_F_SETPIPE_SZ:
    case G_F_ADD_SEALS:
    case G_F_SETLEASE:
    case G_F_NOTIFY:
    case G_F_DUPFD_QUERY:
        return host_ret(fcntl(fd, cmd, arg_int(a[2])));
    case G_F_SETSIG: {
        int sig = arg_int(a[2]);
        int h = sig == 0 ? 0 : lu_sig_to_host(sig);
        if (sig != 0 && h == 0)
            return -EINVAL;
        return host_ret(fcntl(fd, cmd, h));
    }
    case G_F_GETFD:
    case G_F_GETFL:
    case G_F_GETOWN:
    case G_F_GETSIG:
    case G_F_GETPIPE_SZ:
    case G_F_GET_SEALS:
    case G_F_GETLEASE:
        return host_ret(fcntl(fd, cmd));
    case G_F_SETOWN_EX:
    case G_F_GETOWN_EX: {
        struct f_owner_ex o; /* { int type; pid_t pid; } everywhere */
        if (cmd == G_F_SETOWN_EX) {
            int err = lu_get(p, &o, ptr, sizeof o);
            return err ? err : host_ret(fcntl(fd, cmd, &o));
        }
        if (fcntl(fd, cmd, &o) != 0)
            return -errno;
        return lu_put(p, ptr, &o, sizeof o);
    }
    case G_F_GET_RW_HINT:
    case G_F_SET_RW_HINT:
    case G_F_GET_FILE_RW_HINT:
    case G_F_SET_FILE_RW_HINT: {
        uint64_t hint;
        bool set = cmd == G_F_SET_RW_HINT || cmd == G_F_SET_FILE_RW_HINT;
        if (set) {
            int err = lu_get(p, &hint, ptr, sizeof hint);
            return err ? err : host_ret(fcntl(fd, cmd, &hint));
        }
        if (fcntl(fd, cmd, &hint) != 0)
            return -errno;
        return lu_put(p, ptr, &hint, sizeof hint);
    }
    case G_F_OFD_GETLK:
    case G_F_OFD_SETLK:
    case G_F_OFD_SETLKW:
        return fcntl_lock(p, fd, cmd, ptr, false);
    case G_F_GETLK:
    case G_F_SETLK:
    case G_F_SETLKW:
        /* RV64: the 64-bit struct; RV32: the 32-bit one */
        return fcntl_lock(p, fd, cmd, ptr, p->xlen == 32);
    case G_F_GETLK64:
    case G_F_SETLK64:
    case G_F_SETLKW64:
        /* RV32 only (RV64 has no separate *64 commands) */
        if (p->xlen == 64)
            return -EINVAL;
        return fcntl_lock(p, fd, cmd == G_F_GETLK64 ? F_GETLK : cmd == G_F_SETLK64 ? F_SETLK : F_SETLKW, ptr,
                          false);
    case G_F_CANCELLK:
    default:
        return -EINVAL;
    }
}

/* ---- ioctl: the requests C libraries and terminal programs need ---- */

/* asm-generic struct termios (not glibc's, which adds speeds) and termios2
 * (with them): x86-64's kernel has the same two */
typedef struct KernelTermios {
    uint32_t iflag, oflag, cflag, lflag;
    uint8_t line;
    uint8_t cc[19];
} KernelTermios;
_Static_assert(sizeof(KernelTermios) == 36, "kernel struct termios");

typedef struct KernelTermios2 {
    KernelTermios t;
    uint32_t ispeed, ospeed;
} KernelTermios2;
_Static_assert(sizeof(KernelTermios2) == 44, "kernel struct termios2");

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

/* guest request numbers (asm-generic ioctls, _IOC encoding as x86-64's) */
enum {
    G_TCGETS = 0x5401, G_TCSETS = 0x5402, G_TCSETSW = 0x5403, G_TCSETSF = 0x5404, G_TCSBRK = 0x5409,
    G_TCXONC = 0x540a, G_TCFLSH = 0x540b, G_TIOCEXCL = 0x540c, G_TIOCNXCL = 0x540d, G_TIOCSCTTY = 0x540e,
    G_TIOCGPGRP = 0x540f, G_TIOCSPGRP = 0x5410, G_TIOCOUTQ = 0x5411, G_TIOCGWINSZ = 0x5413,
    G_TIOCSWINSZ = 0x5414, G_TIOCMGET = 0x5415, G_TIOCMBIS = 0x5416, G_TIOCMBIC = 0x5417, G_TIOCMSET = 0x5418,
    G_FIONREAD = 0x541b, G_TIOCNOTTY = 0x5422, G_TIOCSETD = 0x5423, G_TIOCGETD = 0x5424,
    G_TIOCSBRK = 0x5427, G_TIOCCBRK = 0x5428, G_TIOCGSID = 0x5429, G_FIONBIO = 0x5421,
    G_TCGETS2 = 0x802c542a, G_TCSETS2 = 0x402c542b, G_TCSETSW2 = 0x402c542c, G_TCSETSF2 = 0x402c542d,
    G_TIOCGPTN = 0x80045430, G_TIOCSPTLCK = 0x40045431, G_TIOCGEXCL = 0x80045440, G_TIOCGPTPEER = 0x5441,
    G_FIONCLEX = 0x5450, G_FIOCLEX = 0x5451, G_FIOASYNC = 0x5452, G_FIOQSIZE = 0x5460,
    G_FICLONE = 0x40049409,
    /* FS_IOC_GETFLAGS/SETFLAGS say "long" in their number but pass an int */
    G_FS_IOC_GETFLAGS64 = 0x80086601, G_FS_IOC_SETFLAGS64 = 0x40086602,
    G_FS_IOC_GETFLAGS32 = 0x80046601, G_FS_IOC_SETFLAGS32 = 0x40046602,
};
_Static_assert(TCGETS == G_TCGETS && TIOCGWINSZ == G_TIOCGWINSZ && FIONREAD == G_FIONREAD &&
                   TIOCGPTN == G_TIOCGPTN,
               "the host's ioctl numbers are asm-generic's");

SYS_HANDLER(ioctl)
{
    int fd = arg_int(a[0]);
    unsigned req = arg_uint(a[1]);
    uint64_t arg = arg_ptr(p, a[2]);
    KernelTermios t;
    KernelTermios2 t2;
    struct winsize ws;
    int i;
    int64_t q;
    if (lu_paths_owns_fd(p, fd))
        return -EBADF;
    switch (req) {
    case G_TCGETS:
        return ioctl_out(p, fd, req, arg, &t, sizeof t);
    case G_TCSETS:
    case G_TCSETSW:
    case G_TCSETSF:
        return ioctl_in(p, fd, req, arg, &t, sizeof t);
    case G_TCGETS2:
        return ioctl_out(p, fd, req, arg, &t2, sizeof t2);
    case G_TCSETS2:
    case G_TCSETSW2:
    case G_TCSETSF2:
        return ioctl_in(p, fd, req, arg, &t2, sizeof t2);
    case G_TIOCGWINSZ:
        return ioctl_out(p, fd, req, arg, &ws, sizeof ws);
    case G_TIOCSWINSZ:
        return ioctl_in(p, fd, req, arg, &ws, sizeof ws);
    case G_FIONREAD:
    case G_TIOCOUTQ:
    case G_TIOCGPGRP:
    case G_TIOCGSID:
    case G_TIOCMGET:
    case G_TIOCGETD:
    case G_TIOCGPTN:
    case G_TIOCGEXCL:
        return ioctl_out(p, fd, req, arg, &i, sizeof i);
    case G_TIOCSPGRP:
    case G_FIONBIO:
    case G_FIOASYNC:
    case G_TIOCMBIS:
    case G_TIOCMBIC:
    case G_TIOCMSET:
    case G_TIOCSETD:
    case G_TIOCSPTLCK:
        return ioctl_in(p, fd, req, arg, &i, sizeof i);
    case G_FIOQSIZE:
        return ioctl_out(p, fd, req, arg, &q, sizeof q);
    case G_FS_IOC_GETFLAGS32:
    case G_FS_IOC_GETFLAGS64:
        return ioctl_out(p, fd, G_FS_IOC_GETFLAGS64, arg, &i, sizeof i);
    case G_FS_IOC_SETFLAGS32:
    case G_FS_IOC_SETFLAGS64:
        return ioctl_in(p, fd, G_FS_IOC_SETFLAGS64, arg, &i, sizeof i);
    /* an integer argument, or none */
    case G_TCSBRK:
    case G_TCXONC:
    case G_TCFLSH:
    case G_TIOCSCTTY:
    case G_TIOCGPTPEER:
    case G_FICLONE:
        return host_ret(ioctl(fd, req, (unsigned long)arg_ulong(p, a[2])));
    case G_TIOCEXCL:
    case G_TIOCNXCL:
    case G_TIOCNOTTY:
    case G_TIOCSBRK:
    case G_TIOCCBRK:
    case G_FIONCLEX:
    case G_FIOCLEX:
        return host_ret(ioctl(fd, req));
    default:
        /* a bad descriptor is still EBADF; anything else is not a request
         * ferry knows how to translate */
        if (fcntl(fd, F_GETFD) < 0)
            return -EBADF;
        return -ENOTTY;
    }
}
