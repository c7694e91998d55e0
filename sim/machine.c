// SPDX-License-Identifier: GPL-2.0-only
/*
 * machine.c - the simulated multi-CPU machine: coroutines, events, the
 * decision source and the run loop.
 *
 * The run loop lives on the host stack.  It asks every CPU whether it can
 * proceed, lets the decision source pick one, and switches to that CPU's
 * coroutine until the CPU reaches its next scheduling point (a lock
 * operation, a spin-wait, sim_sched_point()) or finishes its event.  When no
 * CPU can proceed, time advances to the next event an idle CPU can take; if
 * there is none, the machine is quiescent (clean) or stuck (a finding).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

#if SIM_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

struct sim_machine sim_m;
struct sim_thread sim_thr[SIM_MAX_THREADS];

/* State that outlives runs: thread stacks and the host context. */
struct sim_coro {
	struct sim_ctx ctx;
	void *stack;
	void *asan_fake;
	bool at_top;		/* parked between events: reusable as it is */
	bool made;		/* ctx holds a context to resume */
	bool fresh;		/* made and not yet entered */
};

static struct sim_coro sim_coro[SIM_MAX_THREADS];
static struct sim_ctx sim_host_ctx;
#if SIM_ASAN
static void *sim_host_fake;
static const void *sim_host_bottom;
static size_t sim_host_size;
#endif
static bool sim_initialised;
static uint64_t sim_runs_acc;	/* see sim_runs_digest() */
static bool sim_from_host;	/* the switch in flight leaves the host */
static void (*sim_hook_fn)(const struct sim_trace_rec *r, void *arg);
static void *sim_hook_arg;

/* ---------------------------------------------------------------------- */
/* Threads: coroutines with their own stacks */

static void sim_thread_main(void *arg);

static void sim_coro_make(int id)
{
	struct sim_coro *co = &sim_coro[id];

#if SIM_ASAN
	/* Frames abandoned mid-way leave their redzones poisoned: clear the
	 * shadow of the part of the stack that was in use. */
	if (co->made) {
		char *lo = (char *)co->stack, *top = lo + SIM_STACK_SIZE;
		char *sp = SIM_CTX_ASM ? (char *)co->ctx.sp - 512 : lo;

		if (sp < lo)
			sp = lo;
		__asan_unpoison_memory_region(sp, (size_t)(top - sp));
	}
#endif
	co->asan_fake = NULL;
	sim_ctx_make(&co->ctx, co->stack, SIM_STACK_SIZE, sim_thread_main,
		     (void *)(intptr_t)id);
	co->made = true;
	co->fresh = true;
	co->at_top = true;
}

static void sim_init_once(void)
{
	long page = sysconf(_SC_PAGESIZE);
	int i;

	if (sim_initialised)
		return;
	for (i = 0; i < SIM_MAX_THREADS; i++) {
		size_t len = SIM_STACK_SIZE + (size_t)page;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		if (p == MAP_FAILED) {
			perror("schedfuzz: mmap of a thread stack");
			abort();
		}
		/* Guard page below the stack: an overflow faults at once. */
		if (mprotect(p, (size_t)page, PROT_NONE)) {
			perror("schedfuzz: mprotect of a stack guard");
			abort();
		}
		sim_coro[i].stack = p + page;
		sim_coro_make(i);
	}
	sim_initialised = true;
}

/* After a switch lands in a thread: tell ASan, learn the host's stack. */
static void sim_landed(struct sim_coro *co)
{
#if SIM_ASAN
	const void *bottom;
	size_t size;

	__sanitizer_finish_switch_fiber(co->asan_fake, &bottom, &size);
	if (sim_from_host) {
		sim_host_bottom = bottom;
		sim_host_size = size;
	}
#else
	(void)co;
#endif
	sim_from_host = false;
}

/* From the host into the thread CPU id runs, until the CPU suspends. */
static void sim_enter_cpu(int id)
{
	struct sim_coro *co = &sim_coro[sim_m.cpu[id].thread];

	co->at_top = false;
	sim_from_host = true;
#if SIM_ASAN
	__sanitizer_start_switch_fiber(&sim_host_fake, co->stack, SIM_STACK_SIZE);
#endif
	sim_ctx_switch(&sim_host_ctx, &co->ctx);
#if SIM_ASAN
	__sanitizer_finish_switch_fiber(sim_host_fake, NULL, NULL);
#endif
}

