/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sched.h - port of kernel/sched/sched.h: the runqueue, the scheduling
 * classes and the locking and put/set helpers the pick/balance/proxy path
 * shares.  The v27 series on the v26 base; see docs/porting.md.
 *
 * Not modelled: group scheduling (every fair entity is a task), core
 * scheduling, sched_ext, uclamp, PELT, CPU hotplug, the fair dl_server.
 */
#ifndef SIM_KERNEL_SCHED_H
#define SIM_KERNEL_SCHED_H

/* Inline functions below report WARNs and frames as sched.h's own. */
#pragma push_macro("SIM_KFILE")
#undef SIM_KFILE
#define SIM_KFILE "kernel/sched/sched.h"

#include <linux/bug.h>
#include <linux/cpumask.h>
#include <linux/list.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/plist.h>
#include <linux/rbtree.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "sim.h"

/*
 * The variant switch.  CONFIG_SIM_STALE_PREV builds "stale-prev": v27 01/10
 * reverted, with 'prev' passed down the pick path and reused after lock
 * drops.  Without it, "fixed": v27 with 01/10 (the default).  The zoo
 * variants each put one known bug back (CONFIG_SIM_BUG_*, docs/bugs.md).
 * The Makefile names the variant (-DSIM_VARIANT, sim/kernel/variants.txt);
 * the fallback covers builds outside it.
 */
#ifndef SIM_VARIANT
#ifdef CONFIG_SIM_STALE_PREV
#define SIM_VARIANT	"stale-prev"
#else
#define SIM_VARIANT	"fixed"
#endif
#endif

/* task_struct::on_rq states */
#define TASK_ON_RQ_QUEUED	1
#define TASK_ON_RQ_MIGRATING	2

#define NICE_0_LOAD_SHIFT	10
#define NICE_0_LOAD		(1L << NICE_0_LOAD_SHIFT)
#define scale_load(w)		(w)
#define scale_load_down(w)	(w)

#define RUNTIME_INF		((u64)~0ULL)
#define DL_SCALE		10
#define BW_SHIFT		20
#define BW_UNIT			(1 << BW_SHIFT)
#define RATIO_SHIFT		8

static inline int idle_policy(int policy)
{
	return policy == SCHED_IDLE;
}

static inline int normal_policy(int policy)
{
	return policy == SCHED_NORMAL;
}

static inline int fair_policy(int policy)
{
	return normal_policy(policy) || policy == SCHED_BATCH;
}

