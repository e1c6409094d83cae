/*
 * import_text.c - vmmsim's text form of a trace (traces/TEXT.md): the
 * formatter 'trace cat' prints with, and the importer that reads it back,
 * so that cat | convert --from text reproduces the records exactly.
 *
 * One record per line: the kind's name, then its fields, blank-separated.
 *   fetch|load|store ADDR SIZE
 *   mode MODE                      user, super, kernel
 *   asid N
 *   trap TRAP N [EPC]              syscall, interrupt, exception; EPC if not 0
 *   priv OP [REG.SEL VALUE]        the register and value of mtc0/mfc0
 *   pte ASID VADDR PFN FLAGS       FLAGS: letters v d g, or - for none
 *   unmap ASID VADDR
 *   zero PFN
 *   vm N
 *   mark begin|end "NAME"
 *   exc CODE VECTOR EPC ARG        format 1.1: CODE a Cause.ExcCode name or number
 *   tlbw OP INDEX ENTRYHI ENTRYLO0 ENTRYLO1 PAGEMASK    OP tlbwr or tlbwi
 *   idle CYCLES
 * Addresses, PFNs and values print as 0x-hex, counts and ids in decimal; the
 * importer takes either base anywhere a number goes, and names or numbers
 * for sub-kinds.  Lines starting '#' are comments; before the first record,
 * "# KEY: VALUE" comments carry the header (byte-order, word-bits,
 * page-size, desc).
 */
#include "trace/import_impl.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ---- formatting ------------------------------------------------------- */

static const char flag_letters[3] = { 'v', 'd', 'g' };

/* Writes s quoted, escaping '"', '\\' and bytes outside printable ASCII.
 * At most 4 * len + 3 bytes. */
static size_t quote(char *o, const char *s, size_t max_in)
{
	size_t k = 0;
	o[k++] = '"';
	for (size_t i = 0; s[i] && i < max_in; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			o[k++] = '\\';
			o[k++] = (char)c;
		} else if (c >= 0x20 && c < 0x7f) {
			o[k++] = (char)c;
		} else {
			static const char hx[] = "0123456789abcdef";
			o[k++] = '\\';
			o[k++] = 'x';
			o[k++] = hx[c >> 4];
			o[k++] = hx[c & 15];
		}
	}
	o[k++] = '"';
	o[k] = 0;
	return k;
}

static int sub_name(char *o, size_t cap, const char *name, unsigned v)
{
	return name ? snprintf(o, cap, "%s", name) : snprintf(o, cap, "%u", v);
}

