// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the aimer's child process (fuzz/aimguard.c): it gives what an
 * in-process call gives, and a crash or a hang there costs one call, not
 * the caller.  A stand-in aimer (this binary has no port) writes a stream
 * that depends on the program and on r, and crashes or hangs on cue.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "fuzz_util.h"
#include "aimguard.h"

#define CUE_CRASH	1000
#define CUE_HANG	2000

static uint8_t buf[FZ_BUF_SIZE];
static struct program direct, guarded, before;

static bool cue_aim(struct program *p, uint64_t r)
{
	unsigned int i, n;

	if (r == CUE_CRASH)
		abort();
	if (r == CUE_HANG)
		for (;;)
			pause();
	if (r % 3 == 0)
		return false;
	n = 1 + (unsigned int)(r % 7);
	for (i = 0; i < n; i++)
		p->choices[i] = (uint8_t)(r >> (8 * i)) ^ (uint8_t)(p->nr_ops + p->nr_tasks + i);
	p->nr_choices = (uint16_t)n;
	return true;
}

static bool no_child_left(void)
{
	return waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD;
}

TEST(aim_guard_matches_in_process,
     "600 fuzz inputs aimed in the child come back exactly as an in-process call leaves them (declined ones unchanged), from one child; stopping reaps it.")
{
	const struct aim_guard_stats *st;
	unsigned int i, accepted = 0;

	CHECK(aim_guard_start(cue_aim, 5000));
	for (i = 0; i < 600; i++) {
		uint64_t seed = 300 + i, r = 0x9e3779b97f4a7c15ULL * (i + 1);
		size_t n = fz_input(i, buf, &seed);
		bool a, b;

		prog_decode(&direct, buf, n);
		guarded = direct;
		a = cue_aim(&direct, r);
		b = aim_guarded(&guarded, r);
		CHECK_MSG(a == b, "input %u: in-process %d, child %d", i, a, b);
		CHECK_MSG(prog_equal(&direct, &guarded), "input %u: the child's program differs", i);
		accepted += a;
	}
	st = aim_guard_stats();
	CHECK_EQ_U64(st->calls, 600);
	CHECK_EQ_U64(st->starts, 1);
	CHECK_EQ_U64(st->crashes + st->hangs, 0);
	CHECK_MSG(accepted >= 300 && accepted <= 500, "%u of 600 accepted", accepted);
	aim_guard_stop();
	CHECK(no_child_left());
	CHECK(!aim_guarded(&guarded, 1));
}

TEST(aim_guard_survives_crash_and_hang,
     "An aimer that aborts, or hangs past the timeout, costs that call (false, the program unchanged): the child is reaped and the next call gets a new one; after 100 failures aiming stops for good.")
{
	const struct aim_guard_stats *st;
	uint64_t seed = 9;
	size_t n = fz_input(5, buf, &seed);
	unsigned int i;

	prog_decode(&before, buf, n);
	CHECK(aim_guard_start(cue_aim, 200));
	guarded = before;
	CHECK(aim_guarded(&guarded, 1));
	guarded = before;
	CHECK(!aim_guarded(&guarded, CUE_CRASH));
	CHECK(prog_equal(&guarded, &before));
	st = aim_guard_stats();
	CHECK_EQ_U64(st->crashes, 1);
	CHECK(aim_guarded(&guarded, 2));
	CHECK_EQ_U64(st->starts, 2);
	guarded = before;
	CHECK(!aim_guarded(&guarded, CUE_HANG));
	CHECK(prog_equal(&guarded, &before));
	CHECK_EQ_U64(st->hangs, 1);
	direct = before;
	guarded = before;
	CHECK(cue_aim(&direct, 4) && aim_guarded(&guarded, 4));
	CHECK(prog_equal(&direct, &guarded));
	CHECK_EQ_U64(st->starts, 3);
	CHECK_EQ_U64(st->calls, 5);

	for (i = 2; i < AIM_GUARD_MAX_FAILURES; i++)
		CHECK(!aim_guarded(&guarded, CUE_CRASH));
	CHECK_EQ_U64(st->crashes + st->hangs, AIM_GUARD_MAX_FAILURES);
	CHECK(!aim_guarded(&guarded, 1));
	CHECK_EQ_U64(st->calls, 5 + AIM_GUARD_MAX_FAILURES - 2);
	CHECK(no_child_left());
	aim_guard_stop();
}
