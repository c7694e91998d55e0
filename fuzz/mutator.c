// SPDX-License-Identifier: GPL-2.0-only
/*
 * mutator.c - the structure-aware mutator, shared by both engines.
 *
 * Byte-level havoc spreads its edits over the whole input: on a program of
 * a few hundred bytes, the one edit that matters (SIGUSR1 -> SIGKILL, two
 * operations at the same instant, a run of choices) is rare, and when it
 * comes it usually comes with others that undo it.  This mutator edits the
 * canonical encoding (docs/encoding.md) knowing its layout: it changes one
 * field of one record (a field the record's kind uses), makes two
 * operations coincide or sit a few units apart, adds a racing operation
 * (a signal, wakeup, affinity or policy change on another CPU at the
 * instant of an existing one), inserts, duplicates, deletes and swaps records, crosses records
 * over from a second input, and rewrites the choice stream (fresh random
 * streams, runs "CPU a N times then CPU b", point edits); one call in 16
 * draws a fresh program: random bytes as the random baseline draws them,
 * or one of the shape proxy-execution races take (mut_template()).  The result is
 * re-canonicalized by decode + encode, so it is always a canonical v1
 * input no longer than the engine allows.  Where the engine links the
 * simulator (the AFL++ .so), some results then get their choice stream
 * aimed at one of their run's rq lock drops inside __schedule()
 * (fuzz/aim.c).
 *
 * It runs in the engine, between runs; the simulator never sees its
 * random numbers.  The same seed gives the same mutation.
 *
 *	libFuzzer (-DSCHEDFUZZ_LIBFUZZER): LLVMFuzzerCustomMutator and
 *		LLVMFuzzerCustomCrossOver; a quarter of the calls go to
 *		libFuzzer's own byte-level LLVMFuzzerMutate, the others
 *		through sched_mutate_engine(), with a warm-up of
 *		LF_WARM_CALLS.
 *	AFL++ (-DSCHEDFUZZ_AFL_MUTATOR, built as a shared object for
 *		AFL_CUSTOM_MUTATOR_LIBRARY, with the simulator and the fixed
 *		port for the aimer): afl_custom_init/fuzz/deinit, through
 *		sched_mutate_engine(), whose warm-up draws a template in one
 *		call of two for the first AFL_WARM_CALLS; AFL++'s havoc still
 *		runs beside it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mutator.h"
#ifdef SCHEDFUZZ_AFL_MUTATOR
#include "aim.h"
#include "aimguard.h"
#endif

/* ---------------------------------------------------------------------- */
/* Random numbers (splitmix64) */

static uint64_t mut_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0. */
static unsigned int mut_below(uint64_t *s, unsigned int n)
{
	return (unsigned int)(mut_next(s) % n);
}

/* ---------------------------------------------------------------------- */
/* The canonical layout of one input */

struct mut_buf {
	uint8_t *b;
	size_t len;
	size_t cap;
	unsigned int tasks, ops;	/* records present */
	size_t names_len;
};

static size_t mut_tasks_at(const struct mut_buf *m)
{
	(void)m;
	return PROG_V1_HEADER;
}

static size_t mut_ops_at(const struct mut_buf *m)
{
	return PROG_V1_HEADER + (size_t)m->tasks * PROG_V1_TASK;
}

static size_t mut_names_at(const struct mut_buf *m)
{
	return mut_ops_at(m) + (size_t)m->ops * PROG_V1_OP;
}

static size_t mut_choices_at(const struct mut_buf *m)
{
	return mut_names_at(m) + m->names_len;
}

/* Canonicalize buf[0..len) in place (cap >= PROG_MAX_ENCODED) and read
 * its layout. */
static void mut_canon(struct mut_buf *m, struct program *p)
{
	prog_decode(p, m->b, m->len);
	m->len = prog_encode(p, m->b);
	m->tasks = p->nr_tasks;
	m->ops = p->nr_ops;
	m->names_len = (size_t)m->b[6] | (size_t)m->b[7] << 8;
}

/* Edits are made in the latest format, whose kinds a kind byte may take:
 * canonical v1 records read the same there (docs/encoding.md), and the
 * final canonicalization writes the oldest format that says the result. */
static void mut_edit_form(struct mut_buf *m)
{
	m->b[0] = PROG_FORMAT_LATEST;
}

