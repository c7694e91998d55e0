// SPDX-License-Identifier: GPL-2.0-only
/*
 * digest.c - the determinism digest: XXH3-64 over the trace.
 *
 * Records are two 64-bit words made of integers only (ids, counters, time,
 * hashes of names), never addresses, so the digest is the same under every
 * compiler, optimisation level and sanitizer.  They are buffered and folded
 * into a streaming XXH3 state a buffer at a time.
 */
#define XXH_STATIC_LINKING_ONLY
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "internal.h"

#ifndef SIM_NO_DIGEST
static XXH3_state_t sim_dig_state;

void sim_digest_flush(void)
{
	if (!sim_m.dig_n)
		return;
	XXH3_64bits_update(&sim_dig_state, sim_m.dig_buf,
			   (size_t)sim_m.dig_n * sizeof(uint64_t));
	sim_m.dig_n = 0;
}

void sim_digest_reset(void)
{
	XXH3_INITSTATE(&sim_dig_state);
	XXH3_64bits_reset(&sim_dig_state);
	sim_m.dig_n = 0;
	sim_m.dig_state = &sim_dig_state;
}

uint64_t sim_digest_final(void)
{
	sim_digest_flush();
	return XXH3_64bits_digest(&sim_dig_state);
}
#endif /* SIM_NO_DIGEST: the stubs are in internal.h */

uint64_t sim_hash_str(const char *s)
{
	size_t n = 0;

	if (!s)
		return 0;
	while (s[n])
		n++;
	return XXH3_64bits(s, n);
}
