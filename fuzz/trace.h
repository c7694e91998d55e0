/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * trace.h - watching a program run: which operation each op event is and
 * whether its named actor was current (notes), ftrace-like text lines
 * (replay --trace) and a Chrome/Perfetto trace-event JSON (trace
 * --perfetto).  Built with one variant of the port: it reads runqueues.
 */
#ifndef FUZZ_TRACE_H
#define FUZZ_TRACE_H

#include <stdio.h>

#include "program.h"

#define TRACE_MAX_NOTES		PROG_MAX_OPS

struct trace_note {
	unsigned int op;		/* index in the program */
	int current_pid;		/* who was current instead */
	char current_name[40];	/* its name */
};

/* Set up a watcher for one run of p; text and json may be NULL. */
struct trace_watch;
struct trace_watch *trace_watch_start(const struct program *p, FILE *text,
				      FILE *json, const char *title);

/* The hook to pass to program_run() with the watcher as its argument. */
void trace_watch_hook(const struct sim_trace_rec *r, void *arg);

/* After the run: close open slices, write the JSON tail. */
void trace_watch_finish(struct trace_watch *w, const struct sim_outcome *out);

/* Notes gathered in the run: operations whose actor was not current. */
unsigned int trace_watch_notes(const struct trace_watch *w,
			       const struct trace_note **notes);

/* Operations the run started (in program order flags). */
bool trace_watch_op_ran(const struct trace_watch *w, unsigned int op);

#endif /* FUZZ_TRACE_H */
