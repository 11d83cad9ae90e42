/* Guest threads and the per-thread run loop; see thread.h. */
#include "thread.h"

#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../cpu/riscv/rv.h"
#include "../cpu/tcache.h"
#include "signal.h"
#include "syscall_impl.h"

/* asm-generic numbers the loop treats specially */
enum {
    NR_EPOLL_PWAIT = 22,
    NR_PSELECT6 = 72,
    NR_PPOLL = 73,
    NR_NANOSLEEP = 101,
    NR_CLOCK_NANOSLEEP = 115,
    NR_RT_SIGSUSPEND = 133,
    NR_RT_SIGTIMEDWAIT = 137,
    NR_RT_SIGRETURN = 139,
    NR_CLOCK_NANOSLEEP_TIME64 = 407,
    NR_PSELECT6_TIME64 = 413,
    NR_PPOLL_TIME64 = 414,
    NR_RT_SIGTIMEDWAIT_TIME64 = 421,
    NR_EPOLL_PWAIT2 = 441,
};

/* Calls Linux never restarts after a handler ran (ERESTARTNOHAND and
 * ERESTART_RESTARTBLOCK): they fail with EINTR whatever SA_RESTART says. */
static bool fails_after_handler(uint64_t nr)
{
    switch (nr) {
    case NR_EPOLL_PWAIT: case NR_PSELECT6: case NR_PPOLL: case NR_NANOSLEEP: case NR_CLOCK_NANOSLEEP:
    case NR_RT_SIGSUSPEND: case NR_RT_SIGTIMEDWAIT: case NR_CLOCK_NANOSLEEP_TIME64: case NR_PSELECT6_TIME64:
    case NR_PPOLL_TIME64: case NR_RT_SIGTIMEDWAIT_TIME64: case NR_EPOLL_PWAIT2:
        return true;
    default:
        return false;
    }
}

/* ---- code changes across threads ---- */

void lu_code_changed_all(LinuxProc *p, uint64_t addr, uint64_t len)
{
    LinuxThread *self = lu_self();
    if (self && self->cpu->tc) {
        if (len)
            tcache_invalidate(self->cpu->tc, addr, len);
        else
            tcache_flush(self->cpu->tc);
    }
    pthread_mutex_lock(&p->threads_lock);
    for (LinuxThread *t = p->threads; t; t = t->next) {
        if (t == self)
            continue;
        pthread_mutex_lock(&t->inval_lock);
        if (len && t->inval_count < LU_INVAL_SLOTS) {
            t->inval_addr[t->inval_count] = addr;
            t->inval_len[t->inval_count] = len;
        }
        if (t->inval_count <= LU_INVAL_SLOTS)
            t->inval_count = len ? t->inval_count + 1 : LU_INVAL_SLOTS + 1;
        pthread_mutex_unlock(&t->inval_lock);
        /* it stops at its next block boundary, or checks after its system
         * call: no need to interrupt a blocking call */
        t->cpu->stop_request = 1;
    }
    pthread_mutex_unlock(&p->threads_lock);
}

static void apply_code_changes(LinuxThread *t)
{
    pthread_mutex_lock(&t->inval_lock);
    unsigned n = t->inval_count;
    if (n > LU_INVAL_SLOTS)
        tcache_flush(t->cpu->tc);
    else
        for (unsigned i = 0; i < n; i++)
            tcache_invalidate(t->cpu->tc, t->inval_addr[i], t->inval_len[i]);
    t->inval_count = 0;
    pthread_mutex_unlock(&t->inval_lock);
}

/* ---- the run loop ---- */

