/*
 * csv.c - CSV reading for sweep, merge and plot (writing a field: util_csv_put).
 */
#include "sweep/csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int sweep_csv_split(char *line, char **fields, int max)
{
	int n = 0;
	char *p = line;
	for (;;) {
		if (n >= max)
			return -1;
		if (*p == '"') {
			char *w = ++p;
			fields[n++] = w;
			for (;;) {
				if (!*p)
					return -1; /* unterminated */
				if (*p == '"') {
					if (p[1] == '"') {
						*w++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				*w++ = *p++;
			}
			if (*p && *p != ',')
				return -1;
			char *next = *p ? p + 1 : NULL;
			*w = 0;
			if (!next)
				return n;
			p = next;
		} else {
			fields[n++] = p;
			char *c = strchr(p, ',');
			if (memchr(p, '"', c ? (size_t)(c - p) : strlen(p)))
				return -1;
			if (!c)
				return n;
			*c = 0;
			p = c + 1;
		}
	}
}

#define MAXCOL 1024

/* Reads one record into *buf (NUL-terminated, without its final newline
 * or CR): a line, joined with the following lines while a quoted field is
 * open.  *lineno is the number of lines read so far; *first receives the
 * record's first line.  Returns 1, 0 at the end of the file, or -1 with a
 * message in err. */
static int read_record(FILE *f, const char *path, unsigned long *lineno, unsigned long *first,
                       char **buf, size_t *cap, char *err, size_t errlen)
{
	size_t n = 0;
	int quoted = 0, c;
	*first = *lineno + 1;
	for (;;) {
		c = getc(f);
		if (c == EOF)
			break;
		if (c == '\n') {
			++*lineno;
			if (!quoted)
				break;
		} else if (c == '"') {
			quoted = !quoted;
		} else if (c == 0) {
			snprintf(err, errlen, "%s: line %lu: NUL byte (not a text CSV)", path, *lineno + 1);
			return -1;
		}
		if (n + 2 > *cap) {
			if (n + 2 > SWEEP_CSV_MAX_RECORD) {
				snprintf(err, errlen, "%s: line %lu: record longer than %u bytes (not a result CSV?)",
				         path, *first, SWEEP_CSV_MAX_RECORD);
				return -1;
			}
			size_t nc = *cap ? 2 * *cap : 256;
			if (nc > SWEEP_CSV_MAX_RECORD)
				nc = SWEEP_CSV_MAX_RECORD;
			char *nb = realloc(*buf, nc);
			if (!nb) {
				snprintf(err, errlen, "%s: line %lu: out of memory", path, *first);
				return -1;
			}
			*buf = nb;
			*cap = nc;
		}
		(*buf)[n++] = (char)c;
	}
	if (c == EOF && ferror(f)) {
		snprintf(err, errlen, "%s: line %lu: %s", path, *lineno + 1, strerror(errno));
		return -1;
	}
	if (c == EOF) {
		if (!n)
			return 0;
		snprintf(err, errlen, "%s: line %lu: %s", path, *first,
		         quoted ? "file ends inside a quoted field (truncated file?)"
		                : "incomplete last line (truncated file?)");
		return -1;
	}
	if (n && (*buf)[n - 1] == '\r')
		n--;
	(*buf)[n] = 0;
	return 1;
}

/* Copies the n fields into one new array of strings; NULL if out of memory. */
static char **copy_fields(char **fields, int n)
{
	char **copy = calloc((size_t)(n ? n : 1), sizeof *copy);
	if (!copy)
		return NULL;
	for (int i = 0; i < n; i++)
		if (!(copy[i] = strdup(fields[i]))) {
			while (i--)
				free(copy[i]);
			free(copy);
			return NULL;
		}
	return copy;
}

static void free_fields(char **f, int n)
{
	if (!f)
		return;
	for (int i = 0; i < n; i++)
		free(f[i]);
	free(f);
}

int sweep_csv_read(const char *path, sweep_csv *c, char *err, size_t errlen)
{
	memset(c, 0, sizeof *c);
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char *line = NULL, *raw = NULL, **copy = NULL;
	char **fields = malloc(MAXCOL * sizeof *fields);
	size_t cap = 0, rowcap = 0;
	unsigned long lineno = 0, first = 0;
	int rc = -1, n = 0, r;
	c->path = strdup(path);
	if (!c->path || !fields) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	while ((r = read_record(f, path, &lineno, &first, &line, &cap, err, errlen)) > 0) {
		raw = strdup(line);
		if (!raw) {
			snprintf(err, errlen, "%s: line %lu: out of memory", path, first);
			goto out;
		}
		n = sweep_csv_split(line, fields, MAXCOL);
		if (n < 0) {
			snprintf(err, errlen, "%s: line %lu: malformed CSV (bad quoting or over %d fields)",
			         path, first, MAXCOL);
			goto out;
		}
		copy = copy_fields(fields, n);
		if (!copy) {
			snprintf(err, errlen, "%s: line %lu: out of memory", path, first);
			goto out;
		}
		if (first == 1) {
			c->head = copy;
			c->ncol = n;
			c->rawhead = raw;
			copy = NULL;
			raw = NULL;
			continue;
		}
		if (n != c->ncol) {
			snprintf(err, errlen, "%s: line %lu: %d fields where the header has %d",
			         path, first, n, c->ncol);
			goto out;
		}
		if (c->nrows == rowcap) {
			size_t nc = rowcap ? 2 * rowcap : 64;
			char ***nr = realloc(c->rows, nc * sizeof *c->rows);
			if (nr)
				c->rows = nr;
			char **nw = nr ? realloc(c->raw, nc * sizeof *c->raw) : NULL;
			if (!nr || !nw) {
				snprintf(err, errlen, "%s: line %lu: out of memory", path, first);
				goto out;
			}
			c->raw = nw;
			rowcap = nc;
		}
		c->rows[c->nrows] = copy;
		c->raw[c->nrows++] = raw;
		copy = NULL;
		raw = NULL;
	}
	if (r < 0)
		goto out;
	if (lineno == 0) {
		snprintf(err, errlen, "%s: empty file (no header line)", path);
		goto out;
	}
	rc = 0;
out:
	free_fields(copy, n);
	free(raw);
	free(line);
	free(fields);
	if (f != stdin)
		fclose(f);
	if (rc)
		sweep_csv_free(c);
	return rc;
}

void sweep_csv_free(sweep_csv *c)
{
	for (size_t r = 0; r < c->nrows; r++) {
		for (int i = 0; i < c->ncol; i++)
			free(c->rows[r][i]);
		free(c->rows[r]);
		free(c->raw[r]);
	}
	free_fields(c->head, c->ncol);
	free(c->rows);
	free(c->raw);
	free(c->rawhead);
	free(c->path);
	memset(c, 0, sizeof *c);
}

int sweep_csv_col(const sweep_csv *c, const char *name)
{
	for (int i = 0; i < c->ncol; i++)
		if (!strcmp(c->head[i], name))
			return i;
	return -1;
}
