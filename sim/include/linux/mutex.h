/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * linux/mutex.h stand-in: struct mutex and its waiter, as used by
 * kernel/locking/mutex.c (ported in sim/kernel/mutex.c) and by proxy
 * execution in kernel/sched/core.c.
 */
#ifndef SIM_LINUX_MUTEX_H
#define SIM_LINUX_MUTEX_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct task_struct;

/* Low bits of the owner word, as in the kernel. */
#define MUTEX_FLAG_WAITERS	0x01
#define MUTEX_FLAG_HANDOFF	0x02
#define MUTEX_FLAG_PICKUP	0x04
#define MUTEX_FLAGS		0x07

struct mutex {
	unsigned long		owner;		/* task pointer | flags */
	raw_spinlock_t		wait_lock;
	struct list_head	wait_list;
	/* SIM: for reports and traces. */
	const char		*name;
	int			sim_id;
};

struct mutex_waiter {
	struct list_head	list;
	struct task_struct	*task;
};

static inline struct task_struct *__mutex_owner(struct mutex *lock)
{
	return (struct task_struct *)(READ_ONCE(lock->owner) & ~(unsigned long)MUTEX_FLAGS);
}

static inline bool mutex_is_locked(struct mutex *lock)
{
	return __mutex_owner(lock) != NULL;
}

void mutex_init_sim(struct mutex *lock, const char *name, int id);
void mutex_lock(struct mutex *lock);
int mutex_lock_interruptible(struct mutex *lock);
int mutex_lock_killable(struct mutex *lock);
void mutex_unlock(struct mutex *lock);

#endif /* SIM_LINUX_MUTEX_H */
