// SPDX-License-Identifier: GPL-2.0-only
/*
 * state.c - the abstract scheduler state as coverage (DESIGN §2.7).
 *
 * At each scheduling point (a decision of the interleaving, or a layer's
 * own record such as sched_switch) the state is abstracted from ids only,
 * never pointers:
 *
 *	per CPU: class rank of donor and of curr, donor != curr, curr idle,
 *	         whether this rq's lock is free, held by its own CPU or by
 *	         another one (dropped mid-pick while someone else works on it),
 *	         the donor's blocked_on chain: its length (up to 4) and, per
 *	         link, whether the owner is on this CPU, elsewhere, or gone
 *
 * each CPU's tuple hashed with XXH3-64 and the hashes summed (so CPU
 * renamings fold together), folded into STATE_SLOTS slots.  A slot counts
 * once per run (state_run_begin() starts a run): what states a run
 * reaches is the signal, not how often it passes through them.  Each slot is made
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

/* The class's rank in sim_sched_classes[] (stop 0 ... idle 4), tested
 * most frequent first. */
static int state_class(const struct task_struct *p)
{
	const struct sched_class *class;

	if (!p)
		return 7;
	if (sim_is_poisoned(p))
		return 6;
	class = p->sched_class;
	if (class == &fair_sched_class)
		return 3;
	if (class == &idle_sched_class)
		return 4;
	if (class == &rt_sched_class)
		return 2;
	if (class == &dl_sched_class)
		return 1;
	return class == &stop_sched_class ? 0 : 5;
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

/* The last tuple hashed per CPU and its hash (a key has bit 63 set, so
 * the zeroed memo starts empty). */
static uint64_t state_memo_key[SIM_MAX_CPUS];
static uint64_t state_memo_hash[SIM_MAX_CPUS];

unsigned int state_slot(void)
{
	unsigned int c, nr = sim_nr_cpus();
	uint64_t sum = 0;

	/* Per CPU a tuple, hashed on its own; the sum of the hashes does not
	 * depend on the CPUs' numbering, so states that differ only by a
	 * renaming of CPUs fold together (fewer, more meaningful slots).  The
	 * tuple is packed into one word and hashed from it: six byte stores
	 * read back as words stalled store forwarding (a third of this
	 * function's time, docs/performance.md). */
	for (c = 0; c < nr && c < SIM_MAX_CPUS; c++) {
		struct rq *rq = cpu_rq(c);
		uint64_t chain = state_chain(rq->donor, c);
		int owner = rq->__lock.owner;
		uint64_t key;

		key = (uint64_t)state_class(rq->donor) |
		      (uint64_t)state_class(rq->curr) << 8 |
		      (uint64_t)((rq->donor != rq->curr) | (rq->curr == rq->idle) << 1) << 16 |
		      /* The lock: free, held by its own CPU, or by another one. */
		      (uint64_t)((owner >= 0) + (owner >= 0 && owner != (int)c)) << 24 |
		      chain << 32 | 1ull << 63;	/* never 0, the memo's empty key */
		/* A pure memo per CPU: between two scheduling points most
		 * CPUs' tuples are unchanged. */
		if (key != state_memo_key[c]) {
			state_memo_key[c] = key;
			state_memo_hash[c] = XXH3_64bits(&key, sizeof(key));
		}
		sum += state_memo_hash[c];
	}
	return (unsigned int)((sum ^ sum >> 32) & (STATE_SLOTS - 1));
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

void state_run_begin(void)
{
}

#else

static unsigned int state_nr_seen;
#if !defined(SCHEDFUZZ_LIBFUZZER) && !defined(SCHEDFUZZ_AFL_MAIN)
static uint8_t state_seen[STATE_SLOTS];
#endif
static uint8_t state_this_run[STATE_SLOTS];	/* slots this run has reached */

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
	/* Each slot counts once per run: which states a run reaches is the
	 * signal; how often it passes through them only fills the queue. */
	if (state_this_run[slot])
		return;
	state_this_run[slot] = 1;
	state_edge(slot);
#ifdef SCHEDFUZZ_LIBFUZZER
	state_counters[slot]++;
#endif
#if !defined(SCHEDFUZZ_LIBFUZZER) && !defined(SCHEDFUZZ_AFL_MAIN)
	/* The process-wide tally the plain main reports; engines have their
	 * own.  Without a branch: an edge taken only the first time a slot is
	 * seen in a process would make coverage depend on earlier inputs. */
	state_nr_seen += !state_seen[slot];
	state_seen[slot] = 1;
#endif
}

/* In the engine builds 0: they keep no tally (the engines count). */
unsigned int state_slots_seen(void)
{
	return state_nr_seen;
}

void state_run_begin(void)
{
	memset(state_this_run, 0, sizeof(state_this_run));
}

#endif /* SCHEDFUZZ_NO_STATE_FEEDBACK */