/* From the running thread back to the host.  'leaving': never resumed. */
static void sim_leave_cpu(bool leaving)
{
	int tid = sim_m.cpu[sim_m.cur].thread;
	struct sim_coro *co = &sim_coro[tid];

#if SIM_ASAN
	__sanitizer_start_switch_fiber(leaving ? NULL : &co->asan_fake,
				       sim_host_bottom, sim_host_size);
#else
	(void)leaving;
#endif
	sim_ctx_switch(&co->ctx, &sim_host_ctx);
	sim_landed(co);
}

static void sim_event_done(void);

/*
 * Every thread runs this loop.  Between events the thread is parked at
 * its top, returned to the host.  It wakes up either from the host, with
 * an event handed over for its CPU, or from another thread switching to
 * it; a thread switched to while parked has nothing in progress, so its
 * CPU is free and it parks again.
 */
static void sim_thread_main(void *arg)
{
	int tid = (int)(intptr_t)arg;
	struct sim_coro *co = &sim_coro[tid];
	struct sim_thread *t = &sim_thr[tid];

	co->asan_fake = NULL;
	co->fresh = false;
	sim_landed(co);
	for (;;) {
		struct sim_cpu *c = &sim_m.cpu[sim_m.cur];

		if (t->entry_pending) {
			/* The tail of the switch that brought this thread in
			 * (ret_from_fork): still the CPU's busy period. */
			t->entry_pending = false;
			t->in_event = true;
			t->ev_name = t->name;
			t->entry(t->entry_arg);
			sim_event_done();
			continue;
		}
		if (c->start_pending) {
			c->start_pending = false;
			t->in_event = true;
			t->ev_name = c->start_name;
			c->fn(c->arg);
			sim_event_done();
			continue;
		}
		co->at_top = true;
		sim_leave_cpu(false);
		co->at_top = false;
	}
}

void sim_thread_init(int id, void (*entry)(void *arg), void *arg,
		     const char *name)
{
	struct sim_thread *t;

	if (id < (int)sim_m.nr_cpus || id >= SIM_MAX_THREADS)
		sim_finding(SIM_F_BUG, sim_m.cur, "SIM:bad-thread",
			    "thread %d of '%s' is a CPU's boot thread or out of range",
			    id, name);
	t = &sim_thr[id];
	if (t->used && t->cpu >= 0)
		sim_finding(SIM_F_BUG, sim_m.cur, "SIM:thread-running",
			    "thread %d ('%s') re-initialised while running", id, name);
	t->used = true;
	t->name = name;
	t->entry = entry;
	t->entry_arg = arg;
	t->entry_pending = entry != NULL;
	t->in_event = false;
	t->cpu = -1;
	t->depth = 0;
	if (!sim_coro[id].at_top)
		sim_coro_make(id);
	if (id >= sim_m.nr_threads_used)
		sim_m.nr_threads_used = id + 1;
}

void sim_thread_switch(int id)
{
	struct sim_cpu *c = sim_cur_cpu();
	int prev = c->thread;
	struct sim_coro *from = &sim_coro[prev], *to;

	if (id < 0 || id >= SIM_MAX_THREADS || !sim_thr[id].used)
		sim_finding(SIM_F_BUG, c->id, "SIM:switch-to-unknown-thread",
			    "switch to thread %d, which does not exist", id);
	if (id == prev)
		return;
	if (sim_thr[id].cpu >= 0)
		sim_finding(SIM_F_BUG, c->id, "SIM:thread-on-two-cpus",
			    "CPU %d switches to '%s', which is running on CPU %d",
			    c->id, sim_thr[id].name, sim_thr[id].cpu);
	to = &sim_coro[id];
	sim_thr[prev].cpu = -1;
	sim_thr[id].cpu = c->id;
	c->thread = id;
	sim_trace(SIM_TR_SWITCH, c->id, sim_thr[id].name, (uint64_t)prev,
		  (uint64_t)id);
	to->at_top = false;
#if SIM_ASAN
	__sanitizer_start_switch_fiber(&from->asan_fake, to->stack, SIM_STACK_SIZE);
#endif
	sim_ctx_switch(&from->ctx, &to->ctx);
	sim_landed(from);
}

