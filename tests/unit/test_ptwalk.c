/*
 * test_ptwalk.c - the page-walk models (machine/ptwalk.c) on hand-worked
 * cases: a set-associative LRU TLB, radix walks with and without a
 * page-walk cache, walks that stop at a missing entry, the nested walk's
 * (L+1)^2-1 references and what its caches save; then the hardware-walked
 * machine's flows on tiny streams, hop by hop; several VMs on one
 * machine, each as it would be alone; and the machine's fast loop against
 * its careful path on seeded streams.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "machine/hwmach.h"
#include "machine/ptwalk.h"

static void test_hwtlb(void **st)
{
	(void)st;
	hwtlb t;
	assert_int_equal(hwtlb_init(&t, 6, 4), -1); /* 4 ways do not divide 6 */
	assert_int_equal(hwtlb_init(&t, 8, 2), 0);  /* 4 sets of 2 ways */
	/* pages 0, 4, 8 share set 0: the third evicts the least recent */
	hwtlb_fill(&t, 0, 1);
	hwtlb_fill(&t, 4, 1);
	assert_true(hwtlb_hit(&t, 0, 1)); /* 0 now more recent than 4 */
	hwtlb_fill(&t, 8, 1);
	assert_true(hwtlb_hit(&t, 0, 1));
	assert_false(hwtlb_hit(&t, 4, 1));
	assert_true(hwtlb_hit(&t, 8, 1));
	assert_false(hwtlb_hit(&t, 8, 2)); /* another ASID */
	hwtlb_fill(&t, 1, 1);              /* set 1: no effect on set 0 */
	assert_true(hwtlb_hit(&t, 0, 1) && hwtlb_hit(&t, 8, 1));
	hwtlb_inval(&t, 8, 1);
	assert_false(hwtlb_hit(&t, 8, 1));
	hwtlb_flush(&t);
	assert_false(hwtlb_hit(&t, 0, 1) || hwtlb_hit(&t, 1, 1));
	hwtlb_free(&t);
}

static void test_walk(void **st)
{
	(void)st;
	ptw_geom g = {4, 9};
	ptw_table t;
	ptw_table_init(&t, g);
	ptw_lru none, pwc;
	assert_int_equal(ptw_lru_init(&none, 0), 0);
	assert_int_equal(ptw_lru_init(&pwc, 2), 0);
	int c;
	/* nothing mapped: the root entry is missing, one reference */
	assert_int_equal(ptw_walk(&t, &none, 5, 1, &c), 1);
	assert_false(c);
	assert_int_equal(ptw_map(&t, 5, 1), 0);
	assert_int_equal(ptw_walk(&t, &none, 5, 1, &c), 4);
	assert_true(c);
	/* a neighbour in the same leaf table: the walk reaches the leaf */
	assert_int_equal(ptw_walk(&t, &none, 6, 1, &c), 4);
	assert_false(c);
	/* another ASID has its own table */
	assert_int_equal(ptw_walk(&t, &none, 5, 2, &c), 1);
	assert_false(c);
	/* with a 2-entry PWC: the first walk fills levels 1-3, keeping the
	 * last two inserted (levels 2 and 3); the next walk to the same
	 * leaf table skips to the leaf */
	assert_int_equal(ptw_walk(&t, &pwc, 5, 1, &c), 4);
	assert_int_equal(pwc.used, 2);
	assert_int_equal(ptw_walk(&t, &pwc, 5, 1, &c), 1);
	assert_true(c);
	/* a page in another 2 MB region below the same level-2 entry: the
	 * level-2 hit skips two levels; the leaf table there is absent */
	uint64_t far = 5 + (1u << 9);
	assert_int_equal(ptw_walk(&t, &pwc, far, 1, &c), 1);
	assert_false(c);
	assert_int_equal(ptw_map(&t, far, 1), 0);
	/* that walk inserted nothing (level 3 absent): levels 2, 3 of page 5
	 * are still cached; far's level 3 entry is read, then its leaf */
	assert_int_equal(ptw_walk(&t, &pwc, far, 1, &c), 2);
	assert_true(c);
	ptw_unmap(&t, far, 1);
	assert_false(ptw_mapped(&t, far, 1));
	ptw_lru_free(&none);
	ptw_lru_free(&pwc);
	ptw_table_free(&t);
}

