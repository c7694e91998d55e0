// SPDX-License-Identifier: GPL-2.0-only
/*
 * program.c - the program type: its rules, names and comparisons.
 *
 * Nothing here runs the machine; encoding.c and scenario.c build programs
 * and run.c runs them.
 */
#include <stdio.h>
#include <string.h>

#include "program.h"


static const char *const prog_policy_names[PROG_NR_POLICIES] = {
	[PROG_NORMAL] = "normal",
	[PROG_BATCH] = "batch",
	[PROG_IDLE] = "idle",
	[PROG_FIFO] = "fifo",
	[PROG_RR] = "rr",
	[PROG_DEADLINE] = "dl",
};

static const char *const prog_sig_names[PROG_NR_SIGS] = {
	[PROG_SIGKILL] = "SIGKILL",
	[PROG_SIGUSR1] = "SIGUSR1",
};

const char *prog_op_name(unsigned int kind)
{
	return kind < SIM_NR_OPS ? sim_op_name(kind) : "?";
}

const char *prog_policy_name(unsigned int policy)
{
	return policy < PROG_NR_POLICIES ? prog_policy_names[policy] : "?";
}

const char *prog_sig_name(unsigned int sig)
{
	return sig < PROG_NR_SIGS ? prog_sig_names[sig] : "?";
}

bool prog_op_uses_mutex(unsigned int kind)
{
	return kind <= SIM_OP_MUTEX_UNLOCK;
}

bool prog_op_needs_task(unsigned int kind)
{
	return kind == SIM_OP_WAKE || kind == SIM_OP_SIGNAL;
}

bool prog_op_takes_task_or_self(unsigned int kind)
{
	return kind == SIM_OP_SETSCHEDULER || kind == SIM_OP_SETAFFINITY;
}

bool prog_op_uses_sched(unsigned int kind)
{
	return kind == SIM_OP_FORK || kind == SIM_OP_SETSCHEDULER;
}

void prog_init(struct program *p)
{
	memset(p, 0, sizeof(*p));
	p->nr_cpus = PROG_MIN_CPUS;
}

unsigned int prog_nr_named(const struct program *p)
{
	unsigned int n = p->nr_tasks, i;

	for (i = 0; i < p->nr_ops; i++)
		if (p->ops[i].kind == SIM_OP_FORK)
			n++;
	return n;
}

int prog_fork_op_of(const struct program *p, unsigned int pid)
{
	unsigned int i, n = p->nr_tasks;

	if (pid <= p->nr_tasks)
		return -1;
	for (i = 0; i < p->nr_ops; i++)
		if (p->ops[i].kind == SIM_OP_FORK && ++n == pid)
			return (int)i;
	return -1;
}

const char *prog_task_name(const struct program *p, unsigned int pid)
{
	int op;

	if (pid == 0)
		return NULL;
	if (pid <= p->nr_tasks)
		return p->tasks[pid - 1].name;
	op = prog_fork_op_of(p, pid);
	return op >= 0 ? p->ops[op].name : NULL;
}

bool prog_name_reserved(const char *name)
{
	unsigned int k;

	if (!strcmp(name, "self"))
		return true;
	for (k = 0; k < SIM_NR_OPS; k++)
		if (!strcmp(name, sim_op_name((enum sim_op_kind)k)))
			return true;
	return false;
}

static bool prog_name_char(char c, bool first)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_')
		return true;
	return !first && c >= '0' && c <= '9';
}

bool prog_name_valid(const char *name)
{
	size_t i;

	for (i = 0; name[i]; i++)
		if (i >= PROG_NAME_MAX || !prog_name_char(name[i], i == 0))
			return false;
	return i > 0 && !prog_name_reserved(name);
}

void prog_default_task_name(char *buf, unsigned int pid)
{
	snprintf(buf, PROG_NAME_MAX + 1, "T%u", pid);
}

void prog_default_mutex_name(char *buf, unsigned int id)
{
	snprintf(buf, PROG_NAME_MAX + 1, "M%u", id);
}

bool prog_time_representable(uint64_t ns)
{
	uint64_t scale = 1;
	int unit;

	for (unit = 0; unit < 4; unit++, scale *= 1000)
		if (ns % scale == 0 && ns / scale < (1ULL << 30))
			return true;
	return false;
}

