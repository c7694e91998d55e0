// SPDX-License-Identifier: GPL-2.0-only
/*
 * stop_task.c - port of kernel/sched/stop_task.c: the stop class, the
 * highest, holding one task per CPU (the stopper thread, which preempts
 * everything and is never migrated).
 */
#define SIM_KFILE "kernel/sched/stop_task.c"

#include "sched.h"

static int select_task_rq_stop(struct task_struct *p, int cpu, int flags)
{
	(void)cpu;
	(void)flags;
	return (int)task_cpu(p);	/* stop tasks never migrate */
}

static int balance_stop(struct rq *rq,
#ifdef CONFIG_SIM_STALE_PREV
			struct task_struct *prev,
#endif
			struct rq_flags *rf)
{
#ifdef CONFIG_SIM_STALE_PREV
	(void)prev;
#endif
	(void)rf;
	return sched_stop_runnable(rq);
}

static void wakeup_preempt_stop(struct rq *rq, struct task_struct *p, int flags)
{
	(void)rq;
	(void)p;
	(void)flags;
	/* We're never preempted. */
}

static void set_next_task_stop(struct rq *rq, struct task_struct *stop, bool first)
{
	(void)first;
	stop->se.exec_start = rq_clock_task(rq);
}

static struct task_struct *pick_task_stop(struct rq *rq, struct rq_flags *rf)
{
	(void)rf;
	if (!sched_stop_runnable(rq))
		return NULL;

	return rq->stop;
}

static void enqueue_task_stop(struct rq *rq, struct task_struct *p, int flags)
{
	(void)p;
	(void)flags;
	add_nr_running(rq, 1);
}

static bool dequeue_task_stop(struct rq *rq, struct task_struct *p, int flags)
{
	(void)p;
	(void)flags;
	sub_nr_running(rq, 1);
	return true;
}

static void yield_task_stop(struct rq *rq)
{
	(void)rq;
	BUG(); /* the stop task should never yield, it's pointless. */
}

static void put_prev_task_stop(struct rq *rq, struct task_struct *prev,
			       struct task_struct *next)
{
	(void)next;
	/* SIM: update_curr_common() accounting has no readers here. */
	prev->se.sum_exec_runtime += rq_clock_task(rq) - prev->se.exec_start;
}

static void task_tick_stop(struct rq *rq, struct task_struct *curr, int queued)
{
	(void)rq;
	(void)curr;
	(void)queued;
}

static void switched_to_stop(struct rq *rq, struct task_struct *p)
{
	(void)rq;
	(void)p;
	BUG(); /* it's impossible to change to this class */
}

static void prio_changed_stop(struct rq *rq, struct task_struct *p, int oldprio)
{
	(void)rq;
	(void)p;
	(void)oldprio;
	BUG(); /* how!?, what priority? */
}

static void update_curr_stop(struct rq *rq)
{
	(void)rq;
}

const struct sched_class stop_sched_class = {
	.enqueue_task		= enqueue_task_stop,
	.dequeue_task		= dequeue_task_stop,
	.yield_task		= yield_task_stop,

	.wakeup_preempt		= wakeup_preempt_stop,

	.balance		= balance_stop,
	.pick_task		= pick_task_stop,
	.put_prev_task		= put_prev_task_stop,
	.set_next_task		= set_next_task_stop,

	.select_task_rq		= select_task_rq_stop,
	.set_cpus_allowed	= set_cpus_allowed_common,

	.task_tick		= task_tick_stop,

	.prio_changed		= prio_changed_stop,
	.switched_to		= switched_to_stop,
	.update_curr		= update_curr_stop,
};

/* The class table in priority order (SIM: instead of linker order). */
const struct sched_class *const sim_sched_classes[5] = {
	&stop_sched_class,
	&dl_sched_class,
	&rt_sched_class,
	&fair_sched_class,
	&idle_sched_class,
};

/* Make stop the stopper of cpu (kernel/sched/core.c). */
void sched_set_stop_task(int cpu, struct task_struct *stop)
{
	stop->policy = SCHED_FIFO;
	stop->rt_priority = MAX_RT_PRIO - 1;
	stop->prio = stop->normal_prio = 0;
	stop->static_prio = MAX_PRIO - 20;
	stop->sched_class = &stop_sched_class;
	cpu_rq(cpu)->stop = stop;
}
