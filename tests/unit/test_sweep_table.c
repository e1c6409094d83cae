/*
 * test_sweep_table.c - the sweep table: canonical order, slowdowns, and the
 * recommendation rule of table.h on hand-made figures (boundaries exact).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sweep/table.h"

static const char *const hops[] = {"vmm_miss", "reflect"};

static void add(sweep_table *t, unsigned trace, unsigned mode, uint64_t cap, uint64_t assoc, uint64_t cycles)
{
	sweep_row r = {.trace = trace, .mode = mode, .tlb_entries = 48, .swtlb_entries = cap,
	               .swtlb_assoc = assoc, .instructions = 100, .references = 150, .cycles = cycles};
	uint64_t c[2] = {1, 2}, y[2] = {3, 4};
	r.hop_count = c;
	r.hop_cycles = y;
	assert_non_null(sweep_table_add(t, &r));
}

static const sweep_row *row(const sweep_table *t, unsigned trace, unsigned mode, uint64_t cap, uint64_t assoc)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (t->rows[i].trace == trace && t->rows[i].mode == mode &&
		    t->rows[i].swtlb_entries == cap && t->rows[i].swtlb_assoc == assoc)
			return &t->rows[i];
	fail_msg("row not found");
	return NULL;
}

static void test_recommend(void **st)
{
	(void)st;
	sweep_table t;
	sweep_table_init(&t, 2, hops, 1.0);
	int b = sweep_table_trace(&t, "b.zst"), a = sweep_table_trace(&t, "a.zst");
	/* b, added in scrambled order */
	add(&t, (unsigned)b, SWEEP_SWTLB, SWEEP_INF, SWEEP_FULL, 1000);
	add(&t, (unsigned)b, SWEEP_SWTLB, 128, SWEEP_FULL, 1011); /* 1.1% above inf: not within */
	add(&t, (unsigned)b, SWEEP_SWTLB, 16, SWEEP_FULL, 1900);
	add(&t, (unsigned)b, SWEEP_SWTLB, 8, SWEEP_FULL, 2100);   /* costs more than virt */
	add(&t, (unsigned)b, SWEEP_SWTLB, 64, SWEEP_FULL, 1100);  /* saves 900 = exactly 90% */
	add(&t, (unsigned)b, SWEEP_SWTLB, 32, SWEEP_FULL, 1500);
	add(&t, (unsigned)b, SWEEP_SWTLB, 256, SWEEP_FULL, 1010); /* exactly 1%: within; saves 990 = 99% */
	add(&t, (unsigned)b, SWEEP_SWTLB, 64, 4, 1200);           /* set-associative: not in the rule */
	add(&t, (unsigned)b, SWEEP_VIRT, 0, 0, 2000);
	add(&t, (unsigned)b, SWEEP_NATIVE, 0, 0, 800);
	/* a: swtlb saves nothing (unbounded slower than virt) */
	add(&t, (unsigned)a, SWEEP_NATIVE, 0, 0, 500);
	add(&t, (unsigned)a, SWEEP_VIRT, 0, 0, 600);
	add(&t, (unsigned)a, SWEEP_SWTLB, 8, SWEEP_FULL, 640);
	add(&t, (unsigned)a, SWEEP_SWTLB, SWEEP_INF, SWEEP_FULL, 610);
	assert_int_equal(sweep_table_finish(&t), 0);

	/* canonical order: a before b; native, virt, swtlb; full before 4-way; inf last */
	assert_int_equal(t.rows[0].trace, a);
	assert_int_equal(t.rows[0].mode, SWEEP_NATIVE);
	assert_int_equal(t.rows[3].swtlb_entries, SWEEP_INF);
	assert_int_equal(t.rows[4].trace, b);
	assert_int_equal(t.rows[4].mode, SWEEP_NATIVE);
	const uint64_t order[] = {8, 16, 32, 64, 128, 256, SWEEP_INF, 64};
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(t.rows[6 + i].swtlb_entries, order[i]);
	assert_int_equal(t.rows[13].swtlb_assoc, 4);
	/* slowdowns against the same trace's native row */
	assert_true(row(&t, (unsigned)b, SWEEP_VIRT, 0, 0)->slowdown == 2.5);
	assert_true(row(&t, (unsigned)a, SWEEP_SWTLB, 8, SWEEP_FULL)->slowdown == 640.0 / 500.0);

	assert_int_equal(t.nrecs, 2);
	const sweep_recommendation *ra = &t.recs[0], *rb = &t.recs[1];
	assert_int_equal(ra->trace, a);
	assert_int_equal(rb->trace, b);
	assert_true(rb->valid);
	assert_int_equal(rb->within, 256);
	assert_int_equal(rb->cap90, 64);
	assert_int_equal(rb->cap99, 256);
	assert_int_equal(rb->saved_inf, 1000);
	assert_int_equal(row(&t, (unsigned)b, SWEEP_SWTLB, 256, SWEEP_FULL)->rec, SWEEP_REC_WITHIN | SWEEP_REC_99);
	assert_int_equal(row(&t, (unsigned)b, SWEEP_SWTLB, 64, SWEEP_FULL)->rec, SWEEP_REC_90);
	assert_int_equal(row(&t, (unsigned)b, SWEEP_SWTLB, 128, SWEEP_FULL)->rec, 0);
	assert_true(ra->valid);
	assert_int_equal(ra->within, 0);  /* 640 > 610 * 1.01 */
	assert_int_equal(ra->cap90, 0);   /* nothing saved */
	assert_true(ra->saved_inf < 0);

	/* --within 5: 640 <= 610 * 1.05, but 8 entries cost more than virt
	 * (600): never recommended */
	t.within_pct = 5;
	assert_int_equal(sweep_table_finish(&t), 0);
	assert_int_equal(t.recs[0].within, 0);
	/* ... and for b, within 20% of 1000 is 32 entries (1500 > 1200) no,
	 * 64 (1100): the smallest within that saves cycles */
	t.within_pct = 20;
	assert_int_equal(sweep_table_finish(&t), 0);
	assert_int_equal(t.recs[1].within, 64);
	/* within 150% (2500): not 8 entries (2100, more than virt's 2000),
	 * 16 (1900) */
	t.within_pct = 150;
	assert_int_equal(sweep_table_finish(&t), 0);
	assert_int_equal(t.recs[1].within, 16);
	assert_int_equal(row(&t, (unsigned)b, SWEEP_SWTLB, 8, SWEEP_FULL)->rec, 0);
	sweep_table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recommend),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
