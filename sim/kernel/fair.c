// SPDX-License-Identifier: GPL-2.0-only
/*
 * fair.c - port of kernel/sched/fair.c: EEVDF (the augmented timeline,
 * eligibility, placement, deadlines), delayed dequeue, the class methods,
 * pick_next_task_fair() with its newidle balance, and the newidle part of
 * the load balancer (sched_balance_rq, can_migrate_task, detach/attach).
 *
 * Version: the fair.c the v27 proxy-exec series applies to (pre-v27
 * pick_next_task_fair(rq, prev, rf), min_vruntime, vprot), from the
 * johnstultz-work/linux-dev tree.  Without CONFIG_SIM_STALE_PREV
 * ("fixed") pick_next_task_fair() has v27 01/10 applied: no prev argument,
 * prev = rq->donor re-read at again:.  With it ("stale-prev") the caller's
 * prev is used, also after newidle dropped the lock.
 *
 * Not modelled, each marked SIM where it would be: group scheduling
 * (CONFIG_FAIR_GROUP_SCHED=n: every entity is a task), CFS bandwidth,
 * PELT and util_est, NUMA balancing, energy-aware placement, misfit and
 * asymmetric capacity, core scheduling, sched_ext, schedstats, hrtick,
 * the fair dl_server, periodic and nohz balancing.
 */
#define SIM_KFILE "kernel/sched/fair.c"

#include "sched.h"

#include <linux/rbtree_augmented.h>
#include <stdio.h>

/* ---------------------------------------------------------------------- */
/* Features and tunables */

enum {
#define SCHED_FEAT(name, enabled)	__SCHED_FEAT_##name,
#include "sched_features.h"
#undef SCHED_FEAT
	__SCHED_FEAT_NR,
};

static const unsigned long sysctl_sched_features =
#define SCHED_FEAT(name, enabled)	(1UL << __SCHED_FEAT_##name) * (enabled) |
#include "sched_features.h"
#undef SCHED_FEAT
	0;

#define sched_feat(x)	!!(sysctl_sched_features & (1UL << __SCHED_FEAT_##x))

/*
 * SIM: the base slice is not scaled with the CPU count
 * (SCHED_TUNABLESCALING_NONE), so a program's timing does not depend on
 * how many CPUs it runs on.
 */
static const unsigned int sysctl_sched_base_slice = 700000U;
static const unsigned int normalized_sysctl_sched_base_slice = 700000U;
static const unsigned int sysctl_sched_migration_cost = 500000U;

/* SIM: HZ=1000. */
#define TICK_NSEC		1000000ULL

#define WMULT_CONST		(~0U)
#define WMULT_SHIFT		32

#define SCHED_NR_MIGRATE_BREAK	32
static const unsigned int sysctl_sched_nr_migrate = SCHED_NR_MIGRATE_BREAK;

/* ---------------------------------------------------------------------- */
/* Entities are tasks (CONFIG_FAIR_GROUP_SCHED=n) */

#define for_each_sched_entity(se) \
		for (; se; se = NULL)

static inline struct task_struct *task_of(struct sched_entity *se)
{
	return container_of(se, struct task_struct, se);
}

static inline struct rq *rq_of(struct cfs_rq *cfs_rq)
{
	return container_of(cfs_rq, struct rq, cfs);
}

static inline struct cfs_rq *task_cfs_rq(struct task_struct *p)
{
	return &task_rq(p)->cfs;
}

static inline struct cfs_rq *cfs_rq_of(struct sched_entity *se)
{
	return &task_rq(task_of(se))->cfs;
}

/* An entity is never a group: there is no runqueue below it. */
static inline struct cfs_rq *group_cfs_rq(struct sched_entity *grp)
{
	(void)grp;
	return NULL;
}

static inline int entity_is_task(struct sched_entity *se)
{
	(void)se;
	return 1;
}

static inline struct sched_entity *parent_entity(struct sched_entity *se)
{
	(void)se;
	return NULL;
}

static inline void find_matching_se(struct sched_entity **se,
				    struct sched_entity **pse)
{
	(void)se;
	(void)pse;
}

static inline int cfs_rq_is_idle(struct cfs_rq *cfs_rq)
{
	(void)cfs_rq;
	return 0;
}

static inline int task_has_idle_policy(struct task_struct *p)
{
	return idle_policy((int)p->policy);
}

static inline int se_is_idle(struct sched_entity *se)
{
	return task_has_idle_policy(task_of(se));
}

/* SIM: no lazy preemption: a lazy resched is a resched. */
static inline void resched_curr_lazy(struct rq *rq)
{
	resched_curr(rq);
}

/* ---------------------------------------------------------------------- */
/* Weights and virtual time */

static inline void update_load_add(struct load_weight *lw, unsigned long inc)
{
	lw->weight += inc;
	lw->inv_weight = 0;
}

static inline void update_load_sub(struct load_weight *lw, unsigned long dec)
{
	lw->weight -= dec;
	lw->inv_weight = 0;
}

static inline void update_load_set(struct load_weight *lw, unsigned long w)
{
	lw->weight = w;
	lw->inv_weight = 0;
}

static void __update_inv_weight(struct load_weight *lw)
{
	unsigned long w;

	if (likely(lw->inv_weight))
		return;

	w = scale_load_down(lw->weight);

	if (BITS_PER_LONG > 32 && unlikely(w >= WMULT_CONST))
		lw->inv_weight = 1;
	else if (unlikely(!w))
		lw->inv_weight = WMULT_CONST;
	else
		lw->inv_weight = WMULT_CONST / w;
}

/* delta_exec * weight / lw->weight, in fixed point through inv_weight. */
static u64 __calc_delta(u64 delta_exec, unsigned long weight, struct load_weight *lw)
{
	u64 fact = scale_load_down(weight);
	u32 fact_hi = (u32)(fact >> 32);
	int shift = WMULT_SHIFT;
	int fs;

	__update_inv_weight(lw);

	if (unlikely(fact_hi)) {
		fs = fls(fact_hi);
		shift -= fs;
		fact >>= fs;
	}

	fact = mul_u32_u32((u32)fact, lw->inv_weight);

	fact_hi = (u32)(fact >> 32);
	if (fact_hi) {
		fs = fls(fact_hi);
		shift -= fs;
		fact >>= fs;
	}

	return mul_u64_u32_shr(delta_exec, (u32)fact, (unsigned int)shift);
}

/* Real time to virtual time of se: delta * NICE_0_LOAD / weight. */
static inline u64 calc_delta_fair(u64 delta, struct sched_entity *se)
{
	if (unlikely(se->load.weight != NICE_0_LOAD))
		delta = __calc_delta(delta, NICE_0_LOAD, &se->load);

	return delta;
}

const struct sched_class fair_sched_class;

static inline u64 min_vruntime(u64 min_vruntime, u64 vruntime)
{
	s64 delta = (s64)(vruntime - min_vruntime);

	if (delta < 0)
		min_vruntime = vruntime;

	return min_vruntime;
}

/* The timeline is ordered by virtual deadline. */
static inline bool entity_before(const struct sched_entity *a,
				 const struct sched_entity *b)
{
	return (s64)(a->deadline - b->deadline) < 0;
}

static inline s64 entity_key(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	return (s64)(se->vruntime - cfs_rq->min_vruntime);
}

#define __node_2_se(node) \
	rb_entry((node), struct sched_entity, run_node)

/*
 * V, the weighted average vruntime of the queued entities, is kept
 * relative to min_vruntime: avg_vruntime = \Sum (v_i - min_vruntime) * w_i
 * and avg_load = \Sum w_i over the entities in the tree (curr is added
 * when V is read).
 */
static void avg_vruntime_add(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	unsigned long weight = scale_load_down(se->load.weight);
	s64 key = entity_key(cfs_rq, se);

	cfs_rq->avg_vruntime += key * (s64)weight;
	cfs_rq->avg_load += weight;
}

static void avg_vruntime_sub(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	unsigned long weight = scale_load_down(se->load.weight);
	s64 key = entity_key(cfs_rq, se);

	cfs_rq->avg_vruntime -= key * (s64)weight;
	cfs_rq->avg_load -= weight;
}

/* min_vruntime moves forward by delta: shift the relative sum with it. */
static inline void avg_vruntime_update(struct cfs_rq *cfs_rq, s64 delta)
{
	cfs_rq->avg_vruntime -= (s64)cfs_rq->avg_load * delta;
}

/* V, rounded towards -inf so that V itself is always eligible. */
static u64 avg_vruntime(struct cfs_rq *cfs_rq)
{
	struct sched_entity *curr = cfs_rq->curr;
	s64 avg = cfs_rq->avg_vruntime;
	long load = (long)cfs_rq->avg_load;

	if (curr && curr->on_rq) {
		unsigned long weight = scale_load_down(curr->load.weight);

		avg += entity_key(cfs_rq, curr) * (s64)weight;
		load += (long)weight;
	}

	if (load) {
		/* Floor, not truncation, for negative sums. */
		if (avg < 0)
			avg -= (load - 1);
		avg = div_s64(avg, (s32)load);
	}

	return cfs_rq->min_vruntime + (u64)avg;
}

/* vlag = V - v, clamped to what one or two slices can explain. */
static void update_entity_lag(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	s64 vlag, limit;

	SIM_FRAME();
	WARN_ON_ONCE(!se->on_rq);

	vlag = (s64)(avg_vruntime(cfs_rq) - se->vruntime);
	limit = (s64)calc_delta_fair(max_t(u64, 2 * se->slice, TICK_NSEC), se);

	se->vlag = clamp(vlag, -limit, limit);
}

/*
 * Eligible: the entity got no more service than it was owed, v <= V.
 * Compared without the division: \Sum (v_i - m) w_i >= (v - m) \Sum w_i.
 */
static int vruntime_eligible(struct cfs_rq *cfs_rq, u64 vruntime)
{
	struct sched_entity *curr = cfs_rq->curr;
	s64 avg = cfs_rq->avg_vruntime;
	long load = (long)cfs_rq->avg_load;

	if (curr && curr->on_rq) {
		unsigned long weight = scale_load_down(curr->load.weight);

		avg += entity_key(cfs_rq, curr) * (s64)weight;
		load += (long)weight;
	}

	return avg >= (s64)(vruntime - cfs_rq->min_vruntime) * load;
}

static int entity_eligible(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	return vruntime_eligible(cfs_rq, se->vruntime);
}

static u64 __update_min_vruntime(struct cfs_rq *cfs_rq, u64 vruntime)
{
	u64 min_vruntime = cfs_rq->min_vruntime;
	/* max_vruntime(), open coded to move avg_vruntime along. */
	s64 delta = (s64)(vruntime - min_vruntime);

	if (delta > 0) {
		avg_vruntime_update(cfs_rq, delta);
		min_vruntime = vruntime;
	}
	return min_vruntime;
}

