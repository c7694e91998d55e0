// SPDX-License-Identifier: GPL-2.0-only
/*
 * encoding.c - programs as bytes: the total decoder fuzzers feed and the
 * encoder that turns any program into bytes.  docs/encoding.md is the
 * format's specification; keep the two in step.
 *
 * v1 layout (little-endian):
 *
 *	header	8 bytes: version, cpus, tasks, mutexes, ops (u16),
 *		names length (u16)
 *	tasks	20 bytes each
 *	ops	23 bytes each
 *	names	NUL-separated: tasks, mutexes, fork children
 *	choices	the rest of the input, up to PROG_MAX_CHOICES
 *
 * Decoding never fails: counts and values are folded into range, a
 * missing header byte reads as zero, sections hold the complete records
 * the input has, and bytes past the maximum size are ignored.
 */
#include <stdio.h>
#include <string.h>

#include "program.h"

#define MASK30		((1u << 30) - 1)

/* Time fields: a 30-bit mantissa and a 2-bit unit (ns, us, ms, s). */
static const uint64_t prog_unit_scale[4] = { 1, 1000, 1000000, 1000000000 };

/* The mantissa range of one unit for values in [lo, hi]. */
static bool prog_unit_range(unsigned int unit, uint64_t lo, uint64_t hi,
			    uint64_t *lo_u, uint64_t *hi_u)
{
	uint64_t scale = prog_unit_scale[unit];

	*lo_u = (lo + scale - 1) / scale;
	*hi_u = hi / scale;
	if (*hi_u > MASK30)
		*hi_u = MASK30;
	return *lo_u <= *hi_u;
}

static uint64_t prog_dec_time(uint32_t raw, uint64_t lo, uint64_t hi)
{
	unsigned int unit = raw >> 30;
	uint64_t lo_u, hi_u;

	if (!prog_unit_range(unit, lo, hi, &lo_u, &hi_u)) {
		unit = 0;	/* not for the ranges used here; total anyway */
		prog_unit_range(unit, lo, hi, &lo_u, &hi_u);
	}
	return (lo_u + (raw & MASK30) % (hi_u - lo_u + 1)) * prog_unit_scale[unit];
}

/* The raw field decoding to ns (in [lo, hi], representable): the largest
 * unit that holds it exactly. */
static uint32_t prog_enc_time(uint64_t ns, uint64_t lo, uint64_t hi)
{
	int unit;

	for (unit = 3; unit >= 0; unit--) {
		uint64_t scale = prog_unit_scale[unit], lo_u, hi_u;

		if (ns % scale || !prog_unit_range((unsigned int)unit, lo, hi, &lo_u, &hi_u))
			continue;
		if (ns / scale >= lo_u && ns / scale <= hi_u)
			return (uint32_t)unit << 30 | (uint32_t)(ns / scale - lo_u);
	}
	return 0;	/* unreachable for programs that pass prog_check() */
}

/* ---------------------------------------------------------------------- */
/* Decoding */

struct prog_reader {
	const uint8_t *buf;
	size_t len;
	size_t pos;
};

static uint8_t rd_u8(struct prog_reader *r)
{
	return r->pos < r->len ? r->buf[r->pos++] : (r->pos++, 0);
}

static uint16_t rd_u16(struct prog_reader *r)
{
	uint16_t lo = rd_u8(r);

	return (uint16_t)(lo | rd_u8(r) << 8);
}

static uint32_t rd_u32(struct prog_reader *r)
{
	uint32_t lo = rd_u16(r);

	return lo | (uint32_t)rd_u16(r) << 16;
}

static size_t rd_left(const struct prog_reader *r)
{
	return r->pos < r->len ? r->len - r->pos : 0;
}

static uint8_t prog_dec_mask(const struct program *p, uint8_t b)
{
	uint8_t m = b & prog_all_cpus(p);

	return m ? m : prog_all_cpus(p);
}

