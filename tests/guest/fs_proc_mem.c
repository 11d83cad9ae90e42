/* A process's memory as a file (/proc/PID/mem) is ferry's host memory, not
 * the guest's: every way of opening it must fail with EACCES, including
 * through a symlink the guest made and through a descriptor of /proc/self. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void try(const char *what, int fd)
{
    printf("%-28s %s\n", what, fd >= 0 ? "opened (escape!)" : strerror(errno));
    if (fd >= 0)
        close(fd);
}

int main(void)
{
    char path[64], link[64];
    try("/proc/self/mem", open("/proc/self/mem", O_RDWR));
    try("/proc/thread-self/mem", open("/proc/thread-self/mem", O_RDONLY));
    snprintf(path, sizeof path, "/proc/%d/mem", getpid());
    try("/proc/PID/mem", open(path, O_RDWR));
    snprintf(path, sizeof path, "/proc/self/task/%d/mem", gettid());
    try("/proc/self/task/TID/mem", open(path, O_RDWR));
    snprintf(link, sizeof link, "/tmp/ferry-mem-link.%d", getpid());
    unlink(link);
    if (symlink("/proc/self/mem", link) == 0) {
        try("symlink to it", open(link, O_RDWR));
        unlink(link);
    }
    int dir = open("/proc/self", O_RDONLY | O_DIRECTORY);
    try("openat(/proc/self fd, mem)", openat(dir, "mem", O_RDWR));
    int opath = open("/proc/self/mem", O_PATH);
    if (opath >= 0) {
        snprintf(path, sizeof path, "/proc/self/fd/%d", opath);
        try("reopen an O_PATH of it", open(path, O_RDWR));
    } else {
        try("O_PATH of it", opath);
    }
    close(dir);
    return 0;
}
