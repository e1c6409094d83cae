/*
 * test_trace_errors.c - bad traces are refused with a status and a one-line
 * message naming the file and the position, never read as something else:
 * truncation at many points, bit flips, unknown major version, wrong magic,
 * trailing junk; and the writer's failures leave no file behind.
 */
#include "trace_testlib.h"

#include <dirent.h>
#include <zstd.h>

#include "trace/codec.h"

static char *dir;
static char path[4200];

static int setup(void **state)
{
	dir = test_tmpdir();
	snprintf(path, sizeof path, "%s/t.zst", dir);
	return 0;
}

static int teardown(void **state)
{
	rmdir(dir);
	free(dir);
	return 0;
}

static uint8_t *slurp(const char *p, size_t *n)
{
	FILE *f = fopen(p, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *b = malloc((size_t)sz + 1);
	assert_int_equal(fread(b, 1, (size_t)sz, f), (size_t)sz);
	fclose(f);
	*n = (size_t)sz;
	return b;
}

static void spit(const char *p, const void *b, size_t n)
{
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, n, f), n);
	fclose(f);
}

/* Reads the file at path: returns the final status; the records read must
 * be a prefix of want (or, if the status is OK, all of it). */
static int check_read(const trace_rec *want, size_t n, char *err, size_t errlen)
{
	trace_rec *b;
	size_t nb;
	int rc = read_trace(path, &b, &nb, err, errlen);
	if (rc == TRACE_OK) {
		assert_int_equal(nb, n);
		assert_recs_equal(want, b, n);
	} else {
		assert_true(rc < 0);
		/* one line naming the file */
		assert_non_null(strstr(err, path));
		assert_null(strchr(err, '\n'));
	}
	free(b);
	return rc;
}

static void test_truncation(void **state)
{
	size_t n = 120000;
	trace_rec *v = malloc(n * sizeof *v);
	gen_stream(v, n, 5, 0);
	write_trace(path, v, n, 0);
	size_t len;
	uint8_t *full = slurp(path, &len);
	char err[512];
	/* every cut from 0 to 200 bytes, near the end, and 300 spread points */
	size_t cuts[800];
	size_t nc = 0;
	for (size_t c = 0; c < 200 && c < len; c++)
		cuts[nc++] = c;
	for (size_t c = 1; c <= 200 && c <= len; c++)
		cuts[nc++] = len - c;
	for (size_t k = 0; k < 300; k++)
		cuts[nc++] = len * k / 300;
	int truncated = 0;
	for (size_t i = 0; i < nc; i++) {
		spit(path, full, cuts[i]);
		int rc = check_read(v, n, err, sizeof err);
		if (cuts[i] == len - TRC_TOTALS_FRAME) {
			/* the totals frame is optional: without it the trace is whole */
			assert_int_equal(rc, TRACE_OK);
			continue;
		}
		if (rc == TRACE_OK)
			fail_msg("cut at %zu of %zu read as a whole trace", cuts[i], len);
		truncated += rc == TRACE_E_TRUNCATED;
	}
	assert_true(truncated > 300); /* most say "truncated" */
	/* the message names the position */
	spit(path, full, len / 2);
	assert_int_equal(check_read(v, n, err, sizeof err), TRACE_E_TRUNCATED);
	assert_non_null(strstr(err, "record "));
	assert_non_null(strstr(err, "compressed byte "));
	free(full);
	free(v);
	unlink(path);
}

static void test_bit_flips(void **state)
{
	size_t n = 40000;
	trace_rec *v = malloc(n * sizeof *v);
	gen_stream(v, n, 9, 0);
	write_trace(path, v, n, 0);
	size_t len;
	uint8_t *full = slurp(path, &len);
	uint8_t *b = malloc(len);
	char err[512];
	rng g = { 99 };
	int detected = 0;
	for (int i = 0; i < 600; i++) {
		memcpy(b, full, len);
		size_t pos = i < 64 ? (size_t)i : i < 192 ? len - (size_t)(i - 63) : (size_t)rng_below(&g, len);
		b[pos] ^= (uint8_t)(1u << rng_below(&g, 8));
		spit(path, b, len);
		/* either refused, or (a flip in a field that does not change the
		 * content, e.g. the zstd window size) read exactly */
		detected += check_read(v, n, err, sizeof err) != TRACE_OK;
	}
	assert_true(detected > 550);
	free(b);
	free(full);
	free(v);
	unlink(path);
}

/* A raw stream compressed by zstd directly (for hand-made traces). */
static void write_raw(const uint8_t *raw, size_t n)
{
	size_t cap = ZSTD_compressBound(n);
	uint8_t *z = malloc(cap);
	size_t zn = ZSTD_compress(z, cap, raw, n, 3);
	assert_false(ZSTD_isError(zn));
	spit(path, z, zn);
	free(z);
}