size_t import_text_format(const trace_rec *r, import_name_fn names, const void *ctx, char *buf)
{
	const size_t cap = IMPORT_TEXT_MAX;
	const char *kn = trace_kind_name(r->kind);
	int k;
	if (!kn)
		return (size_t)snprintf(buf, cap, "# unknown record kind %u\n", r->kind);
	k = snprintf(buf, cap, "%s", kn);
	switch (r->kind) {
	case TK_FETCH:
	case TK_LOAD:
	case TK_STORE:
		k += snprintf(buf + k, cap - (size_t)k, " 0x%" PRIx64 " %" PRIu32, r->addr, r->arg);
		break;
	case TK_MODE:
		buf[k++] = ' ';
		k += sub_name(buf + k, cap - (size_t)k, trace_mode_name(r->sub), r->sub);
		break;
	case TK_ASID:
	case TK_VM:
		k += snprintf(buf + k, cap - (size_t)k, " %" PRIu32, r->arg);
		break;
	case TK_TRAP:
		buf[k++] = ' ';
		k += sub_name(buf + k, cap - (size_t)k, trace_trap_name(r->sub), r->sub);
		k += snprintf(buf + k, cap - (size_t)k, " %" PRIu32, r->arg);
		if (r->addr)
			k += snprintf(buf + k, cap - (size_t)k, " 0x%" PRIx64, r->addr);
		break;
	case TK_PRIV:
		buf[k++] = ' ';
		k += sub_name(buf + k, cap - (size_t)k, trace_priv_name(r->sub), r->sub);
		if (r->sub == TPRIV_MTC0 || r->sub == TPRIV_MFC0 || r->x || r->addr)
			k += snprintf(buf + k, cap - (size_t)k, " %u.%u 0x%" PRIx64, (unsigned)r->x >> 3,
			              (unsigned)r->x & 7, r->addr);
		break;
	case TK_PTE:
		k += snprintf(buf + k, cap - (size_t)k, " %u 0x%" PRIx64 " 0x%" PRIx32 " ", (unsigned)r->x,
		              r->addr, r->arg);
		if (r->sub & ~7u) {
			k += snprintf(buf + k, cap - (size_t)k, "0x%x", (unsigned)r->sub);
		} else if (!r->sub) {
			buf[k++] = '-';
		} else {
			for (unsigned i = 0; i < 3; i++)
				if (r->sub & (1u << i))
					buf[k++] = flag_letters[i];
		}
		break;
	case TK_UNMAP:
		k += snprintf(buf + k, cap - (size_t)k, " %u 0x%" PRIx64, (unsigned)r->x, r->addr);
		break;
	case TK_ZERO:
		k += snprintf(buf + k, cap - (size_t)k, " 0x%" PRIx32, r->arg);
		break;
	case TK_MARK: {
		const char *nm = names ? names(ctx, r->arg) : NULL;
		if (trace_mark_name(r->sub))
			k += snprintf(buf + k, cap - (size_t)k, " %s ", trace_mark_name(r->sub));
		else
			k += snprintf(buf + k, cap - (size_t)k, " %u ", (unsigned)r->sub);
		if (nm)
			k += (int)quote(buf + k, nm, IMPORT_NAME_MAX);
		else
			k += snprintf(buf + k, cap - (size_t)k, "#%" PRIu32, r->arg);
		break;
	}
	case TK_EXC:
		buf[k++] = ' ';
		k += sub_name(buf + k, cap - (size_t)k, trace_exc_name(r->sub), r->sub);
		k += snprintf(buf + k, cap - (size_t)k, " 0x%x 0x%" PRIx64 " 0x%" PRIx32, (unsigned)r->x,
		              r->addr, r->arg);
		break;
	case TK_TLBW:
		k += snprintf(buf + k, cap - (size_t)k, " %s %u 0x%" PRIx32 " 0x%" PRIx32 " 0x%" PRIx32
		              " 0x%" PRIx32, r->sub & TTLBW_INDEXED ? "tlbwi" : "tlbwr",
		              r->sub & ~TTLBW_INDEXED & 0xffu, r->arg, (uint32_t)r->addr,
		              (uint32_t)(r->addr >> 32), (uint32_t)r->x << 13);
		break;
	case TK_IDLE:
		k += snprintf(buf + k, cap - (size_t)k, " %" PRIu64, r->addr);
		break;
	default:
		break;
	}
	buf[k++] = '\n';
	buf[k] = 0;
	return (size_t)k;
}

void import_text_header(const trace_header *h, FILE *f)
{
	char q[4 * TRACE_DESC_MAX + 4];
	fprintf(f, "# vmmsim trace %u.%u\n", h->version_major, h->version_minor);
	fprintf(f, "# byte-order: %s\n", h->big_endian ? "big" : "little");
	fprintf(f, "# word-bits: %u\n", h->word_bits);
	fprintf(f, "# page-size: %" PRIu32 "\n", h->page_size);
	quote(q, h->desc, TRACE_DESC_MAX);
	fprintf(f, "# desc: %s\n", q);
}

/* ---- parsing ---------------------------------------------------------- */

/* A number: decimal, or hex with 0x/0X.  Returns the byte after it or NULL. */
static const char *num(const char *s, uint64_t *v)
{
	if (s[0] == '0' && (s[1] | 0x20) == 'x')
		return import_hex(s, v);
	const char *b = s;
	uint64_t x = 0;
	while ((unsigned)(*s - '0') < 10) {
		unsigned d = (unsigned)(*s - '0');
		if (x > (UINT64_MAX - d) / 10)
			return NULL;
		x = x * 10 + d;
		s++;
	}
	if (s == b)
		return NULL;
	*v = x;
	return s;
}

