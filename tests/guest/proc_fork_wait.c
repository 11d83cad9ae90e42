/* fork + waitpid. The child gets 0 from fork and the parent the child's pid;
 * getppid() in the child is the parent; the exit status comes back through
 * waitpid (WIFEXITED, WEXITSTATUS, only the low 8 bits). Memory is copied,
 * not shared: the child's changes to a global, the heap, the stack and an
 * mmap'd private page are invisible to the parent, and the parent's later
 * changes are invisible to the child. A MAP_SHARED|MAP_ANONYMOUS page is
 * shared. Unflushed stdio data is duplicated by fork, so the output is
 * flushed first. WNOHANG, ECHILD and wait(NULL) are checked too. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int global = 100;

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int *heap = malloc(64 * sizeof(int));
    for (int i = 0; i < 64; i++)
        heap[i] = i;
    volatile int on_stack = 7;
    long pg = sysconf(_SC_PAGESIZE);
    int *priv = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int *shared = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    priv[0] = 1;
    shared[0] = 1;
    pid_t parent = getpid();
    int pipefd[2], ready[2];
    if (pipe(pipefd) != 0 || pipe(ready) != 0)
        return 1;

    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0) {
        close(pipefd[1]);
        printf("child: fork returned 0, getppid is the parent: %s, getpid differs: %s\n",
               getppid() == parent ? "yes" : "no", getpid() != parent ? "yes" : "no");
        printf("child: sees global=%d heap[10]=%d stack=%d priv=%d shared=%d\n", global, heap[10],
               on_stack, priv[0], shared[0]);
        global = 200;
        heap[10] = -10;
        on_stack = 70;
        priv[0] = 2;
        shared[0] = 2;
        (void)!write(ready[1], "r", 1);
        /* wait until the parent has changed its copies */
        char c;
        if (read(pipefd[0], &c, 1) != 1)
            _exit(99);
        printf("child: after the parent's changes: global=%d heap[11]=%d shared[1]=%d\n", global,
               heap[11], shared[1]);
        exit(300 + 42); /* only the low 8 bits reach the parent: 86 */
    }
    close(pipefd[0]);
    char c;
    if (read(ready[0], &c, 1) != 1)
        return 1;
    printf("parent: after the child's changes: global=%d heap[10]=%d stack=%d priv=%d shared=%d\n",
           global, heap[10], on_stack, priv[0], shared[0]);
    global = 101;
    heap[11] = -11;
    shared[1] = 5;
    /* The child waits for the parent: it cannot have exited. */
    int st = -1;
    pid_t w = waitpid(pid, &st, WNOHANG);
    printf("parent: waitpid(WNOHANG) before the child can exit = %d\n", w);
    (void)!write(pipefd[1], "g", 1);
    w = waitpid(pid, &st, 0);
    printf("parent: waitpid returned the child: %s, WIFEXITED=%d WEXITSTATUS=%d WIFSIGNALED=%d\n",
           w == pid ? "yes" : "no", WIFEXITED(st), WEXITSTATUS(st), WIFSIGNALED(st));
    printf("parent: global=%d heap[10]=%d stack=%d priv=%d shared=%d\n", global, heap[10],
           on_stack, priv[0], shared[0]);
    errno = 0;
    w = waitpid(-1, &st, 0);
    printf("parent: waitpid(-1) with no children = %d errno=%s\n", w, strerror(errno));
    errno = 0;
    w = waitpid(pid, &st, WNOHANG);
    printf("parent: waitpid(reaped pid) = %d errno=%s\n", w, strerror(errno));

    /* Many children in sequence, each checked. */
    int sum = 0;
    for (int i = 0; i < 20; i++) {
        pid = fork();
        if (pid == 0)
            _exit(i * 3);
        wait(&st);
        sum += WEXITSTATUS(st);
    }
    printf("parent: 20 children, sum of exit codes = %d\n", sum);

    /* A child that forks a grandchild: the grandchild's parent is the child. */
    pid = fork();
    if (pid == 0) {
        pid_t me = getpid();
        pid_t g = fork();
        if (g == 0)
            _exit(getppid() == me ? 11 : 12);
        int gst;
        waitpid(g, &gst, 0);
        _exit(WEXITSTATUS(gst) + 10);
    }
    waitpid(pid, &st, 0);
    printf("parent: grandchild saw its parent, child exit = %d\n", WEXITSTATUS(st));
    return 0;
}
