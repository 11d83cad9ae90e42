/*
 * Processes and threads: exit, clone/clone3 (a host thread for
 * CLONE_VM|CLONE_THREAD, a host fork otherwise), execve (ferry starts itself
 * again on the new program, keeping the pid), wait4 and waitid.
 */
#include "syscall_impl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../cpu/riscv/rv.h"
#include "../cpu/tcache.h"
#include "path.h"
#include "signal.h"
#include "thread.h"

/* ---- vfork ----
 *
 * A vfork child shares the parent's memory and the parent waits until the
 * child execs or exits; posix_spawn depends on both (the child reports a
 * failed exec by writing to the parent's memory). A host fork cannot share
 * memory, so the child runs here, in the parent's place, on the same host
 * thread: its exec is a host fork+exec made at that moment, its exit a host
 * process made only to exit with its status. Either way that host process
 * is the child the parent sees, and the parent resumes with its pid.
 */

/* A saved descriptor: the parent's fd, a copy of it, and its FD_CLOEXEC. */
typedef struct SavedFd {
    int fd, copy, flags;
} SavedFd;

typedef struct VforkSave {
    uint64_t x[32], f[32], pc;
    uint32_t fflags, frm;
    uint64_t sigmask;
    /* what the child may change that is the parent's alone: descriptors
     * (posix_spawn's dup2 and close) and signal actions */
    SavedFd *fds;
    size_t nfds;
    LuSigAction sigact[LU_NSIG + 1];
    struct VforkSave *outer;
} VforkSave;

/* Copy every descriptor of the parent aside (close-on-exec copies, so an
 * exec by the child does not carry them). */
static int save_fds(LinuxProc *p, VforkSave *v)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -errno;
    int dfd = dirfd(d);
    size_t cap = 16;
    v->fds = malloc(cap * sizeof *v->fds);
    v->nfds = 0;
    struct dirent *e;
    int err = 0;
    while (v->fds && (e = readdir(d))) {
        char *end;
        long fd = strtol(e->d_name, &end, 10);
        if (*end || e->d_name[0] == '.' || fd == dfd || lu_paths_owns_fd(p, (int)fd))
            continue;
        if (v->nfds == cap) {
            SavedFd *n = realloc(v->fds, cap * 2 * sizeof *n);
            if (!n) {
                err = -ENOMEM;
                break;
            }
            v->fds = n;
            cap *= 2;
        }
        int copy = fcntl((int)fd, F_DUPFD_CLOEXEC, 64);
        if (copy < 0) {
            err = -errno;
            break;
        }
        v->fds[v->nfds++] = (SavedFd){ (int)fd, copy, fcntl((int)fd, F_GETFD) };
    }
    closedir(d);
    return v->fds ? err : -ENOMEM;
}

static bool is_copy(const VforkSave *v, int fd)
{
    for (size_t i = 0; i < v->nfds; i++)
        if (v->fds[i].copy == fd)
            return true;
    return false;
}

/* Put the parent's descriptors back as they were before the child ran. */
static void restore_fds(LinuxProc *p, VforkSave *v)
{
    DIR *d = opendir("/proc/self/fd");
    if (d) {
        int dfd = dirfd(d);
        struct dirent *e;
        while ((e = readdir(d))) {
            char *end;
            long fd = strtol(e->d_name, &end, 10);
            if (*end || e->d_name[0] == '.' || fd == dfd || lu_paths_owns_fd(p, (int)fd) || is_copy(v, (int)fd))
                continue;
            close((int)fd); /* the child's, or about to be restored */
        }
        closedir(d);
    }
    for (size_t i = 0; i < v->nfds; i++) {
        SavedFd *s = &v->fds[i];
        dup3(s->copy, s->fd, (s->flags & FD_CLOEXEC) ? O_CLOEXEC : 0);
        close(s->copy);
    }
    free(v->fds);
}

