/*
 * plotdata.h - turns result CSVs into the gnuplot data and variables the
 * scripts in plots/ read (see cmd_plot.c).  Each function writes the data
 * file (blocks separated by two blank lines, addressed by gnuplot's
 * "index") and gnuplot assignments into prel; returns 0, or -1 with a
 * message in err (missing columns, no rows to plot).
 */
#ifndef VMMSIM_PLOTDATA_H
#define VMMSIM_PLOTDATA_H

#include <stdio.h>

#include "sweep/csv.h"

int plotdata_breakdown(const sweep_csv *c, FILE *data, FILE *prel, char *err, size_t errlen);
int plotdata_sizing(const sweep_csv *c, FILE *data, FILE *prel, char *err, size_t errlen);
int plotdata_tlb(const sweep_csv *c, FILE *data, FILE *prel, char *err, size_t errlen);
int plotdata_timeline(const sweep_csv *c, FILE *data, FILE *prel, char *err, size_t errlen);

#endif
