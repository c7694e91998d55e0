// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the scenario language: parsing, canonical printing, text ->
 * bytes -> text, the checked-in scenarios, error messages with
 * file:line:col, and a bounded fuzz of the parser.
 */
#include <dirent.h>

#include "harness.h"
#include "fuzz_util.h"

static struct program pa, pb;
static uint8_t bytes[PROG_MAX_ENCODED];
static char text[PROG_MAX_TEXT], text2[PROG_MAX_TEXT], src[PROG_MAX_TEXT];

static const char seedish[] =
	"# a comment line\n"
	"cpus 3\n"
	"\n"
	"task O normal cpus=1 cpu=1   # trailing comment\n"
	"task D deadline runtime=2ms deadline=10ms cpus=0,2 cpu=2\n"
	"task E1 dl runtime=5ms deadline=30ms period=30ms cpus=0 cpu=0 at=3ms\n"
	"mutex M\n"
	"at 1ms cpu1: O mutex_lock M\n"
	"at 2ms cpu2: D mutex_lock_killable M\n"
	"at 5ms cpu1: tick\n"
	"at 5ms cpu2: signal D SIGKILL\n"
	"at 6ms cpu0: fork K rr prio=3 cpus=0-1\n"
	"at 7ms cpu0: K sched_setattr self batch nice=-4\n"
	"at 8ms cpu1: sched_setaffinity K cpus=all\n"
	"at 1.5ms cpu1: sleep timeout=250us\n"
	"choices 0 0 0 0 0 0 0 1 7 7 255\n"
	"choices 3*2\n";

static const char seedish_canonical[] =
	"cpus 3\n"
	"\n"
	"task O normal cpus=1 cpu=1\n"
	"task D dl runtime=2ms deadline=10ms period=10ms cpus=0,2 cpu=2\n"
	"task E1 dl runtime=5ms deadline=30ms period=30ms cpus=0 cpu=0 at=3ms\n"
	"mutex M\n"
	"\n"
	"at 1ms cpu1: O mutex_lock M\n"
	"at 2ms cpu2: D mutex_lock_killable M\n"
	"at 5ms cpu1: tick\n"
	"at 5ms cpu2: signal D SIGKILL\n"
	"at 6ms cpu0: fork K rr prio=3 cpus=0-1\n"
	"at 7ms cpu0: K sched_setattr self batch nice=-4\n"
	"at 8ms cpu1: sched_setaffinity K cpus=0-2\n"
	"at 1500us cpu1: sleep timeout=250us\n"
	"\n"
	"choices 0*7 1 7 7 255 3 3\n";

TEST(scenario_parse_and_print,
     "A scenario with comments, aliases and defaults parses to the expected program and prints in canonical form.")
{
	char err[512];

	CHECK_MSG(prog_parse(&pa, seedish, strlen(seedish), "s.sched", err, sizeof(err)),
		  "%s", err);
	CHECK(pa.nr_cpus == 3 && pa.nr_tasks == 3 && pa.nr_mutexes == 1);
	CHECK(pa.nr_ops == 8 && pa.nr_choices == 13);
	CHECK(pa.tasks[1].sched.policy == PROG_DEADLINE);
	CHECK_EQ_U64(pa.tasks[1].sched.period, 10000000);	/* = deadline */
	CHECK(pa.tasks[1].cpus == 0x5 && pa.tasks[1].cpu == 2);
	CHECK_EQ_U64(pa.tasks[2].at, 3000000);
	CHECK(pa.ops[1].actor == 2 && pa.ops[1].kind == SIM_OP_MUTEX_LOCK_KILLABLE);
	CHECK(pa.ops[3].kind == SIM_OP_SIGNAL && pa.ops[3].task == 2 &&
	      pa.ops[3].sig == PROG_SIGKILL);
	CHECK(pa.ops[5].actor == 4 && pa.ops[5].task == 0);	/* K is pid 4 */
	CHECK_EQ_U64(pa.ops[7].at, 1500000);
	prog_print(&pa, text, sizeof(text));
	CHECK_STR_EQ(text, seedish_canonical);
}

TEST(scenario_text_bytes_text,
     "Text -> bytes -> text gives the same canonical text, and the same program.")
{
	char err[512];
	size_t n;

	CHECK(prog_parse(&pa, seedish, strlen(seedish), "s", err, sizeof(err)));
	n = prog_encode(&pa, bytes);
	prog_decode(&pb, bytes, n);
	CHECK(prog_equal(&pa, &pb));
	prog_print(&pa, text, sizeof(text));
	prog_print(&pb, text2, sizeof(text2));
	CHECK_STR_EQ(text, text2);
}

