// SPDX-License-Identifier: GPL-2.0-only
/*
 * minimize.c - program-level delta debugging.
 *
 * Runs are deterministic, so minimizing is exact: a change to the program
 * is kept only if the program still fires the same oracle id.  Greedy
 * passes remove operations, set-up tasks (with the operations naming
 * them, renumbering the other pids), mutexes, CPUs and interleaving
 * choices one at a time, then simplify the choices left (zero them) and
 * the values (every time earlier by a round amount, each time and
 * deadline parameter rounded), and repeat until a whole round changes
 * nothing or the run budget is spent.  Last, each operation's actor label
 * (only a note) is made the task that was current when it ran.  Nothing
 * here reads the clock, rand() or the environment.
 */
#include <string.h>

#include "program.h"
#include "trace.h"

static char min_id[256];
static unsigned int min_runs, min_budget;
static struct program min_try;

/* Does p still fire the oracle being minimized for? */
static bool min_fires(const struct program *p)
{
	const struct sim_outcome *o;
	char msg[200];

	if (!prog_check(p, msg, sizeof(msg)) || min_runs >= min_budget)
		return false;
	min_runs++;
	o = program_run(p, NULL, NULL);
	return o->result == SIM_FINDING && !strcmp(o->id, min_id);
}

/* Keep min_try if it fires: copy it over p. */
static bool min_keep(struct program *p)
{
	if (!min_fires(&min_try))
		return false;
	*p = min_try;
	return true;
}

static void min_del_op(struct program *p, unsigned int i)
{
	memmove(&p->ops[i], &p->ops[i + 1],
		(size_t)(p->nr_ops - i - 1) * sizeof(p->ops[0]));
	p->nr_ops--;
}

/* Forget pid: drop the operations that name it, renumber higher pids. */
static void min_drop_pid(struct program *p, unsigned int pid)
{
	unsigned int i = 0;

	while (i < p->nr_ops) {
		struct prog_op *op = &p->ops[i];

		if (op->task == pid || op->actor == pid) {
			if (op->actor == pid && op->task != pid) {
				op->actor = 0;	/* only a note: unname it */
			} else {
				min_del_op(p, i);
				continue;
			}
		}
		if (op->task > pid)
			op->task--;
		if (op->actor > pid)
			op->actor--;
		i++;
	}
}

/* The pid of the child that fork operation i creates. */
static unsigned int min_fork_pid(const struct program *p, unsigned int i)
{
	unsigned int j, pid = p->nr_tasks;

	for (j = 0; j <= i; j++)
		if (p->ops[j].kind == SIM_OP_FORK)
			pid++;
	return pid;
}

static bool min_pass_ops(struct program *p)
{
	bool changed = false;
	unsigned int i;

	for (i = p->nr_ops; i-- > 0;) {
		if (i >= p->nr_ops)
			continue;
		min_try = *p;
		if (min_try.ops[i].kind == SIM_OP_FORK) {
			unsigned int pid = min_fork_pid(&min_try, i);

			min_del_op(&min_try, i);
			min_drop_pid(&min_try, pid);
		} else {
			min_del_op(&min_try, i);
		}
		changed |= min_keep(p);
	}
	return changed;
}

static bool min_pass_tasks(struct program *p)
{
	bool changed = false;
	unsigned int j;

	for (j = p->nr_tasks; j-- > 0;) {
		if (j >= p->nr_tasks || p->nr_tasks <= 1)
			continue;
		min_try = *p;
		memmove(&min_try.tasks[j], &min_try.tasks[j + 1],
			(size_t)(min_try.nr_tasks - j - 1) * sizeof(min_try.tasks[0]));
		min_try.nr_tasks--;
		min_drop_pid(&min_try, j + 1);
		changed |= min_keep(p);
	}
	return changed;
}