static int64_t vfork_start(LinuxThread *t, uint64_t stack, uint64_t tls, uint64_t flags)
{
    VforkSave *v = malloc(sizeof *v);
    if (!v)
        return -ENOMEM;
    RvCpu *cpu = t->cpu;
    memcpy(v->x, cpu->x, sizeof v->x);
    memcpy(v->f, cpu->f, sizeof v->f);
    v->pc = cpu->pc;
    v->fflags = cpu->fflags;
    v->frm = cpu->frm;
    v->sigmask = t->sigmask;
    LuSysState *st = t->proc->sys;
    pthread_mutex_lock(&st->sig_lock);
    memcpy(v->sigact, st->sigact, sizeof v->sigact);
    pthread_mutex_unlock(&st->sig_lock);
    int err = save_fds(t->proc, v);
    if (err) {
        for (size_t i = 0; i < v->nfds; i++)
            close(v->fds[i].copy);
        free(v->fds);
        free(v);
        return err;
    }
    v->outer = t->vfork;
    t->vfork = v;
    if (stack)
        cpu->x[2] = stack;
    if (flags & CLONE_SETTLS)
        cpu->x[4] = tls;
    return 0; /* the child's return value */
}

/* The child is gone (exec'd or exited) as host process `pid`: the parent
 * continues from its clone call, which returns pid. */
static int64_t vfork_resume(LinuxThread *t, pid_t pid)
{
    VforkSave *v = t->vfork;
    RvCpu *cpu = t->cpu;
    memcpy(cpu->x, v->x, sizeof v->x);
    memcpy(cpu->f, v->f, sizeof v->f);
    cpu->pc = v->pc;
    cpu->fflags = v->fflags;
    cpu->frm = v->frm;
    t->sigmask = v->sigmask;
    LinuxProc *p = t->proc;
    LuSysState *st = p->sys;
    pthread_mutex_lock(&st->sig_lock);
    bool changed[LU_NSIG + 1];
    for (int sig = 1; sig <= LU_NSIG; sig++) {
        changed[sig] = memcmp(&st->sigact[sig], &v->sigact[sig], sizeof v->sigact[sig]) != 0;
        st->sigact[sig] = v->sigact[sig];
    }
    pthread_mutex_unlock(&st->sig_lock);
    for (int sig = 1; sig <= LU_NSIG; sig++)
        if (changed[sig])
            lu_signal_action_changed(p, sig);
    restore_fds(p, v);
    t->vfork = v->outer;
    free(v);
    return pid;
}

/* The vfork child exits: a host process that exits the same way. */
static int64_t vfork_exit(LinuxThread *t, int status)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0)
        _exit(status);
    if (pid < 0)
        pid = -errno;
    return vfork_resume(t, pid);
}

/* ---- exit ---- */

SYS_HANDLER(exit_group)
{
    int status = arg_int(a[0]) & 0xff;
    LinuxThread *t = lu_self();
    if (t->vfork)
        return vfork_exit(t, status);
    pthread_mutex_lock(&p->threads_lock);
    bool alone = p->nthreads == 1;
    pthread_mutex_unlock(&p->threads_lock);
    if (!alone || !t->is_main_host)
        lu_process_exit(p, status); /* the host exit ends every thread */
    p->exited = true;
    p->exit_status = status;
    return 0;
}

SYS_HANDLER(exit)
{
    (void)p;
    LinuxThread *t = lu_self();
    if (t->vfork)
        return vfork_exit(t, arg_int(a[0]) & 0xff);
    t->exit_code = arg_int(a[0]) & 0xff;
    t->exiting = true; /* the thread's loop ends; thread.c cleans up */
    return 0;
}

/* ---- clone ---- */

#define G_CSIGNAL 0xff

