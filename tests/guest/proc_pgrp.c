/* Process groups and sessions. A child that calls setpgid(0, 0) leads its
 * own group (getpgrp() = its pid, getpgid(child) from the parent agrees) and
 * its own child joins that group; kill(-group, SIGTERM) ends both: the
 * grandchild's death shows as EOF on a pipe only it still holds open.
 * setsid makes a new session (getsid = pid); a second setsid by a group
 * leader is EPERM. kill(-group, 0) probes a group. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int ready[2], alive[2];
    if (pipe(ready) != 0 || pipe(alive) != 0)
        return 1;
    pid_t child = fork();
    if (child == 0) {
        setpgid(0, 0);
        pid_t g = fork();
        if (g == 0) {
            /* only the grandchild keeps the write end of "alive" */
            int same = getpgrp() == getppid();
            (void)!write(ready[1], same ? "y" : "n", 1);
            for (;;)
                pause();
        }
        close(alive[1]);
        int leader = getpgrp() == getpid();
        (void)!write(ready[1], leader ? "y" : "n", 1);
        for (;;)
            pause();
    }
    close(alive[1]);
    char a = 0, b = 0;
    (void)!read(ready[0], &a, 1);
    (void)!read(ready[0], &b, 1);
    printf("child leads its group and the grandchild is in it: %s\n",
           a == 'y' && b == 'y' ? "yes" : "no");
    printf("getpgid(child) is the child: %s\n", getpgid(child) == child ? "yes" : "no");
    printf("kill(-group, 0) = %d\n", kill(-child, 0));
    kill(-child, SIGTERM);
    int st;
    waitpid(child, &st, 0);
    printf("child: WIFSIGNALED=%d WTERMSIG=%d\n", WIFSIGNALED(st), WTERMSIG(st));
    char c;
    ssize_t r = read(alive[0], &c, 1);
    printf("grandchild gone too (EOF on its pipe): %s\n", r == 0 ? "yes" : "no");

    pid_t s = fork();
    if (s == 0) {
        pid_t sid = setsid();
        int ok = sid == getpid() && getsid(0) == getpid() && getpgrp() == getpid();
        errno = 0;
        int again = setsid();
        _exit(ok && again == -1 && errno == EPERM ? 0 : 1);
    }
    waitpid(s, &st, 0);
    printf("setsid in a child: new session led by it, second setsid EPERM: %s\n",
           WEXITSTATUS(st) == 0 ? "yes" : "no");
    return 0;
}
