/*
 * reader.c - the batch trace reader: decompresses the zstd frame into a
 * bounded raw buffer and decodes records straight into the caller's array;
 * verifies the trailer (counts and checksum) and the totals frame
 * (traces/FORMAT.md).
 */
#include "trace/blocks.h"
#include "trace/codec.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zstd.h>

#define RAW_CAP (1u << 18)
#define RAW_SLACK 1536       /* zeroed bytes after the data: > TRC_TOKMAX, TRB_TOKMAX */
_Static_assert(RAW_SLACK > TRB_TOKMAX && RAW_SLACK > TRC_TOKMAX, "a token fits in the slack");
#define WINDOW_LOG_MAX 27    /* largest zstd window accepted (128 MiB) */
#define ZCHUNK (1u << 16)    /* raw bytes per chunk of the decompressing thread */
#define ZCHUNKS 4            /* its chunks in flight */
_Static_assert(RAW_CAP >= 2 * ZCHUNK, "refill appends whole chunks to what is left");

/* A chunk of raw bytes from the decompressing thread (zthread), with what
 * the synchronous refill would have left in the reader after it. */
typedef struct zchunk {
	uint8_t *data;      /* ZCHUNK bytes */
	size_t len;
	int status;         /* TRACE_OK, or the error met after these bytes */
	char err[256];      /* its message (without the file and position) */
	int frame_done, in_eof;
	uint64_t zbytes, zread;
} zchunk;

/* The reader keeps a data slot's kind shifted, as kind << RKIND_SHIFT, so
 * that on a little-endian host the slot's size and kind, read as one 64-bit
 * word, are the last 8 bytes of its trace_rec (arg = size, x = 0, kind,
 * sub = 0): a predicted load or store is then one load and two stores. */
#define RKIND_SHIFT 16
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define RKIND_WORD 1
_Static_assert(offsetof(trace_rec, arg) == 8 && offsetof(trace_rec, x) == 12 &&
               offsetof(trace_rec, kind) == 14 && offsetof(trace_rec, sub) == 15 &&
               sizeof(trace_rec) == 16, "trace_rec layout");
_Static_assert(offsetof(trc_dslot, kind) == offsetof(trc_dslot, size) + 4,
               "trc_dslot: kind follows size");
#else
#define RKIND_WORD 0
#endif

/* A memoised straight line (trace_read_runs), kept in the slot of its
 * first fetch: from the address rec.addr, the next rec.x + 1 predicted
 * records are fetches, each starting where the previous one ended, all
 * within one TRACE_RUN_BLOCK-aligned block; rec is their run record, eh
 * and esize the slot and size of the last one, room what the run leaves of
 * its block.  A line that is not valid has rec.x = MEMO_NONE (state says
 * whether to build it: not built or cleared, or too short to be worth it).
 * A line depends on the slots of its fetches (their sizes; the next
 * address, nh and ndata of all but the last).  A valid line owns those
 * slots (owner[]: its own slot, with MEMO_LAST on its last one), and a
 * token that changes a slot clears the line owning it (a change of next or
 * ndata only when the slot is not its last). */
typedef struct rmemo {
	trace_rec rec;
	uint16_t eh, esize, room;
	uint8_t state;
} rmemo;
enum { MEMO_BUILD, MEMO_VALID, MEMO_SHORT };
#define MEMO_NONE 0xffffu
#define MEMO_LAST 0x8000u
#define MEMO_SLOT 0x3fffu
#define MEMO_WINDOW_LOG 20   /* memo_gate's window: 1 Mi records */
#define MEMO_OFF 16          /* windows without lines once they did not pay */
#define MEMO_OFF_MAX 256
#define MEMO_PAY_FETCHES10 36 /* lines pay when they average 3.6 fetches */
#define MEMO_PAY_USES 10     /* and are emitted 10 times per build */
#define MEMO_MIN 2           /* a line of one fetch is not worth a memo */
_Static_assert(TRACE_RUN_BLOCK < MEMO_NONE, "a line's count fits below MEMO_NONE");
_Static_assert(MEMO_SLOT == (1u << TRC_IBITS) - 1, "a slot index fits below MEMO_LAST");

struct trace_reader {
	FILE *f;
	char *name;
	ZSTD_DCtx *dc;
	uint8_t *in;
	size_t in_cap;
	ZSTD_inBuffer zin;
	int in_eof;             /* the file is read and zstd has handed out all it will */
	/* zfill's own view of frame_done, in_eof, zbytes and zread (the
	 * decompressing thread's while it runs: the decoder's are those of
	 * the chunks it took) */
	int zs_frame_done, zs_in_eof;
	uint64_t zs_zbytes, zs_zread;
	int file_eof;           /* fread met the end of the file */
	uint64_t zbytes;        /* compressed bytes consumed by zstd so far */
	uint64_t zread;         /* compressed bytes read from the file so far */
	uint8_t *raw;           /* RAW_CAP + RAW_SLACK */
	const uint8_t *p, *end; /* undecoded raw bytes */
	const uint8_t *hp;      /* raw bytes hashed up to here */
	uint64_t raw_base;      /* raw stream offset of raw[0] */
	int frame_done;
	/* the decompressing thread (regular files): it owns f, dc, in, zin,
	 * in_eof, zbytes and zread until it has published its last chunk */
	int zt_on;              /* started and not joined */
	pthread_t zt;
	pthread_mutex_t zmu;
	pthread_cond_t zcv;
	zchunk zq[ZCHUNKS];
	unsigned zhead, ztail;  /* chunks taken and published (ring of ZCHUNKS) */
	int zstop;              /* the reader is closing */
	int zlast;              /* the last chunk was taken */
	trc_hash hash;
	trc_pred pred;
	uint16_t *nh;           /* nh[i] = trc_ihash(pred.it[i].next) (see emit_run) */
	rmemo *memo;            /* memo[i]: the line whose first fetch is in slot i (rmemo) */
	uint16_t *owner;        /* owner[i]: the memo whose line covers slot i */
	int memo_on;            /* lines in use (memo_gate) */
	uint32_t memo_off;      /* windows left before trying them again */
	uint32_t memo_wait;     /* windows to leave them off next time */
	uint64_t mstat[3];      /* this window: lines emitted, their fetches, lines built */
	size_t run_left;        /* predicted records of a run not yet emitted */
	int v10;                /* a version 1.0 trace */
	int v2;                 /* a version 2.x trace: blocks (decode_blocks) */
	trb_table bt;           /* its block table */
	size_t brun_left;       /* blocks of a run token not yet emitted */
	trace_rec stage[TRB_ITEMS]; /* a block's records that did not fit in the caller's array */
	unsigned stage_i, stage_n;  /* stage[stage_i .. stage_n) not yet handed out */
	trace_header hdr;
	trace_counts counts;    /* records decoded so far */
	trace_counts totals;    /* from the totals frame, if have_totals */
	uint64_t totals_zsize;
	unsigned totals_nk;     /* kinds the totals frame read up front counts */
	unsigned nk;            /* kinds the trailer counts (once read) */
	int have_totals;
	int done, status;
	char **names;
	uint32_t nnames, names_cap;
	uint64_t names_bytes;
	char err[512];
};

/* Sets every line to be built when next needed. */
static void memo_drop(rmemo *memo)
{
	for (uint32_t i = 0; i < 1u << TRC_IBITS; i++)
		memo[i] = (rmemo){ .rec = { .x = MEMO_NONE }, .state = MEMO_BUILD };
}

static int rerr(trace_reader *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records a sticky error with the position and returns status. */
static int rerr(trace_reader *r, int status, const char *fmt, ...)
{
	const uint8_t *p = r->p ? r->p : r->raw;
	int n = snprintf(r->err, sizeof r->err,
	                 "%s: record %llu (raw byte %llu, compressed byte %llu): ",
	                 r->name, (unsigned long long)r->counts.records,
	                 (unsigned long long)(r->raw_base + (uint64_t)(p - r->raw)),
	                 (unsigned long long)r->zbytes);
	if (n < 0 || (size_t)n >= sizeof r->err)
		n = 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->err + n, sizeof r->err - (size_t)n, fmt, ap);
	va_end(ap);
	r->status = status;
	return status;
}

/* Decompresses into dst[have..cap) until it is full or at least want
 * bytes are there, the frame has ended, or the file has (reading r->f into
 * r->in).  Returns the new fill; on an error sets *status and the message
 * in err (the bytes before the error are in dst). */
