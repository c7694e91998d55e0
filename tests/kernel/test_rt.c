// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of rt.c: class order, RT pull on a priority drop, RT push to a CPU
 * running lower-priority work, CPU selection within the affinity, RR time
 * slices, and determinism.  Every test runs in both variants (fixed and
 * stale-prev); none of these scenarios has a donor change across a lock
 * drop, so both must run clean.
 */
#include "kharness.h"

/* Reset and boot a machine that stops at simulated time 'until'. */
static struct task_struct *krr(const char *name, int cpu, uint64_t mask,
			       int prio, uint64_t at)
{
	struct sim_task_attr a = {
		.name = name, .policy = SCHED_RR, .rt_priority = prio,
		.cpus_allowed = mask, .cpu = cpu, .fork_at = at,
	};

	return sim_task_create(&a);
}

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

static struct task_struct *o_F, *o_R, *o_D;

/* One CPU: fair F at 0, RT R at 1 ms, DL D at 2 ms. */
static void order_setup(uint64_t until)
{
	kboot_until(1, until);
	o_F = kfair("F", 0, 0x1, 0, 0);
	o_R = krt("R", 0, 0x1, 50, 1 * MS);
	o_D = kdl("D", 0, 0x1, 5 * MS, 20 * MS, 20 * MS, 2 * MS);
}

TEST(rt_class_order,
     "On one CPU a DL task beats an RT task, which beats a fair task: each preempts on arrival and becomes curr and donor.")
{
	struct rq *rq = cpu_rq(0);

	order_setup(MS / 2);
	CHECK_CLEAN(sim_run());
	CHECK(rq->curr == o_F);
	CHECK(rq->donor == o_F);

	order_setup(MS + MS / 2);
	CHECK_CLEAN(sim_run());
	CHECK(rq->curr == o_R);
	CHECK(rq->donor == o_R);
	CHECK(rq->rt.highest_prio.curr == o_R->prio);
	CHECK(rq->rt.rt_nr_running == 1);
	CHECK(sim_rt_task_queued(rq, o_R));
	CHECK(task_on_rq_queued(o_F));

	order_setup(2 * MS + MS / 2);
	CHECK_CLEAN(sim_run());
	CHECK(rq->curr == o_D);
	CHECK(rq->donor == o_D);
	CHECK(rq->dl.curr == &o_D->dl);
	CHECK(sim_rt_task_queued(rq, o_R));
	CHECK(rq->nr_running == 3);
	/* One CPU: nothing is pushable, nothing overloaded. */
	CHECK(!rq->rt.overloaded);
	CHECK(rq->rd->rto_count == 0);
}

/* ---------------------------------------------------------------------- */

static struct task_struct *p_H, *p_X, *p_Y, *p_W1, *p_W2;

/*
 * CPU0 runs H (FIFO 50) with W1 (FIFO 30, {0,1}) and W2 (FIFO 40, {0,2})
 * waiting: no CPU runs lower than them, so they stay, pushable.  CPU1
 * runs X (FIFO 60), CPU2 runs Y (FIFO 70), each pinned.  At 2 ms X goes to
 * sleep and CPU1 drops to idle: balance_rt() pulls.
 */
static void pull_setup(const uint8_t *choices, size_t n)
{
	kboot(3, choices, n);
	p_H = krt("H", 0, 0x1, 50, 0);
	p_X = krt("X", 1, 0x2, 60, 0);
	p_Y = krt("Y", 2, 0x4, 70, 0);
	p_W1 = krt("W1", 0, 0x3, 30, 1 * MS);
	p_W2 = krt("W2", 0, 0x5, 40, 1 * MS);
	kop(1, 2 * MS, SIM_OP_SLEEP, 0, 0);
}

