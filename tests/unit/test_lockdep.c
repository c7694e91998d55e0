// SPDX-License-Identifier: GPL-2.0-only
/*
 * Lockdep-style checks on simulated locks: each misuse is a fatal finding
 * with its own id, and correct use of the same primitives stays quiet.
 */
#define SIM_KFILE "tests/unit/test_lockdep.c"

#include <linux/bug.h>
#include <linux/spinlock.h>

#include "harness.h"
#include "toys.h"

static struct sim_lock_class class_a = { "&a->lock", 0, 0, 0 };
static struct sim_lock_class class_b = { "&b->lock", 0, 0, 0 };
static struct sim_lock_class class_rq = { "&rq->__lock", SIM_LOCKF_RQ | SIM_LOCKF_ORDERED, 0, 0 };
static raw_spinlock_t la, lb, rq0, rq1;

static void (*work0)(void *);
static void (*work1)(void *);

static void setup(void)
{
	raw_spin_lock_init_class(&la, "a->lock", &class_a, 0);
	raw_spin_lock_init_class(&lb, "b->lock", &class_b, 0);
	raw_spin_lock_init_class(&rq0, "rq0->__lock", &class_rq, 0);
	raw_spin_lock_init_class(&rq1, "rq1->__lock", &class_rq, 1);
	if (work0)
		sim_queue_work(0, work0, NULL, "w0");
	if (work1)
		sim_queue_work(1, work1, NULL, "w1");
}

static const struct sim_outcome *run2(void (*w0)(void *), void (*w1)(void *))
{
	work0 = w0;
	work1 = w1;
	return toy_run(setup, 2, NULL, 0);
}

static void take_ab(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&la);
	raw_spin_lock(&lb);
	raw_spin_unlock(&lb);
	raw_spin_unlock(&la);
}

static void take_ba(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&lb);
	raw_spin_lock(&la);
	raw_spin_unlock(&la);
	raw_spin_unlock(&lb);
}

TEST(lockdep_circular_without_deadlock,
     "A then B on CPU0, later B then A on CPU1, never overlapping, is still reported as a possible circular locking dependency.")
{
	const struct sim_outcome *o = run2(take_ab, take_ba);

	CHECK_STR_EQ(o->id, "LOCKDEP:circular-locking");
	CHECK(o->cpu == 1);
	CHECK_STR_CONTAINS(o->report, "possible circular locking dependency detected");
	CHECK_STR_CONTAINS(o->report, "take_ba (tests/unit/test_lockdep.c)");
}

TEST(lockdep_consistent_order_quiet,
     "Both CPUs taking A then B, interleaved every way up to 8 choices, raise nothing.")
{
	uint8_t buf[8];
	unsigned int m;

	work0 = take_ab;
	work1 = take_ab;
	for (m = 0; m < 256; m++) {
		const struct sim_outcome *o;
		int i;

		for (i = 0; i < 8; i++)
			buf[i] = (uint8_t)((m >> i) & 1);
		o = toy_run(setup, 2, buf, 8);
		CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	}
}

static void take_twice(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&la);
	raw_spin_lock(&la);
}

TEST(lockdep_recursion,
     "Taking a spinlock the CPU already holds is spinlock recursion (an AA deadlock), reported before the CPU would hang.")
{
	const struct sim_outcome *o = run2(take_twice, NULL);

	CHECK_STR_EQ(o->id, "LOCKDEP:recursive-locking");
	CHECK_STR_CONTAINS(o->report, "spinlock recursion: a->lock");
}

static void rq_nested_unannotated(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&rq0);
	raw_spin_lock(&rq1);
}

static void rq_nested_ok(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&rq0);
	raw_spin_lock_nested(&rq1, SINGLE_DEPTH_NESTING);
	raw_spin_unlock(&rq1);
	raw_spin_unlock(&rq0);
}

static void rq_nested_descending(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&rq1);
	raw_spin_lock_nested(&rq0, SINGLE_DEPTH_NESTING);
}

