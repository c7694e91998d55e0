/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * linux/hrtimer.h stand-in.
 *
 * SIM: an hrtimer is a simulator event on one CPU at an absolute simulated
 * time.  Its callback runs on that CPU like a hard interrupt, and the CPU
 * reschedules on the way out if the callback asked for it.  Only the
 * absolute, pinned mode the scheduler uses is modelled; HRTIMER_RESTART is
 * not supported (the scheduler's timers re-arm explicitly).
 */
#ifndef SIM_LINUX_HRTIMER_H
#define SIM_LINUX_HRTIMER_H

#include <linux/types.h>

#include "sim.h"

enum hrtimer_restart {
	HRTIMER_NORESTART,
	HRTIMER_RESTART,
};

struct hrtimer {
	sim_event_t		ev;		/* 0 when not queued */
	u64			expires;	/* absolute ns */
	enum hrtimer_restart	(*function)(struct hrtimer *timer);
	const char		*name;
};

/* hrtimer_setup(): bind the callback; the name shows in traces. */
void hrtimer_setup_sim(struct hrtimer *timer,
		       enum hrtimer_restart (*function)(struct hrtimer *),
		       const char *name);

/* hrtimer_start(timer, ns, HRTIMER_MODE_ABS_HARD) on a given CPU; ns is
 * in the scheduler clock's time base (sched_clock_cpu()). */
void hrtimer_start_sim(struct hrtimer *timer, u64 expires, int cpu);

/* 1 if a queued timer was cancelled, 0 if it was not queued. */
int hrtimer_try_to_cancel(struct hrtimer *timer);

bool hrtimer_active(const struct hrtimer *timer);

static inline bool hrtimer_is_queued(const struct hrtimer *timer)
{
	return hrtimer_active(timer);
}

static inline u64 hrtimer_get_expires(const struct hrtimer *timer)
{
	return timer->expires;
}

#endif /* SIM_LINUX_HRTIMER_H */
