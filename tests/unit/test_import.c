/*
 * test_import.c - the importers' parsers on small hand-checked inputs:
 * lackey, din/xdin and the text form (traces/IMPORTERS.md, traces/TEXT.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "trace/import.h"

/* ---- a sink that collects records ------------------------------------ */

typedef struct coll {
	trace_header h;
	int begun;
	trace_rec *r;
	size_t n, cap;
	char names[16][300];
	int nnames;
} coll;

static int c_begin(void *ctx, const trace_header *h)
{
	coll *c = ctx;
	c->begun++;
	c->h = *h;
	return 0;
}

static int c_write(void *ctx, const trace_rec *r, size_t n)
{
	coll *c = ctx;
	if (c->n + n > c->cap) {
		c->cap = (c->n + n) * 2;
		c->r = realloc(c->r, c->cap * sizeof *c->r);
		assert_non_null(c->r);
	}
	memcpy(c->r + c->n, r, n * sizeof *r);
	c->n += n;
	return 0;
}

static long c_name(void *ctx, const char *name)
{
	coll *c = ctx;
	for (int i = 0; i < c->nnames; i++)
		if (!strcmp(c->names[i], name))
			return i;
	assert_true(c->nnames < 16);
	snprintf(c->names[c->nnames], sizeof c->names[0], "%s", name);
	return c->nnames++;
}

static const char *c_error(void *ctx) { (void)ctx; return "sink error"; }

static const char *c_lookup(const void *ctx, uint32_t idx)
{
	const coll *c = ctx;
	return (int)idx < c->nnames ? c->names[idx] : NULL;
}

/* Parses text (in chunks of `chunk` bytes, 0: all at once) into c.  Returns
 * the status; the message goes to msg. */
static int parse(enum import_format fmt, const char *text, size_t chunk, coll *c, char *msg, size_t msglen)
{
	memset(c, 0, sizeof *c);
	import_sink s = { c, c_begin, c_write, c_name, c_error };
	trace_header h;
	import_default_header(fmt, &h);
	import_parser *p;
	assert_int_equal(import_parser_new(&p, fmt, "in.txt", &h, &s), TRACE_OK);
	size_t len = strlen(text);
	int st = TRACE_OK;
	if (!chunk)
		chunk = len ? len : 1;
	for (size_t o = 0; o < len && st == TRACE_OK; o += chunk)
		st = import_parser_feed(p, text + o, len - o < chunk ? len - o : chunk);
	if (st == TRACE_OK)
		st = import_parser_finish(p);
	snprintf(msg, msglen, "%s", import_parser_error(p));
	import_parser_free(p);
	return st;
}

static void coll_free(coll *c) { free(c->r); }

static void check_rec(const trace_rec *r, unsigned kind, uint64_t addr, uint32_t arg)
{
	assert_int_equal(r->kind, kind);
	assert_true(r->addr == addr);
	assert_int_equal(r->arg, arg);
	assert_int_equal(r->x, 0);
	assert_int_equal(r->sub, 0);
}

/* Expects a parse failure whose message is exactly msg. */
static void expect_error(enum import_format fmt, const char *text, const char *want)
{
	coll c;
	char msg[1200];
	int st = parse(fmt, text, 0, &c, msg, sizeof msg);
	if (st >= 0 || strcmp(msg, want))
		fail_msg("input %s\n  status %d\n  got  '%s'\n  want '%s'", text, st, msg, want);
	coll_free(&c);
}

/* ---- lackey ------------------------------------------------------------ */

static const char lackey_basic[] =
	"==6947== Lackey, an example Valgrind tool\n"
	"==6947== Command: /bin/true --flag\n"
	"==6947== \n"
	"I  0401ab70,3\n"
	" S 1fff000628,8\n"
	" L 04a19de0,8\n"
	" M 0421c2a8,4\n"
	"I  0401b770,1\n"
	"==6947== Exit code:       0\n";

static void lackey_basic_records(void **state)
{
	(void)state;
	/* the same records whether the input comes whole, byte by byte, or in 7s */
	static const size_t chunks[] = { 0, 1, 7 };
	for (unsigned i = 0; i < 3; i++) {
		coll c;
		char msg[1200];
		assert_int_equal(parse(IMPORT_LACKEY, lackey_basic, chunks[i], &c, msg, sizeof msg), TRACE_OK);
		assert_int_equal(c.n, 6);
		check_rec(&c.r[0], TK_FETCH, 0x401ab70, 3);
		check_rec(&c.r[1], TK_STORE, 0x1fff000628, 8);
		check_rec(&c.r[2], TK_LOAD, 0x4a19de0, 8);
		check_rec(&c.r[3], TK_LOAD, 0x421c2a8, 4); /* M = load ... */
		check_rec(&c.r[4], TK_STORE, 0x421c2a8, 4); /* ... then store */
		check_rec(&c.r[5], TK_FETCH, 0x401b770, 1);
		assert_int_equal(c.begun, 1);
		assert_string_equal(c.h.desc, "valgrind --tool=lackey --trace-mem=yes /bin/true --flag");
		coll_free(&c);
	}
}

