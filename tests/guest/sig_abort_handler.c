/* abort() with a SIGABRT handler that returns: the handler runs once, then
 * abort() still ends the process by SIGABRT (exit status 134). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

static void handler(int sig)
{
    (void)sig;
    static const char msg[] = "SIGABRT handler ran and returns\n";
    write(1, msg, sizeof msg - 1);
}

int main(void)
{
    struct rlimit no_core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &no_core);
    signal(SIGABRT, handler);
    printf("calling abort\n");
    fflush(stdout);
    abort();
    printf("after abort: must not be printed\n");
    return 0;
}