int sim_thread_current(void)
{
	return sim_m.cur >= 0 ? sim_m.cpu[sim_m.cur].thread : -1;
}

int sim_cpu_thread(int cpu)
{
	return sim_m.cpu[cpu].thread;
}

const char *sim_thread_name(int id)
{
	return id >= 0 && id < SIM_MAX_THREADS && sim_thr[id].name ?
		sim_thr[id].name : "?";
}

/* ---------------------------------------------------------------------- */
/* Trace and digest */

void sim_trace(enum sim_trace_kind kind, int cpu, const char *what,
	       uint64_t a, uint64_t b)
{
	sim_digest_words((uint64_t)kind | (uint64_t)(uint8_t)(cpu + 1) << 8 |
				 a << 16,
			 b);
	if (sim_hook_fn) {
		struct sim_trace_rec r = {
			.kind = kind,
			.cpu = cpu,
			.step = sim_m.step,
			.time = sim_m.now,
			.what = what,
			.func = sim_cur_func(),
			.a = a,
			.b = b,
		};
		if (kind == SIM_TR_DECIDE) {
			r.nr_runnable = (int)(a & 0xff);
			r.from_input = (a >> 8) & 1;
			r.pick = sim_m.pick;
		}
		sim_hook_fn(&r, sim_hook_arg);
	}
}

void sim_set_trace_hook(void (*fn)(const struct sim_trace_rec *r, void *arg),
			void *arg)
{
	sim_hook_fn = fn;
	sim_hook_arg = arg;
}

void sim_trace_user(const char *what, uint64_t a, uint64_t b)
{
	int cpu = sim_m.cur;

	sim_digest_words((uint64_t)SIM_TR_USER | (uint64_t)(uint8_t)(cpu + 1) << 8,
			 sim_hash_str(what));
	sim_digest_words(a, b);
	if (sim_hook_fn) {
		struct sim_trace_rec r = {
			.kind = SIM_TR_USER,
			.cpu = cpu,
			.step = sim_m.step,
			.time = sim_m.now,
			.what = what,
			.func = sim_cur_func(),
			.a = a,
			.b = b,
		};
		sim_hook_fn(&r, sim_hook_arg);
	}
}

/* ---------------------------------------------------------------------- */
/* Simulated call stacks */

static struct sim_frame *sim_frames(int **depth)
{
	struct sim_thread *t;

	if (sim_m.cur < 0) {
		*depth = &sim_m.main_depth;
		return sim_m.main_frames;
	}
	t = &sim_thr[sim_m.cpu[sim_m.cur].thread];
	*depth = &t->depth;
	return t->frames;
}

struct sim_frame *sim_frame_push(const char *func, const char *file)
{
	int *depth;
	struct sim_frame *f = sim_frames(&depth);

	/* Frames past the limit are counted but not recorded. */
	if (*depth < SIM_MAX_FRAMES) {
		f[*depth].func = func;
		f[*depth].file = file;
	}
	(*depth)++;
	return f;
}

void sim_frame_pop(struct sim_frame **f)
{
	int *depth;

	(void)f;
	sim_frames(&depth);
	if (*depth > 0)
		(*depth)--;
}

bool sim_in_func(const char *func)
{
	int *depth, i;
	struct sim_frame *f = sim_frames(&depth);

	for (i = (*depth > SIM_MAX_FRAMES ? SIM_MAX_FRAMES : *depth) - 1; i >= 0; i--)
		if (!strcmp(f[i].func, func))
			return true;
	return false;
}

const char *sim_cur_func(void)
{
	int *depth;
	struct sim_frame *f = sim_frames(&depth);

	if (*depth == 0)
		return NULL;
	return f[(*depth > SIM_MAX_FRAMES ? SIM_MAX_FRAMES : *depth) - 1].func;
}

/* ---------------------------------------------------------------------- */
/* Events: one heap per CPU, ordered by (time, seq) */

