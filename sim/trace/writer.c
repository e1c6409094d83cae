/*
 * writer.c - the streaming trace writer: encodes records into a bounded raw
 * buffer, compresses it chunk by chunk into one zstd frame, writes the
 * trailer and the totals skippable frame, and renames the temporary file
 * into place on close (traces/FORMAT.md).
 */
#include "trace/blocks.h"
#include "trace/codec.h"
#include "util/util.h"

#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#define RAW_CAP (1u << 17)   /* raw bytes collected before compressing */
#define DEFAULT_LEVEL 6   /* size vs speed measured on the gzip trace: notes/codec.md */
#define WINDOW_LOG 24     /* 16 MiB: the decoder's fixed memory */
#define BMAP_SIZE (2 * TRB_BLOCKS)

_Static_assert(TRC_VMINOR == 1 && TK_NKINDS == 15, "a version 1.1 trailer counts 15 kinds");

typedef struct name_slot {
	char *s;
	uint32_t idx;
} name_slot;

struct trace_writer {
	FILE *f;
	char *path, *tmp;    /* tmp NULL when writing standard output */
	char *dest;          /* the file replaced: path, or the target of the link path is */
	int own_f;           /* f is path itself, opened in place (not a regular file) */
	ZSTD_CCtx *cc;
	uint8_t *raw;        /* RAW_CAP + TRC_TOKMAX + TRC_NAME_MAX + 16 */
	size_t nraw;
	uint8_t *zout;
	size_t zcap;
	uint64_t zbytes;     /* compressed bytes of the main frame so far */
	trc_hash hash;
	trace_counts counts;
	trc_pred pred;
	unsigned run;        /* predicted records (1.1) or blocks (2.0) not yet written as a run */
	int v1;              /* writing format 1.1 (trace_writer_set_version), else 2.0 */
	/* format 2.0: the block table, the block being collected, and an
	 * open-addressing map from a block's records to its number */
	trb_table bt;
	trace_rec cur[TRB_ITEMS];
	unsigned ncur;
	int cur_fetch;       /* cur holds a fetch: the next must start at cur_end */
	uint64_t cur_start, cur_end;
	uint64_t *bhash;     /* TRB_BLOCKS: each block's hash (blk_hash) */
	uint32_t *bmap;      /* BMAP_SIZE block numbers, TRB_NONE empty */
	name_slot *names;    /* open-addressing table, power of two */
	uint32_t nnames, names_cap;
	uint64_t names_bytes;
	int failed;
	char err[512];
};

static void werr(trace_writer *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void werr(trace_writer *w, const char *fmt, ...)
{
	int n = snprintf(w->err, sizeof w->err, "%s: ", w->path ? w->path : "-");
	if (n < 0 || (size_t)n >= sizeof w->err)
		n = 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->err + n, sizeof w->err - (size_t)n, fmt, ap);
	va_end(ap);
}

static void seterr(char *errbuf, size_t errlen, const char *msg)
{
	if (errbuf && errlen)
		snprintf(errbuf, errlen, "%s", msg);
}

static void wfree(trace_writer *w)
{
	if (!w)
		return;
	ZSTD_freeCCtx(w->cc);
	free(w->raw);
	free(w->pred.it);
	free(w->pred.dt);
	trb_free(&w->bt);
	free(w->bhash);
	free(w->bmap);
	free(w->zout);
	if (w->names) {
		for (uint32_t i = 0; i < w->names_cap; i++)
			free(w->names[i].s);
		free(w->names);
	}
	free(w->path);
	free(w->dest);
	free(w->tmp);
	free(w);
}

static void discard(trace_writer *w)
{
	if (w->f && w->tmp) {
		fclose(w->f);
		unlink(w->tmp);
	} else if (w->f && w->own_f) {
		fclose(w->f);
	}
	w->f = NULL;
}

static int fwrite_all(trace_writer *w, const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, w->f) != n) {
		werr(w, "write failed at compressed byte %llu: %s",
		     (unsigned long long)w->zbytes, strerror(errno));
		w->failed = TRACE_E_IO;
		return TRACE_E_IO;
	}
	return TRACE_OK;
}

