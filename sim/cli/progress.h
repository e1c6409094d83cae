/*
 * progress.h - the progress line on stderr ("replay: 1200 of 5000 records
 * (24%), 310.2 M records/s, 1.3 s left"), shown after a second, only when
 * stderr is a terminal, and erased at the end.  Host time is used only
 * here, for the display: never in results.
 */
#ifndef VMMSIM_CLI_PROGRESS_H
#define VMMSIM_CLI_PROGRESS_H

#include <stdint.h>

typedef struct cli_progress {
	const char *what; /* "replay" */
	int on;
	double t0, last;
} cli_progress;

/* Starts the clock; on only if stderr is a terminal and enable is set. */
void cli_progress_init(cli_progress *p, const char *what, int enable);
/* A replay_progress_fn (replay/replay.h): opaque is the cli_progress. */
void cli_progress_show(void *opaque, uint64_t done, uint64_t total, int final);

#endif
