// SPDX-License-Identifier: GPL-2.0-only
/*
 * scenario.c - programs as text: the scenario-language parser and the
 * canonical printer.  docs/scenario-language.md is the language's
 * specification; keep the two in step.
 *
 *	cpus 3
 *	task D dl runtime=2ms deadline=10ms period=10ms cpus=0,2 cpu=2
 *	mutex M
 *	at 2ms cpu2: D mutex_lock_killable M
 *	choices 0*12 1
 *
 * The parser makes two passes: the first collects every declared name
 * (tasks, mutexes, fork children), so an operation may name a task forked
 * further down; the second parses everything and stops at the first
 * error, reported as "file:line:col: error: ...".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "program.h"

#define SCN_MAX_TOKS	40	/* words on one line */

struct scn_tok {
	const char *s;
	size_t n;
	unsigned int col;	/* 1-based */
};

struct scn_names {
	char tasks[PROG_MAX_TASKS][PROG_NAME_MAX + 1];
	unsigned int nr_tasks;
	char forks[PROG_MAX_OPS][PROG_NAME_MAX + 1];
	unsigned int nr_forks;
	char mutexes[PROG_MAX_MUTEXES][PROG_NAME_MAX + 1];
	unsigned int nr_mutexes;
};

struct scn_parser {
	const char *text;
	size_t len;
	const char *file;
	struct program *p;
	char *err;
	size_t errlen;

	/* The current line. */
	unsigned int line;
	const char *line_s;
	size_t line_n;
	struct scn_tok toks[SCN_MAX_TOKS];
	unsigned int nr_toks;
	unsigned int end_col;	/* column just past the last word */

	bool seen_cpus;
	unsigned int task_line[PROG_MAX_NAMED];		/* by pid - 1 */
	unsigned int mutex_line[PROG_MAX_MUTEXES];
	unsigned int nr_forks;
	struct scn_names names;	/* from the first pass */
};

/* ---------------------------------------------------------------------- */
/* Errors */

static void scn_verr(struct scn_parser *ps, unsigned int col, const char *fmt,
		     va_list ap)
{
	size_t n;
	int w;
	unsigned int i;

	w = snprintf(ps->err, ps->errlen, "%s:%u:%u: error: ", ps->file, ps->line, col);
	n = w < 0 ? 0 : (size_t)w;
	if (n < ps->errlen) {
		w = vsnprintf(ps->err + n, ps->errlen - n, fmt, ap);
		n += w < 0 ? 0 : (size_t)w;
	}
	/* The line and a caret under the column, like a compiler. */
	if (n < ps->errlen) {
		w = snprintf(ps->err + n, ps->errlen - n, "\n    ");
		n += w < 0 ? 0 : (size_t)w;
	}
	for (i = 0; i < ps->line_n && n + 1 < ps->errlen; i++) {
		char c = ps->line_s[i];

		ps->err[n++] = (c == '\t' || (c >= ' ' && c < 0x7f)) ? c : '?';
	}
	if (n < ps->errlen) {
		w = snprintf(ps->err + n, ps->errlen - n, "\n    %*s^", (int)(col - 1), "");
		n += w < 0 ? 0 : (size_t)w;
	}
	if (ps->errlen)
		ps->err[n < ps->errlen ? n : ps->errlen - 1] = '\0';
}

static bool __attribute__((format(printf, 3, 4)))
scn_err(struct scn_parser *ps, unsigned int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	scn_verr(ps, col, fmt, ap);
	va_end(ap);
	return false;
}

/* A word, quoted for a message: at most 24 characters, printable. */
static const char *scn_q(const struct scn_tok *t, char *buf)
{
	size_t i, n = t->n < 24 ? t->n : 24;

	for (i = 0; i < n; i++)
		buf[i] = (t->s[i] > ' ' && t->s[i] < 0x7f) ? t->s[i] : '?';
	if (t->n > 24) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

/* "expected X, found 'word'" at the word, or at the end of the line. */
static bool scn_expected(struct scn_parser *ps, unsigned int i, const char *what)
{
	char q[32];

	if (i >= ps->nr_toks)
		return scn_err(ps, ps->end_col, "expected %s, found end of line", what);
	return scn_err(ps, ps->toks[i].col, "expected %s, found '%s'", what,
		       scn_q(&ps->toks[i], q));
}

/* ---------------------------------------------------------------------- */
/* Lines and words */

static bool scn_tok_is(const struct scn_tok *t, const char *s)
{
	return strlen(s) == t->n && !memcmp(t->s, s, t->n);
}

/* Split line [s, s+n) into words; '#' starts a comment. */
static bool scn_split(struct scn_parser *ps, const char *s, size_t n)
{
	size_t i = 0;

	ps->line_s = s;
	ps->line_n = n;
	ps->nr_toks = 0;
	ps->end_col = 1;
	while (i < n) {
		char c = s[i];
		size_t start;

		if (c == ' ' || c == '\t' || c == '\r') {
			i++;
			continue;
		}
		if (c == '#')
			break;
		if ((unsigned char)c < ' ' || c == 0x7f)
			return scn_err(ps, (unsigned int)i + 1,
				       "unexpected control character 0x%02x", (unsigned char)c);
		if (ps->nr_toks == SCN_MAX_TOKS)
			return scn_err(ps, (unsigned int)i + 1,
				       "too many words on one line (at most %d)", SCN_MAX_TOKS);
		start = i;
		while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '#' &&
		       (unsigned char)s[i] >= ' ' && s[i] != 0x7f)
			i++;
		ps->toks[ps->nr_toks].s = s + start;
		ps->toks[ps->nr_toks].n = i - start;
		ps->toks[ps->nr_toks].col = (unsigned int)start + 1;
		ps->nr_toks++;
		ps->end_col = (unsigned int)i + 1;
	}
	return true;
}

