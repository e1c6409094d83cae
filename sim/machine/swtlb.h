/*
 * swtlb.h - the monitor's software TLB (Disco's second-level TLB): caches
 * the translated entries the guest wrote, keyed by (ASID, vpn2) with the
 * entry's per-page valid and dirty bits.  N entries in N/A sets of A ways,
 * LRU within a set; A = N is fully associative.  Set of a key:
 * (vpn2 + asid * 40503) mod (N/A).  One per VM.
 */
#ifndef VMMSIM_SWTLB_H
#define VMMSIM_SWTLB_H

#include <stdint.h>

#include "machine/hmap.h"

typedef struct swtlb_way {
	uint64_t vpn2;
	uint32_t asid;
	uint8_t used, valid, dirty, global;
	uint64_t stamp;
} swtlb_way;

typedef struct swtlb {
	uint32_t entries, assoc, sets;
	swtlb_way *w;     /* sets x assoc */
	hmap index;       /* (vpn2, asid) -> way index */
	uint64_t clock;
} swtlb;

/* entries 0 disables it; assoc 0 means fully associative.  Returns 0 or -1. */
int swtlb_init(swtlb *s, uint32_t entries, uint32_t assoc);
void swtlb_free(swtlb *s);
/* The entry for (vpn2, asid), made most recent in its set, or NULL. */
const swtlb_way *swtlb_lookup(swtlb *s, uint64_t vpn2, uint32_t asid);
/* Inserts or updates the entry (evicting its set's LRU way). 0 or -1 (memory). */
int swtlb_insert(swtlb *s, uint64_t vpn2, uint32_t asid, unsigned valid, unsigned dirty, int global);
/* Removes the entry if present; returns 1 if it was. */
int swtlb_remove(swtlb *s, uint64_t vpn2, uint32_t asid);

#endif
