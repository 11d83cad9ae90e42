/* Guest signals: queues, default actions, handler frames; see signal.h. */
#include "signal.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../cpu/riscv/rv.h"
#include "signalfd.h"
#include "syscall_impl.h"
#include "thread.h"

/* ferry's own signal for waking a guest thread (see signal.h) */
#define KICK_SIGNAL SIGRTMAX

/* RISC-V frame layout (checked against glibc's ucontext_t): siginfo, then
 * the ucontext; the mcontext is 16-byte aligned and ends with 528 bytes of
 * floating-point state (f0..f31 as 64-bit values, fcsr at 256). */
#define SIGINFO_SIZE 128
#define FP_STATE_SIZE 528

typedef struct FrameLayout {
    unsigned w;            /* bytes per guest long */
    unsigned stack;        /* uc_stack */
    unsigned sigmask;      /* uc_sigmask */
    unsigned mcontext;     /* uc_mcontext: gregs (pc, x1..x31), then FP */
    unsigned size;         /* the whole frame, siginfo included */
} FrameLayout;

static FrameLayout frame_layout(unsigned xlen)
{
    FrameLayout f;
    f.w = xlen / 8;
    f.stack = 2 * f.w;
    unsigned stack_t_size = xlen == 64 ? 24 : 12;
    f.sigmask = f.stack + stack_t_size;
    f.mcontext = xlen == 64 ? 176 : 160;
    f.size = SIGINFO_SIZE + f.mcontext + 32 * f.w + FP_STATE_SIZE;
    return f;
}

/* ---- host signals: recorded by the handler, drained by the run loop ---- */

static LinuxProc *the_proc;
/* set by the handler whenever it records something: lets the run loop skip
 * the drain when nothing came */
static atomic_int host_arrived_any;
static atomic_uint host_count[LU_NSIG + 1];
static siginfo_t host_info[LU_NSIG + 1];
/* host timers created with SIGEV_THREAD_ID, whose signals are for the one
 * thread they name (glibc's SIGEV_THREAD timers are built on these) */
#define TIMER_IDS 4096
static atomic_uchar timer_for_thread[TIMER_IDS];

void lu_signal_timer_targets_thread(int timer_id, bool yes)
{
    if (timer_id >= 0 && timer_id < TIMER_IDS)
        atomic_store(&timer_for_thread[timer_id], yes);
}

/* signals the host sent to this very thread (tgkill from outside, SIGPIPE) */
static _Thread_local atomic_ullong thread_arrived;
static _Thread_local siginfo_t thread_info[LU_NSIG + 1];

/* Guest 32 and 33 (glibc's own: thread cancellation, timers with
 * SIGEV_THREAD) travel as host 62 and 63, which host glibc leaves free;
 * guest 62..64 then have no host number. */
int lu_sig_to_host(int gsig)
{
    if (gsig >= 1 && gsig <= 31)
        return gsig;
    if (gsig == 32 || gsig == 33)
        return gsig + 30;
    if (gsig >= 34 && gsig <= 61)
        return gsig;
    return 0;
}

static int sig_from_host(int hsig)
{
    if (hsig >= 1 && hsig <= 31)
        return hsig;
    if (hsig == 62 || hsig == 63)
        return hsig - 30;
    if (hsig >= 34 && hsig <= 61)
        return hsig;
    return 0;
}

/* Signals ferry never catches: KILL and STOP cannot be, the fault signals
 * belong to the fault trap (cpu/exec.c) or are ferry's own bugs. */
static bool host_catchable(int hsig)
{
    switch (hsig) {
    case SIGKILL: case SIGSTOP: case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGTRAP:
        return false;
    default:
        return true;
    }
}

static void on_host_signal(int hsig, siginfo_t *si, void *uc)
{
    (void)uc;
    int saved_errno = errno;
    LinuxThread *t = lu_self();
    int g = hsig == KICK_SIGNAL ? 0 : sig_from_host(hsig);
    if (g) {
        bool to_thread = si->si_code == SI_TKILL || hsig == SIGPIPE ||
                         (si->si_code == SI_TIMER && si->si_timerid >= 0 && si->si_timerid < TIMER_IDS &&
                          atomic_load(&timer_for_thread[si->si_timerid]));
        if (t && to_thread) {
            thread_info[g] = *si;
            atomic_fetch_or(&thread_arrived, LU_SIGBIT(g));
        } else {
            host_info[g] = *si;
            atomic_fetch_add(&host_count[g], 1);
        }
        /* last: a drain that clears it will see the count */
        atomic_store(&host_arrived_any, 1);
    }
    if (t && t->cpu)
        t->cpu->stop_request = 1;
    errno = saved_errno;
}