static struct sched_entity *__pick_root_entity(struct cfs_rq *cfs_rq);

/* min_vruntime follows the smallest vruntime queued, never backwards. */
static void update_min_vruntime(struct cfs_rq *cfs_rq)
{
	struct sched_entity *se = __pick_root_entity(cfs_rq);
	struct sched_entity *curr = cfs_rq->curr;
	u64 vruntime = cfs_rq->min_vruntime;

	if (curr) {
		if (curr->on_rq)
			vruntime = curr->vruntime;
		else
			curr = NULL;
	}

	if (se) {
		if (!curr)
			vruntime = se->min_vruntime;
		else
			vruntime = min_vruntime(vruntime, se->min_vruntime);
	}

	cfs_rq->min_vruntime = __update_min_vruntime(cfs_rq, vruntime);
}

static inline u64 cfs_rq_min_slice(struct cfs_rq *cfs_rq)
{
	struct sched_entity *root = __pick_root_entity(cfs_rq);
	struct sched_entity *curr = cfs_rq->curr;
	u64 min_slice = ~0ULL;

	if (curr && curr->on_rq)
		min_slice = curr->slice;

	if (root)
		min_slice = min(min_slice, root->min_slice);

	return min_slice;
}

static inline bool __entity_less(struct rb_node *a, const struct rb_node *b)
{
	return entity_before(__node_2_se(a), __node_2_se((struct rb_node *)b));
}

#define vruntime_gt(field, lse, rse) ({ (s64)((lse)->field - (rse)->field) > 0; })

static inline void __min_vruntime_update(struct sched_entity *se, struct rb_node *node)
{
	if (node) {
		struct sched_entity *rse = __node_2_se(node);

		if (vruntime_gt(min_vruntime, se, rse))
			se->min_vruntime = rse->min_vruntime;
	}
}

static inline void __min_slice_update(struct sched_entity *se, struct rb_node *node)
{
	if (node) {
		struct sched_entity *rse = __node_2_se(node);

		if (rse->min_slice < se->min_slice)
			se->min_slice = rse->min_slice;
	}
}

/* Recompute se's subtree minima; true if neither changed. */
static inline bool min_vruntime_update(struct sched_entity *se, bool exit)
{
	u64 old_min_vruntime = se->min_vruntime;
	u64 old_min_slice = se->min_slice;
	struct rb_node *node = &se->run_node;

	(void)exit;
	se->min_vruntime = se->vruntime;
	__min_vruntime_update(se, node->rb_right);
	__min_vruntime_update(se, node->rb_left);

	se->min_slice = se->slice;
	__min_slice_update(se, node->rb_right);
	__min_slice_update(se, node->rb_left);

	return se->min_vruntime == old_min_vruntime &&
	       se->min_slice == old_min_slice;
}

RB_DECLARE_CALLBACKS(static, min_vruntime_cb, struct sched_entity,
		     run_node, min_vruntime, min_vruntime_update);

/* Put se into the timeline (curr is never in it). */
static void __enqueue_entity(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	avg_vruntime_add(cfs_rq, se);
	se->min_vruntime = se->vruntime;
	se->min_slice = se->slice;
	rb_add_augmented_cached(&se->run_node, &cfs_rq->tasks_timeline,
				__entity_less, &min_vruntime_cb);
}

static void __dequeue_entity(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	rb_erase_augmented_cached(&se->run_node, &cfs_rq->tasks_timeline,
				  &min_vruntime_cb);
	avg_vruntime_sub(cfs_rq, se);
}

static struct sched_entity *__pick_root_entity(struct cfs_rq *cfs_rq)
{
	struct rb_node *root = cfs_rq->tasks_timeline.rb_root.rb_node;

	if (!root)
		return NULL;

	return __node_2_se(root);
}

static struct sched_entity *__pick_first_entity(struct cfs_rq *cfs_rq)
{
	struct rb_node *left = rb_first_cached(&cfs_rq->tasks_timeline);

	if (!left)
		return NULL;

	return __node_2_se(left);
}

/*
 * The vruntime up to which se may run before a pick looks elsewhere: its
 * deadline, or sooner if a queued entity asks for a shorter slice.
 */
static inline void set_protect_slice(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	u64 slice = normalized_sysctl_sched_base_slice;
	u64 vprot = se->deadline;

	if (sched_feat(RUN_TO_PARITY))
		slice = cfs_rq_min_slice(cfs_rq);

	slice = min(slice, se->slice);
	if (slice != se->slice)
		vprot = min_vruntime(vprot, se->vruntime + calc_delta_fair(slice, se));

	se->vprot = vprot;
}

static inline void update_protect_slice(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	u64 slice = cfs_rq_min_slice(cfs_rq);

	se->vprot = min_vruntime(se->vprot, se->vruntime + calc_delta_fair(slice, se));
}

static inline bool protect_slice(struct sched_entity *se)
{
	return ((s64)(se->vprot - se->vruntime) > 0);
}

static inline void cancel_protect_slice(struct sched_entity *se)
{
	if (protect_slice(se))
		se->vprot = se->vruntime;
}

/*
 * EEVDF: of the eligible entities, the one with the earliest virtual
 * deadline.  The tree is sorted by deadline and each node carries the
 * minimum vruntime of its subtree, so a subtree with nothing eligible is
 * skipped whole.  A protected, eligible curr keeps the CPU.
 */
static struct sched_entity *__pick_eevdf(struct cfs_rq *cfs_rq, bool protect)
{
	struct rb_node *node = cfs_rq->tasks_timeline.rb_root.rb_node;
	struct sched_entity *se = __pick_first_entity(cfs_rq);
	struct sched_entity *curr = cfs_rq->curr;
	struct sched_entity *best = NULL;
	int steps = 0;

	SIM_FRAME();
	/* One entity: nothing to choose. */
	if (cfs_rq->nr_queued == 1)
		return curr && curr->on_rq ? curr : se;

	if (curr && (!curr->on_rq || !entity_eligible(cfs_rq, curr)))
		curr = NULL;

	if (curr && protect && protect_slice(curr))
		return curr;

	/* The leftmost has the earliest deadline of all: take it if eligible. */
	if (se && entity_eligible(cfs_rq, se)) {
		best = se;
		goto found;
	}

	/* Otherwise descend towards the earliest eligible deadline. */
	while (node) {
		struct rb_node *left = node->rb_left;

		/* SIM: a descent longer than the task count is a broken tree. */
		BUG_ON(++steps > SIM_MAX_TASKS);

		/* Something eligible on the left beats everything else. */
		if (left && vruntime_eligible(cfs_rq,
					      __node_2_se(left)->min_vruntime)) {
			node = left;
			continue;
		}

		se = __node_2_se(node);

		/* Nothing eligible on the left: this node, if eligible. */
		if (entity_eligible(cfs_rq, se)) {
			best = se;
			break;
		}

		node = node->rb_right;
	}
found:
	if (!best || (curr && entity_before(curr, best)))
		best = curr;

	return best;
}

static struct sched_entity *pick_eevdf(struct cfs_rq *cfs_rq)
{
	return __pick_eevdf(cfs_rq, true);
}

static void clear_buddies(struct cfs_rq *cfs_rq, struct sched_entity *se);

/* When vruntime reaches the deadline, ask for a new slice: true means
 * the request is used up and curr should be rescheduled. */
static bool update_deadline(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	(void)cfs_rq;
	if ((s64)(se->vruntime - se->deadline) < 0)
		return false;

	/* The request size is the base slice unless the task set its own. */
	if (!se->custom_slice)
		se->slice = sysctl_sched_base_slice;

	/* vd_i = ve_i + r_i / w_i */
	se->deadline = se->vruntime + calc_delta_fair(se->slice, se);

	return true;
}

/*
 * Charge the time since exec_start.  se is the donor's entity (the
 * scheduling context); the running task, rq->curr, is the one whose
 * runtime grows: under proxy execution they differ.
 */
static s64 update_se(struct rq *rq, struct sched_entity *se)
{
	u64 now = rq_clock_task(rq);
	s64 delta_exec;

	delta_exec = (s64)(now - se->exec_start);
	if (unlikely(delta_exec <= 0))
		return delta_exec;

	se->exec_start = now;
	if (entity_is_task(se)) {
		struct task_struct *running = rq->curr;

		running->se.exec_start = now;
		running->se.sum_exec_runtime += (u64)delta_exec;
		/* SIM: no cgroup or thread-group cputime accounting. */
	} else {
		se->sum_exec_runtime += (u64)delta_exec;
	}

	/* SIM: schedstats (exec_max) are not modelled. */
	return delta_exec;
}

/* Other classes charge their donor's runtime here. */
s64 update_curr_common(struct rq *rq)
{
	return update_se(rq, &rq->donor->se);
}

/* Advance cfs_rq->curr (the donor's entity) to now. */
static void update_curr(struct cfs_rq *cfs_rq)
{
	struct sched_entity *curr = cfs_rq->curr;
	struct rq *rq = rq_of(cfs_rq);
	s64 delta_exec;
	bool resched;

	SIM_FRAME();
	if (unlikely(!curr))
		return;

	delta_exec = update_se(rq, curr);
	if (unlikely(delta_exec <= 0))
		return;

	curr->vruntime += calc_delta_fair((u64)delta_exec, curr);
	resched = update_deadline(cfs_rq, curr);
	update_min_vruntime(cfs_rq);

	/* SIM: the fair dl_server is not modelled (no dl_server_update()),
	 * nor CFS bandwidth (account_cfs_rq_runtime()). */

	if (cfs_rq->nr_queued == 1)
		return;

	if (resched || !protect_slice(curr)) {
		resched_curr_lazy(rq);
		clear_buddies(cfs_rq, curr);
	}
}

static void update_curr_fair(struct rq *rq)
{
	update_curr(cfs_rq_of(&rq->donor->se));
}

/* A new run period starts for se. */
static inline void update_stats_curr_start(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	se->exec_start = rq_clock_task(rq_of(cfs_rq));
}

/* ---------------------------------------------------------------------- */
/* Queueing entities */

static void account_entity_enqueue(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	update_load_add(&cfs_rq->load, se->load.weight);
	if (entity_is_task(se)) {
		struct rq *rq = rq_of(cfs_rq);

		/* SIM: no NUMA accounting. */
		list_add(&se->group_node, &rq->cfs_tasks);
	}
	cfs_rq->nr_queued++;
}

static void account_entity_dequeue(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	update_load_sub(&cfs_rq->load, se->load.weight);
	if (entity_is_task(se))
		list_del_init(&se->group_node);
	cfs_rq->nr_queued--;
}

