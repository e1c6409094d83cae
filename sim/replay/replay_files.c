/*
 * replay_files.c - replaying trace files: one VM (decode once, feed every
 * mode) or several (natively each alone; under the monitor round robin by
 * the quantum, each monitor mode reading the traces at its own pace).
 */
#include <stdlib.h>
#include <string.h>

#include "machine/sysmach.h"
#include "replay/replay_int.h"
#include "trace/prefetch.h"

#define BATCH 16384

typedef struct progress {
	replay_progress_fn *fn; /* NULL: none */
	void *opaque;
	uint64_t total; /* records to process in all (0: unknown) */
	uint64_t done;
} progress;

static void progress_show(progress *p, int final)
{
	if (p->fn)
		p->fn(p->opaque, p->done, p->total, final);
}

static int open_src(trace_reader **rd, const char *path, uint64_t *records, unsigned *bits,
                    int *os, char *err, size_t errlen)
{
	if (trace_reader_open(rd, path, err, errlen) != TRACE_OK)
		return -1;
	const trace_header *h = trace_reader_header(*rd);
	trace_counts c;
	*bits = h->word_bits == 64 ? 64 : 32;
	*os = 0;
	/* whether the stream carries the OS's code is left to its first
	 * TK_MODE record to kernel or supervisor mode (mach.c), not taken
	 * from the trailer: a trace on a pipe, or fed live, has none, and a
	 * stream must mean the same thing from every source */
	*records = trace_reader_counts(*rd, &c) ? c.records : 0;
	return 0;
}

static int read_err(trace_reader *rd, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s", trace_reader_error(rd));
	return -1;
}

static void oom_err(const char *path, uint64_t records, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: by record %llu: out of memory for per-page state", path,
	         (unsigned long long)records);
}

/* 1 (with the message) when the host asked the replay to stop. */
static int stopped(const replay *r, const char *path, uint64_t records, char *err, size_t errlen)
{
	if (!r->stop || !*r->stop)
		return 0;
	snprintf(err, errlen, "%s: stopped after record %llu", path, (unsigned long long)records);
	return 1;
}

/* (vmmsim replay takes a full-system recording from a file to its own
 * machine, cli/replay_fullsys.c; the engine refuses one) */
#define FULLSYS_MSG "%s: a full-system recording (vmmsim boot --record): replay it alone, " \
	"from a file, without --interval (vmmsim replay --trace FILE; its marks give spans: --csv)"

/* One trace: decoded in a thread of its own (trace/prefetch.h), a few
 * batches ahead of the machines; the order of records is kept, so results
 * do not change. */
static int run_one(replay *r, const char *path, progress *pg, char *err, size_t errlen)
{
	prefetch *p;
	if (prefetch_open(&p, path, r->o.runs, err, errlen))
		return -1;
	/* whether the stream carries the OS's code is left to its records (see
	 * open_src) */
	replay_set_source(r, 0, prefetch_header(p)->word_bits == 64 ? 64 : 32, 0);
	trace_counts c;
	pg->total = prefetch_counts(p, &c) ? c.records : 0;
	const trace_rec *recs;
	long n;
	int first = 1;
	while ((n = prefetch_next(p, &recs, err, errlen)) > 0) {
		if (first && sysmach_is_recording(prefetch_header(p), &recs[0])) {
			snprintf(err, errlen, FULLSYS_MSG, path);
			n = -1;
			break;
		}
		first = 0;
		if (replay_feed(r, recs, (size_t)n)) { /* said now, not after the whole trace */
			snprintf(err, errlen, "%s: by record %llu: %s", path,
			         (unsigned long long)prefetch_position(p),
			         replay_error(r));
			n = -1;
			break;
		}
		pg->done = prefetch_position(p);
		progress_show(pg, 0);
		if (stopped(r, path, prefetch_position(p), err, errlen)) {
			n = REPLAY_STOPPED;
			break;
		}
	}
	prefetch_close(p);
	return n == REPLAY_STOPPED ? REPLAY_STOPPED : n < 0 ? -1 : 0;
}

/* A batch of records of rd, sequential fetches in runs if runs is set. */
static long read_batch(trace_reader *rd, trace_rec *buf, int runs)
{
	return runs ? trace_read_runs(rd, buf, BATCH) : trace_read(rd, buf, BATCH);
}

typedef struct vmsrc {
	trace_reader *rd;
	const char *path;
	int runs;
	trace_rec *buf;
	size_t len, pos;
	int done;
} vmsrc;

