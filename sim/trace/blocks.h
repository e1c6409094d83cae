/*
 * blocks.h - the block table of trace format 2.0 (traces/FORMAT.md, section
 * 3b), kept identically by the writer and the reader.
 *
 * A block is a straight stretch of memory records: fetches, each where the
 * previous one ended, with the loads and stores between them.  Once
 * defined, a block is emitted again by its number; its loads and stores
 * then come from its data slots (the last address plus the stride), so a
 * predicted block costs the reader one copy of a ready-made array of
 * records and one addition per load or store, instead of a table walk per
 * record as in format 1.x.
 */
#ifndef VMMSIM_TRACE_BLOCKS_H
#define VMMSIM_TRACE_BLOCKS_H

#include <stdint.h>

#include "trace/trace.h"

#define TRB_ITEMS 64            /* most records in a block */
#define TRB_BLOCKS (1u << 15)   /* blocks the table holds before it is emptied */
#define TRB_POOL (1u << 18)     /* records of all blocks together, likewise */
#define TRB_NONE 0xffffffffu    /* no block */
#define TRB_TOKMAX 1400         /* longest block token in bytes (FORMAT.md 4b) */
#define TRB_COPY 8              /* records of slack after the pools (the reader's copy) */
/* A block's counts of fetches, loads and stores packed in one word, 21
 * bits each, so that a reader adds one word per block; sums stay exact
 * up to 2^21 - 1 records of a kind, which the reader's batches keep to. */
#define TRB_COUNTS(f, l, s) ((uint64_t)(f) | (uint64_t)(l) << 21 | (uint64_t)(s) << 42)
#define TRB_COUNTS_MAX ((1u << 21) - 1)

/* A data slot: one load or store of a block. */
typedef struct trb_slot {
	uint64_t last;   /* its last address */
	uint64_t stride; /* the difference between its last two addresses */
	uint16_t pos;    /* its record in the block's records (rec) */
	uint16_t rpos;   /* and in its run records (runs) */
	uint32_t pad;
} trb_slot;

typedef struct trb_block {
	uint64_t start;  /* address of its first fetch (or seq when it has none) */
	uint64_t end;    /* where its last fetch ends (seq after it) */
	uint32_t rec;    /* its records: pool rec[rec .. rec + n) */
	uint32_t run;    /* the same with sequential fetches as runs: runs[run .. run + nrun) */
	uint32_t slot;   /* its data slots: slots[slot .. slot + nd) */
	uint32_t succ;   /* the block emitted after it last time (TRB_NONE) */
	uint64_t counts; /* its fetches, loads, stores packed (TRB_COUNTS) */
	uint16_t n, nrun, nd, nf, nstore; /* records, run records, data slots, fetches, stores */
	uint16_t has_fetch;
} trb_block;

typedef struct trb_table {
	trb_block *b;       /* TRB_BLOCKS */
	trace_rec *rec;     /* TRB_POOL: records, a load's or store's addr 0 */
	trace_rec *runs;    /* TRB_POOL: run records (the reader's; NULL in the writer) */
	trb_slot *slots;    /* TRB_POOL */
	uint32_t nb, nrec, nruns, nslots;
	uint32_t cap_b, cap_rec, cap_runs, cap_slots; /* allocated (trb_room) */
	int want_runs;
	uint32_t prev;      /* the last block emitted (TRB_NONE at the start) */
	uint64_t seq;       /* where the last fetch ended (0 at the start) */
	uint64_t dlast;     /* address of the last load or store (0 at the start) */
} trb_table;

/* Allocates an empty table (runs: with run records, for the reader).
 * Returns 0 or -1 (out of memory). */
int trb_init(trb_table *t, int runs);

/* Makes room for one more block of n records (the pools grow as blocks are
 * defined, up to TRB_BLOCKS and TRB_POOL).  Returns 0 or -1 (out of
 * memory: the table is unchanged). */
int trb_room(trb_table *t, unsigned n);
void trb_free(trb_table *t);

/* Whether defining a block of n records needs the table emptied first
 * (FORMAT.md: when it holds TRB_BLOCKS blocks or the pool would overflow). */
static inline int trb_full(const trb_table *t, unsigned n)
{
	return t->nb == TRB_BLOCKS || t->nrec + n > TRB_POOL;
}

/* The predicted block: the one emitted after prev the last time prev was
 * (FORMAT.md 3b); TRB_NONE when there is none. */
static inline uint32_t trb_predicted(const trb_table *t)
{
	return t->prev == TRB_NONE ? TRB_NONE : t->b[t->prev].succ;
}

/* Empties the table: no blocks, prev = TRB_NONE (seq and dlast stay). */
void trb_reset(trb_table *t);

/* Appends block t->nb from its n (1..TRB_ITEMS) records r (each data
 * record's addr: its first address, the slot's last; stride 0), the table
 * having room (!trb_full, and trb_room succeeded).  start: its first fetch's address.  Returns its
 * number. */
uint32_t trb_define(trb_table *t, uint64_t start, const trace_rec *r, unsigned n);

#endif