static void lackey_odd_spacing(void **state)
{
	(void)state;
	coll c;
	char msg[1200];
	const char *in = "\tI 0x400000 , 4 \r\n"
	                 "L   DEADbeef,8\n"
	                 "   S abc,1\n"
	                 "\n"
	                 "  \t \n"
	                 "--1234-- a valgrind debug line\n"
	                 "**1234** a valgrind error line\n"
	                 " M\t0XfF,16"; /* last line without newline */
	assert_int_equal(parse(IMPORT_LACKEY, in, 0, &c, msg, sizeof msg), TRACE_OK);
	assert_int_equal(c.n, 5);
	check_rec(&c.r[0], TK_FETCH, 0x400000, 4);
	check_rec(&c.r[1], TK_LOAD, 0xdeadbeef, 8);
	check_rec(&c.r[2], TK_STORE, 0xabc, 1);
	check_rec(&c.r[3], TK_LOAD, 0xff, 16);
	check_rec(&c.r[4], TK_STORE, 0xff, 16);
	/* no Command: line: the description names the importer and the input */
	assert_string_equal(c.h.desc, "lackey trace in.txt, imported by vmmsim trace convert");
	coll_free(&c);
}

static void lackey_huge_addresses(void **state)
{
	(void)state;
	coll c;
	char msg[1200];
	const char *in = "I  ffffffffffffffff,4\n"
	                 " L 0000000000000000FFFFFFFFFFFFFFFE,8\n" /* leading zeros do not count */
	                 " S 0,65536\n" /* the format's bound, TRACE_MAX_SIZE */
	                 "I  8000000000000000,0\n";
	assert_int_equal(parse(IMPORT_LACKEY, in, 3, &c, msg, sizeof msg), TRACE_OK);
	assert_int_equal(c.n, 4);
	check_rec(&c.r[0], TK_FETCH, UINT64_MAX, 4);
	check_rec(&c.r[1], TK_LOAD, UINT64_MAX - 1, 8);
	check_rec(&c.r[2], TK_STORE, 0, TRACE_MAX_SIZE);
	check_rec(&c.r[3], TK_FETCH, 1ull << 63, 0);
	coll_free(&c);
}

static void lackey_errors(void **state)
{
	(void)state;
	expect_error(IMPORT_LACKEY, "I  10,4\nI  10000000000000000,4\n",
	             "in.txt:2: bad address (hex, at most 64 bits): 'I  10000000000000000,4'");
	expect_error(IMPORT_LACKEY, "I  ,4\n", "in.txt:1: missing address: 'I  ,4'");
	expect_error(IMPORT_LACKEY, "==1== x\n L 1234\n", "in.txt:2: ',' expected after the address: ' L 1234'");
	expect_error(IMPORT_LACKEY, " S 1234,\n", "in.txt:1: missing size: ' S 1234,'");
	expect_error(IMPORT_LACKEY, " S 1234,4294967296\n", "in.txt:1: bad size (decimal, 32 bits): ' S 1234,4294967296'");
	expect_error(IMPORT_LACKEY, " S 1234,4x\n", "in.txt:1: junk after the size: ' S 1234,4x'");
	expect_error(IMPORT_LACKEY, " S 1234,65537\n",
	             "in.txt:1: size above the format's limit of 65536 bytes: ' S 1234,65537'");
	expect_error(IMPORT_LACKEY, " X 1234,4\n", "in.txt:1: not a lackey line (I, L, S or M expected): ' X 1234,4'");
	expect_error(IMPORT_LACKEY, "I1234,4\n", "in.txt:1: not a lackey line (blank expected after the letter): 'I1234,4'");
	expect_error(IMPORT_LACKEY, "I  12g4,4\n", "in.txt:1: ',' expected after the address: 'I  12g4,4'");
	expect_error(IMPORT_LACKEY, "I  -1,4\n", "in.txt:1: bad address (hex, at most 64 bits): 'I  -1,4'");
	expect_error(IMPORT_LACKEY, "I  1,4\n\x01\xff\n", "in.txt:2: not a lackey line (I, L, S or M expected): '\\x01\\xff'");
	/* the line shown is cut at 80 bytes */
	char in[200];
	memset(in, 'Z', 150);
	memcpy(in + 150, "\n", 2);
	char want[300];
	snprintf(want, sizeof want,
	         "in.txt:1: not a lackey line (I, L, S or M expected): '%.80s...'", in);
	expect_error(IMPORT_LACKEY, in, want);
}