static inline int rt_policy(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

static inline int dl_policy(int policy)
{
	return policy == SCHED_DEADLINE;
}

static inline int task_has_rt_policy(struct task_struct *p)
{
	return rt_policy((int)p->policy);
}

static inline int task_has_dl_policy(struct task_struct *p)
{
	return dl_policy((int)p->policy);
}

static inline bool dl_time_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

static inline bool dl_entity_preempt(const struct sched_dl_entity *a,
				     const struct sched_dl_entity *b)
{
	return dl_time_before(a->deadline, b->deadline);
}

/* ---------------------------------------------------------------------- */
/* Per-class runqueues */

struct cfs_rq {
	struct load_weight	load;
	unsigned int		nr_queued;
	unsigned int		h_nr_queued;
	unsigned int		h_nr_runnable;
	unsigned int		h_nr_idle;
	s64			avg_vruntime;
	u64			avg_load;
	u64			min_vruntime;
	struct rb_root_cached	tasks_timeline;
	struct sched_entity	*curr;
	struct sched_entity	*next;
};

struct rt_prio_array {
	DECLARE_BITMAP(bitmap, MAX_RT_PRIO + 1);	/* +1: delimiter bit */
	struct list_head	queue[MAX_RT_PRIO];
};

struct rt_rq {
	struct rt_prio_array	active;
	unsigned int		rt_nr_running;
	unsigned int		rr_nr_running;
	struct {
		int		curr;	/* highest queued rt task prio */
		int		next;	/* next highest */
	} highest_prio;
	bool			overloaded;
	struct plist_head	pushable_tasks;
	int			rt_queued;
};

struct dl_rq {
	struct rb_root_cached	root;
	unsigned int		dl_nr_running;
	struct {
		u64		curr;
		u64		next;
	} earliest_dl;
	bool			overloaded;
	struct rb_root_cached	pushable_dl_tasks_root;
	u64			running_bw;
	u64			this_bw;
	u64			extra_bw;
	u64			max_bw;
	u64			bw_ratio;
	/* v27 "deadline: Add dl_rq->curr pointer": the entity set as next. */
	struct sched_dl_entity	*curr;
};

/*
 * SIM: one root domain for all simulated CPUs.  cpupri and cpudl are
 * replaced by scans over the runqueues that compute the same answers
 * (find_lowest_rq(), find_later_rq()): cheaper to trust at 8 CPUs.
 */
struct root_domain {
	cpumask_t		span;
	cpumask_t		online;
	bool			overloaded;
	bool			overutilized;
	cpumask_t		dlo_mask;
	int			dlo_count;
	cpumask_t		rto_mask;
	int			rto_count;
};

/* ---------------------------------------------------------------------- */
/* The runqueue */

struct balance_callback {
	struct balance_callback	*next;
	void			(*func)(struct rq *rq);
};

typedef int (*cpu_stop_fn_t)(void *arg);

/* include/linux/stop_machine.h: a queued stopper call. */
struct cpu_stop_work {
	struct list_head	list;
	cpu_stop_fn_t		fn;
	void			*arg;
	int			*done;		/* SIM: the completion, or NULL */
	struct task_struct	*waiter;
};

struct rq {
	raw_spinlock_t		__lock;

	unsigned int		nr_running;
	unsigned int		ttwu_pending;
	u64			nr_switches;

	struct cfs_rq		cfs;
	struct rt_rq		rt;
	struct dl_rq		dl;

	/* SIM: the fair dl_server is not modelled; rq->dl_server stays NULL
	 * but keeps its place in the put/set helpers. */
	struct sched_dl_entity	*dl_server;

	unsigned int		nr_uninterruptible;

	struct task_struct	*donor;		/* scheduling context */
	struct task_struct	*curr;		/* execution context */
	struct task_struct	*idle;
	struct task_struct	*stop;
	const struct sched_class *next_class;
	unsigned long		next_balance;

	unsigned int		clock_update_flags;
	u64			clock;
	u64			clock_task;

	struct root_domain	*rd;
	struct balance_callback	*balance_callback;

	int			cpu;
	int			online;
	struct list_head	cfs_tasks;

	u64			idle_stamp;
	u64			avg_idle;
	u64			max_idle_balance_cost;

	/* A push_cpu_stop() queued on this CPU's stopper (get_push_task()). */
	bool			push_busy;
	struct cpu_stop_work	push_work;

	/* SIM: the wakelist (llist in the kernel), drained by the IPI. */
	struct list_head	wake_list;
	/* SIM: switch_to()'s 'last': the task this CPU switched away from. */
	struct task_struct	*sim_switch_last;
};

struct rq_flags {
	unsigned long		flags;
	struct sim_pin_cookie	cookie;
	unsigned int		clock_update_flags;
};

extern struct rq sim_runqueues[SIM_MAX_CPUS];
extern struct root_domain sim_root_domain;

#define cpu_rq(cpu)		(&sim_runqueues[(cpu)])
#define this_rq()		cpu_rq(smp_processor_id())
#define task_rq(p)		cpu_rq(task_cpu(p))
#define cpu_curr(cpu)		(cpu_rq(cpu)->curr)

static inline int cpu_of(struct rq *rq)
{
	return rq->cpu;
}

static inline bool is_migration_disabled(struct task_struct *p)
{
	return p->migration_disabled;
}

static inline void rq_set_donor(struct rq *rq, struct task_struct *t)
{
	rq->donor = t;
}

/*
 * SIM: sched_clock().  The machine has been up SIM_CLOCK_BASE when the
 * simulation starts, so no clock value, timestamp or deadline is ever 0
 * (0 means "none" in places such as dl_rq->earliest_dl).  hrtimers use
 * the same time base; simulator events run at sim_now() = clock - base.
 */
#define SIM_CLOCK_BASE		(1000ULL * 1000 * 1000)

static inline u64 sched_clock_cpu(int cpu)
{
	(void)cpu;
	return sim_now() + SIM_CLOCK_BASE;
}

/* ---------------------------------------------------------------------- */
/* rq locking */

static inline raw_spinlock_t *rq_lockp(struct rq *rq)
{
	return &rq->__lock;
}

static inline raw_spinlock_t *__rq_lockp(struct rq *rq)
{
	return &rq->__lock;
}

static inline void lockdep_assert_rq_held(struct rq *rq)
{
	lockdep_assert_held(__rq_lockp(rq));
}

static inline void raw_spin_rq_lock_nested(struct rq *rq, int subclass)
{
	raw_spin_lock_nested(rq_lockp(rq), (unsigned int)subclass);
}

static inline void raw_spin_rq_lock(struct rq *rq)
{
	raw_spin_rq_lock_nested(rq, 0);
}

static inline void raw_spin_rq_unlock(struct rq *rq)
{
	raw_spin_unlock(rq_lockp(rq));
}

static inline void raw_spin_rq_lock_irq(struct rq *rq)
{
	local_irq_disable();
	raw_spin_rq_lock(rq);
}

static inline void raw_spin_rq_unlock_irq(struct rq *rq)
{
	raw_spin_rq_unlock(rq);
	local_irq_enable();
}

static inline bool raw_spin_rq_trylock(struct rq *rq)
{
	return raw_spin_trylock(rq_lockp(rq));
}

#define RQCF_REQ_SKIP		0x01
#define RQCF_ACT_SKIP		0x02
#define RQCF_UPDATED		0x04

static inline void assert_clock_updated(struct rq *rq)
{
	WARN_ON_ONCE(rq->clock_update_flags < RQCF_ACT_SKIP);
}

static inline u64 rq_clock(struct rq *rq)
{
	lockdep_assert_rq_held(rq);
	assert_clock_updated(rq);
	return rq->clock;
}

static inline u64 rq_clock_task(struct rq *rq)
{
	lockdep_assert_rq_held(rq);
	assert_clock_updated(rq);
	return rq->clock_task;
}

static inline void rq_clock_skip_update(struct rq *rq)
{
	lockdep_assert_rq_held(rq);
	rq->clock_update_flags |= RQCF_REQ_SKIP;
}

static inline void rq_clock_cancel_skipupdate(struct rq *rq)
{
	lockdep_assert_rq_held(rq);
	rq->clock_update_flags &= ~RQCF_REQ_SKIP;
}

/* SIM: the push sentinel exists only for CPU hotplug, which is not
 * modelled; it is declared so the checks read as in the kernel. */
extern struct balance_callback balance_push_callback;

static inline void assert_balance_callbacks_empty(struct rq *rq)
{
	WARN_ON_ONCE(rq->balance_callback &&
		     rq->balance_callback != &balance_push_callback);
}

static inline void rq_pin_lock(struct rq *rq, struct rq_flags *rf)
{
	rf->cookie = sim_lock_pin(__rq_lockp(rq));
	rq->clock_update_flags &= (RQCF_REQ_SKIP | RQCF_ACT_SKIP);
	rf->clock_update_flags = 0;
	assert_balance_callbacks_empty(rq);
}

static inline void rq_unpin_lock(struct rq *rq, struct rq_flags *rf)
{
	if (rq->clock_update_flags > RQCF_ACT_SKIP)
		rf->clock_update_flags = RQCF_UPDATED;
	sim_lock_unpin(__rq_lockp(rq), rf->cookie);
}

static inline void rq_repin_lock(struct rq *rq, struct rq_flags *rf)
{
	sim_lock_repin(__rq_lockp(rq), rf->cookie);
	rq->clock_update_flags |= rf->clock_update_flags;
}

static inline void rq_lock(struct rq *rq, struct rq_flags *rf)
{
	raw_spin_rq_lock(rq);
	rq_pin_lock(rq, rf);
}

static inline void rq_unlock(struct rq *rq, struct rq_flags *rf)
{
	rq_unpin_lock(rq, rf);
	raw_spin_rq_unlock(rq);
}

struct rq *__task_rq_lock(struct task_struct *p, struct rq_flags *rf);
struct rq *task_rq_lock(struct task_struct *p, struct rq_flags *rf);

static inline void __task_rq_unlock(struct rq *rq, struct task_struct *p,
				    struct rq_flags *rf)
{
	(void)p;
	rq_unpin_lock(rq, rf);
	raw_spin_rq_unlock(rq);
}

static inline void task_rq_unlock(struct rq *rq, struct task_struct *p,
				  struct rq_flags *rf)
{
	__task_rq_unlock(rq, p, rf);
	raw_spin_unlock_irqrestore(&p->pi_lock, rf->flags);
}

/* rq_order_less(): lower CPU first (no core scheduling). */
static inline bool rq_order_less(struct rq *rq1, struct rq *rq2)
{
	return rq1->cpu < rq2->cpu;
}

/* The clocks of two freshly locked rqs are not updated yet. */
static inline void double_rq_clock_clear_update(struct rq *rq1, struct rq *rq2)
{
	rq1->clock_update_flags &= (RQCF_REQ_SKIP | RQCF_ACT_SKIP);
	rq2->clock_update_flags &= (RQCF_REQ_SKIP | RQCF_ACT_SKIP);
}

void double_rq_lock(struct rq *rq1, struct rq *rq2);

static inline void double_rq_unlock(struct rq *rq1, struct rq *rq2)
{
	if (__rq_lockp(rq1) != __rq_lockp(rq2))
		raw_spin_rq_unlock(rq2);
	raw_spin_rq_unlock(rq1);
}

/*
 * double_lock_balance() in its CONFIG_PREEMPTION form: always drop
 * this_rq, then take both in order.  Returns 1: this_rq was dropped.
 */
static inline int _double_lock_balance(struct rq *this_rq, struct rq *busiest)
{
	SIM_FRAME();
	raw_spin_rq_unlock(this_rq);
	double_rq_lock(this_rq, busiest);
	return 1;
}

static inline int double_lock_balance(struct rq *this_rq, struct rq *busiest)
{
	lockdep_assert_rq_held(this_rq);
	return _double_lock_balance(this_rq, busiest);
}

static inline void double_unlock_balance(struct rq *this_rq, struct rq *busiest)
{
	if (__rq_lockp(this_rq) != __rq_lockp(busiest))
		raw_spin_rq_unlock(busiest);
	/* this_rq may have been retaken nested: back to subclass 0. */
	sim_lock_set_subclass(__rq_lockp(this_rq), 0);
}

/* ---------------------------------------------------------------------- */
/* Enqueue and dequeue flags */

#define DEQUEUE_SLEEP		0x0001
#define DEQUEUE_SAVE		0x0002
#define DEQUEUE_MOVE		0x0004
#define DEQUEUE_NOCLOCK		0x0008
#define DEQUEUE_MIGRATING	0x0010
#define DEQUEUE_DELAYED		0x0020
#define DEQUEUE_CLASS		0x0040
#define DEQUEUE_SPECIAL		0x00010000
#define DEQUEUE_THROTTLE	0x00020000

#define ENQUEUE_WAKEUP		0x0001
#define ENQUEUE_RESTORE		0x0002
#define ENQUEUE_MOVE		0x0004
#define ENQUEUE_NOCLOCK		0x0008
#define ENQUEUE_MIGRATING	0x0010
#define ENQUEUE_DELAYED		0x0020
#define ENQUEUE_CLASS		0x0040
#define ENQUEUE_HEAD		0x00010000
#define ENQUEUE_REPLENISH	0x00020000
#define ENQUEUE_MIGRATED	0x00040000
#define ENQUEUE_INITIAL		0x00080000
#define ENQUEUE_RQ_SELECTED	0x00100000

/* Wake flags. */
#define WF_EXEC			0x02
#define WF_FORK			0x04
#define WF_TTWU			0x08
#define WF_SYNC			0x10
#define WF_MIGRATED		0x20
#define WF_CURRENT_CPU		0x40
#define WF_RQ_SELECTED		0x80

/* ---------------------------------------------------------------------- */
/* Scheduling classes */

#define RETRY_TASK		((struct task_struct *)(-1UL))

/* __set_cpus_allowed_ptr() flags (the port's subset). */
#define SCA_MIGRATE_DISABLE	0x02
#define SCA_MIGRATE_ENABLE	0x04

/* p->migration_flags: push_cpu_stop() found p pinned; its migrate_enable()
 * asks for the push again. */
#define MDF_PUSH		0x01

struct affinity_context {
	const cpumask_t		*new_mask;
	unsigned int		flags;
};

struct sched_class {
	/* rq lock held. */
	void (*enqueue_task)(struct rq *rq, struct task_struct *p, int flags);
	/* rq lock held; false only when fair delays a DEQUEUE_SLEEP. */
	bool (*dequeue_task)(struct rq *rq, struct task_struct *p, int flags);
	/* rq lock held; acts on rq->donor. */
	void (*yield_task)(struct rq *rq);
	/* rq lock held; p may be of a higher class than this one. */
	void (*wakeup_preempt)(struct rq *rq, struct task_struct *p, int flags);

	/* rq lock held, pinned; may unpin, drop and retake it. */
#ifdef CONFIG_SIM_STALE_PREV
	int (*balance)(struct rq *rq, struct task_struct *prev, struct rq_flags *rf);
#else
	int (*balance)(struct rq *rq, struct rq_flags *rf);
#endif
	/* rq lock held. */
	struct task_struct *(*pick_task)(struct rq *rq, struct rq_flags *rf);
	/* rq lock held, may drop it (newidle); does put/set itself. */
#ifdef CONFIG_SIM_STALE_PREV
	struct task_struct *(*pick_next_task)(struct rq *rq, struct task_struct *prev,
					      struct rq_flags *rf);
#else
	struct task_struct *(*pick_next_task)(struct rq *rq, struct rq_flags *rf);
#endif
	/* rq lock held: p stops / starts being the class-current task. */
	void (*put_prev_task)(struct rq *rq, struct task_struct *p,
			      struct task_struct *next);
	void (*set_next_task)(struct rq *rq, struct task_struct *p, bool first);

	/* p->pi_lock held. */
	int (*select_task_rq)(struct task_struct *p, int task_cpu, int flags);
	/* pi_lock or the rq lock held. */
	void (*migrate_task_rq)(struct task_struct *p, int new_cpu);
	/* rq lock held, unpinned: may drop it (push). */
	void (*task_woken)(struct rq *this_rq, struct task_struct *task);
	/* pi_lock and rq lock held. */
	void (*set_cpus_allowed)(struct task_struct *p, struct affinity_context *ctx);
	/* rq lock held (may drop it): p's rq and a CPU to push p to, both
	 * locked, or NULL (push_cpu_stop()). */
	struct rq *(*find_lock_rq)(struct task_struct *p, struct rq *rq);

	/* rq lock held. */
	void (*task_tick)(struct rq *rq, struct task_struct *p, int queued);
	void (*task_fork)(struct task_struct *p);
	void (*task_dead)(struct task_struct *p);

	void (*switching_to)(struct rq *this_rq, struct task_struct *task);
	void (*switched_from)(struct rq *this_rq, struct task_struct *task);
	void (*switched_to)(struct rq *this_rq, struct task_struct *task);
	void (*prio_changed)(struct rq *this_rq, struct task_struct *task,
			     int oldprio);
	/* rq lock held (or p not yet visible): p's weight becomes lw. */
	void (*reweight_task)(struct rq *this_rq, struct task_struct *task,
			      const struct load_weight *lw);

	void (*update_curr)(struct rq *rq);
};

extern const struct sched_class stop_sched_class;
extern const struct sched_class dl_sched_class;
extern const struct sched_class rt_sched_class;
extern const struct sched_class fair_sched_class;
extern const struct sched_class idle_sched_class;

/*
 * SIM: the linker lays the classes out in priority order and the kernel
 * compares their addresses; here a small ordered array gives each class
 * its rank instead (no ordering by address).
 */
extern const struct sched_class *const sim_sched_classes[5];

static inline int sim_class_rank(const struct sched_class *class)
{
	int i;

	for (i = 0; i < 5; i++)
		if (sim_sched_classes[i] == class)
			return i;
	BUG();
	return 5;
}

/* Is class a above class b (higher priority)? */
static inline bool sched_class_above(const struct sched_class *a,
				     const struct sched_class *b)
{
	return sim_class_rank(a) < sim_class_rank(b);
}

#define for_class_range(class, _from, _to)				\
	for (int __i = sim_class_rank(_from);				\
	     __i < 5 && (class = sim_sched_classes[__i]) != (_to); __i++)

#define for_each_class(class)						\
	for (int __i = 0; __i < 5 && (class = sim_sched_classes[__i]); __i++)

#define for_active_class_range(class, _from, _to)	for_class_range(class, _from, _to)
#define for_each_active_class(class)			for_each_class(class)

static inline bool sched_stop_runnable(struct rq *rq)
{
	return rq->stop && rq->stop->on_rq == TASK_ON_RQ_QUEUED;
}

static inline bool sched_dl_runnable(struct rq *rq)
{
	return rq->dl.dl_nr_running > 0;
}

static inline bool sched_rt_runnable(struct rq *rq)
{
	return rq->rt.rt_queued > 0;
}

static inline bool sched_fair_runnable(struct rq *rq)
{
	return rq->cfs.nr_queued > 0;
}

/* ---------------------------------------------------------------------- */
/* Task state helpers */

static inline int task_on_rq_queued(struct task_struct *p)
{
	return READ_ONCE(p->on_rq) == TASK_ON_RQ_QUEUED;
}

static inline int task_on_rq_migrating(struct task_struct *p)
{
	return READ_ONCE(p->on_rq) == TASK_ON_RQ_MIGRATING;
}

static inline int task_current(struct rq *rq, struct task_struct *p)
{
	return rq->curr == p;
}

static inline int task_current_donor(struct rq *rq, struct task_struct *p)
{
	return rq->donor == p;
}

static inline int task_on_cpu(struct rq *rq, struct task_struct *p)
{
	(void)rq;
	return p->on_cpu;
}

static inline bool task_is_pushable(struct rq *rq, struct task_struct *p,
				    int cpu)
{
	/* cpus_mask, not cpus_ptr: a pull finds a migration-disabled task
	 * (and asks the stopper for a push instead of moving it). */
	if (!task_on_cpu(rq, p) &&
	    cpumask_test_cpu(cpu, &p->cpus_mask))
		return true;
	return false;
}

static inline void put_prev_task(struct rq *rq, struct task_struct *prev)
{
	SIM_FRAME();
	WARN_ON_ONCE(rq->donor != prev);
	prev->sched_class->put_prev_task(rq, prev, NULL);
}

static inline void set_next_task(struct rq *rq, struct task_struct *next)
{
	SIM_FRAME();
	next->sched_class->set_next_task(rq, next, false);
}

static inline void
__put_prev_set_next_dl_server(struct rq *rq, struct task_struct *prev,
			      struct task_struct *next)
{
	prev->dl_server = NULL;
	next->dl_server = rq->dl_server;
	rq->dl_server = NULL;
}

/* The one place where the class-current task changes hands. */
static inline void put_prev_set_next_task(struct rq *rq,
					  struct task_struct *prev,
					  struct task_struct *next)
{
	SIM_FRAME();
	WARN_ON_ONCE(rq->donor != prev);

	__put_prev_set_next_dl_server(rq, prev, next);

	if (next == prev)
		return;

	prev->sched_class->put_prev_task(rq, prev, next);
	next->sched_class->set_next_task(rq, next, true);
}

/* ---------------------------------------------------------------------- */
/* Shared by core.c and the classes */

void activate_task(struct rq *rq, struct task_struct *p, int flags);
void deactivate_task(struct rq *rq, struct task_struct *p, int flags);
void enqueue_task(struct rq *rq, struct task_struct *p, int flags);
bool dequeue_task(struct rq *rq, struct task_struct *p, int flags);
void wakeup_preempt(struct rq *rq, struct task_struct *p, int flags);
void resched_curr(struct rq *rq);
void resched_cpu(int cpu);
void update_rq_clock(struct rq *rq);
void set_task_cpu(struct task_struct *p, unsigned int new_cpu);
void move_queued_task_locked(struct rq *src_rq, struct rq *dst_rq,
			     struct task_struct *task);
void attach_task(struct rq *rq, struct task_struct *p);
void attach_one_task(struct rq *rq, struct task_struct *p);
bool block_task(struct rq *rq, struct task_struct *p, int task_state);
void queue_balance_callback(struct rq *rq, struct balance_callback *head,
			    void (*func)(struct rq *rq));
int select_fallback_rq(int cpu, struct task_struct *p);

static inline void add_nr_running(struct rq *rq, unsigned int count)
{
	unsigned int prev_nr = rq->nr_running;

	rq->nr_running = prev_nr + count;
	if (prev_nr < 2 && rq->nr_running >= 2 && !READ_ONCE(rq->rd->overloaded))
		WRITE_ONCE(rq->rd->overloaded, 1);
}

static inline void sub_nr_running(struct rq *rq, unsigned int count)
{
	rq->nr_running -= count;
}

/* The last step of a sleeping dequeue: from here a remote ttwu may take p,
 * so nothing may touch it after (fair.c finishes delayed dequeues here). */
static inline void __block_task(struct rq *rq, struct task_struct *p)
{
	SIM_FRAME();
	if (p->sched_contributes_to_load)
		rq->nr_uninterruptible++;

	/* SIM: no iowait or delay accounting. */
	smp_store_release(&p->on_rq, 0);
}

static inline bool task_is_throttled_dl(struct task_struct *p)
{
	return p->dl.dl_throttled;
}

/* sched_setattr() parameters (uapi/linux/sched/types.h). */
struct sched_attr {
	u32			size;
	u32			sched_policy;
	u64			sched_flags;
	s32			sched_nice;
	u32			sched_priority;
	u64			sched_runtime;
	u64			sched_deadline;
	u64			sched_period;
};

/* core.c */
extern const int sched_prio_to_weight[40];
int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags);
int wake_up_process(struct task_struct *p);
int wake_up_state(struct task_struct *p, unsigned int state);
void schedule(void);
void schedule_idle(void);
void schedule_preempt_disabled(void);
void preempt_schedule(void);
void preempt_schedule_irq(void);
void do_task_dead(void);
void sched_tick(void);
int sched_fork(unsigned long clone_flags, struct task_struct *p,
	       const struct sched_attr *attr);
