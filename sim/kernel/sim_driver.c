// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim_driver.c - what the simulator adds around the ported scheduler:
 * task and mutex slots, booting the machine, the operations a program
 * injects, "current", hrtimers on simulator events, signals, sleeping,
 * exit, and the kernel layer (reports and end-of-run liveness).
 *
 * Nothing here is kernel code; everything is named sim_ or stands in for
 * a kernel facility outside the scheduler (marked SIM).
 */
#define SIM_KFILE "sim/kernel/sim_driver.c"

#include <stdio.h>
#include <string.h>

#include "sched.h"
#include "sim_kernel.h"

struct task_struct sim_tasks[SIM_MAX_THREADS];
static int sim_nr_tasks;		/* slots used */
static int sim_next_pid;

static struct mutex sim_mutexes[SIM_NR_MUTEXES];
static int sim_nr_mutexes;

static struct sim_op sim_ops[SIM_MAX_OPS];
static int sim_nr_ops;

static struct sim_lock_class pi_lock_class = { "&p->pi_lock", 0, 0, 0 };
static struct sim_lock_class blocked_lock_class = { "&p->blocked_lock", 0, 0, 0 };

static void sim_kernel_reset(void);
static void sim_kernel_describe_cpu(int cpu, int *pid, const char **comm);
static void sim_kernel_report(char *buf, size_t len);
static void sim_kernel_quiesce(void);
void sim_kernel_invariants_register(void);

static const struct sim_layer sim_kernel_layer = {
	.name = "kernel",
	.reset = sim_kernel_reset,
	.describe_cpu = sim_kernel_describe_cpu,
	.report = sim_kernel_report,
	.quiesce = sim_kernel_quiesce,
};

/* ---------------------------------------------------------------------- */
/* current */

struct task_struct *sim_current(void)
{
	int tid = sim_thread_current();

	if (tid < 0)
		sim_finding(SIM_F_BUG, -1, "SIM:current-outside-cpu",
			    "current read outside any simulated CPU");
	return &sim_tasks[tid];
}

/* ---------------------------------------------------------------------- */
/* hrtimers (SIM: simulator events; see linux/hrtimer.h) */

static void sim_hrtimer_fire(void *arg)
{
	struct hrtimer *timer = arg;

	timer->ev = 0;
	timer->function(timer);
	sim_exit_to_user();
}

void hrtimer_setup_sim(struct hrtimer *timer,
		       enum hrtimer_restart (*function)(struct hrtimer *),
		       const char *name)
{
	timer->ev = 0;
	timer->expires = 0;
	timer->function = function;
	timer->name = name;
}

/* expires is in sched_clock_cpu() time: SIM_CLOCK_BASE ahead of events. */
void hrtimer_start_sim(struct hrtimer *timer, u64 expires, int cpu)
{
	u64 when = expires > SIM_CLOCK_BASE ? expires - SIM_CLOCK_BASE : 0;

	if (timer->ev)
		sim_cancel_event(timer->ev);
	timer->expires = expires;
	timer->ev = sim_queue_event(cpu, when, SIM_EV_TIMER, sim_hrtimer_fire,
				    timer, timer->name);
}

int hrtimer_try_to_cancel(struct hrtimer *timer)
{
	int ret = timer->ev && sim_cancel_event(timer->ev);

	timer->ev = 0;
	return ret;
}

bool hrtimer_active(const struct hrtimer *timer)
{
	return timer->ev && sim_event_pending(timer->ev);
}

/* ---------------------------------------------------------------------- */
/* Sleeping with a timeout (kernel/time/timer.c) */

static enum hrtimer_restart process_timeout(struct hrtimer *timer)
{
	struct task_struct *p = container_of(timer, struct task_struct,
					     sim_sleep_timer);

	wake_up_process(p);
	return HRTIMER_NORESTART;
}

