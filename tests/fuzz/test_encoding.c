// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the byte encoding: the decoder is total, bounded, local and
 * versioned; the encoder is its exact inverse on programs; and programs
 * survive bytes -> text -> bytes.
 */
#include <dirent.h>

#include "harness.h"
#include "fuzz_util.h"

#define NR_ROUND_TRIPS	12000

static uint8_t buf[FZ_BUF_SIZE], buf2[FZ_BUF_SIZE];
static struct program pa, pb, pc;
static char text[PROG_MAX_TEXT], text2[PROG_MAX_TEXT];

TEST(encoding_round_trips,
     "Over 12,000 deterministic pseudo-random byte strings (empty, 1-byte, all-0x00, all-0xff, maximum and oversized among them) every decode is a valid program, re-encodes to bytes that decode to the same program, and prints to text that parses back to the same program and the same text.")
{
	uint64_t seed = 0x5eed;
	unsigned int i;
	char msg[200], err[512];

	for (i = 0; i < NR_ROUND_TRIPS; i++) {
		size_t n = fz_input(i, buf, &seed), m, t;

		prog_decode(&pa, buf, n);
		CHECK_MSG(prog_check(&pa, msg, sizeof(msg)), "input %u: %s", i, msg);

		m = prog_encode(&pa, buf2);
		CHECK_MSG(m <= PROG_MAX_ENCODED, "input %u: %zu bytes", i, m);
		prog_decode(&pb, buf2, m);
		CHECK_MSG(prog_equal(&pa, &pb), "input %u: bytes -> program -> bytes differs", i);

		t = prog_print(&pa, text, sizeof(text));
		CHECK_MSG(t < sizeof(text), "input %u: text too long", i);
		CHECK_MSG(prog_parse(&pc, text, t, "rt", err, sizeof(err)),
			  "input %u: printed text does not parse: %s\n%s", i, err, text);
		CHECK_MSG(prog_equal(&pa, &pc), "input %u: bytes -> text -> program differs\n%s",
			  i, text);
		prog_print(&pc, text2, sizeof(text2));
		CHECK_MSG(!strcmp(text, text2), "input %u: text is not canonical", i);
		m = prog_encode(&pc, buf2);
		prog_decode(&pb, buf2, m);
		CHECK_MSG(prog_equal(&pa, &pb), "input %u: bytes -> text -> bytes differs", i);
	}
}

TEST(encoding_canonical_bytes,
     "Encoding is canonical: encode(decode(encode(p))) is byte for byte encode(p).")
{
	uint64_t seed = 7;
	unsigned int i;

	for (i = 0; i < 2000; i++) {
		size_t n = fz_input(i, buf, &seed), m1, m2;

		prog_decode(&pa, buf, n);
		m1 = prog_encode(&pa, buf);
		prog_decode(&pb, buf, m1);
		m2 = prog_encode(&pb, buf2);
		CHECK_EQ_U64(m1, m2);
		CHECK_MSG(!memcmp(buf, buf2, m1), "input %u", i);
	}
}

TEST(encoding_empty_input,
     "The empty input is a valid program: two CPUs, no tasks, no mutexes, no operations, no choices.")
{
	char msg[200];

	prog_decode(&pa, NULL, 0);
	CHECK(prog_check(&pa, msg, sizeof(msg)));
	CHECK(pa.nr_cpus == 2);
	CHECK(!pa.nr_tasks && !pa.nr_mutexes && !pa.nr_ops && !pa.nr_choices);
	prog_print(&pa, text, sizeof(text));
	CHECK_STR_EQ(text, "cpus 2\n");
}

TEST(encoding_bounded,
     "Input past the maximum size is truncated, not refused: it decodes as its first PROG_MAX_ENCODED bytes, with at most PROG_MAX_CHOICES choices.")
{
	uint64_t seed = 99;
	size_t k;

	for (k = 0; k < sizeof(buf); k++)
		buf[k] = (uint8_t)fz_next(&seed);
	prog_decode(&pa, buf, sizeof(buf));
	prog_decode(&pb, buf, PROG_MAX_ENCODED);
	CHECK(prog_equal(&pa, &pb));
	CHECK(pa.nr_choices <= PROG_MAX_CHOICES);

	/* A program at every limit encodes within the maximum size. */
	memset(buf, 0, sizeof(buf));
	buf[0] = 1;
	buf[1] = 6;
	buf[2] = PROG_MAX_TASKS;
	buf[3] = PROG_MAX_MUTEXES;
	buf[4] = PROG_MAX_OPS & 0xff;
	buf[5] = PROG_MAX_OPS >> 8;
	for (k = 0; k < PROG_MAX_OPS; k++)	/* every op a fork */
		buf[PROG_V1_HEADER + PROG_MAX_TASKS * PROG_V1_TASK + k * PROG_V1_OP] = SIM_OP_FORK;
	prog_decode(&pa, buf, PROG_MAX_ENCODED);
	CHECK(pa.nr_cpus == 8 && pa.nr_tasks == PROG_MAX_TASKS && pa.nr_ops == PROG_MAX_OPS);
	CHECK(prog_nr_named(&pa) == PROG_MAX_NAMED);
	CHECK(prog_encode(&pa, buf2) <= PROG_MAX_ENCODED);
}

