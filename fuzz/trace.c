// SPDX-License-Identifier: GPL-2.0-only
/*
 * trace.c - watching a run through the simulator's trace hook.
 *
 * One watcher serves replay (notes on actors), replay --trace (ftrace-like
 * lines) and trace --perfetto (Chrome trace-event JSON).  It sees every
 * trace record; setting a hook never changes the run or its digest.
 *
 * The JSON's time axis counts trace records (1 us each): scheduling races
 * happen within one simulated instant, and a record clock spreads them
 * out.  Each event carries its simulated time in args, and a counter track
 * shows simulated time.
 */
#include <inttypes.h>
#include <string.h>

#include "sched.h"
#include "trace.h"

#define TRACE_MAX_PIDS		1024
#define TRACE_NAME		40

struct trace_rq {
	/* What the CPU runs, as last seen (at sched_switch or an rq unlock). */
	int curr, donor;		/* pids; -1 unknown, -2 freed */
	uint64_t curr_since, donor_since;
	/* The rq lock: who holds it, since when. */
	int holder;
	uint64_t held_since;
	const char *held_in;
};

struct trace_drop {
	bool pending;
	unsigned int intruders;		/* CPUs that took the lock meanwhile */
	uint64_t since;
	const char *in;
};

struct trace_watch {
	const struct program *p;
	FILE *text, *json;
	const char *title;

	/* Operations of each CPU in the order they run: (time, index). */
	uint16_t order[PROG_MAX_CPUS][PROG_MAX_OPS];
	unsigned int nr_order[PROG_MAX_CPUS], cursor[PROG_MAX_CPUS];
	bool ran[PROG_MAX_OPS];

	struct trace_note notes[TRACE_MAX_NOTES];
	unsigned int nr_notes;

	char fork_names[TRACE_MAX_PIDS][16];
	unsigned int choice_pos;
	uint64_t clock;			/* records seen: the JSON time axis */
	uint64_t last_time;
	bool json_sep;
	unsigned int async_id;

	struct trace_rq rq[PROG_MAX_CPUS];
	/* drops[k][c]: CPU k released rq c's lock and may retake it. */
	struct trace_drop drops[PROG_MAX_CPUS][PROG_MAX_CPUS];
};

static struct trace_watch trace_w;	/* one run at a time; no allocation */

/* ---------------------------------------------------------------------- */
/* Names */

static const char *trace_pid_name(struct trace_watch *w, int pid, int cpu,
				  char *buf)
{
	const char *n = NULL;
	struct task_struct *t;

	if (pid == -1)
		return "-";
	if (pid == -2)
		return "<freed>";
	if (pid == 0) {
		snprintf(buf, TRACE_NAME, "swapper/%d:0", cpu);
		return buf;
	}
	if (pid >= 900 && pid < 900 + SIM_MAX_CPUS) {
		snprintf(buf, TRACE_NAME, "migration/%d:%d", pid - 900, pid);
		return buf;
	}
	/* Set-up tasks by the program; children by their comm once forked
	 * (a child is TASK_NEW, and not found, until wake_up_new_task()),
	 * else by the program's fork order. */
	if (pid <= w->p->nr_tasks) {
		n = w->p->tasks[pid - 1].name;
	} else if (pid < TRACE_MAX_PIDS) {
		if (!w->fork_names[pid][0] && (t = sim_task_by_pid(pid)))
			snprintf(w->fork_names[pid], sizeof(w->fork_names[pid]), "%s", t->comm);
		n = w->fork_names[pid][0] ? w->fork_names[pid] :
		    prog_task_name(w->p, (unsigned int)pid);
	}
	if (n)
		snprintf(buf, TRACE_NAME, "%s:%d", n, pid);
	else
		snprintf(buf, TRACE_NAME, "?:%d", pid);
	return buf;
}

static int trace_task_pid(const struct task_struct *p)
{
	if (!p)
		return -1;
	if (sim_is_poisoned(p))
		return -2;
	return p->pid;
}