/* policy byte, priority byte, three time fields. */
static void prog_dec_sched(struct prog_sched *s, uint8_t policy, uint8_t prio,
			   const uint32_t t[3])
{
	uint64_t v[3], x;
	int i, j;

	memset(s, 0, sizeof(*s));
	s->policy = policy % PROG_NR_POLICIES;
	switch (s->policy) {
	case PROG_NORMAL:
	case PROG_BATCH:
	case PROG_IDLE:
		s->nice = (int8_t)(prio % 40 - 20);
		break;
	case PROG_FIFO:
	case PROG_RR:
		s->rt_prio = (uint8_t)(1 + prio % 99);
		break;
	default:
		for (i = 0; i < 3; i++)
			v[i] = prog_dec_time(t[i], PROG_DL_MIN_RUNTIME_NS,
					     PROG_DL_MAX_PERIOD_NS);
		for (i = 1; i < 3; i++)	/* sort: runtime <= deadline <= period */
			for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
				x = v[j];
				v[j] = v[j - 1];
				v[j - 1] = x;
			}
		if (v[2] < PROG_DL_MIN_PERIOD_NS)
			v[2] = PROG_DL_MIN_PERIOD_NS;
		s->runtime = v[0];
		s->deadline = v[1];
		s->period = v[2];
		break;
	}
}

static void prog_dec_task(struct program *p, struct prog_task *t,
			  struct prog_reader *r)
{
	uint8_t policy = rd_u8(r), prio = rd_u8(r), mask = rd_u8(r), cpu = rd_u8(r);
	uint32_t at = rd_u32(r), dl[3];
	int i;

	for (i = 0; i < 3; i++)
		dl[i] = rd_u32(r);
	memset(t, 0, sizeof(*t));
	prog_dec_sched(&t->sched, policy, prio, dl);
	t->cpus = prog_dec_mask(p, mask);
	t->cpu = cpu % p->nr_cpus;
	t->at = prog_dec_time(at, 0, PROG_MAX_TIME_NS);
}

/* An operation record; 'named' counts set-up tasks and fork children. */
static void prog_dec_op(struct program *p, struct prog_op *op,
			const uint8_t *b, unsigned int named, unsigned int nr_kinds)
{
	struct prog_reader r = { b, PROG_V1_OP, 0 };
	uint8_t kind = rd_u8(&r), cpu = rd_u8(&r);
	uint32_t at = rd_u32(&r);
	uint8_t actor = rd_u8(&r), obj = rd_u8(&r), arg = rd_u8(&r);
	uint8_t prio = rd_u8(&r), mask = rd_u8(&r);
	uint32_t t[3];
	int i;

	for (i = 0; i < 3; i++)
		t[i] = rd_u32(&r);
	memset(op, 0, sizeof(*op));
	op->kind = (uint8_t)(kind % nr_kinds);
	/* An operation on an object the program lacks is a tick. */
	if ((prog_op_uses_mutex(op->kind) && !p->nr_mutexes) ||
	    (prog_op_needs_task(op->kind) && !named))
		op->kind = SIM_OP_TICK;
	op->cpu = cpu % p->nr_cpus;
	op->at = prog_dec_time(at, 0, PROG_MAX_TIME_NS);
	if (prog_op_is_task_op(op->kind))
		op->actor = (uint16_t)(actor % (named + 1));
	if (prog_op_uses_mutex(op->kind))
		op->mutex = obj % p->nr_mutexes;
	else if (prog_op_needs_task(op->kind))
		op->task = (uint16_t)(1 + obj % named);
	else if (prog_op_takes_task_or_self(op->kind))
		op->task = (uint16_t)(obj % (named + 1));
	switch (op->kind) {
	case SIM_OP_SIGNAL:
		op->sig = arg % PROG_NR_SIGS;
		break;
	case SIM_OP_SLEEP:
		op->timeout = prog_dec_time(t[0], 0, PROG_MAX_TIME_NS);
		break;
	case SIM_OP_FORK:
		op->cpus = prog_dec_mask(p, mask);
		prog_dec_sched(&op->sched, arg, prio, t);
		break;
	case SIM_OP_SETSCHEDULER:
		prog_dec_sched(&op->sched, arg, prio, t);
		break;
	case SIM_OP_SETAFFINITY:
		op->cpus = prog_dec_mask(p, mask);
		break;
	default:
		break;
	}
}

/* Characters of names: [A-Za-z0-9_]; other bytes fold onto them. */
static const char prog_name_chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";

