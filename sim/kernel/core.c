// SPDX-License-Identifier: GPL-2.0-only
/*
 * core.c - port of kernel/sched/core.c: the pick/balance path, proxy
 * execution, wakeups, migration helpers, balance callbacks, the context
 * switch, the tick, fork, exit, setscheduler and setaffinity.
 *
 * Version: the v27 proxy-exec series ("Optimized Donor Migration") on its
 * v26 base; with CONFIG_SIM_STALE_PREV, the same with v27 01/10 reverted.
 * Written from kernel-study.md and the dev tree; see docs/porting.md for
 * the map to the kernel and every deviation.
 */
#define SIM_KFILE "kernel/sched/core.c"

#include <string.h>

#include "sched.h"

/* ---------------------------------------------------------------------- */
/* State */

struct rq sim_runqueues[SIM_MAX_CPUS];
struct root_domain sim_root_domain;

/* SIM: the hotplug push sentinel; never installed (no hotplug). */
struct balance_callback balance_push_callback;

static struct sim_lock_class rq_lock_class = {
	"&rq->__lock", SIM_LOCKF_RQ | SIM_LOCKF_ORDERED, 0, 0
};

/* Weights of nice levels -20..19, and their inverses (2^32 / weight). */
const int sched_prio_to_weight[40] = {
	88761, 71755, 56483, 46273, 36291,
	29154, 23254, 18705, 14949, 11916,
	9548, 7620, 6100, 4904, 3906,
	3121, 2501, 1991, 1586, 1277,
	1024, 820, 655, 526, 423,
	335, 272, 215, 172, 137,
	110, 87, 70, 56, 45,
	36, 29, 23, 18, 15,
};

const u32 sched_prio_to_wmult[40] = {
	48388, 59856, 76040, 92818, 118348,
	147320, 184698, 229616, 287308, 360437,
	449829, 563644, 704093, 875809, 1099582,
	1376151, 1717300, 2157191, 2708050, 3363326,
	4194304, 5237765, 6557202, 8165337, 10153587,
	12820798, 15790321, 19976592, 24970740, 31350126,
	39045157, 49367440, 61356676, 76695844, 95443717,
	119304647, 148102320, 186737708, 238609294, 286331153,
};

/* ---------------------------------------------------------------------- */
/* rq locking */

void double_rq_lock(struct rq *rq1, struct rq *rq2)
{
	SIM_FRAME();
	if (rq_order_less(rq2, rq1)) {
		struct rq *tmp = rq1;

		rq1 = rq2;
		rq2 = tmp;
	}
	raw_spin_rq_lock(rq1);
	if (__rq_lockp(rq1) != __rq_lockp(rq2))
		raw_spin_rq_lock_nested(rq2, SINGLE_DEPTH_NESTING);

	double_rq_clock_clear_update(rq1, rq2);
}

static bool sim_not_migrating(const void *arg)
{
	return !task_on_rq_migrating((struct task_struct *)arg);
}

/*
 * SIM: the oracle of bug K2 (docs/bugs.md), at the two spins below.  p is
 * TASK_ON_RQ_MIGRATING and waits on this CPU's own wakelist: only this
 * CPU's wakelist IPI activates it and ends the migration, and a CPU
 * spinning with interrupts off never takes that IPI.  A kernel hangs
 * there for good; the run ends at the spin, with that deadlock's id.
 * (With interrupts on a kernel takes the IPI inside the loop; the
 * machine, which runs IPIs only between events, cannot, and reports
 * LIVENESS:endless-spin later.)
 */
static void sim_check_spin_on_own_wakelist(struct task_struct *p)
{
	int cpu = smp_processor_id();

	if (irqs_disabled() && !list_empty(&p->wake_entry) &&
	    task_cpu(p) == (unsigned int)cpu)
		sim_finding(SIM_F_LIVENESS, cpu, "LIVENESS:spin-on-own-wakelist",
			    "CPU %d spins with interrupts off until %s/%d stops migrating, and %s/%d waits on CPU %d's own wakelist for the IPI that would end it",
			    cpu, p->comm, p->pid, p->comm, p->pid, cpu);
}

/* The rq of p, locked; p->pi_lock must be held.  Retries while p moves. */
struct rq *__task_rq_lock(struct task_struct *p, struct rq_flags *rf)
{
	struct rq *rq;

	SIM_FRAME();
	lockdep_assert_held(&p->pi_lock);

	for (;;) {
		rq = task_rq(p);
		raw_spin_rq_lock(rq);
		if (likely(rq == task_rq(p) && !task_on_rq_migrating(p))) {
			rq_pin_lock(rq, rf);
			return rq;
		}
		raw_spin_rq_unlock(rq);

		/* SIM: the cpu_relax() loop is a spin-wait of the machine. */
		sim_check_spin_on_own_wakelist(p);
		sim_spin_until(sim_not_migrating, p, "task_on_rq_migrating(p)");
	}
}

/* p->pi_lock and the rq of p, both locked. */
struct rq *task_rq_lock(struct task_struct *p, struct rq_flags *rf)
{
	struct rq *rq;

	SIM_FRAME();
	for (;;) {
		raw_spin_lock_irqsave(&p->pi_lock, rf->flags);
		rq = task_rq(p);
		raw_spin_rq_lock(rq);
		if (likely(rq == task_rq(p) && !task_on_rq_migrating(p))) {
			rq_pin_lock(rq, rf);
			return rq;
		}
		raw_spin_rq_unlock(rq);
		raw_spin_unlock_irqrestore(&p->pi_lock, rf->flags);

		sim_check_spin_on_own_wakelist(p);
		sim_spin_until(sim_not_migrating, p, "task_on_rq_migrating(p)");
	}
}

/* ---------------------------------------------------------------------- */
/* The clock */

void update_rq_clock(struct rq *rq)
{
	s64 delta;

	lockdep_assert_rq_held(rq);

	if (rq->clock_update_flags & RQCF_ACT_SKIP)
		return;

	/* SIM: sched_feat(WARN_DOUBLE_CLOCK) is off, as by default: v27's
	 * proxy_reacquire_rq_lock() updates a clock its repin marked
	 * updated. */
	rq->clock_update_flags |= RQCF_UPDATED;

	/* SIM: no irq or steal time is subtracted from clock_task. */
	delta = (s64)(sched_clock_cpu(cpu_of(rq)) - rq->clock);
	if (delta < 0)
		return;
	rq->clock += (u64)delta;
	rq->clock_task += (u64)delta;
}

/* ---------------------------------------------------------------------- */
/* Rescheduling */

/* SIM: the reschedule IPI: scheduler_ipi() itself has nothing to do;
 * the way out of the interrupt reschedules. */
static void sim_resched_ipi(void *arg)
{
	(void)arg;
	sim_exit_to_user();
}

/* Mark rq->curr for rescheduling; kick its CPU if it is another one. */
void resched_curr(struct rq *rq)
{
	struct task_struct *curr = rq->curr;
	int cpu;

	SIM_FRAME();
	lockdep_assert_rq_held(rq);

	if (test_tsk_need_resched(curr))
		return;

	cpu = cpu_of(rq);

	if (cpu == smp_processor_id()) {
		set_tsk_need_resched(curr);
		return;
	}

	set_tsk_need_resched(curr);
	/* SIM: smp_send_reschedule() is an IPI event on that CPU; there is
	 * no polling idle, so every remote resched sends one. */
	sim_queue_event(cpu, sim_now(), SIM_EV_IPI, sim_resched_ipi, NULL,
			"IPI:resched");
}

void resched_cpu(int cpu)
{
	struct rq *rq = cpu_rq(cpu);

	SIM_FRAME();
	raw_spin_rq_lock(rq);
	resched_curr(rq);
	raw_spin_rq_unlock(rq);
}

/* ---------------------------------------------------------------------- */
/* Enqueue, dequeue, activate, deactivate, block */

void set_load_weight(struct task_struct *p, bool update_load)
{
	int prio = p->static_prio - MAX_RT_PRIO;
	struct load_weight lw;

	if (p->policy == SCHED_IDLE) {
		lw.weight = scale_load(3);	/* WEIGHT_IDLEPRIO */
		lw.inv_weight = 1431655765;	/* WMULT_IDLEPRIO */
	} else {
		lw.weight = scale_load((unsigned long)sched_prio_to_weight[prio]);
		lw.inv_weight = sched_prio_to_wmult[prio];
	}
	/* A fair task rescales its lag and relative deadline with the new
	 * weight.  SIM: sched_fork() reaches here through
	 * __setscheduler_params() before the child has a class. */
	if (update_load && p->sched_class && p->sched_class->reweight_task)
		p->sched_class->reweight_task(task_rq(p), p, &lw);
	else
		p->se.load = lw;
}

void enqueue_task(struct rq *rq, struct task_struct *p, int flags)
{
	SIM_FRAME();
	if (!(flags & ENQUEUE_NOCLOCK))
		update_rq_clock(rq);

	/* SIM: uclamp, psi and sched_info are not modelled. */
	p->sched_class->enqueue_task(rq, p, flags);
}

/* False when the class kept p queued (fair's delayed dequeue). */
bool dequeue_task(struct rq *rq, struct task_struct *p, int flags)
{
	SIM_FRAME();
	if (!(flags & DEQUEUE_NOCLOCK))
		update_rq_clock(rq);

	return p->sched_class->dequeue_task(rq, p, flags);
}

void activate_task(struct rq *rq, struct task_struct *p, int flags)
{
	SIM_FRAME();
	if (task_on_rq_migrating(p))
		flags |= ENQUEUE_MIGRATED;

	enqueue_task(rq, p, flags);

	WRITE_ONCE(p->on_rq, TASK_ON_RQ_QUEUED);
}

void deactivate_task(struct rq *rq, struct task_struct *p, int flags)
{
	SIM_FRAME();
	WARN_ON_ONCE(flags & DEQUEUE_SLEEP);

	WRITE_ONCE(p->on_rq, TASK_ON_RQ_MIGRATING);

	dequeue_task(rq, p, flags);
}

