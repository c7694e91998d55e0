/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * linux/bitops.h stand-in, with the parts of linux/bitmap.h, linux/find.h
 * and asm-generic/bitops/sched.h the scheduler uses: bit operations on
 * arrays of unsigned long, bit n in word n / BITS_PER_LONG at position
 * n % BITS_PER_LONG.
 *
 * SIM: single-threaded, so the "atomic" set_bit()/clear_bit() are the
 * non-atomic __set_bit()/__clear_bit().
 */
#ifndef SIM_LINUX_BITOPS_H
#define SIM_LINUX_BITOPS_H

#include "types.h"

#define BITS_PER_LONG		(__SIZEOF_LONG__ * 8)
#define BITS_PER_LONG_LONG	64
#define BITS_PER_BYTE		8
#define BITS_TO_LONGS(nr)	DIV_ROUND_UP(nr, BITS_PER_LONG)
#define BIT_MASK(nr)		(1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr)		((nr) / BITS_PER_LONG)

#define DECLARE_BITMAP(name, bits)	unsigned long name[BITS_TO_LONGS(bits)]

/* Bits [0, nbits % BITS_PER_LONG) of a bitmap's last word (all if 0). */
#define BITMAP_LAST_WORD_MASK(nbits)	(~0UL >> (-(nbits) & (BITS_PER_LONG - 1)))
/* Bits from 'start' % BITS_PER_LONG up in a word. */
#define BITMAP_FIRST_WORD_MASK(start)	(~0UL << ((start) & (BITS_PER_LONG - 1)))

/* ---------------------------------------------------------------------- */
/* Single words: lowest/highest set bit */

/* Index of the lowest set bit; 'word' must not be 0. */
static inline unsigned long __ffs(unsigned long word)
{
	return (unsigned long)__builtin_ctzl(word);
}

/* Index of the highest set bit; 'word' must not be 0. */
static inline unsigned long __fls(unsigned long word)
{
	return (unsigned long)(BITS_PER_LONG - 1 - __builtin_clzl(word));
}

/* One-based index of the highest set bit, 0 for none. */
static inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

static inline unsigned int hweight32(u32 w)
{
	return (unsigned int)__builtin_popcount(w);
}

static inline unsigned int hweight64(u64 w)
{
	return (unsigned int)__builtin_popcountll(w);
}

static inline unsigned long hweight_long(unsigned long w)
{
	return (unsigned long)__builtin_popcountl(w);
}

/* ---------------------------------------------------------------------- */
/* Single bits of a bitmap */

static inline void __set_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static inline void __clear_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

static inline bool test_bit(unsigned long nr, const unsigned long *addr)
{
	return (addr[BIT_WORD(nr)] >> (nr % BITS_PER_LONG)) & 1;
}

static inline bool __test_and_set_bit(unsigned long nr, unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	__set_bit(nr, addr);
	return old;
}

static inline bool __test_and_clear_bit(unsigned long nr, unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	__clear_bit(nr, addr);
	return old;
}

#define set_bit(nr, addr)		__set_bit(nr, addr)
#define clear_bit(nr, addr)		__clear_bit(nr, addr)
#define test_and_set_bit(nr, addr)	__test_and_set_bit(nr, addr)
#define test_and_clear_bit(nr, addr)	__test_and_clear_bit(nr, addr)

/* ---------------------------------------------------------------------- */
/* Searching: a result >= size means "none". */

/* The lowest set bit at or above 'offset' and below 'size', else 'size'. */
static inline unsigned long find_next_bit(const unsigned long *addr,
					  unsigned long size,
					  unsigned long offset)
{
	unsigned long idx, word, bit;

	if (offset >= size)
		return size;
	idx = BIT_WORD(offset);
	word = addr[idx] & BITMAP_FIRST_WORD_MASK(offset);
	while (!word) {
		if (++idx >= BITS_TO_LONGS(size))
			return size;
		word = addr[idx];
	}
	bit = idx * BITS_PER_LONG + __ffs(word);
	return bit < size ? bit : size;
}

