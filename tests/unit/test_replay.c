/*
 * test_replay.c - the machine models fed trace_rec arrays directly: each
 * flow's hop counts against hand-worked cases, the invariants between the
 * modes on seeded random streams, batch independence, the calibration of
 * models/origin200.ini.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "replay/replay.h"

#define H(x) (res->hops.count[HOP_##x])

static trace_rec R(unsigned kind, uint64_t addr, uint32_t arg)
{
	trace_rec r = {.addr = addr, .arg = arg, .kind = (uint8_t)kind};
	return r;
}

static replay *mk(replay_opts *o, unsigned modes)
{
	replay *r;
	char err[512];
	if (replay_new(&r, o, modes, 1, err, sizeof err))
		fail_msg("%s", err);
	return r;
}

static void run(replay *r, const trace_rec *recs, size_t n, size_t chunk)
{
	for (size_t i = 0; i < n; i += chunk)
		replay_feed(r, recs + i, n - i < chunk ? n - i : chunk);
	replay_finish(r);
}

static replay_result get(replay *r, unsigned mode)
{
	replay_result x;
	assert_int_equal(replay_get_result(r, mode, -1, &x), 0);
	return x;
}

/* --- hand-worked flows ---------------------------------------------------- */

static void test_native_flow(void **state)
{
	(void)state;
	replay_opts o;
	replay_opts_init(&o);
	o.pairs = 0;
	o.tlb_policy = TLB_LRU;
	o.tlb_entries = 4;
	trace_rec s[] = {
		R(TK_FETCH, 0x1000, 4), /* page 1: miss, fault (clean) */
		R(TK_LOAD, 0x2000, 4),  /* page 2: miss, fault (clean) */
		R(TK_FETCH, 0x1004, 4), /* hit */
		R(TK_STORE, 0x3000, 4), /* page 3: miss, fault (dirty) */
		R(TK_STORE, 0x2008, 4), /* page 2: hit, tlb_mod */
		R(TK_LOAD, 0x3ffe, 4),  /* spans pages 3 and 4: page 4 miss, fault */
	};
	replay *r = mk(&o, REPLAY_ALL);
	run(r, s, 6, 6);
	replay_result x = get(r, REPLAY_NATIVE), *res = &x;
	const model *m = replay_get_model(r);
	assert_int_equal(x.instructions, 2);
	assert_int_equal(x.references, 6);
	assert_int_equal(x.tlb_misses, 4);
	assert_int_equal(x.page_faults, 4);
	assert_int_equal(H(OS_REFILL), 4);
	assert_int_equal(H(PAGE_FAULT), 4);
	assert_int_equal(H(PAGE_ZERO), 4);
	assert_int_equal(H(TLB_MOD), 1);
	assert_int_equal(H(EXC_ENTRY), 4 + 4 + 1);
	assert_int_equal(H(TLB_WRITE), 4 + 4 + 1);
	assert_int_equal(H(ERET), 4 + 4 + 1);
	assert_int_equal(H(PRIV_OP), 4 * m->page_fault_priv_ops + m->tlb_mod_priv_ops);
	assert_int_equal(x.tlb_miss_cycles, 4 * (m->cost[HOP_EXC_ENTRY] + m->cost[HOP_OS_REFILL] +
	                                         m->cost[HOP_TLB_WRITE] + m->cost[HOP_ERET]));
	assert_int_equal(x.cycles, 3 /* 2 x 1.5 */ + ledger_total(&x.hops));
	assert_int_equal(x.hops.cycles[HOP_PAGE_ZERO], 4 * 4 * m->cost[HOP_PAGE_ZERO]);

	replay_result v = get(r, REPLAY_VIRT);
	res = &v;
	assert_int_equal(v.tlb_misses, 4);
	assert_int_equal(H(VMM_MISS), 4);
	assert_int_equal(H(REFLECT), 4);
	assert_int_equal(H(GUEST_REFILL), 4);
	assert_int_equal(H(RETT), 4);
	assert_int_equal(H(TRAP_TLBWRITE), 4 + 4 + 1);
	assert_int_equal(H(EXC_REFLECT), 4 + 1);
	assert_int_equal(H(EXC_RETT), 4 + 1);
	assert_int_equal(H(VMM_PAGE_ALLOC), 4);
	assert_int_equal(H(VMM_PAGE_ZERO), 4);
	assert_int_equal(H(PAGE_ZERO), 4); /* the guest zeroes too */
	assert_int_equal(H(TRAP_PRIV), 4 * m->page_fault_priv_ops + m->tlb_mod_priv_ops);
	assert_int_equal(H(OS_REFILL) + H(TLB_WRITE) + H(ERET) + H(PRIV_OP), 0);
	assert_true(v.cycles > x.cycles);

	replay_result w = get(r, REPLAY_SWTLB);
	res = &w;
	assert_int_equal(w.swtlb_hits, 0); /* every miss is a first touch */
	assert_int_equal(w.swtlb_misses, 4);
	assert_int_equal(H(SWTLB_LOOKUP), 4);
	assert_int_equal(H(SWTLB_INSERT), H(TRAP_TLBWRITE));
	replay_free(r);
}

