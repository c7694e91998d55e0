/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * linux/spinlock.h stand-in: raw spinlocks on simulated locks.
 *
 * SIM: every acquire and release is a scheduling point of the simulated
 * machine (see sim/lock.c).  The _irq and _irqsave forms also turn the
 * CPU's interrupts off and back on (sim_irq_*, sim.h), which only a spin's
 * deadlock check reads.
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
#define local_irq_disable()			sim_irq_disable()
#define local_irq_enable()			sim_irq_enable()
#define irqs_disabled()				sim_irqs_disabled()
#define local_irq_save(flags)			do { (flags) = sim_irq_save(); } while (0)
#define local_irq_restore(flags)		sim_irq_restore(!!(flags))

#define raw_spin_lock_irq(l)			do { local_irq_disable(); raw_spin_lock(l); } while (0)
#define raw_spin_unlock_irq(l)			do { raw_spin_unlock(l); local_irq_enable(); } while (0)
#define raw_spin_lock_irqsave(l, flags)		do { local_irq_save(flags); raw_spin_lock(l); } while (0)
#define raw_spin_unlock_irqrestore(l, flags)	do { raw_spin_unlock(l); local_irq_restore(flags); } while (0)
#define raw_spin_is_locked(l)			((l)->owner >= 0)

#define lockdep_assert_held(l)			sim_lockdep_assert_held(l)
#define lockdep_assert_not_held(l)		sim_lockdep_assert_not_held(l)

#define smp_processor_id()			sim_this_cpu()

#endif /* SIM_LINUX_SPINLOCK_H */
