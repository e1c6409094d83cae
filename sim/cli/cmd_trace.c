/*
 * cmd_trace.c - vmmsim trace info|cat|convert: inspect and convert traces.
 *
 *   trace info [--json] FILE     header, counts, pages, size per record
 *   trace cat FILE               the text form (traces/TEXT.md)
 *   trace convert --from lackey|din|text [-o OUT] [options] [IN|-]
 */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/interrupt.h"
#include "trace/import.h"
#include "trace/trace.h"
#include "util/util.h"

#define READ_BATCH 65536

/* ---- option helpers ----------------------------------------------------- */

/* Matches argv[*i] against --name VALUE or --name=VALUE; stores VALUE.
 * Returns 1 on a match, 0 if not this option, -1 if the value is missing. */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **val)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	if (strncmp(a, name, n))
		return 0;
	if (a[n] == '=') {
		*val = a + n + 1;
		return 1;
	}
	if (a[n])
		return 0;
	if (*i + 1 >= argc) {
		util_error("%s needs a value", name);
		return -1;
	}
	*val = argv[++*i];
	return 1;
}

static int is_help(const char *a) { return !strcmp(a, "--help") || !strcmp(a, "-h"); }

/* ---- info --------------------------------------------------------------- */

static const char info_usage[] =
	"usage: vmmsim trace info [--json] FILE\n"
	"Prints a trace's header, the count of each record kind, instructions,\n"
	"address spaces, distinct pages per address space (pages of the header's\n"
	"page-size hint; 4096 without one, 1024 for a hint below 1024) and\n"
	"compressed bytes per record.\n"
	"FILE '-' reads standard input.  --json prints one JSON object instead.\n";

/* A set of (asid, virtual page number) pairs: open addressing. */
typedef struct page_set {
	uint64_t *vpn;
	uint32_t *asid1; /* asid + 1; 0 marks an empty slot */
	size_t cap, n;
} page_set;

static uint64_t mix(uint64_t vpn, uint32_t asid)
{
	uint64_t x = vpn * 0x9e3779b97f4a7c15ull ^ (uint64_t)asid * 0xc2b2ae3d27d4eb4full;
	return x ^ x >> 29;
}

static int set_grow(page_set *s)
{
	size_t cap = s->cap ? s->cap * 2 : 4096;
	uint64_t *v = malloc(cap * sizeof *v);
	uint32_t *a = calloc(cap, sizeof *a);
	if (!v || !a) {
		free(v);
		free(a);
		return -1;
	}
	for (size_t i = 0; i < s->cap; i++) {
		if (!s->asid1[i])
			continue;
		size_t j = mix(s->vpn[i], s->asid1[i]) & (cap - 1);
		while (a[j])
			j = (j + 1) & (cap - 1);
		v[j] = s->vpn[i];
		a[j] = s->asid1[i];
	}
	free(s->vpn);
	free(s->asid1);
	s->vpn = v;
	s->asid1 = a;
	s->cap = cap;
	return 0;
}

/* Adds (asid, vpn); returns 1 if new, 0 if present, -1 out of memory. */
static int set_add(page_set *s, uint32_t asid, uint64_t vpn)
{
	if (2 * (s->n + 1) > s->cap && set_grow(s))
		return -1;
	uint32_t a1 = asid + 1;
	size_t j = mix(vpn, a1) & (s->cap - 1);
	while (s->asid1[j]) {
		if (s->asid1[j] == a1 && s->vpn[j] == vpn)
			return 0;
		j = (j + 1) & (s->cap - 1);
	}
	s->asid1[j] = a1;
	s->vpn[j] = vpn;
	s->n++;
	return 1;
}

typedef struct info {
	trace_counts c;
	uint64_t traps[TTRAP_N + 1]; /* by sub; the last: unknown */
	uint64_t idle_cycles;        /* sum of the idle records' cycles */
	uint64_t *pages_by_asid;     /* 65536 counters */
	uint8_t *asid_seen;          /* 65536 flags: the space was current at a reference */
	uint64_t pages;
	unsigned spaces;
	uint64_t bytes;
	uint32_t page_size;
} info;

