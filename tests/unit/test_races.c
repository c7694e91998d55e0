// SPDX-License-Identifier: GPL-2.0-only
/*
 * Races and deadlocks found by enumerating every choice buffer up to a
 * length: the buggy protocol fails on some buffer, its fixed version on
 * none, and each failure carries the expected oracle id and report.
 */
#include <stdlib.h>

#include "harness.h"
#include "toys.h"

static bool racy;
static bool ordered;

static void setup_claim(void)
{
	toy_claim_setup(2, racy);
}

static void setup_abba(void)
{
	toy_abba_setup(ordered);
}

struct enum_result {
	int runs, findings, clean;
	char first_id[256];
	char first_report[SIM_REPORT_SIZE];
	uint8_t first_choices[16];
	size_t first_len;
};

/* Run setup under every choice buffer of every length 0..maxlen over the
 * alphabet {0, 1} (two CPUs: a choice byte is taken modulo 2). */
static void enumerate(void (*setup)(void), size_t maxlen, struct enum_result *er)
{
	uint8_t buf[16];
	size_t len;

	memset(er, 0, sizeof(*er));
	for (len = 0; len <= maxlen; len++) {
		unsigned long mask;

		for (mask = 0; mask < (1ul << len); mask++) {
			const struct sim_outcome *o;
			size_t i;

			for (i = 0; i < len; i++)
				buf[i] = (uint8_t)((mask >> i) & 1);
			o = toy_run(setup, 2, buf, len);
			er->runs++;
			if (o->result == SIM_CLEAN) {
				er->clean++;
				continue;
			}
			if (!er->findings++) {
				snprintf(er->first_id, sizeof(er->first_id), "%s", o->id);
				snprintf(er->first_report, sizeof(er->first_report), "%s",
					 o->report);
				memcpy(er->first_choices, buf, len);
				er->first_len = len;
			}
		}
	}
}

TEST(race_found_by_enumeration,
     "A check-then-act across a lock drop is found by enumerating all choice buffers up to length 8, and reported as the WARN it trips.")
{
	struct enum_result er;

	racy = true;
	enumerate(setup_claim, 8, &er);
	CHECK(er.runs == 511);
	CHECK_MSG(er.findings > 0, "no buffer exposed the race");
	CHECK(er.clean > 0);	/* most interleavings are fine */
	CHECK_STR_EQ(er.first_id, toy_claim_warn_id);
	CHECK_STR_CONTAINS(er.first_report, "WARNING: CPU: ");
	CHECK_STR_CONTAINS(er.first_report, "toy_claim_racy (tests/toys.c)");
	CHECK_STR_CONTAINS(er.first_report, "toy_slot.owner != 0");
}

TEST(race_fixed_is_clean,
     "The same protocol with a re-check after re-taking the lock runs clean under every choice buffer up to length 8.")
{
	struct enum_result er;

	racy = false;
	enumerate(setup_claim, 8, &er);
	CHECK(er.runs == 511);
	CHECK_MSG(er.findings == 0, "fixed protocol failed: %s\n%s", er.first_id,
		  er.first_report);
}

TEST(race_replays_exactly,
     "The first failing choice buffer fails again, with the same id and digest, when replayed.")
{
	struct enum_result er;
	const struct sim_outcome *o;
	uint64_t d;

	racy = true;
	enumerate(setup_claim, 8, &er);
	CHECK(er.findings > 0);
	o = toy_run(setup_claim, 2, er.first_choices, er.first_len);
	CHECK(o->result == SIM_FINDING);
	CHECK_STR_EQ(o->id, er.first_id);
	d = o->digest;
	o = toy_run(setup_claim, 2, er.first_choices, er.first_len);
	CHECK_EQ_U64(o->digest, d);
	CHECK_STR_EQ(o->report, er.first_report);
}

TEST(abba_is_deadlock,
     "An AB-BA lock inversion deadlocks under some interleaving and is reported as a deadlock showing both CPUs' stacks and what each waits for.")
{
	struct enum_result er;

	ordered = false;
	enumerate(setup_abba, 8, &er);
	CHECK_MSG(er.findings > 0, "no interleaving deadlocked");
	CHECK_STR_EQ(er.first_id, "LIVENESS:deadlock");
	CHECK_STR_CONTAINS(er.first_report, "no CPU can proceed");
	CHECK_STR_CONTAINS(er.first_report, " CPU0: in event 'ab', waiting for B (held by CPU 1)");
	CHECK_STR_CONTAINS(er.first_report, " CPU1: in event 'ba', waiting for A (held by CPU 0)");
	CHECK_STR_CONTAINS(er.first_report, "  toy_take_two (tests/toys.c)\n  toy_ab (tests/toys.c)");
	CHECK_STR_CONTAINS(er.first_report, "  toy_take_two (tests/toys.c)\n  toy_ba (tests/toys.c)");
}

TEST(abba_ordered_is_clean,
     "When both CPUs take A before B, no choice buffer up to length 8 deadlocks.")
{
	struct enum_result er;

	ordered = true;
	enumerate(setup_abba, 8, &er);
	CHECK_MSG(er.findings == 0, "ordered locking failed: %s\n%s", er.first_id,
		  er.first_report);
}
