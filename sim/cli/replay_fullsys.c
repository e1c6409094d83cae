/*
 * replay_fullsys.c - replaying a full-system recording (see
 * replay_fullsys.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/boot_csv.h"
#include "cli/boot_report.h"
#include "cli/progress.h"
#include "cli/replay_fullsys.h"
#include "cli/report.h"
#include "machine/sysmach.h"
#include "trace/prefetch.h"
#include "util/util.h"

/* The first replay option given that a full-system replay has no use for
 * (the recording fixes the page size, pairs, Wired and the rest; it has
 * no monitor and no page-table walker), or NULL. */
static const char *unused_option(const replay_opts *o)
{
	if (o->tlb_wired >= 0)
		return "--tlb-wired (the recording's Wired register is used)";
	if (o->pairs >= 0)
		return "--pairs/--no-pairs (the 24Kf's entries map page pairs)";
	if (o->page_size)
		return "--page-size (the recording's pages are 4 KB)";
	if (o->swtlb_entries >= 0 || o->swtlb_assoc >= 0 || o->quantum || o->kseg_mapped >= 0 || o->tlb_mod >= 0)
		return "the monitor's options (--swtlb-*, --quantum, --kseg-mapped, --tlb-mod: run the monitor "
		       "live, vmmsim boot --mode virt|swtlb)";
	if (o->pt_levels >= 0 || o->pwc_entries >= 0 || o->nested_tlb_entries >= 0 || o->hw_tlb_entries >= 0 ||
	    o->hw_tlb_assoc >= 0 || o->pv_batch >= 0 || !o->shared_tlb)
		return "the options of the hw, shadow, nested and pv modes";
	return NULL;
}

/* the machine's counters in the CPU's shape, for the boot report */
static void as_cpu_stats(const sysmach_stats *s, struct cpu_sys_stats *st)
{
	memset(st, 0, sizeof *st);
	st->user_insns = s->user_insns;
	st->kernel_insns = s->kernel_insns;
	memcpy(st->exc, s->exc, sizeof st->exc);
	memcpy(st->irq, s->irq, sizeof st->irq);
	st->tlb_refills = s->tlb_refills;
	st->tlbwr = s->tlbwr;
	st->tlbwi = s->tlbwi;
	st->tlbp = s->tlbp;
	st->tlbr = s->tlbr;
	st->eret = s->eret;
	for (unsigned x = 0; x < CPU_CTX_N; x++) {
		st->ctx_insns[x] = s->k.ctx_insns[x];
		st->ctx_entries[x] = s->k.ctx_entries[x];
	}
}

static int listed(unsigned h, const void *ctx)
{
	(void)ctx;
	return sysacct_hop_charged(h);
}

/* The report of the counters s: the object of modes.native. */
static json_t *native_json(const model *m, const sysmach_stats *s)
{
	struct cpu_sys_stats st;
	as_cpu_stats(s, &st);
	ledger l;
	uint64_t base;
	sysacct_ledger(&s->k, m, &l, &base);
	uint64_t insns = s->user_insns + s->kernel_insns;
	json_t *o = boot_report_counts_json(&st, insns, insns + s->k.ctx_insns[SYSACCT_IDLE]);
	boot_report_ledger_json(o, &l, base, listed, NULL);
	json_t *r = json_object();
	json_object_set_new(r, "recorded_tlb_entries", json_integer(s->recorded_tlb));
	json_object_set_new(r, "tlb_entries", json_integer(s->tlb_entries));
	json_object_set_new(r, "exact", json_boolean(s->exact));
	json_object_set_new(r, "refills_cut", json_integer((json_int_t)s->refills_cut));
	json_object_set_new(r, "refills_added", json_integer((json_int_t)s->refills_added));
	json_object_set_new(r, "recorded_refills", json_integer((json_int_t)s->refill_runs));
	json_object_set_new(r, "recorded_refill_instructions", json_integer((json_int_t)s->refill_run_insns));
	json_object_set_new(r, "unknown_references", json_integer((json_int_t)s->unknown_refs));
	json_object_set_new(o, "replay", r);
	return o;
}

/* The whole report: s's, with the samples at the recording's marks (as a
 * live boot's, modes.native.marks). */
static json_t *fullsys_json(const fullsys_args *a, const model *m, const sysmach_stats *s,
                           json_t *marks)
{
	json_t *root = json_object();
	json_object_set_new(root, "trace", json_string(a->path));
	json_object_set_new(root, "model", json_string(m->name));
	json_t *o = native_json(m, s);
	if (json_array_size(marks))
		json_object_set(o, "marks", marks);
	json_t *modes = json_object();
	json_object_set_new(modes, "native", o);
	json_object_set_new(root, "modes", modes);
	return root;
}

