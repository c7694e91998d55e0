// SPDX-License-Identifier: GPL-2.0-only
/*
 * Threads: code sleeps in the middle of an event by switching its CPU to
 * another thread, and resumes there later, on whichever CPU switches back,
 * as a kernel task sleeps in schedule() and wakes up elsewhere.
 */
#define SIM_KFILE "tests/unit/test_threads.c"

#include <linux/bug.h>
#include <linux/spinlock.h>

#include "harness.h"
#include "toys.h"

#define T_SLEEPER_IDLE	4	/* thread that CPU0 switches to when 'sleeping' */

static int cpu_before, cpu_after, after_depth_ok;
static bool entry_ran;
static struct sim_lock_class rq_class = { "&rq->__lock", SIM_LOCKF_RQ | SIM_LOCKF_ORDERED, 0, 0 };
static raw_spinlock_t rq_lock[2];

static void sleeper_inner(void)
{
	SIM_FRAME();
	cpu_before = smp_processor_id();
	/* "schedule()": CPU0 goes on with another thread; this event is
	 * suspended here until someone switches back to thread 0. */
	sim_thread_switch(T_SLEEPER_IDLE);
	cpu_after = smp_processor_id();
	after_depth_ok = 1;
}

static void sleeper(void *arg)
{
	(void)arg;
	SIM_FRAME();
	sleeper_inner();
}

static void waker(void *arg)
{
	(void)arg;
	SIM_FRAME();
	/* CPU1 picks the sleeping thread 0 and runs it. */
	sim_thread_switch(0);
}

static void setup_sleep(void)
{
	cpu_before = cpu_after = -1;
	after_depth_ok = 0;
	sim_thread_init(T_SLEEPER_IDLE, NULL, NULL, "other");
	sim_queue_work(0, sleeper, NULL, "sleep");
	sim_queue_event(1, 1000, SIM_EV_WORK, waker, NULL, "wake");
}

TEST(thread_sleep_and_resume_elsewhere,
     "An event that switches its CPU to another thread is suspended mid-function and finishes on the CPU that switches back to it, with its stack intact.")
{
	const struct sim_outcome *o = toy_run(setup_sleep, 2, NULL, 0);

	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	CHECK(cpu_before == 0);
	CHECK(cpu_after == 1);
	CHECK(after_depth_ok);
	CHECK(sim_cpu_thread(0) == T_SLEEPER_IDLE);
	CHECK(sim_cpu_thread(1) == 0);
}

static int mid_thread, mid_cpu_after;
static uint64_t mid_now;

static void mid_event(void *arg)
{
	(void)arg;
	SIM_FRAME();
	mid_thread = sim_thread_current();
	mid_now = sim_now();
	mid_cpu_after = cpu_after;	/* the sleeper has not resumed yet */
}

static void setup_sleep_and_mid(void)
{
	setup_sleep();
	mid_thread = mid_cpu_after = -2;
	mid_now = 0;
	sim_queue_event(0, 500, SIM_EV_WORK, mid_event, NULL, "mid");
}

TEST(thread_cpu_free_after_switch,
     "Once its thread sleeps, the CPU is free: an event queued on it runs in the thread it switched to, before the sleeper wakes.")
{
	const struct sim_outcome *o;

	o = toy_run(setup_sleep_and_mid, 2, NULL, 0);
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	CHECK(mid_thread == T_SLEEPER_IDLE);
	CHECK(mid_now >= 500 && mid_now < 1000);
	CHECK(mid_cpu_after == -1);
	CHECK(cpu_after == 1);
}

/* The rq-lock handoff: prev takes the lock, next releases it. */
static void new_task_entry(void *arg)
{
	(void)arg;
	SIM_FRAME();
	entry_ran = true;
	lockdep_assert_held(&rq_lock[0]);
	raw_spin_unlock(&rq_lock[0]);	/* finish_task_switch() */
}

static void schedule_to_new(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&rq_lock[0]);
	sim_thread_switch(5);		/* context_switch() under the rq lock */
	raw_spin_unlock(&rq_lock[0]);	/* when switched back to, later */
}

