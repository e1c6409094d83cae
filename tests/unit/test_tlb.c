/*
 * test_tlb.c - the hardware TLB and the software TLB against hand-worked
 * cases: pairs, ASID and global, wired entries, each replacement policy;
 * the indexed lookup against a plain scan of the entries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "machine/swtlb.h"
#include "machine/tlb.h"

static void test_pairs(void **state)
{
	(void)state;
	tlb t;
	assert_int_equal(tlb_init(&t, 4, 0, 1, TLB_FIFO, 1), 0);
	assert_int_equal(tlb_lookup(&t, 10, 0), -1);
	unsigned i = tlb_victim(&t);
	assert_int_equal(i, 0);
	tlb_write(&t, i, 10, 0, 0, 1, 0); /* even page 10 valid, odd 11 invalid */
	assert_int_equal(tlb_lookup(&t, 10, 0), 0);
	assert_int_equal(tlb_lookup(&t, 11, 0), 0); /* same pair */
	assert_int_equal(tlb_half(&t, 11), 1);
	assert_int_equal(t.valid[0] & 2, 0);
	assert_int_equal(tlb_lookup(&t, 12, 0), -1);
	assert_int_equal(tlb_lookup(&t, 9, 0), -1);
	tlb_free(&t);
	/* without pairs each page is its own entry */
	assert_int_equal(tlb_init(&t, 4, 0, 0, TLB_FIFO, 1), 0);
	tlb_write(&t, tlb_victim(&t), 10, 0, 0, 1, 1);
	assert_int_equal(tlb_lookup(&t, 10, 0), 0);
	assert_int_equal(tlb_lookup(&t, 11, 0), -1);
	assert_int_equal(tlb_half(&t, 11), 0);
	tlb_free(&t);
}

static void test_asid_global(void **state)
{
	(void)state;
	tlb t;
	assert_int_equal(tlb_init(&t, 4, 0, 1, TLB_FIFO, 1), 0);
	tlb_write(&t, tlb_victim(&t), 100, 1, 0, 3, 3);
	tlb_write(&t, tlb_victim(&t), 200, 1, 1, 3, 3); /* global */
	assert_int_equal(tlb_lookup(&t, 100, 1), 0);
	assert_int_equal(tlb_lookup(&t, 100, 2), -1);
	assert_int_equal(tlb_lookup(&t, 200, 2), 1);
	assert_int_equal(tlb_lookup(&t, 201, 7), 1);
	tlb_flush(&t);
	assert_int_equal(tlb_lookup(&t, 100, 1), -1);
	assert_int_equal(tlb_lookup(&t, 200, 2), -1);
	tlb_free(&t);
}

static void test_wired(void **state)
{
	(void)state;
	for (unsigned pol = 0; pol < 3; pol++) {
		tlb t;
		assert_int_equal(tlb_init(&t, 5, 2, 0, pol, 7), 0);
		for (int k = 0; k < 200; k++) {
			unsigned i = tlb_victim(&t);
			assert_true(i >= 2 && i < 5);
			tlb_write(&t, i, (uint64_t)k, 0, 0, 1, 1);
		}
		tlb_free(&t);
	}
	tlb t;
	assert_int_equal(tlb_init(&t, 4, 4, 0, 0, 1), -1);
}

static void test_fifo(void **state)
{
	(void)state;
	tlb t;
	assert_int_equal(tlb_init(&t, 3, 0, 0, TLB_FIFO, 1), 0);
	unsigned want[] = {0, 1, 2, 0, 1, 2, 0};
	for (unsigned k = 0; k < 7; k++) {
		unsigned i = tlb_victim(&t);
		assert_int_equal(i, want[k]);
		tlb_write(&t, i, k, 0, 0, 1, 1);
		tlb_touch(&t, 0); /* hits do not matter to fifo */
	}
	/* pages 3, 4 evicted by 6? entries hold 6 (0), 4 (1), 5 (2) */
	assert_int_equal(tlb_lookup(&t, 6, 0), 0);
	assert_int_equal(tlb_lookup(&t, 4, 0), 1);
	assert_int_equal(tlb_lookup(&t, 5, 0), 2);
	assert_int_equal(tlb_lookup(&t, 3, 0), -1);
	tlb_free(&t);
}