static void from_host(int g, const siginfo_t *h, LuSigInfo *o)
{
    memset(o, 0, sizeof *o);
    o->signo = g;
    o->code = h->si_code;
    o->err = h->si_errno;
    o->pid = h->si_pid;
    o->uid = (int)h->si_uid;
    if (g == G_SIGCHLD && h->si_code > 0) {
        o->kind = LU_SI_CHLD;
        o->status = h->si_status;
        o->utime = (int64_t)h->si_utime; /* clock ticks on both sides */
        o->stime = (int64_t)h->si_stime;
    } else if (h->si_code == SI_TIMER) {
        o->kind = LU_SI_TIMER;
        o->timer_id = h->si_timerid;
        o->overrun = h->si_overrun;
        o->value = (uint64_t)(uintptr_t)h->si_value.sival_ptr;
    } else if (h->si_code == SI_QUEUE || h->si_code == SI_MESGQ || h->si_code == SI_ASYNCIO) {
        o->kind = LU_SI_RT;
        o->value = (uint64_t)(uintptr_t)h->si_value.sival_ptr;
    } else {
        o->kind = LU_SI_KILL;
    }
}

/* ---- queues ---- */

static bool is_rt(int sig) { return sig >= 32; }

static bool default_ignores(int sig)
{
    return sig == G_SIGCHLD || sig == G_SIGCONT || sig == G_SIGURG || sig == G_SIGWINCH;
}

static bool default_stops(int sig)
{
    return sig == G_SIGSTOP || sig == G_SIGTSTP || sig == G_SIGTTIN || sig == G_SIGTTOU;
}

bool lu_signal_ignored(const LuSysState *st, int sig)
{
    if (sig == G_SIGKILL || sig == G_SIGSTOP)
        return false;
    uint64_t h = st->sigact[sig].handler;
    return h == G_SIG_IGN || (h == G_SIG_DFL && default_ignores(sig));
}

static int queue_add(LuSigQueue *q, const LuSigInfo *si)
{
    uint64_t bit = LU_SIGBIT(si->signo);
    if (!is_rt(si->signo) && (q->pending & bit))
        return 0; /* standard signals do not queue */
    if (q->n >= LU_SIGQ_MAX)
        return -EAGAIN;
    q->q[q->n++] = *si;
    q->pending |= bit;
    return 0;
}

static bool queue_take(LuSigQueue *q, int sig, LuSigInfo *out)
{
    for (unsigned i = 0; i < q->n; i++) {
        if (q->q[i].signo != sig)
            continue;
        *out = q->q[i];
        memmove(&q->q[i], &q->q[i + 1], (q->n - i - 1) * sizeof q->q[0]);
        q->n--;
        bool more = false;
        for (unsigned j = 0; j < q->n; j++)
            more |= q->q[j].signo == sig;
        if (!more)
            q->pending &= ~LU_SIGBIT(sig);
        return true;
    }
    return false;
}

/* Whether the target (thread t, or the process's main thread) blocks sig. */
static bool blocked_by_target(LinuxProc *p, LinuxThread *t, int sig)
{
    if (t)
        return (t->sigmask & LU_SIGBIT(sig)) != 0;
    bool blocked = false;
    pthread_mutex_lock(&p->threads_lock);
    for (LinuxThread *o = p->threads; o; o = o->next)
        if (o->is_main_host)
            blocked = (o->sigmask & LU_SIGBIT(sig)) != 0;
    pthread_mutex_unlock(&p->threads_lock);
    return blocked;
}

