/* setjmp/longjmp: returning through many frames, values, nesting, and
 * sigsetjmp/siglongjmp (which save and restore the signal mask). */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static jmp_buf env;
static sigjmp_buf senv;
static int depth_reached;
static volatile int never; /* a way out, so the compiler sees dive can return */

static void dive(int depth, int target)
{
    volatile char pad[64];
    pad[0] = 1; /* a frame with some stack in it */
    depth_reached = depth * pad[0];
    if (never)
        return;
    if (depth < target)
        dive(depth + 1, target);
    else
        longjmp(env, depth);
}

static int nested(void)
{
    jmp_buf inner;
    volatile int stage = 0;
    int r = setjmp(inner);
    stage++;
    if (r == 0)
        longjmp(inner, 7);
    return r * 10 + stage;
}

int main(void)
{
    volatile int counter = 0;
    int r = setjmp(env);
    counter++;
    if (r == 0) {
        printf("setjmp returned 0 first\n");
        dive(0, 500);
    }
    printf("longjmp from depth %d returned %d, counter %d\n", depth_reached, r, counter);

    r = setjmp(env);
    if (r == 0)
        longjmp(env, 0); /* 0 becomes 1 */
    printf("longjmp(env, 0) makes setjmp return %d\n", r);

    printf("nested setjmp: %d\n", nested());

    /* loop driven by longjmp */
    volatile int i = 0;
    volatile long sum = 0;
    r = setjmp(env);
    sum += r;
    if (++i < 10)
        longjmp(env, i);
    printf("longjmp loop: i = %d, sum = %ld\n", i, sum);

    /* sigsetjmp with mask saving: the mask comes back */
    sigset_t set, now;
    sigemptyset(&set);
    sigprocmask(SIG_SETMASK, &set, NULL);
    if (sigsetjmp(senv, 1) == 0) {
        sigaddset(&set, SIGUSR1);
        sigprocmask(SIG_BLOCK, &set, NULL);
        sigprocmask(SIG_BLOCK, NULL, &now);
        printf("inside: SIGUSR1 blocked = %d\n", sigismember(&now, SIGUSR1));
        siglongjmp(senv, 1);
    }
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("after siglongjmp: SIGUSR1 blocked = %d\n", sigismember(&now, SIGUSR1));
    return 0;
}
