/*
 * ferry - unit tests for the guest struct layouts and argument conventions
 * of the file and descriptor system calls (linux-user/syscall_fs.c,
 * syscall_io.c, syscall_poll.c), for RV32 and RV64 guests: handlers are
 * called directly with the registers a guest would pass, and the bytes they
 * leave in guest memory are checked field by field against the asm-generic
 * definitions (the guest test programs cover RV64 end to end; Debian has no
 * RV32 C library to build RV32 ones).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <cmocka.h>

#include "path.h"
#include "syscall_impl.h"

#define BUF 0x10000ull  /* a read-write page of guest memory */
#define STR 0x11000ull  /* strings */

static LinuxProc proc;
static char dir[64];

static int setup(void **state)
{
    (void)state;
    memset(&proc, 0, sizeof proc);
    char err[256];
    if (gs_init(&proc.gs, 1ull << 32, err, sizeof err) != 0)
        return -1;
    if (gs_map(&proc.gs, BUF, 0x4000, PROT_READ | PROT_WRITE, GS_MAP_FIXED, -1, 0, "") != (int64_t)BUF)
        return -1;
    snprintf(dir, sizeof dir, "/tmp/ferry-layout-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    lu_paths_release(&proc);
    gs_destroy(&proc.gs);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static uint8_t *mem(uint64_t addr) { return proc.gs.base + addr; }

static uint64_t put_str(uint64_t at, const char *s)
{
    memcpy(mem(at), s, strlen(s) + 1);
    return at;
}

static uint32_t u32_at(uint64_t addr)
{
    uint32_t v;
    memcpy(&v, mem(addr), 4);
    return v;
}

static uint64_t u64_at(uint64_t addr)
{
    uint64_t v;
    memcpy(&v, mem(addr), 8);
    return v;
}

static int64_t call(SysFn fn, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
    const uint64_t a[6] = { a0, a1, a2, a3, a4, a5 };
    return fn(&proc, a);
}

static void statfs_layouts(void **state)
{
    (void)state;
    struct statfs h;
    assert_int_equal(statfs(dir, &h), 0);
    uint64_t path = put_str(STR, dir);

    /* RV64 struct statfs: every word 8 bytes, 120 in all */
    proc.xlen = 64;
    memset(mem(BUF), 0xee, 256);
    assert_int_equal(call(lu_sys_statfs, path, BUF, 0, 0, 0, 0), 0);
    assert_int_equal(u64_at(BUF + 0), (uint64_t)h.f_type);
    assert_int_equal(u64_at(BUF + 8), (uint64_t)h.f_bsize);
    assert_int_equal(u64_at(BUF + 16), h.f_blocks);
    assert_int_equal(u64_at(BUF + 40), h.f_files);
    assert_memory_equal(mem(BUF + 56), &h.f_fsid, 8);
    assert_int_equal(u64_at(BUF + 64), (uint64_t)h.f_namelen);
    assert_int_equal(u64_at(BUF + 72), (uint64_t)h.f_frsize);
    assert_int_equal(u64_at(BUF + 80), (uint64_t)h.f_flags);
    assert_int_equal(mem(BUF + 120)[0], 0xee); /* nothing past the struct */

    /* RV32 statfs64(path, 88, buf): 32-bit words, 64-bit counts */
    proc.xlen = 32;
    memset(mem(BUF), 0xee, 256);
    assert_int_equal(call(lu_sys_statfs, path, 84, BUF, 0, 0, 0), -EINVAL);
    assert_int_equal(call(lu_sys_statfs, path, 88, BUF, 0, 0, 0), 0);
    assert_int_equal(u32_at(BUF + 0), (uint32_t)h.f_type);
    assert_int_equal(u32_at(BUF + 4), (uint32_t)h.f_bsize);
    assert_int_equal(u64_at(BUF + 8), h.f_blocks);
    assert_int_equal(u64_at(BUF + 32), h.f_files);
    assert_memory_equal(mem(BUF + 48), &h.f_fsid, 8);
    assert_int_equal(u32_at(BUF + 56), (uint32_t)h.f_namelen);
    assert_int_equal(u32_at(BUF + 60), (uint32_t)h.f_frsize);
    assert_int_equal(u32_at(BUF + 64), (uint32_t)h.f_flags);
    assert_int_equal(mem(BUF + 88)[0], 0xee);
    int fd = open(dir, O_RDONLY);
    memset(mem(BUF), 0xee, 256);
    assert_int_equal(call(lu_sys_fstatfs, (uint64_t)fd, 88, BUF, 0, 0, 0), 0);
    assert_int_equal(u32_at(BUF + 56), (uint32_t)h.f_namelen);
    close(fd);
}

static int scratch_file(const char *name, size_t size)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, (off_t)size), 0);
    return fd;
}

