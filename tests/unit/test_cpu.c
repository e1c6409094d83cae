/*
 * test_cpu.c - the MIPS32r2 integer core: each test assembles a snippet
 * (cross assembler at test time), runs it and checks registers, memory,
 * stops and instruction counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "cpu_test.h"
#include "cpu/isa.h"

/* Register numbers. */
enum { ZERO, AT, V0, V1, A0, A1, A2, A3, T0, T1, T2, T3, T4, T5, T6, T7,
       S0, S1, S2, S3, S4, S5, S6, S7, T8, T9, K0, K1, GP, SP, FP, RA };

static int big;  /* byte order of the current group */

#define SETUP(t, src) do { \
	if (ct_setup(&(t), (src), big)) fail_msg("assembler failed"); \
} while (0)
/* Runs a snippet that ends with li $v0,4001; syscall. */
#define RUN_OK(t, src) do { \
	SETUP(t, src "\n\tli $v0, 4001\n\tsyscall\n"); \
	assert_int_equal(ct_run(&(t), 100000), CPU_STOP_SYSCALL); \
	assert_int_equal((t).c->r[V0], 4001); \
} while (0)

static void test_decode_table(void **state)
{
	(void)state;
	/* hand-encoded words, independent of the assembler */
	assert_int_equal(isa_decode(0x00000000), ISA_SLL);       /* nop */
	assert_int_equal(isa_decode(0x27bdffe0), ISA_ADDIU);     /* addiu sp,sp,-32 */
	assert_int_equal(isa_decode(0x03e00008), ISA_JR);        /* jr ra */
	assert_int_equal(isa_decode(0x0000000c), ISA_SYSCALL);
	assert_int_equal(isa_decode(0x7c03e83b), ISA_RDHWR);     /* rdhwr v1,$29 */
	assert_int_equal(isa_decode(0x00221bc2), ISA_ROTR);      /* rotr v1,v0,15 */
	assert_int_equal(isa_decode(0x00021bc2), ISA_SRL);       /* srl v1,v0,15 */
	assert_int_equal(isa_decode(0x46221000), ISA_ADD_D);     /* add.d $f0,$f2,$f2 */
	assert_int_equal(isa_decode(0x4622103c), ISA_C_D);       /* c.lt.d $f2,$f2 */
	assert_int_equal(isa_decode(0x45010003), ISA_BC1T);
	assert_int_equal(isa_decode(0xfc000000), ISA_RI);        /* opcode 0x3f */
	assert_int_equal(isa_decode(0x00047801), ISA_MOVF);      /* movf t7,zero,$fcc1 */
	assert_int_equal(isa_decode(0x00020001), ISA_RI);        /* movci with bit 17 set */
	assert_int_equal(isa_decode(0x00200000), ISA_RI);        /* sll with rs != 0 */
	/* every row: its match decodes to itself unless an earlier row claims it */
	for (unsigned op = 1; op < ISA_NOPS; op++) {
		const isa_info *t = &isa_table[op];
		assert_int_equal(t->match & ~t->mask, 0);
		assert_true((t->mask & 0xfc000000u) == 0xfc000000u);
		unsigned d = isa_decode(t->match);
		assert_true(d != ISA_RI && d <= op);
		assert_non_null(isa_class_name(t->cls));
	}
}

static void test_alu(void **state)
{
	(void)state;
	ct t;
	RUN_OK(t,
	       "li $t0, 0x12345678\n"
	       "li $t1, -5\n"
	       "addu $s0, $t0, $t1\n"
	       "subu $s1, $t1, $t0\n"
	       "and $s2, $t0, $t1\n"
	       "or $s3, $t0, $t1\n"
	       "xor $s4, $t0, $t1\n"
	       "nor $s5, $t0, $zero\n"
	       "slt $s6, $t1, $t0\n"
	       "sltu $s7, $t1, $t0\n"
	       "slti $t2, $t1, -4\n"
	       "sltiu $t3, $t0, -1\n"
	       "andi $t4, $t1, 0xff00\n"
	       "xori $t5, $t0, 0xffff\n"
	       "addiu $zero, $zero, 5\n");
	uint32_t *r = t.c->r;
	assert_int_equal(r[S0], 0x12345673u);
	assert_int_equal(r[S1], (uint32_t)(-5 - 0x12345678));
	assert_int_equal(r[S2], 0x12345678u & 0xfffffffbu);
	assert_int_equal(r[S3], 0xfffffffbu);
	assert_int_equal(r[S4], 0x12345678u ^ 0xfffffffbu);
	assert_int_equal(r[S5], ~0x12345678u);
	assert_int_equal(r[S6], 1);
	assert_int_equal(r[S7], 0);
	assert_int_equal(r[T2], 1);
	assert_int_equal(r[T3], 1);
	assert_int_equal(r[T4], 0xff00);
	assert_int_equal(r[T5], 0x1234a987u);
	assert_int_equal(r[ZERO], 0);
	ct_free(&t);
}

