/*
 * replay_int.h - the replay object's layout, shared by the engine's files
 * (replay.c, replay_feed.c, replay_files.c, report.c).  Not for users of
 * replay.h.
 */
#ifndef VMMSIM_REPLAY_INT_H
#define VMMSIM_REPLAY_INT_H

#include "machine/mach.h"
#include "machine/replay.h"

#define REPLAY_MAX_LABELS 1024

struct replay {
	replay_opts o;
	model m;
	unsigned modes, nvms;
	mach *nat;                  /* native: one machine per VM (nvms) */
	unsigned nnat;
	mach *mon[REPLAY_NMODES];   /* virt, swtlb: one machine for all VMs */
	uint64_t interval;          /* --interval rows */
	FILE *ivf;
	uint64_t iv_window, iv_last[REPLAY_NMODES];
	char *label[REPLAY_MAX_LABELS];
	int finished;
	struct replay_shared *sh;   /* shared hardware-TLB simulation (replay_feed.c) */
};

/* replay_feed.c: feeds one batch of the single VM to every machine. */
void replay_feed_shared(replay *r, const trace_rec *recs, size_t n);
void replay_shared_end(replay *r);
void replay_shared_free(replay *r);

/* 1 if some machine ran out of memory for per-page state. */
int replay_oom(const replay *r);

#endif
