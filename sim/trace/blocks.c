/*
 * blocks.c - the block table of trace format 2.0 (blocks.h).
 */
#include "trace/blocks.h"
#include "trace/codec.h"

#include <stdlib.h>
#include <string.h>

/* Grows *pp (cap elements of size sz, the first used ones in use) to hold
 * need + TRB_COPY elements (the slack the reader's copy reads past a
 * block), doubling, at most max + TRB_COPY; zeroes what it adds.  Returns
 * 0 or -1. */
static int grow(void **pp, uint32_t *cap, uint32_t need, uint32_t max, size_t sz)
{
	if (need + TRB_COPY <= *cap)
		return 0;
	uint32_t n = *cap ? *cap : 1024;
	while (n < need + TRB_COPY)
		n *= 2;
	if (n > max + TRB_COPY)
		n = max + TRB_COPY;
	void *q = realloc(*pp, (size_t)n * sz);
	if (!q)
		return -1;
	memset((char *)q + (size_t)*cap * sz, 0, (size_t)(n - *cap) * sz);
	*pp = q;
	*cap = n;
	return 0;
}

int trb_init(trb_table *t, int runs)
{
	memset(t, 0, sizeof *t);
	t->want_runs = runs;
	t->prev = TRB_NONE;
	/* (the pools grow as blocks are defined: a short trace needs little) */
	return trb_room(t, TRB_ITEMS);
}

int trb_room(trb_table *t, unsigned n)
{
	if (grow((void **)&t->b, &t->cap_b, t->nb + 1, TRB_BLOCKS, sizeof *t->b) ||
	    grow((void **)&t->rec, &t->cap_rec, t->nrec + n, TRB_POOL, sizeof *t->rec) ||
	    grow((void **)&t->slots, &t->cap_slots, t->nslots + n, TRB_POOL, sizeof *t->slots) ||
	    (t->want_runs &&
	     grow((void **)&t->runs, &t->cap_runs, t->nruns + n, TRB_POOL, sizeof *t->runs)))
		return -1;
	return 0;
}

void trb_free(trb_table *t)
{
	free(t->b);
	free(t->rec);
	free(t->runs);
	free(t->slots);
	memset(t, 0, sizeof *t);
}

void trb_reset(trb_table *t)
{
	t->nb = t->nrec = t->nruns = t->nslots = 0;
	t->prev = TRB_NONE;
}

uint32_t trb_define(trb_table *t, uint64_t start, const trace_rec *r, unsigned n)
{
	uint32_t id = t->nb++;
	trb_block *b = &t->b[id];
	memset(b, 0, sizeof *b);
	b->start = start;
	b->end = start;
	b->rec = t->nrec;
	b->run = t->nruns;
	b->slot = t->nslots;
	b->succ = TRB_NONE;
	b->n = (uint16_t)n;
	trace_rec *o = t->rec + t->nrec, *ro = t->runs ? t->runs + t->nruns : NULL;
	uint64_t rend = 0, room = 0; /* the open run of ro[-1] */
	unsigned nrun = 0;
	for (unsigned i = 0; i < n; i++) {
		o[i] = r[i];
		if (r[i].kind == TK_FETCH) {
			b->nf++;
			b->has_fetch = 1;
			b->end = r[i].addr + r[i].arg;
			if (!ro)
				continue;
			if (nrun && r[i].addr == rend && (uint64_t)r[i].arg - 1 < room) {
				ro[nrun - 1].x++;
				ro[nrun - 1].arg += r[i].arg;
				rend += r[i].arg;
				room -= r[i].arg;
			} else {
				ro[nrun++] = r[i];
				rend = r[i].addr + r[i].arg;
				room = trc_run_room(r[i].addr, r[i].arg);
			}
			continue;
		}
		trb_slot *s = &t->slots[t->nslots + b->nd++];
		s->last = r[i].addr;
		s->stride = 0;
		s->pos = (uint16_t)i;
		s->pad = 0;
		o[i].addr = 0;
		b->nstore += r[i].kind == TK_STORE;
		if (ro) {
			s->rpos = (uint16_t)nrun;
			ro[nrun] = o[i];
			nrun++;
			room = 0;
		} else {
			s->rpos = 0;
		}
	}
	b->nrun = (uint16_t)nrun;
	b->counts = TRB_COUNTS(b->nf, b->nd - b->nstore, b->nstore);
	t->nrec += n;
	t->nruns += nrun;
	t->nslots += b->nd;
	return id;
}
