/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * linux/cpumask.h stand-in: sets of simulated CPUs.
 *
 * A struct cpumask holds SIM_MAX_CPUS bits (at most 64).  nr_cpu_ids is the
 * CPU count of the current run, sim_nr_cpus(); every query looks at CPUs
 * below it only, and a CPU number >= nr_cpu_ids returned by a search means
 * "none", as in the kernel.
 *
 * SIM: there is no hotplug, so every simulated CPU is possible, present,
 * online and active for the whole run: those masks are "CPUs 0 to
 * nr_cpu_ids - 1".  cpumask_check() (CONFIG_DEBUG_PER_CPU_MAPS in the
 * kernel) is always on: a CPU number >= nr_cpu_ids given to a cpumask
 * function is the finding
 * "WARN:include/linux/cpumask.h:cpumask_check:cpu >= nr_cpu_ids".
 * cpumask_var_t is the !CONFIG_CPUMASK_OFFSTACK array, so allocating one
 * allocates nothing.
 */
#ifndef SIM_LINUX_CPUMASK_H
#define SIM_LINUX_CPUMASK_H

#include "../../sim.h"
#include "bitops.h"

struct cpumask {
	DECLARE_BITMAP(bits, SIM_MAX_CPUS);
};
typedef struct cpumask cpumask_t;
typedef struct cpumask cpumask_var_t[1];

static_assert(BITS_TO_LONGS(SIM_MAX_CPUS) == 1,
	      "cpumask_of() and the online masks assume one word per mask");

#define cpumask_bits(maskp)	((maskp)->bits)

/* The run's CPU count.  sim_reset() keeps it within SIM_MAX_CPUS; saying
 * so here lets the compiler see that masks are never indexed past their
 * end. */
static inline unsigned int sim_nr_cpu_ids(void)
{
	unsigned int nr = sim_nr_cpus();

	return nr < SIM_MAX_CPUS ? nr : SIM_MAX_CPUS;
}

#define nr_cpu_ids		sim_nr_cpu_ids()
#define nr_cpumask_bits		nr_cpu_ids

/* Constant masks, defined in sim/lib/cpumask.c: the one-CPU mask of each
 * CPU, and for each n the mask of CPUs 0..n-1. */
extern const struct cpumask sim_cpumask_of_cpu[BITS_PER_LONG];
extern const struct cpumask sim_cpumask_first_n[BITS_PER_LONG + 1];

#define cpu_possible_mask	(&sim_cpumask_first_n[nr_cpu_ids])
#define cpu_present_mask	(&sim_cpumask_first_n[nr_cpu_ids])
#define cpu_online_mask		(&sim_cpumask_first_n[nr_cpu_ids])
#define cpu_active_mask		(&sim_cpumask_first_n[nr_cpu_ids])

#define num_possible_cpus()	nr_cpu_ids
#define num_present_cpus()	nr_cpu_ids
#define num_online_cpus()	nr_cpu_ids
#define num_active_cpus()	nr_cpu_ids

/* A valid CPU number of this run, or a finding. */
static inline unsigned int cpumask_check(unsigned int cpu)
{
	if (unlikely(cpu >= nr_cpu_ids))
		sim_warn(SIM_F_WARN, "include/linux/cpumask.h", __func__,
			 __LINE__, "cpu >= nr_cpu_ids");
	return cpu;
}

static inline const struct cpumask *cpumask_of(unsigned int cpu)
{
	return &sim_cpumask_of_cpu[cpumask_check(cpu)];
}

/* ---------------------------------------------------------------------- */
/* Single CPUs */

static inline bool cpumask_test_cpu(int cpu, const struct cpumask *cpumask)
{
	return test_bit(cpumask_check((unsigned int)cpu), cpumask_bits(cpumask));
}

static inline void cpumask_set_cpu(unsigned int cpu, struct cpumask *dstp)
{
	__set_bit(cpumask_check(cpu), cpumask_bits(dstp));
}

static inline void __cpumask_set_cpu(unsigned int cpu, struct cpumask *dstp)
{
	__set_bit(cpumask_check(cpu), cpumask_bits(dstp));
}

static inline void cpumask_clear_cpu(int cpu, struct cpumask *dstp)
{
	__clear_bit(cpumask_check((unsigned int)cpu), cpumask_bits(dstp));
}

static inline void __cpumask_clear_cpu(int cpu, struct cpumask *dstp)
{
	__clear_bit(cpumask_check((unsigned int)cpu), cpumask_bits(dstp));
}

