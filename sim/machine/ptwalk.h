/*
 * ptwalk.h - hardware page walks, for the machines whose TLB is refilled by
 * the hardware (modes hw, shadow, nested): a set-associative hardware TLB,
 * a radix page table of L levels walked on a miss (one memory reference per
 * level), an optional page-walk cache (PWC) of upper-level entries, and the
 * nested (two-dimensional) walk of a guest table through the host's table
 * with a nested TLB.  Pure models: they count memory references; the
 * machine (machine/hwmach.c) charges them.
 *
 * The walk, exactly (README, "Page walks"; tests/cli/ptwalk_lackey.sh holds
 * an independent awk model of it):
 *
 *   Level j = 1 (root) .. L (leaf PTE).  The entry read at level j is
 *   selected by the prefix vpn >> (bits x (L - j)); the root takes every
 *   bit above the lower levels' (no address-width limit).
 *   1. The PWC (n entries, fully associative, LRU) holds upper-level
 *      entries (level, prefix, ASID).  Levels L-1 down to 1 are probed in
 *      that order; the first hit s is made most recent (0 if none).
 *   2. Levels s+1 .. L are read, one memory reference each, stopping after
 *      the first entry that is not present (a page fault: the walk is
 *      incomplete).  An upper entry is present once any page below it has
 *      been mapped (table pages are never freed); a leaf while its page is
 *      mapped.  Each present upper entry read is inserted into the PWC as
 *      most recent, evicting the least recent when full.
 *
 *   The nested walk (guest table of L levels, host table of L levels):
 *   the guest PWC is probed as above; for each guest level j from s+1 the
 *   guest-physical frame of that level's table is first translated to a
 *   host frame (below), then the guest entry is read (one reference);
 *   a complete walk ends with the translation of the data page's guest
 *   frame.  A translation probes the nested TLB (gPFN -> host, n entries,
 *   fully associative LRU; a hit costs nothing), else walks the host table
 *   (always present: the host backs a frame before the guest resumes) with
 *   the host PWC, L references less the host PWC's skip, and inserts the
 *   frame into the nested TLB.  Without caches a complete walk makes
 *   L x (L + 1) + L = (L + 1)^2 - 1 references: 24 for 4 + 4 levels
 *   (Bhargava et al., ASPLOS '08).  Guest table frames are numbered in the
 *   order the walks first need them, from PTW_TABLE_FRAME_BASE.
 */
#ifndef VMMSIM_PTWALK_H
#define VMMSIM_PTWALK_H

#include <stdint.h>

#include "machine/hmap.h"

#define PTW_MAX_LEVELS 6
#define PTW_MAX_CACHE 4096
/* Guest frames of page-table pages (nested walks): far above data frames. */
#define PTW_TABLE_FRAME_BASE (1ull << 36)

/* ---- a small fully associative LRU cache of (u64, u32) keys ------------ */

typedef struct ptw_lru {
	unsigned n, used;
	uint64_t *a;
	uint32_t *b;
	uint64_t *stamp;
	uint64_t clock;
} ptw_lru;

/* n entries (0: a cache that never hits).  Returns 0 or -1 (memory). */
int ptw_lru_init(ptw_lru *c, unsigned n);
void ptw_lru_free(ptw_lru *c);
void ptw_lru_clear(ptw_lru *c);
/* 1 and the entry made most recent if (a, b) is cached, else 0. */
int ptw_lru_hit(ptw_lru *c, uint64_t a, uint32_t b);
/* Inserts (a, b) as most recent (the caller knows it is absent). */
void ptw_lru_insert(ptw_lru *c, uint64_t a, uint32_t b);

/* ---- the hardware TLB ---------------------------------------------------- */

typedef struct hwtlb {
	unsigned entries, assoc, sets;
	uint64_t *vpn;   /* sets x assoc; UINT64_MAX: empty */
	uint32_t *asid;
	uint64_t *stamp;
	uint64_t clock;
} hwtlb;

/* entries in entries/assoc sets of assoc ways, LRU in a set; assoc 0 or
 * entries: fully associative.  The set of a page: vpn mod sets.  Returns 0,
 * or -1 (assoc does not divide entries, or memory). */