TEST(encoding_truncated_records,
     "A header that promises more records than the input holds decodes the complete records there are.")
{
	prog_init(&pa);
	memset(buf, 0, sizeof(buf));
	buf[0] = 1;
	buf[2] = 5;			/* five tasks ... */
	buf[4] = 3;			/* ... and three ops promised */
	prog_decode(&pa, buf, PROG_V1_HEADER + 2 * PROG_V1_TASK + 7);
	CHECK(pa.nr_tasks == 2);
	CHECK(pa.nr_ops == 0);
	prog_decode(&pa, buf, PROG_V1_HEADER + 5 * PROG_V1_TASK + PROG_V1_OP + 3);
	CHECK(pa.nr_tasks == 5);
	CHECK(pa.nr_ops == 1);
	CHECK(pa.nr_choices == 3);	/* what is left is choices */
}

/* A well-formed program of 3 tasks, 2 mutexes, 20 ops, 64 choices. */
static size_t base_input(uint64_t *seed)
{
	size_t n = PROG_V1_HEADER + 3 * PROG_V1_TASK + 20 * PROG_V1_OP + 64, k;

	for (k = 0; k < n; k++)
		buf[k] = (uint8_t)fz_next(seed);
	buf[0] = 1;
	buf[2] = 3;
	buf[3] = 2;
	buf[4] = 20;
	buf[5] = 0;
	buf[6] = 0;
	buf[7] = 0;
	return n;
}

TEST(encoding_local_choices,
     "Changing, adding or removing a choice byte changes only the choices: the machine, tasks and operations decode the same.")
{
	uint64_t seed = 3;
	unsigned int i;

	for (i = 0; i < 500; i++) {
		size_t n = base_input(&seed), at = n - 1 - fz_below(&seed, 64);

		prog_decode(&pa, buf, n);
		buf[at] ^= (uint8_t)(1 + fz_below(&seed, 255));
		prog_decode(&pb, buf, n + fz_below(&seed, 3));	/* maybe longer */
		CHECK(pb.nr_choices >= pa.nr_choices);
		memcpy(pb.choices, pa.choices, pa.nr_choices);
		pb.nr_choices = pa.nr_choices;
		CHECK_MSG(prog_equal(&pa, &pb), "iteration %u", i);
	}
}

TEST(encoding_local_op_byte,
     "Changing one byte of an operation record changes that operation only (or, for a kind byte turning a fork on or off, the task numbering of later references): tasks, other operations and choices stay.")
{
	uint64_t seed = 4;
	unsigned int i, k;

	for (i = 0; i < 2000; i++) {
		size_t n = base_input(&seed);
		unsigned int op = fz_below(&seed, 20), field = fz_below(&seed, PROG_V1_OP);
		size_t at = PROG_V1_HEADER + 3 * PROG_V1_TASK + op * PROG_V1_OP + field;
		bool forks_changed;

		prog_decode(&pa, buf, n);
		buf[at] = (uint8_t)(buf[at] + 1 + fz_below(&seed, 255));
		prog_decode(&pb, buf, n);
		forks_changed = prog_nr_named(&pa) != prog_nr_named(&pb);
		CHECK(pa.nr_tasks == pb.nr_tasks && pa.nr_ops == pb.nr_ops);
		CHECK(!memcmp(pa.choices, pb.choices, pa.nr_choices));
		for (k = 0; k < pa.nr_ops; k++) {
			struct prog_op x = pa.ops[k], y = pb.ops[k];

			if (k == op)
				continue;
			/* Names of fork children are assigned in order. */
			memset(x.name, 0, sizeof(x.name));
			memset(y.name, 0, sizeof(y.name));
			if (forks_changed) {
				x.actor = y.actor = 0;
				x.task = y.task = 0;
			}
			pa.ops[k] = x;
			pb.ops[k] = y;
		}
		pb.ops[op] = pa.ops[op];
		for (k = 0; k < pa.nr_tasks; k++)
			memcpy(pb.tasks[k].name, pa.tasks[k].name, sizeof(pa.tasks[k].name));
		for (k = 0; k < pa.nr_mutexes; k++)
			memcpy(pb.mutexes[k], pa.mutexes[k], sizeof(pa.mutexes[k]));
		CHECK_MSG(prog_equal(&pa, &pb), "iteration %u: op %u field %u changed more",
			  i, op, field);
	}
}

