// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of fair.c: EEVDF picks, delayed dequeue, wakeup and tick
 * preemption, newidle balancing and can_migrate_task()'s refusals, the
 * fair runqueue checks, and determinism.  Every test runs in both variants.
 */
#include "kharness.h"

/* The fair runqueue of CPU cpu. */
static struct cfs_rq *kcfs(int cpu)
{
	return &cpu_rq(cpu)->cfs;
}

/* ---------------------------------------------------------------------- */
/* EEVDF: at every switch to a fair task, that task is the eligible one
 * with the earliest deadline among everything queued. */

struct eevdf_watch {
	int switches;		/* switches to a fair donor checked */
	int ineligible_first;	/* ... where the earliest deadline was ineligible */
	int bad;		/* picks that were not EEVDF's */
	char why[256];
};

static struct eevdf_watch watch;

static void eevdf_check_switch(int cpu)
{
	struct rq *rq = cpu_rq(cpu);
	struct cfs_rq *cfs_rq = &rq->cfs;
	struct sched_entity *ents[SIM_MAX_TASKS], *next, *best = NULL, *first = NULL;
	struct rb_node *node;
	s64 avg = 0;
	long load = 0;
	int n = 0, i;

	if (rq->donor->sched_class != &fair_sched_class)
		return;
	next = &rq->donor->se;
	if (cfs_rq->curr != next) {
		watch.bad++;
		snprintf(watch.why, sizeof(watch.why), "cpu%d: donor is not cfs_rq->curr", cpu);
		return;
	}
	for (node = rb_first(&cfs_rq->tasks_timeline.rb_root); node; node = rb_next(node))
		ents[n++] = rb_entry(node, struct sched_entity, run_node);
	ents[n++] = next;

	/* V relative to min_vruntime, exactly as vruntime_eligible() sums. */
	for (i = 0; i < n; i++) {
		long w = (long)ents[i]->load.weight;

		avg += (s64)(ents[i]->vruntime - cfs_rq->min_vruntime) * w;
		load += w;
	}
	for (i = 0; i < n; i++) {
		struct sched_entity *se = ents[i];
		bool eligible = avg >= (s64)(se->vruntime - cfs_rq->min_vruntime) * load;

		if (!first || (s64)(se->deadline - first->deadline) < 0)
			first = se;
		if (eligible && (!best || (s64)(se->deadline - best->deadline) < 0))
			best = se;
	}
	watch.switches++;
	if (first != best)
		watch.ineligible_first++;
	if (best != next) {
		watch.bad++;
		snprintf(watch.why, sizeof(watch.why),
			 "cpu%d: picked %s/%d (deadline %llu), EEVDF's choice is %s/%d (deadline %llu)",
			 cpu, rq->donor->comm, rq->donor->pid,
			 (unsigned long long)next->deadline,
			 container_of(best, struct task_struct, se)->comm,
			 container_of(best, struct task_struct, se)->pid,
			 (unsigned long long)best->deadline);
	}
}

/*
 * Not instrumented by ASan: reading the record in the caller's frame on a
 * thread stack reused from an earlier run has tripped stale stack poison
 * (reported as a runtime issue; the check itself stays instrumented).
 */
__attribute__((no_sanitize("address")))
static void eevdf_hook(const struct sim_trace_rec *r, void *arg)
{
	(void)arg;
	if (r->kind == SIM_TR_USER && !strcmp(r->what, "sched_switch"))
		eevdf_check_switch(r->cpu);
}