static int info_scan(trace_reader *r, const char *path, info *in)
{
	const trace_header *h = trace_reader_header(r);
	/* pages of the hint, 4096 without one; a hint below 1 KB (the smallest
	 * page a model has) counts 1 KB pages, so that an access spans at most
	 * 65 of them whatever the header says (a hint of 1 made every byte a page) */
	uint32_t ps = !h->page_size ? 4096 : h->page_size < 1024 ? 1024 : h->page_size;
	in->page_size = ps;
	int pow2 = (ps & (ps - 1)) == 0;
	unsigned shift = 0;
	while (pow2 && (1u << shift) < ps)
		shift++;
	trace_rec *b = malloc(READ_BATCH * sizeof *b);
	page_set set = { 0 };
	in->pages_by_asid = calloc(65536, sizeof *in->pages_by_asid);
	in->asid_seen = calloc(65536, 1);
	int rc = 0;
	if (!b || !in->pages_by_asid || !in->asid_seen) {
		util_error("out of memory");
		rc = 1;
		goto done;
	}
	/* a small cache of recent (asid, page) pairs spares most set lookups */
	enum { NC = 64 };
	uint64_t cvpn[NC];
	uint32_t casid[NC];
	memset(casid, 0xff, sizeof casid);
	memset(cvpn, 0, sizeof cvpn);
	uint32_t asid = 0;
	long n;
	while ((n = trace_read(r, b, READ_BATCH)) > 0) {
		for (long i = 0; i < n; i++) {
			const trace_rec *x = &b[i];
			if (x->kind < TK_NKINDS)
				in->c.kind[x->kind]++;
			in->c.records++;
			switch (x->kind) {
			case TK_FETCH:
			case TK_LOAD:
			case TK_STORE: {
				/* every page the access spans, as replay counts them
				 * (an access wrapping at the top: its first page) */
				uint64_t last = x->addr + (x->arg ? x->arg - 1 : 0);
				uint64_t vpn = pow2 ? x->addr >> shift : x->addr / ps;
				uint64_t vpn1 = last < x->addr ? vpn : pow2 ? last >> shift : last / ps;
				for (;; vpn++) {
					unsigned slot = (unsigned)(vpn ^ vpn >> 6) & (NC - 1);
					if (cvpn[slot] != vpn || casid[slot] != asid) {
						cvpn[slot] = vpn;
						casid[slot] = asid;
						int added = set_add(&set, asid, vpn);
						if (added < 0) {
							util_error("%s: record %" PRIu64 ": out of memory for the page set",
							           path, in->c.records);
							rc = 1;
							goto done;
						}
						if (added) {
							in->pages++;
							in->pages_by_asid[asid]++;
						}
					}
					if (vpn == vpn1)
						break;
				}
				if (!in->asid_seen[asid]) {
					in->asid_seen[asid] = 1;
					in->spaces++;
				}
				break;
			}
			case TK_ASID:
				asid = x->arg & 0xffff;
				break;
			case TK_TRAP:
				in->traps[x->sub < TTRAP_N ? x->sub : TTRAP_N]++;
				break;
			case TK_IDLE:
				/* saturating: a hostile trace cannot wrap the sum */
				in->idle_cycles = x->addr > UINT64_MAX - in->idle_cycles ? UINT64_MAX
				                  : in->idle_cycles + x->addr;
				break;
			default:
				break;
			}
		}
	}
	if (n < 0) {
		util_error("%s", trace_reader_error(r));
		rc = 1;
	}
done:
	free(b);
	free(set.vpn);
	free(set.asid1);
	return rc;
}

static const char *const kind_json[TK_NKINDS] = {
	"fetches", "loads", "stores", "mode_changes", "asid_switches", "traps",
	"privileged", "pte_updates", "unmaps", "zeroed_pages", "vm_switches", "marks",
	"exceptions_taken", "tlb_writes", "idles", /* format 1.1: only in a 1.1 trace's JSON */
};