/* Move what the host handler recorded into the guest queues. */
static void drain_host_locked(LinuxProc *p, LinuxThread *t)
{
    LuSysState *st = p->sys;
    if (!atomic_exchange(&host_arrived_any, 0) && !atomic_load(&thread_arrived))
        return;
    uint64_t mine = atomic_exchange(&thread_arrived, 0);
    for (int g = 1; g <= LU_NSIG; g++) {
        LuSigInfo si;
        if (t && (mine & LU_SIGBIT(g))) {
            from_host(g, &thread_info[g], &si);
            if (!lu_signal_ignored(st, g) || blocked_by_target(p, t, g))
                queue_add(&t->sigq, &si);
        }
        unsigned n = atomic_exchange(&host_count[g], 0);
        if (n) {
            from_host(g, &host_info[g], &si);
            /* a standard signal is pending once; real-time ones from other
             * processes keep their count (with the last value seen) */
            for (unsigned i = 0; i < (is_rt(g) ? n : 1); i++)
                if (!lu_signal_ignored(st, g) || blocked_by_target(p, NULL, g))
                    queue_add(&st->sigq, &si);
        }
    }
    lu_signalfd_sync_locked(p);
}

/* Synchronous signals go first, then the lowest number (Linux's order). */
static int pick(uint64_t set)
{
    static const int sync_first[] = { G_SIGSEGV, G_SIGBUS, G_SIGILL, G_SIGTRAP, G_SIGFPE, G_SIGSYS };
    if (!set)
        return 0;
    for (size_t i = 0; i < sizeof sync_first / sizeof sync_first[0]; i++)
        if (set & LU_SIGBIT(sync_first[i]))
            return sync_first[i];
    return __builtin_ctzll(set) + 1;
}

static uint64_t deliverable_set(const LinuxThread *t, const LuSysState *st)
{
    return (t->sigq.pending | st->sigq.pending) & ~(t->sigmask & ~LU_UNBLOCKABLE);
}

int lu_signal_dequeue(LinuxThread *t, uint64_t want, LuSigInfo *out)
{
    /* the thread's own signals first, then the process's (Linux's order) */
    LuSysState *st = t->proc->sys;
    int sig = pick(t->sigq.pending & want);
    if (sig && queue_take(&t->sigq, sig, out))
        return sig;
    sig = pick(st->sigq.pending & want);
    if (sig && queue_take(&st->sigq, sig, out))
        return sig;
    return 0;
}

bool lu_signal_dequeue_any(LinuxProc *p, int sig, LuSigInfo *out)
{
    if (queue_take(&p->sys->sigq, sig, out))
        return true;
    bool found = false;
    pthread_mutex_lock(&p->threads_lock);
    for (LinuxThread *t = p->threads; t && !found; t = t->next)
        found = queue_take(&t->sigq, sig, out);
    pthread_mutex_unlock(&p->threads_lock);
    return found;
}

/* Wake a thread that can take sig (t itself when directed at t). */
static void wake_locked(LinuxProc *p, LinuxThread *t, int sig)
{
    LinuxThread *self = lu_self();
    pthread_mutex_lock(&p->threads_lock);
    LinuxThread *target = t;
    if (!target) {
        if (self && !(self->sigmask & LU_SIGBIT(sig)))
            target = self;
        for (LinuxThread *o = p->threads; o && !target; o = o->next)
            if (!(o->sigmask & LU_SIGBIT(sig)) && !o->exiting)
                target = o;
        /* everyone blocks it: one that waits for it in rt_sigtimedwait */
        for (LinuxThread *o = p->threads; o && !target; o = o->next)
            if ((o->wait_set & LU_SIGBIT(sig)) && !o->exiting)
                target = o;
    }
    if (target == self) {
        if (self && self->cpu)
            self->cpu->stop_request = 1;
    } else if (target) {
        /* still in the list, so its host thread exists */
        pthread_kill(target->host, KICK_SIGNAL);
    }
    pthread_mutex_unlock(&p->threads_lock);
}