static void test_nested(void **st)
{
	(void)st;
	for (unsigned L = 1; L <= 5; L++) {
		ptw_geom g = {L, 9};
		ptw_table t;
		ptw_table_init(&t, g);
		ptw_nested n;
		assert_int_equal(ptw_nested_init(&n, g, 0, 0), 0);
		int c, oom = 0;
		for (uint64_t v = 0; v < 64; v++)
			assert_int_equal(ptw_map(&t, v * 4099, 3), 0);
		for (uint64_t v = 0; v < 64; v++) {
			assert_int_equal(ptw_nested_walk(&n, &t, v * 4099, 3, v, 0, &c, &oom),
			                 (L + 1) * (L + 1) - 1);
			assert_true(c);
		}
		/* a missing leaf: L guest levels translated and read, no data */
		assert_int_equal(ptw_nested_walk(&n, &t, 7, 3, 0, 0, &c, &oom), L * (L + 1));
		assert_false(c);
		assert_false(oom);
		ptw_nested_free(&n);
		/* with caches: the L table frames are consecutive, so after the
		 * first table's host walk (L) each of the others hits the host
		 * PWC at level L-1 (1 each); the data frame is far from them (L);
		 * plus the L guest reads: 4L - 1 */
		assert_int_equal(ptw_nested_init(&n, g, 24, 16), 0);
		assert_int_equal(ptw_nested_walk(&n, &t, 0, 3, 0, 0, &c, &oom), 4 * L - 1);
		/* the same walk again: the guest PWC skips to the leaf, the nested
		 * TLB holds its table's frame and the data frame: one reference */
		assert_int_equal(ptw_nested_walk(&n, &t, 0, 3, 0, 0, &c, &oom), 1);
		/* the same page and frame in another VM (its tag, its host
		 * table): nothing cached by VM 0 helps, 4L - 1 again; then
		 * cached for VM 1 too */
		uint32_t tag1 = 1u << 16 | 3;
		assert_int_equal(ptw_map(&t, 0, tag1), 0);
		assert_int_equal(ptw_nested_walk(&n, &t, 0, tag1, 0, 1, &c, &oom), 4 * L - 1);
		assert_int_equal(ptw_nested_walk(&n, &t, 0, tag1, 0, 1, &c, &oom), 1);
		assert_int_equal(ptw_nested_walk(&n, &t, 0, 3, 0, 0, &c, &oom), 1);
		/* a switch of VMs without tags forgets everything */
		ptw_nested_flush(&n);
		assert_int_equal(ptw_nested_walk(&n, &t, 0, 3, 0, 0, &c, &oom), 4 * L - 1);
		ptw_nested_free(&n);
		ptw_table_free(&t);
	}
}

/* ---- the machine's flows, hop by hop -------------------------------------- */

static model mdl;

static void run(hwmach *H, const trace_rec *r, size_t n)
{
	unsigned kinds[] = {HW_MODE_HW, HW_MODE_SHADOW, HW_MODE_NESTED};
	char err[256];
	assert_int_equal(model_load_default(&mdl, err, sizeof err), 0);
	mdl.timer_period = 0;
	mdl.pwc_entries = 0;
	mdl.nested_tlb_entries = 0;
	assert_int_equal(hwmach_init(H, kinds, 3, &mdl, 1), 0);
	hwmach_feed(H, r, n);
}

#define R(k, a, s) {.kind = (k), .addr = (a), .arg = (s)}
#define C(H, k, hop) (hwmach_acct((H), (k))->led.count[HOP_##hop])

