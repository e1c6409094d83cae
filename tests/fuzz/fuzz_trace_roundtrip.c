/*
 * fuzz_trace_roundtrip.c - libFuzzer harness: the input, cut into 16-byte
 * records, is written by the trace writer (records it refuses are skipped)
 * and read back; what is read must equal what was accepted, exactly.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	if (!path[0])
		snprintf(path, sizeof path, "/tmp/fuzz_trace_rt.%d.zst", (int)getpid());
	size_t n = size / sizeof(trace_rec);
	trace_rec *in = malloc((n + 1) * sizeof *in);
	trace_rec *ok = malloc((n + 1) * sizeof *ok);
	memcpy(in, data, n * sizeof *in);
	trace_header h;
	memset(&h, 0, sizeof h);
	h.word_bits = 64;
	trace_writer *w;
	char err[256];
	if (trace_writer_open(&w, path, &h, 1, err, sizeof err))
		abort();
	if (trace_writer_name(w, "a") != 0 || trace_writer_name(w, "b") != 1)
		abort();
	size_t nok = 0;
	for (size_t i = 0; i < n; i++) {
		in[i].kind %= TK_NKINDS + 1;
		int rc = trace_write(w, &in[i], 1);
		if (rc == TRACE_OK)
			ok[nok++] = in[i];
		else if (rc != TRACE_E_ARG)
			abort();
	}
	if (trace_writer_finish(w, err, sizeof err))
		abort();
	trace_reader *r;
	if (trace_reader_open(&r, path, err, sizeof err))
		abort();
	trace_rec buf[64];
	size_t got = 0;
	long k;
	while ((k = trace_read(r, buf, 1 + (size & 63))) > 0) {
		if (got + (size_t)k > nok || memcmp(buf, ok + got, (size_t)k * sizeof *buf))
			abort();
		got += (size_t)k;
	}
	if (k != 0 || got != nok)
		abort();
	trace_reader_close(r);
	unlink(path);
	free(in);
	free(ok);
	return 0;
}
