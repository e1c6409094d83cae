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
		if (cuts[i] == len - TRC_TOTALS_FRAME(TK_NKINDS)) {
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

/* A one-fetch raw stream of version major.minor whose trailer counts nk
 * kinds (the last one, if nk > 12, counting extra). */
static size_t make_raw_v(uint8_t *raw, unsigned major, unsigned minor, unsigned nk, uint64_t extra)
{
	memcpy(raw, TRC_MAGIC, 8);
	raw[8] = (uint8_t)major;
	raw[9] = (uint8_t)minor;
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
	raw[n++] = (uint8_t)nk;
	for (unsigned k = 0; k < nk; k++, n += 8)
		trc_put64(raw + n, k == TK_FETCH ? 1 : k == nk - 1 && nk > 12 ? extra : 0);
	trc_put64(raw + n, 1);
	n += 8;
	trc_put64(raw + n, trc_hash_buf(raw, n));
	return n + 8;
}

/* A version 1.0 one-fetch raw stream (major as given). */
static size_t make_raw(uint8_t *raw, unsigned major)
{
	return make_raw_v(raw, major, 0, TK_NKINDS_1_0, 0);
}

/* A raw stream of version major.minor: the tokens tok, then a trailer
 * counting nk kinds (cnt[0..nk), total). */
static size_t make_stream_v(uint8_t *raw, unsigned major, unsigned minor, const uint8_t *tok,
                            size_t ntok, unsigned nk, const uint64_t *cnt, uint64_t total)
{
	size_t n = make_raw_v(raw, major, minor, TK_NKINDS_1_0, 0) - TRC_TRAILER_LEN(TK_NKINDS_1_0) - 2;
	assert_int_equal(n, 20); /* the header */
	memcpy(raw + n, tok, ntok);
	n += ntok;
	raw[n++] = OP_END;
	raw[n++] = (uint8_t)nk;
	for (unsigned k = 0; k < nk; k++, n += 8)
		trc_put64(raw + n, cnt[k]);
	trc_put64(raw + n, total);
	n += 8;
	trc_put64(raw + n, trc_hash_buf(raw, n));
	return n + 8;
}

static size_t make_stream(uint8_t *raw, unsigned minor, const uint8_t *tok, size_t ntok,
                          unsigned nk, const uint64_t *cnt, uint64_t total)
{
	return make_stream_v(raw, 1, minor, tok, ntok, nk, cnt, total);
}

/* Writes raw compressed, then a totals frame counting nk kinds (as the
 * trailer's, copied from raw: the trailer must count at least nk). */
static void write_raw_totals(const uint8_t *raw, size_t n, unsigned trailer_nk, unsigned nk)
{
	size_t cap = ZSTD_compressBound(n) + 4096;
	uint8_t *z = malloc(cap);
	size_t zn = ZSTD_compress(z, cap, raw, n, 3);
	assert_false(ZSTD_isError(zn));
	const uint8_t *tr = raw + n - TRC_TRAILER_LEN(trailer_nk) + 1; /* the counts */
	uint8_t *t = z + zn, *q = t + 8;
	trc_put32(t, TRC_SKIP_MAGIC);
	trc_put32(t + 4, TRC_TOTALS_PAYLOAD(nk));
	memcpy(q, TRC_TOTALS_TAG, 8);
	trc_put64(q + 8, trc_get64(tr + 8 * trailer_nk));
	for (unsigned k = 0; k < nk; k++)
		trc_put64(q + 16 + 8 * k, k < trailer_nk ? trc_get64(tr + 8 * k) : 0);
	trc_put64(q + 16 + 8 * nk, zn);
	trc_put64(q + 24 + 8 * nk, trc_hash_buf(q, TRC_TOTALS_PAYLOAD(nk) - 8));
	spit(path, z, zn + TRC_TOTALS_FRAME(nk));
	free(z);
}

/* Opens path; returns the header's minor version and whether counts were
 * available up front (*up: the fetch count, else -1). */
static unsigned open_minor(long *up)
{
	trace_reader *r;
	char err[512];
	if (trace_reader_open(&r, path, err, sizeof err))
		fail_msg("%s", err);
	unsigned minor = trace_reader_header(r)->version_minor;
	trace_counts c;
	*up = trace_reader_counts(r, &c) ? (long)c.kind[TK_FETCH] : -1;
	trace_reader_close(r);
	return minor;
}

static void test_hand_made(void **state)
{
	/* An independent encoding of a one-record trace reads back. */
	uint8_t raw[4096];
	size_t n = make_raw(raw, 1);
	write_raw(raw, n);
	trace_rec want = { 0, 4, 0, TK_FETCH, 0 };
	char err[512];
	assert_int_equal(check_read(&want, 1, err, sizeof err), TRACE_OK);
	long up;
	assert_int_equal(open_minor(&up), 0); /* a version 1.0 trace */

	/* unknown major version: refused with a clear message */
	n = make_raw(raw, 3);
	write_raw(raw, n);
	trace_reader *r;
	assert_int_equal(trace_reader_open(&r, path, err, sizeof err), TRACE_E_VERSION);
	assert_non_null(strstr(err, "version 3.0 is not supported"));
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

/* Which trailers a reader takes (FORMAT.md section 5): 12 kinds in 1.0, 15
 * in 1.1, at least 15 in a later minor (counting no kind it does not know);
 * the totals frame's size follows. */
static void test_versions(void **state)
{
	uint8_t raw[4096];
	trace_rec want = { 0, 4, 0, TK_FETCH, 0 };
	char err[512];
	long up;
	static const struct { unsigned minor, nk; uint64_t extra; int ok; const char *msg; } cases[] = {
		{ 0, 12, 0, 1, NULL },
		{ 1, 15, 0, 1, NULL },
		{ 1, 15, 1, 0, "trailer counts 1 idle records, the stream holds 0" },
		{ 0, 15, 0, 0, "trailer counts 15 kinds, a version 1.0 trace counts 12" },
		{ 0, 13, 0, 0, "trailer counts 13 kinds, a version 1.0 trace counts 12" },
		{ 1, 12, 0, 0, "trailer counts 12 kinds, a version 1.1 trace counts 15" },
		{ 1, 16, 0, 0, "trailer counts 16 kinds, a version 1.1 trace counts 15" },
		{ 1, 0, 0, 0, "trailer counts 0 kinds" },
		{ 2, 15, 0, 1, NULL },
		{ 2, 16, 0, 1, NULL },
		{ 7, 255, 0, 1, NULL },
		{ 2, 16, 3, 0, "trailer counts 3 records of kind 15, which this reader does not know" },
		{ 2, 14, 0, 0, "trailer counts 14 kinds, a version 1.2 trace counts at least 15" },
		{ 2, 12, 0, 0, "at least 15" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = make_raw_v(raw, 1, cases[i].minor, cases[i].nk, cases[i].extra);
		write_raw(raw, n);
		int rc = check_read(&want, 1, err, sizeof err);
		if (cases[i].ok) {
			if (rc)
				fail_msg("case %zu: %s", i, err);
			assert_int_equal(open_minor(&up), cases[i].minor);
			/* and with its totals frame, read up front */
			write_raw_totals(raw, n, cases[i].nk, cases[i].nk);
			assert_int_equal(check_read(&want, 1, err, sizeof err), TRACE_OK);
			assert_int_equal(open_minor(&up), cases[i].minor);
			/* up front only where the frame's size is one this reader
			 * knows: 1.0's and 1.1's */
			assert_int_equal(up, cases[i].nk == 12 || cases[i].nk == 15 ? 1 : -1);
		} else {
			assert_int_equal(rc, TRACE_E_CORRUPT);
			if (!strstr(err, cases[i].msg))
				fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].msg);
			assert_non_null(strstr(err, "record 1 "));
		}
	}
	/* a totals frame of the other version's size: not trusted up front,
	 * and refused at the end */
	size_t n = make_raw_v(raw, 1, 0, 12, 0);
	write_raw_totals(raw, n, 12, 15);
	assert_int_equal(open_minor(&up), 0);
	assert_int_equal(up, -1);
	assert_int_equal(check_read(&want, 1, err, sizeof err), TRACE_E_CORRUPT);
	assert_non_null(strstr(err, "unexpected data after the trace's zstd frame"));
	n = make_raw_v(raw, 1, 1, 15, 0);
	write_raw_totals(raw, n, 15, 12);
	assert_int_equal(open_minor(&up), 1);
	assert_int_equal(up, -1);
	assert_int_equal(check_read(&want, 1, err, sizeof err), TRACE_E_CORRUPT);
	unlink(path);
}

/* The block tokens of format 2.0, encoded here by hand (FORMAT.md 3b, 4b),
 * read back, through trace_read and trace_read_runs; every malformed
 * token is corrupt, naming the record. */
static void test_block_tokens(void **state)
{
	uint8_t raw[4096];
	char err[512];
	static const uint8_t tok[] = {
		OP2_DEF, 0x80, 0x40, 3,        /* block 0 at seq + 0x1000, 3 records: */
		0x10,                          /*   fetch 4 */
		0x21, 0x80, 0xc0, 0x02,        /*   load 8 at dlast + 0x5000 */
		0x10,                          /*   fetch 4 */
		OP2_USE, 0, 1, 0, 0x10,        /* block 0, slot 0 patched: its last + 8 */
		0x01,                          /* run: the predicted block (0) twice */
		OP2_NEXT, 1, 1, 0x2f,          /* block 0 predicted, slot 0: dlast - 24 */
		OP_KIND + TK_MODE, 2,
		0x00,                          /* run: block 0 again, stride -24 kept */
	};
	trace_rec want[19];
	static const uint64_t loads[] = { 0x5000, 0x5008, 0x5010, 0x5018, 0x5000, 0x4fe8 };
	size_t k = 0;
	for (int b = 0; b < 6; b++) {
		if (b == 5)
			want[k++] = (trace_rec){ 0, 0, 0, TK_MODE, 2 };
		want[k++] = (trace_rec){ 0x1000, 4, 0, TK_FETCH, 0 };
		want[k++] = (trace_rec){ loads[b], 8, 0, TK_LOAD, 0 };
		want[k++] = (trace_rec){ 0x1004, 4, 0, TK_FETCH, 0 };
	}
	assert_int_equal(k, 19);
	uint64_t cnt[15] = { 0 };
	cnt[TK_FETCH] = 12;
	cnt[TK_LOAD] = 6;
	cnt[TK_MODE] = 1;
	size_t n = make_stream_v(raw, 2, 0, tok, sizeof tok, 15, cnt, 19);
	write_raw(raw, n);
	assert_int_equal(check_read(want, 19, err, sizeof err), TRACE_OK);
	trace_reader *r;
	assert_int_equal(trace_reader_open(&r, path, err, sizeof err), TRACE_OK);
	assert_int_equal(trace_reader_header(r)->version_major, 2);
	trace_rec b[64];
	long got = trace_read_runs(r, b, 64);
	assert_int_equal(got, 19); /* (the fetches are not sequential: no runs) */
	assert_recs_equal(want, b, 19);
	assert_int_equal(trace_read_runs(r, b, 64), 0);
	trace_reader_close(r);

	/* malformed tokens, each after a one-fetch block definition */
	static const struct { uint8_t t[12]; size_t len; const char *msg; } bad[] = {
		{ { 0x05 }, 1, "no block is predicted" },                /* run, nothing before */
		{ { OP2_NEXT, 0 }, 2, "undecodable block token" },       /* none predicted */
		{ { OP2_USE, 1, 0 }, 3, "undecodable block token" },     /* no block 1 */
		{ { OP2_USE, 0, 1, 0, 0 }, 5, "undecodable block token" }, /* block 0 has no slot */
		{ { OP2_DEF, 0, 0 }, 3, "undecodable block token" },     /* 0 records */
		{ { OP2_DEF, 0, 65 }, 3, "undecodable block token" },    /* 65 records */
		{ { OP2_DEF, 0, 1, 0x13 }, 4, "undecodable block token" }, /* kind 3 */
		{ { OP2_DEF, 0, 1, 0xfc, 0x81, 0x80, 0x04 }, 7, "above the format's limit" },
		{ { OP2_DEF, 0, 2, 0x21, 0, 0x21, 0, OP2_USE, 1, 1, 4, 0 }, 12,
		  "undecodable block token" },                           /* slot 2 of 2 */
		{ { OP2_DEF, 0, 1, 0x21, 0, OP2_USE, 1, 2, 0, 0, 0, 0 }, 12,
		  "undecodable block token" },                           /* 2 patches, 1 slot */
		{ { OP_FSEQ | 4 }, 1, "unknown opcode 0x84" },           /* a 1.x token */
		{ { 0x83 }, 1, "unknown opcode 0x83" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint8_t t[32] = { OP2_DEF, 0, 1, 0x10 }; /* block 0: fetch 4 at 0 */
		memcpy(t + 4, bad[i].t, bad[i].len);
		cnt[TK_FETCH] = 1;
		cnt[TK_LOAD] = 0;
		cnt[TK_MODE] = 0;
		n = make_stream_v(raw, 2, 0, t, 4 + bad[i].len, 15, cnt, 1);
		write_raw(raw, n);
		/* (prev is block 0, whose succ is none: no block is predicted) */
		trace_rec w1 = { 0, 4, 0, TK_FETCH, 0 };
		assert_int_equal(check_read(&w1, 1, err, sizeof err), TRACE_E_CORRUPT);
		if (!strstr(err, bad[i].msg))
			fail_msg("case %zu: '%s' lacks '%s'", i, err, bad[i].msg);
		assert_non_null(strstr(err, "record "));
	}
	/* a definition cut by the end of the stream: truncated */
	static const uint8_t cut[] = { OP2_DEF, 0, 3, 0x10, 0x21 };
	n = make_stream_v(raw, 2, 0, cut, sizeof cut, 15, cnt, 1) - TRC_TRAILER_LEN(15) - 1;
	write_raw(raw, n);
	assert_int_equal(check_read(want, 0, err, sizeof err), TRACE_E_TRUNCATED);
	unlink(path);
}

/* The tokens of format 1.1, encoded here by hand (FORMAT.md section 4),
 * read back; out-of-range values are corrupt, naming the record. */
static void test_fs_tokens(void **state)
{
	uint8_t raw[4096];
	char err[512];
	static const uint8_t tok[] = {
		OP_FSEQ | 4,                                   /* fetch 0 4 */
		0xec, 2, 0x80, 0x01, 0x88, 0x20, 0x04,         /* exc TLBL 0x80 0x1008 EPC 4 */
		0xec, 31, 0xff, 0xff, 0x03, 0xff, 0xff, 0xff, 0xff, 0x0f,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, /* every field at its top */
		0xed, 0x85, 0x03, 0x00, 0x92, 0x34,            /* tlbw tlbwi 5 */
		0xed, 0x00, 0x00, 0x00, 0x00,                  /* tlbw tlbwr 0, all zero */
		0xee, 0x01,                                    /* idle 1 */
		0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, /* idle 2^64-1 */
		OP_FSEQ | 4,
	};
	const trace_rec want[] = {
		{ 0, 4, 0, TK_FETCH, 0 },
		{ 4, 0x1008, 0x80, TK_EXC, 2 },
		{ UINT64_MAX, UINT32_MAX, 0xffff, TK_EXC, 31 },
		{ 0x1a12, 0, 3, TK_TLBW, 0x85 },
		{ 0, 0, 0, TK_TLBW, 0 },
		{ 1, 0, 0, TK_IDLE, 0 },
		{ UINT64_MAX, 0, 0, TK_IDLE, 0 },
		{ 4, 4, 0, TK_FETCH, 0 },
	};
	uint64_t cnt[15] = { 0 };
	cnt[TK_FETCH] = 2;
	cnt[TK_EXC] = 2;
	cnt[TK_TLBW] = 2;
	cnt[TK_IDLE] = 2;
	size_t n = make_stream(raw, 1, tok, sizeof tok, 15, cnt, 8);
	write_raw(raw, n);
	assert_int_equal(check_read(want, 8, err, sizeof err), TRACE_OK);
	trace_reader *r;
	assert_int_equal(trace_reader_open(&r, path, err, sizeof err), TRACE_OK);
	trace_rec b[16];
	assert_int_equal(trace_read(r, b, 16), 8);
	assert_int_equal(trace_read(r, b, 16), 0);
	trace_counts c;
	assert_int_equal(trace_reader_counts(r, &c), 1);
	for (int k = 0; k < TK_NKINDS; k++)
		assert_int_equal(c.kind[k], cnt[k]);
	trace_reader_close(r);

	/* out of range: corrupt, naming the record (the second: record 1) */
	static const struct { uint8_t tok[12]; size_t len; unsigned minor; const char *msg; } bad[] = {
		{ { 0xec, 32, 0, 0, 0 }, 5, 1, "exc record with exception code 32, above 31" },
		{ { 0xec, 255, 0, 0, 0 }, 5, 1, "exc record with exception code 255, above 31" },
		{ { 0xec, 0, 0x80, 0x80, 0x04, 0, 0 }, 7, 1, "exc record with x = 65536, above 65535" },
		{ { 0xed, 0, 0x80, 0x80, 0x04, 0, 0 }, 7, 1, "tlbw record with x = 65536, above 65535" },
		{ { 0xed, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x10, 0 }, 9, 1,
		  "tlbw record with arg = 4294967296, above 2^32 - 1" },
		{ { 0xec, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x10, 0 }, 9, 1,
		  "exc record with arg = 4294967296" },
		{ { 0xee, 0 }, 2, 1, "idle record of 0 cycles" },
		{ { 0xee, 0x80, 0 }, 3, 1, "idle record of 0 cycles" }, /* a long zero */
		{ { 0xec, 1, 0, 0, 0 }, 5, 0, "exc record (opcode 0xec) in a version 1.0 trace" },
		{ { 0xed, 1, 0, 0, 0 }, 5, 0, "tlbw record (opcode 0xed) in a version 1.0 trace" },
		{ { 0xee, 1 }, 2, 0, "idle record (opcode 0xee) in a version 1.0 trace" },
		{ { 0xef }, 1, 1, "unknown opcode 0xef" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint8_t t[16];
		t[0] = OP_FSEQ | 4;
		memcpy(t + 1, bad[i].tok, bad[i].len);
		memset(cnt, 0, sizeof cnt);
		cnt[TK_FETCH] = 1;
		cnt[TK_IDLE] = 1;
		n = make_stream(raw, bad[i].minor, t, 1 + bad[i].len, bad[i].minor ? 15 : 12, cnt, 2);
		write_raw(raw, n);
		assert_int_equal(check_read(want, 1, err, sizeof err), TRACE_E_CORRUPT);
		if (!strstr(err, bad[i].msg) || !strstr(err, "record 1 (raw byte 21,"))
			fail_msg("case %zu: '%s' lacks '%s' or the record", i, err, bad[i].msg);
	}
	/* cut inside a 1.1 token: truncated, not corrupt */
	static const uint8_t cut[] = { OP_FSEQ | 4, 0xec, 2, 0x80 };
	n = make_stream(raw, 1, cut, sizeof cut, 15, cnt, 2);
	write_raw(raw, 20 + sizeof cut);
	assert_int_equal(check_read(want, 1, err, sizeof err), TRACE_E_TRUNCATED);
	unlink(path);
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
	uint8_t *q = b + len - TRC_TOTALS_PAYLOAD(TK_NKINDS);
	trc_put64(q + 8, 4);
	trc_put64(q + TRC_TOTALS_PAYLOAD(TK_NKINDS) - 8,
	          trc_hash_buf(q, TRC_TOTALS_PAYLOAD(TK_NKINDS) - 8));
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
		/* format 1.1 kinds: exception code above 31, idle of 0 cycles or
		 * with a field idle does not use */
		{ 0, 0, 0, TK_EXC, 32 }, { UINT64_MAX, UINT32_MAX, 0xffff, TK_EXC, 255 },
		{ 0, 0, 0, TK_IDLE, 0 }, { 1, 1, 0, TK_IDLE, 0 }, { 1, 0, 1, TK_IDLE, 0 },
		{ 1, 0, 0, TK_IDLE, 1 },
	};
	assert_int_equal(trace_write(w, v, 10), TRACE_OK);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(trace_write(w, &bad[i], 1), TRACE_E_ARG);
		assert_non_null(strstr(trace_writer_error(w), "record 10"));
		assert_non_null(strstr(trace_writer_error(w), path));
		if (bad[i].kind >= TK_EXC && bad[i].kind < TK_NKINDS) {
			char what[64];
			snprintf(what, sizeof what, "cannot write %s record: ", trace_kind_name(bad[i].kind));
			assert_non_null(strstr(trace_writer_error(w), what));
			assert_non_null(strstr(trace_writer_error(w),
			                       bad[i].kind == TK_EXC ? "exception code above 31" :
			                       bad[i].addr ? "must be 0" : "idle of 0 cycles"));
		}
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
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_fs_tokens),
		cmocka_unit_test(test_block_tokens),
		cmocka_unit_test(test_trailing_data),
		cmocka_unit_test(test_writer_failures),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
