/* Tries every way out of a --root confinement that a guest has: absolute
 * paths, "..", symlinks it finds or makes (to "/", to "../../..", to host
 * paths), directory descriptors, /proc links (its own and its parent's),
 * /dev, renames and links to names above the root, chdir/fchdir, chroot.
 *
 *   fs_escape.elf SECRET HOSTPATH...
 *
 * SECRET is the text of a canary file outside the root, HOSTPATH its
 * absolute host path, then the host path of the scratch directory that
 * holds both (to look for in /proc/self/maps). The attempts that only look
 * come first; the ones that write run only when none of those reached the
 * canary, and are aimed so that a partial escape lands in that scratch
 * directory and nowhere else on the host: names one level above the root,
 * sources the guest made in /scratch, times left as they are.
 * Prints one line per attempt: "NAME: blocked (ERRNO)", "NAME: inside
 * (TEXT)" when it reached a file inside the root, or "NAME: ESCAPED" when
 * it read the secret or wrote where it must not. tests/guest/containment.sh
 * runs it under `ferry run --root` and checks the lines and the host.
 * Without arguments it says so and exits 0 (the guest test runner runs
 * every program once without --root). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *secret;
static int escapes;      /* every attempt that got out */
static int path_escapes; /* those through a path: the writes stop then */

/* what a read of path gives */
static void try_read_at(const char *name, int dirfd, const char *path)
{
    int fd = openat(dirfd, path, O_RDONLY);
    if (fd < 0) {
        printf("%s: blocked (%s)\n", name, strerrorname_np(errno));
        return;
    }
    char buf[256];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    char *nl = strchr(buf, '\n');
    if (nl)
        *nl = 0;
    if (strstr(buf, secret)) {
        printf("%s: ESCAPED\n", name);
        escapes++;
        path_escapes++;
    } else {
        printf("%s: inside (%s)\n", name, n < 0 ? strerrorname_np(errno) : buf);
    }
}

static void try_read(const char *name, const char *path) { try_read_at(name, AT_FDCWD, path); }

/* a stat that succeeds on a host path outside would leak its existence */
static void try_stat(const char *name, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0)
        printf("%s: exists (size %lld)\n", name, (long long)st.st_size);
    else
        printf("%s: blocked (%s)\n", name, strerrorname_np(errno));
}

static void try_readlink(const char *name, const char *path)
{
    char buf[512];
    ssize_t n = readlink(path, buf, sizeof buf - 1);
    if (n < 0) {
        printf("%s: blocked (%s)\n", name, strerrorname_np(errno));
        return;
    }
    buf[n] = 0;
    printf("%s: %s\n", name, buf);
}

/* write to path: creating there is fine as long as it is inside the root,
 * which containment.sh checks on the host */
static void try_write(const char *name, const char *path, int flags)
{
    int fd = open(path, O_WRONLY | flags, 0644);
    if (fd < 0) {
        printf("%s: blocked (%s)\n", name, strerrorname_np(errno));
        return;
    }
    ssize_t n = write(fd, "written by the guest\n", 21);
    close(fd);
    printf("%s: wrote %zd bytes (inside)\n", name, n);
}

static void show_cwd(const char *name)
{
    char cwd[512];
    if (getcwd(cwd, sizeof cwd))
        printf("%s: cwd %s\n", name, cwd);
    else
        printf("%s: getcwd fails (%s)\n", name, strerrorname_np(errno));
}

/* run prog (arg) in a child and look at what it prints: a program of the
 * host's own architecture run by the host would not be confined at all */
