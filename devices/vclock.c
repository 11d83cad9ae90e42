/*
 * The virtual clock; see vclock.h.
 */
#include "vclock.h"

#include <time.h>

uint64_t vclock_host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void vclock_init(VClock *c)
{
    c->start_ns = vclock_host_ns();
}

uint64_t vclock_ticks(const VClock *c)
{
    /* 10 MHz: one tick per 100 ns */
    return (vclock_host_ns() - c->start_ns) / (1000000000u / VCLOCK_HZ);
}

uint64_t vclock_deadline_ns(const VClock *c, uint64_t ticks)
{
    uint64_t ns_per_tick = 1000000000u / VCLOCK_HZ;
    if (ticks > (UINT64_MAX - c->start_ns) / ns_per_tick)
        return UINT64_MAX;
    return c->start_ns + ticks * ns_per_tick;
}