static void lackey_overlong_line(void **state)
{
	(void)state;
	size_t n = IMPORT_LINE_MAX + 100;
	char *in = malloc(n + 20);
	assert_non_null(in);
	strcpy(in, "I  10,4\n");
	memset(in + 8, ' ', n);
	strcpy(in + 8 + n, "\n");
	char want[300];
	snprintf(want, sizeof want, "in.txt:2: line longer than %d bytes: '%80s...'", IMPORT_LINE_MAX, "");
	for (size_t chunk = 0; chunk <= 4096; chunk += 4096) { /* whole, and in pieces */
		coll c;
		char msg[1200];
		assert_true(parse(IMPORT_LACKEY, in, chunk, &c, msg, sizeof msg) < 0);
		assert_string_equal(msg, want);
		coll_free(&c);
	}
	/* a line of exactly the limit is fine */
	memset(in + 8, ' ', IMPORT_LINE_MAX);
	strcpy(in + 8 + IMPORT_LINE_MAX, "\n L 20,8\n");
	coll c;
	char msg[1200];
	assert_int_equal(parse(IMPORT_LACKEY, in, 1000, &c, msg, sizeof msg), TRACE_OK);
	assert_int_equal(c.n, 2);
	check_rec(&c.r[1], TK_LOAD, 0x20, 8);
	coll_free(&c);
	free(in);
}

static void lackey_many_batches(void **state)
{
	(void)state;
	/* more records than one batch, M expansions across the batch edge */
	size_t lines = IMPORT_BATCH + 1000;
	char *in = malloc(lines * 24 + 1);
	assert_non_null(in);
	size_t o = 0;
	for (size_t i = 0; i < lines; i++)
		o += (size_t)sprintf(in + o, i % 3 == 2 ? " M %zx,%zu\n" : "I  %zx,%zu\n", i * 16, i % 9);
	coll c;
	char msg[1200];
	assert_int_equal(parse(IMPORT_LACKEY, in, 65537, &c, msg, sizeof msg), TRACE_OK);
	size_t k = 0;
	for (size_t i = 0; i < lines; i++) {
		if (i % 3 == 2) {
			check_rec(&c.r[k++], TK_LOAD, i * 16, (uint32_t)(i % 9));
			check_rec(&c.r[k++], TK_STORE, i * 16, (uint32_t)(i % 9));
		} else {
			check_rec(&c.r[k++], TK_FETCH, i * 16, (uint32_t)(i % 9));
		}
	}
	assert_int_equal(c.n, k);
	coll_free(&c);
	free(in);
}

/* ---- din --------------------------------------------------------------- */

static void din_traditional(void **state)
{
	(void)state;
	coll c;
	char msg[1200];
	/* Dinero's own examples, plus labels 3-5, a comment and a 0x label */
	const char *in = "2 0 \n"
	                 "0 1000\n"
	                 "0 70f60888\n"
	                 "2 2cb5 the rest of a line is a comment\n"
	                 "1 70F6088C\n"
	                 "3 0x10\n"
	                 "4 0\n"
	                 "5 20\n"
	                 "0x1\t\tffffffffffffffff\n";
	assert_int_equal(parse(IMPORT_DIN, in, 5, &c, msg, sizeof msg), TRACE_OK);
	assert_int_equal(c.n, 7);
	check_rec(&c.r[0], TK_FETCH, 0, 4);
	check_rec(&c.r[1], TK_LOAD, 0x1000, 4);
	check_rec(&c.r[2], TK_LOAD, 0x70f60888, 4);
	check_rec(&c.r[3], TK_FETCH, 0x2cb5, 4);
	check_rec(&c.r[4], TK_STORE, 0x70f6088c, 4);
	check_rec(&c.r[5], TK_LOAD, 0x10, 4);
	check_rec(&c.r[6], TK_STORE, UINT64_MAX, 4);
	assert_int_equal(c.h.word_bits, 32);
	coll_free(&c);
}

static void din_extended(void **state)
{
	(void)state;
	coll c;
	char msg[1200];
	const char *in = "r 1000 4\n"
	                 "W 0x2000 0x10 comment\n"
	                 "i 400000 4\n"
	                 "M 10 8\n"
	                 "c 0 0\n"
	                 "v 40 20\n"
	                 "  R\tFFFFFFFFFFFFFFFF  1  \n"
	                 "\n";
	assert_int_equal(parse(IMPORT_DIN, in, 0, &c, msg, sizeof msg), TRACE_OK);
	assert_int_equal(c.n, 5);
	check_rec(&c.r[0], TK_LOAD, 0x1000, 4);
	check_rec(&c.r[1], TK_STORE, 0x2000, 16); /* sizes are hex */
	check_rec(&c.r[2], TK_FETCH, 0x400000, 4);
	check_rec(&c.r[3], TK_LOAD, 0x10, 8);
	check_rec(&c.r[4], TK_LOAD, UINT64_MAX, 1);
	coll_free(&c);
}

