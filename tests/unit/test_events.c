// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulated time and events: per-CPU queues ordered by (time, sequence),
 * cancellation, time advancing only when no CPU can proceed, the horizon,
 * and events never preempting a CPU's running event.
 */
#define SIM_KFILE "tests/unit/test_events.c"

#include <linux/spinlock.h>

#include "harness.h"
#include "toys.h"

static char order[64];
static int nr_order;
static uint64_t when[64];

static void mark(void *arg)
{
	order[nr_order] = (char)(intptr_t)arg;
	when[nr_order] = sim_now();
	nr_order++;
}

static const struct sim_outcome *run_setup(void (*setup)(void), unsigned int cpus)
{
	nr_order = 0;
	memset(order, 0, sizeof(order));
	return toy_run(setup, cpus, NULL, 0);
}

static void setup_order(void)
{
	sim_queue_event(0, 300, SIM_EV_TIMER, mark, (void *)'d', "d");
	sim_queue_event(0, 100, SIM_EV_TIMER, mark, (void *)'b', "b");
	sim_queue_event(0, 100, SIM_EV_TIMER, mark, (void *)'c', "c");
	sim_queue_event(0, 0, SIM_EV_WORK, mark, (void *)'a', "a");
	sim_queue_event(0, 1000, SIM_EV_TIMER, mark, (void *)'e', "e");
}

TEST(events_time_then_sequence,
     "One CPU's events run in time order, and events at the same time in the order they were queued; time jumps to each event.")
{
	const struct sim_outcome *o = run_setup(setup_order, 1);

	CHECK(o->result == SIM_CLEAN);
	CHECK_STR_EQ(order, "abcde");
	CHECK_EQ_U64(when[0], 0);
	CHECK_EQ_U64(when[1], 100);
	CHECK_EQ_U64(when[2], 100);
	CHECK_EQ_U64(when[3], 300);
	CHECK_EQ_U64(o->now_ns, 1000);
}

static void requeue_self(void *arg)
{
	(void)arg;
	mark((void *)'x');
	/* Queued for now on this CPU: it must wait for this event to end. */
	sim_queue_work(0, mark, (void *)'z', "z");
	sim_sched_point("after queueing");
	mark((void *)'y');
}

static void setup_nopreempt(void)
{
	sim_queue_work(0, requeue_self, NULL, "requeue");
}

TEST(events_do_not_preempt,
     "Work queued for a CPU that is busy runs only after the CPU's current event ends, as an interrupt waits for interrupts to be enabled.")
{
	const struct sim_outcome *o = run_setup(setup_nopreempt, 2);

	CHECK(o->result == SIM_CLEAN);
	CHECK_STR_EQ(order, "xyz");
}

static sim_event_t victim;
static bool cancel_ok[2];

static void canceller(void *arg)
{
	(void)arg;
	cancel_ok[0] = sim_cancel_event(victim);
	cancel_ok[1] = sim_cancel_event(victim);
}

static void setup_cancel(void)
{
	victim = sim_queue_event(1, 500, SIM_EV_TIMER, mark, (void *)'v', "victim");
	sim_queue_event(0, 200, SIM_EV_IPI, canceller, NULL, "cancel");
	sim_queue_event(1, 600, SIM_EV_TIMER, mark, (void *)'w', "survivor");
}

TEST(events_cancel,
     "A queued event can be cancelled from another CPU exactly once, and never runs.")
{
	const struct sim_outcome *o = run_setup(setup_cancel, 2);

	CHECK(o->result == SIM_CLEAN);
	CHECK(cancel_ok[0]);
	CHECK(!cancel_ok[1]);
	CHECK(!sim_event_pending(victim));
	CHECK_STR_EQ(order, "w");
}

static unsigned int timer_cpus;

static void setup_timers(void)
{
	toy_timers_setup(timer_cpus, 1000000, 20000000);
}

TEST(events_periodic_ticks_and_timers,
     "Periodic ticks re-arm themselves until their end time on every CPU; a one-shot timer cancelled by an IPI never fires.")
{
	const struct sim_outcome *o;
	unsigned int i;

	timer_cpus = 4;
	o = toy_run(setup_timers, 4, NULL, 0);
	CHECK(o->result == SIM_CLEAN);
	CHECK(!o->horizon);
	CHECK_EQ_U64(o->now_ns, 20000000);
	for (i = 0; i < 4; i++)
		CHECK_EQ_U64(toy_timers_fired((int)i), (i & 1 ? 1000 : 0) + 20);
}

static void forever_tick(void *arg)
{
	(void)arg;
	sim_queue_event(sim_this_cpu(), sim_now() + 1000, SIM_EV_TICK,
			forever_tick, NULL, "tick");
}

static void setup_forever(void)
{
	sim_queue_work(0, forever_tick, NULL, "tick");
}

