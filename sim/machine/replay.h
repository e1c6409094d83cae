/*
 * replay.h - the replay engine's API: cost-model and TLB options, machine
 * models for a set of modes, feeding trace_rec batches, results and their
 * rendering (table, JSON, CSV).
 *
 * Used by `vmmsim --trace ... --mode ...` (cli/cmd_replay.c), by
 * `vmmsim run` (live records from the MIPS CPU, pushed with replay_feed) and
 * by `vmmsim sweep` (many replay objects fed the same batches side by side).
 *
 * A record stream means the same thing whichever source produced it: each
 * machine charges a record the same way whether it comes from a trace file
 * or a live run, and the results never depend on how the stream is cut
 * into batches.
 *
 * Typical use:
 *
 *	replay_opts o;
 *	replay_opts_init(&o);
 *	for (i = 1; i < argc; i += used) {
 *		int used = replay_opts_parse(&o, argc - i, argv + i, err, sizeof err);
 *		if (used < 0) error(err);
 *		if (used == 0) ... one of the command's own options ...
 *	}
 *	replay *r;
 *	if (replay_new(&r, &o, REPLAY_ALL, 1, err, sizeof err)) error(err);
 *	while ((n = source(buf, N)) > 0) replay_feed(r, buf, n);
 *	replay_finish(r);
 *	replay_write_table(r, stdout);
 *	replay_free(r);
 */
#ifndef VMMSIM_REPLAY_H
#define VMMSIM_REPLAY_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "machine/ledger.h"
#include "machine/model.h"
#include "trace/trace.h"

/* Modes.  Pinned: they index result arrays; names "native", "virt", "swtlb". */
enum replay_mode { REPLAY_NATIVE = 0, REPLAY_VIRT = 1, REPLAY_SWTLB = 2, REPLAY_NMODES };
#define REPLAY_MODE_BIT(m) (1u << (m))
#define REPLAY_ALL 7u

/* "native", "virt", "swtlb", or NULL. */
const char *replay_mode_name(unsigned mode);
/* Parses "native", "virt", "swtlb", "all" or a comma list of them into a
 * mask of REPLAY_MODE_BIT.  Returns 0, or -1 if s is not one of those. */
int replay_modes_parse(const char *s, unsigned *mask);

/* Options shared by replay, run and sweep.  Every field left at its
 * replay_opts_init value means "as the cost model says". */
typedef struct replay_opts {
	const char *model_path; /* --model FILE (NULL: the built-in models/r4000.ini) */
	int64_t tlb_entries;    /* --tlb-entries N          (-1: model) */
	int64_t tlb_wired;      /* --tlb-wired N            (-1: model) */
	int tlb_policy;         /* --tlb-policy P           (-1: model; enum tlb_policy) */
	int pairs;              /* --no-pairs gives 0       (-1: model) */
	uint64_t page_size;     /* --page-size BYTES        (0: model) */
	int64_t swtlb_entries;  /* --swtlb-entries N        (-1: model) */
	int64_t swtlb_assoc;    /* --swtlb-assoc A          (-1: model; 0 also = fully associative) */
	uint64_t quantum;       /* --quantum CYCLES         (0: model) */
	int kseg_mapped;        /* --kseg-mapped/--no-kseg-mapped (-1: model) */
	int tlb_mod;            /* --tlb-mod/--no-tlb-mod   (-1: model) */
	uint64_t seed;          /* --seed N (random TLB replacement), default 1 */
	int shared_tlb;         /* --separate-tlbs gives 0: simulate every mode's
	                         * hardware TLB separately even where one shared
	                         * simulation gives the same results (default 1) */
} replay_opts;

void replay_opts_init(replay_opts *o);

/* Consumes one option at argv[0] if it is one of the above (argc counts
 * argv[0] and what follows it).  Returns the number of argv slots used
 * (1 or 2), 0 if argv[0] is not one of these options, or -1 with a
 * one-line message in err (bad value, missing value). */
int replay_opts_parse(replay_opts *o, int argc, char **argv, char *err, size_t errlen);

/* Help text for the options above: lines "  --opt ARG   explanation\n". */
const char *replay_opts_help(void);

/* Loads the model named by o (or the built-in one) and applies o's
 * overrides.  Returns 0, or -1 with a message naming the file and line. */
int replay_opts_model(const replay_opts *o, model *m, char *err, size_t errlen);

/* ---- the engine ------------------------------------------------------ */

typedef struct replay replay;

