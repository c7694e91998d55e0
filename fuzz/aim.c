// SPDX-License-Identifier: GPL-2.0-only
/*
 * aim.c - choice streams aimed at the rq lock drops inside __schedule().
 *
 * The races schedfuzz is for live in the few steps between a CPU dropping
 * its own rq lock inside __schedule() (a newidle balance's
 * double_lock_balance(), a proxy migration, a class's balance pass) and
 * taking it back.  In an interleaving of a few hundred contested decisions
 * such a window is two or three decisions long, so a choice stream drawn
 * at random (or a run "CPU a N times, then CPU b") rarely switches CPUs
 * inside one: the seed race needs exactly `choices 0*N 1` with N in 19..21.
 *
 * sched_aim() runs the program once as it stands and records, at each
 * contested decision, which CPU ran (its index among the runnable ones,
 * the choice byte that picks it) and whether that CPU was inside such a
 * window.  It then rewrites the choice stream: the recorded picks up to
 * one window decision, drawn at random, so the run is replayed exactly up
 * to there, and at that decision another CPU.  When the stream runs out
 * the CPU that ran last goes on (docs/runtime.md), so the other CPU keeps
 * running while the first one waits inside its window.
 *
 * It runs the simulator, so it belongs to the engines' side (the AFL++
 * mutator, the bench's template draws), never to a run being judged: the
 * stream it writes is an ordinary choice stream, and the input replays as
 * any other.
 */
#include <string.h>

#include "aim.h"

struct aim_run {
	unsigned int nr;		/* contested decisions recorded */
	unsigned int nr_win;		/* of which inside a window */
	bool in_window[SIM_MAX_CPUS];
	uint8_t pick[PROG_MAX_CHOICES];
	uint8_t k[PROG_MAX_CHOICES];
	uint16_t win[PROG_MAX_CHOICES];
};

static struct aim_run aim_run;

static void aim_hook(const struct sim_trace_rec *r, void *arg)
{
	struct aim_run *a = arg;

	if (r->cpu < 0 || r->cpu >= SIM_MAX_CPUS)
		return;
	switch (r->kind) {
	case SIM_TR_RELEASE:
		/* Its own rq lock, dropped inside __schedule(): a window
		 * until it is taken back. */
		if (program_rq_cpu_of_lock(r->b) == r->cpu && sim_in_func("__schedule"))
			a->in_window[r->cpu] = true;
		break;
	case SIM_TR_ACQUIRED:
		if (program_rq_cpu_of_lock(r->b) == r->cpu)
			a->in_window[r->cpu] = false;
		break;
	case SIM_TR_DONE:
		a->in_window[r->cpu] = false;
		break;
	case SIM_TR_DECIDE:
		if (r->nr_runnable < 2 || a->nr >= PROG_MAX_CHOICES)
			break;
		if (a->in_window[r->cpu])
			a->win[a->nr_win++] = (uint16_t)a->nr;
		a->pick[a->nr] = (uint8_t)r->pick;
		a->k[a->nr] = (uint8_t)r->nr_runnable;
		a->nr++;
		break;
	default:
		break;
	}
}

unsigned int sched_aim_windows(const struct program *p)
{
	/* Only the counts and the windows' state: the arrays are written
	 * before they are read. */
	aim_run.nr = aim_run.nr_win = 0;
	memset(aim_run.in_window, 0, sizeof(aim_run.in_window));
	program_run(p, aim_hook, &aim_run);
	return aim_run.nr_win;
}

bool sched_aim(struct program *p, uint64_t r)
{
	unsigned int j, at, k;

	if (!sched_aim_windows(p))
		return false;
	j = aim_run.win[(r & 0xffffffffu) % aim_run.nr_win];
	k = aim_run.k[j];
	memcpy(p->choices, aim_run.pick, j);
	/* Any CPU but the one the run chose there. */
	at = (aim_run.pick[j] + 1 + (unsigned int)((r >> 32) % (k - 1))) % k;
	p->choices[j] = (uint8_t)at;
	p->nr_choices = (uint16_t)(j + 1);
	return true;
}
