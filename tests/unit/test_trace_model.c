/*
 * test_trace_model.c - an independent, straightforward decoder written from
 * traces/FORMAT.md alone (byte-at-a-time checksum, its own tables, no fast
 * paths, no code shared with sim/trace/ beyond trace.h's record struct)
 * decodes files made by the library writer; its records must equal the
 * input and the library reader's, and its checksum and counts must agree.
 */
#include "trace_testlib.h"

#include <zstd.h>

typedef struct { uint64_t next; uint32_t size, ndata; } islot;
typedef struct { uint64_t last, stride; uint32_t size, kind; } dslot;

/* Version 2.0's block table, kept as FORMAT.md section 3b says. */
typedef struct mblock {
	uint64_t start;
	unsigned n, nd;
	uint8_t kind[64];
	uint32_t size[64];
	uint64_t last[64], stride[64]; /* data slots, in order */
	long succ;                     /* -1: none */
} mblock;

typedef struct model {
	const uint8_t *b;
	size_t n, i;
	islot I[16384];
	dslot D[16384];
	uint64_t pc, dlast;
	uint32_t psize, ih, didx;
	uint32_t nnames;
	unsigned major, minor; /* of the header: 1.0, 1.1 or 2.0 */
	mblock *blk;        /* 2.0: 32768 */
	unsigned nblk, nblkrec;
	long prev;          /* 2.0: -1 none */
	unsigned resets;    /* 2.0: times the block table was emptied */
	uint64_t seq;
	trace_rec *out;
	size_t nout;
} model;

static uint64_t u64le(const uint8_t *p)
{
	uint64_t v = 0;
	for (int k = 7; k >= 0; k--)
		v = v << 8 | p[k];
	return v;
}

static uint8_t byte(model *m)
{
	assert_true(m->i < m->n);
	return m->b[m->i++];
}

static uint64_t varint(model *m)
{
	uint64_t v = 0;
	for (int k = 0; k < 10; k++) {
		uint8_t c = byte(m);
		if (k < 10)
			v |= (uint64_t)(c & 0x7f) << (7 * k);
		if (!(c & 0x80))
			return v;
	}
	fail_msg("varint longer than 10 bytes");
	return 0;
}