/* A guest fault becomes the signal Linux sends for it. */
static void fault_to_signal(LinuxThread *t, RvExit why)
{
    RvCpu *cpu = t->cpu;
    LuSigInfo si = { .kind = LU_SI_FAULT, .addr = cpu->tval };
    switch (why) {
    case RV_EXIT_ILLEGAL:
        si.signo = G_SIGILL;
        si.code = G_ILL_ILLOPC;
        si.addr = cpu->pc;
        break;
    case RV_EXIT_EBREAK:
        si.signo = G_SIGTRAP;
        si.code = G_TRAP_BRKPT;
        si.addr = cpu->pc;
        break;
    case RV_EXIT_MISALIGNED:
    case RV_EXIT_LOAD_MISALIGNED:
        si.signo = G_SIGBUS;
        si.code = G_BUS_ADRALN;
        break;
    case RV_EXIT_FETCH_FAULT:
        si.addr = cpu->pc;
        /* fall through */
    default: {
        if (cpu->fault.bus) {
            /* a page of a file mapping that lies past the end of the file */
            si.signo = G_SIGBUS;
            si.code = G_BUS_ADRERR;
            break;
        }
        si.signo = G_SIGSEGV;
        GuestSpace *gs = &t->proc->gs;
        gs_lock(gs);
        const GuestVma *v = si.addr < gs->size ? gs_find_vma(gs, si.addr) : NULL;
        si.code = v && v->start <= si.addr ? G_SEGV_ACCERR : G_SEGV_MAPERR;
        gs_unlock(gs);
        break;
    }
    }
    lu_signal_fault(t, &si);
}

static void finish_syscall(LinuxThread *t, uint64_t nr, int64_t r)
{
    RvCpu *cpu = t->cpu;
    if (r == -EINTR) {
        bool restart;
        bool handler = lu_signal_interrupts(t, &restart);
        /* no handler will run: the call is repeated as if nothing happened;
         * a handler with SA_RESTART: repeated after it returns */
        if (!handler || (restart && !fails_after_handler(nr)))
            return; /* pc stays on the ecall, a0 keeps the first argument */
    }
    cpu->x[10] = t->proc->xlen == 32 ? (uint64_t)(int64_t)(int32_t)r : (uint64_t)r;
    cpu->pc += 4;
    if (t->proc->xlen == 32)
        cpu->pc = (uint32_t)cpu->pc;
}

void lu_thread_loop(LinuxThread *t)
{
    LinuxProc *p = t->proc;
    RvCpu *cpu = t->cpu;
    while (!p->exited && !t->exiting) {
        RvExit why = rv_run(cpu);
        if (why == RV_EXIT_ECALL) {
            uint64_t nr = p->xlen == 32 ? (uint32_t)cpu->x[17] : cpu->x[17];
            if (nr == NR_RT_SIGRETURN) {
                if (p->strace)
                    fprintf(p->strace_out, "rt_sigreturn() = ?\n");
                lu_signal_return(t);
            } else {
                /* RISC-V Linux ABI: number in a7, arguments in a0..a5,
                 * result in a0 */
                uint64_t args[6];
                for (int i = 0; i < 6; i++)
                    args[i] = cpu->x[10 + i];
                int64_t r = lu_syscall(p, nr, args);
                if (p->exited || t->exiting)
                    break;
                finish_syscall(t, nr, r);
            }
        } else if (why == RV_EXIT_STOP) {
            cpu->stop_request = 0;
            apply_code_changes(t);
        } else {
            fault_to_signal(t, why);
        }
        lu_signal_deliver(t);
    }
}

/* ---- thread lifecycle ---- */

/* The robust futex list (Documentation/locking/robust-futex-ABI): every
 * lock the dying thread still holds is marked FUTEX_OWNER_DIED and one
 * waiter is woken, as the kernel does at thread exit. */
