/*
 * record_pipe.h - `vmmsim boot --record`: the CPU's records written to the
 * trace in a thread of their own, so that compressing them overlaps the
 * run.  Two buffers: the CPU fills one (c->ev) while the writer thread
 * writes the other; a drain hands the full one over and gives the CPU the
 * other, waiting only if the writer is still busy.  The records reach the
 * file in the order the CPU made them.
 */
#ifndef VMMSIM_CLI_RECORD_PIPE_H
#define VMMSIM_CLI_RECORD_PIPE_H

#include <stddef.h>

#include "cpu/cpu_sys.h"
#include "trace/trace.h"

typedef struct record_pipe record_pipe;

/* Opens path for writing (trace_writer_open with h), starts the writer
 * thread and gives c its first buffer (then cpu_sys_record_start).
 * Returns NULL with a message in err. */
record_pipe *record_pipe_open(const char *path, const trace_header *h, cpu *c, char *err,
                              size_t errlen);
/* board_run_opts.drain: hands c's records to the writer.  Returns 0, or -1
 * if the writer failed (record_pipe_error says why). */
int record_pipe_drain(void *pipe, cpu *c);
/* A mark (a console line "vmmsim-mark begin X" or "... end X", given as
 * "begin X" or "end X"): a TK_MARK record, its name X, after c's records so
 * far.  A mark of another form is not recorded (the format's marks begin or
 * end a span).  Returns 0, or -1 if the writer failed (record_pipe_error
 * says why; the next drain fails too). */
int record_pipe_mark(record_pipe *p, cpu *c, const char *mark);
/* The writer's error message, or "". */
const char *record_pipe_error(const record_pipe *p);
/* Writes what is left and closes the trace (keep != 0), or discards it.
 * Returns 0, or -1 with a message in err.  Takes c's buffer back (c->ev =
 * NULL) and frees p. */
int record_pipe_close(record_pipe *p, cpu *c, int keep, char *err, size_t errlen);

#endif
