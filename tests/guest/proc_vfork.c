/* vfork: the child runs (on the parent's memory, until it calls _exit or
 * execve) and the parent continues after it; the exit status arrives by
 * waitpid. A vfork child whose execve fails reports it through _exit(127).
 * Only what fork-based emulation also shows is checked here; the shared
 * memory of vfork is checked by proc_vfork_shared. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int p[2];
    if (pipe(p) != 0)
        return 1;
    pid_t pid = vfork();
    if (pid == 0) {
        (void)!write(p[1], "from the vfork child", 20);
        _exit(3);
    }
    int st;
    pid_t w = waitpid(pid, &st, 0);
    char buf[32] = { 0 };
    ssize_t n = read(p[0], buf, sizeof buf - 1);
    printf("vfork child: waited=%s exited=%d status=%d, pipe read %zd \"%s\"\n",
           w == pid ? "yes" : "no", WIFEXITED(st), WEXITSTATUS(st), n, buf);

    pid = vfork();
    if (pid == 0) {
        char *argv[] = { "nothing", NULL };
        char *envp[] = { NULL };
        execve("/nonexistent/program", argv, envp);
        _exit(127);
    }
    waitpid(pid, &st, 0);
    printf("vfork + failing execve: status=%d\n", WEXITSTATUS(st));

    volatile int sum = 0;
    for (volatile int i = 0; i < 50; i++) {
        pid = vfork();
        if (pid == 0)
            _exit(i);
        waitpid(pid, &st, 0);
        sum += WEXITSTATUS(st);
    }
    printf("50 vforks: sum of statuses = %d\n", sum);
    return 0;
}