static bool sim_ev_before(uint16_t a, uint16_t b)
{
	const struct sim_event *x = &sim_m.ev[a], *y = &sim_m.ev[b];

	return x->time < y->time || (x->time == y->time && x->seq < y->seq);
}

static void sim_heap_set(struct sim_cpu *c, int pos, uint16_t slot)
{
	c->heap[pos] = slot;
	sim_m.ev[slot].heap_pos = pos;
}

static void sim_heap_up(struct sim_cpu *c, int pos)
{
	uint16_t slot = c->heap[pos];

	while (pos > 0) {
		int parent = (pos - 1) / 2;

		if (!sim_ev_before(slot, c->heap[parent]))
			break;
		sim_heap_set(c, pos, c->heap[parent]);
		pos = parent;
	}
	sim_heap_set(c, pos, slot);
}

static void sim_heap_down(struct sim_cpu *c, int pos)
{
	uint16_t slot = c->heap[pos];

	for (;;) {
		int l = 2 * pos + 1, r = l + 1, m = l;

		if (l >= c->nr_heap)
			break;
		if (r < c->nr_heap && sim_ev_before(c->heap[r], c->heap[l]))
			m = r;
		if (!sim_ev_before(c->heap[m], slot))
			break;
		sim_heap_set(c, pos, c->heap[m]);
		pos = m;
	}
	sim_heap_set(c, pos, slot);
}

static void sim_heap_remove(struct sim_cpu *c, int pos)
{
	uint16_t last;

	c->heap_changed = true;
	sim_m.ev[c->heap[pos]].heap_pos = -1;
	last = c->heap[--c->nr_heap];
	if (pos == c->nr_heap)
		return;
	sim_heap_set(c, pos, last);
	sim_heap_up(c, pos);
	sim_heap_down(c, sim_m.ev[last].heap_pos);
}

sim_event_t sim_queue_event(int cpu, uint64_t when, enum sim_event_kind kind,
			    sim_work_fn fn, void *arg, const char *name)
{
	struct sim_event *e;
	struct sim_cpu *c;
	uint16_t slot;

	if (cpu < 0 || (unsigned int)cpu >= sim_m.nr_cpus || !fn)
		sim_finding(SIM_F_BUG, sim_m.cur, "SIM:bad-event",
			    "event '%s' queued on CPU %d of %u", name, cpu,
			    sim_m.nr_cpus);
	if (!sim_m.nr_ev_free)
		sim_finding(SIM_F_BUG, sim_m.cur, "SIM:event-queue-full",
			    "more than %d events pending", SIM_MAX_EVENTS);
	if (when < sim_m.now)
		when = sim_m.now;	/* the past is now */
	slot = sim_m.ev_free[--sim_m.nr_ev_free];
	e = &sim_m.ev[slot];
	e->time = when;
	e->seq = sim_m.seq++;
	e->fn = fn;
	e->arg = arg;
	e->name = name;
	e->name_hash = sim_hash_str(name);
	e->kind = kind;
	e->cpu = cpu;
	e->gen++;
	c = &sim_m.cpu[cpu];
	c->heap_changed = true;
	c->heap[c->nr_heap] = slot;
	e->heap_pos = c->nr_heap++;
	sim_heap_up(c, e->heap_pos);
	return (uint64_t)e->gen << 16 | (uint64_t)(slot + 1);
}

static struct sim_event *sim_event_lookup(sim_event_t ev)
{
	uint64_t slot = (ev & 0xffff) - 1;
	struct sim_event *e;

	if (!ev || slot >= SIM_MAX_EVENTS)
		return NULL;
	e = &sim_m.ev[slot];
	if (e->gen != (uint32_t)(ev >> 16) || e->heap_pos < 0)
		return NULL;
	return e;
}

bool sim_event_pending(sim_event_t ev)
{
	return sim_event_lookup(ev) != NULL;
}

bool sim_cancel_event(sim_event_t ev)
{
	struct sim_event *e = sim_event_lookup(ev);

	if (!e)
		return false;
	sim_heap_remove(&sim_m.cpu[e->cpu], e->heap_pos);
	sim_m.ev_free[sim_m.nr_ev_free++] = (uint16_t)(e - sim_m.ev);
	return true;
}

