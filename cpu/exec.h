/*
 * Engine services shared by every guest CPU.
 *
 * Guest memory faults that arrive as host signals: in user mode, guest
 * memory is one reserved host range in which unmapped guest pages are
 * PROT_NONE, so a stray guest access raises SIGSEGV inside that range. A CPU
 * arms an ExecFaultTrap around its run loop; the handler turns a fault inside
 * the armed range into a siglongjmp back to the CPU, which reports a precise
 * guest fault. Any other fault is a bug in ferry and goes to the previous
 * handler (or the default action, or the sanitizer).
 */
#ifndef FERRY_EXEC_H
#define FERRY_EXEC_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct ExecFaultTrap {
    sigjmp_buf jmp;
    volatile bool armed;
    const uint8_t *base;   /* host address of guest address 0 */
    uint64_t span;         /* bytes from base that belong to the guest */
    /* filled in by the handler before the jump */
    uint64_t addr;         /* guest address of the faulting access */
    bool is_store;
    bool bus;              /* SIGBUS (past the end of a mapped file), not SIGSEGV */
    uintptr_t host_pc;     /* the host instruction that faulted (JIT code maps
                            * it back to a guest instruction) */
} ExecFaultTrap;

/* Install the SIGSEGV/SIGBUS handler once per process. */
void exec_install_fault_handler(void);

/* Make `t` the calling thread's trap for faults in [base, base+span). The
 * caller then does `if (sigsetjmp(t->jmp, 0)) { ...fault... }`. */
void exec_fault_arm(ExecFaultTrap *t, const uint8_t *base, uint64_t span);
void exec_fault_disarm(ExecFaultTrap *t);

#endif
