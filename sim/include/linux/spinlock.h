/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * linux/spinlock.h stand-in: raw spinlocks on simulated locks.
 *
 * SIM: every acquire and release is a scheduling point of the simulated
 * machine (see sim/lock.c); interrupts are not modelled per lock, so the
 * _irq/_irqsave forms are the plain ones.
 */
#ifndef SIM_LINUX_SPINLOCK_H
#define SIM_LINUX_SPINLOCK_H

#include "../../sim.h"

typedef struct sim_lock raw_spinlock_t;

#define SINGLE_DEPTH_NESTING			1

#define raw_spin_lock_init_class(l, name, class, order) \
	sim_lock_init((l), (name), (class), (order))
#define raw_spin_lock(l)			sim_lock_acquire((l), 0)
#define raw_spin_lock_nested(l, subclass)	sim_lock_acquire((l), (subclass))
#define raw_spin_trylock(l)			sim_lock_tryacquire(l)
#define raw_spin_unlock(l)			sim_lock_release(l)
#define raw_spin_lock_irq(l)			raw_spin_lock(l)
#define raw_spin_unlock_irq(l)			raw_spin_unlock(l)
#define raw_spin_lock_irqsave(l, flags)		do { (void)(flags); raw_spin_lock(l); } while (0)
#define raw_spin_unlock_irqrestore(l, flags)	do { (void)(flags); raw_spin_unlock(l); } while (0)
#define raw_spin_is_locked(l)			((l)->owner >= 0)

#define lockdep_assert_held(l)			sim_lockdep_assert_held(l)
#define lockdep_assert_not_held(l)		sim_lockdep_assert_not_held(l)

#define smp_processor_id()			sim_this_cpu()

#endif /* SIM_LINUX_SPINLOCK_H */
