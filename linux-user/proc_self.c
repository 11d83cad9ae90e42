/*
 * The /proc/self files ferry answers itself: see proc_self.h. The maps text
 * follows fs/proc/task_mmu.c (show_map_vma): "%08lx-%08lx %c%c%c%c %08llx
 * %02x:%02x %lu " and, when the mapping has a name, spaces up to column
 * 25 + 6 * sizeof(void *) - 1 (of the guest's kernel) and the name.
 */
#include "proc_self.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "path_state.h"

/* ---- which file ---- */

/* the next component of s: its length, and where the one after starts
 * ("" at the end) */
static size_t component(const char *s, const char **after)
{
    const char *e = strchr(s, '/');
    if (!e) {
        *after = s + strlen(s);
        return strlen(s);
    }
    *after = e + 1;
    return (size_t)(e - s);
}

static bool is(const char *s, size_t n, const char *word) { return strlen(word) == n && memcmp(s, word, n) == 0; }

/* a decimal number of n digits, -1 if it is not one */
static long number(const char *s, size_t n)
{
    if (n == 0 || n > 9)
        return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static bool is_own(const char *s, size_t n)
{
    if (is(s, n, "self") || is(s, n, "thread-self"))
        return true;
    long v = number(s, n);
    return v >= 0 && (v == (long)getpid() || v == (long)syscall(SYS_gettid));
}

LuProcKind lu_proc_classify(const char *path, bool confined, int *fd, const char **rest)
{
    *fd = -1;
    if (rest)
        *rest = "";
    if (strncmp(path, "/proc/", 6) != 0)
        return LU_PROC_NONE;
    const char *s = path + 6, *after;
    size_t n = component(s, &after);
    if (is(s, n, "mounts"))
        return confined ? LU_PROC_HIDDEN : LU_PROC_NONE;
    bool own = is_own(s, n);
    if (!own && number(s, n) < 0) {
        /* /proc/cpuinfo and friends; not the host kernel's memory */
        if (confined && (is(s, n, "kcore") || is(s, n, "kmsg") || is(s, n, "kpagecount") ||
                         is(s, n, "kpageflags") || is(s, n, "kpagecgroup") || is(s, n, "sysrq-trigger")))
            return LU_PROC_DENIED;
        return LU_PROC_NONE;
    }
    if (!*after)
        return LU_PROC_NONE; /* the directory itself */
    s = after;
    n = component(s, &after);
    if (is(s, n, "task") && *after) {
        /* /proc/PID/task/TID/...: the same files, per thread */
        s = after;
        n = component(s, &after);
        if (number(s, n) < 0 || !*after)
            return LU_PROC_NONE;
        s = after;
        n = component(s, &after);
    }
    bool leaf = !*after;
    /* a process's memory as a file: for ferry itself or another ferry that
     * is host memory the guest was never given, so never, root or not */
    if (is(s, n, "mem"))
        return LU_PROC_DENIED;
    if (own) {
        if (leaf && is(s, n, "exe"))
            return LU_PROC_EXE;
        if (leaf && is(s, n, "maps"))
            return LU_PROC_MAPS;
        if (leaf && is(s, n, "cmdline"))
            return LU_PROC_CMDLINE;
        if (leaf && is(s, n, "auxv"))
            return LU_PROC_AUXV;
        if (!confined)
            return LU_PROC_NONE;
        if (is(s, n, "cwd") || is(s, n, "root")) {
            if (rest)
                *rest = after;
            return is(s, n, "cwd") ? LU_PROC_CWD : LU_PROC_ROOT;
        }
        if (is(s, n, "fd") && *after) {
            s = after;
            n = component(s, &after);
            long v = number(s, n);
            if (v < 0)
                return LU_PROC_HIDDEN;
            *fd = (int)v;
            if (rest)
                *rest = after;
            return LU_PROC_FD;
        }
        /* what describes ferry's memory and the host's mounts */
        if (is(s, n, "mounts") || is(s, n, "mountinfo") || is(s, n, "mountstats") || is(s, n, "map_files") ||
            is(s, n, "smaps") || is(s, n, "smaps_rollup") || is(s, n, "pagemap") || is(s, n, "numa_maps"))
            return LU_PROC_HIDDEN;
        return LU_PROC_NONE;
    }
    if (!confined)
        return LU_PROC_NONE;
    /* another process: its links would show host paths, its memory and
     * environment are its own */
    if (is(s, n, "exe") || is(s, n, "cwd") || is(s, n, "root") || is(s, n, "mem") || is(s, n, "environ") ||
        is(s, n, "pagemap") || is(s, n, "stack") || is(s, n, "syscall") ||
        ((is(s, n, "fd") || is(s, n, "map_files")) && *after))
        return LU_PROC_DENIED;
    if (is(s, n, "mounts") || is(s, n, "mountinfo") || is(s, n, "mountstats"))
        return LU_PROC_HIDDEN;
    return LU_PROC_NONE;
}

bool lu_proc_write_allowed(const char *path)
{
    if (strncmp(path, "/proc/", 6) != 0)
        return false;
    const char *s = path + 6, *after;
    size_t n = component(s, &after);
    return is_own(s, n) && *after;
}

/* ---- a growing text buffer ---- */

typedef struct Text {
    char *buf;
    size_t len, cap;
    bool oom;
} Text;

static void text_add(Text *t, const void *data, size_t n)
{
    if (t->oom)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *b = realloc(t->buf, cap);
        if (!b) {
            t->oom = true;
            return;
        }
        t->buf = b;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, data, n);
    t->len += n;
    t->buf[t->len] = 0;
}

