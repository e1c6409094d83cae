/*
 * replay_feed.c - feeding one batch of records to every machine.  A
 * machine shared by several modes stops where their hardware TLBs would
 * part (mach.h); the native account then moves to a machine of its own,
 * with a copy of the shared state, and both go on from that record.
 */
#include <stdlib.h>

#include "replay/replay_int.h"

static void feed(replay *r, mach *M, const trace_rec *recs, size_t n)
{
	size_t pos = 0;
	while (pos < n) {
		pos += mach_feed(M, recs + pos, n - pos);
		if (!M->diverged)
			break; /* (no quantum with one VM) */
		mach *N = calloc(1, sizeof *N);
		unsigned k = 0;
		while (k < M->nacct && M->a[k].virt)
			k++;
		if (!N || r->nms == REPLAY_NMODES || k == M->nacct || mach_split(M, k, N)) {
			/* cannot part: out of memory */
			M->oom = 1;
			M->diverged = 0;
			if (N) {
				mach_free(N);
				free(N);
			}
			return;
		}
		r->ms[r->nms++] = N;
		feed(r, N, recs + pos, n - pos);
	}
}

void replay_feed_all(replay *r, const trace_rec *recs, size_t n)
{
	unsigned nm = r->nms;
	for (unsigned j = 0; j < nm; j++)
		feed(r, r->ms[j], recs, n);
	if (r->hw)
		hwmach_feed(r->hw, recs, n);
}
