/*
 * trace_decode.c - benchmark of the trace reader's batch API.
 *
 *   trace_decode FILE          decodes FILE through trace_read and prints
 *                              "records N seconds S mrec_per_s R cpu_seconds C check X"
 *   trace_decode --runs FILE   the same through trace_read_runs (records
 *                              counts the fetches a run stands for)
 *   trace_decode --repeat K IN OUT
 *                              writes OUT holding IN's records K times over
 *                              (for showing memory does not grow with length)
 *   trace_decode --v1 IN OUT   writes OUT holding IN's records in format 1.1
 *                              (the decoders of 2.0 and 1.1 side by side)
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

static int decode(const char *path, int runs)
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
	while ((k = (runs ? trace_read_runs : trace_read)(r, buf, BATCH)) > 0) {
		if (runs)
			for (long i = 0; i < k; i++)
				n += 1u + (buf[i].kind == TK_FETCH ? buf[i].x : 0u);
		else
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

static int repeat(int k, const char *in, const char *out, unsigned major)
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
		if (i == 0 && trace_writer_set_version(w, major)) {
			fprintf(stderr, "%s\n", trace_writer_error(w));
			trace_writer_abort(w);
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
	if (argc == 5 && !strcmp(argv[1], "--repeat"))
		return repeat(atoi(argv[2]), argv[3], argv[4], 2);
	if (argc == 4 && !strcmp(argv[1], "--v1"))
		return repeat(1, argv[2], argv[3], 1);
	if (argc == 2)
		return decode(argv[1], 0);
	if (argc == 3 && !strcmp(argv[1], "--runs"))
		return decode(argv[2], 1);
	fprintf(stderr, "usage: trace_decode [--runs] FILE | --repeat K IN OUT | --v1 IN OUT\n");
	return 2;
}