void prog_sched_canon(struct prog_sched *s)
{
	switch (s->policy) {
	case PROG_NORMAL:
	case PROG_BATCH:
	case PROG_IDLE:
		s->rt_prio = 0;
		s->runtime = s->deadline = s->period = 0;
		break;
	case PROG_FIFO:
	case PROG_RR:
		s->nice = 0;
		s->runtime = s->deadline = s->period = 0;
		break;
	default:
		s->nice = 0;
		s->rt_prio = 0;
		break;
	}
}

bool prog_sched_valid(const struct prog_sched *s, char *msg, size_t len)
{
	switch (s->policy) {
	case PROG_NORMAL:
	case PROG_BATCH:
	case PROG_IDLE:
		if (s->nice < -20 || s->nice > 19) {
			snprintf(msg, len, "nice %d is outside -20..19", s->nice);
			return false;
		}
		if (s->rt_prio || s->runtime || s->deadline || s->period) {
			snprintf(msg, len, "a fair policy with RT or DL parameters");
			return false;
		}
		return true;
	case PROG_FIFO:
	case PROG_RR:
		if (s->rt_prio < 1 || s->rt_prio > 99) {
			snprintf(msg, len, "RT priority %u is outside 1..99", s->rt_prio);
			return false;
		}
		if (s->nice || s->runtime || s->deadline || s->period) {
			snprintf(msg, len, "an RT policy with nice or DL parameters");
			return false;
		}
		return true;
	case PROG_DEADLINE:
		if (s->nice || s->rt_prio) {
			snprintf(msg, len, "a DL policy with nice or RT priority");
			return false;
		}
		if (s->runtime < PROG_DL_MIN_RUNTIME_NS || s->runtime > s->deadline ||
		    s->deadline > s->period || s->period < PROG_DL_MIN_PERIOD_NS ||
		    s->period > PROG_DL_MAX_PERIOD_NS) {
			snprintf(msg, len,
				 "DL parameters must satisfy 1024ns <= runtime <= deadline <= period, 100us <= period <= 4s");
			return false;
		}
		if (!prog_time_representable(s->runtime) ||
		    !prog_time_representable(s->deadline) ||
		    !prog_time_representable(s->period)) {
			snprintf(msg, len, "a DL parameter is not representable");
			return false;
		}
		return true;
	default:
		snprintf(msg, len, "policy %u does not exist", s->policy);
		return false;
	}
}

static bool prog_sched_equal(const struct prog_sched *a, const struct prog_sched *b)
{
	return a->policy == b->policy && a->nice == b->nice &&
	       a->rt_prio == b->rt_prio && a->runtime == b->runtime &&
	       a->deadline == b->deadline && a->period == b->period;
}

static bool prog_op_equal(const struct prog_op *a, const struct prog_op *b)
{
	return a->kind == b->kind && a->cpu == b->cpu && a->at == b->at &&
	       a->actor == b->actor && a->task == b->task &&
	       a->mutex == b->mutex && a->sig == b->sig &&
	       a->timeout == b->timeout && a->cpus == b->cpus &&
	       prog_sched_equal(&a->sched, &b->sched) &&
	       !strcmp(a->name, b->name);
}

bool prog_equal(const struct program *a, const struct program *b)
{
	unsigned int i;

	if (a->nr_cpus != b->nr_cpus || a->nr_tasks != b->nr_tasks ||
	    a->nr_mutexes != b->nr_mutexes || a->nr_ops != b->nr_ops ||
	    a->nr_choices != b->nr_choices)
		return false;
	for (i = 0; i < a->nr_tasks; i++) {
		const struct prog_task *x = &a->tasks[i], *y = &b->tasks[i];

		if (strcmp(x->name, y->name) || !prog_sched_equal(&x->sched, &y->sched) ||
		    x->cpus != y->cpus || x->cpu != y->cpu || x->at != y->at)
			return false;
	}
	for (i = 0; i < a->nr_mutexes; i++)
		if (strcmp(a->mutexes[i], b->mutexes[i]))
			return false;
	for (i = 0; i < a->nr_ops; i++)
		if (!prog_op_equal(&a->ops[i], &b->ops[i]))
			return false;
	return !memcmp(a->choices, b->choices, a->nr_choices);
}

/* ---------------------------------------------------------------------- */
/* The rules */

#define FAIL(...) do { snprintf(msg, len, __VA_ARGS__); return false; } while (0)

static bool prog_time_ok(uint64_t ns)
{
	return ns <= PROG_MAX_TIME_NS && prog_time_representable(ns);
}

static bool prog_mask_ok(const struct program *p, uint8_t mask)
{
	return mask && !(mask & ~prog_all_cpus(p));
}