static inline bool is_special_task_state(unsigned int state)
{
	/* SIM: v27 adds TASK_WAKING, so a return migration is never
	 * delayed by fair (kernel-study 3.9). */
	return state & (__TASK_STOPPED | __TASK_TRACED | TASK_PARKED |
			TASK_DEAD | TASK_WAKING);
}

static inline bool task_contributes_to_load(unsigned int state,
					    const struct task_struct *p)
{
	return (state & TASK_UNINTERRUPTIBLE) && !(state & TASK_NOLOAD) &&
	       !(p->flags & PF_EXITING);
}

/* Dequeue a task going to sleep; false if fair delayed the dequeue. */
bool block_task(struct rq *rq, struct task_struct *p, int task_state)
{
	int flags = DEQUEUE_NOCLOCK;

	SIM_FRAME();
	p->sched_contributes_to_load =
		task_contributes_to_load((unsigned int)task_state, p);

	if (is_special_task_state((unsigned int)task_state))
		flags |= DEQUEUE_SPECIAL;

	if (!dequeue_task(rq, p, DEQUEUE_SLEEP | flags))
		return false;

	__block_task(rq, p);
	return true;
}

/* ---------------------------------------------------------------------- */
/* Wakeup preemption */

void wakeup_preempt(struct rq *rq, struct task_struct *p, int flags)
{
	struct task_struct *donor = rq->donor;

	SIM_FRAME();
	if (p->sched_class == rq->next_class) {
		rq->next_class->wakeup_preempt(rq, p, flags);

	} else if (sched_class_above(p->sched_class, rq->next_class)) {
		rq->next_class->wakeup_preempt(rq, p, flags);
		resched_curr(rq);
		rq->next_class = p->sched_class;
	}

	/* The donor is queued and curr will be switched: skip the clock
	 * update at the next __schedule(). */
	if (task_on_rq_queued(donor) && test_tsk_need_resched(rq->curr))
		rq_clock_skip_update(rq);
}

/* ---------------------------------------------------------------------- */
/* CPU selection and migration */

static inline bool is_cpu_allowed(struct task_struct *p, int cpu)
{
	if (!cpumask_test_cpu(cpu, p->cpus_ptr))
		return false;
	/* SIM: no per-CPU kthreads beyond idle and stop; every simulated
	 * CPU is online and active. */
	return cpu_online(cpu);
}

/* A CPU for p when its chosen one cannot be used. */
int select_fallback_rq(int cpu, struct task_struct *p)
{
	int dest_cpu;

	SIM_FRAME();
	(void)cpu;
	for_each_cpu(dest_cpu, p->cpus_ptr) {
		if (!is_cpu_allowed(p, dest_cpu))
			continue;
		return dest_cpu;
	}
	/* SIM: no cpuset fallback; an empty mask is refused on entry, so
	 * this is unreachable. */
	BUG();
	return 0;
}

static inline int select_task_rq(struct task_struct *p, int cpu, int *wake_flags)
{
	SIM_FRAME();
	lockdep_assert_held(&p->pi_lock);

	if (p->nr_cpus_allowed > 1 && !is_migration_disabled(p)) {
		cpu = p->sched_class->select_task_rq(p, cpu, *wake_flags);
		*wake_flags |= WF_RQ_SELECTED;
	} else {
		cpu = cpumask_any(p->cpus_ptr);
	}

	if (unlikely(!is_cpu_allowed(p, cpu)))
		cpu = select_fallback_rq(task_cpu(p), p);

	return cpu;
}

static inline void __set_task_cpu(struct task_struct *p, unsigned int cpu)
{
	smp_wmb();
	WRITE_ONCE(p->thread_info.cpu, cpu);
	p->wake_cpu = (int)cpu;
}

void set_task_cpu(struct task_struct *p, unsigned int new_cpu)
{
	unsigned int state = READ_ONCE(p->__state);

	SIM_FRAME();
	/* Never on a task that is blocked and not waking or queued. */
	WARN_ON_ONCE(state != TASK_RUNNING && state != TASK_WAKING && !p->on_rq);

	/* A running fair task moves only while marked migrating. */
	WARN_ON_ONCE(state == TASK_RUNNING &&
		     p->sched_class == &fair_sched_class &&
		     (p->on_rq && !task_on_rq_migrating(p)));

	/* Either the task's pi_lock or its rq lock must be held. */
	WARN_ON_ONCE(!(sim_lock_held(&p->pi_lock) ||
		       sim_lock_held(__rq_lockp(task_rq(p)))));

	WARN_ON_ONCE(!cpu_online((int)new_cpu));

	/* SIM: zoo k12: reverts "sched/core: Avoid false migration warning
	 * for proxy donors", Sep 2026 */
#ifdef CONFIG_SIM_BUG_K12
	WARN_ON_ONCE(is_migration_disabled(p));
#else
	{
		/*
		 * Forward-ported fix (Sep 2026): a proxy-migrated blocked
		 * donor keeps its execution context's pin in wake_cpu, and
		 * its return migration is not a migration of a pinned task.
		 * SIM: the fix tests p->is_blocked, which v27 lacks; v27
		 * clears blocked_on in proxy_needs_return() before returning
		 * the task, so a task waking (TASK_WAKING, the state of every
		 * set_task_cpu() of a wakeup) away from wake_cpu stands in.
		 */
		bool proxy_migrated = READ_ONCE(p->__state) == TASK_WAKING &&
				      task_cpu(p) != (unsigned int)p->wake_cpu;

		WARN_ON_ONCE(is_migration_disabled(p) && !proxy_migrated);
	}
#endif

	if (task_cpu(p) != new_cpu) {
		if (p->sched_class->migrate_task_rq)
			p->sched_class->migrate_task_rq(p, (int)new_cpu);
		p->se.nr_migrations++;
	}

	__set_task_cpu(p, new_cpu);
}

/* A proxy-migrated donor keeps wake_cpu: where it may run when woken. */
static inline void proxy_set_task_cpu(struct task_struct *p, int cpu)
{
	int wake_cpu = p->wake_cpu;

	__set_task_cpu(p, (unsigned int)cpu);
	p->wake_cpu = wake_cpu;
}

/* Both rq locks held: move a queued task. */
void move_queued_task_locked(struct rq *src_rq, struct rq *dst_rq,
			     struct task_struct *task)
{
	SIM_FRAME();
	lockdep_assert_rq_held(src_rq);
	lockdep_assert_rq_held(dst_rq);

	deactivate_task(src_rq, task, 0);
	set_task_cpu(task, (unsigned int)dst_rq->cpu);
	activate_task(dst_rq, task, 0);
}

/* Move a queued task to new_cpu; returns the new rq, locked. */
static struct rq *move_queued_task(struct rq *rq, struct rq_flags *rf,
				   struct task_struct *p, int new_cpu)
{
	SIM_FRAME();
	lockdep_assert_rq_held(rq);

	deactivate_task(rq, p, DEQUEUE_NOCLOCK);
	set_task_cpu(p, (unsigned int)new_cpu);
	rq_unlock(rq, rf);

	rq = cpu_rq(new_cpu);

	rq_lock(rq, rf);
	WARN_ON_ONCE(task_cpu(p) != (unsigned int)new_cpu);
	activate_task(rq, p, 0);
	wakeup_preempt(rq, p, 0);

	return rq;
}

/* Attach a task detached from another rq (sched.h in the kernel). */
void attach_task(struct rq *rq, struct task_struct *p)
{
	SIM_FRAME();
	lockdep_assert_rq_held(rq);

	WARN_ON_ONCE(task_rq(p) != rq);
	activate_task(rq, p, ENQUEUE_NOCLOCK);
	wakeup_preempt(rq, p, 0);
}

/* Attach one detached task, taking rq's lock (sched.h in the kernel). */
void attach_one_task(struct rq *rq, struct task_struct *p)
{
	struct rq_flags rf;

	SIM_FRAME();
	rq_lock(rq, &rf);
	update_rq_clock(rq);
	attach_task(rq, p);
	rq_unlock(rq, &rf);
}

static void __attach_tasks(struct rq *rq, struct list_head *tasks)
{
	struct rq_flags rf;

	SIM_FRAME();
	rq_lock(rq, &rf);
	update_rq_clock(rq);

	while (!list_empty(tasks)) {
		struct task_struct *p =
			list_first_entry(tasks, struct task_struct, se.group_node);

		list_del_init(&p->se.group_node);
		attach_task(rq, p);
	}

	rq_unlock(rq, &rf);
}

/* ---------------------------------------------------------------------- */
/* blocked_on (include/linux/sched.h in the kernel) */

static inline void __clear_task_blocked_on(struct task_struct *p, struct mutex *m)
{
	lockdep_assert_held(&p->blocked_lock);
	/* A clear that names a lock must match it (PROXY_WAKING aside). */
	WARN_ON_ONCE(m && p->blocked_on && p->blocked_on != m &&
		     p->blocked_on != PROXY_WAKING);
	p->blocked_on = NULL;
}

static inline void clear_task_blocked_on(struct task_struct *p, struct mutex *m)
{
	raw_spin_lock(&p->blocked_lock);
	__clear_task_blocked_on(p, m);
	raw_spin_unlock(&p->blocked_lock);
}

/* ---------------------------------------------------------------------- */
/* Wakeups */

static inline void ttwu_do_wakeup(struct task_struct *p)
{
	WRITE_ONCE(p->__state, TASK_RUNNING);
	sim_trace_user("sched_wakeup", (u64)p->pid, task_cpu(p));
}

static struct task_struct *proxy_resched_idle(struct rq *rq);

/*
 * v27 06/10: a blocked task woken away from home (proxy-migrated, so
 * task_cpu() != wake_cpu) is dequeued here so that the rest of
 * try_to_wake_up() places it from wake_cpu.  If it is this rq's donor,
 * the donor is first switched to idle - from a CPU that does not own
 * this rq's __schedule(): the root of the seed race.
 */