static int64_t zigzag(model *m)
{
	uint64_t u = varint(m);
	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

static uint32_t ihash(uint64_t a)
{
	return (uint32_t)((a ^ (a >> 14) ^ (a >> 28)) & 0x3FFF);
}

static uint32_t dhash(uint32_t ih, uint32_t didx)
{
	return (ih + didx * 0x9E5u) & 0x3FFF;
}

static void emit(model *m, trace_rec r)
{
	m->out[m->nout++] = r;
}

static void do_fetch(model *m, uint64_t a, uint32_t size)
{
	islot *C = &m->I[m->ih];
	C->next = a;
	C->ndata = m->didx;
	m->I[ihash(a)].size = size;
	m->pc = a;
	m->psize = size;
	m->ih = ihash(a);
	m->didx = 0;
	emit(m, (trace_rec){ a, size, 0, TK_FETCH, 0 });
}

static void do_data(model *m, unsigned kind, uint64_t a, uint32_t size)
{
	islot *C = &m->I[m->ih];
	dslot *S = &m->D[dhash(m->ih, m->didx)];
	S->stride = a - S->last;
	S->last = a;
	S->size = size;
	S->kind = kind;
	if (m->didx >= C->ndata)
		C->ndata = m->didx + 1;
	m->didx++;
	m->dlast = a;
	emit(m, (trace_rec){ a, size, 0, (uint8_t)kind, 0 });
}

/* 2.0: emits block i (FORMAT.md 3b). */
static void emit_blk(model *m, long i)
{
	mblock *B = &m->blk[i];
	uint64_t a = B->start;
	unsigned d = 0;
	for (unsigned k = 0; k < B->n; k++) {
		if (B->kind[k] == TK_FETCH) {
			emit(m, (trace_rec){ a, B->size[k], 0, TK_FETCH, 0 });
			a += B->size[k];
			m->seq = a;
		} else {
			B->last[d] += B->stride[d];
			m->dlast = B->last[d];
			emit(m, (trace_rec){ B->last[d], B->size[k], 0, B->kind[k], 0 });
			d++;
		}
	}
	if (m->prev >= 0)
		m->blk[m->prev].succ = i;
	m->prev = i;
}

static long predicted(model *m)
{
	assert_true(m->prev >= 0);
	long i = m->blk[m->prev].succ;
	assert_true(i >= 0);
	return i;
}

static void patches(model *m, long i)
{
	mblock *B = &m->blk[i];
	uint64_t k = varint(m), at = 0;
	assert_true(k <= B->nd);
	for (uint64_t j = 0; j < k; j++) {
		uint64_t gap = varint(m);
		at += gap >> 1;
		int64_t d = zigzag(m);
		assert_true(at < B->nd);
		/* from the slot's last address, or (the gap's low bit set) from
		 * the address of the block's access before it (dlast for the
		 * first) */
		uint64_t from = B->last[at];
		if (gap & 1)
			from = at ? B->last[at - 1] + B->stride[at - 1] : m->dlast;
		B->stride[at] = from + (uint64_t)d - B->last[at];
		at++;
	}
}

/* 2.0: a token of opcode 0x00-0x82. */
static void block_token(model *m, uint8_t op)
{
	if (op <= 0x7f) {
		for (int k = 0; k <= op; k++)
			emit_blk(m, predicted(m));
	} else if (op == 0x80) {
		uint64_t i = varint(m);
		assert_true(i < m->nblk);
		patches(m, (long)i);
		emit_blk(m, (long)i);
	} else if (op == 0x81) {
		long i = predicted(m);
		patches(m, i);
		emit_blk(m, i);
	} else {
		assert_int_equal(op, 0x82);
		int64_t delta = zigzag(m);
		uint64_t n = varint(m);
		assert_true(n >= 1 && n <= 64);
		if (m->nblk == 32768 || m->nblkrec + n > 262144) {
			m->nblk = m->nblkrec = 0;
			m->prev = -1;
			m->resets++;
		}
		mblock *B = &m->blk[m->nblk];
		memset(B, 0, sizeof *B);
		B->start = m->seq + (uint64_t)delta;
		B->n = (unsigned)n;
		B->succ = -1;
		uint64_t data = m->dlast;
		for (unsigned k = 0; k < n; k++) {
			uint8_t c = byte(m);
			B->kind[k] = c & 3;
			assert_true(B->kind[k] <= TK_STORE);
			uint64_t size = c >> 2;
			if (size == 63)
				size = varint(m);
			assert_true(size <= 65536);
			B->size[k] = (uint32_t)size;
			if (B->kind[k] != TK_FETCH) {
				data += (uint64_t)zigzag(m);
				B->last[B->nd] = data;
				B->stride[B->nd++] = 0;
			}
		}
		m->nblkrec += (unsigned)n;
		emit_blk(m, m->nblk++);
	}
}

static uint64_t checksum(const uint8_t *p, size_t n)
{
	uint64_t h = 0x243F6A8885A308D3ull;
	for (size_t i = 0; i < n; i += 8) {
		uint64_t w = 0;
		for (size_t k = 0; k < 8; k++)
			w |= (uint64_t)(i + k < n ? p[i + k] : 0) << (8 * k);
		h ^= w;
		h = (h << 29) | (h >> 35);
		h *= 0x9E3779B97F4A7C15ull;
	}
	h ^= n;
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDull;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ull;
	h ^= h >> 33;
	return h;
}

/* Decodes the raw stream b[0..n) into m->out. */
static void model_decode(model *m, const uint8_t *b, size_t n)
{
	memset(m->I, 0, sizeof m->I);
	memset(m->D, 0, sizeof m->D);
	for (int k = 0; k < 16384; k++)
		m->D[k].kind = TK_LOAD;
	m->b = b;
	m->n = n;
	m->pc = m->dlast = 0;
	m->psize = m->didx = 0;
	m->ih = ihash(0);
	m->nnames = 0;
	m->nout = 0;
	assert_memory_equal(b, "VMMTRACE", 8);
	const unsigned major = b[8], minor = b[9];
	assert_true((major == 1 && minor <= 1) || (major == 2 && minor == 0));
	m->major = major;
	m->minor = minor;
	if (!m->blk)
		m->blk = malloc(32768 * sizeof *m->blk);
	m->nblk = m->nblkrec = m->resets = 0;
	m->prev = -1;
	m->seq = 0;
	size_t dlen = b[16] | (size_t)b[17] << 8;
	m->i = 18 + dlen;
	static const uint32_t dsz[8] = { 0, 1, 2, 4, 8, 16, 32, 0 };
	for (;;) {
		uint8_t op = byte(m);
		uint64_t seq = m->pc + m->psize;
		if (major == 2 && op <= 0x82) {
			block_token(m, op);
		} else if (major == 2 && op < 0xe3) {
			fail_msg("opcode 0x%02x in a 2.0 trace", op);
		} else if (op <= 0x7f) {
			for (int k = 0; k <= op; k++) {
				islot *C = &m->I[m->ih];
				if (m->didx < C->ndata) {
					dslot *S = &m->D[dhash(m->ih, m->didx)];
					do_data(m, S->kind, S->last + S->stride, S->size);
				} else {
					do_fetch(m, C->next, m->I[ihash(C->next)].size);
				}
			}
		} else if (op <= 0x9f) {
			uint64_t a = seq;
			if (op >= 0x90)
				a += (uint64_t)zigzag(m);
			uint32_t s = op & 15;
			do_fetch(m, a, s ? s : m->I[ihash(a)].size);
		} else if (op == 0xa0) {
			uint32_t s = (uint32_t)varint(m);
			do_fetch(m, seq, s);
		} else if (op == 0xa1) {
			uint32_t s = (uint32_t)varint(m);
			do_fetch(m, seq + (uint64_t)zigzag(m), s);
		} else if (op >= 0xc0 && op <= 0xdf) {
			dslot *S = &m->D[dhash(m->ih, m->didx)];
			unsigned z = op & 7;
			uint32_t size = z == 0 ? S->size : z == 7 ? (uint32_t)varint(m) : dsz[z];
			uint64_t base = op & 8 ? m->dlast : S->last;
			do_data(m, op & 16 ? TK_STORE : TK_LOAD, base + (uint64_t)zigzag(m), size);
		} else if (op >= 0xe3 && op <= (major > 1 || minor ? 0xee : 0xeb)) {
			trace_rec r = { 0, 0, 0, (uint8_t)(op - 0xe0), 0 };
			switch (op - 0xe0) {
			case TK_MODE: r.sub = byte(m); break;
			case TK_ASID: case TK_ZERO: case TK_VM: r.arg = (uint32_t)varint(m); break;
			case TK_TRAP: r.sub = byte(m); r.arg = (uint32_t)varint(m); r.addr = varint(m); break;
			case TK_PRIV: r.sub = byte(m); r.x = (uint16_t)varint(m); r.addr = varint(m); break;
			case TK_PTE:
				r.sub = byte(m); r.x = (uint16_t)varint(m); r.addr = varint(m);
				r.arg = (uint32_t)varint(m);
				break;
			case TK_UNMAP: r.x = (uint16_t)varint(m); r.addr = varint(m); break;
			case TK_MARK:
				r.sub = byte(m); r.arg = (uint32_t)varint(m);
				assert_true(r.arg < m->nnames);
				break;
			case 12: /* exc (1.1): sub < 32, varint x, arg, addr */
			case 13: /* tlbw (1.1): sub, varint x, arg, addr */
				r.sub = byte(m);
				if (op == 0xec)
					assert_true(r.sub < 32);
				uint64_t x = varint(m), a = varint(m);
				assert_true(x < 65536 && a <= 0xffffffffu);
				r.x = (uint16_t)x;
				r.arg = (uint32_t)a;
				r.addr = varint(m);
				break;
			case 14: /* idle (1.1): varint addr > 0 */
				r.addr = varint(m);
				assert_true(r.addr > 0);
				break;
			}
			emit(m, r);
		} else if (op == 0xf0) {
			uint64_t len = varint(m);
			assert_true(len <= 4096 && m->i + len <= m->n);
			m->i += len;
			m->nnames++;
		} else if (op == 0xff) {
			break;
		} else {
			fail_msg("opcode 0x%02x", op);
		}
	}
	/* trailer: 12 kinds in 1.0, 15 in 1.1 and 2.0 */
	const unsigned nk = major > 1 || minor ? 15 : 12;
	assert_int_equal(byte(m), nk);
	uint64_t cnt[15] = {0};
	for (size_t k = 0; k < m->nout; k++)
		cnt[m->out[k].kind]++;
	for (unsigned k = 0; k < nk; k++, m->i += 8)
		assert_int_equal(u64le(b + m->i), cnt[k]);
	assert_int_equal(u64le(b + m->i), m->nout);
	m->i += 8;
	assert_int_equal(u64le(b + m->i), checksum(b, m->i));
	assert_int_equal(m->i + 8, n);
}

/* Decompresses the main frame of a file into *raw; checks what follows. */
static size_t unzstd(const char *path, uint8_t **raw, unsigned *totals_kinds)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size_t zn = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *z = malloc(zn);
	assert_int_equal(fread(z, 1, zn, f), zn);
	fclose(f);
	size_t fsz = ZSTD_findFrameCompressedSize(z, zn);
	assert_false(ZSTD_isError(fsz));
	/* the totals frame: skippable, 136 bytes (1.0: 12 kinds) or 160 (1.1:
	 * 15 kinds), payload length in its header */
	assert_true(zn - fsz == 136 || zn - fsz == 160);
	size_t pl = zn - fsz - 8;
	assert_int_equal(u64le(z + fsz), 0x184D2A5E | (uint64_t)pl << 32);
	assert_memory_equal(z + fsz + 8, "VMMTOTAL", 8);
	assert_int_equal(u64le(z + fsz + 8 + pl - 16), fsz);
	assert_int_equal(u64le(z + fsz + 8 + pl - 8), checksum(z + fsz + 8, pl - 8));
	if (totals_kinds)
		*totals_kinds = (unsigned)(pl - 32) / 8;
	ZSTD_DCtx *dc = ZSTD_createDCtx();
	size_t cap = 1 << 20, n = 0;
	uint8_t *b = malloc(cap);
	ZSTD_inBuffer in = { z, fsz, 0 };
	for (;;) {
		if (n == cap)
			b = realloc(b, cap *= 2);
		ZSTD_outBuffer out = { b, cap, n };
		size_t rc = ZSTD_decompressStream(dc, &out, &in);
		assert_false(ZSTD_isError(rc));
		n = out.pos;
		if (rc == 0)
			break;
	}
	ZSTD_freeDCtx(dc);
	free(z);
	*raw = b;
	return n;
}

