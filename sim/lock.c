// SPDX-License-Identifier: GPL-2.0-only
/*
 * lock.c - simulated spinlocks with owner tracking and lockdep-style checks.
 *
 * Each acquire is a scheduling point taken *before* the lock is granted (so
 * another CPU may take it first) and each release one *after* (so another
 * CPU may run inside the window the release opens).  Locks are queued, like
 * the kernel's qspinlock: a CPU takes a ticket when it starts waiting and
 * is not runnable until the lock is free and its ticket is served, so
 * waiters get the lock in the order they arrived (the decision source
 * decides that order) and a CPU cannot starve others by retaking it.
 *
 * Lockdep, in the small: every lock belongs to a class; a (class, subclass)
 * pair is a key; taking key B while holding key A records the dependency
 * A -> B for the rest of the run.  A new dependency that closes a cycle is a
 * "possible circular locking dependency" finding, whether or not the
 * interleaving at hand deadlocks.  Locks without a class are tracked for
 * ownership only.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static void sim_lock_bug(const char *id, const char *fmt, const char *name)
	__attribute__((noreturn));

static void sim_lock_bug(const char *id, const char *fmt, const char *name)
{
	sim_finding(SIM_F_LOCKDEP, sim_m.cur, id, fmt, name);
}

void sim_lock_init(struct sim_lock *l, const char *name,
		   struct sim_lock_class *class, int order)
{
	if (sim_m.nr_locks == SIM_MAX_LOCKS)
		sim_finding(SIM_F_BUG, sim_m.cur, "SIM:too-many-locks",
			    "more than %d locks registered", SIM_MAX_LOCKS);
	l->name = name;
	l->class = class;
	l->owner = -1;
	l->id = sim_m.nr_locks;
	l->order = order;
	l->next_ticket = 0;
	l->serving = 0;
	sim_m.locks[sim_m.nr_locks++] = l;
}

void sim_lock_destroy(struct sim_lock *l)
{
	unsigned int i;

	if (l->owner >= 0)
		sim_lock_bug("LOCKDEP:held-lock-freed",
			     "held lock freed: %s", l->name);
	/* A CPU spinning on it would read freed memory next: what KASAN
	 * reports on real hardware (and ASan did here, in the invariants). */
	for (i = 0; i < sim_m.nr_cpus; i++)
		if (sim_m.cpu[i].wait == SIM_WAIT_LOCK && sim_m.cpu[i].wait_lock == l)
			sim_finding(SIM_F_BUG, sim_m.cur, "KASAN:use-after-free:spin on a freed lock",
				    "BUG: KASAN: slab-use-after-free: CPU%u spins on %s, "
				    "whose object is being freed", i, l->name);
	if (l->id >= 0 && l->id < sim_m.nr_locks && sim_m.locks[l->id] == l)
		sim_m.locks[l->id] = NULL;
}

/* The run-local index of a class, assigned in order of first use. */
static int sim_class_idx(struct sim_lock_class *class)
{
	if (class->gen == sim_m.gen)
		return class->idx;
	if (sim_m.nr_classes == SIM_MAX_LOCK_CLASSES)
		sim_finding(SIM_F_BUG, sim_m.cur, "SIM:too-many-lock-classes",
			    "more than %d lock classes", SIM_MAX_LOCK_CLASSES);
	class->gen = sim_m.gen;
	class->idx = sim_m.nr_classes;
	sim_m.classes[sim_m.nr_classes++] = class;
	return class->idx;
}

static int sim_lock_key(struct sim_lock *l, unsigned int subclass)
{
	return sim_class_idx(l->class) * SIM_LOCK_SUBCLASSES + (int)subclass;
}

/* Is 'to' reachable from 'from' in the dependency graph? */
static bool sim_dep_reaches(int from, int to)
{
	uint64_t seen = 0, frontier = 1ull << from;

	while (frontier) {
		int k = __builtin_ctzll(frontier);

		frontier &= frontier - 1;
		if (k == to)
			return true;
		if (seen & (1ull << k))
			continue;
		seen |= 1ull << k;
		frontier |= sim_m.deps[k] & ~seen;
	}
	return false;
}