TEST(scenario_forward_reference,
     "An operation may name a task forked further down; pids follow set-up order, then fork order.")
{
	static const char s[] =
		"cpus 2\n"
		"at 1ms cpu1: wake_up_process C2\n"
		"task A normal cpu=0\n"
		"at 2ms cpu0: fork C1 normal\n"
		"at 3ms cpu0: A fork C2 fifo prio=9 cpus=1\n";
	char err[512];

	CHECK_MSG(prog_parse(&pa, s, strlen(s), "f", err, sizeof(err)), "%s", err);
	CHECK(prog_nr_named(&pa) == 3);
	CHECK(pa.ops[0].task == 3);
	CHECK_STR_EQ(prog_task_name(&pa, 3), "C2");
	CHECK(prog_fork_op_of(&pa, 2) == 1);
}

/* Text without comments and blank lines, and trailing blanks removed. */
static void strip(const char *in, char *o)
{
	while (*in) {
		const char *nl = strchr(in, '\n');
		size_t n = nl ? (size_t)(nl - in) : strlen(in), k = 0;
		const char *hash = memchr(in, '#', n);

		if (hash)
			n = (size_t)(hash - in);
		while (n && (in[n - 1] == ' ' || in[n - 1] == '\t'))
			n--;
		while (k < n && (in[k] == ' ' || in[k] == '\t'))
			k++;
		if (n > k) {
			memcpy(o, in, n);
			o += n;
			*o++ = '\n';
		}
		in += nl ? (size_t)(nl - in) + 1 : strlen(in);
	}
	*o = '\0';
}

/* Checks every .sched file in dir; *count is how many, or -1 after a
 * failed CHECK (the harness has recorded it). */
