/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sim.h - the simulated multi-CPU machine: the API later layers build on.
 *
 * One process holds one machine.  A run is:
 *
 *	sim_reset(&opts);			start a run: all state cleared
 *	sim_queue_work(cpu, fn, arg, "name");	queue work on CPUs
 *	out = sim_run();			run to quiescence or a finding
 *	out->kind, out->id, out->report, out->digest
 *
 * Work runs as plain C on coroutine stacks, one per thread (kernel task).
 * Every simulated lock acquire and release, every spin-wait and every
 * sim_sched_point() suspends the CPU; the decision source then chooses which
 * CPU continues.  Nothing here reads the clock, rand() or the environment, or
 * orders anything by address: the same opts and work give the same run and
 * the same digest, always.
 *
 * Names with the sim_ prefix are inventions of the simulator; the kernel
 * header stand-ins under sim/include/ map kernel names (raw_spin_lock,
 * WARN_ON, smp_processor_id, ...) onto them.
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

/* ---------------------------------------------------------------------- */
/* Runs */

typedef void (*sim_work_fn)(void *arg);

struct sim_opts {
	unsigned int nr_cpus;		/* 1..SIM_MAX_CPUS */
	const uint8_t *choices;		/* interleaving choices, may be NULL */
	size_t nr_choices;
	uint64_t max_steps;		/* 0: SIM_DEFAULT_MAX_STEPS */
	uint64_t max_time_ns;		/* 0: SIM_DEFAULT_MAX_TIME_NS */
	/* Run-length choices: a byte b picks runnable CPU (b & 7) % k and
	 * keeps picking it for up to b >> 3 further choices while it can
	 * run.  Off: one byte per choice, b % k. */
	bool choice_runs;
};

enum sim_result {
	SIM_CLEAN = 0,			/* quiescent, or time horizon reached */
	SIM_FINDING = 1,		/* an oracle fired */
};

enum sim_finding_kind {
	SIM_F_NONE,
	SIM_F_WARN,			/* WARN_ON and friends (panic_on_warn) */
	SIM_F_BUG,			/* BUG_ON, BUG */
	SIM_F_LOCKDEP,			/* lock misuse, lockdep assertions */
	SIM_F_INVARIANT,		/* a global invariant, see invariants.h */
	SIM_F_LIVENESS,			/* deadlock, endless spin, step bound */
};

struct sim_outcome {
	enum sim_result result;
	enum sim_finding_kind kind;
	const char *id;			/* stable oracle id; "" when clean */
	int cpu;			/* CPU it fired on; -1 machine-wide */
	const char *report;		/* kernel-style splat; "" when clean */
	bool horizon;			/* clean because max_time_ns was hit */
	uint64_t digest;		/* XXH3-64 of the event/decision trace */
	uint64_t steps;			/* scheduling steps taken */
	uint64_t choices_used;		/* bytes of opts.choices consumed */
	uint64_t now_ns;		/* simulated time at the end */
};

/* Start a run: every layer's state is reset, exited objects unpoisoned. */
void sim_reset(const struct sim_opts *opts);

/* Run until no CPU has work and no event is pending (clean), the time
 * horizon passes (clean, horizon set), or an oracle fires (finding).
 * The outcome stays valid until the next sim_reset(). */
const struct sim_outcome *sim_run(void);

/* Release what the last run left (poisoned objects, stacks of threads it
 * abandoned mid-way).  sim_reset() does it anyway; a fuzz target calls it
 * right after each run, so that the cost, and the code it runs, belong to
 * the input that caused them, not to the next one (AFL++ stability).
 * The outcome stays valid; the freed objects' contents do not. */
void sim_release(void);

/* The last run's outcome. */
const struct sim_outcome *sim_outcome(void);

/* A digest of every run's outcome digest since the last reset, in order:
 * lets a test harness check that repeating a test repeats its runs. */
uint64_t sim_runs_digest(void);
void sim_runs_digest_reset(void);

/* The number of simulated CPUs of this run, inline: the invariant checks
 * loop over CPUs at every check point. */
extern const unsigned int *const sim_nr_cpus_ptr;

static inline unsigned int sim_nr_cpus(void)
{
	return *sim_nr_cpus_ptr;
}

/* Simulated time in ns.  Only the run loop advances it. */
uint64_t sim_now(void);

/* ---------------------------------------------------------------------- */
/* Work and events: everything a CPU does starts as an event on it. */