/* ---------------------------------------------------------------------- */
/* Output */

static void trace_line_head(const struct trace_watch *w, const struct sim_trace_rec *r)
{
	if (r->cpu >= 0)
		fprintf(w->text, "[%03d] ", r->cpu);
	else
		fprintf(w->text, "[---] ");
	fprintf(w->text, "%5" PRIu64 ".%09" PRIu64 ": ", r->time / 1000000000,
		r->time % 1000000000);
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_begin(struct trace_watch *w)
{
	fputs(w->json_sep ? ",\n" : "\n", w->json);
	w->json_sep = true;
}

/* A complete slice on track tid from a to b (record clock). */
static void json_slice(struct trace_watch *w, int tid, const char *name,
		       double a, double b, const char *cat)
{
	if (!w->json || b <= a)
		return;
	json_begin(w);
	fprintf(w->json, "{\"ph\":\"X\",\"pid\":0,\"tid\":%d,\"ts\":%.2f,\"dur\":%.2f,\"cat\":",
		tid, a, b - a);
	json_str(w->json, cat);
	fputs(",\"name\":", w->json);
	json_str(w->json, name);
	fputc('}', w->json);
}

/* A span that may overlap others (an async slice): a window in which
 * a CPU let go of an rq lock and then took it back. */
static void json_async(struct trace_watch *w, const char *name, uint64_t a,
		       uint64_t b, const char *from, const char *to)
{
	if (!w->json)
		return;
	w->async_id++;
	json_begin(w);
	fprintf(w->json, "{\"ph\":\"b\",\"pid\":0,\"tid\":0,\"id\":%u,\"ts\":%" PRIu64
		",\"cat\":\"rq lock dropped\",\"name\":", w->async_id, a);
	json_str(w->json, name);
	fputs(",\"args\":{\"released_in\":", w->json);
	json_str(w->json, from);
	fputs(",\"retaken_in\":", w->json);
	json_str(w->json, to);
	fputs("}}", w->json);
	json_begin(w);
	fprintf(w->json, "{\"ph\":\"e\",\"pid\":0,\"tid\":0,\"id\":%u,\"ts\":%" PRIu64
		",\"cat\":\"rq lock dropped\",\"name\":", w->async_id, b);
	json_str(w->json, name);
	fputc('}', w->json);
}

/* An instant on track tid (or global with tid < 0), with the simulated
 * time and an optional detail string in args. */
static void json_instant(struct trace_watch *w, int tid, const char *name,
			 const char *cat, uint64_t time, const char *detail)
{
	if (!w->json)
		return;
	json_begin(w);
	if (tid >= 0)
		fprintf(w->json, "{\"ph\":\"i\",\"s\":\"t\",\"pid\":0,\"tid\":%d,", tid);
	else
		fputs("{\"ph\":\"i\",\"s\":\"g\",\"pid\":0,\"tid\":0,", w->json);
	fprintf(w->json, "\"ts\":%" PRIu64 ",\"cat\":", w->clock);
	json_str(w->json, cat);
	fputs(",\"name\":", w->json);
	json_str(w->json, name);
	fprintf(w->json, ",\"args\":{\"sim_time_ns\":%" PRIu64, time);
	if (detail) {
		fputs(",\"detail\":", w->json);
		json_str(w->json, detail);
	}
	fputs("}}", w->json);
}

static void json_meta(struct trace_watch *w, const char *what, int tid,
		      const char *name, int sort)
{
	json_begin(w);
	fprintf(w->json, "{\"ph\":\"M\",\"pid\":0,\"tid\":%d,\"name\":\"%s\",\"args\":{\"name\":",
		tid, what);
	json_str(w->json, name);
	fputs("}}", w->json);
	json_begin(w);
	fprintf(w->json, "{\"ph\":\"M\",\"pid\":0,\"tid\":%d,\"name\":\"thread_sort_index\","
		"\"args\":{\"sort_index\":%d}}", tid, sort);
}

#define TID_CPU(c)	(c)
#define TID_RQLOCK(c)	(100 + (c))

/* ---------------------------------------------------------------------- */
/* Runqueue state: slices of curr and donor per CPU */

static void trace_close_curr(struct trace_watch *w, int c)
{
	struct trace_rq *q = &w->rq[c];
	char a[TRACE_NAME];

	if (q->curr == -1)
		return;
	json_slice(w, TID_CPU(c), trace_pid_name(w, q->curr, c, a),
		   (double)q->curr_since, (double)w->clock, "running");
}

/* The donor's slice sits inside the running task's, a quarter record in
 * from each end, so that it always nests. */
static void trace_close_donor(struct trace_watch *w, int c)
{
	struct trace_rq *q = &w->rq[c];
	char a[TRACE_NAME], b[TRACE_NAME + 8];

	if (q->donor == -1 || q->donor == q->curr)
		return;
	snprintf(b, sizeof(b), "donor %s", trace_pid_name(w, q->donor, c, a));
	json_slice(w, TID_CPU(c), b, (double)q->donor_since + 0.25,
		   (double)w->clock - 0.25, "donor");
}

static void trace_set_rq(struct trace_watch *w, int c, int curr, int donor,
			 const struct sim_trace_rec *r, bool print)
{
	struct trace_rq *q = &w->rq[c];
	char a[TRACE_NAME], b[TRACE_NAME];

	if (curr == q->curr && donor == q->donor)
		return;
	if (print && w->text && donor != q->donor && q->donor != -1) {
		trace_line_head(w, r);
		fprintf(w->text, "rq_donor rq=%d curr=%s donor=%s\n", c,
			trace_pid_name(w, curr, c, a), trace_pid_name(w, donor, c, b));
	}
	if (curr != q->curr) {
		trace_close_donor(w, c);
		trace_close_curr(w, c);
		q->curr = curr;
		q->curr_since = w->clock;
		q->donor = donor;
		q->donor_since = w->clock;
	} else {
		trace_close_donor(w, c);
		q->donor = donor;
		q->donor_since = w->clock;
	}
}

static void trace_observe_rq(struct trace_watch *w, int c, const struct sim_trace_rec *r)
{
	struct rq *rq = cpu_rq(c);

	trace_set_rq(w, c, trace_task_pid(rq->curr), trace_task_pid(rq->donor), r, true);
}

/* ---------------------------------------------------------------------- */
/* Records */

static int trace_op_index(struct trace_watch *w, int cpu, const char *what)
{
	unsigned int i;

	if (cpu < 0 || cpu >= PROG_MAX_CPUS || w->cursor[cpu] >= w->nr_order[cpu])
		return -1;
	i = w->order[cpu][w->cursor[cpu]];
	if (strcmp(what, prog_op_name(w->p->ops[i].kind)))
		return -1;
	w->cursor[cpu]++;
	return (int)i;
}

static bool trace_is_op_name(const char *what)
{
	unsigned int k;

	for (k = 0; k < SIM_NR_OPS; k++)
		if (!strcmp(what, prog_op_name(k)))
			return true;
	return false;
}

static void trace_op(struct trace_watch *w, const struct sim_trace_rec *r)
{
	int i = trace_op_index(w, r->cpu, r->what), cur = (int)r->a;
	char a[TRACE_NAME], t[256], line[320];
	const struct prog_op *op;

	if (i < 0) {
		if (w->text) {
			trace_line_head(w, r);
			fprintf(w->text, "op %s (not in the program?)\n", r->what);
		}
		return;
	}
	op = &w->p->ops[i];
	w->ran[i] = true;
	prog_print_op(w->p, op, t, sizeof(t));
	trace_pid_name(w, cur, r->cpu, a);
	if (op->actor && op->actor != cur && w->nr_notes < TRACE_MAX_NOTES) {
		struct trace_note *n = &w->notes[w->nr_notes++];

		n->op = (unsigned int)i;
		n->current_pid = cur;
		snprintf(n->current_name, sizeof(n->current_name), "%s", a);
	}
	snprintf(line, sizeof(line), "op %s (current %s)", t, a);
	if (w->text) {
		trace_line_head(w, r);
		fprintf(w->text, "%s\n", line);
	}
	json_instant(w, TID_CPU(r->cpu), line + 3, "op", r->time, NULL);
}

static void trace_user(struct trace_watch *w, const struct sim_trace_rec *r)
{
	char a[TRACE_NAME], b[TRACE_NAME], c[TRACE_NAME], line[200];
	int cpu = r->cpu;

	if (trace_is_op_name(r->what)) {
		trace_op(w, r);
		return;
	}
	if (!strcmp(r->what, "sched_switch")) {
		int prev = (int)(r->a >> 32), next = (int)(uint32_t)r->a, donor = (int)r->b;

		snprintf(line, sizeof(line), "sched_switch prev=%s next=%s donor=%s",
			 trace_pid_name(w, prev, cpu, a), trace_pid_name(w, next, cpu, b),
			 trace_pid_name(w, donor, cpu, c));
		if (cpu >= 0)
			trace_set_rq(w, cpu, next, donor, r, false);
	} else if (!strcmp(r->what, "sched_wakeup") || !strcmp(r->what, "sched_wakeup_new")) {
		snprintf(line, sizeof(line), "%s pid=%s target_cpu=%03" PRIu64, r->what,
			 trace_pid_name(w, (int)r->a, cpu, a), r->b);
		json_instant(w, TID_CPU(cpu), line, "wakeup", r->time, NULL);
	} else if (!strcmp(r->what, "sched_migrate_task") ||
		   !strcmp(r->what, "sched_pe_migrate")) {
		snprintf(line, sizeof(line), "%s pid=%s dest_cpu=%03" PRIu64, r->what,
			 trace_pid_name(w, (int)r->a, cpu, a), r->b);
		json_instant(w, TID_CPU(cpu), line, "migrate", r->time, NULL);
	} else if (!strcmp(r->what, "contention_begin") ||
		   !strcmp(r->what, "contention_end")) {
		snprintf(line, sizeof(line), "%s pid=%s lock=%s", r->what,
			 trace_pid_name(w, (int)r->a, cpu, a),
			 r->b < w->p->nr_mutexes ? w->p->mutexes[r->b] : "?");
	} else if (!strcmp(r->what, "signal_generate")) {
		snprintf(line, sizeof(line), "signal_generate sig=%s pid=%s",
			 r->b == 9 ? "SIGKILL" : r->b == 10 ? "SIGUSR1" : "?",
			 trace_pid_name(w, (int)r->a, cpu, a));
		json_instant(w, TID_CPU(cpu), line, "signal", r->time, NULL);
	} else if (!strcmp(r->what, "sched_process_fork")) {
		snprintf(line, sizeof(line), "sched_process_fork parent=%s child=%s",
			 trace_pid_name(w, (int)r->a, cpu, a), trace_pid_name(w, (int)r->b, cpu, b));
		json_instant(w, TID_CPU(cpu), line, "fork", r->time, NULL);
	} else if (!strcmp(r->what, "sched_process_exit") ||
		   !strcmp(r->what, "sched_process_free")) {
		snprintf(line, sizeof(line), "%s pid=%s", r->what,
			 trace_pid_name(w, (int)r->a, cpu, a));
	} else {
		snprintf(line, sizeof(line), "%s a=%" PRIu64 " b=%" PRIu64, r->what, r->a, r->b);
	}
	if (w->text) {
		trace_line_head(w, r);
		fprintf(w->text, "%s\n", line);
	}
}

static void trace_lock(struct trace_watch *w, const struct sim_trace_rec *r)
{
	int c = program_rq_cpu_of_lock(r->b), k = r->cpu;
	struct trace_rq *q;
	char name[96];

	if (c < 0 || k < 0)
		return;
	q = &w->rq[c];
	if (w->text) {
		trace_line_head(w, r);
		fprintf(w->text, "%s rq=%d in=%s\n",
			r->kind == SIM_TR_ACQUIRED ? "rq_lock" : "rq_unlock", c,
			r->func ? r->func : "-");
	}
	if (r->kind == SIM_TR_ACQUIRED) {
		struct trace_drop *d = &w->drops[k][c];

		int j;

		if (d->pending) {
			size_t n = (size_t)snprintf(name, sizeof(name), "rq%d lock dropped by cpu%d", c, k);

			const char *sep = "; taken meanwhile by ";

			for (j = 0; j < PROG_MAX_CPUS && n < sizeof(name); j++) {
				if (!(d->intruders & (1u << j)))
					continue;
				n += (size_t)snprintf(name + n, sizeof(name) - n, "%scpu%d", sep, j);
				sep = ",";
			}
			json_async(w, name, d->since, w->clock, d->in, r->func ? r->func : "-");
			d->pending = false;
		}
		/* Someone else takes a lock another CPU dropped. */
		for (j = 0; j < PROG_MAX_CPUS; j++)
			if (j != k && w->drops[j][c].pending)
				w->drops[j][c].intruders |= 1u << k;
		q->holder = k;
		q->held_since = w->clock;
		q->held_in = r->func ? r->func : "-";
		return;
	}
	/* Released. */
	if (q->holder == k) {
		snprintf(name, sizeof(name), "held by cpu%d", k);
		json_slice(w, TID_RQLOCK(c), name, (double)q->held_since, (double)w->clock,
			   "rq lock held");
	}
	q->holder = -1;
	w->drops[k][c].pending = true;
	w->drops[k][c].intruders = 0;
	w->drops[k][c].since = w->clock;
	w->drops[k][c].in = r->func ? r->func : "-";
	trace_observe_rq(w, c, r);
}

/* The CPU finished an event or switched tasks: a later re-acquire is not
 * a drop window any more. */
static void trace_cpu_moved_on(struct trace_watch *w, int k)
{
	int c;

	if (k < 0 || k >= PROG_MAX_CPUS)
		return;
	for (c = 0; c < PROG_MAX_CPUS; c++)
		w->drops[k][c].pending = false;
}

static void trace_decide(struct trace_watch *w, const struct sim_trace_rec *r)
{
	char line[160];

	if (r->nr_runnable < 2)
		return;
	if (r->from_input) {
		unsigned int i = w->choice_pos++;

		snprintf(line, sizeof(line), "decide cpu%d of %d runnable (choices[%u]=%u)",
			 r->cpu, r->nr_runnable, i,
			 i < w->p->nr_choices ? w->p->choices[i] : 0);
	} else {
		snprintf(line, sizeof(line), "decide cpu%d of %d runnable (fallback)",
			 r->cpu, r->nr_runnable);
	}
	if (w->text) {
		trace_line_head(w, r);
		fprintf(w->text, "%s\n", line);
	}
	json_instant(w, TID_CPU(r->cpu), line, "decide", r->time, NULL);
}

void trace_watch_hook(const struct sim_trace_rec *r, void *arg)
{
	struct trace_watch *w = arg;
	char line[300];

	w->clock++;
	if (w->json && r->time != w->last_time) {
		json_begin(w);
		fprintf(w->json, "{\"ph\":\"C\",\"pid\":0,\"tid\":0,\"name\":\"sim time (us)\","
			"\"ts\":%" PRIu64 ",\"args\":{\"us\":%.3f}}", w->clock,
			(double)r->time / 1000.0);
		w->last_time = r->time;
	}
	switch (r->kind) {
	case SIM_TR_USER:
		trace_user(w, r);
		break;
	case SIM_TR_ACQUIRED:
	case SIM_TR_RELEASE:
		trace_lock(w, r);
		break;
	case SIM_TR_DECIDE:
		trace_decide(w, r);
		break;
	case SIM_TR_EVENT:
		if (!trace_is_op_name(r->what) && w->text) {
			trace_line_head(w, r);
			fprintf(w->text, "event %s\n", r->what);
		}
		break;
	case SIM_TR_DONE:
	case SIM_TR_SWITCH:
		trace_cpu_moved_on(w, r->cpu);
		break;
	case SIM_TR_FINDING:
		snprintf(line, sizeof(line), "finding %s", r->what);
		if (w->text) {
			trace_line_head(w, r);
			fprintf(w->text, "%s\n", line);
		}
		break;
	default:
		break;
	}
}

/* ---------------------------------------------------------------------- */
/* Set-up and end */

struct trace_watch *trace_watch_start(const struct program *p, FILE *text,
				      FILE *json, const char *title)
{
	struct trace_watch *w = &trace_w;
	unsigned int c, i, j;

	memset(w, 0, sizeof(*w));
	w->p = p;
	w->text = text;
	w->json = json;
	w->title = title;
	w->last_time = UINT64_MAX;
	for (c = 0; c < PROG_MAX_CPUS; c++) {
		w->rq[c].curr = w->rq[c].donor = -1;
		w->rq[c].holder = -1;
	}
	/* Each CPU takes its operations by (time, program order). */
	for (i = 0; i < p->nr_ops; i++) {
		c = p->ops[i].cpu;
		for (j = w->nr_order[c]; j > 0 && p->ops[w->order[c][j - 1]].at > p->ops[i].at; j--)
			w->order[c][j] = w->order[c][j - 1];
		w->order[c][j] = (uint16_t)i;
		w->nr_order[c]++;
	}
	if (json) {
		fputs("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"clock\":"
		      "\"one unit per trace record; sim_time_ns in args\"},\"traceEvents\":[", json);
		json_begin(w);
		fputs("{\"ph\":\"M\",\"pid\":0,\"name\":\"process_name\",\"args\":{\"name\":", json);
		json_str(json, title ? title : "schedfuzz");
		fputs("}}", json);
		for (c = 0; c < p->nr_cpus; c++) {
			char n[32];

			snprintf(n, sizeof(n), "CPU %u", c);
			json_meta(w, "thread_name", TID_CPU((int)c), n, (int)c * 2);
			snprintf(n, sizeof(n), "rq%u lock", c);
			json_meta(w, "thread_name", TID_RQLOCK((int)c), n, (int)c * 2 + 1);
		}
	}
	return w;
}

void trace_watch_finish(struct trace_watch *w, const struct sim_outcome *out)
{
	int c;

	w->clock++;
	if (out->result == SIM_FINDING) {
		char name[300];

		snprintf(name, sizeof(name), "%s %s",
			 out->kind == SIM_F_WARN ? "WARNING:" : "FINDING:", out->id);
		json_instant(w, -1, name, "finding", out->now_ns, out->report);
	}
	for (c = 0; c < w->p->nr_cpus; c++) {
		struct trace_rq *q = &w->rq[c];
		char n[32];

		trace_close_donor(w, c);
		trace_close_curr(w, c);
		if (q->holder >= 0) {
			snprintf(n, sizeof(n), "held by cpu%d", q->holder);
			json_slice(w, TID_RQLOCK(c), n, (double)q->held_since, (double)w->clock,
				   "rq lock held");
		}
	}
	if (w->json)
		fputs("\n]}\n", w->json);
}

unsigned int trace_watch_notes(const struct trace_watch *w,
			       const struct trace_note **notes)
{
	*notes = w->notes;
	return w->nr_notes;
}

bool trace_watch_op_ran(const struct trace_watch *w, unsigned int op)
{
	return op < PROG_MAX_OPS && w->ran[op];
}
