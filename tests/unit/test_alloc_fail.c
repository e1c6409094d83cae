/*
 * test_alloc_fail.c - out of memory at every allocation of a replay and of
 * a sweep: the Makefile links this test with -Wl,--wrap=malloc,calloc,
 * realloc, so the N-th allocation made by our code fails, for N = 0, 1,
 * 2, ... until a run makes no more.  Each run must either succeed with
 * exactly the results of an undisturbed run, or report the failure (a
 * status and a one-line message from replay_new, replay_feed,
 * shadow_attach, shadow_result) and then give no result: never wrong
 * numbers, a crash or a leak (the sanitizer build checks those).  The
 * stream takes every path that allocates: new pages and page-table
 * entries, unmaps (the free list), the software TLB, a kseg0 reference
 * that parts native from the monitor modes (the split of the shared
 * machine), interval marks, the shadows' stack.
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
#include "sweep/shadow.h"

/* ---- the hook ---------------------------------------------------------- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t k);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t k);
void *__wrap_realloc(void *p, size_t n);

static long fail_at = -1; /* the allocation to fail (-1: none) */
static long calls;        /* allocations since the hook was armed */

static int fail_now(void)
{
	return fail_at >= 0 && calls++ == fail_at;
}

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t k)
{
	return fail_now() ? NULL : __real_calloc(n, k);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

/* ---- the stream --------------------------------------------------------- */

#define NREC 60000
static trace_rec recs[NREC];

static void build(void)
{
	uint64_t x = 12345;
	for (size_t i = 0; i < NREC; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		unsigned k = (unsigned)(x >> 33) % 100;
		uint64_t page = (x >> 40) % 900;
		trace_rec *r = &recs[i];
		memset(r, 0, sizeof *r);
		if (i == NREC / 2) {
			r->kind = TK_LOAD; /* kseg0: native and the monitor part */
			r->addr = 0x80004000;
			r->arg = 4;
		} else if (k < 2) {
			r->kind = TK_UNMAP;
			r->x = 1;
			r->addr = 0x10000000 + page * 4096;
		} else if (k < 4) {
			r->kind = TK_PTE;
			r->x = 1;
			r->addr = 0x10000000 + page * 4096;
			r->arg = (uint32_t)(3000 + page);
			r->sub = TPTE_VALID;
		} else if (k < 50) {
			r->kind = TK_FETCH;
			r->addr = 0x400000 + (x >> 20) % 16384 * 4;
			r->arg = 4;
		} else {
			r->kind = k < 80 ? TK_LOAD : TK_STORE;
			r->addr = 0x10000000 + page * 4096 + (x >> 50) % 4000;
			r->arg = 4;
		}
	}
}

/* ---- runs --------------------------------------------------------------- */

typedef struct outcome {
	int failed;               /* the failure was reported */
	replay_result res[REPLAY_NMODES + 8];
	unsigned nres;
} outcome;

static const shadow_cfg cfgs[] = {{16, 0}, {64, 0}, {SHADOW_INF, 0}, {64, 4}};
#define NCFG (sizeof cfgs / sizeof cfgs[0])

/* A replay of every mode (with interval marks), or a sweep (native, virt
 * and shadows).  Returns the outcome; checks that a reported failure
 * comes with a message and leaves no result. */
static outcome run(int sweep)
{
	outcome o;
	memset(&o, 0, sizeof o);
	char err[256] = "";
	replay_opts opt;
	replay_opts_init(&opt);
	opt.tlb_entries = 16;
	replay *r;
	unsigned modes = sweep ? REPLAY_MODE_BIT(REPLAY_NATIVE) | REPLAY_MODE_BIT(REPLAY_VIRT) : REPLAY_ALL;
	if (replay_new(&r, &opt, modes, 1, err, sizeof err)) {
		assert_true(err[0] != 0);
		assert_null(r);
		o.failed = 1;
		return o;
	}
	if (sweep && shadow_attach(r, cfgs, NCFG, err, sizeof err)) {
		assert_true(err[0] != 0);
		replay_free(r);
		o.failed = 1;
		return o;
	}
	if (!sweep)
		replay_set_interval(r, 1000, NULL);
	replay_status st = REPLAY_OK;
	for (size_t i = 0; i < NREC && st == REPLAY_OK; i += 4096)
		st = replay_feed(r, recs + i, NREC - i < 4096 ? NREC - i : 4096);
	replay_finish(r);
	if (st != REPLAY_OK) {
		assert_int_equal(st, REPLAY_E_NOMEM);
		assert_int_equal(replay_get_status(r), st);
		assert_true(replay_error(r)[0] != 0);
		/* no result after an error, and feeding stays refused */
		replay_result x;
		for (unsigned md = 0; md < REPLAY_NMODES; md++)
			assert_int_equal(replay_get_result(r, md, -1, &x), -1);
		assert_int_equal(replay_feed(r, recs, 1), st);
		if (sweep)
			assert_int_equal(shadow_result(r, 0, &x), -1);
		o.failed = 1;
	} else {
		for (unsigned md = 0; md < REPLAY_NMODES; md++)
			if (!replay_get_result(r, md, -1, &o.res[o.nres]))
				o.nres++;
		for (size_t c = 0; sweep && c < NCFG; c++) {
			if (shadow_result(r, c, &o.res[o.nres])) {
				o.failed = 1; /* the shadows ran out of memory */
				break;
			}
			o.nres++;
		}
	}
	if (sweep)
		shadow_detach(r);
	replay_free(r);
	return o;
}

static void every_allocation(int sweep)
{
	fail_at = -1;
	outcome ref = run(sweep);
	assert_false(ref.failed);
	assert_true(ref.nres >= 3);
	long n;
	unsigned reported = 0;
	for (n = 0;; n++) {
		fail_at = n;
		calls = 0;
		outcome o = run(sweep);
		int hit = calls > n; /* the n-th allocation happened (and failed) */
		fail_at = -1;
		if (!hit) {
			/* past the last allocation: an undisturbed run */
			assert_false(o.failed);
			break;
		}
		if (o.failed) {
			reported++;
			continue;
		}
		/* a failure the library absorbed (e.g. a cache that is only
		 * an optimisation) must not change a single number */
		assert_int_equal(o.nres, ref.nres);
		assert_memory_equal(o.res, ref.res, ref.nres * sizeof ref.res[0]);
	}
	printf("%s: %ld allocations, each failed once: %u reported as errors\n",
	       sweep ? "sweep" : "replay", n, reported);
	assert_true(n > 20);
	assert_true(reported > 0);
}

static void test_replay(void **st)
{
	(void)st;
	every_allocation(0);
}

static void test_sweep(void **st)
{
	(void)st;
	every_allocation(1);
}

int main(void)
{
	build();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_sweep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
