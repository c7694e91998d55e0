// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of running programs on the port (built once per variant): byte and
 * text forms replay to the same digest, runs are reset and deterministic,
 * the scenarios behave as documented, and frozen v1 inputs keep their
 * recorded digests.
 */
#include <dirent.h>

#include "harness.h"
#include "fuzz_util.h"
#include "mutator.h"

#define DONOR_WARN "WARN:kernel/sched/sched.h:put_prev_set_next_task:rq->donor != prev"

/* Byte strings whose runs are compared through text: a few hundred, to
 * keep the suite quick. */
#define NR_DIGEST_TRIPS	300

static uint8_t buf[FZ_BUF_SIZE];
static struct program pa, pb;
static char text[PROG_MAX_TEXT];

TEST(replay_op_names_match_driver,
     "The program's operation names are the driver's sim_op_name() names, which the trace watcher matches op events by.")
{
	unsigned int k;

	for (k = 0; k < SIM_NR_OPS; k++)
		CHECK_STR_EQ(prog_op_name(k), sim_op_name((enum sim_op_kind)k));
}

TEST(replay_bytes_text_bytes_digest,
     "Bytes -> text -> bytes replays to the same digest, and replaying one program twice gives the same digest, over 300 pseudo-random byte strings.")
{
	uint64_t seed = 0xd16e57;
	unsigned int i;
	char err[512];

	for (i = 0; i < NR_DIGEST_TRIPS; i++) {
		size_t n = fz_input(i, buf, &seed), t;
		uint64_t d1, d2, d3;

		prog_decode(&pa, buf, n);
		d1 = program_run(&pa, NULL, NULL)->digest;
		d2 = program_run(&pa, NULL, NULL)->digest;
		CHECK_MSG(d1 == d2, "input %u: two runs differ", i);

		t = prog_print(&pa, text, sizeof(text));
		CHECK(prog_parse(&pb, text, t, "rt", err, sizeof(err)));
		prog_decode(&pb, buf, prog_encode(&pb, buf));
		d3 = program_run(&pb, NULL, NULL)->digest;
		CHECK_MSG(d1 == d3, "input %u: bytes -> text -> bytes changed the digest\n%s",
			  i, text);
	}
}

TEST(replay_state_reset,
     "Each run starts from a clean machine: A, then B, then A again gives A's digest.")
{
	uint64_t seed = 11, da, db;
	size_t n;

	n = fz_input(40, buf, &seed);
	prog_decode(&pa, buf, n);
	n = fz_input(41, buf, &seed);
	prog_decode(&pb, buf, n);
	da = program_run(&pa, NULL, NULL)->digest;
	db = program_run(&pb, NULL, NULL)->digest;
	CHECK_EQ_U64(program_run(&pa, NULL, NULL)->digest, da);
	CHECK_EQ_U64(program_run(&pb, NULL, NULL)->digest, db);
}

TEST(replay_empty_program,
     "The empty program boots two idle CPUs and ends clean at time 0.")
{
	const struct sim_outcome *o;

	prog_init(&pa);
	o = program_run(&pa, NULL, NULL);
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	CHECK_EQ_U64(o->now_ns, 0);
}

static const struct sim_outcome *run_file(const char *path)
{
	if (!fz_parse_file(&pa, path))
		return NULL;
	return program_run(&pa, NULL, NULL);
}

TEST(replay_seed_race,
     "The seed-race scenario trips put_prev_set_next_task()'s donor WARN on stale-prev and runs clean on fixed, with the same digest twice.")
{
	const struct sim_outcome *o = run_file("tests/scenarios/seed-race.sched");
	uint64_t d;

	CHECK(o);
	d = o->digest;
	if (!strcmp(prog_variant, "stale-prev")) {
		CHECK_MSG(o->result == SIM_FINDING, "clean on stale-prev");
		CHECK_STR_EQ(o->id, DONOR_WARN);
		CHECK_STR_CONTAINS(o->report, "WARNING: CPU: 1 PID: ");
	} else {
		CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	}
	CHECK_EQ_U64(program_run(&pa, NULL, NULL)->digest, d);
}

TEST(replay_scenarios_clean,
     "Every other checked-in scenario runs clean on this variant.")
{
	DIR *d = opendir("tests/scenarios");
	struct dirent *e;
	char path[512];
	int seen = 0;

	CHECK_MSG(d, "run from the repository root");
	while ((e = readdir(d))) {
		const struct sim_outcome *o;
		size_t l = strlen(e->d_name);

		if (l < 7 || strcmp(e->d_name + l - 6, ".sched") ||
		    !strcmp(e->d_name, "seed-race.sched"))
			continue;
		snprintf(path, sizeof(path), "tests/scenarios/%s", e->d_name);
		o = run_file(path);
		if (!o || o->result != SIM_CLEAN) {
			closedir(d);
			CHECK_MSG(0, "%s: %s", path, o ? o->report : "does not parse");
		}
		seen++;
	}
	closedir(d);
	CHECK(seen >= 5);
}

TEST(replay_frozen_v1_inputs,
     "The frozen v1 byte inputs under tests/fuzz/frozen replay to the digests recorded for this variant.")
{
	FILE *f = fopen("tests/fuzz/frozen/digests", "r");
	char line[512], name[256], variant[64], path[512];
	unsigned long long want;
	int seen = 0;

	CHECK_MSG(f, "tests/fuzz/frozen/digests is missing");
	while (fgets(line, sizeof(line), f)) {
		long n;

		if (line[0] == '#' || sscanf(line, "%255s %63s %llx", name, variant, &want) != 3)
			continue;
		if (strcmp(variant, prog_variant))
			continue;
		snprintf(path, sizeof(path), "tests/fuzz/frozen/%s", name);
		n = fz_read_file(path, buf, sizeof(buf));
		if (n < 0) {
			fclose(f);
			CHECK_MSG(0, "cannot read %s", path);
		}
		prog_decode(&pa, buf, (size_t)n);
		if (program_run(&pa, NULL, NULL)->digest != want) {
			fclose(f);
			CHECK_MSG(0, "%s on %s: digest %016llx, recorded %016llx", name, variant,
				  (unsigned long long)sim_outcome()->digest, want);
		}
		seen++;
	}
	fclose(f);
	CHECK_MSG(seen >= 3, "only %d frozen inputs for %s", seen, prog_variant);
}

TEST(replay_mutator_reaches_seed_race,
     "One structure-aware mutation of the near-miss seed (corpus/proxy-dl-throttled-signal.bin, SIGUSR1 where the race needs SIGKILL) reaches the donor WARN on stale-prev for at least 3 of 1,500 seeds; on fixed none of them does.")
{
	static uint8_t seed_in[FZ_BUF_SIZE];
	long n = fz_read_file("corpus/proxy-dl-throttled-signal.bin", seed_in, sizeof(seed_in));
	unsigned int i, hits = 0;

	CHECK(n > 0);
	for (i = 0; i < 1500; i++) {
		const struct sim_outcome *o;
		size_t m;

		memcpy(buf, seed_in, (size_t)n);
		m = sched_mutate(buf, (size_t)n, PROG_MAX_ENCODED, NULL, 0, i, false);
		prog_decode(&pa, buf, m);
		o = program_run(&pa, NULL, NULL);
		hits += o->result == SIM_FINDING && !strcmp(o->id, DONOR_WARN);
	}
	if (!strcmp(prog_variant, "stale-prev"))
		CHECK_MSG(hits >= 3, "%u hits", hits);
	else
		CHECK_MSG(hits == 0, "%u hits on %s", hits, prog_variant);
}
