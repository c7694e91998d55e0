/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * linux/types.h stand-in, together with the bits of linux/compiler.h,
 * linux/minmax.h, linux/container_of.h, linux/time64.h, linux/limits.h and
 * asm/barrier.h that ported scheduler code expects to find everywhere.
 *
 * SIM: the machine is single-threaded, so every barrier is a compiler
 * barrier and READ_ONCE/WRITE_ONCE are plain accesses between compiler
 * barriers.  Simulated CPUs only interleave at scheduling points.
 */
#ifndef SIM_LINUX_TYPES_H
#define SIM_LINUX_TYPES_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------------- */
/* Fixed-width integers */

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef u8 __u8;
typedef u16 __u16;
typedef u32 __u32;
typedef u64 __u64;
typedef s8 __s8;
typedef s16 __s16;
typedef s32 __s32;
typedef s64 __s64;

#define U8_MAX		((u8)~0U)
#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)
#define S32_MAX		((s32)(U32_MAX >> 1))
#define S32_MIN		((s32)(-S32_MAX - 1))
#define U64_MAX		((u64)~0ULL)
#define S64_MAX		((s64)(U64_MAX >> 1))
#define S64_MIN		((s64)(-S64_MAX - 1))

/* ---------------------------------------------------------------------- */
/* Time units */

#define MSEC_PER_SEC	1000L
#define USEC_PER_MSEC	1000L
#define NSEC_PER_USEC	1000L
#define NSEC_PER_MSEC	1000000L
#define USEC_PER_SEC	1000000L
#define NSEC_PER_SEC	1000000000L

/* ---------------------------------------------------------------------- */
/* Compiler attributes and hints */

#ifndef __always_inline		/* glibc's <sys/cdefs.h> has the same */
#define __always_inline		inline __attribute__((__always_inline__))
#endif
#define noinline		__attribute__((__noinline__))
#define __maybe_unused		__attribute__((__unused__))
#define __must_check		__attribute__((__warn_unused_result__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __packed		__attribute__((__packed__))
#define __read_mostly
#define __init
#define __initdata

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#define __same_type(a, b)	__builtin_types_compatible_p(typeof(a), typeof(b))

/* A fresh identifier per expansion, so nested macros never shadow. */
#define ___PASTE(a, b)		a##b
#define __PASTE(a, b)		___PASTE(a, b)
#define __UNIQUE_ID(prefix)	__PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

/* ---------------------------------------------------------------------- */
/* Barriers and marked accesses (SIM: single-threaded, see above) */

#define barrier()		__asm__ __volatile__("" : : : "memory")

#define smp_mb()		barrier()
#define smp_rmb()		barrier()
#define smp_wmb()		barrier()
#define smp_mb__before_atomic()	barrier()
#define smp_mb__after_atomic()	barrier()
#define smp_acquire__after_ctrl_dep()	barrier()

#define READ_ONCE(x)		__sim_read_once(x, __UNIQUE_ID(val_))
#define __sim_read_once(x, v) ({					\
	barrier();							\
	typeof(x) v = (x);						\
	barrier();							\
	v;								\
})

#define WRITE_ONCE(x, val) do {						\
	barrier();							\
	(x) = (val);							\
	barrier();							\
} while (0)

#define smp_store_release(p, v) do {					\
	barrier();							\
	WRITE_ONCE(*(p), (v));						\
} while (0)

#define smp_load_acquire(p)	__sim_load_acquire(p, __UNIQUE_ID(val_))
#define __sim_load_acquire(p, v) ({					\
	typeof(*(p)) v = READ_ONCE(*(p));				\
	barrier();							\
	v;								\
})

/* ---------------------------------------------------------------------- */
/* Structure and array helpers */

/*
 * The structure of type 'type' whose member 'member' is at 'ptr'.  Fails to
 * compile when 'ptr' does not point to that member's type (void * aside).
 */
