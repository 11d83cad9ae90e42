/*
 * The signal system calls: actions, masks, the alternate stack, sending,
 * waiting. Queues and delivery are in signal.c.
 */
#include "syscall_impl.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../cpu/riscv/rv.h"
#include "signal.h"

enum { G_SIG_BLOCK = 0, G_SIG_UNBLOCK = 1, G_SIG_SETMASK = 2 };
#define SIGSET_SIZE 8 /* bytes of a guest sigset_t as the kernel takes it */

/* ---- actions ---- */

/* struct sigaction as the kernel takes it on RISC-V: handler, flags (both
 * XLEN wide), then the 64-bit mask; no sa_restorer */
static int get_sigaction(LinuxProc *p, uint64_t addr, LuSigAction *out)
{
    unsigned w = guest_long_size(p);
    uint8_t g[24];
    int err = lu_get(p, g, addr, 2 * w + SIGSET_SIZE);
    if (err)
        return err;
    out->handler = out->flags = 0;
    memcpy(&out->handler, g, w);
    memcpy(&out->flags, g + w, w);
    memcpy(&out->mask, g + 2 * w, SIGSET_SIZE);
    return 0;
}

static int put_sigaction(LinuxProc *p, uint64_t addr, const LuSigAction *in)
{
    unsigned w = guest_long_size(p);
    uint8_t g[24];
    memcpy(g, &in->handler, w);
    memcpy(g + w, &in->flags, w);
    memcpy(g + 2 * w, &in->mask, SIGSET_SIZE);
    return lu_put(p, addr, g, 2 * w + SIGSET_SIZE);
}

SYS_HANDLER(rt_sigaction)
{
    int sig = arg_int(a[0]);
    uint64_t act_addr = arg_ptr(p, a[1]), old_addr = arg_ptr(p, a[2]);
    if (arg_ulong(p, a[3]) != SIGSET_SIZE || sig < 1 || sig > LU_NSIG)
        return -EINVAL;
    if (act_addr && (sig == G_SIGKILL || sig == G_SIGSTOP))
        return -EINVAL;
    LuSysState *st = p->sys;
    LuSigAction act;
    if (act_addr) {
        int err = get_sigaction(p, act_addr, &act);
        if (err)
            return err;
        act.mask &= ~LU_UNBLOCKABLE;
    }
    pthread_mutex_lock(&st->sig_lock);
    LuSigAction old = st->sigact[sig];
    if (act_addr) {
        st->sigact[sig] = act;
        /* POSIX: setting an action that ignores the signal discards it,
         * wherever it is pending */
        if (lu_signal_ignored(st, sig)) {
            LuSigInfo drop;
            while (lu_signal_dequeue_any(p, sig, &drop)) {
            }
        }
    }
    pthread_mutex_unlock(&st->sig_lock);
    if (act_addr)
        lu_signal_action_changed(p, sig);
    return old_addr ? put_sigaction(p, old_addr, &old) : 0;
}

SYS_HANDLER(rt_sigprocmask)
{
    int how = arg_int(a[0]);
    uint64_t set_addr = arg_ptr(p, a[1]), old_addr = arg_ptr(p, a[2]);
    if (arg_ulong(p, a[3]) != SIGSET_SIZE)
        return -EINVAL;
    LinuxThread *t = lu_self();
    uint64_t set = 0;
    if (set_addr) {
        int err = lu_get(p, &set, set_addr, sizeof set);
        if (err)
            return err;
        if (how != G_SIG_BLOCK && how != G_SIG_UNBLOCK && how != G_SIG_SETMASK)
            return -EINVAL;
    }
    LuSysState *st = p->sys;
    pthread_mutex_lock(&st->sig_lock);
    uint64_t old = t->sigmask;
    if (set_addr) {
        uint64_t mask = how == G_SIG_BLOCK ? old | set : how == G_SIG_UNBLOCK ? old & ~set : set;
        t->sigmask = mask & ~LU_UNBLOCKABLE;
    }
    pthread_mutex_unlock(&st->sig_lock);
    return old_addr ? lu_put(p, old_addr, &old, sizeof old) : 0;
}

SYS_HANDLER(rt_sigpending)
{
    uint64_t size = arg_ulong(p, a[1]);
    if (size > SIGSET_SIZE)
        return -EINVAL;
    LinuxThread *t = lu_self();
    LuSysState *st = p->sys;
    pthread_mutex_lock(&st->sig_lock);
    uint64_t pend = (t->sigq.pending | st->sigq.pending) & t->sigmask;
    pthread_mutex_unlock(&st->sig_lock);
    return lu_put(p, arg_ptr(p, a[0]), &pend, (size_t)size);
}

