/*
 * Signal bookkeeping: actions, the blocked mask, the alternate stack, and
 * signals the guest sends itself. Nothing is delivered to guest handlers yet;
 * what the default action of a signal does (terminate, ignore, stop) happens
 * here, and a signal with a guest handler stays pending in LuSysState for the
 * delivery code to come.
 */
#include "syscall_impl.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* asm-generic signal numbers and constants (x86-64 has the same) */
enum {
    G_SIGKILL = 9,
    G_SIGCHLD = 17,
    G_SIGCONT = 18,
    G_SIGSTOP = 19,
    G_SIGTSTP = 20,
    G_SIGTTIN = 21,
    G_SIGTTOU = 22,
    G_SIGURG = 23,
    G_SIGWINCH = 28,
    G_SIG_DFL = 0,
    G_SIG_IGN = 1,
    G_SIG_BLOCK = 0,
    G_SIG_UNBLOCK = 1,
    G_SIG_SETMASK = 2,
    G_SS_ONSTACK = 1,
    G_SS_DISABLE = 2,
    G_MINSIGSTKSZ = 2048,
};
#define G_SS_AUTODISARM (1u << 31)
#define SIGSET_SIZE 8 /* bytes of a guest sigset_t as the kernel takes it */
#define SIGBIT(sig) (1ull << ((sig) - 1))
#define UNBLOCKABLE (SIGBIT(G_SIGKILL) | SIGBIT(G_SIGSTOP))

static bool default_ignores(int sig)
{
    return sig == G_SIGCHLD || sig == G_SIGCONT || sig == G_SIGURG || sig == G_SIGWINCH;
}

static bool default_stops(int sig)
{
    return sig == G_SIGSTOP || sig == G_SIGTSTP || sig == G_SIGTTIN || sig == G_SIGTTOU;
}

static bool is_ignored(const LuSysState *st, int sig)
{
    uint64_t h = st->sigact[sig].handler;
    return sig != G_SIGKILL && sig != G_SIGSTOP && (h == G_SIG_IGN || (h == G_SIG_DFL && default_ignores(sig)));
}

/* The signal is not blocked: do what its action says, as far as ferry can. */
static void act_on(LinuxProc *p, LuSysState *st, int sig)
{
    uint64_t h = st->sigact[sig].handler;
    if (sig == G_SIGKILL || sig == G_SIGSTOP)
        h = G_SIG_DFL;
    if (h == G_SIG_IGN)
        return;
    if (h != G_SIG_DFL) {
        st->sigpending |= SIGBIT(sig); /* a guest handler: delivered later */
        return;
    }
    if (default_ignores(sig))
        return;
    if (default_stops(sig)) {
        /* job control: stop ferry itself; SIGCONT from the shell resumes */
        raise(SIGSTOP);
        return;
    }
    st->term_signal = sig;
    p->exited = true;
    p->exit_status = 128 + sig;
}

void lu_raise_signal(LinuxProc *p, int sig)
{
    LuSysState *st = lu_sys_state(p);
    if (!st || sig < 1 || sig > LU_NSIG)
        return;
    if ((st->sigmask & SIGBIT(sig)) && !(UNBLOCKABLE & SIGBIT(sig))) {
        if (!is_ignored(st, sig))
            st->sigpending |= SIGBIT(sig);
        return;
    }
    act_on(p, st, sig);
}

/* After the mask changed: act on pending signals that are no longer blocked,
 * leaving those with guest handlers pending. */
static void check_pending(LinuxProc *p, LuSysState *st)
{
    for (int sig = 1; sig <= LU_NSIG && !p->exited; sig++) {
        uint64_t bit = SIGBIT(sig);
        if (!(st->sigpending & bit) || (st->sigmask & bit))
            continue;
        uint64_t h = st->sigact[sig].handler;
        if (h != G_SIG_DFL && h != G_SIG_IGN)
            continue;
        st->sigpending &= ~bit;
        act_on(p, st, sig);
    }
}

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
    LuSysState *st = lu_sys_state(p);
    if (!st)
        return -ENOMEM;
    LuSigAction act;
    if (act_addr) {
        int err = get_sigaction(p, act_addr, &act);
        if (err)
            return err;
        act.mask &= ~UNBLOCKABLE;
    }
    LuSigAction old = st->sigact[sig];
    if (act_addr) {
        st->sigact[sig] = act;
        /* POSIX: setting an action that ignores the signal discards it */
        if (is_ignored(st, sig))
            st->sigpending &= ~SIGBIT(sig);
    }
    return old_addr ? put_sigaction(p, old_addr, &old) : 0;
}

