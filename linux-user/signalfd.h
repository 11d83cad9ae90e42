/* signalfd over ferry's own signal queues; see signalfd.c. */
#ifndef FERRY_SIGNALFD_H
#define FERRY_SIGNALFD_H

#include <stdbool.h>
#include <stdint.h>

#include "process.h"

/* Make every signalfd readable exactly while a signal of its mask is
 * pending. Caller holds sig_lock; called whenever the queues change. */
void lu_signalfd_sync_locked(LinuxProc *p);

/* fd is a signalfd: reads of it go to lu_signalfd_read. */
bool lu_signalfd_owns(LinuxProc *p, int fd);
int64_t lu_signalfd_read(LinuxProc *p, int fd, uint64_t buf, uint64_t count);
/* The guest closed fd. */
void lu_signalfd_closed(LinuxProc *p, int fd);

#endif
