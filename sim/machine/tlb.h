/*
 * tlb.h - an R4000-style software-managed hardware TLB.
 *
 * N entries; each maps an even/odd pair of virtual pages (or one page with
 * pairs off) with per-page valid and dirty bits, tagged by an ASID or
 * marked global.  Entries below `wired` are never chosen by tlb_victim
 * (tlbwr).  Replacement: random (seeded xorshift, deterministic), fifo or
 * lru.  Lookups do not write; the caller reports a hit with tlb_touch
 * (which only LRU needs).
 */
#ifndef VMMSIM_TLB_H
#define VMMSIM_TLB_H

#include <stdint.h>

#include "machine/model.h" /* enum tlb_policy */

#define TLB_NOTAG UINT64_MAX
/* Lookup index of a TLB of at most 64 entries: bucket vpn2 % TLB_BUCKETS
 * holds bit i for each entry i whose tag falls in it. */
#define TLB_BUCKETS 64

typedef struct tlb {
	unsigned n, wired, pairs, policy;
	uint64_t *tag;       /* per entry: vpn2 (vpn >> pairs), TLB_NOTAG if unused */
	uint32_t *asid;      /* per entry: ASID */
	uint8_t *global;     /* per entry: global bit */
	uint8_t *valid;      /* per entry: bit h = page h of the pair valid */
	uint8_t *dirty;      /* per entry: bit h = page h dirty (writable) */
	uint64_t *stamp;     /* per entry (+1 spare slot at index n): LRU recency */
	uint64_t clock;      /* LRU clock */
	unsigned fifo_next;
	uint64_t rng;
	uint64_t writes, flushes;
	uint64_t bucket[TLB_BUCKETS]; /* lookup index (n <= 64; else a scan) */
} tlb;

/* Returns 0, or -1 (bad geometry or out of memory). */
int tlb_init(tlb *t, unsigned n, unsigned wired, unsigned pairs, unsigned policy, uint64_t seed);
void tlb_free(tlb *t);
/* Copies the whole state of a into b (b initialised with the same geometry). */
void tlb_copy(tlb *b, const tlb *a);

/* vpn2 of a page number, and which half of the pair it is. */
static inline uint64_t tlb_vpn2(const tlb *t, uint64_t vpn) { return vpn >> t->pairs; }
static inline unsigned tlb_half(const tlb *t, uint64_t vpn) { return (unsigned)(vpn & t->pairs); }

/* Index of the entry mapping vpn for asid (own ASID or global), or -1. */
int tlb_lookup(const tlb *t, uint64_t vpn, uint32_t asid);
/* Records a hit on entry i (LRU recency). */
static inline void tlb_touch(tlb *t, unsigned i) { t->stamp[i] = ++t->clock; }
/* The entry tlbwr replaces next (advances the random/fifo state). */
unsigned tlb_victim(tlb *t);
/* Writes entry i (tlbwr/tlbwi): vpn's pair, valid and dirty bit masks. */
void tlb_write(tlb *t, unsigned i, uint64_t vpn, uint32_t asid, int global,
               unsigned valid, unsigned dirty);
/* Invalidates entry i. */
void tlb_inval(tlb *t, unsigned i);
/* Invalidates every entry (a machine switch in Disco). */
void tlb_flush(tlb *t);

#endif
