/*
 * test_stackdist.c - the one-pass stack-distance method against an
 * independent straightforward model: one LRU cache per capacity, simulated
 * directly (an array ordered by recency; invalidation removes the entry and
 * leaves the slot free), on hand-worked cases and seeded random streams.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sweep/stackdist.h"

/* ---- the straightforward model: a C-entry LRU cache ---- */
typedef struct lru {
	uint64_t *k; /* k[0] most recent */
	size_t n, cap; /* cap 0: unbounded */
	size_t room;
	uint64_t hits;
} lru;

static void lru_init(lru *c, size_t cap)
{
	c->cap = cap;
	c->room = cap ? cap : 1024;
	c->k = malloc(c->room * sizeof *c->k);
	c->n = 0;
	c->hits = 0;
}

static long lru_find(const lru *c, uint64_t key)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->k[i] == key)
			return (long)i;
	return -1;
}

static void lru_access(lru *c, uint64_t key)
{
	long i = lru_find(c, key);
	if (i >= 0) {
		c->hits++;
		memmove(c->k + 1, c->k, (size_t)i * sizeof *c->k);
	} else {
		if (c->cap && c->n == c->cap) {
			c->n--; /* evict the least recent */
		} else if (!c->cap && c->n == c->room) {
			c->room *= 2;
			c->k = realloc(c->k, c->room * sizeof *c->k);
		}
		memmove(c->k + 1, c->k, c->n * sizeof *c->k);
		c->n++;
	}
	c->k[0] = key;
}

static void lru_invalidate(lru *c, uint64_t key)
{
	long i = lru_find(c, key);
	if (i < 0)
		return;
	memmove(c->k + i, c->k + i + 1, (c->n - (size_t)i - 1) * sizeof *c->k);
	c->n--;
}

static uint64_t rng_state;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

#define NCAP 41 /* capacities 1..40 and unbounded (index 40) */

/* Runs one seeded stream through both; compares hits at every capacity. */
static void random_stream(uint64_t seed, unsigned universe, unsigned inval_pct, size_t len)
{
	rng_state = seed * 0x9e3779b97f4a7c15ULL + 1;
	lru caches[NCAP];
	for (size_t c = 0; c < NCAP; c++)
		lru_init(&caches[c], c + 1 == NCAP ? 0 : c + 1);
	stackdist *s = stackdist_new();
	assert_non_null(s);
	uint64_t hits_seen[NCAP] = {0}, counted = 0;
	for (size_t i = 0; i < len; i++) {
		/* skewed keys: a hot set and a long tail */
		uint64_t r = rnd();
		uint64_t key = (r & 3) ? (r >> 8) % (universe / 8 + 1) : (r >> 8) % universe;
		key = key * 4096 + 7; /* spread, like page numbers */
		if ((rnd() % 100) < inval_pct / 2 + 1) {
			/* an insertion or refresh: recency only, not counted */
			assert_true(stackdist_touch(s, key) >= 0);
			for (size_t c = 0; c < NCAP; c++) {
				uint64_t h = caches[c].hits;
				lru_access(&caches[c], key);
				caches[c].hits = h;
			}
			continue;
		}
		if ((rnd() % 100) < inval_pct) {
			int was = stackdist_invalidate(s, key);
			assert_true(was == 0 || was == 1);
			assert_int_equal(was, lru_find(&caches[NCAP - 1], key) >= 0);
			for (size_t c = 0; c < NCAP; c++)
				lru_invalidate(&caches[c], key);
			continue;
		}
		int64_t d = stackdist_access(s, key);
		assert_true(d >= 0);
		counted++;
		for (size_t c = 0; c < NCAP; c++) {
			uint64_t cap = c + 1 == NCAP ? STACKDIST_INF : c + 1;
			uint64_t before = caches[c].hits;
			lru_access(&caches[c], key);
			/* per access: the distance predicts hit or miss exactly */
			int hit = d > 0 && (uint64_t)d <= cap;
			assert_int_equal(caches[c].hits - before, hit);
			hits_seen[c] += (uint64_t)hit;
		}
	}
	uint64_t caps[NCAP], hits[NCAP];
	for (size_t c = 0; c < NCAP; c++)
		caps[c] = c + 1 == NCAP ? STACKDIST_INF : c + 1;
	stackdist_hits_many(s, caps, NCAP, hits);
	for (size_t c = 0; c < NCAP; c++) {
		assert_int_equal(hits[c], caches[c].hits);
		assert_int_equal(stackdist_hits(s, caps[c]), caches[c].hits);
		free(caches[c].k);
	}
	/* the figures are not trivial: some capacities differ */
	assert_true(hits[0] < hits[NCAP - 1]);
	assert_int_equal(stackdist_accesses(s), counted);
	stackdist_free(s);
}

