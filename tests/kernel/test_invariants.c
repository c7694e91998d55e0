// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scheduler's global invariants: on a real machine run to quiescence
 * every one holds; each one fails, naming the fact, when that machine's
 * state is corrupted by hand the way the bug it guards against would.
 */
#include "kharness.h"

static struct task_struct *iv_F1, *iv_F2, *iv_R1, *iv_R2, *iv_D1, *iv_D2, *iv_D3;
static struct task_struct *iv_A, *iv_B;

/*
 * CPU0: two fair tasks.  CPU1: R1 runs, R2 waits, migratable only to
 * CPU2, where a DL task runs: CPU1 stays RT-overloaded.  CPU2: D1 runs,
 * D2 waits, migratable only to CPU3, where D3 has an earlier deadline:
 * CPU2 stays DL-overloaded.  CPU4: A holds M; B (RT) is blocked on it and
 * is the donor while A runs.
 */
static void iv_machine(void)
{
	const struct sim_outcome *o;

	kboot(5, NULL, 0);
	iv_F1 = kfair("F1", 0, 0x1, 0, 0);
	iv_F2 = kfair("F2", 0, 0x1, 0, 0);
	iv_R1 = krt("R1", 1, 0x2, 20, 0);
	iv_R2 = krt("R2", 1, 0x6, 10, 1 * MS);
	iv_D1 = kdl("D1", 2, 0x4, 10 * MS, 20 * MS, 20 * MS, 0);
	iv_D2 = kdl("D2", 2, 0xc, 10 * MS, 30 * MS, 30 * MS, 1 * MS);
	iv_D3 = kdl("D3", 3, 0x8, 10 * MS, 10 * MS, 10 * MS, 0);
	iv_A = kfair("A", 4, 0x10, 0, 0);
	sim_mutex_create("M");
	kop(4, 1 * MS, SIM_OP_MUTEX_LOCK, 0, 0);
	iv_B = krt("B", 4, 0x10, 50, 2 * MS);
	kop(4, 3 * MS, SIM_OP_MUTEX_LOCK, 0, 0);
	o = sim_run();
	if (o->result != SIM_CLEAN)
		printf("iv_machine:\n%s\n", o->report);
}

static bool holds(enum sim_inv_id id, char *msg, size_t len)
{
	return sim_invariant_holds(id, msg, len);
}

