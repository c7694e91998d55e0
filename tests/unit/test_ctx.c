// SPDX-License-Identifier: GPL-2.0-only
/*
 * The context switch: registers, floating-point control state and deep
 * stacks survive many switches, under AddressSanitizer too, and a CPU
 * abandoned mid-event by a finding is usable again in the next run.
 */
#define SIM_KFILE "tests/unit/test_ctx.c"

#include <fenv.h>
#include <linux/bug.h>
#include <linux/spinlock.h>

#include "ctx.h"
#include "harness.h"
#include "toys.h"

static struct sim_ctx host_ctx, co_ctx;
static char co_stack[256 * 1024] __attribute__((aligned(16)));
static volatile int co_round;
static int co_round_mode;

static void co_fn(void *arg)
{
	long a = (long)(intptr_t)arg, b = a * 3, c = a * 5, d = a * 7;
	double x = 1.5;

	for (;;) {
		co_round++;
		/* Live values across the switch, in callee-saved registers
		 * when optimised, on the stack otherwise. */
		a += 1; b += 3; c += 5; d += 7; x *= 1.0000001;
		if (b != 3 * a || c != 5 * a || d != 7 * a || x < 1.5)
			co_round = -1000000;
		co_round_mode = fegetround();
		sim_ctx_switch(&co_ctx, &host_ctx);
	}
}

TEST(ctx_switch_preserves_registers,
     "A million raw switches between the host and a coroutine keep every live value on both sides intact.")
{
	long h1 = 11, h2 = 22, h3 = 33;
	int i;

	co_round = 0;
	sim_ctx_make(&co_ctx, co_stack, sizeof(co_stack), co_fn, (void *)(intptr_t)1);
	for (i = 0; i < 1000000; i++) {
		sim_ctx_switch(&host_ctx, &co_ctx);
		h1 += 1; h2 += 2; h3 += 3;
	}
	CHECK(co_round == 1000000);
	CHECK(h2 == 2 * h1 && h3 == 3 * h1);
}

static void co_round_fn(void *arg)
{
	(void)arg;
	fesetround(FE_UPWARD);
	for (;;) {
		co_round_mode = fegetround();
		sim_ctx_switch(&co_ctx, &host_ctx);
	}
}

TEST(ctx_switch_keeps_fp_control_per_context,
     "Each context keeps its own floating-point rounding mode: the coroutine's FE_UPWARD does not leak into the host.")
{
	int i;

	sim_ctx_make(&co_ctx, co_stack, sizeof(co_stack), co_round_fn, NULL);
	for (i = 0; i < 3; i++) {
		sim_ctx_switch(&host_ctx, &co_ctx);
		CHECK(co_round_mode == FE_UPWARD);
		CHECK(fegetround() == FE_TONEAREST);
	}
}

/* Deep recursion with a scheduling point every few levels, on every CPU. */
#define DEEP 300

static unsigned long deep_sum[SIM_MAX_CPUS];

static unsigned long deep(int cpu, int level)
{
	unsigned char buf[200];
	unsigned long s = 0;
	int i;

	SIM_FRAME();
	for (i = 0; i < (int)sizeof(buf); i++)
		buf[i] = (unsigned char)(level * 31 + i + cpu);
	if (level % 8 == 0)
		sim_sched_point("deep");
	if (level < DEEP)
		s = deep(cpu, level + 1);
	for (i = 0; i < (int)sizeof(buf); i++)
		if (buf[i] != (unsigned char)(level * 31 + i + cpu))
			return 0xdead;
	return s + buf[level % sizeof(buf)];
}

static void deep_work(void *arg)
{
	int cpu = smp_processor_id();

	(void)arg;
	deep_sum[cpu] = deep(cpu, 0);
}

static unsigned int deep_cpus;
static bool deep_fail;

static void deep_fail_work(void *arg)
{
	(void)arg;
	if (deep_fail)
		WARN_ON(deep(smp_processor_id(), DEEP - 20) != 0xdead);
}

static void setup_deep(void)
{
	unsigned int i;

	for (i = 0; i < deep_cpus; i++)
		sim_queue_work((int)i, deep_work, NULL, "deep");
}

static unsigned long deep_expected(int cpu)
{
	unsigned long s = 0;
	int level;

	for (level = DEEP; level >= 0; level--)
		s += (unsigned char)(level * 31 + level % 200 + cpu);
	return s;
}

TEST(ctx_deep_stacks_interleaved,
     "Eight CPUs each recurse 300 frames deep with 200-byte locals and are interleaved at random every 8 frames; every stack comes back intact.")
{
	uint8_t choices[1024];
	unsigned int i;
	const struct sim_outcome *o;

	toy_fill_random(choices, sizeof(choices), 7);
	deep_cpus = 8;
	o = toy_run(setup_deep, 8, choices, sizeof(choices));
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	CHECK(o->choices_used > 200);
	for (i = 0; i < 8; i++)
		CHECK_EQ_U64(deep_sum[i], deep_expected((int)i));
}

static void setup_deep_fail(void)
{
	sim_queue_work(0, deep_work, NULL, "deep");
	sim_queue_work(1, deep_fail_work, NULL, "deep-fail");
}

TEST(ctx_abandoned_cpu_reusable,
     "A finding abandons CPUs deep inside their stacks; the next run on the same CPUs is clean and correct.")
{
	uint8_t choices[64];
	const struct sim_outcome *o;

	toy_fill_random(choices, sizeof(choices), 3);
	deep_fail = true;
	o = toy_run(setup_deep_fail, 2, choices, sizeof(choices));
	CHECK(o->result == SIM_FINDING);
	CHECK_STR_CONTAINS(o->id, "WARN:tests/unit/test_ctx.c:deep_fail_work:");
	deep_cpus = 8;
	o = toy_run(setup_deep, 8, choices, sizeof(choices));
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	CHECK_EQ_U64(deep_sum[0], deep_expected(0));
	CHECK_EQ_U64(deep_sum[1], deep_expected(1));
}

static unsigned int counter_cpus;

static void setup_counter(void)
{
	toy_counter_setup(counter_cpus, 2000);
}

TEST(ctx_many_switches_counter,
     "Eight CPUs increment a shared counter under a lock 2000 times each, randomly interleaved: no update is lost across ~50k switches.")
{
	uint8_t choices[65536];
	const struct sim_outcome *o;

	toy_fill_random(choices, sizeof(choices), 99);
	counter_cpus = 8;
	o = toy_run(setup_counter, 8, choices, sizeof(choices));
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	CHECK(toy_counter_value() == 8 * 2000);
	CHECK(o->steps >= 3 * 8 * 2000);
}

static void setup_abba(void)
{
	toy_abba_setup(false);
}

TEST(ctx_cpus_left_mid_event_are_reset,
     "After a run that ends with CPUs suspended mid-event (a deadlock found by the run loop), the next run starts every CPU afresh and is correct.")
{
	static const uint8_t deadlock[] = { 0, 1, 0, 1 };
	const struct sim_outcome *o;

	o = toy_run(setup_abba, 2, deadlock, sizeof(deadlock));
	CHECK_STR_EQ(o->id, "LIVENESS:deadlock");
	counter_cpus = 2;
	o = toy_run(setup_counter, 2, deadlock, sizeof(deadlock));
	CHECK_MSG(o->result == SIM_CLEAN, "%s", o->report);
	CHECK(toy_counter_value() == 2 * 2000);
}
