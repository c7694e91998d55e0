// SPDX-License-Identifier: GPL-2.0-only
/*
 * rt.c - port of kernel/sched/rt.c: the SCHED_FIFO/SCHED_RR class, its
 * priority array, the pushable list and RT overload tracking, and the
 * push/pull balancing that drops the rq lock in double_lock_balance().
 *
 * Version: the proxy-exec dev tree (johnstultz-work/linux-dev @04447706),
 * which has the v27 interface: balance_rt(rq, rf) reads rq->donor once,
 * before any lock drop.  Built with CONFIG_SIM_STALE_PREV ("stale-prev"),
 * balance_rt(rq, prev, rf) takes the caller's prev, as before v27 01/10.
 *
 * Not modelled (SIM): RT group scheduling, RT bandwidth (rt_runtime),
 * RT_PUSH_IPI (the non-IPI pull is the path), PELT, uclamp, cpufreq,
 * schedstats, the RT watchdog, and cpupri (computed from the runqueues,
 * see sim_cpupri_find()).  The dev tree's chain-aware
 * find_exec_ctx() is not ported: see find_lock_lowest_rq().
 */
#define SIM_KFILE "kernel/sched/rt.c"

#include "sched.h"

#include <stdio.h>

/* SIM: RR_TIMESLICE is 100 ms in ticks; the simulated HZ is 1000. */
#define RR_TIMESLICE		100
/* SIM: no sysctl to change it. */
static const int sched_rr_timeslice = RR_TIMESLICE;

/* SIM: per-CPU variables are arrays indexed by CPU. */
static struct balance_callback rt_push_head[SIM_MAX_CPUS];
static struct balance_callback rt_pull_head[SIM_MAX_CPUS];

static void push_rt_tasks(struct rq *rq);
static void pull_rt_task(struct rq *this_rq);

void init_rt_rq(struct rt_rq *rt_rq)
{
	struct rt_prio_array *array;
	int i;

	array = &rt_rq->active;
	for (i = 0; i < MAX_RT_PRIO; i++) {
		INIT_LIST_HEAD(array->queue + i);
		__clear_bit((unsigned long)i, array->bitmap);
	}
	/* The bit past the last priority stops sched_find_first_bit(). */
	__set_bit(MAX_RT_PRIO, array->bitmap);

	rt_rq->highest_prio.curr = MAX_RT_PRIO-1;
	rt_rq->highest_prio.next = MAX_RT_PRIO-1;
	rt_rq->rt_nr_running = 0;
	rt_rq->rr_nr_running = 0;
	rt_rq->overloaded = 0;
	plist_head_init(&rt_rq->pushable_tasks);
	/* Nothing is queued yet. */
	rt_rq->rt_queued = 0;

	/*
	 * SIM: the per-CPU callback heads are statics that outlive a run; a
	 * run that ended with one queued would leave its ->next set and
	 * queue_balance_callback() would skip it forever.  Reset them with
	 * the runqueue.
	 */
	{
		int cpu = cpu_of(container_of(rt_rq, struct rq, rt));

		rt_push_head[cpu].next = NULL;
		rt_push_head[cpu].func = NULL;
		rt_pull_head[cpu].next = NULL;
		rt_pull_head[cpu].func = NULL;
	}
}

/* Without RT group scheduling every entity is a task on its CPU's rt_rq. */
#define rt_entity_is_task(rt_se) (1)

static inline struct task_struct *rt_task_of(struct sched_rt_entity *rt_se)
{
	return container_of(rt_se, struct task_struct, rt);
}

static inline struct rq *rq_of_rt_rq(struct rt_rq *rt_rq)
{
	return container_of(rt_rq, struct rq, rt);
}

static inline struct rq *rq_of_rt_se(struct sched_rt_entity *rt_se)
{
	struct task_struct *p = rt_task_of(rt_se);

	return task_rq(p);
}

static inline struct rt_rq *rt_rq_of_se(struct sched_rt_entity *rt_se)
{
	struct rq *rq = rq_of_rt_se(rt_se);

	return &rq->rt;
}

#define for_each_sched_rt_entity(rt_se) \
	for (; rt_se; rt_se = NULL)

static inline struct rt_rq *group_rt_rq(struct sched_rt_entity *rt_se)
{
	(void)rt_se;
	return NULL;
}

/* Without RT bandwidth an rt_rq is never throttled. */
static inline int rt_rq_throttled(struct rt_rq *rt_rq)
{
	(void)rt_rq;
	return false;
}

/* Without uclamp every CPU fits (the kernel's !CONFIG_UCLAMP_TASK form). */
static inline bool rt_task_fits_capacity(struct task_struct *p, int cpu)
{
	(void)p;
	(void)cpu;
	return true;
}

static inline bool need_pull_rt_task(struct rq *rq, struct task_struct *prev)
{
	/* Pull if this rq is about to run something of lower priority. */
	return rq->online && rq->rt.highest_prio.curr > prev->prio;
}

static inline int rt_overloaded(struct rq *rq)
{
	return READ_ONCE(rq->rd->rto_count);
}

static inline void rt_set_overload(struct rq *rq)
{
	if (!rq->online)
		return;

	cpumask_set_cpu((unsigned int)rq->cpu, &rq->rd->rto_mask);
	/* The mask bit is visible before the count (pull_rt_task's rmb). */
	smp_wmb();
	rq->rd->rto_count++;
}

static inline void rt_clear_overload(struct rq *rq)
{
	if (!rq->online)
		return;

	rq->rd->rto_count--;
	cpumask_clear_cpu(rq->cpu, &rq->rd->rto_mask);
}

static inline int has_pushable_tasks(struct rq *rq)
{
	return !plist_head_empty(&rq->rt.pushable_tasks);
}

static inline void rt_queue_push_tasks(struct rq *rq)
{
	if (!has_pushable_tasks(rq))
		return;

	queue_balance_callback(rq, &rt_push_head[rq->cpu], push_rt_tasks);
}

static inline void rt_queue_pull_task(struct rq *rq)
{
	queue_balance_callback(rq, &rt_pull_head[rq->cpu], pull_rt_task);
}

static void enqueue_pushable_task(struct rq *rq, struct task_struct *p)
{
	SIM_FRAME();
	plist_del(&p->pushable_tasks, &rq->rt.pushable_tasks);
	plist_node_init(&p->pushable_tasks, p->prio);
	plist_add(&p->pushable_tasks, &rq->rt.pushable_tasks);

	/* Track the best pushable priority. */
	if (p->prio < rq->rt.highest_prio.next)
		rq->rt.highest_prio.next = p->prio;

	if (!rq->rt.overloaded) {
		rt_set_overload(rq);
		rq->rt.overloaded = 1;
	}
}

