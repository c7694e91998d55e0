/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * config.h - every size limit of the simulated machine, in one place.
 *
 * All machine state lives in fixed-size arrays sized here; nothing on the
 * run path allocates.  Each limit states its unit, and the static_asserts
 * at the bottom tie the limits to each other.
 */
#ifndef SIM_CONFIG_H
#define SIM_CONFIG_H

#include <assert.h>

/* Simulated CPUs in one machine (count).  The program may use 2..this. */
#define SIM_MAX_CPUS		8

/* Task slots, idle and stopper tasks included (count). */
#define SIM_MAX_TASKS		64

/* Threads: execution contexts with their own stacks, one per task; the
 * first nr_cpus are the CPUs' boot (idle) threads (count). */
#define SIM_MAX_THREADS		SIM_MAX_TASKS

/* Sleeping locks (struct mutex) in one machine (count). */
#define SIM_MAX_MUTEXES		16

/* Simulated spinlocks registered in one run (count): per CPU an rq lock,
 * per task pi_lock and blocked_lock, per mutex wait_lock, plus spares for
 * tests and later additions. */
#define SIM_MAX_LOCKS		(SIM_MAX_CPUS + 2 * SIM_MAX_TASKS + SIM_MAX_MUTEXES + 64)

/* Locks one CPU may hold at once (count): lockdep's held_locks depth. */
#define SIM_MAX_HELD_LOCKS	8

/* Lockdep lock classes, each with up to SIM_LOCK_SUBCLASSES subclasses
 * (count).  Their product sizes the dependency matrix. */
#define SIM_MAX_LOCK_CLASSES	16
#define SIM_LOCK_SUBCLASSES	2
#define SIM_LOCK_KEYS		(SIM_MAX_LOCK_CLASSES * SIM_LOCK_SUBCLASSES)

/* Pending events (work items, ticks, timers, IPIs) in one run (count). */
#define SIM_MAX_EVENTS		512

/* Simulated call-stack depth recorded per CPU for reports (frames). */
#define SIM_MAX_FRAMES		48

/* Stack per thread (bytes).  Sanitizers need larger
 * frames, so the stack grows with them. */
#if defined(__SANITIZE_ADDRESS__)
#define SIM_STACK_SIZE		(512 * 1024)
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SIM_STACK_SIZE		(512 * 1024)
#endif
#endif
#ifndef SIM_STACK_SIZE
#define SIM_STACK_SIZE		(128 * 1024)
#endif

/* Default bound on scheduling steps of one run (steps). */
#define SIM_DEFAULT_MAX_STEPS	200000
/* Contested decisions the same CPU may win in a row by fallback (input used
 * up) before it passes the machine on (sim_decide()). */
#define SIM_FALLBACK_SLICE	1024

/* Default simulated-time horizon of one run (ns): 10 simulated seconds. */
#define SIM_DEFAULT_MAX_TIME_NS	(10ULL * 1000 * 1000 * 1000)

/* Decisions remembered for the report, per machine (records). */
#define SIM_DECISION_LOG	64

/* Report text buffer (bytes). */
#define SIM_REPORT_SIZE		16384

/* Trace records buffered before they are folded into the digest (words). */
#define SIM_DIGEST_BUF_WORDS	64

static_assert(SIM_MAX_CPUS >= 2 && SIM_MAX_CPUS <= 64,
	      "CPU masks are 64-bit words");
static_assert(SIM_MAX_TASKS >= 2 * SIM_MAX_CPUS + 8,
	      "room for per-CPU idle and stopper tasks plus workload tasks");
static_assert(SIM_MAX_THREADS >= SIM_MAX_CPUS, "every CPU has a boot thread");
static_assert(SIM_MAX_THREADS <= 255, "thread ids fit the trace's byte fields");
static_assert(SIM_LOCK_KEYS <= 64,
	      "the lockdep dependency matrix rows are 64-bit words");
static_assert(SIM_MAX_EVENTS >= 4 * SIM_MAX_CPUS,
	      "each CPU needs a tick, a timer and work in flight");
static_assert(SIM_STACK_SIZE % 4096 == 0, "stacks are whole pages");
static_assert(SIM_DIGEST_BUF_WORDS % 2 == 0, "records are two words");
static_assert(SIM_DECISION_LOG > 0 && (SIM_DECISION_LOG & (SIM_DECISION_LOG - 1)) == 0,
	      "the decision log is a power-of-two ring");

#endif /* SIM_CONFIG_H */