static int64_t do_fork(LinuxProc *p, LinuxThread *t, uint64_t flags, uint64_t stack, uint64_t ptid,
                       uint64_t tls, uint64_t ctid)
{
    /* vfork: the parent waits until the child has exec'd or exited; the
     * child holds the write end of a close-on-exec pipe until then */
    int vfork_pipe[2] = { -1, -1 };
    if ((flags & CLONE_VFORK) && pipe2(vfork_pipe, O_CLOEXEC) != 0)
        return -errno;
    fflush(stdout);
    fflush(stderr);
    /* hold the locks so the child gets them in a consistent state */
    LuSysState *st = p->sys;
    rv_fork_begin();
    gs_lock(&p->gs);
    pthread_mutex_lock(&st->sig_lock);
    pthread_mutex_lock(&p->threads_lock);
    pid_t pid = fork();
    int fork_errno = errno;
    rv_fork_end(pid == 0);
    if (pid == 0) {
        /* the child: only the calling thread exists; the others' copies
         * have no host thread here any more */
        t->tid = getpid();
        LinuxThread *lists[2] = { p->threads, p->dead };
        for (int l = 0; l < 2; l++) {
            for (LinuxThread *o = lists[l], *next; o; o = next) {
                next = o->next;
                if (o == t)
                    continue;
                if (o->cpu) {
                    tcache_free(o->cpu->tc);
                    free(o->cpu);
                }
                free(o);
            }
        }
        p->dead = NULL;
        p->threads = t;
        t->next = NULL;
        p->nthreads = 1;
        t->sigq.pending = 0;
        t->sigq.n = 0;
        st->sigq.pending = 0;
        st->sigq.n = 0;
        /* the locks were held by the parent's thread: new ones */
        pthread_mutex_init(&p->threads_lock, NULL);
        pthread_mutex_init(&st->sig_lock, NULL);
        pthread_mutex_init(&t->inval_lock, NULL);
        gs_after_fork_child(&p->gs);
        tcache_unshare_code(t->cpu->tc);
        if (vfork_pipe[0] >= 0)
            close(vfork_pipe[0]);
        RvCpu *cpu = t->cpu;
        if (stack)
            cpu->x[2] = stack;
        if (flags & CLONE_SETTLS)
            cpu->x[4] = tls;
        uint32_t tid32 = (uint32_t)t->tid;
        if (flags & CLONE_CHILD_SETTID)
            lu_put(p, ctid, &tid32, 4);
        t->clear_child_tid = (flags & CLONE_CHILD_CLEARTID) ? ctid : 0;
        return 0;
    }
    pthread_mutex_unlock(&p->threads_lock);
    pthread_mutex_unlock(&st->sig_lock);
    gs_unlock(&p->gs);
    if (pid < 0) {
        if (vfork_pipe[0] >= 0) {
            close(vfork_pipe[0]);
            close(vfork_pipe[1]);
        }
        return -fork_errno;
    }
    if (flags & CLONE_PARENT_SETTID) {
        uint32_t pid32 = (uint32_t)pid;
        lu_put(p, ptid, &pid32, 4);
    }
    if (vfork_pipe[0] >= 0) {
        close(vfork_pipe[1]);
        char c;
        while (read(vfork_pipe[0], &c, 1) < 0 && errno == EINTR) {
        }
        close(vfork_pipe[0]);
    }
    return pid;
}

static int64_t do_clone(LinuxProc *p, uint64_t flags, uint64_t stack, uint64_t ptid, uint64_t tls, uint64_t ctid)
{
    LinuxThread *t = lu_self();
    int exit_signal = (int)(flags & G_CSIGNAL);
    if (flags & CLONE_THREAD) {
        /* a thread shares everything a thread must */
        uint64_t need = CLONE_VM | CLONE_SIGHAND;
        if ((flags & need) != need)
            return -EINVAL;
        return lu_thread_spawn(t, flags, stack, ptid, tls, ctid);
    }
    if ((flags & CLONE_VM) && (flags & CLONE_VFORK))
        return vfork_start(t, stack, tls, flags);
    /* a new process: CLONE_VM without CLONE_VFORK would share memory with a
     * separate process, which a host fork cannot give */
    if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
        return -EINVAL;
    if (flags & (CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC))
        return -EPERM;
    if (exit_signal != G_SIGCHLD && exit_signal != 0)
        return -EINVAL; /* the host tells the parent with SIGCHLD */
    return do_fork(p, t, flags, stack, ptid, tls, ctid);
}

/* RISC-V's order: flags, stack, parent_tid, tls, child_tid */
SYS_HANDLER(clone)
{
    return do_clone(p, arg_ulong(p, a[0]), arg_ptr(p, a[1]), arg_ptr(p, a[2]), arg_ulong(p, a[3]),
                    arg_ptr(p, a[4]));
}

/* struct clone_args: eleven 64-bit fields */
SYS_HANDLER(clone3)
{
    uint64_t size = arg_ulong(p, a[1]);
    uint64_t ca[11] = { 0 };
    if (size < 64 || size > 4096)
        return -EINVAL;
    int err = lu_get(p, ca, arg_ptr(p, a[0]), size < sizeof ca ? (size_t)size : sizeof ca);
    if (err)
        return err;
    uint64_t flags = ca[0], pidfd = ca[1], child_tid = ca[2], parent_tid = ca[3], exit_signal = ca[4];
    uint64_t stack = ca[5], stack_size = ca[6], tls = ca[7];
    (void)pidfd;
    if ((flags & CLONE_PIDFD) || (size >= 80 && ca[9]) || exit_signal > 64 || (flags & G_CSIGNAL))
        return -EINVAL;
    if ((stack == 0) != (stack_size == 0))
        return -EINVAL;
    return do_clone(p, flags | exit_signal, stack ? stack + stack_size : 0, parent_tid, tls, child_tid);
}

