/*
 * cmd_run.c - `vmmsim run`: executes a static MIPS Linux program on the
 * simulated CPU under the modeled OS, feeding its events to the machine
 * models (--mode) and/or a trace file (--record).
 *
 * The guest's standard input, output and error are vmmsim's own; vmmsim's
 * report goes to stderr after the guest ends (-q silences it) and to --json.
 * The exit status is the guest's (128+signal when a signal killed it,
 * OS_STATUS_LIMIT when --max-insns stopped it).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/opts.h"
#include "cli/report.h"
#include "os/os.h"
#include "replay/replay.h"
#include "trace/trace.h"
#include "util/util.h"

extern char **environ;

typedef struct run_sink {
	replay *r;
	trace_writer *w;
	const char *record;
	int failed;           /* the sink failed (its message printed) */
} run_sink;

static int sink(void *ctx, const trace_rec *recs, size_t n)
{
	run_sink *s = ctx;
	if (s->w && trace_write(s->w, recs, n) != TRACE_OK) {
		util_error("%s", trace_writer_error(s->w));
		s->failed = 1;
		return -1;
	}
	if (s->r && replay_feed(s->r, recs, n) != REPLAY_OK) {
		util_error("%s", replay_error(s->r));
		s->failed = 1;
		return -1;
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
	        "usage: vmmsim run [--mode none|native|virt|swtlb|all] [--record FILE]\n"
	        "                  [--max-insns N] [--fs-root DIR] [--fs-rw] [--json FILE] [-q]\n"
	        "                  [--os-quantum N] [--trace-insns FILE] [model and TLB options]\n"
	        "                  [--] PROGRAM [ARGS...]\n"
	        "  --mode M         machine models to feed (comma list; default none)\n"
	        "  --record FILE    write the run as a vmmsim trace\n"
	        "  --max-insns N    stop the guest after N instructions (exit status %d)\n"
	        "  --fs-root DIR    the directory the guest sees as / (default: .)\n"
	        "  --fs-rw          let the guest create, change and remove files\n"
	        "  --json FILE      write the report as JSON\n"
	        "  --os-quantum N   instructions per time slice of the modeled OS\n"
	        "  --trace-insns F  write every executed instruction, disassembled, to F (- stderr; slow)\n"
	        "  -q               no report on stderr\n"
	        "%s",
	        OS_STATUS_LIMIT, cli_opts_help());
}

/* Byte order of an ELF file (0 little, 1 big), or -1 if it is not one. */
static int elf_byte_order(const char *path)
{
	unsigned char id[6];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, id, sizeof id);
	close(fd);
	if (n != (ssize_t)sizeof id || memcmp(id, "\177ELF", 4) != 0)
		return -1;
	return id[5] == 2;
}

