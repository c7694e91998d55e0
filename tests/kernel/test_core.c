// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of core.c, mutex.c and the driver: the seed race on both variants,
 * proxy execution, migration and return migration, wakeups, affinity and
 * class changes, fork and exit.
 */
#include "kharness.h"

#define DONOR_WARN "WARN:kernel/sched/sched.h:put_prev_set_next_task:rq->donor != prev"

/* ---------------------------------------------------------------------- */
/* The seed race (kernel-study.md 4.2) */

static struct kseed seed;
static int seed_D_pid;

/*
 * CPU1 runs O, owner of M.  D (SCHED_DEADLINE, affinity {0,2}, home CPU2)
 * blocks in mutex_lock_killable(M) and is proxy-migrated to CPU1, where it
 * is the donor while O runs.  CPU0 is DL-overloaded by E1 and E2.  At 5 ms
 * CPU1's tick throttles D and reschedules: balance_dl() pulls from CPU0,
 * dropping rq1's lock in double_lock_balance(); CPU2 sends D a SIGKILL,
 * whose wakeup return-migrates D and makes idle the donor of rq1.
 */
static void seed_setup(const uint8_t *choices, size_t n)
{
	kboot(3, choices, n);
	kseed_cast(&seed);
	kop(1, 5 * MS, SIM_OP_TICK, 0, 0);
	seed_D_pid = seed.D->pid;
	ksignal(2, 5 * MS, seed_D_pid, SIGKILL);
}

/* Choices: the lowest runnable CPU at N points, then the next one. */
static size_t seed_choices(uint8_t *buf, size_t n)
{
	memset(buf, 0, n);
	buf[n] = 1;
	return n + 1;
}

TEST(seed_race_setup_reaches_the_window,
     "Before the race, D (3 ms of budget, 2 ms spent at home) is proxy-migrated to CPU1 and is its donor while O runs as curr, and CPU0 is DL-overloaded.")
{
	const struct sim_outcome *o;
	struct sim_opts opts = { .nr_cpus = 3, .max_time_ns = 4 * MS };

	sim_reset(&opts);
	sim_kernel_boot();
	kseed_cast(&seed);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(task_cpu(seed.D) == 1);
	CHECK(seed.D->wake_cpu == 2);
	CHECK(seed.D->blocked_on == sim_mutex_by_id(0));
	CHECK(cpu_rq(1)->donor == seed.D);
	CHECK(cpu_rq(1)->curr == seed.O);
	CHECK(cpu_rq(0)->curr == seed.E1);
	CHECK(task_cpu(seed.E2) == 0);
	CHECK(cpu_rq(0)->dl.overloaded);
}

TEST(seed_race,
     "The seed race: on stale-prev some interleaving trips put_prev_set_next_task()'s donor WARN; on fixed every interleaving of the family runs clean with every task on an allowed CPU.")
{
	uint8_t buf[400];
	int n, found = -1;
#ifdef CONFIG_SIM_STALE_PREV
	static char first_report[SIM_REPORT_SIZE];
#endif

	for (n = 0; n < 300; n++) {
		const struct sim_outcome *o;
		size_t len = seed_choices(buf, (size_t)n);

		seed_setup(buf, len);
		o = sim_run();
#ifdef CONFIG_SIM_STALE_PREV
		if (o->result == SIM_FINDING && !strcmp(o->id, DONOR_WARN)) {
			found = n;
			snprintf(first_report, sizeof(first_report), "%s", o->report);
			break;
		}
		CHECK_MSG(o->result == SIM_CLEAN || !strcmp(o->id, DONOR_WARN),
			  "N=%d: unexpected finding\n%s", n, o->report);
#else
		CHECK_MSG(o->result == SIM_CLEAN, "N=%d:\n%s", n, o->report);
		if (task_cpu(seed.E1) == 0 && found < 0 &&
		    sim_task_by_pid(seed_D_pid) == NULL)
			found = n;	/* D was killed and is gone */
#endif
	}
	CHECK_MSG(found >= 0, "no interleaving of the family reached the race");
#ifdef CONFIG_SIM_STALE_PREV
	CHECK_STR_CONTAINS(first_report, "WARNING: CPU: 1 PID: ");
	CHECK_STR_CONTAINS(first_report, "put_prev_set_next_task (kernel/sched/sched.h)");
	CHECK_STR_CONTAINS(first_report, "rq->donor != prev");
	CHECK_STR_CONTAINS(first_report, "__schedule (kernel/sched/core.c)");
#endif
}

