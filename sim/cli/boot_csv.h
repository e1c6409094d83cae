/*
 * boot_csv.h - `vmmsim boot --csv FILE`: a boot's report as the replay's
 * CSV (boot_csv.c), so that `vmmsim plot breakdown` draws it.
 */
#ifndef VMMSIM_BOOT_CSV_H
#define VMMSIM_BOOT_CSV_H

#include <jansson.h>
#include <stdio.h>

/* Writes f, the output path (vmmsim boot --csv PATH, named in messages; the
 * caller creates it and commits or aborts it with its other outputs), from a boot report's "modes" object: rows
 * trace,vm,mode,hop,count,cycles,share,instructions,total_cycles,
 * tlb_misses,slowdown (vm "all"), for the whole run under trace = label,
 * then for every span between the marks "begin NAME" and "end NAME" (a
 * mode's "marks", sim/board/board.h) under trace = NAME, the difference of
 * the samples.  Returns 0, or -1 with a message on stderr. */
int boot_csv_to(json_t *modes, const char *label, const char *path, FILE *f);

#endif
