/*
 * signalfd: the guest reads its pending signals as records instead of
 * taking them. Guest signals live in ferry's queues, not the host's, so a
 * signalfd is a host eventfd that ferry keeps readable exactly while a
 * signal in its mask is pending (pollers, select and epoll then see it as
 * the kernel's would), and reads of it are served here.
 */
#include "signalfd.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "signal.h"
#include "syscall_impl.h"

#define MAX_SIGNALFDS 64
#define RECORD_SIZE 128 /* struct signalfd_siginfo */

typedef struct SignalFd {
    int fd;                 /* host eventfd, the guest's descriptor */
    uint64_t mask;
    bool nonblock;          /* the guest asked for SFD_NONBLOCK */
    bool readable;          /* the eventfd holds a count */
} SignalFd;

/* under the process's sig_lock */
static SignalFd fds[MAX_SIGNALFDS];
static int nfds;

static SignalFd *find(int fd)
{
    for (int i = 0; i < nfds; i++)
        if (fds[i].fd == fd)
            return &fds[i];
    return NULL;
}

void lu_signalfd_sync_locked(LinuxProc *p)
{
    if (!nfds)
        return;
    uint64_t pending = p->sys->sigq.pending;
    pthread_mutex_lock(&p->threads_lock);
    for (LinuxThread *t = p->threads; t; t = t->next)
        pending |= t->sigq.pending;
    pthread_mutex_unlock(&p->threads_lock);
    for (int i = 0; i < nfds; i++) {
        bool want = (pending & fds[i].mask) != 0;
        if (want && !fds[i].readable) {
            eventfd_write(fds[i].fd, 1);
            fds[i].readable = true;
        } else if (!want && fds[i].readable) {
            eventfd_t v;
            eventfd_read(fds[i].fd, &v); /* nonblocking: just drains */
            fds[i].readable = false;
        }
    }
}

/* signalfd4(fd, mask, sizemask, flags) */
SYS_HANDLER(signalfd4)
{
    int fd = arg_int(a[0]), flags = arg_int(a[3]);
    if (arg_ulong(p, a[2]) != 8 || (flags & ~(O_NONBLOCK | O_CLOEXEC)))
        return -EINVAL;
    uint64_t mask;
    int err = lu_get(p, &mask, arg_ptr(p, a[1]), sizeof mask);
    if (err)
        return err;
    mask &= ~LU_UNBLOCKABLE;
    LuSysState *st = p->sys;
    pthread_mutex_lock(&st->sig_lock);
    int64_t r;
    if (fd != -1) {
        SignalFd *s = find(fd);
        if (s) {
            s->mask = mask;
            r = fd;
        } else {
            r = fcntl(fd, F_GETFD) < 0 ? -EBADF : -EINVAL;
        }
    } else if (nfds == MAX_SIGNALFDS) {
        r = -EMFILE;
    } else {
        /* the eventfd never blocks ferry; a blocking guest read waits here */
        int efd = eventfd(0, EFD_NONBLOCK | ((flags & O_CLOEXEC) ? EFD_CLOEXEC : 0));
        if (efd < 0) {
            r = -errno;
        } else {
            fds[nfds++] = (SignalFd){ efd, mask, (flags & O_NONBLOCK) != 0, false };
            r = efd;
        }
    }
    if (r >= 0)
        lu_signalfd_sync_locked(p);
    pthread_mutex_unlock(&st->sig_lock);
    return r;
}

bool lu_signalfd_owns(LinuxProc *p, int fd)
{
    pthread_mutex_lock(&p->sys->sig_lock);
    bool owns = find(fd) != NULL;
    pthread_mutex_unlock(&p->sys->sig_lock);
    return owns;
}

void lu_signalfd_closed(LinuxProc *p, int fd)
{
    pthread_mutex_lock(&p->sys->sig_lock);
    SignalFd *s = find(fd);
    if (s)
        *s = fds[--nfds];
    pthread_mutex_unlock(&p->sys->sig_lock);
}

static void to_record(const LuSigInfo *si, uint8_t out[RECORD_SIZE])
{
    memset(out, 0, RECORD_SIZE);
    uint32_t u32[12] = {
        (uint32_t)si->signo, (uint32_t)si->err, (uint32_t)si->code, (uint32_t)si->pid, (uint32_t)si->uid, 0,
        (uint32_t)si->timer_id, 0, (uint32_t)si->overrun, 0, (uint32_t)si->status, (uint32_t)si->value,
    };
    memcpy(out, u32, sizeof u32);
    uint64_t u64[4] = { si->value, (uint64_t)si->utime, (uint64_t)si->stime, si->addr };
    memcpy(out + 48, u64, sizeof u64);
}

typedef struct Take {
    uint64_t mask;
    LuSigInfo got;
} Take;

static bool take_one(LinuxThread *t, void *arg)
{
    Take *k = arg;
    return lu_signal_dequeue(t, k->mask, &k->got) != 0;
}

int64_t lu_signalfd_read(LinuxProc *p, int fd, uint64_t buf, uint64_t count)
{
    if (count < RECORD_SIZE)
        return -EINVAL;
    LinuxThread *t = lu_self();
    LuSysState *st = p->sys;
    uint64_t done = 0;
    while (done + RECORD_SIZE <= count) {
        pthread_mutex_lock(&st->sig_lock);
        SignalFd *s = find(fd);
        if (!s) {
            pthread_mutex_unlock(&st->sig_lock);
            return -EBADF;
        }
        Take k = { .mask = s->mask };
        bool nonblock = s->nonblock;
        bool got = take_one(t, &k);
        lu_signalfd_sync_locked(p);
        pthread_mutex_unlock(&st->sig_lock);
        if (!got) {
            if (done)
                break;
            if (nonblock)
                return -EAGAIN;
            int r = lu_signal_wait(t, NULL, k.mask, take_one, &k);
            if (r < 0)
                return r;
            pthread_mutex_lock(&st->sig_lock);
            lu_signalfd_sync_locked(p);
            pthread_mutex_unlock(&st->sig_lock);
        }
        uint8_t rec[RECORD_SIZE];
        to_record(&k.got, rec);
        int err = lu_put(p, buf + done, rec, sizeof rec);
        if (err)
            return done ? (int64_t)done : err;
        done += RECORD_SIZE;
    }
    return (int64_t)done;
}