#define container_of(ptr, type, member) ({				\
	_Static_assert(__same_type(*(ptr), ((type *)0)->member) ||	\
		       __same_type(*(ptr), void),			\
		       "container_of(): pointer and member types differ"); \
	((type *)((char *)(ptr) - offsetof(type, member)));		\
})

/* Zero when 'a' is an array, a compile error when it is a pointer. */
#define __must_be_array(a)						\
	(0 * (int)sizeof(struct {					\
		_Static_assert(!__same_type((a), &(a)[0]),		\
			       "ARRAY_SIZE() of a pointer");		\
		int __dummy;						\
	}))

#define ARRAY_SIZE(arr)		(sizeof(arr) / sizeof((arr)[0]) + __must_be_array(arr))

#define BIT(nr)			(1UL << (nr))
#define BIT_ULL(nr)		(1ULL << (nr))

#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

/* ---------------------------------------------------------------------- */
/* min, max, clamp, swap */

/*
 * An integer constant expression?  (Only then does the pointer below have
 * type void *, making the conditional's type int *.)
 */
#define __is_constexpr(x)						\
	(sizeof(int) == sizeof(*(8 ? ((void *)((long)(x) * 0l)) : (int *)8)))

/* Signedness of an operand after the integer promotions. */
#define __is_signed_expr(x)	((typeof((x) + 0))-1 < (typeof((x) + 0))1)

/* A non-negative integer constant expression (no comparison, so that gcc's
 * -Wtype-limits stays quiet on unsigned operands). */
#define __is_noneg_const(x)						\
	__builtin_choose_expr(__is_constexpr(x),			\
			      !((unsigned long long)(long long)(x) >> 63), 0)

/*
 * min()/max() accept operands of one signedness (after promotion), or a
 * signed operand that is a non-negative constant beside an unsigned one:
 * the cases in which comparing in the common type gives the right answer.
 * Anything else fails to compile, as in the kernel.
 */
#define __minmax_types_ok(x, y)						\
	(__is_signed_expr(x) == __is_signed_expr(y) ||			\
	 (__is_signed_expr(x) ? __is_noneg_const(x) : __is_noneg_const(y)))

#define __minmax(x, y, op, ux, uy) ({					\
	typeof(x) ux = (x);						\
	typeof(y) uy = (y);						\
	_Static_assert(__minmax_types_ok(x, y),				\
		       "min()/max() of signed and unsigned; use min_t()/max_t()"); \
	__minmax_as(ux, ux, uy) op __minmax_as(uy, ux, uy) ?		\
		__minmax_as(ux, ux, uy) : __minmax_as(uy, ux, uy);	\
})
/* 'v' in the type both operands convert to. */
#define __minmax_as(v, ux, uy)	((typeof((ux) + (uy)))(v))

#define min(x, y)	__minmax(x, y, <, __UNIQUE_ID(x_), __UNIQUE_ID(y_))
#define max(x, y)	__minmax(x, y, >, __UNIQUE_ID(x_), __UNIQUE_ID(y_))
#define min3(x, y, z)	min(min(x, y), z)
#define max3(x, y, z)	max(max(x, y), z)

#define min_t(type, x, y)	min((type)(x), (type)(y))
#define max_t(type, x, y)	max((type)(x), (type)(y))

/* 'val' limited to [lo, hi]; lo <= hi is the caller's promise. */
#define clamp(val, lo, hi)	min(max(val, lo), hi)
#define clamp_t(type, val, lo, hi)	min_t(type, max_t(type, val, lo), hi)
#define clamp_val(val, lo, hi)	clamp_t(typeof(val), val, lo, hi)

#define swap(a, b)		__sim_swap(a, b, __UNIQUE_ID(tmp_))
#define __sim_swap(a, b, t) do {					\
	typeof(a) t = (a);						\
	(a) = (b);							\
	(b) = t;							\
} while (0)

#endif /* SIM_LINUX_TYPES_H */