TEST(seed_race_same_choices_both_variants,
     "The interleaving that trips the WARN on stale-prev runs clean on fixed, leaving D killed and every task on an allowed CPU; each replays to the same digest.")
{
	uint8_t buf[400];
	int n;

	for (n = 0; n < 300; n++) {
		const struct sim_outcome *o;
		size_t len = seed_choices(buf, (size_t)n);
		uint64_t d;

		seed_setup(buf, len);
		o = sim_run();
		d = o->digest;
#ifdef CONFIG_SIM_STALE_PREV
		if (o->result == SIM_CLEAN)
			continue;
		CHECK_STR_EQ(o->id, DONOR_WARN);
#else
		CHECK_CLEAN(o);
#endif
		seed_setup(buf, len);
		o = sim_run();
		CHECK_EQ_U64(o->digest, d);
#ifndef CONFIG_SIM_STALE_PREV
		CHECK(sim_task_by_pid(seed_D_pid) == NULL);
		CHECK(cpumask_test_cpu((int)task_cpu(seed.O), seed.O->cpus_ptr));
		CHECK(cpumask_test_cpu((int)task_cpu(seed.E2), seed.E2->cpus_ptr));
#endif
		return;
	}
#ifdef CONFIG_SIM_STALE_PREV
	CHECK_MSG(0, "no interleaving tripped the WARN");
#endif
}

/* ---------------------------------------------------------------------- */
/* Basics */

TEST(core_boot_idle,
     "A booted machine with no tasks is quiescent at once, every CPU running its idle task as curr and donor.")
{
	const struct sim_outcome *o;
	unsigned int cpu;

	kboot(4, NULL, 0);
	o = sim_run();
	CHECK_CLEAN(o);
	for (cpu = 0; cpu < 4; cpu++) {
		CHECK(cpu_rq(cpu)->curr == cpu_rq(cpu)->idle);
		CHECK(cpu_rq(cpu)->donor == cpu_rq(cpu)->idle);
		CHECK(cpu_rq(cpu)->nr_running == 0);
	}
}

TEST(core_fork_runs,
     "A task forked on a CPU is woken there and runs as its curr and donor.")
{
	struct task_struct *t;
	const struct sim_outcome *o;

	kboot(2, NULL, 0);
	t = kfair("T", 1, 0x2, 0, 0);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(cpu_rq(1)->curr == t);
	CHECK(cpu_rq(1)->donor == t);
	CHECK(t->on_cpu == 1);
	CHECK(t->__state == TASK_RUNNING);
	CHECK(cpu_rq(0)->curr == cpu_rq(0)->idle);
}

TEST(core_fork_op,
     "A running task's fork operation creates a child that runs on an allowed CPU.")
{
	struct sim_op op = { .kind = SIM_OP_FORK };
	struct task_struct *child;
	const struct sim_outcome *o;

	kboot(2, NULL, 0);
	kfair("P", 0, 0x1, 0, 0);
	op.attr.name = "C";
	op.attr.policy = SCHED_NORMAL;
	op.attr.cpus_allowed = 0x2;
	op.attr.cpu = 0;
	sim_op_queue(0, 1 * MS, &op);
	o = sim_run();
	CHECK_CLEAN(o);
	child = sim_task_by_pid(2);
	CHECK(child != NULL);
	CHECK(task_cpu(child) == 1);
	CHECK(cpu_rq(1)->curr == child);
}

TEST(core_task_exit,
     "A task that exits is switched out for good, its slot is poisoned and no runqueue refers to it.")
{
	struct task_struct *t;
	const struct sim_outcome *o;

	kboot(2, NULL, 0);
	t = kfair("T", 0, 0x1, 0, 0);
	kop(0, 1 * MS, SIM_OP_EXIT, 0, 0);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(sim_is_poisoned(t));
	CHECK(sim_task_by_pid(1) == NULL);
	CHECK(cpu_rq(0)->curr == cpu_rq(0)->idle);
	CHECK(cpu_rq(0)->nr_running == 0);
}

/* ---------------------------------------------------------------------- */
/* Proxy execution */

static struct task_struct *px_A, *px_B, *px_C;

/* A (fair) takes M on CPU0; B (FIFO 50) then blocks on M there. */
static void proxy_local_setup(bool unlock)
{
	kboot(2, NULL, 0);
	px_A = kfair("A", 0, 0x1, 0, 0);
	sim_mutex_create("M");
	kop(0, 1 * MS, SIM_OP_MUTEX_LOCK, 0, 0);
	px_B = krt("B", 0, 0x1, 50, 2 * MS);
	kop(0, 3 * MS, SIM_OP_MUTEX_LOCK, 0, 0);
	if (unlock)
		kop(0, 4 * MS, SIM_OP_MUTEX_UNLOCK, 0, 0);
}

TEST(core_proxy_blocked_donor_runs_owner,
     "A blocked RT donor is picked, and the fair lock owner runs as curr on its behalf: rq->donor is the donor, rq->curr the owner.")
{
	const struct sim_outcome *o;

	proxy_local_setup(false);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(px_B->blocked_on == sim_mutex_by_id(0));
	CHECK(task_on_rq_queued(px_B));
	CHECK(cpu_rq(0)->donor == px_B);
	CHECK(cpu_rq(0)->curr == px_A);
	CHECK(px_A->blocked_donor == px_B);
}

