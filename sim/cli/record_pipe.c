/*
 * record_pipe.c - the recording's writer thread (see record_pipe.h).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/record_pipe.h"

#define BUF_RECS 65536u

struct record_pipe {
	trace_writer *w;
	trace_rec *buf[2];
	unsigned cur;           /* the buffer the CPU fills */
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int busy;               /* the writer holds buffer cur ^ 1 */
	uint32_t busy_len;
	int stop, failed;
	char err[512];
};

static void *writer(void *arg)
{
	record_pipe *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->busy && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		if (!p->busy)
			break; /* stopped, nothing left */
		const trace_rec *b = p->buf[p->cur ^ 1u];
		uint32_t n = p->busy_len;
		int skip = p->failed;
		pthread_mutex_unlock(&p->mu);
		int rc = skip ? TRACE_OK : trace_write(p->w, b, n);
		pthread_mutex_lock(&p->mu);
		if (rc != TRACE_OK && !p->failed) {
			p->failed = 1;
			snprintf(p->err, sizeof p->err, "%s", trace_writer_error(p->w));
		}
		p->busy = 0;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

record_pipe *record_pipe_open(const char *path, const trace_header *h, cpu *c, char *err,
                              size_t errlen)
{
	record_pipe *p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(err, errlen, "out of memory for the recording");
		return NULL;
	}
	p->buf[0] = malloc(BUF_RECS * sizeof *p->buf[0]);
	p->buf[1] = malloc(BUF_RECS * sizeof *p->buf[1]);
	if (!p->buf[0] || !p->buf[1]) {
		snprintf(err, errlen, "out of memory for the recording");
		goto fail;
	}
	if (trace_writer_open(&p->w, path, h, 0, err, errlen) != TRACE_OK)
		goto fail;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if (pthread_create(&p->th, NULL, writer, p) != 0) {
		snprintf(err, errlen, "%s: cannot start the recording's writer thread", path);
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->cv);
		trace_writer_abort(p->w);
		goto fail;
	}
	c->ev = p->buf[0];
	c->ev_cap = BUF_RECS;
	c->ev_len = 0;
	return p;
fail:
	free(p->buf[0]);
	free(p->buf[1]);
	free(p);
	return NULL;
}

int record_pipe_drain(void *pipe, cpu *c)
{
	record_pipe *p = pipe;
	pthread_mutex_lock(&p->mu);
	while (p->busy)
		pthread_cond_wait(&p->cv, &p->mu);
	int failed = p->failed;
	if (!failed && c->ev_len) {
		p->busy = 1;
		p->busy_len = c->ev_len;
		p->cur ^= 1u;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	c->ev = p->buf[p->cur];
	c->ev_len = 0;
	return failed ? -1 : 0;
}

int record_pipe_mark(record_pipe *p, cpu *c, const char *mark)
{
	unsigned sub;
	const char *name;
	if (!strncmp(mark, "begin ", 6)) {
		sub = TMARK_BEGIN;
		name = mark + 6;
	} else if (!strncmp(mark, "end ", 4)) {
		sub = TMARK_END;
		name = mark + 4;
	} else {
		return 0;
	}
	if (!*name)
		return 0;
	if (c->ev_len == c->ev_cap && record_pipe_drain(p, c) != 0)
		return -1;
	/* the name's definition goes into the stream now, before the record
	 * that uses it: once the writer is idle, which it stays while the
	 * mutex is held and no buffer is handed over */
	pthread_mutex_lock(&p->mu);
	while (p->busy)
		pthread_cond_wait(&p->cv, &p->mu);
	long idx = -1;
	if (!p->failed && (idx = trace_writer_name(p->w, name)) < 0) {
		p->failed = 1;
		snprintf(p->err, sizeof p->err, "%s", trace_writer_error(p->w));
	}
	int failed = p->failed;
	pthread_mutex_unlock(&p->mu);
	if (failed)
		return -1;
	c->ev[c->ev_len++] = (trace_rec){ .kind = TK_MARK, .sub = (uint8_t)sub, .arg = (uint32_t)idx };
	return 0;
}

const char *record_pipe_error(const record_pipe *p)
{
	return p->err;
}

int record_pipe_close(record_pipe *p, cpu *c, int keep, char *err, size_t errlen)
{
	int rc = 0;
	if (keep && c->ev_len && record_pipe_drain(p, c) != 0)
		rc = -1;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->th, NULL);
	if (p->failed) {
		rc = -1;
		snprintf(err, errlen, "%s", p->err);
	}
	if (keep && rc == 0) {
		if (trace_writer_finish(p->w, err, errlen) != TRACE_OK)
			rc = -1;
	} else {
		trace_writer_abort(p->w);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	c->ev = NULL;
	c->ev_len = c->ev_cap = 0;
	free(p->buf[0]);
	free(p->buf[1]);
	free(p);
	return rc;
}
