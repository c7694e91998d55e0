/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * harness.h - a small test harness.
 *
 *	TEST(name, "What this test shows, in one sentence.")
 *	{
 *		CHECK(x == 1);
 *		CHECK_STR_CONTAINS(report, "WARNING");
 *	}
 *
 * Each test prints "PASS <name>" or "FAIL <name>: <file>:<line>: <what>";
 * the runner ends with "N passed, N failed".  A failed CHECK returns from
 * the test at once.
 */
#ifndef TESTS_HARNESS_H
#define TESTS_HARNESS_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct test_case {
	const char *name;
	const char *goal;
	void (*fn)(void);
};

void test_register(const char *name, const char *goal, void (*fn)(void));
void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool test_failed(void);

#define TEST(name, goal)						\
	static void test_##name(void);					\
	__attribute__((constructor)) static void test_reg_##name(void)	\
	{								\
		test_register(#name, goal, test_##name);		\
	}								\
	static void test_##name(void)

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		test_fail(__FILE__, __LINE__, "%s", #cond);		\
		return;							\
	}								\
} while (0)

#define CHECK_MSG(cond, ...) do {					\
	if (!(cond)) {							\
		test_fail(__FILE__, __LINE__, __VA_ARGS__);		\
		return;							\
	}								\
} while (0)

#define CHECK_EQ_U64(a, b) do {						\
	unsigned long long __a = (a), __b = (b);			\
	CHECK_MSG(__a == __b, "%s == %s (%llu vs %llu)", #a, #b, __a, __b); \
} while (0)

#define CHECK_STR_EQ(a, b) do {						\
	const char *__a = (a), *__b = (b);				\
	CHECK_MSG(!strcmp(__a, __b), "%s == %s (\"%s\" vs \"%s\")", #a, #b, __a, __b); \
} while (0)

#define CHECK_STR_CONTAINS(hay, needle) do {				\
	const char *__h = (hay), *__n = (needle);			\
	CHECK_MSG(strstr(__h, __n), "%s contains \"%s\"; it is:\n%s", #hay, __n, __h); \
} while (0)

#endif /* TESTS_HARNESS_H */
