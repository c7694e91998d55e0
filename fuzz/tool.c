// SPDX-License-Identifier: GPL-2.0-only
/*
 * tool.c - the schedfuzz verbs, built once per variant of the port as
 * libexec/schedfuzz-<variant>; bin/schedfuzz (schedfuzz.c) picks the
 * variant and runs this.
 *
 *	replay [--variant V] [--trace] [--text|--bytes] FILE...
 *	convert [--to text|bytes] [--text|--bytes] FILE -o OUT
 *	trace --perfetto OUT.json [--text|--bytes] FILE
 *
 * Exit status: 0 clean, 1 a finding, 2 a usage or input error.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "program.h"
#include "trace.h"

#define EXIT_CLEAN	0
#define EXIT_FINDING	1
#define EXIT_USAGE	2

static const char *const tool_name = "schedfuzz";

static const char usage_main[] =
	"usage: schedfuzz VERB [--variant V] [options] FILE...\n"
	"\n"
	"Replay, convert and trace schedfuzz programs on the simulated machine.\n"
	"\n"
	"verbs:\n"
	"  replay    run programs and print the outcome, any report, and the digest\n"
	"  convert   turn a program from text into bytes or from bytes into text\n"
	"  trace     write a Chrome/Perfetto trace-event JSON of a run\n"
	"  minimize  shrink a failing program while it fires the same oracle\n"
	"  help      this text; 'schedfuzz VERB --help' explains a verb\n"
	"\n"
	"--variant V picks the build of the scheduler port: fixed (the default;\n"
	"v27 with 01/10), stale-prev (01/10 reverted) or a bug-zoo variant that\n"
	"puts one known bug back (docs/bugs.md).  sim/kernel/variants.txt lists\n"
	"them; an unknown name prints the ones built.\n"
	"\n"
	"A FILE is a program as text (a .sched scenario) or as bytes (a fuzzer\n"
	"input); which one is detected from the name (.sched is text, .bin is\n"
	"bytes), else from the content (text has no control characters other\n"
	"than tab, CR and newline).  --text or --bytes overrides the guess.\n"
	"\n"
	"exit status: 0 every run clean, 1 some run found something, 2 a usage\n"
	"or input error (the message names file:line:col for text).\n"
	"See README.md, docs/scenario-language.md and docs/encoding.md.\n";

static const char usage_replay[] =
	"usage: schedfuzz replay [--variant V] [--trace] [--text|--bytes] FILE...\n"
	"\n"
	"Run each program once and print, per file: notes where an operation's\n"
	"named task was not the one running, the outcome (clean, or the finding's\n"
	"id and its kernel-style report) and 'digest: <16 hex digits>', the XXH3\n"
	"digest of the run, which is the same on every replay.\n"
	"\n"
	"  --trace    also print the run as ftrace-like lines: sched_switch,\n"
	"             sched_wakeup, sched_migrate_task, proxy migrations\n"
	"             (sched_pe_migrate), donor changes, rq lock and unlock, each\n"
	"             decision the interleaving choices took, and the finding\n"
	"  --variant  fixed (default), stale-prev or a bug-zoo variant\n"
	"  --text, --bytes  read every FILE as text, or as bytes\n"
	"\n"
	"exit status: 0 all clean, 1 a finding, 2 a usage or input error.\n";

static const char usage_convert[] =
	"usage: schedfuzz convert [--to text|bytes] [--text|--bytes] FILE -o OUT\n"
	"\n"
	"Convert a program between its two encodings: text (a scenario) becomes\n"
	"bytes, bytes become canonical text.  --to forces the output form; OUT\n"
	"may be '-' for standard output.  Text written from bytes and read back\n"
	"gives the same program, and printing is canonical: converting canonical\n"
	"text to bytes and back gives the same text (comments are not kept).\n"
	"\n"
	"exit status: 0 converted, 2 a usage or input error.\n";

static const char usage_trace[] =
	"usage: schedfuzz trace [--variant V] --perfetto OUT.json [--text|--bytes] FILE\n"
	"\n"
	"Run the program once and write a Chrome/Perfetto trace-event JSON (open\n"
	"it at https://ui.perfetto.dev or chrome://tracing): one track per\n"
	"simulated CPU with a slice per running task and, nested in it, the donor\n"
	"when it differs; instants for wakeups, migrations, signals, forks,\n"
	"operations and decisions; one track per runqueue lock with the spans it\n"
	"is held and the windows a CPU dropped it and took it back; the finding\n"
	"as a global instant carrying the report.  The time axis counts trace\n"
	"records, since races happen within one simulated instant; each event\n"
	"carries sim_time_ns.  The outcome and digest are printed as by replay.\n"
	"\n"
	"exit status: 0 clean, 1 a finding, 2 a usage or input error.\n";

static int tool_usage_error(const char *usage, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", tool_name);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n\n%s", usage);
	return EXIT_USAGE;
}

/* ---------------------------------------------------------------------- */
/* Loading programs */

