/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kharness.h - helpers for tests of the ported scheduler: build a machine,
 * create tasks and mutexes, queue operations, run.
 */
#ifndef TESTS_KERNEL_KHARNESS_H
#define TESTS_KERNEL_KHARNESS_H

#include "harness.h"
#include "sched.h"
#include "sim_kernel.h"

#define MS	1000000ULL
#define US	1000ULL

/* Reset a machine of nr_cpus with a choice buffer (may be NULL), the run
 * ending at max_time (ns; 0: default), and boot it. */
static inline void kboot_with(unsigned int nr_cpus, const uint8_t *choices, size_t n,
			      uint64_t max_time)
{
	struct sim_opts o = {
		.nr_cpus = nr_cpus,
		.choices = choices,
		.nr_choices = n,
		.max_time_ns = max_time,
	};

	sim_reset(&o);
	sim_kernel_boot();
}

/* With a choice buffer, to the default horizon. */
static inline void kboot(unsigned int nr_cpus, const uint8_t *choices, size_t n)
{
	kboot_with(nr_cpus, choices, n, 0);
}

/* Without choices, the run ending at max_time (ns; 0: default). */
static inline void kboot_until(unsigned int nr_cpus, uint64_t max_time)
{
	kboot_with(nr_cpus, NULL, 0, max_time);
}

static inline struct task_struct *kfair(const char *name, int cpu, uint64_t mask,
					int nice, uint64_t at)
{
	struct sim_task_attr a = {
		.name = name, .policy = SCHED_NORMAL, .nice = nice,
		.cpus_allowed = mask, .cpu = cpu, .fork_at = at,
	};

	return sim_task_create(&a);
}

static inline struct task_struct *krt(const char *name, int cpu, uint64_t mask,
				      int prio, uint64_t at)
{
	struct sim_task_attr a = {
		.name = name, .policy = SCHED_FIFO, .rt_priority = prio,
		.cpus_allowed = mask, .cpu = cpu, .fork_at = at,
	};

	return sim_task_create(&a);
}

static inline struct task_struct *kdl(const char *name, int cpu, uint64_t mask,
				      uint64_t runtime, uint64_t deadline,
				      uint64_t period, uint64_t at)
{
	struct sim_task_attr a = {
		.name = name, .policy = SCHED_DEADLINE, .dl_runtime = runtime,
		.dl_deadline = deadline, .dl_period = period,
		.cpus_allowed = mask, .cpu = cpu, .fork_at = at,
	};

	return sim_task_create(&a);
}

/* Queue an operation with the fields most tests need. */
static inline void kop(int cpu, uint64_t when, enum sim_op_kind kind, int mutex,
		       int pid)
{
	struct sim_op op = { .kind = kind, .mutex = mutex, .pid = pid };

	sim_op_queue(cpu, when, &op);
}

static inline void ksignal(int cpu, uint64_t when, int pid, int sig)
{
	struct sim_op op = { .kind = SIM_OP_SIGNAL, .pid = pid, .sig = sig };

	sim_op_queue(cpu, when, &op);
}

/*
 * The seed race's cast (kernel-study.md 4.2) on a booted 3-CPU machine:
 * O (fair, CPU1) takes M at 1 ms; D (DL 3 ms every 10 ms, affinity {0,2},
 * home CPU2) waits for it in mutex_lock_killable() at 2 ms and is
 * proxy-migrated to CPU1; E1 (pinned) and E2 ({0,1}) overload CPU0 with DL
 * work from 3 ms.  The tick and the signal that make the race, if any,
 * are the caller's.
 */
struct kseed {
	struct task_struct *O, *D, *E1, *E2;
};

static inline void kseed_cast(struct kseed *s)
{
	s->O = kfair("O", 1, 0x2, 0, 0);
	s->D = kdl("D", 2, 0x5, 3 * MS, 10 * MS, 10 * MS, 0);
	sim_mutex_create("M");
	kop(1, 1 * MS, SIM_OP_MUTEX_LOCK, 0, 0);		/* O takes M */
	kop(2, 2 * MS, SIM_OP_MUTEX_LOCK_KILLABLE, 0, 0);	/* D waits */
	s->E1 = kdl("E1", 0, 0x1, 5 * MS, 30 * MS, 30 * MS, 3 * MS);
	s->E2 = kdl("E2", 0, 0x3, 5 * MS, 40 * MS, 40 * MS, 3 * MS);
}

#define CHECK_CLEAN(o) CHECK_MSG((o)->result == SIM_CLEAN, "%s", (o)->report)

#endif /* TESTS_KERNEL_KHARNESS_H */
