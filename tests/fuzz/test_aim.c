// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of fuzz/aim.c on the port (built once per variant): an aimed
 * stream replays the run up to one rq lock drop inside __schedule() and
 * switches CPUs there, deterministically, and that finds the seed race
 * from its program with no choice stream at all.
 */
#include <dirent.h>

#include "harness.h"
#include "fuzz_util.h"
#include "aim.h"

#define DONOR_WARN "WARN:kernel/sched/sched.h:put_prev_set_next_task:rq->donor != prev"

static struct program pa, pb;

/* The CPUs chosen at contested decisions, in order. */
struct aim_picks {
	unsigned int nr;
	int cpu[PROG_MAX_CHOICES];
};

static struct aim_picks picks_a, picks_b;

static void picks_hook(const struct sim_trace_rec *r, void *arg)
{
	struct aim_picks *k = arg;

	if (r->kind == SIM_TR_DECIDE && r->nr_runnable >= 2 && k->nr < PROG_MAX_CHOICES)
		k->cpu[k->nr++] = r->cpu;
}

TEST(aim_finds_seed_race_without_choices,
     "The seed race's program with its choice stream removed runs clean everywhere; aimed at its rq lock drops with 100 draws, it trips the donor WARN on stale-prev at least 10 times, and on fixed every aimed run is clean.")
{
	const struct sim_outcome *o;
	unsigned int i, hits = 0, clean = 0;
	uint64_t s = 1;

	CHECK(fz_parse_file(&pa, "tests/scenarios/seed-race.sched"));
	pa.nr_choices = 0;
	o = program_run(&pa, NULL, NULL);
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->id);
	CHECK_MSG(sched_aim_windows(&pa) >= 2, "%u windows", sched_aim_windows(&pa));
	for (i = 0; i < 100; i++) {
		pb = pa;
		CHECK(sched_aim(&pb, fz_next(&s)));
		CHECK(pb.nr_choices >= 1);
		o = program_run(&pb, NULL, NULL);
		hits += o->result == SIM_FINDING && !strcmp(o->id, DONOR_WARN);
		clean += o->result == SIM_CLEAN;
	}
	if (!strcmp(prog_variant, "stale-prev"))
		CHECK_MSG(hits >= 10, "%u hits", hits);
	else
		CHECK_MSG(clean == 100, "%u of 100 clean on %s", clean, prog_variant);
}

TEST(aim_replays_prefix_then_switches,
     "For every corpus input with a window, each of 8 aims gives the same stream for the same draw, replays the unaimed run's contested decisions exactly up to its last byte, and there runs another CPU; a one-CPU program has no window and is left unchanged.")
{
	DIR *d = opendir("corpus");
	struct dirent *e;
	unsigned int files = 0, aimed = 0;

	CHECK(d);
	while ((e = readdir(d))) {
		static uint8_t in[FZ_BUF_SIZE];
		char path[512];
		size_t l = strlen(e->d_name);
		unsigned int i, j;
		long n;
		uint64_t s = 7;

		if (l < 5 || strcmp(e->d_name + l - 4, ".bin"))
			continue;
		snprintf(path, sizeof(path), "corpus/%s", e->d_name);
		n = fz_read_file(path, in, sizeof(in));
		CHECK(n > 0);
		files++;
		prog_decode(&pa, in, (size_t)n);
		picks_a.nr = 0;
		program_run(&pa, picks_hook, &picks_a);
		for (i = 0; i < 8; i++) {
			uint64_t r = fz_next(&s);
			static struct program pc;

			pb = pa;
			if (!sched_aim(&pb, r)) {
				CHECK(prog_equal(&pb, &pa));
				break;
			}
			pc = pa;
			CHECK(sched_aim(&pc, r));
			CHECK(prog_equal(&pb, &pc));
			j = pb.nr_choices - 1u;
			CHECK_MSG(j < picks_a.nr, "%s: byte %u of %u decisions", path, j, picks_a.nr);
			picks_b.nr = 0;
			program_run(&pb, picks_hook, &picks_b);
			CHECK(picks_b.nr > j);
			CHECK_MSG(!memcmp(picks_a.cpu, picks_b.cpu, j * sizeof(int)),
				  "%s: the prefix of %u decisions differs", path, j);
			CHECK_MSG(picks_a.cpu[j] != picks_b.cpu[j], "%s: no switch at %u", path, j);
			aimed++;
		}
	}
	closedir(d);
	CHECK(files >= 20);
	CHECK_MSG(aimed >= files, "%u aims over %u files", aimed, files);

	prog_init(&pa);
	pa.nr_cpus = 1;
	pa.nr_tasks = 1;
	prog_default_task_name(pa.tasks[0].name, 1);
	pa.nr_choices = 3;
	pb = pa;
	CHECK(!sched_aim(&pb, 1));
	CHECK(prog_equal(&pb, &pa));
}