TEST(rt_pull_on_priority_drop,
     "When a CPU drops to a lower priority, balance_rt() pulls the highest-priority pushable task that may run there, skipping a higher one outside the CPU's affinity.")
{
	struct root_domain *rd = &sim_root_domain;

	pull_setup(NULL, 0);
	CHECK_CLEAN(sim_run());
	CHECK(p_X->on_rq == 0);
	/* W2 is higher but may not run on CPU1: W1 is pulled. */
	CHECK(task_cpu(p_W1) == 1);
	CHECK(cpu_rq(1)->curr == p_W1);
	CHECK(cpu_rq(1)->donor == p_W1);
	CHECK(task_cpu(p_W2) == 0);
	CHECK(cpu_rq(0)->curr == p_H);
	/* W2 is still pushable on CPU0: CPU0 alone is RT-overloaded. */
	CHECK(cpu_rq(0)->rt.overloaded);
	CHECK(cpumask_test_cpu(0, &rd->rto_mask));
	CHECK(!cpumask_test_cpu(1, &rd->rto_mask));
	CHECK(rd->rto_count == 1);
	CHECK(cpu_rq(0)->rt.highest_prio.next == p_W2->prio);
	CHECK(cpu_rq(1)->rt.highest_prio.curr == p_W1->prio);
}

TEST(rt_pull_state_before_the_drop,
     "Before the drop, the tasks that cannot preempt anyone wait on CPU0, both pushable, and CPU0 is in rto_mask.")
{
	struct sim_opts o = { .nr_cpus = 3, .max_time_ns = 2 * MS - 1 };

	sim_reset(&o);
	sim_kernel_boot();
	p_H = krt("H", 0, 0x1, 50, 0);
	p_X = krt("X", 1, 0x2, 60, 0);
	p_Y = krt("Y", 2, 0x4, 70, 0);
	p_W1 = krt("W1", 0, 0x3, 30, 1 * MS);
	p_W2 = krt("W2", 0, 0x5, 40, 1 * MS);
	CHECK_CLEAN(sim_run());
	CHECK(task_cpu(p_W1) == 0);
	CHECK(task_cpu(p_W2) == 0);
	CHECK(cpu_rq(1)->curr == p_X);
	CHECK(cpu_rq(0)->rt.overloaded);
	CHECK(sim_root_domain.rto_count == 1);
	/* The pushable list is in priority order: W2 (higher) first. */
	CHECK(plist_first_entry(&cpu_rq(0)->rt.pushable_tasks, struct task_struct,
				pushable_tasks) == p_W2);
}

/* ---------------------------------------------------------------------- */

static struct task_struct *s_H, *s_F, *s_W;

/*
 * CPU0 runs H (FIFO 50); CPU1 runs the fair F.  W, fair and pinned to
 * CPU0, waits behind H; at 1 ms its affinity grows to {0,1} (it stays
 * where it is), at 2 ms it becomes FIFO 30: switched_to_rt() finds CPU0
 * overloaded and the push callback moves W to CPU1, where it preempts F.
 */
static void push_setup(void)
{
	struct sim_op aff = { .kind = SIM_OP_SETAFFINITY, .mask = 0x3 };
	struct sim_op sch = { .kind = SIM_OP_SETSCHEDULER };

	kboot(2, NULL, 0);
	s_H = krt("H", 0, 0x1, 50, 0);
	s_F = kfair("F", 1, 0x2, 0, 0);
	s_W = kfair("W", 0, 0x1, 0, 0);
	aff.pid = s_W->pid;
	sim_op_queue(0, 1 * MS, &aff);
	sch.pid = s_W->pid;
	sch.attr.policy = SCHED_FIFO;
	sch.attr.rt_priority = 30;
	sim_op_queue(0, 2 * MS, &sch);
}

TEST(rt_push_to_lower_cpu,
     "An RT task that overloads its CPU is pushed to a CPU running lower-priority (fair) work, which it preempts; the overload clears.")
{
	struct root_domain *rd = &sim_root_domain;

	push_setup();
	CHECK_CLEAN(sim_run());
	CHECK(rt_task(s_W));
	CHECK(task_cpu(s_W) == 1);
	CHECK(cpu_rq(1)->curr == s_W);
	CHECK(cpu_rq(1)->donor == s_W);
	CHECK(task_on_rq_queued(s_F));
	CHECK(cpu_rq(0)->curr == s_H);
	CHECK(!cpu_rq(0)->rt.overloaded);
	CHECK(cpumask_empty(&rd->rto_mask));
	CHECK(rd->rto_count == 0);
}

