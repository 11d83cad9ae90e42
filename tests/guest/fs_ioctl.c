/* Terminal and descriptor ioctls with their guest struct layouts: a
 * pseudo-terminal pair (TIOCGPTN, TIOCSPTLCK, TCGETS/TCSETS,
 * TIOCGWINSZ/TIOCSWINSZ, TIOCGPGRP, TIOCOUTQ, TCFLSH), and FIONREAD,
 * FIONBIO, FIOCLEX/FIONCLEX on pipes. Prints only deterministic results.
 * (What qemu-user does differently from Linux is in fs_strict.c.) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "closed_fd.h"

static int failures;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", what, ok ? "ok" : "FAILED");
    if (!ok)
        failures++;
}

static void check_err(long r, int want, const char *what)
{
    int e = errno;
    if (r == -1 && e == want) {
        printf("%s: %s\n", what, strerrorname_np(want));
    } else {
        printf("%s: FAILED (got %ld, %s)\n", what, r, r == -1 ? strerrorname_np(e) : "no error");
        failures++;
    }
}

static void pty(void)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0) {
        /* no /dev/ptmx here: say so the same way under every emulator */
        printf("no pseudo-terminals: %s\n", strerrorname_np(errno));
        return;
    }
    int n = -1;
    check(ioctl(m, TIOCGPTN, &n) == 0 && n >= 0, "TIOCGPTN");
    check(grantpt(m) == 0 && unlockpt(m) == 0, "grantpt, unlockpt (TIOCSPTLCK)");
    char *name = ptsname(m);
    check(name != NULL && strncmp(name, "/dev/pts/", 9) == 0, "ptsname");
    int s = name ? open(name, O_RDWR | O_NOCTTY) : -1;
    check(s >= 0, "open the terminal");
    check(isatty(s) && !isatty(STDIN_FILENO) == !isatty(STDIN_FILENO), "isatty (TCGETS)");

    struct termios t;
    check(tcgetattr(s, &t) == 0, "tcgetattr");
    t.c_lflag &= ~(tcflag_t)(ECHO | ICANON);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 3;
    check(tcsetattr(s, TCSANOW, &t) == 0, "tcsetattr TCSANOW");
    struct termios u;
    check(tcgetattr(s, &u) == 0 && !(u.c_lflag & ECHO) && !(u.c_lflag & ICANON) && u.c_cc[VMIN] == 1 &&
              u.c_cc[VTIME] == 3,
          "the change reads back");
    check(cfsetospeed(&u, B9600) == 0 && tcsetattr(s, TCSADRAIN, &u) == 0 && tcgetattr(s, &t) == 0 &&
              cfgetospeed(&t) == B9600,
          "tcsetattr TCSADRAIN with a speed");
    struct winsize ws = { .ws_row = 33, .ws_col = 101, .ws_xpixel = 7, .ws_ypixel = 9 }, got;
    check(ioctl(m, TIOCSWINSZ, &ws) == 0, "TIOCSWINSZ");
    memset(&got, 0, sizeof got);
    check(ioctl(s, TIOCGWINSZ, &got) == 0 && got.ws_row == 33 && got.ws_col == 101 && got.ws_xpixel == 7 &&
              got.ws_ypixel == 9,
          "TIOCGWINSZ on the other side");

    check(write(m, "hi", 2) == 2, "type two characters");
    int avail = -1;
    usleep(20000);
    check(ioctl(s, FIONREAD, &avail) == 0 && avail == 2, "FIONREAD on the terminal");
    check(tcflush(s, TCIFLUSH) == 0 && ioctl(s, FIONREAD, &avail) == 0 && avail == 0, "tcflush (TCFLSH)");
    int q = -1;
    check(ioctl(s, TIOCOUTQ, &q) == 0 && q >= 0, "TIOCOUTQ");
    check(tcsendbreak(s, 0) == 0 || errno == ENOTTY, "tcsendbreak (TCSBRK)");
    check(tcdrain(s) == 0, "tcdrain");
    pid_t pg;
    check_err(ioctl(s, TIOCGPGRP, &pg), ENOTTY, "TIOCGPGRP on a terminal that is not ours");
    close(s);
    close(m);
}

static void pipes(void)
{
    int p[2];
    check(pipe(p) == 0 && write(p[1], "12345", 5) == 5, "a pipe with 5 bytes");
    int n = -1;
    check(ioctl(p[0], FIONREAD, &n) == 0 && n == 5, "FIONREAD");
    int on = 1;
    check(ioctl(p[0], FIONBIO, &on) == 0 && (fcntl(p[0], F_GETFL) & O_NONBLOCK), "FIONBIO on");
    on = 0;
    check(ioctl(p[0], FIONBIO, &on) == 0 && !(fcntl(p[0], F_GETFL) & O_NONBLOCK), "FIONBIO off");
    check(ioctl(p[0], FIOCLEX) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC, "FIOCLEX");
    check(ioctl(p[0], FIONCLEX) == 0 && fcntl(p[0], F_GETFD) == 0, "FIONCLEX");
    struct termios t;
    check_err(tcgetattr(p[0], &t), ENOTTY, "tcgetattr on a pipe");
    struct winsize ws;
    check_err(ioctl(p[0], TIOCGWINSZ, &ws), ENOTTY, "TIOCGWINSZ on a pipe");
    check_err(ioctl(closed_fd(999), FIONREAD, &n), EBADF, "FIONREAD on a closed descriptor");
    check_err(ioctl(p[0], FIONREAD, (int *)16), EFAULT, "FIONREAD into unmapped memory");
    close(p[0]);
    close(p[1]);
}

int main(void)
{
    pty();
    pipes();
    printf("%d failures\n", failures);
    return failures != 0;
}