static bool proxy_needs_return(struct rq *rq, struct task_struct *p)
{
	SIM_FRAME();
	/* At home: nothing to return; RUNNING implies !blocked_on (v27). */
	if (task_cpu(p) == (unsigned int)p->wake_cpu) {
		if (task_is_blocked(p))
			clear_task_blocked_on(p, NULL);
		return false;
	}

	clear_task_blocked_on(p, NULL);

	/* Running here: it returns when it next blocks and wakes. */
	if (task_current(rq, p))
		return false;

	if (task_current_donor(rq, p))
		proxy_resched_idle(rq);
#ifdef CONFIG_SIM_BUG_K2
	/* SIM: zoo k2: v23 7/9's return dequeue: p stays
	 * TASK_ON_RQ_MIGRATING until try_to_wake_up() activates it, through
	 * the wakelist too, since ttwu_queue_cond() takes MIGRATING tasks. */
	deactivate_task(rq, p, DEQUEUE_NOCLOCK);
#else
	block_task(rq, p, TASK_WAKING);
#endif
	return true;
}

static int ttwu_runnable(struct task_struct *p, int wake_flags)
{
	struct rq_flags rf;
	struct rq *rq;
	int ret = 0;

	SIM_FRAME();
	rq = __task_rq_lock(p, &rf);
	if (task_on_rq_queued(p)) {
		update_rq_clock(rq);
		if (p->se.sched_delayed)
			enqueue_task(rq, p, ENQUEUE_NOCLOCK | ENQUEUE_DELAYED);
		if (proxy_needs_return(rq, p))
			goto out;
		if (!task_on_cpu(rq, p)) {
			/* Queued but not running: may preempt curr. */
			wakeup_preempt(rq, p, wake_flags);
		}
		ttwu_do_wakeup(p);
		ret = 1;
	}
out:
	__task_rq_unlock(rq, p, &rf);

	return ret;
}

static void ttwu_do_activate(struct rq *rq, struct task_struct *p,
			     int wake_flags, struct rq_flags *rf)
{
	int en_flags = ENQUEUE_WAKEUP | ENQUEUE_NOCLOCK;

	SIM_FRAME();
	lockdep_assert_rq_held(rq);

	if (p->sched_contributes_to_load)
		rq->nr_uninterruptible--;

	if (wake_flags & WF_RQ_SELECTED)
		en_flags |= ENQUEUE_RQ_SELECTED;
	if (wake_flags & WF_MIGRATED)
		en_flags |= ENQUEUE_MIGRATED;

	activate_task(rq, p, en_flags);
	wakeup_preempt(rq, p, wake_flags);

	ttwu_do_wakeup(p);

	if (p->sched_class->task_woken) {
		/* The class may push, dropping the lock: unpin around it. */
		rq_unpin_lock(rq, rf);
		p->sched_class->task_woken(rq, p);
		rq_repin_lock(rq, rf);
	}

	if (rq->idle_stamp) {
		u64 delta = rq_clock(rq) - rq->idle_stamp;
		u64 max = 2 * rq->max_idle_balance_cost;

		rq->avg_idle += (u64)((s64)(delta - rq->avg_idle) / 8);
		if (rq->avg_idle > max)
			rq->avg_idle = max;
		rq->idle_stamp = 0;
	}
}

static bool sim_not_on_cpu(const void *arg)
{
	return !READ_ONCE(((const struct task_struct *)arg)->on_cpu);
}

/* The wakelist IPI: activate the tasks queued for this CPU. */
static void sched_ttwu_pending(struct rq *rq)
{
	struct task_struct *p;
	struct rq_flags rf;

	SIM_FRAME();
	if (list_empty(&rq->wake_list))
		return;

	rq_lock(rq, &rf);
	update_rq_clock(rq);

	while (!list_empty(&rq->wake_list)) {
		p = list_first_entry(&rq->wake_list, struct task_struct, wake_entry);
		list_del_init(&p->wake_entry);

		if (WARN_ON_ONCE(p->on_cpu))
			sim_spin_until(sim_not_on_cpu, p, "p->on_cpu == 0");

		if (WARN_ON_ONCE(task_cpu(p) != (unsigned int)cpu_of(rq)))
			set_task_cpu(p, (unsigned int)cpu_of(rq));

		ttwu_do_activate(rq, p, p->sched_remote_wakeup ? WF_MIGRATED : 0, &rf);
	}

	WRITE_ONCE(rq->ttwu_pending, 0);
	rq_unlock(rq, &rf);
}

/* SIM: the wakelist IPI (generic_smp_call_function_single_interrupt()
 * -> sched_ttwu_pending()); leaving it may reschedule. */
static void sim_ttwu_ipi(void *arg)
{
	(void)arg;
	sched_ttwu_pending(this_rq());
	sim_exit_to_user();
}

static void __ttwu_queue_wakelist(struct task_struct *p, int cpu, int wake_flags)
{
	struct rq *rq = cpu_rq(cpu);

	SIM_FRAME();
	p->sched_remote_wakeup = !!(wake_flags & WF_MIGRATED);

	WRITE_ONCE(rq->ttwu_pending, 1);
	/* SIM: the lock-free llist and the call-single queue are a list
	 * and an IPI event; the IPI drains every entry queued by then. */
	list_add_tail(&p->wake_entry, &rq->wake_list);
	sim_queue_event(cpu, sim_now(), SIM_EV_IPI, sim_ttwu_ipi, NULL,
			"IPI:ttwu");
}

/* SIM: all simulated CPUs share one last-level cache. */
static inline bool cpus_share_cache(int this_cpu, int that_cpu)
{
	(void)this_cpu;
	(void)that_cpu;
	return true;
}

static inline bool ttwu_queue_cond(struct task_struct *p, int cpu)
{
	/* Stop tasks are never woken through the wakelist. */
	if (p->sched_class == &stop_sched_class)
		return false;

	/* v23+: never while p is still being moved (bug K2). */
	/* SIM: zoo k2: reverts v23 7/9's check; see proxy_force_return(). */
#ifndef CONFIG_SIM_BUG_K2
	if (task_on_rq_migrating(p))
		return false;
#endif

	if (!cpu_active(cpu))
		return false;

	if (!cpumask_test_cpu(cpu, p->cpus_ptr))
		return false;

	if (!cpus_share_cache(smp_processor_id(), cpu))
		return true;

	if (cpu == smp_processor_id())
		return false;

	/* An idle target activates the task itself. */
	if (!cpu_rq(cpu)->nr_running)
		return true;

	return false;
}

static bool ttwu_queue_wakelist(struct task_struct *p, int cpu, int wake_flags)
{
	if (ttwu_queue_cond(p, cpu)) {
		__ttwu_queue_wakelist(p, cpu, wake_flags);
		return true;
	}
	return false;
}

static void ttwu_queue(struct task_struct *p, int cpu, int wake_flags)
{
	struct rq *rq = cpu_rq(cpu);
	struct rq_flags rf;

	SIM_FRAME();
	if (ttwu_queue_wakelist(p, cpu, wake_flags))
		return;

	rq_lock(rq, &rf);
	update_rq_clock(rq);
	ttwu_do_activate(rq, p, wake_flags, &rf);
	rq_unlock(rq, &rf);
}

static inline int __task_state_match(struct task_struct *p, unsigned int state)
{
	if (READ_ONCE(p->__state) & state)
		return 1;
	/* SIM: saved_state (RT locks, freezer) is not modelled. */
	return 0;
}

static inline bool ttwu_state_match(struct task_struct *p, unsigned int state,
				    int *success)
{
	int match = __task_state_match(p, state);

	*success = !!match;
	return match > 0;
}

int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags)
{
	int cpu, success = 0;
#ifdef CONFIG_SIM_BUG_K6
	bool sim_k6_returning;
#endif

	SIM_FRAME();
	wake_flags |= WF_TTWU;

	if (p == current) {
		/* Waking current: it is queued here and cannot move. */
		WARN_ON_ONCE(p->se.sched_delayed);
		/* v27 06/10: RUNNING implies !blocked_on. */
		clear_task_blocked_on(p, NULL);
		if (!ttwu_state_match(p, state, &success))
			goto out;
		ttwu_do_wakeup(p);
		goto out;
	}

	raw_spin_lock(&p->pi_lock);
	smp_mb();
	if (!ttwu_state_match(p, state, &success))
		goto unlock;

	smp_rmb();
#ifdef CONFIG_SIM_BUG_K6
	/* SIM: zoo k6: queued but not woken in place: ttwu_runnable()'s
	 * proxy_needs_return() dequeued it for a return migration. */
	sim_k6_returning = READ_ONCE(p->on_rq);
#endif
	if (READ_ONCE(p->on_rq) && ttwu_runnable(p, wake_flags))
		goto unlock;

	smp_acquire__after_ctrl_dep();

	WRITE_ONCE(p->__state, TASK_WAKING);

	/* SIM (recon of v27 06/10): RUNNING implies !blocked_on on every
	 * wakeup, also for a blocked task proxy_deactivate() dequeued; p is
	 * on no runqueue here, so nobody can pick it meanwhile. */
	if (task_is_blocked(p))
		clear_task_blocked_on(p, NULL);

	/* Still switching out: let its CPU activate it after the switch. */
	if (smp_load_acquire(&p->on_cpu) &&
	    ttwu_queue_wakelist(p, (int)task_cpu(p), wake_flags))
		goto unlock;

	/* Wait until the task is fully off its old CPU. */
	sim_spin_until(sim_not_on_cpu, p, "p->on_cpu == 0");

#ifdef CONFIG_SIM_BUG_K6
	/* SIM: zoo k6: reverts "return migration picks an allowed CPU (not a
	 * stale wake_cpu)", v11: a returning task goes back to wake_cpu. */
	if (sim_k6_returning)
		cpu = p->wake_cpu;
	else
#endif
	cpu = select_task_rq(p, p->wake_cpu, &wake_flags);
	if (task_cpu(p) != (unsigned int)cpu) {
		wake_flags |= WF_MIGRATED;
		sim_trace_user("sched_migrate_task", (u64)p->pid, (u64)cpu);
		set_task_cpu(p, (unsigned int)cpu);
	}

	ttwu_queue(p, cpu, wake_flags);
unlock:
	raw_spin_unlock(&p->pi_lock);
out:
	return success;
}

int wake_up_process(struct task_struct *p)
{
	return try_to_wake_up(p, TASK_NORMAL, 0);
}

int wake_up_state(struct task_struct *p, unsigned int state)
{
	return try_to_wake_up(p, state, 0);
}

/* ---------------------------------------------------------------------- */
/* Balance callbacks */