static inline unsigned long find_first_bit(const unsigned long *addr,
					   unsigned long size)
{
	return find_next_bit(addr, size, 0);
}

/* The lowest clear bit at or above 'offset' and below 'size', else 'size'. */
static inline unsigned long find_next_zero_bit(const unsigned long *addr,
					       unsigned long size,
					       unsigned long offset)
{
	unsigned long idx, word, bit;

	if (offset >= size)
		return size;
	idx = BIT_WORD(offset);
	word = ~addr[idx] & BITMAP_FIRST_WORD_MASK(offset);
	while (!word) {
		if (++idx >= BITS_TO_LONGS(size))
			return size;
		word = ~addr[idx];
	}
	bit = idx * BITS_PER_LONG + __ffs(word);
	return bit < size ? bit : size;
}

static inline unsigned long find_first_zero_bit(const unsigned long *addr,
						unsigned long size)
{
	return find_next_zero_bit(addr, size, 0);
}

/* The lowest bit set in both maps at or above 'offset' and below 'size',
 * else 'size'. */
static inline unsigned long find_next_and_bit(const unsigned long *addr1,
					      const unsigned long *addr2,
					      unsigned long size,
					      unsigned long offset)
{
	unsigned long idx, word, bit;

	if (offset >= size)
		return size;
	idx = BIT_WORD(offset);
	word = addr1[idx] & addr2[idx] & BITMAP_FIRST_WORD_MASK(offset);
	while (!word) {
		if (++idx >= BITS_TO_LONGS(size))
			return size;
		word = addr1[idx] & addr2[idx];
	}
	bit = idx * BITS_PER_LONG + __ffs(word);
	return bit < size ? bit : size;
}

static inline unsigned long find_first_and_bit(const unsigned long *addr1,
					       const unsigned long *addr2,
					       unsigned long size)
{
	return find_next_and_bit(addr1, addr2, size, 0);
}

#define for_each_set_bit(bit, addr, size)				\
	for ((bit) = find_first_bit((addr), (size));			\
	     (bit) < (size);						\
	     (bit) = find_next_bit((addr), (size), (bit) + 1))

/*
 * The lowest set bit of a priority bitmap of up to 2 * BITS_PER_LONG bits
 * (the RT class's MAX_RT_PRIO + 1 = 101).  The RT class keeps a delimiter
 * bit set, so the kernel leaves an empty map undefined.
 * SIM: an empty map gives 2 * BITS_PER_LONG instead.
 */
static inline int sched_find_first_bit(const unsigned long *b)
{
	if (b[0])
		return (int)__ffs(b[0]);
	if (b[1])
		return (int)__ffs(b[1]) + BITS_PER_LONG;
	return 2 * BITS_PER_LONG;
}

/* ---------------------------------------------------------------------- */
/* Whole bitmaps of 'nbits' bits.  Bits past nbits in the last word are
 * ignored by the queries; fill, and, or and andnot leave them clear, zero
 * and copy treat whole words. */

static inline void bitmap_zero(unsigned long *dst, unsigned int nbits)
{
	unsigned int i;

	for (i = 0; i < BITS_TO_LONGS(nbits); i++)
		dst[i] = 0;
}

static inline void bitmap_fill(unsigned long *dst, unsigned int nbits)
{
	unsigned int i, n = BITS_TO_LONGS(nbits);

	for (i = 0; i < n; i++)
		dst[i] = ~0UL;
	if (n)
		dst[n - 1] &= BITMAP_LAST_WORD_MASK(nbits);
}

static inline void bitmap_copy(unsigned long *dst, const unsigned long *src,
			       unsigned int nbits)
{
	unsigned int i;

	for (i = 0; i < BITS_TO_LONGS(nbits); i++)
		dst[i] = src[i];
}