/* A field ends at a blank or the end of the line. */
static int field_end(const char *s) { return *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'; }

/* Reads a number field of at most max into *v.  Returns the next byte. */
static const char *num_field(const char *s, uint64_t max, uint64_t *v)
{
	s = import_skip_ws(s);
	const char *e = num(s, v);
	if (!e || !field_end(e) || *v > max)
		return NULL;
	return e;
}

/* Reads a word (letters, digits, '_') into w (NUL-terminated, at most cap-1). */
static const char *word(const char *s, char *w, size_t cap)
{
	s = import_skip_ws(s);
	size_t n = 0;
	while (!field_end(s) && *s != '"') {
		if (n + 1 >= cap)
			return NULL;
		w[n++] = *s++;
	}
	w[n] = 0;
	return n ? s : NULL;
}

/* A sub-kind by name (through namef) or number, below lim (the range the
 * trace format holds: trace_writer refuses others). */
static const char *sub_field(const char *s, const char *(*namef)(unsigned), unsigned lim, unsigned *v)
{
	char w[32];
	const char *e = word(s, w, sizeof w);
	if (!e)
		return NULL;
	for (unsigned i = 0; i < lim; i++) {
		const char *nm = namef(i);
		if (nm && !strcmp(nm, w)) {
			*v = i;
			return e;
		}
	}
	uint64_t x;
	const char *ne = num(w, &x);
	if (!ne || *ne || x >= lim)
		return NULL;
	*v = (unsigned)x;
	return e;
}

/* A quoted string into o (at most cap-1 bytes).  Returns the byte after the
 * closing quote. */
static const char *quoted(const char *s, char *o, size_t cap)
{
	s = import_skip_ws(s);
	if (*s != '"')
		return NULL;
	s++;
	size_t n = 0;
	for (;;) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n')
			return NULL;
		if (c == '"')
			break;
		if (c == '\\') {
			if (s[1] == '"' || s[1] == '\\') {
				c = (unsigned char)s[1];
				s += 2;
			} else if (s[1] == 'x' && import_hexval[(uint8_t)s[2]] < 16 &&
			           import_hexval[(uint8_t)s[3]] < 16) {
				c = (unsigned char)(import_hexval[(uint8_t)s[2]] << 4 | import_hexval[(uint8_t)s[3]]);
				s += 4;
			} else {
				return NULL;
			}
			if (c == 0)
				return NULL;
		} else {
			s++;
		}
		if (n + 1 >= cap)
			return NULL;
		o[n++] = (char)c;
	}
	o[n] = 0;
	return s + 1;
}

static const char *kind_lookup(const char *w, unsigned *kind)
{
	for (unsigned k = 0; k < TK_NKINDS; k++) {
		const char *nm = trace_kind_name(k);
		if (nm && !strcmp(nm, w)) {
			*kind = k;
			return nm;
		}
	}
	return NULL;
}

static const char *mode_name(unsigned v) { return trace_mode_name(v); }
static const char *trap_name(unsigned v) { return trace_trap_name(v); }
static const char *priv_name(unsigned v) { return trace_priv_name(v); }
static const char *mark_name(unsigned v) { return trace_mark_name(v); }
static const char *exc_name(unsigned v) { return trace_exc_name(v); }
static const char *tlbw_name(unsigned v) { return v == 0 ? "tlbwr" : v == 1 ? "tlbwi" : NULL; }

/* "# key: value" before the first record.  Returns 0 (a header line taken,
 * or a plain comment), or a message for a header line with a bad value. */