static char prog_dec_name_char(uint8_t b)
{
	if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
	    (b >= '0' && b <= '9') || b == '_')
		return (char)b;
	return prog_name_chars[b % (sizeof(prog_name_chars) - 1)];
}

struct prog_namer {
	struct program *p;
	const char *taken[PROG_MAX_NAMED + PROG_MAX_MUTEXES];
	unsigned int nr_taken;
	struct prog_reader r;
};

static bool prog_name_taken(const struct prog_namer *nm, const char *name)
{
	unsigned int i;

	for (i = 0; i < nm->nr_taken; i++)
		if (!strcmp(nm->taken[i], name))
			return true;
	return false;
}

/* The next name entry, or the default (made unique) if it is empty,
 * invalid or taken. */
static void prog_dec_name(struct prog_namer *nm, char *dst, const char *dflt)
{
	size_t n = 0;
	unsigned int k;
	uint8_t b;

	while (rd_left(&nm->r) && (b = rd_u8(&nm->r)) != 0)
		if (n < PROG_NAME_MAX)
			dst[n++] = prog_dec_name_char(b);
	dst[n] = '\0';
	if (!prog_name_valid(dst) || prog_name_taken(nm, dst)) {
		memcpy(dst, dflt, PROG_NAME_MAX + 1);
		/* "<default>_<k>", the default cut short to make room */
		for (k = 1; prog_name_taken(nm, dst); k++) {
			char suffix[12];
			size_t sl = (size_t)snprintf(suffix, sizeof(suffix), "_%u", k);
			size_t bl = strlen(dflt);

			if (bl + sl > PROG_NAME_MAX)
				bl = PROG_NAME_MAX - sl;
			memcpy(dst, dflt, bl);
			memcpy(dst + bl, suffix, sl + 1);
		}
	}
	nm->taken[nm->nr_taken++] = dst;
}

static void prog_dec_names(struct program *p, const uint8_t *buf, size_t len)
{
	static struct prog_namer nm;	/* no allocation; not reentrant */
	char dflt[PROG_NAME_MAX + 1];
	unsigned int i, pid = p->nr_tasks;

	memset(&nm, 0, sizeof(nm));
	nm.p = p;
	nm.r.buf = buf;
	nm.r.len = len;
	for (i = 0; i < p->nr_tasks; i++) {
		prog_default_task_name(dflt, i + 1);
		prog_dec_name(&nm, p->tasks[i].name, dflt);
	}
	for (i = 0; i < p->nr_mutexes; i++) {
		prog_default_mutex_name(dflt, i);
		prog_dec_name(&nm, p->mutexes[i], dflt);
	}
	for (i = 0; i < p->nr_ops; i++) {
		if (p->ops[i].kind != SIM_OP_FORK)
			continue;
		prog_default_task_name(dflt, ++pid);
		prog_dec_name(&nm, p->ops[i].name, dflt);
	}
}

/* v1 and v2 share the layout; v2 has more operation kinds. */
static void prog_decode_records(struct program *p, const uint8_t *buf, size_t len,
				unsigned int nr_kinds)
{
	struct prog_reader r = { buf, len, 1 };
	unsigned int want_tasks, want_ops, names_len, named, i;
	const uint8_t *names;
	size_t left;

	prog_init(p);
	p->nr_cpus = (uint8_t)(PROG_MIN_CPUS + rd_u8(&r) % (PROG_MAX_CPUS - PROG_MIN_CPUS + 1));
	want_tasks = rd_u8(&r) % (PROG_MAX_TASKS + 1);
	p->nr_mutexes = (uint8_t)(rd_u8(&r) % (PROG_MAX_MUTEXES + 1));
	want_ops = rd_u16(&r) % (PROG_MAX_OPS + 1);
	names_len = rd_u16(&r) % (PROG_V1_NAMES_MAX + 1);

	left = rd_left(&r);
	p->nr_tasks = (uint8_t)(want_tasks < left / PROG_V1_TASK ?
				want_tasks : left / PROG_V1_TASK);
	for (i = 0; i < p->nr_tasks; i++)
		prog_dec_task(p, &p->tasks[i], &r);

	left = rd_left(&r);
	p->nr_ops = (uint16_t)(want_ops < left / PROG_V1_OP ? want_ops : left / PROG_V1_OP);
	/* Forks first: they name tasks other operations may refer to. */
	named = p->nr_tasks;
	for (i = 0; i < p->nr_ops; i++)
		if (buf[r.pos + (size_t)i * PROG_V1_OP] % nr_kinds == SIM_OP_FORK)
			named++;
	for (i = 0; i < p->nr_ops; i++)
		prog_dec_op(p, &p->ops[i], buf + r.pos + (size_t)i * PROG_V1_OP, named,
			    nr_kinds);
	r.pos += (size_t)p->nr_ops * PROG_V1_OP;

	left = rd_left(&r);
	if (names_len > left)
		names_len = (unsigned int)left;
	names = buf + (r.pos < len ? r.pos : len);
	prog_dec_names(p, names, names_len);
	r.pos += names_len;

	left = rd_left(&r);
	p->nr_choices = (uint16_t)(left < PROG_MAX_CHOICES ? left : PROG_MAX_CHOICES);
	if (p->nr_choices)
		memcpy(p->choices, buf + r.pos, p->nr_choices);
}