/* Compresses the collected raw bytes (mode ZSTD_e_continue or ZSTD_e_end). */
static int flush_raw(trace_writer *w, ZSTD_EndDirective mode)
{
	trc_hash_update(&w->hash, w->raw, w->nraw);
	ZSTD_inBuffer in = { w->raw, w->nraw, 0 };
	for (;;) {
		ZSTD_outBuffer out = { w->zout, w->zcap, 0 };
		size_t rem = ZSTD_compressStream2(w->cc, &out, &in, mode);
		if (ZSTD_isError(rem)) {
			werr(w, "zstd: %s", ZSTD_getErrorName(rem));
			return w->failed = TRACE_E_ZSTD;
		}
		if (fwrite_all(w, w->zout, out.pos))
			return TRACE_E_IO;
		w->zbytes += out.pos;
		if (mode == ZSTD_e_end ? rem == 0 : in.pos == in.size)
			break;
	}
	w->nraw = 0;
	return TRACE_OK;
}

int trace_writer_open(trace_writer **out, const char *path, const trace_header *h,
                      int level, char *errbuf, size_t errlen)
{
	char msg[512];
	*out = NULL;
	if (!path || !h) {
		seterr(errbuf, errlen, "trace_writer_open: no path or header");
		return TRACE_E_ARG;
	}
	size_t dlen = strnlen(h->desc, TRACE_DESC_MAX);
	if (dlen >= TRACE_DESC_MAX || h->big_endian > 1 ||
	    (h->word_bits != 32 && h->word_bits != 64)) {
		snprintf(msg, sizeof msg, "%s: invalid header (description longer than %d bytes, "
		         "byte order not 0/1, or word size not 32/64)", path, TRACE_DESC_MAX - 1);
		seterr(errbuf, errlen, msg);
		return TRACE_E_ARG;
	}
	trace_writer *w = calloc(1, sizeof *w);
	if (!w)
		goto nomem;
	w->path = strdup(path);
	w->raw = malloc(RAW_CAP + TRB_TOKMAX + TRC_TOKMAX + TRC_NAME_MAX + TRACE_DESC_MAX + 256);
	w->bhash = malloc(TRB_BLOCKS * sizeof *w->bhash);
	w->bmap = malloc(BMAP_SIZE * sizeof *w->bmap);
	w->zcap = ZSTD_CStreamOutSize();
	w->zout = malloc(w->zcap);
	w->cc = ZSTD_createCCtx();
	if (trc_pred_init(&w->pred) || trb_init(&w->bt, 0))
		goto nomem;
	if (!w->path || !w->raw || !w->zout || !w->cc || !w->bhash || !w->bmap)
		goto nomem;
	memset(w->bmap, 0xff, BMAP_SIZE * sizeof *w->bmap);
	if (!level)
		level = DEFAULT_LEVEL;
	if (level < ZSTD_minCLevel() || level > ZSTD_maxCLevel()) {
		snprintf(msg, sizeof msg, "%s: zstd level %d out of range", path, level);
		seterr(errbuf, errlen, msg);
		wfree(w);
		return TRACE_E_ARG;
	}
	ZSTD_CCtx_setParameter(w->cc, ZSTD_c_compressionLevel, level);
	ZSTD_CCtx_setParameter(w->cc, ZSTD_c_checksumFlag, 1);
	ZSTD_CCtx_setParameter(w->cc, ZSTD_c_windowLog, WINDOW_LOG);
	/* One thread: a worker thread (ZSTD_c_nbWorkers) buys little when the
	 * importer's producer (lackey) holds the other core, and its job
	 * buffers triple the writer's memory (notes/codec.md). */

	if (!strcmp(path, "-")) {
		w->f = stdout;
	} else if (util_is_special(path)) {
		/* /dev/null, a FIFO: written in place (a rename would replace it) */
		w->f = fopen(path, "wb");
		if (!w->f) {
			snprintf(msg, sizeof msg, "%s: cannot create: %s", path, strerror(errno));
			goto fail_io;
		}
		w->own_f = 1;
	} else {
		/* a symbolic link is written through: its target is replaced */
		w->dest = util_out_target(path);
		if (!w->dest) {
			snprintf(msg, sizeof msg, "%s: cannot create: %s", path, strerror(errno));
			goto fail_io;
		}
		size_t n = strlen(w->dest);
		w->tmp = malloc(n + 16);
		if (!w->tmp)
			goto nomem;
		snprintf(w->tmp, n + 16, "%s.tmp.XXXXXX", w->dest);
		int fd = mkstemp(w->tmp);
		if (fd < 0) {
			snprintf(msg, sizeof msg, "%s: cannot create: %s", path, strerror(errno));
			goto fail_io;
		}
		w->f = fdopen(fd, "wb");
		if (!w->f) {
			snprintf(msg, sizeof msg, "%s: cannot create: %s", path, strerror(errno));
			close(fd);
			unlink(w->tmp);
			goto fail_io;
		}
	}
	trc_hash_init(&w->hash);

	uint8_t *p = w->raw;
	memcpy(p, TRC_MAGIC, TRC_MAGIC_LEN);
	p[8] = TRC_V2MAJOR;
	p[9] = TRC_V2MINOR;
	p[10] = (uint8_t)h->big_endian;
	p[11] = (uint8_t)h->word_bits;
	trc_put32(p + 12, h->page_size);
	p[16] = (uint8_t)dlen;
	p[17] = (uint8_t)(dlen >> 8);
	memcpy(p + TRC_HDR_FIXED, h->desc, dlen);
	w->nraw = TRC_HDR_FIXED + dlen;
	*out = w;
	return TRACE_OK;

nomem:
	seterr(errbuf, errlen, "out of memory opening trace writer");
	wfree(w);
	return TRACE_E_NOMEM;
fail_io:
	seterr(errbuf, errlen, msg);
	w->f = NULL;
	wfree(w);
	return TRACE_E_IO;
}