TEST(core_mutex_unlock_hands_off_to_donor,
     "When the owner unlocks, the mutex is handed to the task proxying through it, which is no longer blocked; the owner keeps the CPU until it schedules (v27 does not reschedule it), then the donor runs holding the lock.")
{
	const struct sim_outcome *o;
	struct sim_opts opts = { .nr_cpus = 2, .max_time_ns = 4500 * US };

	sim_reset(&opts);
	sim_kernel_boot();
	px_A = kfair("A", 0, 0x1, 0, 0);
	sim_mutex_create("M");
	kop(0, 1 * MS, SIM_OP_MUTEX_LOCK, 0, 0);
	px_B = krt("B", 0, 0x1, 50, 2 * MS);
	kop(0, 3 * MS, SIM_OP_MUTEX_LOCK, 0, 0);
	kop(0, 4 * MS, SIM_OP_MUTEX_UNLOCK, 0, 0);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(__mutex_owner(sim_mutex_by_id(0)) == px_B);
	CHECK(px_B->blocked_on == NULL);
	CHECK(px_B->__state == TASK_RUNNING);
	CHECK(px_A->blocked_donor == NULL);
	CHECK(cpu_rq(0)->curr == px_A);
	CHECK(cpu_rq(0)->donor == px_B);

	proxy_local_setup(true);
	kop(0, 5 * MS, SIM_OP_SCHEDULE, 0, 0);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(__mutex_owner(sim_mutex_by_id(0)) == px_B);
	CHECK(cpu_rq(0)->curr == px_B);
	CHECK(cpu_rq(0)->donor == px_B);
	CHECK(list_empty(&sim_mutex_by_id(0)->wait_list));
}

/* A (fair) owns M on CPU0; B (FIFO, CPU1 only) blocks on M on CPU1; a
 * machine of nr_cpus CPUs, the run stopped at horizon ns (0: none). */
static void proxy_remote_setup(unsigned int nr_cpus, uint64_t horizon,
			       enum sim_op_kind lock_kind)
{
	struct sim_opts opts = { .nr_cpus = nr_cpus, .max_time_ns = horizon };

	sim_reset(&opts);
	sim_kernel_boot();
	px_A = kfair("A", 0, 0x1, 0, 0);
	sim_mutex_create("M");
	kop(0, 1 * MS, SIM_OP_MUTEX_LOCK, 0, 0);
	px_B = krt("B", 1, 0x2, 50, 0);
	kop(1, 2 * MS, lock_kind, 0, 0);
}

TEST(core_proxy_migration,
     "A donor whose lock owner runs on another CPU migrates there (keeping wake_cpu) and donates to the owner, even outside its own affinity.")
{
	const struct sim_outcome *o;

	proxy_remote_setup(2, 0, SIM_OP_MUTEX_LOCK);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(task_cpu(px_B) == 0);
	CHECK(px_B->wake_cpu == 1);
	CHECK(!cpumask_test_cpu(0, px_B->cpus_ptr));
	CHECK(cpu_rq(0)->donor == px_B);
	CHECK(cpu_rq(0)->curr == px_A);
	CHECK(cpu_rq(1)->curr == cpu_rq(1)->idle);
}

static int stopper_migrations;

static void stopper_hook(const struct sim_trace_rec *r, void *arg)
{
	(void)arg;
	if (r->kind == SIM_TR_ACQUIRE && r->func &&
	    !strcmp(r->func, "migration_cpu_stop"))
		stopper_migrations++;
}

TEST(core_setaffinity_of_proxy_donor,
     "sched_setaffinity() of a donor that a proxy runs for moves nothing (affine_move_task()'s early return): it stays the donor on the owner's CPU, and the unlock's wakeup places it on a CPU of its new mask.")
{
	struct sim_op aff = { .kind = SIM_OP_SETAFFINITY, .mask = 0x4 };
	const struct sim_outcome *o;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		proxy_remote_setup(3, pass ? 0 : 4 * MS, SIM_OP_MUTEX_LOCK);
		aff.pid = px_B->pid;
		sim_op_queue(0, 3 * MS, &aff);
		kop(0, 5 * MS, SIM_OP_MUTEX_UNLOCK, 0, 0);
		stopper_migrations = 0;
		sim_set_trace_hook(stopper_hook, NULL);
		o = sim_run();
		sim_set_trace_hook(NULL, NULL);
		CHECK_CLEAN(o);
		CHECK(px_B->cpus_mask.bits[0] == 0x4);
		CHECK(stopper_migrations == 0);
		if (!pass) {
			/* At 4 ms: still the donor on CPU0, A runs for it. */
			CHECK(task_cpu(px_B) == 0);
			CHECK(cpu_rq(0)->donor == px_B);
			CHECK(cpu_rq(0)->curr == px_A);
		} else {
			CHECK(task_cpu(px_B) == 2);
			CHECK(cpu_rq(2)->curr == px_B);
			CHECK(__mutex_owner(sim_mutex_by_id(0)) == px_B);
		}
	}
}