void queue_balance_callback(struct rq *rq, struct balance_callback *head,
			    void (*func)(struct rq *rq))
{
	lockdep_assert_rq_held(rq);

	/* Already queued (or hotplug's sentinel is in place). */
	if (unlikely(head->next || rq->balance_callback == &balance_push_callback))
		return;

	head->func = func;
	head->next = rq->balance_callback;
	rq->balance_callback = head;
}

static void do_balance_callbacks(struct rq *rq, struct balance_callback *head)
{
	void (*func)(struct rq *rq);
	struct balance_callback *next;

	SIM_FRAME();
	lockdep_assert_rq_held(rq);

	while (head) {
		func = head->func;
		next = head->next;
		head->next = NULL;
		head = next;

		func(rq);
	}
}

static inline struct balance_callback *
__splice_balance_callbacks(struct rq *rq, bool split)
{
	struct balance_callback *head = rq->balance_callback;

	if (likely(!head))
		return NULL;

	lockdep_assert_rq_held(rq);
	if (split && head == &balance_push_callback)
		head = NULL;
	else
		rq->balance_callback = NULL;

	return head;
}

static void __balance_callbacks(struct rq *rq)
{
	do_balance_callbacks(rq, __splice_balance_callbacks(rq, false));
}

/* SIM: zoo k1: reverts "zap balance callbacks", v20 (which added this). */
#ifndef CONFIG_SIM_BUG_K1
/* Drop every queued callback without running it (proxy lock drops). */
static void zap_balance_callbacks(struct rq *rq)
{
	struct balance_callback *next, *head;
	bool found = false;

	SIM_FRAME();
	lockdep_assert_rq_held(rq);

	head = rq->balance_callback;
	while (head) {
		if (head == &balance_push_callback)
			found = true;
		next = head->next;
		head->next = NULL;
		head = next;
	}
	rq->balance_callback = found ? &balance_push_callback : NULL;
}
#endif

/* ---------------------------------------------------------------------- */
/* The context switch */

static inline void prepare_task(struct task_struct *next)
{
	/* Claim the task: ttwu now waits for on_cpu before moving it. */
	WRITE_ONCE(next->on_cpu, 1);
}

static inline void finish_task(struct task_struct *prev)
{
	/* Release the task: after this a waker may migrate it. */
	smp_store_release(&prev->on_cpu, 0);
}

static inline void prepare_lock_switch(struct rq *rq, struct task_struct *next,
				       struct rq_flags *rf)
{
	(void)next;
	rq_unpin_lock(rq, rf);
	/* SIM: lockdep's release by prev and acquire by next are implicit:
	 * spinlocks are held by the CPU, which stays the same. */
}

static inline void finish_lock_switch(struct rq *rq)
{
	__balance_callbacks(rq);
	raw_spin_rq_unlock_irq(rq);
}

static inline void prepare_task_switch(struct rq *rq, struct task_struct *prev,
				       struct task_struct *next)
{
	(void)rq;
	(void)prev;
	prepare_task(next);
}

void sim_task_release(struct task_struct *p);

static struct rq *finish_task_switch(struct task_struct *prev)
{
	struct rq *rq = this_rq();
	unsigned int prev_state;

	SIM_FRAME();
	/* Read before finish_task(): once on_cpu is clear, prev may be
	 * woken and run elsewhere. */
	prev_state = READ_ONCE(prev->__state);
	finish_task(prev);
	finish_lock_switch(rq);

	if (unlikely(prev_state == TASK_DEAD)) {
		if (prev->sched_class->task_dead)
			prev->sched_class->task_dead(prev);
		/* put_task_struct_rcu_user(): drop the task's own reference;
		 * timers or pushers holding one keep it until they put it. */
		put_task_struct(prev);
	}
	return rq;
}

/* The first code a new task runs (ret_from_fork -> schedule_tail()). */
void schedule_tail(struct task_struct *prev);

void schedule_tail(struct task_struct *prev)
{
	SIM_FRAME();
	finish_task_switch(prev);
}

static struct rq *context_switch(struct rq *rq, struct task_struct *prev,
				 struct task_struct *next, struct rq_flags *rf)
{
	SIM_FRAME();
	prepare_task_switch(rq, prev, next);

	/* SIM: no mm, no lazy TLB, no membarrier. */
	prepare_lock_switch(rq, next, rf);

	/*
	 * switch_to(prev, next, prev): the CPU goes on in next's thread.
	 * We come back here when some CPU switches back to prev; 'last'
	 * is then the task that CPU switched away from.
	 */
	rq->sim_switch_last = prev;
	sim_thread_switch(next->sim_thread);
	prev = this_rq()->sim_switch_last;
	barrier();

	return finish_task_switch(prev);
}

/* ---------------------------------------------------------------------- */
/* Picking the next task */

/*
 * The pick path in both variants.  Where v27 01/10 changed a line, the
 * stale-prev form (prev passed down and reused after lock drops) and the
 * fixed form (rq->donor re-read) stand side by side under
 * CONFIG_SIM_STALE_PREV, as in the patch.
 */
#ifdef CONFIG_SIM_STALE_PREV
static void prev_balance(struct rq *rq, struct task_struct *prev,
			 struct rq_flags *rf)
#else
static void prev_balance(struct rq *rq, struct rq_flags *rf)
#endif
{
#ifdef CONFIG_SIM_STALE_PREV
	const struct sched_class *start_class = prev->sched_class;
#else
	const struct sched_class *start_class = rq->donor->sched_class;
#endif
	const struct sched_class *class;

	SIM_FRAME();
	/* Pull before put_prev_task(), so the rq is stable when the lock
	 * is dropped (the "change" pattern, bug H1).  The donor may change
	 * while a class drops the lock; start_class is not re-read. */
	for_active_class_range(class, start_class, &idle_sched_class) {
#ifdef CONFIG_SIM_STALE_PREV
		if (class->balance && class->balance(rq, prev, rf))
#else
		if (class->balance && class->balance(rq, rf))
#endif
			break;
	}
}