static void info_json(const char *path, const trace_header *h, const info *in)
{
	json_t *o = json_object();
	json_object_set_new(o, "file", json_string(path));
	char ver[32];
	snprintf(ver, sizeof ver, "%u.%u", h->version_major, h->version_minor);
	json_object_set_new(o, "version", json_string(ver));
	json_object_set_new(o, "byte_order", json_string(h->big_endian ? "big" : "little"));
	json_object_set_new(o, "word_bits", json_integer(h->word_bits));
	json_object_set_new(o, "page_size", json_integer(h->page_size));
	/* JSON escapes control characters; bytes that are not UTF-8 are
	 * written \xNN as the text form does */
	json_t *desc = json_string(h->desc);
	if (!desc) {
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);
		if (m) {
			util_put_escaped(m, h->desc);
			fclose(m);
		}
		desc = json_string(buf ? buf : "");
		free(buf);
	}
	json_object_set_new(o, "desc", desc);
	json_object_set_new(o, "records", json_integer((json_int_t)in->c.records));
	/* the kinds of the trace's version: a 1.0 trace's JSON is as it always was */
	const int v10 = h->version_major == 1 && h->version_minor == 0;
	unsigned nk = v10 ? TK_NKINDS_1_0 : TK_NKINDS;
	for (unsigned k = 0; k < nk; k++)
		json_object_set_new(o, kind_json[k], json_integer((json_int_t)in->c.kind[k]));
	if (!v10)
		json_object_set_new(o, "idle_cycles", in->idle_cycles <= INT64_MAX ?
		                    json_integer((json_int_t)in->idle_cycles) :
		                    json_real((double)in->idle_cycles));
	json_object_set_new(o, "syscalls", json_integer((json_int_t)in->traps[TTRAP_SYSCALL]));
	json_object_set_new(o, "interrupts", json_integer((json_int_t)in->traps[TTRAP_INTERRUPT]));
	json_object_set_new(o, "exceptions", json_integer((json_int_t)in->traps[TTRAP_EXCEPTION]));
	json_object_set_new(o, "instructions", json_integer((json_int_t)in->c.kind[TK_FETCH]));
	json_object_set_new(o, "address_spaces", json_integer(in->spaces));
	json_object_set_new(o, "page_bytes", json_integer(in->page_size));
	json_object_set_new(o, "pages", json_integer((json_int_t)in->pages));
	json_t *by = json_array();
	for (unsigned a = 0; a < 65536; a++) {
		if (!in->asid_seen[a])
			continue;
		json_t *e = json_object();
		json_object_set_new(e, "asid", json_integer(a));
		json_object_set_new(e, "pages", json_integer((json_int_t)in->pages_by_asid[a]));
		json_array_append_new(by, e);
	}
	json_object_set_new(o, "pages_by_asid", by);
	json_object_set_new(o, "bytes", json_integer((json_int_t)in->bytes));
	json_object_set_new(o, "bytes_per_record",
	                    json_real(in->c.records ? (double)in->bytes / (double)in->c.records : 0));
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(4));
	if (s)
		printf("%s\n", s);
	free(s);
	json_decref(o);
}

static void info_text(const char *path, const trace_header *h, const info *in)
{
	printf("file:            %s\n", path);
	printf("format:          vmmsim trace %u.%u\n", h->version_major, h->version_minor);
	printf("machine:         %s-endian, %u-bit words\n", h->big_endian ? "big" : "little", h->word_bits);
	if (h->page_size)
		printf("page size hint:  %" PRIu32 "\n", h->page_size);
	else
		printf("page size hint:  none (4096 used below)\n");
	fputs("description:     ", stdout);
	util_put_escaped(stdout, h->desc);
	fputc('\n', stdout);
	printf("records:         %" PRIu64 "\n", in->c.records);
	for (unsigned k = 0; k < TK_NKINDS; k++) {
		if (!in->c.kind[k])
			continue;
		printf("  %-14s %" PRIu64 "\n", trace_kind_name(k), in->c.kind[k]);
		if (k == TK_TRAP)
			for (unsigned t = 0; t <= TTRAP_N; t++)
				if (in->traps[t])
					printf("    %-12s %" PRIu64 "\n", t < TTRAP_N ? trace_trap_name(t) : "other",
					       in->traps[t]);
		if (k == TK_IDLE)
			printf("    %-12s %" PRIu64 "\n", "cycles", in->idle_cycles);
	}
	printf("instructions:    %" PRIu64 "\n", in->c.kind[TK_FETCH]);
	printf("address spaces:  %u\n", in->spaces);
	printf("distinct pages:  %" PRIu64 " (%" PRIu32 "-byte pages)\n", in->pages, in->page_size);
	if (in->spaces > 1)
		for (unsigned a = 0; a < 65536; a++)
			if (in->asid_seen[a])
				printf("  asid %-9u %" PRIu64 "\n", a, in->pages_by_asid[a]);
	printf("compressed:      %" PRIu64 " bytes, %.3f bytes/record\n", in->bytes,
	       in->c.records ? (double)in->bytes / (double)in->c.records : 0.0);
}