int lu_signal_send(LinuxProc *p, LinuxThread *t, const LuSigInfo *si)
{
    LuSysState *st = p->sys;
    int sig = si->signo;
    if (sig < 1 || sig > LU_NSIG)
        return -EINVAL;
    pthread_mutex_lock(&st->sig_lock);
    int r = 0;
    /* a blocked signal is kept even when ignored: the action may change
     * before it is unblocked */
    if (!lu_signal_ignored(st, sig) || blocked_by_target(p, t, sig)) {
        r = queue_add(t ? &t->sigq : &st->sigq, si);
        if (r == 0)
            wake_locked(p, t, sig);
        lu_signalfd_sync_locked(p);
    }
    pthread_mutex_unlock(&st->sig_lock);
    return r;
}

void lu_signal_fault(LinuxThread *t, const LuSigInfo *si)
{
    LuSysState *st = t->proc->sys;
    int sig = si->signo;
    pthread_mutex_lock(&st->sig_lock);
    /* blocked or ignored: Linux restores the default action and unblocks */
    if ((t->sigmask & LU_SIGBIT(sig)) || st->sigact[sig].handler == G_SIG_IGN) {
        st->sigact[sig].handler = G_SIG_DFL;
        t->sigmask &= ~LU_SIGBIT(sig);
    }
    queue_add(&t->sigq, si);
    pthread_mutex_unlock(&st->sig_lock);
}

/* ---- dying ---- */

static const char *sig_name(int sig)
{
    switch (sig) {
    case G_SIGILL: return "SIGILL";
    case G_SIGTRAP: return "SIGTRAP";
    case G_SIGBUS: return "SIGBUS";
    case G_SIGFPE: return "SIGFPE";
    case G_SIGSEGV: return "SIGSEGV";
    default: return "signal";
    }
}

_Noreturn void lu_signal_die(LinuxProc *p, int sig)
{
    if (p->strace)
        lu_strace_killed(p, sig);
    lu_process_release_robust(p);
    fflush(stdout);
    fflush(stderr);
    int hsig = lu_sig_to_host(sig);
    if (!hsig)
        _exit(128 + sig);
    /* no core file of ferry: the guest's core would not be in it */
    struct rlimit none = { 0, 0 };
    setrlimit(RLIMIT_CORE, &none);
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(hsig, &dfl, NULL);
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, hsig);
    pthread_sigmask(SIG_UNBLOCK, &only, NULL);
    raise(hsig);
    /* a signal whose default is not fatal on the host (cannot happen for the
     * ones that reach here) or one the sanitizer intercepted */
    _exit(128 + sig);
}

/* The default action of sig (not ignored). Returns when the action lets the
 * thread go on (stop, then continue). */
static void default_action(LinuxThread *t, const LuSigInfo *si)
{
    int sig = si->signo;
    if (default_stops(sig)) {
        raise(SIGSTOP);
        return;
    }
    if (si->kind == LU_SI_FAULT) {
        RvCpu *cpu = t->cpu;
        if (sig == G_SIGILL)
            fprintf(stderr, "ferry: guest SIGILL: illegal instruction 0x%" PRIx64 " (pc 0x%" PRIx64 ")\n",
                    cpu->tval, cpu->pc);
        else
            fprintf(stderr, "ferry: guest %s at 0x%" PRIx64 " (pc 0x%" PRIx64 ")\n", sig_name(sig), si->addr,
                    cpu->pc);
    }
    lu_signal_die(t->proc, sig);
}

/* ---- frames ---- */

static void put_w(uint8_t *b, unsigned off, unsigned w, uint64_t v) { memcpy(b + off, &v, w); }
static void put_32(uint8_t *b, unsigned off, uint32_t v) { memcpy(b + off, &v, 4); }
static uint64_t get_w(const uint8_t *b, unsigned off, unsigned w)
{
    uint64_t v = 0;
    memcpy(&v, b + off, w);
    return v;
}