/* Copy a word that may be a name; false if it cannot be one. */
static bool scn_name_of(const struct scn_tok *t, char *dst)
{
	if (t->n == 0 || t->n > PROG_NAME_MAX)
		return false;
	memcpy(dst, t->s, t->n);
	dst[t->n] = '\0';
	return prog_name_valid(dst);
}

/* ---------------------------------------------------------------------- */
/* Values */

static bool scn_digits(const char *s, size_t n, uint64_t max, uint64_t *v)
{
	size_t i;

	if (!n)
		return false;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (*v > (max - (uint64_t)(s[i] - '0')) / 10)
			return false;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return true;
}

/* A number in [lo, hi]. */
static bool scn_int(struct scn_parser *ps, const char *s, size_t n, unsigned int col,
		    int64_t lo, int64_t hi, const char *what, int64_t *out)
{
	bool neg = n && s[0] == '-';
	uint64_t v;

	if (!scn_digits(s + neg, n - neg, 1000000000ULL, &v) ||
	    (neg ? -(int64_t)v : (int64_t)v) < lo || (neg ? -(int64_t)v : (int64_t)v) > hi)
		return scn_err(ps, col, "expected %s from %lld to %lld, found '%.*s'",
			       what, (long long)lo, (long long)hi,
			       (int)(n < 24 ? n : 24), s);
	*out = neg ? -(int64_t)v : (int64_t)v;
	return true;
}

/* A time: 0, or a decimal number with a unit (ns, us, ms, s). */
static bool scn_time(struct scn_parser *ps, const char *s, size_t n, unsigned int col,
		     uint64_t lo, uint64_t hi, uint64_t *out)
{
	static const struct { const char *u; uint64_t scale; } units[] = {
		{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 }, { "s", 1000000000 },
	};
	size_t ip = 0, fp, fn = 0, un, k;
	uint64_t iv, fv = 0, scale = 0, frac_scale = 1, ns;
	char lo_s[24], hi_s[24];

	prog_print_time(lo, lo_s, sizeof(lo_s));
	prog_print_time(hi, hi_s, sizeof(hi_s));
	if (n == 1 && s[0] == '0') {
		ns = 0;
		goto range;
	}
	while (ip < n && s[ip] >= '0' && s[ip] <= '9')
		ip++;
	fp = ip;
	if (fp < n && s[fp] == '.') {
		fp++;
		while (fp + fn < n && s[fp + fn] >= '0' && s[fp + fn] <= '9')
			fn++;
	}
	un = fp + fn;
	for (k = 0; k < 4; k++)
		if (n - un == strlen(units[k].u) && !memcmp(s + un, units[k].u, n - un))
			scale = units[k].scale;
	if (!ip || (fp > ip && !fn) || !scale || fn > 9 ||
	    !scn_digits(s, ip, 100000000000ULL, &iv) ||
	    (fn && !scn_digits(s + fp, fn, 1000000000ULL, &fv)))
		return scn_err(ps, col,
			       "expected a time such as 2ms or 1.5us (units ns, us, ms, s), found '%.*s'",
			       (int)(n < 24 ? n : 24), s);
	for (k = 0; k < fn; k++)
		frac_scale *= 10;
	if (iv > PROG_MAX_TIME_NS / scale + 1)
		return scn_err(ps, col, "expected a time from %s to %s, found '%.*s'",
			       lo_s, hi_s, (int)(n < 24 ? n : 24), s);
	if ((fv * scale) % frac_scale)
		return scn_err(ps, col, "'%.*s' is not a whole number of nanoseconds",
			       (int)(n < 24 ? n : 24), s);
	ns = iv * scale + fv * scale / frac_scale;
range:
	if (ns < lo || ns > hi)
		return scn_err(ps, col, "expected a time from %s to %s, found '%.*s'",
			       lo_s, hi_s, (int)(n < 24 ? n : 24), s);
	if (!prog_time_representable(ns))
		return scn_err(ps, col,
			       "'%.*s' cannot be stored: times over 1.073741823s must be whole microseconds",
			       (int)(n < 24 ? n : 24), s);
	*out = ns;
	return true;
}

/* A CPU list: "all", or "0,2", "0-3", "0-1,3"; every CPU must exist. */
static bool scn_cpulist(struct scn_parser *ps, const char *s, size_t n, unsigned int col,
			uint8_t *mask)
{
	size_t i = 0;

	if (n == 3 && !memcmp(s, "all", 3)) {
		*mask = prog_all_cpus(ps->p);
		return true;
	}
	*mask = 0;
	while (i < n) {
		uint64_t a, b;
		size_t j = i;

		while (j < n && s[j] >= '0' && s[j] <= '9')
			j++;
		if (!scn_digits(s + i, j - i, 1000, &a))
			goto bad;
		b = a;
		if (j < n && s[j] == '-') {
			size_t k = ++j;

			while (j < n && s[j] >= '0' && s[j] <= '9')
				j++;
			if (!scn_digits(s + k, j - k, 1000, &b) || b < a)
				goto bad;
		}
		if (b >= ps->p->nr_cpus)
			return scn_err(ps, col + (unsigned int)i,
				       "CPU %llu does not exist: the machine has CPUs 0-%u",
				       (unsigned long long)b, ps->p->nr_cpus - 1u);
		for (; a <= b; a++)
			*mask |= (uint8_t)(1u << a);
		if (j < n && s[j] != ',')
			goto bad;
		i = j + 1;
		if (j + 1 == n)
			goto bad;	/* trailing comma */
	}
	if (*mask)
		return true;
bad:
	return scn_err(ps, col,
		       "expected a CPU list such as 0,2 or 0-3 or all, found '%.*s'",
		       (int)(n < 24 ? n : 24), s);
}

