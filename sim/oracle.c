// SPDX-License-Identifier: GPL-2.0-only
/*
 * oracle.c - findings, the kernel-style report, the invariant registry and
 * poisoning of exited objects.
 *
 * A finding is fatal (panic_on_warn): the run stops at the first one.  Its
 * id is stable text used for crash bucketing; its report looks like a
 * kernel splat followed by every CPU's simulated stack and the last
 * scheduling points of each CPU, so the interleaving that led there can be
 * read off it.  Reports never print addresses, so they are deterministic.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#if SIM_ASAN
#include <sanitizer/asan_interface.h>
#endif


/* ---------------------------------------------------------------------- */
/* Invariant registry */

static const char *const sim_inv_names[] = {
#define SIM_INV_NAME(id, reason) #id,
	SIM_INVARIANTS(SIM_INV_NAME)
#undef SIM_INV_NAME
};

static const char *const sim_inv_reasons[] = {
#define SIM_INV_REASON(id, reason) reason,
	SIM_INVARIANTS(SIM_INV_REASON)
#undef SIM_INV_REASON
};

static sim_inv_fn sim_inv_fns[SIM_NR_INVARIANTS];

void sim_invariant_register(enum sim_inv_id id, sim_inv_fn fn)
{
	if ((unsigned int)id >= SIM_NR_INVARIANTS) {
		fprintf(stderr, "schedfuzz: invariant id %d out of range\n", id);
		abort();
	}
	sim_inv_fns[id] = fn;
}

const char *sim_invariant_name(enum sim_inv_id id)
{
	return (unsigned int)id < SIM_NR_INVARIANTS ? sim_inv_names[id] : "?";
}

const char *sim_invariant_reason(enum sim_inv_id id)
{
	return (unsigned int)id < SIM_NR_INVARIANTS ? sim_inv_reasons[id] : "?";
}

bool sim_invariant_registered(enum sim_inv_id id)
{
	return (unsigned int)id < SIM_NR_INVARIANTS && sim_inv_fns[id];
}

bool sim_invariant_holds(enum sim_inv_id id, char *msg, size_t len)
{
	if (len)
		msg[0] = 0;
	if (!sim_invariant_registered(id))
		return true;
	return sim_inv_fns[id](msg, len);
}

static bool sim_inv_idle_cpu_clean(char *msg, size_t len)
{
	unsigned int i;

	for (i = 0; i < sim_m.nr_cpus; i++) {
		const struct sim_cpu *c = &sim_m.cpu[i];
		const struct sim_thread *t = sim_cpu_thr(c);

		if (sim_cpu_busy(c))
			continue;
		if (c->nr_held || t->depth) {
			snprintf(msg, len, "idle CPU %u holds %d locks, %d frames",
				 i, c->nr_held, t->depth);
			return false;
		}
		if (t->cpu != (int)i) {
			snprintf(msg, len, "CPU %u runs thread %d, which says it is on CPU %d",
				 i, c->thread, t->cpu);
			return false;
		}
	}
	return true;
}

/* Only the heap operations above change a heap: a CPU's heap is checked
 * again once one of them ran on it (checking every heap at every check
 * point was a few per cent of a run). */
static bool sim_inv_event_queue_ordered(char *msg, size_t len)
{
	unsigned int i;
	int j;

	for (i = 0; i < sim_m.nr_cpus; i++) {
		struct sim_cpu *c = &sim_m.cpu[i];

		if (!c->heap_changed)
			continue;
		for (j = 0; j < c->nr_heap; j++) {
			const struct sim_event *e = &sim_m.ev[c->heap[j]];
			const struct sim_event *p;

			if (e->cpu != (int)i || e->heap_pos != j) {
				snprintf(msg, len, "CPU %u queue slot %d holds event '%s' of CPU %d at %d",
					 i, j, e->name, e->cpu, e->heap_pos);
				return false;
			}
			if (!j)
				continue;
			p = &sim_m.ev[c->heap[(j - 1) / 2]];
			if (p->time > e->time ||
			    (p->time == e->time && p->seq > e->seq)) {
				snprintf(msg, len, "CPU %u queue: '%s' (t=%llu) is above '%s' (t=%llu)",
					 i, p->name, (unsigned long long)p->time,
					 e->name, (unsigned long long)e->time);
				return false;
			}
		}
		c->heap_changed = false;
	}
	return true;
}

