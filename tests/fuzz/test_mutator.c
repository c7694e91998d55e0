// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests of the structure-aware mutator (fuzz/mutator.c): its outputs are
 * canonical encodings within the size the engine allows, it is a function
 * of its arguments, and it does what it is for (change one field, make
 * operations coincide, rewrite choices, take records from a second input).
 */
#include "harness.h"
#include "fuzz_util.h"
#include "mutator.h"

static uint8_t in[FZ_BUF_SIZE], out[FZ_BUF_SIZE], out2[FZ_BUF_SIZE], other[FZ_BUF_SIZE];
static uint8_t canon[FZ_BUF_SIZE];
static struct program pa, pb;

TEST(mutator_outputs_are_canonical,
     "Over 6,000 inputs of the round-trip family (edge cases, random bytes, well-formed programs) and as many seeds, with and without a second input, every output decodes to a valid program whose encoding is the output itself, byte for byte, and is no longer than the limit given (also a small one).")
{
	uint64_t seed = 0x3a7e, s2 = 99;
	unsigned int i;
	char msg[200];

	for (i = 0; i < 6000; i++) {
		size_t n = fz_input(i, in, &seed), on = 0, m, c;
		size_t max = i % 5 == 0 ? 64 + fz_below(&s2, 512) : PROG_MAX_ENCODED;

		if (i % 3 == 0)
			on = fz_input(i + 7, other, &s2);
		if (n > max)
			n = max;
		m = sched_mutate(in, n, max, i % 3 == 0 ? other : NULL, on, i, i % 6 == 0);
		CHECK_MSG(m <= max, "input %u: %zu bytes over %zu", i, m, max);
		prog_decode(&pa, in, m);
		CHECK_MSG(prog_check(&pa, msg, sizeof(msg)), "input %u: %s", i, msg);
		if (m < max) {	/* not cut to the limit: canonical */
			c = prog_encode(&pa, canon);
			CHECK_MSG(c == m && !memcmp(canon, in, m),
				  "input %u: output is not its own canonical encoding", i);
		}
	}
}

TEST(mutator_is_deterministic,
     "The same input, limit, second input and seed give the same output; 200 different seeds on one program give at least 150 different outputs.")
{
	uint64_t seed = 5;
	unsigned int i, distinct = 0;
	size_t n, m1, m2, prev = 0;

	n = fz_input(300, in, &seed);
	for (i = 0; i < 200; i++) {
		memcpy(out, in, n);
		memcpy(out2, in, n);
		m1 = sched_mutate(out, n, PROG_MAX_ENCODED, NULL, 0, 1000 + i, false);
		m2 = sched_mutate(out2, n, PROG_MAX_ENCODED, NULL, 0, 1000 + i, false);
		CHECK(m1 == m2 && !memcmp(out, out2, m1));
		if (i && (m1 != prev || memcmp(out, other, m1)))
			distinct++;
		memcpy(other, out, m1);
		prev = m1;
	}
	CHECK_MSG(distinct >= 150, "%u distinct outputs of 200", distinct);
}

