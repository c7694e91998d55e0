/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * linux/sched.h stand-in: struct task_struct with the fields the
 * pick/balance/proxy/wakeup path uses, task states, the scheduling
 * entities of each class, and the per-task flag helpers.
 *
 * Tasks live in a fixed array owned by sim/kernel/core.c.  Each task runs
 * on its own simulator thread (sim_thread_*), so a task that sleeps inside
 * schedule() resumes there, exactly as in the kernel.
 */
#ifndef SIM_LINUX_SCHED_H
#define SIM_LINUX_SCHED_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/plist.h>
#include <linux/rbtree.h>
#include <linux/cpumask.h>
#include <linux/hrtimer.h>
#include <linux/spinlock.h>

struct rq;
struct mutex;
struct sched_class;
struct task_struct;

/* Task states (__state). */
#define TASK_RUNNING			0x00000000
#define TASK_INTERRUPTIBLE		0x00000001
#define TASK_UNINTERRUPTIBLE		0x00000002
#define __TASK_STOPPED			0x00000004
#define __TASK_TRACED			0x00000008
#define EXIT_DEAD			0x00000010
#define EXIT_ZOMBIE			0x00000020
#define TASK_PARKED			0x00000040
#define TASK_DEAD			0x00000080
#define TASK_WAKEKILL			0x00000100
#define TASK_WAKING			0x00000200
#define TASK_NOLOAD			0x00000400
#define TASK_NEW			0x00000800
#define TASK_KILLABLE			(TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
#define TASK_IDLE			(TASK_UNINTERRUPTIBLE | TASK_NOLOAD)
#define TASK_NORMAL			(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

/* Scheduling policies. */
#define SCHED_NORMAL		0
#define SCHED_FIFO		1
#define SCHED_RR		2
#define SCHED_BATCH		3
#define SCHED_IDLE		5
#define SCHED_DEADLINE		6

/* Priorities: 0..99 RT, 100..139 normal; DL tasks have prio -1. */
#define MAX_NICE		19
#define MIN_NICE		-20
#define NICE_WIDTH		(MAX_NICE - MIN_NICE + 1)
#define MAX_RT_PRIO		100
#define MAX_DL_PRIO		0
#define MAX_PRIO		(MAX_RT_PRIO + NICE_WIDTH)
#define DEFAULT_PRIO		(MAX_RT_PRIO + NICE_WIDTH / 2)
#define NICE_TO_PRIO(nice)	((nice) + DEFAULT_PRIO)
#define PRIO_TO_NICE(prio)	((prio) - DEFAULT_PRIO)

/* Thread-info flags. */
#define TIF_SIGPENDING		1
#define TIF_NEED_RESCHED	3

/* Task flags. */
#define PF_IDLE			0x00000002
#define PF_EXITING		0x00000004
#define PF_KTHREAD		0x00200000

struct thread_info {
	unsigned long		flags;
	unsigned int		cpu;
};

struct load_weight {
	unsigned long		weight;
	u32			inv_weight;
};

/* The fair entity (no group scheduling: every entity is a task). */
struct sched_entity {
	struct load_weight	load;
	struct rb_node		run_node;
	u64			deadline;
	u64			min_vruntime;
	u64			min_slice;
	struct list_head	group_node;
	unsigned char		on_rq;
	unsigned char		sched_delayed;
	unsigned char		rel_deadline;
	unsigned char		custom_slice;
	u64			exec_start;
	u64			sum_exec_runtime;
	u64			prev_sum_exec_runtime;
	u64			vruntime;
	s64			vlag;
	u64			vprot;
	u64			slice;
	u64			nr_migrations;
};

struct sched_rt_entity {
	struct list_head	run_list;
	unsigned long		timeout;
	unsigned int		time_slice;
	unsigned short		on_rq;
	unsigned short		on_list;
};

struct sched_dl_entity {
	struct rb_node		rb_node;
	u64			dl_runtime;
	u64			dl_deadline;
	u64			dl_period;
	u64			dl_bw;
	u64			dl_density;
	s64			runtime;
	u64			deadline;
	unsigned int		flags;
	unsigned int		dl_throttled	: 1;
	unsigned int		dl_yielded	: 1;
	unsigned int		dl_non_contending : 1;
	unsigned int		dl_overrun	: 1;
	unsigned int		dl_server	: 1;
	unsigned int		dl_server_active : 1;
	struct hrtimer		dl_timer;
	struct hrtimer		inactive_timer;
	struct rq		*rq;
};

struct task_struct {
	struct thread_info	thread_info;
	unsigned int		__state;
	unsigned int		saved_state;
	unsigned int		flags;
	int			on_cpu;
	int			on_rq;
	int			wake_cpu;
	int			recent_used_cpu;

