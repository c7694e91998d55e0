/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * internal.h - the machine's private state, shared by the sim/ sources and by tests
 * that corrupt it on purpose.  Not for the kernel port.
 */
#ifndef SIM_INTERNAL_H
#define SIM_INTERNAL_H

#include <setjmp.h>

#include "ctx.h"
#include "sim.h"

#if defined(__SANITIZE_ADDRESS__)
#define SIM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SIM_ASAN 1
#endif
#endif
#ifndef SIM_ASAN
#define SIM_ASAN 0
#endif

/* What a suspended CPU waits for. */
enum sim_wait {
	SIM_WAIT_NONE,		/* runnable: a plain point or a release */
	SIM_WAIT_LOCK,		/* runnable once wait_lock is free */
	SIM_WAIT_COND,		/* runnable once wait_cond(wait_arg) */
};

struct sim_held {
	struct sim_lock *lock;
	unsigned int subclass;
	uint32_t pin;		/* pin cookie, 0 when not pinned */
	const char *func;	/* innermost frame when taken */
};

/* A step of one CPU, for the report: the CPU started an event or was
 * resumed past a scheduling point. */
struct sim_point_log {
	uint64_t step;
	enum sim_trace_kind kind;
	const char *what;
	const char *func;
	bool chosen_by_input;
	int nr_runnable;
};

#define SIM_CPU_LOG	8

/* An execution context: a kernel task's stack.  A CPU runs one thread at a
 * time; context_switch() moves the CPU to another (sim_thread_switch()). */
struct sim_thread {
	const char *name;
	bool used;			/* initialised in this run */
	void (*entry)(void *arg);	/* run first when next switched to */
	void *entry_arg;
	bool entry_pending;
	bool in_event;			/* inside an event it started */
	const char *ev_name;
	int cpu;			/* CPU running it, -1 if switched out */
	struct sim_frame frames[SIM_MAX_FRAMES];
	int depth;
};

struct sim_cpu {
	int id;
	int thread;			/* thread running on this CPU */

	/* The event the run loop handed over, not yet started. */
	bool start_pending;
	sim_work_fn fn;
	void *arg;
	const char *start_name;

	/* Where it is suspended and what it waits for. */
	enum sim_wait wait;
	struct sim_lock *wait_lock;
	uint32_t wait_ticket;
	bool (*wait_cond)(const void *arg);
	const void *wait_arg;
	enum sim_trace_kind point_kind;
	const char *point_what;
	const char *point_func;

	/* Spinlocks are held by the CPU: preemption is off while one is held,
	 * and the rq lock passes from prev to next across context_switch(). */
	struct sim_held held[SIM_MAX_HELD_LOCKS];
	int nr_held;
	bool irqs_off;			/* sim_irq_disable() until enabled */

	/* Pending events of this CPU: a heap of slots by (time, seq). */
	uint16_t heap[SIM_MAX_EVENTS];
	int nr_heap;
	bool heap_changed;	/* since the heap invariant last held */

	struct sim_point_log log[SIM_CPU_LOG];
	unsigned int nr_log;
};

struct sim_event {
	uint64_t time;
	uint64_t seq;
	sim_work_fn fn;
	void *arg;
	const char *name;
	uint64_t name_hash;
	enum sim_event_kind kind;
	int cpu;
	int heap_pos;			/* -1 when not queued */
	uint32_t gen;
};

struct sim_machine {
	unsigned int nr_cpus;
	struct sim_cpu cpu[SIM_MAX_CPUS];
	int cur;			/* running CPU, -1 in the run loop */
	int last;			/* CPU that ran the last step */
	int pick;			/* its index among the runnable CPUs */
	struct sim_frame main_frames[SIM_MAX_FRAMES];
	int main_depth;
	int nr_threads_used;		/* thread ids below this may be in use */

	uint64_t now;
	uint64_t seq;
	uint64_t step;
	uint64_t max_steps;
	uint64_t max_time;
	uint64_t gen;			/* run generation, for lock classes */

