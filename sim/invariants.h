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
	  "the count of held rq-class locks matches the held-lock stacks")