static void test_flows(void **st)
{
	(void)st;
	hwmach H;
	/* two fresh pages, then one again: two demand faults; a system call;
	 * a switch to another address space and back; a wait */
	trace_rec s[] = {
		R(TK_FETCH, 0x400000, 4), R(TK_LOAD, 0x10000000, 4), R(TK_LOAD, 0x400010, 4),
		{.kind = TK_TRAP, .sub = TTRAP_SYSCALL, .arg = 4020},
		{.kind = TK_ASID, .arg = 2}, {.kind = TK_ASID, .arg = 0},
		{.kind = TK_PRIV, .sub = TPRIV_WAIT},
	};
	run(&H, s, sizeof s / sizeof s[0]);
	assert_int_equal(H.tlb_misses, 2);
	assert_int_equal(H.page_faults, 2);
	/* hw: two faults (walk, fault, walk again), a system call, two
	 * switches (the TLB flushed: no later reference), a native wait */
	assert_int_equal(C(&H, HW_MODE_HW, PAGE_FAULT), 2);
	assert_int_equal(C(&H, HW_MODE_HW, EXC_ENTRY), 3);
	assert_int_equal(C(&H, HW_MODE_HW, ERET), 3);
	assert_int_equal(C(&H, HW_MODE_HW, CONTEXT_SWITCH), 2);
	assert_int_equal(hwmach_acct(&H, HW_MODE_HW)->walks, 4);
	/* 4 levels: the first walk of each page stops at its first missing
	 * level (the root entry for 0x400; level 3 for 0x10000, whose levels
	 * 1 and 2 page 0x400 made present), the retries read all four */
	assert_int_equal(hwmach_acct(&H, HW_MODE_HW)->walk_refs, 1 + 4 + 3 + 4);
	/* shadow: per fault the intercept, the PTE write and the hidden fault
	 * exit; two page-table base writes; the system call reflected */
	assert_int_equal(C(&H, HW_MODE_SHADOW, SHADOW_PTE_TRAP), 2);
	assert_int_equal(C(&H, HW_MODE_SHADOW, SHADOW_HIDDEN_FAULT), 2);
	assert_int_equal(C(&H, HW_MODE_SHADOW, SHADOW_PTBASE), 2);
	assert_int_equal(C(&H, HW_MODE_SHADOW, VM_EXIT), 2 * 3 + 2);
	assert_int_equal(C(&H, HW_MODE_SHADOW, VM_ENTRY), 2 * 3 + 2);
	assert_int_equal(C(&H, HW_MODE_SHADOW, SYSCALL_REFLECT), 1);
	assert_int_equal(C(&H, HW_MODE_SHADOW, PRIV_OP), 0);
	assert_int_equal(C(&H, HW_MODE_SHADOW, TRAP_PRIV),
	                 2 * mdl.page_fault_priv_ops + mdl.syscall_priv_ops +
	                     2 * mdl.context_switch_priv_ops + 1);
	assert_int_equal(hwmach_acct(&H, HW_MODE_SHADOW)->walks, 2 * 3);
	/* nested: no exit for the faults, the system call or the switches;
	 * one per frame the host backs, one for the wait */
	assert_int_equal(C(&H, HW_MODE_NESTED, VM_EXIT), 2 + 1);
	assert_int_equal(C(&H, HW_MODE_NESTED, VMM_PAGE_ALLOC), 2);
	assert_int_equal(C(&H, HW_MODE_NESTED, SYSCALL), 1);
	assert_int_equal(hwmach_acct(&H, HW_MODE_NESTED)->walks, 4);
	/* uncached: the faulting walks read the guest levels up to the
	 * missing one, each after its table's host walk (1 x 5, 3 x 5); the
	 * retries are full (24) */
	assert_int_equal(hwmach_acct(&H, HW_MODE_NESTED)->walk_refs, 5 + 24 + 15 + 24);
	hwmach_free(&H);
}

