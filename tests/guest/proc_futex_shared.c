/* Futexes across processes. In a MAP_SHARED page, a shared (not private)
 * FUTEX_WAIT in one process is woken by FUTEX_WAKE in another. Built on that,
 * process-shared pthread mutexes, condition variables and semaphores work
 * between a parent and a forked child: 2 processes x 20000 locked increments
 * give 40000; a ping-pong over a process-shared condvar counts 200 turns;
 * a semaphore hands over 100 tokens. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct shared {
    _Atomic uint32_t word;
    _Atomic uint32_t woken;
    pthread_mutex_t mutex;
    pthread_cond_t cond;
    long counter;
    int turn;
    int turns;
    sem_t sem;
    sem_t sem_back;
};

static long futex(_Atomic uint32_t *addr, int op, uint32_t val, const struct timespec *ts)
{
    return syscall(SYS_futex, addr, op, val, ts, NULL, 0);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                             -1, 0);
    if (sh == MAP_FAILED)
        return 1;
    memset(sh, 0, sizeof *sh);

    /* Raw futex: the child waits for word to leave 0. */
    pid_t pid = fork();
    if (pid == 0) {
        while (atomic_load(&sh->word) == 0)
            futex(&sh->word, FUTEX_WAIT, 0, NULL);
        atomic_store(&sh->woken, 1);
        _exit(atomic_load(&sh->word) == 7 ? 0 : 1);
    }
    usleep(20 * 1000);
    atomic_store(&sh->word, 7);
    long woke = 0;
    /* Wake until the child has certainly been woken (it may not be asleep
     * yet on the first try: count only what matters, the child's exit). */
    while (!atomic_load(&sh->woken)) {
        woke += futex(&sh->word, FUTEX_WAKE, 1, NULL);
        usleep(1000);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("shared futex: child woken and saw 7: %s\n", WEXITSTATUS(st) == 0 ? "yes" : "no");

    /* FUTEX_WAIT with a value that does not match: EAGAIN at once. */
    errno = 0;
    long r = futex(&sh->word, FUTEX_WAIT, 1, NULL);
    printf("FUTEX_WAIT with a stale value = %ld errno=%s\n", r, strerror(errno));
    struct timespec ts = { 0, 20 * 1000 * 1000 };
    errno = 0;
    r = futex(&sh->word, FUTEX_WAIT, 7, &ts);
    printf("FUTEX_WAIT(20 ms) nobody wakes = %ld errno=%s\n", r, strerror(errno));

    /* Process-shared mutex and condvar. */
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
    pthread_mutex_init(&sh->mutex, &ma);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
    pthread_cond_init(&sh->cond, &ca);

    pid = fork();
    for (int i = 0; i < 20000; i++) {
        pthread_mutex_lock(&sh->mutex);
        sh->counter++;
        pthread_mutex_unlock(&sh->mutex);
    }
    if (pid == 0)
        _exit(0);
    waitpid(pid, &st, 0);
    printf("process-shared mutex: counter = %ld\n", sh->counter);

    /* Ping-pong: turn 0 = parent, 1 = child. */
    sh->turn = 0;
    sh->turns = 0;
    pid = fork();
    int me = pid == 0 ? 1 : 0;
    for (int i = 0; i < 100; i++) {
        pthread_mutex_lock(&sh->mutex);
        while (sh->turn != me)
            pthread_cond_wait(&sh->cond, &sh->mutex);
        sh->turns++;
        sh->turn = 1 - me;
        pthread_cond_broadcast(&sh->cond);
        pthread_mutex_unlock(&sh->mutex);
    }
    if (pid == 0)
        _exit(0);
    waitpid(pid, &st, 0);
    printf("process-shared condvar ping-pong: %d turns\n", sh->turns);

    /* Semaphores. */
    sem_init(&sh->sem, 1, 0);
    sem_init(&sh->sem_back, 1, 0);
    pid = fork();
    if (pid == 0) {
        int got = 0;
        for (int i = 0; i < 100; i++) {
            sem_wait(&sh->sem);
            got++;
            sem_post(&sh->sem_back);
        }
        _exit(got);
    }
    for (int i = 0; i < 100; i++) {
        sem_post(&sh->sem);
        sem_wait(&sh->sem_back);
    }
    waitpid(pid, &st, 0);
    int val = -1;
    sem_getvalue(&sh->sem, &val);
    printf("process-shared semaphore: child took %d tokens, value now %d\n", WEXITSTATUS(st), val);
    (void)woke;
    return 0;
}