TEST(events_horizon,
     "A machine that never quiesces on its own ends cleanly at the time horizon, marked as such.")
{
	struct sim_opts opts = { .nr_cpus = 1, .max_time_ns = 50000 };
	const struct sim_outcome *o;

	sim_reset(&opts);
	setup_forever();
	o = sim_run();
	CHECK(o->result == SIM_CLEAN);
	CHECK(o->horizon);
	CHECK_EQ_U64(o->now_ns, 50000);
	CHECK_EQ_U64(o->steps, 51);
}

static void flood(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i <= SIM_MAX_EVENTS; i++)
		sim_queue_event(0, sim_now() + 1000 + (uint64_t)i, SIM_EV_TIMER,
				mark, NULL, "flood");
}

static void setup_flood(void)
{
	sim_queue_work(0, flood, NULL, "flood");
}

TEST(events_queue_bound,
     "Queueing more events than the machine holds is a finding, not memory corruption.")
{
	const struct sim_outcome *o = run_setup(setup_flood, 1);

	CHECK_STR_EQ(o->id, "SIM:event-queue-full");
}

static int pick_first;

static void who(void *arg)
{
	if (!pick_first)
		pick_first = (int)(intptr_t)arg;
}

static void setup_two(void)
{
	pick_first = 0;
	sim_queue_work(0, who, (void *)1, "who0");
	sim_queue_work(1, who, (void *)2, "who1");
}

TEST(events_start_order_is_a_decision,
     "Which CPU starts its due event first is a decision: choice 0 picks CPU0, choice 1 picks CPU1, no input falls back to CPU0.")
{
	static const uint8_t c0[] = { 0 }, c1[] = { 1 };

	toy_run(setup_two, 2, c0, 1);
	CHECK(pick_first == 1);
	toy_run(setup_two, 2, c1, 1);
	CHECK(pick_first == 2);
	toy_run(setup_two, 2, NULL, 0);
	CHECK(pick_first == 1);
}

static int quiesce_calls;
static bool quiesce_fail;

static void late(void *arg)
{
	mark(arg);
}

static void layer_quiesce(void)
{
	if (sim_nr_cpus() != 3)
		return;		/* only in this test's runs */
	if (quiesce_calls++ == 0)
		sim_queue_work(2, late, (void *)'q', "queued-at-quiescence");
	else if (quiesce_fail)
		sim_finding(SIM_F_LIVENESS, -1, "LIVENESS:test-quiesce",
			    "the layer found the quiescent machine wrong");
}

static const struct sim_layer quiesce_layer = {
	.name = "quiesce-test",
	.quiesce = layer_quiesce,
};

static void setup_quiesce(void)
{
	quiesce_calls = 0;
	sim_queue_work(0, mark, (void *)'a', "a");
}

TEST(events_quiesce_hook,
     "At quiescence each layer may queue more work, which runs, and may raise a liveness finding; a layer that does neither lets the run end clean.")
{
	const struct sim_outcome *o;

	sim_layer_register(&quiesce_layer);
	quiesce_fail = false;
	nr_order = 0;
	o = toy_run(setup_quiesce, 3, NULL, 0);
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	CHECK(quiesce_calls == 2);
	quiesce_fail = true;
	nr_order = 0;
	o = toy_run(setup_quiesce, 3, NULL, 0);
	CHECK_STR_EQ(o->id, "LIVENESS:test-quiesce");
	CHECK(o->cpu == -1);
	quiesce_fail = false;
}

static void setup_three_counters(void)
{
	toy_counter_setup(3, 6);
}

TEST(decide_choice_runs,
     "In run-length mode one choice byte picks a runnable CPU by its low 3 bits and keeps it for up to b >> 3 further choices while it can run: two bytes hold a CPU for a long stretch that per-point mode spends a byte on each step of.")
{
	/* 0xf9: index 1 (CPU1), 31 more choices; then 0x00: CPU0. */
	static const uint8_t runs[] = { 0xf9, 0x00 };
	struct sim_opts o = { .nr_cpus = 3, .choices = runs, .nr_choices = 2,
			      .choice_runs = true };
	struct sim_opts q = o;
	const struct sim_outcome *out;
	uint64_t d_runs;

	sim_reset(&o);
	setup_three_counters();
	out = sim_run();
	CHECK_MSG(out->result == SIM_CLEAN, "%s", out->report);
	CHECK_EQ_U64(out->choices_used, 2);
	CHECK(toy_counter_value() == 18);
	d_runs = out->digest;
	/* The same two bytes per point are a different interleaving. */
	q.choice_runs = false;
	sim_reset(&q);
	setup_three_counters();
	out = sim_run();
	CHECK(out->result == SIM_CLEAN);
	CHECK(out->digest != d_runs);
}