static model M;

/* Decodes the file at path with the model: its records must be want[0..n),
 * its header minor `minor`. */
static void check_file_minor(const char *path, const trace_rec *want, size_t n, unsigned minor)
{
	uint8_t *raw;
	unsigned tk;
	size_t rn = unzstd(path, &raw, &tk);
	M.out = malloc((n + 1) * sizeof *M.out);
	model_decode(&M, raw, rn);
	assert_int_equal(M.minor, minor);
	assert_int_equal(tk, minor ? 15 : 12);
	assert_int_equal(M.nout, n);
	assert_recs_equal(want, M.out, n);
	free(M.out);
	free(raw);
}

/* The same for a file the writer wrote as version major.x (2.0 or 1.1). */
static void check_file(const char *path, const trace_rec *want, size_t n, unsigned major)
{
	uint8_t *raw;
	unsigned tk;
	size_t rn = unzstd(path, &raw, &tk);
	M.out = malloc((n + 1) * sizeof *M.out);
	model_decode(&M, raw, rn);
	assert_int_equal(M.major, major);
	assert_int_equal(M.minor, major == 2 ? 0 : 1);
	assert_int_equal(tk, 15);
	assert_int_equal(M.nout, n);
	assert_recs_equal(want, M.out, n);
	free(M.out);
	free(raw);
}