void wake_up_new_task(struct task_struct *p);
void do_sched_yield(void);
int __sched_setscheduler(struct task_struct *p, const struct sched_attr *attr);
int __set_cpus_allowed_ptr(struct task_struct *p, struct affinity_context *ctx);
/* include/linux/preempt.h: current's migrate-disabled region. */
void migrate_disable(void);
void migrate_enable(void);
void set_cpus_allowed_common(struct task_struct *p, struct affinity_context *ctx);
void init_idle(struct task_struct *idle, int cpu);
void sched_init_rq(int cpu);
void schedule_tail(struct task_struct *prev);
void sim_task_release(struct task_struct *p);
long schedule_timeout(long timeout);

/* sim_driver.c: the task slots (idle 0..n-1, stop n..2n-1, then tasks). */
extern struct task_struct sim_tasks[SIM_MAX_THREADS];

/* The slot of p in sim_tasks[], or -1 when p is no slot's address (an
 * entry of a corrupted list): the invariants index per-task marks by it. */
static inline int sim_task_slot(const struct task_struct *p)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)sim_tasks;

	if ((uintptr_t)p < (uintptr_t)sim_tasks || off % sizeof(sim_tasks[0]) ||
	    off / sizeof(sim_tasks[0]) >= SIM_MAX_THREADS)
		return -1;
	return (int)(off / sizeof(sim_tasks[0]));
}
int sim_nr_tasks_used(void);
int sim_nr_mutexes_used(void);

