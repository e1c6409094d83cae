/*
 * trace.h - the vmmsim trace: records, and the streaming reader and writer
 * of the compressed trace format (traces/FORMAT.md).
 *
 * A trace records what a program (and, optionally, the OS beneath it) did,
 * never what one TLB did: it is independent of TLB size and policy, so one
 * trace replays under any configuration.
 *
 * In memory every record is one 16-byte trace_rec.  Sources (the trace
 * reader, the importers, the MIPS CPU) produce arrays of them; machine models
 * consume arrays of them.  This is the one event interface of the program.
 */
#ifndef VMMSIM_TRACE_H
#define VMMSIM_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Record kinds.  The numeric values are pinned: they appear in the text form
 * (by name) and in statistics tables (by index). */
enum trace_kind {
	TK_FETCH = 0, /* instruction fetch: addr = vaddr, arg = size in bytes */
	TK_LOAD = 1,  /* data load:         addr = vaddr, arg = size in bytes */
	TK_STORE = 2, /* data store:        addr = vaddr, arg = size in bytes */
	TK_MODE = 3,  /* processor mode change: sub = enum trace_mode */
	TK_ASID = 4,  /* address-space switch: arg = ASID (0..65535) */
	TK_TRAP = 5,  /* trap: sub = enum trace_trap, arg = syscall number /
	               * interrupt line / exception cause code, addr = EPC (0 if unknown) */
	TK_PRIV = 6,  /* privileged operation by the traced OS: sub = enum trace_priv,
	               * x = CP0 register*8+select (mtc0/mfc0), addr = value moved */
	TK_PTE = 7,   /* page-table update: x = ASID, addr = virtual address of the page,
	               * arg = physical frame number, sub = TPTE_* flags */
	TK_UNMAP = 8, /* page-table unmap: x = ASID, addr = virtual address of the page */
	TK_ZERO = 9,  /* the traced OS zeroes a page frame: arg = physical frame number */
	TK_VM = 10,   /* VM switch: arg = VM id */
	TK_MARK = 11, /* named marker: sub = TMARK_BEGIN/END, arg = name index
	               * (trace_reader_name / trace_writer_name) */
	/* Format 1.1: what a full-system recording (vmmsim boot --record) adds.
	 * These describe the hardware (a MIPS32 CPU), not a modeled OS. */
	TK_EXC = 12,  /* exception or interrupt taken: sub = Cause.ExcCode (0..31),
	               * x = offset of the vector from its base (0x000 TLB refill,
	               * 0x180 general, 0x200 interrupt with Cause.IV),
	               * arg = BadVAddr for Mod/TLBL/TLBS/AdEL/AdES, the pending
	               * enabled interrupt lines (bit n = IPn) for Int, else 0;
	               * addr = EPC (the restart address: the branch for a delay slot) */
	TK_TLBW = 13, /* TLB write: sub = index (0..127) | TTLBW_INDEXED (tlbwi;
	               * clear: tlbwr), x = PageMask >> 13, arg = EntryHi,
	               * addr = EntryLo0 | EntryLo1 << 32 (the registers written) */
	TK_IDLE = 14, /* the CPU idled in `wait`: addr = cycles idled (> 0) */
	TK_NKINDS
};
#define TK_NKINDS_1_0 12 /* kinds counted by a version 1.0 trailer */
#define TTLBW_INDEXED 0x80u

enum trace_mode { TMODE_USER = 0, TMODE_SUPER = 1, TMODE_KERNEL = 2, TMODE_N };
enum trace_trap { TTRAP_SYSCALL = 0, TTRAP_INTERRUPT = 1, TTRAP_EXCEPTION = 2, TTRAP_N };
enum trace_priv {
	TPRIV_TLBWR = 0, TPRIV_TLBWI, TPRIV_TLBP, TPRIV_TLBR,
	TPRIV_MTC0, TPRIV_MFC0, TPRIV_ERET, TPRIV_WAIT, TPRIV_N
};
enum trace_pte_flags { TPTE_VALID = 1, TPTE_DIRTY = 2, TPTE_GLOBAL = 4 };
enum trace_mark { TMARK_BEGIN = 0, TMARK_END = 1 };

