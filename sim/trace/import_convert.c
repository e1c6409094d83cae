/*
 * import_convert.c - the conversion driver: reads a file or standard input
 * in large blocks (decompressing it on the fly when it starts with zstd's
 * magic bytes), feeds a parser, and writes the records through a
 * trace_writer opened when the first batch is ready (so that the header can
 * take what the input says about itself, and a failure before that leaves
 * no file at all).
 */
#include "trace/import_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

#define READ_BLOCK (4u << 20) /* bytes read (or decompressed) per parser feed */
#define QUEUE 4               /* batches in flight between parser and writer */

/* The writer runs in a thread of its own, fed batches through a small
 * queue, so that parsing and encoding+compressing overlap (2 cores: the
 * writer is the larger half).  The order of records is the queue's, so the
 * output is the same as a single thread's. */
typedef struct conv {
	const import_opts *o;
	trace_writer *w;
	pthread_t thread;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	trace_rec *slot[QUEUE];
	size_t len[QUEUE];
	unsigned head, tail; /* batches queued (head) and written (tail) */
	int stop;            /* no more batches will come */
	int wst;             /* the writer thread's first failure */
	char err[1024];
} conv;

static void *writer_main(void *arg)
{
	conv *c = arg;
	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (c->head == c->tail && !c->stop)
			pthread_cond_wait(&c->cv, &c->mu);
		if (c->head == c->tail)
			break;
		unsigned i = c->tail % QUEUE;
		int failed = c->wst;
		pthread_mutex_unlock(&c->mu);
		int st = failed ? 0 : trace_write(c->w, c->slot[i], c->len[i]);
		pthread_mutex_lock(&c->mu);
		if (st < 0 && !c->wst) {
			c->wst = st;
			snprintf(c->err, sizeof c->err, "%s", trace_writer_error(c->w));
		}
		c->tail++;
		pthread_cond_broadcast(&c->cv);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

static int sink_begin(void *ctx, const trace_header *h)
{
	conv *c = ctx;
	int st = trace_writer_open(&c->w, c->o->out, h, c->o->level, c->err, sizeof c->err);
	if (st < 0)
		return st;
	if (c->o->version && (st = trace_writer_set_version(c->w, c->o->version)) < 0) {
		snprintf(c->err, sizeof c->err, "%s", trace_writer_error(c->w));
		return st;
	}
	for (unsigned i = 0; i < QUEUE; i++)
		if (!(c->slot[i] = malloc(IMPORT_BATCH * sizeof(trace_rec)))) {
			snprintf(c->err, sizeof c->err, "%s: out of memory", c->o->out);
			return TRACE_E_NOMEM;
		}
	/* the writer thread blocks SIGINT and SIGTERM: they interrupt the
	 * reading thread's read (o->stop) */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	int failed = pthread_create(&c->thread, NULL, writer_main, c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (failed) {
		snprintf(c->err, sizeof c->err, "%s: cannot start the writer thread", c->o->out);
		return TRACE_E_NOMEM;
	}
	c->started = 1;
	return 0;
}

static int sink_write(void *ctx, const trace_rec *r, size_t n)
{
	conv *c = ctx;
	pthread_mutex_lock(&c->mu);
	while (c->head - c->tail == QUEUE && !c->wst)
		pthread_cond_wait(&c->cv, &c->mu);
	int st = c->wst;
	unsigned i = c->head % QUEUE;
	pthread_mutex_unlock(&c->mu);
	if (st < 0)
		return st;
	memcpy(c->slot[i], r, n * sizeof *r); /* slot i is not the writer's until head moves */
	c->len[i] = n;
	pthread_mutex_lock(&c->mu);
	c->head++;
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
	return 0;
}

/* Waits until the writer has written everything queued.  Returns its status. */
static int drain(conv *c)
{
	pthread_mutex_lock(&c->mu);
	while (c->head != c->tail)
		pthread_cond_wait(&c->cv, &c->mu);
	int st = c->wst;
	pthread_mutex_unlock(&c->mu);
	return st;
}

/* Stops the writer thread (after it wrote what is queued); returns its status. */
static int stop_writer(conv *c)
{
	if (!c->started)
		return 0;
	pthread_mutex_lock(&c->mu);
	c->stop = 1;
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->thread, NULL);
	c->started = 0;
	return c->wst;
}

static long sink_name(void *ctx, const char *name)
{
	conv *c = ctx;
	int st = drain(c); /* the writer thread is idle until the next batch */
	if (st < 0)
		return st;
	long idx = trace_writer_name(c->w, name);
	if (idx < 0)
		snprintf(c->err, sizeof c->err, "%s", trace_writer_error(c->w));
	return idx;
}

static const char *sink_error(void *ctx)
{
	return ((conv *)ctx)->err;
}

static int stopped(volatile sig_atomic_t *stop)
{
	return stop && *stop;
}

/* Reads until n bytes or end of input.  Returns the count, or -1 (errno
 * EINTR: a read interrupted by the signal that set *stop). */
static ssize_t read_full(int fd, char *buf, size_t n, volatile sig_atomic_t *stop)
{
	size_t got = 0;
	while (got < n) {
		ssize_t k = read(fd, buf + got, n - got);
		if (k < 0) {
			if (errno == EINTR && !stopped(stop))
				continue;
			return -1;
		}
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

static int feed(import_parser *p, import_stats *st, const char *buf, size_t n)
{
	st->bytes_in += n;
	return import_parser_feed(p, buf, n);
}

/* The message of a conversion stopped by *stop (a signal). */
static int stop_err(const char *name, uint64_t bytes, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: stopped after %llu bytes of input", name, (unsigned long long)bytes);
	return TRACE_E_IO;
}

/* Plain text input: blocks straight into the parser.  buf holds the first
 * `have` bytes already read. */
static int run_plain(int fd, const char *name, import_parser *p, import_stats *st, char *buf,
                     size_t have, volatile sig_atomic_t *stop, char *err, size_t errlen)
{
	for (;;) {
		if (have) {
			int s = feed(p, st, buf, have);
			if (s < 0)
				return s;
		}
		ssize_t k = stopped(stop) ? (errno = EINTR, -1) : read_full(fd, buf, READ_BLOCK, stop);
		if (k < 0 && stopped(stop))
			return stop_err(name, st->bytes_in, err, errlen);
		if (k < 0) {
			snprintf(err, errlen, "%s: read error: %s", name, strerror(errno));
			return TRACE_E_IO;
		}
		if (k == 0)
			return TRACE_OK;
		have = (size_t)k;
	}
}

/* zstd-compressed input: decompress block by block into the parser. */
static int run_zstd(int fd, const char *name, import_parser *p, import_stats *st, char *inbuf,
                    size_t have, volatile sig_atomic_t *stop, char *err, size_t errlen)
{
	ZSTD_DCtx *z = ZSTD_createDCtx();
	char *out = malloc(READ_BLOCK);
	int rc = TRACE_OK;
	uint64_t consumed = 0;
	size_t last = 0;
	if (!z || !out) {
		snprintf(err, errlen, "%s: out of memory", name);
		rc = TRACE_E_NOMEM;
		goto done;
	}
	for (;;) {
		ZSTD_inBuffer in = { inbuf, have, 0 };
		int full = 0;
		/* until the input is consumed and the decoder has nothing more to
		 * give for it (it may, when it filled the output buffer) */
		while (in.pos < in.size || full) {
			ZSTD_outBuffer ob = { out, READ_BLOCK, 0 };
			last = ZSTD_decompressStream(z, &ob, &in);
			if (ZSTD_isError(last)) {
				snprintf(err, errlen, "%s: corrupt zstd input near compressed byte %llu: %s", name,
				         (unsigned long long)(consumed + in.pos), ZSTD_getErrorName(last));
				rc = TRACE_E_ZSTD;
				goto done;
			}
			if (ob.pos && (rc = feed(p, st, out, ob.pos)) < 0)
				goto done;
			full = ob.pos == ob.size;
		}
		consumed += have;
		ssize_t k = stopped(stop) ? (errno = EINTR, -1) : read_full(fd, inbuf, READ_BLOCK, stop);
		if (k < 0 && stopped(stop)) {
			rc = stop_err(name, consumed, err, errlen);
			goto done;
		}
		if (k < 0) {
			snprintf(err, errlen, "%s: read error: %s", name, strerror(errno));
			rc = TRACE_E_IO;
			goto done;
		}
		if (k == 0)
			break;
		have = (size_t)k;
	}
	if (last != 0) {
		snprintf(err, errlen, "%s: truncated zstd input (ends inside a frame after %llu compressed bytes)",
		         name, (unsigned long long)consumed);
		rc = TRACE_E_TRUNCATED;
	}
done:
	ZSTD_freeDCtx(z);
	free(out);
	return rc;
}

int import_convert(const import_opts *o, import_stats *st, char *err, size_t errlen)
{
	import_stats local;
	if (!st)
		st = &local;
	memset(st, 0, sizeof *st);
	err[0] = 0;
	const char *name = o->in;
	int fd = 0;
	if (strcmp(o->in, "-")) {
		fd = open(o->in, O_RDONLY);
		if (fd < 0) {
			snprintf(err, errlen, "%s: cannot open: %s", o->in, strerror(errno));
			return TRACE_E_IO;
		}
	}
	trace_header h;
	if (o->h)
		h = *o->h;
	else
		import_default_header(o->fmt, &h);
	conv c = { .o = o };
	pthread_mutex_init(&c.mu, NULL);
	pthread_cond_init(&c.cv, NULL);
	import_sink sink = { &c, sink_begin, sink_write, sink_name, sink_error };
	import_parser *p = NULL;
	char *buf = malloc(READ_BLOCK);
	int rc = buf ? import_parser_new(&p, o->fmt, name, &h, &sink) : TRACE_E_NOMEM;
	if (rc < 0) {
		snprintf(err, errlen, "%s: out of memory", name);
		goto done;
	}
	ssize_t k = read_full(fd, buf, 4, o->stop);
	if (k < 0 && stopped(o->stop)) {
		rc = stop_err(name, 0, err, errlen);
		goto done;
	}
	if (k < 0) {
		snprintf(err, errlen, "%s: read error: %s", name, strerror(errno));
		rc = TRACE_E_IO;
		goto done;
	}
	static const unsigned char zmagic[4] = { 0x28, 0xb5, 0x2f, 0xfd };
	if (k == 4 && !memcmp(buf, zmagic, 4))
		rc = run_zstd(fd, name, p, st, buf, 4, o->stop, err, errlen);
	else
		rc = run_plain(fd, name, p, st, buf, (size_t)k, o->stop, err, errlen);
	if (rc >= 0)
		rc = import_parser_finish(p);
	if (rc < 0 && !err[0])
		snprintf(err, errlen, "%s", import_parser_error(p));
	int wst = stop_writer(&c);
	if (wst < 0 && rc >= 0) {
		rc = wst;
		snprintf(err, errlen, "%s", c.err);
	}
	st->lines = import_parser_lines(p);
	st->ignored = import_parser_ignored(p);
	if (c.w) {
		const trace_counts *tc = trace_writer_counts(c.w);
		st->records = tc ? tc->records : 0;
		if (rc < 0) {
			trace_writer_abort(c.w);
		} else {
			rc = trace_writer_finish(c.w, err, errlen);
		}
		c.w = NULL;
	}
done:
	stop_writer(&c);
	for (unsigned i = 0; i < QUEUE; i++)
		free(c.slot[i]);
	pthread_mutex_destroy(&c.mu);
	pthread_cond_destroy(&c.cv);
	import_parser_free(p);
	free(buf);
	if (fd > 0)
		close(fd);
	return rc;
}
