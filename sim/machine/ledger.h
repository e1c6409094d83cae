/*
 * ledger.h - the per-hop cycle ledger: every cycle a machine model charges
 * goes to one named hop (a count and a sum of cycles).
 *
 * The hops are the rows of machine/hops.def (the one table: append a row to
 * add a hop).  Their names are part of the output formats (table, JSON,
 * CSV) and are stable: new hops are appended, none is renamed or
 * renumbered.  Which flow charges which hops is machine/flows.def; the
 * README documents both.
 */
#ifndef VMMSIM_LEDGER_H
#define VMMSIM_LEDGER_H

#include <stdint.h>

/* Modes a hop can be charged in (HOP rows of hops.def): bit m is replay
 * mode m (enum replay_mode: REPLAY_MODE_BIT).  HM_ALL includes modes still
 * to come; HM_BOOT marks hops only an executed kernel charges. */
#define HM_N     0x1u
#define HM_V     0x2u
#define HM_S     0x4u
#define HM_VS    (HM_V | HM_S)
#define HM_ALL   0x7fffffffu
#define HM_BOOT  0x80000000u

/* Units of a hop's model key. */
enum hop_unit {
	HOP_EACH = 0,     /* cycles per occurrence */
	HOP_PER_KB = 1,   /* cycles per KB of a page */
	HOP_MEASURED = 2, /* no model key: the cycles are measured */
};

enum hop {
#define HOP(id, name, sec, key, unit, modes, desc) HOP_##id,
#include "machine/hops.def"
#undef HOP
	HOP_N
};

typedef struct hop_info {
	const char *name;     /* stable name ("exc_entry") */
	const char *section;  /* model-file section ("" if none) */
	const char *key;      /* model-file key ("" if none) */
	unsigned unit;        /* enum hop_unit */
	unsigned modes;       /* HM_* */
	const char *desc;     /* one line */
} hop_info;

/* The row of hops.def for hop, or NULL if out of range. */
const hop_info *ledger_hop_info(unsigned hop);
/* 1 if mode md (enum replay_mode) can charge the hop. */
static inline int ledger_hop_in_mode(const hop_info *h, unsigned md)
{
	return (h->modes & ~HM_BOOT & (1u << md)) != 0;
}

/* Stable name of a hop ("exc_entry", ...), or NULL if out of range. */
const char *ledger_hop_name(unsigned hop);
/* One-line description of a hop (for --help and the README). */
const char *ledger_hop_desc(unsigned hop);
/* The hop with this name, or -1. */
int ledger_hop_find(const char *name);

typedef struct ledger {
	uint64_t count[HOP_N];
	uint64_t cycles[HOP_N];
} ledger;

static inline void ledger_charge(ledger *l, unsigned hop, uint64_t count, uint64_t cycles)
{
	l->count[hop] += count;
	l->cycles[hop] += cycles;
}

/* Adds every hop of b to a. */
void ledger_add(ledger *a, const ledger *b);
/* Sum of all hops' cycles. */
uint64_t ledger_total(const ledger *l);

#endif