/* sim_driver.c: return from interrupt or system call (signals, then
 * preemption); every simulator event that runs kernel code ends with it. */
void sim_exit_to_user(void);

/*
 * SIM: what KASAN would report when code follows an uncounted task
 * pointer to a freed task.  Deterministic in every build (ASan builds
 * would also trap the access itself).
 */
#define sim_kasan_check_task(p, what) do {				\
	if (unlikely(sim_is_poisoned(p)))				\
		sim_finding(SIM_F_BUG, smp_processor_id(),		\
			    "KASAN:use-after-free:" what, 		\
			    "BUG: KASAN: slab-use-after-free in %s: %s points to an exited task", \
			    __func__, what);				\
} while (0)

/* Task references: the last put releases (poisons) the task. */
static inline void get_task_struct(struct task_struct *p)
{
	p->usage++;
}

static inline void put_task_struct(struct task_struct *p)
{
	WARN_ON_ONCE(p->usage <= 0);
	if (--p->usage == 0)
		sim_task_release(p);
}

/*
 * The task a pull that found a migration-disabled task asks rq's stopper to
 * push away (push_cpu_stop()), to make room for the pinned one: the donor,
 * the scheduling context rq is running.  NULL when a push is already queued
 * there or it cannot move; otherwise rq->push_busy is set until the stopper
 * has run, and the caller holds a reference on the task.
 */
