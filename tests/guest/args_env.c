/* argv, environment and the auxiliary vector as the loader sets them up. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int main(int argc, char **argv, char **envp)
{
    printf("argc = %d\n", argc);
    printf("argv[0] basename = %s\n", base_name(argv[0]));
    for (int i = 1; i < argc; i++)
        printf("argv[%d] = [%s]\n", i, argv[i]);
    printf("argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");

    const char *v = getenv("FERRY_TEST_VALUE");
    printf("FERRY_TEST_VALUE = [%s]\n", v ? v : "(unset)");
    const char *missing = getenv("FERRY_TEST_SURELY_NOT_SET");
    printf("unset variable: %s\n", missing ? "set?!" : "(unset)");
    int found = 0;
    for (char **e = envp; *e; e++)
        if (strncmp(*e, "FERRY_TEST_VALUE=", 17) == 0)
            found++;
    printf("envp has FERRY_TEST_VALUE %d time(s)\n", found);
    setenv("FERRY_TEST_NEW", "fresh", 1);
    printf("after setenv: %s\n", getenv("FERRY_TEST_NEW"));

    printf("AT_PAGESZ = %lu\n", getauxval(AT_PAGESZ));
    printf("sysconf(_SC_PAGESIZE) = %ld\n", sysconf(_SC_PAGESIZE));
    printf("AT_HWCAP nonzero: %s\n", getauxval(AT_HWCAP) ? "yes" : "no");
    /* RISC-V: one bit per single-letter extension */
    unsigned long hwcap = getauxval(AT_HWCAP);
    printf("AT_HWCAP has I M A F D C: %s\n",
           (hwcap & (1ul << ('i' - 'a'))) && (hwcap & (1ul << ('m' - 'a'))) && (hwcap & (1ul << ('a' - 'a'))) &&
                   (hwcap & (1ul << ('f' - 'a'))) && (hwcap & (1ul << ('d' - 'a'))) &&
                   (hwcap & (1ul << ('c' - 'a')))
               ? "yes"
               : "no");
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    printf("AT_RANDOM present: %s\n", rnd ? "yes" : "no");
    if (rnd) {
        unsigned sum = 0;
        for (int i = 0; i < 16; i++)
            sum += rnd[i];
        printf("AT_RANDOM 16 bytes readable: %s\n", sum + 1 > 0 ? "yes" : "no");
    }
    printf("AT_SECURE = %lu\n", getauxval(AT_SECURE));
    printf("AT_UID matches getuid: %s\n", getauxval(AT_UID) == (unsigned long)getuid() ? "yes" : "no");
    printf("AT_EGID matches getegid: %s\n", getauxval(AT_EGID) == (unsigned long)getegid() ? "yes" : "no");
    printf("AT_ENTRY nonzero: %s\n", getauxval(AT_ENTRY) ? "yes" : "no");
    printf("AT_PHDR nonzero: %s\n", getauxval(AT_PHDR) ? "yes" : "no");
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    printf("AT_EXECFN equals argv[0]: %s\n", execfn && strcmp(execfn, argv[0]) == 0 ? "yes" : "no");
    return 0;
}
