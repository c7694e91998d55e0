/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * state.h - state feedback for the fuzz targets: at scheduling points, a
 * hash of an abstraction of the scheduler's state becomes coverage, so a
 * new interleaving counts as progress even when no new line runs.
 * Built with one variant of the port: it reads runqueues.
 */
#ifndef FUZZ_STATE_H
#define FUZZ_STATE_H

#include <stdint.h>

#include "program.h"

/* The domain the state hash is folded into (a power of two). */
#define STATE_SLOTS		4096

/* The trace hook to pass to program_run() (its argument is unused).  Under
 * -DSCHEDFUZZ_NO_STATE_FEEDBACK it does nothing. */
void state_feedback_hook(const struct sim_trace_rec *r, void *arg);

/* Call before each run: the hook reports each slot once per run. */
void state_run_begin(void);

/* The abstract state right now, folded into [0, STATE_SLOTS). */
unsigned int state_slot(void);

/* Slots the hook has reached since the process started (for tests). */
unsigned int state_slots_seen(void);

#endif /* FUZZ_STATE_H */