TEST(core_return_migration_on_signal,
     "A proxy-migrated donor woken by a signal is returned to an allowed CPU by the wakeup; its interruptible lock fails and it runs there. The remote wakeup leaves idle as the donor of the owner's CPU until that CPU schedules (v27).")
{
	const struct sim_outcome *o;

	proxy_remote_setup(2, 4500 * US, SIM_OP_MUTEX_LOCK_INTERRUPTIBLE);
	ksignal(1, 4 * MS, 2, SIGUSR1);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(task_cpu(px_B) == 1);
	CHECK(px_B->blocked_on == NULL);
	CHECK(px_B->__state == TASK_RUNNING);
	CHECK(cpu_rq(1)->curr == px_B);
	CHECK(cpu_rq(0)->curr == px_A);
	CHECK(cpu_rq(0)->donor == cpu_rq(0)->idle);
	CHECK(__mutex_owner(sim_mutex_by_id(0)) == px_A);
	CHECK(list_empty(&sim_mutex_by_id(0)->wait_list));

	proxy_remote_setup(2, 0, SIM_OP_MUTEX_LOCK_INTERRUPTIBLE);
	ksignal(1, 4 * MS, 2, SIGUSR1);
	kop(0, 5 * MS, SIM_OP_SCHEDULE, 0, 0);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(cpu_rq(0)->donor == px_A);
	CHECK(cpu_rq(0)->curr == px_A);
	CHECK(cpu_rq(1)->curr == px_B);
}

TEST(core_return_migration_on_sigkill,
     "A proxy-migrated donor killed in mutex_lock_killable() is returned home by the wakeup, leaves the wait list and exits.")
{
	const struct sim_outcome *o;

	proxy_remote_setup(2, 0, SIM_OP_MUTEX_LOCK_KILLABLE);
	ksignal(1, 4 * MS, 2, SIGKILL);
	kop(0, 5 * MS, SIM_OP_SCHEDULE, 0, 0);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(sim_task_by_pid(2) == NULL);
	CHECK(sim_is_poisoned(px_B));
	CHECK(cpu_rq(0)->donor == px_A);
	CHECK(cpu_rq(1)->curr == cpu_rq(1)->idle);
	CHECK(list_empty(&sim_mutex_by_id(0)->wait_list));
}

TEST(finding_blocked_donor_use_after_free,
     "Finding (both variants): the owner's blocked_donor still names a donor that was killed and has exited, and the owner's mutex_unlock() follows it - a use-after-free once the task is reaped (see docs/findings.md).")
{
	const struct sim_outcome *o;

	proxy_remote_setup(2, 0, SIM_OP_MUTEX_LOCK_KILLABLE);
	ksignal(1, 4 * MS, 2, SIGKILL);
	kop(0, 6 * MS, SIM_OP_MUTEX_UNLOCK, 0, 0);
	o = sim_run();
	CHECK(o->result == SIM_FINDING);
	CHECK_STR_EQ(o->id, "KASAN:use-after-free:current->blocked_donor");
	CHECK_STR_CONTAINS(o->report, "__mutex_unlock_slowpath (kernel/locking/mutex.c)");
}

TEST(finding_stale_wake_cpu_outside_affinity,
     "Finding F2 (both variants): D is proxy-migrated to its owner's CPU1, its affinity shrinks to CPU1 (nothing moves, wake_cpu stays CPU0), the owner's own affinity change carries the chain to CPU0, and on the hand-off proxy_needs_return() takes CPU0 for home: D runs outside its affinity (see docs/findings.md).")
{
	struct sim_op aff_d = { .kind = SIM_OP_SETAFFINITY, .mask = 0x2 };
	struct sim_op aff_o = { .kind = SIM_OP_SETAFFINITY, .mask = 0x1 };
	struct task_struct *o_task, *d_task;
	const struct sim_outcome *o;

	kboot(2, NULL, 0);
	o_task = kfair("O", 1, 0, -14, 0);
	d_task = kfair("D", 0, 0, 5, 0);
	aff_d.pid = d_task->pid;
	aff_o.pid = o_task->pid;
	sim_mutex_create("M");
	kop(1, 1 * MS, SIM_OP_MUTEX_LOCK, 0, 0);
	kop(0, 2 * MS, SIM_OP_MUTEX_LOCK, 0, 0);
	sim_op_queue(1, 3 * MS, &aff_d);
	sim_op_queue(1, 3 * MS, &aff_o);
	kop(0, 5 * MS, SIM_OP_MUTEX_UNLOCK, 0, 0);
	o = sim_run();
	CHECK(o->result == SIM_FINDING);
	CHECK_STR_EQ(o->id, "INV:RUNNING_ON_ALLOWED_CPU");
	CHECK_STR_CONTAINS(o->report, "D/");
}