static void test_syscall_asid(void **state)
{
	(void)state;
	replay_opts o;
	replay_opts_init(&o);
	trace_rec s[] = {
		R(TK_FETCH, 0x400000, 4),
		R(TK_TRAP, 0, 4003),      /* read: per-number cost */
		R(TK_TRAP, 0, 4999),      /* default cost */
		R(TK_ASID, 0, 5),         /* context switch */
		R(TK_FETCH, 0x400000, 4), /* other address space: miss and fault */
		R(TK_ASID, 0, 5),         /* no change */
		R(TK_TRAP, 0, 7),         /* unused */
	};
	s[1].sub = TTRAP_SYSCALL;
	s[2].sub = TTRAP_SYSCALL;
	s[6].sub = TTRAP_INTERRUPT;
	replay *r = mk(&o, REPLAY_ALL);
	run(r, s, 7, 1);
	const model *m = replay_get_model(r);
	replay_result x = get(r, REPLAY_NATIVE), *res = &x;
	assert_int_equal(H(SYSCALL), 2);
	assert_int_equal(x.hops.cycles[HOP_SYSCALL], 1500 + m->cost[HOP_SYSCALL]);
	assert_int_equal(H(CONTEXT_SWITCH), 1);
	assert_int_equal(H(INTERRUPT), 1);
	assert_int_equal(x.tlb_misses, 2);
	assert_int_equal(x.page_faults, 2);
	assert_int_equal(H(PRIV_OP), 2 * m->syscall_priv_ops + m->context_switch_priv_ops +
	                                  2 * m->page_fault_priv_ops);
	assert_int_equal(H(EXC_ENTRY), 3 + 2 + 2);
	replay_result v = get(r, REPLAY_VIRT);
	res = &v;
	assert_int_equal(H(SYSCALL_REFLECT), 2);
	assert_int_equal(H(SYSCALL_RETT), 2);
	assert_int_equal(H(SYSCALL), 2);
	assert_int_equal(H(EXC_REFLECT), 1 + 2);
	assert_int_equal(H(TRAP_PRIV), 2 * m->syscall_priv_ops + m->context_switch_priv_ops +
	                                   2 * m->page_fault_priv_ops);
	replay_free(r);
}

/* Traced exceptions: TLBL/TLBS are page faults, Mod a TLB-modified
 * exception, others the generic handler; with the OS's code in the stream
 * only the entry (and reflection) is charged, the return at the eret. */