static const char *sim_key_name(int key, char *buf, size_t n)
{
	const struct sim_lock_class *c = sim_m.classes[key / SIM_LOCK_SUBCLASSES];

	if (key % SIM_LOCK_SUBCLASSES)
		snprintf(buf, n, "%s/%d", c->name, key % SIM_LOCK_SUBCLASSES);
	else
		snprintf(buf, n, "%s", c->name);
	return buf;
}

/* Lockdep's checks before CPU c may wait for l. */
static void sim_lockdep_acquire(struct sim_cpu *c, struct sim_lock *l,
				unsigned int subclass)
{
	int i, key;

	if (l->owner == c->id)
		sim_lock_bug("LOCKDEP:recursive-locking",
			     "spinlock recursion: %s already held by this CPU",
			     l->name);
	if (c->nr_held == SIM_MAX_HELD_LOCKS)
		sim_lock_bug("LOCKDEP:held-lock-overflow",
			     "too many locks held taking %s", l->name);
	if (!l->class)
		return;
	if (subclass >= SIM_LOCK_SUBCLASSES)
		sim_lock_bug("LOCKDEP:bad-subclass", "bad subclass for %s",
			     l->name);
	key = sim_lock_key(l, subclass);
	for (i = 0; i < c->nr_held; i++) {
		struct sim_held *h = &c->held[i];
		int hkey;
		char a[96], b[96];

		if (!h->lock->class)
			continue;
		hkey = sim_lock_key(h->lock, h->subclass);
		if (hkey == key)
			sim_finding(SIM_F_LOCKDEP, c->id,
				    "LOCKDEP:possible-recursive-locking",
				    "possible recursive locking detected: taking %s while holding %s of the same class %s",
				    l->name, h->lock->name,
				    sim_key_name(key, a, sizeof(a)));
		/* SIM: rq_order_less() in a check.  Instances of an ordered
		 * class nest in ascending order (lower CPU first), as
		 * double_rq_lock() arranges; lockdep cannot see this because
		 * the instances share a class. */
		if (h->lock->class == l->class &&
		    (l->class->flags & SIM_LOCKF_ORDERED) &&
		    h->lock->order > l->order)
			sim_finding(SIM_F_LOCKDEP, c->id,
				    "LOCKDEP:lock-instance-order",
				    "%s taken while holding %s: ordered locks must nest in ascending order",
				    l->name, h->lock->name);
		if (sim_m.deps[hkey] & (1ull << key))
			continue;
		if (sim_dep_reaches(key, hkey))
			sim_finding(SIM_F_LOCKDEP, c->id,
				    "LOCKDEP:circular-locking",
				    "possible circular locking dependency detected: taking %s (%s) while holding %s (%s), but %s was taken before %s earlier in this run",
				    l->name, sim_key_name(key, a, sizeof(a)),
				    h->lock->name,
				    sim_key_name(hkey, b, sizeof(b)), a, b);
		sim_m.deps[hkey] |= 1ull << key;
	}
}

static void sim_lock_grant(struct sim_cpu *c, struct sim_lock *l,
			   unsigned int subclass)
{
	struct sim_held *h = &c->held[c->nr_held++];

	l->owner = c->id;
	h->lock = l;
	h->subclass = subclass;
	h->pin = 0;
	h->func = sim_cur_func();
	if (l->class && (l->class->flags & SIM_LOCKF_RQ))
		sim_m.rq_held++;
	sim_trace(SIM_TR_ACQUIRED, c->id, l->name, 0, (uint64_t)l->id);
}

void sim_lock_acquire(struct sim_lock *l, unsigned int subclass)
{
	struct sim_cpu *c = sim_cur_cpu();

	sim_lockdep_acquire(c, l, subclass);
	sim_trace(SIM_TR_ACQUIRE, c->id, l->name, 0, (uint64_t)l->id);
	c->wait = SIM_WAIT_LOCK;
	c->wait_lock = l;
	c->wait_ticket = l->next_ticket++;
	sim_suspend(c, SIM_TR_ACQUIRE, l->name);
	/* Only chosen while the lock is free and this ticket is served. */
	c->wait = SIM_WAIT_NONE;
	c->wait_lock = NULL;
	sim_lock_grant(c, l, subclass);
}

