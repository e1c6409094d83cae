/*
 * test_shadow.c - software-TLB configurations riding on a virt machine
 * (sweep/shadow.h) against direct swtlb replays of each configuration,
 * field by field, on seeded random record streams: fully associative
 * (stack distances) and set-associative, with page-table updates and
 * unmaps (invalidations), address-space switches, system calls, the
 * cycle-driven timer, kernel references (native parting from the monitor
 * modes), machine switches, several hardware TLB sizes and policies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "machine/model.h"
#include "replay/replay.h"
#include "sweep/shadow.h"

static uint64_t rs;
static uint64_t rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return rs;
}

/* A stream of n records: a program wandering over `pages` data pages and
 * 64 code pages in phases, with PTE updates, unmaps, ASID switches and
 * system calls. */
static trace_rec *stream(uint64_t seed, size_t n, unsigned pages, unsigned upd_permille, int kernel)
{
	trace_rec *r = calloc(n, sizeof *r);
	rs = seed * 0x9e3779b97f4a7c15ULL + 7;
	uint64_t pc = 0x400000;
	unsigned asid = 1, hot = pages / 8 + 1, base = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = rnd();
		if (i % 5000 == 0)
			base = (unsigned)(rnd() % pages); /* a new phase */
		unsigned k = (unsigned)(x % 1000);
		if (k < upd_permille) {
			uint64_t pg = (base + rnd() % hot) % pages;
			if (x & 0x10000)
				r[i] = (trace_rec){.kind = TK_UNMAP, .x = (uint16_t)asid, .addr = 0x10000000 + pg * 4096};
			else
				r[i] = (trace_rec){.kind = TK_PTE, .x = (uint16_t)asid, .addr = 0x10000000 + pg * 4096,
				                   .arg = (uint32_t)(1000 + rnd() % 5000), .sub = TPTE_VALID | ((x >> 20) & 1 ? TPTE_DIRTY : 0)};
		} else if (k < upd_permille + 2) {
			asid = 1 + (unsigned)(rnd() % 3);
			r[i] = (trace_rec){.kind = TK_ASID, .arg = asid};
		} else if (k < upd_permille + 4) {
			r[i] = (trace_rec){.kind = TK_TRAP, .sub = TTRAP_SYSCALL, .arg = 4004};
		} else if (kernel && k < upd_permille + 14) {
			/* the kernel: kseg0 references (mapped under the monitor,
			 * so native and the monitor modes part), privileged
			 * operations, page zeroing, now and then another VM */
			unsigned z = (unsigned)(rnd() % 4);
			if (z == 0)
				r[i] = (trace_rec){.kind = TK_LOAD, .addr = 0x80001000 + (rnd() % 64) * 4096, .arg = 4};
			else if (z == 1)
				r[i] = (trace_rec){.kind = TK_PRIV, .sub = TPRIV_MTC0, .x = 12 * 8};
			else if (z == 2)
				r[i] = (trace_rec){.kind = TK_ZERO, .arg = (uint32_t)(2000 + rnd() % 100)};
			else
				r[i] = (trace_rec){.kind = TK_VM, .arg = (uint32_t)(rnd() % 2)};
		} else if (k < 500) {
			if (x & 0x100000)
				pc = 0x400000 + (rnd() % 64) * 4096 + (rnd() % 1024) * 4;
			else
				pc += 4;
			r[i] = (trace_rec){.kind = TK_FETCH, .addr = pc, .arg = 4};
		} else {
			uint64_t pg = (x >> 32) % 8 ? (base + rnd() % hot) % pages : rnd() % pages;
			uint64_t a = 0x10000000 + pg * 4096 + (rnd() % 4096);
			r[i] = (trace_rec){.kind = (x >> 24) % 3 ? TK_LOAD : TK_STORE, .addr = a,
			                   .arg = (x >> 40) % 7 ? 4 : 8};
		}
	}
	return r;
}

static void same_result(const replay_result *a, const replay_result *b, const char *what)
{
#define EQ(f) if (a->f != b->f) fail_msg("%s: %s %llu != direct %llu", what, #f, \
		(unsigned long long)a->f, (unsigned long long)b->f)
	EQ(instructions); EQ(references); EQ(base_cycles); EQ(cycles); EQ(tlb_misses);
	EQ(tlb_miss_cycles); EQ(kseg_misses); EQ(page_faults); EQ(swtlb_hits); EQ(swtlb_misses);
#undef EQ
	for (unsigned h = 0; h < HOP_N; h++)
		if (a->hops.count[h] != b->hops.count[h] || a->hops.cycles[h] != b->hops.cycles[h])
			fail_msg("%s: hop %s %llu/%llu != direct %llu/%llu", what, ledger_hop_name(h),
			         (unsigned long long)a->hops.count[h], (unsigned long long)a->hops.cycles[h],
			         (unsigned long long)b->hops.count[h], (unsigned long long)b->hops.cycles[h]);
	if (a->slowdown != b->slowdown)
		fail_msg("%s: slowdown %.9f != direct %.9f", what, a->slowdown, b->slowdown);
}

/* The built-in model with a fast timer (every 20000 cycles), so that
 * capacities differ in timer interrupts. */
static model fast_timer;

/* Options of a check; 0 everywhere: as the model says. */
typedef struct opts {
	int fast_timer;
	int64_t tlb_entries;
	int tlb_policy;              /* enum tlb_policy + 1 */
	int pairs, tlb_mod, kseg_mapped; /* 1: off, 2: on */
	uint64_t seed;
} opts;
#define OPTS(...) (&(const opts){__VA_ARGS__})