/* "cpuN:" */
static bool scn_cpu_colon(struct scn_parser *ps, unsigned int i, uint8_t *cpu)
{
	const struct scn_tok *t = &ps->toks[i];
	uint64_t v;

	if (i >= ps->nr_toks || t->n < 5 || memcmp(t->s, "cpu", 3) ||
	    t->s[t->n - 1] != ':' || !scn_digits(t->s + 3, t->n - 4, 1000, &v))
		return scn_expected(ps, i, "a CPU such as 'cpu0:'");
	if (v >= ps->p->nr_cpus)
		return scn_err(ps, t->col, "cpu%llu does not exist: the machine has cpu0-cpu%u",
			       (unsigned long long)v, ps->p->nr_cpus - 1u);
	*cpu = (uint8_t)v;
	return true;
}

/* ---------------------------------------------------------------------- */
/* Names */

static int scn_find(const char (*names)[PROG_NAME_MAX + 1], unsigned int n,
		    const struct scn_tok *t)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (scn_tok_is(t, names[i]))
			return (int)i;
	return -1;
}

/* A task named by word i: its pid. */
static bool scn_task_ref(struct scn_parser *ps, unsigned int i, uint16_t *pid)
{
	const struct scn_names *nm = &ps->names;
	char q[32];
	int k;

	if (i >= ps->nr_toks)
		return scn_expected(ps, i, "a task name");
	k = scn_find(nm->tasks, nm->nr_tasks, &ps->toks[i]);
	if (k >= 0) {
		*pid = (uint16_t)(k + 1);
		return true;
	}
	k = scn_find(nm->forks, nm->nr_forks, &ps->toks[i]);
	if (k >= 0) {
		*pid = (uint16_t)(nm->nr_tasks + (unsigned int)k + 1);
		return true;
	}
	if (scn_find(nm->mutexes, nm->nr_mutexes, &ps->toks[i]) >= 0)
		return scn_err(ps, ps->toks[i].col, "'%s' is a mutex; expected a task name",
			       scn_q(&ps->toks[i], q));
	return scn_err(ps, ps->toks[i].col,
		       "unknown task '%s': declare it with 'task %s ...' or fork it",
		       scn_q(&ps->toks[i], q), scn_q(&ps->toks[i], q));
}

static bool scn_mutex_ref(struct scn_parser *ps, unsigned int i, uint8_t *id)
{
	const struct scn_names *nm = &ps->names;
	char q[32];
	int k;

	if (i >= ps->nr_toks)
		return scn_expected(ps, i, "a mutex name");
	k = scn_find(nm->mutexes, nm->nr_mutexes, &ps->toks[i]);
	if (k >= 0) {
		*id = (uint8_t)k;
		return true;
	}
	if (scn_find(nm->tasks, nm->nr_tasks, &ps->toks[i]) >= 0 ||
	    scn_find(nm->forks, nm->nr_forks, &ps->toks[i]) >= 0)
		return scn_err(ps, ps->toks[i].col, "'%s' is a task; expected a mutex name",
			       scn_q(&ps->toks[i], q));
	return scn_err(ps, ps->toks[i].col,
		       "unknown mutex '%s': declare it with 'mutex %s'",
		       scn_q(&ps->toks[i], q), scn_q(&ps->toks[i], q));
}

/* A new name at word i, not declared before in this pass. */
static bool scn_new_name(struct scn_parser *ps, unsigned int i, char *dst,
			 const char *what)
{
	const struct program *p = ps->p;
	unsigned int k, fork;

	if (i >= ps->nr_toks)
		return scn_expected(ps, i, what);
	if (!scn_name_of(&ps->toks[i], dst)) {
		char want[160];

		snprintf(want, sizeof(want),
			 "%s: a letter or _ then letters, digits or _, at most %d characters, not an operation name or 'self'",
			 what, PROG_NAME_MAX);
		return scn_expected(ps, i, want);
	}
	for (k = 0; k < p->nr_tasks; k++)
		if (!strcmp(p->tasks[k].name, dst))
			goto dup_task;
	for (k = 0, fork = 0; k < p->nr_ops; k++) {
		if (p->ops[k].kind != SIM_OP_FORK)
			continue;
		if (!strcmp(p->ops[k].name, dst))
			return scn_err(ps, ps->toks[i].col,
				       "'%s' is already a task, forked at line %u",
				       dst, ps->task_line[ps->names.nr_tasks + fork]);
		fork++;
	}
	for (k = 0; k < p->nr_mutexes; k++)
		if (!strcmp(p->mutexes[k], dst))
			return scn_err(ps, ps->toks[i].col,
				       "'%s' is already a mutex, declared at line %u",
				       dst, ps->mutex_line[k]);
	return true;
dup_task:
	return scn_err(ps, ps->toks[i].col, "'%s' is already a task, declared at line %u",
		       dst, ps->task_line[k]);
}

/* ---------------------------------------------------------------------- */
/* Scheduling parameters and key=value attributes */

enum scn_key {
	K_NICE, K_PRIO, K_RUNTIME, K_DEADLINE, K_PERIOD, K_CPUS, K_CPU, K_AT,
	K_TIMEOUT, K_NR,
};

static const char *const scn_keys[K_NR] = {
	"nice", "prio", "runtime", "deadline", "period", "cpus", "cpu", "at", "timeout",
};