#define EXPECT_HOLDS(id) do {						\
	char __m[256];							\
	CHECK_MSG(sim_invariant_registered(id), "%s not registered", #id); \
	CHECK_MSG(holds(id, __m, sizeof(__m)), "%s: %s", #id, __m);	\
} while (0)

#define EXPECT_FAILS(id, part) do {					\
	char __m[256];							\
	CHECK_MSG(!holds(id, __m, sizeof(__m)), "%s did not notice", #id); \
	CHECK_STR_CONTAINS(__m, part);					\
} while (0)

TEST(inv_machine_is_consistent,
     "The five-CPU fixture reaches quiescence clean, in the state the negative tests corrupt: fair on CPU0, RT-overloaded CPU1, DL-overloaded CPU2, a blocked donor on CPU4.")
{
	int i;

	iv_machine();
	CHECK(sim_outcome()->result == SIM_CLEAN);
	CHECK(cpu_rq(0)->cfs.h_nr_queued == 2);
	CHECK(cpu_rq(1)->rt.overloaded);
	CHECK(cpu_rq(2)->dl.overloaded);
	CHECK(cpu_rq(4)->donor == iv_B);
	CHECK(cpu_rq(4)->curr == iv_A);
	for (i = SIM_INV_DONOR_IS_CLASS_CURRENT; i < SIM_NR_INVARIANTS; i++)
		EXPECT_HOLDS((enum sim_inv_id)i);
}

TEST(inv_donor_is_class_current,
     "A fair donor whose cfs_rq->curr was lost (the double put of the seed race) violates DONOR_IS_CLASS_CURRENT.")
{
	iv_machine();
	cpu_rq(0)->cfs.curr = NULL;
	EXPECT_FAILS(SIM_INV_DONOR_IS_CLASS_CURRENT, "rq0: donor");
	EXPECT_FAILS(SIM_INV_DONOR_IS_CLASS_CURRENT, "is fair but cfs_rq->curr is NULL");
}

TEST(inv_donor_is_class_current_dl,
     "A dl_rq->curr left behind after the donor changed violates DONOR_IS_CLASS_CURRENT.")
{
	iv_machine();
	cpu_rq(0)->dl.curr = &iv_D2->dl;
	EXPECT_FAILS(SIM_INV_DONOR_IS_CLASS_CURRENT, "rq0: dl_rq->curr is set while the donor");
}

TEST(inv_donor_queued_or_idle,
     "A donor that is neither idle, curr nor queued on that rq (a stale donor) violates DONOR_QUEUED_OR_IDLE.")
{
	iv_machine();
	cpu_rq(4)->donor = iv_F2;	/* queued, but on CPU0 */
	EXPECT_FAILS(SIM_INV_DONOR_QUEUED_OR_IDLE, "rq4: donor F2/2 is neither idle, curr, nor queued here");
}

TEST(inv_curr_on_cpu,
     "A curr with on_cpu clear, or a task with on_cpu set that is nobody's curr, violates CURR_ON_CPU.")
{
	iv_machine();
	cpu_rq(0)->curr->on_cpu = 0;
	EXPECT_FAILS(SIM_INV_CURR_ON_CPU, "has on_cpu clear");
	iv_machine();
	iv_R2->on_cpu = 1;
	EXPECT_FAILS(SIM_INV_CURR_ON_CPU, "R2/4 has on_cpu set but is not curr of CPU 1");
}

TEST(inv_queued_on_one_rq,
     "A queued task whose cpu field names another CPU than the runqueue holding it violates QUEUED_ON_ONE_RQ.")
{
	struct task_struct *waiting;

	iv_machine();
	waiting = cpu_rq(0)->curr == iv_F1 ? iv_F2 : iv_F1;
	waiting->thread_info.cpu = 1;
	EXPECT_FAILS(SIM_INV_QUEUED_ON_ONE_RQ, "is queued on rq0");
}

TEST(inv_queued_on_one_rq_curr,
     "A running fair task (cfs_rq->curr, off the timeline) whose cpu field names another CPU violates QUEUED_ON_ONE_RQ: the check counts a cfs_rq's curr as queued there.")
{
	struct task_struct *running;

	iv_machine();
	running = cpu_rq(0)->curr;
	CHECK(running == iv_F1 || running == iv_F2);
	CHECK(cpu_rq(0)->cfs.curr == &running->se);
	running->thread_info.cpu = 1;
	EXPECT_FAILS(SIM_INV_QUEUED_ON_ONE_RQ, "is queued on rq0");
	running->thread_info.cpu = 0;
	cpu_rq(0)->cfs.curr = NULL;
	EXPECT_FAILS(SIM_INV_QUEUED_ON_ONE_RQ, "is on_rq on CPU 0 but not in its runqueue");
}

TEST(inv_nr_running_sums,
     "An nr_running that disagrees with the class counts violates NR_RUNNING_SUMS.")
{
	iv_machine();
	cpu_rq(2)->nr_running++;
	EXPECT_FAILS(SIM_INV_NR_RUNNING_SUMS, "rq2: nr_running 3 but stop+dl+rt+fair = 2");
}

TEST(inv_fair_key_moved_in_timeline,
     "A fair entity whose vruntime moves while it sits in the timeline (zoo k21's yield) violates NR_RUNNING_SUMS: by its cached subtree minimum, and with that made to agree, by the weighted vruntime sum.")
{
	struct task_struct *waiting;

	iv_machine();
	waiting = cpu_rq(0)->curr == iv_F1 ? iv_F2 : iv_F1;
	CHECK(waiting->se.on_rq && &waiting->se != cpu_rq(0)->cfs.curr);
	waiting->se.vruntime += 1000000;
	EXPECT_FAILS(SIM_INV_NR_RUNNING_SUMS, "min_vruntime");
	EXPECT_FAILS(SIM_INV_NR_RUNNING_SUMS, "its subtree's minimum is");
	waiting->se.min_vruntime = waiting->se.vruntime;
	EXPECT_FAILS(SIM_INV_NR_RUNNING_SUMS, "rq0: avg_vruntime");
	EXPECT_FAILS(SIM_INV_NR_RUNNING_SUMS, "but the timeline sums to");
}

TEST(inv_rt_list_bit_clear,
     "An RT task left on its priority list after its bitmap bit was cleared violates NR_RUNNING_SUMS: by the counts, and with the counts made to agree, by the task-side proof that the clear bits' lists (never walked) are empty; a set bit over an empty list too.")
{
	struct rt_prio_array *array;

	iv_machine();
	array = &cpu_rq(1)->rt.active;
	CHECK(cpu_rq(1)->curr == iv_R1 && iv_R2->prio > iv_R1->prio);
	__clear_bit((unsigned long)iv_R2->prio, array->bitmap);
	EXPECT_FAILS(SIM_INV_NR_RUNNING_SUMS, "rq1: rt_nr_running 2 but 1 RT tasks queued");
	cpu_rq(1)->rt.rt_nr_running--;
	cpu_rq(1)->nr_running--;
	EXPECT_FAILS(SIM_INV_NR_RUNNING_SUMS, "R2/");
	EXPECT_FAILS(SIM_INV_NR_RUNNING_SUMS, "is linked on an rt list whose bitmap bit is clear");

	iv_machine();
	__set_bit(3, cpu_rq(1)->rt.active.bitmap);
	EXPECT_FAILS(SIM_INV_NR_RUNNING_SUMS, "rq1: rt bitmap bit 3 is 1 but its list is empty");
}

TEST(inv_queued_in_two_timelines,
     "A queued fair task also linked into another CPU's timeline violates QUEUED_ON_ONE_RQ (the per-check marks see every rq's timeline).")
{
	struct task_struct *waiting;

	iv_machine();
	waiting = cpu_rq(0)->curr == iv_F1 ? iv_F2 : iv_F1;
	/* An empty timeline of CPU3 gets a node that is also in CPU0's. */
	rb_link_node(&waiting->se.run_node, NULL, &cpu_rq(3)->cfs.tasks_timeline.rb_root.rb_node);
	rb_insert_color_cached(&waiting->se.run_node, &cpu_rq(3)->cfs.tasks_timeline, true);
	EXPECT_FAILS(SIM_INV_QUEUED_ON_ONE_RQ, "is queued on rq3");
}

TEST(inv_rt_pushable_eligible,
     "The running RT task left on its rq's pushable list violates RT_PUSHABLE_ELIGIBLE.")
{
	iv_machine();
	plist_node_init(&iv_R1->pushable_tasks, iv_R1->prio);
	plist_add(&iv_R1->pushable_tasks, &cpu_rq(1)->rt.pushable_tasks);
	EXPECT_FAILS(SIM_INV_RT_PUSHABLE_ELIGIBLE, "R1");
}

TEST(inv_dl_pushable_eligible,
     "A DL task of another CPU inserted into this rq's pushable tree violates DL_PUSHABLE_ELIGIBLE.")
{
	struct task_struct *queued;

	iv_machine();
	queued = cpu_rq(2)->curr == iv_D1 ? iv_D2 : iv_D1;
	queued->thread_info.cpu = 0;
	EXPECT_FAILS(SIM_INV_DL_PUSHABLE_ELIGIBLE, "D");
}

TEST(inv_overload_masks,
     "An rto_mask bit without an overloaded rt_rq violates OVERLOAD_MASKS.")
{
	iv_machine();
	cpumask_set_cpu(0, &sim_root_domain.rto_mask);
	EXPECT_FAILS(SIM_INV_OVERLOAD_MASKS, "rto_mask bit of CPU 0 is 1, rt_rq overloaded is 0");
}

TEST(inv_running_on_allowed_cpu,
     "A running, unblocked task on a CPU outside its affinity violates RUNNING_ON_ALLOWED_CPU.")
{
	iv_machine();
	cpumask_clear_cpu(0, &cpu_rq(0)->curr->cpus_mask);
	cpumask_set_cpu(1, &cpu_rq(0)->curr->cpus_mask);
	EXPECT_FAILS(SIM_INV_RUNNING_ON_ALLOWED_CPU, "runs on CPU 0, outside its affinity");
}

TEST(inv_running_not_blocked_on,
     "A TASK_RUNNING task off every CPU with blocked_on still set (bug K9) violates RUNNING_NOT_BLOCKED_ON.")
{
	iv_machine();
	iv_B->__state = TASK_RUNNING;
	EXPECT_FAILS(SIM_INV_RUNNING_NOT_BLOCKED_ON, "B/9 is TASK_RUNNING with blocked_on M");
}

TEST(inv_blocked_on_chain_acyclic,
     "An owner blocked on the lock it holds closes a cycle, violating BLOCKED_ON_CHAIN_ACYCLIC.")
{
	iv_machine();
	iv_A->blocked_on = sim_mutex_by_id(0);
	EXPECT_FAILS(SIM_INV_BLOCKED_ON_CHAIN_ACYCLIC, "loops");
}

TEST(inv_mutex_consistent,
     "A task blocked on a mutex but missing from its wait list violates MUTEX_CONSISTENT.")
{
	iv_machine();
	list_del_init(sim_mutex_by_id(0)->wait_list.next);
	EXPECT_FAILS(SIM_INV_MUTEX_CONSISTENT, "B/9 is blocked on M but not among its waiters");
}

static void dummy_cb(struct rq *rq)
{
	(void)rq;
}

TEST(inv_balance_callbacks_empty,
     "A balance callback left queued after the rq lock was released (bug K1) violates BALANCE_CALLBACKS_EMPTY.")
{
	static struct balance_callback cb;

	iv_machine();
	cb.func = dummy_cb;
	cb.next = NULL;
	cpu_rq(1)->balance_callback = &cb;
	EXPECT_FAILS(SIM_INV_BALANCE_CALLBACKS_EMPTY, "rq1: a balance callback is queued");
	cpu_rq(1)->balance_callback = NULL;
}

TEST(inv_exited_task_unreferenced,
     "A runqueue whose wakelist still holds an exited task violates EXITED_TASK_UNREFERENCED.")
{
	static struct task_struct ghost;

	iv_machine();
	memset(&ghost, 0, sizeof(ghost));
	list_add(&ghost.wake_entry, &cpu_rq(2)->wake_list);
	sim_poison(&ghost, sizeof(ghost.comm));
	EXPECT_FAILS(SIM_INV_EXITED_TASK_UNREFERENCED, "rq2: an exited task is on the wakelist");
}

TEST(inv_migration_disabled_pinned,
     "A migration-disabled task running on a CPU other than the one it disabled migration on violates MIGRATION_DISABLED_PINNED; on that CPU it holds.")
{
	struct task_struct *curr;

	iv_machine();
	curr = cpu_rq(1)->curr;
	curr->migration_disabled = 1;
	curr->sim_md_cpu = 1;
	EXPECT_HOLDS(SIM_INV_MIGRATION_DISABLED_PINNED);
	curr->sim_md_cpu = 0;
	EXPECT_FAILS(SIM_INV_MIGRATION_DISABLED_PINNED, "on CPU 1 with migration disabled on CPU 0");
	curr->migration_disabled = 0;
}

static void corrupt_event(void *arg)
{
	(void)arg;
	cpu_rq(0)->nr_running += 5;
}

TEST(inv_fires_in_a_run,
     "Corruption during a run is caught at the next quiescent point and reported with the invariant's id, reason and the runqueues.")
{
	const struct sim_outcome *o;

	kboot(2, NULL, 0);
	kfair("T", 0, 0x1, 0, 0);
	sim_queue_work(1, corrupt_event, NULL, "corrupt");
	o = sim_run();
	CHECK(o->kind == SIM_F_INVARIANT);
	CHECK_STR_EQ(o->id, "INV:NR_RUNNING_SUMS");
	CHECK_STR_CONTAINS(o->report, "rq->nr_running equals the tasks queued");
	CHECK_STR_CONTAINS(o->report, "Runqueues (variant " SIM_VARIANT "):");
}
