/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fuzz_util.h - helpers shared by the tests of fuzz/: a deterministic
 * pseudo-random generator, the input families the round-trip tests use,
 * and reading files.
 */
#ifndef TESTS_FUZZ_FUZZ_UTIL_H
#define TESTS_FUZZ_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "program.h"

/* splitmix64: fixed seed, same sequence everywhere. */
static inline uint64_t fz_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint32_t fz_below(uint64_t *s, uint32_t n)
{
	return n ? (uint32_t)(fz_next(s) % n) : 0;
}

#define FZ_BUF_SIZE	(PROG_MAX_ENCODED + 4096)

/*
 * Input number i of the round-trip family: the edge cases first (empty,
 * one byte, all-0x00 and all-0xff at several sizes, maximum size and past
 * it), then random bytes of random length, then well-formed headers with
 * random records (so that many operations decode), then encodings of
 * random programs with a few bytes flipped.  Returns the length.
 */
/* Random records behind a header whose counts are in range, so that many
 * tasks and operations decode.  Returns the length. */
static inline size_t fz_wellformed(uint8_t *buf, uint64_t *seed)
{
	size_t n, k;

	n = PROG_V1_HEADER + fz_below(seed, 8) * PROG_V1_TASK +
	    fz_below(seed, 40) * PROG_V1_OP + fz_below(seed, 300);
	for (k = 0; k < n; k++)
		buf[k] = (uint8_t)fz_next(seed);
	buf[2] = (uint8_t)fz_below(seed, 9);
	buf[3] = (uint8_t)fz_below(seed, 5);
	buf[4] = (uint8_t)fz_below(seed, 41);
	buf[5] = 0;
	buf[6] = (uint8_t)fz_below(seed, 64);
	buf[7] = 0;
	return n;
}

static inline size_t fz_input(unsigned int i, uint8_t *buf, uint64_t *seed)
{
	static struct program tmp;
	size_t n, k;

	switch (i) {
	case 0:
		return 0;
	case 1:
		buf[0] = 0x01;
		return 1;
	case 2:
		buf[0] = 0xff;
		return 1;
	case 3: case 4: case 5:
		n = i == 3 ? 8 : i == 4 ? 512 : PROG_MAX_ENCODED;
		memset(buf, 0x00, n);
		return n;
	case 6: case 7: case 8:
		n = i == 6 ? 8 : i == 7 ? 512 : PROG_MAX_ENCODED;
		memset(buf, 0xff, n);
		return n;
	case 9:
		n = FZ_BUF_SIZE;	/* past the maximum */
		for (k = 0; k < n; k++)
			buf[k] = (uint8_t)fz_next(seed);
		return n;
	default:
		break;
	}
	switch (i % 3) {
	case 0:
		n = fz_below(seed, 600);
		for (k = 0; k < n; k++)
			buf[k] = (uint8_t)fz_next(seed);
		return n;
	case 1:
		n = fz_wellformed(buf, seed);
		buf[0] = PROG_FORMAT_V1;
		return n;
	default:
		n = fz_wellformed(buf, seed);
		prog_decode(&tmp, buf, n);
		n = prog_encode(&tmp, buf);
		for (k = fz_below(seed, 4); k > 0 && n; k--)
			buf[fz_below(seed, (uint32_t)n)] ^= (uint8_t)(1u << fz_below(seed, 8));
		return n;
	}
}

/* Read a whole file into buf (at most cap bytes); -1 on error. */
static inline long fz_read_file(const char *path, void *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, cap, f);
	fclose(f);
	return (long)n;
}

/* Parse the scenario file at path into p; on failure say why and return
 * false. */
static inline bool fz_parse_file(struct program *p, const char *path)
{
	static char src[PROG_MAX_TEXT];
	char err[512];
	long n = fz_read_file(path, src, sizeof(src));

	if (n < 0 || !prog_parse(p, src, (size_t)n, path, err, sizeof(err))) {
		printf("  %s: %s\n", path, n < 0 ? "cannot read" : err);
		return false;
	}
	return true;
}

#endif /* TESTS_FUZZ_FUZZ_UTIL_H */