/* Take CPU c's earliest event and make it the CPU's running item. */
static void sim_start_event(struct sim_cpu *c)
{
	uint16_t slot = c->heap[0];
	struct sim_event *e = &sim_m.ev[slot];

	sim_heap_remove(c, 0);
	sim_m.ev_free[sim_m.nr_ev_free++] = slot;
	c->start_pending = true;
	c->fn = e->fn;
	c->arg = e->arg;
	c->start_name = e->name;
	c->wait = SIM_WAIT_NONE;
	c->irqs_off = e->kind != SIM_EV_WORK;
	c->point_kind = SIM_TR_EVENT;
	c->point_what = e->name;
	c->point_func = NULL;
	sim_trace(SIM_TR_EVENT, c->id, e->name, (uint64_t)e->kind, e->name_hash);
}

/* ---------------------------------------------------------------------- */
/* Scheduling points */

struct sim_cpu *sim_cur_cpu(void)
{
	if (sim_m.cur < 0)
		sim_finding(SIM_F_BUG, -1, "SIM:not-on-a-cpu",
			    "a CPU-only operation ran outside any simulated CPU");
	return &sim_m.cpu[sim_m.cur];
}

int sim_this_cpu(void)
{
	return sim_m.cur;
}

const unsigned int *const sim_nr_cpus_ptr = &sim_m.nr_cpus;

uint64_t sim_now(void)
{
	return sim_m.now;
}

static void sim_log_step(struct sim_cpu *c, int k, bool from_input)
{
	struct sim_point_log *l = &c->log[c->nr_log++ % SIM_CPU_LOG];

	l->step = sim_m.step;
	l->kind = c->point_kind;
	l->what = c->point_what;
	l->func = c->point_func;
	l->chosen_by_input = from_input;
	l->nr_runnable = k;
}

/* Suspend the running CPU at a scheduling point; returns when the decision
 * source lets it continue. */
void sim_suspend(struct sim_cpu *c, enum sim_trace_kind kind, const char *what)
{
	c->point_kind = kind;
	c->point_what = what;
	c->point_func = sim_cur_func();
	sim_leave_cpu(false);
}

void sim_sched_point(const char *what)
{
	struct sim_cpu *c = sim_cur_cpu();

	sim_trace(SIM_TR_POINT, c->id, what, 0, sim_hash_str(what));
	c->wait = SIM_WAIT_NONE;
	sim_suspend(c, SIM_TR_POINT, what);
}

void sim_spin_until(bool (*cond)(const void *arg), const void *arg,
		    const char *what)
{
	struct sim_cpu *c = sim_cur_cpu();

	sim_trace(SIM_TR_SPIN, c->id, what, 0, sim_hash_str(what));
	c->wait = SIM_WAIT_COND;
	c->wait_cond = cond;
	c->wait_arg = arg;
	sim_suspend(c, SIM_TR_SPIN, what);
	c->wait = SIM_WAIT_NONE;
}

void sim_irq_disable(void)
{
	sim_cur_cpu()->irqs_off = true;
}

void sim_irq_enable(void)
{
	sim_cur_cpu()->irqs_off = false;
}

bool sim_irq_save(void)
{
	struct sim_cpu *c = sim_cur_cpu();
	bool off = c->irqs_off;

	c->irqs_off = true;
	return off;
}

void sim_irq_restore(bool off)
{
	sim_cur_cpu()->irqs_off = off;
}

bool sim_irqs_disabled(void)
{
	const struct sim_cpu *c = sim_cur_cpu();

	return c->irqs_off || c->nr_held > 0;
}

bool sim_cpu_runnable(const struct sim_cpu *c)
{
	if (!sim_cpu_busy(c))
		return c->nr_heap && sim_m.ev[c->heap[0]].time <= sim_m.now;
	switch (c->wait) {
	case SIM_WAIT_NONE:
		return true;
	case SIM_WAIT_LOCK:
		return c->wait_lock->owner < 0 &&
		       c->wait_lock->serving == c->wait_ticket;
	case SIM_WAIT_COND:
		return c->wait_cond(c->wait_arg);
	}
	return false;
}

