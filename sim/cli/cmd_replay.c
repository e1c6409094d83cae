/*
 * cmd_replay.c - vmmsim --trace FILE [--trace FILE...] --mode MODE [options]
 * (also vmmsim replay ...): replays traces on the machine models and
 * prints the per-hop ledger.
 */
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/interrupt.h"
#include "cli/opts.h"
#include "cli/progress.h"
#include "cli/replay_fullsys.h"
#include "cli/report.h"
#include "replay/replay.h"
#include "util/util.h"

#define MAX_TRACES 64

static void usage(FILE *f)
{
	fputs("usage: vmmsim --trace FILE [--trace FILE...] --mode MODE [options]\n"
	      "       vmmsim replay --trace FILE ... (the same)\n"
	      "Replays a trace on a simulated MIPS machine with a software-managed TLB,\n"
	      "natively (native), beneath a Disco-style monitor (virt) and beneath a monitor\n"
	      "with a software TLB (swtlb), with a para-virtualized guest (pv), and on a\n"
	      "machine whose hardware walks a radix page table: natively (hw), with shadow\n"
	      "page tables (shadow), with nested paging (nested); every cycle to a named hop.\n"
	      "  --trace FILE         a vmmsim trace; several: each its own VM, scheduled round\n"
	      "                       robin by --quantum under the monitor, alone natively\n"
	      "  --mode M             native, virt, swtlb, pv, hw, shadow, nested, a comma list,\n"
	      "                       all (native,virt,swtlb: the default) or every (all seven)\n"
	      "  --json FILE          results as JSON ('-': standard output)\n"
	      "  --csv FILE           results as CSV, one row per mode and hop ('-': stdout)\n"
	      "  --interval N         every N instructions a per-window row ...\n"
	      "  --interval-csv FILE  ... written to this CSV (timeline plots)\n"
	      "  -q                   no table on standard output (nor with --json - or --csv -)\n"
	      "Model and TLB options:\n",
	      f);
	fputs(cli_opts_help(), f);
}

/* Writes JSON (kind 0) or CSV to an output not yet committed: *out, or
 * NULL with the message printed. */