TEST(lockdep_same_class_nesting,
     "Two locks of one class need a nesting annotation and, for an ordered class like rq locks, ascending order; the double_rq_lock() shape is quiet.")
{
	const struct sim_outcome *o;

	o = run2(rq_nested_unannotated, NULL);
	CHECK_STR_EQ(o->id, "LOCKDEP:possible-recursive-locking");
	o = run2(rq_nested_descending, NULL);
	CHECK_STR_EQ(o->id, "LOCKDEP:lock-instance-order");
	o = run2(rq_nested_ok, rq_nested_ok);
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
}

static void unlock_unheld(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_unlock(&la);
}

static void hold_and_wait(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&lb);
	sim_sched_point("hold");
	raw_spin_unlock(&lb);
}

static void unlock_others(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_unlock(&lb);
}

TEST(lockdep_bad_unlock,
     "Releasing a lock nobody holds, or one another CPU holds, is a bad unlock balance.")
{
	static const uint8_t cpu0_first[] = { 0, 0, 1 };
	const struct sim_outcome *o;

	o = run2(unlock_unheld, NULL);
	CHECK_STR_EQ(o->id, "LOCKDEP:bad-unlock-balance");
	work0 = hold_and_wait;
	work1 = unlock_others;
	o = toy_run(setup, 2, cpu0_first, sizeof(cpu0_first));
	CHECK_STR_EQ(o->id, "LOCKDEP:bad-unlock-balance");
	CHECK(o->cpu == 1);
}

static void assert_unheld(void *arg)
{
	(void)arg;
	SIM_FRAME();
	lockdep_assert_held(&la);
}

static void assert_held_ok(void *arg)
{
	(void)arg;
	SIM_FRAME();
	lockdep_assert_not_held(&la);
	raw_spin_lock(&la);
	lockdep_assert_held(&la);
	raw_spin_unlock(&la);
	lockdep_assert_not_held(&la);
}

TEST(lockdep_assert_held,
     "lockdep_assert_held() on a lock the CPU does not hold fires with an id naming the function; correct assertions are quiet.")
{
	const struct sim_outcome *o;

	o = run2(assert_unheld, NULL);
	CHECK_STR_EQ(o->id, "LOCKDEP:not-held:assert_unheld");
	o = run2(assert_held_ok, assert_held_ok);
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
}

static int pin_mode;

static void pin_work(void *arg)
{
	struct sim_pin_cookie c, bad = { 12345 };

	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&rq0);
	c = sim_lock_pin(&rq0);
	switch (pin_mode) {
	case 0:		/* correct: unpin, drop, retake, repin, unpin */
		sim_lock_unpin(&rq0, c);
		raw_spin_unlock(&rq0);
		raw_spin_lock(&rq0);
		sim_lock_repin(&rq0, c);
		sim_lock_unpin(&rq0, c);
		break;
	case 1:
		sim_lock_unpin(&rq0, bad);
		break;
	case 2:
		break;	/* released while pinned */
	}
	raw_spin_unlock(&rq0);
}

TEST(lockdep_pin_cookies,
     "A pinned rq lock may not be released, and must be unpinned with the cookie it was pinned with; the unpin/drop/repin pattern is quiet.")
{
	const struct sim_outcome *o;

	pin_mode = 0;
	o = run2(pin_work, NULL);
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	pin_mode = 1;
	o = run2(pin_work, NULL);
	CHECK_STR_EQ(o->id, "LOCKDEP:pin-cookie-mismatch");
	pin_mode = 2;
	o = run2(pin_work, NULL);
	CHECK_STR_EQ(o->id, "LOCKDEP:release-pinned");
	CHECK_STR_CONTAINS(o->report, "rq0->__lock (pinned)");
}

static void leak_lock(void *arg)
{
	(void)arg;
	raw_spin_lock(&la);
}

