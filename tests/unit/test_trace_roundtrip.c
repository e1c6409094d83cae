/*
 * test_trace_roundtrip.c - the trace writer and reader give back exactly
 * what was written: edge values, every kind and sub-kind, marker names,
 * seeded random streams of a million records, standard output.
 */
#include "trace_testlib.h"

#include <fcntl.h>

static char *dir;

static int setup(void **state)
{
	dir = test_tmpdir();
	return 0;
}

static int teardown(void **state)
{
	rmdir(dir);
	free(dir);
	return 0;
}

static void test_edge_values(void **state)
{
	static const uint64_t addrs[] = {
		0, 1, 2, 0x7f, 0x80, 0xffffffff, 0x100000000ull, UINT64_MAX, UINT64_MAX - 1,
		0x8000000000000000ull, 0x7fffffffffffffffull, 0, UINT64_MAX, 0,
		0x8000000000000000ull, 0, 0x7fffffffffffffffull, UINT64_MAX, 1,
	};
	static const uint32_t sizes[] = {
		0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 29, 30, 31, 32, 33, 63, 64, 65, 127,
		128, 255, 256, 4096, 16383, 16384, 32767, 32768, 65535, 65536, /* TRACE_MAX_SIZE */
	};
	size_t na = sizeof addrs / sizeof addrs[0], ns = sizeof sizes / sizeof sizes[0];
	size_t n = 0, cap = 3 * na * ns * 3 + 64;
	trace_rec *v = calloc(cap, sizeof *v);
	for (int k = TK_FETCH; k <= TK_STORE; k++)
		for (size_t i = 0; i < na; i++)
			for (size_t j = 0; j < ns; j++) {
				v[n++] = (trace_rec){ addrs[i], sizes[j], 0, (uint8_t)k, 0 };
				/* then the sequential successor and a repeat */
				v[n++] = (trace_rec){ addrs[i] + sizes[j], sizes[j], 0, (uint8_t)k, 0 };
				v[n++] = (trace_rec){ addrs[i], sizes[(j + 1) % ns], 0, (uint8_t)k, 0 };
			}
	/* huge deltas both ways between consecutive fetches */
	v[n++] = (trace_rec){ 0, 4, 0, TK_FETCH, 0 };
	v[n++] = (trace_rec){ UINT64_MAX - 3, 4, 0, TK_FETCH, 0 };
	v[n++] = (trace_rec){ 0, 4, 0, TK_FETCH, 0 }; /* sequential: wraps */
	v[n++] = (trace_rec){ 0x8000000000000000ull, 4, 0, TK_FETCH, 0 };
	v[n++] = (trace_rec){ 4, 4, 0, TK_FETCH, 0 };
	v[n++] = (trace_rec){ 0, 8, 0, TK_LOAD, 0 };
	v[n++] = (trace_rec){ UINT64_MAX, 8, 0, TK_STORE, 0 };
	v[n++] = (trace_rec){ 0, 8, 0, TK_LOAD, 0 };
	assert_true(n <= cap);
	roundtrip(dir, v, n);
	free(v);
}

