/*
 * opts.h - command-line options of the replay engine (--model, --tlb-*,
 * --swtlb-*, --page-size, --seed, ...), parsed into a replay_opts
 * (replay/replay.h) for every command that replays.
 */
#ifndef VMMSIM_CLI_OPTS_H
#define VMMSIM_CLI_OPTS_H

#include <stddef.h>

#include "replay/replay.h"

/* Consumes one option at argv[0] if it is one of the replay options (argc
 * counts argv[0] and what follows it).  Returns the number of argv slots
 * used (1 or 2), 0 if argv[0] is not one of them, or -1 with a one-line
 * message in err (bad value, missing value). */
int cli_opts_parse(replay_opts *o, int argc, char **argv, char *err, size_t errlen);

/* Help text for those options: lines "  --opt ARG   explanation\n". */
const char *cli_opts_help(void);

#endif