static size_t zfill(trace_reader *r, uint8_t *dst, size_t cap, size_t have, size_t want,
                    int *status, char *err, size_t errlen)
{
	*status = TRACE_OK;
	while (!r->zs_frame_done && have < cap) {
		if (r->zin.pos == r->zin.size && !r->file_eof) {
			size_t n = fread(r->in, 1, r->in_cap, r->f);
			if (n == 0) {
				if (ferror(r->f)) {
					snprintf(err, errlen, "read failed: %s", strerror(errno));
					*status = TRACE_E_IO;
					return have;
				}
				r->file_eof = 1;
			}
			r->zs_zread += n;
			r->zin.src = r->in;
			r->zin.size = n;
			r->zin.pos = 0;
		}
		/* (at the file's end too: zstd may hold output it has not
		 * handed out yet) */
		ZSTD_outBuffer out = { dst, cap, have };
		size_t before = r->zin.pos;
		size_t rc = ZSTD_decompressStream(r->dc, &out, &r->zin);
		r->zs_zbytes += r->zin.pos - before;
		int moved = out.pos != have || r->zin.pos != before;
		have = out.pos;
		if (ZSTD_isError(rc)) {
			snprintf(err, errlen, "zstd: %s", ZSTD_getErrorName(rc));
			*status = TRACE_E_ZSTD;
			return have;
		}
		if (rc == 0)
			r->zs_frame_done = 1;
		if (!moved && r->file_eof) {
			r->zs_in_eof = 1; /* nothing more will come */
			break;
		}
		if (have >= want)
			break;
	}
	return have;
}

/* The decompressing thread: fills chunks in turn until the frame or the
 * file ends, an error, or the reader closes.  On a multi-core machine the
 * replay's decoding thread then spends its time on the records alone. */
static void *zthread(void *arg)
{
	trace_reader *r = arg;
	sigset_t all;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL); /* (signals are the main thread's) */
	for (;;) {
		pthread_mutex_lock(&r->zmu);
		while (r->ztail - r->zhead == ZCHUNKS && !r->zstop)
			pthread_cond_wait(&r->zcv, &r->zmu);
		int stop = r->zstop;
		zchunk *c = &r->zq[r->ztail % ZCHUNKS];
		pthread_mutex_unlock(&r->zmu);
		if (stop)
			return NULL;
		c->len = zfill(r, c->data, ZCHUNK, 0, ZCHUNK, &c->status, c->err, sizeof c->err);
		c->frame_done = r->zs_frame_done;
		c->in_eof = r->zs_in_eof;
		c->zbytes = r->zs_zbytes;
		c->zread = r->zs_zread;
		int last = c->status || c->frame_done || c->in_eof;
		pthread_mutex_lock(&r->zmu);
		r->ztail++;
		pthread_cond_broadcast(&r->zcv);
		pthread_mutex_unlock(&r->zmu);
		if (last)
			return NULL;
	}
}

/* Starts the decompressing thread for a regular file (a pipe's reads may
 * block: closing could not stop them); else decompression stays in
 * refill.  Returns 0 or -1 (out of memory; nothing started). */
static int zthread_start(trace_reader *r)
{
	struct stat st;
	int fd = fileno(r->f);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	for (unsigned i = 0; i < ZCHUNKS; i++)
		if (!(r->zq[i].data = malloc(ZCHUNK)))
			return -1;
	if (pthread_mutex_init(&r->zmu, NULL))
		return -1;
	if (pthread_cond_init(&r->zcv, NULL)) {
		pthread_mutex_destroy(&r->zmu);
		return -1;
	}
	if (pthread_create(&r->zt, NULL, zthread, r)) {
		pthread_cond_destroy(&r->zcv);
		pthread_mutex_destroy(&r->zmu);
		return -1;
	}
	r->zt_on = 1;
	return 0;
}

/* Stops (closing) or waits for (after its last chunk) the thread. */
static void zthread_join(trace_reader *r)
{
	if (!r->zt_on)
		return;
	pthread_mutex_lock(&r->zmu);
	r->zstop = 1;
	pthread_cond_broadcast(&r->zcv);
	pthread_mutex_unlock(&r->zmu);
	pthread_join(r->zt, NULL);
	pthread_cond_destroy(&r->zcv);
	pthread_mutex_destroy(&r->zmu);
	r->zt_on = 0;
}

/* Appends the thread's next chunks to raw[have..) while a whole one fits
 * and fewer than need bytes (or half the buffer) are there.  Returns the
 * new fill; on an error sets *status (the message in r->err via rerr). */
static size_t zthread_take(trace_reader *r, size_t have, size_t need, int *status)
{
	*status = TRACE_OK;
	while (!r->zlast && have + ZCHUNK <= RAW_CAP && (have < need || have < RAW_CAP / 2)) {
		pthread_mutex_lock(&r->zmu);
		while (r->ztail == r->zhead)
			pthread_cond_wait(&r->zcv, &r->zmu);
		zchunk *c = &r->zq[r->zhead % ZCHUNKS];
		pthread_mutex_unlock(&r->zmu);
		memcpy(r->raw + have, c->data, c->len);
		have += c->len;
		r->zbytes = c->zbytes;
		r->zread = c->zread;
		r->frame_done = c->frame_done;
		r->in_eof = c->in_eof;
		int st = c->status;
		char err[sizeof c->err];
		memcpy(err, c->err, sizeof err);
		r->zlast = st || c->frame_done || c->in_eof;
		pthread_mutex_lock(&r->zmu);
		r->zhead++;
		pthread_cond_broadcast(&r->zcv);
		pthread_mutex_unlock(&r->zmu);
		if (r->zlast)
			zthread_join(r); /* (it has returned: r->f and r->zin are ours again) */
		if (st) {
			r->end = r->raw + have;
			memset(r->raw + have, 0, RAW_SLACK);
			*status = rerr(r, st, "%s", err);
			return have;
		}
	}
	return have;
}

/* Moves the undecoded bytes to the front of raw and decompresses more (or
 * takes what the decompressing thread did), until at least need bytes are
 * available, the buffer is full, the frame has ended, or the file has.
 * Returns TRACE_OK or an error status. */
static int refill(trace_reader *r, size_t need)
{
	trc_hash_update(&r->hash, r->hp, (size_t)(r->p - r->hp));
	size_t left = (size_t)(r->end - r->p);
	memmove(r->raw, r->p, left);
	r->raw_base += (uint64_t)(r->p - r->raw);
	r->p = r->hp = r->raw;
	size_t have = left;
	int st;
	if (r->zt_on || r->zlast) {
		have = zthread_take(r, have, need, &st);
		if (st)
			return st;
	} else {
		char err[256];
		have = zfill(r, r->raw, RAW_CAP, have, need > RAW_CAP / 2 ? need : RAW_CAP / 2, &st,
		             err, sizeof err);
		r->frame_done = r->zs_frame_done;
		r->in_eof = r->zs_in_eof;
		r->zbytes = r->zs_zbytes;
		r->zread = r->zs_zread;
		if (st) {
			r->end = r->raw + have;
			memset(r->raw + have, 0, RAW_SLACK);
			return rerr(r, st, "%s", err);
		}
	}
	r->end = r->raw + have;
	memset(r->raw + have, 0, RAW_SLACK);
	return TRACE_OK;
}

static void rfree(trace_reader *r)
{
	if (!r)
		return;
	zthread_join(r);
	for (unsigned i = 0; i < ZCHUNKS; i++)
		free(r->zq[i].data);
	if (r->f && r->f != stdin)
		fclose(r->f);
	ZSTD_freeDCtx(r->dc);
	free(r->in);
	free(r->raw);
	free(r->pred.it);
	free(r->pred.dt);
	free(r->nh);
	free(r->memo);
	free(r->owner);
	trb_free(&r->bt);
	for (uint32_t i = 0; i < r->nnames; i++)
		free(r->names[i]);
	free(r->names);
	free(r->name);
	free(r);
}

static void seterr(char *errbuf, size_t errlen, const char *msg)
{
	if (errbuf && errlen)
		snprintf(errbuf, errlen, "%s", msg);
}

/* Parses a totals skippable frame of nk kinds at t (TRC_TOTALS_FRAME(nk)
 * bytes).  Returns 1 and fills *c and *zsize if it is one (the counts of
 * kinds this reader does not know must be 0), else 0. */
static int parse_totals(const uint8_t *t, unsigned nk, trace_counts *c, uint64_t *zsize)
{
	if (trc_get32(t) != TRC_SKIP_MAGIC || trc_get32(t + 4) != TRC_TOTALS_PAYLOAD(nk))
		return 0;
	const uint8_t *q = t + 8;
	if (memcmp(q, TRC_TOTALS_TAG, 8) ||
	    trc_get64(q + 24 + 8 * nk) != trc_hash_buf(q, TRC_TOTALS_PAYLOAD(nk) - 8))
		return 0;
	memset(c, 0, sizeof *c);
	c->records = trc_get64(q + 8);
	for (unsigned k = 0; k < nk; k++) {
		uint64_t v = trc_get64(q + 16 + 8 * k);
		if (k < TK_NKINDS)
			c->kind[k] = v;
		else if (v)
			return 0;
	}
	*zsize = trc_get64(q + 16 + 8 * nk);
	return 1;
}