TEST(finding_stale_wake_cpu_migrate_disabled,
     "Finding F2, its migrate_disable() face (both variants): X's affinity change sends T's CPU0 a stopper while T runs, T sleeps first, and migration_cpu_stop() leaves wake_cpu = CPU1 on the sleeping T; a second change allows CPU0 again (nothing moves) and T is woken on CPU0, so wake_cpu stays CPU1. T disables migration on CPU0 and blocks on M, whose owner is pinned to CPU1: proxy-migrated there, it is at its stale 'home', and the unlock wakes it in place: T executes on CPU1 with migration disabled on CPU0 (see docs/findings.md).")
{
	static const uint8_t choices[] = { 1 };
	struct sim_op aff1 = { .kind = SIM_OP_SETAFFINITY, .mask = 0x2 };
	struct sim_op aff01 = { .kind = SIM_OP_SETAFFINITY, .mask = 0x3 };
	struct task_struct *t_task;
	const struct sim_outcome *o;
	char msg[256];

	kboot(2, choices, sizeof(choices));
	kfair("O", 1, 0x2, 0, 0);
	kfair("X", 1, 0x2, 0, 0);
	t_task = kfair("T", 0, 0x3, 0, 0);
	aff1.pid = aff01.pid = t_task->pid;
	sim_mutex_create("M");
	kop(1, 1 * MS, SIM_OP_MUTEX_LOCK, 0, 0);		/* O takes M */
	sim_op_queue(1, 2 * MS, &aff1);				/* by X */
	kop(0, 2 * MS, SIM_OP_SLEEP, 0, 0);			/* T */
	sim_op_queue(1, 3 * MS, &aff01);			/* by X */
	kop(0, 4 * MS, SIM_OP_WAKE, 0, t_task->pid);
	kop(0, 5 * MS, SIM_OP_MIGRATE_DISABLE, 0, 0);		/* T */
	kop(0, 6 * MS, SIM_OP_MUTEX_LOCK, 0, 0);		/* T waits */
	kop(1, 7 * MS, SIM_OP_MUTEX_UNLOCK, 0, 0);		/* O */
	o = sim_run();
	CHECK(o->result == SIM_FINDING);
	CHECK_STR_EQ(o->id, "INV:RUNNING_ON_ALLOWED_CPU");
	CHECK_STR_CONTAINS(o->report, "migration_disabled=1 (cpu 0) pinned");
	CHECK(cpu_rq(1)->curr == t_task);
	CHECK(t_task->migration_disabled == 1 && t_task->sim_md_cpu == 0);
	CHECK(!sim_invariant_holds(SIM_INV_MIGRATION_DISABLED_PINNED, msg, sizeof(msg)));
	CHECK_STR_CONTAINS(msg, "T/3 runs on CPU 1 with migration disabled on CPU 0");
}

TEST(core_blocked_on_chain_of_three,
     "A chain C -> Y -> B -> X -> A is followed to its end: the owner at the end runs on behalf of the top donor, and blocked_donor links the chain back.")
{
	const struct sim_outcome *o;

	kboot(2, NULL, 0);
	px_A = kfair("A", 0, 0x1, 0, 0);
	sim_mutex_create("Y");		/* id 0 */
	sim_mutex_create("X");		/* id 1 */
	kop(0, 1 * MS, SIM_OP_MUTEX_LOCK, 1, 0);	/* A takes X */
	px_B = krt("B", 0, 0x1, 10, 2 * MS);
	kop(0, 3 * MS, SIM_OP_MUTEX_LOCK, 0, 0);	/* B takes Y */
	kop(0, 4 * MS, SIM_OP_MUTEX_LOCK, 1, 0);	/* B waits for X */
	px_C = krt("C", 0, 0x1, 20, 5 * MS);
	kop(0, 6 * MS, SIM_OP_MUTEX_LOCK, 0, 0);	/* C waits for Y */
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(px_C->blocked_on == sim_mutex_by_id(0));
	CHECK(px_B->blocked_on == sim_mutex_by_id(1));
	CHECK(cpu_rq(0)->donor == px_C);
	CHECK(cpu_rq(0)->curr == px_A);
	CHECK(px_B->blocked_donor == px_C);
	CHECK(px_A->blocked_donor == px_B);
}

/* ---------------------------------------------------------------------- */
/* Wakeups, affinity, class changes */

static int ipi_ttwu_seen;

static void ipi_hook(const struct sim_trace_rec *r, void *arg)
{
	(void)arg;
	if (r->kind == SIM_TR_EVENT && !strcmp(r->what, "IPI:ttwu"))
		ipi_ttwu_seen++;
}

TEST(core_wakelist_delivery,
     "Waking a sleeping task whose only CPU is idle queues it on that CPU's wakelist; the IPI activates it there.")
{
	struct task_struct *t;
	const struct sim_outcome *o;

	kboot(2, NULL, 0);
	t = kfair("T", 1, 0x2, 0, 0);
	kop(1, 1 * MS, SIM_OP_SLEEP, 0, 0);
	kop(0, 2 * MS, SIM_OP_WAKE, 0, t->pid);
	ipi_ttwu_seen = 0;
	sim_set_trace_hook(ipi_hook, NULL);
	o = sim_run();
	sim_set_trace_hook(NULL, NULL);
	CHECK_CLEAN(o);
	CHECK(ipi_ttwu_seen == 1);
	CHECK(cpu_rq(1)->curr == t);
	CHECK(list_empty(&cpu_rq(1)->wake_list));
	CHECK(cpu_rq(1)->ttwu_pending == 0);
}