/* ---------------------------------------------------------------------- */

TEST(rt_select_task_rq_allowed_cpu,
     "select_task_rq_rt() moves a task that would not preempt its CPU's RT donor to a lowest-priority CPU of its affinity, not to a lower one outside it.")
{
	struct task_struct *H, *F1, *F2, *W;

	kboot(3, NULL, 0);
	H = krt("H", 0, 0x1, 50, 0);
	F1 = kfair("F1", 1, 0x2, 0, 0);
	F2 = kfair("F2", 2, 0x4, 0, 0);
	W = krt("W", 0, 0x5, 30, 1 * MS);
	CHECK_CLEAN(sim_run());
	CHECK(task_cpu(W) == 2);
	CHECK(cpu_rq(2)->curr == W);
	CHECK(cpu_rq(1)->curr == F1);
	CHECK(cpu_rq(0)->curr == H);
	CHECK(task_on_rq_queued(F2));
	CHECK(sim_root_domain.rto_count == 0);
}

TEST(rt_select_task_rq_stays_when_it_preempts,
     "A task of higher priority than its CPU's RT donor stays there and preempts it; the donor becomes pushable and is pushed to the idle CPU.")
{
	struct task_struct *L, *W;

	kboot(2, NULL, 0);
	L = krt("L", 0, 0x3, 10, 0);
	W = krt("W", 0, 0x3, 30, 1 * MS);
	CHECK_CLEAN(sim_run());
	CHECK(task_cpu(W) == 0);
	CHECK(cpu_rq(0)->curr == W);
	/* The preempted L was pushed to the idle CPU1 by the push callback. */
	CHECK(task_cpu(L) == 1);
	CHECK(cpu_rq(1)->curr == L);
	CHECK(sim_root_domain.rto_count == 0);
}

/* ---------------------------------------------------------------------- */

static struct task_struct *r_A, *r_B;

/* Two SCHED_RR tasks of one priority on one CPU, a tick every ms. */
static void rr_setup(uint64_t until)
{
	uint64_t t;

	kboot_until(1, until);
	r_A = krr("A", 0, 0x1, 50, 0);
	r_B = krr("B", 0, 0x1, 50, 0);
	for (t = 1; t <= 100; t++)
		kop(0, t * MS, SIM_OP_TICK, 0, 0);
}

TEST(rt_rr_timeslice,
     "A SCHED_RR task keeps the CPU for its 100-tick slice against an equal-priority peer, then goes to the tail and the peer runs.")
{
	rr_setup(99 * MS + MS / 2);
	CHECK_CLEAN(sim_run());
	CHECK(cpu_rq(0)->curr == r_A);
	CHECK(r_A->rt.time_slice == 1);
	CHECK(cpu_rq(0)->rt.rr_nr_running == 2);

	rr_setup(100 * MS + MS / 2);
	CHECK_CLEAN(sim_run());
	CHECK(cpu_rq(0)->curr == r_B);
	CHECK(r_A->rt.time_slice == 100);
	/* A went to the tail of its priority list. */
	CHECK(list_last_entry(&cpu_rq(0)->rt.active.queue[r_A->prio],
			      struct sched_rt_entity, run_list) == &r_A->rt);
}

/* ---------------------------------------------------------------------- */

TEST(rt_yield_rotates,
     "sched_yield() of a FIFO task puts it behind an equal-priority peer, which runs.")
{
	struct task_struct *A, *B;

	kboot(1, NULL, 0);
	A = krt("A", 0, 0x1, 50, 0);
	B = krt("B", 0, 0x1, 50, 0);
	kop(0, 1 * MS, SIM_OP_YIELD, 0, 0);
	CHECK_CLEAN(sim_run());
	CHECK(cpu_rq(0)->curr == B);
	CHECK(task_on_rq_queued(A));
	CHECK(list_last_entry(&cpu_rq(0)->rt.active.queue[A->prio],
			      struct sched_rt_entity, run_list) == &A->rt);
}

