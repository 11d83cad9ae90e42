/* Threads from a dynamically linked program: pthread_create/join (in
 * glibc's shared libc), a mutex, and thread-local storage, whose blocks the
 * dynamic loader sets up for every thread. */
#include <pthread.h>
#include <stdio.h>

#define NTHREADS 4
#define PER_THREAD 100000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long shared_total;
static __thread long tls_count = 1000;

struct job {
    int id;
    long sum;
    long tls_seen;
};

static void *work(void *arg)
{
    struct job *j = arg;
    long local = 0;
    for (long i = 0; i < PER_THREAD; i++) {
        local += i % (j->id + 2);
        tls_count++;
        pthread_mutex_lock(&lock);
        shared_total++;
        pthread_mutex_unlock(&lock);
    }
    j->sum = local;
    j->tls_seen = tls_count;
    return j;
}

int main(void)
{
    pthread_t t[NTHREADS];
    struct job jobs[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        jobs[i].id = i;
        if (pthread_create(&t[i], NULL, work, &jobs[i]) != 0) {
            printf("pthread_create failed\n");
            return 1;
        }
    }
    for (int i = 0; i < NTHREADS; i++) {
        void *ret;
        if (pthread_join(t[i], &ret) != 0 || ret != &jobs[i]) {
            printf("pthread_join failed\n");
            return 1;
        }
        printf("thread %d: sum %ld, its tls_count %ld\n", i, jobs[i].sum, jobs[i].tls_seen);
    }
    printf("shared total %ld (expected %d)\n", shared_total, NTHREADS * PER_THREAD);
    printf("main's tls_count %ld\n", tls_count);
    return 0;
}