void lu_siginfo_to_guest(unsigned xlen, const LuSigInfo *si, uint8_t out[SIGINFO_SIZE])
{
    unsigned w = xlen / 8, u = xlen == 64 ? 16 : 12;
    memset(out, 0, SIGINFO_SIZE);
    put_32(out, 0, (uint32_t)si->signo);
    put_32(out, 4, (uint32_t)si->err);
    put_32(out, 8, (uint32_t)si->code);
    switch (si->kind) {
    case LU_SI_FAULT:
        put_w(out, u, w, si->addr);
        break;
    case LU_SI_TIMER:
        put_32(out, u, (uint32_t)si->timer_id);
        put_32(out, u + 4, (uint32_t)si->overrun);
        put_w(out, u + 8, w, si->value);
        break;
    case LU_SI_CHLD:
        put_32(out, u, (uint32_t)si->pid);
        put_32(out, u + 4, (uint32_t)si->uid);
        put_32(out, u + 8, (uint32_t)si->status);
        put_w(out, u + (xlen == 64 ? 16 : 12), w, (uint64_t)si->utime);
        put_w(out, u + (xlen == 64 ? 24 : 16), w, (uint64_t)si->stime);
        break;
    case LU_SI_RT:
        put_32(out, u, (uint32_t)si->pid);
        put_32(out, u + 4, (uint32_t)si->uid);
        put_w(out, u + 8, w, si->value);
        break;
    default:
        put_32(out, u, (uint32_t)si->pid);
        put_32(out, u + 4, (uint32_t)si->uid);
        break;
    }
}

static bool on_altstack(const LinuxThread *t, uint64_t sp)
{
    return t->altstack_size && sp > t->altstack_sp && sp - t->altstack_sp <= t->altstack_size;
}

/* What sigaltstack reports for the thread at sp (Linux's sas_ss_flags). */
static uint32_t altstack_flags(const LinuxThread *t, uint64_t sp)
{
    if (!t->altstack_size)
        return G_SS_DISABLE;
    return (on_altstack(t, sp) ? G_SS_ONSTACK : 0) | ((uint32_t)t->altstack_flags & G_SS_AUTODISARM);
}

/* Build the frame for sig's handler and point the CPU at it; false when the
 * frame cannot be written (the thread then dies of SIGSEGV). Holds sig_lock. */
static bool setup_frame(LinuxThread *t, const LuSigInfo *si, const LuSigAction *act, uint64_t old_mask)
{
    LinuxProc *p = t->proc;
    RvCpu *cpu = t->cpu;
    FrameLayout f = frame_layout(p->xlen);
    uint64_t sp = cpu->x[2];
    if ((act->flags & G_SA_ONSTACK) && t->altstack_size && !on_altstack(t, sp))
        sp = t->altstack_sp + t->altstack_size;
    sp = (sp - f.size) & ~15ull;
    if (p->xlen == 32)
        sp = (uint32_t)sp;

    uint8_t buf[SIGINFO_SIZE + 176 + 32 * 8 + FP_STATE_SIZE];
    memset(buf, 0, sizeof buf);
    lu_siginfo_to_guest(p->xlen, si, buf);
    uint8_t *uc = buf + SIGINFO_SIZE;
    put_w(uc, f.stack, f.w, t->altstack_sp);
    put_32(uc, f.stack + f.w, altstack_flags(t, cpu->x[2]));
    put_w(uc, f.stack + (p->xlen == 64 ? 16 : 8), f.w, t->altstack_size);
    memcpy(uc + f.sigmask, &old_mask, 8);
    uint8_t *mc = uc + f.mcontext;
    put_w(mc, 0, f.w, cpu->pc);
    for (int i = 1; i < 32; i++)
        put_w(mc, (unsigned)i * f.w, f.w, cpu->x[i]);
    uint8_t *fp = mc + 32 * f.w;
    memcpy(fp, cpu->f, 32 * 8);
    put_32(fp, 256, cpu->fflags | cpu->frm << 5);

    if (lu_put(p, sp, buf, f.size) != 0)
        return false;
    if ((t->altstack_flags & G_SS_AUTODISARM) && on_altstack(t, sp + f.size)) {
        t->altstack_sp = t->altstack_size = 0;
        t->altstack_flags = G_SS_DISABLE;
    }
    cpu->x[10] = (uint64_t)si->signo;
    cpu->x[11] = sp;
    cpu->x[12] = sp + SIGINFO_SIZE;
    cpu->x[2] = sp;
    cpu->x[1] = p->sys->sigreturn_addr;
    cpu->pc = act->handler;
    return true;
}