/* The largest size (arg) of a fetch, load or store, in bytes: far above
 * any real access (x86 instructions are at most 15 bytes, lackey's data
 * accesses at most 512, MIPS's 8), small enough that no record makes
 * replay walk more than 65 pages of 1 KB.  Writers, importers and the
 * reader refuse larger ones (traces/FORMAT.md). */
#define TRACE_MAX_SIZE 65536u

typedef struct trace_rec {
	uint64_t addr;
	uint32_t arg;
	uint16_t x;
	uint8_t kind;
	uint8_t sub;
} trace_rec;

/* Names of kinds and sub-kinds as used by the text form; NULL if out of range. */
const char *trace_kind_name(unsigned kind);
const char *trace_mode_name(unsigned mode);
const char *trace_trap_name(unsigned trap);
const char *trace_priv_name(unsigned op);
/* Added: "begin" / "end" for TMARK_*; NULL if out of range. */
const char *trace_mark_name(unsigned mark);
/* The MIPS32 name of Cause.ExcCode code ("Int", "TLBL", ... "CacheErr");
 * NULL for a reserved code or one above 31. */
const char *trace_exc_name(unsigned code);

/* Status codes.  Pinned: negative values, 0 is success. */
typedef enum trace_status {
	TRACE_OK = 0,
	TRACE_E_IO = -1,        /* open/read/write/rename failed (errno in message) */
	TRACE_E_MAGIC = -2,     /* not a vmmsim trace */
	TRACE_E_VERSION = -3,   /* unsupported major format version */
	TRACE_E_CORRUPT = -4,   /* undecodable content, or checksum/count mismatch */
	TRACE_E_TRUNCATED = -5, /* stream ends before the trailer */
	TRACE_E_NOMEM = -6,
	TRACE_E_ARG = -7,       /* invalid record or argument given to the writer */
	TRACE_E_ZSTD = -8,      /* zstd reported an error */
} trace_status;

/* Returns a constant name for a status code ("corrupt", "truncated", ...). */
const char *trace_status_name(int status);

#define TRACE_DESC_MAX 4096 /* longest free-text description kept in a header */

typedef struct trace_header {
	unsigned version_major, version_minor; /* as read (1.0, 1.1 or 2.0); the
	                                        * writer ignores them and writes 2.0
	                                        * (see trace_writer_set_version) */
	unsigned big_endian;  /* byte order of the traced machine: 0 little, 1 big */
	unsigned word_bits;   /* word size of the traced machine: 32 or 64 */
	uint32_t page_size;   /* page size hint in bytes (0: unknown) */
	char desc[TRACE_DESC_MAX]; /* program, command line, importer; NUL-terminated */
} trace_header;

/* Summary kept in the trailer (and written by the writer on close).  A
 * version 1.0 trace counts 12 kinds: its counts of TK_EXC..TK_IDLE are 0. */
typedef struct trace_counts {
	uint64_t records;
	uint64_t kind[TK_NKINDS];
} trace_counts;

/* ---- reader ---------------------------------------------------------- */

typedef struct trace_reader trace_reader;

/* Opens a trace for streaming.  path "-" reads standard input.  On success
 * stores a reader in *out and returns TRACE_OK; on failure returns a status
 * and, if errbuf is not NULL, a one-line message naming the file and the
 * position. */
int trace_reader_open(trace_reader **out, const char *path, char *errbuf, size_t errlen);

/* Added: as trace_reader_open, on an already open stream f (read from its
 * current position; the reader takes f over and closes it, unless f is
 * stdin).  name is used in messages. */
int trace_reader_open_stream(trace_reader **out, FILE *f, const char *name,
                             char *errbuf, size_t errlen);

/* The header read by trace_reader_open. */
const trace_header *trace_reader_header(const trace_reader *r);