enum tool_form { FORM_GUESS, FORM_TEXT, FORM_BYTES };

static char tool_buf[PROG_MAX_TEXT + 1];
static struct program tool_prog;

static bool tool_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static enum tool_form tool_guess(const char *path, const char *buf, size_t n)
{
	size_t i;

	if (tool_ends_with(path, ".sched"))
		return FORM_TEXT;
	if (tool_ends_with(path, ".bin"))
		return FORM_BYTES;
	if (!n)
		return FORM_BYTES;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return FORM_BYTES;
	}
	return FORM_TEXT;
}

/* Read and decode or parse path into tool_prog; false (message printed)
 * on an input error. */
static bool tool_load(const char *path, enum tool_form form, enum tool_form *got)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t n;
	char err[2048];

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", tool_name, path, strerror(errno));
		return false;
	}
	n = fread(tool_buf, 1, sizeof(tool_buf), f);
	if (ferror(f)) {
		fprintf(stderr, "%s: %s: read error\n", tool_name, path);
		if (f != stdin)
			fclose(f);
		return false;
	}
	if (f != stdin)
		fclose(f);
	if (form == FORM_GUESS)
		form = tool_guess(path, tool_buf, n);
	*got = form;
	if (form == FORM_BYTES) {
		prog_decode(&tool_prog, (const uint8_t *)tool_buf,
			    n < PROG_MAX_ENCODED ? n : PROG_MAX_ENCODED);
		return true;
	}
	if (!prog_parse(&tool_prog, tool_buf, n, path, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return false;
	}
	return true;
}

/* ---------------------------------------------------------------------- */
/* Running */

static void tool_print_outcome(const struct program *p, const struct sim_outcome *o,
			       const struct trace_watch *w)
{
	const struct trace_note *notes;
	unsigned int nn = trace_watch_notes(w, &notes), i;
	char t[32], op[256], at[32];

	for (i = 0; i < nn; i++) {
		const struct prog_op *x = &p->ops[notes[i].op];

		prog_print_time(x->at, at, sizeof(at));
		prog_print_op(p, x, op, sizeof(op));
		printf("note: 'at %s cpu%u: %s' ran with %s current, not %s\n", at, x->cpu,
		       op, notes[i].current_name, prog_task_name(p, x->actor));
	}
	prog_print_time(o->now_ns, t, sizeof(t));
	if (o->result == SIM_FINDING) {
		printf("finding: %s\n", o->id);
		printf("%s", o->report);
		if (o->report[0] && o->report[strlen(o->report) - 1] != '\n')
			printf("\n");
	} else {
		printf("clean: %" PRIu64 " steps, %" PRIu64 " of %u choices used, ended at %s%s\n",
		       o->steps, o->choices_used, p->nr_choices, t,
		       o->horizon ? " (time horizon)" : "");
	}
	printf("digest: %016llx\n", (unsigned long long)o->digest);
}

static int tool_run(const char *path, enum tool_form form, FILE *text, FILE *json)
{
	const struct sim_outcome *o;
	struct trace_watch *w;
	enum tool_form got;
	char title[512];

	if (!tool_load(path, form, &got))
		return EXIT_USAGE;
	printf("== %s (%s, variant %s)\n", path, got == FORM_TEXT ? "text" : "bytes",
	       prog_variant);
	fflush(stdout);
	snprintf(title, sizeof(title), "schedfuzz %s (variant %s)", path, prog_variant);
	w = trace_watch_start(&tool_prog, text, json, title);
	o = program_run(&tool_prog, trace_watch_hook, w);
	trace_watch_finish(w, o);
	tool_print_outcome(&tool_prog, o, w);
	fflush(stdout);
	return o->result == SIM_FINDING ? EXIT_FINDING : EXIT_CLEAN;
}

