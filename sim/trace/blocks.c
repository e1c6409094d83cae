/*
 * blocks.c - the block table of trace format 2.0 (blocks.h).
 */
#include "trace/blocks.h"

#include <stdlib.h>
#include <string.h>

int trb_init(trb_table *t, int runs)
{
	memset(t, 0, sizeof *t);
	/* (zeroed, and one record of slack: the reader copies two records
	 * at a time) */
	t->b = malloc(TRB_BLOCKS * sizeof *t->b);
	t->rec = calloc(TRB_POOL + 1, sizeof *t->rec);
	t->slots = malloc(TRB_POOL * sizeof *t->slots);
	if (runs)
		t->runs = calloc(TRB_POOL + 1, sizeof *t->runs);
	if (!t->b || !t->rec || !t->slots || (runs && !t->runs)) {
		trb_free(t);
		return -1;
	}
	t->prev = TRB_NONE;
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

/* The room a fetch of sz bytes at a leaves in its TRACE_RUN_BLOCK-aligned
 * block, 0 if it cannot start a run (size 0, or it crosses the block's
 * end); as in reader.c. */
static uint64_t room_after(uint64_t a, uint32_t sz)
{
	uint64_t r = TRACE_RUN_BLOCK - (a & (TRACE_RUN_BLOCK - 1));
	return (uint64_t)sz - 1 < r ? r - sz : 0;
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
				room = room_after(r[i].addr, r[i].arg);
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
	t->nrec += n;
	t->nruns += nrun;
	t->nslots += b->nd;
	return id;
}