static void mut_put_u16(uint8_t *b, unsigned int v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

/* Open a gap of n bytes at off (the caller fills it); false if no room. */
static bool mut_insert(struct mut_buf *m, size_t off, size_t n)
{
	if (m->len + n > m->cap)
		return false;
	memmove(m->b + off + n, m->b + off, m->len - off);
	m->len += n;
	return true;
}

static void mut_remove(struct mut_buf *m, size_t off, size_t n)
{
	memmove(m->b + off, m->b + off + n, m->len - off - n);
	m->len -= n;
}

static void mut_random_bytes(uint64_t *s, uint8_t *dst, size_t n)
{
	while (n--)
		*dst++ = (uint8_t)mut_next(s);
}

/* ---------------------------------------------------------------------- */
/* Time fields: u32, 2-bit unit over a 30-bit mantissa */

static uint32_t mut_get_u32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static void mut_put_u32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

/* A time a few units of its own scale away (same unit). */
static void mut_time_nudge(uint64_t *s, uint8_t *field)
{
	uint32_t raw = mut_get_u32(field), m = raw & ((1u << 30) - 1);
	uint32_t d = 1 + mut_below(s, 16);

	if (mut_below(s, 2))
		m += d;
	else
		m = m >= d ? m - d : 0;
	mut_put_u32(field, (raw & ~((1u << 30) - 1)) | (m & ((1u << 30) - 1)));
}

/* A fresh time, biased towards the first few milliseconds, where the
 * tasks of a small program live. */
static void mut_time_fresh(uint64_t *s, uint8_t *field)
{
	static const uint32_t unit_max[4] = { 1000000, 20000, 50, 10 };
	unsigned int unit = mut_below(s, 3) == 0 ? 1 : 2;

	if (mut_below(s, 8) == 0)
		unit = mut_below(s, 4);
	mut_put_u32(field, (uint32_t)unit << 30 | mut_below(s, unit_max[unit]));
}

/* ---------------------------------------------------------------------- */
/* The mutations */

/* Byte offsets of the fields of an operation record (docs/encoding.md). */
enum { OP_KIND = 0, OP_CPU = 1, OP_TIME = 2, OP_ACTOR = 6, OP_OBJECT = 7,
       OP_ARG = 8, OP_PRIO = 9, OP_AFFINITY = 10, OP_T0 = 11, OP_T1 = 15,
       OP_T2 = 19 };
/* ... and of a task record. */
enum { TK_POLICY = 0, TK_PRIO = 1, TK_AFFINITY = 2, TK_CPU = 3, TK_TIME = 4,
       TK_DL = 8 };

static uint8_t *mut_op(struct mut_buf *m, unsigned int i)
{
	return m->b + mut_ops_at(m) + (size_t)i * PROG_V1_OP;
}

static uint8_t *mut_task(struct mut_buf *m, unsigned int i)
{
	return m->b + mut_tasks_at(m) + (size_t)i * PROG_V1_TASK;
}

/* The fields an operation of this kind uses (docs/encoding.md): editing
 * a field the decoder ignores would be a wasted run. */
static unsigned int mut_op_fields(unsigned int kind, uint8_t *f)
{
	unsigned int n = 0;

	f[n++] = OP_KIND;
	f[n++] = OP_CPU;
	f[n++] = OP_TIME;
	switch (kind % PROG_V2_NR_OPS) {
	case SIM_OP_MUTEX_LOCK: case SIM_OP_MUTEX_LOCK_KILLABLE:
	case SIM_OP_MUTEX_LOCK_INTERRUPTIBLE: case SIM_OP_MUTEX_UNLOCK:
	case SIM_OP_WAKE:
		f[n++] = OP_OBJECT;
		break;
	case SIM_OP_SIGNAL:
		f[n++] = OP_OBJECT;
		f[n++] = OP_ARG;
		f[n++] = OP_ARG;
		break;
	case SIM_OP_SLEEP:
		f[n++] = OP_T0;
		break;
	case SIM_OP_SETAFFINITY:
		f[n++] = OP_OBJECT;
		f[n++] = OP_AFFINITY;
		break;
	case SIM_OP_SETSCHEDULER:
		f[n++] = OP_OBJECT;
		/* fall through */
	case SIM_OP_FORK:
		f[n++] = OP_ARG;
		f[n++] = OP_PRIO;
		f[n++] = OP_T0;
		f[n++] = OP_T1;
		f[n++] = OP_T2;
		if (kind % PROG_V2_NR_OPS == SIM_OP_FORK)
			f[n++] = OP_AFFINITY;
		break;
	default:
		break;
	}
	return n;
}

/* One field of one operation gets a new value. */
static bool mut_op_field(struct mut_buf *m, uint64_t *s)
{
	uint8_t *op, f, fields[12];

	if (!m->ops)
		return false;
	op = mut_op(m, mut_below(s, m->ops));
	f = fields[mut_below(s, mut_op_fields(op[OP_KIND], fields))];
	if (f == OP_TIME || f >= OP_T0)
		mut_time_fresh(s, op + f);
	else if (f == OP_ARG && mut_below(s, 2))
		op[f] ^= 1;	/* signal: SIGKILL <-> SIGUSR1; policies by one */
	else
		op[f] = (uint8_t)mut_next(s);
	return true;
}

/* Two operations at the same instant, or a few units apart: races live
 * where events coincide. */
static bool mut_op_coincide(struct mut_buf *m, uint64_t *s)
{
	unsigned int i, j;

	if (m->ops < 2)
		return false;
	i = mut_below(s, m->ops);
	j = mut_below(s, m->ops - 1);
	j += j >= i;
	memcpy(mut_op(m, i) + OP_TIME, mut_op(m, j) + OP_TIME, 4);
	if (mut_below(s, 3) == 0)
		mut_time_nudge(s, mut_op(m, i) + OP_TIME);
	return true;
}

static bool mut_op_nudge(struct mut_buf *m, uint64_t *s)
{
	if (!m->ops)
		return false;
	mut_time_nudge(s, mut_op(m, mut_below(s, m->ops)) + OP_TIME);
	return true;
}

/* A race: a new operation that concerns another task or CPU (a signal,
 * a wakeup, an affinity or policy change, a tick, a schedule) on another
 * CPU at exactly the instant of an existing operation. */
static bool mut_op_race(struct mut_buf *m, uint64_t *s)
{
	static const uint8_t kinds[] = {
		SIM_OP_SIGNAL, SIM_OP_SIGNAL, SIM_OP_WAKE, SIM_OP_SETAFFINITY,
		SIM_OP_SETSCHEDULER, SIM_OP_TICK, SIM_OP_SCHEDULE,
	};
	uint8_t rec[PROG_V1_OP], *with;
	unsigned int at;

	if (!m->ops || m->ops >= PROG_MAX_OPS)
		return false;
	with = mut_op(m, mut_below(s, m->ops));
	mut_random_bytes(s, rec, PROG_V1_OP);
	rec[OP_KIND] = kinds[mut_below(s, sizeof(kinds))];
	rec[OP_CPU] = (uint8_t)(with[OP_CPU] + 1 + mut_below(s, 7));
	memcpy(rec + OP_TIME, with + OP_TIME, 4);
	if (rec[OP_KIND] == SIM_OP_SIGNAL)
		rec[OP_ARG] = PROG_SIGKILL;
	at = mut_below(s, m->ops + 1);
	if (!mut_insert(m, mut_ops_at(m) + (size_t)at * PROG_V1_OP, PROG_V1_OP))
		return false;
	memcpy(mut_op(m, at), rec, PROG_V1_OP);
	m->ops++;
	mut_put_u16(m->b + 4, m->ops);
	return true;
}

/* A new operation: a copy of one (or of the other input's) with one field
 * changed, or random bytes. */
static bool mut_op_insert(struct mut_buf *m, uint64_t *s, const uint8_t *from)
{
	unsigned int at;
	uint8_t rec[PROG_V1_OP];

	if (m->ops >= PROG_MAX_OPS)
		return false;
	if (from)
		memcpy(rec, from, PROG_V1_OP);
	else if (m->ops && mut_below(s, 4))
		memcpy(rec, mut_op(m, mut_below(s, m->ops)), PROG_V1_OP);
	else {
		mut_random_bytes(s, rec, PROG_V1_OP);
		mut_time_fresh(s, rec + OP_TIME);
	}
	at = mut_below(s, m->ops + 1);
	if (!mut_insert(m, mut_ops_at(m) + (size_t)at * PROG_V1_OP, PROG_V1_OP))
		return false;
	memcpy(mut_op(m, at), rec, PROG_V1_OP);
	m->ops++;
	mut_put_u16(m->b + 4, m->ops);
	if (!from)
		mut_op_field(m, s);
	return true;
}

static bool mut_op_delete(struct mut_buf *m, uint64_t *s)
{
	if (!m->ops)
		return false;
	mut_remove(m, mut_ops_at(m) + (size_t)mut_below(s, m->ops) * PROG_V1_OP, PROG_V1_OP);
	m->ops--;
	mut_put_u16(m->b + 4, m->ops);
	return true;
}

/* Swap the times of two operations (their order in time). */
static bool mut_op_swap_times(struct mut_buf *m, uint64_t *s)
{
	uint8_t t[4];
	unsigned int i, j;

	if (m->ops < 2)
		return false;
	i = mut_below(s, m->ops);
	j = mut_below(s, m->ops);
	memcpy(t, mut_op(m, i) + OP_TIME, 4);
	memcpy(mut_op(m, i) + OP_TIME, mut_op(m, j) + OP_TIME, 4);
	memcpy(mut_op(m, j) + OP_TIME, t, 4);
	return true;
}

static bool mut_task_field(struct mut_buf *m, uint64_t *s)
{
	static const uint8_t fields[] = {
		TK_POLICY, TK_PRIO, TK_AFFINITY, TK_AFFINITY, TK_CPU, TK_TIME,
		TK_DL, TK_DL + 4, TK_DL + 8,
	};
	uint8_t *t, f;

	if (!m->tasks)
		return false;
	t = mut_task(m, mut_below(s, m->tasks));
	f = fields[mut_below(s, sizeof(fields))];
	if (f == TK_TIME || f >= TK_DL)
		mut_time_fresh(s, t + f);
	else
		t[f] = (uint8_t)mut_next(s);
	return true;
}

/* A new set-up task: a copy of one with one field changed, or random. */
static bool mut_task_insert(struct mut_buf *m, uint64_t *s)
{
	unsigned int at;
	uint8_t rec[PROG_V1_TASK];

	if (m->tasks >= PROG_MAX_TASKS)
		return false;
	if (m->tasks && mut_below(s, 2))
		memcpy(rec, mut_task(m, mut_below(s, m->tasks)), PROG_V1_TASK);
	else
		mut_random_bytes(s, rec, PROG_V1_TASK);
	/* Appended, so that the pids other records name stay the same. */
	at = m->tasks;
	if (!mut_insert(m, mut_tasks_at(m) + (size_t)at * PROG_V1_TASK, PROG_V1_TASK))
		return false;
	memcpy(mut_task(m, at), rec, PROG_V1_TASK);
	m->tasks++;
	m->b[2] = (uint8_t)m->tasks;
	mut_task_field(m, s);
	return true;
}

static bool mut_task_delete(struct mut_buf *m, uint64_t *s)
{
	if (!m->tasks)
		return false;
	mut_remove(m, mut_tasks_at(m) + (size_t)mut_below(s, m->tasks) * PROG_V1_TASK,
		   PROG_V1_TASK);
	m->tasks--;
	m->b[2] = (uint8_t)m->tasks;
	return true;
}

/* The machine: CPUs or mutexes. */
static bool mut_header(struct mut_buf *m, uint64_t *s)
{
	if (mut_below(s, 2))
		m->b[1] = (uint8_t)mut_next(s);
	else
		m->b[3] = (uint8_t)mut_below(s, 4);
	return true;
}

/* Replace the choice stream: random bytes, or a run "choice a, N times,
 * then choice b" (the lowest runnable CPU N times, then the next one),
 * the shape of a lock-drop window being hit. */
static bool mut_choices_new(struct mut_buf *m, uint64_t *s)
{
	static const unsigned int lens[] = { 8, 16, 32, 64 };
	size_t at = mut_choices_at(m), n;

	m->len = at;
	if (mut_below(s, 2)) {
		n = lens[mut_below(s, 4)];
		if (at + n > m->cap)
			return false;
		mut_random_bytes(s, m->b + at, n);
	} else {
		uint8_t a = (uint8_t)mut_below(s, 4), b = (uint8_t)mut_below(s, 4);

		n = 1 + mut_below(s, 48);
		if (at + n + 1 > m->cap)
			return false;
		memset(m->b + at, a, n);
		m->b[at + n] = b;
		n++;
	}
	m->len += n;
	return true;
}

/* Edit the stream: one byte, a run of one byte inserted, or cut short. */
static bool mut_choices_edit(struct mut_buf *m, uint64_t *s)
{
	size_t at = mut_choices_at(m), n = m->len - at, pos, k;

	switch (mut_below(s, 3)) {
	case 0:
		if (!n)
			return false;
		pos = at + mut_below(s, (unsigned int)n);	/* (two statements: */
		m->b[pos] = (uint8_t)mut_below(s, 8);		/*  sequenced draws) */
		return true;
	case 1:
		k = 1 + mut_below(s, 16);
		pos = at + mut_below(s, (unsigned int)n + 1);
		if (!mut_insert(m, pos, k))
			return false;
		memset(m->b + pos, (int)mut_below(s, 4), k);
		return true;
	default:
		if (!n)
			return false;
		m->len = at + mut_below(s, (unsigned int)n);
		return true;
	}
}

/* Take records from a second input: one operation, or its choices. */
static bool mut_cross(struct mut_buf *m, uint64_t *s, struct mut_buf *o)
{
	if (o->ops && mut_below(s, 3))
		return mut_op_insert(m, s, mut_op(o, mut_below(s, o->ops)));
	{
		size_t at = mut_choices_at(m), oat = mut_choices_at(o), n = o->len - oat;

		if (at + n > m->cap)
			return false;
		memcpy(m->b + at, o->b + oat, n);
		m->len = at + n;
		return true;
	}
}

/* A fresh program: random bytes of a length uniform in 1..512, as the
 * random baseline draws them (tools/bench_run.c).  Large random programs
 * reach shallow bugs (many tasks, many operations) that edits of small
 * seeds take long to grow into. */
static bool mut_fresh(struct mut_buf *m, uint64_t *s)
{
	size_t n = 1 + mut_below(s, 512);

	if (n > m->cap)
		return false;
	mut_random_bytes(s, m->b, n);
	m->len = n;
	return true;
}

/*
 * A fresh program of the shape proxy-execution races take (kernel-study
 * 4): an owner takes a mutex, one or two waiters on other CPUs block on it
 * (plain, killable or interruptible), the owner's CPU and a waiter's CPU
 * act at one instant (a tick, schedule or wakeup there, a signal or
 * wakeup of the waiter here), further racing operations land on other
 * CPUs at the instants of those (mostly SIGKILL to a waiter; a tick, a
 * wakeup, an affinity or policy change, a yield, a schedule), and the
 * owner unlocks later (half those times then sleeping or exiting at once)
 * or never; the tasks' classes, CPUs and affinities are drawn, and the
 * choice stream is a run "a x N then b" or random; a quarter of the time
 * the first waiter has disabled migration just before it blocks.  It
 * is the random program a scheduler developer would write first, drawn
 * so that an empty corpus has somewhere to start from.  One draw in
 * eight is instead mut_tmpl_throttled_donor()'s, the clean case of a
 * donor that is queued but not runnable at a pick; of the others, half
 * of those with two waiters get mut_tmpl_pinned_waiter()'s ending.
 */
static struct program mut_tmpl;

static uint64_t mut_tmpl_time(uint64_t *s)
{
	static const uint64_t steps[] = { 1, 1000, 100000, 1000000 };
	uint64_t n = 1 + mut_below(s, 8);	/* first: the operands of * are unsequenced */

	return n * steps[mut_below(s, 4)];
}

/*
 * kernel-study 4.1's clean case of a donor that is queued but not
 * runnable at a pick, as a program of its own: a deadline waiter whose
 * budget runs out while the owner runs on its behalf on another CPU,
 * charged by a tick (or a schedule) there; at that instant it is woken on
 * its home CPU (SIGKILL, SIGUSR1 or a wakeup, with a lock it can be woken
 * from), so that its wakeup return-migrates it.  The owner runs alone on
 * its CPU, and a pair of deadline or RT tasks, forked
 * after the waiter blocks, overloads a lower-numbered one (one of the pair
 * allowed on the owner's CPU): the pick after
 * the tick pulls, and a double_lock_balance() towards a lower rq drops the
 * rq lock first.  The seed race (4.2) is one such run; around it, a second
 * waiter, bystanders, a later unlock, the classes, masks and times vary.
 */
static void mut_tmpl_throttled_donor(struct program *p, uint64_t *s)
{
	static const uint8_t wakers[] = { SIM_OP_SIGNAL, SIM_OP_SIGNAL, SIM_OP_WAKE };
	static const uint8_t locks[] = {
		SIM_OP_MUTEX_LOCK_KILLABLE, SIM_OP_MUTEX_LOCK_INTERRUPTIBLE, SIM_OP_MUTEX_LOCK,
	};
	unsigned int own, home, src, i, n;
	uint64_t t_lock, t_block, spent, at;
	uint8_t waker, lock, sig, others, cpus, rt;
	struct prog_task *k;
	bool waiter2;

	/* CPUs numbered src < own < home: a pull towards src drops own's
	 * lock, and with no choice stream left, CPUs acting at one instant
	 * go in ascending order, so the tick comes before the wakeup. */
	prog_init(p);
	p->nr_cpus = (uint8_t)(3 + mut_below(s, 2));
	own = 1 + mut_below(s, p->nr_cpus - 2u);
	home = own + 1 + mut_below(s, p->nr_cpus - 1u - own);
	src = mut_below(s, own);
	others = (uint8_t)(prog_all_cpus(p) & ~(1u << own));
	p->nr_mutexes = 1;
	prog_default_mutex_name(p->mutexes[0], 0);
	t_lock = mut_tmpl_time(s);
	t_block = t_lock + mut_tmpl_time(s);
	/* One draw per statement, as in mut_tmpl_time(). */
	spent = 1 + mut_below(s, 8);
	spent *= mut_below(s, 2) ? 100000 : 1000000;
	at = t_block + spent;

	/* T1, the owner; T2, the deadline waiter, not throttled when it
	 * blocks (it ran since 0), throttled at the tick. */
	k = &p->tasks[p->nr_tasks++];
	k->sched.policy = PROG_NORMAL;
	k->sched.nice = (int8_t)((int)mut_below(s, 40) - 20);
	k->cpu = (uint8_t)own;
	k->cpus = mut_below(s, 2) ? (uint8_t)(1u << own) : prog_all_cpus(p);
	k = &p->tasks[p->nr_tasks++];
	k->sched.policy = PROG_DEADLINE;
	k->sched.runtime = t_block + spent / 2;
	k->sched.deadline = k->sched.runtime * (2 + mut_below(s, 4));
	k->sched.period = k->sched.deadline + k->sched.runtime * mut_below(s, 3);
	k->cpu = (uint8_t)home;
	cpus = mut_below(s, 2) ? others : prog_all_cpus(p);
	k->cpus = (uint8_t)(1u << home | (mut_next(s) & cpus));

	/* A wakeup wakes any wait, SIGKILL a killable or interruptible
	 * one, SIGUSR1 an interruptible one. */
	waker = wakers[mut_below(s, sizeof(wakers))];
	sig = mut_below(s, 4) ? PROG_SIGKILL : PROG_SIGUSR1;
	if (waker == SIM_OP_WAKE)
		lock = locks[mut_below(s, 3)];
	else if (sig == PROG_SIGKILL)
		lock = locks[mut_below(s, 2)];
	else
		lock = SIM_OP_MUTEX_LOCK_INTERRUPTIBLE;
	p->ops[p->nr_ops++] = (struct prog_op){ .kind = SIM_OP_MUTEX_LOCK,
		.cpu = (uint8_t)own, .at = t_lock, .actor = 1 };
	p->ops[p->nr_ops++] = (struct prog_op){ .kind = lock,
		.cpu = (uint8_t)home, .at = t_block, .actor = 2 };
	p->ops[p->nr_ops++] = (struct prog_op){
		.kind = mut_below(s, 4) ? SIM_OP_TICK : SIM_OP_SCHEDULE, .cpu = (uint8_t)own, .at = at };
	p->ops[p->nr_ops++] = (struct prog_op){ .kind = waker, .cpu = (uint8_t)home, .at = at,
		.task = 2, .sig = sig };

	/* The overload, forked between the block and the tick: one task
	 * pinned, one allowed on the owner's CPU too (where the pull takes
	 * it from; allowed on an idle CPU it would be forked there);
	 * budgets that last past the tick. */
	rt = (uint8_t)mut_below(s, 2);
	for (i = 0; i < 2; i++) {
		k = &p->tasks[p->nr_tasks++];
		if (rt) {
			k->sched.policy = (uint8_t)(PROG_FIFO + mut_below(s, 2));
			k->sched.rt_prio = (uint8_t)(1 + mut_below(s, 99));
		} else {
			k->sched.policy = PROG_DEADLINE;
			k->sched.runtime = 2 * spent + 1000000 * i;
			k->sched.deadline = k->sched.period = 8 * k->sched.runtime;
		}
		k->cpu = (uint8_t)src;
		k->cpus = (uint8_t)(1u << src | i << own);
		k->at = t_block + 1 + mut_below(s, (unsigned int)spent - 1);
	}
	/* A second waiter one time in three, and up to two bystanders, none
	 * on the owner's CPU. */
	waiter2 = mut_below(s, 3) == 0;
	n = waiter2 + mut_below(s, 3);
	for (i = 0; i < n; i++) {
		k = &p->tasks[p->nr_tasks++];
		k->sched.policy = (uint8_t)mut_below(s, PROG_NR_POLICIES);
		k->sched.nice = (int8_t)((int)mut_below(s, 40) - 20);
		k->sched.rt_prio = (uint8_t)(1 + mut_below(s, 99));
		k->sched.runtime = mut_tmpl_time(s);
		k->sched.deadline = k->sched.runtime + mut_tmpl_time(s);
		k->sched.period = k->sched.deadline + mut_tmpl_time(s);
		k->cpu = (uint8_t)mut_below(s, p->nr_cpus - 1u);
		k->cpu = (uint8_t)(k->cpu + (k->cpu >= own));
		k->cpus = (uint8_t)(1u << k->cpu | (mut_next(s) & others));
		if (i == 0 && waiter2)
			p->ops[p->nr_ops++] = (struct prog_op){
				.kind = locks[mut_below(s, 3)], .cpu = k->cpu,
				.at = t_block + 1, .actor = (uint16_t)p->nr_tasks };
	}
	for (i = 0; i < p->nr_tasks; i++)
		prog_default_task_name(p->tasks[i].name, i + 1);
	if (mut_below(s, 2))
		p->ops[p->nr_ops++] = (struct prog_op){ .kind = SIM_OP_MUTEX_UNLOCK,
			.cpu = (uint8_t)own, .at = at + mut_tmpl_time(s), .actor = 1 };
	/* Half the time no choice stream: the ascending order above (the
	 * aimer then switches CPUs inside the drop). */
	n = mut_below(s, 2) ? 8u << mut_below(s, 4) : 0;
	mut_random_bytes(s, p->choices, n);
	p->nr_choices = (uint16_t)n;
}

/* A CPU of p other than cpu, drawn uniformly (one draw). */
static uint8_t mut_other_cpu(const struct program *p, uint64_t *s, unsigned int cpu)
{
	return (uint8_t)((cpu + 1 + mut_below(s, p->nr_cpus - 1u)) % p->nr_cpus);
}

/*
 * Zoo k2's shape on a template with two waiters: the second waiter (task
 * 3), proxy-migrated to the owner's CPU, is pinned there while it waits
 * (its wake_cpu stays home), and when the owner unlocks and leaves the
 * CPU (the top waiter woken, the mutex ownerless) another CPU wakes it
 * at that instant: its return migration may go through the wakelist of
 * the owner's CPU while that CPU's pick is returning it too.  The
 * owner's unlock and its sleep or exit at t_unlock move to the race's
 * instant (or are added); the rest of the draw is kept.
 */
static void mut_tmpl_pinned_waiter(struct program *p, uint64_t *s,
				   uint64_t blocked, uint64_t t_unlock)
{
	unsigned int i, own = p->tasks[0].cpu;
	uint64_t at_pin, at_race;
	bool unlock = false, leave = false;
	uint8_t lock = SIM_OP_MUTEX_LOCK, sig, cpu;

	at_pin = blocked + mut_tmpl_time(s);
	at_race = at_pin + mut_tmpl_time(s);
	for (i = 0; i < p->nr_ops; i++) {
		struct prog_op *op = &p->ops[i];

		if (op->actor == 3 && op->kind != SIM_OP_MIGRATE_DISABLE)
			lock = op->kind;	/* its mutex_lock* */
		if (op->actor != 1 || op->at != t_unlock)
			continue;
		if (op->kind == SIM_OP_MUTEX_UNLOCK)
			unlock = true;
		else if (op->kind == SIM_OP_SLEEP || op->kind == SIM_OP_EXIT)
			leave = true;
		else
			continue;
		op->at = at_race;
	}
	if (!unlock)
		p->ops[p->nr_ops++] = (struct prog_op){ .kind = SIM_OP_MUTEX_UNLOCK,
			.cpu = (uint8_t)own, .at = at_race, .actor = 1 };
	if (!leave)
		p->ops[p->nr_ops++] = (struct prog_op){ .kind = SIM_OP_SLEEP,
			.cpu = (uint8_t)own, .at = at_race, .actor = 1 };
	cpu = mut_other_cpu(p, s, own);
	p->ops[p->nr_ops++] = (struct prog_op){ .kind = SIM_OP_SETAFFINITY,
		.cpu = cpu, .at = at_pin, .task = 3, .cpus = (uint8_t)(1u << own) };
	/* What wakes its wait: SIGKILL a killable or interruptible one
	 * (SIGUSR1 too, the latter), a wakeup a plain one. */
	sig = lock == SIM_OP_MUTEX_LOCK_INTERRUPTIBLE && mut_below(s, 2) ?
	      PROG_SIGUSR1 : PROG_SIGKILL;
	cpu = mut_other_cpu(p, s, own);
	p->ops[p->nr_ops++] = (struct prog_op){
		.kind = lock == SIM_OP_MUTEX_LOCK ? SIM_OP_WAKE : SIM_OP_SIGNAL,
		.cpu = cpu, .at = at_race, .task = 3, .sig = sig };
}

static bool mut_template(struct mut_buf *m, uint64_t *s)
{
	static const uint8_t races[] = {
		SIM_OP_SIGNAL, SIM_OP_SIGNAL, SIM_OP_SIGNAL, SIM_OP_TICK,
		SIM_OP_WAKE, SIM_OP_SETAFFINITY, SIM_OP_SETSCHEDULER,
		SIM_OP_YIELD, SIM_OP_SCHEDULE,
	};
	static const uint8_t locks[] = {
		SIM_OP_MUTEX_LOCK, SIM_OP_MUTEX_LOCK_KILLABLE,
		SIM_OP_MUTEX_LOCK_INTERRUPTIBLE,
	};
	struct program *p = &mut_tmpl;
	unsigned int i, nr_waiters, nr_races;
	bool overload = false;
	static const uint8_t owner_side[] = {
		SIM_OP_TICK, SIM_OP_TICK, SIM_OP_SCHEDULE, SIM_OP_WAKE,
	};
	uint64_t t[4], at, blocked;
	uint8_t kind, cpu, sig, cpus;
	uint16_t task;
	size_t n;

	prog_init(p);
	p->nr_cpus = (uint8_t)(2 + mut_below(s, 3));
	p->nr_mutexes = 1;
	prog_default_mutex_name(p->mutexes[0], 0);
	nr_waiters = 1 + (mut_below(s, 3) == 0);
	p->nr_tasks = (uint8_t)(1 + nr_waiters + mut_below(s, 4));
	for (i = 0; i < p->nr_tasks; i++) {
		struct prog_task *k = &p->tasks[i];

		prog_default_task_name(k->name, i + 1);
		/* Waiters and bystanders lean to the classes that preempt
		 * the owner and pull: deadline and RT. */
		k->sched.policy = (uint8_t)(i && mut_below(s, 3) ?
					    PROG_FIFO + mut_below(s, 3) :
					    mut_below(s, PROG_NR_POLICIES));
		k->sched.nice = (int8_t)((int)mut_below(s, 40) - 20);
		k->sched.rt_prio = (uint8_t)(1 + mut_below(s, 99));
		k->sched.runtime = mut_tmpl_time(s);
		k->sched.deadline = k->sched.runtime + mut_tmpl_time(s);
		k->sched.period = k->sched.deadline + mut_tmpl_time(s);
		/* The owner on CPU 0, each waiter on a CPU of its own. */
		k->cpu = (uint8_t)(i < p->nr_cpus && mut_below(s, 4) ? i : mut_below(s, p->nr_cpus));
		k->cpus = mut_below(s, 2) ? prog_all_cpus(p) :
			  (uint8_t)(1u << k->cpu | (mut_next(s) & prog_all_cpus(p)));
	}
	/* Half the time two bystanders overload a CPU of their own with a
	 * class that pulls (deadline or RT): the pull paths are where a
	 * picking CPU drops its rq lock (kernel-study 4.1). */
	if (p->nr_tasks >= nr_waiters + 3 && p->nr_cpus >= 3 && mut_below(s, 2)) {
		struct prog_task *a = &p->tasks[nr_waiters + 1], *b = a + 1;

		a->sched.policy = b->sched.policy = (uint8_t)(mut_below(s, 2) ? PROG_DEADLINE : PROG_FIFO);
		a->cpu = b->cpu = (uint8_t)(p->nr_cpus - 1 - mut_below(s, 2) * (p->nr_cpus - 1));
		b->cpus = prog_all_cpus(p);
		overload = true;
	}
	/* Lock, block, race, unlock: t[0] <= t[1] <= t[2] <= t[3]. */
	t[0] = mut_tmpl_time(s);
	for (i = 1; i < 4; i++)
		t[i] = t[i - 1] + (mut_below(s, 4) ? mut_tmpl_time(s) : 0);
	/* Waiter i blocks at t[1] + i: every waiter is blocked from here. */
	blocked = t[1] + nr_waiters;
	p->ops[p->nr_ops++] = (struct prog_op){ .kind = SIM_OP_MUTEX_LOCK,
		.cpu = p->tasks[0].cpu, .at = t[0], .actor = 1 };
	for (i = 0; i < nr_waiters; i++)
		p->ops[p->nr_ops++] = (struct prog_op){
			.kind = locks[mut_below(s, sizeof(locks))],
			.cpu = p->tasks[i + 1].cpu, .at = t[1] + i, .actor = (uint16_t)(i + 2) };
	/* Half the time the canonical pair first: the owner's CPU
	 * reschedules (a tick, which also charges a deadline donor, or a
	 * schedule) or wakes the waiter itself while, at the same instant on
	 * the waiter's CPU, the waiter is woken (SIGKILL, SIGUSR1, a wakeup);
	 * then random races. */
	nr_races = 0;
	if (mut_below(s, 2)) {
		uint64_t when = mut_below(s, 2) ? t[2] : t[1] + mut_tmpl_time(s);
		uint16_t w = (uint16_t)(2 + mut_below(s, nr_waiters));

		p->ops[p->nr_ops++] = (struct prog_op){
			.kind = owner_side[mut_below(s, sizeof(owner_side))],
			.cpu = p->tasks[0].cpu, .at = when };
		if (p->ops[p->nr_ops - 1].kind == SIM_OP_WAKE)
			p->ops[p->nr_ops - 1].task = w;
		/* One draw per statement (here and below): the order in
		 * which an initializer's expressions are evaluated is
		 * unspecified, and gcc and clang must draw alike. */
		kind = mut_below(s, 4) ? SIM_OP_SIGNAL : SIM_OP_WAKE;
		sig = mut_below(s, 4) ? PROG_SIGKILL : PROG_SIGUSR1;
		p->ops[p->nr_ops++] = (struct prog_op){ .kind = kind,
			.cpu = p->tasks[w - 1].cpu, .at = when, .task = w, .sig = sig };
		nr_races = mut_below(s, 2);
	} else {
		nr_races = 1 + mut_below(s, 3);
	}
	for (i = 0; i < nr_races; i++) {
		struct prog_op *op = &p->ops[p->nr_ops++];
		const struct prog_op *with = &p->ops[mut_below(s, p->nr_ops - 1)];

		kind = races[mut_below(s, sizeof(races))];
		cpu = mut_other_cpu(p, s, with->cpu);
		at = mut_below(s, 2) ? with->at : t[2];
		task = (uint16_t)(1 + mut_below(s, p->nr_tasks));
		sig = mut_below(s, 4) ? PROG_SIGKILL : PROG_SIGUSR1;
		cpus = (uint8_t)(mut_next(s) & prog_all_cpus(p));
		*op = (struct prog_op){ .kind = kind, .cpu = cpu, .at = at, .task = task,
			.sig = sig, .cpus = cpus };
		if (op->kind == SIM_OP_SIGNAL && mut_below(s, 4))
			op->task = (uint16_t)(2 + mut_below(s, nr_waiters));	/* a waiter */
		if (op->kind == SIM_OP_SETSCHEDULER)
			op->sched = p->tasks[mut_below(s, p->nr_tasks)].sched;
		if (op->kind == SIM_OP_YIELD || op->kind == SIM_OP_SCHEDULE ||
		    op->kind == SIM_OP_TICK)
			op->task = 0;
		if (op->kind == SIM_OP_YIELD && mut_below(s, 2)) {
			/* The owner yields as it unlocks. */
			op->cpu = p->tasks[0].cpu;
			op->at = t[3];
		}
	}
	if (mut_below(s, 4)) {
		p->ops[p->nr_ops++] = (struct prog_op){ .kind = SIM_OP_MUTEX_UNLOCK,
			.cpu = p->tasks[0].cpu, .at = t[3], .actor = 1 };
		/* Half the time the owner then leaves the CPU at once (it
		 * sleeps, or exits), as a holder on its way out does: the
		 * CPU picks again while the mutex has no owner, the woken
		 * top waiter not yet back to take it, and the other waiters
		 * still proxy-migrated there (the handoff window). */
		if (mut_below(s, 2)) {
			uint64_t timeout;

			kind = mut_below(s, 4) ? SIM_OP_SLEEP : SIM_OP_EXIT;
			timeout = mut_below(s, 2) ? mut_tmpl_time(s) : 0;
			p->ops[p->nr_ops++] = (struct prog_op){ .kind = kind,
				.cpu = p->tasks[0].cpu, .at = t[3], .actor = 1,
				.timeout = timeout };
		}
	}
	if (mut_below(s, 2)) {
		n = 1 + mut_below(s, 48);
		memset(p->choices, (int)mut_below(s, 4), n);
		p->choices[n++] = (uint8_t)mut_below(s, 4);
	} else {
		n = 8u << mut_below(s, 4);
		mut_random_bytes(s, p->choices, n);
	}
	p->nr_choices = (uint16_t)n;
	/* A quarter of the time the first waiter blocks inside a
	 * migrate-disabled region (on PREEMPT_RT, any spinlock section): a
	 * pinned donor, proxy-migrated and returned.  Drawn last, so that
	 * the rest of the draw is what it was before migrate_disable(). */
	if (mut_below(s, 4) == 0)
		p->ops[p->nr_ops++] = (struct prog_op){ .kind = SIM_OP_MIGRATE_DISABLE,
			.cpu = p->tasks[1].cpu, .at = t[1] - 1, .actor = 2 };
	/* A quarter of the time the owner sleeps holding the mutex (I/O
	 * under a lock) after the waiters block: its CPU picks a donor whose
	 * owner is not runnable and deactivates it (proxy_deactivate(), idle
	 * made the donor: kernel-study 3.11, 3.12) in the middle of a pick.
	 * Half of those, the first waiter is a fair donor and the overload
	 * is fair too, so that the same pick goes on to the fair class's
	 * newidle balance, which drops the rq lock and pulls.  Drawn after
	 * the pinned waiter, for the same reason. */
	if (mut_below(s, 4) == 0) {
		uint64_t timeout = mut_below(s, 4) ? mut_tmpl_time(s) : 0;

		at = blocked + (mut_below(s, 2) ? mut_tmpl_time(s) : 0);
		if (at >= t[3] && t[3] > blocked)
			at = t[3] - 1;	/* before the unlock, still holding */
		p->ops[p->nr_ops++] = (struct prog_op){ .kind = SIM_OP_SLEEP,
			.cpu = p->tasks[0].cpu, .at = at, .actor = 1,
			.timeout = timeout };
		if (mut_below(s, 2)) {
			p->tasks[1].sched.policy = PROG_NORMAL;
			for (i = nr_waiters + 1; i < p->nr_tasks; i++)
				if (p->tasks[i].sched.policy >= PROG_FIFO)
					p->tasks[i].sched.policy = PROG_NORMAL;
			/* Mostly with a fair overload of two more tasks on
			 * another CPU, allowed everywhere: what that newidle
			 * balance pulls (the bystanders' pair above is drawn
			 * half the time and needs three CPUs). */
			if (mut_below(s, 4)) {
				struct prog_task *a = &p->tasks[p->nr_tasks++], *b;

				b = &p->tasks[p->nr_tasks++];
				*a = p->tasks[1];
				prog_default_task_name(a->name, p->nr_tasks - 1);
				*b = *a;
				prog_default_task_name(b->name, p->nr_tasks);
				a->cpu = b->cpu = mut_other_cpu(p, s, p->tasks[0].cpu);
				a->cpus = b->cpus = prog_all_cpus(p);
			}
		}
	}
	/* A quarter of the time the first waiter's affinity changes while
	 * it is away, proxy-migrated to the owner's CPU: the new mask keeps
	 * every CPU but its home, so nothing moves it and its wake_cpu is
	 * left outside the mask; half of those, a signal then wakes it for
	 * its return migration (zoo k6, findings F2).  Drawn last, for the
	 * same reason as the two shapes above. */
	if (mut_below(s, 4) == 0 && p->tasks[1].cpu != p->tasks[0].cpu) {
		uint8_t mask = (uint8_t)(prog_all_cpus(p) & ~(1u << p->tasks[1].cpu));

		at = blocked + (mut_below(s, 2) ? mut_tmpl_time(s) : 0);
		cpu = (uint8_t)mut_below(s, p->nr_cpus);
		p->ops[p->nr_ops++] = (struct prog_op){ .kind = SIM_OP_SETAFFINITY,
			.cpu = cpu, .at = at, .task = 2, .cpus = mask };
		if (mut_below(s, 2)) {
			sig = mut_below(s, 2) ? PROG_SIGKILL : PROG_SIGUSR1;
			p->ops[p->nr_ops++] = (struct prog_op){ .kind = SIM_OP_SIGNAL,
				.cpu = cpu, .at = at + (mut_below(s, 2) ? 0 : mut_tmpl_time(s)),
				.task = 2, .sig = sig };
		}
	}
	/* Half the time the overloading pair forks just after the waiters
	 * block, before the race: forked at 0, a push or a pull spreads it
	 * before any donor is away, and the CPU that picks in the race then
	 * finds nothing to pull when it drops its rq lock (the seed race,
	 * kernel-study 4.2, needs the overload to arrive while the donor is
	 * proxy-migrated).  Drawn last, for the same reason as the shapes
	 * above. */
	if (overload && mut_below(s, 2) && blocked < t[2])
		p->tasks[nr_waiters + 1].at = p->tasks[nr_waiters + 2].at = blocked;
	/* One draw in eight is kernel-study 4.1's clean case instead.
	 * Drawn last, for the same reason as the shapes above; K2's shape,
	 * after it, draws only when it did not. */
	if (mut_below(s, 8) == 0)
		mut_tmpl_throttled_donor(p, s);
	else if (nr_waiters == 2 && mut_below(s, 2) == 0)
		mut_tmpl_pinned_waiter(p, s, blocked, t[3]);
	if (PROG_V1_MAX_SIZE > m->cap)
		return false;
	m->len = prog_encode(p, m->b);
	mut_canon(m, p);	/* and read its layout (p is done with) */
	return true;
}

static bool mut_one(struct mut_buf *m, uint64_t *s, struct mut_buf *o)
{
	switch (mut_below(s, o ? 16 : 15)) {
	case 0: case 1: case 2:
		return mut_op_field(m, s);
	case 14:
		return mut_op_race(m, s);
	case 3: case 4:
		return mut_op_coincide(m, s);
	case 5:
		return mut_op_nudge(m, s);
	case 6:
		return mut_op_insert(m, s, NULL);
	case 7:
		return mut_op_delete(m, s);
	case 8:
		return mut_op_swap_times(m, s);
	case 9:
		return mut_task_field(m, s);
	case 10:
		return mut_below(s, 2) ? mut_task_insert(m, s) : mut_task_delete(m, s);
	case 11:
		return mut_header(m, s);
	case 12:
		return mut_choices_new(m, s);
	case 13:
		return mut_choices_edit(m, s);
	default:
		return mut_cross(m, s, o);
	}
}

/* ---------------------------------------------------------------------- */
/* The entry point */

/* One call in FRESH_SHARE draws a fresh program instead: random bytes or
 * mut_template()'s, half and half. */
#define FRESH_SHARE	16

/* With an aimer set (an engine that links the simulator), one call in
 * AIM_SHARE ends by aiming the result's choice stream at one of its rq
 * lock drops inside __schedule() (fuzz/aim.c), and one template draw in
 * AIM_TEMPLATE_SHARE.  Last, so that no other edit moves the run the
 * stream was aimed on. */
#define AIM_SHARE		8
#define AIM_TEMPLATE_SHARE	2

static bool (*mut_aim_fn)(struct program *p, uint64_t r);

void sched_mutator_set_aim(bool (*aim)(struct program *p, uint64_t r))
{
	mut_aim_fn = aim;
}

static uint8_t mut_a[PROG_MAX_ENCODED], mut_b[PROG_MAX_ENCODED];
static struct program mut_prog;

/* sched_mutate(), or with template set sched_mutate_template(): the
 * start is then a template draw, whatever the input. */
static size_t mut_run(uint8_t *data, size_t size, size_t max_size,
		      const uint8_t *other, size_t other_size, uint64_t seed,
		      bool cross, bool template)
{
	struct mut_buf m = { mut_a, 0, sizeof(mut_a), 0, 0, 0 };
	struct mut_buf o = { mut_b, 0, sizeof(mut_b), 0, 0, 0 };
	uint64_t s = seed;
	unsigned int n, i, tries, aim_share = AIM_SHARE;

	/* A template start reads no input (mut_template() writes m whole). */
	if (!template) {
		m.len = size < m.cap ? size : m.cap;
		memcpy(m.b, data, m.len);
		mut_canon(&m, &mut_prog);
		mut_edit_form(&m);
	}
	if (other) {
		o.len = other_size < o.cap ? other_size : o.cap;
		memcpy(o.b, other, o.len);
		mut_canon(&o, &mut_prog);
		mut_edit_form(&o);
	}
	if (template || mut_below(&s, FRESH_SHARE) == 0) {
		/* Random bytes, or a program of a race's shape; the layout
		 * is read again below. */
		if (!template && mut_below(&s, 2)) {
			mut_fresh(&m, &s);
			n = 0;
		} else {
			mut_template(&m, &s);
			mut_edit_form(&m);
			n = mut_below(&s, 2);
			aim_share = AIM_TEMPLATE_SHARE;
		}
	} else if (cross && other) {
		for (tries = 0; tries < 4 && !mut_cross(&m, &s, &o); tries++)
			;
		n = mut_below(&s, 2);
	} else {
		n = mut_below(&s, 2) ? 1 : 2 + mut_below(&s, 3);
	}
	for (i = 0; i < n; i++)
		for (tries = 0; tries < 8 && !mut_one(&m, &s, other ? &o : NULL); tries++)
			;
	/* Back to canonical form, within the engine's limit. */
	mut_canon(&m, &mut_prog);
	if (mut_aim_fn && mut_below(&s, aim_share) == 0 &&
	    mut_aim_fn(&mut_prog, mut_next(&s)))
		m.len = prog_encode(&mut_prog, m.b);
	if (m.len > max_size)
		m.len = max_size;
	memcpy(data, m.b, m.len);
	return m.len;
}

size_t sched_mutate(uint8_t *data, size_t size, size_t max_size,
		    const uint8_t *other, size_t other_size, uint64_t seed,
		    bool cross)
{
	return mut_run(data, size, max_size, other, other_size, seed, cross, false);
}

size_t sched_mutate_template(uint8_t *data, size_t max_size, uint64_t seed)
{
	return mut_run(data, 0, max_size, NULL, 0, seed, false, true);
}

size_t sched_mutator_bare_template(uint8_t *out, uint64_t seed)
{
	struct mut_buf m = { mut_a, 0, sizeof(mut_a), 0, 0, 0 };
	uint64_t s = seed;

	mut_template(&m, &s);
	memcpy(out, m.b, m.len);
	return m.len;
}

/* ---------------------------------------------------------------------- */
/* Seeds */
/*
 * The seed corpus, kept by the mutator itself.  An engine's queue grows by
 * thousands of inputs an hour and its scheduler favours the newest and
 * cheapest: a seed one edit from a bug (a signal of the wrong kind, a
 * choice stream a little off) may then never be mutated again.  So one
 * mutation in SEED_SHARE starts from a seed instead of the engine's input.
 * The engines' glue loads the *.bin files of $SCHEDFUZZ_SEEDS (the campaign
 * points it at corpus/); without it the mutator works on the engine's
 * inputs only.  This runs in the engine, not on the simulator's run path.
 */
#define SEED_SHARE	8
#define SEEDS_MAX	256

static uint8_t *mut_seeds[SEEDS_MAX];
static size_t mut_seed_len[SEEDS_MAX];
static unsigned int mut_nr_seeds;

static int mut_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

unsigned int sched_mutator_seeds(const char *dir)
{
	char *names[SEEDS_MAX], path[4096];
	unsigned int n = 0, i;
	struct dirent *d;
	DIR *dp;

	while (mut_nr_seeds)
		free(mut_seeds[--mut_nr_seeds]);
	if (!dir || !(dp = opendir(dir)))
		return 0;
	while ((d = readdir(dp)) && n < SEEDS_MAX) {
		size_t l = strlen(d->d_name);

		if (l > 4 && !strcmp(d->d_name + l - 4, ".bin") &&
		    (names[n] = strdup(d->d_name)))
			n++;
	}
	closedir(dp);
	/* In name order, so the same seed number is the same file. */
	qsort(names, n, sizeof(names[0]), mut_name_cmp);
	for (i = 0; i < n; i++) {
		FILE *f;
		uint8_t *b;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		free(names[i]);
		if (!(f = fopen(path, "rb")))
			continue;
		b = malloc(PROG_MAX_ENCODED);
		if (b) {
			mut_seed_len[mut_nr_seeds] = fread(b, 1, PROG_MAX_ENCODED, f);
			mut_seeds[mut_nr_seeds++] = b;
		}
		fclose(f);
	}
	return mut_nr_seeds;
}

/* Now and then a seed instead of the engine's input (into out, of room
 * cap); returns its length, or 0 to keep the engine's input. */
static size_t mut_maybe_seed(uint64_t *s, uint8_t *out, size_t cap)
{
	unsigned int i;
	size_t n;

	if (!mut_nr_seeds || mut_below(s, SEED_SHARE))
		return 0;
	i = mut_below(s, mut_nr_seeds);
	n = mut_seed_len[i] < cap ? mut_seed_len[i] : cap;
	memcpy(out, mut_seeds[i], n);
	return n;
}

/* During an engine's warm-up (sched_mutate_engine()), one call in
 * WARM_SHARE is a template draw. */
#define WARM_SHARE	2

size_t sched_mutate_next(uint8_t *data, size_t size, size_t max_size, uint64_t *state)
{
	size_t from_seed = mut_maybe_seed(state, data, max_size);

	if (from_seed)
		size = from_seed;
	return sched_mutate(data, size, max_size, NULL, 0, mut_next(state), false);
}

size_t sched_mutate_engine(struct sched_mut_engine *e, uint8_t *data, size_t size,
			   size_t max_size, const uint8_t *add, size_t add_size)
{
	uint64_t seed = mut_next(&e->s);

	if (e->calls < e->warm_calls) {
		e->calls++;
		if ((seed >> 32) % WARM_SHARE == 0)
			return sched_mutate_template(data, max_size, seed);
	}
	if (!add || seed % 8)
		return sched_mutate_next(data, size, max_size, &e->s);
	return sched_mutate(data, size, max_size, add, add_size, seed, true);
}

#ifdef SCHEDFUZZ_LIBFUZZER

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed);
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1,
				 const uint8_t *data2, size_t size2,
				 uint8_t *out, size_t max_out_size,
				 unsigned int seed);