static int trace_info(int argc, char **argv)
{
	int json = 0;
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(info_usage, stdout);
			return 0;
		} else if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			util_error("trace info: unknown option '%s'", argv[i]);
			fputs(info_usage, stderr);
			return 2;
		} else if (path) {
			util_error("trace info: one FILE expected");
			return 2;
		} else {
			path = argv[i];
		}
	}
	if (!path) {
		fputs(info_usage, stderr);
		return 2;
	}
	char err[1024];
	trace_reader *r;
	if (trace_reader_open(&r, path, err, sizeof err) < 0) {
		util_error("%s", err);
		return 1;
	}
	info in;
	memset(&in, 0, sizeof in);
	int rc = info_scan(r, path, &in);
	if (!rc) {
		struct stat sb;
		in.bytes = strcmp(path, "-") && stat(path, &sb) == 0 ? (uint64_t)sb.st_size
		                                                      : trace_reader_bytes_in(r);
		if (json)
			info_json(path, trace_reader_header(r), &in);
		else
			info_text(path, trace_reader_header(r), &in);
		if (fflush(stdout) || ferror(stdout)) {
			util_error("-: write error on standard output: %s", strerror(errno));
			rc = 1;
		}
	}
	free(in.pages_by_asid);
	free(in.asid_seen);
	trace_reader_close(r);
	return rc;
}

/* ---- cat ---------------------------------------------------------------- */

static const char cat_usage[] =
	"usage: vmmsim trace cat FILE\n"
	"Prints the trace in the text form (traces/TEXT.md): the header as '#'\n"
	"comment lines, then one record per line.  FILE '-' reads standard input.\n"
	"'vmmsim trace convert --from text' reads the output back.\n";

static const char *reader_name(const void *ctx, uint32_t idx)
{
	return trace_reader_name(ctx, idx);
}

static int trace_cat(int argc, char **argv)
{
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(cat_usage, stdout);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			util_error("trace cat: unknown option '%s'", argv[i]);
			fputs(cat_usage, stderr);
			return 2;
		} else if (path) {
			util_error("trace cat: one FILE expected");
			return 2;
		} else {
			path = argv[i];
		}
	}
	if (!path) {
		fputs(cat_usage, stderr);
		return 2;
	}
	char err[1024];
	trace_reader *r;
	if (trace_reader_open(&r, path, err, sizeof err) < 0) {
		util_error("%s", err);
		return 1;
	}
	trace_rec *b = malloc(READ_BATCH * sizeof *b);
	size_t cap = 1u << 20;
	char *out = malloc(cap);
	int rc = 0;
	if (!b || !out) {
		util_error("out of memory");
		rc = 1;
		goto done;
	}
	import_text_header(trace_reader_header(r), stdout);
	long n;
	while ((n = trace_read(r, b, READ_BATCH)) > 0) {
		size_t o = 0;
		for (long i = 0; i < n; i++) {
			if (o + IMPORT_TEXT_MAX > cap) {
				fwrite(out, 1, o, stdout);
				o = 0;
			}
			o += import_text_format(&b[i], reader_name, r, out + o);
		}
		fwrite(out, 1, o, stdout);
		if (ferror(stdout))
			break;
	}
	if (n < 0) {
		fflush(stdout);
		util_error("%s", trace_reader_error(r));
		rc = 1;
	} else if (fflush(stdout) || ferror(stdout)) {
		util_error("-: write error on standard output: %s", strerror(errno));
		rc = 1;
	}