static void try_exec(const char *name, const char *prog, const char *arg)
{
    int pfd[2];
    if (pipe(pfd) != 0) {
        printf("%s: no pipe (%s)\n", name, strerrorname_np(errno));
        return;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(pfd[1], 1);
        dup2(pfd[1], 2);
        close(pfd[0]);
        execl(prog, prog, arg, (char *)NULL);
        printf("EXECFAIL %s\n", strerrorname_np(errno));
        fflush(stdout);
        _exit(127);
    }
    close(pfd[1]);
    char buf[512];
    size_t n = 0;
    ssize_t r;
    while (n < sizeof buf - 1 && (r = read(pfd[0], buf + n, sizeof buf - 1 - n)) > 0)
        n += (size_t)r;
    buf[n] = 0;
    close(pfd[0]);
    waitpid(pid, NULL, 0);
    char *nl = strchr(buf, '\n');
    if (nl)
        *nl = 0;
    if (strstr(buf, secret)) {
        printf("%s: ESCAPED\n", name);
        escapes++;
    } else if (strncmp(buf, "EXECFAIL ", 9) == 0) {
        printf("%s: blocked (%s)\n", name, buf + 9);
    } else {
        printf("%s: ran (%s)\n", name, buf);
    }
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *name, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        printf("%s: blocked (%s)\n", name, strerrorname_np(errno));
        return;
    }
    char *names[128];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 128)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp);
    printf("%s:", name);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        printf("fs_escape: no targets given (see tests/guest/containment.sh)\n");
        return 0;
    }
    secret = argv[1];
    const char *host_abs = argv[2]; /* e.g. /tmp/ferry-contain.XXXX/canary.txt */
    char path[1024];

    show_cwd("start");
    try_read("root's own /etc/passwd", "/etc/passwd");

    /* absolute and dot-dot */
    try_read("host path", host_abs);
    snprintf(path, sizeof path, "/../../../../../../..%s", host_abs);
    try_read("dot-dot then host path", path);
    try_read("dot-dots to the canary", "../../../../../../../../canary.txt");
    try_read("root's parent", "/../canary.txt");
    try_stat("stat the host path", host_abs);
    try_stat("stat the canary next to the root", "/../canary.txt");
    list("list /..", "/..");

    /* from a deeper working directory */
    chdir("/sub/deeper");
    show_cwd("chdir /sub/deeper");
    try_read("dot-dots from there", "../../../canary.txt");
    chdir("../../../../../..");
    show_cwd("chdir far up");
    chdir("/");

    /* symlinks the guest makes */
    symlink("/", "/scratch/to_root");
    try_read("symlink to / then ..", "/scratch/to_root/../canary.txt");
    symlink("../../../../../../../..", "/scratch/up");
    try_read("symlink ../../.. then canary", "/scratch/up/canary.txt");
    snprintf(path, sizeof path, "/scratch/up%s", host_abs);
    try_read("symlink ../../.. then host path", path);
    symlink(host_abs, "/scratch/to_host");
    try_read("symlink to the host path", "/scratch/to_host");
    symlink("/scratch/to_host", "/scratch/chain");
    try_read("a chain of symlinks", "/scratch/chain");
    try_write("write through the symlink to the host path", "/scratch/to_host", O_CREAT | O_TRUNC);
    symlink("/scratch/loop_b", "/scratch/loop_a");
    symlink("/scratch/loop_a", "/scratch/loop_b");
    try_read("a symlink loop", "/scratch/loop_a");
    /* the symlink the host made before the run */
    try_read("pre-made absolute symlink to the host path", "/hostlink");
    try_read("pre-made relative symlink up", "/sub/uplink/canary.txt");

    /* directory descriptors */
    int dfd = open("/sub/deeper", O_RDONLY | O_DIRECTORY);
    try_read_at("dirfd then dot-dots", dfd, "../../../../canary.txt");
    try_read_at("dirfd then absolute host path", dfd, host_abs);
    int bad = fchdir(dfd);
    printf("fchdir to the dirfd: %s\n", bad == 0 ? "ok" : strerrorname_np(errno));
    show_cwd("after fchdir");
    chdir("/");
    snprintf(path, sizeof path, "/proc/self/fd/%d/../../../canary.txt", dfd);
    try_read("through /proc/self/fd/N/..", path);
    close(dfd);

    /* /proc */
    try_readlink("readlink /proc/self/exe", "/proc/self/exe");
    try_readlink("readlink /proc/self/cwd", "/proc/self/cwd");
    try_readlink("readlink /proc/self/root", "/proc/self/root");
    try_read("/proc/self/root/..", "/proc/self/root/../canary.txt");
    try_read("/proc/self/cwd/..", "/proc/self/cwd/../../canary.txt");
    snprintf(path, sizeof path, "/proc/%d/cwd/canary.txt", (int)getppid());
    try_read("the parent's cwd", path);
    snprintf(path, sizeof path, "/proc/%d/root%s", (int)getppid(), host_abs);
    try_read("the parent's root", path);
    try_readlink("readlink the parent's cwd", path);
    snprintf(path, sizeof path, "/proc/1/root%s", host_abs);
    try_read("init's root", path);
    try_read("/proc/self/mountinfo", "/proc/self/mountinfo");
    try_read("/proc/mounts", "/proc/mounts");
    FILE *maps = fopen("/proc/self/maps", "r");
    bool host_in_maps = false;
    char line[512];
    while (maps && fgets(line, sizeof line, maps))
        host_in_maps |= argc > 3 && strstr(line, argv[3]) != NULL;
    if (maps)
        fclose(maps);
    printf("maps name the host root: %s\n", host_in_maps ? "yes" : "no");
    try_read("/proc/cpuinfo is the host's", "/proc/cpuinfo");
    /* a program for the host itself, which containment.sh put in the root */
    try_exec("run a host program", "/bin/hostcat", host_abs);
    try_read("ferry's memory", "/proc/self/mem");
    try_read("the kernel's memory", "/proc/kcore");
    snprintf(path, sizeof path, "/proc/%d/environ", (int)getppid());
    try_read("the parent's environment", path);

    /* Everything so far only looked. Before anything that writes: if the
     * canary can be reached at all the confinement is broken, and writing
     * through it could touch the host, so stop here. */
    if (path_escapes || access(host_abs, F_OK) == 0 || access("/../canary.txt", F_OK) == 0) {
        printf("writes skipped: the canary is reachable (ESCAPED)\n");
        printf("escapes: %d\n", escapes + 1);
        return 1;
    }

    /* /dev */
    try_write("write /dev/null", "/dev/null", 0);
    try_read("/dev/.. to the canary", "/dev/../../canary.txt");
    /* (UTIME_OMIT: nothing would change even on the host's /dev/null) */
    struct timespec keep[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    printf("touch /dev/null: %s\n",
           utimensat(AT_FDCWD, "/dev/null", keep, 0) == 0 ? "ok (ESCAPED)" : strerrorname_np(errno));

    /* writing, renaming and linking above the root */
    try_write("write the host path", host_abs, O_TRUNC);
    try_write("create next to the root", "/../created.txt", O_CREAT);
    close(open("/scratch/mine", O_CREAT | O_WRONLY, 0644));
    close(open("/scratch/mine2", O_CREAT | O_WRONLY, 0644));
    printf("rename to above the root: %s\n",
           rename("/scratch/mine", "/../renamed") == 0 ? "ok (inside)" : strerrorname_np(errno));
    printf("link to above the root: %s\n",
           link("/scratch/mine2", "/../linked") == 0 ? "ok (inside)" : strerrorname_np(errno));
    printf("mkdir above the root: %s\n", mkdir("/../made_dir", 0755) == 0 ? "ok (inside)" : strerrorname_np(errno));
    printf("symlink made above the root: %s\n",
           symlink("x", "/../made_link") == 0 ? "ok (inside)" : strerrorname_np(errno));
    printf("unlink the canary: %s\n", unlink("/../canary.txt") == 0 ? "ok (ESCAPED)" : strerrorname_np(errno));
    printf("mknod a disk: %s\n",
           mknod("/scratch/disk", S_IFBLK | 0600, makedev(8, 0)) == 0 ? "ok (ESCAPED)" : strerrorname_np(errno));
    printf("chroot: %s\n", chroot("/scratch") == 0 ? "ok" : strerrorname_np(errno));
    list("list / at the end", "/");

    printf("escapes: %d\n", escapes);
    return escapes != 0;
}
