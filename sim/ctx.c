// SPDX-License-Identifier: GPL-2.0-only
/*
 * ctx.c - creating coroutine contexts for simulated CPUs.
 */
#include <stdint.h>
#include <assert.h>
#include <string.h>

#include "ctx.h"

#if SIM_CTX_ASM

void sim_ctx_trampoline(void);

/* The frame sim_ctx_switch() pops, lowest address first. */
struct sim_ctx_frame {
	uint32_t mxcsr;
	uint16_t fpucw;
	uint16_t pad;
	uint64_t r15, r14, r13, r12, rbx, rbp;
	uint64_t ret;
};

void sim_ctx_make(struct sim_ctx *c, void *stack, size_t size,
		  void (*fn)(void *), void *arg)
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	struct sim_ctx_frame *f;
	uint32_t mxcsr;
	uint16_t fpucw;

	static_assert(sizeof(struct sim_ctx_frame) == 64, "frame layout");
	/* After the pops and the ret the stack pointer is 'top', 16-byte
	 * aligned, as the ABI wants before the trampoline's call. */
	f = (struct sim_ctx_frame *)(top - sizeof(*f));
	memset(f, 0, sizeof(*f));
	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
	__asm__ volatile("fnstcw %0" : "=m"(fpucw));
	f->mxcsr = mxcsr;
	f->fpucw = fpucw;
	f->r12 = (uint64_t)(uintptr_t)fn;
	f->r13 = (uint64_t)(uintptr_t)arg;
	f->ret = (uint64_t)(uintptr_t)sim_ctx_trampoline;
	c->sp = f;
}

#else /* !SIM_CTX_ASM: portable, slow */

#include <stdlib.h>

static void sim_ctx_entry(unsigned int fhi, unsigned int flo,
			  unsigned int ahi, unsigned int alo)
{
	void (*fn)(void *) =
		(void (*)(void *))(((uintptr_t)fhi << 32) | (uintptr_t)flo);
	void *arg = (void *)(((uintptr_t)ahi << 32) | (uintptr_t)alo);

	fn(arg);
	abort();
}

void sim_ctx_make(struct sim_ctx *c, void *stack, size_t size,
		  void (*fn)(void *), void *arg)
{
	uint64_t f = (uint64_t)(uintptr_t)fn, a = (uint64_t)(uintptr_t)arg;

	if (getcontext(&c->uc))
		abort();
	c->uc.uc_stack.ss_sp = stack;
	c->uc.uc_stack.ss_size = size;
	c->uc.uc_link = NULL;
	makecontext(&c->uc, (void (*)(void))sim_ctx_entry, 4,
		    (unsigned int)(f >> 32), (unsigned int)f,
		    (unsigned int)(a >> 32), (unsigned int)a);
}

void sim_ctx_switch(struct sim_ctx *from, struct sim_ctx *to)
{
	if (swapcontext(&from->uc, &to->uc))
		abort();
}

#endif