static void test_shifts_bits(void **state)
{
	(void)state;
	ct t;
	RUN_OK(t,
	       "li $t0, 0x80000011\n"
	       "li $t1, 36\n"
	       "sll $s0, $t0, 4\n"
	       "srl $s1, $t0, 4\n"
	       "sra $s2, $t0, 4\n"
	       "sllv $s3, $t0, $t1\n"   /* shift amount mod 32 */
	       "srav $s4, $t0, $t1\n"
	       "rotr $s5, $t0, 4\n"
	       "rotrv $s6, $t0, $t1\n"
	       "srlv $s7, $t0, $t1\n"
	       "clz $t2, $t1\n"
	       "clo $t3, $t0\n"
	       "clz $t4, $zero\n"
	       "li $t5, 0x12345678\n"
	       "ext $t6, $t5, 4, 8\n"
	       "li $t7, 0xffffffff\n"
	       "ins $t7, $t5, 8, 12\n"
	       "li $t8, 0x1234ff80\n"
	       "seb $t9, $t8\n"
	       "seh $a0, $t8\n"
	       "wsbh $a1, $t5\n"
	       "ext $a2, $t5, 0, 32\n"
	       "li $a3, -1\n"
	       "clo $a3, $a3\n");
	uint32_t *r = t.c->r;
	assert_int_equal(r[S0], 0x00000110u);
	assert_int_equal(r[S1], 0x08000001u);
	assert_int_equal(r[S2], 0xf8000001u);
	assert_int_equal(r[S3], 0x00000110u);
	assert_int_equal(r[S4], 0xf8000001u);
	assert_int_equal(r[S5], 0x18000001u);
	assert_int_equal(r[S6], 0x18000001u);
	assert_int_equal(r[S7], 0x08000001u);
	assert_int_equal(r[T2], 26);
	assert_int_equal(r[T3], 1);
	assert_int_equal(r[T4], 32);
	assert_int_equal(r[T6], 0x67);
	assert_int_equal(r[T7], 0xfff678ffu);
	assert_int_equal(r[T9], 0xffffff80u);
	assert_int_equal(r[A0], 0xffffff80u);
	assert_int_equal(r[A1], 0x34127856u);
	assert_int_equal(r[A2], 0x12345678u);
	assert_int_equal(r[A3], 32);
	ct_free(&t);
}

static void test_muldiv(void **state)
{
	(void)state;
	ct t;
	RUN_OK(t,
	       "li $t0, -7\n"
	       "li $t1, 3\n"
	       "mult $t0, $t1\n"
	       "mflo $s0\n"
	       "mfhi $s1\n"
	       "multu $t0, $t1\n"
	       "mflo $s2\n"
	       "mfhi $s3\n"
	       "div $zero, $t0, $t1\n"
	       "mflo $s4\n"
	       "mfhi $s5\n"
	       "divu $zero, $t0, $t1\n"
	       "mflo $s6\n"
	       "mfhi $s7\n"
	       "mul $t2, $t0, $t1\n"
	       "mthi $zero\n"
	       "mtlo $t1\n"
	       "madd $t0, $t1\n"       /* 3 + -21 = -18 */
	       "mflo $t3\n"
	       "mfhi $t4\n"
	       "msubu $t1, $t1\n"      /* -18 - 9 */
	       "mflo $t5\n"
	       "mfhi $t6\n"
	       "div $zero, $t1, $zero\n" /* by zero: no crash */
	       "li $a0, 0x80000000\n"
	       "li $a1, -1\n"
	       "div $zero, $a0, $a1\n"
	       "mflo $t7\n"
	       "mfhi $t8\n"
	       "li $a2, 0xffffffff\n"
	       "maddu $a2, $a2\n"
	       "mflo $a3\n"
	       "mfhi $t9\n");
	uint32_t *r = t.c->r;
	assert_int_equal(r[S0], (uint32_t)-21);
	assert_int_equal(r[S1], 0xffffffffu);
	assert_int_equal(r[S2], (uint32_t)(0xfffffff9ull * 3));
	assert_int_equal(r[S3], 2);
	assert_int_equal(r[S4], (uint32_t)-2);
	assert_int_equal(r[S5], (uint32_t)-1);
	assert_int_equal(r[S6], 0xfffffff9u / 3);
	assert_int_equal(r[S7], 0xfffffff9u % 3);
	assert_int_equal(r[T2], (uint32_t)-21);
	assert_int_equal(r[T3], (uint32_t)-18);
	assert_int_equal(r[T4], 0xffffffffu);
	assert_int_equal(r[T5], (uint32_t)-27);
	assert_int_equal(r[T6], 0xffffffffu);
	assert_int_equal(r[T7], 0x80000000u); /* INT_MIN / -1 as qemu */
	assert_int_equal(r[T8], 0);
	/* hi:lo = 0x00000000_80000000 (left by INT_MIN / -1) + 0xfffffffe_00000001 */
	uint64_t acc = 0x80000000ull + 0xfffffffe00000001ull;
	assert_int_equal(r[A3], (uint32_t)acc);
	assert_int_equal(r[T9], (uint32_t)(acc >> 32));
	ct_free(&t);
}

