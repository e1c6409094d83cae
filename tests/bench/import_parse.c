/*
 * import_parse.c - parser-only speed of an importer (no writer): reads the
 * whole input into memory, then times import_parser_feed over it with a
 * sink that only counts.  Prints "MB/s(wall) MB/s(cpu) records lines".
 *   build/bench/import_parse lackey|din|text FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "trace/import.h"
#include "util/util.h"

typedef struct { uint64_t n, sum; } cnt;
static int c_begin(void *c, const trace_header *h) { (void)c; (void)h; return 0; }
static int c_write(void *ctx, const trace_rec *r, size_t n)
{
	cnt *c = ctx;
	c->n += n;
	c->sum += r[n - 1].addr; /* touch the batch */
	return 0;
}
static long c_name(void *c, const char *n) { (void)c; (void)n; return 0; }
static const char *c_err(void *c) { (void)c; return ""; }

int main(int argc, char **argv)
{
	if (argc != 3 || import_format_parse(argv[1]) < 0) {
		fprintf(stderr, "usage: import_parse lackey|din|text FILE\n");
		return 2;
	}
	FILE *f = fopen(argv[2], "rb");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)len + 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "read failed\n");
		return 1;
	}
	fclose(f);
	cnt c = { 0, 0 };
	import_sink s = { &c, c_begin, c_write, c_name, c_err };
	trace_header h;
	enum import_format fmt = (enum import_format)import_format_parse(argv[1]);
	import_default_header(fmt, &h);
	import_parser *p;
	if (import_parser_new(&p, fmt, argv[2], &h, &s) < 0)
		return 1;
	struct timespec c0, c1;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	double t0 = util_now();
	int st = 0;
	const size_t block = 4u << 20;
	for (long o = 0; o < len && st >= 0; o += (long)block)
		st = import_parser_feed(p, buf + o, (size_t)(len - o) < block ? (size_t)(len - o) : block);
	if (st >= 0)
		st = import_parser_finish(p);
	double t = util_now() - t0;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	double cpu = (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) * 1e-9;
	if (st < 0) {
		fprintf(stderr, "%s\n", import_parser_error(p));
		return 1;
	}
	printf("%.0f %.0f %llu %llu\n", len / t / 1e6, len / cpu / 1e6, (unsigned long long)c.n,
	       (unsigned long long)import_parser_lines(p));
	import_parser_free(p);
	free(buf);
	return 0;
}
