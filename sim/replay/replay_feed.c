/*
 * replay_feed.c - feeding one batch of records to every machine.  A
 * machine shared by several modes stops where their hardware TLBs would
 * part (mach.h); the native account then moves to a machine of its own,
 * with a copy of the shared state, and both go on from that record.
 */
#include <stdlib.h>

#include "replay/replay_int.h"

static replay_status feed(replay *r, mach *M, const trace_rec *recs, size_t n)
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
			/* cannot part (out of memory): going on with the
			 * modes on one TLB would give wrong numbers */
			if (N) {
				mach_free(N);
				free(N);
			}
			return replay_fail(r, REPLAY_E_NOMEM, "out of memory for the native machine's own TLB");
		}
		r->ms[r->nms++] = N;
		if (feed(r, N, recs + pos, n - pos))
			return r->status;
	}
	return r->status;
}

replay_status replay_feed_all(replay *r, const trace_rec *recs, size_t n)
{
	unsigned nm = r->nms;
	/* the hardware-walked machine in its thread while this one feeds the
	 * software-managed machines (alone, it runs here) */
	int par = r->hw && nm && !r->status && !replay_hw_start(r, recs, n);
	for (unsigned j = 0; j < nm && !r->status; j++)
		feed(r, r->ms[j], recs, n);
	if (par)
		replay_hw_wait(r);
	else if (r->hw && !r->status)
		(void)hwmach_feed(r->hw, recs, n); /* (one VM: all of them) */
	return replay_check(r);
}