	const uint8_t *choices;
	size_t nr_choices;
	size_t pos;
	bool choice_runs;
	int run_cpu;			/* choice_runs: the CPU of the run */
	unsigned int run_left;		/* further choices it keeps */
	unsigned int fallback_streak;	/* contested fallback picks of 'last' in a row */

	struct sim_event ev[SIM_MAX_EVENTS];
	uint16_t ev_free[SIM_MAX_EVENTS];
	int nr_ev_free;

	struct sim_lock *locks[SIM_MAX_LOCKS];
	int nr_locks;
	int rq_held;			/* SIM_LOCKF_RQ locks held, all CPUs */
	uint32_t pin_seq;

	/* Lockdep: dependency matrix over lock keys (class, subclass). */
	struct sim_lock_class *classes[SIM_MAX_LOCK_CLASSES];
	int nr_classes;
	uint64_t deps[SIM_LOCK_KEYS];	/* deps[a] bit b: a taken before b */

	bool inv_dirty;			/* state changed since the last check */
	bool in_inv_check;

	struct sim_outcome out;
	bool finding;
	jmp_buf main_jmp;		/* findings raised in the run loop */
	bool in_run;

	/* Digest: records buffered, then folded with XXH3. */
	uint64_t dig_buf[SIM_DIGEST_BUF_WORDS];
	int dig_n;
	void *dig_state;		/* XXH3_state_t, see digest.c */

	void (*trace_hook)(const struct sim_trace_rec *r, void *arg);
	void *trace_arg;

	char report[SIM_REPORT_SIZE];
	char id[256];
};

extern struct sim_machine sim_m;
extern struct sim_thread sim_thr[SIM_MAX_THREADS];

/* The thread a CPU runs, and whether it is inside an event. */
static inline struct sim_thread *sim_cpu_thr(const struct sim_cpu *c)
{
	return &sim_thr[c->thread];
}

static inline bool sim_cpu_busy(const struct sim_cpu *c)
{
	return sim_thr[c->thread].in_event;
}

/* machine.c */
void sim_trace(enum sim_trace_kind kind, int cpu, const char *what,
	       uint64_t a, uint64_t b);
void sim_suspend(struct sim_cpu *c, enum sim_trace_kind kind,
		 const char *what);
struct sim_cpu *sim_cur_cpu(void);
const char *sim_cur_func(void);
bool sim_cpu_runnable(const struct sim_cpu *c);

_Noreturn void sim_abandon_cpu(void);
_Noreturn void sim_abandon_host(void);
const struct sim_layer *sim_layer_get(int i);
const char *sim_trace_kind_name(enum sim_trace_kind k);

/* lock.c */
void sim_lock_invariants_register(void);
const char *sim_lock_owner_desc(const struct sim_lock *l, char *buf, size_t n);

/* digest.c.  -DSIM_NO_DIGEST (bench builds only, ./build.sh bench) drops
 * the XXH3 folding of trace records to measure what it costs: every run's
 * digest is then 0, and nothing else changes. */
#ifdef SIM_NO_DIGEST
static inline void sim_digest_reset(void)
{
}

static inline void sim_digest_words(uint64_t a, uint64_t b)
{
	(void)a;
	(void)b;
}

static inline uint64_t sim_digest_final(void)
{
	return 0;
}
#else
void sim_digest_reset(void);
void sim_digest_flush(void);
uint64_t sim_digest_final(void);

/* Inline: one record per trace call, the hottest path of the tracing. */
static inline void sim_digest_words(uint64_t a, uint64_t b)
{
	if (sim_m.dig_n == SIM_DIGEST_BUF_WORDS)
		sim_digest_flush();
	sim_m.dig_buf[sim_m.dig_n++] = a;
	sim_m.dig_buf[sim_m.dig_n++] = b;
}
#endif
uint64_t sim_hash_str(const char *s);

/* oracle.c */
void sim_oracle_reset(void);
void sim_report_build(enum sim_finding_kind kind, int cpu, const char *detail);
void sim_poison_reset(void);

#endif /* SIM_INTERNAL_H */
