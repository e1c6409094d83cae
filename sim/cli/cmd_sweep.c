/*
 * cmd_sweep.c - vmmsim sweep: every software-TLB configuration (and every
 * hardware TLB size) of a list from one pass over each trace, and the sizing
 * recommendation.
 *
 * Per trace and hardware TLB size, one replay runs native and virt; the
 * software-TLB configurations ride on its virt machine as shadows
 * (sweep/shadow.h): fully associative LRU ones all at once by stack
 * distances (sweep/stackdist.h), set-associative ones each with its own
 * software TLB, all in the same pass, each equal to its own --mode swtlb
 * replay.  Traces are swept independently (each alone on its machine), so
 * a sweep of many traces can be split per trace and merged (cmd_merge.c).
 *
 * With --mode every, the same replay also runs hw, shadow, nested and pv,
 * the hardware-walked TLB given each hardware TLB size as well
 * (--hw-tlb-entries T): one row of each per TLB size.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/interrupt.h"
#include "cli/opts.h"
#include "machine/ledger.h"
#include "machine/sysmach.h"
#include "replay/replay.h"
#include "sweep/list.h"
#include "sweep/shadow.h"
#include "sweep/table.h"
#include "trace/prefetch.h"
#include "trace/trace.h"
#include "util/util.h"

#define MAX_SWTLB (1u << 26) /* as --swtlb-entries of replay */
#define MAX_TLB 4096
#define MAX_CONFIGS 20000 /* per trace: capacities x associativities x TLB sizes */

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: vmmsim sweep --trace FILE [--trace FILE...] --swtlb-entries LIST\n"
	        "                    [--swtlb-assoc LIST] [--tlb-entries LIST] [replay options]\n"
	        "                    [--within PCT] [--csv FILE] [--json FILE] [-q]\n"
	        "Replays each trace once and reports native, virt and swtlb for every\n"
	        "configuration: software-TLB capacities x associativities x hardware TLB\n"
	        "sizes.  Each swtlb row equals 'vmmsim --trace FILE --mode swtlb\n"
	        "--swtlb-entries N --swtlb-assoc A --tlb-entries T' exactly.\n"
	        "  --trace FILE          a trace; several are swept independently\n"
	        "  --swtlb-entries LIST  software-TLB capacities (entries); the unbounded\n"
	        "                        one (inf) is always added\n"
	        "  --swtlb-assoc LIST    ways per set, LRU within a set; inf (or 0): fully\n"
	        "                        associative (default: inf)\n"
	        "  --tlb-entries LIST    hardware TLB sizes (default: the model's)\n"
	        "  --mode every          also a row of hw, shadow, nested and pv per TLB size,\n"
	        "                        each equal to 'vmmsim --trace FILE --mode M\n"
	        "                        --tlb-entries T --hw-tlb-entries T' (default: all,\n"
	        "                        native, virt and swtlb only)\n"
	        "  --within PCT          recommendation: the smallest capacity whose slowdown\n"
	        "                        is within PCT%% of the unbounded one (default 1)\n"
	        "  --csv FILE, --json FILE  results (- for stdout, which then omits the table)\n"
	        "  -q                    no table on stdout\n"
	        "LIST: comma list (16,32,64), range with a factor (16..8192x2 = 16, 32, ...,\n"
	        "8192), inf (unbounded); combined freely (8,16..64x4,inf).\n"
	        "Replay options (as for replay; --interval and --quantum do not apply,\n"
	        "and the lists above replace --tlb-entries, --swtlb-entries and --swtlb-assoc):\n%s",
	        cli_opts_help());
}

typedef struct job {
	uint64_t tlb;        /* hardware TLB entries of this replay */
	replay *r;
} job;

