// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel header stand-ins under sim/include/linux/: each data structure
 * is driven by thousands of seeded random operations and compared with a
 * plain reference after every one, and its structural invariants (red-black
 * rules, augmented values, plist rings, list links) are rechecked in full.
 */
#define SIM_KFILE "tests/unit/test_kheaders.c"

#include <linux/bug.h>
#include <linux/math64.h>
#include <linux/types.h>

#include "harness.h"
#include "toys.h"

/* ---------------------------------------------------------------------- */
/* Deterministic randomness: splitmix64 */

static u64 rnd_state;

static void rnd_seed(u64 seed)
{
	rnd_state = seed;
}

static u64 rnd64(void)
{
	u64 z = (rnd_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform enough in [0, n). */
static u32 rnd_below(u32 n)
{
	return (u32)(rnd64() % n);
}

/* A value of random magnitude: 0..64 significant bits. */
static u64 rnd_mag(void)
{
	unsigned int bits = rnd_below(65);

	return bits ? rnd64() >> (64 - bits) : 0;
}

/* ====================================================================== */
/* types.h */

struct inner {
	u64 x;
};

struct outer {
	int a;
	long b;
	struct inner in;
	char c;
};

TEST(kh_types_minmax_and_helpers,
     "min/max/clamp/swap/container_of/ARRAY_SIZE/READ_ONCE give the kernel's values, nest without shadowing, and mix signedness only where that is safe.")
{
	u64 big = 10000000000ULL;
	u32 small = 7;
	s64 neg = -5;
	int i = 3, j = 9;
	u8 byte = 200;
	struct outer o;
	int arr[13];
	u64 slot = 0;

	CHECK_EQ_U64(min(big, small), 7);
	CHECK_EQ_U64(max(big, small), big);
	CHECK(min(neg, (s64)i) == -5);
	CHECK(max(neg, (s64)i) == 3);
	CHECK_EQ_U64(min(big, 5), 5);		/* unsigned with a constant */
	CHECK(min(byte, -1) == -1);		/* u8 promotes to int */
	CHECK(min_t(int, big, -1) == -1);
	CHECK_EQ_U64(max_t(u32, -1, 4), U32_MAX);
	CHECK(min3(j, i, 5) == 3 && max3(j, i, 5) == 9);
	CHECK(min(min(i, j), min(j, 1)) == 1);	/* nesting, -Wshadow clean */
	CHECK(clamp(neg, -2LL, 2LL) == -2);
	CHECK(clamp(j, 0, 4) == 4);
	CHECK(clamp(i, 0, 4) == 3);
	CHECK_EQ_U64(clamp_t(u64, -1, 0, 100), 100);
	CHECK(clamp_val(byte, 10, 20) == 20);
	swap(i, j);
	CHECK(i == 9 && j == 3);

	CHECK(container_of(&o.in, struct outer, in) == &o);
	CHECK(container_of((const struct inner *)&o.in, struct outer, in) == &o);
	CHECK(container_of((void *)&o.in, struct outer, in) == &o);
	CHECK(ARRAY_SIZE(arr) == 13);
	CHECK(BIT(0) == 1 && BIT(63) == 0x8000000000000000UL);
	CHECK_EQ_U64(DIV_ROUND_UP(129, 64), 3);

	WRITE_ONCE(slot, 42);
	CHECK_EQ_U64(READ_ONCE(slot), 42);
	smp_store_release(&slot, 43);
	CHECK_EQ_U64(smp_load_acquire(&slot), 43);
	smp_mb();
	smp_rmb();
	smp_wmb();
	smp_acquire__after_ctrl_dep();

	CHECK_EQ_U64(U64_MAX, 0xffffffffffffffffULL);
	CHECK(S64_MAX == 0x7fffffffffffffffLL);
	CHECK(S64_MIN == -S64_MAX - 1);
	CHECK(NSEC_PER_SEC == 1000 * NSEC_PER_MSEC);
	CHECK(NSEC_PER_MSEC == 1000 * NSEC_PER_USEC && NSEC_PER_USEC == 1000);
	CHECK(__is_constexpr(5) && !__is_constexpr(i));
	CHECK(!__minmax_types_ok(neg, big) && __minmax_types_ok(big, 5) &&
	      !__minmax_types_ok(big, -5) && __minmax_types_ok(byte, neg));
}

/* ====================================================================== */
/* math64.h */

/* 64 x 64 -> 128 with 32-bit limbs: a reference independent of __int128. */
static void mul128(u64 a, u64 b, u64 *hi, u64 *lo)
{
	u64 al = (u32)a, ah = a >> 32, bl = (u32)b, bh = b >> 32;
	u64 ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	u64 mid = (ll >> 32) + (u32)lh + (u32)hl;

	*lo = (mid << 32) | (u32)ll;
	*hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

/* (hi:lo) / d by restoring long division; false if it overflows 64 bits. */
static bool div128(u64 hi, u64 lo, u64 d, u64 *q)
{
	u64 rem = 0, quo = 0;
	int bit;

	if (hi >= d)
		return false;
	rem = hi;
	for (bit = 63; bit >= 0; bit--) {
		bool carry = rem >> 63;

		rem = (rem << 1) | ((lo >> bit) & 1);
		quo <<= 1;
		if (carry || rem >= d) {
			rem -= d;
			quo |= 1;
		}
	}
	*q = quo;
	return true;
}

TEST(kh_math64_against_wide_reference,
     "The division and scaled-multiply helpers equal an __int128 reference and an independent 32-bit-limb one on 20000 random operands of every magnitude.")
{
	int n;

	rnd_seed(0x6d61746836340001ull);
	for (n = 0; n < 20000; n++) {
		u64 a = rnd_mag(), b = rnd_mag(), c = rnd_mag() | 1, r64, hi, lo, q;
		u32 d32 = (u32)(rnd_mag() | 1), r32;
		u64 ma = rnd_mag(), mb = rnd_mag() | 1;
		s64 sa = (s64)(rnd_below(2) ? ma : 0 - ma);	/* wraps: any s64 */
		s64 sb = (s64)(rnd_below(2) ? mb : 0 - mb);
		s32 sd32 = (s32)(u32)(rnd_mag() | 1);
		s32 sr32;
		unsigned int shift = rnd_below(64);

		if (sd32 == -1 && sa == S64_MIN)
			sd32 = 1;
		if (sb == -1 && sa == S64_MIN)
			sb = 1;

		CHECK_EQ_U64(div64_u64(a, c), (u64)((unsigned __int128)a / c));
		CHECK_EQ_U64(div64_u64_rem(a, c, &r64), a / c);
		CHECK_EQ_U64(r64, a % c);
		CHECK_EQ_U64(div_u64(a, d32), (u64)((unsigned __int128)a / d32));
		CHECK_EQ_U64(div_u64_rem(a, d32, &r32), a / d32);
		CHECK(r32 == a % d32 && r32 < d32);
		CHECK(div_s64(sa, sd32) == (s64)((__int128)sa / sd32));
		CHECK(div_s64_rem(sa, sd32, &sr32) == (s64)((__int128)sa / sd32));
		CHECK((__int128)sr32 == (__int128)sa % sd32);
		CHECK(div64_s64(sa, sb) == (s64)((__int128)sa / sb));
		CHECK_EQ_U64(mul_u32_u32((u32)a, (u32)b), (u64)(u32)a * (u32)b);

		mul128(a, (u32)b, &hi, &lo);
		CHECK_EQ_U64(mul_u64_u32_shr(a, (u32)b, shift),
			     shift ? (lo >> shift) | (hi << (64 - shift)) : lo);
		CHECK_EQ_U64(mul_u64_u32_shr(a, (u32)b, shift),
			     (u64)(((unsigned __int128)a * (u32)b) >> shift));
		mul128(a, b, &hi, &lo);
		CHECK_EQ_U64(mul_u64_u64_shr(a, b, shift),
			     shift ? (lo >> shift) | (hi << (64 - shift)) : lo);
		if (div128(hi, lo, c, &q)) {
			CHECK_EQ_U64(mul_u64_u64_div_u64(a, b, c), q);
			CHECK_EQ_U64(mul_u64_u64_div_u64(a, b, c),
				     (u64)((unsigned __int128)a * b / c));
		}
	}
	CHECK_EQ_U64(mul_u64_u64_div_u64(U64_MAX, U64_MAX, U64_MAX), U64_MAX);
	CHECK(div_s64(-7, 2) == -3 && div64_s64(7, -2) == -3);	/* toward zero */
	CHECK(div64_s64(S64_MIN, 1) == S64_MIN);
}

static int div_case;

static void div_error_work(void *arg)
{
	volatile u64 zero = 0;
	volatile s64 minus_one = -1;

	(void)arg;
	switch (div_case) {
	case 0:
		(void)div64_u64(1, zero);
		break;
	case 1:
		(void)div64_s64(S64_MIN, minus_one);
		break;
	default:
		(void)mul_u64_u64_div_u64(U64_MAX, 3, 2);	/* past U64_MAX */
		break;
	}
}

static void div_error_setup(void)
{
	sim_queue_work(1, div_error_work, NULL, "div");
}

TEST(kh_math64_divide_error_is_a_finding,
     "A zero divisor, S64_MIN / -1 and an overflowing mul_u64_u64_div_u64() each end the run with a divide-error finding on the dividing CPU.")
{
	static const char *const ids[] = {
		"BUG:divide-error:div64_u64",
		"BUG:divide-error:div64_s64",
		"BUG:divide-error:mul_u64_u64_div_u64",
	};

	for (div_case = 0; div_case < 3; div_case++) {
		const struct sim_outcome *o = toy_run(div_error_setup, 2, NULL, 0);

		CHECK(o->result == SIM_FINDING);
		CHECK(o->kind == SIM_F_BUG);
		CHECK_STR_EQ(o->id, ids[div_case]);
		CHECK(o->cpu == 1);
	}
}

