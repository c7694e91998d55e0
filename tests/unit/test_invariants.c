// SPDX-License-Identifier: GPL-2.0-only
/*
 * The machine's global invariants: each one fails on a hand-corrupted state
 * and holds on a correct one, and a violation during a run is a finding
 * with the id INV:<NAME> and the invariant's reason in the report.
 */
#define SIM_KFILE "tests/unit/test_invariants.c"

#include <linux/spinlock.h>

#include "harness.h"
#include "internal.h"
#include "toys.h"

static struct sim_lock_class rq_class = { "&rq->__lock", SIM_LOCKF_RQ, 0, 0 };
static raw_spinlock_t l0, l1;

static void fresh(void)
{
	struct sim_opts o = { .nr_cpus = 2 };

	sim_reset(&o);
	raw_spin_lock_init_class(&l0, "l0", &rq_class, 0);
	raw_spin_lock_init_class(&l1, "l1", NULL, 1);
}

static void noop(void *arg)
{
	(void)arg;
}

/* Every invariant of the machine holds now. */
static bool all_hold(char *msg, size_t len)
{
	int i;

	for (i = 0; i < SIM_NR_INVARIANTS; i++)
		if (!sim_invariant_holds((enum sim_inv_id)i, msg, len))
			return false;
	return true;
}

TEST(inv_all_registered,
     "Every invariant of the machine's own layer has a check registered, a name and a reason.")
{
	static const enum sim_inv_id mine[] = {
		SIM_INV_LOCK_OWNER_HOLDS, SIM_INV_HELD_LOCK_OWNED,
		SIM_INV_WAITER_NOT_OWNER, SIM_INV_IDLE_CPU_CLEAN,
		SIM_INV_EVENT_QUEUE_ORDERED, SIM_INV_RQ_LOCK_COUNT,
	};
	size_t i;

	fresh();
	for (i = 0; i < sizeof(mine) / sizeof(mine[0]); i++) {
		CHECK(sim_invariant_registered(mine[i]));
		CHECK(strlen(sim_invariant_reason(mine[i])) > 10);
	}
	CHECK_STR_EQ(sim_invariant_name(SIM_INV_RQ_LOCK_COUNT), "RQ_LOCK_COUNT");
}

/* Corrupt, check that exactly the named invariant notices, restore. */
#define EXPECT_FAILS(id, msgpart) do {					\
	char __m[256];							\
	CHECK_MSG(!sim_invariant_holds(id, __m, sizeof(__m)),		\
		  "%s did not notice", #id);				\
	CHECK_STR_CONTAINS(__m, msgpart);				\
} while (0)

TEST(inv_lock_owner_holds,
     "A lock whose owner field names a CPU that does not hold it violates LOCK_OWNER_HOLDS.")
{
	char msg[256];

	fresh();
	CHECK_MSG(all_hold(msg, sizeof(msg)), "%s", msg);
	l1.owner = 1;
	EXPECT_FAILS(SIM_INV_LOCK_OWNER_HOLDS, "l1 owned by CPU 1, not on its held stack");
	l1.owner = 5;
	EXPECT_FAILS(SIM_INV_LOCK_OWNER_HOLDS, "does not exist");
	l1.owner = -1;
	CHECK(all_hold(msg, sizeof(msg)));
}

TEST(inv_held_lock_owned,
     "A lock on a CPU's held stack whose owner is someone else violates HELD_LOCK_OWNED.")
{
	char msg[256];

	fresh();
	sim_cpu_thr(&sim_m.cpu[0])->in_event = true;
	sim_m.cpu[0].held[0].lock = &l1;
	sim_m.cpu[0].nr_held = 1;
	l1.owner = 0;
	CHECK_MSG(all_hold(msg, sizeof(msg)), "%s", msg);
	l1.owner = -1;
	EXPECT_FAILS(SIM_INV_HELD_LOCK_OWNED, "CPU 0 holds l1, whose owner is -1");
}