enum sim_event_kind {
	SIM_EV_WORK,			/* an operation of the program */
	SIM_EV_TICK,			/* the periodic scheduler tick */
	SIM_EV_TIMER,			/* an hrtimer expiry */
	SIM_EV_IPI,			/* an inter-processor interrupt */
};

/* Handle of a queued event; 0 is never a valid handle. */
typedef uint64_t sim_event_t;

/*
 * Queue fn(arg) on cpu at simulated time 'when' (>= now).  A CPU runs one
 * event at a time, in (time, sequence) order, to completion or suspension:
 * like interrupts, an event never preempts the CPU's running item.  'name'
 * must be a string that outlives the run.
 */
sim_event_t sim_queue_event(int cpu, uint64_t when, enum sim_event_kind kind,
			    sim_work_fn fn, void *arg, const char *name);

static inline sim_event_t sim_queue_work(int cpu, sim_work_fn fn, void *arg,
					 const char *name)
{
	return sim_queue_event(cpu, sim_now(), SIM_EV_WORK, fn, arg, name);
}

/* Cancel a queued event; false if it already ran or was cancelled. */
bool sim_cancel_event(sim_event_t ev);

/* True if the event is still queued. */
bool sim_event_pending(sim_event_t ev);

/* ---------------------------------------------------------------------- */
/* Inside work items */

/* The simulated CPU running now; -1 outside any CPU (e.g. in sim_run). */
int sim_this_cpu(void);

/* A scheduling point with no lock operation ("let others run here"). */
void sim_sched_point(const char *what);

/*
 * Spin until cond(arg) is true.  A scheduling point; the CPU is not
 * runnable while the condition is false.  If no CPU can ever make it true,
 * the run ends with a liveness finding.  cond must only read state.
 */
void sim_spin_until(bool (*cond)(const void *arg), const void *arg,
		    const char *what);

/*
 * Interrupts, as far as a spin needs them.  An event of kind
 * SIM_EV_WORK starts with them enabled, a tick, timer or IPI with them
 * disabled; the port turns them off and on where the kernel does
 * (local_irq_*, the _irq and _irqsave lock forms).  A CPU that holds a
 * spinlock has them off too: the scheduler's raw spinlocks are taken
 * with interrupts disabled, even where the port spells the plain form.
 * The machine still runs a CPU's IPI only between its events; this state
 * tells a spin that can never take its own IPI from one that could.
 */
void sim_irq_disable(void);
void sim_irq_enable(void);
/* local_irq_save()/restore(): the flag itself, not what a held lock
 * implies, so that a restore after the lock's release leaves them on. */
bool sim_irq_save(void);
void sim_irq_restore(bool off);
bool sim_irqs_disabled(void);

/* ---------------------------------------------------------------------- */
/* Threads: one stack per kernel task, so code can sleep inside schedule()
 * and resume there later, on any CPU, exactly as in the kernel.
 *
 * Threads 0..nr_cpus-1 are the CPUs' boot threads (their idle tasks); CPU i
 * starts on thread i.  Events belong to the thread that starts them: an
 * event whose code switches the CPU to another thread stays in progress,
 * suspended, until some CPU switches back to its thread and it returns.  A
 * CPU is free for its next event when the thread it runs has none in
 * progress. */

/* Prepare thread id (nr_cpus..SIM_MAX_THREADS-1) for this run.  When a CPU
 * first switches to it, entry(arg) runs on it (may be NULL), as the tail of
 * that switch; then the thread takes events like any other. */
void sim_thread_init(int id, void (*entry)(void *arg), void *arg,
		     const char *name);

/* switch_to(): the running CPU continues in thread id.  Not a scheduling
 * point.  Returns when some CPU switches back to the calling thread. */
void sim_thread_switch(int id);

/* The thread on the running CPU (-1 outside CPUs), on a given CPU, and a
 * thread's name. */
int sim_thread_current(void);
int sim_cpu_thread(int cpu);
const char *sim_thread_name(int id);

/* ---------------------------------------------------------------------- */
/* Simulated spinlocks, with owner tracking and lockdep-style checks. */

/* Lock class flags. */
#define SIM_LOCKF_RQ		0x1u	/* invariants wait until none is held */
#define SIM_LOCKF_ORDERED	0x2u	/* nested instances must nest in order */

/*
 * A lockdep class, defined statically once per kind of lock:
 *	static struct sim_lock_class rq_lock_class = { "&rq->__lock", SIM_LOCKF_RQ };
 * Locks initialised with a NULL class are tracked for ownership but not
 * validated for order (lockdep_set_novalidate_class()).
 */