static void schedule_back(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&rq_lock[0]);
	sim_thread_switch(0);
}

static void setup_handoff(void)
{
	entry_ran = false;
	raw_spin_lock_init_class(&rq_lock[0], "rq0->__lock", &rq_class, 0);
	raw_spin_lock_init_class(&rq_lock[1], "rq1->__lock", &rq_class, 1);
	sim_thread_init(5, new_task_entry, NULL, "new-task");
	sim_queue_work(0, schedule_to_new, NULL, "schedule");
	sim_queue_event(0, 1000, SIM_EV_WORK, schedule_back, NULL, "schedule-back");
}

TEST(thread_entry_and_lock_handoff,
     "A new thread's entry runs as the tail of the switch into it and may release the lock the previous thread took, as finish_task_switch() releases the rq lock; switching back resumes the first thread under the lock.")
{
	const struct sim_outcome *o = toy_run(setup_handoff, 2, NULL, 0);

	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	CHECK(entry_ran);
	CHECK(sim_cpu_thread(0) == 0);
}

static void steal_running(void *arg)
{
	(void)arg;
	SIM_FRAME();
	sim_thread_switch(0);	/* thread 0 is CPU0's, running there */
}

static void spin_forever_ish(void *arg)
{
	(void)arg;
	sim_sched_point("busy");
}

static void setup_steal(void)
{
	sim_queue_work(0, spin_forever_ish, NULL, "busy");
	sim_queue_work(1, steal_running, NULL, "steal");
}

TEST(thread_on_two_cpus,
     "Switching to a thread that another CPU is running is a finding: a task cannot run on two CPUs.")
{
	static const uint8_t order[] = { 0, 1 };
	const struct sim_outcome *o = toy_run(setup_steal, 2, order, sizeof(order));

	CHECK_STR_EQ(o->id, "SIM:thread-on-two-cpus");
}

static int pingpong_rounds[8];

/* Threads 2..7 each bounce between the two CPUs' work many times. */
static void bouncer(void *arg)
{
	int me = (int)(intptr_t)arg, i;
	unsigned char buf[512];

	SIM_FRAME();
	memset(buf, me, sizeof(buf));
	for (i = 0; i < 50; i++) {
		sim_sched_point("bounce");
		pingpong_rounds[me]++;
		WARN_ON(buf[i] != me);
	}
}

static void chain_switch(void *arg)
{
	int next = (int)(intptr_t)arg;

	SIM_FRAME();
	sim_thread_switch(next);
}

static void entry_run_bouncer(void *arg)
{
	bouncer(arg);
}

static void setup_bounce(void)
{
	int i;

	memset(pingpong_rounds, 0, sizeof(pingpong_rounds));
	for (i = 2; i < 8; i++)
		sim_thread_init(i, entry_run_bouncer, (void *)(intptr_t)i, "bouncer");
	for (i = 2; i < 8; i++)
		sim_queue_event(i % 2, (uint64_t)i * 100, SIM_EV_WORK, chain_switch,
				(void *)(intptr_t)i, "switch");
}

TEST(thread_many_threads_interleaved,
     "Six threads with 512-byte locals are brought onto two CPUs in turn and interleaved at random; every one finishes its 50 rounds intact.")
{
	uint8_t choices[2048];
	const struct sim_outcome *o;
	int i;

	toy_fill_random(choices, sizeof(choices), 11);
	o = toy_run(setup_bounce, 2, choices, sizeof(choices));
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	for (i = 2; i < 8; i++)
		CHECK(pingpong_rounds[i] == 50);
}

TEST(thread_reuse_across_runs,
     "Runs that leave threads asleep mid-event are followed by correct runs: every thread restarts fresh.")
{
	const struct sim_outcome *o;
	int k;

	for (k = 0; k < 3; k++) {
		o = toy_run(setup_handoff, 2, NULL, 0);
		CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
		o = toy_run(setup_sleep, 2, NULL, 0);
		CHECK(o->result == SIM_CLEAN && cpu_after == 1);
		o = toy_run(setup_bounce, 2, NULL, 0);
		CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	}
}