struct scn_attrs {
	bool has[K_NR];
	unsigned int col[K_NR];	/* of the value */
	int64_t nice, prio;
	uint64_t runtime, deadline, period, at, timeout;
	uint8_t cpus, cpu;
};

/* "nice=, cpus=, cpu=" */
static void scn_keylist(unsigned int allowed, char *buf, size_t len)
{
	size_t w = 0;
	unsigned int k;

	buf[0] = '\0';
	for (k = 0; k < K_NR && w < len; k++)
		if (allowed & (1u << k))
			w += (size_t)snprintf(buf + w, len - w, "%s%s=", w ? ", " : "",
					      scn_keys[k]);
}

/* Parse words from..end as key=value with the keys in 'allowed'. */
static bool scn_attrs(struct scn_parser *ps, unsigned int from, unsigned int allowed,
		      const char *where, struct scn_attrs *a)
{
	unsigned int i;
	char q[32], keys[128];

	memset(a, 0, sizeof(*a));
	scn_keylist(allowed, keys, sizeof(keys));
	for (i = from; i < ps->nr_toks; i++) {
		const struct scn_tok *t = &ps->toks[i];
		const char *eq = memchr(t->s, '=', t->n);
		size_t kn, vn;
		const char *v;
		unsigned int k, vcol;

		if (!eq) {
			if (!allowed)
				return scn_err(ps, t->col, "expected end of line after %s, found '%s'",
					       where, scn_q(t, q));
			return scn_err(ps, t->col, "expected %s, found '%s'", keys,
				       scn_q(t, q));
		}
		kn = (size_t)(eq - t->s);
		v = eq + 1;
		vn = t->n - kn - 1;
		vcol = t->col + (unsigned int)kn + 1;
		for (k = 0; k < K_NR; k++)
			if (kn == strlen(scn_keys[k]) && !memcmp(t->s, scn_keys[k], kn))
				break;
		if (k == K_NR || !(allowed & (1u << k)))
			return scn_err(ps, t->col, "'%.*s=' does not apply to %s; expected %s",
				       (int)(kn < 24 ? kn : 24), t->s, where,
				       allowed ? keys : "nothing more");
		if (a->has[k])
			return scn_err(ps, t->col, "%s= given twice", scn_keys[k]);
		a->has[k] = true;
		a->col[k] = vcol;
		switch (k) {
		case K_NICE:
			if (!scn_int(ps, v, vn, vcol, -20, 19, "a nice value", &a->nice))
				return false;
			break;
		case K_PRIO:
			if (!scn_int(ps, v, vn, vcol, 1, 99, "an RT priority", &a->prio))
				return false;
			break;
		case K_RUNTIME:
			if (!scn_time(ps, v, vn, vcol, PROG_DL_MIN_RUNTIME_NS,
				      PROG_DL_MAX_PERIOD_NS, &a->runtime))
				return false;
			break;
		case K_DEADLINE:
			if (!scn_time(ps, v, vn, vcol, PROG_DL_MIN_RUNTIME_NS,
				      PROG_DL_MAX_PERIOD_NS, &a->deadline))
				return false;
			break;
		case K_PERIOD:
			if (!scn_time(ps, v, vn, vcol, PROG_DL_MIN_PERIOD_NS,
				      PROG_DL_MAX_PERIOD_NS, &a->period))
				return false;
			break;
		case K_CPUS:
			if (!scn_cpulist(ps, v, vn, vcol, &a->cpus))
				return false;
			break;
		case K_CPU: {
			int64_t c;

			if (!scn_int(ps, v, vn, vcol, 0, ps->p->nr_cpus - 1, "a CPU", &c))
				return false;
			a->cpu = (uint8_t)c;
			break;
		}
		case K_AT:
			if (!scn_time(ps, v, vn, vcol, 0, PROG_MAX_TIME_NS, &a->at))
				return false;
			break;
		case K_TIMEOUT:
			if (!scn_time(ps, v, vn, vcol, 1, PROG_MAX_TIME_NS, &a->timeout))
				return false;
			break;
		}
	}
	return true;
}

#define KB(k)		(1u << (k))
#define K_SCHED		(KB(K_NICE) | KB(K_PRIO) | KB(K_RUNTIME) | KB(K_DEADLINE) | KB(K_PERIOD))

/* Policy word at i, then its parameters among the attributes from i+1
 * (extra: the other keys allowed).  Fills s and a. */