/* Refills s if empty; returns 1 if records are available, 0 at the end,
 * -1 on error. */
static int src_fill(vmsrc *s, progress *pg, char *err, size_t errlen)
{
	if (s->pos < s->len)
		return 1;
	if (s->done)
		return 0;
	uint64_t before = trace_reader_position(s->rd);
	long n = read_batch(s->rd, s->buf, s->runs);
	if (n < 0)
		return read_err(s->rd, err, errlen);
	if (before == 0 && n > 0 && sysmach_is_recording(trace_reader_header(s->rd), &s->buf[0])) {
		snprintf(err, errlen, FULLSYS_MSG, s->path);
		return -1;
	}
	if (n == 0) {
		s->done = 1;
		return 0;
	}
	s->len = (size_t)n;
	s->pos = 0;
	pg->done += trace_reader_position(s->rd) - before;
	progress_show(pg, 0);
	return 1;
}

static void srcs_close(vmsrc *s, unsigned n)
{
	for (unsigned v = 0; v < n; v++) {
		if (s[v].rd)
			trace_reader_close(s[v].rd);
		free(s[v].buf);
	}
	free(s);
}

static vmsrc *srcs_open(replay *r, const char *const *paths, unsigned nvms, progress *pg,
                        char *err, size_t errlen)
{
	vmsrc *s = calloc(nvms, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (unsigned v = 0; v < nvms; v++) {
		uint64_t total;
		unsigned bits;
		int os;
		if (open_src(&s[v].rd, paths[v], &total, &bits, &os, err, errlen)) {
			srcs_close(s, nvms);
			return NULL;
		}
		replay_set_source(r, v, bits, os);
		s[v].path = paths[v];
		s[v].runs = r->o.runs;
		s[v].buf = malloc(BATCH * sizeof *s[v].buf);
		if (!s[v].buf) {
			srcs_close(s, nvms);
			snprintf(err, errlen, "out of memory");
			return NULL;
		}
	}
	(void)pg;
	return s;
}

/* A machine the traces are fed to, whichever kind: the software-managed
 * one (machine/mach.h) or the hardware-walked one (machine/hwmach.h). */
typedef struct feeder {
	void *m;
	size_t (*feed)(void *m, const trace_rec *r, size_t n);
	int (*expired)(const void *m); /* the running VM's turn is over */
	void (*renew)(void *m);         /* another turn for the running VM */
	void (*next)(void *m, unsigned vm); /* the processor to VM vm */
	int (*oom)(const void *m);
} feeder;

static size_t sw_feed(void *m, const trace_rec *r, size_t n)
{
	return mach_feed(m, r, n);
}
static int sw_expired(const void *m)
{
	return ((const mach *)m)->a[0].quantum_expired;
}
static void sw_renew(void *m)
{
	mach_renew(m);
}
static void sw_next(void *m, unsigned vm)
{
	mach_switch(m, vm);
}
static int sw_oom(const void *m)
{
	return ((const mach *)m)->oom;
}
static size_t hw_feed(void *m, const trace_rec *r, size_t n)
{
	return hwmach_feed(m, r, n);
}
static int hw_expired(const void *m)
{
	return hwmach_expired(m);
}
static void hw_renew(void *m)
{
	hwmach_renew(m);
}
static void hw_next(void *m, unsigned vm)
{
	hwmach_switch(m, vm);
}
static int hw_oom(const void *m)
{
	return ((const hwmach *)m)->oom;
}

static feeder sw_feeder(mach *M)
{
	return (feeder){M, sw_feed, sw_expired, sw_renew, sw_next, sw_oom};
}

static feeder hw_feeder(hwmach *H)
{
	return (feeder){H, hw_feed, hw_expired, hw_renew, hw_next, hw_oom};
}

/* One machine running every VM round robin (the monitor's modes, shadow,
 * nested). */
static int run_monitor(replay *r, const feeder *M, const char *const *paths, unsigned nvms,
                       progress *pg, char *err, size_t errlen)
{
	vmsrc *s = srcs_open(r, paths, nvms, pg, err, errlen);
	if (!s)
		return -1;
	unsigned cur = 0;
	int rc = 0;
	for (;;) {
		int f = src_fill(&s[cur], pg, err, errlen);
		if (f < 0) {
			rc = -1;
			break;
		}
		if (f > 0) {
			s[cur].pos += M->feed(M->m, s[cur].buf + s[cur].pos, s[cur].len - s[cur].pos);
			if (M->oom(M->m)) {
				oom_err(paths[cur], trace_reader_position(s[cur].rd), err, errlen);
				rc = -1;
				break;
			}
			if (stopped(r, paths[cur], trace_reader_position(s[cur].rd), err, errlen)) {
				rc = REPLAY_STOPPED;
				break;
			}
			if (!M->expired(M->m))
				continue;
		}
		/* quantum over, or VM cur's trace ended: the next VM with records */
		unsigned next = cur;
		for (unsigned k = 1; k < nvms; k++) {
			unsigned v = (cur + k) % nvms;
			if (!s[v].done || s[v].pos < s[v].len) {
				next = v;
				break;
			}
		}
		if (next == cur) {
			if (f == 0)
				break; /* every trace ended */
			M->renew(M->m); /* the only VM left runs on */
			continue;
		}
		cur = next;
		M->next(M->m, cur);
	}
	srcs_close(s, nvms);
	return rc;
}

/* One VM alone on machine M (its source set by replay_set_source). */
static int run_alone(replay *r, const feeder *M, const char *path, progress *pg, char *err,
                     size_t errlen)
{
	trace_reader *rd;
	uint64_t t;
	unsigned bits;
	int os, rc = 0;
	if (open_src(&rd, path, &t, &bits, &os, err, errlen))
		return -1;
	trace_rec *buf = malloc(BATCH * sizeof *buf);
	long n = buf ? 0 : -1;
	uint64_t before = 0;
	while (buf && (n = read_batch(rd, buf, r->o.runs)) > 0) {
		M->feed(M->m, buf, (size_t)n); /* (one VM: all of them) */
		pg->done += trace_reader_position(rd) - before;
		before = trace_reader_position(rd);
		progress_show(pg, 0);
		if (M->oom(M->m)) {
			oom_err(path, before, err, errlen);
			rc = -1;
			break;
		}
		if (stopped(r, path, before, err, errlen)) {
			rc = REPLAY_STOPPED;
			break;
		}
	}
	if (n < 0)
		rc = buf ? read_err(rd, err, errlen) : (snprintf(err, errlen, "out of memory"), -1);
	free(buf);
	trace_reader_close(rd);
	return rc;
}

int replay_run_files(replay *r, const char *const *paths, unsigned nvms,
                     replay_progress_fn *progress_fn, void *opaque, char *err, size_t errlen)
{
	progress pg = {.fn = progress_fn, .opaque = opaque};
	if (nvms != r->nvms) {
		snprintf(err, errlen, "replay: %u traces for %u VMs", nvms, r->nvms);
		return -1;
	}
	for (unsigned v = 0; v < nvms && v < REPLAY_MAX_LABELS; v++)
		if (!r->label[v])
			replay_set_label(r, v, paths[v]);
	int rc = 0;
	if (nvms == 1) {
		rc = run_one(r, paths[0], &pg, err, errlen);
	} else {
		/* totals for the progress line: every pass reads every trace */
		uint64_t all = 0;
		unsigned passes = (r->nat ? 1 : 0) + r->nms + (r->hwnat ? 1 : 0) + r->nhwm;
		for (unsigned v = 0; v < nvms; v++) {
			trace_reader *rd;
			uint64_t t;
			unsigned bits;
			int os;
			if (open_src(&rd, paths[v], &t, &bits, &os, err, errlen))
				return -1;
			trace_reader_close(rd);
			replay_set_source(r, v, bits, os); /* (for the passes alone) */
			all += t;
		}
		pg.total = all * passes;
		for (unsigned v = 0; v < r->nnat && !rc; v++) {
			feeder f = sw_feeder(&r->nat[v]);
			rc = run_alone(r, &f, paths[v], &pg, err, errlen);
		}
		for (unsigned v = 0; v < r->nhwnat && !rc; v++) {
			feeder f = hw_feeder(&r->hwnat[v]);
			rc = run_alone(r, &f, paths[v], &pg, err, errlen);
		}
		for (unsigned j = 0; j < r->nms && !rc; j++) {
			feeder f = sw_feeder(r->ms[j]);
			rc = run_monitor(r, &f, paths, nvms, &pg, err, errlen);
		}
		for (unsigned j = 0; j < r->nhwm && !rc; j++) {
			feeder f = hw_feeder(r->hwm[j]);
			rc = run_monitor(r, &f, paths, nvms, &pg, err, errlen);
		}
	}
	progress_show(&pg, 1);
	/* (out of memory also sets the replay's status: no result after it) */
	if (replay_check(r) && !rc) {
		snprintf(err, errlen, "%s", replay_error(r));
		rc = -1;
	}
	return rc;
}