void prog_decode(struct program *p, const uint8_t *buf, size_t len)
{
	static const uint8_t empty[1];

	if (!len)
		buf = empty;	/* no arithmetic on a NULL buffer */
	if (len > PROG_MAX_ENCODED)
		len = PROG_MAX_ENCODED;
	/* Version byte: 1 is v1, 2 is v2.  Values no version has claimed
	 * yet decode as v1 (totality); a later version claims its own. */
	switch (len ? buf[0] : PROG_FORMAT_V1) {
	case PROG_FORMAT_V2:
		prog_decode_records(p, buf, len, PROG_V2_NR_OPS);
		break;
	case PROG_FORMAT_V1:
	default:
		prog_decode_records(p, buf, len, PROG_V1_NR_OPS);
		break;
	}
}

unsigned int prog_format_of(const struct program *p)
{
	unsigned int i;

	for (i = 0; i < p->nr_ops; i++)
		if (p->ops[i].kind >= PROG_V1_NR_OPS)
			return PROG_FORMAT_V2;
	return PROG_FORMAT_V1;
}

/* ---------------------------------------------------------------------- */
/* Encoding */

struct prog_writer {
	uint8_t *buf;
	size_t pos;
};

static void wr_u8(struct prog_writer *w, unsigned int v)
{
	w->buf[w->pos++] = (uint8_t)v;
}

static void wr_u16(struct prog_writer *w, unsigned int v)
{
	wr_u8(w, v & 0xff);
	wr_u8(w, (v >> 8) & 0xff);
}

static void wr_u32(struct prog_writer *w, uint32_t v)
{
	wr_u16(w, v & 0xffff);
	wr_u16(w, v >> 16);
}

static uint8_t prog_enc_prio(const struct prog_sched *s)
{
	switch (s->policy) {
	case PROG_NORMAL:
	case PROG_BATCH:
	case PROG_IDLE:
		return (uint8_t)(s->nice + 20);
	case PROG_FIFO:
	case PROG_RR:
		return (uint8_t)(s->rt_prio - 1);
	default:
		return 0;
	}
}

static void prog_enc_dl(struct prog_writer *w, const struct prog_sched *s)
{
	if (s->policy != PROG_DEADLINE) {
		wr_u32(w, 0);
		wr_u32(w, 0);
		wr_u32(w, 0);
		return;
	}
	wr_u32(w, prog_enc_time(s->runtime, PROG_DL_MIN_RUNTIME_NS, PROG_DL_MAX_PERIOD_NS));
	wr_u32(w, prog_enc_time(s->deadline, PROG_DL_MIN_RUNTIME_NS, PROG_DL_MAX_PERIOD_NS));
	wr_u32(w, prog_enc_time(s->period, PROG_DL_MIN_RUNTIME_NS, PROG_DL_MAX_PERIOD_NS));
}

