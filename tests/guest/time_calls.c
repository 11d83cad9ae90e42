/* Clocks and sleeping. Only booleans are printed: times vary run to run. */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

static long long ns(const struct timespec *t) { return (long long)t->tv_sec * 1000000000LL + t->tv_nsec; }

static void show(const char *what, int ok) { printf("%s: %s\n", what, ok ? "yes" : "no"); }

int main(void)
{
    struct timespec m1, m2, r, res;
    show("clock_gettime(CLOCK_MONOTONIC) works", clock_gettime(CLOCK_MONOTONIC, &m1) == 0);
    int increasing = 1;
    for (int i = 0; i < 1000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &m2);
        if (ns(&m2) < ns(&m1))
            increasing = 0;
        m1 = m2;
    }
    show("monotonic never goes back", increasing);
    show("nanoseconds in range", m2.tv_nsec >= 0 && m2.tv_nsec < 1000000000);

    struct timeval tv;
    show("gettimeofday works", gettimeofday(&tv, NULL) == 0);
    show("gettimeofday after 2020", tv.tv_sec > 1577836800);
    show("microseconds in range", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    clock_gettime(CLOCK_REALTIME, &r);
    long long diff = (long long)r.tv_sec - (long long)tv.tv_sec;
    show("CLOCK_REALTIME agrees with gettimeofday", diff >= 0 && diff <= 2);
    time_t t = time(NULL);
    show("time() agrees", t >= tv.tv_sec && t - tv.tv_sec <= 2);

    show("clock_getres(CLOCK_MONOTONIC) works", clock_getres(CLOCK_MONOTONIC, &res) == 0);
    show("resolution is at most 1 ms", res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000);

    struct timespec before, after, req = { 0, 10 * 1000 * 1000 };
    clock_gettime(CLOCK_MONOTONIC, &before);
    show("nanosleep 10 ms returns 0", nanosleep(&req, NULL) == 0);
    clock_gettime(CLOCK_MONOTONIC, &after);
    show("nanosleep took at least 10 ms", ns(&after) - ns(&before) >= 10000000LL);
    show("nanosleep took less than 5 s", ns(&after) - ns(&before) < 5000000000LL);

    clock_gettime(CLOCK_MONOTONIC, &before);
    struct timespec abs_deadline = before;
    abs_deadline.tv_nsec += 5 * 1000 * 1000;
    if (abs_deadline.tv_nsec >= 1000000000) {
        abs_deadline.tv_sec++;
        abs_deadline.tv_nsec -= 1000000000;
    }
    show("clock_nanosleep TIMER_ABSTIME returns 0",
         clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs_deadline, NULL) == 0);
    clock_gettime(CLOCK_MONOTONIC, &after);
    show("woke up after the deadline", ns(&after) >= ns(&abs_deadline));

    struct timespec cpu;
    show("CLOCK_PROCESS_CPUTIME_ID works", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0);
    show("clock() is not negative", clock() >= 0);
    struct timespec bad = { 0, 2000000000 };
    show("nanosleep rejects tv_nsec >= 1e9", nanosleep(&bad, NULL) != 0);
    return 0;
}
