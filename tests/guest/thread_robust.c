/* Robust mutexes (the kernel walks the dying thread's robust list, set up by
 * glibc with set_robust_list, and marks held futexes FUTEX_OWNER_DIED): a
 * thread that exits while holding a PTHREAD_MUTEX_ROBUST mutex makes the
 * next pthread_mutex_lock return EOWNERDEAD with the lock acquired;
 * pthread_mutex_consistent repairs it and later locks return 0. Without
 * consistent, unlocking makes the mutex unusable (ENOTRECOVERABLE). The
 * same across processes: a forked child dies holding a process-shared
 * robust mutex in shared memory.
 * Not compared with qemu-riscv64 7.2: it does not implement set_robust_list
 * (ENOSYS), so only glibc's own clean-up at thread exit works there and the
 * cross-process case hangs. The expected output is what Linux does (the
 * same C program prints it natively on x86-64 Linux). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *err(int e)
{
    switch (e) {
    case 0: return "0";
    case EOWNERDEAD: return "EOWNERDEAD";
    case ENOTRECOVERABLE: return "ENOTRECOVERABLE";
    case ENOTSUP: return "ENOTSUP";
    case EBUSY: return "EBUSY";
    default: return strerror(e);
    }
}

static pthread_mutex_t mx;
static int init_result;

static void *die_holding(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&mx);
    return NULL; /* exits without unlocking */
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
    init_result = pthread_mutex_init(&mx, &ma);
    printf("pthread_mutex_init(robust) = %s\n", err(init_result));
    if (init_result != 0)
        return 1;

    pthread_t t;
    pthread_create(&t, NULL, die_holding, NULL);
    pthread_join(t, NULL);
    int r = pthread_mutex_lock(&mx);
    printf("lock after the owner died = %s\n", err(r));
    printf("pthread_mutex_consistent = %s\n", err(pthread_mutex_consistent(&mx)));
    printf("unlock = %s\n", err(pthread_mutex_unlock(&mx)));
    r = pthread_mutex_lock(&mx);
    printf("lock again = %s\n", err(r));
    pthread_mutex_unlock(&mx);

    /* Not made consistent: unrecoverable. */
    pthread_create(&t, NULL, die_holding, NULL);
    pthread_join(t, NULL);
    r = pthread_mutex_lock(&mx);
    printf("owner died again: lock = %s, then unlock without consistent\n", err(r));
    pthread_mutex_unlock(&mx);
    r = pthread_mutex_lock(&mx);
    printf("lock = %s\n", err(r));
    r = pthread_mutex_trylock(&mx);
    printf("trylock = %s\n", err(r));

    /* Across processes. */
    pthread_mutex_t *shm = mmap(NULL, sizeof *shm, PROT_READ | PROT_WRITE,
                                MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(shm, &ma);
    pid_t pid = fork();
    if (pid == 0) {
        pthread_mutex_lock(shm);
        _exit(0); /* dies holding it */
    }
    int st;
    waitpid(pid, &st, 0);
    r = pthread_mutex_lock(shm);
    printf("process-shared, child died holding it: lock = %s\n", err(r));
    pthread_mutex_consistent(shm);
    pthread_mutex_unlock(shm);
    r = pthread_mutex_trylock(shm);
    printf("after consistent + unlock: trylock = %s\n", err(r));
    return 0;
}
