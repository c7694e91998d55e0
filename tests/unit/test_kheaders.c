// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel header stand-ins under sim/include/linux/: each data structure
 * is driven by thousands of seeded random operations and compared with a
 * plain reference after every one, and its structural invariants (red-black
 * rules, augmented values, plist rings, list links) are rechecked in full.
 */
#define SIM_KFILE "tests/unit/test_kheaders.c"

#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/cpumask.h>
#include <linux/list.h>
#include <linux/math64.h>
#include <linux/plist.h>
#include <linux/rbtree.h>
#include <linux/rbtree_augmented.h>
#include <linux/types.h>

#include "harness.h"
#include "toys.h"

/* ---------------------------------------------------------------------- */
/* Deterministic randomness: splitmix64 */

static u64 rnd_state;

static void rnd_seed(u64 seed)
{
	rnd_state = seed;
}

static u64 rnd64(void)
{
	u64 z = (rnd_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform enough in [0, n). */
static u32 rnd_below(u32 n)
{
	return (u32)(rnd64() % n);
}

/* A value of random magnitude: 0..64 significant bits. */
static u64 rnd_mag(void)
{
	unsigned int bits = rnd_below(65);

	return bits ? rnd64() >> (64 - bits) : 0;
}

/* ====================================================================== */
/* types.h */

struct inner {
	u64 x;
};

struct outer {
	int a;
	long b;
	struct inner in;
	char c;
};

TEST(kh_types_minmax_and_helpers,
     "min/max/clamp/swap/container_of/ARRAY_SIZE/READ_ONCE give the kernel's values, nest without shadowing, and mix signedness only where that is safe.")
{
	u64 big = 10000000000ULL;
	u32 small = 7;
	s64 neg = -5;
	int i = 3, j = 9;
	u8 byte = 200;
	struct outer o;
	int arr[13];
	u64 slot = 0;

	CHECK_EQ_U64(min(big, small), 7);
	CHECK_EQ_U64(max(big, small), big);
	CHECK(min(neg, (s64)i) == -5);
	CHECK(max(neg, (s64)i) == 3);
	CHECK_EQ_U64(min(big, 5), 5);		/* unsigned with a constant */
	CHECK(min(byte, -1) == -1);		/* u8 promotes to int */
	CHECK(min_t(int, big, -1) == -1);
	CHECK_EQ_U64(max_t(u32, -1, 4), U32_MAX);
	CHECK(min3(j, i, 5) == 3 && max3(j, i, 5) == 9);
	CHECK(min(min(i, j), min(j, 1)) == 1);	/* nesting, -Wshadow clean */
	CHECK(clamp(neg, -2LL, 2LL) == -2);
	CHECK(clamp(j, 0, 4) == 4);
	CHECK(clamp(i, 0, 4) == 3);
	CHECK_EQ_U64(clamp_t(u64, -1, 0, 100), 100);
	CHECK(clamp_val(byte, 10, 20) == 20);
	swap(i, j);
	CHECK(i == 9 && j == 3);

	CHECK(container_of(&o.in, struct outer, in) == &o);
	CHECK(container_of((const struct inner *)&o.in, struct outer, in) == &o);
	CHECK(container_of((void *)&o.in, struct outer, in) == &o);
	CHECK(ARRAY_SIZE(arr) == 13);
	CHECK(BIT(0) == 1 && BIT(63) == 0x8000000000000000UL);
	CHECK_EQ_U64(DIV_ROUND_UP(129, 64), 3);

	WRITE_ONCE(slot, 42);
	CHECK_EQ_U64(READ_ONCE(slot), 42);
	smp_store_release(&slot, 43);
	CHECK_EQ_U64(smp_load_acquire(&slot), 43);
	smp_mb();
	smp_rmb();
	smp_wmb();
	smp_acquire__after_ctrl_dep();

	CHECK_EQ_U64(U64_MAX, 0xffffffffffffffffULL);
	CHECK(S64_MAX == 0x7fffffffffffffffLL);
	CHECK(S64_MIN == -S64_MAX - 1);
	CHECK(NSEC_PER_SEC == 1000 * NSEC_PER_MSEC);
	CHECK(NSEC_PER_MSEC == 1000 * NSEC_PER_USEC && NSEC_PER_USEC == 1000);
	CHECK(__is_constexpr(5) && !__is_constexpr(i));
	CHECK(!__minmax_types_ok(neg, big) && __minmax_types_ok(big, 5) &&
	      !__minmax_types_ok(big, -5) && __minmax_types_ok(byte, neg));
}

/* ====================================================================== */
/* math64.h */

/* 64 x 64 -> 128 with 32-bit limbs: a reference independent of __int128. */
static void mul128(u64 a, u64 b, u64 *hi, u64 *lo)
{
	u64 al = (u32)a, ah = a >> 32, bl = (u32)b, bh = b >> 32;
	u64 ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	u64 mid = (ll >> 32) + (u32)lh + (u32)hl;

	*lo = (mid << 32) | (u32)ll;
	*hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

/* (hi:lo) / d by restoring long division; false if it overflows 64 bits. */
static bool div128(u64 hi, u64 lo, u64 d, u64 *q)
{
	u64 rem = 0, quo = 0;
	int bit;

	if (hi >= d)
		return false;
	rem = hi;
	for (bit = 63; bit >= 0; bit--) {
		bool carry = rem >> 63;

		rem = (rem << 1) | ((lo >> bit) & 1);
		quo <<= 1;
		if (carry || rem >= d) {
			rem -= d;
			quo |= 1;
		}
	}
	*q = quo;
	return true;
}

TEST(kh_math64_against_wide_reference,
     "The division and scaled-multiply helpers equal an __int128 reference and an independent 32-bit-limb one on 20000 random operands of every magnitude.")
{
	int n;

	rnd_seed(0x6d61746836340001ull);
	for (n = 0; n < 20000; n++) {
		u64 a = rnd_mag(), b = rnd_mag(), c = rnd_mag() | 1, r64, hi, lo, q;
		u32 d32 = (u32)(rnd_mag() | 1), r32;
		u64 ma = rnd_mag(), mb = rnd_mag() | 1;
		s64 sa = (s64)(rnd_below(2) ? ma : 0 - ma);	/* wraps: any s64 */
		s64 sb = (s64)(rnd_below(2) ? mb : 0 - mb);
		s32 sd32 = (s32)(u32)(rnd_mag() | 1);
		s32 sr32;
		unsigned int shift = rnd_below(64);

		if (sd32 == -1 && sa == S64_MIN)
			sd32 = 1;
		if (sb == -1 && sa == S64_MIN)
			sb = 1;

		CHECK_EQ_U64(div64_u64(a, c), (u64)((unsigned __int128)a / c));
		CHECK_EQ_U64(div64_u64_rem(a, c, &r64), a / c);
		CHECK_EQ_U64(r64, a % c);
		CHECK_EQ_U64(div_u64(a, d32), (u64)((unsigned __int128)a / d32));
		CHECK_EQ_U64(div_u64_rem(a, d32, &r32), a / d32);
		CHECK(r32 == a % d32 && r32 < d32);
		CHECK(div_s64(sa, sd32) == (s64)((__int128)sa / sd32));
		CHECK(div_s64_rem(sa, sd32, &sr32) == (s64)((__int128)sa / sd32));
		CHECK((__int128)sr32 == (__int128)sa % sd32);
		CHECK(div64_s64(sa, sb) == (s64)((__int128)sa / sb));
		CHECK_EQ_U64(mul_u32_u32((u32)a, (u32)b), (u64)(u32)a * (u32)b);

		mul128(a, (u32)b, &hi, &lo);
		CHECK_EQ_U64(mul_u64_u32_shr(a, (u32)b, shift),
			     shift ? (lo >> shift) | (hi << (64 - shift)) : lo);
		CHECK_EQ_U64(mul_u64_u32_shr(a, (u32)b, shift),
			     (u64)(((unsigned __int128)a * (u32)b) >> shift));
		mul128(a, b, &hi, &lo);
		CHECK_EQ_U64(mul_u64_u64_shr(a, b, shift),
			     shift ? (lo >> shift) | (hi << (64 - shift)) : lo);
		if (div128(hi, lo, c, &q)) {
			CHECK_EQ_U64(mul_u64_u64_div_u64(a, b, c), q);
			CHECK_EQ_U64(mul_u64_u64_div_u64(a, b, c),
				     (u64)((unsigned __int128)a * b / c));
		}
	}
	CHECK_EQ_U64(mul_u64_u64_div_u64(U64_MAX, U64_MAX, U64_MAX), U64_MAX);
	CHECK(div_s64(-7, 2) == -3 && div64_s64(7, -2) == -3);	/* toward zero */
	CHECK(div64_s64(S64_MIN, 1) == S64_MIN);
}

static int div_case;

static void div_error_work(void *arg)
{
	volatile u64 zero = 0;
	volatile s64 minus_one = -1;

	(void)arg;
	switch (div_case) {
	case 0:
		(void)div64_u64(1, zero);
		break;
	case 1:
		(void)div64_s64(S64_MIN, minus_one);
		break;
	default:
		(void)mul_u64_u64_div_u64(U64_MAX, 3, 2);	/* past U64_MAX */
		break;
	}
}

static void div_error_setup(void)
{
	sim_queue_work(1, div_error_work, NULL, "div");
}

TEST(kh_math64_divide_error_is_a_finding,
     "A zero divisor, S64_MIN / -1 and an overflowing mul_u64_u64_div_u64() each end the run with a divide-error finding on the dividing CPU.")
{
	static const char *const ids[] = {
		"BUG:divide-error:div64_u64",
		"BUG:divide-error:div64_s64",
		"BUG:divide-error:mul_u64_u64_div_u64",
	};

	for (div_case = 0; div_case < 3; div_case++) {
		const struct sim_outcome *o = toy_run(div_error_setup, 2, NULL, 0);

		CHECK(o->result == SIM_FINDING);
		CHECK(o->kind == SIM_F_BUG);
		CHECK_STR_EQ(o->id, ids[div_case]);
		CHECK(o->cpu == 1);
	}
}

/* ====================================================================== */
/* list.h */

#define L_ITEMS	40
#define L_LISTS	3

struct litem {
	int id;
	int list;			/* -1: on no list */
	struct list_head node;
};

static struct litem litems[L_ITEMS];
static struct list_head lheads[L_LISTS];
static int lref[L_LISTS][L_ITEMS];	/* ids, in list order */
static int lref_len[L_LISTS];

static void lref_insert(int l, int pos, int id)
{
	memmove(&lref[l][pos + 1], &lref[l][pos],
		(size_t)(lref_len[l] - pos) * sizeof(int));
	lref[l][pos] = id;
	lref_len[l]++;
	litems[id].list = l;
}

static void lref_remove(int id)
{
	int l = litems[id].list, pos;

	for (pos = 0; lref[l][pos] != id; pos++)
		;
	memmove(&lref[l][pos], &lref[l][pos + 1],
		(size_t)(lref_len[l] - pos - 1) * sizeof(int));
	lref_len[l]--;
	litems[id].list = -1;
}

/* Move all of list 'from' to the front or the back of list 'to'. */
static void lref_splice(int from, int to, bool tail)
{
	int n = lref_len[from], i;

	if (!tail) {
		memmove(&lref[to][n], &lref[to][0], (size_t)lref_len[to] * sizeof(int));
		memcpy(&lref[to][0], &lref[from][0], (size_t)n * sizeof(int));
	} else {
		memcpy(&lref[to][lref_len[to]], &lref[from][0], (size_t)n * sizeof(int));
	}
	lref_len[to] += n;
	lref_len[from] = 0;
	for (i = 0; i < lref_len[to]; i++)
		litems[lref[to][i]].list = to;
}

/* Both walks, the counters and the end predicates agree with lref. */
static bool list_matches(int l, char *msg, size_t len)
{
	struct list_head *head = &lheads[l];
	struct litem *pos, *first;
	struct list_head *p;
	int i = 0;

	list_for_each_entry(pos, head, node) {
		if (i >= lref_len[l] || pos->id != lref[l][i]) {
			snprintf(msg, len, "list %d: forward walk differs at %d", l, i);
			return false;
		}
		if (pos->node.next->prev != &pos->node) {
			snprintf(msg, len, "list %d: next->prev broken at %d", l, i);
			return false;
		}
		i++;
	}
	if (i != lref_len[l]) {
		snprintf(msg, len, "list %d: %d entries, reference %d", l, i, lref_len[l]);
		return false;
	}
	list_for_each_entry_reverse(pos, head, node) {
		if (pos->id != lref[l][--i]) {
			snprintf(msg, len, "list %d: reverse walk differs at %d", l, i);
			return false;
		}
	}
	i = 0;
	list_for_each(p, head)
		i++;
	first = list_first_entry_or_null(head, struct litem, node);
	if (list_count_nodes(head) != (size_t)lref_len[l] || i != lref_len[l] ||
	    list_empty(head) != !lref_len[l] ||
	    list_is_singular(head) != (lref_len[l] == 1) ||
	    (first == NULL) != !lref_len[l]) {
		snprintf(msg, len, "list %d: count/empty/singular/first_or_null wrong", l);
		return false;
	}
	if (lref_len[l]) {
		struct litem *last = list_last_entry(head, struct litem, node);

		if (first->id != lref[l][0] || last->id != lref[l][lref_len[l] - 1] ||
		    !list_is_first(&first->node, head) || !list_is_last(&last->node, head) ||
		    (lref_len[l] > 1 && (list_is_last(&first->node, head) ||
					 list_is_first(&last->node, head)))) {
			snprintf(msg, len, "list %d: first/last predicates wrong", l);
			return false;
		}
	}
	return true;
}

/* A random item on some list (-1 if none), or off every list. */
static int litem_pick(bool on)
{
	int tries;

	for (tries = 0; tries < 4 * L_ITEMS; tries++) {
		int id = (int)rnd_below(L_ITEMS);

		if ((litems[id].list >= 0) == on)
			return id;
	}
	return -1;
}

TEST(kh_list_random_ops_match_reference,
     "20000 random add/add_tail/del/del_init/move/move_tail/splice*/replace/rotate operations over three lists keep every list equal to a reference array, walked both ways.")
{
	char msg[160];
	int step, i, l;

	rnd_seed(0x6c69737400000001ull);
	for (l = 0; l < L_LISTS; l++) {
		INIT_LIST_HEAD(&lheads[l]);
		lref_len[l] = 0;
	}
	for (i = 0; i < L_ITEMS; i++) {
		litems[i].id = i;
		litems[i].list = -1;
		INIT_LIST_HEAD(&litems[i].node);
	}
	for (step = 0; step < 20000; step++) {
		int op = (int)rnd_below(11), id = -1, other;
		int to = (int)rnd_below(L_LISTS), from;

		switch (op) {
		case 0:
		case 1:
		case 2:	/* add / add_tail */
			id = litem_pick(false);
			if (id < 0)
				break;
			if (op == 0) {
				list_add(&litems[id].node, &lheads[to]);
				lref_insert(to, 0, id);
			} else {
				list_add_tail(&litems[id].node, &lheads[to]);
				lref_insert(to, lref_len[to], id);
			}
			break;
		case 3:	/* del: the entry is poisoned */
			id = litem_pick(true);
			if (id < 0)
				break;
			list_del(&litems[id].node);
			lref_remove(id);
			CHECK(litems[id].node.next == LIST_POISON1);
			CHECK(litems[id].node.prev == LIST_POISON2);
			break;
		case 4:	/* del_init: the entry is an empty list */
			id = litem_pick(true);
			if (id < 0)
				break;
			list_del_init(&litems[id].node);
			lref_remove(id);
			CHECK(list_empty(&litems[id].node));
			break;
		case 5:
		case 6:	/* move / move_tail, maybe within one list */
			id = litem_pick(true);
			if (id < 0)
				break;
			lref_remove(id);
			if (op == 5) {
				list_move(&litems[id].node, &lheads[to]);
				lref_insert(to, 0, id);
			} else {
				list_move_tail(&litems[id].node, &lheads[to]);
				lref_insert(to, lref_len[to], id);
			}
			break;
		case 7:	/* the four splices */
			from = (to + 1 + (int)rnd_below(L_LISTS - 1)) % L_LISTS;
			switch (rnd_below(4)) {
			case 0:
				list_splice_init(&lheads[from], &lheads[to]);
				lref_splice(from, to, false);
				break;
			case 1:
				list_splice_tail_init(&lheads[from], &lheads[to]);
				lref_splice(from, to, true);
				break;
			case 2:
				list_splice(&lheads[from], &lheads[to]);
				INIT_LIST_HEAD(&lheads[from]);
				lref_splice(from, to, false);
				break;
			default:
				list_splice_tail(&lheads[from], &lheads[to]);
				INIT_LIST_HEAD(&lheads[from]);
				lref_splice(from, to, true);
				break;
			}
			CHECK(list_empty(&lheads[from]));
			break;
		case 8:	/* replace an entry by a free item */
			id = litem_pick(true);
			other = litem_pick(false);
			if (id < 0 || other < 0)
				break;
			l = litems[id].list;
			for (i = 0; lref[l][i] != id; i++)
				;
			list_replace_init(&litems[id].node, &litems[other].node);
			lref[l][i] = other;
			litems[other].list = l;
			litems[id].list = -1;
			CHECK(list_empty(&litems[id].node));
			break;
		case 9:	/* rotate */
			list_rotate_left(&lheads[to]);
			if (lref_len[to]) {
				id = lref[to][0];
				lref_remove(id);
				lref_insert(to, lref_len[to], id);
			}
			break;
		default:	/* list_is_head on a head and an entry */
			CHECK(list_is_head(&lheads[to], &lheads[to]));
			id = litem_pick(true);
			if (id >= 0)
				CHECK(!list_is_head(&litems[id].node, &lheads[to]));
			break;
		}
		for (l = 0; l < L_LISTS; l++)
			CHECK_MSG(list_matches(l, msg, sizeof(msg)),
				  "step %d op %d: %s", step, op, msg);
	}
}

TEST(kh_list_safe_iteration_and_static_heads,
     "Entries can be deleted while walking with the _safe iterators, both ways; LIST_HEAD() starts empty; continue/from walks resume where they stand.")
{
	LIST_HEAD(head);
	struct litem *pos, *n;
	int i, seen, sum;

	CHECK(list_empty(&head) && list_count_nodes(&head) == 0);
	CHECK(list_first_entry_or_null(&head, struct litem, node) == NULL);
	for (i = 0; i < 10; i++) {
		litems[i].id = i;
		list_add_tail(&litems[i].node, &head);
	}
	seen = 0;
	list_for_each_entry_safe(pos, n, &head, node) {
		if (pos->id % 2 == 0)
			list_del(&pos->node);	/* the poisoned entry is not read again */
		seen++;
	}
	CHECK(seen == 10 && list_count_nodes(&head) == 5);
	i = 1;
	list_for_each_entry(pos, &head, node) {
		CHECK(pos->id == i);
		i += 2;
	}
	seen = 0;
	list_for_each_entry_safe_reverse(pos, n, &head, node) {
		if (pos->id == 9 || pos->id == 1)
			list_del_init(&pos->node);
		seen++;
	}
	CHECK(seen == 5 && list_count_nodes(&head) == 3);
	pos = list_first_entry(&head, struct litem, node);	/* 3 */
	CHECK(pos->id == 3);
	sum = 0;
	list_for_each_entry_continue(pos, &head, node)
		sum += pos->id;
	CHECK(sum == 5 + 7);
	pos = list_next_entry(list_first_entry(&head, struct litem, node), node);
	CHECK(pos->id == 5 && list_prev_entry(pos, node)->id == 3);
	sum = 0;
	list_for_each_entry_from(pos, &head, node)
		sum += pos->id;
	CHECK(sum == 5 + 7);
}

/* ====================================================================== */
/* rbtree.h and rbtree_augmented.h */

#define RB_POOL	320

struct ritem {
	u64 key;
	u32 seq;			/* insertion order: ties keep it */
	u64 val;			/* the augmented source value */
	u64 min_val;			/* min of val over the subtree */
	bool in;
	struct rb_node rb;
};

static struct ritem ritems[RB_POOL];
static struct ritem *rref[RB_POOL];	/* in-tree items sorted by (key, seq) */
static int rref_len;
static u32 rseq;

#define ritem_of(n)	rb_entry((n), struct ritem, rb)

static bool ritem_less(struct rb_node *a, const struct rb_node *b)
{
	return ritem_of(a)->key < ritem_of(b)->key;
}

static int ritem_cmp(const void *key, const struct rb_node *n)
{
	u64 k = *(const u64 *)key, nk = ritem_of(n)->key;

	return k < nk ? -1 : k > nk;
}

/* The kernel's RBCOMPUTE contract: recompute, report "unchanged". */
static bool ritem_min_update(struct ritem *it, bool exit)
{
	u64 old = it->min_val, m = it->val;

	if (it->rb.rb_left)
		m = min(m, ritem_of(it->rb.rb_left)->min_val);
	if (it->rb.rb_right)
		m = min(m, ritem_of(it->rb.rb_right)->min_val);
	it->min_val = m;
	return exit && m == old;
}

RB_DECLARE_CALLBACKS(static, ritem_min_cb, struct ritem, rb, min_val,
		     ritem_min_update);

static void rref_reset(void)
{
	int i;

	rref_len = 0;
	rseq = 0;
	for (i = 0; i < RB_POOL; i++) {
		ritems[i].in = false;
		RB_CLEAR_NODE(&ritems[i].rb);
	}
}

/* Insert into the reference after every item of equal key; returns the
 * position. */
static int rref_insert(struct ritem *it)
{
	int pos = rref_len;

	while (pos > 0 && rref[pos - 1]->key > it->key)
		pos--;
	memmove(&rref[pos + 1], &rref[pos], (size_t)(rref_len - pos) * sizeof(rref[0]));
	rref[pos] = it;
	rref_len++;
	it->in = true;
	return pos;
}

static int rref_remove(struct ritem *it)
{
	int pos;

	for (pos = 0; rref[pos] != it; pos++)
		;
	memmove(&rref[pos], &rref[pos + 1], (size_t)(rref_len - pos - 1) * sizeof(rref[0]));
	rref_len--;
	it->in = false;
	return pos;
}

struct rb_facts {
	int nodes;
	int height;
	int black_height;
};

/*
 * Check the red-black rules and the parent links of a subtree; returns its
 * black height (NULL links count 1), or -1 with msg set.  With 'augmented',
 * also recompute every node's min_val from scratch and compare.
 */
static int rb_check_subtree(const struct rb_node *n, const struct rb_node *parent,
			    int depth, bool augmented, u64 *min_out,
			    struct rb_facts *f, char *msg, size_t len)
{
	u64 lmin = U64_MAX, rmin = U64_MAX;
	int lh, rh;

	if (!n)
		return 1;
	f->nodes++;
	if (depth > f->height)
		f->height = depth;
	if (rb_parent(n) != parent) {
		snprintf(msg, len, "node key %llu: wrong parent link",
			 (unsigned long long)ritem_of(n)->key);
		return -1;
	}
	if (n->__rb_parent_color & 2) {
		snprintf(msg, len, "stray bit 1 in the parent word");
		return -1;
	}
	if (rb_is_red(n) && ((n->rb_left && rb_is_red(n->rb_left)) ||
			     (n->rb_right && rb_is_red(n->rb_right)))) {
		snprintf(msg, len, "red node key %llu has a red child",
			 (unsigned long long)ritem_of(n)->key);
		return -1;
	}
	lh = rb_check_subtree(n->rb_left, n, depth + 1, augmented, &lmin, f, msg, len);
	if (lh < 0)
		return -1;
	rh = rb_check_subtree(n->rb_right, n, depth + 1, augmented, &rmin, f, msg, len);
	if (rh < 0)
		return -1;
	if (lh != rh) {
		snprintf(msg, len, "node key %llu: black heights %d and %d",
			 (unsigned long long)ritem_of(n)->key, lh, rh);
		return -1;
	}
	*min_out = min3(ritem_of(n)->val, lmin, rmin);
	if (augmented && ritem_of(n)->min_val != *min_out) {
		snprintf(msg, len, "node key %llu: min_val %llu, subtree min %llu",
			 (unsigned long long)ritem_of(n)->key,
			 (unsigned long long)ritem_of(n)->min_val,
			 (unsigned long long)*min_out);
		return -1;
	}
	return lh + (rb_is_black(n) ? 1 : 0);
}

static int ilog2_ceil(int n)
{
	int l = 0;

	while ((1 << l) < n)
		l++;
	return l;
}

/* The whole tree against the reference: rules, height bound, in-order walk
 * both ways, first/last, and the cached leftmost. */
static bool rb_matches(const struct rb_root *root, const struct rb_node *leftmost,
		       bool cached, bool augmented, char *msg, size_t len)
{
	struct rb_facts f = { 0, 0, 0 };
	struct rb_node *n;
	u64 tree_min;
	int i;

	if (root->rb_node && !rb_is_black(root->rb_node)) {
		snprintf(msg, len, "red root");
		return false;
	}
	f.black_height = rb_check_subtree(root->rb_node, NULL, 1, augmented,
					  &tree_min, &f, msg, len);
	if (f.black_height < 0)
		return false;
	if (f.nodes != rref_len) {
		snprintf(msg, len, "%d nodes, reference %d", f.nodes, rref_len);
		return false;
	}
	/* Height <= 2 * log2(n + 1): balanced. */
	if (f.height > 2 * ilog2_ceil(f.nodes + 1)) {
		snprintf(msg, len, "height %d for %d nodes", f.height, f.nodes);
		return false;
	}
	if (RB_EMPTY_ROOT(root) != !rref_len) {
		snprintf(msg, len, "RB_EMPTY_ROOT wrong");
		return false;
	}
	for (i = 0, n = rb_first(root); n; n = rb_next(n), i++) {
		if (i >= rref_len || ritem_of(n) != rref[i]) {
			snprintf(msg, len, "in-order walk differs at %d", i);
			return false;
		}
	}
	if (i != rref_len) {
		snprintf(msg, len, "in-order walk has %d nodes", i);
		return false;
	}
	for (n = rb_last(root); n; n = rb_prev(n)) {
		if (i == 0 || ritem_of(n) != rref[--i]) {
			snprintf(msg, len, "reverse walk differs at %d", i);
			return false;
		}
	}
	if (cached && leftmost != (rref_len ? &rref[0]->rb : NULL)) {
		snprintf(msg, len, "cached leftmost is not the smallest node");
		return false;
	}
	return true;
}

/* Pick a random item in or out of the tree; NULL if there is none. */
static struct ritem *ritem_pick(bool in)
{
	int start = (int)rnd_below(RB_POOL), i;

	for (i = 0; i < RB_POOL; i++) {
		struct ritem *it = &ritems[(start + i) % RB_POOL];

		if (it->in == in)
			return it;
	}
	return NULL;
}

/* Grow for a while, shrink for a while: sizes sweep 0..RB_POOL. */
static bool rb_want_insert(int step)
{
	u32 pct = (step / 1500) % 2 ? 25 : 75;

	return rnd_below(100) < pct;
}

TEST(kh_rbtree_cached_random_ops,
     "8000 random rb_add_cached/rb_erase_cached operations with duplicate keys keep a valid balanced red-black tree equal to a sorted reference, with the right leftmost and the kernel's return values.")
{
	struct rb_root_cached tree = RB_ROOT_CACHED;
	char msg[160];
	int step;

	rnd_seed(0x7262747265650001ull);
	rref_reset();
	for (step = 0; step < 8000; step++) {
		bool ins = rb_want_insert(step);
		struct ritem *it = ritem_pick(!ins);

		if (!it)
			continue;
		if (ins) {
			struct rb_node *ret;
			int pos;

			it->key = rnd_below(200);	/* plenty of equal keys */
			it->seq = rseq++;
			ret = rb_add_cached(&it->rb, &tree, ritem_less);
			pos = rref_insert(it);
			CHECK_MSG(ret == (pos == 0 ? &it->rb : NULL),
				  "step %d: rb_add_cached returned the wrong node", step);
		} else {
			bool was_first = rref[0] == it;
			struct rb_node *ret;

			ret = rb_erase_cached(&it->rb, &tree);
			rref_remove(it);
			CHECK_MSG(ret == (was_first && rref_len ? &rref[0]->rb : NULL),
				  "step %d: rb_erase_cached returned the wrong node", step);
			CHECK(!RB_EMPTY_NODE(&it->rb));	/* as in the kernel */
			RB_CLEAR_NODE(&it->rb);
			CHECK(RB_EMPTY_NODE(&it->rb));
		}
		CHECK_MSG(rb_matches(&tree.rb_root, rb_first_cached(&tree), true,
				     false, msg, sizeof(msg)),
			  "step %d (%s): %s", step, ins ? "insert" : "erase", msg);
	}
}

TEST(kh_rbtree_plain_random_ops_and_find,
     "8000 random inserts (rb_link_node + rb_insert_color, and rb_add) and rb_erase calls keep a valid tree; rb_find hits a node of the key, rb_find_first the leftmost one, and both miss absent keys.")
{
	struct rb_root root = RB_ROOT;
	char msg[160];
	int step;

	rnd_seed(0x7262747265650002ull);
	rref_reset();
	for (step = 0; step < 8000; step++) {
		bool ins = rb_want_insert(step);
		struct ritem *it = ritem_pick(!ins);
		u64 key;
		struct rb_node *hit;
		int i;

		if (!it)
			continue;
		if (ins) {
			it->key = rnd_below(400) * 2;	/* even keys: odd ones miss */
			it->seq = rseq++;
			if (step % 2) {
				struct rb_node **link = &root.rb_node, *parent = NULL;

				while (*link) {
					parent = *link;
					if (it->key < ritem_of(parent)->key)
						link = &parent->rb_left;
					else
						link = &parent->rb_right;
				}
				rb_link_node(&it->rb, parent, link);
				rb_insert_color(&it->rb, &root);
			} else {
				rb_add(&it->rb, &root, ritem_less);
			}
			rref_insert(it);
		} else {
			rb_erase(&it->rb, &root);
			rref_remove(it);
		}
		CHECK_MSG(rb_matches(&root, NULL, false, false, msg, sizeof(msg)),
			  "step %d: %s", step, msg);

		key = rnd_below(802);
		hit = rb_find(&key, &root, ritem_cmp);
		for (i = 0; i < rref_len && rref[i]->key != key; i++)
			;
		if (i == rref_len) {
			CHECK(hit == NULL);
			CHECK(rb_find_first(&key, &root, ritem_cmp) == NULL);
		} else {
			CHECK(hit && ritem_of(hit)->key == key);
			CHECK(rb_find_first(&key, &root, ritem_cmp) == &rref[i]->rb);
		}
	}
}

TEST(kh_rbtree_augmented_min_random_ops,
     "8000 random rb_add_augmented_cached/rb_erase_augmented_cached operations and in-place value changes with propagate keep every node's subtree minimum right, like EEVDF's min_vruntime, in a valid tree.")
{
	struct rb_root_cached tree = RB_ROOT_CACHED;
	char msg[160];
	int step;

	rnd_seed(0x7262747265650003ull);
	rref_reset();
	for (step = 0; step < 8000; step++) {
		u32 what = rnd_below(10);
		bool ins = rb_want_insert(step);
		struct ritem *it;

		if (what == 0) {
			/* Change a value in place, then propagate upwards. */
			it = ritem_pick(true);
			if (!it)
				continue;
			it->val = rnd_below(1000);
			ritem_min_cb.propagate(&it->rb, NULL);
		} else {
			it = ritem_pick(!ins);
			if (!it)
				continue;
			if (ins) {
				struct rb_node *ret;
				int pos;

				it->key = rnd_below(300);
				it->seq = rseq++;
				it->val = rnd_below(1000);
				it->min_val = it->val;
				ret = rb_add_augmented_cached(&it->rb, &tree, ritem_less,
							      &ritem_min_cb);
				pos = rref_insert(it);
				CHECK(ret == (pos == 0 ? &it->rb : NULL));
			} else {
				rb_erase_augmented_cached(&it->rb, &tree, &ritem_min_cb);
				rref_remove(it);
			}
		}
		CHECK_MSG(rb_matches(&tree.rb_root, rb_first_cached(&tree), true,
				     true, msg, sizeof(msg)),
			  "step %d: %s", step, msg);
	}
}

TEST(kh_rbtree_augmented_plain_insert,
     "rb_insert_augmented after a manual link and propagate, and rb_erase_augmented, keep subtree minima right on a plain root.")
{
	struct rb_root root = RB_ROOT;
	char msg[160];
	int step;

	rnd_seed(0x7262747265650004ull);
	rref_reset();
	for (step = 0; step < 3000; step++) {
		bool ins = rb_want_insert(step);
		struct ritem *it = ritem_pick(!ins);

		if (!it)
			continue;
		if (ins) {
			struct rb_node **link = &root.rb_node, *parent = NULL;

			it->key = rnd_below(100);
			it->seq = rseq++;
			it->val = rnd_below(50);
			it->min_val = it->val;
			while (*link) {
				parent = *link;
				link = it->key < ritem_of(parent)->key ?
					&parent->rb_left : &parent->rb_right;
			}
			rb_link_node(&it->rb, parent, link);
			ritem_min_cb.propagate(parent, NULL);
			rb_insert_augmented(&it->rb, &root, &ritem_min_cb);
			rref_insert(it);
		} else {
			rb_erase_augmented(&it->rb, &root, &ritem_min_cb);
			rref_remove(it);
		}
		CHECK_MSG(rb_matches(&root, NULL, false, true, msg, sizeof(msg)),
			  "step %d: %s", step, msg);
	}
}

TEST(kh_rbtree_sorted_inserts_stay_balanced,
     "Inserting 4096 keys in ascending and then descending order, and erasing them front to back, keeps the height within 2*log2(n+1) at every step.")
{
	static struct ritem seq_items[4096];
	struct rb_root_cached tree = RB_ROOT_CACHED;
	char msg[160];
	int i, pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < 4096; i++) {
			struct ritem *it = &seq_items[i];

			it->key = pass ? (u64)(4096 - i) : (u64)i;
			it->val = 0;
			rb_add_cached(&it->rb, &tree, ritem_less);
		}
		/* Too many nodes for rref: check the structure and order. */
		{
			struct rb_facts f = { 0, 0, 0 };
			u64 m;
			struct rb_node *n;
			u64 prev = 0;

			CHECK_MSG(rb_check_subtree(tree.rb_root.rb_node, NULL, 1,
						   false, &m, &f, msg, sizeof(msg)) > 0,
				  "%s", msg);
			CHECK(f.nodes == 4096);
			CHECK_MSG(f.height <= 2 * ilog2_ceil(4097),
				  "height %d", f.height);
			for (i = 0, n = rb_first_cached(&tree); n; n = rb_next(n), i++) {
				CHECK(i == 0 || ritem_of(n)->key >= prev);
				prev = ritem_of(n)->key;
			}
			CHECK(i == 4096);
		}
		for (i = 0; i < 4096; i++) {
			struct rb_node *first = rb_first_cached(&tree);
			struct rb_facts f = { 0, 0, 0 };
			u64 m;

			rb_erase_cached(first, &tree);
			if (i % 64 == 0) {
				CHECK_MSG(rb_check_subtree(tree.rb_root.rb_node, NULL, 1,
							   false, &m, &f, msg,
							   sizeof(msg)) > 0,
					  "%s", msg);
				CHECK(f.nodes == 4096 - i - 1);
				CHECK(f.height <= 2 * ilog2_ceil(f.nodes + 1));
			}
		}
		CHECK(RB_EMPTY_ROOT(&tree.rb_root) && !rb_first_cached(&tree));
	}
}

TEST(kh_rbtree_empty_node_conventions,
     "RB_CLEAR_NODE marks a node as in no tree, rb_erase leaves it unmarked, rb_next/rb_prev of a cleared node and rb_first/rb_last of an empty root are NULL, rb_entry_safe passes NULL through.")
{
	struct rb_root root = RB_ROOT;
	struct ritem a = { .key = 1 }, b = { .key = 2 };

	CHECK(RB_EMPTY_ROOT(&root));
	CHECK(rb_first(&root) == NULL && rb_last(&root) == NULL);
	RB_CLEAR_NODE(&a.rb);
	CHECK(RB_EMPTY_NODE(&a.rb));
	CHECK(rb_next(&a.rb) == NULL && rb_prev(&a.rb) == NULL);
	rb_add(&a.rb, &root, ritem_less);
	rb_add(&b.rb, &root, ritem_less);
	CHECK(!RB_EMPTY_NODE(&a.rb) && !RB_EMPTY_NODE(&b.rb));
	CHECK(rb_next(&a.rb) == &b.rb && rb_prev(&b.rb) == &a.rb);
	CHECK(rb_parent(root.rb_node) == NULL);
	rb_erase(&a.rb, &root);
	CHECK(!RB_EMPTY_NODE(&a.rb));
	CHECK(root.rb_node == &b.rb && rb_is_black(&b.rb));
	rb_erase(&b.rb, &root);
	CHECK(!RB_EMPTY_NODE(&b.rb));
	CHECK(RB_EMPTY_ROOT(&root));
	CHECK(rb_entry_safe((struct rb_node *)NULL, struct ritem, rb) == NULL);
	CHECK(rb_entry_safe(&a.rb, struct ritem, rb) == &a);
}

/* ====================================================================== */
/* plist.h */

#define P_ITEMS	48

struct pitem {
	int id;
	u32 seq;
	bool on;
	struct plist_node pn;
};

static struct pitem pitems[P_ITEMS];
static struct pitem *pref[P_ITEMS];	/* on-list items by (prio, seq) */
static int pref_len;

static void pref_sort(void)
{
	int i, j;

	for (i = 1; i < pref_len; i++) {
		struct pitem *x = pref[i];

		for (j = i; j > 0 && (pref[j - 1]->pn.prio > x->pn.prio ||
				      (pref[j - 1]->pn.prio == x->pn.prio &&
				       pref[j - 1]->seq > x->seq)); j--)
			pref[j] = pref[j - 1];
		pref[j] = x;
	}
}

static void pref_remove(struct pitem *it)
{
	int pos;

	for (pos = 0; pref[pos] != it; pos++)
		;
	memmove(&pref[pos], &pref[pos + 1], (size_t)(pref_len - pos - 1) * sizeof(pref[0]));
	pref_len--;
	it->on = false;
}

/* node_list equals the reference; prio_list rings exactly the first node
 * of each prio, in ascending order; every other node is off that ring.  (A
 * ring of one leader looks like an empty list, like a node off the ring.) */
static bool plist_matches(const struct plist_head *head, char *msg, size_t len)
{
	struct pitem *pos;
	struct plist_node *ring, *first;
	int i = 0, groups = 0;

	for (i = 0; i < pref_len; i++)
		groups += i == 0 || pref[i - 1]->pn.prio != pref[i]->pn.prio;
	i = 0;

	if (plist_head_empty(head) != !pref_len) {
		snprintf(msg, len, "plist_head_empty wrong");
		return false;
	}
	plist_for_each_entry(pos, head, pn) {
		bool leader = i == 0 || pref[i - 1]->pn.prio != pos->pn.prio;

		if (i >= pref_len || pos != pref[i]) {
			snprintf(msg, len, "node_list differs at %d", i);
			return false;
		}
		if (list_empty(&pos->pn.prio_list) == (leader && groups > 1)) {
			snprintf(msg, len, "node %d (prio %d) %s the prio ring", i,
				 pos->pn.prio, list_empty(&pos->pn.prio_list) ?
				 "missing from" : "wrongly on");
			return false;
		}
		i++;
	}
	if (i != pref_len) {
		snprintf(msg, len, "%d nodes, reference %d", i, pref_len);
		return false;
	}
	if (!pref_len)
		return true;
	if (plist_first(head) != &pref[0]->pn || plist_last(head) != &pref[pref_len - 1]->pn ||
	    plist_first_entry(head, struct pitem, pn) != pref[0] ||
	    plist_last_entry(head, struct pitem, pn) != pref[pref_len - 1]) {
		snprintf(msg, len, "plist_first/last wrong");
		return false;
	}
	/* Walk the ring from the first node: leaders in order, then home. */
	first = plist_first(head);
	ring = first;
	for (i = 0; i < pref_len; i++) {
		if (i && pref[i - 1]->pn.prio == pref[i]->pn.prio)
			continue;
		if (ring != &pref[i]->pn) {
			snprintf(msg, len, "prio ring out of order at node %d", i);
			return false;
		}
		ring = list_entry(ring->prio_list.next, struct plist_node, prio_list);
	}
	if (ring != first) {
		snprintf(msg, len, "prio ring does not close");
		return false;
	}
	return true;
}

static struct pitem *pitem_pick(bool on)
{
	int start = (int)rnd_below(P_ITEMS), i;

	for (i = 0; i < P_ITEMS; i++) {
		struct pitem *it = &pitems[(start + i) % P_ITEMS];

		if (it->on == on)
			return it;
	}
	return NULL;
}

TEST(kh_plist_random_ops_match_reference,
     "20000 random plist_add/plist_del/plist_requeue operations keep the list sorted by ascending prio, FIFO among equal prios, with a well-formed prio ring, matching a reference.")
{
	static struct plist_head head = PLIST_HEAD_INIT(head);
	char msg[160];
	u32 seq = 0;
	int step, i;

	rnd_seed(0x706c697374000001ull);
	pref_len = 0;
	plist_head_init(&head);		/* the harness runs each test twice */
	for (i = 0; i < P_ITEMS; i++) {
		pitems[i].id = i;
		pitems[i].on = false;
		plist_node_init(&pitems[i].pn, 0);
	}
	CHECK(plist_head_empty(&head));
	for (step = 0; step < 20000; step++) {
		u32 op = rnd_below(10);
		struct pitem *it;

		if (op < 5) {
			it = pitem_pick(false);
			if (!it)
				continue;
			/* Few distinct prios, negative ones included. */
			plist_node_init(&it->pn, (int)rnd_below(9) - 3);
			CHECK(plist_node_empty(&it->pn));
			plist_add(&it->pn, &head);
			it->seq = seq++;
			it->on = true;
			pref[pref_len++] = it;
			pref_sort();
			CHECK(!plist_node_empty(&it->pn));
		} else if (op < 9) {
			it = pitem_pick(true);
			if (!it)
				continue;
			plist_del(&it->pn, &head);
			pref_remove(it);
			CHECK(plist_node_empty(&it->pn));
			CHECK(list_empty(&it->pn.prio_list));
		} else {
			/* Requeue: to the back of its prio group. */
			it = pitem_pick(true);
			if (!it)
				continue;
			plist_requeue(&it->pn, &head);
			it->seq = seq++;
			pref_sort();
		}
		CHECK_MSG(plist_matches(&head, msg, sizeof(msg)), "step %d op %u: %s",
			  step, op, msg);
	}
}

TEST(kh_plist_fifo_and_safe_walk,
     "Nodes of one prio come out in insertion order around nodes of other prios, and plist_for_each_entry_safe may delete every node it visits.")
{
	PLIST_HEAD(head);
	struct pitem *pos, *n;
	static const int prios[] = { 5, 1, 5, 3, 1, 5, 0, 3 };
	static const int order[] = { 6, 1, 4, 3, 7, 0, 2, 5 };
	int i;

	for (i = 0; i < 8; i++) {
		pitems[i].id = i;
		plist_node_init(&pitems[i].pn, prios[i]);
		plist_add(&pitems[i].pn, &head);
	}
	i = 0;
	plist_for_each_entry(pos, &head, pn)
		CHECK(pos->id == order[i++]);
	CHECK(i == 8);
	/* Requeue the first prio-5 node behind the other two. */
	plist_requeue(&pitems[0].pn, &head);
	CHECK(plist_last_entry(&head, struct pitem, pn) == &pitems[0]);
	/* Requeueing the last node of a group changes nothing. */
	plist_requeue(&pitems[7].pn, &head);
	CHECK(plist_next(&pitems[3].pn) == &pitems[7].pn);
	i = 0;
	plist_for_each_entry_safe(pos, n, &head, pn) {
		plist_del(&pos->pn, &head);
		CHECK(plist_node_empty(&pos->pn));
		i++;
	}
	CHECK(i == 8 && plist_head_empty(&head));
}

/* ====================================================================== */
/* bitops.h */

#define B_MAX	256

/* A random bitmap of 'nbits' bits with its reference; the words' tail bits
 * past nbits get garbage that the queries must ignore. */
static void random_bitmap(unsigned long *map, bool *ref, unsigned int nbits)
{
	u32 density = rnd_below(101);
	unsigned int i;

	for (i = 0; i < BITS_TO_LONGS(B_MAX); i++)
		map[i] = rnd64();
	for (i = 0; i < B_MAX; i++) {
		ref[i] = i < nbits && rnd_below(100) < density;
		if (i < nbits) {
			if (ref[i])
				__set_bit(i, map);
			else
				__clear_bit(i, map);
		}
	}
}

TEST(kh_bitops_against_reference,
     "find_*_bit, for_each_set_bit and every bitmap_* query and operation agree with a bool-array reference on random maps of sizes around word boundaries, ignoring bits past the size.")
{
	static const unsigned int sizes[] = { 1, 5, 63, 64, 65, 101, 127, 128, 129, 200, 256 };
	DECLARE_BITMAP(a, B_MAX);
	DECLARE_BITMAP(b, B_MAX);
	DECLARE_BITMAP(d, B_MAX);
	bool ra[B_MAX], rb[B_MAX];
	int round;

	rnd_seed(0x6269746f70730001ull);
	for (round = 0; round < 600; round++) {
		unsigned int nbits = sizes[round % ARRAY_SIZE(sizes)];
		unsigned int i, w = 0, tail;
		unsigned long off, bit, expect;
		bool any_and = false, any_andnot = false, eq = true, sub = true,
			inter = false, full = true;

		random_bitmap(a, ra, nbits);
		random_bitmap(b, rb, nbits);
		if (round % 7 == 0) {
			for (i = 0; i < nbits; i++)
				rb[i] = ra[i];
			bitmap_copy(b, a, nbits);
		}
		for (i = 0; i < nbits; i++) {
			CHECK(test_bit(i, a) == ra[i]);
			w += ra[i];
			any_and |= ra[i] && rb[i];
			any_andnot |= ra[i] && !rb[i];
			eq &= ra[i] == rb[i];
			sub &= !ra[i] || rb[i];
			inter |= ra[i] && rb[i];
			full &= ra[i];
		}
		CHECK(bitmap_weight(a, nbits) == w);
		CHECK(bitmap_empty(a, nbits) == (w == 0));
		CHECK(bitmap_full(a, nbits) == full);
		CHECK(bitmap_equal(a, b, nbits) == eq);
		CHECK(bitmap_subset(a, b, nbits) == sub);
		CHECK(bitmap_intersects(a, b, nbits) == inter);

		for (off = 0; off <= nbits + 1; off++) {
			for (expect = off; expect < nbits && !ra[expect]; expect++)
				;
			CHECK_MSG(find_next_bit(a, nbits, off) == min_t(unsigned long, expect, nbits),
				  "nbits %u off %lu", nbits, off);
			for (expect = off; expect < nbits && ra[expect]; expect++)
				;
			CHECK(find_next_zero_bit(a, nbits, off) == min_t(unsigned long, expect, nbits));
			for (expect = off; expect < nbits && !(ra[expect] && rb[expect]); expect++)
				;
			CHECK(find_next_and_bit(a, b, nbits, off) == min_t(unsigned long, expect, nbits));
		}
		CHECK(find_first_bit(a, nbits) == find_next_bit(a, nbits, 0));
		CHECK(find_first_zero_bit(a, nbits) == find_next_zero_bit(a, nbits, 0));
		CHECK(find_first_and_bit(a, b, nbits) == find_next_and_bit(a, b, nbits, 0));
		expect = 0;
		for_each_set_bit(bit, a, nbits) {
			while (!ra[expect])
				expect++;
			CHECK(bit == expect);
			expect++;
		}

		tail = nbits % BITS_PER_LONG;
		CHECK(bitmap_and(d, a, b, nbits) == any_and);
		for (i = 0; i < nbits; i++)
			CHECK(test_bit(i, d) == (ra[i] && rb[i]));
		CHECK(!tail || !(d[BIT_WORD(nbits)] >> tail));
		CHECK(bitmap_andnot(d, a, b, nbits) == any_andnot);
		for (i = 0; i < nbits; i++)
			CHECK(test_bit(i, d) == (ra[i] && !rb[i]));
		CHECK(!tail || !(d[BIT_WORD(nbits)] >> tail));
		bitmap_or(d, a, b, nbits);
		for (i = 0; i < nbits; i++)
			CHECK(test_bit(i, d) == (ra[i] || rb[i]));
		CHECK(!tail || !(d[BIT_WORD(nbits)] >> tail));
		bitmap_fill(d, nbits);
		CHECK(bitmap_full(d, nbits) && bitmap_weight(d, nbits) == nbits);
		CHECK(!tail || !(d[BIT_WORD(nbits)] >> tail));
		bitmap_zero(d, nbits);
		CHECK(bitmap_empty(d, nbits) && find_first_bit(d, nbits) == nbits);

		/* Single-bit updates. */
		i = rnd_below(nbits);
		CHECK(__test_and_set_bit(i, a) == ra[i]);
		CHECK(test_bit(i, a));
		CHECK(__test_and_clear_bit(i, a));
		CHECK(!test_bit(i, a));
	}
}

TEST(kh_bitops_word_helpers,
     "__ffs, __fls, fls, fls64 and the hweights equal bit-by-bit loops on random words.")
{
	int n;

	rnd_seed(0x6269746f70730002ull);
	for (n = 0; n < 5000; n++) {
		u64 x = rnd_mag();
		int lo = -1, hi = -1, cnt = 0, i;

		for (i = 0; i < 64; i++) {
			if (x >> i & 1) {
				if (lo < 0)
					lo = i;
				hi = i;
				cnt++;
			}
		}
		CHECK(fls64(x) == hi + 1);
		CHECK(hweight64(x) == (unsigned int)cnt);
		CHECK(hweight_long((unsigned long)x) == (unsigned long)cnt);
		if (x) {
			CHECK(__ffs((unsigned long)x) == (unsigned long)lo);
			CHECK(__fls((unsigned long)x) == (unsigned long)hi);
		}
		CHECK(fls((u32)x) == ((u32)x ? 32 - __builtin_clz((u32)x) : 0));
		CHECK(hweight32((u32)x) == (unsigned int)__builtin_popcount((u32)x));
	}
}

TEST(kh_sched_find_first_bit_rt_map,
     "sched_find_first_bit on a 101-bit RT priority map returns the lowest set bit, in either word, with and without the delimiter bit 100.")
{
	DECLARE_BITMAP(map, 101);
	int n;

	CHECK(ARRAY_SIZE(map) == 2);
	rnd_seed(0x72747072696f0001ull);
	for (n = 0; n < 5000; n++) {
		int k = (int)rnd_below(4) + 1, lowest = 101, i;

		bitmap_zero(map, 101);
		if (n % 2)
			__set_bit(100, map);	/* the RT class's delimiter */
		for (i = 0; i < k; i++) {
			/* Half the maps use only the second word. */
			int bit = n % 4 < 2 ? (int)rnd_below(101) : 64 + (int)rnd_below(37);

			__set_bit((unsigned long)bit, map);
		}
		for (i = 0; i <= 100; i++) {
			if (test_bit((unsigned long)i, map)) {
				lowest = i;
				break;
			}
		}
		CHECK_MSG(sched_find_first_bit(map) == lowest, "map %lx %lx", map[0], map[1]);
		CHECK(sched_find_first_bit(map) == (int)find_first_bit(map, 101));
	}
	bitmap_zero(map, 101);
	CHECK(sched_find_first_bit(map) == 2 * BITS_PER_LONG);
	__set_bit(0, map);
	CHECK(sched_find_first_bit(map) == 0);
}

/* ====================================================================== */
/* cpumask.h */

static void machine(unsigned int nr)
{
	struct sim_opts o = { .nr_cpus = nr };

	sim_reset(&o);
}

static void random_cpumask(struct cpumask *m, bool *ref, unsigned int nr)
{
	u32 density = rnd_below(101);
	unsigned int cpu;

	cpumask_clear(m);
	for (cpu = 0; cpu < nr; cpu++) {
		ref[cpu] = rnd_below(100) < density;
		if (ref[cpu]) {
			if (cpu % 2)
				cpumask_set_cpu(cpu, m);
			else
				__cpumask_set_cpu(cpu, m);
		}
	}
}

/* The first CPU at or after 'from' set in ref (and ref2 if given), else nr. */
static unsigned int cref_next(const bool *ref, const bool *ref2, unsigned int nr,
			      unsigned int from)
{
	while (from < nr && !(ref[from] && (!ref2 || ref2[from])))
		from++;
	return from < nr ? from : nr;
}

TEST(kh_cpumask_against_reference,
     "Every cpumask query, operation, search and iterator agrees with a bool-array reference for every CPU count 1..SIM_MAX_CPUS, and none looks past nr_cpu_ids.")
{
	struct cpumask a, b, d;
	bool ra[SIM_MAX_CPUS], rb[SIM_MAX_CPUS];
	unsigned int nr, cpu, expect;
	int round, icpu;

	rnd_seed(0x63707573000001ull);
	for (nr = 1; nr <= SIM_MAX_CPUS; nr++) {
		machine(nr);
		CHECK(nr_cpu_ids == nr);
		for (round = 0; round < 300; round++) {
			unsigned int w = 0, start;
			bool any_and = false, any_andnot = false, eq = true, sub = true;
			int idx;
			unsigned int walk[SIM_MAX_CPUS];

			random_cpumask(&a, ra, nr);
			random_cpumask(&b, rb, nr);
			if (round % 9 == 0) {
				cpumask_copy(&b, &a);
				memcpy(rb, ra, sizeof(ra));
			}
			for (cpu = 0; cpu < nr; cpu++) {
				CHECK(cpumask_test_cpu((int)cpu, &a) == ra[cpu]);
				w += ra[cpu];
				any_and |= ra[cpu] && rb[cpu];
				any_andnot |= ra[cpu] && !rb[cpu];
				eq &= ra[cpu] == rb[cpu];
				sub &= !ra[cpu] || rb[cpu];
			}
			CHECK(cpumask_weight(&a) == w);
			CHECK(cpumask_empty(&a) == !w);
			CHECK(cpumask_full(&a) == (w == nr));
			CHECK(cpumask_equal(&a, &b) == eq);
			CHECK(cpumask_subset(&a, &b) == sub);
			CHECK(cpumask_intersects(&a, &b) == any_and);
			CHECK(cpumask_and(&d, &a, &b) == any_and);
			for (cpu = 0; cpu < nr; cpu++)
				CHECK(cpumask_test_cpu((int)cpu, &d) == (ra[cpu] && rb[cpu]));
			CHECK(cpumask_andnot(&d, &a, &b) == any_andnot);
			for (cpu = 0; cpu < nr; cpu++)
				CHECK(cpumask_test_cpu((int)cpu, &d) == (ra[cpu] && !rb[cpu]));
			cpumask_or(&d, &a, &b);
			for (cpu = 0; cpu < nr; cpu++)
				CHECK(cpumask_test_cpu((int)cpu, &d) == (ra[cpu] || rb[cpu]));

			/* Searches: "none" is >= nr_cpu_ids. */
			CHECK(cpumask_first(&a) == cref_next(ra, NULL, nr, 0));
			CHECK(cpumask_any(&a) == cpumask_first(&a));
			CHECK(cpumask_first_and(&a, &b) == cref_next(ra, rb, nr, 0));
			CHECK(cpumask_any_and(&a, &b) == cpumask_first_and(&a, &b));
			for (icpu = -1; icpu < (int)nr; icpu++) {
				CHECK(cpumask_next(icpu, &a) ==
				      cref_next(ra, NULL, nr, (unsigned int)(icpu + 1)));
				CHECK(cpumask_next_and(icpu, &a, &b) ==
				      cref_next(ra, rb, nr, (unsigned int)(icpu + 1)));
			}
			for (cpu = 0; cpu < nr; cpu++) {
				expect = cref_next(ra, NULL, nr, 0);
				if (expect == cpu)
					expect = cref_next(ra, NULL, nr, cpu + 1);
				CHECK(cpumask_any_but(&a, cpu) == expect);
			}

			/* Iterators. */
			expect = cref_next(ra, NULL, nr, 0);
			for_each_cpu(icpu, &a) {
				CHECK((unsigned int)icpu == expect);
				expect = cref_next(ra, NULL, nr, expect + 1);
			}
			CHECK(expect == nr);
			expect = cref_next(ra, rb, nr, 0);
			for_each_cpu_and(cpu, &a, &b) {
				CHECK(cpu == expect);
				expect = cref_next(ra, rb, nr, expect + 1);
			}
			CHECK(expect == nr);
			for (start = 0; start <= nr + 1; start++) {
				unsigned int n = 0, c;

				/* Expected: start..nr-1, then 0..start-1; a start
				 * past the end walks from 0. */
				for (c = min(start, nr); c < nr; c++)
					if (ra[c])
						walk[n++] = c;
				for (c = 0; c < min(start, nr); c++)
					if (ra[c])
						walk[n++] = c;
				idx = 0;
				for_each_cpu_wrap(icpu, &a, start) {
					CHECK_MSG(idx < (int)n && (unsigned int)icpu == walk[idx],
						  "nr %u start %u step %d cpu %d", nr, start, idx, icpu);
					idx++;
				}
				CHECK(idx == (int)n);
			}

			/* Single-CPU updates. */
			cpu = rnd_below(nr);
			CHECK(cpumask_test_and_set_cpu((int)cpu, &a) == ra[cpu]);
			CHECK(cpumask_test_and_clear_cpu((int)cpu, &a));
			CHECK(!cpumask_test_cpu((int)cpu, &a));
			cpumask_set_cpu(cpu, &a);
			CHECK(cpumask_test_cpu((int)cpu, &a));
			if (round % 2)
				cpumask_clear_cpu((int)cpu, &a);
			else
				__cpumask_clear_cpu((int)cpu, &a);
			CHECK(!cpumask_test_cpu((int)cpu, &a));
		}

		/* Whole-mask constants and setall/clear. */
		cpumask_setall(&a);
		CHECK(cpumask_bits(&a)[0] == (nr == 64 ? ~0UL : BIT(nr) - 1));
		CHECK(cpumask_full(&a) && cpumask_weight(&a) == nr);
		CHECK(cpumask_equal(&a, cpu_online_mask));
		CHECK(cpumask_equal(cpu_active_mask, cpu_possible_mask));
		CHECK(cpumask_bits(cpu_online_mask)[0] == cpumask_bits(&a)[0]);
		cpumask_clear(&a);
		CHECK(cpumask_empty(&a) && cpumask_bits(&a)[0] == 0);
		for (cpu = 0; cpu < nr; cpu++) {
			const struct cpumask *one = cpumask_of(cpu);

			CHECK(cpumask_weight(one) == 1 && cpumask_first(one) == cpu);
			CHECK(cpumask_bits(one)[0] == BIT(cpu));
			CHECK(cpu_online((int)cpu) && cpu_active((int)cpu));
		}
		expect = 0;
		for_each_online_cpu(cpu)
			CHECK(cpu == expect++);
		CHECK(expect == nr);
		expect = 0;
		for_each_possible_cpu(icpu)
			CHECK((unsigned int)icpu == expect++);
		CHECK(expect == nr && num_online_cpus() == nr);
	}
	{
		cpumask_var_t var;

		machine(4);
		memset(var, 0xff, sizeof(var));
		CHECK(zalloc_cpumask_var(&var, GFP_KERNEL));
		CHECK(cpumask_empty(var) && cpumask_bits(var)[0] == 0);
		CHECK(alloc_cpumask_var(&var, GFP_KERNEL));
		free_cpumask_var(var);
	}
}

static unsigned int bad_cpu;

static void bad_cpu_work(void *arg)
{
	struct cpumask m;

	(void)arg;
	cpumask_clear(&m);
	cpumask_set_cpu(bad_cpu, &m);
}

static void bad_cpu_setup(void)
{
	sim_queue_work(0, bad_cpu_work, NULL, "bad-cpu");
}

TEST(kh_cpumask_check_out_of_range,
     "Passing CPU nr_cpu_ids to a cpumask function is the cpumask_check finding; the highest valid CPU is not.")
{
	const struct sim_outcome *o;

	bad_cpu = 3;
	o = toy_run(bad_cpu_setup, 3, NULL, 0);
	CHECK(o->result == SIM_FINDING);
	CHECK_STR_EQ(o->id, "WARN:include/linux/cpumask.h:cpumask_check:cpu >= nr_cpu_ids");
	CHECK(o->cpu == 0);

	bad_cpu = 2;
	o = toy_run(bad_cpu_setup, 3, NULL, 0);
	CHECK(o->result == SIM_CLEAN);
}
