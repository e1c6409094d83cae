/*
 * test_sys_cpu.c - direct checks of the CPU in system mode, on small
 * programs in RAM (the scaffolding bus of sys_harness.h): the reset state
 * and TLB sizes, Count/Compare to the cycle, idle accounting, a hardware
 * line through the interrupt vector, interrupts never between a branch and
 * its delay slot, and the monitor's intercept.  The bare-metal kernels of
 * guests/sys/ are compared with qemu-system-mipsel through `vmmsim boot` by
 * tests/cli/sys_baremetal.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sys_harness.h"
#include "cpu_test.h"

/* ---- direct checks ------------------------------------------------------ */

static uint32_t le(uint32_t w)
{
	return w;
}

/* Writes words at physical addr. */
static void put(struct board *b, uint32_t pa, const uint32_t *w, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		uint32_t v = le(w[i]);
		memcpy(b->ram + pa + 4 * i, &v, 4);
	}
}

static cpu *bare(struct board *b, unsigned tlb)
{
	memset(b, 0, sizeof(*b));
	b->ram = calloc(1, RAM_SIZE);
	cpu_bus bus = { b, b->ram, RAM_SIZE, bus_read, bus_write };
	return cpu_new_system(&bus, 0, tlb);
}

static void test_reset_state(void **state)
{
	(void)state;
	struct board *b = malloc(sizeof(*b));
	cpu *c = bare(b, 0);
	assert_non_null(c);
	assert_int_equal(c->pc, 0xbfc00000u);
	assert_int_equal(cpu_cp0_get(c, 12, 0), 0x00400004u); /* BEV, ERL */
	assert_int_equal(cpu_cp0_get(c, 15, 0), 0x00019300u);
	assert_int_equal(cpu_cp0_get(c, 16, 1) >> 25 & 63, 15);
	cpu_free(c);
	free(b->ram);
	c = bare(b, 64);
	assert_int_equal(cpu_cp0_get(c, 16, 1) >> 25 & 63, 63);
	cpu_free(c);
	free(b->ram);
	c = bare(b, 48);
	assert_int_equal(cpu_cp0_get(c, 16, 1) >> 25 & 63, 47);
	cpu_free(c);
	free(b->ram);
	assert_null(bare(b, 17));
	free(b->ram);
	free(b);
}

/* Count runs at half the instruction rate; Compare raises TI/IP7 exactly
 * when Count reaches it; a Compare write clears it; idling advances Count. */
static void test_timer(void **state)
{
	(void)state;
	struct board *b = malloc(sizeof(*b));
	cpu *c = bare(b, 0);
	/* at 0x80000400: an endless loop "b . ; nop" */
	const uint32_t loop[] = { 0x1000ffff, 0x00000000 };
	put(b, 0x400, loop, 2);
	c->pc = 0x80000400u;
	cpu_cp0_set(c, 12, 0, 0); /* kernel, interrupts off, BEV clear */
	cpu_cp0_set(c, 9, 0, 0);
	cpu_cp0_set(c, 11, 0, 100);
	assert_int_equal(cpu_cycles_to_timer(c), 200);
	assert_int_equal(cpu_run_system(c, 199), CPU_STOP_LIMIT);
	assert_int_equal(cpu_cp0_get(c, 9, 0), 99);
	assert_int_equal(cpu_cp0_get(c, 13, 0) & 0x40008000u, 0);
	assert_int_equal(cpu_run_system(c, 1), CPU_STOP_LIMIT);
	assert_int_equal(cpu_cp0_get(c, 9, 0), 100);
	assert_int_equal(cpu_cp0_get(c, 13, 0) & 0x40008000u, 0x40008000u);
	cpu_cp0_set(c, 11, 0, 150); /* clears TI */
	assert_int_equal(cpu_cp0_get(c, 13, 0) & 0x40008000u, 0);
	assert_int_equal(cpu_cycles_to_timer(c), 100);
	cpu_idle(c, 100);
	assert_int_equal(cpu_time(c), 300);
	assert_int_equal(cpu_cp0_get(c, 13, 0) & 0x40008000u, 0x40008000u);
	assert_int_equal(cpu_sys_stats(c)->ctx_insns[CPU_CTX_IDLE], 100);
	assert_int_equal(cpu_sys_stats(c)->kernel_insns, 200);
	/* a hardware line shows in Cause.IP and is taken when enabled */
	cpu_cp0_set(c, 11, 0, 0);
	cpu_set_irq(c, 2, 1);
	assert_int_equal(cpu_cp0_get(c, 13, 0) & 0xfc00u, 0x0400u);
	cpu_cp0_set(c, 13, 0, 0x00800000u); /* IV */
	cpu_cp0_set(c, 15, 1, 0x80000000u);
	put(b, 0x200, loop, 2);
	cpu_cp0_set(c, 12, 0, 0x0401u); /* IM2, IE */
	assert_int_equal(cpu_run_system(c, 10), CPU_STOP_LIMIT);
	assert_int_equal(cpu_sys_stats(c)->exc[0], 1);
	assert_int_equal(cpu_sys_stats(c)->irq[2], 1);
	assert_int_equal(cpu_cp0_get(c, 14, 0) & ~4u, 0x80000400u);
	assert_int_equal(c->pc & ~4u, 0x80000200u);
	assert_int_equal(cpu_cp0_get(c, 12, 0) & 2, 2); /* EXL */
	cpu_free(c);
	free(b->ram);
	free(b);
}

