// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_run.c - the benchmark's own runner of programs, built per variant
 * (build/<config>/bin/bench-run-<variant>); tools/bench.py drives it.
 *
 *   bench-run-V replay [--reps N] [--min-secs S] FILE...
 *	Runs the FILEs (fuzz inputs, bytes) as the fuzz target does: decode,
 *	run with the state-feedback hook.  One warm-up pass, then N
 *	repetitions, each going round the FILEs until at least S seconds have
 *	passed.  One line per repetition:
 *	    rep I execs N secs S steps N ops N findings N
 *
 *   bench-run-V random --seed N --budget SECS --expect ID [--max-len L]
 *		[--format V] [--out F [--keep-going]]
 *	The random baseline: uniformly random byte strings, each of a length
 *	drawn uniformly from 1..L (default 512, about twice the largest seed),
 *	through the same decoder and simulator, with no feedback, until one
 *	fires oracle ID or SECS pass.  Prints
 *	    found SECS EXECS          (exit 0; the input is written to F)
 *	    notfound SECS EXECS       (exit 3)
 *	--format V: the first byte is V, the rest random: random programs of
 *	encoding format V (docs/encoding.md), for bugs that need a format's
 *	newer operations (uniform bytes say v2 only when the first is 2).
 *	--keep-going: every hit (up to 1,000) is written, to F.000001,
 *	F.000002, ... (each whole: renamed from F.NNNNNN.part), with a found
 *	line, until SECS pass; then "hits N SECS EXECS" (exit 0) or notfound.
 *	The bench judges each hit (it may be an open finding of fixed with
 *	the same id).
 *
 *   bench-run-V template --seed N --count N [--aim] [--expect ID [--save DIR]]
 *	Draws N programs from the mutator's race-shape template
 *	(sched_mutator_bare_template(), seeds N, N+1, ...; with --aim each choice
 *	stream aimed at an rq lock drop, fuzz/aim.c), runs each as the fuzz
 *	target does and prints how many fired a finding, and which ids:
 *	    template N findings F
 *	    id COUNT ORACLE-ID      (one line per id, most frequent first)
 *	    expect COUNT ID         (with --expect: the draws that fired ID)
 *	--save writes each draw that fired ID to DIR/SEED (DIR must exist).
 *	For tuning the template: how often a fresh draw alone fires a bug.
 *
 * The bytes come from a splitmix64 generator seeded by --seed, here in the
 * benchmark.  This tool reads the clock to measure; the simulator's run
 * path (sim/, sim/kernel/, fuzz/) reads neither clock nor randomness.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aim.h"
#include "mutator.h"
#include "program.h"
#include "state.h"

#define BENCH_MAX_FILES	1024

static struct program bench_prog;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: bench-run-%s replay [--reps N] [--min-secs S] FILE...\n"
		   "       bench-run-%s random --seed N --budget SECS --expect ID"
		   " [--max-len L] [--format V] [--out FILE [--keep-going]]\n"
		   "       bench-run-%s template --seed N --count N [--aim] [--expect ID [--save DIR]]\n",
		prog_variant, prog_variant, prog_variant);
}

static double arg_num(const char *opt, const char *v)
{
	char *end;
	double d;

	if (!v) {
		fprintf(stderr, "bench-run: %s needs a value\n", opt);
		exit(2);
	}
	d = strtod(v, &end);
	if (*end || d < 0) {
		fprintf(stderr, "bench-run: %s: not a number: '%s'\n", opt, v);
		exit(2);
	}
	return d;
}

