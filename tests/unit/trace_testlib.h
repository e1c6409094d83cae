/*
 * trace_testlib.h - helpers shared by the trace unit tests: a seeded random
 * generator, generators of realistic and junk record streams, and round-trip
 * helpers (header-only; each test program includes it once).
 */
#ifndef TRACE_TESTLIB_H
#define TRACE_TESTLIB_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace/trace.h"

typedef struct rng { uint64_t s; } rng;

static inline uint64_t rng_next(rng *g)
{
	uint64_t z = (g->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static inline uint64_t rng_below(rng *g, uint64_t n)
{
	return n ? rng_next(g) % n : 0;
}

/* A random valid record of any kind (marker indices below nnames). */
static inline trace_rec rand_junk(rng *g, uint32_t nnames)
{
	trace_rec r;
	memset(&r, 0, sizeof r);
	unsigned k = (unsigned)rng_below(g, TK_NKINDS);
	if (k == TK_MARK && nnames == 0)
		k = TK_FETCH;
	r.kind = (uint8_t)k;
	uint64_t a = rng_next(g);
	switch (rng_below(g, 4)) {
	case 0: a &= 0xffff; break;
	case 1: a = rng_below(g, 2) ? 0 : UINT64_MAX; break;
	default: break;
	}
	uint32_t v = (uint32_t)rng_next(g);
	if (rng_below(g, 2))
		v &= 0x3f;
	switch (k) {
	case TK_FETCH: case TK_LOAD: case TK_STORE: /* sizes up to the format's bound */
		r.addr = a; r.arg = v % (TRACE_MAX_SIZE + 1); break;
	case TK_MODE: r.sub = (uint8_t)rng_below(g, TMODE_N); break;
	case TK_ASID: r.arg = v & 0xffff; break;
	case TK_TRAP: r.sub = (uint8_t)rng_below(g, TTRAP_N); r.arg = v; r.addr = a; break;
	case TK_PRIV: r.sub = (uint8_t)rng_below(g, TPRIV_N); r.x = (uint16_t)rng_next(g); r.addr = a; break;
	case TK_PTE: r.sub = (uint8_t)rng_below(g, 8); r.x = (uint16_t)rng_next(g); r.addr = a; r.arg = v; break;
	case TK_UNMAP: r.x = (uint16_t)rng_next(g); r.addr = a; break;
	case TK_ZERO: case TK_VM: r.arg = v; break;
	case TK_MARK: r.sub = (uint8_t)rng_below(g, 2); r.arg = (uint32_t)rng_below(g, nnames); break;
	case TK_EXC: r.sub = (uint8_t)rng_below(g, 32); r.x = (uint16_t)rng_next(g); r.arg = v; r.addr = a; break;
	case TK_TLBW: r.sub = (uint8_t)rng_next(g); r.x = (uint16_t)rng_next(g); r.arg = v; r.addr = a; break;
	case TK_IDLE: r.addr = a ? a : 1; break;
	}
	return r;
}

/* Fills recs[0..n) with a realistic program-like stream: loops of
 * sequential fetches of x86-like sizes, loads and stores with strided,
 * repeated or random addresses, calls, some junk.  Deterministic in seed. */
static inline void gen_stream(trace_rec *recs, size_t n, uint64_t seed, uint32_t nnames)
{
	rng g = { seed };
	size_t i = 0;
	uint64_t code = 0x400000 + (rng_next(&g) & 0xfff0);
	while (i < n) {
		/* one loop: a body of some instructions run some times */
		unsigned body = 1 + (unsigned)rng_below(&g, 40);
		unsigned iters = 1 + (unsigned)rng_below(&g, 200);
		uint64_t start = code + rng_below(&g, 1 << 16);
		uint8_t sizes[40], nd[40], dk[40][2];
		uint64_t base[40][2];
		int64_t stride[40][2];
		for (unsigned b = 0; b < body; b++) {
			sizes[b] = (uint8_t)(1 + rng_below(&g, 15));
			nd[b] = (uint8_t)(rng_below(&g, 3) ? 0 : 1 + rng_below(&g, 2));
			for (int d = 0; d < 2; d++) {
				dk[b][d] = (uint8_t)(rng_below(&g, 3) ? TK_LOAD : TK_STORE);
				base[b][d] = rng_below(&g, 3) ? 0x7ffd0000 + rng_below(&g, 4096)
				                              : 0x600000 + rng_below(&g, 1 << 20);
				static const int64_t strides[] = { 0, 0, 1, 4, 8, -8, 16, 64 };
				stride[b][d] = rng_below(&g, 10) ? strides[rng_below(&g, 8)]
				                                 : (int64_t)rng_next(&g);
			}
		}
		for (unsigned it = 0; it < iters && i < n; it++) {
			uint64_t pc = start;
			for (unsigned b = 0; b < body && i < n; b++) {
				recs[i++] = (trace_rec){ pc, sizes[b], 0, TK_FETCH, 0 };
				pc += sizes[b];
				for (unsigned d = 0; d < nd[b] && i < n; d++) {
					uint64_t a = base[b][d] + (uint64_t)stride[b][d] * it;
					if (rng_below(&g, 50) == 0)
						a = rng_next(&g);
					recs[i++] = (trace_rec){ a, rng_below(&g, 8) ? 8u : 1u << rng_below(&g, 6),
					                         0, dk[b][d], 0 };
				}
			}
			if (rng_below(&g, 1000) == 0 && i < n)
				recs[i++] = rand_junk(&g, nnames);
		}
	}
}

static inline char *test_tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	char *d = malloc(4096);
	snprintf(d, 4096, "%s/trace-test.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(d)) {
		perror("mkdtemp");
		abort();
	}
	return d;
}

static inline void test_header(trace_header *h, const char *desc)
{
	memset(h, 0, sizeof *h);
	h->big_endian = 0;
	h->word_bits = 64;
	h->page_size = 4096;
	snprintf(h->desc, sizeof h->desc, "%s", desc);
}

/* Writes recs to path in chunks in format version major.x (2: the
 * default, 1: 1.1); asserts success. */
static inline void write_trace_version(const char *path, const trace_rec *recs, size_t n,
                                       int level, unsigned major)
{
	trace_header h;
	test_header(&h, "unit test");
	trace_writer *w;
	char err[512];
	int rc = trace_writer_open(&w, path, &h, level, err, sizeof err);
	if (rc)
		fail_msg("%s", err);
	if (major != 2 && trace_writer_set_version(w, major))
		fail_msg("%s", trace_writer_error(w));
	size_t chunk = 1;
	for (size_t i = 0; i < n;) {
		size_t m = n - i < chunk ? n - i : chunk;
		rc = trace_write(w, recs + i, m);
		if (rc)
			fail_msg("%s", trace_writer_error(w));
		i += m;
		chunk = chunk * 3 + 1;
		if (chunk > 100000)
			chunk = 7;
	}
	rc = trace_writer_finish(w, err, sizeof err);
	if (rc)
		fail_msg("%s", err);
}

/* Writes recs to path in chunks (format 2.0); asserts success. */
static inline void write_trace(const char *path, const trace_rec *recs, size_t n, int level)
{
	write_trace_version(path, recs, n, level, 2);
}

/* Reads all of path with varying batch sizes into *out (malloced), returns
 * the final status: 0 (verified end) or a negative trace_status. */
static inline int read_trace(const char *path, trace_rec **out, size_t *nout, char *err, size_t errlen)
{
	trace_reader *r;
	*out = NULL;
	*nout = 0;
	int rc = trace_reader_open(&r, path, err, errlen);
	if (rc)
		return rc;
	size_t cap = 1024, n = 0;
	trace_rec *v = malloc(cap * sizeof *v);
	size_t batch = 1;
	for (;;) {
		if (n + batch > cap) {
			while (n + batch > cap)
				cap *= 2;
			v = realloc(v, cap * sizeof *v);
		}
		long got = trace_read(r, v + n, batch);
		if (got < 0) {
			rc = (int)got;
			snprintf(err, errlen, "%s", trace_reader_error(r));
			break;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		batch = batch * 2 + 3;
		if (batch > 70000)
			batch = 5;
	}
	trace_reader_close(r);
	*out = v;
	*nout = n;
	return rc;
}

static inline void assert_recs_equal(const trace_rec *a, const trace_rec *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (memcmp(&a[i], &b[i], sizeof a[i]))
			fail_msg("record %zu differs: kind %u/%u sub %u/%u x %u/%u arg %u/%u addr %llx/%llx",
			         i, a[i].kind, b[i].kind, a[i].sub, b[i].sub, a[i].x, b[i].x,
			         a[i].arg, b[i].arg, (unsigned long long)a[i].addr,
			         (unsigned long long)b[i].addr);
	}
}

/* Writes recs, reads them back, asserts they are identical. */
static inline void roundtrip(const char *dir, const trace_rec *recs, size_t n)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/rt.zst", dir);
	write_trace(path, recs, n, 0);
	trace_rec *back;
	size_t nb;
	char err[512];
	int rc = read_trace(path, &back, &nb, err, sizeof err);
	if (rc)
		fail_msg("%s", err);
	assert_int_equal(nb, n);
	assert_recs_equal(recs, back, n);
	free(back);
	unlink(path);
}

#endif
