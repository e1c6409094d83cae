/*
 * trace_pending.c - TEMPORARY: weak stand-ins for the trace reader until
 * branch codec (sim/trace/) is merged; its strong definitions replace these.
 */
#include <stdio.h>

#include "trace/trace.h"

#define W __attribute__((weak))

W int trace_reader_open(trace_reader **out, const char *path, char *errbuf, size_t errlen)
{
	*out = NULL;
	snprintf(errbuf, errlen, "%s: trace reader not built yet", path);
	return TRACE_E_IO;
}
W const trace_header *trace_reader_header(const trace_reader *r) { (void)r; return NULL; }
W long trace_read(trace_reader *r, trace_rec *buf, size_t n) { (void)r; (void)buf; (void)n; return TRACE_E_IO; }
W int trace_reader_counts(trace_reader *r, trace_counts *c) { (void)r; (void)c; return 0; }
W const char *trace_reader_error(const trace_reader *r) { (void)r; return "trace reader not built yet"; }
W void trace_reader_close(trace_reader *r) { (void)r; }
