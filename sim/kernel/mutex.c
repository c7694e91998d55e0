// SPDX-License-Identifier: GPL-2.0-only
/*
 * mutex.c - port of the proxy-execution parts of kernel/locking/mutex.c:
 * the lock slowpath that records blocked_on under blocked_lock and stays
 * queued as a donor, and the unlock slowpath that hands the lock to the
 * task proxying through the owner (blocked_donor) or to the first waiter.
 *
 * Version: the v27 series (PROXY_WAKING, blocked_lock, blocked_donor
 * handoff).  SIM: no optimistic spinning (CONFIG_MUTEX_SPIN_ON_OWNER
 * off; the first-waiter branch keeps its blocked_on dance), no ww_mutex,
 * no lockdep map; the owner word is a plain variable (single-threaded).
 */
#define SIM_KFILE "kernel/locking/mutex.c"

#include "sched.h"

static struct sim_lock_class wait_lock_class = { "&lock->wait_lock", 0, 0, 0 };

void mutex_init_sim(struct mutex *lock, const char *name, int id)
{
	lock->owner = 0;
	raw_spin_lock_init_class(&lock->wait_lock, "lock->wait_lock",
				 &wait_lock_class, id);
	INIT_LIST_HEAD(&lock->wait_list);
	lock->name = name;
	lock->sim_id = id;
}

static inline unsigned long __owner_flags(unsigned long owner)
{
	return owner & MUTEX_FLAGS;
}

static inline struct task_struct *__owner_task(unsigned long owner)
{
	return (struct task_struct *)(owner & ~(unsigned long)MUTEX_FLAGS);
}

/* ---------------------------------------------------------------------- */
/* blocked_on (include/linux/sched.h in the v27 series) */

/* PROXY_WAKING reads as "not blocked". */
static inline struct mutex *__get_task_blocked_on(struct task_struct *p)
{
	struct mutex *m = READ_ONCE(p->blocked_on);

	return m == PROXY_WAKING ? NULL : m;
}

static inline void __set_task_blocked_on(struct task_struct *p, struct mutex *m)
{
	struct mutex *blocked_on = __get_task_blocked_on(p);

	WARN_ON_ONCE(!m);
	/* Only a task marks itself blocked. */
	WARN_ON_ONCE(p != current);
	lockdep_assert_held(&p->blocked_lock);
	/* Never overwrite a different lock (the same one is fine). */
	WARN_ON_ONCE(blocked_on && blocked_on != m);
	WRITE_ONCE(p->blocked_on, m);
}

static inline void __clear_task_blocked_on(struct task_struct *p, struct mutex *m)
{
	struct mutex *blocked_on = __get_task_blocked_on(p);

	lockdep_assert_held(&p->blocked_lock);
	/* A clear that names a lock must match it. */
	WARN_ON_ONCE(m && blocked_on && blocked_on != m);
	WRITE_ONCE(p->blocked_on, NULL);
}

/* Woken by the unlock: to be checked for return migration (v23..v29). */
static inline void __set_task_blocked_on_waking(struct task_struct *p,
						struct mutex *m)
{
	struct mutex *blocked_on = __get_task_blocked_on(p);

	lockdep_assert_held(&p->blocked_lock);
	if (!blocked_on)
		return;
	WARN_ON_ONCE(m && blocked_on != m);
	WRITE_ONCE(p->blocked_on, PROXY_WAKING);
}

/* ---------------------------------------------------------------------- */
/* wake_q (SIM: at most a few tasks, in a small array; each holds a task
 * reference from wake_q_add() to wake_up_q(), as the kernel's does) */

struct wake_q_head {
	struct task_struct	*tasks[4];
	int			nr;
};

#define DEFINE_WAKE_Q(name)	struct wake_q_head name = { { NULL }, 0 }

static void wake_q_add(struct wake_q_head *head, struct task_struct *task)
{
	int i;

	for (i = 0; i < head->nr; i++)
		if (head->tasks[i] == task)
			return;
	BUG_ON(head->nr == 4);
	get_task_struct(task);
	head->tasks[head->nr++] = task;
}