TEST(fair_eevdf_picks_eligible_earliest_deadline,
     "On one CPU with tasks of different weights that run, sleep and wake, every switch picks the eligible entity with the earliest virtual deadline, and some switches pass over an earlier deadline that is not eligible.")
{
	const struct sim_outcome *o;
	struct task_struct *t[4];
	int i;

	kboot(1, NULL, 0);
	t[0] = kfair("A", 0, 0, 0, 0);
	t[1] = kfair("B", 0, 0, -5, 0);
	t[2] = kfair("C", 0, 0, 5, 100 * US);
	t[3] = kfair("D", 0, 0, 10, 300 * US);
	for (i = 1; i <= 60; i++)
		kop(0, (uint64_t)i * MS, SIM_OP_TICK, 0, 0);
	/* Whoever runs then goes to sleep; each task is woken later. */
	for (i = 0; i < 8; i++) {
		kop(0, (uint64_t)(3 + 7 * i) * MS + 250 * US, SIM_OP_SLEEP, 0, 0);
		kop(0, (uint64_t)(6 + 7 * i) * MS + 500 * US, SIM_OP_WAKE, 0,
		    t[i % 4]->pid);
		kop(0, (uint64_t)(6 + 7 * i) * MS + 600 * US, SIM_OP_WAKE, 0,
		    t[(i + 1) % 4]->pid);
	}
	memset(&watch, 0, sizeof(watch));
	sim_set_trace_hook(eevdf_hook, NULL);
	o = sim_run();
	sim_set_trace_hook(NULL, NULL);
	CHECK_CLEAN(o);
	CHECK_MSG(watch.bad == 0, "%d bad picks; last: %s", watch.bad, watch.why);
	CHECK_MSG(watch.switches >= 20, "only %d switches", watch.switches);
	CHECK_MSG(watch.ineligible_first > 0,
		  "no switch passed over an ineligible earlier deadline (%d switches)",
		  watch.switches);
}

/* ---------------------------------------------------------------------- */
/* Delayed dequeue */

static struct task_struct *dd_A, *dd_B;

/* A runs first; at 0.5 ms it has run past V and goes to sleep. */
static void delayed_setup(uint64_t horizon)
{
	kboot_until(1, horizon);
	dd_A = kfair("A", 0, 0, 0, 0);
	dd_B = kfair("B", 0, 0, 0, 0);
	kop(0, 500 * US, SIM_OP_SLEEP, 0, 0);
}

TEST(fair_delayed_dequeue_keeps_sleeper_queued,
     "A task that sleeps while ineligible stays queued as a delayed entity: on_rq, sched_delayed, counted in nr_queued but not in h_nr_runnable, and B runs.")
{
	const struct sim_outcome *o;

	delayed_setup(1 * MS);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(cpu_rq(0)->curr == dd_B);
	CHECK(dd_A->__state == TASK_INTERRUPTIBLE);
	CHECK(dd_A->on_rq == TASK_ON_RQ_QUEUED);
	CHECK(dd_A->se.on_rq == 1);
	CHECK(dd_A->se.sched_delayed == 1);
	CHECK(kcfs(0)->curr == &dd_B->se);
	CHECK_EQ_U64(kcfs(0)->nr_queued, 2);
	CHECK_EQ_U64(kcfs(0)->h_nr_queued, 2);
	CHECK_EQ_U64(kcfs(0)->h_nr_runnable, 1);
	CHECK_EQ_U64(cpu_rq(0)->nr_running, 2);
	CHECK(sim_fair_task_queued(cpu_rq(0), dd_A));
	/* A is ineligible: its vruntime is past the average. */
	CHECK((s64)(dd_A->se.vruntime - dd_B->se.vruntime) > 0);
}

TEST(fair_delayed_dequeue_wake_requeues,
     "Waking a delayed task requeues it where it is: no longer delayed, TASK_RUNNING, still on_rq, counted runnable again.")
{
	const struct sim_outcome *o;

	delayed_setup(1 * MS);
	kop(0, 700 * US, SIM_OP_WAKE, 0, dd_A->pid);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(dd_A->__state == TASK_RUNNING);
	CHECK(dd_A->on_rq == TASK_ON_RQ_QUEUED);
	CHECK(dd_A->se.on_rq == 1);
	CHECK(dd_A->se.sched_delayed == 0);
	CHECK_EQ_U64(kcfs(0)->nr_queued, 2);
	CHECK_EQ_U64(kcfs(0)->h_nr_runnable, 2);
	CHECK_EQ_U64(cpu_rq(0)->nr_running, 2);
}

