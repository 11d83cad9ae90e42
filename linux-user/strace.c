/*
 * --strace: one line per system call, shaped like strace(1)'s:
 *   openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3
 *   read(3, 0x7ffe1000, 4096) = 1234
 *   openat(AT_FDCWD, "/nope", O_RDONLY) = -1 ENOENT (No such file or directory)
 * Arguments are decoded by the kinds in the call's table entry. Constants are
 * the guest's (asm-generic) values, written out here rather than taken from
 * host headers.
 */
#include "syscall_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

typedef struct Line {
    char buf[1536];
    size_t len;
} Line;

static void put(Line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(Line *l, const char *fmt, ...)
{
    if (l->len >= sizeof l->buf - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(l->buf + l->len, sizeof l->buf - l->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        l->len += (size_t)n < sizeof l->buf - l->len ? (size_t)n : sizeof l->buf - 1 - l->len;
}

typedef struct Name {
    uint64_t value;
    const char *name;
} Name;

#define NAMES_END { 0, NULL }

static const char *find_name(const Name *t, uint64_t v)
{
    for (; t->name; t++)
        if (t->value == v)
            return t->name;
    return NULL;
}

static void put_value(Line *l, const Name *t, uint64_t v)
{
    const char *n = find_name(t, v);
    if (n)
        put(l, "%s", n);
    else
        put(l, "%#llx", (unsigned long long)v);
}

/* bits named in t joined by '|', anything left in hex; `zero` when v == 0 */
static void put_flags(Line *l, const Name *t, uint64_t v, const char *zero, bool first)
{
    if (v == 0) {
        if (first)
            put(l, "%s", zero);
        return;
    }
    for (; t->name; t++) {
        if (t->value && (v & t->value) == t->value) {
            put(l, "%s%s", first ? "" : "|", t->name);
            first = false;
            v &= ~t->value;
        }
    }
    if (v)
        put(l, "%s%#llx", first ? "" : "|", (unsigned long long)v);
}

static const Name open_flags[] = {
    { 0100, "O_CREAT" },        { 0200, "O_EXCL" },         { 0400, "O_NOCTTY" },
    { 01000, "O_TRUNC" },       { 02000, "O_APPEND" },      { 04000, "O_NONBLOCK" },
    { 04010000, "O_SYNC" },     { 010000, "O_DSYNC" },      { 020000, "O_ASYNC" },
    { 040000, "O_DIRECT" },     { 0100000, "O_LARGEFILE" }, { 020200000, "O_TMPFILE" },
    { 0200000, "O_DIRECTORY" }, { 0400000, "O_NOFOLLOW" },  { 01000000, "O_NOATIME" },
    { 02000000, "O_CLOEXEC" },  { 010000000, "O_PATH" },    NAMES_END,
};
static const Name at_flags[] = {
    { 0x100, "AT_SYMLINK_NOFOLLOW" }, { 0x200, "AT_REMOVEDIR" },  { 0x400, "AT_SYMLINK_FOLLOW" },
    { 0x800, "AT_NO_AUTOMOUNT" },     { 0x1000, "AT_EMPTY_PATH" }, { 0x2000, "AT_STATX_FORCE_SYNC" },
    { 0x4000, "AT_STATX_DONT_SYNC" }, NAMES_END,
};
static const Name prot_flags[] = {
    { 1, "PROT_READ" }, { 2, "PROT_WRITE" }, { 4, "PROT_EXEC" },
    { 0x01000000, "PROT_GROWSDOWN" }, { 0x02000000, "PROT_GROWSUP" }, NAMES_END,
};
static const Name map_type[] = {
    { 1, "MAP_SHARED" }, { 2, "MAP_PRIVATE" }, { 3, "MAP_SHARED_VALIDATE" }, NAMES_END,
};
static const Name map_flags[] = {
    { 0x10, "MAP_FIXED" },       { 0x20, "MAP_ANONYMOUS" },  { 0x100, "MAP_GROWSDOWN" },
    { 0x800, "MAP_DENYWRITE" },  { 0x1000, "MAP_EXECUTABLE" }, { 0x2000, "MAP_LOCKED" },
    { 0x4000, "MAP_NORESERVE" }, { 0x8000, "MAP_POPULATE" },  { 0x10000, "MAP_NONBLOCK" },
    { 0x20000, "MAP_STACK" },    { 0x40000, "MAP_HUGETLB" },  { 0x80000, "MAP_SYNC" },
    { 0x100000, "MAP_FIXED_NOREPLACE" }, NAMES_END,
};
static const Name madvice[] = {
    { 0, "MADV_NORMAL" },     { 1, "MADV_RANDOM" },      { 2, "MADV_SEQUENTIAL" },
    { 3, "MADV_WILLNEED" },   { 4, "MADV_DONTNEED" },    { 8, "MADV_FREE" },
    { 9, "MADV_REMOVE" },     { 10, "MADV_DONTFORK" },   { 11, "MADV_DOFORK" },
    { 12, "MADV_MERGEABLE" }, { 13, "MADV_UNMERGEABLE" }, { 14, "MADV_HUGEPAGE" },
    { 15, "MADV_NOHUGEPAGE" }, { 16, "MADV_DONTDUMP" },  { 17, "MADV_DODUMP" },
    { 18, "MADV_WIPEONFORK" }, { 19, "MADV_KEEPONFORK" }, { 20, "MADV_COLD" },
    { 21, "MADV_PAGEOUT" },   NAMES_END,
};
static const Name whence[] = {
    { 0, "SEEK_SET" }, { 1, "SEEK_CUR" }, { 2, "SEEK_END" }, { 3, "SEEK_DATA" }, { 4, "SEEK_HOLE" }, NAMES_END,
};
static const Name ioctls[] = {
    { 0x5401, "TCGETS" },     { 0x5402, "TCSETS" },     { 0x5403, "TCSETSW" },   { 0x5404, "TCSETSF" },
    { 0x5409, "TCSBRK" },     { 0x540a, "TCXONC" },     { 0x540b, "TCFLSH" },    { 0x540c, "TIOCEXCL" },
    { 0x540d, "TIOCNXCL" },   { 0x540e, "TIOCSCTTY" },  { 0x540f, "TIOCGPGRP" }, { 0x5410, "TIOCSPGRP" },
    { 0x5411, "TIOCOUTQ" },   { 0x5413, "TIOCGWINSZ" }, { 0x5414, "TIOCSWINSZ" }, { 0x5415, "TIOCMGET" },
    { 0x5416, "TIOCMBIS" },   { 0x5417, "TIOCMBIC" },   { 0x5418, "TIOCMSET" },  { 0x541b, "FIONREAD" },
    { 0x5421, "FIONBIO" },    { 0x5422, "TIOCNOTTY" },  { 0x5423, "TIOCSETD" },  { 0x5424, "TIOCGETD" },
    { 0x5427, "TIOCSBRK" },   { 0x5428, "TIOCCBRK" },   { 0x5429, "TIOCGSID" },  { 0x802c542a, "TCGETS2" },
    { 0x402c542b, "TCSETS2" }, { 0x402c542c, "TCSETSW2" }, { 0x402c542d, "TCSETSF2" }, { 0x80045430, "TIOCGPTN" },
    { 0x40045431, "TIOCSPTLCK" }, { 0x80045440, "TIOCGEXCL" }, { 0x5441, "TIOCGPTPEER" }, { 0x5450, "FIONCLEX" },
    { 0x5451, "FIOCLEX" },    { 0x5452, "FIOASYNC" },   { 0x5460, "FIOQSIZE" },  { 0x40049409, "FICLONE" },
    { 0x80086601, "FS_IOC_GETFLAGS" }, { 0x40086602, "FS_IOC_SETFLAGS" }, { 0x80046601, "FS_IOC32_GETFLAGS" },
    { 0x40046602, "FS_IOC32_SETFLAGS" }, NAMES_END,
};
static const Name fcntls[] = {
    { 0, "F_DUPFD" },     { 1, "F_GETFD" },      { 2, "F_SETFD" },      { 3, "F_GETFL" },
    { 4, "F_SETFL" },     { 5, "F_GETLK" },      { 6, "F_SETLK" },      { 7, "F_SETLKW" },
    { 8, "F_SETOWN" },    { 9, "F_GETOWN" },     { 10, "F_SETSIG" },    { 11, "F_GETSIG" },
    { 12, "F_GETLK64" },  { 13, "F_SETLK64" },   { 14, "F_SETLKW64" },  { 15, "F_SETOWN_EX" },
    { 16, "F_GETOWN_EX" }, { 36, "F_OFD_GETLK" }, { 37, "F_OFD_SETLK" }, { 38, "F_OFD_SETLKW" },
    { 1024, "F_SETLEASE" }, { 1025, "F_GETLEASE" }, { 1026, "F_NOTIFY" }, { 1027, "F_DUPFD_QUERY" },
    { 1029, "F_CANCELLK" }, { 1030, "F_DUPFD_CLOEXEC" }, { 1031, "F_SETPIPE_SZ" }, { 1032, "F_GETPIPE_SZ" },
    { 1033, "F_ADD_SEALS" }, { 1034, "F_GET_SEALS" }, { 1035, "F_GET_RW_HINT" }, { 1036, "F_SET_RW_HINT" },
    { 1037, "F_GET_FILE_RW_HINT" }, { 1038, "F_SET_FILE_RW_HINT" }, NAMES_END,
};

static const Name signals[] = {
    { 1, "SIGHUP" },   { 2, "SIGINT" },     { 3, "SIGQUIT" },   { 4, "SIGILL" },    { 5, "SIGTRAP" },
    { 6, "SIGABRT" },  { 7, "SIGBUS" },     { 8, "SIGFPE" },    { 9, "SIGKILL" },   { 10, "SIGUSR1" },
    { 11, "SIGSEGV" }, { 12, "SIGUSR2" },   { 13, "SIGPIPE" },  { 14, "SIGALRM" },  { 15, "SIGTERM" },
    { 16, "SIGSTKFLT" }, { 17, "SIGCHLD" }, { 18, "SIGCONT" },  { 19, "SIGSTOP" },  { 20, "SIGTSTP" },
    { 21, "SIGTTIN" }, { 22, "SIGTTOU" },   { 23, "SIGURG" },   { 24, "SIGXCPU" },  { 25, "SIGXFSZ" },
    { 26, "SIGVTALRM" }, { 27, "SIGPROF" }, { 28, "SIGWINCH" }, { 29, "SIGIO" },    { 30, "SIGPWR" },
    { 31, "SIGSYS" },  NAMES_END,
};
static const Name sighow[] = {
    { 0, "SIG_BLOCK" }, { 1, "SIG_UNBLOCK" }, { 2, "SIG_SETMASK" }, NAMES_END,
};
static const Name clocks[] = {
    { 0, "CLOCK_REALTIME" },        { 1, "CLOCK_MONOTONIC" },        { 2, "CLOCK_PROCESS_CPUTIME_ID" },
    { 3, "CLOCK_THREAD_CPUTIME_ID" }, { 4, "CLOCK_MONOTONIC_RAW" },  { 5, "CLOCK_REALTIME_COARSE" },
    { 6, "CLOCK_MONOTONIC_COARSE" }, { 7, "CLOCK_BOOTTIME" },        { 8, "CLOCK_REALTIME_ALARM" },
    { 9, "CLOCK_BOOTTIME_ALARM" },  { 11, "CLOCK_TAI" },             NAMES_END,
};
static const Name rlimits[] = {
    { 0, "RLIMIT_CPU" },     { 1, "RLIMIT_FSIZE" },  { 2, "RLIMIT_DATA" },      { 3, "RLIMIT_STACK" },
    { 4, "RLIMIT_CORE" },    { 5, "RLIMIT_RSS" },    { 6, "RLIMIT_NPROC" },     { 7, "RLIMIT_NOFILE" },
    { 8, "RLIMIT_MEMLOCK" }, { 9, "RLIMIT_AS" },     { 10, "RLIMIT_LOCKS" },    { 11, "RLIMIT_SIGPENDING" },
    { 12, "RLIMIT_MSGQUEUE" }, { 13, "RLIMIT_NICE" }, { 14, "RLIMIT_RTPRIO" },  { 15, "RLIMIT_RTTIME" },
    NAMES_END,
};
static const Name futex_ops[] = {
    { 0, "FUTEX_WAIT" },    { 1, "FUTEX_WAKE" },       { 2, "FUTEX_FD" },          { 3, "FUTEX_REQUEUE" },
    { 4, "FUTEX_CMP_REQUEUE" }, { 5, "FUTEX_WAKE_OP" }, { 6, "FUTEX_LOCK_PI" },    { 7, "FUTEX_UNLOCK_PI" },
    { 8, "FUTEX_TRYLOCK_PI" }, { 9, "FUTEX_WAIT_BITSET" }, { 10, "FUTEX_WAKE_BITSET" }, NAMES_END,
};

/* fcntl commands that take no third argument */
static bool fcntl_without_arg(unsigned cmd)
{
    return cmd == 1 || cmd == 3 || cmd == 9 || cmd == 11 || cmd == 1025 || cmd == 1032 || cmd == 1034;
}

/* guest bytes as a C string literal, at most `max` of them */
static void put_bytes(Line *l, const uint8_t *s, uint64_t n, uint64_t max)
{
    put(l, "\"");
    for (uint64_t i = 0; i < n && i < max; i++) {
        uint8_t c = s[i];
        switch (c) {
        case '\n': put(l, "\\n"); break;
        case '\t': put(l, "\\t"); break;
        case '\r': put(l, "\\r"); break;
        case '"': put(l, "\\\""); break;
        case '\\': put(l, "\\\\"); break;
        default:
            if (c >= 0x20 && c < 0x7f)
                put(l, "%c", c);
            else
                put(l, "\\%o", c);
        }
    }
    put(l, "\"%s", n > max ? "..." : "");
}

static void put_ptr(Line *l, uint64_t v)
{
    if (v)
        put(l, "%#llx", (unsigned long long)v);
    else
        put(l, "NULL");
}

static void put_signal(Line *l, int sig)
{
    const char *n = find_name(signals, (uint64_t)sig);
    if (n)
        put(l, "%s", n);
    else if (sig >= 32 && sig <= LU_NSIG)
        put(l, "SIGRT_%d", sig - 32);
    else
        put(l, "%d", sig);
}

static void put_arg(Line *l, LinuxProc *p, SysArg kind, const uint64_t a[6], int i)
{
    uint64_t v = a[i];
    switch (kind) {
    case SA_END:
        break;
    case SA_INT:
    case SA_FD:
        put(l, "%d", arg_int(v));
        break;
    case SA_UINT:
        put(l, "%u", arg_uint(v));
        break;
    case SA_LONG:
        put(l, "%lld", (long long)arg_long(p, v));
        break;
    case SA_ULONG:
        put(l, "%llu", (unsigned long long)arg_ulong(p, v));
        break;
    case SA_HEX:
        put(l, "%#llx", (unsigned long long)arg_ulong(p, v));
        break;
    case SA_PTR:
        put_ptr(l, arg_ptr(p, v));
        break;
    case SA_STR: {
        uint64_t addr = arg_ptr(p, v);
        int64_t n = gs_strlen(&p->gs, addr, LU_PATH_MAX);
        const uint8_t *s = n >= 0 ? lu_guest(p, addr, (uint64_t)n, PROT_READ) : NULL;
        if (s)
            put_bytes(l, s, (uint64_t)n, 256);
        else
            put_ptr(l, addr);
        break;
    }
    case SA_BUF: {
        uint64_t addr = arg_ptr(p, v);
        uint64_t n = i < 5 ? arg_ulong(p, a[i + 1]) : 0;
        uint64_t shown = n < 32 ? n : 32;
        const uint8_t *s = lu_guest(p, addr, shown, PROT_READ);
        if (s && addr)
            put_bytes(l, s, n, 32);
        else
            put_ptr(l, addr);
        break;
    }
    case SA_DIRFD:
        if (arg_int(v) == -100)
            put(l, "AT_FDCWD");
        else
            put(l, "%d", arg_int(v));
        break;
    case SA_OPEN_FLAGS: {
        unsigned f = arg_uint(v);
        static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
        put(l, "%s", acc[f & 3]);
        put_flags(l, open_flags, f & ~3u, "", false);
        break;
    }
    case SA_MODE:
        put(l, arg_uint(v) ? "0%o" : "%o", arg_uint(v));
        break;
    case SA_AT_FLAGS:
        put_flags(l, at_flags, arg_uint(v), "0", true);
        break;
    case SA_PROT:
        put_flags(l, prot_flags, arg_uint(v), "PROT_NONE", true);
        break;
    case SA_MAP_FLAGS: {
        unsigned f = arg_uint(v);
        put_value(l, map_type, f & 3);
        put_flags(l, map_flags, f & ~3u, "", false);
        break;
    }
    case SA_MADVICE:
        put_value(l, madvice, arg_uint(v));
        break;
    case SA_WHENCE:
        put_value(l, whence, arg_uint(v));
        break;
    case SA_IOCTL:
        put_value(l, ioctls, arg_uint(v));
        break;
    case SA_FCNTL:
        put_value(l, fcntls, arg_uint(v));
        break;
    case SA_SIGNAL:
        put_signal(l, arg_int(v));
        break;
    case SA_SIGHOW:
        put_value(l, sighow, arg_uint(v));
        break;
    case SA_CLOCK:
        put_value(l, clocks, arg_uint(v));
        break;
    case SA_RLIMIT:
        put_value(l, rlimits, arg_uint(v));
        break;
    case SA_FUTEX_OP: {
        unsigned op = arg_uint(v);
        put_value(l, futex_ops, op & 127);
        if (op & 128)
            put(l, "|FUTEX_PRIVATE_FLAG");
        if (op & 256)
            put(l, "|FUTEX_CLOCK_REALTIME");
        break;
    }
    }
}

void lu_strace_killed(LinuxProc *p, int sig)
{
    Line l = { .len = 0 };
    put(&l, "+++ killed by ");
    put_signal(&l, sig);
    put(&l, " +++\n");
    FILE *out = p->strace_out ? p->strace_out : stderr;
    fwrite(l.buf, 1, l.len, out);
    fflush(out);
}

void lu_strace_call(LinuxProc *p, const SysEntry *e, uint64_t nr, const uint64_t a[6], int64_t ret)
{
    Line l = { .len = 0 };
    if (e)
        put(&l, "%s(", e->name);
    else
        put(&l, "syscall_%llu(", (unsigned long long)nr);
    if (e && e->fn) {
        for (int i = 0; i < 6 && e->args[i] != SA_END; i++) {
            if (i)
                put(&l, ", ");
            put_arg(&l, p, (SysArg)e->args[i], a, i);
            if (e->args[i] == SA_FCNTL && fcntl_without_arg(arg_uint(a[i])))
                break;
        }
    } else {
        /* not implemented: the argument count is unknown, show them all raw */
        for (int i = 0; i < 6; i++)
            put(&l, "%s%#llx", i ? ", " : "", (unsigned long long)arg_ulong(p, a[i]));
    }
    put(&l, ")");

    if (e && e->ret == SR_NORETURN) {
        put(&l, " = ?\n");
    } else if (ret < 0 && ret >= -4095) {
        int err = (int)-ret;
        const char *name = strerrorname_np(err);
        put(&l, " = -1 %s (%s)\n", name ? name : "E?", strerror(err));
    } else if (e && e->ret == SR_HEX) {
        put(&l, " = %#llx\n", (unsigned long long)ret);
    } else {
        put(&l, " = %lld\n", (long long)ret);
    }

    if (e && e->ret == SR_NORETURN && (nr == 94 || p->nthreads == 1))
        put(&l, "+++ exited with %d +++\n", arg_int(a[0]) & 0xff);
    FILE *out = p->strace_out ? p->strace_out : stderr;
    fwrite(l.buf, 1, l.len, out);
    fflush(out);
}
