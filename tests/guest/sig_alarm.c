/* Timers that send signals. alarm(1) + pause(): the SIGALRM handler runs and
 * pause returns -1 EINTR after about a second; alarm() returns the seconds
 * left on the previous alarm; alarm(0) cancels. setitimer(ITIMER_REAL)
 * periodic: counted deliveries, getitimer shows the interval, disarming stops
 * it. ITIMER_VIRTUAL and ITIMER_PROF run on CPU time (a busy loop). POSIX
 * timers (timer_create with SIGEV_SIGNAL) deliver si_code SI_TIMER and the
 * sigev_value. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile int alrm, vtalrm, prof, rt;
static volatile int rt_code, rt_value, rt_overrun_ok;

static void on_alrm(int sig) { (void)sig; alrm++; }
static void on_vtalrm(int sig) { (void)sig; vtalrm++; }
static void on_prof(int sig) { (void)sig; prof++; }

static void on_rt(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)ctx;
    rt++;
    rt_code = si->si_code;
    rt_value = si->si_value.sival_int;
    rt_overrun_ok = si->si_overrun >= 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_alrm;
    sigaction(SIGALRM, &sa, NULL);
    sa.sa_handler = on_vtalrm;
    sigaction(SIGVTALRM, &sa, NULL);
    sa.sa_handler = on_prof;
    sigaction(SIGPROF, &sa, NULL);
    sa.sa_sigaction = on_rt;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN + 4, &sa, NULL);

    unsigned left = alarm(5);
    printf("alarm(5) with no alarm set = %u\n", left);
    left = alarm(0);
    printf("alarm(0) right after = %u\n", left);
    left = alarm(0);
    printf("alarm(0) again = %u\n", left);

    double t0 = now();
    alarm(1);
    errno = 0;
    int r = pause();
    double took = now() - t0;
    printf("alarm(1) + pause() = %d errno=%s alrm=%d, took 0.9..3 s: %s\n", r, strerror(errno),
           alrm, took >= 0.9 && took < 3 ? "yes" : "no");

    /* Periodic ITIMER_REAL. */
    struct itimerval it, cur;
    memset(&it, 0, sizeof it);
    it.it_value.tv_usec = 10000;
    it.it_interval.tv_usec = 10000;
    setitimer(ITIMER_REAL, &it, NULL);
    getitimer(ITIMER_REAL, &cur);
    printf("getitimer: interval %ld us, value in (0, 10000] us: %s\n", (long)cur.it_interval.tv_usec,
           cur.it_value.tv_sec == 0 && cur.it_value.tv_usec > 0 && cur.it_value.tv_usec <= 10000
               ? "yes"
               : "no");
    int start = alrm;
    while (alrm - start < 5)
        pause();
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, &cur);
    printf("periodic ITIMER_REAL: at least 5 deliveries, old interval %ld us\n",
           (long)cur.it_interval.tv_usec);
    getitimer(ITIMER_REAL, &cur);
    printf("after disarming: value %ld.%06ld interval %ld.%06ld\n", (long)cur.it_value.tv_sec,
           (long)cur.it_value.tv_usec, (long)cur.it_interval.tv_sec, (long)cur.it_interval.tv_usec);
    int after = alrm;
    struct timespec pause_30ms = { 0, 30 * 1000 * 1000 };
    nanosleep(&pause_30ms, NULL);
    printf("no deliveries after disarming: %s\n", alrm == after ? "yes" : "no");

    /* CPU-time timers. */
    memset(&it, 0, sizeof it);
    it.it_value.tv_usec = 5000;
    it.it_interval.tv_usec = 5000;
    setitimer(ITIMER_VIRTUAL, &it, NULL);
    setitimer(ITIMER_PROF, &it, NULL);
    volatile unsigned long spin = 0;
    while (vtalrm < 3 || prof < 3)
        spin++;
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_VIRTUAL, &it, NULL);
    setitimer(ITIMER_PROF, &it, NULL);
    printf("ITIMER_VIRTUAL and ITIMER_PROF: at least 3 deliveries each while spinning\n");

    /* POSIX timer. */
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN + 4;
    sev.sigev_value.sival_int = 4321;
    timer_t tid;
    r = timer_create(CLOCK_MONOTONIC, &sev, &tid);
    printf("timer_create = %d\n", r);
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    its.it_value.tv_nsec = 5 * 1000 * 1000;
    its.it_interval.tv_nsec = 5 * 1000 * 1000;
    r = timer_settime(tid, 0, &its, NULL);
    printf("timer_settime = %d\n", r);
    while (rt < 4)
        pause();
    struct itimerspec got;
    timer_gettime(tid, &got);
    printf("POSIX timer: si_code %s, si_value %d, si_overrun >= 0: %s, interval %ld ns\n",
           rt_code == SI_TIMER ? "SI_TIMER" : "other", rt_value, rt_overrun_ok ? "yes" : "no",
           (long)got.it_interval.tv_nsec);
    printf("timer_getoverrun >= 0: %s\n", timer_getoverrun(tid) >= 0 ? "yes" : "no");
    printf("timer_delete = %d\n", timer_delete(tid));
    errno = 0;
    r = timer_settime(tid, 0, &its, NULL);
    printf("timer_settime on a deleted timer = %d errno=%s\n", r, strerror(errno));

    /* Absolute one-shot timer on CLOCK_REALTIME, waited for with sigwaitinfo. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 4);
    sigprocmask(SIG_BLOCK, &set, NULL);
    sev.sigev_value.sival_int = 99;
    timer_create(CLOCK_REALTIME, &sev, &tid);
    memset(&its, 0, sizeof its);
    clock_gettime(CLOCK_REALTIME, &its.it_value);
    its.it_value.tv_nsec += 20 * 1000 * 1000;
    if (its.it_value.tv_nsec >= 1000000000) {
        its.it_value.tv_nsec -= 1000000000;
        its.it_value.tv_sec++;
    }
    timer_settime(tid, TIMER_ABSTIME, &its, NULL);
    siginfo_t si;
    r = sigwaitinfo(&set, &si);
    printf("absolute timer: sigwaitinfo = RTMIN+%d code %s value %d\n", r - SIGRTMIN,
           si.si_code == SI_TIMER ? "SI_TIMER" : "other", si.si_value.sival_int);
    timer_delete(tid);
    return 0;
}
