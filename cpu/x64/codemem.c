/* Dual-mapped code memory; see codemem.h. */
#include "codemem.h"

#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

X64CodeMem *x64_codemem_new(size_t size)
{
    long page = sysconf(_SC_PAGESIZE);
    size = (size + (size_t)page - 1) & ~((size_t)page - 1);
    X64CodeMem *cm = calloc(1, sizeof *cm);
    if (!cm || size == 0)
        goto fail;
    int fd = memfd_create("ferry-jit", MFD_CLOEXEC);
    if (fd < 0)
        goto fail;
    if (ftruncate(fd, (off_t)size) != 0) {
        close(fd);
        goto fail;
    }
    void *rw = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    void *rx = mmap(NULL, size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    close(fd);      /* the mappings keep the object */
    if (rw == MAP_FAILED || rx == MAP_FAILED) {
        if (rw != MAP_FAILED)
            munmap(rw, size);
        if (rx != MAP_FAILED)
            munmap(rx, size);
        goto fail;
    }
    cm->rw = rw;
    cm->rx = rx;
    cm->size = size;
    return cm;
fail:
    free(cm);
    return NULL;
}

void x64_codemem_free(X64CodeMem *cm)
{
    if (!cm)
        return;
    munmap(cm->rw, cm->size);
    munmap(cm->rx, cm->size);
    free(cm);
}

void x64_codemem_reset(X64CodeMem *cm)
{
    cm->used = 0;
}