TEST(mutator_structured_edits,
     "From the seed-race scenario, 4,000 mutations include: a program differing from it in exactly one operation field; a signal flipped between SIGKILL and SIGUSR1 with nothing else changed; two operations moved to the same instant; a new choice stream; one operation more and one less.  With the proxy-chain scenario as second input, crossover adds its operations.")
{
	bool one_field = false, sig_flip = false, coincide = false, choices = false;
	bool more = false, fewer = false, cross = false;
	size_t n, on, m;
	unsigned int i, j;
	char err[512];
	static char text[PROG_MAX_TEXT];
	long len = fz_read_file("tests/scenarios/seed-race.sched", text, sizeof(text) - 1);

	CHECK(len > 0);
	CHECK(prog_parse(&pb, text, (size_t)len, "seed-race.sched", err, sizeof(err)));
	n = prog_encode(&pb, in);
	for (i = 0; i < 4000; i++) {
		unsigned int ndiff = 0, nsig = 0, same_time = 0;

		memcpy(out, in, n);
		m = sched_mutate(out, n, PROG_MAX_ENCODED, NULL, 0, i, false);
		prog_decode(&pa, out, m);
		if (pa.nr_ops > pb.nr_ops)
			more = true;
		if (pa.nr_ops < pb.nr_ops)
			fewer = true;
		if (pa.nr_choices != pb.nr_choices ||
		    memcmp(pa.choices, pb.choices, pa.nr_choices))
			choices = true;
		if (pa.nr_ops != pb.nr_ops || pa.nr_tasks != pb.nr_tasks ||
		    pa.nr_cpus != pb.nr_cpus)
			continue;
		for (j = 0; j < pa.nr_ops; j++) {
			const struct prog_op *x = &pa.ops[j], *y = &pb.ops[j];

			ndiff += memcmp(x, y, sizeof(*x)) != 0;
			nsig += x->kind == SIM_OP_SIGNAL && y->kind == SIM_OP_SIGNAL &&
				x->sig != y->sig;
			if (j && x->at == pa.ops[0].at)
				same_time++;
		}
		if (ndiff == 1 && pa.nr_choices == pb.nr_choices &&
		    !memcmp(pa.choices, pb.choices, pa.nr_choices)) {
			one_field = true;
			if (nsig == 1)
				sig_flip = true;
			if (same_time)
				coincide = true;
		}
	}
	CHECK(one_field);
	CHECK(sig_flip);
	CHECK(coincide);
	CHECK(choices);
	CHECK(more);
	CHECK(fewer);

	len = fz_read_file("tests/scenarios/proxy-chain.sched", text, sizeof(text) - 1);
	CHECK(len > 0);
	CHECK(prog_parse(&pa, text, (size_t)len, "proxy-chain.sched", err, sizeof(err)));
	on = prog_encode(&pa, other);
	for (i = 0; i < 200 && !cross; i++) {
		memcpy(out, in, n);
		m = sched_mutate(out, n, PROG_MAX_ENCODED, other, on, i, true);
		prog_decode(&pa, out, m);
		cross = pa.nr_ops > pb.nr_ops;
	}
	CHECK(cross);
}

TEST(mutator_revisits_seeds,
     "sched_mutator_seeds() loads the 30 or more *.bin files of corpus/ (and nothing from a missing folder); then sched_mutate_next() on the empty program starts from a seed about one time in eight: of 800 outputs, 50 to 170 have two tasks or more and three operations or more, which a few edits of the empty program rarely give.")
{
	uint64_t state = 42;
	unsigned int i, rich = 0, n;

	CHECK_EQ_U64(sched_mutator_seeds("no/such/folder"), 0);
	n = sched_mutator_seeds("corpus");
	CHECK_MSG(n >= 30, "%u seeds", n);
	for (i = 0; i < 800; i++) {
		size_t m = sched_mutate_next(out, 0, PROG_MAX_ENCODED, &state);

		prog_decode(&pa, out, m);
		rich += pa.nr_tasks >= 2 && pa.nr_ops >= 3;
	}
	CHECK_MSG(rich >= 50 && rich <= 170, "%u of 800", rich);
}

/* The template's throttled-donor shape (kernel-study 4.1): the owner
 * alone on its CPU, numbered between an overloaded CPU and the deadline
 * waiter's home; the waiter's budget outlasts its block and runs out by
 * the tick (or schedule) on the owner's CPU, at whose instant it is woken
 * at home; the overloading pair (deadline or RT) forked in between, one
 * of it allowed on the owner's CPU. */
static bool throttled_donor_shape(const struct program *p)
{
	const struct prog_task *o = &p->tasks[0], *d = &p->tasks[1], *a = &p->tasks[2], *b = a + 1;
	uint64_t block = 0, resched = 0;
	unsigned int j;
	bool woken = false;

	if (p->nr_tasks < 4 || d->sched.policy != PROG_DEADLINE || d->cpu <= o->cpu)
		return false;
	for (j = 1; j < p->nr_tasks; j++)
		if (p->tasks[j].cpu == o->cpu)
			return false;
	for (j = 0; j < p->nr_ops; j++) {
		const struct prog_op *op = &p->ops[j];

		if (op->actor == 2 && op->cpu == d->cpu && prog_op_uses_mutex(op->kind))
			block = op->at;
		if ((op->kind == SIM_OP_TICK || op->kind == SIM_OP_SCHEDULE) && op->cpu == o->cpu)
			resched = op->at;
	}
	for (j = 0; j < p->nr_ops; j++)
		woken |= (p->ops[j].kind == SIM_OP_SIGNAL || p->ops[j].kind == SIM_OP_WAKE) &&
			 p->ops[j].task == 2 && p->ops[j].cpu == d->cpu && p->ops[j].at == resched;
	return woken && block && resched > block && d->sched.runtime > block &&
	       d->sched.runtime <= resched && a->cpu == b->cpu && a->cpu < o->cpu &&
	       a->at > block && a->at < resched && b->at > block && b->at < resched &&
	       (a->sched.policy == PROG_DEADLINE) == (b->sched.policy == PROG_DEADLINE) &&
	       a->sched.policy >= PROG_FIFO && b->sched.policy >= PROG_FIFO &&
	       (b->cpus & (1u << o->cpu));
}