static inline struct task_struct *get_push_task(struct rq *rq)
{
	struct task_struct *p = rq->donor;

	lockdep_assert_rq_held(rq);

	if (rq->push_busy)
		return NULL;

	if (p->nr_cpus_allowed == 1)
		return NULL;

	if (p->migration_disabled)
		return NULL;

	rq->push_busy = true;
	get_task_struct(p);
	return p;
}

int push_cpu_stop(void *arg);

static inline bool is_idle_task(const struct task_struct *p)
{
	return !!(p->flags & PF_IDLE);
}

/* idle.c */
struct task_struct *pick_task_idle(struct rq *rq, struct rq_flags *rf);

/* stop_machine.c (struct cpu_stop_work: before struct rq) */
int stop_one_cpu(unsigned int cpu, cpu_stop_fn_t fn, void *arg);
bool stop_one_cpu_nowait(unsigned int cpu, cpu_stop_fn_t fn, void *arg,
			 struct cpu_stop_work *work_buf);
void cpu_stopper_thread(struct task_struct *stopper);
void sim_stop_machine_init(unsigned int cpu, struct task_struct *stopper);
extern const u32 sched_prio_to_wmult[40];
void sched_set_stop_task(int cpu, struct task_struct *stop);
void set_load_weight(struct task_struct *p, bool update_load);