static void text_str(Text *t, const char *s) { text_add(t, s, strlen(s)); }

/* ---- the executable ---- */

int lu_proc_exe_path(LinuxProc *p, char *buf, size_t len)
{
    const char *g = p->exe_guest_path;
    if (g && g[0] == '/') {
        size_t n = strlen(g);
        if (n >= len)
            return -ENAMETOOLONG;
        memcpy(buf, g, n + 1);
        return (int)n;
    }
    if (!p->exe_path)
        return -ENOENT;
    char host[4096];
    char *real = realpath(p->exe_path, NULL);
    if (real) {
        snprintf(host, sizeof host, "%s", real);
        free(real);
    } else if (p->exe_path[0] == '/') {
        snprintf(host, sizeof host, "%s", p->exe_path);
    } else {
        char cwd[2048];
        if (!getcwd(cwd, sizeof cwd))
            return -ENOENT;
        snprintf(host, sizeof host, "%s/%s", cwd, p->exe_path);
    }
    return lu_path_to_guest(p, host, buf, len);
}

/* ---- /proc/self/maps ---- */

typedef struct MapLine {
    uint64_t start, end;
    int prot, flags;
    char name[sizeof(((GuestVma *)0)->name)];
} MapLine;

char *lu_proc_maps_text(LinuxProc *p, size_t *len)
{
    /* copy the list under the lock; stat the files after */
    MapLine *lines = NULL;
    size_t n = 0, cap = 0;
    bool oom = false;
    gs_lock(&p->gs);
    for (const GuestVma *v = p->gs.vmas; v; v = v->next) {
        /* Linux merges neighbours that agree in everything */
        if (n > 0 && lines[n - 1].end == v->start && lines[n - 1].prot == v->prot &&
            lines[n - 1].flags == v->flags && strcmp(lines[n - 1].name, v->name) == 0) {
            lines[n - 1].end = v->end;
            continue;
        }
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            MapLine *nl = realloc(lines, nc * sizeof *nl);
            if (!nl) {
                oom = true;
                break;
            }
            lines = nl;
            cap = nc;
        }
        lines[n].start = v->start;
        lines[n].end = v->end;
        lines[n].prot = v->prot;
        lines[n].flags = v->flags;
        memcpy(lines[n].name, v->name, sizeof lines[n].name);
        lines[n].name[sizeof lines[n].name - 1] = 0;
        n++;
    }
    gs_unlock(&p->gs);
    if (oom) {
        free(lines);
        return NULL;
    }

    char exe[4096];
    if (lu_proc_exe_path(p, exe, sizeof exe) < 0)
        exe[0] = 0;
    /* the guest kernel's column for names: 25 + 6 * sizeof(void *) - 1 */
    int width = p->xlen == 32 ? 48 : 72;
    Text t = { 0 };
    text_str(&t, ""); /* an empty file is still a buffer */
    for (size_t i = 0; i < n; i++) {
        const MapLine *m = &lines[i];
        const char *name = m->name;
        char gname[4096];
        unsigned long long ino = 0;
        unsigned maj = 0, min = 0;
        if (name[0] && name[0] != '[') {
            struct stat st;
            if (stat(name, &st) == 0) {
                ino = st.st_ino;
                maj = major(st.st_dev);
                min = minor(st.st_dev);
            }
            if (p->exe_path && strcmp(name, p->exe_path) == 0 && exe[0])
                name = exe;
            else if (name[0] == '/' && lu_path_to_guest(p, name, gname, sizeof gname) >= 0)
                name = gname;
        }
        char head[160];
        int hl = snprintf(head, sizeof head, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu ",
                          (unsigned long long)m->start, (unsigned long long)m->end,
                          (m->prot & PROT_READ) ? 'r' : '-', (m->prot & PROT_WRITE) ? 'w' : '-',
                          (m->prot & PROT_EXEC) ? 'x' : '-', (m->flags & MAP_SHARED) ? 's' : 'p', 0ull, maj, min,
                          ino);
        text_add(&t, head, (size_t)hl);
        if (name[0]) {
            static const char spaces[] = "                                                                        ";
            int pad = width - hl;
            if (pad > 0)
                text_add(&t, spaces, (size_t)pad < sizeof spaces - 1 ? (size_t)pad : sizeof spaces - 1);
            text_str(&t, " ");
            text_str(&t, name);
        }
        text_str(&t, "\n");
    }
    free(lines);
    if (t.oom) {
        free(t.buf);
        return NULL;
    }
    *len = t.len;
    return t.buf;
}