/* ---- execve ---- */

#define MAX_EXEC_ARGS 65536

/* Read a guest NULL-terminated array of string pointers into a host array
 * (strings copied); *out is NULL-terminated. */
static int get_string_array(LinuxProc *p, uint64_t addr, char ***out)
{
    unsigned w = guest_long_size(p);
    size_t n = 0, cap = 16;
    char **v = calloc(cap, sizeof *v);
    if (!v)
        return -ENOMEM;
    for (; addr; n++) {
        if (n + 1 >= cap) {
            char **nv = realloc(v, cap * 2 * sizeof *v);
            if (!nv)
                goto nomem;
            v = nv;
            cap *= 2;
        }
        if (n >= MAX_EXEC_ARGS)
            goto toobig;
        uint64_t ptr = 0;
        if (lu_get(p, &ptr, addr + n * w, w))
            goto fault;
        if (!ptr)
            break;
        int64_t len = gs_strlen(&p->gs, ptr, 1 << 20);
        if (len < 0)
            goto fault;
        v[n] = malloc((size_t)len + 1);
        if (!v[n])
            goto nomem;
        lu_get(p, v[n], ptr, (size_t)len + 1);
    }
    v[n] = NULL;
    *out = v;
    return 0;
fault:
    v[n] = NULL;
    for (size_t i = 0; v[i]; i++)
        free(v[i]);
    free(v);
    return -EFAULT;
toobig:
    v[n] = NULL;
    for (size_t i = 0; v[i]; i++)
        free(v[i]);
    free(v);
    return -E2BIG;
nomem:
    v[n] = NULL;
    for (size_t i = 0; v[i]; i++)
        free(v[i]);
    free(v);
    return -ENOMEM;
}

