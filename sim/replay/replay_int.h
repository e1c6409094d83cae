/*
 * replay_int.h - the replay object's layout, shared by the driver's files
 * (replay.c, replay_feed.c, replay_files.c).  Not for users of replay.h.
 */
#ifndef VMMSIM_REPLAY_INT_H
#define VMMSIM_REPLAY_INT_H

#include "machine/hwmach.h"
#include "machine/mach.h"
#include "replay/replay.h"

#define REPLAY_MAX_LABELS 1024

struct replay {
	replay_opts o;
	model m;
	unsigned modes, nvms;
	/* One VM: the machines (one shared by several modes, or one per mode;
	 * a shared one may split in two, see mach.h).  Several VMs: one
	 * machine per monitor mode running every VM, and nat[v], native, one
	 * machine per VM. */
	mach *ms[REPLAY_NMODES];
	unsigned nms;
	mach *nat;
	unsigned nnat;
	hwmach *hw;                 /* modes hw, shadow, nested (one VM) */
	struct replay_hwworker *hww; /* ... fed in a thread of its own (replay_hw.c) */
	/* Several VMs: hwnat[v], mode hw, VM v alone on its machine; hwm[j],
	 * one machine per mode shadow, nested running every VM */
	hwmach *hwnat;
	unsigned nhwnat;
	hwmach *hwm[HW_NMODES];
	unsigned nhwm;
	uint64_t interval;          /* --interval rows */
	FILE *ivf;
	uint64_t iv_window, iv_last[REPLAY_NMODES];
	char *label[REPLAY_MAX_LABELS];
	int finished;
	replay_status status;       /* the first error, sticky */
	char errmsg[256];
	volatile sig_atomic_t *stop; /* replay_set_stop */
};

/* Records the first error (a printf format); returns r->status. */
replay_status replay_fail(replay *r, replay_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* After feeding: an error if a machine ran out of memory.  Returns
 * r->status. */
replay_status replay_check(replay *r);

/* Feeds one batch of the single VM to every machine, splitting shared
 * machines whose modes must part.  Returns r->status. */
replay_status replay_feed_all(replay *r, const trace_rec *recs, size_t n);
/* The machine and account of mode md for VM vm, or 0 if not run. */
int replay_acct(const replay *r, unsigned md, unsigned vm, mach **m, macct **a, unsigned *mvm);

/* The hardware-walked machine's thread (replay_hw.c): hands it a batch
 * (0, or -1 if it cannot run: feed inline), waits until it is done with
 * it, stops the thread (nothing if none). */
int replay_hw_start(replay *r, const trace_rec *recs, size_t n);
void replay_hw_wait(replay *r);
void replay_hw_stop(replay *r);

/* 1 if some machine ran out of memory for per-page state. */
int replay_oom(const replay *r);

#endif