static void test_random_no_inval(void **st)
{
	(void)st;
	random_stream(1, 200, 0, 40000);
	random_stream(2, 60, 0, 40000);
}

static void test_random_inval(void **st)
{
	(void)st;
	for (uint64_t seed = 10; seed < 16; seed++)
		random_stream(seed, 30 + 40 * (unsigned)(seed - 10), 1 + (unsigned)(seed % 4) * 5, 30000);
}

/* Long stream over a large universe: exercises renumbering of times and
 * hash-table growth (still checked at every capacity). */
static void test_random_long(void **st)
{
	(void)st;
	random_stream(99, 20000, 3, 80000);
}

/* Hand-worked: A B C, invalidate C, A.  Caches of 1 and 2 entries miss A
 * (2 held {B,C}, now {B}); 3 holds {A,B} and hits.  Removing C and counting
 * A's distance over the entries present (2) would wrongly call it a hit at
 * capacity 2. */
static void test_hand_hole(void **st)
{
	(void)st;
	stackdist *s = stackdist_new();
	enum { A = 1, B = 2, C = 3, D = 4 };
	assert_int_equal(stackdist_access(s, A), 0);
	assert_int_equal(stackdist_access(s, B), 0);
	assert_int_equal(stackdist_access(s, C), 0);
	assert_int_equal(stackdist_invalidate(s, C), 1);
	assert_int_equal(stackdist_invalidate(s, C), 0);
	assert_int_equal(stackdist_access(s, A), 3); /* hole, B, A */
	/* now A, B, hole: B at 2; the 2-cache is {A,B} with no eviction */
	assert_int_equal(stackdist_access(s, B), 2);
	/* B, A, hole: a new key D fills the hole, nothing evicted at 3 */
	assert_int_equal(stackdist_access(s, D), 0);
	assert_int_equal(stackdist_access(s, A), 3); /* D, B, A */
	assert_int_equal(stackdist_hits(s, 1), 0);
	assert_int_equal(stackdist_hits(s, 2), 1);
	assert_int_equal(stackdist_hits(s, 3), 3);
	assert_int_equal(stackdist_hits(s, STACKDIST_INF), 3);
	assert_int_equal(stackdist_accesses(s), 7);
	stackdist_free(s);
}

/* Hand-worked plain LRU: a cyclic sweep over 4 keys hits only at >= 4. */
static void test_hand_cyclic(void **st)
{
	(void)st;
	stackdist *s = stackdist_new();
	for (int round = 0; round < 5; round++)
		for (uint64_t k = 0; k < 4; k++)
			assert_int_equal(stackdist_access(s, k), round ? 4 : 0);
	assert_int_equal(stackdist_hits(s, 3), 0);
	assert_int_equal(stackdist_hits(s, 4), 16);
	assert_int_equal(stackdist_hits(s, 1000), 16);
	size_t len;
	const uint64_t *h = stackdist_hist(s, &len);
	assert_int_equal(len, 4);
	assert_int_equal(h[3], 16);
	stackdist_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_hole),
		cmocka_unit_test(test_hand_cyclic),
		cmocka_unit_test(test_random_no_inval),
		cmocka_unit_test(test_random_inval),
		cmocka_unit_test(test_random_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