/* dst = a & b; true if the result has a bit set. */
static inline bool bitmap_and(unsigned long *dst, const unsigned long *a,
			      const unsigned long *b, unsigned int nbits)
{
	unsigned int i, n = BITS_TO_LONGS(nbits);
	unsigned long any = 0;

	for (i = 0; i < n; i++) {
		dst[i] = a[i] & b[i];
		if (i == n - 1)
			dst[i] &= BITMAP_LAST_WORD_MASK(nbits);
		any |= dst[i];
	}
	return any != 0;
}

static inline void bitmap_or(unsigned long *dst, const unsigned long *a,
			     const unsigned long *b, unsigned int nbits)
{
	unsigned int i, n = BITS_TO_LONGS(nbits);

	for (i = 0; i < n; i++) {
		dst[i] = a[i] | b[i];
		if (i == n - 1)
			dst[i] &= BITMAP_LAST_WORD_MASK(nbits);
	}
}

/* dst = a & ~b; true if the result has a bit set. */
static inline bool bitmap_andnot(unsigned long *dst, const unsigned long *a,
				 const unsigned long *b, unsigned int nbits)
{
	unsigned int i, n = BITS_TO_LONGS(nbits);
	unsigned long any = 0;

	for (i = 0; i < n; i++) {
		dst[i] = a[i] & ~b[i];
		if (i == n - 1)
			dst[i] &= BITMAP_LAST_WORD_MASK(nbits);
		any |= dst[i];
	}
	return any != 0;
}

/* Word i of a bitmap, without the bits past nbits. */
static inline unsigned long __bitmap_word(const unsigned long *src,
					  unsigned int i, unsigned int nbits)
{
	if (i == BITS_TO_LONGS(nbits) - 1)
		return src[i] & BITMAP_LAST_WORD_MASK(nbits);
	return src[i];
}

static inline bool bitmap_empty(const unsigned long *src, unsigned int nbits)
{
	unsigned int i;

	for (i = 0; i < BITS_TO_LONGS(nbits); i++)
		if (__bitmap_word(src, i, nbits))
			return false;
	return true;
}

static inline bool bitmap_full(const unsigned long *src, unsigned int nbits)
{
	unsigned int i, n = BITS_TO_LONGS(nbits);

	for (i = 0; i < n; i++) {
		unsigned long mask = i == n - 1 ? BITMAP_LAST_WORD_MASK(nbits) : ~0UL;

		if ((src[i] & mask) != mask)
			return false;
	}
	return true;
}

static inline bool bitmap_equal(const unsigned long *a, const unsigned long *b,
				unsigned int nbits)
{
	unsigned int i;

	for (i = 0; i < BITS_TO_LONGS(nbits); i++)
		if (__bitmap_word(a, i, nbits) != __bitmap_word(b, i, nbits))
			return false;
	return true;
}

static inline bool bitmap_intersects(const unsigned long *a,
				     const unsigned long *b,
				     unsigned int nbits)
{
	unsigned int i;

	for (i = 0; i < BITS_TO_LONGS(nbits); i++)
		if (__bitmap_word(a, i, nbits) & b[i])
			return true;
	return false;
}

/* Every bit of a is also in b. */
static inline bool bitmap_subset(const unsigned long *a,
				 const unsigned long *b, unsigned int nbits)
{
	unsigned int i;

	for (i = 0; i < BITS_TO_LONGS(nbits); i++)
		if (__bitmap_word(a, i, nbits) & ~b[i])
			return false;
	return true;
}

static inline unsigned int bitmap_weight(const unsigned long *src,
					 unsigned int nbits)
{
	unsigned int i, w = 0;

	for (i = 0; i < BITS_TO_LONGS(nbits); i++)
		w += (unsigned int)hweight_long(__bitmap_word(src, i, nbits));
	return w;
}

#endif /* SIM_LINUX_BITOPS_H */