static void dequeue_pushable_task(struct rq *rq, struct task_struct *p)
{
	SIM_FRAME();
	plist_del(&p->pushable_tasks, &rq->rt.pushable_tasks);

	/* Recompute the best pushable priority. */
	if (has_pushable_tasks(rq)) {
		p = plist_first_entry(&rq->rt.pushable_tasks,
				      struct task_struct, pushable_tasks);
		rq->rt.highest_prio.next = p->prio;
	} else {
		rq->rt.highest_prio.next = MAX_RT_PRIO-1;

		if (rq->rt.overloaded) {
			rt_clear_overload(rq);
			rq->rt.overloaded = 0;
		}
	}
}

static inline int on_rt_rq(struct sched_rt_entity *rt_se)
{
	return rt_se->on_rq;
}

static inline int rt_se_prio(struct sched_rt_entity *rt_se)
{
	return rt_task_of(rt_se)->prio;
}

/* Charge the donor's runtime (it pays for curr under proxy execution). */
static void update_curr_rt(struct rq *rq)
{
	struct task_struct *donor = rq->donor;
	s64 delta_exec;

	SIM_FRAME();
	if (donor->sched_class != &rt_sched_class)
		return;

	delta_exec = update_curr_common(rq);
	if (unlikely(delta_exec <= 0))
		return;

	/* SIM: no RT group bandwidth to account (CONFIG_RT_GROUP_SCHED). */
}

static void
dequeue_top_rt_rq(struct rt_rq *rt_rq, unsigned int count)
{
	struct rq *rq = rq_of_rt_rq(rt_rq);

	BUG_ON(&rq->rt != rt_rq);

	if (!rt_rq->rt_queued)
		return;

	BUG_ON(!rq->nr_running);

	sub_nr_running(rq, count);
	rt_rq->rt_queued = 0;
}

static void
enqueue_top_rt_rq(struct rt_rq *rt_rq)
{
	struct rq *rq = rq_of_rt_rq(rt_rq);

	BUG_ON(&rq->rt != rt_rq);

	if (rt_rq->rt_queued)
		return;

	if (rt_rq_throttled(rt_rq))
		return;

	if (rt_rq->rt_nr_running) {
		add_nr_running(rq, rt_rq->rt_nr_running);
		rt_rq->rt_queued = 1;
	}

	/* SIM: no cpufreq_update_util(). */
}

/*
 * SIM: inc_rt_prio_smp()/dec_rt_prio_smp() only call cpupri_set(); cpupri
 * is computed from rt.highest_prio.curr when it is read (sim_cpupri_of()),
 * so they are not ported.
 */
static void
inc_rt_prio(struct rt_rq *rt_rq, int prio)
{
	int prev_prio = rt_rq->highest_prio.curr;

	if (prio < prev_prio)
		rt_rq->highest_prio.curr = prio;
}

static void
dec_rt_prio(struct rt_rq *rt_rq, int prio)
{
	int prev_prio = rt_rq->highest_prio.curr;

	if (rt_rq->rt_nr_running) {

		WARN_ON(prio < prev_prio);

		/* That was the highest: find the next from the bitmap. */
		if (prio == prev_prio) {
			struct rt_prio_array *array = &rt_rq->active;

			rt_rq->highest_prio.curr =
				sched_find_first_bit(array->bitmap);
		}

	} else {
		rt_rq->highest_prio.curr = MAX_RT_PRIO-1;
	}
}

static inline
unsigned int rt_se_nr_running(struct sched_rt_entity *rt_se)
{
	(void)rt_se;
	return 1;	/* no group entities */
}

static inline
unsigned int rt_se_rr_nr_running(struct sched_rt_entity *rt_se)
{
	struct task_struct *tsk;

	tsk = rt_task_of(rt_se);

	return (tsk->policy == SCHED_RR) ? 1 : 0;
}

static inline
void inc_rt_tasks(struct sched_rt_entity *rt_se, struct rt_rq *rt_rq)
{
	int prio = rt_se_prio(rt_se);

	WARN_ON(!rt_prio(prio));
	rt_rq->rt_nr_running += rt_se_nr_running(rt_se);
	rt_rq->rr_nr_running += rt_se_rr_nr_running(rt_se);

	inc_rt_prio(rt_rq, prio);
	/* SIM: inc_rt_group() is empty without RT group scheduling. */
}

static inline
void dec_rt_tasks(struct sched_rt_entity *rt_se, struct rt_rq *rt_rq)
{
	WARN_ON(!rt_prio(rt_se_prio(rt_se)));
	WARN_ON(!rt_rq->rt_nr_running);
	rt_rq->rt_nr_running -= rt_se_nr_running(rt_se);
	rt_rq->rr_nr_running -= rt_se_rr_nr_running(rt_se);

	dec_rt_prio(rt_rq, rt_se_prio(rt_se));
}

/* Keep the entity's place in its list on a SAVE without MOVE. */
static inline bool move_entity(unsigned int flags)
{
	if ((flags & (DEQUEUE_SAVE | DEQUEUE_MOVE)) == DEQUEUE_SAVE)
		return false;

	return true;
}

static void __delist_rt_entity(struct sched_rt_entity *rt_se, struct rt_prio_array *array)
{
	list_del_init(&rt_se->run_list);

	if (list_empty(array->queue + rt_se_prio(rt_se)))
		__clear_bit((unsigned long)rt_se_prio(rt_se), array->bitmap);

	rt_se->on_list = 0;
}

static void __enqueue_rt_entity(struct sched_rt_entity *rt_se, unsigned int flags)
{
	struct rt_rq *rt_rq = rt_rq_of_se(rt_se);
	struct rt_prio_array *array = &rt_rq->active;
	struct rt_rq *group_rq = group_rt_rq(rt_se);
	struct list_head *queue = array->queue + rt_se_prio(rt_se);

	SIM_FRAME();
	/* A group entity of an empty or throttled group is not queued. */
	if (group_rq && (rt_rq_throttled(group_rq) || !group_rq->rt_nr_running)) {
		if (rt_se->on_list)
			__delist_rt_entity(rt_se, array);
		return;
	}

	if (move_entity(flags)) {
		WARN_ON_ONCE(rt_se->on_list);
		if (flags & ENQUEUE_HEAD)
			list_add(&rt_se->run_list, queue);
		else
			list_add_tail(&rt_se->run_list, queue);

		__set_bit((unsigned long)rt_se_prio(rt_se), array->bitmap);
		rt_se->on_list = 1;
	}
	rt_se->on_rq = 1;

	inc_rt_tasks(rt_se, rt_rq);
}