TEST(mutator_template_programs,
     "Over 2,000 seeds, sched_mutator_bare_template() gives canonical valid programs, the same for the same seed, each with a mutex taken on the owner's CPU and then waited for (lock, killable or interruptible) by another task; in at least a third of them the owner's CPU ticks, schedules or wakes at the instant a waiter is signalled or woken, at least a tenth have two bystanders of a pulling class on one CPU (a quarter to two thirds of those forked after the first waiter blocks), in at least a quarter the owner unlocks and then, at the same instant on its CPU, sleeps or exits (the handoff window, zoo k20), in about a quarter the first waiter disables migration on its CPU just before it blocks (zoo k12), in about a fifth the owner sleeps on its CPU after the waiters block and before it unlocks (proxy_deactivate(), zoo k8), in about half of those with a fair first waiter and no RT or deadline bystander, mostly with two fair tasks allowed everywhere queued on another CPU (what that CPU's newidle balance pulls), in about a fifth the first waiter's affinity becomes every CPU but its home (zoo k6), in about a seventh the second waiter is pinned to the owner's CPU and woken from another CPU at the instant the owner unlocks and sleeps or exits (zoo k2); about an eighth instead are a deadline donor throttled by a tick on its owner's CPU at the instant it is woken at home while a lower-numbered CPU is overloaded (kernel-study 4.1, the seed race's shape); and the draws differ.")
{
	unsigned int i, j, pairs = 0, overloads = 0, handoffs = 0, pinned = 0, distinct = 0;
	unsigned int held = 0, held_fair = 0, fair_overloads = 0, away_masks = 0;
	unsigned int late_overloads = 0, donors = 0, pinned_second = 0;
	size_t prev = 0;
	char msg[200];

	for (i = 0; i < 2000; i++) {
		size_t m = sched_mutator_bare_template(out, i);
		size_t m2 = sched_mutator_bare_template(out2, i), c;
		bool lock = false, pair = false, donor;
		unsigned int locks = 0;

		CHECK_MSG(m == m2 && !memcmp(out, out2, m), "seed %u: not deterministic", i);
		prog_decode(&pa, out, m);
		CHECK_MSG(prog_check(&pa, msg, sizeof(msg)), "seed %u: %s", i, msg);
		c = prog_encode(&pa, canon);
		CHECK_MSG(c == m && !memcmp(canon, out, m), "seed %u: not canonical", i);
		for (j = 0; j < pa.nr_ops; j++) {
			const struct prog_op *op = &pa.ops[j];
			unsigned int k;

			lock |= op->kind == SIM_OP_MUTEX_LOCK && op->cpu == pa.tasks[0].cpu;
			locks += op->kind == SIM_OP_MUTEX_LOCK || op->kind == SIM_OP_MUTEX_LOCK_KILLABLE ||
				 op->kind == SIM_OP_MUTEX_LOCK_INTERRUPTIBLE;
			if ((op->kind != SIM_OP_TICK && op->kind != SIM_OP_SCHEDULE &&
			     op->kind != SIM_OP_WAKE) || op->cpu != pa.tasks[0].cpu)
				continue;
			for (k = 0; k < pa.nr_ops; k++)
				pair |= k != j && (pa.ops[k].kind == SIM_OP_SIGNAL ||
						   pa.ops[k].kind == SIM_OP_WAKE) &&
					pa.ops[k].at == op->at && pa.ops[k].task >= 2;
		}
		CHECK_MSG(lock && locks >= 2, "seed %u: no lock and wait", i);
		pairs += pair;
		for (j = 0; j + 1 < pa.nr_ops; j++) {
			const struct prog_op *u = &pa.ops[j], *x = u + 1;

			if (u->kind == SIM_OP_MUTEX_UNLOCK && u->cpu == pa.tasks[0].cpu &&
			    (x->kind == SIM_OP_SLEEP || x->kind == SIM_OP_EXIT) &&
			    x->cpu == u->cpu && x->at == u->at) {
				handoffs++;
				break;
			}
		}
		for (j = 0; j < pa.nr_ops; j++) {
			const struct prog_op *d = &pa.ops[j];
			unsigned int k;

			if (d->kind != SIM_OP_MIGRATE_DISABLE)
				continue;
			for (k = 0; k < pa.nr_ops; k++)
				if (pa.ops[k].actor == 2 && d->actor == 2 &&
				    pa.ops[k].kind != SIM_OP_MIGRATE_DISABLE &&
				    d->cpu == pa.tasks[1].cpu && pa.ops[k].cpu == d->cpu &&
				    pa.ops[k].at == d->at + 1) {
					pinned++;
					break;
				}
		}
		for (j = 0; j < pa.nr_ops; j++) {
			const struct prog_op *z = &pa.ops[j];
			uint64_t blocked = UINT64_MAX, unlocked = UINT64_MAX;
			unsigned int k, pulling = 0;

			if (z->kind != SIM_OP_SLEEP || z->actor != 1 || z->cpu != pa.tasks[0].cpu)
				continue;
			for (k = 0; k < pa.nr_ops; k++) {
				const struct prog_op *o = &pa.ops[k];

				if (o->kind == SIM_OP_MUTEX_UNLOCK && o->at < unlocked)
					unlocked = o->at;
				if (o->actor >= 2 && o->kind != SIM_OP_MIGRATE_DISABLE && o->at < blocked)
					blocked = o->at;
			}
			if (z->at <= blocked || z->at >= unlocked)
				continue;
			held++;
			for (k = 2; k < pa.nr_tasks; k++)
				pulling += pa.tasks[k].sched.policy >= PROG_FIFO;
			if (pa.tasks[1].sched.policy != PROG_NORMAL || pulling)
				break;
			held_fair++;
			for (k = 2; k + 1 < pa.nr_tasks; k++) {
				const struct prog_task *a = &pa.tasks[k], *b = a + 1;

				if (a->sched.policy == PROG_NORMAL && b->sched.policy == PROG_NORMAL &&
				    a->cpu == b->cpu && a->cpu != pa.tasks[0].cpu &&
				    a->cpus == prog_all_cpus(&pa) && b->cpus == a->cpus) {
					fair_overloads++;
					break;
				}
			}
			break;
		}
		for (j = 0; j < pa.nr_ops; j++) {
			const struct prog_op *a = &pa.ops[j];

			if (a->kind == SIM_OP_SETAFFINITY && a->task == 2 &&
			    pa.tasks[1].cpu != pa.tasks[0].cpu &&
			    a->cpus == (prog_all_cpus(&pa) & ~(1u << pa.tasks[1].cpu))) {
				away_masks++;
				break;
			}
		}
		for (j = 0; j < pa.nr_ops; j++) {
			const struct prog_op *a = &pa.ops[j];
			unsigned int k, l;
			bool found = false;

			if (a->kind != SIM_OP_SETAFFINITY || a->task != 3 ||
			    a->cpus != 1u << pa.tasks[0].cpu)
				continue;
			for (k = 0; k + 1 < pa.nr_ops && !found; k++) {
				const struct prog_op *u = &pa.ops[k], *x = u + 1;

				if (u->kind != SIM_OP_MUTEX_UNLOCK || u->actor != 1 || u->at <= a->at ||
				    (x->kind != SIM_OP_SLEEP && x->kind != SIM_OP_EXIT) ||
				    x->actor != 1 || x->at != u->at)
					continue;
				for (l = 0; l < pa.nr_ops; l++)
					found |= (pa.ops[l].kind == SIM_OP_SIGNAL ||
						  pa.ops[l].kind == SIM_OP_WAKE) &&
						 pa.ops[l].task == 3 && pa.ops[l].at == u->at &&
						 pa.ops[l].cpu != pa.tasks[0].cpu;
			}
			pinned_second += found;
			break;
		}
		/* That shape's overload is its own (counted below). */
		donor = throttled_donor_shape(&pa);
		donors += donor;
		for (j = 0; j + 1 < pa.nr_tasks && !donor; j++) {
			const struct prog_task *a = &pa.tasks[j], *b = a + 1;

			if (j >= 2 && a->cpu == b->cpu && a->sched.policy == b->sched.policy &&
			    (a->sched.policy == PROG_DEADLINE || a->sched.policy == PROG_FIFO)) {
				uint64_t blocked = UINT64_MAX;
				unsigned int k;

				overloads++;
				for (k = 0; k < pa.nr_ops; k++)
					if (pa.ops[k].actor == 2 && pa.ops[k].kind != SIM_OP_MIGRATE_DISABLE)
						blocked = pa.ops[k].at;
				late_overloads += a->at && a->at == b->at && a->at > blocked;
				break;
			}
		}
		distinct += !i || m != prev || memcmp(out, other, m);
		memcpy(other, out, m);
		prev = m;
	}
	CHECK_MSG(pairs >= 2000 / 3, "%u of 2000 with the tick/wake pair", pairs);
	CHECK_MSG(overloads >= 2000 / 10, "%u of 2000 with an overloaded CPU", overloads);
	CHECK_MSG(late_overloads >= overloads / 4 && late_overloads <= overloads * 2 / 3,
		  "%u of %u overloads arrive after the first waiter blocks", late_overloads, overloads);
	CHECK_MSG(handoffs >= 2000 / 4 && handoffs <= 2000 / 2, "%u of 2000 with the handoff", handoffs);
	CHECK_MSG(pinned >= 2000 / 6 && pinned <= 2000 / 3, "%u of 2000 with a pinned waiter", pinned);
	CHECK_MSG(held >= 2000 / 7 && held <= 2000 / 4, "%u of 2000 with the owner asleep holding", held);
	CHECK_MSG(held_fair >= held / 3 && held_fair <= held * 2 / 3,
		  "%u of %u with a fair donor", held_fair, held);
	CHECK_MSG(fair_overloads >= held_fair * 2 / 3,
		  "%u of %u with a fair overload on another CPU", fair_overloads, held_fair);
	CHECK_MSG(away_masks >= 2000 / 8 && away_masks <= 2000 / 3,
		  "%u of 2000 change the first waiter's affinity to all but its home", away_masks);
	CHECK_MSG(pinned_second >= 2000 / 10 && pinned_second <= 2000 / 5,
		  "%u of 2000 pin the second waiter to the owner's CPU and wake it as the owner leaves",
		  pinned_second);
	CHECK_MSG(donors >= 2000 / 12 && donors <= 2000 / 6,
		  "%u of 2000 with a deadline donor throttled as it is woken", donors);
	CHECK_MSG(distinct >= 1990, "%u distinct of 2000", distinct);
}