long schedule_timeout(long timeout)
{
	struct hrtimer *timer = &current->sim_sleep_timer;

	SIM_FRAME();
	hrtimer_setup_sim(timer, process_timeout, "process_timeout");
	hrtimer_start_sim(timer, sched_clock_cpu(smp_processor_id()) + (u64)timeout,
			  smp_processor_id());
	schedule();
	hrtimer_try_to_cancel(timer);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Tasks */

static void sim_task_init(struct task_struct *p, int slot, int pid,
			  const char *name)
{
	memset(p, 0, sizeof(*p));
	p->usage = 1;
	/* Until sched_fork(): a new task, of a nice-0 parent. */
	p->__state = TASK_NEW;
	p->static_prio = p->normal_prio = p->prio = DEFAULT_PRIO;
	p->pid = pid;
	snprintf(p->comm, sizeof(p->comm), "%s", name);
	p->sim_thread = slot;
	p->cpus_ptr = &p->cpus_mask;
	raw_spin_lock_init_class(&p->pi_lock, "p->pi_lock", &pi_lock_class, 0);
	raw_spin_lock_init_class(&p->blocked_lock, "p->blocked_lock",
				 &blocked_lock_class, 0);
	INIT_LIST_HEAD(&p->wake_entry);
	INIT_LIST_HEAD(&p->se.group_node);
	hrtimer_setup_sim(&p->sim_sleep_timer, process_timeout, "process_timeout");
}

/* The first code of every task but idle: ret_from_fork. */
static void sim_ret_from_fork(void *arg)
{
	struct task_struct *p = arg;

	schedule_tail(this_rq()->sim_switch_last);
	if (p->sim_kthread_fn)
		p->sim_kthread_fn(p);	/* a kernel thread: never returns */
	sim_exit_to_user();
}

/* put_task_struct() of the last reference: the slot is poisoned. */
void sim_task_release(struct task_struct *p)
{
	/* Timers holding a reference fired before the last put; the
	 * sleep timer holds none and is stopped by schedule_timeout(). */
	WARN_ON_ONCE(hrtimer_active(&p->dl.dl_timer));
	WARN_ON_ONCE(hrtimer_active(&p->sim_sleep_timer));
	sim_trace_user("sched_process_free", (u64)p->pid, 0);
	sim_lock_destroy(&p->pi_lock);
	sim_lock_destroy(&p->blocked_lock);
	sim_poison(p, sizeof(*p));
}

static struct task_struct *sim_task_alloc(const char *name, int *slotp)
{
	int slot;

	if (sim_nr_tasks >= SIM_NR_TASK_SLOTS)
		return NULL;
	slot = sim_nr_tasks++;
	sim_task_init(&sim_tasks[slot], slot, ++sim_next_pid, name);
	*slotp = slot;
	return &sim_tasks[slot];
}

static void sim_attr_to_sched_attr(const struct sim_task_attr *a,
				   struct sched_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->sched_policy = (u32)a->policy;
	attr->sched_nice = a->nice;
	attr->sched_priority = (u32)a->rt_priority;
	attr->sched_runtime = a->dl_runtime;
	attr->sched_deadline = a->dl_deadline;
	attr->sched_period = a->dl_period;
}

static void sim_mask_from_bits(cpumask_t *mask, uint64_t bits)
{
	unsigned int cpu;

	cpumask_clear(mask);
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (!bits || (bits & (1ULL << cpu)))
			cpumask_set_cpu(cpu, mask);
}

/*
 * kernel_clone() of a new task on this CPU (sched parts only).  SIM: the
 * child starts from a cleared task, so with migration enabled and
 * cpus_ptr unpinned even when the parent has migration disabled (the
 * kernel copies the parent, but no kernel region spans a fork).
 */
static void sim_fork(struct task_struct *p, const struct sim_task_attr *a)
{
	struct sched_attr attr;

	SIM_FRAME();
	sim_attr_to_sched_attr(a, &attr);
	sim_mask_from_bits(&p->cpus_mask, a->cpus_allowed);
	if (cpumask_empty(&p->cpus_mask))
		sim_mask_from_bits(&p->cpus_mask, 0);
	p->nr_cpus_allowed = (int)cpumask_weight(&p->cpus_mask);
	sched_fork(0, p, &attr);
	sim_trace_user("sched_process_fork", (u64)current->pid, (u64)p->pid);
	wake_up_new_task(p);
}

struct sim_fork_arg {
	struct task_struct *p;
	struct sim_task_attr attr;
};

static struct sim_fork_arg sim_fork_args[SIM_NR_TASK_SLOTS];

static void sim_fork_event(void *arg)
{
	struct sim_fork_arg *fa = arg;

	sim_fork(fa->p, &fa->attr);
	sim_exit_to_user();
}

static int sim_attr_cpu(const struct sim_task_attr *attr)
{
	int cpu = attr->cpu;

	if (cpu < 0 || (unsigned int)cpu >= nr_cpu_ids)
		cpu = 0;
	return cpu;
}

struct task_struct *sim_task_create(const struct sim_task_attr *attr)
{
	struct task_struct *p;
	struct sim_fork_arg *fa;
	int slot;

	p = sim_task_alloc(attr->name ? attr->name : "task", &slot);
	if (!p)
		return NULL;
	sim_thread_init(slot, sim_ret_from_fork, p, p->comm);
	fa = &sim_fork_args[slot];
	fa->p = p;
	fa->attr = *attr;
	/* SIM: the fork happens on its CPU at fork_at, as that CPU's event. */
	sim_queue_event(sim_attr_cpu(attr), attr->fork_at, SIM_EV_WORK,
			sim_fork_event, fa, "fork");
	return p;
}

struct task_struct *sim_task_by_pid(int pid)
{
	int i;

	for (i = 0; i < sim_nr_tasks; i++)
		if (!sim_is_poisoned(&sim_tasks[i]) && sim_tasks[i].pid == pid &&
		    !(sim_tasks[i].flags & PF_IDLE) &&
		    sim_tasks[i].__state != TASK_NEW)
			return &sim_tasks[i];
	return NULL;
}

/* ---------------------------------------------------------------------- */
/* Mutexes */

struct mutex *sim_mutex_create(const char *name)
{
	struct mutex *m;

	if (sim_nr_mutexes >= SIM_NR_MUTEXES)
		return NULL;
	m = &sim_mutexes[sim_nr_mutexes];
	mutex_init_sim(m, name, sim_nr_mutexes);
	sim_nr_mutexes++;
	return m;
}

struct mutex *sim_mutex_by_id(int id)
{
	return id >= 0 && id < sim_nr_mutexes ? &sim_mutexes[id] : NULL;
}

int sim_mutex_id(const struct mutex *lock)
{
	return lock->sim_id;
}

int sim_nr_mutexes_used(void);
int sim_nr_mutexes_used(void)
{
	return sim_nr_mutexes;
}

int sim_nr_tasks_used(void);
int sim_nr_tasks_used(void)
{
	return sim_nr_tasks;
}

/* ---------------------------------------------------------------------- */
/* Signals (kernel/signal.c, the scheduler-facing part) */

static void sim_resched_ipi_kick(void *arg)
{
	(void)arg;
	sim_exit_to_user();
}

static void sim_send_signal(struct task_struct *p, int sig)
{
	SIM_FRAME();
	/* SIM: no siglock, no queue: a pending-signal set on the task. */
	p->sim_sigpending |= 1UL << sig;
	p->thread_info.flags |= 1UL << TIF_SIGPENDING;
	sim_trace_user("signal_generate", (u64)p->pid, (u64)sig);

	/* signal_wake_up_state() */
	if (!wake_up_state(p, (sig == SIGKILL ? TASK_WAKEKILL : 0) |
			      TASK_INTERRUPTIBLE)) {
		/* kick_process(): make a running task notice. */
		if (READ_ONCE(p->on_cpu) && (int)task_cpu(p) != smp_processor_id())
			sim_queue_event((int)task_cpu(p), sim_now(), SIM_EV_IPI,
					sim_resched_ipi_kick, NULL, "IPI:kick");
	}
}

static void sim_do_exit(void)
{
	struct task_struct *curr = current;
	int i;

	SIM_FRAME();
	curr->flags |= PF_EXITING;
	/* SIM: kernel code never returns to user mode holding a mutex, but
	 * the simulator's tasks hold them across operations: exit lets go
	 * of them first, as the unwinding kernel code would have. */
	for (i = 0; i < sim_nr_mutexes; i++)
		if (__mutex_owner(&sim_mutexes[i]) == curr)
			mutex_unlock(&sim_mutexes[i]);
	/* SIM: likewise for a migrate-disabled region (the program model's
	 * regions span operations): it ends before the task dies. */
	while (curr->migration_disabled)
		migrate_enable();
	sim_trace_user("sched_process_exit", (u64)curr->pid, 0);
	do_task_dead();
}

/* Signal delivery on the way to user mode. */
static void sim_handle_signals(struct task_struct *curr)
{
	SIM_FRAME();
	if (__fatal_signal_pending(curr))
		sim_do_exit();
	/* SIM: other signals run an empty handler. */
	curr->sim_sigpending = 0;
	curr->thread_info.flags &= ~(1UL << TIF_SIGPENDING);
}

/* Return from interrupt or system call: signals, then preemption. */
void sim_exit_to_user(void)
{
	struct task_struct *curr = current;

	SIM_FRAME();
	for (;;) {
		if (is_idle_task(curr)) {
			if (test_tsk_need_resched(curr))
				schedule_idle();
			return;
		}
		if (signal_pending(curr)) {
			sim_handle_signals(curr);
			continue;
		}
		if (test_tsk_need_resched(curr)) {
			preempt_schedule_irq();
			continue;
		}
		return;
	}
}

/* ---------------------------------------------------------------------- */
/* Operations */

static struct task_struct *sim_op_target(const struct sim_op *op)
{
	if (!op->pid)
		return current;
	return sim_task_by_pid(op->pid);
}

/* Does p hold a mutex with id >= id? */
static bool sim_holds_mutex_from(struct task_struct *p, int id)
{
	int i;

	for (i = id; i < sim_nr_mutexes; i++)
		if (__mutex_owner(&sim_mutexes[i]) == p)
			return true;
	return false;
}

static void sim_op_task(const struct sim_op *op, struct task_struct *curr)
{
	struct mutex *m = sim_mutex_by_id(op->mutex);
	struct task_struct *p;

	switch (op->kind) {
	case SIM_OP_MUTEX_LOCK:
	case SIM_OP_MUTEX_LOCK_KILLABLE:
	case SIM_OP_MUTEX_LOCK_INTERRUPTIBLE:
		/* SIM: tasks take mutexes in id order and never one they
		 * hold: a program cannot build a mutex deadlock, which would
		 * be its own bug, not the scheduler's. */
		if (!m || sim_holds_mutex_from(curr, op->mutex))
			break;
		if (op->kind == SIM_OP_MUTEX_LOCK)
			mutex_lock(m);
		else if (op->kind == SIM_OP_MUTEX_LOCK_KILLABLE)
			mutex_lock_killable(m);
		else
			mutex_lock_interruptible(m);
		break;
	case SIM_OP_MUTEX_UNLOCK:
		if (m && __mutex_owner(m) == curr)
			mutex_unlock(m);
		break;
	case SIM_OP_SLEEP:
		set_current_state(TASK_INTERRUPTIBLE);
		if (op->timeout)
			schedule_timeout((long)op->timeout);
		else
			schedule();
		break;
	case SIM_OP_YIELD:
		do_sched_yield();
		break;
	case SIM_OP_EXIT:
		sim_do_exit();
		break;
	case SIM_OP_FORK: {
		int slot;
		struct task_struct *child =
			sim_task_alloc(op->attr.name ? op->attr.name : "child", &slot);

		if (!child)
			break;
		sim_thread_init(slot, sim_ret_from_fork, child, child->comm);
		sim_fork(child, &op->attr);
		break;
	}
	case SIM_OP_SETSCHEDULER: {
		struct sched_attr attr;

		p = sim_op_target(op);
		if (!p)
			break;
		sim_attr_to_sched_attr(&op->attr, &attr);
		get_task_struct(p);
		__sched_setscheduler(p, &attr);
		put_task_struct(p);
		break;
	}
	case SIM_OP_SETAFFINITY: {
		struct affinity_context ctx;
		cpumask_t mask;

		p = sim_op_target(op);
		if (!p)
			break;
		sim_mask_from_bits(&mask, op->mask);
		ctx.new_mask = &mask;
		ctx.flags = 0;
		/* SIM: a migration-disabled task moving itself off its CPU
		 * is the caller's bug, which the kernel WARNs about (-EBUSY
		 * in __set_cpus_allowed_ptr()); the program model's regions
		 * span syscalls, so the simulator leaves such calls out. */
		if (p == curr && is_migration_disabled(curr) &&
		    !cpumask_test_cpu((int)task_cpu(curr), &mask))
			break;
		get_task_struct(p);
		__set_cpus_allowed_ptr(p, &ctx);
		put_task_struct(p);
		break;
	}
	case SIM_OP_MIGRATE_DISABLE:
		migrate_disable();
		break;
	case SIM_OP_MIGRATE_ENABLE:
		/* SIM: an unbalanced migrate_enable() is the caller's bug
		 * (a DEBUG_PREEMPT WARN), not the scheduler's: left out. */
		if (curr->migration_disabled)
			migrate_enable();
		break;
	default:
		break;
	}
}

static void sim_op_event(void *arg)
{
	const struct sim_op *op = arg;
	struct task_struct *curr = current;
	struct task_struct *p;

	SIM_FRAME();
	sim_trace_user(sim_op_name(op->kind), (u64)curr->pid, (u64)op->pid);
	if (sim_op_is_task(op->kind)) {
		/* SIM: the syscall holds a reference on its target task. */
		if (!is_idle_task(curr))
			sim_op_task(op, curr);
		sim_exit_to_user();
		return;
	}
	switch (op->kind) {
	case SIM_OP_TICK:
		sched_tick();
		break;
	case SIM_OP_SCHEDULE:
		if (is_idle_task(curr))
			set_tsk_need_resched(curr);
		else
			schedule();
		break;
	case SIM_OP_WAKE:
		p = sim_task_by_pid(op->pid);
		if (p) {
			/* find_task_by_vpid() + get_task_struct(). */
			get_task_struct(p);
			wake_up_process(p);
			put_task_struct(p);
		}
		break;
	case SIM_OP_SIGNAL:
		p = sim_task_by_pid(op->pid);
		if (p && !(p->flags & PF_KTHREAD)) {
			get_task_struct(p);
			sim_send_signal(p, op->sig == SIGKILL ? SIGKILL : SIGUSR1);
			put_task_struct(p);
		}
		break;
	default:
		break;
	}
	sim_exit_to_user();
}

void sim_op_queue(int cpu, uint64_t when, const struct sim_op *op)
{
	struct sim_op *slot;

	if (sim_nr_ops >= SIM_MAX_OPS || (unsigned int)op->kind >= SIM_NR_OPS)
		return;
	if (cpu < 0 || (unsigned int)cpu >= sim_nr_cpus())
		cpu = 0;
	slot = &sim_ops[sim_nr_ops++];
	*slot = *op;
	sim_queue_event(cpu, when, SIM_EV_WORK, sim_op_event, slot,
			sim_op_name(op->kind));
}

/* ---------------------------------------------------------------------- */
/* Boot */

static void sim_kernel_reset(void)
{
	/* sim_reset() unpoisoned every released task first. */
	memset(sim_tasks, 0, sizeof(sim_tasks));
	memset(sim_mutexes, 0, sizeof(sim_mutexes));
	memset(sim_runqueues, 0, sizeof(sim_runqueues));
	sim_nr_tasks = 0;
	sim_next_pid = 0;
	sim_nr_mutexes = 0;
	sim_nr_ops = 0;
}

void sim_kernel_boot(void)
{
	unsigned int n = sim_nr_cpus(), cpu;
	static bool registered;

	if (!registered) {
		registered = true;
		sim_layer_register(&sim_kernel_layer);
		sim_kernel_invariants_register();
		/* The layer missed this run's reset. */
		sim_kernel_reset();
	}

	memset(&sim_root_domain, 0, sizeof(sim_root_domain));
	for (cpu = 0; cpu < n; cpu++) {
		cpumask_set_cpu(cpu, &sim_root_domain.span);
		cpumask_set_cpu(cpu, &sim_root_domain.online);
	}

	for (cpu = 0; cpu < n; cpu++)
		sched_init_rq((int)cpu);

	/* Idle tasks: slots and threads 0..n-1, pid 0, like swapper/N. */
	for (cpu = 0; cpu < n; cpu++) {
		struct task_struct *idle = &sim_tasks[cpu];
		char name[24];

		snprintf(name, sizeof(name), "swapper/%u", cpu);
		sim_task_init(idle, (int)cpu, 0, name);
		init_idle(idle, (int)cpu);
	}
	sim_nr_tasks = (int)n;

	/* Stopper threads: slots n..2n-1, sleeping until given work. */
	for (cpu = 0; cpu < n; cpu++) {
		int slot = (int)(n + cpu);
		struct task_struct *stop = &sim_tasks[slot];
		char name[24];

		snprintf(name, sizeof(name), "migration/%u", cpu);
		sim_task_init(stop, slot, 900 + (int)cpu, name);
		sim_stop_machine_init(cpu, stop);
		sim_thread_init(slot, sim_ret_from_fork, stop, stop->comm);
	}
	sim_nr_tasks = (int)(2 * n);
	sim_next_pid = 0;
}

/* ---------------------------------------------------------------------- */
/* The kernel layer: reports and liveness */

static void sim_kernel_describe_cpu(int cpu, int *pid, const char **comm)
{
	int slot = sim_cpu_thread(cpu);
	struct task_struct *curr = &sim_tasks[slot];

	if (slot >= sim_nr_tasks || sim_is_poisoned(curr))
		return;
	*pid = curr->pid;
	*comm = curr->comm;
}

static const char *sim_task_name(struct task_struct *p, char *buf, size_t n)
{
	if (!p)
		return "-";
	if (sim_is_poisoned(p))
		return "<freed>";
	snprintf(buf, n, "%s/%d", p->comm, p->pid);
	return buf;
}

static const char *sim_class_name(const struct sched_class *class)
{
	if (class == &stop_sched_class)
		return "stop";
	if (class == &dl_sched_class)
		return "dl";
	if (class == &rt_sched_class)
		return "rt";
	if (class == &fair_sched_class)
		return "fair";
	if (class == &idle_sched_class)
		return "idle";
	return "?";
}

static void sim_kernel_report(char *buf, size_t len)
{
	size_t n = 0;
	unsigned int cpu;
	int i;
	char a[40], b[40];

#define OUT(...) do {							\
	if (n < len)							\
		n += (size_t)snprintf(buf + n, len - n, __VA_ARGS__);	\
} while (0)

	OUT("Runqueues (variant %s):\n", SIM_VARIANT);
	for (cpu = 0; cpu < sim_nr_cpus(); cpu++) {
		struct rq *rq = cpu_rq(cpu);

		OUT(" rq%u: curr=%s donor=%s nr_running=%u (dl %u rt %u fair %u)%s%s\n",
		    cpu, sim_task_name(rq->curr, a, sizeof(a)),
		    sim_task_name(rq->donor, b, sizeof(b)), rq->nr_running,
		    rq->dl.dl_nr_running, rq->rt.rt_nr_running, rq->cfs.h_nr_queued,
		    rq->dl.overloaded ? " dl-overloaded" : "",
		    rq->rt.overloaded ? " rt-overloaded" : "");
	}
	OUT("Tasks:\n");
	for (i = (int)(2 * sim_nr_cpus()); i < sim_nr_tasks; i++) {
		struct task_struct *p = &sim_tasks[i];

		if (sim_is_poisoned(p)) {
			OUT(" [slot %d] exited\n", i);
			continue;
		}
		OUT(" %s: %s state=0x%x on_rq=%d on_cpu=%d cpu=%u wake_cpu=%d%s%s%s",
		    sim_task_name(p, a, sizeof(a)), sim_class_name(p->sched_class),
		    p->__state, p->on_rq, p->on_cpu, task_cpu(p), p->wake_cpu,
		    p->blocked_on == PROXY_WAKING ? " blocked_on=PROXY_WAKING" :
		    p->blocked_on ? " blocked_on=" : "",
		    p->blocked_on && p->blocked_on != PROXY_WAKING ?
		    p->blocked_on->name : "",
		    p->dl.dl_throttled ? " dl_throttled" : "");
		if (p->migration_disabled)
			OUT(" migration_disabled=%u (cpu %d)%s", p->migration_disabled,
			    p->sim_md_cpu, p->cpus_ptr != &p->cpus_mask ? " pinned" : "");
		OUT("\n");
	}
	for (i = 0; i < sim_nr_mutexes; i++) {
		struct mutex *m = &sim_mutexes[i];

		OUT(" mutex %s: owner=%s\n", m->name,
		    sim_task_name(__mutex_owner(m), a, sizeof(a)));
	}
#undef OUT
}

