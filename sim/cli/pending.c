/*
 * pending.c - TEMPORARY: weak definitions of the subcommands not built yet,
 * so that the binary links while they are being written.  Each is replaced
 * by a strong definition in its own file; this file goes when all exist.
 */
#include <stdio.h>

#include "cli/cmd.h"

static int pending(const char *name)
{
	fprintf(stderr, "vmmsim: '%s' is not implemented yet\n", name);
	return 2;
}

#define PENDING(fn, name) \
	__attribute__((weak)) int fn(int argc, char **argv) { (void)argc; (void)argv; return pending(name); }

PENDING(cmd_trace, "trace")
PENDING(cmd_replay, "replay")
PENDING(cmd_model, "model")
PENDING(cmd_run, "run")
PENDING(cmd_sweep, "sweep")
PENDING(cmd_plot, "plot")
PENDING(cmd_merge, "merge")
