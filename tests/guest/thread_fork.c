/* fork in a multithreaded process. Only the calling thread exists in the
 * child: its tid is the child's pid, and the child can create and join
 * threads of its own and use malloc and stdio. The parent's other threads
 * (spinning and blocked) run on unaffected. fork from a non-main thread
 * works the same. pthread_atfork handlers run in order: prepare handlers in
 * reverse order of registration, parent and child handlers in order.
 * Not compared with qemu-riscv64 7.2, which aborts on an internal assertion
 * when such a child creates a thread. The expected output is what Linux
 * does (the same C program prints it natively on x86-64 Linux). */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static atomic_int stop;
static atomic_long spin_count;
static char order[128];

static void prep1(void) { strcat(order, "prepare1 "); }
static void prep2(void) { strcat(order, "prepare2 "); }
static void parent1(void) { strcat(order, "parent1 "); }
static void parent2(void) { strcat(order, "parent2 "); }
static void child1(void) { strcat(order, "child1 "); }
static void child2(void) { strcat(order, "child2 "); }

static void *spinner(void *arg)
{
    (void)arg;
    while (!atomic_load(&stop))
        atomic_fetch_add(&spin_count, 1);
    return NULL;
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int wake;
static void *blocked(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    while (!wake)
        pthread_cond_wait(&c, &m);
    pthread_mutex_unlock(&m);
    return (void *)7;
}

static void *child_thread(void *arg)
{
    long n = (long)(intptr_t)arg;
    char *p = malloc(1000);
    snprintf(p, 1000, "%ld", n * n);
    long v = atol(p);
    free(p);
    return (void *)(intptr_t)v;
}

/* Runs in the child of a fork: exit status 0 when everything checks out. */
static int child_checks(void)
{
    int ok = gettid() == getpid();
    pthread_t t[4];
    long sum = 0;
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, child_thread, (void *)(intptr_t)(i + 1));
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        sum += (intptr_t)r;
    }
    ok = ok && sum == 1 + 4 + 9 + 16;
    ok = ok && strcmp(order, "prepare2 prepare1 child1 child2 ") == 0;
    return ok ? 0 : 1;
}

static void *forker(void *arg)
{
    (void)arg;
    order[0] = 0;
    pid_t pid = fork();
    if (pid == 0)
        _exit(child_checks());
    int st;
    waitpid(pid, &st, 0);
    return (void *)(intptr_t)(WIFEXITED(st) ? WEXITSTATUS(st) : 100);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    pthread_atfork(prep1, parent1, child1);
    pthread_atfork(prep2, parent2, child2);
    pthread_t sp[2], bl;
    pthread_create(&sp[0], NULL, spinner, NULL);
    pthread_create(&sp[1], NULL, spinner, NULL);
    pthread_create(&bl, NULL, blocked, NULL);
    while (atomic_load(&spin_count) < 1000)
        sched_yield();

    order[0] = 0;
    pid_t pid = fork();
    if (pid == 0)
        _exit(child_checks());
    int st;
    waitpid(pid, &st, 0);
    printf("fork from main with 3 other threads: child checks %s (status %d)\n",
           WEXITSTATUS(st) == 0 ? "passed" : "FAILED", WEXITSTATUS(st));
    printf("atfork order in the parent: %s\n", order);

    pthread_t f;
    pthread_create(&f, NULL, forker, NULL);
    void *r;
    pthread_join(f, &r);
    printf("fork from a second thread: child checks %s\n", (intptr_t)r == 0 ? "passed" : "FAILED");

    long before = atomic_load(&spin_count);
    while (atomic_load(&spin_count) < before + 1000)
        sched_yield();
    printf("parent's spinners still running: yes\n");
    atomic_store(&stop, 1);
    pthread_join(sp[0], NULL);
    pthread_join(sp[1], NULL);
    pthread_mutex_lock(&m);
    wake = 1;
    pthread_cond_signal(&c);
    pthread_mutex_unlock(&m);
    pthread_join(bl, &r);
    printf("parent's blocked thread woke and returned %ld\n", (long)(intptr_t)r);

    /* Many forks while threads run. */
    atomic_store(&stop, 0);
    pthread_create(&sp[0], NULL, spinner, NULL);
    int fails = 0;
    for (int i = 0; i < 30; i++) {
        pid = fork();
        if (pid == 0)
            _exit(gettid() == getpid() ? i : 200);
        waitpid(pid, &st, 0);
        if (WEXITSTATUS(st) != i)
            fails++;
    }
    atomic_store(&stop, 1);
    pthread_join(sp[0], NULL);
    printf("30 forks beside a spinning thread: %d failures\n", fails);
    return 0;
}
