/* Registers survive asynchronous signals. A periodic ITIMER_REAL timer
 * interrupts
 *  1. an assembly loop that keeps 29 integer registers (every one but sp
 *     and the loop counter a0, including ra, gp and tp), 32 FP registers and
 *     fcsr's rounding mode live, while the handler (also assembly) overwrites
 *     every register but sp, sets another rounding mode and raises every FP
 *     flag: all must come back from the signal frame exactly;
 *  2. a C floating-point loop whose result depends on the rounding mode,
 *     while a C handler does its own FP work, switches to FE_UPWARD and
 *     raises FE_DIVBYZERO|FE_OVERFLOW: the result must equal the no-signal
 *     result bit for bit, and the mode and flags must be untouched.
 * Output is only the checked facts, never how many signals arrived. */
#define _GNU_SOURCE
#include <fenv.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

void reg_spin(long iters, uint64_t *out);
void clobber_handler(int sig, siginfo_t *si, void *ctx);
volatile int clobber_count;

/* Registers exercised by reg_spin: all but x0, sp (x2) and the counter a0 (x10). */
#define INT_REGS 1, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, \
                 25, 26, 27, 28, 29, 30, 31
static const int int_regs[] = { INT_REGS };

__asm__(
    ".text\n"
    ".globl reg_spin\n"
    ".type reg_spin, @function\n"
    ".align 2\n"
    "reg_spin:\n"
    ".option push\n"
    ".option norelax\n"
    "  addi sp, sp, -512\n"
    "  sd ra, 0(sp)\n"
    "  sd gp, 8(sp)\n"
    "  sd tp, 24(sp)\n"
    "  sd a1, 16(sp)\n"
    "  .irp n, 8,9,18,19,20,21,22,23,24,25,26,27\n"
    "  sd x\\n, (\\n*8)(sp)\n"
    "  fsd f\\n, (256+\\n*8)(sp)\n"
    "  .endr\n"
    /* FP registers: f<j> = 1000*(j+1), f31 = 1.0 (the step) */
    "  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30\n"
    "  li t0, (\\n+1)*1000\n"
    "  fcvt.d.l f\\n, t0\n"
    "  .endr\n"
    "  li t0, 1\n"
    "  fcvt.d.l f31, t0\n"
    "  fsrmi 1\n" /* round towards zero */
    "  csrw fflags, zero\n"
    /* integer registers: x<n> = n * 0x0101010101 */
    "  .irp n, 1,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    "  li x\\n, \\n*0x0101010101\n"
    "  .endr\n"
    "1:\n"
    "  .irp n, 1,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    "  addi x\\n, x\\n, \\n\n"
    "  .endr\n"
    "  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30\n"
    "  fadd.d f\\n, f\\n, f31\n"
    "  .endr\n"
    "  addi a0, a0, -1\n"
    "  bnez a0, 1b\n"
    "  ld a0, 16(sp)\n"
    "  .irp n, 1,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    "  sd x\\n, (\\n*8)(a0)\n"
    "  .endr\n"
    "  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    "  fsd f\\n, (256+\\n*8)(a0)\n"
    "  .endr\n"
    "  frcsr t0\n"
    "  sd t0, 512(a0)\n"
    "  fscsr zero\n"
    "  ld ra, 0(sp)\n"
    "  ld gp, 8(sp)\n"
    "  ld tp, 24(sp)\n"
    "  .irp n, 8,9,18,19,20,21,22,23,24,25,26,27\n"
    "  ld x\\n, (\\n*8)(sp)\n"
    "  fld f\\n, (256+\\n*8)(sp)\n"
    "  .endr\n"
    "  addi sp, sp, 512\n"
    "  ret\n"
    ".option pop\n"
    ".size reg_spin, .-reg_spin\n"

    /* The handler: counts, then destroys every register but sp. */
    ".globl clobber_handler\n"
    ".type clobber_handler, @function\n"
    ".align 2\n"
    "clobber_handler:\n"
    ".option push\n"
    ".option norelax\n"
    "  lla t0, clobber_count\n"
    "  lw t1, 0(t0)\n"
    "  addi t1, t1, 1\n"
    "  sw t1, 0(t0)\n"
    "  addi sp, sp, -16\n"
    "  sd ra, 0(sp)\n"
    "  li t0, 0x7ff8dead0000beef\n"
    "  .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    "  fmv.d.x f\\n, t0\n"
    "  .endr\n"
    "  li t0, 0x9f\n" /* frm = 4 (RMM), all five flags */
    "  csrw fcsr, t0\n"
    "  .irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    "  li x\\n, -\\n\n"
    "  .endr\n"
    "  ld ra, 0(sp)\n"
    "  addi sp, sp, 16\n"
    "  ret\n"
    ".option pop\n"
    ".size clobber_handler, .-clobber_handler\n");