TEST(encoding_local_task_byte,
     "Changing one byte of a task record changes that task only.")
{
	uint64_t seed = 5;
	unsigned int i;

	for (i = 0; i < 1000; i++) {
		size_t n = base_input(&seed);
		unsigned int t = fz_below(&seed, 3), field = fz_below(&seed, PROG_V1_TASK);
		size_t at = PROG_V1_HEADER + t * PROG_V1_TASK + field;

		prog_decode(&pa, buf, n);
		buf[at] = (uint8_t)(buf[at] + 1 + fz_below(&seed, 255));
		prog_decode(&pb, buf, n);
		pb.tasks[t] = pa.tasks[t];
		CHECK_MSG(prog_equal(&pa, &pb), "iteration %u", i);
	}
}

TEST(encoding_versions,
     "The version byte 1 is v1 and 2 is v2; every value no version has claimed decodes as v1, so no input is refused. v2 reads a kind byte modulo 16 (migrate_disable, migrate_enable), v1 modulo 14, and canonical v1 records read the same in v2; the encoder writes v1 for every program v1 can say, v2 only for one with a v2 operation.")
{
	uint64_t seed = 6;
	unsigned int v;
	size_t n = base_input(&seed), m;
	uint8_t raw[PROG_V1_HEADER + PROG_V1_TASK + PROG_V1_OP] = {
		PROG_FORMAT_V1, 0, 1, 0, 1, 0, 0, 0,
	};

	prog_decode(&pa, buf, n);
	for (v = 0; v < 256; v++) {
		if (v == PROG_FORMAT_V2)
			continue;
		buf[0] = (uint8_t)v;
		prog_decode(&pb, buf, n);
		CHECK_MSG(prog_equal(&pa, &pb), "version byte %u", v);
	}
	m = prog_encode(&pa, buf2);
	CHECK(m && buf2[0] == PROG_FORMAT_V1);
	buf2[0] = PROG_FORMAT_V2;
	prog_decode(&pb, buf2, m);
	CHECK(prog_equal(&pa, &pb));

	/* Kind byte 14: v1 mutex_lock (a tick without mutexes), v2
	 * migrate_disable by task 1. */
	raw[PROG_V1_HEADER + PROG_V1_TASK] = 14;
	raw[PROG_V1_HEADER + PROG_V1_TASK + 6] = 1;
	prog_decode(&pa, raw, sizeof(raw));
	CHECK(pa.nr_ops == 1 && pa.ops[0].kind == SIM_OP_TICK);
	raw[0] = PROG_FORMAT_V2;
	prog_decode(&pa, raw, sizeof(raw));
	CHECK(pa.nr_ops == 1 && pa.ops[0].kind == SIM_OP_MIGRATE_DISABLE &&
	      pa.ops[0].actor == 1);
	m = prog_encode(&pa, buf2);
	CHECK(buf2[0] == PROG_FORMAT_V2 && prog_format_of(&pa) == PROG_FORMAT_V2);
	prog_decode(&pb, buf2, m);
	CHECK(prog_equal(&pa, &pb));
	pa.ops[0].kind = SIM_OP_MIGRATE_ENABLE;
	m = prog_encode(&pa, buf2);
	prog_decode(&pb, buf2, m);
	CHECK(buf2[0] == PROG_FORMAT_V2 && prog_equal(&pa, &pb));
}

TEST(encoding_values_fold,
     "Out-of-range values fold into range: CPU count 2..8, CPU and mask inside the machine, nice -20..19, RT priority 1..99, DL runtime <= deadline <= period within the kernel's limits, times within the horizon.")
{
	uint64_t seed = 8;
	unsigned int i, k;
	char msg[200];

	for (i = 0; i < 3000; i++) {
		size_t n = base_input(&seed);

		buf[1] = (uint8_t)fz_next(&seed);
		prog_decode(&pa, buf, n);
		CHECK_MSG(prog_check(&pa, msg, sizeof(msg)), "%s", msg);
		for (k = 0; k < pa.nr_tasks; k++) {
			const struct prog_task *t = &pa.tasks[k];

			CHECK(t->cpu < pa.nr_cpus && t->cpus && !(t->cpus >> pa.nr_cpus));
			CHECK(t->at <= PROG_MAX_TIME_NS);
			if (t->sched.policy == PROG_DEADLINE) {
				CHECK(t->sched.runtime >= PROG_DL_MIN_RUNTIME_NS);
				CHECK(t->sched.runtime <= t->sched.deadline);
				CHECK(t->sched.deadline <= t->sched.period);
				CHECK(t->sched.period <= PROG_DL_MAX_PERIOD_NS);
			}
		}
	}
}