static bool prog_names_unique(const struct program *p, char *msg, size_t len)
{
	unsigned int n = prog_nr_named(p), i, j;

	for (i = 1; i <= n; i++) {
		const char *a = prog_task_name(p, i);

		if (!prog_name_valid(a))
			FAIL("task %u has an invalid name '%s'", i, a);
		for (j = 1; j < i; j++)
			if (!strcmp(a, prog_task_name(p, j)))
				FAIL("tasks %u and %u are both named '%s'", j, i, a);
		for (j = 0; j < p->nr_mutexes; j++)
			if (!strcmp(a, p->mutexes[j]))
				FAIL("task %u and mutex %u are both named '%s'", i, j, a);
	}
	for (i = 0; i < p->nr_mutexes; i++) {
		if (!prog_name_valid(p->mutexes[i]))
			FAIL("mutex %u has an invalid name '%s'", i, p->mutexes[i]);
		for (j = 0; j < i; j++)
			if (!strcmp(p->mutexes[i], p->mutexes[j]))
				FAIL("mutexes %u and %u are both named '%s'", j, i,
				     p->mutexes[i]);
	}
	return true;
}

static bool prog_op_ok(const struct program *p, const struct prog_op *op,
		       unsigned int named, char *msg, size_t len)
{
	struct prog_sched zero = { 0 };

	if (op->kind >= SIM_NR_OPS)
		FAIL("kind %u does not exist", op->kind);
	if (op->cpu >= p->nr_cpus)
		FAIL("cpu %u is outside the machine", op->cpu);
	if (!prog_time_ok(op->at))
		FAIL("time %llu ns is out of range", (unsigned long long)op->at);
	if (op->actor > named || (op->actor && !prog_op_is_task_op(op->kind)))
		FAIL("actor %u is not allowed", op->actor);
	if (prog_op_uses_mutex(op->kind) ? op->mutex >= p->nr_mutexes : op->mutex)
		FAIL("mutex %u is not allowed", op->mutex);
	if (prog_op_needs_task(op->kind) ? op->task < 1 || op->task > named :
	    prog_op_takes_task_or_self(op->kind) ? op->task > named : op->task)
		FAIL("task %u is not allowed", op->task);
	if (op->kind == SIM_OP_SIGNAL ? op->sig >= PROG_NR_SIGS : op->sig)
		FAIL("signal %u is not allowed", op->sig);
	if (op->kind == SIM_OP_SLEEP ? !prog_time_ok(op->timeout) : op->timeout)
		FAIL("timeout %llu is not allowed", (unsigned long long)op->timeout);
	if (op->kind == SIM_OP_FORK || op->kind == SIM_OP_SETAFFINITY ?
	    !prog_mask_ok(p, op->cpus) : op->cpus)
		FAIL("mask 0x%x is not allowed", op->cpus);
	if (prog_op_uses_sched(op->kind)) {
		if (!prog_sched_valid(&op->sched, msg, len))
			return false;
	} else if (!prog_sched_equal(&op->sched, &zero)) {
		FAIL("scheduling parameters on a %s", prog_op_name(op->kind));
	}
	if (op->kind != SIM_OP_FORK && op->name[0])
		FAIL("a name on a %s", prog_op_name(op->kind));
	return true;
}

bool prog_check(const struct program *p, char *msg, size_t len)
{
	unsigned int i, named;

	if (p->nr_cpus < PROG_MIN_CPUS || p->nr_cpus > PROG_MAX_CPUS)
		FAIL("%u CPUs", p->nr_cpus);
	if (p->nr_tasks > PROG_MAX_TASKS || p->nr_mutexes > PROG_MAX_MUTEXES ||
	    p->nr_ops > PROG_MAX_OPS || p->nr_choices > PROG_MAX_CHOICES)
		FAIL("a count is over its limit");
	for (i = 0; i < p->nr_tasks; i++) {
		const struct prog_task *t = &p->tasks[i];

		if (!prog_sched_valid(&t->sched, msg, len))
			return false;
		if (!prog_mask_ok(p, t->cpus) || t->cpu >= p->nr_cpus ||
		    !prog_time_ok(t->at))
			FAIL("task %u: mask, CPU or fork time out of range", i + 1);
	}
	named = prog_nr_named(p);
	for (i = 0; i < p->nr_ops; i++)
		if (!prog_op_ok(p, &p->ops[i], named, msg, len)) {
			size_t n = strlen(msg);

			snprintf(msg + n, len > n ? len - n : 0, " (op %u)", i);
			return false;
		}
	return prog_names_unique(p, msg, len);
}
