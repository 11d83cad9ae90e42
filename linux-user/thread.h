/*
 * Guest threads: each runs on its own host thread with its own CPU and
 * translation cache. The run loop serves system calls, turns guest faults
 * into signals, delivers signals, and applies code changes other threads
 * made (mmap, munmap, riscv_flush_icache) at block boundaries.
 *
 * Guest stores into code that another thread has translated are not seen by
 * that thread until it is told: RISC-V requires exactly that (a remote
 * fence.i, which Linux programs do with the riscv_flush_icache system call,
 * which ferry sends to every thread).
 */
#ifndef FERRY_THREAD_H
#define FERRY_THREAD_H

#include <stdint.h>

#include "process.h"

/* Run t until it exits (t->exiting) or the process ends (p->exited). */
void lu_thread_loop(LinuxThread *t);

/* clone() with CLONE_VM|CLONE_THREAD: start a guest thread that continues
 * from the calling thread's ecall with a0 = 0. Returns its tid or -errno. */
int64_t lu_thread_spawn(LinuxThread *parent, uint64_t flags, uint64_t stack, uint64_t ptid, uint64_t tls,
                        uint64_t ctid);

/* Thread t ends (SYS_exit): the robust list and clear_child_tid are handled
 * as the kernel does, and t leaves the process's list. */
void lu_thread_finish(LinuxThread *t);

/* The process ends (or execs): every thread's robust futexes are released
 * as the kernel does when a thread exits. */
void lu_process_release_robust(LinuxProc *p);

/* The process ends with `status` (exit_group) while other threads may be
 * running: flush and leave. Does not return. */
_Noreturn void lu_process_exit(LinuxProc *p, int status);

/* [addr, addr+len) of guest memory changed under the translations: the
 * calling thread drops its blocks now, the others at their next block
 * boundary. len 0 drops everything. */
void lu_code_changed_all(LinuxProc *p, uint64_t addr, uint64_t len);

#endif