static void __dequeue_rt_entity(struct sched_rt_entity *rt_se, unsigned int flags)
{
	struct rt_rq *rt_rq = rt_rq_of_se(rt_se);
	struct rt_prio_array *array = &rt_rq->active;

	SIM_FRAME();
	if (move_entity(flags)) {
		WARN_ON_ONCE(!rt_se->on_list);
		__delist_rt_entity(rt_se, array);
	}
	rt_se->on_rq = 0;

	dec_rt_tasks(rt_se, rt_rq);
}

/*
 * Take the entity (and, with groups, its parents, top-down) off the
 * runqueue.  SIM: without groups the stack is the entity alone, so the
 * rt_se->back links are not needed.
 */
static void dequeue_rt_stack(struct sched_rt_entity *rt_se, unsigned int flags)
{
	struct sched_rt_entity *back = rt_se;
	unsigned int rt_nr_running;

	rt_nr_running = rt_rq_of_se(back)->rt_nr_running;

	if (on_rt_rq(rt_se))
		__dequeue_rt_entity(rt_se, flags);

	dequeue_top_rt_rq(rt_rq_of_se(back), rt_nr_running);
}

static void enqueue_rt_entity(struct sched_rt_entity *rt_se, unsigned int flags)
{
	struct rq *rq = rq_of_rt_se(rt_se);

	SIM_FRAME();
	dequeue_rt_stack(rt_se, flags);
	for_each_sched_rt_entity(rt_se)
		__enqueue_rt_entity(rt_se, flags);
	enqueue_top_rt_rq(&rq->rt);
}

static void dequeue_rt_entity(struct sched_rt_entity *rt_se, unsigned int flags)
{
	struct rq *rq = rq_of_rt_se(rt_se);

	SIM_FRAME();
	dequeue_rt_stack(rt_se, flags);

	for_each_sched_rt_entity(rt_se) {
		struct rt_rq *rt_rq = group_rt_rq(rt_se);

		if (rt_rq && rt_rq->rt_nr_running)
			__enqueue_rt_entity(rt_se, flags);
	}
	enqueue_top_rt_rq(&rq->rt);
}

static void
enqueue_task_rt(struct rq *rq, struct task_struct *p, int flags)
{
	struct sched_rt_entity *rt_se = &p->rt;

	SIM_FRAME();
	if (flags & ENQUEUE_WAKEUP)
		rt_se->timeout = 0;

	enqueue_rt_entity(rt_se, (unsigned int)flags);

	/* A blocked donor is never pushable. */
	if (task_is_blocked(p))
		return;

	if (!task_current(rq, p) && p->nr_cpus_allowed > 1)
		enqueue_pushable_task(rq, p);
}

static bool dequeue_task_rt(struct rq *rq, struct task_struct *p, int flags)
{
	struct sched_rt_entity *rt_se = &p->rt;

	SIM_FRAME();
	update_curr_rt(rq);
	dequeue_rt_entity(rt_se, (unsigned int)flags);

	dequeue_pushable_task(rq, p);

	return true;
}

/* Move the entity to the head or the tail of its priority list. */
static void
requeue_rt_entity(struct rt_rq *rt_rq, struct sched_rt_entity *rt_se, int head)
{
	if (on_rt_rq(rt_se)) {
		struct rt_prio_array *array = &rt_rq->active;
		struct list_head *queue = array->queue + rt_se_prio(rt_se);

		if (head)
			list_move(&rt_se->run_list, queue);
		else
			list_move_tail(&rt_se->run_list, queue);
	}
}

static void requeue_task_rt(struct rq *rq, struct task_struct *p, int head)
{
	struct sched_rt_entity *rt_se = &p->rt;
	struct rt_rq *rt_rq;

	(void)rq;
	SIM_FRAME();
	for_each_sched_rt_entity(rt_se) {
		rt_rq = rt_rq_of_se(rt_se);
		requeue_rt_entity(rt_rq, rt_se, head);
	}
}

static void yield_task_rt(struct rq *rq)
{
	SIM_FRAME();
#ifndef CONFIG_SIM_BUG_K21
	requeue_task_rt(rq, rq->donor, 0);
#else
	/* SIM: zoo k21: reverts "sched/proxy: Yield the donor task", 6.19 */
	requeue_task_rt(rq, rq->curr, 0);
#endif
}

/* ---------------------------------------------------------------------- */
/* cpupri, computed (SIM) */

/* cpupri levels: INVALID, NORMAL (no RT task), RT1..RT99, HIGHER (DL). */
#define CPUPRI_INVALID		-1
#define CPUPRI_NORMAL		0
#define CPUPRI_HIGHER		100

/* kernel/sched/cpupri.c's convert_prio(). */
static int convert_prio(int prio)
{
	if (prio < 0)
		return CPUPRI_INVALID;
	if (prio < MAX_RT_PRIO-1)
		return MAX_RT_PRIO-1 - prio;	/* 1 ... 99 */
	if (prio == MAX_RT_PRIO-1)
		return CPUPRI_NORMAL;
	return CPUPRI_HIGHER;
}

/*
 * SIM: the cpupri level cpupri_set() would have given this CPU: HIGHER
 * while it has DL tasks queued (inc_dl_deadline()), else its highest
 * queued RT priority (inc/dec_rt_prio_smp(), dec_dl_deadline()).  The
 * kernel lets an RT enqueue on a CPU with DL tasks lower it from HIGHER
 * until the DL tasks leave; that transient is not reproduced.
 */
static int sim_cpupri_of(int cpu)
{
	struct rq *rq = cpu_rq(cpu);

	if (!rq->online)
		return CPUPRI_INVALID;
	if (rq->dl.dl_nr_running)
		return CPUPRI_HIGHER;
	return convert_prio(rq->rt.highest_prio.curr);
}

/*
 * SIM: cpupri_find(): the CPUs of the lowest cpupri level below
 * sched_ctx's priority that exec_ctx may run on (any CPU when exec_ctx is
 * NULL).  Returns 1 and fills lowest_mask (if given) when there is one.
 */