static void fcntl_locks(void **state)
{
    (void)state;
    int fd = scratch_file("locks", 100);
    /* RV32 F_SETLK (6) with the 16-byte struct flock: type, whence, then
     * 32-bit start, len, pid */
    proc.xlen = 32;
    uint8_t fl32[16] = { 0 };
    int16_t type = F_WRLCK, whence = SEEK_SET;
    int32_t start = 10, len = 20;
    memcpy(fl32, &type, 2);
    memcpy(fl32 + 2, &whence, 2);
    memcpy(fl32 + 4, &start, 4);
    memcpy(fl32 + 8, &len, 4);
    memcpy(mem(BUF), fl32, 16);
    assert_int_equal(call(lu_sys_fcntl, (uint64_t)fd, 6, BUF, 0, 0, 0), 0);
    /* an OFD query on another description sees it, with the locking
     * process's pid (a process lock, not an OFD one) */
    char path[128];
    snprintf(path, sizeof path, "%s/locks", dir);
    int fd2 = open(path, O_RDWR);
    /* RV32 F_OFD_GETLK (36) uses the 32-byte struct flock64 */
    uint8_t q[32] = { 0 };
    int64_t qs = 0, ql = 100;
    type = F_WRLCK;
    memcpy(q, &type, 2);
    memcpy(q + 8, &qs, 8);
    memcpy(q + 16, &ql, 8);
    memcpy(mem(BUF + 64), q, 32);
    assert_int_equal(call(lu_sys_fcntl, (uint64_t)fd2, 36, BUF + 64, 0, 0, 0), 0);
    int16_t got_type;
    memcpy(&got_type, mem(BUF + 64), 2);
    assert_int_equal(got_type, F_WRLCK);
    assert_int_equal(u64_at(BUF + 64 + 8), 10);
    assert_int_equal(u64_at(BUF + 64 + 16), 20);
    assert_int_equal((int32_t)u32_at(BUF + 64 + 24), getpid());
    /* RV32 F_GETLK64 (12) the same with the 64-bit struct; RV64 has no 12 */
    memcpy(mem(BUF + 128), q, 32);
    assert_int_equal(call(lu_sys_fcntl, (uint64_t)fd2, 12, BUF + 128, 0, 0, 0), 0);
    proc.xlen = 64;
    assert_int_equal(call(lu_sys_fcntl, (uint64_t)fd2, 12, BUF + 128, 0, 0, 0), -EINVAL);
    close(fd2);
    close(fd);
}

