/* sigaltstack: a SA_ONSTACK handler runs on the alternate stack (a local's
 * address lies inside it) and sigaltstack() queried there reports
 * SS_ONSTACK; a handler without SA_ONSTACK runs on the normal stack. A signal
 * nested inside the alternate-stack handler stays on the alternate stack,
 * below the first frame. Changing the alternate stack while on it is EPERM;
 * too small a stack is ENOMEM; SS_DISABLE turns it off; the ucontext's
 * uc_stack describes the alternate stack. (The uc_stack.ss_flags of a signal
 * nested on the alternate stack is not checked: Linux since 4.7 stores the
 * configured flags there, qemu 7.2 the on-stack state.) */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define ALT_SIZE (64 * 1024)

static char *alt;
static volatile uintptr_t local_usr1, local_usr2;
static volatile int flags_usr1, eperm_result, eperm_errno;
static volatile int uc_flags_usr1, uc_sp_ok;
static volatile size_t uc_size;

static int on_alt(uintptr_t a)
{
    return a >= (uintptr_t)alt && a < (uintptr_t)alt + ALT_SIZE;
}

static void h_usr2(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)si;
    (void)ctx;
    volatile char here;
    local_usr2 = (uintptr_t)&here;
}

static void h_usr1(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)si;
    ucontext_t *uc = ctx;
    volatile char here;
    local_usr1 = (uintptr_t)&here;
    stack_t cur;
    sigaltstack(NULL, &cur);
    flags_usr1 = cur.ss_flags;
    /* The ucontext records the alternate stack as it was when the signal
     * came (the interrupted code was not on it). */
    uc_flags_usr1 = uc->uc_stack.ss_flags;
    uc_sp_ok = uc->uc_stack.ss_sp == alt;
    uc_size = uc->uc_stack.ss_size;
    /* Changing it now is refused (while on it). */
    if (!on_alt((uintptr_t)&here))
        return;
    stack_t other = { .ss_sp = malloc(ALT_SIZE), .ss_size = ALT_SIZE, .ss_flags = 0 };
    errno = 0;
    eperm_result = sigaltstack(&other, NULL);
    eperm_errno = errno;
    free(other.ss_sp);
    raise(SIGUSR2);
}

static volatile uintptr_t local_plain;
static void h_plain(int sig)
{
    (void)sig;
    volatile char here;
    local_plain = (uintptr_t)&here;
}

static const char *flag_name(int f)
{
    switch (f) {
    case 0: return "0";
    case SS_ONSTACK: return "SS_ONSTACK";
    case SS_DISABLE: return "SS_DISABLE";
    default: return "other";
    }
}

int main(void)
{
    stack_t st, old;
    memset(&old, 0, sizeof old);
    sigaltstack(NULL, &old);
    printf("initially: ss_flags=%s\n", flag_name(old.ss_flags));

    alt = mmap(NULL, ALT_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    st.ss_sp = alt;
    st.ss_size = ALT_SIZE;
    st.ss_flags = 0;
    printf("sigaltstack(set) = %d\n", sigaltstack(&st, NULL));
    memset(&old, 0, sizeof old);
    sigaltstack(NULL, &old);
    printf("query outside a handler: ss_flags=%s sp-ok=%s size-ok=%s\n", flag_name(old.ss_flags),
           old.ss_sp == alt ? "yes" : "no", old.ss_size == ALT_SIZE ? "yes" : "no");

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_sigaction = h_usr1;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_sigaction = h_usr2;
    sigaction(SIGUSR2, &sa, NULL);
    sa.sa_handler = h_plain;
    sa.sa_flags = 0;
    sigaction(SIGHUP, &sa, NULL);

    volatile char main_local;
    raise(SIGUSR1);
    printf("SA_ONSTACK handler on the alternate stack: %s\n", on_alt(local_usr1) ? "yes" : "no");
    printf("  sigaltstack query inside: ss_flags=%s\n", flag_name(flags_usr1));
    printf("  uc_stack: ss_flags=%s sp-ok=%s size-ok=%s\n", flag_name(uc_flags_usr1),
           uc_sp_ok ? "yes" : "no", uc_size == ALT_SIZE ? "yes" : "no");
    printf("  sigaltstack(change) while on it = %d errno=%s\n", eperm_result, strerror(eperm_errno));
    printf("nested SA_ONSTACK handler on the alternate stack: %s, below the first: %s\n",
           on_alt(local_usr2) ? "yes" : "no", local_usr2 < local_usr1 ? "yes" : "no");
    printf("main's local is not on it: %s\n", on_alt((uintptr_t)&main_local) ? "no" : "yes");

    raise(SIGHUP);
    printf("handler without SA_ONSTACK on the normal stack: %s\n",
           on_alt(local_plain) ? "no" : "yes");

    memset(&old, 0, sizeof old);
    sigaltstack(NULL, &old);
    printf("after the handlers: ss_flags=%s\n", flag_name(old.ss_flags));

    /* Errors and disabling. */
    stack_t small = { .ss_sp = alt, .ss_size = 1000, .ss_flags = 0 };
    errno = 0;
    int r = sigaltstack(&small, NULL);
    printf("sigaltstack(size 1000) = %d errno=%s\n", r, strerror(errno));
    stack_t badflags = { .ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0x40 };
    errno = 0;
    r = sigaltstack(&badflags, NULL);
    printf("sigaltstack(flags 0x40) = %d errno=%s\n", r, strerror(errno));
    stack_t off = { .ss_sp = NULL, .ss_size = 0, .ss_flags = SS_DISABLE };
    r = sigaltstack(&off, &old);
    printf("sigaltstack(SS_DISABLE) = %d, old was the alternate stack: %s\n", r,
           old.ss_sp == alt ? "yes" : "no");
    memset(&old, 0, sizeof old);
    sigaltstack(NULL, &old);
    printf("after disabling: ss_flags=%s\n", flag_name(old.ss_flags));
    local_usr1 = 0;
    raise(SIGUSR1);
    printf("SA_ONSTACK handler with no alternate stack runs on the normal stack: %s\n",
           local_usr1 && !on_alt(local_usr1) ? "yes" : "no");
    printf("  uc_stack.ss_flags=%s\n", flag_name(uc_flags_usr1));
    return 0;
}
