/* What a dynamically linked program learns from its auxiliary vector:
 * AT_BASE is the dynamic loader's load address (0 only for static
 * programs), AT_ENTRY the program's own entry point, AT_PHDR its program
 * headers; checked against what the loader itself reports. */
#define _GNU_SOURCE
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

extern char _start[];

struct seen {
    unsigned long base, phdr;
    int main_found, ld_found, libc_found;
};

static int each(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    struct seen *s = data;
    const char *name = info->dlpi_name;
    const char *slash = strrchr(name, '/');
    const char *base = slash ? slash + 1 : name;
    if (strncmp(base, "linux-vdso", 10) == 0)
        return 0; /* the kernel's vDSO, which emulators may not have */
    if (!s->main_found) {
        s->main_found = 1;
        s->phdr = (unsigned long)info->dlpi_phdr;
        return 0;
    }
    if (strncmp(base, "ld-linux", 8) == 0) {
        s->ld_found = 1;
        s->base = (unsigned long)info->dlpi_addr;
    }
    if (strcmp(base, "libc.so.6") == 0)
        s->libc_found = 1;
    return 0;
}

int main(void)
{
    unsigned long at_base = getauxval(AT_BASE);
    struct seen s = { 0 };
    dl_iterate_phdr(each, &s);

    printf("AT_BASE != 0: %d\n", at_base != 0);
    printf("AT_BASE page aligned: %d\n", (at_base & 4095) == 0);
    printf("AT_BASE is where the dynamic loader is: %d\n", s.ld_found && s.base == at_base);
    printf("AT_ENTRY is _start: %d\n", getauxval(AT_ENTRY) == (unsigned long)_start);
    printf("AT_PHDR is the program's headers: %d\n", getauxval(AT_PHDR) == s.phdr);
    printf("AT_PHENT: %lu\n", getauxval(AT_PHENT));
    printf("AT_PAGESZ: %lu\n", getauxval(AT_PAGESZ));
    printf("AT_SECURE: %lu\n", getauxval(AT_SECURE));
    unsigned long hw = getauxval(AT_HWCAP);
    printf("AT_HWCAP has IMAFDC: %d\n", (hw & 0x112d) == 0x112d);
    const char *fn = (const char *)getauxval(AT_EXECFN);
    printf("AT_EXECFN names this program: %d\n", fn && strstr(fn, "dyn_auxv") != NULL);
    printf("libc.so.6 loaded: %d\n", s.libc_found);
    return 0;
}