static int sim_cpupri_find(struct task_struct *sched_ctx,
			   struct task_struct *exec_ctx,
			   struct cpumask *lowest_mask)
{
	int task_pri = convert_prio(sched_ctx->prio);
	int idx, cpu;

	for (idx = 0; idx < task_pri; idx++) {
		cpumask_t mask;

		cpumask_clear(&mask);
		for_each_online_cpu(cpu) {
			if (sim_cpupri_of(cpu) != idx)
				continue;
			if (exec_ctx && !cpumask_test_cpu(cpu, &exec_ctx->cpus_mask))
				continue;
			if (!cpu_active(cpu))
				continue;
			cpumask_set_cpu((unsigned int)cpu, &mask);
		}
		if (cpumask_empty(&mask))
			continue;
		if (lowest_mask)
			cpumask_copy(lowest_mask, &mask);
		return 1;
	}
	return 0;
}

static int find_lowest_rq(struct task_struct *sched_ctx, struct task_struct *exec_ctx);

static int
select_task_rq_rt(struct task_struct *p, int cpu, int flags)
{
	struct task_struct *curr, *donor;
	struct rq *rq;
	bool test;

	SIM_FRAME();
	/* Only wakeups and forks choose a CPU. */
	if (!(flags & (WF_TTWU | WF_FORK)))
		goto out;

	rq = cpu_rq(cpu);

	/* Unlocked reads, as in the kernel. */
	curr = READ_ONCE(rq->curr);
	donor = READ_ONCE(rq->donor);

	/*
	 * Look elsewhere if an RT donor there would not be preempted by p,
	 * or its execution context cannot move; a higher p stays and the
	 * lower task gets pushed away.
	 */
	test = curr &&
	       unlikely(rt_task(donor)) &&
	       (curr->nr_cpus_allowed < 2 || donor->prio <= p->prio);

	if (test || !rt_task_fits_capacity(p, cpu)) {
		int target = find_lowest_rq(p, p);

		/* A capacity-driven search that found nothing fitting. */
		if (!test && target != -1 && !rt_task_fits_capacity(p, target))
			goto out_unlock;

		/* Move only to a CPU running something of lower priority. */
		if (target != -1 &&
		    p->prio < cpu_rq(target)->rt.highest_prio.curr)
			cpu = target;
	}

out_unlock:
out:
	return cpu;
}

static void check_preempt_equal_prio(struct rq *rq, struct task_struct *p)
{
	struct task_struct *exec_ctx = p;

	SIM_FRAME();
	/* curr cannot move elsewhere: no point rescheduling. */
	if (rq->curr->nr_cpus_allowed == 1 ||
	    !sim_cpupri_find(rq->donor, rq->curr, NULL))
		return;

	/*
	 * SIM: the dev tree's find_exec_ctx(rq, p) follows p's blocked_on
	 * chain; it is not ported (see find_lock_lowest_rq()), p stands for
	 * its own execution context.
	 */
	if (task_current(rq, exec_ctx))
		return;

	/* p can go elsewhere: let push/pull place it. */
	if (p->nr_cpus_allowed != 1 &&
	    sim_cpupri_find(p, exec_ctx, NULL))
		return;

	/* Only curr can move: put p first and reschedule to push curr. */
	requeue_task_rt(rq, p, 1);
	resched_curr(rq);
}

