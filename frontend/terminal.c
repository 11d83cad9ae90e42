/*
 * Raw terminal mode for the serial console; see terminal.h.
 */
#include "terminal.h"

#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved;
static int saved_fd = -1;

void terminal_restore(void)
{
    if (saved_fd >= 0) {
        tcsetattr(saved_fd, TCSAFLUSH, &saved);
        saved_fd = -1;
    }
}

static void restore_and_die(int sig)
{
    terminal_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

void terminal_raw(int fd)
{
    if (saved_fd >= 0 || !isatty(fd) || tcgetattr(fd, &saved) != 0)
        return;
    struct termios t = saved;
    /* no line editing, echo or signals: the guest's tty does all that. The
     * output side stays as it was, so the host terminal still works. */
    t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t.c_cflag |= CS8;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSAFLUSH, &t) != 0)
        return;
    saved_fd = fd;
    atexit(terminal_restore);
    signal(SIGTERM, restore_and_die);
    signal(SIGHUP, restore_and_die);
}
