/*
 * cmd_model.c - vmmsim model show [FILE] [model options]: prints the
 * effective cost model (the built-in one, or FILE, after any overrides).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "machine/replay.h"
#include "util/util.h"

int cmd_model(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "show")) {
		if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
			printf("usage: vmmsim model show [FILE] [model and TLB options]\n");
			return 0;
		}
		util_error("usage: vmmsim model show [FILE] [model and TLB options]");
		return 2;
	}
	replay_opts o;
	replay_opts_init(&o);
	char err[1024];
	for (int i = 2; i < argc;) {
		int used = replay_opts_parse(&o, argc - i, argv + i, err, sizeof err);
		if (used < 0) {
			util_error("%s", err);
			return 2;
		}
		if (used > 0) {
			i += used;
			continue;
		}
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: vmmsim model show [FILE] [model and TLB options]\n%s", replay_opts_help());
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
		return 1;
	}
	model_print(&m, stdout);
	return util_flush_stdout() ? 1 : 0;
}
