/* execve from a thread that is not the main thread, while the main thread is
 * blocked in pthread_join and another thread spins: every other thread
 * disappears, and the new image runs as a single-threaded process with the
 * original pid (its one thread's tid is the pid again); the arguments
 * arrive as given.
 * Not compared with qemu-riscv64: without binfmt_misc, qemu passes execve of
 * a RISC-V program to the host kernel, which cannot run it. The expected
 * output is what Linux does (the same C program prints it natively on
 * x86-64 Linux). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static atomic_int spinning;
static char pidbuf[16];

static void *spinner(void *arg)
{
    (void)arg;
    atomic_store(&spinning, 1);
    for (;;)
        __asm__ volatile("" ::: "memory");
    return NULL;
}

static void *execer(void *arg)
{
    (void)arg;
    while (!atomic_load(&spinning))
        sched_yield();
    char *argv[] = { "renamed", "after-exec", pidbuf, NULL };
    char *envp[] = { "FROM=thread", NULL };
    execve("/proc/self/exe", argv, envp);
    printf("execve failed: %s\n", strerror(errno));
    exit(99);
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "after-exec") == 0) {
        printf("new image: argv[0]=\"%s\" FROM=%s\n", argv[0], getenv("FROM"));
        printf("new image: pid is the original: %s\n", getpid() == atoi(argv[2]) ? "yes" : "no");
        printf("new image: its thread's tid is the pid: %s\n", gettid() == getpid() ? "yes" : "no");
        return 0;
    }
    printf("main: starting a spinning thread and a thread that execs\n");
    fflush(stdout);
    snprintf(pidbuf, sizeof pidbuf, "%d", getpid());
    pthread_t a, b;
    pthread_create(&a, NULL, spinner, NULL);
    pthread_create(&b, NULL, execer, NULL);
    pthread_join(b, NULL);
    printf("main: pthread_join returned: must not be printed\n");
    return 1;
}
