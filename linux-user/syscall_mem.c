/*
 * System calls on the address space: brk, mmap and friends (all through the
 * guest space's VMA list, guest_space.h), and futex, which waits on guest
 * memory.
 */
#include "syscall_impl.h"

#include <errno.h>
#include <linux/futex.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* asm-generic mman values (RISC-V and x86-64 agree) */
enum {
    G_PROT_MASK = PROT_READ | PROT_WRITE | PROT_EXEC,
    G_PROT_SEM = 0x8,
    G_PROT_GROWSDOWN = 0x01000000,
    G_PROT_GROWSUP = 0x02000000,
    G_MAP_SHARED = 0x01,
    G_MAP_PRIVATE = 0x02,
    G_MAP_SHARED_VALIDATE = 0x03,
    G_MAP_TYPE = 0x0f,
    G_MAP_FIXED = 0x10,
    G_MAP_ANONYMOUS = 0x20,
    G_MAP_FIXED_NOREPLACE = 0x100000,
    G_MREMAP_MAYMOVE = 1,
    G_MREMAP_FIXED = 2,
    G_MREMAP_DONTUNMAP = 4,
};

static uint64_t page_up(uint64_t v) { return (v + GUEST_PAGE_MASK) & ~GUEST_PAGE_MASK; }

SYS_HANDLER(brk)
{
    GuestSpace *gs = &p->gs;
    uint64_t want = arg_ptr(p, a[0]);
    return (int64_t)gs_brk(gs, want);
}

static int64_t do_mmap(LinuxProc *p, uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t offset)
{
    if (len == 0)
        return -EINVAL;
    if (len > p->gs.size)
        return -ENOMEM;
    int type = flags & G_MAP_TYPE;
    if (type != G_MAP_SHARED && type != G_MAP_PRIVATE && type != G_MAP_SHARED_VALIDATE)
        return -EINVAL;
    char name[64] = "";
    if (flags & G_MAP_ANONYMOUS) {
        fd = -1;
        offset = 0;
    } else {
        if (offset & GUEST_PAGE_MASK)
            return -EINVAL;
        if (fd < 0)
            return -EBADF;
        if (offset + page_up(len) < offset)
            return -EOVERFLOW;
        /* name the mapping after its file, as /proc/pid/maps would */
        char link[32];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, name, sizeof name - 1);
        name[n > 0 ? n : 0] = 0;
    }
    int gflags = 0;
    if (flags & G_MAP_FIXED_NOREPLACE)
        gflags |= GS_MAP_FIXED_NOREPLACE;
    else if (flags & G_MAP_FIXED)
        gflags |= GS_MAP_FIXED;
    if (type != G_MAP_PRIVATE)
        gflags |= GS_MAP_SHARED;
    return gs_map(&p->gs, addr, len, prot & G_PROT_MASK, gflags, fd, offset, name);
}

SYS_HANDLER(mmap)
{
    return do_mmap(p, arg_ptr(p, a[0]), arg_ulong(p, a[1]), arg_int(a[2]), arg_int(a[3]), arg_int(a[4]),
                   arg_ulong(p, a[5]));
}

/* RV32: the offset is in 4096-byte units */
SYS_HANDLER(mmap2)
{
    return do_mmap(p, arg_ptr(p, a[0]), arg_ulong(p, a[1]), arg_int(a[2]), arg_int(a[3]), arg_int(a[4]),
                   (uint64_t)arg_uint(a[5]) * 4096);
}

SYS_HANDLER(munmap)
{
    return gs_unmap(&p->gs, arg_ptr(p, a[0]), arg_ulong(p, a[1]));
}

SYS_HANDLER(mprotect)
{
    int prot = arg_int(a[2]);
    if (prot & ~(G_PROT_MASK | G_PROT_SEM | G_PROT_GROWSDOWN | G_PROT_GROWSUP))
        return -EINVAL;
    if ((prot & G_PROT_GROWSDOWN) && (prot & G_PROT_GROWSUP))
        return -EINVAL;
    return gs_protect(&p->gs, arg_ptr(p, a[0]), arg_ulong(p, a[1]), prot & G_PROT_MASK);
}

