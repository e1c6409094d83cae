/*
 * csv.h - the small CSV reader and writer of the sweep, merge and plot
 * commands (RFC 4180 quoting: a field holding a comma, quote or newline is
 * quoted, quotes doubled).
 */
#ifndef VMMSIM_SWEEP_CSV_H
#define VMMSIM_SWEEP_CSV_H

#include <stddef.h>
#include <stdio.h>

/* Splits one line (without its newline) into at most max fields, in place,
 * removing quotes.  Returns the number of fields, or -1 if the quoting is
 * malformed or there are more than max fields. */
int sweep_csv_split(char *line, char **fields, int max);

/* A whole CSV file read into memory: the header's fields and the rows. */
typedef struct sweep_csv {
	char *path;
	char **head; /* head[0..ncol-1] */
	int ncol;
	char ***rows; /* rows[i][0..ncol-1] */
	char **raw;   /* the raw text of each data row (without newline) */
	size_t nrows;
	char *rawhead;
} sweep_csv;

/* The longest record (a line, with the further lines a quoted field
 * spans) sweep_csv_read accepts, in bytes: a result CSV's rows are a few
 * hundred bytes; anything near this is not a result CSV (/dev/zero). */
#define SWEEP_CSV_MAX_RECORD (1u << 20)

/* Reads path ("-": stdin).  Every row must have the header's number of
 * fields and the file must end with a newline; a quoted field may span
 * lines; a record is at most SWEEP_CSV_MAX_RECORD bytes, and a NUL byte is
 * an error.  Returns 0, or -1 with a
 * one-line message naming the file and line in err. */
int sweep_csv_read(const char *path, sweep_csv *c, char *err, size_t errlen);
void sweep_csv_free(sweep_csv *c);

/* Index of a header column, or -1. */
int sweep_csv_col(const sweep_csv *c, const char *name);

#endif
