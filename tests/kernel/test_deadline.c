// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of deadline.c: runtime throttling from ticks and replenishment by
 * the timer, sched_yield(), dl_rq->curr, DL pull (the balance_dl() path of
 * the seed race, from a throttled donor) and push, CPU selection within
 * the affinity, and determinism.  Every test runs in both variants; none
 * of these scenarios changes a donor across a lock drop, so both must run
 * clean.
 */
#include "kharness.h"

/* A deterministic byte stream for interleaving families (LCG). */
static void fill_choices(uint8_t *buf, size_t n, uint32_t seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		buf[i] = (uint8_t)(seed >> 16);
	}
}

/* ---------------------------------------------------------------------- */

static struct task_struct *t_D, *t_F;

/* One CPU: D (2 ms every 10 ms) and a fair F; ticks at 1, 2 and 3 ms. */
static void throttle_setup(uint64_t until)
{
	kboot_until(1, until);
	t_F = kfair("F", 0, 0x1, 0, 0);
	t_D = kdl("D", 0, 0x1, 2 * MS, 10 * MS, 10 * MS, 0);
	kop(0, 1 * MS, SIM_OP_TICK, 0, 0);
	kop(0, 2 * MS, SIM_OP_TICK, 0, 0);
	kop(0, 3 * MS, SIM_OP_TICK, 0, 0);
}

TEST(dl_runs_with_budget,
     "A DL task preempts a fair one; before its budget is spent it runs as curr, donor and dl_rq->curr, charged by each tick.")
{
	struct rq *rq = cpu_rq(0);

	throttle_setup(1 * MS + MS / 2);
	CHECK_CLEAN(sim_run());
	CHECK(rq->curr == t_D);
	CHECK(rq->donor == t_D);
	CHECK(rq->dl.curr == &t_D->dl);
	CHECK(!t_D->dl.dl_throttled);
	CHECK_EQ_U64(t_D->dl.deadline, SIM_CLOCK_BASE + 10 * MS);
	CHECK_EQ_U64((u64)t_D->dl.runtime, 1 * MS);
	CHECK(sim_dl_task_queued(rq, t_D));
	CHECK(rq->dl.earliest_dl.curr == t_D->dl.deadline);
}

TEST(dl_throttle_on_exhausted_runtime,
     "The tick that spends a DL task's runtime throttles it: off the dl_rq with on_rq still set, the replenishment timer armed for the next period, and the fair task runs.")
{
	struct rq *rq = cpu_rq(0);

	throttle_setup(5 * MS);
	CHECK_CLEAN(sim_run());
	CHECK(t_D->dl.dl_throttled);
	CHECK(t_D->dl.runtime <= 0);
	CHECK(t_D->on_rq == TASK_ON_RQ_QUEUED);
	CHECK(!sim_dl_task_queued(rq, t_D));
	CHECK(rq->dl.dl_nr_running == 0);
	CHECK(hrtimer_active(&t_D->dl.dl_timer));
	CHECK_EQ_U64(hrtimer_get_expires(&t_D->dl.dl_timer), SIM_CLOCK_BASE + 10 * MS);
	CHECK(rq->curr == t_F);
	CHECK(rq->donor == t_F);
	CHECK(rq->dl.curr == NULL);
}

TEST(dl_replenish_by_timer,
     "At the next period the replenishment timer recharges the throttled task, puts it back on its dl_rq with a new deadline, and it preempts the fair task.")
{
	struct rq *rq = cpu_rq(0);

	throttle_setup(12 * MS);
	CHECK_CLEAN(sim_run());
	CHECK(!t_D->dl.dl_throttled);
	CHECK_EQ_U64((u64)t_D->dl.runtime, 2 * MS);
	CHECK_EQ_U64(t_D->dl.deadline, SIM_CLOCK_BASE + 20 * MS);
	CHECK(!hrtimer_active(&t_D->dl.dl_timer));
	CHECK(sim_dl_task_queued(rq, t_D));
	CHECK(rq->curr == t_D);
	CHECK(rq->dl.curr == &t_D->dl);
}