static void sim_runtime_invariants_register(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	sim_lock_invariants_register();
	sim_invariant_register(SIM_INV_IDLE_CPU_CLEAN, sim_inv_idle_cpu_clean);
	sim_invariant_register(SIM_INV_EVENT_QUEUE_ORDERED,
			       sim_inv_event_queue_ordered);
}

void sim_check_invariants(void)
{
	char msg[256], id[96];
	int i;

	if (sim_m.in_inv_check || sim_m.finding)
		return;
#ifdef SIM_NO_INVARIANTS
	/* Bench builds only (./build.sh bench): what the checks cost. */
	sim_m.inv_dirty = false;
	return;
#endif
	sim_m.in_inv_check = true;
	for (i = 0; i < SIM_NR_INVARIANTS; i++) {
		if (!sim_inv_fns[i])
			continue;
		msg[0] = 0;
		if (sim_inv_fns[i](msg, sizeof(msg)))
			continue;
		sim_m.in_inv_check = false;
		snprintf(id, sizeof(id), "INV:%s", sim_inv_names[i]);
		sim_finding(SIM_F_INVARIANT, sim_m.cur, id,
			    "invariant %s violated: %s\n  %s", sim_inv_names[i],
			    sim_inv_reasons[i], msg);
	}
	sim_m.in_inv_check = false;
	sim_m.inv_dirty = false;
}

/* ---------------------------------------------------------------------- */
/* Poisoning */

struct sim_poisoned {
	void *obj;
	size_t size;
};

#define SIM_MAX_POISONED (SIM_MAX_TASKS + SIM_MAX_MUTEXES)
static struct sim_poisoned sim_poisoned[SIM_MAX_POISONED];
int sim_nr_poisoned;

void sim_poison(void *obj, size_t size)
{
	if (sim_is_poisoned(obj))
		sim_finding(SIM_F_BUG, sim_m.cur, "SIM:double-poison",
			    "object poisoned twice (freed twice)");
	if (sim_nr_poisoned == SIM_MAX_POISONED)
		sim_finding(SIM_F_BUG, sim_m.cur, "SIM:too-many-poisoned",
			    "more than %d poisoned objects", SIM_MAX_POISONED);
	memset(obj, 0x6b, size);
	sim_poisoned[sim_nr_poisoned].obj = obj;
	sim_poisoned[sim_nr_poisoned].size = size;
	sim_nr_poisoned++;
#if SIM_ASAN
	__asan_poison_memory_region(obj, size);
#endif
}

bool sim_is_poisoned_slow(const void *obj)
{
	int i;

	for (i = 0; i < sim_nr_poisoned; i++)
		if (sim_poisoned[i].obj == obj)
			return true;
	return false;
}

void sim_poison_reset(void)
{
	int i;

	for (i = 0; i < sim_nr_poisoned; i++) {
#if SIM_ASAN
		__asan_unpoison_memory_region(sim_poisoned[i].obj,
					      sim_poisoned[i].size);
#endif
		memset(sim_poisoned[i].obj, 0, sim_poisoned[i].size);
	}
	sim_nr_poisoned = 0;
}

/* ---------------------------------------------------------------------- */
/* Findings and reports */

void sim_oracle_reset(void)
{
	sim_runtime_invariants_register();
	sim_m.report[0] = 0;
	sim_m.id[0] = 0;
}

struct sim_buf {
	char *p;
	size_t len, n;
};