static void check_canonical_dir(const char *dir, int *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int seen = 0;

	*count = -1;
	char err[512], path[512], a[PROG_MAX_TEXT / 2], b[PROG_MAX_TEXT / 2];

	CHECK_MSG(d, "run from the repository root (no %s)", dir);
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		long n;

		if (l < 7 || strcmp(e->d_name + l - 6, ".sched"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		n = fz_read_file(path, src, sizeof(src) - 1);
		CHECK(n >= 0);
		src[n] = '\0';
		if (strstr(src, "NNN"))
			continue;	/* not filled in yet */
		if (!prog_parse(&pa, src, (size_t)n, path, err, sizeof(err))) {
			closedir(d);
			CHECK_MSG(0, "%s", err);
		}
		prog_print(&pa, text, sizeof(text));
		prog_decode(&pb, bytes, prog_encode(&pa, bytes));
		prog_print(&pb, text2, sizeof(text2));
		strip(src, a);
		strip(text, b);
		if (strcmp(text, text2) || strcmp(a, b)) {
			closedir(d);
			CHECK_MSG(0, "%s is not canonical; canonical form:\n%s", path, text);
		}
		seen++;
	}
	closedir(d);
	*count = seen;
}

TEST(scenario_files_are_canonical,
     "Every checked-in scenario under tests/scenarios and tests/scenarios/zoo parses, survives text -> bytes -> text, and is already canonical apart from comments and blank lines.")
{
	int top, zoo;

	check_canonical_dir("tests/scenarios", &top);
	CHECK(top >= 5);
	check_canonical_dir("tests/scenarios/zoo", &zoo);
	CHECK(zoo >= 0);
}

/* ---------------------------------------------------------------------- */
/* Errors */

struct err_case {
	const char *text;
	const char *want;	/* the message's first line starts with this */
};

static const struct err_case err_cases[] = {
	{ "task A normal\n", "e.sched:1:1: error: expected 'cpus N' (the machine's size) before 'task'" },
	{ "cpus 9\n", "e.sched:1:6: error: expected a CPU count from 2 to 8, found '9'" },
	{ "cpus 2\ncpus 3\n", "e.sched:2:1: error: 'cpus' given twice" },
	{ "cpus 2\nfrobnicate\n", "e.sched:2:1: error: expected 'cpus', 'task', 'mutex', 'at' or 'choices', found 'frobnicate'" },
	{ "cpus 2\ntask 1A normal\n", "e.sched:2:6: error: expected a task name: a letter or _" },
	{ "cpus 2\ntask tick normal\n", "e.sched:2:6: error: expected a task name: a letter or _" },
	{ "cpus 2\ntask A\n", "e.sched:2:7: error: expected a policy: normal, batch, idle, fifo, rr or dl, found end of line" },
	{ "cpus 2\ntask A other\n", "e.sched:2:8: error: expected a policy: normal, batch, idle, fifo, rr or dl, found 'other'" },
	{ "cpus 2\ntask A normal nice=20\n", "e.sched:2:20: error: expected a nice value from -20 to 19, found '20'" },
	{ "cpus 2\ntask A normal prio=3\n", "e.sched:2:15: error: 'prio=' does not apply to a task with policy normal; expected nice=, cpus=, cpu=, at=" },
	{ "cpus 2\ntask A fifo\n", "e.sched:2:12: error: expected prio=N (1..99) after 'fifo'" },
	{ "cpus 2\ntask A fifo prio=100\n", "e.sched:2:18: error: expected an RT priority from 1 to 99, found '100'" },
	{ "cpus 2\ntask A dl runtime=2ms\n", "e.sched:2:10: error: expected runtime=T and deadline=T (and period=T) after 'dl'" },
	{ "cpus 2\ntask A dl runtime=3ms deadline=2ms\n", "e.sched:2:19: error: runtime must not exceed deadline" },
	{ "cpus 2\ntask A dl runtime=1ms deadline=2ms period=1500us\n", "e.sched:2:43: error: deadline must not exceed period" },
	{ "cpus 2\ntask A dl runtime=10us deadline=50us\n", "e.sched:2:33: error: the period (deadline when period= is left out) must be at least 100us" },
	{ "cpus 2\ntask A dl runtime=100ns deadline=1ms\n", "e.sched:2:19: error: expected a time from 1024ns to 4s, found '100ns'" },
	{ "cpus 2\ntask A normal at=3xs\n", "e.sched:2:18: error: expected a time such as 2ms or 1.5us (units ns, us, ms, s), found '3xs'" },
	{ "cpus 2\ntask A normal at=11s\n", "e.sched:2:18: error: expected a time from 0 to 10s, found '11s'" },
	{ "cpus 2\ntask A normal at=1.5ns\n", "e.sched:2:18: error: '1.5ns' is not a whole number of nanoseconds" },
	{ "cpus 2\ntask A normal at=2000000001ns\n", "e.sched:2:18: error: '2000000001ns' cannot be stored: times over 1.073741823s must be whole microseconds" },
	{ "cpus 2\ntask A normal cpus=0,2\n", "e.sched:2:22: error: CPU 2 does not exist: the machine has CPUs 0-1" },
	{ "cpus 2\ntask A normal cpus=0,\n", "e.sched:2:20: error: expected a CPU list such as 0,2 or 0-3 or all, found '0,'" },
	{ "cpus 2\ntask A normal cpu=2\n", "e.sched:2:19: error: expected a CPU from 0 to 1, found '2'" },
	{ "cpus 2\ntask A normal cpu=0 cpu=1\n", "e.sched:2:21: error: cpu= given twice" },
	{ "cpus 2\ntask A normal\ntask A batch\n", "e.sched:3:6: error: 'A' is already a task, declared at line 2" },
	{ "cpus 2\nmutex M\ntask M normal\n", "e.sched:3:6: error: 'M' is already a mutex, declared at line 2" },
	{ "cpus 2\nmutex M extra\n", "e.sched:2:9: error: expected end of line, found 'extra'" },
	{ "cpus 2\nat 1ms cpu0 tick\n", "e.sched:2:8: error: expected a CPU such as 'cpu0:', found 'cpu0'" },
	{ "cpus 2\nat 1ms cpu2: tick\n", "e.sched:2:8: error: cpu2 does not exist: the machine has cpu0-cpu1" },
	{ "cpus 2\nat 1ms cpu0: tock\n", "e.sched:2:14: error: expected an operation (mutex_lock," },
	{ "cpus 2\nat 1ms cpu0:\n", "e.sched:2:13: error: expected an operation (mutex_lock," },
	{ "cpus 2\nmutex M\nat 1ms cpu0: mutex_lock N\n", "e.sched:3:25: error: unknown mutex 'N': declare it with 'mutex N'" },
	{ "cpus 2\ntask A normal\nat 1ms cpu0: mutex_lock A\n", "e.sched:3:25: error: 'A' is a task; expected a mutex name" },
	{ "cpus 2\nat 1ms cpu0: wake_up_process Z\n", "e.sched:2:30: error: unknown task 'Z': declare it with 'task Z ...' or fork it" },
	{ "cpus 2\nmutex M\nat 1ms cpu0: signal M SIGKILL\n", "e.sched:3:21: error: 'M' is a mutex; expected a task name" },
	{ "cpus 2\ntask A normal\nat 1ms cpu0: signal A SIGSTOP\n", "e.sched:3:23: error: expected SIGKILL or SIGUSR1, found 'SIGSTOP'" },
	{ "cpus 2\ntask A normal\nat 1ms cpu0: A tick\n", "e.sched:3:14: error: 'tick' is done by the CPU, not by a task: remove 'A'" },
	{ "cpus 2\nat 1ms cpu0: tick now\n", "e.sched:2:19: error: expected end of line after 'tick', found 'now'" },
	{ "cpus 2\nat 1ms cpu0: sleep timeout=0\n", "e.sched:2:28: error: expected a time from 1ns to 10s, found '0'" },
	{ "cpus 2\nat 1ms cpu0: sched_setaffinity self\n", "e.sched:2:36: error: expected cpus=LIST after the task, found end of line" },
	{ "cpus 2\nat 1ms cpu0: sched_setattr\n", "e.sched:2:27: error: expected a task name or 'self', found end of line" },
	{ "cpus 2\nat 1ms cpu0: sched_setattr self dl runtime=1ms deadline=2ms cpus=0\n", "e.sched:2:61: error: 'cpus=' does not apply to sched_setattr with policy dl; expected runtime=, deadline=, period=" },
	{ "cpus 2\ntask A normal\nat 1ms cpu0: fork A normal\n", "e.sched:3:19: error: 'A' is already a task, declared at line 2" },
	{ "cpus 2\nat 1ms cpu0: fork C normal cpu=1\n", "e.sched:2:28: error: 'cpu=' does not apply to fork with policy normal; expected nice=, cpus=" },
	{ "cpus 2\nchoices 256\n", "e.sched:2:9: error: expected a choice 0..255, or V*COUNT such as 0*12, found '256'" },
	{ "cpus 2\nchoices 0*0\n", "e.sched:2:9: error: expected a choice 0..255, or V*COUNT such as 0*12, found '0*0'" },
	{ "cpus 2\nchoices 1*5000\n", "e.sched:2:9: error: too many choices: at most 4096" },
	{ "cpus 2\nchoices\n", "e.sched:2:8: error: expected choice values 0..255 (V or V*COUNT), found end of line" },
	{ "cpus 2\ntask A normal\x01\n", "e.sched:2:14: error: unexpected control character 0x01" },
};

static const char *run_error(const char *t, size_t n, char *err, size_t len)
{
	if (prog_parse(&pa, t, n, "e.sched", err, len))
		return NULL;
	return err;
}

TEST(scenario_errors,
     "Each class of mistake is reported as file:line:col with what was expected there, followed by the line and a caret.")
{
	unsigned int i;
	char err[1024];

	for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
		const struct err_case *c = &err_cases[i];
		const char *e = run_error(c->text, strlen(c->text), err, sizeof(err));

		CHECK_MSG(e, "case %u parsed:\n%s", i, c->text);
		CHECK_MSG(!strncmp(e, c->want, strlen(c->want)),
			  "case %u:\n  want: %s\n  got:  %s", i, c->want, e);
		CHECK_MSG(strchr(e, '^'), "case %u: no caret", i);
	}
}