static void test_every_kind(void **state)
{
	trace_rec v[256];
	size_t n = 0;
	for (unsigned m = 0; m < TMODE_N; m++)
		v[n++] = (trace_rec){ 0, 0, 0, TK_MODE, (uint8_t)m };
	v[n++] = (trace_rec){ 0, 0, 0, TK_ASID, 0 };
	v[n++] = (trace_rec){ 0, 65535, 0, TK_ASID, 0 };
	v[n++] = (trace_rec){ 0, 17, 0, TK_ASID, 0 };
	for (unsigned t = 0; t < TTRAP_N; t++) {
		v[n++] = (trace_rec){ 0x80001234, 4001, 0, TK_TRAP, (uint8_t)t };
		v[n++] = (trace_rec){ UINT64_MAX, UINT32_MAX, 0, TK_TRAP, (uint8_t)t };
		v[n++] = (trace_rec){ 0, 0, 0, TK_TRAP, (uint8_t)t };
	}
	for (unsigned p = 0; p < TPRIV_N; p++) {
		v[n++] = (trace_rec){ 0, 0, 0, TK_PRIV, (uint8_t)p };
		v[n++] = (trace_rec){ 0xdeadbeefcafef00dull, 0, 12 * 8 + 1, TK_PRIV, (uint8_t)p };
		v[n++] = (trace_rec){ UINT64_MAX, 0, 0xffff, TK_PRIV, (uint8_t)p };
	}
	for (unsigned f = 0; f < 8; f++) {
		v[n++] = (trace_rec){ 0x7fff0000u + f * 4096, 0x1234 + f, (uint16_t)f, TK_PTE, (uint8_t)f };
		v[n++] = (trace_rec){ UINT64_MAX, UINT32_MAX, 0xffff, TK_PTE, (uint8_t)f };
	}
	v[n++] = (trace_rec){ 0x7fff0000, 0, 3, TK_UNMAP, 0 };
	v[n++] = (trace_rec){ UINT64_MAX, 0, 0xffff, TK_UNMAP, 0 };
	v[n++] = (trace_rec){ 0, 0, 0, TK_UNMAP, 0 };
	v[n++] = (trace_rec){ 0, 0, 0, TK_ZERO, 0 };
	v[n++] = (trace_rec){ 0, UINT32_MAX, 0, TK_ZERO, 0 };
	v[n++] = (trace_rec){ 0, 0, 0, TK_VM, 0 };
	v[n++] = (trace_rec){ 0, UINT32_MAX, 0, TK_VM, 0 };
	v[n++] = (trace_rec){ 0, 3, 0, TK_VM, 0 };
	/* format 1.1: every exception code, vectors, extreme fields; TLB
	 * writes of every index both ways; idles */
	for (unsigned e = 0; e < 32; e++)
		v[n++] = (trace_rec){ 0x80000000u + e * 4, e * 0x1001u, (uint16_t)(e & 1 ? 0x180 : 0), TK_EXC,
		                      (uint8_t)e };
	v[n++] = (trace_rec){ UINT64_MAX, UINT32_MAX, 0xffff, TK_EXC, 31 };
	v[n++] = (trace_rec){ 0, 0, 0x200, TK_EXC, 0 };
	v[n++] = (trace_rec){ 0x1000, 4, 0, TK_FETCH, 0 };
	for (unsigned i = 0; i < 256; i += 37)
		v[n++] = (trace_rec){ 0x0000003f0001234full * i, 0x00400000u | i, (uint16_t)(i * 0x101), TK_TLBW,
		                      (uint8_t)i };
	v[n++] = (trace_rec){ UINT64_MAX, UINT32_MAX, 0xffff, TK_TLBW, 0xff };
	v[n++] = (trace_rec){ 0, 0, 0, TK_TLBW, 0 };
	v[n++] = (trace_rec){ 1, 0, 0, TK_IDLE, 0 };
	v[n++] = (trace_rec){ 123456789, 0, 0, TK_IDLE, 0 };
	v[n++] = (trace_rec){ UINT64_MAX, 0, 0, TK_IDLE, 0 };
	v[n++] = (trace_rec){ 0x1000, 4, 0, TK_FETCH, 0 };
	v[n++] = (trace_rec){ 0x2000, 4, 0, TK_LOAD, 0 };
	v[n++] = (trace_rec){ 0x3000, 4, 0, TK_STORE, 0 };
	assert_true(n <= 256);
	roundtrip(dir, v, n);

	/* counts per kind, up front (seekable file) and at the end */
	char path[4200];
	snprintf(path, sizeof path, "%s/kinds.zst", dir);
	write_trace(path, v, n, 0);
	trace_reader *r;
	char err[512];
	assert_int_equal(trace_reader_open(&r, path, err, sizeof err), TRACE_OK);
	trace_counts c;
	assert_int_equal(trace_reader_counts(r, &c), 1);
	assert_int_equal(c.records, n);
	uint64_t want[TK_NKINDS] = {0};
	for (size_t i = 0; i < n; i++)
		want[v[i].kind]++;
	for (int k = 0; k < TK_NKINDS; k++)
		assert_int_equal(c.kind[k], want[k]);
	for (int k = TK_EXC; k < TK_NKINDS; k++)
		assert_true(c.kind[k] > 0);
	const trace_header *h = trace_reader_header(r);
	assert_int_equal(h->version_major, 2);
	assert_int_equal(h->version_minor, 0); /* the writer writes version 2.0 */
	assert_int_equal(h->word_bits, 64);
	assert_int_equal(h->big_endian, 0);
	assert_int_equal(h->page_size, 4096);
	assert_string_equal(h->desc, "unit test");
	trace_rec buf[300];
	assert_int_equal(trace_read(r, buf, 0), TRACE_E_ARG); /* never 0 = "end" */
	assert_int_equal(trace_read(r, buf, 300), (long)n);
	assert_int_equal(trace_read(r, buf, 300), 0);
	assert_int_equal(trace_read(r, buf, 300), 0);
	assert_int_equal(trace_reader_position(r), n);
	assert_true(trace_reader_bytes_in(r) > 0);
	memset(&c, 0, sizeof c);
	assert_int_equal(trace_reader_counts(r, &c), 1);
	assert_int_equal(c.records, n);
	for (int k = 0; k < TK_NKINDS; k++)
		assert_int_equal(c.kind[k], want[k]);
	trace_reader_close(r);
	unlink(path);
}