static int lists_check(const sweep_list *caps, const sweep_list *assoc, char *err, size_t errlen)
{
	for (size_t a = 0; a < assoc->n; a++) {
		uint64_t A = assoc->v[a];
		if (A == SWEEP_LIST_INF)
			continue;
		for (size_t c = 0; c < caps->n; c++) {
			uint64_t C = caps->v[c];
			if (C != SWEEP_LIST_INF && A < C && C % A) {
				snprintf(err, errlen, "--swtlb-assoc %" PRIu64 " does not divide --swtlb-entries %" PRIu64
				         " (a capacity must be a whole number of sets)", A, C);
				return -1;
			}
		}
	}
	return 0;
}

/* The configurations: fully associative for every capacity (and inf), then
 * each finite associativity below a capacity. */
static size_t make_cfgs(const sweep_list *caps, const sweep_list *assoc, shadow_cfg *cfg)
{
	size_t n = 0;
	for (size_t c = 0; c < caps->n; c++)
		if (caps->v[c] != SWEEP_LIST_INF)
			cfg[n++] = (shadow_cfg){(uint32_t)caps->v[c], 0};
	cfg[n++] = (shadow_cfg){SHADOW_INF, 0};
	for (size_t a = 0; a < assoc->n; a++) {
		uint64_t A = assoc->v[a];
		if (A == SWEEP_LIST_INF)
			continue;
		for (size_t c = 0; c < caps->n; c++) {
			uint64_t C = caps->v[c];
			if (C != SWEEP_LIST_INF && A < C)
				cfg[n++] = (shadow_cfg){(uint32_t)C, (uint32_t)A};
		}
	}
	return n;
}

/* The hops of a sweep's rows: those native, virt or swtlb can charge
 * (hops.def), in ledger order; with every, those of any mode. */
static unsigned sweep_hops(int every, unsigned *ids, const char **names)
{
	unsigned n = 0;
	for (unsigned h = 0; h < HOP_N; h++) {
		const hop_info *hi = ledger_hop_info(h);
		int in = 0;
		for (unsigned m = 0; m < (every ? (unsigned)REPLAY_NMODES : REPLAY_SWTLB + 1u); m++)
			in |= ledger_hop_in_mode(hi, m);
		if (in) {
			if (ids)
				ids[n] = h;
			if (names)
				names[n] = hi->name;
			n++;
		}
	}
	return n;
}

/* A row of res; its hop figures are copied to cnt and cyc (HOP_N each). */
static void row_of(sweep_row *row, const replay_result *res, int every, unsigned trace, unsigned mode,
                   uint64_t tlb, uint64_t entries, uint64_t assoc, uint64_t *cnt, uint64_t *cyc)
{
	unsigned ids[HOP_N], n = sweep_hops(every, ids, NULL);
	for (unsigned i = 0; i < n; i++) {
		cnt[i] = res->hops.count[ids[i]];
		cyc[i] = res->hops.cycles[ids[i]];
	}
	*row = (sweep_row){
		.trace = trace, .mode = mode, .tlb_entries = tlb, .swtlb_entries = entries,
		.swtlb_assoc = assoc, .instructions = res->instructions, .references = res->references,
		.base_cycles = res->base_cycles, .cycles = res->cycles, .tlb_misses = res->tlb_misses,
		.page_faults = res->page_faults, .swtlb_hits = res->swtlb_hits,
		.swtlb_misses = res->swtlb_misses, .walks = res->walks, .walk_refs = res->walk_refs,
		.hop_count = cnt, .hop_cycles = cyc,
	};
}

/* Sweeps one trace: every job fed the same batches.  Returns 0, -1 with
 * err, or REPLAY_STOPPED when *stop was set (SIGINT, SIGTERM). */