/* [addr, addr+len) page aligned and entirely mapped: 0, else -EINVAL/-ENOMEM
 * as Linux reports them; *plen gets the rounded length */
static int64_t check_mapped(LinuxProc *p, uint64_t addr, uint64_t len, uint64_t *plen)
{
    if (addr & GUEST_PAGE_MASK)
        return -EINVAL;
    if (len > p->gs.size)
        return -ENOMEM;
    *plen = page_up(len);
    if (*plen && !lu_guest(p, addr, *plen, 0))
        return -ENOMEM;
    return 0;
}

SYS_HANDLER(madvise)
{
    uint64_t addr = arg_ptr(p, a[0]), len;
    int advice = arg_int(a[2]);
    int64_t r = check_mapped(p, addr, arg_ulong(p, a[1]), &len);
    if (r)
        return r;
    switch (advice) {
    case 4: /* MADV_DONTNEED: private pages go back to zero (anonymous) or
             * to the file's contents; the host mapping is the guest's, so
             * the host does exactly that */
        if (len && madvise(p->gs.base + addr, len, MADV_DONTNEED) != 0)
            return -errno;
        lu_wrote(p, addr, len);
        return 0;
    case 0: case 1: case 2: case 3: /* NORMAL RANDOM SEQUENTIAL WILLNEED */
    case 8:                         /* FREE: dropping the pages is optional */
    case 10: case 11:               /* DONTFORK DOFORK */
    case 12: case 13:               /* MERGEABLE UNMERGEABLE */
    case 14: case 15:               /* HUGEPAGE NOHUGEPAGE */
    case 16: case 17:               /* DONTDUMP DODUMP */
    case 18: case 19:               /* WIPEONFORK KEEPONFORK */
    case 20: case 21:               /* COLD PAGEOUT */
        return 0;
    default:
        return -EINVAL;
    }
}

/*
 * mremap for anonymous private memory (what C libraries use it for: growing
 * big malloc blocks). A move maps the new range, copies, and unmaps the old.
 */
static int64_t mremap_locked(LinuxProc *p, const uint64_t a[6]);

/* The mapping list must hold still between looking the old range up and
 * moving it: other threads map and unmap too. */
SYS_HANDLER(mremap)
{
    gs_lock(&p->gs);
    int64_t r = mremap_locked(p, a);
    gs_unlock(&p->gs);
    return r;
}

static int64_t mremap_locked(LinuxProc *p, const uint64_t a[6])
{
    uint64_t old = arg_ptr(p, a[0]), old_len = page_up(arg_ulong(p, a[1]));
    uint64_t new_len = arg_ulong(p, a[2]), new_addr = arg_ptr(p, a[4]);
    int flags = arg_int(a[3]);
    if (flags & ~(G_MREMAP_MAYMOVE | G_MREMAP_FIXED | G_MREMAP_DONTUNMAP))
        return -EINVAL;
    if ((flags & G_MREMAP_FIXED) && !(flags & G_MREMAP_MAYMOVE))
        return -EINVAL;
    if (flags & G_MREMAP_DONTUNMAP)
        return -EINVAL; /* not supported */
    if ((old & GUEST_PAGE_MASK) || new_len == 0 || old_len == 0)
        return -EINVAL;
    if (new_len > p->gs.size || arg_ulong(p, a[1]) > p->gs.size)
        return -ENOMEM;
    new_len = page_up(new_len);

    const GuestVma *v = gs_find_vma(&p->gs, old);
    if (!v || v->end - old < old_len)
        return -EFAULT;
    int prot = v->prot;
    bool anon = v->flags & MAP_ANONYMOUS;
    char name[sizeof v->name];
    memcpy(name, v->name, sizeof name);

    if (flags & G_MREMAP_FIXED) {
        if (new_addr & GUEST_PAGE_MASK)
            return -EINVAL;
        if (new_addr < old + old_len && old < new_addr + new_len)
            return -EINVAL;
    } else if (new_len <= old_len) {
        if (new_len < old_len) {
            int r = gs_unmap(&p->gs, old + new_len, old_len - new_len);
            if (r)
                return r;
        }
        return (int64_t)old;
    } else if (anon) {
        /* grow in place when the pages after it are free */
        int64_t r = gs_map(&p->gs, old + old_len, new_len - old_len, prot, GS_MAP_FIXED_NOREPLACE, -1, 0, name);
        if (r >= 0)
            return (int64_t)old;
        if (!(flags & G_MREMAP_MAYMOVE))
            return -ENOMEM;
    }
    if (!anon)
        return -EINVAL; /* moving file mappings: not supported */
    if (!(flags & G_MREMAP_MAYMOVE))
        return -ENOMEM;

    /* move: map readable+writable for the copy, then give the final
     * protection */
    int64_t to = gs_map(&p->gs, (flags & G_MREMAP_FIXED) ? new_addr : 0, new_len, PROT_READ | PROT_WRITE,
                        (flags & G_MREMAP_FIXED) ? GS_MAP_FIXED : 0, -1, 0, name);
    if (to < 0)
        return to;
    if (!(prot & PROT_READ))
        gs_protect(&p->gs, old, old_len, PROT_READ);
    uint64_t copy = old_len < new_len ? old_len : new_len;
    memcpy(p->gs.base + to, p->gs.base + old, copy);
    lu_wrote(p, (uint64_t)to, copy);
    if (prot != (PROT_READ | PROT_WRITE))
        gs_protect(&p->gs, (uint64_t)to, new_len, prot);
    gs_unmap(&p->gs, old, old_len);
    return to;
}