static void pairs_of_registers(void **state)
{
    (void)state;
    /* RV32 fallocate(fd, mode, off_lo, off_hi, len_lo, len_hi): 4 GiB + 4096
     * would be wrong if the halves were mixed up; use a small offset with a
     * high half of zero and a length that needs the pair */
    int fd = scratch_file("alloc", 0);
    proc.xlen = 32;
    int64_t r = call(lu_sys_fallocate, (uint64_t)fd, 0, 4096, 0, 8192, 0);
    if (r == -EOPNOTSUPP) {
        close(fd);
        skip();
    }
    assert_int_equal(r, 0);
    struct stat st;
    assert_int_equal(fstat(fd, &st), 0);
    assert_int_equal(st.st_size, 4096 + 8192);
    /* RV64: one register each */
    proc.xlen = 64;
    assert_int_equal(call(lu_sys_fallocate, (uint64_t)fd, 0, 0, 20000, 0, 0), 0);
    assert_int_equal(fstat(fd, &st), 0);
    assert_int_equal(st.st_size, 20000);
    /* RV32 sync_file_range(fd, off pair, n pair, flags) */
    proc.xlen = 32;
    assert_int_equal(call(lu_sys_sync_file_range, (uint64_t)fd, 0, 0, 4096, 0, 2), 0);
    assert_int_equal(call(lu_sys_sync_file_range, (uint64_t)fd, 0, 0, 4096, 0, 0x80), -EINVAL);
    /* RV32 ftruncate64(fd, len pair) */
    assert_int_equal(call(lu_sys_ftruncate, (uint64_t)fd, 123, 0, 0, 0, 0), 0);
    assert_int_equal(fstat(fd, &st), 0);
    assert_int_equal(st.st_size, 123);
    /* RV32 pread64(fd, buf, n, off pair) */
    assert_int_equal(pwrite(fd, "abcdef", 6, 100), 6);
    assert_int_equal(call(lu_sys_pread64, (uint64_t)fd, BUF, 3, 102, 0, 0), 3);
    assert_memory_equal(mem(BUF), "cde", 3);
    close(fd);
}

static void select_words(void **state)
{
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    assert_int_equal(dup2(p[1], 70), 70);
    /* RV32 fd_set: 32-bit words; n = 71 needs three of them (12 bytes);
     * descriptor 70 is bit 6 of word 2 */
    proc.xlen = 32;
    memset(mem(BUF), 0, 64);
    memset(mem(BUF + 12), 0xaa, 4); /* past the guest's set: untouched */
    mem(BUF + 8)[0] = 1u << 6;
    memset(mem(BUF + 32), 0, 16); /* timeout {0, 0} */
    assert_int_equal(call(lu_sys_pselect6, 71, 0, BUF, 0, BUF + 32, 0), 1);
    assert_int_equal(mem(BUF + 8)[0], 1u << 6);
    assert_int_equal(u32_at(BUF + 12), 0xaaaaaaaa);
    /* RV64: one 64-bit word for n = 64, two for 71 */
    proc.xlen = 64;
    memset(mem(BUF), 0, 64);
    memset(mem(BUF + 16), 0xaa, 8);
    mem(BUF + 8)[0] = 1u << 6;
    assert_int_equal(call(lu_sys_pselect6, 71, 0, BUF, 0, BUF + 32, 0), 1);
    assert_int_equal(u64_at(BUF + 8), 1u << 6);
    assert_int_equal(u64_at(BUF + 16), 0xaaaaaaaaaaaaaaaaull);
    /* the sigmask argument: { pointer, size } in guest longs; a bad size */
    proc.xlen = 32;
    uint32_t sig32[2] = { (uint32_t)(BUF + 48), 4 };
    memcpy(mem(BUF + 40), sig32, 8);
    mem(BUF + 8)[0] = 1u << 6;
    assert_int_equal(call(lu_sys_pselect6, 71, 0, BUF, 0, BUF + 32, BUF + 40), -EINVAL);
    close(70);
    close(p[0]);
    close(p[1]);
}

static void epoll_events(void **state)
{
    (void)state;
    proc.xlen = 64;
    int ep = (int)call(lu_sys_epoll_create1, 0, 0, 0, 0, 0, 0);
    assert_true(ep >= 0);
    int p[2];
    assert_int_equal(pipe(p), 0);
    /* guest struct epoll_event: u32 events, 4 bytes of padding, u64 data */
    uint32_t ev = 1; /* EPOLLIN */
    memset(mem(BUF), 0, 32);
    memcpy(mem(BUF), &ev, 4);
    uint64_t data = 0x8877665544332211ull;
    memcpy(mem(BUF + 8), &data, 8);
    assert_int_equal(call(lu_sys_epoll_ctl, (uint64_t)ep, 1 /* ADD */, (uint64_t)p[0], BUF, 0, 0), 0);
    assert_int_equal(write(p[1], "x", 1), 1);
    memset(mem(BUF + 64), 0xcc, 64);
    assert_int_equal(call(lu_sys_epoll_pwait, (uint64_t)ep, BUF + 64, 2, 1000, 0, 8), 1);
    assert_int_equal(u32_at(BUF + 64), 1 /* EPOLLIN */);
    assert_int_equal(u32_at(BUF + 68), 0);
    assert_int_equal(u64_at(BUF + 72), data);
    assert_int_equal(mem(BUF + 80)[0], 0xcc); /* one event written */
    assert_int_equal(call(lu_sys_epoll_pwait, (uint64_t)ep, BUF + 64, 0, 0, 0, 8), -EINVAL);
    close(p[0]);
    close(p[1]);
    close(ep);
}

