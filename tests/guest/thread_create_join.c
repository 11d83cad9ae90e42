/* pthread_create / pthread_join. Eight threads get their index, compute,
 * and return a value (by return or pthread_exit) that join hands back. Each
 * has its own tid (distinct, and not the main thread's, whose tid is the
 * pid), the same pid, its own pthread_self and its own stack. Threads with
 * a chosen stack size run deep recursion. 400 more threads are created and
 * joined in waves (thread resources are recycled). Joining oneself is
 * EDEADLK. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define N 8

struct info {
    int index;
    pid_t tid, pid;
    pthread_t self;
    uintptr_t stack_addr;
    long work;
};

static struct info infos[N];

static void *worker(void *arg)
{
    struct info *in = arg;
    volatile int local = in->index;
    in->tid = gettid();
    in->pid = getpid();
    in->self = pthread_self();
    in->stack_addr = (uintptr_t)&local;
    long w = 0;
    for (long k = 0; k < 200000; k++)
        w += (k ^ in->index) % 7;
    in->work = w;
    if (in->index % 2)
        pthread_exit((void *)(intptr_t)(in->index * in->index + 1));
    return (void *)(intptr_t)(in->index * in->index + 1);
}

static long deep(int n)
{
    volatile char pad[256];
    pad[n % 256] = (char)n;
    if (n == 0)
        return 0;
    return deep(n - 1) + pad[n % 256];
}

static void *deep_worker(void *arg)
{
    return (void *)(intptr_t)deep((int)(intptr_t)arg);
}

static void *trivial(void *arg)
{
    return arg;
}

int main(void)
{
    pthread_t th[N];
    for (int i = 0; i < N; i++) {
        infos[i].index = i;
        int r = pthread_create(&th[i], NULL, worker, &infos[i]);
        if (r != 0) {
            printf("pthread_create: %s\n", strerror(r));
            return 1;
        }
    }
    long sum = 0;
    for (int i = 0; i < N; i++) {
        void *ret;
        pthread_join(th[i], &ret);
        sum += (intptr_t)ret;
    }
    printf("8 threads joined, sum of return values i*i+1 = %ld\n", sum);

    int distinct = 1, not_main = 1, same_pid = 1, self_ok = 1, stacks_distinct = 1;
    long work_sum = 0;
    for (int i = 0; i < N; i++) {
        work_sum += infos[i].work;
        if (infos[i].tid == getpid())
            not_main = 0;
        if (infos[i].pid != getpid())
            same_pid = 0;
        if (!pthread_equal(infos[i].self, th[i]))
            self_ok = 0;
        for (int j = 0; j < i; j++) {
            if (infos[i].tid == infos[j].tid)
                distinct = 0;
            if (infos[i].stack_addr == infos[j].stack_addr)
                stacks_distinct = 0;
        }
    }
    printf("main thread tid == pid: %s\n", gettid() == getpid() ? "yes" : "no");
    printf("thread tids distinct: %s, none is the main tid: %s, same pid: %s\n",
           distinct ? "yes" : "no", not_main ? "yes" : "no", same_pid ? "yes" : "no");
    printf("pthread_self matches the handle: %s, stacks distinct: %s\n", self_ok ? "yes" : "no",
           stacks_distinct ? "yes" : "no");
    printf("work sum = %ld\n", work_sum);

    /* Explicit stack sizes. */
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setstacksize(&at, 4 << 20);
    pthread_t big;
    pthread_create(&big, &at, deep_worker, (void *)(intptr_t)10000);
    void *ret;
    pthread_join(big, &ret);
    size_t sz = 0;
    pthread_attr_getstacksize(&at, &sz);
    pthread_attr_destroy(&at);
    printf("4 MiB stack thread: recursion depth 10000 returned %ld, attr stack size %zu\n",
           (long)(intptr_t)ret, sz);

    /* Waves of short-lived threads. */
    long total = 0;
    for (int wave = 0; wave < 50; wave++) {
        pthread_t t[8];
        for (int i = 0; i < 8; i++)
            pthread_create(&t[i], NULL, trivial, (void *)(intptr_t)(wave * 8 + i));
        for (int i = 0; i < 8; i++) {
            pthread_join(t[i], &ret);
            total += (intptr_t)ret;
        }
    }
    printf("400 short threads: sum of returns = %ld\n", total);

    int r = pthread_join(pthread_self(), &ret);
    printf("pthread_join(self) = %s\n", r == EDEADLK ? "EDEADLK" : strerror(r));
    return 0;
}