/* ---------------------------------------------------------------------- */
/* Verbs */

static bool tool_is_help(const char *a)
{
	return !strcmp(a, "--help") || !strcmp(a, "-h");
}

/* --variant V (checked: this binary is one variant); returns args used. */
static int tool_variant_arg(int argc, char **argv, int i, const char *usage, int *rc)
{
	const char *v = NULL;
	int used = 0;

	if (!strcmp(argv[i], "--variant")) {
		if (i + 1 >= argc) {
			*rc = tool_usage_error(usage, "%s needs a value", argv[i]);
			return -1;
		}
		v = argv[i + 1];
		used = 2;
	} else if (!strncmp(argv[i], "--variant=", 10)) {
		v = argv[i] + 10;
		used = 1;
	}
	if (v && strcmp(v, prog_variant)) {
		fprintf(stderr, "%s: this is the %s build; run 'schedfuzz' (bin/schedfuzz), "
			"which picks the build for --variant %s\n", tool_name, prog_variant, v);
		*rc = EXIT_USAGE;
		return -1;
	}
	return used;
}

static bool tool_form_arg(const char *a, enum tool_form *form)
{
	if (!strcmp(a, "--text"))
		*form = FORM_TEXT;
	else if (!strcmp(a, "--bytes"))
		*form = FORM_BYTES;
	else
		return false;
	return true;
}

static int verb_replay(int argc, char **argv)
{
	enum tool_form form = FORM_GUESS;
	bool trace = false;
	int i, rc = EXIT_CLEAN, n, nfiles = 0;
	const char *files[256];

	for (i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			fputs(usage_replay, stdout);
			return EXIT_CLEAN;
		}
		n = tool_variant_arg(argc, argv, i, usage_replay, &rc);
		if (n < 0)
			return rc;
		if (n) {
			i += n - 1;
			continue;
		}
		if (!strcmp(argv[i], "--trace"))
			trace = true;
		else if (tool_form_arg(argv[i], &form))
			;
		else if (argv[i][0] == '-' && argv[i][1])
			return tool_usage_error(usage_replay, "unknown option '%s'", argv[i]);
		else if (nfiles == 256)
			return tool_usage_error(usage_replay, "too many files (at most 256)%s", "");
		else
			files[nfiles++] = argv[i];
	}
	if (!nfiles)
		return tool_usage_error(usage_replay, "replay needs a FILE%s", "");
	for (i = 0; i < nfiles; i++) {
		int r = tool_run(files[i], form, trace ? stdout : NULL, NULL);

		if (r == EXIT_USAGE)
			rc = EXIT_USAGE;
		else if (r == EXIT_FINDING && rc != EXIT_USAGE)
			rc = EXIT_FINDING;
	}
	return rc;
}

static bool tool_write(const char *out, const void *data, size_t n)
{
	FILE *f = strcmp(out, "-") ? fopen(out, "wb") : stdout;
	bool ok;

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", tool_name, out, strerror(errno));
		return false;
	}
	ok = fwrite(data, 1, n, f) == n;
	if (f != stdout)
		ok = !fclose(f) && ok;
	else
		ok = !fflush(f) && ok;
	if (!ok)
		fprintf(stderr, "%s: %s: write error\n", tool_name, out);
	return ok;
}