/* ---- several VMs ------------------------------------------------------------- */

/* A seeded stream shaped like a program: fetch runs on a few code pages,
 * loads and stores over 300 data pages, three address spaces, unmaps, PTE
 * records and system calls (the same addresses in every VM). */
static size_t gen_vm(uint64_t seed, trace_rec *v, size_t cap)
{
	uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1, pc = 0x400000;
	size_t n = 0;
	v[n++] = (trace_rec){.kind = TK_ASID, .arg = 1};
	while (n < cap) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		unsigned op = (unsigned)(x % 100), asid = 1 + (unsigned)(x >> 40) % 3;
		uint64_t page = 0x10000000 + ((x >> 8) % 300) * 4096;
		if (op < 55) {
			if (op < 5)
				pc = 0x400000 + ((x >> 16) % 12) * 4096 + ((x >> 4) % 64) * 16;
			v[n++] = (trace_rec){.kind = TK_FETCH, .addr = pc, .arg = 4};
			pc += 4;
		} else if (op < 90) {
			v[n++] = (trace_rec){.kind = op < 75 ? TK_LOAD : TK_STORE,
			                     .addr = page + (x >> 32) % 4000, .arg = 4};
		} else if (op < 93) {
			v[n++] = (trace_rec){.kind = TK_ASID, .arg = asid};
		} else if (op < 95) {
			v[n++] = (trace_rec){.kind = TK_UNMAP, .x = (uint16_t)asid, .addr = page};
		} else if (op < 97) {
			v[n++] = (trace_rec){.kind = TK_PTE, .sub = TPTE_VALID | TPTE_DIRTY,
			                     .x = (uint16_t)asid, .addr = page,
			                     .arg = (uint32_t)((x >> 20) % 5000)};
		} else {
			v[n++] = (trace_rec){.kind = TK_TRAP, .sub = TTRAP_SYSCALL, .arg = 4004};
		}
	}
	return n;
}

static void counts_equal(const hwmach_counts *a, const hwmach_counts *b)
{
	assert_int_equal(a->insns, b->insns);
	assert_int_equal(a->refs, b->refs);
	assert_int_equal(a->tlb_misses, b->tlb_misses);
	assert_int_equal(a->page_faults, b->page_faults);
	assert_int_equal(a->walks, b->walks);
	assert_int_equal(a->walk_refs, b->walk_refs);
	assert_int_equal(a->tlb_miss_cycles, b->tlb_miss_cycles);
	for (unsigned h = 0; h < HOP_N; h++) {
		assert_int_equal(a->led.count[h], b->led.count[h]);
		assert_int_equal(a->led.cycles[h], b->led.cycles[h]);
	}
}

/* One VM after another on one machine (a quantum longer than both): each
 * counts what it counts alone, tagged or not, the second one plus its
 * machine switch - so nothing of one VM (TLB entries, page-walk caches,
 * the nested TLB, tables and their frames, the host's backing) leaks into
 * the other, although both use the same addresses, ASIDs and frame
 * numbers: the second VM runs another program, then the same one. */
