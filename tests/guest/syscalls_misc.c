/* The system calls behind everyday library functions: identity, limits,
 * pipes and descriptors, ioctl, memory mappings (anonymous and file-backed),
 * signals sent to oneself, and errors. Prints only deterministic results. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", what, ok ? "ok" : "FAILED");
    if (!ok)
        failures++;
}

static volatile sig_atomic_t got_usr1;
static void on_usr1(int sig) { got_usr1 = sig; }

int main(void)
{
    /* identity and the system */
    struct utsname u;
    check(uname(&u) == 0, "uname");
    printf("sysname %s, machine %s\n", u.sysname, u.machine);
    check(getpid() == (pid_t)syscall(SYS_gettid), "gettid == getpid in a one-thread process");
    check(getppid() > 0, "getppid");
    uid_t r, e, s;
    check(getresuid(&r, &e, &s) == 0 && r == getuid() && e == geteuid(), "getresuid");
    gid_t rg, eg, sg;
    check(getresgid(&rg, &eg, &sg) == 0 && rg == getgid() && eg == getegid(), "getresgid");
    struct sysinfo si;
    check(sysinfo(&si) == 0 && si.totalram > 0 && si.mem_unit >= 1, "sysinfo");
    check(sysconf(_SC_NPROCESSORS_ONLN) >= 1, "sysconf(_SC_NPROCESSORS_ONLN)");
    cpu_set_t cpus;
    check(sched_getaffinity(0, sizeof cpus, &cpus) == 0 && CPU_COUNT(&cpus) >= 1, "sched_getaffinity");
    check(sched_yield() == 0, "sched_yield");
    struct tms t;
    check(times(&t) != (clock_t)-1, "times");
    struct rusage ru;
    check(getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_maxrss > 0, "getrusage");
    mode_t old_mask = umask(027);
    check(umask(old_mask) == 027, "umask round trip");
    char exe[512];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = 0;
    const char *slash = strrchr(exe, '/');
    printf("/proc/self/exe is absolute: %s, basename %s\n", exe[0] == '/' ? "yes" : "no", slash ? slash + 1 : exe);
    char name[16] = "";
    check(prctl(PR_SET_NAME, "ferry-test") == 0 && prctl(PR_GET_NAME, name) == 0 && strcmp(name, "ferry-test") == 0,
          "prctl PR_SET_NAME/PR_GET_NAME");

    /* limits */
    struct rlimit rl, rl2;
    check(getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur > 0, "getrlimit RLIMIT_STACK");
    rl2.rlim_cur = 100;
    rl2.rlim_max = 10;
    errno = 0;
    check(setrlimit(RLIMIT_NOFILE, &rl2) < 0 && errno == EINVAL, "setrlimit cur > max: EINVAL");
    check(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur >= 3, "getrlimit RLIMIT_NOFILE");

    /* pipes, descriptors, ioctl, poll */
    int p[2];
    check(pipe2(p, O_CLOEXEC) == 0, "pipe2");
    check(fcntl(p[0], F_GETFD) == FD_CLOEXEC, "pipe2 O_CLOEXEC sets FD_CLOEXEC");
    struct iovec iov[2] = { { "pi", 2 }, { "ng", 2 } };
    check(writev(p[1], iov, 2) == 4, "writev into the pipe");
    int avail = -1;
    check(ioctl(p[0], FIONREAD, &avail) == 0 && avail == 4, "ioctl FIONREAD");
    struct pollfd pfd = { .fd = p[0], .events = POLLIN };
    check(poll(&pfd, 1, 1000) == 1 && (pfd.revents & POLLIN), "poll sees data");
    errno = 0;
    void *volatile nowhere = NULL;
    check(read(p[0], nowhere, 4) < 0 && errno == EFAULT, "read into NULL: EFAULT");
    char buf[16] = "";
    check(read(p[0], buf, sizeof buf) == 4 && memcmp(buf, "ping", 4) == 0, "read it back");
    check(fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK) == 0, "fcntl O_NONBLOCK");
    errno = 0;
    check(read(p[0], buf, sizeof buf) < 0 && errno == EAGAIN, "empty non-blocking read: EAGAIN");
    check(dup2(p[1], 10) == 10 && write(10, "x", 1) == 1 && read(p[0], buf, 1) == 1 && buf[0] == 'x', "dup2");
    close(10);
    errno = 0;
    check(isatty(p[0]) == 0 && errno == ENOTTY, "isatty on a pipe: ENOTTY");
    errno = 0;
    check(write(-1, "x", 1) < 0 && errno == EBADF, "write to fd -1: EBADF");
    close(p[0]);
    close(p[1]);

    /* randomness */
    unsigned char r1[32], r2[32];
    check(getrandom(r1, sizeof r1, 0) == 32 && getrandom(r2, sizeof r2, 0) == 32, "getrandom 32 bytes");
    check(memcmp(r1, r2, sizeof r1) != 0, "two draws differ");

    /* anonymous mappings */
    long page = sysconf(_SC_PAGESIZE);
    unsigned char *m = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(m != MAP_FAILED && ((unsigned long)m & (page - 1)) == 0, "mmap anonymous, page aligned");
    check(m[0] == 0 && m[3 * page - 1] == 0, "fresh pages are zero");
    memset(m, 0x5a, 3 * page);
    check(madvise(m + page, page, MADV_DONTNEED) == 0 && m[page] == 0 && m[page - 1] == 0x5a && m[2 * page] == 0x5a,
          "madvise MADV_DONTNEED zeroes just that page");
    check(mprotect(m, page, PROT_READ) == 0, "mprotect read-only");
    errno = 0;
    check(mprotect(m + 1, page, PROT_READ) < 0 && errno == EINVAL, "mprotect unaligned: EINVAL");
    void *again = mmap(m + page, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    check(again == m + page && m[page] == 0, "MAP_FIXED replaces a page");
    check(munmap(m, 3 * page) == 0, "munmap");
    errno = 0;
    check(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL,
          "mmap of length 0: EINVAL");

    /* mremap keeps the contents */
    unsigned char *g = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(g, 7, page);
    unsigned char *g2 = mremap(g, page, 64 * page, MREMAP_MAYMOVE);
    check(g2 != MAP_FAILED && g2[0] == 7 && g2[page - 1] == 7 && g2[page] == 0 && g2[64 * page - 1] == 0,
          "mremap grow keeps the data");
    if (g2 != MAP_FAILED)
        munmap(g2, 64 * page);

    /* file-backed mappings */
    char path[64];
    snprintf(path, sizeof path, "/tmp/ferry_misc_%d", (int)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    check(fd >= 0, "create a file");
    char content[8192];
    for (size_t i = 0; i < sizeof content; i++)
        content[i] = (char)('a' + i % 26);
    check(write(fd, content, sizeof content) == (ssize_t)sizeof content, "fill it");
    char *fm = mmap(NULL, sizeof content, PROT_READ, MAP_PRIVATE, fd, 0);
    check(fm != MAP_FAILED && memcmp(fm, content, sizeof content) == 0, "MAP_PRIVATE file mapping reads the file");
    char *fo = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 4096);
    check(fo != MAP_FAILED && memcmp(fo, content + 4096, 4096) == 0, "mapping at a file offset");
    errno = 0;
    check(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED && errno == EINVAL,
          "unaligned file offset: EINVAL");
    char *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    check(sh != MAP_FAILED, "MAP_SHARED file mapping");
    if (sh != MAP_FAILED) {
        memcpy(sh, "SHARED", 6);
        check(msync(sh, 4096, MS_SYNC) == 0, "msync");
        char back[7] = "";
        check(pread(fd, back, 6, 0) == 6 && memcmp(back, "SHARED", 6) == 0, "the file sees the store");
        munmap(sh, 4096);
    }
    if (fm != MAP_FAILED)
        munmap(fm, sizeof content);
    if (fo != MAP_FAILED)
        munmap(fo, 4096);
    close(fd);
    unlink(path);

    /* signals to oneself */
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    check(sigaction(SIGUSR1, &sa, &old) == 0 && old.sa_handler == SIG_DFL, "sigaction: old action is SIG_DFL");
    check(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == on_usr1, "sigaction reads back the handler");
    errno = 0;
    check(sigaction(SIGKILL, &sa, NULL) < 0 && errno == EINVAL, "sigaction on SIGKILL: EINVAL");
    check(kill(getpid(), 0) == 0, "kill(self, 0)");
    check(raise(SIGCHLD) == 0, "SIGCHLD's default action ignores it");
    signal(SIGTERM, SIG_IGN);
    check(raise(SIGTERM) == 0, "an ignored SIGTERM does nothing");
    sigset_t set, cur;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    check(sigprocmask(SIG_BLOCK, &set, NULL) == 0, "block SIGINT");
    check(sigprocmask(SIG_SETMASK, NULL, &cur) == 0 && sigismember(&cur, SIGINT) == 1, "mask reads back");
    sigemptyset(&set);
    sigaddset(&set, SIGKILL);
    sigprocmask(SIG_BLOCK, &set, NULL);
    sigprocmask(SIG_SETMASK, NULL, &cur);
    check(sigismember(&cur, SIGKILL) == 0, "SIGKILL cannot be blocked");
    stack_t ss = { .ss_sp = malloc(65536), .ss_size = 65536, .ss_flags = 0 }, oss;
    check(sigaltstack(&ss, NULL) == 0 && sigaltstack(NULL, &oss) == 0 && oss.ss_size == 65536, "sigaltstack");
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
    free(oss.ss_sp);

    printf("%d failure(s)\n", failures);
    return failures != 0;
}
