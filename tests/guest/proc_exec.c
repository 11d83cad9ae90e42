/* execve. A forked child execs /proc/self/exe (this same program) with its
 * own argv and a custom environment; the new image prints what it got:
 * argc, every argv string, every environment string in order, and checks
 * that its pid and parent are unchanged. Its exit status reaches the parent.
 * Failing execve calls return -1 and the caller goes on: ENOENT (no such
 * file), EACCES (a directory; a file without execute permission), ENOEXEC
 * (an executable file that is neither ELF nor a #! script). A #! script
 * naming this program as its interpreter runs it with argv = interpreter,
 * the optional argument from the #! line, the script path, then the
 * remaining arguments.
 * Not compared with qemu-riscv64: without binfmt_misc, qemu passes execve of
 * a RISC-V program to the host kernel, which cannot run it. The expected
 * output is what Linux does (the same C program prints it natively on
 * x86-64 Linux). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int child_mode(int argc, char **argv)
{
    printf("  [new image] argc=%d\n", argc);
    for (int i = 0; i < argc; i++) {
        if (argc >= 4 && (i == 2 || i == 3)) /* pids: checked below, not printed */
            printf("  [new image] argv[%d]=<%s>\n", i, i == 2 ? "its pid" : "its parent's pid");
        else
            printf("  [new image] argv[%d]=\"%s\"\n", i, argv[i]);
    }
    printf("  [new image] argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");
    int n = 0;
    for (char **e = environ; *e; e++, n++)
        printf("  [new image] env[%d]=\"%s\"\n", n, *e);
    printf("  [new image] %d environment strings\n", n);
    if (argc >= 4) {
        printf("  [new image] pid unchanged by execve: %s\n",
               getpid() == atoi(argv[2]) ? "yes" : "no");
        printf("  [new image] parent unchanged: %s\n", getppid() == atoi(argv[3]) ? "yes" : "no");
    }
    return 5;
}

static int script_mode(int argc, char **argv)
{
    const char *interp = getenv("INTERP");
    const char *script = getenv("SCRIPT");
    printf("  [script] argc=%d\n", argc);
    printf("  [script] argv[0] is the interpreter path from the #! line: %s\n",
           interp && strcmp(argv[0], interp) == 0 ? "yes" : "no");
    printf("  [script] argv[1]=\"%s\" (the #! argument)\n", argv[1]);
    printf("  [script] argv[2] is the script path: %s\n",
           argc > 2 && script && strcmp(argv[2], script) == 0 ? "yes" : "no");
    for (int i = 3; i < argc; i++)
        printf("  [script] argv[%d]=\"%s\"\n", i, argv[i]);
    return 6;
}

static void try_exec(const char *what, const char *path)
{
    char *argv[] = { (char *)path, NULL };
    errno = 0;
    int r = execve(path, argv, environ);
    printf("execve(%s) = %d errno=%s\n", what, r, strerror(errno));
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "exec-child") == 0)
        return child_mode(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "script-mode") == 0)
        return script_mode(argc, argv);

    setvbuf(stdout, NULL, _IONBF, 0);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        char mypid[16], ppid[16];
        snprintf(mypid, sizeof mypid, "%d", getpid());
        snprintf(ppid, sizeof ppid, "%d", parent);
        char *cargv[] = { "any-name-at-all", "exec-child", mypid, ppid, "two words", "", "last",
                          NULL };
        char *cenv[] = { "FOO=bar", "EMPTY=", "MULTI=a=b=c", "PATH=/nowhere", NULL };
        execve("/proc/self/exe", cargv, cenv);
        printf("execve failed: %s\n", strerror(errno));
        _exit(99);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("parent: new image exited with %d\n", WEXITSTATUS(st));

    /* An empty environment. */
    pid = fork();
    if (pid == 0) {
        char *cargv[] = { "x", "exec-child", NULL };
        char *cenv[] = { NULL };
        execve("/proc/self/exe", cargv, cenv);
        _exit(99);
    }
    waitpid(pid, &st, 0);
    printf("parent: empty environment, exit %d\n", WEXITSTATUS(st));

    /* Failures: the calling program continues. */
    try_exec("/nonexistent/file", "/nonexistent/file");
    try_exec("a directory", "/tmp");
    char plain[] = "/tmp/ferry-proc_exec-XXXXXX";
    int fd = mkstemp(plain);
    (void)!write(fd, "just some text\n", 15);
    close(fd);
    chmod(plain, 0644);
    try_exec("a file without x permission", plain);
    chmod(plain, 0755);
    try_exec("an executable text file", plain);
    unlink(plain);

    /* A #! script whose interpreter is this program. */
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return 1;
    self[n] = 0;
    char script[] = "/tmp/ferry-proc_exec-script-XXXXXX";
    fd = mkstemp(script);
    dprintf(fd, "#!%s script-mode\nthis line is never read by the kernel\n", self);
    close(fd);
    chmod(script, 0755);
    pid = fork();
    if (pid == 0) {
        char interp_env[4200], script_env[200];
        snprintf(interp_env, sizeof interp_env, "INTERP=%s", self);
        snprintf(script_env, sizeof script_env, "SCRIPT=%s", script);
        char *cargv[] = { "the-script", "first", "second", NULL };
        char *cenv[] = { interp_env, script_env, NULL };
        execve(script, cargv, cenv);
        printf("script execve failed: %s\n", strerror(errno));
        _exit(99);
    }
    waitpid(pid, &st, 0);
    printf("parent: script exited with %d\n", WEXITSTATUS(st));
    unlink(script);
    return 0;
}