static inline bool cpumask_test_and_set_cpu(int cpu, struct cpumask *cpumask)
{
	return __test_and_set_bit(cpumask_check((unsigned int)cpu),
				  cpumask_bits(cpumask));
}

static inline bool cpumask_test_and_clear_cpu(int cpu, struct cpumask *cpumask)
{
	return __test_and_clear_bit(cpumask_check((unsigned int)cpu),
				    cpumask_bits(cpumask));
}

#define cpu_possible(cpu)	cpumask_test_cpu((cpu), cpu_possible_mask)
#define cpu_present(cpu)	cpumask_test_cpu((cpu), cpu_present_mask)
#define cpu_online(cpu)		cpumask_test_cpu((cpu), cpu_online_mask)
#define cpu_active(cpu)		cpumask_test_cpu((cpu), cpu_active_mask)

/* ---------------------------------------------------------------------- */
/* Whole masks
 *
 * Operations that write a mask write all SIM_MAX_CPUS bits, as the kernel's
 * do with NR_CPUS bits when the mask is one word; queries look below
 * nr_cpu_ids.  No bit at or past nr_cpu_ids is ever set: cpumask_check()
 * stops single-CPU writes and cpumask_setall() stops at nr_cpu_ids.
 */

/* Clears the whole mask, bits past nr_cpu_ids included. */
static inline void cpumask_clear(struct cpumask *dstp)
{
	bitmap_zero(cpumask_bits(dstp), SIM_MAX_CPUS);
}

/* Sets CPUs 0..nr_cpu_ids-1 only. */
static inline void cpumask_setall(struct cpumask *dstp)
{
	cpumask_clear(dstp);
	bitmap_fill(cpumask_bits(dstp), nr_cpu_ids);
}

static inline void cpumask_copy(struct cpumask *dstp,
				const struct cpumask *srcp)
{
	*dstp = *srcp;
}

/* *dstp = *src1p & *src2p; true if the result is not empty. */
static inline bool cpumask_and(struct cpumask *dstp,
			       const struct cpumask *src1p,
			       const struct cpumask *src2p)
{
	return bitmap_and(cpumask_bits(dstp), cpumask_bits(src1p),
			  cpumask_bits(src2p), SIM_MAX_CPUS);
}

static inline void cpumask_or(struct cpumask *dstp,
			      const struct cpumask *src1p,
			      const struct cpumask *src2p)
{
	bitmap_or(cpumask_bits(dstp), cpumask_bits(src1p),
		  cpumask_bits(src2p), SIM_MAX_CPUS);
}

/* *dstp = *src1p & ~*src2p; true if the result is not empty. */
static inline bool cpumask_andnot(struct cpumask *dstp,
				  const struct cpumask *src1p,
				  const struct cpumask *src2p)
{
	return bitmap_andnot(cpumask_bits(dstp), cpumask_bits(src1p),
			     cpumask_bits(src2p), SIM_MAX_CPUS);
}

static inline bool cpumask_empty(const struct cpumask *srcp)
{
	return bitmap_empty(cpumask_bits(srcp), nr_cpu_ids);
}

static inline bool cpumask_full(const struct cpumask *srcp)
{
	return bitmap_full(cpumask_bits(srcp), nr_cpu_ids);
}

static inline unsigned int cpumask_weight(const struct cpumask *srcp)
{
	return bitmap_weight(cpumask_bits(srcp), nr_cpu_ids);
}

static inline bool cpumask_equal(const struct cpumask *src1p,
				 const struct cpumask *src2p)
{
	return bitmap_equal(cpumask_bits(src1p), cpumask_bits(src2p),
			    nr_cpu_ids);
}

/* Every CPU of *src1p is in *src2p. */
static inline bool cpumask_subset(const struct cpumask *src1p,
				  const struct cpumask *src2p)
{
	return bitmap_subset(cpumask_bits(src1p), cpumask_bits(src2p),
			     nr_cpu_ids);
}

static inline bool cpumask_intersects(const struct cpumask *src1p,
				      const struct cpumask *src2p)
{
	return bitmap_intersects(cpumask_bits(src1p), cpumask_bits(src2p),
				 nr_cpu_ids);
}

/* ---------------------------------------------------------------------- */
/* Searching: each returns a CPU, or a number >= nr_cpu_ids for none. */

static inline unsigned int cpumask_first(const struct cpumask *srcp)
{
	return (unsigned int)find_first_bit(cpumask_bits(srcp), nr_cpu_ids);
}

/* The first CPU after 'n' (-1 starts the walk). */
static inline unsigned int cpumask_next(int n, const struct cpumask *srcp)
{
	if (n != -1)
		cpumask_check((unsigned int)n);
	return (unsigned int)find_next_bit(cpumask_bits(srcp), nr_cpu_ids,
					   (unsigned long)(n + 1));
}