static bool min_pass_mutexes(struct program *p)
{
	bool changed = false;
	unsigned int m, i;

	for (m = p->nr_mutexes; m-- > 0;) {
		if (m >= p->nr_mutexes)
			continue;
		min_try = *p;
		memmove(min_try.mutexes[m], min_try.mutexes[m + 1],
			(size_t)(min_try.nr_mutexes - m - 1) * sizeof(min_try.mutexes[0]));
		min_try.nr_mutexes--;
		i = 0;
		while (i < min_try.nr_ops) {
			struct prog_op *op = &min_try.ops[i];

			if (prog_op_uses_mutex(op->kind) && op->mutex == m) {
				min_del_op(&min_try, i);
				continue;
			}
			if (prog_op_uses_mutex(op->kind) && op->mutex > m)
				op->mutex--;
			i++;
		}
		changed |= min_keep(p);
	}
	return changed;
}

/* One CPU fewer: everything on the last CPU moves to CPU 0. */
static bool min_pass_cpus(struct program *p)
{
	unsigned int n, i, last;
	uint8_t keep;

	if (p->nr_cpus <= 2)
		return false;
	min_try = *p;
	n = --min_try.nr_cpus;
	last = n;
	keep = (uint8_t)((1u << n) - 1);
	for (i = 0; i < min_try.nr_tasks; i++) {
		struct prog_task *t = &min_try.tasks[i];

		if (t->cpu == last)
			t->cpu = 0;
		t->cpus &= keep;
		if (!t->cpus)
			t->cpus = 1;
	}
	for (i = 0; i < min_try.nr_ops; i++) {
		struct prog_op *op = &min_try.ops[i];

		if (op->cpu == last)
			op->cpu = 0;
		if (op->cpus) {
			op->cpus &= keep;
			if (!op->cpus)
				op->cpus = 1;
		}
	}
	return min_keep(p);
}

static bool min_pass_choices(struct program *p)
{
	bool changed = false;
	unsigned int n, i;

	/* Shorter streams first: none, then halves, then one less. */
	for (n = 0; n < p->nr_choices; n = n ? n * 2 : 1) {
		min_try = *p;
		min_try.nr_choices = (uint16_t)n;
		if (min_keep(p)) {
			changed = true;
			break;
		}
	}
	for (i = p->nr_choices; i-- > 0;) {
		if (i >= p->nr_choices)
			continue;
		min_try = *p;
		memmove(&min_try.choices[i], &min_try.choices[i + 1],
			(size_t)(min_try.nr_choices - i - 1));
		min_try.nr_choices--;
		changed |= min_keep(p);
	}
	/* Simplest values: 0 picks the lowest runnable CPU. */
	for (i = 0; i < p->nr_choices; i++) {
		if (!p->choices[i])
			continue;
		min_try = *p;
		min_try.choices[i] = 0;
		changed |= min_keep(p);
	}
	return changed;
}

/* Round units, coarsest first: a value that is a multiple of one is as
 * simple as a finer one can make it. */
static const uint64_t min_units[] = {
	1000000000, 100000000, 10000000, 1000000, 100000, 10000, 1000, 100, 10,
};

/* The same field of min_try as f is of p. */
static uint64_t *min_try_field(const struct program *p, const uint64_t *f)
{
	return (uint64_t *)((char *)&min_try + ((const char *)f - (const char *)p));
}

/* Round one time field of p: to 0, or the nearest (then the lower)
 * multiple of 1 s, 100 ms, ... 10 ns that still fires. */
static bool min_round(struct program *p, const uint64_t *f)
{
	uint64_t v = *f;
	unsigned int i, k;

	if (!v)
		return false;
	min_try = *p;
	*min_try_field(p, f) = 0;
	if (min_keep(p))
		return true;
	for (i = 0; i < sizeof(min_units) / sizeof(min_units[0]); i++) {
		uint64_t u = min_units[i], c[2] = { (v + u / 2) / u * u, v / u * u };

		if (v % u == 0)
			return false;
		for (k = 0; k < 2; k++) {
			if (!c[k] || (k && c[1] == c[0]))
				continue;
			min_try = *p;
			*min_try_field(p, f) = c[k];
			if (min_keep(p))
				return true;
		}
	}
	return false;
}