static void test_lru(void **state)
{
	(void)state;
	tlb t;
	assert_int_equal(tlb_init(&t, 3, 0, 0, TLB_LRU, 1), 0);
	/* empty entries first, lowest index first */
	for (unsigned k = 0; k < 3; k++) {
		unsigned i = tlb_victim(&t);
		assert_int_equal(i, k);
		tlb_write(&t, i, 10 + k, 0, 0, 1, 1);
	}
	tlb_touch(&t, 0);               /* order now 1 < 2 < 0 */
	assert_int_equal(tlb_victim(&t), 1);
	tlb_write(&t, 1, 20, 0, 0, 1, 1); /* 2 < 0 < 1 */
	assert_int_equal(tlb_victim(&t), 2);
	tlb_touch(&t, 2);               /* 0 < 1 < 2 */
	assert_int_equal(tlb_victim(&t), 0);
	tlb_inval(&t, 1);               /* an invalid entry goes first */
	assert_int_equal(tlb_victim(&t), 1);
	tlb_free(&t);
}

static void test_random(void **state)
{
	(void)state;
	tlb a, b, c;
	assert_int_equal(tlb_init(&a, 48, 8, 1, TLB_RANDOM, 42), 0);
	assert_int_equal(tlb_init(&b, 48, 8, 1, TLB_RANDOM, 42), 0);
	assert_int_equal(tlb_init(&c, 48, 8, 1, TLB_RANDOM, 43), 0);
	int differ = 0, seen[48] = {0};
	for (int k = 0; k < 2000; k++) {
		unsigned x = tlb_victim(&a), y = tlb_victim(&b), z = tlb_victim(&c);
		assert_int_equal(x, y);
		assert_true(x >= 8 && x < 48);
		differ |= x != z;
		seen[x] = 1;
	}
	assert_true(differ);
	for (int i = 8; i < 48; i++)
		assert_true(seen[i]); /* every replaceable entry is reached */
	tlb_copy(&c, &a);
	for (int k = 0; k < 100; k++)
		assert_int_equal(tlb_victim(&a), tlb_victim(&c));
	tlb_free(&a);
	tlb_free(&b);
	tlb_free(&c);
}

/* The entry a lookup must find: the lowest that matches, by a scan. */
static int scan(const tlb *t, uint64_t vpn, uint32_t asid)
{
	for (unsigned i = 0; i < t->n; i++)
		if (t->tag[i] == vpn >> t->pairs && (t->global[i] || t->asid[i] == asid))
			return (int)i;
	return -1;
}

/* Seeded random writes (few tags, ASIDs and global entries, so that
 * several entries match one lookup), invalidations, flushes and copies:
 * tlb_lookup finds what the scan finds, with the index (up to 64 entries)
 * and without it. */