/* ---------------------------------------------------------------------- */

TEST(rt_digest_stable,
     "The pull scenario replays to the same digest, with and without interleaving choices.")
{
	uint8_t buf[64];
	uint64_t d;

	pull_setup(NULL, 0);
	d = sim_run()->digest;
	pull_setup(NULL, 0);
	CHECK_EQ_U64(sim_run()->digest, d);

	fill_choices(buf, sizeof(buf), 7);
	pull_setup(buf, sizeof(buf));
	d = sim_run()->digest;
	pull_setup(buf, sizeof(buf));
	CHECK_EQ_U64(sim_run()->digest, d);
}

/*
 * The pull scenario with more going on at the drop: CPU0's H sleeps while
 * CPU1 pulls, CPU2's Y raises W1's priority (sched_setattr()) and wakes H,
 * and two ticks land.  Every interleaving the choices pick must run
 * clean, and every task must end on an allowed CPU.
 */
TEST(rt_pull_interleavings_clean,
     "Two hundred interleavings of an RT pull racing a sleep, a priority change, a wakeup and ticks all run clean, each task on an allowed CPU.")
{
	uint8_t buf[256];
	uint32_t seed;

	for (seed = 1; seed <= 200; seed++) {
		struct sim_op sch = { .kind = SIM_OP_SETSCHEDULER };
		const struct sim_outcome *o;
		struct task_struct *t[5];
		int i;

		fill_choices(buf, sizeof(buf), seed);
		pull_setup(buf, sizeof(buf));
		kop(0, 2 * MS, SIM_OP_SLEEP, 0, 0);
		sch.pid = p_W1->pid;
		sch.attr.policy = SCHED_FIFO;
		sch.attr.rt_priority = 45;
		sim_op_queue(2, 2 * MS, &sch);
		kop(2, 2 * MS, SIM_OP_WAKE, 0, p_H->pid);
		kop(0, 2 * MS, SIM_OP_TICK, 0, 0);
		kop(1, 2 * MS, SIM_OP_TICK, 0, 0);
		o = sim_run();
		CHECK_MSG(o->result == SIM_CLEAN, "seed %u:\n%s", seed, o->report);
		t[0] = p_H; t[1] = p_X; t[2] = p_Y; t[3] = p_W1; t[4] = p_W2;
		for (i = 0; i < 5; i++)
			CHECK_MSG(cpumask_test_cpu((int)task_cpu(t[i]), t[i]->cpus_ptr),
				  "seed %u: %s on CPU %u", seed, t[i]->comm, task_cpu(t[i]));
	}
}

/* ---------------------------------------------------------------------- */

static struct task_struct *s_P, *s_A, *s_B;

/*
 * Two CPUs.  P (FIFO 50, either CPU) runs on CPU1 and disables migration
 * at 1 ms; A (FIFO 90, either CPU) arrives there at 2 ms and preempts it,
 * so P waits on CPU1, pinned by the switch-out.  B (FIFO 60, CPU0 only)
 * sleeps at 3 ms: CPU0 pulls, finds P, which may not leave CPU1, and asks
 * CPU1's stopper to push A away instead (get_push_task(), push_cpu_stop()).
 * With 'pin_a', A also disables migration on CPU1 at 3 ms, after the pull
 * (the choices let CPU0 go first), and enables it at 4 ms.
 */
static void stop_push_setup(uint64_t until, bool pin_a)
{
	static const uint8_t cpu0_first[20];

	kboot_with(2, pin_a ? cpu0_first : NULL, pin_a ? sizeof(cpu0_first) : 0, until);
	s_P = krt("P", 1, 0x3, 50, 0);
	s_A = krt("A", 1, 0x3, 90, 2 * MS);
	s_B = krt("B", 0, 0x1, 60, 0);
	kop(1, 1 * MS, SIM_OP_MIGRATE_DISABLE, 0, 0);
	kop(0, 3 * MS, SIM_OP_SLEEP, 0, 0);
	if (pin_a) {
		kop(1, 3 * MS, SIM_OP_MIGRATE_DISABLE, 0, 0);
		kop(1, 4 * MS, SIM_OP_MIGRATE_ENABLE, 0, 0);
	}
}