static int cmd_replay(int argc, char **argv)
{
	static uint8_t *bufs[BENCH_MAX_FILES];
	static size_t lens[BENCH_MAX_FILES];
	int i, r, nf = 0, reps = 5;
	double min_secs = 1.0;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--reps")) {
			reps = (int)arg_num(argv[i], argv[i + 1]);
			i++;
		} else if (!strcmp(argv[i], "--min-secs")) {
			min_secs = arg_num(argv[i], argv[i + 1]);
			i++;
		} else {
			FILE *f = fopen(argv[i], "rb");

			if (!f) {
				perror(argv[i]);
				return 2;
			}
			if (nf == BENCH_MAX_FILES) {
				fprintf(stderr, "bench-run: more than %d files\n", BENCH_MAX_FILES);
				return 2;
			}
			bufs[nf] = malloc(PROG_MAX_ENCODED);
			if (!bufs[nf]) {
				perror("malloc");
				return 2;
			}
			lens[nf] = fread(bufs[nf], 1, PROG_MAX_ENCODED, f);
			fclose(f);
			nf++;
		}
	}
	if (!nf || reps < 1) {
		usage(stderr);
		return 2;
	}
	for (i = 0; i < nf; i++) {	/* warm-up */
		prog_decode(&bench_prog, bufs[i], lens[i]);
		program_run(&bench_prog, state_feedback_hook, NULL);
	}
	for (r = 0; r < reps; r++) {
		unsigned long long execs = 0, steps = 0, ops = 0, findings = 0;
		double t0 = now_s(), t;

		do {
			for (i = 0; i < nf; i++) {
				const struct sim_outcome *out;

				prog_decode(&bench_prog, bufs[i], lens[i]);
				out = program_run(&bench_prog, state_feedback_hook, NULL);
				execs++;
				steps += out->steps;
				ops += bench_prog.nr_ops;
				findings += out->result == SIM_FINDING;
			}
			t = now_s() - t0;
		} while (t < min_secs);
		printf("rep %d execs %llu secs %.6f steps %llu ops %llu findings %llu\n",
		       r, execs, t, steps, ops, findings);
	}
	return 0;
}

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Hits kept by one random run with --keep-going, at most. */
#define BENCH_MAX_HITS	1000

/* Write a hit to path (n == 0) or path.NNNNNN, whole or not at all: the
 * bench reads these files while the run goes on. */
static int write_hit(const char *path, unsigned int n, const uint8_t *b, size_t len)
{
	char dst[4096], tmp[4200];
	FILE *f;

	if (n)
		snprintf(dst, sizeof(dst), "%s.%06u", path, n);
	else
		snprintf(dst, sizeof(dst), "%s", path);
	snprintf(tmp, sizeof(tmp), "%s.part", dst);
	f = fopen(tmp, "wb");
	if (!f || fwrite(b, 1, len, f) != len || fclose(f) || rename(tmp, dst)) {
		perror(dst);
		return 1;
	}
	return 0;
}

static int cmd_random(int argc, char **argv)
{
	static uint8_t buf[PROG_MAX_ENCODED];
	const char *expect = NULL, *outf = NULL;
	uint64_t seed = 0, execs = 0;
	double budget = 10, t0, t = 0;
	size_t max_len = 512;
	unsigned int hits = 0;
	int format = -1;
	bool keep_going = false;
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--keep-going")) {
			keep_going = true;
			continue;
		}
		i++;		/* every other option takes a value */
		if (!strcmp(a, "--seed"))
			seed = (uint64_t)arg_num(a, v);
		else if (!strcmp(a, "--budget"))
			budget = arg_num(a, v);
		else if (!strcmp(a, "--max-len"))
			max_len = (size_t)arg_num(a, v);
		else if (!strcmp(a, "--format"))
			format = (int)arg_num(a, v);
		else if (!strcmp(a, "--expect") && v)
			expect = v;
		else if (!strcmp(a, "--out") && v)
			outf = v;
		else {
			usage(stderr);
			return 2;
		}
	}
	if (!expect || max_len < 1 || max_len > sizeof(buf) || (keep_going && !outf) ||
	    format > 255) {
		usage(stderr);
		return 2;
	}
	t0 = now_s();
	for (;;) {
		size_t len = 1 + (size_t)(splitmix64(&seed) % max_len), j;
		const struct sim_outcome *out;

		for (j = 0; j < len; j += 8) {
			uint64_t w = splitmix64(&seed);

			memcpy(buf + j, &w, len - j < 8 ? len - j : 8);
		}
		if (format >= 0)
			buf[0] = (uint8_t)format;
		prog_decode(&bench_prog, buf, len);
		out = program_run(&bench_prog, NULL, NULL);
		execs++;
		if (out->result == SIM_FINDING && !strcmp(out->id, expect) &&
		    hits < BENCH_MAX_HITS) {
			t = now_s() - t0;
			if (outf && write_hit(outf, keep_going ? ++hits : 0, buf, len))
				return 2;
			printf("found %.3f %llu\n", t, (unsigned long long)execs);
			if (!keep_going)
				return 0;
			fflush(stdout);
		}
		if (!(execs & 63)) {
			t = now_s() - t0;
			if (t >= budget)
				break;
		}
	}
	if (hits) {
		printf("hits %u %.3f %llu\n", hits, t, (unsigned long long)execs);
		return 0;
	}
	printf("notfound %.3f %llu\n", t, (unsigned long long)execs);
	return 3;
}

