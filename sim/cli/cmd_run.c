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
#include "cli/interrupt.h"
#include "cli/opts.h"
#include "cli/report.h"
#include "os/os.h"
#include "replay/replay.h"
#include "trace/trace.h"
#include "util/util.h"

extern char **environ;

/* The guest's environment unless --inherit-env: fixed, so that results do
 * not depend on the host's (its directory, time zone, user name...). */
static const char *const fixed_env[] = {
	"PATH=/usr/local/bin:/usr/bin:/bin",
	"HOME=/",
	NULL,
};

/* The guest's environment: the fixed one (or the host's), then each
 * --env NAME=VALUE in order, replacing a variable of the same name.
 * Returns a NULL-terminated array (free it; the strings are not copied),
 * or NULL when out of memory. */
static char **guest_env(int inherit, char **sets, int nsets)
{
	char *const *base = inherit ? environ : (char *const *)fixed_env;
	size_t n = 0;
	while (base[n])
		n++;
	char **env = malloc((n + (size_t)nsets + 1) * sizeof *env);
	if (!env)
		return NULL;
	memcpy(env, base, n * sizeof *env);
	for (int k = 0; k < nsets; k++) {
		size_t len = (size_t)(strchr(sets[k], '=') - sets[k]) + 1, i;
		for (i = 0; i < n; i++)
			if (!strncmp(env[i], sets[k], len))
				break;
		env[i] = sets[k];
		if (i == n)
			n++;
	}
	env[n] = NULL;
	return env;
}

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
	fprintf(stdout,
	        "usage: vmmsim run [--mode none|MODE[,MODE...]|all|every] [--record FILE]\n"
	        "                  [--max-insns N] [--fs-root DIR] [--fs-rw] [--json FILE] [-q]\n"
	        "                  [--os-quantum N] [--max-procs N] [--max-mem SIZE]\n"
	        "                  [--env NAME=VALUE]... [--inherit-env] [--trace-insns FILE]\n"
	        "                  [model and TLB options] [--] PROGRAM [ARGS...]\n"
	        "  --mode M         machine models to feed (comma list; default none)\n"
	        "  --record FILE    write the run as a vmmsim trace\n"
	        "  --max-insns N    stop the guest after N instructions (exit status %d)\n"
	        "  --fs-root DIR    the directory the guest sees as / (default: .)\n"
	        "  --fs-rw          let the guest create, change and remove files\n"
	        "  --json FILE      write the report as JSON\n"
	        "  --os-quantum N   instructions per time slice of the modeled OS\n"
	        "  --max-procs N    guest processes alive at once; fork beyond: EAGAIN (default %u)\n"
	        "  --max-mem SIZE   guest memory mapped, all processes (K/M/G); beyond: ENOMEM\n"
	        "                   (default %lluM)\n"
	        "  --env NAME=VALUE set a variable of the guest's environment (repeatable)\n"
	        "  --inherit-env    start from vmmsim's environment instead of the fixed one\n"
	        "                   (PATH=/usr/local/bin:/usr/bin:/bin HOME=/)\n"
	        "  --trace-insns F  write every executed instruction, disassembled, to F (- stderr; slow)\n"
	        "  -q               no report on stderr\n"
	        "  SIGINT/SIGTERM stop the guest: report so far on stderr, no --json/--record\n"
	        "  written, exit status 130/143.\n"
	        "%s",
	        OS_STATUS_LIMIT, OS_DEFAULT_MAX_PROCS, (unsigned long long)(OS_DEFAULT_MAX_MEM >> 20),
	        cli_opts_help());
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

/* What cmd_run frees whichever way run() returns. */
typedef struct run_mem {
	char **sets;    /* the --env values (pointers into argv) */
	int nsets;
	char **env;     /* the guest's environment */
	volatile sig_atomic_t *stop; /* SIGINT/SIGTERM received (cli/interrupt.h) */
} run_mem;