int cmd_run(int argc, char **argv)
{
	replay_opts ro;
	replay_opts_init(&ro);
	const char *mode = NULL, *record = NULL, *json = NULL, *trace_insns = NULL;
	os_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.seed = 1;
	int quiet = 0, i;
	char err[1024];
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-')
			break;
		int has = i + 1 < argc;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage();
			return 0;
		} else if (!strcmp(a, "-q")) {
			quiet = 1;
		} else if (!strcmp(a, "--fs-rw")) {
			cfg.fs_rw = 1;
		} else if (!strcmp(a, "--mode") && has) {
			mode = argv[++i];
		} else if (!strcmp(a, "--record") && has) {
			record = argv[++i];
		} else if (!strcmp(a, "--json") && has) {
			json = argv[++i];
		} else if (!strcmp(a, "--trace-insns") && has) {
			trace_insns = argv[++i];
		} else if (!strcmp(a, "--fs-root") && has) {
			cfg.fs_root = argv[++i];
		} else if (!strcmp(a, "--max-insns") && has) {
			if (util_parse_u64(argv[++i], &cfg.max_insns) || !cfg.max_insns) {
				util_error("run: --max-insns: bad number '%s'", argv[i]);
				return 2;
			}
		} else if (!strcmp(a, "--os-quantum") && has) {
			if (util_parse_u64(argv[++i], &cfg.quantum) || !cfg.quantum) {
				util_error("run: --os-quantum: bad number '%s'", argv[i]);
				return 2;
			}
		} else {
			int used = cli_opts_parse(&ro, argc - i, argv + i, err, sizeof err);
			if (used < 0) {
				util_error("run: %s", err);
				return 2;
			}
			if (used == 0) {
				util_error("run: unknown option '%s' (vmmsim run --help)", a);
				return 2;
			}
			i += used - 1;
		}
	}
	if (i >= argc) {
		util_error("run: no program given (vmmsim run [options] -- PROGRAM [ARGS...])");
		return 2;
	}
	unsigned modes = 0;
	if (mode && strcmp(mode, "none") && replay_modes_parse(mode, &modes) != 0) {
		util_error("run: --mode: unknown mode '%s' (none, native, virt, swtlb, all)", mode);
		return 2;
	}
	const char *prog = argv[i];
	char **gargv = argv + i;
	const char *const inputs[] = {prog, ro.model_path};
	if (util_out_check(record, inputs, 2) || util_out_check(json, inputs, 2) ||
	    util_out_check(trace_insns, inputs, 2))
		return 2;

	run_sink s = {.record = record};
	if (modes && replay_new(&s.r, &ro, modes, 1, err, sizeof err) != 0) {
		util_error("run: %s", err);
		return 2;
	}
	if (record) {
		int be = elf_byte_order(prog);
		trace_header h;
		memset(&h, 0, sizeof h);
		h.big_endian = be > 0;
		h.word_bits = 32;
		h.page_size = 4096;
		size_t off = (size_t)snprintf(h.desc, sizeof h.desc, "vmmsim run:");
		for (int k = i; k < argc && off < sizeof h.desc; k++)
			off += (size_t)snprintf(h.desc + off, sizeof h.desc - off, " %s", argv[k]);
		if (be >= 0 && trace_writer_open(&s.w, record, &h, 0, err, sizeof err) != TRACE_OK) {
			util_error("%s", err);
			replay_free(s.r);
			return 1;
		}
	}
	if (s.r || s.w) {
		cfg.sink = sink;
		cfg.sink_ctx = &s;
	}
	FILE *tf = NULL;
	if (trace_insns) {
		tf = strcmp(trace_insns, "-") ? fopen(trace_insns, "w") : stderr;
		if (!tf) {
			util_error("%s: cannot create: %s", trace_insns, strerror(errno));
			if (s.w)
				trace_writer_abort(s.w);
			if (s.r)
				replay_free(s.r);
			return 1;
		}
		cfg.trace_insns = tf;
	}
	os *o = os_new(&cfg, prog, gargv, environ, err, sizeof err);
	if (!o) {
		if (tf && tf != stderr)
			fclose(tf);
		util_error("%s", err);
		if (s.w)
			trace_writer_abort(s.w);
		if (s.r)
			replay_free(s.r);
		return 1;
	}
	/* a guest writing to a closed pipe gets EPIPE and its own SIGPIPE (its
	 * default action ends the guest, and vmmsim exits 141, as a shell
	 * pipeline would); vmmsim itself must not die of it */
	struct sigaction ign, old_pipe;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old_pipe);
	double t0 = util_now();
	int status = os_run(o);
	double secs = util_now() - t0;
	enum os_end end = os_end_reason(o);
	uint64_t insns = os_insns(o);
	if (end != OS_END_EXIT && !s.failed)
		util_error("%s: %s", prog, os_end_message(o));
	int rc = 0;
	if (s.w) {
		if (end == OS_END_ERROR) {
			trace_writer_abort(s.w);
		} else if (trace_writer_close(s.w) != TRACE_OK) {
			util_error("%s: could not write the trace", record);
			rc = 1;
		}
		s.w = NULL;
	}
	if (s.r)
		replay_finish(s.r);
	if (end == OS_END_ERROR) {
		/* a host-side failure: no results */
		quiet = 1;
		json = NULL;
	}
	if (!quiet) {
		fflush(stdout);
		if (s.r)
			report_write_table(s.r, stderr);
		fprintf(stderr, "vmmsim run: %llu instructions, %llu processes, %llu system calls, "
		        "%.3f s, %.1f M instructions/s, exit status %d\n",
		        (unsigned long long)insns, (unsigned long long)os_processes(o),
		        (unsigned long long)os_syscalls(o), secs, secs > 0 ? insns / secs / 1e6 : 0.0, status);
	}
	if (json) {
		json_t *j = s.r ? report_json(s.r) : json_object();
		json_object_set_new(j, "instructions", json_integer((json_int_t)insns));
		json_object_set_new(j, "exit_status", json_integer(status));
		json_object_set_new(j, "processes", json_integer((json_int_t)os_processes(o)));
		json_object_set_new(j, "syscalls", json_integer((json_int_t)os_syscalls(o)));
		util_out *out = util_out_open(json);
		if (!out) {
			util_error("%s: %s", json, strerror(errno));
			rc = 1;
		} else if (json_dumpf(j, out->f, JSON_SORT_KEYS | JSON_INDENT(2) | JSON_REAL_PRECISION(10)) != 0 ||
		           fputc('\n', out->f) == EOF) {
			util_out_abort(out);
			util_error("%s: write failed", json);
			rc = 1;
		} else if (util_out_commit(out) != 0) {
			rc = 1;
		}
		json_decref(j);
	}
	os_free(o);
	if (tf && tf != stderr && fclose(tf) != 0) {
		util_error("%s: write failed", trace_insns);
		rc = 1;
	}
	if (s.r)
		replay_free(s.r);
	sigaction(SIGPIPE, &old_pipe, NULL);
	if (end == OS_END_ERROR)
		return 1;
	return rc ? rc : status;
}