/* The timer comes due at every instruction of a loop with a branch and
 * its delay slot: the interrupt is never taken between them (EPC is never
 * the slot, Cause.BD never set), and it is taken at the first boundary
 * after Count reaches Compare. */
static void test_irq_not_in_slot(void **state)
{
	(void)state;
	struct board *b = malloc(sizeof(*b));
	for (uint32_t due = 1; due < 24; due++) {
		cpu *c = bare(b, 0);
		/* 0x400: addiu t0,t0,1; bne t0,zero,0x400; addiu t2,t2,1 (the slot) */
		const uint32_t loop[] = { 0x25080001, 0x1500fffe, 0x254a0001 };
		const uint32_t handler[] = { 0x1000ffff, 0x00000000 }; /* b . ; nop */
		put(b, 0x400, loop, 3);
		put(b, 0x200, handler, 2);
		c->pc = 0x80000400u;
		cpu_cp0_set(c, 15, 1, 0x80000000u);
		cpu_cp0_set(c, 13, 0, 0x00800000u);
		cpu_cp0_set(c, 9, 0, 0);
		cpu_cp0_set(c, 11, 0, due); /* Count reaches it at time 2 * due */
		cpu_cp0_set(c, 12, 0, 0x8001u);
		/* in one run, or in small budgets (stops fall everywhere too) */
		if (due & 1) {
			assert_int_equal(cpu_run_system(c, 100), CPU_STOP_LIMIT);
		} else {
			for (int k = 0; k < 40; k++)
				assert_int_equal(cpu_run_system(c, (uint64_t)(k % 3) + 1), CPU_STOP_LIMIT);
		}
		const struct cpu_sys_stats *st = cpu_sys_stats(c);
		assert_int_equal(st->exc[0], 1);
		assert_int_equal(st->irq[7], 1);
		uint32_t epc = cpu_cp0_get(c, 14, 0);
		assert_true(epc == 0x80000400u || epc == 0x80000404u); /* never the slot */
		assert_int_equal(cpu_cp0_get(c, 13, 0) >> 31, 0); /* BD */
		/* taken at the first boundary at or after time 2 * due that is
		 * not a delay slot: t0 counts the loops done */
		uint32_t done = c->r[8] + 2 * c->r[10]; /* the branch runs with each slot */
		assert_true(done >= 2 * due && done <= 2 * due + 1);
		if (done == 2 * due + 1)
			assert_int_equal(epc, 0x80000400u); /* due at the slot: after it */
		cpu_free(c);
		free(b->ram);
	}
	free(b);
}

struct hook_seen {
	unsigned n;
	uint32_t exc, insn, epc, pc;
};

static int hook(void *opaque, cpu *c, uint32_t exc, uint32_t badvaddr, uint32_t epc, int in_slot)
{
	struct hook_seen *h = opaque;
	(void)badvaddr;
	(void)in_slot;
	h->n++;
	h->exc = exc;
	h->insn = c->insn;
	h->epc = epc;
	h->pc = c->pc;
	if (exc != CPU_EXC_SYS)
		return 0;
	c->pc = epc + 4; /* the monitor emulates it */
	return 1;
}