static void test_movcond_rdhwr(void **state)
{
	(void)state;
	ct t;
	SETUP(t, "li $t0, 5\n li $s0, 1\n li $s1, 1\n movz $s0, $t0, $zero\n movn $s1, $t0, $zero\n"
	         "movn $s2, $t0, $t0\n rdhwr $s3, $29\n rdhwr $s4, $2\n li $v0, 4001\n syscall\n");
	t.c->ulr = 0x2ab0c000u;
	assert_int_equal(ct_run(&t, 1000), CPU_STOP_SYSCALL);
	assert_int_equal(t.c->r[S0], 5);
	assert_int_equal(t.c->r[S1], 1);
	assert_int_equal(t.c->r[S2], 5);
	assert_int_equal(t.c->r[S3], 0x2ab0c000u);
	assert_int_equal(t.c->r[S4], 7); /* the instructions before it */
	ct_free(&t);
}

static void test_overflow(void **state)
{
	(void)state;
	ct t;
	SETUP(t, "li $t0, 0x7fffffff\n li $t2, 9\n add $t1, $t0, $t0\n nop\n");
	assert_int_equal(ct_run(&t, 1000), CPU_STOP_EXC);
	assert_int_equal(t.c->exc, CPU_EXC_OV);
	assert_int_equal(t.c->pc, CT_CODE + 12);
	assert_int_equal(t.c->r[T1], 0); /* not written */
	assert_int_equal(t.c->insns, 4); /* li is lui+ori; the add counts */
	ct_free(&t);
	SETUP(t, "li $t0, 0x80000000\n addi $t1, $t0, -1\n");
	assert_int_equal(ct_run(&t, 1000), CPU_STOP_EXC);
	assert_int_equal(t.c->exc, CPU_EXC_OV);
	ct_free(&t);
	SETUP(t, "li $t0, 0x80000000\n li $t2, 1\n sub $t1, $t0, $t2\n");
	assert_int_equal(ct_run(&t, 1000), CPU_STOP_EXC);
	assert_int_equal(t.c->exc, CPU_EXC_OV);
	ct_free(&t);
	/* no overflow: addi of a negative, addu wraps silently */
	RUN_OK(t, "li $t0, 0x7fffffff\n addi $t1, $t0, -1\n addu $t2, $t0, $t0\n");
	assert_int_equal(t.c->r[T1], 0x7ffffffeu);
	assert_int_equal(t.c->r[T2], 0xfffffffeu);
	ct_free(&t);
}

static void test_loads_stores(void **state)
{
	(void)state;
	ct t;
	RUN_OK(t,
	       "li $a0, 0x10000000\n"
	       "li $t0, 0x8081f2f3\n"
	       "sw $t0, 0($a0)\n"
	       "lb $s0, 0($a0)\n"
	       "lbu $s1, 0($a0)\n"
	       "lh $s2, 2($a0)\n"
	       "lhu $s3, 2($a0)\n"
	       "lw $s4, 0($a0)\n"
	       "sb $t0, 5($a0)\n"
	       "sh $t0, 6($a0)\n"
	       "lw $s5, 4($a0)\n");
	uint32_t *r = t.c->r;
	if (!big) {
		assert_int_equal(r[S0], 0xfffffff3u);
		assert_int_equal(r[S1], 0xf3);
		assert_int_equal(r[S2], 0xffff8081u);
		assert_int_equal(r[S3], 0x8081);
		assert_int_equal(r[S5], 0xf2f3f300u);
	} else {
		assert_int_equal(r[S0], 0xffffff80u);
		assert_int_equal(r[S1], 0x80);
		assert_int_equal(r[S2], 0xfffff2f3u);
		assert_int_equal(r[S3], 0xf2f3);
		assert_int_equal(r[S5], 0x00f3f2f3u);
	}
	assert_int_equal(r[S4], 0x8081f2f3u);
	uint8_t b[4];
	assert_int_equal(mem_read(t.m, CT_DATA, b, 4), 0);
	if (big)
		assert_memory_equal(b, "\x80\x81\xf2\xf3", 4);
	else
		assert_memory_equal(b, "\xf3\xf2\x81\x80", 4);
	ct_free(&t);
}