static bool scn_sched(struct scn_parser *ps, unsigned int i, unsigned int extra,
		      const char *where, struct prog_sched *s, struct scn_attrs *a)
{
	unsigned int pol, allowed = extra;
	char q[32];

	memset(s, 0, sizeof(*s));
	if (i >= ps->nr_toks)
		return scn_expected(ps, i, "a policy: normal, batch, idle, fifo, rr or dl");
	for (pol = 0; pol < PROG_NR_POLICIES; pol++)
		if (scn_tok_is(&ps->toks[i], prog_policy_name(pol)))
			break;
	if (pol == PROG_NR_POLICIES && scn_tok_is(&ps->toks[i], "deadline"))
		pol = PROG_DEADLINE;
	if (pol == PROG_NR_POLICIES)
		return scn_expected(ps, i, "a policy: normal, batch, idle, fifo, rr or dl");
	s->policy = (uint8_t)pol;
	switch (pol) {
	case PROG_FIFO:
	case PROG_RR:
		allowed |= KB(K_PRIO);
		break;
	case PROG_DEADLINE:
		allowed |= KB(K_RUNTIME) | KB(K_DEADLINE) | KB(K_PERIOD);
		break;
	default:
		allowed |= KB(K_NICE);
		break;
	}
	{
		char w[64];

		snprintf(w, sizeof(w), "%s with policy %s", where, prog_policy_name(pol));
		if (!scn_attrs(ps, i + 1, allowed, w, a))
			return false;
	}
	switch (pol) {
	case PROG_FIFO:
	case PROG_RR:
		if (!a->has[K_PRIO])
			return scn_err(ps, ps->toks[i].col + (unsigned int)ps->toks[i].n,
				       "expected prio=N (1..99) after '%s'", scn_q(&ps->toks[i], q));
		s->rt_prio = (uint8_t)a->prio;
		break;
	case PROG_DEADLINE:
		if (!a->has[K_RUNTIME] || !a->has[K_DEADLINE])
			return scn_err(ps, ps->toks[i].col + (unsigned int)ps->toks[i].n,
				       "expected runtime=T and deadline=T (and period=T) after '%s'",
				       scn_q(&ps->toks[i], q));
		s->runtime = a->runtime;
		s->deadline = a->deadline;
		s->period = a->has[K_PERIOD] ? a->period : a->deadline;
		if (s->runtime > s->deadline)
			return scn_err(ps, a->col[K_RUNTIME],
				       "runtime must not exceed deadline");
		if (s->deadline > s->period)
			return scn_err(ps, a->col[K_PERIOD],
				       "deadline must not exceed period");
		if (s->period < PROG_DL_MIN_PERIOD_NS)
			return scn_err(ps, a->col[K_DEADLINE],
				       "the period (deadline when period= is left out) must be at least 100us");
		break;
	default:
		s->nice = (int8_t)a->nice;
		break;
	}
	return true;
}

/* ---------------------------------------------------------------------- */
/* Statements */

static bool scn_stmt_cpus(struct scn_parser *ps)
{
	int64_t n;

	if (ps->seen_cpus)
		return scn_err(ps, ps->toks[0].col, "'cpus' given twice");
	if (ps->nr_toks < 2)
		return scn_expected(ps, 1, "a CPU count from 2 to 8");
	if (!scn_int(ps, ps->toks[1].s, ps->toks[1].n, ps->toks[1].col,
		     PROG_MIN_CPUS, PROG_MAX_CPUS, "a CPU count", &n))
		return false;
	if (ps->nr_toks > 2)
		return scn_expected(ps, 2, "end of line");
	ps->p->nr_cpus = (uint8_t)n;
	ps->seen_cpus = true;
	return true;
}

static bool scn_stmt_task(struct scn_parser *ps)
{
	struct program *p = ps->p;
	struct prog_task *t;
	struct scn_attrs a;

	if (p->nr_tasks == PROG_MAX_TASKS)
		return scn_err(ps, ps->toks[0].col, "too many tasks: at most %d",
			       PROG_MAX_TASKS);
	t = &p->tasks[p->nr_tasks];
	memset(t, 0, sizeof(*t));
	if (!scn_new_name(ps, 1, t->name, "a task name"))
		return false;
	if (!scn_sched(ps, 2, KB(K_CPUS) | KB(K_CPU) | KB(K_AT), "a task", &t->sched, &a))
		return false;
	t->cpus = a.has[K_CPUS] ? a.cpus : prog_all_cpus(p);
	t->cpu = a.cpu;
	t->at = a.at;
	ps->task_line[p->nr_tasks] = ps->line;
	p->nr_tasks++;
	return true;
}

static bool scn_stmt_mutex(struct scn_parser *ps)
{
	struct program *p = ps->p;

	if (p->nr_mutexes == PROG_MAX_MUTEXES)
		return scn_err(ps, ps->toks[0].col, "too many mutexes: at most %d",
			       PROG_MAX_MUTEXES);
	if (!scn_new_name(ps, 1, p->mutexes[p->nr_mutexes], "a mutex name"))
		return false;
	if (ps->nr_toks > 2)
		return scn_expected(ps, 2, "end of line");
	ps->mutex_line[p->nr_mutexes] = ps->line;
	p->nr_mutexes++;
	return true;
}

static int scn_op_kind(const struct scn_tok *t)
{
	unsigned int k;

	for (k = 0; k < SIM_NR_OPS; k++)
		if (scn_tok_is(t, prog_op_name(k)))
			return (int)k;
	return -1;
}

static bool scn_no_more(struct scn_parser *ps, unsigned int i, const char *after)
{
	char want[64];

	if (i >= ps->nr_toks)
		return true;
	snprintf(want, sizeof(want), "end of line after '%s'", after);
	return scn_expected(ps, i, want);
}

static const char scn_op_list[] =
	"an operation (mutex_lock, mutex_lock_killable, mutex_lock_interruptible, "
	"mutex_unlock, sleep, sched_yield, exit, fork, sched_setattr, "
	"sched_setaffinity, tick, schedule, wake_up_process, signal, "
	"migrate_disable, migrate_enable)";