/* The bundled traces are version 1.0 files (made before 1.1 existed): the
 * library reader reads them exactly as this model does, header minor 0,
 * counts of the 1.1 kinds 0, totals up front equal to those at the end. */
static void test_reads_1_0(void **state)
{
	const char *top = getenv("TOP") ? getenv("TOP") : ".";
	static const char *const names[] = { "ls", "gzip", "sort" };
	for (int t = 0; t < 3; t++) {
		char path[4200];
		snprintf(path, sizeof path, "%s/traces/%s.zst", top, names[t]);
		uint8_t *raw;
		unsigned tk;
		size_t rn = unzstd(path, &raw, &tk);
		assert_int_equal(raw[9], 0);
		assert_int_equal(tk, 12);
		trace_rec *lib;
		size_t nl;
		char err[512];
		assert_int_equal(read_trace(path, &lib, &nl, err, sizeof err), TRACE_OK);
		assert_true(nl > 10000);
		M.out = malloc((nl + 1) * sizeof *M.out);
		model_decode(&M, raw, rn);
		assert_int_equal(M.minor, 0);
		assert_int_equal(M.nout, nl);
		assert_recs_equal(M.out, lib, nl);
		trace_reader *r;
		assert_int_equal(trace_reader_open(&r, path, err, sizeof err), TRACE_OK);
		assert_int_equal(trace_reader_header(r)->version_major, 1);
		assert_int_equal(trace_reader_header(r)->version_minor, 0);
		trace_counts up, end;
		assert_int_equal(trace_reader_counts(r, &up), 1);
		long got;
		while ((got = trace_read(r, lib, nl)) > 0)
			;
		assert_int_equal(got, 0);
		assert_int_equal(trace_reader_counts(r, &end), 1);
		assert_memory_equal(&up, &end, sizeof up);
		assert_int_equal(end.records, nl);
		uint64_t cnt[TK_NKINDS] = { 0 };
		for (size_t i = 0; i < nl; i++)
			cnt[M.out[i].kind]++;
		for (int k = 0; k < TK_NKINDS; k++)
			assert_int_equal(end.kind[k], cnt[k]);
		for (int k = TK_EXC; k < TK_NKINDS; k++)
			assert_int_equal(end.kind[k], 0);
		trace_reader_close(r);
		free(M.out);
		free(lib);
		free(raw);
	}
}