TEST(lockdep_lock_held_at_event_end,
     "An event that returns holding a lock is reported, naming the lock.")
{
	const struct sim_outcome *o = run2(leak_lock, NULL);

	CHECK_STR_EQ(o->id, "LOCKDEP:lock-held-at-exit");
	CHECK_STR_CONTAINS(o->report, "returned holding a->lock");
}

static bool try_result[2];

static void try_work(void *arg)
{
	int cpu = smp_processor_id();

	(void)arg;
	SIM_FRAME();
	if (cpu == 0) {
		raw_spin_lock(&la);
		sim_sched_point("holding");
		raw_spin_unlock(&la);
		return;
	}
	try_result[0] = raw_spin_trylock(&la);
	if (try_result[0])
		raw_spin_unlock(&la);
	sim_sched_point("later");
	try_result[1] = raw_spin_trylock(&la);
	if (try_result[1])
		raw_spin_unlock(&la);
}

TEST(lockdep_trylock,
     "A trylock fails while another CPU holds the lock and succeeds once it is free.")
{
	/* CPU0 starts and takes the lock; CPU1 tries; CPU0 runs to the end;
	 * CPU1 tries again. */
	static const uint8_t order[] = { 0, 0, 1, 1, 0, 0, 0, 0 };
	const struct sim_outcome *o;

	work0 = try_work;
	work1 = try_work;
	o = toy_run(setup, 2, order, sizeof(order));
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	CHECK(!try_result[0]);
	CHECK(try_result[1]);
}

TEST(lockdep_rq_held_count,
     "sim_rq_locks_held() counts rq-class locks held across CPUs and returns to zero.")
{
	const struct sim_outcome *o;

	o = run2(rq_nested_ok, NULL);
	CHECK(o->result == SIM_CLEAN);
	CHECK(sim_rq_locks_held() == 0);
}

static raw_spinlock_t doomed;

static void destroy_held(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&doomed);
	sim_lock_destroy(&doomed);
}

static void destroy_free(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&doomed);
	raw_spin_unlock(&doomed);
	sim_lock_destroy(&doomed);
	doomed.owner = 7;	/* freed memory: the invariants must not look */
}

static void setup_destroy(void)
{
	sim_lock_init(&doomed, "doomed", NULL, 0);
	sim_queue_work(0, work0, NULL, "w0");
}

TEST(lockdep_destroy,
     "A lock freed while held is a finding; a freed free lock is forgotten, so the invariants no longer read it.")
{
	const struct sim_outcome *o;

	work0 = destroy_held;
	o = toy_run(setup_destroy, 2, NULL, 0);
	CHECK_STR_EQ(o->id, "LOCKDEP:held-lock-freed");
	work0 = destroy_free;
	o = toy_run(setup_destroy, 2, NULL, 0);
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
}

static int fifo_order[4];
static int fifo_n;

static void fifo_greedy(void *arg)
{
	int i;

	(void)arg;
	SIM_FRAME();
	/* Takes the lock, and retakes it at once after each release. */
	for (i = 0; i < 3; i++) {
		raw_spin_lock(&la);
		fifo_order[fifo_n++] = 0;
		raw_spin_unlock(&la);
	}
}

static void fifo_waiter(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&la);
	fifo_order[fifo_n++] = 1;
	raw_spin_unlock(&la);
}

TEST(lock_fifo_no_starvation,
     "Locks are queued like qspinlock: a CPU that releases and retakes a lock gets it after a CPU already waiting, even when the fallback keeps running the retaking CPU.")
{
	/* CPU0 takes the lock, CPU1 then queues, then no more input. */
	static const uint8_t order[] = { 0, 0, 1 };
	const struct sim_outcome *o;

	fifo_n = 0;
	work0 = fifo_greedy;
	work1 = fifo_waiter;
	o = toy_run(setup, 2, order, sizeof(order));
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	CHECK(fifo_n == 4);
	CHECK(fifo_order[0] == 0);
	CHECK(fifo_order[1] == 1);	/* the waiter, before CPU0's retake */
}

static bool tq_result;