/* at TIME cpuN: [ACTOR] OP ARGS */
static bool scn_stmt_at(struct scn_parser *ps)
{
	struct program *p = ps->p;
	struct prog_op *op;
	struct scn_attrs a;
	unsigned int i = 3;
	const char *name;
	int kind;
	char q[32];

	if (p->nr_ops == PROG_MAX_OPS)
		return scn_err(ps, ps->toks[0].col, "too many operations: at most %d",
			       PROG_MAX_OPS);
	op = &p->ops[p->nr_ops];
	memset(op, 0, sizeof(*op));
	if (ps->nr_toks < 2)
		return scn_expected(ps, 1, "a time such as 2ms");
	if (!scn_time(ps, ps->toks[1].s, ps->toks[1].n, ps->toks[1].col, 0,
		      PROG_MAX_TIME_NS, &op->at))
		return false;
	if (!scn_cpu_colon(ps, 2, &op->cpu))
		return false;
	if (i >= ps->nr_toks)
		return scn_expected(ps, i, scn_op_list);
	kind = scn_op_kind(&ps->toks[i]);
	if (kind < 0) {
		/* An actor, then the operation. */
		if (i + 1 >= ps->nr_toks || scn_op_kind(&ps->toks[i + 1]) < 0) {
			if (scn_find(ps->names.tasks, ps->names.nr_tasks, &ps->toks[i]) < 0 &&
			    scn_find(ps->names.forks, ps->names.nr_forks, &ps->toks[i]) < 0)
				return scn_expected(ps, i, scn_op_list);
			return scn_expected(ps, i + 1, scn_op_list);
		}
		if (!scn_task_ref(ps, i, &op->actor))
			return false;
		kind = scn_op_kind(&ps->toks[++i]);
		if (!prog_op_is_task_op((unsigned int)kind))
			return scn_err(ps, ps->toks[i - 1].col,
				       "'%s' is done by the CPU, not by a task: remove '%s'",
				       prog_op_name((unsigned int)kind), scn_q(&ps->toks[i - 1], q));
	}
	op->kind = (uint8_t)kind;
	name = prog_op_name((unsigned int)kind);
	i++;
	switch (kind) {
	case SIM_OP_MUTEX_LOCK:
	case SIM_OP_MUTEX_LOCK_KILLABLE:
	case SIM_OP_MUTEX_LOCK_INTERRUPTIBLE:
	case SIM_OP_MUTEX_UNLOCK:
		if (!scn_mutex_ref(ps, i, &op->mutex))
			return false;
		if (!scn_no_more(ps, i + 1, name))
			return false;
		break;
	case SIM_OP_SLEEP:
		if (!scn_attrs(ps, i, KB(K_TIMEOUT), "sleep", &a))
			return false;
		op->timeout = a.timeout;
		break;
	case SIM_OP_FORK: {
		unsigned int pid = ps->names.nr_tasks + ps->nr_forks + 1;

		if (pid > PROG_MAX_NAMED)
			return scn_err(ps, ps->toks[i - 1].col, "too many tasks");
		if (!scn_new_name(ps, i, op->name, "the child's name"))
			return false;
		if (!scn_sched(ps, i + 1, KB(K_CPUS), "fork", &op->sched, &a))
			return false;
		op->cpus = a.has[K_CPUS] ? a.cpus : prog_all_cpus(p);
		ps->task_line[pid - 1] = ps->line;
		ps->nr_forks++;
		break;
	}
	case SIM_OP_SETSCHEDULER:
	case SIM_OP_SETAFFINITY:
		if (i < ps->nr_toks && scn_tok_is(&ps->toks[i], "self"))
			op->task = 0;
		else if (i >= ps->nr_toks)
			return scn_expected(ps, i, "a task name or 'self'");
		else if (!scn_task_ref(ps, i, &op->task))
			return false;
		if (kind == SIM_OP_SETSCHEDULER) {
			if (!scn_sched(ps, i + 1, 0, "sched_setattr", &op->sched, &a))
				return false;
		} else {
			if (!scn_attrs(ps, i + 1, KB(K_CPUS), "sched_setaffinity", &a))
				return false;
			if (!a.has[K_CPUS])
				return scn_err(ps, ps->end_col,
					       "expected cpus=LIST after the task, found end of line");
			op->cpus = a.cpus;
		}
		break;
	case SIM_OP_WAKE:
		if (!scn_task_ref(ps, i, &op->task) || !scn_no_more(ps, i + 1, name))
			return false;
		break;
	case SIM_OP_SIGNAL:
		if (!scn_task_ref(ps, i, &op->task))
			return false;
		i++;
		if (i < ps->nr_toks && scn_tok_is(&ps->toks[i], "SIGKILL"))
			op->sig = PROG_SIGKILL;
		else if (i < ps->nr_toks && scn_tok_is(&ps->toks[i], "SIGUSR1"))
			op->sig = PROG_SIGUSR1;
		else
			return scn_expected(ps, i, "SIGKILL or SIGUSR1");
		if (!scn_no_more(ps, i + 1, "the signal"))
			return false;
		break;
	default:	/* sched_yield, exit, tick, schedule, migrate_* */
		if (!scn_no_more(ps, i, name))
			return false;
		break;
	}
	p->nr_ops++;
	return true;
}

/* choices 0 0 1 0*12 ... */
static bool scn_stmt_choices(struct scn_parser *ps)
{
	struct program *p = ps->p;
	unsigned int i;

	if (ps->nr_toks < 2)
		return scn_expected(ps, 1, "choice values 0..255 (V or V*COUNT)");
	for (i = 1; i < ps->nr_toks; i++) {
		const struct scn_tok *t = &ps->toks[i];
		const char *star = memchr(t->s, '*', t->n);
		size_t vn = star ? (size_t)(star - t->s) : t->n;
		uint64_t v, r = 1;

		if (!scn_digits(t->s, vn, 1000, &v) || v > 255 ||
		    (star && (!scn_digits(star + 1, t->n - vn - 1, 100000, &r) || !r)))
			return scn_expected(ps, i, "a choice 0..255, or V*COUNT such as 0*12");
		if (p->nr_choices + r > PROG_MAX_CHOICES)
			return scn_err(ps, t->col, "too many choices: at most %d",
				       PROG_MAX_CHOICES);
		memset(p->choices + p->nr_choices, (int)v, (size_t)r);
		p->nr_choices = (uint16_t)(p->nr_choices + r);
	}
	return true;
}

