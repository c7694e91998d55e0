// SPDX-License-Identifier: GPL-2.0-only
/*
 * digests.c - prints the outcome and digest of a fixed set of runs.  The
 * test suite builds it with gcc and clang, at -O0 and -O2, with and without
 * sanitizers, and requires every build to print the same lines.
 */
#include <stdio.h>

#include "toys.h"

static unsigned int claim_cpus;
static bool claim_racy;
static unsigned int counter_cpus;
static int counter_loops;

static void setup_claim(void)
{
	toy_claim_setup(claim_cpus, claim_racy);
}

static void setup_abba(void)
{
	toy_abba_setup(false);
}

static void setup_counter(void)
{
	toy_counter_setup(counter_cpus, counter_loops);
}

static void setup_timers(void)
{
	toy_timers_setup(counter_cpus, 1000000, 20000000);
}

static void print(const char *name, int i, const struct sim_outcome *o)
{
	printf("%s/%d %016llx %s steps=%llu used=%llu t=%llu\n", name, i,
	       (unsigned long long)o->digest, o->result ? o->id : "clean",
	       (unsigned long long)o->steps,
	       (unsigned long long)o->choices_used,
	       (unsigned long long)o->now_ns);
}

int main(void)
{
	uint8_t buf[256];
	int i;

	for (i = 0; i < 16; i++) {
		toy_fill_random(buf, sizeof(buf), (uint64_t)i);
		claim_cpus = 2 + (unsigned int)i % 3;
		claim_racy = i & 1;
		print("claim", i, toy_run(setup_claim, claim_cpus, buf, 12));
		print("abba", i, toy_run(setup_abba, 2, buf, (size_t)i));
		counter_cpus = 2 + (unsigned int)i % 7;
		counter_loops = 1 + i;
		print("counter", i, toy_run(setup_counter, counter_cpus, buf, sizeof(buf)));
		print("timers", i, toy_run(setup_timers, counter_cpus, buf, (size_t)i * 4));
	}
	return 0;
}
