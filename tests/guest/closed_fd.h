/* A descriptor number that is surely not open. The test runner (CI, a shell)
   may hand the guest inherited descriptors at any number, so a fixed "bad"
   number like 999 is not safe: look for a free one at or above `from`. */
#ifndef CLOSED_FD_H
#define CLOSED_FD_H

#include <errno.h>
#include <fcntl.h>

static inline int closed_fd(int from)
{
    int fd = from;
    while (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
        fd++;
    return fd;
}

#endif