/* The running thread's event returned (on whichever CPU it is now). */
static void sim_event_done(void)
{
	struct sim_cpu *c = &sim_m.cpu[sim_m.cur];
	struct sim_thread *t = sim_cpu_thr(c);

	if (c->nr_held)
		sim_finding(SIM_F_LOCKDEP, c->id, "LOCKDEP:lock-held-at-exit",
			    "event '%s' returned holding %s", t->ev_name,
			    c->held[c->nr_held - 1].lock->name);
	sim_trace(SIM_TR_DONE, c->id, t->ev_name, 0, 0);
	t->in_event = false;
	c->wait = SIM_WAIT_NONE;
	t->depth = 0;
	sim_m.inv_dirty = true;
}

/* ---------------------------------------------------------------------- */
/* The decision source */

/* Choose among the k runnable CPUs r[0..k-1] (ascending ids).  A choice
 * byte is read only when there is a real choice; when the input is used
 * up, the CPU that ran last keeps running if it can, else the lowest, and
 * a CPU that kept it for SIM_FALLBACK_SLICE such choices passes it on. */
static int sim_decide(const int *r, int k, bool *from_input)
{
	int i;

	*from_input = false;
	if (k == 1)
		return 0;
	if (sim_m.choice_runs && sim_m.run_left) {
		for (i = 0; i < k; i++)
			if (r[i] == sim_m.run_cpu) {
				sim_m.run_left--;
				*from_input = true;
				return i;
			}
		sim_m.run_left = 0;	/* it cannot run: the run ends */
	}
	if (sim_m.pos < sim_m.nr_choices) {
		uint8_t b = sim_m.choices[sim_m.pos++];

		*from_input = true;
		sim_m.fallback_streak = 0;
		if (!sim_m.choice_runs)
			return b % k;
		i = (b & 7) % k;
		sim_m.run_cpu = r[i];
		sim_m.run_left = b >> 3;
		return i;
	}
	/* SIM: real CPUs all make progress.  A CPU that keeps the machine
	 * by fallback for SIM_FALLBACK_SLICE contested decisions in a row
	 * (a retry loop waiting on another CPU's work, e.g. a proxy pick
	 * waiting out an owner's migration) hands it to the next runnable
	 * CPU; otherwise such a loop starved the others into a false
	 * LIVENESS:step-bound.  Shorter runs decide as before. */
	for (i = 0; i < k; i++)
		if (r[i] == sim_m.last) {
			if (++sim_m.fallback_streak < SIM_FALLBACK_SLICE)
				return i;
			sim_m.fallback_streak = 0;
			return (i + 1) % k;
		}
	sim_m.fallback_streak = 0;
	return 0;
}

/* Advance time to the earliest event an idle CPU can take.  False if
 * there is none (quiescent or stuck) or it lies past the horizon. */
static bool sim_advance_time(void)
{
	uint64_t t = UINT64_MAX;
	unsigned int i;

	for (i = 0; i < sim_m.nr_cpus; i++) {
		struct sim_cpu *c = &sim_m.cpu[i];

		if (!sim_cpu_busy(c) && c->nr_heap &&
		    sim_m.ev[c->heap[0]].time < t)
			t = sim_m.ev[c->heap[0]].time;
	}
	if (t == UINT64_MAX)
		return false;
	if (t > sim_m.max_time) {
		sim_m.out.horizon = true;
		return false;
	}
	sim_m.now = t;
	sim_trace(SIM_TR_TIME, -1, "time", 0, t);
	return true;
}

/* No CPU can proceed and no event can start: clean if nothing is busy. */
static void sim_check_stuck(void)
{
	unsigned int i;
	int spinner = -1, waiter = -1;

	if (sim_m.out.horizon)
		return;
	for (i = 0; i < sim_m.nr_cpus; i++) {
		struct sim_cpu *c = &sim_m.cpu[i];

		if (!sim_cpu_busy(c))
			continue;
		if (c->wait == SIM_WAIT_COND && spinner < 0)
			spinner = (int)i;
		if (waiter < 0)
			waiter = (int)i;
	}
	if (spinner >= 0)
		sim_finding(SIM_F_LIVENESS, spinner, "LIVENESS:endless-spin",
			    "CPU %d spins on '%s' and no CPU can ever end it",
			    spinner, sim_m.cpu[spinner].point_what);
	if (waiter >= 0)
		sim_finding(SIM_F_LIVENESS, waiter, "LIVENESS:deadlock",
			    "no CPU can proceed: every busy CPU waits for a lock");
}

