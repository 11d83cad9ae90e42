/*
 * HTIF, the host-target interface of Spike and QEMU's spike machine: the
 * guest writes a command to the 64-bit word `tohost` and the host answers in
 * `fromhost`. Commands are (device << 56) | (command << 48) | payload:
 *   device 0, command 0, payload odd:  exit with status payload >> 1
 *   device 0, command 0, payload even: a pointer to eight 64-bit words
 *       { syscall number, args... } (the proxy used by riscv-tests' printf):
 *       write (64) and exit (93) are served
 *   device 1, command 1: write the low byte of payload to the console
 * Test suites written for Spike report pass/fail this way.
 */
#ifndef FERRY_HTIF_H
#define FERRY_HTIF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct Htif {
    uint8_t *tohost;        /* host pointers to the two words in guest RAM */
    uint8_t *fromhost;      /* may be NULL: then no acknowledgements */
    /* host view of guest physical memory, for the syscall proxy */
    uint8_t *ram;           /* host address of guest physical ram_base */
    uint64_t ram_base, ram_size;
    FILE *console;
    bool exited;
    int exit_code;
} Htif;

/* Look at tohost and act on a pending command. Returns true when the guest
 * asked to exit (h->exited, h->exit_code set). */
bool htif_poll(Htif *h);

#endif