TEST(fair_delayed_dequeue_completes_when_picked,
     "Left asleep, the delayed task is dequeued for good once it becomes eligible and a pick finds it: on_rq 0, not delayed, B alone on the runqueue.")
{
	const struct sim_outcome *o;
	int i;

	delayed_setup(20 * MS);
	for (i = 1; i <= 10; i++)
		kop(0, (uint64_t)i * MS, SIM_OP_TICK, 0, 0);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(dd_A->__state == TASK_INTERRUPTIBLE);
	CHECK(dd_A->on_rq == 0);
	CHECK(dd_A->se.on_rq == 0);
	CHECK(dd_A->se.sched_delayed == 0);
	CHECK(!sim_fair_task_queued(cpu_rq(0), dd_A));
	CHECK(cpu_rq(0)->curr == dd_B);
	CHECK_EQ_U64(kcfs(0)->nr_queued, 1);
	CHECK_EQ_U64(kcfs(0)->h_nr_runnable, 1);
	CHECK_EQ_U64(cpu_rq(0)->nr_running, 1);
}

/* ---------------------------------------------------------------------- */
/* Preemption */

static struct task_struct *pr_A, *pr_B;

/*
 * A and B share CPU0.  The tick at 1 ms hands the CPU to B; at 1.2 ms B
 * sleeps while still owed service, so it leaves with positive lag; A runs
 * alone until B is woken at 'wake'.
 */
static void preempt_setup(uint64_t wake, uint64_t horizon)
{
	struct sim_opts opts = { .nr_cpus = 1, .max_time_ns = horizon };

	sim_reset(&opts);
	sim_kernel_boot();
	pr_A = kfair("A", 0, 0, 0, 0);
	pr_B = kfair("B", 0, 0, 0, 0);
	kop(0, 1 * MS, SIM_OP_TICK, 0, 0);
	kop(0, 1200 * US, SIM_OP_SLEEP, 0, 0);
	if (wake)
		kop(0, wake, SIM_OP_WAKE, 0, pr_B->pid);
}

TEST(fair_wakeup_preempts_with_earlier_deadline,
     "B wakes with the lag it left with, eligible and with an earlier deadline than A: the wakeup preempts A at once, with no tick.")
{
	const struct sim_outcome *o;

	/* Before the wakeup: A runs, B is off the runqueue with lag. */
	preempt_setup(0, 2 * MS);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(cpu_rq(0)->curr == pr_A);
	CHECK(pr_B->on_rq == 0);
	CHECK(pr_B->se.sched_delayed == 0);
	CHECK(pr_B->se.vlag > 0);

	preempt_setup(3 * MS, 3 * MS + 100 * US);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(cpu_rq(0)->curr == pr_B);
	CHECK(kcfs(0)->curr == &pr_B->se);
	CHECK(pr_A->on_rq == TASK_ON_RQ_QUEUED);
	CHECK((s64)(pr_B->se.deadline - pr_A->se.deadline) < 0);
	CHECK((s64)(pr_B->se.vruntime - pr_A->se.vruntime) < 0);
}

TEST(fair_reweight_scales_lag,
     "Renicing a sleeping task from 0 to 5 rescales its virtual lag by the weight ratio 1024/335 (reweight_task_fair), so the lag it is owed in real time is kept.")
{
	struct sim_op op = { .kind = SIM_OP_SETSCHEDULER };
	const struct sim_outcome *o;
	s64 vlag;

	preempt_setup(0, 2 * MS);
	o = sim_run();
	CHECK_CLEAN(o);
	vlag = pr_B->se.vlag;
	CHECK(vlag > 0);
	CHECK_EQ_U64(pr_B->se.load.weight, 1024);

	preempt_setup(0, 2 * MS);
	op.pid = pr_B->pid;
	op.attr.policy = SCHED_NORMAL;
	op.attr.nice = 5;
	sim_op_queue(0, 1500 * US, &op);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK_EQ_U64(pr_B->se.load.weight, 335);
	CHECK_EQ_U64((u64)pr_B->se.vlag, (u64)(vlag * 1024 / 335));
}

static struct task_struct *tk_A, *tk_B;

static void tick_setup(uint64_t tick)
{
	struct sim_opts opts = { .nr_cpus = 1, .max_time_ns = 1 * MS };

	sim_reset(&opts);
	sim_kernel_boot();
	tk_A = kfair("A", 0, 0, 0, 0);
	tk_B = kfair("B", 0, 0, 0, 0);
	kop(0, tick, SIM_OP_TICK, 0, 0);
}