static void timerfd_specs(void **state)
{
    (void)state;
    /* itimerspec: interval then value; on RV32 (timerfd_settime64) each
     * timespec is a 64-bit second and a 32-bit nanosecond with padding */
    for (unsigned xlen = 32; xlen <= 64; xlen += 32) {
        proc.xlen = xlen;
        int t = (int)call(lu_sys_timerfd_create, 1 /* CLOCK_MONOTONIC */, 0, 0, 0, 0, 0);
        assert_true(t >= 0);
        memset(mem(BUF), 0, 64);
        uint64_t interval_s = 7, value_s = 100;
        uint32_t interval_ns = 5000;
        memcpy(mem(BUF), &interval_s, 8);
        memcpy(mem(BUF + 8), &interval_ns, 4);
        if (xlen == 32)
            memset(mem(BUF + 12), 0x5a, 4); /* padding: ignored */
        memcpy(mem(BUF + 16), &value_s, 8);
        assert_int_equal(call(lu_sys_timerfd_settime, (uint64_t)t, 0, BUF, 0, 0, 0), 0);
        memset(mem(BUF + 64), 0xee, 32);
        assert_int_equal(call(lu_sys_timerfd_gettime, (uint64_t)t, BUF + 64, 0, 0, 0, 0), 0);
        assert_int_equal(u64_at(BUF + 64), 7);
        assert_int_equal(u64_at(BUF + 72), 5000);
        assert_true(u64_at(BUF + 80) >= 99 && u64_at(BUF + 80) <= 100);
        assert_true(u64_at(BUF + 88) < 1000000000);
        /* a bad nanosecond field */
        uint32_t bad = 1000000000;
        memcpy(mem(BUF + 8), &bad, 4);
        assert_int_equal(call(lu_sys_timerfd_settime, (uint64_t)t, 0, BUF, 0, 0, 0), -EINVAL);
        close(t);
    }
}

static void own_descriptors_are_off_limits(void **state)
{
    (void)state;
    char err[256], cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(lu_paths_init(&proc, dir, NULL, err, sizeof err), 0);
    int own[4];
    int n = lu_paths_own_fds(&proc, own, 4);
    assert_true(n >= 1);
    proc.xlen = 64;
    assert_int_equal(call(lu_sys_close, (uint64_t)own[0], 0, 0, 0, 0, 0), -EBADF);
    assert_int_equal(call(lu_sys_dup, (uint64_t)own[0], 0, 0, 0, 0, 0), -EBADF);
    assert_int_equal(call(lu_sys_dup3, 0, (uint64_t)own[0], 0, 0, 0, 0), -EBADF);
    assert_int_equal(call(lu_sys_fcntl, (uint64_t)own[0], F_SETFD, 0, 0, 0, 0), -EBADF);
    /* close_range over everything leaves them open */
    assert_int_equal(call(lu_sys_close_range, (uint64_t)own[0], ~0u, 0, 0, 0, 0), 0);
    for (int i = 0; i < n; i++)
        assert_true(fcntl(own[i], F_GETFD) >= 0);
    assert_int_equal(chdir(cwd), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(statfs_layouts), T(fcntl_locks), T(pairs_of_registers), T(select_words),
        T(epoll_events), T(timerfd_specs), T(own_descriptors_are_off_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