static int verb_convert(int argc, char **argv)
{
	static uint8_t bytes[PROG_MAX_ENCODED];
	static char text[PROG_MAX_TEXT];
	enum tool_form form = FORM_GUESS, to = FORM_GUESS, got;
	const char *in = NULL, *out = NULL;
	int i, rc = EXIT_CLEAN, n;
	size_t len;

	for (i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			fputs(usage_convert, stdout);
			return EXIT_CLEAN;
		}
		n = tool_variant_arg(argc, argv, i, usage_convert, &rc);
		if (n < 0)
			return rc;
		if (n) {
			i += n - 1;
			continue;
		}
		if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--to")) {
			if (i + 1 >= argc)
				return tool_usage_error(usage_convert, "%s needs a value", argv[i]);
			if (!strcmp(argv[i], "-o")) {
				out = argv[++i];
			} else {
				i++;
				if (!strcmp(argv[i], "text"))
					to = FORM_TEXT;
				else if (!strcmp(argv[i], "bytes"))
					to = FORM_BYTES;
				else
					return tool_usage_error(usage_convert,
								"--to takes text or bytes, not '%s'",
								argv[i]);
			}
		} else if (tool_form_arg(argv[i], &form)) {
			;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return tool_usage_error(usage_convert, "unknown option '%s'", argv[i]);
		} else if (in) {
			return tool_usage_error(usage_convert, "convert takes one FILE; '%s' is a second",
						argv[i]);
		} else {
			in = argv[i];
		}
	}
	if (!in || !out)
		return tool_usage_error(usage_convert, "convert needs FILE and -o OUT%s", "");
	if (!tool_load(in, form, &got))
		return EXIT_USAGE;
	if (to == FORM_GUESS)
		to = got == FORM_TEXT ? FORM_BYTES : FORM_TEXT;
	if (to == FORM_BYTES) {
		len = prog_encode(&tool_prog, bytes);
		return tool_write(out, bytes, len) ? EXIT_CLEAN : EXIT_USAGE;
	}
	len = prog_print(&tool_prog, text, sizeof(text));
	if (len >= sizeof(text)) {
		fprintf(stderr, "%s: %s: the text would be longer than %d bytes\n", tool_name,
			in, PROG_MAX_TEXT);
		return EXIT_USAGE;
	}
	return tool_write(out, text, len) ? EXIT_CLEAN : EXIT_USAGE;
}

static int verb_trace(int argc, char **argv)
{
	enum tool_form form = FORM_GUESS;
	const char *in = NULL, *json_path = NULL;
	int i, rc = EXIT_CLEAN, n;
	FILE *json;

	for (i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			fputs(usage_trace, stdout);
			return EXIT_CLEAN;
		}
		n = tool_variant_arg(argc, argv, i, usage_trace, &rc);
		if (n < 0)
			return rc;
		if (n) {
			i += n - 1;
			continue;
		}
		if (!strcmp(argv[i], "--perfetto")) {
			if (i + 1 >= argc)
				return tool_usage_error(usage_trace, "%s needs a value", argv[i]);
			json_path = argv[++i];
		} else if (tool_form_arg(argv[i], &form)) {
			;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return tool_usage_error(usage_trace, "unknown option '%s'", argv[i]);
		} else if (in) {
			return tool_usage_error(usage_trace, "trace takes one FILE; '%s' is a second",
						argv[i]);
		} else {
			in = argv[i];
		}
	}
	if (!in || !json_path)
		return tool_usage_error(usage_trace, "trace needs --perfetto OUT.json and FILE%s", "");
	json = strcmp(json_path, "-") ? fopen(json_path, "w") : stdout;
	if (!json) {
		fprintf(stderr, "%s: %s: %s\n", tool_name, json_path, strerror(errno));
		return EXIT_USAGE;
	}
	rc = tool_run(in, form, NULL, json);
	if (json != stdout && fclose(json)) {
		fprintf(stderr, "%s: %s: write error\n", tool_name, json_path);
		return EXIT_USAGE;
	}
	return rc;
}

static const char usage_minimize[] =
	"usage: schedfuzz minimize [--variant V] [--budget RUNS] [--text|--bytes] FILE -o OUT\n"
	"\n"
	"Program-level delta debugging of a failing program: remove operations,\n"
	"tasks (with the operations naming them), mutexes, CPUs and interleaving\n"
	"choices one at a time, zero the choices left, move every time earlier\n"
	"by a round amount and round each time and deadline parameter (to 0,\n"
	"else 1 s, 100 ms, ... 10 ns), keeping each change only while the\n"
	"program fires the same oracle id; repeat until nothing more goes or\n"
	"RUNS runs are spent (default 20000).  Last, each operation's actor\n"
	"label becomes the task that was current when it ran.  Runs are\n"
	"deterministic, so the result is exact and the same every time.  OUT\n"
	"gets text if it ends in .sched (or is -), else bytes.\n"
	"\n"
	"exit status: 0 minimized, 1 the program fires nothing, 2 a usage or\n"
	"input error.\n";