/*
 * Give se a vruntime and deadline on cfs_rq: V minus the lag it left with,
 * inflated so that the lag survives its own effect on V.
 */
static void place_entity(struct cfs_rq *cfs_rq, struct sched_entity *se, int flags)
{
	u64 vslice, vruntime = avg_vruntime(cfs_rq);
	s64 lag = 0;

	SIM_FRAME();
	if (!se->custom_slice)
		se->slice = sysctl_sched_base_slice;
	vslice = calc_delta_fair(se->slice, se);

	if (sched_feat(PLACE_LAG) && cfs_rq->nr_queued && se->vlag) {
		struct sched_entity *curr = cfs_rq->curr;
		unsigned long load;

		lag = se->vlag;

		/* vl_i = (W + w_i) * vl'_i / W keeps vl'_i after placement. */
		load = cfs_rq->avg_load;
		if (curr && curr->on_rq)
			load += scale_load_down(curr->load.weight);

		lag *= (s64)(load + scale_load_down(se->load.weight));
		if (WARN_ON_ONCE(!load))
			load = 1;
		lag = div_s64(lag, (s32)load);
	}

	se->vruntime = vruntime - (u64)lag;

	if (se->rel_deadline) {
		se->deadline += se->vruntime;
		se->rel_deadline = 0;
		return;
	}

	/* Newcomers start half a slice in, like the average competitor. */
	if (sched_feat(PLACE_DEADLINE_INITIAL) && (flags & ENQUEUE_INITIAL))
		vslice /= 2;

	/* vd_i = ve_i + r_i / w_i */
	se->deadline = se->vruntime + vslice;
}

/*
 * se's weight becomes 'weight'.  A queued se is taken out and placed
 * again with its lag; vlag (and a relative deadline) are virtual times,
 * so they scale with the inverse of the weight.
 */
static void reweight_entity(struct cfs_rq *cfs_rq, struct sched_entity *se,
			    unsigned long weight)
{
	bool curr = cfs_rq->curr == se;

	SIM_FRAME();
	if (se->on_rq) {
		/* Charge what curr ran at the old weight. */
		update_curr(cfs_rq);
		update_entity_lag(cfs_rq, se);
		se->deadline -= se->vruntime;
		se->rel_deadline = 1;
		cfs_rq->nr_queued--;
		if (!curr)
			__dequeue_entity(cfs_rq, se);
		update_load_sub(&cfs_rq->load, se->load.weight);
	}
	/* SIM: no PELT (dequeue_load_avg). */

	se->vlag = div_s64(se->vlag * (s64)se->load.weight, (s32)weight);
	if (se->rel_deadline)
		se->deadline = (u64)div_s64((s64)se->deadline * (s64)se->load.weight,
					    (s32)weight);

	update_load_set(&se->load, weight);

	/* SIM: no PELT (load_avg, enqueue_load_avg). */
	if (se->on_rq) {
		place_entity(cfs_rq, se, 0);
		update_load_add(&cfs_rq->load, se->load.weight);
		if (!curr)
			__enqueue_entity(cfs_rq, se);
		cfs_rq->nr_queued++;

		/* se moved: min_vruntime may move too, once it is settled. */
		update_min_vruntime(cfs_rq);
	}
}

/* rq lock held: p's nice or policy changed its weight to lw. */
static void reweight_task_fair(struct rq *rq, struct task_struct *p,
			       const struct load_weight *lw)
{
	struct sched_entity *se = &p->se;
	struct cfs_rq *cfs_rq = cfs_rq_of(se);
	struct load_weight *load = &se->load;

	SIM_FRAME();
	(void)rq;
	reweight_entity(cfs_rq, se, lw->weight);
	load->inv_weight = lw->inv_weight;
}

static void requeue_delayed_entity(struct sched_entity *se);

static void enqueue_entity(struct cfs_rq *cfs_rq, struct sched_entity *se, int flags)
{
	bool curr = cfs_rq->curr == se;

	SIM_FRAME();
	/* curr is placed before update_curr() charges it. */
	if (curr)
		place_entity(cfs_rq, se, flags);

	update_curr(cfs_rq);

	/* SIM: no PELT (update_load_avg), no group weight (update_cfs_group). */

	if (!curr)
		place_entity(cfs_rq, se, flags);

	account_entity_enqueue(cfs_rq, se);

	/* A migrated entity is no longer cache hot. */
	if (flags & ENQUEUE_MIGRATED)
		se->exec_start = 0;

	if (!curr)
		__enqueue_entity(cfs_rq, se);
	se->on_rq = 1;

	/* SIM: no bandwidth throttling (check_enqueue_throttle), no leaf
	 * cfs_rq list (one cfs_rq per rq). */
}

static void __clear_buddies_next(struct sched_entity *se)
{
	for_each_sched_entity(se) {
		struct cfs_rq *cfs_rq = cfs_rq_of(se);

		if (cfs_rq->next != se)
			break;

		cfs_rq->next = NULL;
	}
}

static void clear_buddies(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	if (cfs_rq->next == se)
		__clear_buddies_next(se);
}

/* A delayed entity stays queued but no longer counts as runnable. */
static void set_delayed(struct sched_entity *se)
{
	se->sched_delayed = 1;

	if (!entity_is_task(se))
		return;

	for_each_sched_entity(se) {
		struct cfs_rq *cfs_rq = cfs_rq_of(se);

		cfs_rq->h_nr_runnable--;
	}
}

static void clear_delayed(struct sched_entity *se)
{
	se->sched_delayed = 0;

	if (!entity_is_task(se))
		return;

	for_each_sched_entity(se) {
		struct cfs_rq *cfs_rq = cfs_rq_of(se);

		cfs_rq->h_nr_runnable++;
	}
}

static inline void finish_delayed_dequeue_entity(struct sched_entity *se)
{
	clear_delayed(se);
	if (sched_feat(DELAY_ZERO) && se->vlag > 0)
		se->vlag = 0;
}

/*
 * Take se off cfs_rq.  A sleeping entity that is not eligible is kept
 * queued instead (delayed dequeue): false is returned, and it leaves when
 * a pick finds it or its wakeup requeues it.
 */
static bool dequeue_entity(struct cfs_rq *cfs_rq, struct sched_entity *se, int flags)
{
	bool sleep = flags & DEQUEUE_SLEEP;

	SIM_FRAME();
	update_curr(cfs_rq);
	clear_buddies(cfs_rq, se);

	if (flags & DEQUEUE_DELAYED) {
		WARN_ON_ONCE(!se->sched_delayed);
	} else {
		bool delay = sleep;

		/* Special states cannot take the spurious wakeup a delayed
		 * dequeue relies on. */
		if (flags & (DEQUEUE_SPECIAL | DEQUEUE_THROTTLE))
			delay = false;

		WARN_ON_ONCE(delay && se->sched_delayed);

		if (sched_feat(DELAY_DEQUEUE) && delay &&
		    !entity_eligible(cfs_rq, se)) {
			/* SIM: no PELT (update_load_avg). */
			set_delayed(se);
			return false;
		}
	}

	/* SIM: no PELT detach on migration (DO_DETACH), no stats. */

	update_entity_lag(cfs_rq, se);
	if (sched_feat(PLACE_REL_DEADLINE) && !sleep) {
		se->deadline -= se->vruntime;
		se->rel_deadline = 1;
	}

	if (se != cfs_rq->curr)
		__dequeue_entity(cfs_rq, se);
	se->on_rq = 0;
	account_entity_dequeue(cfs_rq, se);

	/* SIM: no bandwidth (return_cfs_rq_runtime), no groups. */

	/* Let min_vruntime advance, unless se comes straight back (SAVE
	 * without MOVE) and would be penalised for it. */
	if ((flags & (DEQUEUE_SAVE | DEQUEUE_MOVE)) != DEQUEUE_SAVE)
		update_min_vruntime(cfs_rq);

	if (flags & DEQUEUE_DELAYED)
		finish_delayed_dequeue_entity(se);

	/* SIM: no PELT idle clock (update_idle_cfs_rq_clock_pelt). */
	return true;
}

/* se becomes cfs_rq->curr: out of the tree, a new run period. */
static void set_next_entity(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	SIM_FRAME();
	clear_buddies(cfs_rq, se);

	/* curr is not kept in the tree. */
	if (se->on_rq) {
		/* SIM: no wait-time stats, no PELT. */
		__dequeue_entity(cfs_rq, se);
		set_protect_slice(cfs_rq, se);
	}

	update_stats_curr_start(cfs_rq, se);
	WARN_ON_ONCE(cfs_rq->curr);
	cfs_rq->curr = se;

	/* SIM: no slice_max schedstat. */
	se->prev_sum_exec_runtime = se->sum_exec_runtime;
}

static int dequeue_entities(struct rq *rq, struct sched_entity *se, int flags);

/*
 * The next entity to run: an eligible next buddy, else EEVDF's choice.
 * A delayed entity that gets picked is dequeued for good, and NULL tells
 * the caller to pick again.
 */
static struct sched_entity *pick_next_entity(struct rq *rq, struct cfs_rq *cfs_rq)
{
	struct sched_entity *se;

	SIM_FRAME();
	if (sched_feat(PICK_BUDDY) &&
	    cfs_rq->next && entity_eligible(cfs_rq, cfs_rq->next)) {
		/* A next buddy is never delayed. */
		WARN_ON_ONCE(cfs_rq->next->sched_delayed);
		return cfs_rq->next;
	}

	se = pick_eevdf(cfs_rq);
	if (se->sched_delayed) {
		dequeue_entities(rq, se, DEQUEUE_SLEEP | DEQUEUE_DELAYED);
		/* se's task may already be running elsewhere: drop it. */
		return NULL;
	}
	return se;
}

/* prev stops being cfs_rq->curr; if still queued it goes back in the tree. */
static void put_prev_entity(struct cfs_rq *cfs_rq, struct sched_entity *prev)
{
	SIM_FRAME();
	/* Still queued: dequeue did not charge it, so charge it now. */
	if (prev->on_rq)
		update_curr(cfs_rq);

	/* SIM: no bandwidth throttling (check_cfs_rq_runtime). */

	if (prev->on_rq) {
		/* SIM: no wait-time stats, no PELT. */
		__enqueue_entity(cfs_rq, prev);
	}
	WARN_ON_ONCE(cfs_rq->curr != prev);
	cfs_rq->curr = NULL;
}

static void entity_tick(struct cfs_rq *cfs_rq, struct sched_entity *curr, int queued)
{
	SIM_FRAME();
	(void)curr;
	(void)queued;
	/* Charge curr; this reschedules when its slice is used up. */
	update_curr(cfs_rq);

	/* SIM: no PELT (update_load_avg), no groups (update_cfs_group), no
	 * hrtick (the queued tick). */
}