static const char *header_line(struct import_parser *p, const char *s)
{
	static const char *const keys[] = { "byte-order:", "word-bits:", "page-size:", "desc:" };
	s = import_skip_ws(s + 1);
	unsigned k;
	size_t len = 0;
	for (k = 0; k < 4; k++) {
		len = strlen(keys[k]);
		if (!strncmp(s, keys[k], len))
			break;
	}
	if (k == 4 || p->seen_record)
		return NULL;
	s = import_skip_ws(s + len);
	uint64_t v;
	char w[16];
	const char *e;
	switch (k) {
	case 0:
		e = word(s, w, sizeof w);
		if (!e || (strcmp(w, "little") && strcmp(w, "big")) || !import_eol(e))
			return "bad byte-order header line (little or big)";
		p->h.big_endian = !strcmp(w, "big");
		break;
	case 1:
		e = num_field(s, 64, &v);
		if (!e || (v != 32 && v != 64) || !import_eol(e))
			return "bad word-bits header line (32 or 64)";
		p->h.word_bits = (unsigned)v;
		break;
	case 2:
		e = num_field(s, UINT32_MAX, &v);
		if (!e || !import_eol(e))
			return "bad page-size header line";
		p->h.page_size = (uint32_t)v;
		break;
	default: {
		char d[TRACE_DESC_MAX];
		e = quoted(s, d, sizeof d);
		if (!e || !import_eol(e))
			return "bad desc header line (a quoted string)";
		if (!p->h.desc[0])
			memcpy(p->h.desc, d, sizeof d);
		break;
	}
	}
	return NULL;
}