/* Checks that a record fits the format (fields a kind does not use must be
 * zero).  Returns NULL if it does, else what is wrong. */
static const char *invalid(const trace_writer *w, const trace_rec *r)
{
	switch (r->kind) {
	case TK_FETCH: case TK_LOAD: case TK_STORE:
		if (r->arg > TRACE_MAX_SIZE)
			return "size above the format's limit of 65536 bytes";
		return r->x || r->sub ? "x and sub must be 0" : NULL;
	case TK_MODE:
		if (r->sub >= TMODE_N)
			return "mode out of range";
		return r->addr || r->arg || r->x ? "addr, arg, x must be 0" : NULL;
	case TK_ASID:
		if (r->arg > 0xffff)
			return "ASID above 65535";
		return r->addr || r->x || r->sub ? "addr, x, sub must be 0" : NULL;
	case TK_TRAP:
		if (r->sub >= TTRAP_N)
			return "trap type out of range";
		return r->x ? "x must be 0" : NULL;
	case TK_PRIV:
		if (r->sub >= TPRIV_N)
			return "privileged operation out of range";
		return r->arg ? "arg must be 0" : NULL;
	case TK_PTE:
		return r->sub > 7 ? "PTE flags above 7" : NULL;
	case TK_UNMAP:
		return r->arg || r->sub ? "arg and sub must be 0" : NULL;
	case TK_ZERO: case TK_VM:
		return r->addr || r->x || r->sub ? "addr, x, sub must be 0" : NULL;
	case TK_MARK:
		if (r->sub > TMARK_END)
			return "marker type out of range";
		if (r->arg >= w->nnames)
			return "marker name index not defined by trace_writer_name";
		return r->addr || r->x ? "addr and x must be 0" : NULL;
	case TK_EXC:
		return r->sub > 31 ? "exception code above 31" : NULL;
	case TK_TLBW:
		return NULL; /* every field used, every value held */
	case TK_IDLE:
		if (!r->addr)
			return "idle of 0 cycles (addr must be > 0)";
		return r->arg || r->x || r->sub ? "arg, x, sub must be 0" : NULL;
	}
	return "unknown record kind";
}

static inline uint8_t *put_run(uint8_t *p, unsigned *run)
{
	if (*run) {
		*p++ = (uint8_t)(OP_RUN + *run - 1);
		*run = 0;
	}
	return p;
}