static int run(int argc, char **argv, unsigned std_closed, run_mem *rm)
{
	replay_opts ro;
	replay_opts_init(&ro);
	const char *mode = NULL, *record = NULL, *json = NULL, *trace_insns = NULL;
	os_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.seed = 1;
	cfg.std_closed = std_closed;
	cfg.stop = rm->stop;
	int quiet = 0, inherit_env = 0, i;
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
			return util_flush_stdout() ? 1 : 0;
		} else if (!strcmp(a, "-q")) {
			quiet = 1;
		} else if (!strcmp(a, "--inherit-env")) {
			inherit_env = 1;
		} else if (!strcmp(a, "--env") && has) {
			const char *v = argv[++i];
			const char *eq = strchr(v, '=');
			if (!eq || eq == v) {
				util_error("run: --env: expected NAME=VALUE, got '%s'", v);
				return 2;
			}
			rm->sets[rm->nsets++] = argv[i];
		} else if (!strcmp(a, "--max-procs") && has) {
			uint64_t v;
			if (util_parse_u64(argv[++i], &v) || !v || v > 65536) {
				util_error("run: --max-procs: '%s' must be 1..65536", argv[i]);
				return 2;
			}
			cfg.max_procs = (uint32_t)v;
		} else if (!strcmp(a, "--max-mem") && has) {
			if (util_parse_size(argv[++i], &cfg.max_mem) || cfg.max_mem < (1u << 20) ||
			    cfg.max_mem > (1ull << 40)) {
				util_error("run: --max-mem: '%s' must be a size from 1M to 1024G", argv[i]);
				return 2;
			}
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
	/* nor another output (--trace-insns - is stderr, the others' - stdout) */
	const char *outs[] = {record, json, trace_insns && strcmp(trace_insns, "-") ? trace_insns : NULL};
	const char *onames[] = {"--record", "--json", "--trace-insns"};
	for (unsigned a = 0; a < 3; a++)
		for (unsigned b = 0; b < a; b++)
			if (util_out_same(outs[b], outs[a])) {
				util_error("%s: given to both %s and %s", outs[a], onames[b], onames[a]);
				return 2;
			}
	rm->env = guest_env(inherit_env, rm->sets, rm->nsets);
	if (!rm->env) {
		util_error("run: out of memory");
		return 1;
	}

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
	/* --trace-insns: written to a temporary file renamed at the end, so a
	 * run that fails to start or is interrupted leaves none */
	util_out *tout = NULL;
	if (trace_insns) {
		if (strcmp(trace_insns, "-"))
			tout = util_out_open(trace_insns);
		if (strcmp(trace_insns, "-") && !tout) {
			util_error("%s: cannot create: %s", trace_insns, strerror(errno));
			if (s.w)
				trace_writer_abort(s.w);
			if (s.r)
				replay_free(s.r);
			return 1;
		}
		cfg.trace_insns = tout ? tout->f : stderr;
	}
	os *o = os_new(&cfg, prog, gargv, rm->env, err, sizeof err);
	if (!o) {
		if (tout)
			util_out_abort(tout);
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
	if (end == OS_END_INTERRUPTED)
		util_error("%s: %s by %s: no --json or --record written", prog, os_end_message(o),
		           cli_interrupt_name(*rm->stop));
	else if (end != OS_END_EXIT && !s.failed)
		util_error("%s: %s", prog, os_end_message(o));
	int rc = 0;
	if (s.w) {
		if (end == OS_END_ERROR || end == OS_END_INTERRUPTED) {
			trace_writer_abort(s.w);
		} else if (trace_writer_close(s.w) != TRACE_OK) {
			util_error("%s: could not write the trace", record);
			rc = 1;
		}
		s.w = NULL;
	}
	if (s.r) {
		replay_finish(s.r);
		if (end != OS_END_ERROR && replay_check_cycles(s.r, err, sizeof err)) {
			util_error("%s: by the end: %s", prog, err); /* no ledger, no --json */
			quiet = 1;
			json = NULL;
			rc = 1;
		}
	}
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
	if (json && end != OS_END_INTERRUPTED) {
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
	if (tout) {
		if (end == OS_END_ERROR || end == OS_END_INTERRUPTED)
			util_out_abort(tout);
		else if (util_out_commit(tout) != 0)
			rc = 1;
	}
	if (s.r)
		replay_free(s.r);
	sigaction(SIGPIPE, &old_pipe, NULL);
	if (end == OS_END_ERROR)
		return 1;
	return rc ? rc : status;
}

int cmd_run(int argc, char **argv, unsigned std_closed)
{
	run_mem rm = {.sets = calloc((size_t)argc + 1, sizeof(char *))};
	if (!rm.sets) {
		util_error("run: out of memory");
		return 1;
	}
	cli_interrupt ci;
	rm.stop = cli_interrupt_catch(&ci);
	int rc = run(argc, argv, std_closed, &rm);
	cli_interrupt_restore(&ci);
	free(rm.sets);
	free(rm.env);
	return rc;
}
