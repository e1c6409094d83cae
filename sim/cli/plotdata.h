/*
 * plotdata.h - turns result CSVs into the gnuplot data and variables the
 * scripts in plots/ read (see cmd_plot.c).  Each function writes the data
 * file (numbers only; blocks separated by two blank lines, addressed by
 * gnuplot's "index") and gnuplot assignments into prel; returns 0, or -1
 * with a message in err (missing columns, no rows to plot).
 *
 * No byte of a CSV ever becomes gnuplot code: the assignments in prel are
 * numbers and references S[k] to the strings file, which holds every
 * string (trace and hop names, labels) hex-encoded, one a line, read by
 * gnuplot as data (see cmd_plot.c's prelude).
 */
#ifndef VMMSIM_PLOTDATA_H
#define VMMSIM_PLOTDATA_H

#include <stdio.h>

#include "sweep/csv.h"

/* Labels longer than this many bytes are shown cut, ending in "..." */
#define PLOTDATA_MAX_LABEL 100

typedef struct plotdata_out {
	FILE *data; /* the numbers gnuplot plots */
	FILE *prel; /* assignments: numbers and strings by reference (S[k]) */
	FILE *strs; /* the strings, one a line: 'x' then the bytes in hex */
	size_t nstr; /* strings written so far */
} plotdata_out;

/* Adds s to the strings and writes "var = S[k]" into prel; var is one of
 * our own names (e.g. "T[3]").  The string is kept exactly if full, else
 * shown as a label: control characters as '?', at most
 * PLOTDATA_MAX_LABEL bytes. */
void plotdata_str(plotdata_out *po, const char *var, const char *s, int full);

int plotdata_breakdown(const sweep_csv *c, plotdata_out *po, char *err, size_t errlen);
int plotdata_sizing(const sweep_csv *c, plotdata_out *po, char *err, size_t errlen);
int plotdata_tlb(const sweep_csv *c, plotdata_out *po, char *err, size_t errlen);
int plotdata_timeline(const sweep_csv *c, plotdata_out *po, char *err, size_t errlen);

#endif