#ifdef CONFIG_SIM_STALE_PREV
static inline struct task_struct *
__pick_next_task(struct rq *rq, struct task_struct *prev, struct rq_flags *rf)
#else
static inline struct task_struct *
__pick_next_task(struct rq *rq, struct rq_flags *rf)
#endif
{
	const struct sched_class *class;
	struct task_struct *p;
#ifdef CONFIG_SIM_BUG_H1
	bool sim_h1_put = false;
#endif

	SIM_FRAME();
	rq->dl_server = NULL;

	/* Fast path: the donor is fair or below and every task is fair. */
#ifdef CONFIG_SIM_STALE_PREV
	if (likely(!sched_class_above(prev->sched_class, &fair_sched_class) &&
#else
	if (likely(!sched_class_above(rq->donor->sched_class, &fair_sched_class) &&
#endif
		   rq->nr_running == rq->cfs.h_nr_queued)) {

#ifdef CONFIG_SIM_STALE_PREV
		p = pick_next_task_fair(rq, prev, rf);
#else
		p = pick_next_task_fair(rq, rf);
#endif
		if (unlikely(p == RETRY_TASK))
			goto restart;

		/* Assume the next prioritized class is idle_sched_class. */
		if (!p) {
			p = pick_task_idle(rq, rf);
#ifdef CONFIG_SIM_STALE_PREV
			put_prev_set_next_task(rq, prev, p);
#else
			put_prev_set_next_task(rq, rq->donor, p);
#endif
		}

		return p;
	}

restart:
#ifdef CONFIG_SIM_BUG_H1
	/*
	 * SIM: zoo h1: reverts "sched: Fix pick_next_task() vs 'change'
	 * pattern race" (2019, v5.4): the donor is put before the balance
	 * pass, which may drop the lock, and the classes only pick and set
	 * (the 2019 slow path: put_prev_task(), then each class's pick with
	 * no prev).  Put once, not again on RETRY_TASK.
	 */
	if (!sim_h1_put) {
		put_prev_task(rq, rq->donor);
		sim_h1_put = true;
	}
#endif
#ifdef CONFIG_SIM_STALE_PREV
	prev_balance(rq, prev, rf);
#else
	prev_balance(rq, rf);
#endif

	for_each_active_class(class) {
#ifdef CONFIG_SIM_BUG_H1
		p = class->pick_task(rq, rf);
		if (unlikely(p == RETRY_TASK))
			goto restart;
		if (p) {
			p->sched_class->set_next_task(rq, p, true);
			return p;
		}
		continue;
#endif
		if (class->pick_next_task) {
#ifdef CONFIG_SIM_STALE_PREV
			p = class->pick_next_task(rq, prev, rf);
#else
			p = class->pick_next_task(rq, rf);
#endif
			if (unlikely(p == RETRY_TASK))
				goto restart;
			if (p)
				return p;
		} else {
			p = class->pick_task(rq, rf);
			if (unlikely(p == RETRY_TASK))
				goto restart;
			if (p) {
#ifdef CONFIG_SIM_STALE_PREV
				put_prev_set_next_task(rq, prev, p);
#else
				put_prev_set_next_task(rq, rq->donor, p);
#endif
				return p;
			}
		}
	}

	BUG(); /* The idle class should always have a runnable task. */
	return NULL;
}

#ifdef CONFIG_SIM_STALE_PREV
static struct task_struct *
pick_next_task(struct rq *rq, struct task_struct *prev, struct rq_flags *rf)
{
	return __pick_next_task(rq, prev, rf);
}
#else
static struct task_struct *pick_next_task(struct rq *rq, struct rq_flags *rf)
{
	return __pick_next_task(rq, rf);
}
#endif

/* ---------------------------------------------------------------------- */
/* Blocking and proxy execution */

#define SM_IDLE			(-1)
#define SM_NONE			0
#define SM_PREEMPT		1

/* Dequeue p going to sleep, unless a signal is pending or it is blocked
 * on a mutex (then it stays queued, a donor for proxy execution). */
static bool try_to_block_task(struct rq *rq, struct task_struct *p,
			      unsigned long *task_state_p, bool should_block)
{
	unsigned long task_state = *task_state_p;

	SIM_FRAME();
	if (signal_pending_state((unsigned int)task_state, p)) {
		WRITE_ONCE(p->__state, TASK_RUNNING);
		*task_state_p = TASK_RUNNING;
		clear_task_blocked_on(p, NULL);

		return false;
	}

	if (!should_block)
		return false;

	block_task(rq, p, (int)task_state);
	return true;
}

/* Make idle the donor (and class-current task) of rq. */
static struct task_struct *proxy_resched_idle(struct rq *rq)
{
	SIM_FRAME();
	put_prev_set_next_task(rq, rq->donor, rq->idle);
	rq_set_donor(rq, rq->idle);
#ifndef CONFIG_SIM_BUG_K8
	/* SIM: forward-port of tip's "Switch rq->next_class on
	 * proxy_resched_idle()" (7.1-rc2), later than v27: without it
	 * wakeup_preempt() dispatches to the old donor's class with idle as
	 * the donor (bug K8).  Zoo variant k8 leaves it out. */
	rq->next_class = &idle_sched_class;
#endif
	set_tsk_need_resched(rq->idle);
	return rq->idle;
}

/*
 * v27: dequeue a blocked donor that cannot run here; its pending wakeup
 * places it.  Donor must stop being referenced (proxy_resched_idle)
 * before on_rq drops to 0: a remote ttwu may take it from then on.
 * SIM: v27 text was not available; this follows kernel-study 3.12 (the
 * TASK_RUNNING WARN of "Fix proxy-exec potentially deactivating tasks
 * marked TASK_RUNNING"), see docs/porting.md.
 */
static void proxy_deactivate(struct rq *rq, struct task_struct *donor)
{
	unsigned long state = READ_ONCE(donor->__state);

	SIM_FRAME();
	WARN_ON_ONCE(state == TASK_RUNNING);

	proxy_resched_idle(rq);
	block_task(rq, donor, (int)state);
}

static inline void proxy_release_rq_lock(struct rq *rq, struct rq_flags *rf)
{
	/* Callbacks queued by the pick must not outlive the drop: another
	 * CPU could take the lock and trip rq_pin_lock()'s check (K1). */
#ifndef CONFIG_SIM_BUG_K1
	zap_balance_callbacks(rq);
#endif
	/* SIM: zoo k1: reverts "zap balance callbacks", v20 (none of the
	 * three zaps: here, before pick_again, before keep_resched). */
	rq_unpin_lock(rq, rf);
	raw_spin_rq_unlock(rq);
}

static inline void proxy_reacquire_rq_lock(struct rq *rq, struct rq_flags *rf)
{
	raw_spin_rq_lock(rq);
	rq_repin_lock(rq, rf);
	update_rq_clock(rq);
}

/*
 * Move the blocked chain ending in p to target_cpu, where its lock owner
 * is.  Scheduling contexts may go anywhere; only the owner's affinity
 * binds.  v27: the whole blocked_donor chain moves at once.
 */
static void proxy_migrate_task(struct rq *rq, struct rq_flags *rf,
			       struct task_struct *p, int target_cpu)
{
	struct rq *target_rq = cpu_rq(target_cpu);
	LIST_HEAD(migrate_list);

	SIM_FRAME();
	lockdep_assert_rq_held(rq);

	/* No reference from this rq to a migrating donor may survive the
	 * lock drop below. */
	/* SIM: zoo k7: reverts "proxy_resched_idle() before the proxy lock
	 * drop", v9 (the WARN below, from the same fix, stays) */
#ifndef CONFIG_SIM_BUG_K7
	proxy_resched_idle(rq);
#endif
	for (; p; p = p->blocked_donor) {
		WARN_ON(p == rq->curr);
		/* p stays TASK_ON_RQ_MIGRATING until attached: a wakeup
		 * in the drop below waits in __task_rq_lock() instead of
		 * placing p itself (tests/scenarios/proxy-migrate-wakeup). */
		deactivate_task(rq, p, DEQUEUE_NOCLOCK);
		proxy_set_task_cpu(p, target_cpu);
		sim_trace_user("sched_pe_migrate", (u64)p->pid, (u64)target_cpu);
		/* se.group_node is free while p is off every rq. */
		list_add(&p->se.group_node, &migrate_list);
	}
	proxy_release_rq_lock(rq, rf);

	__attach_tasks(target_rq, &migrate_list);

	proxy_reacquire_rq_lock(rq, rf);
}

#ifdef CONFIG_SIM_BUG_K2
/*
 * SIM: zoo k2 only.  v23 6/9's return of a chain task p that may not run
 * here (its mutex was handed over, or has no owner): drop this rq, take p
 * with task_rq_lock() for select_task_rq()'s pi_lock, and if p is still
 * queued here and not running, move it to the CPU its wakeup would pick.
 * v27 removed this function (its returns go through proxy_deactivate()
 * and the wakeup); it is here because its task_rq_lock() is K2's spinner:
 * called from __schedule() with interrupts off, it spins on p while p is
 * TASK_ON_RQ_MIGRATING, and cannot take the wakelist IPI that would end
 * the migration.  v27's helpers stand for v23's open-coded lock drop.
 */
static void proxy_force_return(struct rq *rq, struct rq_flags *rf,
			       struct task_struct *p)
{
	struct rq *this_rq, *target_rq;
	struct rq_flags this_rf;
	int cpu, wake_flag = 0;

	SIM_FRAME();
	lockdep_assert_rq_held(rq);
	WARN_ON(p == rq->curr);

	get_task_struct(p);
	proxy_release_rq_lock(rq, rf);

	/* pi_lock too: select_task_rq() needs it. */
	this_rq = task_rq_lock(p, &this_rf);
	update_rq_clock(this_rq);

	/* Moved or woken in the drop: whoever did it places p. */
	if (this_rq != rq)
		goto err_out;
	if (!task_on_rq_queued(p))
		goto err_out;

	/* Only __schedule() gets here; nobody made p current meanwhile. */
	if (task_current(this_rq, p) || task_on_cpu(this_rq, p)) {
		WARN_ONCE(1, "current/on_cpu task");
		goto err_out;
	}

	proxy_resched_idle(this_rq);
	deactivate_task(this_rq, p, 0);
	cpu = select_task_rq(p, p->wake_cpu, &wake_flag);
	set_task_cpu(p, (unsigned int)cpu);
	target_rq = cpu_rq(cpu);
	clear_task_blocked_on(p, NULL);
	task_rq_unlock(this_rq, p, &this_rf);

	/* p is MIGRATING, with no lock held, until this activation. */
	raw_spin_rq_lock(target_rq);
	activate_task(target_rq, p, 0);
	wakeup_preempt(target_rq, p, 0);
	put_task_struct(p);
	raw_spin_rq_unlock(target_rq);

	proxy_reacquire_rq_lock(rq, rf);
	return;

err_out:
	put_task_struct(p);
	task_rq_unlock(this_rq, p, &this_rf);
	proxy_reacquire_rq_lock(rq, rf);
}
#endif /* CONFIG_SIM_BUG_K2 */

/*
 * Follow donor's blocked_on -> owner chain to a task that can run here
 * on donor's behalf.  Returns that task, NULL to pick again (the rq lock
 * may have been dropped), or rq->idle to switch to idle and retry.
 *
 * Lock order: p->pi_lock, rq->__lock, mutex->wait_lock, p->blocked_lock.
 * SIM: the v27 body is reconstructed (kernel-study 3.12): PROXY_WAKING
 * and "no owner" deactivate the chain task p if it is not curr (where
 * v26 force-returned p); a sleeping owner deactivates the donor (the
 * sleeping-owner lists are later work).
 */
static struct task_struct *
find_proxy_task(struct rq *rq, struct task_struct *donor, struct rq_flags *rf)
{
	struct task_struct *owner = NULL;
	bool curr_in_chain = false;
	int this_cpu = cpu_of(rq);
	struct task_struct *p;
	struct mutex *mutex;
	int owner_cpu = -1;
	int steps = 0;

	SIM_FRAME();
	for (p = donor; task_is_blocked(p); p = owner) {
		/* SIM: the walk is bounded; a cycle is a bug (ww_mutex). */
		BUG_ON(++steps > SIM_MAX_THREADS);

		mutex = READ_ONCE(p->blocked_on);
		/* Something changed in the chain: pick again. */
		if (!mutex)
			return NULL;

		/* Woken but not yet returned (v23..v29): run it if it is
		 * curr, else take it off the rq for its wakeup to place. */
		if (mutex == PROXY_WAKING) {
			clear_task_blocked_on(p, PROXY_WAKING);
			if (task_current(rq, p))
				return p;
			goto deactivate_p;
		}

		/* wait_lock holds off mutex_unlock() and keeps owner alive. */
		raw_spin_lock(&mutex->wait_lock);
		raw_spin_lock(&p->blocked_lock);

		/* Re-check with blocked_lock held. */
		if (mutex != p->blocked_on) {
			raw_spin_unlock(&p->blocked_lock);
			raw_spin_unlock(&mutex->wait_lock);
			return NULL;
		}

		if (task_current(rq, p))
			curr_in_chain = true;

		owner = __mutex_owner(mutex);
		if (!owner) {
			/* Lock free: run p to retry it, if it is curr. */
			__clear_task_blocked_on(p, mutex);
			raw_spin_unlock(&p->blocked_lock);
			raw_spin_unlock(&mutex->wait_lock);
#ifdef CONFIG_SIM_BUG_K20
			/* SIM: zoo k20: the null-owner case before v8's fix runs
			 * p on this CPU wherever it sits, even proxy-migrated
			 * outside its affinity, instead of returning it. */
			return p;
#endif
			if (task_current(rq, p))
				return p;
			goto deactivate_p;
		}

		if (!READ_ONCE(owner->on_rq) || owner->se.sched_delayed) {
			/* The owner sleeps: nothing to run for donor here. */
			raw_spin_unlock(&p->blocked_lock);
			raw_spin_unlock(&mutex->wait_lock);
			if (curr_in_chain)
				return proxy_resched_idle(rq);
			goto deactivate;
		}

		owner_cpu = (int)task_cpu(owner);
		if (owner_cpu != this_cpu) {
			/* Move the chain to the owner's CPU. */
			raw_spin_unlock(&p->blocked_lock);
			raw_spin_unlock(&mutex->wait_lock);
			if (curr_in_chain)
				return proxy_resched_idle(rq);
			goto migrate_task;
		}

		if (task_on_rq_migrating(owner)) {
			/* The owner is on its way here; let it arrive. */
			raw_spin_unlock(&p->blocked_lock);
			raw_spin_unlock(&mutex->wait_lock);
			return proxy_resched_idle(rq);
		}

		/* It may have moved back in between: re-check. */
		if (!task_on_rq_queued(owner) || task_cpu(owner) != (unsigned int)this_cpu) {
			raw_spin_unlock(&p->blocked_lock);
			raw_spin_unlock(&mutex->wait_lock);
			return NULL;
		}

		if (owner == p) {
			/* Interleaved with the unlock's handoff: let ttwu
			 * finish marking it running. */
			raw_spin_unlock(&p->blocked_lock);
			raw_spin_unlock(&mutex->wait_lock);
			return proxy_resched_idle(rq);
		}

		/* Owner is on this rq: the rq lock keeps it here. */
		owner->blocked_donor = p;
		raw_spin_unlock(&p->blocked_lock);
		raw_spin_unlock(&mutex->wait_lock);
	}

	WARN_ON_ONCE(owner && !owner->on_rq);
	return owner;

deactivate:
	proxy_deactivate(rq, donor);
	return NULL;
deactivate_p:
#ifdef CONFIG_SIM_BUG_K2
	/* SIM: zoo k2: v23 6/9 returned the chain task itself. */
	proxy_force_return(rq, rf, p);
#else
	/* The chain task that changed, as v26's proxy_force_return(p). */
	proxy_deactivate(rq, p);
#endif
	return NULL;
migrate_task:
	proxy_migrate_task(rq, rf, p, owner_cpu);
	return NULL;
}

/* ---------------------------------------------------------------------- */
/* __schedule() */

static void migrate_disable_switch(struct rq *rq, struct task_struct *p);

static void __schedule(int sched_mode)
{
	struct task_struct *prev, *next;
	bool preempt = sched_mode > SM_NONE;
	unsigned long *switch_count;
	unsigned long prev_state;
	struct rq_flags rf;
	struct rq *rq;
	int cpu;

	SIM_FRAME();
	cpu = smp_processor_id();
	rq = cpu_rq(cpu);
	prev = rq->curr;

	/* SIM: schedule_debug(), hrtick, RCU notes are not modelled. */
	local_irq_disable();
	rq_lock(rq, &rf);
	smp_mb();

	/* Promote REQ to ACT. */
	rq->clock_update_flags <<= 1;
	update_rq_clock(rq);
	rq->clock_update_flags = RQCF_UPDATED;

	switch_count = &prev->nivcsw;

	/* Only SM_PREEMPT counts as a preemption for the task state. */
	preempt = sched_mode == SM_PREEMPT;

	prev_state = READ_ONCE(prev->__state);
	if (sched_mode == SM_IDLE) {
		if (!rq->nr_running) {
			next = prev;
			rq->next_class = &idle_sched_class;
			goto picked;
		}
	} else if (!preempt && prev_state) {
		/* A mutex-blocked task stays queued, selectable as a donor. */
		try_to_block_task(rq, prev, &prev_state, !task_is_blocked(prev));
		switch_count = &prev->nvcsw;
	}

pick_again:
	assert_balance_callbacks_empty(rq);
#ifdef CONFIG_SIM_STALE_PREV
	next = pick_next_task(rq, rq->donor, &rf);
#else
	next = pick_next_task(rq, &rf);
#endif
	rq->next_class = next->sched_class;
	{
		/* Read after the pick: a remote ttwu may have changed it. */
		struct task_struct *prev_donor = rq->donor;

		rq_set_donor(rq, next);
		next->blocked_donor = NULL;
		if (unlikely(task_is_blocked(next))) {
			next = find_proxy_task(rq, next, &rf);
			if (!next) {
				/* SIM: zoo k1: reverts "zap balance callbacks", v20 */
#ifndef CONFIG_SIM_BUG_K1
				zap_balance_callbacks(rq);
#endif
				goto pick_again;
			}
			if (next == rq->idle) {
				/* SIM: zoo k1: reverts "zap balance callbacks", v20 */
#ifndef CONFIG_SIM_BUG_K1
				zap_balance_callbacks(rq);
#endif
				goto keep_resched;
			}
		}
		if (rq->donor == prev_donor && prev != next) {
			struct task_struct *donor = rq->donor;

			/* Same donor, new execution context: give RT/DL the
			 * push/pull chance the old on-CPU context blocked. */
			donor->sched_class->put_prev_task(rq, donor, donor);
			donor->sched_class->set_next_task(rq, donor, true);
		}
	}
picked:
	clear_tsk_need_resched(prev);
keep_resched:
	if (likely(prev != next)) {
		rq->nr_switches++;
		rq->curr = next;
		++*switch_count;

		migrate_disable_switch(rq, prev);

		sim_trace_user("sched_switch",
			       (u64)prev->pid << 32 | (u64)(u32)next->pid,
			       (u64)rq->donor->pid);

		/* Also unlocks the rq. */
		rq = context_switch(rq, prev, next, &rf);
	} else {
		rq_unpin_lock(rq, &rf);
		__balance_callbacks(rq);
		raw_spin_rq_unlock_irq(rq);
	}
}

static inline int need_resched(void)
{
	return test_tsk_need_resched(current);
}

void schedule(void)
{
	SIM_FRAME();
	/* SIM: no sched_submit_work(): no workqueues or block plugs. */
	do {
		__schedule(SM_NONE);
	} while (need_resched());
}

void schedule_preempt_disabled(void)
{
	schedule();
}

/* The idle task's way into the scheduler. */
void schedule_idle(void)
{
	SIM_FRAME();
	WARN_ON_ONCE(current->__state);
	do {
		__schedule(SM_IDLE);
	} while (need_resched());
}

/* CONFIG_PREEMPTION: the preemption point of a preempt_enable(). */
void preempt_schedule(void)
{
	SIM_FRAME();
	do {
		__schedule(SM_PREEMPT);
	} while (need_resched());
}

/* Preemption on the way out of an interrupt or system call. */
void preempt_schedule_irq(void)
{
	SIM_FRAME();
	do {
		__schedule(SM_PREEMPT);
	} while (need_resched());
}

void do_task_dead(void)
{
	SIM_FRAME();
	/* set_special_state(): under pi_lock, so no wakeup undoes it.  The
	 * final put happens in the next task's finish_task_switch(). */
	raw_spin_lock(&current->pi_lock);
	WRITE_ONCE(current->__state, TASK_DEAD);
	raw_spin_unlock(&current->pi_lock);
	__schedule(SM_NONE);
	BUG();
}

/* ---------------------------------------------------------------------- */
/* The tick */

void sched_tick(void)
{
	int cpu = smp_processor_id();
	struct rq *rq = cpu_rq(cpu);
	struct task_struct *donor;
	struct rq_flags rf;

	SIM_FRAME();
	rq_lock(rq, &rf);
	donor = rq->donor;

	update_rq_clock(rq);
	/* The donor's class is charged: its budget pays for curr. */
	donor->sched_class->task_tick(rq, donor, 0);

	rq_unlock(rq, &rf);
	/* SIM: no periodic load balance (sched_balance_trigger), no
	 * misfit or NUMA work; newidle balancing is modelled. */
}

/* ---------------------------------------------------------------------- */
/* Fork */

static void __sched_fork(unsigned long clone_flags, struct task_struct *p)
{
	(void)clone_flags;
	p->on_rq = 0;

	p->se.on_rq = 0;
	p->se.exec_start = 0;
	p->se.sum_exec_runtime = 0;
	p->se.prev_sum_exec_runtime = 0;
	p->se.nr_migrations = 0;
	p->se.vruntime = 0;
	p->se.vlag = 0;
	p->se.sched_delayed = 0;
	p->se.rel_deadline = 0;
	p->se.custom_slice = 0;
	p->se.vprot = 0;
	p->se.deadline = 0;
	INIT_LIST_HEAD(&p->se.group_node);
	RB_CLEAR_NODE(&p->se.run_node);
	p->se.slice = 3000000ULL;	/* sysctl_sched_base_slice: 3 ms */

	__dl_clear_params(&p->dl);
	init_dl_entity(&p->dl);
	INIT_LIST_HEAD(&p->rt.run_list);
	p->rt.timeout = 0;
	p->rt.time_slice = 100;		/* sched_rr_timeslice in ticks */
	p->rt.on_rq = 0;
	p->rt.on_list = 0;

	p->blocked_on = NULL;
	p->blocked_donor = NULL;
	INIT_LIST_HEAD(&p->wake_entry);
}

static inline int __normal_prio(int policy, int rt_prio, int nice)
{
	int prio;

	if (dl_policy(policy))
		prio = MAX_DL_PRIO - 1;
	else if (rt_policy(policy))
		prio = MAX_RT_PRIO - 1 - rt_prio;
	else
		prio = NICE_TO_PRIO(nice);

	return prio;
}

static inline int normal_prio(struct task_struct *p)
{
	return __normal_prio((int)p->policy, (int)p->rt_priority,
			     PRIO_TO_NICE(p->static_prio));
}

/* The class a policy and priority select (__setscheduler_class()). */
static const struct sched_class *__setscheduler_class(int policy, int prio)
{
	(void)policy;
	if (dl_prio(prio))
		return &dl_sched_class;
	if (rt_prio(prio))
		return &rt_sched_class;
	return &fair_sched_class;
}

static void __setscheduler_params(struct task_struct *p,
				  const struct sched_attr *attr)
{
	int policy = (int)attr->sched_policy;

	p->policy = (unsigned int)policy;

	if (dl_policy(policy))
		__setparam_dl(p, attr);
	else if (fair_policy(policy) || idle_policy(policy))
		p->static_prio = NICE_TO_PRIO(attr->sched_nice);

	p->rt_priority = attr->sched_priority;
	p->normal_prio = normal_prio(p);
	set_load_weight(p, true);
}

/*
 * sched_fork() + sched_cgroup_fork(): prepare a new task on this CPU.
 * SIM: the child's policy comes from the program (as if sched_setattr()
 * ran before its first wakeup) instead of being inherited.
 */
int sched_fork(unsigned long clone_flags, struct task_struct *p,
	       const struct sched_attr *attr)
{
	SIM_FRAME();
	__sched_fork(clone_flags, p);
	p->__state = TASK_NEW;

	/* dup_task_struct() copied the parent's nice level; an RT or DL
	 * policy keeps it (it gives the weight if the task turns fair). */
	p->static_prio = current->static_prio;
	__setscheduler_params(p, attr);
	p->prio = p->normal_prio;
	p->sched_class = __setscheduler_class((int)p->policy, p->prio);

	p->on_cpu = 0;
	plist_node_init(&p->pushable_tasks, MAX_PRIO);
	RB_CLEAR_NODE(&p->pushable_dl_tasks);

	raw_spin_lock(&p->pi_lock);
	__set_task_cpu(p, (unsigned int)smp_processor_id());
	if (p->sched_class->task_fork)
		p->sched_class->task_fork(p);
	raw_spin_unlock(&p->pi_lock);
	return 0;
}

void wake_up_new_task(struct task_struct *p)
{
	struct rq_flags rf;
	struct rq *rq;
	int wake_flags = WF_FORK;

	SIM_FRAME();
	raw_spin_lock_irqsave(&p->pi_lock, rf.flags);
	WRITE_ONCE(p->__state, TASK_RUNNING);
	p->recent_used_cpu = (int)task_cpu(p);
	__set_task_cpu(p, (unsigned int)select_task_rq(p, (int)task_cpu(p), &wake_flags));
	rq = __task_rq_lock(p, &rf);
	update_rq_clock(rq);

	activate_task(rq, p, ENQUEUE_NOCLOCK | ENQUEUE_INITIAL);
	sim_trace_user("sched_wakeup_new", (u64)p->pid, task_cpu(p));
	wakeup_preempt(rq, p, wake_flags);
	if (p->sched_class->task_woken) {
		rq_unpin_lock(rq, &rf);
		p->sched_class->task_woken(rq, p);
		rq_repin_lock(rq, &rf);
	}
	task_rq_unlock(rq, p, &rf);
}

/* ---------------------------------------------------------------------- */
/* sched_yield() */

void do_sched_yield(void)
{
	struct rq_flags rf;
	struct rq *rq;

	SIM_FRAME();
	rq = this_rq();
	rq_lock(rq, &rf);
#ifndef CONFIG_SIM_BUG_K21
	/* The donor yields, which may not be curr.  SIM: the idle class has
	 * no yield_task (finding K21, docs/findings.md): the kernel would
	 * oops on the NULL call; here that is a BUG with an id. */
	BUG_ON(!rq->donor->sched_class->yield_task);
	rq->donor->sched_class->yield_task(rq);
#else
	/* SIM: zoo k21: reverts "sched/proxy: Yield the donor task"
	 * (127b90315ca0, 6.19): the running context yields through its own
	 * class, a proxy included.  BUG_ON as above. */
	BUG_ON(!current->sched_class->yield_task);
	current->sched_class->yield_task(rq);
#endif
	rq_unlock(rq, &rf);
	schedule();
}

/* ---------------------------------------------------------------------- */
/* Changing a task's class, priority or affinity: the "change" pattern */

static void check_class_changed(struct rq *rq, struct task_struct *p,
				const struct sched_class *prev_class,
				int oldprio)
{
	SIM_FRAME();
	if (prev_class != p->sched_class) {
		if (prev_class->switched_from)
			prev_class->switched_from(rq, p);

		p->sched_class->switched_to(rq, p);
	} else if (oldprio != p->prio || dl_task(p)) {
		p->sched_class->prio_changed(rq, p, oldprio);
	}
}

static void balance_callbacks(struct rq *rq, struct balance_callback *head)
{
	if (unlikely(head)) {
		raw_spin_rq_lock(rq);
		do_balance_callbacks(rq, head);
		raw_spin_rq_unlock(rq);
	}
}

int __sched_setscheduler(struct task_struct *p, const struct sched_attr *attr)
{
	int queue_flags = DEQUEUE_SAVE | DEQUEUE_MOVE | DEQUEUE_NOCLOCK;
	int policy = (int)attr->sched_policy;
	const struct sched_class *prev_class, *next_class;
	struct balance_callback *head;
	int oldprio, newprio, queued, running;
	struct rq_flags rf;
	struct rq *rq;

	SIM_FRAME();
	/* SIM: permission, RLIMIT, DL admission (sched_dl_overflow) and
	 * PI boosting checks are not modelled; attrs are valid. */
	rq = task_rq_lock(p, &rf);
	update_rq_clock(rq);

	/* Changing the stopper's policy is refused. */
	if (p == rq->stop || (p->flags & PF_IDLE) || p->__state == TASK_DEAD) {
		task_rq_unlock(rq, p, &rf);
		return -1;
	}

	newprio = __normal_prio(policy, (int)attr->sched_priority, attr->sched_nice);
	next_class = __setscheduler_class(policy, newprio);
	oldprio = p->prio;
	prev_class = p->sched_class;

	/* A delayed fair task leaving fair finishes its dequeue first. */
	if (prev_class != next_class && p->se.sched_delayed)
		dequeue_task(rq, p, DEQUEUE_SLEEP | DEQUEUE_DELAYED | DEQUEUE_NOCLOCK);

	queued = task_on_rq_queued(p);
	running = task_current_donor(rq, p);
	if (queued)
		dequeue_task(rq, p, queue_flags);
	if (running)
		put_prev_task(rq, p);

	__setscheduler_params(p, attr);
	p->sched_class = next_class;
	p->prio = newprio;

	if (queued) {
		/* A lowered priority keeps its place at the head. */
		if (oldprio < p->prio)
			queue_flags |= ENQUEUE_HEAD;

		enqueue_task(rq, p, queue_flags);
	}
	if (running)
		set_next_task(rq, p);

	check_class_changed(rq, p, prev_class, oldprio);

	/* Run the balance callbacks after the locks are dropped. */
	head = __splice_balance_callbacks(rq, true);
	task_rq_unlock(rq, p, &rf);
	balance_callbacks(rq, head);

	return 0;
}

void set_cpus_allowed_common(struct task_struct *p, struct affinity_context *ctx)
{
	/* migrate_disable()/migrate_enable() only repoint cpus_ptr. */
	if (ctx->flags & (SCA_MIGRATE_ENABLE | SCA_MIGRATE_DISABLE)) {
		p->cpus_ptr = ctx->new_mask;
		return;
	}

	cpumask_copy(&p->cpus_mask, ctx->new_mask);
	p->nr_cpus_allowed = (int)cpumask_weight(ctx->new_mask);
}

static void __do_set_cpus_allowed(struct task_struct *p,
				  struct affinity_context *ctx)
{
	struct rq *rq = task_rq(p);
	bool queued, running;

	SIM_FRAME();
	/* From __schedule() (migrate_disable_switch()) without pi_lock:
	 * the kernel relies on ttwu() reading these only after on_cpu. */
	if (ctx->flags & SCA_MIGRATE_DISABLE)
		WARN_ON_ONCE(!p->on_cpu);
	else
		lockdep_assert_held(&p->pi_lock);
	lockdep_assert_rq_held(rq);

	queued = task_on_rq_queued(p);
	running = task_current_donor(rq, p);

	if (queued)
		dequeue_task(rq, p, DEQUEUE_SAVE | DEQUEUE_NOCLOCK);
	if (running)
		put_prev_task(rq, p);

	p->sched_class->set_cpus_allowed(p, ctx);

	if (queued)
		enqueue_task(rq, p, ENQUEUE_RESTORE | ENQUEUE_NOCLOCK);
	if (running)
		set_next_task(rq, p);
}

struct migration_arg {
	struct task_struct	*task;
	int			dest_cpu;
};

static struct rq *__migrate_task(struct rq *rq, struct rq_flags *rf,
				 struct task_struct *p, int dest_cpu)
{
	/* Affinity may have changed in between. */
	if (!is_cpu_allowed(p, dest_cpu))
		return rq;

	rq = move_queued_task(rq, rf, p, dest_cpu);

	return rq;
}

/* Runs on the stopper of the task's CPU (stop_one_cpu()). */
static int migration_cpu_stop(void *data)
{
	struct migration_arg *arg = data;
	struct task_struct *p = arg->task;
	struct rq *rq = this_rq();
	struct rq_flags rf;

	SIM_FRAME();
	raw_spin_lock_irq(&p->pi_lock);
	rq_lock(rq, &rf);

	/* The task may have moved or slept meanwhile. */
	if (task_rq(p) == rq) {
		/* Pinned: its migrate_enable() moves it.  SIM: no pending
		 * to leave behind, see affine_move_task(). */
		if (is_migration_disabled(p))
			goto out;
		if (task_on_rq_queued(p)) {
			update_rq_clock(rq);
			rq = __migrate_task(rq, &rf, p, arg->dest_cpu);
		} else {
			p->wake_cpu = arg->dest_cpu;
		}
	}
out:
	rq_unlock(rq, &rf);
	raw_spin_unlock_irq(&p->pi_lock);
	return 0;
}

/*
 * Runs on rq's stopper, queued by a pull that found a migration-disabled
 * task it could not take (pull_rt_task(), pull_dl_task()) or by the
 * migrate_enable() of a task such a push once found pinned: push p, the
 * task rq was running, to a CPU its class prefers, making room here.
 */
int push_cpu_stop(void *arg)
{
	struct rq *lowest_rq = NULL, *rq = this_rq();
	struct task_struct *p = arg;

	SIM_FRAME();
	raw_spin_lock_irq(&p->pi_lock);
	raw_spin_rq_lock(rq);

	if (task_rq(p) != rq)
		goto out_unlock;

	/* Pinned meanwhile: its migrate_enable() asks again. */
	if (is_migration_disabled(p)) {
		p->migration_flags |= MDF_PUSH;
		goto out_unlock;
	}

	p->migration_flags &= ~MDF_PUSH;

	if (p->sched_class->find_lock_rq)
		lowest_rq = p->sched_class->find_lock_rq(p, rq);

	if (!lowest_rq)
		goto out_unlock;

	/* The kernel leaves "is p still the one to push?" open here too. */
	if (task_rq(p) == rq) {
		move_queued_task_locked(rq, lowest_rq, p);
		resched_curr(lowest_rq);
	}

	double_unlock_balance(rq, lowest_rq);

out_unlock:
	rq->push_busy = false;
	raw_spin_rq_unlock(rq);
	raw_spin_unlock_irq(&p->pi_lock);

	put_task_struct(p);
	return 0;
}

/*
 * SIM: the stopper call of migrate_enable()'s move, per CPU.  The kernel
 * keeps it in the pending request of the affinity change that is waiting
 * for the move; the simulator's affinity change does not wait (see
 * affine_move_task()), so the request lives here until the stopper runs.
 */
static struct sim_md_stop {
	struct migration_arg	arg;
	struct cpu_stop_work	work;
	bool			queued;
} sim_md_stops[SIM_MAX_CPUS];

static int sim_md_stop_fn(void *data)
{
	struct sim_md_stop *st = data;
	struct task_struct *p = st->arg.task;

	st->queued = false;
	migration_cpu_stop(&st->arg);
	p->sim_migration_pending--;
	put_task_struct(p);
	return 0;
}

/*
 * SIM: affine_move_task() without its pending/refcount machinery: a
 * running task is moved by the stopper of its CPU and the caller waits for
 * the stopper; a queued one is moved here.  A migration-disabled task is
 * left where it is (the stopper skips it too) and moved by its own
 * migrate_enable(); the kernel's caller would wait for that (the
 * pending's completion), the simulator's returns at once.
 */
static int affine_move_task(struct rq *rq, struct task_struct *p,
			    struct rq_flags *rf, int dest_cpu,
			    unsigned int flags)
{
	SIM_FRAME();
	/* Nothing to move: already on an allowed CPU, or the donor a proxy
	 * runs for, which must stay put while the proxy runs and is placed
	 * by its wakeup (proxy exec, since "Start blocked_on chain
	 * processing in find_proxy_task()"). */
	if (cpumask_test_cpu((int)task_cpu(p), &p->cpus_mask) ||
	    (task_current_donor(rq, p) && !task_current(rq, p))) {
		struct task_struct *push_task = NULL;

		/* A push found it pinned (push_cpu_stop()): ask again. */
		if ((flags & SCA_MIGRATE_ENABLE) &&
		    (p->migration_flags & MDF_PUSH) && !rq->push_busy) {
			rq->push_busy = true;
			get_task_struct(p);
			push_task = p;
		}

		/* SIM: no preempt_disable()/preempt_enable() pair: an event
		 * is never preempted, and migrate_enable()'s preemption point
		 * runs the stopper. */
		task_rq_unlock(rq, p, rf);
		if (push_task)
			stop_one_cpu_nowait((unsigned int)rq->cpu, push_cpu_stop,
					    p, &rq->push_work);
		return 0;
	}

	if (task_on_cpu(rq, p) || READ_ONCE(p->__state) == TASK_WAKING) {
		struct migration_arg arg = { p, dest_cpu };
		int cpu = cpu_of(rq);

		/* The move below is the push a push_cpu_stop() wanted. */
		if (flags & SCA_MIGRATE_ENABLE)
			p->migration_flags &= ~MDF_PUSH;

		/* SIM: lets RUNNING_ON_ALLOWED_CPU tell this window apart. */
		p->sim_migration_pending++;
		task_rq_unlock(rq, p, rf);
		if (flags & SCA_MIGRATE_ENABLE) {
			/* Current, in migrate_enable(): the stopper preempts
			 * it at the preempt_enable() after migration_disabled
			 * is 0. */
			struct sim_md_stop *st = &sim_md_stops[cpu];

			/* SIM: one slot per CPU: only current queues it,
			 * and the stopper runs before anything else here. */
			if (WARN_ON_ONCE(st->queued)) {
				p->sim_migration_pending--;
				return 0;
			}
			/* SIM: a reference for the queued work.  In the
			 * kernel this move is the one stopper work of the
			 * pending request, and the affinity change waiting
			 * for it holds p; here that change may already have
			 * queued a stopper work of its own and returned, and
			 * p may exit before this one runs. */
			get_task_struct(p);
			st->arg = arg;
			st->queued = true;
			stop_one_cpu_nowait((unsigned int)cpu, sim_md_stop_fn, st,
					    &st->work);
			return 0;
		}
		stop_one_cpu(cpu, migration_cpu_stop, &arg);
		p->sim_migration_pending--;
		return 0;
	}

	if (!is_migration_disabled(p) && task_on_rq_queued(p))
		rq = move_queued_task(rq, rf, p, dest_cpu);
	task_rq_unlock(rq, p, rf);
	return 0;
}

int __set_cpus_allowed_ptr(struct task_struct *p, struct affinity_context *ctx)
{
	struct rq_flags rf;
	struct rq *rq;
	int dest_cpu;

	SIM_FRAME();
	rq = task_rq_lock(p, &rf);
	update_rq_clock(rq);

	/* Kernel threads bound to a CPU (idle, stop) keep their mask. */
	if ((p->flags & PF_IDLE) || p == rq->stop) {
		task_rq_unlock(rq, p, &rf);
		return 0;
	}

	/* migrate_enable() restores cpus_ptr even when the mask is equal. */
	if (!(ctx->flags & SCA_MIGRATE_ENABLE)) {
		if (cpumask_equal(&p->cpus_mask, ctx->new_mask)) {
			task_rq_unlock(rq, p, &rf);
			return 0;
		}
		/* Moving oneself off a CPU one is pinned to. */
		if (WARN_ON_ONCE(p == current && is_migration_disabled(p) &&
				 !cpumask_test_cpu((int)task_cpu(p), ctx->new_mask))) {
			task_rq_unlock(rq, p, &rf);
			return -1;
		}
	}

	dest_cpu = (int)cpumask_any_and(cpu_active_mask, ctx->new_mask);
	if (dest_cpu >= (int)nr_cpu_ids) {
		task_rq_unlock(rq, p, &rf);
		return -1;
	}

	__do_set_cpus_allowed(p, ctx);

	return affine_move_task(rq, p, &rf, dest_cpu, ctx->flags);
}

/*
 * Switching out a migration-disabled task pins it where it is: cpus_ptr
 * points at this CPU alone until its migrate_enable().  Called from
 * __schedule() with the rq lock held and without pi_lock.
 */
static void migrate_disable_switch(struct rq *rq, struct task_struct *p)
{
	struct affinity_context ac = {
		.new_mask = cpumask_of((unsigned int)rq->cpu),
		.flags = SCA_MIGRATE_DISABLE,
	};

	if (likely(!p->migration_disabled))
		return;

	/* Pinned already by an earlier switch. */
	if (p->cpus_ptr != &p->cpus_mask)
		return;

	__do_set_cpus_allowed(p, &ac);
}

void migrate_disable(void)
{
	struct task_struct *p = current;

	if (p->migration_disabled) {
		/* Nested: count, warning half-way to an overflow. */
		WARN_ON_ONCE((s16)p->migration_disabled < 0);
		p->migration_disabled++;
		return;
	}

	/* SIM: guard(preempt) (an event is never preempted) and
	 * rq->nr_pinned (read only by CPU hotplug) are not modelled. */
	p->migration_disabled = 1;
	p->sim_md_cpu = smp_processor_id();
}

void migrate_enable(void)
{
	struct task_struct *p = current;
	struct affinity_context ac = {
		.new_mask = &p->cpus_mask,
		.flags = SCA_MIGRATE_ENABLE,
	};

	/* An overflow, or an enable without a disable. */
	if (WARN_ON_ONCE((s16)p->migration_disabled <= 0))
		return;

	if (p->migration_disabled > 1) {
		p->migration_disabled--;
		return;
	}

	/* Unpin before clearing the count: select_fallback_rq() and the
	 * like must not see an unpinned count with a pinned cpus_ptr.  A
	 * CPU outside the mask queues the stopper. */
	if (p->cpus_ptr != &p->cpus_mask)
		__set_cpus_allowed_ptr(p, &ac);
	barrier();
	p->migration_disabled = 0;

	/* The end of guard(preempt): the stopper, if queued, moves current
	 * now.  (SIM: an event is never preempted, which stands in for the
	 * guard; the preemption point of its preempt_enable() is this.) */
	if (need_resched())
		preempt_schedule();
}

/* ---------------------------------------------------------------------- */
/* Boot */

void init_idle(struct task_struct *idle, int cpu)
{
	struct rq *rq = cpu_rq(cpu);

	__sched_fork(0, idle);
	idle->__state = TASK_RUNNING;
	idle->flags |= PF_IDLE | PF_KTHREAD;
	cpumask_clear(&idle->cpus_mask);
	cpumask_set_cpu(cpu, &idle->cpus_mask);
	idle->nr_cpus_allowed = 1;
	__set_task_cpu(idle, (unsigned int)cpu);

	rq->idle = idle;
	rq_set_donor(rq, idle);
	rq->curr = idle;
	idle->on_rq = TASK_ON_RQ_QUEUED;
	idle->on_cpu = 1;
	idle->sched_class = &idle_sched_class;
	idle->policy = SCHED_NORMAL;
	idle->static_prio = MAX_PRIO - 20;
	idle->prio = idle->normal_prio = MAX_PRIO - 20;
}

void sched_init_rq(int cpu)
{
	struct rq *rq = cpu_rq(cpu);

	memset(rq, 0, sizeof(*rq));
	raw_spin_lock_init_class(&rq->__lock, "rq->__lock", &rq_lock_class, cpu);
	rq->cpu = cpu;
	rq->online = 1;
	rq->rd = &sim_root_domain;
	init_cfs_rq(&rq->cfs);
	init_rt_rq(&rq->rt);
	init_dl_rq(&rq->dl);
	INIT_LIST_HEAD(&rq->cfs_tasks);
	INIT_LIST_HEAD(&rq->wake_list);
	rq->next_class = &idle_sched_class;
	rq->avg_idle = 2 * 500000ULL;		/* sysctl_sched_migration_cost */
	rq->max_idle_balance_cost = 500000ULL;
}