SYS_HANDLER(msync)
{
    uint64_t addr = arg_ptr(p, a[0]), len;
    int flags = arg_int(a[2]);
    if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
        return -EINVAL;
    if ((flags & MS_ASYNC) && (flags & MS_SYNC))
        return -EINVAL;
    int64_t r = check_mapped(p, addr, arg_ulong(p, a[1]), &len);
    if (r)
        return r;
    return len ? host_ret(msync(p->gs.base + addr, len, flags)) : 0;
}

/* Locking pages is a promise about paging, which the guest cannot observe. */
SYS_HANDLER(mlock)
{
    uint64_t addr = arg_ptr(p, a[0]), len;
    uint64_t start = addr & ~GUEST_PAGE_MASK;
    return check_mapped(p, start, arg_ulong(p, a[1]) + (addr - start), &len);
}

SYS_HANDLER(munlock)
{
    return lu_sys_mlock(p, a);
}

/*
 * futex on guest memory: a guest address is a host address in ferry's
 * reservation, so the host kernel's futexes work on it directly, including
 * between host threads once guests have threads.
 */
SYS_HANDLER(futex)
{
    uint64_t uaddr = arg_ptr(p, a[0]);
    int op = arg_int(a[1]);
    int cmd = op & FUTEX_CMD_MASK;
    uint32_t val = arg_uint(a[2]), val3 = arg_uint(a[5]);
    if (uaddr & 3)
        return -EINVAL;
    uint32_t *h = lu_guest(p, uaddr, 4, PROT_READ);
    if (!h)
        return -EFAULT;
    switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
        struct timespec ts, *tsp = NULL;
        uint64_t tmo = arg_ptr(p, a[3]);
        if (tmo) {
            int err = lu_get_timespec(p, tmo, &ts);
            if (err)
                return err;
            tsp = &ts;
        }
        return host_ret(syscall(SYS_futex, h, op, val, tsp, NULL, val3));
    }
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
        return host_ret(syscall(SYS_futex, h, op, val, NULL, NULL, val3));
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
    case FUTEX_WAKE_OP: {
        uint64_t uaddr2 = arg_ptr(p, a[4]);
        if (uaddr2 & 3)
            return -EINVAL;
        uint32_t *h2 = lu_guest(p, uaddr2, 4, PROT_READ | (cmd == FUTEX_WAKE_OP ? PROT_WRITE : 0));
        if (!h2)
            return -EFAULT;
        /* the fourth argument is a count here, not a timeout */
        unsigned long val2 = arg_uint(a[3]);
        long r = syscall(SYS_futex, h, op, val, val2, h2, val3);
        if (r >= 0 && cmd == FUTEX_WAKE_OP)
            lu_wrote(p, uaddr2, 4);
        return host_ret(r);
    }
    default:
        return -ENOSYS;
    }
}