static void test_vms_alone(void **st)
{
	(void)st;
	static trace_rec a[40000], b[40000];
	size_t na = gen_vm(1, a, 40000), nb = 0;
	char err[256];
	for (unsigned same = 0; same < 2; same++) {
	nb = gen_vm(same ? 1 : 2, b, 40000);
	assert_int_equal(model_load_default(&mdl, err, sizeof err), 0);
	mdl.timer_period = 0;
	mdl.quantum = 1000000000000000ull;
	mdl.hw_tlb_entries = 64;
	mdl.hw_tlb_assoc = 4;
	for (unsigned tagged = 0; tagged < 2; tagged++) {
		mdl.hw_tlb_tagged = tagged;
		for (unsigned kind = 0; kind < HW_NMODES; kind++) {
			hwmach A, B, T;
			hwmach_counts ca, cb, t0, t1;
			assert_int_equal(hwmach_init(&A, &kind, 1, &mdl, 1), 0);
			assert_int_equal(hwmach_feed(&A, a, na), na);
			assert_int_equal(hwmach_counts_of(&A, kind, 0, &ca), 0);
			assert_int_equal(hwmach_init(&B, &kind, 1, &mdl, 1), 0);
			assert_int_equal(hwmach_feed(&B, b, nb), nb);
			assert_int_equal(hwmach_counts_of(&B, kind, 0, &cb), 0);
			assert_true(cb.tlb_misses > 1000 && cb.page_faults > 100);

			assert_int_equal(hwmach_init(&T, &kind, 1, &mdl, 2), 0);
			assert_int_equal(hwmach_feed(&T, a, na), na);
			hwmach_switch(&T, 1);
			assert_int_equal(hwmach_feed(&T, b, nb), nb);
			assert_int_equal(hwmach_counts_of(&T, kind, 0, &t0), 0);
			assert_int_equal(hwmach_counts_of(&T, kind, 1, &t1), 0);
			assert_int_equal(hwmach_counts_of(&T, kind, 2, &t1), -1);
			counts_equal(&t0, &ca);
			/* the switch: an exit, the monitor's switch, an entry
			 * (natively, hw, no monitor: nothing) */
			unsigned sw[] = {HOP_VM_EXIT, HOP_MACHINE_SWITCH, HOP_VM_ENTRY};
			for (unsigned i = 0; i < 3; i++) {
				uint64_t k = kind == HW_MODE_HW ? 0 : 1;
				assert_int_equal(t1.led.count[sw[i]], cb.led.count[sw[i]] + k);
				assert_int_equal(t1.led.cycles[sw[i]],
				                 cb.led.cycles[sw[i]] + k * model_hop_cost(&mdl, sw[i]));
				t1.led.count[sw[i]] = cb.led.count[sw[i]];
				t1.led.cycles[sw[i]] = cb.led.cycles[sw[i]];
			}
			counts_equal(&t1, &cb);
			hwmach_free(&A);
			hwmach_free(&B);
			hwmach_free(&T);
		}
	}
	}
}

/* Short turns: the VMs take turns as replay_run_files gives them (some
 * end inside a run of fetches); what the streams decide - the
 * instructions, references and demand faults of each VM - is what it does
 * alone, every switch is charged once, and an untagged TLB, flushed at
 * each switch, misses more than a tagged one. */
