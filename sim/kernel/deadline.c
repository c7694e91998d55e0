// SPDX-License-Identifier: GPL-2.0-only
/*
 * deadline.c - port of kernel/sched/deadline.c: the SCHED_DEADLINE class
 * (EDF with CBS budgets), its replenishment and inactive timers, runtime
 * throttling, the pushable tree and DL overload tracking, and the push/pull
 * balancing that drops the rq lock in double_lock_balance().
 *
 * Version: the proxy-exec dev tree (johnstultz-work/linux-dev @04447706):
 * balance_dl(rq, rf) reads rq->donor once, before any lock drop, and
 * dl_rq->curr names the class-current entity (v27 "deadline: Add
 * dl_rq->curr pointer").  Built with CONFIG_SIM_STALE_PREV ("stale-prev"),
 * balance_dl(rq, prev, rf) takes the caller's prev, as before v27 01/10.
 *
 * Not modelled (SIM): the fair/ext dl_server (rq->dl_server stays NULL,
 * dl_server(dl_se) is never true), PI boosting (pi_of(dl_se) == dl_se),
 * admission control and GRUB bandwidth accounting (dl_bw, running_bw,
 * this_bw; the non-contending state machine and its timer are kept),
 * CPU hotplug (rq->online is always 1), PELT, hrtick, schedstats, cpufreq,
 * cpudl (computed from the runqueues, see
 * sim_cpudl_find()).  The dev tree's chain-aware find_exec_ctx() is not
 * ported: see find_lock_later_rq().
 */
#define SIM_KFILE "kernel/sched/deadline.c"

#include "sched.h"

#include <stdio.h>

/* uapi/linux/sched.h: sched_attr::sched_flags of the DL class. */
#define SCHED_FLAG_RECLAIM		0x02
#define SCHED_FLAG_DL_OVERRUN		0x04
#define SCHED_FLAG_SUGOV		0x10000000
#define SCHED_DL_FLAGS	(SCHED_FLAG_RECLAIM | SCHED_FLAG_DL_OVERRUN | SCHED_FLAG_SUGOV)

/* SIM: per-CPU variables are arrays indexed by CPU. */
static struct balance_callback dl_push_head[SIM_MAX_CPUS];
static struct balance_callback dl_pull_head[SIM_MAX_CPUS];

static inline bool dl_server(struct sched_dl_entity *dl_se)
{
	return dl_se->dl_server;
}

static inline struct task_struct *dl_task_of(struct sched_dl_entity *dl_se)
{
	BUG_ON(dl_server(dl_se));
	return container_of(dl_se, struct task_struct, dl);
}

static inline struct rq *rq_of_dl_rq(struct dl_rq *dl_rq)
{
	return container_of(dl_rq, struct rq, dl);
}

static inline struct rq *rq_of_dl_se(struct sched_dl_entity *dl_se)
{
	struct rq *rq = dl_se->rq;

	if (!dl_server(dl_se))
		rq = task_rq(dl_task_of(dl_se));

	return rq;
}

static inline struct dl_rq *dl_rq_of_se(struct sched_dl_entity *dl_se)
{
	return &rq_of_dl_se(dl_se)->dl;
}

static inline int on_dl_rq(struct sched_dl_entity *dl_se)
{
	return !RB_EMPTY_NODE(&dl_se->rb_node);
}

/* No rt_mutex PI (!CONFIG_RT_MUTEXES form): an entity is its own pi_se. */
static inline struct sched_dl_entity *pi_of(struct sched_dl_entity *dl_se)
{
	return dl_se;
}

static inline bool is_dl_boosted(struct sched_dl_entity *dl_se)
{
	return pi_of(dl_se) != dl_se;
}

/* No schedutil (SCHED_FLAG_SUGOV) tasks. */
static inline bool dl_entity_is_special(const struct sched_dl_entity *dl_se)
{
	(void)dl_se;
	return false;
}

/* Implicit deadline: relative deadline equal to the period. */
static inline bool dl_is_implicit(struct sched_dl_entity *dl_se)
{
	return dl_se->dl_deadline == dl_se->dl_period;
}

/* kernel/sched/core.c's to_ratio(): runtime/period in BW_SHIFT fixed point. */
static u64 to_ratio(u64 period, u64 runtime)
{
	if (runtime == RUNTIME_INF)
		return BW_UNIT;

	/* Period 0 (no period) is 0 bandwidth. */
	if (period == 0)
		return 0;

	return div64_u64(runtime << BW_SHIFT, period);
}

static __always_inline
void cancel_dl_timer(struct sched_dl_entity *dl_se, struct hrtimer *timer)
{
	(void)dl_se;
	if (hrtimer_try_to_cancel(timer) == 1)
		put_task_struct(container_of(dl_se, struct task_struct, dl));
}

static __always_inline
void cancel_replenish_timer(struct sched_dl_entity *dl_se)
{
	cancel_dl_timer(dl_se, &dl_se->dl_timer);
}

static __always_inline
void cancel_inactive_timer(struct sched_dl_entity *dl_se)
{
	cancel_dl_timer(dl_se, &dl_se->inactive_timer);
}

/*
 * A task that blocks keeps its utilization until its "0-lag time": armed
 * here, the inactive timer ends the "active non contending" state then.
 * SIM: the running_bw/this_bw/dl_bw updates of the GRUB accounting are
 * not modelled; the state machine (dl_non_contending, the timer, and the
 * parameter reset of a task that left the class) is.
 */
static void task_non_contending(struct sched_dl_entity *dl_se, bool dl_task)
{
	struct hrtimer *timer = &dl_se->inactive_timer;
	struct rq *rq = rq_of_dl_se(dl_se);
	s64 zerolag_time;

	SIM_FRAME();
	/* A boosted non-DL task: nothing to do. */
	if (dl_se->dl_runtime == 0)
		return;

	if (dl_entity_is_special(dl_se))
		return;

	WARN_ON(dl_se->dl_non_contending);

	/* SIM: div64_long() is div64_s64() on 64-bit. */
	zerolag_time = (s64)dl_se->deadline -
		 div64_s64((s64)((u64)dl_se->runtime * dl_se->dl_period),
			   (s64)dl_se->dl_runtime);

	/* Relative to now. */
	zerolag_time -= (s64)rq_clock(rq);

	/* The 0-lag time has passed: no timer. */
	if ((zerolag_time < 0) || hrtimer_active(&dl_se->inactive_timer)) {
		struct task_struct *p = dl_task_of(dl_se);

		/* SIM: sub_running_bw() when dl_task. */
		if (!dl_task || READ_ONCE(p->__state) == TASK_DEAD) {
			/* SIM: sub_rq_bw() and __dl_sub() of the root
			 * domain's dl_bw, under dl_b->lock. */
			__dl_clear_params(dl_se);
		}

		return;
	}

	dl_se->dl_non_contending = 1;
	get_task_struct(dl_task_of(dl_se));

	/* SIM: HRTIMER_MODE_REL_HARD on this CPU's base. */
	hrtimer_start_sim(timer, rq_clock(rq) + (u64)zerolag_time,
			  smp_processor_id());
}

/* A task wakes: leave "active non contending" (or become active again). */
static void task_contending(struct sched_dl_entity *dl_se, int flags)
{
	(void)flags;
	/* A boosted non-DL task: nothing to do. */
	if (dl_se->dl_runtime == 0)
		return;

	/* SIM: add_rq_bw() on ENQUEUE_MIGRATED. */

	if (dl_se->dl_non_contending) {
		dl_se->dl_non_contending = 0;
		/* A timer callback already running sees the flag clear
		 * and leaves the utilization alone. */
		cancel_inactive_timer(dl_se);
	} else {
		/* SIM: add_running_bw(): it became inactive meanwhile. */
	}
}

static inline int is_leftmost(struct sched_dl_entity *dl_se, struct dl_rq *dl_rq)
{
	return rb_first_cached(&dl_rq->root) == &dl_se->rb_node;
}

void init_dl_rq(struct dl_rq *dl_rq)
{
	dl_rq->root = RB_ROOT_CACHED;

	/* 0: no DL task queued. */
	dl_rq->earliest_dl.curr = dl_rq->earliest_dl.next = 0;
	dl_rq->dl_nr_running = 0;

	dl_rq->overloaded = 0;
	dl_rq->pushable_dl_tasks_root = RB_ROOT_CACHED;

	dl_rq->running_bw = 0;
	dl_rq->this_bw = 0;
	/* SIM: init_dl_rq_bw_ratio(): GRUB reclaiming is not modelled. */

	dl_rq->curr = NULL;

	/* SIM: reset the per-CPU callback heads with the runqueue (a run
	 * that ended with one queued would leave its ->next set). */
	{
		int cpu = cpu_of(rq_of_dl_rq(dl_rq));

		dl_push_head[cpu].next = NULL;
		dl_push_head[cpu].func = NULL;
		dl_pull_head[cpu].next = NULL;
		dl_pull_head[cpu].func = NULL;
	}
}

