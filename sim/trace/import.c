/*
 * import.c - the importers' common core: splitting input into lines (across
 * feeds), batching records into the sink, error messages that name the file,
 * the line and show the line.
 */
#include "trace/import_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define X 0xff
const uint8_t import_hexval[256] = {
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, X, X, X, X, X, X,
	X, 10, 11, 12, 13, 14, 15, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, 10, 11, 12, 13, 14, 15, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
};
#undef X

static const char *const format_names[IMPORT_NFORMATS] = { "lackey", "din", "text" };

const char *import_format_name(unsigned fmt)
{
	return fmt < IMPORT_NFORMATS ? format_names[fmt] : NULL;
}

int import_format_parse(const char *s)
{
	for (unsigned i = 0; i < IMPORT_NFORMATS; i++)
		if (!strcmp(s, format_names[i]))
			return (int)i;
	return -1;
}

void import_default_header(enum import_format fmt, trace_header *h)
{
	memset(h, 0, sizeof *h);
	switch (fmt) {
	case IMPORT_LACKEY: /* a trace of a program on this host */
	{
		const uint16_t one = 1;
		h->big_endian = *(const uint8_t *)&one == 0;
		h->word_bits = (unsigned)(sizeof(void *) * 8);
		long ps = sysconf(_SC_PAGESIZE);
		h->page_size = ps > 0 ? (uint32_t)ps : 4096;
		break;
	}
	case IMPORT_DIN: /* Dinero's classic 32-bit word-addressed machine */
		h->big_endian = 0;
		h->word_bits = 32;
		h->page_size = 4096;
		break;
	default: /* the text form carries its own header lines */
		h->big_endian = 0;
		h->word_bits = 64;
		h->page_size = 0;
		break;
	}
}

static const import_parse_fn parsers[IMPORT_NFORMATS] = {
	import_parse_lackey, import_parse_din, import_parse_text,
};

int import_parser_new(import_parser **out, enum import_format fmt, const char *name,
                      const trace_header *h, const import_sink *sink)
{
	*out = NULL;
	if ((unsigned)fmt >= IMPORT_NFORMATS || !sink || !h)
		return TRACE_E_ARG;
	import_parser *p = calloc(1, sizeof *p);
	if (!p)
		return TRACE_E_NOMEM;
	p->batch = malloc(IMPORT_BATCH * sizeof *p->batch);
	p->carry = malloc(IMPORT_LINE_MAX + 2);
	if (!p->batch || !p->carry) {
		import_parser_free(p);
		return TRACE_E_NOMEM;
	}
	p->fmt = fmt;
	p->parse = parsers[fmt];
	p->sink = *sink;
	p->h = *h;
	p->h.desc[TRACE_DESC_MAX - 1] = 0;
	snprintf(p->name, sizeof p->name, "%s", name ? name : "-");
	*out = p;
	return TRACE_OK;
}

void import_parser_free(import_parser *p)
{
	if (!p)
		return;
	free(p->batch);
	free(p->carry);
	free(p);
}

const char *import_parser_error(const import_parser *p) { return p->err; }
uint64_t import_parser_lines(const import_parser *p) { return p->line; }
uint64_t import_parser_ignored(const import_parser *p) { return p->ignored; }

/* Copies at most 80 bytes of the line, escaping what is not printable. */
static void show_line(const char *line, char *buf, size_t cap)
{
	size_t o = 0, i = 0;
	for (; line[i] != '\n' && i < 80 && o + 5 < cap; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'')
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", c);
	}
	if (line[i] != '\n' && o + 4 < cap) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = 0;
}

int import_bad_line(import_parser *p, const char *line, const char *what)
{
	char shown[400];
	show_line(line, shown, sizeof shown);
	snprintf(p->err, sizeof p->err, "%s:%llu: %s: '%s'", p->name,
	         (unsigned long long)p->line + 1, what, shown);
	p->failed = 1;
	return TRACE_E_CORRUPT;
}

static int sink_fail(import_parser *p, int st)
{
	const char *m = p->sink.error ? p->sink.error(p->sink.ctx) : "";
	snprintf(p->err, sizeof p->err, "%s", m && *m ? m : trace_status_name(st));
	p->failed = 1;
	return st;
}

static int begin(import_parser *p)
{
	if (p->begun)
		return 0;
	p->begun = 1;
	if (!p->h.desc[0])
		snprintf(p->h.desc, sizeof p->h.desc, "%s trace %s, imported by vmmsim trace convert",
		         format_names[p->fmt], p->name);
	int st = p->sink.begin ? p->sink.begin(p->sink.ctx, &p->h) : 0;
	return st < 0 ? sink_fail(p, st) : 0;
}

int import_flush(import_parser *p)
{
	int st = begin(p);
	if (st < 0)
		return st;
	if (p->n) {
		st = p->sink.write(p->sink.ctx, p->batch, p->n);
		p->n = 0;
		if (st < 0)
			return sink_fail(p, st);
	}
	return 0;
}

long import_name(import_parser *p, const char *name)
{
	int st = begin(p);
	if (st < 0)
		return st;
	long idx = p->sink.name ? p->sink.name(p->sink.ctx, name) : TRACE_E_ARG;
	if (idx < 0)
		return sink_fail(p, (int)idx);
	return idx;
}

int import_line_too_long(import_parser *p, const char *start)
{
	char shown[400];
	show_line(start, shown, sizeof shown);
	snprintf(p->err, sizeof p->err, "%s:%llu: line longer than %d bytes: '%s'", p->name,
	         (unsigned long long)p->line + 1, IMPORT_LINE_MAX, shown);
	p->failed = 1;
	return TRACE_E_CORRUPT;
}

int import_parser_feed(import_parser *p, const char *buf, size_t len)
{
	if (p->failed)
		return TRACE_E_ARG;
	const char *end = buf + len;
	if (p->ncarry) { /* complete the line begun in an earlier feed */
		const char *nl = memchr(buf, '\n', len);
		size_t take = nl ? (size_t)(nl - buf) + 1 : len;
		if (p->ncarry + take > IMPORT_LINE_MAX + 1) {
			p->carry[p->ncarry] = '\n';
			return import_line_too_long(p, p->carry);
		}
		memcpy(p->carry + p->ncarry, buf, take);
		p->ncarry += take;
		if (!nl)
			return TRACE_OK;
		int st = p->parse(p, p->carry, p->carry + p->ncarry);
		p->ncarry = 0;
		if (st < 0)
			return st;
		buf += take;
	}
	/* complete lines run up to the last newline */
	const char *nl = buf < end ? memrchr(buf, '\n', (size_t)(end - buf)) : NULL;
	const char *last = nl ? nl + 1 : buf;
	if (last > buf) {
		int st = p->parse(p, buf, last);
		if (st < 0)
			return st;
	}
	size_t rest = (size_t)(end - last);
	if (rest > IMPORT_LINE_MAX) {
		memcpy(p->carry, last, IMPORT_LINE_MAX);
		p->carry[IMPORT_LINE_MAX] = '\n';
		return import_line_too_long(p, p->carry);
	}
	memcpy(p->carry, last, rest);
	p->ncarry = rest;
	return TRACE_OK;
}

int import_parser_finish(import_parser *p)
{
	if (p->failed)
		return TRACE_E_ARG;
	if (p->ncarry) {
		p->carry[p->ncarry++] = '\n';
		int st = p->parse(p, p->carry, p->carry + p->ncarry);
		p->ncarry = 0;
		if (st < 0)
			return st;
	}
	return import_flush(p);
}
