/*
 * test_sys_baremetal.c - the system-mode CPU against qemu-system-mipsel:
 * every freestanding test kernel in guests/sys/ (one .c file each besides
 * rt.c, linked with start.S and rt.c by guests/sys/sys.ld) is built at test
 * time and run under
 *
 *   qemu-system-mipsel -M malta -cpu 24Kf -m 64 -nographic -no-reboot
 *                      -kernel K -d int -D LOG
 *
 * and under cpu_run_system with a minimal bus of its own (test scaffolding,
 * not a board: RAM, the 16550's THR and LSR at ISA port 0x3f8, SOFTRES at
 * 0x1f000500).  The console output must be identical byte for byte, the
 * run must end by SOFTRES, and the counts of synchronous exceptions by
 * ExcCode and of TLB refills (from QEMU's "-d int" log: one
 * "mips_cpu_do_interrupt: PC <vector> EPC .. cause N" line per exception,
 * a refill when the vector is at offset 0x000) must be equal.  QEMU does not
 * log interrupts, so those are compared through the console only.
 *
 * Also: direct checks of the CPU's time, timer and idle accounting, the
 * reset state, and the statistics (cpu_sys_stats) on a small program.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>

#include <cmocka.h>

#include "sys_harness.h"

static char tmpdir[256];
static const char *top;

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static char *slurp_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	*len = fread(b, 1, (size_t)n, f);
	fclose(f);
	b[*len] = 0;
	return b;
}

/* ---- the differential test ---------------------------------------------- */

struct qcounts {
	uint64_t exc[32], refills;
};

static void parse_qemu_log(const char *path, struct qcounts *q)
{
	memset(q, 0, sizeof(*q));
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[512];
	while (fgets(line, sizeof(line), f)) {
		unsigned pc, epc;
		int cause;
		if (sscanf(line, "mips_cpu_do_interrupt: PC %x EPC %x cause %d", &pc, &epc, &cause) == 3 &&
		    cause >= 0 && cause < 32) {
			q->exc[cause]++;
			if ((cause == 2 || cause == 3) && (pc & 0xfffu) == 0)
				q->refills++;
		}
	}
	fclose(f);
}

static void check_kernel(const char *name)
{
	char k[512], path[600];
	snprintf(k, sizeof(k), "%s/%s", tmpdir, name);
	if (sh("cd %s/guests/sys && mipsel-linux-gnu-gcc -ffreestanding -nostdlib -fno-pic -mno-abicalls -G0 "
	       "-no-pie -O2 -march=mips32r2 -Wall -Werror -T sys.ld -o %s start.S rt.c %s.c -lgcc",
	       top, k, name))
		fail_msg("%s: compile failed", name);
	int rc = sh("timeout 60 qemu-system-mipsel -M malta -cpu 24Kf -m 64 -nographic -no-reboot "
	            "-kernel %s -d int -D %s.qlog </dev/null >%s.qout 2>%s.qerr", k, k, k, k);
	assert_int_equal(rc, 0);
	size_t qlen = 0;
	snprintf(path, sizeof(path), "%s.qout", k);
	char *qout = slurp_file(path, &qlen);
	assert_non_null(qout);
	struct qcounts q;
	snprintf(path, sizeof(path), "%s.qlog", k);
	parse_qemu_log(path, &q);

	struct board *b = malloc(sizeof(*b));
	cpu *c = boot(b, k, 16);
	assert_non_null(c);
	assert_int_equal(run(c, b, 2000000000ull), 0);
	const struct cpu_sys_stats *st = cpu_sys_stats(c);
	fprintf(stderr, "%s: %llu instructions (%llu user), %llu exceptions, %llu refills; qemu %llu refills\n",
	        name, (unsigned long long)c->insns, (unsigned long long)st->user_insns,
	        (unsigned long long)(st->exc[2] + st->exc[3] + st->exc[1] + st->exc[8]),
	        (unsigned long long)st->tlb_refills, (unsigned long long)q.refills);
	if (b->outlen != qlen || memcmp(b->out, qout, qlen) != 0) {
		fprintf(stderr, "--- qemu:\n%s\n--- vmmsim:\n%.*s\n", qout, (int)b->outlen, b->out);
		fail_msg("%s: console output differs", name);
	}
	assert_true(b->reset);
	for (unsigned i = 1; i < 32; i++) {
		if (st->exc[i] != q.exc[i])
			fail_msg("%s: ExcCode %u (%s): vmmsim %llu, qemu %llu", name, i,
			         cpu_exc_name(i) ? cpu_exc_name(i) : "?", (unsigned long long)st->exc[i],
			         (unsigned long long)q.exc[i]);
	}
	assert_int_equal(st->tlb_refills, q.refills);
	cpu_free(c);
	free(b->ram);
	free(b);
	free(qout);
}

static void test_kernels(void **state)
{
	(void)state;
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/guests/sys", top);
	DIR *d = opendir(dir);
	assert_non_null(d);
	char *names[64];
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < 64) {
		size_t l = strlen(de->d_name);
		if (l > 2 && strcmp(de->d_name + l - 2, ".c") == 0 && strcmp(de->d_name, "rt.c") != 0) {
			names[n] = strdup(de->d_name);
			names[n][l - 2] = 0;
			n++;
		}
	}
	closedir(d);
	assert_true(n >= 4);
	for (int i = 0; i < n; i++) {
		check_kernel(names[i]);
		free(names[i]);
	}
}

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
	c = bare(b, 64);
	assert_int_equal(cpu_cp0_get(c, 16, 1) >> 25 & 63, 63);
	cpu_free(c);
	c = bare(b, 48);
	assert_int_equal(cpu_cp0_get(c, 16, 1) >> 25 & 63, 47);
	cpu_free(c);
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

int main(void)
{
	top = getenv("TOP") ? getenv("TOP") : ".";
	const struct CMUnitTest direct[] = {
		cmocka_unit_test(test_reset_state),
		cmocka_unit_test(test_timer),
		cmocka_unit_test(test_irq_not_in_slot),
	};
	int r = cmocka_run_group_tests_name("system cpu", direct, NULL, NULL);
	if (sh("mipsel-linux-gnu-gcc --version >/dev/null 2>&1 && qemu-system-mipsel -version >/dev/null 2>&1")) {
		fprintf(stderr, "mipsel-linux-gnu-gcc or qemu-system-mipsel not installed\n");
		return r ? 1 : 77;
	}
	snprintf(tmpdir, sizeof(tmpdir), "%s/vmmsim-sys.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir))
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernels),
	};
	r |= cmocka_run_group_tests_name("bare-metal kernels vs qemu-system-mipsel", tests, NULL, NULL);
	sh("rm -rf %s", tmpdir);
	return r ? 1 : 0;
}