/* libFuzzer's warm-up (sched_mutate_engine()): its first LF_WARM_CALLS
 * calls here, a few seconds of the ASan build. */
#define LF_WARM_CALLS	4096

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed)
{
	static bool loaded;
	static struct sched_mut_engine e = { .warm_calls = LF_WARM_CALLS };

	if (!loaded) {
		loaded = true;
		sched_mutator_seeds(getenv("SCHEDFUZZ_SEEDS"));
	}
	if (seed % 4 == 0)
		return LLVMFuzzerMutate(data, size, max_size);
	/* libFuzzer seeds each call: that is the generator's state; the
	 * count of calls goes on. */
	e.s = seed;
	return sched_mutate_engine(&e, data, size, max_size, NULL, 0);
}

size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1,
				 const uint8_t *data2, size_t size2,
				 uint8_t *out, size_t max_out_size,
				 unsigned int seed)
{
	size_t n = size1 < max_out_size ? size1 : max_out_size;

	memcpy(out, data1, n);
	return sched_mutate(out, n, max_out_size, data2, size2, seed, true);
}

#endif /* SCHEDFUZZ_LIBFUZZER */

#ifdef SCHEDFUZZ_AFL_MUTATOR

/* AFL++'s custom mutator API (AFL_CUSTOM_MUTATOR_LIBRARY). */
struct afl_sched_mutator {
	struct sched_mut_engine e;
	uint8_t out[PROG_MAX_ENCODED];
};