static void din_errors(void **state)
{
	(void)state;
	expect_error(IMPORT_DIN, "0 10\n6 1000\n", "in.txt:2: unknown din label (0-5 expected): '6 1000'");
	expect_error(IMPORT_DIN, "r 1000\n", "in.txt:1: missing size: 'r 1000'");
	expect_error(IMPORT_DIN, "r 1000 0\n", "in.txt:1: size 0 (allowed only for c and v): 'r 1000 0'");
	expect_error(IMPORT_DIN, "x 100 4\n", "in.txt:1: not a din line (label 0-5 or r/w/i/m/c/v expected): 'x 100 4'");
	expect_error(IMPORT_DIN, "0 zz\n", "in.txt:1: bad address (hex, at most 64 bits): '0 zz'");
	expect_error(IMPORT_DIN, "0\n", "in.txt:1: missing address: '0'");
	expect_error(IMPORT_DIN, "0 12345678901234567\n", "in.txt:1: bad address (hex, at most 64 bits): '0 12345678901234567'");
	expect_error(IMPORT_DIN, "w 10 1g\n", "in.txt:1: bad size (hex): 'w 10 1g'");
	expect_error(IMPORT_DIN, "w 10 100000000\n",
	             "in.txt:1: size above the format's limit of 0x10000 bytes: 'w 10 100000000'");
	expect_error(IMPORT_DIN, "w 10 10001\n",
	             "in.txt:1: size above the format's limit of 0x10000 bytes: 'w 10 10001'");
}

/* ---- text -------------------------------------------------------------- */

/* One record of each kind and shape, and its text. */
static const struct {
	trace_rec r;
	const char *text;
} text_cases[] = {
	{ { .kind = TK_FETCH, .addr = 0x400000, .arg = 4 }, "fetch 0x400000 4\n" },
	{ { .kind = TK_LOAD, .addr = UINT64_MAX, .arg = 8 }, "load 0xffffffffffffffff 8\n" },
	{ { .kind = TK_STORE, .addr = 0, .arg = TRACE_MAX_SIZE }, "store 0x0 65536\n" },
	{ { .kind = TK_MODE, .sub = TMODE_KERNEL }, "mode kernel\n" },
	{ { .kind = TK_MODE, .sub = TMODE_SUPER }, "mode super\n" },
	{ { .kind = TK_ASID, .arg = 65535 }, "asid 65535\n" },
	{ { .kind = TK_TRAP, .sub = TTRAP_SYSCALL, .arg = 4001, .addr = 0x400200 }, "trap syscall 4001 0x400200\n" },
	{ { .kind = TK_TRAP, .sub = TTRAP_EXCEPTION, .arg = 2 }, "trap exception 2\n" },
	{ { .kind = TK_PRIV, .sub = TPRIV_TLBWR }, "priv tlbwr\n" },
	{ { .kind = TK_PRIV, .sub = TPRIV_MTC0, .x = 12 * 8, .addr = 0x10000001 }, "priv mtc0 12.0 0x10000001\n" },
	{ { .kind = TK_PRIV, .sub = TPRIV_MFC0, .x = 16 * 8 + 1 }, "priv mfc0 16.1 0x0\n" },
	{ { .kind = TK_PRIV, .sub = TPRIV_ERET }, "priv eret\n" },
	{ { .kind = TK_PTE, .x = 3, .addr = 0x7fff0000, .arg = 0x1f2, .sub = TPTE_VALID | TPTE_DIRTY },
	  "pte 3 0x7fff0000 0x1f2 vd\n" },
	{ { .kind = TK_PTE, .x = 0, .addr = 0x1000, .arg = 0 }, "pte 0 0x1000 0x0 -\n" },
	{ { .kind = TK_PTE, .x = 9, .addr = 0x1000, .arg = 7, .sub = 7 }, "pte 9 0x1000 0x7 vdg\n" },
	{ { .kind = TK_UNMAP, .x = 65535, .addr = 0xffffffffc0000000 }, "unmap 65535 0xffffffffc0000000\n" },
	{ { .kind = TK_ZERO, .arg = 0xfffff }, "zero 0xfffff\n" },
	{ { .kind = TK_VM, .arg = 2 }, "vm 2\n" },
	{ { .kind = TK_MARK, .sub = TMARK_BEGIN, .arg = 0 }, "mark begin \"phase one\"\n" },
	{ { .kind = TK_MARK, .sub = TMARK_END, .arg = 1 }, "mark end \"q\\\"\\\\\\x0a\"\n" },
	/* format 1.1: exc CODE VECTOR EPC ARG, ExcCode by its MIPS32 name */
	{ { .kind = TK_EXC, .sub = 2, .x = 0, .arg = 0x1008, .addr = 0x400010 },
	  "exc TLBL 0x0 0x400010 0x1008\n" },
	{ { .kind = TK_EXC, .sub = 0, .x = 0x200, .arg = 0x84, .addr = 0x80001234 },
	  "exc Int 0x200 0x80001234 0x84\n" },
	{ { .kind = TK_EXC, .sub = 8, .x = 0x180, .addr = 0x400200 }, "exc Sys 0x180 0x400200 0x0\n" },
	{ { .kind = TK_EXC, .sub = 30, .x = 0x100, .addr = 0xbfc00380 }, "exc CacheErr 0x100 0xbfc00380 0x0\n" },
	{ { .kind = TK_EXC, .sub = 23, .x = 0x180 }, "exc WATCH 0x180 0x0 0x0\n" },
	{ { .kind = TK_EXC, .sub = 14, .x = 0x180 }, "exc 14 0x180 0x0 0x0\n" }, /* reserved: a number */
	{ { .kind = TK_EXC, .sub = 31, .x = 0xffff, .arg = UINT32_MAX, .addr = UINT64_MAX },
	  "exc 31 0xffff 0xffffffffffffffff 0xffffffff\n" },
	/* tlbw OP INDEX ENTRYHI ENTRYLO0 ENTRYLO1 PAGEMASK */
	{ { .kind = TK_TLBW, .sub = 0x85, .x = 3, .arg = 0x400001, .addr = 0x0001234600012345ull },
	  "tlbw tlbwi 5 0x400001 0x12345 0x12346 0x6000\n" },
	{ { .kind = TK_TLBW, .sub = 0x7f, .x = 0xffff, .arg = UINT32_MAX, .addr = UINT64_MAX },
	  "tlbw tlbwr 127 0xffffffff 0xffffffff 0xffffffff 0x1fffe000\n" },
	{ { .kind = TK_TLBW }, "tlbw tlbwr 0 0x0 0x0 0x0 0x0\n" },
	{ { .kind = TK_IDLE, .addr = 1000 }, "idle 1000\n" },
	{ { .kind = TK_IDLE, .addr = UINT64_MAX }, "idle 18446744073709551615\n" },
};