static bool scn_stmt(struct scn_parser *ps)
{
	const struct scn_tok *t = &ps->toks[0];

	if (scn_tok_is(t, "cpus"))
		return scn_stmt_cpus(ps);
	if (!ps->seen_cpus) {
		if (scn_tok_is(t, "task") || scn_tok_is(t, "mutex") ||
		    scn_tok_is(t, "at") || scn_tok_is(t, "choices"))
			return scn_err(ps, t->col,
				       "expected 'cpus N' (the machine's size) before '%.*s'",
				       (int)t->n, t->s);
	} else {
		if (scn_tok_is(t, "task"))
			return scn_stmt_task(ps);
		if (scn_tok_is(t, "mutex"))
			return scn_stmt_mutex(ps);
		if (scn_tok_is(t, "at"))
			return scn_stmt_at(ps);
		if (scn_tok_is(t, "choices"))
			return scn_stmt_choices(ps);
	}
	return scn_expected(ps, 0, "'cpus', 'task', 'mutex', 'at' or 'choices'");
}

/* ---------------------------------------------------------------------- */
/* Passes */

/* Pass 1: names declared by task, mutex and fork lines, in order.  Lines
 * it cannot read are left for pass 2 to report. */
static void scn_collect(struct scn_parser *ps, const struct scn_tok *toks,
			unsigned int n)
{
	struct scn_names *nm = &ps->names;
	unsigned int i;

	if (n >= 2 && scn_tok_is(&toks[0], "task") && nm->nr_tasks < PROG_MAX_TASKS) {
		if (scn_name_of(&toks[1], nm->tasks[nm->nr_tasks]))
			nm->nr_tasks++;
		return;
	}
	if (n >= 2 && scn_tok_is(&toks[0], "mutex") && nm->nr_mutexes < PROG_MAX_MUTEXES) {
		if (scn_name_of(&toks[1], nm->mutexes[nm->nr_mutexes]))
			nm->nr_mutexes++;
		return;
	}
	if (n >= 5 && scn_tok_is(&toks[0], "at") && nm->nr_forks < PROG_MAX_OPS) {
		i = scn_tok_is(&toks[3], "fork") ? 3 : 4;
		if (i + 1 < n && scn_tok_is(&toks[i], "fork") &&
		    scn_name_of(&toks[i + 1], nm->forks[nm->nr_forks]))
			nm->nr_forks++;
	}
}

/* Run fn over every line; stop at the first false. */
static bool scn_lines(struct scn_parser *ps, bool pass2)
{
	size_t pos = 0;

	ps->line = 0;
	while (pos < ps->len) {
		const char *s = ps->text + pos;
		const char *nl = memchr(s, '\n', ps->len - pos);
		size_t n = nl ? (size_t)(nl - s) : ps->len - pos;

		ps->line++;
		pos += n + 1;
		if (!scn_split(ps, s, n)) {
			if (pass2)
				return false;
			continue;
		}
		if (!ps->nr_toks)
			continue;
		if (!pass2)
			scn_collect(ps, ps->toks, ps->nr_toks);
		else if (!scn_stmt(ps))
			return false;
	}
	return true;
}

bool prog_parse(struct program *p, const char *text, size_t len,
		const char *file, char *err, size_t errlen)
{
	static struct scn_parser ps;	/* large; no allocation; not reentrant */
	char scratch[8];

	memset(&ps, 0, sizeof(ps));
	ps.text = text;
	ps.len = len;
	ps.file = file ? file : "<input>";
	ps.p = p;
	ps.err = errlen ? err : scratch;
	ps.errlen = errlen ? errlen : sizeof(scratch);
	prog_init(p);
	if (len > PROG_MAX_TEXT) {
		ps.line = 1;
		return scn_err(&ps, 1, "the scenario is longer than %d bytes", PROG_MAX_TEXT);
	}
	if (!len)
		return true;
	scn_lines(&ps, false);
	if (!scn_lines(&ps, true))
		return false;
	/* Both passes must agree on the tasks; they do on valid text. */
	if (ps.names.nr_tasks != p->nr_tasks || ps.names.nr_forks != ps.nr_forks ||
	    ps.names.nr_mutexes != p->nr_mutexes) {
		ps.line_n = 0;
		return scn_err(&ps, 1, "internal error: the name passes disagree");
	}
	{
		char msg[160];

		if (!prog_check(p, msg, sizeof(msg))) {
			ps.line_n = 0;
			return scn_err(&ps, 1, "internal error: %s", msg);
		}
	}
	return true;
}

/* ---------------------------------------------------------------------- */
/* Printing */

struct scn_out {
	char *buf;
	size_t len;
	size_t pos;
};

static void __attribute__((format(printf, 2, 3)))
out(struct scn_out *o, const char *fmt, ...)
{
	va_list ap;
	int w;

	va_start(ap, fmt);
	w = vsnprintf(o->pos < o->len ? o->buf + o->pos : NULL,
		      o->pos < o->len ? o->len - o->pos : 0, fmt, ap);
	va_end(ap);
	if (w > 0)
		o->pos += (size_t)w;
}

void prog_print_time(uint64_t ns, char *buf, size_t len)
{
	static const char *const units[] = { "s", "ms", "us", "ns" };
	static const uint64_t scale[] = { 1000000000, 1000000, 1000, 1 };
	int u;

	if (!ns) {
		snprintf(buf, len, "0");
		return;
	}
	for (u = 0; u < 3 && ns % scale[u]; u++)
		;
	snprintf(buf, len, "%llu%s", (unsigned long long)(ns / scale[u]), units[u]);
}

static void out_time(struct scn_out *o, uint64_t ns)
{
	char t[32];

	prog_print_time(ns, t, sizeof(t));
	out(o, "%s", t);
}

