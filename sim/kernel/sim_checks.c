// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim_checks.c - the scheduler's global invariants (kernel-study.md 6.2),
 * checked by the machine at every quiescent point (no rq lock held).
 * Each check names the one fact that failed.  Class-internal consistency
 * comes from the sim_<class>_*_check() functions of the class files.
 */
#define SIM_KFILE "sim/kernel/sim_checks.c"

#include <stdio.h>
#include <string.h>

#include "sched.h"
#include "sim_kernel.h"

#define FAIL(...) do { snprintf(msg, len, __VA_ARGS__); return false; } while (0)

static bool sim_task_alive(struct task_struct *p)
{
	return !sim_is_poisoned(p);
}

/* User tasks (not idle, not stop), alive. */
#define for_each_sim_task(p, i)						\
	for (i = 2 * (int)sim_nr_cpus(); i < sim_nr_tasks_used(); i++)	\
		if ((p = &sim_tasks[i]), sim_task_alive(p))

static bool inv_donor_is_class_current(char *msg, size_t len)
{
	unsigned int cpu;

	for (cpu = 0; cpu < sim_nr_cpus(); cpu++) {
		struct rq *rq = cpu_rq(cpu);
		struct task_struct *donor = rq->donor;

		if (donor->sched_class == &fair_sched_class) {
			if (rq->cfs.curr != &donor->se)
				FAIL("rq%u: donor %s/%d is fair but cfs_rq->curr is %s",
				     cpu, donor->comm, donor->pid,
				     rq->cfs.curr ? "another entity" : "NULL");
		} else if (rq->cfs.curr) {
			FAIL("rq%u: cfs_rq->curr is set while the donor %s/%d is not fair",
			     cpu, donor->comm, donor->pid);
		}
		if (donor->sched_class == &dl_sched_class) {
			if (rq->dl.curr != &donor->dl)
				FAIL("rq%u: donor %s/%d is dl but dl_rq->curr is %s",
				     cpu, donor->comm, donor->pid,
				     rq->dl.curr ? "another entity" : "NULL");
		} else if (rq->dl.curr) {
			FAIL("rq%u: dl_rq->curr is set while the donor %s/%d is not dl",
			     cpu, donor->comm, donor->pid);
		}
	}
	return true;
}

static bool inv_donor_queued_or_idle(char *msg, size_t len)
{
	unsigned int cpu;

	for (cpu = 0; cpu < sim_nr_cpus(); cpu++) {
		struct rq *rq = cpu_rq(cpu);
		struct task_struct *donor = rq->donor;

		if (donor == rq->idle || donor == rq->curr)
			continue;
		if (!sim_task_alive(donor))
			FAIL("rq%u: the donor has exited", cpu);
		if (!task_on_rq_queued(donor) || task_cpu(donor) != cpu)
			FAIL("rq%u: donor %s/%d is neither idle, curr, nor queued here (on_rq %d, cpu %u)",
			     cpu, donor->comm, donor->pid, donor->on_rq, task_cpu(donor));
	}
	return true;
}

static bool inv_curr_on_cpu(char *msg, size_t len)
{
	unsigned int cpu;
	struct task_struct *p;
	int i;

	for (cpu = 0; cpu < sim_nr_cpus(); cpu++) {
		struct rq *rq = cpu_rq(cpu);

		if (!rq->curr->on_cpu)
			FAIL("rq%u: curr %s/%d has on_cpu clear", cpu,
			     rq->curr->comm, rq->curr->pid);
		if (task_cpu(rq->curr) != cpu)
			FAIL("rq%u: curr %s/%d says it is on CPU %u", cpu,
			     rq->curr->comm, rq->curr->pid, task_cpu(rq->curr));
	}
	for (i = (int)sim_nr_cpus(); i < sim_nr_tasks_used(); i++) {
		p = &sim_tasks[i];
		if (!sim_task_alive(p) || !p->on_cpu)
			continue;
		if (cpu_rq(task_cpu(p))->curr != p)
			FAIL("%s/%d has on_cpu set but is not curr of CPU %u",
			     p->comm, p->pid, task_cpu(p));
	}
	return true;
}

/* Is an RT or DL task in rq's class structures?  (Fair tasks are looked
 * up from inv_queued_on_one_rq()'s marks.) */
static bool sim_task_in_rq(struct rq *rq, struct task_struct *p)
{
	if (p->sched_class == &rt_sched_class)
		return sim_rt_task_queued(rq, p);
	if (p->sched_class == &dl_sched_class)
		return sim_dl_task_queued(rq, p);
	return false;
}

static_assert(SIM_MAX_CPUS <= 8, "fair_in[] holds a bit per CPU");