#define SIM_MAX_LAYERS 8
static const struct sim_layer *sim_layers[SIM_MAX_LAYERS];
static int sim_nr_layers;

void sim_layer_register(const struct sim_layer *layer)
{
	int i;

	for (i = 0; i < sim_nr_layers; i++)
		if (sim_layers[i] == layer)
			return;
	if (sim_nr_layers == SIM_MAX_LAYERS) {
		fprintf(stderr, "schedfuzz: more than %d layers\n", SIM_MAX_LAYERS);
		abort();
	}
	sim_layers[sim_nr_layers++] = layer;
}

const struct sim_layer *sim_layer_get(int i)
{
	return i < sim_nr_layers ? sim_layers[i] : NULL;
}

/* Let each layer check the quiescent machine; true if one queued work. */
static bool sim_quiesce_layers(void)
{
	uint64_t seq = sim_m.seq;
	int i;

	if (sim_m.inv_dirty)
		sim_check_invariants();
	for (i = 0; i < sim_nr_layers; i++)
		if (sim_layers[i]->quiesce)
			sim_layers[i]->quiesce();
	return sim_m.seq != seq;
}

const struct sim_outcome *sim_run(void)
{
	int r[SIM_MAX_CPUS];

	if (sim_m.in_run || sim_m.cur >= 0) {
		fprintf(stderr, "schedfuzz: sim_run() called recursively\n");
		abort();
	}
	sim_m.in_run = true;
	if (setjmp(sim_m.main_jmp))
		goto out;	/* a finding raised on the host stack */

	for (;;) {
		unsigned int i;
		int k = 0, pick;
		bool from_input;
		struct sim_cpu *c;

		if (sim_m.inv_dirty && !sim_m.rq_held)
			sim_check_invariants();
		for (i = 0; i < sim_m.nr_cpus; i++)
			if (sim_cpu_runnable(&sim_m.cpu[i]))
				r[k++] = (int)i;
		if (!k) {
			if (sim_advance_time())
				continue;
			sim_check_stuck();
			if (!sim_m.out.horizon && sim_quiesce_layers())
				continue;	/* a layer queued more work */
			break;		/* quiescent, or the horizon */
		}
		if (sim_m.step >= sim_m.max_steps)
			sim_finding(SIM_F_LIVENESS, -1, "LIVENESS:step-bound",
				    "no quiescence after %llu scheduling steps",
				    (unsigned long long)sim_m.max_steps);
		pick = sim_decide(r, k, &from_input);
		c = &sim_m.cpu[r[pick]];
		sim_m.step++;
		sim_m.pick = pick;
		sim_trace(SIM_TR_DECIDE, c->id, c->point_what,
			  (uint64_t)k | (uint64_t)from_input << 8, sim_m.step);
		if (!sim_cpu_busy(c))
			sim_start_event(c);
		sim_log_step(c, k, from_input);
		sim_m.cur = c->id;
		sim_m.last = c->id;
		sim_enter_cpu(c->id);
		sim_m.cur = -1;
		if (sim_m.finding)
			break;
	}
out:
	sim_m.cur = -1;
	sim_m.in_run = false;
	sim_m.out.steps = sim_m.step;
	sim_m.out.choices_used = sim_m.pos;
	sim_m.out.now_ns = sim_m.now;
	sim_m.out.digest = sim_digest_final();
	sim_runs_acc = (sim_runs_acc ^ sim_m.out.digest) * 0x9e3779b97f4a7c15ull + 1;
	if (!sim_m.finding) {
		sim_m.out.result = SIM_CLEAN;
		sim_m.out.kind = SIM_F_NONE;
		sim_m.out.id = "";
		sim_m.out.report = "";
		sim_m.out.cpu = -1;
	}
	return &sim_m.out;
}

