/*
 * start.S - entry, exception vectors and the register save/restore around
 * the C exception handler of the freestanding test kernels (guests/sys/).
 *
 * The vectors at EBase 0x80000000 (refill +0x000, general +0x180, interrupt
 * +0x200) are two-word stubs copied there by rt_init: "j exc_common" with the
 * vector's number (0, 1, 2) loaded into k0 in the delay slot.  exc_common saves
 * every register into a frame, calls rt_exception(frame) on a stack of its
 * own, restores the (possibly changed) registers, EPC and Status, and erets.
 * Exceptions nest (one taken inside a handler, with EXL set): each level has
 * its 4 KB of rt_exc_stack, the frame at the top.
 */
	.set noreorder
	.set noat
	.section .text.start, "ax"
	.globl _start
_start:
	la	$sp, __stack_top
	la	$t0, __bss
	la	$t1, __bss_end
1:	beq	$t0, $t1, 2f
	nop
	sw	$zero, 0($t0)
	b	1b
	addiu	$t0, $t0, 4
2:	jal	rt_main
	nop
3:	b	3b
	nop

	.text
	/* the stubs rt_init copies to the vectors */
	.globl	rt_vec_stub
rt_vec_stub:
	j	exc_common
	addiu	$k0, $zero, 0

#define FR(n) (4 * (n))
#define LEVEL 4096	/* exception stack per nesting level (frame on top) */
	.globl	exc_common
exc_common:
	/* frame = rt_exc_stack_end - depth * LEVEL + LEVEL - 256 after depth++ */
	la	$k1, rt_vec_scratch
	sw	$k0, 0($k1)
	la	$k1, rt_depth
	lw	$k0, 0($k1)
	sll	$k0, $k0, 12
	addiu	$k0, $k0, 256
	la	$k1, rt_exc_stack_end
	subu	$k1, $k1, $k0
	sw	$1, FR(1)($k1)
	la	$1, rt_depth
	lw	$k0, 0($1)
	addiu	$k0, $k0, 1
	sw	$k0, 0($1)
	la	$1, rt_vec_scratch
	lw	$k0, 0($1)
	sw	$k0, FR(38)($k1)
	sw	$2, FR(2)($k1)
	sw	$3, FR(3)($k1)
	sw	$4, FR(4)($k1)
	sw	$5, FR(5)($k1)
	sw	$6, FR(6)($k1)
	sw	$7, FR(7)($k1)
	sw	$8, FR(8)($k1)
	sw	$9, FR(9)($k1)
	sw	$10, FR(10)($k1)
	sw	$11, FR(11)($k1)
	sw	$12, FR(12)($k1)
	sw	$13, FR(13)($k1)
	sw	$14, FR(14)($k1)
	sw	$15, FR(15)($k1)
	sw	$16, FR(16)($k1)
	sw	$17, FR(17)($k1)
	sw	$18, FR(18)($k1)
	sw	$19, FR(19)($k1)
	sw	$20, FR(20)($k1)
	sw	$21, FR(21)($k1)
	sw	$22, FR(22)($k1)
	sw	$23, FR(23)($k1)
	sw	$24, FR(24)($k1)
	sw	$25, FR(25)($k1)
	sw	$28, FR(28)($k1)
	sw	$29, FR(29)($k1)
	sw	$30, FR(30)($k1)
	sw	$31, FR(31)($k1)
	mfhi	$t0
	sw	$t0, FR(32)($k1)
	mflo	$t0
	sw	$t0, FR(33)($k1)
	mfc0	$t0, $14		/* EPC */
	sw	$t0, FR(34)($k1)
	mfc0	$t0, $13		/* Cause */
	sw	$t0, FR(35)($k1)
	mfc0	$t0, $12		/* Status */
	sw	$t0, FR(36)($k1)
	mfc0	$t0, $8			/* BadVAddr */
	sw	$t0, FR(37)($k1)
	move	$s0, $k1
	addiu	$sp, $k1, -16
	jal	rt_exception
	move	$a0, $k1
	move	$k1, $s0
	la	$t0, rt_depth
	lw	$t1, 0($t0)
	addiu	$t1, $t1, -1
	sw	$t1, 0($t0)
	lw	$t0, FR(32)($k1)
	mthi	$t0
	lw	$t0, FR(33)($k1)
	mtlo	$t0
	lw	$t0, FR(34)($k1)
	mtc0	$t0, $14
	lw	$t0, FR(36)($k1)
	mtc0	$t0, $12
	ehb
	lw	$1, FR(1)($k1)
	lw	$2, FR(2)($k1)
	lw	$3, FR(3)($k1)
	lw	$4, FR(4)($k1)
	lw	$5, FR(5)($k1)
	lw	$6, FR(6)($k1)
	lw	$7, FR(7)($k1)
	lw	$8, FR(8)($k1)
	lw	$9, FR(9)($k1)
	lw	$10, FR(10)($k1)
	lw	$11, FR(11)($k1)
	lw	$12, FR(12)($k1)
	lw	$13, FR(13)($k1)
	lw	$14, FR(14)($k1)
	lw	$15, FR(15)($k1)
	lw	$16, FR(16)($k1)
	lw	$17, FR(17)($k1)
	lw	$18, FR(18)($k1)
	lw	$19, FR(19)($k1)
	lw	$20, FR(20)($k1)
	lw	$21, FR(21)($k1)
	lw	$22, FR(22)($k1)
	lw	$23, FR(23)($k1)
	lw	$24, FR(24)($k1)
	lw	$25, FR(25)($k1)
	lw	$28, FR(28)($k1)
	lw	$29, FR(29)($k1)
	lw	$30, FR(30)($k1)
	lw	$31, FR(31)($k1)
	eret
	nop

/* u32 rt_user_call(u32 fn, u32 arg, u32 sp, u32 arg2): runs fn in user mode
 * (KSU=2) with a0 = arg, a1 = arg2; its "syscall" with v0 = 0 comes back through rt_exception
 * to rt_user_return, which returns v1 to the caller. */
	.globl	rt_user_call
rt_user_call:
	la	$t0, rt_kctx
	sw	$16, 0($t0)
	sw	$17, 4($t0)
	sw	$18, 8($t0)
	sw	$19, 12($t0)
	sw	$20, 16($t0)
	sw	$21, 20($t0)
	sw	$22, 24($t0)
	sw	$23, 28($t0)
	sw	$28, 32($t0)
	sw	$29, 36($t0)
	sw	$30, 40($t0)
	sw	$31, 44($t0)
	mtc0	$a0, $14		/* EPC = fn */
	mfc0	$t1, $12
	li	$t2, ~0x1f
	and	$t1, $t1, $t2
	la	$t3, rt_user_ksu
	lw	$t3, 0($t3)
	or	$t1, $t1, $t3		/* KSU = user (or supervisor) */
	ori	$t1, $t1, 0x02		/* EXL */
	mtc0	$t1, $12
	ehb
	move	$a0, $a1
	move	$a1, $a3
	move	$sp, $a2
	eret
	nop

	.globl	rt_user_return
rt_user_return:
	la	$t0, rt_kctx
	lw	$16, 0($t0)
	lw	$17, 4($t0)
	lw	$18, 8($t0)
	lw	$19, 12($t0)
	lw	$20, 16($t0)
	lw	$21, 20($t0)
	lw	$22, 24($t0)
	lw	$23, 28($t0)
	lw	$28, 32($t0)
	lw	$29, 36($t0)
	lw	$30, 40($t0)
	lw	$31, 44($t0)
	jr	$ra
	move	$v0, $v1