static size_t make_raw(uint8_t *raw, unsigned major)
{
	memcpy(raw, TRC_MAGIC, 8);
	raw[8] = (uint8_t)major;
	raw[9] = 0;
	raw[10] = 0;
	raw[11] = 64;
	trc_put32(raw + 12, 4096);
	raw[16] = 2;
	raw[17] = 0;
	raw[18] = 'h';
	raw[19] = 'i';
	size_t n = 20;
	raw[n++] = OP_FSEQ | 4;
	raw[n++] = OP_END;
	raw[n++] = TK_NKINDS;
	for (int k = 0; k < TK_NKINDS; k++, n += 8)
		trc_put64(raw + n, k == TK_FETCH);
	trc_put64(raw + n, 1);
	n += 8;
	trc_put64(raw + n, trc_hash_buf(raw, n));
	return n + 8;
}

static void test_hand_made(void **state)
{
	/* An independent encoding of a one-record trace reads back. */
	uint8_t raw[256];
	size_t n = make_raw(raw, 1);
	write_raw(raw, n);
	trace_rec want = { 0, 4, 0, TK_FETCH, 0 };
	char err[512];
	assert_int_equal(check_read(&want, 1, err, sizeof err), TRACE_OK);

	/* unknown major version: refused with a clear message */
	n = make_raw(raw, 2);
	write_raw(raw, n);
	trace_reader *r;
	assert_int_equal(trace_reader_open(&r, path, err, sizeof err), TRACE_E_VERSION);
	assert_non_null(strstr(err, "version 2.0 is not supported"));
	assert_non_null(strstr(err, path));

	/* wrong magic inside a zstd stream */
	n = make_raw(raw, 1);
	raw[0] = 'X';
	write_raw(raw, n);
	assert_int_equal(trace_reader_open(&r, path, err, sizeof err), TRACE_E_MAGIC);
	assert_non_null(strstr(err, "not a vmmsim trace"));

	/* wrong checksum */
	n = make_raw(raw, 1);
	raw[n - 1] ^= 1;
	write_raw(raw, n);
	assert_int_equal(check_read(&want, 1, err, sizeof err), TRACE_E_CORRUPT);
	assert_non_null(strstr(err, "checksum"));

	/* wrong count */
	n = make_raw(raw, 1);
	raw[23] = 2;
	trc_put64(raw + n - 8, trc_hash_buf(raw, n - 8));
	write_raw(raw, n);
	assert_int_equal(check_read(&want, 1, err, sizeof err), TRACE_E_CORRUPT);

	/* unknown opcode */
	n = make_raw(raw, 1);
	raw[20] = 0xf7;
	write_raw(raw, n);
	assert_int_equal(check_read(&want, 1, err, sizeof err), TRACE_E_CORRUPT);
	assert_non_null(strstr(err, "opcode"));

	/* marker using an undefined name */
	n = make_raw(raw, 1);
	raw[20] = OP_KIND + TK_MARK;
	memmove(raw + 23, raw + 21, n - 21);
	raw[21] = 0;
	raw[22] = 0;
	write_raw(raw, n + 2);
	assert_true(check_read(&want, 1, err, sizeof err) < 0);

	/* stream ends without the trailer */
	n = make_raw(raw, 1);
	write_raw(raw, 21);
	assert_int_equal(check_read(&want, 1, err, sizeof err), TRACE_E_TRUNCATED);
	write_raw(raw, 30);
	assert_int_equal(check_read(&want, 1, err, sizeof err), TRACE_E_TRUNCATED);

	/* not zstd at all, and empty */
	spit(path, "I  0400,4\n", 10);
	assert_int_equal(trace_reader_open(&r, path, err, sizeof err), TRACE_E_MAGIC);
	assert_non_null(strstr(err, path));
	spit(path, "", 0);
	assert_int_equal(trace_reader_open(&r, path, err, sizeof err), TRACE_E_MAGIC);
	unlink(path);

	/* missing file, directory */
	assert_int_equal(trace_reader_open(&r, path, err, sizeof err), TRACE_E_IO);
	assert_non_null(strstr(err, path));
	assert_int_equal(trace_reader_open(&r, dir, err, sizeof err), TRACE_E_IO);
}

static void test_trailing_data(void **state)
{
	trace_rec v[3] = { { 0x1000, 4, 0, TK_FETCH, 0 }, { 0x2000, 8, 0, TK_LOAD, 0 },
	                   { 0x1004, 2, 0, TK_FETCH, 0 } };
	write_trace(path, v, 3, 0);
	size_t len;
	uint8_t *full = slurp(path, &len);
	uint8_t *b = malloc(len * 2 + 16);
	char err[512];
	/* a second copy appended */
	memcpy(b, full, len);
	memcpy(b + len, full, len);
	spit(path, b, 2 * len);
	assert_int_equal(check_read(v, 3, err, sizeof err), TRACE_E_CORRUPT);
	/* one junk byte appended */
	memcpy(b, full, len);
	b[len] = 0;
	spit(path, b, len + 1);
	assert_int_equal(check_read(v, 3, err, sizeof err), TRACE_E_CORRUPT);
	/* the totals frame with a count changed (and its own checksum fixed) */
	memcpy(b, full, len);
	uint8_t *q = b + len - TRC_TOTALS_PAYLOAD;
	trc_put64(q + 8, 4);
	trc_put64(q + TRC_TOTALS_PAYLOAD - 8, trc_hash_buf(q, TRC_TOTALS_PAYLOAD - 8));
	spit(path, b, len);
	assert_int_equal(check_read(v, 3, err, sizeof err), TRACE_E_CORRUPT);
	free(b);
	free(full);
	unlink(path);
}

