// SPDX-License-Identifier: GPL-2.0-only
/*
 * target.c - the fuzz target, one engine-agnostic entry point built three
 * ways (DESIGN §2.7):
 *
 *	-DSCHEDFUZZ_LIBFUZZER	libFuzzer (clang -fsanitize=fuzzer,...): the
 *				engine supplies main()
 *	-DSCHEDFUZZ_AFL_MAIN	AFL++ persistent mode with shared-memory test
 *				cases (afl-clang-fast; also the CmpLog build)
 *	neither			a plain main() that runs each FILE given:
 *				exit 0 all clean, 1 a finding, 2 an unreadable file;
 *				last line: how many state slots the runs reached
 *
 * LLVMFuzzerTestOneInput() decodes the bytes (the decoder is total), runs
 * the program from a reset machine with the state-feedback hook, and on a
 * finding prints the report to stderr and abort()s, so both engines see a
 * crash (with -DSCHEDFUZZ_EXPECT only the one expected oracle id; with
 * SCHEDFUZZ_IGNORE, read once at start-up, not the ids it lists).
 * SCHEDFUZZ_NO_STATE_FEEDBACK=1, also read once at start-up in the engine
 * builds (a campaign's --no-state-feedback), leaves the state-feedback hook
 * out: the engine sees code coverage only, as with the compile-time
 * -DSCHEDFUZZ_NO_STATE_FEEDBACK.  Neither changes what a run does, only
 * what the engine is told of it.  No run reads the clock, rand() or the
 * environment.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "program.h"
#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct program target_prog;	/* one run at a time; no allocation */
static bool target_no_state_feedback;	/* set once, before the first run */

static const struct sim_outcome *target_run(const uint8_t *data, size_t size)
{
	prog_decode(&target_prog, data, size);
	if (target_no_state_feedback)
		return program_run(&target_prog, NULL, NULL);
	state_run_begin();
	return program_run(&target_prog, state_feedback_hook, NULL);
}

static void target_print(FILE *f, const struct sim_outcome *out)
{
	fprintf(f, "finding: %s (variant %s)\n%s", out->id, prog_variant, out->report);
	fprintf(f, "digest: %016llx\n", (unsigned long long)out->digest);
}

#if defined(SCHEDFUZZ_LIBFUZZER) || defined(SCHEDFUZZ_AFL_MAIN)
/* Run the empty program once, so that every one-time set-up (thread
 * stacks, layer and invariant registration) is done before the engine
 * measures coverage: the first input of a process then takes no edge the
 * others do not (AFL++ stability 100%). */
static void target_warm_up(void)
{
	static const uint8_t empty[1];

	target_run(empty, 0);
	sim_release();
}
#endif

#if defined(SCHEDFUZZ_LIBFUZZER) || defined(SCHEDFUZZ_AFL_MAIN)
/*
 * SCHEDFUZZ_IGNORE=FILE (a campaign's --ignore-known): oracle-id prefixes,
 * one per line ('#' comments), read once before the first run.  A finding
 * whose id starts with one of them ends its run quietly, so the engine
 * goes on looking for other bugs instead of stopping (libFuzzer) or saving
 * crash after crash (AFL++) on known ones.  What a run does does not
 * depend on it; only whether the engine is told of its finding.
 */
#define TARGET_MAX_IGNORE	32
static char target_ignore[TARGET_MAX_IGNORE][128];
static int target_nr_ignore;

static void target_read_ignore(void)
{
	const char *path = getenv("SCHEDFUZZ_IGNORE");
	char line[sizeof(target_ignore[0]) + 2];
	FILE *f;

	if (!path || !*path)
		return;
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "fuzz target: SCHEDFUZZ_IGNORE: cannot read %s\n", path);
		exit(2);
	}
	while (fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\n");

		if (!n || line[0] == '#')
			continue;
		if (n >= sizeof(target_ignore[0]) || target_nr_ignore == TARGET_MAX_IGNORE) {
			fprintf(stderr, "fuzz target: SCHEDFUZZ_IGNORE: %s: more than %d ids or an id "
				"longer than %zu bytes\n", path, TARGET_MAX_IGNORE,
				sizeof(target_ignore[0]) - 1);
			exit(2);
		}
		memcpy(target_ignore[target_nr_ignore], line, n);
		target_ignore[target_nr_ignore++][n] = '\0';
	}
	fclose(f);
}

