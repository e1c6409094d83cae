/*
 * prefetch.h - a trace decoded in a thread of its own, a few batches ahead
 * of its consumer (order kept, so results do not change), for feeding the
 * same batches to one or several machines (vmmsim replay, vmmsim sweep).
 */
#ifndef VMMSIM_PREFETCH_H
#define VMMSIM_PREFETCH_H

#include <stddef.h>

#include "trace/trace.h"

typedef struct prefetch prefetch;

/* Opens path (as trace_reader_open), takes its header and trailer counts,
 * and starts decoding, with trace_read_runs if runs is set (sequential
 * fetches as runs), else trace_read.  Returns 0, or -1 with a message
 * naming the file in err. */
int prefetch_open(prefetch **out, const char *path, int runs, char *err, size_t errlen);
/* The trace's header. */
const trace_header *prefetch_header(const prefetch *p);
/* The trailer counts, read before decoding began: 1 and *c if the file
 * carries them up front, else 0 (as trace_reader_counts). */
int prefetch_counts(const prefetch *p, trace_counts *c);
/* The next batch: returns its length (> 0) and sets *recs, valid until the
 * next call; 0 at the verified end; -1 on a decoding error (message in
 * err, naming the file and record). */
long prefetch_next(prefetch *p, const trace_rec **recs, char *err, size_t errlen);
/* Records of the trace up to the end of the batch last returned (a run
 * counts its fetches). */
uint64_t prefetch_position(const prefetch *p);
/* The marker name of index idx (trace_reader_name), once prefetch_next has
 * returned 0 or -1 (the decoder has stopped; before, it may be adding
 * names), else NULL. */
const char *prefetch_name(const prefetch *p, uint32_t idx);
/* Stops the decoder and frees everything. */
void prefetch_close(prefetch *p);

#endif
