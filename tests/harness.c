// SPDX-License-Identifier: GPL-2.0-only
/*
 * harness.c - runs the registered tests: all, or those named on the
 * command line; -l lists them with their goals.  Every test runs twice,
 * and the digests of the simulator runs it made must be the same both
 * times (determinism of every test).
 */
#include <stdarg.h>
#include <stdlib.h>

#include "harness.h"
#include "sim.h"

#define MAX_TESTS 256

static struct test_case tests[MAX_TESTS];
static int nr_tests;
static bool cur_failed;

void test_register(const char *name, const char *goal, void (*fn)(void))
{
	if (nr_tests == MAX_TESTS) {
		fprintf(stderr, "harness: more than %d tests\n", MAX_TESTS);
		abort();
	}
	tests[nr_tests].name = name;
	tests[nr_tests].goal = goal;
	tests[nr_tests].fn = fn;
	nr_tests++;
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	cur_failed = true;
	printf("  %s:%d: check failed: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

bool test_failed(void)
{
	return cur_failed;
}

static int cmp_tests(const void *a, const void *b)
{
	return strcmp(((const struct test_case *)a)->name,
		      ((const struct test_case *)b)->name);
}

static bool wanted(const char *name, int argc, char **argv)
{
	int i;

	if (argc <= 1)
		return true;
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	int i, passed = 0, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	qsort(tests, (size_t)nr_tests, sizeof(tests[0]), cmp_tests);
	if (argc > 1 && !strcmp(argv[1], "-l")) {
		for (i = 0; i < nr_tests; i++)
			printf("%s: %s\n", tests[i].name, tests[i].goal);
		return 0;
	}
	for (i = 0; i < nr_tests; i++) {
		if (!wanted(tests[i].name, argc, argv))
			continue;
		cur_failed = false;
		sim_runs_digest_reset();
		tests[i].fn();
		/* Determinism: the same test again makes the same runs. */
		if (!cur_failed) {
			uint64_t d = sim_runs_digest();

			sim_runs_digest_reset();
			tests[i].fn();
			if (!cur_failed && sim_runs_digest() != d)
				test_fail(__FILE__, __LINE__,
					  "the second run of the test gave other digests (%016llx vs %016llx)",
					  (unsigned long long)sim_runs_digest(),
					  (unsigned long long)d);
		}
		if (cur_failed) {
			printf("FAIL %s (%s)\n", tests[i].name, tests[i].goal);
			failed++;
		} else {
			printf("PASS %s\n", tests[i].name);
			passed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