/* ---------------------------------------------------------------------- */
/* Class methods: enqueue, dequeue */

/* SIM: no hrtick: hrtick_update() has nothing to do. */
static inline void hrtick_update(struct rq *rq)
{
	(void)rq;
}

/* A delayed entity is wanted again: it stops being delayed, and if it
 * was owed service it is placed afresh (its positive lag is dropped). */
static void requeue_delayed_entity(struct sched_entity *se)
{
	struct cfs_rq *cfs_rq = cfs_rq_of(se);

	SIM_FRAME();
	/* A delayed entity is one still queued. */
	WARN_ON_ONCE(!se->sched_delayed);
	WARN_ON_ONCE(!se->on_rq);

	if (sched_feat(DELAY_ZERO)) {
		update_entity_lag(cfs_rq, se);
		if (se->vlag > 0) {
			cfs_rq->nr_queued--;
			if (se != cfs_rq->curr)
				__dequeue_entity(cfs_rq, se);
			se->vlag = 0;
			place_entity(cfs_rq, se, 0);
			if (se != cfs_rq->curr)
				__enqueue_entity(cfs_rq, se);
			cfs_rq->nr_queued++;
		}
	}

	/* SIM: no PELT (update_load_avg). */
	clear_delayed(se);
}

/* rq lock held: p joins the fair runqueue of rq. */
static void enqueue_task_fair(struct rq *rq, struct task_struct *p, int flags)
{
	struct cfs_rq *cfs_rq;
	struct sched_entity *se = &p->se;
	int h_nr_idle = task_has_idle_policy(p);
	int h_nr_runnable = 1;
	int task_new = !(flags & ENQUEUE_WAKEUP);
	u64 slice = 0;

	SIM_FRAME();
	/* SIM: no bandwidth (enqueue_throttled_task), no util_est, no
	 * cpufreq iowait boost. */

	if (flags & ENQUEUE_DELAYED) {
		requeue_delayed_entity(se);
		return;
	}

	if (task_new && se->sched_delayed)
		h_nr_runnable = 0;

	for_each_sched_entity(se) {
		if (se->on_rq) {
			if (se->sched_delayed)
				requeue_delayed_entity(se);
			break;
		}
		cfs_rq = cfs_rq_of(se);

		/* Group entities take their runqueue's shortest slice. */
		if (slice) {
			se->slice = slice;
			se->custom_slice = 1;
		}
		enqueue_entity(cfs_rq, se, flags);
		slice = cfs_rq_min_slice(cfs_rq);

		cfs_rq->h_nr_runnable += (unsigned int)h_nr_runnable;
		cfs_rq->h_nr_queued++;
		cfs_rq->h_nr_idle += (unsigned int)h_nr_idle;

		if (cfs_rq_is_idle(cfs_rq))
			h_nr_idle = 1;

		flags = ENQUEUE_WAKEUP;
	}

	/* The already-queued ancestors (none without groups). */
	for_each_sched_entity(se) {
		cfs_rq = cfs_rq_of(se);

		/* SIM: no PELT, no group weight. */
		se->slice = slice;
		if (se != cfs_rq->curr)
			min_vruntime_cb_propagate(&se->run_node, NULL);
		slice = cfs_rq_min_slice(cfs_rq);

		cfs_rq->h_nr_runnable += (unsigned int)h_nr_runnable;
		cfs_rq->h_nr_queued++;
		cfs_rq->h_nr_idle += (unsigned int)h_nr_idle;

		if (cfs_rq_is_idle(cfs_rq))
			h_nr_idle = 1;
	}

	/* SIM: the fair dl_server is not modelled (dl_server_start). */

	add_nr_running(rq, 1);

	/* SIM: no energy model (check_update_overutilized_status), no leaf
	 * cfs_rq list. */

	hrtick_update(rq);
}

static void set_next_buddy(struct sched_entity *se);

/*
 * Take se (and, with groups, emptied ancestors) off the runqueues.
 * Returns -1 if the dequeue was delayed, 1 when done.  A DEQUEUE_DELAYED
 * dequeue finishes the block: the task may be woken elsewhere right after.
 */
static int dequeue_entities(struct rq *rq, struct sched_entity *se, int flags)
{
	bool task_sleep = flags & DEQUEUE_SLEEP;
	bool task_delayed = flags & DEQUEUE_DELAYED;
	struct task_struct *p = NULL;
	int h_nr_idle = 0;
	int h_nr_queued = 0;
	int h_nr_runnable = 0;
	struct cfs_rq *cfs_rq;
	u64 slice = 0;

	SIM_FRAME();
	/* SIM: no sched-idle balance kick (was_sched_idle), no bandwidth
	 * (DEQUEUE_THROTTLE, record_throttle_clock). */
	if (entity_is_task(se)) {
		p = task_of(se);
		h_nr_queued = 1;
		h_nr_idle = task_has_idle_policy(p);
		if (task_sleep || task_delayed || !se->sched_delayed)
			h_nr_runnable = 1;
	}

	for_each_sched_entity(se) {
		cfs_rq = cfs_rq_of(se);

		if (!dequeue_entity(cfs_rq, se, flags)) {
			if (p && &p->se == se)
				return -1;

			slice = cfs_rq_min_slice(cfs_rq);
			break;
		}

		cfs_rq->h_nr_runnable -= (unsigned int)h_nr_runnable;
		cfs_rq->h_nr_queued -= (unsigned int)h_nr_queued;
		cfs_rq->h_nr_idle -= (unsigned int)h_nr_idle;

		if (cfs_rq_is_idle(cfs_rq))
			h_nr_idle = h_nr_queued;

		/* A parent with other entities stays queued. */
		if (cfs_rq->load.weight) {
			slice = cfs_rq_min_slice(cfs_rq);

			se = parent_entity(se);
			/* Prefer this group while p sleeps within its slice. */
			if (task_sleep && se)
				set_next_buddy(se);
			break;
		}
		flags |= DEQUEUE_SLEEP;
		flags &= ~(DEQUEUE_DELAYED | DEQUEUE_SPECIAL);
	}

	/* The ancestors that stay queued (none without groups). */
	for_each_sched_entity(se) {
		cfs_rq = cfs_rq_of(se);

		/* SIM: no PELT, no group weight. */
		se->slice = slice;
		if (se != cfs_rq->curr)
			min_vruntime_cb_propagate(&se->run_node, NULL);
		slice = cfs_rq_min_slice(cfs_rq);

		cfs_rq->h_nr_runnable -= (unsigned int)h_nr_runnable;
		cfs_rq->h_nr_queued -= (unsigned int)h_nr_queued;
		cfs_rq->h_nr_idle -= (unsigned int)h_nr_idle;

		if (cfs_rq_is_idle(cfs_rq))
			h_nr_idle = h_nr_queued;
	}

	sub_nr_running(rq, (unsigned int)h_nr_queued);

	if (p && task_delayed) {
		WARN_ON_ONCE(!task_sleep);
		WARN_ON_ONCE(p->on_rq != 1);

		/* What dequeue_task_fair() skipped for a delayed dequeue. */
		hrtick_update(rq);

		/* What block_task() skipped; last: p may be gone after it. */
		__block_task(rq, p);
	}

	return 1;
}

/* rq lock held: p leaves the fair runqueue; false if the dequeue of a
 * sleeping p was delayed (p stays queued, sched_delayed). */
static bool dequeue_task_fair(struct rq *rq, struct task_struct *p, int flags)
{
	SIM_FRAME();
	/* SIM: no bandwidth (task_is_throttled), no util_est. */
	if (dequeue_entities(rq, &p->se, flags) < 0)
		return false;

	/* p must not be touched after a DEQUEUE_DELAYED dequeue. */

	hrtick_update(rq);
	return true;
}

/* ---------------------------------------------------------------------- */
/* Wakeup placement and migration */

/* SIM: idle_cpu() of core.c, without vcpu preemption. */
static int available_idle_cpu(int cpu)
{
	struct rq *rq = cpu_rq(cpu);

	if (rq->curr != rq->idle)
		return 0;
	if (rq->nr_running)
		return 0;
	if (rq->ttwu_pending)
		return 0;
	return 1;
}

/*
 * p->pi_lock held.
 * SIM: the wake-affine / select_idle_sibling / find_idlest machinery over
 * a topology is replaced by one simple rule on the one flat domain: the
 * previous CPU if it is allowed and idle, else the allowed active CPU
 * with the fewest queued tasks, ties to the lowest id.  The result is
 * always an allowed CPU (prev_cpu only if none is active).
 */
static int select_task_rq_fair(struct task_struct *p, int prev_cpu, int wake_flags)
{
	int cpu = smp_processor_id();
	unsigned int best_nr = ~0U;
	int new_cpu = -1;
	int i;

	SIM_FRAME();
	/* Needed for a stable cpus_ptr. */
	lockdep_assert_held(&p->pi_lock);

	if (wake_flags & WF_TTWU) {
		if ((wake_flags & WF_CURRENT_CPU) &&
		    cpumask_test_cpu(cpu, p->cpus_ptr))
			return cpu;
	}

	if (cpumask_test_cpu(prev_cpu, p->cpus_ptr) && cpu_active(prev_cpu) &&
	    available_idle_cpu(prev_cpu))
		return prev_cpu;

	for_each_cpu_and(i, p->cpus_ptr, cpu_active_mask) {
		unsigned int nr = READ_ONCE(cpu_rq(i)->nr_running);

		if (nr < best_nr) {
			best_nr = nr;
			new_cpu = i;
		}
	}

	if (new_cpu < 0)
		return prev_cpu;
	return new_cpu;
}

/* pi_lock or the old rq lock held: p is about to move to new_cpu. */
static void migrate_task_rq_fair(struct task_struct *p, int new_cpu)
{
	SIM_FRAME();
	(void)p;
	(void)new_cpu;
	/* SIM: nothing to carry: PELT (remove_entity_load_avg,
	 * migrate_se_pelt_lag, last_update_time) and NUMA scan periods are
	 * not modelled.  EEVDF state travels in se->vlag, set at dequeue. */
}

/* A dead task's delayed entity must leave its runqueue. */
static void task_dead_fair(struct task_struct *p)
{
	struct sched_entity *se = &p->se;

	SIM_FRAME();
	if (se->sched_delayed) {
		struct rq_flags rf;
		struct rq *rq;

		rq = task_rq_lock(p, &rf);
		if (se->sched_delayed) {
			update_rq_clock(rq);
			dequeue_entities(rq, se, DEQUEUE_SLEEP | DEQUEUE_DELAYED);
		}
		task_rq_unlock(rq, p, &rf);
	}

	/* SIM: no PELT (remove_entity_load_avg). */
}