/* On a seekable file, reads the totals frame at the end, and seeks back.
 * The frame's size depends on the format's minor version (136 bytes in
 * 1.0, 160 in 1.1): both are tried; the header, read later, must agree
 * (see trace_reader_open_stream). */
static void read_totals(trace_reader *r)
{
	off_t start = ftello(r->f);
	if (start < 0 || fseeko(r->f, 0, SEEK_END) != 0)
		return;
	off_t size = ftello(r->f);
	enum { BIG = TRC_TOTALS_FRAME(TK_NKINDS) };
	uint8_t t[BIG];
	off_t have = size - start < BIG ? size - start : BIG;
	if (have >= TRC_TOTALS_FRAME(TK_NKINDS_1_0) &&
	    fseeko(r->f, size - have, SEEK_SET) == 0 &&
	    fread(t, 1, (size_t)have, r->f) == (size_t)have) {
		static const unsigned nks[2] = { TK_NKINDS, TK_NKINDS_1_0 };
		for (int i = 0; i < 2 && !r->have_totals; i++) {
			off_t fl = TRC_TOTALS_FRAME(nks[i]);
			if (have >= fl && parse_totals(t + have - fl, nks[i], &r->totals, &r->totals_zsize) &&
			    r->totals_zsize == (uint64_t)(size - start - fl)) {
				r->have_totals = 1;
				r->totals_nk = nks[i];
			}
		}
	}
	if (fseeko(r->f, start, SEEK_SET) != 0)
		r->have_totals = 0; /* reading will fail and say so */
	clearerr(r->f);
}

/* Bytes of a zstd frame before its first block's content: the frame
 * header (at most 18 bytes) and the block header (3). */
#define FIRST_BLOCK_AT 21

static int parse_header(trace_reader *r)
{
	int rc = refill(r, TRC_HDR_FIXED);
	if (rc)
		return rc;
	const uint8_t *p = r->p;
	size_t have = (size_t)(r->end - p);
	if (have < TRC_MAGIC_LEN || memcmp(p, TRC_MAGIC, TRC_MAGIC_LEN)) {
		if (have < TRC_MAGIC_LEN && !r->frame_done && r->zread > FIRST_BLOCK_AT)
			return rerr(r, TRACE_E_TRUNCATED,
			            "file ends inside the first compressed block (%llu bytes read, none "
			            "decodable: the trace is truncated)",
			            (unsigned long long)r->zread);
		if (have < TRC_MAGIC_LEN && !r->frame_done)
			return rerr(r, TRACE_E_TRUNCATED, "file ends inside the header");
		return rerr(r, TRACE_E_MAGIC, "not a vmmsim trace (zstd content does not start with \"%s\")",
		            TRC_MAGIC);
	}
	if (have < TRC_MAGIC_LEN + 2)
		return rerr(r, TRACE_E_TRUNCATED, "trace ends inside the header");
	r->hdr.version_major = p[8];
	r->hdr.version_minor = p[9];
	if (p[8] != TRC_VMAJOR && p[8] != TRC_V2MAJOR)
		return rerr(r, TRACE_E_VERSION,
		            "trace format version %u.%u is not supported: this reader reads versions "
		            "%d.x and %d.x", p[8], p[9], TRC_VMAJOR, TRC_V2MAJOR);
	if (have < TRC_HDR_FIXED)
		return rerr(r, TRACE_E_TRUNCATED, "trace ends inside the header");
	if (p[10] > 1 || (p[11] != 32 && p[11] != 64))
		return rerr(r, TRACE_E_CORRUPT, "bad header: byte order %u, word size %u", p[10], p[11]);
	r->hdr.big_endian = p[10];
	r->hdr.word_bits = p[11];
	r->hdr.page_size = trc_get32(p + 12);
	size_t dlen = (size_t)p[16] | (size_t)p[17] << 8;
	if (dlen >= TRACE_DESC_MAX)
		return rerr(r, TRACE_E_CORRUPT, "bad header: description of %zu bytes", dlen);
	if (have < TRC_HDR_FIXED + dlen) {
		rc = refill(r, TRC_HDR_FIXED + dlen);
		if (rc)
			return rc;
		p = r->p;
		if ((size_t)(r->end - p) < TRC_HDR_FIXED + dlen)
			return rerr(r, TRACE_E_TRUNCATED, "trace ends inside the header");
	}
	memcpy(r->hdr.desc, p + TRC_HDR_FIXED, dlen);
	r->hdr.desc[dlen] = 0;
	if (memchr(r->hdr.desc, 0, dlen))
		return rerr(r, TRACE_E_CORRUPT, "bad header: NUL byte in the description");
	r->p = p + TRC_HDR_FIXED + dlen;
	return TRACE_OK;
}

/* Allocates format 1's predictor tables and memoised lines in their
 * initial state.  Returns 0 or -1 (out of memory). */
static int v1_init(trace_reader *r)
{
	r->nh = malloc((1u << TRC_IBITS) * sizeof *r->nh);
	r->memo = calloc(1u << TRC_IBITS, sizeof *r->memo);
	r->owner = calloc(1u << TRC_IBITS, sizeof *r->owner);
	r->memo_on = 1;
	r->memo_wait = MEMO_OFF;
	if (trc_pred_init(&r->pred) || !r->nh || !r->memo || !r->owner)
		return -1;
	for (uint32_t i = 0; i < 1u << TRC_IBITS; i++)
		r->nh[i] = (uint16_t)trc_ihash(0);
	for (uint32_t i = 0; i < 1u << TRC_DBITS; i++)
		r->pred.dt[i].kind = TK_LOAD << RKIND_SHIFT; /* see put_data */
	memo_drop(r->memo);
	return 0;
}

int trace_reader_open_stream(trace_reader **out, FILE *f, const char *name,
                             char *errbuf, size_t errlen)
{
	*out = NULL;
	trace_reader *r = calloc(1, sizeof *r);
	if (!r) {
		if (f != stdin)
			fclose(f);
		seterr(errbuf, errlen, "out of memory opening trace reader");
		return TRACE_E_NOMEM;
	}
	r->f = f;
	r->name = strdup(name ? name : "-");
	r->in_cap = ZSTD_DStreamInSize();
	r->in = malloc(r->in_cap);
	r->raw = malloc(RAW_CAP + RAW_SLACK);
	r->dc = ZSTD_createDCtx();
	if (!r->name || !r->in || !r->raw || !r->dc) {
		rfree(r);
		seterr(errbuf, errlen, "out of memory opening trace reader");
		return TRACE_E_NOMEM;
	}
	ZSTD_DCtx_setParameter(r->dc, ZSTD_d_windowLogMax, WINDOW_LOG_MAX);
	r->p = r->end = r->hp = r->raw;
	trc_hash_init(&r->hash);
	read_totals(r);

	/* The first four bytes must be the zstd frame magic. */
	size_t n = fread(r->in, 1, 4, f);
	r->zread = r->zs_zread = n;
	int rc;
	if (n < 4 || trc_get32(r->in) != ZSTD_MAGIC) {
		if (ferror(f))
			rc = rerr(r, TRACE_E_IO, "read failed: %s", strerror(errno));
		else
			rc = rerr(r, TRACE_E_MAGIC, "not a vmmsim trace (not a zstd stream)");
	} else {
		r->zin.src = r->in;
		r->zin.size = 4;
		r->zin.pos = 0;
		rc = zthread_start(r) ? rerr(r, TRACE_E_NOMEM, "out of memory") : parse_header(r);
	}
	if (!rc) {
		r->v10 = r->hdr.version_major == 1 && r->hdr.version_minor == 0;
		r->v2 = r->hdr.version_major == TRC_V2MAJOR;
		/* the tables of the version read (format 1's: 1.2 MB) */
		if (r->v2 ? trb_init(&r->bt, 1) : v1_init(r)) {
			rfree(r);
			seterr(errbuf, errlen, "out of memory opening trace reader");
			return TRACE_E_NOMEM;
		}
	}
	/* totals up front only if their size is the header's version's */
	if (!rc && r->have_totals && !trc_nkinds_ok(r->hdr.version_major, r->hdr.version_minor, r->totals_nk))
		r->have_totals = 0;
	if (rc) {
		seterr(errbuf, errlen, r->err);
		rfree(r);
		return rc;
	}
	*out = r;
	return TRACE_OK;
}

int trace_reader_open(trace_reader **out, const char *path, char *errbuf, size_t errlen)
{
	*out = NULL;
	FILE *f;
	if (!strcmp(path, "-")) {
		f = stdin;
	} else {
		f = fopen(path, "rb");
		if (!f) {
			if (errbuf && errlen)
				snprintf(errbuf, errlen, "%s: cannot open: %s", path, strerror(errno));
			return TRACE_E_IO;
		}
		struct stat sb;
		if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
			fclose(f);
			if (errbuf && errlen)
				snprintf(errbuf, errlen, "%s: cannot open: is a directory", path);
			return TRACE_E_IO;
		}
	}
	return trace_reader_open_stream(out, f, path, errbuf, errlen);
}

