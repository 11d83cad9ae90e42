/* exit() called by one thread while the others are busy (spinning, blocked
 * in read, sleeping) ends the whole process with that status (3), and atexit
 * handlers run once. Nothing the other threads would print after that
 * appears. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static atomic_int running;
static int pipefd[2];

static void at_exit_handler(void)
{
    printf("atexit handler ran\n");
}

static void *spinner(void *arg)
{
    (void)arg;
    atomic_fetch_add(&running, 1);
    for (volatile unsigned long i = 0;; i++) {
    }
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    atomic_fetch_add(&running, 1);
    char c;
    (void)!read(pipefd[0], &c, 1);
    printf("reader woke up: must not be printed\n");
    return NULL;
}

static void *sleeper(void *arg)
{
    (void)arg;
    atomic_fetch_add(&running, 1);
    sleep(30);
    printf("sleeper woke up: must not be printed\n");
    return NULL;
}

static void *exiter(void *arg)
{
    (void)arg;
    while (atomic_load(&running) < 4)
        sched_yield();
    printf("exiter: calling exit(3) with 4 other threads running\n");
    exit(3);
}

int main(void)
{
    atexit(at_exit_handler);
    if (pipe(pipefd) != 0)
        return 1;
    pthread_t t[5];
    pthread_create(&t[0], NULL, spinner, NULL);
    pthread_create(&t[1], NULL, spinner, NULL);
    pthread_create(&t[2], NULL, reader, NULL);
    pthread_create(&t[3], NULL, sleeper, NULL);
    pthread_create(&t[4], NULL, exiter, NULL);
    pthread_join(t[4], NULL);
    printf("main: join returned: must not be printed\n");
    return 0;
}
