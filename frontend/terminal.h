/*
 * The serial console on the terminal: raw input (keys go to the guest as
 * typed, Ctrl-C included; Ctrl-A x quits), restored on every way out.
 */
#ifndef FERRY_TERMINAL_H
#define FERRY_TERMINAL_H

/* Put fd (a terminal) into raw mode; a no-op when it is not a terminal. */
void terminal_raw(int fd);
/* Put it back as it was (safe to call more than once, and at exit). */
void terminal_restore(void);

#endif