static void free_strings(char **v)
{
    if (!v)
        return;
    for (size_t i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}

enum ExecKind { EXEC_GUEST, EXEC_HOST, EXEC_SCRIPT, EXEC_BAD };

/* What kind of file is at host path: a RISC-V ELF (ferry runs it), a
 * native ELF (the host runs it, as with qemu-user), or a "#!" script. */
static enum ExecKind exec_kind(const char *host, char *line, size_t linelen)
{
    int fd = open(host, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return EXEC_BAD;
    unsigned char buf[256];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n >= 20 && memcmp(buf, "\177ELF", 4) == 0) {
        uint16_t machine;
        memcpy(&machine, buf + 18, 2);
        if (machine == 243) /* EM_RISCV */
            return EXEC_GUEST;
        if (machine == 62) /* EM_X86_64 */
            return EXEC_HOST;
        return EXEC_BAD;
    }
    if (n >= 2 && buf[0] == '#' && buf[1] == '!') {
        buf[n] = 0;
        char *nl = memchr(buf, '\n', (size_t)n);
        if (nl)
            *nl = 0;
        snprintf(line, linelen, "%s", (char *)buf + 2);
        return EXEC_SCRIPT;
    }
    return EXEC_BAD;
}

/* Where the guest's path lives on the host. */
static int exec_host_path(LinuxProc *p, const char *guest, char *host, size_t hostlen)
{
    if (strcmp(guest, "/proc/self/exe") == 0)
        guest = p->exe_guest_path ? p->exe_guest_path : p->exe_path;
    int r = lu_path_host(p, guest, host, hostlen);
    if (r)
        return r;
    struct stat st;
    if (stat(host, &st) != 0)
        return -errno;
    if (!S_ISREG(st.st_mode) || access(host, X_OK) != 0)
        return -EACCES;
    return 0;
}

static int64_t exec_ferry(LinuxProc *p, const char *guest_path, const char *host_path, char **argv, char **envp)
{
    size_t argc = 0;
    while (argv[argc])
        argc++;
    /* ferry run [flags] --argv0 A0 -- PROGRAM ARGS... */
    const char **nv = calloc(argc + 24, sizeof *nv);
    if (!nv)
        return -ENOMEM;
    size_t n = 0;
    nv[n++] = p->ferry_exe;
    nv[n++] = "run";
    if (p->strace)
        nv[n++] = "--strace";
    if (p->opt_trace)
        nv[n++] = "--trace";
    if (p->opt_stats)
        nv[n++] = "--stats";
    char threshold[16], cache[16];
    snprintf(threshold, sizeof threshold, "%u", p->opt_jit_threshold);
    snprintf(cache, sizeof cache, "%u", p->opt_jit_cache_mib);
    if (p->opt_jit_threshold == 0) {
        nv[n++] = "--interp";
    } else {
        nv[n++] = "--jit-threshold";
        nv[n++] = threshold;
    }
    if (p->opt_jit_cache_mib) {
        nv[n++] = "--jit-cache";
        nv[n++] = cache;
    }
    if (p->opt_jit_dump)
        nv[n++] = "--dump-jit";
    if (p->opt_jit_verify)
        nv[n++] = "--jit-verify";
    if (p->opt_sysroot) {
        nv[n++] = "--sysroot";
        nv[n++] = p->opt_sysroot;
    }
    if (p->opt_root) {
        nv[n++] = "--root";
        nv[n++] = p->opt_root;
    }
    if (argc > 0) {
        nv[n++] = "--argv0";
        nv[n++] = argv[0];
    }
    nv[n++] = "--";
    /* under --root, the new ferry resolves the guest path itself */
    nv[n++] = p->opt_root ? guest_path : host_path;
    for (size_t i = 1; i < argc; i++)
        nv[n++] = argv[i];
    nv[n] = NULL;
    fflush(stdout);
    fflush(stderr);
    lu_signal_prepare_exec(lu_self());
    execve(p->ferry_exe, (char *const *)nv, envp);
    int e = errno;
    free(nv);
    lu_signal_init_after_failed_exec(p);
    return -e;
}

static int64_t execve_now(LinuxProc *p, const uint64_t a[6]);

SYS_HANDLER(execve)
{
    LinuxThread *t = lu_self();
    if (!t->vfork)
        return execve_now(p, a);
    /* a vfork child execs: from a host process of its own, which reports
     * a failure through a close-on-exec pipe (nothing arrives: it worked) */
    int pipefd[2];
    if (pipe2(pipefd, O_CLOEXEC) != 0)
        return -errno;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(pipefd[0]);
        close(pipefd[1]);
        return -e;
    }
    if (pid == 0) {
        close(pipefd[0]);
        t->tid = getpid();
        t->vfork = NULL;
        int64_t r = execve_now(p, a);
        int32_t e = (int32_t)r;
        if (write(pipefd[1], &e, sizeof e) < 0)
            _exit(127);
        _exit(127);
    }
    close(pipefd[1]);
    int32_t e = 0;
    ssize_t n;
    while ((n = read(pipefd[0], &e, sizeof e)) < 0 && errno == EINTR) {
    }
    close(pipefd[0]);
    if (n == (ssize_t)sizeof e) {
        /* exec failed: the child goes on (in the parent's place) */
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
        return e;
    }
    return vfork_resume(t, pid);
}

/* A native x86-64 program runs on the host, as with qemu-user; under
 * --root it would run unconfined, so it is refused there. Returns only on
 * failure. */
static int64_t exec_native(LinuxProc *p, const char *host, char **argv, char **envp)
{
    if (lu_paths_confined(p))
        return -ENOEXEC;
    lu_signal_prepare_exec(lu_self());
    execve(host, argv, envp);
    int64_t r = -errno;
    lu_signal_init_after_failed_exec(p);
    return r;
}