TEST(inv_waiter_not_owner,
     "A CPU waiting for a lock it holds itself violates WAITER_NOT_OWNER.")
{
	char msg[256];

	fresh();
	sim_cpu_thr(&sim_m.cpu[1])->in_event = true;
	sim_m.cpu[1].wait = SIM_WAIT_LOCK;
	sim_m.cpu[1].wait_lock = &l1;
	CHECK_MSG(all_hold(msg, sizeof(msg)), "%s", msg);
	sim_m.cpu[1].held[0].lock = &l1;
	sim_m.cpu[1].nr_held = 1;
	l1.owner = 1;
	EXPECT_FAILS(SIM_INV_WAITER_NOT_OWNER, "CPU 1 waits for l1, which it holds");
}

TEST(inv_idle_cpu_clean,
     "A CPU between events that still has simulated frames or held locks violates IDLE_CPU_CLEAN.")
{
	fresh();
	sim_cpu_thr(&sim_m.cpu[1])->depth = 2;
	EXPECT_FAILS(SIM_INV_IDLE_CPU_CLEAN, "idle CPU 1 holds 0 locks, 2 frames");
}

TEST(inv_event_queue_ordered,
     "An event queue whose heap order a heap operation broke violates EVENT_QUEUE_ORDERED.")
{
	struct sim_cpu *c;
	uint16_t t;
	char msg[256];

	fresh();
	sim_queue_event(0, 100, SIM_EV_TIMER, noop, NULL, "early");
	sim_queue_event(0, 200, SIM_EV_TIMER, noop, NULL, "late");
	sim_queue_event(0, 300, SIM_EV_TIMER, noop, NULL, "later");
	CHECK_MSG(all_hold(msg, sizeof(msg)), "%s", msg);
	c = &sim_m.cpu[0];
	t = c->heap[0];
	c->heap[0] = c->heap[1];
	c->heap[1] = t;
	sim_m.ev[c->heap[0]].heap_pos = 0;
	sim_m.ev[c->heap[1]].heap_pos = 1;
	c->heap_changed = true;		/* as the faulty heap operation would */
	EXPECT_FAILS(SIM_INV_EVENT_QUEUE_ORDERED, "'late' (t=200) is above 'early' (t=100)");
}

TEST(inv_rq_lock_count,
     "A count of held rq locks that disagrees with the held stacks violates RQ_LOCK_COUNT.")
{
	fresh();
	sim_m.rq_held = 1;
	EXPECT_FAILS(SIM_INV_RQ_LOCK_COUNT, "0 rq-class locks on held stacks, count says 1");
}

static void corrupt_owner(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&l1);
	l1.owner = -1;		/* a stray write over the lock word */
	sim_sched_point("after the stray write");
}

static void setup_corrupt(void)
{
	raw_spin_lock_init_class(&l0, "l0", &rq_class, 0);
	raw_spin_lock_init_class(&l1, "l1", NULL, 1);
	sim_queue_work(0, corrupt_owner, NULL, "corrupt");
	sim_queue_work(1, noop, NULL, "noop");
}

TEST(inv_fires_during_run,
     "A state corrupted mid-run is caught at the next quiescent point and reported with the invariant's id and reason.")
{
	/* CPU0 takes l1 and corrupts it; CPU1 then finishes an event. */
	static const uint8_t order[] = { 0, 0, 1 };
	const struct sim_outcome *o = toy_run(setup_corrupt, 2, order, sizeof(order));

	CHECK(o->result == SIM_FINDING);
	CHECK_MSG(o->kind == SIM_F_INVARIANT, "%s", o->report);
	CHECK_STR_EQ(o->id, "INV:HELD_LOCK_OWNED");
	CHECK_STR_CONTAINS(o->report, "every lock on a CPU's held-lock stack names that CPU as owner");
	CHECK_STR_CONTAINS(o->report, "CPU 0 holds l1, whose owner is -1");
}

static void setup_counter(void)
{
	toy_counter_setup(4, 20);
}

TEST(inv_quiet_on_correct_runs,
     "Correct runs under 50 random interleavings of four CPUs sharing an rq-class lock never trip an invariant.")
{
	uint8_t buf[512];
	int seed;

	for (seed = 0; seed < 50; seed++) {
		const struct sim_outcome *o;

		toy_fill_random(buf, sizeof(buf), (uint64_t)seed);
		o = toy_run(setup_counter, 4, buf, sizeof(buf));
		CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
		CHECK(toy_counter_value() == 4 * 20);
	}
}