#define BENCH_MAX_IDS	64

struct bench_id {
	char id[128];
	unsigned long long n;
};

static int bench_id_cmp(const void *a, const void *b)
{
	const struct bench_id *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->id, y->id);
}

static int cmd_template(int argc, char **argv)
{
	static uint8_t buf[PROG_MAX_ENCODED];
	static struct bench_id ids[BENCH_MAX_IDS];
	unsigned long long count = 0, i, findings = 0, expected = 0;
	const char *expect = NULL, *save = NULL;
	uint64_t seed = 0;
	int a, nids = 0, k;
	bool aim = false;

	for (a = 0; a < argc; a += 2) {
		const char *v = a + 1 < argc ? argv[a + 1] : NULL;

		if (!strcmp(argv[a], "--seed"))
			seed = (uint64_t)arg_num(argv[a], v);
		else if (!strcmp(argv[a], "--count"))
			count = (unsigned long long)arg_num(argv[a], v);
		else if (!strcmp(argv[a], "--expect") && v)
			expect = v;
		else if (!strcmp(argv[a], "--save") && v)
			save = v;
		else if (!strcmp(argv[a], "--aim")) {
			aim = true;
			a--;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!count || (save && !expect)) {
		usage(stderr);
		return 2;
	}
	for (i = 0; i < count; i++) {
		size_t len = sched_mutator_bare_template(buf, seed + i);
		const struct sim_outcome *out;

		prog_decode(&bench_prog, buf, len);
		if (aim && sched_aim(&bench_prog, (seed + i) * 0x9e3779b97f4a7c15ULL))
			len = prog_encode(&bench_prog, buf);
		out = program_run(&bench_prog, state_feedback_hook, NULL);
		if (out->result != SIM_FINDING)
			continue;
		findings++;
		if (expect && !strcmp(out->id, expect)) {
			expected++;
			if (save) {
				char path[4096];

				snprintf(path, sizeof(path), "%s/%llu", save,
					 (unsigned long long)(seed + i));
				if (write_hit(path, 0, buf, len))
					return 2;
			}
		}
		for (k = 0; k < nids && strcmp(ids[k].id, out->id); k++)
			;
		if (k == nids) {
			if (nids == BENCH_MAX_IDS)
				continue;
			snprintf(ids[k].id, sizeof(ids[k].id), "%s", out->id);
			nids++;
		}
		ids[k].n++;
	}
	qsort(ids, (size_t)nids, sizeof(ids[0]), bench_id_cmp);
	printf("template %llu findings %llu\n", count, findings);
	for (k = 0; k < nids; k++)
		printf("id %llu %s\n", ids[k].n, ids[k].id);
	if (expect)
		printf("expect %llu %s\n", expected, expect);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "replay"))
		return cmd_replay(argc - 2, argv + 2);
	if (!strcmp(argv[1], "random"))
		return cmd_random(argc - 2, argv + 2);
	if (!strcmp(argv[1], "template"))
		return cmd_template(argc - 2, argv + 2);
	usage(stderr);
	return 2;
}
