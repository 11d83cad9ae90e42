/* Signal delivery when the interrupted code's stack pointer is unusable.
 * With an alternate stack and SA_ONSTACK, the frame goes on the alternate
 * stack whatever sp holds: an assembly probe sets sp to 16, sends itself
 * SIGUSR1 with a raw tgkill ecall, the handler runs, and sigreturn gives the
 * probe back sp = 16 (which it then replaces with the saved one). Without
 * an alternate stack the kernel cannot write the frame and the process dies
 * by SIGSEGV (seen through fork + waitpid), also when sp points into
 * read-only memory. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void bad_sp_probe(long pid, long tid, long sig, long new_sp);
uint64_t probe_saved_sp, probe_sp_after;

__asm__(".text\n"
        ".globl bad_sp_probe\n"
        ".type bad_sp_probe, @function\n"
        ".align 2\n"
        "bad_sp_probe:\n"
        ".option push\n"
        ".option norelax\n"
        "  lla t0, probe_saved_sp\n"
        "  sd sp, 0(t0)\n"
        "  mv sp, a3\n"
        "  li a7, 131\n" /* tgkill(a0, a1, a2) */
        "  ecall\n"
        "  lla t0, probe_sp_after\n"
        "  sd sp, 0(t0)\n"
        "  lla t0, probe_saved_sp\n"
        "  ld sp, 0(t0)\n"
        "  ret\n"
        ".option pop\n"
        ".size bad_sp_probe, .-bad_sp_probe\n");

static char alt[65536];
static volatile int runs, on_alt;

static void handler(int sig)
{
    (void)sig;
    volatile char here;
    runs++;
    on_alt = (uintptr_t)&here >= (uintptr_t)alt && (uintptr_t)&here < (uintptr_t)alt + sizeof alt;
}

static void install(int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
}

static void child_case(const char *what, uint64_t sp)
{
    pid_t pid = fork();
    if (pid == 0) {
        install(0);
        bad_sp_probe(getpid(), gettid(), SIGUSR1, (long)sp);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    if (WIFSIGNALED(st))
        printf("%s: child killed by signal %d (%s)\n", what, WTERMSIG(st), sigabbrev_np(WTERMSIG(st)));
    else
        printf("%s: child exited with %d\n", what, WEXITSTATUS(st));
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0 };
    sigaltstack(&ss, NULL);
    install(SA_ONSTACK);
    bad_sp_probe(getpid(), gettid(), SIGUSR1, 16);
    printf("sp = 16, SA_ONSTACK: handler ran %d time(s), on the alternate stack: %s, "
           "sp after sigreturn = %llu\n",
           runs, on_alt ? "yes" : "no", (unsigned long long)probe_sp_after);

    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
    child_case("sp = 16, no alternate stack", 16);
    child_case("sp in read-only text", ((uintptr_t)main + 4096) & ~(uintptr_t)15);
    return 0;
}