static void test_vms_turns(void **st)
{
	(void)st;
	static trace_rec s[2][20000];
	size_t ns[2] = {gen_vm(3, s[0], 20000), gen_vm(4, s[1], 20000)};
	/* runs of fetches in VM 1: a record of 8 fetches within one 1 KiB block */
	for (size_t i = 0; i < ns[1]; i++)
		if (s[1][i].kind == TK_FETCH && s[1][i].addr % 64 == 0)
			s[1][i] = (trace_rec){.kind = TK_FETCH, .addr = s[1][i].addr, .arg = 32, .x = 7};
	char err[256];
	assert_int_equal(model_load_default(&mdl, err, sizeof err), 0);
	mdl.quantum = 5000;
	unsigned kind = HW_MODE_NESTED;
	uint64_t misses[2];
	for (unsigned tagged = 0; tagged < 2; tagged++) {
		mdl.hw_tlb_tagged = tagged;
		hwmach_counts alone[2], c[2];
		for (unsigned v = 0; v < 2; v++) {
			hwmach A;
			assert_int_equal(hwmach_init(&A, &kind, 1, &mdl, 1), 0);
			assert_int_equal(hwmach_feed(&A, s[v], ns[v]), ns[v]);
			assert_int_equal(hwmach_counts_of(&A, kind, 0, &alone[v]), 0);
			hwmach_free(&A);
		}
		hwmach T;
		assert_int_equal(hwmach_init(&T, &kind, 1, &mdl, 2), 0);
		size_t pos[2] = {0, 0};
		unsigned cur = 0, switches = 0, cut = 0;
		while (pos[0] < ns[0] || pos[1] < ns[1]) {
			size_t k = hwmach_feed(&T, s[cur] + pos[cur], ns[cur] - pos[cur]);
			pos[cur] += k;
			if (pos[cur] < ns[cur] && !hwmach_expired(&T))
				fail_msg("VM %u stopped at record %zu before its turn ended", cur, pos[cur]);
			cut += T.vm[cur].run_off > 0;
			unsigned next = pos[!cur] < ns[!cur] ? !cur : cur;
			if (next == cur) {
				hwmach_renew(&T);
			} else {
				hwmach_switch(&T, next);
				cur = next;
				switches++;
			}
		}
		assert_true(switches > 50);
		assert_true(cut > 0);
		for (unsigned v = 0; v < 2; v++) {
			assert_int_equal(hwmach_counts_of(&T, kind, v, &c[v]), 0);
			assert_int_equal(c[v].insns, alone[v].insns);
			assert_int_equal(c[v].refs, alone[v].refs);
			assert_int_equal(c[v].page_faults, alone[v].page_faults);
		}
		assert_int_equal(c[0].led.count[HOP_MACHINE_SWITCH] +
		                 c[1].led.count[HOP_MACHINE_SWITCH], switches);
		misses[tagged] = T.tlb_misses;
		hwmach_free(&T);
	}
	assert_true(misses[0] > misses[1] + misses[1] / 10);
}

/* ---- the fast loop against the careful path ---------------------------- */

/* A seeded stream of everything the machine distinguishes: runs of
 * fetches within one 1 KiB block, loads and stores on 200 data pages
 * (some crossing pages, some of size 0 at a page's start, some of 5000
 * bytes), references to kseg0 (unmapped, runs too), address-space
 * switches, PTE updates, unmaps, zeroed frames, system calls,
 * exceptions, privileged operations, VM switches within the stream and,
 * in its second half, the OS's code in the stream. */
static size_t gen_mix(uint64_t seed, trace_rec *v, size_t cap)
{
	uint64_t x = seed * 0x9E3779B97F4A7C15ull + 7, pc = 0x400000;
	const uint64_t kseg0 = 0xffffffff80000000ull;
	size_t n = 0;
	int kernel = 0;
	v[n++] = (trace_rec){.kind = TK_ASID, .arg = 1};
	while (n < cap) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		unsigned op = (unsigned)(x % 1000), asid = 1 + (unsigned)(x >> 40) % 3;
		uint64_t page = 0x10000000 + ((x >> 8) % 200) * 4096;
		if (op < 520) {
			if (op < 30)
				pc = 0x400000 + ((x >> 16) % 40) * 4096 + ((x >> 4) % 256) * 4;
			else if (op < 45)
				pc = kseg0 + ((x >> 16) % 8) * 4096 + ((x >> 4) % 256) * 4;
			uint64_t k = (x >> 20) % 12, room = (1024 - pc % 1024) / 4;
			if (k >= room)
				k = room - 1;
			v[n++] = (trace_rec){.kind = TK_FETCH, .addr = pc, .arg = (uint32_t)(4 * (k + 1)),
			                     .x = (uint16_t)k};
			pc += 4 * (k + 1);
		} else if (op < 820) {
			uint64_t a = page + (x >> 32) % 4000;
			uint32_t size = 4;
			switch ((x >> 50) % 16) {
			case 0: a = page + 4092; size = 8; break;   /* crosses into the next page */
			case 1: a = page; size = 0; break;          /* size 0 at a page's start */
			case 2: size = 5000; break;                  /* two or three pages */
			case 3: a = kseg0 + (a & 0xffff); break;     /* unmapped */
			}
			v[n++] = (trace_rec){.kind = op < 700 ? TK_LOAD : TK_STORE, .addr = a, .arg = size};
		} else if (op < 835) {
			v[n++] = (trace_rec){.kind = TK_ASID, .arg = asid};
		} else if (op < 845) {
			v[n++] = (trace_rec){.kind = TK_UNMAP, .x = (uint16_t)asid, .addr = page};
		} else if (op < 855) {
			v[n++] = (trace_rec){.kind = TK_PTE, .sub = TPTE_VALID | TPTE_DIRTY,
			                     .x = (uint16_t)asid, .addr = page,
			                     .arg = (uint32_t)((x >> 20) % 5000)};
		} else if (op < 860) {
			v[n++] = (trace_rec){.kind = TK_ZERO, .arg = (uint32_t)((x >> 20) % 5000)};
		} else if (op < 868) {
			v[n++] = (trace_rec){.kind = TK_TRAP, .sub = TTRAP_SYSCALL, .arg = 4004};
		} else if (op < 872) {
			v[n++] = (trace_rec){.kind = TK_TRAP, .sub = TTRAP_EXCEPTION, .arg = 2};
		} else if (op < 880) {
			unsigned ops[] = {TPRIV_ERET, TPRIV_TLBWR, TPRIV_MTC0, TPRIV_WAIT};
			v[n++] = (trace_rec){.kind = TK_PRIV, .sub = (uint8_t)ops[(x >> 30) % 4]};
		} else if (op < 883) {
			v[n++] = (trace_rec){.kind = TK_VM, .arg = (uint32_t)((x >> 30) % 2)};
		} else if (op < 884 && !kernel && n > cap / 2) {
			v[n++] = (trace_rec){.kind = TK_MODE, .sub = TMODE_KERNEL};
			kernel = 1;
		}
	}
	return n;
}