TEST(dl_yield_waits_for_next_period,
     "sched_yield() of a DL task throttles it until its next period, which starts it with a full runtime.")
{
	struct rq *rq = cpu_rq(0);

	kboot_until(1, 5 * MS);
	t_F = kfair("F", 0, 0x1, 0, 0);
	t_D = kdl("D", 0, 0x1, 2 * MS, 10 * MS, 10 * MS, 0);
	kop(0, 1 * MS, SIM_OP_YIELD, 0, 0);
	CHECK_CLEAN(sim_run());
	CHECK(t_D->dl.dl_throttled);
	CHECK(t_D->dl.dl_yielded);
	CHECK(rq->curr == t_F);

	kboot_until(1, 12 * MS);
	t_F = kfair("F", 0, 0x1, 0, 0);
	t_D = kdl("D", 0, 0x1, 2 * MS, 10 * MS, 10 * MS, 0);
	kop(0, 1 * MS, SIM_OP_YIELD, 0, 0);
	CHECK_CLEAN(sim_run());
	CHECK(!t_D->dl.dl_throttled);
	CHECK(!t_D->dl.dl_yielded);
	CHECK_EQ_U64((u64)t_D->dl.runtime, 2 * MS);
	CHECK_EQ_U64(t_D->dl.deadline, SIM_CLOCK_BASE + 20 * MS);
	CHECK(rq->curr == t_D);
}

TEST(dl_sleep_clears_class_current,
     "A DL task going to sleep stops being dl_rq->curr; the fair task that follows is the donor.")
{
	struct rq *rq = cpu_rq(0);

	kboot(1, NULL, 0);
	t_F = kfair("F", 0, 0x1, 0, 0);
	t_D = kdl("D", 0, 0x1, 2 * MS, 10 * MS, 10 * MS, 0);
	kop(0, 1 * MS, SIM_OP_SLEEP, 0, 0);
	CHECK_CLEAN(sim_run());
	CHECK(t_D->on_rq == 0);
	CHECK(rq->dl.curr == NULL);
	CHECK(rq->dl.dl_nr_running == 0);
	CHECK(rq->curr == t_F);
	CHECK(rq->donor == t_F);
}

/* ---------------------------------------------------------------------- */

static struct task_struct *b_D, *b_E1, *b_E2;

/*
 * The balance_dl() path of the seed race, without proxy execution: CPU1
 * runs D (2 ms every 10 ms, pinned); CPU0 is DL-overloaded with E1
 * (pinned) running and E2 ({0,1}) waiting, its deadline too late to be
 * pushed anywhere.  The 2 ms tick throttles D; CPU1 reschedules with the
 * throttled D as its donor, balance_dl() sees it off the dl_rq and calls
 * pull_dl_task(), which drops rq1's lock in double_lock_balance() and
 * pulls E2.
 */
static void pull_setup(const uint8_t *choices, size_t n, uint64_t until)
{
	struct sim_opts o = {
		.nr_cpus = 2, .choices = choices, .nr_choices = n,
		.max_time_ns = until,
	};

	sim_reset(&o);
	sim_kernel_boot();
	b_D = kdl("D", 1, 0x2, 2 * MS, 10 * MS, 10 * MS, 0);
	b_E1 = kdl("E1", 0, 0x1, 10 * MS, 30 * MS, 30 * MS, MS / 2);
	b_E2 = kdl("E2", 0, 0x3, 10 * MS, 40 * MS, 40 * MS, MS / 2);
	kop(1, 1 * MS, SIM_OP_TICK, 0, 0);
	kop(1, 2 * MS, SIM_OP_TICK, 0, 0);
}

