// SPDX-License-Identifier: GPL-2.0-only
/*
 * run.c - running a program on the simulated machine with this binary's
 * variant of the port: reset, boot, tasks, mutexes, operations, run.
 *
 * Nothing here allocates, reads the clock, rand() or the environment:
 * the same program gives the same run and digest.
 */
#include <string.h>

#include "program.h"
#include "sched.h"

const char *const prog_variant = SIM_VARIANT;

static const int prog_policy_sched[PROG_NR_POLICIES] = {
	[PROG_NORMAL] = SCHED_NORMAL,
	[PROG_BATCH] = SCHED_BATCH,
	[PROG_IDLE] = SCHED_IDLE,
	[PROG_FIFO] = SCHED_FIFO,
	[PROG_RR] = SCHED_RR,
	[PROG_DEADLINE] = SCHED_DEADLINE,
};

static void prog_attr(struct sim_task_attr *a, const char *name,
		      const struct prog_sched *s, uint8_t cpus)
{
	memset(a, 0, sizeof(*a));
	a->name = name;
	a->policy = prog_policy_sched[s->policy];
	a->nice = s->nice;
	a->rt_priority = s->rt_prio;
	a->dl_runtime = s->runtime;
	a->dl_deadline = s->deadline;
	a->dl_period = s->period;
	a->cpus_allowed = cpus;
}

const struct sim_outcome *program_run(const struct program *p,
				      void (*hook)(const struct sim_trace_rec *r,
						   void *arg),
				      void *arg)
{
	struct sim_opts opts = {
		.nr_cpus = p->nr_cpus,
		.choices = p->nr_choices ? p->choices : NULL,
		.nr_choices = p->nr_choices,
	};
	unsigned int i;

	sim_set_trace_hook(hook, arg);
	sim_reset(&opts);
	sim_kernel_boot();
	for (i = 0; i < p->nr_tasks; i++) {
		const struct prog_task *t = &p->tasks[i];
		struct sim_task_attr a;

		prog_attr(&a, t->name, &t->sched, t->cpus);
		a.cpu = t->cpu;
		a.fork_at = t->at;
		sim_task_create(&a);
	}
	for (i = 0; i < p->nr_mutexes; i++)
		sim_mutex_create(p->mutexes[i]);
	for (i = 0; i < p->nr_ops; i++) {
		const struct prog_op *o = &p->ops[i];
		struct sim_op op;

		memset(&op, 0, sizeof(op));
		op.kind = (enum sim_op_kind)o->kind;
		op.mutex = o->mutex;
		op.pid = o->task;
		op.sig = o->sig == PROG_SIGKILL ? SIGKILL : SIGUSR1;
		op.timeout = o->timeout;
		op.mask = o->cpus;
		if (prog_op_uses_sched(o->kind))
			prog_attr(&op.attr, o->kind == SIM_OP_FORK ? o->name : NULL,
				  &o->sched, o->cpus);
		sim_op_queue(o->cpu, o->at, &op);
	}
	return sim_run();
}

int program_rq_cpu_of_lock(uint64_t lock_id)
{
	unsigned int c;

	for (c = 0; c < sim_nr_cpus(); c++)
		if (cpu_rq(c)->__lock.id == (int)lock_id)
			return (int)c;
	return -1;
}