TEST(rt_push_request_dropped_when_migrate_enable_moves,
     "A task that push_cpu_stop() found pinned (MDF_PUSH) and whose affinity then leaves its CPU is moved by its migrate_enable()'s own stopper call, which drops the push request: it ends on its new CPU with MDF_PUSH clear.")
{
	struct sim_op aff = { .kind = SIM_OP_SETAFFINITY, .mask = 0x1 };
	struct task_struct *C;

	stop_push_setup(3600 * US, true);
	C = kfair("C", 0, 0x1, 0, 0);
	CHECK_CLEAN(sim_run());
	CHECK(s_A->migration_flags & MDF_PUSH);
	CHECK(cpu_rq(0)->curr == C);

	stop_push_setup(0, true);
	C = kfair("C", 0, 0x1, 0, 0);
	aff.pid = s_A->pid;
	sim_op_queue(0, 3700 * US, &aff);
	CHECK_CLEAN(sim_run());
	CHECK(s_A->cpus_mask.bits[0] == 0x1);
	CHECK(task_cpu(s_A) == 0);
	CHECK(!(s_A->migration_flags & MDF_PUSH));
	CHECK(!cpu_rq(1)->push_busy);
	CHECK(cpu_rq(1)->curr == s_P);
}

TEST(rt_pull_of_a_pinned_task_pushes_the_donor,
     "A CPU whose RT pull finds a higher-priority task pinned by migrate_disable() on another CPU asks that CPU's stopper to push its donor away (push_cpu_stop()): the donor moves to the puller, the pinned task runs where it is, push_busy is clear again and the task reference taken for the stopper is dropped.")
{
	struct rq *rq0 = cpu_rq(0), *rq1 = cpu_rq(1);
	int usage;

	stop_push_setup(2500 * US, false);
	CHECK_CLEAN(sim_run());
	CHECK(rq1->curr == s_A);
	CHECK(task_on_rq_queued(s_P) && task_cpu(s_P) == 1);
	CHECK(s_P->migration_disabled == 1);
	CHECK(s_P->cpus_ptr == cpumask_of(1));
	CHECK(cpumask_test_cpu(1, &sim_root_domain.rto_mask));
	CHECK(!rq1->push_busy);
	usage = s_A->usage;

	stop_push_setup(0, false);
	CHECK_CLEAN(sim_run());
	CHECK(task_cpu(s_A) == 0);
	CHECK(rq0->curr == s_A);
	CHECK(rq1->curr == s_P);
	CHECK(task_cpu(s_P) == 1);
	CHECK(!rq1->push_busy);
	CHECK(!(s_A->migration_flags & MDF_PUSH));
	CHECK(s_A->usage == usage);
}

TEST(rt_push_cpu_stop_finds_the_donor_pinned,
     "When the task to push has disabled migration by the time the stopper runs, push_cpu_stop() leaves it and marks it MDF_PUSH; its migrate_enable() asks for the push again, which then moves it to the CPU that had pulled.")
{
	struct rq *rq0 = cpu_rq(0), *rq1 = cpu_rq(1);

	stop_push_setup(3500 * US, true);
	CHECK_CLEAN(sim_run());
	CHECK(rq1->curr == s_A);
	CHECK(task_cpu(s_A) == 1);
	CHECK(s_A->migration_disabled == 1);
	CHECK(s_A->migration_flags & MDF_PUSH);
	CHECK(!rq1->push_busy);
	CHECK(rq0->curr == rq0->idle);

	stop_push_setup(0, true);
	CHECK_CLEAN(sim_run());
	CHECK(s_A->migration_disabled == 0);
	CHECK(!(s_A->migration_flags & MDF_PUSH));
	CHECK(task_cpu(s_A) == 0);
	CHECK(rq0->curr == s_A);
	CHECK(rq1->curr == s_P);
	CHECK(!rq1->push_busy);
}