/* A mark of the recording (TK_MARK): the report as it stands, in marks;
 * its name ("begin X", "end X") set at the end, when the decoder has
 * stopped (prefetch_name), from its record's sub and name index kept in
 * keys.  0, or -1 out of memory. */
static int mark_sample(json_t *marks, uint64_t **keys, size_t *nkeys, const model *m,
                       const sysmach *s, const trace_rec *r)
{
	if ((*nkeys & (*nkeys - 1)) == 0) { /* 0, 1, 2, 4, ...: grow */
		uint64_t *k = realloc(*keys, (*nkeys ? 2 * *nkeys : 1) * sizeof *k);
		if (!k)
			return -1;
		*keys = k;
	}
	sysmach_stats st;
	sysmach_sample(s, m, &st);
	json_t *o = native_json(m, &st);
	if (!o || json_array_append_new(marks, o) != 0)
		return -1;
	(*keys)[(*nkeys)++] = (uint64_t)r->sub << 32 | r->arg;
	return 0;
}

static void fullsys_text(FILE *f, const fullsys_args *a, const model *m, const sysmach_stats *s,
                        const struct cpu_sys_stats *st, const ledger *l, uint64_t base)
{
	uint64_t insns = s->user_insns + s->kernel_insns;
	fprintf(f, "vmmsim replay: %s, a full-system recording (TLB %u entries), mode native, TLB %u entries%s\n",
	        a->path, s->recorded_tlb, s->tlb_entries, s->exact ? " as recorded (exact)" : "");
	boot_report_counts_text(f, st, insns, insns + s->k.ctx_insns[SYSACCT_IDLE]);
	if (!s->exact) {
		fprintf(f, "  %-22s %15llu (of %llu recorded, %.1f instructions each)\n", "refills cut",
		        (unsigned long long)s->refills_cut, (unsigned long long)s->refill_runs,
		        s->refill_runs ? (double)s->refill_run_insns / (double)s->refill_runs : 0.0);
		fprintf(f, "  %-22s %15llu\n", "refills added", (unsigned long long)s->refills_added);
	}
	if (s->unknown_refs)
		fprintf(f, "  %-22s %15llu\n", "unmapped references", (unsigned long long)s->unknown_refs);
	boot_report_ledger_text(f, "native", m, l, base, listed, NULL);
}

/* The records the first k of buf stand for (a run counts its fetches). */
static uint64_t records_in(const trace_rec *buf, size_t k)
{
	uint64_t n = 0;
	for (size_t i = 0; i < k; i++)
		n += buf[i].kind == TK_FETCH ? 1u + buf[i].x : 1u;
	return n;
}

