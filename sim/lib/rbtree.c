// SPDX-License-Identifier: GPL-2.0-only
/*
 * lib/rbtree.c stand-in: red-black tree rebalancing and in-order walks for
 * linux/rbtree.h and linux/rbtree_augmented.h.
 *
 * The red-black rules kept after every insert and erase:
 *	1. every node is red or black;
 *	2. the root is black;
 *	3. a red node has no red child;
 *	4. every path from a node down to a NULL link passes the same number
 *	   of black nodes.
 * Together they bound the height by 2 * log2(n + 1).  NULL links count as
 * black.  Rotations keep each node's colour; the fix-up code repaints.
 */
#include <linux/rbtree_augmented.h>

typedef void (*rb_rotate_fn)(struct rb_node *old, struct rb_node *new);

/*
 * Rotate left around 'x': its right child 'y' takes x's place and x becomes
 * y's left child; y's old left subtree becomes x's right one.
 */
static void rb_rotate_left(struct rb_node *x, struct rb_root *root,
			   rb_rotate_fn augment_rotate)
{
	struct rb_node *y = x->rb_right;
	struct rb_node *parent = rb_parent(x);

	WRITE_ONCE(x->rb_right, y->rb_left);
	if (y->rb_left)
		rb_set_parent(y->rb_left, x);
	WRITE_ONCE(y->rb_left, x);
	rb_set_parent(y, parent);
	rb_set_parent(x, y);
	__rb_change_child(x, y, parent, root);
	if (augment_rotate)
		augment_rotate(x, y);
}

/* The mirror image: x's left child 'y' takes its place. */
static void rb_rotate_right(struct rb_node *x, struct rb_root *root,
			    rb_rotate_fn augment_rotate)
{
	struct rb_node *y = x->rb_left;
	struct rb_node *parent = rb_parent(x);

	WRITE_ONCE(x->rb_left, y->rb_right);
	if (y->rb_right)
		rb_set_parent(y->rb_right, x);
	WRITE_ONCE(y->rb_right, x);
	rb_set_parent(y, parent);
	rb_set_parent(x, y);
	__rb_change_child(x, y, parent, root);
	if (augment_rotate)
		augment_rotate(x, y);
}

static inline void rb_set_black(struct rb_node *rb)
{
	rb->__rb_parent_color |= RB_BLACK;
}

static inline void rb_set_red(struct rb_node *rb)
{
	rb->__rb_parent_color &= ~1UL;
}

static inline void rb_copy_color(struct rb_node *dst, const struct rb_node *src)
{
	dst->__rb_parent_color = (dst->__rb_parent_color & ~1UL) | rb_color(src);
}

/* NULL links are black. */
static inline bool rb_node_is_red(const struct rb_node *rb)
{
	return rb && rb_is_red(rb);
}

/*
 * 'node' was just linked red.  The only rule it can break is 3 (its parent
 * may be red).  Walk up: a red uncle lets us push the grandparent's black
 * down one level and continue from the grandparent; a black uncle is fixed
 * for good by one or two rotations.
 */
static void rb_insert_fixup(struct rb_node *node, struct rb_root *root,
			    rb_rotate_fn augment_rotate)
{
	for (;;) {
		struct rb_node *parent = rb_parent(node);
		struct rb_node *gparent, *uncle;

		if (!parent) {
			rb_set_black(node);		/* rule 2 */
			return;
		}
		if (rb_is_black(parent))
			return;
		/* A red parent is never the root: gparent exists (black). */
		gparent = rb_parent(parent);
		if (parent == gparent->rb_left) {
			uncle = gparent->rb_right;
			if (rb_node_is_red(uncle)) {
				rb_set_black(parent);
				rb_set_black(uncle);
				rb_set_red(gparent);
				node = gparent;
				continue;
			}
			if (node == parent->rb_right) {
				/* Inner grandchild: make it the outer one. */
				rb_rotate_left(parent, root, augment_rotate);
				parent = node;
			}
			rb_rotate_right(gparent, root, augment_rotate);
		} else {
			uncle = gparent->rb_left;
			if (rb_node_is_red(uncle)) {
				rb_set_black(parent);
				rb_set_black(uncle);
				rb_set_red(gparent);
				node = gparent;
				continue;
			}
			if (node == parent->rb_left) {
				rb_rotate_right(parent, root, augment_rotate);
				parent = node;
			}
			rb_rotate_left(gparent, root, augment_rotate);
		}
		/* 'parent' now sits where gparent was, gparent below it. */
		rb_set_black(parent);
		rb_set_red(gparent);
		return;
	}
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	rb_insert_fixup(node, root, NULL);
}