/* pi_lock and rq lock held. */
static void set_cpus_allowed_fair(struct task_struct *p, struct affinity_context *ctx)
{
	set_cpus_allowed_common(p, ctx);
	/* SIM: no asymmetric capacity (set_task_max_allowed_capacity). */
}

static void set_next_buddy(struct sched_entity *se)
{
	for_each_sched_entity(se) {
		if (WARN_ON_ONCE(!se->on_rq))
			return;
		if (se_is_idle(se))
			return;
		cfs_rq_of(se)->next = se;
	}
}

/* rq lock held: p was woken or enqueued here; should the donor yield? */
/* The v27-era name; check_preempt_wakeup_fair() before the 7.x rename. */
static void wakeup_preempt_fair(struct rq *rq, struct task_struct *p, int wake_flags)
{
	struct task_struct *donor = rq->donor;
	struct sched_entity *se = &donor->se, *pse = &p->se;
	struct cfs_rq *cfs_rq = task_cfs_rq(donor);
	int cse_is_idle, pse_is_idle;
	bool do_preempt_short = false;

	SIM_FRAME();
	if (unlikely(se == pse))
		return;

	/* SIM: no bandwidth (task_is_throttled). */

	if (sched_feat(NEXT_BUDDY) && !(wake_flags & WF_FORK) && !pse->sched_delayed)
		set_next_buddy(pse);

	/* A resched is already pending (e.g. a new task's wakeup). */
	if (test_tsk_need_resched(rq->curr))
		return;

	if (!sched_feat(WAKEUP_PREEMPTION))
		return;

	/* SIM: the idle task as the donor gets here only with bug K8 (idle
	 * as curr has need-resched set and returned above; a proxy curr does
	 * not): the kernel then computes with the idle entity's zero weight
	 * and divides by zero.  Here a BUG with an id (kernel-study 6.2). */
	BUG_ON(donor == rq->idle);

	find_matching_se(&se, &pse);
	WARN_ON_ONCE(!pse);

	cse_is_idle = se_is_idle(se);
	pse_is_idle = se_is_idle(pse);

	/* A non-idle entity preempts an idle one, without protection. */
	if (cse_is_idle && !pse_is_idle) {
		do_preempt_short = true;
		goto preempt;
	}

	if (cse_is_idle != pse_is_idle)
		return;

	/* BATCH and IDLE tasks do not preempt. */
	if (unlikely(!normal_policy((int)p->policy)))
		return;

	cfs_rq = cfs_rq_of(se);
	update_curr(cfs_rq);

	/* A shorter slice than curr's may break curr's protection. */
	do_preempt_short = sched_feat(PREEMPT_SHORT) && (pse->slice < se->slice);

	/* p is now EEVDF's choice: preempt. */
	if (__pick_eevdf(cfs_rq, !do_preempt_short) == pse)
		goto preempt;

	if (sched_feat(RUN_TO_PARITY) && do_preempt_short)
		update_protect_slice(cfs_rq, se);

	return;

preempt:
	if (do_preempt_short)
		cancel_protect_slice(se);

	resched_curr_lazy(rq);
}

/* ---------------------------------------------------------------------- */
/* Picking */

/* rq lock held: the fair task to run next, or NULL if none is queued. */
static struct task_struct *pick_task_fair(struct rq *rq, struct rq_flags *rf)
{
	struct sched_entity *se;
	struct cfs_rq *cfs_rq;
	int retries = 0;

	SIM_FRAME();
	(void)rf;
again:
	/* SIM: each retry dequeued a delayed entity; they are finite. */
	BUG_ON(++retries > SIM_MAX_TASKS + 1);

	cfs_rq = &rq->cfs;
	if (!cfs_rq->nr_queued)
		return NULL;

	/* SIM: no bandwidth (throttled, check_cfs_rq_runtime). */
	do {
		/* put_prev_entity() may not have run yet. */
		if (cfs_rq->curr && cfs_rq->curr->on_rq)
			update_curr(cfs_rq);

		se = pick_next_entity(rq, cfs_rq);
		if (!se)
			goto again;
		cfs_rq = group_cfs_rq(se);
	} while (cfs_rq);

	return task_of(se);
}

static void __set_next_task_fair(struct rq *rq, struct task_struct *p, bool first);
static void set_next_task_fair(struct rq *rq, struct task_struct *p, bool first);

/*
 * rq lock held, pinned; may drop it (newidle balance).  Picks, then does
 * the put/set itself.  prev is the task that is class-current now, the
 * donor.  v27 01/10 ("fixed") re-reads it from rq->donor on every pass:
 * a remote wakeup may have changed the donor while newidle had dropped
 * the lock.  Without 01/10 ("stale-prev") the caller's prev is reused.
 */
#ifdef CONFIG_SIM_STALE_PREV
struct task_struct *
pick_next_task_fair(struct rq *rq, struct task_struct *prev, struct rq_flags *rf)
#else
struct task_struct *pick_next_task_fair(struct rq *rq, struct rq_flags *rf)
#endif
{
#ifndef CONFIG_SIM_STALE_PREV
	struct task_struct *prev;
#endif
	struct task_struct *p;
	int new_tasks;

	SIM_FRAME();
again:
#ifndef CONFIG_SIM_STALE_PREV
	prev = rq->donor;
#endif
	p = pick_task_fair(rq, rf);
	if (!p)
		goto idle;

	/* SIM: CONFIG_FAIR_GROUP_SCHED=n: the partial put/set walk between
	 * the prev and p hierarchies is compiled out; straight to simple. */

	put_prev_set_next_task(rq, prev, p);
	return p;

idle:
	if (rf) {
		new_tasks = sched_balance_newidle(rq, rf);

		/* The lock was dropped: a task of a higher class may have
		 * appeared, so the whole pick starts over. */
		if (new_tasks < 0)
			return RETRY_TASK;

		if (new_tasks > 0)
			goto again;
	}

	/* SIM: no PELT idle clock (update_idle_rq_clock_pelt). */
	return NULL;
}

/* rq lock held: prev stops being the class-current task. */
static void put_prev_task_fair(struct rq *rq, struct task_struct *prev,
			       struct task_struct *next)
{
	struct sched_entity *se = &prev->se;
	struct cfs_rq *cfs_rq;

	SIM_FRAME();
	(void)rq;
	(void)next;
	for_each_sched_entity(se) {
		cfs_rq = cfs_rq_of(se);
		put_prev_entity(cfs_rq, se);
	}
}

/* rq lock held: the donor gives up the rest of its request. */
static void yield_task_fair(struct rq *rq)
{
#ifndef CONFIG_SIM_BUG_K21
	struct task_struct *curr = rq->donor;
#else
	/* SIM: zoo k21: reverts "sched/proxy: Yield the donor task", 6.19 */
	struct task_struct *curr = rq->curr;
#endif
	struct cfs_rq *cfs_rq = task_cfs_rq(curr);
	struct sched_entity *se = &curr->se;

	SIM_FRAME();
	/* Alone on the runqueue: nothing to yield to. */
	if (unlikely(rq->nr_running == 1))
		return;

	clear_buddies(cfs_rq, se);

	update_rq_clock(rq);
	update_curr(cfs_rq);
	/* The clock was just updated; schedule() need not do it again. */
	rq_clock_skip_update(rq);

	/*
	 * Give up the rest of the request: vruntime moves to the deadline and
	 * a new request starts.  Only when eligible, or a task that core
	 * scheduling keeps picking while ineligible would run its vruntime
	 * away by yielding over and over.
	 */
	if (entity_eligible(cfs_rq, se)) {
		se->vruntime = se->deadline;
		se->deadline += calc_delta_fair(se->slice, se);
		update_min_vruntime(cfs_rq);
	}
}

/* rq lock held: the tick charges the donor (curr is its entity). */
static void task_tick_fair(struct rq *rq, struct task_struct *curr, int queued)
{
	struct cfs_rq *cfs_rq;
	struct sched_entity *se = &curr->se;

	SIM_FRAME();
	(void)rq;
	for_each_sched_entity(se) {
		cfs_rq = cfs_rq_of(se);
		entity_tick(cfs_rq, se, queued);
	}

	/* SIM: no NUMA balancing (task_tick_numa), misfit status, energy
	 * model (overutilized) or core scheduling (task_tick_core). */
}

/* p->pi_lock held: a child is being forked. */
static void task_fork_fair(struct task_struct *p)
{
	SIM_FRAME();
	(void)p;
	/* SIM: no asymmetric capacity (set_task_max_allowed_capacity). */
}

/* rq lock held: p's priority changed; preempt or yield as needed. */
static void prio_changed_fair(struct rq *rq, struct task_struct *p, int oldprio)
{
	SIM_FRAME();
	if (!task_on_rq_queued(p))
		return;

	if (rq->cfs.nr_queued == 1)
		return;

	/* Running and lowered: reschedule.  Waiting: maybe preempt. */
	if (task_current_donor(rq, p)) {
		if (p->prio > oldprio)
			resched_curr(rq);
	} else {
		wakeup_preempt(rq, p, 0);
	}
}

/* rq lock held: p leaves the fair class. */
static void switched_from_fair(struct rq *rq, struct task_struct *p)
{
	SIM_FRAME();
	(void)rq;
	(void)p;
	/* SIM: detach_task_cfs_rq() only moves PELT sums: not modelled. */
}

/* rq lock held: p joins the fair class. */
static void switched_to_fair(struct rq *rq, struct task_struct *p)
{
	SIM_FRAME();
	WARN_ON_ONCE(p->se.sched_delayed);

	/* SIM: attach_task_cfs_rq() only moves PELT sums: not modelled; no
	 * asymmetric capacity. */

	if (task_on_rq_queued(p)) {
		/* Most likely from a higher class: reschedule if it is the
		 * donor, else see whether it preempts. */
		if (task_current_donor(rq, p))
			resched_curr(rq);
		else
			wakeup_preempt(rq, p, 0);
	}
}

static void __set_next_task_fair(struct rq *rq, struct task_struct *p, bool first)
{
	struct sched_entity *se = &p->se;

	SIM_FRAME();
	if (task_on_rq_queued(p)) {
		/* Most recently used first: the balancer scans from the tail. */
		list_move(&se->group_node, &rq->cfs_tasks);
	}
	if (!first)
		return;

	WARN_ON_ONCE(se->sched_delayed);

	/* SIM: no hrtick, misfit status or nohz_full tick dependency. */
}

/* rq lock held: p becomes the class-current task (cfs_rq->curr). */
static void set_next_task_fair(struct rq *rq, struct task_struct *p, bool first)
{
	struct sched_entity *se = &p->se;

	SIM_FRAME();
	for_each_sched_entity(se) {
		struct cfs_rq *cfs_rq = cfs_rq_of(se);

		set_next_entity(cfs_rq, se);
		/* SIM: no bandwidth (account_cfs_rq_runtime). */
	}

	__set_next_task_fair(rq, p, first);
}