static inline int dl_overloaded(struct rq *rq)
{
	return READ_ONCE(rq->rd->dlo_count);
}

static inline void dl_set_overload(struct rq *rq)
{
	if (!rq->online)
		return;

	cpumask_set_cpu((unsigned int)rq->cpu, &rq->rd->dlo_mask);
	/* The mask bit is visible before the count (pull_dl_task's rmb). */
	smp_wmb();
	rq->rd->dlo_count++;
}

static inline void dl_clear_overload(struct rq *rq)
{
	if (!rq->online)
		return;

	rq->rd->dlo_count--;
	cpumask_clear_cpu(rq->cpu, &rq->rd->dlo_mask);
}

#define __node_2_pdl(node) \
	rb_entry((node), struct task_struct, pushable_dl_tasks)

static inline bool __pushable_less(struct rb_node *a, const struct rb_node *b)
{
	return dl_entity_preempt(&__node_2_pdl(a)->dl,
				 &__node_2_pdl((struct rb_node *)b)->dl);
}

static inline int has_pushable_dl_tasks(struct rq *rq)
{
	return !RB_EMPTY_ROOT(&rq->dl.pushable_dl_tasks_root.rb_root);
}

/* The pushable DL tasks are an rbtree ordered by deadline. */
static void enqueue_pushable_dl_task(struct rq *rq, struct task_struct *p)
{
	struct rb_node *leftmost;

	SIM_FRAME();
	WARN_ON_ONCE(!RB_EMPTY_NODE(&p->pushable_dl_tasks));

	leftmost = rb_add_cached(&p->pushable_dl_tasks,
				 &rq->dl.pushable_dl_tasks_root,
				 __pushable_less);
	if (leftmost)
		rq->dl.earliest_dl.next = p->dl.deadline;

	if (!rq->dl.overloaded) {
		dl_set_overload(rq);
		rq->dl.overloaded = 1;
	}
}

static void dequeue_pushable_dl_task(struct rq *rq, struct task_struct *p)
{
	struct dl_rq *dl_rq = &rq->dl;
	struct rb_root_cached *root = &dl_rq->pushable_dl_tasks_root;
	struct rb_node *leftmost;

	SIM_FRAME();
	if (RB_EMPTY_NODE(&p->pushable_dl_tasks))
		return;

	leftmost = rb_erase_cached(&p->pushable_dl_tasks, root);
	if (leftmost)
		dl_rq->earliest_dl.next = __node_2_pdl(leftmost)->dl.deadline;

	RB_CLEAR_NODE(&p->pushable_dl_tasks);

	if (!has_pushable_dl_tasks(rq) && rq->dl.overloaded) {
		dl_clear_overload(rq);
		rq->dl.overloaded = 0;
	}
}

static int push_dl_task(struct rq *rq);

static inline bool need_pull_dl_task(struct rq *rq, struct task_struct *prev)
{
	return rq->online && dl_task(prev);
}

static void push_dl_tasks(struct rq *rq);
static void pull_dl_task(struct rq *this_rq);

static inline void deadline_queue_push_tasks(struct rq *rq)
{
	if (!has_pushable_dl_tasks(rq))
		return;

	queue_balance_callback(rq, &dl_push_head[rq->cpu], push_dl_tasks);
}

static inline void deadline_queue_pull_task(struct rq *rq)
{
	queue_balance_callback(rq, &dl_pull_head[rq->cpu], pull_dl_task);
}

static struct rq *find_lock_later_rq(struct task_struct *task, struct rq *rq);

static void enqueue_task_dl(struct rq *rq, struct task_struct *p, int flags);
static void wakeup_preempt_dl(struct rq *rq, struct task_struct *p, int flags);

/* A new period: full runtime, deadline one relative deadline from now. */
static inline void replenish_dl_new_period(struct sched_dl_entity *dl_se,
					   struct rq *rq)
{
	/* For non-boosted tasks pi_of(dl_se) == dl_se. */
	dl_se->deadline = rq_clock(rq) + pi_of(dl_se)->dl_deadline;
	dl_se->runtime = (s64)pi_of(dl_se)->dl_runtime;

	/* SIM: deferred (dl_defer) reservations are dl_server only. */
}

/* An entity (re)starts a new instance now. */
static inline void setup_new_dl_entity(struct sched_dl_entity *dl_se)
{
	struct dl_rq *dl_rq = dl_rq_of_se(dl_se);
	struct rq *rq = rq_of_dl_rq(dl_rq);

	SIM_FRAME();
	WARN_ON(is_dl_boosted(dl_se));
	WARN_ON(dl_time_before(rq_clock(rq), dl_se->deadline));

	/* Throttled: the replenishment timer will recharge it. */
	if (dl_se->dl_throttled)
		return;

	replenish_dl_new_period(dl_se, rq);
}

static int start_dl_timer(struct sched_dl_entity *dl_se);
static bool dl_entity_overflow(struct sched_dl_entity *dl_se, u64 t);

/*
 * CBS replenishment: add runtime and postpone the deadline by periods
 * until the runtime is positive, so an overrunning entity cannot eat into
 * the others' bandwidth.
 */
static void replenish_dl_entity(struct sched_dl_entity *dl_se)
{
	struct dl_rq *dl_rq = dl_rq_of_se(dl_se);
	struct rq *rq = rq_of_dl_rq(dl_rq);

	SIM_FRAME();
	WARN_ON_ONCE(pi_of(dl_se)->dl_runtime <= 0);

	/* A boosted non-DL task starts a new period with the donor's
	 * parameters.  SIM: no deferred (dl_defer_armed) servers. */
	if (dl_se->dl_deadline == 0) {
		dl_se->deadline = rq_clock(rq) + pi_of(dl_se)->dl_deadline;
		dl_se->runtime = (s64)pi_of(dl_se)->dl_runtime;
	}

	if (dl_se->dl_yielded && dl_se->runtime > 0)
		dl_se->runtime = 0;

	/* Postpone until there is runtime, however large the overrun. */
	while (dl_se->runtime <= 0) {
		dl_se->deadline += pi_of(dl_se)->dl_period;
		dl_se->runtime += (s64)pi_of(dl_se)->dl_runtime;
	}

	/* Still in the past: we lag too much; start afresh. */
	if (dl_time_before(dl_se->deadline, rq_clock(rq)))
		replenish_dl_new_period(dl_se, rq);

	if (dl_se->dl_yielded)
		dl_se->dl_yielded = 0;
	if (dl_se->dl_throttled)
		dl_se->dl_throttled = 0;

	/* SIM: the dl_defer (deferred server) tail is dl_server only. */
}

/*
 * Can the entity keep its runtime and deadline at time t without
 * exceeding its bandwidth?  True if it cannot, i.e. if
 *	runtime / (deadline - t) > dl_runtime / dl_deadline,
 * computed with both sides scaled down by DL_SCALE against overflow.
 */
static bool dl_entity_overflow(struct sched_dl_entity *dl_se, u64 t)
{
	u64 left, right;

	left = (pi_of(dl_se)->dl_deadline >> DL_SCALE) * ((u64)dl_se->runtime >> DL_SCALE);
	right = ((dl_se->deadline - t) >> DL_SCALE) *
		(pi_of(dl_se)->dl_runtime >> DL_SCALE);

	return dl_time_before(right, left);
}

/*
 * Revised CBS wakeup rule for constrained deadlines: cut the runtime to
 * what the density allows until the current deadline.
 */
static void
update_dl_revised_wakeup(struct sched_dl_entity *dl_se, struct rq *rq)
{
	u64 laxity = dl_se->deadline - rq_clock(rq);

	/* A past deadline should have throttled it already. */
	WARN_ON(dl_time_before(dl_se->deadline, rq_clock(rq)));

	dl_se->runtime = (s64)((dl_se->dl_density * laxity) >> BW_SHIFT);
}

/*
 * On wakeup, the CBS rule: a past deadline or a bandwidth overflow starts
 * a new period (original CBS), except for constrained-deadline tasks
 * before their deadline, which get the revised rule.
 */
static void update_dl_entity(struct sched_dl_entity *dl_se)
{
	struct rq *rq = rq_of_dl_se(dl_se);

	SIM_FRAME();
	if (dl_time_before(dl_se->deadline, rq_clock(rq)) ||
	    dl_entity_overflow(dl_se, rq_clock(rq))) {

		/* SIM: the dl_defer_running term is dl_server only. */
		if (unlikely(!dl_is_implicit(dl_se) &&
			     !dl_time_before(dl_se->deadline, rq_clock(rq)) &&
			     !is_dl_boosted(dl_se))) {
			update_dl_revised_wakeup(dl_se, rq);
			return;
		}

		replenish_dl_new_period(dl_se, rq);
	}
}