/* s with every run of fetches spelled out: x + 1 records of one fetch. */
static size_t spell_runs(const trace_rec *s, size_t n, trace_rec *out)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		for (unsigned j = 0; j <= (s[i].kind == TK_FETCH ? s[i].x : 0u); j++) {
			out[m] = s[i];
			if (s[i].kind == TK_FETCH)
				out[m].x = 0;
			m++;
		}
	return m;
}

/* Feeds the nvm streams s[v] to H as replay_run_files does (turns of the
 * quantum, the next VM with records left), in batches of 1..maxbatch
 * records (seeded; 0: as many as there are). */
static void drive(hwmach *H, trace_rec *const *s, const size_t *ns, unsigned nvm,
                  size_t maxbatch, uint64_t seed)
{
	size_t pos[2] = {0, 0};
	unsigned cur = 0;
	uint64_t x = seed | 1;
	for (;;) {
		if (pos[cur] == ns[cur] || hwmach_expired(H)) {
			unsigned next = cur;
			for (unsigned d = 1; d <= nvm; d++)
				if (pos[(cur + d) % nvm] < ns[(cur + d) % nvm]) {
					next = (cur + d) % nvm;
					break;
				}
			if (pos[next] == ns[next])
				break;
			if (next == cur) {
				hwmach_renew(H);
			} else {
				hwmach_switch(H, next);
				cur = next;
			}
			continue;
		}
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		size_t want = ns[cur] - pos[cur];
		if (maxbatch && want > 1 + x % maxbatch)
			want = 1 + x % maxbatch;
		size_t k = hwmach_feed(H, s[cur] + pos[cur], want);
		assert_true(k == want || hwmach_expired(H));
		pos[cur] += k;
	}
}

/* The same machine state: counts of every VM in every account, the TLB
 * entry by entry (recency stamps too), the clocks and timers. */