static void test_unaligned(void **state)
{
	(void)state;
	ct t;
	/* ulw/usw expand to lwl/lwr and swl/swr for the byte order */
	RUN_OK(t,
	       "li $a0, 0x10000000\n"
	       "li $t0, 0x03020100\n sw $t0, 0($a0)\n"
	       "li $t0, 0x07060504\n sw $t0, 4($a0)\n"
	       "ulw $s0, 1($a0)\n"
	       "ulw $s1, 2($a0)\n"
	       "ulw $s2, 3($a0)\n"
	       "ulw $s3, 4($a0)\n"
	       "li $t1, 0xa1b2c3d4\n"
	       "usw $t1, 9($a0)\n"
	       "lw $s4, 8($a0)\n lw $s5, 12($a0)\n"
	       "li $s6, 0x11111111\n lwl $s6, 1($a0)\n"
	       "li $s7, 0x11111111\n lwr $s7, 1($a0)\n");
	uint32_t *r = t.c->r;
	if (!big) {
		assert_int_equal(r[S0], 0x04030201u);
		assert_int_equal(r[S1], 0x05040302u);
		assert_int_equal(r[S2], 0x06050403u);
		assert_int_equal(r[S3], 0x07060504u);
		assert_int_equal(r[S4], 0xb2c3d400u);
		assert_int_equal(r[S5], 0x000000a1u);
		assert_int_equal(r[S6], 0x01001111u);
		assert_int_equal(r[S7], 0x11030201u);
	} else {
		/* memory bytes 03 02 01 00 07 06 05 04 */
		assert_int_equal(r[S0], 0x02010007u);
		assert_int_equal(r[S1], 0x01000706u);
		assert_int_equal(r[S2], 0x00070605u);
		assert_int_equal(r[S3], 0x07060504u);
		assert_int_equal(r[S4], 0x00a1b2c3u);
		assert_int_equal(r[S5], 0xd4000000u);
		assert_int_equal(r[S6], 0x02010011u);
		assert_int_equal(r[S7], 0x11110302u);
	}
	ct_free(&t);
	/* misaligned lw / sh: address error with badvaddr */
	SETUP(t, "li $a0, 0x10000002\n lw $t0, 0($a0)\n");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_EXC);
	assert_int_equal(t.c->exc, CPU_EXC_ADEL);
	assert_int_equal(t.c->badvaddr, 0x10000002u);
	ct_free(&t);
	SETUP(t, "li $a0, 0x10000001\n sh $t0, 0($a0)\n");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_EXC);
	assert_int_equal(t.c->exc, CPU_EXC_ADES);
	ct_free(&t);
}

static void test_faults(void **state)
{
	(void)state;
	ct t;
	SETUP(t, "li $a0, 0x20000000\n lw $t0, 4($a0)\n");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_EXC);
	assert_int_equal(t.c->exc, CPU_EXC_TLBL);
	assert_int_equal(t.c->badvaddr, 0x20000004u);
	assert_int_equal(t.c->pc, CT_CODE + 4);
	ct_free(&t);
	/* store to read-only code */
	SETUP(t, "li $a0, 0x400000\n sw $t0, 0($a0)\n");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_EXC);
	assert_int_equal(t.c->exc, CPU_EXC_TLBS);
	ct_free(&t);
	/* kernel address from user mode */
	SETUP(t, "li $a0, 0x80000000\n lw $t0, 0($a0)\n");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_EXC);
	assert_int_equal(t.c->exc, CPU_EXC_ADEL);
	ct_free(&t);
	/* jump to unmapped code: fetch fault at the target, not counted */
	SETUP(t, "li $t9, 0x30000000\n jr $t9\n nop\n");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_EXC);
	assert_int_equal(t.c->exc, CPU_EXC_TLBL);
	assert_int_equal(t.c->pc, 0x30000000u);
	assert_int_equal(t.c->badvaddr, 0x30000000u);
	assert_int_equal(t.c->insns, 3);
	ct_free(&t);
	/* reserved instruction */
	SETUP(t, "nop\n .word 0xfc000000\n");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_EXC);
	assert_int_equal(t.c->exc, CPU_EXC_RI);
	assert_int_equal(t.c->insn, 0xfc000000u);
	assert_int_equal(t.c->pc, CT_CODE + 4);
	ct_free(&t);
}

