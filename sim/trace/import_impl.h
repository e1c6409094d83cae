/*
 * import_impl.h - private to the importers: the parser state shared by the
 * line-splitting core (import.c) and the per-format parsers
 * (import_lackey.c, import_din.c, import_text.c).
 *
 * A format parser is called on a run of complete lines [s, end): end[-1] is
 * '\n', so every scan that stops at '\n' (or at any byte that is not part of
 * the token) stays inside the buffer without bounds checks.
 */
#ifndef VMMSIM_IMPORT_IMPL_H
#define VMMSIM_IMPORT_IMPL_H

#include "trace/import.h"

typedef int (*import_parse_fn)(struct import_parser *p, const char *s, const char *end);

struct import_parser {
	enum import_format fmt;
	import_parse_fn parse;
	import_sink sink;
	trace_header h;
	int begun;         /* sink.begin called */
	int failed;        /* an error was reported; feed refuses */
	int seen_record;   /* a record line was parsed (header lines end) */
	uint64_t line;     /* complete lines consumed */
	uint64_t ignored;
	trace_rec *batch;  /* IMPORT_BATCH records */
	size_t n;
	char *carry;       /* a partial line kept between feeds */
	size_t ncarry;
	char name[256];
	char err[1024];
};

/* Hex digit values; 0xff for every other byte. */
extern const uint8_t import_hexval[256];

static inline int import_is_ws(char c) { return c == ' ' || c == '\t'; }

static inline const char *import_skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Parses hex digits (optional 0x/0X prefix, any case) at s.  Returns the
 * first byte after them, or NULL if there are none or the value does not fit
 * 64 bits. */
static inline const char *import_hex(const char *s, uint64_t *v)
{
	if (s[0] == '0' && (s[1] | 0x20) == 'x' && import_hexval[(uint8_t)s[2]] < 16)
		s += 2;
	const char *b = s;
	while (*s == '0')
		s++;
	const char *d0 = s;
	uint64_t x = 0;
	unsigned d;
	while ((d = import_hexval[(uint8_t)*s]) < 16) {
		x = x << 4 | d;
		s++;
	}
	if (s == b || s - d0 > 16)
		return NULL;
	*v = x;
	return s;
}

/* Parses unsigned decimal digits at s into a 32-bit value.  Returns the first
 * byte after them, or NULL if none or too large. */
static inline const char *import_dec32(const char *s, uint32_t *v)
{
	const char *b = s;
	uint64_t x = 0;
	while ((unsigned)(*s - '0') < 10) {
		x = x * 10 + (unsigned)(*s - '0');
		if (x > UINT32_MAX)
			return NULL;
		s++;
	}
	if (s == b)
		return NULL;
	*v = (uint32_t)x;
	return s;
}

/* True if s is at the end of the line (optional trailing blanks and \r). */
static inline const char *import_eol(const char *s)
{
	s = import_skip_ws(s);
	if (*s == '\r')
		s++;
	return *s == '\n' ? s : NULL;
}

/* Reports a malformed line: sets the message "NAME:LINE: what: 'LINE'"
 * (line is 1-based p->line + 1) and returns TRACE_E_CORRUPT. */
int import_bad_line(struct import_parser *p, const char *line, const char *what);

/* Reports a line longer than IMPORT_LINE_MAX (starting at line). */
int import_line_too_long(struct import_parser *p, const char *line);

/* True if the line [ls, s) (s just past its newline) is too long. */
static inline int import_overlong(const char *ls, const char *s)
{
	return __builtin_expect((size_t)(s - ls) > IMPORT_LINE_MAX + 1, 0);
}

/* Hands the batch to the sink (calling begin first if needed).  Returns 0
 * or a negative status (message set). */
int import_flush(struct import_parser *p);

/* Interns a marker name through the sink (beginning it first). */
long import_name(struct import_parser *p, const char *name);

int import_parse_lackey(struct import_parser *p, const char *s, const char *end);
int import_parse_din(struct import_parser *p, const char *s, const char *end);
int import_parse_text(struct import_parser *p, const char *s, const char *end);

#endif