static int sweep_trace(const char *path, unsigned ti, const replay_opts *base, int every,
                       const sweep_list *tlbs, const shadow_cfg *cfg, size_t ncfg, int progress, sweep_table *t,
                       volatile sig_atomic_t *stop, char *err, size_t errlen)
{
	size_t njobs = tlbs->n ? tlbs->n : 1;
	job *jobs = calloc(njobs, sizeof *jobs);
	prefetch *pf = NULL;
	int rc = -1;
	if (!jobs) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (size_t j = 0; j < njobs; j++) {
		replay_opts o = *base;
		unsigned modes = REPLAY_MODE_BIT(REPLAY_NATIVE) | REPLAY_MODE_BIT(REPLAY_VIRT);
		if (tlbs->n)
			o.tlb_entries = (int64_t)tlbs->v[j];
		if (every) { /* cmd_sweep gives every a TLB list */
			o.hw_tlb_entries = o.tlb_entries;
			modes |= REPLAY_HWMODES | REPLAY_MODE_BIT(REPLAY_PV);
		}
		if (replay_new(&jobs[j].r, &o, modes, 1, err, errlen))
			goto out;
		jobs[j].tlb = replay_get_model(jobs[j].r)->tlb_entries;
		if (shadow_attach(jobs[j].r, cfg, ncfg, err, errlen))
			goto out;
	}
	if (prefetch_open(&pf, path, base->runs, err, errlen))
		goto out;
	/* as replay_run_files: address width from the header, a traced OS if
	 * the trailer counts mode records */
	const trace_header *h = prefetch_header(pf);
	trace_counts counts;
	uint64_t total = 0;
	if (prefetch_counts(pf, &counts))
		total = counts.records;
	/* whether the stream carries the OS's code is left to its records, as
	 * in a replay (replay/replay_files.c): not taken from the trailer */
	for (size_t j = 0; j < njobs; j++)
		replay_set_source(jobs[j].r, 0, h->word_bits == 64 ? 64 : 32, 0);
	long n;
	uint64_t done = 0;
	double t0 = util_now(), last = 0;
	const trace_rec *buf;
	while ((n = prefetch_next(pf, &buf, err, errlen)) > 0) {
		if (done == 0 && sysmach_is_recording(h, &buf[0])) {
			snprintf(err, errlen, "%s: a full-system recording (vmmsim boot --record): sweep replays "
			         "traces of references; replay the recording with --tlb-entries instead", path);
			n = -1;
			break;
		}
		for (size_t j = 0; j < njobs && n > 0; j++)
			if (replay_feed(jobs[j].r, buf, (size_t)n) != REPLAY_OK) {
				snprintf(err, errlen, "%s: %s", path, replay_error(jobs[j].r));
				n = -1;
			}
		if (n < 0)
			break;
		done = prefetch_position(pf);
		if (*stop) {
			snprintf(err, errlen, "%s: stopped after record %" PRIu64, path, done);
			rc = REPLAY_STOPPED;
			goto out;
		}
		if (progress) {
			double now = util_now();
			if (now - t0 > 1 && now - last > 0.25) {
				last = now;
				double rate = (double)done / (now - t0);
				if (total)
					fprintf(stderr, "\r\033[Ksweep: %s: %" PRIu64 " of %" PRIu64 " records (%.0f%%), %.0f s left",
					        path, done, total, 100.0 * (double)done / (double)total,
					        rate > 0 ? (double)(total - (done < total ? done : total)) / rate : 0);
				else
					fprintf(stderr, "\r\033[Ksweep: %s: %" PRIu64 " records", path, done);
			}
		}
	}
	if (progress && last > 0)
		fputs("\r\033[K", stderr);
	if (n < 0)
		goto out;
	for (size_t j = 0; j < njobs; j++) {
		replay *r = jobs[j].r;
		replay_finish(r);
		int k = snprintf(err, errlen, "%s: by the end: ", path);
		if (k > 0 && (size_t)k < errlen && replay_check_cycles(r, err + k, errlen - (size_t)k))
			goto out;
		replay_result res;
		sweep_row row;
		uint64_t cnt[HOP_N], cyc[HOP_N];
		for (unsigned md = REPLAY_NATIVE; md <= REPLAY_VIRT; md++) {
			if (replay_get_result(r, md, 0, &res)) {
				snprintf(err, errlen, "%s: no %s result", path, replay_mode_name(md));
				goto out;
			}
			row_of(&row, &res, every, ti, md == REPLAY_NATIVE ? SWEEP_NATIVE : SWEEP_VIRT, jobs[j].tlb,
			       0, 0, cnt, cyc);
			if (!sweep_table_add(t, &row))
				goto oom;
		}
		for (size_t c = 0; c < ncfg; c++) {
			if (shadow_result(r, c, &res)) {
				snprintf(err, errlen, "%s: out of memory for the software-TLB configurations", path);
				goto out;
			}
			if (!model_cycles_fit(replay_get_model(r), &res.hops, res.base_cycles)) {
				snprintf(err, errlen, "%s: by the end: the cycles of a software-TLB configuration reach "
				         "2^63: the costs of model %s are too large to count them exactly",
				         path, replay_get_model(r)->name);
				goto out;
			}
			row_of(&row, &res, every, ti, SWEEP_SWTLB, jobs[j].tlb,
			       cfg[c].entries == SHADOW_INF ? SWEEP_INF : cfg[c].entries,
			       cfg[c].assoc ? cfg[c].assoc : SWEEP_FULL, cnt, cyc);
			if (!sweep_table_add(t, &row))
				goto oom;
		}
		for (unsigned md = REPLAY_HW; every && md <= REPLAY_PV; md++) {
			if (replay_get_result(r, md, 0, &res)) {
				snprintf(err, errlen, "%s: no %s result", path, replay_mode_name(md));
				goto out;
			}
			/* enum sweep_mode has the replay modes' numbers */
			row_of(&row, &res, every, ti, md, jobs[j].tlb, 0, 0, cnt, cyc);
			if (!sweep_table_add(t, &row))
				goto oom;
		}
	}
	rc = 0;
	goto out;
oom:
	snprintf(err, errlen, "out of memory");
out:
	prefetch_close(pf);
	if (jobs)
		for (size_t j = 0; j < njobs; j++)
			if (jobs[j].r) {
				shadow_detach(jobs[j].r);
				replay_free(jobs[j].r);
			}
	free(jobs);
	return rc;
}