static void test_branches(void **state)
{
	(void)state;
	ct t;
	RUN_OK(t,
	       "li $t0, 1\n"
	       "li $t1, 2\n"
	       "beq $t0, $t1, 1f\n"
	       " addiu $s0, $s0, 1\n"     /* slot of a not-taken branch runs */
	       "bne $t0, $t1, 1f\n"
	       " addiu $s0, $s0, 2\n"     /* slot of a taken branch runs */
	       "addiu $s0, $s0, 100\n"    /* skipped */
	       "1: beql $t0, $t1, 2f\n"
	       " addiu $s1, $s1, 1\n"     /* annulled */
	       "bnel $t0, $t1, 2f\n"
	       " addiu $s1, $s1, 2\n"     /* runs */
	       "addiu $s1, $s1, 100\n"
	       "2: bltz $t0, 3f\n nop\n"
	       "bgez $t0, 3f\n addiu $s2, $s2, 1\n"
	       "addiu $s2, $s2, 100\n"
	       "3: blez $zero, 4f\n nop\n addiu $s2, $s2, 100\n"
	       "4: bgtz $zero, 5f\n nop\n"
	       "bltzl $t0, 5f\n addiu $s3, $s3, 1\n"
	       "bgezl $t0, 5f\n addiu $s3, $s3, 2\n"
	       "addiu $s3, $s3, 100\n"
	       "5: blezl $t0, 6f\n addiu $s3, $s3, 4\n"
	       "bgtzl $t0, 6f\n addiu $s3, $s3, 8\n"
	       "nop\n"
	       "6: bal 7f\n nop\n"
	       "7: move $s4, $ra\n"
	       "jal 8f\n nop\n"
	       "8: move $s5, $ra\n"
	       "la $t9, 9f\n"
	       "jalr $s6, $t9\n addiu $s7, $s7, 1\n"
	       "9: bltzal $t0, 10f\n nop\n"
	       "10: move $a0, $ra\n"
	       "bgezall $t0, 11f\n addiu $a1, $a1, 1\n"
	       "11: bltzall $t0, 12f\n addiu $a2, $a2, 1\n"
	       "12: nop\n");
	uint32_t *r = t.c->r;
	assert_int_equal(r[S0], 3);
	assert_int_equal(r[S1], 2);
	assert_int_equal(r[S2], 1);
	assert_int_equal(r[S3], 2 + 8);
	assert_int_equal(r[S4], r[S5] - 12);
	assert_int_equal(r[S7], 1);
	assert_int_equal(r[S6], r[S5] + 20);
	assert_int_equal(r[A0], r[S6] + 8);
	assert_int_equal(r[A1], 1);
	assert_int_equal(r[A2], 0);
	/* 6 lui/ori/li + counted by hand below */
	ct_free(&t);

	/* counts: annulled slots count, as qemu's exec log has them */
	SETUP(t, "li $t0, 1\n beql $t0, $zero, 1f\n nop\n bnel $t0, $zero, 1f\n nop\n nop\n"
	         "1: li $v0, 4001\n syscall\n");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_SYSCALL);
	assert_int_equal(t.c->insns, 1 + 2 + 2 + 2);
	assert_int_equal(ct_word(&t, t.c->pc - 4), 0x0000000c); /* past the syscall */
	ct_free(&t);
}

static void test_branch_in_slot(void **state)
{
	(void)state;
	ct t;
	SETUP(t, "b 1f\n b 1f\n nop\n1: nop\n");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_EXC);
	assert_int_equal(t.c->exc, CPU_EXC_RI);
	assert_int_equal(t.c->pc, CT_CODE);      /* EPC: the branch */
	assert_int_equal(t.c->insn_pc, CT_CODE + 4);
	assert_true(cpu_in_delay_slot(t.c));
	ct_free(&t);
	/* an exception in a delay slot reports the branch */
	SETUP(t, "li $a0, 0x20000000\n b 1f\n lw $t0, 0($a0)\n1: nop\n");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_EXC);
	assert_int_equal(t.c->exc, CPU_EXC_TLBL);
	assert_int_equal(t.c->pc, CT_CODE + 4);
	assert_int_equal(t.c->insn_pc, CT_CODE + 8);
	assert_true(cpu_in_delay_slot(t.c));
	ct_free(&t);
}

static void test_traps_break(void **state)
{
	(void)state;
	ct t;
	SETUP(t, "li $t0, 3\n div $zero, $t0, $zero\n teq $zero, $zero, 7\n");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_TRAP);
	assert_int_equal(t.c->code, 7);
	assert_int_equal(t.c->exc, CPU_EXC_TR);
	assert_int_equal(t.c->pc, CT_CODE + 8);
	assert_int_equal(t.c->insns, 3);
	ct_free(&t);
	RUN_OK(t, "li $t0, 3\n teq $t0, $zero, 7\n tne $t0, $t0\n tge $zero, $t0\n tgeu $zero, $t0\n"
	          "tlt $t0, $zero\n tltu $t0, $zero\n teqi $t0, 4\n tnei $t0, 3\n tgei $t0, 4\n"
	          "tgeiu $t0, 4\n tlti $t0, 3\n tltiu $t0, 3\n");
	ct_free(&t);
	SETUP(t, "li $t0, -1\n tltiu $zero, -1\n");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_TRAP);
	assert_int_equal(t.c->code, 0);
	ct_free(&t);
	SETUP(t, "nop\n break 7\n");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_BREAK);
	assert_int_equal(t.c->code, 7);
	assert_int_equal(t.c->pc, CT_CODE + 4);
	ct_free(&t);
	SETUP(t, "break\n");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_BREAK);
	assert_int_equal(t.c->code, 0);
	ct_free(&t);
}

