/*
 * table.h - the result of a sweep: one row per trace and configuration,
 * the sizing recommendation, and their renderings (aligned table, CSV,
 * JSON).  Independent of the machine models: hop names come in as strings.
 *
 * The recommendation, per trace and hardware TLB size, over the fully
 * associative rows with finite capacities c (sorted), given the unbounded
 * software TLB's row (capacity inf) and the virt row (no software TLB):
 *   within W%:  the smallest c with  cycles(c) <= cycles(inf) * (1 + W/100),
 *               W taken to a hundredth of a percent, compared in integers
 *               i.e. slowdown(c) within W% of the unbounded slowdown
 *               (slowdowns share the native denominator);
 *   capture P%: the smallest c with  saved(c) * 100 >= P * saved(inf),
 *               where saved(c) = cycles(virt) - cycles(c), in integers;
 *               undefined (none) when saved(inf) <= 0.
 * "none" when no listed capacity qualifies.
 */
#ifndef VMMSIM_SWEEP_TABLE_H
#define VMMSIM_SWEEP_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

/* the replay modes' numbers (replay/replay.h); hw .. pv only in a sweep
 * with --mode every */
enum sweep_mode {
	SWEEP_NATIVE = 0, SWEEP_VIRT = 1, SWEEP_SWTLB = 2,
	SWEEP_HW = 3, SWEEP_SHADOW = 4, SWEEP_NESTED = 5, SWEEP_PV = 6
};
/* hw, shadow, nested: the hardware-walked modes, rows with page walks */
#define SWEEP_WALKED(m) ((m) >= SWEEP_HW && (m) <= SWEEP_NESTED)
#define SWEEP_INF UINT64_MAX /* capacity: unbounded */
#define SWEEP_FULL 0         /* associativity: fully associative */

enum { SWEEP_REC_WITHIN = 1, SWEEP_REC_90 = 2, SWEEP_REC_99 = 4 };

typedef struct sweep_row {
	unsigned trace;          /* index into the table's trace names */
	unsigned mode;           /* enum sweep_mode */
	uint64_t tlb_entries;    /* hardware TLB entries */
	uint64_t swtlb_entries;  /* SWEEP_INF unbounded; 0 for native and virt */
	uint64_t swtlb_assoc;    /* SWEEP_FULL or ways; 0 for native and virt */
	uint64_t instructions, references, base_cycles, cycles;
	uint64_t tlb_misses, page_faults, swtlb_hits, swtlb_misses;
	uint64_t walks, walk_refs; /* SWEEP_WALKED modes only */
	double slowdown;         /* cycles / native cycles (same trace and TLB) */
	unsigned rec;            /* SWEEP_REC_* flags set by sweep_recommend */
	uint64_t *hop_count, *hop_cycles; /* nhops each, owned by the table */
} sweep_row;

typedef struct sweep_recommendation {
	unsigned trace;
	uint64_t tlb_entries;
	int valid;               /* 0: no unbounded or virt row for this group */
	uint64_t within, cap90, cap99; /* capacities; 0: none qualifies */
	double unb_slowdown, within_slowdown;
	int64_t saved_inf;       /* cycles(virt) - cycles(inf) */
} sweep_recommendation;

typedef struct sweep_table {
	unsigned ntraces;
	char **traces;           /* names as given (owned) */
	unsigned nhops;
	const char *const *hop_names;
	double within_pct;
	sweep_row *rows;
	size_t nrows, rowcap;
	sweep_recommendation *recs;
	size_t nrecs;
	int every;               /* rows of hw .. pv too: CSV columns walks, walk_refs */
} sweep_table;

void sweep_table_init(sweep_table *t, unsigned nhops, const char *const *hop_names, double within_pct);
void sweep_table_free(sweep_table *t);
/* Adds a trace name; returns its index or -1 (memory). */
int sweep_table_trace(sweep_table *t, const char *name);
/* Appends a row (copies it and its hop arrays); returns it or NULL. */
sweep_row *sweep_table_add(sweep_table *t, const sweep_row *r);

/* Sorts the rows in the canonical order (trace name bytewise, then native,
 * virt, swtlb; tlb entries; associativity with fully associative first;
 * capacity with inf last), fills slowdowns against the native row of the
 * same trace and TLB size, and computes the recommendation (see above).
 * Returns 0, or -1 out of memory (the table is then not to be written). */
int sweep_table_finish(sweep_table *t);

/* The aligned table and the recommendation under it. */
void sweep_write_text(const sweep_table *t, FILE *f);
/* Header then one row per configuration (columns in cmd_sweep.c's help). */
void sweep_write_csv(const sweep_table *t, FILE *f);
/* {"within_pct":W, "rows":[...], "recommendations":[...]} */
json_t *sweep_json(const sweep_table *t);

const char *sweep_mode_name(unsigned mode);

#endif
