/*
 * main.c - vmmsim's command line: dispatch to a subcommand.
 *
 *   vmmsim --trace FILE --mode MODE [...]   replay (also: vmmsim replay ...)
 *   vmmsim trace info|cat|convert ...       inspect and convert traces
 *   vmmsim run [...] -- PROGRAM [ARGS]      execute a MIPS Linux program
 *   vmmsim boot [...] KERNEL                boot a kernel on the Malta board
 *   vmmsim sweep | plot | merge | model     sizing, plots, models
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"

#ifndef VMMSIM_VERSION
#define VMMSIM_VERSION "0.1"
#endif

static void usage(FILE *f)
{
	fputs("usage: vmmsim --trace FILE [--trace FILE...] --mode MODE [options]\n"
	      "       vmmsim replay ...            the same, by its long name\n"
	      "       vmmsim trace info [--json] FILE\n"
	      "       vmmsim trace cat FILE\n"
	      "       vmmsim trace convert --from lackey|din|text [-o OUT] [IN|-]\n"
	      "       vmmsim run [options] [--] PROGRAM [ARGS...]\n"
	      "       vmmsim boot [options] KERNEL   boot a MIPS kernel on a simulated Malta board\n"
	      "       vmmsim sweep --trace FILE --swtlb-entries LIST [options]\n"
	      "       vmmsim plot breakdown|sizing|tlb|timeline RESULT.csv -o OUT.png|.svg|.pdf\n"
	      "       vmmsim merge PART.csv... -o ALL.csv\n"
	      "       vmmsim model show [FILE] | vmmsim model hops\n"
	      "Run 'vmmsim COMMAND --help' for a command's options.\n",
	      f);
}

/* Opens /dev/null on each of the descriptors 0-2 that is closed, before
 * anything else is opened: otherwise the first file vmmsim opens (a
 * --record temporary file, say) would become its standard output.
 * Returns the descriptors that were closed (bit n: descriptor n), or -1
 * if one cannot be opened. */
static int std_fds_open(void)
{
	int closed = 0;
	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		int n = open("/dev/null", O_RDWR);
		if (n != fd) { /* the lowest free descriptor is fd */
			if (n >= 0)
				close(n);
			return -1;
		}
		closed |= 1 << fd;
	}
	return closed;
}

int main(int argc, char **argv)
{
	int std_closed = std_fds_open();
	if (std_closed < 0)
		return 2; /* nowhere to say it: stderr may be what failed */
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *c = argv[1];
	if (!strcmp(c, "--help") || !strcmp(c, "-h") || !strcmp(c, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(c, "--version")) {
		printf("vmmsim %s\n", VMMSIM_VERSION);
		return 0;
	}
	if (!strcmp(c, "trace"))
		return cmd_trace(argc - 1, argv + 1);
	if (!strcmp(c, "replay"))
		return cmd_replay(argc - 1, argv + 1);
	if (!strcmp(c, "run"))
		return cmd_run(argc - 1, argv + 1, (unsigned)std_closed);
	if (!strcmp(c, "sweep"))
		return cmd_sweep(argc - 1, argv + 1);
	if (!strcmp(c, "plot"))
		return cmd_plot(argc - 1, argv + 1);
	if (!strcmp(c, "merge"))
		return cmd_merge(argc - 1, argv + 1);
	if (!strcmp(c, "model"))
		return cmd_model(argc - 1, argv + 1);
	if (!strcmp(c, "boot"))
		return cmd_boot(argc - 1, argv + 1);
	if (c[0] == '-') /* vmmsim --trace FILE --mode virt ...: replay */
		return cmd_replay(argc, argv);
	fprintf(stderr, "vmmsim: unknown command '%s' (try 'vmmsim --help')\n", c);
	return 2;
}