/* SCHEDFUZZ_NO_STATE_FEEDBACK: unset, empty or 0 keeps the feedback. */
static void target_read_state_feedback(void)
{
	const char *v = getenv("SCHEDFUZZ_NO_STATE_FEEDBACK");

	target_no_state_feedback = v && *v && strcmp(v, "0");
}

static bool target_ignored(const char *id)
{
	int i;

	for (i = 0; i < target_nr_ignore; i++)
		if (!strncmp(id, target_ignore[i], strlen(target_ignore[i])))
			return true;
	return false;
}
#else
static bool target_ignored(const char *id)
{
	(void)id;
	return false;
}
#endif

/*
 * -DSCHEDFUZZ_EXPECT='"<oracle id>"' (the bench's time-to-exposure builds,
 * tools/bench.py): only that oracle id is a crash; every other finding
 * ends its run quietly, so the engine goes on until the expected one.
 */
static bool target_crashes(const struct sim_outcome *out)
{
	if (out->result != SIM_FINDING)
		return false;
#ifdef SCHEDFUZZ_EXPECT
	if (strcmp(out->id, SCHEDFUZZ_EXPECT))
		return false;
#endif
	return !target_ignored(out->id);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct sim_outcome *out = target_run(data, size);

	if (target_crashes(out)) {
		target_print(stderr, out);
		fflush(stderr);
		abort();
	}
	sim_release();
	return 0;
}

#if defined(SCHEDFUZZ_LIBFUZZER)

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	target_read_ignore();
	target_read_state_feedback();
	target_warm_up();
	return 0;
}

#elif defined(SCHEDFUZZ_AFL_MAIN)

__AFL_FUZZ_INIT();

/* Not instrumented (fuzz/afl-allowlist.txt): the loop's first iteration
 * enters its body by another edge than the later ones, which AFL++ would
 * count as unstable coverage. */
int main(void)
{
	unsigned char *buf;

	/* Before the fork server starts: every child inherits it done. */
	target_read_ignore();
	target_read_state_feedback();
	target_warm_up();
#ifdef __AFL_HAVE_MANUAL_CONTROL
	__AFL_INIT();
#endif
	buf = __AFL_FUZZ_TESTCASE_BUF;
	while (__AFL_LOOP(100000)) {
		int len = __AFL_FUZZ_TESTCASE_LEN;

		LLVMFuzzerTestOneInput(buf, (size_t)len);
	}
	return 0;
}

#else

static uint8_t target_buf[PROG_MAX_ENCODED];

int main(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 2 || !strcmp(argv[1], "--help")) {
		fprintf(argc < 2 ? stderr : stdout,
			"usage: %s FILE...\n\nRun each fuzz input (bytes) on variant %s as the\n"
			"fuzz target does; print 'FILE: clean' or the finding.\n"
			"exit status: 0 all clean, 1 a finding, 2 an unreadable file.\n",
			argv[0], prog_variant);
		return argc < 2 ? 2 : 0;
	}
	for (i = 1; i < argc; i++) {
		const struct sim_outcome *out;
		FILE *f = fopen(argv[i], "rb");
		size_t n;

		if (!f) {
			perror(argv[i]);
			return 2;
		}
		n = fread(target_buf, 1, sizeof(target_buf), f);
		fclose(f);
		out = target_run(target_buf, n);
		if (out->result == SIM_FINDING) {
			printf("%s: ", argv[i]);
			target_print(stdout, out);
			rc = 1;
		} else {
			printf("%s: clean digest: %016llx\n", argv[i],
			       (unsigned long long)out->digest);
		}
	}
	printf("state slots seen: %u\n", state_slots_seen());
	return rc;
}

#endif
