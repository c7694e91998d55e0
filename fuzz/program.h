/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * program.h - the one program type of schedfuzz: what a run does.
 *
 * A program is a machine (2..8 CPUs), the tasks forked at set-up, the
 * mutexes, a list of operations (each on a CPU at a simulated time) and
 * the interleaving choices fed to the simulator's decision source.  It has
 * two encodings, both total over valid programs and both canonical:
 *
 *	bytes (encoding.c, docs/encoding.md):	what fuzzers mutate
 *	text  (scenario.c, docs/scenario-language.md): what people write
 *
 * Every field of a struct program is always in range and canonical (fields
 * an operation kind does not use are zero), so two programs are the same
 * program exactly when prog_equal() says so.  prog_check() states the rules.
 *
 * Tasks are numbered by pid: 1..nr_tasks are the set-up tasks in order;
 * nr_tasks+1.. are the children of the fork operations, in program order.
 * (A child's pid is the one it gets when forks run in program order and
 * each finds a task to do it; see docs/scenario-language.md.)
 */
#ifndef FUZZ_PROGRAM_H
#define FUZZ_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim.h"
#include "kernel/sim_kernel.h"

/* Limits of one program (counts unless stated). */
#define PROG_MIN_CPUS		2
#define PROG_MAX_CPUS		SIM_MAX_CPUS
#define PROG_MAX_TASKS		32	/* set-up tasks */
#define PROG_MAX_MUTEXES	SIM_MAX_MUTEXES
#define PROG_MAX_OPS		SIM_MAX_OPS
#define PROG_MAX_CHOICES	4096	/* bytes */
#define PROG_NAME_MAX		15	/* characters; a task's comm is 16 bytes */
/* Named tasks: set-up tasks plus fork children (one per operation). */
#define PROG_MAX_NAMED		(PROG_MAX_TASKS + PROG_MAX_OPS)

/* Times, ns.  Operation and fork times and sleep timeouts lie in
 * [0, PROG_MAX_TIME_NS], the simulator's default horizon. */
#define PROG_MAX_TIME_NS	SIM_DEFAULT_MAX_TIME_NS
/* SCHED_DEADLINE parameters, as sched_setattr() checks them
 * (__checkparam_dl: runtime >= 2^DL_SCALE, period within the sysctl
 * defaults sched_deadline_period_{min,max}_us). */
#define PROG_DL_MIN_RUNTIME_NS	1024ULL
#define PROG_DL_MIN_PERIOD_NS	100000ULL
#define PROG_DL_MAX_PERIOD_NS	4000000000ULL

static_assert(PROG_MAX_CPUS <= 8, "affinity masks are one byte");
static_assert(PROG_MAX_OPS <= SIM_MAX_OPS, "the driver queues every operation");
static_assert(PROG_MAX_MUTEXES <= SIM_NR_MUTEXES, "the driver creates every mutex");
static_assert(PROG_MAX_TASKS + 2 * PROG_MAX_CPUS <= SIM_NR_TASK_SLOTS,
	      "every set-up task gets a slot next to the idle and stop tasks");

/* Scheduling policies, in encoding order. */
enum prog_policy {
	PROG_NORMAL,
	PROG_BATCH,
	PROG_IDLE,
	PROG_FIFO,
	PROG_RR,
	PROG_DEADLINE,
	PROG_NR_POLICIES,
};

/* Signals an operation may send. */
enum prog_sig {
	PROG_SIGKILL,
	PROG_SIGUSR1,
	PROG_NR_SIGS,
};

/* What sched_setattr() would be given. */
struct prog_sched {
	uint8_t policy;			/* enum prog_policy */
	int8_t nice;			/* NORMAL, BATCH, IDLE: -20..19; else 0 */
	uint8_t rt_prio;		/* FIFO, RR: 1..99; else 0 */
	uint64_t runtime;		/* DEADLINE, ns: runtime <= deadline <= period; */
	uint64_t deadline;		/* else 0 */
	uint64_t period;
};

struct prog_task {
	char name[PROG_NAME_MAX + 1];
	struct prog_sched sched;
	uint8_t cpus;			/* affinity: non-empty subset of the machine */
	uint8_t cpu;			/* CPU it is forked on */
	uint64_t at;			/* fork time, ns */
};