static bool inv_queued_on_one_rq(char *msg, size_t len)
{
	/* CPUs whose fair structures hold task i: its entity is met by the
	 * timeline walk or is that cfs_rq's curr (sim_fair_task_queued()). */
	static uint8_t fair_in[SIM_MAX_THREADS];
	struct task_struct *p;
	unsigned int cpu;
	int i;

	memset(fair_in, 0, sizeof(fair_in));
	for (cpu = 0; cpu < sim_nr_cpus(); cpu++) {
		struct rq *rq = cpu_rq(cpu);

		sim_fair_timeline_mark(rq, fair_in);
		/* A curr that is no task's entity has slot -1: no task's
		 * &p->se equals it, so none is marked. */
		if (rq->cfs.curr && (i = sim_task_slot(container_of(rq->cfs.curr, struct task_struct, se))) >= 0)
			fair_in[i] |= (uint8_t)(1u << cpu);
	}
	for_each_sim_task(p, i) {
		bool fair = p->sched_class == &fair_sched_class;
		/* Each class's lookup starts from its entity's own on_rq flag:
		 * with it clear the task is in no rq, no walk needed
		 * (deadline.c's on_dl_rq() is an empty rb_node). */
		bool may_be_in = (fair && p->se.on_rq) ||
				 (p->sched_class == &rt_sched_class && p->rt.on_rq) ||
				 (p->sched_class == &dl_sched_class && !RB_EMPTY_NODE(&p->dl.rb_node));

		if (!may_be_in) {
			/* In no rq: of the loop below, only "should be in"
			 * on its own CPU can fail. */
			cpu = task_cpu(p);
			if (cpu < sim_nr_cpus() && task_on_rq_queued(p) &&
			    !(p->sched_class == &dl_sched_class && p->dl.dl_throttled))
				FAIL("%s/%d is on_rq on CPU %u but not in its runqueue",
				     p->comm, p->pid, cpu);
			continue;
		}
		/* A fair task held exactly where it should be (the common
		 * case) passes the loop below without a failure: skip it. */
		if (fair && fair_in[i] == (task_on_rq_queued(p) && task_cpu(p) < sim_nr_cpus() ?
					   1u << task_cpu(p) : 0u))
			continue;
		for (cpu = 0; cpu < sim_nr_cpus(); cpu++) {
			bool in = fair ? fair_in[i] >> cpu & 1 : sim_task_in_rq(cpu_rq(cpu), p);
			bool should = task_on_rq_queued(p) && task_cpu(p) == cpu &&
				      !(p->sched_class == &dl_sched_class &&
					p->dl.dl_throttled);

			if (p->sched_class == &dl_sched_class && p->dl.dl_throttled &&
			    !in)
				continue;	/* throttled: off the tree, on_rq 1 */
			if (in && !should)
				FAIL("%s/%d (on_rq %d, cpu %u) is queued on rq%u",
				     p->comm, p->pid, p->on_rq, task_cpu(p), cpu);
			if (!in && should)
				FAIL("%s/%d is on_rq on CPU %u but not in its runqueue",
				     p->comm, p->pid, cpu);
		}
	}
	return true;
}

static bool inv_nr_running_sums(char *msg, size_t len)
{
	unsigned int cpu;

	sim_rt_lists_begin();
	for (cpu = 0; cpu < sim_nr_cpus(); cpu++) {
		struct rq *rq = cpu_rq(cpu);
		unsigned int sum = (sched_stop_runnable(rq) ? 1 : 0) +
				   rq->dl.dl_nr_running + rq->rt.rt_nr_running +
				   rq->cfs.h_nr_queued;

		if (rq->nr_running != sum)
			FAIL("rq%u: nr_running %u but stop+dl+rt+fair = %u", cpu,
			     rq->nr_running, sum);
		if (!sim_fair_rq_check(rq, msg, len) || !sim_rt_rq_check(rq, msg, len) ||
		    !sim_dl_rq_check(rq, msg, len))
			return false;
	}
	return sim_rt_lists_check(msg, len);
}

static bool inv_rt_pushable_eligible(char *msg, size_t len)
{
	unsigned int cpu;

	for (cpu = 0; cpu < sim_nr_cpus(); cpu++)
		if (!sim_rt_pushable_check(cpu_rq(cpu), msg, len))
			return false;
	return true;
}

static bool inv_dl_pushable_eligible(char *msg, size_t len)
{
	unsigned int cpu;

	for (cpu = 0; cpu < sim_nr_cpus(); cpu++)
		if (!sim_dl_pushable_check(cpu_rq(cpu), msg, len))
			return false;
	return true;
}

