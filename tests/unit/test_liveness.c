// SPDX-License-Identifier: GPL-2.0-only
/*
 * Liveness: spin-waits block a CPU until their condition holds; a spin no
 * CPU can end, a deadlock and a machine that never quiesces within the step
 * bound are findings.
 */
#define SIM_KFILE "tests/unit/test_liveness.c"

#include <linux/spinlock.h>

#include "harness.h"
#include "toys.h"

static int flag;
static int seen;

static bool flag_set(const void *arg)
{
	return *(const int *)arg != 0;
}

static void spinner(void *arg)
{
	(void)arg;
	SIM_FRAME();
	sim_spin_until(flag_set, &flag, "flag != 0");
	seen = flag;
}

static void setter(void *arg)
{
	flag = (int)(intptr_t)arg;
}

static void setup_spin_alone(void)
{
	flag = 0;
	sim_queue_work(0, spinner, NULL, "spin");
}

TEST(liveness_endless_spin,
     "A CPU spinning on a condition that no CPU or event can ever make true is an endless-spin finding naming the condition.")
{
	const struct sim_outcome *o = toy_run(setup_spin_alone, 2, NULL, 0);

	CHECK_STR_EQ(o->id, "LIVENESS:endless-spin");
	CHECK(o->cpu == 0);
	CHECK_STR_CONTAINS(o->report, "spinning on 'flag != 0'");
	CHECK_STR_CONTAINS(o->report, "spinner (tests/unit/test_liveness.c)");
}

static void setup_spin_now(void)
{
	flag = 0;
	seen = 0;
	sim_queue_work(0, spinner, NULL, "spin");
	sim_queue_work(1, setter, (void *)7, "set");
}

static void setup_spin_later(void)
{
	flag = 0;
	seen = 0;
	sim_queue_work(0, spinner, NULL, "spin");
	sim_queue_event(1, 5000, SIM_EV_TIMER, setter, (void *)9, "set-later");
}

TEST(liveness_spin_released,
     "A spin ends when another CPU sets the condition, now or from a timer that fires later; the spinning CPU is not run in between.")
{
	const struct sim_outcome *o;

	o = toy_run(setup_spin_now, 2, NULL, 0);
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	CHECK(seen == 7);
	o = toy_run(setup_spin_later, 2, NULL, 0);
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	CHECK(seen == 9);
	CHECK_EQ_U64(o->now_ns, 5000);
	/* start spin, spin (blocked), start set-later, resume spinner */
	CHECK_EQ_U64(o->steps, 3);
}

static void pingpong(void *arg)
{
	(void)arg;
	SIM_FRAME();
	for (;;)
		sim_sched_point("forever");
}

static void setup_forever(void)
{
	sim_queue_work(0, pingpong, NULL, "forever0");
	sim_queue_work(1, pingpong, NULL, "forever1");
}

TEST(liveness_step_bound,
     "Two CPUs that never finish exceed the step bound, which is a finding.")
{
	struct sim_opts opts = { .nr_cpus = 2, .max_steps = 1000 };
	const struct sim_outcome *o;

	sim_reset(&opts);
	setup_forever();
	o = sim_run();
	CHECK_STR_EQ(o->id, "LIVENESS:step-bound");
	CHECK_EQ_U64(o->steps, 1000);
	CHECK_STR_CONTAINS(o->report, "no quiescence after 1000 scheduling steps");
}

static raw_spinlock_t held_lock;

static void hold_then_spin(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&held_lock);
	sim_spin_until(flag_set, &flag, "flag != 0");
	raw_spin_unlock(&held_lock);
}

static void lock_then_set(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&held_lock);
	flag = 1;
	raw_spin_unlock(&held_lock);
}

static void setup_lock_spin(void)
{
	flag = 0;
	sim_lock_init(&held_lock, "held_lock", NULL, 0);
	sim_queue_work(0, hold_then_spin, NULL, "hold-spin");
	sim_queue_work(1, lock_then_set, NULL, "lock-set");
}

TEST(liveness_spin_waiting_on_lock_holder,
     "A CPU spinning while holding the lock the releasing CPU needs is stuck for good: reported as an endless spin, with the other CPU waiting for the lock.")
{
	static const uint8_t order[] = { 0, 0, 1 };
	const struct sim_outcome *o = toy_run(setup_lock_spin, 2, order, sizeof(order));

	CHECK_STR_EQ(o->id, "LIVENESS:endless-spin");
	CHECK_STR_CONTAINS(o->report, "CPU1: in event 'lock-set', waiting for held_lock (held by CPU 0)");
}