/* Decodes up to n records into buf.  Returns the number decoded (> 0), 0 at
 * the verified end of the trace (trailer counts and checksum matched), or a
 * negative trace_status; the message is then in trace_reader_error().
 * (n == 0 gives TRACE_E_ARG, not 0, and leaves the reader usable.) */
long trace_read(trace_reader *r, trace_rec *buf, size_t n);

/* As trace_read, but sequential instruction fetches come as runs: a fetch
 * record with x = k > 0 stands for k + 1 fetches, the first at addr, each
 * next one where the previous one ended, all within one TRACE_RUN_BLOCK-
 * aligned block of addresses (so within one page of any page size vmmsim
 * models), arg their total size.  A fetch of size 0 or crossing a block
 * boundary is never part of a run.  Only records decoded in the same call
 * are joined, so a run's length also depends on n; the stream of fetches
 * is the same, and a machine charges a run exactly as its fetches one by
 * one (machine/mach.h).  Run records are in-memory only: the writer
 * refuses them (x is 0 on every fetch of the format). */
long trace_read_runs(trace_reader *r, trace_rec *buf, size_t n);
#define TRACE_RUN_BLOCK 1024u /* the smallest page size a model may have */

/* Record totals from the trailer, available without decoding: returns 1 and
 * fills *c if the file carries them where they can be read up front (a
 * seekable file), else 0.  After trace_read returned 0, always returns 1. */
int trace_reader_counts(trace_reader *r, trace_counts *c);

/* Name of marker index idx seen so far in the stream, or NULL. */
const char *trace_reader_name(const trace_reader *r, uint32_t idx);

/* Records decoded so far, and compressed bytes consumed so far. */
uint64_t trace_reader_position(const trace_reader *r);
uint64_t trace_reader_bytes_in(const trace_reader *r);

/* The last error message ("FILE: record N: ..."), or "" if none. */
const char *trace_reader_error(const trace_reader *r);

void trace_reader_close(trace_reader *r);

/* ---- writer ---------------------------------------------------------- */

typedef struct trace_writer trace_writer;

/* Creates a trace.  A path other than "-" is written to a temporary file in
 * the same directory and renamed into place by trace_writer_close, so a
 * failed or aborted write leaves no output file; a path that is a symbolic
 * link is written through (its target is replaced).  "-" writes standard
 * output.  level: zstd compression level (0: the format's default).
 * Returns TRACE_OK or a status with a message in errbuf. */
int trace_writer_open(trace_writer **out, const char *path, const trace_header *h,
                      int level, char *errbuf, size_t errlen);

/* Chooses the format written: major 2 (version 2.0, the default) or 1
 * (version 1.1, for readers of older vmmsim releases).  Only before the
 * first record or marker name.  Returns TRACE_OK or TRACE_E_ARG. */
int trace_writer_set_version(trace_writer *w, unsigned major);

/* Appends n records.  Returns TRACE_OK or a negative status (a record the
 * format cannot hold gives TRACE_E_ARG naming the record). */
int trace_write(trace_writer *w, const trace_rec *recs, size_t n);

/* Interns a marker name and returns its index (>= 0) for use in TK_MARK
 * records, or a negative status. */
long trace_writer_name(trace_writer *w, const char *name);

/* Writes the trailer, flushes, renames into place.  Returns TRACE_OK or a
 * status (the temporary file is then removed).  Frees w in every case. */
int trace_writer_close(trace_writer *w);

/* Added: as trace_writer_close, also copying the message of a failure into
 * errbuf (trace_writer_error cannot be called once w is freed). */
int trace_writer_finish(trace_writer *w, char *errbuf, size_t errlen);

/* Discards everything written (removes the temporary file).  Frees w. */
void trace_writer_abort(trace_writer *w);

/* Counts of records written so far. */
const trace_counts *trace_writer_counts(const trace_writer *w);

/* The last error message, or "". */
const char *trace_writer_error(const trace_writer *w);

#endif