static bool inv_overload_masks(char *msg, size_t len)
{
	struct root_domain *rd = &sim_root_domain;
	unsigned int cpu;

	for (cpu = 0; cpu < sim_nr_cpus(); cpu++) {
		struct rq *rq = cpu_rq(cpu);

		if (cpumask_test_cpu(cpu, &rd->rto_mask) != rq->rt.overloaded)
			FAIL("rto_mask bit of CPU %u is %d, rt_rq overloaded is %d",
			     cpu, cpumask_test_cpu(cpu, &rd->rto_mask), rq->rt.overloaded);
		if (cpumask_test_cpu(cpu, &rd->dlo_mask) != rq->dl.overloaded)
			FAIL("dlo_mask bit of CPU %u is %d, dl_rq overloaded is %d",
			     cpu, cpumask_test_cpu(cpu, &rd->dlo_mask), rq->dl.overloaded);
	}
	if ((unsigned int)rd->rto_count != cpumask_weight(&rd->rto_mask))
		FAIL("rto_count %d but %u CPUs in rto_mask", rd->rto_count,
		     cpumask_weight(&rd->rto_mask));
	if ((unsigned int)rd->dlo_count != cpumask_weight(&rd->dlo_mask))
		FAIL("dlo_count %d but %u CPUs in dlo_mask", rd->dlo_count,
		     cpumask_weight(&rd->dlo_mask));
	return true;
}

static bool inv_running_on_allowed_cpu(char *msg, size_t len)
{
	unsigned int cpu;

	for (cpu = 0; cpu < sim_nr_cpus(); cpu++) {
		struct rq *rq = cpu_rq(cpu);
		struct task_struct *curr = rq->curr;

		if (curr == rq->idle || curr == rq->stop || task_is_blocked(curr))
			continue;
		/* An affinity change waits for the stopper to move it. */
		if (curr->sim_migration_pending)
			continue;
		if (!cpumask_test_cpu((int)cpu, curr->cpus_ptr))
			FAIL("%s/%d runs on CPU %u, outside its affinity",
			     curr->comm, curr->pid, cpu);
	}
	return true;
}

static bool inv_migration_disabled_pinned(char *msg, size_t len)
{
	unsigned int cpu;

	for (cpu = 0; cpu < sim_nr_cpus(); cpu++) {
		struct task_struct *curr = cpu_rq(cpu)->curr;

		if (curr->migration_disabled && curr->sim_md_cpu != (int)cpu)
			FAIL("%s/%d runs on CPU %u with migration disabled on CPU %d",
			     curr->comm, curr->pid, cpu, curr->sim_md_cpu);
	}
	return true;
}

static bool inv_running_not_blocked_on(char *msg, size_t len)
{
	struct task_struct *p;
	int i;

	/* Tasks off every CPU: their state only changes through wakers. */
	for_each_sim_task(p, i) {
		if (p->on_cpu || p->__state != TASK_RUNNING || !p->blocked_on)
			continue;
		FAIL("%s/%d is TASK_RUNNING with blocked_on %s", p->comm, p->pid,
		     p->blocked_on == PROXY_WAKING ? "PROXY_WAKING" : p->blocked_on->name);
	}
	return true;
}

static bool inv_blocked_on_chain_acyclic(char *msg, size_t len)
{
	struct task_struct *p, *t;
	int i, n;

	for_each_sim_task(p, i) {
		t = p;
		for (n = 0; t && t->blocked_on && t->blocked_on != PROXY_WAKING; n++) {
			if (n > sim_nr_tasks_used())
				FAIL("the blocked_on chain from %s/%d loops", p->comm, p->pid);
			t = __mutex_owner(t->blocked_on);
			if (t && !sim_task_alive(t))
				FAIL("the blocked_on chain from %s/%d reaches an exited owner",
				     p->comm, p->pid);
		}
	}
	return true;
}