const struct sim_outcome *sim_outcome(void)
{
	return &sim_m.out;
}

uint64_t sim_runs_digest(void)
{
	return sim_runs_acc;
}

void sim_runs_digest_reset(void)
{
	sim_runs_acc = 0;
}

/* A finding on a CPU: its work is abandoned where it stands. */
_Noreturn void sim_abandon_cpu(void)
{
	sim_coro[sim_m.cpu[sim_m.cur].thread].at_top = false;
	sim_leave_cpu(true);
	__builtin_unreachable();
}

/* A finding on the host stack, inside sim_run(). */
_Noreturn void sim_abandon_host(void)
{
	longjmp(sim_m.main_jmp, 1);
}

/* ---------------------------------------------------------------------- */
/* Reset */

void sim_release(void)
{
	unsigned int i;

	if (sim_m.in_run) {
		fprintf(stderr, "schedfuzz: sim_release() inside sim_run()\n");
		abort();
	}
	sim_poison_reset();
	/* Every thread the last run entered starts afresh: those it left
	 * anywhere but parked between events (a finding, the horizon, a task
	 * blocked or dead) need it, and doing it to all of them makes a run's
	 * code path independent of the runs before it. */
	for (i = 0; i < SIM_MAX_THREADS; i++)
		if (sim_coro[i].made && !sim_coro[i].fresh)
			sim_coro_make((int)i);
	for (i = 0; i < (unsigned int)sim_m.nr_threads_used || i < SIM_MAX_CPUS; i++)
		memset(&sim_thr[i], 0, sizeof(sim_thr[i]));
	sim_m.nr_threads_used = 0;
}

void sim_reset(const struct sim_opts *opts)
{
	uint64_t gen = sim_m.gen + 1;
	unsigned int i;

	if (sim_m.in_run) {
		fprintf(stderr, "schedfuzz: sim_reset() inside sim_run()\n");
		abort();
	}
	if (!opts || opts->nr_cpus < 1 || opts->nr_cpus > SIM_MAX_CPUS) {
		fprintf(stderr, "schedfuzz: sim_reset(): nr_cpus must be 1..%d\n",
			SIM_MAX_CPUS);
		abort();
	}
	sim_init_once();
	sim_release();

	memset(&sim_m, 0, sizeof(sim_m));
	sim_m.gen = gen;
	sim_m.nr_cpus = opts->nr_cpus;
	sim_m.cur = -1;
	sim_m.last = 0;
	sim_m.max_steps = opts->max_steps ? opts->max_steps : SIM_DEFAULT_MAX_STEPS;
	sim_m.max_time = opts->max_time_ns ? opts->max_time_ns : SIM_DEFAULT_MAX_TIME_NS;
	sim_m.choices = opts->choices;
	sim_m.nr_choices = opts->choices ? opts->nr_choices : 0;
	sim_m.choice_runs = opts->choice_runs;
	sim_m.run_cpu = -1;
	for (i = 0; i < SIM_MAX_CPUS; i++) {
		sim_m.cpu[i].id = (int)i;
		sim_m.cpu[i].thread = (int)i;
		sim_thr[i].used = i < sim_m.nr_cpus;
		sim_thr[i].cpu = i < sim_m.nr_cpus ? (int)i : -1;
		sim_thr[i].name = "boot";
	}
	sim_m.nr_threads_used = (int)sim_m.nr_cpus;
	for (i = 0; i < SIM_MAX_EVENTS; i++) {
		sim_m.ev[i].heap_pos = -1;
		sim_m.ev_free[i] = (uint16_t)(SIM_MAX_EVENTS - 1 - i);
	}
	sim_m.nr_ev_free = SIM_MAX_EVENTS;
	sim_m.out.id = "";
	sim_m.out.report = "";
	sim_m.out.cpu = -1;
	sim_digest_reset();
	sim_oracle_reset();
	sim_digest_words(0x73696d66757a7a00ull | sim_m.nr_cpus, 0);
	for (i = 0; i < (unsigned int)sim_nr_layers; i++)
		if (sim_layers[i]->reset)
			sim_layers[i]->reset();
}