static void test_llsc(void **state)
{
	(void)state;
	ct t;
	RUN_OK(t,
	       "li $a0, 0x10000000\n"
	       "li $t0, 41\n sw $t0, 0($a0)\n"
	       "1: ll $t1, 0($a0)\n"
	       "addiu $t1, $t1, 1\n"
	       "sc $t1, 0($a0)\n"
	       "beqz $t1, 1b\n nop\n"
	       "lw $s0, 0($a0)\n"
	       "li $t2, 99\n sc $t2, 0($a0)\n"   /* no ll: fails */
	       "move $s1, $t2\n lw $s2, 0($a0)\n");
	assert_int_equal(t.c->r[S0], 42);
	assert_int_equal(t.c->r[S1], 0);
	assert_int_equal(t.c->r[S2], 42);
	ct_free(&t);
}

static void test_syscall_resume(void **state)
{
	(void)state;
	ct t;
	SETUP(t, "li $v0, 4004\n syscall\n addiu $s0, $v0, 1\n li $v0, 4001\n syscall\n");
	assert_int_equal(ct_run(&t, 100), CPU_STOP_SYSCALL);
	assert_int_equal(t.c->r[V0], 4004);
	assert_int_equal(t.c->pc, CT_CODE + 8);  /* past the syscall */
	assert_int_equal(t.c->insns, 2);
	t.c->r[V0] = 10; /* the OS's return value */
	assert_int_equal(ct_run(&t, 100), CPU_STOP_SYSCALL);
	assert_int_equal(t.c->r[S0], 11);
	assert_int_equal(t.c->insns, 5);
	ct_free(&t);
}

/* Budget 1 at a time gives the same result and count as one run, delay
 * slots and annulled slots included. */
static void test_budget_steps(void **state)
{
	(void)state;
	const char *src =
	       "li $t0, 10\n"
	       "1: addiu $t0, $t0, -1\n"
	       "bnel $t0, $zero, 1b\n"
	       " addiu $s0, $s0, 3\n"
	       "li $t1, 5\n"
	       "2: addiu $t1, $t1, -1\n"
	       "bnez $t1, 2b\n"
	       " addiu $s1, $s1, 1\n"
	       "li $v0, 4001\n syscall\n";
	ct a, b;
	SETUP(a, src);
	assert_int_equal(ct_run(&a, 1000), CPU_STOP_SYSCALL);
	SETUP(b, src);
	int s, n = 0;
	while ((s = cpu_run(b.c, 1)) == CPU_STOP_LIMIT) {
		assert_int_equal(b.c->insns, (uint64_t)n + 1);
		n++;
	}
	assert_int_equal(s, CPU_STOP_SYSCALL);
	assert_int_equal(b.c->insns, a.c->insns);
	assert_int_equal((uint64_t)n + 1, a.c->insns);
	assert_memory_equal(a.c->r, b.c->r, sizeof(a.c->r));
	assert_int_equal(a.c->r[S0], 27);
	assert_int_equal(a.c->r[S1], 5);
	/* 2 (li) + 10*(3) - 0: the last bnel annuls its slot, which counts */
	assert_int_equal(a.c->insns, 1 + 10 * 3 + 1 + 5 * 3 + 2);
	ct_free(&a);
	ct_free(&b);
}

/* Events: every fetch, load and store; a tiny buffer drains to the same
 * sequence as a large one. */
