/*
 * import_din.c - Dinero IV input traces, traces/IMPORTERS.md.
 *
 * Both of Dinero IV's text formats, told apart line by line:
 *
 *   traditional din (dineroIV -informat d):  LABEL ADDRESS [ignored...]
 *     LABEL hex: 0 read, 1 write, 2 instruction fetch, 3 misc (a read that
 *     starts no prefetch; Dinero III's "escape, unknown access type"),
 *     4 copy back (Dinero III's "escape, flush the cache"), 5 invalidate.
 *     Dinero IV gives every din reference size 4 (and rounds the address
 *     down to a word, which never changes its page: we keep it as written).
 *
 *   extended din (dineroIV -informat D):  TYPE ADDRESS SIZE [ignored...]
 *     TYPE one letter, any case: r read, w write, i fetch, m misc,
 *     c copy back, v invalidate.  SIZE is hex, like the address.
 *
 * Addresses and sizes: hex, optional 0x/0X, any case, up to 64 bits.  What
 * follows the last field (after a blank) is a comment.  Reads and misc
 * become TK_LOAD, writes TK_STORE, fetches TK_FETCH; copy-back and
 * invalidate are cache-control operations, not references of the program:
 * they are counted as ignored lines.  Blank lines are ignored.  Anything
 * else is an error naming the line.
 */
#include "trace/import_impl.h"

enum { DIN_SKIP = 0xfe, DIN_BAD = 0xff };

/* Label -> record kind (traditional din). */
static const uint8_t din_label[6] = { TK_LOAD, TK_STORE, TK_FETCH, TK_LOAD, DIN_SKIP, DIN_SKIP };

static unsigned xdin_type(char c)
{
	switch (c | 0x20) {
	case 'r': return TK_LOAD;
	case 'w': return TK_STORE;
	case 'i': return TK_FETCH;
	case 'm': return TK_LOAD;
	case 'c': case 'v': return DIN_SKIP;
	default: return DIN_BAD;
	}
}

/* After the last field: the end of the line, or a blank and a comment. */
static const char *din_rest(const char *s)
{
	if (*s == '\n')
		return s;
	if (*s == '\r' && s[1] == '\n')
		return s + 1;
	if (!import_is_ws(*s))
		return NULL;
	while (*s != '\n')
		s++;
	return s;
}

int import_parse_din(struct import_parser *p, const char *s, const char *end)
{
	const char *ls = s;
	const char *what = NULL;

	while (s < end) {
		ls = s;
		if (p->n >= IMPORT_BATCH) {
			int st = import_flush(p);
			if (st < 0)
				return st;
		}
		const char *q = import_skip_ws(s);
		if (*q == '\r')
			q++;
		if (*q == '\n') {
			s = q + 1;
			if (import_overlong(ls, s))
				return import_line_too_long(p, ls);
			p->line++;
			p->ignored++;
			continue;
		}
		unsigned kind;
		uint64_t addr, size = 4;
		if (xdin_type(*q) != DIN_BAD && import_is_ws(q[1])) { /* extended */
			kind = xdin_type(*q);
			q = import_skip_ws(q + 1);
			const char *a = import_hex(q, &addr);
			if (!a) {
				what = *q == '\n' || *q == '\r' ? "missing address" : "bad address (hex, at most 64 bits)";
				goto bad;
			}
			if (!import_is_ws(*a)) {
				what = *a == '\n' || *a == '\r' ? "missing size" : "bad address (hex, at most 64 bits)";
				goto bad;
			}
			q = import_skip_ws(a);
			a = import_hex(q, &size);
			if (!a) {
				what = *q == '\n' || *q == '\r' ? "missing size" : "bad size (hex)";
				goto bad;
			}
			if (size > TRACE_MAX_SIZE) {
				what = "size above the format's limit of 0x10000 bytes";
				goto bad;
			}
			if (size == 0 && kind != DIN_SKIP) {
				what = "size 0 (allowed only for c and v)";
				goto bad;
			}
			q = din_rest(a);
			if (!q) {
				what = "bad size (hex)";
				goto bad;
			}
		} else { /* traditional */
			uint64_t label;
			const char *a = import_hex(q, &label);
			if (!a || !import_is_ws(*a)) {
				what = a && (*a == '\n' || *a == '\r') ? "missing address"
				                                       : "not a din line (label 0-5 or r/w/i/m/c/v expected)";
				goto bad;
			}
			if (label >= sizeof din_label) {
				what = "unknown din label (0-5 expected)";
				goto bad;
			}
			kind = din_label[label];
			q = import_skip_ws(a);
			a = import_hex(q, &addr);
			if (!a) {
				what = *q == '\n' || *q == '\r' ? "missing address" : "bad address (hex, at most 64 bits)";
				goto bad;
			}
			q = din_rest(a);
			if (!q) {
				what = "bad address (hex, at most 64 bits)";
				goto bad;
			}
		}
		s = q + 1;
		if (import_overlong(ls, s))
			return import_line_too_long(p, ls);
		p->line++;
		if (kind == DIN_SKIP) {
			p->ignored++;
			continue;
		}
		p->seen_record = 1;
		p->batch[p->n++] = (trace_rec){ .addr = addr, .arg = (uint32_t)size, .kind = (uint8_t)kind };
	}
	return 0;
bad:
	return import_bad_line(p, ls, what);
}