void __rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			   rb_rotate_fn augment_rotate)
{
	rb_insert_fixup(node, root, augment_rotate);
}

/*
 * Paths through 'parent''s child 'node' (NULL at first) are one black node
 * short.  Either borrow a black from the sibling's side by rotation, or
 * repaint the sibling red to shorten its side too and move the deficit up
 * to the parent, until a red node can be painted black or the root is
 * reached.
 */
void __rb_erase_color(struct rb_node *parent, struct rb_root *root,
		      rb_rotate_fn augment_rotate)
{
	struct rb_node *node = NULL;
	struct rb_node *sibling;

	for (;;) {
		/* A short side has a sibling with a black height of at
		 * least one, so the sibling is never NULL. */
		if (node == parent->rb_left) {
			sibling = parent->rb_right;
			if (rb_is_red(sibling)) {
				/* Make the sibling black: rotate the red one
				 * above the parent. */
				rb_rotate_left(parent, root, augment_rotate);
				rb_set_black(sibling);
				rb_set_red(parent);
				sibling = parent->rb_right;
			}
			if (!rb_node_is_red(sibling->rb_left) &&
			    !rb_node_is_red(sibling->rb_right)) {
				rb_set_red(sibling);
				if (rb_is_red(parent)) {
					rb_set_black(parent);
					return;
				}
				node = parent;
				parent = rb_parent(node);
				if (!parent)
					return;
				continue;
			}
			if (!rb_node_is_red(sibling->rb_right)) {
				/* Only the inner nephew is red: turn it into
				 * the sibling, the old sibling its red right
				 * child. */
				rb_rotate_right(sibling, root, augment_rotate);
				rb_set_red(sibling);
				sibling = parent->rb_right;
				rb_set_black(sibling);
			}
			/* The outer nephew is red. */
			rb_rotate_left(parent, root, augment_rotate);
			rb_copy_color(sibling, parent);
			rb_set_black(parent);
			rb_set_black(sibling->rb_right);
			return;
		} else {
			sibling = parent->rb_left;
			if (rb_is_red(sibling)) {
				rb_rotate_right(parent, root, augment_rotate);
				rb_set_black(sibling);
				rb_set_red(parent);
				sibling = parent->rb_left;
			}
			if (!rb_node_is_red(sibling->rb_left) &&
			    !rb_node_is_red(sibling->rb_right)) {
				rb_set_red(sibling);
				if (rb_is_red(parent)) {
					rb_set_black(parent);
					return;
				}
				node = parent;
				parent = rb_parent(node);
				if (!parent)
					return;
				continue;
			}
			if (!rb_node_is_red(sibling->rb_left)) {
				rb_rotate_left(sibling, root, augment_rotate);
				rb_set_red(sibling);
				sibling = parent->rb_left;
				rb_set_black(sibling);
			}
			rb_rotate_right(parent, root, augment_rotate);
			rb_copy_color(sibling, parent);
			rb_set_black(parent);
			rb_set_black(sibling->rb_left);
			return;
		}
	}
}

static void rb_noop_propagate(struct rb_node *node, struct rb_node *stop)
{
	(void)node;
	(void)stop;
}

static void rb_noop_copy(struct rb_node *old, struct rb_node *new)
{
	(void)old;
	(void)new;
}

static const struct rb_augment_callbacks rb_noop_callbacks = {
	.propagate = rb_noop_propagate,
	.copy = rb_noop_copy,
	.rotate = NULL,
};

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *rebalance;

	rebalance = __rb_erase_augmented(node, root, &rb_noop_callbacks);
	if (rebalance)
		__rb_erase_color(rebalance, root, NULL);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_right) {
		/* The leftmost node of the right subtree. */
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	/* Climb while we come from a right child; the first ancestor we
	 * reach from its left is next. */
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}