/* CPU0 polls, through sched points, for what CPU1's event sets. */
static int polled;

static void poller(void *arg)
{
	(void)arg;
	SIM_FRAME();
	while (!polled)
		sim_sched_point("poll");
}

static void poll_setter(void *arg)
{
	(void)arg;
	SIM_FRAME();
	polled = 1;
}

static void setup_poll(void)
{
	polled = 0;
	sim_queue_work(0, poller, NULL, "poller");
	sim_queue_work(1, poll_setter, NULL, "setter");
}

TEST(liveness_fallback_passes_the_machine,
     "With no input, a CPU polling for another CPU's work keeps the machine by fallback for SIM_FALLBACK_SLICE contested decisions, then passes it on: the other CPU runs and the run ends clean, not at the step bound; the same run twice gives the same digest.")
{
	struct sim_opts opts = { .nr_cpus = 2 };
	const struct sim_outcome *o;
	uint64_t digest;
	uint8_t first = 0;	/* CPU0 first */

	opts.choices = &first;
	opts.nr_choices = 1;
	sim_reset(&opts);
	setup_poll();
	o = sim_run();
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	CHECK_MSG(o->steps > SIM_FALLBACK_SLICE && o->steps < 2 * SIM_FALLBACK_SLICE,
		  "%llu steps", (unsigned long long)o->steps);
	digest = o->digest;
	sim_reset(&opts);
	setup_poll();
	o = sim_run();
	CHECK_EQ_U64(o->digest, digest);
}

/* What sim_irqs_disabled() said at each point of irq_probe(), per event. */
static bool irq_seen[2][7];
static struct sim_lock irq_lock;

static void irq_probe(void *arg)
{
	bool *at = arg;
	unsigned long flags, inner;

	SIM_FRAME();
	at[0] = irqs_disabled();		/* as the event starts */
	local_irq_disable();
	at[1] = irqs_disabled();
	local_irq_enable();
	raw_spin_lock(&irq_lock);		/* the plain form, held */
	at[2] = irqs_disabled();
	raw_spin_unlock(&irq_lock);
	raw_spin_lock_irqsave(&irq_lock, flags);
	local_irq_save(inner);			/* nested: restores "off" */
	local_irq_restore(inner);
	raw_spin_unlock(&irq_lock);
	at[3] = irqs_disabled();		/* still off: saved state not restored yet */
	local_irq_restore(flags);
	at[4] = irqs_disabled();		/* the state before the save: on */
	raw_spin_lock_irq(&irq_lock);
	raw_spin_unlock_irq(&irq_lock);
	at[5] = irqs_disabled();		/* _irq turns them on */
	raw_spin_lock(&irq_lock);		/* off by the lock only: */
	local_irq_save(flags);			/* saves the flag, on */
	raw_spin_unlock(&irq_lock);
	local_irq_restore(flags);
	at[6] = irqs_disabled();		/* on again */
}

static void setup_irq_probe(void)
{
	sim_lock_init(&irq_lock, "irq_lock", NULL, 0);
	sim_queue_work(0, irq_probe, irq_seen[0], "work");
	sim_queue_event(1, 0, SIM_EV_IPI, irq_probe, irq_seen[1], "ipi");
}

TEST(liveness_irq_state,
     "Each CPU keeps its interrupt state for the spin checks: an operation starts with interrupts on and an IPI with them off; local_irq_disable/enable, the _irq forms and save/restore (nested too) set it; a held spinlock counts as off, and save/restore keep the flag itself, so a restore after the lock's release leaves them on.")
{
	static const bool want[2][7] = {
		{ false, true, true, true, false, false, false },
		{ true, true, true, true, false, false, false },
	};
	const struct sim_outcome *o;
	int e, i;

	memset(irq_seen, 0, sizeof(irq_seen));
	o = toy_run(setup_irq_probe, 2, NULL, 0);
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	for (e = 0; e < 2; e++)
		for (i = 0; i < 7; i++)
			CHECK_MSG(irq_seen[e][i] == want[e][i], "event %d point %d: %d", e, i,
				  (int)irq_seen[e][i]);
}