/* A stand-in aimer (this binary has no port): it counts its calls, declines
 * every third, and otherwise writes a stream no other edit writes. */
static unsigned int aim_calls, aim_accepts;

static bool fake_aim(struct program *p, uint64_t r)
{
	aim_calls++;
	if (r % 3 == 0)
		return false;
	aim_accepts++;
	memcpy(p->choices, "\xa1\xa2\xa3\xa4\xa5", 5);
	p->nr_choices = 5;
	return true;
}

TEST(mutator_aim_share,
     "With an aimer set, 4,000 mutations of seeded inputs call it about one time in eight (one template draw in two), always last: an aimer that declines leaves the output exactly as without one, and an accepted aim's stream is the output's; without an aimer it is never called.")
{
	static uint8_t plain[PROG_MAX_ENCODED];
	unsigned int i, marked = 0;

	aim_calls = aim_accepts = 0;	/* the harness may run a test twice */
	for (i = 0; i < 4000; i++) {
		uint64_t seed = 77 + i;
		size_t n = fz_input(200 + i % 500, in, &seed), m, mp;
		unsigned int before = aim_accepts;

		if (n > PROG_MAX_ENCODED)
			n = PROG_MAX_ENCODED;
		memcpy(plain, in, n);
		sched_mutator_set_aim(NULL);
		mp = sched_mutate(plain, n, PROG_MAX_ENCODED, NULL, 0, i, false);
		sched_mutator_set_aim(fake_aim);
		m = sched_mutate(in, n, PROG_MAX_ENCODED, NULL, 0, i, false);
		sched_mutator_set_aim(NULL);
		if (aim_accepts == before) {
			CHECK_MSG(m == mp && !memcmp(in, plain, m), "mutation %u changed by a declined aim", i);
			continue;
		}
		prog_decode(&pa, in, m);
		CHECK_MSG(pa.nr_choices == 5 && !memcmp(pa.choices, "\xa1\xa2\xa3\xa4\xa5", 5),
			  "mutation %u: the aimed stream is not the output's", i);
		marked++;
	}
	CHECK_MSG(aim_calls >= 4000 / 14 && aim_calls <= 4000 / 5, "%u calls", aim_calls);
	CHECK_EQ_U64(marked, aim_accepts);
}