bool lu_signal_deliver(LinuxThread *t)
{
    LinuxProc *p = t->proc;
    LuSysState *st = p->sys;
    /* the common case, checked without the lock: nothing at all pending
     * (anything that arrives later stops the CPU and comes back here) */
    if (!atomic_load(&host_arrived_any) && !atomic_load(&thread_arrived) && !t->restore_mask &&
        !__atomic_load_n(&t->sigq.pending, __ATOMIC_ACQUIRE) && !__atomic_load_n(&st->sigq.pending, __ATOMIC_ACQUIRE))
        return false;
    bool handled = false;
    pthread_mutex_lock(&st->sig_lock);
    drain_host_locked(p, t);
    for (;;) {
        LuSigInfo si;
        int sig = lu_signal_dequeue(t, deliverable_set(t, st), &si);
        if (!sig)
            break;
        LuSigAction act = st->sigact[sig];
        if (sig == G_SIGKILL || sig == G_SIGSTOP)
            act.handler = G_SIG_DFL;
        if (act.handler == G_SIG_IGN || (act.handler == G_SIG_DFL && default_ignores(sig)))
            continue;
        if (act.handler == G_SIG_DFL) {
            pthread_mutex_unlock(&st->sig_lock);
            default_action(t, &si);
            pthread_mutex_lock(&st->sig_lock);
            continue;
        }
        uint64_t old_mask = t->restore_mask ? t->saved_mask : t->sigmask;
        if (!setup_frame(t, &si, &act, old_mask)) {
            pthread_mutex_unlock(&st->sig_lock);
            LuSigInfo segv = { .signo = G_SIGSEGV, .code = G_SI_KERNEL, .kind = LU_SI_KILL };
            default_action(t, &segv);
        }
        t->restore_mask = false;
        t->sigmask |= act.mask;
        if (!(act.flags & G_SA_NODEFER))
            t->sigmask |= LU_SIGBIT(sig);
        t->sigmask &= ~LU_UNBLOCKABLE;
        if (act.flags & G_SA_RESETHAND)
            st->sigact[sig].handler = G_SIG_DFL;
        handled = true;
        /* one frame now; anything else pending interrupts the handler at its
         * first block boundary, so handlers nest as on Linux */
        if (deliverable_set(t, st))
            t->cpu->stop_request = 1;
        break;
    }
    if (t->restore_mask) {
        t->sigmask = t->saved_mask;
        t->restore_mask = false;
    }
    lu_signalfd_sync_locked(p);
    pthread_mutex_unlock(&st->sig_lock);
    return handled;
}

bool lu_signal_interrupts(LinuxThread *t, bool *restart)
{
    LinuxProc *p = t->proc;
    LuSysState *st = p->sys;
    pthread_mutex_lock(&st->sig_lock);
    drain_host_locked(p, t);
    bool interrupts = false;
    *restart = false;
    uint64_t set = deliverable_set(t, st);
    while (set) {
        int sig = pick(set);
        set &= ~LU_SIGBIT(sig);
        uint64_t h = sig == G_SIGKILL || sig == G_SIGSTOP ? G_SIG_DFL : st->sigact[sig].handler;
        if (h == G_SIG_IGN || (h == G_SIG_DFL && (default_ignores(sig) || default_stops(sig))))
            continue;
        interrupts = true;
        *restart = h != G_SIG_DFL && (st->sigact[sig].flags & G_SA_RESTART);
        break;
    }
    pthread_mutex_unlock(&st->sig_lock);
    return interrupts;
}

