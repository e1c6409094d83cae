/*
 * opts.c - the replay options shared by the commands that replay (replay,
 * run, sweep, model show): parsing argv into a replay_opts, and their help.
 */
#include "cli/opts.h"

#include <inttypes.h>
#include <string.h>

#include "util/util.h"

static const char opts_help[] =
	"  --model FILE         cost model (INI; default: the built-in models/r4000.ini)\n"
	"  --tlb-entries N      hardware TLB entries (model: tlb_entries)\n"
	"  --tlb-wired N        entries never replaced by tlbwr (model: tlb_wired)\n"
	"  --tlb-policy P       replacement: random (seeded), fifo or lru (model: tlb_policy)\n"
	"  --no-pairs           one page per TLB entry instead of an even/odd pair\n"
	"  --pairs              an even/odd page pair per entry (R4000)\n"
	"  --page-size BYTES    page size, a power of two 1K..16M (model: page_size)\n"
	"  --swtlb-entries N    monitor's software TLB entries, 0 disables (model: swtlb_entries)\n"
	"  --swtlb-assoc A      its ways per set, LRU within a set; A = N or 0: fully associative\n"
	"  --quantum CYCLES     cycles per VM between machine switches (model: quantum)\n"
	"  --kseg-mapped        kseg0/kseg1 references are mapped under the monitor (Disco)\n"
	"  --no-kseg-mapped     ... or bypass the TLB in every mode\n"
	"  --tlb-mod            TLB-modified exception on the first store to a clean page\n"
	"  --no-tlb-mod         ... or pages are mapped writable at once\n"
	"  --seed N             seed of random TLB replacement (default 1)\n"
	"  --separate-tlbs      simulate each mode's hardware TLB on its own (slower,\n"
	"                       same results; for testing the shared simulation)\n"
	"  --record-by-record   feed the machines one record per fetch instead of runs\n"
	"                       of sequential fetches (slower, same results; for testing)\n";

const char *cli_opts_help(void)
{
	return opts_help;
}

static int need(int argc, char **argv, char *err, size_t errlen)
{
	if (argc < 2 || !argv[1]) {
		snprintf(err, errlen, "option %s needs a value", argv[0]);
		return -1;
	}
	return 0;
}

static int num_opt(int argc, char **argv, uint64_t max, uint64_t *v, char *err, size_t errlen)
{
	if (need(argc, argv, err, errlen))
		return -1;
	if (util_parse_size(argv[1], v)) {
		snprintf(err, errlen, "option %s: bad value '%s'", argv[0], argv[1]);
		return -1;
	}
	if (*v > max) {
		snprintf(err, errlen, "option %s: %s is above the largest value %" PRIu64, argv[0], argv[1],
		         max);
		return -1;
	}
	return 0;
}

int cli_opts_parse(replay_opts *o, int argc, char **argv, char *err, size_t errlen)
{
	const char *a = argv[0];
	uint64_t v;
	if (!a || a[0] != '-')
		return 0;
	if (!strcmp(a, "--model")) {
		if (need(argc, argv, err, errlen))
			return -1;
		o->model_path = argv[1];
		return 2;
	}
	if (!strcmp(a, "--tlb-entries")) {
		if (need(argc, argv, err, errlen))
			return -1;
		if (util_parse_size(argv[1], &v)) {
			snprintf(err, errlen, "option --tlb-entries: bad value '%s'", argv[1]);
			return -1;
		}
		if (v == 0 || v > 4096) {
			snprintf(err, errlen, "option --tlb-entries: must be 1..4096");
			return -1;
		}
		o->tlb_entries = (int64_t)v;
		return 2;
	}
	if (!strcmp(a, "--tlb-wired")) {
		if (num_opt(argc, argv, 4095, &v, err, errlen))
			return -1;
		o->tlb_wired = (int64_t)v;
		return 2;
	}
	if (!strcmp(a, "--tlb-policy")) {
		if (need(argc, argv, err, errlen))
			return -1;
		int p = model_policy_parse(argv[1]);
		if (p < 0) {
			snprintf(err, errlen, "option --tlb-policy: '%s' is not random, fifo or lru", argv[1]);
			return -1;
		}
		o->tlb_policy = p;
		return 2;
	}
	if (!strcmp(a, "--no-pairs") || !strcmp(a, "--pairs")) {
		o->pairs = a[2] == 'p';
		return 1;
	}
	if (!strcmp(a, "--page-size")) {
		if (num_opt(argc, argv, 16u << 20, &v, err, errlen))
			return -1;
		if (v < 1024 || (v & (v - 1))) {
			snprintf(err, errlen, "option --page-size: %s is not a power of two from 1K to 16M", argv[1]);
			return -1;
		}
		o->page_size = v;
		return 2;
	}
	if (!strcmp(a, "--swtlb-entries")) {
		if (num_opt(argc, argv, 1u << 26, &v, err, errlen))
			return -1;
		o->swtlb_entries = (int64_t)v;
		return 2;
	}
	if (!strcmp(a, "--swtlb-assoc")) {
		if (num_opt(argc, argv, 1u << 26, &v, err, errlen))
			return -1;
		o->swtlb_assoc = (int64_t)v;
		return 2;
	}
	if (!strcmp(a, "--quantum")) {
		if (num_opt(argc, argv, 1ull << 40, &v, err, errlen))
			return -1;
		if (!v) {
			snprintf(err, errlen, "option --quantum: must be at least 1");
			return -1;
		}
		o->quantum = v;
		return 2;
	}
	if (!strcmp(a, "--kseg-mapped") || !strcmp(a, "--no-kseg-mapped")) {
		o->kseg_mapped = a[2] == 'k';
		return 1;
	}
	if (!strcmp(a, "--tlb-mod") || !strcmp(a, "--no-tlb-mod")) {
		o->tlb_mod = a[2] == 't';
		return 1;
	}
	if (!strcmp(a, "--seed")) {
		if (need(argc, argv, err, errlen))
			return -1;
		if (util_parse_u64(argv[1], &v)) {
			snprintf(err, errlen, "option --seed: bad value '%s'", argv[1]);
			return -1;
		}
		o->seed = v;
		return 2;
	}
	if (!strcmp(a, "--record-by-record")) {
		o->runs = 0;
		return 1;
	}
	if (!strcmp(a, "--separate-tlbs")) {
		o->shared_tlb = 0;
		return 1;
	}
	return 0;
}

