/*
 * prefetch.c - decoding a trace in a thread of its own (see prefetch.h):
 * a ring of NBUF batches, the decoder filling, the consumer emptying.
 */
#include "trace/prefetch.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBUF 4
#define PBATCH 65536

struct prefetch {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t th;
	trace_reader *rd;
	trace_rec *buf[NBUF];
	long len[NBUF]; /* > 0 records, 0 end, < 0 error */
	uint64_t pos[NBUF]; /* records decoded up to the end of each batch */
	uint64_t cur_pos;   /* ... of the batch the consumer holds */
	int runs;           /* trace_read_runs, else trace_read */
	unsigned head, count;
	int stop, held; /* held: the consumer has batch head */
	int ended;      /* the consumer has seen the end or an error */
	trace_header h;
	trace_counts counts;
	int have_counts;
};

/* Posts a batch length into the ring (waiting for room); 0, or -1 if
 * stopped. */
static int post(prefetch *p, unsigned slot, long n)
{
	pthread_mutex_lock(&p->mu);
	while (p->count == NBUF && !p->stop)
		pthread_cond_wait(&p->cv, &p->mu);
	int stop = p->stop;
	if (!stop) {
		p->len[slot] = n;
		p->count++;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return stop ? -1 : 0;
}

static void *decoder(void *arg)
{
	prefetch *p = arg;
	for (unsigned tail = 0;; tail = (tail + 1) % NBUF) {
		/* wait for a free slot before writing into it */
		pthread_mutex_lock(&p->mu);
		while (p->count == NBUF && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		int stop = p->stop;
		pthread_mutex_unlock(&p->mu);
		if (stop)
			return NULL;
		long n = 0, k = 1;
		while (n < PBATCH && (k = (p->runs ? trace_read_runs : trace_read)(
		                              p->rd, p->buf[tail] + n, (size_t)(PBATCH - n))) > 0)
			n += k;
		p->pos[tail] = trace_reader_position(p->rd);
		if (k < 0) { /* an error wins over the records before it */
			post(p, tail, k);
			return NULL;
		}
		if (n > 0 && post(p, tail, n))
			return NULL;
		if (k == 0) { /* the end */
			if (n > 0)
				tail = (tail + 1) % NBUF;
			post(p, tail, 0);
			return NULL;
		}
	}
}

int prefetch_open(prefetch **out, const char *path, int runs, char *err, size_t errlen)
{
	*out = NULL;
	prefetch *p = calloc(1, sizeof *p);
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	p->runs = runs;
	if (trace_reader_open(&p->rd, path, err, errlen) != TRACE_OK) {
		free(p);
		return -1;
	}
	p->h = *trace_reader_header(p->rd);
	p->have_counts = trace_reader_counts(p->rd, &p->counts);
	int bad = 0;
	for (unsigned b = 0; b < NBUF; b++)
		bad |= !(p->buf[b] = malloc(PBATCH * sizeof *p->buf[b]));
	if (bad || pthread_mutex_init(&p->mu, NULL)) {
		for (unsigned b = 0; b < NBUF; b++)
			free(p->buf[b]);
		trace_reader_close(p->rd);
		free(p);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (pthread_cond_init(&p->cv, NULL) || pthread_create(&p->th, NULL, decoder, p)) {
		pthread_mutex_destroy(&p->mu);
		for (unsigned b = 0; b < NBUF; b++)
			free(p->buf[b]);
		trace_reader_close(p->rd);
		free(p);
		snprintf(err, errlen, "%s: cannot start the decoding thread", path);
		return -1;
	}
	*out = p;
	return 0;
}

const trace_header *prefetch_header(const prefetch *p)
{
	return &p->h;
}

int prefetch_counts(const prefetch *p, trace_counts *c)
{
	if (p->have_counts)
		*c = p->counts;
	return p->have_counts;
}

long prefetch_next(prefetch *p, const trace_rec **recs, char *err, size_t errlen)
{
	pthread_mutex_lock(&p->mu);
	if (p->held) { /* give the previous batch back */
		p->head = (p->head + 1) % NBUF;
		p->count--;
		p->held = 0;
		pthread_cond_broadcast(&p->cv);
	}
	while (p->count == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	long n = p->len[p->head];
	if (n > 0) {
		p->held = 1;
		p->cur_pos = p->pos[p->head];
	} else {
		p->ended = 1;
	}
	pthread_mutex_unlock(&p->mu);
	if (n < 0) {
		/* the decoder has stopped: its reader is ours to read */
		snprintf(err, errlen, "%s", trace_reader_error(p->rd));
		return -1;
	}
	*recs = p->buf[p->head];
	return n;
}

const char *prefetch_name(const prefetch *p, uint32_t idx)
{
	return p->ended ? trace_reader_name(p->rd, idx) : NULL;
}

uint64_t prefetch_position(const prefetch *p)
{
	return p->cur_pos;
}

void prefetch_close(prefetch *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->th, NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	for (unsigned b = 0; b < NBUF; b++)
		free(p->buf[b]);
	trace_reader_close(p->rd);
	free(p);
}