TEST(core_sleep_timeout,
     "A task sleeping with a timeout is woken by its timer and runs again at that time.")
{
	struct task_struct *t;
	struct sim_op op = { .kind = SIM_OP_SLEEP, .timeout = 3 * MS };
	const struct sim_outcome *o;

	kboot(2, NULL, 0);
	t = kfair("T", 0, 0x1, 0, 0);
	sim_op_queue(0, 1 * MS, &op);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK_EQ_U64(o->now_ns, 4 * MS);
	CHECK(cpu_rq(0)->curr == t);
}

TEST(core_setaffinity_of_running_task,
     "sched_setaffinity() of a running task moves it through the stopper to a CPU of its new mask.")
{
	struct task_struct *t;
	struct sim_op op = { .kind = SIM_OP_SETAFFINITY, .mask = 0x4 };
	const struct sim_outcome *o;

	kboot(3, NULL, 0);
	t = kfair("T", 0, 0, 0, 0);
	sim_op_queue((int)0, 1 * MS, &op);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(task_cpu(t) == 2);
	CHECK(t->nr_cpus_allowed == 1);
	CHECK(cpu_rq(2)->curr == t);
	CHECK(cpu_rq(0)->curr == cpu_rq(0)->idle);
}

TEST(core_setscheduler_change_pattern,
     "sched_setattr() turning a running fair task into SCHED_FIFO goes through dequeue/put ... enqueue/set: it stays curr and donor, now in the rt class.")
{
	struct task_struct *t;
	struct sim_op op = { .kind = SIM_OP_SETSCHEDULER };
	const struct sim_outcome *o;

	kboot(2, NULL, 0);
	t = kfair("T", 0, 0x1, 0, 0);
	op.attr.policy = SCHED_FIFO;
	op.attr.rt_priority = 10;
	sim_op_queue(0, 1 * MS, &op);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(t->sched_class == &rt_sched_class);
	CHECK(t->prio == MAX_RT_PRIO - 1 - 10);
	CHECK(cpu_rq(0)->curr == t);
	CHECK(cpu_rq(0)->donor == t);
	CHECK(cpu_rq(0)->cfs.curr == NULL);
	CHECK(cpu_rq(0)->rt.rt_nr_running == 1);
}

TEST(core_digest_stable,
     "The seed scenario gives the same digest on two runs with the same choices.")
{
	uint8_t buf[64];
	uint64_t d;
	size_t len = seed_choices(buf, 20);

	seed_setup(buf, len);
	d = sim_run()->digest;
	seed_setup(buf, len);
	CHECK_EQ_U64(sim_run()->digest, d);
}

TEST(core_setscheduler_to_deadline,
     "sched_setattr() turning a running fair task into SCHED_DEADLINE starts a new DL instance: its absolute deadline lies one relative deadline past now and it is the leftmost of its dl_rq.")
{
	struct task_struct *t;
	struct sim_op op = { .kind = SIM_OP_SETSCHEDULER };
	const struct sim_outcome *o;

	kboot(2, NULL, 0);
	t = kfair("T", 1, 0x2, 0, 0);
	op.attr.policy = SCHED_DEADLINE;
	op.attr.dl_runtime = 2 * MS;
	op.attr.dl_deadline = 10 * MS;
	op.attr.dl_period = 10 * MS;
	sim_op_queue(1, 1 * MS, &op);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(t->sched_class == &dl_sched_class);
	CHECK_EQ_U64(t->dl.deadline, SIM_CLOCK_BASE + 11 * MS);
	CHECK(cpu_rq(1)->dl.earliest_dl.curr == t->dl.deadline);
	CHECK(cpu_rq(1)->donor == t);
}

/* ---------------------------------------------------------------------- */
/* The change pattern inside another CPU's lock drop */

static int cd_state;		/* 0 idle, 1 rq1 dropped by CPU1, 2 changed inside */
static int cd_rq1_id;

static void cd_hook(const struct sim_trace_rec *r, void *arg)
{
	(void)arg;
	if (r->kind == SIM_TR_RELEASE && r->cpu == 1 && (int)r->b == cd_rq1_id &&
	    r->func && !strcmp(r->func, "_double_lock_balance") && cd_state == 0)
		cd_state = 1;
	else if (r->kind == SIM_TR_ACQUIRED && (int)r->b == cd_rq1_id && cd_state == 1)
		cd_state = (r->cpu == 0 && r->func && !strcmp(r->func, "task_rq_lock")) ? 2 : 0;
}

