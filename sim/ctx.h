/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ctx.h - the context switch between simulated CPUs.
 *
 * Each simulated CPU runs on its own stack.  sim_ctx_switch() saves the
 * callee-saved registers of the running context on its stack, stores the
 * stack pointer in *from, and resumes *to.  On x86-64 it is a few
 * instructions of hand-written assembly (ctx_x86_64.S); elsewhere it falls
 * back to ucontext, which is correct but slow (a system call per switch).
 *
 * This layer knows nothing of sanitizers; machine.c wraps every switch in
 * AddressSanitizer's fiber annotations.
 */
#ifndef SIM_CTX_H
#define SIM_CTX_H

#include <stddef.h>

#if defined(__x86_64__)
#define SIM_CTX_ASM 1
struct sim_ctx {
	void *sp;		/* saved stack pointer; registers live below it */
};
#else
#include <ucontext.h>
#define SIM_CTX_ASM 0
struct sim_ctx {
	ucontext_t uc;
};
#endif

/* Prepare *c so that the first switch to it calls fn(arg) on the stack
 * [stack, stack + size).  fn must never return. */
void sim_ctx_make(struct sim_ctx *c, void *stack, size_t size,
		  void (*fn)(void *), void *arg);

/* Save the running context into *from and resume *to. */
void sim_ctx_switch(struct sim_ctx *from, struct sim_ctx *to);

#endif /* SIM_CTX_H */