static void test_events(void **state)
{
	(void)state;
	const char *src =
	       "li $a0, 0x10000000\n"
	       "sw $a0, 8($a0)\n"
	       "lbu $t0, 9($a0)\n"
	       "beql $t0, $t0, 1f\n"
	       " lh $t1, 2($a0)\n"
	       "1: ldc1 $f0, 8($a0)\n"
	       "ulw $t2, 5($a0)\n"
	       "li $v0, 4001\n syscall\n";
	ct t;
	SETUP(t, src);
	trace_rec big_buf[64];
	t.c->ev = big_buf;
	t.c->ev_cap = 64;
	assert_int_equal(ct_run(&t, 100), CPU_STOP_SYSCALL);
	uint32_t n = t.c->ev_len;
	uint64_t insns = t.c->insns;
	/* fetches: one per counted instruction */
	uint32_t nf = 0;
	for (uint32_t i = 0; i < n; i++)
		nf += big_buf[i].kind == TK_FETCH;
	assert_int_equal(nf, insns);
	static const struct { uint8_t kind; uint32_t addr, size; } data[] = {
		{ TK_STORE, 0x10000008, 4 }, { TK_LOAD, 0x10000009, 1 }, { TK_LOAD, 0x10000002, 2 },
		{ TK_LOAD, 0x10000008, 8 }, { TK_LOAD, 0x10000008, 4 }, { TK_LOAD, 0x10000004, 4 },
	};
	static const uint32_t ulw_be[2] = { 0x10000004, 0x10000008 }; /* lwl 5, lwr 8 */
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (big_buf[i].kind == TK_FETCH) {
			assert_int_equal(big_buf[i].arg, 4);
			continue;
		}
		assert_true(k < 6);
		assert_int_equal(big_buf[i].kind, data[k].kind);
		assert_int_equal(big_buf[i].addr, big && k >= 4 ? ulw_be[k - 4] : data[k].addr);
		assert_int_equal(big_buf[i].arg, data[k].size);
		k++;
	}
	assert_int_equal(k, 6);
	ct_free(&t);

	SETUP(t, src);
	trace_rec small[4], all[64];
	uint32_t got = 0;
	t.c->ev = small;
	t.c->ev_cap = 4;
	int s;
	while ((s = cpu_run(t.c, 100)) == CPU_STOP_EVFULL || s == CPU_STOP_LIMIT) {
		assert_true(got + t.c->ev_len <= 64);
		memcpy(all + got, small, t.c->ev_len * sizeof(trace_rec));
		got += t.c->ev_len;
		t.c->ev_len = 0;
	}
	memcpy(all + got, small, t.c->ev_len * sizeof(trace_rec));
	got += t.c->ev_len;
	assert_int_equal(s, CPU_STOP_SYSCALL);
	assert_int_equal(got, n);
	assert_memory_equal(all, big_buf, n * sizeof(trace_rec));
	assert_int_equal(t.c->insns, insns);
	uint64_t cls[ISA_NCLASSES];
	assert_int_equal(cpu_class_counts(t.c, cls, ISA_NCLASSES), ISA_NCLASSES);
	uint64_t sum = 0;
	for (unsigned i = 0; i < ISA_NCLASSES; i++)
		sum += cls[i];
	assert_int_equal(sum, insns);
	assert_int_equal(cls[ISA_C_SYS], 1);
	ct_free(&t);
}

static void test_disasm(void **state)
{
	(void)state;
	char buf[64];
	cpu_disasm(0x27bdffe0, 0x400000, buf, sizeof(buf));
	assert_string_equal(buf, "addiu $sp, $sp, -0x20");
	cpu_disasm(0x0000000c, 0x400000, buf, sizeof(buf));
	assert_string_equal(buf, "syscall");
}

/* Self-modifying code on a writable page, and code rewritten by the OS
 * (mem_write_force) between runs: the new instruction runs, never a
 * decoded copy of the old one. */
/* A run that ends (budget) just after a branch is stopped before it
 * instead: the OS may then save and restore c->pc (a signal frame) and
 * the branch still takes effect. */
static void test_stop_before_branch(void **state)
{
	(void)state;
	ct t;
	SETUP(t, "li $t0, 1\n b 1f\n addiu $s0, $s0, 1\n addiu $s1, $s1, 1\n"
	         "1: li $v0, 4001\n syscall\n");
	assert_int_equal(cpu_run(t.c, 2), CPU_STOP_LIMIT);
	assert_int_equal(t.c->insns, 1);
	assert_int_equal(t.c->pc, CT_CODE + 4); /* at the branch */
	uint32_t pc = t.c->pc;
	t.c->pc = 0x12345678; /* as if a signal handler ran */
	t.c->pc = pc;
	assert_int_equal(ct_run(&t, 100), CPU_STOP_SYSCALL);
	assert_int_equal(t.c->r[S0], 1);
	assert_int_equal(t.c->r[S1], 0);
	/* with events: no room for the slot, the branch is undone too */
	ct_free(&t);
	SETUP(t, "li $t0, 1\n b 1f\n addiu $s0, $s0, 1\n addiu $s1, $s1, 1\n"
	         "1: li $v0, 4001\n syscall\n");
	trace_rec ev[4];
	t.c->ev = ev;
	t.c->ev_cap = 4;
	t.c->ev_len = 1;
	assert_int_equal(cpu_run(t.c, 100), CPU_STOP_EVFULL);
	assert_int_equal(t.c->insns, 1);
	assert_int_equal(t.c->ev_len, 2);
	assert_int_equal(t.c->pc, CT_CODE + 4);
	t.c->ev_len = 0;
	assert_int_equal(cpu_run(t.c, 100), CPU_STOP_EVFULL); /* the branch, slot, li: 4 records */
	assert_int_equal(t.c->insns, 4);
	assert_int_equal(t.c->ev_len, 3);
	t.c->ev = NULL;
	assert_int_equal(ct_run(&t, 100), CPU_STOP_SYSCALL);
	assert_int_equal(t.c->r[S0], 1);
	assert_int_equal(t.c->r[S1], 0);
	ct_free(&t);
}