void lu_signal_return(LinuxThread *t)
{
    LinuxProc *p = t->proc;
    RvCpu *cpu = t->cpu;
    FrameLayout f = frame_layout(p->xlen);
    uint8_t buf[SIGINFO_SIZE + 176 + 32 * 8 + FP_STATE_SIZE];
    uint64_t sp = cpu->x[2];
    if (lu_get(p, buf, sp, f.size) != 0) {
        LuSigInfo segv = { .signo = G_SIGSEGV, .code = G_SI_KERNEL, .kind = LU_SI_KILL };
        default_action(t, &segv);
    }
    const uint8_t *uc = buf + SIGINFO_SIZE;
    const uint8_t *mc = uc + f.mcontext;
    cpu->pc = get_w(mc, 0, f.w);
    for (int i = 1; i < 32; i++) {
        uint64_t v = get_w(mc, (unsigned)i * f.w, f.w);
        cpu->x[i] = p->xlen == 32 ? (uint64_t)(int64_t)(int32_t)(uint32_t)v : v;
    }
    if (p->xlen == 32)
        cpu->pc = (uint32_t)cpu->pc;
    const uint8_t *fp = mc + 32 * f.w;
    memcpy(cpu->f, fp, 32 * 8);
    uint32_t fcsr;
    memcpy(&fcsr, fp + 256, 4);
    cpu->fflags = fcsr & 0x1f;
    cpu->frm = (fcsr >> 5) & 7;

    LuSysState *st = p->sys;
    pthread_mutex_lock(&st->sig_lock);
    uint64_t mask;
    memcpy(&mask, uc + f.sigmask, 8);
    t->sigmask = mask & ~LU_UNBLOCKABLE;
    /* the alternate stack as the frame says (Linux's restore_altstack),
     * unless the handler is running on it */
    uint64_t ss_sp = get_w(uc, f.stack, f.w);
    uint32_t ss_flags;
    memcpy(&ss_flags, uc + f.stack + f.w, 4);
    uint64_t ss_size = get_w(uc, f.stack + (p->xlen == 64 ? 16 : 8), f.w);
    if (!on_altstack(t, cpu->x[2])) {
        if ((ss_flags & ~G_SS_AUTODISARM) == G_SS_DISABLE || ss_size < G_MINSIGSTKSZ) {
            if ((ss_flags & ~G_SS_AUTODISARM) == G_SS_DISABLE) {
                t->altstack_sp = t->altstack_size = 0;
                t->altstack_flags = G_SS_DISABLE;
            }
        } else {
            t->altstack_sp = ss_sp;
            t->altstack_size = ss_size;
            t->altstack_flags = (int)(ss_flags & G_SS_AUTODISARM);
        }
    }
    if (deliverable_set(t, st))
        cpu->stop_request = 1;
    pthread_mutex_unlock(&st->sig_lock);
}

/* ---- waiting ---- */

int lu_signal_wait(LinuxThread *t, const struct timespec *timeout, uint64_t wait_set,
                   bool (*ready)(LinuxThread *t, void *arg), void *arg)
{
    LinuxProc *p = t->proc;
    LuSysState *st = p->sys;
    sigset_t all, normal;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &normal);
    struct timespec deadline = { 0, 0 };
    if (timeout) {
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_sec += timeout->tv_sec;
        deadline.tv_nsec += timeout->tv_nsec;
        if (deadline.tv_nsec >= 1000000000) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000;
        }
    }
    int r;
    pthread_mutex_lock(&st->sig_lock);
    t->wait_set = wait_set;
    pthread_mutex_unlock(&st->sig_lock);
    for (;;) {
        pthread_mutex_lock(&st->sig_lock);
        drain_host_locked(p, t);
        bool ok = ready(t, arg);
        if (ok)
            lu_signalfd_sync_locked(p);
        bool intr = !ok && deliverable_set(t, st) != 0;
        pthread_mutex_unlock(&st->sig_lock);
        if (ok) {
            r = 0;
            break;
        }
        if (intr) {
            r = -EINTR;
            break;
        }
        struct timespec left, *leftp = NULL;
        if (timeout) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            int64_t ns = (int64_t)(deadline.tv_sec - now.tv_sec) * 1000000000 + (deadline.tv_nsec - now.tv_nsec);
            if (ns <= 0) {
                r = -EAGAIN;
                break;
            }
            left.tv_sec = ns / 1000000000;
            left.tv_nsec = ns % 1000000000;
            leftp = &left;
        }
        /* sleeps with ferry's signals unblocked, atomically: a signal that
         * arrived since the check above is taken right here */
        ppoll(NULL, 0, leftp, &normal);
    }
    pthread_mutex_lock(&st->sig_lock);
    t->wait_set = 0;
    pthread_mutex_unlock(&st->sig_lock);
    pthread_sigmask(SIG_SETMASK, &normal, NULL);
    return r;
}

/* ---- process start and exec ---- */

static void install_host_handler(int hsig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_host_signal;
    sa.sa_flags = SA_SIGINFO; /* no SA_RESTART: blocking calls must see EINTR */
    sigfillset(&sa.sa_mask);
    sigaction(hsig, &sa, NULL);
}