static void text_format_and_parse(void **state)
{
	(void)state;
	coll names = { .nnames = 2 };
	strcpy(names.names[0], "phase one");
	strcpy(names.names[1], "q\"\\\n");
	char all[8192] = "";
	size_t n = sizeof text_cases / sizeof text_cases[0];
	for (size_t i = 0; i < n; i++) {
		char buf[IMPORT_TEXT_MAX];
		size_t len = import_text_format(&text_cases[i].r, c_lookup, &names, buf);
		assert_string_equal(buf, text_cases[i].text);
		assert_int_equal(len, strlen(buf));
		strcat(all, buf);
	}
	coll c;
	char msg[1200];
	assert_int_equal(parse(IMPORT_TEXT, all, 3, &c, msg, sizeof msg), TRACE_OK);
	assert_int_equal(c.n, n);
	for (size_t i = 0; i < n; i++)
		assert_memory_equal(&c.r[i], &text_cases[i].r, sizeof(trace_rec));
	assert_int_equal(c.nnames, 2);
	assert_string_equal(c.names[0], "phase one");
	assert_string_equal(c.names[1], "q\"\\\n");
	coll_free(&c);
}

static void text_lenient_input(void **state)
{
	(void)state;
	coll c;
	char msg[1200];
	const char *in = "# a comment\n"
	                 "  fetch\t4096   0X10  \r\n"   /* decimal address, hex size, blanks */
	                 "mode 2\n"                     /* sub-kinds by number */
	                 "priv 0\n"
	                 "pte 1 0x2000 5 0x5\n"         /* flags as a number */
	                 "pte 1 0x2000 5 gv\n"          /* flags in any order */
	                 "pte 1 0x2000 5 5\n"           /* flags as a decimal number */
	                 "pte 1 0x2000 5 0\n"
	                 "\n";
	assert_int_equal(parse(IMPORT_TEXT, in, 0, &c, msg, sizeof msg), TRACE_OK);
	assert_int_equal(c.n, 7);
	assert_int_equal(c.r[5].sub, TPTE_VALID | TPTE_GLOBAL);
	assert_int_equal(c.r[6].sub, 0);
	check_rec(&c.r[0], TK_FETCH, 4096, 16);
	assert_int_equal(c.r[1].kind, TK_MODE);
	assert_int_equal(c.r[1].sub, TMODE_KERNEL);
	assert_int_equal(c.r[2].kind, TK_PRIV);
	assert_int_equal(c.r[2].sub, TPRIV_TLBWR);
	assert_int_equal(c.r[3].sub, TPTE_VALID | TPTE_GLOBAL);
	assert_int_equal(c.r[4].sub, TPTE_VALID | TPTE_GLOBAL);
	coll_free(&c);
}