/* The monitor's intercept sees every exception first and may take it. */
static void test_exc_hook(void **state)
{
	(void)state;
	struct board *b = malloc(sizeof(*b));
	cpu *c = bare(b, 0);
	/* 0x400: syscall; addiu t0,t0,1; break; b .; nop; at 0x180: b .; nop */
	const uint32_t prog[] = { 0x0000000c, 0x25080001, 0x0000000d, 0x1000ffff, 0 };
	const uint32_t loop[] = { 0x1000ffff, 0 };
	put(b, 0x400, prog, 5);
	put(b, 0x180, loop, 2);
	cpu_cp0_set(c, 15, 1, 0x80000000u);
	cpu_cp0_set(c, 12, 0, 0);
	c->pc = 0x80000400u;
	struct hook_seen h = { 0 };
	cpu_set_exc_hook(c, hook, &h);
	assert_int_equal(cpu_run_system(c, 2), CPU_STOP_LIMIT);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.exc, CPU_EXC_SYS);
	assert_int_equal(h.insn, 0x0000000cu);
	assert_int_equal(h.pc, 0x80000400u);
	assert_int_equal(c->r[8], 1);
	assert_int_equal(cpu_sys_stats(c)->exc[CPU_EXC_SYS], 0);
	assert_int_equal(cpu_cp0_get(c, 12, 0) & 2, 0); /* no EXL: the guest never saw it */
	/* declined: the break goes to the guest's general vector */
	assert_int_equal(cpu_run_system(c, 3), CPU_STOP_LIMIT);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.exc, CPU_EXC_BP);
	assert_int_equal(cpu_sys_stats(c)->exc[CPU_EXC_BP], 1);
	assert_int_equal(cpu_cp0_get(c, 14, 0), 0x80000408u);
	assert_int_equal(c->pc & ~4u, 0x80000180u);
	cpu_free(c);
	free(b->ram);
	free(b);
}

/* Hop contexts: a program whose every instruction's context is known -
 * boot code (KERNEL) that maps a user page and erets to it, user code (USER)
 * that makes a system call (SYSCALL), touches an unmapped page (REFILL),
 * then a second system call whose handler spins.  Counts are exact. */
static void test_contexts(void **state)
{
	(void)state;
	if (!ct_have_as(0))
		skip();
	const char *src =
		/* 0x000: refill: map the pair at physical 0x4000 (D, V) */
		"refill:\n"
		"  addiu $k1, $zero, 0x11e\n"
		"  mtc0 $k1, $2\n"
		"  mtc0 $k1, $3\n"
		"  tlbwr\n"
		"  eret\n"
		/* 0x180: general: count system calls, return past the first */
		"  .org 0x180\n"
		"  addiu $s0, $s0, 1\n"
		"  addiu $k1, $zero, 2\n"
		"1: beq $s0, $k1, 1b\n"
		"  nop\n"
		"  mfc0 $k0, $14\n"
		"  addiu $k0, $k0, 4\n"
		"  mtc0 $k0, $14\n"
		"  eret\n"
		/* 0x400: boot: user page at 0x2000 -> physical 0x3000 */
		"  .org 0x400\n"
		"  mtc0 $zero, $0\n"
		"  addiu $t0, $zero, 0x2000\n"
		"  mtc0 $t0, $10\n"
		"  addiu $t0, $zero, 0xde\n" /* PFN 3, C 3, D, V */
		"  mtc0 $t0, $2\n"
		"  mtc0 $zero, $3\n"
		"  mtc0 $zero, $5\n"
		"  tlbwi\n"
		"  mtc0 $t0, $3\n"
		"  addiu $t0, $zero, 0x2000\n"
		"  mtc0 $t0, $14\n"
		"  addiu $t0, $zero, 0x12\n"
		"  mtc0 $t0, $12\n"
		"  eret\n"
		/* 0x3000: user */
		"  .org 0x3000\n"
		"  addiu $a0, $zero, 1\n"
		"  addiu $a0, $a0, 1\n"
		"  syscall\n"
		"  lui $t1, 0x40\n"
		"  lw $t2, 0($t1)\n"
		"  sw $t2, 4($t1)\n"
		"  syscall\n";
	uint8_t *img = NULL;
	long n = ct_assemble(src, 0, &img);
	assert_true(n > 0x3000);
	struct board *b = malloc(sizeof(*b));
	cpu *c = bare(b, 0);
	memcpy(b->ram, img, (size_t)n);
	free(img);
	cpu_cp0_set(c, 15, 1, 0x80000000u);
	cpu_cp0_set(c, 12, 0, 0);
	c->pc = 0x80000400u;
	assert_int_equal(cpu_run_system(c, 1000), CPU_STOP_LIMIT);
	const struct cpu_sys_stats *st = cpu_sys_stats(c);
	assert_int_equal(st->ctx_insns[CPU_CTX_KERNEL], 14);
	/* 7 user instructions, the lw twice: a faulting instruction counts */
	assert_int_equal(st->ctx_insns[CPU_CTX_USER], 8);
	assert_int_equal(st->user_insns, 8);
	assert_int_equal(st->ctx_insns[CPU_CTX_REFILL], 5);
	assert_int_equal(st->ctx_entries[CPU_CTX_REFILL], 1);
	assert_int_equal(st->ctx_entries[CPU_CTX_SYSCALL], 2);
	assert_int_equal(st->ctx_entries[CPU_CTX_USER], 0);
	/* the first system call: 8 instructions; the second spins */
	assert_int_equal(st->ctx_insns[CPU_CTX_SYSCALL], 1000 - 14 - 8 - 5);
	assert_int_equal(st->kernel_insns, 1000 - 8);
	assert_int_equal(st->tlb_refills, 1);
	assert_int_equal(st->exc[CPU_EXC_SYS], 2);
	assert_int_equal(st->eret, 3);
	assert_int_equal(st->tlbwr, 1);
	assert_int_equal(st->tlbwi, 1);
	uint64_t sum = 0;
	for (unsigned k = 0; k < CPU_CTX_N; k++)
		sum += st->ctx_insns[k];
	assert_int_equal(sum, c->insns);
	cpu_free(c);
	free(b->ram);
	free(b);
}