TEST(mutator_template_draw,
     "sched_mutate_template() over 2,000 seeds: canonical valid programs within the limit, the same for the same seed whatever the buffer held, about an eighth of the seed race's shape (a template draw, half of them edited once), and with an aimer set about one in two aimed.")
{
	unsigned int i, donors = 0;
	char msg[200];

	aim_calls = 0;
	for (i = 0; i < 2000; i++) {
		size_t m, m2, c;

		memset(in, 0xa5, 64);
		memset(out2, 0x5a, 64);
		m = sched_mutate_template(in, PROG_MAX_ENCODED, 1000 + i);
		m2 = sched_mutate_template(out2, PROG_MAX_ENCODED, 1000 + i);
		CHECK_MSG(m == m2 && !memcmp(in, out2, m), "draw %u depends on the input", i);
		prog_decode(&pa, in, m);
		CHECK_MSG(prog_check(&pa, msg, sizeof(msg)), "draw %u: %s", i, msg);
		c = prog_encode(&pa, canon);
		CHECK_MSG(c == m && !memcmp(canon, in, m), "draw %u is not canonical", i);
		donors += throttled_donor_shape(&pa);
		CHECK_MSG(sched_mutate_template(out, 64, 1000 + i) <= 64, "draw %u over the limit", i);
	}
	CHECK_MSG(donors >= 2000 / 24 && donors <= 2000 / 6, "%u of 2000 of the seed race's shape", donors);
	sched_mutator_set_aim(fake_aim);
	for (i = 0; i < 2000; i++)
		sched_mutate_template(out, PROG_MAX_ENCODED, i);
	sched_mutator_set_aim(NULL);
	CHECK_MSG(aim_calls >= 2000 / 3 && aim_calls <= 2000 * 2 / 3, "%u of 2000 aimed", aim_calls);
}

