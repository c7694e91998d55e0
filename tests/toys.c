// SPDX-License-Identifier: GPL-2.0-only
/*
 * toys.c - small protocols for the simulated machine.  See toys.h.
 */
#define SIM_KFILE "tests/toys.c"

#include <linux/bug.h>
#include <linux/spinlock.h>

#include "toys.h"

/* ---------------------------------------------------------------------- */
/* Check-then-act across a lock drop */

struct toy_slot {
	raw_spinlock_t lock;
	int owner;		/* CPU id + 1 of the claimant, 0 if free */
};

static struct toy_slot toy_slot;
static struct sim_lock_class toy_slot_class = { "&slot->lock", 0, 0, 0 };

const char *const toy_claim_warn_id = "WARN:tests/toys.c:toy_claim_racy:toy_slot.owner != 0";

static void toy_claim_racy(void *arg)
{
	int me = smp_processor_id() + 1;
	bool free;

	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&toy_slot.lock);
	free = toy_slot.owner == 0;
	raw_spin_unlock(&toy_slot.lock);
	if (!free)
		return;
	raw_spin_lock(&toy_slot.lock);
	/* The bug: "free" was read before the drop and is stale now. */
	WARN_ON_ONCE(toy_slot.owner != 0);
	toy_slot.owner = me;
	raw_spin_unlock(&toy_slot.lock);
}

static void toy_claim_fixed(void *arg)
{
	int me = smp_processor_id() + 1;
	bool free;

	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&toy_slot.lock);
	free = toy_slot.owner == 0;
	raw_spin_unlock(&toy_slot.lock);
	if (!free)
		return;
	raw_spin_lock(&toy_slot.lock);
	if (toy_slot.owner == 0)	/* re-check after the drop */
		toy_slot.owner = me;
	WARN_ON_ONCE(toy_slot.owner == 0);
	raw_spin_unlock(&toy_slot.lock);
}

void toy_claim_setup(unsigned int nr_cpus, bool racy)
{
	unsigned int i;

	toy_slot.owner = 0;
	raw_spin_lock_init_class(&toy_slot.lock, "slot->lock", &toy_slot_class, 0);
	for (i = 0; i < nr_cpus; i++)
		sim_queue_work((int)i, racy ? toy_claim_racy : toy_claim_fixed,
			       NULL, racy ? "claim(racy)" : "claim");
}

/* ---------------------------------------------------------------------- */
/* AB-BA */

static raw_spinlock_t toy_a, toy_b;

static void toy_take_two(raw_spinlock_t *first, raw_spinlock_t *second)
{
	SIM_FRAME();
	raw_spin_lock(first);
	raw_spin_lock(second);
	raw_spin_unlock(second);
	raw_spin_unlock(first);
}

static void toy_ab(void *arg)
{
	(void)arg;
	SIM_FRAME();
	toy_take_two(&toy_a, &toy_b);
}

static void toy_ba(void *arg)
{
	(void)arg;
	SIM_FRAME();
	toy_take_two(&toy_b, &toy_a);
}

void toy_abba_setup(bool ordered)
{
	sim_lock_init(&toy_a, "A", NULL, 0);
	sim_lock_init(&toy_b, "B", NULL, 1);
	sim_queue_work(0, toy_ab, NULL, "ab");
	sim_queue_work(1, ordered ? toy_ab : toy_ba, NULL, ordered ? "ab" : "ba");
}

/* ---------------------------------------------------------------------- */
/* Counter */

static struct sim_lock_class toy_rq_class = { "&toy_rq->lock", SIM_LOCKF_RQ, 0, 0 };
static raw_spinlock_t toy_counter_lock;
static int toy_counter;
static int toy_loops;

static void toy_count(void *arg)
{
	int i;

	(void)arg;
	SIM_FRAME();
	for (i = 0; i < toy_loops; i++) {
		int v;

		raw_spin_lock(&toy_counter_lock);
		v = toy_counter;
		toy_counter = v + 1;
		raw_spin_unlock(&toy_counter_lock);
		sim_sched_point("between rounds");
	}
}

void toy_counter_setup(unsigned int nr_cpus, int loops)
{
	unsigned int i;

	toy_counter = 0;
	toy_loops = loops;
	raw_spin_lock_init_class(&toy_counter_lock, "counter_lock", &toy_rq_class, 0);
	for (i = 0; i < nr_cpus; i++)
		sim_queue_work((int)i, toy_count, NULL, "count");
}

int toy_counter_value(void)
{
	return toy_counter;
}

/* ---------------------------------------------------------------------- */
/* Timers */

static int toy_fired[SIM_MAX_CPUS];
static sim_event_t toy_oneshot[SIM_MAX_CPUS];
static uint64_t toy_period, toy_until;

static void toy_tick(void *arg)
{
	int cpu = smp_processor_id();

	(void)arg;
	SIM_FRAME();
	toy_fired[cpu]++;
	if (sim_now() + toy_period <= toy_until)
		sim_queue_event(cpu, sim_now() + toy_period, SIM_EV_TICK,
				toy_tick, NULL, "tick");
}

static void toy_expire(void *arg)
{
	(void)arg;
	SIM_FRAME();
	toy_fired[smp_processor_id()] += 1000;
}

static void toy_cancel(void *arg)
{
	(void)arg;
	SIM_FRAME();
	sim_cancel_event(toy_oneshot[smp_processor_id()]);
}

void toy_timers_setup(unsigned int nr_cpus, uint64_t period, uint64_t until)
{
	unsigned int i;

	toy_period = period;
	toy_until = until;
	for (i = 0; i < nr_cpus; i++) {
		toy_fired[i] = 0;
		sim_queue_event((int)i, period, SIM_EV_TICK, toy_tick, NULL, "tick");
		toy_oneshot[i] = sim_queue_event((int)i, until / 2, SIM_EV_TIMER,
						 toy_expire, NULL, "oneshot");
		if (!(i & 1))
			sim_queue_event((int)i, until / 4, SIM_EV_IPI,
					toy_cancel, NULL, "cancel");
	}
}

int toy_timers_fired(int cpu)
{
	return toy_fired[cpu];
}

/* ---------------------------------------------------------------------- */

const struct sim_outcome *toy_run(void (*setup)(void), unsigned int nr_cpus,
				  const uint8_t *choices, size_t n)
{
	struct sim_opts o = {
		.nr_cpus = nr_cpus,
		.choices = choices,
		.nr_choices = n,
	};

	sim_reset(&o);
	setup();
	return sim_run();
}

void toy_fill_random(uint8_t *buf, size_t n, uint64_t seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t z = (seed += 0x9e3779b97f4a7c15ull);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
		buf[i] = (uint8_t)((z ^ (z >> 31)) >> 56);
	}
}