static void test_lookup_index(void **state)
{
	(void)state;
	unsigned sizes[] = {1, 2, 48, 63, 64, 65, 96};
	uint64_t s = 12345;
	for (unsigned z = 0; z < sizeof sizes / sizeof *sizes; z++)
		for (unsigned pairs = 0; pairs < 2; pairs++) {
			tlb t, c;
			unsigned n = sizes[z];
			assert_int_equal(tlb_init(&t, n, 0, pairs, TLB_RANDOM, 7), 0);
			assert_int_equal(tlb_init(&c, n, 0, pairs, TLB_RANDOM, 7), 0);
			for (unsigned k = 0; k < 20000; k++) {
				s = s * 6364136223846793005ull + 1442695040888963407ull;
				unsigned op = (unsigned)(s >> 60), i = (unsigned)(s >> 33) % n;
				uint64_t vpn = (s >> 20) % 300 + (op & 1) * 64 * 1000; /* colliding buckets */
				uint32_t asid = (uint32_t)(s >> 12) % 3;
				if (op < 9)
					tlb_write(&t, i, vpn, asid, (s >> 8) % 5 == 0, 3, 1);
				else if (op < 14)
					tlb_inval(&t, i);
				else if (op == 14 && k % 64 == 0)
					tlb_flush(&t);
				else if (op == 15) {
					tlb_copy(&c, &t);
					for (uint64_t v = 0; v < 300; v += 7)
						assert_int_equal(tlb_lookup(&c, v, asid), scan(&t, v, asid));
				}
				for (uint64_t v = vpn > 2 ? vpn - 2 : 0; v < vpn + 3; v++)
					assert_int_equal(tlb_lookup(&t, v, asid), scan(&t, v, asid));
			}
			tlb_free(&t);
			tlb_free(&c);
		}
}

static void test_swtlb(void **state)
{
	(void)state;
	swtlb s;
	/* 4 entries, 2 ways: 2 sets; set = (vpn2 + asid*40503) % 2 */
	assert_int_equal(swtlb_init(&s, 4, 2), 0);
	assert_int_equal(s.sets, 2);
	assert_null(swtlb_lookup(&s, 2, 0));
	swtlb_insert(&s, 2, 0, 1, 0, 0); /* set 0 */
	swtlb_insert(&s, 4, 0, 3, 1, 0); /* set 0 */
	swtlb_insert(&s, 1, 0, 1, 1, 0); /* set 1 */
	assert_non_null(swtlb_lookup(&s, 2, 0)); /* 2 now most recent in set 0 */
	swtlb_insert(&s, 6, 0, 1, 1, 0); /* set 0 full: evicts 4 */
	assert_null(swtlb_lookup(&s, 4, 0));
	assert_non_null(swtlb_lookup(&s, 2, 0));
	assert_non_null(swtlb_lookup(&s, 1, 0));
	const swtlb_way *w = swtlb_lookup(&s, 6, 0);
	assert_non_null(w);
	assert_int_equal(w->valid, 1);
	swtlb_insert(&s, 6, 0, 3, 3, 0); /* update in place */
	w = swtlb_lookup(&s, 6, 0);
	assert_int_equal(w->valid, 3);
	assert_int_equal(w->dirty, 3);
	assert_null(swtlb_lookup(&s, 6, 1)); /* other ASID */
	assert_int_equal(swtlb_remove(&s, 6, 0), 1);
	assert_null(swtlb_lookup(&s, 6, 0));
	assert_int_equal(swtlb_remove(&s, 6, 0), 0);
	swtlb_free(&s);
	/* fully associative LRU over many keys: exactly the last N survive */
	assert_int_equal(swtlb_init(&s, 64, 0), 0);
	for (uint64_t k = 0; k < 1000; k++)
		swtlb_insert(&s, k * 7, 3, 1, 1, 0);
	for (uint64_t k = 0; k < 1000; k++)
		assert_int_equal(swtlb_lookup(&s, k * 7, 3) != NULL, k >= 936);
	swtlb_free(&s);
	/* disabled */
	assert_int_equal(swtlb_init(&s, 0, 0), 0);
	swtlb_insert(&s, 1, 1, 1, 1, 0);
	assert_null(swtlb_lookup(&s, 1, 1));
	swtlb_free(&s);
	assert_int_equal(swtlb_init(&s, 6, 4), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs),  cmocka_unit_test(test_asid_global),
		cmocka_unit_test(test_wired),  cmocka_unit_test(test_fifo),
		cmocka_unit_test(test_lru),    cmocka_unit_test(test_random),
		cmocka_unit_test(test_swtlb),  cmocka_unit_test(test_lookup_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