static void tq_holder(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&la);
	sim_sched_point("holding");
	raw_spin_unlock(&la);
	tq_result = raw_spin_trylock(&la);
	if (tq_result)
		raw_spin_unlock(&la);
}

static void tq_waiter(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&la);
	raw_spin_unlock(&la);
}

TEST(lock_trylock_respects_queue,
     "A trylock fails while another CPU is queued for the lock, even in the instant the lock is free; the queued CPU then gets it.")
{
	/* CPU0 starts and takes the lock; CPU1 starts and queues; CPU0
	 * releases and, still ahead of CPU1, tries again. */
	static const uint8_t seq[] = { 0, 0, 1, 0, 0 };
	const struct sim_outcome *o;

	work0 = tq_holder;
	work1 = tq_waiter;
	tq_result = true;
	o = toy_run(setup, 2, seq, sizeof(seq));
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	CHECK(!tq_result);
}

static raw_spinlock_t rq2;
static bool subclass_reset;

static void nest_three(void *arg)
{
	(void)arg;
	SIM_FRAME();
	/* As after double_lock_balance(): rq1 ends up held nested. */
	raw_spin_lock(&rq0);
	raw_spin_lock_nested(&rq1, SINGLE_DEPTH_NESTING);
	raw_spin_unlock(&rq0);
	if (subclass_reset)
		sim_lock_set_subclass(&rq1, 0);
	raw_spin_lock_nested(&rq2, SINGLE_DEPTH_NESTING);
	raw_spin_unlock(&rq2);
	raw_spin_unlock(&rq1);
}

static void setup_three(void)
{
	setup();
	raw_spin_lock_init_class(&rq2, "rq2->__lock", &class_rq, 2);
}

TEST(lockdep_set_subclass,
     "A lock left held at subclass 1 must be set back to 0 (lock_set_subclass) before another of its class nests under it, as double_unlock_balance() does.")
{
	const struct sim_outcome *o;

	work0 = nest_three;
	work1 = NULL;
	subclass_reset = false;
	o = toy_run(setup_three, 2, NULL, 0);
	CHECK_STR_EQ(o->id, "LOCKDEP:possible-recursive-locking");
	subclass_reset = true;
	o = toy_run(setup_three, 2, NULL, 0);
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
}

static void take_doomed(void *arg)
{
	(void)arg;
	SIM_FRAME();
	raw_spin_lock(&doomed);
	raw_spin_unlock(&doomed);
}

static void setup_destroy_waited(void)
{
	sim_lock_init(&doomed, "doomed", NULL, 0);
	sim_queue_work(0, destroy_free, NULL, "w0");
	sim_queue_work(1, take_doomed, NULL, "w1");
}

TEST(lockdep_destroy_waited,
     "A lock freed while another CPU spins on it is a KASAN finding at the free (the spinner would read freed memory next); over 256 interleavings it is seen, and every other run is clean, a held-lock free, or CPU1 stuck on the freed lock's garbage owner.")
{
	unsigned int seed, spun = 0;
	uint8_t buf[8];

	for (seed = 0; seed < 256; seed++) {
		const struct sim_outcome *o;

		toy_fill_random(buf, sizeof(buf), seed);
		o = toy_run(setup_destroy_waited, 2, buf, sizeof(buf));
		/* CPU1 before CPU0's lock or after its unlock: clean; between
		 * them and granted first: CPU0 frees it held; after the free:
		 * the garbage owner never lets go. */
		if (o->result == SIM_CLEAN || !strcmp(o->id, "LOCKDEP:held-lock-freed") ||
		    !strcmp(o->id, "LIVENESS:deadlock"))
			continue;
		CHECK_STR_EQ(o->id, "KASAN:use-after-free:spin on a freed lock");
		CHECK_STR_CONTAINS(o->report, "CPU1 spins on doomed");
		spun++;
	}
	CHECK_MSG(spun > 0, "no interleaving had CPU1 spin on the lock as it was freed");
}