static void check(uint64_t seed, size_t n, unsigned pages, unsigned upd, const opts *x,
                  int expect_timer, int kernel)
{
	trace_rec *recs = stream(seed, n, pages, upd, kernel);
	static const shadow_cfg cfgs[] = {
		{1, 0}, {4, 0}, {8, 0}, {16, 0}, {32, 0}, {64, 0}, {128, 0}, {1024, 0}, {SHADOW_INF, 0},
		{8, 2}, {16, 4}, {64, 4}, {64, 8}, {128, 1}, {0, 0},
	};
	const size_t ncfg = sizeof cfgs / sizeof *cfgs;
	char err[512];
	replay_opts o;
	replay_opts_init(&o);
	int nextra = 0;
	if (x) {
		o.model = x->fast_timer ? &fast_timer : NULL;
		if (x->tlb_entries)
			o.tlb_entries = x->tlb_entries;
		o.tlb_policy = x->tlb_policy - 1;
		o.pairs = x->pairs - 1;
		o.tlb_mod = x->tlb_mod - 1;
		o.kseg_mapped = x->kseg_mapped - 1;
		if (x->seed)
			o.seed = x->seed;
		nextra = 1;
	}
	replay *sw;
	assert_int_equal(replay_new(&sw, &o, REPLAY_MODE_BIT(REPLAY_NATIVE) | REPLAY_MODE_BIT(REPLAY_VIRT), 1, err, sizeof err), 0);
	assert_int_equal(shadow_attach(sw, cfgs, ncfg, err, sizeof err), 0);
	replay *direct[sizeof cfgs / sizeof *cfgs];
	for (size_t c = 0; c < ncfg; c++) {
		replay_opts d = o;
		/* unbounded: more entries than there are pages in the stream */
		d.swtlb_entries = cfgs[c].entries == SHADOW_INF ? 1 << 16 : cfgs[c].entries;
		d.swtlb_assoc = cfgs[c].assoc;
		if (replay_new(&direct[c], &d, REPLAY_ALL, 1, err, sizeof err))
			fail_msg("%s", err);
	}
	for (size_t i = 0; i < n; i += 777) {
		size_t k = n - i < 777 ? n - i : 777;
		replay_feed(sw, recs + i, k);
		for (size_t c = 0; c < ncfg; c++)
			replay_feed(direct[c], recs + i, k);
	}
	replay_finish(sw);
	uint64_t hits_small = 0, hits_inf = 0;
	for (size_t c = 0; c < ncfg; c++) {
		replay_finish(direct[c]);
		replay_result a, b;
		assert_int_equal(shadow_result(sw, c, &a), 0);
		assert_int_equal(replay_get_result(direct[c], REPLAY_SWTLB, 0, &b), 0);
		char what[128];
		snprintf(what, sizeof what, "seed %llu, %u entries, assoc %u",
		         (unsigned long long)seed, cfgs[c].entries, cfgs[c].assoc);
		same_result(&a, &b, what);
		if (cfgs[c].entries == 4 && cfgs[c].assoc == 0)
			hits_small = a.swtlb_hits;
		if (cfgs[c].entries == SHADOW_INF)
			hits_inf = a.swtlb_hits;
		replay_free(direct[c]);
	}
	/* the stream exercises the software TLB (capacities matter) and the
	 * timer fires a different number of times across capacities */
	assert_true(hits_small < hits_inf);
	replay_result v;
	assert_int_equal(replay_get_result(sw, REPLAY_VIRT, 0, &v), 0);
	if (expect_timer)
		assert_true(v.hops.count[HOP_TIMER] > 10);
	/* with a kernel (and kseg mapped, the default) the monitor took kseg
	 * misses, so native went its own way */
	if (kernel && nextra == 0)
		assert_true(v.kseg_misses > 0 && v.hops.count[HOP_MACHINE_SWITCH] > 0);
	shadow_detach(sw);
	replay_free(sw);
	free(recs);
}

static int setup(void **st)
{
	(void)st;
	char err[256];
	if (model_load_default(&fast_timer, err, sizeof err))
		return -1;
	fast_timer.timer_period = 20000;
	return 0;
}

static void test_default_model(void **st)
{
	(void)st;
	check(1, 100000, 400, 3, NULL, 0, 0);
}

static void test_fast_timer(void **st)
{
	(void)st;
	check(2, 100000, 150, 10, OPTS(.fast_timer = 1), 1, 0);
	check(6, 100000, 700, 2, OPTS(.fast_timer = 1, .tlb_entries = 16), 1, 0);
}

/* A kernel in the stream: native parts from the monitor modes at the
 * first kseg0 reference (the engine splits the shared machine), machine
 * switches flush the TLB, page zeroing and privileged operations. */
static void test_kernel(void **st)
{
	(void)st;
	check(7, 100000, 300, 3, NULL, 0, 1);
	check(8, 100000, 300, 3, OPTS(.fast_timer = 1, .tlb_entries = 24), 1, 1);
}

static void test_options(void **st)
{
	(void)st;
	check(3, 60000, 300, 5, OPTS(.tlb_policy = TLB_LRU + 1, .pairs = 1, .tlb_entries = 16), 0, 0);
	check(4, 60000, 300, 5, OPTS(.tlb_policy = TLB_FIFO + 1, .tlb_entries = 8, .tlb_mod = 1), 0, 0);
	check(5, 60000, 600, 1, OPTS(.kseg_mapped = 1, .tlb_entries = 32, .seed = 9), 0, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_model),
		cmocka_unit_test(test_fast_timer),
		cmocka_unit_test(test_kernel),
		cmocka_unit_test(test_options),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