/* fair.c */
void init_cfs_rq(struct cfs_rq *cfs_rq);
#ifdef CONFIG_SIM_STALE_PREV
struct task_struct *pick_next_task_fair(struct rq *rq, struct task_struct *prev,
					struct rq_flags *rf);
#else
struct task_struct *pick_next_task_fair(struct rq *rq, struct rq_flags *rf);
#endif
int sched_balance_newidle(struct rq *this_rq, struct rq_flags *rf);
/* Charge rq->donor's runtime since its exec_start (to rq->curr's
 * accounting under proxy execution); used by rt.c and deadline.c. */
s64 update_curr_common(struct rq *rq);

/* rt.c */
void init_rt_rq(struct rt_rq *rt_rq);

/* deadline.c */
void init_dl_rq(struct dl_rq *dl_rq);
void init_dl_entity(struct sched_dl_entity *dl_se);
void __setparam_dl(struct task_struct *p, const struct sched_attr *attr);
void __dl_clear_params(struct sched_dl_entity *dl_se);

/*
 * SIM: per-class consistency checks behind the global invariants
 * (sim/kernel/invariants.c).  Each returns true if its class's state on
 * rq is consistent, otherwise writes one line into msg.
 */
bool sim_fair_rq_check(struct rq *rq, char *msg, size_t len);
bool sim_rt_rq_check(struct rq *rq, char *msg, size_t len);
void sim_rt_lists_begin(void);
bool sim_rt_lists_check(char *msg, size_t len);
bool sim_dl_rq_check(struct rq *rq, char *msg, size_t len);
bool sim_rt_pushable_check(struct rq *rq, char *msg, size_t len);
bool sim_dl_pushable_check(struct rq *rq, char *msg, size_t len);
/* Is p in rq's structures of its class (queued, or the class's curr)? */
bool sim_fair_task_queued(struct rq *rq, struct task_struct *p);
void sim_fair_timeline_mark(struct rq *rq, uint8_t *in);
/*
 * SIM: fair.c's can_migrate_task() for p on its rq towards dst_cpu, as a
 * newidle balance would ask it, or with 'active' as an active balance
 * does (cache hotness ignored, so each other refusal shows on its own).
 * The caller holds task_rq(p)'s lock.  For tests.
 */
int sim_fair_can_migrate_task(struct task_struct *p, int dst_cpu, bool active);
bool sim_rt_task_queued(struct rq *rq, struct task_struct *p);
bool sim_dl_task_queued(struct rq *rq, struct task_struct *p);

#pragma pop_macro("SIM_KFILE")

#endif /* SIM_KERNEL_SCHED_H */
