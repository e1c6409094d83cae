/*
 * pending_codec.c - TEMPORARY: weak stand-ins for the trace library
 * (trace.c, being written on branch codec) so that the importers build and
 * their parsers can be unit-tested before it lands.  Removed at the merge.
 */
#include "trace/trace.h"

#define W __attribute__((weak))

W const char *trace_kind_name(unsigned kind)
{
	static const char *const n[TK_NKINDS] = { "fetch", "load", "store", "mode", "asid", "trap",
	                                          "priv", "pte", "unmap", "zero", "vm", "mark" };
	return kind < TK_NKINDS ? n[kind] : NULL;
}
W const char *trace_mode_name(unsigned m)
{
	static const char *const n[TMODE_N] = { "user", "super", "kernel" };
	return m < TMODE_N ? n[m] : NULL;
}
W const char *trace_trap_name(unsigned t)
{
	static const char *const n[TTRAP_N] = { "syscall", "interrupt", "exception" };
	return t < TTRAP_N ? n[t] : NULL;
}
W const char *trace_priv_name(unsigned op)
{
	static const char *const n[TPRIV_N] = { "tlbwr", "tlbwi", "tlbp", "tlbr",
	                                        "mtc0",  "mfc0",  "eret", "wait" };
	return op < TPRIV_N ? n[op] : NULL;
}
W const char *trace_status_name(int st) { return st ? "error" : "ok"; }
W int trace_reader_open(trace_reader **out, const char *path, char *errbuf, size_t errlen)
{
	*out = NULL;
	snprintf(errbuf, errlen, "%s: trace library not merged yet", path);
	return TRACE_E_IO;
}
W const trace_header *trace_reader_header(const trace_reader *r) { (void)r; return NULL; }
W long trace_read(trace_reader *r, trace_rec *buf, size_t n) { (void)r; (void)buf; (void)n; return TRACE_E_IO; }
W int trace_reader_counts(trace_reader *r, trace_counts *c) { (void)r; (void)c; return 0; }
W const char *trace_reader_name(const trace_reader *r, uint32_t idx) { (void)r; (void)idx; return NULL; }
W uint64_t trace_reader_position(const trace_reader *r) { (void)r; return 0; }
W uint64_t trace_reader_bytes_in(const trace_reader *r) { (void)r; return 0; }
W const char *trace_reader_error(const trace_reader *r) { (void)r; return "not merged"; }
W void trace_reader_close(trace_reader *r) { (void)r; }
W int trace_writer_open(trace_writer **out, const char *path, const trace_header *h, int level,
                        char *errbuf, size_t errlen)
{
	(void)h; (void)level;
	*out = NULL;
	snprintf(errbuf, errlen, "%s: trace library not merged yet", path);
	return TRACE_E_IO;
}
W int trace_write(trace_writer *w, const trace_rec *recs, size_t n) { (void)w; (void)recs; (void)n; return TRACE_E_IO; }
W long trace_writer_name(trace_writer *w, const char *name) { (void)w; (void)name; return TRACE_E_IO; }
W int trace_writer_close(trace_writer *w) { (void)w; return TRACE_E_IO; }
W void trace_writer_abort(trace_writer *w) { (void)w; }
W const trace_counts *trace_writer_counts(const trace_writer *w) { (void)w; return NULL; }
W const char *trace_writer_error(const trace_writer *w) { (void)w; return "not merged"; }