static void prog_enc_op(struct prog_writer *w, const struct prog_op *op)
{
	unsigned int obj = 0, arg = 0;

	if (prog_op_uses_mutex(op->kind))
		obj = op->mutex;
	else if (prog_op_needs_task(op->kind))
		obj = op->task - 1u;
	else if (prog_op_takes_task_or_self(op->kind))
		obj = op->task;
	if (op->kind == SIM_OP_SIGNAL)
		arg = op->sig;
	else if (prog_op_uses_sched(op->kind))
		arg = op->sched.policy;

	wr_u8(w, op->kind);
	wr_u8(w, op->cpu);
	wr_u32(w, prog_enc_time(op->at, 0, PROG_MAX_TIME_NS));
	wr_u8(w, op->actor);
	wr_u8(w, obj);
	wr_u8(w, arg);
	wr_u8(w, prog_op_uses_sched(op->kind) ? prog_enc_prio(&op->sched) : 0);
	wr_u8(w, op->cpus);
	if (op->kind == SIM_OP_SLEEP) {
		wr_u32(w, prog_enc_time(op->timeout, 0, PROG_MAX_TIME_NS));
		wr_u32(w, 0);
		wr_u32(w, 0);
	} else {
		prog_enc_dl(w, &op->sched);
	}
}

/* Names that differ from their default are written; trailing defaults
 * are left out. */
static void prog_enc_names(struct prog_writer *w, const struct program *p)
{
	const char *names[PROG_MAX_NAMED + PROG_MAX_MUTEXES];
	bool dflt[PROG_MAX_NAMED + PROG_MAX_MUTEXES];
	char d[PROG_NAME_MAX + 1];
	unsigned int n = 0, last = 0, i, pid = p->nr_tasks;

	for (i = 0; i < p->nr_tasks; i++) {
		prog_default_task_name(d, i + 1);
		dflt[n] = !strcmp(d, p->tasks[i].name);
		names[n++] = p->tasks[i].name;
	}
	for (i = 0; i < p->nr_mutexes; i++) {
		prog_default_mutex_name(d, i);
		dflt[n] = !strcmp(d, p->mutexes[i]);
		names[n++] = p->mutexes[i];
	}
	for (i = 0; i < p->nr_ops; i++) {
		if (p->ops[i].kind != SIM_OP_FORK)
			continue;
		prog_default_task_name(d, ++pid);
		dflt[n] = !strcmp(d, p->ops[i].name);
		names[n++] = p->ops[i].name;
	}
	for (i = 0; i < n; i++)
		if (!dflt[i])
			last = i + 1;
	for (i = 0; i < last; i++) {
		size_t l = dflt[i] ? 0 : strlen(names[i]);

		memcpy(w->buf + w->pos, names[i], l);
		w->pos += l;
		if (i + 1 < last)
			wr_u8(w, 0);
	}
}

size_t prog_encode(const struct program *p, uint8_t *buf)
{
	struct prog_writer w = { buf, 0 };
	size_t names_at;
	unsigned int i;

	/* The oldest format that says p: what v1 could say stays v1. */
	wr_u8(&w, prog_format_of(p));
	wr_u8(&w, p->nr_cpus - PROG_MIN_CPUS);
	wr_u8(&w, p->nr_tasks);
	wr_u8(&w, p->nr_mutexes);
	wr_u16(&w, p->nr_ops);
	wr_u16(&w, 0);		/* names length, filled in below */
	for (i = 0; i < p->nr_tasks; i++) {
		const struct prog_task *t = &p->tasks[i];

		wr_u8(&w, t->sched.policy);
		wr_u8(&w, prog_enc_prio(&t->sched));
		wr_u8(&w, t->cpus);
		wr_u8(&w, t->cpu);
		wr_u32(&w, prog_enc_time(t->at, 0, PROG_MAX_TIME_NS));
		prog_enc_dl(&w, &t->sched);
	}
	for (i = 0; i < p->nr_ops; i++)
		prog_enc_op(&w, &p->ops[i]);
	names_at = w.pos;
	prog_enc_names(&w, p);
	buf[6] = (uint8_t)((w.pos - names_at) & 0xff);
	buf[7] = (uint8_t)((w.pos - names_at) >> 8);
	memcpy(buf + w.pos, p->choices, p->nr_choices);
	w.pos += p->nr_choices;
	return w.pos;
}