TEST(mutator_engine_warm_up,
     "sched_mutate_engine(): during its first warm_calls calls about one in two is a template draw (about one in 24 outputs of the seed race's shape, from an input that is not), after them about one in 32 as before (fewer than one in 64 of the shape); every output, with or without a crossover partner, a valid program; the same state gives the same outputs.")
{
	struct sched_mut_engine e = { .s = 42, .warm_calls = 2000 }, e2 = e;
	unsigned int i, warm = 0, late = 0;
	uint64_t seed = 3;
	char msg[200];
	size_t n = fz_input(17, in, &seed), m;

	sched_mutator_seeds(NULL);
	prog_decode(&pb, in, n);
	CHECK(!throttled_donor_shape(&pb));
	for (i = 0; i < 4000; i++) {
		memcpy(out, in, n);
		memcpy(out2, in, n);
		m = sched_mutate_engine(&e, out, n, PROG_MAX_ENCODED, i % 2 ? in : NULL, n);
		CHECK_MSG(sched_mutate_engine(&e2, out2, n, PROG_MAX_ENCODED, i % 2 ? in : NULL, n) == m &&
			  !memcmp(out, out2, m), "call %u: not a function of the state", i);
		prog_decode(&pa, out, m);
		CHECK_MSG(prog_check(&pa, msg, sizeof(msg)), "call %u: %s", i, msg);
		if (throttled_donor_shape(&pa))
			(*(i < 2000 ? &warm : &late))++;
	}
	CHECK_EQ_U64(e.calls, 2000);
	CHECK_MSG(warm >= 2000 / 48 && warm <= 2000 / 12, "%u of the first 2000 of the shape", warm);
	CHECK_MSG(late <= 2000 / 64, "%u of the next 2000 of the shape", late);
}
