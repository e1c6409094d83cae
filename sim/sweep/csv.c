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

int sweep_csv_read(const char *path, sweep_csv *c, char *err, size_t errlen)
{
	memset(c, 0, sizeof *c);
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	c->path = strdup(path);
	char *line = NULL, *fields[MAXCOL];
	size_t cap = 0, rowcap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	int rc = -1;
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (len == 0 || line[len - 1] != '\n') {
			snprintf(err, errlen, "%s: line %lu: incomplete last line (truncated file?)",
			         path, lineno);
			goto out;
		}
		line[--len] = 0;
		if (len && line[len - 1] == '\r')
			line[--len] = 0;
		char *raw = strdup(line);
		int n = sweep_csv_split(line, fields, MAXCOL);
		if (n < 0) {
			free(raw);
			snprintf(err, errlen, "%s: line %lu: malformed CSV (bad quoting or over %d fields)",
			         path, lineno, MAXCOL);
			goto out;
		}
		char **copy = malloc((size_t)n * sizeof *copy);
		for (int i = 0; i < n; i++)
			copy[i] = strdup(fields[i]);
		if (lineno == 1) {
			c->head = copy;
			c->ncol = n;
			c->rawhead = raw;
			continue;
		}
		if (n != c->ncol) {
			for (int i = 0; i < n; i++)
				free(copy[i]);
			free(copy);
			free(raw);
			snprintf(err, errlen, "%s: line %lu: %d fields where the header has %d",
			         path, lineno, n, c->ncol);
			goto out;
		}
		if (c->nrows == rowcap) {
			rowcap = rowcap ? 2 * rowcap : 64;
			c->rows = realloc(c->rows, rowcap * sizeof *c->rows);
			c->raw = realloc(c->raw, rowcap * sizeof *c->raw);
		}
		c->rows[c->nrows] = copy;
		c->raw[c->nrows++] = raw;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (lineno == 0) {
		snprintf(err, errlen, "%s: empty file (no header line)", path);
		goto out;
	}
	rc = 0;
out:
	free(line);
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
	if (c->head)
		for (int i = 0; i < c->ncol; i++)
			free(c->head[i]);
	free(c->head);
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