const trace_header *trace_reader_header(const trace_reader *r)
{
	return &r->hdr;
}

static int add_name(trace_reader *r, const uint8_t *s, size_t len)
{
	r->names_bytes += len;
	if (r->names_bytes > TRC_NAMES_BYTES)
		return rerr(r, TRACE_E_CORRUPT, "marker names exceed %u bytes in all", TRC_NAMES_BYTES);
	if (r->nnames == r->names_cap) {
		if (r->nnames >= TRC_NAMES_MAX)
			return rerr(r, TRACE_E_CORRUPT, "more than %u marker names", TRC_NAMES_MAX);
		uint32_t ncap = r->names_cap ? r->names_cap * 2 : 16;
		char **t = realloc(r->names, ncap * sizeof *t);
		if (!t)
			return rerr(r, TRACE_E_NOMEM, "out of memory for marker names");
		r->names = t;
		r->names_cap = ncap;
	}
	char *c = malloc(len + 1);
	if (!c)
		return rerr(r, TRACE_E_NOMEM, "out of memory for marker names");
	memcpy(c, s, len);
	c[len] = 0;
	if (memchr(c, 0, len)) {
		free(c);
		return rerr(r, TRACE_E_CORRUPT, "NUL byte in a marker name");
	}
	r->names[r->nnames++] = c;
	return TRACE_OK;
}

/* Reads whatever follows the main zstd frame: nothing, or the totals frame
 * (counting as many kinds as the trailer, r->nk) agreeing with the trailer. */
static int check_after_frame(trace_reader *r)
{
	const size_t fl = TRC_TOTALS_FRAME(r->nk);
	uint8_t t[TRC_TOTALS_FRAME(255) + 1];
	size_t n = r->zin.size - r->zin.pos;
	if (n > fl + 1)
		n = fl + 1;
	memcpy(t, (const uint8_t *)r->zin.src + r->zin.pos, n);
	if (n < fl + 1 && !r->file_eof) {
		size_t m = fread(t + n, 1, fl + 1 - n, r->f);
		if (m < fl + 1 - n && ferror(r->f))
			return rerr(r, TRACE_E_IO, "read failed: %s", strerror(errno));
		n += m;
	}
	if (n == 0)
		return TRACE_OK;
	trace_counts c;
	uint64_t zsize;
	/* the totals frame's first 8 bytes (or as many as there are) */
	uint8_t head[8];
	trc_put32(head, TRC_SKIP_MAGIC);
	trc_put32(head + 4, (uint32_t)TRC_TOTALS_PAYLOAD(r->nk));
	int skip = !memcmp(t, head, n < 8 ? n : 8);
	if (skip && n < fl)
		return rerr(r, TRACE_E_TRUNCATED,
		            "file ends inside the totals frame (%zu of its %zu bytes: truncated)", n, fl);
	if (skip && n > fl)
		return rerr(r, TRACE_E_CORRUPT, "unexpected data after the totals frame");
	if (skip && !parse_totals(t, r->nk, &c, &zsize))
		return rerr(r, TRACE_E_CORRUPT, "corrupt totals frame (bad tag or checksum)");
	if (!skip)
		return rerr(r, TRACE_E_CORRUPT, "unexpected data after the trace's zstd frame%s",
		            n >= 8 && trc_get32(t) == TRC_SKIP_MAGIC ?
		            " (a skippable frame of another size than the totals frame of this "
		            "trace's version)" : "");
	if (zsize != r->zbytes || memcmp(&c, &r->counts, sizeof c))
		return rerr(r, TRACE_E_CORRUPT, "totals frame disagrees with the trailer");
	return TRACE_OK;
}

/* Decodes the trailer at r->p (just after the END opcode).  It counts
 * N kinds: trc_nkinds_ok(major, minor, N), else the trace is corrupt. */
static int read_trailer(trace_reader *r)
{
	if (r->end == r->p) {
		int rc = refill(r, 1);
		if (rc)
			return rc;
		if (r->end == r->p)
			return rerr(r, TRACE_E_TRUNCATED, "trace ends inside the trailer");
	}
	const unsigned major = r->hdr.version_major, minor = r->hdr.version_minor;
	const unsigned nk = r->p[0];
	if (!trc_nkinds_ok(major, minor, nk))
		return rerr(r, TRACE_E_CORRUPT, "trailer counts %u kinds, a version %u.%u trace counts %s%u",
		            nk, major, minor,
		            minor > (major == 1 ? TRC_VMINOR : TRC_V2MINOR) ? "at least " : "",
		            trc_nkinds(major, minor));
	r->nk = nk;
	const size_t len = TRC_TRAILER_LEN(nk);
	if ((size_t)(r->end - r->p) < len) {
		int rc = refill(r, len);
		if (rc)
			return rc;
		if ((size_t)(r->end - r->p) < len)
			return rerr(r, TRACE_E_TRUNCATED, "trace ends inside the trailer");
	}
	const uint8_t *p = r->p;
	for (unsigned k = 0; k < nk; k++) {
		uint64_t want = k < TK_NKINDS ? r->counts.kind[k] : 0;
		if (trc_get64(p + 1 + 8 * k) == want)
			continue;
		if (k >= TK_NKINDS)
			return rerr(r, TRACE_E_CORRUPT,
			            "trailer counts %llu records of kind %u, which this reader does not know "
			            "(the stream holds none)", (unsigned long long)trc_get64(p + 1 + 8 * k), k);
		return rerr(r, TRACE_E_CORRUPT, "trailer counts %llu %s records, the stream holds %llu",
		            (unsigned long long)trc_get64(p + 1 + 8 * k), trace_kind_name(k),
		            (unsigned long long)want);
	}
	if (trc_get64(p + 1 + 8 * nk) != r->counts.records)
		return rerr(r, TRACE_E_CORRUPT, "trailer record count disagrees with the stream");
	const uint8_t *cs = p + 1 + 8 * nk + 8;
	trc_hash_update(&r->hash, r->hp, (size_t)(cs - r->hp));
	r->hp = cs;
	if (trc_get64(cs) != trc_hash_final(&r->hash))
		return rerr(r, TRACE_E_CORRUPT, "checksum mismatch");
	r->p = r->hp = cs + 8;
	if (r->p != r->end || !r->frame_done) {
		int rc = refill(r, 1);
		if (rc)
			return rc;
		if (r->p != r->end)
			return rerr(r, TRACE_E_CORRUPT, "data after the trailer");
		if (!r->frame_done)
			return rerr(r, TRACE_E_TRUNCATED, "file ends inside the zstd frame");
	}
	return check_after_frame(r);
}

/* Reads a marker name definition at r->p (just after the opcode). */
static int read_name(trace_reader *r)
{
	if ((size_t)(r->end - r->p) < 10 + TRC_NAME_MAX) {
		int rc = refill(r, 10 + TRC_NAME_MAX);
		if (rc)
			return rc;
	}
	int bad = 0;
	uint64_t len;
	const uint8_t *p = trc_getv(r->p, &len, &bad);
	if (bad || len > TRC_NAME_MAX)
		return rerr(r, TRACE_E_CORRUPT, "bad marker name length");
	if ((size_t)(r->end - p) < len)
		return rerr(r, TRACE_E_TRUNCATED, "trace ends inside a marker name");
	int rc = add_name(r, p, len);
	r->p = p + len;
	return rc;
}

/* Runs (trace_read_runs): the fetch record last written, o[-1], is an open
 * run while `room`, the bytes left between its end `rend` and the end of
 * the TRACE_RUN_BLOCK-aligned block it lies in, is not 0; a fetch joins it
 * if it starts at rend and its size is 1..room (one compare each: a size
 * of 0 wraps to the largest value).  Any other record closes the run
 * (room = 0). */


/* Writes the record of an access at a through data slot d. */
static inline void put_data(trace_rec *o, uint64_t a, const trc_dslot *d)
{
#if RKIND_WORD
	uint64_t w;
	memcpy(&w, &d->size, 8);
	o->addr = a;
	memcpy(&o->arg, &w, 8);
#else
	*o = (trace_rec){ a, d->size, 0, (uint8_t)(d->kind >> RKIND_SHIFT), 0 };
#endif
}

static inline void memo_kill(rmemo *m)
{
	if (m->state == MEMO_VALID) {
		m->rec.x = MEMO_NONE;
		m->state = MEMO_BUILD;
	}
}

/* Builds memo[t], the line starting at address a in slot t (see rmemo),
 * by walking the predictor's slots without changing them; claims the slots
 * of its fetches, clearing the line that owned one before. */