static void test_traced_exceptions(void **state)
{
	(void)state;
	trace_rec s[] = {
		R(TK_TRAP, 0, 2), R(TK_ZERO, 0, 5), R(TK_PTE, 0x5000, 5),
		R(TK_LOAD, 0x5000, 4), R(TK_TRAP, 0, 1), R(TK_TRAP, 0, 10),
		R(TK_MODE, 0, 0), R(TK_TRAP, 0, 3), R(TK_PRIV, 0, 0), R(TK_TRAP, 0, 4004),
		R(TK_PRIV, 0, 0),
	};
	for (int i = 0; i < 11; i++)
		if (s[i].kind == TK_TRAP)
			s[i].sub = TTRAP_EXCEPTION;
	s[9].sub = TTRAP_SYSCALL;
	s[2].sub = TPTE_VALID | TPTE_DIRTY;
	s[6].sub = TMODE_KERNEL; /* from here the OS's code is in the stream */
	s[8].sub = TPRIV_ERET;
	s[10].sub = TPRIV_ERET;
	replay_opts o;
	replay_opts_init(&o);
	replay *r = mk(&o, REPLAY_ALL);
	run(r, s, 11, 11);
	const model *m = replay_get_model(r);
	replay_result x = get(r, REPLAY_NATIVE), *res = &x;
	assert_int_equal(x.page_faults, 2);
	assert_int_equal(H(PAGE_FAULT), 1); /* the second one's body is traced */
	assert_int_equal(H(TLB_MOD), 1);
	assert_int_equal(H(EXCEPTION), 1);
	assert_int_equal(H(EXC_ENTRY), 5 + 1 /* the load's refill */);
	assert_int_equal(H(ERET), 3 + 2 + 1);
	assert_int_equal(H(SYSCALL), 0);
	assert_int_equal(x.tlb_misses, 1);
	assert_int_equal(H(PRIV_OP), m->page_fault_priv_ops + m->tlb_mod_priv_ops + 1 /* tlbp */);
	replay_result v = get(r, REPLAY_VIRT);
	res = &v;
	assert_int_equal(H(EXC_REFLECT), 4);
	assert_int_equal(H(SYSCALL_REFLECT), 1);
	assert_int_equal(H(EXC_RETT), 3 + 1);
	assert_int_equal(H(SYSCALL_RETT), 1);
	assert_int_equal(H(VMM_PAGE_ALLOC), 1); /* frame 5, at the zeroing */
	replay_free(r);
}

static void test_kseg(void **state)
{
	(void)state;
	trace_rec s[] = {
		R(TK_LOAD, 0x80001000, 4), R(TK_LOAD, 0x80001004, 4),
		R(TK_STORE, 0xa0002000, 4), R(TK_LOAD, 0x00400000, 4),
	};
	for (int mapped = 0; mapped < 2; mapped++) {
		replay_opts o;
		replay_opts_init(&o);
		o.kseg_mapped = mapped;
		replay *r = mk(&o, REPLAY_ALL);
		replay_set_source(r, 0, 32, 0);
		run(r, s, 4, 4);
		replay_result x = get(r, REPLAY_NATIVE), v = get(r, REPLAY_VIRT), *res = &v;
		assert_int_equal(x.tlb_misses, 1);
		assert_int_equal(x.kseg_misses, 0);
		assert_int_equal(v.tlb_misses, 1);
		/* 0x80001000 and 0xa0002000 are in different pairs */
		assert_int_equal(v.kseg_misses, mapped ? 2 : 0);
		assert_int_equal(H(KSEG_MISS), mapped ? 2 : 0);
		/* guest frames 1 and 2 backed on first touch, plus the user page's */
		assert_int_equal(H(VMM_PAGE_ALLOC), mapped ? 3 : 1);
		replay_free(r);
	}
	/* a 64-bit trace: 0x80001000 is an ordinary user address */
	replay_opts o;
	replay_opts_init(&o);
	replay *r = mk(&o, REPLAY_ALL);
	replay_set_source(r, 0, 64, 0);
	run(r, s, 4, 4);
	replay_result v = get(r, REPLAY_VIRT);
	assert_int_equal(v.kseg_misses, 0);
	assert_int_equal(v.tlb_misses, 3);
	replay_free(r);
}