TEST(fair_tick_preempts_when_slice_used,
     "A tick after A's half-slice first request (0.35 ms) is used up hands the CPU to B; a tick before it leaves A running.")
{
	const struct sim_outcome *o;

	tick_setup(200 * US);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(cpu_rq(0)->curr == tk_A);
	CHECK((s64)(tk_A->se.vruntime - tk_A->se.deadline) < 0);

	tick_setup(500 * US);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(cpu_rq(0)->curr == tk_B);
	CHECK(kcfs(0)->curr == &tk_B->se);
	CHECK(tk_A->on_rq == TASK_ON_RQ_QUEUED);
	CHECK_EQ_U64(tk_A->se.sum_exec_runtime, 500 * US);
	/* A got a new request when the old one ran out. */
	CHECK((s64)(tk_A->se.deadline - tk_A->se.vruntime) > 0);
}

/* ---------------------------------------------------------------------- */
/* Newidle balancing */

static struct task_struct *nb_A, *nb_B, *nb_C;

/*
 * A (pinned to CPU0) runs with B waiting behind it; C (pinned to CPU1)
 * runs on CPU1 and goes to sleep at 2 ms, so CPU1 newidle-balances.
 */
static void newidle_setup(uint64_t b_mask)
{
	struct sim_opts opts = { .nr_cpus = 2, .max_time_ns = 3 * MS };

	sim_reset(&opts);
	sim_kernel_boot();
	nb_A = kfair("A", 0, 0x1, 0, 0);
	nb_C = kfair("C", 1, 0x2, 0, 0);
	nb_B = kfair("B", 0, b_mask, 0, 100 * US);
	kop(1, 2 * MS, SIM_OP_SLEEP, 0, 0);
}

TEST(fair_newidle_pulls_waiting_task,
     "When CPU1 goes idle, newidle balancing pulls B, waiting on the overloaded CPU0, and runs it; A, running and pinned, stays.")
{
	const struct sim_outcome *o;

	newidle_setup(0x3);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(nb_C->on_rq == 0);
	CHECK_EQ_U64(task_cpu(nb_B), 1);
	CHECK(cpu_rq(1)->curr == nb_B);
	CHECK(kcfs(1)->curr == &nb_B->se);
	CHECK_EQ_U64(task_cpu(nb_A), 0);
	CHECK(cpu_rq(0)->curr == nb_A);
	CHECK_EQ_U64(cpu_rq(0)->nr_running, 1);
	CHECK_EQ_U64(nb_B->se.nr_migrations, 1);
}

TEST(fair_newidle_respects_affinity,
     "With B pinned to CPU0 too, the newidle balance of CPU1 finds nothing it may take: CPU1 stays idle and B waits on CPU0.")
{
	const struct sim_outcome *o;

	newidle_setup(0x1);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK_EQ_U64(task_cpu(nb_B), 0);
	CHECK(nb_B->on_rq == TASK_ON_RQ_QUEUED);
	CHECK(cpu_rq(1)->curr == cpu_rq(1)->idle);
	CHECK_EQ_U64(cpu_rq(0)->nr_running, 2);
	CHECK_EQ_U64(nb_B->se.nr_migrations, 0);
}

/* ---------------------------------------------------------------------- */
/* can_migrate_task() */

struct cm_result {
	bool ran;
	struct task_struct *curr, *donor, *blocked_task;
	int running, waiting, blocked, donor_unblocked, active_waiting;
};

static struct cm_result cm;
static struct task_struct *cm_A, *cm_B, *cm_O, *cm_D1, *cm_D2;