static void memo_build(const trc_islot *it, const uint16_t *nh, rmemo *memo, uint16_t *owner,
                       uint32_t t, uint64_t a)
{
	rmemo *m = &memo[t];
	uint64_t off = a % TRACE_RUN_BLOCK;
	uint32_t u = t, sz = it[t].size, n = 1, bytes = sz;
	m->rec.addr = a;
	m->rec.x = MEMO_NONE;
	m->state = MEMO_SHORT; /* (a stale one costs time, never correctness) */
	if (sz == 0 || off + sz > TRACE_RUN_BLOCK)
		return;
	while (it[u].ndata == 0 && it[u].next == a + bytes) {
		uint32_t v = nh[u], vsz = it[v].size;
		if (vsz == 0 || off + bytes + vsz > TRACE_RUN_BLOCK)
			break;
		u = v;
		sz = vsz;
		bytes += vsz;
		n++;
	}
	if (n < MEMO_MIN)
		return;
	for (uint32_t i = 0, v = t; i < n; i++, v = nh[v]) {
		if ((owner[v] & MEMO_SLOT) != t)
			memo_kill(&memo[owner[v] & MEMO_SLOT]);
		owner[v] = (uint16_t)(t | (i == n - 1 ? MEMO_LAST : 0));
	}
	m->rec = (trace_rec){ a, bytes, (uint16_t)(n - 1), TK_FETCH, 0 };
	m->eh = (uint16_t)u;
	m->esize = (uint16_t)sz;
	m->room = (uint16_t)(TRACE_RUN_BLOCK - off - bytes);
	m->state = MEMO_VALID;
}

/* A token changed the next address, nh or ndata of instruction slot i
 * (none of which a line uses of its last slot). */
static inline void memo_clear_next(rmemo *memo, const uint16_t *owner, uint32_t i)
{
	if (!(owner[i] & MEMO_LAST))
		memo_kill(&memo[owner[i]]);
}

/* A token changed the size of instruction slot i. */
static inline void memo_clear_size(rmemo *memo, const uint16_t *owner, uint32_t i)
{
	memo_kill(&memo[owner[i] & MEMO_SLOT]);
}

/* Emits k predicted memory records (FORMAT.md, "Runs"); counts them in
 * c[TK_FETCH..TK_STORE].  nh[i] is trc_ihash(it[i].next), in a small array
 * so that the walk from slot to slot, the one chain of dependent loads
 * here, stays in the L1 cache.  With runs, a fetch that joins the open run extends it;
 * the run's fields are kept in registers and the record is rewritten on
 * each fetch, which costs less than a branch the processor cannot guess.
 * With runs and memo_on, a straight line of predicted fetches walked before
 * (rmemo) is emitted in one step: it joins the open run as a whole or
 * starts one, exactly as its fetches one by one would; ms[] counts lines
 * emitted, their fetches and lines built (memo_gate). */
static inline __attribute__((always_inline)) trace_rec *
emit_run(trc_pred *s, const uint16_t *nh, rmemo *memo, uint16_t *owner, trace_rec *o, size_t k,
         uint64_t *c, const int runs, const int memo_on, uint64_t *ms, uint64_t *rendp,
         uint64_t *roomp)
{
	trc_islot *const it = s->it;
	trc_dslot *const dt = s->dt;
	uint32_t ih = s->ih, didx = s->didx;
	uint64_t pc = s->pc, dlast = s->dlast;
	uint32_t psize = s->psize;
	uint64_t ndata = 0, nstore = 0; /* counted in registers */
	trc_islot *cur = &it[ih];
	if (!runs) {
		trace_rec *const oe = o + k;
		while (o < oe) {
			if (didx < cur->ndata) {
				trc_dslot *d = &dt[trc_dhash(ih, didx)];
				uint64_t a = d->last + d->stride;
				d->last = a;
				dlast = a;
				put_data(o++, a, d);
				ndata++;
				nstore += d->kind >> (RKIND_SHIFT + 1); /* TK_STORE is 2, TK_LOAD 1 */
				didx++;
			} else {
				pc = cur->next;
				ih = nh[ih];
				cur = &it[ih];
				psize = cur->size;
				*o++ = (trace_rec){ pc, psize, 0, TK_FETCH, 0 };
				didx = 0;
			}
		}
	} else {
		uint64_t rend = *rendp, room = *roomp;
		uint64_t uses = 0, mfetch = 0, builds = 0; /* for memo_gate */
		size_t j = k;
		while (j) {
			if (didx < cur->ndata) {
				trc_dslot *d = &dt[trc_dhash(ih, didx)];
				uint64_t a = d->last + d->stride;
				d->last = a;
				dlast = a;
				put_data(o++, a, d);
				ndata++;
				nstore += d->kind >> (RKIND_SHIFT + 1);
				didx++;
				room = 0;
				j--;
				continue;
			}
			uint64_t a = cur->next;
			const rmemo *m = &memo[nh[ih]];
			if (__builtin_expect(!memo_on || m->rec.addr != a || m->rec.x >= j, 0)) {
				/* (built where a run record starts, not inside a line
				 * that did not fit in the run token: that would build
				 * its tail over its slots, and clear it) */
				if (memo_on && (m->rec.addr != a || m->state == MEMO_BUILD) &&
				    (a != rend || room == 0)) {
					memo_build(it, nh, memo, owner, nh[ih], a);
					builds++;
				}
				if (!memo_on || m->rec.x >= j || m->rec.addr != a) {
					/* one fetch (also where the line in the slot
					 * is another address's, not built over) */
					pc = a;
					ih = nh[ih];
					cur = &it[ih];
					psize = cur->size;
					didx = 0;
					j--;
					if (pc == rend && (uint64_t)psize - 1 < room) {
						o[-1].x++;
						o[-1].arg += psize;
						rend += psize;
						room -= psize;
						continue;
					}
					*o++ = (trace_rec){ pc, psize, 0, TK_FETCH, 0 };
					rend = pc + psize;
					room = trc_run_room(pc, psize);
					continue;
				}
			}
			/* the memoised line */
			uint32_t bytes = m->rec.arg, mn = m->rec.x + 1u;
			if (a == rend && (uint64_t)bytes - 1 < room) {
				o[-1].x = (uint16_t)(o[-1].x + mn);
				o[-1].arg += bytes;
				room -= bytes;
			} else {
				*o++ = m->rec;
				room = m->room;
			}
			rend = a + bytes;
			ih = m->eh;
			cur = &it[ih];
			psize = m->esize;
			pc = rend - psize;
			didx = 0;
			j -= mn;
			uses++;
			mfetch += mn;
		}
		*rendp = rend;
		*roomp = room;
		if (memo_on) {
			ms[0] += uses;
			ms[1] += mfetch;
			ms[2] += builds;
		}
	}
	c[TK_FETCH] += k - ndata;
	c[TK_LOAD] += ndata - nstore;
	c[TK_STORE] += nstore;
	s->ih = ih;
	s->didx = didx;
	s->pc = pc;
	s->psize = psize;
	s->dlast = dlast;
	return o;
}

/* Every 2^MEMO_WINDOW_LOG records (trace_read_runs), decides whether the
 * memoised lines pay for themselves: on traces whose lines are short or
 * rebuilt often (x86 code that loads and stores every few instructions),
 * they cost more than the walk they save, so they are left off for
 * MEMO_OFF windows, then tried again for one (left off twice as long each
 * time they still do not pay, up to MEMO_OFF_MAX windows).  While they are
 * off, tokens do not clear lines: all are dropped when they are turned on.
 * Only the speed depends on it: lines and single fetches emit the same
 * records. */
static void memo_gate(trace_reader *r)
{
	if (r->memo_on) {
		uint64_t uses = r->mstat[0], mfetch = r->mstat[1], builds = r->mstat[2];
		r->memo_on = 10 * mfetch >= MEMO_PAY_FETCHES10 * uses && builds * MEMO_PAY_USES <= uses;
		if (r->memo_on) {
			r->memo_wait = MEMO_OFF;
		} else {
			r->memo_off = r->memo_wait;
			if (r->memo_wait < MEMO_OFF_MAX)
				r->memo_wait *= 2;
		}
	} else if (--r->memo_off == 0) {
		memo_drop(r->memo); /* slots changed while lines were off */
		r->memo_on = 1;
	}
	memset(r->mstat, 0, sizeof r->mstat);
}

/* What is wrong with a record of a kind new in format 1.1 (fs_corrupt). */
enum { FS_V10 = 1, FS_EXCCODE, FS_X, FS_ARG, FS_IDLE0 };

/* Reports a record of kind (TK_EXC, TK_TLBW, TK_IDLE) that the format cannot
 * hold, its value v: the message names the record (rerr: its number). */
