/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * linux/math64.h stand-in: 64-bit division and scaled multiplication.
 *
 * The host is 64-bit, so the divisions are plain C and the wide products
 * use unsigned __int128.  Quotients truncate toward zero, as C's do.
 *
 * SIM: a zero divisor, or a quotient that does not fit (S64_MIN / -1, or
 * mul_u64_u64_div_u64() past U64_MAX), is an x86 divide error in the
 * kernel.  Here it is a finding, "BUG:divide-error:<function>", instead of
 * undefined behaviour in the simulator.
 */
#ifndef SIM_LINUX_MATH64_H
#define SIM_LINUX_MATH64_H

#include "../../sim.h"
#include "types.h"

#define __sim_divide_error(func)					\
	sim_finding(SIM_F_BUG, sim_this_cpu(), "BUG:divide-error:" func,	\
		    "divide error: %s", func)

static inline u64 div64_u64_rem(u64 dividend, u64 divisor, u64 *remainder)
{
	if (unlikely(!divisor))
		__sim_divide_error("div64_u64_rem");
	*remainder = dividend % divisor;
	return dividend / divisor;
}

static inline u64 div64_u64(u64 dividend, u64 divisor)
{
	if (unlikely(!divisor))
		__sim_divide_error("div64_u64");
	return dividend / divisor;
}

static inline u64 div_u64_rem(u64 dividend, u32 divisor, u32 *remainder)
{
	if (unlikely(!divisor))
		__sim_divide_error("div_u64_rem");
	*remainder = (u32)(dividend % divisor);
	return dividend / divisor;
}

static inline u64 div_u64(u64 dividend, u32 divisor)
{
	if (unlikely(!divisor))
		__sim_divide_error("div_u64");
	return dividend / divisor;
}

static inline s64 div_s64_rem(s64 dividend, s32 divisor, s32 *remainder)
{
	if (unlikely(!divisor))
		__sim_divide_error("div_s64_rem");
	if (unlikely(dividend == S64_MIN && divisor == -1))
		__sim_divide_error("div_s64_rem");
	*remainder = (s32)(dividend % divisor);
	return dividend / divisor;
}

static inline s64 div_s64(s64 dividend, s32 divisor)
{
	if (unlikely(!divisor))
		__sim_divide_error("div_s64");
	if (unlikely(dividend == S64_MIN && divisor == -1))
		__sim_divide_error("div_s64");
	return dividend / divisor;
}

static inline s64 div64_s64(s64 dividend, s64 divisor)
{
	if (unlikely(!divisor))
		__sim_divide_error("div64_s64");
	if (unlikely(dividend == S64_MIN && divisor == -1))
		__sim_divide_error("div64_s64");
	return dividend / divisor;
}

static inline u64 mul_u32_u32(u32 a, u32 b)
{
	return (u64)a * b;
}

/* (a * mul) >> shift over the full 96-bit product, truncated to 64 bits. */
static inline u64 mul_u64_u32_shr(u64 a, u32 mul, unsigned int shift)
{
	return (u64)(((unsigned __int128)a * mul) >> shift);
}

/* (a * b) >> shift over the full 128-bit product, truncated to 64 bits. */
static inline u64 mul_u64_u64_shr(u64 a, u64 b, unsigned int shift)
{
	return (u64)(((unsigned __int128)a * b) >> shift);
}

/* a * b / c without losing the product's high bits. */
static inline u64 mul_u64_u64_div_u64(u64 a, u64 b, u64 c)
{
	unsigned __int128 q;

	if (unlikely(!c))
		__sim_divide_error("mul_u64_u64_div_u64");
	q = (unsigned __int128)a * b / c;
	if (unlikely(q > U64_MAX))
		__sim_divide_error("mul_u64_u64_div_u64");
	return (u64)q;
}

#endif /* SIM_LINUX_MATH64_H */