int import_parse_text(struct import_parser *p, const char *s, const char *end)
{
	const char *ls = s;
	const char *what = NULL;
	char w[32], msg[128];
	unsigned kind = 0;
	char nm[IMPORT_NAME_MAX + 1];

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
		if (*q == '\n' || *q == '#') {
			if (*q == '#' && !p->begun && (what = header_line(p, q)))
				goto bad;
			s = (const char *)memchr(q, '\n', (size_t)(end - q)) + 1;
			if (import_overlong(ls, s))
				return import_line_too_long(p, ls);
			p->line++;
			p->ignored++;
			continue;
		}
		unsigned sub = 0;
		uint64_t a = 0, b = 0, c = 0;
		const char *e = word(q, w, sizeof w);
		if (!e || !kind_lookup(w, &kind)) {
			what = "unknown record kind";
			goto bad;
		}
		trace_rec r = { .kind = (uint8_t)kind };
		switch (kind) {
		case TK_FETCH:
		case TK_LOAD:
		case TK_STORE:
			if (!(e = num_field(e, UINT64_MAX, &a)) || !(e = num_field(e, UINT32_MAX, &b)))
				goto fields;
			if (b > TRACE_MAX_SIZE) {
				what = "size above the format's limit of 65536 bytes";
				goto bad;
			}
			r.addr = a;
			r.arg = (uint32_t)b;
			break;
		case TK_MODE:
			if (!(e = sub_field(e, mode_name, TMODE_N, &sub)))
				goto fields;
			r.sub = (uint8_t)sub;
			break;
		case TK_ASID:
		case TK_VM:
			if (!(e = num_field(e, kind == TK_ASID ? UINT16_MAX : UINT32_MAX, &a)))
				goto fields;
			r.arg = (uint32_t)a;
			break;
		case TK_TRAP:
			if (!(e = sub_field(e, trap_name, TTRAP_N, &sub)) || !(e = num_field(e, UINT32_MAX, &a)))
				goto fields;
			if (!import_eol(e) && !(e = num_field(e, UINT64_MAX, &b)))
				goto fields;
			r.sub = (uint8_t)sub;
			r.arg = (uint32_t)a;
			r.addr = b;
			break;
		case TK_PRIV:
			if (!(e = sub_field(e, priv_name, TPRIV_N, &sub)))
				goto fields;
			r.sub = (uint8_t)sub;
			if (!import_eol(e)) { /* REG.SEL VALUE */
				const char *t = import_skip_ws(e);
				if (!(e = num(t, &a)) || *e != '.' || a > 8191 || !(e = num(e + 1, &b)) || b > 7 ||
				    !field_end(e) || !(e = num_field(e, UINT64_MAX, &c)))
					goto fields;
				r.x = (uint16_t)(a << 3 | b);
				r.addr = c;
			}
			break;
		case TK_PTE: {
			if (!(e = num_field(e, UINT16_MAX, &a)) || !(e = num_field(e, UINT64_MAX, &b)) ||
			    !(e = num_field(e, UINT32_MAX, &c)) || !(e = word(e, w, sizeof w)))
				goto fields;
			unsigned fl = 0;
			if (w[0] >= '0' && w[0] <= '9') { /* a number, in either base */
				uint64_t f;
				const char *fe = num(w, &f);
				if (!fe || *fe || f > 7)
					goto fields;
				fl = (unsigned)f;
			} else if (strcmp(w, "-")) {
				for (const char *f = w; *f; f++) {
					const char *l = memchr(flag_letters, *f, 3);
					if (!l || (fl & (1u << (l - flag_letters))))
						goto fields;
					fl |= 1u << (l - flag_letters);
				}
			}
			r.x = (uint16_t)a;
			r.addr = b;
			r.arg = (uint32_t)c;
			r.sub = (uint8_t)fl;
			break;
		}
		case TK_UNMAP:
			if (!(e = num_field(e, UINT16_MAX, &a)) || !(e = num_field(e, UINT64_MAX, &b)))
				goto fields;
			r.x = (uint16_t)a;
			r.addr = b;
			break;
		case TK_ZERO:
			if (!(e = num_field(e, UINT32_MAX, &a)))
				goto fields;
			r.arg = (uint32_t)a;
			break;
		case TK_MARK: {
			if (!(e = sub_field(e, mark_name, 2, &sub)) || !(e = quoted(e, nm, sizeof nm)))
				goto fields;
			long idx = import_name(p, nm);
			if (idx < 0)
				return (int)idx;
			r.sub = (uint8_t)sub;
			r.arg = (uint32_t)idx;
			break;
		}
		case TK_EXC:
			/* range errors say which field (the line is named) */
			if (!word(e, w, sizeof w))
				goto fields;
			if (!(e = sub_field(e, exc_name, 32, &sub))) {
				what = "exception code neither a Cause.ExcCode name nor a number 0..31";
				goto bad;
			}
			if (!(e = num_field(e, UINT64_MAX, &a)) || !(e = num_field(e, UINT64_MAX, &b)) ||
			    !(e = num_field(e, UINT64_MAX, &c)))
				goto fields;
			if (a > UINT16_MAX) {
				what = "exception vector offset above 0xffff";
				goto bad;
			}
			if (c > UINT32_MAX) {
				what = "exception argument above 0xffffffff";
				goto bad;
			}
			r.sub = (uint8_t)sub;
			r.x = (uint16_t)a;
			r.addr = b;
			r.arg = (uint32_t)c;
			break;
		case TK_TLBW: {
			uint64_t lo1 = 0, pm = 0;
			if (!(e = sub_field(e, tlbw_name, 2, &sub)) || !(e = num_field(e, UINT64_MAX, &a)) ||
			    !(e = num_field(e, UINT64_MAX, &b)) || !(e = num_field(e, UINT64_MAX, &c)) ||
			    !(e = num_field(e, UINT64_MAX, &lo1)) || !(e = num_field(e, UINT64_MAX, &pm)))
				goto fields;
			if (a > 127) {
				what = "TLB index above 127";
				goto bad;
			}
			if (b > UINT32_MAX || c > UINT32_MAX || lo1 > UINT32_MAX) {
				what = "EntryHi, EntryLo0 or EntryLo1 above 0xffffffff";
				goto bad;
			}
			if (pm & 0x1fff || pm >= 1u << 29) {
				what = "PageMask not a multiple of 0x2000 below 0x20000000";
				goto bad;
			}
			r.sub = (uint8_t)(a | (sub ? TTLBW_INDEXED : 0));
			r.arg = (uint32_t)b;
			r.addr = c | lo1 << 32;
			r.x = (uint16_t)(pm >> 13);
			break;
		}
		case TK_IDLE:
			if (!(e = num_field(e, UINT64_MAX, &a)))
				goto fields;
			if (!a) {
				what = "idle of 0 cycles (at least 1)";
				goto bad;
			}
			r.addr = a;
			break;
		default:
			goto fields;
		}
		if (!(e = import_eol(e))) {
			what = "junk after the last field";
			goto bad;
		}
		s = e + 1;
		if (import_overlong(ls, s))
			return import_line_too_long(p, ls);
		p->line++;
		p->seen_record = 1;
		p->batch[p->n++] = r;
	}
	return 0;
fields:
	snprintf(msg, sizeof msg, "bad or missing fields for a '%s' record (see TEXT.md)",
	         trace_kind_name(kind));
	what = msg;
bad:
	return import_bad_line(p, ls, what);
}
