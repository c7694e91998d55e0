/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * linux/bug.h stand-in: WARN_ON, WARN_ON_ONCE, BUG_ON, BUG.
 *
 * SIM: every WARN is fatal, as under panic_on_warn, so the first hit ends
 * the run with a report; WARN_ON_ONCE therefore behaves as WARN_ON.  The
 * oracle id is "WARN:<kernel file>:<function>:<condition text>", where the
 * kernel file is SIM_KFILE, which each ported file defines.  The macros keep
 * the kernel's value: WARN_ON(x) evaluates to !!x.
 */
#ifndef SIM_LINUX_BUG_H
#define SIM_LINUX_BUG_H

#include "../../sim.h"

/*
 * The condition text is taken where the caller wrote it, so that a macro in
 * it (task_rq(p)) stays as written instead of its expansion.
 */
#define __SIM_WARN_ON(condition, text) ({				\
	int __ret_warn_on = !!(condition);				\
	if (__builtin_expect(__ret_warn_on, 0))				\
		sim_warn(SIM_F_WARN, SIM_KFILE, __func__, __LINE__,	\
			 text);						\
	__ret_warn_on;							\
})

#define WARN_ON(condition)	__SIM_WARN_ON(condition, #condition)
#define WARN_ON_ONCE(condition)	__SIM_WARN_ON(condition, #condition)

/* The format is not part of the id: the condition names the fact. */
#define WARN(condition, ...)	__SIM_WARN_ON(condition, #condition)
#define WARN_ONCE(condition, ...) __SIM_WARN_ON(condition, #condition)
#define SCHED_WARN_ON(x)	__SIM_WARN_ON(x, #x)

#define BUG_ON(condition) do {						\
	if (__builtin_expect(!!(condition), 0))				\
		sim_warn(SIM_F_BUG, SIM_KFILE, __func__, __LINE__,	\
			 #condition);					\
} while (0)

#define BUG()	sim_warn(SIM_F_BUG, SIM_KFILE, __func__, __LINE__, "BUG()")

#endif /* SIM_LINUX_BUG_H */
