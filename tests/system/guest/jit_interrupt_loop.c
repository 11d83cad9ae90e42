/*
 * Timer interrupts end guest loops that the JIT translates and chains. A hot
 * loop becomes host code whose blocks jump straight to each other; the only
 * way out is the stop flag tested at each chained exit, which the machine
 * sets when a timer deadline passes. These loops wait, with nothing but
 * memory accesses, for a variable that only the timer handler writes: if a
 * deadline is not noticed inside chained code, they spin until the runner's
 * timeout. Checked: (a) a one-block loop ends, and the interrupt's sepc is an
 * instruction of the loop; (b) a loop spanning several blocks (a call and a
 * branch in the middle) sees exactly N interrupts in a row, its counters
 * consistent; (c) a loop of loads and stores, interrupted many times, leaves
 * exactly the array that replaying its iterations with interrupts off
 * computes (the interrupted state was precise: no store lost or repeated).
 * Run with the default threshold, --jit-threshold 1 and --interp. Runs under
 * both firmwares.
 */
#include "rt.h"
#include "sbi.h"

#define TIMEBASE 10000000ul /* ticks per second */
#define IRQ_STI 5

/* written only by the handlers below */
static volatile unsigned long flag;
static volatile unsigned long nticks;
static unsigned long ticks_wanted, tick_period;
/* how late the interrupts came (info only: host load varies) */
static uint64_t deadline, max_late;

static void arm(uint64_t when)
{
    deadline = when;
    sbi_set_timer(when);
}

static void note_lateness(void)
{
    uint64_t late = rdtime() - deadline;
    if (late > max_late)
        max_late = late;
}

/* (a): one interrupt, the timer disarmed */
static void set_flag(unsigned long cause)
{
    (void)cause;
    note_lateness();
    flag = 1;
    sbi_set_timer(UINT64_MAX);
}

/* (b), (c): count, re-arm until ticks_wanted, then disarm for good */
static void count_tick(unsigned long cause)
{
    (void)cause;
    note_lateness();
    if (++nticks < ticks_wanted)
        arm(rdtime() + tick_period);
    else
        sbi_set_timer(UINT64_MAX);
}

static void irqs_on(void (*hook)(unsigned long))
{
    trap_reset();
    max_late = 0;
    irq_hook = hook;
    csr_set(sie, SIP_STIP);
    csr_set(sstatus, SSTATUS_SIE);
}

static void irqs_off(void)
{
    csr_clear(sstatus, SSTATUS_SIE);
    csr_clear(sie, SIP_STIP);
    sbi_set_timer(UINT64_MAX);
    irq_hook = NULL;
}

/* ---- (a) a tight loop: one block branching to itself ---- */

/* noipa: a function of its own, so that sepc can be placed in it */
__attribute__((noipa)) static unsigned long spin_until_flag(void)
{
    unsigned long counter = 0;
    while (!flag)
        counter++;
    return counter;
}
/* the function fits in this many bytes (24 with gcc 12 -O2: objdump -d) */
#define SPIN_BYTES 32

static void tight_loop(void)
{
    flag = 0;
    irqs_on(set_flag);
    arm(rdtime() + TIMEBASE / 100); /* 10 ms: long after the loop is hot */
    unsigned long counter = spin_until_flag();
    irqs_off();
    rt_printf("info: tight loop: %lu iterations, interrupt %lu us late\n", counter, max_late / 10);
    check(flag == 1, "timer interrupt ends a tight loop");
    checkf(counter > 0, "tight loop: counter > 0", "counter %lu", counter);
    checkf(traps.count == 1 && traps.cause == (SCAUSE_INTERRUPT | IRQ_STI),
           "tight loop: one trap, scause = interrupt | 5", "%lu trap(s), last scause 0x%lx", traps.count,
           traps.cause);
    uintptr_t fn = (uintptr_t)spin_until_flag;
    checkf(traps.epc >= fn && traps.epc < fn + SPIN_BYTES, "tight loop: sepc is in the loop",
           "sepc 0x%lx, loop at 0x%lx", traps.epc, fn);
}

