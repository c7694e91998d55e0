// SPDX-License-Identifier: GPL-2.0-only
/*
 * idle.c - port of the idle scheduling class of kernel/sched/idle.c.
 * The idle loop itself (do_idle) is the simulator's event loop: an idle
 * CPU takes its next event, and sim_exit_to_user() calls schedule_idle()
 * when the idle task needs rescheduling.
 */
#define SIM_KFILE "kernel/sched/idle.c"

#include "sched.h"

static int balance_idle(struct rq *rq,
#ifdef CONFIG_SIM_STALE_PREV
			struct task_struct *prev,
#endif
			struct rq_flags *rf)
{
#ifdef CONFIG_SIM_STALE_PREV
	(void)prev;
#endif
	(void)rq;
	(void)rf;
	/* prev_balance() stops before idle: never reached. */
	WARN_ON_ONCE(1);
	return 0;
}

/* Idle tasks are unconditionally rescheduled. */
static void wakeup_preempt_idle(struct rq *rq, struct task_struct *p, int flags)
{
	(void)p;
	(void)flags;
	SIM_FRAME();
	resched_curr(rq);
}

static void update_curr_idle(struct rq *rq)
{
	/* SIM: the fair dl_server's idle time is not modelled. */
	(void)rq;
}

static void put_prev_task_idle(struct rq *rq, struct task_struct *prev,
			       struct task_struct *next)
{
	(void)prev;
	(void)next;
	SIM_FRAME();
	update_curr_idle(rq);
}

static void set_next_task_idle(struct rq *rq, struct task_struct *next, bool first)
{
	(void)next;
	(void)first;
	SIM_FRAME();
	/* SIM: no idle-core tracking, no scx; goidle stat and exec start
	 * have no readers here. */
	rq->idle_stamp = rq_clock(rq);
}

struct task_struct *pick_task_idle(struct rq *rq, struct rq_flags *rf)
{
	(void)rf;
	return rq->idle;
}

/* The idle task is never queued or dequeued. */
static bool dequeue_task_idle(struct rq *rq, struct task_struct *p, int flags)
{
	(void)rq;
	(void)flags;
	SIM_FRAME();
	/* SIM: the kernel prints "bad: scheduling from the idle thread!"
	 * and dumps the stack; here that is a BUG. */
	BUG_ON(p);
	return true;
}

static void task_tick_idle(struct rq *rq, struct task_struct *curr, int queued)
{
	(void)curr;
	(void)queued;
	update_curr_idle(rq);
}

static void switched_to_idle(struct rq *rq, struct task_struct *p)
{
	(void)rq;
	(void)p;
	BUG();
}

static void prio_changed_idle(struct rq *rq, struct task_struct *p, int oldprio)
{
	(void)rq;
	(void)p;
	(void)oldprio;
	BUG();
}

const struct sched_class idle_sched_class = {
	/* no enqueue: idle tasks are never queued */
	.dequeue_task		= dequeue_task_idle,

	.wakeup_preempt		= wakeup_preempt_idle,

	.balance		= balance_idle,
	.pick_task		= pick_task_idle,
	.put_prev_task		= put_prev_task_idle,
	.set_next_task		= set_next_task_idle,

	.select_task_rq		= NULL,
	.set_cpus_allowed	= set_cpus_allowed_common,

	.task_tick		= task_tick_idle,

	.prio_changed		= prio_changed_idle,
	.switched_to		= switched_to_idle,
	.update_curr		= update_curr_idle,
};