/*
 * One operation: sim_op_kind 'kind' on 'cpu' at 'at' ns.  Which other
 * fields it uses depends on the kind (the rest are zero):
 *
 *	mutex_lock*, mutex_unlock	mutex
 *	sleep				timeout (0: none)
 *	fork				child (name, sched, cpus)
 *	sched_setattr			task (0: self), sched
 *	sched_setaffinity		task (0: self), cpus
 *	wake_up_process			task (1..)
 *	signal				task (1..), sig
 *
 * 'actor' (0: unnamed) is who the writer expects to be current on 'cpu'
 * when a task operation (prog_op_is_task_op()) runs; it does not change the
 * run, and replay reports where it is wrong.  CPU operations have none.
 */
struct prog_op {
	uint8_t kind;			/* enum sim_op_kind */
	uint8_t cpu;
	uint64_t at;
	uint16_t actor;			/* pid, 0: unnamed */
	uint16_t task;			/* pid, 0: self */
	uint8_t mutex;			/* mutex id */
	uint8_t sig;			/* enum prog_sig */
	uint64_t timeout;		/* ns */
	uint8_t cpus;			/* affinity mask */
	struct prog_sched sched;
	char name[PROG_NAME_MAX + 1];	/* fork: the child */
};

struct program {
	uint8_t nr_cpus;
	uint8_t nr_tasks;
	uint8_t nr_mutexes;
	uint16_t nr_ops;
	uint16_t nr_choices;
	struct prog_task tasks[PROG_MAX_TASKS];
	char mutexes[PROG_MAX_MUTEXES][PROG_NAME_MAX + 1];
	struct prog_op ops[PROG_MAX_OPS];
	uint8_t choices[PROG_MAX_CHOICES];
};

/* ---------------------------------------------------------------------- */
/* The program type (program.c) */

/* The empty program: 2 CPUs, nothing else. */
void prog_init(struct program *p);

/* Same program?  Compares every meaningful field. */
bool prog_equal(const struct program *a, const struct program *b);

/* Does p keep every rule of the type?  If not, msg says which. */
bool prog_check(const struct program *p, char *msg, size_t len);

/* All CPUs of p's machine as a mask. */
static inline uint8_t prog_all_cpus(const struct program *p)
{
	return (uint8_t)((1u << p->nr_cpus) - 1);
}

/* Task operations are done by current; CPU operations by the CPU. */
static inline bool prog_op_is_task_op(unsigned int kind)
{
	return sim_op_is_task(kind);
}

bool prog_op_uses_mutex(unsigned int kind);
/* wake_up_process and signal: a task, never self. */
bool prog_op_needs_task(unsigned int kind);
/* sched_setattr and sched_setaffinity: a task or self. */
bool prog_op_takes_task_or_self(unsigned int kind);
bool prog_op_uses_sched(unsigned int kind);

/* Number of named tasks: set-up tasks plus fork children. */
unsigned int prog_nr_named(const struct program *p);

/* Name of task pid (1..prog_nr_named()), or NULL. */
const char *prog_task_name(const struct program *p, unsigned int pid);

/* The op index of the fork that creates pid, or -1 for a set-up task. */
int prog_fork_op_of(const struct program *p, unsigned int pid);

/* Operation names, as the driver's sim_op_name() spells them. */
const char *prog_op_name(unsigned int kind);
const char *prog_policy_name(unsigned int policy);
const char *prog_sig_name(unsigned int sig);

/* Is name one of the words a name may not be (operation names, "self")? */
bool prog_name_reserved(const char *name);
/* A valid name: [A-Za-z_][A-Za-z0-9_]*, 1..PROG_NAME_MAX chars, not reserved. */
bool prog_name_valid(const char *name);

/* Default names: task pid N is "T<N>", mutex id N is "M<N>". */
void prog_default_task_name(char *buf, unsigned int pid);
void prog_default_mutex_name(char *buf, unsigned int id);

/* Can a time (ns) be stored in a 32-bit time field: a 30-bit mantissa
 * in ns, us, ms or s?  See docs/encoding.md. */