/*
 * CPU0: R2 (FIFO 30) runs, R3 (FIFO 10, may run on CPU1) waits: CPU0 is
 * RT-overloaded.  CPU1: R1 (FIFO 20) runs, F (fair) waits.  At 2 ms R1
 * sleeps, and CPU1's pick pulls from CPU0, dropping rq1's lock; R2 turns F
 * into SCHED_FIFO 5 at the same time.
 */
static struct task_struct *cd_F;

static void cd_setup(const uint8_t *choices, size_t n)
{
	struct sim_op op = { .kind = SIM_OP_SETSCHEDULER };

	kboot(2, choices, n);
	krt("R2", 0, 0x1, 30, 0);
	krt("R3", 0, 0x3, 10, 0);
	krt("R1", 1, 0x2, 20, 0);
	cd_F = kfair("F", 1, 0x2, 0, 0);
	cd_rq1_id = cpu_rq(1)->__lock.id;
	kop(1, 2 * MS, SIM_OP_SLEEP, 0, 0);
	op.pid = cd_F->pid;
	op.attr.policy = SCHED_FIFO;
	op.attr.rt_priority = 5;
	sim_op_queue(0, 2 * MS, &op);
}

TEST(core_change_pattern_during_lock_drop,
     "sched_setattr() of a task queued on a runqueue whose lock another CPU dropped in pull_rt_task() does its dequeue/put ... enqueue/set inside the window; every interleaving of the family stays clean and the task ends in the rt class.")
{
	uint8_t buf[200];
	int n, inside = 0;

	for (n = 0; n < 120; n++) {
		const struct sim_outcome *o;

		/* CPU1 (the higher id) continues at N points, then CPU0. */
		memset(buf, 1, (size_t)n);
		buf[n] = 0;
		cd_setup(buf, (size_t)n + 1);
		cd_state = 0;
		sim_set_trace_hook(cd_hook, NULL);
		o = sim_run();
		sim_set_trace_hook(NULL, NULL);
		CHECK_MSG(o->result == SIM_CLEAN, "N=%d\n%s", n, o->report);
		CHECK(cd_F->sched_class == &rt_sched_class);
		if (cd_state == 2)
			inside++;
	}
	CHECK_MSG(inside > 0, "no interleaving put the change inside the drop");
}

/* ---------------------------------------------------------------------- */
/* migrate_disable() */

static struct task_struct *md_W, *md_X;

/*
 * W (fair, any CPU) starts on CPU0 and disables migration twice at 1 ms,
 * then sleeps at 2 ms (the switch-out pins it to CPU0).  At 3 ms X, on
 * CPU1, shrinks W's affinity to CPU1 and at 4 ms wakes it.  At 5 ms and
 * 5.5 ms W enables migration, the second time for good.
 */
static void md_setup(uint64_t max_time)
{
	struct sim_op aff = { .kind = SIM_OP_SETAFFINITY, .mask = 0x2 };

	kboot_until(2, max_time);
	md_W = kfair("W", 0, 0x3, 0, 0);
	md_X = kfair("X", 1, 0x2, 0, 0);
	kop(0, 1 * MS, SIM_OP_MIGRATE_DISABLE, 0, 0);
	kop(0, 1 * MS, SIM_OP_MIGRATE_DISABLE, 0, 0);
	kop(0, 2 * MS, SIM_OP_SLEEP, 0, 0);
	aff.pid = md_W->pid;
	sim_op_queue(1, 3 * MS, &aff);
	kop(1, 4 * MS, SIM_OP_WAKE, 0, md_W->pid);
	kop(0, 5 * MS, SIM_OP_MIGRATE_ENABLE, 0, 0);
	kop(0, 5500 * US, SIM_OP_MIGRATE_ENABLE, 0, 0);
}

TEST(core_migrate_disable_pins_until_enabled,
     "A task that sleeps with migration disabled is pinned to its CPU (cpus_ptr) by the switch-out; an affinity change that excludes that CPU moves nothing and its wakeup places it there; migrate_disable() nests, and only the outermost migrate_enable() unpins it and moves it, by the stopper, to its new affinity.")
{
	const struct sim_outcome *o;

	md_setup(2500 * US);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(md_W->migration_disabled == 2);
	CHECK(md_W->cpus_ptr == cpumask_of(0));
	CHECK(md_W->nr_cpus_allowed == 2);

	md_setup(5200 * US);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(md_W->cpus_mask.bits[0] == 0x2);
	CHECK(task_cpu(md_W) == 0);
	CHECK(cpu_rq(0)->curr == md_W);
	CHECK(md_W->migration_disabled == 1);
	CHECK(md_W->cpus_ptr == cpumask_of(0));

	md_setup(7 * MS);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(md_W->migration_disabled == 0);
	CHECK(md_W->cpus_ptr == &md_W->cpus_mask);
	CHECK(task_cpu(md_W) == 1);
	CHECK(md_W->sim_migration_pending == 0);
}