/* Runs on CPU1: lock rq0 and ask can_migrate_task() about its tasks. */
static void cm_probe(void *arg)
{
	struct rq *rq = cpu_rq(0);
	struct rq_flags rf;

	(void)arg;
	rq_lock(rq, &rf);
	update_rq_clock(rq);
	cm.ran = true;
	cm.curr = rq->curr;
	cm.donor = rq->donor;
	if (cm_B) {
		cm.running = sim_fair_can_migrate_task(rq->curr, 1, false);
		cm.waiting = sim_fair_can_migrate_task(cm_B, 1, false);
	} else {
		struct task_struct *donor = rq->donor;
		struct mutex *m = donor->blocked_on;

		/* As an active balance asks: hotness out of the way, the only
		 * refusals left are the ones under test. */
		cm.running = sim_fair_can_migrate_task(rq->curr, 1, true);
		cm.blocked_task = donor == cm_D1 ? cm_D2 : cm_D1;
		cm.blocked = sim_fair_can_migrate_task(cm.blocked_task, 1, true);
		/* The donor check on its own: blocked_on hidden for a moment. */
		donor->blocked_on = NULL;
		cm.donor_unblocked = sim_fair_can_migrate_task(donor, 1, true);
		/* The control: with blocked_on hidden too, the waiter may go. */
		m = cm.blocked_task->blocked_on;
		cm.blocked_task->blocked_on = NULL;
		cm.active_waiting = sim_fair_can_migrate_task(cm.blocked_task, 1, true);
		cm.blocked_task->blocked_on = m;
		donor->blocked_on = m;
	}
	rq_unlock(rq, &rf);
}

TEST(fair_can_migrate_refuses_running_allows_waiting,
     "As newidle asks it, can_migrate_task() refuses CPU0's running task, allowed on CPU1, and accepts the task waiting behind it, which last ran more than the migration cost ago.")
{
	const struct sim_outcome *o;
	struct sim_opts opts = { .nr_cpus = 2, .max_time_ns = 3 * MS };

	sim_reset(&opts);
	sim_kernel_boot();
	memset(&cm, 0, sizeof(cm));
	cm_A = kfair("A", 0, 0x3, 0, 0);
	kfair("H", 1, 0x2, 0, 0);
	cm_B = kfair("B", 0, 0x3, 0, 100 * US);
	/* Past the migration cost (0.5 ms) since B's exec_start (0). */
	sim_queue_event(1, 2 * MS, SIM_EV_WORK, cm_probe, NULL, "probe");
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(cm.ran);
	CHECK(cm.curr == cm_A);
	CHECK_EQ_U64(task_cpu(cm_B), 0);
	CHECK(cm.running == 0);
	CHECK(cm.waiting == 1);
}

TEST(fair_can_migrate_refuses_blocked_and_donor,
     "D1 and D2 block on O's mutex on CPU0, where O runs for whichever is the donor: with CPU1 idle, can_migrate_task() refuses O (running, not the donor), the blocked waiter that is not the donor, and the donor with its blocked_on hidden; that waiter unblocked may go.")
{
	const struct sim_outcome *o;
	struct sim_opts opts = { .nr_cpus = 2, .max_time_ns = 4 * MS };
	struct sim_op aff = { .kind = SIM_OP_SETAFFINITY, .mask = 0x3 };
	int i;

	sim_reset(&opts);
	sim_kernel_boot();
	memset(&cm, 0, sizeof(cm));
	cm_B = NULL;
	cm_O = kfair("O", 0, 0x3, 0, 0);
	cm_D1 = kfair("D1", 0, 0x1, 0, 100 * US);
	cm_D2 = kfair("D2", 0, 0x1, 0, 200 * US);
	sim_mutex_create("M");
	kop(0, 50 * US, SIM_OP_MUTEX_LOCK, 0, 0);		/* O takes M */
	/* Ticks share CPU0; whichever D runs at a lock op blocks on M (O,
	 * owning it, skips).  Then the Ds may run on CPU1 too. */
	for (i = 1; i <= 12; i++) {
		kop(0, (uint64_t)i * 250 * US, SIM_OP_TICK, 0, 0);
		kop(0, (uint64_t)i * 250 * US + 100 * US, SIM_OP_MUTEX_LOCK, 0, 0);
	}
	aff.pid = cm_D1->pid;
	sim_op_queue(0, 3200 * US, &aff);
	aff.pid = cm_D2->pid;
	sim_op_queue(0, 3200 * US, &aff);
	sim_queue_event(1, 3500 * US, SIM_EV_WORK, cm_probe, NULL, "probe");
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(cm.ran);
	CHECK_EQ_U64(task_cpu(cm_D1), 0);
	CHECK_EQ_U64(task_cpu(cm_D2), 0);
	CHECK(cm_D1->blocked_on == sim_mutex_by_id(0));
	CHECK(cm_D2->blocked_on == sim_mutex_by_id(0));
	CHECK(cpumask_test_cpu(1, cm_D1->cpus_ptr) && cpumask_test_cpu(1, cm_D2->cpus_ptr));
	CHECK(cpu_rq(1)->curr == cpu_rq(1)->idle);
	CHECK_MSG(cm.curr == cm_O, "curr is %s", cm.curr->comm);
	CHECK_MSG(cm.donor == cm_D1 || cm.donor == cm_D2, "donor is %s", cm.donor->comm);
	CHECK(cm.running == 0);
	CHECK(cm.blocked == 0);
	CHECK(cm.donor_unblocked == 0);
	CHECK(cm.active_waiting == 1);
}