static bool inv_mutex_consistent(char *msg, size_t len)
{
	struct task_struct *p;
	int i, m;

	for (m = 0; m < sim_nr_mutexes_used(); m++) {
		struct mutex *lock = sim_mutex_by_id(m);
		struct task_struct *owner = __mutex_owner(lock);
		struct mutex_waiter *w;
		int n = 0;

		if (owner && !sim_task_alive(owner))
			FAIL("mutex %s is owned by an exited task", lock->name);
		list_for_each_entry(w, &lock->wait_list, list) {
			if (++n > sim_nr_tasks_used())
				FAIL("mutex %s: wait list loops", lock->name);
			/* A handed-off owner (PICKUP) leaves the list itself
			 * once it runs, on its CPU. */
			if (w->task == owner && !owner->on_cpu &&
			    !(lock->owner & MUTEX_FLAG_PICKUP))
				FAIL("mutex %s: owner %s/%d is also a waiter", lock->name,
				     owner->comm, owner->pid);
			if (w->task->blocked_on && w->task->blocked_on != PROXY_WAKING &&
			    w->task->blocked_on != lock)
				FAIL("mutex %s: waiter %s/%d is blocked on %s", lock->name,
				     w->task->comm, w->task->pid, w->task->blocked_on->name);
		}
	}
	for_each_sim_task(p, i) {
		struct mutex_waiter *w;
		bool found = false;

		if (!p->blocked_on || p->blocked_on == PROXY_WAKING)
			continue;
		list_for_each_entry(w, &p->blocked_on->wait_list, list)
			if (w->task == p)
				found = true;
		if (!found)
			FAIL("%s/%d is blocked on %s but not among its waiters",
			     p->comm, p->pid, p->blocked_on->name);
	}
	return true;
}

static bool inv_balance_callbacks_empty(char *msg, size_t len)
{
	unsigned int cpu;

	for (cpu = 0; cpu < sim_nr_cpus(); cpu++) {
		struct rq *rq = cpu_rq(cpu);

		if (rq->balance_callback && rq->balance_callback != &balance_push_callback)
			FAIL("rq%u: a balance callback is queued while its lock is free", cpu);
	}
	return true;
}

static bool inv_exited_task_unreferenced(char *msg, size_t len)
{
	unsigned int cpu;
	struct task_struct *p;
	int i, m;

	/* blocked_donor is not a counted reference and may dangle after a
	 * killed donor exits; its use is checked where it is followed
	 * (sim_kasan_check_task() in mutex.c), not here. */
	(void)i;
	if (!sim_nr_poisoned)
		return true;	/* no task has exited this run */
	for (m = 0; m < sim_nr_mutexes_used(); m++) {
		struct mutex_waiter *w;

		list_for_each_entry(w, &sim_mutex_by_id(m)->wait_list, list)
			if (!sim_task_alive(w->task))
				FAIL("mutex %s: an exited task is among its waiters",
				     sim_mutex_by_id(m)->name);
	}

	for (cpu = 0; cpu < sim_nr_cpus(); cpu++) {
		struct rq *rq = cpu_rq(cpu);

		if (!sim_task_alive(rq->curr) || !sim_task_alive(rq->donor))
			FAIL("rq%u: curr or donor is an exited task", cpu);
		list_for_each_entry(p, &rq->wake_list, wake_entry)
			if (!sim_task_alive(p))
				FAIL("rq%u: an exited task is on the wakelist", cpu);
	}
	return true;
}

void sim_kernel_invariants_register(void);

void sim_kernel_invariants_register(void)
{
	sim_invariant_register(SIM_INV_DONOR_IS_CLASS_CURRENT, inv_donor_is_class_current);
	sim_invariant_register(SIM_INV_DONOR_QUEUED_OR_IDLE, inv_donor_queued_or_idle);
	sim_invariant_register(SIM_INV_CURR_ON_CPU, inv_curr_on_cpu);
	sim_invariant_register(SIM_INV_QUEUED_ON_ONE_RQ, inv_queued_on_one_rq);
	sim_invariant_register(SIM_INV_NR_RUNNING_SUMS, inv_nr_running_sums);
	sim_invariant_register(SIM_INV_RT_PUSHABLE_ELIGIBLE, inv_rt_pushable_eligible);
	sim_invariant_register(SIM_INV_DL_PUSHABLE_ELIGIBLE, inv_dl_pushable_eligible);
	sim_invariant_register(SIM_INV_OVERLOAD_MASKS, inv_overload_masks);
	sim_invariant_register(SIM_INV_RUNNING_ON_ALLOWED_CPU, inv_running_on_allowed_cpu);
	sim_invariant_register(SIM_INV_RUNNING_NOT_BLOCKED_ON, inv_running_not_blocked_on);
	sim_invariant_register(SIM_INV_BLOCKED_ON_CHAIN_ACYCLIC, inv_blocked_on_chain_acyclic);
	sim_invariant_register(SIM_INV_MUTEX_CONSISTENT, inv_mutex_consistent);
	sim_invariant_register(SIM_INV_BALANCE_CALLBACKS_EMPTY, inv_balance_callbacks_empty);
	sim_invariant_register(SIM_INV_EXITED_TASK_UNREFERENCED, inv_exited_task_unreferenced);
	sim_invariant_register(SIM_INV_MIGRATION_DISABLED_PINNED, inv_migration_disabled_pinned);
}
