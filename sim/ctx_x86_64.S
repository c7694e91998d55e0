/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ctx_x86_64.S - context switch between simulated CPUs (System V x86-64).
 *
 * Saved on the outgoing stack, from high to low addresses:
 *   return address, rbp, rbx, r12, r13, r14, r15, mxcsr (4 bytes) and the
 *   x87 control word (2 bytes) in one 8-byte slot.
 * The stack pointer after these pushes is what struct sim_ctx holds.
 */
#if defined(__x86_64__)
	.text
	.globl	sim_ctx_switch
	.type	sim_ctx_switch, @function
	/* void sim_ctx_switch(struct sim_ctx *from, struct sim_ctx *to) */
sim_ctx_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	subq	$8, %rsp
	stmxcsr	(%rsp)
	fnstcw	4(%rsp)
	movq	%rsp, (%rdi)
	movq	(%rsi), %rsp
	ldmxcsr	(%rsp)
	fldcw	4(%rsp)
	addq	$8, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size	sim_ctx_switch, .-sim_ctx_switch

	/*
	 * First code run on a fresh stack: sim_ctx_make() leaves the entry
	 * function in r12 and its argument in r13.  The entry never returns;
	 * ud2 catches it if it does.
	 */
	.globl	sim_ctx_trampoline
	.type	sim_ctx_trampoline, @function
sim_ctx_trampoline:
	movq	%r13, %rdi
	callq	*%r12
	ud2
	.size	sim_ctx_trampoline, .-sim_ctx_trampoline
#endif
	.section .note.GNU-stack,"",@progbits