static inline u64 dl_next_period(struct sched_dl_entity *dl_se)
{
	return dl_se->deadline - dl_se->dl_deadline + dl_se->dl_period;
}

/*
 * Arm the replenishment timer for the next period.  Returns 0 if that
 * instant has already passed (the caller replenishes at once).
 */
static int start_dl_timer(struct sched_dl_entity *dl_se)
{
	struct hrtimer *timer = &dl_se->dl_timer;
	struct dl_rq *dl_rq = dl_rq_of_se(dl_se);
	struct rq *rq = rq_of_dl_rq(dl_rq);
	u64 now, act;
	s64 delta;

	SIM_FRAME();
	lockdep_assert_rq_held(rq);

	/* The next period begins at deadline - rel. deadline + period.
	 * SIM: no deferred servers (dl_defer_armed). */
	act = dl_next_period(dl_se);

	/*
	 * SIM: the kernel converts from rq->clock to the hrtimer base with
	 * ktime_get(); here both are the one simulated clock, so delta is 0
	 * and "now" is rq_clock().
	 */
	now = rq_clock(rq);
	delta = 0;
	act += (u64)delta;

	/* Do not start a timer in the past. */
	if ((s64)act < (s64)now)	/* ktime_before(act, now) */
		return 0;

	/* Not queued: another callback is guaranteed. */
	if (!hrtimer_is_queued(timer)) {
		get_task_struct(dl_task_of(dl_se));
		/* SIM: HRTIMER_MODE_ABS_HARD on this CPU's base. */
		hrtimer_start_sim(timer, act, smp_processor_id());
	}

	return 1;
}

/* Re-queued tasks may overload rq: push one away. */
static void __push_dl_task(struct rq *rq, struct rq_flags *rf)
{
	SIM_FRAME();
	if (has_pushable_dl_tasks(rq)) {
		/* Nothing below relies on rq's lock: drop it to push. */
		rq_unpin_lock(rq, rf);
		push_dl_task(rq);
		rq_repin_lock(rq, rf);
	}
}

/*
 * The replenishment timer of a throttled task: recharge it and, if it is
 * still queued, put it back on its dl_rq and see whether it preempts.
 */
static enum hrtimer_restart dl_task_timer(struct hrtimer *timer)
{
	struct sched_dl_entity *dl_se = container_of(timer,
						     struct sched_dl_entity,
						     dl_timer);
	struct task_struct *p;
	struct rq_flags rf;
	struct rq *rq;

	SIM_FRAME();
	/* SIM: no dl_server entities (dl_server_timer()). */
	p = dl_task_of(dl_se);
	rq = task_rq_lock(p, &rf);

	/* It may have left SCHED_DEADLINE meanwhile (switched_from_dl()). */
	if (!dl_task(p))
		goto unlock;

	/* Boosted: not throttled. */
	if (is_dl_boosted(dl_se))
		goto unlock;

	/* Spurious, or already replenished. */
	if (!dl_se->dl_throttled)
		goto unlock;

	/* SIM: sched_clock_tick() is the simulated clock. */
	update_rq_clock(rq);

	/*
	 * Throttled while being dequeued to sleep: replenish now, enqueue at
	 * the wakeup.
	 */
	if (!task_on_rq_queued(p)) {
		replenish_dl_entity(dl_se);
		goto unlock;
	}

	/* SIM: rq->online is always 1: dl_task_offline_migration() (CPU
	 * hotplug) is not reached and not ported. */

	enqueue_task_dl(rq, p, ENQUEUE_REPLENISH);
	if (dl_task(rq->donor))
		wakeup_preempt_dl(rq, p, 0);
	else
		resched_curr(rq);

	__push_dl_task(rq, &rf);

unlock:
	task_rq_unlock(rq, p, &rf);

	/* The timer's reference, taken in start_dl_timer(). */
	put_task_struct(p);

	return HRTIMER_NORESTART;
}

static void init_dl_task_timer(struct sched_dl_entity *dl_se)
{
	struct hrtimer *timer = &dl_se->dl_timer;

	hrtimer_setup_sim(timer, dl_task_timer, "dl_task_timer");
}

/*
 * A constrained-deadline task activated after its deadline but before its
 * next period would overrun its bandwidth if replenished: throttle it
 * until the next period instead.
 */
static inline void dl_check_constrained_dl(struct sched_dl_entity *dl_se)
{
	struct rq *rq = rq_of_dl_se(dl_se);

	SIM_FRAME();
	if (dl_time_before(dl_se->deadline, rq_clock(rq)) &&
	    dl_time_before(rq_clock(rq), dl_next_period(dl_se))) {
		if (unlikely(is_dl_boosted(dl_se) || !start_dl_timer(dl_se)))
			return;
		dl_se->dl_throttled = 1;
		if (dl_se->runtime > 0)
			dl_se->runtime = 0;
	}
}

static
int dl_runtime_exceeded(struct sched_dl_entity *dl_se)
{
	return (dl_se->runtime <= 0);
}

static void dequeue_dl_entity(struct sched_dl_entity *dl_se, int flags);

/*
 * Charge delta_exec to the entity's budget; when it is spent (or the task
 * yielded), throttle it: off the dl_rq (p->on_rq stays 1), replenishment
 * timer armed, resched.
 */
static void update_curr_dl_se(struct rq *rq, struct sched_dl_entity *dl_se, s64 delta_exec)
{
	s64 scaled_delta_exec;

	SIM_FRAME();
	if (unlikely(delta_exec <= 0)) {
		if (unlikely(dl_se->dl_yielded))
			goto throttle;
		return;
	}

	/* SIM: no dl_server entities (throttled non-deferred server). */

	if (dl_entity_is_special(dl_se))
		return;

	/* SIM: dl_scaled_delta_exec(): without SCHED_FLAG_RECLAIM users,
	 * frequency or capacity scaling, the scaled delta is the delta. */
	scaled_delta_exec = delta_exec;

	dl_se->runtime -= scaled_delta_exec;

	/* SIM: the dl_defer (deferred server) block is dl_server only. */

throttle:
	if (dl_runtime_exceeded(dl_se) || dl_se->dl_yielded) {
		dl_se->dl_throttled = 1;

		/* Report overruns if asked to. */
		if (dl_runtime_exceeded(dl_se) &&
		    (dl_se->flags & SCHED_FLAG_DL_OVERRUN))
			dl_se->dl_overrun = 1;

		dequeue_dl_entity(dl_se, 0);
		if (!dl_server(dl_se)) {
			/* SIM: update_stats_dequeue_dl(): no schedstats. */
			dequeue_pushable_dl_task(rq, dl_task_of(dl_se));
		}

		/* No timer (replenishment instant passed): requeue now. */
		if (unlikely(is_dl_boosted(dl_se) || !start_dl_timer(dl_se)))
			enqueue_task_dl(rq, dl_task_of(dl_se), ENQUEUE_REPLENISH);

		if (!is_leftmost(dl_se, &rq->dl))
			resched_curr(rq);
	}

	/* SIM: no RT group bandwidth to account. */
}

/*
 * Charge the donor: under proxy execution its budget pays for the owner
 * running as curr (kernel-study 4.1).  Only while it is on its dl_rq.
 */
static void update_curr_dl(struct rq *rq)
{
	struct task_struct *donor = rq->donor;
	struct sched_dl_entity *dl_se = &donor->dl;
	s64 delta_exec;

	SIM_FRAME();
	if (!dl_task(donor) || !on_dl_rq(dl_se))
		return;

	/* Budget is charged in task time; deadlines are in wall time. */
	delta_exec = update_curr_common(rq);
	update_curr_dl_se(rq, dl_se, delta_exec);
}

/*
 * The inactive timer: the 0-lag time of a blocked task passed.  SIM: the
 * running_bw/this_bw/dl_bw updates are not modelled (see
 * task_non_contending()).
 */
static enum hrtimer_restart inactive_task_timer(struct hrtimer *timer)
{
	struct sched_dl_entity *dl_se = container_of(timer,
						     struct sched_dl_entity,
						     inactive_timer);
	struct task_struct *p = NULL;
	struct rq_flags rf;
	struct rq *rq;

	SIM_FRAME();
	/* SIM: no dl_server entities. */
	p = dl_task_of(dl_se);
	rq = task_rq_lock(p, &rf);

	update_rq_clock(rq);