/* Keep the host's SIGCHLD disposition in step with the guest's: an ignored
 * SIGCHLD makes the kernel reap children itself, which the guest's wait
 * calls observe (ECHILD). */
void lu_signal_action_changed(LinuxProc *p, int sig)
{
    int hsig = lu_sig_to_host(sig);
    if (!hsig || !host_catchable(hsig))
        return;
    if (sig == G_SIGCHLD && p->sys->sigact[sig].handler == G_SIG_IGN) {
        signal(SIGCHLD, SIG_IGN);
        return;
    }
    install_host_handler(hsig);
}

int lu_signal_init(LinuxProc *p, LinuxThread *main_thread)
{
    LuSysState *st = p->sys;
    the_proc = p;
    sigset_t inherited;
    pthread_sigmask(SIG_SETMASK, NULL, &inherited);
    for (int g = 1; g <= LU_NSIG; g++) {
        int h = lu_sig_to_host(g);
        if (!h)
            continue;
        if (sigismember(&inherited, h) == 1 && !(LU_UNBLOCKABLE & LU_SIGBIT(g)))
            main_thread->sigmask |= LU_SIGBIT(g);
        if (!host_catchable(h))
            continue;
        struct sigaction old;
        sigaction(h, NULL, &old);
        if (!(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_IGN) {
            st->sigact[g].handler = G_SIG_IGN; /* inherited, like nohup's SIGHUP */
            continue;
        }
        install_host_handler(h);
    }
    install_host_handler(KICK_SIGNAL);
    lu_signal_thread_start(main_thread);

    /* the return trampoline, where the kernel's vDSO would have it:
     *   li a7, 139 (rt_sigreturn); ecall */
    static const uint32_t code[2] = { 0x08b00893, 0x00000073 };
    int64_t at = gs_map(&p->gs, 0, GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE, 0, -1, 0, "[vdso]");
    if (at < 0)
        return (int)at;
    memcpy(p->gs.base + at, code, sizeof code);
    gs_protect(&p->gs, (uint64_t)at, GUEST_PAGE_SIZE, PROT_READ | PROT_EXEC);
    st->sigreturn_addr = (uint64_t)at;
    return 0;
}

void lu_signal_thread_start(LinuxThread *t)
{
    (void)t;
    sigset_t set;
    sigemptyset(&set);
    for (int h = 1; h < SIGRTMAX; h++)
        if (sig_from_host(h) && host_catchable(h))
            sigaddset(&set, h);
    sigaddset(&set, KICK_SIGNAL);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

void lu_signal_init_after_failed_exec(LinuxProc *p)
{
    for (int g = 1; g <= LU_NSIG; g++)
        lu_signal_action_changed(p, g);
    install_host_handler(KICK_SIGNAL);
    lu_signal_thread_start(lu_self());
}

void lu_signal_prepare_exec(LinuxThread *t)
{
    lu_process_release_robust(t->proc);
    LuSysState *st = t->proc->sys;
    sigset_t mask;
    sigemptyset(&mask);
    for (int g = 1; g <= LU_NSIG; g++) {
        int h = lu_sig_to_host(g);
        if (!h || !host_catchable(h))
            continue;
        signal(h, st->sigact[g].handler == G_SIG_IGN ? SIG_IGN : SIG_DFL);
        if (t->sigmask & LU_SIGBIT(g))
            sigaddset(&mask, h);
    }
    signal(KICK_SIGNAL, SIG_DFL);
    pthread_sigmask(SIG_SETMASK, &mask, NULL);
    /* blocked pending signals survive execve: left pending on the host,
     * blocked, they reach the new ferry's handler once it unblocks them */
    pthread_mutex_lock(&st->sig_lock);
    uint64_t pending = (t->sigq.pending | st->sigq.pending) & t->sigmask;
    pthread_mutex_unlock(&st->sig_lock);
    for (int g = 1; g <= LU_NSIG; g++) {
        int h = lu_sig_to_host(g);
        if ((pending & LU_SIGBIT(g)) && h && host_catchable(h))
            kill(getpid(), h);
    }
}
