/*
 * test_ptwalk.c - the page-walk models (machine/ptwalk.c) on hand-worked
 * cases: a set-associative LRU TLB, radix walks with and without a
 * page-walk cache, walks that stop at a missing entry, the nested walk's
 * (L+1)^2-1 references and what its caches save; then the hardware-walked
 * machine's flows on tiny streams, hop by hop.
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
			assert_int_equal(ptw_nested_walk(&n, &t, v * 4099, 3, v, &c, &oom),
			                 (L + 1) * (L + 1) - 1);
			assert_true(c);
		}
		/* a missing leaf: L guest levels translated and read, no data */
		assert_int_equal(ptw_nested_walk(&n, &t, 7, 3, 0, &c, &oom), L * (L + 1));
		assert_false(c);
		assert_false(oom);
		ptw_nested_free(&n);
		/* with caches: the L table frames are consecutive, so after the
		 * first table's host walk (L) each of the others hits the host
		 * PWC at level L-1 (1 each); the data frame is far from them (L);
		 * plus the L guest reads: 4L - 1 */
		assert_int_equal(ptw_nested_init(&n, g, 24, 16), 0);
		assert_int_equal(ptw_nested_walk(&n, &t, 0, 3, 0, &c, &oom), 4 * L - 1);
		/* the same walk again: the guest PWC skips to the leaf, the nested
		 * TLB holds its table's frame and the data frame: one reference */
		assert_int_equal(ptw_nested_walk(&n, &t, 0, 3, 0, &c, &oom), 1);
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
	assert_int_equal(hwmach_init(H, kinds, 3, &mdl), 0);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hwtlb),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_flows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