static void sim_bprintf(struct sim_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sim_bprintf(struct sim_buf *b, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (b->n >= b->len)
		return;
	va_start(ap, fmt);
	w = vsnprintf(b->p + b->n, b->len - b->n, fmt, ap);
	va_end(ap);
	if (w > 0)
		b->n = b->n + (size_t)w < b->len ? b->n + (size_t)w : b->len - 1;
}

static const char *const sim_kind_name[] = {
	[SIM_TR_EVENT] = "event",	[SIM_TR_DECIDE] = "decide",
	[SIM_TR_ACQUIRE] = "acquire",	[SIM_TR_ACQUIRED] = "acquired",
	[SIM_TR_RELEASE] = "release",	[SIM_TR_SPIN] = "spin",
	[SIM_TR_POINT] = "point",	[SIM_TR_DONE] = "done",
	[SIM_TR_TIME] = "time",		[SIM_TR_FINDING] = "finding",
	[SIM_TR_USER] = "user",		[SIM_TR_SWITCH] = "switch",
};

const char *sim_trace_kind_name(enum sim_trace_kind k)
{
	return (unsigned int)k < sizeof(sim_kind_name) / sizeof(sim_kind_name[0]) &&
		       sim_kind_name[k] ? sim_kind_name[k] : "?";
}

static void sim_describe_cpu(int cpu, int *pid, const char **comm)
{
	static char names[SIM_MAX_CPUS][24];
	int i;

	*pid = 0;
	snprintf(names[cpu], sizeof(names[cpu]), "swapper/%d", cpu);
	*comm = names[cpu];
	for (i = 0; sim_layer_get(i); i++)
		if (sim_layer_get(i)->describe_cpu) {
			sim_layer_get(i)->describe_cpu(cpu, pid, comm);
			break;
		}
}

static void sim_report_stack(struct sim_buf *b, const struct sim_frame *f,
			     int depth)
{
	int i, shown = depth > SIM_MAX_FRAMES ? SIM_MAX_FRAMES : depth;

	if (depth > shown)
		sim_bprintf(b, "  ... %d deeper frames not recorded\n", depth - shown);
	for (i = shown - 1; i >= 0; i--)
		sim_bprintf(b, "  %s (%s)\n", f[i].func, f[i].file);
}

static void sim_report_cpu_state(struct sim_buf *b, const struct sim_cpu *c)
{
	char own[32];
	int i;

	const struct sim_thread *t = sim_cpu_thr(c);

	if (!sim_cpu_busy(c)) {
		sim_bprintf(b, " CPU%d: idle, %d events pending\n", c->id, c->nr_heap);
		return;
	}
	sim_bprintf(b, " CPU%d: in event '%s'", c->id, t->ev_name);
	switch (c->wait) {
	case SIM_WAIT_LOCK:
		sim_bprintf(b, ", waiting for %s (%s)", c->wait_lock->name,
			    sim_lock_owner_desc(c->wait_lock, own, sizeof(own)));
		break;
	case SIM_WAIT_COND:
		sim_bprintf(b, ", spinning on '%s'", c->point_what);
		break;
	case SIM_WAIT_NONE:
		if (c->id == sim_m.cur)
			sim_bprintf(b, ", running");
		else if (c->point_kind != SIM_TR_EVENT)
			sim_bprintf(b, ", at %s %s",
				    sim_trace_kind_name(c->point_kind),
				    c->point_what);
		break;
	}
	sim_bprintf(b, "\n");
	if (c->nr_held) {
		sim_bprintf(b, "  holding:");
		for (i = 0; i < c->nr_held; i++)
			sim_bprintf(b, " %s%s", c->held[i].lock->name,
				    c->held[i].pin ? " (pinned)" : "");
		sim_bprintf(b, "\n");
	}
	sim_report_stack(b, t->frames, t->depth);
}

static void sim_report_points(struct sim_buf *b, const struct sim_cpu *c)
{
	unsigned int n = c->nr_log < SIM_CPU_LOG ? c->nr_log : SIM_CPU_LOG;
	unsigned int i;

	if (!n)
		return;
	sim_bprintf(b, " CPU%d:\n", c->id);
	for (i = c->nr_log - n; i < c->nr_log; i++) {
		const struct sim_point_log *l = &c->log[i % SIM_CPU_LOG];

		if (l->kind == SIM_TR_EVENT)
			sim_bprintf(b, "  step %llu: starts event '%s'",
				    (unsigned long long)l->step, l->what);
		else
			sim_bprintf(b, "  step %llu: continues after %s %s%s%s",
				    (unsigned long long)l->step,
				    sim_trace_kind_name(l->kind),
				    l->what ? l->what : "", l->func ? " in " : "",
				    l->func ? l->func : "");
		if (l->nr_runnable > 1)
			sim_bprintf(b, " [%s, 1 of %d runnable]",
				    l->chosen_by_input ? "input" : "fallback",
				    l->nr_runnable);
		sim_bprintf(b, "\n");
	}
}

void sim_report_build(enum sim_finding_kind kind, int cpu, const char *detail)
{
	struct sim_buf b = { sim_m.report, sizeof(sim_m.report), 0 };
	unsigned int i;
	int pid = 0, li;
	const char *comm = "";

	sim_m.report[0] = 0;
	sim_bprintf(&b, "------------[ cut here ]------------\n");
	if (cpu >= 0)
		sim_describe_cpu(cpu, &pid, &comm);
	switch (kind) {
	case SIM_F_WARN:
		sim_bprintf(&b, "WARNING: CPU: %d PID: %d at %s\n", cpu, pid, detail);
		break;
	case SIM_F_BUG:
		/* The raiser wrote the headline: "kernel BUG at ...!" from
		 * sim_warn(), "BUG: KASAN: ..." from the use-after-free checks. */
		sim_bprintf(&b, "%s\n", detail);
		break;
	case SIM_F_LOCKDEP:
		sim_bprintf(&b, "WARNING: %s\n", detail);
		break;
	case SIM_F_INVARIANT:
	case SIM_F_LIVENESS:
	case SIM_F_NONE:
		sim_bprintf(&b, "schedfuzz: %s\n", detail);
		break;
	}
	if (cpu >= 0) {
		sim_bprintf(&b, "CPU: %d PID: %d Comm: %s (schedfuzz simulated)\n",
			    cpu, pid, comm);
		sim_bprintf(&b, "Call Trace:\n <TASK>\n");
		const struct sim_thread *t = sim_cpu_thr(&sim_m.cpu[cpu]);

		sim_report_stack(&b, t->frames, t->depth);
		sim_bprintf(&b, "  <event '%s'>\n </TASK>\n",
			    t->ev_name ? t->ev_name : "");
	}
	sim_bprintf(&b, "oracle: %s\n", sim_m.id);
	sim_bprintf(&b, "time: %llu ns, step %llu, choices used %zu of %zu\n",
		    (unsigned long long)sim_m.now, (unsigned long long)sim_m.step,
		    sim_m.pos, sim_m.nr_choices);
	sim_bprintf(&b, "CPU states:\n");
	for (i = 0; i < sim_m.nr_cpus; i++)
		sim_report_cpu_state(&b, &sim_m.cpu[i]);
	sim_bprintf(&b, "Interleaving, last steps per CPU (oldest first):\n");
	for (i = 0; i < sim_m.nr_cpus; i++)
		sim_report_points(&b, &sim_m.cpu[i]);
	for (li = 0; sim_layer_get(li); li++)
		if (sim_layer_get(li)->report) {
			size_t n = b.n;

			sim_layer_get(li)->report(b.p + n, b.len - n);
			b.n += strlen(b.p + n);
		}
	sim_bprintf(&b, "---[ end trace %s ]---\n", sim_m.id);
}

void sim_finding(enum sim_finding_kind kind, int cpu, const char *id,
		 const char *fmt, ...)
{
	char detail[1024];
	va_list ap;

	if (cpu >= (int)sim_m.nr_cpus)
		cpu = -1;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (!sim_m.finding) {
		sim_m.finding = true;
		snprintf(sim_m.id, sizeof(sim_m.id), "%s", id);
		sim_trace(SIM_TR_FINDING, cpu, sim_m.id, 0, sim_hash_str(sim_m.id));
		sim_report_build(kind, cpu, detail);
		sim_m.out.result = SIM_FINDING;
		sim_m.out.kind = kind;
		sim_m.out.id = sim_m.id;
		sim_m.out.cpu = cpu;
		sim_m.out.report = sim_m.report;
	}
	if (sim_m.cur >= 0)
		sim_abandon_cpu();
	if (sim_m.in_run)
		sim_abandon_host();
	/* Outside any run: a misuse of the API by the caller. */
	fprintf(stderr, "%s", sim_m.report);
	abort();
}

void sim_warn(enum sim_finding_kind kind, const char *kfile, const char *func,
	      int line, const char *cond)
{
	char id[256];

	snprintf(id, sizeof(id), "%s:%s:%s:%s",
		 kind == SIM_F_BUG ? "BUG" : "WARN", kfile, func, cond);
	/* A BUG's headline is "kernel BUG at <where>!", a WARN's the place. */
	sim_finding(kind, sim_m.cur, id,
		    kind == SIM_F_BUG ? "kernel BUG at %s %s (port line %d)!\n  %s"
				      : "%s %s (port line %d)\n  %s",
		    kfile, func, line, cond);
}