static int count_files(const char *d)
{
	DIR *dp = opendir(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(dp)))
		n += e->d_name[0] != '.';
	closedir(dp);
	return n;
}

static void test_writer_failures(void **state)
{
	trace_header h;
	test_header(&h, "aborted");
	trace_writer *w;
	char err[512];
	size_t n = 200000;
	trace_rec *v = malloc(n * sizeof *v);
	gen_stream(v, n, 3, 0);

	/* abort leaves nothing: neither the file nor a temporary */
	assert_int_equal(trace_writer_open(&w, path, &h, 0, err, sizeof err), TRACE_OK);
	assert_int_equal(trace_write(w, v, n), TRACE_OK);
	trace_writer_abort(w);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(count_files(dir), 0);

	/* invalid records are refused, naming the record; the rest stands */
	assert_int_equal(trace_writer_open(&w, path, &h, 0, err, sizeof err), TRACE_OK);
	trace_rec bad[] = {
		{ 0, 0, 0, TK_NKINDS, 0 }, { 0, 0, 1, TK_FETCH, 0 }, { 0, 0, 0, TK_LOAD, 1 },
		{ 0, 0, 0, TK_MODE, TMODE_N }, { 0, 65536, 0, TK_ASID, 0 },
		{ 0, 0, 0, TK_TRAP, TTRAP_N }, { 0, 0, 0, TK_PRIV, TPRIV_N },
		{ 0, 0, 0, TK_PTE, 8 }, { 0, 1, 0, TK_UNMAP, 0 }, { 1, 0, 0, TK_ZERO, 0 },
		{ 0, 0, 1, TK_VM, 0 }, { 0, 0, 0, TK_MARK, 0 }, { 0, 0, 0, 255, 0 },
		/* accesses above the format's bound (TRACE_MAX_SIZE) */
		{ 0, TRACE_MAX_SIZE + 1, 0, TK_FETCH, 0 }, { 0, UINT32_MAX, 0, TK_LOAD, 0 },
		{ 0, TRACE_MAX_SIZE + 1, 0, TK_STORE, 0 },
	};
	assert_int_equal(trace_write(w, v, 10), TRACE_OK);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(trace_write(w, &bad[i], 1), TRACE_E_ARG);
		assert_non_null(strstr(trace_writer_error(w), "record 10"));
		assert_non_null(strstr(trace_writer_error(w), path));
		if (bad[i].arg > TRACE_MAX_SIZE && bad[i].kind <= TK_STORE)
			assert_non_null(strstr(trace_writer_error(w), "size above the format's limit of 65536 bytes"));
	}
	trace_rec two[2] = { v[10], bad[1] };
	assert_int_equal(trace_write(w, two, 2), TRACE_E_ARG);
	assert_non_null(strstr(trace_writer_error(w), "record 11"));
	assert_int_equal(trace_writer_counts(w)->records, 11);
	assert_int_equal(trace_writer_finish(w, err, sizeof err), TRACE_OK);
	trace_rec *b;
	size_t nb;
	assert_int_equal(read_trace(path, &b, &nb, err, sizeof err), TRACE_OK);
	assert_int_equal(nb, 11);
	assert_recs_equal(v, b, 11);
	free(b);
	unlink(path);

	/* unwritable places */
	char p2[4300];
	snprintf(p2, sizeof p2, "%s/no/such/dir/t.zst", dir);
	assert_int_equal(trace_writer_open(&w, p2, &h, 0, err, sizeof err), TRACE_E_IO);
	assert_non_null(strstr(err, p2));
	assert_int_equal(trace_writer_open(&w, path, &h, 1000, err, sizeof err), TRACE_E_ARG);
	assert_int_equal(count_files(dir), 0);

	/* a full disk: /dev/full as standard output */
	FILE *full = fopen("/dev/full", "wb");
	if (full) {
		fflush(stdout);
		int saved = dup(1);
		dup2(fileno(full), 1);
		assert_int_equal(trace_writer_open(&w, "-", &h, 0, err, sizeof err), TRACE_OK);
		int rc = trace_write(w, v, n);
		if (rc == TRACE_OK)
			rc = trace_writer_finish(w, err, sizeof err);
		else
			trace_writer_abort(w);
		assert_int_equal(rc, TRACE_E_IO);
		fflush(stdout);
		clearerr(stdout);
		dup2(saved, 1);
		close(saved);
		fclose(full);
	}
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_bit_flips),
		cmocka_unit_test(test_hand_made),
		cmocka_unit_test(test_trailing_data),
		cmocka_unit_test(test_writer_failures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