TEST(scenario_too_many,
     "Limits are errors in text: more than 32 tasks, 16 mutexes or 256 operations are reported at the line that exceeds them.")
{
	static char t[64 * 1024];
	size_t n;
	unsigned int i;
	char err[512];

	n = (size_t)sprintf(t, "cpus 2\n");
	for (i = 0; i <= PROG_MAX_TASKS; i++)
		n += (size_t)sprintf(t + n, "task T%u normal\n", i);
	CHECK(!prog_parse(&pa, t, n, "e", err, sizeof(err)));
	CHECK_STR_CONTAINS(err, "e:34:1: error: too many tasks: at most 32");

	n = (size_t)sprintf(t, "cpus 2\n");
	for (i = 0; i <= PROG_MAX_MUTEXES; i++)
		n += (size_t)sprintf(t + n, "mutex M%u\n", i);
	CHECK(!prog_parse(&pa, t, n, "e", err, sizeof(err)));
	CHECK_STR_CONTAINS(err, "e:18:1: error: too many mutexes: at most 16");

	n = (size_t)sprintf(t, "cpus 2\n");
	for (i = 0; i <= PROG_MAX_OPS; i++)
		n += (size_t)sprintf(t + n, "at %ums cpu0: tick\n", i);
	CHECK(!prog_parse(&pa, t, n, "e", err, sizeof(err)));
	CHECK_STR_CONTAINS(err, "e:258:1: error: too many operations: at most 256");
}