static void wake_up_q(struct wake_q_head *head)
{
	int i;

	for (i = 0; i < head->nr; i++) {
		wake_up_process(head->tasks[i]);
		put_task_struct(head->tasks[i]);
	}
	head->nr = 0;
}

static inline void raw_spin_unlock_irqrestore_wake(raw_spinlock_t *lock,
						   struct wake_q_head *wake_q)
{
	raw_spin_unlock(lock);
	wake_up_q(wake_q);
}

/* ---------------------------------------------------------------------- */
/* The owner word */

/* Take the lock if free, or pick up a handoff addressed to current; with
 * 'handoff', ask the owner to hand off.  Returns the owner that stopped
 * us, or NULL if we got the lock. */
static struct task_struct *__mutex_trylock_common(struct mutex *lock, bool handoff)
{
	unsigned long owner, curr = (unsigned long)current;

	owner = READ_ONCE(lock->owner);
	{
		unsigned long flags = __owner_flags(owner);
		unsigned long task = owner & ~(unsigned long)MUTEX_FLAGS;

		if (task) {
			if (flags & MUTEX_FLAG_PICKUP) {
				if (task != curr)
					return __owner_task(owner);
				flags &= ~(unsigned long)MUTEX_FLAG_PICKUP;
			} else if (handoff) {
				if (flags & MUTEX_FLAG_HANDOFF)
					return __owner_task(owner);
				flags |= MUTEX_FLAG_HANDOFF;
			} else {
				return __owner_task(owner);
			}
		} else {
			WARN_ON_ONCE(flags & (MUTEX_FLAG_HANDOFF | MUTEX_FLAG_PICKUP));
			task = curr;
		}

		/* SIM: the cmpxchg cannot fail: nothing runs in between. */
		WRITE_ONCE(lock->owner, task | flags);
		if (task == curr)
			return NULL;
	}
	return __owner_task(owner);
}

static inline bool __mutex_trylock_or_handoff(struct mutex *lock, bool handoff)
{
	return !__mutex_trylock_common(lock, handoff);
}

static inline bool __mutex_trylock(struct mutex *lock)
{
	return !__mutex_trylock_common(lock, false);
}

static inline bool __mutex_trylock_fast(struct mutex *lock)
{
	if (READ_ONCE(lock->owner) == 0) {
		WRITE_ONCE(lock->owner, (unsigned long)current);
		return true;
	}
	return false;
}

static inline bool __mutex_unlock_fast(struct mutex *lock)
{
	if (READ_ONCE(lock->owner) == (unsigned long)current) {
		WRITE_ONCE(lock->owner, 0);
		return true;
	}
	return false;
}

static inline void __mutex_set_flag(struct mutex *lock, unsigned long flag)
{
	lock->owner |= flag;
}

static inline void __mutex_clear_flag(struct mutex *lock, unsigned long flag)
{
	lock->owner &= ~flag;
}

static inline bool __mutex_waiter_is_first(struct mutex *lock,
					   struct mutex_waiter *waiter)
{
	return list_first_entry(&lock->wait_list, struct mutex_waiter, list) == waiter;
}

static void __mutex_add_waiter(struct mutex *lock, struct mutex_waiter *waiter,
			       struct list_head *list)
{
	list_add_tail(&waiter->list, list);
	if (__mutex_waiter_is_first(lock, waiter))
		__mutex_set_flag(lock, MUTEX_FLAG_WAITERS);
}

static void __mutex_remove_waiter(struct mutex *lock, struct mutex_waiter *waiter)
{
	list_del(&waiter->list);
	if (likely(list_empty(&lock->wait_list)))
		__mutex_clear_flag(lock, MUTEX_FLAGS);
}

/* Give the lock to task (or release it, if NULL) keeping WAITERS. */
static void __mutex_handoff(struct mutex *lock, struct task_struct *task)
{
	unsigned long owner = READ_ONCE(lock->owner);
	unsigned long new;

	WARN_ON_ONCE(__owner_task(owner) != current);
	WARN_ON_ONCE(owner & MUTEX_FLAG_PICKUP);

	new = (owner & MUTEX_FLAG_WAITERS);
	new |= (unsigned long)task;
	if (task)
		new |= MUTEX_FLAG_PICKUP;

	WRITE_ONCE(lock->owner, new);
}

