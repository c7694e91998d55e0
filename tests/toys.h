/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * toys.h - small protocols run on the simulated machine, written in kernel
 * style with the kernel header stand-ins.  Shared by the unit tests, the
 * digest matrix and the benchmarks.
 */
#ifndef TESTS_TOYS_H
#define TESTS_TOYS_H

#include <stdint.h>

#include "sim.h"

/* Check-then-act across a lock drop: two CPUs each try to claim a slot.
 * The racy version reads "free" under the lock, drops it, retakes it and
 * claims without re-checking: WARN_ON_ONCE(slot->owner) fires when the
 * other CPU claimed in the window.  The fixed version re-checks. */
void toy_claim_setup(unsigned int nr_cpus, bool racy);
extern const char *const toy_claim_warn_id;

/* AB-BA: CPU0 takes A then B, CPU1 takes B then A (or A then B when
 * 'ordered').  Locks have no lockdep class, so only a real deadlock shows. */
void toy_abba_setup(bool ordered);

/* Each CPU runs 'loops' rounds of lock; counter++; unlock on a shared lock
 * of an rq-class, with a sim_sched_point() between rounds. */
void toy_counter_setup(unsigned int nr_cpus, int loops);
int toy_counter_value(void);

/* A tick on every CPU every 'period' ns until 'until', plus a one-shot
 * timer per CPU that a later event cancels on even CPUs. */
void toy_timers_setup(unsigned int nr_cpus, uint64_t period, uint64_t until);
int toy_timers_fired(int cpu);

/* Run one toy with a choice buffer; returns the outcome. */
const struct sim_outcome *toy_run(void (*setup)(void), unsigned int nr_cpus,
				  const uint8_t *choices, size_t n);

/* Deterministic pseudo-random bytes (splitmix64), for choice buffers. */
void toy_fill_random(uint8_t *buf, size_t n, uint64_t seed);

#endif /* TESTS_TOYS_H */