bool sim_lock_tryacquire(struct sim_lock *l)
{
	struct sim_cpu *c = sim_cur_cpu();

	sim_trace(SIM_TR_ACQUIRE, c->id, l->name, 1, (uint64_t)l->id);
	c->wait = SIM_WAIT_NONE;
	sim_suspend(c, SIM_TR_ACQUIRE, l->name);
	/* Fails if held or if others queue for it (qspinlock's trylock). */
	if ((l->owner >= 0 && l->owner != c->id) || l->serving != l->next_ticket)
		return false;
	/* A trylock cannot deadlock, but recursion is still a bug, and
	 * lockdep records the dependency all the same. */
	sim_lockdep_acquire(c, l, 0);
	l->next_ticket++;
	sim_lock_grant(c, l, 0);
	return true;
}

void sim_lock_release(struct sim_lock *l)
{
	struct sim_cpu *c = sim_cur_cpu();
	int i;

	if (l->owner != c->id)
		sim_lock_bug("LOCKDEP:bad-unlock-balance",
			     "bad unlock balance detected: releasing %s, which this CPU does not hold",
			     l->name);
	for (i = c->nr_held - 1; i >= 0; i--)
		if (c->held[i].lock == l)
			break;
	if (i < 0)
		sim_lock_bug("LOCKDEP:held-lock-lost",
			     "%s is owned by this CPU but not on its held-lock stack",
			     l->name);
	if (c->held[i].pin)
		sim_lock_bug("LOCKDEP:release-pinned",
			     "releasing a pinned lock: %s", l->name);
	memmove(&c->held[i], &c->held[i + 1],
		(size_t)(c->nr_held - i - 1) * sizeof(c->held[0]));
	c->nr_held--;
	l->owner = -1;
	l->serving++;		/* the next ticket in line may take it */
	if (l->class && (l->class->flags & SIM_LOCKF_RQ)) {
		if (--sim_m.rq_held == 0)
			sim_m.inv_dirty = true;
	}
	sim_trace(SIM_TR_RELEASE, c->id, l->name, 0, (uint64_t)l->id);
	c->wait = SIM_WAIT_NONE;
	sim_suspend(c, SIM_TR_RELEASE, l->name);
}

void sim_lock_set_subclass(struct sim_lock *l, unsigned int subclass)
{
	struct sim_cpu *c = sim_cur_cpu();
	int i;

	for (i = c->nr_held - 1; i >= 0; i--)
		if (c->held[i].lock == l)
			break;
	if (i < 0)
		sim_lock_bug("LOCKDEP:set-subclass-not-held",
			     "lock_set_subclass on %s, which is not held", l->name);
	if (subclass >= SIM_LOCK_SUBCLASSES)
		sim_lock_bug("LOCKDEP:bad-subclass", "bad subclass for %s", l->name);
	c->held[i].subclass = subclass;
}

bool sim_lock_held(const struct sim_lock *l)
{
	return sim_m.cur >= 0 && l->owner == sim_m.cur;
}

void sim_lock_assert_held(const struct sim_lock *l, bool held, const char *func)
{
	char id[160];

	if (sim_lock_held(l) == held)
		return;
	snprintf(id, sizeof(id), "LOCKDEP:%s:%s", held ? "not-held" : "held",
		 func);
	sim_finding(SIM_F_LOCKDEP, sim_m.cur, id,
		    "%s: lockdep_assert_%s(%s) failed in %s",
		    held ? "WARNING" : "WARNING", held ? "held" : "not_held",
		    l->name, func);
}

static struct sim_held *sim_held_of(struct sim_lock *l)
{
	struct sim_cpu *c = sim_cur_cpu();
	int i;

	for (i = c->nr_held - 1; i >= 0; i--)
		if (c->held[i].lock == l)
			return &c->held[i];
	sim_lock_bug("LOCKDEP:pin-not-held", "pinning %s, which is not held",
		     l->name);
}

struct sim_pin_cookie sim_lock_pin(struct sim_lock *l)
{
	struct sim_held *h = sim_held_of(l);
	struct sim_pin_cookie c;

	if (h->pin)
		sim_lock_bug("LOCKDEP:double-pin", "%s pinned twice", l->name);
	/* Cookies are never 0, so 0 means "not pinned". */
	h->pin = ++sim_m.pin_seq;
	c.val = h->pin;
	return c;
}

