/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * invariants.h - the single list of global invariants, with stable ids.
 *
 * X(ID, "one-line reason").  Ids never change meaning and are never reused:
 * the oracle id of a failure is "INV:<ID>".  An invariant holds at every
 * quiescent point (no CPU holds an rq lock); the layer that owns the state
 * registers its check with sim_invariant_register().  Append new entries.
 */
#define SIM_INVARIANTS(X)						\
	/* sim/: the machine itself */					\
	X(LOCK_OWNER_HOLDS,						\
	  "a lock's owner CPU has it on its held-lock stack")		\
	X(HELD_LOCK_OWNED,						\
	  "every lock on a CPU's held-lock stack names that CPU as owner") \
	X(WAITER_NOT_OWNER,						\
	  "no CPU waits for a lock it holds itself")			\
	X(IDLE_CPU_CLEAN,						\
	  "a CPU between events holds no lock and has no simulated frames") \
	X(EVENT_QUEUE_ORDERED,						\
	  "each CPU's event queue is a heap by (time, seq) of live events of that CPU") \
	X(RQ_LOCK_COUNT,						\
	  "the count of held rq-class locks matches the held-lock stacks") \
	/* sim/kernel: the scheduler (kernel-study.md section 6.2) */	\
	X(DONOR_IS_CLASS_CURRENT,					\
	  "the class-current entity of each rq (cfs_rq->curr, dl_rq->curr) belongs to rq->donor") \
	X(DONOR_QUEUED_OR_IDLE,						\
	  "rq->donor is queued on that rq, is rq->idle, or is rq->curr") \
	X(CURR_ON_CPU,							\
	  "rq->curr has on_cpu set, and a task with on_cpu set is rq->curr of its CPU") \
	X(QUEUED_ON_ONE_RQ,						\
	  "a queued task is in exactly one runqueue, the one of task_cpu()") \
	X(NR_RUNNING_SUMS,						\
	  "rq->nr_running equals the tasks queued in its stop, dl, rt and fair classes, each kept well formed (order, cached minima and sums, bitmaps)") \
	X(RT_PUSHABLE_ELIGIBLE,						\
	  "rt pushable lists hold only queued, unblocked, migratable rt tasks of that rq that are neither curr nor donor") \
	X(DL_PUSHABLE_ELIGIBLE,						\
	  "dl pushable trees hold only queued, unblocked, migratable dl tasks of that rq that are neither curr nor donor") \
	X(OVERLOAD_MASKS,						\
	  "rto_mask and dlo_mask hold exactly the CPUs whose rt/dl runqueue is overloaded") \
	X(RUNNING_ON_ALLOWED_CPU,					\
	  "a task executing as rq->curr that is not blocked runs on a CPU in its cpus_ptr") \
	X(RUNNING_NOT_BLOCKED_ON,					\
	  "a TASK_RUNNING task has no blocked_on (v27)")		\
	X(BLOCKED_ON_CHAIN_ACYCLIC,					\
	  "blocked_on -> owner chains are acyclic and shorter than the task count") \
	X(MUTEX_CONSISTENT,						\
	  "a mutex's owner is not its waiter, and each waiter is blocked on it or waking") \
	X(BALANCE_CALLBACKS_EMPTY,					\
	  "no balance callback stays queued on an rq whose lock is free") \
	X(EXITED_TASK_UNREFERENCED,					\
	  "no runqueue, wakelist or mutex refers to an exited task")	\
	X(MIGRATION_DISABLED_PINNED,					\
	  "a migration-disabled task executing as rq->curr runs on the CPU where it disabled migration")