/* Writes the CSV or JSON to an output not yet committed: *out, or NULL
 * with the message printed. */
static int write_out(const char *path, const sweep_table *t, int json, util_out **out)
{
	util_out *o = util_out_open(path);
	*out = NULL;
	if (!o) {
		util_error("sweep: cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	if (json) {
		json_t *j = sweep_json(t);
		int bad = !j || json_dumpf(j, o->f, JSON_INDENT(2) | JSON_SORT_KEYS) != 0;
		json_decref(j);
		fputc('\n', o->f);
		if (bad) {
			util_error("sweep: %s: cannot write JSON", path);
			util_out_abort(o);
			return -1;
		}
	} else {
		sweep_write_csv(t, o->f);
	}
	if (fflush(o->f) || ferror(o->f)) {
		util_error("sweep: %s: cannot write: %s", path, strerror(errno));
		util_out_abort(o);
		return -1;
	}
	*out = o;
	return 0;
}

static int sweep_main(int argc, char **argv, volatile sig_atomic_t *stop)
{
	replay_opts o;
	replay_opts_init(&o);
	const char **traces = calloc((size_t)argc + 1, sizeof *traces);
	size_t ntr = 0;
	const char *caps_s = NULL, *assoc_s = "inf", *tlb_s = NULL, *csv = NULL, *json = NULL;
	double within = 1.0;
	int quiet = 0, every = 0, rc = 2;
	char err[1024];
	sweep_list caps = {0}, assoc = {0}, tlbs = {0};
	shadow_cfg *cfg = NULL;
	sweep_table t;
	const char *hop_names[HOP_N];
	sweep_table_init(&t, sweep_hops(0, NULL, hop_names), hop_names, within);
	if (!traces)
		return 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **val = NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			rc = 0;
			goto out;
		}
		if (!strcmp(a, "--trace"))
			val = &traces[ntr];
		else if (!strcmp(a, "--swtlb-entries"))
			val = &caps_s;
		else if (!strcmp(a, "--swtlb-assoc"))
			val = &assoc_s;
		else if (!strcmp(a, "--tlb-entries"))
			val = &tlb_s;
		else if (!strcmp(a, "--csv"))
			val = &csv;
		else if (!strcmp(a, "--json"))
			val = &json;
		if (val) {
			if (i + 1 >= argc) {
				util_error("sweep: %s needs a value", a);
				goto out;
			}
			*val = argv[++i];
			if (val == &traces[ntr])
				ntr++;
			continue;
		}
		if (!strcmp(a, "--within")) {
			char *end;
			if (i + 1 >= argc || (within = strtod(argv[i + 1], &end), *end) || !argv[i + 1][0] ||
			    !(within >= 0 && within <= 100)) {
				util_error("sweep: --within needs a percentage from 0 to 100 (e.g. 1 or 0.5)");
				goto out;
			}
			i++;
			continue;
		}
		if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			quiet = 1;
			continue;
		}
		if (!strcmp(a, "--mode")) {
			if (i + 1 >= argc || (strcmp(argv[i + 1], "every") && strcmp(argv[i + 1], "all"))) {
				util_error("sweep: --mode needs all (native, virt, swtlb; the default) or every (and hw, shadow, nested, pv)");
				goto out;
			}
			every = !strcmp(argv[++i], "every");
			continue;
		}
		if (!strcmp(a, "--interval") || !strcmp(a, "--quantum")) {
			util_error("sweep: %s does not apply to a sweep (it runs native, virt and every swtlb configuration of each trace alone)", a);
			goto out;
		}
		int used = cli_opts_parse(&o, argc - i, argv + i, err, sizeof err);
		if (used < 0) {
			util_error("sweep: %s", err);
			goto out;
		}
		if (used == 0) {
			util_error("sweep: unknown option '%s' (try 'vmmsim sweep --help')", a);
			goto out;
		}
		i += used - 1;
	}
	if (!ntr) {
		util_error("sweep: --trace FILE is required");
		goto out;
	}
	if (csv && json && !strcmp(csv, "-") && !strcmp(json, "-")) {
		util_error("sweep: --csv - and --json - cannot both write standard output");
		goto out;
	}
	if (!caps_s) {
		util_error("sweep: --swtlb-entries LIST is required (e.g. 16..8192x2)");
		goto out;
	}
	for (size_t i = 0; i < ntr; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(traces[i], traces[j])) {
				util_error("sweep: trace %s given twice", traces[i]);
				goto out;
			}
	/* no output may replace an input (traces[] has room for one more) */
	traces[ntr] = o.model_path;
	if (util_out_check(csv, traces, ntr + 1) || util_out_check(json, traces, ntr + 1))
		goto out;
	if (util_out_same(csv, json)) {
		util_error("sweep: %s: given to both --csv and --json", csv);
		goto out;
	}
	traces[ntr] = NULL;
	if (sweep_list_parse(caps_s, 1, MAX_SWTLB, 1, &caps, err, sizeof err)) {
		util_error("sweep: --swtlb-entries: %s", err);
		goto out;
	}
	if (sweep_list_parse(assoc_s, 0, MAX_SWTLB, 1, &assoc, err, sizeof err)) {
		util_error("sweep: --swtlb-assoc: %s", err);
		goto out;
	}
	if (assoc.n && assoc.v[0] == 0) { /* 0 = fully associative, as for replay */
		memmove(assoc.v, assoc.v + 1, (assoc.n - 1) * sizeof *assoc.v);
		if (assoc.n < 2 || assoc.v[assoc.n - 2] != SWEEP_LIST_INF)
			assoc.v[assoc.n - 1] = SWEEP_LIST_INF;
		else
			assoc.n--;
	}
	if (tlb_s && sweep_list_parse(tlb_s, 1, MAX_TLB, 0, &tlbs, err, sizeof err)) {
		util_error("sweep: --tlb-entries: %s", err);
		goto out;
	}
	if ((caps.n + 1) * assoc.n * (tlbs.n ? tlbs.n : 1) > MAX_CONFIGS) {
		util_error("sweep: %zu capacities x %zu associativities x %zu TLB sizes is more than %d configurations",
		           caps.n, assoc.n, tlbs.n ? tlbs.n : 1, MAX_CONFIGS);
		goto out;
	}
	if (lists_check(&caps, &assoc, err, sizeof err)) {
		util_error("sweep: %s", err);
		goto out;
	}
	/* the model and options must make a valid replay before any work */
	{
		model m;
		if (replay_opts_model(&o, &m, err, sizeof err)) {
			util_error("sweep: %s", err);
			goto out;
		}
		/* and with each listed TLB size (wired entries must leave some) */
		for (size_t i = 0; i < tlbs.n; i++) {
			replay_opts oi = o;
			model mi;
			oi.tlb_entries = (int64_t)tlbs.v[i];
			if (replay_opts_model(&oi, &mi, err, sizeof err)) {
				util_error("sweep: --tlb-entries %llu: %s", (unsigned long long)tlbs.v[i], err);
				goto out;
			}
		}
		/* every: the hardware-walked TLB takes each listed size, the
		 * model's tlb_entries if none is listed */
		if (every && !tlbs.n) {
			if (!(tlbs.v = malloc(sizeof *tlbs.v)))
				goto out;
			tlbs.v[tlbs.n++] = m.tlb_entries;
		}
	}
	sweep_table_init(&t, sweep_hops(every, NULL, hop_names), hop_names, within);
	t.every = every;
	cfg = calloc(caps.n * (assoc.n + 1) + 1, sizeof *cfg);
	if (!cfg)
		goto out;
	size_t ncfg = make_cfgs(&caps, &assoc, cfg);
	t.within_pct = within;
	rc = 1;
	for (size_t i = 0; i < ntr; i++) {
		int ti = sweep_table_trace(&t, traces[i]);
		if (ti < 0) {
			util_error("sweep: out of memory");
			goto out;
		}
		int swept = sweep_trace(traces[i], (unsigned)ti, &o, every, &tlbs, cfg, ncfg,
		                        util_stderr_tty() && !quiet, &t, stop, err, sizeof err);
		if (swept == REPLAY_STOPPED) {
			util_error("sweep: %s by %s: no --csv or --json written", err, cli_interrupt_name(*stop));
			rc = 128 + *stop;
			goto out;
		}
		if (swept) {
			util_error("sweep: %s", err);
			goto out;
		}
	}
	if (sweep_table_finish(&t)) {
		util_error("sweep: out of memory");
		goto out;
	}
	int to_stdout = (csv && !strcmp(csv, "-")) || (json && !strcmp(json, "-"));
	/* both outputs or neither: each written in full before either is committed */
	util_out *co = NULL, *jo = NULL;
	if (csv && write_out(csv, &t, 0, &co))
		goto out;
	if (json && write_out(json, &t, 1, &jo)) {
		if (co)
			util_out_abort(co);
		goto out;
	}
	if (co && util_out_commit(co)) {
		if (jo)
			util_out_abort(jo);
		goto out;
	}
	if (jo && util_out_commit(jo))
		goto out;
	if (!quiet && !to_stdout)
		sweep_write_text(&t, stdout);
	if (util_flush_stdout())
		goto out;
	rc = 0;
out:
	sweep_list_free(&caps);
	sweep_list_free(&assoc);
	sweep_list_free(&tlbs);
	sweep_table_free(&t);
	free(cfg);
	free(traces);
	return rc;
}

int cmd_sweep(int argc, char **argv)
{
	cli_interrupt ci;
	volatile sig_atomic_t *stop = cli_interrupt_catch(&ci);
	int rc = sweep_main(argc, argv, stop);
	cli_interrupt_restore(&ci);
	return rc;
}