void init_cfs_rq(struct cfs_rq *cfs_rq)
{
	cfs_rq->tasks_timeline = RB_ROOT_CACHED;
	cfs_rq->min_vruntime = (u64)(-(1LL << 20));
	/* SIM: no PELT removal lock. */
}

/* ---------------------------------------------------------------------- */
/* Load balancing: the newidle pass */

enum cpu_idle_type {
	__CPU_NOT_IDLE = 0,
	CPU_IDLE,
	CPU_NEWLY_IDLE,
	CPU_MAX_IDLE_TYPES
};

enum migration_type {
	migrate_load = 0,
	migrate_util,
	migrate_task,
	migrate_misfit
};

#define SD_BALANCE_NEWIDLE	0x0001

/*
 * SIM: one scheduling domain spans every simulated CPU, its groups being
 * the single CPUs, with only the fields the newidle path reads.  It is
 * rebuilt at every balance (sim_cpu_sched_domain()), so no state survives
 * between runs: nr_balance_failed stays 0 (only periodic balancing, which
 * is not modelled, raises it) and the newidle cost heuristic is off.
 */
struct sched_domain {
	struct sched_domain	*parent;
	unsigned int		flags;
	cpumask_t		span;
	unsigned int		nr_balance_failed;
	unsigned int		cache_nice_tries;
	u64			max_newidle_lb_cost;
};

static struct sched_domain sim_sched_domains[SIM_MAX_CPUS];

static struct sched_domain *sim_cpu_sched_domain(int cpu)
{
	struct sched_domain *sd = &sim_sched_domains[cpu];

	sd->parent = NULL;
	sd->flags = SD_BALANCE_NEWIDLE;
	cpumask_copy(&sd->span, cpu_active_mask);
	sd->nr_balance_failed = 0;
	sd->cache_nice_tries = 1;
	sd->max_newidle_lb_cost = 0;
	return sd;
}

#define for_each_domain(cpu, __sd) \
	for (__sd = sim_cpu_sched_domain(cpu); __sd; __sd = __sd->parent)

#define LBF_ALL_PINNED	0x01
#define LBF_NEED_BREAK	0x02
#define LBF_DST_PINNED	0x04
#define LBF_SOME_PINNED	0x08
#define LBF_ACTIVE_LB	0x10

struct lb_env {
	struct sched_domain	*sd;

	struct rq		*src_rq;
	int			src_cpu;

	int			dst_cpu;
	struct rq		*dst_rq;

	const struct cpumask	*dst_grpmask;
	int			new_dst_cpu;
	enum cpu_idle_type	idle;
	long			imbalance;
	/* The CPUs still considered as sources. */
	struct cpumask		*cpus;

	unsigned int		flags;

	unsigned int		loop;
	unsigned int		loop_break;
	unsigned int		loop_max;

	enum migration_type	migration_type;
	struct list_head	tasks;
};

/* Did p run recently enough on its CPU that moving it costs cache? */
static int task_hot(struct task_struct *p, struct lb_env *env)
{
	s64 delta;

	lockdep_assert_rq_held(env->src_rq);

	if (p->sched_class != &fair_sched_class)
		return 0;

	if (unlikely(task_has_idle_policy(p)))
		return 0;

	/* SIM: no SMT (SD_SHARE_CPUCAPACITY), no core cookies. */

	/* A next buddy is hot. */
	if (sched_feat(CACHE_HOT_BUDDY) && env->dst_rq->nr_running &&
	    (&p->se == cfs_rq_of(&p->se)->next))
		return 1;

	delta = (s64)(rq_clock_task(env->src_rq) - p->se.exec_start);

	return delta < (s64)sysctl_sched_migration_cost;
}

/* Would p be ineligible on dst_cpu too (it keeps its lag)? */
static inline int task_is_ineligible_on_dst_cpu(struct task_struct *p, int dest_cpu)
{
	struct cfs_rq *dst_cfs_rq;

	dst_cfs_rq = &cpu_rq(dest_cpu)->cfs;
	if (sched_feat(PLACE_LAG) && dst_cfs_rq->nr_queued &&
	    !entity_eligible(task_cfs_rq(p), &p->se))
		return 1;

	return 0;
}

/* SIM: the only per-CPU kthreads are idle and stop, never fair. */
static inline bool kthread_is_per_cpu(struct task_struct *p)
{
	(void)p;
	return false;
}

/* src rq lock held: may p move from its rq to env->dst_cpu now? */
static int can_migrate_task(struct task_struct *p, struct lb_env *env)
{
	long degrades, hot;

	SIM_FRAME();
	lockdep_assert_rq_held(env->src_rq);

	/* Refused: a delayed entity unless load is moved; a throttled
	 * target; cpus_ptr; running; cache hot; blocked on a mutex. */
	if ((p->se.sched_delayed) && (env->migration_type != migrate_load))
		return 0;

	/* SIM: no bandwidth (lb_throttled_hierarchy). */

	/* Ineligible tasks move only after balancing has failed. */
	if (!env->sd->nr_balance_failed &&
	    task_is_ineligible_on_dst_cpu(p, env->dst_cpu))
		return 0;

	/* Per-CPU kthreads stay where they are. */
	if (kthread_is_per_cpu(p))
		return 0;

	if (task_is_blocked(p))
		return 0;

	if (!cpumask_test_cpu(env->dst_cpu, p->cpus_ptr)) {
		int cpu;

		env->flags |= LBF_SOME_PINNED;

		/* Newidle, an active balance, or a second try: no other
		 * destination is looked for. */
		if (env->idle == CPU_NEWLY_IDLE ||
		    env->flags & (LBF_DST_PINNED | LBF_ACTIVE_LB))
			return 0;

		/* Another CPU of the local group p may run on.
		 * SIM: cpumask_first_and_and() as a loop. */
		for_each_cpu_and(cpu, env->dst_grpmask, env->cpus) {
			if (cpumask_test_cpu(cpu, p->cpus_ptr)) {
				env->flags |= LBF_DST_PINNED;
				env->new_dst_cpu = cpu;
				break;
			}
		}

		return 0;
	}

	/* At least one task could run on dst_cpu. */
	env->flags &= ~LBF_ALL_PINNED;

	if (task_on_cpu(env->src_rq, p) ||
	    task_current_donor(env->src_rq, p))
		return 0;

	/* An active balance moves whatever it can. */
	if (env->flags & LBF_ACTIVE_LB)
		return 1;

	/* SIM: no NUMA: migrate_degrades_locality() is 0. */
	degrades = 0;
	if (!degrades)
		hot = task_hot(p, env);
	else
		hot = degrades > 0;

	if (!hot || env->sd->nr_balance_failed > env->sd->cache_nice_tries) {
		/* SIM: no schedstats (sched_task_hot). */
		return 1;
	}

	return 0;
}

/* src rq lock held: take p off it, bound for env->dst_cpu. */
static void detach_task(struct task_struct *p, struct lb_env *env)
{
	SIM_FRAME();
	lockdep_assert_rq_held(env->src_rq);

	/* SIM: no schedstats (sched_task_hot). */

	WARN_ON(task_current(env->src_rq, p));
	WARN_ON(task_current_donor(env->src_rq, p));

	deactivate_task(env->src_rq, p, DEQUEUE_NOCLOCK);
	set_task_cpu(p, (unsigned int)env->dst_cpu);
}

/*
 * src rq lock held: detach up to env->imbalance tasks from the tail of
 * cfs_tasks (least recently run first).  Returns how many were detached;
 * they wait on env->tasks, marked TASK_ON_RQ_MIGRATING.
 */
static int detach_tasks(struct lb_env *env)
{
	struct list_head *tasks = &env->src_rq->cfs_tasks;
	struct task_struct *p;
	int detached = 0;

	SIM_FRAME();
	lockdep_assert_rq_held(env->src_rq);

	/* Emptied by another CPU meanwhile: nothing was pinned. */
	if (env->src_rq->nr_running <= 1) {
		env->flags &= ~LBF_ALL_PINNED;
		return 0;
	}

	if (env->imbalance <= 0)
		return 0;

	while (!list_empty(tasks)) {
		/* Never take the last one: that invites being robbed back. */
		if (env->idle && env->src_rq->nr_running <= 1)
			break;

		env->loop++;
		/* Every task was looked at. */
		if (env->loop > env->loop_max)
			break;

		/* A breather every SCHED_NR_MIGRATE_BREAK tasks. */
		if (env->loop > env->loop_break) {
			env->loop_break += SCHED_NR_MIGRATE_BREAK;
			env->flags |= LBF_NEED_BREAK;
			break;
		}

		p = list_last_entry(tasks, struct task_struct, se.group_node);

		if (!can_migrate_task(p, env))
			goto next;

		switch (env->migration_type) {
		case migrate_task:
			env->imbalance--;
			break;

		case migrate_load:
		case migrate_util:
		case migrate_misfit:
			/* SIM: only migrate_task imbalances are computed
			 * (no PELT load or utilization, no misfit). */
			BUG();
			break;
		}

		detach_task(p, env);
		list_add(&p->se.group_node, &env->tasks);

		detached++;

		/* CONFIG_PREEMPTION: newidle stops after the first task, to
		 * keep the critical section short. */
		if (env->idle == CPU_NEWLY_IDLE)
			break;

		/* Only as much as the imbalance asked for. */
		if (env->imbalance <= 0)
			break;

		continue;
next:
		list_move(&p->se.group_node, tasks);
	}

	/* SIM: no schedstats (lb_gained). */
	return detached;
}

/* Lock env->dst_rq and attach what detach_tasks() took. */
static void attach_tasks(struct lb_env *env)
{
	struct list_head *tasks = &env->tasks;
	struct task_struct *p;
	struct rq_flags rf;

	SIM_FRAME();
	rq_lock(env->dst_rq, &rf);
	update_rq_clock(env->dst_rq);

	while (!list_empty(tasks)) {
		p = list_first_entry(tasks, struct task_struct, se.group_node);
		list_del_init(&p->se.group_node);

		attach_task(env->dst_rq, p);
	}

	rq_unlock(env->dst_rq, &rf);
}

/* Should this CPU balance (newidle: only if still idle, no wakeup due)? */
static int should_we_balance(struct lb_env *env)
{
	/* Consistency: dst_cpu is among the CPUs considered. */
	if (!cpumask_test_cpu(env->dst_cpu, env->cpus))
		return 0;

	/* Newidle: every CPU may, unless it has work or a wakeup coming. */
	if (env->idle == CPU_NEWLY_IDLE) {
		if (env->dst_rq->nr_running > 0 || env->dst_rq->ttwu_pending)
			return 0;
		return 1;
	}

	/* SIM: only newidle balancing is modelled. */
	return 0;
}