int replay_fullsys(const fullsys_args *a)
{
	if (!strcmp(a->path, "-"))
		return -2;
	char err[1024];
	/* a recording? (its first record says so; any other trace, or one the
	 * reader cannot open, is the engine's, which reports its errors) */
	trace_reader *rd;
	if (trace_reader_open(&rd, a->path, err, sizeof err) != TRACE_OK)
		return -2;
	trace_rec first;
	int rec = trace_read(rd, &first, 1) == 1 &&
	          sysmach_is_recording(trace_reader_header(rd), &first);
	trace_reader_close(rd);
	if (!rec)
		return -2;
	/* decoded in a thread of its own, a few batches ahead of the machine
	 * (trace/prefetch.h), fetches in runs unless --record-by-record: the
	 * same results */
	prefetch *p;
	if (prefetch_open(&p, a->path, a->o->runs, err, sizeof err) != 0) {
		util_error("%s", err);
		return 1;
	}
	const trace_rec *buf;
	long n = prefetch_next(p, &buf, err, sizeof err);
	uint64_t pos = 0; /* records before buf[0] */
	if (n <= 0) {
		if (n < 0)
			util_error("%s", err);
		else
			util_error("%s: the recording ended before its first record", a->path);
		prefetch_close(p);
		return 1;
	}
	int status = 1;
	sysmach *s = NULL;
	model m;
	json_t *marks = json_array();
	uint64_t *keys = NULL;
	size_t nkeys = 0;
	/* the progress line (stderr a terminal; from the trailer's counts) */
	cli_progress pg;
	cli_progress_init(&pg, "replay", 1);
	trace_counts tc;
	uint64_t total = prefetch_counts(p, &tc) ? tc.records : 0;
	if (!marks) {
		util_error("out of memory");
		goto out;
	}
	if (a->modes && a->modes != REPLAY_MODE_BIT(REPLAY_NATIVE)) {
		util_error("%s: a full-system recording replays in --mode native only (with any TLB: "
		           "--tlb-entries, --tlb-policy); run the monitor's modes live: vmmsim boot --mode virt",
		           a->path);
		status = 2;
		goto out;
	}
	const char *unused = unused_option(a->o);
	if (unused) {
		util_error("%s: a full-system recording replays with --tlb-entries, --tlb-policy, --seed and "
		           "--model only, not %s", a->path, unused);
		status = 2;
		goto out;
	}
	if (replay_opts_model(a->o, &m, err, sizeof err) != 0) {
		util_error("%s", err);
		status = 2;
		goto out;
	}
	if (a->o->tlb_entries == 0 || a->o->tlb_entries > SYSMACH_MAX_TLB) {
		util_error("--tlb-entries: a full-system replay's TLB has 1 to %u entries", SYSMACH_MAX_TLB);
		status = 2;
		goto out;
	}
	sysmach_opts so = { .tlb_entries = a->o->tlb_entries < 0 ? 0 : (unsigned)a->o->tlb_entries,
		            .policy = a->o->tlb_policy < 0 ? SYSMACH_RECORDED : a->o->tlb_policy,
		            .seed = a->o->seed };
	s = sysmach_new(&so, err, sizeof err);
	if (!s) {
		util_error("%s", err);
		goto out;
	}
	for (;;) {
		if (a->stop && *a->stop) {
			util_error("%s: stopped by a signal at record %llu: nothing written", a->path,
			           (unsigned long long)pos);
			status = 128 + *a->stop;
			goto out;
		}
		size_t off = 0, at = 0;
		int rc;
		while ((rc = sysmach_feed(s, buf + off, (size_t)n - off, &at, err, sizeof err)) ==
		       SYSMACH_MARK) {
			if (nkeys == BOOT_MARKS_MAX) {
				pos += records_in(buf, off + at);
				util_error("%s: record %llu: more than %u marks (each a sample of the "
				           "report)", a->path, (unsigned long long)pos, BOOT_MARKS_MAX);
				goto out;
			}
			if (mark_sample(marks, &keys, &nkeys, &m, s, &buf[off + at]) != 0) {
				util_error("out of memory");
				goto out;
			}
			off += at + 1;
		}
		if (rc != 0) {
			pos += records_in(buf, off + at);
			util_error("%s: record %llu: %s", a->path, (unsigned long long)pos, err);
			goto out;
		}
		pos = prefetch_position(p);
		cli_progress_show(&pg, pos, total, 0);
		n = prefetch_next(p, &buf, err, sizeof err);
		if (n == 0)
			break;
		if (n < 0) {
			util_error("%s", err);
			goto out;
		}
	}
	for (size_t i = 0; i < nkeys; i++) {
		const char *nm = prefetch_name(p, (uint32_t)keys[i]);
		json_t *name = boot_report_mark_name(keys[i] >> 32 == TMARK_END ? "end" : "begin", nm ? nm : "?");
		if (!name || json_object_set_new(json_array_get(marks, i), "name", name) != 0) {
			util_error("out of memory");
			goto out;
		}
	}
	sysmach_finish(s, &m);
	const sysmach_stats *st = sysmach_get_stats(s);
	struct cpu_sys_stats cs;
	as_cpu_stats(st, &cs);
	ledger l;
	uint64_t base;
	sysacct_ledger(&st->k, &m, &l, &base);
	json_t *j = fullsys_json(a, &m, st, marks);
	/* all outputs or none: each written in full before any is committed */
	status = 0;
	util_out *jo = NULL, *co = NULL;
	if (a->json && !(jo = util_out_open(a->json))) {
		util_error("%s: cannot create: %s", a->json, strerror(errno));
		status = 1;
	}
	if (!status && a->csv && !(co = util_out_open(a->csv))) {
		util_error("%s: cannot create: %s", a->csv, strerror(errno));
		status = 1;
	}
	if (!status && jo && boot_report_json_to(a->json, jo->f, j) != 0)
		status = 1;
	const char *slash = strrchr(a->path, '/');
	if (!status && co && boot_csv_to(json_object_get(j, "modes"), slash ? slash + 1 : a->path, a->csv, co->f) != 0)
		status = 1;
	if (jo && (status ? (util_out_abort(jo), 0) : util_out_commit(jo) != 0))
		status = 1;
	if (co && (status ? (util_out_abort(co), 0) : util_out_commit(co) != 0))
		status = 1;
	json_decref(j);
	int to_stdout = (a->json && !strcmp(a->json, "-")) || (a->csv && !strcmp(a->csv, "-"));
	if (!status && !a->quiet && !to_stdout)
		fullsys_text(stdout, a, &m, st, &cs, &l, base);
	if (util_flush_stdout())
		status = 1;
out:
	cli_progress_show(&pg, 0, 0, 1);
	json_decref(marks);
	free(keys);
	sysmach_free(s);
	prefetch_close(p);
	return status;
}