static bool min_round_sched(struct program *p, const struct prog_sched *sc)
{
	bool changed = false;

	if (sc->policy != PROG_DEADLINE)
		return false;
	/* Period first: rounding it up may make room for the others. */
	changed |= min_round(p, &sc->period);
	changed |= min_round(p, &sc->deadline);
	changed |= min_round(p, &sc->runtime);
	return changed;
}

/* Every nonzero time earlier by a round amount (the first time becomes
 * small), then each time and duration rounded. */
static bool min_pass_values(struct program *p)
{
	uint64_t lo = UINT64_MAX;
	bool changed = false;
	unsigned int i;

	for (i = 0; i < p->nr_tasks; i++)
		if (p->tasks[i].at && p->tasks[i].at < lo)
			lo = p->tasks[i].at;
	for (i = 0; i < p->nr_ops; i++)
		if (p->ops[i].at && p->ops[i].at < lo)
			lo = p->ops[i].at;
	for (i = 0; lo != UINT64_MAX && i < sizeof(min_units) / sizeof(min_units[0]); i++) {
		uint64_t shift = lo / min_units[i] * min_units[i];
		unsigned int j;

		if (!shift)
			continue;
		min_try = *p;
		for (j = 0; j < min_try.nr_tasks; j++)
			if (min_try.tasks[j].at)
				min_try.tasks[j].at -= shift;
		for (j = 0; j < min_try.nr_ops; j++)
			if (min_try.ops[j].at)
				min_try.ops[j].at -= shift;
		if (min_keep(p)) {
			changed = true;
			break;
		}
	}
	for (i = 0; i < p->nr_tasks; i++) {
		changed |= min_round(p, &p->tasks[i].at);
		changed |= min_round_sched(p, &p->tasks[i].sched);
	}
	for (i = 0; i < p->nr_ops; i++) {
		changed |= min_round(p, &p->ops[i].at);
		changed |= min_round(p, &p->ops[i].timeout);
		changed |= min_round_sched(p, &p->ops[i].sched);
	}
	return changed;
}

/* Actor labels are notes: make each the task that ran the operation, or
 * none when that was no task of the program.  The run is the same. */
static void min_fix_actors(struct program *p)
{
	const struct trace_note *notes;
	struct trace_watch *w;
	unsigned int n, i;

	w = trace_watch_start(p, NULL, NULL, NULL);
	trace_watch_finish(w, program_run(p, trace_watch_hook, w));
	n = trace_watch_notes(w, &notes);
	for (i = 0; i < n; i++) {
		struct prog_op *op = &p->ops[notes[i].op];
		int cur = notes[i].current_pid;

		op->actor = (uint16_t)(cur > 0 && (unsigned int)cur <= prog_nr_named(p) ? cur : 0);
	}
}

/*
 * Minimize p for the oracle id it fires now.  Returns false (p untouched)
 * if p does not fire anything.  At most 'budget' runs; *runs tells how
 * many were made.
 */
bool prog_minimize(struct program *p, unsigned int budget, unsigned int *runs)
{
	const struct sim_outcome *o = program_run(p, NULL, NULL);
	bool changed;

	*runs = 1;
	if (o->result != SIM_FINDING)
		return false;
	strncpy(min_id, o->id, sizeof(min_id) - 1);
	min_id[sizeof(min_id) - 1] = 0;
	min_runs = 0;
	min_budget = budget;
	do {
		changed = false;
		changed |= min_pass_ops(p);
		changed |= min_pass_tasks(p);
		changed |= min_pass_mutexes(p);
		changed |= min_pass_cpus(p);
		changed |= min_pass_choices(p);
		changed |= min_pass_values(p);
	} while (changed && min_runs < min_budget);
	min_fix_actors(p);
	*runs += min_runs + 1;
	return true;
}