static int fs_corrupt(trace_reader *r, unsigned kind, int why, uint64_t v)
{
	const char *kn = trace_kind_name(kind);
	switch (why) {
	case FS_V10:
		return rerr(r, TRACE_E_CORRUPT, "%s record (opcode 0x%02x) in a version 1.0 trace "
		            "(the kind is new in version 1.1)", kn, OP_KIND + kind);
	case FS_EXCCODE:
		return rerr(r, TRACE_E_CORRUPT, "%s record with exception code %" PRIu64 ", above 31",
		            kn, v);
	case FS_X:
		return rerr(r, TRACE_E_CORRUPT, "%s record with x = %" PRIu64 ", above 65535", kn, v);
	case FS_ARG:
		return rerr(r, TRACE_E_CORRUPT, "%s record with arg = %" PRIu64 ", above 2^32 - 1", kn, v);
	default:
		return rerr(r, TRACE_E_CORRUPT, "%s record of 0 cycles (at least 1)", kn);
	}
}

/* Decodes the fields of a record of another kind than fetch, load and store
 * (opcode op, FORMAT.md section 4; the same in every version) at p, just
 * after the opcode, into *out.  Sets *bad on a field out of range, *why
 * (FS_*) and *v for a kind new in 1.1 that the format cannot hold.
 * Returns the new p, or NULL if op is no such opcode. */
static inline __attribute__((always_inline)) const uint8_t *
kind_token(const trace_reader *r, unsigned op, const uint8_t *p, trace_rec *out, int *bad,
           int *why, uint64_t *v)
{
	trace_rec t = { 0, 0, 0, (uint8_t)(op - OP_KIND), 0 };
	uint64_t a = 0, b = 0;
	switch (op) {
	case OP_KIND + TK_MODE:
		t.sub = *p++;
		*bad |= t.sub >= TMODE_N;
		break;
	case OP_KIND + TK_ASID:
		p = trc_getv(p, &a, bad);
		*bad |= a > 0xffff;
		t.arg = (uint32_t)a;
		break;
	case OP_KIND + TK_ZERO: case OP_KIND + TK_VM:
		p = trc_getv(p, &a, bad);
		*bad |= a > UINT32_MAX;
		t.arg = (uint32_t)a;
		break;
	case OP_KIND + TK_TRAP:
		t.sub = *p++;
		*bad |= t.sub >= TTRAP_N;
		p = trc_getv(p, &a, bad);
		*bad |= a > UINT32_MAX;
		t.arg = (uint32_t)a;
		p = trc_getv(p, &t.addr, bad);
		break;
	case OP_KIND + TK_PRIV:
		t.sub = *p++;
		*bad |= t.sub >= TPRIV_N;
		p = trc_getv(p, &a, bad);
		*bad |= a > 0xffff;
		t.x = (uint16_t)a;
		p = trc_getv(p, &t.addr, bad);
		break;
	case OP_KIND + TK_PTE:
		t.sub = *p++;
		*bad |= t.sub > 7;
		p = trc_getv(p, &a, bad);
		*bad |= a > 0xffff;
		t.x = (uint16_t)a;
		p = trc_getv(p, &t.addr, bad);
		p = trc_getv(p, &b, bad);
		*bad |= b > UINT32_MAX;
		t.arg = (uint32_t)b;
		break;
	case OP_KIND + TK_UNMAP:
		p = trc_getv(p, &a, bad);
		*bad |= a > 0xffff;
		t.x = (uint16_t)a;
		p = trc_getv(p, &t.addr, bad);
		break;
	case OP_KIND + TK_MARK:
		t.sub = *p++;
		*bad |= t.sub > TMARK_END;
		p = trc_getv(p, &a, bad);
		*bad |= a >= r->nnames;
		t.arg = (uint32_t)a;
		break;
	case OP_KIND + TK_EXC: case OP_KIND + TK_TLBW:
		t.sub = *p++;
		p = trc_getv(p, &a, bad);
		t.x = (uint16_t)a;
		p = trc_getv(p, &b, bad);
		t.arg = (uint32_t)b;
		p = trc_getv(p, &t.addr, bad);
		*why = r->v10 ? FS_V10 :
		         t.kind == TK_EXC && t.sub > 31 ? (*v = t.sub, FS_EXCCODE) :
		         a > 0xffff ? (*v = a, FS_X) :
		         b > UINT32_MAX ? (*v = b, FS_ARG) : 0;
		break;
	case OP_KIND + TK_IDLE:
		p = trc_getv(p, &t.addr, bad);
		*why = r->v10 ? FS_V10 : !t.addr ? FS_IDLE0 : 0;
		break;
	default:
		return NULL;
	}
	*out = t;
	return p;
}

/* Adds the memory records decode counted in c[TK_FETCH..TK_STORE] (kept
 * apart so that they stay in registers) to r->counts, and clears c. */
static inline void fold_counts(trace_reader *r, uint64_t *c)
{
	for (int k = TK_FETCH; k <= TK_STORE; k++) {
		r->counts.kind[k] += c[k];
		r->counts.records += c[k];
		c[k] = 0;
	}
}

/* trace_read, and with runs trace_read_runs. */
static inline __attribute__((always_inline)) long decode(trace_reader *r, trace_rec *buf,
                                                         size_t n, const int runs)
{
	if (r->status)
		return r->status;
	if (r->done)
		return 0;
	if (n == 0) /* not 0: that would read as the end of the trace */
		return TRACE_E_ARG;
	trace_rec *o = buf, *const oe = buf + n;
	trc_pred s = r->pred;
	uint64_t c[TK_STORE + 1] = { 0, 0, 0 };
	uint64_t rend = 0, room = 0; /* the open run (see trc_run_room) */
	const int memo_on = r->memo_on;
	uint64_t ms[3] = { 0, 0, 0 }; /* added to r->mstat at the end */
	/* k predicted records through emit_run, built for lines on or off */
#define EMIT(k) (runs && memo_on ? \
	emit_run(&s, r->nh, r->memo, r->owner, o, (k), c, runs, 1, ms, &rend, &room) : \
	emit_run(&s, r->nh, r->memo, r->owner, o, (k), c, runs, 0, ms, &rend, &room))
	if (r->run_left) {
		size_t k = r->run_left < n ? r->run_left : n;
		o = EMIT(k);
		r->run_left -= k;
	}
	const uint8_t *p = r->p;
	int bad = 0, big = 0; /* big: an access of v_big bytes, above TRACE_MAX_SIZE */
	uint64_t v_big = 0;
	int fs_why = 0;       /* a 1.1 record out of range: FS_*, its value fs_v at fs_at */
	uint64_t fs_v = 0;
	const uint8_t *fs_at = NULL;
	int rc = TRACE_OK;
	/* (a run token cut by the end of buf leaves run_left: its rest comes
	 * first in the next call, so nothing may be decoded after it) */
	while (o < oe && !r->run_left) {
		if (r->end - p <= TRC_TOKMAX && !r->frame_done && !r->in_eof) {
			r->p = p;
			rc = refill(r, TRC_TOKMAX);
			p = r->p;
			if (rc)
				break;
			continue;
		}
		const uint8_t *end = r->end;
		if (p >= end) {
			r->p = p;
			rc = rerr(r, TRACE_E_TRUNCATED, r->frame_done ?
			          "trace ends before its trailer" : "file ends inside the zstd frame");
			break;
		}
		/* In the last TRC_TOKMAX bytes, decode one token at a time. */
		const uint8_t *lim = end - p > TRC_TOKMAX ? end - TRC_TOKMAX : p + 1;
		while (p < lim && o < oe) {
			unsigned op = *p++;
			uint64_t v;
			if (op < 0x80) {
				size_t k = op + 1;
				int cut = k > (size_t)(oe - o);
				if (cut) {
					r->run_left = k - (size_t)(oe - o);
					k = (size_t)(oe - o);
				}
				o = EMIT(k);
				if (__builtin_expect(cut, 0))
					break; /* (its rest first, in the next call) */
				continue;
			}
			if (op < 0xa2) {
				/* explicit fetch */
				uint64_t a = s.pc + s.psize;
				uint32_t size = op & 15;
				if (op >= 0xa0) {
					p = trc_getv(p, &v, &bad);
					if (v > TRACE_MAX_SIZE && !bad) {
						big = 1;
						v_big = v;
						break;
					}
					size = (uint32_t)v;
				}
				if (op >= 0x90 && op != 0xa0) {
					p = trc_getv(p, &v, &bad);
					a += trc_unzig(v);
				}
				trc_islot *cur = &s.it[s.ih];
				uint32_t nh = trc_ihash(a);
				trc_islot *ns = &s.it[nh];
				if (op < 0xa0 && size == 0)
					size = ns->size;
				if (memo_on) { /* (off, lines are dropped when turned on) */
					if (cur->next != a || cur->ndata != s.didx)
						memo_clear_next(r->memo, r->owner, s.ih);
					if (ns->size != size)
						memo_clear_size(r->memo, r->owner, nh);
				}
				cur->next = a;
				r->nh[s.ih] = (uint16_t)nh;
				cur->ndata = s.didx;
				ns->size = size;
				s.pc = a;
				s.psize = size;
				s.ih = nh;
				s.didx = 0;
				c[TK_FETCH]++;
				if (runs && a == rend && (uint64_t)size - 1 < room) {
					o[-1].x++;
					o[-1].arg += size;
					rend += size;
					room -= size;
					continue;
				}
				*o++ = (trace_rec){ a, size, 0, TK_FETCH, 0 };
				if (runs) {
					rend = a + size;
					room = trc_run_room(a, size);
				}
				continue;
			}
			if (op >= OP_DATA && op < OP_KIND) {
				/* explicit load or store */
				trc_islot *cur = &s.it[s.ih];
				trc_dslot *d = &s.dt[trc_dhash(s.ih, s.didx)];
				unsigned szc = op & 7;
				uint32_t size = szc == DSZ_PRED ? d->size : trc_dsizes[szc];
				if (szc == DSZ_ESC) {
					p = trc_getv(p, &v, &bad);
					if (v > TRACE_MAX_SIZE && !bad) {
						big = 1;
						v_big = v;
						break;
					}
					size = (uint32_t)v;
				}
				p = trc_getv(p, &v, &bad);
				uint64_t a = (op & DOP_GLOBAL ? s.dlast : d->last) + trc_unzig(v);
				unsigned kind = op & DOP_STORE ? TK_STORE : TK_LOAD;
				d->stride = a - d->last;
				d->last = a;
				d->size = size;
				d->kind = kind << RKIND_SHIFT;
				if (s.didx >= cur->ndata) {
					cur->ndata = s.didx + 1;
					if (memo_on)
						memo_clear_next(r->memo, r->owner, s.ih);
				}
				s.didx++;
				s.dlast = a;
				put_data(o++, a, d);
				c[TK_LOAD] += kind == TK_LOAD; /* (constant indices: c stays in registers) */
				c[TK_STORE] += kind == TK_STORE;
				room = 0;
				continue;
			}
			trace_rec t;
			fs_at = p - 1;
			const uint8_t *q = kind_token(r, op, p, &t, &bad, &fs_why, &fs_v);
			if (!q) {
				p--;
				goto special;
			}
			p = q;
			if (fs_why)
				break;
			*o++ = t;
			room = 0;
			r->counts.kind[t.kind]++;
			r->counts.records++;
		}
		if (big && p <= end) {
			/* the position is the record's own */
			fold_counts(r, c);
			r->p = p;
			rc = rerr(r, TRACE_E_CORRUPT, "an access of %" PRIu64 " bytes, above the format's limit of %u",
			          v_big, TRACE_MAX_SIZE);
			break;
		}
		if (fs_why && !bad && p <= end) {
			/* the position is the record's own */
			fold_counts(r, c);
			r->p = fs_at;
			rc = fs_corrupt(r, (unsigned)(*fs_at - OP_KIND), fs_why, fs_v);
			p = fs_at;
			break;
		}
		if (bad || big || fs_why || p > end) {
			r->p = p > end ? end : p;
			rc = p > end && !bad ?
			     rerr(r, TRACE_E_TRUNCATED, r->frame_done ?
			          "trace ends inside a record" : "file ends inside the zstd frame") :
			     rerr(r, TRACE_E_CORRUPT, "undecodable record");
			break;
		}
		continue;
special:
		r->p = p + 1;
		fold_counts(r, c);
		if (*p == OP_NAME) {
			rc = read_name(r);
		} else if (*p == OP_END && !r->run_left) {
			rc = read_trailer(r);
			if (!rc)
				r->done = 1;
		} else {
			r->p = p;
			rc = rerr(r, TRACE_E_CORRUPT, "unknown opcode 0x%02x", *p);
		}
		p = r->p;
		if (rc || r->done)
			break;
	}
