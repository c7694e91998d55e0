// SPDX-License-Identifier: GPL-2.0-only
/*
 * lib/plist.c stand-in: adding, removing and requeueing plist nodes (see
 * linux/plist.h for the two rings).
 */
#include <linux/plist.h>

void plist_add(struct plist_node *node, struct plist_head *head)
{
	struct list_head *before = &head->node_list;
	struct plist_node *first, *iter, *prev = NULL;

	if (!plist_head_empty(head)) {
		/* Step over the prio groups until one of higher prio. */
		first = iter = plist_first(head);
		do {
			if (node->prio < iter->prio) {
				before = &iter->node_list;
				break;
			}
			prev = iter;
			iter = list_entry(iter->prio_list.next,
					  struct plist_node, prio_list);
		} while (iter != first);
		/*
		 * 'iter' is the group 'node' goes in front of, or the first
		 * group again when 'node' sorts last; in both cases the
		 * prio ring wants 'node' just before it.  A node joining an
		 * existing group ('prev' of equal prio) stays off the ring.
		 */
		if (!prev || prev->prio != node->prio)
			list_add_tail(&node->prio_list, &iter->prio_list);
	}
	list_add_tail(&node->node_list, before);
}

void plist_del(struct plist_node *node, struct plist_head *head)
{
	if (!list_empty(&node->prio_list)) {
		/* 'node' leads its group: the next node of the same prio,
		 * if any, takes its place on the prio ring. */
		if (node->node_list.next != &head->node_list) {
			struct plist_node *next = plist_next(node);

			if (list_empty(&next->prio_list))
				list_add(&next->prio_list, &node->prio_list);
		}
		list_del_init(&node->prio_list);
	}
	list_del_init(&node->node_list);
}

void plist_requeue(struct plist_node *node, struct plist_head *head)
{
	if (node == plist_last(head))
		return;
	if (plist_next(node)->prio != node->prio)
		return;
	/* Not the group's last node: re-adding puts it there. */
	plist_del(node, head);
	plist_add(node, head);
}
