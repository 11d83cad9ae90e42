/* The /proc/self files describe the guest, not the emulator: maps lists the
 * guest's own stack, heap, text and fresh mappings in Linux's format (and
 * nothing of the host process), exe is this program, cmdline its arguments,
 * auxv its auxiliary vector. Prints only deterministic results. (Checks
 * qemu-user gets wrong are in fs_strict.c.) */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", what, ok ? "ok" : "FAILED");
    if (!ok)
        failures++;
}

typedef struct Map {
    unsigned long start, end, offset, inode;
    char perms[5];
    unsigned maj, min;
    char path[256];
} Map;

static Map maps[256];
static int nmaps;
static int bad_lines;

static char *slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (n + 1024 > cap)
            buf = realloc(buf, cap *= 2);
        ssize_t r = read(fd, buf + n, cap - n - 1);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = 0;
    *len = n;
    return buf;
}

/* parse "start-end perms offset maj:min inode [path]" lines */
static void load_maps(const char *file)
{
    size_t len;
    char *text = slurp(file, &len);
    nmaps = 0;
    bad_lines = 0;
    if (!text) {
        bad_lines = 1;
        return;
    }
    for (char *line = strtok(text, "\n"); line && nmaps < 256; line = strtok(NULL, "\n")) {
        Map *m = &maps[nmaps];
        int used = 0;
        if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &m->start, &m->end, m->perms, &m->offset, &m->maj, &m->min,
                   &m->inode, &used) < 7) {
            bad_lines++;
            continue;
        }
        const char *p = line + used;
        while (*p == ' ')
            p++;
        snprintf(m->path, sizeof m->path, "%s", p);
        bool perms_ok = strlen(m->perms) == 4 && strchr("r-", m->perms[0]) && strchr("w-", m->perms[1]) &&
                        strchr("x-", m->perms[2]) && strchr("ps", m->perms[3]);
        if (!perms_ok || m->start >= m->end || (m->start & 0xfff) || (m->end & 0xfff) ||
            (nmaps > 0 && m->start < maps[nmaps - 1].end))
            bad_lines++;
        nmaps++;
    }
    free(text);
}