TEST(dl_overload_before_the_throttle,
     "Before the throttle, E2 waits on CPU0 (no CPU has a later deadline), which is DL-overloaded.")
{
	struct root_domain *rd = &sim_root_domain;

	pull_setup(NULL, 0, 2 * MS - 1);
	CHECK_CLEAN(sim_run());
	CHECK(task_cpu(b_E2) == 0);
	CHECK(cpu_rq(0)->curr == b_E1);
	CHECK(cpu_rq(1)->curr == b_D);
	CHECK(cpu_rq(0)->dl.overloaded);
	CHECK(cpumask_test_cpu(0, &rd->dlo_mask));
	CHECK(rd->dlo_count == 1);
	CHECK(cpu_rq(0)->dl.earliest_dl.next == b_E2->dl.deadline);
}

TEST(dl_pull_from_throttled_donor,
     "A throttled DL donor makes balance_dl() pull: the earliest pushable task of the overloaded CPU moves to the throttled task's CPU and runs there.")
{
	struct root_domain *rd = &sim_root_domain;
	struct rq *rq1 = cpu_rq(1);

	pull_setup(NULL, 0, 3 * MS);
	CHECK_CLEAN(sim_run());
	CHECK(b_D->dl.dl_throttled);
	CHECK(b_D->on_rq == TASK_ON_RQ_QUEUED);
	CHECK(hrtimer_active(&b_D->dl.dl_timer));
	CHECK(task_cpu(b_E2) == 1);
	CHECK(rq1->curr == b_E2);
	CHECK(rq1->donor == b_E2);
	CHECK(rq1->dl.curr == &b_E2->dl);
	CHECK(cpu_rq(0)->curr == b_E1);
	CHECK(!cpu_rq(0)->dl.overloaded);
	CHECK(cpumask_empty(&rd->dlo_mask));
	CHECK(rd->dlo_count == 0);
}

TEST(dl_replenished_task_preempts_later_deadline,
     "When the pulled-away CPU's throttled task is replenished, its earlier deadline preempts the pulled task.")
{
	struct rq *rq1 = cpu_rq(1);

	pull_setup(NULL, 0, 12 * MS);
	CHECK_CLEAN(sim_run());
	CHECK(!b_D->dl.dl_throttled);
	CHECK_EQ_U64(b_D->dl.deadline, SIM_CLOCK_BASE + 20 * MS);
	CHECK(rq1->curr == b_D);
	CHECK(task_cpu(b_E2) == 1);
	CHECK(sim_dl_task_queued(rq1, b_E2));
	/* E2 waits behind D and may run on CPU0 too: it is pushable, but
	 * E1's earlier deadline on CPU0 keeps it here. */
	CHECK(rq1->dl.overloaded);
}

/* ---------------------------------------------------------------------- */

TEST(dl_push_to_free_cpu,
     "A DL task woken behind an earlier deadline on a pinned task is pushed to a CPU with no DL task, which it preempts.")
{
	struct task_struct *D1, *D2, *F;
	struct root_domain *rd = &sim_root_domain;

	kboot(2, NULL, 0);
	D1 = kdl("D1", 0, 0x1, 5 * MS, 10 * MS, 10 * MS, 0);
	F = kfair("F", 1, 0x2, 0, 0);
	D2 = kdl("D2", 0, 0x3, 5 * MS, 20 * MS, 20 * MS, 1 * MS);
	CHECK_CLEAN(sim_run());
	CHECK(task_cpu(D2) == 1);
	CHECK(cpu_rq(1)->curr == D2);
	CHECK(cpu_rq(1)->dl.curr == &D2->dl);
	CHECK(task_on_rq_queued(F));
	CHECK(cpu_rq(0)->curr == D1);
	CHECK(!cpu_rq(0)->dl.overloaded);
	CHECK(rd->dlo_count == 0);
}