/* A 1.1 file rewritten as 1.0 (minor 0, trailer of 12 kinds, new checksum,
 * totals frame of 136 bytes) by this test's own code reads as the same
 * records, with header minor 0. */
static void test_1_0_rewrite(void **state)
{
	char *dir = test_tmpdir();
	char p11[4200], p10[4200];
	snprintf(p11, sizeof p11, "%s/a11.zst", dir);
	snprintf(p10, sizeof p10, "%s/a10.zst", dir);
	size_t n = 50000;
	trace_rec *v = malloc(n * sizeof *v);
	gen_stream(v, n, 31, 0);
	for (size_t i = 0; i < n; i++) /* 1.0 kinds only */
		if (v[i].kind >= 12)
			v[i] = (trace_rec){ 0x1000, 4, 0, TK_FETCH, 0 };
	write_trace_version(p11, v, n, 0, 1);
	uint8_t *raw;
	size_t rn = unzstd(p11, &raw, NULL);
	assert_int_equal(raw[9], 1);
	/* the trailer: N, 15 counts, total, checksum */
	size_t t = rn - (1 + 8 * 15 + 16);
	assert_int_equal(raw[t], 15);
	for (int k = 12; k < 15; k++)
		assert_int_equal(u64le(raw + t + 1 + 8 * k), 0);
	raw[9] = 0;
	raw[t] = 12;
	memmove(raw + t + 1 + 8 * 12, raw + t + 1 + 8 * 15, 8); /* the total */
	size_t rn10 = t + 1 + 8 * 12 + 8;
	uint64_t h = checksum(raw, rn10);
	for (int k = 0; k < 8; k++)
		raw[rn10 + k] = (uint8_t)(h >> (8 * k));
	rn10 += 8;
	size_t zcap = ZSTD_compressBound(rn10) + 136;
	uint8_t *z = malloc(zcap);
	size_t zn = ZSTD_compress(z, zcap, raw, rn10, 3);
	assert_false(ZSTD_isError(zn));
	uint8_t *q = z + zn;
	uint64_t words[16];
	words[0] = 0x184D2A5E | 128ull << 32; /* skippable frame magic, payload 128 */
	words[1] = 0;                         /* the tag, copied below */
	words[2] = n;
	for (int k = 0; k < 12; k++)
		words[3 + k] = u64le(raw + t + 1 + 8 * k);
	words[15] = zn;
	for (int w = 0; w < 16; w++)
		for (int k = 0; k < 8; k++)
			q[8 * w + k] = (uint8_t)(words[w] >> (8 * k));
	memcpy(q + 8, "VMMTOTAL", 8);
	h = checksum(q + 8, 120);
	for (int k = 0; k < 8; k++)
		q[128 + k] = (uint8_t)(h >> (8 * k));
	FILE *f = fopen(p10, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(z, 1, zn + 136, f), zn + 136);
	fclose(f);
	/* the model reads it, as does the library, with the same records */
	check_file_minor(p10, v, n, 0);
	trace_rec *b;
	size_t nb;
	char err[512];
	assert_int_equal(read_trace(p10, &b, &nb, err, sizeof err), TRACE_OK);
	assert_int_equal(nb, n);
	assert_recs_equal(v, b, n);
	free(b);
	trace_reader *r;
	assert_int_equal(trace_reader_open(&r, p10, err, sizeof err), TRACE_OK);
	assert_int_equal(trace_reader_header(r)->version_minor, 0);
	trace_counts c;
	assert_int_equal(trace_reader_counts(r, &c), 1); /* the 136-byte totals, up front */
	assert_int_equal(c.records, n);
	trace_reader_close(r);
	assert_int_equal(trace_reader_open(&r, p11, err, sizeof err), TRACE_OK);
	assert_int_equal(trace_reader_header(r)->version_minor, 1);
	trace_counts c11;
	assert_int_equal(trace_reader_counts(r, &c11), 1);
	assert_memory_equal(&c, &c11, sizeof c);
	trace_reader_close(r);
	free(z);
	free(raw);
	free(v);
	unlink(p10);
	unlink(p11);
	rmdir(dir);
	free(dir);
}