#undef EMIT
	r->p = p;
	r->pred = s;
	uint64_t before = r->counts.records;
	/* (not fold_counts: its clearing of c here costs the token loop
	 * registers: 0.7-1.2% more instructions under callgrind) */
	for (int k = TK_FETCH; k <= TK_STORE; k++) {
		r->counts.kind[k] += c[k];
		r->counts.records += c[k];
	}
	r->mstat[0] += ms[0];
	r->mstat[1] += ms[1];
	r->mstat[2] += ms[2];
	if (runs && (r->counts.records >> MEMO_WINDOW_LOG) != (before >> MEMO_WINDOW_LOG))
		memo_gate(r);
	if (rc)
		return rc;
	return (long)(o - buf);
}

/* ---- format 2.0: blocks (FORMAT.md, sections 3b and 4b) --------------- */

/* Adds the packed counts of memory records *c (TRB_COUNTS) to r->counts,
 * and clears them. */
static void fold_packed(trace_reader *r, uint64_t *c)
{
	const uint64_t m = TRB_COUNTS_MAX;
	uint64_t k[TK_STORE + 1] = { *c & m, *c >> 21 & m, *c >> 42 & m };
	*c = 0;
	fold_counts(r, k);
}

/* Emits block b at o (runs: its run records) and applies the updates of
 * FORMAT.md 3b but prev's: each data slot's last address advances by its
 * stride; seq and dlast follow.  o has room for TRB_ITEMS records: the
 * first TRB_COPY records are copied whatever the block's length, the rest
 * two at a time, the pools having TRB_COPY records of slack (what is
 * copied past the block's end is overwritten or never handed out).  Adds
 * its counts to *c (packed: TRB_COUNTS).  Returns the new end. */
static inline __attribute__((always_inline)) trace_rec *
emit_block(const trb_table *t, const trb_block *b, trace_rec *o, uint64_t *c, uint64_t *seq,
           uint64_t *dlast, const int runs)
{
	const trace_rec *src = runs ? t->runs + b->run : t->rec + b->rec;
	const unsigned m = runs ? b->nrun : b->n, nd = b->nd;
	/* (fixed sizes: inline moves, no loop for most blocks) */
	memcpy(o, src, TRB_COPY / 2 * sizeof *o);
	if (m > TRB_COPY / 2)
		memcpy(o + TRB_COPY / 2, src + TRB_COPY / 2, TRB_COPY / 2 * sizeof *o);
	for (unsigned i = TRB_COPY; i < m; i += 2) {
		o[i] = src[i];
		o[i + 1] = src[i + 1];
	}
	trb_slot *sl = t->slots + b->slot;
	uint64_t a = *dlast;
	for (unsigned d = 0; d < nd; d++) {
		a = sl[d].last + sl[d].stride;
		sl[d].last = a;
		o[runs ? sl[d].rpos : sl[d].pos].addr = a;
	}
	*dlast = a;
	if (b->has_fetch)
		*seq = b->end;
	*c += b->counts;
	return o + m;
}

/* Emits block id (as emit_block, and prev's succ and prev) into o if a
 * whole block fits before oe, else through the stage (the rest is handed
 * out first by the next call). */
static inline __attribute__((always_inline)) trace_rec *
put_block(trace_reader *r, uint32_t id, trace_rec *o, trace_rec *oe, uint64_t *c, const int runs)
{
	trb_table *t = &r->bt;
	if (t->prev != TRB_NONE)
		t->b[t->prev].succ = id;
	t->prev = id;
	if (oe - o >= TRB_ITEMS)
		return emit_block(t, &t->b[id], o, c, &t->seq, &t->dlast, runs);
	unsigned k = (unsigned)(emit_block(t, &t->b[id], r->stage, c, &t->seq, &t->dlast, runs) -
	                        r->stage);
	unsigned m = (size_t)(oe - o) < k ? (unsigned)(oe - o) : k;
	memcpy(o, r->stage, m * sizeof *o);
	r->stage_i = m;
	r->stage_n = k;
	return o + m;
}

/* Emits the blocks of a run token (r->brun_left of them left) while a
 * whole block fits before oe, the table's state in registers; the last
 * ones through put_block.  Returns the new end, or NULL when no block is
 * predicted (corrupt). */
static inline __attribute__((always_inline)) trace_rec *
run_blocks(trace_reader *r, trace_rec *o, trace_rec *oe, uint64_t *c, const int runs)
{
	trb_table *t = &r->bt;
	const trb_block *const B = t->b;
	size_t left = r->brun_left;
	uint32_t prev = t->prev;
	uint64_t seq = t->seq, dlast = t->dlast;
	while (left && oe - o >= TRB_ITEMS) {
		uint32_t id = prev == TRB_NONE ? TRB_NONE : B[prev].succ;
		if (id == TRB_NONE)
			break;
		prev = id; /* (whose succ is then prev already) */
		o = emit_block(t, &B[prev], o, c, &seq, &dlast, runs);
		left--;
	}
	t->prev = prev;
	t->seq = seq;
	t->dlast = dlast;
	r->brun_left = left;
	if (left && oe - o >= TRB_ITEMS)
		return NULL; /* (stopped: nothing predicted) */
	if (left && o < oe) {
		uint32_t id = trb_predicted(t);
		if (id == TRB_NONE)
			return NULL;
		o = put_block(r, id, o, oe, c, runs);
		r->brun_left--;
	}
	return o;
}