	if (!dl_task(p) || READ_ONCE(p->__state) == TASK_DEAD) {
		/* Left the class (or died): forget its parameters.  SIM:
		 * with sub_running_bw()/sub_rq_bw()/__dl_sub() not modelled. */
		if (READ_ONCE(p->__state) == TASK_DEAD && dl_se->dl_non_contending)
			dl_se->dl_non_contending = 0;

		__dl_clear_params(dl_se);

		goto unlock;
	}

	if (dl_se->dl_non_contending == 0)
		goto unlock;

	/* SIM: sub_running_bw(). */
	dl_se->dl_non_contending = 0;
unlock:
	task_rq_unlock(rq, p, &rf);
	put_task_struct(p);

	return HRTIMER_NORESTART;
}

static void init_dl_inactive_task_timer(struct sched_dl_entity *dl_se)
{
	struct hrtimer *timer = &dl_se->inactive_timer;

	hrtimer_setup_sim(timer, inactive_task_timer, "inactive_task_timer");
}

#define __node_2_dle(node) \
	rb_entry((node), struct sched_dl_entity, rb_node)

/*
 * SIM: cpupri_set()/cpudl_set()/cpudl_clear() are not called: cpupri and
 * cpudl are computed from the runqueues when read (rt.c's
 * sim_cpupri_of(), sim_cpudl_find() here).
 */
static void inc_dl_deadline(struct dl_rq *dl_rq, u64 deadline)
{
	if (dl_rq->earliest_dl.curr == 0 ||
	    dl_time_before(deadline, dl_rq->earliest_dl.curr)) {
		dl_rq->earliest_dl.curr = deadline;
	}
}

static void dec_dl_deadline(struct dl_rq *dl_rq, u64 deadline)
{
	(void)deadline;
	/* The earliest (or next earliest) may have left: recompute. */
	if (!dl_rq->dl_nr_running) {
		dl_rq->earliest_dl.curr = 0;
		dl_rq->earliest_dl.next = 0;
	} else {
		struct rb_node *leftmost = rb_first_cached(&dl_rq->root);
		struct sched_dl_entity *entry = __node_2_dle(leftmost);

		dl_rq->earliest_dl.curr = entry->deadline;
	}
}

static inline
void inc_dl_tasks(struct sched_dl_entity *dl_se, struct dl_rq *dl_rq)
{
	u64 deadline = dl_se->deadline;

	dl_rq->dl_nr_running++;

	if (!dl_server(dl_se))
		add_nr_running(rq_of_dl_rq(dl_rq), 1);

	inc_dl_deadline(dl_rq, deadline);
}

static inline
void dec_dl_tasks(struct sched_dl_entity *dl_se, struct dl_rq *dl_rq)
{
	WARN_ON(!dl_rq->dl_nr_running);
	dl_rq->dl_nr_running--;

	if (!dl_server(dl_se))
		sub_nr_running(rq_of_dl_rq(dl_rq), 1);

	dec_dl_deadline(dl_rq, dl_se->deadline);
}

static inline bool __dl_less(struct rb_node *a, const struct rb_node *b)
{
	return dl_time_before(__node_2_dle(a)->deadline,
			      __node_2_dle((struct rb_node *)b)->deadline);
}

static void __enqueue_dl_entity(struct sched_dl_entity *dl_se)
{
	struct dl_rq *dl_rq = dl_rq_of_se(dl_se);

	SIM_FRAME();
	WARN_ON_ONCE(!RB_EMPTY_NODE(&dl_se->rb_node));

	rb_add_cached(&dl_se->rb_node, &dl_rq->root, __dl_less);

	inc_dl_tasks(dl_se, dl_rq);
}

static void __dequeue_dl_entity(struct sched_dl_entity *dl_se)
{
	struct dl_rq *dl_rq = dl_rq_of_se(dl_se);

	SIM_FRAME();
	if (RB_EMPTY_NODE(&dl_se->rb_node))
		return;

	rb_erase_cached(&dl_se->rb_node, &dl_rq->root);

	RB_CLEAR_NODE(&dl_se->rb_node);

	dec_dl_tasks(dl_se, dl_rq);
}

static void
enqueue_dl_entity(struct sched_dl_entity *dl_se, int flags)
{
	SIM_FRAME();
	WARN_ON_ONCE(on_dl_rq(dl_se));

	/* A constrained task activated between deadline and next period is
	 * throttled until that period. */
	if (!dl_se->dl_throttled && !dl_is_implicit(dl_se))
		dl_check_constrained_dl(dl_se);

	/* SIM: add_rq_bw()/add_running_bw() on RESTORE or MIGRATING. */

	/*
	 * Throttled and not being replenished: leave it off the dl_rq, the
	 * replenishment timer will enqueue it.  It still counts as active.
	 * SIM: dl_defer is dl_server only (always 0).
	 */
	if (dl_se->dl_throttled && !(flags & ENQUEUE_REPLENISH)) {
		if (flags & ENQUEUE_WAKEUP)
			task_contending(dl_se, flags);

		return;
	}

	/*
	 * A wakeup or a new instance may need new parameters (the CBS rule);
	 * otherwise a replenishment was asked for.
	 */
	if (flags & ENQUEUE_WAKEUP) {
		task_contending(dl_se, flags);
		update_dl_entity(dl_se);
	} else if (flags & ENQUEUE_REPLENISH) {
		replenish_dl_entity(dl_se);
	} else if ((flags & ENQUEUE_MOVE) &&
		   !is_dl_boosted(dl_se) &&
		   dl_time_before(dl_se->deadline, rq_clock(rq_of_dl_se(dl_se)))) {
		setup_new_dl_entity(dl_se);
	} else if (flags & ENQUEUE_INITIAL) {
		/*
		 * SIM: a task the program forks straight into SCHED_DEADLINE
		 * (the kernel's sched_fork() refuses that) starts a new
		 * instance at its first enqueue.  Unconditionally: at
		 * simulated time 0 its zero deadline is not "in the past",
		 * and a zero deadline is earliest_dl's "none" value.
		 */
		setup_new_dl_entity(dl_se);
	}

	/* Still throttled (a deferred reservation waiting): do not enqueue. */
	if (dl_se->dl_throttled && start_dl_timer(dl_se))
		return;

	/* About to enqueue: not throttled, no stale timer. */
	if (dl_se->dl_throttled) {
		hrtimer_try_to_cancel(&dl_se->dl_timer);
		dl_se->dl_throttled = 0;
	}

	__enqueue_dl_entity(dl_se);
}

static void dequeue_dl_entity(struct sched_dl_entity *dl_se, int flags)
{
	SIM_FRAME();
	__dequeue_dl_entity(dl_se);

	/* SIM: sub_running_bw()/sub_rq_bw() on SAVE or MIGRATING. */

	/* Blocking (or dying): from "active contending" to "active non
	 * contending" or "inactive". */
	if (flags & DEQUEUE_SLEEP)
		task_non_contending(dl_se, true);
}

static void enqueue_task_dl(struct rq *rq, struct task_struct *p, int flags)
{
	struct sched_dl_entity *dl_se = &p->dl;
	struct dl_rq *dl_rq = &rq->dl;

	SIM_FRAME();
	if (is_dl_boosted(dl_se)) {
		/* A boost overrides a throttle. */
		if (dl_se->dl_throttled) {
			cancel_replenish_timer(dl_se);
			dl_se->dl_throttled = 0;
		}
	} else if (!dl_prio(p->normal_prio)) {
		/*
		 * A de-boosting !SCHED_DEADLINE task that overran: it goes
		 * back to its own class; do not leave it throttled.
		 */
		dl_se->dl_throttled = 0;
		return;
	}

	/* SIM: check_schedstat_required(), update_stats_wait_start_dl(). */

	if (task_on_rq_migrating(p))
		flags |= ENQUEUE_MIGRATING;

	enqueue_dl_entity(dl_se, flags);

	if (dl_server(dl_se))
		return;

	/* A blocked donor is never pushable. */
	if (task_is_blocked(p))
		return;

	/* The class-current entity is never pushable. */
	if (dl_rq->curr == dl_se)
		return;

	if (!task_current(rq, p) && !dl_se->dl_throttled && p->nr_cpus_allowed > 1)
		enqueue_pushable_dl_task(rq, p);
}

static bool dequeue_task_dl(struct rq *rq, struct task_struct *p, int flags)
{
	SIM_FRAME();
	update_curr_dl(rq);

	if (task_on_rq_migrating(p))
		flags |= DEQUEUE_MIGRATING;

	dequeue_dl_entity(&p->dl, flags);
	if (!p->dl.dl_throttled && !dl_server(&p->dl))
		dequeue_pushable_dl_task(rq, p);

	return true;
}

