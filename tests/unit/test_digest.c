// SPDX-License-Identifier: GPL-2.0-only
/*
 * The determinism digest and the trace: the same run gives the same digest
 * every time, a different interleaving a different one, and the trace hook
 * sees every decision without changing the digest.
 */
#include "harness.h"
#include "toys.h"

static void setup_counter(void)
{
	toy_counter_setup(3, 10);
}

TEST(digest_same_run_same_digest,
     "Twenty different choice buffers each give the same digest, steps and outcome on a second run.")
{
	uint8_t buf[256];
	int seed;

	for (seed = 0; seed < 20; seed++) {
		const struct sim_outcome *o;
		uint64_t d, steps;

		toy_fill_random(buf, sizeof(buf), (uint64_t)seed);
		o = toy_run(setup_counter, 3, buf, sizeof(buf));
		d = o->digest;
		steps = o->steps;
		o = toy_run(setup_counter, 3, buf, sizeof(buf));
		CHECK_EQ_U64(o->digest, d);
		CHECK_EQ_U64(o->steps, steps);
	}
}

TEST(digest_tells_interleavings_apart,
     "Different interleavings of the same work give different digests: 20 random buffers give 20 digests.")
{
	uint64_t seen[20];
	uint8_t buf[256];
	int seed, j;

	for (seed = 0; seed < 20; seed++) {
		toy_fill_random(buf, sizeof(buf), (uint64_t)seed + 1000);
		seen[seed] = toy_run(setup_counter, 3, buf, sizeof(buf))->digest;
		for (j = 0; j < seed; j++)
			CHECK(seen[j] != seen[seed]);
	}
}

TEST(digest_depends_on_cpus,
     "The same work and choices on a machine with a different CPU count give a different digest.")
{
	struct sim_opts a = { .nr_cpus = 3 }, b = { .nr_cpus = 4 };
	uint64_t da, db;

	sim_reset(&a);
	setup_counter();
	da = sim_run()->digest;
	sim_reset(&b);
	setup_counter();
	db = sim_run()->digest;
	CHECK(da != db);
}

struct hook_counts {
	int decide, input, event, acquire, release, done;
	uint64_t last_step;
};

static void hook(const struct sim_trace_rec *r, void *arg)
{
	struct hook_counts *h = arg;

	switch (r->kind) {
	case SIM_TR_DECIDE:
		h->decide++;
		h->input += r->from_input;
		h->last_step = r->step;
		break;
	case SIM_TR_EVENT:
		h->event++;
		break;
	case SIM_TR_ACQUIRED:
		h->acquire++;
		break;
	case SIM_TR_RELEASE:
		h->release++;
		break;
	case SIM_TR_DONE:
		h->done++;
		break;
	default:
		break;
	}
}

TEST(digest_trace_hook,
     "The trace hook sees one decision per step, every event, acquire and release, and the choices consumed; setting it does not change the digest.")
{
	struct hook_counts h = { 0 };
	uint8_t buf[256];
	const struct sim_outcome *o;
	uint64_t d;

	toy_fill_random(buf, sizeof(buf), 5);
	d = toy_run(setup_counter, 3, buf, sizeof(buf))->digest;
	sim_set_trace_hook(hook, &h);
	o = toy_run(setup_counter, 3, buf, sizeof(buf));
	sim_set_trace_hook(NULL, NULL);
	CHECK_EQ_U64(o->digest, d);
	CHECK_EQ_U64((uint64_t)h.decide, o->steps);
	CHECK_EQ_U64((uint64_t)h.input, o->choices_used);
	CHECK_EQ_U64(h.last_step, o->steps);
	CHECK(h.event == 3 && h.done == 3);
	CHECK(h.acquire == 30 && h.release == 30);
}

static void user_rec(void *arg)
{
	sim_trace_user("sched_switch", (uint64_t)(uintptr_t)arg, 2);
}

static uintptr_t user_val;

static void setup_user(void)
{
	sim_queue_work(0, user_rec, (void *)user_val, "user");
}

TEST(digest_covers_layer_records,
     "A layer's own trace records (sim_trace_user) are part of the digest.")
{
	uint64_t d1, d2;

	user_val = 1;
	d1 = toy_run(setup_user, 1, NULL, 0)->digest;
	user_val = 2;
	d2 = toy_run(setup_user, 1, NULL, 0)->digest;
	CHECK(d1 != d2);
}