struct sim_lock_class {
	const char *name;
	unsigned int flags;
	/* private */
	uint64_t gen;
	int idx;
};

struct sim_lock {
	const char *name;
	struct sim_lock_class *class;
	int owner;			/* CPU holding it, -1 if free */
	int id;				/* registration order in this run */
	int order;			/* nesting order for SIM_LOCKF_ORDERED */
	/* Queued (FIFO) like qspinlock: a waiter takes a ticket and gets the
	 * lock when it is free and its ticket is served. */
	uint32_t next_ticket;
	uint32_t serving;
};

/* Register a lock for this run.  'order' ranks instances of an ORDERED
 * class (e.g. the CPU id for rq locks).  Call after sim_reset(). */
void sim_lock_init(struct sim_lock *l, const char *name,
		   struct sim_lock_class *class, int order);

/* Forget a lock whose memory is about to be freed (poisoned); it must
 * not be held. */
void sim_lock_destroy(struct sim_lock *l);

/* Acquire, as raw_spin_lock_nested(l, subclass).  A scheduling point. */
void sim_lock_acquire(struct sim_lock *l, unsigned int subclass);

/* Try once; a scheduling point either way. */
bool sim_lock_tryacquire(struct sim_lock *l);

/* Release.  A scheduling point. */
void sim_lock_release(struct sim_lock *l);

/* lock_set_subclass(): change the lockdep subclass of a lock this CPU
 * holds (checked against the order graph like a fresh acquire). */
void sim_lock_set_subclass(struct sim_lock *l, unsigned int subclass);

/* Held by the running CPU? */
bool sim_lock_held(const struct sim_lock *l);

/* lockdep_assert_held() and _not_held(): fatal when wrong. */
#define sim_lockdep_assert_held(l) \
	sim_lock_assert_held((l), true, __func__)
#define sim_lockdep_assert_not_held(l) \
	sim_lock_assert_held((l), false, __func__)
void sim_lock_assert_held(const struct sim_lock *l, bool held, const char *func);

/* Pin cookies (lockdep_pin_lock()): a pinned lock must not be released,
 * and the cookie given at unpin must be the one pin returned. */
struct sim_pin_cookie {
	uint32_t val;
};
struct sim_pin_cookie sim_lock_pin(struct sim_lock *l);
void sim_lock_unpin(struct sim_lock *l, struct sim_pin_cookie c);
void sim_lock_repin(struct sim_lock *l, struct sim_pin_cookie c);

/* Locks of SIM_LOCKF_RQ classes held by all CPUs together. */
int sim_rq_locks_held(void);

/* ---------------------------------------------------------------------- */
/* The oracle */

/*
 * Raise a finding: the run stops, the report is built, the digest closes.
 * Never returns (a CPU's work is abandoned where it stands).
 * 'id' is the stable oracle id used for bucketing; 'fmt' adds detail.
 */