TEST(core_migrate_disabled_self_affinity_and_exit,
     "A migration-disabled task's sched_setaffinity() of itself away from its CPU is left out (the kernel WARNs: a caller bug), one that keeps its CPU is done, and a task that exits with migration disabled ends its region first: all clean.")
{
	struct sim_op away = { .kind = SIM_OP_SETAFFINITY, .mask = 0x2 };
	struct sim_op keep = { .kind = SIM_OP_SETAFFINITY, .mask = 0x1 };
	const struct sim_outcome *o;
	int pass;

	kboot(2, NULL, 0);
	md_W = kfair("W", 0, 0x3, 0, 0);
	kop(0, 1 * MS, SIM_OP_MIGRATE_DISABLE, 0, 0);
	sim_op_queue(0, 2 * MS, &away);
	o = sim_run();
	CHECK_CLEAN(o);
	CHECK(md_W->cpus_mask.bits[0] == 0x3);

	for (pass = 0; pass < 2; pass++) {
		kboot_until(2, pass ? 0 : 2500 * US);
		md_W = kfair("W", 0, 0x3, 0, 0);
		kop(0, 1 * MS, SIM_OP_MIGRATE_DISABLE, 0, 0);
		sim_op_queue(0, 2 * MS, &keep);
		kop(0, 3 * MS, SIM_OP_EXIT, 0, 0);
		o = sim_run();
		CHECK_CLEAN(o);
		/* Before the exit (after it, W is freed). */
		if (!pass)
			CHECK(md_W->cpus_mask.bits[0] == 0x1);
	}
}

TEST(core_migrate_disabled_exit_off_its_affinity,
     "A running migration-disabled task whose affinity is changed to exclude its CPU stays there (the stopper skips it); when it exits, its region ends, the stopper moves it at migrate_enable()'s preemption point, and it dies on a CPU of its affinity: clean, and the stopper never touches the dead task.")
{
	struct sim_op aff = { .kind = SIM_OP_SETAFFINITY, .mask = 0x2 };
	const struct sim_outcome *o;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		kboot_until(2, pass ? 0 : 2500 * US);
		md_W = kfair("W", 0, 0x3, 0, 0);
		md_X = kfair("X", 1, 0x2, 0, 0);
		kop(0, 1 * MS, SIM_OP_MIGRATE_DISABLE, 0, 0);
		aff.pid = md_W->pid;
		sim_op_queue(1, 2 * MS, &aff);
		kop(0, 3 * MS, SIM_OP_EXIT, 0, 0);
		o = sim_run();
		CHECK_CLEAN(o);
		if (!pass) {
			/* Before the exit: pinned where it is. */
			CHECK(task_cpu(md_W) == 0);
			CHECK(cpu_rq(0)->curr == md_W);
			CHECK(md_W->cpus_ptr == cpumask_of(0));
		}
	}
}

/* ---------------------------------------------------------------------- */
/* The K2 check: a spin on a task this CPU's own wakelist carries */

static struct task_struct *k2_task;

/* T, asleep on CPU0, put in the state K2 leaves it in (MIGRATING, queued
 * on CPU0's wakelist, whose IPI is not queued) and then locked from CPU0
 * itself: with interrupts off (arg != NULL) the K2 check fires at the
 * spin; with them on, a kernel would take the IPI, and the run ends only
 * at the machine's generic endless-spin. */
static void k2_spin_probe(void *arg)
{
	struct task_struct *p = k2_task;
	struct rq_flags rf;

	WRITE_ONCE(p->on_rq, TASK_ON_RQ_MIGRATING);
	list_add_tail(&p->wake_entry, &cpu_rq(0)->wake_list);
	if (arg)
		local_irq_disable();
	task_rq_lock(p, &rf);
	CHECK_MSG(0, "task_rq_lock() returned on a migrating task");
}

static const struct sim_outcome *k2_spin_run(bool irqs_off)
{
	struct sim_op sleep = { .kind = SIM_OP_SLEEP };

	kboot(2, NULL, 0);
	k2_task = kfair("T", 0, 0x1, 0, 0);
	sim_op_queue(0, 1 * MS, &sleep);
	sim_queue_event(0, 2 * MS, SIM_EV_WORK, k2_spin_probe,
			irqs_off ? (void *)1 : NULL, "k2-probe");
	return sim_run();
}

TEST(core_k2_spin_on_own_wakelist,
     "A CPU that spins in task_rq_lock() with interrupts off on a migrating task queued on its own wakelist is LIVENESS:spin-on-own-wakelist at once; the same spin with interrupts on (a kernel takes the IPI there) is not, and ends in the machine's generic endless-spin.")
{
	const struct sim_outcome *o;

	o = k2_spin_run(true);
	CHECK_STR_EQ(o->id, "LIVENESS:spin-on-own-wakelist");
	CHECK(o->cpu == 0);
	CHECK_STR_CONTAINS(o->report, "CPU 0 spins with interrupts off until T/");
	CHECK_STR_CONTAINS(o->report, "task_rq_lock (kernel/sched/core.c)");
	o = k2_spin_run(false);
	CHECK_STR_EQ(o->id, "LIVENESS:endless-spin");
}