/* stack_t: void *ss_sp; int ss_flags; size_t ss_size (XLEN-aligned) */
SYS_HANDLER(sigaltstack)
{
    uint64_t ss_addr = arg_ptr(p, a[0]), old_addr = arg_ptr(p, a[1]);
    unsigned w = guest_long_size(p);
    LinuxThread *t = lu_self();
    uint64_t sp_now = t->cpu->x[2];
    bool on_stack = t->altstack_size && sp_now > t->altstack_sp && sp_now - t->altstack_sp <= t->altstack_size;
    uint8_t g[24];
    uint64_t sp = 0, size = 0;
    uint32_t flags = 0;
    if (ss_addr) {
        int err = lu_get(p, g, ss_addr, 3 * w);
        if (err)
            return err;
        memcpy(&sp, g, w);
        memcpy(&flags, g + w, 4);
        memcpy(&size, g + 2 * w, w);
        uint32_t mode = flags & ~G_SS_AUTODISARM;
        if (mode != 0 && mode != G_SS_ONSTACK && mode != G_SS_DISABLE)
            return -EINVAL;
        if (on_stack)
            return -EPERM;
        if (mode != G_SS_DISABLE && size < G_MINSIGSTKSZ)
            return -ENOMEM;
    }
    if (old_addr) {
        uint32_t cur = !t->altstack_size ? G_SS_DISABLE
                                         : (on_stack ? G_SS_ONSTACK : 0) | ((uint32_t)t->altstack_flags & G_SS_AUTODISARM);
        memset(g, 0, sizeof g);
        memcpy(g, &t->altstack_sp, w);
        memcpy(g + w, &cur, 4);
        memcpy(g + 2 * w, &t->altstack_size, w);
        int err = lu_put(p, old_addr, g, 3 * w);
        if (err)
            return err;
    }
    if (ss_addr) {
        if ((flags & ~G_SS_AUTODISARM) == G_SS_DISABLE) {
            t->altstack_sp = t->altstack_size = 0;
            t->altstack_flags = G_SS_DISABLE;
        } else {
            t->altstack_sp = sp;
            t->altstack_size = size;
            t->altstack_flags = (int)(flags & G_SS_AUTODISARM);
        }
    }
    return 0;
}

/* ---- sending ---- */

static LuSigInfo user_info(int sig, int code)
{
    LuSigInfo si = { .signo = sig, .code = code, .kind = LU_SI_KILL, .pid = getpid(), .uid = (int)getuid() };
    return si;
}

/* The guest thread with host thread id tid, or NULL. */
static LinuxThread *find_thread(LinuxProc *p, int tid)
{
    pthread_mutex_lock(&p->threads_lock);
    LinuxThread *found = NULL;
    for (LinuxThread *t = p->threads; t; t = t->next)
        if (t->tid == tid && !t->exiting)
            found = t;
    pthread_mutex_unlock(&p->threads_lock);
    return found;
}

static int64_t send_host(int pid, int tid, int sig, bool thread)
{
    int h = sig ? lu_sig_to_host(sig) : 0;
    if (sig && !h)
        return -EINVAL; /* 32, 33, 64: see signal.h */
    if (thread)
        return host_ret(syscall(SYS_tgkill, pid, tid, h));
    return host_ret(kill(pid, h));
}

SYS_HANDLER(kill)
{
    int pid = arg_int(a[0]), sig = arg_int(a[1]);
    if (sig < 0 || sig > LU_NSIG)
        return -EINVAL;
    if (pid == getpid()) {
        if (!sig)
            return 0;
        LuSigInfo si = user_info(sig, G_SI_USER);
        return lu_signal_send(p, NULL, &si);
    }
    /* -1 would signal every process the user owns, the test runner and the
     * desktop included: refused from inside the emulator */
    if (pid == -1)
        return -EPERM;
    /* others (and process groups, which include this process: the host
     * handler brings the signal back in) */
    return send_host(pid, 0, sig, false);
}

static int64_t thread_kill(LinuxProc *p, int tgid, int tid, int sig)
{
    if (sig < 0 || sig > LU_NSIG || tid <= 0)
        return -EINVAL;
    if (tgid == getpid() || (tgid < 0 && find_thread(p, tid))) {
        LinuxThread *t = find_thread(p, tid);
        if (!t)
            return -ESRCH;
        if (!sig)
            return 0;
        LuSigInfo si = user_info(sig, G_SI_TKILL);
        return lu_signal_send(p, t, &si);
    }
    return send_host(tgid < 0 ? tid : tgid, tid, sig, tgid > 0);
}

SYS_HANDLER(tkill)
{
    int tid = arg_int(a[0]), sig = arg_int(a[1]);
    if (tid <= 0)
        return -EINVAL;
    if (find_thread(p, tid))
        return thread_kill(p, getpid(), tid, sig);
    return send_host(tid, 0, sig, false);
}

SYS_HANDLER(tgkill)
{
    int tgid = arg_int(a[0]), tid = arg_int(a[1]), sig = arg_int(a[2]);
    if (tgid <= 0 || tid <= 0)
        return -EINVAL;
    return thread_kill(p, tgid, tid, sig);
}

/* siginfo from the guest (rt_sigqueueinfo): only the queue kind keeps its
 * value; Linux refuses codes >= 0 from user space for other processes. */
