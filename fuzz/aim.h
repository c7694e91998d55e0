/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * aim.h - choice streams aimed at the rq lock drops inside __schedule()
 * (aim.c).  Both run the simulator: aim.c is built per variant, and into
 * the AFL++ mutator .so with the fixed port.
 */
#ifndef FUZZ_AIM_H
#define FUZZ_AIM_H

#include <stdbool.h>
#include <stdint.h>

#include "program.h"

/* Run p once; how many of its contested decisions fell while the CPU that
 * ran had dropped its own rq lock inside __schedule(). */
unsigned int sched_aim_windows(const struct program *p);

/*
 * Rewrite p's choice stream to replay its run up to one such decision
 * (drawn from r) and there choose another CPU.  False, p unchanged, if its
 * run has none.
 */
bool sched_aim(struct program *p, uint64_t r);

#endif /* FUZZ_AIM_H */