#ifdef CONFIG_SIM_STALE_PREV
static int balance_rt(struct rq *rq, struct task_struct *p, struct rq_flags *rf)
{
#else
static int balance_rt(struct rq *rq, struct rq_flags *rf)
{
	/* rq->donor can change while the lock is dropped: read it once,
	 * and do not use p after pull_rt_task(). */
	struct task_struct *p = rq->donor;
#endif
	SIM_FRAME();
	if (!on_rt_rq(&p->rt) && need_pull_rt_task(rq, p)) {
		/* Pull before the pick loop starts; pull_rt_task() may drop
		 * the rq lock in double_lock_balance(). */
		rq_unpin_lock(rq, rf);
		pull_rt_task(rq);
		rq_repin_lock(rq, rf);
	}

	return sched_stop_runnable(rq) || sched_dl_runnable(rq) || sched_rt_runnable(rq);
}

static void wakeup_preempt_rt(struct rq *rq, struct task_struct *p, int flags)
{
	struct task_struct *donor = rq->donor;

	(void)flags;
	SIM_FRAME();
	/* Only an RT task waking against an RT donor is decided here. */
	if (p->sched_class != &rt_sched_class ||
	    donor->sched_class != &rt_sched_class)
		return;

	if (p->prio < donor->prio) {
		resched_curr(rq);
		return;
	}

	/*
	 * Equal priority, curr not yet being rescheduled: see whether curr
	 * could move away to make room for p.
	 */
	if (p->prio == donor->prio && !test_tsk_need_resched(rq->curr))
		check_preempt_equal_prio(rq, p);
}

static inline void set_next_task_rt(struct rq *rq, struct task_struct *p, bool first)
{
	SIM_FRAME();
	p->se.exec_start = rq_clock_task(rq);

	/* The class-current task is never pushable. */
	dequeue_pushable_task(rq, p);

	if (!first)
		return;

	/* SIM: no PELT (update_rt_rq_load_avg()). */

	rt_queue_push_tasks(rq);
}

static struct sched_rt_entity *pick_next_rt_entity(struct rt_rq *rt_rq)
{
	struct rt_prio_array *array = &rt_rq->active;
	struct sched_rt_entity *next = NULL;
	struct list_head *queue;
	int idx;

	SIM_FRAME();
	idx = sched_find_first_bit(array->bitmap);
	BUG_ON(idx >= MAX_RT_PRIO);

	queue = array->queue + idx;
	if (WARN_ON_ONCE(list_empty(queue)))
		return NULL;
	next = list_entry(queue->next, struct sched_rt_entity, run_list);

	return next;
}

static struct task_struct *_pick_next_task_rt(struct rq *rq)
{
	struct sched_rt_entity *rt_se;
	struct rt_rq *rt_rq  = &rq->rt;

	SIM_FRAME();
	do {
		rt_se = pick_next_rt_entity(rt_rq);
		if (unlikely(!rt_se))
			return NULL;
		rt_rq = group_rt_rq(rt_se);
	} while (rt_rq);

	return rt_task_of(rt_se);
}

static struct task_struct *pick_task_rt(struct rq *rq, struct rq_flags *rf)
{
	struct task_struct *p;

	(void)rf;
	SIM_FRAME();
	if (!sched_rt_runnable(rq))
		return NULL;

	p = _pick_next_task_rt(rq);

	return p;
}

static void put_prev_task_rt(struct rq *rq, struct task_struct *p, struct task_struct *next)
{
	(void)next;
	SIM_FRAME();
	update_curr_rt(rq);

	/* SIM: no PELT (update_rt_rq_load_avg()). */

	/* A blocked donor is never made pushable. */
	if (task_is_blocked(p))
		return;
	/* Still queued: it may now be pushed elsewhere. */
	if (on_rt_rq(&p->rt) && p->nr_cpus_allowed > 1)
		enqueue_pushable_task(rq, p);
}

/* Tries of the lowest-rq search before giving up. */
#define RT_MAX_TRIES 3

/*
 * The highest-priority pushable task of rq that may run on cpu.
 * SIM: blocked tasks are skipped too (kernel-study 3.10: the push/pull
 * pickers never move a blocked task; the dev tree gets there through its
 * chain-aware task_is_pushable()).
 */
static struct task_struct *pick_highest_pushable_task(struct rq *rq, int cpu)
{
	struct plist_head *head = &rq->rt.pushable_tasks;
	struct task_struct *p;

	SIM_FRAME();
	if (!has_pushable_tasks(rq))
		return NULL;

	plist_for_each_entry(p, head, pushable_tasks) {
		if (task_is_pushable(rq, p, cpu) && !task_is_blocked(p))
			return p;
	}

	return NULL;
}

static int find_lowest_rq(struct task_struct *sched_ctx, struct task_struct *exec_ctx)
{
	/* SIM: the per-CPU local_cpu_mask is a local. */
	cpumask_t lowest_mask_var;
	struct cpumask *lowest_mask = &lowest_mask_var;
	int this_cpu = smp_processor_id();
	int cpu      = (int)task_cpu(sched_ctx);
	int ret;

	SIM_FRAME();
	if (exec_ctx && exec_ctx->nr_cpus_allowed == 1)
		return -1; /* it can run nowhere else */

	/* SIM: no asymmetric capacities: cpupri_find(), computed. */
	ret = sim_cpupri_find(sched_ctx, exec_ctx, lowest_mask);

	if (!ret)
		return -1; /* nothing lower found */

	/* The CPU it last ran on is cache-hot: prefer it. */
	if (cpumask_test_cpu(cpu, lowest_mask))
		return cpu;

	/* Then this CPU, if it is among the lowest. */
	if (!cpumask_test_cpu(this_cpu, lowest_mask))
		this_cpu = -1;

	/*
	 * SIM: one flat sched domain spanning every CPU, with
	 * SD_WAKE_AFFINE: for_each_domain() visits it once; this_cpu wins,
	 * else cpumask_any_and_distribute() is the first CPU of the mask.
	 */
	if (this_cpu != -1)
		return this_cpu;

	cpu = (int)cpumask_first(lowest_mask);
	if ((unsigned int)cpu < nr_cpu_ids)
		return cpu;

	return -1;
}

static struct task_struct *pick_next_pushable_task(struct rq *rq)
{
	struct plist_head *head = &rq->rt.pushable_tasks;
	struct task_struct *i, *p = NULL;

	SIM_FRAME();
	if (!has_pushable_tasks(rq))
		return NULL;

	plist_for_each_entry(i, head, pushable_tasks) {
		/* Skip what cannot be migrated: running (a proxy execution
		 * context stays on the list), migration-disabled, and (SIM,
		 * see pick_highest_pushable_task()) blocked tasks. */
		if (!task_on_cpu(rq, i) && !is_migration_disabled(i) &&
		    !task_is_blocked(i)) {
			p = i;
			break;
		}
	}

	if (!p)
		return NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
	BUG_ON(rq->cpu != task_cpu(p));
#pragma GCC diagnostic pop
	BUG_ON(task_current(rq, p));
	BUG_ON(task_current_donor(rq, p));
	BUG_ON(p->nr_cpus_allowed <= 1);

	BUG_ON(!task_on_rq_queued(p));
	BUG_ON(!rt_task(p));

	return p;
}

/* kernel/sched/sched.h: may task still move from rq to lowest? */
static inline bool __revalidate_rq_state(struct task_struct *task, struct rq *rq,
					 struct rq *lowest)
{
	/* The lock was dropped: task may have moved, changed affinity,
	 * started running, or disabled migration meanwhile. */
	if (task_rq(task) != rq)
		return false;

	if (!cpumask_test_cpu(lowest->cpu, &task->cpus_mask))
		return false;

	if (task_on_cpu(rq, task))
		return false;

	if (is_migration_disabled(task))
		return false;

	if (!task_on_rq_queued(task))
		return false;

	return true;
}

static inline bool rt_revalidate_rq_state(struct task_struct *task, struct rq *rq,
					  struct rq *lowest)
{
	if (!rt_task(task))
		return false;
	if (task != pick_next_pushable_task(rq))
		return false;
	return __revalidate_rq_state(task, rq, lowest);
}

/* Find a lower-priority rq for task and return it locked, or NULL. */
static struct rq *find_lock_lowest_rq(struct task_struct *task, struct rq *rq)
{
	struct task_struct *exec_ctx;
	struct rq *lowest_rq = NULL;
	int tries;
	int cpu;

	SIM_FRAME();
	for (tries = 0; tries < RT_MAX_TRIES; tries++) {
		/*
		 * SIM: the dev tree asks find_exec_ctx(rq, task) for the end
		 * of task's blocked_on chain (chain-aware push, after v27).
		 * A task the push pickers give is never blocked, so it is its
		 * own execution context.  push_cpu_stop() may pass a blocked
		 * donor: it is taken for its own context too, and the check
		 * after the lock drop refuses it, as the pickers skip blocked
		 * tasks, so it is not moved (the dev tree moves the chain).
		 */
		exec_ctx = task;
		cpu = find_lowest_rq(task, exec_ctx);

		if ((cpu == -1) || (cpu == rq->cpu))
			break;

		lowest_rq = cpu_rq(cpu);

		if (lowest_rq->rt.highest_prio.curr <= task->prio) {
			/* Equal or higher priority there, and no lock was
			 * dropped: retrying would find the same. */
			lowest_rq = NULL;
			break;
		}

		/* Dropped rq's lock: re-check that task may still move. */
		if (double_lock_balance(rq, lowest_rq)) {
			if (unlikely(!rt_revalidate_rq_state(task, rq, lowest_rq))) {
				double_unlock_balance(rq, lowest_rq);
				lowest_rq = NULL;
				break;
			}
		}

		/* Still lower than task: take it. */
		if (lowest_rq->rt.highest_prio.curr > task->prio)
			break;

		/* Try again. */
		double_unlock_balance(rq, lowest_rq);
		lowest_rq = NULL;
	}

	return lowest_rq;
}

/*
 * Push one waiting RT task of an overloaded rq to a CPU running something
 * of lower priority.  Returns 1 if a task moved.
 */
static int push_rt_task(struct rq *rq, bool pull)
{
	struct task_struct *next_task;
	struct rq *lowest_rq;
	int ret = 0;

	(void)pull;
	SIM_FRAME();
	if (!rq->rt.overloaded)
		return 0;

	next_task = pick_next_pushable_task(rq);
	if (!next_task)
		return 0;

retry:
	/* It beats the donor: reschedule here instead of pushing. */
	if (unlikely(next_task->prio < rq->donor->prio)) {
		resched_curr(rq);
		return 0;
	}

	if (is_migration_disabled(next_task)) {
		/*
		 * SIM: not reached while pick_next_pushable_task() skips
		 * migration-disabled tasks (the dev tree's picker; "Skip
		 * migrate-disabled tasks when picking a push candidate",
		 * 2026).  Without the skip, the kernel asks the stopper to
		 * push the donor away to make room for the pinned one
		 * (get_push_task(), push_cpu_stop(): ported, and used by
		 * pull_rt_task() and pull_dl_task()).  Its branch starts
		 * with "not from the RT_PUSH_IPI work: return", and that
		 * work is not modelled (push_rt_task(rq, false) only), so
		 * it is left out rather than kept untested.
		 */
		return 0;
	}

	if (WARN_ON(next_task == rq->curr))
		return 0;

	get_task_struct(next_task);

	/* Returns the target rq locked; may drop rq's lock. */
	lowest_rq = find_lock_lowest_rq(next_task, rq);
	if (!lowest_rq) {
		struct task_struct *task;

		/* rq's lock was dropped: next_task may have moved. */
		task = pick_next_pushable_task(rq);
		if (task == next_task) {
			/* Still first, but nowhere to go: others will pull. */
			goto out;
		}

		if (!task)
			/* Nothing left to push. */
			goto out;

		/* Something changed: try the new first task. */
		put_task_struct(next_task);
		next_task = task;
		goto retry;
	}

	move_queued_task_locked(rq, lowest_rq, next_task);
	resched_curr(lowest_rq);
	ret = 1;

	double_unlock_balance(rq, lowest_rq);
out:
	put_task_struct(next_task);
	return ret;
}

static void push_rt_tasks(struct rq *rq)
{
	SIM_FRAME();
	/* Push until nothing more moves. */
	while (push_rt_task(rq, false))
		;
}

/*
 * Pull higher-priority waiting RT tasks from overloaded CPUs to this one,
 * which is about to run something of lower priority.  SIM: the RT_PUSH_IPI
 * variant (tell_cpu_to_push()) is off; this is the locking pull.
 */
static void pull_rt_task(struct rq *this_rq)
{
	int this_cpu = this_rq->cpu, cpu;
	bool resched = false;
	struct task_struct *p, *push_task;
	struct rq *src_rq;
	int rt_overload_count = rt_overloaded(this_rq);

	SIM_FRAME();
	if (likely(!rt_overload_count))
		return;

	/* Pairs with rt_set_overload(): the count implies the mask bit. */
	smp_rmb();

	/* This CPU is the only overloaded one. */
	if (rt_overload_count == 1 &&
	    cpumask_test_cpu(this_rq->cpu, &this_rq->rd->rto_mask))
		return;

	for_each_cpu(cpu, &this_rq->rd->rto_mask) {
		if (this_cpu == cpu)
			continue;

		src_rq = cpu_rq(cpu);

		/*
		 * Unlocked check: nothing there beats what this rq will run.
		 * If it changes, the source pushes.
		 */
		if (src_rq->rt.highest_prio.next >=
		    this_rq->rt.highest_prio.curr)
			continue;

		/* May drop this_rq's lock: this_rq can change meanwhile. */
		push_task = NULL;
		double_lock_balance(this_rq, src_rq);

		/* Only a task pushable on its rq may be pulled. */
		p = pick_highest_pushable_task(src_rq, this_cpu);

		/* Does it beat what this rq would run? */
		if (p && (p->prio < this_rq->rt.highest_prio.curr)) {
			WARN_ON(p == src_rq->curr);
			WARN_ON(!task_on_rq_queued(p));

			/*
			 * It beats its own rq's donor: it was just woken and
			 * will run there soon.  Leave it.
			 */
			if (p->prio < src_rq->donor->prio)
				goto skip;

			/* Pinned there: make room for it by pushing
			 * src_rq's donor away instead. */
			if (is_migration_disabled(p)) {
				push_task = get_push_task(src_rq);
			} else {
				move_queued_task_locked(src_rq, this_rq, p);
				resched = true;
			}
			/* Keep looking: another CPU may have a better one. */
		}
skip:
		double_unlock_balance(this_rq, src_rq);

		if (push_task) {
			/* SIM: no preempt_disable()/preempt_enable() pair:
			 * every caller (the pick, the balance callbacks) runs
			 * with preemption off, so it is no preemption point. */
			raw_spin_rq_unlock(this_rq);
			stop_one_cpu_nowait((unsigned int)src_rq->cpu, push_cpu_stop,
					    push_task, &src_rq->push_work);
			raw_spin_rq_lock(this_rq);
		}
	}

	if (resched)
		resched_curr(this_rq);
}

/* p woke up here and will not run soon: try to push it away now. */
static void task_woken_rt(struct rq *rq, struct task_struct *p)
{
	bool need_to_push;

	SIM_FRAME();
	need_to_push = !task_on_cpu(rq, p) &&
		       !test_tsk_need_resched(rq->curr) &&
		       p->nr_cpus_allowed > 1 &&
		       (dl_task(rq->donor) || rt_task(rq->donor)) &&
		       (rq->curr->nr_cpus_allowed < 2 ||
			rq->donor->prio <= p->prio);

	if (need_to_push)
		push_rt_tasks(rq);
}

/* The last RT task left the class: this rq may pull others now. */
static void switched_from_rt(struct rq *rq, struct task_struct *p)
{
	SIM_FRAME();
	if (!task_on_rq_queued(p) || rq->rt.rt_nr_running)
		return;

	rt_queue_pull_task(rq);
}

/* A task became RT: it may overload this rq, or preempt its donor. */
static void switched_to_rt(struct rq *rq, struct task_struct *p)
{
	SIM_FRAME();
	if (task_current(rq, p)) {
		/* SIM: no PELT (update_rt_rq_load_avg()). */
		return;
	}

	if (task_on_rq_queued(p)) {
		if (p->nr_cpus_allowed > 1 && rq->rt.overloaded)
			rt_queue_push_tasks(rq);
		if (p->prio < rq->donor->prio && cpu_online(cpu_of(rq)))
			resched_curr(rq);
	}
}

/* A priority change may call for a push, a pull or a reschedule. */
static void
prio_changed_rt(struct rq *rq, struct task_struct *p, int oldprio)
{
	SIM_FRAME();
	if (!task_on_rq_queued(p))
		return;

	if (p->prio == oldprio)
		return;

	if (task_current_donor(rq, p)) {
		/* Lowered while running: others may be pulled here. */
		if (oldprio < p->prio)
			rt_queue_pull_task(rq);

		/* Something queued now beats it. */
		if (p->prio > rq->rt.highest_prio.curr)
			resched_curr(rq);
	} else {
		/* Not running, but now beats the donor. */
		if (p->prio < rq->donor->prio)
			resched_curr(rq);
	}
}

/* The tick charged to p (the donor); RR tasks rotate on slice expiry. */
static void task_tick_rt(struct rq *rq, struct task_struct *p, int queued)
{
	struct sched_rt_entity *rt_se = &p->rt;

	(void)queued;
	SIM_FRAME();
	update_curr_rt(rq);
	/* SIM: no PELT, no RLIMIT_RTTIME watchdog. */

	/* FIFO tasks have no time slice. */
	if (p->policy != SCHED_RR)
		return;

	if (--p->rt.time_slice)
		return;

	p->rt.time_slice = sched_rr_timeslice;

	/* Requeue at the tail unless it is alone at its priority. */
	for_each_sched_rt_entity(rt_se) {
		if (rt_se->run_list.prev != rt_se->run_list.next) {
			requeue_task_rt(rq, p, 0);
			resched_curr(rq);
			return;
		}
	}
}

const struct sched_class rt_sched_class = {
	.enqueue_task		= enqueue_task_rt,
	.dequeue_task		= dequeue_task_rt,
	.yield_task		= yield_task_rt,

	.wakeup_preempt		= wakeup_preempt_rt,

	.pick_task		= pick_task_rt,
	.put_prev_task		= put_prev_task_rt,
	.set_next_task		= set_next_task_rt,

	.balance		= balance_rt,
	.select_task_rq		= select_task_rq_rt,
	.set_cpus_allowed	= set_cpus_allowed_common,
	.find_lock_rq		= find_lock_lowest_rq,
	.task_woken		= task_woken_rt,
	.switched_from		= switched_from_rt,

	.task_tick		= task_tick_rt,

	.switched_to		= switched_to_rt,
	.prio_changed		= prio_changed_rt,

	.update_curr		= update_curr_rt,
};

/* ---------------------------------------------------------------------- */
/* SIM: consistency checks behind the global invariants (sim_checks.c) */

#define SIM_CHECK_FAIL(...) do {					\
	snprintf(msg, len, __VA_ARGS__);				\
	return false;							\
} while (0)

