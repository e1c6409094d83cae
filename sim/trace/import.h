/*
 * import.h - importers: text traces of other tools (and vmmsim's own text
 * form) parsed into trace_rec batches.  Formats in traces/IMPORTERS.md and
 * traces/TEXT.md.
 *
 * Two layers:
 *   - a parser (import_parser_*) turns bytes into records and hands them in
 *     batches to a sink; it does no I/O and can be fed arbitrary chunks, so
 *     unit tests and fuzzers drive it directly;
 *   - import_convert() reads a file or standard input (zstd-compressed input
 *     is detected by its magic bytes and decompressed on the fly) through a
 *     parser into a trace_writer.
 */
#ifndef VMMSIM_IMPORT_H
#define VMMSIM_IMPORT_H

#include <stddef.h>
#include <signal.h>
#include <stdint.h>

#include "trace/trace.h"

enum import_format {
	IMPORT_LACKEY = 0, /* valgrind --tool=lackey --trace-mem=yes */
	IMPORT_DIN = 1,    /* Dinero IV din (traditional) and xdin (extended) */
	IMPORT_TEXT = 2,   /* vmmsim's text form, as printed by 'trace cat' */
	IMPORT_NFORMATS
};

/* "lackey", "din", "text"; NULL if out of range. */
const char *import_format_name(unsigned fmt);
/* Returns the format named s, or -1. */
int import_format_parse(const char *s);

/* Longest accepted input line in bytes (without its newline). */
#define IMPORT_LINE_MAX 65536
/* Records handed to the sink per call (at most). */
#define IMPORT_BATCH 65536

/* Where parsed records go.  begin is called exactly once, before the first
 * write or name (with the header, completed from the input where the format
 * carries one), or from import_parser_finish for an empty input.  Each
 * callback returns 0 or a negative trace_status; its message is then in
 * error(ctx). */
typedef struct import_sink {
	void *ctx;
	int (*begin)(void *ctx, const trace_header *h);
	int (*write)(void *ctx, const trace_rec *recs, size_t n);
	long (*name)(void *ctx, const char *name); /* returns an index >= 0 */
	const char *(*error)(void *ctx);
} import_sink;

typedef struct import_parser import_parser;

/* Creates a parser of format fmt.  name is the input's name for messages
 * ("-" for standard input).  h holds the header to use: header lines of the
 * text form change its fields; an empty h->desc is filled in from the input
 * (lackey's "Command:" line, the text form's desc line) or else names the
 * importer and the input.  Returns TRACE_OK or TRACE_E_NOMEM/TRACE_E_ARG. */
int import_parser_new(import_parser **out, enum import_format fmt, const char *name,
                      const trace_header *h, const import_sink *sink);

/* Parses len more bytes of input (any split: lines may span calls).
 * Returns TRACE_OK, or a negative status with a one-line message in
 * import_parser_error() ("NAME:LINE: ...: 'the line'").  After an error
 * the parser accepts nothing more. */
int import_parser_feed(import_parser *p, const char *buf, size_t len);

/* Parses a final line without newline, flushes the last batch.  Returns
 * TRACE_OK or a negative status (message in import_parser_error). */
int import_parser_finish(import_parser *p);

const char *import_parser_error(const import_parser *p);
/* Lines parsed so far (complete lines, including ignored ones). */
uint64_t import_parser_lines(const import_parser *p);
/* Lines ignored so far (lackey '==' lines, comments, din cache-control
 * records, blank lines). */
uint64_t import_parser_ignored(const import_parser *p);
void import_parser_free(import_parser *p);

/* The default header of an import of format fmt (see IMPORTERS.md). */
void import_default_header(enum import_format fmt, trace_header *h);

/* Options of import_convert. */
typedef struct import_opts {
	enum import_format fmt;
	const char *in;       /* input path, "-" standard input */
	const char *out;      /* output path, "-" standard output */
	const trace_header *h; /* header to start from (NULL: the format's default);
	                       * an empty desc is filled in from the input */
	int level;            /* zstd level, 0 default */
	unsigned version;     /* format major version written: 0 or 2 (2.0), 1 (1.1) */
	volatile sig_atomic_t *stop; /* NULL, or a flag a signal handler sets: the
	                       * conversion then stops at the next block of input
	                       * (or a read it interrupts), failing with the
	                       * bytes read so far in err and no output */
} import_opts;

/* Statistics of a finished conversion. */
typedef struct import_stats {
	uint64_t bytes_in;  /* input text bytes (after decompression) */
	uint64_t lines, ignored;
	uint64_t records;
} import_stats;

/* Converts o->in to a trace o->out.  Returns TRACE_OK, or a status with a
 * one-line message in err (naming the file and position); no output file is
 * left behind on failure. */
int import_convert(const import_opts *o, import_stats *st, char *err, size_t errlen);

/* ---- the text form (TEXT.md) ------------------------------------------ */

/* Formats one record as a line of the text form (with '\n', NUL-terminated)
 * into buf of at least IMPORT_TEXT_MAX bytes; returns its length.  names
 * resolves marker indices (may be NULL or return NULL: then "#N"). */
#define IMPORT_TEXT_MAX 1200
#define IMPORT_NAME_MAX 256 /* marker names longer than this are cut when printed */
typedef const char *(*import_name_fn)(const void *ctx, uint32_t idx);
size_t import_text_format(const trace_rec *r, import_name_fn names, const void *ctx, char *buf);

/* Writes the header as comment lines of the text form to f. */
void import_text_header(const trace_header *h, FILE *f);

#endif