int hwtlb_init(hwtlb *t, unsigned entries, unsigned assoc);
void hwtlb_free(hwtlb *t);
/* Copies a's state into b (initialised with the same geometry). */
void hwtlb_copy(hwtlb *b, const hwtlb *a);
/* The way (index into vpn[]) holding (vpn, asid), made most recent, or -1. */
int hwtlb_find(hwtlb *t, uint64_t vpn, uint32_t asid);
/* 1 (and the entry made most recent) if (vpn, asid) is in the TLB. */
int hwtlb_hit(hwtlb *t, uint64_t vpn, uint32_t asid);
/* The way a fill of vpn takes: its set's first empty way, else its least
 * recent one. */
unsigned hwtlb_victim(const hwtlb *t, uint64_t vpn);
/* Writes (vpn, asid) into way w as its set's most recent. */
void hwtlb_put(hwtlb *t, unsigned w, uint64_t vpn, uint32_t asid);
/* Fills (vpn, asid) after a walk into hwtlb_victim's way; returns it. */
unsigned hwtlb_fill(hwtlb *t, uint64_t vpn, uint32_t asid);
/* Drops (vpn, asid) (invlpg). */
void hwtlb_inval(hwtlb *t, uint64_t vpn, uint32_t asid);
void hwtlb_flush(hwtlb *t);

/* ---- the radix table and its walks ------------------------------------- */

typedef struct ptw_geom {
	unsigned levels; /* L, 1..PTW_MAX_LEVELS */
	unsigned bits;   /* index bits per level below the root */
} ptw_geom;

/* Which entries of one radix page table (per ASID) are present. */
typedef struct ptw_table {
	ptw_geom g;
	hmap upper;      /* (prefix << 3 | level, asid): upper entries present */
	hmap leaf;       /* (vpn, asid): pages mapped */
} ptw_table;

void ptw_table_init(ptw_table *t, ptw_geom g);
void ptw_table_free(ptw_table *t);
/* Maps vpn (its upper entries become present).  Returns 0 or -1 (memory). */
int ptw_map(ptw_table *t, uint64_t vpn, uint32_t asid);
/* Unmaps vpn (its table pages stay). */
void ptw_unmap(ptw_table *t, uint64_t vpn, uint32_t asid);
int ptw_mapped(const ptw_table *t, uint64_t vpn, uint32_t asid);

/* One walk of t for (vpn, asid) with the page-walk cache pwc.  Returns the
 * memory references made; *complete = 1 if the leaf was present. */
unsigned ptw_walk(const ptw_table *t, ptw_lru *pwc, uint64_t vpn, uint32_t asid, int *complete);

/* The nested walk's caches and the guest table frames' numbering. */
typedef struct ptw_nested {
	ptw_geom g;
	ptw_lru gpwc, hpwc, ntlb;
	hmap tframe;           /* (guest table node, tag) -> guest frame */
	hmap tnext;            /* VM -> its next table frame (absent: the first) */
} ptw_nested;

/* pwc entries for each of the guest and host PWCs, ntlb for the nested TLB.
 * Returns 0 or -1 (memory). */
int ptw_nested_init(ptw_nested *n, ptw_geom g, unsigned pwc, unsigned ntlb);
void ptw_nested_free(ptw_nested *n);
/* A context switch without tagged caches: forgets the guest PWC. */
void ptw_nested_switch(ptw_nested *n);
/* A switch of VMs without tagged caches: forgets every cache (the guest
 * and host PWCs, the nested TLB). */
void ptw_nested_flush(ptw_nested *n);
/* One two-dimensional walk of guest table t for (vpn, asid) whose leaf
 * maps guest frame data_gpfn, guest frames translated by the host table
 * of VM vm (each VM has its own: the host caches are tagged with vm).
 * Returns the references made (guest and host); *complete as ptw_walk.
 * *oom set on memory exhaustion. */
unsigned ptw_nested_walk(ptw_nested *n, const ptw_table *t, uint64_t vpn, uint32_t asid,
                         uint64_t data_gpfn, uint32_t vm, int *complete, int *oom);

#endif