/* The campaign's warm-up: its first calls draw templates half the time
 * (sched_mutate_engine()).  32,768 calls are a few seconds of afl-fuzz
 * (docs/performance.md, "Results, 2026-11-26"). */
#define AFL_WARM_CALLS	32768

/* A program's aim takes tens of microseconds: one that takes a second is
 * a simulator that loops. */
#define AFL_AIM_TIMEOUT_MS	1000

/* The .so is built with hidden visibility: these are all it exports. */
#define AFL_EXPORT	__attribute__((visibility("default")))

AFL_EXPORT void *afl_custom_init(void *afl, unsigned int seed);
AFL_EXPORT size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size,
				  uint8_t **out_buf, uint8_t *add_buf,
				  size_t add_buf_size, size_t max_size);
AFL_EXPORT void afl_custom_deinit(void *data);

void *afl_custom_init(void *afl, unsigned int seed)
{
	struct afl_sched_mutator *am = calloc(1, sizeof(*am));

	(void)afl;
	if (am) {
		am->e.s = seed;
		am->e.warm_calls = AFL_WARM_CALLS;
	}
	sched_mutator_seeds(getenv("SCHEDFUZZ_SEEDS"));
	/* The .so carries the simulator with the fixed port: its windows
	 * are the variants' too up to where a bug makes them differ.  It
	 * runs in a child (aimguard.c), so that a simulator crash or hang
	 * costs one aim, not afl-fuzz. */
	if (aim_guard_start(sched_aim, AFL_AIM_TIMEOUT_MS))
		sched_mutator_set_aim(aim_guarded);
	else
		fprintf(stderr, "schedfuzz mutator: no aimer process (%s): mutations are not aimed\n",
			strerror(errno));
	return am;
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
		       uint8_t *add_buf, size_t add_buf_size, size_t max_size)
{
	struct afl_sched_mutator *am = data;
	size_t n = buf_size < sizeof(am->out) ? buf_size : sizeof(am->out);
	size_t max = max_size < sizeof(am->out) ? max_size : sizeof(am->out);

	*out_buf = am->out;
	memcpy(am->out, buf, n);
	return sched_mutate_engine(&am->e, am->out, n, max, add_buf, add_buf_size);
}

void afl_custom_deinit(void *data)
{
	const struct aim_guard_stats *st = aim_guard_stats();

	sched_mutator_set_aim(NULL);
	aim_guard_stop();
	/* Each is a simulator bug: say so where the campaign's log keeps it. */
	if (st->crashes || st->hangs)
		fprintf(stderr, "schedfuzz mutator: of %lu aims, %lu crashed and %lu hung the simulator\n",
			st->calls, st->crashes, st->hangs);
	free(data);
}

#endif /* SCHEDFUZZ_AFL_MUTATOR */