/* Creates machine models for the modes in the mask (REPLAY_MODE_BIT) and
 * nvms virtual machines (nvms >= 1; one record stream per VM).  Returns 0,
 * or -1 with a message in err (bad model or option combination). */
int replay_new(replay **out, const replay_opts *o, unsigned modes, unsigned nvms,
               char *err, size_t errlen);

/* The effective model (after the options' overrides). */
const model *replay_get_model(const replay *r);

/* Describes VM vm's record stream: address width (32 or 64: which
 * addresses are kseg0/kseg1) and whether it carries the OS's own code
 * (kernel-mode records, TK_MODE), in which case handler bodies are not
 * charged from the model (their instructions are in the stream).  Default:
 * 32 bits, no OS code (a TK_MODE record to kernel mode sets it then). */
void replay_set_source(replay *r, unsigned vm, unsigned word_bits, int os_in_trace);
/* A name for VM vm in reports (the trace file); copied. */
void replay_set_label(replay *r, unsigned vm, const char *label);

/* Feeds n records of the single VM (nvms == 1) to every machine. */
void replay_feed(replay *r, const trace_rec *recs, size_t n);

/* Multi-VM scheduling (also fine for one VM): replays the trace files
 * paths[0..nvms-1], VM i reading paths[i]; under the monitor the VMs are
 * scheduled round robin by the quantum, natively each runs alone on its own
 * machine.  Shows a progress line on stderr if progress is set and stderr
 * is a terminal.  Returns 0, or -1 with a message naming the file and
 * record (bad trace). */
#define REPLAY_STOPPED (-2)
/* When *stop becomes non-zero (a signal handler's flag), replay_run_files
 * stops after the batch it is feeding and returns REPLAY_STOPPED (err says
 * where); the machines keep what they were fed (replay_finish reports it). */
void replay_set_stop(replay *r, volatile sig_atomic_t *stop);
int replay_run_files(replay *r, const char *const *paths, unsigned nvms, int progress,
                     char *err, size_t errlen);

/* Per-window rows for timelines: every `every` instructions (of the stream,
 * counted the same in every mode) a row is written to f (see
 * replay_write_interval_header).  Call before feeding.  f stays the
 * caller's. */
void replay_set_interval(replay *r, uint64_t every, FILE *f);

/* Ends the run: charges nothing more, completes the last interval row.
 * Call once, after the last record. */
void replay_finish(replay *r);

/* ---- results --------------------------------------------------------- */

typedef struct replay_result {
	uint64_t instructions;  /* TK_FETCH records */
	uint64_t references;    /* fetch + load + store records */
	uint64_t base_cycles;   /* instructions x CPI */
	uint64_t cycles;        /* base_cycles + every hop's cycles */
	uint64_t tlb_misses;    /* hardware TLB refill misses on mapped references */
	uint64_t tlb_miss_cycles; /* cycles charged on the refill path of those */
	uint64_t kseg_misses;   /* VMM-handled misses on kseg0/1 references */
	uint64_t page_faults;   /* page faults (modeled demand faults) */
	uint64_t swtlb_hits, swtlb_misses;
	double slowdown;        /* cycles / native cycles of the same VM(s); 0 if no native */
	ledger hops;
} replay_result;

/* Results of mode for VM vm, or for all VMs together with vm = -1.
 * Returns 0, or -1 if the mode was not run or vm is out of range. */
int replay_get_result(const replay *r, unsigned mode, int vm, replay_result *out);
unsigned replay_modes(const replay *r);
unsigned replay_nvms(const replay *r);

/* Renders the aligned table (per VM when there are several, then total). */
void replay_write_table(const replay *r, FILE *f);
/* {"modes": {"native": {...}, ...}} (plus "vms": [...] with several VMs).
 * A new reference; the caller may add fields before dumping it. */
json_t *replay_json(const replay *r);
/* The json_dumpf flags of replay_write_json: use them when dumping
 * replay_json yourself, so that outputs agree byte for byte. */
#define REPLAY_JSON_FLAGS (JSON_INDENT(2) | JSON_SORT_KEYS | JSON_REAL_PRECISION(10))
/* Dumps replay_json(r) to f with REPLAY_JSON_FLAGS.  Returns 0 or -1. */
int replay_write_json(const replay *r, FILE *f);
/* CSV, one row per mode and hop (columns in the README), header first. */
void replay_write_csv(const replay *r, FILE *f);

void replay_free(replay *r);

#endif
