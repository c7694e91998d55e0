/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sim_kernel.h - driving the ported scheduler: booting the simulated
 * machine, creating tasks and mutexes, and injecting operations.
 *
 * Everything here is an invention of the simulator (sim_ prefix).  A run:
 *
 *	sim_reset(&opts);
 *	sim_kernel_boot();			runqueues, idle and stop tasks
 *	t = sim_task_create(&attr);		forked and woken at time 0
 *	m = sim_mutex_create("M");
 *	sim_op_queue(cpu, when, &op);		what happens, and where
 *	out = sim_run();
 *
 * An operation is an event on a CPU.  "Task" operations (mutex_lock,
 * sleep, yield, exit, ...) are done by the task running on that CPU at
 * that moment (current); if that is the idle task they do nothing.  Other
 * operations (tick, wake-up, signal, setscheduler, setaffinity, schedule)
 * are done by the CPU on behalf of whatever runs there.  Every event ends
 * like a return from interrupt or system call: if current needs
 * rescheduling, it schedules.
 */
#ifndef SIM_KERNEL_SIM_KERNEL_H
#define SIM_KERNEL_SIM_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "sim.h"

struct task_struct;
struct mutex;

/* Set up the kernel state of the machine sim_reset() made: one rq, idle
 * task and stopper task per CPU, the root domain.  The kernel layer
 * registers itself (reset, reports, invariants) on first use. */
void sim_kernel_boot(void);

/* Task slots (idle and stop tasks included). */
#define SIM_NR_TASK_SLOTS	SIM_MAX_THREADS

struct sim_task_attr {
	const char *name;		/* comm; must outlive the run */
	int policy;			/* SCHED_NORMAL, _BATCH, _IDLE, _FIFO, _RR, _DEADLINE */
	int nice;			/* fair: -20..19 */
	int rt_priority;		/* FIFO/RR: 1..99 */
	uint64_t dl_runtime;		/* DEADLINE: ns */
	uint64_t dl_deadline;
	uint64_t dl_period;
	uint64_t cpus_allowed;		/* CPU bit mask; 0 means every CPU */
	int cpu;			/* CPU it is forked on */
	uint64_t fork_at;		/* simulated time of the fork, ns */
};

/* Create a task, forked on attr->cpu at time attr->fork_at by whatever
 * runs there (sched_fork() and wake_up_new_task() in that CPU's event).
 * Returns NULL when the slots are exhausted. */
struct task_struct *sim_task_create(const struct sim_task_attr *attr);

/* The task with this pid, or NULL; pids are 1.. in creation order. */
struct task_struct *sim_task_by_pid(int pid);

/* Mutexes, in a fixed array; ids 0.. in creation order. */
struct mutex *sim_mutex_create(const char *name);
struct mutex *sim_mutex_by_id(int id);
int sim_mutex_id(const struct mutex *lock);

/*
 * The operations, in one list: X(ID, name).  Task operations are done by
 * current (nothing if current is the idle task): those before TICK and
 * those from MIGRATE_DISABLE on (appended later: the list's order is the
 * byte encoding's, docs/encoding.md).  TICK to SIGNAL are done by the CPU,
 * whatever runs there.  The names are the scenario language's and the
 * traces'.
 */
#define SIM_OPS(X)							\
	X(MUTEX_LOCK, "mutex_lock")			/* mutex_lock(m) */		\
	X(MUTEX_LOCK_KILLABLE, "mutex_lock_killable")					\
	X(MUTEX_LOCK_INTERRUPTIBLE, "mutex_lock_interruptible")				\
	X(MUTEX_UNLOCK, "mutex_unlock")		/* if current owns m */		\
	X(SLEEP, "sleep")			/* with timeout if > 0 */	\
	X(YIELD, "sched_yield")								\
	X(EXIT, "exit")				/* do_exit() */			\
	X(FORK, "fork")				/* a child with attr */		\
	X(SETSCHEDULER, "sched_setattr")	/* pid or self, attr */		\
	X(SETAFFINITY, "sched_setaffinity")	/* pid or self, mask */		\
	X(TICK, "tick")				/* the scheduler tick */	\
	X(SCHEDULE, "schedule")			/* schedule() now */		\
	X(WAKE, "wake_up_process")		/* wake task pid */		\
	X(SIGNAL, "signal")			/* send sig to task pid */	\
	X(MIGRATE_DISABLE, "migrate_disable")	/* nests */			\
	X(MIGRATE_ENABLE, "migrate_enable")	/* if disabled */

enum sim_op_kind {
#define SIM_OP_ENUM(id, name) SIM_OP_##id,
	SIM_OPS(SIM_OP_ENUM)
#undef SIM_OP_ENUM
	SIM_NR_OPS,
};

/* Name of an operation kind, for traces and scenarios ("mutex_lock"). */
static inline const char *sim_op_name(enum sim_op_kind kind)
{
	static const char *const names[SIM_NR_OPS] = {
#define SIM_OP_NAME(id, name) name,
		SIM_OPS(SIM_OP_NAME)
#undef SIM_OP_NAME
	};

	return (unsigned int)kind < SIM_NR_OPS ? names[kind] : "?";
}

/* Is kind done by current (a task operation) rather than by the CPU? */
static inline bool sim_op_is_task(unsigned int kind)
{
	return kind < SIM_OP_TICK || kind >= SIM_OP_MIGRATE_DISABLE;
}

struct sim_op {
	enum sim_op_kind kind;
	int mutex;			/* mutex id */
	int pid;			/* target task; 0: current */
	int sig;			/* SIGKILL or SIGUSR1 */
	uint64_t timeout;		/* SLEEP: ns, 0 for none */
	uint64_t mask;			/* SETAFFINITY */
	struct sim_task_attr attr;	/* FORK, SETSCHEDULER */
};

/* Queue op on cpu at simulated time 'when' (ns).  The op is copied. */
void sim_op_queue(int cpu, uint64_t when, const struct sim_op *op);


/* Operations a run may queue (fixed array). */
#define SIM_MAX_OPS		256
/* Mutexes in one machine. */
#define SIM_NR_MUTEXES		SIM_MAX_MUTEXES

#endif /* SIM_KERNEL_SIM_KERNEL_H */