static void set_timer(long usec)
{
    struct itimerval it;
    memset(&it, 0, sizeof it);
    it.it_value.tv_usec = usec;
    it.it_interval.tv_usec = usec;
    setitimer(ITIMER_REAL, &it, NULL);
}

/* ---- part 2: C floating point ---- */
static volatile int fp_count;
static volatile double fp_sink;

static void fp_handler(int sig)
{
    (void)sig;
    fesetround(FE_UPWARD);
    volatile double a = 1.0;
    for (int i = 0; i < 40; i++)
        a = a / 3.0 + sin(a) * 1e-3 + sqrt(a + i);
    fp_sink = a;
    feraiseexcept(FE_DIVBYZERO | FE_OVERFLOW);
    fp_count++;
}

static double fp_work(int n)
{
    double s = 0, x = 0.5;
    for (int i = 1; i <= n; i++) {
        x = x * 1.0000001 + 1.0 / i;
        s += sqrt(x) / (1.0 + x * x);
    }
    return s;
}

int main(void)
{
    /* Part 1. */
    const long iters = 100000;
    uint64_t want[65];
    memset(want, 0, sizeof want);
    for (unsigned i = 0; i < sizeof int_regs / sizeof int_regs[0]; i++) {
        int n = int_regs[i];
        want[n] = (uint64_t)n * 0x0101010101ull + (uint64_t)iters * n;
    }
    for (int j = 0; j < 31; j++) {
        double d = 1000.0 * (j + 1) + iters;
        memcpy(&want[32 + j], &d, 8);
    }
    double one = 1.0;
    memcpy(&want[63], &one, 8);
    want[64] = 1 << 5; /* frm = RTZ, no flags */

    uint64_t out[65];
    memset(out, 0, sizeof out);
    reg_spin(iters, out);
    int mismatch = memcmp(out, want, sizeof out) != 0;
    printf("reg_spin without signals: %s\n", mismatch ? "MISMATCH" : "all registers as computed");

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = clobber_handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    set_timer(1000);
    int calls = 0, bad_calls = 0, during = 0;
    while (during < 10 && calls < 100) {
        memset(out, 0, sizeof out);
        int before = clobber_count;
        reg_spin(iters, out);
        during += clobber_count - before;
        calls++;
        if (memcmp(out, want, sizeof out) != 0) {
            if (bad_calls++ == 0) {
                for (int n = 0; n < 65; n++)
                    if (out[n] != want[n])
                        printf("  first bad call: slot %d (%s%d) = %#llx, want %#llx\n", n,
                               n < 32 ? "x" : n < 64 ? "f" : "fcsr", n < 32 ? n : n - 32,
                               (unsigned long long)out[n], (unsigned long long)want[n]);
            }
        }
    }
    set_timer(0);
    printf("signals landed inside reg_spin: %s\n", during >= 10 ? "at least 10" : "too few");
    printf("reg_spin under signals: %s\n",
           bad_calls ? "REGISTERS CHANGED" : "29 integer registers, 32 FP registers, fcsr intact");

    /* Part 2. */
    const int n = 200000;
    double ref = fp_work(n);
    sa.sa_handler = fp_handler;
    sa.sa_flags = 0;
    sigaction(SIGALRM, &sa, NULL);
    set_timer(1000);
    int runs = 0, bad = 0, bad_mode = 0, bad_flags = 0;
    while (fp_count < 10 && runs < 100) {
        feclearexcept(FE_ALL_EXCEPT);
        double r = fp_work(n);
        if (memcmp(&r, &ref, sizeof r) != 0)
            bad++;
        if (fegetround() != FE_TONEAREST)
            bad_mode++;
        if (fetestexcept(FE_DIVBYZERO | FE_OVERFLOW))
            bad_flags++;
        runs++;
    }
    set_timer(0);
    printf("fp handler ran at least 10 times: %s\n", fp_count >= 10 ? "yes" : "no");
    printf("fp results equal the no-signal result: %s (%.17g)\n", bad ? "NO" : "yes", ref);
    printf("rounding mode stayed FE_TONEAREST: %s\n", bad_mode ? "no" : "yes");
    printf("handler's DIVBYZERO/OVERFLOW flags stayed out: %s\n", bad_flags ? "no" : "yes");
    return mismatch || bad_calls || bad || bad_mode || bad_flags || during < 10 || fp_count < 10;
}