/* SIM: CONFIG_MUTEX_SPIN_ON_OWNER is off. */
static inline bool mutex_optimistic_spin(struct mutex *lock,
					 struct mutex_waiter *waiter)
{
	(void)lock;
	(void)waiter;
	return false;
}

/* ---------------------------------------------------------------------- */
/* Lock */

static int __mutex_lock_common(struct mutex *lock, unsigned int state)
{
	DEFINE_WAKE_Q(wake_q);
	struct mutex_waiter waiter;
	int ret;

	SIM_FRAME();
	if (__mutex_trylock(lock) || mutex_optimistic_spin(lock, NULL))
		return 0;	/* got the lock */

	raw_spin_lock(&lock->wait_lock);
	/* After waiting for wait_lock, try again. */
	if (__mutex_trylock(lock))
		goto skip_wait;

	waiter.task = current;
	__mutex_add_waiter(lock, &waiter, &lock->wait_list);

	raw_spin_lock(&current->blocked_lock);
	__set_task_blocked_on(current, lock);
	set_current_state(state);
	sim_trace_user("contention_begin", (u64)current->pid, (u64)lock->sim_id);
	for (;;) {
		bool first;

		/* Under wait_lock a handoff cannot be missed: pick it up
		 * before checking for errors. */
		if (__mutex_trylock(lock))
			break;

		raw_spin_unlock(&current->blocked_lock);
		/* Signals are checked under wait_lock, ordered against the
		 * unlock, so no wakeup is lost. */
		if (signal_pending_state(state, current)) {
			ret = -4;	/* -EINTR */
			goto err;
		}

		raw_spin_unlock_irqrestore_wake(&lock->wait_lock, &wake_q);

		/* Stays queued as a donor: __schedule() sees blocked_on. */
		schedule_preempt_disabled();

		first = __mutex_waiter_is_first(lock, &waiter);

		raw_spin_lock(&lock->wait_lock);
		raw_spin_lock(&current->blocked_lock);
		/* The waker cleared blocked_on: block again. */
		__set_task_blocked_on(current, lock);
		set_current_state(state);
		/* Either we see the unlock and take the lock, or the unlocker
		 * sees us and wakes us again. */
		if (__mutex_trylock_or_handoff(lock, first))
			break;

		if (first) {
			bool opt_acquired;

			/* The spin may schedule: not blocked meanwhile, or
			 * proxy could deactivate a running task (K10). */
			__clear_task_blocked_on(current, lock);
			raw_spin_unlock(&current->blocked_lock);
			raw_spin_unlock(&lock->wait_lock);
			opt_acquired = mutex_optimistic_spin(lock, &waiter);
			raw_spin_lock(&lock->wait_lock);
			raw_spin_lock(&current->blocked_lock);
			__set_task_blocked_on(current, lock);
			/* v27, K9: a wakeup during the drop made us RUNNING;
			 * blocked again means sleeping again, or proxy would
			 * see a TASK_RUNNING donor. */
			/* SIM: zoo k9: reverts "Fix proxy-exec potentially
			 * deactivating tasks marked TASK_RUNNING", v27 */
#ifndef CONFIG_SIM_BUG_K9
			set_current_state(state);
#endif
			if (opt_acquired)
				break;
		}
	}
	__clear_task_blocked_on(current, lock);
	__set_current_state(TASK_RUNNING);
	raw_spin_unlock(&current->blocked_lock);

	__mutex_remove_waiter(lock, &waiter);

skip_wait:
	sim_trace_user("contention_end", (u64)current->pid, (u64)lock->sim_id);
	raw_spin_unlock_irqrestore_wake(&lock->wait_lock, &wake_q);
	return 0;

err:
	/* SIM: blocked_lock was dropped before the signal check; the clear
	 * below asserts it held, so it is retaken around the clear. */
	raw_spin_lock(&current->blocked_lock);
	__clear_task_blocked_on(current, lock);
	raw_spin_unlock(&current->blocked_lock);
	__set_current_state(TASK_RUNNING);
	__mutex_remove_waiter(lock, &waiter);
	WARN_ON(__get_task_blocked_on(current));
	sim_trace_user("contention_end", (u64)current->pid, (u64)lock->sim_id);
	raw_spin_unlock_irqrestore_wake(&lock->wait_lock, &wake_q);
	return ret;
}