/* Reads a block definition (after OP2_DEF) at p into the table, emptying
 * it first when full.  Returns the new p and the block's number in *id,
 * or sets *bad (a field out of range), *big (a size above the limit) or
 * *nomem (no memory for the table to grow). */
static const uint8_t *read_def(trb_table *t, const uint8_t *p, uint32_t *id, int *bad,
                               uint64_t *big, int *nomem)
{
	uint64_t v, n;
	p = trc_getv(p, &v, bad);
	uint64_t start = t->seq + trc_unzig(v), at = start, dl = t->dlast;
	p = trc_getv(p, &n, bad);
	if (n == 0 || n > TRB_ITEMS) {
		*bad = 1;
		return p;
	}
	trace_rec rec[TRB_ITEMS];
	for (unsigned i = 0; i < n; i++) {
		unsigned b = *p++, kind = b & 3;
		uint64_t size = b >> 2;
		if (size == TRB_SIZE_ESC)
			p = trc_getv(p, &size, bad);
		if (kind > TK_STORE) {
			*bad = 1;
			return p;
		}
		if (size > TRACE_MAX_SIZE) {
			*big = size;
			return p;
		}
		rec[i] = (trace_rec){ at, (uint32_t)size, 0, (uint8_t)kind, 0 };
		if (kind == TK_FETCH) {
			at += size;
		} else {
			p = trc_getv(p, &v, bad);
			dl += trc_unzig(v);
			rec[i].addr = dl;
		}
	}
	if (*bad)
		return p;
	if (trb_full(t, (unsigned)n))
		trb_reset(t);
	if (trb_room(t, (unsigned)n)) {
		*nomem = 1;
		return p;
	}
	*id = trb_define(t, start, rec, (unsigned)n);
	return p;
}

/* Reads k patches (after an OP2_USE's block number or OP2_NEXT) of block
 * id at p: each sets the stride of one data slot, so that its access is at
 * the coded address (FORMAT.md 4b).  The address is coded from the slot's
 * last one, or from the access before it in the block (dlast for the
 * first): that one's address is already known, whether patched or not,
 * since the slots are patched in order. */
static inline __attribute__((always_inline)) const uint8_t *
read_patches(trb_table *t, uint32_t id, const uint8_t *p, int *bad)
{
	uint64_t k, v, gap;
	const trb_block *b = &t->b[id];
	trb_slot *sl = t->slots + b->slot;
	p = trc_getv(p, &k, bad);
	if (k > b->nd) {
		*bad = 1;
		return p;
	}
	uint64_t at = 0;
	for (uint64_t j = 0; j < k; j++) {
		p = trc_getv(p, &gap, bad);
		p = trc_getv(p, &v, bad);
		at += gap >> 1;
		if (at >= b->nd) {
			*bad = 1;
			return p;
		}
		uint64_t base = !(gap & 1) ? sl[at].last :
		                at ? sl[at - 1].last + sl[at - 1].stride : t->dlast;
		sl[at].stride = base + trc_unzig(v) - sl[at].last;
		at++;
	}
	return p;
}

/* trace_read and trace_read_runs of a version 2 trace: one token at a
 * time (a token stands for 17 records on average on real traces). */
static inline __attribute__((always_inline)) long decode_blocks(trace_reader *r, trace_rec *buf,
                                                                size_t n, const int runs)
{
	if (r->status)
		return r->status;
	if (r->done)
		return 0;
	if (n == 0)
		return TRACE_E_ARG;
	if (n > TRB_COUNTS_MAX / 2)
		n = TRB_COUNTS_MAX / 2; /* (the packed counts stay exact: TRB_COUNTS) */
	trace_rec *o = buf, *const oe = buf + n;
	uint64_t c = 0; /* the memory records emitted, packed (TRB_COUNTS) */
	trb_table *t = &r->bt;
	int rc = TRACE_OK;
	if (r->stage_i < r->stage_n) {
		unsigned k = r->stage_n - r->stage_i;
		unsigned m = n < k ? (unsigned)n : k;
		memcpy(o, r->stage + r->stage_i, m * sizeof *o);
		o += m;
		r->stage_i += m;
	}
	const uint8_t *p = r->p;
	while (o < oe && r->stage_i == r->stage_n) {
		if (r->brun_left) {
			trace_rec *q = run_blocks(r, o, oe, &c, runs);
			if (!q) {
				fold_packed(r, &c);
				r->p = p;
				rc = rerr(r, TRACE_E_CORRUPT, "a run of blocks where no block is predicted");
				break;
			}
			o = q;
			continue;
		}
		if (r->end - p <= TRB_TOKMAX && !r->frame_done && !r->in_eof) {
			r->p = p;
			rc = refill(r, TRB_TOKMAX + 1);
			p = r->p;
			if (rc)
				break;
			continue;
		}
		const uint8_t *end = r->end, *tok = p;
		if (p >= end) {
			r->p = p;
			rc = rerr(r, TRACE_E_TRUNCATED, r->frame_done ?
			          "trace ends before its trailer" : "file ends inside the zstd frame");
			break;
		}
		unsigned op = *p++;
		int bad = 0, why = 0;
		uint64_t v = 0, big = 0;
		uint32_t id = TRB_NONE;
		if (op < 0x80) {
			r->brun_left = op + 1;
			continue;
		}
		if (op == OP2_USE) {
			p = trc_getv(p, &v, &bad);
			if (!bad && v < t->nb)
				p = read_patches(t, id = (uint32_t)v, p, &bad);
			else
				bad = 1;
		} else if (op == OP2_NEXT) {
			id = trb_predicted(t);
			if (id != TRB_NONE)
				p = read_patches(t, id, p, &bad);
			else
				bad = 1;
		} else if (op == OP2_DEF) {
			int nomem = 0;
			p = read_def(t, p, &id, &bad, &big, &nomem);
			if (nomem) {
				fold_packed(r, &c);
				r->p = tok;
				rc = rerr(r, TRACE_E_NOMEM, "out of memory for the block table");
				break;
			}
		} else {
			trace_rec k;
			const uint8_t *q = kind_token(r, op, p, &k, &bad, &why, &v);
			if (!q) {
				fold_packed(r, &c);
				r->p = p;
				if (op == OP_NAME) {
					rc = read_name(r);
				} else if (op == OP_END) {
					rc = read_trailer(r);
					if (!rc)
						r->done = 1;
				} else {
					r->p = tok;
					rc = rerr(r, TRACE_E_CORRUPT, "unknown opcode 0x%02x", op);
				}
				p = r->p;
				if (rc || r->done)
					break;
				continue;
			}
			p = q;
			if (why && !bad && p <= end) {
				fold_packed(r, &c);
				r->p = tok;
				rc = fs_corrupt(r, op - OP_KIND, why, v);
				break;
			}
			if (!bad && p <= end) {
				*o++ = k;
				r->counts.kind[k.kind]++;
				r->counts.records++;
				continue;
			}
		}
		if (bad || big || p > end) {
			fold_packed(r, &c);
			r->p = p > end ? end : tok;
			rc = big && p <= end ?
			     rerr(r, TRACE_E_CORRUPT, "an access of %" PRIu64 " bytes, above the format's "
			          "limit of %u", big, TRACE_MAX_SIZE) :
			     p > end && !bad ?
			     rerr(r, TRACE_E_TRUNCATED, r->frame_done ?
			          "trace ends inside a record" : "file ends inside the zstd frame") :
			     rerr(r, TRACE_E_CORRUPT, "undecodable block token (opcode 0x%02x)", op);
			break;
		}
		o = put_block(r, id, o, oe, &c, runs);
	}
	r->p = p;
	fold_packed(r, &c);
	if (rc)
		return rc;
	return (long)(o - buf);
}

long trace_read(trace_reader *r, trace_rec *buf, size_t n)
{
	return r->v2 ? decode_blocks(r, buf, n, 0) : decode(r, buf, n, 0);
}

long trace_read_runs(trace_reader *r, trace_rec *buf, size_t n)
{
	return r->v2 ? decode_blocks(r, buf, n, 1) : decode(r, buf, n, 1);
}

int trace_reader_counts(trace_reader *r, trace_counts *c)
{
	if (r->done) {
		*c = r->counts;
		return 1;
	}
	if (r->have_totals) {
		*c = r->totals;
		return 1;
	}
	return 0;
}

const char *trace_reader_name(const trace_reader *r, uint32_t idx)
{
	return idx < r->nnames ? r->names[idx] : NULL;
}

uint64_t trace_reader_position(const trace_reader *r)
{
	return r->counts.records;
}

uint64_t trace_reader_bytes_in(const trace_reader *r)
{
	return r->zbytes;
}

const char *trace_reader_error(const trace_reader *r)
{
	return r->err;
}

void trace_reader_close(trace_reader *r)
{
	rfree(r);
}