/* Is p on rq's priority array (RT keeps its running task queued)? */
bool sim_rt_task_queued(struct rq *rq, struct task_struct *p)
{
	struct sched_rt_entity *rt_se;
	int n = 0;

	if (!p->rt.on_rq || p->prio < 0 || p->prio >= MAX_RT_PRIO)
		return false;
	list_for_each_entry(rt_se, rq->rt.active.queue + p->prio, run_list) {
		if (rt_se == &p->rt)
			return true;
		if (++n > SIM_MAX_THREADS)
			break;
	}
	return false;
}

/*
 * The priority array matches the counters: each list holds RT tasks of
 * that priority queued on this CPU, a bitmap bit is set exactly for the
 * non-empty lists, highest_prio.curr is the first of them, rt_queued says
 * whether the rt_rq's tasks are counted in rq->nr_running.
 *
 * Only the lists of set bits are walked; each entity met is stamped with
 * the check's generation.  That the lists of clear bits are empty is
 * proved by sim_rt_lists_check() afterwards, through the only nodes that
 * can be on them, the tasks' run_lists: a linked one no walk met sits on
 * a list its bit calls empty.  (Walking all MAX_RT_PRIO heads of every
 * rq at every check point was a quarter of a run, docs/performance.md.)
 */
static uint64_t sim_rt_gen;
static uint64_t sim_rt_stamp[SIM_MAX_THREADS];