	int			prio;
	int			static_prio;
	int			normal_prio;
	unsigned int		rt_priority;
	unsigned int		policy;
	const struct sched_class *sched_class;
	struct sched_entity	se;
	struct sched_rt_entity	rt;
	struct sched_dl_entity	dl;
	struct sched_dl_entity	*dl_server;

	int			nr_cpus_allowed;
	const cpumask_t		*cpus_ptr;
	cpumask_t		cpus_mask;
	unsigned short		migration_disabled;
	unsigned short		migration_flags;

	struct plist_node	pushable_tasks;
	struct rb_node		pushable_dl_tasks;

	unsigned int		sched_contributes_to_load : 1;
	unsigned int		sched_remote_wakeup : 1;
	unsigned int		in_iowait : 1;
	unsigned long		nvcsw;
	unsigned long		nivcsw;

	/* Serialises wakeups, affinity and class changes. */
	raw_spinlock_t		pi_lock;
	/* Wakelist entry (SIM: a list_head instead of an llist_node). */
	struct list_head	wake_entry;

	/* Proxy execution. */
	struct mutex		*blocked_on;	/* lock the task waits for */
	raw_spinlock_t		blocked_lock;	/* guards blocked_on */
	struct task_struct	*blocked_donor;	/* task proxying through us */

	int			pid;
	char			comm[16];
	int			exit_state;

	/* References (usage + rcu_users in the kernel, folded into one):
	 * the task's own, dropped when it dies, plus get_task_struct()s. */
	int			usage;

	/* SIM: pending signals, as a set of signal numbers. */
	unsigned long		sim_sigpending;
	/* SIM: affinity changes waiting for the stopper to move the task. */
	int			sim_migration_pending;
	/* SIM: the CPU of the outermost migrate_disable() (for the
	 * MIGRATION_DISABLED_PINNED invariant). */
	int			sim_md_cpu;
	/* SIM: the simulator thread this task runs on. */
	int			sim_thread;
	/* SIM: schedule_timeout()'s timer (a timer_list on its stack). */
	struct hrtimer		sim_sleep_timer;
	/* SIM: a kernel thread's body, run after its first switch-in. */
	void			(*sim_kthread_fn)(struct task_struct *p);
};

#define SIGKILL		9
#define SIGUSR1		10
#define SIGSTOP		19

/* SIM: PROXY_WAKING, v23..v29: woken, to be checked for return migration. */
#define PROXY_WAKING	((struct mutex *)(-1L))

static inline unsigned int task_cpu(const struct task_struct *p)
{
	return READ_ONCE(p->thread_info.cpu);
}

static inline int task_thread_flag(const struct task_struct *p, int flag)
{
	return !!(p->thread_info.flags & (1UL << flag));
}

static inline void set_tsk_need_resched(struct task_struct *p)
{
	p->thread_info.flags |= 1UL << TIF_NEED_RESCHED;
}

static inline void clear_tsk_need_resched(struct task_struct *p)
{
	p->thread_info.flags &= ~(1UL << TIF_NEED_RESCHED);
}

static inline int test_tsk_need_resched(const struct task_struct *p)
{
	return task_thread_flag(p, TIF_NEED_RESCHED);
}

static inline int signal_pending(const struct task_struct *p)
{
	return task_thread_flag(p, TIF_SIGPENDING);
}

static inline int __fatal_signal_pending(const struct task_struct *p)
{
	return !!(p->sim_sigpending & (1UL << SIGKILL));
}

static inline int fatal_signal_pending(const struct task_struct *p)
{
	return signal_pending(p) && __fatal_signal_pending(p);
}

static inline int signal_pending_state(unsigned int state,
				       const struct task_struct *p)
{
	if (!(state & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)))
		return 0;
	if (!signal_pending(p))
		return 0;
	return (state & TASK_INTERRUPTIBLE) || __fatal_signal_pending(p);
}

static inline bool task_is_blocked(const struct task_struct *p)
{
	return !!p->blocked_on;
}

static inline bool dl_prio(int prio)
{
	return prio < MAX_DL_PRIO;
}

static inline bool rt_prio(int prio)
{
	return prio < MAX_RT_PRIO;
}

static inline bool dl_task(const struct task_struct *p)
{
	return dl_prio(p->prio);
}

static inline bool rt_or_dl_task(const struct task_struct *p)
{
	return rt_prio(p->prio);
}

static inline bool rt_task(const struct task_struct *p)
{
	return rt_prio(p->prio) && !dl_prio(p->prio);
}

static inline int task_nice(const struct task_struct *p)
{
	return PRIO_TO_NICE(p->static_prio);
}

/* The task running the current simulated CPU's code ("current"). */
struct task_struct *sim_current(void);
#define current		sim_current()

#define set_current_state(state_value)	WRITE_ONCE(current->__state, (state_value))
#define __set_current_state(state_value) WRITE_ONCE(current->__state, (state_value))

#endif /* SIM_LINUX_SCHED_H */