_Noreturn void sim_finding(enum sim_finding_kind kind, int cpu, const char *id,
			   const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Called by the WARN_ON family (sim/include/linux/bug.h): builds the id
 * "WARN:<kfile>:<func>:<cond>" and raises the finding. */
_Noreturn void sim_warn(enum sim_finding_kind kind, const char *kfile,
			const char *func, int line, const char *cond);

/* Run every registered invariant now; the first that fails is a finding.
 * sim_run() calls this at quiescent points (no CPU holds an rq lock). */
void sim_check_invariants(void);

/* An invariant check: return true if it holds; otherwise write one line
 * saying what is wrong into msg. */
typedef bool (*sim_inv_fn)(char *msg, size_t len);

/* Ids from the X-macro list in invariants.h. */
enum sim_inv_id {
#define SIM_INV_ENUM(id, reason) SIM_INV_##id,
#include "invariants.h"
	SIM_INVARIANTS(SIM_INV_ENUM)
#undef SIM_INV_ENUM
	SIM_NR_INVARIANTS
};

/* A layer supplies the check for each invariant it owns (at process start
 * or in its reset hook).  Unregistered invariants are not checked. */
void sim_invariant_register(enum sim_inv_id id, sim_inv_fn fn);
const char *sim_invariant_name(enum sim_inv_id id);
const char *sim_invariant_reason(enum sim_inv_id id);
bool sim_invariant_registered(enum sim_inv_id id);

/* Evaluate one invariant now, without raising a finding: true if it holds
 * or has no check registered; otherwise msg says what is wrong. */
bool sim_invariant_holds(enum sim_inv_id id, char *msg, size_t len);

/* ---------------------------------------------------------------------- */
/* Simulated call stacks, for reports.  A ported function opens with
 * SIM_FRAME(); the frame pops when the function returns. */

struct sim_frame {
	const char *func;
	const char *file;
};

struct sim_frame *sim_frame_push(const char *func, const char *file);
void sim_frame_pop(struct sim_frame **f);

/* Whether a frame of the running CPU's thread is func (by name). */
bool sim_in_func(const char *func);

#define SIM_FRAME_FILE(file)						\
	struct sim_frame *__sim_frame __attribute__((cleanup(sim_frame_pop), unused)) = \
		sim_frame_push(__func__, file)

/* Ported files define SIM_KFILE ("kernel/sched/core.c") before use. */
#define SIM_FRAME()	SIM_FRAME_FILE(SIM_KFILE)

/* ---------------------------------------------------------------------- */
/* Layers: the kernel port and the tests plug in here. */

struct sim_layer {
	const char *name;
	/* Clear this layer's state; called by sim_reset() after the runtime's
	 * own state is cleared and exited objects are unpoisoned. */
	void (*reset)(void);
	/* Describe what runs on a CPU for reports: PID and command. */
	void (*describe_cpu)(int cpu, int *pid, const char **comm);
	/* Append layer state to a report (may be NULL). */
	void (*report)(char *buf, size_t len);
	/* The machine is quiescent and the run is about to end clean: check
	 * liveness (e.g. every woken task is runnable); may raise a finding
	 * or queue more events, which the run then processes (may be NULL). */
	void (*quiesce)(void);
};

void sim_layer_register(const struct sim_layer *layer);

/* Poison an exited object: filled with 0x6b (slab's POISON_FREE) and, in
 * AddressSanitizer builds, made unaddressable, so a stale reference fails
 * loudly.  sim_reset() unpoisons every poisoned object. */
void sim_poison(void *obj, size_t size);
bool sim_is_poisoned_slow(const void *obj);
extern int sim_nr_poisoned;	/* objects poisoned this run */

/* Whether obj was poisoned.  Inline for the common case, nothing poisoned:
 * the invariant checks ask for every task at every check point. */
static inline bool sim_is_poisoned(const void *obj)
{
	return sim_nr_poisoned && sim_is_poisoned_slow(obj);
}

/* ---------------------------------------------------------------------- */
/* The trace: every decision and event, for digests and --trace output. */

enum sim_trace_kind {
	SIM_TR_EVENT,		/* a CPU starts an event */
	SIM_TR_DECIDE,		/* the decision source chose a CPU */
	SIM_TR_ACQUIRE,		/* a CPU is about to take a lock */
	SIM_TR_ACQUIRED,	/* it has it */
	SIM_TR_RELEASE,		/* a CPU released a lock */
	SIM_TR_SPIN,		/* a CPU spins on a condition */
	SIM_TR_POINT,		/* a plain scheduling point */
	SIM_TR_DONE,		/* a CPU finished its event */
	SIM_TR_TIME,		/* time advanced */
	SIM_TR_FINDING,		/* an oracle fired */
	SIM_TR_USER,		/* a layer's own record (sim_trace_user) */
	SIM_TR_SWITCH,		/* a CPU switched threads (a = prev, b = next) */
};

struct sim_trace_rec {
	enum sim_trace_kind kind;
	int cpu;
	uint64_t step;
	uint64_t time;
	int nr_runnable;	/* DECIDE: CPUs it chose among */
	bool from_input;	/* DECIDE: a choice byte was consumed */
	int pick;		/* DECIDE: the chosen CPU's index among the
				 * runnable ones, ascending ids (the choice
				 * byte that picks it); not in the digest */
	const char *what;	/* lock, event, condition or record name */
	const char *func;	/* innermost simulated frame, or NULL */
	uint64_t a, b;		/* USER: layer-defined values */
};

/* One hook sees every record (the replay tool prints them). */
void sim_set_trace_hook(void (*fn)(const struct sim_trace_rec *r, void *arg),
			void *arg);

/* A layer's own trace record (e.g. sched_switch); folded into the digest. */
void sim_trace_user(const char *what, uint64_t a, uint64_t b);

#endif /* SIM_SIM_H */
