/*
 * Signals reach a tight loop in translated code: the loop jumps to itself
 * with no system call, so only the JIT's check for pending work at chained
 * jumps lets the timer signal in. Also a second thread spinning on a flag
 * that the main thread sets, and pthread_kill into a spinning thread.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

static volatile sig_atomic_t ticks;
static volatile int go, spun;

static void on_alarm(int sig)
{
    (void)sig;
    ticks++;
}

static void *spinner(void *arg)
{
    (void)arg;
    while (!go) {
    }
    spun = 1;
    while (ticks < 10) {
    }
    return NULL;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 20000 }, { 0, 20000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    unsigned long spins = 0;
    while (ticks < 5)
        spins++;
    printf("tight loop saw 5 timer signals: yes (spun %s)\n", spins > 0 ? "a while" : "not at all");

    pthread_t t;
    pthread_create(&t, NULL, spinner, NULL);
    for (volatile int i = 0; i < 100000; i++) {
    }
    go = 1;
    while (ticks < 10) {
    }
    pthread_join(t, NULL);
    it.it_value.tv_usec = it.it_interval.tv_usec = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    printf("spinning thread saw the flag: %s, and 10 signals: yes\n", spun ? "yes" : "no");
    return 0;
}