static void test_pte_records(void **state)
{
	(void)state;
	replay_opts o;
	replay_opts_init(&o);
	o.pairs = 0;
	trace_rec s[] = {
		R(TK_PTE, 0x5000, 77),   /* map page 5 -> frame 77 (valid, dirty) */
		R(TK_LOAD, 0x5000, 4),   /* miss, no fault */
		R(TK_STORE, 0x5004, 4),  /* hit, dirty: no tlb_mod */
		R(TK_UNMAP, 0x5000, 0),  /* invalidates the entry (tlbp + tlbwi) */
		R(TK_LOAD, 0x5000, 4),   /* miss and demand fault: reuses frame 77 */
		R(TK_ZERO, 0, 99),       /* traced zeroing of a new frame */
	};
	s[0].sub = TPTE_VALID | TPTE_DIRTY;
	replay *r = mk(&o, REPLAY_ALL);
	run(r, s, 6, 2);
	const model *m = replay_get_model(r);
	replay_result x = get(r, REPLAY_NATIVE), *res = &x;
	assert_int_equal(x.tlb_misses, 2);
	assert_int_equal(x.page_faults, 1);
	assert_int_equal(H(TLB_MOD), 0);
	/* PTE: tlbp (entry absent); UNMAP: tlbp + tlbwi; refills; fault */
	assert_int_equal(H(PRIV_OP), 2 + m->page_fault_priv_ops);
	assert_int_equal(H(TLB_WRITE), 1 + 2 + 1);
	assert_int_equal(H(PAGE_ZERO), 2);
	replay_result v = get(r, REPLAY_VIRT);
	res = &v;
	/* frames 77 (at the first refill's trapped write) and 99 */
	assert_int_equal(H(VMM_PAGE_ALLOC), 2);
	assert_int_equal(H(TRAP_TLBWRITE), 1 + 2 + 1);
	replay_free(r);
}

/* --- random streams: invariants between the modes ------------------------- */