TEST(scenario_empty_and_blank,
     "Empty text, and text of only comments and blank lines, is the empty program.")
{
	char err[256];
	static const char t[] = "# nothing\n\n   \t\n# more\n";

	CHECK(prog_parse(&pa, "", 0, "e", err, sizeof(err)));
	prog_init(&pb);
	CHECK(prog_equal(&pa, &pb));
	CHECK(prog_parse(&pa, t, strlen(t), "e", err, sizeof(err)));
	CHECK(prog_equal(&pa, &pb));
}

/* Mutate a valid text: flip, insert, delete or duplicate bytes or words. */
static size_t mutate_text(char *t, size_t n, size_t cap, uint64_t *seed)
{
	static const char *const words[] = {
		" ", "\n", "#", ":", "=", ",", "-", "*", "0", "9", "ms", "cpu", "cpu9:",
		"task", "mutex", "at", "choices", "cpus", "fork", "self", "dl", "fifo",
		"prio=", "nice=", "runtime=", "deadline=", "period=", "cpus=", "cpu=",
		"at=", "timeout=", "SIGKILL", "O", "D", "M", "\t", "\r", "\x01", "\xff",
		"99999999999999999999", "1.", ".5s", "0*0", "255*4096",
	};
	unsigned int k, m = 1 + fz_below(seed, 4);

	for (k = 0; k < m; k++) {
		size_t at = n ? fz_below(seed, (uint32_t)n) : 0;

		switch (fz_below(seed, 5)) {
		case 0:
			if (n)
				t[at] = (char)fz_next(seed);
			break;
		case 1: {
			const char *w = words[fz_below(seed, sizeof(words) / sizeof(words[0]))];
			size_t l = strlen(w);

			if (n + l < cap) {
				memmove(t + at + l, t + at, n - at);
				memcpy(t + at, w, l);
				n += l;
			}
			break;
		}
		case 2: {
			size_t l = fz_below(seed, 12);

			if (at + l > n)
				l = n - at;
			memmove(t + at, t + at + l, n - at - l);
			n -= l;
			break;
		}
		case 3: {
			size_t l = fz_below(seed, 40), from = n ? fz_below(seed, (uint32_t)n) : 0;

			if (from + l > n)
				l = n - from;
			if (n + l < cap) {
				memmove(t + at + l, t + at, n - at);
				memmove(t + at, t + from + (from >= at ? l : 0), l);
				n += l;
			}
			break;
		}
		default:
			if (n)
				t[at] = (char)('0' + fz_below(seed, 10));
			break;
		}
	}
	return n;
}

TEST(scenario_parser_fuzz,
     "20,000 mutated scenarios never crash the parser: each either parses to a valid program that round-trips through text, or fails with a file:line:col message.")
{
	static char t[8192];
	uint64_t seed = 42;
	unsigned int i;
	char err[1024], msg[200];

	for (i = 0; i < 20000; i++) {
		const char *base = i % 2 ? seedish : seedish_canonical;
		size_t n = strlen(base);

		memcpy(t, base, n);
		n = mutate_text(t, n, sizeof(t), &seed);
		if (prog_parse(&pa, t, n, "z", err, sizeof(err))) {
			size_t m;

			CHECK_MSG(prog_check(&pa, msg, sizeof(msg)), "%u: %s", i, msg);
			m = prog_print(&pa, text, sizeof(text));
			CHECK(prog_parse(&pb, text, m, "z", err, sizeof(err)));
			CHECK_MSG(prog_equal(&pa, &pb), "%u", i);
		} else {
			CHECK_MSG(!strncmp(err, "z:", 2) && strstr(err, ": error: "),
				  "%u: %s", i, err);
		}
	}
}

TEST(scenario_printer_bounded,
     "Printing into a short buffer truncates safely and reports the length it needs.")
{
	char err[256], small[16];
	size_t need, n;

	CHECK(prog_parse(&pa, seedish, strlen(seedish), "s", err, sizeof(err)));
	need = prog_print(&pa, text, sizeof(text));
	n = prog_print(&pa, small, sizeof(small));
	CHECK_EQ_U64(n, need);
	CHECK(strlen(small) == sizeof(small) - 1);
	CHECK(!strncmp(small, text, sizeof(small) - 1));
}