/*
 * SIM: sched_balance_find_src_group() with its statistics
 * (update_sd_lb_stats, calculate_imbalance) over groups of one CPU,
 * reduced to the newidle case: there is an imbalance of one task when
 * some CPU among env->cpus other than dst has a queued fair task beside
 * another task (nr_running > 1 and a runnable fair task).  As the kernel
 * does at the top domain, it refreshes rd->overloaded (some CPU with
 * nr_running > 1) while scanning.  Reads remote counters unlocked, as the
 * kernel's statistics do.
 */
static bool sched_balance_find_src_group(struct lb_env *env)
{
	bool sg_overloaded = false, busy = false;
	int i;

	SIM_FRAME();
	for_each_cpu(i, &env->sd->span) {
		struct rq *rq = cpu_rq(i);
		unsigned int nr_running = READ_ONCE(rq->nr_running);

		if (nr_running > 1)
			sg_overloaded = true;
		if (i == env->dst_cpu || !cpumask_test_cpu(i, env->cpus))
			continue;
		if (nr_running > 1 && READ_ONCE(rq->cfs.h_nr_runnable))
			busy = true;
	}

	/* The top domain keeps the root domain's overload flag. */
	if (!env->sd->parent)
		WRITE_ONCE(env->dst_rq->rd->overloaded, sg_overloaded);

	if (!busy) {
		env->imbalance = 0;
		return false;
	}

	env->migration_type = migrate_task;
	env->imbalance = 1;
	return true;
}

/*
 * The busiest runqueue among env->cpus: with a migrate_task imbalance,
 * the one with the most runnable fair tasks.  SIM: no NUMA
 * classification, capacities or asym packing; ties go to the lowest CPU.
 */
static struct rq *sched_balance_find_src_rq(struct lb_env *env)
{
	struct rq *busiest = NULL, *rq;
	unsigned int busiest_nr = 0;
	int i;

	SIM_FRAME();
	for_each_cpu(i, env->cpus) {
		unsigned int nr_running;

		/* SIM: the local group (dst_cpu) is not a source. */
		if (i == env->dst_cpu)
			continue;

		rq = cpu_rq(i);
		nr_running = READ_ONCE(rq->cfs.h_nr_runnable);
		if (!nr_running)
			continue;

		switch (env->migration_type) {
		case migrate_task:
			if (busiest_nr < nr_running) {
				busiest_nr = nr_running;
				busiest = rq;
			}
			break;
		case migrate_load:
		case migrate_util:
		case migrate_misfit:
			/* SIM: never computed. */
			BUG();
			break;
		}
	}

	return busiest;
}

/*
 * Balance this_cpu within sd: find the busiest rq, lock it, detach tasks,
 * unlock it, then lock this_rq to attach them.  this_rq is not held on
 * entry (newidle dropped it).  Returns the number of tasks moved.
 */
static int sched_balance_rq(int this_cpu, struct rq *this_rq,
			    struct sched_domain *sd, enum cpu_idle_type idle,
			    int *continue_balancing)
{
	int ld_moved, cur_ld_moved;
	struct rq *busiest;
	struct rq_flags rf;
	cpumask_t cpus_storage;
	struct cpumask *cpus = &cpus_storage;
	int redos = 0;
	struct lb_env env = {
		.sd		= sd,
		.dst_cpu	= this_cpu,
		.dst_rq		= this_rq,
		.dst_grpmask	= cpumask_of((unsigned int)this_cpu),
		.idle		= idle,
		.loop_break	= SCHED_NR_MIGRATE_BREAK,
		.cpus		= cpus,
		.tasks		= LIST_HEAD_INIT(env.tasks),
	};

	SIM_FRAME();
	cpumask_and(cpus, &sd->span, cpu_active_mask);

	/* SIM: no schedstats (lb_count and friends). */
redo:
	/* SIM: each redo drops one pinned source CPU. */
	BUG_ON(++redos > SIM_MAX_CPUS + 1);

	if (!should_we_balance(&env)) {
		*continue_balancing = 0;
		goto out_balanced;
	}

	if (!sched_balance_find_src_group(&env))
		goto out_balanced;

	busiest = sched_balance_find_src_rq(&env);
	if (!busiest)
		goto out_balanced;

	WARN_ON_ONCE(busiest == env.dst_rq);

	env.src_cpu = busiest->cpu;
	env.src_rq = busiest;

	ld_moved = 0;
	/* Cleared as soon as a task that could come here is found. */
	env.flags |= LBF_ALL_PINNED;
	if (busiest->nr_running > 1) {
		/* With nr_running <= 1 the imbalance stays: ld_moved 0. */
		env.loop_max = min(sysctl_sched_nr_migrate, busiest->nr_running);

more_balance:
		/* SIM: interrupts are not modelled per lock: rq_lock(). */
		rq_lock(busiest, &rf);
		update_rq_clock(busiest);

		cur_ld_moved = detach_tasks(&env);

		/* The detached tasks are TASK_ON_RQ_MIGRATING: busiest can
		 * be unlocked without anyone else touching them. */
		rq_unlock(busiest, &rf);

		if (cur_ld_moved) {
			attach_tasks(&env);
			ld_moved += cur_ld_moved;
		}

		if (env.flags & LBF_NEED_BREAK) {
			env.flags &= ~LBF_NEED_BREAK;
			goto more_balance;
		}

		/* Tasks pinned away from us may fit another local CPU. */
		if ((env.flags & LBF_DST_PINNED) && env.imbalance > 0) {
			__cpumask_clear_cpu(env.dst_cpu, env.cpus);

			env.dst_rq	 = cpu_rq(env.new_dst_cpu);
			env.dst_cpu	 = env.new_dst_cpu;
			env.flags	&= ~LBF_DST_PINNED;
			env.loop	 = 0;
			env.loop_break	 = SCHED_NR_MIGRATE_BREAK;

			/* Same source, new destination. */
			goto more_balance;
		}

		/* SIM: one domain: no parent group imbalance to record. */

		/* Every task there was pinned: try another source. */
		if (unlikely(env.flags & LBF_ALL_PINNED)) {
			__cpumask_clear_cpu(cpu_of(busiest), cpus);
			if (!cpumask_subset(cpus, env.dst_grpmask)) {
				env.loop = 0;
				env.loop_break = SCHED_NR_MIGRATE_BREAK;
				goto redo;
			}
			goto out_all_pinned;
		}
	}

	if (!ld_moved) {
		/* Newidle failures do not count (nr_balance_failed).
		 * SIM: no active balancing (need_active_balance, the
		 * stopper's active_load_balance_cpu_stop). */
	} else {
		sd->nr_balance_failed = 0;
	}

	/* SIM: no balance intervals (periodic balancing). */
	goto out;

out_balanced:
	/* SIM: one domain: no parent group imbalance to clear. */
out_all_pinned:
	sd->nr_balance_failed = 0;

	ld_moved = 0;

	/* Newidle ignores balance intervals: nothing to tune. */
out:
	return ld_moved;
}

/*
 * this_rq lock held, pinned; drops it to pull work from other CPUs.
 * Returns < 0 if the lock was dropped and a task of another class is
 * now queued here, 0 if nothing was found, > 0 if fair tasks are queued.
 */
int sched_balance_newidle(struct rq *this_rq, struct rq_flags *rf)
{
	int this_cpu = this_rq->cpu;
	int continue_balancing = 1;
	struct sched_domain *sd;
	int pulled_task = 0;

	SIM_FRAME();
	/* SIM: no misfit status (update_misfit_status). */

	/* A wakeup is on its way: it will be enqueued when we go idle. */
	if (this_rq->ttwu_pending)
		return 0;

	/* Set before balancing so that this counts as idle time. */
	this_rq->idle_stamp = rq_clock(this_rq);

	/* No pulling towards an inactive CPU. */
	if (!cpu_active(this_cpu))
		return 0;

	/* current is on_cpu, so no balancer takes it, and IRQs are off. */
	rq_unpin_lock(this_rq, rf);

	sd = sim_cpu_sched_domain(this_cpu);

	/*
	 * SIM: the cost heuristic (avg_idle against max_newidle_lb_cost) is
	 * disabled: the lock is dropped whenever the root domain is
	 * overloaded.  avg_idle and max_idle_balance_cost are kept in rq.
	 */
	if (!READ_ONCE(this_rq->rd->overloaded)) {
		/* SIM: no next_balance (periodic balancing). */
		goto out;
	}

	raw_spin_rq_unlock(this_rq);

	/* SIM: no PELT (sched_balance_update_blocked_averages), no clock
	 * reads for the cost (sched_clock_cpu, update_newidle_cost). */

	for_each_domain(this_cpu, sd) {
		if (sd->flags & SD_BALANCE_NEWIDLE) {
			pulled_task = sched_balance_rq(this_cpu, this_rq,
						       sd, CPU_NEWLY_IDLE,
						       &continue_balancing);
		}

		/* Stop at the first pull, or when told to. */
		if (pulled_task || !continue_balancing)
			break;
	}

	raw_spin_rq_lock(this_rq);

	/* The lock was dropped: a task may have been enqueued meanwhile;
	 * we are not going idle then. */
	if (this_rq->cfs.h_nr_queued && !pulled_task)
		pulled_task = 1;

	/* Is a task of a higher class here? */
	if (this_rq->nr_running != this_rq->cfs.h_nr_queued)
		pulled_task = -1;

out:
	if (pulled_task)
		this_rq->idle_stamp = 0;
	/* SIM: else no nohz newidle kick (nohz_newidle_balance). */

	rq_repin_lock(this_rq, rf);

	return pulled_task;
}

/* ---------------------------------------------------------------------- */
/* The class */

/*
 * The fair scheduling class.  Each method's lock context is as noted in
 * sched.h's struct sched_class.
 */
const struct sched_class fair_sched_class = {
	/* rq lock held. */
	.enqueue_task		= enqueue_task_fair,
	/* rq lock held; false when a DEQUEUE_SLEEP is delayed. */
	.dequeue_task		= dequeue_task_fair,
	/* rq lock held; acts on rq->donor. */
	.yield_task		= yield_task_fair,

	/* rq lock held. */
	.wakeup_preempt		= wakeup_preempt_fair,

	/* No .balance: newidle runs inside pick_next_task_fair(). */

	/* rq lock held. */
	.pick_task		= pick_task_fair,
	/* rq lock held, pinned; may drop it (newidle); does put/set. */
	.pick_next_task		= pick_next_task_fair,
	/* rq lock held: p stops / starts being the class-current task. */
	.put_prev_task		= put_prev_task_fair,
	.set_next_task		= set_next_task_fair,

	/* p->pi_lock held. */
	.select_task_rq		= select_task_rq_fair,
	/* pi_lock or the old rq lock held. */
	.migrate_task_rq	= migrate_task_rq_fair,

	/* Called after the final switch away from p, no lock held; takes
	 * the rq lock itself. */
	.task_dead		= task_dead_fair,
	/* pi_lock and rq lock held. */
	.set_cpus_allowed	= set_cpus_allowed_fair,

	/* rq lock held; p is the donor. */
	.task_tick		= task_tick_fair,
	/* p->pi_lock held. */
	.task_fork		= task_fork_fair,

	/* rq lock held. */
	.reweight_task		= reweight_task_fair,
	.prio_changed		= prio_changed_fair,
	.switched_from		= switched_from_fair,
	.switched_to		= switched_to_fair,

	/* rq lock held. */
	.update_curr		= update_curr_fair,
};