static void test_header_fields(void **state)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/hdr.zst", dir);
	trace_header h;
	memset(&h, 0, sizeof h);
	h.big_endian = 1;
	h.word_bits = 32;
	h.page_size = 0xffffffffu;
	memset(h.desc, 'd', TRACE_DESC_MAX - 1); /* the longest description */
	h.desc[5] = '\n';
	trace_writer *w;
	char err[512];
	assert_int_equal(trace_writer_open(&w, path, &h, 1, err, sizeof err), TRACE_OK);
	assert_int_equal(trace_writer_close(w), TRACE_OK);
	trace_reader *r;
	assert_int_equal(trace_reader_open(&r, path, err, sizeof err), TRACE_OK);
	const trace_header *g = trace_reader_header(r);
	assert_int_equal(g->big_endian, 1);
	assert_int_equal(g->word_bits, 32);
	assert_int_equal(g->page_size, 0xffffffffu);
	assert_int_equal(g->version_major, 2);
	assert_int_equal(g->version_minor, 0);
	assert_memory_equal(g->desc, h.desc, TRACE_DESC_MAX);
	trace_rec b[4];
	assert_int_equal(trace_read(r, b, 4), 0); /* empty trace */
	trace_reader_close(r);
	unlink(path);

	/* a header the format cannot hold */
	h.word_bits = 16;
	assert_int_equal(trace_writer_open(&w, path, &h, 0, err, sizeof err), TRACE_E_ARG);
	assert_true(strstr(err, path) != NULL);
	h.word_bits = 64;
	h.desc[TRACE_DESC_MAX - 1] = 'x'; /* not terminated */
	assert_int_equal(trace_writer_open(&w, path, &h, 0, err, sizeof err), TRACE_E_ARG);
	assert_int_equal(access(path, F_OK), -1);
}

static void test_marker_names(void **state)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/names.zst", dir);
	trace_header h;
	test_header(&h, "names");
	trace_writer *w;
	char err[512];
	assert_int_equal(trace_writer_open(&w, path, &h, 0, err, sizeof err), TRACE_OK);
	/* marker with no defined name is refused */
	trace_rec bad = { 0, 0, 0, TK_MARK, TMARK_BEGIN };
	assert_int_equal(trace_write(w, &bad, 1), TRACE_E_ARG);
	assert_true(strstr(trace_writer_error(w), "record 0") != NULL);
	char name[TRACE_DESC_MAX + 8];
	trace_rec v[3000];
	size_t n = 0;
	long idx[1000];
	for (int i = 0; i < 1000; i++) {
		if (i == 999) {
			memset(name, 'L', 4096);
			name[4096] = 0;
		} else if (i == 998) {
			name[0] = 0; /* the empty name */
		} else {
			snprintf(name, sizeof name, "phase %d \xc3\xa9 \t end", i);
		}
		idx[i] = trace_writer_name(w, name);
		assert_int_equal(idx[i], i);
		assert_int_equal(trace_writer_name(w, name), i); /* interned */
		v[n] = (trace_rec){ 0, (uint32_t)i, 0, TK_MARK, TMARK_BEGIN };
		assert_int_equal(trace_write(w, &v[n], 1), TRACE_OK);
		n++;
		v[n] = (trace_rec){ 0x1000 + (uint64_t)i, 4, 0, TK_FETCH, 0 };
		assert_int_equal(trace_write(w, &v[n], 1), TRACE_OK);
		n++;
	}
	v[n] = (trace_rec){ 0, 3, 0, TK_MARK, TMARK_END };
	assert_int_equal(trace_write(w, &v[n], 1), TRACE_OK);
	n++;
	memset(name, 'L', 4097);
	name[4097] = 0;
	assert_int_equal(trace_writer_name(w, name), TRACE_E_ARG);
	assert_int_equal(trace_writer_counts(w)->kind[TK_MARK], 1001);
	assert_int_equal(trace_writer_finish(w, err, sizeof err), TRACE_OK);

	trace_reader *r;
	assert_int_equal(trace_reader_open(&r, path, err, sizeof err), TRACE_OK);
	trace_rec b[3000];
	size_t got = 0;
	for (;;) {
		long k = trace_read(r, b + got, 7);
		assert_true(k >= 0);
		if (k == 0)
			break;
		/* a name is known by the time a record uses it */
		for (size_t i = got; i < got + (size_t)k; i++)
			if (b[i].kind == TK_MARK)
				assert_non_null(trace_reader_name(r, b[i].arg));
		got += (size_t)k;
	}
	assert_int_equal(got, n);
	assert_recs_equal(v, b, n);
	assert_string_equal(trace_reader_name(r, 5), "phase 5 \xc3\xa9 \t end");
	assert_string_equal(trace_reader_name(r, 998), "");
	assert_int_equal(strlen(trace_reader_name(r, 999)), 4096);
	assert_null(trace_reader_name(r, 1000));
	trace_reader_close(r);
	unlink(path);
}