void sim_lock_unpin(struct sim_lock *l, struct sim_pin_cookie c)
{
	struct sim_held *h = sim_held_of(l);

	if (!h->pin)
		sim_lock_bug("LOCKDEP:unpin-unpinned", "unpinning %s, not pinned",
			     l->name);
	if (h->pin != c.val)
		sim_lock_bug("LOCKDEP:pin-cookie-mismatch",
			     "unpinning %s with a cookie it was not pinned with",
			     l->name);
	h->pin = 0;
}

void sim_lock_repin(struct sim_lock *l, struct sim_pin_cookie c)
{
	struct sim_held *h = sim_held_of(l);

	if (h->pin)
		sim_lock_bug("LOCKDEP:double-pin", "%s repinned while pinned",
			     l->name);
	h->pin = c.val ? c.val : ++sim_m.pin_seq;
}

int sim_rq_locks_held(void)
{
	return sim_m.rq_held;
}

const char *sim_lock_owner_desc(const struct sim_lock *l, char *buf, size_t n)
{
	if (l->owner < 0)
		snprintf(buf, n, "free");
	else
		snprintf(buf, n, "held by CPU %d", l->owner);
	return buf;
}

/* ---------------------------------------------------------------------- */
/* The machine's own invariants */

static bool sim_inv_lock_owner_holds(char *msg, size_t len)
{
	int i, j;

	for (i = 0; i < sim_m.nr_locks; i++) {
		const struct sim_lock *l = sim_m.locks[i];
		const struct sim_cpu *c;

		if (!l || l->owner < 0)
			continue;
		if ((unsigned int)l->owner >= sim_m.nr_cpus) {
			snprintf(msg, len, "%s owned by CPU %d, which does not exist",
				 l->name, l->owner);
			return false;
		}
		c = &sim_m.cpu[l->owner];
		for (j = 0; j < c->nr_held; j++)
			if (c->held[j].lock == l)
				break;
		if (j == c->nr_held) {
			snprintf(msg, len, "%s owned by CPU %d, not on its held stack",
				 l->name, l->owner);
			return false;
		}
	}
	return true;
}

static bool sim_inv_held_lock_owned(char *msg, size_t len)
{
	unsigned int i;
	int j;

	for (i = 0; i < sim_m.nr_cpus; i++) {
		const struct sim_cpu *c = &sim_m.cpu[i];

		for (j = 0; j < c->nr_held; j++)
			if (c->held[j].lock->owner != (int)i) {
				snprintf(msg, len, "CPU %u holds %s, whose owner is %d",
					 i, c->held[j].lock->name,
					 c->held[j].lock->owner);
				return false;
			}
	}
	return true;
}

static bool sim_inv_waiter_not_owner(char *msg, size_t len)
{
	unsigned int i;

	for (i = 0; i < sim_m.nr_cpus; i++) {
		const struct sim_cpu *c = &sim_m.cpu[i];

		if (sim_cpu_busy(c) && c->wait == SIM_WAIT_LOCK &&
		    c->wait_lock->owner == (int)i) {
			snprintf(msg, len, "CPU %u waits for %s, which it holds",
				 i, c->wait_lock->name);
			return false;
		}
	}
	return true;
}

static bool sim_inv_rq_lock_count(char *msg, size_t len)
{
	unsigned int i;
	int j, n = 0;

	for (i = 0; i < sim_m.nr_cpus; i++)
		for (j = 0; j < sim_m.cpu[i].nr_held; j++) {
			const struct sim_lock *l = sim_m.cpu[i].held[j].lock;

			n += l->class && (l->class->flags & SIM_LOCKF_RQ);
		}
	if (n != sim_m.rq_held) {
		snprintf(msg, len, "%d rq-class locks on held stacks, count says %d",
			 n, sim_m.rq_held);
		return false;
	}
	return true;
}

void sim_lock_invariants_register(void)
{
	sim_invariant_register(SIM_INV_LOCK_OWNER_HOLDS, sim_inv_lock_owner_holds);
	sim_invariant_register(SIM_INV_HELD_LOCK_OWNED, sim_inv_held_lock_owned);
	sim_invariant_register(SIM_INV_WAITER_NOT_OWNER, sim_inv_waiter_not_owner);
	sim_invariant_register(SIM_INV_RQ_LOCK_COUNT, sim_inv_rq_lock_count);
}