done:
	free(b);
	free(out);
	trace_reader_close(r);
	return rc;
}

/* ---- convert ------------------------------------------------------------ */

static const char convert_usage[] =
	"usage: vmmsim trace convert --from lackey|din|text [-o OUT] [options] [IN|-]\n"
	"Converts a text trace into a vmmsim trace (traces/IMPORTERS.md):\n"
	"  lackey  valgrind --tool=lackey --trace-mem=yes output\n"
	"  din     Dinero IV din ('LABEL ADDR') and extended din ('r|w|i|m|c|v ADDR SIZE')\n"
	"  text    vmmsim's text form, as printed by 'vmmsim trace cat'\n"
	"IN defaults to '-' (standard input); it may be zstd-compressed (detected by\n"
	"its magic bytes).  OUT defaults to standard output unless that is a\n"
	"terminal; a file is written under a temporary name and renamed into place\n"
	"only when complete.\n"
	"options:\n"
	"  --desc TEXT        description in the header (default: from the input)\n"
	"  --page-size N      page size hint (default: this host's for lackey, 4096 for din)\n"
	"  --word-bits 32|64  word size of the traced machine\n"
	"  --big-endian, --little-endian   byte order of the traced machine\n"
	"  --level N          zstd compression level (default: the format's)\n"
	"  --format 2.0|1.1   the trace format version written (default 2.0; 1.1 for\n"
	"                     vmmsim releases before format 2.0)\n"
	"  -v, --verbose      print a summary line on standard error\n";