TEST(dl_no_push_to_earlier_deadlines,
     "A waiting DL task is not pushed while every other allowed CPU runs an earlier deadline.")
{
	struct task_struct *D1, *D3, *D2;

	kboot(2, NULL, 0);
	D1 = kdl("D1", 0, 0x1, 5 * MS, 10 * MS, 10 * MS, 0);
	D3 = kdl("D3", 1, 0x2, 5 * MS, 15 * MS, 15 * MS, 0);
	D2 = kdl("D2", 0, 0x3, 5 * MS, 20 * MS, 20 * MS, 1 * MS);
	CHECK_CLEAN(sim_run());
	CHECK(task_cpu(D2) == 0);
	CHECK(cpu_rq(0)->curr == D1);
	CHECK(cpu_rq(1)->curr == D3);
	CHECK(cpu_rq(0)->dl.overloaded);
	CHECK(RB_EMPTY_NODE(&D1->pushable_dl_tasks));
	CHECK(!RB_EMPTY_NODE(&D2->pushable_dl_tasks));
}

TEST(dl_pull_on_sleep,
     "When the only DL task of a CPU sleeps, balance_dl() pulls a waiting DL task from an overloaded CPU.")
{
	struct task_struct *D1, *D3, *D2;

	kboot(2, NULL, 0);
	D1 = kdl("D1", 0, 0x1, 5 * MS, 10 * MS, 10 * MS, 0);
	D3 = kdl("D3", 1, 0x2, 5 * MS, 15 * MS, 15 * MS, 0);
	D2 = kdl("D2", 0, 0x3, 5 * MS, 20 * MS, 20 * MS, 1 * MS);
	kop(1, 2 * MS, SIM_OP_SLEEP, 0, 0);
	CHECK_CLEAN(sim_run());
	CHECK(D3->on_rq == 0);
	CHECK(task_cpu(D2) == 1);
	CHECK(cpu_rq(1)->curr == D2);
	CHECK(cpu_rq(0)->curr == D1);
	CHECK(sim_root_domain.dlo_count == 0);
}

/* ---------------------------------------------------------------------- */

TEST(dl_select_task_rq_allowed_cpu,
     "select_task_rq_dl() sends a DL task woken behind a pinned DL donor to a CPU with no DL task within its affinity, not to a free CPU outside it.")
{
	struct task_struct *W, *D1, *F1, *F2;

	kboot(3, NULL, 0);
	W = kdl("W", 0, 0x5, 1 * MS, 5 * MS, 5 * MS, 0);
	D1 = kdl("D1", 0, 0x1, 5 * MS, 30 * MS, 30 * MS, 0);
	F1 = kfair("F1", 1, 0x2, 0, 0);
	F2 = kfair("F2", 2, 0x4, 0, 0);
	/* W runs first (earlier deadline), sleeps 2 ms; D1 runs meanwhile. */
	{
		struct sim_op op = { .kind = SIM_OP_SLEEP, .timeout = 2 * MS };

		sim_op_queue(0, MS / 2, &op);
	}
	CHECK_CLEAN(sim_run());
	CHECK(W->wake_cpu == 2);
	CHECK(task_cpu(W) == 2);
	CHECK(cpu_rq(2)->curr == W);
	CHECK(cpu_rq(1)->curr == F1);
	CHECK(cpu_rq(0)->curr == D1);
	CHECK(task_on_rq_queued(F2));
}

/* ---------------------------------------------------------------------- */

TEST(dl_digest_stable,
     "The throttle-and-pull scenario replays to the same digest, with and without interleaving choices.")
{
	uint8_t buf[64];
	uint64_t d;

	pull_setup(NULL, 0, 12 * MS);
	d = sim_run()->digest;
	pull_setup(NULL, 0, 12 * MS);
	CHECK_EQ_U64(sim_run()->digest, d);

	fill_choices(buf, sizeof(buf), 11);
	pull_setup(buf, sizeof(buf), 12 * MS);
	d = sim_run()->digest;
	pull_setup(buf, sizeof(buf), 12 * MS);
	CHECK_EQ_U64(sim_run()->digest, d);
}

