/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * aimguard.h - the aimer run in a child process (aimguard.c), so that a
 * simulator that crashes or hangs on a program costs one aim, not the
 * engine it runs in.
 */
#ifndef FUZZ_AIMGUARD_H
#define FUZZ_AIMGUARD_H

#include <stdbool.h>
#include <stdint.h>

#include "program.h"

struct aim_guard_stats {
	unsigned long calls;	/* aim_guarded() calls that reached a child */
	unsigned long crashes;	/* children that died during a call */
	unsigned long hangs;	/* children killed for taking too long */
	unsigned long starts;	/* children started (the first included) */
};

/* A child dies, hangs or cannot be started this many times: aiming stops
 * for good. */
#define AIM_GUARD_MAX_FAILURES	100

/*
 * Start a child that runs aim(p, r) on what aim_guarded() sends it.  The
 * child is a fork of the caller and dies with it.  False if no child could
 * be started (aim_guarded() then declines every call).
 */
bool aim_guard_start(bool (*aim)(struct program *p, uint64_t r), unsigned int timeout_ms);

/*
 * aim(p, r) in the child, the same result as calling it here (p is sent
 * and returned in its byte encoding, which keeps a checked program as it
 * is).  False, p unchanged, if aim declined, or the child died or took
 * longer than the timeout: then it is reaped and the next call starts a
 * new one.  The signature of sched_mutator_set_aim().
 */
bool aim_guarded(struct program *p, uint64_t r);

/* Stop and reap the child. */
void aim_guard_stop(void);

const struct aim_guard_stats *aim_guard_stats(void);

#endif /* FUZZ_AIMGUARD_H */