static void release_robust_list(LinuxThread *t)
{
    LinuxProc *p = t->proc;
    if (!t->robust_list)
        return;
    unsigned w = guest_long_size(p);
    uint64_t head = t->robust_list, entry = 0, pending = 0;
    int64_t offset = 0;
    if (lu_get(p, &entry, head, w) || lu_get(p, &offset, head + w, w) || lu_get(p, &pending, head + 2 * w, w))
        return;
    if (w == 4) {
        entry = (uint32_t)entry;
        pending = (uint32_t)pending;
        offset = (int32_t)offset;
    }
    /* bit 0 of an entry marks a PI futex; the kernel masks it */
    for (int limit = 0; limit < 2048; limit++) {
        uint64_t node = entry & ~1ull;
        bool last = node == head;
        uint64_t at = node;
        if (last)
            at = pending & ~1ull;
        if (at) {
            uint32_t *word = lu_guest(p, at + (uint64_t)offset, 4, PROT_READ | PROT_WRITE);
            if (word) {
                uint32_t old = __atomic_load_n(word, __ATOMIC_SEQ_CST);
                while ((old & FUTEX_TID_MASK) == (uint32_t)t->tid) {
                    uint32_t nv = (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
                    if (__atomic_compare_exchange_n(word, &old, nv, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
                        if (old & FUTEX_WAITERS)
                            syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
                        break;
                    }
                }
            }
        }
        if (last)
            break;
        entry = 0;
        if (lu_get(p, &entry, node, w))
            break;
        if (w == 4)
            entry = (uint32_t)entry;
    }
}

void lu_thread_finish(LinuxThread *t)
{
    LinuxProc *p = t->proc;
    release_robust_list(t);
    t->robust_list = 0;
    if (t->clear_child_tid) {
        uint32_t *word = lu_guest(p, t->clear_child_tid, 4, PROT_WRITE);
        if (word) {
            __atomic_store_n(word, 0, __ATOMIC_SEQ_CST);
            syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
        }
    }
    pthread_mutex_lock(&p->sys->sig_lock);
    pthread_mutex_lock(&p->threads_lock);
    t->exiting = true;
    if (!t->is_main_host) {
        /* the main host thread stays listed (Linux keeps the group leader
         * as a zombie until the others are gone) */
        for (LinuxThread **pp = &p->threads; *pp; pp = &(*pp)->next) {
            if (*pp == t) {
                *pp = t->next;
                break;
            }
        }
        p->nthreads--;
        /* signals sent to the thread and not taken go nowhere */
        t->sigq.pending = 0;
        t->sigq.n = 0;
        /* always on one of the two lists, so a fork child can free it */
        t->next = p->dead;
        p->dead = t;
    }
    pthread_cond_broadcast(&p->threads_changed);
    pthread_mutex_unlock(&p->threads_lock);
    pthread_mutex_unlock(&p->sys->sig_lock);
}

void lu_process_release_robust(LinuxProc *p)
{
    pthread_mutex_lock(&p->threads_lock);
    for (LinuxThread *t = p->threads; t; t = t->next) {
        release_robust_list(t);
        t->robust_list = 0;
    }
    pthread_mutex_unlock(&p->threads_lock);
}

_Noreturn void lu_process_exit(LinuxProc *p, int status)
{
    lu_process_release_robust(p);
    fflush(stdout);
    fflush(stderr);
    _exit(status);
}

typedef struct SpawnArgs {
    LinuxThread *t;
    uint64_t flags, ptid, ctid;
    sem_t started;
    int64_t result;
} SpawnArgs;

static void *thread_main(void *arg)
{
    SpawnArgs *sa = arg;
    LinuxThread *t = sa->t;
    LinuxProc *p = t->proc;
    t->tid = (int)syscall(SYS_gettid);
    lu_set_self(t);
    /* both tid stores happen before the new thread runs guest code, as the
     * kernel makes them (glibc points both at the same word) */
    uint32_t tid32 = (uint32_t)t->tid;
    if (sa->flags & CLONE_PARENT_SETTID)
        lu_put(p, sa->ptid, &tid32, 4);
    if (sa->flags & CLONE_CHILD_SETTID)
        lu_put(p, sa->ctid, &tid32, 4);
    if (sa->flags & CLONE_CHILD_CLEARTID)
        t->clear_child_tid = sa->ctid;
    pthread_mutex_lock(&p->threads_lock);
    t->next = p->threads;
    p->threads = t;
    p->nthreads++;
    pthread_mutex_unlock(&p->threads_lock);
    sa->result = t->tid;
    sem_post(&sa->started); /* sa is the parent's: not touched after this */

    lu_signal_thread_start(t);
    lu_thread_loop(t);
    if (p->exited)
        lu_process_exit(p, p->exit_status);
    lu_thread_finish(t);
    pthread_mutex_lock(&p->threads_lock);
    bool last = p->nthreads == 0;
    pthread_mutex_unlock(&p->threads_lock);
    if (last)
        lu_process_exit(p, t->exit_code);

    /* the struct stays on the dead list for reuse (other threads may still
     * hold its address: signals in flight); the CPU and its cache go, and a
     * NULL cpu says the host thread is done with it. Under the lock a fork
     * holds, so a fork child sees the CPU either whole or gone. */
    pthread_mutex_lock(&p->threads_lock);
    tcache_free(t->cpu->tc);
    rv_cpu_destroy(t->cpu);
    free(t->cpu);
    t->cpu = NULL;
    pthread_cond_broadcast(&p->threads_changed);    /* lu_run may wait for this */
    pthread_mutex_unlock(&p->threads_lock);
    return NULL;
}

static LinuxThread *new_thread(LinuxProc *p)
{
    LinuxThread *t = NULL;
    pthread_mutex_lock(&p->threads_lock);
    /* a finished thread whose host thread is gone (cpu freed) */
    for (LinuxThread **pp = &p->dead; *pp; pp = &(*pp)->next) {
        if (!(*pp)->cpu) {
            t = *pp;
            *pp = t->next;
            break;
        }
    }
    pthread_mutex_unlock(&p->threads_lock);
    if (t) {
        pthread_mutex_destroy(&t->inval_lock);
        memset(t, 0, sizeof *t);
    } else {
        t = calloc(1, sizeof *t);
    }
    return t;
}

int64_t lu_thread_spawn(LinuxThread *parent, uint64_t flags, uint64_t stack, uint64_t ptid, uint64_t tls,
                        uint64_t ctid)
{
    LinuxProc *p = parent->proc;
    LinuxThread *t = new_thread(p);
    RvCpu *cpu = malloc(sizeof *cpu);
    TCache *tc = tcache_new(p->space_size);
    if (!t || !cpu || !tc) {
        free(cpu);
        if (tc)
            tcache_free(tc);
        return -ENOMEM;
    }
    /* the child continues from the parent's ecall with the parent's
     * registers, a0 = 0, its own stack and thread pointer */
    *cpu = *parent->cpu;
    cpu->tc = tc;
    cpu->stop_request = 0;
    cpu->resv_valid = false;
    memset(&cpu->fault, 0, sizeof cpu->fault);
    cpu->x[10] = 0;
    cpu->pc += 4;
    if (p->xlen == 32)
        cpu->pc = (uint32_t)cpu->pc;
    if (stack)
        cpu->x[2] = stack;
    if (flags & CLONE_SETTLS)
        cpu->x[4] = tls;

    t->proc = p;
    t->cpu = cpu;
    t->sigmask = parent->sigmask;
    t->altstack_flags = G_SS_DISABLE;
    pthread_mutex_init(&t->inval_lock, NULL);

    SpawnArgs sa = { .t = t, .flags = flags, .ptid = ptid, .ctid = ctid };
    sem_init(&sa.started, 0, 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* the new host thread starts with every signal blocked and opens them
     * once it is a guest thread */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int err = pthread_create(&t->host, &attr, thread_main, &sa);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (err) {
        sem_destroy(&sa.started);
        tcache_free(tc);
        free(cpu);
        pthread_mutex_lock(&p->threads_lock);
        t->cpu = NULL;
        t->next = p->dead;
        p->dead = t;
        pthread_mutex_unlock(&p->threads_lock);
        return -EAGAIN;
    }
    while (sem_wait(&sa.started) != 0 && errno == EINTR) {
    }
    sem_destroy(&sa.started);
    return sa.result;
}
