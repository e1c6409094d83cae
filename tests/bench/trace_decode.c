/*
 * trace_decode.c - benchmark of the trace reader's batch API.
 *
 *   trace_decode FILE          decodes FILE through trace_read and prints
 *                              "records N seconds S mrec_per_s R raw_bytes B"
 *   trace_decode --lackey OUT [LEVEL]
 *                              (stop-gap until the lackey importer is on main)
 *                              converts lackey text on stdin to a trace OUT,
 *                              printing "records N seconds S"
 *   trace_decode --repeat K IN OUT
 *                              writes OUT holding IN's records K times over
 *                              (for showing memory does not grow with length)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "trace/trace.h"
#include "util/util.h"

#define BATCH 4096

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int decode(const char *path)
{
	trace_reader *r;
	char err[512];
	if (trace_reader_open(&r, path, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	static trace_rec buf[BATCH];
	uint64_t n = 0, sum = 0;
	double t0 = util_now(), c0 = cpu_now();
	long k;
	while ((k = trace_read(r, buf, BATCH)) > 0) {
		n += (uint64_t)k;
		sum += buf[k - 1].addr; /* touch the output */
	}
	double t = util_now() - t0, ct = cpu_now() - c0;
	if (k < 0) {
		fprintf(stderr, "%s\n", trace_reader_error(r));
		trace_reader_close(r);
		return 1;
	}
	trace_reader_close(r);
	printf("records %llu seconds %.4f mrec_per_s %.1f cpu_seconds %.4f check %llx\n",
	       (unsigned long long)n, t, n / t / 1e6, ct, (unsigned long long)sum & 0xff);
	return 0;
}

static int hexval(const char **s, uint64_t *v)
{
	uint64_t x = 0;
	const char *p = *s;
	int any = 0;
	for (;; p++) {
		unsigned c = (unsigned char)*p, d;
		if (c >= '0' && c <= '9') d = c - '0';
		else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
		else break;
		x = x << 4 | d;
		any = 1;
	}
	*s = p;
	*v = x;
	return any;
}

static int lackey(const char *out, int level)
{
	trace_header h;
	memset(&h, 0, sizeof h);
	h.word_bits = 64;
	h.page_size = 4096;
	snprintf(h.desc, sizeof h.desc, "valgrind --tool=lackey --trace-mem=yes (bench stop-gap converter)");
	trace_writer *w;
	char err[512];
	if (trace_writer_open(&w, out, &h, level, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	static trace_rec buf[BATCH + 2];
	size_t nb = 0;
	char line[256];
	double t0 = util_now();
	while (fgets(line, sizeof line, stdin)) {
		const char *p = line;
		unsigned kind;
		int m = 0;
		if (p[0] == 'I')
			kind = TK_FETCH;
		else if (p[0] == ' ' && p[1] == 'L')
			kind = TK_LOAD;
		else if (p[0] == ' ' && p[1] == 'S')
			kind = TK_STORE;
		else if (p[0] == ' ' && p[1] == 'M')
			kind = TK_LOAD, m = 1;
		else
			continue;
		p += 2;
		while (*p == ' ')
			p++;
		uint64_t a, s;
		if (!hexval(&p, &a) || *p++ != ',')
			continue;
		s = strtoull(p, NULL, 10);
		buf[nb++] = (trace_rec){ a, (uint32_t)s, 0, (uint8_t)kind, 0 };
		if (m)
			buf[nb++] = (trace_rec){ a, (uint32_t)s, 0, TK_STORE, 0 };
		if (nb >= BATCH) {
			if (trace_write(w, buf, nb)) {
				fprintf(stderr, "%s\n", trace_writer_error(w));
				trace_writer_abort(w);
				return 1;
			}
			nb = 0;
		}
	}
	if (trace_write(w, buf, nb)) {
		fprintf(stderr, "%s\n", trace_writer_error(w));
		trace_writer_abort(w);
		return 1;
	}
	uint64_t n = trace_writer_counts(w)->records;
	if (trace_writer_finish(w, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	printf("records %llu seconds %.3f\n", (unsigned long long)n, util_now() - t0);
	return 0;
}

static int repeat(int k, const char *in, const char *out)
{
	trace_writer *w;
	char err[512];
	int rc = 0;
	for (int i = 0; i < k && !rc; i++) {
		trace_reader *r;
		if (trace_reader_open(&r, in, err, sizeof err)) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		if (i == 0 && trace_writer_open(&w, out, trace_reader_header(r), 0, err, sizeof err)) {
			fprintf(stderr, "%s\n", err);
			trace_reader_close(r);
			return 1;
		}
		static trace_rec buf[BATCH];
		long n;
		while ((n = trace_read(r, buf, BATCH)) > 0)
			if (trace_write(w, buf, (size_t)n)) {
				fprintf(stderr, "%s\n", trace_writer_error(w));
				rc = 1;
				break;
			}
		if (n < 0) {
			fprintf(stderr, "%s\n", trace_reader_error(r));
			rc = 1;
		}
		trace_reader_close(r);
	}
	if (rc) {
		trace_writer_abort(w);
		return 1;
	}
	if (trace_writer_finish(w, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "--lackey"))
		return lackey(argv[2], argc > 3 ? atoi(argv[3]) : 0);
	if (argc == 5 && !strcmp(argv[1], "--repeat"))
		return repeat(atoi(argv[2]), argv[3], argv[4]);
	if (argc == 2)
		return decode(argv[1]);
	fprintf(stderr, "usage: trace_decode FILE | --lackey OUT [LEVEL] | --repeat K IN OUT\n");
	return 2;
}
