/*
 * import_lackey.c - Valgrind lackey memory traces
 * (valgrind --tool=lackey --trace-mem=yes PROGRAM), traces/IMPORTERS.md.
 *
 *   I  04015d40,3      instruction fetch at 0x4015d40, 3 bytes
 *    L 1ffefffd58,8    load
 *    S 1ffefffd58,8    store
 *    M 0421c2a8,4      modify: a load, then a store, of the same bytes
 *   ==1234== ...       valgrind's own messages: ignored (so are '--' and
 *                      '**' lines, blank lines)
 *
 * Addresses are hex (any case, optional 0x), sizes decimal.  The spacing is
 * tolerated: any blanks before the letter, one or more between the letter
 * and the address, blanks around the comma and at the end, a \r before the
 * newline.  The "==PID== Command: ..." line of the preamble becomes the
 * trace's description (unless one was given).
 *
 * Speed matters here (it must keep up with lackey in a pipe): one pass over
 * the buffer, no per-line calls, a fast path for lackey's exact layout.
 */
#include "trace/import_impl.h"

#include <string.h>

/* A valgrind message line at s (after its "=="): take the command line. */
static void message(struct import_parser *p, const char *s, const char *end)
{
	if (p->seen_record || p->h.desc[0])
		return;
	/* "==1234== Command: gzip -c x" */
	const char *q = s;
	while ((unsigned)(*q - '0') < 10)
		q++;
	if (q[0] != '=' || q[1] != '=')
		return;
	q = import_skip_ws(q + 2);
	if (strncmp(q, "Command: ", 9) != 0)
		return;
	q += 9;
	const char *e = memchr(q, '\n', (size_t)(end - q));
	if (e > q && e[-1] == '\r')
		e--;
	static const char pre[] = "valgrind --tool=lackey --trace-mem=yes ";
	size_t n = (size_t)(e - q);
	if (n > TRACE_DESC_MAX - sizeof pre)
		n = TRACE_DESC_MAX - sizeof pre;
	memcpy(p->h.desc, pre, sizeof pre - 1);
	memcpy(p->h.desc + sizeof pre - 1, q, n);
	p->h.desc[sizeof pre - 1 + n] = 0;
}

int import_parse_lackey(struct import_parser *p, const char *s, const char *end)
{
	trace_rec *b = p->batch;
	size_t n = p->n;
	uint64_t line = p->line;
	int st = 0;
	const char *ls = s;
	const char *what = NULL;

	while (s < end) {
		ls = s;
		if (n > IMPORT_BATCH - 2) {
			p->n = n;
			p->line = line;
			if ((st = import_flush(p)) < 0)
				return st;
			n = 0;
		}
		unsigned kind;
		/* fast path: lackey's own layout "I  " / " L " / " S " / " M " */
		if (s[0] == 'I' && s[1] == ' ' && s[2] == ' ') {
			kind = TK_FETCH;
			s += 3;
		} else if (s[0] == ' ' && (s[1] == 'L' || s[1] == 'S' || s[1] == 'M') && s[2] == ' ') {
			/* (s[2] is read only when s[1] is a letter, so never past the newline) */
			kind = s[1] == 'L' ? TK_LOAD : s[1] == 'S' ? TK_STORE : 3;
			s += 3;
		} else {
			if ((s[0] == '=' && s[1] == '=') || (s[0] == '-' && s[1] == '-') ||
			    (s[0] == '*' && s[1] == '*')) {
				if (s[0] == '=')
					message(p, s + 2, end);
				s = memchr(s, '\n', (size_t)(end - s));
				s++;
				if (import_overlong(ls, s))
					goto too_long;
				line++;
				p->ignored++;
				continue;
			}
			const char *q = import_skip_ws(s);
			if (*q == '\r')
				q++;
			if (*q == '\n') { /* blank line */
				s = q + 1;
				if (import_overlong(ls, s))
					goto too_long;
				line++;
				p->ignored++;
				continue;
			}
			switch (*q) {
			case 'I': kind = TK_FETCH; break;
			case 'L': kind = TK_LOAD; break;
			case 'S': kind = TK_STORE; break;
			case 'M': kind = 3; break;
			default: what = "not a lackey line (I, L, S or M expected)"; goto bad;
			}
			if (!import_is_ws(q[1])) {
				what = "not a lackey line (blank expected after the letter)";
				goto bad;
			}
			s = q + 2;
		}
		s = import_skip_ws(s);
		uint64_t addr;
		uint32_t size;
		const char *q = import_hex(s, &addr);
		if (!q) {
			what = *s == '\n' || *s == '\r' || *s == ',' ? "missing address"
			                                             : "bad address (hex, at most 64 bits)";
			goto bad;
		}
		if (*q != ',') {
			q = import_skip_ws(q);
			if (*q != ',') {
				what = "',' expected after the address";
				goto bad;
			}
		}
		q = import_skip_ws(q + 1);
		s = import_dec32(q, &size);
		if (!s) {
			what = *q == '\n' || *q == '\r' ? "missing size" : "bad size (decimal, 32 bits)";
			goto bad;
		}
		if (*s != '\n') {
			s = import_eol(s);
			if (!s) {
				what = "junk after the size";
				goto bad;
			}
		}
		if (size > TRACE_MAX_SIZE) {
			what = "size above the format's limit of 65536 bytes";
			goto bad;
		}
		s++;
		if (import_overlong(ls, s))
			goto too_long;
		line++;
		p->seen_record = 1;
		if (kind == 3) { /* M: a load, then a store */
			b[n] = (trace_rec){ .addr = addr, .arg = size, .kind = TK_LOAD };
			b[n + 1] = (trace_rec){ .addr = addr, .arg = size, .kind = TK_STORE };
			n += 2;
		} else {
			b[n++] = (trace_rec){ .addr = addr, .arg = size, .kind = (uint8_t)kind };
		}
	}
	p->n = n;
	p->line = line;
	return 0;
bad:
	p->n = n;
	p->line = line;
	return import_bad_line(p, ls, what);
too_long:
	p->n = n;
	p->line = line;
	return import_line_too_long(p, ls);
}
