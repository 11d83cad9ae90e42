/* Engine services shared by every guest CPU; see exec.h. */
#include "exec.h"

#include <signal.h>
#include <string.h>
#include <ucontext.h>

static _Thread_local ExecFaultTrap *current_trap;
static struct sigaction previous_segv, previous_bus;

static void on_host_fault(int sig, siginfo_t *si, void *uctx)
{
    ExecFaultTrap *t = current_trap;
    const uint8_t *addr = si->si_addr;
    if (t && t->armed && addr >= t->base && (uint64_t)(addr - t->base) < t->span) {
        ucontext_t *uc = uctx;
        t->addr = (uint64_t)(addr - t->base);
        /* x86 page-fault error code, bit 1: the access was a write */
        t->is_store = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
        t->bus = sig == SIGBUS;
        t->host_pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
        t->armed = false;
        siglongjmp(t->jmp, 1);
    }
    /* Not a guest access: a bug in ferry. Restore the previous action and
     * return; the faulting instruction runs again and is reported there. */
    sigaction(sig, sig == SIGBUS ? &previous_bus : &previous_segv, NULL);
}

void exec_install_fault_handler(void)
{
    static int installed;
    if (installed)
        return;
    installed = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_host_fault;
    /* SA_NODEFER: the handler is left with siglongjmp without restoring the
     * signal mask, so the signal must not be blocked while it runs. */
    sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &previous_segv);
    sigaction(SIGBUS, &sa, &previous_bus);
}

void exec_fault_arm(ExecFaultTrap *t, const uint8_t *base, uint64_t span)
{
    t->base = base;
    t->span = span;
    t->bus = false;
    t->armed = true;
    current_trap = t;
}

void exec_fault_disarm(ExecFaultTrap *t)
{
    t->armed = false;
}