static int write_out(const char *path, replay *r, int kind, util_out **out)
{
	util_out *o = util_out_open(path);
	*out = NULL;
	if (!o) {
		util_error("%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	int rc = 0;
	if (kind == 0)
		rc = report_write_json(r, o->f);
	else
		report_write_csv(r, o->f);
	if (rc || fflush(o->f) || ferror(o->f)) {
		util_error("%s: cannot write %s", path, kind == 0 ? "JSON" : "CSV");
		util_out_abort(o);
		return -1;
	}
	*out = o;
	return 0;
}

static int replay_main(int argc, char **argv, volatile sig_atomic_t *stop)
{
	replay_opts o;
	replay_opts_init(&o);
	const char *traces[MAX_TRACES];
	unsigned ntr = 0, modes = REPLAY_ALL, modes_given = 0;
	const char *json = NULL, *csv = NULL, *ivcsv = NULL;
	uint64_t interval = 0;
	int quiet = 0;
	char err[1024];
	for (int i = 1; i < argc;) {
		const char *a = argv[i];
		int used = cli_opts_parse(&o, argc - i, argv + i, err, sizeof err);
		if (used < 0) {
			util_error("%s", err);
			return 2;
		}
		if (used > 0) {
			i += used;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(a, "-q")) {
			quiet = 1;
			i++;
			continue;
		}
		int takes = !strcmp(a, "--trace") || !strcmp(a, "--mode") || !strcmp(a, "--json") ||
		            !strcmp(a, "--csv") || !strcmp(a, "--interval") || !strcmp(a, "--interval-csv");
		if (!takes) {
			util_error("replay: unknown option '%s' (try 'vmmsim replay --help')", a);
			return 2;
		}
		if (i + 1 >= argc) {
			util_error("option %s needs a value", a);
			return 2;
		}
		const char *v = argv[i + 1];
		i += 2;
		if (!strcmp(a, "--trace")) {
			if (ntr == MAX_TRACES) {
				util_error("at most %d traces", MAX_TRACES);
				return 2;
			}
			traces[ntr++] = v;
		} else if (!strcmp(a, "--mode")) {
			if (replay_modes_parse(v, &modes)) {
				util_error("option --mode: '%s' is not native, virt, swtlb, pv, hw, shadow, nested, "
				           "all, every or a comma list of them", v);
				return 2;
			}
			modes_given = modes;
		} else if (!strcmp(a, "--json")) {
			json = v;
		} else if (!strcmp(a, "--csv")) {
			csv = v;
		} else if (!strcmp(a, "--interval-csv")) {
			ivcsv = v;
		} else if (util_parse_size(v, &interval) || !interval) {
			util_error("option --interval: bad value '%s'", v);
			return 2;
		}
	}
	if (!ntr) {
		util_error("replay: no --trace given (try 'vmmsim replay --help')");
		return 2;
	}
	if ((interval != 0) != (ivcsv != NULL)) {
		util_error("--interval and --interval-csv go together");
		return 2;
	}
	if (interval && ntr > 1) {
		util_error("--interval needs a single trace");
		return 2;
	}
	if (interval && !(modes & REPLAY_SWMODES)) {
		util_error("--interval: modes hw, shadow and nested have no interval rows "
		           "(add a mode of the software-managed TLB: native, virt, swtlb, pv)");
		return 2;
	}
	/* standard input is one stream: it can be one trace only */
	for (unsigned i = 0, n = 0; i < ntr; i++)
		if (!strcmp(traces[i], "-") && ++n == 2) {
			util_error("--trace -: standard input given twice (it holds one trace)");
			return 2;
		}
	/* no output may replace an input */
	const char *inputs[MAX_TRACES + 1];
	memcpy(inputs, traces, ntr * sizeof *traces);
	inputs[ntr] = o.model_path;
	if (util_out_check(json, inputs, ntr + 1) || util_out_check(csv, inputs, ntr + 1) ||
	    util_out_check(ivcsv, inputs, ntr + 1))
		return 2;
	/* nor another output: the second would replace (or follow) the first */
	const char *outs[] = {json, csv, ivcsv}, *onames[] = {"--json", "--csv", "--interval-csv"};
	for (unsigned i = 0; i < 3; i++)
		for (unsigned j = 0; j < i; j++)
			if (util_out_same(outs[j], outs[i])) {
				util_error("%s: given to both %s and %s", outs[i], onames[j], onames[i]);
				return 2;
			}
	/* a full-system recording (vmmsim boot --record) has a machine of its own */
	if (ntr == 1 && !interval) {
		fullsys_args fa = { .path = traces[0], .o = &o, .modes = modes_given, .json = json,
			            .csv = csv, .quiet = quiet, .stop = stop };
		int st = replay_fullsys(&fa);
		if (st != -2)
			return st;
	}
	replay *r;
	if (replay_new(&r, &o, modes, ntr, err, sizeof err)) {
		util_error("%s", err);
		return 2;
	}
	util_out *iv = NULL;
	if (ivcsv) {
		iv = util_out_open(ivcsv);
		if (!iv) {
			util_error("%s: cannot create: %s", ivcsv, strerror(errno));
			replay_free(r);
			return 1;
		}
		replay_set_interval(r, interval, iv->f);
	}
	cli_progress pg;
	cli_progress_init(&pg, "replay", 1);
	replay_set_stop(r, stop);
	int ran = replay_run_files(r, traces, ntr, cli_progress_show, &pg, err, sizeof err);
	if (ran == REPLAY_STOPPED) { /* SIGINT/SIGTERM: the table so far, no outputs */
		util_error("%s by %s: no --json, --csv or --interval-csv written", err,
		           cli_interrupt_name(*stop));
		if (iv)
			util_out_abort(iv);
		replay_finish(r);
		if (!quiet)
			report_write_table(r, stderr);
		replay_free(r);
		return 128 + *stop;
	}
	if (ran) {
		util_error("%s", err);
		if (iv)
			util_out_abort(iv);
		replay_free(r);
		return 1;
	}
	replay_finish(r);
	if (replay_check_cycles(r, err, sizeof err)) {
		util_error("%s: by the end: %s", ntr == 1 ? traces[0] : "replay", err);
		if (iv)
			util_out_abort(iv);
		replay_free(r);
		return 1;
	}
	/* all outputs or none: each written in full before any is committed */
	int rc = 0;
	util_out *jo = NULL, *co = NULL;
	if (json && write_out(json, r, 0, &jo))
		rc = 1;
	if (!rc && csv && write_out(csv, r, 1, &co))
		rc = 1;
	if (rc) {
		if (jo)
			util_out_abort(jo);
		if (iv)
			util_out_abort(iv);
		iv = NULL;
	} else {
		if (iv && util_out_commit(iv))
			rc = 1;
		if (jo && (rc ? (util_out_abort(jo), 0) : util_out_commit(jo)))
			rc = 1;
		if (co && (rc ? (util_out_abort(co), 0) : util_out_commit(co)))
			rc = 1;
	}
	/* the table goes to stdout unless -q or JSON/CSV go there */
	int to_stdout = (json && !strcmp(json, "-")) || (csv && !strcmp(csv, "-"));
	if (!rc && !quiet && !to_stdout)
		report_write_table(r, stdout);
	replay_free(r);
	if (rc)
		fflush(stdout);
	else if (util_flush_stdout())
		rc = 1;
	return rc;
}

int cmd_replay(int argc, char **argv)
{
	cli_interrupt ci;
	volatile sig_atomic_t *stop = cli_interrupt_catch(&ci);
	int rc = replay_main(argc, argv, stop);
	cli_interrupt_restore(&ci);
	return rc;
}
