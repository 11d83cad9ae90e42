/* Threads made with clone() directly, as a thread library does:
 * CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM with
 * CLONE_PARENT_SETTID (the new tid is stored in the parent's variable
 * before clone returns) and CLONE_CHILD_CLEARTID (when the thread exits the
 * kernel stores 0 there and does a FUTEX_WAKE, which is how the parent
 * waits for it). The threads run on stacks of our own, share memory with
 * the parent, have the parent's pid and their own tid, and exit with the
 * exit system call (only the thread ends). The child code makes raw system
 * calls only: it shares the parent's TLS. */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define N 4
#define STACK (64 * 1024)

static atomic_long counter;
static long seen_pid[N], seen_tid[N];

static long raw_syscall0(long nr)
{
    register long a0 __asm__("a0");
    register long a7 __asm__("a7") = nr;
    __asm__ volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
    return a0;
}

static int child_fn(void *arg)
{
    long me = (long)(intptr_t)arg;
    seen_pid[me] = raw_syscall0(SYS_getpid);
    seen_tid[me] = raw_syscall0(SYS_gettid);
    for (int i = 0; i < 100000; i++)
        atomic_fetch_add(&counter, 1);
    return 0; /* glibc's clone then calls the exit system call */
}

int main(void)
{
    static pid_t ptid[N];
    static volatile pid_t ctid[N];
    char *stacks = mmap(NULL, N * STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
                CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
    long ret[N];
    for (long i = 0; i < N; i++) {
        ctid[i] = -1;
        ret[i] = clone(child_fn, stacks + (i + 1) * STACK, flags, (void *)(intptr_t)i, &ptid[i],
                       NULL, &ctid[i]);
    }
    int settid_ok = 1;
    for (int i = 0; i < N; i++)
        if (ret[i] <= 0 || ptid[i] != ret[i])
            settid_ok = 0;
    /* Wait for each thread's exit through its CLONE_CHILD_CLEARTID word. */
    for (int i = 0; i < N; i++) {
        pid_t v;
        while ((v = ctid[i]) != 0)
            syscall(SYS_futex, &ctid[i], FUTEX_WAIT, v, NULL, NULL, 0);
    }
    int pid_ok = 1, tid_ok = 1;
    for (int i = 0; i < N; i++) {
        if (seen_pid[i] != getpid())
            pid_ok = 0;
        if (seen_tid[i] != ret[i] || seen_tid[i] == getpid())
            tid_ok = 0;
        for (int j = 0; j < i; j++)
            if (seen_tid[i] == seen_tid[j])
                tid_ok = 0;
    }
    printf("clone returned the tids and CLONE_PARENT_SETTID stored them: %s\n",
           settid_ok ? "yes" : "no");
    printf("threads saw the parent's pid: %s; their own distinct tids: %s\n", pid_ok ? "yes" : "no",
           tid_ok ? "yes" : "no");
    printf("CLONE_CHILD_CLEARTID words cleared at exit: %s\n",
           ctid[0] == 0 && ctid[1] == 0 && ctid[2] == 0 && ctid[3] == 0 ? "yes" : "no");
    printf("shared counter = %ld\n", atomic_load(&counter));
    return 0;
}
