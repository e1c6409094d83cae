/*
 * cmd_model.c - vmmsim model show [FILE] [model options]: prints the
 * effective cost model (the built-in one, or FILE, after any overrides);
 * vmmsim model hops: the table of hops (machine/hops.def) as the README's
 * Markdown table.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/opts.h"
#include "replay/replay.h"
#include "util/util.h"

#define USAGE "usage: vmmsim model show [FILE] [model and TLB options] | vmmsim model hops"

/* The README's hop table, one row per row of hops.def. */
static int print_hops(void)
{
	printf("| hop | modes | model key | what |\n|---|---|---|---|\n");
	for (unsigned h = 0; h < HOP_N; h++) {
		const hop_info *hi = ledger_hop_info(h);
		char modes[256] = "", key[256];
		if ((hi->modes & HM_ALL) == HM_ALL)
			snprintf(modes, sizeof modes, "all");
		else if (hi->modes & HM_BOOT)
			snprintf(modes, sizeof modes, "executed kernel");
		else
			for (unsigned md = 0; md < REPLAY_NMODES; md++)
				if (ledger_hop_in_mode(hi, md))
					snprintf(modes + strlen(modes), sizeof modes - strlen(modes), "%s%s",
					         modes[0] ? ", " : "", replay_mode_name(md));
		if (hi->unit == HOP_MEASURED)
			snprintf(key, sizeof key, "none (measured)");
		else
			snprintf(key, sizeof key, "`[%s] %s`%s", hi->section, hi->key,
			         hi->unit == HOP_PER_KB ? " x page KB" : "");
		printf("| `%s` | %s | %s | %s |\n", hi->name, modes, key, hi->desc);
	}
	return util_flush_stdout() ? 1 : 0;
}

int cmd_model(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "hops"))
		return print_hops();
	if (argc == 3 && !strcmp(argv[1], "hops") && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
		printf("usage: vmmsim model hops\n"
		       "Prints the table of hops (sim/machine/hops.def) as Markdown, as README.md has it.\n");
		return util_flush_stdout() ? 1 : 0;
	}
	if (argc < 2 || strcmp(argv[1], "show")) {
		if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
			printf(USAGE "\n");
			return 0;
		}
		util_error(USAGE);
		return 2;
	}
	replay_opts o;
	replay_opts_init(&o);
	char err[1024];
	for (int i = 2; i < argc;) {
		int used = cli_opts_parse(&o, argc - i, argv + i, err, sizeof err);
		if (used < 0) {
			util_error("%s", err);
			return 2;
		}
		if (used > 0) {
			i += used;
			continue;
		}
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: vmmsim model show [FILE] [model and TLB options]\n%s", cli_opts_help());
			return 0;
		}
		if (argv[i][0] == '-' || o.model_path) {
			util_error("model show: unexpected argument '%s'", argv[i]);
			return 2;
		}
		o.model_path = argv[i++];
	}
	model m;
	if (replay_opts_model(&o, &m, err, sizeof err)) {
		util_error("%s", err);
		return 2; /* (a bad model or option, as replay and sweep say it) */
	}
	model_print(&m, stdout);
	return util_flush_stdout() ? 1 : 0;
}