/* ---------------------------------------------------------------------- */
/* SIM: consistency checks and test hooks (sched.h) */

#define FAIR_FAIL(...) do { snprintf(msg, len, __VA_ARGS__); return false; } while (0)

/* Is se a node of cfs_rq's timeline?  Walks the tree (it is small). */
static bool sim_fair_in_timeline(struct cfs_rq *cfs_rq, struct sched_entity *se)
{
	struct rb_node *node;
	int n = 0;

	for (node = rb_first(&cfs_rq->tasks_timeline.rb_root); node;
	     node = rb_next(node)) {
		if (++n > SIM_MAX_TASKS)
			return false;
		if (__node_2_se(node) == se)
			return true;
	}
	return false;
}

/* Check one node's augmented values against its children. */
static bool sim_fair_node_check(struct sched_entity *se, char *msg, size_t len,
				unsigned int cpu)
{
	struct rb_node *node = &se->run_node;
	u64 min_v = se->vruntime, min_s = se->slice;
	struct sched_entity *c;

	if (node->rb_left) {
		c = __node_2_se(node->rb_left);
		min_v = min_vruntime(min_v, c->min_vruntime);
		min_s = min(min_s, c->min_slice);
	}
	if (node->rb_right) {
		c = __node_2_se(node->rb_right);
		min_v = min_vruntime(min_v, c->min_vruntime);
		min_s = min(min_s, c->min_slice);
	}
	if (se->min_vruntime != min_v)
		FAIR_FAIL("rq%u: %s/%d: min_vruntime %llu, its subtree's minimum is %llu",
			  cpu, task_of(se)->comm, task_of(se)->pid,
			  (unsigned long long)se->min_vruntime,
			  (unsigned long long)min_v);
	if (se->min_slice != min_s)
		FAIR_FAIL("rq%u: %s/%d: min_slice %llu, its subtree's minimum is %llu",
			  cpu, task_of(se)->comm, task_of(se)->pid,
			  (unsigned long long)se->min_slice,
			  (unsigned long long)min_s);
	return true;
}

/*
 * The fair state of rq is what the kernel's accounting implies: the
 * timeline holds exactly the queued entities but curr, in deadline order,
 * with correct subtree minima and avg_vruntime sums; the counters match
 * (a delayed entity is queued but not runnable); curr is outside the tree.
 */
bool sim_fair_rq_check(struct rq *rq, char *msg, size_t len)
{
	struct cfs_rq *cfs_rq = &rq->cfs;
	struct sched_entity *se, *prev = NULL, *curr = cfs_rq->curr;
	unsigned int cpu = (unsigned int)cpu_of(rq);
	unsigned int in_tree = 0, delayed = 0, idle = 0, listed = 0;
	unsigned long weight = 0, avg_load = 0;
	s64 avg_vruntime = 0;
	struct rb_node *node;
	struct task_struct *p;

	for (node = rb_first(&cfs_rq->tasks_timeline.rb_root); node;
	     node = rb_next(node)) {
		se = __node_2_se(node);
		p = task_of(se);
		if (++in_tree > SIM_MAX_TASKS)
			FAIR_FAIL("rq%u: the fair timeline loops", cpu);
		if (se == curr)
			FAIR_FAIL("rq%u: cfs_rq->curr %s/%d is in the timeline", cpu,
				  p->comm, p->pid);
		if (!se->on_rq)
			FAIR_FAIL("rq%u: %s/%d is in the timeline with se.on_rq clear",
				  cpu, p->comm, p->pid);
		if (p->sched_class != &fair_sched_class)
			FAIR_FAIL("rq%u: %s/%d is in the fair timeline but not fair",
				  cpu, p->comm, p->pid);
		if (task_cpu(p) != cpu)
			FAIR_FAIL("rq%u: %s/%d is in the timeline but on CPU %u", cpu,
				  p->comm, p->pid, task_cpu(p));
		if (p->on_rq != TASK_ON_RQ_QUEUED)
			FAIR_FAIL("rq%u: %s/%d is in the timeline with on_rq %d", cpu,
				  p->comm, p->pid, p->on_rq);
		if (prev && entity_before(se, prev))
			FAIR_FAIL("rq%u: the timeline is out of deadline order at %s/%d",
				  cpu, p->comm, p->pid);
		if (!sim_fair_node_check(se, msg, len, cpu))
			return false;
		if (se->sched_delayed)
			delayed++;
		if (task_has_idle_policy(p))
			idle++;
		weight += se->load.weight;
		avg_load += scale_load_down(se->load.weight);
		avg_vruntime += entity_key(cfs_rq, se) * (s64)scale_load_down(se->load.weight);
		prev = se;
	}

	if (rb_first_cached(&cfs_rq->tasks_timeline) !=
	    rb_first(&cfs_rq->tasks_timeline.rb_root))
		FAIR_FAIL("rq%u: the cached leftmost is not the first node", cpu);

	if (curr) {
		p = task_of(curr);
		if (p->sched_class != &fair_sched_class)
			FAIR_FAIL("rq%u: cfs_rq->curr %s/%d is not fair", cpu,
				  p->comm, p->pid);
		if (task_cpu(p) != cpu)
			FAIR_FAIL("rq%u: cfs_rq->curr %s/%d is on CPU %u", cpu,
				  p->comm, p->pid, task_cpu(p));
		/* curr may have left already (dequeued, not yet put). */
		if (curr->on_rq) {
			if (curr->sched_delayed)
				delayed++;
			if (task_has_idle_policy(p))
				idle++;
			weight += curr->load.weight;
		} else if (p->on_rq == TASK_ON_RQ_QUEUED) {
			FAIR_FAIL("rq%u: cfs_rq->curr %s/%d is queued but se.on_rq is clear",
				  cpu, p->comm, p->pid);
		}
	}

	{
		unsigned int queued = in_tree + (curr && curr->on_rq ? 1 : 0);

		if (cfs_rq->nr_queued != queued)
			FAIR_FAIL("rq%u: cfs nr_queued %u but %u entities are queued",
				  cpu, cfs_rq->nr_queued, queued);
		if (cfs_rq->h_nr_queued != queued)
			FAIR_FAIL("rq%u: cfs h_nr_queued %u but %u entities are queued",
				  cpu, cfs_rq->h_nr_queued, queued);
		if (cfs_rq->h_nr_runnable != queued - delayed)
			FAIR_FAIL("rq%u: cfs h_nr_runnable %u but %u queued, %u delayed",
				  cpu, cfs_rq->h_nr_runnable, queued, delayed);
		if (cfs_rq->h_nr_idle != idle)
			FAIR_FAIL("rq%u: cfs h_nr_idle %u but %u SCHED_IDLE queued",
				  cpu, cfs_rq->h_nr_idle, idle);
	}
	if (cfs_rq->load.weight != weight)
		FAIR_FAIL("rq%u: cfs load %lu but the queued weights sum to %lu",
			  cpu, cfs_rq->load.weight, weight);
	if (cfs_rq->avg_load != avg_load)
		FAIR_FAIL("rq%u: avg_load %llu but the timeline weighs %lu", cpu,
			  (unsigned long long)cfs_rq->avg_load, avg_load);
	if (cfs_rq->avg_vruntime != avg_vruntime)
		FAIR_FAIL("rq%u: avg_vruntime %lld but the timeline sums to %lld", cpu,
			  (long long)cfs_rq->avg_vruntime, (long long)avg_vruntime);

	/* cfs_tasks lists exactly the queued entities. */
	list_for_each_entry(p, &rq->cfs_tasks, se.group_node) {
		if (++listed > SIM_MAX_TASKS)
			FAIR_FAIL("rq%u: cfs_tasks loops", cpu);
		if (!p->se.on_rq)
			FAIR_FAIL("rq%u: %s/%d is on cfs_tasks but not queued", cpu,
				  p->comm, p->pid);
	}
	if (listed != cfs_rq->nr_queued)
		FAIR_FAIL("rq%u: cfs_tasks has %u tasks, nr_queued is %u", cpu,
			  listed, cfs_rq->nr_queued);
	return true;
}

/* Is p queued in rq's fair structures (the timeline, or as its curr)? */
bool sim_fair_task_queued(struct rq *rq, struct task_struct *p)
{
	struct cfs_rq *cfs_rq = &rq->cfs;

	if (!p->se.on_rq)
		return false;
	if (cfs_rq->curr == &p->se)
		return true;
	return sim_fair_in_timeline(cfs_rq, &p->se);
}

/*
 * sim_fair_in_timeline() for every task at once: set bit cpu_of(rq) in
 * in[i] for each task sim_tasks[i] whose entity that walk would meet.  One
 * walk per rq instead of one per task and rq (inv_queued_on_one_rq).
 */
void sim_fair_timeline_mark(struct rq *rq, uint8_t *in)
{
	struct rb_node *node;
	int n = 0;

	for (node = rb_first(&rq->cfs.tasks_timeline.rb_root); node;
	     node = rb_next(node)) {
		int i = sim_task_slot(task_of(__node_2_se(node)));

		if (++n > SIM_MAX_TASKS)
			return;
		if (i >= 0)
			in[i] |= (uint8_t)(1u << cpu_of(rq));
	}
}

int sim_fair_can_migrate_task(struct task_struct *p, int dst_cpu, bool active)
{
	struct lb_env env = {
		.sd		= sim_cpu_sched_domain(dst_cpu),
		.src_rq		= task_rq(p),
		.src_cpu	= (int)task_cpu(p),
		.dst_cpu	= dst_cpu,
		.dst_rq		= cpu_rq(dst_cpu),
		.dst_grpmask	= cpumask_of((unsigned int)dst_cpu),
		.idle		= active ? CPU_IDLE : CPU_NEWLY_IDLE,
		.flags		= active ? LBF_ACTIVE_LB : 0,
		.migration_type	= migrate_task,
		.cpus		= &sim_sched_domains[dst_cpu].span,
		.tasks		= LIST_HEAD_INIT(env.tasks),
	};

	return can_migrate_task(p, &env);
}
