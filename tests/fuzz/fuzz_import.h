/*
 * fuzz_import.h - the body of the importer fuzz harnesses
 * (fuzz_import_lackey.c, fuzz_import_din.c, fuzz_import_text.c define
 * FUZZ_FORMAT and include this).
 *
 * Each input is parsed twice: whole, and fed in pieces whose sizes come from
 * the input's first byte.  Both runs must agree exactly (status, records,
 * message): line splitting across feeds must not change anything.  For the
 * text form, the records parsed are also formatted and parsed again, which
 * must reproduce them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/import.h"

typedef struct fz {
	trace_rec *r;
	size_t n, cap;
	char names[8][IMPORT_NAME_MAX * 4 + 4];
	int nnames;
} fz;

static int fz_begin(void *ctx, const trace_header *h) { (void)ctx; (void)h; return 0; }
static int fz_write(void *ctx, const trace_rec *r, size_t n)
{
	fz *c = ctx;
	if (c->n + n > c->cap) {
		c->cap = (c->n + n) * 2;
		c->r = realloc(c->r, c->cap * sizeof *c->r);
		if (!c->r)
			abort();
	}
	memcpy(c->r + c->n, r, n * sizeof *r);
	c->n += n;
	return 0;
}
static long fz_name(void *ctx, const char *name)
{
	fz *c = ctx;
	for (int i = 0; i < c->nnames; i++)
		if (!strcmp(c->names[i], name))
			return i;
	if (c->nnames == 8)
		return TRACE_E_ARG; /* the sink may refuse: that must be handled too */
	snprintf(c->names[c->nnames], sizeof c->names[0], "%s", name);
	return c->nnames++;
}
static const char *fz_error(void *ctx) { (void)ctx; return "too many names"; }
static const char *fz_lookup(const void *ctx, uint32_t idx)
{
	const fz *c = ctx;
	return (int)idx < c->nnames ? c->names[idx] : NULL;
}

static int fz_parse(const uint8_t *d, size_t len, size_t chunk, fz *c, char *msg, size_t msglen)
{
	memset(c, 0, sizeof *c);
	import_sink s = { c, fz_begin, fz_write, fz_name, fz_error };
	trace_header h;
	import_default_header(FUZZ_FORMAT, &h);
	import_parser *p;
	if (import_parser_new(&p, FUZZ_FORMAT, "fuzz", &h, &s) < 0)
		abort();
	int st = 0;
	for (size_t o = 0; o < len && st >= 0; o += chunk)
		st = import_parser_feed(p, (const char *)d + o, len - o < chunk ? len - o : chunk);
	if (st >= 0)
		st = import_parser_finish(p);
	snprintf(msg, msglen, "%s", import_parser_error(p));
	import_parser_free(p);
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t chunk = (size_t)data[0] % 17 + 1;
	data++;
	size--;
	static fz a, b;
	static char ma[1100], mb[1100];
	int sa = fz_parse(data, size, size ? size : 1, &a, ma, sizeof ma);
	int sb = fz_parse(data, size, chunk, &b, mb, sizeof mb);
	if (sa != sb || a.n != b.n || strcmp(ma, mb) ||
	    (a.n && memcmp(a.r, b.r, a.n * sizeof *a.r))) {
		fprintf(stderr, "whole and split parses differ: %d/%d %zu/%zu '%s' / '%s'\n", sa, sb, a.n,
		        b.n, ma, mb);
		abort();
	}
	if (sa >= 0 && (strlen(ma) != 0))
		abort(); /* success leaves no message */
	if (sa < 0 && (strlen(ma) == 0 || strchr(ma, '\n')))
		abort(); /* failure: a one-line message */
#ifdef FUZZ_TEXT
	if (sa >= 0 && a.n) { /* format what was parsed, parse it again */
		size_t cap = a.n * IMPORT_TEXT_MAX, o = 0;
		char *t = malloc(cap);
		if (!t)
			abort();
		for (size_t i = 0; i < a.n; i++)
			o += import_text_format(&a.r[i], fz_lookup, &a, t + o);
		free(b.r);
		int sc = fz_parse((const uint8_t *)t, o, o, &b, mb, sizeof mb);
		if (sc < 0 || b.n != a.n) {
			fprintf(stderr, "text round trip failed: %s\n", mb);
			abort();
		}
		for (size_t i = 0; i < a.n; i++) {
			trace_rec x = a.r[i], y = b.r[i];
			if (x.kind == TK_MARK) { /* indices are interning order: compare names */
				if (strcmp(fz_lookup(&a, x.arg), fz_lookup(&b, y.arg)))
					abort();
				x.arg = y.arg = 0;
			}
			if (memcmp(&x, &y, sizeof x)) {
				fprintf(stderr, "text round trip differs at record %zu\n", i);
				abort();
			}
		}
		free(t);
	}
#endif
	free(a.r);
	free(b.r);
	a.r = b.r = NULL;
	return 0;
}