static void test_code_changes(void **state)
{
	(void)state;
	ct t;
	SETUP(t, "bal 1f\n nop\n"
	         "1: move $t0, $ra\n li $t2, 2\n li $t1, 0x24100007\n"  /* addiu s0,zero,7 */
	         "2: addiu $t2, $t2, -1\n"
	         "3: addiu $s0, $zero, 1\n"
	         "addu $s1, $s1, $s0\n"
	         "sw $t1, (3b - 1b)($t0)\n"
	         "bnez $t2, 2b\n nop\n"
	         "li $v0, 4001\n syscall\n");
	assert_int_equal(mem_protect(t.m, CT_CODE, 4096, MEM_R | MEM_W | MEM_X), 0);
	assert_int_equal(ct_run(&t, 1000), CPU_STOP_SYSCALL);
	assert_int_equal(t.c->r[S1], 1 + 7);
	ct_free(&t);

	SETUP(t, "1: addiu $s0, $s0, 1\n syscall\n b 1b\n nop\n");
	assert_int_equal(ct_run(&t, 1000), CPU_STOP_SYSCALL);
	assert_int_equal(t.c->r[S0], 1);
	uint8_t w[4] = { 0x26, 0x10, 0x00, 0x0a }; /* addiu s0,s0,10 */
	if (!big) {
		uint8_t x = w[0]; w[0] = w[3]; w[3] = x;
		x = w[1]; w[1] = w[2]; w[2] = x;
	}
	assert_int_equal(mem_write_force(t.m, CT_CODE, w, 4), 0);
	assert_int_equal(ct_run(&t, 1000), CPU_STOP_SYSCALL);
	assert_int_equal(t.c->r[S0], 11);
	ct_free(&t);
}

/* --trace-insns lines, annulled slot marked, same result as a plain run */
static void test_step_traced(void **state)
{
	(void)state;
	ct t;
	SETUP(t, "li $t0, 1\n beql $t0, $zero, 1f\n addiu $t1, $t1, 1\n1: li $v0, 4001\n syscall\n");
	char lines[8][128];
	int n = 0, s;
	do
		s = cpu_step_traced(t.c, lines[n], sizeof(lines[n]));
	while (s == CPU_STOP_LIMIT && ++n < 8);
	assert_int_equal(s, CPU_STOP_SYSCALL);
	assert_int_equal(n, 4);
	assert_int_equal(t.c->insns, 5);
	assert_int_equal(t.c->r[T1], 0);
	assert_string_equal(lines[0], "0x00400000: 24080001  addiu $t0, $zero, 1");
	assert_non_null(strstr(lines[1], "beql"));
	assert_non_null(strstr(lines[2], "0x00400008: "));
	assert_non_null(strstr(lines[2], "(annulled)"));
	assert_string_equal(lines[4], "0x00400010: 0000000c  syscall");
	ct_free(&t);
}

static int group_le(void **state) { (void)state; big = 0; return ct_have_as(0) ? 0 : -1; }
static int group_be(void **state) { (void)state; big = 1; return ct_have_as(1) ? 0 : -1; }

int main(void)
{
	const struct CMUnitTest common[] = {
		cmocka_unit_test(test_decode_table),
		cmocka_unit_test(test_disasm),
	};
	const struct CMUnitTest per_endian[] = {
		cmocka_unit_test(test_alu),
		cmocka_unit_test(test_shifts_bits),
		cmocka_unit_test(test_muldiv),
		cmocka_unit_test(test_movcond_rdhwr),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_loads_stores),
		cmocka_unit_test(test_unaligned),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_branches),
		cmocka_unit_test(test_branch_in_slot),
		cmocka_unit_test(test_traps_break),
		cmocka_unit_test(test_llsc),
		cmocka_unit_test(test_syscall_resume),
		cmocka_unit_test(test_budget_steps),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_step_traced),
		cmocka_unit_test(test_code_changes),
		cmocka_unit_test(test_stop_before_branch),
	};
	if (!ct_have_as(0) || !ct_have_as(1)) {
		fprintf(stderr, "mipsel-linux-gnu-as / mips-linux-gnu-as not installed\n");
		return 77;
	}
	int r = cmocka_run_group_tests_name("cpu", common, NULL, NULL);
	r += cmocka_run_group_tests_name("cpu little endian", per_endian, group_le, NULL);
	r += cmocka_run_group_tests_name("cpu big endian", per_endian, group_be, NULL);
	return r ? 1 : 0;
}
