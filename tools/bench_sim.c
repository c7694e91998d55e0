// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_sim.c - what the simulator's primitives cost on this machine.
 *
 *   switch:  one simulated-CPU context switch (raw sim_ctx_switch between
 *            two coroutines, ping-pong), ns per switch
 *   point:   one scheduling point through the decision source (toy counter
 *            workload: lock, increment, unlock, sched point), ns per step
 *   run:     one whole small run (reset, setup, run to quiescence), us
 *
 * Each figure is the median of 15 repetitions.  Timing uses the monotonic
 * clock, here in the benchmark only, never on the run path.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctx.h"
#include "toys.h"

#define REPS 15

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* Raw ping-pong between the host and one coroutine. */
static struct sim_ctx host, co;
static volatile long pongs;

static void pong(void *arg)
{
	(void)arg;
	for (;;) {
		pongs++;
		sim_ctx_switch(&co, &host);
	}
}

static double bench_switch(void)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	double v[REPS];
	const long n = 2000000;
	int r;

	sim_ctx_make(&co, stack, sizeof(stack), pong, NULL);
	for (r = 0; r < REPS; r++) {
		double t0 = now_ns();
		long i;

		for (i = 0; i < n; i++)
			sim_ctx_switch(&host, &co);
		v[r] = (now_ns() - t0) / (2.0 * (double)n);
	}
	return median(v, REPS);
}

static unsigned int bench_cpus;
static int bench_loops;

static void setup_counter(void)
{
	toy_counter_setup(bench_cpus, bench_loops);
}

/* ns per scheduling step, and us per run, for a counter workload. */
static void bench_points(unsigned int cpus, bool with_choices, double *ns_step,
			 double *us_run)
{
	static uint8_t choices[4096];
	double v[REPS], w[REPS];
	const int runs = 200;
	int r;

	toy_fill_random(choices, sizeof(choices), 42);
	bench_cpus = cpus;
	bench_loops = 100;
	for (r = 0; r < REPS; r++) {
		uint64_t steps = 0;
		double t0 = now_ns();
		int i;

		for (i = 0; i < runs; i++) {
			const struct sim_outcome *o =
				toy_run(setup_counter, cpus, choices,
					with_choices ? sizeof(choices) : 0);
			steps += o->steps;
			if (o->result != SIM_CLEAN) {
				fprintf(stderr, "bench: unexpected finding %s\n", o->id);
				exit(1);
			}
		}
		v[r] = (now_ns() - t0) / (double)steps;
		w[r] = (now_ns() - t0) / (double)runs / 1000.0;
	}
	*ns_step = median(v, REPS);
	*us_run = median(w, REPS);
}

int main(int argc, char **argv)
{
	double sw, p1, r1, p2, r2, p3, r3;

	(void)argc;
	(void)argv;
	sw = bench_switch();
	bench_points(2, false, &p1, &r1);
	bench_points(2, true, &p2, &r2);
	bench_points(8, true, &p3, &r3);
	printf("schedfuzz simulator benchmark (median of %d)\n", REPS);
	printf("%-58s %10s\n", "measure", "value");
	printf("%-58s %7.1f ns\n", "simulated-CPU switch (one direction)", sw);
	printf("%-58s %7.1f ns\n", "scheduling step, 2 CPUs, fallback decisions", p1);
	printf("%-58s %7.1f ns\n", "scheduling step, 2 CPUs, input decisions", p2);
	printf("%-58s %7.1f ns\n", "scheduling step, 8 CPUs, input decisions", p3);
	printf("%-58s %7.1f us\n", "whole run, 2 CPUs x 100 rounds (reset+setup+run)", r2);
	printf("%-58s %7.1f us\n", "whole run, 8 CPUs x 100 rounds (reset+setup+run)", r3);
	printf("target: switch < 50 ns at -O2: %s\n", sw < 50.0 ? "met" : "MISSED");
	return 0;
}
