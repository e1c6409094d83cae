/*
 * test_cpu_random.c - the CPU executing garbage: seeded random instruction
 * words (biased towards real opcodes) with registers pointing into mapped
 * memory, in both byte orders.  Every stop is handled the way an OS would
 * (skip the faulting instruction), so the run goes on through faults,
 * traps and reserved instructions.  Checks: no crash (and no sanitizer
 * report under ASan/UBSan), and the build with events and the build
 * without end in exactly the same state (registers, HI/LO, FPU, memory,
 * instruction count), with one fetch record per counted instruction.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cpu/cpu.h"
#include "cpu/isa.h"
#include "cpu/mem.h"

#define CODE 0x00400000u
#define CODE_LEN 0x4000u
#define DATA 0x10000000u
#define DATA_LEN 0x4000u

static uint32_t rng(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

struct run {
	mem *m;
	cpu *c;
	uint64_t fetches, stops[8];
};

static void setup(struct run *r, uint32_t seed, int big)
{
	memset(r, 0, sizeof(*r));
	r->m = mem_new();
	mem_map(r->m, CODE, CODE_LEN, MEM_R | MEM_X);
	mem_map(r->m, DATA, DATA_LEN, MEM_R | MEM_W);
	uint32_t s = seed;
	for (uint32_t a = CODE; a < CODE + CODE_LEN; a += 4) {
		uint32_t w = rng(&s);
		/* half the words: a real table row with random operand fields */
		if (w & 1) {
			const isa_info *t = &isa_table[1 + rng(&s) % (ISA_NOPS - 1)];
			w = t->match | (rng(&s) & ~t->mask);
			/* keep most branches short and most memory offsets small */
			if ((w >> 26) != 2 && (w >> 26) != 3)
				w = (w & 0xffff0000u) | (w & 0x00ff);
		}
		uint8_t b[4];
		for (int i = 0; i < 4; i++)
			b[i] = (uint8_t)(big ? w >> (24 - 8 * i) : w >> (8 * i));
		mem_write_force(r->m, a, b, 4);
	}
	r->c = cpu_new(r->m, big);
	r->c->pc = CODE;
	for (int i = 1; i < 32; i++)
		r->c->r[i] = DATA + (rng(&s) % DATA_LEN & ~7u);
}

static void go(struct run *r, int events, uint64_t total)
{
	trace_rec ev[16];
	if (events) {
		r->c->ev = ev;
		r->c->ev_cap = 16;
	}
	while (r->c->insns < total) {
		/* odd budgets: stops fall anywhere, between branches and slots too */
		uint64_t chunk = 1 + r->c->insns % 13 * (events ? 3 : 5);
		int s = cpu_run(r->c, total - r->c->insns < chunk ? total - r->c->insns : chunk);
		for (uint32_t i = 0; i < r->c->ev_len; i++) {
			assert_true(ev[i].kind <= TK_STORE);
			if (ev[i].kind == TK_FETCH)
				r->fetches++;
			else
				assert_true((ev[i].addr >= DATA && ev[i].addr + ev[i].arg <= DATA + DATA_LEN) ||
				            (ev[i].kind == TK_LOAD && ev[i].addr >= CODE &&
				             ev[i].addr + ev[i].arg <= CODE + CODE_LEN));
		}
		r->c->ev_len = 0;
		assert_true(s >= CPU_STOP_SYSCALL && s <= CPU_STOP_EVFULL);
		r->stops[s]++;
		if (s == CPU_STOP_EXC || s == CPU_STOP_BREAK || s == CPU_STOP_TRAP) {
			uint32_t next = r->c->insn_pc + 4;
			if (r->c->exc == CPU_EXC_TLBL && r->c->badvaddr == r->c->insn_pc)
				next = CODE + (r->c->insn_pc & (CODE_LEN - 4)); /* fetch fault: back in */
			if (next < CODE || next >= CODE + CODE_LEN)
				next = CODE;
			r->c->pc = next;
		} else if (s == CPU_STOP_SYSCALL && (r->c->pc < CODE || r->c->pc >= CODE + CODE_LEN)) {
			r->c->pc = CODE;
		}
	}
}

static void compare(uint32_t seed, int big)
{
	struct run a, b;
	setup(&a, seed, big);
	setup(&b, seed, big);
	cpu_set_stats(a.c, 1); /* the statistics build must not change anything either */
	go(&a, 0, 200000);
	go(&b, 1, 200000);
	assert_int_equal(a.c->insns, b.c->insns);
	assert_int_equal(b.fetches, b.c->insns);
	assert_memory_equal(a.c->r, b.c->r, sizeof(a.c->r));
	assert_int_equal(a.c->hi, b.c->hi);
	assert_int_equal(a.c->lo, b.c->lo);
	assert_int_equal(a.c->pc, b.c->pc);
	assert_int_equal(cpu_fcsr(a.c), cpu_fcsr(b.c));
	for (unsigned i = 0; i < 32; i++)
		assert_int_equal(cpu_fpr(a.c, i), cpu_fpr(b.c, i));
	static uint8_t da[DATA_LEN], db[DATA_LEN];
	assert_int_equal(mem_read(a.m, DATA, da, DATA_LEN), 0);
	assert_int_equal(mem_read(b.m, DATA, db, DATA_LEN), 0);
	assert_memory_equal(da, db, DATA_LEN);
	/* every executed instruction is counted once (annulled slots are
	 * counted in insns but not executed) */
	uint64_t cls[ISA_NCLASSES], sum = 0, sumb = 0;
	cpu_class_counts(a.c, cls, ISA_NCLASSES);
	for (unsigned i = 0; i < ISA_NCLASSES; i++)
		sum += cls[i];
	assert_true(sum <= a.c->insns && sum > a.c->insns / 2);
	cpu_class_counts(b.c, cls, ISA_NCLASSES);
	for (unsigned i = 0; i < ISA_NCLASSES; i++)
		sumb += cls[i];
	assert_int_equal(sumb, 0); /* statistics off */
	/* the garbage did reach the interesting paths */
	assert_true(a.stops[CPU_STOP_EXC] > 10);
	assert_true(a.stops[CPU_STOP_LIMIT] > 10);
	cpu_free(a.c);
	cpu_free(b.c);
	mem_free(a.m);
	mem_free(b.m);
}

static void test_random_le(void **state)
{
	(void)state;
	for (uint32_t seed = 1; seed <= 6; seed++)
		compare(seed * 2654435761u, 0);
}

static void test_random_be(void **state)
{
	(void)state;
	for (uint32_t seed = 1; seed <= 6; seed++)
		compare(seed * 40503u + 7, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_le),
		cmocka_unit_test(test_random_be),
	};
	return cmocka_run_group_tests_name("cpu random words", tests, NULL, NULL);
}
