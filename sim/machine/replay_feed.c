/*
 * replay_feed.c - feeding one batch of records to every mode's machine.
 */
#include "machine/replay_int.h"

void replay_feed_shared(replay *r, const trace_rec *recs, size_t n)
{
	if (r->nat)
		mach_feed(&r->nat[0], recs, n);
	for (unsigned md = REPLAY_VIRT; md <= REPLAY_SWTLB; md++)
		if (r->mon[md])
			mach_feed(r->mon[md], recs, n);
}

void replay_shared_end(replay *r)
{
	(void)r;
}

void replay_shared_free(replay *r)
{
	(void)r;
}