static void text_header_lines(void **state)
{
	(void)state;
	trace_header h;
	memset(&h, 0, sizeof h);
	h.version_major = 1;
	h.big_endian = 1;
	h.word_bits = 32;
	h.page_size = 16384;
	strcpy(h.desc, "qemu \"run\" of\tbusybox\n");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	import_text_header(&h, f);
	fputs("load 0x10 4\n# page-size: 99\n", f); /* header lines after a record are comments */
	fclose(f);
	assert_string_equal(buf, "# vmmsim trace 1.0\n"
	                         "# byte-order: big\n"
	                         "# word-bits: 32\n"
	                         "# page-size: 16384\n"
	                         "# desc: \"qemu \\\"run\\\" of\\x09busybox\\x0a\"\n"
	                         "load 0x10 4\n"
	                         "# page-size: 99\n");
	coll c;
	char msg[1200];
	assert_int_equal(parse(IMPORT_TEXT, buf, 0, &c, msg, sizeof msg), TRACE_OK);
	assert_int_equal(c.h.big_endian, 1);
	assert_int_equal(c.h.word_bits, 32);
	assert_int_equal(c.h.page_size, 16384);
	assert_string_equal(c.h.desc, h.desc);
	assert_int_equal(c.n, 1);
	coll_free(&c);
	free(buf);
}