/* Encodes a fetch; returns the new end of the raw data. */
static inline uint8_t *enc_fetch(trc_pred *s, unsigned *run, uint8_t *p, uint64_t a, uint32_t size)
{
	trc_islot *cur = &s->it[s->ih];
	uint32_t nh = trc_ihash(a);
	trc_islot *ns = &s->it[nh];
	if (a == cur->next && size == ns->size && s->didx == cur->ndata) {
		if (++*run == RUN_MAX)
			p = put_run(p, run);
	} else {
		p = put_run(p, run);
		uint64_t seq = s->pc + s->psize;
		unsigned szc = size == ns->size ? 0 : size >= 1 && size <= 15 ? size : 16;
		if (a == seq) {
			if (szc < 16) {
				*p++ = (uint8_t)(OP_FSEQ | szc);
			} else {
				*p++ = OP_FSEQ_X;
				p = trc_putv(p, size);
			}
		} else if (szc < 16) {
			*p++ = (uint8_t)(OP_FJMP | szc);
			p = trc_putv(p, trc_zig((int64_t)(a - seq)));
		} else {
			*p++ = OP_FJMP_X;
			p = trc_putv(p, size);
			p = trc_putv(p, trc_zig((int64_t)(a - seq)));
		}
		cur->next = a;
		cur->ndata = s->didx;
		ns->size = size;
	}
	s->pc = a;
	s->psize = size;
	s->ih = nh;
	s->didx = 0;
	return p;
}