static uint64_t rng(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static trace_rec *gen(uint64_t seed, size_t n, int os_records)
{
	trace_rec *s = calloc(n, sizeof *s);
	uint64_t st = seed * 2654435761u + 1;
	uint64_t pc = 0x400000;
	for (size_t i = 0; i < n; i++) {
		uint64_t x = rng(&st), k = x % 100;
		if (k < 45) {
			pc = (x >> 8) % 100 < 3 ? 0x400000 + ((x >> 16) % 64) * 4096 : pc + 4;
			s[i] = R(TK_FETCH, pc, 4);
		} else if (k < 90) {
			/* hot and cold data pages, some references spanning a page */
			uint64_t page = (x >> 8) % 10 < 7 ? (x >> 16) % 24 : (x >> 16) % 400;
			uint64_t off = (x >> 32) % 4096;
			s[i] = R(k < 75 ? TK_LOAD : TK_STORE, 0x10000000 + page * 4096 + off, 1u << ((x >> 40) % 4));
		} else if (k < 92) {
			s[i] = R(TK_TRAP, 0, 4000 + (uint32_t)(x >> 20) % 8);
			s[i].sub = (x >> 30) % 4 ? TTRAP_SYSCALL : TTRAP_INTERRUPT;
		} else if (k < 94) {
			s[i] = R(TK_ASID, 0, (uint32_t)(x >> 20) % 3);
		} else if (os_records && k < 96) {
			s[i] = R((x >> 20) % 2 ? TK_PTE : TK_UNMAP, 0x10000000 + ((x >> 24) % 400) * 4096,
			         (uint32_t)(x >> 40) % 5000);
			s[i].x = (uint16_t)((x >> 50) % 3);
			s[i].sub = TPTE_VALID | ((x >> 60) % 2 ? TPTE_DIRTY : 0);
		} else if (os_records && k < 97) {
			s[i] = R(TK_ZERO, 0, (uint32_t)(x >> 20) % 6000);
		} else {
			s[i] = R(TK_LOAD, 0x7fff0000 + (x >> 20) % 8192, 8);
		}
	}
	return s;
}

/* Every mode's complete result, as text (compared with strcmp). */
static char *dump(replay *r)
{
	size_t cap = 65536, len = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	for (unsigned md = 0; md < REPLAY_NMODES; md++) {
		replay_result x;
		if (replay_get_result(r, md, -1, &x))
			continue;
		len += (size_t)snprintf(s + len, cap - len, "%u %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %.17g",
		                        md, (unsigned long long)x.instructions, (unsigned long long)x.references,
		                        (unsigned long long)x.base_cycles, (unsigned long long)x.cycles,
		                        (unsigned long long)x.tlb_misses, (unsigned long long)x.tlb_miss_cycles,
		                        (unsigned long long)x.kseg_misses, (unsigned long long)x.page_faults,
		                        (unsigned long long)x.swtlb_hits, (unsigned long long)x.swtlb_misses,
		                        x.slowdown);
		for (unsigned h = 0; h < HOP_N; h++)
			len += (size_t)snprintf(s + len, cap - len, " %llu/%llu", (unsigned long long)x.hops.count[h],
			                        (unsigned long long)x.hops.cycles[h]);
		len += (size_t)snprintf(s + len, cap - len, "\n");
		assert_true(len < cap);
	}
	return s;
}

static void check_invariants(const replay_opts *o, const trace_rec *s, size_t n)
{
	replay *r = mk((replay_opts *)o, REPLAY_ALL);
	run(r, s, n, 4096);
	replay_result x = get(r, REPLAY_NATIVE), v = get(r, REPLAY_VIRT), w = get(r, REPLAY_SWTLB);
	assert_true(x.tlb_misses > 0);
	assert_int_equal(x.tlb_misses, v.tlb_misses);
	assert_int_equal(x.tlb_misses, w.tlb_misses);
	assert_int_equal(x.page_faults, v.page_faults);
	assert_int_equal(x.page_faults, w.page_faults);
	assert_true(v.cycles >= x.cycles);
	/* a software TLB that rarely hits costs its probes: it saves cycles
	 * once a fair share of the misses hit it */
	if (w.swtlb_hits * 2 >= w.tlb_misses)
		assert_true(w.cycles <= v.cycles);
	assert_int_equal(w.swtlb_hits + w.swtlb_misses, w.tlb_misses);
	const replay_result *res = &v;
	assert_int_equal(H(REFLECT), v.tlb_misses);
	assert_int_equal(H(GUEST_REFILL), v.tlb_misses);
	assert_int_equal(H(RETT), v.tlb_misses);
	assert_int_equal(H(VMM_MISS), v.tlb_misses);
	/* every native TLB write beyond the refills is a trapped write */
	assert_int_equal(H(TRAP_TLBWRITE) - H(REFLECT),
	                 x.hops.count[HOP_TLB_WRITE] - x.hops.count[HOP_OS_REFILL]);
	assert_int_equal(H(EXC_ENTRY) - H(TIMER),
	                 x.hops.count[HOP_EXC_ENTRY] - x.hops.count[HOP_TIMER]);
	assert_int_equal(H(EXC_REFLECT), v.page_faults + H(TLB_MOD) + H(TIMER) + H(INTERRUPT) + H(EXCEPTION));
	assert_int_equal(H(SYSCALL_REFLECT), x.hops.count[HOP_SYSCALL]);
	assert_int_equal(H(SYSCALL_RETT), x.hops.count[HOP_SYSCALL]);
	assert_int_equal(H(PAGE_ZERO), x.hops.count[HOP_PAGE_ZERO]);
	assert_int_equal(H(TLB_MOD), x.hops.count[HOP_TLB_MOD]);
	res = &w;
	assert_int_equal(H(REFLECT), w.swtlb_misses);
	assert_int_equal(H(SWTLB_HIT), w.swtlb_hits);
	/* the trapped writes of refills, faults and TLB-modified exceptions
	 * insert; those of page-table updates only invalidate */
	assert_int_equal(H(SWTLB_INSERT), H(REFLECT) + w.page_faults + H(TLB_MOD));
	char *a = dump(r);
	/* batch boundaries do not matter */
	replay *r2 = mk((replay_opts *)o, REPLAY_ALL);
	size_t i = 0, c = 1;
	while (i < n) {
		size_t k = n - i < c ? n - i : c;
		replay_feed(r2, s + i, k);
		i += k;
		c = c * 3 % 1000 + 1;
	}
	replay_finish(r2);
	char *b = dump(r2);
	assert_string_equal(a, b);
	free(b);
	replay_free(r2);
	/* each mode alone gives the same as all together */
	for (unsigned md = 0; md < REPLAY_NMODES; md++) {
		replay *r3 = mk((replay_opts *)o, REPLAY_MODE_BIT(md));
		run(r3, s, n, 1000);
		replay_result y = get(r3, md), z = get(r, md);
		assert_int_equal(y.cycles, z.cycles);
		assert_memory_equal(&y.hops, &z.hops, sizeof y.hops);
		replay_free(r3);
	}
	/* swtlb with no entries is virt exactly */
	replay_opts o0 = *o;
	o0.swtlb_entries = 0;
	replay *r4 = mk(&o0, REPLAY_ALL);
	run(r4, s, n, 777);
	replay_result z = get(r4, REPLAY_SWTLB);
	assert_int_equal(z.cycles, v.cycles);
	assert_memory_equal(&z.hops, &v.hops, sizeof z.hops);
	replay_free(r4);
	free(a);
	replay_free(r);
}

static void test_invariants(void **state)
{
	(void)state;
	static const struct {
		int policy, pairs, entries, swe, swa, os, tlbmod;
		uint64_t page;
	} cfg[] = {
		{TLB_RANDOM, 1, 48, 4096, 4, 0, 1, 4096},
		{TLB_LRU, 0, 16, 64, 0, 1, 1, 4096},
		{TLB_FIFO, 1, 8, 128, 2, 1, 0, 8192},
		{TLB_RANDOM, 0, 64, 32, 32, 1, 1, 1024},
		{TLB_LRU, 1, 32, 1024, 8, 0, 0, 16384},
	};
	for (unsigned c = 0; c < sizeof cfg / sizeof cfg[0]; c++) {
		replay_opts o;
		replay_opts_init(&o);
		o.tlb_policy = cfg[c].policy;
		o.pairs = cfg[c].pairs;
		o.tlb_entries = cfg[c].entries;
		o.swtlb_entries = cfg[c].swe;
		o.swtlb_assoc = cfg[c].swa;
		o.page_size = cfg[c].page;
		o.tlb_mod = cfg[c].tlbmod;
		o.seed = c + 5;
		size_t n = 200000;
		trace_rec *s = gen(c + 1, n, cfg[c].os);
		check_invariants(&o, s, n);
		free(s);
	}
}

/* One simulation of the hardware TLB shared by every mode gives exactly
 * the results of separate simulation, also where the modes' TLBs part
 * (mapped kseg0 references, VM switches) and the shared machine splits. */
static void test_shared_split(void **state)
{
	(void)state;
	size_t n = 120000;
	for (int variant = 0; variant < 3; variant++) {
		trace_rec *s = gen(variant + 11, n, 1);
		for (size_t i = n / 2; i < n; i += 97) {
			if (variant == 0)
				s[i] = R(TK_LOAD, 0x80000000 + (i % 500) * 4096, 4);
			else if (variant == 1 && i % 3 == 0)
				s[i] = R(TK_VM, 0, (uint32_t)(i % 2));
		}
		replay_opts o;
		replay_opts_init(&o);
		o.seed = 99;
		replay *a = mk(&o, REPLAY_ALL);
		replay_set_source(a, 0, 32, 0);
		run(a, s, n, 5000);
		o.shared_tlb = 0;
		replay *b = mk(&o, REPLAY_ALL);
		replay_set_source(b, 0, 32, 0);
		run(b, s, n, 3000);
		char *x = dump(a), *y = dump(b);
		assert_string_equal(x, y);
		replay_result v = get(a, REPLAY_VIRT), nat = get(a, REPLAY_NATIVE);
		if (variant == 0) {
			assert_true(v.kseg_misses > 0);
			assert_int_equal(nat.kseg_misses, 0);
		}
		if (variant == 1)
			assert_true(v.hops.count[HOP_MACHINE_SWITCH] > 0);
		free(x);
		free(y);
		replay_free(a);
		replay_free(b);
		free(s);
	}
}

/* --- the timer -------------------------------------------------------------- */

static void test_timer(void **state)
{
	(void)state;
	replay_opts o;
	replay_opts_init(&o);
	size_t n = 3000000; /* 4.5 M base cycles at CPI 1.5 */
	trace_rec *s = calloc(n, sizeof *s);
	for (size_t i = 0; i < n; i++)
		s[i] = R(TK_FETCH, 0x400000 + (i % 512) * 4, 4);
	replay *r = mk(&o, REPLAY_ALL);
	run(r, s, n, 65536);
	const model *m = replay_get_model(r);
	for (unsigned md = 0; md < REPLAY_NMODES; md++) {
		replay_result x = get(r, md);
		/* independent: at each instruction boundary the timer is taken
		 * once if the clock reached the next tick */
		uint64_t hops, next = m->timer_period, ticks = 0;
		/* cost of one timer interrupt in this mode */
		uint64_t tc = m->cost[HOP_EXC_ENTRY] + m->cost[HOP_TIMER] +
		              (md ? m->cost[HOP_EXC_REFLECT] + m->cost[HOP_EXC_RETT] +
		                    m->timer_priv_ops * m->cost[HOP_TRAP_PRIV]
		                  : m->cost[HOP_ERET] + m->timer_priv_ops * m->cost[HOP_PRIV_OP]);
		/* the first fetch faults: its hops come before any tick */
		hops = x.cycles - x.base_cycles - x.hops.count[HOP_TIMER] * tc;
		for (uint64_t i = 0; i < n; i++) {
			uint64_t now = i * 3 / 2 + hops + ticks * tc;
			if (now >= next) {
				ticks++;
				next += m->timer_period;
			}
		}
		assert_int_equal(x.hops.count[HOP_TIMER], ticks);
		assert_int_equal(x.hops.cycles[HOP_TIMER], ticks * m->cost[HOP_TIMER]);
		assert_true(ticks >= 4);
	}
	replay_free(r);
	free(s);
}

/* Timer ticks land at the right instruction while faults move the clock:
 * per-window cycles (--interval) against an independent loop. */
static void test_timer_windows(void **state)
{
	(void)state;
	replay_opts o;
	replay_opts_init(&o);
	o.pairs = 0;
	o.tlb_policy = TLB_LRU;
	o.tlb_entries = 1024;
	size_t n = 2000000, every = 10000;
	trace_rec *s = calloc(n, sizeof *s);
	for (size_t i = 0; i < n; i++) /* a new page every 1000 instructions */
		s[i] = R(TK_FETCH, 0x400000 + (i / 1000) * 4096 + (i % 1000) * 4, 4);
	replay *r = mk(&o, REPLAY_MODE_BIT(REPLAY_NATIVE));
	FILE *f = tmpfile();
	replay_set_interval(r, every, f);
	run(r, s, n, 3333);
	const model *m = replay_get_model(r);
	replay_result x = get(r, REPLAY_NATIVE);
	uint64_t tc = m->cost[HOP_EXC_ENTRY] + m->cost[HOP_TIMER] + m->cost[HOP_ERET] +
	              m->timer_priv_ops * m->cost[HOP_PRIV_OP];
	/* each new page: refill, then the page fault */
	uint64_t fc = (x.cycles - x.base_cycles - x.hops.count[HOP_TIMER] * tc) / x.page_faults;
	assert_int_equal(x.page_faults, n / 1000);
	assert_int_equal(x.cycles - x.base_cycles - x.hops.count[HOP_TIMER] * tc, fc * x.page_faults);
	rewind(f);
	char line[256];
	assert_non_null(fgets(line, sizeof line, f)); /* header */
	uint64_t next = m->timer_period, ticks = 0, faults = 0, prev = 0;
	for (size_t i = 0; i < n; i++) {
		if (i % every == 0 && i) {
			uint64_t now = i * 3 / 2 + faults * fc + ticks * tc;
			unsigned long long w, ins, c;
			assert_non_null(fgets(line, sizeof line, f));
			assert_int_equal(sscanf(line, "%llu,%llu,%llu", &w, &ins, &c), 3);
			assert_int_equal(ins, i);
			assert_int_equal(c, now - prev);
			prev = now;
		}
		uint64_t now = i * 3 / 2 + faults * fc + ticks * tc;
		if (now >= next) {
			ticks++;
			next += m->timer_period;
		}
		if (i % 1000 == 0)
			faults++;
	}
	assert_int_equal(x.hops.count[HOP_TIMER], ticks);
	assert_true(ticks > 2);
	fclose(f);
	replay_free(r);
	free(s);
}

/* --- origin200: 62 and 92 cycles per effective TLB miss -------------------- */

static replay *calib(unsigned passes)
{
	replay_opts o;
	replay_opts_init(&o);
	o.model_path = "models/origin200.ini";
	o.tlb_policy = TLB_LRU; /* cyclic over more pairs than entries: every pass misses */
	size_t pages = 200, n = pages * passes;
	trace_rec *s = calloc(n, sizeof *s);
	for (size_t i = 0; i < n; i++)
		s[i] = R(TK_LOAD, 0x10000000 + (i % pages) * 4096, 4);
	replay *r = mk(&o, REPLAY_ALL);
	run(r, s, n, 4096);
	free(s);
	return r;
}

static void test_origin200(void **state)
{
	(void)state;
	replay *a = calib(20), *b = calib(40);
	replay_result an = get(a, REPLAY_NATIVE), bn = get(b, REPLAY_NATIVE);
	replay_result as = get(a, REPLAY_SWTLB), bs = get(b, REPLAY_SWTLB);
	/* 200 pages = 100 pairs cycled through 64 LRU entries: one miss per pair
	 * per pass */
	assert_int_equal(bn.tlb_misses - an.tlb_misses, 100 * 20);
	uint64_t dm = bn.tlb_misses - an.tlb_misses;
	assert_int_equal((bn.cycles - an.cycles) % dm, 0);
	assert_int_equal((bn.cycles - an.cycles) / dm, 62);
	assert_int_equal((bs.cycles - as.cycles) % dm, 0);
	assert_int_equal((bs.cycles - as.cycles) / dm, 92);
	assert_int_equal(bs.swtlb_hits - as.swtlb_hits, dm);
	replay_free(a);
	replay_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_native_flow), cmocka_unit_test(test_syscall_asid),
		cmocka_unit_test(test_kseg),        cmocka_unit_test(test_pte_records),
		cmocka_unit_test(test_invariants),  cmocka_unit_test(test_timer),
		cmocka_unit_test(test_origin200),   cmocka_unit_test(test_shared_split),
		cmocka_unit_test(test_timer_windows), cmocka_unit_test(test_traced_exceptions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