/*
 * The throttle-and-pull scenario with CPU0 busy at the same moment: E1
 * yields (and throttles), E2's priority is changed, and a tick lands,
 * while CPU1's pull holds the dropped lock window open.  Every
 * interleaving must run clean with each task on an allowed CPU.
 */
TEST(dl_pull_interleavings_clean,
     "Two hundred interleavings of a throttled donor's pull racing a yield, a sched_setattr() and ticks on the source CPU all run clean, each task on an allowed CPU.")
{
	uint8_t buf[256];
	uint32_t seed;

	for (seed = 1; seed <= 200; seed++) {
		struct sim_op sch = { .kind = SIM_OP_SETSCHEDULER };
		const struct sim_outcome *o;
		struct task_struct *t[3];
		int i;

		fill_choices(buf, sizeof(buf), seed);
		pull_setup(buf, sizeof(buf), 30 * MS);
		kop(0, 2 * MS, SIM_OP_YIELD, 0, 0);
		kop(0, 2 * MS, SIM_OP_TICK, 0, 0);
		sch.pid = b_E2->pid;
		sch.attr.policy = SCHED_DEADLINE;
		sch.attr.dl_runtime = 3 * MS;
		sch.attr.dl_deadline = 15 * MS;
		sch.attr.dl_period = 15 * MS;
		sim_op_queue(0, 2 * MS, &sch);
		kop(1, 3 * MS, SIM_OP_TICK, 0, 0);
		kop(0, 3 * MS, SIM_OP_TICK, 0, 0);
		o = sim_run();
		CHECK_MSG(o->result == SIM_CLEAN, "seed %u:\n%s", seed, o->report);
		t[0] = b_D; t[1] = b_E1; t[2] = b_E2;
		for (i = 0; i < 3; i++)
			CHECK_MSG(cpumask_test_cpu((int)task_cpu(t[i]), t[i]->cpus_ptr),
				  "seed %u: %s on CPU %u", seed, t[i]->comm, task_cpu(t[i]));
	}
}

/* ---------------------------------------------------------------------- */
/* The seed race (kernel-study.md 4.2) through this file's balance_dl() */

#define DONOR_WARN "WARN:kernel/sched/sched.h:put_prev_set_next_task:rq->donor != prev"

static struct kseed race;

/*
 * CPU1 runs O, owner of M.  D (SCHED_DEADLINE, 3 ms every 10 ms, affinity
 * {0,2}) runs 2 ms on CPU2, blocks on M and is proxy-migrated to CPU1,
 * where it donates its remaining 1 ms to O.  CPU0 is DL-overloaded (E1
 * pinned, E2 {0,1}).  The 5 ms tick on CPU1 charges D and throttles it;
 * CPU1's __schedule() runs balance_dl() for the throttled donor, whose
 * pull_dl_task() drops rq1's lock; CPU2's SIGKILL to D return-migrates it
 * and makes idle rq1's donor.  The run stops before D's replenishment.
 */
static void race_setup(const uint8_t *choices, size_t n)
{
	struct sim_opts o = {
		.nr_cpus = 3, .choices = choices, .nr_choices = n,
		.max_time_ns = 9 * MS,
	};

	sim_reset(&o);
	sim_kernel_boot();
	kseed_cast(&race);
	kop(1, 5 * MS, SIM_OP_TICK, 0, 0);
	ksignal(2, 5 * MS, race.D->pid, SIGKILL);
}

TEST(dl_seed_race_window,
     "Before the tick, D is the donor of CPU1 with 1 ms of runtime left while O runs as curr, and CPU0 is DL-overloaded.")
{
	struct sim_opts o = { .nr_cpus = 3, .max_time_ns = 4 * MS };

	sim_reset(&o);
	sim_kernel_boot();
	kseed_cast(&race);
	CHECK_CLEAN(sim_run());
	CHECK(task_cpu(race.D) == 1);
	CHECK(race.D->wake_cpu == 2);
	CHECK(cpu_rq(1)->donor == race.D);
	CHECK(cpu_rq(1)->curr == race.O);
	CHECK(cpu_rq(1)->dl.curr == &race.D->dl);
	CHECK(!race.D->dl.dl_throttled);
	CHECK_EQ_U64((u64)race.D->dl.runtime, 1 * MS);
	CHECK(cpu_rq(0)->dl.overloaded);
}