static void text_errors(void **state)
{
	(void)state;
	expect_error(IMPORT_TEXT, "fetch 0x10\n", "in.txt:1: bad or missing fields for a 'fetch' record (see TEXT.md): 'fetch 0x10'");
	expect_error(IMPORT_TEXT, "# x\nbogus 1\n", "in.txt:2: unknown record kind: 'bogus 1'");
	expect_error(IMPORT_TEXT, "mode nomode\n", "in.txt:1: bad or missing fields for a 'mode' record (see TEXT.md): 'mode nomode'");
	expect_error(IMPORT_TEXT, "pte 1 0x1000 0x5 vx\n", "in.txt:1: bad or missing fields for a 'pte' record (see TEXT.md): 'pte 1 0x1000 0x5 vx'");
	expect_error(IMPORT_TEXT, "asid 1 2\n", "in.txt:1: junk after the last field: 'asid 1 2'");
	expect_error(IMPORT_TEXT, "load 0x10000000000000000 4\n", "in.txt:1: bad or missing fields for a 'load' record (see TEXT.md): 'load 0x10000000000000000 4'");
	expect_error(IMPORT_TEXT, "unmap 65536 0x0\n", "in.txt:1: bad or missing fields for a 'unmap' record (see TEXT.md): 'unmap 65536 0x0'");
	expect_error(IMPORT_TEXT, "mark begin \"x\n", "in.txt:1: bad or missing fields for a 'mark' record (see TEXT.md): 'mark begin \"x'");
	expect_error(IMPORT_TEXT, "mark begin \"a\\x00\"\n", "in.txt:1: bad or missing fields for a 'mark' record (see TEXT.md): 'mark begin \"a\\x5cx00\"'");
	expect_error(IMPORT_TEXT, "# word-bits: 48\n", "in.txt:1: bad word-bits header line (32 or 64): '# word-bits: 48'");
	/* values the format cannot hold are refused here, with the line */
	expect_error(IMPORT_TEXT, "mode 3\n", "in.txt:1: bad or missing fields for a 'mode' record (see TEXT.md): 'mode 3'");
	expect_error(IMPORT_TEXT, "asid 65536\n", "in.txt:1: bad or missing fields for a 'asid' record (see TEXT.md): 'asid 65536'");
	expect_error(IMPORT_TEXT, "pte 1 0x1000 0x5 8\n", "in.txt:1: bad or missing fields for a 'pte' record (see TEXT.md): 'pte 1 0x1000 0x5 8'");
	expect_error(IMPORT_TEXT, "pte 1 0x1000 0x5 5v\n", "in.txt:1: bad or missing fields for a 'pte' record (see TEXT.md): 'pte 1 0x1000 0x5 5v'");
	expect_error(IMPORT_TEXT, "pte 1 0x1000 0x5 0x8\n", "in.txt:1: bad or missing fields for a 'pte' record (see TEXT.md): 'pte 1 0x1000 0x5 0x8'");
	expect_error(IMPORT_TEXT, "priv 8\n", "in.txt:1: bad or missing fields for a 'priv' record (see TEXT.md): 'priv 8'");
	expect_error(IMPORT_TEXT, "mark 2 \"x\"\n", "in.txt:1: bad or missing fields for a 'mark' record (see TEXT.md): 'mark 2 \"x\"'");
	expect_error(IMPORT_TEXT, "priv mtc0 12 0x1\n", "in.txt:1: bad or missing fields for a 'priv' record (see TEXT.md): 'priv mtc0 12 0x1'");
	/* format 1.1 kinds: each range error names the line and the field */
	expect_error(IMPORT_TEXT, "idle 5\nexc 32 0x180 0x0 0x0\n", "in.txt:2: exception code neither a Cause.ExcCode name nor a number 0..31: 'exc 32 0x180 0x0 0x0'");
	expect_error(IMPORT_TEXT, "exc tlbl 0x0 0x0 0x0\n", "in.txt:1: exception code neither a Cause.ExcCode name nor a number 0..31: 'exc tlbl 0x0 0x0 0x0'");
	expect_error(IMPORT_TEXT, "exc Int 0x10000 0x0 0x0\n", "in.txt:1: exception vector offset above 0xffff: 'exc Int 0x10000 0x0 0x0'");
	expect_error(IMPORT_TEXT, "exc Int 0x0 0x0 0x100000000\n", "in.txt:1: exception argument above 0xffffffff: 'exc Int 0x0 0x0 0x100000000'");
	expect_error(IMPORT_TEXT, "exc Int 0x0 0x10000000000000000 0x0\n", "in.txt:1: bad or missing fields for a 'exc' record (see TEXT.md): 'exc Int 0x0 0x10000000000000000 0x0'");
	expect_error(IMPORT_TEXT, "exc Int 0x0 0x0\n", "in.txt:1: bad or missing fields for a 'exc' record (see TEXT.md): 'exc Int 0x0 0x0'");
	expect_error(IMPORT_TEXT, "exc\n", "in.txt:1: bad or missing fields for a 'exc' record (see TEXT.md): 'exc'");
	expect_error(IMPORT_TEXT, "exc Int 0x0 0x0 0x0 0x0\n", "in.txt:1: junk after the last field: 'exc Int 0x0 0x0 0x0 0x0'");
	expect_error(IMPORT_TEXT, "tlbw tlbwr 128 0x0 0x0 0x0 0x0\n", "in.txt:1: TLB index above 127: 'tlbw tlbwr 128 0x0 0x0 0x0 0x0'");
	expect_error(IMPORT_TEXT, "tlbw tlbwp 1 0x0 0x0 0x0 0x0\n", "in.txt:1: bad or missing fields for a 'tlbw' record (see TEXT.md): 'tlbw tlbwp 1 0x0 0x0 0x0 0x0'");
	expect_error(IMPORT_TEXT, "tlbw tlbwi 1 0x100000000 0x0 0x0 0x0\n", "in.txt:1: EntryHi, EntryLo0 or EntryLo1 above 0xffffffff: 'tlbw tlbwi 1 0x100000000 0x0 0x0 0x0'");
	expect_error(IMPORT_TEXT, "tlbw tlbwi 1 0x0 0x100000000 0x0 0x0\n", "in.txt:1: EntryHi, EntryLo0 or EntryLo1 above 0xffffffff: 'tlbw tlbwi 1 0x0 0x100000000 0x0 0x0'");
	expect_error(IMPORT_TEXT, "tlbw tlbwi 1 0x0 0x0 0x100000000 0x0\n", "in.txt:1: EntryHi, EntryLo0 or EntryLo1 above 0xffffffff: 'tlbw tlbwi 1 0x0 0x0 0x100000000 0x0'");
	expect_error(IMPORT_TEXT, "tlbw tlbwi 1 0x0 0x0 0x0 0x1000\n", "in.txt:1: PageMask not a multiple of 0x2000 below 0x20000000: 'tlbw tlbwi 1 0x0 0x0 0x0 0x1000'");
	expect_error(IMPORT_TEXT, "tlbw tlbwi 1 0x0 0x0 0x0 0x20000000\n", "in.txt:1: PageMask not a multiple of 0x2000 below 0x20000000: 'tlbw tlbwi 1 0x0 0x0 0x0 0x20000000'");
	expect_error(IMPORT_TEXT, "tlbw tlbwi 1 0x0 0x0 0x0\n", "in.txt:1: bad or missing fields for a 'tlbw' record (see TEXT.md): 'tlbw tlbwi 1 0x0 0x0 0x0'");
	expect_error(IMPORT_TEXT, "idle 0\n", "in.txt:1: idle of 0 cycles (at least 1): 'idle 0'");
	expect_error(IMPORT_TEXT, "idle 0x0\n", "in.txt:1: idle of 0 cycles (at least 1): 'idle 0x0'");
	expect_error(IMPORT_TEXT, "idle\n", "in.txt:1: bad or missing fields for a 'idle' record (see TEXT.md): 'idle'");
	expect_error(IMPORT_TEXT, "idle 18446744073709551616\n", "in.txt:1: bad or missing fields for a 'idle' record (see TEXT.md): 'idle 18446744073709551616'");
}