/* Files the library writer wrote, in version 2.0 and in 1.1, decode with
 * the model to the records written: seeded random streams (programs with
 * loops and every kind of record), junk records, marker names, and blocks
 * enough to empty the 2.0 block table several times. */
static void test_model_agrees(void **state)
{
	char *dir = test_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/m.zst", dir);
	size_t n = 400000;
	trace_rec *v = malloc(n * sizeof *v);
	for (unsigned major = 1; major <= 2; major++) {
		for (uint64_t seed = 21; seed <= 23; seed++) {
			gen_stream(v, n, seed, 0);
			write_trace_version(path, v, n, 0, major);
			check_file(path, v, n, major);
		}
		rng g = { 5 };
		for (size_t i = 0; i < n; i++)
			v[i] = rand_junk(&g, 0);
		write_trace_version(path, v, n, 0, major);
		check_file(path, v, n, major);

		/* with marker names */
		trace_header h;
		test_header(&h, "model");
		trace_writer *w;
		char err[512];
		assert_int_equal(trace_writer_open(&w, path, &h, 0, err, sizeof err), TRACE_OK);
		if (major == 1)
			assert_int_equal(trace_writer_set_version(w, 1), TRACE_OK);
		assert_int_equal(trace_writer_name(w, "a"), 0);
		assert_int_equal(trace_writer_name(w, "b"), 1);
		/* too late to choose a version */
		assert_int_equal(trace_writer_set_version(w, 1), TRACE_E_ARG);
		gen_stream(v, 5000, 77, 2);
		assert_int_equal(trace_write(w, v, 5000), TRACE_OK);
		assert_int_equal(trace_writer_close(w), TRACE_OK);
		check_file(path, v, 5000, major);
	}
	/* 2.0: more distinct blocks than the table holds (each fetch at a
	 * new address starts a new block: 40000 blocks of 1 to 9 records,
	 * some seen again), so the table is emptied and blocks defined again */
	rng g = { 9 };
	size_t k = 0;
	for (uint32_t b = 0; k + 10 < n && b < 40000; b++) {
		uint64_t pc = 0x400000 + (uint64_t)(b % 35000) * 64;
		unsigned len = 1 + (unsigned)(rng_next(&g) % 9);
		for (unsigned i = 0; i < len; i++) {
			if (i % 3 == 2)
				v[k++] = (trace_rec){ 0x7000000 + (rng_next(&g) % 4096) * 8, 8, 0,
				                      (uint8_t)(i % 2 ? TK_STORE : TK_LOAD), 0 };
			else
				v[k++] = (trace_rec){ pc, 4, 0, TK_FETCH, 0 }, pc += 4;
		}
	}
	write_trace(path, v, k, 0);
	check_file(path, v, k, 2);
	assert_true(M.resets >= 1);
	trace_rec *b;
	size_t nb;
	char err[512];
	assert_int_equal(read_trace(path, &b, &nb, err, sizeof err), TRACE_OK);
	assert_int_equal(nb, k);
	assert_recs_equal(v, b, k);
	free(b);
	unlink(path);
	rmdir(dir);
	free(dir);
	free(v);
	free(M.blk);
	M.blk = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_agrees),
		cmocka_unit_test(test_reads_1_0),
		cmocka_unit_test(test_1_0_rewrite),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