/* The names of one trace are bounded in all (64 MiB): the writer refuses
 * the name beyond, so it never makes a trace the reader refuses. */
static void test_names_bound(void **state)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/nb.zst", dir);
	trace_header h;
	test_header(&h, "names bound");
	trace_writer *w;
	char err[512];
	assert_int_equal(trace_writer_open(&w, path, &h, 1, err, sizeof err), TRACE_OK);
	static char name[4097];
	memset(name, 'n', 4096);
	for (int i = 0; i < 16384; i++) {
		snprintf(name, 12, "%08d", i);
		name[8] = 'n';
		assert_int_equal(trace_writer_name(w, name), i);
	}
	snprintf(name, 12, "%08d", 16384);
	name[8] = 'n';
	assert_int_equal(trace_writer_name(w, name), TRACE_E_ARG);
	assert_non_null(strstr(trace_writer_error(w), "marker names exceed"));
	snprintf(name, 12, "%08d", 7);
	name[8] = 'n';
	assert_int_equal(trace_writer_name(w, name), 7); /* known names still resolve */
	trace_rec m = { 0, 16383, 0, TK_MARK, TMARK_END };
	assert_int_equal(trace_write(w, &m, 1), TRACE_OK);
	assert_int_equal(trace_writer_finish(w, err, sizeof err), TRACE_OK);
	trace_rec *b;
	size_t nb;
	assert_int_equal(read_trace(path, &b, &nb, err, sizeof err), TRACE_OK);
	assert_int_equal(nb, 1);
	assert_recs_equal(&m, b, 1);
	free(b);
	unlink(path);
}

static void test_random_million(void **state)
{
	size_t n = 1000000;
	trace_rec *v = malloc(n * sizeof *v);
	for (uint64_t seed = 1; seed <= 3; seed++) {
		gen_stream(v, n, seed, 0);
		roundtrip(dir, v, n);
	}
	/* pure junk: every kind, random fields */
	rng g = { 42 };
	for (size_t i = 0; i < n; i++)
		v[i] = rand_junk(&g, 0);
	roundtrip(dir, v, n);
	free(v);
}

static void test_levels(void **state)
{
	size_t n = 50000;
	trace_rec *v = malloc(n * sizeof *v);
	gen_stream(v, n, 7, 0);
	char path[4200];
	snprintf(path, sizeof path, "%s/lvl.zst", dir);
	for (int level = -5; level <= 19; level += 6) {
		write_trace(path, v, n, level);
		trace_rec *b;
		size_t nb;
		char err[512];
		assert_int_equal(read_trace(path, &b, &nb, err, sizeof err), TRACE_OK);
		assert_int_equal(nb, n);
		assert_recs_equal(v, b, n);
		free(b);
	}
	unlink(path);
	free(v);
}

static void test_stdout(void **state)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/stdout.zst", dir);
	size_t n = 20000;
	trace_rec *v = malloc(n * sizeof *v);
	gen_stream(v, n, 11, 0);
	fflush(stdout);
	int saved = dup(1);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	dup2(fd, 1);
	close(fd);
	write_trace("-", v, n, 0);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	trace_rec *b;
	size_t nb;
	char err[512];
	assert_int_equal(read_trace(path, &b, &nb, err, sizeof err), TRACE_OK);
	assert_int_equal(nb, n);
	assert_recs_equal(v, b, n);
	free(b);

	/* and read back through standard input: no totals up front */
	FILE *in = freopen(path, "rb", stdin);
	assert_non_null(in);
	trace_reader *r;
	assert_int_equal(trace_reader_open(&r, "-", err, sizeof err), TRACE_OK);
	trace_counts c;
	(void)trace_reader_counts(r, &c);
	trace_rec *bb = malloc(n * sizeof *bb);
	long got = trace_read(r, bb, n);
	assert_int_equal(got, (long)n);
	assert_int_equal(trace_read(r, bb, n), 0);
	assert_int_equal(trace_reader_counts(r, &c), 1);
	assert_int_equal(c.records, n);
	assert_recs_equal(v, bb, n);
	trace_reader_close(r);
	free(bb);
	unlink(path);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edge_values),
		cmocka_unit_test(test_every_kind),
		cmocka_unit_test(test_header_fields),
		cmocka_unit_test(test_marker_names),
		cmocka_unit_test(test_names_bound),
		cmocka_unit_test(test_random_million),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_stdout),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