bool prog_time_representable(uint64_t ns);

/* Canonical scheduling parameters for a policy: zero what it does not use. */
void prog_sched_canon(struct prog_sched *s);
bool prog_sched_valid(const struct prog_sched *s, char *msg, size_t len);

/* ---------------------------------------------------------------------- */
/* Bytes (encoding.c) */

#define PROG_FORMAT_V1		1
#define PROG_FORMAT_V2		2
#define PROG_FORMAT_LATEST	PROG_FORMAT_V2

/* Operation kinds each format can say: v1 stops before migrate_disable. */
#define PROG_V1_NR_OPS		SIM_OP_MIGRATE_DISABLE
#define PROG_V2_NR_OPS		SIM_NR_OPS

/* The oldest format that can say p (the encoder writes it). */
unsigned int prog_format_of(const struct program *p);

/* Sizes of the v1 encoding (bytes). */
#define PROG_V1_HEADER		8
#define PROG_V1_TASK		20
#define PROG_V1_OP		23
#define PROG_V1_NAMES_MAX	((PROG_MAX_TASKS + PROG_MAX_MUTEXES + PROG_MAX_OPS) * \
				 (PROG_NAME_MAX + 1))
#define PROG_V1_MAX_SIZE	(PROG_V1_HEADER + PROG_MAX_TASKS * PROG_V1_TASK + \
				 PROG_MAX_OPS * PROG_V1_OP + PROG_V1_NAMES_MAX + \
				 PROG_MAX_CHOICES)
#define PROG_MAX_ENCODED	PROG_V1_MAX_SIZE

/* Decode any byte string into p (total: never fails).  Bytes past the
 * maximum size are ignored. */
void prog_decode(struct program *p, const uint8_t *buf, size_t len);

/* Encode p (which must pass prog_check) in the latest format into buf of
 * at least PROG_MAX_ENCODED bytes; returns the length. */
size_t prog_encode(const struct program *p, uint8_t *buf);

/* ---------------------------------------------------------------------- */
/* Text (scenario.c) */

/* Text of a whole program, at most this long (bytes). */
#define PROG_MAX_TEXT		(256 * 1024)

/* Parse a scenario.  On error returns false and writes
 * "file:line:col: error: what was expected" into err. */
bool prog_parse(struct program *p, const char *text, size_t len,
		const char *file, char *err, size_t errlen);

/* Print p as canonical text into buf (NUL-terminated); returns the length
 * it needs, which may exceed len, as snprintf does. */
size_t prog_print(const struct program *p, char *buf, size_t len);

/* One operation as its canonical text after "at T cpuN: ". */
size_t prog_print_op(const struct program *p, const struct prog_op *op,
		     char *buf, size_t len);

/* Time as canonical text ("2ms", "1500us", "0"). */
void prog_print_time(uint64_t ns, char *buf, size_t len);

/* ---------------------------------------------------------------------- */
/* Running (run.c, linked with one variant of the port) */

/* The variant this binary's port was built as ("fixed", "stale-prev"). */
extern const char *const prog_variant;

/* Reset the machine, boot, create tasks and mutexes, queue every
 * operation and run with p's choices.  The trace hook (may be NULL) sees
 * every record.  p must stay valid until the next run (names are used in
 * place).  The outcome is valid until the next sim_reset(). */
const struct sim_outcome *program_run(const struct program *p,
				      void (*hook)(const struct sim_trace_rec *r,
						   void *arg),
				      void *arg);

/* The CPU whose rq lock has the id a trace record names (the b of an
 * ACQUIRED or RELEASE record), or -1 for any other lock. */
int program_rq_cpu_of_lock(uint64_t lock_id);

/* Program-level minimization (minimize.c): remove operations, tasks,
 * mutexes, CPUs and choices, and zero choices, one at a time, keeping a
 * change only while p fires the same oracle id as before.  false (and p
 * untouched) if p fires nothing.  At most 'budget' runs; *runs says how
 * many were made. */
bool prog_minimize(struct program *p, unsigned int budget, unsigned int *runs);

#endif /* FUZZ_PROGRAM_H */