void mutex_lock(struct mutex *lock)
{
	SIM_FRAME();
	if (!__mutex_trylock_fast(lock))
		__mutex_lock_common(lock, TASK_UNINTERRUPTIBLE);
}

int mutex_lock_interruptible(struct mutex *lock)
{
	SIM_FRAME();
	if (__mutex_trylock_fast(lock))
		return 0;
	return __mutex_lock_common(lock, TASK_INTERRUPTIBLE);
}

int mutex_lock_killable(struct mutex *lock)
{
	SIM_FRAME();
	if (__mutex_trylock_fast(lock))
		return 0;
	return __mutex_lock_common(lock, TASK_KILLABLE);
}

/* ---------------------------------------------------------------------- */
/* Unlock */

static void __mutex_unlock_slowpath(struct mutex *lock)
{
	struct task_struct *next = NULL;
	struct task_struct *donor;
	DEFINE_WAKE_Q(wake_q);
	unsigned long owner;

	SIM_FRAME();
	/* Release before taking wait_lock so others can go on, unless a
	 * handoff is due: then the owner word goes to the top waiter. */
	owner = READ_ONCE(lock->owner);
	for (;;) {
		WARN_ON_ONCE(__owner_task(owner) != current);
		WARN_ON_ONCE(owner & MUTEX_FLAG_PICKUP);

		if (current->blocked_donor) {
			/* Force a handoff to the task proxying through us. */
			owner = MUTEX_FLAG_HANDOFF;
			break;
		}

		if (owner & MUTEX_FLAG_HANDOFF)
			break;

		WRITE_ONCE(lock->owner, __owner_flags(owner));
		if (owner & MUTEX_FLAG_WAITERS)
			break;

		return;
	}

	raw_spin_lock(&lock->wait_lock);

	raw_spin_lock(&current->blocked_lock);
	if (current->blocked_donor) {
		donor = current->blocked_donor;
		/* SIM: blocked_donor holds no reference; a donor killed out
		 * of its wait may have exited since. */
		sim_kasan_check_task(donor, "current->blocked_donor");
		raw_spin_lock_nested(&donor->blocked_lock, SINGLE_DEPTH_NESTING);
		if (__get_task_blocked_on(donor) == lock) {
			next = donor;
			__set_task_blocked_on_waking(next, lock);
			wake_q_add(&wake_q, next);
			current->blocked_donor = NULL;
		}
		raw_spin_unlock(&donor->blocked_lock);
	}

	/* Failing that, the first waiter. */
	if (!next && !list_empty(&lock->wait_list)) {
		struct mutex_waiter *waiter =
			list_first_entry(&lock->wait_list, struct mutex_waiter, list);

		next = waiter->task;
		raw_spin_lock_nested(&next->blocked_lock, SINGLE_DEPTH_NESTING);
		__set_task_blocked_on_waking(next, lock);
		raw_spin_unlock(&next->blocked_lock);
		wake_q_add(&wake_q, next);
	}

	if (owner & MUTEX_FLAG_HANDOFF)
		__mutex_handoff(lock, next);

	raw_spin_unlock(&current->blocked_lock);
	raw_spin_unlock_irqrestore_wake(&lock->wait_lock, &wake_q);
}

void mutex_unlock(struct mutex *lock)
{
	SIM_FRAME();
	/* With a blocked donor the fast path must not release the lock. */
	if (!current->blocked_donor && __mutex_unlock_fast(lock))
		return;
	__mutex_unlock_slowpath(lock);
}