static int get_user_siginfo(LinuxProc *p, uint64_t addr, int sig, LuSigInfo *si)
{
    uint8_t g[128];
    int err = lu_get(p, g, addr, sizeof g);
    if (err)
        return err;
    unsigned u = p->xlen == 64 ? 16 : 12, w = guest_long_size(p);
    memset(si, 0, sizeof *si);
    si->signo = sig;
    memcpy(&si->code, g + 8, 4);
    memcpy(&si->pid, g + u, 4);
    memcpy(&si->uid, g + u + 4, 4);
    memcpy(&si->value, g + u + 8, w);
    si->kind = LU_SI_RT;
    if (si->code >= 0 || si->code == G_SI_TKILL)
        return -EPERM;
    return 0;
}

SYS_HANDLER(rt_sigqueueinfo)
{
    int pid = arg_int(a[0]), sig = arg_int(a[1]);
    if (sig < 1 || sig > LU_NSIG)
        return -EINVAL;
    LuSigInfo si;
    int err = get_user_siginfo(p, arg_ptr(p, a[2]), sig, &si);
    if (err)
        return err;
    if (pid != getpid()) {
        int h = lu_sig_to_host(sig);
        if (!h)
            return -EINVAL;
        siginfo_t hs;
        memset(&hs, 0, sizeof hs);
        hs.si_signo = h;
        hs.si_code = si.code;
        hs.si_pid = si.pid;
        hs.si_uid = (uid_t)si.uid;
        hs.si_value.sival_ptr = (void *)(uintptr_t)si.value;
        return host_ret(syscall(SYS_rt_sigqueueinfo, pid, h, &hs));
    }
    return lu_signal_send(p, NULL, &si);
}

SYS_HANDLER(rt_tgsigqueueinfo)
{
    int tgid = arg_int(a[0]), tid = arg_int(a[1]), sig = arg_int(a[2]);
    if (sig < 1 || sig > LU_NSIG)
        return -EINVAL;
    if (tgid != getpid())
        return -EPERM; /* between processes only through rt_sigqueueinfo */
    LinuxThread *t = find_thread(p, tid);
    if (!t)
        return -ESRCH;
    LuSigInfo si;
    int err = get_user_siginfo(p, arg_ptr(p, a[3]), sig, &si);
    if (err)
        return err;
    return lu_signal_send(p, t, &si);
}

/* ---- waiting ---- */

static bool never_ready(LinuxThread *t, void *arg)
{
    (void)t;
    (void)arg;
    return false;
}

SYS_HANDLER(rt_sigsuspend)
{
    if (arg_ulong(p, a[1]) != SIGSET_SIZE)
        return -EINVAL;
    uint64_t mask;
    int err = lu_get(p, &mask, arg_ptr(p, a[0]), sizeof mask);
    if (err)
        return err;
    LinuxThread *t = lu_self();
    LuSysState *st = p->sys;
    pthread_mutex_lock(&st->sig_lock);
    t->saved_mask = t->sigmask;
    t->restore_mask = true; /* the handler's frame gets the old mask */
    t->sigmask = mask & ~LU_UNBLOCKABLE;
    pthread_mutex_unlock(&st->sig_lock);
    lu_signal_wait(t, NULL, 0, never_ready, NULL);
    return -EINTR;
}

typedef struct TimedWait {
    uint64_t set;
    LuSigInfo got;
    int sig;
} TimedWait;

static bool take_from_set(LinuxThread *t, void *arg)
{
    TimedWait *w = arg;
    w->sig = lu_signal_dequeue(t, w->set, &w->got);
    return w->sig != 0;
}

static int64_t sigtimedwait_common(LinuxProc *p, const uint64_t a[6], bool time64)
{
    if (arg_ulong(p, a[3]) != SIGSET_SIZE)
        return -EINVAL;
    TimedWait w = { 0 };
    int err = lu_get(p, &w.set, arg_ptr(p, a[0]), sizeof w.set);
    if (err)
        return err;
    w.set &= ~LU_UNBLOCKABLE;
    struct timespec ts, *tsp = NULL;
    uint64_t ts_addr = arg_ptr(p, a[2]);
    if (ts_addr) {
        (void)time64; /* RV32's only variant is the 64-bit-time one */
        err = lu_get_timespec(p, ts_addr, &ts);
        if (err)
            return err;
        tsp = &ts;
    }
    int r = lu_signal_wait(lu_self(), tsp, w.set, take_from_set, &w);
    if (r == -EAGAIN)
        return -EAGAIN;
    if (r < 0)
        return r;
    uint64_t info_addr = arg_ptr(p, a[1]);
    if (info_addr) {
        uint8_t g[128];
        lu_siginfo_to_guest(p->xlen, &w.got, g);
        err = lu_put(p, info_addr, g, sizeof g);
        if (err)
            return err;
    }
    return w.sig;
}

SYS_HANDLER(rt_sigtimedwait) { return sigtimedwait_common(p, a, false); }
SYS_HANDLER(rt_sigtimedwait_time64) { return sigtimedwait_common(p, a, true); }
