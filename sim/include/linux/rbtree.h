/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * linux/rbtree.h stand-in: intrusive red-black trees.
 *
 * Users embed a struct rb_node, search the tree themselves (or through the
 * rb_add()/rb_find() helpers with a less/cmp function), link the new node
 * with rb_link_node() and let rb_insert_color() rebalance.  Every insert and
 * erase is O(log n).  The rebalancing code is in sim/lib/rbtree.c; the
 * augmented-tree interface is in rbtree_augmented.h.
 *
 * A node's parent pointer and colour share one word: nodes are at least
 * 4-byte aligned, so the low bit is free to hold the colour.  A node whose
 * parent word points at itself is "empty" (RB_CLEAR_NODE), i.e. in no tree.
 * Nothing here orders by address; the order is the caller's less/cmp.
 */
#ifndef SIM_LINUX_RBTREE_H
#define SIM_LINUX_RBTREE_H

#include "types.h"

struct rb_node {
	unsigned long __rb_parent_color;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __aligned(sizeof(long));

struct rb_root {
	struct rb_node *rb_node;
};

/* A root that also remembers its leftmost (smallest) node. */
struct rb_root_cached {
	struct rb_root rb_root;
	struct rb_node *rb_leftmost;
};

#define RB_ROOT			(struct rb_root) { NULL, }
#define RB_ROOT_CACHED		(struct rb_root_cached) { { NULL, }, NULL }

#define rb_parent(r)	((struct rb_node *)((r)->__rb_parent_color & ~3UL))

#define rb_entry(ptr, type, member)	container_of(ptr, type, member)

#define rb_entry_safe(ptr, type, member)				\
	__sim_rb_entry_safe(ptr, type, member, __UNIQUE_ID(ptr_))
#define __sim_rb_entry_safe(ptr, type, member, p) ({			\
	typeof(ptr) p = (ptr);						\
	p ? rb_entry(p, type, member) : NULL;				\
})

#define RB_EMPTY_ROOT(root)	(READ_ONCE((root)->rb_node) == NULL)

#define RB_EMPTY_NODE(node)						\
	((node)->__rb_parent_color == (unsigned long)(node))
#define RB_CLEAR_NODE(node)						\
	((node)->__rb_parent_color = (unsigned long)(node))

/* Rebalance after rb_link_node(); see lib/rbtree.c. */
void rb_insert_color(struct rb_node *node, struct rb_root *root);
/* Unlink 'node' and rebalance.  The node's own fields are left as they
 * were: RB_EMPTY_NODE() stays false until the caller RB_CLEAR_NODE()s it. */
void rb_erase(struct rb_node *node, struct rb_root *root);

/* In-order neighbours and ends; NULL past either end or for an empty node. */
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);

/* Hang 'node' (red, childless) at '*link', a child slot of 'parent'. */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->__rb_parent_color = (unsigned long)parent;
	node->rb_left = NULL;
	node->rb_right = NULL;
	*rb_link = node;
}

#define rb_first_cached(root)	((root)->rb_leftmost)

static inline void rb_insert_color_cached(struct rb_node *node,
					  struct rb_root_cached *root,
					  bool leftmost)
{
	if (leftmost)
		root->rb_leftmost = node;
	rb_insert_color(node, &root->rb_root);
}

/* Erase; returns the new leftmost node if 'node' was the leftmost, else
 * NULL. */
static inline struct rb_node *rb_erase_cached(struct rb_node *node,
					      struct rb_root_cached *root)
{
	struct rb_node *leftmost = NULL;

	if (root->rb_leftmost == node) {
		leftmost = rb_next(node);
		root->rb_leftmost = leftmost;
	}
	rb_erase(node, &root->rb_root);
	return leftmost;
}

/*
 * Insert 'node' where less() says; equal nodes go after the ones already
 * there.  Returns 'node' if it is the new leftmost, else NULL.
 */
static __always_inline struct rb_node *
rb_add_cached(struct rb_node *node, struct rb_root_cached *tree,
	      bool (*less)(struct rb_node *, const struct rb_node *))
{
	struct rb_node **link = &tree->rb_root.rb_node;
	struct rb_node *parent = NULL;
	bool leftmost = true;

	while (*link) {
		parent = *link;
		if (less(node, parent)) {
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
			leftmost = false;
		}
	}
	rb_link_node(node, parent, link);
	rb_insert_color_cached(node, tree, leftmost);
	return leftmost ? node : NULL;
}

static __always_inline void
rb_add(struct rb_node *node, struct rb_root *tree,
       bool (*less)(struct rb_node *, const struct rb_node *))
{
	struct rb_node **link = &tree->rb_node;
	struct rb_node *parent = NULL;

	while (*link) {
		parent = *link;
		link = less(node, parent) ? &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(node, parent, link);
	rb_insert_color(node, tree);
}

/*
 * A node matching 'key' (cmp(key, node) == 0), or NULL.  cmp() returns <0
 * when the key sorts before the node, >0 after it.
 */
static __always_inline struct rb_node *
rb_find(const void *key, const struct rb_root *tree,
	int (*cmp)(const void *key, const struct rb_node *))
{
	struct rb_node *node = tree->rb_node;

	while (node) {
		int c = cmp(key, node);

		if (c < 0)
			node = node->rb_left;
		else if (c > 0)
			node = node->rb_right;
		else
			return node;
	}
	return NULL;
}

/* The leftmost node matching 'key', or NULL. */
static __always_inline struct rb_node *
rb_find_first(const void *key, const struct rb_root *tree,
	      int (*cmp)(const void *key, const struct rb_node *))
{
	struct rb_node *node = tree->rb_node;
	struct rb_node *match = NULL;

	while (node) {
		int c = cmp(key, node);

		if (c <= 0) {
			if (!c)
				match = node;
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	return match;
}

#endif /* SIM_LINUX_RBTREE_H */
