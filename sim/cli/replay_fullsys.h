/*
 * replay_fullsys.h - `vmmsim replay` of a full-system recording (`vmmsim
 * boot --record`): the full-system machine (machine/sysmach.h) with the
 * recording's TLB or another, reported as the boot reports its native run.
 */
#ifndef VMMSIM_CLI_REPLAY_FULLSYS_H
#define VMMSIM_CLI_REPLAY_FULLSYS_H

#include <signal.h>

#include "replay/replay.h"

typedef struct fullsys_args {
	const char *path;          /* the recording (a file; not "-") */
	const replay_opts *o;      /* model, --tlb-entries, --tlb-policy, --seed */
	unsigned modes;            /* REPLAY_MODE_BIT mask given, 0 if none */
	const char *json, *csv;    /* outputs or NULL */
	int quiet;
	volatile sig_atomic_t *stop;
} fullsys_args;

/* Returns -2 if a->path is not a full-system recording (or cannot be read:
 * the ordinary replay then reports it), else the command's exit status. */
int replay_fullsys(const fullsys_args *a);

#endif
