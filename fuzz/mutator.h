/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mutator.h - the structure-aware mutator (mutator.c): edits a program's
 * canonical byte encoding field by field and record by record.
 */
#ifndef FUZZ_MUTATOR_H
#define FUZZ_MUTATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "program.h"

/*
 * Mutate the input data[0..size) in place into a canonical encoding of at
 * most max_size bytes (data has room for max_size); returns its length.
 * other (may be NULL) is a second input to take records from; cross asks
 * for a crossover first.  The same arguments give the same result.
 */
size_t sched_mutate(uint8_t *data, size_t size, size_t max_size,
		    const uint8_t *other, size_t other_size, uint64_t seed,
		    bool cross);

/*
 * A fresh program of the shape proxy-execution races take (an owner, one
 * or two waiters on a mutex, racing operations at their instants, a choice
 * stream), canonically encoded into out (room for PROG_MAX_ENCODED);
 * returns its length: the draw alone, neither edited nor aimed (the
 * bench counts what it fires).  sched_mutate() draws one in 32 of its
 * inputs so; sched_mutate_template() below edits and aims it as they are.
 */
size_t sched_mutator_bare_template(uint8_t *out, uint64_t seed);

/*
 * Load the *.bin files of dir (in name order, up to 256) as the seeds,
 * replacing any loaded before; returns how many.  NULL or a missing dir
 * leaves none.
 */
unsigned int sched_mutator_seeds(const char *dir);

/*
 * An engine that links the simulator sets aim (fuzz/aim.c's sched_aim):
 * then one sched_mutate() in eight (one in two of those that draw a
 * template) ends by aiming the result's choice stream at an rq lock drop
 * of its run.  NULL (the default) turns it off.
 */
void sched_mutator_set_aim(bool (*aim)(struct program *p, uint64_t r));

/*
 * What the engines call: one time in eight (when seeds are loaded) the
 * input is replaced by a seed, then mutated as sched_mutate() does.
 * *state is the caller's generator state, advanced.
 */
size_t sched_mutate_next(uint8_t *data, size_t size, size_t max_size, uint64_t *state);

/*
 * A fresh template draw (mut_template()), edited as a template draw of
 * sched_mutate() is, aimed one time in two when an aimer is set; into
 * data (room max_size).  The same seed gives the same program.
 */
size_t sched_mutate_template(uint8_t *data, size_t max_size, uint64_t seed);

/*
 * An engine's calls (AFL++'s afl_custom_fuzz, libFuzzer's
 * LLVMFuzzerCustomMutator): s is its generator state, calls how many
 * calls it has made.  During its first warm_calls calls, one in two is
 * sched_mutate_template(): the template draws the races' shapes
 * outright, early in the campaign, when the engine's queue is still the
 * seeds and their first edits.  Of the other calls, one in eight with a
 * second input (add) is a crossover, the rest sched_mutate_next().
 */
struct sched_mut_engine {
	uint64_t s;
	unsigned long calls;
	unsigned long warm_calls;
};

size_t sched_mutate_engine(struct sched_mut_engine *e, uint8_t *data, size_t size,
			   size_t max_size, const uint8_t *add, size_t add_size);

#endif /* FUZZ_MUTATOR_H */
