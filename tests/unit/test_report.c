// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reports: WARN and BUG read like kernel splats, layers describe the task
 * on each CPU and add their own state, stacks deeper than recorded are
 * said to be, and no report prints an address.
 */
#define SIM_KFILE "kernel/sched/toy.c"

#include <linux/bug.h>
#include <linux/spinlock.h>

#include "harness.h"
#include "toys.h"

static int mode;

/* A macro in a WARN condition, as task_rq(p) in the port. */
#define TOY_MODE()	(mode + 0)

static void inner(void)
{
	SIM_FRAME();
	if (mode == 0)
		WARN_ON_ONCE(mode == 0);
	BUG_ON(mode == 1);
	if (mode == 2)
		BUG();
	if (mode == 6)
		WARN_ON_ONCE(TOY_MODE() == 6);
	if (mode == 7)
		SCHED_WARN_ON(TOY_MODE() == 7);
	if (mode == 5)
		sim_finding(SIM_F_BUG, 1, "KASAN:use-after-free:toy",
			    "BUG: KASAN: slab-use-after-free in inner: toy");
}

static int recurse_depth;

static void recurse(int n)
{
	SIM_FRAME();
	if (n)
		recurse(n - 1);
	else
		WARN_ON(recurse_depth > 0);
}

static void outer(void *arg)
{
	(void)arg;
	SIM_FRAME();
	if (mode == 3)
		recurse(recurse_depth);
	else
		inner();
}

static void setup(void)
{
	sim_queue_work(1, outer, NULL, "op:outer");
}

static void describe(int cpu, int *pid, const char **comm)
{
	*pid = 100 + cpu;
	*comm = "toy-task";
}

static void report(char *buf, size_t len)
{
	snprintf(buf, len, "toy layer: 3 tasks\n");
}

static const struct sim_layer toy_layer = {
	.name = "toy",
	.describe_cpu = describe,
	.report = report,
};

static bool has_address(const char *s)
{
	return strstr(s, "0x7f") || strstr(s, "0x5") || strstr(s, "(nil)");
}

TEST(report_warn_splat,
     "A WARN reads like the kernel's: the WARNING line with CPU, PID, file and function, the condition, the call trace innermost first, the layer's state, and no addresses.")
{
	const struct sim_outcome *o;

	sim_layer_register(&toy_layer);
	mode = 0;
	o = toy_run(setup, 2, NULL, 0);
	CHECK(o->kind == SIM_F_WARN);
	CHECK(o->cpu == 1);
	CHECK_STR_EQ(o->id, "WARN:kernel/sched/toy.c:inner:mode == 0");
	CHECK_STR_CONTAINS(o->report, "------------[ cut here ]------------\nWARNING: CPU: 1 PID: 101 at kernel/sched/toy.c inner (port line");
	CHECK_STR_CONTAINS(o->report, "  mode == 0\n");
	CHECK_STR_CONTAINS(o->report, "CPU: 1 PID: 101 Comm: toy-task");
	CHECK_STR_CONTAINS(o->report, " <TASK>\n  inner (kernel/sched/toy.c)\n  outer (kernel/sched/toy.c)\n  <event 'op:outer'>\n </TASK>");
	CHECK_STR_CONTAINS(o->report, "toy layer: 3 tasks\n");
	CHECK_STR_CONTAINS(o->report, "---[ end trace WARN:kernel/sched/toy.c:inner:mode == 0 ]---");
	CHECK(!has_address(o->report));
}

TEST(report_bug,
     "BUG_ON and BUG are findings of their own kind with BUG ids and the kernel's 'kernel BUG at' line.")
{
	const struct sim_outcome *o;

	mode = 1;
	o = toy_run(setup, 2, NULL, 0);
	CHECK(o->kind == SIM_F_BUG);
	CHECK_STR_EQ(o->id, "BUG:kernel/sched/toy.c:inner:mode == 1");
	CHECK_STR_CONTAINS(o->report, "------------[ cut here ]------------\nkernel BUG at kernel/sched/toy.c inner (port line");
	CHECK_STR_CONTAINS(o->report, ")!\n  mode == 1\n");
	mode = 2;
	o = toy_run(setup, 2, NULL, 0);
	CHECK_STR_EQ(o->id, "BUG:kernel/sched/toy.c:inner:BUG()");
}

TEST(report_warn_text_as_written,
     "The condition in a WARN id is the text as written in the port, macros unexpanded, through WARN_ON_ONCE and SCHED_WARN_ON too.")
{
	const struct sim_outcome *o;

	mode = 6;
	o = toy_run(setup, 2, NULL, 0);
	CHECK_STR_EQ(o->id, "WARN:kernel/sched/toy.c:inner:TOY_MODE() == 6");
	mode = 7;
	o = toy_run(setup, 2, NULL, 0);
	CHECK_STR_EQ(o->id, "WARN:kernel/sched/toy.c:inner:TOY_MODE() == 7");
	mode = 0;
}

TEST(report_kasan,
     "A KASAN-style BUG finding prints its own 'BUG: KASAN:' headline, not 'kernel BUG at'.")
{
	const struct sim_outcome *o;

	mode = 5;
	o = toy_run(setup, 2, NULL, 0);
	mode = 0;
	CHECK(o->kind == SIM_F_BUG);
	CHECK_STR_EQ(o->id, "KASAN:use-after-free:toy");
	CHECK_STR_CONTAINS(o->report, "------------[ cut here ]------------\nBUG: KASAN: slab-use-after-free in inner: toy\n");
	CHECK(!strstr(o->report, "kernel BUG at"));
}

TEST(report_warn_value,
     "WARN_ON evaluates to its condition, as in the kernel, when it does not fire.")
{
	int x = 0;

	CHECK(WARN_ON(x) == 0);
	CHECK(WARN_ON_ONCE(x != 0) == 0);
}

TEST(report_deep_stack,
     "A stack deeper than the recorded frames says how many innermost frames were left out and shows the recorded ones.")
{
	const struct sim_outcome *o;

	mode = 3;
	recurse_depth = SIM_MAX_FRAMES + 10;
	o = toy_run(setup, 2, NULL, 0);
	CHECK(o->kind == SIM_F_WARN);
	CHECK_STR_CONTAINS(o->report, "deeper frames not recorded");
	CHECK_STR_CONTAINS(o->report, "  recurse (kernel/sched/toy.c)");
	recurse_depth = 0;
	mode = 0;
}

TEST(report_clean_run_empty,
     "A clean run has an empty id and report.")
{
	const struct sim_outcome *o;

	mode = 4;
	o = toy_run(setup, 2, NULL, 0);
	CHECK(o->result == SIM_CLEAN);
	CHECK_STR_EQ(o->id, "");
	CHECK_STR_EQ(o->report, "");
	CHECK(o->cpu == -1);
}
