/* Linux behaviour that qemu-user 7.2 does not reproduce (it ignores guest
 * stack limits, accepts any madvise advice, and lets MAP_FIXED_NOREPLACE
 * replace a mapping), so this test is not compared with qemu: see
 * syscalls_strict.noqemu. The expected output is what Linux does. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", what, ok ? "ok" : "FAILED");
    if (!ok)
        failures++;
}

int main(void)
{
    struct rlimit rl, lower, now;
    check(getrlimit(RLIMIT_STACK, &rl) == 0, "getrlimit RLIMIT_STACK");
    lower = rl;
    lower.rlim_cur = 4 * 1024 * 1024;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < lower.rlim_cur)
        lower.rlim_cur = rl.rlim_max;
    check(setrlimit(RLIMIT_STACK, &lower) == 0, "setrlimit RLIMIT_STACK lower");
    check(getrlimit(RLIMIT_STACK, &now) == 0 && now.rlim_cur == lower.rlim_cur && now.rlim_max == rl.rlim_max,
          "the new limit reads back");
    check(setrlimit(RLIMIT_STACK, &rl) == 0, "setrlimit back");
    check(getrlimit(RLIMIT_STACK, &now) == 0 && now.rlim_cur == rl.rlim_cur, "the old limit reads back");
    struct rlimit as;
    check(getrlimit(RLIMIT_AS, &as) == 0, "getrlimit RLIMIT_AS");
    if (as.rlim_max != RLIM_INFINITY) {
        struct rlimit higher = { as.rlim_max, as.rlim_max + 1 };
        errno = 0;
        check(geteuid() == 0 || (setrlimit(RLIMIT_AS, &higher) < 0 && errno == EPERM),
              "raising a hard limit: EPERM");
    } else {
        check(1, "raising a hard limit: EPERM");
    }

    long page = sysconf(_SC_PAGESIZE);
    unsigned char *m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    check(m != MAP_FAILED, "mmap");
    errno = 0;
    check(madvise(m, page, 12345) < 0 && errno == EINVAL, "madvise unknown advice: EINVAL");
    errno = 0;
    check(madvise(m + 1, page, MADV_DONTNEED) < 0 && errno == EINVAL, "madvise unaligned: EINVAL");
    m[0] = 1;
    errno = 0;
    void *clash = mmap(m, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    check(clash == MAP_FAILED && errno == EEXIST, "MAP_FIXED_NOREPLACE on a mapping: EEXIST");
    check(m[0] == 1, "the mapping is untouched");
    check(munmap(m + page, page) == 0, "munmap the second page");
    void *fresh = mmap(m + page, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    check(fresh == m + page, "MAP_FIXED_NOREPLACE on a hole maps there");
    errno = 0;
    check(madvise(m, 2 * page, MADV_WILLNEED) == 0, "madvise over two mapped pages");
    munmap(m, 2 * page);
    errno = 0;
    check(madvise(m, page, MADV_WILLNEED) < 0 && errno == ENOMEM, "madvise on unmapped memory: ENOMEM");
    printf("%d failure(s)\n", failures);
    return failures != 0;
}