/* ---------------------------------------------------------------------- */
/* A busier machine: invariants, determinism */

static void busy_setup(const uint8_t *choices, size_t n)
{
	struct task_struct *t[6];
	int i;

	kboot(3, choices, n);
	for (i = 0; i < 6; i++) {
		static const char *const names[6] = { "T0", "T1", "T2", "T3", "T4", "T5" };

		t[i] = kfair(names[i], i % 3, i == 5 ? 0x4 : 0, (i % 3) * 3 - 3,
			     (uint64_t)i * 50 * US);
	}
	for (i = 1; i <= 30; i++) {
		/* Ticks land on every CPU at once: the choices interleave them. */
		kop(0, (uint64_t)i * 500 * US, SIM_OP_TICK, 0, 0);
		kop(1, (uint64_t)i * 500 * US, SIM_OP_TICK, 0, 0);
		kop(2, (uint64_t)i * 500 * US, SIM_OP_TICK, 0, 0);
		if (i % 4 == 0)
			kop((i + 1) % 3, (uint64_t)i * 500 * US + 70 * US, SIM_OP_SLEEP, 0, 0);
		if (i % 4 == 2)
			kop(i % 3, (uint64_t)i * 500 * US + 30 * US, SIM_OP_WAKE, 0,
			    t[i % 6]->pid);
		if (i % 7 == 0)
			kop((i + 2) % 3, (uint64_t)i * 500 * US + 90 * US, SIM_OP_YIELD, 0, 0);
	}
	for (i = 0; i < 6; i++)
		kop(i % 3, 16 * MS + (uint64_t)i * 10 * US, SIM_OP_WAKE, 0, t[i]->pid);
}

TEST(fair_busy_machine_runs_clean,
     "Six fair tasks on three CPUs that tick, sleep, wake and yield, under many interleavings, keep every fair runqueue consistent and end clean.")
{
	uint8_t buf[64];
	int seed;

	for (seed = 0; seed < 40; seed++) {
		const struct sim_outcome *o;
		size_t i;

		for (i = 0; i < sizeof(buf); i++)
			buf[i] = (uint8_t)((seed * 131 + (int)i * 29 + (int)(i * i)) % 251);
		busy_setup(buf, (size_t)seed);
		o = sim_run();
		CHECK_MSG(o->result == SIM_CLEAN, "seed %d:\n%s", seed, o->report);
	}
}

TEST(fair_same_run_same_digest,
     "The same fair workload and choices run twice give the same digest; other choices give another.")
{
	static const uint8_t choices[] = { 1, 0, 2, 1, 1, 0, 2, 2, 0, 1, 2, 0 };
	const struct sim_outcome *o;
	uint64_t d1, d2;

	busy_setup(choices, sizeof(choices));
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(o->choices_used > 0);
	d1 = o->digest;
	busy_setup(choices, sizeof(choices));
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK_EQ_U64(o->digest, d1);
	busy_setup(NULL, 0);
	o = sim_run();
	CHECK_CLEAN(o);
	d2 = o->digest;
	CHECK(d2 != d1);
}