/*
 * sched_yield() of a DL task: sleep until the next instance, with a new
 * runtime.  Zeroing the runtime makes update_curr_dl() throttle it, and
 * dl_yielded makes the replenishment start afresh.
 */
static void yield_task_dl(struct rq *rq)
{
	SIM_FRAME();
#ifndef CONFIG_SIM_BUG_K21
	rq->donor->dl.dl_yielded = 1;
#else
	/* SIM: zoo k21: reverts "sched/proxy: Yield the donor task", 6.19 */
	rq->curr->dl.dl_yielded = 1;
#endif

	update_rq_clock(rq);
	update_curr_dl(rq);
	/* Just updated: skip the next update in schedule(). */
	rq_clock_skip_update(rq);
}

static inline bool dl_task_is_earliest_deadline(struct task_struct *p,
						struct rq *rq)
{
	return (!rq->dl.dl_nr_running ||
		dl_time_before(p->dl.deadline,
			       rq->dl.earliest_dl.curr));
}

/* ---------------------------------------------------------------------- */
/* cpudl, computed (SIM) */

/*
 * SIM: cpudl_find().  cpudl keeps, per CPU, the earliest queued deadline
 * (cpudl_set() in inc/dec_dl_deadline()) and the set of CPUs with no DL
 * task (free_cpus).  The answer: the free CPUs exec_ctx may use, if any;
 * else the CPU whose earliest deadline is the latest (the heap's top), if
 * exec_ctx may use it and sched_ctx's deadline is earlier.  Ties at the
 * top go to the lowest CPU (the kernel's heap order is not reproduced).
 * Returns 1 and fills later_mask (if given) when there is a CPU.  The
 * affinity is exec_ctx's and the deadline sched_ctx's (the dev tree's
 * two-context cpudl_find()).
 */
static int sim_cpudl_find(struct task_struct *sched_ctx,
			  struct task_struct *exec_ctx,
			  struct cpumask *later_mask)
{
	const struct sched_dl_entity *dl_se = &sched_ctx->dl;
	cpumask_t free_cpus;
	int cpu, best_cpu = -1;
	u64 best_dl = 0;

	cpumask_clear(&free_cpus);
	for_each_online_cpu(cpu) {
		struct rq *rq = cpu_rq(cpu);

		if (!rq->dl.dl_nr_running) {
			cpumask_set_cpu((unsigned int)cpu, &free_cpus);
			continue;
		}
		if (best_cpu == -1 ||
		    dl_time_before(best_dl, rq->dl.earliest_dl.curr)) {
			best_cpu = cpu;
			best_dl = rq->dl.earliest_dl.curr;
		}
	}

	if (later_mask &&
	    cpumask_and(later_mask, &free_cpus, &exec_ctx->cpus_mask)) {
		/* SIM: no asymmetric CPU capacities to filter by. */
		return 1;
	} else {
		/* Without a mask the free CPUs are not looked at, as in the
		 * kernel.  SIM: an empty heap has no top (the kernel reads a
		 * stale elements[0]). */
		if (best_cpu != -1 &&
		    cpumask_test_cpu(best_cpu, &exec_ctx->cpus_mask) &&
		    dl_time_before(dl_se->deadline, best_dl)) {
			if (later_mask)
				cpumask_set_cpu((unsigned int)best_cpu, later_mask);
			return 1;
		}
	}
	return 0;
}

static int find_later_rq(struct task_struct *sched_ctx, struct task_struct *exec_ctx);

static int
select_task_rq_dl(struct task_struct *p, int cpu, int flags)
{
	struct task_struct *curr, *donor;
	bool select_rq;
	struct rq *rq;

	SIM_FRAME();
	if (!(flags & WF_TTWU))
		return cpu;

	rq = cpu_rq(cpu);

	/* Unlocked reads, as in the kernel. */
	curr = READ_ONCE(rq->curr);
	donor = READ_ONCE(rq->donor);

	/*
	 * A DL donor there that p would not preempt, or whose execution
	 * context cannot move: look for a CPU with a later deadline.  An
	 * earlier deadline stays here.
	 */
	select_rq = unlikely(dl_task(donor)) &&
		    (curr->nr_cpus_allowed < 2 ||
		     !dl_entity_preempt(&p->dl, &donor->dl)) &&
		    p->nr_cpus_allowed > 1;

	/* SIM: no asymmetric CPU capacities (dl_task_fits_capacity()). */

	if (select_rq) {
		int target = find_later_rq(p, p);

		if (target != -1 &&
		    dl_task_is_earliest_deadline(p, cpu_rq(target)))
			cpu = target;
	}

	return cpu;
}

/*
 * set_task_cpu() of a waking task (pi_lock held, its old rq not): leave
 * the "non contending" state on the old rq.
 */
static void migrate_task_rq_dl(struct task_struct *p, int new_cpu __maybe_unused)
{
	struct rq_flags rf;
	struct rq *rq;

	(void)new_cpu;
	SIM_FRAME();
	if (READ_ONCE(p->__state) != TASK_WAKING)
		return;

	rq = task_rq(p);
	/* Called from try_to_wake_up(): only p->pi_lock is held. */
	rq_lock(rq, &rf);
	if (p->dl.dl_non_contending) {
		update_rq_clock(rq);
		/* SIM: sub_running_bw(). */
		p->dl.dl_non_contending = 0;
		/* A running callback sees the flag clear and does nothing. */
		cancel_inactive_timer(&p->dl);
	}
	/* SIM: sub_rq_bw(). */
	rq_unlock(rq, &rf);
}

static void check_preempt_equal_dl(struct rq *rq, struct task_struct *p)
{
	struct task_struct *exec_ctx;

	SIM_FRAME();
	/* curr cannot move elsewhere: hope p can. */
	if (rq->curr->nr_cpus_allowed == 1 ||
	    !sim_cpudl_find(rq->donor, rq->curr, NULL))
		return;

	/* SIM: the dev tree's find_exec_ctx(rq, p) is not ported (see
	 * find_lock_later_rq()); p stands for its own execution context. */
	exec_ctx = p;
	if (!exec_ctx)
		return;

	if (task_current(rq, exec_ctx))
		return;

	/* p can go elsewhere: let push/pull place it. */
	if (p->nr_cpus_allowed != 1 &&
	    sim_cpudl_find(p, exec_ctx, NULL))
		return;

	resched_curr(rq);
}