/* ---- cmdline and auxv ---- */

static char *cmdline_text(LinuxProc *p, size_t *len)
{
    const struct LuPaths *ps = p->paths;
    Text t = { 0 };
    text_str(&t, "");
    if (ps && ps->arg_end > ps->arg_start && ps->arg_end - ps->arg_start <= (1u << 20)) {
        size_t n = (size_t)(ps->arg_end - ps->arg_start);
        char *tmp = malloc(n);
        if (!tmp) {
            free(t.buf);
            return NULL;
        }
        /* other threads may unmap it meanwhile: read under the lock */
        gs_lock(&p->gs);
        const void *src = gs_ptr(&p->gs, ps->arg_start, n, PROT_READ);
        if (src)
            memcpy(tmp, src, n);
        gs_unlock(&p->gs);
        if (src)
            text_add(&t, tmp, n);
        free(tmp);
    } else {
        char exe[4096];
        int n = lu_proc_exe_path(p, exe, sizeof exe);
        if (n >= 0)
            text_add(&t, exe, (size_t)n + 1);
    }
    if (t.oom) {
        free(t.buf);
        return NULL;
    }
    *len = t.len;
    return t.buf;
}

/* one xlen-sized word of guest memory */
static bool read_word(GuestSpace *gs, uint64_t addr, unsigned w, uint64_t *out)
{
    const void *src = gs_ptr(gs, addr, w, PROT_READ);
    *out = 0;
    if (!src)
        return false;
    memcpy(out, src, w);
    return true;
}