static inline unsigned vlen(uint64_t v)
{
	unsigned n = 1;
	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static inline uint8_t *enc_data(trc_pred *s, unsigned *run, uint8_t *p, const trace_rec *r)
{
	trc_islot *cur = &s->it[s->ih];
	trc_dslot *d = &s->dt[trc_dhash(s->ih, s->didx)];
	uint64_t pred = d->last + d->stride;
	if (s->didx < cur->ndata && r->addr == pred && r->arg == d->size && r->kind == d->kind) {
		if (++*run == RUN_MAX)
			p = put_run(p, run);
		d->last = pred;
	} else {
		p = put_run(p, run);
		unsigned szc = trc_dsize_code(r->arg, d->size);
		uint64_t z0 = trc_zig((int64_t)(r->addr - d->last));
		uint64_t z1 = trc_zig((int64_t)(r->addr - s->dlast));
		unsigned g = vlen(z1) < vlen(z0);
		*p++ = (uint8_t)(OP_DATA | (r->kind == TK_STORE ? DOP_STORE : 0) |
		                 (g ? DOP_GLOBAL : 0) | szc);
		if (szc == DSZ_ESC)
			p = trc_putv(p, r->arg);
		p = trc_putv(p, g ? z1 : z0);
		d->stride = r->addr - d->last;
		d->last = r->addr;
		d->size = r->arg;
		d->kind = r->kind;
		if (s->didx >= cur->ndata)
			cur->ndata = s->didx + 1;
	}
	s->didx++;
	s->dlast = r->addr;
	return p;
}

/* ---- format 2.0: blocks (FORMAT.md, sections 3b and 4b) --------------- */

int trace_writer_set_version(trace_writer *w, unsigned major)
{
	if (major != 1 && major != 2) {
		werr(w, "cannot write trace format version %u (1 or 2)", major);
		return TRACE_E_ARG;
	}
	if (w->counts.records || w->nnames) {
		werr(w, "the format version is chosen before the first record");
		return TRACE_E_ARG;
	}
	w->v1 = major == 1;
	w->raw[8] = (uint8_t)(w->v1 ? TRC_VMAJOR : TRC_V2MAJOR);
	w->raw[9] = (uint8_t)(w->v1 ? TRC_VMINOR : TRC_V2MINOR);
	return TRACE_OK;
}

/* The hash of a block's records: kinds and sizes, and fetch addresses
 * (a data record's address is not part of what the block is). */
static uint64_t blk_hash(const trace_rec *r, unsigned n)
{
	uint64_t h = n;
	for (unsigned i = 0; i < n; i++) {
		h ^= (uint64_t)r[i].kind << 32 ^ r[i].arg;
		h *= TRC_HASH_MUL;
		if (r[i].kind == TK_FETCH) {
			h ^= r[i].addr;
			h *= TRC_HASH_MUL;
		}
		h ^= h >> 29;
	}
	return h;
}

/* The second half of a record: arg, x, kind and sub, as one word. */
static inline uint64_t rec_tail(const trace_rec *r)
{
	uint64_t v;
	memcpy(&v, &r->arg, sizeof v);
	return v;
}
_Static_assert(sizeof(trace_rec) == 16 && offsetof(trace_rec, arg) == 8,
               "trace_rec: addr, then arg, x, kind, sub in 8 bytes");

/* Whether block id holds the records r[0..n) (kinds, sizes, fetch
 * addresses: its records hold 0 as a load's or store's address). */
static int blk_same(const trb_table *t, uint32_t id, const trace_rec *r, unsigned n)
{
	const trb_block *b = &t->b[id];
	if (b->n != n)
		return 0;
	const trace_rec *q = t->rec + b->rec;
	for (unsigned i = 0; i < n; i++)
		if (rec_tail(&q[i]) != rec_tail(&r[i]) || (q[i].addr != r[i].addr && r[i].kind == TK_FETCH))
			return 0;
	return 1;
}

static inline uint8_t *put_item(uint8_t *p, const trace_rec *r)
{
	if (r->arg < 63) {
		*p++ = (uint8_t)(r->kind | r->arg << 2);
	} else {
		*p++ = (uint8_t)(r->kind | 63 << 2);
		p = trc_putv(p, r->arg);
	}
	return p;
}

/* Writes the collected block w->cur (FORMAT.md 4b) and applies the
 * reader's updates to the table; fails the writer (w->failed, nothing
 * more written) when the table cannot grow. */
static uint8_t *put_block(trace_writer *w, uint8_t *p)
{
	trb_table *t = &w->bt;
	const trace_rec *r = w->cur;
	unsigned n = w->ncur;
	w->ncur = 0;
	w->cur_fetch = 0;
	/* the predicted block, most often; else the map */
	uint32_t pred = trb_predicted(t);
	uint32_t i = 0, id = pred;
	uint64_t h = 0;
	if (pred == TRB_NONE || !blk_same(t, pred, r, n)) {
		h = blk_hash(r, n);
		i = (uint32_t)(h >> 40) & (BMAP_SIZE - 1);
		while ((id = w->bmap[i]) != TRB_NONE && !(w->bhash[id] == h && blk_same(t, id, r, n)))
			i = (i + 1) & (BMAP_SIZE - 1);
	}
	uint64_t start = w->cur_start;
	if (id == TRB_NONE) {
		p = put_run(p, &w->run);
		if (trb_full(t, n)) {
			trb_reset(t);
			memset(w->bmap, 0xff, BMAP_SIZE * sizeof *w->bmap);
			i = (uint32_t)(h >> 40) & (BMAP_SIZE - 1);
		}
		if (trb_room(t, n)) {
			werr(w, "record %llu: out of memory for the block table",
			     (unsigned long long)w->counts.records);
			w->failed = TRACE_E_NOMEM;
			return p;
		}
		*p++ = OP2_DEF;
		p = trc_putv(p, trc_zig((int64_t)(start - t->seq)));
		p = trc_putv(p, n);
		for (unsigned j = 0; j < n; j++) {
			p = put_item(p, &r[j]);
			if (r[j].kind != TK_FETCH) {
				p = trc_putv(p, trc_zig((int64_t)(r[j].addr - t->dlast)));
				t->dlast = r[j].addr;
			}
		}
		id = trb_define(t, start, r, n);
		w->bhash[id] = h;
		w->bmap[i] = id;
	} else {
		trb_block *b = &t->b[id];
		trb_slot *sl = t->slots + b->slot;
		unsigned k = 0, nd = b->nd;
		uint8_t miss[TRB_ITEMS];
		for (unsigned d = 0; d < nd; d++) {
			uint64_t a = r[sl[d].pos].addr;
			if (a != sl[d].last + sl[d].stride)
				miss[k++] = (uint8_t)d;
		}
		if (id == pred && !k) {
			if (++w->run == RUN_MAX)
				p = put_run(p, &w->run);
		} else {
			p = put_run(p, &w->run);
			if (id == pred) {
				*p++ = OP2_NEXT;
			} else {
				*p++ = OP2_USE;
				p = trc_putv(p, id);
			}
			p = trc_putv(p, k);
			unsigned at = 0;
			for (unsigned j = 0; j < k; j++) {
				unsigned d = miss[j];
				/* the address from the slot's last one, or from the
				 * access before it (g = 1): the shorter (ties: the
				 * slot's); g in the gap's low bit */
				uint64_t a = r[sl[d].pos].addr;
				uint64_t before = d ? r[sl[d - 1].pos].addr : t->dlast;
				uint64_t z0 = trc_zig((int64_t)(a - sl[d].last));
				uint64_t z1 = trc_zig((int64_t)(a - before));
				unsigned g = vlen(z1) < vlen(z0);
				p = trc_putv(p, (d - at) << 1 | g);
				p = trc_putv(p, g ? z1 : z0);
				at = d + 1;
			}
		}
		for (unsigned d = 0; d < nd; d++) {
			uint64_t a = r[sl[d].pos].addr;
			sl[d].stride = a - sl[d].last;
			sl[d].last = a;
		}
		if (nd)
			t->dlast = sl[nd - 1].last;
	}
	if (t->prev != TRB_NONE)
		t->b[t->prev].succ = id;
	t->prev = id;
	if (t->b[id].has_fetch)
		t->seq = t->b[id].end;
	return p;
}

/* Adds the fetches, loads and stores recs[i..] (up to the first record of
 * another kind, or n) to the block being collected, writing each block when
 * a record cannot join it.  Returns the index of the first record not
 * taken; on a failure sets *rc. */
static size_t add_v2(trace_writer *w, const trace_rec *recs, size_t i, size_t n, uint8_t **pp,
                     uint8_t *lim, int *rc)
{
	uint8_t *p = *pp;
	unsigned ncur = w->ncur;
	int cf = w->cur_fetch;
	uint64_t cend = w->cur_end, cnt[TK_STORE + 1] = { 0, 0, 0 };
	trace_rec *const cur = w->cur;
	size_t j = i;
	for (; j < n; j++) {
		const trace_rec *r = &recs[j];
		unsigned k = r->kind;
		if (k > TK_STORE || (r->x | r->sub) || r->arg > TRACE_MAX_SIZE)
			break; /* (another kind, or one to refuse: the caller's) */
		int fetch = k == TK_FETCH;
		if (ncur == TRB_ITEMS || (fetch && cf && r->addr != cend)) {
			/* (counts as of this record: put_block's messages name it) */
			for (unsigned x = TK_FETCH; x <= TK_STORE; x++) {
				w->counts.kind[x] += cnt[x];
				w->counts.records += cnt[x];
				cnt[x] = 0;
			}
			w->ncur = ncur;
			p = put_block(w, p);
			if (w->failed) {
				*rc = w->failed;
				break;
			}
			ncur = 0;
			cf = 0;
			if (p >= lim) {
				w->nraw = (size_t)(p - w->raw);
				if ((*rc = flush_raw(w, ZSTD_e_continue)) != 0)
					break;
				p = w->raw;
			}
		}
		if (fetch) {
			if (!cf) {
				cf = 1;
				w->cur_start = r->addr;
			}
			cend = r->addr + r->arg;
		} else if (!ncur) {
			w->cur_start = w->bt.seq; /* (a block without fetches: unused) */
		}
		cur[ncur++] = *r;
		cnt[k]++;
	}
	for (unsigned x = TK_FETCH; x <= TK_STORE; x++) {
		w->counts.kind[x] += cnt[x];
		w->counts.records += cnt[x];
	}
	w->ncur = ncur;
	w->cur_fetch = cf;
	w->cur_end = cend;
	*pp = p;
	return j;
}

/* Writes the block being collected, if any, and the open run. */
static uint8_t *put_pending(trace_writer *w, uint8_t *p)
{
	if (!w->v1 && w->ncur)
		p = put_block(w, p);
	return put_run(p, &w->run);
}

int trace_write(trace_writer *w, const trace_rec *recs, size_t n)
{
	if (w->failed)
		return w->failed;
	trc_pred s = w->pred;
	unsigned run = w->run;
	uint8_t *p = w->raw + w->nraw;
	uint8_t *lim = w->raw + RAW_CAP;
	int rc = TRACE_OK;
	for (size_t i = 0; i < n; i++) {
		if (!w->v1) {
			i = add_v2(w, recs, i, n, &p, lim, &rc);
			if (rc || i == n)
				break;
		}
		const trace_rec *r = &recs[i];
		if (r->kind == TK_FETCH && !(r->x | r->sub) && r->arg <= TRACE_MAX_SIZE) {
			p = enc_fetch(&s, &run, p, r->addr, r->arg);
		} else if ((r->kind == TK_LOAD || r->kind == TK_STORE) && !(r->x | r->sub) &&
		           r->arg <= TRACE_MAX_SIZE) {
			p = enc_data(&s, &run, p, r);
		} else {
			const char *bad = invalid(w, r);
			if (bad) {
				werr(w, "record %llu: cannot write %s record: %s",
				     (unsigned long long)w->counts.records,
				     r->kind < TK_NKINDS ? trace_kind_name(r->kind) : "invalid", bad);
				rc = TRACE_E_ARG; /* not sticky: the records before it stand */
				break;
			}
			if (w->v1) {
				p = put_run(p, &run);
			} else {
				p = put_pending(w, p);
				if (w->failed) {
					rc = w->failed;
					break;
				}
			}
			*p++ = (uint8_t)(OP_KIND + r->kind);
			switch (r->kind) {
			case TK_MODE:
				*p++ = r->sub;
				break;
			case TK_ASID: case TK_ZERO: case TK_VM:
				p = trc_putv(p, r->arg);
				break;
			case TK_TRAP:
				*p++ = r->sub;
				p = trc_putv(p, r->arg);
				p = trc_putv(p, r->addr);
				break;
			case TK_PRIV:
				*p++ = r->sub;
				p = trc_putv(p, r->x);
				p = trc_putv(p, r->addr);
				break;
			case TK_PTE:
				*p++ = r->sub;
				p = trc_putv(p, r->x);
				p = trc_putv(p, r->addr);
				p = trc_putv(p, r->arg);
				break;
			case TK_UNMAP:
				p = trc_putv(p, r->x);
				p = trc_putv(p, r->addr);
				break;
			case TK_MARK:
				*p++ = r->sub;
				p = trc_putv(p, r->arg);
				break;
			case TK_EXC: case TK_TLBW:
				*p++ = r->sub;
				p = trc_putv(p, r->x);
				p = trc_putv(p, r->arg);
				p = trc_putv(p, r->addr);
				break;
			case TK_IDLE:
				p = trc_putv(p, r->addr);
				break;
			}
		}
		w->counts.kind[r->kind]++;
		w->counts.records++;
		if (p >= lim) {
			w->nraw = (size_t)(p - w->raw);
			rc = flush_raw(w, ZSTD_e_continue);
			if (rc)
				break;
			p = w->raw;
		}
	}
	w->nraw = (size_t)(p - w->raw);
	if (w->v1) {
		w->pred = s;
		w->run = run;
	}
	return rc;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ull;
	return h;
}

long trace_writer_name(trace_writer *w, const char *name)
{
	if (w->failed)
		return w->failed;
	size_t len = strlen(name);
	if (len > TRC_NAME_MAX) {
		werr(w, "marker name longer than %d bytes", TRC_NAME_MAX);
		return TRACE_E_ARG;
	}
	if (w->nnames * 2 >= w->names_cap) {
		if (w->nnames >= TRC_NAMES_MAX) {
			werr(w, "more than %u marker names", TRC_NAMES_MAX);
			return TRACE_E_ARG;
		}
		uint32_t ncap = w->names_cap ? w->names_cap * 2 : 64;
		name_slot *t = calloc(ncap, sizeof *t);
		if (!t) {
			werr(w, "out of memory for marker names");
			return TRACE_E_NOMEM;
		}
		for (uint32_t i = 0; i < w->names_cap; i++) {
			if (!w->names[i].s)
				continue;
			uint32_t j = (uint32_t)hash_str(w->names[i].s) & (ncap - 1);
			while (t[j].s)
				j = (j + 1) & (ncap - 1);
			t[j] = w->names[i];
		}
		free(w->names);
		w->names = t;
		w->names_cap = ncap;
	}
	uint32_t j = (uint32_t)hash_str(name) & (w->names_cap - 1);
	while (w->names[j].s) {
		if (!strcmp(w->names[j].s, name))
			return w->names[j].idx;
		j = (j + 1) & (w->names_cap - 1);
	}
	if (w->names_bytes + len > TRC_NAMES_BYTES) {
		werr(w, "marker names exceed %u bytes in all", TRC_NAMES_BYTES);
		return TRACE_E_ARG;
	}
	char *copy = strdup(name);
	if (!copy) {
		werr(w, "out of memory for marker names");
		return TRACE_E_NOMEM;
	}
	w->names[j].s = copy;
	w->names_bytes += len;
	w->names[j].idx = w->nnames;
	/* The definition goes into the stream before any record using it. */
	uint8_t *p = put_run(w->raw + w->nraw, &w->run);
	*p++ = OP_NAME;
	p = trc_putv(p, len);
	memcpy(p, name, len);
	p += len;
	w->nraw = (size_t)(p - w->raw);
	if (w->nraw >= RAW_CAP) {
		int rc = flush_raw(w, ZSTD_e_continue);
		if (rc)
			return rc;
	}
	return w->nnames++;
}

int trace_writer_finish(trace_writer *w, char *errbuf, size_t errlen)
{
	int rc = w->failed;
	if (!rc) {
		uint8_t *p = put_pending(w, w->raw + w->nraw);
		w->nraw = (size_t)(p - w->raw);
		rc = w->failed;
	}
	if (!rc) {
		uint8_t *p = w->raw + w->nraw;
		*p++ = OP_END;
		*p++ = TK_NKINDS; /* 15 in 2.0 and 1.1 (trc_nkinds) */
		for (int k = 0; k < TK_NKINDS; k++, p += 8)
			trc_put64(p, w->counts.kind[k]);
		trc_put64(p, w->counts.records);
		p += 8;
		w->nraw = (size_t)(p - w->raw);
		trc_hash_update(&w->hash, w->raw, w->nraw);
		trc_put64(p, trc_hash_final(&w->hash));
		/* flush_raw hashes again: the checksum is over what precedes it,
		 * so hash only up to here and let flush_raw's hash go unused. */
		w->nraw += 8;
		rc = flush_raw(w, ZSTD_e_end);
	}
	if (!rc) {
		uint8_t t[TRC_TOTALS_FRAME(TK_NKINDS)];
		trc_put32(t, TRC_SKIP_MAGIC);
		trc_put32(t + 4, TRC_TOTALS_PAYLOAD(TK_NKINDS));
		uint8_t *q = t + 8;
		memcpy(q, TRC_TOTALS_TAG, 8);
		trc_put64(q + 8, w->counts.records);
		for (int k = 0; k < TK_NKINDS; k++)
			trc_put64(q + 16 + 8 * k, w->counts.kind[k]);
		trc_put64(q + 16 + 8 * TK_NKINDS, w->zbytes);
		trc_put64(q + 24 + 8 * TK_NKINDS, trc_hash_buf(q, TRC_TOTALS_PAYLOAD(TK_NKINDS) - 8));
		rc = fwrite_all(w, t, sizeof t);
	}
	if (!rc) {
		if (w->tmp) {
			int bad = fflush(w->f) != 0 || ferror(w->f);
			int e = errno;
			if (fclose(w->f) != 0 && !bad) {
				bad = 1;
				e = errno;
			}
			w->f = NULL;
			if (!bad && chmod(w->tmp, util_out_mode(w->dest)) != 0) {
				bad = 1;
				e = errno;
			}
			if (!bad && rename(w->tmp, w->dest) != 0) {
				bad = 1;
				e = errno;
			}
			if (bad) {
				werr(w, "cannot write: %s", strerror(e));
				unlink(w->tmp);
				rc = TRACE_E_IO;
			}
		} else if (fflush(w->f) != 0 || ferror(w->f)) {
			werr(w, "write error on %s: %s", w->own_f ? w->path : "standard output", strerror(errno));
			rc = TRACE_E_IO;
		}
		if (w->own_f) {
			if (fclose(w->f) != 0 && !rc) {
				werr(w, "cannot write: %s", strerror(errno));
				rc = TRACE_E_IO;
			}
			w->f = NULL;
		}
	}
	if (rc) {
		discard(w);
		seterr(errbuf, errlen, w->err);
	}
	wfree(w);
	return rc;
}

int trace_writer_close(trace_writer *w)
{
	return trace_writer_finish(w, NULL, 0);
}

void trace_writer_abort(trace_writer *w)
{
	if (!w)
		return;
	discard(w);
	wfree(w);
}

const trace_counts *trace_writer_counts(const trace_writer *w)
{
	return &w->counts;
}

const char *trace_writer_error(const trace_writer *w)
{
	return w->err;
}
