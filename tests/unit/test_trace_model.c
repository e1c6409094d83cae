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

typedef struct model {
	const uint8_t *b;
	size_t n, i;
	islot I[16384];
	dslot D[16384];
	uint64_t pc, dlast;
	uint32_t psize, ih, didx;
	uint32_t nnames;
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
	assert_int_equal(b[8], 1);
	size_t dlen = b[16] | (size_t)b[17] << 8;
	m->i = 18 + dlen;
	static const uint32_t dsz[8] = { 0, 1, 2, 4, 8, 16, 32, 0 };
	for (;;) {
		uint8_t op = byte(m);
		uint64_t seq = m->pc + m->psize;
		if (op <= 0x7f) {
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
		} else if (op >= 0xe3 && op <= 0xeb) {
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
	/* trailer */
	assert_int_equal(byte(m), TK_NKINDS);
	uint64_t cnt[TK_NKINDS] = {0};
	for (size_t k = 0; k < m->nout; k++)
		cnt[m->out[k].kind]++;
	for (int k = 0; k < TK_NKINDS; k++, m->i += 8)
		assert_int_equal(u64le(b + m->i), cnt[k]);
	assert_int_equal(u64le(b + m->i), m->nout);
	m->i += 8;
	assert_int_equal(u64le(b + m->i), checksum(b, m->i));
	assert_int_equal(m->i + 8, n);
}

/* Decompresses the main frame of a file into *raw; checks what follows. */
static size_t unzstd(const char *path, uint8_t **raw)
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
	/* the totals frame: skippable, 136 bytes, counts as in the trailer */
	assert_int_equal(zn - fsz, 136);
	assert_int_equal(u64le(z + fsz) & 0xffffffff, 0x184D2A5E);
	assert_memory_equal(z + fsz + 8, "VMMTOTAL", 8);
	assert_int_equal(u64le(z + fsz + 8 + 112), fsz);
	assert_int_equal(u64le(z + fsz + 8 + 120), checksum(z + fsz + 8, 120));
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

static void check_file(const char *path, const trace_rec *want, size_t n)
{
	uint8_t *raw;
	size_t rn = unzstd(path, &raw);
	M.out = malloc((n + 1) * sizeof *M.out);
	model_decode(&M, raw, rn);
	assert_int_equal(M.nout, n);
	assert_recs_equal(want, M.out, n);
	free(M.out);
	free(raw);
}

static void test_model_agrees(void **state)
{
	char *dir = test_tmpdir();
	char path[4200];
	snprintf(path, sizeof path, "%s/m.zst", dir);
	size_t n = 400000;
	trace_rec *v = malloc(n * sizeof *v);
	for (uint64_t seed = 21; seed <= 23; seed++) {
		gen_stream(v, n, seed, 0);
		write_trace(path, v, n, 0);
		check_file(path, v, n);
	}
	rng g = { 5 };
	for (size_t i = 0; i < n; i++)
		v[i] = rand_junk(&g, 0);
	write_trace(path, v, n, 0);
	check_file(path, v, n);

	/* with marker names */
	trace_header h;
	test_header(&h, "model");
	trace_writer *w;
	char err[512];
	assert_int_equal(trace_writer_open(&w, path, &h, 0, err, sizeof err), TRACE_OK);
	assert_int_equal(trace_writer_name(w, "a"), 0);
	assert_int_equal(trace_writer_name(w, "b"), 1);
	gen_stream(v, 5000, 77, 2);
	assert_int_equal(trace_write(w, v, 5000), TRACE_OK);
	assert_int_equal(trace_writer_close(w), TRACE_OK);
	check_file(path, v, 5000);
	unlink(path);
	rmdir(dir);
	free(dir);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_agrees),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
