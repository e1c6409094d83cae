/*
 * replay.h - the replay driver's API: cost-model and TLB options, machine
 * models (machine/) for a set of modes, feeding trace_rec batches (from
 * memory, or from trace files, several VMs round robin), results.
 * Rendering the results (table, JSON, CSV) is the command line's
 * (cli/report.h); parsing options into a replay_opts too (cli/opts.h).
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
 *	o.tlb_entries = 64;            (or cli_opts_parse from argv)
 *	replay *r;
 *	if (replay_new(&r, &o, REPLAY_ALL, 1, err, sizeof err)) error(err);
 *	while ((n = source(buf, N)) > 0)
 *		if (replay_feed(r, buf, n)) error(replay_error(r));
 *	replay_finish(r);
 *	replay_get_result(r, REPLAY_VIRT, -1, &res);
 *	replay_free(r);
 */
#ifndef VMMSIM_REPLAY_H
#define VMMSIM_REPLAY_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "machine/ledger.h"
#include "machine/model.h"
#include "trace/trace.h"

/* Modes.  Pinned: they index result arrays; names "native", "virt",
 * "swtlb", "pv" (the software-managed TLB machine, machine/mach.h), "hw",
 * "shadow", "nested" (the hardware-walked machine, machine/hwmach.h). */
enum replay_mode {
	REPLAY_NATIVE = 0, REPLAY_VIRT = 1, REPLAY_SWTLB = 2,
	REPLAY_HW = 3, REPLAY_SHADOW = 4, REPLAY_NESTED = 5, REPLAY_PV = 6, REPLAY_NMODES
};
#define REPLAY_MODE_BIT(m) (1u << (m))
#define REPLAY_ALL 7u                /* native, virt, swtlb */
#define REPLAY_HWMODES 0x38u         /* hw, shadow, nested */
#define REPLAY_SWMODES 0x47u         /* native, virt, swtlb, pv: the software-managed TLB */
#define REPLAY_IS_HW(m) (((REPLAY_HWMODES >> (m)) & 1u) != 0)
#define REPLAY_EVERY ((1u << REPLAY_NMODES) - 1)

/* "native", "virt", "swtlb", "hw", "shadow", "nested", "pv", or NULL. */
const char *replay_mode_name(unsigned mode);
/* Parses a mode name, "all" (native, virt, swtlb), "every" (all seven) or a
 * comma list of them into a mask of REPLAY_MODE_BIT.  Returns 0, or -1 if
 * s is not one of those. */
int replay_modes_parse(const char *s, unsigned *mask);

/* Options shared by replay, run and sweep.  Every field left at its
 * replay_opts_init value means "as the cost model says". */
typedef struct replay_opts {
	const char *model_path; /* --model FILE (NULL: the built-in models/r4000.ini) */
	const model *model;     /* or a model already loaded (copied; before model_path) */
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
	int64_t pt_levels;      /* --pt-levels L            (-1: model) */
	int64_t pwc_entries;    /* --pwc-entries N          (-1: model) */
	int64_t nested_tlb_entries; /* --nested-tlb-entries N (-1: model) */
	int64_t hw_tlb_entries; /* --hw-tlb-entries N       (-1: model) */
	int64_t hw_tlb_assoc;   /* --hw-tlb-assoc A         (-1: model) */
	int64_t pv_batch;       /* --pv-batch N             (-1: model) */
	int shared_tlb;         /* --separate-tlbs gives 0: simulate every mode's
	                         * hardware TLB separately even where one shared
	                         * simulation gives the same results (default 1) */
	int runs;               /* --record-by-record gives 0: read trace files
	                         * one record per fetch, not in runs of sequential
	                         * fetches (trace_read_runs); same results (default 1) */
} replay_opts;

void replay_opts_init(replay_opts *o);

/* Loads the model named by o (or the built-in one) and applies o's
 * overrides.  Returns 0, or -1 with a message naming the file and line. */
int replay_opts_model(const replay_opts *o, model *m, char *err, size_t errlen);

/* ---- the engine ------------------------------------------------------ */

typedef struct replay replay;

/* Status of a replay (pinned values).  After the first error every call
 * that feeds returns it again, and no result is given: replay_error(r)
 * has the one-line message. */
typedef enum replay_status {
	REPLAY_OK = 0,
	REPLAY_E_NOMEM = -1, /* out of memory (per-page state, the split of a shared machine, ...) */
	REPLAY_E_ARG = -2,   /* a call the replay cannot take (feeding after finish, ...) */
} replay_status;

/* The message of the first error ("out of memory for per-page state"), or
 * "" if none. */
const char *replay_error(const replay *r);
/* REPLAY_OK or the first error. */
replay_status replay_get_status(const replay *r);

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

/* Feeds n records of the single VM (nvms == 1) to every machine.
 * Returns REPLAY_OK, or an error status (the message in replay_error). */
replay_status replay_feed(replay *r, const trace_rec *recs, size_t n);

/* Progress of replay_run_files: records done of total (0: unknown; every
 * pass over every trace counted), called after each batch and once more
 * with final set at the end. */
typedef void replay_progress_fn(void *opaque, uint64_t done, uint64_t total, int final);

/* Multi-VM scheduling (also fine for one VM): replays the trace files
 * paths[0..nvms-1], VM i reading paths[i]; under the monitor the VMs are
 * scheduled round robin by the quantum, natively each runs alone on its own
 * machine.  Calls progress (if not NULL) as it goes.  Returns 0, or -1 with
 * a message naming the file and record (bad trace), or REPLAY_STOPPED. */
#define REPLAY_STOPPED (-2)
/* When *stop becomes non-zero (a signal handler's flag), replay_run_files
 * stops after the batch it is feeding and returns REPLAY_STOPPED (err says
 * where); the machines keep what they were fed (replay_finish reports it). */
void replay_set_stop(replay *r, volatile sig_atomic_t *stop);
int replay_run_files(replay *r, const char *const *paths, unsigned nvms,
                     replay_progress_fn *progress, void *opaque, char *err, size_t errlen);

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
	uint64_t walks;         /* hw, shadow, nested: page walks started */
	uint64_t walk_refs;     /* ... and the memory references they made */
	double slowdown;        /* cycles / native cycles of the same VM(s); 0 if no native */
	ledger hops;
} replay_result;

/* Results of mode for VM vm, or for all VMs together with vm = -1.
 * Returns 0, or -1 if the mode was not run, vm is out of range or the
 * replay failed (replay_get_status). */
int replay_get_result(const replay *r, unsigned mode, int vm, replay_result *out);
/* After replay_finish: 0, or -1 with err if a mode's cycles (all VMs
 * together) reach 2^63, where 64-bit sums and JSON's integers would no
 * longer be exact (model_cycles_fit): the model's costs are too large for
 * this run.  Outputs are not to be written then. */
int replay_check_cycles(const replay *r, char *err, size_t errlen);
unsigned replay_modes(const replay *r);
unsigned replay_nvms(const replay *r);

/* The machine that runs mode md with one VM (for observers attached with
 * mach_set_hooks, machine/mach.h), or NULL if the mode is not run or there
 * are several VMs. */
struct mach *replay_machine(const replay *r, unsigned md);

/* The label of VM vm (replay_set_label, or the trace file), or NULL. */
const char *replay_get_label(const replay *r, unsigned vm);

void replay_free(replay *r);

#endif
