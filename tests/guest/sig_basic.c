/* Signal handlers for SIGUSR1 sent by raise, kill and tgkill. A signal a
 * process sends to itself while it is not blocked is delivered before the
 * sending call returns, so each "after" line already sees the handler's
 * effect. The handler changes globals that the interrupted code reads, and the
 * interrupted code's locals survive. Also: sigaction reports the old action,
 * signal() keeps its handler installed (BSD semantics), SIG_IGN and the
 * default-ignored signals do nothing, kill(pid, 0) probes, and bad signal
 * numbers are refused with EINVAL. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile sig_atomic_t hits;
static volatile sig_atomic_t last_sig;
static volatile sig_atomic_t usr2_hits;

static void on_usr1(int sig)
{
    hits++;
    last_sig = sig;
}

static void on_usr2(int sig)
{
    usr2_hits++;
    last_sig = sig;
}

static const char *YN(int c)
{
    return c ? "yes" : "no";
}

/* The kernel's struct sigaction for riscv (asm-generic: no sa_restorer). */
struct kernel_sigaction {
    void (*handler)(int);
    unsigned long flags;
    uint64_t mask;
};

int main(void)
{
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGUSR1, &sa, &old) != 0) {
        perror("sigaction");
        return 1;
    }
    printf("old SIGUSR1 action is SIG_DFL: %s\n", YN(old.sa_handler == SIG_DFL));

    /* Locals live across the signal: the handler must not disturb them. */
    volatile long a = 12345, b = 678;
    long before = a * b;
    raise(SIGUSR1);
    printf("after raise: hits=%d last_sig=%d\n", (int)hits, (int)last_sig);
    printf("locals intact after raise: %s (%ld)\n", YN(a * b == before), a * b);

    kill(getpid(), SIGUSR1);
    printf("after kill: hits=%d\n", (int)hits);
    syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);
    printf("after tgkill: hits=%d\n", (int)hits);
    syscall(SYS_tkill, gettid(), SIGUSR1);
    printf("after tkill: hits=%d\n", (int)hits);

    /* Many deliveries in a loop, interleaved with arithmetic. */
    long sum = 0;
    for (int i = 0; i < 1000; i++) {
        sum += i;
        raise(SIGUSR1);
        sum += i * 3;
    }
    printf("after 1000 more raises: hits=%d sum=%ld\n", (int)hits, sum);

    /* The installed action reads back. */
    if (sigaction(SIGUSR1, NULL, &old) != 0) {
        perror("sigaction query");
        return 1;
    }
    printf("query: handler is on_usr1: %s, SA_SIGINFO clear: %s\n",
           YN(old.sa_handler == on_usr1), YN(!(old.sa_flags & SA_SIGINFO)));

    /* signal(): returns the previous handler, stays installed. */
    void (*prev)(int) = signal(SIGUSR2, on_usr2);
    printf("signal() returned SIG_DFL: %s\n", YN(prev == SIG_DFL));
    raise(SIGUSR2);
    raise(SIGUSR2);
    printf("SIGUSR2 twice via signal(): usr2_hits=%d last_sig=%d\n", (int)usr2_hits,
           (int)last_sig);
    prev = signal(SIGUSR2, SIG_IGN);
    printf("signal() returned on_usr2: %s\n", YN(prev == on_usr2));

    /* Ignored signals: nothing happens, execution continues. */
    raise(SIGUSR2);
    printf("SIGUSR2 ignored: usr2_hits=%d\n", (int)usr2_hits);
    raise(SIGCHLD);
    raise(SIGURG);
    raise(SIGWINCH);
    raise(SIGCONT);
    printf("default-ignored SIGCHLD, SIGURG, SIGWINCH, SIGCONT: still running\n");

    /* Back to the default handler, then to on_usr1 again. */
    sa.sa_handler = SIG_DFL;
    sigaction(SIGUSR1, &sa, &old);
    printf("replaced action was on_usr1: %s\n", YN(old.sa_handler == on_usr1));
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("reinstalled: hits=%d\n", (int)hits);

    /* Probing and errors. */
    errno = 0;
    int r = kill(getpid(), 0);
    printf("kill(self, 0) = %d errno=%d\n", r, errno);
    errno = 0;
    r = kill(getpid(), 65);
    printf("kill(self, 65) = %d errno=%s\n", r, strerror(errno));
    errno = 0;
    r = kill(0x3ffffff0, 0);
    printf("kill(no such pid, 0) = %d errno=%s\n", r, strerror(errno));
    sa.sa_handler = on_usr1;
    errno = 0;
    r = sigaction(SIGKILL, &sa, NULL);
    printf("sigaction(SIGKILL) = %d errno=%s\n", r, strerror(errno));
    errno = 0;
    r = sigaction(SIGSTOP, &sa, NULL);
    printf("sigaction(SIGSTOP) = %d errno=%s\n", r, strerror(errno));
    errno = 0;
    r = sigaction(0, &sa, NULL);
    printf("sigaction(0) = %d errno=%s\n", r, strerror(errno));
    errno = 0;
    r = sigaction(65, &sa, NULL);
    printf("sigaction(65) = %d errno=%s\n", r, strerror(errno));

    /* The raw system call: SIGRTMAX (64) is valid; a wrong sigsetsize is not. */
    struct kernel_sigaction ks;
    memset(&ks, 0, sizeof ks);
    errno = 0;
    r = syscall(SYS_rt_sigaction, 64, NULL, &ks, 8);
    printf("rt_sigaction(64, query) = %d, handler SIG_DFL: %s\n", r, YN(ks.handler == SIG_DFL));
    errno = 0;
    r = syscall(SYS_rt_sigaction, SIGUSR1, NULL, &ks, 16);
    printf("rt_sigaction(sigsetsize 16) = %d errno=%s\n", r, strerror(errno));
    errno = 0;
    r = syscall(SYS_rt_sigaction, 65, NULL, &ks, 8);
    printf("rt_sigaction(65) = %d errno=%s\n", r, strerror(errno));
    /* The raw query of SIGUSR1 sees our handler, our flags, an empty mask. */
    r = syscall(SYS_rt_sigaction, SIGUSR1, NULL, &ks, 8);
    printf("rt_sigaction(SIGUSR1 query) = %d, handler on_usr1: %s, mask=%#llx\n", r,
           YN(ks.handler == on_usr1), (unsigned long long)ks.mask);
    printf("done\n");
    return 0;
}