static int trace_convert(int argc, char **argv)
{
	const char *from = NULL, *out = NULL, *in = NULL, *v;
	const char *desc = NULL, *page = NULL, *bits = NULL, *level = NULL, *format = NULL;
	int endian = -1, verbose = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int m;
		if (is_help(a)) {
			fputs(convert_usage, stdout);
			return 0;
		}
		if ((m = opt_value(argc, argv, &i, "--from", &v)) != 0) {
			if (m < 0)
				return 2;
			from = v;
		} else if ((m = opt_value(argc, argv, &i, "-o", &v)) != 0 ||
		           (m = opt_value(argc, argv, &i, "--output", &v)) != 0) {
			if (m < 0)
				return 2;
			out = v;
		} else if ((m = opt_value(argc, argv, &i, "--desc", &v)) != 0) {
			if (m < 0)
				return 2;
			desc = v;
		} else if ((m = opt_value(argc, argv, &i, "--page-size", &v)) != 0) {
			if (m < 0)
				return 2;
			page = v;
		} else if ((m = opt_value(argc, argv, &i, "--word-bits", &v)) != 0) {
			if (m < 0)
				return 2;
			bits = v;
		} else if ((m = opt_value(argc, argv, &i, "--level", &v)) != 0) {
			if (m < 0)
				return 2;
			level = v;
		} else if ((m = opt_value(argc, argv, &i, "--format", &v)) != 0) {
			if (m < 0)
				return 2;
			format = v;
		} else if (!strcmp(a, "--big-endian")) {
			endian = 1;
		} else if (!strcmp(a, "--little-endian")) {
			endian = 0;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			verbose = 1;
		} else if (a[0] == '-' && a[1]) {
			util_error("trace convert: unknown option '%s'", a);
			fputs(convert_usage, stderr);
			return 2;
		} else if (in) {
			util_error("trace convert: one input expected (got '%s' and '%s')", in, a);
			return 2;
		} else {
			in = a;
		}
	}
	int fmt = from ? import_format_parse(from) : -1;
	if (fmt < 0) {
		util_error(from ? "trace convert: unknown format '%s' (lackey, din or text)"
		                : "trace convert: --from lackey|din|text is required%s",
		           from ? from : "");
		return 2;
	}
	trace_header h;
	import_default_header((enum import_format)fmt, &h);
	uint64_t x;
	if (page) {
		if (util_parse_size(page, &x) || x > UINT32_MAX) {
			util_error("trace convert: bad --page-size '%s'", page);
			return 2;
		}
		h.page_size = (uint32_t)x;
	}
	if (bits) {
		if (util_parse_u64(bits, &x) || (x != 32 && x != 64)) {
			util_error("trace convert: --word-bits must be 32 or 64");
			return 2;
		}
		h.word_bits = (unsigned)x;
	}
	if (endian >= 0)
		h.big_endian = (unsigned)endian;
	if (desc) {
		if (strlen(desc) >= sizeof h.desc) {
			util_error("trace convert: --desc is %zu bytes, the format holds at most %zu",
			           strlen(desc), sizeof h.desc - 1);
			return 2;
		}
		snprintf(h.desc, sizeof h.desc, "%s", desc);
	}
	int lvl = 0;
	if (level) {
		if (util_parse_u64(level, &x) || x > 22) {
			util_error("trace convert: --level must be 0..22");
			return 2;
		}
		lvl = (int)x;
	}
	unsigned version = 0;
	if (format) {
		if (strcmp(format, "2.0") && strcmp(format, "2") && strcmp(format, "1.1")) {
			util_error("trace convert: --format must be 2.0 or 1.1 (got '%s')", format);
			return 2;
		}
		version = format[0] == '1' ? 1 : 2;
	}
	if (!in)
		in = "-";
	if (!out) {
		if (isatty(1)) {
			util_error("trace convert: standard output is a terminal; give -o OUT (or -o - to insist)");
			return 2;
		}
		out = "-";
	}
	if (util_out_check(out, &in, 1))
		return 2;
	cli_interrupt ci;
	volatile sig_atomic_t *stop = cli_interrupt_catch(&ci);
	import_opts o = { .fmt = (enum import_format)fmt, .in = in, .out = out, .h = &h, .level = lvl,
		          .version = version, .stop = stop };
	import_stats st;
	char err[1024];
	double t0 = util_now();
	int rc = import_convert(&o, &st, err, sizeof err);
	cli_interrupt_restore(&ci);
	if (rc < 0 && *stop) { /* SIGINT, SIGTERM: no output, no temporary file */
		util_error("%s by %s: no trace written", err, cli_interrupt_name(*stop));
		return 128 + *stop;
	}
	if (rc < 0) {
		util_error("%s", err);
		return 1;
	}
	if (verbose) {
		double t = util_now() - t0;
		struct stat sb;
		long long sz = strcmp(out, "-") && stat(out, &sb) == 0 ? (long long)sb.st_size : -1;
		fprintf(stderr,
		        "vmmsim: %s: %" PRIu64 " lines (%" PRIu64 " ignored), %" PRIu64
		        " bytes of text -> %" PRIu64 " records",
		        in, st.lines, st.ignored, st.bytes_in, st.records);
		if (sz >= 0)
			fprintf(stderr, ", %lld bytes (%.3f bytes/record)", sz,
			        st.records ? (double)sz / (double)st.records : 0.0);
		fprintf(stderr, " in %.2f s (%.0f MB/s of text)\n", t, t > 0 ? st.bytes_in / t / 1e6 : 0.0);
	}
	return 0;
}

/* ---- dispatch ----------------------------------------------------------- */

static const char trace_usage[] =
	"usage: vmmsim trace info [--json] FILE\n"
	"       vmmsim trace cat FILE\n"
	"       vmmsim trace convert --from lackey|din|text [-o OUT] [options] [IN|-]\n"
	"Run 'vmmsim trace SUBCOMMAND --help' for its options.\n";

int cmd_trace(int argc, char **argv)
{
	if (argc < 2) {
		fputs(trace_usage, stderr);
		return 2;
	}
	const char *s = argv[1];
	if (is_help(s)) {
		fputs(trace_usage, stdout);
		return 0;
	}
	if (!strcmp(s, "info"))
		return trace_info(argc - 1, argv + 1);
	if (!strcmp(s, "cat"))
		return trace_cat(argc - 1, argv + 1);
	if (!strcmp(s, "convert"))
		return trace_convert(argc - 1, argv + 1);
	util_error("trace: unknown subcommand '%s' (info, cat or convert)", s);
	return 2;
}