/* ---- (b) a loop of several blocks: a call, a branch in the middle ---- */

#define N_TICKS 5

/* noipa: a real call and return, each ending a block */
__attribute__((noipa)) static unsigned long bump(unsigned long v)
{
    return v + 1;
}

static void multi_block_loop(void)
{
    unsigned long counter = 0, odd = 0, even = 0;
    nticks = 0;
    ticks_wanted = N_TICKS;
    tick_period = TIMEBASE / 500; /* 2 ms between interrupts */
    irqs_on(count_tick);
    arm(rdtime() + tick_period);
    while (nticks < N_TICKS) {
        counter = bump(counter);
        if (counter & 1) /* a branch: the loop's blocks meet again below */
            odd++;
        else
            even++;
    }
    unsigned long at_exit = nticks;
    /* the timer is not re-armed after the N-th interrupt: 10 ms more bring none */
    uint64_t until = rdtime() + TIMEBASE / 100;
    while (rdtime() < until)
        ;
    unsigned long later = nticks, traps_seen = traps.count;
    irqs_off();
    rt_printf("info: multi-block loop: %lu iterations, interrupts up to %lu us late\n", counter, max_late / 10);
    check_eq("timer interrupts end a multi-block loop after exactly 5", at_exit, N_TICKS);
    check_eq("multi-block loop: no interrupt after the 5th", later, N_TICKS);
    check_eq("multi-block loop: 5 traps in all", traps_seen, N_TICKS);
    checkf(counter > 0 && odd + even == counter && odd == (counter + 1) / 2, "multi-block loop: counters agree",
           "counter %lu, odd %lu, even %lu", counter, odd, even);
}

/* ---- (c) loads and stores while interrupts arrive ---- */

#define N_MEM_TICKS 20
#define WORDS 64

static uint64_t arr[WORDS], replay[WORDS];

/* one iteration: reads the previous word, writes word i */
#define STEP(a, i, n)                                                                                                \
    do {                                                                                                             \
        i = (i + 1) & (WORDS - 1);                                                                                   \
        a[i] = a[(i + WORDS - 1) & (WORDS - 1)] * 0x9e3779b97f4a7c15ul + a[i] + (n);                                 \
    } while (0)

static uint64_t checksum(const uint64_t *a)
{
    uint64_t sum = 0;
    for (unsigned k = 0; k < WORDS; k++)
        sum = (sum ^ a[k]) * 0x100000001b3ul + k;
    return sum;
}

static void memory_loop(void)
{
    for (unsigned k = 0; k < WORDS; k++)
        arr[k] = replay[k] = k;
    unsigned long n = 0, i = 0;
    nticks = 0;
    ticks_wanted = N_MEM_TICKS;
    tick_period = TIMEBASE / 1000; /* 1 ms between interrupts */
    irqs_on(count_tick);
    arm(rdtime() + tick_period);
    while (nticks < N_MEM_TICKS) {
        STEP(arr, i, n);
        n++;
    }
    unsigned long traps_seen = traps.count;
    irqs_off();
    /* again, undisturbed: the same n iterations must give the same words */
    unsigned long j = 0;
    for (unsigned long m = 0; m < n; m++)
        STEP(replay, j, m);
    rt_printf("info: memory loop: %lu iterations, checksum %016lx, interrupts up to %lu us late\n", n, checksum(arr),
              max_late / 10);
    check_eq("memory loop: ended after exactly 20 interrupts", traps_seen, N_MEM_TICKS);
    checkf(n > 0 && i == j, "memory loop: the index agrees with the iteration count", "n %lu, i %lu, replayed %lu", n,
           i, j);
    check_eq("memory loop: checksum equals the replay's", checksum(arr), checksum(replay));
    checkf(memcmp(arr, replay, sizeof arr) == 0, "memory loop: array equals the replay word for word",
           "arrays differ");
}

void test_main(unsigned long hartid, unsigned long dtb)
{
    (void)hartid, (void)dtb;
    tight_loop();
    multi_block_loop();
    memory_loop();
}