void lu_proc_set_initial_stack(LinuxProc *p, uint64_t sp)
{
    struct LuPaths *ps = lu_paths_state(p);
    if (!ps)
        return;
    unsigned w = p->xlen == 32 ? 4 : 8;
    GuestSpace *gs = &p->gs;
    uint64_t argc, first, last, word;
    if (!read_word(gs, sp, w, &argc) || argc > (1u << 20))
        return;
    if (argc > 0 && read_word(gs, sp + w, w, &first) && read_word(gs, sp + w * argc, w, &last)) {
        int64_t l = gs_strlen(gs, last, 1u << 20);
        if (l >= 0 && last >= first) {
            ps->arg_start = first;
            ps->arg_end = last + (uint64_t)l + 1;
        }
    }
    /* past the environment pointers: the auxiliary vector */
    uint64_t at = sp + w * (argc + 2);
    for (unsigned i = 0; i < (1u << 20); i++, at += w) {
        if (!read_word(gs, at, w, &word))
            return;
        if (word == 0)
            break;
    }
    at += w;
    size_t n = 0;
    while (n + 2 * w <= sizeof ps->auxv) {
        uint64_t type, val;
        if (!read_word(gs, at, w, &type) || !read_word(gs, at + w, w, &val))
            break;
        memcpy(ps->auxv + n, &type, w);
        memcpy(ps->auxv + n + w, &val, w);
        n += 2 * w;
        at += 2 * w;
        if (type == 0)
            break;
    }
    ps->auxv_len = n;
}

/* ---- descriptors holding the text ---- */

static int text_fd(const char *data, size_t len, int flags)
{
    int fd = (int)syscall(SYS_memfd_create, "ferry-proc", MFD_CLOEXEC);
    if (fd < 0)
        fd = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) {
        char tmpl[] = "/tmp/ferry-proc-XXXXXX";
        fd = mkostemp(tmpl, O_CLOEXEC);
        if (fd < 0)
            return -errno;
        unlink(tmpl);
    }
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : EIO;
            close(fd);
            return -e;
        }
        done += (size_t)w;
    }
    fchmod(fd, 0444);
    /* a read-only descriptor of its own, with the guest's flags */
    char link[40];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    int ro = open(link, O_RDONLY | (flags & (O_CLOEXEC | O_NONBLOCK | O_PATH | O_DIRECTORY)));
    if (ro < 0) {
        if (errno == ENOTDIR) {
            close(fd);
            return -ENOTDIR;
        }
        /* no /proc: the read-write descriptor will do */
        lseek(fd, 0, SEEK_SET);
        if (!(flags & O_CLOEXEC))
            fcntl(fd, F_SETFD, 0);
        return fd;
    }
    close(fd);
    return ro;
}

int lu_proc_open_synth(LinuxProc *p, LuProcKind kind, int flags)
{
    char *text = NULL;
    size_t len = 0;
    switch (kind) {
    case LU_PROC_MAPS: text = lu_proc_maps_text(p, &len); break;
    case LU_PROC_CMDLINE: text = cmdline_text(p, &len); break;
    case LU_PROC_AUXV: {
        const struct LuPaths *ps = p->paths;
        len = ps ? ps->auxv_len : 0;
        text = malloc(len + 1);
        if (text && len)
            memcpy(text, ps->auxv, len);
        break;
    }
    default: return -ENOENT;
    }
    if (!text)
        return -ENOMEM;
    int fd = text_fd(text, len, flags);
    free(text);
    return fd;
}

/* ---- links ---- */

int lu_proc_readlink(LinuxProc *p, LuProcKind kind, int fd, char *buf, size_t len)
{
    switch (kind) {
    case LU_PROC_EXE: return lu_proc_exe_path(p, buf, len);
    case LU_PROC_CWD: return lu_path_getcwd(p, buf, len);
    case LU_PROC_ROOT:
        if (len < 2)
            return -ERANGE;
        memcpy(buf, "/", 2);
        return 1;
    case LU_PROC_FD: {
        if (lu_paths_owns_fd(p, fd))
            return -ENOENT;
        char link[40], host[4096];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, host, sizeof host - 1);
        if (n < 0)
            return -errno;
        host[n] = 0;
        /* pipes, sockets and anonymous files are not paths; a path outside
         * the root (a file the guest was started with) shows as the host
         * names it */
        if (host[0] == '/' && lu_path_to_guest(p, host, buf, len) >= 0)
            return (int)strlen(buf);
        if ((size_t)n >= len)
            return -ERANGE;
        memcpy(buf, host, (size_t)n + 1);
        return (int)n;
    }
    default: return -EINVAL;
    }
}
