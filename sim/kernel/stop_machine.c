// SPDX-License-Identifier: GPL-2.0-only
/*
 * stop_machine.c - port of the per-CPU stopper of kernel/stop_machine.c,
 * as far as the scheduler uses it: stop_one_cpu() runs a function on a
 * CPU's stopper thread, which preempts everything there.
 */
#define SIM_KFILE "kernel/stop_machine.c"

#include "sched.h"

struct cpu_stopper {
	struct task_struct	*thread;
	raw_spinlock_t		lock;
	bool			enabled;
	struct list_head	works;
};

static struct cpu_stopper cpu_stoppers[SIM_MAX_CPUS];
static struct sim_lock_class stopper_lock_class = { "&stopper->lock", 0, 0, 0 };

static void cpu_stop_queue_work(unsigned int cpu, struct cpu_stop_work *work)
{
	struct cpu_stopper *stopper = &cpu_stoppers[cpu];

	SIM_FRAME();
	raw_spin_lock(&stopper->lock);
	list_add_tail(&work->list, &stopper->works);
	raw_spin_unlock(&stopper->lock);
	/* SIM: wake_up_q() after the unlock, as the kernel does. */
	wake_up_process(stopper->thread);
}

/* Run fn(arg) on cpu's stopper and wait until it has run. */
int stop_one_cpu(unsigned int cpu, cpu_stop_fn_t fn, void *arg)
{
	int done = 0;
	struct cpu_stop_work work = {
		.fn = fn, .arg = arg, .done = &done, .waiter = current,
	};

	SIM_FRAME();
	INIT_LIST_HEAD(&work.list);
	cpu_stop_queue_work(cpu, &work);

	/* wait_for_completion(): sleep until the stopper says done. */
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (READ_ONCE(done))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/* Queue fn(arg) on cpu's stopper and return at once; work_buf must stay
 * valid until the stopper has taken it. */
bool stop_one_cpu_nowait(unsigned int cpu, cpu_stop_fn_t fn, void *arg,
			 struct cpu_stop_work *work_buf)
{
	SIM_FRAME();
	*work_buf = (struct cpu_stop_work){ .fn = fn, .arg = arg };
	INIT_LIST_HEAD(&work_buf->list);
	cpu_stop_queue_work(cpu, work_buf);
	return true;
}

static bool cpu_stop_should_run(unsigned int cpu)
{
	return !list_empty(&cpu_stoppers[cpu].works);
}

static void cpu_stopper_run(unsigned int cpu)
{
	struct cpu_stopper *stopper = &cpu_stoppers[cpu];
	struct cpu_stop_work *work;
	struct task_struct *waiter;
	cpu_stop_fn_t fn;
	int *done;
	void *arg;

	SIM_FRAME();
	for (;;) {
		work = NULL;
		raw_spin_lock(&stopper->lock);
		if (!list_empty(&stopper->works)) {
			work = list_first_entry(&stopper->works,
						struct cpu_stop_work, list);
			list_del_init(&work->list);
		}
		raw_spin_unlock(&stopper->lock);
		if (!work)
			break;

		/* Read before the call: fn may let its work be queued again
		 * (push_cpu_stop() clears rq->push_busy). */
		fn = work->fn;
		arg = work->arg;
		done = work->done;
		waiter = work->waiter;
		fn(arg);
		/* complete(), for a caller that waits */
		if (done) {
			WRITE_ONCE(*done, 1);
			wake_up_process(waiter);
		}
	}
}

/* The stopper thread's body (smpboot_thread_fn for cpu_stop_threads). */
void cpu_stopper_thread(struct task_struct *stopper)
{
	unsigned int cpu = task_cpu(stopper);

	SIM_FRAME();
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!cpu_stop_should_run(cpu)) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		cpu_stopper_run(cpu);
	}
}

void sim_stop_machine_init(unsigned int cpu, struct task_struct *stopper)
{
	struct cpu_stopper *st = &cpu_stoppers[cpu];

	raw_spin_lock_init_class(&st->lock, "stopper->lock", &stopper_lock_class, 0);
	INIT_LIST_HEAD(&st->works);
	st->thread = stopper;
	st->enabled = true;

	/* A bound kernel thread, created asleep. */
	stopper->flags |= PF_KTHREAD;
	stopper->__state = TASK_INTERRUPTIBLE;
	cpumask_clear(&stopper->cpus_mask);
	cpumask_set_cpu(cpu, &stopper->cpus_mask);
	stopper->nr_cpus_allowed = 1;
	stopper->thread_info.cpu = cpu;
	stopper->wake_cpu = (int)cpu;
	INIT_LIST_HEAD(&stopper->se.group_node);
	INIT_LIST_HEAD(&stopper->rt.run_list);
	plist_node_init(&stopper->pushable_tasks, MAX_PRIO);
	RB_CLEAR_NODE(&stopper->pushable_dl_tasks);
	sched_set_stop_task((int)cpu, stopper);
	stopper->sim_kthread_fn = cpu_stopper_thread;
}