TEST(encoding_names_section,
     "Names are carried in their own section: invalid, duplicate or reserved names fall back to unique defaults (T<pid>, M<id>), and names equal to their default are not written.")
{
	static const uint8_t in[] = {
		1, 0, 3, 2, 0, 0, 0, 0,
		/* three tasks, all zero: normal, all CPUs */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	static const char names[] = "T2\0A\0A\0" "9x\0tick";
	size_t n = sizeof(in);

	memcpy(buf, in, n);
	memcpy(buf + n, names, sizeof(names) - 1);
	buf[6] = (uint8_t)(sizeof(names) - 1);
	prog_decode(&pa, buf, n + sizeof(names) - 1);
	CHECK_STR_EQ(pa.tasks[0].name, "T2");
	CHECK_STR_EQ(pa.tasks[1].name, "A");
	CHECK_STR_EQ(pa.tasks[2].name, "T3");	/* "A" again */
	CHECK_STR_EQ(pa.mutexes[0], "M0");	/* starts with a digit */
	CHECK_STR_EQ(pa.mutexes[1], "M1");	/* reserved word */

	/* Task 2's default "T2" is taken by task 1. */
	memcpy(buf + n, "T2\0\0", 4);
	buf[6] = 4;
	prog_decode(&pa, buf, n + 4);
	CHECK_STR_EQ(pa.tasks[0].name, "T2");
	CHECK_STR_EQ(pa.tasks[1].name, "T2_1");
	CHECK_STR_EQ(pa.tasks[2].name, "T3");

	/* All default: no names section at all. */
	buf[6] = 0;
	prog_decode(&pa, buf, n);
	CHECK_EQ_U64(prog_encode(&pa, buf2), n);
}

TEST(encoding_time_fields,
     "Time fields hold every time up to 1.073741823s to the nanosecond and whole microseconds beyond; encode picks the largest exact unit.")
{
	static const uint64_t t[] = {
		0, 1, 999, 1000, 1500, 2000000, 1073741823, 1073742000,
		5000000000ULL, 10000000000ULL, 123456789,
	};
	unsigned int i;
	char msg[200];

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		prog_init(&pa);
		pa.nr_ops = 1;
		pa.ops[0].kind = SIM_OP_TICK;
		pa.ops[0].at = t[i];
		CHECK(prog_check(&pa, msg, sizeof(msg)));
		prog_decode(&pb, buf, prog_encode(&pa, buf));
		CHECK_EQ_U64(pb.ops[0].at, t[i]);
	}
	CHECK(!prog_time_representable(1073741825));
	CHECK(prog_time_representable(1073741823));
	prog_init(&pa);
	pa.nr_ops = 1;
	pa.ops[0].kind = SIM_OP_TICK;
	pa.ops[0].at = 2000000;
	prog_encode(&pa, buf);
	/* 2ms is stored as 2 in the ms unit. */
	CHECK(buf[PROG_V1_HEADER + 2] == 2 && buf[PROG_V1_HEADER + 5] == 0x80);
}

TEST(encoding_frozen_v1_text,
     "Each frozen v1 input under tests/fuzz/frozen still decodes to the canonical text recorded beside it.")
{
	static char want[PROG_MAX_TEXT];
	DIR *d = opendir("tests/fuzz/frozen");
	struct dirent *e;
	char path[512];
	int seen = 0;

	CHECK_MSG(d, "run from the repository root");
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		long n, m;

		if (l < 5 || strcmp(e->d_name + l - 4, ".bin"))
			continue;
		snprintf(path, sizeof(path), "tests/fuzz/frozen/%s", e->d_name);
		n = fz_read_file(path, buf, sizeof(buf));
		snprintf(path + strlen(path) - 4, 8, ".sched");
		m = fz_read_file(path, want, sizeof(want) - 1);
		if (n < 0 || m < 0) {
			closedir(d);
			CHECK_MSG(0, "cannot read %s or its .bin", path);
		}
		want[m] = '\0';
		prog_decode(&pa, buf, (size_t)n);
		prog_print(&pa, text, sizeof(text));
		if (strcmp(text, want)) {
			closedir(d);
			CHECK_MSG(0, "%s: the v1 decoder changed; it now gives\n%s", path, text);
		}
		seen++;
	}
	closedir(d);
	CHECK(seen >= 5);
}
