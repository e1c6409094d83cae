/*
 * test_alloc_fail.c - out of memory at every allocation of a replay and of
 * a sweep: the Makefile links this test with -Wl,--wrap=malloc,calloc,
 * realloc, so the N-th allocation made by our code fails, for N = 0, 1,
 * 2, ... until a run makes no more.  Each run must either succeed with
 * exactly the results of an undisturbed run, or report the failure (a
 * status and a one-line message from replay_new, replay_feed,
 * shadow_attach, shadow_result) and then give no result: never wrong
 * numbers, a crash or a leak (the sanitizer build checks those); and of
 * writing and reading a format 2.0 trace (test_trace).  The
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

#include <unistd.h>

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

/* ---- traces -------------------------------------------------------------- */

/* Writes the stream as a format 2.0 trace (more distinct blocks and block
 * records than the table's first allocation holds, so that it grows) and
 * reads it back.  Returns 1 when a failure was reported (a status and a
 * message naming the file, no output file left), else checks the records
 * read equal those written and returns 0. */
static int trace_round(const char *path)
{
	trace_header h;
	memset(&h, 0, sizeof h);
	h.word_bits = 32;
	trace_writer *w;
	char err[512] = "";
	unlink(path);
	if (trace_writer_open(&w, path, &h, 1, err, sizeof err)) {
		assert_non_null(strstr(err, "out of memory"));
		return 1;
	}
	int rc = trace_write(w, recs, NREC);
	if (rc) {
		if (rc != TRACE_E_NOMEM)
			fail_msg("%s", trace_writer_error(w));
		assert_non_null(strstr(trace_writer_error(w), "out of memory"));
		trace_writer_abort(w);
		assert_int_equal(access(path, F_OK), -1);
		return 1;
	}
	if ((rc = trace_writer_finish(w, err, sizeof err))) {
		assert_int_equal(rc, TRACE_E_NOMEM);
		assert_non_null(strstr(err, "out of memory"));
		assert_int_equal(access(path, F_OK), -1);
		return 1;
	}
	trace_reader *r;
	if ((rc = trace_reader_open(&r, path, err, sizeof err))) {
		assert_int_equal(rc, TRACE_E_NOMEM);
		return 1;
	}
	static trace_rec got[NREC + 999];
	size_t n = 0;
	long k;
	while ((k = trace_read_runs(r, got + n, 999)) > 0)
		n += (size_t)k;
	if (k < 0) {
		assert_int_equal(k, TRACE_E_NOMEM);
		assert_non_null(strstr(trace_reader_error(r), path));
		trace_reader_close(r);
		return 1;
	}
	trace_reader_close(r);
	/* (runs joined: compare fetch by fetch) */
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned x = got[i].kind == TK_FETCH ? got[i].x : 0;
		uint64_t a = got[i].addr;
		for (unsigned f = 0; f <= x; f++, j++) {
			assert_true(j < NREC);
			assert_int_equal(recs[j].kind, got[i].kind);
			assert_int_equal(recs[j].addr, a);
			a += recs[j].arg;
		}
	}
	assert_int_equal(j, NREC);
	return 0;
}

static void test_trace(void **st)
{
	(void)st;
	const char *tmp = getenv("TMPROOT");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/test_alloc_fail.XXXXXX", tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	char file[4200];
	snprintf(file, sizeof file, "%s/t.zst", dir);
	fail_at = -1;
	assert_int_equal(trace_round(file), 0);
	long n;
	unsigned reported = 0;
	for (n = 0;; n++) {
		fail_at = n;
		calls = 0;
		int failed = trace_round(file);
		int hit = calls > n;
		fail_at = -1;
		if (!hit) {
			assert_false(failed);
			break;
		}
		reported += (unsigned)failed;
		assert_true(failed); /* every allocation of a trace is needed */
	}
	printf("trace: %ld allocations, each failed once: %u reported as errors\n", n, reported);
	assert_true(n > 10);
	unlink(file);
	rmdir(dir);
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
		cmocka_unit_test(test_trace),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