/* A device whose read raises interrupt line 3 (as an acknowledge can). */
struct irq_dev {
	cpu *c;
	uint8_t *ram;
};

static int irqdev_read(void *opaque, uint32_t pa, unsigned size, uint32_t *v)
{
	struct irq_dev *d = opaque;
	(void)size;
	*v = 0x5a;
	if (pa == 0x1f000100u)
		cpu_set_irq(d->c, 3, 1);
	return 0;
}

static int irqdev_write(void *opaque, uint32_t pa, unsigned size, uint32_t v)
{
	(void)opaque;
	(void)pa;
	(void)size;
	(void)v;
	return 0;
}

/* The line a device access raises is taken right after that access. */
static void test_irq_from_device_read(void **state)
{
	(void)state;
	struct irq_dev d;
	d.ram = calloc(1, 1u << 20);
	cpu_bus bus = { &d, d.ram, 1u << 20, irqdev_read, irqdev_write };
	d.c = cpu_new_system(&bus, 0, 0);
	cpu *c = d.c;
	/* 0x400: lui t0,0xbf00; lw t1,0x100(t0); addiu t2,t2,1 (x3); b .; nop */
	const uint32_t prog[] = { 0x3c08bf00, 0x8d090100, 0x254a0001, 0x254a0001,
	                          0x254a0001, 0x1000ffff, 0 };
	const uint32_t loop[] = { 0x1000ffff, 0 };
	for (unsigned i = 0; i < 7; i++)
		memcpy(d.ram + 0x400 + 4 * i, &prog[i], 4);
	memcpy(d.ram + 0x200, loop, 8);
	cpu_cp0_set(c, 15, 1, 0x80000000u);
	cpu_cp0_set(c, 13, 0, 0x00800000u);
	cpu_cp0_set(c, 12, 0, 0x0801u); /* IM3, IE */
	c->pc = 0x80000400u;
	assert_int_equal(cpu_run_system(c, 100), CPU_STOP_LIMIT);
	assert_int_equal(c->r[9], 0x5a);
	assert_int_equal(c->r[10], 0);                       /* nothing after the lw ran */
	assert_int_equal(cpu_cp0_get(c, 14, 0), 0x80000408u); /* EPC: right after it */
	assert_int_equal(cpu_sys_stats(c)->irq[3], 1);
	cpu_free(c);
	free(d.ram);
}

int main(void)
{
	const struct CMUnitTest direct[] = {
		cmocka_unit_test(test_reset_state),
		cmocka_unit_test(test_timer),
		cmocka_unit_test(test_irq_not_in_slot),
		cmocka_unit_test(test_exc_hook),
		cmocka_unit_test(test_contexts),
		cmocka_unit_test(test_irq_from_device_read),
	};
	int r = cmocka_run_group_tests_name("system cpu", direct, NULL, NULL);
	return r ? 1 : 0;
}