/* The 1.1 kinds' fields by number too (as every sub-kind field). */
static void text_fs_numbers(void **state)
{
	(void)state;
	coll c;
	char msg[1200];
	const char *in = "exc 2 512 4096 0x10\n"
	                 "exc 0X1f 0 0 0\n"
	                 "tlbw 1 127 1 2 3 8192\n"
	                 "tlbw 0 0 0 0xffffffff 0 0x1fffe000\n"
	                 "idle 0x10\n";
	assert_int_equal(parse(IMPORT_TEXT, in, 0, &c, msg, sizeof msg), TRACE_OK);
	assert_int_equal(c.n, 5);
	const trace_rec want[5] = {
		{ .kind = TK_EXC, .sub = 2, .x = 512, .addr = 4096, .arg = 16 },
		{ .kind = TK_EXC, .sub = 31 },
		{ .kind = TK_TLBW, .sub = 0xff, .arg = 1, .addr = 2 | 3ull << 32, .x = 1 },
		{ .kind = TK_TLBW, .sub = 0, .addr = 0xffffffff, .x = 0xffff },
		{ .kind = TK_IDLE, .addr = 16 },
	};
	for (int i = 0; i < 5; i++)
		assert_memory_equal(&c.r[i], &want[i], sizeof want[i]);
	coll_free(&c);
}

/* Seeded random records of every kind: format, parse, compare. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static void text_random_round_trip(void **state)
{
	(void)state;
	enum { N = 20000 };
	trace_rec *r = calloc(N, sizeof *r);
	char *all = malloc((size_t)N * IMPORT_TEXT_MAX);
	assert_non_null(r);
	assert_non_null(all);
	coll names = { .nnames = 3 };
	strcpy(names.names[0], "a");
	strcpy(names.names[1], "b c");
	strcpy(names.names[2], "\x7f\x80");
	size_t o = 0;
	for (int i = 0; i < N; i++) {
		uint64_t v = rnd();
		trace_rec *x = &r[i];
		x->kind = (uint8_t)(v % TK_NKINDS);
		uint64_t a = rnd() >> (rnd() % 64), b = rnd() >> (rnd() % 64);
		switch (x->kind) {
		case TK_FETCH: case TK_LOAD: case TK_STORE: x->addr = a; x->arg = (uint32_t)(b % (TRACE_MAX_SIZE + 1)); break;
		case TK_MODE: x->sub = (uint8_t)(b % TMODE_N); break;
		case TK_ASID: x->arg = (uint32_t)b & 0xffff; break;
		case TK_VM: case TK_ZERO: x->arg = (uint32_t)b; break;
		case TK_TRAP: x->sub = (uint8_t)(b % TTRAP_N); x->arg = (uint32_t)(b >> 8); x->addr = a; break;
		case TK_PRIV:
			x->sub = (uint8_t)(b % TPRIV_N);
			if (x->sub == TPRIV_MTC0 || x->sub == TPRIV_MFC0) {
				x->x = (uint16_t)(b >> 8);
				x->addr = a;
			}
			break;
		case TK_PTE: x->x = (uint16_t)b; x->addr = a; x->arg = (uint32_t)(b >> 16); x->sub = (uint8_t)(b >> 48) & 7; break;
		case TK_UNMAP: x->x = (uint16_t)b; x->addr = a; break;
		case TK_MARK: x->sub = (uint8_t)(b & 1); x->arg = (uint32_t)(a % 3); break;
		case TK_EXC: x->sub = (uint8_t)(b % 32); x->x = (uint16_t)(b >> 8); x->arg = (uint32_t)(b >> 24); x->addr = a; break;
		case TK_TLBW: x->sub = (uint8_t)b; x->x = (uint16_t)(b >> 8); x->arg = (uint32_t)(b >> 24); x->addr = a; break;
		case TK_IDLE: x->addr = a ? a : 1; break;
		}
		o += import_text_format(x, c_lookup, &names, all + o);
	}
	coll c;
	char msg[1200];
	assert_int_equal(parse(IMPORT_TEXT, all, 4093, &c, msg, sizeof msg), TRACE_OK);
	assert_int_equal(c.n, N);
	/* mark indices are the parser's own interning order; compare by name */
	for (int i = 0; i < N; i++) {
		if (r[i].kind == TK_MARK) {
			assert_string_equal(c.names[c.r[i].arg], names.names[r[i].arg]);
			c.r[i].arg = r[i].arg;
		}
		assert_memory_equal(&c.r[i], &r[i], sizeof r[i]);
	}
	coll_free(&c);
	free(r);
	free(all);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lackey_basic_records),
		cmocka_unit_test(lackey_odd_spacing),
		cmocka_unit_test(lackey_huge_addresses),
		cmocka_unit_test(lackey_errors),
		cmocka_unit_test(lackey_overlong_line),
		cmocka_unit_test(lackey_many_batches),
		cmocka_unit_test(din_traditional),
		cmocka_unit_test(din_extended),
		cmocka_unit_test(din_errors),
		cmocka_unit_test(text_format_and_parse),
		cmocka_unit_test(text_lenient_input),
		cmocka_unit_test(text_header_lines),
		cmocka_unit_test(text_errors),
		cmocka_unit_test(text_fs_numbers),
		cmocka_unit_test(text_random_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