TEST(dl_seed_race_variants,
     "A throttled DL donor's pull_dl_task() drops rq1's lock while a SIGKILL return-migrates the donor: on stale-prev some interleaving trips put_prev_set_next_task()'s donor WARN, on fixed every one runs clean.")
{
	uint8_t buf[320];
	int n, found = -1;

	for (n = 0; n < 300; n++) {
		const struct sim_outcome *o;

		memset(buf, 0, sizeof(buf));
		buf[n] = 1;
		race_setup(buf, (size_t)n + 1);
		o = sim_run();
		if (o->result == SIM_FINDING && !strcmp(o->id, DONOR_WARN)) {
			if (found < 0)
				found = n;
			continue;
		}
		CHECK_MSG(o->result == SIM_CLEAN, "n=%d:\n%s", n, o->report);
		/* In a clean run D is no longer rq1's donor. */
		CHECK_MSG(cpu_rq(1)->donor != race.D, "n=%d: D is still rq1's donor", n);
	}
#ifdef CONFIG_SIM_STALE_PREV
	CHECK_MSG(found >= 0, "no interleaving tripped the donor WARN");
#else
	CHECK_MSG(found < 0, "fixed tripped the donor WARN at n=%d", found);
#endif
}

/* ---------------------------------------------------------------------- */

static struct task_struct *s_P, *s_A, *s_B;

/*
 * The DL face of test_rt.c's stopper push.  P (5 ms every 50 ms, either
 * CPU) runs on CPU1 and disables migration at 1 ms; A (5 ms every 10 ms,
 * either CPU, earlier deadline) arrives there at 2 ms and preempts it, so
 * P waits on CPU1, pinned.  B (1 ms every 10 ms, CPU0 only) sleeps at 3 ms:
 * CPU0 pulls, finds P pinned, and asks CPU1's stopper to push A away
 * (find_lock_later_rq() through push_cpu_stop()).
 */
static void stop_push_setup(uint64_t until)
{
	kboot_until(2, until);
	s_P = kdl("P", 1, 0x3, 5 * MS, 50 * MS, 50 * MS, 0);
	s_A = kdl("A", 1, 0x3, 5 * MS, 10 * MS, 10 * MS, 2 * MS);
	s_B = kdl("B", 0, 0x1, 1 * MS, 10 * MS, 10 * MS, 0);
	kop(1, 1 * MS, SIM_OP_MIGRATE_DISABLE, 0, 0);
	kop(0, 3 * MS, SIM_OP_SLEEP, 0, 0);
}

TEST(dl_pull_of_a_pinned_task_pushes_the_donor,
     "A CPU whose DL pull finds an earlier-deadline task pinned by migrate_disable() on another CPU asks that CPU's stopper to push its donor away: the donor moves to the puller, the pinned task runs where it is, and push_busy is clear again.")
{
	struct rq *rq0 = cpu_rq(0), *rq1 = cpu_rq(1);

	stop_push_setup(2500 * US);
	CHECK_CLEAN(sim_run());
	CHECK(rq1->curr == s_A);
	CHECK(task_on_rq_queued(s_P) && task_cpu(s_P) == 1);
	CHECK(s_P->cpus_ptr == cpumask_of(1));
	CHECK(cpumask_test_cpu(1, &sim_root_domain.dlo_mask));

	stop_push_setup(3500 * US);
	CHECK_CLEAN(sim_run());
	CHECK(task_cpu(s_A) == 0);
	CHECK(rq0->curr == s_A);
	CHECK(rq1->curr == s_P);
	CHECK(!rq1->push_busy);
}