static int64_t execve_now(LinuxProc *p, const uint64_t a[6])
{
    char path[LU_PATH_MAX];
    int err = lu_get_path(p, arg_ptr(p, a[0]), path);
    if (err)
        return err;
    char **argv = NULL, **envp = NULL;
    err = get_string_array(p, arg_ptr(p, a[1]), &argv);
    if (!err)
        err = get_string_array(p, arg_ptr(p, a[2]), &envp);
    if (err) {
        free_strings(argv);
        free_strings(envp);
        return err;
    }
    char host[LU_PATH_MAX], line[256];
    int64_t r = exec_host_path(p, path, host, sizeof host);
    if (r == 0) {
        switch (exec_kind(host, line, sizeof line)) {
        case EXEC_GUEST:
            r = exec_ferry(p, path, host, argv, envp);
            break;
        case EXEC_HOST:
            r = exec_native(p, host, argv, envp);
            break;
        case EXEC_SCRIPT: {
            /* "#!interpreter [one argument]": the kernel's rule */
            char *s = line;
            while (*s == ' ' || *s == '\t')
                s++;
            char *interp = s;
            while (*s && *s != ' ' && *s != '\t')
                s++;
            char *arg = NULL;
            if (*s) {
                *s++ = 0;
                while (*s == ' ' || *s == '\t')
                    s++;
                size_t l = strlen(s);
                while (l && (s[l - 1] == ' ' || s[l - 1] == '\t' || s[l - 1] == '\r'))
                    s[--l] = 0;
                if (*s)
                    arg = s;
            }
            size_t argc = 0;
            while (argv[argc])
                argc++;
            char **nv = calloc(argc + 4, sizeof *nv);
            char ihost[LU_PATH_MAX];
            if (!nv) {
                r = -ENOMEM;
                break;
            }
            size_t n = 0;
            nv[n++] = interp;
            if (arg)
                nv[n++] = arg;
            nv[n++] = path;
            for (size_t i = 1; i < argc; i++)
                nv[n++] = argv[i];
            nv[n] = NULL;
            r = exec_host_path(p, interp, ihost, sizeof ihost);
            if (r == 0) {
                enum ExecKind k = exec_kind(ihost, line, sizeof line);
                if (k == EXEC_GUEST) {
                    r = exec_ferry(p, interp, ihost, nv, envp);
                } else if (k == EXEC_HOST) {
                    r = exec_native(p, ihost, nv, envp);
                } else {
                    r = -ENOEXEC;
                }
            }
            free(nv);
            break;
        }
        default:
            r = -ENOEXEC;
            break;
        }
    }
    free_strings(argv);
    free_strings(envp);
    return r;
}

/* ---- waiting for children ---- */

/* struct rusage: two timevals and fourteen longs, all guest longs */
static int put_rusage(LinuxProc *p, uint64_t addr, const struct rusage *ru)
{
    int64_t v[18] = {
        ru->ru_utime.tv_sec, ru->ru_utime.tv_usec, ru->ru_stime.tv_sec, ru->ru_stime.tv_usec,
        ru->ru_maxrss, ru->ru_ixrss, ru->ru_idrss, ru->ru_isrss, ru->ru_minflt, ru->ru_majflt, ru->ru_nswap,
        ru->ru_inblock, ru->ru_oublock, ru->ru_msgsnd, ru->ru_msgrcv, ru->ru_nsignals, ru->ru_nvcsw, ru->ru_nivcsw,
    };
    unsigned w = guest_long_size(p);
    uint8_t buf[18 * 8];
    for (int i = 0; i < 18; i++)
        memcpy(buf + i * w, &v[i], w);
    return lu_put(p, addr, buf, 18 * w);
}

SYS_HANDLER(wait4)
{
    int pid = arg_int(a[0]), options = arg_int(a[2]);
    uint64_t status_addr = arg_ptr(p, a[1]), ru_addr = arg_ptr(p, a[3]);
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    /* __WALL etc. have the same values on both sides */
    pid_t r = wait4(pid, &status, options, ru_addr ? &ru : NULL);
    if (r < 0)
        return -errno;
    if (r > 0 && status_addr) {
        int err = lu_put(p, status_addr, &status, 4);
        if (err)
            return err;
    }
    if (r > 0 && ru_addr) {
        int err = put_rusage(p, ru_addr, &ru);
        if (err)
            return err;
    }
    return r;
}

SYS_HANDLER(waitid)
{
    int idtype = arg_int(a[0]), id = arg_int(a[1]), options = arg_int(a[3]);
    uint64_t info_addr = arg_ptr(p, a[2]), ru_addr = arg_ptr(p, a[4]);
    siginfo_t hs;
    memset(&hs, 0, sizeof hs);
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    long r = syscall(SYS_waitid, idtype, id, &hs, options, ru_addr ? &ru : NULL);
    if (r < 0)
        return -errno;
    if (info_addr) {
        LuSigInfo si = { 0 };
        if (hs.si_signo) {
            si.signo = G_SIGCHLD;
            si.code = hs.si_code;
            si.kind = LU_SI_CHLD;
            si.pid = hs.si_pid;
            si.uid = (int)hs.si_uid;
            si.status = hs.si_status;
            si.utime = (int64_t)hs.si_utime;
            si.stime = (int64_t)hs.si_stime;
        }
        uint8_t g[128];
        lu_siginfo_to_guest(p->xlen, &si, g);
        if (!hs.si_signo)
            memset(g, 0, sizeof g);
        int err = lu_put(p, info_addr, g, sizeof g);
        if (err)
            return err;
    }
    if (ru_addr) {
        int err = put_rusage(p, ru_addr, &ru);
        if (err)
            return err;
    }
    return 0;
}