static const Map *find(const void *addr)
{
    unsigned long a = (unsigned long)addr;
    for (int i = 0; i < nmaps; i++)
        if (a >= maps[i].start && a < maps[i].end)
            return &maps[i];
    return NULL;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

static void check_maps(void)
{
    int local = 1;
    void *small = malloc(64);
    load_maps("/proc/self/maps");
    check(nmaps >= 4 && bad_lines == 0, "maps: every line parses, sorted, page aligned");
    const Map *m = find(&local);
    check(m && strcmp(m->path, "[stack]") == 0 && m->perms[0] == 'r' && m->perms[1] == 'w',
          "maps: a local variable is in [stack]");
    m = find(small);
    check(m && m->perms[0] == 'r' && m->perms[1] == 'w', "maps: malloc'ed memory is listed, read-write");
    m = find((void *)check_maps);
    check(m && strcmp(m->perms, "r-xp") == 0 && ends_with(m->path, "/fs_proc_self.elf") && m->inode != 0,
          "maps: this code is r-xp in this program's file");
    struct stat st;
    bool host = false;
    for (int i = 0; i < nmaps; i++)
        if (strstr(maps[i].path, "x86_64") || strstr(maps[i].path, "ferry") || strstr(maps[i].path, "qemu") ||
            strcmp(maps[i].path, "[vvar]") == 0 || strcmp(maps[i].path, "[vsyscall]") == 0)
            host = true;
    check(!host && nmaps < 64, "maps: nothing of the emulator's own process");

    /* a fresh mapping, then a hole punched in it, then a protection change */
    long pg = sysconf(_SC_PAGESIZE);
    char *a = mmap(NULL, 4 * (size_t)pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    load_maps("/proc/self/maps");
    m = find(a);
    const Map *last = find(a + 3 * pg);
    check(m && m == last && m->perms[0] == 'r' && m->perms[1] == '-' && m->inode == 0 && m->path[0] == 0,
          "maps: a new anonymous mapping");
    munmap(a + pg, (size_t)pg);
    mprotect(a + 2 * pg, (size_t)pg, PROT_READ | PROT_WRITE);
    load_maps("/proc/self/maps");
    check(find(a) && !find(a + pg) && find(a + 2 * pg) && find(a + 3 * pg), "maps: munmap makes a hole");
    m = find(a + 2 * pg);
    check(m && m->perms[1] == 'w' && m->end == (unsigned long)(a + 3 * pg), "maps: mprotect splits the mapping");
    munmap(a, 4 * (size_t)pg);
    load_maps("/proc/self/maps");
    check(!find(a) && !find(a + 3 * pg), "maps: munmap removes it");

    char mine[64];
    snprintf(mine, sizeof mine, "/proc/%d/maps", (int)getpid());
    load_maps(mine);
    check(bad_lines == 0 && find(&local) && strcmp(find(&local)->path, "[stack]") == 0, "/proc/PID/maps too");
    int fd = open("/proc/self/maps", O_RDONLY);
    check(fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode), "maps is a regular file");
    close(fd);
    free(small);
}

static void check_exe(void)
{
    char buf[512];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    check(n > 0 && buf[0] == '/' && ends_with(buf, "/fs_proc_self.elf"), "exe: an absolute path to this program");
    struct stat a;
    check(lstat("/proc/self/exe", &a) == 0 && S_ISLNK(a.st_mode), "exe: lstat sees a link");
    char small[4];
    check(readlink("/proc/self/exe", small, sizeof small) == 4 && small[0] == '/', "exe: readlink truncates");
    int fd = open("/proc/self/exe", O_RDONLY);
    unsigned char magic[4] = { 0 };
    check(fd >= 0 && read(fd, magic, 4) == 4 && memcmp(magic, ELFMAG, 4) == 0, "exe: opens the ELF file");
    close(fd);
    check(access("/proc/self/exe", X_OK) == 0, "exe: executable");
    char mine[64];
    snprintf(mine, sizeof mine, "/proc/%d/exe", (int)getpid());
    char buf2[512];
    n = readlink(mine, buf2, sizeof buf2 - 1);
    buf2[n > 0 ? n : 0] = 0;
    check(strcmp(buf, buf2) == 0, "exe: /proc/PID/exe says the same");
}

static void check_cmdline(int argc, char **argv)
{
    size_t len;
    char *text = slurp("/proc/self/cmdline", &len);
    size_t want = 0;
    for (int i = 0; i < argc; i++)
        want += strlen(argv[i]) + 1;
    bool same = text && len == want;
    size_t off = 0;
    for (int i = 0; same && i < argc; i++) {
        same = strcmp(text + off, argv[i]) == 0;
        off += strlen(argv[i]) + 1;
    }
    check(same, "cmdline: the arguments, NUL-separated");
    printf("cmdline has %d arguments after the program: %s | %s\n", argc - 1, argc > 1 ? argv[1] : "",
           argc > 2 ? argv[2] : "");
    free(text);
}

static void check_auxv(void)
{
    size_t len;
    unsigned long *v = (unsigned long *)slurp("/proc/self/auxv", &len);
    bool pagesz = false, entry = false, phdr = false, ends = false;
    for (size_t i = 0; v && (i + 2) * sizeof *v <= len; i += 2) {
        if (v[i] == AT_PAGESZ)
            pagesz = v[i + 1] == getauxval(AT_PAGESZ) && v[i + 1] == 4096;
        if (v[i] == AT_ENTRY)
            entry = v[i + 1] == getauxval(AT_ENTRY);
        if (v[i] == AT_PHDR)
            phdr = v[i + 1] == getauxval(AT_PHDR);
        if (v[i] == AT_NULL) {
            ends = (i + 2) * sizeof *v == len;
            break;
        }
    }
    check(pagesz && entry && phdr && ends, "auxv: the vector the program started with");
    free(v);
}

int main(int argc, char **argv)
{
    check_maps();
    check_exe();
    check_cmdline(argc, argv);
    check_auxv();
    printf("%d failures\n", failures);
    return failures != 0;
}