static bool sim_rt_linked(const struct sched_rt_entity *rt_se)
{
	const struct list_head *l = &rt_se->run_list;

	return l->next && l->next != l;
}

bool sim_rt_rq_check(struct rq *rq, char *msg, size_t len)
{
	struct rt_rq *rt_rq = &rq->rt;
	struct rt_prio_array *array = &rt_rq->active;
	struct sched_rt_entity *rt_se;
	unsigned int nr = 0, rr = 0;
	unsigned long idx;
	int first = -1;

	if (!test_bit(MAX_RT_PRIO, array->bitmap))
		SIM_CHECK_FAIL("rq%d: the rt bitmap's delimiter bit is clear", rq->cpu);

	for_each_set_bit(idx, array->bitmap, MAX_RT_PRIO) {
		struct list_head *queue = array->queue + idx;
		int n = 0;

		if (list_empty(queue))
			SIM_CHECK_FAIL("rq%d: rt bitmap bit %lu is 1 but its list is empty",
				       rq->cpu, idx);
		list_for_each_entry(rt_se, queue, run_list) {
			struct task_struct *p = rt_task_of(rt_se);
			int i = sim_task_slot(p);

			if (++n > SIM_MAX_THREADS)
				SIM_CHECK_FAIL("rq%d: rt list %lu loops", rq->cpu, idx);
			if (i < 0 || sim_is_poisoned(p))
				SIM_CHECK_FAIL("rq%d: rt list %lu holds an entity of no live task",
					       rq->cpu, idx);
			if (!rt_se->on_rq || !rt_se->on_list)
				SIM_CHECK_FAIL("rq%d: %s/%d is on rt list %lu with on_rq %d on_list %d",
					       rq->cpu, p->comm, p->pid, idx,
					       rt_se->on_rq, rt_se->on_list);
			if (p->prio != (int)idx)
				SIM_CHECK_FAIL("rq%d: %s/%d of prio %d is on rt list %lu",
					       rq->cpu, p->comm, p->pid, p->prio, idx);
			if (p->sched_class != &rt_sched_class)
				SIM_CHECK_FAIL("rq%d: %s/%d is on rt list %lu but not RT",
					       rq->cpu, p->comm, p->pid, idx);
			if ((int)task_cpu(p) != rq->cpu || !task_on_rq_queued(p))
				SIM_CHECK_FAIL("rq%d: %s/%d is on rt list %lu but on_rq %d cpu %u",
					       rq->cpu, p->comm, p->pid, idx, p->on_rq,
					       task_cpu(p));
			sim_rt_stamp[i] = sim_rt_gen;
			nr++;
			if (p->policy == SCHED_RR)
				rr++;
		}
		if (first < 0)
			first = (int)idx;
	}
	if (nr != rt_rq->rt_nr_running)
		SIM_CHECK_FAIL("rq%d: rt_nr_running %u but %u RT tasks queued",
			       rq->cpu, rt_rq->rt_nr_running, nr);
	if (rr != rt_rq->rr_nr_running)
		SIM_CHECK_FAIL("rq%d: rr_nr_running %u but %u RR tasks queued",
			       rq->cpu, rt_rq->rr_nr_running, rr);
	if (rt_rq->highest_prio.curr != (first < 0 ? MAX_RT_PRIO-1 : first))
		SIM_CHECK_FAIL("rq%d: rt highest_prio.curr %d but the first queued prio is %d",
			       rq->cpu, rt_rq->highest_prio.curr, first);
	if (rt_rq->rt_queued != (rt_rq->rt_nr_running > 0))
		SIM_CHECK_FAIL("rq%d: rt_queued %d with rt_nr_running %u", rq->cpu,
			       rt_rq->rt_queued, rt_rq->rt_nr_running);
	return true;
}

