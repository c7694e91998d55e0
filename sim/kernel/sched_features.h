/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched_features.h - port of kernel/sched/features.h: the scheduler
 * features the port reads, with the kernel's defaults.  Included as an
 * X-macro list: the includer defines SCHED_FEAT(name, enabled) first.
 * (Renamed: a features.h here would shadow glibc's <features.h>.)
 *
 * SIM: the features are compile-time constants (no debugfs to flip them);
 * only those that fair.c tests are listed.
 */

/* Place a waking entity with the lag it had when it left (EEVDF #1/#2). */
SCHED_FEAT(PLACE_LAG, true)
/* A new task starts with half a slice of virtual deadline. */
SCHED_FEAT(PLACE_DEADLINE_INITIAL, true)
/* Keep the deadline relative across a save/restore dequeue. */
SCHED_FEAT(PLACE_REL_DEADLINE, true)
/* Let curr run to its protected vruntime (parity) before a switch. */
SCHED_FEAT(RUN_TO_PARITY, true)
/* A waking task with a shorter slice may cancel curr's protection. */
SCHED_FEAT(PREEMPT_SHORT, true)
/* Nominate a waking task as the next buddy (off by default). */
SCHED_FEAT(NEXT_BUDDY, false)
/* Honour cfs_rq->next when it is eligible. */
SCHED_FEAT(PICK_BUDDY, true)
/* A next buddy is cache hot for load balancing. */
SCHED_FEAT(CACHE_HOT_BUDDY, true)
/* Wakeups may preempt curr. */
SCHED_FEAT(WAKEUP_PREEMPTION, true)
/* An ineligible entity going to sleep stays queued until picked. */
SCHED_FEAT(DELAY_DEQUEUE, true)
/* A delayed entity leaves (or is requeued) with its positive lag cut. */
SCHED_FEAT(DELAY_ZERO, true)
/* Load balancing skips tiny loads at first (off by default). */
SCHED_FEAT(LB_MIN, false)