static void machines_equal(const hwmach *F, const hwmach *C)
{
	assert_int_equal(F->insns, C->insns);
	assert_int_equal(F->refs, C->refs);
	assert_int_equal(F->tlb_misses, C->tlb_misses);
	assert_int_equal(F->page_faults, C->page_faults);
	assert_int_equal(F->t.clock, C->t.clock);
	for (unsigned w = 0; w < F->t.entries; w++) {
		assert_int_equal(F->t.vpn[w], C->t.vpn[w]);
		assert_int_equal(F->t.asid[w], C->t.asid[w]);
		assert_int_equal(F->t.stamp[w], C->t.stamp[w]);
	}
	for (unsigned i = 0; i < F->nacct; i++) {
		assert_int_equal(F->a[i].hop_cycles, C->a[i].hop_cycles);
		assert_int_equal(F->a[i].next_timer, C->a[i].next_timer);
		for (unsigned v = 0; v < F->nvm; v++) {
			hwmach_counts a, b;
			assert_int_equal(hwmach_counts_of(F, F->a[i].kind, v, &a), 0);
			assert_int_equal(hwmach_counts_of(C, C->a[i].kind, v, &b), 0);
			counts_equal(&a, &b);
		}
	}
}

/* The fast loop (hits of the last-translation cache counted in bulk, runs
 * of fetches at once) against the careful path record by record with
 * every run spelled out: the same state after seeded streams, whatever
 * the batches, with a timer that falls inside runs, with a tagged or
 * untagged TLB of 4 ways or fully associative, with 4 KiB and 1 KiB pages,
 * the three modes on one TLB and, each alone, two VMs taking short
 * turns. */
static void test_fast_loop(void **st)
{
	(void)st;
	enum { N = 20000 };
	static trace_rec s[2][N], sp[2][N * 12];
	size_t ns[2], nsp[2];
	char err[256];
	for (unsigned v = 0; v < 2; v++) {
		ns[v] = gen_mix(11 + v, s[v], N);
		nsp[v] = spell_runs(s[v], ns[v], sp[v]);
	}
	trace_rec *fs[2] = {s[0], s[1]}, *cs[2] = {sp[0], sp[1]};
	static const size_t batches[] = {0, 1, 5, 333};
	unsigned all[] = {HW_MODE_HW, HW_MODE_SHADOW, HW_MODE_NESTED};
	unsigned checked = 0;
	for (unsigned cfg = 0; cfg < 8; cfg++) {
		assert_int_equal(model_load_default(&mdl, err, sizeof err), 0);
		mdl.timer_period = 1500 + cfg * 100;
		mdl.quantum = 4000;
		mdl.hw_tlb_tagged = cfg & 1;
		mdl.hw_tlb_assoc = cfg & 2 ? 0 : 4;
		mdl.page_size = cfg & 4 ? 1024 : 4096;
		for (unsigned b = 0; b < sizeof batches / sizeof *batches; b++) {
			for (unsigned setup = 0; setup < 1 + HW_NMODES; setup++) {
				/* setup 0: the three modes, one VM; then each mode
				 * alone with two VMs */
				unsigned nvm = setup ? 2 : 1, nk = setup ? 1 : 3;
				const unsigned *kinds = setup ? &all[setup - 1] : all;
				hwmach F, C;
				assert_int_equal(hwmach_init(&F, kinds, nk, &mdl, nvm), 0);
				assert_int_equal(hwmach_init(&C, kinds, nk, &mdl, nvm), 0);
				C.careful = 1;
				drive(&F, fs, ns, nvm, batches[b], 99 + b);
				drive(&C, cs, nsp, nvm, 0, 0);
				assert_false(F.oom || C.oom);
				assert_true(F.tlb_misses > 1000 && F.a[0].led.count[HOP_TIMER] > 100);
				machines_equal(&F, &C);
				hwmach_free(&F);
				hwmach_free(&C);
				checked++;
			}
		}
	}
	assert_int_equal(checked, 8 * 4 * 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hwtlb),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_flows),
		cmocka_unit_test(test_vms_alone),
		cmocka_unit_test(test_vms_turns),
		cmocka_unit_test(test_fast_loop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
