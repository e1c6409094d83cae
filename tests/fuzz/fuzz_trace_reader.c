/*
 * fuzz_trace_reader.c - libFuzzer harness: any bytes given to the trace
 * reader give records and a verified end, or an error status with a
 * one-line message; never a crash, a hang or a leak.  Half the inputs are
 * read with trace_read_runs (runs of fetches counted by their fetches).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "trace/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Inputs not starting with the zstd magic are taken as a raw stream and
 * compressed first, so the fuzzer reaches the record decoder directly
 * (zstd's own checksum would otherwise stop most mutations). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	static uint8_t z[1 << 16];
	if (size >= 4 && !(data[0] == 0x28 && data[1] == 0xb5 && data[2] == 0x2f && data[3] == 0xfd)) {
		size_t zn = ZSTD_compress(z, sizeof z, data, size, 1);
		if (ZSTD_isError(zn))
			return 0;
		data = z;
		size = zn;
	}
	FILE *f = fmemopen((void *)data, size, "rb");
	if (!f)
		return 0;
	trace_reader *r;
	char err[256];
	int rc = trace_reader_open_stream(&r, f, "fuzz", err, sizeof err);
	if (rc) {
		if (rc >= 0 || !strstr(err, "fuzz") || strchr(err, '\n'))
			abort();
		return 0;
	}
	static trace_rec buf[4096];
	trace_counts c;
	(void)trace_reader_counts(r, &c);
	uint64_t total = 0;
	size_t batch = 1 + (size & 4095);
	int runs = (int)(size >> 12 & 1);
	for (;;) {
		long n = (runs ? trace_read_runs : trace_read)(r, buf, batch);
		if (n < 0) {
			const char *e = trace_reader_error(r);
			if (!strstr(e, "fuzz") || strchr(e, '\n'))
				abort();
			break;
		}
		if (n == 0) {
			if (!trace_reader_counts(r, &c) || c.records != total)
				abort();
			break;
		}
		for (long i = 0; i < n; i++) {
			if (buf[i].kind >= TK_NKINDS)
				abort();
			if (buf[i].kind == TK_MARK && !trace_reader_name(r, buf[i].arg))
				abort();
			if (buf[i].kind == TK_FETCH && buf[i].x) {
				if (!runs || buf[i].arg <= buf[i].x ||
				    (buf[i].addr + buf[i].arg - 1) / TRACE_RUN_BLOCK != buf[i].addr / TRACE_RUN_BLOCK)
					abort();
				total += buf[i].x;
			}
		}
		total += (uint64_t)n;
		if (trace_reader_position(r) != total)
			abort();
	}
	trace_reader_close(r);
	return 0;
}