/*
 * At quiescence every woken task must be runnable on an allowed CPU, and
 * an idle CPU must not sit on a runnable task.
 */
static void sim_kernel_quiesce(void)
{
	unsigned int cpu;
	int i;

	for (i = (int)(2 * sim_nr_cpus()); i < sim_nr_tasks; i++) {
		struct task_struct *p = &sim_tasks[i];

		if (sim_is_poisoned(p) || p->__state != TASK_RUNNING)
			continue;
		if (!task_on_rq_queued(p))
			sim_finding(SIM_F_LIVENESS, -1, "LIVENESS:woken-not-runnable",
				    "%s/%d is TASK_RUNNING but on no runqueue after quiescence",
				    p->comm, p->pid);
		if (!task_is_blocked(p) && !cpumask_test_cpu((int)task_cpu(p), p->cpus_ptr))
			sim_finding(SIM_F_LIVENESS, -1, "LIVENESS:woken-on-disallowed-cpu",
				    "%s/%d is runnable on CPU %u, outside its affinity",
				    p->comm, p->pid, task_cpu(p));
	}
	for (cpu = 0; cpu < sim_nr_cpus(); cpu++) {
		struct rq *rq = cpu_rq(cpu);
		struct task_struct *p;
		int runnable = 0;

		if (rq->curr != rq->idle)
			continue;
		for (i = (int)(2 * sim_nr_cpus()); i < sim_nr_tasks; i++) {
			p = &sim_tasks[i];
			if (!sim_is_poisoned(p) && task_cpu(p) == cpu &&
			    task_on_rq_queued(p) && p->__state == TASK_RUNNING &&
			    !task_is_blocked(p) && !p->dl.dl_throttled)
				runnable++;
		}
		if (runnable)
			sim_finding(SIM_F_LIVENESS, (int)cpu, "LIVENESS:idle-with-runnable",
				    "CPU %u stays idle with %d runnable tasks queued",
				    cpu, runnable);
	}
}
