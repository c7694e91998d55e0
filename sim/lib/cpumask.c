// SPDX-License-Identifier: GPL-2.0-only
/*
 * Constant cpumasks for linux/cpumask.h: cpumask_of(cpu) and the
 * possible/present/online/active masks (kernel/cpu.c keeps the kernel's).
 */
#include <linux/cpumask.h>

#define CPU_BIT(n)	{ { 1UL << (n) } }
#define CPU_BITS8(n)							\
	CPU_BIT((n) + 0), CPU_BIT((n) + 1), CPU_BIT((n) + 2),		\
	CPU_BIT((n) + 3), CPU_BIT((n) + 4), CPU_BIT((n) + 5),		\
	CPU_BIT((n) + 6), CPU_BIT((n) + 7)

const struct cpumask sim_cpumask_of_cpu[BITS_PER_LONG] = {
	CPU_BITS8(0), CPU_BITS8(8), CPU_BITS8(16), CPU_BITS8(24),
	CPU_BITS8(32), CPU_BITS8(40), CPU_BITS8(48), CPU_BITS8(56),
};

/* CPUs 0..n-1; the shift is masked so that n = 64 compiles cleanly. */
#define CPUS_BELOW(n)	{ { (n) >= BITS_PER_LONG ? ~0UL : (1UL << ((n) & (BITS_PER_LONG - 1))) - 1 } }
#define CPUS_BELOW8(n)							\
	CPUS_BELOW((n) + 0), CPUS_BELOW((n) + 1), CPUS_BELOW((n) + 2),	\
	CPUS_BELOW((n) + 3), CPUS_BELOW((n) + 4), CPUS_BELOW((n) + 5),	\
	CPUS_BELOW((n) + 6), CPUS_BELOW((n) + 7)

const struct cpumask sim_cpumask_first_n[BITS_PER_LONG + 1] = {
	CPUS_BELOW8(0), CPUS_BELOW8(8), CPUS_BELOW8(16), CPUS_BELOW8(24),
	CPUS_BELOW8(32), CPUS_BELOW8(40), CPUS_BELOW8(48), CPUS_BELOW8(56),
	CPUS_BELOW(64),
};

static_assert(BITS_PER_LONG == 64, "the tables above list 64 CPUs");
