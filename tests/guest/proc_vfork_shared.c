/* vfork shares memory: the child runs in the parent's address space until it
 * calls _exit, and the parent is suspended meanwhile, so values the child
 * stores (a global, the heap) are there when the parent resumes. clone with
 * CLONE_VM and a separate stack (no CLONE_THREAD) makes a process that
 * shares memory too; CLONE_VFORK makes the parent wait for it.
 * Not compared with qemu-riscv64 7.2: it turns vfork into fork and refuses
 * CLONE_VM without CLONE_THREAD (EINVAL). The expected output is what Linux
 * does (the same C program prints it natively on x86-64 Linux). */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int global;
static volatile int child_saw;

static int clone_child(void *arg)
{
    int *heap = arg;
    child_saw = heap[0];
    heap[1] = 4321;
    global = 55;
    return 9;
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int *heap = malloc(16 * sizeof(int));
    heap[0] = 1234;
    heap[1] = 0;
    global = 1;
    pid_t pid = vfork();
    if (pid == 0) {
        global = 2;
        heap[1] = heap[0] + 1;
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("vfork: global=%d heap[1]=%d\n", global, heap[1]);

    /* clone(CLONE_VM | CLONE_VFORK) with its own stack, as posix_spawn does. */
    size_t stack_size = 64 * 1024;
    char *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    heap[1] = 0;
    pid = clone(clone_child, stack + stack_size, CLONE_VM | CLONE_VFORK | SIGCHLD, heap);
    printf("clone(CLONE_VM|CLONE_VFORK) ok: %s; back in the parent: child_saw=%d heap[1]=%d global=%d\n",
           pid > 0 ? "yes" : "no", child_saw, heap[1], global);
    waitpid(pid, &st, 0);
    printf("  exit status %d\n", WEXITSTATUS(st));

    /* clone(CLONE_VM) without CLONE_VFORK or CLONE_THREAD (a separate process
     * sharing the parent's memory) is not emulated by ferry (nor by qemu):
     * it must fail cleanly with EINVAL rather than run with copied memory. */
    heap[0] = 777;
    errno = 0;
    pid = clone(clone_child, stack + stack_size, CLONE_VM | SIGCHLD, heap);
    printf("clone(CLONE_VM) alone: %s\n", pid < 0 && errno == EINVAL ? "EINVAL (not emulated)" : "unexpected");
    return 0;
}
