/*
 * cmd_merge.c - vmmsim merge PART.csv... -o ALL.csv
 *
 * Joins sweep CSVs written per trace (or per group of traces) into the CSV
 * one sweep of all the traces would have written, byte for byte.  A sweep
 * writes its rows grouped by trace, the groups in bytewise order of the trace
 * name (its first column); merge therefore requires the same header in every
 * part, keeps each part's rows in order, and orders the groups by trace name.
 * A trace found in two parts is an error (it would be counted twice).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "sweep/csv.h"
#include "util/util.h"

typedef struct mrow {
	const char *trace; /* first field */
	const char *raw;
	size_t part, idx;
} mrow;

static int cmp_row(const void *a, const void *b)
{
	const mrow *x = a, *y = b;
	int c = strcmp(x->trace, y->trace);
	if (c)
		return c;
	if (x->part != y->part)
		return x->part < y->part ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

static void usage(FILE *f)
{
	fputs("usage: vmmsim merge PART.csv... -o ALL.csv\n"
	      "Joins sweep CSVs (vmmsim sweep --csv) of disjoint sets of traces into the\n"
	      "CSV one sweep of all of them writes: same header required, rows grouped\n"
	      "by trace in bytewise order of the trace name.  -o - writes stdout.\n",
	      f);
}

int cmd_merge(int argc, char **argv)
{
	const char *out = NULL;
	char **in = calloc((size_t)argc, sizeof *in);
	size_t nin = 0;
	int rc = 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			free(in);
			return 0;
		} else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
			if (i + 1 >= argc) {
				util_error("merge: %s needs a file name", argv[i]);
				free(in);
				return 2;
			}
			out = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			util_error("merge: unknown option '%s' (try 'vmmsim merge --help')", argv[i]);
			free(in);
			return 2;
		} else {
			in[nin++] = argv[i];
		}
	}
	if (!out || !nin) {
		util_error("merge: %s", !out ? "-o ALL.csv is required" : "no input CSV given");
		free(in);
		return 2;
	}
	if (util_out_check(out, (const char *const *)in, nin)) {
		free(in);
		return 2;
	}
	sweep_csv *parts = calloc(nin, sizeof *parts);
	size_t nread = 0, nrows = 0;
	char err[1024];
	mrow *rows = NULL;
	for (; nread < nin; nread++) {
		if (sweep_csv_read(in[nread], &parts[nread], err, sizeof err)) {
			util_error("merge: %s", err);
			goto done;
		}
		const sweep_csv *p = &parts[nread];
		if (strcmp(p->head[0], "trace")) {
			util_error("merge: %s: line 1: not a sweep CSV (first column '%s', expected 'trace')",
			           in[nread], p->head[0]);
			nread++;
			goto done;
		}
		if (nread && strcmp(p->rawhead, parts[0].rawhead)) {
			util_error("merge: %s: line 1: header differs from that of %s (different versions or options?)",
			           in[nread], in[0]);
			nread++;
			goto done;
		}
		nrows += p->nrows;
	}
	rows = malloc((nrows + 1) * sizeof *rows);
	size_t k = 0;
	for (size_t i = 0; i < nin; i++)
		for (size_t r = 0; r < parts[i].nrows; r++)
			rows[k++] = (mrow){parts[i].rows[r][0], parts[i].raw[r], i, r};
	qsort(rows, nrows, sizeof *rows, cmp_row);
	for (size_t r = 1; r < nrows; r++)
		if (!strcmp(rows[r].trace, rows[r - 1].trace) && rows[r].part != rows[r - 1].part) {
			util_error("merge: trace '%s' appears in both %s and %s",
			           rows[r].trace, in[rows[r - 1].part], in[rows[r].part]);
			goto done;
		}
	util_out *o = util_out_open(out);
	if (!o) {
		util_error("merge: cannot create %s: %s", out, strerror(errno));
		goto done;
	}
	fprintf(o->f, "%s\n", parts[0].rawhead);
	for (size_t r = 0; r < nrows; r++)
		fprintf(o->f, "%s\n", rows[r].raw);
	rc = util_out_commit(o) ? 1 : 0;
done:
	for (size_t i = 0; i < nread && i < nin; i++)
		sweep_csv_free(&parts[i]);
	free(parts);
	free(rows);
	free(in);
	return rc;
}