SYS_HANDLER(rt_sigprocmask)
{
    int how = arg_int(a[0]);
    uint64_t set_addr = arg_ptr(p, a[1]), old_addr = arg_ptr(p, a[2]);
    if (arg_ulong(p, a[3]) != SIGSET_SIZE)
        return -EINVAL;
    LuSysState *st = lu_sys_state(p);
    if (!st)
        return -ENOMEM;
    uint64_t old = st->sigmask;
    if (set_addr) {
        uint64_t set;
        int err = lu_get(p, &set, set_addr, sizeof set);
        if (err)
            return err;
        uint64_t mask;
        switch (how) {
        case G_SIG_BLOCK: mask = old | set; break;
        case G_SIG_UNBLOCK: mask = old & ~set; break;
        case G_SIG_SETMASK: mask = set; break;
        default: return -EINVAL;
        }
        st->sigmask = mask & ~UNBLOCKABLE;
    }
    if (old_addr) {
        int err = lu_put(p, old_addr, &old, sizeof old);
        if (err)
            return err;
    }
    check_pending(p, st);
    return 0;
}

SYS_HANDLER(rt_sigpending)
{
    uint64_t size = arg_ulong(p, a[1]);
    if (size > SIGSET_SIZE)
        return -EINVAL;
    LuSysState *st = lu_sys_state(p);
    if (!st)
        return -ENOMEM;
    uint64_t pend = st->sigpending & st->sigmask;
    return lu_put(p, arg_ptr(p, a[0]), &pend, (size_t)size);
}

/* stack_t: void *ss_sp; int ss_flags; size_t ss_size (XLEN-aligned) */
SYS_HANDLER(sigaltstack)
{
    uint64_t ss_addr = arg_ptr(p, a[0]), old_addr = arg_ptr(p, a[1]);
    unsigned w = guest_long_size(p);
    LuSysState *st = lu_sys_state(p);
    if (!st)
        return -ENOMEM;
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
        if (mode != G_SS_DISABLE && size < G_MINSIGSTKSZ)
            return -ENOMEM;
    }
    if (old_addr) {
        memset(g, 0, sizeof g);
        memcpy(g, &st->altstack_sp, w);
        memcpy(g + w, &st->altstack_flags, 4);
        memcpy(g + 2 * w, &st->altstack_size, w);
        int err = lu_put(p, old_addr, g, 3 * w);
        if (err)
            return err;
    }
    if (ss_addr) {
        if ((flags & ~G_SS_AUTODISARM) == G_SS_DISABLE) {
            st->altstack_sp = st->altstack_size = 0;
            st->altstack_flags = G_SS_DISABLE;
        } else {
            st->altstack_sp = sp;
            st->altstack_size = size;
            st->altstack_flags = (int)(flags & G_SS_AUTODISARM);
        }
    }
    return 0;
}

/* ---- sending ---- */

static int64_t signal_self(LinuxProc *p, int sig)
{
    if (sig < 0 || sig > LU_NSIG)
        return -EINVAL;
    if (sig)
        lu_raise_signal(p, sig);
    return 0;
}

SYS_HANDLER(kill)
{
    int pid = arg_int(a[0]), sig = arg_int(a[1]);
    if (sig < 0 || sig > LU_NSIG)
        return -EINVAL;
    /* 0 (our process group) is taken to mean ourselves only: the group may
     * hold the rest of a shell pipeline */
    if (pid == 0 || pid == getpid())
        return signal_self(p, sig);
    if (pid < 0)
        return -EPERM; /* no broadcasting signals from inside the emulator */
    return host_ret(kill(pid, sig));
}

SYS_HANDLER(tkill)
{
    int tid = arg_int(a[0]), sig = arg_int(a[1]);
    if (tid <= 0)
        return -EINVAL;
    if (tid == getpid())
        return signal_self(p, sig);
    return host_ret(syscall(SYS_tkill, tid, sig));
}

SYS_HANDLER(tgkill)
{
    int tgid = arg_int(a[0]), tid = arg_int(a[1]), sig = arg_int(a[2]);
    if (tgid <= 0 || tid <= 0)
        return -EINVAL;
    if (tgid == getpid())
        return tid == getpid() ? signal_self(p, sig) : -ESRCH;
    return host_ret(syscall(SYS_tgkill, tgid, tid, sig));
}