/* Kernel cpulist format: "0-1,3". */
static void out_cpulist(struct scn_out *o, uint8_t mask)
{
	unsigned int c = 0;
	bool first = true;

	while (c < 8) {
		unsigned int e;

		if (!(mask & (1u << c))) {
			c++;
			continue;
		}
		for (e = c; e + 1 < 8 && (mask & (1u << (e + 1))); e++)
			;
		out(o, first ? "%u" : ",%u", c);
		if (e > c)
			out(o, "-%u", e);
		first = false;
		c = e + 1;
	}
}

static void out_sched(struct scn_out *o, const struct prog_sched *s)
{
	out(o, "%s", prog_policy_name(s->policy));
	switch (s->policy) {
	case PROG_FIFO:
	case PROG_RR:
		out(o, " prio=%u", s->rt_prio);
		break;
	case PROG_DEADLINE:
		out(o, " runtime=");
		out_time(o, s->runtime);
		out(o, " deadline=");
		out_time(o, s->deadline);
		out(o, " period=");
		out_time(o, s->period);
		break;
	default:
		if (s->nice)
			out(o, " nice=%d", s->nice);
		break;
	}
}

static void out_task_ref(struct scn_out *o, const struct program *p, unsigned int pid)
{
	const char *n = prog_task_name(p, pid);

	out(o, "%s", n ? n : "?");
}

static void out_op(struct scn_out *o, const struct program *p, const struct prog_op *op)
{
	if (op->actor) {
		out_task_ref(o, p, op->actor);
		out(o, " ");
	}
	out(o, "%s", prog_op_name(op->kind));
	switch (op->kind) {
	case SIM_OP_MUTEX_LOCK:
	case SIM_OP_MUTEX_LOCK_KILLABLE:
	case SIM_OP_MUTEX_LOCK_INTERRUPTIBLE:
	case SIM_OP_MUTEX_UNLOCK:
		out(o, " %s", op->mutex < p->nr_mutexes ? p->mutexes[op->mutex] : "?");
		break;
	case SIM_OP_SLEEP:
		if (op->timeout) {
			out(o, " timeout=");
			out_time(o, op->timeout);
		}
		break;
	case SIM_OP_FORK:
		out(o, " %s ", op->name);
		out_sched(o, &op->sched);
		if (op->cpus != prog_all_cpus(p)) {
			out(o, " cpus=");
			out_cpulist(o, op->cpus);
		}
		break;
	case SIM_OP_SETSCHEDULER:
	case SIM_OP_SETAFFINITY:
		out(o, " ");
		if (op->task)
			out_task_ref(o, p, op->task);
		else
			out(o, "self");
		out(o, " ");
		if (op->kind == SIM_OP_SETSCHEDULER) {
			out_sched(o, &op->sched);
		} else {
			out(o, "cpus=");
			out_cpulist(o, op->cpus);
		}
		break;
	case SIM_OP_WAKE:
		out(o, " ");
		out_task_ref(o, p, op->task);
		break;
	case SIM_OP_SIGNAL:
		out(o, " ");
		out_task_ref(o, p, op->task);
		out(o, " %s", prog_sig_name(op->sig));
		break;
	default:
		break;
	}
}

size_t prog_print_op(const struct program *p, const struct prog_op *op,
		     char *buf, size_t len)
{
	struct scn_out o = { buf, len, 0 };

	if (len)
		buf[0] = '\0';
	out_op(&o, p, op);
	return o.pos;
}

/* Choices: runs of three or more as V*COUNT, sixteen items a line. */
static void out_choices(struct scn_out *o, const struct program *p)
{
	unsigned int i = 0, items = 0;

	while (i < p->nr_choices) {
		unsigned int r = 1;

		while (i + r < p->nr_choices && p->choices[i + r] == p->choices[i])
			r++;
		if (r < 3)
			r = 1;
		out(o, "%s", items % 16 ? " " : items ? "\nchoices " : "choices ");
		if (r >= 3)
			out(o, "%u*%u", p->choices[i], r);
		else
			out(o, "%u", p->choices[i]);
		items++;
		i += r;
	}
	if (items)
		out(o, "\n");
}

size_t prog_print(const struct program *p, char *buf, size_t len)
{
	struct scn_out o = { buf, len, 0 };
	unsigned int i;

	if (len)
		buf[0] = '\0';
	out(&o, "cpus %u\n", p->nr_cpus);
	if (p->nr_tasks || p->nr_mutexes)
		out(&o, "\n");
	for (i = 0; i < p->nr_tasks; i++) {
		const struct prog_task *t = &p->tasks[i];

		out(&o, "task %s ", t->name);
		out_sched(&o, &t->sched);
		if (t->cpus != prog_all_cpus(p)) {
			out(&o, " cpus=");
			out_cpulist(&o, t->cpus);
		}
		out(&o, " cpu=%u", t->cpu);
		if (t->at) {
			out(&o, " at=");
			out_time(&o, t->at);
		}
		out(&o, "\n");
	}
	for (i = 0; i < p->nr_mutexes; i++)
		out(&o, "mutex %s\n", p->mutexes[i]);
	if (p->nr_ops)
		out(&o, "\n");
	for (i = 0; i < p->nr_ops; i++) {
		const struct prog_op *op = &p->ops[i];

		out(&o, "at ");
		out_time(&o, op->at);
		out(&o, " cpu%u: ", op->cpu);
		out_op(&o, p, op);
		out(&o, "\n");
	}
	if (p->nr_choices)
		out(&o, "\n");
	out_choices(&o, p);
	return o.pos;
}