#ifdef CONFIG_SIM_STALE_PREV
static int balance_dl(struct rq *rq, struct task_struct *p, struct rq_flags *rf)
{
#else
static int balance_dl(struct rq *rq, struct rq_flags *rf)
{
	/* rq->donor can change while the lock is dropped: read it once,
	 * and do not use p after pull_dl_task(). */
	struct task_struct *p = rq->donor;
#endif
	SIM_FRAME();
	if (!on_dl_rq(&p->dl) && need_pull_dl_task(rq, p)) {
		/* Pull before the pick loop starts; pull_dl_task() may drop
		 * the rq lock in double_lock_balance(). */
		rq_unpin_lock(rq, rf);
		pull_dl_task(rq);
		rq_repin_lock(rq, rf);
	}

	return sched_stop_runnable(rq) || sched_dl_runnable(rq);
}

/* Only a DL task waking against a DL donor is decided here. */
static void wakeup_preempt_dl(struct rq *rq, struct task_struct *p, int flags)
{
	struct task_struct *donor = rq->donor;

	(void)flags;
	SIM_FRAME();
	/* Preempted by the stop class only: nothing to push for that. */
	if (p->sched_class != &dl_sched_class ||
	    donor->sched_class != &dl_sched_class)
		return;

	if (dl_entity_preempt(&p->dl, &donor->dl)) {
		resched_curr(rq);
		return;
	}

	/* Equal deadlines: see whether curr could move away instead. */
	if ((p->dl.deadline == rq->donor->dl.deadline) &&
	    !test_tsk_need_resched(rq->curr))
		check_preempt_equal_dl(rq, p);
}

/* DL keeps its class-current task in the tree (deadlines rarely move). */
static void set_next_task_dl(struct rq *rq, struct task_struct *p, bool first)
{
	struct sched_dl_entity *dl_se = &p->dl;
	struct dl_rq *dl_rq = &rq->dl;

	SIM_FRAME();
	p->se.exec_start = rq_clock_task(rq);
	/* SIM: update_stats_wait_end_dl(): no schedstats. */

	/* The class-current task cannot be pushed away. */
	dequeue_pushable_dl_task(rq, p);

	WARN_ON_ONCE(dl_rq->curr);
	dl_rq->curr = dl_se;

	if (!first)
		return;

	/* SIM: no PELT (update_dl_rq_load_avg()). */

	deadline_queue_push_tasks(rq);

	/* SIM: no hrtick (start_hrtick_dl()). */
}

static struct sched_dl_entity *pick_next_dl_entity(struct dl_rq *dl_rq)
{
	struct rb_node *left = rb_first_cached(&dl_rq->root);

	if (!left)
		return NULL;

	return __node_2_dle(left);
}

/* The earliest-deadline queued task. */
static struct task_struct *__pick_task_dl(struct rq *rq, struct rq_flags *rf)
{
	struct sched_dl_entity *dl_se;
	struct dl_rq *dl_rq = &rq->dl;
	struct task_struct *p;

	(void)rf;
	SIM_FRAME();
	if (!sched_dl_runnable(rq))
		return NULL;

	dl_se = pick_next_dl_entity(dl_rq);
	WARN_ON_ONCE(!dl_se);

	/* SIM: no dl_server entities: no server_pick_task(), no
	 * dl_server_stop() retry, rq->dl_server stays NULL. */
	p = dl_task_of(dl_se);

	return p;
}

static struct task_struct *pick_task_dl(struct rq *rq, struct rq_flags *rf)
{
	SIM_FRAME();
	return __pick_task_dl(rq, rf);
}

static void put_prev_task_dl(struct rq *rq, struct task_struct *p, struct task_struct *next)
{
	struct sched_dl_entity *dl_se = &p->dl;
	struct dl_rq *dl_rq = &rq->dl;

	(void)next;
	SIM_FRAME();
	/* SIM: update_stats_wait_start_dl(): no schedstats. */

	update_curr_dl(rq);

	/* SIM: no PELT (update_dl_rq_load_avg()). */

	WARN_ON_ONCE(dl_rq->curr != dl_se);
	dl_rq->curr = NULL;

	/* A blocked donor is never made pushable. */
	if (task_is_blocked(p))
		return;

	/* Still queued: it may now be pushed elsewhere. */
	if (on_dl_rq(&p->dl) && p->nr_cpus_allowed > 1)
		enqueue_pushable_dl_task(rq, p);
}

/* The tick charged to p (the donor). */
static void task_tick_dl(struct rq *rq, struct task_struct *p, int queued)
{
	(void)p;
	(void)queued;
	SIM_FRAME();
	update_curr_dl(rq);

	/* SIM: no PELT, no hrtick. */
}

static void task_fork_dl(struct task_struct *p)
{
	(void)p;
	/* SCHED_DEADLINE tasks cannot fork (sched_fork() refuses). */
}

/* Tries of the later-rq search before giving up. */
#define DL_MAX_TRIES 3

/*
 * The earliest pushable task of rq that may run on cpu.
 * SIM: blocked tasks are skipped too (kernel-study 3.10: the push/pull
 * pickers never move a blocked task).
 */
static struct task_struct *pick_earliest_pushable_dl_task(struct rq *rq, int cpu)
{
	struct task_struct *p = NULL;
	struct rb_node *next_node;

	SIM_FRAME();
	if (!has_pushable_dl_tasks(rq))
		return NULL;

	next_node = rb_first_cached(&rq->dl.pushable_dl_tasks_root);
	while (next_node) {
		p = __node_2_pdl(next_node);

		if (task_is_pushable(rq, p, cpu) && !task_is_blocked(p))
			return p;

		next_node = rb_next(next_node);
	}

	return NULL;
}

static int find_later_rq(struct task_struct *sched_ctx, struct task_struct *exec_ctx)
{
	/* SIM: the per-CPU local_cpu_mask_dl is a local. */
	cpumask_t later_mask_var;
	struct cpumask *later_mask = &later_mask_var;
	int this_cpu = smp_processor_id();
	int cpu = (int)task_cpu(sched_ctx);

	SIM_FRAME();
	if (!exec_ctx || exec_ctx->nr_cpus_allowed == 1)
		return -1;

	/* Affinity and the CPUs' deadlines first (cpudl, computed). */
	if (!sim_cpudl_find(sched_ctx, exec_ctx, later_mask))
		return -1;

	/* The CPU it last ran on is cache-hot: prefer it. */
	if (cpumask_test_cpu(cpu, later_mask))
		return cpu;

	/* Then this CPU, if it is in the mask. */
	if (!cpumask_test_cpu(this_cpu, later_mask))
		this_cpu = -1;

	/*
	 * SIM: one flat sched domain spanning every CPU, with
	 * SD_WAKE_AFFINE: for_each_domain() visits it once; this_cpu wins,
	 * else cpumask_any_and_distribute() is the first CPU of the mask.
	 */
	if (this_cpu != -1)
		return this_cpu;

	cpu = (int)cpumask_first(later_mask);
	if ((unsigned int)cpu < nr_cpu_ids)
		return cpu;

	return -1;
}

static struct task_struct *pick_next_pushable_dl_task(struct rq *rq)
{
	struct task_struct *i, *p = NULL;
	struct rb_node *next_node;

	SIM_FRAME();
	if (!has_pushable_dl_tasks(rq))
		return NULL;

	next_node = rb_first_cached(&rq->dl.pushable_dl_tasks_root);
	while (next_node) {
		i = __node_2_pdl(next_node);
		/* Skip what cannot be migrated: running (a proxy execution
		 * context stays in the tree), migration-disabled, and (SIM,
		 * see pick_earliest_pushable_dl_task()) blocked tasks. */
		if (!task_on_cpu(rq, i) && !is_migration_disabled(i) &&
		    !task_is_blocked(i)) {
			p = i;
			break;
		}

		next_node = rb_next(next_node);
	}

	if (!p)
		return NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-compare"
	WARN_ON_ONCE(rq->cpu != task_cpu(p));
#pragma GCC diagnostic pop
	WARN_ON_ONCE(task_current(rq, p));
	WARN_ON_ONCE(p->nr_cpus_allowed <= 1);

	WARN_ON_ONCE(!task_on_rq_queued(p));
	WARN_ON_ONCE(!dl_task(p));

	return p;
}

/* After a lock drop: may task still move from rq to later? */
static inline bool dl_revalidate_rq_state(struct task_struct *task, struct rq *rq,
					  struct rq *later)
{
	/*
	 * Migration disabled meanwhile; later outside its affinity; a
	 * throttled task (offline migration) moved, running, no longer DL
	 * or no longer queued; a pushable task no longer first to push.
	 */
	if (unlikely(is_migration_disabled(task)))
		return false;
	if (!cpumask_test_cpu(later->cpu, &task->cpus_mask))
		return false;
	if (task->dl.dl_throttled && (task_rq(task) != rq ||
				      task_on_cpu(rq, task) ||
				      !dl_task(task) ||
				      !task_on_rq_queued(task)))
		return false;
	if (!task->dl.dl_throttled &&
	    task != pick_next_pushable_dl_task(rq))
		return false;
	return true;
}

/* Find a later-deadline rq for task and return it locked, or NULL. */
static struct rq *find_lock_later_rq(struct task_struct *task, struct rq *rq)
{
	struct task_struct *exec_ctx;
	struct rq *later_rq = NULL;
	int tries;
	int cpu;

	SIM_FRAME();
	for (tries = 0; tries < DL_MAX_TRIES; tries++) {
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
		if (!exec_ctx)
			break;
		cpu = find_later_rq(task, exec_ctx);

		if ((cpu == -1) || (cpu == rq->cpu))
			break;

		later_rq = cpu_rq(cpu);

		if (!dl_task_is_earliest_deadline(task, later_rq)) {
			/* Equal or earlier deadline there, and no lock was
			 * dropped: retrying would find the same. */
			later_rq = NULL;
			break;
		}

		/* Dropped rq's lock: re-check that task may still move. */
		if (double_lock_balance(rq, later_rq)) {
			if (unlikely(!dl_revalidate_rq_state(task, rq, later_rq))) {
				double_unlock_balance(rq, later_rq);
				later_rq = NULL;
				break;
			}
		}

		/* No DL task there, or all later than task: take it. */
		if (dl_task_is_earliest_deadline(task, later_rq))
			break;

		/* Try again. */
		double_unlock_balance(rq, later_rq);
		later_rq = NULL;
	}

	return later_rq;
}

/*
 * Push one waiting DL task to a CPU where it would run at once.
 * Returns 1 if a task moved.
 */
static int push_dl_task(struct rq *rq)
{
	struct task_struct *next_task;
	struct rq *later_rq;
	int ret = 0;

	SIM_FRAME();
	next_task = pick_next_pushable_dl_task(rq);
	if (!next_task)
		return 0;

retry:
	/* It beats the donor, whose curr can move: reschedule instead. */
	if (dl_task(rq->donor) &&
	    dl_time_before(next_task->dl.deadline, rq->donor->dl.deadline) &&
	    rq->curr->nr_cpus_allowed > 1) {
		resched_curr(rq);
		return 0;
	}

	/* Pinned: not pushed.  (Not reached while the dev tree's picker
	 * skips migration-disabled tasks.) */
	if (is_migration_disabled(next_task))
		return 0;

	if (WARN_ON(next_task == rq->curr))
		return 0;

	/* SIM: get_task_struct(): tasks are not reference counted. */

	/* Returns the target rq locked; may drop rq's lock. */
	later_rq = find_lock_later_rq(next_task, rq);
	if (!later_rq) {
		struct task_struct *task;

		/* rq's lock was dropped: next_task may have moved. */
		task = pick_next_pushable_dl_task(rq);
		if (task == next_task) {
			/* Still first, but nowhere to go: others will pull. */
			goto out;
		}

		if (!task)
			/* Nothing left to push. */
			goto out;

		next_task = task;
		goto retry;
	}

	move_queued_task_locked(rq, later_rq, next_task);
	ret = 1;

	resched_curr(later_rq);

	double_unlock_balance(rq, later_rq);

out:
	return ret;
}

static void push_dl_tasks(struct rq *rq)
{
	SIM_FRAME();
	/* Push until nothing more moves. */
	while (push_dl_task(rq))
		;
}

/*
 * Pull earlier-deadline waiting DL tasks from overloaded CPUs to this one.
 * This is where the seed race opens (kernel-study 4.2): called from
 * balance_dl() for a throttled donor, it drops this_rq's lock in
 * double_lock_balance().
 */
static void pull_dl_task(struct rq *this_rq)
{
	int this_cpu = this_rq->cpu, cpu;
	struct task_struct *p, *push_task;
	bool resched = false;
	struct rq *src_rq;
	u64 dmin = LONG_MAX;

	SIM_FRAME();
	if (likely(!dl_overloaded(this_rq)))
		return;

	/* Pairs with dl_set_overload(): the count implies the mask bit. */
	smp_rmb();

	for_each_cpu(cpu, &this_rq->rd->dlo_mask) {
		if (this_cpu == cpu)
			continue;

		src_rq = cpu_rq(cpu);

		/* Unlocked check, racy and fine: nothing there beats ours. */
		if (this_rq->dl.dl_nr_running &&
		    dl_time_before(this_rq->dl.earliest_dl.curr,
				   src_rq->dl.earliest_dl.next))
			continue;

		/* May drop this_rq's lock. */
		push_task = NULL;
		double_lock_balance(this_rq, src_rq);

		/* Only the running task is left there. */
		if (src_rq->dl.dl_nr_running <= 1)
			goto skip;

		p = pick_earliest_pushable_dl_task(src_rq, this_cpu);

		/*
		 * Pull it if it beats what this rq would run, and what was
		 * already pulled.
		 */
		if (p && dl_time_before(p->dl.deadline, dmin) &&
		    dl_task_is_earliest_deadline(p, this_rq)) {
			WARN_ON(p == src_rq->curr);
			WARN_ON(!task_on_rq_queued(p));

			/* It beats its own rq's donor: it will run there. */
			if (dl_time_before(p->dl.deadline,
					   src_rq->donor->dl.deadline))
				goto skip;

			/* Pinned there: make room for it by pushing
			 * src_rq's donor away instead. */
			if (is_migration_disabled(p)) {
				push_task = get_push_task(src_rq);
			} else {
				move_queued_task_locked(src_rq, this_rq, p);
				dmin = p->dl.deadline;
				resched = true;
			}

			/* Keep looking for an even earlier one. */
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
static void task_woken_dl(struct rq *rq, struct task_struct *p)
{
	SIM_FRAME();
	if (!task_on_cpu(rq, p) &&
	    !test_tsk_need_resched(rq->curr) &&
	    p->nr_cpus_allowed > 1 &&
	    dl_task(rq->donor) &&
	    (rq->curr->nr_cpus_allowed < 2 ||
	     !dl_entity_preempt(&p->dl, &rq->donor->dl))) {
		push_dl_tasks(rq);
	}
}

static void set_cpus_allowed_dl(struct task_struct *p,
				struct affinity_context *ctx)
{
	SIM_FRAME();
	WARN_ON_ONCE(!dl_task(p));

	/* SIM: one root domain: dl_task_needs_bw_move() is never true. */

	set_cpus_allowed_common(p, ctx);
}

/* p leaves SCHED_DEADLINE: this rq may pull other DL tasks now. */
static void switched_from_dl(struct rq *rq, struct task_struct *p)
{
	SIM_FRAME();
	/*
	 * Start the 0-lag wait: back in DL before it, p keeps its runtime
	 * and deadline; after it, inactive_task_timer() resets them.
	 */
	if (task_on_rq_queued(p) && p->dl.dl_runtime)
		task_non_contending(&p->dl, false);

	/* SIM: dec_dl_tasks_cs(): no cpusets. */

	/* SIM: sub_running_bw()/sub_rq_bw() of a dequeued task. */

	/* The 0-lag bookkeeping cannot follow p outside the class. */
	if (p->dl.dl_non_contending)
		p->dl.dl_non_contending = 0;

	/* The last DL task left: pull. */
	if (!task_on_rq_queued(p) || rq->dl.dl_nr_running)
		return;

	deadline_queue_pull_task(rq);
}

/* p became SCHED_DEADLINE: it may overload this rq or preempt its donor. */
static void switched_to_dl(struct rq *rq, struct task_struct *p)
{
	SIM_FRAME();
	cancel_inactive_timer(&p->dl);

	/* SIM: inc_dl_tasks_cs(): no cpusets. */

	/* Not queued: parameters are updated at the next wakeup.
	 * SIM: add_rq_bw(). */
	if (!task_on_rq_queued(p))
		return;

	if (rq->donor != p) {
		if (p->nr_cpus_allowed > 1 && rq->dl.overloaded)
			deadline_queue_push_tasks(rq);
		if (dl_task(rq->donor))
			wakeup_preempt_dl(rq, p, 0);
		else
			resched_curr(rq);
	} else {
		/* SIM: no PELT (update_dl_rq_load_avg()). */
	}
}

/*
 * The parameters of a queued DL task changed: a push, a pull or a
 * reschedule may be needed.
 * SIM: sched.h's prio_changed() passes the old prio, not the old deadline
 * (the dev tree's get_prio() interface is not ported), so this is the
 * form of the kernels before it: pull unless overloaded, since whether
 * the deadline moved earlier or later is unknown.
 */
static void prio_changed_dl(struct rq *rq, struct task_struct *p, int oldprio)
{
	(void)oldprio;
	SIM_FRAME();
	if (!task_on_rq_queued(p))
		return;

	if (!rq->dl.overloaded)
		deadline_queue_pull_task(rq);

	if (task_current_donor(rq, p)) {
		/* Something queued is now earlier: reschedule. */
		if (dl_time_before(rq->dl.earliest_dl.curr, p->dl.deadline))
			resched_curr(rq);
	} else {
		/*
		 * Not current: reschedule if it is now earlier than curr (or
		 * curr is not DL, e.g. p was throttled and just replenished).
		 */
		if (!dl_task(rq->curr) ||
		    dl_time_before(p->dl.deadline, rq->curr->dl.deadline))
			resched_curr(rq);
	}
}

const struct sched_class dl_sched_class = {
	.enqueue_task		= enqueue_task_dl,
	.dequeue_task		= dequeue_task_dl,
	.yield_task		= yield_task_dl,

	.wakeup_preempt		= wakeup_preempt_dl,

	.pick_task		= pick_task_dl,
	.put_prev_task		= put_prev_task_dl,
	.set_next_task		= set_next_task_dl,

	.balance		= balance_dl,
	.select_task_rq		= select_task_rq_dl,
	.migrate_task_rq	= migrate_task_rq_dl,
	.set_cpus_allowed	= set_cpus_allowed_dl,
	.find_lock_rq		= find_lock_later_rq,
	.task_woken		= task_woken_dl,

	.task_tick		= task_tick_dl,
	.task_fork		= task_fork_dl,

	.prio_changed		= prio_changed_dl,
	.switched_from		= switched_from_dl,
	.switched_to		= switched_to_dl,

	.update_curr		= update_curr_dl,
};

/*
 * The static parameters of a task becoming SCHED_DEADLINE; runtime and
 * absolute deadline are computed at its first enqueue in the class.
 * SIM: admission control (sched_dl_overflow()) is not modelled.
 */
void __setparam_dl(struct task_struct *p, const struct sched_attr *attr)
{
	struct sched_dl_entity *dl_se = &p->dl;

	dl_se->dl_runtime = attr->sched_runtime;
	dl_se->dl_deadline = attr->sched_deadline;
	dl_se->dl_period = attr->sched_period ?: dl_se->dl_deadline;
	dl_se->flags = (unsigned int)(attr->sched_flags & SCHED_DL_FLAGS);
	dl_se->dl_bw = to_ratio(dl_se->dl_period, dl_se->dl_runtime);
	dl_se->dl_density = to_ratio(dl_se->dl_deadline, dl_se->dl_runtime);
}

/* Clear the static parameters of an entity. */
void __dl_clear_params(struct sched_dl_entity *dl_se)
{
	dl_se->dl_runtime		= 0;
	dl_se->dl_deadline		= 0;
	dl_se->dl_period		= 0;
	dl_se->flags			= 0;
	dl_se->dl_bw			= 0;
	dl_se->dl_density		= 0;

	dl_se->dl_throttled		= 0;
	dl_se->dl_yielded		= 0;
	dl_se->dl_non_contending	= 0;
	dl_se->dl_overrun		= 0;
	dl_se->dl_server		= 0;
	/* SIM: no dl_defer* (server) fields, no pi_se (no PI). */
}

void init_dl_entity(struct sched_dl_entity *dl_se)
{
	RB_CLEAR_NODE(&dl_se->rb_node);
	init_dl_task_timer(dl_se);
	init_dl_inactive_task_timer(dl_se);
	__dl_clear_params(dl_se);
}

/* ---------------------------------------------------------------------- */
/* SIM: consistency checks behind the global invariants (sim_checks.c) */

#define SIM_CHECK_FAIL(...) do {					\
	snprintf(msg, len, __VA_ARGS__);				\
	return false;							\
} while (0)

/*
 * Is p in rq's DL tree?  DL keeps its running task in the tree; a
 * throttled task is out of it (with p->on_rq still set).
 */
bool sim_dl_task_queued(struct rq *rq, struct task_struct *p)
{
	struct rb_node *node;
	int n = 0;

	if (!on_dl_rq(&p->dl))
		return false;
	for (node = rb_first_cached(&rq->dl.root); node; node = rb_next(node)) {
		if (node == &p->dl.rb_node)
			return true;
		if (++n > SIM_MAX_THREADS)
			break;
	}
	return false;
}

/*
 * The DL tree matches the counters: ordered by deadline, holding
 * unthrottled DL tasks queued on this CPU, dl_nr_running of them, the
 * cached leftmost right, earliest_dl.curr its deadline (0 when empty);
 * dl_rq->curr is NULL or the donor's entity.
 */
bool sim_dl_rq_check(struct rq *rq, char *msg, size_t len)
{
	struct dl_rq *dl_rq = &rq->dl;
	struct rb_node *node;
	unsigned int nr = 0;
	u64 prev = 0;

	if (dl_rq->root.rb_leftmost != rb_first(&dl_rq->root.rb_root))
		SIM_CHECK_FAIL("rq%d: the DL tree's cached leftmost is stale", rq->cpu);

	for (node = rb_first_cached(&dl_rq->root); node; node = rb_next(node)) {
		struct sched_dl_entity *dl_se = __node_2_dle(node);
		struct task_struct *p = dl_task_of(dl_se);

		if (++nr > SIM_MAX_THREADS)
			SIM_CHECK_FAIL("rq%d: the DL tree loops", rq->cpu);
		if (nr > 1 && dl_time_before(dl_se->deadline, prev))
			SIM_CHECK_FAIL("rq%d: the DL tree is out of deadline order at %s/%d",
				       rq->cpu, p->comm, p->pid);
		prev = dl_se->deadline;
		if (dl_se->dl_throttled)
			SIM_CHECK_FAIL("rq%d: throttled %s/%d is in the DL tree",
				       rq->cpu, p->comm, p->pid);
		if (p->sched_class != &dl_sched_class)
			SIM_CHECK_FAIL("rq%d: %s/%d is in the DL tree but not DL",
				       rq->cpu, p->comm, p->pid);
		if ((int)task_cpu(p) != rq->cpu || !task_on_rq_queued(p))
			SIM_CHECK_FAIL("rq%d: %s/%d is in the DL tree but on_rq %d cpu %u",
				       rq->cpu, p->comm, p->pid, p->on_rq, task_cpu(p));
	}
	if (nr != dl_rq->dl_nr_running)
		SIM_CHECK_FAIL("rq%d: dl_nr_running %u but %u entities in the DL tree",
			       rq->cpu, dl_rq->dl_nr_running, nr);
	if (nr && dl_rq->earliest_dl.curr != __node_2_dle(rb_first_cached(&dl_rq->root))->deadline)
		SIM_CHECK_FAIL("rq%d: earliest_dl.curr %llu is not the leftmost deadline %llu",
			       rq->cpu, (unsigned long long)dl_rq->earliest_dl.curr,
			       (unsigned long long)__node_2_dle(rb_first_cached(&dl_rq->root))->deadline);
	if (!nr && (dl_rq->earliest_dl.curr || dl_rq->earliest_dl.next))
		SIM_CHECK_FAIL("rq%d: no DL task queued but earliest_dl is %llu/%llu",
			       rq->cpu, (unsigned long long)dl_rq->earliest_dl.curr,
			       (unsigned long long)dl_rq->earliest_dl.next);
	if (dl_rq->curr && dl_rq->curr != &rq->donor->dl)
		SIM_CHECK_FAIL("rq%d: dl_rq->curr is not the donor's entity", rq->cpu);
	return true;
}

/*
 * The pushable tree (kernel-study 6.2) holds unthrottled DL tasks queued
 * in this rq's tree, never the donor, with more than one allowed CPU,
 * ordered by deadline; overloaded says whether it is non-empty, and
 * earliest_dl.next is its leftmost deadline.  As for RT, a proxy
 * execution context (curr != donor) and a task that blocked while it was
 * one may stay in it (see rt.c's sim_rt_pushable_check()).
 */
bool sim_dl_pushable_check(struct rq *rq, char *msg, size_t len)
{
	struct rb_root_cached *root = &rq->dl.pushable_dl_tasks_root;
	struct rb_node *node;
	u64 prev = 0;
	int n = 0;

	for (node = rb_first_cached(root); node; node = rb_next(node)) {
		struct task_struct *p = __node_2_pdl(node);

		if (++n > SIM_MAX_THREADS)
			SIM_CHECK_FAIL("rq%d: the DL pushable tree loops", rq->cpu);
		/* Eligibility first: the message names the task. */
		if ((int)task_cpu(p) != rq->cpu)
			SIM_CHECK_FAIL("rq%d: pushable %s/%d is on CPU %u", rq->cpu,
				       p->comm, p->pid, task_cpu(p));
		if (!task_on_rq_queued(p) || !sim_dl_task_queued(rq, p))
			SIM_CHECK_FAIL("rq%d: pushable %s/%d is not in the DL tree (on_rq %d)",
				       rq->cpu, p->comm, p->pid, p->on_rq);
		if (p->dl.dl_throttled)
			SIM_CHECK_FAIL("rq%d: pushable %s/%d is throttled", rq->cpu,
				       p->comm, p->pid);
		if (p->sched_class != &dl_sched_class)
			SIM_CHECK_FAIL("rq%d: pushable %s/%d is not DL", rq->cpu,
				       p->comm, p->pid);
		if (p->nr_cpus_allowed <= 1)
			SIM_CHECK_FAIL("rq%d: pushable %s/%d may run on one CPU only",
				       rq->cpu, p->comm, p->pid);
		if (p == rq->donor)
			SIM_CHECK_FAIL("rq%d: the donor %s/%d is pushable", rq->cpu,
				       p->comm, p->pid);
		if (n > 1 && dl_time_before(p->dl.deadline, prev))
			SIM_CHECK_FAIL("rq%d: the DL pushable tree is out of order at %s/%d",
				       rq->cpu, p->comm, p->pid);
		prev = p->dl.deadline;
		if (n == 1 && rq->dl.earliest_dl.next != p->dl.deadline)
			SIM_CHECK_FAIL("rq%d: earliest_dl.next %llu is not the deadline %llu of the first pushable %s/%d",
				       rq->cpu, (unsigned long long)rq->dl.earliest_dl.next,
				       (unsigned long long)p->dl.deadline, p->comm, p->pid);
	}
	if (rq->dl.overloaded != has_pushable_dl_tasks(rq))
		SIM_CHECK_FAIL("rq%d: dl overloaded %d but the pushable tree is %s",
			       rq->cpu, rq->dl.overloaded,
			       has_pushable_dl_tasks(rq) ? "not empty" : "empty");
	if (root->rb_leftmost != rb_first(&root->rb_root))
		SIM_CHECK_FAIL("rq%d: the DL pushable tree's cached leftmost is stale",
			       rq->cpu);
	return true;
}