static int verb_minimize(int argc, char **argv)
{
	static uint8_t bytes[PROG_MAX_ENCODED];
	static char text[PROG_MAX_TEXT];
	static struct program before;
	enum tool_form form = FORM_GUESS, got;
	const char *in = NULL, *out = NULL;
	unsigned int budget = 20000, runs;
	int i, rc = EXIT_CLEAN, n;
	size_t len;
	const struct sim_outcome *o;

	for (i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			fputs(usage_minimize, stdout);
			return EXIT_CLEAN;
		}
		n = tool_variant_arg(argc, argv, i, usage_minimize, &rc);
		if (n < 0)
			return rc;
		if (n) {
			i += n - 1;
			continue;
		}
		if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--budget")) {
			if (i + 1 >= argc)
				return tool_usage_error(usage_minimize, "%s needs a value", argv[i]);
			if (!strcmp(argv[i], "-o")) {
				out = argv[++i];
			} else {
				char *end;
				unsigned long v = strtoul(argv[++i], &end, 10);

				if (*end || !v || v > 10000000)
					return tool_usage_error(usage_minimize,
								"--budget takes 1..10000000 runs, not '%s'",
								argv[i]);
				budget = (unsigned int)v;
			}
		} else if (tool_form_arg(argv[i], &form)) {
			;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return tool_usage_error(usage_minimize, "unknown option '%s'", argv[i]);
		} else if (in) {
			return tool_usage_error(usage_minimize, "minimize takes one FILE; '%s' is a second",
						argv[i]);
		} else {
			in = argv[i];
		}
	}
	if (!in || !out)
		return tool_usage_error(usage_minimize, "minimize needs FILE and -o OUT%s", "");
	if (!tool_load(in, form, &got))
		return EXIT_USAGE;
	before = tool_prog;
	if (!prog_minimize(&tool_prog, budget, &runs)) {
		fprintf(stderr, "%s: %s: runs clean on %s: nothing to minimize\n", tool_name, in,
			prog_variant);
		return EXIT_FINDING;
	}
	o = program_run(&tool_prog, NULL, NULL);
	printf("minimized %s: %s\n", in, o->id);
	printf("  cpus %u -> %u, tasks %u -> %u, mutexes %u -> %u, operations %u -> %u, choices %u -> %u (%u runs)\n",
	       before.nr_cpus, tool_prog.nr_cpus, before.nr_tasks, tool_prog.nr_tasks,
	       before.nr_mutexes, tool_prog.nr_mutexes, before.nr_ops, tool_prog.nr_ops,
	       before.nr_choices, tool_prog.nr_choices, runs);
	printf("digest: %016llx\n", (unsigned long long)o->digest);
	if (!strcmp(out, "-") || tool_ends_with(out, ".sched")) {
		len = prog_print(&tool_prog, text, sizeof(text));
		if (len >= sizeof(text))
			return EXIT_USAGE;
		return tool_write(out, text, len) ? EXIT_CLEAN : EXIT_USAGE;
	}
	len = prog_encode(&tool_prog, bytes);
	return tool_write(out, bytes, len) ? EXIT_CLEAN : EXIT_USAGE;
}

int main(int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : NULL;

	/* "help VERB" is "VERB --help". */
	if (verb && !strcmp(verb, "help") && argc > 2 && strcmp(argv[2], "help")) {
		char help[] = "--help";
		char *args[] = { argv[0], argv[2], help, NULL };

		return main(3, args);
	}
	if (!verb || tool_is_help(verb) || !strcmp(verb, "help")) {
		fputs(usage_main, verb ? stdout : stderr);
		return verb ? EXIT_CLEAN : EXIT_USAGE;
	}
	if (!strcmp(verb, "replay"))
		return verb_replay(argc - 1, argv + 1);
	if (!strcmp(verb, "convert"))
		return verb_convert(argc - 1, argv + 1);
	if (!strcmp(verb, "trace"))
		return verb_trace(argc - 1, argv + 1);
	if (!strcmp(verb, "minimize"))
		return verb_minimize(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown verb '%s'\n\n%s", tool_name, verb, usage_main);
	return EXIT_USAGE;
}