/* Begin a round of sim_rt_rq_check() over every rq. */
void sim_rt_lists_begin(void)
{
	sim_rt_gen++;
}

/* End it: a task whose run_list is linked but met by no walk is on the
 * list of a clear bit (or of no rq at all). */
bool sim_rt_lists_check(char *msg, size_t len)
{
	int i;

	for (i = 0; i < sim_nr_tasks_used(); i++) {
		struct task_struct *p = &sim_tasks[i];

		if (sim_is_poisoned(p) || !sim_rt_linked(&p->rt) || sim_rt_stamp[i] == sim_rt_gen)
			continue;
		SIM_CHECK_FAIL("%s/%d is linked on an rt list whose bitmap bit is clear "
			       "(on_rq %d on_list %d prio %d cpu %u)", p->comm, p->pid,
			       p->rt.on_rq, p->rt.on_list, p->prio, task_cpu(p));
	}
	return true;
}

/*
 * The pushable list (kernel-study 6.2) holds RT tasks queued on this rq,
 * never the donor, with more than one allowed CPU, in priority order;
 * overloaded says whether it is non-empty; highest_prio.next is at most
 * the first pushable priority (MAX_RT_PRIO-1 when empty).
 *
 * Two entries are allowed that 6.2's wording would forbid, because the
 * ported code leaves them there: rq->curr when it is a proxy execution
 * context (curr != donor: find_proxy_task() makes a waiting task curr
 * without set_next_task(), the dev tree's pickers skip on-CPU tasks), and
 * a task that blocked on a mutex while running as such a context (the
 * pickers skip blocked tasks).  A blocked donor is never listed.
 */
bool sim_rt_pushable_check(struct rq *rq, char *msg, size_t len)
{
	struct task_struct *p;
	int prev = -1, n = 0;

	plist_for_each_entry(p, &rq->rt.pushable_tasks, pushable_tasks) {
		if (++n > SIM_MAX_THREADS)
			SIM_CHECK_FAIL("rq%d: the rt pushable list loops", rq->cpu);
		/* Eligibility first: the message names the task. */
		if ((int)task_cpu(p) != rq->cpu)
			SIM_CHECK_FAIL("rq%d: pushable %s/%d is on CPU %u", rq->cpu,
				       p->comm, p->pid, task_cpu(p));
		if (!task_on_rq_queued(p) || !p->rt.on_rq)
			SIM_CHECK_FAIL("rq%d: pushable %s/%d is not queued (on_rq %d, rt.on_rq %d)",
				       rq->cpu, p->comm, p->pid, p->on_rq, p->rt.on_rq);
		if (p->sched_class != &rt_sched_class)
			SIM_CHECK_FAIL("rq%d: pushable %s/%d is not RT", rq->cpu,
				       p->comm, p->pid);
		if (p->nr_cpus_allowed <= 1)
			SIM_CHECK_FAIL("rq%d: pushable %s/%d may run on one CPU only",
				       rq->cpu, p->comm, p->pid);
		if (p == rq->donor)
			SIM_CHECK_FAIL("rq%d: the donor %s/%d is pushable", rq->cpu,
				       p->comm, p->pid);
		if (p->pushable_tasks.prio != p->prio)
			SIM_CHECK_FAIL("rq%d: %s/%d is pushable at prio %d but has prio %d",
				       rq->cpu, p->comm, p->pid, p->pushable_tasks.prio, p->prio);
		if (p->pushable_tasks.prio < prev)
			SIM_CHECK_FAIL("rq%d: the rt pushable list is out of order at %s/%d",
				       rq->cpu, p->comm, p->pid);
		prev = p->pushable_tasks.prio;
		if (n == 1 && rq->rt.highest_prio.next > p->prio)
			SIM_CHECK_FAIL("rq%d: rt highest_prio.next %d above the prio %d of the first pushable %s/%d",
				       rq->cpu, rq->rt.highest_prio.next, p->prio,
				       p->comm, p->pid);
	}
	if (rq->rt.overloaded != has_pushable_tasks(rq))
		SIM_CHECK_FAIL("rq%d: rt overloaded %d but the pushable list is %s",
			       rq->cpu, rq->rt.overloaded,
			       has_pushable_tasks(rq) ? "not empty" : "empty");
	if (!has_pushable_tasks(rq) && rq->rt.highest_prio.next != MAX_RT_PRIO-1)
		SIM_CHECK_FAIL("rq%d: rt highest_prio.next %d with no pushable task",
			       rq->cpu, rq->rt.highest_prio.next);
	return true;
}