static inline unsigned int cpumask_first_and(const struct cpumask *src1p,
					     const struct cpumask *src2p)
{
	return (unsigned int)find_first_and_bit(cpumask_bits(src1p),
						cpumask_bits(src2p),
						nr_cpu_ids);
}

static inline unsigned int cpumask_next_and(int n, const struct cpumask *src1p,
					    const struct cpumask *src2p)
{
	if (n != -1)
		cpumask_check((unsigned int)n);
	return (unsigned int)find_next_and_bit(cpumask_bits(src1p),
					       cpumask_bits(src2p), nr_cpu_ids,
					       (unsigned long)(n + 1));
}

/* "Any" is the first: the choice stays deterministic. */
#define cpumask_any(srcp)		cpumask_first(srcp)
#define cpumask_any_and(src1p, src2p)	cpumask_first_and((src1p), (src2p))

/* A CPU of 'mask' other than 'cpu'. */
static inline unsigned int cpumask_any_but(const struct cpumask *mask,
					   unsigned int cpu)
{
	unsigned int i;

	cpumask_check(cpu);
	i = cpumask_first(mask);
	if (i != cpu)
		return i;
	return cpumask_next((int)cpu, mask);
}

/* ---------------------------------------------------------------------- */
/* Iteration */

#define for_each_cpu(cpu, mask)						\
	for ((cpu) = cpumask_first(mask);				\
	     (unsigned int)(cpu) < nr_cpu_ids;				\
	     (cpu) = cpumask_next((cpu), (mask)))

#define for_each_cpu_and(cpu, mask1, mask2)				\
	for ((cpu) = cpumask_first_and((mask1), (mask2));		\
	     (unsigned int)(cpu) < nr_cpu_ids;				\
	     (cpu) = cpumask_next_and((cpu), (mask1), (mask2)))

/* The walk for_each_cpu_wrap() starts with: the first CPU at or above
 * 'start', else the first below it. */
static inline unsigned int sim_cpumask_wrap_first(const struct cpumask *mask,
						  unsigned int start)
{
	unsigned int cpu;

	cpu = (unsigned int)find_next_bit(cpumask_bits(mask), nr_cpu_ids, start);
	if (cpu < nr_cpu_ids)
		return cpu;
	cpu = cpumask_first(mask);
	return cpu < start ? cpu : nr_cpu_ids;
}

/* The CPU after 'cpu' in that walk, which wraps from the last CPU to the
 * first and ends before reaching 'start' again. */
static inline unsigned int sim_cpumask_wrap_next(unsigned int cpu,
						 const struct cpumask *mask,
						 unsigned int start)
{
	unsigned int next;

	next = (unsigned int)find_next_bit(cpumask_bits(mask), nr_cpu_ids,
					   cpu + 1UL);
	if (cpu < start)	/* second leg: end on reaching 'start' */
		return next < start ? next : nr_cpu_ids;
	if (next < nr_cpu_ids)	/* first leg: go on */
		return next;
	next = cpumask_first(mask);	/* wrap around */
	return next < start ? next : nr_cpu_ids;
}

/*
 * Every CPU of 'mask' once: those at or above 'start' in ascending order,
 * then those below it.  A 'start' >= nr_cpu_ids walks from CPU 0.
 */
#define for_each_cpu_wrap(cpu, mask, start)				\
	for ((cpu) = sim_cpumask_wrap_first((mask), (unsigned int)(start)); \
	     (unsigned int)(cpu) < nr_cpu_ids;				\
	     (cpu) = sim_cpumask_wrap_next((unsigned int)(cpu), (mask),	\
					   (unsigned int)(start)))

#define for_each_possible_cpu(cpu)	for_each_cpu((cpu), cpu_possible_mask)
#define for_each_present_cpu(cpu)	for_each_cpu((cpu), cpu_present_mask)
#define for_each_online_cpu(cpu)	for_each_cpu((cpu), cpu_online_mask)

/* ---------------------------------------------------------------------- */
/* cpumask_var_t: the flags and node arguments are dropped unevaluated. */

#define alloc_cpumask_var(mask, flags)		(true)
#define zalloc_cpumask_var(mask, flags)		({ cpumask_clear(*(mask)); true; })
#define zalloc_cpumask_var_node(mask, flags, node)	zalloc_cpumask_var(mask, flags)
#define free_cpumask_var(mask)			do { } while (0)

#endif /* SIM_LINUX_CPUMASK_H */
