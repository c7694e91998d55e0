// SPDX-License-Identifier: GPL-2.0-only
/*
 * state.c - the abstract scheduler state as coverage (DESIGN §2.7).
 *
 * At each scheduling point (a decision of the interleaving, or a layer's
 * own record such as sched_switch) the state is abstracted from ids only,
 * never pointers:
 *
 *	per CPU: class rank of donor and of curr, donor != curr, curr idle,
 *	         which CPU holds this rq's lock (or none),
 *	         the donor's blocked_on chain: its length (up to 4) and, per
 *	         link, whether the owner is on this CPU, elsewhere, or gone
 *
 * hashed with XXH3-64 and folded into STATE_SLOTS slots.  Each slot is made
 * an edge of its own by a macro-generated switch with a distinct asm body
 * per case (both AFL++ and libFuzzer see it), and, under libFuzzer, also
 * bumps an extra counter.  Reading state never changes the run.
 */
#include <stdbool.h>
#include <string.h>

#define XXH_STATIC_LINKING_ONLY
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "sched.h"
#include "state.h"

static_assert((STATE_SLOTS & (STATE_SLOTS - 1)) == 0, "a power of two");

static int state_class(const struct task_struct *p)
{
	int i;

	if (!p)
		return 7;
	if (sim_is_poisoned(p))
		return 6;
	for (i = 0; i < 5; i++)
		if (sim_sched_classes[i] == p->sched_class)
			return i;
	return 5;
}

/* The donor's blocked_on chain: 2 bits per link (1 owner on this CPU,
 * 2 elsewhere, 3 gone or waking), up to 4 links. */
static unsigned int state_chain(const struct task_struct *p, unsigned int cpu)
{
	unsigned int shape = 0, n;

	for (n = 0; n < 4 && p && !sim_is_poisoned(p); n++) {
		struct mutex *m = p->blocked_on;
		struct task_struct *o;

		if (!m)
			break;
		if (m == PROXY_WAKING) {
			shape |= 3u << (2 * n);
			break;
		}
		o = __mutex_owner(m);
		if (!o || sim_is_poisoned(o)) {
			shape |= 3u << (2 * n);
			break;
		}
		shape |= (task_cpu(o) == cpu ? 1u : 2u) << (2 * n);
		p = o;
	}
	return shape | n << 8;
}

unsigned int state_slot(void)
{
	uint8_t buf[SIM_MAX_CPUS * 6];
	unsigned int c, n = 0;

	for (c = 0; c < sim_nr_cpus() && c < SIM_MAX_CPUS; c++) {
		struct rq *rq = cpu_rq(c);
		unsigned int chain = state_chain(rq->donor, c);

		buf[n++] = (uint8_t)state_class(rq->donor);
		buf[n++] = (uint8_t)state_class(rq->curr);
		buf[n++] = (uint8_t)((rq->donor != rq->curr) | (rq->curr == rq->idle) << 1);
		buf[n++] = (uint8_t)(rq->__lock.owner + 1);
		buf[n++] = (uint8_t)chain;
		buf[n++] = (uint8_t)(chain >> 8);
	}
	return (unsigned int)(XXH3_64bits(buf, n) & (STATE_SLOTS - 1));
}

#ifdef SCHEDFUZZ_NO_STATE_FEEDBACK

void state_feedback_hook(const struct sim_trace_rec *r, void *arg)
{
	(void)r;
	(void)arg;
}

unsigned int state_slots_seen(void)
{
	return 0;
}

#else

static uint8_t state_seen[STATE_SLOTS];
static unsigned int state_nr_seen;

#ifdef SCHEDFUZZ_LIBFUZZER
__attribute__((section("__libfuzzer_extra_counters")))
static uint8_t state_counters[STATE_SLOTS];
#endif

/* One case per slot, each with its own asm body so that no two cases
 * fold together: STATE_SLOTS distinct edges. */
#define S1(n)	case (n): __asm__ volatile("# schedfuzz state " #n); break;
#define S4(n)	S1((n) * 4 + 0) S1((n) * 4 + 1) S1((n) * 4 + 2) S1((n) * 4 + 3)
#define S16(n)	S4((n) * 4 + 0) S4((n) * 4 + 1) S4((n) * 4 + 2) S4((n) * 4 + 3)
#define S64(n)	S16((n) * 4 + 0) S16((n) * 4 + 1) S16((n) * 4 + 2) S16((n) * 4 + 3)
#define S256(n)	S64((n) * 4 + 0) S64((n) * 4 + 1) S64((n) * 4 + 2) S64((n) * 4 + 3)
#define S1024(n) S256((n) * 4 + 0) S256((n) * 4 + 1) S256((n) * 4 + 2) S256((n) * 4 + 3)
#define S4096(n) S1024((n) * 4 + 0) S1024((n) * 4 + 1) S1024((n) * 4 + 2) S1024((n) * 4 + 3)

static_assert(STATE_SLOTS == 4096, "the switch below has 4096 cases");

noinline
static void state_edge(unsigned int slot)
{
	switch (slot) {
	S4096(0)
	default:
		break;
	}
}

void state_feedback_hook(const struct sim_trace_rec *r, void *arg)
{
	unsigned int slot;

	(void)arg;
	if (r->kind != SIM_TR_DECIDE && r->kind != SIM_TR_USER)
		return;
	slot = state_slot();
	state_edge(slot);
#ifdef SCHEDFUZZ_LIBFUZZER
	state_counters[slot]++;
#endif
	if (!state_seen[slot]) {
		state_seen[slot] = 1;
		state_nr_seen++;
	}
}

unsigned int state_slots_seen(void)
{
	return state_nr_seen;
}

#endif /* SCHEDFUZZ_NO_STATE_FEEDBACK */
